"""`make all` end to end: the committed figures, what make would re-run, interrupted runs, offline
HTML.

These run the real Makefile (environment already installed by `make test`), so they are slow:
each notebook run starts a Jupyter kernel. Builds are few on purpose: the seed build (shared, read
only), one of a single article, and in the kill test one notebook and one parse. Questions about
the dependency graph ("what would an edit re-run?") are asked with `make -q` (is OUT current?) and
`make -n` (which recipes would run; with `-W FILE`, as if FILE had just been edited), which build
nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import JOBS, PROJECT, SEEDS, copy_build, make, make_env, snapshot

NOTEBOOKS = sorted(p.stem for p in (PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.slow

ARTICLES = sorted(p.name for p in SEEDS.glob("*.txt"))


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder outside build/, with folder's own path replaced by
    ``OUT`` (executed notebooks record the folders they wrote to)."""
    found = {}
    for p in sorted(folder.rglob("*")):
        name = str(p.relative_to(folder))
        if p.is_file() and not name.startswith("build/"):
            data = p.read_bytes().replace(str(folder).encode(), b"OUT")
            found[name] = hashlib.sha256(data).hexdigest()
    return found


@dataclass(frozen=True)
class Plan:
    """The recipes `make -n` would run, read from the `==>` line each one echoes.

    GNU make 4.3 (Debian 12) does not carry "would be remade" from a grouped target (`&:`, the
    files one notebook run writes) to what depends on it when it only pretends (-n): the index
    is listed only when it is out of date for a reason of its own (the parse, the package). The
    real builds below check that it does follow the notebooks.
    """

    parse: bool
    notebooks: frozenset[str]
    index: bool


def would_run(*args) -> Plan:
    """What `make -n ARGS` lists (make prints recipe lines, echo lines included, runs none)."""
    result = make("-n", *args)
    text = result.stdout
    return Plan(
        parse="==> reading and parsing" in text,
        notebooks=frozenset(re.findall(r"==> running notebooks/(\w+)\.ipynb", text)),
        index=re.search(r"==> writing \S*/index\.html", text) is not None,
    )


def is_current(*args) -> bool:
    """`make -q ARGS`: True if nothing is out of date (status 0), False if something is (1)."""
    result = make("-q", *args, check=False)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode == 0


def test_the_seed_build_runs_every_notebook(seed_build):
    for name in NOTEBOOKS:
        assert f"==> running notebooks/{name}.ipynb" in seed_build.stdout, name
    assert "==> reading and parsing" in seed_build.stdout


def test_the_committed_figures_are_what_this_code_makes(seed_build):
    """CI's check that figures/ matches the code: a clean build of the seeds gives the committed
    bytes, file for file (run `make all` and commit figures/ after changing an analysis)."""
    committed = hashes(PROJECT / "figures")
    rebuilt = hashes(seed_build.out / "figures")
    assert sorted(rebuilt) == sorted(committed), "figures/ has other files than a build makes"
    assert [name for name in committed if committed[name] != rebuilt[name]] == []


def test_all_writes_reports_figures_and_tables_under_out(seed_build):
    out = seed_build.out
    for path in (
        "reports/01_corpus.ipynb",
        "reports/01_corpus.html",
        "reports/index.html",
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
        "reports/05_facts.html",
        "tables/facts.csv",
        "tables/fact_flags.csv",
        "tables/events.csv",
        "figures/facts_matrix.png",
    ):
        assert (out / path).is_file(), path
    for name in NOTEBOOKS:
        assert (out / "reports" / f"{name}.html").is_file(), name
    assert not list(out.rglob(".*partial*"))
    corpus_csv = (out / "tables" / "corpus.csv").read_text()
    assert corpus_csv.count("\n") == 1 + len(ARTICLES)  # header + one row per article


def test_html_is_self_contained_and_hides_code(seed_build):
    out = seed_build.out
    html = (out / "reports" / "01_corpus.html").read_text()
    remote = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//", html, re.I)
    assert remote == []
    assert 'src="data:image/png;base64,' in html
    # code cells hidden: no line of the notebook's code shows in the page's text (highlighted
    # code is cut into <span>s, so the tags go first), nor the injected parameters (they name OUT)
    import html as html_module

    import nbformat

    notebook = nbformat.read(PROJECT / "notebooks" / "01_corpus.ipynb", as_version=4)
    code = [
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line.strip()) >= 12 and not line.strip().startswith("#")
    ]
    assert code, "notebook 01 has no code to hide"
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    assert [line for line in code if line in text] == []
    assert str(out) not in html
    assert "US, Russia, holding crucial talks on Syria" in html


# ---- what make would do: -q and -n, no building --------------------------------------------


