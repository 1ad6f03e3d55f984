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
    words of :data:`POLYSYLLABLE_MIN` (three) or more syllables (SMOG);
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

:func:`analyse` computes every table of ``notebooks/02_readability`` and ``python -m analysis
readability`` (the same call, so both write the same CSV files); the ``*_view`` functions return
the tables the notebook shows, :func:`findings` and :func:`caveats` its sentences.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from . import defaults, escape
from .corpus import Article, Corpus
from .escape import Note
from .language import ENGLISH, UNDETERMINED, language_name
from .nlp import sentences_in_zone
from .syllables import use_offline_cmudict, word_syllables
from .text import familiar_words, words

if TYPE_CHECKING:
    from .story import Story

__all__ = [
    "BOOTSTRAP_METRICS",
    "COUNT_COLUMNS",
    "GRADE_METRICS",
    "METRICS",
    "METRIC_NAMES",
    "MIN_WORDS",
    "POLYSYLLABLE_MIN",
    "SMOG_MIN_SENTENCES",
    "ReadabilityResult",
    "analyse",
    "article_counts",
    "bootstrap_intervals",
    "caveats",
    "check_metrics",
    "comparison_findings",
    "comparison_view",
    "count_sentence",
    "counts_view",
    "findings",
    "hardest_article",
    "interval_summary",
    "mean_sentence_lengths",
    "other_language",
    "ranked_scores",
    "readability_table",
    "score_matrix",
    "scores_from_counts",
    "sentence_lengths",
    "sentence_table",
    "shown_intervals",
    "syllable_estimates",
    "syllable_estimates_view",
    "text_standard",
    "text_standard_view",
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
#: McLaughlin (1969) calibrated SMOG on samples of 30 sentences; on fewer it extrapolates. The
#: formula scales polysyllables to this many sentences.
SMOG_MIN_SENTENCES = 30
#: Below this many words one long sentence or a few rare words move a grade level by a grade or
#: more (see the bootstrap intervals); the report flags such articles.
MIN_WORDS = 100
#: Linsear Write reads the first 100 words (textstat's ``strict_upper=True``).
LINSEAR_SAMPLE_WORDS = 100
#: Fewest syllables of a long word: a polysyllable for SMOG (McLaughlin 1969), a complex word
#: when it is also difficult for Gunning fog (textstat's ``LANG_CONFIGS["en"]
#: ["syllable_threshold"]``) and a hard word for Linsear Write (textstat counts all three with 3).
POLYSYLLABLE_MIN = 3

# ---- the formulas' constants -----------------------------------------------------------------
# As textstat 0.7 writes each formula (textstat/backend/metrics/_<metric>.py; Flesch reading
# ease with its English constants, textstat/backend/utils/constants.py LANG_CONFIGS["en"]), which
# are the published ones; tests/test_readability.py checks the scores against textstat's to 1e-9.
#: Flesch (1948) reading ease: base - a * words per sentence - b * syllables per word.
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
#: Flesch-Kincaid grade (Kincaid et al. 1975): a * words per sentence + b * syllables per word - c.
_FKG_SENTENCE_LENGTH, _FKG_SYLLABLES_PER_WORD, _FKG_OFFSET = 0.39, 11.8, 15.59
#: Gunning fog, Coleman-Liau and Dale-Chall count per 100 words (per cent), as published.
_PER_HUNDRED_WORDS = 100
#: Gunning (1952) fog index: a * (words per sentence + per cent complex words).
_FOG_SCALE = 0.4
#: SMOG (McLaughlin 1969): a * sqrt(polysyllables per 30 sentences) + b.
_SMOG_SCALE, _SMOG_OFFSET = 1.043, 3.1291
#: Coleman & Liau (1975): a * letters per 100 words - b * sentences per 100 words - c.
_CLI_LETTERS, _CLI_SENTENCES, _CLI_OFFSET = 0.058, 0.296, 15.8
#: Automated readability index (Smith & Senter 1967): a * characters per word
#: + b * words per sentence - c.
_ARI_CHARACTERS, _ARI_SENTENCE_LENGTH, _ARI_OFFSET = 4.71, 0.5, 21.43
#: Dale & Chall (1948): a * per cent difficult words + b * words per sentence, plus c when more
#: than d per cent of the words are difficult.
_DC_DIFFICULT, _DC_SENTENCE_LENGTH = 0.1579, 0.0496
_DC_ADJUSTMENT, _DC_ADJUSTMENT_ABOVE_PERCENT = 3.6365, 5
#: Linsear Write (O'Hayre 1966, textstat's ``linsear_write_formula``): (easy words + a * hard
#: words) / sentences; a raw score of at most b loses c; the result is divided by d.
_LINSEAR_HARD_WEIGHT, _LINSEAR_LOW_RAW, _LINSEAR_LOW_OFFSET, _LINSEAR_DIVISOR = 3, 20, 2, 2
#: textstat's sentence counter ignores a "sentence" of this many words or fewer
#: (textstat/backend/counts/_count_sentences.py), so a sentence cut by the end of the Linsear
#: Write sample counts only if more of its words are in the sample.
_TEXTSTAT_IGNORED_SENTENCE_WORDS = 2
#: textstat's ``text_standard`` maps Flesch reading ease to grades: (lowest score, grades), from
#: the easiest band down; a score of 100 or more, or below the last band, is grade 13.
_FRE_GRADE_BANDS = (
    (90, (5,)),
    (80, (6,)),
    (70, (7,)),
    (60, (8, 9)),
    (50, (10,)),
    (40, (11,)),
    (30, (12,)),
)
_FRE_GRADE_TOP, _FRE_GRADE_OTHER = 100, 13
#: Hex digits of the SHA-256 of an article id mixed into the bootstrap seed (64 bits: enough to
#: give every article its own stream; numpy's ``SeedSequence`` takes any non-negative integer).
_SEED_HEX_DIGITS = 16
#: Fewest sentences for a bootstrap interval: every resample of one sentence is that sentence.
_MIN_BOOTSTRAP_SENTENCES = 2
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# textstat keeps an apostrophe only before a contraction ending ("don't", "Russia's")
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """Return the Dale–Chall list of easy words that textstat ships, lower case."""
    return familiar_words()


def _easy_key(word: str) -> str:
    """Return the form of ``word`` textstat looks up in the easy-word list.

    Punctuation is removed (apostrophes of contractions kept) and the word lower-cased;
    typographic apostrophes count as plain ones.
    """
    word = _NONCONTRACTION_APOSTROPHE.sub("", word.translate(_APOSTROPHES))
    return re.sub(r"[^\w\s']", "", word).lower()


def _word_counts(text: str) -> list[tuple[str, int, str, bool]]:
    """Return (word, syllables, syllable source, is difficult) for each word of ``text``."""
    easy = _easy_words()
    out = []
    for word in words(text):
        n, source = word_syllables(word)
        out.append((word, n, source, _easy_key(word) not in easy))
    return out


def count_sentence(text: str) -> dict[str, int]:
    """Count the :data:`COUNT_COLUMNS` of one sentence (or any text)."""
    per_word = _word_counts(text)
    return {
        "words": len(per_word),
        "syllables": sum(n for _, n, _, _ in per_word),
        "polysyllables": sum(n >= POLYSYLLABLE_MIN for _, n, _, _ in per_word),
        "difficult_words": sum(d for *_, d in per_word),
        "complex_words": sum(d and n >= POLYSYLLABLE_MIN for _, n, _, d in per_word),
        "letters": len(re.findall(r"\w", text)),
        "characters": len(re.sub(r"\s", "", text)),
        "estimated_words": sum(src == "estimate" for _, _, src, _ in per_word),
    }


def _linsear_sample(sentence_texts: Sequence[str]) -> dict[str, int]:
    """Count the first :data:`LINSEAR_SAMPLE_WORDS` words: easy and hard, and their sentences.

    Easy words have 1-2 syllables, hard ones :data:`POLYSYLLABLE_MIN` or more. A sentence cut
    by the end of the sample counts only if more than two of its words are in it, as textstat
    counts such a fragment.
    """
    easy = hard = touched = taken = 0
    for text in sentence_texts:
        if taken >= LINSEAR_SAMPLE_WORDS:
            break
        all_words = words(text)
        sample = all_words[: LINSEAR_SAMPLE_WORDS - taken]
        if not sample:
            continue
        if len(sample) == len(all_words) or len(sample) > _TEXTSTAT_IGNORED_SENTENCE_WORDS:
            touched += 1
        taken += len(sample)
        for word in sample:
            n, _ = word_syllables(word)
            if n >= POLYSYLLABLE_MIN:
                hard += 1
            elif n > 0:
                easy += 1
    return {"linsear_easy_words": easy, "linsear_hard_words": hard, "linsear_sentences": touched}


def scores_from_counts(c: Mapping[str, object]) -> dict[str, object]:
    """Compute every score of :data:`METRICS` from counts, as textstat's formulas define them.

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
        percent_difficult = _PER_HUNDRED_WORDS * np.asarray(c["difficult_words"], dtype=float) / w
        scores = {
            "flesch_reading_ease": _FRE_BASE
            - _FRE_SENTENCE_LENGTH * words_per_sentence
            - _FRE_SYLLABLES_PER_WORD * syllables_per_word,
            "flesch_kincaid_grade": _FKG_SENTENCE_LENGTH * words_per_sentence
            + _FKG_SYLLABLES_PER_WORD * syllables_per_word
            - _FKG_OFFSET,
            "gunning_fog": _FOG_SCALE
            * (
                words_per_sentence
                + _PER_HUNDRED_WORDS * np.asarray(c["complex_words"], dtype=float) / w
            ),
            "smog_index": _SMOG_SCALE
            * np.sqrt(SMOG_MIN_SENTENCES * np.asarray(c["polysyllables"], dtype=float) / s)
            + _SMOG_OFFSET,
            "coleman_liau_index": _CLI_LETTERS
            * (_PER_HUNDRED_WORDS * np.asarray(c["letters"], dtype=float) / w)
            - _CLI_SENTENCES * (_PER_HUNDRED_WORDS * s / w)
            - _CLI_OFFSET,
            "automated_readability_index": _ARI_CHARACTERS
            * np.asarray(c["characters"], dtype=float)
            / w
            + _ARI_SENTENCE_LENGTH * words_per_sentence
            - _ARI_OFFSET,
            "dale_chall_readability_score": _DC_DIFFICULT * percent_difficult
            + _DC_SENTENCE_LENGTH * words_per_sentence
            + np.where(percent_difficult > _DC_ADJUSTMENT_ABOVE_PERCENT, _DC_ADJUSTMENT, 0.0),
        }
        if "linsear_sentences" in c:
            ls = np.asarray(c["linsear_sentences"], dtype=float)
            raw = (
                np.asarray(c["linsear_easy_words"], dtype=float)
                + _LINSEAR_HARD_WEIGHT * np.asarray(c["linsear_hard_words"], dtype=float)
            ) / np.where(ls > 0, ls, np.nan)
            scores["linsear_write_formula"] = (
                np.where(raw <= _LINSEAR_LOW_RAW, raw - _LINSEAR_LOW_OFFSET, raw) / _LINSEAR_DIVISOR
            )
        else:
            scores["linsear_write_formula"] = np.full(np.shape(w), np.nan)
    if np.ndim(w) == 0:
        return {k: float(v) for k, v in scores.items()}
    return scores


def _fre_grade(score: float) -> list[int]:
    """Map Flesch reading ease to grades as textstat does, for :func:`text_standard`."""
    if score < _FRE_GRADE_TOP:
        for lower, grades in _FRE_GRADE_BANDS:
            if score >= lower:
                return list(grades)
    return [_FRE_GRADE_OTHER]


def text_standard(scores: Mapping[str, float]) -> float:
    """Return textstat's consensus grade of ``scores`` (NaN when no score is defined).

    The most common of floor, ceiling and rounding of each grade score, plus Flesch reading
    ease mapped to grades.
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
    """Return textstat's own counts and scores for ``text``, uncorrected (shown beside ours)."""
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
    """Count every body sentence of every article.

    Sentences without a word are left out.

    Returns
    -------
    DataFrame
        One row per body sentence: article_id, sentence (1-based within its article), start,
        end (character offsets into the article text), text, and the counts of
        :data:`COUNT_COLUMNS` (words, syllables, polysyllables, difficult_words, complex_words,
        letters, characters, estimated_words).
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
    """Total one article's sentence rows, with the sentence count and Linsear sample."""
    totals = {col: int(sentences[col].sum()) for col in COUNT_COLUMNS}
    totals["sentences"] = len(sentences)
    totals.update(_linsear_sample(sentences["text"].tolist()))
    return totals


def other_language(article: Article) -> bool:
    """Tell whether ``article`` is, with confidence, in a language other than English.

    The formulas are English formulas (syllables, word lists, constants fitted to English
    readers): such an article gets no score rather than a meaningless one.
    """
    return article.language not in ("", ENGLISH, UNDETERMINED)


def _notes(counts: Mapping[str, int], article: Article) -> str:
    notes = []
    if other_language(article):
        return (
            f"written in {language_name(article.language)} ({article.language}, probability "
            f"{article.language_probability:.2f}): English formulas do not apply; no score"
        )
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
    """Score every article: counts, every score, validity flags, and textstat's own numbers.

    Parameters
    ----------
    corpus : Corpus
        The articles.
    docs : sequence of Doc
        Their parse, in corpus order.
    sentences : DataFrame, optional
        :func:`sentence_table` of the same articles (computed when not given).

    Returns
    -------
    DataFrame
        One row per article: article_id, sentences, the :data:`COUNT_COLUMNS`,
        linsear_easy_words, linsear_hard_words, linsear_sentences (the first 100 words),
        the :data:`METRICS`, text_standard, smog_valid (>= :data:`SMOG_MIN_SENTENCES`
        sentences), enough_words (>= :data:`MIN_WORDS`), notes (caveats, "" for none; the
        reason when there is no score), language (detected code, "und" undetermined), and
        textstat_sentences, textstat_words, textstat_syllables, textstat_<metric> for each of
        :data:`METRICS`, textstat_text_standard (textstat on the same body text; NaN without
        one).
    """
    sentences = sentence_table(corpus, docs) if sentences is None else sentences
    rows = []
    for article in corpus:
        own = sentences[sentences["article_id"] == article.article_id]
        counts = article_counts(own)
        scores = scores_from_counts(counts)
        theirs = textstat_scores("\n".join(article.body)) if counts["words"] else {}
        if other_language(article):
            scores, theirs = {metric: math.nan for metric in scores}, {}
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
                "language": article.language,
                "notes": _notes(counts, article),
                **{
                    f"textstat_{k}": theirs.get(k, math.nan)
                    for k in ("sentences", "words", "syllables", *METRICS, "text_standard")
                },
            }
        )
    return pd.DataFrame(rows)


