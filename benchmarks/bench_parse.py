"""Benchmark: the project's spaCy pass against bare ``nlp.pipe`` on the same texts.

    make bench                                   # 2,000 articles
    .venv/bin/python benchmarks/bench_parse.py --articles 500 --sizes 125,250,500

A synthetic corpus is built from the seed articles: article i is seed i mod 5 with its body
paragraphs shuffled by a seeded RNG, so texts differ but have the seeds' style and length. Each
measurement runs in a fresh subprocess, so its peak resident memory (ru_maxrss) is its own:

* ``pipeline``: read_corpus (decode, zones) + parse_corpus (one Doc per zone segment, joined)
  + write_docs (DocBin on disk) — what ``make`` runs;
* ``bare``: ``nlp.pipe(texts)`` consumed doc by doc, with the same model and components on the same
  article texts (whole articles, no zones, nothing written).

Prints words per second for both, the ratio (target >= 0.8) and peak memory per corpus size
(target: flat). Nothing here is asserted; the numbers go in the README and issue notes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(folder: Path, n: int, seed: int = 13) -> None:
    from analysis.corpus import read_corpus

    seeds = read_corpus(ROOT / "data" / "articles")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        article = seeds.articles[i % len(seeds)]
        lines = [s.text for s in article.segments if s.zone != "headline"]
        rng.shuffle(lines)
        text = "\n\n".join([article.headline, *lines]) + "\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def worker(mode: str, folder: Path, batch_size: int) -> dict:
    from analysis.corpus import read_corpus
    from analysis.nlp import load_model, parse_corpus, parse_info, write_docs
    from analysis.text import count_words

    nlp = load_model()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    words = sum(count_words(t) for t in texts)
    nlp("warm up the model once.")
    start = time.perf_counter()
    if mode == "bare":
        # consume the stream without keeping the docs, as the pipeline does
        n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
        assert n == len(texts)
    else:
        corpus = read_corpus(folder)
        with tempfile.TemporaryDirectory() as tmp:
            n = write_docs(
                parse_corpus(corpus, nlp, batch_size=batch_size, progress=False),
                Path(tmp) / "docs.zip",
                parse_info(nlp, corpus),
            )
        assert n == len(texts)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "articles": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds),
        "peak_mib": round(peak_mib),
    }


def run(mode: str, folder: Path, batch_size: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            mode,
            "--folder",
            str(folder),
            "--batch-size",
            str(batch_size),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--sizes",
        default="",
        help="comma-separated corpus sizes for the memory "
        "check (default: a quarter, half and all of --articles)",
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--worker", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.batch_size)))
        return

    n = args.articles
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [n // 4, n // 2, n]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"building a synthetic corpus of {n} articles from the seeds ...", file=sys.stderr)
        full = Path(tmp) / f"n{n}"
        build_corpus(full, n)
        bare = run("bare", full, args.batch_size)
        pipe = run("pipeline", full, args.batch_size)
        print(
            f"{'mode':<10}{'articles':>9}{'words':>10}{'seconds':>9}{'words/s':>9}{'peak MiB':>10}"
        )
        for r in (bare, pipe):
            print(
                f"{r['mode']:<10}{r['articles']:>9}{r['words']:>10}{r['seconds']:>9}"
                f"{r['words_per_second']:>9}{r['peak_mib']:>10}"
            )
        ratio = pipe["words_per_second"] / bare["words_per_second"]
        print(f"throughput ratio pipeline/bare: {ratio:.2f} (target >= 0.8)")
        print("peak memory of the pipeline by corpus size (target: flat):")
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            if size != n:
                build_corpus(folder, size)
            r = pipe if size == n else run("pipeline", folder, args.batch_size)
            print(f"  {size:>6} articles: {r['peak_mib']:>5} MiB")


if __name__ == "__main__":
    main()
