"""Run a parameterised notebook with papermill and render it to self-contained HTML.

Three guarantees that papermill and nbconvert do not give on their own:

* a parameter the notebook does not declare is an error (papermill only warns);
* outputs appear only complete: each is written under a temporary name and renamed into place on
  success. A failed notebook is moved to ``<build>/failed/`` for inspection, never left where
  ``make`` would take it for a finished report;
* the same inputs give the same bytes: execution timestamps, durations and random cell ids are
  removed from the executed notebook;
* given the files a notebook is declared to write (``outputs``: the Makefile's lists), a run that
  wrote another file into its figures or tables folder, or not one of them, fails
  (:func:`output_problems`), so the Makefile's lists cannot drift from what the notebooks write.

The HTML report adds what a reader needs to find their way (:func:`render_html`): a table of
contents linking the notebook's title and section headings, and tables that scroll, with numbers
right-aligned.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .config import read_yaml, resolve

# nbformat validates notebooks with jsonschema, which imports rfc3987_syntax when it is installed (a
# dependency of jupyter_events) for the "iri" formats, which no notebook schema uses; building its
# grammar takes 1.4 s in every process that reads a notebook (run, render, index). Marked absent
# before nbformat is imported, it is skipped as if it were not installed.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

__all__ = [
    "Heading",
    "NotebookError",
    "OUTPUT_LISTS",
    "TEMPLATE_DIR",
    "headings",
    "load_params",
    "mark_numeric_cells",
    "normalize_executed",
    "output_problems",
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
    """Return the parameters of one notebook.

    They are the ``all`` section of the params file, updated by the section named after the
    notebook's stem (``01_corpus``), then by ``overrides``.
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


# The kernel logs every file it opens for writing or renames into place (``os.replace``), one
# absolute path a line: an audit hook (PEP 578) installed when the kernel starts, through
# IPython's ``exec_files``, before any cell runs. Defaults bind everything it uses, so the names it
# leaves in the notebook's namespace are deleted; it never raises (a raising hook would fail the
# audited call).
_WRITE_LOG_HOOK = """\
import os as _os
import sys as _sys


def _log_writes(
    event, args, _log=open({log!r}, "a", encoding="utf-8", buffering=1),
    _abspath=_os.path.abspath, _fsdecode=_os.fsdecode, _writing=_os.O_WRONLY | _os.O_RDWR,
):
    try:
        if event == "open":
            path, mode, flags = args
            if not (flags & _writing if mode is None else any(c in mode for c in "wax+")):
                return
        elif event == "os.rename":
            path = args[1]
        else:
            return
        if not isinstance(path, int):
            _log.write(_abspath(_fsdecode(path)) + "\\n")
    except Exception:
        pass


_sys.addaudithook(_log_writes)
del _os, _sys, _log_writes
"""

