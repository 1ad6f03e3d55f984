"""Entities: canonicalization rules one by one, the alias file, mentions from parsed text."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import PROJECT

from analysis import entities as E
from analysis.corpus import read_corpus
from analysis.nlp import parse_corpus

ALIASES = PROJECT / "data" / "aliases.yaml"  # the general table, the default
STORY_ALIASES = PROJECT / "data" / "articles" / "aliases.yaml"  # the seed story's own names
# what the seed build uses: the general table extended by the seed folder's aliases.yaml
SEED_ALIASES = E.load_aliases(ALIASES).extended(E.load_aliases(STORY_ALIASES))


def mentions(*rows) -> pd.DataFrame:
    """Mentions from (article_id, surface, label) triples."""
    return pd.DataFrame(
        [
            {
                "article_id": a,
                "start": i,
                "end": i + len(s),
                "surface": s,
                "label": lab,
                "zone": "body",
                "source": "model",
                "sentence": "",
            }
            for i, (a, s, lab) in enumerate(rows)
        ],
        columns=["article_id", "start", "end", "surface", "label", "zone", "source", "sentence"],
    )


# ---- 1. normalization ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surface, key",
    [
        ("Mr Kerry", "kerry"),
        ("Mr. Kerry", "kerry"),
        ("the United States", "united states"),
        ("The united  states", "united states"),
        ("Russia’s", "russia"),
        ("Al-Qaeda’s", "al-qaeda"),
        ("Foreign Minister Sergei Lavrov", "sergei lavrov"),
        ("U.S. Secretary of State John Kerry", "u.s. secretary of state john kerry"),  # not a title
        ("Secretary of State John Kerry", "john kerry"),
        ("the Nusra Front-", "nusra front"),
        ("U.S.", "u.s."),
    ],
)
def test_normalize(surface, key):
    assert E.normalize(surface) == key


@pytest.mark.parametrize(
    "surface, person, key",
    [
        ("", True, ""),
        ("Bruce M. Steinberg", True, "bruce steinberg"),  # middle initial
        ("Rabbi Ezra Quint", True, "ezra quint"),  # religious title
        ("Lt. Gen. Ida Vole", True, "ida vole"),  # military titles, stacked
        ("Senate Majority Leader Ann Vole", True, "ann vole"),
        ("Carl T. Quint Jr.", True, "carl quint"),
        ("Quint’s", True, "quint"),
        ("Sen. Quint", False, "quint"),  # abbreviated: a title whatever the label
        ("Dr Ada Vole", False, "ada vole"),  # honorific: likewise
        ("General Motors", False, "general motors"),  # full word: only for people
        ("Justice Department", False, "justice department"),
        ("World War II", False, "world war ii"),  # a suffix only ends a person's name
        ("a Green Party", False, "green party"),
        ("President", True, "president"),  # nothing would remain: kept
        ("The Vole Post", False, "vole post"),
    ],
)
def test_mention_key(surface, person, key):
    assert E.mention_key(surface, person) == key


@pytest.mark.parametrize(
    "headline, title_case",
    [
        ("", False),
        ("Kerry meets Lavrov in Geneva", False),  # sentence case
        ("Vole Resigns After Vote on the Harbour Plan", True),
        ("Two Farm States Sue Their Neighbour Over Water", True),
        ("Vole Speaks", False),  # two major words say nothing either way
        ("PARLIAMENT VOTES ON BUDGET TODAY", True),
    ],
)
def test_is_title_case(headline, title_case):
    assert E.is_title_case(headline) is title_case


# ---- 2. partial names within an article ---------------------------------------------------------


def test_surname_links_to_the_unique_full_name_in_the_same_article_then_in_the_corpus():
    out = E.canonicalize(
        mentions(
            ("a", "John Kerry", "PERSON"),
            ("a", "Kerry", "PERSON"),
            ("a", "Mr Kerry", "PERSON"),
            ("b", "Kerry", "PERSON"),  # another article: the one full name the corpus has
        )
    )
    assert out["entity"].tolist() == ["John Kerry"] * 4
    assert out["rule"].tolist() == ["normalized", "partial", "partial", "surname"]


def test_ambiguous_surname_is_left_alone_and_the_refusal_recorded():
    out = E.canonicalize(
        mentions(
            ("a", "John Kerry", "PERSON"), ("a", "Teresa Kerry", "PERSON"), ("a", "Kerry", "PERSON")
        )
    )
    assert out["entity"].tolist() == ["John Kerry", "Teresa Kerry", "Kerry"]
    assert out["rule"].tolist()[2] == "ambiguous"
    assert out["note"].tolist() == ["", "", "could be: John Kerry; Teresa Kerry"]


def test_an_ambiguous_surname_takes_the_full_name_its_own_article_has():
    out = E.canonicalize(
        mentions(
            ("a", "Ann Vole", "PERSON"),
            ("a", "Vole", "PERSON"),
            ("b", "Bob Vole", "PERSON"),
            ("c", "Vole", "PERSON"),  # two fit, none in its article: refused
        )
    )
    assert out["entity"].tolist() == ["Ann Vole", "Ann Vole", "Bob Vole", "Vole"]
    assert out["rule"].tolist() == ["normalized", "partial", "normalized", "ambiguous"]


def test_a_first_name_links_to_the_one_person_its_article_names_in_full():
    out = E.canonicalize(
        mentions(
            ("a", "Dale Ford", "PERSON"),
            ("a", "Dale", "PERSON"),
            ("a", "Liu Xiaming", "PERSON"),
            ("a", "Liu", "PERSON"),  # a family name written first
            ("b", "Dale", "PERSON"),  # another article names no Dale in full: left alone
            ("c", "Ann Vole", "PERSON"),
            ("c", "Ann Reed", "PERSON"),
            ("c", "Ann", "PERSON"),  # two fit: left alone
        )
    )
    assert out["entity"].tolist() == [
        "Dale Ford", "Dale Ford", "Liu Xiaming", "Liu Xiaming",
        "Dale", "Ann Vole", "Ann Reed", "Ann",
    ]  # fmt: skip
    assert out["rule"].tolist()[1] == "first name"


def test_a_word_written_after_a_title_or_in_an_organisations_name_is_no_first_name():
    out = E.canonicalize(
        mentions(
            ("a", "Thomas Mabry", "PERSON"),
            ("a", "Thomas", "PERSON"),  # "Justice Thomas": a surname
            ("b", "Gordon Pike", "PERSON"),
            ("b", "Gordon Vole Partners", "ORG"),
            ("b", "Gordon", "PERSON"),  # the firm, which the model took for a person
            ("c", "Howard Bryant", "PERSON"),
            ("c", "Howard", "ORG"),  # an organisation's one word is never a first name
        ),
        titled={"a": {"thomas"}},
    )
    assert out["entity"].tolist()[1] == "Thomas"
    assert out["entity"].tolist()[4] == "Gordon"
    assert out["entity"].tolist()[6] == "Howard"


def test_titled_keys_reads_the_title_before_a_one_word_name(write_corpus):
    corpus = read_corpus(
        write_corpus({"a.txt": "News\n\nThomas Mabry sued. Justice Thomas wrote for the court.\n"})
    )
    text = corpus["a"].text
    rows = [("Thomas Mabry", text.find("Thomas Mabry")), ("Thomas", text.find("Thomas wrote"))]
    found = pd.DataFrame(
        [{"article_id": "a", "surface": s, "start": i} for s, i in rows],
        columns=["article_id", "surface", "start"],
    )
    assert E.titled_keys(corpus, found) == {"a": {"thomas"}}


def test_only_names_of_people_and_organisations_link():
    out = E.canonicalize(
        mentions(
            ("a", "intra-Syrian", "NORP"),
            ("a", "Syrian", "NORP"),
            ("a", "Al-Nusra Front", "ORG"),
            ("a", "Nusra Front", "ORG"),
        )
    )
    assert out["entity"].tolist() == ["intra-Syrian", "Syrian", "Al-Nusra Front", "Al-Nusra Front"]


def test_hyphenated_surname_links():
    out = E.canonicalize(mentions(("a", "Bashar al-Assad", "PERSON"), ("a", "Assad", "PERSON")))
    assert out["entity"].tolist() == ["Bashar al-Assad", "Bashar al-Assad"]


# ---- 3. the alias table -------------------------------------------------------------------------


def test_the_general_alias_table_holds_no_story_names():
    aliases = E.load_aliases(ALIASES)
    spellings = ["U.S.", "US", "USA", "the united states", "Russian Federation", "U.N.", "Obama"]
    out = E.canonicalize(mentions(*[("a", s, "GPE") for s in spellings]), aliases)
    assert out["entity"].tolist() == ["United States"] * 4 + ["Russia", "United Nations", "Obama"]


def test_the_general_table_names_a_party_group_by_its_members():
    # a corpus that only ever writes the adjective still gets the group's name a reader uses;
    # the party's own name and other parties' members stay apart
    aliases = E.load_aliases(ALIASES)
    out = E.canonicalize(
        mentions(
            ("a", "Democratic", "NORP"),
            ("a", "Republican", "NORP"),
            ("b", "Democrat", "NORP"),
            ("b", "Republican Party", "ORG"),
            ("b", "Christian Democrats", "NORP"),
        ),
        aliases,
    )
    assert out["entity"].tolist() == [
        "Democrats",
        "Republicans",
        "Democrats",
        "Republican Party",
        "Christian Democrats",
    ]


def test_seed_aliases_merge_the_seed_spellings():
    aliases = SEED_ALIASES
    spellings = [
        "U.S.",
        "US",
        "USA",
        "United States",
        "the united states",
        "Russian Federation",
        "IS",
        "ISIS",
        "Islamic State",
        "Sergey Lavrov",
        "al-Qaida",
        "Al-Qaeda’s",
    ]
    out = E.canonicalize(mentions(*[("a", s, "GPE") for s in spellings]), aliases)
    assert (
        out["entity"].tolist()
        == ["United States"] * 5
        + ["Russia"]
        + ["Islamic State"] * 3
        + ["Sergei Lavrov"]
        + ["Al-Qaeda"] * 2
    )


def test_a_corpus_folder_brings_its_own_aliases(write_corpus):
    folder = write_corpus(
        {
            "a.txt": "Talks\nThe envoy Jan Novak arrived.\n",
            "aliases.yaml": "entities:\n  Jan Novák:\n    aliases: [Jan Novak]\n",
        }
    )
    corpus = read_corpus(folder)
    assert corpus.ids == ["a"] and corpus.warnings == ()  # the sidecar is not an article
    table = E.story_aliases(corpus, ALIASES)
    assert table.lookup(E.normalize("Jan Novak")) == ("Jan Novák", None)
    assert table.lookup(E.normalize("U.S.")) == ("United States", "GPE")  # general kept
    assert E.story_aliases(read_corpus(folder), "").lookup("us") is None


def test_a_bad_story_alias_file_names_the_file_and_line(write_corpus):
    folder = write_corpus({"a.txt": "Talks\nThey met.\n", "aliases.yaml": "entities: [x\n"})
    with pytest.raises(E.AliasError, match=r"aliases\.yaml: not valid YAML"):
        E.story_aliases(read_corpus(folder), ALIASES)
    folder = write_corpus(
        {"a.txt": "Talks\nThey met.\n", "aliases.yaml": "entities:\n  X:\n    label: FOO\n"},
        folder="second",
    )
    with pytest.raises(E.AliasError, match=r"aliases\.yaml, line 3: 'X': unknown label"):
        E.story_aliases(read_corpus(folder), ALIASES)


def test_aliases_apply_after_partial_linking():
    aliases = SEED_ALIASES
    out = E.canonicalize(
        mentions(("a", "Syria Staffan de Mistura", "ORG"), ("a", "De Mistura", "ORG")), aliases
    )
    assert out["entity"].tolist() == ["Staffan de Mistura"] * 2
    assert set(out["entity_label"]) == {"PERSON"}  # the alias table's label wins


# ---- 4. one label per entity --------------------------------------------------------------------


def test_majority_label_and_disagreements():
    out = E.canonicalize(
        mentions(("a", "Lavrov", "ORG"), ("a", "Lavrov", "PERSON"), ("b", "Lavrov", "PERSON"))
    )
    assert set(out["entity_label"]) == {"PERSON"}
    assert E.label_disagreements(out).to_dict("records") == [
        {"entity": "Lavrov", "entity_label": "PERSON", "labels": "PERSON:2, ORG:1"}
    ]


def test_the_full_names_label_wins_over_its_surnames():
    # the model tags the bare surname ORG three times, the full name PERSON once: the link says
    # the surname is the person's, so the person's label is the full name's
    out = E.canonicalize(
        mentions(
            ("a", "Ann Weber", "PERSON"),
            ("a", "Weber", "ORG"),
            ("a", "Weber", "ORG"),
            ("b", "Weber", "ORG"),
        )
    )
    assert out["entity"].tolist() == ["Ann Weber"] * 4
    assert set(out["entity_label"]) == {"PERSON"}
    assert E.label_disagreements(out)["labels"].tolist() == ["ORG:3, PERSON:1"]  # still shown


def test_the_full_names_votes_decide_only_when_they_are_decisive():
    from collections import Counter

    assert E._decisive(Counter({"PERSON": 2, "ORG": 1})) == Counter({"PERSON": 2, "ORG": 1})
    assert E._decisive(Counter({"PERSON": 1, "ORG": 1})) is None  # a tie: every mention votes
    assert E._decisive(Counter({"ORG": 0.002})) is None  # propagated names only
    assert E._decisive(None) is None


def test_counts_trace_to_mentions():
    out = E.canonicalize(
        mentions(
            ("a", "Kerry", "PERSON"),
            ("a", "John Kerry", "PERSON"),
            ("a", "Syria", "GPE"),
            ("b", "Syria", "GPE"),
        )
    )
    counts = E.entity_counts(out)
    assert counts.to_dict("records") == [
        {"article_id": "a", "entity": "John Kerry", "label": "PERSON", "mentions": 2},
        {"article_id": "a", "entity": "Syria", "label": "GPE", "mentions": 1},
        {"article_id": "b", "entity": "Syria", "label": "GPE", "mentions": 1},
    ]
    assert counts["mentions"].sum() == len(out)


def test_no_mentions_gives_empty_tables():
    empty = E.canonicalize(mentions())
    assert E.entity_counts(empty).columns.tolist() == ["article_id", "entity", "label", "mentions"]
    assert E.entity_counts(empty).empty and E.label_disagreements(empty).empty


# ---- corpus links between keys ------------------------------------------------------------------


def entities_of(*rows, definitions=None) -> list[str]:
    return E.canonicalize(mentions(*rows), definitions=definitions)["entity"].tolist()


def test_titles_middle_initials_and_case_make_one_entity():
    out = E.canonicalize(
        mentions(
            ("a", "Bruce M. Steinberg", "PERSON"),
            ("a", "Rabbi Bruce Steinberg", "PERSON"),
            ("b", "bruce steinberg", "PERSON"),
            ("b", "Bruce Steinberg", "PERSON"),
        )
    )
    # the name shown: mixed case first, then the commonest spelling (the title removed)
    assert out["entity"].tolist() == ["Bruce Steinberg"] * 4
    assert set(out["rule"]) == {"normalized"}


def test_a_middle_name_links_to_first_and_last_name():
    out = E.canonicalize(mentions(("a", "Mary Ann Vole", "PERSON"), ("b", "Mary Vole", "PERSON")))
    assert out["entity"].tolist() == ["Mary Vole"] * 2
    assert out["rule"].tolist() == ["middle name", "normalized"]


def test_a_one_word_name_the_model_called_an_organisation_is_a_surname():
    out = E.canonicalize(mentions(("a", "Ivo Quist", "PERSON"), ("b", "Quist", "ORG")))
    assert out["entity"].tolist() == ["Ivo Quist"] * 2 and out["rule"].tolist()[1] == "surname"


def test_acronyms_link_to_the_one_multiword_name_with_their_initials():
    assert entities_of(
        ("a", "Wetland Policy Project", "ORG"),
        ("b", "WPP", "ORG"),
        ("a", "North Dakota", "GPE"),
        ("b", "N.D.", "GPE"),
        ("b", "District of Cork", "GPE"),
        ("b", "D.C.", "GPE"),  # initials of major words
    ) == [
        "Wetland Policy Project",
        "Wetland Policy Project",
        "North Dakota",
        "North Dakota",
        "District of Cork",
        "District of Cork",
    ]


def test_an_acronym_two_names_fit_is_refused_unless_its_article_names_one():
    out = E.canonicalize(
        mentions(
            ("a", "District of Cork", "GPE"),
            ("a", "DC", "GPE"),  # the article names one of the two
            ("b", "Dune County", "GPE"),
            ("c", "DC", "GPE"),  # neither in its article
        )
    )
    assert out["entity"].tolist() == ["District of Cork", "District of Cork", "Dune County", "DC"]
    assert out["rule"].tolist() == ["normalized", "acronym in article", "normalized", "ambiguous"]
    assert out["note"].tolist()[3] == "could be: District of Cork; Dune County"


def test_an_acronym_defined_in_parentheses_takes_its_long_form():
    definitions = {"wfp": {"World Farm Programme"}}
    assert entities_of(("a", "WFP", "ORG"), definitions=definitions) == ["World Farm Programme"]
    # a long form the model found too
    out = E.canonicalize(
        mentions(("a", "the World Farm Programme", "ORG"), ("b", "WFP", "ORG")),
        definitions=definitions,
    )
    assert out["entity"].tolist() == ["World Farm Programme"] * 2
    assert out["rule"].tolist() == ["normalized", "acronym"]


def test_acronym_definitions_are_read_from_the_text(write_corpus):
    from analysis.corpus import read_corpus

    corpus = read_corpus(
        write_corpus(
            {
                "a.txt": "Farm news\n\nThe World Farm Programme (WFP) met on Monday (AP).\n\n"
                "Rep. Ann Vole (D-Ore.) and the Pig Board (PB) agreed.\n",
                "b.txt": "More news\n\nThe Water First Plan (WFP) differs.\n",
            }
        )
    )
    assert E.acronym_definitions(corpus) == {
        "wfp": {"World Farm Programme", "Water First Plan"},  # two: E.canonicalize refuses
        "pb": {"Pig Board"},
        # "(AP)" abbreviates nothing before it; "(D-Ore.)" is no acronym
    }


def test_an_abbreviation_links_to_the_one_place_it_begins():
    assert entities_of(("a", "Nevada", "GPE"), ("b", "Nev.", "GPE"), ("b", "Ore.", "GPE")) == [
        "Nevada",
        "Nevada",
        "Ore.",
    ]


def test_a_name_holding_an_alias_links_to_the_name_spelled_out():
    aliases = E.load_aliases(ALIASES)  # U.S. -> United States
    out = E.canonicalize(
        mentions(
            ("a", "United States Mint", "ORG"),
            ("b", "U.S. Mint", "ORG"),
            ("c", "Mint", "ORG"),  # the last word: no short name
        ),
        aliases,
    )
    assert out["entity"].tolist() == ["United States Mint", "United States Mint", "Mint"]
    assert out["rule"].tolist()[1] == "expanded"


def test_an_organisation_contained_in_one_longer_name_takes_it():
    out = E.canonicalize(
        mentions(
            ("a", "US State Department", "ORG"),
            ("b", "State Department", "ORG"),
            ("c", "the state department", "ORG"),
        )
    )
    assert out["entity"].tolist() == ["US State Department"] * 3
    assert out["rule"].tolist() == ["normalized", "containment", "containment"]


def test_short_names_of_organisations_but_not_common_words():
    out = E.canonicalize(
        mentions(
            ("a", "QBC News", "ORG"),
            ("b", "QBC", "ORG"),  # a word before the last, and no common word
            ("a", "House Farm Committee", "ORG"),
            ("b", "House", "ORG"),  # "house" is a familiar word (Dale-Chall)
            ("a", "Farm Committee", "ORG"),  # two words: contained
        )
    )
    assert out["entity"].tolist() == [
        "QBC News",
        "QBC News",
        "House Farm Committee",
        "House",
        "House Farm Committee",
    ]
    assert out["rule"].tolist()[1] == "short name"


def test_nationalities_and_parties_are_one_entity_in_every_inflection():
    out = E.canonicalize(
        mentions(
            ("a", "Democrat", "NORP"),
            ("a", "Democrats", "NORP"),
            ("b", "Democratic", "NORP"),
            ("b", "Democrats", "NORP"),
            ("b", "Swiss", "NORP"),  # no plural "s" to remove
            ("c", "Arabic", "NORP"),  # "ic" only goes when the corpus has the stem
        )
    )
    assert out["entity"].tolist() == ["Democrats"] * 4 + ["Swiss", "Arabic"]  # the commonest
    assert out["rule"].tolist()[:3] == ["inflection", "normalized", "inflection"]


def test_links_are_followed_to_the_end():
    aliases = E.load_aliases(ALIASES)
    out = E.canonicalize(
        mentions(
            ("a", "United States Mint", "ORG"),
            ("b", "U.S. Mint", "ORG"),
            ("c", "Mint Police", "ORG"),
            ("c", "U.S. Mint Police", "ORG"),
            ("d", "United States Mint Police", "ORG"),
            ("e", "Mint Police", "ORG"),  # contained once, then expanded
        ),
        aliases,
    )
    assert out["entity"].tolist()[2:] == ["United States Mint Police"] * 4
    assert out["rule"].tolist()[2:] == [
        "partial+expanded",
        "expanded",
        "normalized",
        "containment+expanded",
    ]


def test_the_name_shown_prefers_mixed_case_and_keeps_a_capital_the():
    rows = mentions(
        ("a", "OSLO", "GPE"),
        ("b", "Oslo", "GPE"),
        ("a", "The Vole Post", "ORG"),
        ("b", "The Vole Post", "ORG"),
    ).assign(case_evidence=[False, True, True, False])  # a's "The" is mid-sentence
    out = E.canonicalize(rows)
    assert out["entity"].tolist() == ["Oslo", "Oslo", "The Vole Post", "The Vole Post"]


# ---- mentions from the corpus: screening and propagation (entities given by hand) -------------


def hand_parsed(write_corpus, texts, ents, propn=()):
    """A corpus and docs whose entities are given: {article: [(surface, label, occurrence)]}.

    Tokens from spaCy's blank English tokenizer, a sentence at each segment and full stop,
    entities exactly as given, and the part of speech PROPN for the words in ``propn``: every
    rule is tested on what it sees, whatever a model would tag.
    """
    import re

    import spacy

    corpus = read_corpus(write_corpus({f"{k}.txt": v for k, v in texts.items()}))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    docs = []
    for article in corpus:
        doc = nlp(article.text)
        starts = {s.start for s in article.segments}
        for token in doc:
            if token.idx in starts:
                token.is_sent_start = True
            if token.text in propn:
                token.pos_ = "PROPN"
        spans = []
        for surface, label, nth in ents.get(article.article_id, []):
            at = [m.start() for m in re.finditer(re.escape(surface), article.text)][nth]
            spans.append(doc.char_span(at, at + len(surface), label=label))
        doc.ents = spans
        docs.append(doc)
    return corpus, docs


def found(table) -> list[tuple]:
    return [(r.article_id, r.surface, r.label, r.source) for r in table.itertuples()]


def test_a_recognised_name_is_found_where_the_model_missed_it(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {
            "a": "Farm news\n\nMs Ann Zelter spoke on Monday. She said the Quist Trust pays.\n",
            "b": "More news\n\nA zelter ran. Zelters and Zelterin are no names. Zelter agreed "
            "with Quist trust staff. The quist trust, too.\n",
        },
        {"a": [("Ann Zelter", "PERSON", 0), ("Quist Trust", "ORG", 0)]},
    )
    mentions_, aside = E.find_mentions(corpus, docs)
    assert found(mentions_) == [
        ("a", "Ann Zelter", "PERSON", "model"),
        ("a", "Quist Trust", "ORG", "model"),
        # the surname of a full name; a later word of a multiword name may be lower case
        ("b", "Zelter", "PERSON", "propagated"),
        ("b", "Quist trust", "ORG", "propagated"),
    ]
    assert aside.empty
    canonical = E.canonicalize(mentions_)
    assert canonical["entity"].tolist() == [
        "Ann Zelter",
        "Quist Trust",
        "Ann Zelter",
        "Quist Trust",
    ]
    # without corpus evidence (the "before" stage): the model's mentions only
    assert len(E.find_mentions(corpus, docs, corpus_evidence=False)[0]) == 2


def test_propagation_stays_out_of_other_names(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {
            "a": "News\n\nAnn Zelter won. The Zelter Prize went to Kim. Kim met Zelter Hall "
            "staff.\n\nCopyright ©2016 Zelter\n",
        },
        {"a": [("Ann Zelter", "PERSON", 0), ("Zelter Prize", "WORK_OF_ART", 0)]},
        propn={"Hall"},
    )
    # inside another entity; before a proper noun the model left untagged ("Zelter Hall");
    # in boilerplate
    assert found(E.find_mentions(corpus, docs)[0]) == [("a", "Ann Zelter", "PERSON", "model")]


def test_a_name_the_model_labelled_otherwise_takes_the_corpus_label(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "News\n\nPosts on Blipper grew.\n", "b": "More\n\nUsers of Blipper wrote.\n"},
        {"a": [("Blipper", "ORG", 0)], "b": [("Blipper", "PRODUCT", 0)]},
    )
    assert found(E.find_mentions(corpus, docs)[0]) == [
        ("a", "Blipper", "ORG", "model"),
        ("b", "Blipper", "ORG", "propagated"),  # exactly an entity of a label not counted
    ]


def test_a_common_word_the_model_took_for_a_name_is_set_aside(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {
            "a": "Crops\n\nThe farmers grow zorp. Zorp prices rose. Sales of zorp fell.\n",
            "b": "More\n\nThe us army and the US navy met.\n",
        },
        {
            "a": [("zorp", "PERSON", 0), ("Zorp", "PERSON", 0), ("zorp", "PERSON", 1)],
            "b": [("US", "GPE", 0)],
        },
    )
    mentions_, aside = E.find_mentions(corpus, docs)
    # written in lower case twice, with a capital only where every word has one: no name
    assert aside["surface"].tolist() == ["zorp", "Zorp", "zorp"]
    assert set(aside["reason"]) == {E.REASON_LOWER_CASE}
    assert found(mentions_) == [("b", "US", "GPE", "model")]  # an acronym is not "us"


def test_title_case_headlines_keep_only_names_the_corpus_confirms(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "Zelter Denies Taking the Prize Money\n\nAnn Zelter denied it.\n"},
        {
            "a": [
                ("Zelter Denies", "PERSON", 0),
                ("Prize Money", "ORG", 0),
                ("Ann Zelter", "PERSON", 0),
            ]
        },
    )
    mentions_, aside = E.find_mentions(corpus, docs)
    assert aside[["surface", "reason"]].values.tolist() == [
        ["Zelter Denies", E.REASON_TITLE_CASE],
        ["Prize Money", E.REASON_TITLE_CASE],
    ]
    # the name inside the fragment is found again, as the corpus writes it
    assert found(mentions_) == [
        ("a", "Zelter", "PERSON", "propagated"),
        ("a", "Ann Zelter", "PERSON", "model"),
    ]
    assert mentions_["zone"].tolist() == ["headline", "body"]


def test_a_common_word_that_starts_a_sentence_is_cut_from_a_name(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "News\n\nFollowing Zelter's talk, all left. Then Zelter spoke, following a plan.\n"},
        {"a": [("Following Zelter", "PERSON", 0), ("Zelter", "PERSON", 1)]},
    )
    mentions_, _ = E.find_mentions(corpus, docs)
    assert mentions_["surface"].tolist() == ["Zelter", "Zelter"]
    text = corpus["a"].text
    assert [text[s:e] for s, e in zip(mentions_["start"], mentions_["end"])] == ["Zelter"] * 2


def test_a_slug_headline_in_lower_case_is_no_evidence_of_a_common_word(write_corpus):
    # "kurt" in lower case only in a slug made a headline: "Kurt Zelter" keeps his first name
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "key moments from kurt zelter's testimony\n\nKurt Zelter spoke. Then Zelter left.\n"},
        {"a": [("Kurt Zelter", "PERSON", 0), ("Zelter", "PERSON", 1)]},
    )
    mentions_, _ = E.find_mentions(corpus, docs)
    assert mentions_["surface"].tolist() == ["Kurt Zelter", "Zelter"]


def test_a_participle_that_starts_a_sentence_is_cut_from_a_name(write_corpus):
    # "hosting" is never written in lower case here; it is the -ing form of a common word
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "News\n\nHosting Zelter at the fair was a coup. Then Zelter spoke.\n"},
        {"a": [("Hosting Zelter", "PERSON", 0), ("Zelter", "PERSON", 1)]},
    )
    mentions_, _ = E.find_mentions(corpus, docs)
    assert mentions_["surface"].tolist() == ["Zelter", "Zelter"]


def test_an_organisations_name_starting_with_a_participle_is_kept(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "News\n\nRolling Zelter reported it first. Then Zelter denied it.\n"},
        {"a": [("Rolling Zelter", "ORG", 0), ("Zelter", "PERSON", 1)]},
    )
    mentions_, _ = E.find_mentions(corpus, docs)
    assert mentions_["surface"].tolist() == ["Rolling Zelter", "Zelter"]


@pytest.mark.parametrize(
    "word, participle",
    [
        ("hosting", True),
        ("joking", True),
        ("planning", True),
        ("fareed", False),  # -ed: as often a name's ending
        ("ewing", False),
    ],
)
def test_participle(word, participle):
    assert E._participle(word) is participle


def test_each_mention_has_its_own_sentence_and_zone(write_corpus):
    corpus, docs = hand_parsed(
        write_corpus,
        {"a": "Zelter wins\n\nOne. Ann Zelter came. Two.\n\nThree. Zelter left.\n"},
        {"a": [("Zelter", "PERSON", 0), ("Ann Zelter", "PERSON", 0), ("Zelter", "PERSON", 2)]},
    )
    mentions_, _ = E.find_mentions(corpus, docs)
    assert mentions_[["zone", "sentence"]].values.tolist() == [
        ["headline", "Zelter wins"],
        ["body", "Ann Zelter came."],
        ["body", "Zelter left."],
    ]


# ---- mentions from parsed text ------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("entities")
    (folder / "a.txt").write_text(
        "Share\n"
        "Kerry meets Lavrov\n"
        "John Kerry said the united states and russia would let us know what the plan is.\n"
        "Kerry, left, and Lavrov shake hands in Geneva | AP\n"
        "Secretary of State John Kerry thanked the State Department staff.\n"
        "Copyright ©2016 Example News\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Quiet day\nNothing happened at all today.\n", encoding="utf-8")
    corpus = read_corpus(folder)
    return corpus, list(parse_corpus(corpus, nlp, progress=False))


def test_alias_matcher_finds_lowercase_names_but_not_pronouns(parsed):
    corpus, docs = parsed
    aliases = E.load_aliases(ALIASES)
    found = E.extract_mentions(corpus, docs, aliases=aliases)
    out = E.canonicalize(found, aliases)
    body = out[out["zone"] == "body"]
    assert "United States" in set(body["entity"]) and "Russia" in set(body["entity"])
    # "us" (pronoun) and "is" (verb) are never taken for US or IS
    assert not found["surface"].isin(["us", "is"]).any()
    # no span is counted twice
    assert not found.duplicated(["article_id", "start"]).any()
    assert not (out["entity"] == "State").any()  # ignored, and never a title's leftover


def test_boilerplate_never_counts_captions_optional(parsed):
    corpus, docs = parsed
    aliases = E.load_aliases(ALIASES)
    with_captions = E.extract_mentions(corpus, docs, aliases=aliases)
    without = E.extract_mentions(corpus, docs, aliases=aliases, include_captions=False)
    assert "boilerplate" not in set(with_captions["zone"])
    assert "caption" in set(with_captions["zone"]) and "caption" not in set(without["zone"])
    assert set(without["zone"]) <= {"headline", "body"}


def test_article_without_entities(parsed):
    corpus, docs = parsed
    found = E.extract_mentions(corpus, docs, aliases=E.load_aliases(ALIASES))
    assert "b" not in set(found["article_id"])
    for row in found.itertuples():  # every mention points at its text
        assert corpus[row.article_id].text[row.start : row.end] == row.surface


# ---- the alias file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "entities:\n  Kerry:\n    label: PERSON\n    alias: [John Kerry]\n",
            "line 3: 'Kerry' has unknown key(s) alias",
        ),
        (
            "entities:\n  Kerry:\n    label: PERSN\n    aliases: [John Kerry]\n",
            "line 3: 'Kerry': unknown label 'PERSN'",
        ),
        (
            "entities:\n  A:\n    aliases: [X]\n  B:\n    aliases: [x]\n",
            "line 5: 'x' is an alias of both 'A' and 'B'",
        ),
        ("entities:\n  A: [X]\n", "line 2: 'A' must have 'aliases'"),
        ("entitys:\n  A:\n    aliases: [X]\n", "line 1: unknown section 'entitys'"),
        ("entities:\n  A:\n    aliases: [X\n", "not valid YAML"),
    ],
)
def test_alias_file_errors_name_the_line(tmp_path, content, message):
    path = tmp_path / "aliases.yaml"
    path.write_text(content)
    with pytest.raises(E.AliasError, match="aliases.yaml") as err:
        E.load_aliases(path)
    assert message in str(err.value)


def test_missing_alias_file(tmp_path):
    with pytest.raises(E.AliasError, match="alias file not found"):
        E.load_aliases(tmp_path / "nope.yaml")


# ---- accuracy against the hand annotation (data/annotations/README.md) --------------------------

GOLD = PROJECT / "data" / "annotations" / "gold_entities.csv"


def test_gold_annotation_points_at_the_text(seed_corpus):
    gold = pd.read_csv(GOLD)
    assert len(gold) == 104 and gold["article_id"].nunique() == 2
    for row in gold.itertuples():
        assert seed_corpus[row.article_id].text[row.start : row.end] == row.surface
        assert row.zone in ("headline", "body", "caption")


def test_evaluate_on_a_small_example():
    gold = pd.DataFrame(
        [
            {
                "article_id": "a",
                "start": 0,
                "end": 5,
                "surface": "Kerry",
                "entity": "John Kerry",
                "label": "PERSON",
            },
            {
                "article_id": "a",
                "start": 10,
                "end": 14,
                "surface": "U.S.",
                "entity": "United States",
                "label": "GPE",
            },
            {
                "article_id": "a",
                "start": 20,
                "end": 26,
                "surface": "Lavrov",
                "entity": "Sergei Lavrov",
                "label": "PERSON",
            },
        ]
    )
    pred = pd.DataFrame(
        [
            {"article_id": "a", "start": 0, "end": 5, "entity": "John Kerry", "label": "PERSON"},
            {"article_id": "a", "start": 10, "end": 14, "entity": "U.S.", "label": "GPE"},
            {"article_id": "a", "start": 20, "end": 26, "entity": "Sergei Lavrov", "label": "ORG"},
            {"article_id": "a", "start": 30, "end": 35, "entity": "State", "label": "ORG"},
            {
                "article_id": "b",
                "start": 0,
                "end": 5,
                "entity": "Syria",
                "label": "GPE",
            },  # not gold
        ]
    )
    out = E.evaluate(pred, gold).set_index("level")
    assert out.loc["spans", ["correct", "predicted", "gold"]].tolist() == [3, 4, 3]
    assert out.loc["spans+label", "correct"] == 2
    assert out.loc["mentions", "correct"] == 2
    assert out.loc["counts", "precision"] == pytest.approx(2 / 4)
    assert out.loc["counts", "recall"] == pytest.approx(2 / 3)


def test_pipeline_accuracy_on_the_annotated_seeds(seed_corpus, seed_docs):
    gold = pd.read_csv(GOLD)
    aliases = E.load_aliases(ALIASES)
    before = E.evaluate(E.raw_mentions(seed_corpus, seed_docs), gold).set_index("level")
    after = E.evaluate(
        E.canonicalize(E.extract_mentions(seed_corpus, seed_docs, aliases=aliases), aliases),
        gold,
        label="entity_label",
    ).set_index("level")
    # measured 2026-11-23: the model finds the spans (F1 0.98) but per-entity counts from raw
    # spellings score 0.65; canonicalized 0.99 (one miss: "Syrians" kept apart from "Syrian").
    # In-sample: the alias table was written from these articles.
    assert before.loc["spans", "f1"] > 0.95
    assert before.loc["counts", "f1"] < 0.7
    assert after.loc["counts", "f1"] >= 0.95
    assert after.loc["spans", "recall"] == 1.0


def test_analyse_on_the_annotated_seeds_measures_both_stages(seed_corpus, seed_docs, nlp):
    from analysis.corpus import article_labels
    from analysis.nlp import parse_info
    from analysis.story import Story

    story = Story(
        seed_corpus, seed_docs, article_labels(seed_corpus.ids), parse_info(nlp, seed_corpus)
    )
    result = E.analyse(story)  # the default alias file and hand annotation
    accuracy = result.accuracy.set_index(["stage", "level"])
    assert accuracy.columns.tolist() == E.ACCURACY_COLUMNS[1:-1]
    assert list(dict.fromkeys(result.accuracy["stage"])) == [E.STAGE_BEFORE, E.STAGE_AFTER]
    # the same numbers as test_pipeline_accuracy_on_the_annotated_seeds: 104 gold mentions
    assert accuracy.loc[(E.STAGE_BEFORE, "counts"), "f1"] < 0.7
    assert accuracy.loc[(E.STAGE_AFTER, "counts"), "f1"] >= 0.95
    assert accuracy.loc[(E.STAGE_AFTER, "spans"), "gold"] == 104


# ---- the notebook's measure, step by step -------------------------------------------------------


def test_counted_zones():
    assert E.counted_zones(True) == ("headline", "subheading", "body", "caption")
    assert E.counted_zones(False) == ("headline", "subheading", "body")


def test_words_per_article_counts_the_zones_read(parsed):
    corpus, _ = parsed
    # a: headline 3 + body 16 + caption 9 ("|" is no word) + body 10; boilerplate never counts;
    # b: headline 2 + body 5
    words = E.words_per_article(corpus, E.counted_zones(True))
    assert words.to_dict() == {"a": 38, "b": 7}
    assert E.words_per_article(corpus, E.counted_zones(False)).to_dict() == {"a": 29, "b": 7}


def test_read_gold_without_a_file_is_empty(tmp_path):
    assert E.read_gold("").empty
    assert E.read_gold(tmp_path / "missing.csv").empty
    path = tmp_path / "gold.csv"
    path.write_text(
        "article_id,start,end,surface,entity,label,zone\na,6,11,Kerry,John Kerry,PERSON,headline\n"
    )
    assert E.read_gold(path).to_dict("records") == [
        {
            "article_id": "a",
            "start": 6,
            "end": 11,
            "surface": "Kerry",
            "entity": "John Kerry",
            "label": "PERSON",
            "zone": "headline",
        }
    ]


def test_only_annotations_that_point_at_their_text_count(parsed):
    corpus, _ = parsed
    gold = pd.DataFrame(
        {
            "article_id": ["a", "a", "z"],  # "Share\n" is 6 characters: "Kerry" is 6-11
            "start": [6, 7, 6],
            "end": [11, 12, 11],
            "surface": ["Kerry", "Kerry", "Kerry"],
        }
    )
    kept = E.matching_gold(gold, corpus)
    assert kept.index.tolist() == [0]  # off by one; an article not in the corpus
    assert E.matching_gold(pd.DataFrame(), corpus).empty


def test_raw_mentions_keep_every_spelling_apart(parsed):
    corpus, docs = parsed
    raw = E.raw_mentions(corpus, docs)
    assert set(raw["source"]) == {"model"}  # no alias table: nothing found by it
    # cleaned ("the united states" -> "united states") but not merged or ignored
    assert {"Kerry", "John Kerry", "united states", "State"} <= set(raw["entity"])
    assert "caption" not in set(E.raw_mentions(corpus, docs, include_captions=False)["zone"])


def test_accuracy_scores_raw_labels_before_and_entity_labels_after():
    gold = pd.DataFrame(
        [
            {"article_id": "a", "start": 0, "end": 5, "entity": "John Kerry", "label": "PERSON"},
            {"article_id": "a", "start": 10, "end": 16, "entity": "Russia", "label": "GPE"},
        ]
    )
    raw = pd.DataFrame(
        [
            {"article_id": "a", "start": 0, "end": 5, "entity": "Kerry", "label": "PERSON"},
            {"article_id": "a", "start": 10, "end": 16, "entity": "Russia", "label": "ORG"},
        ]
    )
    # after: the entity's one label is used, not the model's label of the mention
    canonical = raw.assign(entity=["John Kerry", "Russia"], entity_label=["PERSON", "GPE"])
    table = E.accuracy(raw, canonical, gold)
    assert table.columns.tolist() == E.ACCURACY_COLUMNS
    assert table["stage"].tolist() == [E.STAGE_BEFORE] * 4 + [E.STAGE_AFTER] * 4
    correct = table.set_index(["stage", "level"])["correct"]
    assert correct[E.STAGE_BEFORE].tolist() == [2, 1, 1, 1]  # spans, +label, mentions, counts
    assert correct[E.STAGE_AFTER].tolist() == [2, 2, 2, 2]


def test_accuracy_without_annotation_is_an_empty_table():
    table = E.accuracy(None, E.canonicalize(mentions(("a", "Kerry", "PERSON"))), pd.DataFrame())
    assert table.empty and table.columns.tolist() == E.ACCURACY_COLUMNS


def rated(*rows) -> pd.DataFrame:
    """Rated counts from (article_id, entity, per_1000_words) triples."""
    return pd.DataFrame(rows, columns=["article_id", "entity", "per_1000_words"])


def test_attention_matrix_rows_and_columns_in_the_given_order():
    table = rated(("a", "X", 2.0), ("b", "X", 1.0), ("a", "Y", 3.0), ("a", "Z", 9.0))
    matrix = E.attention_matrix(table, ["Y", "X"], ["a", "b", "c"])
    assert matrix.index.tolist() == ["Y", "X"]  # Z is not shown
    assert matrix.columns.tolist() == ["a", "b", "c"]
    assert matrix.loc["X"].tolist()[:2] == [2.0, 1.0]
    assert matrix.loc["Y"].isna().tolist() == [False, True, True]  # b and c never name Y
    named = E.attention_matrix(table, ["X"], ["a", "b"], {"a": "first", "b": "second"})
    assert named.columns.tolist() == ["first", "second"]
    assert E.attention_matrix(table, [], ["a"]).shape == (0, 1)


def test_named_everywhere_needs_a_positive_rate_in_every_column():
    table = rated(("a", "X", 2.0), ("b", "X", 1.0), ("a", "Y", 3.0), ("b", "Y", 0.0))
    assert E.named_everywhere(E.attention_matrix(table, ["X", "Y"], ["a", "b"])) == ["X"]
    assert E.named_everywhere(E.attention_matrix(table, ["X", "Y"], ["a", "b", "c"])) == []


def test_attention_rows_list_the_named_cells_row_by_row():
    table = rated(("a", "X", 2.0), ("b", "X", 1.0), ("a", "Y", 3.0))
    rows = E.attention_rows(E.attention_matrix(table, ["Y", "X"], ["a", "b"], {"a": "A", "b": "B"}))
    assert rows.to_dict("records") == [
        {"entity": "Y", "label": "A", "per_1000_words": 3.0},
        {"entity": "X", "label": "A", "per_1000_words": 2.0},
        {"entity": "X", "label": "B", "per_1000_words": 1.0},
    ]


def result_of(*rows, ids, words=None, labels=None, top_n=10, alias_found=()) -> E.EntitiesResult:
    """The result analyse would give for (article_id, surface, label) mentions (no alias table);
    ``alias_found``: positions of the mentions the alias matcher found.
    """
    found = mentions(*rows)
    found.loc[list(alias_found), "source"] = "alias"
    canonical = E.canonicalize(found)
    return E.EntitiesResult(
        ids=list(ids),
        labels=labels or {a: a for a in ids},
        mentions=canonical,
        counts=E.entity_counts(canonical),
        words=pd.Series(words or {a: 1000 for a in ids}),
        groups=E.alias_groups(canonical),
        disagreements=E.label_disagreements(canonical),
        accuracy=E.accuracy(None, canonical, pd.DataFrame()),
        top_n=top_n,
    )


KERRY_SYRIA = (
    ("a", "John Kerry", "PERSON"),
    ("a", "Kerry", "PERSON"),
    ("a", "Syria", "GPE"),
    ("b", "Syria", "GPE"),
    ("b", "syria", "GPE"),
)


def test_findings_count_and_name_the_articles_without_entities():
    result = result_of(
        *KERRY_SYRIA, ids=["a", "b", "c"], labels={"a": "A", "b": "B", "c": "c_1*"}, alias_found=[4]
    )
    assert E.findings(result) == (
        "**5 mentions** of **2 entities** in 3 article(s); 1 found only through the alias "
        r"table. No entity found in: c\_1\*."
    )


def test_findings_of_one_article_say_comparisons_need_two():
    assert E.findings(result_of(("a", "Syria", "GPE"), ids=["a"])) == (
        "**1 mentions** of **1 entities** in 1 article(s); 0 found only through the alias "
        "table.  Comparisons between articles need at least two."
    )
    assert E.findings(result_of(ids=["a"])) == (
        "**0 mentions** of **0 entities** in 1 article(s); 0 found only through the alias "
        "table. No entity found in: a. Comparisons between articles need at least two."
    )


def test_tables_in_the_order_the_notebook_writes_them():
    tables = result_of(*KERRY_SYRIA, ids=["a", "b"]).tables()
    assert list(tables) == ["entities", "entity_mentions", "entity_alias_groups", "entity_accuracy"]
    assert tables["entity_mentions"]["entity"].tolist() == ["John Kerry"] * 2 + ["Syria"] * 3
    assert tables["entity_accuracy"].columns.tolist() == E.ACCURACY_COLUMNS


def test_merges_view_shows_groups_then_label_disagreements():
    shown = E.merges_view(result_of(*KERRY_SYRIA, ("b", "Syria", "ORG"), ids=["a", "b"]))
    groups, note, disagreements = shown
    assert groups.index.tolist() == ["Syria", "John Kerry"]  # most mentioned first
    assert groups.loc["Syria", "spellings"] == "Syria ×3, syria ×1"
    assert str(note).startswith("**Label disagreements**")
    assert disagreements.to_dict("index") == {
        "Syria": {"entity_label": "GPE", "labels": "GPE:3, ORG:1"}
    }


def test_merges_view_when_nothing_was_merged():
    assert [str(x) for x in E.merges_view(result_of(("a", "Syria", "GPE"), ids=["a"]))] == [
        "Nothing was merged."
    ]


def test_merges_view_shows_refusals_and_what_was_set_aside():
    result = result_of(
        ("a", "John Kerry", "PERSON"),
        ("b", "Teresa Kerry", "PERSON"),
        ("c", "Kerry", "PERSON"),
        ("c", "Kerry", "PERSON"),
        ids=["a", "b", "c"],
    )
    aside = pd.DataFrame(
        [
            ("a", 0, 4, "zorp", "PERSON", "body", E.REASON_LOWER_CASE),
            ("b", 5, 9, "zorp", "GPE", "body", E.REASON_LOWER_CASE),
            ("b", 0, 9, "Kerry Wins", "PERSON", "headline", E.REASON_TITLE_CASE),
        ],
        columns=E.SET_ASIDE_COLUMNS,
    )
    shown = E.merges_view(dataclasses.replace(result, set_aside=aside))
    assert [type(x).__name__ for x in shown] == ["Note", "Note", "DataFrame", "Note", "DataFrame"]
    assert str(shown[1]).startswith("**Left apart**")
    assert shown[2].to_dict("index") == {
        "Kerry": {"could_be": "John Kerry; Teresa Kerry", "mentions": 2, "articles": 1}
    }
    assert str(shown[3]).startswith("**Set aside**")
    assert shown[4].reset_index().to_dict("records") == [
        {
            "surface": "zorp",
            "label": "GPE",  # the commonest (a tie: the first alphabetically)
            "reason": E.REASON_LOWER_CASE,
            "mentions": 2,
            "articles": 2,
        },
        {
            "surface": "Kerry Wins",
            "label": "PERSON",
            "reason": E.REASON_TITLE_CASE,
            "mentions": 1,
            "articles": 1,
        },
    ]


def test_findings_count_the_propagated_mentions():
    result = result_of(*KERRY_SYRIA, ids=["a", "b"])
    propagated = result.mentions.assign(source=["model"] * 4 + ["propagated"])
    assert E.findings(dataclasses.replace(result, mentions=propagated)).startswith(
        "**5 mentions** of **2 entities** in 2 article(s); 0 found only through the alias "
        "table, 1 where the model missed a name the corpus names elsewhere. "
    )


def test_mention_sample_takes_the_first_mentions_of_the_top_entities():
    result = result_of(*KERRY_SYRIA, ids=["a", "b"], labels={"a": "A", "b": "B"})
    sample = E.mention_sample(result, n_entities=1, per_entity=2)  # Syria: 3 mentions, Kerry 2
    assert sample.index.tolist() == ["Syria", "Syria"]
    assert sample[["article", "surface"]].values.tolist() == [["A", "Syria"], ["B", "Syria"]]
    assert sample.columns.tolist() == ["article", "surface", "zone", "start", "end", "sentence"]
    assert E.mention_sample(result_of(ids=["a"])).empty


def test_accuracy_view_rounds_or_explains():
    assert "No hand annotation matches these articles" in str(E.accuracy_view(result_of(ids=["a"])))
    gold = pd.DataFrame(
        [{"article_id": "a", "start": 0, "end": 5, "entity": "Syria", "label": "GPE"}] * 3
    )
    pred = gold.iloc[:1].assign(entity_label="GPE")
    result = dataclasses.replace(result_of(ids=["a"]), accuracy=E.accuracy(pred, pred, gold))
    view = E.accuracy_view(result)
    assert view.loc[(E.STAGE_AFTER, "spans"), "recall"] == 0.333  # 1 of 3, rounded


def test_top_per_article_and_the_most_mentioned():
    result = result_of(*KERRY_SYRIA, ("b", "Aleppo", "GPE"), ids=["a", "b"], top_n=1)
    assert E.top_per_article(result).to_dict("records") == [
        {"article_id": "a", "label": "a", "entity": "John Kerry", "mentions": 2},  # tie: a-z
        {"article_id": "b", "label": "b", "entity": "Syria", "mentions": 2},
    ]
    assert E.most_mentioned(result) == ("John Kerry", 2, "a")  # 2 each: alphabetical
    assert E.most_mentioned(result_of(ids=["a"])) is None


def test_top_attention_rates_per_1000_words():
    result = result_of(*KERRY_SYRIA, ids=["a", "b"], words={"a": 500, "b": 2000}, top_n=1)
    matrix = E.top_attention(result)  # top 1: Syria (3 mentions)
    assert matrix.to_dict("index") == {"Syria": {"a": 2.0, "b": 1.0}}  # 1/500, 2/2000 words


def test_label_mix_lists_every_article_and_the_share_of_people():
    result = result_of(*KERRY_SYRIA, ids=["a", "b", "c"])
    mix = E.article_label_mix(result)
    assert mix.to_dict("records") == [
        {"article_id": "a", "label": "a", "PERSON": 2, "GPE": 1},
        {"article_id": "b", "label": "b", "PERSON": 0, "GPE": 2},
        {"article_id": "c", "label": "c", "PERSON": 0, "GPE": 0},
    ]
    share = E.people_share(mix)
    assert share[:2].tolist() == pytest.approx([200 / 3, 0]) and pd.isna(share[2])
    no_people = E.people_share(E.article_label_mix(result_of(("a", "Syria", "GPE"), ids=["a"])))
    assert no_people.tolist() == [0]


def test_analyse_a_story(parsed, nlp):
    from analysis.corpus import article_labels
    from analysis.nlp import parse_info
    from analysis.story import Story

    corpus, docs = parsed
    story = Story(corpus, docs, article_labels(corpus.ids), parse_info(nlp, corpus))
    result = E.analyse(story, aliases_file=SEED_ALIASES, gold_file="", top_n=3)
    assert result.ids == ["a", "b"] and result.words.to_dict() == {"a": 38, "b": 7}
    # John Kerry: Kerry (headline), John Kerry, Kerry (caption), Secretary of State John Kerry
    assert result.counts.iloc[0][["entity", "mentions"]].tolist() == ["John Kerry", 4]
    assert result.top[:2] == ["John Kerry", "Sergei Lavrov"] and len(result.top) == 3
    assert result.groups["entity"].tolist() == ["John Kerry"]
    assert result.accuracy.empty
    without = E.analyse(story, aliases_file="", include_captions=False, gold_file="")
    assert "caption" not in set(without.mentions["zone"]) and without.words["a"] == 29
    assert "State" in set(without.mentions["entity"])  # only the alias table ignores it


def title(ax) -> str:
    """An axes' title, wherever the figure style puts it."""
    return "".join(ax.get_title(loc) for loc in ("left", "center", "right"))


