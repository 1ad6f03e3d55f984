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
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from .corpus import Corpus
from .text import CONTENT_ZONES, tokens

__all__ = [
    "COVERAGE_COLUMNS",
    "DATE_COLUMNS",
    "Comparison",
    "compare",
    "coverage_status",
    "date_mentions",
    "decimal_year",
    "distinctive_terms",
    "entity_coverage",
    "jaccard",
    "parse_date",
    "places",
    "similarity_order",
    "similarity_table",
    "stop_words",
    "term_tokens",
    "tfidf_similarity",
]

COVERAGE_COLUMNS = ["article_id", "entity", "label", "mentions", "per_1000_words", "n_articles"]
DATE_COLUMNS = ["article_id", "start", "end", "zone", "text", "year", "month", "day", "resolution"]
PLACE_LABELS = ("GPE", "LOC", "FAC")


# --------------------------------------------------------------------------------------------
# Entities


def entity_coverage(counts: pd.DataFrame, words: Mapping[str, int]) -> pd.DataFrame:
    """``entity_coverage.csv``: one row per article and entity it names (``counts`` is
    entities.csv): mentions, mentions per 1,000 words of that article (``words``), and in how
    many articles of the corpus the entity is named.
    """
    out = counts.copy()
    size = out["article_id"].map(words).astype(float)
    out["per_1000_words"] = 1000 * out["mentions"] / size.where(size > 0)
    out["n_articles"] = out.groupby("entity")["article_id"].transform("nunique")
    return out[COVERAGE_COLUMNS].sort_values(
        ["n_articles", "entity", "article_id"], ascending=[False, True, True], ignore_index=True
    )


