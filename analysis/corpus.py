r"""Read a folder of news articles into :class:`Article` records, split into zones.

Every non-empty line of an article becomes a :class:`Segment` in one of four zones:

``headline``
    the first line that is not boilerplate;
``body``
    paragraphs of the story: what readability, entity and coverage analyses read;
``caption``
    photo captions, recognised by the rules in :data:`DEFAULT_RULES` (a photo credit such as
    ``| AP``, position markers such as ``(L)`` or ``, right,``, a present-tense photo verb in a
    line without final punctuation). A caption that runs into a paragraph on the same line is split
    at the first sentence end after the caption cue;
``boilerplate``
    site furniture matched line by line ("Share", "Advertisement", comment prompts, e-mail contact
    lines, copyright lines, ...). It is kept, with the name of the rule that dropped it, so that a
    reader can check nothing of the story was lost.

Offsets (``start``, ``end``) are character offsets into :attr:`Article.text`: the file's decoded
text with line ends normalised to ``\n`` (for HTML, the text that trafilatura extracted).
"""

from __future__ import annotations

import bisect
import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from .config import read_yaml

__all__ = [
    "ARTICLE_SUFFIXES",
    "CAPTION_MIN_LENGTH",
    "CHARS_PER_CONTROL_CHAR",
    "CONTROL_CHARS_ALLOWED",
    "DEFAULT_RULES",
    "LABEL_LENGTH",
    "METADATA_FILE",
    "ZONES",
    "Article",
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Segment",
    "ZoneRules",
    "article_labels",
    "corpus_from_json",
    "corpus_to_json",
    "decode",
    "load_zone_rules",
    "read_article",
    "read_corpus",
    "split_zones",
]

#: The zones of an article, in the order the module docstring describes them.
ZONES = ("headline", "body", "caption", "boilerplate")
#: File suffixes read as articles (compared in lower case); other files are skipped with a warning.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: Name of the optional metadata sidecar inside the corpus folder.
METADATA_FILE = "articles.csv"
#: Longest article label made from an id: the figures' tick labels and legends stay readable
#: (a seed id, ``000_2e98f640cd47a897``, is 20 characters and fits whole).
LABEL_LENGTH = 24
#: Control characters (other than tab, line ends and form feed) that a text file may hold before
#: it is taken for binary data: one in every :data:`CHARS_PER_CONTROL_CHAR` characters, and at
#: least :data:`CONTROL_CHARS_ALLOWED` (a stray one in a short file is an editor accident).
#: Chosen, not measured: the seed articles hold none, and a binary file holds far more.
CONTROL_CHARS_ALLOWED = 2
CHARS_PER_CONTROL_CHAR = 100
#: Shortest line (in characters) that the ``photo_verb_no_period`` caption rule takes for a
#: caption. Chosen from the captions of seed article 003 (README, "Zones"), so that a short
#: subheading with a photo verb and no full stop ("Kerry meets Lavrov") stays body text.
CAPTION_MIN_LENGTH = 40


class CorpusError(Exception):
    """A problem with the input that stops the run; the message names the file and the fix."""


@dataclass(frozen=True)
class CorpusWarning:
    """A problem with one file that did not stop the run (the file may have been skipped).

    Attributes
    ----------
    file : str
        Name of the file (without its folder).
    problem : str
        What is wrong and what was done about it ("...; skipped").
    """

    file: str
    problem: str

    def __str__(self) -> str:
        """Return ``FILE: PROBLEM``, the line the CLI prints."""
        return f"{self.file}: {self.problem}"


