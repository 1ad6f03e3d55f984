"""Benchmark: the collection runner on Dask against bare ``nlp.pipe`` (not a test).

    .venv/bin/python benchmarks/bench_collection.py                          # 2,000 stories
    .venv/bin/python benchmarks/bench_collection.py --stories 600 --sizes 150,600 --speed 60

A synthetic collection is built from BASIL (its path is an argument; the texts stay out of the
repository): story k is BASIL story k mod 50, each of its three articles with its paragraphs
shuffled by a seeded RNG and one paragraph taken from the same outlet's article of another
story, so every story differs but keeps BASIL's length and style. Then, in one run, side by side:

* **speed** (``--speed`` stories, ``--repeats`` times, interleaved): bare ``nlp.pipe`` over the
  same article texts in one process (same model and components, docs discarded) against the
  whole collection task (read, zones, spaCy per segment, every measure, Parquet written) on a
  warmed-up local Dask cluster of one worker and of two: articles per second;
* **memory** (for each of ``--sizes``): a fresh cluster of two workers runs that many stories;
  the peak resident memory of each worker process (``ru_maxrss``) is read from the workers;
* **no-change re-run**: the same run again, nothing changed: seconds;
* **where the time goes**: the speed stories in one process, each step of the task timed apart
  (read and zones, spaCy, the measures, the Parquet written).

The machine's load average is printed with every measurement. Nothing is asserted; the numbers
go in the README.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def build_collection(basil: Path, folder: Path, n: int, seed: int = 13) -> list[Path]:
    """Write ``n`` synthetic stories under ``folder`` from BASIL; return their folders."""
    from basil import OUTLETS, article_text, read_basil

    stories = list(read_basil(basil).values())
    made = []
    for k in range(n):
        rng = random.Random(f"{seed}:{k}")
        source = stories[k % len(stories)]
        donor = stories[rng.randrange(len(stories))]
        story = folder / f"story{k:05d}"
        story.mkdir(parents=True, exist_ok=True)
        rows = [["file", "outlet", "label"]]
        for article in source:
            paragraphs = list(article.paragraphs)
            rng.shuffle(paragraphs)
            same_outlet = [a for a in donor if a.outlet == article.outlet]
            if same_outlet and same_outlet[0].paragraphs:
                paragraphs[rng.randrange(len(paragraphs))] = rng.choice(same_outlet[0].paragraphs)
            text = article_text(replace(article, paragraphs=tuple(paragraphs)))
            (story / f"{article.outlet}.txt").write_text(text, encoding="utf-8")
            rows.append([f"{article.outlet}.txt", OUTLETS[article.outlet], article.outlet])
        with open(story / "articles.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        made.append(story)
    return made


def subset(folders: list[Path], n: int, into: Path) -> Path:
    """Symlink the first ``n`` story folders into ``into``: a collection of those stories."""
    into.mkdir(parents=True, exist_ok=True)
    for story in folders[:n]:
        link = into / story.name
        if not link.exists():
            link.symlink_to(story, target_is_directory=True)
    return into


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f})"


def bare_worker(folder: str, batch_size: int) -> None:
    """In its own process: nlp.pipe over every article text of the collection, docs discarded."""
    from analysis.nlp import load_model
    from analysis.text import count_words

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*/*.txt"))]
    words = sum(count_words(t) for t in texts)
    nlp = load_model()
    nlp("Warm up the model once.")
    start = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "articles": n,
                "words": words,
                "seconds": seconds,
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def bare(folder: Path, batch_size: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--bare-worker", str(folder), "--batch-size", str(batch_size)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def breakdown_worker(folder: str, batch_size: int) -> None:
    """In its own process: the steps of the story task, timed apart, over every story."""
    from analysis.collection import write_story
    from analysis.corpus import load_zone_rules, read_corpus
    from analysis.entities import alias_table
    from analysis.nlp import load_model
    from analysis.story import parse_story
    from analysis.story_tables import Settings, analyse_story

    settings = Settings()
    rules, aliases = load_zone_rules(None), alias_table(settings.aliases_file)
    nlp = load_model(settings.model)
    nlp("Warm up the model once.")
    seconds = {"read": 0.0, "parse": 0.0, "measures": 0.0, "write": 0.0}
    articles = 0
    with tempfile.TemporaryDirectory() as out:
        for k, story_folder in enumerate(sorted(Path(folder).iterdir())):
            t0 = time.perf_counter()
            corpus = read_corpus(story_folder, rules)
            t1 = time.perf_counter()
            with nlp.memory_zone():
                story = parse_story(corpus, nlp, batch_size=batch_size, progress=False)
                t2 = time.perf_counter()
                tables = analyse_story(story, settings, aliases=aliases)
            t3 = time.perf_counter()
            write_story(out, f"s{k}", tables, {})
            t4 = time.perf_counter()
            articles += len(corpus)
            for step, spent in zip(seconds, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                seconds[step] += spent
    print(json.dumps({"articles": articles, "seconds": seconds}))


def breakdown(folder: Path, batch_size: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--breakdown-worker", str(folder)]
        + ["--batch-size", str(batch_size)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _TaskPhasePeak(threading.Thread):
    """Read every worker's peak memory once all stories are written, before the aggregation."""

    def __init__(self, client, stories: Path, total: int) -> None:
        super().__init__(daemon=True)
        self.client, self.stories, self.total = client, stories, total
        self.peaks: list[float] = []

    def run(self) -> None:
        while True:
            done = 0
            if self.stories.is_dir():
                done = sum(1 for p in self.stories.iterdir() if not p.name.startswith("."))
            if done >= self.total:
                self.peaks = sorted(self.client.run(_peak_mib).values())
                return
            time.sleep(0.5)


