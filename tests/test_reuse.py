"""Shared passages: greedy string tiling on small texts, then the facts of the seed corpus."""

from __future__ import annotations

import pytest

from analysis.corpus import read_corpus
from analysis.reuse import (
    pair_containment,
    passage_positions,
    reuse_share,
    shared_passages,
    tile,
    token_stream,
)


def test_tile_finds_the_longest_run_first_and_uses_no_token_twice():
    a = "x the talks will resume in geneva next week y the talks will resume".split()
    b = "the talks will resume in geneva next week z the talks will resume".split()
    # the 8-token run is taken first; the second "the talks will resume" (4 tokens) is too short
    assert tile(a, b, min_tokens=4) == [(1, 0, 8), (10, 9, 4)]
    assert tile(a, b, min_tokens=6) == [(1, 0, 8)]


def test_tile_takes_the_remainder_of_a_cut_run_before_shorter_runs():
    a = list("bbabbaaabbabbaaaaaaaababaaababaaabbb")
    b = list("aabbabababaaabbbaaaababaaabaabababaaab")
    # the 12-run is taken first; it cuts a longer run whose free 7 tokens beat a 6-run
    assert tile(a, b, 6) == [(17, 16, 12), (29, 9, 7), (6, 0, 6)]


def _reference_tiling(a, b, min_tokens):
    """Greedy string tiling by its definition: repeatedly the longest run free in both."""
    marked_a, marked_b, tiles = [False] * len(a), [False] * len(b), []
    while True:
        best = (0, 0, 0)
        for i in range(len(a)):
            for j in range(len(b)):
                k = 0
                while (
                    i + k < len(a)
                    and j + k < len(b)
                    and a[i + k] == b[j + k]
                    and not marked_a[i + k]
                    and not marked_b[j + k]
                ):
                    k += 1
                if k > best[0]:
                    best = (k, i, j)
        k, i, j = best
        if k < min_tokens:
            return tiles
        marked_a[i : i + k], marked_b[j : j + k] = [True] * k, [True] * k
        tiles.append((i, j, k))


def test_tile_agrees_with_the_definition_on_random_texts():
    import random

    rng = random.Random(7)
    for _ in range(300):
        a = [rng.choice("ab") for _ in range(rng.randint(10, 40))]
        b = [rng.choice("ab") for _ in range(rng.randint(10, 40))]
        assert tile(a, b, 5) == _reference_tiling(a, b, 5), ("".join(a), "".join(b))


def test_tile_never_matches_a_boundary():
    a = ["one", "two", "three", None, "four", "five", "six"]
    b = ["one", "two", "three", None, "four", "five", "six"]
    assert tile(a, b, min_tokens=4) == []
    assert tile(a, b, min_tokens=3) == [(0, 0, 3), (4, 4, 3)]


def test_tile_rejects_a_minimum_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        tile(["a"], ["a"], min_tokens=0)


def corpus_of(write_corpus, texts: dict[str, str]):
    return read_corpus(write_corpus(texts))


def test_a_passage_crosses_a_sentence_boundary_and_ignores_case_and_punctuation(write_corpus):
    corpus = corpus_of(
        write_corpus,
        {
            "a.txt": "Headline A\n\nNegotiators said the talks failed. Both sides will meet again "
            "soon, officials added.\n",
            "b.txt": "Headline B\n\nIn Vienna THE TALKS FAILED; both sides will meet again "
            "in March.\n",
        },
    )
    passages = shared_passages(corpus, min_tokens=6)
    assert len(passages) == 1
    row = passages.iloc[0]
    assert row["n_tokens"] == 8  # the talks failed both sides will meet again
    assert row["text_a"] == "the talks failed. Both sides will meet again"
    assert row["text_b"] == "THE TALKS FAILED; both sides will meet again"
    text_a = corpus["a"].text
    assert text_a[row["start_a"] : row["end_a"]] == row["text_a"]
    assert row["kind"] == "prose" and row["n_articles"] == 2
    assert row["passage"] == "the talks failed both sides will meet again"


def test_dotted_and_undotted_abbreviations_match(write_corpus):
    corpus = corpus_of(
        write_corpus,
        {
            "a.txt": "H\n\nThe U.S. Secretary of State John Kerry arrived.\n",
            "b.txt": "H\n\nUS Secretary of State John Kerry left early.\n",
        },
    )
    passages = shared_passages(corpus, min_tokens=6)
    assert passages["text_a"].tolist() == ["U.S. Secretary of State John Kerry"]


def test_unrelated_articles_share_nothing(write_corpus):
    corpus = corpus_of(
        write_corpus,
        {
            "weather.txt": "Rain moves in from the west\n\n"
            "A band of rain will move in from the west "
            "on Tuesday, and it will be one of the wettest days of the year so far. "
            "By the evening the rain will have cleared to the east, and it will "
            "turn colder overnight, with a touch of frost in the north.\n",
            "football.txt": "City win at the death\n\nCity scored in the last minute of the game "
            "to win the derby, and it was one of the best goals of the season so "
            "far. The manager said that the team had played well in the second "
            "half and that it will be a long week for the fans of the other side.\n",
        },
    )
    assert shared_passages(corpus, min_tokens=6).empty
    # what they do share is three-token glue: "one of the", "it will be"
    assert shared_passages(corpus, min_tokens=4).empty
    short = shared_passages(corpus, min_tokens=3)
    assert sorted(short["text_a"].str.lower()) == ["it will be", "one of the"]


