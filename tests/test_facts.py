"""Facts: sentences aligned across articles, the fact matrix, its flags, accuracy and views."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import facts
from analysis.corpus import article_labels, read_corpus
from analysis.escape import Note

SEEDS_EVENTS = {
    "000_2e98f640cd47a897": "E1",
    "001_47cfd1b68c902f6c": "E2",
    "002_6576ef386a19e029": "E3",
    "003_732f6ac769fbedc7": "E4",
    "004_8c358ccf751265ad": "E4",
}


def story_of(folder, nlp):
    from analysis.nlp import parse_corpus, parse_info
    from analysis.story import Story

    corpus = read_corpus(folder)
    docs = list(parse_corpus(corpus, nlp, progress=False))
    labels = article_labels(corpus.ids, {a.article_id: a.metadata for a in corpus})
    return Story(corpus, docs, labels, parse_info(nlp, corpus))


# ---- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("250,000", 250000.0),
        ("2.5", 2.5),
        ("four", 4.0),
        ("Forty-eight", 48.0),
        ("million", 1e6),
        ("first", None),
        ("21/2", None),
        ("talks", None),
    ],
)
def test_number_value(text, value):
    assert facts.number_value(text) == value


def test_quantities_with_their_units(nlp):
    doc = nlp("More than 250,000 people died, and the UN wants a 48-hour pause; 2.5 million fled.")
    found = [(q.value, q.unit, doc.text[q.start : q.end]) for q in facts.quantities(doc[:])]
    assert (250000.0, "people", "250,000") in found
    assert (48.0, "hour", "48") in found
    assert any(v == 2.5e6 and t == "2.5 million" for v, _, t in found)


def test_quantities_leave_out_dates_and_ordinals(nlp):
    doc = nlp("On February 27, 2016, the first ceasefire began.")
    assert facts.quantities(doc[:]) == []


# ---- alignment ------------------------------------------------------------------------------


def test_align_keeps_one_sentence_per_article_and_the_threshold():
    # sentences 0, 1 of article a; 2 of b; 3 of c. 0 is like 2 and 3; 1 is like 2 too
    sim = np.zeros((4, 4))
    for i, j, v in [(0, 2, 0.9), (0, 3, 0.7), (2, 3, 0.6), (1, 2, 0.8), (1, 3, 0.1)]:
        sim[i, j] = sim[j, i] = v
    group = facts.align(["a", "a", "b", "c"], sim, 0.5)
    # 0 and 2 merge first; 3 joins them (average 0.65); 1 cannot join (a is taken)
    assert group.tolist() == [0, 1, 0, 0]
    # a stricter threshold keeps 3 out: its average similarity to {0, 2} is 0.65
    assert facts.align(["a", "a", "b", "c"], sim, 0.7).tolist() == [0, 1, 0, 3]


def test_align_of_nothing_and_of_one_article():
    assert facts.align([], np.zeros((0, 0)), 0.3).tolist() == []
    assert facts.align(["a", "a"], np.ones((2, 2)), 0.3).tolist() == [0, 1]


def units_of(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["article_id", "sentence", "start", "end", "text", "features"]
    )


def test_similarity_is_cosine_of_weighted_features_and_zero_within_an_article():
    units = units_of(
        [
            ["a", 0, 0, 10, "x", ["meet", "entity:Geneva"]],
            ["a", 1, 11, 20, "y", ["meet", "entity:Geneva"]],
            ["b", 0, 0, 10, "x", ["meet", "entity:Geneva"]],
            ["b", 1, 11, 20, "z", []],
        ]
    )
    sim = facts.similarity(units)
    assert sim[0, 1] == 0 and sim[0, 0] == 0  # same article
    assert sim[0, 2] == pytest.approx(1.0)
    assert sim.toarray()[3].tolist() == [0, 0, 0, 0]  # no features
    units.at[2, "features"] = ["talk", "entity:Geneva"]
    low = facts.similarity(units, entity_weight=0.5)[0, 2]
    high = facts.similarity(units, entity_weight=2.0)[0, 2]
    assert 0 < low < high < 1


def test_similarity_holds_only_pairs_across_articles_so_a_long_article_costs_its_length():
    # 300 sentences of one article, all alike, beside one of another: 300 pairs to keep (each
    # both ways), not the 300 x 300 of the long article with itself
    long = [["a", i, 0, 5, "x", ["meet", "entity:Geneva"]] for i in range(300)]
    units = units_of(long + [["b", 0, 0, 5, "y", ["meet", "entity:Geneva"]]])
    sim = facts.similarity(units)
    assert sim.nnz == 2 * 300
    assert sim[0, 300] == pytest.approx(1.0) and sim[0, 1] == 0


def test_fact_table_orders_shared_facts_first_and_own_facts_by_article():
    units = units_of(
        [
            ["a", 0, 0, 5, "a0", []],
            ["a", 1, 6, 9, "a1", []],
            ["b", 0, 0, 5, "b0", []],
            ["b", 1, 6, 9, "b1", []],
            ["c", 0, 0, 5, "c0", []],
        ]
    )
    sim = np.zeros((5, 5))
    sim[1, 3] = sim[3, 1] = 0.8
    sim[1, 4] = sim[4, 1] = sim[3, 4] = sim[4, 3] = 0.6
    table = facts.fact_table(units, [0, 1, 2, 1, 1], sim, ["a", "b", "c"])
    assert table.columns.tolist() == facts.FACT_COLUMNS
    assert table[["fact_id", "article_id", "text", "n_articles"]].values.tolist() == [
        ["F001", "a", "a1", 3],
        ["F001", "b", "b1", 3],
        ["F001", "c", "c0", 3],
        ["F002", "a", "a0", 1],
        ["F003", "b", "b0", 1],
    ]
    assert table["similarity"].tolist()[:3] == pytest.approx([0.7, 0.7, 0.6])
    assert table["similarity"].iloc[3:].isna().all()
    matrix = facts.fact_matrix(table, ["a", "b", "c"])
    assert matrix.values.tolist() == [
        [True, True, True],
        [True, False, False],
        [False, True, False],
    ]


# ---- flags ----------------------------------------------------------------------------------


def fact_rows(rows) -> pd.DataFrame:
    table = pd.DataFrame(
        rows, columns=["fact_id", "article_id", "start", "end", "text", "n_articles"]
    )
    return table.assign(sentence=0, similarity=np.nan)


def test_exclusives_and_omissions_are_within_an_event():
    table = fact_rows(
        [
            ["F1", "a", 0, 5, "s", 2],
            ["F1", "b", 0, 5, "s", 2],
            ["F2", "c", 0, 5, "t", 1],
            ["F3", "d", 0, 5, "u", 1],
        ]
    )
    event = {"a": "E1", "b": "E1", "c": "E1", "d": "E2"}
    excl = facts.exclusives(table, event)
    # c's own fact is exclusive in E1; d is alone in E2, nothing to compare it with
    assert [(r["article_id"], r["fact_id"]) for r in excl] == [("c", "F2")]
    omitted = facts.omissions(table, event, share=0.5)
    # F1: 2 of c's 2 other articles in E1 report it
    assert [(r["article_id"], r["fact_id"], r["other_article_id"]) for r in omitted] == [
        ("c", "F1", "a"),
        ("c", "F1", "b"),
    ]
    assert omitted[0]["detail"] == "2 of the 2 other articles of event E1 report it"
    # a stricter share: more than all the others is impossible
    assert facts.omissions(table, event, share=1.0) == []


def test_discrepancies_compare_the_same_unit_and_days():
    table = fact_rows([["F1", "a", 0, 40, "s", 2], ["F1", "b", 0, 40, "t", 2]])
    q = facts.Quantity
    numbers = {
        ("a", 0): [q(4.0, "hour", 10, 14, "four"), q(2.0, "minister", 20, 23, "two")],
        ("b", 0): [q(2.5, "hour", 12, 15, "2.5"), q(3.0, "minister", 25, 30, "three")],
    }
    dates = pd.DataFrame(
        [
            ["a", 30, 36, "body", "Friday", "resolved", "2016-08-26", "day", "friday"],
            ["b", 30, 38, "body", "Thursday", "resolved", "2016-08-25", "day", "thursday"],
        ],
        columns=[
            "article_id",
            "start",
            "end",
            "zone",
            "text",
            "status",
            "date",
            "period",
            "weekday",
        ],
    )
    # dates count only where they are each article's event day
    assert "date" not in facts.discrepancies(table, numbers, dates)[0]["detail"]
    event_days = pd.DataFrame({"article_id": ["a", "b"], "day_start": [30, 30]})
    (row,) = facts.discrepancies(table, numbers, dates, event_days)
    assert row["flag"] == "discrepancy" and row["other_article_id"] == "b"
    assert row["detail"] == (
        "hour: “four” (4) vs “2.5” (2.5); minister: “two” (2) vs “three” (3); "
        "date: “Friday” (2016-08-26) vs “Thursday” (2016-08-25)"
    )
    # a value in common for the unit: no discrepancy
    numbers[("b", 0)] = [q(4.0, "hour", 12, 15, "4"), q(2.0, "minister", 1, 2, "2")]
    dates.loc[1, "date"] = "2016-08-26"
    assert facts.discrepancies(table, numbers, dates, event_days) == []


def test_word_diff():
    text, pieces = facts.word_diff(
        "we’re not going to rush to an agreement", "But we’re not going to rush."
    )
    assert text == "{+But+} we’re not going to rush [-to an agreement-]"
    assert pieces == [("+", "But"), ("=", "we’re not going to rush"), ("-", "to an agreement")]


def quote_rows(rows) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["article_id", "start", "end", "speaker", "quote"])
    return table.assign(zone="body")


def test_quote_variants_truncated_reworded_and_not_identical_or_another_speaker():
    quotes = quote_rows(
        [
            ["a", 10, 60, "John Kerry", "we are not going to rush to an agreement"],
            ["b", 5, 40, "", "we are not going to rush"],
            ["c", 0, 30, "John Kerry", "we are not going to hurry to an agreement"],
            ["d", 0, 30, "Sergei Lavrov", "we are not going to rush to an agreement"],
            ["e", 0, 30, "John Kerry", "we are not going to rush to an agreement"],
        ]
    )
    found = facts.quote_variants(quotes, fact_rows([]), ["a", "b", "c", "d", "e"])
    pairs = {(r["article_id"], r["other_article_id"]): r["detail"] for r in found}
    # a-d: another speaker; a-e: the same words
    assert ("a", "d") not in pairs and ("a", "e") not in pairs
    assert pairs[("a", "b")].startswith("extended; speaker John Kerry / unattributed; ")
    assert pairs[("b", "c")].startswith("reworded; speaker unattributed / John Kerry")
    assert pairs[("a", "c")] == (
        "reworded; speaker John Kerry / John Kerry; "
        "we are not going to [-rush-] {+hurry+} to an agreement"
    )


def test_quote_variants_need_words_and_overlap():
    quotes = quote_rows([["a", 0, 9, "", "We are close"], ["b", 0, 9, "", "We are so close"]])
    assert facts.quote_variants(quotes, fact_rows([]), ["a", "b"]) == []  # 3 words: too short
    quotes = quote_rows(
        [["a", 0, 9, "", "one two three four five"], ["b", 0, 9, "", "one six seven eight nine"]]
    )
    assert facts.quote_variants(quotes, fact_rows([]), ["a", "b"]) == []


def test_flag_table_order_and_columns():
    table = fact_rows([["F1", "a", 0, 5, "s", 1], ["F2", "b", 0, 5, "t", 1]])
    rows = facts.exclusives(table, {"a": "E1", "b": "E1"})[::-1]
    flags = facts.flag_table(rows, table, ["a", "b"])
    assert flags.columns.tolist() == facts.FLAG_COLUMNS
    assert flags["article_id"].tolist() == ["a", "b"]
    assert flags["other_start"].isna().all()
    empty = facts.flag_table([], table, ["a", "b"])
    assert empty.empty and empty.columns.tolist() == facts.FLAG_COLUMNS


# ---- accuracy -------------------------------------------------------------------------------


def test_link_scores():
    a, b, c = ("x", 0), ("y", 0), ("z", 0)
    gold = {frozenset((a, b)), frozenset((b, c))}
    assert facts.link_scores({frozenset((a, b)), frozenset((a, c))}, gold) == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "correct": 1,
        "predicted": 2,
        "gold": 2,
    }
    nothing = facts.link_scores(set(), gold)
    assert math.isnan(nothing["precision"]) and nothing["recall"] == 0 and nothing["f1"] == 0


def test_gold_spans_stand_for_the_sentence_they_overlap_most():
    table = fact_rows(
        [
            ["F1", "a", 0, 50, "s", 2],
            ["F1", "b", 0, 40, "t", 2],
            ["F2", "b", 41, 90, "u", 1],
            ["F3", "c", 0, 30, "v", 1],
        ]
    )
    gold = pd.DataFrame(
        {
            "fact_id": ["G1", "G1", "G2", "G2"],
            # a clause inside a's sentence; a span across b's two sentences, mostly the second
            "article_id": ["a", "b", "b", "c"],
            "start": [10, 30, 0, 0],
            "end": [20, 80, 10, 30],
        }
    )
    assert facts.gold_links(gold, table) == {
        frozenset((("a", 0), ("b", 41))),
        frozenset((("b", 0), ("c", 0))),
    }
    assert facts.predicted_links(table) == {frozenset((("a", 0), ("b", 0)))}


def test_read_gold_names_the_file_and_the_missing_columns(tmp_path):
    assert facts.read_gold("", facts.GOLD_FACT_COLUMNS).empty
    assert facts.read_gold(tmp_path / "missing.csv", facts.GOLD_FACT_COLUMNS).empty
    bad = tmp_path / "gold.csv"
    bad.write_text("fact,article_id,start,end\nF1,a,0,5\n")
    with pytest.raises(facts.FactsError, match=r"gold\.csv: missing column\(s\) fact_id"):
        facts.read_gold(bad, facts.GOLD_FACT_COLUMNS)


# ---- stories --------------------------------------------------------------------------------

GENEVA = (
    "Kerry and Lavrov meet in Geneva\n"
    "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva "
    "on Friday to discuss a ceasefire in Syria.\n"
    "The talks lasted {hours} hours, officials said.\n"
    "“We are not going to rush to an agreement until it satisfies the needs of the Syrian "
    "people{more}”, Kerry said.\n"
    "{extra}\n"
)
MOSCOW = (
    "Obama signs budget bill\n"
    "President Barack Obama signed the budget bill in Washington on Tuesday after Congress "
    "passed it late Monday.\n"
    "The bill funds the federal government through September.\n"
)


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("stories") / "articles"
    folder.mkdir()
    files = {
        "a.txt": GENEVA.format(hours="four", more="", extra="Aleppo remains under siege."),
        "b.txt": GENEVA.format(
            hours="six", more=" and the world", extra="Officials expect more talks next week."
        ),
        "c.txt": MOSCOW,
        "articles.csv": "file,published\na.txt,2016-08-26\nb.txt,2016-08-27\nc.txt,2013-03-05\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return story_of(folder, nlp)


def test_a_folder_with_two_stories_is_two_events_and_facts_stay_within_them(two_stories):
    result = facts.analyse(two_stories, facts_gold_file="", events_gold_file="")
    assert dict(zip(result.events["article_id"], result.events["event"])) == {
        "a": "E1",
        "b": "E1",
        "c": "E2",
    }
    days = result.events.set_index("article_id")["event_day"].to_dict()
    # "Friday" in a Friday's paper and in Saturday's is the same day
    assert days == {"a": "2016-08-26", "b": "2016-08-26", "c": "2013-03-05"}
    shared = result.facts[result.facts["n_articles"] > 1]
    assert set(shared["article_id"]) == {"a", "b"}
    # every fact's text is the article text at its offsets
    texts = {a.article_id: a.text for a in two_stories.corpus}
    assert all(
        texts[a][s:e] == t
        for a, s, e, t in result.facts[["article_id", "start", "end", "text"]].values
    )
    flags = result.flags
    assert set(flags["flag"]) == {"exclusive", "discrepancy", "quote variant"}
    (disc,) = flags[flags["flag"] == "discrepancy"]["detail"]
    assert disc == "hour: “four” (4) vs “six” (6)"
    (variant,) = flags[flags["flag"] == "quote variant"]["detail"]
    assert variant.startswith("truncated; speaker John Kerry / John Kerry; ")
    assert variant.endswith("the needs of the Syrian people {+and the world+}")
    # c is alone in its event: none of its facts is flagged
    assert "c" not in set(flags["article_id"])
    assert list(result.tables()) == [
        "facts",
        "fact_flags",
        "events",
        "event_pairs",
        "event_dates",
        "fact_accuracy",
    ]
    text = facts.findings(result)
    assert text.startswith("**The folder covers 2 events**, not one. E1: a and b (")
    assert "Kept apart: " in text


def test_views_of_a_story(two_stories):
    result = facts.analyse(two_stories, facts_gold_file="", events_gold_file="")
    excl = facts.flags_view(result, "exclusive")
    assert excl.columns.tolist() == ["article", "fact", "offsets", "sentence"]
    assert isinstance(facts.flags_view(result, "omitted"), Note)
    diffs = facts.quote_diffs(result)
    assert "**and the world**" in diffs.text
    with pytest.raises(ValueError, match="unknown flag"):
        facts.flags_view(result, "contradiction")
    assert isinstance(facts.accuracy_view(result), Note)
    view = facts.events_view(result)
    assert view.loc["a", "day"] == "2016-08-26 (Friday) ← “Friday”"
    cells = facts.matrix_rows(result)
    assert cells.groupby("row").size().eq(3).all()
    counts = facts.coverage_counts(result)
    assert counts["article_id"].tolist() == ["a", "b", "c"]
    assert counts["event_size"].tolist() == [2, 2, 1]
    assert (
        counts["every"].tolist()[:2]
        == [len(set(result.facts.query("n_articles == 2").fact_id))] * 2
    )
    assert counts.loc[2, "alone"] == (result.facts["article_id"] == "c").sum() > 0


def test_one_article_is_one_event_with_nothing_flagged(write_corpus, nlp):
    story = story_of(write_corpus({"a.txt": MOSCOW}), nlp)
    result = facts.analyse(story, facts_gold_file="", events_gold_file="")
    assert not result.comparable
    assert result.events["event"].tolist() == ["E1"]
    assert result.flags.empty and result.pairs.empty
    assert (result.facts["n_articles"] == 1).all()
    assert facts.findings(result) == "**One article**: nothing to compare it with, so one event."


@pytest.fixture(scope="module")
def seed_result(seed_corpus, seed_docs, nlp):
    from analysis.nlp import parse_info
    from analysis.story import Story

    story = Story(
        seed_corpus, seed_docs, article_labels(seed_corpus.ids), parse_info(nlp, seed_corpus)
    )
    return facts.analyse(story)  # the defaults: alias file, seed annotations


def test_the_seeds_are_four_events_as_read_by_hand(seed_result):
    got = dict(zip(seed_result.events["article_id"], seed_result.events["event"]))
    assert got == SEEDS_EVENTS
    gold = pd.read_csv("data/annotations/seed_events.csv", dtype=str)
    assert gold.set_index("article_id")["event"].to_dict() == SEEDS_EVENTS
    assert facts.findings(seed_result).startswith("**The folder covers 4 events**, not one.")
    # caption dates are listed, never used: 002's file photo of 2005, 004's caption
    captions = seed_result.events.set_index("article_id")["caption_dates"]
    assert captions["002_6576ef386a19e029"] == "January 8, 2005"
    assert seed_result.events["event_day"].eq("").all()  # no publication dates: no calendar day


def test_seed_accuracy_is_measured_against_the_hand_alignment(seed_result):
    accuracy = seed_result.accuracy.set_index("level")
    assert accuracy.index.tolist() == ["fact links", "events"]
    links = accuracy.loc["fact links"]
    # 21 annotated spans in 10 facts: 12 pairs of sentences of different articles
    assert links["gold"] == 12
    assert links["predicted"] >= links["correct"] > 0
    assert accuracy.loc["events", "adjusted_rand"] == 1.0
    # every sentence of the story is in exactly one fact
    assert seed_result.facts.groupby(["article_id", "start"]).size().eq(1).all()


def test_facts_figures_state_their_findings_and_return_their_numbers(two_stories, tmp_path):
    from analysis import plots

    result = facts.analyse(two_stories, facts_gold_file="", events_gold_file="")
    n_facts = result.facts["fact_id"].nunique()
    n_shared = result.facts.loc[result.facts["n_articles"] > 1, "fact_id"].nunique()
    plots.style()
    fig, cells = plots.facts_matrix(result)
    assert fig.axes[0].get_title(loc="left") == (
        f"{n_shared} of {n_facts} facts are reported by two articles or more; {n_shared} by "
        "every article of their event"
    )

    assert cells["fact_id"].replace("", np.nan).dropna().nunique() == n_shared
    fig, pairs = plots.facts_events(result)
    assert fig.axes[0].get_title(loc="left") == "3 articles, 2 events (facts shared by each pair)"
    assert len(pairs) == 6 and pairs["same_event"].sum() == 2
    fig, counts = plots.facts_coverage(result)
    assert (
        fig.axes[0]
        .get_title(loc="left")
        .endswith("of events of two articles or more report a fact no other article reports")
    )
    written = plots.save_figure(fig, counts, tmp_path, "facts_coverage")
    assert [p.name for p in written] == [
        "facts_coverage.png",
        "facts_coverage.svg",
        "facts_coverage.csv",
    ]


# ---- precision of the flags, from a reader's verdicts -------------------------------------------


def test_wilson_interval_by_hand():
    # 0 of 6: [0, z^2 / (n + z^2)] = [0, 3.8416 / 9.8416]
    low, high = facts.wilson_interval(0, 6)
    assert low == 0.0 and high == pytest.approx(3.8416 / 9.8416)
    low, high = facts.wilson_interval(21, 25)
    assert low < 21 / 25 < high and 0 < low and high < 1
    assert all(math.isnan(x) for x in facts.wilson_interval(0, 0))


def test_flag_precision_counts_unsure_apart():
    verdicts = pd.DataFrame(
        {
            "flag": ["omitted", "omitted", "omitted", "quote variant", "discrepancy"],
            "verdict": ["yes", "no", "unsure", "yes", "no"],
        }
    )
    table = facts.flag_precision(verdicts).set_index("flag")
    assert table.index.tolist() == ["omitted", "discrepancy", "quote variant"]
    assert table.loc["omitted", ["judged", "yes", "no", "unsure"]].tolist() == [3, 1, 1, 1]
    assert table.loc["omitted", "precision"] == 0.5
    assert table.loc["discrepancy", "precision"] == 0.0
    assert table.loc["quote variant", "precision"] == 1.0


def test_flag_precision_view_of_the_committed_verdicts_and_without_any():
    table = facts.flag_precision_view()  # data/annotations/basil_flag_judgements.csv
    assert set(table.index) <= set(facts.FLAGS) and (table["judged"] > 0).all()
    assert isinstance(facts.flag_precision_view(""), Note)
