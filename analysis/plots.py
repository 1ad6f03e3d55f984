"""One figure style for every notebook, consistent article labels, deterministic saving.

Plot functions are shaped like seaborn's: they take a DataFrame and an optional ``ax``, draw, and
return the ``Axes``; they never save. :func:`save_figure` writes ``NAME.png``, ``NAME.svg`` and
``NAME.csv`` (the numbers plotted) together, each atomically, with fixed metadata so that the same
inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .outputs import atomic_write_bytes, write_csv

__all__ = [
    "OKABE_ITO",
    "ZONE_COLORS",
    "article_labels",
    "plot_zone_words",
    "save_figure",
    "style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
ZONE_COLORS = {"headline": "#000000", "body": "#0072B2", "caption": "#E69F00",
               "boilerplate": "#999999"}
_SVG_HASH_SALT = "news-coverage"
_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (8, 4.5),
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "font.size": 10,
    "svg.hashsalt": _SVG_HASH_SALT,
    "svg.fonttype": "path",
}


def style() -> None:
    """Apply the project's figure style to matplotlib's global settings."""
    matplotlib.rcParams.update(_RC)


def article_labels(ids: Sequence[str], metadata: Mapping[str, Mapping[str, str]] | None = None,
                   ) -> dict[str, str]:
    """Short, unique labels for articles, the same in every figure.

    A ``label`` column in the metadata sidecar wins. Otherwise the part of the id before the first
    underscore (``000`` for ``000_2e98f640cd47a897``) when that is unique, else the id itself,
    shortened to 24 characters.
    """
    metadata = metadata or {}
    labels = {}
    prefixes = [i.split("_", 1)[0] for i in ids]
    use_prefix = len(set(prefixes)) == len(prefixes)
    for article_id, prefix in zip(ids, prefixes):
        given = (metadata.get(article_id) or {}).get("label", "").strip()
        labels[article_id] = given or (prefix if use_prefix else article_id[:24])
    if len(set(labels.values())) < len(labels):  # user labels collide: fall back to ids
        labels = {i: i[:24] for i in ids}
    return labels


def plot_zone_words(table: pd.DataFrame, *, label: str = "label", ax: Axes | None = None) -> Axes:
    """Horizontal stacked bars: words per zone per article.

    ``table`` has one row per article, a ``label`` column and one column per zone in
    :data:`ZONE_COLORS` (missing zones count as zero).
    """
    ax = ax or plt.gca()
    left = pd.Series(0.0, index=table.index)
    for zone, color in ZONE_COLORS.items():
        if zone not in table:
            continue
        ax.barh(table[label], table[zone], left=left, color=color, label=zone, height=0.6)
        left = left + table[zone]
    ax.invert_yaxis()
    ax.set_xlabel("words per zone")
    # below the axis, so it never collides with a long title
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    return ax


def save_figure(fig: Figure, data: pd.DataFrame, folder: str | Path, name: str) -> list[Path]:
    """Write ``NAME.png``, ``NAME.svg`` and ``NAME.csv`` (``data``, the numbers plotted).

    Metadata that would change from run to run (dates, random SVG ids) is fixed.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with matplotlib.rc_context({"svg.hashsalt": _SVG_HASH_SALT}):
        for fmt, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, metadata=meta, bbox_inches="tight")
            path = folder / f"{name}.{fmt}"
            atomic_write_bytes(path, buf.getvalue())
            written.append(path)
    written.append(write_csv(data, folder / f"{name}.csv"))
    return written
