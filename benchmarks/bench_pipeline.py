"""Benchmark: `make all` on the seeds against the CLI computing the same tables.

    make bench                                           # also runs bench_parse.py
    .venv/bin/python benchmarks/bench_pipeline.py --runs 5
    .venv/bin/python benchmarks/bench_pipeline.py --root /tmp/old-checkout   # another checkout

One run is a pair, each side into a fresh temporary folder:

* ``make``: ``make all OUT=TMP`` (parse, every notebook, every HTML report, the index), with the
  Makefile's own settings (its default ``JOBS``; ``--make-args`` adds any);
* ``cli``: ``python -m analysis parse`` and then the ``corpus``, ``readability``, ``entities`` and
  ``coverage`` commands, one process each, as a user would type them. Each of those commands reads
  and parses the corpus again: that is the CLI's cost today, measured as it is.

The two sides alternate which goes first, so a machine that slows down or speeds up during the
benchmark does not favour one. Prints each run, the medians and their ratio (issue 11's target: at
most 2). Nothing is asserted; the numbers go in the README and issue notes.

``--root`` benchmarks another checkout (e.g. ``git worktree add /tmp/old HEAD~1``) with the
environment running this script: a checkout without ``.venv`` gets a symlink to it, and
``PYTHONPATH`` is set to the checkout, so that the notebook kernels import its ``analysis``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_COMMANDS = ("corpus", "readability", "entities", "coverage")


def environment(root: Path) -> dict[str, str]:
    """The environment of a run: no MAKE* variables of a make that may run this, PYTHONPATH=root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["PYTHONPATH"] = str(root)
    return env


def prepare(root: Path) -> None:
    """Make sure `make` in ``root`` finds a complete environment and will not rebuild it.

    A checkout without ``.venv`` gets a symlink to the environment running this script
    (``sys.prefix``); the lock files of a checkout with such a borrowed environment are dated just
    before its stamp (a fresh checkout's are newer, and make would reinstall the environment).
    """
    venv = root / ".venv"
    if not venv.exists():
        venv.symlink_to(Path(sys.prefix))
    stamp = venv / ".installed"
    if not stamp.is_file():
        sys.exit(f"error: {stamp}: no installed environment; run 'make env' in {root} first")
    for lock in ("requirements.lock", "requirements-bootstrap.lock"):
        path = root / lock
        if path.exists() and path.stat().st_mtime_ns >= stamp.stat().st_mtime_ns:
            if not venv.is_symlink():  # the checkout's own environment: make would reinstall it
                sys.exit(f"error: {path} is newer than {stamp}; run 'make env' first")
            before = stamp.stat().st_mtime_ns - 10**9
            os.utime(path, ns=(before, before))


def run(cmd: list[str], root: Path) -> None:
    result = subprocess.run(cmd, cwd=root, env=environment(root), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def time_make(root: Path, make_args: list[str]) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-make-"))
    try:
        start = time.perf_counter()
        run(["make", "--no-print-directory", "all", f"OUT={out}", *make_args], root)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(out, ignore_errors=True)


def time_cli(root: Path, corpus: str) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    python = str(root / ".venv" / "bin" / "python")
    try:
        start = time.perf_counter()
        run([python, "-m", "analysis", "parse", corpus, "--build", str(out / "build")], root)
        for command in CLI_COMMANDS:
            run([python, "-m", "analysis", command, corpus, "--out", str(out / "tables")], root)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="paired runs (default 3)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to benchmark")
    parser.add_argument("--corpus", default="data/articles", help="corpus, relative to --root")
    parser.add_argument("--make-args", default="", help="extra make arguments, e.g. 'JOBS=1'")
    args = parser.parse_args()
    root = args.root.resolve()
    prepare(root)
    make_times: list[float] = []
    cli_times: list[float] = []
    print(f"{root}: make all vs CLI on {args.corpus}, {args.runs} paired runs", flush=True)
    for i in range(args.runs):
        sides = [
            ("make", lambda: make_times.append(time_make(root, args.make_args.split()))),
            ("cli", lambda: cli_times.append(time_cli(root, args.corpus))),
        ]
        for _, measure in sides if i % 2 == 0 else reversed(sides):
            measure()
        print(
            f"run {i + 1}: make all {make_times[-1]:6.1f} s   cli {cli_times[-1]:6.1f} s   "
            f"ratio {make_times[-1] / cli_times[-1]:.2f}",
            flush=True,
        )
    make_median, cli_median = statistics.median(make_times), statistics.median(cli_times)
    print(
        f"median: make all {make_median:.1f} s, cli {cli_median:.1f} s, "
        f"ratio {make_median / cli_median:.2f} (target <= 2)"
    )


if __name__ == "__main__":
    main()
