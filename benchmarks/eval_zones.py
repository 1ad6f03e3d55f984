"""How well the zones generalize, measured on the article-extraction benchmark.

    .venv/bin/python benchmarks/eval_zones.py \
        --extraction ../shared/corpora/article-extraction-benchmark        # development half
    .venv/bin/python benchmarks/eval_zones.py --extraction ... --split test --json FILE

The benchmark (Zyte's article-extraction-benchmark) holds 181 real web pages and a hand-checked
article body for each. Its pages are split once into a development and a test half by a salted
hash of the page id (:func:`split_ids`); rules are developed on the development half only, and
the test half is run once, at the end. Two measurements:

1. **The HTML reader.** The pages are read as a user's corpus (``read_corpus`` on a folder of
   ``.html`` files): trafilatura's text, the title as headline, then (by default) only the
   corpus-level repeated-line rule, since the line rules on top of trafilatura lost recall on
   unseen sites (``html_line_rules`` in the zone rules turns them on; DESIGN.md); the article
   text is the body and sub-heading segments, one per line. Bare trafilatura
   (``trafilatura.extract(html)`` with its defaults, the same installed version) is scored
   beside it in the same run, by the benchmark's own ``evaluate.py`` (run from its folder's
   copy, never copied here; its bootstrap seeded so that the same inputs print the same
   numbers). The project's trafilatura call alone, without the title, is a third row.

2. **The ``.txt`` path, line by line.** Scraped-text versions of the pages that still hold
   furniture are built automatically, in two ways:

   - ``container``: the text lines of the article's container element, as a scraper that keeps
     the whole article element saves them. The container is the smallest element that holds
     at least 95% of the ground-truth 4-word shingles found anywhere on the page and has at
     least two block-level descendants; its text is cut into lines at block-level elements
     (paragraphs, headings, list items, ``div``, ``br``, ...), scripts and styles dropped;
   - ``recall``: trafilatura's recall-oriented extraction (``favor_recall=True``, no
     comments, no tables), one line per paragraph.

   Each gets the page's title (trafilatura's metadata) as its first line, as the project's
   ``.txt`` format expects. A line is **body** iff the ground truth holds it: its tokens
   (NFKC, lower case, ``\\w+`` runs: the benchmark's tokenizer) occur contiguously in the
   ground truth's tokens; a line of fewer than 4 tokens (less than one of the scorer's
   shingles) must equal a whole ground-truth line. Every other line is non-body (headline,
   captions, furniture). The zone splitter predicts non-body for a line none of whose segments
   is in the ``body`` or ``subheading`` zone: the benchmark's article body includes
   sub-headings and list items, which the project keeps as article text (the ``subheading``
   zone is text of the article that is not a sentence). Scores: precision, recall and F1 of
   non-body detection, and the share of body words (white-space words with a letter or digit)
   put in another zone. Two rows per construction: each article on its own (``split_zones``)
   and the split read as one corpus (``read_corpus``, which adds the corpus-level
   ``repeated_line`` rule). Each score is also given for the English pages (two-thirds of
   the benchmark; the language is told by the share of common English words in the ground
   truth) and the rest.

Never part of ``make test``. The page texts are the publishers'; nothing here is written
outside a temporary folder, except the ``--json`` numbers.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import CorpusError, read_article, read_corpus, split_zones  # noqa: E402
from analysis.text import count_words  # noqa: E402

#: Salt of the split's hash: changing it would make a new split (and void the test half).
SPLIT_SALT = "news-coverage/extraction-split/v1"
#: Zones that hold the article's text as the benchmark's ground truth means it.
ARTICLE_ZONES = ("body", "subheading")
#: The benchmark scorer's shingle size: shorter lines must equal a whole ground-truth line.
SHINGLE = 4
#: Share of the page's ground-truth shingles the container must hold (of those the page holds).
CONTAINER_RECALL = 0.95
#: Share of common English words above which a ground truth is taken for English. On the
#: development half English texts have 0.17-0.35, the others at most 0.08.
ENGLISH_STOPWORD_SHARE = 0.12
_ENGLISH = frozenset(
    "the and of to a in is that for it on was with as are be this by at from have has he said "
    "not but".split()
)
#: Seed of evaluate.py's bootstrap (it draws from ``random`` unseeded).
BOOTSTRAP_SEED = 0

_TOKEN = re.compile(r"\w+")
_DROP = {
    "script", "style", "noscript", "template", "svg", "head", "math", "object", "embed",
    "canvas", "video", "audio",
}  # fmt: skip
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "frame", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "iframe", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section",
    "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
    "button", "label", "input", "textarea",
}  # fmt: skip
_CONTAINERS = {
    "div", "article", "section", "main", "body", "td", "form", "table", "ul", "span", "header",
    "center",
}  # fmt: skip


# ---- the split -------------------------------------------------------------------------------


def split_ids(ids: list[str]) -> dict[str, list[str]]:
    """Development and test halves of the page ids, by a salted SHA-256 of each id."""
    ranked = sorted(ids, key=lambda i: hashlib.sha256(f"{SPLIT_SALT}:{i}".encode()).hexdigest())
    half = len(ranked) // 2
    return {"dev": sorted(ranked[:half]), "test": sorted(ranked[half:])}


# ---- tokens and labels -----------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """The benchmark's tokens (``\\w+`` runs), after NFKC and lower-casing."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def shingles(toks: list[str], n: int = SHINGLE) -> set[tuple[str, ...]]:
    """The n-token shingles of ``toks`` (one shingle when shorter)."""
    return {tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1))}


