"""The entity evaluation (benchmarks/eval_entities.py): its scorer, and the BASIL annotation."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT

from analysis import entities as E

BASIL = PROJECT.parent / "shared" / "corpora" / "basil-2010-2014"
ANNOTATIONS = PROJECT / "data" / "annotations" / "basil"


def rows(*mentions) -> pd.DataFrame:
    """Mentions from (story, article_id, start, entity) tuples, five characters each."""
    return pd.DataFrame(
        [
            {"story": s, "article_id": a, "start": i, "end": i + 5, "entity": e, "label": "PERSON"}
            for s, a, i, e in mentions
        ]
    )


def test_alignment_renames_each_predicted_entity_to_the_gold_entity_it_shares_most_with():
    gold = rows(
        ("s", "s/a", 0, "Ann Lee"),
        ("s", "s/a", 10, "Ann Lee"),
        ("s", "s/a", 20, "Bo Li"),
        ("s", "s/a", 40, "Ann Lee"),
        ("s", "s/b", 0, "Ann Lee"),
        ("t", "t/a", 0, "Ann Lee"),  # another story: its Ann Lee is paired on its own
    )
    pred = rows(
        ("s", "s/a", 0, "Lee"),  # named differently, grouped right
        ("s", "s/a", 10, "Lee"),
        ("s", "s/a", 20, "Lee"),  # grouped wrong: Bo Li's mention in Lee's group
        ("s", "s/a", 40, "Lee"),
        ("s", "s/b", 0, "Ann"),  # split: pairs with nothing (Lee took Ann Lee)
        ("s", "s/b", 30, "Cy"),  # not in the gold: no shared mention
        ("t", "t/a", 0, "Annie"),
    )
    aligned = E.align_to_gold(pred, gold, story="story")
    assert aligned["entity"].tolist() == [
        "Ann Lee",
        "Ann Lee",
        "Ann Lee",
        "Ann Lee",
        E.UNALIGNED + "Ann",
        E.UNALIGNED + "Cy",
        "Ann Lee",
    ]
    exact = E.evaluate(pred, gold).set_index("level")
    named = E.evaluate(aligned, gold).set_index("level")
    assert exact.loc["counts", "correct"] == 0  # no predicted name is a gold name
    # s/a: Ann Lee 3 of 4 predicted (Lee shares 3 with Ann Lee: more than Lee with Bo Li plus
    # Ann with Ann Lee); s/b: none; t/a: 1
    assert named.loc["counts", ["correct", "predicted", "gold"]].tolist() == [4, 7, 6]
    assert named.loc["mentions", "correct"] == 4


def test_alignment_without_stories_pairs_over_all_articles():
    gold = rows(("s", "a", 0, "X"), ("s", "b", 0, "X"))
    pred = rows(("s", "a", 0, "P"), ("s", "b", 0, "Q"))
    assert E.align_to_gold(pred, gold)["entity"].tolist() == ["X", E.UNALIGNED + "Q"]
    assert E.align_to_gold(pred.iloc[:0], gold).empty


@pytest.mark.skipif(not BASIL.is_dir(), reason="the BASIL corpus (../shared/corpora) is absent")
@pytest.mark.skipif(not ANNOTATIONS.is_dir(), reason="no BASIL annotation in this checkout")
def test_every_annotated_basil_mention_points_at_its_text():
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    import basil

    from analysis.corpus import read_corpus

    files = sorted(ANNOTATIONS.glob("*.csv"))
    if not files:
        pytest.skip("no BASIL annotation file yet")
    stories = basil.read_basil(BASIL)
    for path in files:
        gold = pd.read_csv(path, keep_default_na=False)
        story = path.stem
        assert set(gold["story"]) == {story}, path.name
        folder = Path(basil.write_folders(BASIL, PROJECT / "build" / "basil", only=[story])[0])
        corpus = read_corpus(folder)
        assert set(gold["article_id"]) <= {a.article_id for a in stories[story]}
        bad = [
            (r.article_id, r.start, r.surface)
            for r in gold.itertuples()
            if corpus[r.article_id].text[r.start : r.end] != r.surface
        ]
        assert bad == [], f"{path.name}: {len(bad)} rows do not point at their surface"
        assert set(gold["label"]) <= set(E.DEFAULT_LABELS), path.name