def on_cluster(workers: int, collection: Path, out: Path, warmup: Path) -> dict:
    """Time ``collection`` on a local cluster of ``workers``, warmed up on another story first."""
    import logging

    import dask
    from dask.distributed import Client, LocalCluster

    from analysis.collection import run_collection

    # as the runner's own cluster (analysis.collection._client): no statistical profiler
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            worker_dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        # every worker loads the model and warms up (one task each, pinned to it)
        for address in client.scheduler_info()["workers"]:
            client.submit(_warm, str(warmup), workers=[address], pure=False).result()
        total = sum(1 for p in collection.iterdir() if not p.name.startswith("."))
        watch = _TaskPhasePeak(client, out / "stories", total)
        watch.start()
        start = time.perf_counter()
        report = run_collection(
            collection, out, scheduler=cluster.scheduler_address, progress=False
        )
        seconds = time.perf_counter() - start
        watch.join()
        peaks = sorted(client.run(_peak_mib).values())
    manifest = report.manifest
    return {
        "articles": int(manifest["articles"].sum()),
        "words": int(manifest["words"].sum()),
        "seconds": seconds,
        "task_seconds": float(manifest["seconds"].sum()),
        "failed": int((manifest["status"] == "failed").sum()),
        "peak_mib": peaks,  # the whole run, the outlet tables' query on the workers included
        "task_peak_mib": watch.peaks,  # when the last story's tables were written
    }


