"""One figure style for every notebook, consistent article labels, deterministic saving.

Plot functions are shaped like seaborn's: they take a DataFrame and an optional ``ax``, draw, and
return the ``Axes``; they never save. :func:`save_figure` writes ``NAME.png``, ``NAME.svg`` and
``NAME.csv`` (the numbers plotted) together, each atomically, with fixed metadata so that the same
inputs give the same bytes.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import defaults
from .config import resolve
from .escape import plain_label
from .outputs import atomic_write_bytes, write_csv

if TYPE_CHECKING:
    from .coverage import Comparison
    from .entities import EntitiesResult
    from .facts import FactsResult
    from .outlets import OutletProfiles
    from .overview import CorpusResult
    from .readability import ReadabilityResult

__all__ = [
    "OKABE_ITO",
    "ZONE_COLORS",
    "coverage_entities",
    "coverage_passages",
    "coverage_quotes",
    "coverage_similarity",
    "coverage_terms",
    "corpus_zones",
    "coverage_timeline",
    "entities_attention",
    "entities_labels",
    "entities_top",
    "facts_coverage",
    "facts_events",
    "facts_matrix",
    "outlet_attention",
    "outlet_blind_spots",
    "outlet_readability",
    "outlet_reuse",
    "outlet_speakers",
    "panel_grid",
    "plot_date_timeline",
    "plot_group_intervals",
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
    "readability_grades",
    "readability_ranks",
    "readability_sentence_lengths",
    "save_figure",
    "style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, "Color Universal Design".
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
ZONE_COLORS = {
    "headline": "#000000",
    "subheading": "#56B4E9",  # a lighter blue than the body: article text, not sentences
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
    """Draw words per zone per article as horizontal stacked bars.

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
    ax.legend(
        ncols=len(ZONE_COLORS), loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False
    )
    return ax


def plot_grade_intervals(
    intervals: pd.DataFrame,
    *,
    axes: Sequence[Axes],
    label: str = "label",
    metric_names: Mapping[str, str] | None = None,
    hollow: pd.Series | None = None,
) -> Sequence[Axes]:
    """Draw one panel per metric: each article's score (dot) and interval (line), shared x.

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
    """Draw a metric x article grid coloured by rank within each metric (1 = easiest to read).

    Each cell is labelled with its score. ``scores`` and ``ranks`` share index (metrics) and
    columns (article labels).
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


#: The jitter of :func:`plot_sentence_lengths`: frac(sin(n * a) * b), the constants of the
#: well-known shader one-liner "fract(sin(x * 12.9898) * 43758.5453)" (spread in [0, 1)), and
#: the height of the band the dots spread over, in rows.
_JITTER_FREQUENCY, _JITTER_SCALE, _JITTER_SPREAD = 12.9898, 43758.5453, 0.3


def plot_sentence_lengths(
    lengths: pd.DataFrame, *, label: str = "label", value: str = "words", ax: Axes | None = None
) -> Axes:
    """Draw the words per sentence of each article: dots, quartile box and mean.

    Every sentence is a dot, a box marks the quartiles and a diamond the mean (the mean is what
    the formulas use).
    """
    ax = ax or plt.gca()
    labels = list(dict.fromkeys(lengths[label]))
    data = [lengths.loc[lengths[label] == lab, value].to_numpy() for lab in labels]
    if data:  # matplotlib cannot draw zero boxes
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
        # a fixed pseudo-random jitter in [0, 1): the same data give the same picture
        jitter = (np.sin(np.arange(len(values)) * _JITTER_FREQUENCY) * _JITTER_SCALE) % 1
        ax.plot(
            values,
            i + (jitter - 0.5) * _JITTER_SPREAD,
            "o",
            ms=3.5,
            alpha=0.7,
            color=OKABE_ITO[i % len(OKABE_ITO)],
        )
        if len(values):
            ax.plot(values.mean(), i, "D", ms=7, color="#000000", markerfacecolor="white")
    ax.set_yticks(range(len(labels)), [plain_label(lab) for lab in labels])
    ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)  # one empty row when there is none
    ax.set_xlabel("words per sentence")
    return ax


