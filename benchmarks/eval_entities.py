"""Accuracy of the entity pass on real stories nobody tuned it to (BASIL), and on the seeds.

    .venv/bin/python benchmarks/eval_entities.py --basil ../shared/corpora/basil-2010-2014
    .venv/bin/python benchmarks/eval_entities.py --basil ../shared/corpora/basil-2010-2014 \\
        --split test --baseline /tmp/ent-base --json build/eval_entities.json

Each annotated BASIL story of the split (``benchmarks/basil.py``, ``split()``) is written as a
corpus folder and run through the project's own pipeline, the functions the CLI calls:
``analysis.story.read_story`` (zones, spaCy pass) and ``analysis.entities.analyse`` with the
default alias file, as a new user would run it. The seeds (``data/articles``) are scored against
``data/annotations/gold_entities.csv`` the same way (in-sample: their alias entries were written
from them).

Stages scored against the hand annotation (``data/annotations/basil/<story>.csv``):

* ``before``: the model alone, raw spellings (``entities.raw_mentions``: no alias table, no
  canonicalization) — what the canonical stage improves on;
* ``baseline`` (with ``--baseline DIR``): the canonical mentions of another checkout of the
  project (e.g. ``git worktree add /tmp/ent-base b197703`` and ``make env`` there), through its
  own CLI and environment (``DIR/.venv/bin/python -m analysis entities``);
* ``after``: this checkout's canonical mentions.

Levels (``entities.evaluate``): spans, spans+label, mentions (same canonical entity), counts
(per article and entity: *canonical-count F1*, the target); ``mentions=``/``counts=``, the
same with both names compared by their spelling key (``entities.spelling_key``: case, dots, a
leading "the", titles and, for people, middle initials and "Jr." do not count — the annotators
and the project may both be right about "John A. Boehner" and "John Boehner"); and the
name-independent
``mentions~``/``counts~``, where each predicted entity is first renamed to the gold entity it shares
most mentions with, one to one per story (``entities.align_to_gold``): the difference from the
exact-name levels is what the choice of the name shown costs. Scores are micro-averaged over the
articles of the split; the counts F1 of each story is printed below the table.

Never part of ``make test``: it needs the corpus (``../shared/corpora``), and the texts never
enter the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import basil  # noqa: E402

from analysis import defaults, entities  # noqa: E402

#: Levels printed, in order: evaluate's four, the two with names compared by their spelling key
#: (suffix "="), then the name-independent two (suffix "~").
LEVELS = [
    "spans",
    "spans+label",
    "mentions",
    "counts",
    "mentions=",
    "counts=",
    "mentions~",
    "counts~",
]
SEEDS = ROOT / "data" / "articles"
SEED_GOLD = ROOT / defaults.GOLD_ENTITIES_FILE


def read_gold(files: list[Path]) -> pd.DataFrame:
    """Concatenate annotation files; article ids become ``story/article`` (unique over stories)."""
    gold = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    return gold.assign(article_id=gold["story"] + "/" + gold["article_id"])


def check_gold(gold: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Keep the rows whose offsets point at their surface; say how many do not (left out)."""
    fits = [
        texts.get(a, "")[s:e] == w
        for a, s, e, w in zip(gold["article_id"], gold["start"], gold["end"], gold["surface"])
    ]
    bad = len(fits) - sum(fits)
    if bad:
        print(f"warning: {bad} annotated mention(s) do not point at their surface; left out")
    return gold[fits]


def run_story(folder: Path, story: str, aliases_file: str) -> dict[str, object]:
    """Read, parse and analyse one story folder; return its texts and mentions per stage."""
    from analysis.story import read_story

    told = read_story(folder)
    result = entities.analyse(told, aliases_file=aliases_file, gold_file="")
    raw = entities.raw_mentions(told.corpus, told.docs)

    def tag(table: pd.DataFrame) -> pd.DataFrame:
        return table.assign(story=story, article_id=story + "/" + table["article_id"])

    return {
        "texts": {f"{story}/{a.article_id}": a.text for a in told.corpus},
        "before": tag(raw).assign(entity_label=raw["label"]),
        "after": tag(result.mentions),
    }


def run_baseline(checkout: Path, folder: Path, story: str) -> pd.DataFrame:
    """Canonical mentions of another checkout of the project, through its own CLI."""
    python = checkout / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [str(python), "-m", "analysis", "entities", str(folder), "--out", out, "--gold", ""],
            cwd=checkout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        table = pd.read_csv(Path(out) / "entity_mentions.csv", keep_default_na=False)
    return table.assign(story=story, article_id=story + "/" + table["article_id"])


