"""Outlet profiles across the stories of a collection, each with an interval over stories.

The collection runner analyses every story (:func:`analysis.story_tables.analyse_story`) and
gathers, from the stories' tables, one row per article (outlet, lean, words, tokens shared,
readability scores), per article and entity (mentions) and per article and speaker (quoted
words). Everything here is computed from those three tables, grouped by outlet and, where the
articles have a ``lean``, by lean:

- **readability** (:func:`readability_profile`): the mean score over an outlet's articles, and
  their quartiles;
- **entity attention** (:func:`attention_profile`): mentions per 1,000 words of an entity in an
  outlet's articles against the other outlets' articles *of the same stories*, as a log2 ratio;
- **who is quoted** (:func:`speaker_profile`): each speaker's share of an outlet's quoted words;
- **reuse** (:func:`reuse_profile`): the share of an outlet's tokens in passages it shares word
  for word with another outlet's article, or with wire copy;
- **blind spots** (:func:`blind_spot_profile`): entities most outlets of a story name and this
  one does not, per story.

Every number is a ratio of sums over stories (a mean is a sum of scores over a count of
articles), and its interval is a percentile bootstrap that resamples **stories** with
replacement (seeded; the same resamples for every number): articles of one story are not
independent draws, stories roughly are. Findings sentences (:func:`findings`) are computed from
the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from . import defaults, escape
from .escape import Note

__all__ = [
    "ARTICLE_COLUMNS",
    "GROUPINGS",
    "MIN_LOG2_RATIO",
    "OUTLET_TABLES",
    "RATE_PSEUDOCOUNT",
    "Bootstrap",
    "OutletProfiles",
    "attention_profile",
    "attention_view",
    "blind_spot_entities",
    "blind_spot_profile",
    "findings",
    "fold_spellings",
    "group_summary",
    "groupings",
    "lean_view",
    "profiles",
    "readability_profile",
    "read_profiles",
    "reuse_profile",
    "speaker_profile",
    "readability_view",
    "reuse_view",
    "blind_spots_view",
    "speakers_view",
    "spellings_view",
    "stories_view",
    "story_list",
]

#: The columns of the per-article table (``articles``) the profiles read, besides scores.
ARTICLE_COLUMNS = [
    "story",
    "article_id",
    "outlet",
    "lean",
    "wire",
    "words",
    "tokens",
    "tokens_shared",
    "tokens_shared_other_outlet",
    "tokens_shared_wire",
]
#: The groupings profiles are made for: by outlet always, by lean where articles have one.
GROUPINGS = ("outlet", "lean")
#: Added to both mention counts of an attention ratio (Haldane–Anscombe), so that an entity one
#: side never names gets a finite ratio instead of 0 or infinity.
RATE_PSEUDOCOUNT = 0.5
#: An outlet names an entity "far more" (or less) than the others when the ratio of its rate to
#: theirs is at least 2 (at most 1/2) and the whole interval is on that side of 1.
MIN_LOG2_RATIO = 1.0
#: Bootstrap replicates drawn at a time (each chunk has its own seeded stream, so the draws do
#: not depend on anything but the seed and the number of stories).
_CHUNK = 100
#: Columns (numbers) whose replicates are held at once: memory stays flat in the entity count.
_BLOCK = 2048
#: Speakers shown per outlet in the findings and figures.
_TOP_SPEAKERS = 5
#: Entities named in a finding sentence per outlet.
_NAMED = 3


@dataclass(frozen=True)
class Bootstrap:
    """How intervals are computed: resamples of the stories, their seed, and their coverage."""

    n_boot: int = defaults.N_BOOT
    seed: int = defaults.SEED
    level: float = defaults.LEVEL


def _weights(n_stories: int, boot: Bootstrap) -> Iterator[np.ndarray]:
    """Yield the bootstrap's story weights by chunk: how often each replicate draws each story."""
    for k, start in enumerate(range(0, boot.n_boot, _CHUNK)):
        rng = np.random.default_rng([boot.seed, n_stories, k])
        size = min(_CHUNK, boot.n_boot - start)
        draws = rng.integers(0, n_stories, size=(size, n_stories))
        flat = (np.arange(size)[:, None] * n_stories + draws).ravel()
        yield np.bincount(flat, minlength=size * n_stories).reshape(size, n_stories)


def _sums(weights: np.ndarray, matrix: sparse.csc_array, cols: slice) -> np.ndarray:
    """Weighted column sums of ``matrix[:, cols]`` for each replicate: (replicates, columns).

    scipy's sparse product, not BLAS: integers stay exact, and floats are added in the same order
    whatever the machine's thread count, so two runs give the same bytes.
    """
    return np.asarray((matrix[:, cols].T @ weights.T).T, dtype=float)


def _ratio_intervals(
    num: sparse.csc_array, den: sparse.csc_array, boot: Bootstrap
) -> tuple[np.ndarray, np.ndarray]:
    """Return the percentile interval of sum(num)/sum(den) per column, resampling the rows."""
    return _intervals(lambda w, cols: _sums(w, num, cols) / _sums(w, den, cols), num.shape, boot)


