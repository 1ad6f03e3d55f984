"""Benchmark: the entity pass on one ever longer article (its cost must be linear in length).

    .venv/bin/python benchmarks/bench_entities.py                    # 50k, 200k, 500k words
    .venv/bin/python benchmarks/bench_entities.py --sizes 16000,64000 --profile

One article of N words: the headline of seed 001, then the seeds' body sentences, each a
paragraph of its own (``--shape lines``, the default: the most segments and sentences per word,
where a scan per mention costs most; ``--shape paragraphs`` keeps the seeds' paragraphs), in a
seeded random order, repeated until N words. It is parsed first (the spaCy pass, not timed: ``make
bench`` measures it); then ``entities.analyse`` (what notebook 03 and the ``entities`` command
run: mentions, corpus evidence, canonical entities, tables) is timed on it, with the default
alias file: the fastest of ``--repeat`` runs, after a warm-up run on a short article (imports,
word lists). Prints seconds and seconds per 100,000 words per size: flat is linear. Nothing is
asserted; the numbers go in the README and issue notes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Article lengths measured by default, in words.
SIZES = (50_000, 200_000, 500_000)
# a full stop, question or exclamation mark, then a capital or an opening quote: a new sentence
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def build_article(folder: Path, words: int, shape: str = "lines", seed: int = 13) -> None:
    """Write one article of about ``words`` words from the seeds' body text.

    ``shape``: ``paragraphs`` (the seeds' paragraphs) or ``lines`` (each sentence a paragraph
    of its own: the most segments and sentences per word, the shape of a pasted list or a
    transcript, where a scan per mention costs most).
    """
    from analysis.corpus import read_corpus
    from analysis.text import count_words

    seeds = read_corpus(ROOT / "data" / "articles")
    paragraphs = [s.text for a in seeds for s in a.segments if s.zone == "body"]
    if shape == "lines":
        paragraphs = [line for p in paragraphs for line in _SENTENCE_BREAK.split(p) if line]
    rng = random.Random(seed)
    lines, total = [], 0
    while total < words:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            lines.append(p)
            total += count_words(p)
            if total >= words:
                break
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join([seeds.articles[1].headline, *lines]) + "\n"
    (folder / "long.txt").write_text(text, encoding="utf-8")


def parsed_article(words: int, shape: str = "lines"):
    """Return a story of one article of ``words`` words, and the seconds its parse took."""
    from analysis.corpus import article_labels, read_corpus
    from analysis.nlp import load_model, parse_corpus, parse_info
    from analysis.story import Story

    with tempfile.TemporaryDirectory() as tmp:
        build_article(Path(tmp), words, shape)
        corpus = read_corpus(tmp)
    nlp = load_model()
    start = time.perf_counter()
    docs = list(parse_corpus(corpus, nlp, progress=False))
    parsed = time.perf_counter() - start
    return Story(corpus, docs, article_labels(corpus.ids), parse_info(nlp, corpus)), parsed


def measure(words: int, shape: str, profile: bool, repeat: int) -> dict[str, float]:
    """Parse one article of ``words`` words, then time the entity pass on it."""
    from analysis import entities

    story, parsed = parsed_article(words, shape)
    corpus = story.corpus
    counted = int(entities.words_per_article(corpus).sum())
    times = []
    for _ in range(repeat):  # the fastest of a few runs: the others met other work
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        result = entities.analyse(story, gold_file="")
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        times.append(time.perf_counter() - start)
    seconds = min(times)
    return {
        "words": counted,
        "mentions": len(result.mentions),
        "parse_s": parsed,
        "entities_s": seconds,
        "per_100k_s": seconds / counted * 100_000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="article lengths in words"
    )
    parser.add_argument(
        "--shape",
        choices=["lines", "paragraphs"],
        default="lines",
        help="each sentence a paragraph (the worst case), or the seeds' paragraphs",
    )
    parser.add_argument("--profile", action="store_true", help="print the entity pass's profile")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (the fastest counts)")
    args = parser.parse_args(argv)
    from analysis import entities

    # imports and one-off loads (the model, word lists) are not the pass: a short run first
    entities.analyse(parsed_article(300)[0], gold_file="")
    print(f"{'words':>9} {'mentions':>9} {'parse s':>9} {'entities s':>11} {'s/100k words':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.shape, args.profile, args.repeat)
        print(
            f"{row['words']:>9,} {row['mentions']:>9,} {row['parse_s']:>9.1f} "
            f"{row['entities_s']:>11.2f} {row['per_100k_s']:>13.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
