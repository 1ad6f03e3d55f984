"""The collection runner: per-story tables on Dask (embedded and on a real cluster), outlet tables.

The slow tests share one small collection (stories built from the seed articles' paragraphs, one
story of a single article, one story that cannot be read) and one embedded run of it; the runs
on a real `dask scheduler` with two `dask worker` processes (one of them killed half-way) must
give the same bytes.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT, SEEDS, make

from analysis import cli
from analysis.collection import MANIFEST_COLUMNS, aggregate, write_story
from analysis.reproducibility import differences, tree_hashes
from analysis.sources import CollectionError
from analysis.story_tables import STORY_TABLES

PYTHON = sys.executable
DASK = str(Path(sys.executable).with_name("dask"))
OUTLETS = ("Alpha", "Beta", "Gamma")
LEANS = ("left", "center", "right")
#: Stories of three articles in the small collection (besides the one-article and broken ones).
STORIES = 6


# ---- fast: the pieces -------------------------------------------------------------------------


def test_a_story_folder_is_replaced_whole(tmp_path):
    table = pd.DataFrame({"a": [1, 2]})
    write_story(tmp_path, "s", {"t": table}, {"story": "s"})
    write_story(tmp_path, "s", {"u": table}, {"story": "s", "again": True})
    assert sorted(p.name for p in (tmp_path / "stories").iterdir()) == ["s"]
    assert sorted(p.name for p in (tmp_path / "stories" / "s").iterdir()) == [
        "story.json",
        "u.parquet",
    ]
    assert json.loads((tmp_path / "stories" / "s" / "story.json").read_text())["again"]


def test_a_run_never_writes_into_a_folder_it_did_not_make(tmp_path, seed_dir, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    assert cli.main(["collection", str(seed_dir), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: exists and is not the output of a collection run")
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing", "no such folder or table"),
        (lambda d: _write(d / "t.csv", "id,text\na,b\n"), "needs the columns 'story' and 'text'"),
        (lambda d: _write(d / "t.csv", 'story,text\ns,"open\n'), "line 2: not valid CSV"),
    ],
)
def test_bad_input_for_the_whole_run_is_one_line_and_exit_status_2(
    tmp_path, capsys, make_input, message
):
    status = cli.main(["collection", str(make_input(tmp_path)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o" / "manifest.csv").exists()


def test_a_collection_inside_out_or_out_inside_the_collection_is_refused(tmp_path, capsys):
    from analysis.collection import run_collection

    out = tmp_path / "out"
    (out / "input" / "mine").mkdir(parents=True)
    (out / ".news-coverage-collection").touch()
    table = _write(out / "input" / "mine" / "t.csv", "story,text\ns,Kerry met Lavrov.\n")
    with pytest.raises(CollectionError, match="is inside the output folder"):
        run_collection(table, out)
    assert table.is_file()  # the user's table is still there
    stories = tmp_path / "stories"
    (stories / "s1").mkdir(parents=True)
    _write(stories / "s1" / "a.txt", "Headline\n\nKerry met Lavrov.\n")
    assert cli.main(["collection", str(stories), "--out", str(stories / "out")]) == 2
    assert "the output folder is inside the collection" in capsys.readouterr().err
    assert not (stories / "out").exists()


def test_a_story_is_reused_only_with_every_table_it_recorded(tmp_path):
    from analysis.collection import _complete

    table = pd.DataFrame({"a": [1]})
    write_story(tmp_path, "s", {"t": table, "u": table}, {"tables": ["t", "u"]})
    record = json.loads((tmp_path / "stories" / "s" / "story.json").read_text())
    assert _complete(tmp_path, "s", record)
    (tmp_path / "stories" / "s" / "u.parquet").unlink()
    assert not _complete(tmp_path, "s", record)


def test_a_story_that_no_longer_fails_loses_its_old_traceback(tmp_path):
    from analysis.collection import _remove_stale

    (tmp_path / "failed").mkdir()
    for folder in ("ok", "bad"):
        _write(tmp_path / "failed" / f"{folder}.txt", "Traceback ...")
    _remove_stale(
        tmp_path, None, [{"folder": "ok", "status": "done"}, {"folder": "bad", "status": "failed"}]
    )
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["bad.txt"]


def test_under_strict_a_story_with_a_skipped_file_fails_naming_it(tmp_path):
    from analysis.collection import StoryJob, story_task
    from analysis.story_tables import Settings

    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("Headline\n\nKerry met Lavrov.\n", encoding="utf-8")
    (story / "scan.pdf").write_bytes(b"%PDF")
    job = StoryJob("s", "s", str(story), str(tmp_path / "out"), "h", Settings(strict=True), "k")
    result = story_task(job)  # fails while reading: the model is never loaded
    assert result["status"] == "failed"
    assert "scan.pdf: not an article" in result["error"] and "strict mode" in result["error"]
    assert not (tmp_path / "out" / "stories").exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_aggregate_gathers_every_story_with_the_same_types(tmp_path):
    def story(name, mentions):
        write_story(
            tmp_path,
            name,
            {
                "outlet_articles": pd.DataFrame(
                    {
                        "article_id": ["a"],
                        "outlet": ["A"],
                        "lean": [""],
                        "wire": [False],
                        "words": [10],
                        "tokens": [12],
                        "tokens_shared": [0],
                        "tokens_shared_other_outlet": [0],
                        "tokens_shared_wire": [0],
                    }
                ),
                "readability": pd.DataFrame(
                    {"article_id": ["a"], **{m: [1.0] for m in _metrics()}}
                ),
                # a story with no entity: an empty table, whose columns Parquet stores untyped
                "entity_coverage": pd.DataFrame(
                    mentions, columns=["article_id", "entity", "label", "mentions"]
                ),
                "quotes": pd.DataFrame(
                    {
                        "article_id": ["a", "a"],
                        "speaker": ["Kerry", ""],
                        "speaker_label": ["PERSON", ""],
                        "words": [5, 3],
                    }
                ),
            },
            {},
        )

    story("s1", [("a", "Kerry", "PERSON", 2)])
    story("s2", [])
    gathered = aggregate(tmp_path, [("one", "s1"), ("two", "s2")])
    assert gathered["articles"]["story"].tolist() == ["one", "two"]
    assert gathered["mentions"].values.tolist() == [["one", "a", "Kerry", "PERSON", 2]]
    quoted = gathered["quoted"]
    assert quoted[quoted["story"] == "one"][["speaker", "quotes", "words"]].values.tolist() == [
        ["(unattributed)", 1, 3],
        ["Kerry", 1, 5],
    ]


def _metrics():
    from analysis.defaults import READABILITY_METRICS

    return READABILITY_METRICS


# ---- slow: runs on a small collection -----------------------------------------------------------


def _paragraphs() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines += [line.strip() for line in text.split("\n")[2:] if len(line.split()) > 12]
    return lines


@pytest.fixture(scope="module")
def small_collection(tmp_path_factory) -> Path:
    """Six stories of three short articles (outlets Alpha, Beta, Gamma), one story of a single
    article, and one story whose only file is binary."""
    root = tmp_path_factory.mktemp("collection") / "stories"
    paragraphs = _paragraphs()
    for s in range(STORIES):
        folder = root / f"story{s}"
        folder.mkdir(parents=True)
        rows = [["file", "outlet", "lean"]]
        for a, outlet in enumerate(OUTLETS):
            picked = [paragraphs[(7 * s + 3 * a + k) % len(paragraphs)] for k in range(3)]
            text = f"Story {s} as {outlet} tells it\n\n" + "\n\n".join(picked) + "\n"
            (folder / f"{outlet.lower()}.txt").write_text(text, encoding="utf-8")
            rows.append([f"{outlet.lower()}.txt", outlet, LEANS[(s + a) % 3]])
        with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    (root / "solo").mkdir()
    (root / "solo" / "only.txt").write_text(
        "One article alone\n\n" + paragraphs[0] + "\n", encoding="utf-8"
    )
    (root / "broken").mkdir()
    (root / "broken" / "scan.txt").write_bytes(b"\x00\x01\x02" * 50)
    (root / "story0" / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # skipped, with a warning
    return root


def run(collection: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "analysis", "collection", str(collection), "--out", str(out), *extra],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def embedded(small_collection, tmp_path_factory):
    """The small collection run on an embedded cluster of two workers, moved to ``kept``.

    Every run of the module writes to the same OUT path (``work``), as two builds compared by
    `make verify` do: the outlet tables list each story's command with its folder.
    """
    base = tmp_path_factory.mktemp("runs")
    work, kept = base / "out", base / "embedded"
    result = run(small_collection, work, "--workers", "2", "--no-progress")
    shutil.move(work, kept)
    return work, kept, result


def same_tables(first: Path, second: Path) -> list[str]:
    folders = ["stories", "outlets"]
    return differences(tree_hashes(first, folders), tree_hashes(second, folders))


@pytest.mark.slow
def test_every_story_is_analysed_and_a_story_that_fails_is_recorded(embedded):
    _, out, result = embedded
    assert result.returncode == 1, result.stderr  # a story failed: said by the exit status
    assert "Traceback" not in result.stderr
    manifest = pd.read_csv(out / "manifest.csv", keep_default_na=False)
    assert list(manifest.columns) == MANIFEST_COLUMNS
    status = dict(zip(manifest["folder"], manifest["status"]))
    assert status.pop("broken") == "failed" and set(status.values()) == {"done"}
    broken = manifest[manifest["folder"] == "broken"].iloc[0]
    assert "scan.txt: binary data (NUL bytes)" in broken["error"]
    assert re.search(r"failed: broken: .*no readable articles", result.stderr)
    assert not (out / "stories" / "broken").exists()
    warnings = pd.read_csv(out / "warnings.csv", keep_default_na=False)
    assert warnings.values.tolist() == [
        ["story0", "photo.jpg", "not an article (.txt, .html, .htm); skipped"]
    ]
    assert sorted(p.name for p in (out / "stories").iterdir()) == [
        "solo",
        *(f"story{s}" for s in range(STORIES)),
    ]
    for story in (out / "stories").iterdir():
        assert sorted(p.stem for p in story.glob("*.parquet")) == sorted(STORY_TABLES)
    # the one-article story: its comparisons are empty, its own tables are not
    solo = out / "stories" / "solo"
    assert len(pd.read_parquet(solo / "readability.parquet")) == 1
    assert pd.read_parquet(solo / "similarity.parquet").empty


@pytest.mark.slow
def test_the_outlet_tables_cover_the_stories_that_were_analysed(embedded):
    _, out, _ = embedded
    summary = pd.read_csv(out / "outlets" / "outlets.csv")
    by_outlet = summary[summary["grouping"] == "outlet"].set_index("group")
    assert by_outlet.loc[list(OUTLETS), "stories"].tolist() == [STORIES] * 3
    assert by_outlet.loc["(unknown)", "articles"] == 1  # the solo article has no metadata
    assert set(summary["grouping"]) == {"outlet", "lean"}
    stories = pd.read_csv(out / "outlets" / "stories.csv", keep_default_na=False)
    assert dict(zip(stories["folder"], stories["status"]))["broken"] == "failed"
    for name in ("readability", "entity_attention", "quoted_speakers", "reuse", "blind_spots"):
        csv_table = pd.read_csv(out / "outlets" / f"{name}.csv")
        assert len(csv_table) == len(pd.read_parquet(out / "outlets" / f"{name}.parquet"))


@pytest.mark.slow
def test_a_story_has_the_tables_of_the_single_story_cli(embedded, small_collection, tmp_path):
    _, out, _ = embedded
    story = small_collection / "story0"
    for command in ("corpus", "readability", "entities", "coverage", "facts"):
        assert cli.main([command, str(story), "--out", str(tmp_path)]) == 0
    written = sorted(tmp_path.glob("*.csv"))
    assert len(written) == len(STORY_TABLES) - 1  # outlet_articles is the collection's own
    for path in written:
        table = pd.read_parquet(out / "stories" / "story0" / f"{path.stem}.parquet")
        assert table.to_csv(index=False, lineterminator="\n") == path.read_text(), path.name


@pytest.mark.slow
def test_a_rerun_reuses_what_did_not_change_and_redoes_what_did(embedded, small_collection):
    work, kept, _ = embedded
    shutil.copytree(kept, work)
    try:
        before = {p: p.stat().st_mtime_ns for p in (work / "stories").rglob("*") if p.is_file()}
        start = time.perf_counter()
        again = run(small_collection, work, "--workers", "1", "--no-progress")
        seconds = time.perf_counter() - start
        manifest = pd.read_csv(work / "manifest.csv", keep_default_na=False)
        assert again.returncode == 1  # the broken story is tried again, and fails again
        assert set(manifest.loc[manifest["folder"] != "broken", "status"]) == {"reused"}
        assert same_tables(kept, work) == []
        assert {p: p.stat().st_mtime_ns for p in before} == before  # nothing rewritten
        print(f"no-change re-run of {len(manifest)} stories: {seconds:.1f} s")
        article = small_collection / "story1" / "beta.txt"
        original = article.read_text(encoding="utf-8")
        try:
            article.write_text(original + "\nA paragraph added later.\n", encoding="utf-8")
            changed = run(small_collection, work, "--workers", "1", "--no-progress")
            manifest = pd.read_csv(work / "manifest.csv", keep_default_na=False)
            done = manifest.loc[manifest["status"] == "done", "folder"].tolist()
            assert changed.returncode == 1 and done == ["story1"]
        finally:
            article.write_text(original, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Cluster:
    """A `dask scheduler` and two `dask worker` processes on localhost, each in its own group."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "scheduler.json"
        self.log = open(folder / "scheduler.log", "w")  # noqa: SIM115 (closed in stop)
        self.processes = [
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
                + ["--scheduler-file", str(self.file)],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ]
        deadline = time.monotonic() + 60
        while not self.file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        # as the README says to start workers: one thread, no statistical profiler
        quiet = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
        self.workers = [
            subprocess.Popen(
                [DASK, "worker", self.address, "--nthreads", "1", "--no-dashboard"]
                + ["--name", f"w{i}", "--local-directory", str(folder / f"w{i}")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                cwd=folder,
                env=quiet,
            )
            for i in range(2)
        ]
        self.processes += self.workers
        self.wait_for_workers(2)

    def wait_for_workers(self, n: int) -> None:
        from dask.distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n, timeout=120)

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its nanny, at once
        process.wait()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture
