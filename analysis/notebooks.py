"""Run a parameterised notebook with papermill and render it to self-contained HTML.

Three guarantees that papermill and nbconvert do not give on their own:

* a parameter the notebook does not declare is an error (papermill only warns);
* outputs appear only complete: each is written under a temporary name and renamed into place on
  success. A failed notebook is moved to ``<build>/failed/`` for inspection, never left where
  ``make`` would take it for a finished report;
* the same inputs give the same bytes: execution timestamps, durations and random cell ids are
  removed from the executed notebook.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import read_yaml
from .outputs import atomic_write_text

__all__ = [
    "NotebookError",
    "TEMPLATE_DIR",
    "load_params",
    "normalize_executed",
    "render_html",
    "run_notebook",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
KERNEL_NAME = "news-coverage"
_TIMING_KEYS = ("start_time", "end_time", "duration")


class NotebookError(Exception):
    """A notebook could not be run or rendered; the message says which and why."""


def load_params(params_file: str | Path | None, notebook: str | Path,
                overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Parameters for one notebook: the ``all`` section of the params file, then the section named
    after the notebook's stem (``01_corpus``), then ``overrides``."""
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


def run_notebook(source: str | Path, output: str | Path, params: Mapping[str, Any], *,
                 failed_dir: str | Path | None = None, cwd: str | Path | None = None) -> Path:
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
            str(source), str(partial), parameters=dict(params), kernel_name=KERNEL_NAME,
            cwd=str(cwd or source.parent), progress_bar=False, log_output=False,
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


def render_html(notebook: str | Path, html: str | Path, *, with_code: bool = False) -> Path:
    """Render an executed notebook to one self-contained HTML file that loads nothing remote.

    Uses the ``offline`` template (``analysis/templates``): JupyterLab's look, with the require.js,
    MathJax, Mermaid and widget loaders (all CDN scripts) removed. Code is hidden unless
    ``with_code``.
    """
    import nbformat
    from nbconvert import HTMLExporter

    notebook, html = Path(notebook), Path(html)
    nb = nbformat.read(notebook, as_version=4)
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    return atomic_write_text(html, body)