# ---- the figures of notebook 03 -----------------------------------------------------------------


def test_entity_figures_state_their_finding():
    from analysis import plots

    result = result_of(*KERRY_SYRIA, ids=["a", "b"], labels={"a": "A", "b": "B"}, top_n=2)
    fig, data = plots.entities_top(result)
    assert fig._suptitle.get_text() == (
        "John Kerry is the most mentioned entity of any article (2 in A)"
    )
    assert data["entity"].tolist() == ["John Kerry", "Syria", "Syria"]
    fig, data = plots.entities_attention(result)
    assert title(fig.axes[0]) == "1 of the top 2 entities appear in every article"
    assert data.columns.tolist() == ["entity", "label", "per_1000_words"]
    fig, data = plots.entities_labels(result)
    assert title(fig.axes[0]) == "People are 0–67% of each article's mentions"
    assert data.equals(E.article_label_mix(result))


def test_entity_figures_of_one_article_without_entities():
    from analysis import plots

    result = result_of(ids=["a"])
    fig, data = plots.entities_top(result)
    assert fig._suptitle.get_text() == "No entity mentioned" and data.empty
    fig, data = plots.entities_attention(result)
    assert title(fig.axes[0]) == "Mentions per 1,000 words" and data.empty
    fig, data = plots.entities_labels(result)
    assert title(fig.axes[0]) == "No people mentioned"


@pytest.mark.parametrize(
    ("first", "second", "person"),
    [
        ("F.B.I.", "FBI", False),
        ("The Washington Post", "Washington Post", False),
        ("U.S Senate", "U.S. Senate", False),
        ("Ben LaBolt", "Ben Labolt", True),
        ("Bruce M. Steinberg", "Bruce Steinberg", True),
    ],
)
def test_house_styles_of_one_name_share_a_spelling_key(first, second, person):
    assert E.spelling_key(first, person) == E.spelling_key(second, person)


def test_a_spelling_key_keeps_different_names_apart():
    assert E.spelling_key("Hill", True) != E.spelling_key("Hillary Clinton", True)
    assert E.is_acronym("G.O.P.") and E.is_acronym("GOP")
    assert not E.is_acronym("WASHINGTON")  # a dateline in capitals, not an acronym
