"""The input of a collection: story folders, from a folder of folders or from a table of articles.

A collection is either

* a **folder of story folders**, each exactly what ``make all CORPUS=...`` accepts (``.txt`` and
  ``.html`` articles, an optional ``articles.csv``), or one such folder on its own (a collection
  of one story); or
* a **table** with one row per article, CSV, JSON Lines or Parquet (by suffix), with at least
  ``story`` and ``text`` or ``html``, and optionally ``id`` (unique within a story), ``title``,
  ``outlet``, ``published``, ``url``, ``lean``, ``label``; other columns are carried through as
  metadata.

A table is written out as story folders (:func:`split_table`): each row becomes ``ID.txt``
(the title on the first line, a blank line, then the text) or ``ID.html``, and each story an
``articles.csv`` with the row's other columns. The corpus reader then reads a row exactly as it
reads a file (decoding, zones, warnings, duplicates), and ``make all CORPUS=<that folder>``
renders the reports of one story of the table. A row that cannot be an article is named and
skipped (or, with ``strict``, stops the run).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import ARTICLE_SUFFIXES, METADATA_FILE, CorpusWarning
from .outputs import atomic_write_bytes, atomic_write_text

__all__ = [
    "TABLE_FORMATS",
    "TEXT_COLUMNS",
    "CollectionError",
    "CollectionInput",
    "StoryInput",
    "find_stories",
    "folder_digest",
    "read_rows",
    "safe_name",
    "split_table",
]

#: Table formats by file suffix (compared in lower case).
TABLE_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: The columns that hold an article: ``text`` wins over ``html`` when a row has both.
TEXT_COLUMNS = ("text", "html")
#: Columns that are not carried into the metadata: they make the file, or name it.
_ARTICLE_COLUMNS = frozenset({"story", "id", "title", "text", "html"})
#: The key of the row :func:`read_rows` yields for a row it could not read: its value says why.
_PROBLEM = "\0problem"
#: A file or folder name we write as given: letters, digits, ``.``, ``_``, ``-``, not hidden,
#: at most this long; any other name gets a safe spelling with a hash of the original.
_NAME_LENGTH = 80
_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
#: Rows read at a time from a CSV or Parquet table (memory stays flat in the table's size).
_CHUNK_ROWS = 2048
#: The stamp, inside the folder a table is split into, of the table and options it was split
#: from: a re-run with the same table does not rewrite (or re-read) anything.
_SPLIT_STAMP = ".split.json"
#: Bumped when the way a row is written out changes, so that old splits are redone.
_SPLIT_VERSION = 3


class CollectionError(Exception):
    """Bad input for the whole collection; the message names the file (and row) and the fix."""


@dataclass(frozen=True)
class StoryInput:
    """One story of a collection: where its articles are.

    Attributes
    ----------
    story : str
        The story's name: its folder's name, or the table's ``story`` value.
    folder : str
        The name of its folder under ``OUT/stories/`` (:func:`safe_name` of ``story``).
    path : str
        The corpus folder its articles are read from.
    """

    story: str
    folder: str
    path: str


@dataclass(frozen=True)
class CollectionInput:
    """The stories of a collection and what went wrong finding them.

    Attributes
    ----------
    source : str
        The folder or table given.
    kind : str
        ``folders`` (a folder of story folders), ``story`` (one story folder) or ``table``.
    stories : tuple of StoryInput
        In folder-name order.
    warnings : tuple of CorpusWarning
        Entries skipped: files beside the story folders, rows that cannot be articles.
    """

    source: str
    kind: str
    stories: tuple[StoryInput, ...]
    warnings: tuple[CorpusWarning, ...] = ()


def safe_name(name: str) -> str:
    """Return ``name`` when it is a safe file name, else a safe spelling of it plus a hash.

    Safe: letters, digits, ``.``, ``_`` and ``-``, not starting with a dot, at most 80
    characters. Otherwise the safe characters are kept (runs of others become ``-``) and the
    first 12 hex digits of the SHA-256 of ``name`` are appended, so two names never meet.
    """
    if len(name) <= _NAME_LENGTH and _SAFE.fullmatch(name) and name not in (".", ".."):
        return name
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip(".-")[: _NAME_LENGTH - 13]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{stem}-{digest}" if stem else digest


def folder_digest(folder: str | Path) -> str:
    """SHA-256 of a story folder's content: every file's name and bytes, hidden files excepted.

    What the collection runner keys a story's tables by: the same files give the same digest
    wherever the folder is and whatever the files' dates.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _is_article(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES


