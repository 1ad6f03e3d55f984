"""Named entities per article, counted per real-world entity rather than per spelling.

Mentions come from the cached spaCy pass (no model run here) plus an alias matcher: every alias in
the alias table is found regardless of case ("the united states" in a machine-translated article
the small model misses), unless the model already found an entity there. Mentions in boilerplate
never count; captions count unless the caller leaves them out.

Canonicalization, in this order, each step recorded in the ``rule`` column:

1. ``normalized``: white space collapsed, typographic quotes made plain, possessive "’s" and a
   leading "the" removed, leading titles ("Mr", "President", "Foreign Minister", ...) removed;
2. ``partial``: within one article, a PERSON or ORG mention whose words all occur, in order, at
   the end of exactly one longer PERSON or ORG mention of the same article ("Kerry" and "John
   Kerry") takes that name;
3. ``alias``: the alias table (``data/aliases.yaml``, user-editable) maps any spelling to one
   canonical name and label ("U.S.", "US", "USA" -> "United States");
4. the label of a canonical entity is the majority of its mentions' labels (the alias table's
   label wins when given); :func:`label_disagreements` lists the entities whose mentions disagree.

Surfaces listed under ``ignore`` in the alias table are dropped ("State" from "Secretary of State"
is not an organisation).

:func:`analyse` runs all of it on a :class:`~analysis.story.Story` (what notebook 03 and the
``entities`` command call, so both write the same tables), with the accuracy against a hand
annotation; ``findings`` and the ``*_view`` functions give what the notebook shows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import defaults, escape
from .config import resolve
from .corpus import Corpus
from .escape import Note
from .nlp import sentences
from .text import CONTENT_ZONES, count_words

if TYPE_CHECKING:
    from .story import Story

__all__ = [
    "ACCURACY_COLUMNS",
    "DEFAULT_LABELS",
    "SAMPLE_ENTITIES",
    "SAMPLE_MENTIONS",
    "STAGE_AFTER",
    "STAGE_BEFORE",
    "AliasError",
    "AliasTable",
    "EntitiesResult",
    "accuracy",
    "accuracy_view",
    "alias_groups",
    "alias_table",
    "analyse",
    "article_label_mix",
    "attention",
    "attention_matrix",
    "attention_rows",
    "canonicalize",
    "clean_surface",
    "counted_zones",
    "entity_counts",
    "evaluate",
    "extract_mentions",
    "findings",
    "label_disagreements",
    "label_mix",
    "load_aliases",
    "matching_gold",
    "mention_sample",
    "mention_table",
    "merges_view",
    "most_mentioned",
    "named_everywhere",
    "normalize",
    "people_share",
    "raw_mentions",
    "read_gold",
    "top_attention",
    "top_entities",
    "top_per_article",
    "words_per_article",
]

#: Entity labels counted by default (:data:`analysis.defaults.ENTITY_LABELS`), and the labels an
#: alias file may give: people, groups, organisations, places, facilities, events.
DEFAULT_LABELS = defaults.ENTITY_LABELS

#: Labels whose mentions may be a part of a longer name ("Kerry" of "John Kerry").
PARTIAL_LABELS = ("PERSON", "ORG")
#: Titles removed from the start of a mention, longest first ("Foreign Minister Sergei Lavrov").
TITLES = (
    "secretary of state",
    "foreign minister",
    "prime minister",
    "special envoy",
    "president",
    "minister",
    "secretary",
    "senator",
    "sen",
    "gen",
    "general",
    "envoy",
    "mr",
    "mrs",
    "ms",
    "dr",
    "king",
    "prince",
    "sheikh",
)
_TITLE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(t) for t in TITLES) + r")\.?\s+)+", re.IGNORECASE
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)
_EDGES = re.compile(r"^[^\w]+|[^\w.]+$")


class AliasError(ValueError):
    """The alias file cannot be used; the message names the file, the line and the problem."""


def clean_surface(surface: str) -> str:
    """Return a mention as a reader would write it.

    Plain quotes, single spaces, no possessive, no leading "the" or title, no stray punctuation
    at the edges ("the Nusra Front-" -> "Nusra Front"). Case is kept.
    """
    text = " ".join(surface.translate(_QUOTES).split())
    text = _EDGES.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _TITLE.sub("", text)
    return _EDGES.sub("", text)


def normalize(surface: str) -> str:
    """Return the key mentions are compared by: :func:`clean_surface`, case-folded."""
    return clean_surface(surface).casefold()


# --------------------------------------------------------------------------------------------
# The alias table


@dataclass(frozen=True)
class AliasTable:
    """Canonical names with their label and spellings, and surfaces that are never entities."""

    canonical: dict[str, tuple[str, str | None]] = field(
        default_factory=dict
    )  # key -> (name, label)
    ignore: frozenset[str] = frozenset()
    #: every alias as written in the file, for the matcher
    spellings: tuple[str, ...] = ()

    def lookup(self, key: str) -> tuple[str, str | None] | None:
        """Return the canonical name and label of a normalized spelling, or None."""
        return self.canonical.get(key)


def load_aliases(path: str | Path | None) -> AliasTable:
    """Read an alias file.

    Format (YAML)::

        entities:
          United States:            # the canonical name
            label: GPE              # optional
            aliases: [U.S., US, USA, United States of America]
        ignore: [State]             # surfaces that are never entities

    Raises :class:`AliasError` naming the file and line of the first problem.
    """
    if not path:
        return AliasTable()
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
    except FileNotFoundError:
        raise AliasError(f"{path}: alias file not found") from None
    except yaml.YAMLError as exc:
        raise AliasError(f"{path}: not valid YAML ({exc})") from None
    if root is None:
        return AliasTable()

    def fail(node, problem: str) -> AliasError:
        return AliasError(f"{path}, line {node.start_mark.line + 1}: {problem}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, "expected the keys 'entities' and 'ignore'")
    canonical: dict[str, tuple[str, str | None]] = {}
    ignore: set[str] = set()
    spellings: set[str] = set()
    for key_node, value_node in root.value:
        section = key_node.value
        if section == "ignore":
            if not isinstance(value_node, yaml.SequenceNode):
                raise fail(value_node, "'ignore' must be a list of surfaces")
            ignore.update(normalize(item.value) for item in value_node.value)
        elif section == "entities":
            if not isinstance(value_node, yaml.MappingNode):
                raise fail(value_node, "'entities' must map canonical names to label and aliases")
            for name_node, spec_node in value_node.value:
                name = str(name_node.value).strip()
                if not isinstance(spec_node, yaml.MappingNode):
                    raise fail(spec_node, f"'{name}' must have 'aliases' (and optionally 'label')")
                spec = {k.value: v for k, v in spec_node.value}
                unknown = set(spec) - {"label", "aliases"}
                if unknown:
                    raise fail(
                        spec_node,
                        f"'{name}' has unknown key(s) {', '.join(sorted(unknown))}"
                        " (expected 'label' and 'aliases'; a typo?)",
                    )
                label = spec["label"].value if "label" in spec else None
                if label is not None and label not in DEFAULT_LABELS:
                    raise fail(
                        spec["label"],
                        f"'{name}': unknown label '{label}' (one of {', '.join(DEFAULT_LABELS)})",
                    )
                aliases = spec.get("aliases")
                if aliases is None or not isinstance(aliases, yaml.SequenceNode):
                    raise fail(spec_node, f"'{name}' needs a list of 'aliases'")
                for alias_node in [name_node, *aliases.value]:
                    key = normalize(str(alias_node.value))
                    if not key:
                        raise fail(alias_node, f"'{name}': empty alias")
                    if key in canonical and canonical[key][0] != name:
                        raise fail(
                            alias_node,
                            f"'{alias_node.value}' is an alias of both "
                            f"'{canonical[key][0]}' and '{name}'",
                        )
                    canonical[key] = (name, label)
                    spellings.add(clean_surface(str(alias_node.value)))
        else:
            raise fail(key_node, f"unknown section '{section}' (expected 'entities', 'ignore')")
    return AliasTable(canonical, frozenset(ignore), tuple(sorted(spellings)))


# --------------------------------------------------------------------------------------------
# Mentions


_MENTION_COLUMNS = ["article_id", "start", "end", "surface", "label", "zone", "source", "sentence"]


def counted_zones(include_captions: bool = defaults.INCLUDE_CAPTIONS) -> tuple[str, ...]:
    """Return the zones whose mentions and words count: headline, body and (optionally) captions."""
    if include_captions:
        return CONTENT_ZONES
    return tuple(zone for zone in CONTENT_ZONES if zone != "caption")


def words_per_article(corpus: Corpus, zones: Sequence[str] = CONTENT_ZONES) -> pd.Series:
    """Count the words of each article in ``zones`` (:func:`analysis.text.count_words`).

    Returns
    -------
    Series
        Words (int), indexed by article_id in corpus order.
    """
    return pd.Series(
        {
            a.article_id: sum(count_words(s.text) for s in a.segments if s.zone in zones)
            for a in corpus
        },
        dtype="int64",
    )


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _alias_matchers(aliases: AliasTable) -> tuple[list[PhraseMatcher], spacy.strings.StringStore]:
    """Return matchers for every alias, and the strings their match ids name.

    Acronyms ("US", "IS", "UN") match exactly as written, so that the pronoun "us" and the verb
    "is" are not found; everything else regardless of case.
    """
    nlp = spacy.blank("en")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    anycase = PhraseMatcher(nlp.vocab, attr="LOWER")
    for text in aliases.spellings:
        key = normalize(text)
        if _is_acronym(text):
            exact.add(key, [nlp.make_doc(text)])
        else:
            anycase.add(key, [nlp.make_doc(text.lower())])
    return [m for m in (exact, anycase) if len(m)], nlp.vocab.strings


def extract_mentions(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    aliases: AliasTable = AliasTable(),
    labels: Iterable[str] = DEFAULT_LABELS,
    include_captions: bool = True,
) -> pd.DataFrame:
    """List every entity mention of the corpus.

    Boilerplate never counts; captions only with ``include_captions``; surfaces the alias table
    ignores are dropped. An alias found where the model found nothing is added (source
    ``alias``), never on top of a model entity.

    Returns
    -------
    DataFrame
        One row per mention in article and text order: article_id, start, end (character
        offsets into the article text), surface, label, zone, source (``model`` or ``alias``),
        sentence (the sentence it is in).
    """
    labels = set(labels)
    zones = counted_zones(include_captions)
    matchers, match_names = _alias_matchers(aliases)
    rows = []
    for article, doc in zip(corpus, docs, strict=True):
        spans = {s.start_char: s for s in sentences(doc, article)}
        starts = sorted(spans)

        def sentence_of(offset: int, spans=spans, starts=starts) -> str:
            i = max((s for s in starts if s <= offset), default=None)
            return spans[i].text.strip() if i is not None else ""

        found = []
        taken = [False] * len(doc)
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                taken[t] = True
            if ent.label_ in labels:
                found.append((ent.start_char, ent.end_char, ent.text, ent.label_, "model"))
        matches = sorted(
            ((start, -end, match_id) for m in matchers for match_id, start, end in m(doc))
        )
        for start, neg_end, match_id in matches:  # longest match first at each position
            end = -neg_end
            if not any(taken[start:end]):
                _, label = aliases.lookup(match_names[match_id])
                span = doc[start:end]
                for t in range(start, end):
                    taken[t] = True
                found.append((span.start_char, span.end_char, span.text, label or "", "alias"))
        for start, end, surface, label, source in sorted(found):
            zone = article.zone_at(start)
            if zone not in zones or normalize(surface) in aliases.ignore or not normalize(surface):
                continue
            rows.append(
                {
                    "article_id": article.article_id,
                    "start": start,
                    "end": end,
                    "surface": surface,
                    "label": label,
                    "zone": zone,
                    "source": source,
                    "sentence": sentence_of(start),
                }
            )
    return pd.DataFrame(rows, columns=_MENTION_COLUMNS)


# --------------------------------------------------------------------------------------------
# Canonical entities


def _words(key: str) -> list[str]:
    # hyphens split: "assad" is the last word of "bashar al-assad"
    return re.findall(r"[\w.']+", key)


def _partial_target(key: str, longer: Sequence[str]) -> str | None:
    """Return the one longer key in ``longer`` ending with all of ``key``'s words, if one."""
    words = _words(key)
    hits = {
        other
        for other in longer
        if len(_words(other)) > len(words) and _words(other)[-len(words) :] == words
    }
    return hits.pop() if len(hits) == 1 else None