def _warm(folder: str) -> None:
    """Run one story on this worker, output thrown away: the model and word lists loaded."""
    from analysis.collection import StoryJob, story_task
    from analysis.sources import folder_digest
    from analysis.story_tables import Settings

    with tempfile.TemporaryDirectory() as tmp:
        job = StoryJob("warm", "warm", folder, tmp, folder_digest(folder), Settings(), "warm")
        story_task(job)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default=str(ROOT.parent / "shared/corpora/basil-2010-2014"))
    parser.add_argument("--stories", type=int, default=2000, help="synthetic stories built")
    parser.add_argument("--sizes", default="500,2000", help="stories per memory run")
    parser.add_argument("--speed", type=int, default=150, help="stories per speed run")
    parser.add_argument("--repeats", type=int, default=2, help="speed runs (0: none)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--keep", default="", help="folder to build in and keep (default: temp)")
    parser.add_argument("--bare-worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--breakdown-worker", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        bare_worker(args.bare_worker, args.batch_size)
        return
    if args.breakdown_worker:
        breakdown_worker(args.breakdown_worker, args.batch_size)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    base = Path(args.keep or tempfile.mkdtemp(prefix="bench-collection-"))
    print(f"machine: {os.cpu_count()} cores; {load()}; building {args.stories} stories in {base}")
    folders = build_collection(Path(args.dataset), base / "all", max(args.stories, *sizes))
    warmup = folders[-1]
    speed = subset(folders, args.speed, base / f"speed{args.speed}")

    rows = []
    for r in range(args.repeats):
        for mode in ("bare", "1 worker", "2 workers"):
            before = load()
            if mode == "bare":
                m = bare(speed, args.batch_size)
            else:
                out = base / f"out-speed-{mode[0]}-{r}"
                shutil.rmtree(out, ignore_errors=True)
                m = on_cluster(int(mode[0]), speed, out, warmup)
            m.update(mode=mode, repeat=r + 1, load_before=before, load_after=load())
            m["articles_per_s"] = m["articles"] / m["seconds"]
            rows.append(m)
            if mode == "bare":
                tasks = ""
            else:  # the tasks' own seconds, spread over the workers: no start-up, no aggregation
                m["task_rate"] = m["articles"] / (m["task_seconds"] / int(mode[0]))
                tasks = f" (the story tasks alone: {m['task_rate']:.2f})"
            print(
                f"speed {mode:9} run {r + 1}: {m['articles']} articles in {m['seconds']:.1f} s = "
                f"{m['articles_per_s']:.2f} articles/s{tasks}; peak "
                f"{', '.join(f'{p:.0f}' for p in np.atleast_1d(m['peak_mib']))} MiB "
                f"[{before} -> {m['load_after']}]",
                flush=True,
            )
    by_mode = {
        mode: sorted(m["articles_per_s"] for m in rows if m["mode"] == mode)
        for mode in ("bare", "1 worker", "2 workers")
    }
    best = {mode: values[-1] for mode, values in by_mode.items() if values}
    if rows:
        print("\narticles/s (each run; best):")
        for mode, values in by_mode.items():
            print(f"  {mode:9} {', '.join(f'{v:.2f}' for v in values)}; best {best[mode]:.2f}")
        print(
            f"  1 worker / bare = {best['1 worker'] / best['bare']:.2f} (target >= 0.8); "
            f"2 workers / 1 worker = {best['2 workers'] / best['1 worker']:.2f} (target >= 1.6)"
        )

    if rows:
        # where a task's time goes: the same stories, one process, each step timed apart
        steps = breakdown(speed, args.batch_size)
        total = sum(steps["seconds"].values())
        print(f"\none process, the task's steps over the same {steps['articles']} articles:")
        for step, spent in steps["seconds"].items():
            print(f"  {step:8} {spent:6.1f} s ({spent / total:5.1%})")
        print(
            f"  all      {total:6.1f} s = {steps['articles'] / total:.2f} articles/s; "
            f"the parse step alone {steps['articles'] / steps['seconds']['parse']:.2f} articles/s"
        )

    print("\nmemory and re-runs (a fresh cluster of 2 workers for each size):")
    from analysis.collection import run_collection

    for size in sizes:
        collection = subset(folders, size, base / f"size{size}")
        out = base / f"out-size-{size}"
        shutil.rmtree(out, ignore_errors=True)
        before = load()
        m = on_cluster(2, collection, out, warmup)
        start = time.perf_counter()
        again = run_collection(collection, out, progress=False)
        rerun = time.perf_counter() - start
        reused = int((again.manifest["status"] == "reused").sum())
        print(
            f"  {size:5} stories ({m['articles']} articles, {m['words']:,} words): "
            f"{m['seconds']:.0f} s = {m['articles'] / m['seconds']:.2f} articles/s; peak per "
            f"worker when the stories were done "
            f"{', '.join(f'{p:.0f}' for p in m['task_peak_mib'])} MiB, after the outlet query "
            f"{', '.join(f'{p:.0f}' for p in m['peak_mib'])} MiB; no-change re-run "
            f"{rerun:.1f} s ({reused} reused) [{before} -> {load()}]",
            flush=True,
        )

    if not rows:  # no speed runs: no sizing
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        return
    per_core = best["2 workers"] / 2 * 3600
    print(
        f"\nsizing: {per_core:,.0f} articles/hour per core (2 workers on this machine, "
        f"best run); 1 M articles = {1e6 / per_core:,.0f} core-hours: "
        f"{1e6 / per_core / 24 / 8:.1f} machines of 8 cores for a day, "
        f"{1e6 / per_core / 8:.0f} hours on one"
    )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
