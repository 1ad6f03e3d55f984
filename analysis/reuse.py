"""Text reuse: passages two articles share word for word.

Each article's headline, body and captions become one stream of normalized tokens
(:func:`analysis.text.tokens`: case and punctuation ignored, so "U.S. Secretary" matches
"US secretary"). A boundary token that matches nothing is put wherever a zone changes or dropped
boilerplate sat, so no passage runs from a caption into the body, and at every quotation mark, so
a passage is either inside a quotation or outside; passages do cross sentence and paragraph
boundaries.

Between every pair of articles that share at least one run of ``min_tokens`` tokens, passages
are found by **greedy string tiling** (Wise 1993; the method of the METER corpus study of
newspaper reuse of newswire copy, Clough et al. 2002): take the longest common run of tokens not
yet covered, keep it if it is at least ``min_tokens`` long, mark its tokens in both articles as
covered, repeat. Every kept passage is maximal (it cannot be extended on either side) and no token
is in two passages of the same pair. Candidate pairs come from an index of ``min_tokens``-grams,
so articles that share no such run are never compared token by token.

A passage is a ``quote`` when most of its words are inside quotation marks in both articles,
``prose`` when in neither, and ``quote in one`` otherwise (one outlet quotes what the other
prints as its own words, or the marks were lost).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import defaults
from .corpus import Article, Corpus, Segment
from .text import CONTENT_ZONES, Token, tokens

__all__ = [
    "PASSAGE_COLUMNS",
    "TokenStream",
    "pair_containment",
    "passage_positions",
    "passage_table",
    "reuse_share",
    "shared_passages",
    "tile",
    "token_stream",
    "tokens_shared_with",
]

_QUOTE_MARKS = re.compile(r'[“”«»"]')

PASSAGE_COLUMNS = [
    "article_a",
    "article_b",
    "n_tokens",
    "kind",
    "passage",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "in_quote_a",
    "in_quote_b",
    "n_articles",
    "text_a",
    "text_b",
]


@dataclass(frozen=True)
class TokenStream:
    """An article's normalized tokens; ``None`` marks a boundary no passage crosses."""

    article_id: str
    tokens: tuple[Token | None, ...]

    @property
    def words(self) -> list[str | None]:
        """The normalized words, ``None`` at boundaries."""
        return [t.norm if t is not None else None for t in self.tokens]

    @property
    def size(self) -> int:
        """The number of tokens, boundaries not counted."""
        return sum(t is not None for t in self.tokens)


def token_stream(article: Article, zones: tuple[str, ...] = CONTENT_ZONES) -> TokenStream:
    """Return the article's tokens in ``zones``, with boundaries no passage crosses.

    A boundary is put wherever the zone changes, a segment of another zone (boilerplate) was
    left out, or a quotation mark stands.
    """
    return _token_stream(article.article_id, article.segments, tuple(zones))


# The passages, the reuse shares, the containment matrix, the passage positions and the outlet
# shares each need every article's stream: made once per article (the key is the article's
# segments, immutable, which hold its text), it was 12% of a story's analysis when made 6 times.
@functools.lru_cache(maxsize=256)
def _token_stream(
    article_id: str, segments: tuple[Segment, ...], zones: tuple[str, ...]
) -> TokenStream:
    stream: list[Token | None] = []
    previous = None  # (index, zone) of the last segment read
    for i, seg in enumerate(segments):
        if seg.zone not in zones:
            continue
        if previous is not None and (previous[0] != i - 1 or previous[1] != seg.zone):
            stream.append(None)
        # quotation marks are boundaries too, so a passage is wholly inside or outside a quote
        pos = 0
        for piece in _QUOTE_MARKS.split(seg.text):
            if pos:
                stream.append(None)
            stream.extend(tokens(piece, seg.start + pos))
            pos += len(piece) + 1
        previous = (i, seg.zone)
    return TokenStream(article_id, tuple(stream))


def _ngrams(words: list[str | None], n: int) -> dict[tuple[str, ...], list[int]]:
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(words) - n + 1):
        gram = words[i : i + n]
        if None not in gram:
            index[tuple(gram)].append(i)
    return index


