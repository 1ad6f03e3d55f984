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
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .outputs import atomic_write_bytes, write_csv

__all__ = [
    "OKABE_ITO",
    "ZONE_COLORS",
    "article_labels",
    "plot_grade_intervals",
    "plot_label_mix",
    "plot_top_entities",
    "plot_value_heatmap",
    "plot_rank_heatmap",
    "plot_sentence_lengths",
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


def plot_grade_intervals(intervals: pd.DataFrame, *, axes: Sequence[Axes], label: str = "label",
                         metric_names: Mapping[str, str] | None = None,
                         hollow: pd.Series | None = None) -> Sequence[Axes]:
    """One panel per metric: each article's score (dot) and its interval (line), shared x scale.

    ``intervals`` has columns metric, ``label``, estimate, low, high (one row per metric and
    article), in the order to draw. ``hollow`` (bool, aligned with ``intervals``) draws a dot
    unfilled: a score outside its formula's validity range (SMOG on < 30 sentences).
    """
    metrics = list(dict.fromkeys(intervals["metric"]))
    if len(axes) < len(metrics):
        raise ValueError(f"{len(metrics)} metrics need as many axes, got {len(axes)}")
    labels = list(dict.fromkeys(intervals[label]))
    colors = {lab: OKABE_ITO[i % len(OKABE_ITO)] for i, lab in enumerate(labels)}
    for ax, metric in zip(axes, metrics):
        rows = intervals[intervals["metric"] == metric]
        for _, row in rows.iterrows():
            y = labels.index(row[label])
            color = colors[row[label]]
            ax.plot([row["low"], row["high"]], [y, y], color=color, lw=2, solid_capstyle="butt")
            open_dot = bool(hollow[row.name]) if hollow is not None else False
            ax.plot(row["estimate"], y, "o", ms=6, color=color,
                    markerfacecolor="white" if open_dot else color)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_title((metric_names or {}).get(metric, metric), fontsize=10, fontweight="normal")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    return axes


def _label_grid(ax: Axes, frame: pd.DataFrame) -> Axes:
    """Column and row names as tick labels of a cell grid, without ticks or frame."""
    ax.set_xticks(range(frame.shape[1]), frame.columns)
    ax.set_yticks(range(frame.shape[0]), frame.index)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def plot_rank_heatmap(scores: pd.DataFrame, ranks: pd.DataFrame, *, ax: Axes | None = None,
                      fmt: str = "{:.1f}") -> Axes:
    """Metric x article grid coloured by rank within each metric (1 = easiest to read), each
    cell labelled with its score. ``scores`` and ``ranks`` share index (metrics) and columns
    (article labels)."""
    ax = ax or plt.gca()
    n = max(ranks.shape[1], 2)
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("easy_hard", ["#E8F1F8", "#0072B2"])
    ax.imshow(ranks.to_numpy(dtype=float), cmap=cmap, vmin=1, vmax=n, aspect="auto")
    for i in range(scores.shape[0]):
        for j in range(scores.shape[1]):
            value, rank = scores.iat[i, j], ranks.iat[i, j]
            text = "–" if pd.isna(value) else fmt.format(value)
            dark = not pd.isna(rank) and rank > (n + 1) / 2
            ax.text(j, i, text, ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    return _label_grid(ax, scores)


def plot_sentence_lengths(lengths: pd.DataFrame, *, label: str = "label", value: str = "words",
                          ax: Axes | None = None) -> Axes:
    """Words per sentence for each article: every sentence as a dot, a box for the quartiles and
    a diamond for the mean (the mean is what the formulas use)."""
    ax = ax or plt.gca()
    labels = list(dict.fromkeys(lengths[label]))
    data = [lengths.loc[lengths[label] == lab, value].to_numpy() for lab in labels]
    ax.boxplot(data, vert=False, positions=range(len(labels)), widths=0.5, showfliers=False,
               medianprops={"color": "#000000"}, boxprops={"color": "#666666"},
               whiskerprops={"color": "#666666"}, capprops={"color": "#666666"})
    for i, values in enumerate(data):
        # a fixed pseudo-random jitter: the same data give the same picture
        jitter = (np.sin(np.arange(len(values)) * 12.9898) * 43758.5453) % 1
        ax.plot(values, i + (jitter - 0.5) * 0.3, "o", ms=3.5, alpha=0.7,
                color=OKABE_ITO[i % len(OKABE_ITO)])
        if len(values):
            ax.plot(values.mean(), i, "D", ms=7, color="#000000", markerfacecolor="white")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel("words per sentence")
    return ax


def plot_top_entities(counts: pd.DataFrame, *, axes: Sequence[Axes], label: str = "label",
                      value: str = "mentions", n: int = 10) -> Sequence[Axes]:
    """Small multiples, one panel per article (in ``counts`` order of ``label``): its ``n`` most
    mentioned entities as horizontal bars, on one shared x scale."""
    labels = list(dict.fromkeys(counts[label]))
    top = max(counts[value].max(), 1) if len(counts) else 1
    for i, (ax, lab) in enumerate(zip(axes, labels)):
        rows = counts[counts[label] == lab].nlargest(n, value, keep="first")
        ax.barh(range(len(rows)), rows[value], color=OKABE_ITO[i % len(OKABE_ITO)], height=0.7)
        ax.set_yticks(range(len(rows)), rows["entity"], fontsize=8)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, top * 1.05)
        ax.set_title(lab, fontsize=10, fontweight="normal")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(labels):]:
        ax.set_visible(False)
    return axes


def plot_value_heatmap(matrix: pd.DataFrame, *, ax: Axes | None = None, fmt: str = "{:.1f}",
                       color: str = "#0072B2") -> Axes:
    """Rows x columns grid shaded by value (white = 0), each cell labelled; blank cells for 0/NaN."""
    ax = ax or plt.gca()
    values = matrix.to_numpy(dtype=float)
    top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("white_to", ["#FFFFFF", color])
    ax.imshow(np.nan_to_num(values), cmap=cmap, vmin=0, vmax=top, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if np.isfinite(v) and v > 0:
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                        color="white" if v > top * 0.6 else "black")
    return _label_grid(ax, matrix)


def plot_label_mix(table: pd.DataFrame, *, label: str = "label", ax: Axes | None = None) -> Axes:
    """Horizontal 100 % bars: each article's mentions split by entity label."""
    ax = ax or plt.gca()
    kinds = [c for c in table.columns if c not in ("article_id", label)]
    totals = table[kinds].sum(axis=1).replace(0, np.nan)
    left = pd.Series(0.0, index=table.index)
    for i, kind in enumerate(kinds):
        share = (100 * table[kind] / totals).fillna(0)
        ax.barh(table[label], share, left=left, color=OKABE_ITO[i % len(OKABE_ITO)], label=kind,
                height=0.6)
        left = left + share
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the article's entity mentions (%)")
    ax.legend(ncols=min(len(kinds), 7), loc="upper center", bbox_to_anchor=(0.5, -0.18),
              frameon=False, fontsize=8)
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
