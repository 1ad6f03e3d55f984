"""Benchmark: seconds per 100,000 words of one long article, step by step (not a test).

    .venv/bin/python benchmarks/bench_article_length.py                   # 50k, 200k, 500k words
    .venv/bin/python benchmarks/bench_article_length.py --sizes 16000,64000 --budget 120

A cost linear in article length gives the same seconds per 100,000 words at every size; a step
whose number grows with the size is superlinear (a scan of every sentence for every mention, of
every segment for every offset...). The article is a transcript-like dump: BASIL's paragraphs
(its path is an argument; the text is never written into the repository) shuffled by a seeded
RNG, one per line, up to the size, as one ``.txt`` file of a story, beside one news-length
article (so the comparisons across articles have a partner). Each size runs
in its own process, so memory and caches start empty; each step is stopped after ``--budget``
seconds (reported as ``>``), so a quadratic step cannot hold the run for hours.

Steps: read (decode, zones), parse (spaCy per segment), then the measures a story's analysis
runs (:func:`analysis.story_tables.analyse_story`): overview, readability, entities, coverage
(with quotations and shared passages), facts (alignment, events, flags), outlet_articles.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STEPS = (
    "read",
    "parse",
    "overview",
    "readability",
    "entities",
    "coverage",
    "facts",
    "outlet_articles",
)


class Budget(Exception):
    """A step ran out of its time budget."""


def write_article(basil: Path, words: int, folder: Path, seed: int = 13) -> int:
    """Write one article of about ``words`` words from BASIL's paragraphs; return its words."""
    from basil import read_basil

    paragraphs = [
        " ".join(s.strip() for s in p if s.strip())
        for story in read_basil(basil).values()
        for article in story
        for p in article.paragraphs
    ]
    paragraphs = [p for p in paragraphs if p]
    rng = random.Random(seed)
    lines, count = ["A transcript of many stories, one after another"], 0
    while count < words:
        line = rng.choice(paragraphs)
        lines.append(line)
        count += len(line.split())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "transcript.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    # a news-length article beside it, so that the comparisons across articles (shared
    # passages, fact alignment) have something to compare the long one with
    short = ["A short report"] + paragraphs[:12]
    (folder / "report.txt").write_text("\n\n".join(short) + "\n", encoding="utf-8")
    return count


def worker(folder: str, budget: float) -> None:
    """In its own process: time every step on the article in ``folder``; print JSON."""
    from analysis import coverage, entities, facts, overview, readability
    from analysis.corpus import read_corpus
    from analysis.nlp import load_model
    from analysis.story import parse_story
    from analysis.story_tables import Settings, outlet_articles

    def alarm(signum, frame):
        raise Budget

    signal.signal(signal.SIGALRM, alarm)
    nlp = load_model()
    settings = Settings()
    aliases = entities.alias_table(settings.aliases_file)
    state: dict = {}
    times: dict[str, float | None] = {}

    def timed(name, fn):
        signal.setitimer(signal.ITIMER_REAL, budget)
        start = time.perf_counter()
        try:
            state[name] = fn()
            times[name] = time.perf_counter() - start
        except Budget:
            times[name] = None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return times[name] is not None

    steps = [
        ("read", lambda: read_corpus(folder)),
        ("parse", lambda: parse_story(state["read"], nlp, progress=False)),
        ("overview", lambda: overview.analyse(state["parse"])),
        (
            "readability",
            lambda: readability.analyse(
                state["parse"], n_boot=settings.n_boot, seed=settings.seed, level=settings.level
            ),
        ),
        ("entities", lambda: entities.analyse(state["parse"], aliases_file=aliases)),
        (
            "coverage",
            lambda: coverage.analyse(
                state["parse"], aliases_file=aliases, mentions=state["entities"].mentions
            ),
        ),
        (
            "facts",
            lambda: facts.analyse(
                state["parse"], aliases_file=aliases, mentions=state["entities"].mentions
            ),
        ),
        (
            "outlet_articles",
            lambda: outlet_articles(
                state["parse"],
                state["coverage"].reuse,
                state["coverage"].passages,
                state["coverage"].words,
            ),
        ),
    ]
    # one-time loads (the language model, the CMU dictionary, word lists) are not per word:
    # every step runs once on a short article first
    warm = Path(folder).parent / "warm"
    for name, fn in steps:
        if name == "read":
            state["read"] = read_corpus(warm)
        else:
            state[name] = fn()
    state.clear()
    for name, fn in steps:
        needs = {
            "parse": "read",
            "coverage": "entities",
            "facts": "entities",
            "outlet_articles": "coverage",
        }
        if name in needs and needs[name] not in state:
            times[name] = None
            continue
        if name not in ("read", "parse") and "parse" not in state:
            times[name] = None
            continue
        timed(name, fn)
    print(json.dumps(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default=str(ROOT.parent / "shared/corpora/basil-2010-2014"))
    parser.add_argument("--sizes", default="50000,200000,500000", help="words, comma-separated")
    parser.add_argument("--budget", type=float, default=900, help="seconds per step at most")
    parser.add_argument("--worker", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.budget)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    one, five, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores; load {one:.1f} (5 min {five:.1f})")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"w{size}"
            words = write_article(Path(args.dataset), size, folder)
            write_article(Path(args.dataset), 500, Path(tmp) / "warm", seed=7)
            run = subprocess.run(
                [sys.executable, __file__, "--worker", str(folder), "--budget", str(args.budget)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[words] = json.loads(run.stdout.strip().splitlines()[-1])
            one, five, _ = os.getloadavg()
            print(f"  {words:,} words done (load {one:.1f})", flush=True)
    print(f"\nseconds per 100,000 words (> : stopped at the {args.budget:.0f} s budget)")
    print(f"{'step':<16}" + "".join(f"{w:>14,}" for w in results))
    for step in STEPS:
        cells = []
        for words, times in results.items():
            t = times.get(step)
            cells.append(
                f"{'>' + format(args.budget * 1e5 / words, '.1f'):>14}"
                if t is None
                else f"{t * 1e5 / words:>14.2f}"
            )
        print(f"{step:<16}" + "".join(cells))


if __name__ == "__main__":
    main()
