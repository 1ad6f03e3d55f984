"""The collection runner: every story of a collection as a Dask task, then the outlet profiles.

Dask is orchestration only: scheduling, retries when a worker dies, progress, where results go.
A task gets a story's folder, the output folder and the settings, reads and parses the story with
the pipeline its worker loaded once, calls :func:`analysis.story_tables.analyse_story` (the one
place a story is analysed), writes the tables atomically and returns plain data. The outlet
tables are then a query over the stories' Parquet files (dask.dataframe), and the profiles
(:mod:`analysis.outlets`) are computed from what it returns.

Output layout (a contract; README, "Collections")::

    OUT/stories/<folder>/NAME.parquet   every per-story table (analysis.story_tables.STORY_TABLES)
    OUT/stories/<folder>/story.json     what the tables were made from: input hash, settings key
    OUT/outlets/NAME.csv, NAME.parquet  the outlet-level tables (analysis.outlets.OutletProfiles)
    OUT/manifest.csv                    story, folder, path, articles, words, status, file, error,
                                        warnings, seconds, input_hash: one row per story
    OUT/warnings.csv                    story, file, problem: every file or row skipped or doubted
    OUT/input/<folder>/                 a table's stories as corpus folders (table input only)
    OUT/failed/<folder>.txt             the traceback of a story that failed unexpectedly

A story's folder appears whole or not at all (written under a hidden name, then renamed); the
manifest is written last, so a run that was interrupted leaves none. A re-run skips every story
whose input (:func:`analysis.sources.folder_digest`) and settings
(:func:`analysis.story_tables.settings_record`) did not change.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import shutil
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from . import defaults
from .corpus import CorpusError
from .outputs import atomic_write_bytes, atomic_write_text
from .sources import CollectionError, CollectionInput, StoryInput, find_stories, folder_digest
from .story_tables import Settings, settings_record

__all__ = [
    "MANIFEST_COLUMNS",
    "OUTLETS_DIR",
    "RunReport",
    "StoryJob",
    "aggregate",
    "read_inputs",
    "run_collection",
    "story_task",
    "write_story",
]

MANIFEST_COLUMNS = [
    "story",
    "folder",
    "path",
    "articles",
    "words",
    "status",
    "file",
    "error",
    "warnings",
    "seconds",
    "input_hash",
]
OUTLETS_DIR = "outlets"
#: Marks a folder as a collection's output, so a run never writes into a folder it did not make.
_MARKER = ".news-coverage-collection"
#: Tasks handed to the scheduler ahead of the workers, per worker: enough to keep every worker
#: busy, few enough that a million stories are not a million futures in the client at once.
_AHEAD_PER_WORKER = 8
#: A progress line every this share of the stories when standard error is not a terminal.
_LOG_EVERY = 0.05

# What a worker process loads once and keeps for every task it runs: the spaCy pipeline, the
# zone rules, the alias table (keyed by name and file content).
_WORKER_CACHE: dict[tuple, object] = {}
# A worker started with more than one thread (dask worker --nthreads 4) would run two stories on
# one pipeline at once: spaCy's memory zones are not made for that, so one story at a time per
# process. The embedded cluster has one thread per worker; the README says to start others so.
_PIPELINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class StoryJob:
    """What one task needs: plain data (paths and settings), never a model or a Doc.

    Attributes
    ----------
    story, folder, path
        The story (:class:`analysis.sources.StoryInput`).
    out : str
        The collection's output folder.
    input_hash : str
        :func:`analysis.sources.folder_digest` of ``path``, as the client computed it.
    settings : Settings
        What the story is analysed with.
    settings_key : str
        The key of ``settings`` (:func:`analysis.story_tables.settings_record`).
    batch_size : int
        Documents per ``nlp.pipe`` batch.
    """

    story: str
    folder: str
    path: str
    out: str
    input_hash: str
    settings: Settings
    settings_key: str
    batch_size: int = defaults.BATCH_SIZE


@dataclass(frozen=True)
class RunReport:
    """What a run did.

    Attributes
    ----------
    manifest : DataFrame
        One row per story (:data:`MANIFEST_COLUMNS`).
    warnings : DataFrame
        story, file, problem.
    outlets : dict of str to DataFrame
        The outlet tables computed in this run (empty when those on disk were current, or when
        no story succeeded).
    """

    manifest: pd.DataFrame
    warnings: pd.DataFrame
    outlets: dict[str, pd.DataFrame]

    @property
    def failed(self) -> int:
        """Stories that failed."""
        return int((self.manifest["status"] == "failed").sum())


# --------------------------------------------------------------------------------------------
# On a worker


def _cached(key: tuple, load):
    if key not in _WORKER_CACHE:
        _WORKER_CACHE[key] = load()
    return _WORKER_CACHE[key]


def _file_key(path: str) -> str:
    from .config import resolve

    if not path:
        return ""
    file = resolve(path)
    return f"{file}:{file.stat().st_mtime_ns}:{file.stat().st_size}" if file.is_file() else path


def write_story(
    out: str | Path, folder: str, tables: Mapping[str, pd.DataFrame], record: dict
) -> Path:
    """Write a story's tables (Parquet) and ``story.json`` as ``OUT/stories/<folder>``, atomically.

    The files are written into a hidden folder beside it, which is then renamed into place (a
    previous version is moved aside first and removed after): a reader sees the old folder, the
    new one, or none, never a half-written one.
    """
    stories = Path(out) / "stories"
    token = uuid.uuid4().hex
    partial = stories / f".{folder}.partial-{token}"
    partial.mkdir(parents=True)
    try:
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet", index=False, engine="pyarrow")
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (partial / "story.json").write_text(text, encoding="utf-8")
        final = stories / folder
        if final.exists():
            old = stories / f".{folder}.old-{token}"
            os.replace(final, old)
            os.replace(partial, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(partial, final)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return stories / folder


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def story_task(job: StoryJob) -> dict:
    """Read, parse and analyse one story; write its tables; return what happened (plain data).

    Runs on a Dask worker (or anywhere). The spaCy pipeline, zone rules and alias table are
    loaded once per process and kept; the parse runs inside ``nlp.memory_zone()``, so the
    strings of one story do not stay in the worker's memory. Any failure is returned, not
    raised: one story that fails does not stop the others.

    Returns
    -------
    dict
        story, folder, status (``done`` or ``failed``), articles, words, file (the file the
        error names, when it names one), error (one line), warnings (list of (file, problem)),
        seconds.
    """
    from .corpus import load_zone_rules, read_corpus
    from .entities import AliasError, alias_table
    from .nlp import NlpError, load_model
    from .story import parse_story
    from .story_tables import analyse_story
    from .text import count_words

    start = time.perf_counter()
    result = {
        "story": job.story,
        "folder": job.folder,
        "status": "failed",
        "articles": 0,
        "words": 0,
        "file": "",
        "error": "",
        "warnings": [],
        "seconds": 0.0,
    }
    settings = job.settings
    try:
        rules = _cached(
            ("rules", _file_key(settings.rules)), lambda: load_zone_rules(settings.rules or None)
        )
        corpus = read_corpus(job.path, rules, strict=settings.strict)
        result["warnings"] = [(w.file, w.problem) for w in corpus.warnings]
        # after reading: a story that cannot be read fails without waiting for the model
        nlp = _cached(("model", settings.model), lambda: load_model(settings.model))
        aliases = _cached(
            ("aliases", _file_key(settings.aliases_file)),
            lambda: alias_table(settings.aliases_file),
        )
        with _PIPELINE_LOCK, nlp.memory_zone():
            story = parse_story(corpus, nlp, batch_size=job.batch_size, progress=False)
            tables = analyse_story(story, settings, aliases=aliases)
        words = sum(count_words(a.body_text) for a in corpus)
        record = {
            "story": job.story,
            "folder": job.folder,
            "input_hash": job.input_hash,
            "settings_key": job.settings_key,
            "articles": len(corpus),
            "words": words,
            "tables": list(tables),
            "warnings": result["warnings"],
            "model": f"{story.parse.model} {story.parse.model_version}",
        }
        write_story(job.out, job.folder, tables, record)
        result.update(status="done", articles=len(corpus), words=words)
    except (CorpusError, NlpError, AliasError) as exc:  # bad input: the message names the file
        result["error"] = _one_line(exc)
        result["file"] = _named_file(str(exc), job.path)
    except Exception as exc:  # a bug or a resource problem: keep the traceback for the reader
        log = Path(job.out) / "failed" / f"{job.folder}.txt"
        atomic_write_text(log, traceback.format_exc())
        result["error"] = (
            f"internal error ({type(exc).__name__}: {_one_line(exc)}); traceback in {log}"
        )
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def _named_file(message: str, folder: str) -> str:
    """Return the file a corpus error names (its text up to ':') when it is in ``folder``."""
    head = message.split(": ", 1)[0].split(",", 1)[0]
    return head if head.startswith(str(folder)) else ""


# --------------------------------------------------------------------------------------------
# In the client


def read_inputs(source: str | Path, out: str | Path, *, strict: bool = False) -> CollectionInput:
    """Find a collection's stories: folders as they are, a table split into ``OUT/input``."""
    from .sources import TABLE_FORMATS, split_table

    path = Path(source)
    if path.is_file() or path.suffix.lower() in TABLE_FORMATS:
        return split_table(path, Path(out) / "input", strict=strict)
    return find_stories(path)


