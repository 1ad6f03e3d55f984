"""`make all` end to end on the seed corpus in a temporary OUT: the committed figures, incremental
and interrupted runs, offline HTML.

These run the real Makefile (environment already installed by `make test`), so they are slow:
each notebook run starts a Jupyter kernel. The number of full builds is kept small on purpose
(CI has 15 minutes): one of the seeds, one resumed after three kills, one of a single article.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, SEEDS, make, make_env

NOTEBOOKS = sorted(p.stem for p in (PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.slow

ARTICLES = sorted(p.name for p in SEEDS.glob("*.txt"))


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime of every file under folder (dot files included)."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hashes(folder: Path) -> dict[str, str]:
    return {
        name: digest
        for name, (digest, _) in snapshot(folder).items()
        if not name.startswith("build/")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed corpus, copied, built once into a temporary OUT; yields (corpus folder, OUT)."""
    root = tmp_path_factory.mktemp("pipeline")
    corpus = root / "articles"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copy2(SEEDS / name, corpus / name)
    out = root / "out"
    bundled = snapshot(PROJECT / "figures") if (PROJECT / "figures").exists() else {}
    result = make("all", f"CORPUS={corpus}", f"OUT={out}")
    for name in NOTEBOOKS:
        assert f"==> running notebooks/{name}.ipynb" in result.stdout
    assert (snapshot(PROJECT / "figures") if (PROJECT / "figures").exists() else {}) == bundled
    return corpus, out


def test_the_committed_figures_are_what_this_code_makes(built):
    """CI's check that figures/ matches the code: a clean build of the seeds gives the committed
    bytes, file for file (run `make all` and commit figures/ after changing an analysis)."""
    _, out = built
    committed = hashes(PROJECT / "figures")
    rebuilt = hashes(out / "figures")
    assert sorted(rebuilt) == sorted(committed), "figures/ has other files than a build makes"
    assert [name for name in committed if committed[name] != rebuilt[name]] == []


def test_all_writes_reports_figures_and_tables_under_out(built):
    _, out = built
    for path in (
        "reports/01_corpus.ipynb",
        "reports/01_corpus.html",
        "figures/corpus_zones.png",
        "figures/corpus_zones.svg",
        "figures/corpus_zones.csv",
        "tables/corpus.csv",
        "tables/segments.csv",
        "build/articles.json",
        "build/docs.zip",
        "reports/02_readability.html",
        "tables/readability.csv",
        "figures/readability_grades.png",
        "figures/readability_grades.csv",
        "figures/readability_ranks.svg",
        "figures/readability_sentence_lengths.csv",
        "reports/03_entities.html",
        "tables/entities.csv",
        "tables/entity_mentions.csv",
        "figures/entities_top.png",
        "figures/entities_attention.csv",
        "figures/entities_labels.svg",
        "reports/04_coverage.html",
        "tables/shared_passages.csv",
        "tables/quotes.csv",
        "tables/similarity.csv",
        "figures/coverage_entities.png",
        "figures/coverage_timeline.csv",
    ):
        assert (out / path).is_file(), path
    assert not list(out.rglob(".*partial*"))
    corpus_csv = (out / "tables" / "corpus.csv").read_text()
    assert corpus_csv.count("\n") == 1 + len(ARTICLES)  # header + one row per article


def test_html_is_self_contained_and_hides_code(built):
    _, out = built
    html = (out / "reports" / "01_corpus.html").read_text()
    remote = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//", html, re.I)
    assert remote == []
    assert 'src="data:image/png;base64,' in html
    assert "corpus_from_json" not in html  # code cells hidden
    assert "US, Russia, holding crucial talks on Syria" in html


def test_second_make_runs_nothing(built):
    corpus, out = built
    before = snapshot(out)
    result = make("all", f"CORPUS={corpus}", f"OUT={out}")
    assert "==>" not in result.stdout, result.stdout
    assert snapshot(out) == before


def complete(out: Path) -> dict[str, bool]:
    """Whether each report under OUT that looks finished (its final name) is whole."""
    found = {}
    for path in sorted((out / "reports").glob("*")):
        if path.suffix == ".ipynb":
            try:
                json.loads(path.read_text(encoding="utf-8"))
                found[path.name] = True
            except ValueError:
                found[path.name] = False
        elif path.suffix == ".html":
            found[path.name] = path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    return found


