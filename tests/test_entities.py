"""Entities: canonicalization rules one by one, the alias file, mentions from parsed text."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT

from analysis import entities as E
from analysis.corpus import read_corpus
from analysis.nlp import parse_corpus

ALIASES = PROJECT / "data" / "aliases.yaml"


def mentions(*rows) -> pd.DataFrame:
    """Mentions from (article_id, surface, label) triples."""
    return pd.DataFrame(
        [
            {
                "article_id": a,
                "start": i,
                "end": i + len(s),
                "surface": s,
                "label": l,
                "zone": "body",
                "source": "model",
                "sentence": "",
            }
            for i, (a, s, l) in enumerate(rows)
        ],
        columns=["article_id", "start", "end", "surface", "label", "zone", "source", "sentence"],
    )


# ---- 1. normalization --------------------------------------------------------------------------


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


# ---- 2. partial names within an article ----------------------------------------------------------


def test_surname_links_to_the_unique_full_name_in_the_same_article():
    out = E.canonicalize(
        mentions(
            ("a", "John Kerry", "PERSON"),
            ("a", "Kerry", "PERSON"),
            ("a", "Mr Kerry", "PERSON"),
            ("b", "Kerry", "PERSON"),
        )
    )
    assert out["entity"].tolist() == ["John Kerry", "John Kerry", "John Kerry", "Kerry"]
    assert out["rule"].tolist() == ["normalized", "partial", "partial", "normalized"]


def test_ambiguous_surname_is_left_alone():
    out = E.canonicalize(
        mentions(
            ("a", "John Kerry", "PERSON"), ("a", "Teresa Kerry", "PERSON"), ("a", "Kerry", "PERSON")
        )
    )
    assert out["entity"].tolist() == ["John Kerry", "Teresa Kerry", "Kerry"]


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


# ---- 3. the alias table ---------------------------------------------------------------------------


def test_shipped_aliases_merge_the_seed_spellings():
    aliases = E.load_aliases(ALIASES)
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


def test_aliases_apply_after_partial_linking():
    aliases = E.load_aliases(ALIASES)
    out = E.canonicalize(
        mentions(("a", "Syria Staffan de Mistura", "ORG"), ("a", "De Mistura", "ORG")), aliases
    )
    assert out["entity"].tolist() == ["Staffan de Mistura"] * 2
    assert set(out["entity_label"]) == {"PERSON"}  # the alias table's label wins


# ---- 4. one label per entity ----------------------------------------------------------------------


def test_majority_label_and_disagreements():
    out = E.canonicalize(
        mentions(("a", "Lavrov", "ORG"), ("a", "Lavrov", "PERSON"), ("b", "Lavrov", "PERSON"))
    )
    assert set(out["entity_label"]) == {"PERSON"}
    assert E.label_disagreements(out).to_dict("records") == [
        {"entity": "Lavrov", "entity_label": "PERSON", "labels": "PERSON:2, ORG:1"}
    ]


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


# ---- mentions from parsed text --------------------------------------------------------------------


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


# ---- the alias file ------------------------------------------------------------------------------


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


# ---- accuracy against the hand annotation (data/annotations/README.md) ----------------------------

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
    raw = E.extract_mentions(seed_corpus, seed_docs)
    raw = raw.assign(entity=[E.clean_surface(s) for s in raw["surface"]])
    before = E.evaluate(raw, gold).set_index("level")
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
