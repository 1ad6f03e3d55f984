"""Readability: hand-counted passages, agreement with textstat's formulas, flags, bootstrap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import readability as r
from analysis.corpus import read_corpus
from analysis.nlp import parse_corpus
from analysis.syllables import estimate_syllables, use_offline_cmudict, word_syllables

# Every word below is in the CMU dictionary, no abbreviation, no sentence under three words:
# text that textstat counts correctly, so its scores and ours must agree.
CLEAN = (
    "The cat sat on the mat in the warm afternoon sun. The dog ran to the park and played "
    "with a red ball. Children laughed loudly while their parents talked about the weather. "
    "Everyone went home happy after a wonderful day together."
)
CLEAN_SENTENCES = 4
# 129 words in 8 sentences: the Linsear Write sample (first 100 words) ends inside sentence 6,
# seven words into it, so textstat counts the partial sentence too.
LONG = " ".join(
    [
        "The government announced a new plan for the city on Monday morning.",
        "Officials said the program would provide housing for thousands of families.",
        "Many residents welcomed the decision but some critics raised serious concerns "
        "about the cost.",
        "The mayor promised that the money would come from existing budgets and private donors.",
        "Construction is expected to begin next spring and continue for several years.",
        "Local business owners hope the project will bring more customers to the area and "
        "create new jobs for young people who have struggled to find work.",
        "Opposition leaders demanded a public debate before any contracts are signed.",
        "The council will vote on the proposal at its next meeting in the autumn.",
    ]
)


def textstat_module():
    use_offline_cmudict()
    import textstat

    return textstat


def counts_for(text: str, sentences: list[str]) -> dict:
    totals = {col: sum(r.count_sentence(s)[col] for s in sentences) for col in r.COUNT_COLUMNS}
    return {**totals, "sentences": len(sentences), **r._linsear_sample(sentences)}


def split(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(".") if s.strip()]


# ---- hand-counted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, syllables, source",
    [
        ("Syria", 3, "cmudict"),  # SIH-ri-uh
        ("fire", 2, "cmudict"),  # CMU: F AY1 ER0
        ("U.S.", 2, "cmudict"),  # you-ess; textstat strips it to "us" (1)
        ("Russia’s", 2, "cmudict"),  # RUSH-uhz, typographic apostrophe made plain
        ("Kerry,", 2, "cmudict"),
        ("al-Assad", 3, "cmudict-parts"),  # al + as-SAD
        ("war-torn", 2, "cmudict-parts"),
        ("Lavrov", 2, "estimate"),  # LAV-rov; Pyphen says 1
        ("Daraya", 3, "estimate"),  # da-RAI-ya; Pyphen says 1
        ("Aleppo", 3, "estimate"),
        ("Lattakia", 4, "estimate"),  # la-ta-KI-a: "ia" is two syllables
        ("YPG", 3, "estimate"),  # an acronym read letter by letter
        ("2016", 1, "estimate"),  # numbers count 1, as in textstat (an undercount)
        ("—", 0, "none"),
    ],
)
def test_word_syllables(word, syllables, source):
    assert word_syllables(word) == (syllables, source)


def test_estimate_from_vowel_groups():
    words = ("lavrov", "daraya", "ghouta", "mistura", "nusra", "leonid", "balkanization", "idlib")
    assert [estimate_syllables(w) for w in words] == [2, 3, 2, 3, 2, 3, 5, 2]


def test_hand_counted_passage():
    # Ker-ry met Lav-rov in Ge-ne-va. They talked for days.
    #   2    1   2     1   3           1    1      1   1   = 13 syllables, 9 words
    counts = r.count_sentence("Kerry met Lavrov in Geneva. They talked for days.")
    assert counts == {
        "words": 9,
        "syllables": 13,
        "polysyllables": 1,
        "difficult_words": 5,
        "complex_words": 1,
        "letters": 39,
        "characters": 41,
        "estimated_words": 1,
    }
    # letters 5+3+6+2+6+4+6+3+4 = 39, plus two full stops = 41 characters.
    # Difficult (not on textstat's Dale–Chall list): Kerry, Lavrov, Geneva, and also "talked" and
    # "days": the list holds "talk" and "day" and textstat does not undo inflections (the original
    # Dale–Chall rules would). Complex (difficult and 3+ syllables): Geneva.


def test_scores_follow_from_counts_by_the_textbook_formulas():
    c = {
        "words": 100,
        "sentences": 5,
        "syllables": 150,
        "polysyllables": 10,
        "difficult_words": 20,
        "complex_words": 8,
        "letters": 450,
        "characters": 500,
        "linsear_easy_words": 85,
        "linsear_hard_words": 15,
        "linsear_sentences": 5,
    }
    s = r.scores_from_counts(c)
    assert s["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)  # 59.635
    assert s["flesch_kincaid_grade"] == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)  # 9.91
    assert s["gunning_fog"] == pytest.approx(0.4 * (20 + 8))  # 11.2
    assert s["smog_index"] == pytest.approx(1.043 * math.sqrt(30 * 10 / 5) + 3.1291)
    assert s["coleman_liau_index"] == pytest.approx(0.058 * 450 - 0.296 * 5 - 15.8)  # 8.82
    assert s["automated_readability_index"] == pytest.approx(4.71 * 5 + 0.5 * 20 - 21.43)
    assert s["dale_chall_readability_score"] == pytest.approx(0.1579 * 20 + 0.0496 * 20 + 3.6365)
    # Linsear Write: (easy + 3 * hard) / sentences = 26; above 20 it is halved, else 2 is taken off
    assert s["linsear_write_formula"] == pytest.approx((85 + 3 * 15) / 5 / 2)  # 13.0
    c.update(linsear_easy_words=90, linsear_hard_words=10, linsear_sentences=8)  # 15
    assert r.scores_from_counts(c)["linsear_write_formula"] == pytest.approx((120 / 8 - 2) / 2)


def test_no_words_or_no_sentences_is_nan_never_zero():
    empty = {col: 0 for col in r.COUNT_COLUMNS} | {
        "sentences": 0,
        "linsear_easy_words": 0,
        "linsear_hard_words": 0,
        "linsear_sentences": 0,
    }
    assert all(math.isnan(v) for v in r.scores_from_counts(empty).values())
    assert math.isnan(r.text_standard(r.scores_from_counts(empty)))


# ---- agreement with textstat --------------------------------------------------------------------


@pytest.mark.parametrize("text, n_sentences", [(CLEAN, CLEAN_SENTENCES), (LONG, 8)])
def test_scores_equal_textstat_where_textstat_counts_right(text, n_sentences):
    textstat = textstat_module()
    sentences = split(text)
    assert len(sentences) == n_sentences == textstat.sentence_count(text)
    counts = counts_for(text, sentences)
    assert counts["words"] == textstat.lexicon_count(text)
    assert counts["syllables"] == textstat.syllable_count(text)
    ours = r.scores_from_counts(counts)
    for metric in r.METRICS:
        assert ours[metric] == pytest.approx(getattr(textstat, metric)(text), abs=1e-9), metric
    assert r.text_standard(ours) == textstat.text_standard(text, float_output=True)


def test_textstat_miscounts_news_sentences(write_corpus, nlp):
    textstat = textstat_module()
    text = "Kerry spoke. We agree. The U.S. and Russia agreed on a new plan for peace."
    # "Kerry spoke." and "We agree." have two words, so textstat drops them; "The U." too.
    assert textstat.sentence_count(text) == 1
    corpus = read_corpus(write_corpus({"a.txt": f"Headline\n{text}\n"}))
    sentences = r.sentence_table(corpus, list(parse_corpus(corpus, nlp, progress=False)))
    assert sentences["text"].tolist() == [
        "Kerry spoke.",
        "We agree.",
        "The U.S. and Russia agreed on a new plan for peace.",
    ]


def test_linsear_sample_ignores_a_fragment_of_two_words_or_fewer():
    textstat = textstat_module()
    long_sentence = " ".join(["the cat sat on the mat"] * 16) + " and ran away."  # 99 words
    text = long_sentence + " Then the dog barked at the cat."
    sample = r._linsear_sample([long_sentence, "Then the dog barked at the cat."])
    assert sample["linsear_sentences"] == 1  # "Then" alone is not a sentence of the sample
    counts = counts_for(text, [long_sentence, "Then the dog barked at the cat."])
    assert r.scores_from_counts(counts)["linsear_write_formula"] == pytest.approx(
        textstat.linsear_write_formula(text), abs=1e-9
    )
    three = r._linsear_sample([" ".join(["word"] * 97), "Then the dog barked."])
    assert three["linsear_sentences"] == 2  # three words of the second sentence: it counts


# ---- on parsed articles --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_readability(seed_corpus, seed_docs):
    sentences = r.sentence_table(seed_corpus, seed_docs)
    return sentences, r.readability_table(seed_corpus, seed_docs, sentences)


def test_seed_sentence_and_word_counts(seed_readability):
    _, table = seed_readability
    by_id = table.set_index(table["article_id"].str[:3])
    # sentences: counted by hand (see test_nlp); words: body words as in 01_corpus
    assert by_id["sentences"].to_dict() == {"000": 13, "001": 19, "002": 18, "003": 19, "004": 19}
    assert by_id["words"].to_dict() == {"000": 464, "001": 485, "002": 472, "003": 499, "004": 553}
    # textstat's own sentence count on the same body text (quoted in the README): too high where
    # "U.S." and "Mr." split sentences, right on 004 only
    assert by_id["textstat_sentences"].to_dict() == {
        "000": 14,
        "001": 23,
        "002": 19,
        "003": 21,
        "004": 19,
    }


def test_seed_sentence_rows_point_at_the_text(seed_corpus, seed_readability):
    sentences, _ = seed_readability
    for row in sentences.itertuples():
        assert seed_corpus[row.article_id].text[row.start : row.end] == row.text


def test_seed_flags(seed_readability):
    _, table = seed_readability
    assert not table["smog_valid"].any()  # 13-19 sentences each, SMOG wants 30
    assert table["enough_words"].all()
    assert table["notes"].str.contains("SMOG extrapolated from").all()


def test_scores_recompute_from_the_csv_row_by_hand(seed_readability, tmp_path):
    _, table = seed_readability
    path = tmp_path / "readability.csv"
    table.to_csv(path, index=False)
    for row in pd.read_csv(path).to_dict("records"):
        w, s, y = row["words"], row["sentences"], row["syllables"]
        difficult = 100 * row["difficult_words"] / w
        lin = (row["linsear_easy_words"] + 3 * row["linsear_hard_words"]) / row["linsear_sentences"]
        by_hand = {
            "flesch_reading_ease": 206.835 - 1.015 * w / s - 84.6 * y / w,
            "flesch_kincaid_grade": 0.39 * w / s + 11.8 * y / w - 15.59,
            "gunning_fog": 0.4 * (w / s + 100 * row["complex_words"] / w),
            "smog_index": 1.043 * math.sqrt(30 * row["polysyllables"] / s) + 3.1291,
            "coleman_liau_index": 5.8 * row["letters"] / w - 29.6 * s / w - 15.8,
            "automated_readability_index": 4.71 * row["characters"] / w + 0.5 * w / s - 21.43,
            "dale_chall_readability_score": 0.1579 * difficult
            + 0.0496 * w / s
            + (3.6365 if difficult > 5 else 0),
            "linsear_write_formula": (lin - 2 if lin <= 20 else lin) / 2,
        }
        for metric, value in by_hand.items():
            assert row[metric] == pytest.approx(value, abs=1e-9), (row["article_id"], metric)


def test_short_article_and_article_without_body(write_corpus, nlp):
    long_enough = " ".join(["Talks went on for many hours in the city."] * 32)
    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Headline only\n",
                "b.txt": "Short\nKerry met Lavrov. They talked for days.\n",
                "c.txt": "Long\n" + long_enough + "\n",
            }
        )
    )
    docs = list(parse_corpus(corpus, nlp, progress=False))
    table = r.readability_table(corpus, docs).set_index("article_id")
    assert table.loc["a", "notes"] == "no body text: no score"
    assert table.loc["a", ["words", "sentences"]].tolist() == [0, 0]
    assert table.loc["a", list(r.METRICS)].isna().all()
    assert "only 7 words (< 100): scores unstable" in table.loc["b", "notes"]
    assert not table.loc["b", "enough_words"]
    assert table.loc["c", "sentences"] == 32 and table.loc["c", "smog_valid"]
    assert "SMOG" not in table.loc["c", "notes"]


# ---- bootstrap --------------------------------------------------------------------------------


def test_bootstrap_is_seeded_and_brackets_the_estimate(seed_readability):
    sentences, table = seed_readability
    a = r.bootstrap_intervals(sentences, n_boot=300, seed=7)
    b = r.bootstrap_intervals(sentences, n_boot=300, seed=7)
    c = r.bootstrap_intervals(sentences, n_boot=300, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["low"], c["low"])
    assert (a["low"] <= a["estimate"]).all() and (a["estimate"] <= a["high"]).all()
    assert set(a["metric"]) == set(r.BOOTSTRAP_METRICS)
    fk = a[a["metric"] == "flesch_kincaid_grade"].set_index("article_id")["estimate"]
    assert fk.to_dict() == pytest.approx(
        table.set_index("article_id")["flesch_kincaid_grade"].to_dict()
    )


def test_bootstrap_of_one_article_does_not_depend_on_the_others(seed_readability):
    sentences, _ = seed_readability
    one = sentences[sentences["article_id"] == sentences["article_id"].iloc[-1]]
    alone = r.bootstrap_intervals(one, n_boot=200, seed=7)
    together = r.bootstrap_intervals(sentences, n_boot=200, seed=7)
    together = together[together["article_id"] == one["article_id"].iloc[0]].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, together)


def test_bootstrap_with_one_sentence_has_no_interval():
    one = pd.DataFrame(
        [
            {
                "article_id": "x",
                "sentence": 1,
                "start": 0,
                "end": 10,
                "text": "Talks went on for many hours in the city.",
                **r.count_sentence("Talks went on for many hours in the city."),
            }
        ]
    )
    out = r.bootstrap_intervals(one, n_boot=50)
    assert out["low"].isna().all() and out["estimate"].notna().all()


def test_metric_choice_is_checked():
    assert r.check_metrics(["gunning_fog", "flesch_reading_ease"]) == [
        "flesch_reading_ease",
        "gunning_fog",
    ]
    with pytest.raises(ValueError, match="unknown readability metric.*'fog'.*choose from"):
        r.check_metrics(["fog"])
    with pytest.raises(ValueError, match="no readability metric chosen"):
        r.check_metrics([])


# ---- the notebook's questions ------------------------------------------------------------------

SHORT = "Short\nKerry met Lavrov. They talked for days.\n"  # 7 words, 9 syllables, 2 sentences
LONG_ENOUGH = "Long\n" + " ".join(["Talks went on for many hours in the city."] * 32) + "\n"


def story_of(folder, nlp):
    from analysis.corpus import article_labels
    from analysis.nlp import parse_info
    from analysis.story import Story

    corpus = read_corpus(folder)
    docs = list(parse_corpus(corpus, nlp, progress=False))
    return Story(corpus, docs, article_labels(corpus.ids), parse_info(nlp, corpus))


@pytest.fixture(scope="module")
def three(tmp_path_factory, nlp):
    """a: short, with one estimated word; b: long enough, no caveat; c: a headline only."""
    folder = tmp_path_factory.mktemp("three")
    for name, text in {"a.txt": SHORT, "b.txt": LONG_ENOUGH, "c.txt": "Headline only\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return r.analyse(story_of(folder, nlp), n_boot=50)


def made_up(scores, intervals=(), *, metrics=("flesch_reading_ease", "gunning_fog"), level=0.95):
    """A ReadabilityResult from scores typed by hand: {article id: {metric: score}}."""
    table = pd.DataFrame([{"article_id": a, "smog_valid": True, **s} for a, s in scores.items()])
    columns = ["article_id", "metric", "estimate", "low", "high", "n_boot", "sentences"]
    return r.ReadabilityResult(
        readability=table,
        sentences=pd.DataFrame(columns=["article_id", "sentence", "words"]),
        intervals=pd.DataFrame(list(intervals), columns=columns),
        labels={a: a.upper() for a in scores},
        metrics=tuple(metrics),
        level=level,
    )


# A is harder on reading ease (50 < 60), B on fog (12 > 10): one each, the tie goes to A.
# Fog intervals [9, 11] and [10.5, 13.5] overlap; widths 2 and 3, median 2.5.
TIED = {"a": {"flesch_reading_ease": 50.0, "gunning_fog": 10.0}}
TIED["b"] = {"flesch_reading_ease": 60.0, "gunning_fog": 12.0}
FOG = [("a", "gunning_fog", 10.0, 9.0, 11.0, 50, 5), ("b", "gunning_fog", 12.0, 10.5, 13.5, 50, 5)]


def test_analyse_checks_the_metrics_and_names_the_tables(three):
    assert list(three.tables()) == ["readability", "readability_sentences", "readability_intervals"]
    assert three.tables()["readability"]["article_id"].tolist() == ["a", "b", "c"]
    assert set(three.intervals["n_boot"]) == {50}
    assert three.metrics == r.METRICS  # the default: every score, in METRICS order
    with pytest.raises(ValueError, match="unknown readability metric"):
        r.analyse(None, metrics=["fog"])  # checked before anything is read


def test_findings_name_the_hardest_article_and_how_sure_that_is():
    assert r.findings(made_up(TIED, FOG)) == (
        "**A** reads hardest on **1 of 2** scores. The 95% intervals are 2.5 grades wide "
        "(median); on **1 of 1** grade scores every article's interval overlaps every other's, "
        "so the ranking on those could flip."
    )
    apart = [FOG[0], ("b", "gunning_fog", 12.0, 11.5, 13.5, 50, 5)]  # 11.5 > 11: no overlap
    assert r.findings(made_up(TIED, apart, level=0.9)) == (
        "**A** reads hardest on **1 of 2** scores. The 90% intervals are 2.0 grades wide "
        "(median); on **0 of 1** grade scores every article's interval overlaps every other's."
    )


def test_findings_of_one_article_no_score_and_a_label_to_escape():
    one = made_up({"a": TIED["a"]}, FOG[:1])
    assert r.findings(one) == "One article: its grade levels are shown, nothing is ranked."
    nan = {"flesch_reading_ease": math.nan, "gunning_fog": math.nan}
    assert r.findings(made_up({"a": nan, "b": nan})) == "No article has a score."
    starred = made_up(TIED)
    starred = r.ReadabilityResult(**{**starred.__dict__, "labels": {"a": "A*", "b": "B"}})
    assert r.findings(starred) == r"**A\*** reads hardest on **1 of 2** scores."


def test_ranked_scores_list_every_score_with_its_rank():
    assert r.ranked_scores(made_up(TIED)).values.tolist() == [
        ["flesch_reading_ease", "A", 50.0, 2.0],
        ["flesch_reading_ease", "B", 60.0, 1.0],  # higher reading ease: easier
        ["gunning_fog", "A", 10.0, 1.0],  # lower grade: easier
        ["gunning_fog", "B", 12.0, 2.0],
    ]


def test_counts_view_adds_the_two_ratios(three):
    counts = r.counts_view(three)
    assert counts.index.tolist() == ["a", "b", "c"]
    assert list(counts.columns) == [
        "sentences",
        *r.COUNT_COLUMNS,
        "words_per_sentence",
        "syllables_per_word",
    ]
    # Ker-ry met Lav-rov. They talked for days: 9 syllables, 7 words, 2 sentences
    assert counts.loc["a", ["sentences", "words", "syllables"]].tolist() == [2, 7, 9]
    assert counts.loc["a", "words_per_sentence"] == 3.5
    assert counts.loc["a", "syllables_per_word"] == pytest.approx(9 / 7)
    assert counts.loc["b", "words_per_sentence"] == 9.0  # 32 sentences of 9 words
    assert math.isnan(counts.loc["c", "words_per_sentence"])  # no body: no ratio


def test_caveats_list_every_article(three):
    assert r.caveats(three) == (
        "**Caveats per article** (the `notes` column):\n\n"
        "* **a**: only 7 words (< 100): scores unstable; SMOG extrapolated from 2 sentences "
        "(defined for >= 30); 1 word(s) not in the CMU dictionary: syllables estimated\n"
        "* **b**: no caveat\n"
        "* **c**: no body text: no score"
    )


def test_text_standard_view_is_one_row(three):
    row = r.text_standard_view(three)
    assert row.index.tolist() == ["text_standard"]
    assert row.columns.tolist() == ["a", "b", "c"] and row.columns.name == "label"
    assert math.isnan(row.loc["text_standard", "c"])


def test_shown_intervals_flag_smog_below_its_calibration(three):
    few = r.ReadabilityResult(**{**three.__dict__, "metrics": ("gunning_fog", "smog_index")})
    shown = r.shown_intervals(few)
    # c has no sentence, so no interval; a (2 sentences) and b (32) have one per metric
    assert shown[["label", "metric", "extrapolated"]].values.tolist() == [
        ["a", "gunning_fog", False],
        ["a", "smog_index", True],
        ["b", "gunning_fog", False],
        ["b", "smog_index", False],
    ]


def test_mean_sentence_lengths(three):
    # "Kerry met Lavrov." 3 words, "They talked for days." 4; b: 9 words a sentence; c: none
    assert r.mean_sentence_lengths(three).to_dict() == {"a": 3.5, "b": 9.0}


def test_comparison_with_textstat(three):
    view = r.comparison_view(three)
    assert view.index.tolist() == ["a", "b", "c"]
    assert view.loc["a", ["sentences", "textstat_sentences"]].tolist() == [2, 2]
    # textstat reads "Lavrov" as one syllable (Pyphen): 8 syllables, reading ease
    # 206.835 - 1.015 * 7/2 - 84.6 * 8/7 = 106.6; ours with 9 syllables 94.5
    assert view.loc["a", "flesch_reading_ease_difference"] == pytest.approx(-84.6 / 7)
    assert view.loc["b", "flesch_reading_ease_difference"] == pytest.approx(0, abs=1e-9)
    # c has no body text: textstat has nothing to count, so it is left out of the comparison
    assert r.comparison_findings(three) == (
        "textstat's sentence count differs from the corrected one on **0 of 2** articles. "
        "The largest change in Flesch reading ease is **-12.1 points** (a: 106.6 → 94.5)."
    )


def test_comparison_findings_without_any_body_text(write_corpus, nlp):
    result = r.analyse(story_of(write_corpus({"c.txt": "Headline only\n"}), nlp), n_boot=10)
    assert r.comparison_findings(result) == (
        "textstat's sentence count differs from the corrected one on **0 of 0** articles. "
        "No article has a Flesch reading ease score."
    )


def test_syllable_estimates_are_pooled_over_articles(three, write_corpus, nlp):
    view = r.syllable_estimates_view(three)
    assert view.index.tolist() == ["Lavrov"]
    assert view.loc["Lavrov"].tolist() == [2, 1, "a"]  # syllables, occurrences, articles
    both = r.analyse(story_of(write_corpus({"a.txt": SHORT, "z.txt": SHORT}), nlp), n_boot=10)
    assert r.syllable_estimates_view(both).loc["Lavrov"].tolist() == [2, 2, "a, z"]
    clean = r.analyse(story_of(write_corpus({"b.txt": LONG_ENOUGH}, "clean"), nlp), n_boot=10)
    note = r.syllable_estimates_view(clean)
    assert str(note) == "Every body word was found in the CMU dictionary."


def test_the_polysyllable_threshold_is_textstats():
    from textstat.backend.utils.constants import LANG_CONFIGS

    assert r.POLYSYLLABLE_MIN == LANG_CONFIGS["en"]["syllable_threshold"] == 3
    # Ge-ne-va has three syllables: a polysyllable; Ker-ry two: not one
    assert r.count_sentence("Geneva")["polysyllables"] == 1
    assert r.count_sentence("Kerry")["polysyllables"] == 0
