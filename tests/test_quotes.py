"""Quotations and speakers: small texts with hand-placed names, then the seed articles."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import read_corpus
from analysis.quotes import attribute_quotes, find_quotes, quote_table, quoted_words


def article_of(write_corpus, body: str):
    return read_corpus(write_corpus({"a.txt": "Headline\n\n" + body}))["a"]


def people(article, *names: str) -> pd.DataFrame:
    """Canonical PERSON mentions at every occurrence of each name (as the entity pass would)."""
    rows = []
    for name in names:
        start = article.text.find(name)
        while start >= 0:
            rows.append(
                {
                    "start": start,
                    "end": start + len(name),
                    "entity": names[0] if name in ("he", "she") else name.split()[-1],
                    "entity_label": "PERSON",
                }
            )
            start = article.text.find(name, start + 1)
    return pd.DataFrame(rows, columns=["start", "end", "entity", "entity_label"])


def speakers(article, mentions, doc=None):
    rows = attribute_quotes(article, find_quotes(article), mentions, doc)
    return [(r["quote"], r["speaker"], r["attribution"]) for r in rows]


def parsed(article, nlp):
    """The article's Doc as the pipeline makes it (one per article, zones parsed apart)."""
    from analysis.nlp import parse_corpus

    return next(iter(parse_corpus([article], nlp, progress=False)))


def test_curly_and_straight_quotations_with_their_offsets(write_corpus):
    article = article_of(write_corpus, '“We are close,” Kerry said. Lavrov said "not yet".\n')
    quotes = find_quotes(article)
    assert [q.text for q in quotes] == ["We are close,", "not yet"]
    assert all(article.text[q.start : q.end] == q.text and q.closed for q in quotes)


def test_a_quotation_over_two_paragraphs_is_one(write_corpus):
    # newswire style: no closing mark at the end of the first paragraph, an opening one after
    article = article_of(
        write_corpus, "John Kerry said: “We came to talk.\n“We leave with a plan,” he added.\n"
    )
    quotes = find_quotes(article)
    assert len(quotes) == 1
    assert quotes[0].text == "We came to talk.\n“We leave with a plan,"
    assert quotes[0].closed
    # "he added" after the closing mark wins over "Kerry said:" before the opening one
    assert speakers(article, people(article, "John Kerry")) == [
        ("We came to talk.\n“We leave with a plan,", "Kerry", "pronoun")
    ]


def test_an_unclosed_quotation_ends_with_its_paragraph(write_corpus):
    article = article_of(write_corpus, "Lavrov said: “This never closes.\nThe talks went on.\n")
    (quote,) = find_quotes(article)
    assert quote.text == "This never closes." and not quote.closed
    assert speakers(article, people(article, "Lavrov")) == [
        ("This never closes.", "Lavrov", "name")
    ]


def test_a_quotation_with_no_speaker_stays_unattributed(write_corpus):
    article = article_of(
        write_corpus, "Kerry arrived on Friday.\n“We are close.” The talks went on.\n"
    )
    assert speakers(article, people(article, "Kerry")) == [("We are close.", "", "none")]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("“We are close,” said Kerry.\n", ("Kerry", "name")),
        ("“We are close,” Kerry said.\n", ("Kerry", "name")),
        ("“We are close,” according to Kerry.\n", ("Kerry", "name")),
        ("Kerry told reporters: “We are close.”\n", ("Kerry", "name")),
        ("Kerry said the sides were “close to a deal” on Friday.\n", ("Kerry", "name")),
        ("John Kerry arrived.\n“We are close,” he said.\n", ("Kerry", "pronoun")),
        ("John Kerry arrived.\nHe also said the talks were “close”.\n", ("Kerry", "pronoun")),
        # an adverb, or an apposition, between the speaker and the verb
        ("“We are close,” Kerry also said.\n", ("Kerry", "name")),
        ("“We are close,” Kerry, the envoy of the mayor, said.\n", ("Kerry", "name")),
        ("Kerry, who came late, told the room: “We are close.”\n", ("Kerry", "name")),
        ("According to Kerry, “the talks are close.”\n", ("Kerry", "name")),
        ("“We are close,” Kerry wrote on Twitter.\n", ("Kerry", "name")),
        # a description nobody named earlier fits is not resolved, nor mistaken for the entity
        # inside it
        ("“We are close,” the Russian minister said.\n", ("", "description, unresolved")),
        (
            "The U.S. Secretary of State said the talks were “close”.\n",
            ("", "description, unresolved"),
        ),
        (
            "“We are close,” said the Russian minister to the reporters.\n",
            ("", "description, unresolved"),
        ),
        # a possessive names someone else: the spokesman speaks, not Kerry
        ("“We are close,” said Kerry’s spokesman.\n", ("", "description, unresolved")),
        # a one-word name never written in full may be no person: he/she is not resolved to it
        ("Kerry arrived.\n“We are close,” he said.\n", ("", "pronoun, unresolved")),
    ],
)
def test_reporting_patterns(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, how),) = speakers(article, people(article, "John Kerry", "Kerry"))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # a name the entity pass did not find counts if the parser calls it a proper noun
        ("“There is no agreement,” Cook said.\n", ("Cook", "name, not an entity")),
        (
            "Talks resumed in Geneva.\nBut Cook said: “We are close.”\n",
            ("Cook", "name, not an entity"),
        ),
        # after the verb, a title before the name ("said Kerry’s spokesman John Kirby"): the
        # spokesman speaks, not Kerry
        (
            "“We are close,” said Kerry’s spokesman John Kirby.\n",
            ("John Kirby", "name, not an entity"),
        ),
        # a capitalized common noun is nobody
        ("“We are close,” Officials said.\n", ("", "not a name")),
        # a full stop and a capital: another sentence, not an attribution of the quotation
        ("“We are close.” Officials said the talks would go on.\n", ("", "none")),
        ("“We are close,” Diplomats said.\n", ("", "not a name")),
    ],
)
def test_names_the_entity_pass_missed(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, how),) = speakers(article, people(article, "Kerry"), parsed(article, nlp))
    assert (speaker, how) == expected