def coverage_status(coverage: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """One row per entity: label, n_articles, mentions (all articles), articles (ids naming it,
    corpus order) and status: ``every article``, ``only one``, or ``some``. With fewer than two
    articles every entity is ``only one``: there is nothing to compare.
    """
    order = {a: n for n, a in enumerate(ids)}
    rows = []
    for entity, group in coverage.groupby("entity", sort=True):
        named = sorted(set(group["article_id"]), key=order.get)
        n = len(named)
        status = (
            "every article" if n == len(ids) and len(ids) > 1 else "only one" if n == 1 else "some"
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
    """Square table: |A ∩ B| / |A ∪ B| of the entity sets two articles name (1 on the diagonal
    unless an article names nothing; NaN when both name nothing).
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
    """SpaCy's English stop words, normalized like :func:`analysis.text.tokens`."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(t.norm for w in STOP_WORDS for t in tokens(w))


def term_tokens(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """Terms for word statistics: normalized tokens with at least one letter, minus ``drop`` —
    which is matched against the word as written in lower case, so a stop word "us" goes but
    "U.S." and "US" (written in capitals, normalized to "us") stay; "IS" and "WHO" likewise.
    """
    kept = []
    for t in tokens(text):
        surface = text[t.start : t.end]
        acronym = sum(ch.isupper() for ch in surface) > 1 or "." in surface
        if re.search(r"[^\W\d_]", t.norm) and (acronym or t.norm not in drop):
            kept.append(t.norm)
    return kept


def tfidf_similarity(texts: Mapping[str, str]) -> pd.DataFrame:
    """Square table of cosine similarities between TF-IDF vectors of ``texts`` (article_id →
    text): terms from :func:`term_tokens` without stop words, smoothed idf, l2 norm. Identical
    texts score 1, texts with no term in common 0.
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
    """Articles in an order that puts similar ones next to each other: the leaves of average-
    linkage clustering on 1 − similarity, optimally ordered (scipy). Deterministic.
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
    """``similarity.csv``: one row per ordered pair of different articles (article_a,
    article_b) and one column per matrix (e.g. tfidf_cosine, entity_jaccard, reuse_share_a).
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
    prior_scale: float = 1.0,
    drop: frozenset[str] | None = None,
    min_count: int = 2,
) -> pd.DataFrame:
    """Fightin' Words: for each article against all the others, the log-odds ratio of every term
    with an informative Dirichlet prior, and its z-score.

    With ``y`` an article's counts, ``r`` the rest's, ``n`` their totals, and the prior
    ``a_w = prior_scale · (corpus count of w)``, ``a0 = Σ a_w``::

        delta_w = log((y_w + a_w) / (n_y + a0 − y_w − a_w))
                − log((r_w + a_w) / (n_r + a0 − r_w − a_w))
        var_w   ≈ 1 / (y_w + a_w) + 1 / (r_w + a_w)
        z_w     = delta_w / sqrt(var_w)

    The prior is the corpus itself, as strong as the corpus by default (``prior_scale = 1``):
    with a few hundred words per article a term seen once cannot stand out, and frequent words
    are shrunk less than rare ones. ``drop`` defaults to the stop words; terms used fewer than
    ``min_count`` times in the article are left out of its rows (their z is small anyway). Rows:
    article_id, term, count, count_rest, log_odds, z — sorted by article then z, highest first.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    columns = ["article_id", "term", "count", "count_rest", "log_odds", "z"]
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be positive, got {prior_scale}")
    ids = list(texts)
    if len(ids) < 2:
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


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) a date expression names, as far as it names them: "May 8, 2013" →
    (2013, 5, 8); "June 2012" → (2012, 6, None); "Thursday, August 25" → (None, 8, 25);
    "Tuesday" or "last week" → (None, None, None). A day counts only written next to its month
    ("the last 10 days of August 2016" has none); with a month, the year is the first one after
    it, else the last one before it ("between 2012 and March 2013" → 2013).
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
        try:  # 29 February only in a leap year; with no year, 2000 (a leap year) decides
            pd.Timestamp(year=year or 2000, month=month, day=day)
        except ValueError:
            day = None
    return year, month, day


def date_mentions(
    corpus: Corpus, docs: Sequence[Doc], zones: tuple[str, ...] = CONTENT_ZONES
) -> pd.DataFrame:
    """``dates.csv``: every DATE entity in ``zones`` with what it names (:func:`parse_date`) and
    its resolution: ``day``, ``month`` or ``year`` when it names a year, ``no year`` for a month
    without one ("August 25"), ``none`` for the rest ("Tuesday", "the coming days").
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
    """A date as a fractional year for plotting: mid-year, mid-month or the day itself."""
    if month is None or pd.isna(month):
        return year + 0.5
    if day is None or pd.isna(day):
        return year + (month - 0.5) / 12
    start = pd.Timestamp(year=year, month=1, day=1)
    length = 366 if pd.Timestamp(year=year, month=12, day=31).dayofyear == 366 else 365
    return year + (pd.Timestamp(year=year, month=int(month), day=int(day)) - start).days / length


def places(coverage: pd.DataFrame, labels: Sequence[str] = PLACE_LABELS) -> pd.DataFrame:
    """The places each article names (entities labelled GPE, LOC or FAC), most mentioned first:
    article_id, entity, label, mentions.
    """
    table = coverage[coverage["label"].isin(labels)]
    return table[["article_id", "entity", "label", "mentions"]].sort_values(
        ["article_id", "mentions", "entity"], ascending=[True, False, True], ignore_index=True
    )


# --------------------------------------------------------------------------------------------
# Everything at once, for the notebook and the CLI


@dataclass(frozen=True)
class Comparison:
    """Every coverage table of one corpus (see :func:`compare`)."""

    mentions: pd.DataFrame  # canonical entity mentions (analysis.entities.canonicalize)
    coverage: pd.DataFrame  # entity_coverage.csv
    status: pd.DataFrame  # one row per entity: every article / some / only one
    jaccard: pd.DataFrame  # article x article
    tfidf: pd.DataFrame  # article x article
    passages: pd.DataFrame  # shared_passages.csv
    reuse: pd.DataFrame  # per article reuse share
    containment: pd.DataFrame  # article x article, row's share inside passages with column
    quotes: pd.DataFrame  # quotes.csv
    voices: pd.DataFrame  # quoted words per speaker per article
    terms: pd.DataFrame  # distinctive_terms.csv
    dates: pd.DataFrame  # dates.csv
    words: dict[str, int]  # words per article in the zones counted

    def similarity(self) -> pd.DataFrame:
        """``similarity.csv``: one row per ordered pair of different articles."""
        return similarity_table(
            {
                "tfidf_cosine": self.tfidf,
                "entity_jaccard": self.jaccard,
                "reuse_share_a": self.containment,
            }
        )


def compare(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    aliases=None,
    labels: Sequence[str] | None = None,
    min_tokens: int = 6,
    prior_scale: float = 1.0,
    min_count: int = 2,
    zones: tuple[str, ...] = CONTENT_ZONES,
) -> Comparison:
    """All coverage comparisons of ``corpus``: entities (headline, body, captions), TF-IDF and
    distinctive terms (body text), shared passages and quotations (headline, body, captions),
    dates.
    """
    from . import entities, quotes, reuse
    from .text import count_words

    aliases = aliases if aliases is not None else entities.AliasTable()
    labels = list(labels) if labels is not None else list(entities.DEFAULT_LABELS)
    mentions = entities.canonicalize(
        entities.extract_mentions(
            corpus, docs, aliases=aliases, labels=labels, include_captions="caption" in zones
        ),
        aliases,
    )
    words = {
        a.article_id: sum(count_words(s.text) for s in a.segments if s.zone in zones)
        for a in corpus
    }
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
        quotes=quote_rows,
        voices=quotes.quoted_words(quote_rows),
        terms=distinctive_terms(bodies, prior_scale=prior_scale, min_count=min_count),
        dates=date_mentions(corpus, docs, zones),
        words=words,
    )