def _prepare_out(out: Path) -> None:
    """Create OUT, or check that it is a collection's output: never write into a user's folder."""
    if out.exists() and not out.is_dir():
        raise CollectionError(f"{out}: is a file; give a folder for the collection's output")
    if out.is_dir() and any(out.iterdir()) and not (out / _MARKER).is_file():
        raise CollectionError(
            f"{out}: exists and is not the output of a collection run (no {_MARKER}); give an "
            "empty or new folder, so that nothing in it is overwritten"
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / _MARKER).touch()


def _check_apart(source: Path, out: Path) -> None:
    """Refuse a collection inside OUT, or OUT inside the collection's folder.

    A run removes what it no longer needs under ``OUT/input`` and ``OUT/stories``: a user's table
    there would be deleted; and OUT inside a folder of story folders would be read as a story.
    """
    src, dst = source.resolve(), out.resolve()
    if src == dst or dst in src.parents:
        raise CollectionError(
            f"{source}: is inside the output folder {out}; keep the collection outside it (a run "
            "removes what it did not write under OUT/input and OUT/stories)"
        )
    if src.is_dir() and src in dst.parents:
        raise CollectionError(
            f"{out}: the output folder is inside the collection {source}, where it would be read "
            "as a story; give a folder outside it"
        )


