"""Running notebooks: declared parameters only, no finished-looking output after a failure."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from urllib.parse import unquote

import nbformat
import pytest
from conftest import PROJECT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.reports import (
    NotebookError,
    check_params,
    headings,
    load_params,
    mark_numeric_cells,
    normalize_executed,
    output_problems,
    render_html,
    run_notebook,
)


def make_notebook(path, *cells: str, params: str = "x = 1\n"):
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Test notebook"),
            new_code_cell(params, metadata={"tags": ["parameters"]}),
            *(new_code_cell(c) for c in cells),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "news-coverage",
        "display_name": "Python (news-coverage)",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_params_file_sections_and_overrides(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("all:\n  a: 1\n  b: 1\n02_x:\n  b: 2\n  c: 2\n03_y:\n  c: 3\n")
    assert load_params(path, "notebooks/02_x.ipynb", {"c": 9}) == {"a": 1, "b": 2, "c": 9}
    assert load_params(path, "notebooks/03_y.ipynb") == {"a": 1, "b": 1, "c": 3}


@pytest.mark.parametrize(
    "content, message",
    [
        ("all: [1, 2]\n", "section 'all' must map names to values"),
        ("- a\n", "expected sections"),
        ("all: {a: 1\n", "not valid YAML"),
    ],
)
def test_bad_params_file(tmp_path, content, message):
    path = tmp_path / "params.yaml"
    path.write_text(content)
    with pytest.raises(NotebookError, match="params.yaml") as err:
        load_params(path, "01_corpus.ipynb")
    assert message in str(err.value)


def test_unknown_parameter_is_an_error(tmp_path):
    nb = make_notebook(tmp_path / "n.ipynb", "print(x)")
    check_params(nb, {"x": 2})
    with pytest.raises(NotebookError, match="no parameter named colour, y .*declares: x"):
        check_params(nb, {"x": 2, "y": 3, "colour": "red"})


def test_shipped_params_are_all_declared():
    for notebook in sorted((PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        params = load_params(PROJECT / "notebooks" / "params.yaml", notebook)
        check_params(notebook, params)


def test_shipped_notebooks_have_no_outputs():
    for notebook in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, notebook.name


@pytest.mark.slow
def test_successful_run_is_reproducible_and_hides_code_in_html(tmp_path):
    nb = make_notebook(tmp_path / "n.ipynb", "print('value', x * 2)")
    first = run_notebook(nb, tmp_path / "out" / "n.ipynb", {"x": 21})
    data = first.read_bytes()
    assert b"value 42" in data and b"start_time" not in data and b"duration" not in data
    assert not list((tmp_path / "out").glob(".*partial*"))
    run_notebook(nb, tmp_path / "out" / "n.ipynb", {"x": 21})
    assert first.read_bytes() == data

    html = render_html(first, tmp_path / "out" / "n.html").read_text()
    assert (
        "value 42" in html and "print(&#39;value&#39;" not in html and "print('value'" not in html
    )
    assert not _remote_refs(html)
    with_code = render_html(first, tmp_path / "out" / "code.html", with_code=True).read_text()
    assert "value" in with_code and "print" in with_code


def _remote_refs(html: str) -> list[str]:
    import re

    return re.findall(
        r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//[^\"' >]+",
        html,
        flags=re.IGNORECASE,
    )


def test_remote_ref_check_catches_cdn_links():
    assert _remote_refs('<script src="https://cdn.example.org/require.js"></script>')
    assert _remote_refs("<link rel=stylesheet href='//fonts.example.org/a.css'>")
    assert not _remote_refs('<a href="https://example.org">a link to read</a>')


@pytest.mark.slow
def test_failed_run_leaves_no_output_and_keeps_the_failed_notebook(tmp_path):
    nb = make_notebook(tmp_path / "n.ipynb", "raise ValueError('bad data in article 3')")
    out = tmp_path / "reports" / "n.ipynb"
    with pytest.raises(NotebookError, match="raised ValueError: bad data in article 3") as err:
        run_notebook(nb, out, {}, failed_dir=tmp_path / "failed")
    assert not out.exists()
    assert list(out.parent.iterdir()) == []
    assert (tmp_path / "failed" / "n.ipynb").is_file()
    assert "failed notebook is kept at" in str(err.value)


# ---- declared outputs: what a run must write ---------------------------------------------------


def folders(root):
    return {"figures_dir": root / "figures", "tables_dir": root / "tables"}


def test_a_run_that_wrote_exactly_its_declared_outputs_has_no_problem(tmp_path):
    declared = [tmp_path / "figures/zones.png", tmp_path / "figures/zones.csv"]
    written = [
        tmp_path / "figures/.zones.png.partial",  # a temporary, renamed into place
        tmp_path / "figures/zones.png",
        tmp_path / "figures/zones.csv",
        tmp_path / "figures/zones.csv",  # written twice
        tmp_path / "cache/fontlist.json",  # outside the watched folders
    ]
    assert output_problems("notebooks/01_corpus.ipynb", written, declared, folders(tmp_path)) == ""


def test_an_undeclared_figure_names_the_notebook_the_files_and_the_list_to_fix(tmp_path):
    declared = [tmp_path / "tables/corpus.csv"]
    written = [tmp_path / "tables/corpus.csv"] + [
        tmp_path / f"figures/zones.{ext}" for ext in ("png", "svg", "csv")
    ]
    problem = output_problems("notebooks/01_corpus.ipynb", written, declared, folders(tmp_path))
    assert problem == (
        f"notebooks/01_corpus.ipynb wrote {tmp_path}/figures/zones.csv, "
        f"{tmp_path}/figures/zones.png, {tmp_path}/figures/zones.svg, not among its declared "
        "outputs (add zones to FIGURES_01_corpus in the Makefile)"
    )


def test_a_declared_table_not_written_and_an_undeclared_one_are_both_named(tmp_path):
    declared = [tmp_path / "tables/entities.csv", tmp_path / "tables/mentions.csv"]
    written = [tmp_path / "tables/entities.csv", tmp_path / "tables/mention_table.csv"]
    problem = output_problems("notebooks/03_entities.ipynb", written, declared, folders(tmp_path))
    assert "\n" not in problem
    assert problem == (
        f"notebooks/03_entities.ipynb wrote {tmp_path}/tables/mention_table.csv, not among its "
        "declared outputs (add mention_table to TABLES_03_entities in the Makefile) and did not "
        f"write {tmp_path}/tables/mentions.csv, declared as its outputs (remove mentions from "
        "TABLES_03_entities in the Makefile, or write them)"
    )


def test_nothing_declared_and_nothing_written_is_fine_and_paths_are_shown_from_here(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert output_problems("n.ipynb", [], [], folders(tmp_path)) == ""
    problem = output_problems("n.ipynb", [tmp_path / "tables/t.csv"], [], folders(tmp_path))
    assert problem.startswith("n.ipynb wrote tables/t.csv, not among")


WRITES = """\
import os, subprocess, sys
from pathlib import Path
Path(figures_dir, "zones.png").write_text("png")
with open(Path(tables_dir) / "corpus.csv", "w") as f:
    f.write("a,b\\n")
