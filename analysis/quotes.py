"""Direct quotations and who speaks them.

Finding quotations
------------------
A quotation is the text between an opening mark (“, « or a straight ") and the next closing mark
(”, », or a straight "), within the headline, body and captions. Single quotes are not read: in
running text they are mostly apostrophes and scare quotes. By the newswire convention, a quotation
that runs over several paragraphs has no closing mark at the end of a paragraph and an opening mark
at the start of the next: that is one quotation. A paragraph that ends inside a quotation and is
*not* followed by an opening mark ends the quotation there, flagged ``closed = False``.

Attributing them
----------------
Precision over recall: a quotation gets a speaker only from a pattern that names one next to it,
else it is left unattributed.

1. ``“…,” Kerry said`` / ``“…,” said Kerry`` / ``“…,” according to Kerry`` — right after
   the closing mark, in the same paragraph.
2. ``Lavrov said: “…”`` and ``Lavrov said the talks would “…”`` — a speaker and a reporting
   verb earlier in the same sentence, with no other quotation between them.
3. ``he``/``she`` in either pattern: the nearest PERSON mentioned before, outside any quotation.
4. A quotation with no pattern of its own takes the speaker of the nearest attributed quotation
   in the same paragraph (one speaker per paragraph, the newswire convention).

A name is mapped to the canonical entity of the mention it overlaps (see :mod:`analysis.entities`),
preferring a PERSON; a name the entity pass missed is kept as written. A description ("the
minister", "the U.S. Secretary of State") is recorded in ``speaker_as_written`` but not resolved:
the quotation counts as unattributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .corpus import Article, Corpus
from .entities import clean_surface
from .text import CONTENT_ZONES, count_words

__all__ = ["QUOTE_COLUMNS", "Quote", "attribute_quotes", "find_quotes", "quote_table",
           "quoted_words", "quoted_spans"]

OPENING = "“«"
CLOSING = "”»"
STRAIGHT = '"'

REPORTING_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "stressed", "noted",
    "explained", "insisted", "warned", "declared", "announced", "asked", "replied", "continued",
    "argued", "wrote", "tweeted", "emphasized", "emphasised", "acknowledged", "admitted",
    "recalled", "suggested", "observed", "remarked", "commented", "concluded", "urged",
)
_VERB = r"(?:" + "|".join(REPORTING_VERBS) + r")"
# A capitalized name of up to four words, particles allowed inside ("Staffan de Mistura").
_NAME = (r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w’'.-]*"
         r"(?:\s+(?:(?:de|al|van|von|bin|da|del|la|le)\s+)?[A-Z][\w’'.-]*){0,3}")
_PRONOUN = r"(?:he|she|He|She)"
_ADVERB = r"(?:also|then|later|further|again|however|earlier|previously)"
_JOINERS = {"of", "the", "a", "an", "for", "and"}
_DESCRIPTION = r"(?:the|The|a|A)\s+(?:[\w.’'-]+\s+){0,5}?[\w’'-]+"
_WHO = rf"(?P<who>{_NAME}|{_PRONOUN}|{_DESCRIPTION})"
# right after the closing mark
_AFTER = [
    re.compile(rf"^[\s,.;:!?]*{_WHO}\s+{_VERB}\b"),
    re.compile(rf"^[\s,.;:!?]*{_VERB}\s+{_WHO}"),
    re.compile(rf"^[\s,.;:!?]*according\s+to\s+{_WHO}"),
]
# before the opening mark, in the same sentence
_BEFORE = re.compile(rf"(?:^|[\s(]){_WHO}(?:\s+{_ADVERB})?\s+{_VERB}\b[^.!?“”«»\"]*$")
_SENTENCE_END = re.compile(r"[.!?][”»\"]?\s+(?=\S)")
_DESCRIPTION_ONLY = re.compile(rf"^{_DESCRIPTION}$")

QUOTE_COLUMNS = ["article_id", "quote_id", "start", "end", "zone", "closed", "words", "speaker",
                 "speaker_label", "speaker_as_written", "attribution", "quote"]


@dataclass(frozen=True)
class Quote:
    """One quotation: ``start``/``end`` are character offsets of its text inside the marks."""

    article_id: str
    start: int
    end: int
    zone: str
    closed: bool
    text: str
    segment: int  # index into article.segments of the paragraph where it starts


def _continues(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in OPENING + STRAIGHT


def find_quotes(article: Article, zones: tuple[str, ...] = CONTENT_ZONES) -> list[Quote]:
    """The direct quotations of ``article`` in ``zones``, in reading order."""
    text = article.text
    content = [(i, s) for i, s in enumerate(article.segments) if s.zone in zones]
    quotes: list[Quote] = []
    open_at: tuple[int, int, str] | None = None  # (offset of text, segment index, zone)
    for k, (i, seg) in enumerate(content):
        pos = seg.start
        if open_at is not None:  # a quotation carried over from the previous paragraph
            stripped = len(seg.text) - len(seg.text.lstrip())
            pos = seg.start + stripped + 1  # past the re-opening mark
        while pos < seg.end:
            ch = text[pos]
            if open_at is None and (ch in OPENING or ch == STRAIGHT):
                open_at = (pos + 1, i, seg.zone)
            elif open_at is not None and (ch in CLOSING or ch == STRAIGHT):
                start, first, zone = open_at
                quotes.append(Quote(article.article_id, start, pos, zone, True,
                                    text[start:pos], first))
                open_at = None
            pos += 1
        if open_at is not None:
            following = content[k + 1][1] if k + 1 < len(content) else None
            adjacent = following is not None and content[k + 1][0] == i + 1
            if not (adjacent and _continues(following.text)):
                start, first, zone = open_at
                quotes.append(Quote(article.article_id, start, seg.end, zone, False,
                                    text[start:seg.end], first))
                open_at = None
    return [q for q in quotes if q.text.strip()]


def quoted_spans(quotes: list[Quote]) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation, for asking whether an offset is inside one."""
    return [(q.start, q.end) for q in quotes]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _resolve(who: str, who_start: int, text: str, article_mentions: pd.DataFrame,
             spans: list[tuple[int, int]]) -> tuple[str, str, str]:
    """(speaker, speaker_label, how) for the words matched as a speaker at ``who_start``."""
    who_end = who_start + len(who)
    if re.fullmatch(_PRONOUN, who):
        people = article_mentions[(article_mentions["entity_label"] == "PERSON")
                                  & (article_mentions["end"] <= who_start)]
        people = people[[not _inside(s, spans) for s in people["start"]]]
        if people.empty:
            return "", "", "pronoun, no person before"
        nearest = people.sort_values("end").iloc[-1]
        return nearest["entity"], "PERSON", "pronoun"
    if _DESCRIPTION_ONLY.match(who):  # "the Russian minister" is not Russia
        return "", "", "description"
    overlapping = article_mentions[(article_mentions["start"] < who_end)
                                   & (article_mentions["end"] > who_start)]
    if len(overlapping):
        person = overlapping[overlapping["entity_label"] == "PERSON"]
        chosen = (person if len(person) else overlapping).sort_values("start").iloc[-1]
        return chosen["entity"], chosen["entity_label"], "name"
    previous = re.search(r"([\w.’'-]+)\s+$", text[:who_start])
    if previous and (previous.group(1)[0].isupper() or previous.group(1).lower() in _JOINERS):
        # the tail of a longer title ("Secretary of State said"): a description
        return "", "", "description"
    return clean_surface(who), "", "name, not an entity"