# The make variables that list each notebook's outputs (names without folder or suffix), named in
# the message when the outputs a notebook wrote differ from the list: see the Makefile.
OUTPUT_LISTS = {"figures_dir": "FIGURES_{notebook}", "tables_dir": "TABLES_{notebook}"}


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _shown(path: Path) -> str:
    """Return ``path`` relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def output_problems(
    notebook: str | Path,
    written: Iterable[str | Path],
    declared: Iterable[str | Path],
    folders: Mapping[str, str | Path],
) -> str:
    """Compare what a notebook run wrote with the outputs declared for it.

    Only files in ``folders`` (and the folders of the declared files) count, hidden files
    (temporaries such as ``.NAME.partial``) excepted; a file written twice counts once.

    Parameters
    ----------
    notebook
        The notebook that ran; its stem names the Makefile lists in the message
        (:data:`OUTPUT_LISTS`).
    written
        Every file the run wrote, as the kernel logged it.
    declared
        The files the run had to write (``python -m analysis run --outputs``).
    folders
        The watched folders by parameter name (``figures_dir``, ``tables_dir``).

    Returns
    -------
    str
        ``""`` when every declared file was written and nothing else; otherwise one sentence
        naming the notebook, each file, and the list to fix.
    """
    notebook = Path(notebook)
    declared = {_real(p) for p in declared}
    watched = {name: _real(folder) for name, folder in folders.items()}
    roots = set(watched.values()) | {p.parent for p in declared}
    found = {
        path
        for path in map(_real, written)
        if not path.name.startswith(".") and any(path.is_relative_to(r) for r in roots)
    }

    def fix(paths: set[Path], verb: str) -> str:
        by_list: dict[str, list[str]] = {}
        for path in sorted(paths):
            lists = [
                OUTPUT_LISTS.get(name, "--outputs").format(notebook=notebook.stem)
                for name, folder in watched.items()
                if path.parent == folder
            ]
            names = by_list.setdefault(lists[0] if lists else "--outputs", [])
            if path.stem not in names:
                names.append(path.stem)
        return "; ".join(
            f"{verb} {', '.join(names)} {'to' if verb == 'add' else 'from'} {where}"
            for where, names in by_list.items()
        )

    undeclared, missing = found - declared, declared - found
    problems = []
    if undeclared:
        problems.append(
            f"wrote {', '.join(_shown(p) for p in sorted(undeclared))}, not among its declared "
            f"outputs ({fix(undeclared, 'add')} in the Makefile)"
        )
    if missing:
        problems.append(
            f"did not write {', '.join(_shown(p) for p in sorted(missing))}, declared as its "
            f"outputs ({fix(missing, 'remove')} in the Makefile, or write them)"
        )
    return f"{notebook} {' and '.join(problems)}" if problems else ""


def _keep_failed(partial: Path, output: Path, failed_dir: str | Path | None) -> Path:
    """Move the partial notebook to the failed folder and return where it is kept."""
    failed = Path(failed_dir) if failed_dir else output.parent.parent / "build" / "failed"
    failed.mkdir(parents=True, exist_ok=True)
    kept = failed / output.name
    if partial.exists():
        shutil.move(partial, kept)
    return kept


def run_notebook(
    source: str | Path,
    output: str | Path,
    params: Mapping[str, Any],
    *,
    failed_dir: str | Path | None = None,
    cwd: str | Path | None = None,
    outputs: Iterable[str | Path] | None = None,
    html: str | Path | None = None,
) -> Path:
    """Execute ``source`` with ``params`` into ``output`` (``.ipynb``), atomically.

    Runs with the notebook's folder as working directory, as Jupyter would. On failure the partial
    notebook goes to ``failed_dir`` (default: ``build/failed`` beside ``output``'s parent) and
    :class:`NotebookError` names the failing cell.

    Parameters
    ----------
    source, output
        The notebook to run and where its executed copy goes.
    params
        Parameter values; each must be declared by the notebook (:func:`check_params`).
    failed_dir
        Where a failed run's notebook is kept.
    cwd
        Working directory of the kernel (default: the notebook's folder).
    outputs
        When given, the files the run must write under the ``figures_dir`` and ``tables_dir``
        parameters' folders (relative paths are taken from the project root, as the folders
        are): writing another file there, or not writing one of these, fails the run
        (:func:`output_problems`). What the kernel wrote is logged by the kernel itself, so
        notebooks running at the same time into the same folders (``make -j``) do not disturb
        the check.
    html
        When given, the executed notebook is also rendered there (:func:`render_html`), in this
        process.

    Returns
    -------
    Path
        ``output``.
    """
    import tempfile

    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source, output = Path(source), Path(output)
    declared = None if outputs is None else [resolve(p) for p in outputs]
    if not source.is_file():
        raise NotebookError(f"{source}: notebook not found")
    check_params(source, params)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial.ipynb")
    with tempfile.TemporaryDirectory(prefix="news-coverage-run-") as tmp:
        log, hook = Path(tmp) / "written.txt", Path(tmp) / "log_writes.py"
        log.touch()
        hook.write_text(_WRITE_LOG_HOOK.format(log=str(log)), encoding="utf-8")
        watch = (
            {} if declared is None else {"extra_arguments": [f"--IPKernelApp.exec_files={hook}"]}
        )
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
                **watch,
            )
        except PapermillExecutionError as exc:
            kept = _keep_failed(partial, output, failed_dir)
            raise NotebookError(
                f"{source}: cell {exc.exec_count} raised {exc.ename}: {exc.evalue} "
                f"(the failed notebook is kept at {kept})"
            ) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        written = log.read_text(encoding="utf-8").splitlines()
    nb = nbformat.read(partial, as_version=4)
    normalize_executed(nb)
    nb.metadata.setdefault("papermill", {})["output_path"] = output.name
    nbformat.write(nb, partial)
    if declared is not None:
        folders = {name: resolve(params[name]) for name in OUTPUT_LISTS if params.get(name)}
        problem = output_problems(source, written, declared, folders)
        if problem:
            kept = _keep_failed(partial, output, failed_dir)
            raise NotebookError(f"{problem} (the executed notebook is kept at {kept})")
    os.replace(partial, output)
    if html is not None:
        render_html(output, html)
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
    """Return the headings of ``nb``'s Markdown cells at ``levels``, in order.

    Each comes with the id nbconvert gives it in the HTML report (rendered by nbconvert's own
    Markdown filter, so they match).
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
    """Mark every cell of ``html`` (a pandas table) that holds a number ``class="num"``.

    The report's style sheet then right-aligns numbers and leaves text left-aligned.
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

    from .outputs import atomic_write_text

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
