"""reports/index.html: built from the executed notebooks' tagged cells, every value escaped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import nbformat
import pytest
from conftest import PROJECT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis import escape
from analysis.corpus import corpus_to_json, read_corpus
from analysis.report_index import (
    ArticleRow,
    IndexPage,
    ReportCard,
    ReportIndexError,
    article_rows,
    markdown_html,
    parameter_rows,
    render_index,
    report_card,
    write_index,
)

# a 1×1 PNG
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg=="
)
HOSTILE = (
    '<script>document.title="pwned";alert(1)</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(1)">Kerry</a>'
)


def executed(title="# 01 · What was read", summary=None, figure=True, parameters=None):
    """An executed notebook as papermill leaves it, without running anything."""
    cells = [new_markdown_cell(f"{title}\n\nIntro."), new_markdown_cell("## Second heading")]
    if summary is not None:
        cells.append(
            new_code_cell(
                "display(Markdown(...))",
                metadata={"tags": ["summary"]},
                outputs=[new_output("display_data", data=summary)],
            )
        )
    if figure:
        cells.append(
            new_code_cell(
                "display(Image(...))",
                metadata={"tags": ["main-figure"]},
                outputs=[
                    new_output("display_data", data={"image/png": PNG, "text/plain": "<Image>"})
                ],
            )
        )
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": parameters or {}}
    return nb


def test_report_card_reads_title_summary_figure_and_parameters():
    nb = executed(
        summary={
            "text/markdown": "**5 articles**, 2,473 body words",
            "text/plain": "<IPython.core.display.Markdown object>",
        },
        parameters={"top_n": 10, "labels": ["PERSON", "GPE"]},
    )
    card = report_card(nb, "01_corpus", "01_corpus.html")
    assert card == ReportCard(
        name="01_corpus",
        href="01_corpus.html",
        title="01 · What was read",
        summary="**5 articles**, 2,473 body words",
        summary_format="markdown",
        figure_png=PNG,
        parameters={"top_n": 10, "labels": ["PERSON", "GPE"]},
    )


def test_report_card_without_tags_has_title_and_link_only():
    nb = executed(title="Not a heading", figure=False)
    nb.cells.append(
        new_code_cell(
            "print('hello')", outputs=[new_output("stream", name="stdout", text="hello\n")]
        )
    )
    card = report_card(nb, "09_untagged", "09_untagged.html")
    assert (card.title, card.summary_format, card.summary, card.figure_png) == (
        "09_untagged",
        "",
        "",
        "",
    )


def test_plain_text_summary_is_the_fallback():
    nb = executed(summary={"text/plain": "3 articles, 1 duplicate"})
    nb.cells.append(
        new_code_cell(
            "print(...)",
            metadata={"tags": ["summary"]},
            outputs=[new_output("stream", name="stdout", text="and one warning\n")],
        )
    )
    card = report_card(nb, "n", "n.html")
    assert card.summary_format == "text"
    assert card.summary == "3 articles, 1 duplicate\nand one warning"


def test_summary_markdown_renders_as_text_never_as_markup():
    # article text a notebook escaped (escape.markdown) shows as itself; raw HTML never passes
    label = escape.markdown('<img src=x onerror="alert(1)"> & [x](y)')
    out = markdown_html(
        f"**2 articles**: {label}, <script>alert(1)</script> AT&T "
        "[see](javascript:alert(1)) ![pixel](https://tracker.example/p.png)"
    )
    assert out == (
        "<p><strong>2 articles</strong>: "
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; [x](y), "
        "&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T "
        '<a href="#harmful-link">see</a> pixel</p>\n'
    )


def test_parameters_shared_by_every_report_are_listed_once():
    cards = [
        ReportCard("01_a", "01_a.html", "A", parameters={"build_dir": "build"}),
        ReportCard(
            "02_b",
            "02_b.html",
            "B",
            parameters={"build_dir": "build", "seed": 7, "metrics": ["smog_index"]},
        ),
    ]
    assert parameter_rows(cards) == [
        ("build_dir", "build", "all reports"),
        ("metrics", '["smog_index"]', "02_b"),
        ("seed", "7", "02_b"),
    ]


def test_article_rows_give_file_headline_body_words_and_hash(write_corpus):
    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Kerry meets Lavrov\nThey met in Geneva today.\n",
                "b.txt": "Second\nOne two three.\n",
            }
        )
    )
    rows = article_rows(corpus, {"a": "f" * 64})
    assert rows == [
        ArticleRow("a.txt", "Kerry meets Lavrov", 5, "f" * 64),
        ArticleRow("b.txt", "Second", 3, corpus["b"].sha256),
    ]


class Markup(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    return parser


def hostile_page() -> IndexPage:
    card = report_card(
        executed(
            title=f"# 01 · {HOSTILE}",
            summary={"text/markdown": "**1 article**: " + HOSTILE},
            parameters={"labels": [HOSTILE]},
        ),
        "01_corpus",
        "01_corpus.html",
    )
    return IndexPage(
        corpus=f"data/{HOSTILE}",
        articles=(ArticleRow(f"900_{HOSTILE}.txt", HOSTILE, 12, "a" * 64),),
        reports=(card, ReportCard("02_x", "02_x.html", HOSTILE)),
        versions={"spacy": HOSTILE},
    )


def test_hostile_text_everywhere_on_the_index_stays_text():
    html = render_index(hostile_page())
    page = parse(html)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and "iframe" not in tags
    assert [attrs for _, attrs in page.tags if any(k.startswith("on") for k in attrs)] == []
    assert [a["src"][:22] for t, a in page.tags if t == "img"] == ["data:image/png;base64,"]
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    assert all(h.startswith("#") or h in ("01_corpus.html", "02_x.html") for h in hrefs), hrefs
    text = "".join(page.text)
    # in the title, summary, file, headline, folder, parameter, version: shown, not run
    assert text.count('<script>document.title="pwned";alert(1)</script>') >= 7
    assert text.count('<a href="javascript:alert(1)">Kerry</a>') >= 7


def test_index_links_every_report_and_its_contents_resolve():
    html = render_index(hostile_page())
    page = parse(html)
    ids = {a["id"] for _, a in page.tags if "id" in a}
    nav_start = html.index("<nav")
    nav_links = re.findall(r'href="#([^"]+)"', html[nav_start : html.index("</nav>")])
    assert nav_links and set(nav_links) <= ids
    assert "No summary: the notebook has no cell tagged" in html  # 02_x has no tags


def make_build(tmp_path, write_corpus, notebooks):
    """A build and reports folder as make leaves them, without running the pipeline."""
    corpus = read_corpus(
        write_corpus(
            {
                "000_kerry.txt": "Kerry meets Lavrov\nJohn Kerry met Sergei Lavrov in Geneva.\n",
                '900_<img src=x onerror="alert(1)">.txt': HOSTILE
                + "\nVladimir Putin spoke in Moscow.\n",
            }
        )
    )
    build, reports = tmp_path / "out" / "build", tmp_path / "out" / "reports"
    build.mkdir(parents=True)
    reports.mkdir()
    (build / "articles.json").write_text(corpus_to_json(corpus))
    (build / "docs.json").write_text(
        json.dumps(
            {
                "model": "en_core_web_sm",
                "model_version": "3.8.0",
                "spacy_version": "3.8.0",
                "components": ["tok2vec", "ner"],
                "articles": [[a.article_id, a.sha256] for a in corpus],
            }
        )
    )
    for name, nb in notebooks.items():
        nbformat.write(nb, reports / f"{name}.ipynb")
    return corpus, build, reports


def test_write_index_from_a_build_is_deterministic(tmp_path, write_corpus):
    corpus, build, reports = make_build(
        tmp_path,
        write_corpus,
        {
            "01_corpus": executed(
                summary={"text/markdown": "**2 articles**"}, parameters={"build_dir": "out/build"}
            ),
            "02_other": executed(title="# 02 · Other", figure=False),
        },
    )
    (reports / ".03_partial.partial.ipynb").write_text("{")  # a run in progress: ignored
    out = write_index(build, reports, reports / "index.html")
    html = out.read_text()
    assert html.count('<section class="card"') == 2
    assert '<a href="01_corpus.html">01 · What was read</a>' in html
    assert '<a href="02_other.html">02 · Other</a>' in html
    assert "<strong>2 articles</strong>" in html
    assert "900_&lt;img src=x onerror=&#34;alert(1)&#34;&gt;.txt" in html
    for article in corpus:
        assert article.sha256 in html
    assert "en_core_web_sm 3.8.0" in html and "<td>pandas</td>" in html
    first = out.read_bytes()
    assert write_index(build, reports, reports / "index.html").read_bytes() == first
    assert not list(reports.glob(".index*"))


def test_links_are_relative_to_where_the_index_is_written(tmp_path, write_corpus):
    _, build, reports = make_build(tmp_path, write_corpus, {"01_corpus": executed()})
    html = write_index(build, reports, tmp_path / "site" / "start.html").read_text()
    assert '<a href="../out/reports/01_corpus.html">' in html


@pytest.mark.parametrize(
    "spoil, message",
    [
        (
            lambda build, reports: (build / "articles.json").unlink(),
            "build/articles.json: not found; run 'make all' first",
        ),
        (
            lambda build, reports: (build / "articles.json").write_text("{"),
            "build: unreadable articles.json or docs.json",
        ),
        (lambda build, reports: None, "reports: no executed notebook (*.ipynb)"),
        (
            lambda build, reports: (reports / "01_x.ipynb").write_text("{"),
            "reports/01_x.ipynb: not a readable notebook",
        ),
    ],
)
def test_index_errors_name_the_file(tmp_path, write_corpus, spoil, message):
    _, build, reports = make_build(tmp_path, write_corpus, {})
    spoil(build, reports)
    with pytest.raises(ReportIndexError) as err:
        write_index(build, reports, reports / "index.html")
    assert message in str(err.value) and "\n" not in str(err.value)
    assert not (reports / "index.html").exists()


def test_index_command_error_is_one_line_and_status_2(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "index",
            "--build",
            tmp_path / "build",
            "--reports",
            tmp_path / "reports",
            "--out",
            tmp_path / "reports" / "index.html",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path}/build/articles.json: not found; run 'make all' first (the index is "
        "built from the parsed corpus and the executed notebooks)"
    ]


def test_shipped_notebooks_follow_the_index_contract():
    """Every notebook tags one summary cell (Markdown) and one main-figure cell (the saved PNG)."""
    for name in ("01_corpus", "02_readability", "03_entities", "04_coverage", "05_facts"):
        nb = nbformat.read(PROJECT / "notebooks" / f"{name}.ipynb", as_version=4)
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert tags.count("summary") == 1 and tags.count("main-figure") == 1, name
        summary = next(c for c in nb.cells if "summary" in c.metadata.get("tags", []))
        figure = next(c for c in nb.cells if "main-figure" in c.metadata.get("tags", []))
        assert "display(Markdown(" in summary.source, name
        assert "display(plots.publish(" in figure.source, name
