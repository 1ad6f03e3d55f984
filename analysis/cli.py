"""``python -m analysis``: every step of the pipeline without Jupyter.

Commands
--------
parse CORPUS --build DIR      read the articles, run the spaCy pass, cache both in DIR
corpus CORPUS --out DIR       write corpus.csv (one row per article) and segments.csv
readability CORPUS --out DIR  write readability.csv, readability_sentences.csv and
                              readability_intervals.csv
entities CORPUS --out DIR     write entities.csv, entity_mentions.csv, entity_alias_groups.csv
                              and entity_accuracy.csv
coverage CORPUS --out DIR     write similarity.csv, shared_passages.csv, quotes.csv,
                              entity_coverage.csv, distinctive_terms.csv and dates.csv
facts CORPUS --out DIR        write facts.csv, fact_flags.csv, events.csv, event_pairs.csv,
                              event_dates.csv and fact_accuracy.csv
collection PATH --out DIR     analyse every story of a collection (a folder of story folders,
                              one story folder, or a CSV/JSON Lines/Parquet table of articles) on
                              Dask, then the outlet profiles (exit status 1 when a story failed)
run NOTEBOOK OUTPUT           execute a notebook with papermill (parameters checked; with
                              --outputs, what it writes too; --html renders it as well)
render NOTEBOOK HTML          render an executed notebook to self-contained HTML
index --build DIR --reports DIR --out FILE
                              write the reports' index page (reports/index.html); with
                              --collection DIR instead of --build, a collection run's
compare-builds FIRST SECOND   compare two builds' figures/, tables/ and reports/ byte for byte
                              (exit status 1 and one line per differing file when they differ)
environment                   write environment.yml from requirements.lock

Errors print one line naming the file and the problem, and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import defaults

__all__ = ["main"]


def _corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="folder of .txt/.html articles")
    p.add_argument("--rules", default="", help="YAML file of extra zone rules (see README)")
    p.add_argument(
        "--metadata",
        default="",
        help="metadata CSV joined by file name (default: CORPUS/articles.csv)",
    )
    p.add_argument("--strict", action="store_true", help="treat every warning as an error")


def _story_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="folder for the tables")
    p.add_argument("--model", default=defaults.MODEL, help="spaCy pipeline package")


def _read_story(args):
    """Read and parse the corpus that ``_corpus_args`` and ``_story_args`` options name."""
    from .story import read_story

    return read_story(
        args.corpus, model=args.model, rules=args.rules, metadata=args.metadata, strict=args.strict
    )


def _comparison_args(p: argparse.ArgumentParser) -> None:
    """Add the options of the coverage comparison (``coverage`` and ``collection``)."""
    p.add_argument(
        "--min-tokens",
        type=_positive,
        default=defaults.MIN_TOKENS,
        help="shortest shared passage, in tokens",
    )
    p.add_argument(
        "--prior-scale",
        type=float,
        default=defaults.PRIOR_SCALE,
        help="strength of the distinctive-terms prior (1: as strong as the corpus)",
    )


def _facts_args(p: argparse.ArgumentParser) -> None:
    """Add the options of the fact alignment and event check (``facts`` and ``collection``)."""
    p.add_argument(
        "--fact-threshold",
        type=float,
        default=defaults.FACT_THRESHOLD,
        help="least average similarity of a fact's sentences",
    )
    p.add_argument(
        "--entity-weight",
        type=float,
        default=defaults.ENTITY_WEIGHT,
        help="weight of a shared entity against a content word",
    )
    p.add_argument(
        "--number-weight",
        type=float,
        default=defaults.NUMBER_WEIGHT,
        help="weight of a shared number against a content word",
    )
    p.add_argument(
        "--omission-share",
        type=float,
        default=defaults.OMISSION_SHARE,
        help="an article omits a fact more than this share of the others report",
    )
    p.add_argument(
        "--event-link",
        type=float,
        default=defaults.EVENT_LINK,
        help="least share of the shorter article's facts two articles share to be one event",
    )
    p.add_argument(
        "--date-tolerance",
        type=int,
        default=defaults.DATE_TOLERANCE,
        help="most days apart two articles' event days may be to be one event",
    )
    p.add_argument(
        "--facts-gold",
        default=defaults.FACTS_GOLD_FILE,
        help="hand alignment of facts to measure against (relative: from the project root; "
        "'' for none)",
    )
    p.add_argument(
        "--events-gold",
        default=defaults.EVENTS_GOLD_FILE,
        help="hand annotation of events to measure against ('' for none)",
    )


def _facts_options(args) -> dict:
    """Return the facts options as :func:`analysis.facts.analyse` and ``Settings`` name them."""
    return {
        "fact_threshold": args.fact_threshold,
        "entity_weight": args.entity_weight,
        "number_weight": args.number_weight,
        "omission_share": args.omission_share,
        "event_link": args.event_link,
        "date_tolerance": args.date_tolerance,
        "facts_gold_file": args.facts_gold,
        "events_gold_file": args.events_gold,
    }


def _facts_error(args) -> str:
    """Return what is wrong with the facts options ("" when nothing): checked before any parse."""
    for name, value, low, high in (
        ("--fact-threshold", args.fact_threshold, 0.0, 1.0),
        ("--omission-share", args.omission_share, 0.0, 1.0),
        ("--event-link", args.event_link, 0.0, 1.0),
    ):
        if not low < value <= high:
            return f"{name} must be in ({low}, {high}], got {value}"
    if args.date_tolerance < 0:
        return f"--date-tolerance must be 0 or more, got {args.date_tolerance}"
    return ""


def _entity_args(p: argparse.ArgumentParser) -> None:
    _story_args(p)
    p.add_argument("--aliases", default=defaults.ALIASES_FILE, help="alias file ('' for none)")
    p.add_argument(
        "--labels",
        default=",".join(defaults.ENTITY_LABELS),
        help="comma-separated entity labels to count",
    )


def _read(args):
    from .corpus import load_zone_rules, read_corpus

    corpus = read_corpus(
        args.corpus, load_zone_rules(args.rules), metadata=args.metadata or None, strict=args.strict
    )
    for warning in corpus.warnings:
        print(f"warning: {corpus.folder}/{warning}", file=sys.stderr)
    return corpus


def _parse(args) -> None:
    from .corpus import corpus_to_json
    from .nlp import load_model, model_label, parse_corpus, parse_info, write_docs
    from .outputs import atomic_write_text

    corpus = _read(args)
    if corpus.aliases:  # the story's own alias file fails before the parse, not in a notebook
        from .entities import story_aliases

        story_aliases(corpus, None)
    build = Path(args.build)
    nlp = load_model(args.model)
    print(
        f"parsing {len(corpus)} articles from {args.corpus} with {model_label(nlp)}",
        file=sys.stderr,
    )
    write_docs(
        parse_corpus(corpus, nlp, batch_size=args.batch_size),
        build / "docs.zip",
        parse_info(nlp, corpus),
    )
    # written last: make's target for this step, present only when the docs are
    atomic_write_text(build / "articles.json", corpus_to_json(corpus))


def _corpus(args) -> None:
    from .outputs import write_tables
    from .overview import analyse

    story = _read_story(args)
    tables = analyse(story).tables()
    write_tables(tables, args.out)
    print(f"wrote {', '.join(f'{name}.csv' for name in tables)} in {args.out}", file=sys.stderr)


def _readability(args) -> None:
    from .outputs import write_tables
    from .readability import analyse

    story = _read_story(args)
    tables = analyse(story, n_boot=args.n_boot, seed=args.seed, level=args.level).tables()
    write_tables(tables, args.out)
    print(f"wrote {', '.join(f'{name}.csv' for name in tables)} in {args.out}", file=sys.stderr)


def _entities(args) -> None:
    from .entities import analyse, load_aliases
    from .outputs import write_tables

    aliases = load_aliases(args.aliases)  # before the parse: a bad alias file fails fast
    story = _read_story(args)
    result = analyse(
        story,
        aliases_file=aliases,
        labels=args.labels.split(","),
        include_captions=not args.no_captions,
        gold_file=args.gold,
    )
    tables = result.tables()
    write_tables(tables, args.out)
    print(f"wrote {', '.join(f'{name}.csv' for name in tables)} in {args.out}", file=sys.stderr)


def _coverage(args) -> int | None:
    from .coverage import analyse
    from .entities import load_aliases
    from .outputs import write_tables

    if not args.prior_scale > 0:  # checked before the parse, like every other argument
        print(f"error: --prior-scale must be positive, got {args.prior_scale}", file=sys.stderr)
        return 2
    aliases = load_aliases(args.aliases)  # before the parse: a bad alias file fails fast
    story = _read_story(args)
    result = analyse(
        story,
        aliases_file=aliases,
        labels=args.labels.split(","),
        min_tokens=args.min_tokens,
        prior_scale=args.prior_scale,
    )
    tables = result.tables()
    write_tables(tables, args.out)
    print(f"wrote {', '.join(f'{name}.csv' for name in tables)} in {args.out}", file=sys.stderr)
    if not result.comparable:
        print(
            f"note: {args.corpus} has {len(story)} article(s); comparisons need at least two, "
            "so the pairwise tables are empty",
            file=sys.stderr,
        )
    return None


def _facts(args) -> int | None:
    from .entities import load_aliases
    from .facts import analyse
    from .outputs import write_tables

    problem = _facts_error(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    aliases = load_aliases(args.aliases)  # before the parse: a bad alias file fails fast
    story = _read_story(args)
    result = analyse(story, aliases_file=aliases, **_facts_options(args))
    tables = result.tables()
    write_tables(tables, args.out)
    print(f"wrote {', '.join(f'{name}.csv' for name in tables)} in {args.out}", file=sys.stderr)
    if not result.comparable:
        print(
            f"note: {args.corpus} has {len(story)} article(s); facts are compared across two "
            "or more, so every sentence is a fact of its own",
            file=sys.stderr,
        )
    return None


def _collection(args) -> int:
    from .collection import run_collection
    from .entities import load_aliases
    from .story_tables import Settings

    if not args.prior_scale > 0:
        print(f"error: --prior-scale must be positive, got {args.prior_scale}", file=sys.stderr)
        return 2
    if not 0 < args.level < 1:
        print(f"error: --level must be between 0 and 1, got {args.level}", file=sys.stderr)
        return 2
    problem = _facts_error(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.aliases:  # read once here: a bad alias file fails before any cluster starts
        from .config import resolve

        load_aliases(resolve(args.aliases))
    settings = Settings(
        model=args.model,
        rules=args.rules,
        strict=args.strict,
        aliases_file=args.aliases,
        labels=tuple(args.labels.split(",")),
        include_captions=not args.no_captions,
        gold_file=args.gold,
        n_boot=args.n_boot,
        seed=args.seed,
        level=args.level,
        min_tokens=args.min_tokens,
        prior_scale=args.prior_scale,
        **_facts_options(args),
    )
    report = run_collection(
        args.collection,
        args.out,
        settings,
        scheduler=args.scheduler,
        workers=args.workers,
        batch_size=args.batch_size,
        progress=args.progress,
        dashboard=args.dashboard,
    )
    manifest = report.manifest
    counts = manifest["status"].value_counts()
    print(
        f"{len(manifest)} stories: {counts.get('done', 0)} analysed, {counts.get('reused', 0)} "
        f"unchanged (reused), {counts.get('failed', 0)} failed; {len(report.warnings)} "
        f"warning(s) in {args.out}/warnings.csv; outlet tables in {args.out}/outlets",
        file=sys.stderr,
    )
    for row in manifest[manifest["status"] == "failed"].itertuples():
        print(f"failed: {row.story}: {row.error}", file=sys.stderr)
    return 1 if report.failed else 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, yaml.safe_load(value) if value else ""


def _run(args) -> None:
    from .reports import load_params, run_notebook

    params = load_params(args.params, args.notebook, dict(args.p))
    print(f"running {args.notebook} -> {args.output}", file=sys.stderr)
    run_notebook(
        args.notebook,
        args.output,
        params,
        failed_dir=args.failed_dir,
        outputs=args.outputs,
        html=args.html,
    )


def _render(args) -> None:
    from .reports import render_html

    render_html(args.notebook, args.html, with_code=args.with_code)


def _index(args) -> int | None:
    from .report_index import write_collection_index, write_index

    if bool(args.build) == bool(args.collection):
        print("error: index needs one of --build DIR or --collection DIR", file=sys.stderr)
        return 2
    if args.collection:
        write_collection_index(args.collection, args.reports, args.out)
    else:
        write_index(args.build, args.reports, args.out)
    return None


def _compare_builds(args) -> int:
    from .reproducibility import differences, tree_hashes

    for folder in (args.first, args.second):
        if not Path(folder).is_dir():
            print(
                f"error: {folder}: no such folder (expected a build's OUT folder)", file=sys.stderr
            )
            return 2
    first, second = tree_hashes(args.first, args.folders), tree_hashes(args.second, args.folders)
    if not first and not second:
        print(
            f"error: {args.first}, {args.second}: no file under {', '.join(args.folders)} in "
            "either; nothing to compare",
            file=sys.stderr,
        )
        return 2
    lines = differences(first, second)
    for line in lines:
        print(line)
    if lines:
        print(
            f"{len(lines)} of {len(set(first) | set(second))} files differ between "
            f"{args.first} and {args.second}",
            file=sys.stderr,
        )
        return 1
    print(f"same bytes: all {len(first)} files under {', '.join(args.folders)}", file=sys.stderr)
    return 0


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
    p.add_argument("--model", default=defaults.MODEL, help="spaCy pipeline package")
    p.add_argument("--batch-size", type=_positive, default=defaults.BATCH_SIZE)
    p.set_defaults(func=_parse)

    p = sub.add_parser("corpus", help="write corpus.csv and segments.csv")
    _corpus_args(p)
    _story_args(p)
    p.set_defaults(func=_corpus)

    p = sub.add_parser("readability", help="write readability.csv and its sentence table")
    _corpus_args(p)
    _story_args(p)
    p.add_argument("--n-boot", type=_positive, default=defaults.N_BOOT, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=defaults.SEED, help="bootstrap seed")
    p.add_argument("--level", type=float, default=defaults.LEVEL, help="interval coverage")
    p.set_defaults(func=_readability)

    p = sub.add_parser("entities", help="write entity counts, mentions, merges and accuracy")
    _corpus_args(p)
    _entity_args(p)
    p.add_argument("--no-captions", action="store_true", help="do not count caption mentions")
    p.add_argument(
        "--gold",
        default=defaults.GOLD_ENTITIES_FILE,
        help="hand annotation to measure the accuracy against (relative: from the project "
        "root; '' for none)",
    )
    p.set_defaults(func=_entities)

    p = sub.add_parser("coverage", help="write the coverage comparison tables")
    _corpus_args(p)
    _entity_args(p)
    _comparison_args(p)
    p.set_defaults(func=_coverage)

    p = sub.add_parser("facts", help="write the fact alignment, its flags and the event check")
    _corpus_args(p)
    _story_args(p)
    p.add_argument("--aliases", default=defaults.ALIASES_FILE, help="alias file ('' for none)")
    _facts_args(p)
    p.set_defaults(func=_facts)
    p = sub.add_parser(
        "collection", help="analyse every story of a collection on Dask; outlet profiles"
    )
    p.add_argument(
        "collection",
        help="a folder of story folders, one story folder, or a table of articles (.csv, "
        ".jsonl, .parquet: columns story, text or html, and optionally id, title, outlet, "
        "published, url, lean, label)",
    )
    p.add_argument("--rules", default="", help="YAML file of extra zone rules (see README)")
    p.add_argument("--strict", action="store_true", help="a warning fails its story (or row)")
    _entity_args(p)  # --out (stories/, outlets/, manifest.csv), --model, --aliases, --labels
    p.add_argument("--no-captions", action="store_true", help="do not count caption mentions")
    p.add_argument(
        "--gold",
        default=defaults.GOLD_ENTITIES_FILE,
        help="hand annotation the entity accuracy is measured against ('' for none)",
    )
    p.add_argument("--n-boot", type=_positive, default=defaults.N_BOOT, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=defaults.SEED, help="bootstrap seed")
    p.add_argument("--level", type=float, default=defaults.LEVEL, help="interval coverage")
    _comparison_args(p)
    _facts_args(p)
    p.add_argument("--batch-size", type=_positive, default=defaults.BATCH_SIZE)
    p.add_argument(
        "--scheduler",
        default=defaults.SCHEDULER,
        help="address of an existing Dask scheduler (tcp://host:8786); default: a local cluster",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=defaults.WORKERS,
        help="worker processes of the local cluster, one thread each (0: one per core)",
    )
    p.add_argument(
        "--dashboard", action="store_true", help="serve the local cluster's dashboard (:8787)"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: on a terminal; otherwise a line every 5%% of the stories)",
    )
    p.set_defaults(func=_collection)

    p = sub.add_parser("run", help="execute a notebook with papermill")
    p.add_argument("notebook")
    p.add_argument("output")
    p.add_argument("--params", default="", help="YAML parameters file (sections 'all', NAME)")
    p.add_argument(
        "-p",
        action="append",
        type=_param,
        default=[],
        metavar="NAME=VALUE",
        help="override one parameter (value read as YAML)",
    )
    p.add_argument("--failed-dir", default=None, help="where a failed notebook is kept")
    p.add_argument(
        "--outputs",
        nargs="*",
        default=None,
        metavar="FILE",
        help="every file the notebook must write under figures_dir and tables_dir (relative "
        "to the project root); writing another there, or not one of these, fails the run",
    )
    p.add_argument("--html", default=None, help="also render the executed notebook to this file")
    p.set_defaults(func=_run)

    p = sub.add_parser("render", help="render an executed notebook to HTML")
    p.add_argument("notebook")
    p.add_argument("html")
    p.add_argument("--with-code", action="store_true")
    p.set_defaults(func=_render)

    p = sub.add_parser("index", help="write the index page of the reports")
    p.add_argument("--build", default="", help="folder with articles.json and docs.json")
    p.add_argument(
        "--collection", default="", help="a collection run's output (manifest.csv), instead"
    )
    p.add_argument("--reports", required=True, help="folder with the executed notebooks")
    p.add_argument("--out", required=True, help="the index file (REPORTS/index.html)")
    p.set_defaults(func=_index)

    p = sub.add_parser("compare-builds", help="compare two builds byte for byte")
    p.add_argument("first")
    p.add_argument("second")
    p.add_argument(
        "--folders",
        nargs="+",
        default=["figures", "tables", "reports"],
        help="folders of each build to compare (default: figures tables reports)",
    )
    p.set_defaults(func=_compare_builds)

    p = sub.add_parser("environment", help="write environment.yml from the lock")
    p.add_argument("--lock", default="requirements.lock")
    p.add_argument("--output", default="environment.yml")
    p.set_defaults(func=_environment)
    return parser


# The errors that mean bad input, reported in one line. Looked up by module so that a command
# does not import spaCy just to name them (`render` runs once per report).
_USER_ERRORS = (
    ("corpus", "CorpusError"),
    ("sources", "CollectionError"),
    ("entities", "AliasError"),
    ("events", "EventsError"),
    ("facts", "FactsError"),
    ("nlp", "NlpError"),
    ("reports", "NotebookError"),
    ("report_index", "ReportIndexError"),
)


def _is_user_error(exc: BaseException) -> bool:
    # an error class whose module was never imported cannot have been raised
    return any(
        isinstance(exc, getattr(sys.modules[f"{__package__}.{module}"], name))
        for module, name in _USER_ERRORS
        if f"{__package__}.{module}" in sys.modules
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (2 for bad input, reported in one line)."""
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)  # None, or an exit status (compare-builds: 1 = differ)
    except Exception as exc:
        if not _is_user_error(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no partial output was left in place", file=sys.stderr)
        return 130
    return status or 0
