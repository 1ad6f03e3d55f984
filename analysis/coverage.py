"""What each article covers that the others do or do not: entities, words, dates and places.

- **Entity coverage** (:func:`entity_coverage`): per article and canonical entity (see
  :mod:`analysis.entities`), mentions and mentions per 1,000 words; an entity every article names
  is *consensus*, one only a single article names is that article's *exclusive* (a blind spot of
  the others). :func:`jaccard` compares the sets of entities two articles name.
- **Lexical similarity** (:func:`tfidf_similarity`): cosine of TF-IDF vectors of the body text
  (scikit-learn), on the normalized tokens of :func:`analysis.text.tokens` without stop words.
- **Distinctive terms** (:func:`distinctive_terms`): log-odds ratio with an informative Dirichlet
  prior, each article against all the others (Monroe, Colaresi & Quinn 2008, "Fightin' Words",
  Political Analysis 16(4)), with z-scores.
- **Dates** (:func:`date_mentions`): the spaCy DATE entities, with the year, month and day they
  name when they name a year; "Tuesday" or "last week" cannot be placed without a publication date.

Passages shared word for word are in :mod:`analysis.reuse`; quotations in :mod:`analysis.quotes`.
:func:`analyse` runs everything on a :class:`~analysis.story.Story` (the notebook and the CLI
call it alike); :func:`findings` and the ``*_view`` functions turn its result into what notebook
04 shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from . import defaults, escape
from .corpus import Corpus
from .escape import Note
from .text import CONTENT_ZONES, tokens

if TYPE_CHECKING:
    from .entities import AliasTable
    from .story import Story

__all__ = [
    "COVERAGE_COLUMNS",
    "DATE_COLUMNS",
    "MIN_TERM_COUNT",
    "PLACE_LABELS",
    "Comparison",
    "analyse",
    "attribution_views",
    "blind_spots_view",
    "coverage_matrix",
    "coverage_status",
    "date_mentions",
    "dated_mentions",
    "dates_and_places_view",
    "decimal_year",
    "distinctive_terms",
    "entity_coverage",
    "entity_coverage_rows",
    "findings",
    "jaccard",
    "parse_date",
    "passages_view",
    "places",
    "shown_entities",
    "similarity_order",
    "similarity_table",
    "similarity_views",
    "stop_words",
    "term_tokens",
    "terms_shown",
    "tfidf_similarity",
]

COVERAGE_COLUMNS = ["article_id", "entity", "label", "mentions", "per_1000_words", "n_articles"]
DATE_COLUMNS = ["article_id", "start", "end", "zone", "text", "year", "month", "day", "resolution"]
#: OntoNotes labels of places: countries and cities, other locations, buildings and airports.
PLACE_LABELS = ("GPE", "LOC", "FAC")
#: A term must occur this often in an article to be listed as distinctive of it: with the prior
#: as strong as the corpus, a term seen once cannot stand out (notebook 04, "Words that set each
#: article apart").
MIN_TERM_COUNT = 2
#: Entities named in the summary sentence before "…" (the full list is in the figure).
_SUMMARY_ENTITIES = 5
#: Places listed per article beside its undated dates: enough to tell two meetings apart.
_PLACES_SHOWN = 6
#: Shared passages listed, longest first (all of them are in ``shared_passages.csv``).
_PASSAGES_SHOWN = 20
#: Fewer articles than this and nothing can be compared.
_COMPARABLE = 2
#: A passage in this many articles at most is copied between them, not a stock phrase (the
#: passage table's "in articles").
_PAIR = 2


# --------------------------------------------------------------------------------------------
# Entities


def entity_coverage(counts: pd.DataFrame, words: Mapping[str, int]) -> pd.DataFrame:
    """Rate each article's entity mentions per 1,000 words and count the articles naming each.

    Parameters
    ----------
    counts : DataFrame
        ``entities.csv``: article_id, entity, label, mentions.
    words : mapping of str to int
        Words per article in the zones counted.

    Returns
    -------
    DataFrame
        ``entity_coverage.csv``, one row per article and entity it names, most widely named
        first: article_id, entity, label, mentions, per_1000_words (NaN for an article without
        words), n_articles (articles of the corpus naming the entity).
    """
    out = counts.copy()
    size = out["article_id"].map(words).astype(float)
    out["per_1000_words"] = 1000 * out["mentions"] / size.where(size > 0)
    out["n_articles"] = out.groupby("entity")["article_id"].transform("nunique")
    return out[COVERAGE_COLUMNS].sort_values(
        ["n_articles", "entity", "article_id"], ascending=[False, True, True], ignore_index=True
    )


def coverage_status(coverage: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Say for each entity whether every article names it, some do, or only one.

    With fewer than two articles every entity is ``only one``: there is nothing to compare.

    Returns
    -------
    DataFrame
        One row per entity, most widely named then most mentioned first: entity, label,
        n_articles, mentions (all articles), articles (ids naming it, space-separated, corpus
        order), status (``every article``, ``some`` or ``only one``).
    """
    order = {a: n for n, a in enumerate(ids)}
    rows = []
    for entity, group in coverage.groupby("entity", sort=True):
        named = sorted(set(group["article_id"]), key=order.get)
        n = len(named)
        status = (
            "every article"
            if n == len(ids) and len(ids) >= _COMPARABLE
            else "only one"
            if n == 1
            else "some"
        )
        rows.append(
            {
                "entity": entity,
                "label": group["label"].iloc[0],
                "n_articles": n,
                "mentions": int(group["mentions"].sum()),
                "articles": " ".join(named),
                "status": status,
            }
        )
    table = pd.DataFrame(
        rows, columns=["entity", "label", "n_articles", "mentions", "articles", "status"]
    )
    return table.sort_values(
        ["n_articles", "mentions", "entity"], ascending=[False, False, True], ignore_index=True
    )


