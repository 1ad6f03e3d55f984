"""The zone evaluation's own rules (benchmarks/eval_zones.py): split, line labels, line cutting.

The evaluation itself needs the benchmark's pages and is never run by the tests; these pin the
definitions its numbers rest on, on small texts written for the tests.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ez():
    spec = importlib.util.spec_from_file_location(
        "eval_zones", PROJECT / "benchmarks" / "eval_zones.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_zones"] = module
    spec.loader.exec_module(module)
    return module


def test_split_is_fixed_by_the_salted_hash_and_halves_the_ids(ez):
    ids = [f"{i:03d}" for i in range(11)]
    halves = ez.split_ids(ids)
    assert sorted(halves["dev"] + halves["test"]) == ids
    assert len(halves["dev"]) == 5 and len(halves["test"]) == 6
    # order of the input does not matter; the salt decides
    assert ez.split_ids(list(reversed(ids))) == halves


@pytest.mark.parametrize(
    "line, holds",
    [
        ("The ministers met for ten hours.", True),  # a whole line
        ("met for ten hours", True),  # contiguous tokens inside a line
        ("MET  for ten-hours!", True),  # case, spaces and punctuation do not count
        ("comes next. Both sides meet", True),  # across a line break of the ground truth
        ("The ministers met for eleven hours.", False),
        ("What comes next", True),  # a short line equal to a whole ground-truth line
        ("Both sides", False),  # a short line found only inside a longer one
        ("Photo", False),
        ("_____", False),  # no tokens of the ground truth
        ("---", False),  # no tokens at all
    ],
)
def test_a_line_is_body_iff_the_ground_truth_holds_it(ez, line, holds):
    truth = ez.Truth.of(
        "The ministers met for ten hours.\nWhat comes next\nBoth sides meet again on Friday."
    )
    assert truth.holds(line) is holds


def test_text_lines_cut_at_block_elements_and_drop_scripts(ez):
    import lxml.html

    html = (
        "<div><h2>Talks <em>resume</em></h2><p>The ministers met.<br>They spoke.</p>"
        "<script>var x = 1;</script><ul><li>Share</li><li>Print</li></ul>tail</div>"
    )
    element = lxml.html.fromstring(html)
    assert ez.text_lines(element) == [
        "Talks resume",
        "The ministers met.",
        "They spoke.",
        "Share",
        "Print",
        "tail",
    ]


def test_line_score_counts_non_body_detection_and_body_words_lost(ez):
    score = ez.LineScore()
    score.add(is_body=False, kept=False, words=1, words_lost=0)  # furniture set aside
    score.add(is_body=False, kept=True, words=2, words_lost=0)  # furniture kept
    score.add(is_body=True, kept=False, words=4, words_lost=4)  # a body line set aside
    score.add(is_body=True, kept=True, words=6, words_lost=0)
    n = score.numbers()
    assert (n["true_positive"], n["false_positive"], n["false_negative"]) == (1, 1, 1)
    assert n["precision"] == n["recall"] == n["f1"] == 0.5
    assert n["body_words_lost_percent"] == 40.0
