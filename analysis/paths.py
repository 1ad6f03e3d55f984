"""Project paths, anchored at the repository root rather than the current directory.

Notebooks run from ``notebooks/`` (papermill's cwd and Jupyter's), the CLI from anywhere; relative
paths given as parameters are read relative to the project root so that both agree.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_ROOT", "resolve"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resolve(path: str | Path) -> Path:
    """Return ``path`` as an absolute path; relative paths are taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
