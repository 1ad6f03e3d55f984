"""Tell whether two builds are the same, byte for byte (``make verify``).

``make verify`` builds the pipeline twice from scratch and compares the SHA-256 of every file under
``figures/``, ``tables/`` and ``reports/`` (``build/`` holds caches and logs, not results).
:func:`tree_hashes` reads one build; :func:`differences` compares two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["RESULT_FOLDERS", "differences", "tree_hashes"]

#: The folders of a build whose files must not differ between two builds of the same inputs.
RESULT_FOLDERS = ("figures", "tables", "reports")


def tree_hashes(root: str | Path, folders: Iterable[str] = RESULT_FOLDERS) -> dict[str, str]:
    """Return the SHA-256 of every file under ``root/FOLDER`` for each folder.

    Keys are paths relative to ``root`` (with ``/``), in sorted order. A missing folder
    contributes nothing.
    """
    root = Path(root)
    hashes = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                hashes[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return dict(sorted(hashes.items()))


def differences(first: Mapping[str, str], second: Mapping[str, str]) -> list[str]:
    """List the files that are not the same in both builds, one line each, sorted by path.

    Each line is ``differs: PATH``, ``only in first: PATH`` or ``only in second: PATH``; the list
    is empty when the builds agree.
    """
    lines = []
    for name in sorted(set(first) | set(second)):
        if name not in second:
            lines.append(f"only in first: {name}")
        elif name not in first:
            lines.append(f"only in second: {name}")
        elif first[name] != second[name]:
            lines.append(f"differs: {name}")
    return lines
