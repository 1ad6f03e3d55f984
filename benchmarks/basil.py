"""The BASIL corpus (Fan et al., EMNLP 2019) as story folders, and its development/test split.

    .venv/bin/python benchmarks/basil.py ../shared/corpora/basil-2010-2014 --folders build/basil
    .venv/bin/python benchmarks/basil.py ../shared/corpora/basil-2010-2014 --split
    .venv/bin/python benchmarks/basil.py ../shared/corpora/basil-2010-2014 --table build/basil.csv

BASIL holds 50 stories (``triplet-uuid``), each covered by Fox News, the New York Times and
HuffPost, as JSON: a title and body paragraphs, each a list of sentences. ``--folders`` writes one
folder per story, exactly what ``make all CORPUS=...`` accepts: ``fox.txt``, ``nyt.txt``,
``hpo.txt`` (the title on the first line, then one paragraph per line, its sentences joined by
a space, paragraphs separated by a blank line) and an ``articles.csv`` sidecar (outlet,
published, url). The texts are the publishers'; they are written under ``build/`` (git-ignored)
and never committed.

``--table FILE`` writes the same articles as one table, one row per article, in the shape a
collection run reads (``make collection COLLECTION=FILE``; CSV, JSON Lines or Parquet by the
file's suffix): story (the triplet id), id (the outlet code), title, text (the paragraphs,
separated by a blank line), outlet, published, url, label (the outlet code), lean and
main_event. ``lean`` is BASIL's own article-level annotation ``relative_stance`` (left, center
or right: the annotators' reading of the article's stance relative to the two others of its
story; the release's "liberal" and "conservative" are counted as left and right), not a rating
of the outlet. A collection run writes each story of the table out as a folder whose article
files are byte for byte those of ``--folders``, except an article without a title: its
``--folders`` file starts with the empty title line, the table's with the text.

The layout is a contract: the hand annotations in ``data/annotations/basil/`` hold character
offsets into these files, so :func:`article_text` must not change.

The split (:func:`split`) is fixed by a hash of each story's id, not by reading the stories:
half the stories are for development, half for testing, and the first
:data:`ANNOTATED_PER_SPLIT` of each half (in hash order) are the ones annotated by hand. The
next :data:`ANNOTATED_PER_SPLIT` of the test half (``test2``) were annotated later, as a second
test set for the entity pass, after the first had been looked at, and the next four
(``test3``) later still, after ``test2`` had been looked at and used for development.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

#: Salt of the split's hash: changing it would make a new split (and void the annotation's).
SPLIT_SALT = "news-coverage/basil-split/v1"
#: Stories of each half whose entity mentions are annotated by hand (data/annotations/basil/).
ANNOTATED_PER_SPLIT = 4
#: BASIL's source codes (lower-cased; a few files spell them in capitals) and outlet names.
OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}


@dataclass(frozen=True)
class BasilArticle:
    """One BASIL article: its story, outlet code, title, paragraphs and metadata."""

    story: str
    outlet: str
    title: str
    paragraphs: tuple[tuple[str, ...], ...]
    published: str
    url: str
    path: Path

    @property
    def article_id(self) -> str:
        """The file stem in a story folder: the outlet code (fox, nyt, hpo)."""
        return self.outlet


def article_text(article: BasilArticle) -> str:
    """The article as a .txt file: title, blank line, one paragraph per line (blank-separated)."""
    paragraphs = [" ".join(s.strip() for s in p if s.strip()) for p in article.paragraphs]
    return "\n\n".join([article.title.strip(), *[p for p in paragraphs if p]]) + "\n"


def read_basil(root: str | Path) -> dict[str, list[BasilArticle]]:
    """Read every article under ``root/articles``; return them by story id, outlets sorted."""
    root = Path(root)
    files = sorted((root / "articles").glob("*/*.json"))
    if not files:
        sys.exit(f"{root}: no BASIL articles (expected articles/YEAR/*.json)")
    stories: dict[str, list[BasilArticle]] = {}
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        outlet = raw["source"].strip().lower()
        if outlet not in OUTLETS:
            sys.exit(f"{path}: unknown source {raw['source']!r}")
        article = BasilArticle(
            story=raw["triplet-uuid"],
            outlet=outlet,
            title=raw["title"],
            paragraphs=tuple(tuple(p) for p in raw["body-paragraphs"]),
            published=raw.get("date", ""),
            url=raw.get("url", ""),
            path=path,
        )
        stories.setdefault(article.story, []).append(article)
    for story in stories.values():
        story.sort(key=lambda a: a.outlet)
    return dict(sorted(stories.items()))


def annotations(article: BasilArticle) -> list[dict]:
    """BASIL's phrase-level annotations of one article (annotations/YEAR/<file>_ann.json)."""
    ann = article.path.parents[2] / "annotations" / article.path.parent.name
    path = ann / f"{article.path.stem}_ann.json"
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("phrase-level-annotations", [])