def _intervals(
    replicate: Callable[[np.ndarray, slice], np.ndarray], shape: tuple[int, int], boot: Bootstrap
) -> tuple[np.ndarray, np.ndarray]:
    """Return (low, high) of ``replicate(weights, columns)`` over the bootstrap's replicates.

    A replicate where a number is undefined (no article of the outlet drawn) is left out of that
    number's percentiles.
    """
    n_stories, n_cols = shape
    low, high = np.full(n_cols, np.nan), np.full(n_cols, np.nan)
    if n_stories == 0 or n_cols == 0:
        return low, high
    tail = 100 * (1 - boot.level) / 2
    for start in range(0, n_cols, _BLOCK):
        cols = slice(start, min(start + _BLOCK, n_cols))
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.vstack([replicate(w, cols) for w in _weights(n_stories, boot)])
        values[~np.isfinite(values)] = np.nan
        defined = ~np.all(np.isnan(values), axis=0)
        if defined.any():
            low[cols][defined], high[cols][defined] = np.nanpercentile(
                values[:, defined], [tail, 100 - tail], axis=0
            )
    return low, high


def _matrix(
    frame: pd.DataFrame, value: str, rows: pd.Index, keys: pd.DataFrame, on: list[str]
) -> sparse.csc_array:
    """Sum ``value`` into a sparse (story × key) matrix; the keys are the rows of ``keys``."""
    index = keys.reset_index(drop=True).reset_index().rename(columns={"index": "_col"})
    placed = frame.merge(index, on=on, how="inner")
    r = rows.get_indexer(placed["story"])
    return sparse.csc_array(
        (placed[value].to_numpy(dtype=float), (r, placed["_col"].to_numpy())),
        shape=(len(rows), len(keys)),
    )