def _model_versions(model: str) -> dict[str, str]:
    """Versions of the model package and spaCy, without loading the model; NlpError if missing."""
    import spacy
    from spacy.util import get_package_version

    from .nlp import MODEL_SUBSTITUTES, NlpError

    for candidate in (model, MODEL_SUBSTITUTES.get(model)):
        if candidate and get_package_version(candidate):
            return {
                "model": f"{candidate} {get_package_version(candidate)}",
                "spacy": spacy.__version__,
            }
    raise NlpError(
        f"spaCy model '{model}' is not installed; run 'make env' (it installs the pinned model)"
    )


def _previous(out: Path, folder: str) -> dict | None:
    path = out / "stories" / folder / "story.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _complete(out: Path, folder: str, record: dict) -> bool:
    """Whether every table ``story.json`` lists is there (a deleted one means: analyse again)."""
    tables = record.get("tables") or []
    return bool(tables) and all(
        (out / "stories" / folder / f"{name}.parquet").is_file() for name in tables
    )


def _clean_partials(out: Path) -> None:
    """Remove the hidden folders tasks leave when a worker is killed while writing."""
    stories = out / "stories"
    if stories.is_dir():
        for path in stories.iterdir():
            if path.name.startswith(".") and (".partial-" in path.name or ".old-" in path.name):
                shutil.rmtree(path, ignore_errors=True)