def test_the_reporting_clause_next_to_the_quotation_wins(write_corpus):
    article = article_of(write_corpus, "“We are close,” Kerry said, and Lavrov added: “Not yet.”\n")
    mentions = pd.concat([people(article, "Kerry"), people(article, "Lavrov")])
    assert speakers(article, mentions) == [
        ("We are close,", "Kerry", "name"),
        ("Not yet.", "Lavrov", "name"),
    ]


def test_a_neighbour_attributed_to_a_description_passes_on_no_name(write_corpus):
    article = article_of(
        write_corpus, "“A,” Kerry said. “Not yet,” the Russian minister said. “Maybe next week.”\n"
    )
    assert speakers(article, people(article, "Kerry")) == [
        ("A,", "Kerry", "name"),
        ("Not yet,", "", "description, unresolved"),
        ("Maybe next week.", "", "none"),
    ]  # its nearest neighbour's speaker is unknown


def test_inch_marks_and_nested_quotation_marks(write_corpus):
    article = article_of(
        write_corpus,
        'The 55" screen cost $500. "It is cheap," he said.\n“He told me “no” twice,” Kerry said.\n',
    )
    assert [q.text for q in find_quotes(article)] == ["It is cheap,", "He told me “no” twice,"]


def test_he_skips_names_inside_quotations(write_corpus):
    article = article_of(write_corpus, "John Kerry arrived.\n“I met Lavrov today,” he said.\n")
    mentions = pd.concat([people(article, "John Kerry"), people(article, "Lavrov")])
    assert speakers(article, mentions) == [("I met Lavrov today,", "Kerry", "pronoun")]


def test_a_second_quotation_in_the_paragraph_takes_the_first_ones_speaker(write_corpus):
    article = article_of(
        write_corpus, "“We are close,” Kerry said. “Very close.”\n“Not yet.” The talks went on.\n"
    )
    assert speakers(article, people(article, "Kerry")) == [
        ("We are close,", "Kerry", "name"),
        ("Very close.", "Kerry", "same paragraph"),
        ("Not yet.", "", "none"),
    ]  # another paragraph: no speaker


def test_quoted_words_pool_the_unattributed():
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "speaker": ["Kerry", "", "Kerry", ""],
            "speaker_label": ["PERSON", "", "PERSON", ""],
            "words": [3, 4, 5, 2],
            "quote": ["x", "y", "z", "w"],
        }
    )
    table = quoted_words(quotes)
    assert table[["article_id", "speaker", "quotes", "words"]].values.tolist() == [
        ["a", "Kerry", 2, 8],
        ["a", "(unattributed)", 1, 4],
        ["b", "(unattributed)", 1, 2],
    ]


@pytest.fixture(scope="module")
def seed_quotes(seed_corpus, seed_docs):
    from conftest import PROJECT

    from analysis.entities import canonical_mentions, story_aliases

    # the entity pass the pipeline runs: the general table and the seed folder's own aliases
    aliases = story_aliases(seed_corpus, PROJECT / "data" / "aliases.yaml")
    mentions, _ = canonical_mentions(seed_corpus, seed_docs, aliases=aliases)
    return quote_table(seed_corpus, mentions, docs=seed_docs)


