"""What each article reports that the others do not, fact by fact.

A **fact** is a group of body sentences from different articles of one story that report the
same thing (at most one sentence per article); a sentence no other article echoes is a fact of
its own. Every fact keeps its sentences' offsets.

- **Alignment** (:func:`sentence_units`, :func:`similarity`, :func:`align`): each body sentence
  becomes a bag of features: the lemmas of its content words (nouns, proper nouns, verbs,
  adjectives, adverbs), the canonical entities it names (:mod:`analysis.entities`, so "U.S."
  and "United States" are one feature) and the numbers it gives. Features are weighted by
  TF-IDF over the story's sentences (scikit-learn), entity and number features scaled by their
  weights, and sentences compared by cosine. Sentences are then grouped by average linkage,
  most similar first, as long as the average similarity of the merged group stays at the
  threshold and no article would have two sentences in one fact. The threshold and weights
  were chosen by measurement against a hand alignment of the seeds (README, "Facts and events").
- **Fact matrix** (:func:`fact_table`): facts × articles, each fact weighted by how many
  articles carry it (the pyramid method's idea, Nenkova & Passonneau 2004), ordered so that
  the facts every article carries come first and each article's own facts are listed together.
- **Flags** (:func:`flag_table`): *exclusive* (a fact only one article reports), *omitted*
  (a fact more than :data:`~analysis.defaults.OMISSION_SHARE` of the other articles carry,
  left out by this one), *discrepancy* (two sentences of one fact giving different numbers
  for the same unit, or different days) and *quote variant* (one speaker's quotation worded
  differently in two articles, with a word-level diff).
- **Events** (:mod:`analysis.events`): whether the folder reports one event or several.

:func:`analyse` runs everything on a :class:`~analysis.story.Story` (notebook 05 and the CLI
call it alike); :func:`findings` and the ``*_view`` functions give what the report shows.

Cost: alignment compares every sentence with every sentence of the other articles, so it grows
with the square of the story's sentences (a dense similarity matrix: 50 articles of 30
sentences are 1,500 sentences, a 1,500 × 1,500 matrix, 18 MB); everything else is linear.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
import itertools
import math
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse
from spacy.tokens import Doc, Span

from . import defaults, escape, events
from .config import resolve
from .corpus import Corpus
from .escape import Note
from .nlp import sentences_in_zone
from .text import tokens

if TYPE_CHECKING:
    from .entities import AliasTable
    from .story import Story

__all__ = [
    "ACCURACY_COLUMNS",
    "CONTENT_POS",
    "FACT_COLUMNS",
    "FLAG_COLUMNS",
    "FLAGS",
    "FLAG_PRECISION_COLUMNS",
    "MIN_QUOTE_WORDS",
    "QUOTE_OVERLAP",
    "FactsError",
    "FactsResult",
    "Quantity",
    "accuracy",
    "align",
    "analyse",
    "discrepancies",
    "events_view",
    "exclusives",
    "fact_matrix",
    "fact_table",
    "findings",
    "flag_precision",
    "flag_precision_view",
    "flag_table",
    "flags_view",
    "gold_links",
    "link_scores",
    "matching_gold",
    "number_value",
    "omissions",
    "predicted_links",
    "quantities",
    "quote_variants",
    "read_gold",
    "sentence_units",
    "similarity",
    "wilson_interval",
    "word_diff",
]


class FactsError(ValueError):
    """Bad input to the fact analysis (a hand alignment file without its columns)."""


FACT_COLUMNS = [
    "fact_id",
    "article_id",
    "start",
    "end",
    "text",
    "n_articles",
    "sentence",
    "similarity",
]
FLAG_COLUMNS = [
    "flag",
    "fact_id",
    "article_id",
    "start",
    "end",
    "text",
    "other_article_id",
    "other_start",
    "other_end",
    "other_text",
    "detail",
]
ACCURACY_COLUMNS = [
    "level",
    "precision",
    "recall",
    "f1",
    "correct",
    "predicted",
    "gold",
    "adjusted_rand",
]
#: The kinds of flag, in the order ``fact_flags.csv`` lists them.
FLAGS = ("exclusive", "omitted", "discrepancy", "quote variant")
#: Parts of speech whose lemmas describe what a sentence reports.
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ", "ADV")
#: Shortest quotation, and shortest run of words two quotations must share, for them to be one
#: quotation worded two ways: "We are close" in two articles is a stock phrase as often as it
#: is one quotation.
MIN_QUOTE_WORDS = 4
#: Share of the shorter quotation's words that must recur, in order, in the longer one for two
#: quotations to be one quotation worded two ways (difflib's matching blocks).
QUOTE_OVERLAP = 0.6
#: Zones whose quotations are compared (captions describe photographs).
QUOTE_ZONES = ("headline", "body")
_ENTITY = "entity:"
_NUMBER = "number:"
# spelled-out numbers; "one" is left out (a pronoun as often as a count: "one of the threats")
_UNITS = {
    w: n
    for n, w in enumerate(
        "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if w != "_"
}
_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}


# --------------------------------------------------------------------------------------------
# Numbers


def number_value(text: str) -> float | None:
    """Read one number as written: "250,000", "2.5", "four", "forty-eight", "million".

    Returns None for anything else (ordinals, fractions such as "21/2", words).
    """
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    parts = t.split("-")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return float(_TENS[parts[0]] + _UNITS[parts[1]])
    for table in (_UNITS, _TENS, _SCALES):
        if t in table:
            return float(table[t])
    return None


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence and the unit it counts.

    Attributes
    ----------
    value : float
        The number ("2.5 million" → 2500000).
    unit : str
        The lemma of the noun it counts ("people", "hour"), ``money`` or ``percent``; "" when
        the parse names none.
    start, end : int
        Character offsets of the number as written.
    text : str
        The number as written.
    """

    value: float
    unit: str
    start: int
    end: int
    text: str


def quantities(span: Span) -> list[Quantity]:
    """Return the numbers of ``span`` with their units, dates and ordinals left out.

    Consecutive number words make one number ("2.5 million", "forty thousand"). The unit is the
    noun the last number word modifies in the parse ("48-hour" → hour, "250,000 people" →
    people); inside a MONEY or PERCENT entity it is ``money`` or ``percent``.
    """
    found: list[Quantity] = []
    run: list = []

    def close() -> None:
        if not run:
            return
        value = None
        for t in run:
            v = number_value(t.text)
            if v is None:
                continue
            if value is not None and t.lower_ in _SCALES:
                value *= v
            elif value is None:
                value = v
        if value is not None:
            last = run[-1]
            if last.ent_type_ in ("MONEY", "PERCENT"):
                unit = last.ent_type_.lower()
            elif last.dep_ in ("nummod", "quantmod", "compound") and last.head.pos_ in (
                "NOUN",
                "PROPN",
            ):
                unit = last.head.lemma_.lower()
            else:
                unit = ""
            found.append(
                Quantity(
                    value,
                    unit,
                    run[0].idx,
                    last.idx + len(last.text),
                    # the tokens' own text: Doc.text would join the whole document per number
                    span.doc[run[0].i : last.i + 1].text,
                )
            )
        run.clear()

    for t in span:
        numeric = t.like_num and t.ent_type_ not in ("DATE", "ORDINAL")
        if numeric and number_value(t.text) is not None and t.lower_ != "one":
            run.append(t)
        else:
            close()
    close()
    return found


def _number_feature(value: float) -> str:
    return _NUMBER + (f"{value:.0f}" if value == int(value) else f"{value:g}")


# --------------------------------------------------------------------------------------------
# Sentences and their features


