"""Entity coverage, similarity, distinctive terms and dates: hand-checked small cases, then the
seed corpus."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.corpus import read_corpus
from analysis.coverage import (
    compare,
    coverage_status,
    date_mentions,
    decimal_year,
    distinctive_terms,
    entity_coverage,
    jaccard,
    parse_date,
    similarity_order,
    similarity_table,
    tfidf_similarity,
)

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


def test_compare_on_the_seeds(seed_corpus, seed_docs):
    from conftest import PROJECT

    from analysis.entities import load_aliases

    result = compare(
        seed_corpus, seed_docs, aliases=load_aliases(PROJECT / "data" / "aliases.yaml")
    )
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


def test_compare_on_one_article_gives_empty_comparisons(write_corpus, nlp):
    from analysis.nlp import parse_corpus

    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Kerry meets Lavrov\n\n“We are close,” Kerry "
                "said in Geneva on May 8, 2013.\n"
            }
        )
    )
    result = compare(corpus, list(parse_corpus(corpus, nlp, progress=False)))
    assert result.similarity().empty
    assert result.passages.empty
    assert result.terms.empty
    assert result.reuse["tokens_shared"].tolist() == [0]
    assert result.quotes["quote"].tolist() == ["We are close,"]