@dataclass(frozen=True)
class Truth:
    """A ground truth prepared for line labels."""

    joined: str  # its tokens, space-separated, with a space before and after
    lines: frozenset[str]  # each line's tokens, space-separated

    @classmethod
    def of(cls, text: str) -> Truth:
        return cls(
            " " + " ".join(tokens(text)) + " ",
            frozenset(" ".join(tokens(line)) for line in text.split("\n")),
        )

    def holds(self, line: str) -> bool:
        """Whether the ground truth holds ``line`` (the module docstring's rule)."""
        toks = tokens(line)
        if not toks:
            return False
        if len(toks) < SHINGLE:
            return " ".join(toks) in self.lines
        return " " + " ".join(toks) + " " in self.joined


def site(url: str) -> str:
    """The host of ``url`` without ``www.`` ("" when there is none)."""
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.lower().removeprefix("www.")


def is_english(text: str) -> bool:
    """Whether a ground truth reads as English (share of common English words)."""
    toks = _TOKEN.findall(text.lower())
    return bool(toks) and sum(t in _ENGLISH for t in toks) / len(toks) >= ENGLISH_STOPWORD_SHARE


# ---- the scraped-text constructions ----------------------------------------------------------


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def text_lines(element) -> list[str]:
    """The text of ``element`` cut into lines at block-level elements, white space collapsed."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            out.append(line)
        current.clear()

    def walk(e) -> None:
        tag = _tag(e)
        if not tag or tag in _DROP:  # comments, processing instructions, scripts
            if e.tail:
                current.append(e.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
        if e.text:
            current.append(e.text)
        for child in e:
            walk(child)
        if block:
            flush()
        if e.tail:
            current.append(e.tail)

    walk(element)
    flush()
    return out


def container_lines(html: str, truth_text: str) -> list[str]:
    """Text lines of the page's article container (see the module docstring)."""
    import lxml.html

    root = lxml.html.fromstring(html.encode(), parser=lxml.html.HTMLParser(encoding="utf-8"))
    wanted = shingles(tokens(truth_text))
    scored = []
    for e in root.iter():
        if _tag(e) not in _CONTAINERS:
            continue
        if sum(1 for d in e.iterdescendants() if _tag(d) in _BLOCK) < 2:
            continue
        lines = text_lines(e)
        found = shingles(tokens(" ".join(lines)))
        scored.append((len(found & wanted) / len(wanted), len(found), lines))
    if not scored:
        return text_lines(root)
    best = max(r for r, _, _ in scored)
    return min(
        ((n, lines) for r, n, lines in scored if r >= CONTAINER_RECALL * best),
        key=lambda x: x[0],
    )[1]


