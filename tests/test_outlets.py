"""Outlet profiles: every number a ratio of sums over stories, intervals by resampling stories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import outlets
from analysis.escape import Note
from analysis.outlets import Bootstrap

FAST = Bootstrap(n_boot=200, seed=7, level=0.9)


def articles_table(rows):
    """Per-article rows (story, article_id, outlet, words, ...) with every column filled in."""
    base = {
        "lean": "",
        "wire": False,
        "words": 100,
        "tokens": 100,
        "tokens_shared": 0,
        "tokens_shared_other_outlet": 0,
        "tokens_shared_wire": 0,
        "flesch_kincaid_grade": np.nan,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def three_outlets(n_stories=4):
    """n stories, each covered by outlets A, B and C (one article each)."""
    return articles_table(
        {"story": f"s{i}", "article_id": o.lower(), "outlet": o}
        for i in range(n_stories)
        for o in "ABC"
    )


def mentions_table(rows):
    return pd.DataFrame(rows, columns=["story", "article_id", "entity", "label", "mentions"])


def test_story_weights_draw_every_replicate_as_many_stories_as_there_are():
    chunks = list(outlets._weights(5, Bootstrap(n_boot=250, seed=1)))
    weights = np.vstack(chunks)
    assert weights.shape == (250, 5)
    assert (weights.sum(axis=1) == 5).all()
    again = np.vstack(list(outlets._weights(5, Bootstrap(n_boot=250, seed=1))))
    assert (weights == again).all()  # seeded: the same draws every time
    other = np.vstack(list(outlets._weights(5, Bootstrap(n_boot=250, seed=2))))
    assert not (weights == other).all()


def test_readability_is_the_mean_over_articles_and_its_interval_holds_it():
    table = three_outlets(6)
    grades = {"a": 10.0, "b": 12.0, "c": 14.0}
    table["flesch_kincaid_grade"] = [grades[a] + (i % 3) for i, a in enumerate(table["article_id"])]
    result = outlets.readability_profile(table, metrics=["flesch_kincaid_grade"], boot=FAST)
    expected = table.groupby("outlet")["flesch_kincaid_grade"].mean()
    assert result["mean"].tolist() == pytest.approx(expected.tolist())
    assert (result["low"] <= result["mean"]).all() and (result["mean"] <= result["high"]).all()
    assert result["articles"].tolist() == [6, 6, 6] and result["stories"].tolist() == [6, 6, 6]
    assert result["median"].tolist() == pytest.approx(
        table.groupby("outlet")["flesch_kincaid_grade"].median().tolist()
    )


def test_an_article_without_a_score_is_left_out_of_its_mean():
    table = three_outlets(2)
    table["flesch_kincaid_grade"] = [10.0, 12, 14, np.nan, 13, 15]
    result = outlets.readability_profile(table, metrics=["flesch_kincaid_grade"], boot=FAST)
    a = result[result["group"] == "A"].iloc[0]
    assert a["mean"] == 10 and a["articles"] == 1


def test_attention_compares_an_outlet_with_the_others_in_the_stories_it_covers():
    table = three_outlets(3)
    # A names Putin 4 times per story in 100 words, B and C once each: 40 against 10 per 1,000
    rows = []
    for i in range(3):
        rows += [
            (f"s{i}", "a", "Putin", "PERSON", 4),
            (f"s{i}", "b", "Putin", "PERSON", 1),
            (f"s{i}", "c", "Putin", "PERSON", 1),
        ]
    result = outlets.attention_profile(mentions_table(rows), table, min_stories=3, boot=FAST)
    a = result[result["group"] == "A"].iloc[0]
    assert a["per_1000_words"] == pytest.approx(40)
    assert a["others_per_1000_words"] == pytest.approx(10)
    expected = np.log2(
        (12 + outlets.RATE_PSEUDOCOUNT) / 300 / ((6 + outlets.RATE_PSEUDOCOUNT) / 600)
    )
    assert a["log2_ratio"] == pytest.approx(expected)
    assert a["stands_out"] == "more"
    assert set(result.loc[result["group"] != "A", "stands_out"]) <= {"less", ""}


def test_attention_leaves_out_entities_named_in_too_few_stories():
    table = three_outlets(3)
    rows = [("s0", "a", "Rare", "ORG", 5)]
    assert outlets.attention_profile(mentions_table(rows), table, min_stories=2, boot=FAST).empty


def test_a_story_an_outlet_did_not_cover_does_not_count_against_it():
    table = three_outlets(3)
    table = pd.concat(
        [table, articles_table([{"story": "extra", "article_id": "b", "outlet": "B"}])]
    )
    rows = [(f"s{i}", a, "Kerry", "PERSON", 1) for i in range(3) for a in "abc"]
    rows += [("extra", "b", "Kerry", "PERSON", 50)]  # only B covered this story
    result = outlets.attention_profile(mentions_table(rows), table, min_stories=3, boot=FAST)
    a = result[result["group"] == "A"].iloc[0]
    assert a["others_per_1000_words"] == pytest.approx(10)  # B's extra story is not A's


def test_blind_spots_need_most_outlets_of_a_story_naming_what_one_leaves_out():
    table = three_outlets(2)
    rows = [
        ("s0", "a", "Kerry", "PERSON", 1),
        ("s0", "b", "Kerry", "PERSON", 2),  # A and B name Kerry: a blind spot of C
        ("s0", "a", "Lavrov", "PERSON", 1),  # only A: nobody's blind spot
        ("s1", "c", "Geneva", "GPE", 1),
    ]
    mentions = mentions_table(rows)
    profile = outlets.blind_spot_profile(mentions, table, boot=FAST).set_index("group")
    assert profile["blind_spots"].to_dict() == {"A": 0, "B": 0, "C": 1}
    assert profile["stories"].to_dict() == {"A": 2, "B": 2, "C": 2}
    assert profile.loc["C", "per_story"] == 0.5
    entities = outlets.blind_spot_entities(mentions, table)
    assert entities[["group", "entity", "stories"]].values.tolist() == [["C", "Kerry", 1]]


def test_two_outlets_cannot_have_a_blind_spot():
    table = articles_table(
        [{"story": "s", "article_id": a, "outlet": a.upper()} for a in ("a", "b")]
    )
    mentions = mentions_table([("s", "a", "Kerry", "PERSON", 1)])
    profile = outlets.blind_spot_profile(mentions, table, boot=FAST)
    assert profile["stories"].tolist() == [0, 0] and profile["blind_spots"].tolist() == [0, 0]


def test_speaker_shares_add_up_to_each_outlets_quoted_words():
    table = three_outlets(2)
    quoted = pd.DataFrame(
        [
            ("s0", "a", "Kerry", "PERSON", 2, 30),
            ("s0", "a", "(unattributed)", "", 1, 10),
            ("s1", "a", "Lavrov", "PERSON", 1, 20),
            ("s1", "b", "Kerry", "PERSON", 1, 5),
        ],
        columns=["story", "article_id", "speaker", "speaker_label", "quotes", "words"],
    )
    result = outlets.speaker_profile(quoted, table, boot=FAST)
    a = result[result["group"] == "A"].set_index("speaker")
    assert a["share"].sum() == pytest.approx(1)
    assert a.loc["Kerry", "share"] == pytest.approx(0.5)
    assert a["rank"].to_dict() == {"Kerry": 1, "Lavrov": 2, "(unattributed)": 0}


def test_reuse_shares_are_shared_tokens_over_all_tokens():
    table = three_outlets(2)
    table["tokens_shared_other_outlet"] = [10, 0, 0, 30, 0, 0]
    table["tokens_shared"] = [10, 0, 0, 30, 5, 0]
    result = outlets.reuse_profile(table, boot=FAST).set_index("group")
    assert result.loc["A", "share_other_outlet"] == pytest.approx(0.2)
    assert result.loc["B", "share_any"] == pytest.approx(0.025)
    assert result.loc["A", "other_outlet_low"] <= 0.2 <= result.loc["A", "other_outlet_high"]


def profiles_of(table, mentions=None, quoted=None):
    manifest = pd.DataFrame(
        {
            "story": sorted(table["story"].unique()),
            "folder": sorted(table["story"].unique()),
            "path": [f"in/{s}" for s in sorted(table["story"].unique())],
            "articles": 3,
            "words": 300,
            "status": "done",
            "error": "",
            "input_hash": "h",
        }
    )
    mentions = mentions if mentions is not None else mentions_table([])
    quoted = (
        quoted
        if quoted is not None
        else pd.DataFrame(
            columns=["story", "article_id", "speaker", "speaker_label", "quotes", "words"]
        )
    )
    return outlets.profiles(
        table, mentions, quoted, manifest, metrics=["flesch_kincaid_grade"], boot=FAST
    )


def test_a_lean_grouping_is_made_only_where_articles_have_a_lean():
    table = three_outlets(3)
    assert set(profiles_of(table).summary["grouping"]) == {"outlet"}
    table["lean"] = table["outlet"].map({"A": "left", "B": "center", "C": "right"})
    result = profiles_of(table)
    assert set(result.summary["grouping"]) == {"outlet", "lean"}
    assert set(result.reuse["group"]) == {"A", "B", "C", "left", "center", "right"}
    assert not isinstance(outlets.lean_view(result), Note)


def test_findings_are_computed_from_the_tables_and_escape_names():
    table = three_outlets(4)
    table["outlet"] = table["outlet"].map({"A": "*Alpha*", "B": "Beta", "C": "Gamma"})
    table["flesch_kincaid_grade"] = [14.0, 10, 12] * 4
    text = outlets.findings(profiles_of(table))
    assert "**4 stories**, 12 articles from 3 outlets" in text
    assert r"\*Alpha\* is hardest to read at 14.0" in text
    assert "Beta easiest at 10.0" in text
    assert "No story has" not in text  # three outlets per story: blind spots are possible


def test_the_stories_list_gives_each_story_the_command_for_its_own_reports():
    table = three_outlets(1)
    result = profiles_of(table)
    assert result.stories["command"].tolist() == ["make all CORPUS=in/s0 OUT=story-reports/s0"]
    assert result.stories["status"].tolist() == ["analysed"]
    quoted = outlets.story_list(
        pd.DataFrame(
            {
                "story": ["a b"],
                "folder": ["a-b"],
                "path": ["my stories/a b"],
                "articles": [1],
                "words": [9],
                "status": ["failed"],
                "error": ["x"],
                "input_hash": ["h"],
            }
        ),
        table,
        "out",
    )
    assert quoted["command"].tolist() == ["make all CORPUS='my stories/a b' OUT=out/a-b"]
    assert quoted["status"].tolist() == ["failed"]


def test_the_same_inputs_give_the_same_tables():
    table = three_outlets(5)
    table["flesch_kincaid_grade"] = np.arange(15, dtype=float)
    first, second = profiles_of(table).tables(), profiles_of(table).tables()
    for name in first:
        assert first[name].to_csv() == second[name].to_csv(), name


def test_the_outlet_tables_are_the_files_a_run_writes():
    from analysis.outlets import OUTLET_TABLES, OutletProfiles

    empty = pd.DataFrame()
    profiles = OutletProfiles(*[empty] * 9, level=0.95)
    assert tuple(profiles.tables()) == OUTLET_TABLES


def test_house_styles_of_one_name_count_as_one_entity_across_stories():
    mentions = pd.DataFrame(
        [
            ["s1", "a", "F.B.I.", "ORG", 2],
            ["s1", "b", "FBI", "ORG", 1],
            ["s1", "b", "F.B.I.", "GPE", 1],
            ["s2", "c", "FBI", "ORG", 3],
            ["s2", "c", "The Huffington Post", "ORG", 1],
            ["s2", "d", "Huffington Post", "ORG", 1],
            ["s2", "d", "Hill", "PERSON", 1],
            ["s2", "d", "The Hill", "ORG", 1],
            ["s2", "e", "FBI", "ORG", 1],
        ],
        columns=["story", "article_id", "entity", "label", "mentions"],
    )
    folded, spellings = outlets.fold_spellings(mentions)
    # FBI is the spelling of three articles, F.B.I. of two (one of them labelled a place: an
    # acronym keeps no label apart); ORG is the label of four; a PERSON Hill is not The Hill
    assert folded.values.tolist() == [
        ["s1", "a", "FBI", "ORG", 2],
        ["s1", "b", "FBI", "ORG", 2],
        ["s2", "c", "FBI", "ORG", 3],
        ["s2", "c", "Huffington Post", "ORG", 1],
        ["s2", "d", "Hill", "PERSON", 1],
        ["s2", "d", "Huffington Post", "ORG", 1],
        ["s2", "d", "The Hill", "ORG", 1],
        ["s2", "e", "FBI", "ORG", 1],
    ]
    empty = pd.DataFrame()
    result = outlets.OutletProfiles(*[empty] * 8, spellings=spellings, level=0.95)
    assert outlets.spellings_view(result).index.tolist() == [
        ("FBI", "ORG"),
        ("Huffington Post", "ORG"),
    ]
    none = outlets.OutletProfiles(*[empty] * 8, spellings=spellings.iloc[:0], level=0.95)
    assert isinstance(outlets.spellings_view(none), Note)
    assert spellings.values.tolist() == [
        ["FBI", "ORG", "FBI (3); F.B.I. (2)", 5],
        ["Huffington Post", "ORG", "Huffington Post (1); The Huffington Post (1)", 2],
    ]