def test_seed_quotations_read_by_hand(seed_quotes):
    by_text = {
        (a[:3], t): (s, how)
        for a, t, s, how in seed_quotes[["article_id", "quote", "speaker", "attribution"]].values
    }
    # 003: “There is no agreement at this time”, Cook said on Friday.
    assert by_text[("003", "There is no agreement at this time")] == ("Cook", "name")
    # 002: Lavrov said the two countries agreed ... Rather, he said, ... in which “Syrians ...”
    assert by_text[("002", "Syrians will be making decisions for the future of Syria")] == (
        "Sergei Lavrov",
        "pronoun",
    )
    # 004: Referring to Daraya, Lavrov said: “This is an example ...”
    assert by_text[("004", "This is an example I think will get some following")] == (
        "Sergei Lavrov",
        "name",
    )
    # 000: “... of opposition,” said the Russian minister to the reporters — no title in 000
    # fits (Lavrov is only "the Russian counterpart" there), but 003 and 004 write "Russian
    # Foreign Minister Sergei Lavrov": the folder's titles resolve it
    described = seed_quotes[seed_quotes["quote"].str.startswith("The political process will be")]
    assert described[["speaker", "attribution", "speaker_as_written"]].values.tolist() == [
        ["Sergei Lavrov", "description", "the Russian minister"]
    ]
    # 001: The U.S. Secretary of State said the failure ... would push Syria to “chaos” —
    # Kerry, introduced as "U.S. Secretary of State John Kerry"
    chaos = seed_quotes[(seed_quotes["quote"] == "chaos")]
    assert chaos[["speaker", "attribution", "speaker_as_written"]].values.tolist() == [
        ["John Kerry", "description", "The U.S. Secretary of State"]
    ]
    # the quotation 003 and 004 share has no speaker next to it in either article
    shared = seed_quotes[seed_quotes["quote"].str.startswith("Until we have, neither of us")]
    assert shared["article_id"].str[:3].tolist() == ["003", "004"]
    assert shared["speaker"].tolist() == ["", ""]


def test_seed_quote_counts(seed_quotes):
    # every seed quotes with curly marks only, all paired: “ and ” counted in each file
    # (5/5, 11/11, 10/10, 7/7, 10/10), none in boilerplate
    counts = seed_quotes.groupby(seed_quotes["article_id"].str[:3]).size().to_dict()
    assert counts == {"000": 5, "001": 11, "002": 10, "003": 7, "004": 10}
    assert seed_quotes["closed"].all()


def test_attribution_against_the_hand_annotation(seed_quotes):
    """data/annotations/gold_quotes.csv: every quotation of the five seeds with the speaker a
    reader gives it from the article alone (7 marked unclear). Measured 2026-11-23: all 43
    found; 25 attributed, 25 right; 10 of the 35 with a speaker missed (descriptions such as
    "the minister", "noted"/"described" after a clause)."""
    from conftest import PROJECT

    from analysis.quotes import evaluate_attribution

    gold = pd.read_csv(PROJECT / "data" / "annotations" / "gold_quotes.csv", keep_default_na=False)
    assert len(gold) == 43
    result = evaluate_attribution(seed_quotes, gold)
    assert result["found"] == 43
    assert result["precision"] == 1.0  # no wrong speaker: precision over recall
    assert result["recall"] >= 25 / 35


def test_evaluate_attribution_counts_a_wrong_and_a_missing_speaker():
    from analysis.quotes import evaluate_attribution

    gold = pd.DataFrame(
        {
            "article_id": ["a"] * 4,
            "start": [0, 10, 20, 30],
            "end": [5, 15, 25, 35],
            "speaker": ["Kerry", "Lavrov", "", "Putin"],
            "clear": ["yes", "yes", "yes", "no"],
        }
    )
    predicted = pd.DataFrame(
        {
            "article_id": ["a"] * 3,
            "start": [0, 10, 20],
            "end": [5, 15, 25],
            "speaker": ["Kerry", "Kerry", "Lavrov"],
        }
    )
    result = evaluate_attribution(predicted, gold)
    # 3 clear; attributed 3, right 1 (Kerry); "" wrongly given Lavrov; Putin's quote not found
    assert (result["found"], result["attributed"], result["correct"]) == (3, 3, 1)
    assert result["precision"] == pytest.approx(1 / 3)
    assert result["recall"] == pytest.approx(1 / 2)


