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

from .config import resolve
from .escape import plain_label
from .outputs import atomic_write_bytes, write_csv

__all__ = [
    "OKABE_ITO",
    "ZONE_COLORS",
    "plot_date_timeline",
    "plot_grade_intervals",
    "plot_label_mix",
    "plot_top_entities",
    "plot_value_heatmap",
    "plot_rank_heatmap",
    "plot_reuse_map",
    "plot_sentence_lengths",
    "plot_stacked_bars",
    "plot_term_panels",
    "plot_zone_words",
    "publish",
    "save_figure",
    "style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
ZONE_COLORS = {
    "headline": "#000000",
    "body": "#0072B2",
    "caption": "#E69F00",
    "boilerplate": "#999999",
}
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


def plot_zone_words(table: pd.DataFrame, *, label: str = "label", ax: Axes | None = None) -> Axes:
    """Horizontal stacked bars: words per zone per article.

    ``table`` has one row per article, a ``label`` column and one column per zone in
    :data:`ZONE_COLORS` (missing zones count as zero).
    """
    ax = ax or plt.gca()
    left = pd.Series(0.0, index=table.index)
    rows = [plain_label(v) for v in table[label]]
    for zone, color in ZONE_COLORS.items():
        if zone not in table:
            continue
        ax.barh(rows, table[zone], left=left, color=color, label=zone, height=0.6)
        left = left + table[zone]
    ax.invert_yaxis()
    ax.set_xlabel("words per zone")
    # below the axis, so it never collides with a long title
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    return ax


def plot_grade_intervals(
    intervals: pd.DataFrame,
    *,
    axes: Sequence[Axes],
    label: str = "label",
    metric_names: Mapping[str, str] | None = None,
    hollow: pd.Series | None = None,
) -> Sequence[Axes]:
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
            ax.plot(
                row["estimate"],
                y,
                "o",
                ms=6,
                color=color,
                markerfacecolor="white" if open_dot else color,
            )
        ax.set_yticks(range(len(labels)), [plain_label(lab) for lab in labels])
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_title((metric_names or {}).get(metric, metric), fontsize=10, fontweight="normal")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    return axes


def _label_grid(ax: Axes, frame: pd.DataFrame) -> Axes:
    """Column and row names as tick labels of a cell grid, without ticks or frame."""
    ax.set_xticks(range(frame.shape[1]), [plain_label(c) for c in frame.columns])
    ax.set_yticks(range(frame.shape[0]), [plain_label(i) for i in frame.index])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def plot_rank_heatmap(
    scores: pd.DataFrame, ranks: pd.DataFrame, *, ax: Axes | None = None, fmt: str = "{:.1f}"
) -> Axes:
    """Metric x article grid coloured by rank within each metric (1 = easiest to read), each
    cell labelled with its score. ``scores`` and ``ranks`` share index (metrics) and columns
    (article labels).
    """
    ax = ax or plt.gca()
    n = max(ranks.shape[1], 2)
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("easy_hard", ["#E8F1F8", "#0072B2"])
    ax.imshow(ranks.to_numpy(dtype=float), cmap=cmap, vmin=1, vmax=n, aspect="auto")
    for i in range(scores.shape[0]):
        for j in range(scores.shape[1]):
            value, rank = scores.iat[i, j], ranks.iat[i, j]
            text = "–" if pd.isna(value) else fmt.format(value)
            dark = not pd.isna(rank) and rank > (n + 1) / 2
            ax.text(
                j, i, text, ha="center", va="center", fontsize=9, color="white" if dark else "black"
            )
    return _label_grid(ax, scores)


def plot_sentence_lengths(
    lengths: pd.DataFrame, *, label: str = "label", value: str = "words", ax: Axes | None = None
) -> Axes:
    """Words per sentence for each article: every sentence as a dot, a box for the quartiles and
    a diamond for the mean (the mean is what the formulas use).
    """
    ax = ax or plt.gca()
    labels = list(dict.fromkeys(lengths[label]))
    data = [lengths.loc[lengths[label] == lab, value].to_numpy() for lab in labels]
    ax.boxplot(
        data,
        orientation="horizontal",
        positions=range(len(labels)),
        widths=0.5,
        showfliers=False,
        medianprops={"color": "#000000"},
        boxprops={"color": "#666666"},
        whiskerprops={"color": "#666666"},
        capprops={"color": "#666666"},
    )
    for i, values in enumerate(data):
        # a fixed pseudo-random jitter: the same data give the same picture
        jitter = (np.sin(np.arange(len(values)) * 12.9898) * 43758.5453) % 1
        ax.plot(
            values,
            i + (jitter - 0.5) * 0.3,
            "o",
            ms=3.5,
            alpha=0.7,
            color=OKABE_ITO[i % len(OKABE_ITO)],
        )
        if len(values):
            ax.plot(values.mean(), i, "D", ms=7, color="#000000", markerfacecolor="white")
    ax.set_yticks(range(len(labels)), [plain_label(lab) for lab in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel("words per sentence")
    return ax


def plot_top_entities(
    counts: pd.DataFrame,
    *,
    axes: Sequence[Axes],
    label: str = "label",
    value: str = "mentions",
    n: int = 10,
) -> Sequence[Axes]:
    """Small multiples, one panel per article (in ``counts`` order of ``label``): its ``n`` most
    mentioned entities as horizontal bars, on one shared x scale.
    """
    labels = list(dict.fromkeys(counts[label]))
    top = max(counts[value].max(), 1) if len(counts) else 1
    for i, (ax, lab) in enumerate(zip(axes, labels)):
        rows = counts[counts[label] == lab].nlargest(n, value, keep="first")
        ax.barh(range(len(rows)), rows[value], color=OKABE_ITO[i % len(OKABE_ITO)], height=0.7)
        ax.set_yticks(range(len(rows)), [plain_label(e) for e in rows["entity"]], fontsize=8)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, top * 1.05)
        ax.set_title(plain_label(lab), fontsize=10, fontweight="normal")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(labels) :]:
        ax.set_visible(False)
    return axes


def plot_value_heatmap(
    matrix: pd.DataFrame, *, ax: Axes | None = None, fmt: str = "{:.1f}", color: str = "#0072B2"
) -> Axes:
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
                ax.text(
                    j,
                    i,
                    fmt.format(v),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if v > top * 0.6 else "black",
                )
    return _label_grid(ax, matrix)


def plot_label_mix(table: pd.DataFrame, *, label: str = "label", ax: Axes | None = None) -> Axes:
    """Horizontal 100 % bars: each article's mentions split by entity label."""
    ax = ax or plt.gca()
    kinds = [c for c in table.columns if c not in ("article_id", label)]
    totals = table[kinds].sum(axis=1).replace(0, np.nan)
    left = pd.Series(0.0, index=table.index)
    for i, kind in enumerate(kinds):
        share = (100 * table[kind] / totals).fillna(0)
        ax.barh(
            [plain_label(v) for v in table[label]],
            share,
            left=left,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            label=kind,
            height=0.6,
        )
        left = left + share
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the article's entity mentions (%)")
    ax.legend(
        ncols=min(len(kinds), 7),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        frameon=False,
        fontsize=8,
    )
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


def publish(fig: Figure, data: pd.DataFrame, folder: str | Path, name: str):
    """Save ``fig`` with its numbers (:func:`save_figure`), close it, and return the saved PNG.

    A notebook displays the returned image, so the report holds the same bytes as
    ``figures/NAME.png``::

        display(plots.publish(fig, data, figures_dir, "readability_ranks"))

    Returns
    -------
    IPython.display.Image
        The PNG as written to ``folder``.
    """
    from IPython.display import Image

    png, _svg, _csv = save_figure(fig, data, resolve(folder), name)
    plt.close(fig)
    return Image(filename=str(png))


def plot_reuse_map(lengths: pd.Series, spans: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Each article as a bar as long as its text (tokens), with the passages it shares with
    another article marked where they sit. ``lengths``: tokens per article label (in order);
    ``spans``: label, first_token, last_token, kind (quote, prose or quote in one).
    """
    ax = ax or plt.gca()
    colors = {"quote": OKABE_ITO[5], "prose": OKABE_ITO[0], "quote in one": OKABE_ITO[3]}
    labels = list(lengths.index)
    for i, lab in enumerate(labels):
        ax.barh(i, lengths[lab], color="#eeeeee", height=0.6, edgecolor="#bbbbbb", lw=0.5)
    seen = set()
    for row in spans.itertuples(index=False):
        i = labels.index(row.label)
        kind = row.kind
        ax.barh(
            i,
            row.last_token - row.first_token + 1,
            left=row.first_token,
            height=0.6,
            color=colors.get(kind, "#000000"),
            label=None if kind in seen else kind,
        )
        seen.add(kind)
    ax.set_yticks(range(len(labels)), [plain_label(lab) for lab in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel("position in the article (tokens: headline, body, captions in reading order)")
    if seen:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3, frameon=False, fontsize=8
        )
    return ax


def plot_stacked_bars(
    table: pd.DataFrame,
    *,
    label: str,
    part: str,
    value: str,
    order: Sequence[str],
    colors: Mapping[str, str],
    ax: Axes | None = None,
) -> Axes:
    """Horizontal stacked bars: one bar per ``label`` (in ``order``), split by ``part`` in the
    order of ``colors`` (its keys), lengths ``value``.
    """
    ax = ax or plt.gca()
    left = pd.Series(0.0, index=list(order))
    for name, color in colors.items():
        rows = table[table[part] == name].groupby(label)[value].sum().reindex(order, fill_value=0)
        if rows.sum() == 0:
            continue
        ax.barh(
            range(len(order)),
            rows,
            left=left,
            color=color,
            label=plain_label(name),
            height=0.6,
            hatch="//" if name.startswith("(") else None,
            edgecolor="white",
            lw=0.5,
        )
        left = left + rows
    ax.set_yticks(range(len(order)), [plain_label(lab) for lab in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncols=min(len(colors), 4),
            frameon=False,
            fontsize=8,
        )
    return ax


def plot_term_panels(
    terms: pd.DataFrame, *, axes: Sequence[Axes], label: str = "label", n: int = 8
) -> Sequence[Axes]:
    """Small multiples, one panel per article: its ``n`` most distinctive terms by z-score, bars
    on one shared scale, with the |z| = 1.96 line (two-sided 5 % for one term on its own).
    """
    labels = list(dict.fromkeys(terms[label]))
    top = max(terms["z"].max(), 2.2) if len(terms) else 2.2
    bottom = min(terms["z"].min(), 0) if len(terms) else 0  # a term can lean the other way
    for i, (ax, lab) in enumerate(zip(axes, labels)):
        rows = terms[terms[label] == lab].head(n)
        ax.barh(range(len(rows)), rows["z"], color=OKABE_ITO[i % len(OKABE_ITO)], height=0.7)
        ax.set_yticks(
            range(len(rows)),
            [plain_label(f"{t} ({c})") for t, c in zip(rows["term"], rows["count"])],
            fontsize=8,
        )
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(bottom * 1.05, top * 1.05)
        ax.axvline(1.96, color="#666666", lw=0.8, ls="--")
        ax.set_title(plain_label(lab), fontsize=10, fontweight="normal")
    for ax in axes[len(labels) :]:
        ax.set_visible(False)
    return axes


def plot_date_timeline(
    dates: pd.DataFrame, *, order: Sequence[str], label: str = "label", ax: Axes | None = None
) -> Axes:
    """Dated expressions on a time axis, one row per article (``order``): ``when`` (fractional
    year), ``zone``, ``text``. Captions are hollow markers: they often date a photograph.
    """
    ax = ax or plt.gca()
    rows = {lab: i for i, lab in enumerate(order)}
    for zone, marker, fill in (
        ("body", "o", OKABE_ITO[0]),
        ("headline", "s", OKABE_ITO[0]),
        ("caption", "o", "white"),
    ):
        part = dates[dates["zone"] == zone]
        if part.empty:
            continue
        ax.scatter(
            part["when"],
            part[label].map(rows),
            marker=marker,
            s=40,
            zorder=3,
            facecolor=fill,
            edgecolor=OKABE_ITO[0],
            label=zone,
        )
        for when, lab, text in zip(part["when"], part[label], part["text"]):
            # alternate above and below along a row, so neighbouring labels do not overlap
            k = int((dates.loc[dates[label] == lab, "when"] < when).sum())
            ax.annotate(
                plain_label(text),
                (when, rows[lab]),
                xytext=(0, 8 if k % 2 == 0 else -14),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
    ax.set_yticks(range(len(order)), [plain_label(lab) for lab in order])
    ax.set_ylim(len(order) - 0.4, -0.6)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    if len(dates):
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=3, frameon=False, fontsize=8
        )
    return ax


# ---- figure-level functions: one per figure a notebook shows, grouped by notebook ------------
# Each takes the result of its measure and returns (Figure, DataFrame of the numbers plotted);
# titles state the finding and are computed here from the data.

# ---- 01 corpus and 02 readability ------------------------------------------------------------

# ---- 03 entities -----------------------------------------------------------------------------

# ---- 04 coverage -----------------------------------------------------------------------------