def canonicalize(mentions: pd.DataFrame, aliases: AliasTable = AliasTable()) -> pd.DataFrame:
    """Resolve each mention to its canonical entity.

    See the module docstring for the steps. The canonical name of an entity that is not in the
    alias table is its most frequent full cleaned spelling (ties: the longest, then alphabetical).

    Returns
    -------
    DataFrame
        ``mentions`` (:func:`extract_mentions`) with key (the normalized spelling, or the full
        name a surname was linked to), rule (``normalized``, ``partial`` or ``alias``), entity
        (canonical name) and entity_label (the entity's one label).
    """
    out = mentions.copy()
    out["key"] = [normalize(s) for s in out["surface"]]
    out["rule"] = "normalized"
    # 2. partial names within an article, resolved to their full key before the alias lookup;
    # names of people and organisations only ("Syrian" is not part of "intra-Syrian")
    for idx in out.groupby("article_id", sort=False).groups.values():
        named = [i for i in idx if out.at[i, "label"] in PARTIAL_LABELS]
        keys = {out.at[i, "key"] for i in named}
        for i in named:
            target = _partial_target(out.at[i, "key"], sorted(keys))
            if target is not None:
                out.at[i, "key"] = target
                out.at[i, "rule"] = "partial"
    # 3. alias table
    names, alias_labels = [], []
    for i, key in zip(out.index, out["key"]):
        hit = aliases.lookup(key)
        if hit is not None:
            names.append(hit[0])
            alias_labels.append(hit[1])
            if out.at[i, "rule"] == "normalized":
                out.at[i, "rule"] = "alias"
        else:
            names.append(None)
            alias_labels.append(None)
    out["entity"] = names
    # the name shown: the commonest full spelling (a surname linked to a full name is no candidate)
    spelled = Counter()
    for key, surface, rule in zip(out["key"], out["surface"], out["rule"]):
        if rule != "partial":
            spelled[(key, clean_surface(surface))] += 1
    display = {}
    for (key, form), _n in sorted(
        spelled.items(), key=lambda kv: (-kv[1], -len(kv[0][1]), kv[0][1])
    ):
        display.setdefault(key, form)
    missing = out["entity"].isna()
    out.loc[missing, "entity"] = out.loc[missing, "key"].map(display)
    # 4. one label per entity: the alias table's, else the majority of its mentions'
    fixed = {name: label for name, label in zip(out["entity"], alias_labels) if label}
    votes: dict[str, Counter] = defaultdict(Counter)
    for name, label in zip(out["entity"], out["label"]):
        if label:
            votes[name][label] += 1
    chosen = {
        name: fixed.get(name) or sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for name, c in votes.items()
    }
    out["entity_label"] = out["entity"].map(lambda n: chosen.get(n, fixed.get(n, "")))
    return out