def attribute_quotes(article: Article, quotes: list[Quote],
                     mentions: pd.DataFrame) -> list[dict]:
    """One row per quotation with its speaker (see the module docstring); ``mentions`` are the
    article's canonical mentions (columns start, end, entity, entity_label)."""
    text = article.text
    spans = quoted_spans(quotes)
    rows = []
    for q in quotes:
        seg = article.segments[q.segment]
        close = q.end + 1
        if q.closed:  # the rest of the paragraph, up to the next quotation
            end_seg = next(s for s in article.segments if s.start <= q.end < s.end)
            nxt = min((s - 1 for s, _ in spans if s > close), default=len(text))
            after = text[close:min(end_seg.end, nxt)]
        else:
            after = ""
        match, base = None, close
        for pattern in _AFTER:
            match = pattern.match(after)
            if match:
                break
        if match is None:
            opening = q.start - 1
            before = text[seg.start:opening]
            ends = list(_SENTENCE_END.finditer(before))
            sentence_start = ends[-1].end() if ends else 0
            match = _BEFORE.search(before[sentence_start:])
            base = seg.start + sentence_start
        row = {"article_id": q.article_id, "start": q.start, "end": q.end, "zone": q.zone,
               "closed": q.closed, "words": count_words(q.text), "speaker": "",
               "speaker_label": "", "speaker_as_written": "", "attribution": "none",
               "quote": q.text, "_segment": q.segment}
        if match:
            who = match.group("who").rstrip(".")  # "said Kerry." ends a sentence
            who_start = base + match.start("who")
            speaker, label, how = _resolve(who, who_start, text, mentions, spans)
            row.update(speaker=speaker, speaker_label=label, speaker_as_written=who,
                       attribution=how)
        rows.append(row)
    # 4. one speaker per paragraph: an unattributed quotation takes its neighbour's
    for i, row in enumerate(rows):
        if row["attribution"] != "none":
            continue
        donors = [r for r in rows if r["_segment"] == row["_segment"] and r["speaker"]]
        if donors:
            donor = min(donors, key=lambda r: abs(r["start"] - row["start"]))
            row.update(speaker=donor["speaker"], speaker_label=donor["speaker_label"],
                       speaker_as_written=donor["speaker_as_written"],
                       attribution="same paragraph")
    return rows


def quote_table(corpus: Corpus, mentions: pd.DataFrame,
                zones: tuple[str, ...] = CONTENT_ZONES) -> pd.DataFrame:
    """``quotes.csv``: every quotation with its offsets, length, speaker and how it was
    attributed (``attribution``: name, pronoun, same paragraph, description, none, ...)."""
    rows = []
    for article in corpus:
        quotes = find_quotes(article, zones)
        own = mentions[mentions["article_id"] == article.article_id]
        for n, row in enumerate(attribute_quotes(article, quotes, own), start=1):
            row.pop("_segment")
            rows.append({**row, "quote_id": f"{article.article_id}#q{n}"})
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quoted_words(quotes: pd.DataFrame, unattributed: str = "(unattributed)") -> pd.DataFrame:
    """Quoted words per speaker per article: article_id, speaker, speaker_label, quotes, words.
    Quotations without a resolved speaker are pooled under ``unattributed``."""
    table = quotes.assign(speaker=quotes["speaker"].where(quotes["speaker"] != "", unattributed))
    out = (table.groupby(["article_id", "speaker"], sort=True)
           .agg(speaker_label=("speaker_label", "first"), quotes=("quote", "size"),
                words=("words", "sum"))
           .reset_index())
    return out.sort_values(["article_id", "words", "speaker"], ascending=[True, False, True],
                           ignore_index=True)