def cluster(tmp_path):
    started = Cluster(tmp_path)
    yield started
    started.stop()


@pytest.mark.slow
def test_a_run_on_a_dask_cluster_gives_the_bytes_of_the_embedded_run(
    embedded, small_collection, cluster
):
    work, kept, _ = embedded
    try:
        result = run(small_collection, work, "--scheduler", cluster.address, "--no-progress")
        assert result.returncode == 1, result.stderr
        assert same_tables(kept, work) == []
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(embedded, small_collection, cluster, tmp_path):
    work, kept, _ = embedded
    try:
        process = subprocess.Popen(
            [PYTHON, "-m", "analysis", "collection", str(small_collection), "--out", str(work)]
            + ["--scheduler", cluster.address, "--no-progress"],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stories = work / "stories"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            finished = [p for p in stories.glob("*") if not p.name.startswith(".")]
            if finished:
                break
            time.sleep(0.05)
        finished = [p for p in stories.glob("*") if not p.name.startswith(".")]
        assert process.poll() is None and 0 < len(finished) < STORIES, "not killed mid-run"
        cluster.kill(cluster.workers[0])
        _, err = process.communicate(timeout=600)
        assert process.returncode == 1, err  # the broken story, as in the embedded run
        assert same_tables(kept, work) == []
        assert not [p for p in stories.iterdir() if p.name.startswith(".")]  # no partial left
        log = (tmp_path / "scheduler.log").read_text()
        assert re.search(r"Remove worker.*w0", log), log[-2000:]
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.slow
def test_make_collection_builds_the_outlet_report_and_then_is_current(tmp_path):
    out = tmp_path / "out"
    first = make("collection", f"OUT={out}", "WORKERS=1")
    assert "==> running notebooks/outlets.ipynb" in first.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/outlets.html"' in index and "A collection of 1 story" in index
    for name in ("outlet_readability", "outlet_blind_spots"):
        assert (out / "figures" / f"{name}.png").is_file()
        assert (out / "figures" / f"{name}.csv").is_file()
    second = make("collection", f"OUT={out}", "WORKERS=1")
    assert "running notebooks/outlets.ipynb" not in second.stdout
    assert "is up to date" in second.stdout


def test_collection_error_is_a_user_error():
    assert cli._is_user_error(CollectionError("x"))
