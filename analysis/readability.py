"""Readability of each article's body text, from counts a careful reader would agree with.

textstat defines the formulas; it counts their inputs badly on news text. Its sentence regex splits
"U.S." and "Mr." into sentences and then drops every "sentence" of two words or fewer, and its
syllable count strips "U.S." to "us" and guesses names from hyphenation points. So the *inputs*
are counted here and the *formulas* applied to them as textstat writes them, with its English
constants; a test checks that both give the same scores, to 1e-9, on text textstat counts right.

The counts, per body sentence (sentences from the spaCy pass, which parses each line on its own):

``words``
    white-space separated runs containing a letter or digit (:mod:`analysis.text`), as textstat's
    ``lexicon_count``;
``syllables``
    :func:`analysis.syllables.word_syllables`: the CMU dictionary for the word as written, else an
    estimate from its vowel groups; ``estimated_words`` says how many words were estimated;
``polysyllables``
    words of three or more syllables (SMOG);
``difficult_words``
    words not on the Dale–Chall list of easy words (textstat's copy of the list);
``complex_words``
    difficult words of three or more syllables (Gunning fog, as textstat defines it);
``letters``
    letters and digits (Coleman–Liau); ``characters``: everything but white space (ARI).
    (textstat's ARI divides characters by a word count that includes lone punctuation such as a
    dash between spaces; ours divides by ``words``, so the two differ on such text.)

Article totals are sums over its body sentences, so every score can be recomputed from its row of
``readability.csv``; Linsear Write reads only the first 100 words, whose counts are in the row too
(``linsear_easy_words``, ``linsear_hard_words``, ``linsear_sentences``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from .corpus import Corpus
from .nlp import sentences_in_zone
from .syllables import use_offline_cmudict, word_syllables
from .text import words

__all__ = [
    "BOOTSTRAP_METRICS",
    "COUNT_COLUMNS",
    "GRADE_METRICS",
    "METRICS",
    "METRIC_NAMES",
    "MIN_WORDS",
    "SMOG_MIN_SENTENCES",
    "article_counts",
    "bootstrap_intervals",
    "check_metrics",
    "count_sentence",
    "hardest_article",
    "interval_summary",
    "readability_table",
    "score_matrix",
    "scores_from_counts",
    "sentence_lengths",
    "sentence_table",
    "syllable_estimates",
    "text_standard",
    "textstat_comparison",
    "textstat_scores",
]

#: The grade-level scores (a US school grade), in the order reports show them.
GRADE_METRICS = (
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
)
#: Every score; Flesch reading ease runs 0-100 (higher is easier), the rest are grades.
METRICS = ("flesch_reading_ease", *GRADE_METRICS)
#: Short names for figures and tables.
METRIC_NAMES = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale–Chall",
    "linsear_write_formula": "Linsear Write",
}
#: Grade levels with bootstrap intervals. Linsear Write reads only the first 100 words, which a
#: resample of sentences does not preserve, so it has none.
BOOTSTRAP_METRICS = GRADE_METRICS[:-1]
#: Per-sentence counts; an article's totals are their sums.
COUNT_COLUMNS = (
    "words",
    "syllables",
    "polysyllables",
    "difficult_words",
    "complex_words",
    "letters",
    "characters",
    "estimated_words",
)
#: McLaughlin (1969) calibrated SMOG on samples of 30 sentences; on fewer it extrapolates.
SMOG_MIN_SENTENCES = 30
#: Below this many words one long sentence or a few rare words move a grade level by a grade or
#: more (see the bootstrap intervals); the report flags such articles.
MIN_WORDS = 100
#: Linsear Write reads the first 100 words (textstat's ``strict_upper=True``).
LINSEAR_SAMPLE_WORDS = 100

# textstat's English constants (textstat.backend.utils.constants.LANG_CONFIGS["en"]).
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
_FOG_SYLLABLE_THRESHOLD = 3
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# textstat keeps an apostrophe only before a contraction ending ("don't", "Russia's")
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """The Dale–Chall list of easy words that textstat ships, lower case."""
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    return frozenset(get_lang_easy_words("en_US"))


def _easy_key(word: str) -> str:
    """The form textstat looks up in the easy-word list: punctuation removed (apostrophes of
    contractions kept), lower case. Typographic apostrophes count as plain ones.
    """
    word = _NONCONTRACTION_APOSTROPHE.sub("", word.translate(_APOSTROPHES))
    return re.sub(r"[^\w\s']", "", word).lower()


def _word_counts(text: str) -> list[tuple[str, int, str, bool]]:
    """(word, syllables, syllable source, is difficult) for each word of ``text``."""
    easy = _easy_words()
    out = []
    for word in words(text):
        n, source = word_syllables(word)
        out.append((word, n, source, _easy_key(word) not in easy))
    return out


def count_sentence(text: str) -> dict[str, int]:
    """The counts of :data:`COUNT_COLUMNS` for one sentence (or any text)."""
    per_word = _word_counts(text)
    return {
        "words": len(per_word),
        "syllables": sum(n for _, n, _, _ in per_word),
        "polysyllables": sum(n >= 3 for _, n, _, _ in per_word),
        "difficult_words": sum(d for *_, d in per_word),
        "complex_words": sum(d and n >= _FOG_SYLLABLE_THRESHOLD for _, n, _, d in per_word),
        "letters": len(re.findall(r"\w", text)),
        "characters": len(re.sub(r"\s", "", text)),
        "estimated_words": sum(src == "estimate" for _, _, src, _ in per_word),
    }


def _linsear_sample(sentence_texts: Sequence[str]) -> dict[str, int]:
    """Counts of the first :data:`LINSEAR_SAMPLE_WORDS` words: easy (1-2 syllables) and hard
    (3+) words, and the sentences they touch. A sentence cut by the end of the sample counts
    only if more than two of its words are in it, as textstat counts such a fragment.
    """
    easy = hard = touched = taken = 0
    for text in sentence_texts:
        if taken >= LINSEAR_SAMPLE_WORDS:
            break
        all_words = words(text)
        sample = all_words[: LINSEAR_SAMPLE_WORDS - taken]
        if not sample:
            continue
        if len(sample) == len(all_words) or len(sample) > 2:
            touched += 1
        taken += len(sample)
        for word in sample:
            n, _ = word_syllables(word)
            if n >= 3:
                hard += 1
            elif n > 0:
                easy += 1
    return {"linsear_easy_words": easy, "linsear_hard_words": hard, "linsear_sentences": touched}


def scores_from_counts(c: Mapping[str, object]) -> dict[str, object]:
    """Every score of :data:`METRICS` from counts, as textstat's formulas define them.

    ``c`` holds ``sentences`` and the :data:`COUNT_COLUMNS` (and the ``linsear_*`` sample counts
    for Linsear Write). Values may be numbers or numpy arrays of equal shape (bootstrap). No
    words or no sentences give NaN, never 0.0.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.asarray(c["words"], dtype=float)
        s = np.asarray(c["sentences"], dtype=float)
        valid = (w > 0) & (s > 0)
        w = np.where(valid, w, np.nan)
        s = np.where(valid, s, np.nan)
        words_per_sentence = w / s
        syllables_per_word = np.asarray(c["syllables"], dtype=float) / w
        percent_difficult = 100 * np.asarray(c["difficult_words"], dtype=float) / w
        scores = {
            "flesch_reading_ease": _FRE_BASE
            - _FRE_SENTENCE_LENGTH * words_per_sentence
            - _FRE_SYLLABLES_PER_WORD * syllables_per_word,
            "flesch_kincaid_grade": 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            "gunning_fog": 0.4
            * (words_per_sentence + 100 * np.asarray(c["complex_words"], dtype=float) / w),
            "smog_index": 1.043 * np.sqrt(30 * np.asarray(c["polysyllables"], dtype=float) / s)
            + 3.1291,
            "coleman_liau_index": 0.058 * (100 * np.asarray(c["letters"], dtype=float) / w)
            - 0.296 * (100 * s / w)
            - 15.8,
            "automated_readability_index": 4.71 * np.asarray(c["characters"], dtype=float) / w
            + 0.5 * words_per_sentence
            - 21.43,
            "dale_chall_readability_score": 0.1579 * percent_difficult
            + 0.0496 * words_per_sentence
            + np.where(percent_difficult > 5, 3.6365, 0.0),
        }
        if "linsear_sentences" in c:
            ls = np.asarray(c["linsear_sentences"], dtype=float)
            raw = (
                np.asarray(c["linsear_easy_words"], dtype=float)
                + 3 * np.asarray(c["linsear_hard_words"], dtype=float)
            ) / np.where(ls > 0, ls, np.nan)
            scores["linsear_write_formula"] = np.where(raw <= 20, raw - 2, raw) / 2
        else:
            scores["linsear_write_formula"] = np.full(np.shape(w), np.nan)
    if np.ndim(w) == 0:
        return {k: float(v) for k, v in scores.items()}
    return scores


