"""Precision of the fact flags (omitted, discrepancy, quote variant), judged by a reader.

    .venv/bin/python benchmarks/judge_flags.py sample --basil ../shared/corpora/basil-2010-2014 \
        --out /tmp/flags_to_judge.csv     # a seeded sample, with the sentences (not committed)
    .venv/bin/python benchmarks/judge_flags.py score \
        --judgements data/annotations/basil_flag_judgements.csv

Fact links and events have a gold standard (``eval_facts.py``); the flags built on them do not.
Their precision is measured by judgement instead: ``sample`` runs notebook 05's analysis
(``facts.analyse`` with the defaults) on the BASIL **test** stories (the thresholds were chosen
on the development stories and the seeds), draws up to :data:`PER_KIND` flags of each kind with
a fixed seed, and writes them with their sentences and the question a reader answers (yes, no,
or unsure) to a file outside the repository; for an omission, the omitting article's file is
named so the reader can check the whole article. A reader who has not seen the code judges them;
the verdicts alone (story, kind, article, offsets, verdict, reason — no article text) are
committed as ``data/annotations/basil_flag_judgements.csv``, and ``score`` prints each kind's
precision with a Wilson 95 % interval ("unsure" counted apart).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

#: Flags drawn per kind, and the seed of the draw.
PER_KIND = 25
SEED = 20261202
#: The question the reader answers for each kind of flag.
QUESTIONS = {
    "omitted": (
        "Read the whole OMITTING article (article_id; its file is omitting_file). Does it "
        "leave out the claim of `other_text` (a sentence of another article that carries the "
        "fact)? yes = it really does not report it anywhere, in any wording; no = it does "
        "report it somewhere."
    ),
    "discrepancy": (
        "Do `text` and `other_text` give different values for the same quantity or date of "
        "the same thing (a real disagreement between the two articles)? yes / no."
    ),
    "quote variant": (
        "Are the quotations in `text` and `other_text` the same speaker's same quotation, "
        "worded differently (truncated, extended, or altered)? yes / no."
    ),
}
#: Columns of the committed judgement file (no article text).
JUDGEMENT_COLUMNS = [
    "flag_id",
    "story",
    "flag",
    "article_id",
    "start",
    "end",
    "other_article_id",
    "other_start",
    "other_end",
    "verdict",
    "reason",
]


def sample(basil_root: Path, out: Path) -> None:
    import basil
    import pandas as pd
    from eval_facts import parsed_story

    from analysis import facts
    from analysis.nlp import load_model

    nlp = load_model()
    stories = basil.read_basil(basil_root)
    test = basil.split(list(stories))["test"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, story_id in enumerate(test, start=1):
            print(f"  [{n}/{len(test)}] {story_id}", file=sys.stderr)
            folder = Path(tmp) / story_id
            basil.write_story(stories[story_id], folder)
            result = facts.analyse(
                parsed_story(folder, nlp), facts_gold_file="", events_gold_file=""
            )
            flags = result.flags[result.flags["flag"].isin(list(QUESTIONS))]
            rows.append(flags.assign(story=story_id))
    flags = pd.concat(rows, ignore_index=True)
    rng = random.Random(SEED)
    drawn = []
    for kind in QUESTIONS:
        own = flags[flags["flag"] == kind].to_dict("records")
        drawn += rng.sample(own, min(PER_KIND, len(own)))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                *JUDGEMENT_COLUMNS[:9],
                "omitting_file",
                "question",
                "text",
                "other_text",
                "detail",
                "verdict",
                "reason",
            ]
        )
        for i, row in enumerate(drawn, start=1):
            # an omission's article is the one that leaves the fact out (no offsets of its own)
            omitting = row["article_id"] if row["flag"] == "omitted" else ""
            writer.writerow(
                [
                    f"J{i:03d}",
                    row["story"],
                    row["flag"],
                    row["article_id"],
                    _int(row["start"]),
                    _int(row["end"]),
                    row["other_article_id"],
                    _int(row["other_start"]),
                    _int(row["other_end"]),
                    f"{row['story']}/{omitting}.txt" if omitting else "",
                    QUESTIONS[row["flag"]],
                    row["text"],
                    row["other_text"],
                    row["detail"],
                    "",
                    "",
                ]
            )
    counts = {k: int((flags["flag"] == k).sum()) for k in QUESTIONS}
    print(f"flags in the test stories: {counts}; wrote {len(drawn)} to judge in {out}")


def _int(value) -> str:
    return (
        "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(int(value))
    )


def score(judgements: Path) -> None:
    import pandas as pd

    from analysis.facts import flag_precision

    table = flag_precision(pd.read_csv(judgements, keep_default_na=False))
    print(f"{'flag':<14} {'judged':>6} {'yes':>4} {'no':>4} {'unsure':>6}  precision (95% Wilson)")
    for row in table.itertuples():
        print(
            f"{row.flag:<14} {row.judged:>6} {row.yes:>4} {row.no:>4} {row.unsure:>6}  "
            f"{row.precision:.2f} ({row.low:.2f}-{row.high:.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sample", help="draw flags from the BASIL test stories to judge")
    p.add_argument("--basil", required=True, type=Path, help="the BASIL folder")
    p.add_argument("--out", required=True, type=Path, help="where the sheet goes (not the repo)")
    p = sub.add_parser("score", help="precision of each kind of flag from the verdicts")
    p.add_argument(
        "--judgements",
        type=Path,
        default=PROJECT / "data" / "annotations" / "basil_flag_judgements.csv",
    )
    args = parser.parse_args(argv)
    if args.command == "sample":
        sample(args.basil, args.out)
    else:
        score(args.judgements)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
