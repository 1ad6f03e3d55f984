"""What was read: one row per article, one row per zone segment, words per zone.

:func:`analyse` computes every table of ``notebooks/01_corpus`` and ``python -m analysis corpus``
(the same call, so both write the same ``corpus.csv`` and ``segments.csv``); the ``*_view``
functions return the tables the notebook shows and :func:`findings` its summary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from spacy.tokens import Doc

from . import escape
from .corpus import ZONES, Corpus, rule_reason
from .environment import REPORTED_PACKAGES, package_versions
from .escape import Note
from .nlp import ParseInfo, sentences_in_zone
from .readability import MIN_WORDS
from .text import count_words

if TYPE_CHECKING:
    from .story import Story

__all__ = [
    "CorpusResult",
    "analyse",
    "articles_view",
    "corpus_overview",
    "environment_table",
    "findings",
    "provenance_view",
    "segments_table",
    "set_aside_summary",
    "set_aside_view",
    "warnings_view",
    "zone_words",
]


def segments_table(corpus: Corpus) -> pd.DataFrame:
    """Return every segment of every article, sorted by article and offset.

    The offsets point into the article text, so each dropped line can be found in its file.

    Returns
    -------
    DataFrame
        One row per segment: article_id, zone, rule (the rule that put it in its zone), start,
        end (character offsets into the article text), words, text.
    """
    rows = [
        {
            "article_id": a.article_id,
            "zone": s.zone,
            "rule": s.rule,
            "start": s.start,
            "end": s.end,
            "words": count_words(s.text),
            "text": s.text,
        }
        for a in corpus
        for s in a.segments
    ]
    columns = ["article_id", "zone", "rule", "start", "end", "words", "text"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["article_id", "start"], ignore_index=True
    )


def zone_words(corpus: Corpus) -> pd.DataFrame:
    """Count the words of each zone of each article.

    Returns
    -------
    DataFrame
        One row per article in corpus order: article_id, one column per zone (headline,
        subheading, body, caption, boilerplate; words), and body_share_percent (body words as a
        share of all words, 1 decimal; NaN for an article without words).
    """
    seg = segments_table(corpus)
    table = (
        seg.pivot_table(
            index="article_id", columns="zone", values="words", aggfunc="sum", fill_value=0
        )
        .reindex(index=corpus.ids, columns=list(ZONES), fill_value=0)
        .astype(int)
    )
    table.columns.name = None
    total = table.sum(axis=1)
    table["body_share_percent"] = (100 * table["body"] / total.where(total > 0)).round(1)
    return table.reset_index()


def corpus_overview(corpus: Corpus, docs: Sequence[Doc]) -> pd.DataFrame:
    """Return one row per article: headline, zone counts, body words and sentences, provenance.

    Parameters
    ----------
    corpus : Corpus
        The articles.
    docs : sequence of Doc
        The parsed articles in corpus order (see :func:`analysis.nlp.read_docs`).

    Returns
    -------
    DataFrame
        article_id, file, headline, the metadata columns of the sidecar (if any), body_paragraphs,
        body_words, body_sentences, subheadings, subheading_words, captions, caption_words,
        boilerplate_lines, boilerplate_words, duplicate_of (id of the article it repeats, or
        ""), language (ISO 639-1 code of the body, "und" when undetermined:
        :mod:`analysis.language`), language_probability, format, encoding, bytes, sha256 (of
        the file as read).
    """
    if len(docs) != len(corpus):
        raise ValueError(f"{len(docs)} parsed docs for {len(corpus)} articles")
    rows = []
    for article, doc in zip(corpus, docs):
        zones = {z: article.zone(z) for z in ZONES}
        rows.append(
            {
                "article_id": article.article_id,
                "file": article.file,
                "headline": article.headline,
                **{k: v for k, v in article.metadata.items() if k != "article_id"},
                "body_paragraphs": len(zones["body"]),
                "body_words": sum(count_words(s.text) for s in zones["body"]),
                "body_sentences": len(sentences_in_zone(doc, article, "body")),
                "subheadings": len(zones["subheading"]),
                "subheading_words": sum(count_words(s.text) for s in zones["subheading"]),
                "captions": len(zones["caption"]),
                "caption_words": sum(count_words(s.text) for s in zones["caption"]),
                "boilerplate_lines": len(zones["boilerplate"]),
                "boilerplate_words": sum(count_words(s.text) for s in zones["boilerplate"]),
                "duplicate_of": article.duplicate_of or "",
                "language": article.language,
                "language_probability": article.language_probability,
                "format": article.format,
                "encoding": article.encoding,
                "bytes": article.n_bytes,
                "sha256": article.sha256,
            }
        )
    return pd.DataFrame(rows)


def _with_label(table: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Return ``table`` with the articles' labels as its second column.

    A ``label`` column of the metadata sidecar is replaced: the story's labels already use it.
    """
    table = table.drop(columns="label", errors="ignore")
    table.insert(1, "label", table["article_id"].map(labels))
    return table