def _fre_grade(score: float) -> list[int]:
    """Textstat's mapping of Flesch reading ease to grades, for :func:`text_standard`."""
    bands = [(90, [5]), (80, [6]), (70, [7]), (60, [8, 9]), (50, [10]), (40, [11]), (30, [12])]
    if score < 100:
        for lower, grades in bands:
            if score >= lower:
                return grades
    return [13]


def text_standard(scores: Mapping[str, float]) -> float:
    """Textstat's consensus grade: the most common of floor, ceiling and rounding of each grade
    score, plus Flesch reading ease mapped to grades. NaN when no score is defined.
    """
    if any(math.isnan(scores[m]) for m in ("flesch_reading_ease", "flesch_kincaid_grade")):
        return math.nan
    grades: list[int] = []

    def spread(value: float) -> None:
        if not math.isnan(value):
            grades.extend([math.floor(value), math.ceil(value), round(value)])

    spread(scores["flesch_kincaid_grade"])
    grades.extend(_fre_grade(scores["flesch_reading_ease"]))
    for metric in (
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "linsear_write_formula",
        "gunning_fog",
    ):
        spread(scores[metric])
    return float(Counter(grades).most_common(1)[0][0])


def textstat_scores(text: str) -> dict[str, float]:
    """Textstat's own counts and scores for ``text``, uncorrected (shown beside ours)."""
    use_offline_cmudict()
    import textstat

    scores = {
        "sentences": textstat.sentence_count(text),
        "words": textstat.lexicon_count(text),
        "syllables": textstat.syllable_count(text),
    }
    for metric in METRICS:
        scores[metric] = float(getattr(textstat, metric)(text))
    scores["text_standard"] = float(textstat.text_standard(text, float_output=True))
    return scores