def mention_table(canonical: pd.DataFrame) -> pd.DataFrame:
    """Return ``entity_mentions.csv``: every mention and how it was resolved.

    Returns
    -------
    DataFrame
        Sorted by article and offset: the DESIGN.md columns article_id, entity, surface, label
        (the model's label for the mention), start, end, zone; then entity_label (the entity's
        one label), rule, source and sentence.
    """
    columns = [
        "article_id",
        "entity",
        "surface",
        "label",
        "start",
        "end",
        "zone",
        "entity_label",
        "rule",
        "source",
        "sentence",
    ]
    return canonical[columns].sort_values(["article_id", "start"], ignore_index=True)


def label_disagreements(canonical: pd.DataFrame) -> pd.DataFrame:
    """List the entities whose mentions carry more than one model label.

    Returns
    -------
    DataFrame
        One row per such entity, alphabetical: entity, entity_label (the label used), labels
        (``label:count``, most frequent first).
    """
    rows = []
    for name, group in canonical.groupby("entity", sort=True):
        counts = Counter(label for label in group["label"] if label)
        if len(counts) > 1:
            rows.append(
                {
                    "entity": name,
                    "entity_label": group["entity_label"].iloc[0],
                    "labels": ", ".join(
                        f"{k}:{v}"
                        for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["entity", "entity_label", "labels"])


def entity_counts(canonical: pd.DataFrame) -> pd.DataFrame:
    """Count the mentions of each entity in each article: ``entities.csv``.

    Returns
    -------
    DataFrame
        Sorted by article, then most mentioned: article_id, entity, label (the entity's),
        mentions (the number of rows of the mention table with that article and entity).
    """
    counts = (
        canonical.groupby(["article_id", "entity", "entity_label"], sort=False)
        .size()
        .rename("mentions")
        .reset_index()
        .rename(columns={"entity_label": "label"})
    )
    return counts.sort_values(
        ["article_id", "mentions", "entity"], ascending=[True, False, True], ignore_index=True
    )


# --------------------------------------------------------------------------------------------
# Accuracy against a hand annotation


def _match_spans(pred: pd.DataFrame, gold: pd.DataFrame) -> list[tuple[int, int]]:
    """Pair overlapping spans of the same article one to one, greedily in text order.

    Returns (pred index, gold index) pairs.
    """
    pairs = []
    for article_id, g in gold.groupby("article_id"):
        p = pred[pred["article_id"] == article_id]
        used: set[int] = set()
        for gi, grow in g.sort_values("start").iterrows():
            for pi, prow in p.sort_values("start").iterrows():
                if pi not in used and prow["start"] < grow["end"] and grow["start"] < prow["end"]:
                    pairs.append((pi, gi))
                    used.add(pi)
                    break
    return pairs


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else float("nan")
    recall = tp / gold if gold else float("nan")
    f1 = (2 * precision * recall / (precision + recall)) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "correct": tp,
        "predicted": predicted,
        "gold": gold,
    }


def evaluate(
    predicted: pd.DataFrame, gold: pd.DataFrame, *, entity: str = "entity", label: str = "label"
) -> pd.DataFrame:
    """Score ``predicted`` mentions against ``gold``, on the gold articles.

    Rows: ``spans`` (a prediction overlapping a gold mention), ``spans+label`` (and the same
    label, column ``label`` of ``predicted``), ``mentions`` (and the same entity, column
    ``entity`` of ``predicted``), ``counts`` (per article and entity, the smaller of the
    predicted and gold counts is correct: the measure of the numbers in ``entities.csv``).

    Returns
    -------
    DataFrame
        One row per level above: level, precision, recall, f1 (NaN precision or recall when
        nothing was predicted or annotated), correct, predicted, gold.
    """
    pred = predicted[predicted["article_id"].isin(set(gold["article_id"]))]
    pairs = _match_spans(pred, gold)
    same_label = sum(pred.at[p, label] == gold.at[g, "label"] for p, g in pairs)
    same_entity = sum(pred.at[p, entity] == gold.at[g, "entity"] for p, g in pairs)
    pc = Counter(zip(pred["article_id"], pred[entity]))
    gc = Counter(zip(gold["article_id"], gold["entity"]))
    count_tp = sum(min(n, gc.get(k, 0)) for k, n in pc.items())
    rows = {
        "spans": _prf(len(pairs), len(pred), len(gold)),
        "spans+label": _prf(same_label, len(pred), len(gold)),
        "mentions": _prf(same_entity, len(pred), len(gold)),
        "counts": _prf(count_tp, sum(pc.values()), sum(gc.values())),
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("level").reset_index()


#: Prefix of the name a predicted entity gets when :func:`align_to_gold` pairs it with no gold
#: entity: no gold name starts with it, so its mentions never count as correct by name.
UNALIGNED = "(unaligned) "


def align_to_gold(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    entity: str = "entity",
    story: str | None = None,
) -> pd.DataFrame:
    """Rename each predicted entity to the gold entity it shares most mentions with.

    The name-independent view of :func:`evaluate`: exact canonical names measure both the
    grouping of mentions and the choice of the name shown; after this renaming only the
    grouping counts. Mentions are paired as in :func:`evaluate` (overlapping spans, one to one);
    predicted and gold entities are then paired one to one so that the pairs share as many
    mentions as possible (the assignment problem, ``scipy.optimize.linear_sum_assignment``),
    within each story.

    Parameters
    ----------
    predicted, gold : DataFrame
        As for :func:`evaluate`: article_id, start, end and the entity column (gold: ``entity``).
    entity : str
        The column of ``predicted`` holding its entity names.
    story : str, optional
        Column (in both tables) grouping articles into stories: entities are paired within a
        story. None: all articles are one story.

    Returns
    -------
    DataFrame
        ``predicted`` with ``entity`` replaced: the paired gold name, or the predicted name
        prefixed with :data:`UNALIGNED` for an entity paired with none (no shared mention, or
        another entity shares more).
    """
    from scipy.optimize import linear_sum_assignment

    pred = predicted[predicted["article_id"].isin(set(gold["article_id"]))]
    renamed = {i: UNALIGNED + str(name) for i, name in zip(predicted.index, predicted[entity])}
    shared: dict[tuple, Counter] = defaultdict(Counter)
    for p, g in _match_spans(pred, gold):
        key = pred.at[p, story] if story else None
        shared[key][(pred.at[p, entity], gold.at[g, "entity"])] += 1
    for key, pairs in shared.items():
        p_names = sorted({p for p, _ in pairs})
        g_names = sorted({g for _, g in pairs})
        weights = [[-pairs.get((p, g), 0) for g in g_names] for p in p_names]
        rows, cols = linear_sum_assignment(weights)
        chosen = {
            p_names[r]: g_names[c]
            for r, c in zip(rows, cols)
            if pairs.get((p_names[r], g_names[c]))
        }
        in_story = (
            predicted.index
            if story is None
            else predicted.index[(predicted[story] == key).to_numpy()]
        )
        for i in in_story:
            name = predicted.at[i, entity]
            if name in chosen:
                renamed[i] = chosen[name]
    return predicted.assign(**{entity: [renamed[i] for i in predicted.index]})


#: Stage names of ``entity_accuracy.csv``: the model alone with raw spellings, and the pipeline.
STAGE_BEFORE = "before: model, raw spellings"
STAGE_AFTER = "after: canonical"
#: Columns of ``entity_accuracy.csv`` (:func:`evaluate`'s, then the stage).
ACCURACY_COLUMNS = ["level", "precision", "recall", "f1", "correct", "predicted", "gold", "stage"]


def read_gold(gold_file: str | Path | None = defaults.GOLD_ENTITIES_FILE) -> pd.DataFrame:
    """Read a hand annotation of entity mentions (``data/annotations/README.md``).

    Parameters
    ----------
    gold_file : str or Path, optional
        The CSV file (relative paths: from the project root); "" or None for none.

    Returns
    -------
    DataFrame
        The file's rows: article_id, start, end, surface, entity, label, zone. Empty, without
        columns, when no file is given or the file does not exist.
    """
    path = resolve(gold_file) if gold_file else None
    return pd.read_csv(path) if path is not None and path.is_file() else pd.DataFrame()


def matching_gold(gold: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Keep the annotated mentions whose offsets point at their surface in this corpus.

    An annotation of other articles (or of another version of them) matches nothing, so the
    accuracy is only measured where the annotation fits the text.

    Returns
    -------
    DataFrame
        The rows of ``gold`` (index kept) whose article is in ``corpus`` and whose
        ``text[start:end]`` is ``surface``.
    """
    if gold.empty:
        return gold
    texts = {a.article_id: a.text for a in corpus}
    keep = [
        a in texts and texts[a][s:e] == w
        for a, s, e, w in zip(gold["article_id"], gold["start"], gold["end"], gold["surface"])
    ]
    return gold[keep]


def raw_mentions(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    labels: Iterable[str] = DEFAULT_LABELS,
    include_captions: bool = defaults.INCLUDE_CAPTIONS,
) -> pd.DataFrame:
    """List the model's mentions with raw spellings: the "before" stage of the accuracy check.

    No alias table, no canonicalization: each mention's entity is its cleaned surface
    (:func:`clean_surface`), so "Kerry" and "John Kerry" are two entities.

    Returns
    -------
    DataFrame
        :func:`extract_mentions`'s columns (source always ``model``) and entity.
    """
    raw = extract_mentions(corpus, docs, labels=labels, include_captions=include_captions)
    return raw.assign(entity=[clean_surface(s) for s in raw["surface"]])


def accuracy(raw: pd.DataFrame | None, canonical: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score the model alone and the whole pipeline against a hand annotation.

    Parameters
    ----------
    raw : DataFrame or None
        The model's mentions with raw spellings (:func:`raw_mentions`); unused (may be None)
        when ``gold`` is empty.
    canonical : DataFrame
        The pipeline's mentions (:func:`canonicalize`), scored with their entity's label.
    gold : DataFrame
        The annotation rows that fit the corpus (:func:`matching_gold`).

    Returns
    -------
    DataFrame
        ``entity_accuracy.csv``: :data:`ACCURACY_COLUMNS`, the four levels of :func:`evaluate`
        for :data:`STAGE_BEFORE`, then for :data:`STAGE_AFTER`. No rows when ``gold`` is empty.
    """
    if gold.empty:
        return pd.DataFrame(columns=ACCURACY_COLUMNS)
    return pd.concat(
        [
            evaluate(raw, gold).assign(stage=STAGE_BEFORE),
            evaluate(canonical, gold, label="entity_label").assign(stage=STAGE_AFTER),
        ],
        ignore_index=True,
    )


# --------------------------------------------------------------------------------------------
# Tables for the report


def alias_groups(canonical: pd.DataFrame) -> pd.DataFrame:
    """List the entities written more than one way: what canonicalization merged.

    Returns
    -------
    DataFrame
        ``entity_alias_groups.csv``, most mentioned first: entity, label, mentions, articles
        (how many name it), spellings ("U.S. ×14, US ×8"), rules (the steps that merged them).
    """
    rows = []
    for name, group in canonical.groupby("entity", sort=True):
        forms = Counter(clean_surface(s) for s in group["surface"])
        if len(forms) > 1:
            rows.append(
                {
                    "entity": name,
                    "label": group["entity_label"].iloc[0],
                    "mentions": len(group),
                    "articles": group["article_id"].nunique(),
                    "spellings": ", ".join(
                        f"{f} ×{n}"
                        for f, n in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
                    ),
                    "rules": ", ".join(sorted(set(group["rule"]))),
                }
            )
    out = pd.DataFrame(
        rows, columns=["entity", "label", "mentions", "articles", "spellings", "rules"]
    )
    return out.sort_values(["mentions", "entity"], ascending=[False, True], ignore_index=True)


def attention(counts: pd.DataFrame, words: pd.Series) -> pd.DataFrame:
    """Rate each count per 1,000 words of its article, so long and short articles compare.

    Parameters
    ----------
    counts : DataFrame
        ``entities.csv`` (:func:`entity_counts`).
    words : Series
        Words of the zones counted, indexed by article_id (:func:`words_per_article`).

    Returns
    -------
    DataFrame
        ``counts`` with per_1000_words (NaN for an article without words).
    """
    out = counts.copy()
    per_article = out["article_id"].map(words).astype(float)
    out["per_1000_words"] = 1000 * out["mentions"] / per_article.where(per_article > 0)
    return out


def top_entities(counts: pd.DataFrame, n: int) -> list[str]:
    """Return the ``n`` entities with the most mentions across the corpus (ties: alphabetical)."""
    totals = counts.groupby("entity")["mentions"].sum()
    return sorted(totals.index, key=lambda e: (-totals[e], e))[:n]


def label_mix(canonical: pd.DataFrame) -> pd.DataFrame:
    """Count the mentions per article and entity label.

    Returns
    -------
    DataFrame
        One row per article that has a mention: article_id, then one column per entity label
        present (in :data:`DEFAULT_LABELS` order) with its mentions.
    """
    if canonical.empty:
        return pd.DataFrame(columns=["article_id"])
    table = (
        canonical.groupby(["article_id", "entity_label"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=[lab for lab in DEFAULT_LABELS if lab in set(canonical["entity_label"])])
    )
    table.columns.name = None
    return table.reset_index()


def attention_matrix(
    rated: pd.DataFrame,
    shown: Sequence[str],
    ids: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Lay out mentions per 1,000 words as an entity-by-article matrix.

    Notebook 03's attention heatmap and notebook 04's coverage heatmap both draw this.

    Parameters
    ----------
    rated : DataFrame
        Has article_id, entity and per_1000_words (:func:`attention`, or
        ``entity_coverage.csv``).
    shown : sequence of str
        The entities: the rows, in this order.
    ids : sequence of str
        The articles: the columns, in this order.
    labels : mapping of str to str, optional
        Article labels by id; when given, the columns are named by them instead of the ids.

    Returns
    -------
    DataFrame
        Indexed by entity (``shown``), one column per article (``ids``, or their labels):
        per_1000_words, NaN where the article does not name the entity.
    """
    shown = list(shown)
    matrix = (
        rated[rated["entity"].isin(shown)]
        .pivot_table(index="entity", columns="article_id", values="per_1000_words", aggfunc="sum")
        .reindex(index=shown, columns=list(ids))
    )
    if labels is not None:
        matrix.columns = [labels[a] for a in matrix.columns]
    return matrix


def named_everywhere(matrix: pd.DataFrame) -> list[str]:
    """Return the rows of an :func:`attention_matrix` that every article names, in row order."""
    return [e for e in matrix.index if matrix.loc[e].notna().all() and (matrix.loc[e] > 0).all()]


def attention_rows(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the named cells of an :func:`attention_matrix` (columns: article labels), row by row.

    Returns
    -------
    DataFrame
        One row per entity and article naming it, in matrix order: entity, label (the
        article's), per_1000_words.
    """
    return matrix.stack().rename("per_1000_words").rename_axis(["entity", "label"]).reset_index()


# --------------------------------------------------------------------------------------------
# The notebook's measure: every table of one story, and what the notebook shows of it

#: Comparisons between articles need at least this many.
_COMPARABLE = 2
#: The mention sample: the first mentions of the most mentioned entities, enough to check that
#: the counts trace to the text without printing the whole mention table.
SAMPLE_ENTITIES = 5
SAMPLE_MENTIONS = 3
#: Decimals of the accuracy table shown: the annotation has 104 mentions, so one mention moves
#: a score by about 0.01; three decimals tell every one-mention difference apart.
_ACCURACY_DECIMALS = 3


@dataclass(frozen=True)
class EntitiesResult:
    """Every entity table of one story (see :func:`analyse`).

    Attributes
    ----------
    ids : list of str
        Article ids in corpus order.
    labels : dict of str to str
        Short label of each article (:attr:`analysis.story.Story.labels`).
    mentions : DataFrame
        Canonical mentions (:func:`canonicalize`).
    counts : DataFrame
        ``entities.csv`` (:func:`entity_counts`).
    words : Series
        Words per article in the zones counted (:func:`words_per_article`).
    groups : DataFrame
        ``entity_alias_groups.csv`` (:func:`alias_groups`).
    disagreements : DataFrame
        Entities whose mentions the model labelled differently (:func:`label_disagreements`).
    accuracy : DataFrame
        ``entity_accuracy.csv`` (:func:`accuracy`); no rows without a matching annotation.
    top_n : int
        Entities per article in the small multiples, and rows of the attention heatmap.
    """

    ids: list[str]
    labels: dict[str, str]
    mentions: pd.DataFrame
    counts: pd.DataFrame
    words: pd.Series
    groups: pd.DataFrame
    disagreements: pd.DataFrame
    accuracy: pd.DataFrame
    top_n: int

    @property
    def top(self) -> list[str]:
        """The ``top_n`` entities most mentioned across the corpus (:func:`top_entities`)."""
        return top_entities(self.counts, self.top_n)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the CSV tables by file stem.

        entities, entity_mentions (:func:`mention_table`), entity_alias_groups, entity_accuracy.
        """
        return {
            "entities": self.counts,
            "entity_mentions": mention_table(self.mentions),
            "entity_alias_groups": self.groups,
            "entity_accuracy": self.accuracy,
        }


def alias_table(aliases_file: str | Path | AliasTable | None) -> AliasTable:
    """Return ``aliases_file`` as an alias table: read it (relative: from the project root).

    An :class:`AliasTable` is returned as it is; "" or None gives the empty table.
    """
    if isinstance(aliases_file, AliasTable):
        return aliases_file
    return load_aliases(resolve(aliases_file) if aliases_file else None)


def analyse(
    story: Story,
    *,
    aliases_file: str | Path | AliasTable | None = defaults.ALIASES_FILE,
    labels: Iterable[str] = defaults.ENTITY_LABELS,
    include_captions: bool = defaults.INCLUDE_CAPTIONS,
    top_n: int = defaults.TOP_N,
    gold_file: str | Path | None = defaults.GOLD_ENTITIES_FILE,
) -> EntitiesResult:
    """Find, merge and count the entities of every article of ``story``; measure the accuracy.

    Parameters
    ----------
    story : Story
        The articles and their parse (:func:`analysis.story.load_build` or ``read_story``).
    aliases_file : str, Path or AliasTable, optional
        The alias table, or its file (relative paths: from the project root); "" for none.
    labels : iterable of str
        Entity labels counted.
    include_captions : bool
        Whether mentions (and words) in photo captions count.
    top_n : int
        Entities per article in the small multiples, and rows of the attention heatmap.
    gold_file : str or Path, optional
        Hand annotation to measure the accuracy against (:func:`read_gold`); "" for none.

    Returns
    -------
    EntitiesResult
        Every table; :meth:`EntitiesResult.tables` gives the CSV files.
    """
    corpus, docs = story.corpus, story.docs
    labels = list(labels)
    aliases = alias_table(aliases_file)
    found = extract_mentions(
        corpus, docs, aliases=aliases, labels=labels, include_captions=include_captions
    )
    mentions = canonicalize(found, aliases)
    gold = matching_gold(read_gold(gold_file), corpus)
    raw = (
        raw_mentions(corpus, docs, labels=labels, include_captions=include_captions)
        if len(gold)
        else None
    )
    return EntitiesResult(
        ids=list(story.ids),
        labels=dict(story.labels),
        mentions=mentions,
        counts=entity_counts(mentions),
        words=words_per_article(corpus, counted_zones(include_captions)),
        groups=alias_groups(mentions),
        disagreements=label_disagreements(mentions),
        accuracy=accuracy(raw, mentions, gold),
        top_n=top_n,
    )


def findings(result: EntitiesResult) -> str:
    """Return the summary: mentions, entities, articles, alias finds, articles naming none.

    Returns
    -------
    str
        Markdown; article labels escaped.
    """
    mentions, counts = result.mentions, result.counts
    per_article = counts.groupby("article_id")["entity"].nunique().reindex(result.ids, fill_value=0)
    empty = [result.labels[a] for a, n in per_article.items() if n == 0]
    text = (
        f"**{len(mentions)} mentions** of **{counts['entity'].nunique()} entities** in "
        f"{len(result.ids)} article(s); {int((mentions['source'] == 'alias').sum())} found only "
        "through the alias table. "
    )
    if empty:
        text += f"No entity found in: {', '.join(escape.markdown(e) for e in empty)}."
    if len(result.ids) < _COMPARABLE:
        text += " Comparisons between articles need at least two."
    return text


def merges_view(result: EntitiesResult) -> list[pd.DataFrame | Note]:
    """Return what canonicalization merged, and the entities the model labelled differently.

    Returns
    -------
    list of DataFrame or Note
        To display in order: the alias groups indexed by entity (label, mentions, articles,
        spellings, rules), or a :class:`~analysis.escape.Note` when nothing was merged; then,
        when some entity's mentions disagree on the label, a note saying so and those entities
        indexed by entity (entity_label, labels).
    """
    shown: list[pd.DataFrame | Note] = [
        result.groups.set_index("entity") if len(result.groups) else Note("Nothing was merged.")
    ]
    if len(result.disagreements):
        shown.append(
            Note(
                "**Label disagreements**: the model gave these entities more than one label; "
                "the table shows the label used."
            )
        )
        shown.append(result.disagreements.set_index("entity"))
    return shown


def mention_sample(
    result: EntitiesResult,
    n_entities: int = SAMPLE_ENTITIES,
    per_entity: int = SAMPLE_MENTIONS,
) -> pd.DataFrame:
    """Return the first mentions of the most mentioned entities, to trace counts to the text.

    Returns
    -------
    DataFrame
        Up to ``per_entity`` mentions of each of the ``n_entities`` first of
        :attr:`EntitiesResult.top`, in mention-table order (article, then offset), indexed by
        entity: article (its label), surface, zone, start, end, sentence.
    """
    table = mention_table(result.mentions)
    sample = (
        table[table["entity"].isin(result.top[:n_entities])]
        .groupby("entity", sort=False)
        .head(per_entity)
    )
    sample = sample.assign(article=sample["article_id"].map(result.labels))
    return sample[["entity", "article", "surface", "zone", "start", "end", "sentence"]].set_index(
        "entity"
    )


def accuracy_view(result: EntitiesResult) -> pd.DataFrame | Note:
    """Return the accuracy table to show, or a note when no annotation matches the articles.

    Returns
    -------
    DataFrame or Note
        ``entity_accuracy.csv`` indexed by stage and level, rounded to 3 decimals: precision,
        recall, f1, correct, predicted, gold. A :class:`~analysis.escape.Note` when it is empty.
    """
    if result.accuracy.empty:
        return Note(
            "No hand annotation matches these articles, so accuracy is not measured "
            "here (see `data/annotations/README.md` to annotate some)."
        )
    return result.accuracy.set_index(["stage", "level"]).round(_ACCURACY_DECIMALS)


def top_per_article(result: EntitiesResult) -> pd.DataFrame:
    """Return each article's ``top_n`` most mentioned entities: the small multiples' numbers.

    Returns
    -------
    DataFrame
        By article, then most mentioned (ties: alphabetical): article_id, label (the
        article's), entity, mentions.
    """
    shown = result.counts.assign(label=result.counts["article_id"].map(result.labels))
    top = (
        shown.sort_values(["article_id", "mentions", "entity"], ascending=[True, False, True])
        .groupby("article_id")
        .head(result.top_n)
    )
    return top[["article_id", "label", "entity", "mentions"]]


def most_mentioned(result: EntitiesResult) -> tuple[str, int, str] | None:
    """Return the entity with the most mentions in one article: (entity, mentions, label).

    Ties go to the alphabetically first entity; None when no entity is mentioned.
    """
    if result.counts.empty:
        return None
    row = result.counts.sort_values(["mentions", "entity"], ascending=[False, True]).iloc[0]
    return row["entity"], int(row["mentions"]), result.labels[row["article_id"]]


def top_attention(result: EntitiesResult) -> pd.DataFrame:
    """Return the attention heatmap: the top entities' mentions per 1,000 words, by article.

    Returns
    -------
    DataFrame
        :func:`attention_matrix` of :attr:`EntitiesResult.top` (rows, most mentioned first)
        and the articles (columns, named by label, corpus order).
    """
    rated = attention(result.counts, result.words)
    return attention_matrix(rated, result.top, result.ids, result.labels)


def article_label_mix(result: EntitiesResult) -> pd.DataFrame:
    """Return each article's mentions by entity label, every article listed.

    Returns
    -------
    DataFrame
        One row per article in corpus order: article_id, label (the article's), then one
        column per entity label present (:func:`label_mix`), 0 for an article without one.
    """
    mix = label_mix(result.mentions)
    mix = mix.set_index("article_id").reindex(result.ids, fill_value=0).reset_index()
    mix.insert(1, "label", mix["article_id"].map(result.labels))
    return mix


def people_share(mix: pd.DataFrame) -> pd.Series:
    """Return the percentage of each article's mentions that name people (PERSON).

    ``mix`` is :func:`article_label_mix`; NaN for an article without mentions, 0 everywhere
    when nobody is mentioned.
    """
    totals = mix.drop(columns=["article_id", "label"]).sum(axis=1)
    return 100 * mix.get("PERSON", 0) / totals.replace(0, float("nan"))