def _article_rng(seed: int, article_id: str) -> np.random.Generator:
    # one stream per article, so adding an article to the corpus leaves the others' intervals be
    digest = int(hashlib.sha256(article_id.encode()).hexdigest()[:_SEED_HEX_DIGITS], 16)
    return np.random.default_rng([seed, digest])


def bootstrap_intervals(
    sentences: pd.DataFrame,
    *,
    n_boot: int = defaults.N_BOOT,
    seed: int = defaults.SEED,
    level: float = defaults.LEVEL,
    metrics: Sequence[str] = BOOTSTRAP_METRICS,
) -> pd.DataFrame:
    """Percentile bootstrap intervals over sentences for each article and metric.

    Each resample draws an article's sentences with replacement (as many as it has), sums their
    counts and applies the formulas. Seeded per article: the same inputs give the same numbers.

    Parameters
    ----------
    sentences : DataFrame
        :func:`sentence_table`.
    n_boot : int
        Resamples per article.
    seed : int
        Seed; each article's stream also depends on its id, not on the other articles.
    level : float
        Coverage of the intervals.
    metrics : sequence of str
        Scores resampled.

    Returns
    -------
    DataFrame
        One row per article and metric: article_id, metric, estimate (on all the sentences),
        low, high (NaN for an article with fewer than two sentences), n_boot, sentences.
    """
    rows = []
    alpha = (1 - level) / 2
    for article_id, own in sentences.groupby("article_id", sort=False):
        counts = own[list(COUNT_COLUMNS)].to_numpy(dtype=float)
        n = len(own)
        estimate = scores_from_counts(
            {**dict(zip(COUNT_COLUMNS, counts.sum(axis=0))), "sentences": n}
        )
        if n >= _MIN_BOOTSTRAP_SENTENCES:
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
            if n >= _MIN_BOOTSTRAP_SENTENCES:
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
    """Return the words per sentence of every article (for the distribution figure).

    Returns
    -------
    DataFrame
        One row per body sentence: article_id, sentence, words.
    """
    return sentences[["article_id", "sentence", "words"]].reset_index(drop=True)