def jaccard(coverage: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Compare the entity sets of every two articles: |A ∩ B| / |A ∪ B|.

    Returns
    -------
    DataFrame
        Square, index and columns ``ids``: 1 on the diagonal unless an article names nothing;
        NaN when both name nothing.
    """
    ids = list(ids)
    named = (
        coverage.assign(one=1)
        .pivot_table(
            index="article_id", columns="entity", values="one", aggfunc="max", fill_value=0
        )
        .reindex(index=ids, fill_value=0)
    )
    x = named.to_numpy(dtype=float)
    both = x @ x.T
    sizes = x.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - both
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(union > 0, both / union, np.nan)
    return pd.DataFrame(values, index=ids, columns=ids)


# --------------------------------------------------------------------------------------------
# Words


def stop_words() -> frozenset[str]:
    """Return spaCy's English stop words, normalized like :func:`analysis.text.tokens`."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(t.norm for w in STOP_WORDS for t in tokens(w))


def term_tokens(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """Return the terms of ``text`` for word statistics.

    Terms are normalized tokens with at least one letter, minus ``drop`` — which is matched
    against the word as written in lower case, so a stop word "us" goes but "U.S." and "US"
    (written in capitals, normalized to "us") stay; "IS" and "WHO" likewise.
    """
    return list(_term_tokens(text, drop))


# TF-IDF and the distinctive terms read the same bodies: tokenized once
@functools.lru_cache(maxsize=256)
def _term_tokens(text: str, drop: frozenset[str]) -> tuple[str, ...]:
    kept = []
    for t in tokens(text):
        surface = text[t.start : t.end]
        acronym = sum(ch.isupper() for ch in surface) > 1 or "." in surface
        if re.search(r"[^\W\d_]", t.norm) and (acronym or t.norm not in drop):
            kept.append(t.norm)
    return tuple(kept)


def tfidf_similarity(texts: Mapping[str, str]) -> pd.DataFrame:
    """Compare texts by the cosine similarity of their TF-IDF vectors.

    Terms come from :func:`term_tokens` without stop words; smoothed idf, l2 norm. Identical
    texts score 1, texts with no term in common 0.

    Parameters
    ----------
    texts : mapping of str to str
        Article id to text.

    Returns
    -------
    DataFrame
        Square, index and columns the ids of ``texts``; NaN in the rows and columns of a text
        without terms.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    ids = list(texts)
    drop = stop_words()
    docs = [term_tokens(texts[a], drop) for a in ids]
    if not any(docs):
        return pd.DataFrame(np.nan, index=ids, columns=ids)
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms)
    vectors = vectorizer.fit_transform(docs)
    matrix = cosine_similarity(vectors)
    empty = [i for i, d in enumerate(docs) if not d]
    matrix[empty, :] = np.nan
    matrix[:, empty] = np.nan
    return pd.DataFrame(matrix, index=ids, columns=ids)


def similarity_order(matrix: pd.DataFrame) -> list[str]:
    """Order articles so that similar ones sit next to each other.

    The leaves of average-linkage clustering on 1 − similarity, optimally ordered (scipy).
    Deterministic; fewer than three articles keep their order.
    """
    ids = list(matrix.index)
    if len(ids) < 3:
        return ids
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = 1 - matrix.to_numpy(dtype=float, na_value=0.0)
    distance = np.clip((distance + distance.T) / 2, 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return [ids[i] for i in leaves_list(tree)]


def similarity_table(matrices: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """List square article-by-article matrices as one row per ordered pair of articles.

    Returns
    -------
    DataFrame
        ``similarity.csv``: article_a, article_b (every ordered pair of different articles, in
        the first matrix's order), then one column per matrix, named by its key (e.g.
        tfidf_cosine, entity_jaccard, reuse_share_a).
    """
    first = next(iter(matrices.values()))
    ids = list(first.index)
    a, b = np.meshgrid(np.arange(len(ids)), np.arange(len(ids)), indexing="ij")
    off = a != b
    table = pd.DataFrame(
        {
            "article_a": np.array(ids, dtype=object)[a[off]],
            "article_b": np.array(ids, dtype=object)[b[off]],
        }
    )
    for name, m in matrices.items():
        values = m.reindex(index=ids, columns=ids).to_numpy(dtype=float)
        table[name] = values[off]
    return table


def distinctive_terms(
    texts: Mapping[str, str],
    *,
    prior_scale: float = defaults.PRIOR_SCALE,
    drop: frozenset[str] | None = None,
    min_count: int = MIN_TERM_COUNT,
) -> pd.DataFrame:
    """Score every term of each article against all the others (Fightin' Words).

    The log-odds ratio of every term with an informative Dirichlet prior, and its z-score.
    With ``y`` an article's counts, ``r`` the rest's, ``n`` their totals, and the prior
    ``a_w = prior_scale · (corpus count of w)``, ``a0 = Σ a_w``::

        delta_w = log((y_w + a_w) / (n_y + a0 − y_w − a_w))
                − log((r_w + a_w) / (n_r + a0 − r_w − a_w))
        var_w   ≈ 1 / (y_w + a_w) + 1 / (r_w + a_w)
        z_w     = delta_w / sqrt(var_w)

    The prior is the corpus itself, as strong as the corpus by default (``prior_scale = 1``):
    with a few hundred words per article a term seen once cannot stand out, and frequent words
    are shrunk less than rare ones.

    Parameters
    ----------
    texts : mapping of str to str
        Article id to text; fewer than two give no rows.
    prior_scale : float
        Strength of the prior relative to the corpus; must be positive.
    drop : frozenset of str, optional
        Terms left out; the stop words by default.
    min_count : int
        Terms used fewer times in the article are left out of its rows (their z is small).

    Returns
    -------
    DataFrame
        ``distinctive_terms.csv``, sorted by article (``texts`` order) then z, highest first:
        article_id, term, count (in the article), count_rest (in the others), log_odds, z.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    columns = ["article_id", "term", "count", "count_rest", "log_odds", "z"]
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be positive, got {prior_scale}")
    ids = list(texts)
    if len(ids) < _COMPARABLE:
        return pd.DataFrame(columns=columns)
    drop = stop_words() if drop is None else drop
    docs = [term_tokens(texts[a], drop) for a in ids]
    if not any(docs):
        return pd.DataFrame(columns=columns)
    vectorizer = CountVectorizer(analyzer=lambda terms: terms)
    counts = vectorizer.fit_transform(docs).toarray().astype(float)
    terms = vectorizer.get_feature_names_out()
    total = counts.sum(axis=0)
    prior = prior_scale * total
    a0 = prior.sum()
    rows = []
    for k, article_id in enumerate(ids):
        y, rest = counts[k], total - counts[k]
        n_y, n_r = y.sum(), rest.sum()
        with np.errstate(divide="ignore", invalid="ignore"):  # one-term corpora: inf/NaN
            delta = np.log((y + prior) / (n_y + a0 - y - prior)) - np.log(
                (rest + prior) / (n_r + a0 - rest - prior)
            )
            z = delta / np.sqrt(1 / (y + prior) + 1 / (rest + prior))
        for i in np.flatnonzero(y >= min_count):
            rows.append(
                {
                    "article_id": article_id,
                    "term": terms[i],
                    "count": int(y[i]),
                    "count_rest": int(rest[i]),
                    "log_odds": float(delta[i]),
                    "z": float(z[i]),
                }
            )
    table = pd.DataFrame(rows, columns=columns)
    order = {a: n for n, a in enumerate(ids)}
    return table.sort_values(
        ["article_id", "z", "term"],
        ascending=[True, False, True],
        key=lambda c: c.map(order) if c.name == "article_id" else c,
        ignore_index=True,
    )


# --------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    m: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = re.compile(rf"\b({_MONTH_NAMES})\b\.?", re.IGNORECASE)
# a day written next to its month: "May 8", "Aug. 26th", "8 May", "26th of August"
_DAY_AFTER = re.compile(r"\s*(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:[.:]\d|[ap]\.?m\b))")
_DAY_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")
#: A leap year: decides whether 29 February is a day when a date names no year.
_LEAP_YEAR = 2000


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """Read the (year, month, day) a date expression names, as far as it names them.

    "May 8, 2013" → (2013, 5, 8); "June 2012" → (2012, 6, None); "Thursday, August 25" →
    (None, 8, 25); "Tuesday" or "last week" → (None, None, None). A day counts only written
    next to its month ("the last 10 days of August 2016" has none); with a month, the year is
    the first one after it, else the last one before it ("between 2012 and March 2013" → 2013).
    """
    years = list(_YEAR.finditer(text))
    month_match = _MONTH.search(text)
    if not month_match:
        return (int(years[0].group(1)) if years else None), None, None
    month = _MONTHS[month_match.group(1).lower()]
    after = [y for y in years if y.start() >= month_match.end()]
    before = [y for y in years if y.end() <= month_match.start()]
    year = int((after[0] if after else before[-1]).group(1)) if years else None
    day = None
    following = _DAY_AFTER.match(text, month_match.end())
    preceding = _DAY_BEFORE.search(text[: month_match.start()])
    for found in (following, preceding):
        if found and not _YEAR.fullmatch(found.group(1)):
            day = int(found.group(1))
            break
    if day is not None:
        try:  # 29 February only in a leap year
            pd.Timestamp(year=year or _LEAP_YEAR, month=month, day=day)
        except ValueError:
            day = None
    return year, month, day


def date_mentions(
    corpus: Corpus, docs: Sequence[Doc], zones: tuple[str, ...] = CONTENT_ZONES
) -> pd.DataFrame:
    """List every DATE entity in ``zones`` with what it names (:func:`parse_date`).

    Returns
    -------
    DataFrame
        ``dates.csv``: article_id, start, end (character offsets), zone, text, year, month, day
        (nullable integers) and resolution: ``day``, ``month`` or ``year`` when it names a
        year, ``no year`` for a month without one ("August 25"), ``none`` for the rest
        ("Tuesday", "the coming days").
    """
    rows = []
    for article, doc in zip(corpus, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            zone = article.zone_at(ent.start_char)
            if zone not in zones:
                continue
            year, month, day = parse_date(ent.text)
            resolution = (
                ("day" if day else "month" if month else "year")
                if year
                else "no year"
                if month
                else "none"
            )
            rows.append(
                {
                    "article_id": article.article_id,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "zone": zone,
                    "text": ent.text,
                    "year": year,
                    "month": month,
                    "day": day,
                    "resolution": resolution,
                }
            )
    table = pd.DataFrame(rows, columns=DATE_COLUMNS)
    for column in ("year", "month", "day"):
        table[column] = table[column].astype("Int64")
    return table


def decimal_year(year: int, month: int | None, day: int | None) -> float:
    """Return a date as a fractional year for plotting: mid-year, mid-month or the day itself."""
    if month is None or pd.isna(month):
        return year + 0.5
    if day is None or pd.isna(day):
        return year + (month - 0.5) / 12
    start = pd.Timestamp(year=year, month=1, day=1)
    length = 366 if pd.Timestamp(year=year, month=12, day=31).dayofyear == 366 else 365
    return year + (pd.Timestamp(year=year, month=int(month), day=int(day)) - start).days / length


def places(coverage: pd.DataFrame, labels: Sequence[str] = PLACE_LABELS) -> pd.DataFrame:
    """Return the places each article names, most mentioned first.

    Returns
    -------
    DataFrame
        The rows of ``coverage`` whose label is in ``labels``, sorted by article, then mentions
        (most first), then entity: article_id, entity, label, mentions.
    """
    table = coverage[coverage["label"].isin(labels)]
    return table[["article_id", "entity", "label", "mentions"]].sort_values(
        ["article_id", "mentions", "entity"], ascending=[True, False, True], ignore_index=True
    )


# --------------------------------------------------------------------------------------------
# Everything at once, for the notebook and the CLI


@dataclass(frozen=True)
class Comparison:
    """Every coverage table of one story (see :func:`analyse`).

    Attributes
    ----------
    mentions : DataFrame
        Canonical entity mentions (:func:`analysis.entities.canonicalize`).
    coverage : DataFrame
        ``entity_coverage.csv`` (:func:`entity_coverage`).
    status : DataFrame
        One row per entity: every article, some or only one (:func:`coverage_status`).
    jaccard, tfidf : DataFrame
        Article-by-article entity Jaccard index and TF-IDF cosine.
    passages : DataFrame
        ``shared_passages.csv`` (:func:`analysis.reuse.shared_passages`).
    reuse : DataFrame
        Per article: tokens, tokens shared, their share (:func:`analysis.reuse.reuse_share`).
    containment : DataFrame
        Article by article: the row's share of tokens in passages shared with the column.
    positions : DataFrame
        Token positions of each shared passage in both its articles
        (:func:`analysis.reuse.passage_positions`).
    quotes : DataFrame
        ``quotes.csv`` (:func:`analysis.quotes.quote_table`).
    voices : DataFrame
        Quoted words per speaker per article (:func:`analysis.quotes.quoted_words`).
    terms : DataFrame
        ``distinctive_terms.csv`` (:func:`distinctive_terms`).
    dates : DataFrame
        ``dates.csv`` (:func:`date_mentions`).
    words : dict of str to int
        Words per article in the zones counted.
    ids : list of str
        Article ids in corpus order.
    labels : dict of str to str
        Short label of each article (:attr:`analysis.story.Story.labels`).
    min_tokens : int
        Shortest shared passage looked for, in tokens.
    """

    mentions: pd.DataFrame
    coverage: pd.DataFrame
    status: pd.DataFrame
    jaccard: pd.DataFrame
    tfidf: pd.DataFrame
    passages: pd.DataFrame
    reuse: pd.DataFrame
    containment: pd.DataFrame
    positions: pd.DataFrame
    quotes: pd.DataFrame
    voices: pd.DataFrame
    terms: pd.DataFrame
    dates: pd.DataFrame
    words: dict[str, int]
    ids: list[str]
    labels: dict[str, str]
    min_tokens: int

    @property
    def comparable(self) -> bool:
        """Whether the story has the two articles or more that comparisons need."""
        return len(self.ids) >= _COMPARABLE

    def similarity(self) -> pd.DataFrame:
        """Return ``similarity.csv``: one row per ordered pair of different articles.

        Returns
        -------
        DataFrame
            article_a, article_b, tfidf_cosine, entity_jaccard, reuse_share_a (the share of
            article_a's tokens in passages it shares with article_b).
        """
        return similarity_table(
            {
                "tfidf_cosine": self.tfidf,
                "entity_jaccard": self.jaccard,
                "reuse_share_a": self.containment,
            }
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables notebook 04 and ``python -m analysis coverage`` write, by file stem.

        Returns
        -------
        dict of str to DataFrame
            entity_coverage, similarity, shared_passages, quotes, distinctive_terms, dates.
        """
        return {
            "entity_coverage": self.coverage,
            "similarity": self.similarity(),
            "shared_passages": self.passages,
            "quotes": self.quotes,
            "distinctive_terms": self.terms,
            "dates": self.dates,
        }


def analyse(
    story: Story,
    *,
    aliases_file: str | Path | AliasTable | None = defaults.ALIASES_FILE,
    labels: Sequence[str] = defaults.ENTITY_LABELS,
    min_tokens: int = defaults.MIN_TOKENS,
    prior_scale: float = defaults.PRIOR_SCALE,
    min_count: int = MIN_TERM_COUNT,
    zones: tuple[str, ...] = CONTENT_ZONES,
    mentions: pd.DataFrame | None = None,
) -> Comparison:
    """Compare the articles of ``story`` in every way notebook 04 shows.

    Entities (headline, body, captions), TF-IDF and distinctive terms (body text), shared
    passages and quotations (headline, body, captions), dates.

    Parameters
    ----------
    story : Story
        The articles and their parse (:func:`analysis.story.load_build` or ``read_story``).
    aliases_file : str, Path or AliasTable, optional
        The alias table, or its file (relative paths: from the project root); "" for none.
    labels : sequence of str
        Entity labels counted.
    min_tokens : int
        Shortest shared passage, in tokens.
    prior_scale : float
        Strength of the Fightin' Words prior relative to the corpus.
    min_count : int
        Fewest uses of a term in an article for it to be listed as distinctive.
    zones : tuple of str
        Zones read.
    mentions : DataFrame, optional
        The canonical mentions of these articles in ``zones`` with the same aliases and labels
        (:attr:`analysis.entities.EntitiesResult.mentions`), when already found: the story
        runner passes the entity pass's, so the mentions are not looked for twice.

    Returns
    -------
    Comparison
        Every table; :meth:`Comparison.tables` gives the CSV files.
    """
    from . import entities, quotes, reuse

    corpus, docs = story.corpus, story.docs
    if mentions is None:
        aliases = entities.story_aliases(corpus, aliases_file)
        mentions, _ = entities.canonical_mentions(
            corpus, docs, aliases=aliases, labels=list(labels), include_captions="caption" in zones
        )
    words = entities.words_per_article(corpus, zones).to_dict()
    cov = entity_coverage(entities.entity_counts(mentions), words)
    quote_rows = quotes.quote_table(corpus, mentions, zones, docs=docs)
    spans = {a: list(zip(g["start"], g["end"])) for a, g in quote_rows.groupby("article_id")}
    passages = reuse.shared_passages(corpus, min_tokens, spans, zones)
    bodies = {a.article_id: a.body_text for a in corpus}
    return Comparison(
        mentions=mentions,
        coverage=cov,
        status=coverage_status(cov, corpus.ids),
        jaccard=jaccard(cov, corpus.ids),
        tfidf=tfidf_similarity(bodies),
        passages=passages,
        reuse=reuse.reuse_share(corpus, passages, zones),
        containment=reuse.pair_containment(corpus, passages, zones),
        positions=reuse.passage_positions(corpus, passages, zones),
        quotes=quote_rows,
        voices=quotes.quoted_words(quote_rows),
        terms=distinctive_terms(bodies, prior_scale=prior_scale, min_count=min_count),
        dates=date_mentions(corpus, docs, zones),
        words=words,
        ids=list(corpus.ids),
        labels=dict(story.labels),
        min_tokens=min_tokens,
    )


# --------------------------------------------------------------------------------------------
# What notebook 04 shows: findings, display tables, the numbers behind its figures


def _label(result: Comparison, article_id: str) -> str:
    """Return an article's label escaped for Markdown."""
    return escape.markdown(result.labels[article_id])


def _speaker_totals(voices: pd.DataFrame) -> pd.Series:
    from .quotes import UNATTRIBUTED

    named = voices[voices["speaker"] != UNATTRIBUTED]
    return named.groupby("speaker")["words"].sum().sort_values(ascending=False)


def findings(result: Comparison) -> str:
    """Summarize the comparison in Markdown: consensus, blind spots, likeness, copying, voices.

    Article text (entity names, labels, the passage) is escaped.
    """
    n = len(result.ids)
    if not result.comparable:
        return (
            f"This corpus has {n} article(s): comparisons need at least two. The "
            "tables below describe the one article on its own."
        )
    status = result.status
    every = status[status["status"] == "every article"]
    named = ", ".join(escape.markdown(e) for e in every["entity"].head(_SUMMARY_ENTITIES))
    more = ", …" if len(every) > _SUMMARY_ENTITIES else ""
    sentences = [
        f"All {n} articles name **{len(every)}** of the {len(status)} entities"
        + (f" ({named}{more})" if len(every) else "")
        + f"; **{int((status['status'] == 'only one').sum())}** are named by one article only. "
    ]
    pair = (
        result.similarity()
        .dropna(subset=["tfidf_cosine"])
        .sort_values(["tfidf_cosine", "article_a"], ascending=[False, True])
        .head(1)
    )
    if len(pair):
        sentences.append(
            f"The most alike pair by vocabulary is {_label(result, pair['article_a'].iloc[0])} "
            f"and {_label(result, pair['article_b'].iloc[0])} (TF-IDF cosine "
            f"{pair['tfidf_cosine'].iloc[0]:.2f}). "
        )
    copied = result.passages[result.passages["n_articles"] <= _PAIR]
    longest = copied.sort_values("n_tokens", ascending=False).head(1)
    if len(longest):
        row = longest.iloc[0]
        sentences.append(
            f"The longest passage shared by two articles only is **{int(row['n_tokens'])} "
            f"tokens** ({row['kind']}, {_label(result, row['article_a'])} and "
            f"{_label(result, row['article_b'])}): “{escape.markdown(row['text_a'])}”. "
        )
    else:
        sentences.append(f"No two articles share a passage of {result.min_tokens} tokens. ")
    loudest = _speaker_totals(result.voices).head(1)
    if len(loudest):
        sentences.append(
            f"{escape.markdown(loudest.index[0])} is quoted most: {int(loudest.iloc[0])} words "
            "across the corpus."
        )
    else:
        sentences.append("No quotation could be attributed.")
    return "".join(sentences)


def shown_entities(result: Comparison, n: int = defaults.MAX_ENTITIES) -> list[str]:
    """Return the ``n`` entities named by the most articles (then the most mentioned)."""
    return result.status.head(n)["entity"].tolist()


def coverage_matrix(result: Comparison, n: int = defaults.MAX_ENTITIES) -> pd.DataFrame:
    """Return mentions per 1,000 words of the entities shown (:func:`shown_entities`), by article.

    Returns
    -------
    DataFrame
        Indexed by entity (most widely named first), one column per article label in corpus
        order: mentions per 1,000 words, NaN where the article does not name the entity.
    """
    from .entities import attention_matrix

    return attention_matrix(result.coverage, shown_entities(result, n), result.ids, result.labels)


def entity_coverage_rows(result: Comparison, n: int = defaults.MAX_ENTITIES) -> pd.DataFrame:
    """Return the coverage rows of the entities the coverage figure shows (:func:`shown_entities`).

    Returns
    -------
    DataFrame
        Rows of ``entity_coverage.csv`` in its order: entity, label, article_id, article (its
        label), mentions, per_1000_words.
    """
    rows = result.coverage[result.coverage["entity"].isin(shown_entities(result, n))]
    return rows.assign(article=rows["article_id"].map(result.labels))[
        ["entity", "label", "article_id", "article", "mentions", "per_1000_words"]
    ]


def blind_spots_view(result: Comparison) -> pd.DataFrame | Note:
    """Return the entities only one article names, by article (or a note saying why none).

    Returns
    -------
    DataFrame or Note
        Indexed by article (label, sorted): entities (comma-separated, sorted), count. A
        :class:`~analysis.escape.Note` with fewer than two articles, or when every entity is
        named twice or more.
    """
    only = result.status[result.status["status"] == "only one"]
    if not result.comparable:
        return Note("Needs at least two articles.")
    if only.empty:
        return Note("Every entity is named by at least two articles.")
    return (
        only.assign(article=only["articles"].map(result.labels))
        .groupby("article", sort=True)
        .agg(entities=("entity", lambda e: ", ".join(sorted(e))), count=("entity", "size"))
    )


def similarity_views(result: Comparison) -> dict[str, pd.DataFrame]:
    """Return the three similarity matrices as the figure shows them.

    Articles are in :func:`similarity_order` of the TF-IDF matrix (corpus order with one
    article), rows and columns named by article label, and the diagonal blank (NaN): an article
    against itself says nothing.

    Returns
    -------
    dict of str to DataFrame
        ``tfidf_cosine``, ``entity_jaccard``, ``reuse_share_a`` (the row article's share of
        tokens in passages it shares with the column article): square matrices of floats.
    """
    order = similarity_order(result.tfidf) if result.comparable else result.ids
    names = [result.labels[a] for a in order]
    views = {}
    for key, matrix in (
        ("tfidf_cosine", result.tfidf),
        ("entity_jaccard", result.jaccard),
        ("reuse_share_a", result.containment),
    ):
        values = matrix.reindex(index=order, columns=order).to_numpy(dtype=float, copy=True)
        np.fill_diagonal(values, np.nan)
        views[key] = pd.DataFrame(values, index=names, columns=names)
    return views


def passages_view(result: Comparison, n: int = _PASSAGES_SHOWN) -> pd.DataFrame | Note:
    """Return the ``n`` longest shared passages (:func:`analysis.reuse.passage_table`).

    Returns
    -------
    DataFrame or Note
        See :func:`analysis.reuse.passage_table`; a :class:`~analysis.escape.Note` when no
        passage is shared.
    """
    from .reuse import passage_table

    if result.passages.empty:
        return Note(
            f"No two articles share a passage of {result.min_tokens} tokens or more."
            if result.comparable
            else "Needs at least two articles."
        )
    return passage_table(result.passages, result.labels, n)


def attribution_views(result: Comparison) -> list[pd.DataFrame | Note]:
    """Return what the attribution cell shows, in order.

    How many quotations each rule attributed per article (:func:`analysis.quotes.
    attribution_counts`), then, if two articles share a quotation word for word, a heading
    and the speaker each gives it (:func:`analysis.quotes.shared_quote_view`).

    Returns
    -------
    list of DataFrame or Note
        ``[Note]`` without quotations; ``[counts]`` or ``[counts, Note, shared]``.
    """
    from .quotes import attribution_counts, shared_quote_view

    if result.quotes.empty:
        return [Note("No direct quotations found.")]
    views: list[pd.DataFrame | Note] = [attribution_counts(result.quotes, result.labels)]
    shared = shared_quote_view(result.passages, result.quotes, result.labels)
    if len(shared):
        views += [
            Note(
                "**Quotations two articles share word for word**, and the speaker each "
                "gives (blank: unattributed):"
            ),
            shared,
        ]
    return views


def terms_shown(result: Comparison, n: int = defaults.TOP_TERMS) -> pd.DataFrame:
    """Return each article's ``n`` most distinctive terms, labelled.

    Returns
    -------
    DataFrame
        The first ``n`` rows per article of ``distinctive_terms.csv`` (article_id, term, count,
        count_rest, log_odds, z) and label (the article's).
    """
    terms = result.terms.assign(label=result.terms["article_id"].map(result.labels))
    return terms.groupby("article_id", sort=False).head(n)


def dated_mentions(result: Comparison) -> pd.DataFrame:
    """Return the date mentions that name a year, placed on a time axis.

    Returns
    -------
    DataFrame
        Rows of ``dates.csv`` with a year, in its order: article_id, label (the article's),
        zone, text, year, month, day, when (fractional year, :func:`decimal_year`).
    """
    dated = result.dates[result.dates["year"].notna()].copy()
    dated["when"] = [
        decimal_year(y, m, d)
        for y, m, d in zip(
            dated["year"], dated["month"].astype(object), dated["day"].astype(object)
        )
    ]
    dated["label"] = dated["article_id"].map(result.labels)
    return dated[["article_id", "label", "zone", "text", "year", "month", "day", "when"]]


def dates_and_places_view(result: Comparison, n_places: int = _PLACES_SHOWN) -> pd.DataFrame:
    """Return per article its dates without a year and the places it names most.

    Returns
    -------
    DataFrame
        Indexed by article (label, corpus order): ``dates without a year`` (each text once, in
        reading order, "; "-separated) and ``places (mentions)`` (the ``n_places`` most
        mentioned GPE, LOC and FAC entities, "Geneva (3)", comma-separated).
    """
    undated = result.dates[result.dates["year"].isna()]
    where = places(result.coverage)
    rows = []
    for article_id in result.ids:
        days = undated.loc[undated["article_id"] == article_id, "text"]
        spots = where[where["article_id"] == article_id].head(n_places)
        rows.append(
            {
                "article": result.labels[article_id],
                "dates without a year": "; ".join(dict.fromkeys(days)),
                "places (mentions)": ", ".join(
                    f"{e} ({m})" for e, m in zip(spots["entity"], spots["mentions"])
                ),
            }
        )
    columns = ["article", "dates without a year", "places (mentions)"]
    return pd.DataFrame(rows, columns=columns).set_index("article")
