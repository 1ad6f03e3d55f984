"""``reports/index.html``: the page a reader opens first.

It says what was analysed (the corpus folder; each article's file, headline, body words and the
SHA-256 of its bytes), lists every report with its title, its key findings and a thumbnail of its
main figure, and records the parameters and package versions that produced them.

Nothing on the page is typed by hand: it is read from the executed notebooks, which follow one
contract (DESIGN.md):

* the title is the notebook's first ``#`` heading;
* a code cell tagged ``summary`` displays the key findings as Markdown (text/plain also works);
* a code cell tagged ``main-figure`` displays the main figure as a PNG;
* the parameters are those papermill recorded (``metadata.papermill.parameters``).

A notebook without the tags is still listed, with its title and link. The page is one
self-contained file (thumbnails are ``data:`` URIs, the style sheet is inline, no script), every
value is HTML-escaped by the template (Jinja2 with autoescape), and the same inputs give the same
bytes (no timestamps; reports in file-name order, articles in corpus order, parameters sorted).

:func:`write_index` is the only function here that reads or writes files.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .corpus import Corpus
from .reports import TEMPLATE_DIR, headings
from .text import count_words

__all__ = [
    "FIGURE_TAG",
    "SUMMARY_TAG",
    "ArticleRow",
    "IndexPage",
    "ReportCard",
    "ReportIndexError",
    "StoryRow",
    "article_rows",
    "markdown_html",
    "parameter_rows",
    "render_index",
    "report_card",
    "write_collection_index",
    "write_index",
]

SUMMARY_TAG = "summary"
FIGURE_TAG = "main-figure"


class ReportIndexError(Exception):
    """The index cannot be built; the message names the file and what to do."""


@dataclass(frozen=True)
class ArticleRow:
    """One analysed article as the index lists it."""

    file: str
    headline: str
    words: int  # body words, counted as the readability formulas count them
    sha256: str


@dataclass(frozen=True)
class ReportCard:
    """One report as the index shows it."""

    name: str  # the notebook's stem, e.g. 01_corpus
    href: str  # link to the HTML report, relative to the index
    title: str
    summary: str = ""  # the summary cell's output, as Markdown or plain text
    summary_format: str = ""  # "markdown", "text", or "" when the notebook has no summary
    figure_png: str = ""  # the main figure, base64-encoded PNG ("" when none)
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoryRow:
    """One story of a collection as the index lists it (from the run's ``manifest.csv``)."""

    story: str
    articles: int
    words: int  # body words of its articles
    status: str  # analysed or failed
    input_hash: str


@dataclass(frozen=True)
class IndexPage:
    """Everything the index shows, as plain data.

    For a collection run, ``stories`` lists its stories and ``articles`` is empty.
    """

    corpus: str
    articles: tuple[ArticleRow, ...]
    reports: tuple[ReportCard, ...]
    versions: Mapping[str, str]
    stories: tuple[StoryRow, ...] = ()


def article_rows(corpus: Corpus, hashes: Mapping[str, str]) -> list[ArticleRow]:
    """Return one row per article, in corpus (file-name) order.

    ``hashes`` maps article id to the SHA-256 the parse recorded (``nlp.read_info(...).articles``);
    the article's own is the fallback.
    """
    return [
        ArticleRow(
            file=a.file,
            headline=a.headline,
            words=count_words(a.body_text),
            sha256=hashes.get(a.article_id, a.sha256),
        )
        for a in corpus
    ]


def _text(value: Any) -> str:
    """Return a notebook output field as one string (a list of lines in an unnormalised one)."""
    return "".join(value) if isinstance(value, list) else str(value)


def _tagged_outputs(nb: Mapping[str, Any], tag: str) -> list[Mapping[str, Any]]:
    return [
        output
        for cell in nb.get("cells", [])
        if cell.get("cell_type") == "code" and tag in (cell.get("metadata", {}).get("tags") or [])
        for output in cell.get("outputs", [])
    ]


def _summary(nb: Mapping[str, Any]) -> tuple[str, str]:
    """Return (format, text) of the ``summary`` cell's output.

    That is its Markdown outputs, else its plain text (printed, or a displayed value that has no
    richer form), else ("", "").
    """
    outputs = _tagged_outputs(nb, SUMMARY_TAG)
    markdown = [
        _text(o["data"]["text/markdown"]).strip()
        for o in outputs
        if "text/markdown" in o.get("data", {})
    ]
    if markdown:
        return "markdown", "\n\n".join(markdown)
    plain = [
        _text(o["text"]).strip()
        if o.get("output_type") == "stream"
        else _text(o["data"]["text/plain"]).strip()
        for o in outputs
        if (o.get("output_type") == "stream" and o.get("name") == "stdout")
        or set(o.get("data", {})) == {"text/plain"}
    ]
    plain = [p for p in plain if p]
    return ("text", "\n".join(plain)) if plain else ("", "")


def _main_figure(nb: Mapping[str, Any]) -> str:
    """Return the first PNG the ``main-figure`` cell displays, base64 without line breaks.

    "" when there is none, or when it is not valid base64.
    """
    for output in _tagged_outputs(nb, FIGURE_TAG):
        data = output.get("data", {})
        if "image/png" in data:
            png = "".join(_text(data["image/png"]).split())
            try:
                base64.b64decode(png, validate=True)
            except (binascii.Error, ValueError):
                return ""
            return png
    return ""


def report_card(nb: Mapping[str, Any], name: str, href: str) -> ReportCard:
    """Return the index entry of one executed notebook (a dict or nbformat node)."""
    titles = headings(nb, levels=(1,))
    fmt, summary = _summary(nb)
    parameters = nb.get("metadata", {}).get("papermill", {}).get("parameters") or {}
    return ReportCard(
        name=name,
        href=href,
        title=titles[0].text if titles else name,
        summary=summary,
        summary_format=fmt,
        figure_png=_main_figure(nb),
        parameters=dict(parameters),
    )


def markdown_html(text: str) -> str:
    """Render Markdown from a notebook output as HTML that cannot carry markup of its own.

    Raw HTML in the Markdown is escaped, so ``<script>`` shows as text; character references
    (notebooks escape article text with :func:`analysis.escape.markdown`, which writes ``<`` as
    ``&lt;``) show as the characters they stand for, never escaped twice. Links keep only safe
    URLs (``javascript:`` becomes ``#harmful-link``) and images become their alt text, so nothing
    is fetched.
    """
    import mistune
    from mistune.util import safe_entity

    class Renderer(mistune.HTMLRenderer):
        def text(self, text: str) -> str:
            return safe_entity(text)  # "&lt;" stays a reference; a bare "<" or "&" is escaped

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return text  # the alt text, already rendered by text()

    return mistune.create_markdown(escape=True, renderer=Renderer(escape=True))(text)


def _value(value: Any) -> str:
    return (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )


def parameter_rows(reports: Sequence[ReportCard]) -> list[tuple[str, str, str]]:
    """Return (parameter, value, which reports) for every parameter value used, sorted.

    A value every report used is listed once, for "all reports".
    """
    used: dict[tuple[str, str], list[str]] = {}
    for card in reports:
        for name, value in card.parameters.items():
            used.setdefault((name, _value(value)), []).append(card.name)
    return [
        (name, value, "all reports" if len(names) == len(reports) > 1 else ", ".join(names))
        for (name, value), names in sorted(used.items())
    ]


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR / "index"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_index(page: IndexPage) -> str:
    """Return the index page as HTML text."""
    # Markdown summaries as HTML that markdown_html has made safe (the template marks them so);
    # plain-text summaries are escaped by the template like every other value
    summaries = {
        card.name: markdown_html(card.summary)
        for card in page.reports
        if card.summary_format == "markdown"
    }
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            page=page,
            summaries=summaries,
            parameters=parameter_rows(page.reports),
            total_words=sum(a.words for a in page.articles) + sum(s.words for s in page.stories),
        )
    )