def recall_lines(html: str) -> list[str]:
    """Lines of trafilatura's recall-oriented extraction."""
    import trafilatura

    text = trafilatura.extract(html, favor_recall=True, include_comments=False,
                               include_tables=False)  # fmt: skip
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def page_title(html: str) -> str:
    """The page's title as trafilatura reads it ("" if none)."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    return " ".join((meta.title or "").split()) if meta else ""


# ---- the .txt path, line by line ---------------------------------------------------------------


@dataclass
class LineScore:
    """Counts of one line-level measurement."""

    true_positive: int = 0  # non-body lines set aside
    false_positive: int = 0  # body lines set aside
    false_negative: int = 0  # non-body lines kept as article text
    body_lines: int = 0
    body_words: int = 0
    body_words_lost: int = 0

    def add(self, is_body: bool, kept: bool, words: int, words_lost: int) -> None:
        if is_body:
            self.body_lines += 1
            self.body_words += words
            self.body_words_lost += words_lost
            self.false_positive += not kept
        elif kept:
            self.false_negative += 1
        else:
            self.true_positive += 1

    def numbers(self) -> dict[str, float | int]:
        tp, fp, fn = self.true_positive, self.false_positive, self.false_negative
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else float("nan"),
            "nonbody_lines": tp + fn,
            "body_lines": self.body_lines,
            "true_positive": tp,
            "false_positive": fp,
            "false_negative": fn,
            "body_words": self.body_words,
            "body_words_lost": self.body_words_lost,
            "body_words_lost_percent": 100 * self.body_words_lost / self.body_words
            if self.body_words
            else float("nan"),
        }


def score_lines(lines: list[str], segments, truth: Truth, score: LineScore, errors: list) -> None:
    """Label each line and compare it with the zones of its segments."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    per_line: list[list] = [[] for _ in lines]
    for seg in segments:
        per_line[bisect.bisect_right(starts, seg.start) - 1].append(seg)
    for line, segs in zip(lines, per_line):
        is_body = truth.holds(line)
        kept = any(s.zone in ARTICLE_ZONES for s in segs)
        lost = sum(count_words(s.text) for s in segs if s.zone not in ARTICLE_ZONES)
        score.add(is_body, kept, count_words(line), lost if is_body else 0)
        if is_body != kept:
            errors.append(
                ("set aside" if is_body else "kept", [f"{s.zone}:{s.rule}" for s in segs], line)
            )


