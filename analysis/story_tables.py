"""Every table of one story, from one function: :func:`analyse_story`.

The notebooks and the single-story CLI call each measure's ``analyse`` on a
:class:`~analysis.story.Story`; :func:`analyse_story` calls the same functions with the same
arguments and gathers their tables, so a story analysed in a collection has the tables (names,
columns, rows) that ``python -m analysis corpus|readability|entities|coverage|facts`` writes for
it. It adds one table of its own, ``outlet_articles`` (:func:`outlet_articles`), the per-article
numbers the outlet profiles of a collection add up across stories.

:class:`Settings` holds everything that changes a story's tables; with the story's input it is
the key under which the collection runner stores them (:func:`settings_record`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import defaults
from .config import PROJECT_ROOT, resolve
from .text import CONTENT_ZONES

if TYPE_CHECKING:
    from .entities import AliasTable
    from .story import Story

__all__ = [
    "OUTLET_ARTICLE_COLUMNS",
    "STORY_TABLES",
    "UNKNOWN_OUTLET",
    "Settings",
    "analyse_story",
    "article_groups",
    "code_digest",
    "outlet_articles",
    "settings_record",
]

#: The outlet of an article whose metadata names none.
UNKNOWN_OUTLET = "(unknown)"
#: The tables :func:`analyse_story` returns, by file stem, in the order it returns them.
STORY_TABLES = (
    "corpus",
    "segments",
    "readability",
    "readability_sentences",
    "readability_intervals",
    "entities",
    "entity_mentions",
    "entity_alias_groups",
    "entity_accuracy",
    "entity_coverage",
    "similarity",
    "shared_passages",
    "quotes",
    "distinctive_terms",
    "dates",
    "facts",
    "fact_flags",
    "events",
    "event_pairs",
    "event_dates",
    "fact_accuracy",
    "outlet_articles",
)
OUTLET_ARTICLE_COLUMNS = [
    "article_id",
    "outlet",
    "lean",
    "wire",
    "words",
    "tokens",
    "tokens_shared",
    "tokens_shared_other_outlet",
    "tokens_shared_wire",
]
#: Modules whose code does not change a story's tables (they present, run or aggregate them):
#: left out of :func:`code_digest`, so editing a figure does not re-analyse every story.
_NOT_STORY_CODE = frozenset(
    {
        "__init__",
        "__main__",
        "cli",
        "collection",
        "outlets",
        "plots",
        "report_index",
        "reports",
        "sources",
    }
)


@dataclass(frozen=True)
class Settings:
    """Everything that changes a story's tables.

    The CLI options and make variables of the same names; defaults from :mod:`analysis.defaults`.

    Attributes
    ----------
    model : str
        spaCy pipeline package.
    rules : str
        YAML file of extra zone rules ("" for the default rules).
    strict : bool
        Turn every reading warning of a story into an error (the story fails).
    aliases_file : str
        Entity alias table ("" for none); relative paths are taken from the project root.
    labels : tuple of str
        Entity labels counted.
    include_captions : bool
        Whether mentions (and words) in photo captions count in the entity tables.
    gold_file : str
        Hand annotation the entity accuracy is measured against ("" for none).
    n_boot, seed, level
        Bootstrap of the readability intervals (resamples, seed, coverage).
    min_tokens : int
        Shortest shared passage, in tokens.
    prior_scale : float
        Strength of the distinctive-terms prior.
    wire_outlets : tuple of str
        Outlets whose articles are wire copy (compared without case).
    fact_threshold, entity_weight, number_weight, omission_share, event_link, date_tolerance
        The fact alignment and the event check (:func:`analysis.facts.analyse`).
    facts_gold_file, events_gold_file : str
        Hand annotations the facts and events are measured against ("" for none).
    """

    model: str = defaults.MODEL
    rules: str = ""
    strict: bool = False
    aliases_file: str = defaults.ALIASES_FILE
    labels: tuple[str, ...] = defaults.ENTITY_LABELS
    include_captions: bool = defaults.INCLUDE_CAPTIONS
    gold_file: str = defaults.GOLD_ENTITIES_FILE
    n_boot: int = defaults.N_BOOT
    seed: int = defaults.SEED
    level: float = defaults.LEVEL
    min_tokens: int = defaults.MIN_TOKENS
    prior_scale: float = defaults.PRIOR_SCALE
    wire_outlets: tuple[str, ...] = defaults.WIRE_OUTLETS
    fact_threshold: float = defaults.FACT_THRESHOLD
    entity_weight: float = defaults.ENTITY_WEIGHT
    number_weight: float = defaults.NUMBER_WEIGHT
    omission_share: float = defaults.OMISSION_SHARE
    event_link: float = defaults.EVENT_LINK
    date_tolerance: int = defaults.DATE_TOLERANCE
    facts_gold_file: str = defaults.FACTS_GOLD_FILE
    events_gold_file: str = defaults.EVENTS_GOLD_FILE


def _file_digest(path: str) -> str:
    """SHA-256 of a settings file's bytes ("" for no file, "missing" when it is not there)."""
    if not path:
        return ""
    file = resolve(path)
    return hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "missing"