def test_shared_quote_speakers_pairs_each_side_with_its_quotation():
    from analysis.quotes import shared_quote_speakers

    passages = pd.DataFrame(
        {
            "article_a": ["a", "a"],
            "article_b": ["b", "b"],
            "n_tokens": [7, 6],
            "kind": ["quote in one", "prose"],
            "start_a": [10, 50],
            "start_b": [3, 90],
            "text_a": ["we are close", "x"],
            "text_b": ["We are close", "y"],
        }
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "start": [8, 0],
            "end": [30, 40],
            "speaker": ["Kerry", ""],
            "attribution": ["name", "none"],
        }
    )
    table = shared_quote_speakers(passages, quotes)
    # the prose passage is left out; each side of the quoted one gets its own speaker
    assert table[["article_id", "speaker", "attribution", "passage"]].values.tolist() == [
        ["a", "Kerry", "name", "we are close"],
        ["b", "", "none", "We are close"],
    ]


VOICES = pd.DataFrame(
    {
        "article_id": ["a", "a", "a", "b", "b", "b"],
        "speaker": ["Kerry", "Lavrov", "(unattributed)", "Lavrov", "Assad", "Obama"],
        "speaker_label": ["PERSON"] * 2 + [""] + ["PERSON"] * 3,
        "quotes": [2, 1, 3, 1, 1, 1],
        "words": [30, 10, 99, 20, 5, 5],
    }
)


def test_top_speakers_by_words_across_articles_ties_alphabetical():
    from analysis.quotes import top_speakers

    # Lavrov 10 + 20 = 30 ties with Kerry's 30; Assad and Obama tie at 5; the pool is no speaker
    assert top_speakers(VOICES, 6) == ["Kerry", "Lavrov", "Assad", "Obama"]
    assert top_speakers(VOICES, 2) == ["Kerry", "Lavrov"]
    assert top_speakers(VOICES.iloc[:0], 6) == []


def test_speaker_groups_pool_the_rest_as_others():
    from analysis.quotes import speaker_groups

    table = speaker_groups(VOICES, {"a": "000", "b": "001"}, n=2)
    assert table["who"].tolist() == [
        "Kerry",
        "Lavrov",
        "(unattributed)",
        "Lavrov",
        "others",
        "others",
    ]
    assert table["label"].tolist() == ["000"] * 3 + ["001"] * 3
    assert table["words"].tolist() == VOICES["words"].tolist()  # nothing summed away
    assert speaker_groups(VOICES.iloc[:0], {}).empty


QUOTES = pd.DataFrame(
    {
        "article_id": ["a", "a", "a", "b"],
        "start": [8, 60, 100, 0],
        "end": [30, 80, 120, 40],
        "words": [4, 3, 2, 6],
        "speaker": ["Kerry", "", "Kerry", ""],
        "attribution": ["name", "none", "same paragraph", "none"],
    }
)


def test_attribution_counts_quotations_per_rule_and_article():
    from analysis.quotes import attribution_counts

    table = attribution_counts(QUOTES, {"a": "000", "b": "001"})
    assert list(table.columns) == ["000", "001"]
    assert table.to_dict("index") == {
        "name": {"000": 1, "001": 0},
        "none": {"000": 1, "001": 1},
        "same paragraph": {"000": 1, "001": 0},
    }
    # one article: one column
    only_a = attribution_counts(QUOTES[QUOTES["article_id"] == "a"], {"a": "000"})
    assert list(only_a.columns) == ["000"]


def test_shared_quote_view_names_articles_by_label():
    from analysis.quotes import shared_quote_view

    passages = pd.DataFrame(
        {
            "article_a": ["a"],
            "article_b": ["b"],
            "n_tokens": [7],
            "kind": ["quote"],
            "start_a": [10],
            "start_b": [3],
            "text_a": ["we are close"],
            "text_b": ["We are close"],
        }
    )
    table = shared_quote_view(passages, QUOTES, {"a": "000", "b": "001"})
    assert table.index.tolist() == ["000", "001"]
    assert table.index.name == "article"
    assert table[["n_tokens", "speaker", "passage"]].values.tolist() == [
        [7, "Kerry", "we are close"],
        [7, "", "We are close"],
    ]
    assert shared_quote_view(passages.iloc[:0], QUOTES, {}).empty


# ---- the scoring rule of benchmarks/eval_quotes.py -------------------------------------------


