"""Entity coverage, similarity, distinctive terms and dates: hand-checked small cases, then the
seed corpus."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus import read_corpus
from analysis.coverage import (
    Comparison,
    analyse,
    coverage_status,
    date_mentions,
    decimal_year,
    distinctive_terms,
    entity_coverage,
    findings,
    jaccard,
    parse_date,
    similarity_order,
    similarity_table,
    tfidf_similarity,
)
from analysis.escape import Note

COUNTS = pd.DataFrame(
    {
        "article_id": ["a", "a", "a", "b", "b", "c"],
        "entity": ["Kerry", "Lavrov", "Geneva", "Kerry", "Lavrov", "Kerry"],
        "label": ["PERSON", "PERSON", "GPE", "PERSON", "PERSON", "PERSON"],
        "mentions": [4, 2, 1, 1, 3, 2],
    }
)
WORDS = {"a": 200, "b": 100, "c": 0}


def test_entity_coverage_rates_and_article_counts():
    cov = entity_coverage(COUNTS, WORDS).set_index(["article_id", "entity"])
    assert cov.loc[("a", "Kerry"), "per_1000_words"] == 20.0
    assert cov.loc[("b", "Lavrov"), "per_1000_words"] == 30.0
    assert math.isnan(cov.loc[("c", "Kerry"), "per_1000_words"])  # no words: no rate
    assert cov.loc[("a", "Kerry"), "n_articles"] == 3
    assert cov.loc[("a", "Geneva"), "n_articles"] == 1


def test_consensus_and_blind_spots():
    status = coverage_status(entity_coverage(COUNTS, WORDS), ["a", "b", "c"]).set_index("entity")
    assert status.loc["Kerry", "status"] == "every article"
    assert status.loc["Lavrov", "status"] == "some"
    assert status.loc["Geneva", "status"] == "only one"
    assert status.loc["Geneva", "articles"] == "a"
    assert status.loc["Kerry", "mentions"] == 7
    # one article: nothing is shared by "every article"
    alone = coverage_status(entity_coverage(COUNTS[COUNTS["article_id"] == "a"], WORDS), ["a"])
    assert set(alone["status"]) == {"only one"}


def test_jaccard_of_entity_sets():
    m = jaccard(entity_coverage(COUNTS, WORDS), ["a", "b", "c", "d"])
    assert m.loc["a", "b"] == pytest.approx(2 / 3)  # {Kerry, Lavrov} of {Kerry, Lavrov, Geneva}
    assert m.loc["b", "c"] == pytest.approx(1 / 2)
    assert m.loc["a", "a"] == 1.0
    assert m.loc["a", "d"] == 0.0  # d names nothing
    assert math.isnan(m.loc["d", "d"])


def test_tfidf_cosine_is_one_for_the_same_words_and_zero_for_none_shared():
    m = tfidf_similarity(
        {
            "a": "Kerry met Lavrov in Geneva.",
            "b": "Geneva: Lavrov met KERRY",
            "c": "Rain and frost overnight.",
            "d": "",
        }
    )
    assert m.loc["a", "b"] == pytest.approx(1.0)
    assert m.loc["a", "c"] == pytest.approx(0.0)
    assert math.isnan(m.loc["a", "d"])  # an empty text is not "unlike" anything


def test_similarity_order_puts_the_alike_together_and_the_table_lists_pairs():
    m = pd.DataFrame(
        [[1, 0.1, 0.9, 0.2], [0.1, 1, 0.1, 0.8], [0.9, 0.1, 1, 0.2], [0.2, 0.8, 0.2, 1]],
        index=list("abcd"),
        columns=list("abcd"),
    )
    order = similarity_order(m)
    assert abs(order.index("a") - order.index("c")) == 1
    assert abs(order.index("b") - order.index("d")) == 1
    table = similarity_table({"x": m})
    assert len(table) == 12
    assert table.set_index(["article_a", "article_b"]).loc[("a", "c"), "x"] == 0.9


def test_fightin_words_by_hand():
    # counts: apple a2 b0; banana a1 b1; cherry a0 b1. Prior = corpus counts (2, 2, 1), a0 = 5.
    terms = distinctive_terms(
        {"a": "apple apple banana", "b": "banana cherry"}, drop=frozenset(), min_count=1
    ).set_index(["article_id", "term"])
    # a, apple: log(4/(3+5-2-2)) - log(2/(2+5-0-2)) = log(5/2); var = 1/4 + 1/2
    assert terms.loc[("a", "apple"), "log_odds"] == pytest.approx(math.log(2.5))
    assert terms.loc[("a", "apple"), "z"] == pytest.approx(math.log(2.5) / math.sqrt(0.75))
    # b, cherry: log(2/(2+5-1-1)) - log(1/(3+5-0-1)) = log(14/5); var = 1/2 + 1
    assert terms.loc[("b", "cherry"), "z"] == pytest.approx(math.log(14 / 5) / math.sqrt(1.5))
    assert terms.loc[("a", "apple"), "count_rest"] == 0
    # sorted by z within the article: apple before banana
    assert list(terms.loc["a"].index) == ["apple", "banana"]


def test_stop_words_do_not_swallow_acronyms():
    from analysis.coverage import stop_words, term_tokens

    # "U.S." and "US" normalize to "us", a stop word when written in lower case
    assert term_tokens("U.S. and US officials told us; WHO and IS, who is it", stop_words()) == [
        "us",
        "us",
        "officials",
        "told",
        "who",
        "is",
    ]


def test_fightin_words_needs_two_articles_and_drops_stop_words():
    assert distinctive_terms({"a": "the talks"}).empty
    terms = distinctive_terms({"a": "the talks the talks", "b": "the truce the truce"})
    assert "the" not in set(terms["term"])
    assert set(terms["term"]) == {"talks", "truce"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("May 8, 2013", (2013, 5, 8)),
        ("Friday, Aug. 26, 2016", (2016, 8, 26)),
        ("June 2012", (2012, 6, None)),
        ("2016", (2016, None, None)),
        ("Thursday, August 25", (None, 8, 25)),
        ("February 29, 2015", (2015, 2, None)),  # no such day: the month stands
        ("Tuesday", (None, None, None)),
        ("the 1990s", (None, None, None)),
        # a number is a day only next to the month; the year is the one after the month
        ("the last 10 days of August 2016", (2016, 8, None)),
        ("12 months to June 2012", (2012, 6, None)),
        ("10 a.m. on June 5, 2015", (2015, 6, 5)),
        ("between 2012 and March 2013", (2013, 3, None)),
        ("26th of August", (None, 8, 26)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_decimal_year():
    assert decimal_year(2016, None, None) == 2016.5
    assert decimal_year(2016, 1, 1) == 2016.0
    assert decimal_year(2013, 6, None) == pytest.approx(2013 + 5.5 / 12)


def test_seed_dates_show_different_meetings(seed_corpus, seed_docs):
    dates = date_mentions(seed_corpus, seed_docs)
    dated = {
        (a[:3], t): (y, z)
        for a, t, y, z in dates[dates["year"].notna()][
            ["article_id", "text", "year", "zone"]
        ].values
    }
    # read in the articles: 001's caption dates the Moscow meeting May 8, 2013; 004's caption
    # Friday, Aug. 26, 2016 (Geneva); 002 dates the war's start, March 2011
    assert dated[("001", "May 8, 2013")] == (2013, "caption")
    assert dated[("004", "Friday, Aug. 26, 2016")] == (2016, "caption")
    assert dated[("002", "March 2011")] == (2011, "body")
    # 000 and 003 name no year at all; 003's "Thursday, August 25" has month and day only
    assert not dates[dates["year"].notna()]["article_id"].str[:3].isin(["000", "003"]).any()
    row = dates[dates["text"] == "Thursday, August 25"].iloc[0]
    assert (row["month"], row["day"], row["resolution"]) == (8, 25, "no year")


def story_of(corpus, nlp):
    """The Story ``load_build`` would give for ``corpus``."""
    from analysis.corpus import article_labels
    from analysis.nlp import parse_corpus, parse_info
    from analysis.story import Story

    docs = list(parse_corpus(corpus, nlp, progress=False))
    return Story(corpus, docs, article_labels(corpus.ids), parse_info(nlp, corpus))


@pytest.fixture(scope="module")
def seed_result(seed_corpus, seed_docs, nlp):
    from analysis.corpus import article_labels
    from analysis.nlp import parse_info
    from analysis.story import Story

    story = Story(
        seed_corpus, seed_docs, article_labels(seed_corpus.ids), parse_info(nlp, seed_corpus)
    )
    # the default: the general alias table extended by the seed folder's own aliases.yaml
    return analyse(story)


def test_analyse_on_the_seeds(seed_result):
    result = seed_result
    every = set(result.status.loc[result.status["status"] == "every article", "entity"])
    # read in all five: each names Kerry, Lavrov, Assad, Russia, Syria and the United States
    assert {
        "John Kerry",
        "Sergei Lavrov",
        "Bashar al-Assad",
        "Russia",
        "Syria",
        "United States",
    } <= every
    # Staffan de Mistura, the UN envoy, is in 003 only
    only = result.status.set_index("entity")
    assert only.loc["Staffan de Mistura", "status"] == "only one"
    assert only.loc["Staffan de Mistura", "articles"] == "003_732f6ac769fbedc7"
    sim = result.similarity()
    assert len(sim) == 20
    assert sim[["tfidf_cosine", "entity_jaccard", "reuse_share_a"]].notna().all().all()
    assert set(result.reuse.loc[result.reuse["tokens_shared"] == 0, "article_id"]) == {
        "002_6576ef386a19e029"
    }
    # the tables notebook 04 and the CLI write, in the notebook's order
    assert list(result.tables()) == [
        "entity_coverage",
        "similarity",
        "shared_passages",
        "quotes",
        "distinctive_terms",
        "dates",
    ]
    assert result.tables()["similarity"].equals(sim)
    assert result.labels["003_732f6ac769fbedc7"] == "003"


def test_seed_findings(seed_result):
    # the 17-token quotation 003 and 004 share (tests/test_reuse.py), Kerry the most quoted
    text = findings(seed_result)
    # 40 entities (41 before issue 12: "Syrians" is now one entity with "Syrian", inflection)
    assert text.startswith("All 5 articles name **7** of the 40 entities (United States, ")
    assert "The most alike pair by vocabulary is 003 and 004" in text
    assert "**17 tokens** (quote, 003 and 004): “Until we have, neither of us" in text
    # 408 words before the sieve attributor; it adds 001's quotations after "The U.S. Secretary
    # of State said" (resolved to Kerry) and 002's two "he said" after Kerry's quotations
    assert text.endswith("John Kerry is quoted most: 450 words across the corpus.")


def test_analyse_on_one_article_gives_empty_comparisons(write_corpus, nlp):
    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Kerry meets Lavrov\n\n“We are close,” Kerry "
                "said in Geneva on May 8, 2013.\n"
            }
        )
    )
    result = analyse(story_of(corpus, nlp), aliases_file="")
    assert not result.comparable
    assert result.similarity().empty
    assert result.passages.empty
    assert result.terms.empty
    assert result.reuse["tokens_shared"].tolist() == [0]
    assert result.quotes["quote"].tolist() == ["We are close,"]
    assert findings(result) == (
        "This corpus has 1 article(s): comparisons need at least two. The tables below "
        "describe the one article on its own."
    )


def test_analyse_takes_an_alias_table_or_its_file(write_corpus, nlp, tmp_path):
    from analysis.entities import load_aliases

    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Kerry in Geneva\n\nJohn Kerry met Sergei Lavrov in Geneva.\n",
                "b.txt": "Talks\n\nKerry and Lavrov talked in Geneva on Tuesday.\n",
            }
        )
    )
    story = story_of(corpus, nlp)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("entities:\n  Geneva talks:\n    aliases: [Geneva]\n")
    from_file = analyse(story, aliases_file=aliases)
    from_table = analyse(story, aliases_file=load_aliases(aliases))
    assert "Geneva talks" in set(from_file.coverage["entity"])
    assert from_file.coverage.equals(from_table.coverage)
    assert "Geneva talks" not in set(analyse(story, aliases_file="").coverage["entity"])


# ---- what notebook 04 shows, on hand-made tables ---------------------------------------------

LABELS = {"a": "000", "b": "001", "c": "002"}
TEXTS = {
    "a": "Kerry met Lavrov in Geneva.",
    "b": "Geneva: Lavrov met KERRY",
    "c": "Rain and frost overnight.",
}
PASSAGES = pd.DataFrame(
    {
        "article_a": ["a", "a"],
        "article_b": ["b", "c"],
        "n_tokens": [7, 9],
        "kind": ["quote", "prose"],
        "n_articles": [2, 3],
        "start_a": [10, 40],
        "end_a": [40, 90],
        "start_b": [0, 5],
        "end_b": [30, 55],
        "text_a": ["we are *close* to a deal", "U.S. Secretary of State John Kerry said"],
        "text_b": ["We are close to a deal", "US secretary of state John Kerry said"],
    }
)
QUOTES = pd.DataFrame(
    {
        "article_id": ["a", "a", "b"],
        "start": [8, 100, 0],
        "end": [45, 120, 35],
        "words": [7, 5, 6],
        "speaker": ["Kerry", "Lavrov", ""],
        "speaker_label": ["PERSON", "PERSON", ""],
        "attribution": ["name", "pronoun", "none"],
        "quote": ["we are close to a deal, he said", "no", "We are close to a deal"],
    }
)
DATES = pd.DataFrame(
    {
        "article_id": ["a", "a", "a", "b", "c"],
        "zone": ["body", "caption", "body", "body", "body"],
        "text": ["May 8, 2013", "Tuesday", "Tuesday", "2016", "the coming days"],
        "year": pd.array([2013, None, None, 2016, None], dtype="Int64"),
        "month": pd.array([5, None, None, None, None], dtype="Int64"),
        "day": pd.array([8, None, None, None, None], dtype="Int64"),
    }
)


def make_result(
    ids=("a", "b", "c"),
    counts=COUNTS,
    passages=PASSAGES,
    quotes=QUOTES,
    dates=DATES,
    terms=None,
) -> Comparison:
    """A Comparison of small hand-made tables, the rest computed as :func:`analyse` does."""
    from analysis.quotes import quoted_words

    ids = list(ids)
    keep = {
        "counts": counts[counts["article_id"].isin(ids)],
        "passages": passages[passages["article_a"].isin(ids) & passages["article_b"].isin(ids)],
        "quotes": quotes[quotes["article_id"].isin(ids)],
        "dates": dates[dates["article_id"].isin(ids)],
    }
    cov = entity_coverage(keep["counts"], WORDS)
    containment = pd.DataFrame(0.0, index=ids, columns=ids)
    for a in ids:
        containment.loc[a, a] = float("nan")
    texts = {a: TEXTS[a] for a in ids}
    return Comparison(
        mentions=pd.DataFrame(),
        coverage=cov,
        status=coverage_status(cov, ids),
        jaccard=jaccard(cov, ids),
        tfidf=tfidf_similarity(texts),
        passages=keep["passages"],
        reuse=pd.DataFrame({"article_id": ids, "tokens": 10, "reuse_share": 0.0}),
        containment=containment,
        positions=pd.DataFrame(),
        quotes=keep["quotes"],
        voices=quoted_words(keep["quotes"]),
        terms=distinctive_terms(texts, drop=frozenset(), min_count=1) if terms is None else terms,
        dates=keep["dates"],
        words={a: WORDS[a] for a in ids},
        ids=ids,
        labels={a: LABELS[a] for a in ids},
        min_tokens=6,
    )


def test_findings_by_hand():
    # Kerry in a, b and c; Geneva in a only; a and b use the same words; the 9-token passage
    # is in three articles (a stock phrase), so the longest in two only is the 7-token quote;
    # Kerry has 7 attributed words, Lavrov 5
    assert findings(make_result()) == (
        "All 3 articles name **1** of the 3 entities (Kerry); **1** are named by one article "
        "only. The most alike pair by vocabulary is 000 and 001 (TF-IDF cosine 1.00). The "
        "longest passage shared by two articles only is **7 tokens** (quote, 000 and 001): "
        "“we are \\*close\\* to a deal”. Kerry is quoted most: 7 words across the corpus."
    )


def test_findings_with_nothing_shared():
    none = make_result(
        counts=COUNTS.iloc[:0], passages=PASSAGES.iloc[:0], quotes=QUOTES.iloc[:0], terms=None
    )
    assert findings(none) == (
        "All 3 articles name **0** of the 0 entities; **0** are named by one article only. "
        "The most alike pair by vocabulary is 000 and 001 (TF-IDF cosine 1.00). "
        "No two articles share a passage of 6 tokens. No quotation could be attributed."
    )


def test_blind_spots_view():
    from analysis.coverage import blind_spots_view

    table = blind_spots_view(make_result())
    assert table.index.name == "article"
    assert table.to_dict("index") == {"000": {"entities": "Geneva", "count": 1}}
    assert blind_spots_view(make_result(ids=("a",))) == Note("Needs at least two articles.")
    shared = make_result(ids=("a", "b"), counts=COUNTS[COUNTS["entity"] != "Geneva"])
    assert blind_spots_view(shared) == Note("Every entity is named by at least two articles.")


def test_note_shows_as_markdown():
    note = Note("**No** quotations.")
    assert note._repr_markdown_() == "**No** quotations."
    assert str(note) == "**No** quotations."


def test_similarity_views_blank_the_diagonal_and_use_labels():
    from analysis.coverage import similarity_views

    views = similarity_views(make_result())
    assert list(views) == ["tfidf_cosine", "entity_jaccard", "reuse_share_a"]
    tfidf = views["tfidf_cosine"]
    assert abs(list(tfidf.index).index("000") - list(tfidf.index).index("001")) == 1  # alike
    assert list(tfidf.columns) == list(tfidf.index)
    assert tfidf.loc["000", "001"] == pytest.approx(1.0)
    assert all(math.isnan(tfidf.loc[x, x]) for x in tfidf.index)
    assert views["entity_jaccard"].loc["000", "001"] == pytest.approx(2 / 3)
    one = similarity_views(make_result(ids=("a",)))
    assert one["tfidf_cosine"].shape == (1, 1) and math.isnan(one["tfidf_cosine"].iloc[0, 0])


def test_passages_view():
    from analysis.coverage import passages_view

    table = passages_view(make_result())
    assert table.index.tolist() == [9, 7]
    assert table["article B"].tolist() == ["002", "001"]
    assert passages_view(make_result(), n=1).index.tolist() == [9]
    assert passages_view(make_result(passages=PASSAGES.iloc[:0])) == Note(
        "No two articles share a passage of 6 tokens or more."
    )
    assert passages_view(make_result(ids=("a",))) == Note("Needs at least two articles.")


def test_attribution_views():
    from analysis.coverage import attribution_views

    counts, heading, shared = attribution_views(make_result())
    assert counts.loc["name"].to_dict() == {"000": 1, "001": 0}
    assert "share word for word" in str(heading)
    # the quote passage a-b: a's side is inside Kerry's quotation, b's inside an unattributed one
    assert shared["speaker"].tolist() == ["Kerry", ""]
    only_prose = PASSAGES.assign(kind="prose")
    assert len(attribution_views(make_result(passages=only_prose))) == 1
    assert attribution_views(make_result(quotes=QUOTES.iloc[:0])) == [
        Note("No direct quotations found.")
    ]


def test_terms_shown_per_article():
    from analysis.coverage import terms_shown

    terms = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "term": ["talks", "truce", "geneva", "rain"],
            "count": [3, 2, 2, 2],
            "z": [1.5, 1.0, 0.5, 2.0],
        }
    )
    shown = terms_shown(make_result(terms=terms), n=2)
    assert shown[["term", "label"]].values.tolist() == [
        ["talks", "000"],
        ["truce", "000"],
        ["rain", "001"],
    ]
    assert terms_shown(make_result(ids=("c",), terms=terms.iloc[:0])).empty


def test_dated_mentions_place_dates_with_a_year():
    from analysis.coverage import dated_mentions

    dated = dated_mentions(make_result())
    assert list(dated.columns) == [
        "article_id",
        "label",
        "zone",
        "text",
        "year",
        "month",
        "day",
        "when",
    ]
    assert dated["text"].tolist() == ["May 8, 2013", "2016"]
    assert dated["when"].tolist() == [pytest.approx(2013 + 127 / 365), 2016.5]  # 8 May: day 128
    assert dated["label"].tolist() == ["000", "001"]
    assert dated_mentions(make_result(dates=DATES.iloc[:0])).empty


def test_dates_and_places_view():
    from analysis.coverage import dates_and_places_view

    table = dates_and_places_view(make_result(), n_places=1)
    assert table.index.tolist() == ["000", "001", "002"]  # corpus order, every article
    assert table.loc["000"].tolist() == ["Tuesday", "Geneva (1)"]  # each date once
    assert table.loc["001"].tolist() == ["", ""]  # 2016 has a year; no place named
    assert table.loc["002", "dates without a year"] == "the coming days"
    assert dates_and_places_view(make_result(ids=("b",), dates=DATES.iloc[:0])).loc[
        "001"
    ].tolist() == ["", ""]


def test_coverage_matrix_and_its_rows():
    from analysis.coverage import coverage_matrix, entity_coverage_rows, shown_entities

    result = make_result()
    assert shown_entities(result, 2) == ["Kerry", "Lavrov"]  # in 3 articles, then in 2
    matrix = coverage_matrix(result, 2)
    assert matrix.index.tolist() == ["Kerry", "Lavrov"]
    assert matrix.columns.tolist() == ["000", "001", "002"]
    assert matrix.loc["Kerry", "000"] == 20.0  # 4 mentions in 200 words
    assert math.isnan(matrix.loc["Lavrov", "002"])  # c does not name Lavrov
    rows = entity_coverage_rows(result, 2)
    assert rows[["entity", "article", "mentions"]].values.tolist() == [
        ["Kerry", "000", 4],
        ["Kerry", "001", 1],
        ["Kerry", "002", 2],
        ["Lavrov", "000", 2],
        ["Lavrov", "001", 3],
    ]


# ---- the figures of notebook 04: titles state the finding, data are the numbers drawn -------


def test_coverage_figures_state_their_findings():
    from analysis import plots

    result = make_result()
    fig, data = plots.coverage_entities(result, 2)
    assert fig.axes[0].get_title() == (
        "1 entities appear in every article (mentions per 1,000 words)"
    )
    assert len(data) == 5
    fig, data = plots.coverage_similarity(result)
    assert fig._suptitle.get_text() == "How alike the articles are"
    assert data.equals(result.similarity())
    fig, data = plots.coverage_quotes(result)
    # 7 + 5 of 18 quoted words have a speaker
    assert fig.axes[0].get_title() == "67% of 18 quoted words are attributed"
    assert "who" not in data and data["label"].tolist() == ["000", "000", "001"]
    fig, data = plots.coverage_timeline(result)
    assert fig.axes[0].get_title() == "Dates mentioned span 2013–2016"
    assert data["text"].tolist() == ["May 8, 2013", "2016"]


def test_coverage_terms_and_passages_figures():
    from analysis import plots
    from analysis.defaults import Z_CRITICAL

    strong = pd.DataFrame(
        {"article_id": ["a", "b"], "term": ["talks", "rain"], "count": [3, 2], "z": [2.5, 1.0]}
    )
    fig, data = plots.coverage_terms(make_result(terms=strong), top_terms=1)
    assert fig._suptitle.get_text() == f"1 term(s) pass z = {Z_CRITICAL}"
    assert data["label"].tolist() == ["000", "001"]
    weak = strong.assign(z=[1.0, 0.5])
    fig, _ = plots.coverage_terms(make_result(terms=weak))
    assert fig._suptitle.get_text() == "No term passes z = 1.96: leanings, not findings"
    fig, _ = plots.coverage_terms(make_result(ids=("a",), terms=strong.iloc[:0]))
    assert fig._suptitle.get_text() == "Distinctive terms need two articles"
    result = make_result()
    positions = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "other": ["b", "a"],
            "first_token": [0, 2],
            "last_token": [6, 8],
            "kind": ["quote", "quote"],
        }
    )
    shares = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "tokens": [10, 20, 5], "reuse_share": [0.7, 0.35, 0.0]}
    )
    import dataclasses

    fig, data = plots.coverage_passages(
        dataclasses.replace(result, positions=positions, reuse=shares)
    )
    assert fig.axes[0].get_title().startswith("Up to 70% of an article's tokens")
    # one row per passage side, and c, which shares nothing, with its tokens
    assert data[["article_id", "first_token", "tokens"]].fillna(-1).values.tolist() == [
        ["a", 0, 10],
        ["b", 2, 20],
        ["c", -1, 5],
    ]
    fig, _ = plots.coverage_passages(
        dataclasses.replace(
            result, positions=positions.iloc[:0], reuse=shares.assign(reuse_share=0.0)
        )
    )
    assert fig.axes[0].get_title() == "No shared passages"


def test_coverage_figures_of_one_article_say_comparisons_need_two():
    import dataclasses

    from analysis import plots

    one = make_result(ids=("a",))
    fig, _ = plots.coverage_similarity(one)
    assert fig._suptitle.get_text() == "Comparisons need two articles"
    fig, _ = plots.coverage_entities(one)
    assert fig.axes[0].get_title() == "Mentions per 1,000 words"
    positions = pd.DataFrame(columns=["article_id", "other", "first_token", "last_token", "kind"])
    fig, _ = plots.coverage_passages(dataclasses.replace(one, positions=positions))
    assert fig.axes[0].get_title() == "Comparisons need two articles"


def test_cli_coverage_takes_the_prior_scale_and_rejects_a_non_positive_one(tmp_path, capsys):
    from analysis import defaults
    from analysis.cli import build_parser, main

    args = build_parser().parse_args(["coverage", "corpus", "--out", "out"])
    assert args.prior_scale == defaults.PRIOR_SCALE
    assert (
        build_parser()
        .parse_args(["coverage", "c", "--out", "o", "--prior-scale", "0.5"])
        .prior_scale
        == 0.5
    )
    assert (
        main(["coverage", str(tmp_path), "--out", str(tmp_path / "out"), "--prior-scale", "0"]) == 2
    )
    assert capsys.readouterr().err == "error: --prior-scale must be positive, got 0.0\n"
    assert not (tmp_path / "out").exists()  # rejected before anything was read or written
