"""The PolNeAR quotation test (benchmarks/eval_polnear.py): its draw, gold and annotation."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))

import eval_polnear as P  # noqa: E402


def stretches(text, fragments):
    return [text[s:e] for s, e in P.quoted_stretches(text, fragments)]


def test_a_quoted_stretch_is_the_text_between_its_marks():
    text = 'He said "we will build it" and “pay for it” too.'
    assert stretches(text, [(0, len(text))]) == ["we will build it", "pay for it"]


def test_each_piece_of_a_split_content_keeps_its_own_quotations():
    text = '"It is time," said the mayor, "to pay for the bridge."'
    first, second = (0, 13), (29, len(text))
    assert stretches(text, [first, second]) == ["It is time,", "to pay for the bridge."]


def test_a_quotation_left_open_runs_to_the_end_of_its_piece():
    # a quotation continued in the next paragraph opens again there without closing first
    text = "“We will build it.\n“And we will pay for it,” she said."
    assert stretches(text, [(0, 18), (19, 44)]) == ["We will build it.", "And we will pay for it,"]


def test_a_closing_mark_with_nothing_open_closes_from_the_start_of_its_piece():
    text = "and we will pay for it,” she said."
    assert stretches(text, [(0, 24)]) == ["and we will pay for it,"]


def test_the_annotation_lines_are_read_with_their_pieces_and_roles():
    ann = (
        "T1\tSource 0 3\tShe\n"
        "T2\tCue 4 8\tsaid\n"
        'T3\tContent 9 20;25 30\t"We will" "go"\n'
        "T4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T1\tignored\n"
    )
    spans, events = P.read_ann(ann)
    assert spans["T3"] == ("Content", [(9, 20), (25, 30)], '"We will" "go"')
    assert events == [
        {"id": "E1", "type": "Attribution", "Attribution": "T4", "Content": "T3", "Cue": "T2",
         "Source": "T1"}
    ]  # fmt: skip


def test_the_draw_takes_single_annotator_articles_by_publisher_in_hash_order(tmp_path):
    folder = tmp_path / "data" / "dev" / "attributions"
    folder.mkdir(parents=True)
    for publisher in ("nyt", "politico"):
        for n in range(6):
            (folder / f"{publisher}_2016-09-0{n}_story-{n}_4b22.ann").write_text("")
    for annotator in ("4b22", "ef2d"):  # two annotators: a quality-control article, left out
        (folder / f"nyt_2016-09-09_twice_{annotator}.ann").write_text("")
    drawn = P.draw(tmp_path, "dev")
    assert len(drawn) == 2 * P.PER_PUBLISHER
    assert not any("twice" in name for name in drawn)
    nyt = sorted((p.stem for p in folder.glob("nyt_*story*")), key=P.hash_order)
    assert drawn[: P.PER_PUBLISHER] == nyt[: P.PER_PUBLISHER]


def test_a_folder_that_is_not_a_checkout_is_named(tmp_path):
    with pytest.raises(SystemExit, match="is --polnear a PolNeAR checkout"):
        P.draw(tmp_path, "dev")


@pytest.mark.parametrize("which", list(P.SETS))
def test_the_annotation_is_well_formed(which):
    gold = pd.read_csv(P.SETS[which][3], keep_default_na=False, dtype=str)
    assert list(gold.columns) == ["file", "content", "speaker", "kind", "clear", "why"]
    assert set(gold["kind"]) <= {"person", "group", "unnamed"}
    assert set(gold["clear"]) <= {"yes", "no"}
    assert gold["content"].str.fullmatch(r"T\d+").all()
    assert not gold.duplicated(["file", "content"]).any()
    named = gold[gold["kind"].isin(["person", "group"])]
    assert (named["speaker"] != "").all()
    assert (gold.loc[gold["kind"] == "unnamed", "speaker"] == "").all()
    publishers = gold.drop_duplicates("file")["file"].str.split("_").str[0].value_counts()
    assert publishers.le(P.PER_PUBLISHER).all()  # no more articles than the draw takes


def test_two_apostrophes_mark_a_quotation_as_in_some_wire_copy():
    text = "It is called ''income averaging'' by the code."
    assert stretches(text, [(0, len(text))]) == ["income averaging"]
    assert P.is_direct(text) and not P.is_direct("It's the candidate's plan.")


def test_the_second_development_slice_follows_the_first(tmp_path):
    folder = tmp_path / "data" / "dev" / "attributions"
    folder.mkdir(parents=True)
    for n in range(8):
        (folder / f"nyt_2016-09-0{n}_story-{n}_4b22.ann").write_text("")
    first = P.draw(tmp_path, "dev", *P.SETS["dev"][1:3])
    second = P.draw(tmp_path, "dev", *P.SETS["dev2"][1:3])
    assert len(first) == len(second) == P.PER_PUBLISHER and not set(first) & set(second)
    assert first + second == P.draw(tmp_path, "dev", 0, 2 * P.PER_PUBLISHER)


def test_the_test_slices_are_consecutive_and_disjoint(tmp_path):
    folder = tmp_path / "data" / "test" / "attributions"
    folder.mkdir(parents=True)
    for n in range(14):
        (folder / f"nyt_2016-10-{n:02d}_story-{n}_4b22.ann").write_text("")
    names = ("test", "test2", "test3", "test4")
    slices = [P.draw(tmp_path, "test", *P.SETS[s][1:3]) for s in names]
    assert [len(s) for s in slices] == [P.PER_PUBLISHER] * 4
    assert sum(slices, []) == P.draw(tmp_path, "test", 0, 4 * P.PER_PUBLISHER)
    assert len(set(sum(slices, []))) == 4 * P.PER_PUBLISHER


def test_gold_places_each_annotated_quotation_and_names_the_unannotated(tmp_path, capsys):
    text = '“We are close,” Ann Hale said. Tom Reed said it was "a disaster" and left.\n'
    folder = tmp_path / "data" / "dev"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "nyt_2016-09-01_a.txt").write_text(text, encoding="utf-8")
    ann = (
        "T1\tContent 0 15\t“We are close,”\n"
        "T2\tSource 16 24\tAnn Hale\n"
        'T3\tContent 45 64\tit was "a disaster"\n'
        "T4\tSource 31 39\tTom Reed\n"
        "E1\tAttribution:T2 Content:T1 Source:T2\n"
        "E2\tAttribution:T4 Content:T3 Source:T4\n"
    )
    (folder / "attributions" / "nyt_2016-09-01_a_4b22.ann").write_text(ann, encoding="utf-8")
    speakers = pd.DataFrame(
        [["nyt_2016-09-01_a_4b22", "T1", "Ann Hale", "person", "yes", "source names her"]],
        columns=["file", "content", "speaker", "kind", "clear", "why"],
    )
    texts, gold = P.gold_phrases(tmp_path, "dev", ["nyt_2016-09-01_a_4b22"], speakers)
    assert [text[s:e] for s, e in zip(gold["start"], gold["end"])] == ["We are close,"]
    assert "E2 (Content T3) holds a quotation mark but has no annotated speaker" in (
        capsys.readouterr().err
    )
