"""`python -m analysis`: one error line and exit status 2 for bad input; tables for good input,
the same bytes as the notebooks write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT

# the commands that compute a notebook's tables, and the notebook (the same calls, so equal CSVs)
MEASURES = {
    "corpus": "01_corpus",
    "readability": "02_readability",
    "entities": "03_entities",
    "coverage": "04_coverage",
    "facts": "05_facts",
}


def run_cli(*args, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda tmp: tmp / "missing", "missing: no such folder"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "empty: no readable articles"),
    ],
)
def test_bad_corpus_folder_is_one_error_line(tmp_path, setup, message):
    folder = setup(tmp_path)
    result = run_cli("parse", folder, "--build", tmp_path / "build")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not (tmp_path / "build" / "articles.json").exists()


def test_unknown_notebook_parameter_fails_before_running(tmp_path):
    result = run_cli(
        "run",
        "notebooks/01_corpus.ipynb",
        tmp_path / "out.ipynb",
        "--params",
        "notebooks/params.yaml",
        "-p",
        "colour=red",
    )
    assert result.returncode == 2
    assert "no parameter named colour" in result.stderr
    assert not (tmp_path / "out.ipynb").exists()


def test_strict_stops_at_a_skipped_file(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Headline\nBody.\n")
    (folder / "b.txt").write_bytes(b"")
    result = run_cli("parse", folder, "--build", tmp_path / "build", "--strict")
    assert result.returncode == 2 and "b.txt: empty file" in result.stderr


@pytest.mark.slow
def test_parse_warns_names_file_and_writes_cache(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Kerry meets Lavrov\nJohn Kerry met Sergei Lavrov in Geneva.\n")
    (folder / "b.txt").write_bytes(b"")
    result = run_cli("parse", folder, "--build", tmp_path / "build")
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "b.txt: empty file; skipped" in result.stderr
    assert {p.name for p in (tmp_path / "build").iterdir()} == {
        "articles.json",
        "docs.zip",
        "docs.json",
    }


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory) -> dict[str, Path]:
    """`python -m analysis COMMAND data/articles --out DIR` for each measure, with every default,
    all at once; returns {command: DIR}."""
    root = tmp_path_factory.mktemp("cli")
    runs = {
        command: subprocess.Popen(
            [sys.executable, "-m", "analysis", command, "data/articles", "--out", root / command],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in MEASURES
    }
    for command, proc in runs.items():
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{command}: {stderr}"
    return {command: root / command for command in MEASURES}


@pytest.mark.slow
@pytest.mark.parametrize("command", MEASURES)
def test_cli_tables_are_the_notebooks_tables(seed_tables, seed_build, command):
    """For the seeds, each CSV a command writes is byte for byte the one its notebook writes in
    `make all` (the command and the notebook call the same functions with the same defaults)."""
    written = sorted(p.name for p in seed_tables[command].glob("*.csv"))
    assert written, f"{command} wrote no table"
    differ = [
        name
        for name in written
        if (seed_tables[command] / name).read_bytes()
        != (seed_build.out / "tables" / name).read_bytes()
    ]
    assert differ == [], f"{command} and notebooks/{MEASURES[command]}.ipynb differ"


@pytest.mark.slow
def test_corpus_command_writes_tables(seed_tables):
    tmp_path = seed_tables["corpus"]
    corpus = pd.read_csv(tmp_path / "corpus.csv", dtype={"article_id": str})
    assert corpus["body_sentences"].tolist() == [13, 19, 18, 19, 19]
    assert corpus["captions"].tolist() == [0, 1, 1, 1, 1]
    assert corpus["boilerplate_lines"].tolist() == [1, 5, 0, 3, 0]
    segments = pd.read_csv(tmp_path / "segments.csv")
    assert (segments.zone == "boilerplate").sum() == 9


@pytest.mark.slow
def test_readability_command_writes_tables(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\nKerry met Lavrov in Geneva. They talked for days.\n")
    (folder / "b.txt").write_text("Only a headline\n")
    result = run_cli("readability", folder, "--out", tmp_path / "out", "--n-boot", "50")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "out" / "readability.csv")
    assert table[["article_id", "sentences", "words", "syllables"]].values.tolist() == [
        ["a", 2, 9, 13],
        ["b", 0, 0, 0],
    ]
    assert table.loc[1, "notes"] == "no body text: no score"
    assert pd.isna(table.loc[1, "flesch_reading_ease"])
    sentences = pd.read_csv(tmp_path / "out" / "readability_sentences.csv")
    assert sentences["text"].tolist() == ["Kerry met Lavrov in Geneva.", "They talked for days."]


@pytest.mark.slow
def test_entities_command_writes_traceable_tables(seed_tables):
    tmp_path = seed_tables["entities"]
    counts = pd.read_csv(tmp_path / "entities.csv")
    found = pd.read_csv(tmp_path / "entity_mentions.csv")
    assert counts.columns.tolist()[:4] == ["article_id", "entity", "label", "mentions"]
    assert found.columns.tolist()[:7] == [
        "article_id",
        "entity",
        "surface",
        "label",
        "start",
        "end",
        "zone",
    ]
    # every count is the number of its mention rows
    again = found.groupby(["article_id", "entity"]).size()
    assert (
        counts.set_index(["article_id", "entity"])["mentions"]
        .sort_index()
        .equals(again.sort_index().rename("mentions"))
    )
    # 004 by hand: Kerry is named 7 times (Kerry, John Kerry x2, Kerry x4)
    assert (
        counts.query("article_id == '004_8c358ccf751265ad' and entity == 'John Kerry'")[
            "mentions"
        ].item()
        == 7
    )


def test_alias_file_typo_is_one_error_line(tmp_path):
    bad = tmp_path / "aliases.yaml"
    bad.write_text("entities:\n  Kerry:\n    alias: [John Kerry]\n")
    result = run_cli("entities", "data/articles", "--out", tmp_path, "--aliases", bad)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {bad}, line 3: 'Kerry' has unknown key(s) alias (expected 'label' and 'aliases';"
        " a typo?)"
    ]


@pytest.mark.slow
def test_coverage_writes_its_tables_and_explains_a_one_article_corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Kerry meets Lavrov\n“We are close,” Kerry said in Geneva.\n")
    result = run_cli("coverage", folder, "--out", tmp_path / "out", "--aliases", "")
    assert result.returncode == 0, result.stderr
    assert "comparisons need at least two" in result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "dates.csv",
        "distinctive_terms.csv",
        "entity_coverage.csv",
        "quotes.csv",
        "shared_passages.csv",
        "similarity.csv",
    ]
    quotes = pd.read_csv(out / "quotes.csv", keep_default_na=False)
    assert quotes[["quote", "speaker", "attribution"]].values.tolist() == [
        ["We are close,", "Kerry", "name"]
    ]
    assert pd.read_csv(out / "similarity.csv").empty


def test_coverage_rejects_a_zero_passage_length(tmp_path):
    result = run_cli("coverage", tmp_path, "--out", tmp_path / "out", "--min-tokens", "0")
    assert result.returncode == 2 and "must be at least 1" in result.stderr


@pytest.mark.slow
def test_facts_command_writes_the_issue_s_columns(seed_tables):
    out = seed_tables["facts"]
    facts = pd.read_csv(out / "facts.csv", dtype={"article_id": str})
    assert facts.columns.tolist()[:6] == [
        "fact_id",
        "article_id",
        "start",
        "end",
        "text",
        "n_articles",
    ]
    flags = pd.read_csv(out / "fact_flags.csv")
    assert flags.columns.tolist()[:6] == ["flag", "fact_id", "article_id", "start", "end", "text"]
    events = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False)
    assert events["event"].tolist() == ["E1", "E2", "E3", "E4", "E4"]
    assert {"event_day", "places", "participants", "unresolved"} <= set(events.columns)
    # every fact's text is the article's text at its offsets
    for row in facts.itertuples():
        text = (PROJECT / "data" / "articles" / f"{row.article_id}.txt").read_text("utf-8")
        assert text[row.start : row.end] == row.text


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--fact-threshold", "0", "--fact-threshold must be in (0.0, 1.0], got 0.0"),
        ("--omission-share", "1.5", "--omission-share must be in (0.0, 1.0], got 1.5"),
        ("--event-link", "-1", "--event-link must be in (0.0, 1.0], got -1.0"),
        ("--date-tolerance", "-2", "--date-tolerance must be 0 or more, got -2"),
    ],
)
@pytest.mark.parametrize("command", ["facts", "collection"])
def test_facts_rejects_a_bad_setting_before_reading(tmp_path, command, option, value, message):
    result = run_cli(command, tmp_path / "missing", "--out", tmp_path / "out", option, value)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {message}"]


@pytest.mark.slow
def test_facts_names_the_file_of_a_publication_date_that_is_not_a_day(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\nKerry met Lavrov in Geneva on Friday.\n")
    (folder / "articles.csv").write_text("file,published\na.txt,last summer\n")
    result = run_cli("facts", folder, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: a.txt: published 'last summer' in the metadata is not a day; write it as "
        "YYYY-MM-DD (or leave it empty)"
    )
    assert not (tmp_path / "out").exists()
