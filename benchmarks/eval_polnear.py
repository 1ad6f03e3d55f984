"""Quotation attribution on PolNeAR, a third outside test: political news of seven US outlets.

    .venv/bin/python benchmarks/eval_polnear.py --polnear PATH              # set "dev"
    .venv/bin/python benchmarks/eval_polnear.py --polnear PATH --set test

PolNeAR (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR) is 1,008
articles of 2016 election coverage by Breitbart, HuffPost, the New York Times, Politico, USA
Today, the Washington Post and Western Journalism, with every attribution annotated in brat
standoff (``data/<compartment>/text/*.txt`` and ``attributions/*.ann``): its Source, Cue and
Content spans. No rule of the project was written from it, and none of its outlets but two
(and no year) is in BASIL. ``PATH`` is a checkout of that repository; its texts never enter
ours.

The draw (:func:`draw`), made by a salted hash, not by reading: from each compartment, the
articles annotated by exactly one annotator, and from each publisher the first
:data:`PER_PUBLISHER` in hash order: 21 articles of PolNeAR's ``dev`` compartment to develop on
and 21 of its ``test`` compartment as a test; later the next three of each publisher in
``dev`` (``dev2``), to develop on too, and in ``test`` (``test2``), a fresh test once ``test``
had been looked at three times; then the three after those in ``test`` (``test3``), a fresh
test once ``test2`` had been run twice (from then on ``test2`` is read to develop on); then the
three after those (``test4``, 19 articles: two publishers have only two left), once ``test3``
had been run four times.

Gold: a direct quotation is an attribution whose Content holds a quotation mark; each stretch
between marks inside the Content is one annotated phrase (:func:`quoted_stretches`). PolNeAR's
Source is a span of text ("she", "the senator", "a spokesman"), so readers named the speaker
each Source stands for, from the text alone, without seeing the attributor's output
(``data/annotations/polnear_speakers_<set>.csv``: file, content (the Content's T-id), speaker as
the fullest name the article gives, kind ``person`` / ``group`` / ``unnamed``, clear, why).
A direct quotation of a drawn article that has no annotated speaker is left out with a
warning naming it (the readers listed each article's quotations from PolNeAR's spans, so a
checkout scores exactly the quotations they annotated). Scored as ``eval_page_quotes.py`` scores
the news pages: a person is right when the surnames
agree, a named group when our speaker holds every word of its name; any name given to an
``unnamed`` quotation is a false attribution.

Each article runs as a one-article corpus folder through the project's own parse and
``coverage.analyse``, its text unchanged (the check fails loudly if the reader changed it).
Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_page_quotes  # noqa: E402
import eval_quotes  # noqa: E402

#: Salt of the draw: changing it draws other articles (and voids the annotation).
SALT = "news-coverage/polnear/v1"
#: Articles drawn from each publisher of a compartment.
PER_PUBLISHER = 3
ANNOTATIONS = ROOT / "data" / "annotations"
#: The annotated sets: PolNeAR's compartment, the slice of each publisher's hash order, and
#: the speakers readers gave its quotations. ``dev2`` (the next three of each publisher) was
#: drawn and annotated later, for more organisations speaking than ``dev`` holds; ``test2`` (the
#: next three of each publisher in ``test``) once ``test`` had been looked at three times;
#: ``test3`` (the three after those) once ``test2`` had been run twice; ``test4`` (the rest: two
#: publishers have only two articles left) once ``test3`` had been run four times.
SETS = {
    "dev": ("dev", 0, PER_PUBLISHER, ANNOTATIONS / "polnear_speakers_dev.csv"),
    "dev2": ("dev", PER_PUBLISHER, 2 * PER_PUBLISHER, ANNOTATIONS / "polnear_speakers_dev2.csv"),
    "test": ("test", 0, PER_PUBLISHER, ANNOTATIONS / "polnear_speakers_test.csv"),
    "test2": ("test", PER_PUBLISHER, 2 * PER_PUBLISHER, ANNOTATIONS / "polnear_speakers_test2.csv"),
    "test3": (
        "test",
        2 * PER_PUBLISHER,
        3 * PER_PUBLISHER,
        ANNOTATIONS / "polnear_speakers_test3.csv",
    ),
    "test4": (
        "test",
        3 * PER_PUBLISHER,
        4 * PER_PUBLISHER,
        ANNOTATIONS / "polnear_speakers_test4.csv",
    ),
}
_OPEN = ("“", '"', "''")
_CLOSE = ("”", '"', "''")
_MARKS = _OPEN + _CLOSE
_SPAN = re.compile(r"(\d+) (\d+)")


def hash_order(name: str) -> str:
    """The key that orders a file of the draw: the salted hash of its article's stem."""
    return hashlib.sha256(f"{SALT}:{name.rsplit('_', 1)[0]}".encode()).hexdigest()


def draw(root: Path, compartment: str, first: int = 0, last: int = PER_PUBLISHER) -> list[str]:
    """The drawn annotation files (``STEM_ANNOTATOR``) of one compartment (module docstring):
    of each publisher, the files ranked ``first`` to ``last`` in hash order."""
    folder = root / "data" / compartment / "attributions"
    if not folder.is_dir():
        raise SystemExit(f"error: {folder}: not found (is --polnear a PolNeAR checkout?)")
    by_stem = defaultdict(list)
    for path in sorted(folder.glob("*.ann")):
        stem, annotator = path.stem.rsplit("_", 1)
        by_stem[stem].append(annotator)
    by_publisher = defaultdict(list)
    for stem, annotators in by_stem.items():
        if len(annotators) == 1:
            by_publisher[stem.split("_", 1)[0]].append(f"{stem}_{annotators[0]}")
    drawn = []
    for publisher in sorted(by_publisher):
        drawn += sorted(by_publisher[publisher], key=hash_order)[first:last]
    return drawn