def score_matrix(
    table: pd.DataFrame, labels: Mapping[str, str], metrics: Sequence[str] = METRICS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the scores and the ranks of the articles, metric by metric.

    Rank 1 is the easiest article to read on that metric (highest Flesch reading ease, lowest
    grade); ties share the lower rank.

    Returns
    -------
    scores : DataFrame
        Index: ``metrics``; one column per article, named by label: its score.
    ranks : DataFrame
        The same shape: the article's rank on the metric (NaN for no score).
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
    """Return (label, how many metrics rank it hardest, how many metrics); ties go to the first."""
    worst = ranks.apply(lambda row: row.idxmax() if row.notna().any() else None, axis=1).dropna()
    if worst.empty:
        return "", 0, 0
    counts = worst.value_counts()
    top = counts.max()
    label = next(lab for lab in ranks.columns if counts.get(lab, 0) == top)
    return str(label), int(top), len(worst)


def textstat_comparison(table: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Return our counts and scores beside textstat's own on the same body text.

    Returns
    -------
    DataFrame
        One row per article: label, then for each of sentences, words, syllables,
        flesch_reading_ease, flesch_kincaid_grade and text_standard our value and
        textstat_<column>; after each of the two Flesch scores <score>_difference (ours minus
        textstat's).
    """
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
    """Return every word whose syllables were estimated: what a reader should check by ear.

    Returns
    -------
    DataFrame
        One row per article and word not in the CMU dictionary, by article then word:
        article_id, word (leading and trailing punctuation removed), syllables (the estimate),
        occurrences.
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
    """Summarize how far the intervals let the ranking be trusted.

    Returns
    -------
    dict
        median_width (of the intervals, in grades; NaN without one), metrics (with an
        interval), all_overlap (metrics on which every article's interval overlaps every
        other's: the largest low is at most the smallest high).
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
    """Return ``metrics`` as a list, in :data:`METRICS` order.

    A name not in :data:`METRICS`, or no name, is an error that lists the choices.
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


# --------------------------------------------------------------------------------------------
# The notebook's questions: one call computes the tables, tested functions answer from them


@dataclass(frozen=True)
class ReadabilityResult:
    """Every readability table of one story (see :func:`analyse`).

    Attributes
    ----------
    readability : DataFrame
        ``readability.csv`` (:func:`readability_table`): one row per article.
    sentences : DataFrame
        ``readability_sentences.csv`` (:func:`sentence_table`): one row per body sentence.
    intervals : DataFrame
        ``readability_intervals.csv`` (:func:`bootstrap_intervals`): one row per article and
        grade-level score.
    labels : dict of str to str
        Short label of each article (:attr:`analysis.story.Story.labels`), in corpus order.
    metrics : tuple of str
        The scores the figures and findings show, in :data:`METRICS` order
        (:func:`check_metrics`).
    level : float
        Coverage of the bootstrap intervals.
    """

    readability: pd.DataFrame
    sentences: pd.DataFrame
    intervals: pd.DataFrame
    labels: dict[str, str]
    metrics: tuple[str, ...]
    level: float

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the CSV tables by file stem: readability, readability_sentences, ..._intervals."""
        return {
            "readability": self.readability,
            "readability_sentences": self.sentences,
            "readability_intervals": self.intervals,
        }


def analyse(
    story: Story,
    *,
    n_boot: int = defaults.N_BOOT,
    seed: int = defaults.SEED,
    level: float = defaults.LEVEL,
    metrics: Sequence[str] = defaults.READABILITY_METRICS,
) -> ReadabilityResult:
    """Score the body text of every article of ``story``, with bootstrap intervals.

    Parameters
    ----------
    story : Story
        The articles and their parse (:func:`analysis.story.load_build` or ``read_story``).
    n_boot : int
        Bootstrap resamples of each article's sentences.
    seed : int
        Seed of the bootstrap: the same seed gives the same intervals.
    level : float
        Coverage of the bootstrap intervals.
    metrics : sequence of str
        Scores the figures and findings show (names of :data:`METRICS`, checked first); the
        tables always hold all of them.

    Returns
    -------
    ReadabilityResult
        Every table; :meth:`ReadabilityResult.tables` gives the CSV files.
    """
    shown = tuple(check_metrics(metrics))
    sentences = sentence_table(story.corpus, story.docs)
    scored = [a.article_id for a in story.corpus if not other_language(a)]
    return ReadabilityResult(
        readability=readability_table(story.corpus, story.docs, sentences),
        sentences=sentences,
        intervals=bootstrap_intervals(
            sentences[sentences["article_id"].isin(scored)], n_boot=n_boot, seed=seed, level=level
        ),
        labels=dict(story.labels),
        metrics=shown,
        level=level,
    )


def counts_view(result: ReadabilityResult) -> pd.DataFrame:
    """Return the counts every score follows from, per article, with the two ratios.

    Returns
    -------
    DataFrame
        Indexed by label: sentences, words, syllables, polysyllables, difficult_words,
        complex_words, letters, characters, estimated_words (:data:`COUNT_COLUMNS`),
        words_per_sentence, syllables_per_word (NaN without sentences or words).
    """
    table = result.readability
    counts = table[["article_id", "sentences", *COUNT_COLUMNS]].copy()
    counts.insert(0, "label", counts.pop("article_id").map(result.labels))
    counts["words_per_sentence"] = counts["words"] / counts["sentences"]
    counts["syllables_per_word"] = counts["syllables"] / counts["words"]
    return counts.set_index("label")


def caveats(result: ReadabilityResult) -> str:
    """Return the ``notes`` of every article as a Markdown list ("no caveat" for none).

    Returns
    -------
    str
        A bold heading line and one bullet per article, its label escaped.
    """
    table = result.readability
    notes = table["notes"].where(table["notes"] != "", "no caveat")
    return "**Caveats per article** (the `notes` column):\n\n" + "\n".join(
        f"* **{escape.markdown(result.labels[a])}**: {n}"
        for a, n in zip(table["article_id"], notes)
    )


def text_standard_view(result: ReadabilityResult) -> pd.DataFrame:
    """Return textstat's consensus grade of each article as one row.

    Returns
    -------
    DataFrame
        One row, text_standard; one column per article, named by label.
    """
    table = result.readability
    return (
        table[["article_id", "text_standard"]]
        .assign(label=table["article_id"].map(result.labels))
        .set_index("label")[["text_standard"]]
        .T
    )


def ranked_scores(result: ReadabilityResult) -> pd.DataFrame:
    """Return every shown score of every article with its rank (1 = easiest to read).

    Returns
    -------
    DataFrame
        One row per metric (of :attr:`ReadabilityResult.metrics`) and article, metric by
        metric: metric, label, score, rank (:func:`score_matrix`; NaN for no score).
    """
    scores, ranks = score_matrix(result.readability, result.labels, result.metrics)
    return (
        scores.stack(future_stack=True)
        .rename("score")
        .to_frame()
        .join(ranks.stack(future_stack=True).rename("rank"))
        .rename_axis(["metric", "label"])
        .reset_index()
    )


def shown_intervals(result: ReadabilityResult) -> pd.DataFrame:
    """Return the intervals of the shown grade-level scores, with labels and SMOG's validity.

    Returns
    -------
    DataFrame
        The rows of ``readability_intervals.csv`` whose metric is shown, in its order:
        article_id, metric, estimate, low, high, n_boot, sentences, label, and extrapolated
        (True for a SMOG score on fewer than :data:`SMOG_MIN_SENTENCES` sentences).
    """
    intervals = result.intervals
    shown = intervals.assign(label=intervals["article_id"].map(result.labels))
    shown = shown[shown["metric"].isin(result.metrics)].reset_index(drop=True)
    smog_invalid = result.readability.set_index("article_id")["smog_valid"].eq(False)
    shown["extrapolated"] = (shown["metric"] == "smog_index") & shown["article_id"].map(
        smog_invalid
    ).eq(True)
    return shown


def mean_sentence_lengths(result: ReadabilityResult) -> pd.Series:
    """Return each article's mean words per sentence, in corpus order.

    Returns
    -------
    Series
        Mean words per body sentence, indexed by label; articles without a body sentence are
        left out.
    """
    lengths = sentence_lengths(result.sentences)
    return lengths.groupby(lengths["article_id"].map(result.labels), sort=False)["words"].mean()


def findings(result: ReadabilityResult) -> str:
    """Summarize the scores in Markdown: which article reads hardest, and how sure that is.

    With one article nothing is ranked. Otherwise: the article ranked hardest on the most shown
    scores (:func:`hardest_article`), then the median interval width and on how many grade
    scores every article's interval overlaps every other's (:func:`interval_summary`).

    Returns
    -------
    str
        One or two sentences of Markdown, the label escaped.
    """
    many = len(result.labels) >= 2
    _, ranks = score_matrix(result.readability, result.labels, result.metrics)
    hardest, wins, n_metrics = hardest_article(ranks)
    summary = interval_summary(shown_intervals(result))
    if not many:
        text = "One article: its grade levels are shown, nothing is ranked."
    elif n_metrics:
        text = f"**{escape.markdown(hardest)}** reads hardest on **{wins} of {n_metrics}** scores."
    else:
        text = "No article has a score."
    if many and summary["metrics"]:
        text += (
            f" The {result.level:.0%} intervals are {summary['median_width']:.1f} grades wide "
            f"(median); on **{summary['all_overlap']} of {summary['metrics']}** grade scores "
            "every article's interval overlaps every other's"
            + (", so the ranking on those could flip." if summary["all_overlap"] else ".")
        )
    return text


def comparison_view(result: ReadabilityResult) -> pd.DataFrame:
    """Return our counts and scores beside textstat's (:func:`textstat_comparison`).

    Returns
    -------
    DataFrame
        Indexed by label: sentences, textstat_sentences, words, textstat_words, syllables,
        textstat_syllables, flesch_reading_ease, textstat_flesch_reading_ease,
        flesch_reading_ease_difference, the same three for flesch_kincaid_grade,
        text_standard, textstat_text_standard.
    """
    return textstat_comparison(result.readability, result.labels).set_index("label")


def comparison_findings(result: ReadabilityResult) -> str:
    """Say in Markdown what the counting corrections change against textstat's own counts.

    Only articles with body text count (textstat has nothing to count in the others).

    Returns
    -------
    str
        On how many articles textstat's sentence count differs from ours, and the largest
        change in Flesch reading ease, with its article (label escaped) and both scores.
    """
    comparison = textstat_comparison(result.readability, result.labels)
    counted = comparison[comparison["textstat_sentences"].notna()]
    differ = int((counted["sentences"] != counted["textstat_sentences"]).sum())
    text = (
        f"textstat's sentence count differs from the corrected one on **{differ} of "
        f"{len(counted)}** articles."
    )
    change = counted["flesch_reading_ease_difference"].abs()
    if change.isna().all():
        return text + " No article has a Flesch reading ease score."
    worst = counted.loc[change.idxmax()]
    return text + (
        " The largest change in Flesch reading ease is "
        f"**{worst['flesch_reading_ease_difference']:+.1f} points** "
        f"({escape.markdown(worst['label'])}: "
        f"{worst['textstat_flesch_reading_ease']:.1f} → {worst['flesch_reading_ease']:.1f})."
    )


def syllable_estimates_view(result: ReadabilityResult) -> pd.DataFrame | Note:
    """Return the words whose syllables were estimated, pooled over articles, to check by ear.

    Returns
    -------
    DataFrame or Note
        Indexed by word, the most frequent first (then alphabetical): syllables (the
        estimate), occurrences (in all articles), articles (their labels, sorted and
        comma-separated). A :class:`analysis.escape.Note` when the CMU dictionary had every
        word.
    """
    estimates = syllable_estimates(result.sentences)
    if estimates.empty:
        return Note("Every body word was found in the CMU dictionary.")
    estimates.insert(1, "label", estimates["article_id"].map(result.labels))
    return (
        estimates.groupby(["word", "syllables"], as_index=False)
        .agg(
            occurrences=("occurrences", "sum"),
            articles=("label", lambda s: ", ".join(sorted(set(s)))),
        )
        .sort_values(["occurrences", "word"], ascending=[False, True])
        .set_index("word")
    )