@dataclass(frozen=True)
class Segment:
    """One line (or part of a line) of an article and the zone it belongs to.

    Attributes
    ----------
    zone : str
        One of :data:`ZONES`.
    start, end : int
        Character offsets into :attr:`Article.text`; ``text == article.text[start:end]``.
    text : str
        The segment's text, surrounding white space excluded.
    rule : str
        Why the segment is in its zone: ``first_line``, ``paragraph``, ``after_caption``, or the
        name of a caption or boilerplate rule (:class:`ZoneRules`).
    """

    zone: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class Article:
    r"""One article: its decoded text, its zones and where it came from.

    Attributes
    ----------
    article_id : str
        The file name without its suffix; unique in a corpus.
    file : str
        The file name.
    format : str
        ``"txt"`` or ``"html"``.
    sha256 : str
        SHA-256 (hex) of the file's raw bytes: the parse cache is checked against it.
    n_bytes : int
        Size of the file in bytes.
    encoding : str
        How the bytes were decoded: ``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1252``.
    text : str
        The decoded text, line ends normalised to ``\n`` (for HTML, the extracted text).
    segments : tuple of Segment
        Every non-empty line (or part of one) in reading order, with its zone.
    metadata : mapping of str to str
        The article's row of the metadata sidecar (outlet, published, url, label, ...), if any.
    duplicate_of : str or None
        The id of an earlier article with the same text, else None.
    """

    article_id: str
    file: str
    format: str
    sha256: str
    n_bytes: int
    encoding: str
    text: str
    segments: tuple[Segment, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    duplicate_of: str | None = None

    def zone(self, name: str) -> list[Segment]:
        """Segments of one zone, in reading order."""
        return [s for s in self.segments if s.zone == name]

    @property
    def headline(self) -> str:
        """Headline text ("" when the article has none)."""
        heads = self.zone("headline")
        return heads[0].text if heads else ""

    @property
    def body(self) -> list[str]:
        """Body paragraphs."""
        return [s.text for s in self.zone("body")]

    @property
    def body_text(self) -> str:
        """Body paragraphs joined by blank lines: the text readability formulas read."""
        return "\n\n".join(self.body)

    @property
    def captions(self) -> list[str]:
        """Photo captions."""
        return [s.text for s in self.zone("caption")]

    @property
    def dropped(self) -> list[Segment]:
        """Boilerplate segments, each with the rule that dropped it."""
        return self.zone("boilerplate")

    @cached_property
    def _starts(self) -> list[int]:
        """Start offsets of the segments, computed once per article."""
        return [s.start for s in self.segments]

    def segment_index(self, offset: int) -> int | None:
        """Return the index of the segment holding the character at ``offset``, else None.

        A binary search over the segments' starts (they are in reading order and do not
        overlap), so looking up every mention of a long article stays cheap.
        """
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.segments[i].end:
            return i
        return None

    def segment_at(self, offset: int) -> Segment | None:
        """Return the segment holding the character at ``offset``, or None between segments."""
        i = self.segment_index(offset)
        return self.segments[i] if i is not None else None

    def zone_at(self, offset: int) -> str | None:
        """Zone of the character at ``offset``, or None between segments (white space)."""
        seg = self.segment_at(offset)
        return seg.zone if seg is not None else None


@dataclass(frozen=True)
class Corpus:
    """The articles of one folder, in file-name order, and what went wrong reading it.

    Attributes
    ----------
    folder : str
        The folder the articles were read from, as given.
    articles : tuple of Article
        The articles read, sorted by file name (skipped files are not here).
    warnings : tuple of CorpusWarning
        Problems that did not stop the run, in file order.
    """

    folder: str
    articles: tuple[Article, ...]
    warnings: tuple[CorpusWarning, ...] = ()

    def __len__(self) -> int:
        """Return the number of articles."""
        return len(self.articles)

    def __iter__(self):
        """Iterate over the articles in file-name order."""
        return iter(self.articles)

    @property
    def ids(self) -> list[str]:
        """Article ids in file-name order."""
        return [a.article_id for a in self.articles]

    def __getitem__(self, article_id: str) -> Article:
        """Return the article with id ``article_id``; raise KeyError when there is none."""
        for article in self.articles:
            if article.article_id == article_id:
                return article
        raise KeyError(article_id)


def article_labels(
    ids: Sequence[str],
    metadata: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """Short, unique labels for articles, the same in every figure.

    A ``label`` column in the metadata sidecar wins. Otherwise the part of the id before the first
    underscore (``000`` for ``000_2e98f640cd47a897``) when that is unique, else the id itself,
    shortened to :data:`LABEL_LENGTH` characters.
    """
    metadata = metadata or {}
    labels = {}
    prefixes = [i.split("_", 1)[0] for i in ids]
    use_prefix = len(set(prefixes)) == len(prefixes)
    for article_id, prefix in zip(ids, prefixes):
        given = (metadata.get(article_id) or {}).get("label", "").strip()
        labels[article_id] = given or (prefix if use_prefix else article_id[:LABEL_LENGTH])
    if len(set(labels.values())) < len(labels):  # user labels collide: fall back to ids
        labels = {i: i[:LABEL_LENGTH] for i in ids}
    return labels


# --------------------------------------------------------------------------------------------
# Zone rules


@dataclass(frozen=True)
class ZoneRules:
    """Named regular expressions that put lines into the caption and boilerplate zones.

    ``boilerplate`` patterns must match a whole line (case-insensitive, surrounding white space
    ignored); ``caption`` patterns are searched within a line (case-sensitive: "AP", "(L)").

    Attributes
    ----------
    boilerplate : tuple of (str, str)
        ``(rule name, regular expression)`` pairs, tried in order.
    caption : tuple of (str, str)
        ``(rule name, regular expression)`` pairs, tried in order.
    abbreviations : tuple of str
        Words that end in a full stop without ending a sentence, used when splitting a caption
        from the paragraph that follows it on the same line.
    """

    boilerplate: tuple[tuple[str, str], ...]
    caption: tuple[tuple[str, str], ...]
    abbreviations: tuple[str, ...] = (
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Lt",
        "Col",
        "Capt",
        "St",
        "Jr",
        "Sr",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "No",
        "vs",
        "Inc",
        "Corp",
        "Co",
        "Ltd",
    )

    def __post_init__(self) -> None:
        """Check that every pattern compiles; raise :class:`CorpusError` naming the rule if not."""
        for kind in ("boilerplate", "caption"):
            for name, pattern in getattr(self, kind):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise CorpusError(
                        f"zone rule {kind}.{name}: invalid regular expression {pattern!r} ({exc})"
                    ) from None

    def boilerplate_rule(self, line: str) -> str | None:
        """Name of the first boilerplate rule that matches the whole ``line``, else None."""
        stripped = line.strip()
        for name, pattern in self.boilerplate:
            if re.fullmatch(pattern, stripped, flags=re.IGNORECASE):
                return name
        return None

    def caption_match(self, line: str) -> tuple[str, int] | None:
        """(rule name, end of the cue) of the first caption rule found in ``line``, else None."""
        for name, pattern in self.caption:
            m = re.search(pattern, line)
            if m:
                return name, m.end()
        return None


_PHOTO_VERBS = (
    r"shakes? hands|pose[sd]?|gestures?|listens?|arrives?|attends?|looks? on|waves?|walks?|meets?"
    r"|speaks? (?:to|with|during|at)|talks? (?:to|with|during)|greets?"
)

#: The rules used unless a rules file says otherwise. Each was written from a line of the seed
#: articles (see tests/test_corpus.py) plus the common variants of the same furniture.
DEFAULT_RULES = ZoneRules(
    boilerplate=(
        (
            "share_button",
            r"share(?: this(?: article| story)?| on (?:facebook|twitter|x|whatsapp))?"
            r"|tweet|print|e-?mail",
        ),
        ("advertisement", r"advertisement|advertising|sponsored(?: content)?|ad"),
        ("mobile_switch", r"exit mobile version|view (?:mobile|desktop|full) (?:version|site)"),
        (
            "comments_prompt",
            r"please wait while comments are loading\W*"
            r"|this article is closed for comments\W*"
            r"|(?:leave|post|add|show|view) (?:a |all )?comments?\W*|comments?(?: \(\d+\))?",
        ),
        ("editor_contact", r"(?:please )?e-?mail the editor\W*"),
        ("email_contact", r"(?:[\w ]{0,40}:\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?"),
        # a year must follow the mark: "Copyright law was discussed" is a sentence, not furniture
        (
            "copyright",
            r"(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*\d{4}\b.{0,80}"
            r"|.{0,80}\ball rights reserved\.?",
        ),
        (
            "read_more",
            r"(?:read more|also read|related(?: articles| stories| coverage)?|recommended)"
            r"\s*:?.{0,0}",
        ),
        ("social_follow", r"follow (?:us|[\w@]+) on [\w ,&]{1,40}\.?"),
        ("subscribe", r"(?:subscribe|sign up)(?: (?:now|today|here)| for [\w ,'’]{1,50})?\W*"),
    ),
    caption=(
        # "... on May 8, 2013. | AP", "(AFP Photo)", "Photo: Reuters"
        (
            "photo_credit",
            r"\|\s*[A-Z][\w.&/' -]{0,40}$"
            r"|\((?:AP|AFP|Reuters|EPA|Getty Images|(?:File )?[Pp]hoto\b[^)]*)\)\s*$"
            r"|^(?:Photo|Image|Picture)(?: credit)?\s*:",
        ),
        # "Bashar al-Assad (L) and John Kerry meet", "John Kerry, left, and Sergei Lavrov, right,"
        # -- only with a photo verb on the line: "Gov. Christie (R) and Gov. Cuomo (D) announced"
        # and "politicians of all stripes, left, right and centre," are sentences, not captions
        (
            "position_marker",
            r"^(?=.*\b(?:" + _PHOTO_VERBS + r")\b)(?:.*?)(?:"
            r"\((?:L|R|C|left|right|cent(?:er|re))\)\s+(?:and|,|shakes?|speaks?|talks?)"
            r"|,\s(?:left|right|cent(?:er|re)|second (?:left|right)|from (?:left|right))\s*,)",
        ),
        # a picture described in the present tense, with no full stop: "... shake hands during ..."
        # (the line must end in a letter or digit: "... told reporters:" is a sentence cut short)
        (
            "photo_verb_no_period",
            r"^(?=.*\b(?:" + _PHOTO_VERBS + r")\b).{" + str(CAPTION_MIN_LENGTH - 1) + r",}\w$",
        ),
    ),
)


def load_zone_rules(path: str | Path | None, base: ZoneRules = DEFAULT_RULES) -> ZoneRules:
    """Read zone rules from a YAML file, or return ``base`` when ``path`` is empty.

    The file has ``boilerplate`` and ``caption`` mappings of rule name to regular expression. They
    extend ``base`` (a rule of the same name replaces it) unless ``replace: true`` is given.
    """
    if not path:
        return base
    path = Path(path)
    spec = read_yaml(path, "zone rules", CorpusError) or {}
    if not isinstance(spec, dict) or set(spec) - {"boilerplate", "caption", "replace"}:
        raise CorpusError(
            f"{path}: expected the keys 'boilerplate', 'caption' and optionally 'replace'"
        )
    kinds = {}
    for kind in ("boilerplate", "caption"):
        given = spec.get(kind) or {}
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise CorpusError(f"{path}: '{kind}' must map rule names to regular expressions")
        rules = {} if spec.get("replace") else dict(getattr(base, kind))
        rules.update({str(k): v for k, v in given.items()})
        kinds[kind] = tuple(rules.items())
    try:
        return replace(base, **kinds)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from None


# --------------------------------------------------------------------------------------------
# Decoding


class UndecodableError(ValueError):
    """Raised when the bytes are not text we can read."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(raw: bytes) -> tuple[str, str, str | None]:
    r"""Decode article bytes; return (text, encoding, warning or None).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Anything else is read as
    Windows-1252, the usual encoding of older Western news sites, with a warning, since that is a
    guess. Line ends are normalised to ``\\n``. Raises :class:`UndecodableError` for binary data.
    """
    warning = None
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", raw
    else:
        encoding, body = "utf-8", raw
    if encoding != "utf-16" and b"\x00" in body:
        raise UndecodableError("binary data (NUL bytes), not a text file")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise UndecodableError(
                f"invalid {encoding} ({exc.reason} at byte {exc.start})"
            ) from None
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            raise UndecodableError(
                f"neither UTF-8 nor Windows-1252 (invalid UTF-8 at byte {exc.start}); "
                "re-save it as UTF-8"
            ) from None
        encoding = "cp1252"
        warning = (
            f"not valid UTF-8 (byte {exc.start}); decoded as Windows-1252 — check accented "
            "letters and quotes, or re-save the file as UTF-8"
        )
    allowed = max(CONTROL_CHARS_ALLOWED, len(text) // CHARS_PER_CONTROL_CHAR)
    if len(_CONTROL.findall(text)) > allowed:
        raise UndecodableError("mostly control characters: looks binary, not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, warning


# --------------------------------------------------------------------------------------------
# Zones


def _lines(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-empty line, surrounding white space excluded."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line) + 1


def _caption_end(line: str, cue_end: int, rules: ZoneRules) -> int:
    """Return where a caption that starts ``line`` ends.

    That is the first sentence end after the cue that is followed by a new sentence (capital
    letter or opening quote), else the end of the line.
    """
    abbreviation = re.compile(
        r"(?:\b(?:"
        + "|".join(map(re.escape, rules.abbreviations))
        + r")|\b(?:[A-Za-z]\.)+[A-Za-z])\.$"
    )
    for m in re.finditer(r"(?<=[.!?])\s+(?=[“\"‘'(]?[A-Z])", line):
        if m.start() < cue_end:
            continue
        if abbreviation.search(line[: m.start()]):
            continue
        return m.start()
    return len(line)


def split_zones(text: str, rules: ZoneRules = DEFAULT_RULES) -> tuple[Segment, ...]:
    """Split article text into zone segments; see the module docstring for the zones."""
    segments: list[Segment] = []
    have_headline = False
    for start, end in _lines(text):
        line = text[start:end]
        rule = rules.boilerplate_rule(line)
        if rule:
            segments.append(Segment("boilerplate", start, end, line, rule))
            continue
        if not have_headline:
            segments.append(Segment("headline", start, end, line, "first_line"))
            have_headline = True
            continue
        caption = rules.caption_match(line)
        if caption is None:
            segments.append(Segment("body", start, end, line, "paragraph"))
            continue
        name, cue_end = caption
        cut = _caption_end(line, cue_end, rules)
        segments.append(Segment("caption", start, start + cut, line[:cut], name))
        rest = line[cut:]
        if rest.strip():
            offset = start + cut + (len(rest) - len(rest.lstrip()))
            segments.append(Segment("body", offset, end, rest.strip(), "after_caption"))
    return tuple(segments)


# --------------------------------------------------------------------------------------------
# Reading files


def _html_to_text(html: str, file: str) -> str:
    """Headline and main text of an HTML page, one paragraph per line (trafilatura)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    body = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if not body or not body.strip():
        raise UndecodableError("no main text found in the HTML (trafilatura extracted nothing)")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta else ""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines) + "\n"


def read_article(
    path: Path, rules: ZoneRules = DEFAULT_RULES, metadata: Mapping[str, str] | None = None
) -> tuple[Article, str | None]:
    """Read one article file; return the article and a decoding warning (or None).

    Raises :class:`UndecodableError` when the file cannot be read as an article.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise UndecodableError("empty file")
    text, encoding, warning = decode(raw)
    fmt = "html" if path.suffix.lower() in (".html", ".htm") else "txt"
    if fmt == "html":
        text = _html_to_text(text, path.name)
    if not text.strip():
        raise UndecodableError("empty file (only white space)")
    segments = split_zones(text, rules)
    if not any(s.zone == "body" for s in segments):
        warning = "; ".join(
            filter(None, [warning, "no body text found (only headline, captions or boilerplate)"])
        )
    return Article(
        article_id=path.stem,
        file=path.name,
        format=fmt,
        sha256=hashlib.sha256(raw).hexdigest(),
        n_bytes=len(raw),
        encoding=encoding,
        text=text,
        segments=segments,
        metadata=dict(metadata or {}),
    ), warning


def _csv_records(path: Path, text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line number, values) of each non-blank record of a CSV text.

    Raises :class:`CorpusError` naming the file, the line where the bad record starts and the
    problem (an unclosed or stray quotation mark), instead of reading on past it: a quote left
    open would otherwise swallow the rest of the file into one value.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    last = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = (
                "a quotation mark opens a value that is never closed"
                if "end of data" in str(exc)
                else f"a stray quotation mark ({exc})"
            )
            raise CorpusError(
                f"{path}, line {last + 1}: not valid CSV: {problem}; close the quote, or write a "
                'quotation mark inside a quoted value as two ("")'
            ) from None
        if values:
            yield last + 1, values
        last = reader.line_num


def _read_metadata(path: Path) -> dict[str, dict[str, str]]:
    """Rows of the sidecar CSV keyed by its ``file`` column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: metadata file is not UTF-8; re-save it as UTF-8") from None
    records = _csv_records(path, text)
    _, header = next(records, (1, []))
    header = [h.strip() for h in header]
    if "file" not in header:
        raise CorpusError(
            f"{path}: metadata file needs a 'file' column naming each article file "
            f"(found columns: {', '.join(header) or 'none'})"
        )
    rows: dict[str, dict[str, str]] = {}
    for lineno, values in records:
        if len(values) > len(header):
            raise CorpusError(
                f"{path}, line {lineno}: {len(values)} values for {len(header)} columns "
                f"({', '.join(header)}); put a value that holds a comma in quotation marks"
            )
        row = dict(zip(header, [v.strip() for v in values]))
        name = row.get("file", "")
        if not name:
            raise CorpusError(f"{path}, line {lineno}: empty 'file' value")
        if name in rows:
            raise CorpusError(f"{path}, line {lineno}: '{name}' is listed twice")
        rows[name] = {k: row.get(k, "") for k in header if k and k != "file"}
    return rows


def read_corpus(
    folder: str | Path,
    rules: ZoneRules = DEFAULT_RULES,
    *,
    metadata: str | Path | None = None,
    strict: bool = False,
) -> Corpus:
    """Read every article in ``folder`` (not recursive), sorted by file name.

    Parameters
    ----------
    folder
        Folder of ``.txt`` and ``.html`` files. In a ``.txt`` file the first non-empty line that is
        not boilerplate is the headline.
    rules
        Zone rules; see :func:`load_zone_rules`.
    metadata
        CSV with a ``file`` column and any others (outlet, published, url, label...), joined by
        file name. Defaults to ``articles.csv`` inside ``folder`` when present.
    strict
        Turn every warning (skipped file, guessed encoding, duplicate) into an error.

    Raises
    ------
    CorpusError
        Missing folder, no readable article, two files with the same id, bad metadata, or any
        warning under ``strict``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise CorpusError(
            f"{folder}: {what}; give the folder that holds the articles "
            "(for make: CORPUS=path/to/articles)"
        )
    meta_path = Path(metadata) if metadata else folder / METADATA_FILE
    if metadata and not meta_path.is_file():
        raise CorpusError(f"{meta_path}: metadata file not found")
    meta = _read_metadata(meta_path) if meta_path.is_file() else {}

    warnings: list[CorpusWarning] = []
    articles: list[Article] = []
    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path == meta_path:
            continue
        if path.is_dir():
            warnings.append(
                CorpusWarning(
                    path.name,
                    "a folder, not an article file; skipped (subfolders are "
                    "not read: put the articles in the corpus folder itself)",
                )
            )
            continue
        if not path.is_file():
            warnings.append(CorpusWarning(path.name, "not a regular file; skipped"))
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            warnings.append(CorpusWarning(path.name, "not an article (.txt, .html, .htm); skipped"))
            continue
        if path.stem in seen_ids:
            raise CorpusError(
                f"{folder}: '{seen_ids[path.stem]}' and '{path.name}' would share the "
                f"article id '{path.stem}'; rename one of them"
            )
        seen_ids[path.stem] = path.name
        try:
            article, warning = read_article(path, rules, meta.get(path.name))
        except UndecodableError as exc:
            warnings.append(CorpusWarning(path.name, f"{exc}; skipped"))
            continue
        except OSError as exc:
            warnings.append(CorpusWarning(path.name, f"cannot be read ({exc.strerror}); skipped"))
            continue
        if warning:
            warnings.append(CorpusWarning(path.name, warning))
        key = hashlib.sha256(article.text.strip().encode()).hexdigest()
        if key in seen_text:
            article = replace(article, duplicate_of=seen_text[key])
            warnings.append(
                CorpusWarning(
                    path.name, f"same text as '{seen_text[key]}' (duplicate article; both are kept)"
                )
            )
        else:
            seen_text[key] = article.article_id
        articles.append(article)
    for name in sorted(set(meta) - {a.file for a in articles}):
        warnings.append(
            CorpusWarning(
                meta_path.name, f"lists '{name}', which is not an article read from the folder"
            )
        )
    if strict and warnings:
        raise CorpusError(
            f"{folder}/{warnings[0]} (strict mode: fix the file or run without strict)"
        )
    if not articles:
        found = "; ".join(str(w) for w in warnings) or "the folder has no .txt or .html files"
        raise CorpusError(f"{folder}: no readable articles ({found})")
    return Corpus(str(folder), tuple(articles), tuple(warnings))


# --------------------------------------------------------------------------------------------
# Serialisation (build/articles.json)


def corpus_to_json(corpus: Corpus) -> str:
    """Return the corpus as deterministic JSON (sorted keys, fixed indentation, UTF-8 text)."""
    return json.dumps(asdict(corpus), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def corpus_from_json(data: str) -> Corpus:
    """Read a corpus back from the JSON of :func:`corpus_to_json`."""
    raw = json.loads(data)
    articles = tuple(
        Article(**{**a, "segments": tuple(Segment(**s) for s in a["segments"])})
        for a in raw["articles"]
    )
    warnings = tuple(CorpusWarning(**w) for w in raw["warnings"])
    return Corpus(raw["folder"], articles, warnings)