Path(tables_dir, ".extra.csv.partial").write_text("x")
os.replace(Path(tables_dir, ".extra.csv.partial"), Path(tables_dir, "extra.csv"))
# another process writing into the same folder (another notebook under make -j) is not this run
subprocess.run([sys.executable, "-c", f"open({str(Path(figures_dir, 'other.png'))!r}, 'w')"])
print("wrote")
"""


@pytest.mark.slow
def test_run_checks_what_the_kernel_wrote_against_the_declared_outputs(tmp_path):
    nb = make_notebook(
        tmp_path / "05_zones.ipynb", WRITES, params='figures_dir = ""\ntables_dir = ""\n'
    )
    (tmp_path / "figures").mkdir()
    (tmp_path / "tables").mkdir()
    params = [f"-pfigures_dir={tmp_path}/figures", f"-ptables_dir={tmp_path}/tables"]
    out = tmp_path / "reports" / "05_zones.ipynb"
    declared = [f"{tmp_path}/figures/zones.png", f"{tmp_path}/tables/corpus.csv"]
    cmd = [sys.executable, "-m", "analysis", "run", str(nb), str(out), *params]
    cmd += ["--failed-dir", str(tmp_path / "failed"), "--html", str(tmp_path / "reports/z.html")]

    # extra.csv is written but not declared; missing.csv is declared but not written
    missing = f"{tmp_path}/tables/missing.csv"
    result = subprocess.run(
        [*cmd, "--outputs", *declared, missing], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {nb} wrote {tmp_path}/tables/extra.csv, not among its declared outputs (add "
        "extra to TABLES_05_zones in the Makefile) and did not write "
        f"{missing}, declared as its outputs (remove missing from TABLES_05_zones in the "
        f"Makefile, or write them) (the executed notebook is kept at {tmp_path}/failed/"
        "05_zones.ipynb)"
    ]
    assert not out.exists() and not (tmp_path / "reports/z.html").exists()
    assert b"wrote" in (tmp_path / "failed" / "05_zones.ipynb").read_bytes()

    # declared right: the executed notebook and its HTML report, in the same process
    declared.append(f"{tmp_path}/tables/extra.csv")
    result = subprocess.run(
        [*cmd, "--outputs", *declared], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert b"wrote" in out.read_bytes()
    assert "wrote" in (tmp_path / "reports/z.html").read_text()


@pytest.mark.slow
def test_killed_run_leaves_no_output(tmp_path):
    nb = make_notebook(tmp_path / "n.ipynb", "import time\ntime.sleep(60)")
    out = tmp_path / "reports" / "n.ipynb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "run", str(nb), str(out)],
        cwd=PROJECT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    partial = out.with_name(".n.partial.ipynb")
    while not partial.exists() and time.monotonic() < deadline:  # papermill has started writing
        time.sleep(0.2)
    assert partial.exists(), "papermill never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not out.exists()


def test_normalize_removes_run_dependent_metadata():
    nb = new_notebook(
        cells=[
            new_code_cell(
                "x",
                metadata={
                    "tags": ["injected-parameters"],
                    "execution": {"iopub.execute_input": "2026-11-23T10:00:00Z"},
                    "papermill": {
                        "start_time": "t0",
                        "end_time": "t1",
                        "duration": 1.5,
                        "status": "completed",
                    },
                },
            )
        ]
    )
    nb.metadata["papermill"] = {
        "start_time": "t0",
        "end_time": "t1",
        "duration": 3.0,
        "parameters": {"x": 1},
        "environment_variables": {},
    }
    normalize_executed(nb)
    cell = nb.cells[0]
    assert cell.id == "injected-parameters"
    assert "execution" not in cell.metadata
    assert cell.metadata["papermill"] == {"status": "completed"}
    assert nb.metadata["papermill"] == {"parameters": {"x": 1}}


def test_missing_params_file(tmp_path):
    with pytest.raises(NotebookError, match="nope.yaml: parameters file not found"):
        load_params(tmp_path / "nope.yaml", "01_corpus.ipynb")


# ---- the HTML report: table of contents, tables, links -----------------------------------------


class _Links(HTMLParser):
    """Every element id of a page, and the (href, text) of each link inside its <nav>."""

    def __init__(self):
        super().__init__()
        self.ids, self.nav_links, self._nav, self._href, self._text = set(), [], 0, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self._nav += tag == "nav"
        if tag == "a" and self._nav:
            self._href, self._text = attrs.get("href"), []

    def handle_endtag(self, tag):
        self._nav -= tag == "nav"
        if tag == "a" and self._href is not None:
            self.nav_links.append((self._href, "".join(self._text)))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def page_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def write_unexecuted(path, *cells):
    nbformat.write(new_notebook(cells=list(cells)), path)
    return path


def test_report_has_a_table_of_contents_after_its_title(tmp_path):
    nb = write_unexecuted(
        tmp_path / "05_quotes.ipynb",
        new_markdown_cell("# 05 · Who says what\n\nQuotes per article."),
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_markdown_cell("## Quotes & speakers\n\nText.\n\n### A detail, not listed"),
        new_markdown_cell("Some prose.\n\n## Reuse, by article"),
    )
    html = render_html(nb, tmp_path / "05_quotes.html").read_text()
    page = page_links(html)
    assert page.nav_links == [
        ("#05-%C2%B7-Who-says-what", "05 · Who says what"),
        ("#Quotes-&-speakers", "Quotes & speakers"),
        ("#Reuse,-by-article", "Reuse, by article"),
    ]
    for href, _ in page.nav_links:  # the browser tries the fragment as written, then decoded
        assert href[1:] in page.ids or unquote(href[1:]) in page.ids, href
    assert html.index("Quotes per article.") < html.index("<nav") < html.index("Some prose.")
    assert render_html(nb, tmp_path / "again.html").read_bytes() == html.encode()


def test_report_without_a_title_cell_gets_its_contents_on_top(tmp_path):
    nb = write_unexecuted(
        tmp_path / "n.ipynb",
        new_code_cell("x = 1"),
        new_markdown_cell("## Only <b>one</b> section"),
    )
    html = render_html(nb, tmp_path / "n.html").read_text()
    assert page_links(html).nav_links == [("#Only-one-section", "Only one section")]
    assert html.index("<nav") < html.index('class="jp-Cell')


def test_headings_are_those_of_markdown_cells_only():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title\n## Part <one>"),
            new_code_cell("# not a heading"),
            new_markdown_cell("#### Deep\n## Part 2"),
        ]
    )
    # nbconvert gives no id to a heading it cannot parse as HTML ("<one>" is never closed): with
    # nothing to link to, it is left out
    assert [(h.level, h.text) for h in headings(nb)] == [(1, "Title"), (2, "Part 2")]
    assert [h.text for h in headings(nb, levels=(1,))] == ["Title"]


def test_numbers_in_tables_are_marked_for_right_alignment():
    cells = (
        "<td>1,234</td><td>-0.5</td><td>NaN</td><td>12%</td><td>3.2e-05</td>"
        "<td>2013-05-08</td><td>Kerry</td><td>10 words</td>"
    )
    assert mark_numeric_cells(cells) == (
        '<td class="num">1,234</td><td class="num">-0.5</td><td class="num">NaN</td>'
        '<td class="num">12%</td><td class="num">3.2e-05</td>'
        "<td>2013-05-08</td><td>Kerry</td><td>10 words</td>"
    )


def test_table_outputs_scroll_and_right_align_numbers_in_the_report(tmp_path):
    import pandas as pd

    table = pd.DataFrame({"headline": ["Kerry meets Lavrov"], "words": [464]})
    cell = new_code_cell(
        "table",
        outputs=[
            nbformat.v4.new_output(
                "execute_result",
                data={"text/html": table._repr_html_(), "text/plain": "table"},
                execution_count=1,
            )
        ],
    )
    nb = write_unexecuted(tmp_path / "t.ipynb", new_markdown_cell("# T"), cell)
    html = render_html(nb, tmp_path / "t.html").read_text()
    assert '<td class="num">464</td>' in html and "<td>Kerry meets Lavrov</td>" in html
    assert "max-height: 36rem; overflow: auto" in html


def test_markdown_in_a_report_cannot_carry_a_javascript_link(tmp_path):
    cell = new_code_cell(
        "display(Markdown(...))",
        outputs=[
            nbformat.v4.new_output(
                "display_data",
                data={
                    "text/markdown": "[click](javascript:alert(1)) or "
                    "[the table](tables/corpus.csv)",
                    "text/plain": "<Markdown>",
                },
            )
        ],
    )
    nb = write_unexecuted(tmp_path / "m.ipynb", new_markdown_cell("# M"), cell)
    html = render_html(nb, tmp_path / "m.html").read_text()
    assert "javascript:" not in html
    assert '<a href="#harmful-link">click</a>' in html
    assert '<a href="tables/corpus.csv">the table</a>' in html
