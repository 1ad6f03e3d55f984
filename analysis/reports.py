"""Run a parameterised notebook with papermill and render it to self-contained HTML.

Three guarantees that papermill and nbconvert do not give on their own:

* a parameter the notebook does not declare is an error (papermill only warns);
* outputs appear only complete: each is written under a temporary name and renamed into place on
  success. A failed notebook is moved to ``<build>/failed/`` for inspection, never left where
  ``make`` would take it for a finished report;
* the same inputs give the same bytes: execution timestamps, durations and random cell ids are
  removed from the executed notebook.

The HTML report adds what a reader needs to find their way (:func:`render_html`): a table of
contents linking the notebook's title and section headings, and tables that scroll, with numbers
right-aligned.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .config import read_yaml
from .outputs import atomic_write_text

__all__ = [
    "Heading",
    "NotebookError",
    "TEMPLATE_DIR",
    "headings",
    "load_params",
    "mark_numeric_cells",
    "normalize_executed",
    "render_html",
    "run_notebook",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
KERNEL_NAME = "news-coverage"
_TIMING_KEYS = ("start_time", "end_time", "duration")


class NotebookError(Exception):
    """A notebook could not be run or rendered; the message says which and why."""


def load_params(
    params_file: str | Path | None, notebook: str | Path, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Parameters for one notebook: the ``all`` section of the params file, then the section named
    after the notebook's stem (``01_corpus``), then ``overrides``.
    """
    params: dict[str, Any] = {}
    if params_file:
        path = Path(params_file)
        spec = read_yaml(path, "parameters", NotebookError) or {}
        if not isinstance(spec, dict):
            raise NotebookError(f"{path}: expected sections 'all' and one per notebook")
        for section in ("all", Path(notebook).stem):
            values = spec.get(section) or {}
            if not isinstance(values, dict):
                raise NotebookError(f"{path}: section '{section}' must map names to values")
            params.update(values)
    params.update(overrides or {})
    return params