def score(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every level for one stage: :data:`LEVELS` rows, evaluate's columns."""
    exact = entities.evaluate(predicted, gold, label="entity_label")
    aligned = entities.evaluate(
        entities.align_to_gold(predicted, gold, story="story"), gold, label="entity_label"
    )
    aligned = aligned[aligned["level"].isin(["mentions", "counts"])]
    aligned = aligned.assign(level=aligned["level"] + "~")
    keyed = entities.evaluate(
        predicted.assign(entity=name_keys(predicted, "entity_label")),
        gold.assign(entity=name_keys(gold, "label")),
        label="entity_label",
    )
    keyed = keyed[keyed["level"].isin(["mentions", "counts"])]
    keyed = keyed.assign(level=keyed["level"] + "=")
    return pd.concat([exact, keyed, aligned], ignore_index=True).set_index("level").loc[LEVELS]


def name_keys(table: pd.DataFrame, label: str) -> pd.Series:
    """Each row's entity name as its spelling key (``entities.spelling_key``): "John A.
    Boehner" and "John Boehner", "F.B.I." and "FBI", "The Hill" and "Hill" compare equal."""
    return pd.Series(
        [
            entities.spelling_key(name, person=kind == "PERSON")
            for name, kind in zip(table["entity"], table[label])
        ],
        index=table.index,
        dtype=object,
    )


def per_story_counts(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Canonical-count F1 of each story."""
    out = {}
    for story, g in gold.groupby("story"):
        table = entities.evaluate(predicted[predicted["story"] == story], g).set_index("level")
        out[story] = float(table.loc["counts", "f1"])
    return out


def evaluate_set(
    name: str,
    runs: list[dict[str, object]],
    gold: pd.DataFrame,
    baselines: list[pd.DataFrame] | None,
) -> dict[str, object]:
    """Score every stage of one set of stories against its annotation; print the table."""
    texts = {k: v for run in runs for k, v in run["texts"].items()}
    gold = check_gold(gold, texts)
    stages = {"before": pd.concat([r["before"] for r in runs], ignore_index=True)}
    if baselines is not None:
        stages["baseline"] = pd.concat(baselines, ignore_index=True)
    stages["after"] = pd.concat([r["after"] for r in runs], ignore_index=True)
    tables = {stage: score(pred, gold) for stage, pred in stages.items()}
    shown = pd.concat(tables, names=["stage"]).round(3)
    print(
        f"\n== {name}: {gold['story'].nunique()} stories, {gold['article_id'].nunique()} "
        f"articles, {len(gold)} annotated mentions"
    )
    print(shown.to_string())
    stories = {stage: per_story_counts(pred, gold) for stage, pred in stages.items()}
    if gold["story"].nunique() > 1:
        print("counts F1 per story:")
        print(pd.DataFrame(stories).round(3).to_string())
    return {
        "stories": sorted(gold["story"].unique()),
        "articles": int(gold["article_id"].nunique()),
        "gold_mentions": len(gold),
        "scores": {
            stage: {
                level: {k: _plain(v) for k, v in row.items()}
                for level, row in table.to_dict("index").items()
            }
            for stage, table in tables.items()
        },
        "counts_f1_per_story": stories,
    }


def _plain(value):
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basil", required=True, help="the BASIL folder (../shared/corpora/...)")
    parser.add_argument(
        "--annotations",
        default="data/annotations/basil",
        help="folder of the hand annotations, <story>.csv (relative: from the project root)",
    )
    parser.add_argument(
        "--split",
        choices=["dev", "test", "test2", "test3", "all"],
        default="dev",
        help="test2, test3: the second and third test sets, each annotated after the one before "
        "had been looked at",
    )
    parser.add_argument(
        "--aliases", default=defaults.ALIASES_FILE, help="alias file for BASIL ('' for none)"
    )
    parser.add_argument(
        "--seed-aliases",
        default=defaults.ALIASES_FILE,
        help="alias file for the seeds (what the seed build uses)",
    )
    parser.add_argument(
        "--baseline", metavar="DIR", help="another checkout of the project, with its own .venv"
    )
    parser.add_argument("--work", default="", help="where the story folders go (default: temp)")
    parser.add_argument("--json", metavar="FILE", help="also write every number here")
    args = parser.parse_args(argv)

    annotations = Path(args.annotations)
    annotations = annotations if annotations.is_absolute() else ROOT / annotations
    halves = basil.split(list(basil.read_basil(args.basil)))
    names = ["dev", "test", "test2", "test3"] if args.split == "all" else [args.split]
    baseline = Path(args.baseline).resolve() if args.baseline else None
    report: dict[str, object] = {"split": args.split, "aliases": args.aliases}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        for half in names:
            stories = halves[f"{half}_annotated"]
            files = [annotations / f"{s}.csv" for s in stories]
            missing = [str(f) for f in files if not f.is_file()]
            if missing:
                print(f"error: no annotation for {', '.join(missing)}", file=sys.stderr)
                return 2
            folders = basil.write_folders(args.basil, work, only=stories)
            runs, bases = [], [] if baseline else None
            for folder in folders:
                runs.append(run_story(folder, folder.name, args.aliases))
                if baseline:
                    bases.append(run_baseline(baseline, folder, folder.name))
            report[f"basil_{half}"] = evaluate_set(f"BASIL {half}", runs, read_gold(files), bases)
    seeds = run_story(SEEDS, "seeds", args.seed_aliases)
    seed_gold = pd.read_csv(SEED_GOLD).assign(story="seeds")
    seed_gold = seed_gold.assign(article_id="seeds/" + seed_gold["article_id"])
    seed_base = [run_baseline(baseline, SEEDS, "seeds")] if baseline else None
    report["seeds"] = evaluate_set("seeds (in-sample)", [seeds], seed_gold, seed_base)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