def _report_cards(reports: Path, out: Path) -> list[ReportCard]:
    """Return the card of every executed notebook in ``reports``, in file-name order."""
    import nbformat

    notebooks = sorted(p for p in reports.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise ReportIndexError(f"{reports}: no executed notebook (*.ipynb); run 'make all' first")
    cards = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError, KeyError) as exc:
            raise ReportIndexError(
                f"{path}: not a readable notebook ({exc}); run 'make all' again"
            ) from None
        href = Path(os.path.relpath(path.with_suffix(".html"), out.parent)).as_posix()
        cards.append(report_card(nb, path.stem, quote(href)))
    return cards


def write_collection_index(collection: str | Path, reports: str | Path, out: str | Path) -> Path:
    """Write the index of a collection run's reports to ``out``, atomically.

    Like :func:`write_index`, with the stories of ``collection/outlets/stories.csv`` where a
    single-story index lists articles (that table, unlike the run's manifest, holds nothing that
    changes from run to run when the stories do not).
    """
    import csv

    from .environment import package_versions
    from .outputs import atomic_write_text

    collection, reports, out = Path(collection), Path(reports), Path(out)
    manifest = collection / "outlets" / "stories.csv"
    if not (collection / "manifest.csv").is_file() or not manifest.is_file():
        raise ReportIndexError(
            f"{collection}/manifest.csv: not found; run 'make collection' (or 'python -m "
            "analysis collection') first: the run writes it last"
        )
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = [
            StoryRow(
                story=r["story"],
                articles=int(r["articles"] or 0),
                words=int(r["words"] or 0),
                status=r["status"],
                input_hash=r["input_hash"],
            )
            for r in csv.DictReader(handle)
        ]
    from .environment import REPORTED_PACKAGES

    # the collection runner's packages too, and the model its workers loaded (its settings)
    versions = package_versions((*REPORTED_PACKAGES, "dask", "distributed", "pyarrow"))
    settings = collection / "settings.json"
    if settings.is_file():
        recorded = json.loads(settings.read_text(encoding="utf-8")).get("versions", {})
        if "model" in recorded:
            versions["spaCy model"] = recorded["model"]
    page = IndexPage(
        corpus=str(collection),
        articles=(),
        reports=tuple(_report_cards(reports, out)),
        versions=versions,
        stories=tuple(rows),
    )
    return atomic_write_text(out, render_index(page))