def check_params(notebook: str | Path, params: Mapping[str, Any]) -> None:
    """Raise :class:`NotebookError` when ``params`` names a parameter ``notebook`` lacks."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise NotebookError(
            f"{notebook}: no parameter named {', '.join(unknown)} "
            f"(it declares: {', '.join(declared) or 'none'}); check notebooks/params.yaml "
            "and the make variables"
        )


def normalize_executed(nb) -> None:
    """Remove what differs between two runs of the same notebook on the same inputs (in place)."""
    pm = nb.metadata.get("papermill", {})
    for key in (*_TIMING_KEYS, "exception", "environment_variables", "output_path"):
        pm.pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in _TIMING_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"


def run_notebook(
    source: str | Path,
    output: str | Path,
    params: Mapping[str, Any],
    *,
    failed_dir: str | Path | None = None,
    cwd: str | Path | None = None,
) -> Path:
    """Execute ``source`` with ``params`` into ``output`` (``.ipynb``), atomically.

    Runs with the notebook's folder as working directory, as Jupyter would. On failure the partial
    notebook goes to ``failed_dir`` (default: ``build/failed`` beside ``output``'s parent) and
    :class:`NotebookError` names the failing cell.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source, output = Path(source), Path(output)
    if not source.is_file():
        raise NotebookError(f"{source}: notebook not found")
    check_params(source, params)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial.ipynb")
    try:
        papermill.execute_notebook(
            str(source),
            str(partial),
            parameters=dict(params),
            kernel_name=KERNEL_NAME,
            cwd=str(cwd or source.parent),
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
    except PapermillExecutionError as exc:
        failed = Path(failed_dir) if failed_dir else output.parent.parent / "build" / "failed"
        failed.mkdir(parents=True, exist_ok=True)
        kept = failed / output.name
        if partial.exists():
            shutil.move(partial, kept)
        raise NotebookError(
            f"{source}: cell {exc.exec_count} raised {exc.ename}: {exc.evalue} "
            f"(the failed notebook is kept at {kept})"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    nb = nbformat.read(partial, as_version=4)
    normalize_executed(nb)
    nb.metadata.setdefault("papermill", {})["output_path"] = output.name
    nbformat.write(nb, partial)
    os.replace(partial, output)
    return output


@dataclass(frozen=True)
class Heading:
    """A heading of a Markdown cell as the HTML report shows it."""

    level: int  # 1 for the title, 2 for a section
    text: str  # plain text, as displayed
    anchor: str  # the element id nbconvert gives it (the link target is "#" + anchor)


class _HeadingParser(HTMLParser):
    """Collect ``<h1>``-``<h6>`` with an id from rendered Markdown, text without the ¶ link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Heading] = []
        self._open: tuple[int, str, list[str]] | None = None
        self._skip = 0  # depth inside the heading's anchor link

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag) and self._open is None:
            self._open = (int(tag[1]), attrs.get("id") or "", [])
        elif self._open is not None and tag == "a" and "anchor-link" in (attrs.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if self._open is None:
            return
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag == f"h{self._open[0]}":
            level, anchor, parts = self._open
            if anchor:
                self.found.append(Heading(level, " ".join("".join(parts).split()), anchor))
            self._open = None

    def handle_data(self, data):
        if self._open is not None and not self._skip:
            self._open[2].append(data)


def headings(nb, levels: tuple[int, ...] = (1, 2)) -> list[Heading]:
    """The headings of ``nb``'s Markdown cells at ``levels``, in order, with the ids nbconvert
    gives them in the HTML report (rendered by nbconvert's own Markdown filter, so they match).
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    found: list[Heading] = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"]
        parser = _HeadingParser()
        parser.feed(markdown2html_mistune("".join(source) if isinstance(source, list) else source))
        parser.close()
        found += [h for h in parser.found if h.level in levels]
    return found


# a table cell pandas wrote that holds one number (or NaN): 1, -2.5, 1,234, 3.2e-05, 45%, NaN
_NUMERIC_CELL = re.compile(
    r"<td>(\s*(?:[-+\u2212]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)"
    r"(?:[eE][-+]?\d+)?%?|NaN|nan|inf|-inf)\s*)</td>"
)


def mark_numeric_cells(html: str) -> str:
    """``html`` (a pandas table) with every cell that holds a number marked ``class="num"``, so
    the report's style sheet can right-align numbers and leave text left-aligned.
    """
    return _NUMERIC_CELL.sub(r'<td class="num">\1</td>', html)


def _report_exporter(**kwargs):
    """Nbconvert's HTML exporter, with Markdown links and images restricted to safe URLs.

    nbconvert lets Markdown produce ``javascript:`` links; a Markdown output built from article
    text could then carry one into the report. Here such URLs become ``#harmful-link`` (mistune's
    policy: http(s), mailto, relative links and raster/SVG data images are kept).
    """
    from jinja2 import pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class ReportExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            renderer = IPythonRenderer(
                escape=False,
                allow_harmful_protocols=("data:image/svg+xml;",),
                attachments=cell.get("attachments", {}),
                embed_images=self.embed_images,
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text,
                exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options,
            )
            return MarkdownWithMath(renderer=renderer).render(source)

    return ReportExporter(**kwargs)


def render_html(notebook: str | Path, html: str | Path, *, with_code: bool = False) -> Path:
    """Render an executed notebook to one self-contained HTML file that loads nothing remote.

    Uses the ``offline`` template (``analysis/templates``): JupyterLab's look, with the require.js,
    MathJax, Mermaid and widget loaders (all CDN scripts) removed, a table of contents (a ``<nav>``
    linking the title and every section heading, placed after the title cell) and tables with
    numbers right-aligned. Code is hidden unless ``with_code``. The same notebook gives the same
    bytes.
    """
    import nbformat

    notebook, html = Path(notebook), Path(html)
    nb = nbformat.read(notebook, as_version=4)
    toc = headings(nb)
    first = nb.cells[0] if nb.cells else None
    # the contents go right after the title cell when the notebook opens with one, else on top
    toc_after = (
        first.get("id")
        if first is not None
        and first.cell_type == "markdown"
        and any(h.level == 1 for h in headings({"cells": [first]}))
        else None
    )
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "dataframe" in data.get("text/html", ""):
                data["text/html"] = mark_numeric_cells(data["text/html"])
    exporter = _report_exporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    resources = {
        "metadata": {"name": notebook.stem},
        "toc": [{"level": h.level, "text": h.text, "anchor": h.anchor} for h in toc],
        "toc_after": toc_after,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return atomic_write_text(html, body)
