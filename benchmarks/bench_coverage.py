"""Benchmark: how the coverage comparison (notebook 04, ``analysis.coverage.analyse``) scales.

    .venv/bin/python benchmarks/bench_coverage.py                 # 50, 100, 200 articles
    .venv/bin/python benchmarks/bench_coverage.py --sizes 100,400

The synthetic corpus is the one of ``bench_parse.py``: article i is seed i mod 5 with its
paragraphs shuffled, so every article shares whole paragraphs with a fifth of the others — far
more reuse than real news, the worst case for shared-passage search. The spaCy pass is done first
and not timed (``make bench`` measures it). Prints seconds per step; nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_parse import build_corpus  # noqa: E402


def measure(n: int) -> dict[str, float]:
    from analysis import coverage, entities, quotes, reuse
    from analysis.corpus import article_labels, read_corpus
    from analysis.nlp import load_model, parse_corpus, parse_info
    from analysis.story import Story

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        build_corpus(folder, n)
        corpus = read_corpus(folder)
        nlp = load_model()
        docs = list(parse_corpus(corpus, nlp, progress=False))
        story = Story(corpus, docs, article_labels(corpus.ids), parse_info(nlp, corpus))
    aliases = entities.load_aliases(ROOT / "data" / "aliases.yaml")
    times: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - start
        return value

    mentions = timed(
        "entities",
        lambda: entities.canonicalize(
            entities.extract_mentions(corpus, docs, aliases=aliases), aliases
        ),
    )
    table = timed("quotes", lambda: quotes.quote_table(corpus, mentions))
    spans = {a: list(zip(g["start"], g["end"])) for a, g in table.groupby("article_id")}
    passages = timed("shared passages", lambda: reuse.shared_passages(corpus, 6, spans))
    timed("reuse matrix", lambda: reuse.pair_containment(corpus, passages))
    bodies = {a.article_id: a.body_text for a in corpus}
    timed("tf-idf", lambda: coverage.tfidf_similarity(bodies))
    timed("distinctive terms", lambda: coverage.distinctive_terms(bodies))
    timed("whole analyse()", lambda: coverage.analyse(story, aliases_file=aliases))
    times["passages found"] = len(passages)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,100,200", help="corpus sizes, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {n: measure(n) for n in sizes}
    steps = list(next(iter(results.values())))
    print(f"{'step':<20}" + "".join(f"{n:>10} art." for n in sizes))
    for step in steps:
        cells = "".join(
            f"{results[n][step]:>15.2f}"
            if step != "passages found"
            else f"{int(results[n][step]):>15d}"
            for n in sizes
        )
        print(f"{step:<20}{cells}")


if __name__ == "__main__":
    main()