@dataclass(frozen=True)
class CorpusResult:
    """What was read from one story (see :func:`analyse`).

    Attributes
    ----------
    corpus : DataFrame
        ``corpus.csv``: :func:`corpus_overview` with the article's ``label`` second.
    segments : DataFrame
        ``segments.csv``: :func:`segments_table` with the article's ``label`` second.
    zones : DataFrame
        :func:`zone_words` with the article's ``label`` second (the zones figure plots it).
    warnings : DataFrame
        One row per reading warning: file, problem (files skipped, encodings guessed,
        duplicates).
    parse : ParseInfo
        The model and versions that parsed the articles.
    """

    corpus: pd.DataFrame
    segments: pd.DataFrame
    zones: pd.DataFrame
    warnings: pd.DataFrame
    parse: ParseInfo

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the CSV tables by file stem: corpus, segments."""
        return {"corpus": self.corpus, "segments": self.segments}


def analyse(story: Story) -> CorpusResult:
    """Tabulate what was read from ``story``: articles, segments, words per zone, warnings.

    Parameters
    ----------
    story : Story
        The articles and their parse (:func:`analysis.story.load_build` or ``read_story``).

    Returns
    -------
    CorpusResult
        Every table; :meth:`CorpusResult.tables` gives the CSV files.
    """
    corpus, labels = story.corpus, story.labels
    warnings = pd.DataFrame(
        [{"file": w.file, "problem": w.problem} for w in corpus.warnings],
        columns=["file", "problem"],
    )
    return CorpusResult(
        corpus=_with_label(corpus_overview(corpus, story.docs), labels),
        segments=_with_label(segments_table(corpus), labels),
        zones=_with_label(zone_words(corpus), labels),
        warnings=warnings,
        parse=story.parse,
    )


def articles_view(result: CorpusResult) -> pd.DataFrame:
    """Return the articles table the report shows: what each article holds, zone by zone.

    Returns
    -------
    DataFrame
        Indexed by label: headline, body_paragraphs, body_words, body_sentences, subheadings,
        captions, boilerplate_lines, duplicate_of, language.
    """
    columns = [
        "headline",
        "body_paragraphs",
        "body_words",
        "body_sentences",
        "subheadings",
        "captions",
        "boilerplate_lines",
        "duplicate_of",
        "language",
    ]
    return result.corpus[["label", *columns]].set_index("label")


def set_aside_summary(result: CorpusResult) -> pd.DataFrame | Note:
    """Return, per article, what was not read as body text and why: one row per zone and rule.

    Returns
    -------
    DataFrame or Note
        Indexed by label, articles in corpus order, zones in :data:`analysis.corpus.ZONES`
        order, rules by name: zone, rule, why (:func:`analysis.corpus.rule_reason`), lines,
        words. A :class:`analysis.escape.Note` when every segment is body text.
    """
    segments = result.segments
    aside = segments[segments["zone"] != "body"]
    if aside.empty:
        return Note("Every line was read as body text: nothing was set aside.")
    table = (
        aside.groupby(["article_id", "label", "zone", "rule"], sort=False)
        .agg(lines=("text", "size"), words=("words", "sum"))
        .reset_index()
    )
    table["why"] = table["rule"].map(rule_reason)
    article_order = {a: i for i, a in enumerate(result.corpus["article_id"])}
    table = table.assign(
        _article=table["article_id"].map(article_order), _zone=table["zone"].map(ZONES.index)
    ).sort_values(["_article", "_zone", "rule"], ignore_index=True)
    return table[["label", "zone", "rule", "why", "lines", "words"]].set_index("label")


def set_aside_view(result: CorpusResult) -> pd.DataFrame | Note:
    """Return every segment that is not body text, with the rule that set it aside.

    Returns
    -------
    DataFrame or Note
        Indexed by label, in article and offset order: zone, rule, start, end, text. A
        :class:`analysis.escape.Note` when every segment is body text.
    """
    segments = result.segments
    aside = segments.loc[
        segments["zone"] != "body", ["label", "zone", "rule", "start", "end", "text"]
    ]
    if aside.empty:
        return Note("Every line was read as body text: nothing was set aside.")
    return aside.set_index("label")


def warnings_view(result: CorpusResult) -> pd.DataFrame | Note:
    """Return the reading warnings, or a sentence saying there were none.

    Returns
    -------
    DataFrame or Note
        One row per warning: file, problem. A :class:`analysis.escape.Note` when there is none.
    """
    if result.warnings.empty:
        return Note("No file was skipped, guessed at or flagged as a duplicate.")
    return result.warnings


def provenance_view(result: CorpusResult) -> pd.DataFrame:
    """Return the exact bytes analysed: each file with its format, encoding, size and hash.

    Returns
    -------
    DataFrame
        Indexed by label: file, format, encoding, bytes, sha256 (of the file as read).
    """
    return result.corpus[["label", "file", "format", "encoding", "bytes", "sha256"]].set_index(
        "label"
    )


def environment_table(
    parse: ParseInfo, packages: Sequence[str] = REPORTED_PACKAGES
) -> pd.DataFrame:
    """Return the versions of Python, the reported packages and the spaCy pipeline.

    Parameters
    ----------
    parse : ParseInfo
        The parse the report's numbers come from (:attr:`analysis.story.Story.parse`).
    packages : sequence of str
        Distribution names whose installed versions are listed
        (:data:`analysis.environment.REPORTED_PACKAGES`).

    Returns
    -------
    DataFrame
        Indexed by package (python, then ``packages``, then "spaCy pipeline"): version ("not
        installed" for a missing package; the pipeline as "name version (components)").
    """
    versions = package_versions(packages)
    versions["spaCy pipeline"] = (
        f"{parse.model} {parse.model_version} ({', '.join(parse.components)})"
    )
    return pd.DataFrame({"version": versions}).rename_axis("package")


def findings(result: CorpusResult) -> str:
    """Summarize what was read in Markdown: articles, words, what was set aside, short articles.

    Sub-headings are counted only when there are some.

    Articles under :data:`analysis.readability.MIN_WORDS` body words are named as too short
    for stable readability scores. Labels are escaped (:func:`analysis.escape.markdown`): they
    may come from a user's metadata file.

    Returns
    -------
    str
        One paragraph of Markdown.
    """
    table = result.corpus
    n, words = len(table), int(table["body_words"].sum())
    short = [escape.markdown(s) for s in table.loc[table["body_words"] < MIN_WORDS, "label"]]
    subheadings = int(table["subheadings"].sum())
    text = (
        f"**{n} article{'s' if n != 1 else ''}**, {words:,} body words in all "
        f"({int(table['body_words'].min()):,}–{int(table['body_words'].max()):,} per article), "
        f"{int(table['captions'].sum())} caption(s) and {int(table['boilerplate_lines'].sum())} "
        "boilerplate line(s) set aside. "
    )
    if subheadings:
        text += f"{subheadings} sub-heading(s) read as article text, not as sentences. "
    if short:
        text += (
            f"Under {MIN_WORDS} body words, too short for stable readability scores: "
            f"{', '.join(short)}."
        )
    else:
        text += f"Every article has at least {MIN_WORDS} body words."
    if n < 2:
        text += " **Comparisons need at least two articles**; the later notebooks will say so."
    return text
