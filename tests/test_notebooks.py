"""Running notebooks: declared parameters only, no finished-looking output after a failure."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.notebooks import (
    NotebookError,
    check_params,
    load_params,
    normalize_executed,
    render_html,
    run_notebook,
)
from conftest import PROJECT


def make_notebook(path, *cells: str, params: str = "x = 1\n"):
    nb = new_notebook(cells=[new_markdown_cell("# Test notebook"),
                             new_code_cell(params, metadata={"tags": ["parameters"]}),
                             *(new_code_cell(c) for c in cells)])
    nb.metadata["kernelspec"] = {"name": "news-coverage", "display_name": "Python (news-coverage)",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_params_file_sections_and_overrides(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("all:\n  a: 1\n  b: 1\n02_x:\n  b: 2\n  c: 2\n03_y:\n  c: 3\n")
    assert load_params(path, "notebooks/02_x.ipynb", {"c": 9}) == {"a": 1, "b": 2, "c": 9}
    assert load_params(path, "notebooks/03_y.ipynb") == {"a": 1, "b": 1, "c": 3}


@pytest.mark.parametrize("content, message", [
    ("all: [1, 2]\n", "section 'all' must map names to values"),
    ("- a\n", "expected sections"),
    ("all: {a: 1\n", "not valid YAML"),
])
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
    assert "value 42" in html and "print(&#39;value&#39;" not in html and "print('value'" not in html
    assert not _remote_refs(html)
    with_code = render_html(first, tmp_path / "out" / "code.html", with_code=True).read_text()
    assert "value" in with_code and "print" in with_code


def _remote_refs(html: str) -> list[str]:
    import re

    return re.findall(r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//[^\"' >]+",
                      html, flags=re.IGNORECASE)


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


@pytest.mark.slow
def test_killed_run_leaves_no_output(tmp_path):
    nb = make_notebook(tmp_path / "n.ipynb", "import time\ntime.sleep(60)")
    out = tmp_path / "reports" / "n.ipynb"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(nb), str(out)],
                            cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    partial = out.with_name(".n.partial.ipynb")
    while not partial.exists() and time.monotonic() < deadline:  # papermill has started writing
        time.sleep(0.2)
    assert partial.exists(), "papermill never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not out.exists()


def test_normalize_removes_run_dependent_metadata():
    nb = new_notebook(cells=[new_code_cell("x", metadata={
        "tags": ["injected-parameters"],
        "execution": {"iopub.execute_input": "2026-11-23T10:00:00Z"},
        "papermill": {"start_time": "t0", "end_time": "t1", "duration": 1.5, "status": "completed"},
    })])
    nb.metadata["papermill"] = {"start_time": "t0", "end_time": "t1", "duration": 3.0,
                                "parameters": {"x": 1}, "environment_variables": {}}
    normalize_executed(nb)
    cell = nb.cells[0]
    assert cell.id == "injected-parameters"
    assert "execution" not in cell.metadata
    assert cell.metadata["papermill"] == {"status": "completed"}
    assert nb.metadata["papermill"] == {"parameters": {"x": 1}}


def test_missing_params_file(tmp_path):
    with pytest.raises(NotebookError, match="nope.yaml: parameters file not found"):
        load_params(tmp_path / "nope.yaml", "01_corpus.ipynb")
