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


def test_the_annotation_is_well_formed():
    gold = pd.read_csv(P.GOLD, keep_default_na=False, dtype={"page": str})
    assert list(gold.columns) == ["page", "start", "end", "speaker", "kind", "clear", "why"]
    assert set(gold["kind"]) == set(P.KIND)
    assert set(gold["clear"]) == {"yes", "no"}
    assert (gold["start"] < gold["end"]).all()
    named = gold[gold["kind"].isin(["person", "group"])]
    assert (named["speaker"] != "").all()
    assert (gold.loc[gold["kind"].isin(["unnamed", "none"]), "speaker"] == "").all()


@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="the extraction benchmark is absent")
def test_every_annotated_quotation_sits_inside_quotation_marks():
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = {P.stem(p): truth[p]["articleBody"] for p in P.quote_pages(truth)}
    gold = pd.read_csv(P.GOLD, keep_default_na=False, dtype={"page": str})
    assert set(gold["page"]) == set(bodies)
    opening = set("\"“‘'«")
    bad = [
        (r.page, r.start)
        for r in gold.itertuples()
        if bodies[r.page][r.start - 1] not in opening
        or not (r.end == len(bodies[r.page]) or bodies[r.page][r.end] in "\"”’'»\n")
    ]
    assert bad == []
