"""The off-the-shelf peer beside our attributor (benchmarks/peer_quotes.py), on inline texts."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))

import peer_quotes as P  # noqa: E402

from analysis import quotes  # noqa: E402

# Three paragraphs: the first leaves its quotation open (the newswire convention for a quotation
# that goes on), so textacy refuses the whole document and the paragraphs are run one by one.
TEXT = (
    "Ann Hale said: “The bridge will open in May.\n\n"
    "“We will pay for it ourselves,” Ann Hale said on Monday.\n\n"
    "“Nobody asked us about the tolls,” he said."
)


@pytest.fixture(scope="module")
def table(nlp):
    return P.peer_table([nlp(TEXT)], ["a"])


def test_textacy_refuses_a_document_whose_marks_do_not_pair_up(nlp):
    from textacy.extract.triples import direct_quotations

    with pytest.raises(ValueError):
        list(direct_quotations(nlp(TEXT)))


def test_then_each_paragraph_runs_alone_at_its_own_offsets(table):
    # the open paragraph yields nothing; the other two one quotation each
    assert len(table) == 2
    starts = [TEXT.index("“We will"), TEXT.index("“Nobody")]
    assert table["start"].tolist() == starts
    assert TEXT[table["end"].iloc[0] - 1] == "”"


def test_a_speaker_without_a_proper_noun_is_no_answer(table):
    assert table["speaker"].tolist() == ["Ann Hale", ""]
    assert table["speaker_as_written"].tolist() == ["Ann Hale", "he"]
    assert table["attribution"].tolist() == ["textacy", "textacy, not a name"]


def test_the_peer_is_scored_by_our_rule(table):
    start = TEXT.index("We will")
    second = TEXT.index("Nobody")
    phrases = pd.DataFrame(
        {
            "article_id": ["a", "a"],
            "start": [start, second],
            "end": [start + 27, second + 31],
            "speaker": ["Ann Hale", "Ann Hale"],
            "kind": ["person", "person"],
        }
    )
    scored = quotes.evaluate_phrases(table, phrases)
    assert scored["outcome"].tolist() == ["right", "unattributed"]
    s = P._scores(scored)["persons"]
    assert (s["right"], s["unattributed"], s["right_of_annotated"]) == (1, 1, 0.5)
