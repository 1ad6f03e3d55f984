"""Our quotation attributor side by side with an off-the-shelf one, on the same annotations.

    .venv/bin/python benchmarks/peer_quotes.py --split all \\
        --extraction ../shared/corpora/article-extraction-benchmark \\
        --basil ../shared/corpora/basil-2010-2014 [--polnear PATH] [--json FILE]

Is 0.84 good? The Gender Gap Tracker's published 86–87 % uses another unit (the speaker span
overlaps the annotated one; its extractor is not packaged), so the README's figures had nothing
to stand beside. The peer here is the rule-based extractor of a well-kept library,
``textacy.extract.triples.direct_quotations`` (textacy 0.13, pinned in the lock's ``peers``
extra): for each pair of quotation marks it takes the nearest reporting verb of the adjacent
sentences and that verb's active subject, with its compounds and conjuncts, as the speaker. It
is given exactly what our attributor gets, **the same spaCy parse of the same article text**
(the parse ``make``/``python -m analysis parse`` caches), and its answers are scored by the
same rule (``quotes.evaluate_phrases``) against the same annotations:

* the news pages of the extraction benchmark, every annotated set (``eval_page_quotes.SETS``:
  ``test`` and, once fresh tests, ``test2`` and ``test3``; ``dev``/``dev2`` to develop on —
  for textacy every set is unseen text, for us only ``test`` was never read);
* BASIL's annotated quotations, both halves (``eval_quotes.py``);
* with ``--polnear PATH`` (a checkout, as ``eval_polnear.py`` takes), PolNeAR's annotated sets
  (default ``test4``, the last one drawn).

Two adaptations, both in the peer's favour, stated because they are ours: textacy refuses a
whole document when its quotation marks do not pair up (one quotation running over two
paragraphs is enough), so such an article is run paragraph by paragraph (a paragraph whose
marks do not pair up still yields nothing); and a speaker it gives with no proper noun in it
("he", "the minister", "officials") counts as *no answer*, not a wrong one, since textacy does
not say whom a pronoun or description stands for — we do (that is most of our work), and are
scored on it.

The unit is the annotated phrase; "right ÷ annotated" is the end-to-end figure (a quotation
the peer does not return counts against it, as one we do not find counts against us). Never
part of ``make test``: it needs the corpora, the model and a few minutes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import basil  # noqa: E402
import eval_page_quotes  # noqa: E402
import eval_polnear  # noqa: E402
import eval_quotes  # noqa: E402

from analysis import defaults, quotes  # noqa: E402

#: Every annotated set of news pages, the original test first.
PAGE_SETS = ("test", "test2", "test3", "dev", "dev2")
#: The sets we develop on (``make eval`` without ``SPLIT=all``).
DEV_PAGE_SETS = ("dev", "dev2")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _triples(doc):
    """textacy's direct quotations of ``doc``: (speaker tokens, content span) pairs.

    A document whose quotation marks do not pair up is refused by textacy as a whole; it is then
    run paragraph by paragraph, each paragraph a copy of the same parse (``Span.as_doc``).
    """
    from textacy.extract.triples import direct_quotations

    try:
        return [(t.speaker, t.content.start_char, t.content.end_char) for t in
                direct_quotations(doc)]  # fmt: skip
    except ValueError:
        pass
    found, start = [], 0
    for cut in [*(m.start() for m in _PARAGRAPH.finditer(doc.text)), len(doc.text)]:
        span = doc.char_span(start, cut, alignment_mode="expand")
        start = cut
        if span is None or not len(span):
            continue
        try:
            part = list(direct_quotations(span.as_doc()))
        except ValueError:
            continue  # this paragraph's marks do not pair up either
        offset = span.start_char
        found += [(t.speaker, offset + t.content.start_char, offset + t.content.end_char)
                  for t in part]  # fmt: skip
    return found


def peer_table(docs, article_ids: list[str]) -> pd.DataFrame:
    """A ``quotes.csv``-shaped table of textacy's quotations of parsed articles.

    ``speaker`` is the speaker's words when one of them is a proper noun, else "" (no answer:
    the words stay in ``speaker_as_written``).
    """
    rows = []
    for article_id, doc in zip(article_ids, docs, strict=True):
        for n, (speaker, start, end) in enumerate(_triples(doc), start=1):
            words = " ".join(t.text for t in speaker)
            named = any(t.pos_ == "PROPN" for t in speaker)
            rows.append(
                {
                    "article_id": article_id,
                    "quote_id": f"{article_id}/p{n}",
                    "start": start,
                    "end": end,
                    "speaker": words if named else "",
                    "speaker_label": "",
                    "speaker_as_written": words,
                    "attribution": "textacy" if named else "textacy, not a name",
                }
            )
    columns = ["article_id", "quote_id", "start", "end", "speaker", "speaker_label",
               "speaker_as_written", "attribution"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _scores(scored: pd.DataFrame) -> dict:
    """Persons, groups (organisations included) and both: the phrase scores and right/annotated."""
    named = scored[~scored["kind"].isin(["other"])]
    parts = {
        "persons": named[named["kind"] == "person"],
        "groups": named[named["kind"] != "person"],
        "named": named,
    }
    out = {}
    for key, part in parts.items():
        s = quotes.phrase_scores(part)
        s["right_of_annotated"] = s["right"] / s["phrases"] if s["phrases"] else float("nan")
        out[key] = s
    return out


def pages(extraction: Path, which: str, work: Path, model: str) -> dict:
    """Ours and the peer's scores on one annotated set of news pages."""
    truth = json.loads((extraction / "ground-truth.json").read_text(encoding="utf-8"))
    gold = pd.read_csv(eval_page_quotes.SETS[which][2], keep_default_na=False, dtype={"page": str})
    shift = eval_page_quotes.write_pages(truth, work / "pages", which)
    ours, peer = [], []
    for name in sorted(shift):
        story = eval_quotes.build_story(work / "pages" / name, work / "builds" / name, model)
        ours.append(eval_quotes.analyse_quotes(story))
        peer.append(peer_table(story.docs, [a.article_id for a in story.corpus]))
    placed = gold.assign(
        start=gold["start"] + gold["page"].map(shift), end=gold["end"] + gold["page"].map(shift)
    )
    return {
        "ours": _scores(eval_page_quotes.score_phrases(pd.concat(ours), placed)),
        "textacy": _scores(eval_page_quotes.score_phrases(pd.concat(peer), placed)),
    }