def sentence_units(
    corpus: Corpus, docs: Sequence[Doc], mentions: pd.DataFrame
) -> tuple[pd.DataFrame, list[list[Quantity]]]:
    """List every body sentence of the story with the features it is compared by.

    Parameters
    ----------
    corpus : Corpus
        The articles.
    docs : sequence of Doc
        Their parse, in corpus order.
    mentions : DataFrame
        Canonical entity mentions (:func:`analysis.entities.canonicalize`): article_id, start,
        end, entity.

    Returns
    -------
    DataFrame
        One row per body sentence in corpus and reading order: article_id, sentence (its
        number in the article's body, from 0), start, end (character offsets, white space
        excluded), text, features (list of str: lemmas, ``entity:NAME``, ``number:VALUE``).
    list of list of Quantity
        The numbers of each sentence (:func:`quantities`), in the same order.
    """
    rows, numbers = [], []
    by_article = {a: g for a, g in mentions.groupby("article_id", sort=False)}
    empty = mentions.iloc[0:0]
    for article, doc in zip(corpus, docs, strict=True):
        own = by_article.get(article.article_id, empty)
        # by start (stable), so a sentence finds its mentions by binary search, not by a scan
        # of the article's every mention (quadratic in a long article)
        named = sorted(zip(own["start"], own["end"], own["entity"]), key=lambda m: m[0])
        named_starts = [m[0] for m in named]
        for n, sent in enumerate(sentences_in_zone(doc, article, "body")):
            words = [t for t in sent if not t.is_space]
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            inside = named[bisect_left(named_starts, start) : bisect_left(named_starts, end)]
            features = [
                t.lemma_.lower()
                for t in words
                if t.is_alpha
                and not t.is_stop
                and t.pos_ in CONTENT_POS
                and not t.like_num
                and not any(s <= t.idx < e for s, e, _ in inside)
            ]
            found = quantities(sent)
            features += [_ENTITY + name for _, _, name in inside]
            features += [_number_feature(q.value) for q in found]
            rows.append(
                {
                    "article_id": article.article_id,
                    "sentence": n,
                    "start": start,
                    "end": end,
                    "text": article.text[start:end],
                    "features": features,
                }
            )
            numbers.append(found)
    columns = ["article_id", "sentence", "start", "end", "text", "features"]
    return pd.DataFrame(rows, columns=columns), numbers