def find_stories(source: str | Path) -> CollectionInput:
    """Return the stories of a folder: its story folders, or itself when it holds articles.

    Raises
    ------
    CollectionError
        When ``source`` is missing, holds neither articles nor folders, or holds both.
    """
    root = Path(source)
    if not root.is_dir():
        raise CollectionError(
            f"{root}: no such folder or table; give a folder of story folders, one story "
            f"folder, or a table ({', '.join(sorted(TABLE_FORMATS))})"
        )
    entries = sorted(
        (p for p in root.iterdir() if not p.name.startswith(".")), key=lambda p: p.name
    )
    folders = [p for p in entries if p.is_dir()]
    articles = [p for p in entries if _is_article(p)]
    if articles and folders:
        raise CollectionError(
            f"{root}: holds both articles ({articles[0].name}) and folders ({folders[0].name}); "
            "give a folder of story folders, or one story folder"
        )
    if articles:  # one story folder: a collection of one story
        name = root.resolve().name
        return CollectionInput(str(root), "story", (StoryInput(name, safe_name(name), str(root)),))
    if not folders:
        raise CollectionError(
            f"{root}: no story folders and no articles (.txt, .html) in it; give a folder of "
            "story folders, one story folder, or a table"
        )
    warnings = [
        CorpusWarning(
            p.name, "not a story folder (a collection holds one folder per story); skipped"
        )
        for p in entries
        if not p.is_dir()
    ]
    stories = tuple(StoryInput(p.name, safe_name(p.name), str(p)) for p in folders)
    _check_unique(stories, root)
    return CollectionInput(str(root), "folders", stories, tuple(warnings))


def _check_unique(stories: tuple[StoryInput, ...], source: Path) -> None:
    seen: dict[str, str] = {}
    for s in stories:
        if s.folder in seen:
            raise CollectionError(
                f"{source}: stories '{seen[s.folder]}' and '{s.story}' would share the output "
                f"folder '{s.folder}'; rename one of them"
            )
        seen[s.folder] = s.story


# --------------------------------------------------------------------------------------------
# Tables


def _cell(value: object) -> str:
    """Return a table cell as text: "" when missing, dates and numbers as str() writes them."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN: pandas' missing value
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def read_rows(table: str | Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ``(where, row)`` for every row of a CSV, JSON Lines or Parquet table, in order.

    ``where`` names the row for messages (``line 12`` of a CSV or JSON Lines file, counting the
    header; ``row 12`` of a Parquet file, counting from 1); every value is text ("" when
    missing). Rows are read a chunk at a time, so memory does not grow with the table. A CSV row
    with more or fewer values than the header is yielded as a row whose only key is
    ``_PROBLEM``, its value saying why, for the caller to skip.

    Raises
    ------
    CollectionError
        An unknown suffix, an unreadable file, or a row that is not valid CSV/JSON, naming the
        file and line.
    """
    path = Path(table)
    fmt = TABLE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CollectionError(
            f"{path}: not a table this reads (by suffix: {', '.join(sorted(TABLE_FORMATS))})"
        )
    if not path.is_file():
        raise CollectionError(f"{path}: no such file")
    if fmt == "csv":
        yield from _csv_rows(path)
    elif fmt == "jsonl":
        yield from _jsonl_rows(path)
    else:
        yield from _parquet_rows(path)