def test_passages_stop_at_quotation_marks_and_know_a_quote(write_corpus):
    corpus = corpus_of(
        write_corpus,
        {
            "a.txt": "H\n\n“We will not rush to an agreement until it is right”. Then he left.\n",
            "b.txt": "H\n\nKerry said: “We will not rush to an agreement until it is right”. Then "
            "he left.\n",
        },
    )
    spans = {a.article_id: [(a.text.index("“") + 1, a.text.index("”"))] for a in corpus}
    passages = shared_passages(corpus, min_tokens=3, quote_spans=spans)
    # the quotation and "Then he left" are two passages: the closing mark splits them
    assert passages[["n_tokens", "kind"]].values.tolist() == [[11, "quote"], [3, "prose"]]
    no_spans = shared_passages(corpus, min_tokens=3)
    assert no_spans["kind"].tolist() == ["prose", "prose"]


def test_no_passage_runs_from_a_caption_into_the_body(write_corpus):
    stream = token_stream(
        read_corpus(
            write_corpus(
                {
                    "a.txt": "Headline\nKerry and Lavrov shake hands in Geneva. | AP\n"
                    "Talks went on.\n",
                }
            )
        )["a"]
    )
    words = stream.words
    assert words[words.index("talks") - 1] is None  # caption → body
    assert words[words.index("kerry") - 1] is None  # headline → caption
    assert words.count(None) == 2 and stream.size == len(words) - 2


def test_reuse_share_counts_each_token_once(write_corpus):
    corpus = corpus_of(
        write_corpus,
        {
            "a.txt": "H\n\none two three four five six seven eight nine ten\n",
            "b.txt": "H\n\none two three four five six x\n",
            "c.txt": "H\n\nfour five six seven eight nine y\n",
        },
    )
    passages = shared_passages(corpus, min_tokens=6)
    share = reuse_share(corpus, passages).set_index("article_id")
    # a: tokens h + 10; shared one..six with b and four..nine with c -> one..nine = 9 of 11
    assert share.loc["a", "tokens"] == 11
    assert share.loc["a", "tokens_shared"] == 9
    assert share.loc["b", "tokens_shared"] == 6
    containment = pair_containment(corpus, passages)
    assert containment.loc["b", "a"] == pytest.approx(6 / 8)
    assert containment.loc["b", "c"] == 0
    positions = passage_positions(corpus, passages)
    in_a = positions[positions["article_id"] == "a"]
    assert in_a[["first_token", "last_token"]].values.tolist() == [[1, 6], [4, 9]]


def test_seed_articles_003_and_004_share_the_17_word_quotation(seed_corpus):
    passages = shared_passages(
        seed_corpus, min_tokens=6, quote_spans={a.article_id: _quote_spans(a) for a in seed_corpus}
    )
    pair = passages[
        (passages["article_a"] == "003_732f6ac769fbedc7")
        & (passages["article_b"] == "004_8c358ccf751265ad")
    ]
    longest = pair.sort_values("n_tokens").iloc[-1]
    # read in both articles: “Until we have, neither of us are prepared to make an announcement
    # that is predicated for failure”.
    assert longest["n_tokens"] == 17 and longest["kind"] == "quote"
    assert (
        longest["text_a"]
        == longest["text_b"]
        == (
            "Until we have, neither of us are prepared to make an announcement that is predicated "
            "for failure"
        )
    )
    # the two also share wire copy: "planning/continue to meet in Geneva in the coming days to"
    assert "to meet in Geneva in the coming days to" in set(pair["text_a"])
    # 002 (a different meeting, December 2015) shares no passage with any other seed
    assert not (passages[["article_a", "article_b"]] == "002_6576ef386a19e029").any().any()
    # the job title is everywhere: a stock phrase, in 4 of the 5 articles
    title = passages[passages["text_a"].str.lower() == "u.s. secretary of state john kerry"]
    assert set(title["n_articles"]) == {4}


def _quote_spans(article):
    from analysis.quotes import find_quotes, quoted_spans

    return quoted_spans(find_quotes(article))


def test_passage_table_longest_first_then_fewest_articles():
    import pandas as pd

    from analysis.reuse import passage_table

    passages = pd.DataFrame(
        {
            "article_a": ["a", "a", "b"],
            "article_b": ["b", "c", "c"],
            "n_tokens": [6, 9, 6],
            "kind": ["prose", "quote", "prose"],
            "n_articles": [3, 2, 2],
            "start_a": [0, 40, 5],
            "end_a": [30, 90, 35],
            "start_b": [12, 7, 0],
            "end_b": [42, 57, 30],
            "text_a": ["U.S. Secretary of State John Kerry", "we are close", "in the coming days"],
        }
    )
    table = passage_table(passages, {"a": "000", "b": "001", "c": "002"}, n=2)
    assert table.index.name == "tokens"
    assert table.index.tolist() == [9, 6]  # the 6-token run in 3 articles is cut by n
    assert table.iloc[0].tolist() == ["quote", 2, "000", "40–90", "002", "7–57", "we are close"]
    assert table.iloc[1]["passage (as in A)"] == "in the coming days"
    assert list(table.columns) == [
        "kind",
        "in articles",
        "article A",
        "where in A",
        "article B",
        "where in B",
        "passage (as in A)",
    ]
    assert passage_table(passages.iloc[:0], {}, n=20).empty