def similarity(
    units: pd.DataFrame,
    *,
    entity_weight: float = defaults.ENTITY_WEIGHT,
    number_weight: float = defaults.NUMBER_WEIGHT,
) -> sparse.csr_array:
    """Compare every two sentences of different articles: cosine of TF-IDF vectors of features.

    IDF is computed over the story's sentences (smoothed; term frequencies sublinear), so a word
    every sentence uses ("Syria" in a story about Syria) weighs little. Entity and number
    features are multiplied by their weights before the rows are normalized.

    Only sentences of two different articles are compared (article by article against the later
    ones): the cost is the pairs of sentences across articles, so one very long article beside
    short ones costs in proportion to its length, not to its length squared.

    Returns
    -------
    scipy.sparse.csr_array
        Square (sentences × sentences), symmetric; no entry (0) between two sentences of one
        article, on the diagonal, or for a sentence without features.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(units)
    if n == 0 or not any(units["features"].map(len)):
        return sparse.csr_array((n, n))
    vectorizer = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, norm=None)
    x = vectorizer.fit_transform(units["features"])
    names = vectorizer.get_feature_names_out()
    scale = np.array(
        [
            entity_weight
            if name.startswith(_ENTITY)
            else number_weight
            if name.startswith(_NUMBER)
            else 1.0
            for name in names
        ]
    )
    x = sparse.csr_array(normalize(x.multiply(scale).tocsr()))
    article = pd.factorize(units["article_id"])[0]
    rows, cols, values = [], [], []
    for code in range(article.max() + 1):
        mine, later = np.flatnonzero(article == code), np.flatnonzero(article > code)
        if not len(later):
            continue
        block = sparse.coo_array(x[mine] @ x[later].T)
        keep = block.data != 0
        rows.append(mine[block.row[keep]])
        cols.append(later[block.col[keep]])
        values.append(block.data[keep])
    if not rows:
        return sparse.csr_array((n, n))
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(values)
    upper = sparse.coo_array((v, (r, c)), shape=(n, n))
    return sparse.csr_array(upper + upper.T)


def _block_sum(sim: sparse.csr_array, rows: list[int], cols: list[int]) -> float:
    """Sum of ``sim`` over ``rows`` × ``cols``."""
    return float(sim[rows][:, cols].sum())


def align(
    article: Sequence[object], sim: np.ndarray | sparse.csr_array, threshold: float
) -> np.ndarray:
    """Group sentences into facts by constrained average linkage.

    Starting from one group per sentence, the two groups with the highest average similarity
    merge, as long as it is at least ``threshold`` and no article has a sentence in both; ties
    go to the groups whose first sentences come first. Cost: the pairs of sentences at the
    threshold or above, each looked at when one of its groups changes.

    Parameters
    ----------
    article : sequence
        The article of each sentence.
    sim : numpy.ndarray or scipy.sparse.csr_array
        Square similarity of the sentences (:func:`similarity`).
    threshold : float
        Least average similarity of a fact's sentences.

    Returns
    -------
    numpy.ndarray
        The group of each sentence: the index of its group's first sentence.
    """
    n = len(article)
    sim = sparse.csr_array(sim)
    codes = pd.factorize(pd.Series(list(article), dtype=object))[0]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    owners: dict[int, set[int]] = {i: {int(codes[i])} for i in range(n)}
    neighbours: dict[int, set[int]] = {i: set() for i in range(n)}
    # a group's version changes when it grows: heap entries of an older version are stale
    version = dict.fromkeys(range(n), 0)
    upper = sparse.coo_array(sparse.triu(sim, 1))
    above = upper.data >= threshold
    heap: list[tuple[float, int, int, int, int]] = []
    for i, j, v in zip(
        upper.row[above].tolist(), upper.col[above].tolist(), upper.data[above].tolist()
    ):
        if codes[i] != codes[j]:
            neighbours[i].add(j)
            neighbours[j].add(i)
            heap.append((-float(v), i, j, 0, 0))
    heapq.heapify(heap)
    while heap:
        _, g, h, vg, vh = heapq.heappop(heap)
        if g not in members or h not in members or (vg, vh) != (version[g], version[h]):
            continue
        if owners[g] & owners[h]:
            continue
        # merge h into g (g < h: groups are named by their first sentence)
        members[g] = sorted(members[g] + members.pop(h))
        owners[g] |= owners.pop(h)
        version[g] += 1
        near = (neighbours[g] | neighbours.pop(h)) - {g, h}
        neighbours[g] = near
        for k in near:
            neighbours[k].discard(h)
            neighbours[k].add(g)
        for k in sorted(near):
            if owners[g] & owners[k]:
                continue
            mean = _block_sum(sim, members[g], members[k]) / (len(members[g]) * len(members[k]))
            if mean >= threshold:
                a, b = min(g, k), max(g, k)
                heapq.heappush(heap, (-mean, a, b, version[a], version[b]))
    group = np.empty(n, dtype=int)
    for first, sentences in members.items():
        group[sentences] = first
    return group


# --------------------------------------------------------------------------------------------
# Facts


def fact_table(
    units: pd.DataFrame,
    group: Sequence[int],
    sim: np.ndarray | sparse.csr_array,
    ids: Sequence[str],
) -> pd.DataFrame:
    """Give each fact an id and list its sentences (``facts.csv``).

    Facts are ordered by how many articles carry them (most first); facts carried by the same
    articles stay together (by the articles' corpus order), and within those, by where the
    fact first appears. Facts only one article reports come last, article by article, in
    reading order.

    Parameters
    ----------
    units : DataFrame
        The sentences (:func:`sentence_units`).
    group : sequence of int
        The fact of each sentence (:func:`align`).
    sim : numpy.ndarray or scipy.sparse.csr_array
        Their similarity (:func:`similarity`).
    ids : sequence of str
        Article ids in corpus order.

    Returns
    -------
    DataFrame
        One row per fact and article carrying it, in fact order then corpus order: fact_id
        (``F001``...), article_id, start, end, text, n_articles, sentence (its number in the
        article's body), similarity (mean similarity to the fact's other sentences; NaN when
        it has none).
    """
    order = {a: n for n, a in enumerate(ids)}
    group = np.asarray(group, dtype=int)
    article = units["article_id"].map(order).to_numpy()
    sentence = units["sentence"].to_numpy()
    members: dict[int, list[int]] = {}
    for i, g in enumerate(group.tolist()):
        members.setdefault(g, []).append(i)
    sim = sparse.csr_array(sim)
    mean = np.full(len(units), np.nan)
    keys = {}
    for g, idx in members.items():
        if len(idx) > 1:
            mean[idx] = sim[idx][:, idx].sum(axis=1) / (len(idx) - 1)
        first = min(idx, key=lambda i: (article[i], sentence[i]))
        carriers = tuple(sorted(article[idx].tolist()))
        keys[g] = (-len(carriers), carriers, int(article[first]), int(sentence[first]))
    ranked = sorted(keys, key=keys.get)
    width = max(3, len(str(len(ranked))))
    rows = [i for g in ranked for i in sorted(members[g], key=lambda i: article[i])]
    table = units.iloc[rows][["article_id", "start", "end", "text", "sentence"]].reset_index(
        drop=True
    )
    names = {g: f"F{n:0{width}d}" for n, g in enumerate(ranked, start=1)}
    table.insert(0, "fact_id", [names[g] for g in group[rows]])
    table.insert(5, "n_articles", [len(members[g]) for g in group[rows]])
    table["similarity"] = mean[rows]
    return table[FACT_COLUMNS]


def fact_matrix(facts: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Return facts × articles: True where the article carries the fact.

    Returns
    -------
    DataFrame
        Indexed by fact_id in ``facts.csv`` order, one boolean column per article of ``ids``.
    """
    order = list(dict.fromkeys(facts["fact_id"]))
    cross = pd.crosstab(facts["fact_id"], facts["article_id"]) > 0
    return cross.reindex(index=order, columns=list(ids), fill_value=False)


# --------------------------------------------------------------------------------------------
# Flags


def _flag_row(flag: str, fact_id: str, a: Mapping | None, b: Mapping | None, detail: str) -> dict:
    a = {} if a is None else a
    b = {} if b is None else b
    return {
        "flag": flag,
        "fact_id": fact_id,
        "article_id": a.get("article_id", ""),
        "start": a.get("start", pd.NA),
        "end": a.get("end", pd.NA),
        "text": a.get("text", ""),
        "other_article_id": b.get("article_id", ""),
        "other_start": b.get("start", pd.NA),
        "other_end": b.get("end", pd.NA),
        "other_text": b.get("text", ""),
        "detail": detail,
    }


def exclusives(facts: pd.DataFrame, event: Mapping[str, str]) -> list[dict]:
    """Flag the facts only one article of its event reports.

    An article alone in its event has no one to be compared with: its facts are not flagged.
    """
    size = pd.Series(event).value_counts()
    rows = []
    for _, r in facts[facts["n_articles"] == 1].iterrows():
        e = event[r["article_id"]]
        if size[e] >= 2:
            detail = f"only this article of the {size[e]} reporting event {e}"
            rows.append(_flag_row("exclusive", r["fact_id"], r, None, detail))
    return rows


def omissions(
    facts: pd.DataFrame, event: Mapping[str, str], share: float = defaults.OMISSION_SHARE
) -> list[dict]:
    """Flag, per article, the facts more than ``share`` of the other articles of its event carry.

    One row per omitting article, fact and article carrying it (the other_* columns hold the
    carrying sentence; the omitting article has no sentence to point at).
    """
    members: dict[str, list[str]] = {}
    for article_id, e in event.items():
        members.setdefault(e, []).append(article_id)
    rows = []
    for fact_id, group in facts.groupby("fact_id", sort=False):
        n = int(group["n_articles"].iloc[0])
        if n < 2:
            continue
        carried = set(group["article_id"])
        e = event[group["article_id"].iloc[0]]
        others = len(members[e]) - 1
        if n <= share * others:
            continue
        for article_id in members[e]:
            if article_id in carried:
                continue
            detail = f"{n} of the {others} other articles of event {e} report it"
            for _, carrier in group.iterrows():
                rows.append(
                    _flag_row("omitted", fact_id, {"article_id": article_id}, carrier, detail)
                )
    return rows


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def discrepancies(
    facts: pd.DataFrame,
    numbers: Mapping[tuple[str, int], list[Quantity]],
    days: pd.DataFrame,
    event_days: pd.DataFrame | None = None,
) -> list[dict]:
    """Flag two sentences of one fact that give different values for the same quantity.

    A quantity is the same when both sentences count the same unit ("hour", "people",
    ``money``); it differs when no value one sentence gives for that unit is among the values
    the other gives. Dates are compared only where each sentence holds its article's event day
    (:func:`analysis.events.event_days`): the date of the same event given two values. Any two
    days of a fact's sentences were tried first and were wrong in all 6 flags read on BASIL's
    development stories (two meetings on two days in one fact).

    Parameters
    ----------
    facts : DataFrame
        ``facts.csv``.
    numbers : mapping
        (article_id, start) of each sentence to its quantities (:func:`quantities`).
    days : DataFrame
        ``event_dates.csv`` (:func:`analysis.events.date_table`).
    event_days : DataFrame, optional
        Each article's event day and its evidence (article_id, day_start); without it, no
        dates are compared.

    Returns
    -------
    list of dict
        Flag rows; detail names the unit and both values as written.
    """
    dated = days[days["period"].eq("day") & days["date"].ne("")]
    evidence = set()
    if event_days is not None:
        known = event_days[event_days["day_start"].notna()]
        evidence = set(zip(known["article_id"], known["day_start"].astype(int)))
    keep = [(a, int(s)) in evidence for a, s in zip(dated["article_id"], dated["start"])]
    dated = dated[np.array(keep, dtype=bool)]
    rows = []
    for fact_id, group in facts[facts["n_articles"] > 1].groupby("fact_id", sort=False):
        sentences = [r for _, r in group.iterrows()]
        for a, b in itertools.combinations(sentences, 2):
            found = []
            qa = numbers.get((a["article_id"], a["start"]), [])
            qb = numbers.get((b["article_id"], b["start"]), [])
            for unit in sorted({q.unit for q in qa if q.unit} & {q.unit for q in qb if q.unit}):
                va = [q for q in qa if q.unit == unit]
                vb = [q for q in qb if q.unit == unit]
                if not {q.value for q in va} & {q.value for q in vb}:
                    found.append(
                        f"{unit}: "
                        + ", ".join(f"“{q.text}” ({_format(q.value)})" for q in va)
                        + " vs "
                        + ", ".join(f"“{q.text}” ({_format(q.value)})" for q in vb)
                    )

            def spans(row: Mapping) -> pd.DataFrame:
                mine = dated[dated["article_id"] == row["article_id"]]
                return mine[(mine["start"] >= row["start"]) & (mine["start"] < row["end"])]

            da, db = spans(a), spans(b)
            if len(da) and len(db) and not set(da["date"]) & set(db["date"]):
                found.append(
                    "date: "
                    + ", ".join(f"“{t}” ({d})" for t, d in zip(da["text"], da["date"]))
                    + " vs "
                    + ", ".join(f"“{t}” ({d})" for t, d in zip(db["text"], db["date"]))
                )
            if found:
                rows.append(_flag_row("discrepancy", fact_id, a, b, "; ".join(found)))
    return rows


def word_diff(a: str, b: str) -> tuple[str, list[tuple[str, str]]]:
    """Compare two wordings word by word (case and punctuation ignored).

    Returns
    -------
    str
        The diff as text: words both have as they are in ``a``, ``[-words only a has-]`` and
        ``{+words only b has+}``.
    list of tuple
        The same as (kind, words) pieces, kind ``=``, ``-`` or ``+``, for display.
    """
    ta, tb = tokens(a), tokens(b)
    wa = [a[t.start : t.end] for t in ta]
    wb = [b[t.start : t.end] for t in tb]
    matcher = difflib.SequenceMatcher(None, [t.norm for t in ta], [t.norm for t in tb], False)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("=", " ".join(wa[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(wa[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(wb[j1:j2])))
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[k].format(w) for k, w in pieces), pieces


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def quote_variants(
    quotes: pd.DataFrame,
    facts: pd.DataFrame,
    ids: Sequence[str],
    *,
    overlap: float = QUOTE_OVERLAP,
    min_words: int = MIN_QUOTE_WORDS,
) -> list[dict]:
    """Flag one speaker's quotation worded differently by two articles.

    Two quotations of different articles are one quotation when at least ``overlap`` of the
    shorter one's words recur in order in the other (difflib), ``min_words`` of them in a row,
    and their speakers agree or one is unattributed; they are a *variant* when their words
    differ. (Without the run, two different quotations that shared a few short phrases, three
    words at most in a row, counted as one on BASIL's development stories.) Kind:
    ``truncated`` (this article's wording is a stretch of the other's), ``extended`` (the
    reverse) or ``reworded``.

    Returns
    -------
    list of dict
        Flag rows, the quotations' offsets inside the marks; detail: kind, the speakers, the
        diff (:func:`word_diff`, from this article's wording to the other's); fact_id when
        both quotations' sentences are in one fact.
    """
    order = {a: n for n, a in enumerate(ids)}
    rows = []
    fact_of = {}
    for fact_id, a, s, e in zip(
        facts["fact_id"], facts["article_id"], facts["start"], facts["end"]
    ):
        fact_of.setdefault(a, []).append((s, e, fact_id))

    def fact(article_id: str, offset: int) -> str:
        for s, e, f in fact_of.get(article_id, []):
            if s <= offset < e:
                return f
        return ""

    chosen = quotes[quotes["zone"].isin(QUOTE_ZONES)]
    items = chosen.to_dict("records")
    norms = [[t.norm for t in tokens(r["quote"])] for r in items]
    by_article: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_article.setdefault(item["article_id"], []).append(i)
    # every pair of quotations of two different articles, in table order (i < j): only those
    # pairs are looked at, so a long article's quotations are not paired with each other
    pairs = (
        (i, j)
        for i, item in enumerate(items)
        for j in heapq.merge(
            *(
                others[bisect_left(others, i + 1) :]
                for article, others in by_article.items()
                if article != item["article_id"]
            )
        )
    )
    for i, j in pairs:
        qa, qb = items[i], items[j]
        if order[qa["article_id"]] > order[qb["article_id"]]:
            qa, qb, na, nb = qb, qa, norms[j], norms[i]
        else:
            na, nb = norms[i], norms[j]
        if min(len(na), len(nb)) < min_words or na == nb:
            continue
        if qa["speaker"] and qb["speaker"] and qa["speaker"] != qb["speaker"]:
            continue
        blocks = difflib.SequenceMatcher(None, na, nb, False).get_matching_blocks()
        shared = sum(block.size for block in blocks)
        if shared < overlap * min(len(na), len(nb)) or max(b.size for b in blocks) < min_words:
            continue
        kind = (
            "truncated"
            if len(na) < len(nb) and _contains(nb, na)
            else "extended"
            if len(nb) < len(na) and _contains(na, nb)
            else "reworded"
        )
        fa, fb = fact(qa["article_id"], qa["start"]), fact(qb["article_id"], qb["start"])
        diff, _ = word_diff(qa["quote"], qb["quote"])
        speakers = f"{qa['speaker'] or 'unattributed'} / {qb['speaker'] or 'unattributed'}"
        a = {"article_id": qa["article_id"], "start": qa["start"], "end": qa["end"]}
        b = {"article_id": qb["article_id"], "start": qb["start"], "end": qb["end"]}
        rows.append(
            _flag_row(
                "quote variant",
                fa if fa and fa == fb else "",
                {**a, "text": qa["quote"]},
                {**b, "text": qb["quote"]},
                f"{kind}; speaker {speakers}; {diff}",
            )
        )
    return rows


def flag_table(rows: Sequence[Mapping], facts: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Assemble ``fact_flags.csv`` from flag rows, in a fixed order.

    Returns
    -------
    DataFrame
        :data:`FLAG_COLUMNS`, sorted by flag kind (:data:`FLAGS` order), article (corpus
        order), fact (``facts.csv`` order), then offsets.
    """
    table = pd.DataFrame(list(rows), columns=FLAG_COLUMNS)
    for column in ("start", "end", "other_start", "other_end"):
        table[column] = table[column].astype("Int64")
    if table.empty:
        return table
    kind = {f: n for n, f in enumerate(FLAGS)}
    article = {a: n for n, a in enumerate(ids)}
    fact = {f: n for n, f in enumerate(dict.fromkeys(facts["fact_id"]))}
    keys = pd.DataFrame(
        {
            "k": table["flag"].map(kind),
            "a": table["article_id"].map(article),
            "f": table["fact_id"].map(fact).fillna(-1),
            "s": table["start"].fillna(-1),
            "o": table["other_article_id"].map(article).fillna(-1),
            "os": table["other_start"].fillna(-1),
        }
    )
    return table.loc[keys.sort_values(list(keys.columns), kind="stable").index].reset_index(
        drop=True
    )


# --------------------------------------------------------------------------------------------
# Accuracy against a hand alignment


def read_gold(path: str | Path | None, columns: Sequence[str]) -> pd.DataFrame:
    """Read a hand annotation CSV (relative paths: from the project root).

    Returns
    -------
    DataFrame
        Its rows; empty, without columns, when ``path`` is "" or None or the file is missing.

    Raises
    ------
    FactsError
        When the file lacks one of ``columns``; the message names the file and the columns.
    """
    file = resolve(path) if path else None
    if file is None or not file.is_file():
        return pd.DataFrame()
    table = pd.read_csv(file, dtype={"article_id": str, "fact_id": str, "event": str})
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FactsError(
            f"{file}: missing column(s) {', '.join(missing)} (expected {', '.join(columns)})"
        )
    return table


def matching_gold(gold: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Keep the annotated rows that fit this corpus (article present, offsets inside its text).

    An annotation of other articles matches nothing, so accuracy is measured only where it
    applies.
    """
    if gold.empty or "start" not in gold.columns:
        return gold
    lengths = {a.article_id: len(a.text) for a in corpus}
    keep = [
        a in lengths and 0 <= s < e <= lengths[a]
        for a, s, e in zip(gold["article_id"], gold["start"], gold["end"])
    ]
    return gold[keep]


def _locate(facts: pd.DataFrame, article_id: str, start: int, end: int) -> tuple[str, int] | None:
    """Return the sentence of ``facts`` overlapping [start, end) most: (article_id, start)."""
    mine = facts[facts["article_id"] == article_id]
    overlap = np.minimum(mine["end"], end) - np.maximum(mine["start"], start)
    if not len(mine) or overlap.max() <= 0:
        return None
    return article_id, int(mine["start"].iloc[int(np.argmax(overlap.to_numpy()))])


def gold_links(gold: pd.DataFrame, facts: pd.DataFrame) -> set[frozenset]:
    """Pairs of sentences (of different articles) that a hand alignment puts in one fact.

    Each annotated span stands for the sentence of ``facts`` it overlaps most.
    """
    links = set()
    for _, group in gold.groupby("fact_id"):
        located = [
            _locate(facts, a, s, e)
            for a, s, e in zip(group["article_id"], group["start"], group["end"])
        ]
        located = [x for x in located if x is not None]
        for x, y in itertools.combinations(sorted(set(located)), 2):
            if x[0] != y[0]:
                links.add(frozenset((x, y)))
    return links


def predicted_links(facts: pd.DataFrame, articles: set[str] | None = None) -> set[frozenset]:
    """Pairs of sentences the alignment puts in one fact (both in ``articles`` when given)."""
    links = set()
    shared = facts[facts["n_articles"] > 1]
    if articles is not None:
        shared = shared[shared["article_id"].isin(articles)]
    for _, group in shared.groupby("fact_id"):
        keys = sorted(zip(group["article_id"], group["start"].astype(int)))
        links.update(frozenset(p) for p in itertools.combinations(keys, 2))
    return links


def link_scores(predicted: set, gold: set) -> dict[str, float]:
    """Precision, recall and F1 of predicted links against gold links.

    F1 is 2·correct / (predicted + gold), so it is 0, not undefined, when nothing is predicted
    but links are annotated; precision (recall) is NaN when nothing is predicted (annotated).
    """
    tp = len(predicted & gold)
    total = len(predicted) + len(gold)
    return {
        "precision": tp / len(predicted) if predicted else math.nan,
        "recall": tp / len(gold) if gold else math.nan,
        "f1": 2 * tp / total if total else math.nan,
        "correct": tp,
        "predicted": len(predicted),
        "gold": len(gold),
    }


def accuracy(
    facts: pd.DataFrame,
    events_table: pd.DataFrame,
    gold_facts: pd.DataFrame,
    gold_events: pd.DataFrame,
) -> pd.DataFrame:
    """Score the fact links and the events against hand annotations, on the annotated articles.

    Returns
    -------
    DataFrame
        ``fact_accuracy.csv``: :data:`ACCURACY_COLUMNS`. Row ``fact links``: pairs of sentences
        put in one fact, against the hand alignment's pairs (predicted pairs counted among the
        annotated articles). Row ``events``: pairs of articles put in one event, and the
        adjusted Rand index of the grouping. A row only where its annotation fits the corpus.
    """
    from sklearn.metrics import adjusted_rand_score

    rows = []
    if len(gold_facts):
        gold = gold_links(gold_facts, facts)
        predicted = predicted_links(facts, set(gold_facts["article_id"]))
        rows.append(
            {"level": "fact links", **link_scores(predicted, gold), "adjusted_rand": math.nan}
        )
    if len(gold_events):
        truth = dict(zip(gold_events["article_id"], gold_events["event"]))
        mine = events_table[events_table["article_id"].isin(truth)]
        ids = list(mine["article_id"])
        if len(ids) >= 2:
            ours = dict(zip(mine["article_id"], mine["event"]))
            pairs = list(itertools.combinations(ids, 2))
            same_p = {p for p in pairs if ours[p[0]] == ours[p[1]]}
            same_g = {p for p in pairs if truth[p[0]] == truth[p[1]]}
            ari = adjusted_rand_score([truth[a] for a in ids], [ours[a] for a in ids])
            rows.append({"level": "events", **link_scores(same_p, same_g), "adjusted_rand": ari})
    return pd.DataFrame(rows, columns=ACCURACY_COLUMNS)


# --------------------------------------------------------------------------------------------
# Everything at once, for the notebook and the CLI


@dataclass(frozen=True)
class FactsResult:
    """Every fact and event table of one story (see :func:`analyse`).

    Attributes
    ----------
    facts : DataFrame
        ``facts.csv`` (:func:`fact_table`).
    flags : DataFrame
        ``fact_flags.csv`` (:func:`flag_table`).
    events : DataFrame
        ``events.csv`` (:func:`analysis.events.event_table`).
    pairs : DataFrame
        ``event_pairs.csv`` (:func:`analysis.events.group_events`).
    dates : DataFrame
        ``event_dates.csv`` (:func:`analysis.events.date_table`).
    accuracy : DataFrame
        ``fact_accuracy.csv`` (:func:`accuracy`); empty without a hand annotation that fits.
    shared : DataFrame
        Facts shared by every two articles (:func:`analysis.events.shared_facts`).
    ids : list of str
        Article ids in corpus order.
    labels : dict of str to str
        Short label of each article.
    threshold : float
        The alignment threshold used.
    event_link : float
        The overlap that links two articles into one event.
    """

    facts: pd.DataFrame
    flags: pd.DataFrame
    events: pd.DataFrame
    pairs: pd.DataFrame
    dates: pd.DataFrame
    accuracy: pd.DataFrame
    shared: pd.DataFrame
    ids: list[str]
    labels: dict[str, str]
    threshold: float
    event_link: float

    @property
    def comparable(self) -> bool:
        """Whether the story has the two articles or more that comparisons need."""
        return len(self.ids) >= 2

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables notebook 05 and ``python -m analysis facts`` write, by file stem.

        Returns
        -------
        dict of str to DataFrame
            facts, fact_flags, events, event_pairs, event_dates, fact_accuracy.
        """
        return {
            "facts": self.facts,
            "fact_flags": self.flags,
            "events": self.events,
            "event_pairs": self.pairs,
            "event_dates": self.dates,
            "fact_accuracy": self.accuracy,
        }


#: Columns a hand alignment of facts must have (data/annotations/README.md).
GOLD_FACT_COLUMNS = ("fact_id", "article_id", "start", "end")
#: Columns a hand annotation of events must have.
GOLD_EVENT_COLUMNS = ("article_id", "event")


@dataclass(frozen=True)
class Prepared:
    """What the comparison reads from a story, computed once for any thresholds.

    Attributes
    ----------
    corpus : Corpus
        The articles.
    labels : dict of str to str
        Short label of each article.
    units : DataFrame
        The body sentences and their features (:func:`sentence_units`).
    numbers : dict
        (article_id, start) of each sentence to its quantities (:func:`quantities`).
    mentions : DataFrame
        Canonical entity mentions.
    dates : DataFrame
        ``event_dates.csv`` (:func:`analysis.events.date_table`).
    published : dict
        Article id to publication day (None when unknown).
    quotes : DataFrame
        Quotations and speakers (:func:`analysis.quotes.quote_table`).
    """

    corpus: Corpus
    labels: dict[str, str]
    units: pd.DataFrame
    numbers: dict[tuple[str, int], list[Quantity]]
    mentions: pd.DataFrame
    dates: pd.DataFrame
    published: dict[str, dt.date | None]
    quotes: pd.DataFrame

    @property
    def ids(self) -> list[str]:
        """Article ids in corpus order."""
        return list(self.corpus.ids)


def prepare(
    story: Story,
    aliases_file: str | Path | AliasTable | None = defaults.ALIASES_FILE,
    mentions: pd.DataFrame | None = None,
) -> Prepared:
    """Read from ``story`` what the comparison needs: sentences, entities, dates, quotations.

    ``mentions``, when given, are the story's canonical mentions with captions and the default
    labels (the entity pass's, which the story runner passes so they are not looked for twice).

    Raises
    ------
    analysis.events.EventsError
        When an article's ``published`` metadata is not a day.
    """
    from . import entities, quotes

    corpus, docs = story.corpus, story.docs
    published = {a.article_id: events.published_day(a) for a in corpus}
    # the entity pass notebooks 03 and 04 count: the general alias table and the folder's own
    if mentions is None:
        aliases = entities.story_aliases(corpus, aliases_file)
        mentions, _ = entities.canonical_mentions(
            corpus, docs, aliases=aliases, include_captions=True
        )
    units, found = sentence_units(corpus, docs, mentions)
    numbers = dict(zip(zip(units["article_id"], units["start"]), found))
    return Prepared(
        corpus=corpus,
        labels=dict(story.labels),
        units=units,
        numbers=numbers,
        mentions=mentions,
        dates=events.date_table(corpus, docs),
        published=published,
        quotes=quotes.quote_table(corpus, mentions, QUOTE_ZONES, docs=docs),
    )


def compare(
    prepared: Prepared,
    *,
    fact_threshold: float = defaults.FACT_THRESHOLD,
    entity_weight: float = defaults.ENTITY_WEIGHT,
    number_weight: float = defaults.NUMBER_WEIGHT,
    omission_share: float = defaults.OMISSION_SHARE,
    event_link: float = defaults.EVENT_LINK,
    date_tolerance: int = defaults.DATE_TOLERANCE,
    gold_facts: pd.DataFrame | None = None,
    gold_events: pd.DataFrame | None = None,
) -> FactsResult:
    """Align facts, group the articles into events, then align facts within each event.

    Two passes: the story-wide alignment says which articles share facts, and so (with their
    dates) which report one event; facts are then aligned again within each event, because two
    sentences about two different meetings do not report the same fact ("Kerry met Putin" in
    reports of a May meeting and of a March one).

    Parameters
    ----------
    prepared : Prepared
        The story's sentences, entities, dates and quotations (:func:`prepare`).
    fact_threshold, entity_weight, number_weight, omission_share, event_link, date_tolerance
        See :func:`analyse`.
    gold_facts, gold_events : DataFrame, optional
        Hand annotations that fit the corpus, to score against (:func:`accuracy`).

    Returns
    -------
    FactsResult
        Every table.
    """
    ids, units = prepared.ids, prepared.units
    articles = units["article_id"].tolist()
    sim = similarity(units, entity_weight=entity_weight, number_weight=number_weight)
    story_wide = fact_table(units, align(articles, sim, fact_threshold), sim, ids)

    days = events.event_days(prepared.dates, prepared.published, ids)
    shared = events.shared_facts(story_wide, ids)
    pairs = events.event_pairs(shared, days, event_link=event_link, date_tolerance=date_tolerance)
    event, pairs = events.group_events(pairs, ids)
    signature = events.signatures(prepared.mentions, ids)
    event_rows = events.event_table(event, days, prepared.dates, signature, prepared.published)

    if len(set(event.values())) > 1:
        code = pd.factorize(pd.Series([event[a] for a in articles], dtype=object))[0]
        entries = sparse.coo_array(sim)
        same = code[entries.row] == code[entries.col]
        within = sparse.csr_array(
            (entries.data[same], (entries.row[same], entries.col[same])), shape=sim.shape
        )
        facts = fact_table(units, align(articles, within, fact_threshold), within, ids)
    else:
        facts = story_wide
    flags = flag_table(
        exclusives(facts, event)
        + omissions(facts, event, omission_share)
        + discrepancies(facts, prepared.numbers, prepared.dates, days)
        + quote_variants(prepared.quotes, facts, ids),
        facts,
        ids,
    )
    empty = pd.DataFrame()
    return FactsResult(
        facts=facts,
        flags=flags,
        events=event_rows,
        pairs=pairs,
        dates=prepared.dates,
        accuracy=accuracy(
            facts,
            event_rows,
            empty if gold_facts is None else gold_facts,
            empty if gold_events is None else gold_events,
        ),
        shared=shared,
        ids=ids,
        labels=prepared.labels,
        threshold=fact_threshold,
        event_link=event_link,
    )


def analyse(
    story: Story,
    *,
    aliases_file: str | Path | AliasTable | None = defaults.ALIASES_FILE,
    fact_threshold: float = defaults.FACT_THRESHOLD,
    entity_weight: float = defaults.ENTITY_WEIGHT,
    number_weight: float = defaults.NUMBER_WEIGHT,
    omission_share: float = defaults.OMISSION_SHARE,
    event_link: float = defaults.EVENT_LINK,
    date_tolerance: int = defaults.DATE_TOLERANCE,
    facts_gold_file: str | Path | None = defaults.FACTS_GOLD_FILE,
    events_gold_file: str | Path | None = defaults.EVENTS_GOLD_FILE,
    mentions: pd.DataFrame | None = None,
) -> FactsResult:
    """Align the story's facts, flag what differs, and check whether it is one event.

    :func:`prepare` then :func:`compare`, with the hand annotations that fit the story.

    Parameters
    ----------
    story : Story
        The articles and their parse.
    aliases_file : str, Path or AliasTable, optional
        The entity alias table, or its file (relative: from the project root); "" for none.
    fact_threshold : float
        Least average similarity of a fact's sentences (:func:`align`).
    entity_weight, number_weight : float
        Weights of shared entities and shared numbers against content words
        (:func:`similarity`).
    omission_share : float
        An article omits a fact when more than this share of the other articles of its event
        carry it.
    event_link : float
        Least share of the shorter article's sentences aligned with the other's for two
        articles to report one event.
    date_tolerance : int
        Most days two articles' event days may be apart and still be one event.
    facts_gold_file, events_gold_file : str or Path, optional
        Hand annotations to measure the accuracy against (used where they fit the corpus);
        "" for none.
    mentions : DataFrame, optional
        The story's canonical mentions with captions and the default labels, when already found
        (:func:`prepare`).

    Returns
    -------
    FactsResult
        Every table; :meth:`FactsResult.tables` gives the CSV files.
    """
    prepared = prepare(story, aliases_file, mentions)
    gold_facts = matching_gold(read_gold(facts_gold_file, GOLD_FACT_COLUMNS), prepared.corpus)
    gold_events = read_gold(events_gold_file, GOLD_EVENT_COLUMNS)
    if len(gold_events):
        gold_events = gold_events[gold_events["article_id"].isin(prepared.ids)]
    return compare(
        prepared,
        fact_threshold=fact_threshold,
        entity_weight=entity_weight,
        number_weight=number_weight,
        omission_share=omission_share,
        event_link=event_link,
        date_tolerance=date_tolerance,
        gold_facts=gold_facts,
        gold_events=gold_events,
    )


# --------------------------------------------------------------------------------------------
# What notebook 05 shows


def _label(result: FactsResult, article_id: str) -> str:
    return escape.markdown(result.labels[article_id])


def _quote(text: str, n: int = 120) -> str:
    text = " ".join(str(text).split())
    return escape.markdown(text if len(text) <= n else text[: n - 1].rstrip() + "…")


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{'no' if n == 0 else n} {word if n == 1 else plural or word + 's'}"


def findings(result: FactsResult) -> str:
    """Summarize in Markdown: events first, then facts, flags and the measured accuracy.

    Article text is escaped.
    """
    parts = [events.findings(result.events, result.pairs, result.labels, result.event_link)]
    facts = result.facts.drop_duplicates("fact_id")
    n = len(facts)
    if not result.comparable:
        return parts[0]
    event = dict(zip(result.events["article_id"], result.events["event"]))
    size = pd.Series(event).value_counts()
    shared = facts[facts["n_articles"] > 1]
    every = int((shared["n_articles"] == shared["article_id"].map(event).map(size)).sum())
    only = int((facts["n_articles"] == 1).sum())
    sentence = (
        f"The {len(result.facts)} body sentences make **{n} facts**: {len(shared)} reported by "
        f"two articles or more ({every} by every article of their event), {only} by one "
        "article only."
    )
    widest = facts[facts["n_articles"] > 1].head(1)
    if len(widest):
        row = widest.iloc[0]
        sentence += (
            f" The most widely reported ({int(row['n_articles'])} articles): "
            f"“{_quote(row['text'])}” ({_label(result, row['article_id'])})."
        )
    parts.append(sentence)
    flags = result.flags
    counts = {f: int((flags["flag"] == f).sum()) for f in FLAGS}
    omitted = flags[flags["flag"] == "omitted"].drop_duplicates(["article_id", "fact_id"])
    parts.append(
        f"{_count(len(omitted), 'omission').capitalize()} of a fact most of an event's other "
        f"articles report, {_count(counts['discrepancy'], 'discrepancy', 'discrepancies')} "
        f"in numbers or dates, {_count(counts['quote variant'], 'quotation')} worded "
        "differently by two articles."
    )
    for _, row in result.accuracy.iterrows():
        if row["level"] == "fact links":
            parts.append(
                f"Against the hand alignment of these articles (in-sample: the thresholds were "
                f"chosen on it), fact links have precision {row['precision']:.2f} and recall "
                f"{row['recall']:.2f} ({int(row['correct'])} of {int(row['predicted'])} "
                f"predicted, {int(row['gold'])} annotated)."
            )
        else:
            parts.append(
                f"The event grouping agrees with the hand annotation with an adjusted Rand "
                f"index of {row['adjusted_rand']:.2f}."
            )
    return " ".join(parts)


def events_view(result: FactsResult) -> pd.DataFrame:
    """Return ``events.csv`` as the report shows it: by article label, evidence in words.

    Returns
    -------
    DataFrame
        Indexed by article (label, corpus order): event, published, day (the event day, or
        its weekday, and the words that give it), places, participants, unresolved dates,
        caption dates (not used).
    """
    table = result.events
    day = [
        (f"{d} ({w.capitalize()})" if d else w.capitalize()) + (f" ← “{t}”" if t else "")
        for d, w, t in zip(table["event_day"], table["event_weekday"], table["day_evidence"])
    ]
    return pd.DataFrame(
        {
            "article": table["article_id"].map(result.labels),
            "event": table["event"],
            "published": table["published"],
            "day": day,
            "places": table["places"],
            "participants": table["participants"],
            "unresolved dates": table["unresolved"],
            "caption dates (not used)": table["caption_dates"],
        }
    ).set_index("article")


def flags_view(result: FactsResult, flag: str, n: int | None = None) -> pd.DataFrame | Note:
    """Return the flags of one kind as the report shows them, or a note saying there are none.

    Parameters
    ----------
    result : FactsResult
        The analysis.
    flag : str
        One of :data:`FLAGS`.
    n : int, optional
        Most rows shown (all by default; ``fact_flags.csv`` has every row).

    Returns
    -------
    DataFrame or Note
        Columns by kind: exclusive — article, fact, sentence; omitted — article, fact,
        reported by (labels), sentence (the first carrier's); discrepancy and quote variant —
        fact, article, text, other article, other text, detail.
    """
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}; expected one of {', '.join(FLAGS)}")
    rows = result.flags[result.flags["flag"] == flag]
    if not result.comparable:
        return Note("Needs at least two articles.")
    if rows.empty:
        none = {"exclusive": "No exclusive facts.", "omitted": "No omitted facts."}
        return Note(
            none.get(flag, f"No {flag}s." if flag != "discrepancy" else "No discrepancies.")
        )
    label = result.labels.get
    if flag == "exclusive":
        view = pd.DataFrame(
            {
                "article": rows["article_id"].map(label),
                "fact": rows["fact_id"],
                "offsets": [f"{s}–{e}" for s, e in zip(rows["start"], rows["end"])],
                "sentence": rows["text"],
            }
        )
    elif flag == "omitted":
        grouped = rows.groupby(["article_id", "fact_id"], sort=False)
        view = pd.DataFrame(
            [
                {
                    "article": label(a),
                    "fact": f,
                    "reported by": ", ".join(g["other_article_id"].map(label)),
                    "sentence": g["other_text"].iloc[0],
                }
                for (a, f), g in grouped
            ]
        )
    else:
        view = pd.DataFrame(
            {
                "fact": rows["fact_id"],
                "article": rows["article_id"].map(label),
                "text": rows["text"],
                "other article": rows["other_article_id"].map(label),
                "other text": rows["other_text"],
                "detail": rows["detail"],
            }
        )
    view = view.reset_index(drop=True)
    return view.head(n) if n is not None else view


def quote_diffs(result: FactsResult) -> Note:
    """Return the quote variants as Markdown: each diff with deletions struck, insertions bold.

    Article text is escaped; a note when there are none.
    """
    rows = result.flags[result.flags["flag"] == "quote variant"]
    if rows.empty:
        return Note("No quotation is worded differently by two articles.")
    lines = []
    for _, row in rows.iterrows():
        _, pieces = word_diff(row["text"], row["other_text"])
        shown = " ".join(
            escape.markdown(w)
            if k == "="
            else f"~~{escape.markdown(w)}~~"
            if k == "-"
            else f"**{escape.markdown(w)}**"
            for k, w in pieces
        )
        kind = row["detail"].split(";", 1)[0]
        lines.append(
            f"- {_label(result, row['article_id'])} → {_label(result, row['other_article_id'])} "
            f"({escape.markdown(kind)}): {shown}"
        )
    return Note("\n".join(lines))


def event_order(result: FactsResult) -> list[str]:
    """Return the article ids grouped by event (events in id order), corpus order within."""
    event = dict(zip(result.events["article_id"], result.events["event"]))
    number = {e: int(e[1:]) for e in set(event.values())}
    position = {a: n for n, a in enumerate(result.ids)}
    return sorted(result.ids, key=lambda a: (number[event[a]], position[a]))


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


#: Characters of a fact's first sentence shown as its row label in the matrix figure.
ROW_LABEL_LENGTH = 70


def matrix_rows(result: FactsResult, max_facts: int = defaults.MAX_FACTS) -> pd.DataFrame:
    """Return the cells of the fact matrix figure: shared facts, then each article's own.

    Rows: the facts reported by two articles or more (the first ``max_facts``), then one row per
    article counting the facts only it reports.

    Returns
    -------
    DataFrame
        One row per figure row and article (:func:`event_order`): row (its number, top
        first), fact_id ("" on a count row), row_label (the fact's first sentence, shortened,
        or "only LABEL"), article_id, article (label), event, carried (bool), facts (facts the
        cell stands for: 1 or 0 on a fact row, the count of the article's own facts on its
        count row), n_articles.
    """
    order = event_order(result)
    event = dict(zip(result.events["article_id"], result.events["event"]))
    facts = result.facts
    shared = facts[facts["n_articles"] > 1]
    firsts = shared.drop_duplicates("fact_id").head(max_facts)
    rows = []
    n = 0
    for _, first in firsts.iterrows():
        carriers = set(shared.loc[shared["fact_id"] == first["fact_id"], "article_id"])
        label = f"{first['fact_id']} {_short(first['text'], ROW_LABEL_LENGTH)}"
        for a in order:
            rows.append(
                {
                    "row": n,
                    "fact_id": first["fact_id"],
                    "row_label": label,
                    "article_id": a,
                    "article": result.labels[a],
                    "event": event[a],
                    "carried": a in carriers,
                    "facts": int(a in carriers),
                    "n_articles": int(first["n_articles"]),
                }
            )
        n += 1
    own = facts[facts["n_articles"] == 1].groupby("article_id")["fact_id"].nunique()
    for a in order:
        for b in order:
            rows.append(
                {
                    "row": n,
                    "fact_id": "",
                    "row_label": f"only {result.labels[a]}",
                    "article_id": b,
                    "article": result.labels[b],
                    "event": event[b],
                    "carried": a == b and bool(own.get(a, 0)),
                    "facts": int(own.get(a, 0)) if a == b else 0,
                    "n_articles": 1,
                }
            )
        n += 1
    columns = [
        "row",
        "fact_id",
        "row_label",
        "article_id",
        "article",
        "event",
        "carried",
        "facts",
        "n_articles",
    ]
    return pd.DataFrame(rows, columns=columns)


def pair_matrix(result: FactsResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the facts every two articles share, in :func:`event_order`, and its long form.

    Returns
    -------
    DataFrame
        Square, index and columns article labels: facts shared off the diagonal, NaN on it.
    DataFrame
        One row per ordered pair of different articles: article_a, article_b, event_a,
        event_b, shared_facts, overlap (of the shorter article's facts), same_event.
    """
    order = event_order(result)
    names = [result.labels[a] for a in order]
    values = result.shared.reindex(index=order, columns=order).to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    event = dict(zip(result.events["article_id"], result.events["event"]))
    sizes = {a: int(result.shared.at[a, a]) for a in order}
    rows = []
    for a in order:
        for b in order:
            if a == b:
                continue
            n = int(result.shared.at[a, b])
            smaller = min(sizes[a], sizes[b])
            rows.append(
                {
                    "article_a": a,
                    "article_b": b,
                    "event_a": event[a],
                    "event_b": event[b],
                    "shared_facts": n,
                    "overlap": n / smaller if smaller else 0.0,
                    "same_event": event[a] == event[b],
                }
            )
    long = pd.DataFrame(
        rows,
        columns=[
            "article_a",
            "article_b",
            "event_a",
            "event_b",
            "shared_facts",
            "overlap",
            "same_event",
        ],
    )
    return pd.DataFrame(values, index=names, columns=names), long


def coverage_counts(result: FactsResult) -> pd.DataFrame:
    """Count per article its facts by how widely its event reports them, and what it omits.

    Returns
    -------
    DataFrame
        One row per article (:func:`event_order`): article_id, article (label), event,
        event_size (its articles), every (facts every article of the event reports), some (two
        articles or more, not all), only (this article alone, in an event of two or more),
        alone (the facts of an article alone in its event: nothing to compare), omitted (facts
        most of the event's other articles report and it leaves out).
    """
    facts = result.facts
    omitted = result.flags[result.flags["flag"] == "omitted"].drop_duplicates(
        ["article_id", "fact_id"]
    )
    event = dict(zip(result.events["article_id"], result.events["event"]))
    size = pd.Series(event).value_counts().to_dict()
    rows = []
    for a in event_order(result):
        mine = facts[facts["article_id"] == a]["n_articles"]
        k = size[event[a]]
        rows.append(
            {
                "article_id": a,
                "article": result.labels[a],
                "event": event[a],
                "event_size": k,
                "every": int((mine == k).sum()) if k > 1 else 0,
                "some": int(((mine > 1) & (mine < k)).sum()),
                "only": int((mine == 1).sum()) if k > 1 else 0,
                "alone": int(len(mine)) if k == 1 else 0,
                "omitted": int((omitted["article_id"] == a).sum()),
            }
        )
    columns = ["article_id", "article", "event", "event_size", "every", "some", "only", "alone"]
    return pd.DataFrame(rows, columns=[*columns, "omitted"])


def accuracy_view(result: FactsResult) -> pd.DataFrame | Note:
    """Return ``fact_accuracy.csv`` for the report, or a note when no annotation fits.

    Returns
    -------
    DataFrame or Note
        Indexed by level (fact links, events): precision, recall, f1, correct, predicted, gold,
        adjusted_rand (events only), rounded to 2 decimals.
    """
    if result.accuracy.empty:
        return Note(
            "No hand annotation fits these articles, so nothing is measured here; the accuracy "
            "measured on the seed articles and on BASIL is in the README (“Accuracy on "
            "articles nobody tuned to”)."
        )
    return result.accuracy.set_index("level").round(2)


# --------------------------------------------------------------------------------------------
# Precision of the flags, judged by a reader (benchmarks/judge_flags.py)

#: Columns of :func:`flag_precision`.
FLAG_PRECISION_COLUMNS = ["flag", "judged", "yes", "no", "unsure", "precision", "low", "high"]
#: Normal quantile of the Wilson interval's coverage (95 %).
_WILSON_Z = 1.96


def wilson_interval(successes: int, n: int, z: float = _WILSON_Z) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (Wilson 1927); NaN, NaN for n = 0.

    Unlike the normal approximation it stays inside [0, 1] and is honest at 0 of 6.
    """
    if n == 0:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def flag_precision(judgements: pd.DataFrame) -> pd.DataFrame:
    """Return each kind of flag's precision from a reader's verdicts.

    Parameters
    ----------
    judgements : DataFrame
        One row per judged flag: at least ``flag`` and ``verdict`` (yes, no, or unsure), as in
        ``data/annotations/basil_flag_judgements.csv``.

    Returns
    -------
    DataFrame
        :data:`FLAG_PRECISION_COLUMNS`: per kind of flag (in :data:`FLAGS` order, judged kinds
        only), how many were judged, yes, no, unsure, precision = yes / (yes + no) and its 95 %
        Wilson interval (low, high).
    """
    rows = []
    for kind in FLAGS:
        own = judgements[judgements["flag"] == kind]
        if own.empty:
            continue
        yes = int((own["verdict"] == "yes").sum())
        no = int((own["verdict"] == "no").sum())
        low, high = wilson_interval(yes, yes + no)
        rows.append(
            {
                "flag": kind,
                "judged": len(own),
                "yes": yes,
                "no": no,
                "unsure": len(own) - yes - no,
                "precision": yes / (yes + no) if yes + no else math.nan,
                "low": low,
                "high": high,
            }
        )
    return pd.DataFrame(rows, columns=FLAG_PRECISION_COLUMNS)


def flag_precision_view(
    judgements_file: str | Path | None = defaults.FLAG_JUDGEMENTS_FILE,
) -> pd.DataFrame | Note:
    """Return the judged precision of each kind of flag for the report, or a note without one.

    Parameters
    ----------
    judgements_file : str or Path, optional
        The verdicts (relative paths: from the project root); "" for none.

    Returns
    -------
    DataFrame or Note
        :func:`flag_precision` indexed by flag, rounded to 2 decimals.
    """
    path = resolve(judgements_file) if judgements_file else None
    if path is None or not path.is_file():
        return Note("No judged sample of flags is available, so their precision is unmeasured.")
    table = flag_precision(pd.read_csv(path, keep_default_na=False))
    return table.set_index("flag").round(2)
