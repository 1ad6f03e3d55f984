"""Shared fixtures: the seed corpus, a helper to write small corpora, the spaCy model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "data" / "articles"


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