def tile(
    a: list[str | None],
    b: list[str | None],
    min_tokens: int = defaults.MIN_TOKENS,
    grams_a: dict[tuple[str, ...], list[int]] | None = None,
    grams_b: dict[tuple[str, ...], list[int]] | None = None,
) -> list[tuple[int, int, int]]:
    """Tile two token lists greedily: the longest run still free in both, again and again.

    Returns ``(i, j, length)`` tiles, ``a[i:i+length] == b[j:j+length]``, each at least
    ``min_tokens`` long, no token in two tiles, in the order they were taken (ties: first in
    ``a``, then in ``b``). ``None`` never matches.

    Every common run lies inside a maximal one on the same diagonal, so one scan finds the
    maximal runs; a run that a longer tile has cut is split into its free parts, which go back
    into the queue — the result is that of Wise's repeated scans, without repeating them.
    ``grams_a``/``grams_b``, the ``min_tokens``-gram indexes of ``a`` and ``b`` if already built,
    save rebuilding them; only the n-grams both hold are visited.
    """
    if min_tokens < 1:
        raise ValueError(f"min_tokens must be at least 1, got {min_tokens}")
    grams_a = grams_a if grams_a is not None else _ngrams(a, min_tokens)
    grams_b = grams_b if grams_b is not None else _ngrams(b, min_tokens)
    queue: list[tuple[int, int, int]] = []  # (-length, i, j)
    shared = grams_a.keys() & grams_b.keys()
    for i, j in ((i, j) for gram in shared for i in grams_a[gram] for j in grams_b[gram]):
        if i > 0 and j > 0 and a[i - 1] is not None and a[i - 1] == b[j - 1]:
            continue  # not the start of a maximal run
        k = min_tokens
        while i + k < len(a) and j + k < len(b) and a[i + k] is not None and a[i + k] == b[j + k]:
            k += 1
        queue.append((-k, i, j))
    heapq.heapify(queue)
    marked_a, marked_b = [False] * len(a), [False] * len(b)
    tiles: list[tuple[int, int, int]] = []
    while queue:
        negative, i, j = heapq.heappop(queue)
        k = -negative
        free = [not marked_a[i + t] and not marked_b[j + t] for t in range(k)]
        if all(free):
            marked_a[i : i + k] = [True] * k
            marked_b[j : j + k] = [True] * k
            tiles.append((i, j, k))
            continue
        start = None
        for t in range(k + 1):  # the free parts of a run a longer tile has cut
            if t < k and free[t]:
                start = t if start is None else start
            elif start is not None:
                if t - start >= min_tokens:
                    heapq.heappush(queue, (-(t - start), i + start, j + start))
                start = None
    return tiles


