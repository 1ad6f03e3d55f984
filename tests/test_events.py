"""The event check: dates normalized (relative ones against the publication day), event days,
links between articles, and the grouping into events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import events
from analysis.corpus import Article, Segment, read_corpus

FRI = dt.date(2016, 8, 26)  # a Friday


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # durations and vague spans are not points in time (dateparser would make "five-year"
        # five months before the reference day)
        ("five-year", FRI, ("not a point in time", "", "")),
        ("the coming days", FRI, ("not a point in time", "", "")),
        ("about a six month", None, ("not a point in time", "", "")),
        ("the 1990s", None, ("not a point in time", "", "")),
        # a span that names its year is absolute, with or without a publication day
        ("June 2012", None, ("absolute", "2012-06", "month")),
        ("Friday, Aug. 26, 2016", None, ("absolute", "2016-08-26", "day")),
        ("May 8, 2013", FRI, ("absolute", "2013-05-08", "day")),
        ("2010", None, ("absolute", "2010", "year")),
        # relative spans need the publication day
        ("Friday", None, ("unresolved: no publication date", "", "day")),
        ("yesterday", None, ("unresolved: no publication date", "", "day")),
        ("February 27", None, ("unresolved: no publication date", "", "day")),
        # ... and are resolved against it; "Friday" in a Friday's paper is that day
        ("Friday", FRI, ("resolved", "2016-08-26", "day")),
        ("on Friday", FRI, ("resolved", "2016-08-26", "day")),
        ("Thursday", FRI, ("resolved", "2016-08-25", "day")),
        ("yesterday", FRI, ("resolved", "2016-08-25", "day")),
        ("Thursday, August 25", FRI, ("resolved", "2016-08-25", "day")),
        ("February 27", FRI, ("resolved", "2016-02-27", "day")),
        ("last week", FRI, ("resolved", "2016-W33", "week")),
        # qualifiers dateparser does not read are dropped, the part in brackets tried alone
        ("mid-July", FRI, ("resolved", "2016-07", "month")),
        ("late Tuesday", FRI, ("resolved", "2016-08-23", "day")),
        ("today (Thursday)", None, ("unresolved: no publication date", "", "day")),
    ],
)
def test_normalize_date(text, published, expected):
    assert events.normalize_date(text, published) == expected


def test_anchored():
    assert events.anchored("Tuesday") and events.anchored("last year")
    assert not events.anchored("48-hour") and not events.anchored("recent days")


def article(file: str = "a.txt", **metadata) -> Article:
    return Article(
        article_id=file.rsplit(".", 1)[0],
        file=file,
        format="txt",
        sha256="",
        n_bytes=0,
        encoding="utf-8",
        text="x",
        segments=(Segment("body", 0, 1, "x", "paragraph"),),
        metadata=metadata,
    )


@pytest.mark.parametrize(
    "published, expected",
    [
        ("", None),
        ("2010-07-02", dt.date(2010, 7, 2)),
        ("2010-07-02T18:30:00Z", dt.date(2010, 7, 2)),
        ("July 2, 2010", dt.date(2010, 7, 2)),
    ],
)
def test_published_day(published, expected):
    assert events.published_day(article(published=published)) == expected


@pytest.mark.parametrize("published", ["soon", "July 2010", "Friday"])
def test_a_publication_date_that_is_not_a_day_is_an_error_naming_the_file(published):
    with pytest.raises(events.EventsError, match=r"^story\.txt: published '.*' .* YYYY-MM-DD"):
        events.published_day(article("story.txt", published=published))


def dates(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=events.DATE_COLUMNS)


def test_event_day_is_the_first_recent_day_and_background_is_skipped():
    table = dates(
        [
            # background: months before publication
            ["a", 10, 21, "body", "February 27", "resolved", "2016-02-27", "day", ""],
            ["a", 30, 36, "body", "Friday", "resolved", "2016-08-26", "day", "friday"],
            ["a", 50, 58, "body", "Thursday", "resolved", "2016-08-25", "day", "thursday"],
            # no publication day: the first weekday named, whatever comes before it
            ["b", 5, 14, "body", "yesterday", "unresolved: no publication date", "", "day", ""],
            [
                "b",
                20,
                28,
                "body",
                "Thursday",
                "unresolved: no publication date",
                "",
                "day",
                "thursday",
            ],
            # a caption never dates the event
            ["c", 0, 11, "caption", "May 8, 2013", "caption: not used", "", "", ""],
        ]
    )
    days = events.event_days(
        dates=table, published={"a": FRI, "b": None, "c": None}, ids=["a", "b", "c"]
    )
    assert days[["event_day", "event_weekday", "day_evidence"]].values.tolist() == [
        ["2016-08-26", "friday", "Friday"],
        ["", "thursday", "Thursday"],
        ["", "", ""],
    ]
    assert days["day_start"].tolist()[:2] == [30, 20] and pd.isna(days["day_start"].iloc[2])


def shared(matrix: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame(matrix).T.astype(int)


def days_of(**known) -> pd.DataFrame:
    rows = []
    for a, (day, weekday) in known.items():
        rows.append([a, day, weekday, "", pd.NA, pd.NA])
    return pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "event_day",
            "event_weekday",
            "day_evidence",
            "day_start",
            "day_end",
        ],
    )


def test_an_undated_pair_needs_the_overlap_a_dated_one_a_shared_fact():
    # a and b share 1 of 10 sentences; c and d too
    s = shared(
        {
            "a": {"a": 10, "b": 1, "c": 0, "d": 0},
            "b": {"a": 1, "b": 10, "c": 0, "d": 0},
            "c": {"a": 0, "b": 0, "c": 10, "d": 1},
            "d": {"a": 0, "b": 0, "c": 1, "d": 10},
        }
    )
    d = days_of(a=("", ""), b=("", ""), c=("2016-08-26", "friday"), d=("2016-08-25", "thursday"))
    pairs = events.event_pairs(s, d, event_link=0.2, date_tolerance=1)
    linked = {
        (a, b) for a, b, k in zip(pairs["article_a"], pairs["article_b"], pairs["linked"]) if k
    }
    assert linked == {("c", "d")}
    row = pairs.set_index(["article_a", "article_b"]).loc[("c", "d")]
    assert row["dates_agree"] and row["days_apart"] == 1 and not row["date_conflict"]
    # with a lower link, the undated pair is linked on its text alone
    pairs = events.event_pairs(s, d, event_link=0.1, date_tolerance=1)
    assert pairs.set_index(["article_a", "article_b"]).loc[("a", "b"), "linked"]


def test_weekdays_can_disagree_only_with_a_tolerance_below_three():
    s = shared({"a": {"a": 4, "b": 4}, "b": {"a": 4, "b": 4}})
    d = days_of(a=("", "tuesday"), b=("", "thursday"))
    assert events.event_pairs(s, d, date_tolerance=1)["date_conflict"].tolist() == [True]
    # any two weekdays are at most 3 days apart on the circle: no conflict at 3 or more
    assert events.event_pairs(s, d, date_tolerance=3)["date_conflict"].tolist() == [False]


def test_a_date_conflict_keeps_two_articles_apart_even_through_a_third():
    # b links to a and to c, but a and c report days ten days apart
    s = shared(
        {
            "a": {"a": 10, "b": 5, "c": 0},
            "b": {"a": 5, "b": 10, "c": 4},
            "c": {"a": 0, "b": 4, "c": 10},
        }
    )
    d = days_of(a=("2016-08-26", "friday"), b=("", ""), c=("2016-08-16", "tuesday"))
    pairs = events.event_pairs(s, d, event_link=0.1, date_tolerance=3)
    event, pairs = events.group_events(pairs, ["a", "b", "c"])
    # b joins a (the stronger link, 5 shared facts), and c cannot join them
    assert event == {"a": "E1", "b": "E1", "c": "E2"}
    assert pairs["same_event"].tolist() == [True, False, False]


def test_group_events_names_events_by_their_first_article():
    s = shared(
        {x: {y: (5 if x == y else 3 if {x, y} == {"a", "c"} else 0) for y in "abc"} for x in "abc"}
    )
    pairs = events.event_pairs(s, days_of(a=("", ""), b=("", ""), c=("", "")), event_link=0.5)
    event, _ = events.group_events(pairs, ["a", "b", "c"])
    assert event == {"a": "E1", "b": "E2", "c": "E1"}


def test_shared_facts_counts_facts_both_articles_carry():
    facts = pd.DataFrame(
        {"fact_id": ["F1", "F1", "F2", "F3", "F3"], "article_id": ["a", "b", "a", "b", "c"]}
    )
    table = events.shared_facts(facts, ["a", "b", "c"])
    assert table.values.tolist() == [[2, 1, 0], [1, 2, 1], [0, 1, 1]]


def test_signatures_rank_places_and_people_and_skip_captions():
    mentions = pd.DataFrame(
        {
            "article_id": ["a"] * 5,
            "zone": ["body", "body", "body", "headline", "caption"],
            "entity": ["Geneva", "Geneva", "John Kerry", "Aleppo", "Damascus"],
            "entity_label": ["GPE", "GPE", "PERSON", "GPE", "GPE"],
        }
    )
    sig = events.signatures(mentions, ["a", "b"])
    assert sig.values.tolist() == [["a", "Geneva; Aleppo", "John Kerry"], ["b", "", ""]]


def test_date_table_lists_caption_dates_without_using_them(write_corpus, nlp):
    from analysis.nlp import parse_corpus

    folder = write_corpus(
        {
            "a.txt": "Kerry and Lavrov meet\n"
            "Kerry and Lavrov shake hands in Geneva on January 8, 2005. | AP\n"
            "Kerry met Lavrov in Geneva on Friday.\n",
            "articles.csv": "file,published\na.txt,2016-08-26\n",
        }
    )
    corpus = read_corpus(folder)
    table = events.date_table(corpus, list(parse_corpus(corpus, nlp, progress=False)))
    assert table[["zone", "text", "status", "date"]].values.tolist() == [
        ["caption", "January 8, 2005", "caption: not used", ""],
        ["body", "Friday", "resolved", "2016-08-26"],
    ]
    text = corpus.articles[0].text
    assert all(text[s:e] == t for s, e, t in zip(table["start"], table["end"], table["text"]))


def test_findings_say_how_many_events_and_why_and_escape_labels():
    table = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "event": ["E1", "E1", "E2"],
            "published": ["", "", ""],
            "event_day": ["", "", ""],
            "event_weekday": ["friday", "friday", "tuesday"],
            "day_evidence": ["Friday", "Friday", "Tuesday"],
            "day_start": [1, 1, 1],
            "day_end": [2, 2, 2],
            "places": ["Geneva; Syria", "Geneva", "Moscow; Syria"],
            "participants": ["John Kerry", "John Kerry", "John Kerry"],
            "unresolved": ["", "", ""],
            "caption_dates": ["", "", ""],
        }
    )
    s = shared(
        {
            "a": {"a": 10, "b": 6, "c": 1},
            "b": {"a": 6, "b": 10, "c": 0},
            "c": {"a": 1, "b": 0, "c": 10},
        }
    )
    pairs = events.event_pairs(
        s,
        table[["article_id", "event_day", "event_weekday", "day_evidence", "day_start", "day_end"]],
        event_link=0.2,
    )
    _, pairs = events.group_events(pairs, ["a", "b", "c"])
    labels = {"a": "*A*", "b": "B", "c": "C"}
    text = events.findings(table, pairs, labels, event_link=0.2)
    assert text.startswith("**The folder covers 2 events**, not one. E1: \\*A\\* and B (up to 6")
    assert "on a Friday (undated)" not in text  # escaped: brackets are Markdown punctuation
    assert "on a Friday \\(undated\\); places Geneva, Syria" in text
    assert "E2: C alone (on a Tuesday \\(undated\\); places Moscow, Syria" in text
    assert text.endswith(
        "Kept apart: \\*A\\* and C share 1 fact (10.0% of the shorter) and no dates to compare: "
        "below the 20.0% needed then (they name different weekdays, Friday and Tuesday, undated)."
    )
    one = table.assign(event="E1")
    _, together = events.group_events(pairs.assign(linked=True), ["a", "b", "c"])
    assert events.findings(one, together, labels).startswith(
        "**The folder covers one event**: all 3 articles report it."
    )