def line_level(
    pages: dict[str, list[str]],
    truths: dict[str, Truth],
    groups: dict[str, set[str]],
    errors: list | None = None,
) -> dict[str, dict]:
    """Score the zone splitter on scraped-text pages, per article and as one corpus.

    ``groups`` names sets of pages to score apart (``all`` first); ``errors``, when a list,
    receives (page, what, zones, line) for every wrong line of the corpus reading.
    """
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for page, lines in pages.items():
            (folder / f"{page}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        corpus = read_corpus(folder)
        read = {a.article_id: a.segments for a in corpus}
    for mode in ("per_article", "corpus"):
        scores = {g: LineScore() for g in groups}
        for page, lines in pages.items():
            text = "\n".join(lines) + "\n"
            segments = split_zones(text) if mode == "per_article" else read.get(page, ())
            for group, members in groups.items():
                if page in members:
                    found: list = []
                    score_lines(lines, segments, truths[page], scores[group], found)
                    if errors is not None and mode == "corpus" and group == "all":
                        errors.extend((page, *e) for e in found)
        rows[mode] = {g: s.numbers() for g, s in scores.items()}
    return rows


# ---- the HTML reader, with the benchmark's scorer --------------------------------------------


def run_evaluate(benchmark: Path, truth: dict, outputs: dict[str, dict], n_bootstrap: int):
    """Score ``outputs`` (name -> {id: text}) with the benchmark's evaluate.py, in one run."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "output").mkdir()
        (work / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
        for name, texts in outputs.items():
            body = {k: {"articleBody": v} for k, v in texts.items()}
            (work / "output" / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
        # evaluate.py reads ./ground-truth.json and ./output/*.json; its bootstrap uses the
        # random module unseeded, so it is run through runpy after seeding
        script = (
            f"import random, runpy, sys; random.seed({BOOTSTRAP_SEED}); "
            f"sys.argv = ['evaluate.py', '--n-bootstrap', '{n_bootstrap}', "
            "'--output', 'results.json']; "
            f"runpy.run_path({str(benchmark / 'evaluate.py')!r}, run_name='__main__')"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=work, capture_output=True, text=True
        )
        if done.returncode:
            sys.exit(f"evaluate.py failed:\n{done.stderr}")
        results = json.loads((work / "results.json").read_text())
    for metrics in results.values():
        metrics.pop("tp_fp_fns", None)
    return done.stdout, results


def html_reader(benchmark: Path, ids: list[str], htmls: dict[str, str], truth: dict,
                n_bootstrap: int):  # fmt: skip
    """Score bare trafilatura and the project's reader side by side with evaluate.py.

    Rows: ``bare_trafilatura`` (``trafilatura.extract(html)``, its defaults);
    ``project_no_zones`` (the project's trafilatura call, title line left out);
    ``project_per_page`` (each page read on its own: zones without corpus evidence);
    ``project_reader`` (the pages read as one corpus folder, as a user runs it).
    """
    import trafilatura

    from analysis.corpus import _html_to_text

    bare = {i: trafilatura.extract(htmls[i]) or "" for i in ids}
    unzoned = {}
    for i in ids:
        try:
            text, title = _html_to_text(htmls[i])
        except ValueError:
            text, title = "", False
        unzoned[i] = "\n".join(text.split("\n")[1 if title else 0 :])  # without the title
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in ids:
            (folder / f"{i}.html").write_text(htmls[i], encoding="utf-8")
        corpus = read_corpus(folder)
    ours = {i: "" for i in ids}
    for article in corpus:
        ours[article.article_id] = "\n".join(
            s.text for s in article.segments if s.zone in ARTICLE_ZONES
        )
    alone = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in ids:
            path = Path(tmp) / f"{i}.html"
            path.write_text(htmls[i], encoding="utf-8")
            try:
                article, _ = read_article(path)
            except ValueError:
                alone[i] = ""
                continue
            alone[i] = "\n".join(s.text for s in article.segments if s.zone in ARTICLE_ZONES)
    outputs = {
        "bare_trafilatura": bare,
        "project_no_zones": unzoned,
        "project_per_page": alone,
        "project_reader": ours,
    }
    return run_evaluate(benchmark, {i: truth[i] for i in ids}, outputs, n_bootstrap)


def language_check(ids: list[str], truth: dict, english: set[str]) -> dict:
    """The project's language detection on each page's ground truth, against the word rule.

    The ground truths are article bodies in several languages; :func:`is_english` (common
    English words) is an independent rule. An English page should be detected English, and a
    page of another language never English (undetermined is allowed: nothing is withheld).
    """
    from analysis.language import ENGLISH, UNDETERMINED, detect

    found = {i: detect(truth[i]["articleBody"]).code for i in ids}
    others = [i for i in ids if i not in english]
    return {
        "english": len(english),
        "english_agree": sum(found[i] == ENGLISH for i in english),
        "other": len(others),
        "other_not_english": sum(found[i] != ENGLISH for i in others),
        "other_undetermined": sum(found[i] == UNDETERMINED for i in others),
    }


# ---- the command -----------------------------------------------------------------------------


def _percent(x: float) -> str:
    return f"{x:.2f}%"


def print_lines(name: str, rows: dict[str, dict]) -> None:
    print(f"\n.txt path, {name} construction: non-body detection and body words lost")
    print(f"{'':<12} {'pages':<8} {'P':>6} {'R':>6} {'F1':>6} {'non-body':>9} {'body':>6} "
          f"{'body words lost':>16}")  # fmt: skip
    for mode, groups in rows.items():
        for group, n in groups.items():
            print(
                f"{mode:<12} {group:<8} {n['precision']:6.3f} {n['recall']:6.3f} {n['f1']:6.3f} "
                f"{n['nonbody_lines']:9d} {n['body_lines']:6d} "
                f"{n['body_words_lost']:>6d} = {_percent(n['body_words_lost_percent']):>7}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extraction", required=True, type=Path,
                        help="the article-extraction-benchmark folder")  # fmt: skip
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--n-bootstrap", type=int, default=1000, help="evaluate.py's resamples")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N line errors of each construction (dev only)")  # fmt: skip
    args = parser.parse_args(argv)
    bench = args.extraction.resolve()  # evaluate.py runs from a temporary folder
    try:
        truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        sys.exit(f"{bench}: no ground-truth.json; give the article-extraction-benchmark folder")
    if not (bench / "evaluate.py").is_file():
        sys.exit(f"{bench}: no evaluate.py; give the article-extraction-benchmark folder")
    if args.errors and args.split != "dev":
        sys.exit("--errors shows development pages only: errors of the test half are not read")
    halves = split_ids(sorted(truth))
    ids = halves["dev"] + halves["test"] if args.split == "all" else halves[args.split]
    ids = sorted(ids)
    dev_sites = {site(truth[i].get("url", "")) for i in halves["dev"]}
    htmls = {}
    for i in ids:
        with gzip.open(bench / "html" / f"{i}.html.gz", "rt", encoding="utf-8") as handle:
            htmls[i] = handle.read()
    import trafilatura

    print(f"split {args.split}: {len(ids)} pages (salt {SPLIT_SALT!r}); trafilatura "
          f"{trafilatura.__version__}")  # fmt: skip
    english = {i for i in ids if is_english(truth[i]["articleBody"])}
    groups = {"all": set(ids), "english": english, "other": set(ids) - english}
    unseen = {i for i in ids if site(truth[i].get("url", "")) not in dev_sites}
    if unseen:  # pages of sites that have no page in the development half
        groups["new_site"] = unseen
    print(f"pages: {len(english)} English, {len(ids) - len(english)} other; "
          f"{len(unseen)} from sites with no page in the development half")  # fmt: skip

    languages = language_check(ids, truth, english)
    print(
        "language (analysis.language on each ground truth, against the common-word rule): "
        f"{languages['english_agree']}/{languages['english']} English pages English, "
        f"{languages['other_not_english']}/{languages['other']} other pages not English "
        f"({languages['other_undetermined']} undetermined)"
    )

    table, html_results = html_reader(bench, ids, htmls, truth, args.n_bootstrap)
    print("\nHTML reader, scored by the benchmark's evaluate.py (same run):")
    print(table.rstrip())
    html_groups = {"all": html_results}
    if unseen:
        table, html_groups["new_site"] = html_reader(
            bench, sorted(unseen), htmls, truth, args.n_bootstrap
        )
        print("\nThe same, pages of sites with no page in the development half:")
        print(table.rstrip())

    truths = {i: Truth.of(truth[i]["articleBody"]) for i in ids}
    titles = {i: page_title(htmls[i]) for i in ids}
    constructions = {
        "container": {i: container_lines(htmls[i], truth[i]["articleBody"]) for i in ids},
        "recall": {i: recall_lines(htmls[i]) for i in ids},
    }
    line_results = {}
    for name, pages in constructions.items():
        pages = {i: ([titles[i]] if titles[i] else []) + lines for i, lines in pages.items()}
        errors: list | None = [] if args.errors else None
        line_results[name] = line_level(pages, truths, groups, errors)
        print_lines(name, line_results[name])
        for page, what, zones, line in (errors or [])[: args.errors]:
            print(f"  {page[:8]} {what:<9} {' '.join(zones) or '-':<40} {line[:100]}")
    if args.json:
        numbers = {
            "split": args.split,
            "pages": len(ids),
            "english_pages": len(english),
            "new_site_pages": len(unseen),
            "trafilatura": trafilatura.__version__,
            "language": languages,
            "html": html_groups,
            "lines": line_results,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except CorpusError as exc:
        raise SystemExit(str(exc)) from None
