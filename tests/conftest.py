"""Shared fixtures: the seed corpus, a helper to write small corpora, the spaCy model."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "data" / "articles"


def make_env() -> dict[str, str]:
    """The environment for running make from a test: without the MAKE* variables of a make that
    may be running pytest (they would turn the inner make into a sub-make of it)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}


def make(*args, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``make ARGS`` in the project; with ``check``, fail the test with make's output."""
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