# --------------------------------------------------------------------------------------------
# Per article


def sentence_table(corpus: Corpus, docs: Sequence[Doc]) -> pd.DataFrame:
    """One row per body sentence: article_id, sentence (1-based), start, end, text and counts.

    Offsets are character offsets into the article text; sentences without a word are left out.
    """
    rows = []
    for article, doc in zip(corpus, docs, strict=True):
        n = 0
        for sent in sentences_in_zone(doc, article, "body"):
            text = sent.text.strip()
            counts = count_sentence(text)
            if not counts["words"]:
                continue
            n += 1
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            rows.append(
                {
                    "article_id": article.article_id,
                    "sentence": n,
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                    **counts,
                }
            )
    columns = ["article_id", "sentence", "start", "end", "text", *COUNT_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def article_counts(sentences: pd.DataFrame) -> dict[str, int]:
    """Totals of one article's sentence rows, with the sentence count and Linsear sample."""
    totals = {col: int(sentences[col].sum()) for col in COUNT_COLUMNS}
    totals["sentences"] = len(sentences)
    totals.update(_linsear_sample(sentences["text"].tolist()))
    return totals


def _notes(counts: Mapping[str, int]) -> str:
    notes = []
    if counts["words"] == 0:
        return "no body text: no score"
    if counts["words"] < MIN_WORDS:
        notes.append(f"only {counts['words']} words (< {MIN_WORDS}): scores unstable")
    if counts["sentences"] < SMOG_MIN_SENTENCES:
        notes.append(
            f"SMOG extrapolated from {counts['sentences']} sentences "
            f"(defined for >= {SMOG_MIN_SENTENCES})"
        )
    if counts["estimated_words"]:
        notes.append(
            f"{counts['estimated_words']} word(s) not in the CMU dictionary: syllables estimated"
        )
    return "; ".join(notes)


def readability_table(
    corpus: Corpus, docs: Sequence[Doc], sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per article: counts, every score, validity flags, and textstat's own numbers.

    Columns: article_id, the counts (``sentences`` and :data:`COUNT_COLUMNS`), the Linsear
    sample counts, :data:`METRICS`, ``text_standard``, ``smog_valid`` (>= 30 sentences),
    ``enough_words`` (>= 100), ``notes``, and ``textstat_*`` (textstat on the same body text).
    """
    sentences = sentence_table(corpus, docs) if sentences is None else sentences
    rows = []
    for article in corpus:
        own = sentences[sentences["article_id"] == article.article_id]
        counts = article_counts(own)
        scores = scores_from_counts(counts)
        theirs = textstat_scores("\n".join(article.body)) if counts["words"] else {}
        rows.append(
            {
                "article_id": article.article_id,
                "sentences": counts["sentences"],
                **{col: counts[col] for col in COUNT_COLUMNS},
                **{k: v for k, v in counts.items() if k.startswith("linsear_")},
                **scores,
                "text_standard": text_standard(scores),
                "smog_valid": counts["sentences"] >= SMOG_MIN_SENTENCES,
                "enough_words": counts["words"] >= MIN_WORDS,
                "notes": _notes(counts),
                **{
                    f"textstat_{k}": theirs.get(k, math.nan)
                    for k in ("sentences", "words", "syllables", *METRICS, "text_standard")
                },
            }
        )
    return pd.DataFrame(rows)


def _article_rng(seed: int, article_id: str) -> np.random.Generator:
    # one stream per article, so adding an article to the corpus leaves the others' intervals be
    digest = int(hashlib.sha256(article_id.encode()).hexdigest()[:16], 16)
    return np.random.default_rng([seed, digest])


def bootstrap_intervals(
    sentences: pd.DataFrame,
    *,
    n_boot: int = 2000,
    seed: int = 20261123,
    level: float = 0.95,
    metrics: Sequence[str] = BOOTSTRAP_METRICS,
) -> pd.DataFrame:
    """Percentile bootstrap intervals over sentences for each article and metric.

    Each resample draws an article's sentences with replacement (as many as it has), sums their
    counts and applies the formulas. Seeded per article: the same inputs give the same numbers.
    Returns one row per article and metric: article_id, metric, estimate, low, high, n_boot,
    sentences. Articles with fewer than two sentences get NaN bounds.
    """
    rows = []
    alpha = (1 - level) / 2
    for article_id, own in sentences.groupby("article_id", sort=False):
        counts = own[list(COUNT_COLUMNS)].to_numpy(dtype=float)
        n = len(own)
        estimate = scores_from_counts(
            {**dict(zip(COUNT_COLUMNS, counts.sum(axis=0))), "sentences": n}
        )
        if n >= 2:
            idx = _article_rng(seed, str(article_id)).integers(0, n, size=(n_boot, n))
            sums = counts[idx].sum(axis=1)  # n_boot x counts
            boot = scores_from_counts(
                {
                    **{col: sums[:, i] for i, col in enumerate(COUNT_COLUMNS)},
                    "sentences": np.full(n_boot, n),
                }
            )
        for metric in metrics:
            low = high = math.nan
            if n >= 2:
                values = boot[metric][~np.isnan(boot[metric])]
                low, high = (float(q) for q in np.quantile(values, [alpha, 1 - alpha]))
            rows.append(
                {
                    "article_id": article_id,
                    "metric": metric,
                    "estimate": estimate[metric],
                    "low": low,
                    "high": high,
                    "n_boot": n_boot,
                    "sentences": n,
                }
            )
    return pd.DataFrame(
        rows, columns=["article_id", "metric", "estimate", "low", "high", "n_boot", "sentences"]
    )


def sentence_lengths(sentences: pd.DataFrame) -> pd.DataFrame:
    """Words per sentence: article_id, sentence, words (for the distribution figure)."""
    return sentences[["article_id", "sentence", "words"]].reset_index(drop=True)


def score_matrix(
    table: pd.DataFrame, labels: Mapping[str, str], metrics: Sequence[str] = METRICS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, ranks): metric x article-label frames. Rank 1 is the easiest article to read on
    that metric (highest Flesch reading ease, lowest grade); ties share the lower rank.
    """
    scores = table.set_index(table["article_id"].map(labels))[list(metrics)].T
    scores.columns.name = None
    ranks = scores.copy()
    for metric in scores.index:
        ranks.loc[metric] = scores.loc[metric].rank(
            ascending=metric != "flesch_reading_ease", method="min"
        )
    return scores, ranks


def hardest_article(ranks: pd.DataFrame) -> tuple[str, int, int]:
    """(label, how many metrics rank it hardest, how many metrics) — ties go to the first label."""
    worst = ranks.apply(lambda row: row.idxmax() if row.notna().any() else None, axis=1).dropna()
    if worst.empty:
        return "", 0, 0
    counts = worst.value_counts()
    top = counts.max()
    label = next(lab for lab in ranks.columns if counts.get(lab, 0) == top)
    return str(label), int(top), len(worst)


def textstat_comparison(table: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Our counts and scores beside textstat's own on the same body text, with the differences."""
    out = pd.DataFrame({"label": table["article_id"].map(labels)})
    for col in (
        "sentences",
        "words",
        "syllables",
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "text_standard",
    ):
        out[col] = table[col]
        out[f"textstat_{col}"] = table[f"textstat_{col}"]
        if col in ("flesch_reading_ease", "flesch_kincaid_grade"):
            out[f"{col}_difference"] = table[col] - table[f"textstat_{col}"]
    return out


def syllable_estimates(sentences: pd.DataFrame) -> pd.DataFrame:
    """Every word whose syllables were estimated (not in the CMU dictionary): article_id, word,
    syllables, occurrences — what a reader should check by ear.
    """
    rows = Counter()
    for row in sentences.itertuples():
        for word, n, source, _ in _word_counts(row.text):
            if source == "estimate":
                rows[(row.article_id, re.sub(r"^\W+|\W+$", "", word), n)] += 1
    out = pd.DataFrame(
        [
            {"article_id": a, "word": w, "syllables": n, "occurrences": k}
            for (a, w, n), k in rows.items()
        ],
        columns=["article_id", "word", "syllables", "occurrences"],
    )
    return out.sort_values(["article_id", "word"], ignore_index=True)


def interval_summary(intervals: pd.DataFrame) -> dict[str, float]:
    """Median interval width (grades), and on how many metrics every article's interval overlaps
    every other's (max of the lows <= min of the highs): how much the ranking can be trusted.
    """
    usable = intervals.dropna(subset=["low", "high"])
    if usable.empty:
        return {"median_width": math.nan, "metrics": 0, "all_overlap": 0}
    widths = usable["high"] - usable["low"]
    overlap = usable.groupby("metric").apply(
        lambda g: bool(g["low"].max() <= g["high"].min()), include_groups=False
    )
    return {
        "median_width": float(widths.median()),
        "metrics": int(len(overlap)),
        "all_overlap": int(overlap.sum()),
    }


def check_metrics(metrics: Sequence[str]) -> list[str]:
    """``metrics`` as a list, in :data:`METRICS` order; a name not in :data:`METRICS` is an error
    that lists the choices.
    """
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise ValueError(
            f"unknown readability metric(s) {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(METRICS)}"
        )
    if not metrics:
        raise ValueError(f"no readability metric chosen; choose from {', '.join(METRICS)}")
    return [m for m in METRICS if m in metrics]
