"""Shared fixtures: the seed corpus, the seed build, a helper to write small corpora, the model.

Two tiers (`pytest -m "not slow"` is `make test-fast`): a test that runs make, a notebook kernel or
the spaCy model over more than a few short texts is marked ``slow``; `make()` below refuses to run
in a test that is not. Tests that change a build work on their own OUT (`copy_build`), never on the
shared `seed_build`, which checks at the end of the session that no test changed it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "data" / "articles"
# make -j for the builds the tests only read (the kill test runs make serially, step by step)
JOBS = f"-j{min(4, os.cpu_count() or 1)}"

_running: list[pytest.Item] = []  # the test being set up or run, for make()'s tier check


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _running[:] = [item]


def make_env() -> dict[str, str]:
    """The environment for running make from a test: without the MAKE* variables of a make that
    may be running pytest (they would turn the inner make into a sub-make of it)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}


def make(*args, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``make ARGS`` in the project; with ``check``, fail the test with make's output."""
    if _running and _running[0].get_closest_marker("slow") is None:
        pytest.fail(f"{_running[0].nodeid} runs make: mark it @pytest.mark.slow", pytrace=False)
    result = subprocess.run(
        ["make", "--no-print-directory", *map(str, args)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=make_env(),
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


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


@dataclass(frozen=True)
class Build:
    """A finished `make all`: its OUT folder and what make printed."""

    out: Path
    stdout: str


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Build:
    """`make all` of the seed corpus (the default CORPUS) into a temporary OUT, once per session.

    Read-only for every test: one that needs to change a build copies it (`copy_build`). At the
    end of the session the fixture fails if any file under OUT changed (bytes or mtime).
    """
    out = tmp_path_factory.mktemp("seeds") / "out"
    bundled = snapshot(PROJECT / "figures")
    result = make(JOBS, "all", f"OUT={out}")
    assert snapshot(PROJECT / "figures") == bundled, (
        "a build under OUT wrote the project's figures/"
    )
    before = snapshot(out)
    yield Build(out, result.stdout)
    after = snapshot(out)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert changed == [], f"a test changed the shared seed build: {changed}"


def copy_build(build: Path, to: Path) -> Path:
    """Copy a build folder, for a test to change, as if it had been built at ``to``.

    mtimes are kept, so make sees the same state; executed notebooks (and anything else) that
    name the folder they were built in are rewritten to name ``to`` (mtime kept too).
    """
    shutil.copytree(build, to, symlinks=True, copy_function=shutil.copy2)
    old, new = str(build).encode(), str(to).encode()
    for path in to.rglob("*"):
        if path.is_file() and not path.is_symlink() and old in (data := path.read_bytes()):
            stat = path.stat()
            path.write_bytes(data.replace(old, new))
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return to


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis.corpus import read_corpus

    return read_corpus(SEEDS)


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_docs(seed_corpus, nlp):
    from analysis.nlp import parse_corpus

    return list(parse_corpus(seed_corpus, nlp, progress=False))


@pytest.fixture
def write_corpus(tmp_path):
    """Write ``{file name: str or bytes}`` into a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "articles") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / name).write_bytes(data)
        return root

    return write


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


class NetworkBlocked(RuntimeError):
    """Raised by the no_network fixture when code tries to leave the machine."""


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0])
    return host in ("localhost", "::1") or host.startswith("127.")


@pytest.fixture
def no_network(monkeypatch):
    """Make every connection to another machine fail (loopback stays open for Jupyter kernels).

    Yields the list of addresses that were attempted, so a test can assert it stayed empty.
    """
    import socket

    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address):
        if not _is_local(address):
            attempts.append(address)
            raise NetworkBlocked(f"network access attempted: {address!r}")

    def connect(self, address):
        guard(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        guard((host or "localhost", 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