class _Spans:
    """Character ranges (quotations) that answer "is this offset inside one?" in log time.

    A scan of every range for every token of every passage made the cost grow with the
    product of an article's quotations and its shared tokens; here the ranges are sorted once.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        # the furthest end among the ranges starting at or before each one: ranges may nest
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.reach[i]


def _share_inside(tokens_: tuple[Token | None, ...], spans: _Spans) -> bool:
    """Whether most of ``tokens_`` lie inside one of ``spans`` (character ranges)."""
    inside = sum(t.start in spans for t in tokens_ if t is not None)
    return 2 * inside > len(tokens_)


def _contains(words: list[str | None], passage: list[str], starts: list[int]) -> bool:
    n = len(passage)
    return any(words[i : i + n] == passage for i in starts)


def shared_passages(
    corpus: Corpus,
    min_tokens: int = defaults.MIN_TOKENS,
    quote_spans: dict[str, list[tuple[int, int]]] | None = None,
    zones: tuple[str, ...] = CONTENT_ZONES,
) -> pd.DataFrame:
    """Find the passages every two articles share word for word (:func:`tile`).

    Parameters
    ----------
    corpus : Corpus
        The articles.
    min_tokens : int
        Shortest passage, in tokens.
    quote_spans : dict of str to list of (int, int), optional
        Article id to quotation ranges (:func:`analysis.quotes.quoted_spans`), for the kind.
    zones : tuple of str
        Zones read.

    Returns
    -------
    DataFrame
        ``shared_passages.csv``, one row per passage per pair of articles, by pair (corpus
        order) then position in article_a: article_a, article_b, n_tokens, kind (quote, prose,
        quote in one), passage (the normalized token run), start_a, end_a, start_b, end_b
        (character offsets), in_quote_a, in_quote_b, n_articles (articles of the corpus holding
        the same run: a stock phrase such as a job title is in most, a copied quotation in
        few), text_a, text_b (as printed).
    """
    quote_index = {a: _Spans(spans) for a, spans in (quote_spans or {}).items()}
    no_quotes = _Spans([])
    streams = [token_stream(article, zones) for article in corpus]
    words = [s.words for s in streams]
    order = {s.article_id: n for n, s in enumerate(streams)}
    # candidate pairs: articles sharing at least one min_tokens-gram
    grams = [_ngrams(w, min_tokens) for w in words]
    holders: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for n, index in enumerate(grams):
        for gram in index:
            holders[gram].add(n)
    pairs = sorted(
        {
            (x, y)
            for group in holders.values()
            if len(group) > 1
            for x in group
            for y in group
            if x < y
        }
    )
    rows = []
    in_articles: dict[tuple[str, ...], int] = {}  # passage -> articles holding it
    for x, y in pairs:
        a, b = streams[x], streams[y]
        article_a, article_b = corpus.articles[x], corpus.articles[y]
        for i, j, k in sorted(
            tile(words[x], words[y], min_tokens, grams[x], grams[y]), key=lambda t: t[0]
        ):
            ta, tb = a.tokens[i : i + k], b.tokens[j : j + k]
            qa = _share_inside(ta, quote_index.get(a.article_id, no_quotes))
            qb = _share_inside(tb, quote_index.get(b.article_id, no_quotes))
            passage = words[x][i : i + k]
            key = tuple(passage)
            if key not in in_articles:
                # only articles holding the passage's first n-gram can hold the passage
                first = key[:min_tokens]
                in_articles[key] = sum(
                    _contains(words[m], passage, grams[m][first]) for m in holders[first]
                )
            rows.append(
                {
                    "article_a": a.article_id,
                    "article_b": b.article_id,
                    "n_tokens": k,
                    "kind": "quote" if qa and qb else "prose" if not (qa or qb) else "quote in one",
                    "passage": " ".join(passage),
                    "start_a": ta[0].start,
                    "end_a": ta[-1].end,
                    "start_b": tb[0].start,
                    "end_b": tb[-1].end,
                    "in_quote_a": qa,
                    "in_quote_b": qb,
                    "n_articles": in_articles[key],
                    "text_a": article_a.text[ta[0].start : ta[-1].end],
                    "text_b": article_b.text[tb[0].start : tb[-1].end],
                }
            )
    table = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    if len(table):
        table = table.sort_values(
            ["article_a", "article_b", "start_a"],
            key=lambda c: c.map(order) if c.name != "start_a" else c,
            ignore_index=True,
        )
    return table


def _spans_by_pair(passages: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(article, other article) → character ranges of the passages the article shares with it."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for side, opposite in (("a", "b"), ("b", "a")):
        for article, other, start, end in zip(
            passages[f"article_{side}"],
            passages[f"article_{opposite}"],
            passages[f"start_{side}"],
            passages[f"end_{side}"],
        ):
            spans[(article, other)].append((start, end))
    return spans


def _covered(starts: np.ndarray, spans: list[tuple[int, int]]) -> int:
    """How many tokens (by sorted start offsets) lie inside any of ``spans``."""
    inside = np.zeros(len(starts), dtype=bool)
    for start, end in spans:
        inside[np.searchsorted(starts, start) : np.searchsorted(starts, end)] = True
    return int(inside.sum())


def _token_starts(stream: TokenStream) -> np.ndarray:
    return np.array([t.start for t in stream.tokens if t is not None], dtype=np.int64)


def reuse_share(
    corpus: Corpus, passages: pd.DataFrame, zones: tuple[str, ...] = CONTENT_ZONES
) -> pd.DataFrame:
    """Measure how much of each article is in passages it shares with another.

    Returns
    -------
    DataFrame
        One row per article, corpus order: article_id, tokens, tokens_shared (inside a passage
        shared with any other article), reuse_share (their ratio; NaN without tokens),
        tokens_shared_in_quotes (inside passages of kind ``quote``).
    """

    def by_article(table: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (article, _), pair_spans in _spans_by_pair(table).items():
            spans[article] += pair_spans
        return spans

    every = by_article(passages)
    quoted = by_article(passages[passages["kind"] == "quote"])
    rows = []
    for article in corpus:
        starts = _token_starts(token_stream(article, zones))
        shared = _covered(starts, every[article.article_id])
        mine_quoted = quoted[article.article_id]
        rows.append(
            {
                "article_id": article.article_id,
                "tokens": len(starts),
                "tokens_shared": shared,
                "reuse_share": shared / len(starts) if len(starts) else float("nan"),
                "tokens_shared_in_quotes": _covered(starts, mine_quoted),
            }
        )
    return pd.DataFrame(rows)


def pair_containment(
    corpus: Corpus, passages: pd.DataFrame, zones: tuple[str, ...] = CONTENT_ZONES
) -> pd.DataFrame:
    """Measure each article's share of tokens inside passages it shares with each other one.

    Not symmetric: a short article can be mostly inside a long one.

    Returns
    -------
    DataFrame
        Square, index (row article) and columns the corpus ids; NaN on the diagonal and in the
        row of an article without tokens.
    """
    ids = corpus.ids
    starts = {a.article_id: _token_starts(token_stream(a, zones)) for a in corpus}
    sizes = np.array([len(starts[a]) for a in ids])
    values = np.zeros((len(ids), len(ids)))
    values[sizes == 0, :] = np.nan  # an article without tokens has no share
    np.fill_diagonal(values, np.nan)
    matrix = pd.DataFrame(values, index=ids, columns=ids)
    # only pairs that share a passage can differ from 0
    for (row, col), spans in sorted(_spans_by_pair(passages).items()):
        if len(starts[row]):
            matrix.loc[row, col] = _covered(starts[row], spans) / len(starts[row])
    return matrix


def tokens_shared_with(
    corpus: Corpus,
    passages: pd.DataFrame,
    partners: Mapping[str, Collection[str]],
    zones: tuple[str, ...] = CONTENT_ZONES,
) -> pd.Series:
    """Count each article's tokens inside passages it shares with its ``partners``.

    :func:`reuse_share` counts what an article shares with any other; this counts only what it
    shares with chosen ones — the articles of another outlet, or wire copy — each token once
    however many of them hold it.

    Parameters
    ----------
    corpus : Corpus
        The articles.
    passages : DataFrame
        ``shared_passages.csv`` of the same articles (:func:`shared_passages`).
    partners : mapping of str to collection of str
        Article id to the ids of the articles whose shared passages count; an article not
        listed counts nothing.
    zones : tuple of str
        Zones read (those of the passages).

    Returns
    -------
    Series
        Tokens (int), indexed by article id in corpus order.
    """
    spans = _spans_by_pair(passages)
    counts = {}
    for article in corpus:
        mine = article.article_id
        chosen = [
            s for other in sorted(partners.get(mine, ())) for s in spans.get((mine, other), [])
        ]
        counts[mine] = (
            _covered(_token_starts(token_stream(article, zones)), chosen) if chosen else 0
        )
    return pd.Series(counts, dtype="int64")


def passage_positions(
    corpus: Corpus, passages: pd.DataFrame, zones: tuple[str, ...] = CONTENT_ZONES
) -> pd.DataFrame:
    """Locate each shared passage in both its articles, in token positions.

    Returns
    -------
    DataFrame
        One row per passage and side, by article then position: article_id, other (the other
        article), first_token, last_token (counting the article's tokens from 0, boundaries
        not counted), kind.
    """
    rows = []
    # token number of each token's start offset, per article
    position = {
        a.article_id: {
            start: n for n, start in enumerate(_token_starts(token_stream(a, zones)).tolist())
        }
        for a in corpus
    }
    for side, opposite in (("a", "b"), ("b", "a")):
        for row in passages.itertuples(index=False):
            article_id = getattr(row, f"article_{side}")
            first = position[article_id][getattr(row, f"start_{side}")]
            rows.append(
                {
                    "article_id": article_id,
                    "other": getattr(row, f"article_{opposite}"),
                    "first_token": first,
                    "last_token": first + row.n_tokens - 1,
                    "kind": row.kind,
                }
            )
    table = pd.DataFrame(rows, columns=["article_id", "other", "first_token", "last_token", "kind"])
    return table.sort_values(["article_id", "first_token", "other"], ignore_index=True)


def passage_table(passages: pd.DataFrame, labels: Mapping[str, str], n: int) -> pd.DataFrame:
    """Return the ``n`` longest shared passages, for display.

    Longest first; of equal length, those in fewer articles first (copying before stock
    phrases).

    Returns
    -------
    DataFrame
        Indexed by tokens (the passage's length): kind, ``in articles`` (n_articles),
        ``article A``, ``where in A`` ("start–end" character offsets), ``article B``,
        ``where in B``, ``passage (as in A)``; articles by label.
    """
    table = passages.sort_values(["n_tokens", "n_articles"], ascending=[False, True])
    return (
        pd.DataFrame(
            {
                "tokens": table["n_tokens"],
                "kind": table["kind"],
                "in articles": table["n_articles"],
                "article A": table["article_a"].map(labels),
                "where in A": [f"{s}–{e}" for s, e in zip(table["start_a"], table["end_a"])],
                "article B": table["article_b"].map(labels),
                "where in B": [f"{s}–{e}" for s, e in zip(table["start_b"], table["end_b"])],
                "passage (as in A)": table["text_a"],
            }
        )
        .head(n)
        .set_index("tokens")
    )
