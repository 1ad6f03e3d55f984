"""`make verify`'s comparison: which files differ between two builds of the same inputs."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from conftest import PROJECT

from analysis.reproducibility import differences, tree_hashes


def write(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def test_tree_hashes_cover_result_folders_not_build(tmp_path):
    root = write(
        tmp_path,
        {
            "figures/a.png": "png",
            "tables/t.csv": "x\n",
            "reports/r.html": "<p>",
            "reports/sub/s.txt": "s",
            "build/docs.zip": "cache",
        },
    )
    assert sorted(tree_hashes(root)) == [
        "figures/a.png",
        "reports/r.html",
        "reports/sub/s.txt",
        "tables/t.csv",
    ]
    assert tree_hashes(root)["tables/t.csv"] == hashlib.sha256(b"x\n").hexdigest()


def test_differences_name_each_file_once():
    first = {"figures/a.png": "1", "tables/t.csv": "2", "reports/old.html": "3"}
    second = {"figures/a.png": "1", "tables/t.csv": "9", "reports/new.html": "4"}
    assert differences(first, second) == [
        "only in second: reports/new.html",
        "only in first: reports/old.html",
        "differs: tables/t.csv",
    ]
    assert differences(first, dict(first)) == []


def compare(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", "compare-builds", *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )


def test_compare_builds_exit_status_says_whether_they_agree(tmp_path):
    a = write(tmp_path / "a", {"figures/f.csv": "1\n", "build/x": "a"})
    b = write(tmp_path / "b", {"figures/f.csv": "1\n", "build/x": "b"})
    same = compare(a, b)
    assert same.returncode == 0 and same.stdout == ""
    assert "same bytes: all 1 files" in same.stderr
    (b / "figures" / "f.csv").write_text("2\n")
    differ = compare(a, b)
    assert differ.returncode == 1
    assert differ.stdout == "differs: figures/f.csv\n"
    missing = compare(a, tmp_path / "nope")
    assert missing.returncode == 2 and "nope: no such folder" in missing.stderr