#: The release spells two of the three stance levels two ways (both spellings of each occur in
#: 2010-2014, among articles of every outlet); counted as one level each.
STANCE_SPELLINGS = {"liberal": "left", "conservative": "right"}


def relative_stance(article: BasilArticle) -> str:
    """BASIL's article-level ``relative_stance`` annotation (left, center, right; "" if none)."""
    ann = article.path.parents[2] / "annotations" / article.path.parent.name
    path = ann / f"{article.path.stem}_ann.json"
    if not path.is_file():
        return ""
    levels = json.loads(path.read_text(encoding="utf-8")).get("article-level-annotations", {})
    stance = str(levels.get("relative_stance", "")).strip().lower()
    return STANCE_SPELLINGS.get(stance, stance)


#: The columns of ``--table``, in order.
TABLE_COLUMNS = (
    "story",
    "id",
    "title",
    "text",
    "outlet",
    "published",
    "url",
    "label",
    "lean",
    "main_event",
)


def table_rows(root: str | Path) -> list[dict[str, str]]:
    """One row per article, stories in id order and outlets sorted: the ``--table`` rows."""
    rows = []
    for story, articles in read_basil(root).items():
        for a in articles:
            raw = json.loads(a.path.read_text(encoding="utf-8"))
            paragraphs = [" ".join(x.strip() for x in p if x.strip()) for p in a.paragraphs]
            rows.append(
                {
                    "story": story,
                    "id": a.article_id,
                    "title": a.title.strip(),
                    "text": "\n\n".join(p for p in paragraphs if p),
                    "outlet": OUTLETS[a.outlet],
                    "published": a.published,
                    "url": a.url,
                    "label": a.outlet,
                    "lean": relative_stance(a),
                    "main_event": str(raw.get("main-event", "")).strip(),
                }
            )
    return rows


def write_table(rows: list[dict[str, str]], path: str | Path) -> Path:
    """Write the rows as CSV, JSON Lines or Parquet, by the file's suffix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLE_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    elif suffix in (".jsonl", ".ndjson"):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif suffix in (".parquet", ".pq"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {c: [r[c] for r in rows] for c in TABLE_COLUMNS}
        pq.write_table(pa.table(columns), path)
    else:
        sys.exit(f"{path}: unknown table format (.csv, .jsonl or .parquet)")
    return path


def _rank(story: str) -> str:
    return hashlib.sha256(f"{SPLIT_SALT}:{story}".encode()).hexdigest()


def split(stories: list[str]) -> dict[str, list[str]]:
    """Split story ids into development and test halves, and the annotated stories of each.

    Returns ``{"dev": [...], "test": [...], "dev_annotated": [...], "test_annotated": [...],
    "test2_annotated": [...], "test3_annotated": [...]}``, each in hash order.
    """
    ranked = sorted(stories, key=_rank)
    half = len(ranked) // 2
    dev, test = ranked[:half], ranked[half:]
    return {
        "dev": dev,
        "test": test,
        "dev_annotated": dev[:ANNOTATED_PER_SPLIT],
        "test_annotated": test[:ANNOTATED_PER_SPLIT],
        "test2_annotated": test[ANNOTATED_PER_SPLIT : 2 * ANNOTATED_PER_SPLIT],
        "test3_annotated": test[2 * ANNOTATED_PER_SPLIT : 3 * ANNOTATED_PER_SPLIT],
    }


def write_story(articles: list[BasilArticle], folder: Path) -> None:
    """Write one story as a corpus folder: one .txt per outlet and an articles.csv sidecar."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "outlet", "published", "url", "label"])
        for a in articles:
            writer.writerow(
                [f"{a.article_id}.txt", OUTLETS[a.outlet], a.published, a.url, a.outlet]
            )
            (folder / f"{a.article_id}.txt").write_text(article_text(a), encoding="utf-8")


def write_folders(root: str | Path, out: str | Path, only: list[str] | None = None) -> list[Path]:
    """Write every story (or those in ``only``) under ``out/<story id>/``; return the folders."""
    stories = read_basil(root)
    folders = []
    for story, articles in stories.items():
        if only is not None and story not in only:
            continue
        folder = Path(out) / story
        write_story(articles, folder)
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="the BASIL folder (holds articles/ and annotations/)")
    parser.add_argument("--folders", metavar="DIR", help="write one corpus folder per story here")
    parser.add_argument("--split", action="store_true", help="print the development/test split")
    parser.add_argument(
        "--table",
        metavar="FILE",
        help="write one row per article here (.csv, .jsonl or .parquet): a collection's input",
    )
    args = parser.parse_args(argv)
    if args.folders:
        folders = write_folders(args.root, args.folders)
        print(f"wrote {len(folders)} story folders under {args.folders}")
    if args.table:
        rows = table_rows(args.root)
        write_table(rows, args.table)
        stories = len({r["story"] for r in rows})
        print(f"wrote {len(rows)} articles of {stories} stories to {args.table}")
    if args.split:
        print(json.dumps(split(list(read_basil(args.root))), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