def plot_top_entities(
    counts: pd.DataFrame,
    *,
    axes: Sequence[Axes],
    label: str = "label",
    value: str = "mentions",
    n: int = defaults.TOP_N,
) -> Sequence[Axes]:
    """Draw small multiples: each article's ``n`` most mentioned entities as horizontal bars.

    One panel per article (in ``counts`` order of ``label``), on one shared x scale; panels
    left over are hidden. ``counts`` has ``label``, entity and ``value`` columns.
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
    """Draw a rows x columns grid shaded by value (white = 0), each cell labelled.

    Cells holding 0 or NaN are left blank.
    """
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
    """Draw horizontal 100 % bars: each article's mentions split by entity label.

    ``table`` has one row per article: ``label`` (and optionally article_id), then one column
    of mentions per entity label, stacked in column order.
    """
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
    if kinds:  # no legend (and no warning) for articles without mentions
        ax.legend(
            ncols=min(len(kinds), len(defaults.ENTITY_LABELS)),
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


def panel_grid(
    n_panels: int,
    *,
    n_cols: int = 3,
    panel_height: float,
    width: float = 11,
    extra: float = 0.6,
    sharex: bool = True,
) -> tuple[Figure, np.ndarray]:
    """Open a figure with one panel per item, ``n_cols`` to a row.

    The grid has ``min(n_cols, n_panels)`` columns and as many rows as the panels need; a count
    below one still gets one panel, so an empty result draws an empty figure, not an error.

    Parameters
    ----------
    n_panels : int
        Panels wanted.
    n_cols : int
        Most panels in a row.
    panel_height : float
        Height of one row of panels, in inches.
    width : float
        Width of the figure, in inches.
    extra : float
        Inches added to the height for the figure's title.
    sharex : bool
        Whether the panels share their x axis.

    Returns
    -------
    Figure
        The figure, ``width`` wide and ``panel_height * n_rows + extra`` high.
    numpy.ndarray
        Its Axes, always two-dimensional (n_rows, n_cols); ``axes.ravel()`` lists them row by row
        and ``axes[-1]`` is the bottom row.
    """
    n_panels = max(n_panels, 1)
    n_cols = min(n_cols, n_panels)
    n_rows = -(-n_panels // n_cols)
    fig, axes = plt.subplots(
        n_rows,
        n_cols,
        figsize=(width, panel_height * n_rows + extra),
        sharex=sharex,
        squeeze=False,
    )
    return fig, axes


def plot_reuse_map(lengths: pd.Series, spans: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Draw each article as a bar as long as its text, its shared passages marked where they sit.

    ``lengths``: tokens per article label (in order); ``spans``: label, first_token, last_token,
    kind (quote, prose or quote in one).
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
    """Draw horizontal stacked bars: one per ``label`` (in ``order``), split by ``part``.

    Parts are stacked in the order of ``colors`` (its keys), lengths ``value``; a part whose name
    starts with "(" (a pool such as "(unattributed)") is hatched.
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
    """Draw one panel per article: its ``n`` most distinctive terms by z-score.

    Bars on one shared scale, with a dashed line at ``defaults.Z_CRITICAL`` (1.96: two-sided
    5 % for one term on its own).
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
        ax.axvline(defaults.Z_CRITICAL, color="#666666", lw=0.8, ls="--")
        ax.set_title(plain_label(lab), fontsize=10, fontweight="normal")
    for ax in axes[len(labels) :]:
        ax.set_visible(False)
    return axes


def plot_date_timeline(
    dates: pd.DataFrame, *, order: Sequence[str], label: str = "label", ax: Axes | None = None
) -> Axes:
    """Draw dated expressions on a time axis, one row per article (``order``).

    ``dates`` has ``label``, ``when`` (fractional year), ``zone`` and ``text``. Captions are
    hollow markers: they often date a photograph; headlines are squares, filled, and
    sub-headings hollow squares.
    """
    ax = ax or plt.gca()
    rows = {lab: i for i, lab in enumerate(order)}
    for zone, marker, fill in (
        ("body", "o", OKABE_ITO[0]),
        ("headline", "s", OKABE_ITO[0]),
        ("subheading", "s", "white"),
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


def corpus_zones(result: CorpusResult) -> tuple[Figure, pd.DataFrame]:
    """Draw the words of each zone of each article; the title gives the body's share.

    Returns
    -------
    Figure
        One stacked bar per article (:func:`plot_zone_words`).
    DataFrame
        The numbers plotted (:attr:`analysis.overview.CorpusResult.zones`): article_id, label,
        headline, body, caption, boilerplate, body_share_percent.
    """
    zones = result.zones
    share = zones["body_share_percent"]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(zones) + 1.5))
    plot_zone_words(zones, ax=ax)
    ax.set_title(
        f"Body text is {share.min():.0f}–{share.max():.0f}% of each article's words"
        if share.notna().any()
        else "No article has words"
    )
    return fig, zones


def readability_ranks(result: ReadabilityResult) -> tuple[Figure, pd.DataFrame]:
    """Draw every shown score of every article, coloured by rank; the title names the hardest.

    Returns
    -------
    Figure
        A metric x article grid (:func:`plot_rank_heatmap`).
    DataFrame
        The numbers plotted (:func:`analysis.readability.ranked_scores`): metric, label,
        score, rank.
    """
    from . import readability

    scores, ranks = readability.score_matrix(result.readability, result.labels, result.metrics)
    hardest, wins, n_metrics = readability.hardest_article(ranks)
    fig, ax = plt.subplots(figsize=(1.2 * len(scores.columns) + 3.5, 4.2))
    plot_rank_heatmap(
        scores.rename(index=readability.METRIC_NAMES),
        ranks.rename(index=readability.METRIC_NAMES),
        ax=ax,
    )
    ax.set_xlabel("article (colour: rank on that score, light = easiest)")
    ax.set_title(
        f"{plain_label(hardest)} reads hardest on {wins} of {n_metrics} scores"
        if n_metrics
        else "No article has a score"
    )
    return fig, readability.ranked_scores(result)


def readability_grades(result: ReadabilityResult) -> tuple[Figure, pd.DataFrame]:
    """Draw the bootstrap interval of every shown grade score; the title says how wide they are.

    A hollow dot marks a SMOG score on fewer sentences than SMOG was calibrated for.

    Returns
    -------
    Figure
        One panel per grade-level score (:func:`plot_grade_intervals`), three to a row.
    DataFrame
        The numbers plotted (:func:`analysis.readability.shown_intervals`): metric, label,
        article_id, estimate, low, high, n_boot, sentences.
    """
    from . import readability

    shown = readability.shown_intervals(result)
    fig, axes = panel_grid(
        shown["metric"].nunique(), panel_height=0.5 * len(result.labels) + 1.2, extra=1
    )
    plot_grade_intervals(
        shown,
        axes=axes.ravel(),
        metric_names=readability.METRIC_NAMES,
        hollow=shown["extrapolated"],
    )
    for ax in axes[-1]:
        ax.set_xlabel("grade (US school years)")
    summary = readability.interval_summary(shown)
    fig.suptitle(
        f"{result.level:.0%} intervals are {summary['median_width']:.1f} grades wide; on "
        f"{summary['all_overlap']} of {summary['metrics']} scores every article's interval "
        "overlaps every other's"
        if summary["metrics"]
        else "No interval: no grade-level score chosen, or every article has fewer than two "
        "sentences",
        x=0.01,
        ha="left",
        fontweight="bold",
    )
    fig.tight_layout()
    columns = ["metric", "label", "article_id", "estimate", "low", "high", "n_boot", "sentences"]
    return fig, shown[columns]


def readability_sentence_lengths(result: ReadabilityResult) -> tuple[Figure, pd.DataFrame]:
    """Draw the length of every body sentence; the title gives the range of the means.

    Returns
    -------
    Figure
        One row of dots, box and mean per article (:func:`plot_sentence_lengths`).
    DataFrame
        The numbers plotted (:func:`analysis.readability.sentence_lengths`): article_id,
        label, sentence, words.
    """
    from . import readability

    lengths = readability.sentence_lengths(result.sentences)
    lengths.insert(1, "label", lengths["article_id"].map(result.labels))
    means = readability.mean_sentence_lengths(result)
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(result.labels) + 1.6))
    plot_sentence_lengths(lengths, ax=ax)
    ax.set_title(
        f"Mean sentence length runs from {means.min():.0f} words "
        f"({plain_label(means.idxmin())}) to {means.max():.0f} ({plain_label(means.idxmax())})"
        if len(means)
        else "No body sentence"
    )
    return fig, lengths


# ---- 03 entities -----------------------------------------------------------------------------

# Layout of the entity figures, in inches, set by eye on the seed figures (8-pt entity names):
#: height of one entity bar in the small multiples, and what a panel adds (title, axis)
_ENTITY_BAR, _ENTITY_PANEL = 0.22, 1.2
#: width per article and fixed part of the attention heatmap; height per entity and fixed part
_ATTENTION_COLUMN, _ATTENTION_WIDTH = 1.1, 4
_ATTENTION_ROW, _ATTENTION_HEIGHT = 0.38, 1.6
#: height per article and fixed part (legend, axis) of the label-mix bars, and their width
_MIX_ROW, _MIX_HEIGHT, _MIX_WIDTH = 0.5, 1.8, 8


def entities_top(result: EntitiesResult) -> tuple[Figure, pd.DataFrame]:
    """Draw each article's most mentioned entities, one panel per article on one scale.

    The title names the entity with the most mentions in any one article.

    Returns
    -------
    Figure
        The small multiples (:func:`plot_top_entities`), three to a row.
    DataFrame
        The bars drawn (:func:`analysis.entities.top_per_article`): article_id, label, entity,
        mentions.
    """
    from . import entities

    rows = entities.top_per_article(result)
    fig, axes = panel_grid(len(result.ids), panel_height=_ENTITY_BAR * result.top_n + _ENTITY_PANEL)
    plot_top_entities(rows, axes=axes.ravel(), n=result.top_n)
    for ax in axes[-1]:
        ax.set_xlabel("mentions")
    leader = entities.most_mentioned(result)
    if leader is None:
        title = "No entity mentioned"
    else:
        entity, mentions, label = leader
        title = (
            f"{plain_label(entity)} is the most mentioned entity of any article "
            f"({mentions} in {plain_label(label)})"
        )
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig, rows


def entities_attention(result: EntitiesResult) -> tuple[Figure, pd.DataFrame]:
    """Draw the most mentioned entities' mentions per 1,000 words in each article.

    The title counts the entities every article names.

    Returns
    -------
    Figure
        The heatmap (:func:`plot_value_heatmap` of :func:`analysis.entities.top_attention`).
    DataFrame
        The cells drawn (:func:`analysis.entities.attention_rows`): entity, label (the
        article's), per_1000_words.
    """
    from . import entities

    matrix = entities.top_attention(result)
    fig, ax = plt.subplots(
        figsize=(
            _ATTENTION_COLUMN * len(result.ids) + _ATTENTION_WIDTH,
            _ATTENTION_ROW * len(matrix) + _ATTENTION_HEIGHT,
        )
    )
    plot_value_heatmap(matrix, ax=ax)
    ax.set_title(
        f"{len(entities.named_everywhere(matrix))} of the top {len(matrix)} entities appear in "
        "every article"
        if len(result.ids) > 1
        else "Mentions per 1,000 words"
    )
    ax.set_xlabel("article")
    return fig, entities.attention_rows(matrix)


def entities_labels(result: EntitiesResult) -> tuple[Figure, pd.DataFrame]:
    """Draw each article's mentions split by entity label; the title gives the share of people.

    Returns
    -------
    Figure
        One 100 % bar per article (:func:`plot_label_mix`).
    DataFrame
        :func:`analysis.entities.article_label_mix`: article_id, label, then mentions per
        entity label.
    """
    from . import entities

    mix = entities.article_label_mix(result)
    fig, ax = plt.subplots(figsize=(_MIX_WIDTH, _MIX_ROW * len(result.ids) + _MIX_HEIGHT))
    plot_label_mix(mix, ax=ax)
    people = entities.people_share(mix)
    ax.set_title(
        f"People are {people.min():.0f}–{people.max():.0f}% of each article's mentions"
        if people.notna().any()
        else "No people mentioned"
    )
    return fig, mix


# ---- 04 coverage -----------------------------------------------------------------------------

#: Panel titles of the similarity figure, by column of ``similarity.csv``.
_SIMILARITY_PANELS = {
    "tfidf_cosine": "vocabulary (TF-IDF cosine)",
    "entity_jaccard": "entities (Jaccard)",
    "reuse_share_a": "copied text (share of row's tokens)",
}
#: Colours of the top speakers: the Okabe-Ito palette without black (kept for text).
_SPEAKER_COLORS = OKABE_ITO[:-1]
#: Grey for the speakers pooled as others, light grey for the unattributed.
_OTHERS_COLOR, _UNATTRIBUTED_COLOR = "#999999", "#dddddd"


def coverage_entities(
    result: Comparison, max_entities: int = defaults.MAX_ENTITIES
) -> tuple[Figure, pd.DataFrame]:
    """Draw which entities each article names, in mentions per 1,000 words.

    Rows: the ``max_entities`` entities named by the most articles (then the most mentioned);
    columns: articles. The title counts the entities every article names.

    Returns
    -------
    Figure
        The heatmap.
    DataFrame
        The numbers plotted (:func:`analysis.coverage.entity_coverage_rows`): entity, label,
        article_id, article, mentions, per_1000_words.
    """
    from . import coverage

    matrix = coverage.coverage_matrix(result, max_entities)
    fig, ax = plt.subplots(figsize=(1.0 * len(result.ids) + 4.5, 0.3 * len(matrix) + 1.6))
    plot_value_heatmap(matrix, ax=ax, fmt="{:.0f}")
    n_every = int((result.status["status"] == "every article").sum())
    ax.set_title(
        f"{n_every} entities appear in every article (mentions per 1,000 words)"
        if result.comparable
        else "Mentions per 1,000 words",
        pad=24,
    )
    ax.xaxis.tick_top()
    return fig, coverage.entity_coverage_rows(result, max_entities)


def coverage_similarity(result: Comparison) -> tuple[Figure, pd.DataFrame]:
    """Draw how alike the articles are: vocabulary, entities and copied text, side by side.

    Returns
    -------
    Figure
        Three heatmaps in one article order (:func:`analysis.coverage.similarity_views`).
    DataFrame
        ``similarity.csv`` (:meth:`analysis.coverage.Comparison.similarity`): article_a,
        article_b, tfidf_cosine, entity_jaccard, reuse_share_a.
    """
    from . import coverage

    n = len(result.ids)
    fig, axes = plt.subplots(1, 3, figsize=(3.2 * 3 + 0.6 * n, 0.55 * n + 2.2))
    for ax, (key, matrix) in zip(axes, coverage.similarity_views(result).items()):
        plot_value_heatmap(matrix, ax=ax, fmt="{:.2f}")
        ax.set_title(_SIMILARITY_PANELS[key], fontsize=10)
    fig.suptitle(
        "How alike the articles are" if result.comparable else "Comparisons need two articles",
        x=0.01,
        ha="left",
        fontweight="bold",
    )
    fig.tight_layout()
    return fig, result.similarity()


def coverage_passages(result: Comparison) -> tuple[Figure, pd.DataFrame]:
    """Draw where each article's shared passages sit; the title gives the largest share.

    Returns
    -------
    Figure
        One bar per article (:func:`plot_reuse_map`).
    DataFrame
        One row per passage and side (:func:`analysis.reuse.passage_positions`: article_id,
        other, first_token, last_token, kind; empty for an article sharing nothing) with the
        article's tokens and reuse_share (:func:`analysis.reuse.reuse_share`).
    """
    positions, shares = result.positions, result.reuse
    lengths = shares.set_index("article_id")["tokens"].reindex(result.ids)
    lengths.index = [result.labels[a] for a in lengths.index]
    spans = positions.assign(label=positions["article_id"].map(result.labels))
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(result.ids) + 1.4))
    plot_reuse_map(lengths, spans, ax=ax)
    top = shares["reuse_share"].max()
    if not result.comparable:
        title = "Comparisons need two articles"
    elif top > 0:
        title = (
            f"Up to {100 * top:.0f}% of an article's tokens are in passages another "
            "article shares (stock titles included)"
        )
    else:
        title = "No shared passages"
    ax.set_title(title)
    data = positions.merge(
        shares[["article_id", "tokens", "reuse_share"]], on="article_id", how="right"
    )
    return fig, data


def coverage_quotes(result: Comparison) -> tuple[Figure, pd.DataFrame]:
    """Draw each article's quoted words by speaker; the title gives the share attributed.

    The top speakers (:func:`analysis.quotes.top_speakers`) have a colour each, the others are
    pooled, the unattributed hatched.

    Returns
    -------
    Figure
        One stacked bar per article.
    DataFrame
        Quoted words per speaker per article (:func:`analysis.quotes.quoted_words`:
        article_id, speaker, speaker_label, quotes, words) and label (the article's).
    """
    from . import quotes

    voices = quotes.speaker_groups(result.voices, result.labels)
    colors = {
        s: _SPEAKER_COLORS[i % len(_SPEAKER_COLORS)]
        for i, s in enumerate(quotes.top_speakers(result.voices))
    }
    colors.update({quotes.OTHERS: _OTHERS_COLOR, quotes.UNATTRIBUTED: _UNATTRIBUTED_COLOR})
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(result.ids) + 1.8))
    plot_stacked_bars(
        voices,
        label="label",
        part="who",
        value="words",
        order=[result.labels[a] for a in result.ids],
        colors=colors,
        ax=ax,
    )
    ax.set_xlabel("quoted words")
    quoted = result.quotes["words"].sum()
    attributed = result.quotes.loc[result.quotes["speaker"] != "", "words"].sum()
    ax.set_title(
        f"{100 * attributed / quoted:.0f}% of {quoted} quoted words are attributed"
        if quoted
        else "No direct quotations"
    )
    return fig, voices.drop(columns="who")


def coverage_terms(
    result: Comparison, top_terms: int = defaults.TOP_TERMS
) -> tuple[Figure, pd.DataFrame]:
    """Draw each article's most distinctive terms; the title counts those past the z line.

    Returns
    -------
    Figure
        One panel per article (:func:`plot_term_panels`), three to a row (:func:`panel_grid`).
    DataFrame
        The terms drawn (:func:`analysis.coverage.terms_shown`): article_id, term, count,
        count_rest, log_odds, z, label.
    """
    from . import coverage

    terms = coverage.terms_shown(result, top_terms)
    fig, axes = panel_grid(len(result.ids), panel_height=0.25 * top_terms + 1.2)
    plot_term_panels(terms, axes=axes.ravel(), n=top_terms)
    for ax in axes[-1]:
        ax.set_xlabel("z-score (log-odds vs the other articles)")
    z = defaults.Z_CRITICAL
    strong = int((result.terms["z"] > z).sum())
    if not result.comparable:
        title = "Distinctive terms need two articles"
    elif result.terms.empty:
        title = "No term is used twice or more in an article"
    elif strong == 0:
        title = f"No term passes z = {z}: leanings, not findings"
    else:
        title = f"{strong} term(s) pass z = {z}"
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig, terms


def coverage_timeline(result: Comparison) -> tuple[Figure, pd.DataFrame]:
    """Draw the dates that name a year on a time line; the title gives the years they span.

    Returns
    -------
    Figure
        One row per article (:func:`plot_date_timeline`).
    DataFrame
        The dates drawn (:func:`analysis.coverage.dated_mentions`): article_id, label, zone,
        text, year, month, day, when.
    """
    from . import coverage

    dated = coverage.dated_mentions(result)
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(result.ids) + 1.6))
    plot_date_timeline(dated, order=[result.labels[a] for a in result.ids], ax=ax)
    years = sorted(set(dated["year"].astype(int)))
    if len(years) > 1:
        title = f"Dates mentioned span {years[0]}–{years[-1]}"
    elif years:
        title = f"All dated mentions are in {years[0]}"
    else:
        title = "No date with a year is mentioned"
    ax.set_title(title)
    return fig, dated


# ---- 05 facts ----------------------------------------------------------------------------------

#: Colours of facts by how widely their event reports them (facts_coverage).
_REACH_COLORS = {
    "every article of the event": OKABE_ITO[0],
    "some articles of the event": OKABE_ITO[4],
    "this article only": OKABE_ITO[1],
    "(article alone in its event)": "#dddddd",
}
_REACH = {
    "every": "every article of the event",
    "some": "some articles of the event",
    "only": "this article only",
    "alone": "(article alone in its event)",
}


def _event_columns(ax: Axes, events: Sequence[str]) -> None:
    """Name each run of columns by its event above the axes, and draw a line between runs."""
    runs: list[tuple[str, int, int]] = []
    for j, e in enumerate(events):
        if runs and runs[-1][0] == e:
            runs[-1] = (e, runs[-1][1], j)
        else:
            runs.append((e, j, j))
    for e, first, last in runs:
        ax.annotate(
            e,
            ((first + last) / 2, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 34),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            fontweight="bold",
        )
        if first > 0:
            ax.axvline(first - 0.5, color="#333333", lw=1.2)


def facts_matrix(
    result: FactsResult, max_facts: int = defaults.MAX_FACTS
) -> tuple[Figure, pd.DataFrame]:
    """Draw the fact matrix: shared facts × articles, then each article's own facts, counted.

    Rows: facts reported by two articles or more (the first ``max_facts``), then the count of
    facts only each article reports; columns: articles, grouped by event.

    Returns
    -------
    Figure
        A dot where an article reports the fact; on the count rows, the number of the
        article's own facts.
    DataFrame
        The cells (:func:`analysis.facts.matrix_rows`).
    """
    from .facts import event_order, matrix_rows

    cells = matrix_rows(result, max_facts)
    order = event_order(result)
    n_rows = int(cells["row"].max()) + 1 if len(cells) else 1
    labels = cells.drop_duplicates("row")["row_label"].tolist()
    fig, ax = plt.subplots(figsize=(0.75 * len(order) + 6.5, 0.24 * n_rows + 2.0))
    column = {a: j for j, a in enumerate(order)}
    dots = cells[cells["carried"] & cells["fact_id"].ne("")]
    ax.scatter(
        dots["article_id"].map(column),
        dots["row"],
        s=36,
        color=OKABE_ITO[0],
        zorder=3,
    )
    counts = cells[cells["fact_id"].eq("") & cells["carried"]]
    for row, a, k in zip(counts["row"], counts["article_id"], counts["facts"]):
        ax.text(column[a], row, str(k), ha="center", va="center", fontsize=8, color=OKABE_ITO[5])
    ax.set_xticks(range(len(order)), [plain_label(result.labels[a]) for a in order], rotation=90)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(labels)), [plain_label(t) for t in labels], fontsize=7)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.grid(color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    event = dict(zip(result.events["article_id"], result.events["event"]))
    _event_columns(ax, [event[a] for a in order])
    facts = result.facts.drop_duplicates("fact_id")
    shared = facts[facts["n_articles"] > 1]
    size = pd.Series(event).value_counts()
    every = int((shared["n_articles"] == shared["article_id"].map(event).map(size)).sum())
    if not result.comparable:
        title = "Facts need two articles to compare"
    else:
        title = (
            f"{len(shared)} of {len(facts)} facts are reported by two articles or more; "
            f"{every} by every article of their event"
        )
    ax.set_title(title, pad=52)
    return fig, cells


def facts_events(result: FactsResult) -> tuple[Figure, pd.DataFrame]:
    """Draw the facts every two articles share, grouped by event; the title counts the events.

    Returns
    -------
    Figure
        A heatmap of shared facts, each event's articles framed.
    DataFrame
        One row per ordered pair of articles (:func:`analysis.facts.pair_matrix`).
    """
    from .facts import event_order, pair_matrix

    matrix, long = pair_matrix(result)
    order = event_order(result)
    n = len(order)
    fig, ax = plt.subplots(figsize=(0.6 * n + 3.6, 0.55 * n + 2.0))
    plot_value_heatmap(matrix, ax=ax, fmt="{:.0f}")
    event = [dict(zip(result.events["article_id"], result.events["event"]))[a] for a in order]
    start = 0
    for j in range(1, n + 1):
        if j == n or event[j] != event[start]:
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    (start - 0.5, start - 0.5),
                    j - start,
                    j - start,
                    fill=False,
                    edgecolor=OKABE_ITO[5],
                    lw=2,
                )
            )
            ax.text(j - 0.55, start - 0.4, event[start], ha="right", va="top", fontsize=8)
            start = j
    k = len(set(event))
    ax.set_title(
        f"{n} articles, {k} event{'s' if k != 1 else ''} (facts shared by each pair)"
        if result.comparable
        else "One article: nothing to compare"
    )
    return fig, long


def facts_coverage(result: FactsResult) -> tuple[Figure, pd.DataFrame]:
    """Draw per article its facts by how widely its event reports them, and what it omits.

    Returns
    -------
    Figure
        One stacked bar per article (every article of its event, some, this one only; grey and
        hatched for an article alone in its event), the omissions written beside it.
    DataFrame
        The counts (:func:`analysis.facts.coverage_counts`).
    """
    from .facts import coverage_counts

    counts = coverage_counts(result)
    long = counts.melt(
        id_vars=["article"], value_vars=list(_REACH), var_name="reach", value_name="facts"
    )
    long["reach"] = long["reach"].map(_REACH)
    order = counts["article"].tolist()
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(order) + 1.8))
    plot_stacked_bars(
        long, label="article", part="reach", value="facts", order=order, colors=_REACH_COLORS, ax=ax
    )
    totals = counts[list(_REACH)].sum(axis=1)
    for i, (total, omitted) in enumerate(zip(totals, counts["omitted"])):
        if omitted:
            ax.text(total + 0.3, i, f"omits {omitted}", va="center", fontsize=8)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("facts (body sentences) the article reports")
    compared = counts[counts["event_size"] > 1]
    in_events = int(compared[["every", "some", "only"]].sum().sum())
    if in_events:
        share = 100 * compared["only"].sum() / in_events
        title = (
            f"{share:.0f}% of the sentences of events of two articles or more report a fact "
            "no other article reports"
        )
    else:
        title = "Every article is alone in its event: nothing to compare"
    ax.set_title(title)
    return fig, counts


# --------------------------------------------------------------------------------------------
# The outlet report of a collection (notebooks/outlets.ipynb)

#: Height of one outlet's row in the outlet figures, in inches.
_OUTLET_ROW = 0.45
#: Entities per direction (more, less) in each outlet's attention panel.
_ATTENTION_SHOWN = 6
#: Named speakers per outlet in the quoted-speakers figure.
_SPEAKERS_SHOWN = 5


def plot_group_intervals(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str = "group",
    value: str = "value",
    spread: tuple[str, str] | None = None,
    color: str = OKABE_ITO[0],
) -> Axes:
    """Draw one row per group: its value (dot) and interval (line), and optionally a spread.

    ``table`` has ``label``, ``value``, low and high columns, in the order to draw (top first);
    ``spread`` names two more columns drawn as a light band behind (e.g. quartiles).
    """
    ax = ax or plt.gca()
    rows = [plain_label(v) for v in table[label]]
    y = np.arange(len(rows))
    if spread is not None:
        ax.barh(
            y,
            table[spread[1]] - table[spread[0]],
            left=table[spread[0]],
            height=0.5,
            color="#dddddd",
            label="middle half of the articles",
        )
    ax.hlines(y, table["low"], table["high"], color=color, lw=2, label="interval")
    ax.plot(table[value], y, "o", color=color, label="estimate")
    ax.set_yticks(y, rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    return ax


def outlet_readability(
    result: OutletProfiles, metric: str = "flesch_kincaid_grade"
) -> tuple[Figure, pd.DataFrame]:
    """Draw each group's mean score with its interval over stories, and its articles' quartiles.

    The title names the hardest and the easiest outlet to read.

    Returns
    -------
    Figure
        One panel per grouping (outlet, and lean where there is one).
    DataFrame
        The rows of ``readability.csv`` drawn: grouping, group, metric, articles, stories, mean,
        low, high, q25, median, q75.
    """
    from .readability import METRIC_NAMES

    data = result.readability[result.readability["metric"] == metric].reset_index(drop=True)
    groupings = list(dict.fromkeys(data["grouping"]))
    fig, axes = plt.subplots(
        len(groupings) or 1,
        1,
        figsize=(8, _OUTLET_ROW * max(len(data), 1) + 1.6 * max(len(groupings), 1)),
        squeeze=False,
    )
    for ax, grouping in zip(axes[:, 0], groupings):
        rows = data[data["grouping"] == grouping].sort_values("mean", ascending=False)
        plot_group_intervals(rows, ax=ax, value="mean", spread=("q25", "q75"))
        ax.set_title(f"by {grouping}", fontsize=10, fontweight="normal")
    name = METRIC_NAMES.get(metric, metric)
    axes[-1, 0].set_xlabel(f"{name} (mean over articles; band: middle half of the articles)")
    outlets = data[data["grouping"] == "outlet"].dropna(subset=["mean"]).sort_values("mean")
    if len(outlets) >= 2:
        title = (
            f"{plain_label(outlets.iloc[-1]['group'])} is hardest to read "
            f"({name} {outlets.iloc[-1]['mean']:.1f}), {plain_label(outlets.iloc[0]['group'])} "
            f"easiest ({outlets.iloc[0]['mean']:.1f})"
        )
    else:
        title = f"{name} of one outlet: nothing to compare"
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig, data


def _ratio_label(log2: float) -> str:
    return f"×{2**log2:g}" if log2 >= 0 else f"×1/{2**-log2:g}"


def outlet_attention(
    result: OutletProfiles, n: int = _ATTENTION_SHOWN
) -> tuple[Figure, pd.DataFrame]:
    """Draw, per outlet, the entities it names far more or far less than the other outlets.

    Each entity's log2 ratio of rates (its mentions per 1,000 words against the other outlets'
    in the same stories) with its interval; up to ``n`` entities per direction, strongest first.

    Returns
    -------
    Figure
        One panel per outlet, on one shared scale.
    DataFrame
        The rows of ``entity_attention.csv`` drawn.
    """
    table = result.attention
    table = table[(table["grouping"] == "outlet") & (table["stands_out"] != "")].copy()
    table["strength"] = table["log2_ratio"].abs()
    shown = (
        table.sort_values(["group", "stands_out", "strength"], ascending=[True, False, False])
        .groupby(["group", "stands_out"], sort=False)
        .head(n)
        .drop(columns="strength")
        .reset_index(drop=True)
    )
    groups = list(dict.fromkeys(shown["group"]))
    per_panel = max([int((shown["group"] == g).sum()) for g in groups] or [1])
    fig, axes = panel_grid(len(groups), panel_height=0.3 * per_panel + 1.0, n_cols=3)
    for ax, group, color in zip(axes.ravel(), groups, itertools.cycle(OKABE_ITO)):
        rows = shown[shown["group"] == group].sort_values("log2_ratio", ascending=False)
        plot_group_intervals(rows, ax=ax, label="entity", value="log2_ratio", color=color)
        ax.axvline(0, color="#555555", lw=0.8)
        ax.set_title(plain_label(group), fontsize=10, fontweight="normal")
    for ax in axes.ravel()[len(groups) :]:
        ax.set_visible(False)
    if len(shown):  # whole powers of two, at most about four of them
        lo = math.floor(np.nanmin(shown[["low", "log2_ratio"]].to_numpy()))
        hi = math.ceil(np.nanmax(shown[["high", "log2_ratio"]].to_numpy()))
        step = max(1, math.ceil((hi - lo) / 3))
        ticks = list(range(step * math.floor(lo / step), hi + step, step))
        for ax in axes.ravel()[: len(groups)]:
            ax.set_xticks(ticks, [_ratio_label(t) for t in ticks], fontsize=8)
            ax.set_xlim(ticks[0] - 0.3, ticks[-1] + 0.3)
    fig.supxlabel(
        "mentions per 1,000 words against the other outlets' in the same stories (log scale)",
        fontsize=10,
    )
    fig.suptitle(
        "What each outlet names far more (or less) than the others in the same stories"
        if len(shown)
        else "No entity is named far more or far less by one outlet than by the others",
        x=0.01,
        ha="left",
        fontweight="bold",
    )
    fig.tight_layout()
    return fig, shown


def outlet_speakers(
    result: OutletProfiles, n: int = _SPEAKERS_SHOWN
) -> tuple[Figure, pd.DataFrame]:
    """Draw each outlet's most quoted named speakers: their share of its quoted words.

    Returns
    -------
    Figure
        One panel per outlet: share with its interval over stories.
    DataFrame
        The rows of ``quoted_speakers.csv`` drawn (rank 1 to ``n``).
    """
    table = result.speakers
    shown = table[
        (table["grouping"] == "outlet") & (table["rank"] >= 1) & (table["rank"] <= n)
    ].reset_index(drop=True)
    groups = list(dict.fromkeys(shown["group"]))
    fig, axes = panel_grid(len(groups), panel_height=0.3 * n + 1.0, n_cols=3)
    for ax, group, color in zip(axes.ravel(), groups, itertools.cycle(OKABE_ITO)):
        rows = shown[shown["group"] == group]
        scaled = rows.assign(
            share=100 * rows["share"], low=100 * rows["low"], high=100 * rows["high"]
        )
        plot_group_intervals(scaled, ax=ax, label="speaker", value="share", color=color)
        ax.set_title(plain_label(group), fontsize=10, fontweight="normal")
    for ax in axes.ravel()[len(groups) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("share of the outlet's quoted words (%)")
    unattributed = table[(table["grouping"] == "outlet") & (table["rank"] == 0)]
    title = "Who each outlet quotes most"
    if len(unattributed):
        title += (
            f" ({unattributed['share'].min():.0%}–{unattributed['share'].max():.0%} of the "
            "quoted words have no attributed speaker)"
        )
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig, shown


def outlet_reuse(result: OutletProfiles) -> tuple[Figure, pd.DataFrame]:
    """Draw the share of each outlet's text shared word for word with another outlet.

    Returns
    -------
    Figure
        One row per outlet: the share with its interval over stories.
    DataFrame
        The rows of ``reuse.csv`` drawn (grouping outlet).
    """
    data = result.reuse[result.reuse["grouping"] == "outlet"].reset_index(drop=True)
    drawn = pd.DataFrame(
        {
            "group": data["group"],
            "share": 100 * data["share_other_outlet"],
            "low": 100 * data["other_outlet_low"],
            "high": 100 * data["other_outlet_high"],
        }
    ).sort_values("share", ascending=False)
    fig, ax = plt.subplots(figsize=(8, _OUTLET_ROW * max(len(drawn), 1) + 1.4))
    plot_group_intervals(drawn, ax=ax, value="share")
    ax.set_xlabel("share of the outlet's tokens in passages shared with another outlet (%)")
    ax.set_xlim(left=0)
    if len(drawn) >= 2:
        title = (
            f"{plain_label(drawn.iloc[0]['group'])} shares the most text word for word with "
            f"another outlet ({drawn.iloc[0]['share']:.1f}%), "
            f"{plain_label(drawn.iloc[-1]['group'])} the least ({drawn.iloc[-1]['share']:.1f}%)"
        )
    else:
        title = "Text shared word for word: one outlet, nothing to compare"
    ax.set_title(title)
    fig.tight_layout()
    return fig, data


def outlet_blind_spots(result: OutletProfiles) -> tuple[Figure, pd.DataFrame]:
    """Draw each group's blind spots per story (entities most outlets name and it does not).

    Returns
    -------
    Figure
        One panel per grouping: blind spots per story with the interval over stories.
    DataFrame
        The rows of ``blind_spots.csv`` drawn.
    """
    data = result.blind_spots[result.blind_spots["stories"] > 0].reset_index(drop=True)
    groupings = list(dict.fromkeys(data["grouping"]))
    fig, axes = plt.subplots(
        max(len(groupings), 1),
        1,
        figsize=(8, _OUTLET_ROW * max(len(data), 1) + 1.6 * max(len(groupings), 1)),
        squeeze=False,
    )
    for ax, grouping in zip(axes[:, 0], groupings):
        rows = data[data["grouping"] == grouping].sort_values("per_story", ascending=False)
        plot_group_intervals(rows, ax=ax, value="per_story", color=OKABE_ITO[5])
        ax.set_title(f"by {grouping}", fontsize=10, fontweight="normal")
        ax.set_xlim(left=0)
    axes[-1, 0].set_xlabel("entities most outlets of a story name and this one does not, per story")
    outlets = data[data["grouping"] == "outlet"].sort_values("per_story")
    title = (
        f"{plain_label(outlets.iloc[-1]['group'])} leaves out the most "
        f"({outlets.iloc[-1]['per_story']:.1f} per story), "
        f"{plain_label(outlets.iloc[0]['group'])} the least ({outlets.iloc[0]['per_story']:.1f})"
        if len(outlets) >= 2
        else "No story has the three outlets or more that a blind spot needs"
    )
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig, data