@pytest.mark.parametrize(
    "speaker, as_written, gold, kind, right",
    [
        ("", "", "Ann_Lee", "person", False),  # unattributed is never right
        ("Ann Lee", "Lee", "Ann_Lee", "person", True),
        ("Lee", "Ms. Lee", "Annie_Lee", "person", True),  # same surname, other first name
        ("Ann Lee's", "", "Ann_Lee", "person", True),  # possessive
        ("Bob Lee Jr.", "", "Bob_Lee", "person", True),  # suffix
        ("José Núñez", "", "Jose_Nunez", "person", True),  # accents
        ("Jim O'Hara", "", "Jim O’Hara", "person", True),  # either apostrophe
        ("Ann Leeds", "", "Ann_Lee", "person", False),
        ("Lee campaign", "", "Ann_Lee", "person", False),  # another word last: not the person
        ("Republicans", "Senate Republicans", "Senate_Republicans", "group", True),
        ("Tom Hall", "Democratic lawmakers", "Democratic_Lawmakers", "group", True),
        ("Ann Lee", "Ann Lee", "Lee_campaign", "group", False),
        ("", "the campaign", "Lee_campaign", "group", False),  # unattributed
        ("Save Our Park", "", "Save_Our_Park", "organization", True),
        ("Our Park", "", "Save_Our_Park", "organization", False),
    ],
)
def test_same_speaker(speaker, as_written, gold, kind, right):
    from analysis.quotes import same_speaker

    assert same_speaker(speaker, as_written, gold, kind) is right


def test_same_speaker_refuses_an_unknown_kind():
    from analysis.quotes import same_speaker

    with pytest.raises(ValueError, match="expected person, group or organization"):
        same_speaker("Ann Lee", "", "Ann_Lee", "people")


def test_evaluate_phrases_matches_the_quotation_holding_most_of_each_phrase():
    from analysis.quotes import evaluate_phrases, phrase_scores

    found = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "quote_id": ["a#q1", "a#q2", "a#q3", "b#q1"],
            "start": [10, 40, 80, 0],
            "end": [30, 60, 90, 50],
            "speaker": ["Ann Lee", "", "Bob Day", "Ann Lee"],
            "speaker_label": ["PERSON", "", "PERSON", "PERSON"],
            "speaker_as_written": ["Lee", "the mayor", "Day", "she"],
            "attribution": ["name", "description", "name", "pronoun"],
        }
    )
    phrases = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b", "c"],
            "start": [12, 25, 45, 84, 0, 0],
            "end": [20, 45, 50, 100, 10, 10],
            "speaker": ["Ann_Lee", "Ann_Lee", "Ann_Lee", "Ann_Lee", "other_anti", "Ann_Lee"],
            "kind": ["person", "person", "person", "person", "other", "person"],
        }
    )
    scored = evaluate_phrases(found, phrases)
    # 12-20 inside q1: right; 25-45 has a quarter in q1 (5 of 20) and in q2: not found;
    # 45-50 in q2, which has no speaker; 84-100: 6 of 16 in q3, under half: not found;
    # b's phrase names nobody: found only; article c has no quotation
    assert scored["quote_id"].tolist() == ["a#q1", "", "a#q2", "", "b#q1", ""]
    assert scored["outcome"].tolist() == [
        "right",
        "not found",
        "unattributed",
        "not found",
        "found",
        "not found",
    ]
    named = phrase_scores(scored[scored["kind"] != "other"])
    assert (named["phrases"], named["found"], named["right"], named["unattributed"]) == (5, 2, 1, 1)
    assert named["accuracy"] == pytest.approx(1 / 2)
    assert named["precision"] == pytest.approx(1.0)
    assert phrase_scores(scored)["share_found"] == pytest.approx(3 / 6)


def test_evaluate_phrases_counts_a_wrong_speaker():
    from analysis.quotes import evaluate_phrases, phrase_scores

    found = pd.DataFrame(
        {
            "article_id": ["a"],
            "quote_id": ["a#q1"],
            "start": [0],
            "end": [10],
            "speaker": ["Bob Day"],
            "speaker_label": ["PERSON"],
            "speaker_as_written": ["Day"],
            "attribution": ["name"],
        }
    )
    phrases = pd.DataFrame(
        {"article_id": ["a"], "start": [0], "end": [10], "speaker": ["Ann_Lee"], "kind": ["person"]}
    )
    scored = evaluate_phrases(found, phrases)
    assert scored["outcome"].tolist() == ["wrong"]
    scores = phrase_scores(scored)
    assert (scores["wrong"], scores["accuracy"], scores["precision"]) == (1, 0.0, 0.0)
