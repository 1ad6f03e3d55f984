"""A collection's input: story folders found as they are, a table written out as story folders."""

from __future__ import annotations

import csv
import json
import os
import re

import pytest

from analysis.corpus import read_corpus
from analysis.sources import (
    CollectionError,
    find_stories,
    folder_digest,
    read_rows,
    safe_name,
    split_table,
)

BODY = "Kerry met Lavrov in Geneva on Thursday.\n\nThey talked about Syria for hours.\n"


def write_tree(root, files):
    """Write ``{relative path: text}`` under ``root`` (folders made as needed); return root."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("story-1", "story-1"),
        ("2b95d2cf-e979-4f9c-ae27-9a5370934f23", "2b95d2cf-e979-4f9c-ae27-9a5370934f23"),
        ("a_b.c", "a_b.c"),
    ],
)
def test_a_safe_name_is_kept(name, safe):
    assert safe_name(name) == safe


@pytest.mark.parametrize("name", ["Kerry / Lavrov", ".hidden", "x" * 81, "..", "é"])
def test_an_unsafe_name_gets_a_safe_spelling_that_keeps_two_names_apart(name):
    safe = safe_name(name)
    assert safe != name and safe_name(safe) == safe and not safe.startswith(".")
    assert len(safe) <= 80
    assert safe_name(name + "!") != safe  # the hash tells apart names the spelling would merge


def test_a_folder_digest_follows_the_content_not_the_dates_or_hidden_files(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        (folder / "a.txt").write_text(BODY)
    os.utime(two / "a.txt", (0, 0))
    (two / ".DS_Store").write_bytes(b"\0\1")
    assert folder_digest(one) == folder_digest(two)
    before = folder_digest(one)
    (two / "a.txt").write_text(BODY + "more\n")
    assert folder_digest(two) != before
    (one / "a.txt").rename(one / "b.txt")  # a renamed file is another input (another article id)
    assert folder_digest(one) != before


def test_a_folder_of_story_folders_lists_each_and_warns_about_the_rest(tmp_path):
    root = write_tree(tmp_path, {"b/x.txt": BODY, "a/y.txt": BODY, "README.md": "notes"})
    found = find_stories(root)
    assert found.kind == "folders"
    assert [s.story for s in found.stories] == ["a", "b"]
    assert [str(w) for w in found.warnings] == [
        "README.md: not a story folder (a collection holds one folder per story); skipped"
    ]


def test_one_story_folder_is_a_collection_of_one_story(seed_dir):
    found = find_stories(seed_dir)
    assert found.kind == "story"
    assert [(s.story, s.path) for s in found.stories] == [("articles", str(seed_dir))]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.txt": BODY, "s/b.txt": BODY}, "holds both articles (a.txt) and folders (s)"),
        ({"notes.md": "x"}, "no story folders and no articles"),
    ],
)
def test_a_folder_that_is_no_collection_is_named_with_the_problem(tmp_path, files, message):
    with pytest.raises(CollectionError, match=re.escape(message)):
        find_stories(write_tree(tmp_path, files))


def test_a_missing_collection_is_named(tmp_path):
    with pytest.raises(CollectionError, match="no such folder or table"):
        find_stories(tmp_path / "nothing")


# ---- tables -------------------------------------------------------------------------------------


def test_a_csv_table_becomes_story_folders_the_corpus_reader_reads_like_files(tmp_path):
    table = write_csv(
        tmp_path / "t.csv",
        ["story", "id", "title", "text", "outlet", "lean", "desk"],
        [
            ["s1", "a", "Kerry meets Lavrov", BODY, "Alpha", "left", "world"],
            ["s1", "b", "", "Talks in Geneva\n\n" + BODY, "Beta", "", "world"],
            ["s2", "", "Another story", BODY, "Alpha", "right", ""],
        ],
    )
    found = split_table(table, tmp_path / "input")
    assert [(s.story, s.folder) for s in found.stories] == [("s1", "s1"), ("s2", "s2")]
    assert found.warnings == ()
    s1 = tmp_path / "input" / "s1"
    # the title is the headline: the first line of a .txt file, a blank line, then the text
    assert (s1 / "a.txt").read_text() == "Kerry meets Lavrov\n\n" + BODY
    assert (s1 / "b.txt").read_text() == "Talks in Geneva\n\n" + BODY
    corpus = read_corpus(s1)
    assert corpus.ids == ["a", "b"]
    assert corpus["a"].headline == "Kerry meets Lavrov"
    # every other column is metadata, as an articles.csv sidecar would give it
    assert dict(corpus["a"].metadata) == {"outlet": "Alpha", "lean": "left", "desk": "world"}
    assert (tmp_path / "input" / "s2" / "001.txt").is_file()  # no id: numbered in its story


def test_the_text_is_written_as_given_even_when_it_repeats_the_title(tmp_path):
    table = write_csv(
        tmp_path / "t.csv", ["story", "id", "title", "text"], [["s", "a", "T", "T\n\nx"]]
    )
    split_table(table, tmp_path / "input")
    assert (tmp_path / "input" / "s" / "a.txt").read_text() == "T\n\nT\n\nx\n"


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_json_lines_and_parquet_tables_give_the_same_folders_as_csv(tmp_path, suffix):
    rows = [
        {"story": "s1", "id": "a", "title": "Kerry meets Lavrov", "text": BODY, "outlet": "A"},
        {"story": "s1", "id": "b", "title": "Talks", "text": BODY, "outlet": "B"},
    ]
    write_csv(tmp_path / "t.csv", list(rows[0]), [list(r.values()) for r in rows])
    if suffix == ".jsonl":
        (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    from_csv = split_table(tmp_path / "t.csv", tmp_path / "csv")
    other = split_table(tmp_path / f"t{suffix}", tmp_path / "other")
    assert [folder_digest(s.path) for s in other.stories] == [
        folder_digest(s.path) for s in from_csv.stories
    ]


def test_a_row_without_id_is_numbered_past_the_ids_later_rows_give(tmp_path):
    # the first row would be 001, which the second row asks for by name: neither is lost
    rows = [{"story": "s", "text": BODY}, {"story": "s", "id": "001", "text": BODY}]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    found = split_table(tmp_path / "t.jsonl", tmp_path / "input")
    assert found.warnings == ()
    assert sorted(p.name for p in (tmp_path / "input" / "s").glob("*.txt")) == [
        "001.txt",
        "002.txt",
    ]


def test_a_file_key_on_a_later_json_line_is_refused_naming_the_line(tmp_path):
    rows = [{"story": "s", "id": "a", "text": BODY}, {"story": "s", "id": "b", "text": BODY}]
    rows[1]["file"] = "other.txt"
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(CollectionError, match="line 2: has a column named 'file'"):
        split_table(tmp_path / "t.jsonl", tmp_path / "input")


def test_an_html_row_is_written_as_an_html_file(tmp_path):
    html = "<html><body><article><h1>Title</h1><p>" + "Kerry spoke. " * 30 + "</p></article>"
    table = write_csv(tmp_path / "t.csv", ["story", "id", "html"], [["s", "page", html]])
    split_table(table, tmp_path / "input")
    assert (tmp_path / "input" / "s" / "page.html").read_text() == html


def test_bad_rows_are_named_by_line_and_skipped(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "story,id,text\n"
        "s,a,fine text\n"
        ",b,no story\n"
        "s,c,\n"
        "s,a,the same id again\n"
        's,d,"a text over two lines\nstill the same cell"\n'
        "s,e,one,too many\n",
        encoding="utf-8",
    )
    found = split_table(table, tmp_path / "input")
    assert [str(w) for w in found.warnings] == [
        "t.csv, line 3: no story value; skipped",
        "t.csv, line 4 (story 's', id 'c'): no text and no html; skipped",
        "t.csv, line 5 (story 's', id 'a'): a second article with id 'a' in its story; skipped",
        "t.csv, line 8: 4 values for 3 columns (a comma or quote out of place?); skipped",
    ]
    assert sorted(p.name for p in (tmp_path / "input" / "s").iterdir()) == [
        "a.txt",
        "articles.csv",
        "d.txt",
    ]


def test_a_bad_row_under_strict_stops_the_run_naming_the_line(tmp_path):
    table = write_csv(tmp_path / "t.csv", ["story", "text"], [["s", "text"], ["", "x"]])
    with pytest.raises(CollectionError, match=r"t\.csv, line 3: no story value \(strict mode"):
        split_table(table, tmp_path / "input", strict=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('story,text\ns,"an unclosed quote\n', r"t\.csv, line \d+: not valid CSV"),
        ("id,text\na,b\n", "needs the columns 'story' and 'text'"),
        ("story,title\ns,b\n", "needs the columns 'story' and 'text'"),
        ("story,text,file\ns,b,c\n", "has a column named 'file'"),
        ("story,text,text\ns,b,c\n", "line 1: the column 'text' appears twice"),
        ("story,text\n,\n", "no row holds an article"),
        ("", "empty file"),
    ],
)
def test_a_table_that_cannot_be_read_is_named_with_the_problem(tmp_path, content, message):
    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(CollectionError, match=message):
        split_table(table, tmp_path / "input")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_not_in_utf8_is_named_with_the_line(tmp_path, suffix):
    good = ("story,text\n" if suffix == ".csv" else "") + "".join(
        ("s,Kerry met Lavrov.\n" if suffix == ".csv" else '{"story": "s", "text": "Kerry"}\n')
        for _ in range(3000)
    )
    bad = "s,Caf\xe9\n" if suffix == ".csv" else '{"story": "s", "text": "Caf\xe9"}\n'
    table = tmp_path / f"t{suffix}"
    table.write_bytes(good.encode("utf-8") + bad.encode("latin-1"))
    line = 3002 if suffix == ".csv" else 3001
    with pytest.raises(CollectionError, match=f"line {line}: not UTF-8"):
        list(read_rows(table))


def test_a_bad_json_line_is_named(tmp_path):
    table = tmp_path / "t.jsonl"
    table.write_text('{"story": "s", "text": "x"}\n{"story": \n', encoding="utf-8")
    with pytest.raises(CollectionError, match=r"t\.jsonl, line 2: not valid JSON"):
        list(read_rows(table))


def test_an_unknown_table_format_is_named(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"PK")
    with pytest.raises(CollectionError, match=r"t\.xlsx: not a table this reads"):
        list(read_rows(tmp_path / "t.xlsx"))


def test_unsafe_ids_and_stories_get_safe_names_and_keep_the_original(tmp_path):
    table = write_csv(
        tmp_path / "t.csv", ["story", "id", "text"], [["Kerry / Lavrov", "http://x/1", BODY]]
    )
    found = split_table(table, tmp_path / "input")
    (story,) = found.stories
    assert story.story == "Kerry / Lavrov" and story.folder == safe_name("Kerry / Lavrov")
    corpus = read_corpus(story.path)
    assert corpus.ids == [safe_name("http://x/1")]
    assert corpus.articles[0].metadata["id"] == "http://x/1"


def test_splitting_the_same_table_again_rewrites_nothing(tmp_path):
    table = write_csv(tmp_path / "t.csv", ["story", "id", "text"], [["s", "a", BODY]])
    split_table(table, tmp_path / "input")
    article = tmp_path / "input" / "s" / "a.txt"
    os.utime(article, (1, 1))
    split_table(table, tmp_path / "input")
    assert article.stat().st_mtime == 1


def test_a_story_changed_in_the_table_is_rewritten_and_one_removed_is_removed(tmp_path):
    table = write_csv(
        tmp_path / "t.csv", ["story", "id", "text"], [["s", "a", BODY], ["gone", "a", BODY]]
    )
    split_table(table, tmp_path / "input")
    write_csv(table, ["story", "id", "text"], [["s", "a", BODY + "More.\n"]])
    found = split_table(table, tmp_path / "input")
    assert [s.story for s in found.stories] == ["s"]
    assert not (tmp_path / "input" / "gone").exists()
    assert (tmp_path / "input" / "s" / "a.txt").read_text().endswith("More.\n")