def _first_bad_line(path: Path) -> int:
    """Return the number of the file's first line that is not UTF-8.

    Text mode decodes ahead in blocks, so its error does not say on which line.
    """
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def _csv_rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    # the csv module, not pandas: it says on which line a quote was left open, and a cell that
    # holds a whole article with line breaks is read as one value
    csv.field_size_limit(2**31 - 1)  # an article can be longer than csv's 128 kB default
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CollectionError(f"{path}: cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise CollectionError(f"{path}: empty file (expected a header row)")
            twice = sorted({c for c in header if header.count(c) > 1})
            if twice:
                raise CollectionError(
                    f"{path}, line 1: the column{'s' if len(twice) > 1 else ''} "
                    f"{', '.join(repr(c) for c in twice)} appear{'' if len(twice) > 1 else 's'} "
                    "twice; which one holds the article is unclear"
                )
            line = reader.line_num
            for values in reader:
                if len(values) != len(header):
                    problem = (
                        f"{len(values)} values for {len(header)} columns (a comma or quote out "
                        "of place?)"
                    )
                    yield f"line {line + 1}", {_PROBLEM: problem}
                else:
                    yield f"line {line + 1}", dict(zip(header, values))
                line = reader.line_num
        except csv.Error as exc:
            raise CollectionError(
                f"{path}, line {reader.line_num}: not valid CSV ({exc}); an unclosed quote "
                "makes the rest of the file one value"
            ) from None
        except UnicodeDecodeError:
            raise CollectionError(
                f"{path}, line {_first_bad_line(path)}: not UTF-8; re-save the table as UTF-8"
            ) from None


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise CollectionError(f"{path}: cannot be read ({exc.strerror})") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CollectionError(
                        f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno})"
                    ) from None
                if not isinstance(value, dict):
                    raise CollectionError(
                        f"{path}, line {number}: expected one JSON object per line, found "
                        f"{type(value).__name__}"
                    )
                yield f"line {number}", {str(k): _cell(v) for k, v in value.items()}
        except UnicodeDecodeError:
            raise CollectionError(
                f"{path}, line {_first_bad_line(path)}: not UTF-8; re-save the table as UTF-8"
            ) from None


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise CollectionError(f"{path}: not a readable Parquet file ({exc})") from None
    number = 0
    for batch in reader.iter_batches(batch_size=_CHUNK_ROWS):
        for row in batch.to_pylist():
            number += 1
            yield f"row {number}", {str(k): _cell(v) for k, v in row.items()}


def _article_file(row: dict[str, str]) -> tuple[str, str]:
    """(suffix, content) of the file a row is written as; ("", "") when it holds no article."""
    text, html = row.get("text", ""), row.get("html", "")
    if text.strip():
        title = row.get("title", "").strip()
        # the title is the headline: the first line of a .txt file (even when the text repeats
        # it: the text is written as given)
        lines = [title, "", text.strip()] if title else [text.strip()]
        return ".txt", "\n".join(lines) + "\n"
    if html.strip():
        return ".html", html
    return "", ""


def _split_stamp(table: Path) -> dict:
    digest = hashlib.sha256()
    with open(table, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"table": digest.hexdigest(), "version": _SPLIT_VERSION}