def test_a_finished_build_is_current_and_a_second_make_runs_nothing(seed_build):
    out = seed_build.out
    before = snapshot(out)
    assert is_current("all", f"OUT={out}"), "make -q all: out of date right after a build"
    assert would_run("all", f"OUT={out}") == Plan(False, frozenset(), False)
    result = make("all", f"OUT={out}")
    assert "==>" not in result.stdout, result.stdout
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "edited, parse, notebooks",
    [
        (f"data/articles/{ARTICLES[1]}", True, set(NOTEBOOKS)),
        ("notebooks/params.yaml", False, set(NOTEBOOKS)),
        ("notebooks/02_readability.ipynb", False, {"02_readability"}),
        ("data/aliases.yaml", False, {"03_entities", "04_coverage", "05_facts"}),
        ("data/annotations/gold_entities.csv", False, {"03_entities"}),
        ("data/annotations/seed_facts.csv", False, {"05_facts"}),
    ],
)
def test_an_edit_reruns_exactly_what_reads_the_file(seed_build, edited, parse, notebooks):
    """`make -n -W FILE`: the recipes an edit of FILE would run; `make -q -W FILE`: out of date."""
    out = seed_build.out
    assert (PROJECT / edited).is_file(), edited
    before = snapshot(out)
    assert not is_current("-W", edited, "all", f"OUT={out}")
    plan = would_run("-W", edited, "all", f"OUT={out}")
    assert (plan.parse, plan.notebooks) == (parse, notebooks)
    assert snapshot(out) == before


def test_editing_package_code_reruns_the_notebooks_not_the_parse(seed_build):
    plan = would_run("-W", "analysis/readability.py", "all", f"OUT={seed_build.out}")
    assert not plan.parse
    assert "02_readability" in plan.notebooks and plan.notebooks <= set(NOTEBOOKS)
    assert plan.index


def test_switching_to_an_older_alias_file_reruns_the_notebooks_that_read_it(seed_build, tmp_path):
    """ALIASES is stamped like CORPUS: another file re-runs 03, 04 and 05 even if it is older."""
    out = seed_build.out
    aliases = tmp_path / "aliases.yaml"
    shutil.copy2(PROJECT / "data" / "aliases.yaml", aliases)
    os.utime(aliases, (0, 0))  # older than every output of the build
    before = snapshot(out)
    assert not is_current("all", f"OUT={out}", f"ALIASES={aliases}")
    plan = would_run("all", f"OUT={out}", f"ALIASES={aliases}")
    assert (plan.parse, plan.notebooks) == (False, {"03_entities", "04_coverage", "05_facts"})
    assert snapshot(out) == before


def test_switching_corpus_reruns_the_parse_even_when_older(seed_build, tmp_path):
    out = seed_build.out
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy2(SEEDS / ARTICLES[0], other / ARTICLES[0])
    os.utime(other / ARTICLES[0], (0, 0))  # older than the existing build
    os.utime(other, (0, 0))
    before = snapshot(out)
    assert not is_current("all", f"CORPUS={other}", f"OUT={out}")
    plan = would_run("all", f"CORPUS={other}", f"OUT={out}")
    assert (plan.parse, plan.notebooks, plan.index) == (True, set(NOTEBOOKS), True)
    assert snapshot(out) == before


# ---- interrupted runs -----------------------------------------------------------------------


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


def _descendants(pid: int) -> set[int]:
    """Ids of the processes pid started, and theirs (from /proc: parent ids only)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):  # gone meanwhile
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _signal(pids, sig) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def kill_build(proc: subprocess.Popen) -> None:
    """SIGKILL make and every process it started. Jupyter kernels run in a session of their own,
    out of make's process group: the tree is stopped first (so nothing new starts), then killed."""
    stopped: set[int] = set()
    while new := ({proc.pid} | _descendants(proc.pid)) - stopped:
        _signal(new, signal.SIGSTOP)
        stopped |= new
    _signal(stopped, signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    for pid in stopped - {proc.pid}:
        while Path(f"/proc/{pid}").exists() and _state(pid) not in ("Z", "X", ""):
            assert time.monotonic() < deadline, f"process {pid} survived SIGKILL"
            time.sleep(0.01)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return ""


def kill_when(args: list[str], pattern: str, then: Callable[[], bool] | None = None) -> None:
    """Run `make -j1 ARGS` and kill it (`kill_build`) as soon as it prints a line matching
    ``pattern`` (stdout or stderr) and, if given, ``then()`` holds (checked every 10 ms).

    One job at a time, so make prints each line as it comes (in parallel it holds a recipe's
    output back until the recipe ends). Fails if make finishes first: each call kills a build
    that is still running.
    """
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "-j1", *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=make_env(),
        start_new_session=True,
    )
    seen: list[str] = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if re.search(pattern, line):
                break
        deadline = time.monotonic() + 120
        while then is not None and not then() and proc.poll() is None:
            assert time.monotonic() < deadline, f"{then.__doc__} never happened"
            time.sleep(0.01)
        finished = proc.poll() is not None
        kill_build(proc)
    finally:
        if proc.poll() is None:
            kill_build(proc)
        proc.stdout.close()
    assert not finished, f"make finished before it could be killed at {pattern!r}:\n" + "".join(
        seen
    )
    assert proc.returncode == -signal.SIGKILL


