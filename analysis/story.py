"""A story: the articles of one folder with their parse, ready for every measure.

Notebooks load one with :func:`load_build` (from the files the parse step wrote in ``build/``,
without the spaCy model); the CLI reads and parses a folder with :func:`read_story`. Both give the
same :class:`Story`, and every measure takes it, so a notebook and the CLI compute the same tables.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import defaults
from .config import resolve
from .corpus import Corpus, article_labels, corpus_from_json, load_zone_rules, read_corpus
from .nlp import NlpError, ParseInfo, load_model, parse_corpus, parse_info, read_docs, read_info

__all__ = ["Story", "load_build", "parse_story", "read_story"]


@dataclass(frozen=True)
class Story:
    """The articles of one story and their spaCy parse.

    Attributes
    ----------
    corpus : Corpus
        The articles in file-name order, with their zones, metadata and reading warnings.
    docs : list of Doc
        One parsed document per article, in the same order:
        ``docs[i].text == corpus.articles[i].text``.
    labels : dict of str to str
        Short label of each article id, the same in every figure and table
        (:func:`analysis.corpus.article_labels`).
    parse : ParseInfo
        The model and versions that produced ``docs``.
    """

    corpus: Corpus
    docs: Sequence[Doc]
    labels: dict[str, str]
    parse: ParseInfo

    @property
    def ids(self) -> list[str]:
        """Article ids in file-name order."""
        return self.corpus.ids

    def __len__(self) -> int:
        """Return the number of articles."""
        return len(self.corpus)


def _labels(corpus: Corpus) -> dict[str, str]:
    return article_labels(corpus.ids, {a.article_id: a.metadata for a in corpus})


def load_build(build_dir: str | Path = defaults.BUILD_DIR) -> Story:
    """Load the story the parse step cached in ``build_dir``, without the spaCy model.

    Parameters
    ----------
    build_dir
        The folder ``python -m analysis parse`` (``make``) wrote; a relative path is taken from
        the project root (:func:`analysis.config.resolve`).

    Returns
    -------
    Story
        The corpus of ``articles.json``, the docs of ``docs.zip``, labels from the articles'
        metadata (:func:`analysis.corpus.article_labels`) and the parse info of ``docs.json``.

    Raises
    ------
    analysis.nlp.NlpError
        When ``articles.json`` or ``docs.zip`` is missing, or the parse was made from other
        articles; the message says which command to run.
    """
    build = resolve(build_dir)
    articles = build / "articles.json"
    if not articles.is_file():
        raise NlpError(
            f"{articles}: parsed corpus not found; run 'make all' (or 'python -m "
            f"analysis parse CORPUS --build {build_dir}') first"
        )
    corpus = corpus_from_json(articles.read_text(encoding="utf-8"))
    docs = read_docs(build / "docs.zip", corpus)
    return Story(corpus, docs, _labels(corpus), read_info(build / "docs.zip"))


def read_story(
    folder: str | Path,
    *,
    model: str = defaults.MODEL,
    rules: str | Path | None = None,
    metadata: str | Path | None = None,
    strict: bool = False,
    batch_size: int = defaults.BATCH_SIZE,
) -> Story:
    """Read the articles of ``folder`` and parse them with ``model`` (what ``make`` caches).

    Reading warnings are printed to standard error, one line per file (``warning: FOLDER/FILE:
    PROBLEM``), as the parse step prints them; ``strict`` makes them errors.

    Parameters
    ----------
    folder
        Folder of ``.txt`` and ``.html`` articles (:func:`analysis.corpus.read_corpus`).
    model
        spaCy pipeline package (:func:`analysis.nlp.load_model`).
    rules
        YAML file of extra zone rules, or None/"" for the default rules.
    metadata
        Metadata CSV joined by file name; None/"" reads ``folder/articles.csv`` when present.
    strict
        Turn every reading warning into a :class:`analysis.corpus.CorpusError`.
    batch_size
        Documents per ``nlp.pipe`` batch.

    Returns
    -------
    Story
        The articles, their parse, labels from the metadata and the parse info.
    """
    corpus = read_corpus(
        folder, load_zone_rules(rules or None), metadata=metadata or None, strict=strict
    )
    for warning in corpus.warnings:
        print(f"warning: {corpus.folder}/{warning}", file=sys.stderr)
    return parse_story(corpus, load_model(model), batch_size=batch_size)


def parse_story(
    corpus: Corpus,
    nlp: Language,
    *,
    batch_size: int = defaults.BATCH_SIZE,
    progress: bool | None = None,
) -> Story:
    """Parse the articles of ``corpus`` with a loaded pipeline: the :class:`Story` of measures.

    :func:`read_story` calls it after reading a folder; the collection runner calls it with the
    pipeline its worker loaded once, for every story it is given.

    Parameters
    ----------
    corpus
        The articles (:func:`analysis.corpus.read_corpus`).
    nlp
        The loaded spaCy pipeline (:func:`analysis.nlp.load_model`).
    batch_size
        Documents per ``nlp.pipe`` batch.
    progress
        Show a progress bar on standard error (None: only when it is a terminal).

    Returns
    -------
    Story
        The articles, their parse, labels from the metadata and the parse info.
    """
    docs = list(parse_corpus(corpus, nlp, batch_size=batch_size, progress=progress))
    return Story(corpus, docs, _labels(corpus), parse_info(nlp, corpus))