def polnear(root: Path, which: str, work: Path, model: str) -> dict:
    """Ours and the peer's scores on one annotated PolNeAR set (``eval_polnear.SETS``)."""
    speakers = pd.read_csv(eval_polnear.SETS[which][3], keep_default_na=False, dtype=str)
    stories, gold = eval_polnear.read_set(root, which, speakers, work, model)
    ours = [eval_quotes.analyse_quotes(story) for story in stories]
    peer = [peer_table(s.docs, [a.article_id for a in s.corpus]) for s in stories]
    return {
        "ours": _scores(eval_page_quotes.score_phrases(pd.concat(ours), gold)),
        "textacy": _scores(eval_page_quotes.score_phrases(pd.concat(peer), gold)),
    }


def basil_half(root: Path, split: str, work: Path, model: str) -> dict:
    """Ours and the peer's scores on BASIL's annotated quotations of one half."""
    stories = basil.split(list(basil.read_basil(root)))[split]
    found, phrases = eval_quotes.basil_phrases(root, stories, work, model)
    placed = eval_quotes.place_phrases(found, phrases)
    peer = []
    for story_id in stories:
        story = eval_quotes.build_story(
            work / "stories" / story_id, work / "builds" / story_id, model
        )
        ids = [f"{story_id}/{a.article_id}" for a in story.corpus]
        peer.append(peer_table(story.docs, ids))
    return {
        "ours": _scores(quotes.evaluate_phrases(found, placed)),
        "textacy": _scores(quotes.evaluate_phrases(pd.concat(peer), placed)),
    }


def print_table(results: dict) -> None:
    """One line per set, kind and attributor."""
    print(
        f"{'set':<16} {'speakers':<8} {'who':<8} {'annotated':>9} {'found':>6} {'right':>6}"
        f" {'wrong':>6} {'no answer':>9} {'right/annotated':>15} {'right/found':>11}"
        f" {'precision':>9}"
    )
    pct = eval_quotes._pct
    for name, result in results.items():
        for kind in ("persons", "groups"):
            for who in ("ours", "textacy"):
                s = result[who][kind]
                print(
                    f"{name:<16} {kind:<8} {who:<8} {s['phrases']:>9} {s['found']:>6}"
                    f" {s['right']:>6} {s['wrong']:>6} {s['unattributed']:>9}"
                    f" {pct(s['right_of_annotated']):>15} {pct(s['accuracy']):>11}"
                    f" {pct(s['precision']):>9}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extraction", type=Path, help="the article-extraction benchmark")
    parser.add_argument("--basil", type=Path, help="the BASIL folder (articles/, annotations/)")
    parser.add_argument("--polnear", type=Path, help="a PolNeAR checkout (eval_polnear.py)")
    parser.add_argument(
        "--polnear-sets", nargs="+", default=["test4"], choices=list(eval_polnear.SETS),
        help="the annotated PolNeAR sets to run (default: test4, the last one drawn)",
    )  # fmt: skip
    parser.add_argument(
        "--split", choices=("dev", "all"), default="dev",
        help="dev: the development sets (pages dev, dev2; BASIL's dev half); all: every set",
    )  # fmt: skip
    parser.add_argument("--work", default="", help="page folders and their parse (default: temp)")
    parser.add_argument("--model", default=defaults.MODEL)
    parser.add_argument("--json", metavar="FILE", help="also write every number here")
    args = parser.parse_args(argv)
    if not (args.extraction or args.basil or args.polnear):
        parser.error("give --extraction, --basil or --polnear (or several)")
    for path, what in ((args.extraction, "ground-truth.json"), (args.basil, "articles")):
        if path and not (path / what).exists():
            print(f"error: {path / what}: not found", file=sys.stderr)
            return 2
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("error: textacy is not installed (make env installs the lock's peers)",
              file=sys.stderr)  # fmt: skip
        return 2
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        if args.extraction:
            for which in PAGE_SETS if args.split == "all" else DEV_PAGE_SETS:
                print(f"news pages, set {which}", file=sys.stderr)
                results[f"pages {which}"] = pages(
                    args.extraction, which, work / f"pages_{which}", args.model
                )
        if args.basil:
            for split in ("dev", "test") if args.split == "all" else ("dev",):
                print(f"BASIL {split}", file=sys.stderr)
                results[f"BASIL {split}"] = basil_half(
                    args.basil, split, work / f"basil_{split}", args.model
                )
        if args.polnear:
            for which in args.polnear_sets:
                print(f"PolNeAR {which}", file=sys.stderr)
                results[f"PolNeAR {which}"] = polnear(
                    args.polnear, which, work / f"polnear_{which}", args.model
                )
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
