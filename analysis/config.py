"""Reading the small YAML files users edit (parameters, zone rules, aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["read_yaml"]


def read_yaml(path: str | Path, what: str, error: type[Exception]) -> Any:
    """Parsed content of a YAML file (None for an empty file).

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