def test_killed_runs_end_with_the_bytes_of_an_uninterrupted_one(built):
    """Touch an article (everything is out of date), kill `make all` three times at seeded
    random moments with SIGKILL (no cleanup at all), then let it finish: the same bytes as
    before, and after every kill no report that looks finished is cut short."""
    corpus, out = built
    before = hashes(out)
    os.utime(corpus / ARTICLES[1])
    rng = random.Random(20261123)
    killed = 0
    for _ in range(3):
        proc = subprocess.Popen(
            ["make", "all", f"CORPUS={corpus}", f"OUT={out}"],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=make_env(),
            start_new_session=True,
        )
        try:
            proc.wait(timeout=rng.uniform(2, 25))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            killed += 1
        assert all(complete(out).values()), complete(out)
    assert killed >= 2, "the build finished before it could be interrupted"
    result = make("all", f"CORPUS={corpus}", f"OUT={out}")
    assert "==> running notebooks/" in result.stdout  # the kills left work to redo
    assert hashes(out) == before


def test_failed_notebook_leaves_no_report_and_keeps_earlier_figures(built, tmp_path):
    corpus, _ = built
    out = tmp_path / "out"
    make(f"{out}/build/articles.json", f"CORPUS={corpus}", f"OUT={out}")
    (out / "figures").mkdir()
    earlier = out / "figures" / "corpus_zones.png"
    earlier.write_bytes(b"a figure from an earlier run")
    (out / "build" / "docs.zip").write_bytes(b"corrupted")  # the notebook cannot load it
    result = make("all", f"CORPUS={corpus}", f"OUT={out}", check=False)
    assert earlier.read_bytes() == b"a figure from an earlier run"
    assert result.returncode != 0
    assert "error: " in result.stderr and "01_corpus.ipynb: cell" in result.stderr
    assert not (out / "reports" / "01_corpus.ipynb").exists()
    assert not (out / "reports" / "01_corpus.html").exists()
    assert (out / "build" / "failed" / "01_corpus.ipynb").is_file()


def test_missing_corpus_is_one_error_line(tmp_path):
    result = make("all", f"CORPUS={tmp_path / 'nope'}", f"OUT={tmp_path / 'out'}", check=False)
    assert result.returncode != 0
    assert re.search(r"error: .*nope: no such folder", result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "build" / "articles.json").exists()


def test_switching_corpus_reruns_the_parse(built, tmp_path):
    corpus, _ = built
    out = tmp_path / "out"
    make(f"{out}/build/articles.json", f"CORPUS={corpus}", f"OUT={out}")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy2(corpus / ARTICLES[0], other / ARTICLES[0])
    os.utime(other / ARTICLES[0], (0, 0))  # older than the existing build
    result = make(f"{out}/build/articles.json", f"CORPUS={other}", f"OUT={out}")
    assert "==> reading and parsing" in result.stdout
    assert (out / "build" / "articles.json").read_text().count('"article_id"') == 1


def test_corpus_of_one_article_runs_every_notebook(tmp_path):
    corpus = tmp_path / "one"
    corpus.mkdir()
    shutil.copy2(SEEDS / ARTICLES[0], corpus / ARTICLES[0])
    make("all", f"CORPUS={corpus}", f"OUT={tmp_path / 'out'}")
    html = (tmp_path / "out" / "reports" / "01_corpus.html").read_text()
    assert "Comparisons need at least two articles" in html
    assert (tmp_path / "out" / "reports" / "02_readability.html").is_file()
    assert (tmp_path / "out" / "reports" / "03_entities.html").is_file()
    coverage = (tmp_path / "out" / "reports" / "04_coverage.html").read_text()
    assert "comparisons need at least two" in coverage


def test_editing_the_alias_file_reruns_only_the_notebooks_that_read_it(built, tmp_path):
    corpus, out = built
    aliases = tmp_path / "aliases.yaml"
    shutil.copy2(PROJECT / "data" / "aliases.yaml", aliases)
    make("all", f"CORPUS={corpus}", f"OUT={out}", f"ALIASES={aliases}")
    aliases.write_text(aliases.read_text() + "\n# edited\n")
    result = make("all", f"CORPUS={corpus}", f"OUT={out}", f"ALIASES={aliases}")
    assert "==> running notebooks/03_entities.ipynb" in result.stdout
    assert "==> running notebooks/04_coverage.ipynb" in result.stdout
    assert "01_corpus" not in result.stdout and "02_readability" not in result.stdout


def test_help_lists_the_entry_points():
    out = make("help").stdout
    for target in ("all", "test", "lab", "bench", "clean"):
        assert re.search(rf"^  {target} +\S", out, re.MULTILINE), target


def test_clean_removes_generated_files_only(built):
    corpus, out = built
    make("clean", f"OUT={out}")
    assert sorted(p.name for p in out.iterdir()) == ["figures"]
    assert sorted(p.name for p in corpus.iterdir()) == sorted(ARTICLES)
