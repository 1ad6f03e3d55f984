"""Project paths and the small YAML files users edit (parameters, zone rules, aliases).

Paths are anchored at the repository root rather than the current directory: notebooks run from
``notebooks/`` (papermill's cwd and Jupyter's), the CLI from anywhere; relative paths given as
parameters are read relative to the project root so that both agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["PROJECT_ROOT", "read_yaml", "resolve"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resolve(path: str | Path) -> Path:
    """Return ``path`` as an absolute path; relative paths are taken from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def read_yaml(path: str | Path, what: str, error: type[Exception]) -> Any:
    """Read a YAML file and return its parsed content (None for an empty file).

    Raises ``error`` with a message naming the file and ``what`` it should be when the file is
    missing or is not valid YAML (the parser's message gives the line).
    """
    path = Path(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: {what} file not found") from None
    except UnicodeDecodeError:
        raise error(f"{path}: {what} file is not UTF-8; re-save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({exc})") from None