def _client(scheduler: str, workers: int, dashboard: bool):
    """Return (client, cluster or None): an existing scheduler's, or an embedded LocalCluster's."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise CollectionError(
                f"cannot reach the Dask scheduler at {scheduler} ({_one_line(exc)}); start one "
                "('dask scheduler', then 'dask worker ADDRESS') or leave --scheduler out for a "
                "local cluster"
            ) from None
    import dask

    # Dask's statistical profiler keeps a history of every worker's stacks (up to an hour of
    # them): measured, a worker grew by 0.3 MiB per story with it, and stayed flat without it
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,  # spaCy is not thread-parallel here; one process per core
            processes=True,
            dashboard_address=":8787" if dashboard else None,
            # without a dashboard the scheduler still serves its health routes, by default on
            # 8787, and warns when that port is taken: a free local port instead
            scheduler_kwargs={} if dashboard else {"dashboard_address": "127.0.0.1:0"},
            # a worker's heartbeat racing the scheduler's shutdown logs a traceback at ERROR;
            # a story's own failure is in the manifest, not in the logs
            silence_logs=logging.CRITICAL,
            worker_dashboard_address=None,
        )
    return Client(cluster), cluster


class _Progress:
    """Stories done / total, failures and time left: a tqdm bar on a terminal, else lines."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        from tqdm import tqdm

        self.total, self.done, self.failed = total, 0, 0
        self.start = time.perf_counter()
        tty = sys.stderr.isatty() if enabled is None else enabled
        self.bar = tqdm(total=total, desc="stories", unit="story", file=sys.stderr, disable=not tty)
        self.lines = not tty and enabled is None and total > 0
        self.every = max(1, int(total * _LOG_EVERY))

    def update(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        self.bar.update()
        self.bar.set_postfix(failed=self.failed, refresh=False)
        if self.lines and (self.done % self.every == 0 or self.done == self.total):
            spent = time.perf_counter() - self.start
            left = spent / self.done * (self.total - self.done)
            print(
                f"stories: {self.done}/{self.total} analysed, {self.failed} failed, "
                f"about {left:.0f} s left",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        self.bar.close()


def _run_jobs(client, jobs: list[StoryJob], progress: bool | None) -> list[dict]:
    """Run every job on the cluster, a window ahead of the workers; return their results."""
    from dask.distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    ahead = workers * _AHEAD_PER_WORKER
    pending = iter(jobs)
    results: list[dict] = []
    bar = _Progress(len(jobs), progress)

    owner: dict[str, StoryJob] = {}

    def submit(job: StoryJob):
        # pure=False: the task writes files; a key per job so two runs never share a result
        key = f"story-{job.folder}-{uuid.uuid4().hex}"
        owner[key] = job
        return client.submit(story_task, job, key=key, pure=False)

    queue = as_completed(
        [submit(job) for job in itertools.islice(pending, ahead)], with_results=False
    )
    try:
        for future in queue:
            try:
                result = future.result()
            except Exception as exc:  # the worker died every time it ran the task (KilledWorker)
                job = owner[future.key]
                result = {
                    "story": job.story,
                    "folder": job.folder,
                    "status": "failed",
                    "articles": 0,
                    "words": 0,
                    "file": "",
                    "error": f"the worker running it died ({type(exc).__name__}: {_one_line(exc)})",
                    "warnings": [],
                    "seconds": float("nan"),
                }
            future.release()
            results.append(result)
            bar.update(result["status"] == "failed")
            nxt = next(pending, None)
            if nxt is not None:
                queue.add(submit(nxt))
    finally:
        bar.close()
    return results


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` atomically unless the file already holds it (its date is then kept)."""
    if path.is_file() and path.read_bytes() == data:
        return
    atomic_write_bytes(path, data)


def _csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _parquet_bytes(table: pd.DataFrame) -> bytes:
    import io

    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


#: Stories read by one task of the aggregation (see :func:`aggregate`).
_STORIES_PER_PARTITION = 64
#: What the aggregation gathers (see :func:`aggregate`).
_KINDS = ("articles", "mentions", "quoted")
# The per-story tables the aggregation reads, the columns it takes from each, and their types
# (a story's table can lack a value everywhere, which Parquet then stores as null: the reader
# gives every story the same types, so the stories concatenate).
_AGGREGATED = {
    "outlet_articles": {
        "article_id": "string",
        "outlet": "string",
        "lean": "string",
        "wire": "bool",
        "words": "int64",
        "tokens": "int64",
        "tokens_shared": "int64",
        "tokens_shared_other_outlet": "int64",
        "tokens_shared_wire": "int64",
    },
    "readability": {"article_id": "string", **{m: "float64" for m in defaults.READABILITY_METRICS}},
    "entity_coverage": {
        "article_id": "string",
        "entity": "string",
        "label": "string",
        "mentions": "int64",
    },
    "quotes": {
        "article_id": "string",
        "speaker": "string",
        "speaker_label": "string",
        "words": "int64",
    },
}


def _read_story_table(story: str, folder: str, out: str, table: str) -> pd.DataFrame:
    """One story's table with the columns and types of ``_AGGREGATED``, and a ``story`` column."""
    types = _AGGREGATED[table]
    frame = pd.read_parquet(
        Path(out) / "stories" / folder / f"{table}.parquet", columns=list(types)
    )
    frame = frame.astype(types)
    frame.insert(0, "story", pd.Series([story] * len(frame), dtype="string"))
    return frame


def _story_rows(story: str, folder: str, out: str, kind: str) -> pd.DataFrame:
    """Return what one story adds to ``kind`` (articles, mentions or quoted), story by story."""
    from .quotes import UNATTRIBUTED

    if kind == "articles":
        articles = _read_story_table(story, folder, out, "outlet_articles")
        scores = _read_story_table(story, folder, out, "readability")
        return articles.merge(scores, on=["story", "article_id"], how="left")
    if kind == "mentions":
        return _read_story_table(story, folder, out, "entity_coverage")
    quotes = _read_story_table(story, folder, out, "quotes")
    quotes["speaker"] = quotes["speaker"].where(quotes["speaker"] != "", UNATTRIBUTED)
    return (
        quotes.assign(quotes=1)
        .groupby(["story", "article_id", "speaker"], sort=True)
        .agg(
            speaker_label=("speaker_label", "first"),
            quotes=("quotes", "sum"),
            words=("words", "sum"),
        )
        .reset_index()
    )


def _partition(chunk: tuple[tuple[str, str], ...], out: str, kind: str) -> pd.DataFrame:
    """One partition of ``kind``: the rows of a chunk of stories, concatenated."""
    return pd.concat([_story_rows(story, folder, out, kind) for story, folder in chunk])


def aggregate(out: str | Path, stories: Iterable[tuple[str, str]]) -> dict[str, pd.DataFrame]:
    """Gather, from the stories' Parquet tables, what the outlet profiles are computed from.

    A query over the files with dask.dataframe, run on the cluster of the current Dask client
    (Dask's local scheduler without one). Every step of it is per story (join an article's
    scores to its outlet, sum a speaker's quoted words), so each partition — a chunk of
    :data:`_STORIES_PER_PARTITION` stories, read where a worker is — does its share and the
    partitions are only concatenated: no shuffle, and few enough tasks that the scheduler's cost
    per task does not add up (one partition per story per table took 28 ms a file).

    Parameters
    ----------
    out : str or Path
        The collection's output folder.
    stories : iterable of (str, str)
        (story, folder) of every story to include.

    Returns
    -------
    dict of str to DataFrame
        ``articles`` (:data:`analysis.outlets.ARTICLE_COLUMNS` and the readability metrics),
        ``mentions`` (story, article_id, entity, label, mentions) and ``quoted`` (story,
        article_id, speaker, speaker_label, quotes, words), sorted by story then article.
    """
    import dask
    import dask.dataframe as dd

    items = sorted(stories, key=lambda s: s[1])
    if not items:
        return {}
    size = _STORIES_PER_PARTITION
    chunks = [tuple(items[i : i + size]) for i in range(0, len(items), size)]
    # the types every partition has (an empty story's columns would otherwise be untyped)
    meta = {kind: _story_rows(*items[0], str(out), kind).iloc[:0] for kind in _KINDS}
    frames = [
        dd.from_map(_partition, chunks, out=str(out), kind=kind, meta=meta[kind]) for kind in _KINDS
    ]
    keys = {
        "articles": ["story", "article_id"],
        "mentions": ["story", "article_id", "entity"],
        "quoted": ["story", "article_id", "speaker"],
    }
    result = {}
    for kind, table in zip(_KINDS, dask.compute(*frames)):
        table = table.astype({c: object for c in table.columns if str(table[c].dtype) == "string"})
        result[kind] = table.sort_values(keys[kind], ignore_index=True)
    return result


def _warnings_table(inputs: CollectionInput, results: list[dict]) -> pd.DataFrame:
    rows = [{"story": "", "file": w.file, "problem": w.problem} for w in inputs.warnings]
    for r in sorted(results, key=lambda r: r["folder"]):
        rows += [{"story": r["story"], "file": f, "problem": p} for f, p in r["warnings"]]
    return pd.DataFrame(rows, columns=["story", "file", "problem"])


def run_collection(
    source: str | Path,
    out: str | Path,
    settings: Settings | None = None,
    *,
    scheduler: str = defaults.SCHEDULER,
    workers: int = defaults.WORKERS,
    batch_size: int = defaults.BATCH_SIZE,
    progress: bool | None = None,
    dashboard: bool = False,
) -> RunReport:
    """Analyse every story of a collection on Dask and write the outlet profiles.

    Parameters
    ----------
    source : str or Path
        A folder of story folders, one story folder, or a table (CSV, JSON Lines, Parquet).
    out : str or Path
        The output folder (layout in the module docstring); created, or a previous run's.
    settings : Settings, optional
        What every story is analysed with (and the outlet intervals' bootstrap: ``n_boot``,
        ``seed``, ``level``); the defaults when not given.
    scheduler : str
        Address of an existing Dask scheduler; "" starts an embedded ``LocalCluster``.
    workers : int
        Worker processes of the embedded cluster (one thread each); 0 = one per core.
    batch_size : int
        Documents per ``nlp.pipe`` batch.
    progress : bool, optional
        A progress bar; None: on a terminal a bar, otherwise a line every 5% of the stories.
    dashboard : bool
        Serve the embedded cluster's dashboard on port 8787.

    Returns
    -------
    RunReport
        The manifest, the warnings and the outlet tables.

    Raises
    ------
    CollectionError, analysis.nlp.NlpError
        Bad input for the whole run (nothing is analysed): the message names the file or row.
    """
    out = Path(out)
    settings = settings or Settings()
    record = settings_record(settings, _model_versions(settings.model))  # fails fast
    _check_apart(Path(source), out)
    _prepare_out(out)
    inputs = read_inputs(source, out, strict=settings.strict)
    manifest_path = out / "manifest.csv"
    previous_manifest = out / ".manifest.previous.csv"
    if manifest_path.is_file():  # from here on the run is unfinished until a manifest is written
        os.replace(manifest_path, previous_manifest)
    seconds_before = _previous_seconds(previous_manifest)
    _clean_partials(out)

    jobs, reused = [], []
    for story in inputs.stories:
        digest = folder_digest(story.path)
        before = _previous(out, story.folder)
        if (
            before
            and before.get("input_hash") == digest
            and before.get("settings_key") == record["key"]
            and _complete(out, story.folder, before)
        ):
            reused.append((story, digest, before))
        else:
            jobs.append(
                StoryJob(
                    **asdict(story),
                    out=str(out),
                    input_hash=digest,
                    settings=settings,
                    settings_key=record["key"],
                    batch_size=batch_size,
                )
            )

    results: list[dict] = []
    client = cluster = None
    try:
        if jobs:
            client, cluster = _client(scheduler, workers, dashboard)
            results = _run_jobs(client, jobs, progress)
        rows = _manifest_rows(inputs, jobs, reused, results, seconds_before)
        _clean_partials(out)
        _remove_stale(out, inputs, rows)
        manifest = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
        # with a client, the query over the stories' files runs on its workers
        tables = _outlet_tables(out, manifest, record, settings)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    warnings = _warnings_table(
        inputs,
        results
        + [
            {"story": s.story, "folder": s.folder, "warnings": b.get("warnings", [])}
            for s, _, b in reused
        ],
    )
    _write_if_changed(out / "warnings.csv", _csv_bytes(warnings))
    settings_json = json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    _write_if_changed(out / "settings.json", settings_json.encode("utf-8"))
    # last: the manifest says the run finished (kept with its date when nothing changed)
    data = _csv_bytes(manifest)
    if previous_manifest.is_file() and previous_manifest.read_bytes() == data:
        os.replace(previous_manifest, manifest_path)
    else:
        atomic_write_bytes(manifest_path, data)
        previous_manifest.unlink(missing_ok=True)
    return RunReport(manifest, warnings, tables)


def _outlet_tables(
    out: Path, manifest: pd.DataFrame, record: Mapping, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Compute and write the outlet tables, unless nothing they depend on changed.

    They depend on the stories analysed (their inputs, and which failed), the settings and the
    code of the aggregation: a key of these is kept in ``OUT/outlets/.key``; when it matches,
    the tables on disk are current and are not computed again (a re-run of an unchanged
    collection takes seconds). Without a story analysed, no outlet table is left.
    """
    from . import outlets

    folder = out / OUTLETS_DIR
    stable = manifest.drop(columns=["seconds"]).assign(
        status=manifest["status"].where(manifest["status"] == "failed", "analysed")
    )
    code = hashlib.sha256(
        b"".join(Path(m.__file__).read_bytes() for m in (outlets, sys.modules[__name__]))
    ).hexdigest()
    key = hashlib.sha256(
        (_csv_bytes(stable).decode() + record["key"] + code).encode("utf-8")
    ).hexdigest()
    key_file = folder / ".key"
    ok = manifest[manifest["status"] != "failed"]
    if ok.empty:
        shutil.rmtree(folder, ignore_errors=True)
        return {}
    expected = [folder / f"{n}.{x}" for n in outlets.OUTLET_TABLES for x in ("csv", "parquet")]
    if key_file.is_file() and key_file.read_text() == key and all(p.is_file() for p in expected):
        return {}
    gathered = aggregate(out, list(zip(ok["story"], ok["folder"])))
    result = outlets.profiles(
        gathered["articles"],
        gathered["mentions"],
        gathered["quoted"],
        manifest,
        # the outlet intervals resample stories as the readability ones resample sentences
        boot=outlets.Bootstrap(n_boot=settings.n_boot, seed=settings.seed, level=settings.level),
        reports_root=str(out / "story-reports"),
    )
    tables = result.tables()
    for name, table in tables.items():
        _write_if_changed(folder / f"{name}.csv", _csv_bytes(table))
        _write_if_changed(folder / f"{name}.parquet", _parquet_bytes(table))
    atomic_write_text(key_file, key)
    return tables


def _previous_seconds(path: Path) -> dict[str, float]:
    if not path.is_file():
        return {}
    try:
        table = pd.read_csv(path, keep_default_na=False, dtype={"folder": str})
        return dict(zip(table["folder"], table["seconds"]))
    except (ValueError, KeyError):
        return {}


def _manifest_rows(
    inputs: CollectionInput,
    jobs: list[StoryJob],
    reused: list[tuple[StoryInput, str, dict]],
    results: list[dict],
    seconds_before: Mapping[str, float],
) -> list[dict]:
    """One row per story, in folder order."""
    by_folder = {r["folder"]: r for r in results}
    rows = []
    for job in jobs:
        r = by_folder[job.folder]
        rows.append(
            {
                "story": job.story,
                "folder": job.folder,
                "path": job.path,
                "articles": r["articles"],
                "words": r["words"],
                "status": r["status"],
                "file": r["file"],
                "error": r["error"],
                "warnings": len(r["warnings"]),
                "seconds": r["seconds"],
                "input_hash": job.input_hash,
            }
        )
    for story, digest, before in reused:
        rows.append(
            {
                "story": story.story,
                "folder": story.folder,
                "path": story.path,
                "articles": before["articles"],
                "words": before["words"],
                "status": "reused",
                "file": "",
                "error": "",
                "warnings": len(before.get("warnings", [])),
                "seconds": seconds_before.get(story.folder, float("nan")),
                "input_hash": digest,
            }
        )
    return sorted(rows, key=lambda r: r["folder"])


def _remove_stale(out: Path, inputs: CollectionInput, rows: list[dict]) -> None:
    """Remove the tables of stories no longer in the collection, or that failed this time."""
    keep = {r["folder"] for r in rows if r["status"] != "failed"}
    for folder in keep:  # the traceback of an earlier failure is no longer true
        (out / "failed" / f"{folder}.txt").unlink(missing_ok=True)
    stories = out / "stories"
    if not stories.is_dir():
        return
    for path in stories.iterdir():
        if not path.name.startswith(".") and path.is_dir() and path.name not in keep:
            shutil.rmtree(path)
