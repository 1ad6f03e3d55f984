"""The fresh quotation test (benchmarks/eval_page_quotes.py): its page draw and annotation."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))

import eval_page_quotes as P  # noqa: E402

BENCHMARK = PROJECT.parent / "shared" / "corpora" / "article-extraction-benchmark"
ENGLISH = "The mayor said that the city and the county would pay for it, and that was all. "
QUOTED = '"We will pay for the new bridge ourselves," she said. '


def test_title_line_is_the_urls_slug():
    url = "https://www.example.com/news/2019/11/19/city-pays-for-new-bridge-a-b/"
    assert P.title_line(url) == "City pays for new bridge a b"
    assert P.title_line("https://example.org/story/12345.html") == "Story"
    assert P.title_line("") == "Article"


def test_the_draw_takes_english_pages_with_quotations_in_hash_order():
    truth = {
        f"p{i}": {"articleBody": ENGLISH + QUOTED * (4 if i % 2 else 3), "url": ""}
        for i in range(60)
    }
    french = '"Nous paierons nous-mêmes le nouveau pont", a-t-elle dit. '
    truth["french"] = {"articleBody": "Le maire a dit oui. " + french * 5, "url": ""}
    drawn = P.quote_pages(truth)
    assert len(drawn) == P.PAGES
    assert "french" not in drawn
    assert all(int(p[1:]) % 2 for p in drawn)  # three quotations are too few
    assert drawn == P.quote_pages(dict(reversed(list(truth.items()))))  # not the file's order


def test_the_sets_are_consecutive_slices_of_one_draw():
    truth = {f"p{i}": {"articleBody": ENGLISH + QUOTED * 4, "url": ""} for i in range(90)}
    order = ("test", "dev", "test2", "dev2", "test3")
    sets = {which: P.quote_pages(truth, which) for which in order}
    assert [len(sets[w]) for w in order] == [24, 12, 12, 12, 17]
    assert sets["test"] == P.quote_pages(truth)  # the first set is the default
    ranked = sorted(truth, key=lambda p: P.hashlib.sha256(f"{P.SALT}:{p}".encode()).hexdigest())
    assert sum((sets[w] for w in order), []) == ranked[:77]  # one order, cut in five


@pytest.mark.parametrize("which", list(P.SETS))
def test_the_annotation_is_well_formed(which):
    gold = pd.read_csv(P.SETS[which][2], keep_default_na=False, dtype={"page": str})
    assert list(gold.columns) == ["page", "start", "end", "speaker", "kind", "clear", "why"]
    assert set(gold["kind"]) == set(P.KIND)
    assert set(gold["clear"]) == {"yes", "no"}
    assert (gold["start"] < gold["end"]).all()
    named = gold[gold["kind"].isin(["person", "group"])]
    assert (named["speaker"] != "").all()
    assert (gold.loc[gold["kind"].isin(["unnamed", "none"]), "speaker"] == "").all()


@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="the extraction benchmark is absent")
@pytest.mark.parametrize("which", list(P.SETS))
def test_every_annotated_quotation_sits_inside_quotation_marks(which):
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = {P.stem(p): truth[p]["articleBody"] for p in P.quote_pages(truth, which)}
    gold = pd.read_csv(P.SETS[which][2], keep_default_na=False, dtype={"page": str})
    assert set(gold["page"]) == set(bodies)
    opening = set("\"“‘'«`”")  # pages also open with a backtick or a mistyped ”
    bad = [
        (r.page, r.start)
        for r in gold.itertuples()
        if bodies[r.page][r.start - 1] not in opening
        or not (r.end == len(bodies[r.page]) or bodies[r.page][r.end] in "\"”’'»\n")
    ]
    assert bad == []