def read_ann(text: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict]]:
    """(T-lines by id: (type, fragments, text); E-lines as {role: T-id} with their type)."""
    spans, events = {}, []
    for line in text.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) == 3:
            kind, _, where = fields[1].partition(" ")
            fragments = [(int(s), int(e)) for s, e in _SPAN.findall(where)]
            spans[fields[0]] = (kind, fragments, fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":", 1) for part in fields[1].split())
            event_type = next(iter(roles))
            events.append({"id": fields[0], "type": event_type, **roles})
    return spans, events


def quoted_stretches(text: str, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches between quotation marks inside a Content's fragments (marks left out).

    Marks are “ ”, the straight " and a pair of apostrophes '' (some wire copy); straight marks
    alternate, the first opening. A mark left open at a fragment's end runs to that end (a
    quotation continued in the next paragraph); a ” with nothing open before it in its fragment
    closes a stretch from the fragment's start.
    """
    stretches = []
    for start, end in fragments:
        opened, marked, i = None, False, start
        while i < end:
            width = 2 if text.startswith("''", i) else 1
            mark = text[i : i + width]
            if opened is None and mark in _OPEN:
                opened, marked = i + width, True
            elif opened is not None and mark in _CLOSE:
                stretches.append((opened, i))
                opened = None
            elif opened is None and mark == "”" and not marked:
                stretches.append((start, i))
                marked = True
            i += width
        if opened is not None:
            stretches.append((opened, end))
    return [(s, e) for s, e in stretches if text[s:e].strip()]


def is_direct(content: str) -> bool:
    """Whether a Content's text holds a quotation mark (a direct or partial quotation)."""
    return any(mark in content for mark in _MARKS)


def gold_phrases(root: Path, compartment: str, names: list[str], speakers: pd.DataFrame):
    """(texts by stem, every annotated quoted stretch with its speaker) of the drawn files."""
    by_key = {(r.file, r.content): r for r in speakers.itertuples(index=False)}
    texts, rows, seen = {}, [], set()
    for name in names:
        stem = name.rsplit("_", 1)[0]
        text_file = root / "data" / compartment / "text" / f"{stem}.txt"
        ann_file = root / "data" / compartment / "attributions" / f"{name}.ann"
        text = text_file.read_text(encoding="utf-8")
        texts[stem] = text
        spans, events = read_ann(ann_file.read_text(encoding="utf-8"))
        for event in events:
            content = event.get("Content")
            if content not in spans or not is_direct(spans[content][2]):
                continue
            key = (name, content)
            if key not in by_key:
                # a direct quotation our readers did not list: left out, and said, so that a
                # checkout scores exactly the annotated quotations
                print(
                    f"warning: {ann_file.name}: {event['id']} (Content {content}) holds a "
                    "quotation mark but has no annotated speaker; not scored",
                    file=sys.stderr,
                )
                continue
            seen.add(key)
            gold = by_key[key]
            # a Content in two parts has the second as Content2 (PolNeAR's brat configuration)
            parts = [spans[t][1] for role, t in event.items() if role.startswith("Content")]
            for start, end in quoted_stretches(text, [f for part in parts for f in part]):
                rows.append(
                    {
                        "page": stem,
                        "content": content,
                        "start": start,
                        "end": end,
                        "speaker": gold.speaker,
                        "kind": gold.kind,
                        "clear": gold.clear,
                    }
                )
    extra = sorted(set(by_key) - seen)
    if extra:
        raise SystemExit(f"annotated but not a drawn direct quotation: {extra[:5]}")
    return texts, pd.DataFrame(rows)


def read_set(root: Path, which: str, speakers: pd.DataFrame, work: Path, model: str):
    """(each drawn article as a one-article story, every annotated quotation of the set)."""
    compartment, first, last, _ = SETS[which]
    names = draw(root, compartment, first, last)
    texts, gold = gold_phrases(root, compartment, names, speakers)
    stories = []
    for n, stem in enumerate(sorted(texts), start=1):
        print(f"  [{n}/{len(texts)}] {stem}", file=sys.stderr)
        folder = work / "articles" / stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.txt").write_text(texts[stem], encoding="utf-8")
        story = eval_quotes.build_story(folder, work / "builds" / stem, model)
        read = next(iter(story.corpus)).text
        if read != texts[stem]:
            raise SystemExit(f"{stem}: the reader changed the text, so offsets would not hold")
        stories.append(story)
    return stories, gold


def score(root: Path, which: str, speakers: pd.DataFrame, work: Path, model: str) -> pd.DataFrame:
    """Every annotated quotation of one set, placed in the found quotations and scored."""
    stories, gold = read_set(root, which, speakers, work, model)
    found = [eval_quotes.analyse_quotes(story) for story in stories]
    return eval_page_quotes.score_phrases(pd.concat(found, ignore_index=True), gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", required=True, help="a checkout of networkdynamics/PolNeAR")
    parser.add_argument("--set", dest="which", choices=list(SETS), default="dev")
    parser.add_argument("--gold", default="", help="the speakers (default: the set's)")
    eval_page_quotes.add_run_arguments(parser, "articles and their parse")
    args = parser.parse_args(argv)

    gold_file = Path(args.gold or SETS[args.which][3])
    speakers = pd.read_csv(gold_file, keep_default_na=False, dtype=str)
    with tempfile.TemporaryDirectory() as tmp:
        scored = score(Path(args.polnear), args.which, speakers, Path(args.work or tmp), args.model)
    eval_page_quotes.publish(
        scored, args.which, args.phrases, args.json, "PolNeAR (US political news, 2016)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