def test_killed_runs_end_with_the_bytes_of_an_uninterrupted_one(seed_build, tmp_path):
    """SIGKILL (no cleanup at all) at four known points: during the parse; just after notebook
    02 starts; once it has written its first figure; once its executed copy is in place, while
    its HTML report renders. Each kill lands in a step that had not finished (its outputs are
    missing); after each no report that looks finished is cut short, and `make` then ends with
    the bytes of the uninterrupted seed build."""
    # 1. the parse, killed once the model is loaded and the articles are being parsed
    parse_out = tmp_path / "parse"
    target = f"{parse_out}/build/articles.json"
    kill_when([target, f"OUT={parse_out}"], r"^parsing \d+ articles")
    assert not (parse_out / "build" / "articles.json").exists()
    make(target, f"OUT={parse_out}")
    for name in ("articles.json", "docs.zip", "docs.json"):
        built = (seed_build.out / "build" / name).read_bytes()
        assert (parse_out / "build" / name).read_bytes() == built, name
    assert not list(parse_out.rglob(".*partial*"))

    # 2. notebook 02 and its report, in a copy of the seed build without them
    out = copy_build(seed_build.out, tmp_path / "out")
    figures = sorted(out.glob("figures/readability*"))
    outputs = figures + sorted(out.glob("tables/readability*"))
    assert len(figures) >= 3 and len(outputs) > len(figures)
    for path in [*outputs, *out.glob("reports/02_readability.*"), out / "reports" / "index.html"]:
        path.unlink()
    report = out / "reports" / "02_readability.ipynb"
    run = ["all", f"OUT={out}"]
    started = r"==> running notebooks/02_readability\.ipynb"

    kill_when(run, started)
    assert not report.exists()
    assert all(complete(out).values()), complete(out)

    def a_figure_is_written() -> bool:
        """notebook 02 writing its figures"""
        return any(path.exists() for path in figures)

    kill_when(run, started, then=a_figure_is_written)
    assert not report.exists()
    assert [path for path in outputs if not path.exists()] != [], "02 had written everything"
    assert all(complete(out).values()), complete(out)

    html = out / "reports" / "02_readability.html"

    def the_report_renders() -> bool:
        """notebook 02's executed copy in place, its HTML report not yet"""
        return report.exists()

    kill_when(run, started, then=the_report_renders)
    assert report.exists() and not html.exists()
    assert all(complete(out).values()), complete(out)

    result = make(*run)
    assert "==> " in result.stdout, "nothing was left to redo"
    assert hashes(out) == hashes(seed_build.out)


# ---- other builds ---------------------------------------------------------------------------


def test_failed_notebook_leaves_no_report_and_keeps_earlier_figures(seed_build, tmp_path):
    out = tmp_path / "out"
    copy_build(seed_build.out / "build", out / "build")  # a parsed corpus, current for make
    (out / "figures").mkdir()
    earlier = out / "figures" / "corpus_zones.png"
    earlier.write_bytes(b"a figure from an earlier run")
    (out / "build" / "docs.zip").write_bytes(b"corrupted")  # the notebook cannot load it
    result = make("-j1", "all", f"OUT={out}", check=False)  # one job: make stops at 01
    assert "==> reading and parsing" not in result.stdout, "the copied parse was not current"
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


def test_a_corpus_of_one_article_replaces_the_seed_build_and_runs_every_notebook(
    seed_build, tmp_path
):
    """Switching CORPUS in a built OUT (the new folder older than the build) re-runs everything;
    on one article every notebook runs and says that comparisons need two."""
    corpus = tmp_path / "one"
    corpus.mkdir()
    shutil.copy2(SEEDS / ARTICLES[0], corpus / ARTICLES[0])
    os.utime(corpus / ARTICLES[0], (0, 0))
    os.utime(corpus, (0, 0))
    out = copy_build(seed_build.out, tmp_path / "out")
    result = make(JOBS, "all", f"CORPUS={corpus}", f"OUT={out}")
    assert "==> reading and parsing" in result.stdout
    assert set(re.findall(r"==> running notebooks/(\w+)\.ipynb", result.stdout)) == set(NOTEBOOKS)
    assert (out / "build" / "articles.json").read_text().count('"article_id"') == 1
    assert (out / "tables" / "corpus.csv").read_text().count("\n") == 2  # header + the article
    html = (out / "reports" / "01_corpus.html").read_text()
    assert "Comparisons need at least two articles" in html
    assert (out / "reports" / "02_readability.html").is_file()
    assert (out / "reports" / "03_entities.html").is_file()
    coverage = (out / "reports" / "04_coverage.html").read_text()
    assert "comparisons need at least two" in coverage
    assert "News coverage reports: 1 article" in (out / "reports" / "index.html").read_text()


def test_help_lists_the_entry_points():
    out = make("help").stdout
    for target in ("all", "test", "lab", "bench", "clean"):
        assert re.search(rf"^  {target} +\S", out, re.MULTILINE), target


def test_clean_removes_generated_files_only(seed_build, tmp_path):
    out = copy_build(seed_build.out, tmp_path / "out")
    articles = snapshot(SEEDS)
    make("clean", f"OUT={out}")
    assert sorted(p.name for p in out.iterdir()) == ["figures"]
    assert snapshot(out / "figures") == snapshot(seed_build.out / "figures")
    assert snapshot(SEEDS) == articles