def _with_group(frame: pd.DataFrame, articles: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return ``frame`` with each article's group as ``group`` (articles without one dropped)."""
    groups = articles[["story", "article_id", by]].rename(columns={by: "group"})
    out = frame.merge(groups, on=["story", "article_id"], how="inner")
    return out[out["group"] != ""]


def _modes(frame: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """Return the most frequent ``column`` value per ``keys``; of equally frequent, the least.

    Vectorized (a Python function per group took 30 of 36 s of the profiles of 150 stories).
    """
    counts = frame.groupby([*keys, column], sort=False).size().rename("_n").reset_index()
    counts = counts.sort_values([*keys, "_n", column], ascending=[True] * len(keys) + [False, True])
    return counts.drop_duplicates(keys).set_index(keys)[column]


def fold_spellings(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Count the spellings of one entity across stories as one (outlets differ in house style).

    Within a story the entity pass merges what the story's own articles spell differently; across
    stories, one outlet's "F.B.I." and another's "FBI" would otherwise be two entities, each
    looking like one outlet's own. Names with one :func:`analysis.entities.spelling_key` (the
    within-story key of a mention, without full stops; an acronym's letters) are counted as the
    spelling most articles use (of equally common ones, the first in sort order), under the
    label most articles give it. They must share the label too, unless they are an acronym (two
    to six capitals): the model labels "F.B.I." a place where it labels "FBI" an organisation,
    but "Hill" (a person) is not "The Hill" (a newspaper).

    Returns
    -------
    mentions : DataFrame
        ``mentions`` with each entity under its common spelling and label, summed per article.
    spellings : DataFrame
        One row per entity written more than one way: entity, label, spellings (each with the
        number of articles using it, most first), articles.
    """
    from .entities import is_acronym, spelling_key

    columns = ["entity", "label", "spellings", "articles"]
    if mentions.empty:
        return mentions, pd.DataFrame(columns=columns)
    keys = ["_key", "_kind"]
    keyed = mentions.assign(
        _key=[
            spelling_key(name, label == "PERSON")
            for name, label in zip(mentions["entity"], mentions["label"])
        ],
        _kind=mentions["label"].where(~mentions["entity"].map(is_acronym), ""),
    )
    keyed = keyed.join(_modes(keyed, keys, "entity").rename("_common"), on=keys)
    keyed = keyed.join(_modes(keyed, keys, "label").rename("_label"), on=keys)
    uses = (
        keyed.groupby(["_common", "_label", "entity"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["_common", "_label", "n", "entity"], ascending=[True, True, False, True])
    )
    rows = []
    for (entity, label), group in uses.groupby(["_common", "_label"], sort=True):
        if len(group) > 1:
            listed = "; ".join(f"{e} ({n})" for e, n in zip(group["entity"], group["n"]))
            rows.append([entity, label, listed, int(group["n"].sum())])
    folded = (
        keyed.assign(entity=keyed["_common"], label=keyed["_label"])
        .groupby(["story", "article_id", "entity", "label"], sort=True)["mentions"]
        .sum()
        .reset_index()
    )
    return folded[list(mentions.columns)], pd.DataFrame(rows, columns=columns)


def groupings(articles: pd.DataFrame) -> list[str]:
    """Return the groupings the articles allow: ``outlet``, and ``lean`` when any has one."""
    return [g for g in GROUPINGS if g == "outlet" or (articles[g] != "").any()]


def group_summary(articles: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Count stories, articles and words per group.

    Returns
    -------
    DataFrame
        One row per group, by name: grouping, group, stories, articles, words, words_per_article.
    """
    table = articles[articles[by] != ""].groupby(by, sort=True)
    out = table.agg(
        stories=("story", "nunique"), articles=("article_id", "size"), words=("words", "sum")
    ).reset_index()
    out = out.rename(columns={by: "group"})
    out.insert(0, "grouping", by)
    out["words_per_article"] = out["words"] / out["articles"]
    return out


def readability_profile(
    articles: pd.DataFrame,
    by: str = "outlet",
    metrics: Sequence[str] = defaults.READABILITY_METRICS,
    boot: Bootstrap = Bootstrap(),
) -> pd.DataFrame:
    """Return each group's mean readability score with an interval, and the scores' quartiles.

    An article without a score (no body text; another language) is left out of that score.

    Returns
    -------
    DataFrame
        One row per group and metric (``metrics`` order within a group): grouping, group,
        metric, articles (with a score), stories, mean, low, high (the interval of the mean),
        q25, median, q75 (of the articles' scores).
    """
    frame = articles[articles[by] != ""].rename(columns={by: "group"})
    stories = pd.Index(sorted(frame["story"].unique()))
    long = frame.melt(
        id_vars=["story", "article_id", "group"], value_vars=list(metrics), var_name="metric"
    ).dropna(subset=["value"])
    keys = pd.DataFrame(
        [(g, m) for g in sorted(frame["group"].unique()) for m in metrics],
        columns=["group", "metric"],
    )
    num = _matrix(long, "value", stories, keys, ["group", "metric"])
    den = _matrix(long.assign(one=1), "one", stories, keys, ["group", "metric"])
    low, high = _ratio_intervals(num, den, boot)
    stats = long.groupby(["group", "metric"])["value"]
    out = keys.assign(
        articles=den.sum(axis=0).astype(int),
        stories=np.asarray((den > 0).sum(axis=0)).astype(int),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["mean"] = num.sum(axis=0) / den.sum(axis=0)
    out["low"], out["high"] = low, high
    quartiles = stats.quantile([0.25, 0.5, 0.75]).unstack().reindex(columns=[0.25, 0.5, 0.75])
    quartiles.columns = ["q25", "median", "q75"]
    quartiles.index.names = ["group", "metric"]
    out = out.merge(quartiles.reset_index(), on=["group", "metric"], how="left")
    out.insert(0, "grouping", by)
    return out


def attention_profile(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    by: str = "outlet",
    min_stories: int = defaults.MIN_ENTITY_STORIES,
    boot: Bootstrap = Bootstrap(),
) -> pd.DataFrame:
    """Compare how often each group names each entity with how often the other groups do.

    For group g and entity e, over the stories g covers: g's mentions of e per 1,000 of its
    words, the other groups' mentions per 1,000 of their words in the same stories, and the log2
    ratio of the two rates (each count plus :data:`RATE_PSEUDOCOUNT`). Only entities named in at
    least ``min_stories`` stories are profiled.

    Returns
    -------
    DataFrame
        One row per group and entity profiled, by group then log2 ratio (highest first):
        grouping, group, entity, label, stories (in which the group names it), mentions,
        per_1000_words, others_mentions, others_per_1000_words, log2_ratio, low, high (its
        interval), stands_out (``more``, ``less`` or "": :data:`MIN_LOG2_RATIO` and an interval
        on one side of 0).
    """
    columns = [
        "grouping",
        "group",
        "entity",
        "label",
        "stories",
        "mentions",
        "per_1000_words",
        "others_mentions",
        "others_per_1000_words",
        "log2_ratio",
        "low",
        "high",
        "stands_out",
    ]
    arts = articles[articles[by] != ""].rename(columns={by: "group"})
    named = _with_group(mentions, articles, by)
    named = named[named["mentions"] > 0]
    story_count = named.groupby("entity")["story"].nunique()
    kept = sorted(story_count[story_count >= min_stories].index)
    groups = sorted(arts["group"].unique())
    if not kept or not groups:
        return pd.DataFrame(columns=columns)
    stories = pd.Index(sorted(arts["story"].unique()))
    per_group = arts.groupby(["story", "group"])["words"].sum()
    words = (
        per_group.unstack(fill_value=0).reindex(index=stories, columns=groups, fill_value=0)
    ).to_numpy(dtype=float)
    present = words > 0
    # the other groups' words, in the stories this group covers only
    others_words = present * (words.sum(axis=1, keepdims=True) - words)
    keys = pd.DataFrame([(g, e) for g in groups for e in kept], columns=["group", "entity"])
    g_of = keys["group"].map({g: i for i, g in enumerate(groups)}).to_numpy()
    e_of = keys["entity"].map({e: i for i, e in enumerate(kept)}).to_numpy()
    own = _matrix(named, "mentions", stories, keys, ["group", "entity"])
    total = _matrix(named, "mentions", stories, pd.DataFrame({"entity": kept}), ["entity"])
    others = sparse.csc_array((total[:, e_of] - own).multiply(present[:, g_of]))
    own_w, others_w = sparse.csc_array(words), sparse.csc_array(others_words)
    all_groups = slice(0, len(groups))

    def log2_ratio(w: np.ndarray, cols: slice) -> np.ndarray:
        g = g_of[cols]
        mine = (_sums(w, own, cols) + RATE_PSEUDOCOUNT) / _sums(w, own_w, all_groups)[:, g]
        theirs = (_sums(w, others, cols) + RATE_PSEUDOCOUNT) / _sums(w, others_w, all_groups)[:, g]
        return np.log2(mine / theirs)

    ones = np.ones((1, len(stories)), dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = log2_ratio(ones, slice(0, len(keys)))[0]
    low, high = _intervals(log2_ratio, own.shape, boot)
    own_total, others_total = own.sum(axis=0), others.sum(axis=0)
    own_words, their_words = words.sum(axis=0)[g_of], others_words.sum(axis=0)[g_of]
    labels = _modes(named, ["entity"], "label")
    stories_named = named.groupby(["group", "entity"])["story"].nunique()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = keys.assign(
            label=keys["entity"].map(labels),
            stories=[
                int(stories_named.get((g, e), 0)) for g, e in zip(keys["group"], keys["entity"])
            ],
            mentions=own_total.astype(int),
            per_1000_words=1000 * own_total / own_words,
            others_mentions=others_total.astype(int),
            others_per_1000_words=1000 * others_total / their_words,
            log2_ratio=np.where(np.isfinite(estimate), estimate, np.nan),
            low=low,
            high=high,
        )
    out["stands_out"] = np.select(
        [
            (out["log2_ratio"] >= MIN_LOG2_RATIO) & (out["low"] > 0),
            (out["log2_ratio"] <= -MIN_LOG2_RATIO) & (out["high"] < 0),
        ],
        ["more", "less"],
        default="",
    )
    out.insert(0, "grouping", by)
    return out.sort_values(
        ["group", "log2_ratio", "entity"], ascending=[True, False, True], ignore_index=True
    )[columns]


def speaker_profile(
    quoted: pd.DataFrame, articles: pd.DataFrame, by: str = "outlet", boot: Bootstrap = Bootstrap()
) -> pd.DataFrame:
    """Return each speaker's share of each group's quoted words, with an interval.

    Parameters
    ----------
    quoted : DataFrame
        story, article_id, speaker (:data:`analysis.quotes.UNATTRIBUTED` for quotations without a
        resolved speaker), speaker_label, quotes, words (quoted words).
    articles : DataFrame
        The per-article table (:data:`ARTICLE_COLUMNS`).
    by : str
        ``outlet`` or ``lean``.
    boot : Bootstrap
        The interval's resampling.

    Returns
    -------
    DataFrame
        One row per group and speaker it quotes, by group then words (most first): grouping,
        group, speaker, speaker_label, stories, quotes, words, share (of the group's quoted
        words), low, high, rank (1 = most quoted named speaker of the group; 0 for the
        unattributed quotations).
    """
    from .quotes import UNATTRIBUTED

    columns = [
        "grouping",
        "group",
        "speaker",
        "speaker_label",
        "stories",
        "quotes",
        "words",
        "share",
        "low",
        "high",
        "rank",
    ]
    said = _with_group(quoted, articles, by)
    said = said[said["words"] > 0]
    if said.empty:
        return pd.DataFrame(columns=columns)
    stories = pd.Index(sorted(articles.loc[articles[by] != "", "story"].unique()))
    totals = said.groupby(["group", "speaker"], sort=True).agg(
        stories=("story", "nunique"), quotes=("quotes", "sum"), words=("words", "sum")
    )
    totals.insert(0, "speaker_label", _modes(said, ["group", "speaker"], "speaker_label"))
    keys = totals.index.to_frame(index=False)
    num = _matrix(said, "words", stories, keys, ["group", "speaker"])
    den = _matrix(said, "words", stories, keys[["group"]].drop_duplicates(), ["group"])
    groups = keys[["group"]].drop_duplicates().reset_index(drop=True)
    g_of = keys["group"].map({g: i for i, g in enumerate(groups["group"])}).to_numpy()
    every = slice(0, len(groups))

    def share(w: np.ndarray, cols: slice) -> np.ndarray:
        return _sums(w, num, cols) / _sums(w, den, every)[:, g_of[cols]]

    low, high = _intervals(share, num.shape, boot)
    out = totals.reset_index()
    out["share"] = out["words"] / out.groupby("group")["words"].transform("sum")
    out["low"], out["high"] = low, high
    out = out.sort_values(["group", "words", "speaker"], ascending=[True, False, True])
    named = out["speaker"] != UNATTRIBUTED
    out["rank"] = 0
    out.loc[named, "rank"] = out[named].groupby("group").cumcount() + 1
    out.insert(0, "grouping", by)
    return out.reset_index(drop=True)[columns]


def reuse_profile(
    articles: pd.DataFrame, by: str = "outlet", boot: Bootstrap = Bootstrap()
) -> pd.DataFrame:
    """Return the share of each group's tokens shared word for word with another outlet or wire.

    Returns
    -------
    DataFrame
        One row per group: grouping, group, articles, tokens, then for ``other_outlet`` (in
        passages shared with an article of another outlet), ``wire`` (with wire copy of another
        outlet) and ``any`` (with any other article of the story): shared_<what> (tokens),
        share_<what>, and for the first two their interval, <what>_low and <what>_high.
    """
    frame = articles[articles[by] != ""].rename(columns={by: "group"})
    stories = pd.Index(sorted(frame["story"].unique()))
    keys = pd.DataFrame({"group": sorted(frame["group"].unique())})
    den = _matrix(frame, "tokens", stories, keys, ["group"])
    out = keys.assign(
        articles=frame.groupby("group")["article_id"].size().reindex(keys["group"]).to_numpy(),
        tokens=den.sum(axis=0).astype(int),
    )
    for what, column in (
        ("other_outlet", "tokens_shared_other_outlet"),
        ("wire", "tokens_shared_wire"),
        ("any", "tokens_shared"),
    ):
        num = _matrix(frame, column, stories, keys, ["group"])
        out[f"shared_{what}"] = num.sum(axis=0).astype(int)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"share_{what}"] = num.sum(axis=0) / den.sum(axis=0)
        if what != "any":
            out[f"{what}_low"], out[f"{what}_high"] = _ratio_intervals(num, den, boot)
    out.insert(0, "grouping", by)
    return out


def _blind_spots(mentions: pd.DataFrame, articles: pd.DataFrame, by: str, share: float):
    """Return the blind spots (story, group, entity, label) and every story's groups.

    The second table is story, group, possible: whether the story has the groups a blind spot
    needs.
    """
    arts = articles[articles[by] != ""]
    present = arts[["story", by]].drop_duplicates().rename(columns={by: "group"})
    k = present.groupby("story")["group"].transform("size")
    # a blind spot needs more than share * k groups naming an entity and one more not naming it
    present = present.assign(needed=np.floor(share * k).astype(int) + 1, k=k)
    present["possible"] = present["needed"] <= present["k"] - 1
    named = _with_group(mentions[mentions["mentions"] > 0], articles, by)
    if named.empty:
        spots = pd.DataFrame(columns=["story", "group", "entity", "label"])
        return spots, present[["story", "group", "possible"]]
    namers = named.groupby(["story", "entity"])["group"].nunique().rename("namers")
    namers = pd.concat([namers, _modes(named, ["story", "entity"], "label")], axis=1)
    namers = namers.reset_index().merge(
        present[["story", "needed"]].drop_duplicates(), on="story", how="inner"
    )
    widely = namers[namers["namers"] >= namers["needed"]]
    # every group of the story, but those that name the entity
    spots = widely.merge(present[["story", "group"]], on="story").merge(
        named[["story", "entity", "group"]].drop_duplicates(),
        on=["story", "entity", "group"],
        how="left",
        indicator=True,
    )
    spots = spots[spots["_merge"] == "left_only"]
    spots = spots[["story", "group", "entity", "label"]].sort_values(["story", "group", "entity"])
    return spots.reset_index(drop=True), present[["story", "group", "possible"]]


def blind_spot_profile(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    by: str = "outlet",
    share: float = defaults.BLIND_SPOT_SHARE,
    boot: Bootstrap = Bootstrap(),
) -> pd.DataFrame:
    """Count each group's blind spots per story, with an interval.

    A blind spot of group g in a story is an entity named by more than ``share`` of the story's
    groups and not by g. Only stories where one is possible count (with ``share`` 0.5, those
    with three groups or more: two naming it, g not).

    Returns
    -------
    DataFrame
        One row per group: grouping, group, stories (where a blind spot is possible), blind_spots
        (entity-story pairs), per_story, low, high.
    """
    spots, present = _blind_spots(mentions, articles, by, share)
    possible = present[present["possible"]]
    stories = pd.Index(sorted(present["story"].unique()))
    keys = pd.DataFrame({"group": sorted(present["group"].unique())})
    num = _matrix(spots.assign(one=1), "one", stories, keys, ["group"])
    den = _matrix(possible.assign(one=1), "one", stories, keys, ["group"])
    low, high = _ratio_intervals(num, den, boot)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = keys.assign(
            stories=den.sum(axis=0).astype(int),
            blind_spots=num.sum(axis=0).astype(int),
            per_story=num.sum(axis=0) / den.sum(axis=0),
            low=low,
            high=high,
        )
    out.insert(0, "grouping", by)
    return out


def blind_spot_entities(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    by: str = "outlet",
    share: float = defaults.BLIND_SPOT_SHARE,
) -> pd.DataFrame:
    """List the entities each group leaves out, counted across stories.

    Returns
    -------
    DataFrame
        One row per group and entity it left out at least once, by group then stories (most
        first): grouping, group, entity, label, stories (in which it was a blind spot), examples
        (up to three of those stories, ``; ``-separated).
    """
    spots, _ = _blind_spots(mentions, articles, by, share)
    columns = ["grouping", "group", "entity", "label", "stories", "examples"]
    if spots.empty:
        return pd.DataFrame(columns=columns)
    # spots are sorted by story: the first three of each (group, entity) are its examples
    examples = spots.groupby(["group", "entity"], sort=True)["story"].agg(
        lambda s: "; ".join(s.head(3))
    )
    out = (
        spots.groupby(["group", "entity"], sort=True)
        .agg(stories=("story", "nunique"))
        .assign(label=_modes(spots, ["group", "entity"], "label"), examples=examples)
        .reset_index()
        .sort_values(["group", "stories", "entity"], ascending=[True, False, True])
    )
    out.insert(0, "grouping", by)
    return out.reset_index(drop=True)[columns]


def story_list(
    manifest: pd.DataFrame, articles: pd.DataFrame, reports_root: str = "story-reports"
) -> pd.DataFrame:
    """Return the stories of the collection, with the command that renders one story's reports.

    Parameters
    ----------
    manifest : DataFrame
        The run's manifest: story, folder, path (the story's corpus folder), articles, words,
        status (done, reused, failed), error, input_hash.
    articles : DataFrame
        The per-article table (story, outlet, ...).
    reports_root : str
        The folder the commands render each story's reports under (``ROOT/<folder>``).

    Returns
    -------
    DataFrame
        One row per story of the manifest, in its order: story, folder, articles, words,
        outlets (of its articles, sorted, ``; ``-separated), status (``analysed`` — in this run
        or an earlier one, which the manifest tells apart — or ``failed``), error, input_hash,
        command (``make all CORPUS=... OUT=...``: the per-story reports, which a collection run
        does not render).
    """
    outlets = articles.groupby("story")["outlet"].agg(lambda o: "; ".join(sorted(set(o))))
    out = manifest[["story", "folder", "articles", "words"]].copy()
    out["outlets"] = out["story"].map(outlets).fillna("")
    out["status"] = np.where(manifest["status"] == "failed", "failed", "analysed")
    out["error"] = manifest["error"].fillna("")
    out["input_hash"] = manifest["input_hash"]
    out["command"] = [
        f"make all CORPUS={_shell_word(path)} OUT={_shell_word(f'{reports_root}/{folder}')}"
        for path, folder in zip(manifest["path"], manifest["folder"])
    ]
    return out.reset_index(drop=True)


def _shell_word(text: str) -> str:
    """Return ``text`` quoted for a POSIX shell when it needs it."""
    import shlex

    return shlex.quote(str(text))


#: The outlet tables by file stem (``OUT/outlets/NAME.csv`` and ``.parquet``), in the order
#: :meth:`OutletProfiles.tables` returns them.
OUTLET_TABLES = (
    "outlets",
    "readability",
    "entity_attention",
    "quoted_speakers",
    "reuse",
    "blind_spots",
    "blind_spot_entities",
    "stories",
    "entity_spellings",
)


@dataclass(frozen=True)
class OutletProfiles:
    """Every outlet-level table of a collection (see :func:`profiles`).

    Each table has a ``grouping`` column (``outlet``, and ``lean`` where the articles have a
    lean) and a ``group`` column (the outlet or the lean).
    """

    summary: pd.DataFrame
    readability: pd.DataFrame
    attention: pd.DataFrame
    speakers: pd.DataFrame
    reuse: pd.DataFrame
    blind_spots: pd.DataFrame
    blind_spot_entities: pd.DataFrame
    stories: pd.DataFrame
    spellings: pd.DataFrame
    level: float

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by file stem (``OUT/outlets/NAME.csv``)."""
        return {
            "outlets": self.summary,
            "readability": self.readability,
            "entity_attention": self.attention,
            "quoted_speakers": self.speakers,
            "reuse": self.reuse,
            "blind_spots": self.blind_spots,
            "blind_spot_entities": self.blind_spot_entities,
            "stories": self.stories,
            "entity_spellings": self.spellings,
        }


def read_profiles(collection_dir: str | Path = defaults.COLLECTION_DIR) -> OutletProfiles:
    """Read the outlet tables a collection run wrote (``OUT/outlets/NAME.parquet``).

    Relative paths are taken from the project root; the interval's coverage is read from the
    run's ``settings.json``.

    Raises
    ------
    FileNotFoundError
        When the run has not finished (no ``manifest.csv``): the message says what to run.
    """
    from .config import resolve

    folder = resolve(collection_dir)
    if not (folder / "manifest.csv").is_file():
        raise FileNotFoundError(
            f"{folder}/manifest.csv: not found; run 'make collection' (or 'python -m analysis "
            f"collection PATH --out {collection_dir}') first: the run writes it last"
        )
    tables = {
        name: pd.read_parquet(folder / "outlets" / f"{name}.parquet") for name in OUTLET_TABLES
    }
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    return OutletProfiles(
        summary=tables["outlets"],
        readability=tables["readability"],
        attention=tables["entity_attention"],
        speakers=tables["quoted_speakers"],
        reuse=tables["reuse"],
        blind_spots=tables["blind_spots"],
        blind_spot_entities=tables["blind_spot_entities"],
        stories=tables["stories"],
        spellings=tables["entity_spellings"],
        level=float(settings["settings"]["level"]),
    )


def profiles(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    quoted: pd.DataFrame,
    manifest: pd.DataFrame,
    *,
    metrics: Sequence[str] = defaults.READABILITY_METRICS,
    min_stories: int = defaults.MIN_ENTITY_STORIES,
    share: float = defaults.BLIND_SPOT_SHARE,
    boot: Bootstrap = Bootstrap(),
    reports_root: str = "story-reports",
) -> OutletProfiles:
    """Compute every outlet profile, by outlet and (where articles have one) by lean.

    Parameters
    ----------
    articles : DataFrame
        One row per article of the stories analysed: :data:`ARTICLE_COLUMNS` and one column per
        metric (``outlet_articles`` joined with ``readability``, over every story).
    mentions : DataFrame
        story, article_id, entity, label, mentions (``entity_coverage``, every story).
    quoted : DataFrame
        story, article_id, speaker, speaker_label, quotes, words (``quotes``, every story).
    manifest : DataFrame
        The run's manifest (story, folder, path, articles, words, status, error, input_hash),
        failed stories included (the stories table lists them).
    metrics : sequence of str
        Readability scores profiled.
    min_stories : int
        Fewest stories naming an entity for it to get an attention profile.
    share : float
        Share of a story's outlets that must name an entity for it to be a blind spot of another.
    boot : Bootstrap
        Resamples, seed and coverage of every interval.
    reports_root : str
        Where the listed commands render each story's reports (:func:`story_list`).

    Returns
    -------
    OutletProfiles
        Every table; :meth:`OutletProfiles.tables` gives the files.
    """
    by = groupings(articles)
    mentions, spellings = fold_spellings(mentions)

    def each(fn: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
        frames = [fn(g) for g in by]
        return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)

    return OutletProfiles(
        summary=each(lambda g: group_summary(articles, g)),
        readability=each(lambda g: readability_profile(articles, g, metrics, boot)),
        attention=each(lambda g: attention_profile(mentions, articles, g, min_stories, boot)),
        speakers=each(lambda g: speaker_profile(quoted, articles, g, boot)),
        reuse=each(lambda g: reuse_profile(articles, g, boot)),
        blind_spots=each(lambda g: blind_spot_profile(mentions, articles, g, share, boot)),
        blind_spot_entities=each(lambda g: blind_spot_entities(mentions, articles, g, share)),
        stories=story_list(manifest, articles, reports_root),
        spellings=spellings,
        level=boot.level,
    )


# --------------------------------------------------------------------------------------------
# What the outlet report shows: findings, display tables


def _interval(value: float, low: float, high: float, fmt: str = "{:.1f}", unit: str = "") -> str:
    """Return "value (low–high)", each with ``unit``; "n/a" for no value."""
    if not np.isfinite(value):
        return "n/a"
    if not (np.isfinite(low) and np.isfinite(high)):
        return fmt.format(value) + unit
    return f"{fmt.format(value)}{unit} ({fmt.format(low)}–{fmt.format(high)}{unit})"


def _percent(row: pd.Series, share: str, interval: str) -> str:
    """Return ``row[share]`` and its interval (``<interval>_low``/``_high``) in percent."""
    low, high = row[f"{interval}_low"], row[f"{interval}_high"]
    return _interval(100 * row[share], 100 * low, 100 * high, unit="%")


def _of(table: pd.DataFrame, grouping: str = "outlet") -> pd.DataFrame:
    return table[table["grouping"] == grouping]


def _names(values: Sequence[str]) -> str:
    values = [escape.markdown(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _ratio(log2: float) -> str:
    return f"×{2**log2:.1f}" if log2 >= 0 else f"×1/{2**-log2:.1f}"


def findings(result: OutletProfiles, metric: str = "flesch_kincaid_grade") -> str:
    """Summarize the outlet profiles in Markdown, every number from the tables.

    Outlet, entity and speaker names are escaped.
    """
    from .readability import METRIC_NAMES

    level = f"{result.level:.0%}"
    summary = _of(result.summary)
    if summary.empty:
        return "No story of the collection could be analysed: see the stories table below."
    stories = result.stories
    done = stories[stories["status"] != "failed"]
    failed = len(stories) - len(done)
    parts = [
        f"**{len(done):,} stor{'y' if len(done) == 1 else 'ies'}**, "
        f"{int(summary['articles'].sum()):,} articles from {len(summary)} "
        f"outlet{'' if len(summary) == 1 else 's'} ({_names(list(summary['group']))})"
        + (
            f"; {failed} stor{'y' if failed == 1 else 'ies'} failed (listed below)"
            if failed
            else ""
        )
        + f". Intervals are {level} bootstrap intervals over stories. "
    ]
    read = _of(result.readability)
    read = read[(read["metric"] == metric) & read["mean"].notna()].sort_values("mean")
    if len(read) >= 2:
        hard, easy = read.iloc[-1], read.iloc[0]
        overlap = hard["low"] <= easy["high"]
        parts.append(
            f"By {METRIC_NAMES.get(metric, metric)} (mean over articles), "
            f"{escape.markdown(hard['group'])} is hardest to read at "
            f"{_interval(hard['mean'], hard['low'], hard['high'])}, "
            f"{escape.markdown(easy['group'])} easiest at "
            f"{_interval(easy['mean'], easy['low'], easy['high'])}; "
            + ("their intervals overlap. " if overlap else "their intervals do not overlap. ")
        )
    attention = _of(result.attention)
    for group in summary["group"]:
        more = attention[(attention["group"] == group) & (attention["stands_out"] == "more")]
        if len(more):
            top = more.head(_NAMED)
            listed = ", ".join(
                f"{escape.markdown(e)} ({_ratio(r)})"
                for e, r in zip(top["entity"], top["log2_ratio"])
            )
            parts.append(
                f"{escape.markdown(group)} names {listed} far more often than the other outlets "
                "do in the same stories (per 1,000 words). "
            )
    speakers = _of(result.speakers)
    named = speakers[speakers["rank"] == 1]
    if len(named):
        parts.append(
            "Most quoted: "
            + "; ".join(
                f"{escape.markdown(g)}: {escape.markdown(sp)} ({sh:.0%} of its quoted words)"
                for g, sp, sh in zip(named["group"], named["speaker"], named["share"])
            )
            + ". "
        )
    reuse = _of(result.reuse).sort_values("share_other_outlet")
    if len(reuse) >= 2 and reuse["tokens"].sum():
        most, least = reuse.iloc[-1], reuse.iloc[0]
        parts.append(
            f"{escape.markdown(most['group'])} shares the most of its text word for word with "
            f"another outlet, {_percent(most, 'share_other_outlet', 'other_outlet')}; "
            f"{escape.markdown(least['group'])} the least, "
            f"{_percent(least, 'share_other_outlet', 'other_outlet')}. "
        )
        if not reuse["shared_wire"].sum():
            parts.append(
                "No text is shared with wire copy (no outlet of the collection is a wire service). "
            )
    spots = _of(result.blind_spots)
    spots = spots[spots["stories"] > 0].sort_values("per_story")
    if len(spots):
        top, fewest = spots.iloc[-1], spots.iloc[0]
        entities = _of(result.blind_spot_entities)
        left = entities[entities["group"] == top["group"]].head(1)
        parts.append(
            f"{escape.markdown(top['group'])} has the most blind spots, "
            f"{_interval(top['per_story'], top['low'], top['high'])} per story (entities most "
            "outlets of a story name and it does not)"
            + (
                f", most often {escape.markdown(left['entity'].iloc[0])} "
                f"({int(left['stories'].iloc[0])} stories)"
                if len(left)
                else ""
            )
            + (
                f"; {escape.markdown(fewest['group'])} the fewest, "
                f"{_interval(fewest['per_story'], fewest['low'], fewest['high'])}. "
                if len(spots) >= 2
                else ". "
            )
        )
    else:
        parts.append("No story has the three outlets or more that a blind spot needs. ")
    lean = _of(result.blind_spots, "lean")
    lean = lean[lean["stories"] > 0].sort_values("per_story")
    if len(lean) >= 2:
        parts.append(
            f"By lean, {escape.markdown(lean.iloc[-1]['group'])} leaves out the most "
            f"({lean.iloc[-1]['per_story']:.1f} per story), "
            f"{escape.markdown(lean.iloc[0]['group'])} the least ({lean.iloc[0]['per_story']:.1f})."
        )
    return "".join(parts).strip()


def readability_view(
    result: OutletProfiles, metrics: Sequence[str] = ("flesch_kincaid_grade", "flesch_reading_ease")
) -> pd.DataFrame:
    """Return each outlet's mean score, its interval and the median, per metric shown.

    Returns
    -------
    DataFrame
        Indexed by grouping and group: one column per metric, "mean (low–high), median M".
    """
    from .readability import METRIC_NAMES

    table = result.readability[result.readability["metric"].isin(metrics)]
    cells = [
        f"{_interval(m, lo, hi)}, median {md:.1f}"
        for m, lo, hi, md in zip(table["mean"], table["low"], table["high"], table["median"])
    ]
    view = table.assign(cell=cells, metric=table["metric"].map(METRIC_NAMES))
    return view.pivot(index=["grouping", "group"], columns="metric", values="cell")


def attention_view(result: OutletProfiles, n: int = defaults.TOP_N) -> pd.DataFrame | Note:
    """Return, per outlet, the entities it names far more or far less than the others.

    Returns
    -------
    DataFrame or Note
        Up to ``n`` rows per group and direction, strongest first: grouping, group, stands_out,
        entity, label, stories, per_1000_words, others_per_1000_words, ratio (e.g. ×3.1), and the
        interval of the ratio. A note when no entity stands out.
    """
    table = result.attention[result.attention["stands_out"] != ""].copy()
    if table.empty:
        return Note("No entity is named far more or far less by one outlet than by the others.")
    table["strength"] = table["log2_ratio"].abs()
    table = table.sort_values(
        ["grouping", "group", "stands_out", "strength"], ascending=[True, True, False, False]
    )
    table = table.groupby(["grouping", "group", "stands_out"], sort=False).head(n)
    table["ratio"] = table["log2_ratio"].map(_ratio)
    table["interval"] = [
        f"{_ratio(lo)}–{_ratio(hi)}" for lo, hi in zip(table["low"], table["high"])
    ]
    columns = [
        "grouping",
        "group",
        "stands_out",
        "entity",
        "label",
        "stories",
        "per_1000_words",
        "others_per_1000_words",
        "ratio",
        "interval",
    ]
    return table[columns].reset_index(drop=True).round(3)


def speakers_view(result: OutletProfiles, n: int = _TOP_SPEAKERS) -> pd.DataFrame | Note:
    """Return each group's ``n`` most quoted named speakers and its unattributed share.

    Returns
    -------
    DataFrame or Note
        grouping, group, rank (0: unattributed), speaker, stories, quotes, words, share (with its
        interval, in percent).
    """
    table = result.speakers[result.speakers["rank"] <= n]
    if table.empty:
        return Note("No quotation was found in the collection.")
    shares = [
        _interval(100 * s, 100 * lo, 100 * hi, unit="%")
        for s, lo, hi in zip(table["share"], table["low"], table["high"])
    ]
    columns = ["grouping", "group", "rank", "speaker", "stories", "quotes", "words"]
    return table[columns].assign(share=shares).reset_index(drop=True)


def reuse_view(result: OutletProfiles) -> pd.DataFrame:
    """Return each group's shares of text shared word for word, in percent, with intervals."""
    table = result.reuse
    return pd.DataFrame(
        {
            "grouping": table["grouping"],
            "group": table["group"],
            "articles": table["articles"],
            "tokens": table["tokens"],
            "with another outlet": [
                _interval(100 * s, 100 * lo, 100 * hi, unit="%")
                for s, lo, hi in zip(
                    table["share_other_outlet"],
                    table["other_outlet_low"],
                    table["other_outlet_high"],
                )
            ],
            "with wire copy": [
                _interval(100 * s, 100 * lo, 100 * hi, unit="%")
                for s, lo, hi in zip(table["share_wire"], table["wire_low"], table["wire_high"])
            ],
            "with any other article": [f"{100 * s:.1f}%" for s in table["share_any"]],
        }
    )


def blind_spots_view(result: OutletProfiles, n: int = _NAMED) -> pd.DataFrame:
    """Return blind spots per story with their interval, and the entities most often left out."""
    spots = result.blind_spots
    entities = result.blind_spot_entities
    often = {
        (g, grp): "; ".join(f"{e} ({k})" for e, k in zip(t["entity"].head(n), t["stories"].head(n)))
        for (g, grp), t in entities.groupby(["grouping", "group"], sort=False)
    }
    return pd.DataFrame(
        {
            "grouping": spots["grouping"],
            "group": spots["group"],
            "stories": spots["stories"],
            "blind spots": spots["blind_spots"],
            "per story": [
                _interval(v, lo, hi, "{:.2f}")
                for v, lo, hi in zip(spots["per_story"], spots["low"], spots["high"])
            ],
            "most often left out (stories)": [
                often.get((g, grp), "") for g, grp in zip(spots["grouping"], spots["group"])
            ],
        }
    )


def lean_view(result: OutletProfiles) -> pd.DataFrame | Note:
    """Return the lean summary (stories, articles, words per lean), or a note without leans."""
    table = _of(result.summary, "lean")
    if table.empty:
        return Note(
            "No article has a `lean`: give the table (or each story's articles.csv) a lean "
            "column to see every profile grouped by lean as well."
        )
    return table.drop(columns="grouping").set_index("group")


def spellings_view(result: OutletProfiles) -> pd.DataFrame | Note:
    """Return the names counted as one across stories with their spellings, or a note."""
    if result.spellings.empty:
        return Note("No name is written in more than one house style across these stories.")
    return result.spellings.set_index(["entity", "label"])


def stories_view(result: OutletProfiles) -> pd.DataFrame:
    """Return the stories with their status and the command that renders their own reports."""
    return result.stories.set_index("story")