def code_digest(package: str | Path = PROJECT_ROOT / "analysis") -> str:
    """SHA-256 over the source of every module that can change a story's tables.

    That is every ``analysis/*.py`` but those that only present, run or aggregate results
    (``_NOT_STORY_CODE``), with the templates left out too. A new module counts until it is
    listed there: a needless re-run is better than a stale table.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(package).glob("*.py")):
        if path.stem in _NOT_STORY_CODE:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_record(settings: Settings, versions: Mapping[str, str]) -> dict:
    """Return what keys a story's tables besides its input: settings, their files, the code.

    Parameters
    ----------
    settings : Settings
        The run's settings.
    versions : mapping of str to str
        Versions of what computes the tables that the settings do not name: the spaCy model
        package and spaCy (a new model changes every parse).

    Returns
    -------
    dict
        JSON-ready: the settings, the SHA-256 of the rules, alias and annotation files they name,
        the versions, the :func:`code_digest`, and ``key``, the SHA-256 of all of these.
    """
    record = {
        "settings": asdict(settings),
        "files": {
            "rules": _file_digest(settings.rules),
            "aliases_file": _file_digest(settings.aliases_file),
            "gold_file": _file_digest(settings.gold_file),
            "facts_gold_file": _file_digest(settings.facts_gold_file),
            "events_gold_file": _file_digest(settings.events_gold_file),
        },
        "versions": dict(sorted(versions.items())),
        "code": code_digest(),
    }
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return {**record, "key": hashlib.sha256(text.encode()).hexdigest()}


def article_groups(
    story: Story, wire_outlets: Sequence[str] = defaults.WIRE_OUTLETS
) -> pd.DataFrame:
    """Return each article's outlet, political lean and whether it is wire copy.

    From the metadata (``outlet``, ``lean``): an article without an outlet is
    :data:`UNKNOWN_OUTLET`, one without a lean has "" (no lean grouping is made from it).

    Returns
    -------
    DataFrame
        One row per article, corpus order: article_id, outlet, lean, wire (bool).
    """
    wires = {w.strip().casefold() for w in wire_outlets}
    rows = []
    for article in story.corpus:
        outlet = (article.metadata.get("outlet") or "").strip() or UNKNOWN_OUTLET
        rows.append(
            {
                "article_id": article.article_id,
                "outlet": outlet,
                "lean": (article.metadata.get("lean") or "").strip(),
                "wire": outlet.casefold() in wires,
            }
        )
    return pd.DataFrame(rows, columns=["article_id", "outlet", "lean", "wire"])


def outlet_articles(
    story: Story,
    reuse_table: pd.DataFrame,
    passages: pd.DataFrame,
    words: Mapping[str, int],
    wire_outlets: Sequence[str] = defaults.WIRE_OUTLETS,
    zones: tuple[str, ...] = CONTENT_ZONES,
) -> pd.DataFrame:
    """Return the per-article numbers the outlet profiles of a collection add up.

    Parameters
    ----------
    story : Story
        The articles.
    reuse_table : DataFrame
        :attr:`analysis.coverage.Comparison.reuse`: article_id, tokens, tokens_shared, ...
    passages : DataFrame
        ``shared_passages.csv`` of the story.
    words : mapping of str to int
        Words per article in the zones the entity rates are per (:attr:`Comparison.words`).
    wire_outlets : sequence of str
        Outlets whose articles are wire copy.
    zones : tuple of str
        Zones the passages were looked for in.

    Returns
    -------
    DataFrame
        ``outlet_articles``, one row per article, corpus order: article_id, outlet, lean, wire
        (:func:`article_groups`), words, tokens (normalized tokens of :mod:`analysis.reuse`),
        tokens_shared (in passages shared with any other article of the story),
        tokens_shared_other_outlet (with an article of another outlet), tokens_shared_wire (with
        wire copy of another outlet).
    """
    from .reuse import tokens_shared_with

    groups = article_groups(story, wire_outlets)
    outlet = dict(zip(groups["article_id"], groups["outlet"]))
    wire = dict(zip(groups["article_id"], groups["wire"]))
    ids = list(groups["article_id"])
    other = {a: [b for b in ids if outlet[b] != outlet[a]] for a in ids}
    wire_partners = {a: [b for b in other[a] if wire[b]] for a in ids}
    table = groups.merge(reuse_table[["article_id", "tokens", "tokens_shared"]], on="article_id")
    table["words"] = table["article_id"].map(words).astype("int64")
    table["tokens_shared_other_outlet"] = (
        tokens_shared_with(story.corpus, passages, other, zones).reindex(ids).to_numpy()
    )
    table["tokens_shared_wire"] = (
        tokens_shared_with(story.corpus, passages, wire_partners, zones).reindex(ids).to_numpy()
    )
    return table[OUTLET_ARTICLE_COLUMNS]


def analyse_story(
    story: Story, settings: Settings = Settings(), *, aliases: AliasTable | None = None
) -> dict[str, pd.DataFrame]:
    """Analyse one story with every measure; return its tables by file stem.

    The same calls, with the same arguments, as the notebooks and ``python -m analysis``
    make, so each table equals the one they write: ``corpus`` and ``segments``
    (:func:`analysis.overview.analyse`), ``readability*`` (:func:`analysis.readability.analyse`),
    ``entit*`` (:func:`analysis.entities.analyse`), the coverage tables
    (:func:`analysis.coverage.analyse`), the facts and events (:func:`analysis.facts.analyse`),
    and ``outlet_articles`` (:func:`outlet_articles`).

    Parameters
    ----------
    story : Story
        The articles and their parse.
    settings : Settings
        What the measures are run with (``model``, ``rules`` and ``strict`` concern reading and
        parsing, done before).
    aliases : AliasTable, optional
        ``settings.aliases_file`` already read (a collection worker reads it once); read here
        when not given.

    Returns
    -------
    dict of str to DataFrame
        The :data:`STORY_TABLES`, in that order.
    """
    from . import coverage, entities, facts, overview, readability

    aliases = aliases if aliases is not None else entities.alias_table(settings.aliases_file)
    found = entities.analyse(
        story,
        aliases_file=aliases,
        labels=settings.labels,
        include_captions=settings.include_captions,
        gold_file=settings.gold_file,
    )
    # coverage and the facts read every content zone, captions included (as the CLI and
    # notebooks 04 and 05 do): they reuse the entity pass's mentions only when those were found
    # in the same zones (and, for the facts, with the default labels)
    with_captions = found.mentions if settings.include_captions else None
    compared = coverage.analyse(
        story,
        aliases_file=aliases,
        labels=settings.labels,
        min_tokens=settings.min_tokens,
        prior_scale=settings.prior_scale,
        mentions=with_captions,
    )
    tables = {
        **overview.analyse(story).tables(),
        **readability.analyse(
            story, n_boot=settings.n_boot, seed=settings.seed, level=settings.level
        ).tables(),
        **found.tables(),
        **compared.tables(),
        **facts.analyse(
            story,
            aliases_file=aliases,
            fact_threshold=settings.fact_threshold,
            entity_weight=settings.entity_weight,
            number_weight=settings.number_weight,
            omission_share=settings.omission_share,
            event_link=settings.event_link,
            date_tolerance=settings.date_tolerance,
            facts_gold_file=settings.facts_gold_file,
            events_gold_file=settings.events_gold_file,
            mentions=with_captions
            if tuple(settings.labels) == tuple(defaults.ENTITY_LABELS)
            else None,
        ).tables(),
        "outlet_articles": outlet_articles(
            story, compared.reuse, compared.passages, compared.words, settings.wire_outlets
        ),
    }
    return tables