def split_table(table: str | Path, into: str | Path, *, strict: bool = False) -> CollectionInput:
    """Write a table of articles out as story folders under ``into`` (one per story).

    Each row becomes ``ID.txt`` (its title, a blank line, its text) or ``ID.html`` in the folder
    of its story (:func:`safe_name` of the ``story`` value); each story gets an ``articles.csv``
    with the rows' other columns. A row without a story, without text or html, or with an id
    its story already has is skipped with a warning naming its line. Without an ``id`` column (or
    an empty id) a row is numbered within its story (``001``, ``002``, ... in table order). An
    id that is not a safe file name is written under a safe one (:func:`safe_name`), the id
    itself kept in the metadata as ``id``.

    Folders already under ``into`` whose content is unchanged are left as they are (dates
    included); folders of stories the table no longer holds are removed. A table split before,
    unchanged, is not read again (``into/.split.json`` records its SHA-256).

    Parameters
    ----------
    table : str or Path
        The table (CSV, JSON Lines or Parquet, by suffix).
    into : str or Path
        The folder the story folders are written to; created if needed.
    strict : bool
        Make a skipped row an error.

    Raises
    ------
    CollectionError
        A table that cannot be read, lacks the ``story`` column or both ``text`` and ``html``,
        has a column named ``file``, holds no article, or any skipped row under ``strict``.
    """
    table, into = Path(table), Path(into)
    stamp = _split_stamp(table) if table.is_file() else None
    stamp_file = into / _SPLIT_STAMP
    if stamp and stamp_file.is_file():
        recorded = json.loads(stamp_file.read_text(encoding="utf-8"))
        if {k: recorded.get(k) for k in stamp} == stamp and recorded.get("strict") == strict:
            stories = tuple(StoryInput(*s) for s in recorded["stories"])
            if all(Path(s.path).is_dir() for s in stories):
                warnings = tuple(CorpusWarning(*w) for w in recorded["warnings"])
                return CollectionInput(str(table), "table", stories, warnings)
    staging = into / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        stories, warnings = _write_rows(table, staging, strict)
        for old in into.iterdir():  # stories the table no longer holds
            if not old.name.startswith(".") and old.is_dir() and old.name not in stories:
                shutil.rmtree(old)
        inputs = []
        for folder, story in sorted(stories.items()):
            target = into / folder
            if not (target.is_dir() and folder_digest(target) == folder_digest(staging / folder)):
                shutil.rmtree(target, ignore_errors=True)
                os.replace(staging / folder, target)
            inputs.append(StoryInput(story, folder, str(target)))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = CollectionInput(str(table), "table", tuple(inputs), tuple(warnings))
    atomic_write_text(
        stamp_file,
        json.dumps(
            {
                **(stamp or {}),
                "strict": strict,
                "stories": [[s.story, s.folder, s.path] for s in result.stories],
                "warnings": [[w.file, w.problem] for w in result.warnings],
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )
    return result


def _write_rows(
    table: Path, staging: Path, strict: bool
) -> tuple[dict[str, str], list[CorpusWarning]]:
    """Write every row of ``table`` into ``staging``; return {folder: story} and the warnings."""
    stories: dict[str, str] = {}  # folder -> story
    metadata: dict[str, list[dict[str, str]]] = {}  # folder -> sidecar rows
    ids: dict[str, set[str]] = {}
    warnings: list[CorpusWarning] = []
    columns: list[str] | None = None

    def skip(where: str, problem: str) -> None:
        if strict:
            raise CollectionError(f"{table}, {where}: {problem} (strict mode: fix the row)")
        warnings.append(CorpusWarning(f"{table.name}, {where}", f"{problem}; skipped"))

    # the ids the table gives, per story: a row without one is numbered past them, so that a
    # number never takes an id a later row gives (a first, cheap pass over the table)
    reserved: dict[str, set[str]] = {}
    for _, row in read_rows(table):
        given = row.get("id", "").strip()
        if given and row.get("story", "").strip():
            reserved.setdefault(safe_name(row["story"].strip()), set()).add(safe_name(given))

    for where, row in read_rows(table):
        if _PROBLEM in row:
            skip(where, row[_PROBLEM])
            continue
        if "file" in row:  # on any row: a JSON Lines row can have keys the first did not
            raise CollectionError(
                f"{table}, {where}: has a column named 'file', which names article files in a "
                f"story's {METADATA_FILE}; rename it"
            )
        if columns is None:
            columns = list(row)
            missing = [c for c in ("story",) if c not in row]
            if missing or not any(c in row for c in TEXT_COLUMNS):
                raise CollectionError(
                    f"{table}: needs the columns 'story' and 'text' (or 'html'); found "
                    f"{', '.join(columns) or 'none'}"
                )
        story = row.get("story", "").strip()
        given_id = row.get("id", "").strip()
        label = f"story '{story}'" + (f", id '{given_id}'" if given_id else "")
        if not story:
            skip(where, "no story value")
            continue
        suffix, content = _article_file(row)
        if not suffix:
            skip(f"{where} ({label})", "no text and no html")
            continue
        folder = safe_name(story)
        if stories.setdefault(folder, story) != story:
            raise CollectionError(
                f"{table}, {where}: stories '{stories[folder]}' and '{story}' would share the "
                f"output folder '{folder}'; rename one of them"
            )
        taken = ids.setdefault(folder, set())
        if given_id:
            article_id = safe_name(given_id)
        else:  # the row's place in its story, past any number an id took or will take
            given_ids = reserved.get(folder, set())
            article_id = next(
                n
                for n in (f"{k:03d}" for k in itertools.count(len(taken) + 1))
                if n not in taken and n not in given_ids
            )
        if article_id in taken:
            skip(f"{where} ({label})", f"a second article with id '{article_id}' in its story")
            continue
        taken.add(article_id)
        name = f"{article_id}{suffix}"
        directory = staging / folder
        directory.mkdir(exist_ok=True)
        atomic_write_bytes(directory / name, content.encode("utf-8"))
        extra = {k: v for k, v in row.items() if k not in _ARTICLE_COLUMNS}
        if given_id and article_id != given_id:
            extra["id"] = given_id
        metadata.setdefault(folder, []).append({"file": name, **extra})
    if not stories:
        raise CollectionError(f"{table}: no row holds an article (a story and text or html)")
    for folder, rows in metadata.items():
        fields = list(dict.fromkeys(k for r in rows for k in r))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
        atomic_write_text(staging / folder / METADATA_FILE, buffer.getvalue())
    return stories, warnings
