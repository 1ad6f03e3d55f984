"""Would a learned line classifier find the furniture our zone rules miss? (A measured "no".)

    .venv/bin/python benchmarks/zones_learned.py --extraction PATH/article-extraction-benchmark

The ``.txt`` path misses a third of the furniture on unseen sites (README, "Accuracy"). Before
writing more rules, this asks whether a classifier trained on generic line features does better
than the rules on sites it was not trained on. Development half only (``eval_zones.split_ids``;
the test half is never read here). Lines are built and labelled exactly as
``eval_zones.py`` builds the ``container`` construction (the page title first, a line is body
iff the ground truth holds it), and each line is described by features that need no lexicon:
its length, final punctuation, capitals, digits, URL or quotation marks, its position against
the article's paragraphs, its neighbours, the run of short unpunctuated lines it sits in, how
many of its words the article's paragraphs also use, and the zone the rules gave it.

The classifiers (logistic regression, gradient-boosted trees; scikit-learn) are scored by
10-fold cross-validation grouped by site (no site is in both training and scoring), side by
side with the rules on the same lines, as non-body detection precision, recall and F1 and the
share of body words lost, alone and OR-ed with the rules, at several thresholds. Never part of
``make test``.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_zones  # noqa: E402

from analysis.corpus import _FINAL_PUNCTUATION, split_zones  # noqa: E402
from analysis.text import count_words  # noqa: E402

FOLDS = 10
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"https?://|www\.|\.com\b|@\w")
_QUOTE = re.compile(r"[\"“”„«»]")
_SEPARATOR = re.compile(r"[|•›»·►]")


def _zones_per_line(lines: list[str]) -> list[list]:
    text = "\n".join(lines) + "\n"
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    per_line: list[list] = [[] for _ in lines]
    for seg in split_zones(text):
        per_line[bisect.bisect_right(starts, seg.start) - 1].append(seg)
    return per_line


def _paragraph_like(line: str) -> bool:
    words = count_words(line)
    return (bool(_FINAL_PUNCTUATION.search(line)) and words > 12) or words > 25


def line_features(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(one row of features per line, whether the rules keep the line as article text)."""
    per_line = _zones_per_line(lines)
    n = len(lines)
    words = [count_words(line) for line in lines]
    final = [bool(_FINAL_PUNCTUATION.search(line)) for line in lines]
    paragraph = [_paragraph_like(line) for line in lines]
    first = next((i for i in range(n) if paragraph[i]), n)
    last = max((i for i in range(n) if paragraph[i]), default=-1)
    vocabulary: dict[str, int] = {}
    for i, line in enumerate(lines):
        if paragraph[i]:
            for w in {x.lower() for x in _WORD.findall(line) if len(x) >= 4}:
                vocabulary[w] = vocabulary.get(w, 0) + 1
    short = [not final[i] and words[i] <= 12 for i in range(n)]
    rows = []
    for i, line in enumerate(lines):
        tokens = _WORD.findall(line)
        letters = [c for c in line if c.isalpha()]
        own = {x.lower() for x in tokens if len(x) >= 4}
        shared = sum(1 for w in own if vocabulary.get(w, 0) - paragraph[i] > 0)
        run = 0
        if short[i]:
            a = b = i
            while a > 0 and short[a - 1]:
                a -= 1
            while b < n - 1 and short[b + 1]:
                b += 1
            run = b - a + 1
        zones = {s.zone for s in per_line[i]}
        rows.append([
            math.log1p(words[i]), math.log1p(len(line)), final[i], line.rstrip().endswith(":"),
            sum(t[0].isupper() for t in tokens) / len(tokens) if tokens else 0.0,
            sum(c.isupper() for c in letters) / len(letters) if letters else 0.0,
            sum(c.isdigit() for c in line) / max(1, len(line)),
            bool(_URL.search(line)), bool(_QUOTE.search(line)), bool(_SEPARATOR.search(line)),
            i / max(1, n - 1), i < first, i > last, i == 0,
            math.log1p(words[i - 1]) if i else 0.0, final[i - 1] if i else 0,
            math.log1p(words[i + 1]) if i < n - 1 else 0.0, final[i + 1] if i < n - 1 else 0,
            paragraph[i + 1] if i < n - 1 else 0, paragraph[i - 1] if i else 0,
            math.log1p(run), shared / len(own) if own else 0.0, not own,
            bool(zones & set(eval_zones.ARTICLE_ZONES)), "subheading" in zones,
            "caption" in zones, "boilerplate" in zones, "headline" in zones,
        ])  # fmt: skip
    kept = [any(s.zone in eval_zones.ARTICLE_ZONES for s in p) for p in per_line]
    return np.array(rows, dtype=float), np.array(kept)


def score(predicted: dict, pages: dict) -> dict[str, float]:
    """Non-body detection precision, recall, F1 and body words lost, over ``pages``."""
    tp = fp = fn = body_words = lost = 0
    for page, p in predicted.items():
        y = pages[page]["nonbody"]
        w = pages[page]["words"]
        tp += int((p & y).sum())
        fp += int((p & ~y).sum())
        fn += int((~p & y).sum())
        body_words += int(w[~y].sum())
        lost += int(w[p & ~y].sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "lost": 100 * lost / body_words}


def _fold(site: str) -> int:
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % FOLDS


def main(argv: list[str] | None = None) -> int:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extraction", required=True, type=Path)
    args = parser.parse_args(argv)
    bench = args.extraction
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for page in eval_zones.split_ids(sorted(truth))["dev"]:
        with gzip.open(bench / "html" / f"{page}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        title = eval_zones.page_title(html)
        body = truth[page]["articleBody"]
        lines = ([title] if title else []) + eval_zones.container_lines(html, body)
        held = eval_zones.Truth.of(body)
        x, kept = line_features(lines)
        pages[page] = {
            "x": x,
            "kept": kept,
            "nonbody": np.array([not held.holds(line) for line in lines]),
            "words": np.array([count_words(line) for line in lines]),
            "fold": _fold(eval_zones.site(truth[page].get("url", ""))),
        }
    lines = sum(len(p["x"]) for p in pages.values())
    print(f"development half: {len(pages)} pages, {lines} lines; {FOLDS} folds grouped by site")
    rules = {page: ~p["kept"] for page, p in pages.items()}
    r = score(rules, pages)
    print(f"{'rules':<28} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
          f"body words lost {r['lost']:.2f}%")  # fmt: skip
    models = {
        "logistic regression": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)
        ),
        "gradient-boosted trees": lambda: HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0
        ),
    }
    for name, make in models.items():
        probability = {}
        for k in range(FOLDS):
            train = [p for p in pages.values() if p["fold"] != k]
            held_out = [page for page, p in pages.items() if p["fold"] == k]
            if not held_out or not train:
                continue
            model = make().fit(
                np.vstack([p["x"] for p in train]), np.concatenate([p["nonbody"] for p in train])
            )
            for page in held_out:
                probability[page] = model.predict_proba(pages[page]["x"])[:, 1]
        for t in THRESHOLDS:
            alone = score({page: p >= t for page, p in probability.items()}, pages)
            both = score({page: (p >= t) | rules[page] for page, p in probability.items()}, pages)
            print(f"{name:<22} {t:.1f}  alone: P {alone['precision']:.3f} R {alone['recall']:.3f} "
                  f"F1 {alone['f1']:.3f} lost {alone['lost']:.2f}% | OR rules: "
                  f"P {both['precision']:.3f} R {both['recall']:.3f} F1 {both['f1']:.3f} "
                  f"lost {both['lost']:.2f}%")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