def write_index(build: str | Path, reports: str | Path, out: str | Path) -> Path:
    """Write the index of the executed notebooks in ``reports`` to ``out``, atomically.

    Reads ``build/articles.json``, ``build/docs.json`` and every executed notebook in
    ``reports``. Links point to ``NAME.html`` beside each notebook, relative to ``out``.
    """
    from .corpus import corpus_from_json
    from .environment import package_versions
    from .nlp import read_info
    from .outputs import atomic_write_text

    build, reports, out = Path(build), Path(reports), Path(out)
    articles = build / "articles.json"
    if not articles.is_file():
        raise ReportIndexError(
            f"{articles}: not found; run 'make all' first (the index is built "
            "from the parsed corpus and the executed notebooks)"
        )
    if not (build / "docs.json").is_file():
        raise ReportIndexError(f"{build / 'docs.json'}: not found; run 'make all' again")
    try:
        corpus = corpus_from_json(articles.read_text(encoding="utf-8"))
        info = read_info(build / "docs.zip")
    except (ValueError, KeyError, TypeError) as exc:
        raise ReportIndexError(
            f"{articles.parent}: unreadable articles.json or docs.json "
            f"({exc}); delete {build} and run 'make all' again"
        ) from None
    cards = _report_cards(reports, out)
    versions = package_versions()
    versions["spaCy model"] = f"{info.model} {info.model_version}"
    rows = article_rows(corpus, dict(info.articles))
    page = IndexPage(
        corpus=corpus.folder, articles=tuple(rows), reports=tuple(cards), versions=versions
    )
    return atomic_write_text(out, render_index(page))
