"""Writing outputs so that they appear only when complete, with stable bytes.

Every file the pipeline produces is written under a hidden temporary name in the same folder and
renamed into place (an atomic operation on one file system): a run killed half-way leaves either
the old file or the new one, never a truncated file that ``make`` would take as up to date.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: writing a report or the index does not import pandas
    import pandas as pd

__all__ = [
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "write_csv",
    "write_tables",
]


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to stream ``path``'s content to, renamed into place on success.

    The temporary file is renamed to ``path`` when the block succeeds and deleted when the block
    fails or is interrupted.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and a rename; create parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    r"""Write a table as UTF-8 CSV with ``\\n`` line ends and no index, atomically."""
    return atomic_write_text(path, table.to_csv(index=False, lineterminator="\n"))


def write_tables(tables: Mapping[str, pd.DataFrame], folder: str | Path) -> list[Path]:
    """Write each table as ``folder/NAME.csv`` (:func:`write_csv`), in the mapping's order.

    A notebook and the CLI write a measure's tables with this one call, so their files are the same.
    """
    return [write_csv(table, Path(folder) / f"{name}.csv") for name, table in tables.items()]
