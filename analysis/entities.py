"""Named entities per article, counted per real-world entity rather than per spelling.

Mentions come from the cached spaCy pass (no model run here), an alias matcher and the corpus
itself. Every alias in the alias table is found regardless of case ("the united states" in a
machine-translated article the small model misses), unless the model already found an entity
there. Mentions in boilerplate never count; captions count unless the caller leaves them out.

Corpus evidence, before canonicalization (:func:`find_mentions`; what is set aside is kept, with
the reason, in the ``set_aside`` table). Capitals are evidence of a name except on the first word
of a sentence and in a title-case line (a headline or sub-heading whose every major word has
one, :func:`is_title_case`):

* a model mention that starts a sentence with a word the corpus also writes in lower case loses
  that word when the rest is a name found elsewhere ("Following Quint's" -> "Quint's"); a line
  with no capital after its first letter (a URL slug made a headline) is no evidence of case;
* a model mention whose words the corpus writes in lower case more often than with an
  evidential capital is a common word ("pesticide" tagged PERSON), set aside; acronyms ("US" is
  not "us") and names in the alias table stay;
* in a title-case line, a model mention counts only when the corpus names it outside such lines
  ("Vole Resigns" is no name; "Vole" is); acronyms stay;
* every recognised name, and the surname of every person named in full, is *propagated* to its
  occurrences the model did not tag, anywhere in the corpus (``source`` ``propagated``): the
  same whole tokens, a capital where the name has one (a later word of a multiword name may be
  lower case: "Transport police"), never inside another entity (but over an entity of a label not
  counted that is exactly the name), nor beside an untagged proper noun that would make it part
  of a longer name, nor a common word at the start of a sentence.

Canonicalization (:func:`canonicalize`), over the whole corpus, each mention's steps recorded in
the ``rule`` column (joined by "+" when one link leads to another):

1. ``normalized``: the key a mention is compared by (:func:`mention_key`): white space, quotes,
   case, possessive, a leading article, honorifics and abbreviated titles ("Mr", "Sen.", "Lt.
   Gen."), and for people full-word titles ("President", "Rabbi"), middle initials and "Jr.";
2. ``alias``: the alias table (``data/aliases.yaml``, user-editable) maps any spelling to one
   canonical name and label ("U.S." -> "United States"); it wins over every rule below;
3. links between keys that the corpus itself supports, each only when exactly one key fits:
   ``inflection`` (nationalities and parties: "Democrat", "Democrats", "Democratic"),
   ``middle name`` ("Mary Ann Vole" -> "Mary Vole"), ``acronym`` (defined in parentheses after
   its long form, or the initials of a multiword name of the corpus: "WPP" -> "Wetland Policy
   Project", "N.D." -> "North Dakota"), ``abbreviation`` ("Nev." -> the place whose name starts
   "Nev"), ``expanded`` (a name holding an alias or acronym, when the corpus spells it out:
   "U.S. Mint" -> "United States Mint"), ``surname`` (a person's surname, or a one-word name the
   model called an organisation, that ends a longer name of a person), ``containment`` (an
   organisation's name of two words or more that ends a longer one: "State Department" -> "US
   State Department"), ``short name`` (an organisation's one word, no common word, before the
   last of a longer name: "QBC" -> "QBC News"). The mention's own article decides first:
   ``partial`` when it holds the one longer name; ``first name`` when a one-word person's name
   that no rule links is the first word of the one person the article names in full ("Dale"
   -> "Dale Ford", "Liu" -> "Liu Xiaming"), unless the article writes it after a title
   ("Justice Thomas") or in an organisation's name;
   ``<rule> in article`` when the corpus has two candidates and the article names one.
   Otherwise, with two or more candidates, the mention is left as written and marked
   ``ambiguous``, the candidates in ``note`` (:func:`refusals`);
4. the name shown is the commonest spelling of the key the links end at (mixed case first, so a
   dateline's "OSLO" is shown "Oslo"; a capital "The" mid-sentence is kept: "The Vole Post");
5. one label per canonical entity across the corpus: the alias table's, else the majority of its
   mentions' model labels; :func:`label_disagreements` lists the entities whose mentions disagree.

Surfaces listed under ``ignore`` in the alias table are dropped ("State" from "Secretary of State"
is not an organisation).

:func:`analyse` runs all of it on a :class:`~analysis.story.Story` (what notebook 03 and the
``entities`` command call, so both write the same tables), with the accuracy against a hand
annotation; ``findings`` and the ``*_view`` functions give what the notebook shows.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import defaults, escape
from .config import resolve
from .corpus import ALIASES_FILE, Article, Corpus
from .escape import Note
from .nlp import sentences
from .text import CONTENT_ZONES, count_words, familiar_words

if TYPE_CHECKING:
    from .story import Story

__all__ = [
    "ACCURACY_COLUMNS",
    "DEFAULT_LABELS",
    "SAMPLE_ENTITIES",
    "SAMPLE_MENTIONS",
    "STAGE_AFTER",
    "STAGE_BEFORE",
    "UNALIGNED",
    "AliasError",
    "AliasTable",
    "EntitiesResult",
    "accuracy",
    "accuracy_view",
    "acronym_definitions",
    "alias_groups",
    "alias_table",
    "align_to_gold",
    "analyse",
    "article_label_mix",
    "attention",
    "attention_matrix",
    "attention_rows",
    "canonical_mentions",
    "is_acronym",
    "canonicalize",
    "clean_surface",
    "counted_zones",
    "entity_counts",
    "evaluate",
    "extract_mentions",
    "find_mentions",
    "findings",
    "is_title_case",
    "label_disagreements",
    "label_mix",
    "load_aliases",
    "matching_gold",
    "mention_key",
    "mention_sample",
    "mention_table",
    "merges_view",
    "most_mentioned",
    "named_everywhere",
    "normalize",
    "parse_aliases",
    "people_share",
    "raw_mentions",
    "read_gold",
    "refusals",
    "set_aside_summary",
    "spelling_key",
    "story_aliases",
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

#: Honorifics, removed from the start of any mention ("Mr Kerry", "Dr. Quint"), with or without
#: a full stop.
HONORIFICS = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame")
#: Titles written abbreviated, with their full stop: unambiguous, removed from any mention
#: ("Sen. Quint" even where the model calls it an organisation).
ABBREVIATED_TITLES = (
    "adm.",
    "atty.",
    "brig.",
    "capt.",
    "cmdr.",
    "col.",
    "cpl.",
    "fr.",
    "gen.",
    "gov.",
    "lt.",
    "maj.",
    "msgr.",
    "pres.",
    "pvt.",
    "rep.",
    "rev.",
    "sen.",
    "sgt.",
    "supt.",
)
#: Titles written in full: political, judicial, religious, military, royal. Removed only from
#: the mentions of people (the model's PERSON, or a name the corpus tags PERSON), because they
#: also begin names of other things ("General Motors", "Justice Department", "King County").
#: Longest first, so "Foreign Minister" goes before "Minister".
TITLES = tuple(
    sorted(
        (
            # government and politics
            "president",
            "vice president",
            "president-elect",
            "prime minister",
            "foreign minister",
            "defense minister",
            "minister",
            "secretary",
            "secretary of state",
            "secretary-general",
            "secretary general",
            "defense secretary",
            "press secretary",
            "attorney general",
            "chief of staff",
            "senator",
            "state senator",
            "sen",
            "representative",
            "rep",
            "congressman",
            "congresswoman",
            "governor",
            "lieutenant governor",
            "gov",
            "mayor",
            "speaker",
            "house speaker",
            "majority leader",
            "minority leader",
            "senate majority leader",
            "senate minority leader",
            "chairman",
            "chairwoman",
            "ambassador",
            "envoy",
            "special envoy",
            "commissioner",
            "councilman",
            "councilwoman",
            "assemblyman",
            "assemblywoman",
            "sheriff",
            "judge",
            "justice",
            "chief justice",
            "first lady",
            # religion
            "rabbi",
            "reverend",
            "rev",
            "father",
            "pastor",
            "imam",
            "bishop",
            "archbishop",
            "cardinal",
            "pope",
            "sheikh",
            "ayatollah",
            "sister",
            "brother",
            # military and police
            "general",
            "gen",
            "lieutenant general",
            "major general",
            "brigadier general",
            "lieutenant",
            "lt",
            "colonel",
            "col",
            "major",
            "maj",
            "captain",
            "capt",
            "sergeant",
            "sgt",
            "corporal",
            "private",
            "admiral",
            "commander",
            "officer",
            "detective",
            "chief",
            # royalty
            "king",
            "queen",
            "prince",
            "princess",
            "emir",
        ),
        key=lambda t: (-len(t), t),
    )
)
#: Words of a name that are no part of its key: generational suffixes.
NAME_SUFFIXES = ("jr", "sr", "ii", "iii", "iv")
#: Words that title case leaves in lower case, and that initials skip ("Department of Justice").
MINOR_WORDS = frozenset(
    "a an and as at but by de del der des du for from in into la le nor of on or per the to "
    "upon van von vs via with".split()
)
#: A headline is in title case when at least this many of its words are major words, all
#: capitalized: then capitals say nothing about names (three words, because two-word headlines
#: such as "Kerry Speaks" are as often sentence case as title case).
TITLE_CASE_MIN_WORDS = 3


def _title_pattern(titles: Iterable[str], dot: str) -> re.Pattern:
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    return re.compile(rf"^(?:(?:{alternatives}){dot}\s+)+(?=\S)", re.IGNORECASE)


_HONORIFIC = _title_pattern(HONORIFICS, r"\.?")
_ABBREVIATED = _title_pattern((t[:-1] for t in ABBREVIATED_TITLES), r"\.")
_TITLE = _title_pattern(TITLES, r"\.?")
#: A title or honorific written right before a name, capitalised as titles are ("Justice
#: Thomas", not "her brother Dale"), and how far back it is looked for.
_TITLE_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(t.title()).replace(r"\ ", r"\s+")
        for t in sorted(
            {*HONORIFICS, *TITLES, *(t[:-1] for t in ABBREVIATED_TITLES)}, key=lambda t: -len(t)
        )
    )
    + r")\.?\s+$"
)
_TITLE_REACH = 40
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)
_EDGES = re.compile(r"^[^\w]+|[^\w.]+$")
_ARTICLE = re.compile(r"^(?:the\s+|an?\s+(?=[A-Z]))", re.IGNORECASE)
# a single capital between two capitalized words: a middle initial ("Bruce M. Steinberg")
_MIDDLE_INITIAL = re.compile(r"(?<=\w)\s+[A-Z]\.?(?=\s+[A-Z])")
_SUFFIX = re.compile(r",?\s+(?:" + "|".join(NAME_SUFFIXES) + r")\.?$", re.IGNORECASE)


#: Spellings whose cleaned forms and keys are remembered: a corpus repeats its names, and the
#: functions below are pure, so each spelling is worked out once.
_NAME_CACHE = 1 << 16


class AliasError(ValueError):
    """The alias file cannot be used; the message names the file, the line and the problem."""


def _strip_titles(text: str, person: bool) -> str:
    """Remove leading honorifics and titles, as long as a capitalized word remains."""
    patterns = (_HONORIFIC, _ABBREVIATED, _TITLE) if person else (_HONORIFIC, _ABBREVIATED)
    changed = True
    while changed:
        changed = False
        for pattern in patterns:
            rest = pattern.sub("", text, count=1)
            if rest != text and rest[:1].isupper():
                text, changed = rest, True
    return text


@lru_cache(maxsize=_NAME_CACHE)
def clean_surface(surface: str, person: bool = True) -> str:
    """Return a mention as a reader would write it.

    Plain quotes, single spaces, no possessive, no leading "the" (or "a" before a capital), no
    title ("President", "Sen.", "Rabbi"; full-word titles only with ``person``), no stray
    punctuation at the edges ("the Nusra Front-" -> "Nusra Front"). Case is kept.
    """
    text = " ".join(surface.translate(_QUOTES).split())
    text = _EDGES.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _ARTICLE.sub("", text)
    text = _strip_titles(text, person)
    return _EDGES.sub("", text)


@lru_cache(maxsize=_NAME_CACHE)
def normalize(surface: str) -> str:
    """Return the key an alias is compared by: :func:`clean_surface`, case-folded."""
    return clean_surface(surface).casefold()


@lru_cache(maxsize=_NAME_CACHE)
def mention_key(surface: str, person: bool = True) -> str:
    """Return the key a mention is compared by: :func:`clean_surface`, case-folded.

    With ``person`` (the mention names a person) full-word titles go too, and so do middle
    initials ("Bruce M. Steinberg" -> "bruce steinberg") and generational suffixes ("Jr."),
    which in other names are part of the name ("World War II").
    """
    text = clean_surface(surface, person)
    if person:
        text = _MIDDLE_INITIAL.sub("", text)
        text = _SUFFIX.sub("", text) or text
    return text.casefold()


def spelling_key(name: str, person: bool = False) -> str:
    """Return the key two house styles of one canonical name share across stories.

    An acronym's letters ("F.B.I." and "FBI"); any other name's :func:`mention_key` without
    full stops ("The Washington Post" and "Washington Post", "U.S Senate" and "U.S. Senate").
    """
    return _acronym_letters(name) or mention_key(name, person).replace(".", "")


def is_acronym(name: str) -> bool:
    """Whether ``name`` is an acronym (2 to 6 capitals, with or without full stops)."""
    return _acronym_letters(name) is not None


def is_title_case(text: str) -> bool:
    """Whether ``text`` (a headline) capitalizes every major word, so capitals mark no names.

    At least :data:`TITLE_CASE_MIN_WORDS` major words (not :data:`MINOR_WORDS`), each starting
    with a capital ("Two Farm States Sue Their Neighbour Over Water"); a sentence-case
    headline ("Kerry meets Lavrov") is not.
    """
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    major = [w for w in words if w.casefold() not in MINOR_WORDS]
    return len(major) >= TITLE_CASE_MIN_WORDS and all(w[0].isupper() for w in major)


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

    def extended(self, story: AliasTable) -> AliasTable:
        """Return this table with the entries of ``story`` added; ``story`` wins a spelling."""
        return AliasTable(
            {**self.canonical, **story.canonical},
            self.ignore | story.ignore,
            tuple(sorted(set(self.spellings) | set(story.spellings))),
        )


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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AliasError(f"{path}: alias file not found") from None
    return parse_aliases(text, str(path))


def parse_aliases(text: str, source: str) -> AliasTable:
    """Read an alias table from the YAML ``text`` of :func:`load_aliases`' format.

    ``source`` names the file in error messages. Raises :class:`AliasError` naming the file
    and line of the first problem.
    """
    import yaml

    path = source
    try:
        root = yaml.compose(text)
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


_MENTION_COLUMNS = [
    "article_id",
    "start",
    "end",
    "surface",
    "label",
    "zone",
    "source",
    "sentence",
    "case_evidence",
]
#: Columns of the mentions :func:`find_mentions` sets aside, with the reason.
SET_ASIDE_COLUMNS = ["article_id", "start", "end", "surface", "label", "zone", "reason"]
REASON_LOWER_CASE = "a common word: the corpus writes it in lower case more often than not"
REASON_TITLE_CASE = "in a title-case line, never named outside one"
#: Punctuation that ends a sentence; a title-case line without it is a headline or sub-heading.
_SENTENCE_END = tuple(".!?\"'”’)")
# what holds a token (find_mentions): a mention, or an entity of a label not counted
_TAKEN, _OTHER_LABEL = b"\x01", b"\x02"


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


@lru_cache(maxsize=1)
def _blank() -> spacy.language.Language:
    """Return spaCy's blank English pipeline: the tokenizer phrase patterns are made with.

    Made once: building its tokenizer costs a fifth of a second.
    """
    return spacy.blank("en")


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _alias_matchers(aliases: AliasTable) -> tuple[list[PhraseMatcher], spacy.strings.StringStore]:
    """Return matchers for every alias, and the strings their match ids name.

    Acronyms ("US", "IS", "UN") match exactly as written, so that the pronoun "us" and the verb
    "is" are not found; everything else regardless of case.
    """
    nlp = _blank()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    anycase = PhraseMatcher(nlp.vocab, attr="LOWER")
    for text in aliases.spellings:
        key = normalize(text)
        if _is_acronym(text):
            exact.add(key, [nlp.make_doc(text)])
        else:
            anycase.add(key, [nlp.make_doc(text.lower())])
    return [m for m in (exact, anycase) if len(m)], nlp.vocab.strings


class _Layout:
    """Where each place of one article is: its zone, its sentence, whether capitals mean names.

    Built once per article from sorted start offsets, so each lookup is a binary search (the
    entity pass is linear in the article's length, not in length times sentences).
    """

    def __init__(self, article: Article, doc: Doc):
        segments = sorted(article.segments, key=lambda s: s.start)
        self._segments = segments
        self._segment_starts = [s.start for s in segments]
        # capitals mark no names in a headline or sub-heading in title case
        self._title_case = [
            (s.zone == "headline" or not s.text.endswith(_SENTENCE_END)) and is_title_case(s.text)
            for s in segments
        ]
        spans = sentences(doc, article)
        self._sentences = [s.text.strip() for s in spans]
        self._sentence_starts = [s.start_char for s in spans]
        self.first_words: set[int] = set()  # token index of each sentence's first word
        for span in spans:
            word = next((t for t in span if t.is_alpha or t.like_num), None)
            if word is not None:
                self.first_words.add(word.i)

    def _segment(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        return i if i >= 0 and offset < self._segments[i].end else None

    def zone(self, offset: int) -> str | None:
        """Zone of the character at ``offset`` (None between segments)."""
        i = self._segment(offset)
        return self._segments[i].zone if i is not None else None

    def title_case(self, offset: int) -> bool:
        """Whether the character at ``offset`` is in a title-case headline or sub-heading."""
        i = self._segment(offset)
        return i is not None and self._title_case[i]

    def sentence(self, offset: int) -> str:
        """Return the sentence holding ``offset`` (its text, stripped), "" before the first."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return self._sentences[i] if i >= 0 else ""


@dataclass
class _Found:
    """One mention found in one article: token span, label, how it was found."""

    start: int
    end: int
    label: str
    source: str
    reason: str = ""  # why it is set aside ("" = it counts)


def _capitals_mean_a_name(doc: Doc, layout: _Layout, found: _Found) -> bool:
    """Whether a capital at the start of ``found`` is evidence of a name.

    Not at the first word of a sentence, not in a title-case line: there every word has one.
    """
    return found.start not in layout.first_words and not layout.title_case(doc[found.start].idx)


def _has_capital(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def _name_tokens_fit(occurrence: Sequence[str], variant: Sequence[str]) -> bool:
    """Whether an unrecognised token run is a recognised name written ``variant``.

    Each word as the name writes it or in capitals (a dateline's "OSLO"); a later word of a
    multiword name may also be lower case ("British Transport police").
    """
    for i, (occ, var) in enumerate(zip(occurrence, variant)):
        if occ != var and occ != var.upper() and not (i > 0 and occ == var.lower()):
            return False
    return True


def _propagate(
    articles: list[tuple[Article, Doc, _Layout, list[_Found], bytearray]],
    aliases: AliasTable,
    zones: Sequence[str],
) -> None:
    """Add every recognised name where the corpus writes it and nothing was found (in place).

    The names: the counted mentions' cleaned surfaces that hold a capital, and the surnames of
    people named in full. An occurrence needs every token free (no entity of any label, no
    alias match) or to be exactly one entity of a label not counted (:func:`_is_other_entity`),
    the capitals of the name (:func:`_name_tokens_fit`); it must not continue a proper noun on
    either side outside title-case lines ("Washington" of an untagged "Washington Post"), and a
    one-word name that is also a common word ("Young", :func:`_familiar`) does not count at the
    start of a sentence.
    """
    nlp = _blank()
    variants: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    votes: dict[str, Counter] = defaultdict(Counter)
    for _article, doc, _layout, found, _taken in articles:
        for f in found:
            if f.reason or f.source == "propagated":
                continue
            name = clean_surface(doc[f.start : f.end].text)
            if not _has_capital(name) or len(name) < 2 or normalize(name) in aliases.ignore:
                continue
            words = tuple(t.text for t in nlp.make_doc(name))
            lower = " ".join(words).lower()
            variants[lower].add(words)
            if f.label:
                votes[lower][f.label] += 1
            surname = words[-1]
            if (
                f.label == "PERSON"
                and len(words) > 1
                and surname[:1].isupper()
                and len(surname) > 1
            ):
                # "Quint" where only "Ezra Quint" was tagged; canonicalize decides whose it is
                variants[surname.lower()].add((surname,))
                votes[surname.lower()]["PERSON"] += 1
    if not variants:
        return
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for lower in variants:
        matcher.add(lower, [nlp.make_doc(lower)])
    names = nlp.vocab.strings
    for _article, doc, layout, found, taken in articles:
        matches = sorted((s, -e, m) for m, s, e in matcher(doc))
        for start, neg_end, match_id in matches:  # longest first at each position
            end = -neg_end
            if any(taken[start:end]) and not _is_other_entity(doc, taken, start, end):
                continue
            lower = names[match_id]
            words = [t.text for t in doc[start:end]]
            if not any(_name_tokens_fit(words, v) for v in variants[lower]):
                continue
            if layout.zone(doc[start].idx) not in zones:
                continue
            heading = layout.title_case(doc[start].idx)
            if not heading and _continues_a_proper_noun(doc, start, end, layout, taken):
                continue
            if end - start == 1 and start in layout.first_words and _familiar(doc[start]):
                continue
            label = sorted(votes[lower].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            found.append(_Found(start, end, label, "propagated"))
            for t in range(start, end):
                taken[t] = 1


def _familiar(token) -> bool:
    """Whether a token is a common English word (a stop word, or on the Dale–Chall list)."""
    return token.is_stop or token.lower_ in familiar_words()


def _is_other_entity(doc: Doc, taken: bytearray, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` is exactly one entity of a label not counted.

    A social network's name tagged PRODUCT where the corpus names it as an organisation
    elsewhere: a name the model labelled otherwise here, not a name inside another entity.
    """
    return (
        all(taken[t] == _OTHER_LABEL[0] for t in range(start, end))
        and doc[start].ent_iob_ == "B"
        and all(doc[t].ent_iob_ == "I" for t in range(start + 1, end))
        and (end == len(doc) or doc[end].ent_iob_ != "I")
    )


def _continues_a_proper_noun(
    doc: Doc, start: int, end: int, layout: _Layout, taken: bytearray
) -> bool:
    """Whether the token before or after ``doc[start:end]`` is a proper noun of a longer name.

    A capitalized proper noun that no entity holds (one that does is a name of its own:
    "Syrian" of "Syrian Assad").

    The token before does not count when ``start`` begins a sentence.
    """
    before = start - 1 if start > 0 and start not in layout.first_words else None
    after = end if end < len(doc) else None
    return any(
        i is not None and not taken[i] and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()
        for i in (before, after)
    )


def find_mentions(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    aliases: AliasTable = AliasTable(),
    labels: Iterable[str] = DEFAULT_LABELS,
    include_captions: bool = True,
    corpus_evidence: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """List every entity mention of the corpus, and the model mentions set aside.

    Boilerplate never counts; captions only with ``include_captions``; surfaces the alias table
    ignores are dropped. An alias found where the model found nothing is added (source
    ``alias``), never on top of a model entity. With ``corpus_evidence`` (the module docstring):
    lower-case and title-case-line mentions the corpus does not support are set aside, then
    every recognised name is propagated to its untagged occurrences (source ``propagated``).

    Returns
    -------
    mentions : DataFrame
        One row per mention in article and text order: article_id, start, end (character
        offsets into the article text), surface, label, zone, source (``model``, ``alias`` or
        ``propagated``), sentence (the sentence it is in), case_evidence (whether its capitals
        say it is a name: not a sentence's first word, not in a title-case line).
    set_aside : DataFrame
        The model mentions that do not count: :data:`SET_ASIDE_COLUMNS`.
    """
    labels = set(labels)
    zones = counted_zones(include_captions)
    matchers, match_names = _alias_matchers(aliases)
    ignored = aliases.ignore | {""}
    articles = []
    for article, doc in zip(corpus, docs, strict=True):
        layout = _Layout(article, doc)
        found: list[_Found] = []
        taken = bytearray(len(doc))
        for ent in doc.ents:  # every entity, of any label, leaves no place for another
            counted = ent.label_ in labels
            taken[ent.start : ent.end] = (_TAKEN if counted else _OTHER_LABEL) * len(ent)
            if counted and layout.zone(ent.start_char) in zones:
                found.append(_Found(ent.start, ent.end, ent.label_, "model"))
        matches = sorted(
            ((start, -end, match_id) for m in matchers for match_id, start, end in m(doc))
        )
        for start, neg_end, match_id in matches:  # longest match first at each position
            end = -neg_end
            if any(taken[start:end]) or layout.zone(doc[start].idx) not in zones:
                continue
            _, label = aliases.lookup(match_names[match_id])
            found.append(_Found(start, end, label or "", "alias"))
            taken[start:end] = b"\x01" * (end - start)
        # "State" of "Secretary of State": no name (and, taken, no place for one)
        found = [f for f in found if normalize(doc[f.start : f.end].text) not in ignored]
        articles.append((article, doc, layout, found, taken))
    if corpus_evidence:
        _screen(articles, aliases)
        for _article, _doc, _layout, found, taken in articles:
            for f in found:  # a name set aside leaves its place to the names it holds
                if f.reason:
                    taken[f.start : f.end] = bytes(f.end - f.start)
        _propagate(articles, aliases, zones)
    rows, aside = [], []
    for article, doc, layout, found, _taken in articles:
        for f in sorted(found, key=lambda f: (f.start, f.end)):
            span = doc[f.start : f.end]
            row = {
                "article_id": article.article_id,
                "start": span.start_char,
                "end": span.end_char,
                "surface": span.text,
                "label": f.label,
                "zone": layout.zone(span.start_char),
            }
            if f.reason:
                aside.append({**row, "reason": f.reason})
            else:
                rows.append(
                    {
                        **row,
                        "source": f.source,
                        "sentence": layout.sentence(span.start_char),
                        "case_evidence": _capitals_mean_a_name(doc, layout, f),
                    }
                )
    return (
        pd.DataFrame(rows, columns=_MENTION_COLUMNS),
        pd.DataFrame(aside, columns=SET_ASIDE_COLUMNS),
    )


def _screen(
    articles: list[tuple[Article, Doc, _Layout, list[_Found], bytearray]], aliases: AliasTable
) -> None:
    """Check the model's mentions against the corpus's capitals (``start``, ``reason``, in place).

    1. A mention that starts a sentence with a word the corpus also writes in lower case, or
       a person's that starts with the -ing form of a common word (:func:`_participle`), when
       the rest is a name found elsewhere and the whole is not, loses that word ("Following
       Quint's" -> "Quint's", "Hosting Vole at the fair" -> "Vole"; not "Rolling Stone").
    2. A mention whose words the corpus writes in lower case more often than with a capital
       where capitals mark names is a common word ("pesticide"), set aside; not an acronym
       (the pronoun "us" says nothing about "US").
    3. A mention in a title-case line whose key is named nowhere outside such lines is set
       aside ("Vole Resigns"); acronyms keep their meaning in title case and stay.
    """
    model = [  # a name in the alias table is one, however it is written ("the united states")
        (doc, layout, f)
        for _article, doc, layout, found, _taken in articles
        for f in found
        if f.source == "model" and aliases.lookup(normalize(doc[f.start : f.end].text)) is None
    ]
    named = {  # keys found where a capital marks a name
        normalize(doc[f.start : f.end].text)
        for doc, layout, f in model
        if _capitals_mean_a_name(doc, layout, f)
    }
    slugs = [_slug_lines(doc.text) for _a, doc, _l, _f, _t in articles]
    lower_words = set()
    for (_a, doc, _l, _f, _t), spans in zip(articles, slugs):
        lower_words.update(
            t.lower_ for t in doc if t.is_alpha and t.is_lower and not _in_spans(t.idx, spans)
        )
    for doc, layout, f in model:
        first = doc[f.start]
        if (
            f.end - f.start > 1
            and f.start in layout.first_words
            and (first.lower_ in lower_words or (f.label == "PERSON" and _participle(first.lower_)))
            and doc[f.start + 1].text[:1].isupper()
            and normalize(doc[f.start + 1 : f.end].text) in named
            and normalize(doc[f.start : f.end].text) not in named
        ):
            f.start += 1
    lower, capital = _case_counts(articles, {_lower_words(doc, f) for doc, _l, f in model}, slugs)
    outside_headings = set()
    for doc, layout, f in model:
        words = _lower_words(doc, f)
        acronym = _acronym_letters(doc[f.start : f.end].text) is not None  # "US" is not "us"
        if lower[words] > capital[words] and not acronym:
            f.reason = REASON_LOWER_CASE
        elif not layout.title_case(doc[f.start].idx):
            outside_headings.add(normalize(doc[f.start : f.end].text))
    for doc, layout, f in model:
        text = doc[f.start : f.end].text
        if (
            not f.reason
            and layout.title_case(doc[f.start].idx)
            and normalize(text) not in outside_headings
            and _acronym_letters(text) is None
        ):
            f.reason = REASON_TITLE_CASE


def _participle(word: str) -> bool:
    """Tell whether ``word`` is the -ing form of a common word ("hosting", "joking").

    Common: :func:`analysis.text.familiar_words`, with the stem's dropped "e" or doubled
    consonant restored ("joking", "planning"); words of five letters or fewer are left alone
    ("Ewing"). Only -ing: an -ed ending is as often a name's ("Fareed").
    """
    if not word.endswith("ing") or len(word) <= 5:
        return False
    stem = word[:-3]
    forms = {stem, stem + "e"} | ({stem[:-1]} if stem[-1:] * 2 == stem[-2:] else set())
    return bool(forms & familiar_words())


def _lower_words(doc: Doc, found: _Found) -> str:
    """Return the words of a mention's name in lower case, as :func:`_case_counts` matches."""
    return clean_surface(doc[found.start : found.end].text).lower()


def _slug_lines(text: str) -> list[tuple[int, int]]:
    """Return the spans of the lines with letters but no capital after their first letter.

    Such a line (a URL slug made a headline: "key moments from kurt volker's testimony") says
    nothing about how the corpus writes a name.
    """
    spans, start = [], 0
    for line in text.split("\n"):
        rest = line.lstrip()[1:]
        if any(c.isalpha() for c in rest) and not _has_capital(rest):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _in_spans(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def _case_counts(
    articles: list[tuple[Article, Doc, _Layout, list[_Found], bytearray]],
    names: set[str],
    slugs: Sequence[list[tuple[int, int]]],
) -> tuple[Counter, Counter]:
    """Count how the corpus writes each of ``names`` (lower case, whole tokens).

    Returns
    -------
    lower, capital : Counter
        Per name: its occurrences written all in lower case (not on a slug line: ``slugs``,
        each article's :func:`_slug_lines`); those starting with a capital where a
        capital marks a name (not a sentence's first word, not a title-case line).
    """
    nlp = _blank()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name in names:
        if name:
            matcher.add(name, [nlp.make_doc(name)])
    lower, capital = Counter(), Counter()
    for (_article, doc, layout, _found, _taken), spans in zip(articles, slugs):
        for match_id, start, end in matcher(doc):
            name = nlp.vocab.strings[match_id]
            text = doc[start:end].text
            if not _has_capital(text):
                if not _in_spans(doc[start].idx, spans):
                    lower[name] += 1
            elif (
                text[:1].isupper()
                and start not in layout.first_words
                and not layout.title_case(doc[start].idx)
            ):
                capital[name] += 1
    return lower, capital


def extract_mentions(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    aliases: AliasTable = AliasTable(),
    labels: Iterable[str] = DEFAULT_LABELS,
    include_captions: bool = True,
) -> pd.DataFrame:
    """List every mention of the corpus that counts: :func:`find_mentions`'s first table."""
    return find_mentions(
        corpus, docs, aliases=aliases, labels=labels, include_captions=include_captions
    )[0]


# --------------------------------------------------------------------------------------------
# Canonical entities

#: Labels an acronym or abbreviation may stand for: not people, not nationalities.
ACRONYM_LABELS = ("ORG", "GPE", "LOC", "FAC", "EVENT")
#: Letters of an acronym ("WPP", "N.D.", "U.S."): fewer than 2 is an initial, more than 6 is
#: rarely an acronym of a name.
ACRONYM_LETTERS = (2, 6)
#: Shortest abbreviation by truncation ("Nev.", not "Ne."), letters before the full stop.
ABBREVIATION_LETTERS = 3
#: Links followed from one key to the next ("Mint Police" -> "U.S. Mint Police" ->
#: "United States Mint Police"); a bound, so that no table can make a cycle.
MAX_LINKS = 5
#: What resolved a mention (the ``rule`` column), in the order they are tried.
RULES = (
    "normalized",
    "alias",
    "inflection",
    "middle name",
    "acronym",
    "abbreviation",
    "expanded",
    "partial",
    "first name",
    "surname",
    "containment",
    "short name",
    "ambiguous",
)
_ACRONYM = re.compile(r"^[A-Z](?:\.?[A-Z&]){1,7}\.?$")
_PARENTHESIS = re.compile(r"\(\s*([^\W_][\w.&-]{1,9})\s*\)")


def _words(key: str) -> list[str]:
    # hyphens split: "assad" is the last word of "bashar al-assad"
    return re.findall(r"[\w.']+", key)


def _acronym_letters(surface: str) -> str | None:
    """Return the letters of an acronym ("N.D." -> "nd"), or None when ``surface`` is none."""
    text = clean_surface(surface, person=False)
    if not _ACRONYM.match(text):
        return None
    letters = "".join(ch for ch in text if ch.isalpha()).casefold()
    low, high = ACRONYM_LETTERS
    return letters if low <= len(letters) <= high else None


def _initials(key: str) -> set[str]:
    """Return the initials of a multiword key: of every word, and of its major words.

    "dc" of "district of cork"; nothing for a key of one word.
    """
    words = [w for w in re.split(r"[\s-]+", key) if w[:1].isalnum()]
    if len(words) < 2:
        return set()
    major = [w for w in words if w not in MINOR_WORDS]
    return {"".join(w[0] for w in words), "".join(w[0] for w in major)}


def _long_form(short: str, before: str) -> str | None:
    """Return the long form an acronym in parentheses abbreviates (Schwartz & Hearst 2003).

    ``before``: the text before the parenthesis. The shortest run of its last words in which the
    acronym's characters occur in order, right to left, the first one starting a word. Schwartz,
    A. S. & Hearst, M. A. (2003), "A simple algorithm for identifying abbreviation definitions in
    biomedical text", Pacific Symposium on Biocomputing 8: 451-462.
    """
    chars = [ch.casefold() for ch in short if ch.isalnum()]
    words = re.findall(r"\S+", before)
    words = words[-min(len(chars) + 5, 2 * len(chars)) :]
    text = " ".join(words)
    s, i = len(chars) - 1, len(text) - 1
    while s >= 0:
        while i >= 0 and (
            text[i].casefold() != chars[s] or (s == 0 and i > 0 and text[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    long = text[text.rfind(" ", 0, i + 1) + 1 :]
    long = clean_surface(long, person=False)
    return long if len(_words(long)) >= 2 and len(long) > len(short) else None


def acronym_definitions(corpus: Corpus) -> dict[str, set[str]]:
    """Acronyms the articles define, in parentheses after their long form.

    "... the Wetland Policy Project (WPP) ..." defines "WPP" (:func:`_long_form`). Only
    parentheses holding an acronym (capitals, 2-6 letters) are read.

    Returns
    -------
    dict of str to set of str
        The acronym's key (:func:`normalize`) -> the long forms the corpus gives it (cleaned
        text; two when the corpus defines it two ways).
    """
    found: dict[str, set[str]] = defaultdict(set)
    for article in corpus:
        for segment in article.segments:
            for match in _PARENTHESIS.finditer(segment.text):
                short = match.group(1)
                if _acronym_letters(short) is None:
                    continue
                long = _long_form(short, segment.text[: match.start()])
                if long:
                    found[normalize(short)].add(long)
    return dict(found)


def _majority(votes: Counter) -> str:
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else ""


def _spelling_rank(form: str, n: int) -> tuple:
    """Sort key of the spellings of one key: mixed case first, then the commonest, longest."""
    case = 0 if (_has_capital(form) and any(ch.islower() for ch in form)) else 1
    case += 0 if _has_capital(form) else 1
    return (case, -n, -len(form), form)


class _Linker:
    """The links between the keys of one corpus (see :func:`canonicalize`)."""

    def __init__(
        self,
        keys: Sequence[str],
        key_label: Mapping[str, str],
        tied: Mapping[str, list[str]],
        acronyms: Mapping[str, str],
        aliases: AliasTable,
        definitions: Mapping[str, set[str]],
    ):
        self.label = key_label
        self.tied = tied
        self.aliases = aliases
        self.keys = set(keys)
        self.counts = Counter(keys)
        by_label: dict[str, set[str]] = defaultdict(set)
        for k in self.keys:
            by_label[key_label.get(k, "")].add(k)
        # longer names by their last words: the candidates of a surname or a contained name
        self.ending: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for k in by_label["PERSON"] | by_label["ORG"]:
            words = tuple(_words(k))
            for j in range(1, len(words)):
                self.ending[words[j:]].add(k)
        # organisations by the words before their last: the candidates of a short name
        self.holding: dict[str, set[str]] = defaultdict(set)
        for k in by_label["ORG"]:
            for word in _words(k)[:-1]:
                if word not in MINOR_WORDS:
                    self.holding[word].add(k)
        self.initials: dict[str, set[str]] = defaultdict(set)
        self.prefixes: dict[tuple[str, str], set[str]] = defaultdict(set)
        for label in ACRONYM_LABELS:
            for k in by_label[label]:
                for initials in _initials(k):
                    self.initials[initials].add(k)
                first = k.split()[0]
                if len(first) > ABBREVIATION_LETTERS and not first.endswith("."):
                    self.prefixes[(label, first[:ABBREVIATION_LETTERS])].add(k)
        self.acronyms = acronyms  # key -> letters, for the keys written as an acronym
        self.definitions = definitions
        self.by_label = by_label
        self.stems = self._stems(by_label["NORP"])
        self.links: dict[str, tuple[str, str]] = {}  # key -> (key it links to, rule)
        # key -> the rule and the keys it could link to, when more than one fits
        self.refused: dict[str, tuple[str, set[str]]] = {}
        # in phases, each using the links of the ones before: a candidate that links to another
        # is that other ("mary ann vole" is "mary vole" for the surname "vole"), and "u.s."
        # must be linked before "u.s. mint" is expanded
        phases = (
            lambda k, label: (
                ("inflection", self._inflection(k, label)),
                ("middle name", self._middle_name(k, label)),
            ),
            lambda k, label: (
                ("acronym", self._acronym(k)),
                ("abbreviation", self._abbreviation(k, label)),
            ),
            lambda k, label: (("expanded", self._expanded(k)),),
            lambda k, label: (self.contained(k, self.keys),),
        )
        for phase in phases:
            decided = {}
            for k in sorted(self.keys - self.links.keys() - self.refused.keys()):
                for rule, target in phase(k, self.label.get(k, "")):
                    if isinstance(target, set) and len(target) == 1:
                        target = next(iter(target))
                    if isinstance(target, set) and target:
                        decided[k] = (rule, target)
                        break
                    if isinstance(target, str) and target and target != k:
                        decided[k] = (rule, target)
                        break
            for k, (rule, target) in decided.items():
                if isinstance(target, set):
                    self.refused[k] = (rule, target)
                else:
                    self.links[k] = (target, rule)

    # -- key-level rules, in order ------------------------------------------------------------

    @staticmethod
    def _stems(norp: set[str]) -> dict[str, str]:
        """Return nationalities and parties by stem: the plural "s" and adjectival "ic" removed.

        "Democrats", "Democratic" -> "democrat" ("ic" only when the corpus has the stem too).
        """

        def plural(k: str) -> str:
            return k[:-1] if k.endswith("s") and not k.endswith("ss") and len(k) > 3 else k

        stems = {k: plural(k) for k in norp}
        known = set(stems.values())
        for k, stem in stems.items():
            if stem.endswith("ic") and stem[:-2] in known:
                stems[k] = stem[:-2]
        return stems

    def _inflection(self, k: str, label: str) -> str | None:
        if label != "NORP":
            return None
        # the group's commonest key, so that its name is the commonest spelling
        group = sorted(
            (o for o, stem in self.stems.items() if stem == self.stems[k]),
            key=lambda o: (-self.counts[o], len(o), o),
        )
        return group[0] if group else None

    def _middle_name(self, k: str, label: str) -> str | None:
        words = k.split()
        short = f"{words[0]} {words[-1]}" if len(words) >= 3 else None
        return short if label == "PERSON" and self.label.get(short) == "PERSON" else None

    def _acronym(self, k: str) -> str | set[str] | None:
        letters = self.acronyms.get(k)
        if letters is None:
            return None
        defined = {normalize(long) for long in self.definitions.get(k, ())}
        if len(defined) == 1:
            return defined.pop()
        candidates = self.distinct(self.initials.get(letters, set()) - {k})
        if len(candidates) > 1:
            return candidates
        return candidates.pop() if candidates else None

    def _abbreviation(self, k: str, label: str) -> str | set[str] | None:
        stem = k[:-1]
        if not (k.endswith(".") and stem.isalpha() and len(stem) >= ABBREVIATION_LETTERS):
            return None
        if label not in ACRONYM_LABELS:
            return None
        candidates = self.distinct(
            {
                o
                for o in self.prefixes.get((label, stem[:ABBREVIATION_LETTERS]), ())
                if o.split()[0].startswith(stem)
            }
        )
        if len(candidates) > 1:
            return candidates
        return candidates.pop() if candidates else None

    def _expanded(self, k: str) -> str | None:
        """Return the key with an acronym or alias it holds replaced by the long name.

        Only when the corpus has that name ("u.s. mint" -> "united states mint").
        """
        words = k.split()
        if len(words) < 2:
            return None
        for i, word in enumerate(words):
            long = None
            hit = self.aliases.lookup(word)
            if hit is not None:
                long = normalize(hit[0])
            elif word in self.acronyms and word in self.links:
                long = self.links[word][0]
            if long and long != word:
                expanded = " ".join([*words[:i], long, *words[i + 1 :]])
                if expanded in self.keys:
                    return expanded
        return None

    def contained(self, k: str, among: set[str]) -> tuple[str, set[str]]:
        """Return the keys of ``among`` that ``k`` is the end of, and the rule's name.

        A person's name, or a one-word name the model called an organisation ("Lavrov"), is the
        surname of longer names of people (``surname``); an organisation's name of two words or
        more is the end of longer organisations' names (``containment``: "State Department" of
        "U.S. State Department"); an organisation's one-word name that is no surname and no common
        word (:func:`analysis.text.familiar_words`) is a word before the last of a longer
        organisation's name (``short name``: "QBC" of "QBC News", "Nusra" of "Al-Nusra Front";
        "House" is none, and the last word would make every "White House" its long form).
        """
        for label in self.tied.get(k, [self.label.get(k, "")]):
            rule, candidates = self._contained(k, label, among)
            if candidates:
                return rule, candidates
        return "", set()

    def _contained(self, k: str, label: str, among: set[str]) -> tuple[str, set[str]]:
        words = tuple(_words(k))
        if label == "PERSON" or (len(words) == 1 and label == "ORG"):
            rule, target_label = "surname", "PERSON"
        elif label == "ORG" and len(words) >= 2:
            rule, target_label = "containment", "ORG"
        else:
            return "", set()
        candidates = {
            o
            for o in self.ending.get(words, ())
            if self.label.get(o) == target_label and o in among
        }
        if not candidates and len(words) == 1 and label == "ORG":
            rule = "short name"
            # a common word ("House" of "House Farm Committee") is no organisation's short name
            candidates = (
                {o for o in self.holding.get(words[0], ()) if o in among}
                if words[0] not in familiar_words()
                else set()
            )
        return rule, self.distinct(candidates)

    def distinct(self, candidates: set[str]) -> set[str]:
        """Return the candidates with each entity counted once.

        "mary ann vole" and "mary vole" are the same person when one links to
        the other, or when the alias table names both alike.
        """
        out: dict[str, str] = {}  # identity -> a candidate of it
        for c in sorted(candidates):
            out.setdefault(self.identity(c), c)
        return set(out.values())

    def identity(self, k: str) -> str:
        """Return what ``k`` names: the alias table's name of its last key, else that key."""
        target, _ = self.follow(k)
        hit = self.aliases.lookup(target)
        return hit[0] if hit else target

    def follow(self, k: str, first: tuple[str, str] | None = None) -> tuple[str, list[str]]:
        """Return the key ``k`` ends at, and the rules on the way.

        ``first``: its first link and rule, when the mention's article decided it.
        """
        rules = []
        if first is not None:
            k, rules = first[0], [first[1]]
        seen = {k}
        while k in self.links and len(rules) < MAX_LINKS and self.aliases.lookup(k) is None:
            k, rule = self.links[k]
            if k in seen:
                break
            seen.add(k)
            rules.append(rule)
        return k, rules


def titled_keys(corpus: Corpus, mentions: pd.DataFrame) -> dict[str, set[str]]:
    """Return, per article, the keys of one-word mentions written after a title or honorific.

    "Justice Thomas", "Mr. Douglas", "Dr. Kelly": a surname, whatever first names the article
    gives others (:func:`canonicalize`'s ``first name`` rule reads it).
    """
    out: dict[str, set[str]] = defaultdict(set)
    for a, surface, start in zip(mentions["article_id"], mentions["surface"], mentions["start"]):
        key = mention_key(surface)
        if len(_words(key)) != 1:
            continue
        before = corpus[a].text[max(0, int(start) - _TITLE_REACH) : int(start)]
        if _TITLE_BEFORE.search(before) or _strip_titles(surface.strip(), True) != surface.strip():
            out[a].add(key)
    return dict(out)


def canonicalize(
    mentions: pd.DataFrame,
    aliases: AliasTable = AliasTable(),
    definitions: Mapping[str, set[str]] | None = None,
    titled: Mapping[str, set[str]] | None = None,
) -> pd.DataFrame:
    """Resolve each mention to its canonical entity.

    See the module docstring for the steps; everything is decided over the whole table (the
    corpus), except ``partial``, which looks within the mention's article first.

    Parameters
    ----------
    mentions : DataFrame
        :func:`find_mentions`'s mentions.
    aliases : AliasTable
        The alias table; its names win over every other rule.
    definitions : mapping, optional
        Acronyms the corpus defines in parentheses (:func:`acronym_definitions`).
    titled : mapping, optional
        Per article, the one-word keys written after a title or honorific
        (:func:`titled_keys`): never a first name there.

    Returns
    -------
    DataFrame
        ``mentions`` with key (the mention's normalized spelling, :func:`mention_key`), rule
        (the steps that resolved it, joined by "+": :data:`RULES`), note (for ``ambiguous``, the
        entities it could be), entity (canonical name) and entity_label (the entity's one label).
    """
    out = mentions.copy()
    surfaces = out["surface"].tolist()
    labels = ["" if pd.isna(x) else x for x in out["label"]]
    sources = out["source"].tolist() if "source" in out else ["model"] * len(out)
    articles = out["article_id"].tolist()
    # 1. keys; a name the model tags otherwise in one place still loses a person's title
    person_keys = {mention_key(s) for s, lab in zip(surfaces, labels) if lab == "PERSON"}
    keys = []
    for s, lab in zip(surfaces, labels):
        key = mention_key(s)
        keys.append(key if lab == "PERSON" or key in person_keys else mention_key(s, False))
    # the corpus's label of each key: the majority of its mentions' labels
    votes: dict[str, Counter] = defaultdict(Counter)
    propagated: dict[str, Counter] = defaultdict(Counter)
    for key, lab, source in zip(keys, labels, sources):
        if lab:
            (propagated if source == "propagated" else votes)[key][lab] += 1
    for key, counter in propagated.items():  # a name found only by propagation ("Quint")
        votes.setdefault(key, counter)
    key_label = {k: _majority(v) for k, v in votes.items()}
    # keys whose mentions are labelled two ways equally often: each label is tried for links
    tied = {
        k: sorted(lab for lab, n in v.items() if n == max(v.values()))
        for k, v in votes.items()
        if list(v.values()).count(max(v.values())) > 1
    }
    # keys always written as an acronym ("OSLO" in a dateline does not make "Oslo" one)
    letters_of: dict[str, set[str | None]] = defaultdict(set)
    for key, s in zip(keys, surfaces):
        letters_of[key].add(_acronym_letters(s))
    acronyms = {k: v.pop() for k, v in letters_of.items() if len(v) == 1 and None not in v}
    linker = _Linker(keys, key_label, tied, acronyms, aliases, definitions or {})
    # 2-3. alias table, links, partial names within an article
    in_article: dict[str, set[str]] = defaultdict(set)
    for a, key in zip(articles, keys):
        in_article[a].add(key)
    # what each article names, after the corpus's links: where a key fits two entities, the
    # one its own article names is meant ("D.C." beside "District of Cork", not "Dune County"
    # of another article)
    named_in = {a: {linker.identity(k) for k in ks} for a, ks in in_article.items()}
    # the people each article names in full, by first word: "Dale" of "Dale Ford", "Liu" of
    # "Liu Xiaming" (a family name written first), when nothing else claims the word
    first_words: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    # ...unless the word is written after a title or honorific there ("Justice Thomas" is no
    # Thomas Mabry) or is a word of an organisation's longer name ("Howard" of Howard University)
    not_first: dict[str, set[str]] = defaultdict(set)
    for a, ks in in_article.items():
        for k in ks:
            words = _words(k)
            if len(words) > 1 and key_label.get(k) == "PERSON":
                first_words[a][words[0]].add(k)
            elif len(words) > 1 and key_label.get(k) == "ORG":
                not_first[a].update(words)
    for a, titled_here in (titled or {}).items():
        not_first[a] |= set(titled_here)
    finals, rules, notes = [], [], []
    for a, key in zip(articles, keys):
        first = None
        link = linker.links.get(key, ("", ""))[1]
        if aliases.lookup(key) is None and link in ("", "surname", "containment", "short name"):
            _, candidates = linker.contained(key, in_article[a])
            first = (candidates.pop(), "partial") if len(candidates) == 1 else None
        if (
            first is None
            and link == ""
            and key not in linker.refused
            and key_label.get(key) == "PERSON"  # an organisation's one word ("Howard") is none
            and aliases.lookup(key) is None
            and len(_words(key)) == 1
            and key not in not_first[a]
        ):
            candidates = linker.distinct(first_words[a].get(key, set()))
            first = (candidates.pop(), "first name") if len(candidates) == 1 else None
        note = ""
        if first is None and key in linker.refused and aliases.lookup(key) is None:
            rule, candidates = linker.refused[key]
            here = [c for c in candidates if linker.identity(c) in named_in[a]]
            if len(here) == 1:
                first = (here[0], f"{rule} in article")
            else:
                note = {linker.identity(c) for c in candidates}
        final, steps = linker.follow(key, first)
        if note:
            steps = ["ambiguous"]
        if aliases.lookup(final) is not None:
            steps.append("alias")
        finals.append(final)
        rules.append("+".join(steps) or "normalized")
        notes.append(note)
    # 4. the name shown: the best spelling of the final key among its own mentions
    spelled: dict[str, Counter] = defaultdict(Counter)
    evidence = out["case_evidence"].tolist() if "case_evidence" in out else [False] * len(out)
    for key, s, lab, cased in zip(keys, surfaces, labels, evidence):
        form = clean_surface(s, person=lab == "PERSON" or key in person_keys)
        if cased and re.match(r"The\s", s):  # "told The Vole Post": part of the name
            form = f"The {form}"
        spelled[key][form] += 1
    display = {}
    for key, forms in spelled.items():
        display[key] = sorted(forms.items(), key=lambda kv: _spelling_rank(*kv))[0][0]
    for longs in (definitions or {}).values():
        for long in longs:
            display.setdefault(normalize(long), long)
    names, fixed = [], {}
    for final in finals:
        hit = aliases.lookup(final)
        if hit is not None:
            names.append(hit[0])
            if hit[1]:
                fixed[hit[0]] = hit[1]
        else:
            names.append(display.get(final, final))
    out["key"] = keys
    out["rule"] = rules
    out["note"] = [  # identities: alias names, or keys shown by their spelling
        "could be: " + "; ".join(sorted(display.get(c, c) for c in n)) if n else "" for n in notes
    ]
    out["entity"] = names
    # 5. one label per entity: the alias table's, else the majority of the labels of its
    # mentions spelled as its name's key (the full name's: "Anthony Weiner" is a person however
    # often the model tags a bare "Weiner" ORG), else of all its mentions
    head_votes: dict[str, Counter] = defaultdict(Counter)
    entity_votes: dict[str, Counter] = defaultdict(Counter)
    for name, lab, source, key, final in zip(names, labels, sources, keys, finals):
        if lab:
            weight = 1 if source != "propagated" else 0.001
            entity_votes[name][lab] += weight
            if key == final:
                head_votes[name][lab] += weight
    out["entity_label"] = [
        fixed.get(n) or _majority(_decisive(head_votes.get(n)) or entity_votes.get(n, Counter()))
        for n in names
    ]
    return out


def _decisive(votes: Counter | None) -> Counter | None:
    """Return ``votes`` when they name one label, else None (every mention votes instead).

    One label: a model vote (not only propagated ones) and a strict majority.
    """
    if not votes or max(votes.values()) < 1:
        return None
    top = sorted(votes.values(), reverse=True)
    return votes if len(top) == 1 or top[0] > top[1] else None


def canonical_mentions(
    corpus: Corpus,
    docs: Sequence[Doc],
    *,
    aliases: AliasTable = AliasTable(),
    labels: Iterable[str] = DEFAULT_LABELS,
    include_captions: bool = defaults.INCLUDE_CAPTIONS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find the corpus's mentions and resolve them to canonical entities: the whole entity pass.

    :func:`find_mentions`, :func:`acronym_definitions` and :func:`canonicalize`; what notebook
    03, notebook 04 (coverage) and the CLI count.

    Returns
    -------
    mentions : DataFrame
        :func:`canonicalize`'s table.
    set_aside : DataFrame
        The model mentions that do not count, and why (:func:`find_mentions`).
    """
    found, set_aside = find_mentions(
        corpus, docs, aliases=aliases, labels=labels, include_captions=include_captions
    )
    canonical = canonicalize(
        found, aliases, acronym_definitions(corpus), titled_keys(corpus, found)
    )
    return canonical, set_aside


def mention_table(canonical: pd.DataFrame) -> pd.DataFrame:
    """Return ``entity_mentions.csv``: every mention and how it was resolved.

    Returns
    -------
    DataFrame
        Sorted by article and offset: the DESIGN.md columns article_id, entity, surface, label
        (the model's label for the mention), start, end, zone; then entity_label (the entity's
        one label), rule, note, source and sentence.
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
        "note",
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
    raw, _ = find_mentions(
        corpus, docs, labels=labels, include_captions=include_captions, corpus_evidence=False
    )
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
    set_aside : DataFrame
        Model mentions that do not count, and why (:func:`find_mentions`).
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
    set_aside: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SET_ASIDE_COLUMNS))

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


def story_aliases(corpus: Corpus, aliases_file: str | Path | AliasTable | None) -> AliasTable:
    """Return the alias table of a story: ``aliases_file`` extended by the corpus's own.

    The corpus folder's ``aliases.yaml`` (:data:`analysis.corpus.ALIASES_FILE`, kept in
    :attr:`Corpus.aliases`) holds the names of that story; its entries win over the general
    table's.
    """
    table = alias_table(aliases_file)
    if not corpus.aliases:
        return table
    own = parse_aliases(corpus.aliases, f"{corpus.folder}/{ALIASES_FILE}")
    return table.extended(own)


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
    aliases = story_aliases(corpus, aliases_file)
    mentions, set_aside = canonical_mentions(
        corpus, docs, aliases=aliases, labels=labels, include_captions=include_captions
    )
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
        set_aside=set_aside,
    )


def findings(result: EntitiesResult) -> str:
    """Return the summary: mentions, entities, articles, what the corpus found, empty articles.

    The mentions found through the alias table, and by propagation when there are some.

    Returns
    -------
    str
        Markdown; article labels escaped.
    """
    mentions, counts = result.mentions, result.counts
    per_article = counts.groupby("article_id")["entity"].nunique().reindex(result.ids, fill_value=0)
    empty = [result.labels[a] for a, n in per_article.items() if n == 0]
    propagated = int((mentions["source"] == "propagated").sum())
    text = (
        f"**{len(mentions)} mentions** of **{counts['entity'].nunique()} entities** in "
        f"{len(result.ids)} article(s); {int((mentions['source'] == 'alias').sum())} found only "
        "through the alias table"
        + (
            f", {propagated} where the model missed a name the corpus names elsewhere"
            if propagated
            else ""
        )
        + ". "
    )
    if empty:
        text += f"No entity found in: {', '.join(escape.markdown(e) for e in empty)}."
    if len(result.ids) < _COMPARABLE:
        text += " Comparisons between articles need at least two."
    return text


def refusals(canonical: pd.DataFrame) -> pd.DataFrame:
    """List the names left apart because they fit more than one entity (rule ``ambiguous``).

    Returns
    -------
    DataFrame
        One row per entity so kept, most mentioned first: entity, could_be (the entities it
        fits), mentions, articles.
    """
    rows = canonical[canonical["rule"] == "ambiguous"] if "rule" in canonical else canonical[:0]
    out = (
        rows.groupby(["entity", "note"])
        .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
        .rename(columns={"note": "could_be"})
    )
    out["could_be"] = out["could_be"].str.removeprefix("could be: ")
    out = out[["entity", "could_be", "mentions", "articles"]]
    return out.sort_values(["mentions", "entity"], ascending=[False, True], ignore_index=True)


def set_aside_summary(set_aside: pd.DataFrame) -> pd.DataFrame:
    """Count the model's mentions set aside (:func:`find_mentions`) by surface and reason.

    Returns
    -------
    DataFrame
        Most frequent first: surface, label (the model's, the commonest), reason, mentions,
        articles.
    """
    out = (
        set_aside.groupby(["surface", "reason"])
        .agg(
            label=("label", lambda x: x.mode().iloc[0] if len(x) else ""),
            mentions=("article_id", "size"),
            articles=("article_id", "nunique"),
        )
        .reset_index()
    )
    out = out[["surface", "label", "reason", "mentions", "articles"]]
    return out.sort_values(["mentions", "surface"], ascending=[False, True], ignore_index=True)


def merges_view(result: EntitiesResult) -> list[pd.DataFrame | Note]:
    """Return what canonicalization merged, what it refused, and what was set aside.

    Returns
    -------
    list of DataFrame or Note
        To display in order: the alias groups indexed by entity (label, mentions, articles,
        spellings, rules), or a :class:`~analysis.escape.Note` when nothing was merged; then,
        each with a note saying what it is, when there are any: the entities whose mentions
        disagree on the label, indexed by entity (entity_label, labels); the names left apart
        because they fit two entities (:func:`refusals`, indexed by entity); the model's
        mentions set aside (:func:`set_aside_summary`, indexed by surface).
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
    refused = refusals(result.mentions)
    if len(refused):
        shown.append(
            Note(
                "**Left apart**: these names fit more than one entity of the corpus, and their "
                "article names none of them, so they are counted as written."
            )
        )
        shown.append(refused.set_index("entity"))
    if len(result.set_aside):
        shown.append(
            Note(
                "**Set aside**: the model tagged these, but the corpus writes them as common "
                "words, or names them only in a title-case headline; they are not counted."
            )
        )
        shown.append(set_aside_summary(result.set_aside).set_index("surface"))
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
