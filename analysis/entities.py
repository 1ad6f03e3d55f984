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
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .corpus import Corpus
from .nlp import sentences

__all__ = [
    "DEFAULT_LABELS",
    "AliasError",
    "AliasTable",
    "alias_groups",
    "attention",
    "canonicalize",
    "entity_counts",
    "evaluate",
    "extract_mentions",
    "label_disagreements",
    "label_mix",
    "load_aliases",
    "mention_table",
    "normalize",
    "top_entities",
]

#: Entity labels counted by default: people, groups, organisations, places, facilities, events.
DEFAULT_LABELS = ("PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT")

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
    """A mention as a reader would write it: plain quotes, single spaces, no possessive, no
    leading "the" or title, no stray punctuation at the edges ("the Nusra Front-" -> "Nusra
    Front"). Case is kept.
    """
    text = " ".join(surface.translate(_QUOTES).split())
    text = _EDGES.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = _TITLE.sub("", text)
    return _EDGES.sub("", text)


def normalize(surface: str) -> str:
    """The key mentions are compared by: :func:`clean_surface`, case-folded."""
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
        return self.canonical.get(key)


def load_aliases(path: str | Path | None) -> AliasTable:
    """Read an alias file. Format (YAML)::

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


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _alias_matchers(aliases: AliasTable) -> tuple[list[PhraseMatcher], spacy.strings.StringStore]:
    """Matchers for every alias: acronyms ("US", "IS", "UN") exactly as written, so that the
    pronoun "us" and the verb "is" are not found; everything else regardless of case.
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
    """Every entity mention: article_id, start, end (character offsets into the article text),
    surface, label, zone, source (``model`` or ``alias``), sentence (the sentence it is in).

    Boilerplate never counts; captions only with ``include_captions``; surfaces the alias table
    ignores are dropped. An alias found where the model found nothing is added (source
    ``alias``), never on top of a model entity.
    """
    labels = set(labels)
    zones = {"headline", "body"} | ({"caption"} if include_captions else set())
    matchers, match_names = _alias_matchers(aliases)
    rows = []
    for article, doc in zip(corpus, docs, strict=True):
        spans = {s.start_char: s for s in sentences(doc, article)}
        starts = sorted(spans)

        def sentence_of(offset: int) -> str:
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
    """The one longer key in ``longer`` that ends with all of ``key``'s words, if exactly one."""
    words = _words(key)
    hits = {
        other
        for other in longer
        if len(_words(other)) > len(words) and _words(other)[-len(words) :] == words
    }
    return hits.pop() if len(hits) == 1 else None


def canonicalize(mentions: pd.DataFrame, aliases: AliasTable = AliasTable()) -> pd.DataFrame:
    """Add ``key``, ``entity`` (canonical name), ``rule`` and ``entity_label`` to ``mentions``.

    See the module docstring for the steps. The canonical name of an entity that is not in the
    alias table is its most frequent full cleaned spelling (ties: the longest, then alphabetical).
    """
    out = mentions.copy()
    out["key"] = [normalize(s) for s in out["surface"]]
    out["rule"] = "normalized"
    # 2. partial names within an article, resolved to their full key before the alias lookup;
    # names of people and organisations only ("Syrian" is not part of "intra-Syrian")
    for article_id, idx in out.groupby("article_id", sort=False).groups.items():
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
    for (key, form), n in sorted(
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
    """``entity_mentions.csv``: the DESIGN.md columns (article_id, entity, surface, label, start,
    end, zone), then how each mention was resolved (entity_label, rule, source) and its sentence.
    ``label`` is the model's label for the mention; ``entity_label`` the entity's one label.
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
    """Entities whose mentions carry more than one model label: entity, entity_label, labels
    (label:count, most frequent first).
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
    """``entities.csv``: article_id, entity, label, mentions — sorted by article, then most
    mentioned. Each count is the number of rows of the mention table with that article and entity.
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
    """One-to-one pairs (pred index, gold index) of overlapping spans in the same article,
    greedily in text order.
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
    """Precision, recall and F1 of ``predicted`` mentions against ``gold``, on the gold articles.

    Rows: ``spans`` (a prediction overlapping a gold mention), ``spans+label`` (and the same
    label), ``mentions`` (and the same entity, column ``entity`` of ``predicted``), ``counts``
    (per article and entity, the smaller of the predicted and gold counts is correct: the measure
    of the numbers in ``entities.csv``).
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


# --------------------------------------------------------------------------------------------
# Tables for the report


def alias_groups(canonical: pd.DataFrame) -> pd.DataFrame:
    """One row per entity written more than one way: entity, label, mentions, articles, spellings
    ("U.S. ×14, US ×8"), most mentioned first. Shows what canonicalization merged.
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
    """``counts`` (entities.csv) with ``per_1000_words``: mentions per 1,000 words of the zones
    counted in that article (``words`` indexed by article_id), so long and short articles compare.
    """
    out = counts.copy()
    per_article = out["article_id"].map(words).astype(float)
    out["per_1000_words"] = 1000 * out["mentions"] / per_article.where(per_article > 0)
    return out


def top_entities(counts: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` entities with the most mentions across the corpus (ties: alphabetical)."""
    totals = counts.groupby("entity")["mentions"].sum()
    return sorted(totals.index, key=lambda e: (-totals[e], e))[:n]


def label_mix(canonical: pd.DataFrame) -> pd.DataFrame:
    """Mentions per article and entity label (one row per article, one column per label)."""
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
