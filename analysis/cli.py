"""``python -m analysis``: every step of the pipeline without Jupyter.

Commands
--------
parse CORPUS --build DIR      read the articles, run the spaCy pass, cache both in DIR
corpus CORPUS --out DIR       write corpus.csv (one row per article) and segments.csv
readability CORPUS --out DIR  write readability.csv, readability_sentences.csv and
                              readability_intervals.csv
entities CORPUS --out DIR     write entities.csv and entity_mentions.csv
run NOTEBOOK OUTPUT           execute a notebook with papermill (parameters checked)
render NOTEBOOK HTML          render an executed notebook to self-contained HTML
environment                   write environment.yml from requirements.lock

Errors print one line naming the file and the problem, and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

__all__ = ["main"]


def _corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="folder of .txt/.html articles")
    p.add_argument("--rules", default="", help="YAML file of extra zone rules (see README)")
    p.add_argument("--metadata", default="",
                   help="metadata CSV joined by file name (default: CORPUS/articles.csv)")
    p.add_argument("--strict", action="store_true", help="treat every warning as an error")


def _read(args):
    from .corpus import load_zone_rules, read_corpus

    corpus = read_corpus(args.corpus, load_zone_rules(args.rules), metadata=args.metadata or None,
                         strict=args.strict)
    for warning in corpus.warnings:
        print(f"warning: {corpus.folder}/{warning}", file=sys.stderr)
    return corpus


def _parse(args) -> None:
    from .corpus import corpus_to_json
    from .nlp import load_model, model_label, parse_corpus, parse_info, write_docs
    from .outputs import atomic_write_text

    corpus = _read(args)
    build = Path(args.build)
    nlp = load_model(args.model)
    print(f"parsing {len(corpus)} articles from {args.corpus} with {model_label(nlp)}",
          file=sys.stderr)
    write_docs(parse_corpus(corpus, nlp, batch_size=args.batch_size), build / "docs.zip",
               parse_info(nlp, corpus))
    # written last: make's target for this step, present only when the docs are
    atomic_write_text(build / "articles.json", corpus_to_json(corpus))


def _corpus(args) -> None:
    from .nlp import load_model, parse_corpus
    from .outputs import write_csv
    from .overview import corpus_overview, segments_table

    corpus = _read(args)
    docs = list(parse_corpus(corpus, load_model(args.model)))
    out = Path(args.out)
    write_csv(corpus_overview(corpus, docs), out / "corpus.csv")
    write_csv(segments_table(corpus), out / "segments.csv")
    print(f"wrote {out / 'corpus.csv'} and {out / 'segments.csv'}", file=sys.stderr)


def _readability(args) -> None:
    from .nlp import load_model, parse_corpus
    from .outputs import write_csv
    from .readability import bootstrap_intervals, readability_table, sentence_table

    corpus = _read(args)
    docs = list(parse_corpus(corpus, load_model(args.model)))
    sentences = sentence_table(corpus, docs)
    out = Path(args.out)
    write_csv(readability_table(corpus, docs, sentences), out / "readability.csv")
    write_csv(sentences, out / "readability_sentences.csv")
    write_csv(bootstrap_intervals(sentences, n_boot=args.n_boot, seed=args.seed),
              out / "readability_intervals.csv")
    print(f"wrote readability.csv, readability_sentences.csv, readability_intervals.csv in {out}",
          file=sys.stderr)


def _entities(args) -> None:
    from .entities import (canonicalize, entity_counts, extract_mentions, load_aliases,
                           mention_table)
    from .nlp import load_model, parse_corpus
    from .outputs import write_csv

    aliases = load_aliases(args.aliases)
    corpus = _read(args)
    docs = list(parse_corpus(corpus, load_model(args.model)))
    mentions = canonicalize(extract_mentions(
        corpus, docs, aliases=aliases, labels=args.labels.split(","),
        include_captions=not args.no_captions), aliases)
    out = Path(args.out)
    write_csv(entity_counts(mentions), out / "entities.csv")
    write_csv(mention_table(mentions), out / "entity_mentions.csv")
    print(f"wrote entities.csv and entity_mentions.csv in {out}", file=sys.stderr)


def _param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, yaml.safe_load(value) if value else ""


def _run(args) -> None:
    from .notebooks import load_params, run_notebook

    params = load_params(args.params, args.notebook, dict(args.p))
    print(f"running {args.notebook} -> {args.output}", file=sys.stderr)
    run_notebook(args.notebook, args.output, params, failed_dir=args.failed_dir)


def _render(args) -> None:
    from .notebooks import render_html

    render_html(args.notebook, args.html, with_code=args.with_code)


def _environment(args) -> None:
    from .environment import conda_yaml, read_lock
    from .outputs import atomic_write_text

    atomic_write_text(args.output, conda_yaml(read_lock(args.lock)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="read articles and cache the spaCy pass")
    _corpus_args(p)
    p.add_argument("--build", required=True, help="folder for articles.json and docs.zip")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline package")
    p.add_argument("--batch-size", type=int, default=32)
    p.set_defaults(func=_parse)

    p = sub.add_parser("corpus", help="write corpus.csv and segments.csv")
    _corpus_args(p)
    p.add_argument("--out", required=True, help="folder for the tables")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline package")
    p.set_defaults(func=_corpus)

    p = sub.add_parser("readability", help="write readability.csv and its sentence table")
    _corpus_args(p)
    p.add_argument("--out", required=True, help="folder for the tables")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline package")
    p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=20261123, help="bootstrap seed")
    p.set_defaults(func=_readability)

    p = sub.add_parser("entities", help="write entities.csv and entity_mentions.csv")
    _corpus_args(p)
    p.add_argument("--out", required=True, help="folder for the tables")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline package")
    p.add_argument("--aliases", default="data/aliases.yaml", help="alias file ('' for none)")
    p.add_argument("--labels", default="PERSON,NORP,ORG,GPE,LOC,FAC,EVENT",
                   help="comma-separated entity labels to count")
    p.add_argument("--no-captions", action="store_true", help="do not count caption mentions")
    p.set_defaults(func=_entities)

    p = sub.add_parser("run", help="execute a notebook with papermill")
    p.add_argument("notebook")
    p.add_argument("output")
    p.add_argument("--params", default="", help="YAML parameters file (sections 'all', NAME)")
    p.add_argument("-p", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="override one parameter (value read as YAML)")
    p.add_argument("--failed-dir", default=None, help="where a failed notebook is kept")
    p.set_defaults(func=_run)

    p = sub.add_parser("render", help="render an executed notebook to HTML")
    p.add_argument("notebook")
    p.add_argument("html")
    p.add_argument("--with-code", action="store_true")
    p.set_defaults(func=_render)

    p = sub.add_parser("environment", help="write environment.yml from the lock")
    p.add_argument("--lock", default="requirements.lock")
    p.add_argument("--output", default="environment.yml")
    p.set_defaults(func=_environment)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .corpus import CorpusError
    from .entities import AliasError
    from .nlp import NlpError
    from .notebooks import NotebookError

    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (CorpusError, NlpError, NotebookError, AliasError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no partial output was left in place", file=sys.stderr)
        return 130
    return 0
