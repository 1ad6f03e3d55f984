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
:mod:`analysis.speakers` (a sieve of rules, the most precise first; precision over recall): a
reporting clause next to the quotation, the subject of the speech verb whose clause holds it,
he/she and descriptions ("the minister") resolved to the one person they fit, and a speaker
carried to the other quotations of its paragraph, or to a paragraph that only continues the
quotation, when no other person intervenes. Each row records the rule in ``attribution`` and
the speaker as the text writes it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc

from . import speakers
from .corpus import Article, Corpus
from .text import CONTENT_ZONES, count_words

__all__ = [
    "OTHERS",
    "QUOTE_COLUMNS",
    "TOP_SPEAKERS",
    "UNATTRIBUTED",
    "Quote",
    "attribute_quotes",
    "attribution_counts",
    "evaluate_attribution",
    "evaluate_phrases",
    "phrase_scores",
    "find_quotes",
    "quote_table",
    "quoted_spans",
    "quoted_words",
    "same_speaker",
    "shared_quote_speakers",
    "shared_quote_view",
    "speaker_groups",
    "top_speakers",
]

OPENING = "“«"
CLOSING = "”»"
STRAIGHT = '"'


#: The speaker of quotations without a resolved one, in :func:`quoted_words`.
UNATTRIBUTED = "(unattributed)"
#: Speakers drawn in a colour of their own; the rest are pooled as :data:`OTHERS`. Six, with
#: grey for the others and light grey for the unattributed, stay apart in the Okabe-Ito palette
#: (seven colours besides black).
TOP_SPEAKERS = 6
#: The speakers beyond the top ones, pooled.
OTHERS = "others"

QUOTE_COLUMNS = [
    "article_id",
    "quote_id",
    "start",
    "end",
    "zone",
    "closed",
    "words",
    "speaker",
    "speaker_label",
    "speaker_as_written",
    "attribution",
    "quote",
]


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


def _straight_opens(text: str, pos: int) -> bool:
    """Tell whether the straight " at ``pos`` opens a quotation.

    It does after white space, "(" or the line start, before a non-space: not in 55" screen
    (after a digit) and not as a closing mark.
    """
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _straight_closes(text: str, pos: int) -> bool:
    return pos > 0 and not text[pos - 1].isspace()


def find_quotes(article: Article, zones: tuple[str, ...] = CONTENT_ZONES) -> list[Quote]:
    """Find the direct quotations of ``article`` in ``zones``, in reading order.

    Curly quotation marks nest (“He told me “no” twice” is one quotation); inside a curly
    quotation straight marks are text. A straight mark opens only where a quotation can start
    (after white space or "(", before a word) and closes only after a word, so the inch mark of
    55" is not a quotation.
    """
    text = article.text
    content = [(i, s) for i, s in enumerate(article.segments) if s.zone in zones]
    quotes: list[Quote] = []
    open_at: tuple[int, int, str, str] | None = None  # (text offset, segment, zone, mark kind)
    depth = 0  # nested curly/guillemet quotations inside the open one
    for k, (i, seg) in enumerate(content):
        pos = seg.start
        if open_at is not None:  # a quotation carried over from the previous paragraph
            stripped = len(seg.text) - len(seg.text.lstrip())
            pos = seg.start + stripped + 1  # past the re-opening mark
        while pos < seg.end:
            ch = text[pos]
            if open_at is None:
                if ch in OPENING or (ch == STRAIGHT and _straight_opens(text, pos)):
                    open_at = (pos + 1, i, seg.zone, "straight" if ch == STRAIGHT else "curly")
                    depth = 0
            elif open_at[3] == "curly" and ch in OPENING:
                depth += 1
            elif open_at[3] == "curly" and ch in CLOSING and depth:
                depth -= 1
            elif (open_at[3] == "curly" and ch in CLOSING) or (
                open_at[3] == "straight" and ch == STRAIGHT and _straight_closes(text, pos)
            ):
                start, first, zone, _ = open_at
                quotes.append(
                    Quote(article.article_id, start, pos, zone, True, text[start:pos], first)
                )
                open_at = None
            pos += 1
        if open_at is not None:
            following = content[k + 1][1] if k + 1 < len(content) else None
            adjacent = following is not None and content[k + 1][0] == i + 1
            if not (adjacent and _continues(following.text)):
                start, first, zone, _ = open_at
                quotes.append(
                    Quote(
                        article.article_id,
                        start,
                        seg.end,
                        zone,
                        False,
                        text[start : seg.end],
                        first,
                    )
                )
                open_at = None
    return [q for q in quotes if q.text.strip()]


def quoted_spans(quotes: list[Quote]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each quotation, for asking whether an offset is inside one."""
    return [(q.start, q.end) for q in quotes]


def attribute_quotes(
    article: Article, quotes: list[Quote], mentions: pd.DataFrame, doc: Doc | None = None
) -> list[dict]:
    """Attribute each quotation of ``article`` to a speaker (:func:`analysis.speakers.attribute`).

    Parameters
    ----------
    article : Article
        The article the quotations are in.
    quotes : list of Quote
        Its quotations (:func:`find_quotes`).
    mentions : DataFrame
        The article's canonical mentions: start, end, entity, entity_label.
    doc : Doc, optional
        Its parse (subjects, titles and appositions; a name the entity pass missed, "Cook",
        told from a common noun, "Officials").

    Returns
    -------
    list of dict
        One row per quotation: the columns of :data:`QUOTE_COLUMNS` but quote_id, and
        ``_segment`` (the paragraph it starts in).
    """
    rows = []
    for q, who in zip(quotes, speakers.attribute(article, quotes, mentions, doc)):
        rows.append(
            {
                "article_id": q.article_id,
                "start": q.start,
                "end": q.end,
                "zone": q.zone,
                "closed": q.closed,
                "words": count_words(q.text),
                "speaker": who["speaker"],
                "speaker_label": who["speaker_label"],
                "speaker_as_written": who["speaker_as_written"],
                "attribution": who["attribution"],
                "quote": q.text,
                "_segment": q.segment,
            }
        )
    return rows


def quote_table(
    corpus: Corpus,
    mentions: pd.DataFrame,
    zones: tuple[str, ...] = CONTENT_ZONES,
    docs: Sequence[Doc] | None = None,
) -> pd.DataFrame:
    """List every quotation of ``corpus`` with its speaker.

    ``docs``, the articles' parses, let a name the entity pass missed count as a speaker (see
    :func:`attribute_quotes`).

    Returns
    -------
    DataFrame
        ``quotes.csv``, in corpus and reading order: article_id, quote_id (``ID#qN``), start,
        end (character offsets inside the marks), zone, closed (False: a paragraph ended inside
        it), words, speaker ("" when unattributed), speaker_label, speaker_as_written,
        attribution (name, name, not an entity, pronoun, pronoun, no person before, same
        paragraph, description, not a name, none), quote.
    """
    rows = []
    by_article = dict(iter(mentions.groupby("article_id", sort=False)))
    empty = mentions.iloc[:0]
    for n_article, article in enumerate(corpus):
        quotes = find_quotes(article, zones)
        own = by_article.get(article.article_id, empty)
        doc = docs[n_article] if docs is not None else None
        for n, row in enumerate(attribute_quotes(article, quotes, own, doc), start=1):
            row.pop("_segment")
            rows.append({**row, "quote_id": f"{article.article_id}#q{n}"})
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def quoted_words(quotes: pd.DataFrame, unattributed: str = UNATTRIBUTED) -> pd.DataFrame:
    """Count quoted words per speaker per article.

    Returns
    -------
    DataFrame
        One row per article and speaker, by article then most words: article_id, speaker
        (``unattributed`` pools the quotations without a resolved speaker), speaker_label,
        quotes, words.
    """
    table = quotes.assign(speaker=quotes["speaker"].where(quotes["speaker"] != "", unattributed))
    out = (
        table.groupby(["article_id", "speaker"], sort=True)
        .agg(
            speaker_label=("speaker_label", "first"),
            quotes=("quote", "size"),
            words=("words", "sum"),
        )
        .reset_index()
    )
    return out.sort_values(
        ["article_id", "words", "speaker"], ascending=[True, False, True], ignore_index=True
    )


def evaluate_attribution(quotes: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Score attribution against a hand annotation (article_id, start, end, speaker, clear).

    Counts how many annotated quotations were found at the same offsets, and, over those a
    reader can attribute (``clear`` = yes), precision (correct ÷ attributed: a named speaker
    must be the annotated one, and a quotation with no speaker in the text must stay
    unattributed) and recall (correct ÷ quotations with an annotated speaker).
    """
    key = ["article_id", "start", "end"]
    merged = gold.merge(
        quotes[key + ["speaker"]], on=key, how="left", suffixes=("_gold", "")
    ).fillna({"speaker": "", "speaker_gold": ""})
    found = gold.merge(quotes[key], on=key, how="inner")
    clear = merged[merged["clear"].astype(str).str.lower() == "yes"]
    attributed = clear[clear["speaker"] != ""]
    correct = attributed[attributed["speaker"] == attributed["speaker_gold"]]
    with_speaker = clear[clear["speaker_gold"] != ""]
    return {
        "annotated": len(gold),
        "found": len(found),
        "clear": len(clear),
        "attributed": len(attributed),
        "correct": len(correct),
        "with_speaker": len(with_speaker),
        "precision": len(correct) / len(attributed) if len(attributed) else float("nan"),
        "recall": len(correct) / len(with_speaker) if len(with_speaker) else float("nan"),
    }


#: Name suffixes that are not a surname ("Martin Luther King Jr.").
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _plain_words(text: str) -> list[str]:
    """Return the words of ``text`` case-folded, without accents, possessives or plural -s."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.findall(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*", text.casefold())
    words = [re.sub(r"[’']s?$", "", w) for w in words]
    return [w for w in words if w]


def _surname(name: str) -> str:
    words = [w for w in _plain_words(name) if w not in _SUFFIXES]
    return words[-1] if words else ""


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def same_speaker(speaker: str, as_written: str, gold: str, kind: str) -> bool:
    """Tell whether an attributed speaker is the annotated one.

    The scoring rule of ``benchmarks/eval_quotes.py``.

    Parameters
    ----------
    speaker : str
        Our speaker (``quotes.csv``); "" (unattributed) is never right.
    as_written : str
        Our speaker as the text writes it.
    gold : str
        The annotated speaker, words separated by spaces or "_" ("Rick_Perry",
        "Obama_campaign").
    kind : str
        ``person``: right when the surnames agree (last word after case-folding, accents,
        possessives and Jr/Sr/II/III removed). ``group``: right when the speaker or the words
        as written hold the group's head noun (its last word; plural -s ignored).
        ``organization``: right when they hold every word of its name.

    Returns
    -------
    bool
    """
    if not speaker:
        return False
    gold_words = [_singular(w) for w in _plain_words(gold.replace("_", " "))]
    if kind == "person":
        return bool(gold_words) and _surname(speaker) == _surname(gold.replace("_", " "))
    ours = {_singular(w) for w in _plain_words(f"{speaker} {as_written}")}
    if kind == "group":
        return bool(gold_words) and gold_words[-1] in ours
    if kind == "organization":
        return bool(gold_words) and set(gold_words) <= ours
    raise ValueError(f"speaker kind {kind!r}: expected person, group or organization")


#: Share of an annotated phrase's characters a quotation must hold to count as finding it.
PHRASE_OVERLAP = 0.5

PHRASE_OUTCOMES = ("right", "wrong", "unattributed", "found", "not found")


def evaluate_phrases(quotes: pd.DataFrame, phrases: pd.DataFrame) -> pd.DataFrame:
    """Match annotated phrases to the quotations found and score their speakers.

    A phrase is *found* when one quotation holds at least :data:`PHRASE_OVERLAP` of its
    characters (the quotation marks at its edges left out); it is matched to the quotation
    holding most of it. Its outcome is ``right`` (:func:`same_speaker`), ``wrong`` (another
    speaker), ``unattributed`` (found, no speaker) or ``not found``; ``found`` for a phrase of
    kind ``other``.

    Parameters
    ----------
    quotes : DataFrame
        ``quotes.csv`` rows: article_id, quote_id, start, end, speaker, speaker_as_written,
        attribution. Quotations of one article do not overlap (:func:`find_quotes`).
    phrases : DataFrame
        article_id, start, end (character offsets of the phrase), speaker (annotated) and kind
        (person, group or organization; ``other`` where the annotation names nobody, scored
        for being found only).

    Returns
    -------
    DataFrame
        ``phrases`` with quote_id ("" when not found), overlap (share of the phrase inside it),
        found_speaker, found_as_written, attribution and outcome.
    """
    by_article = {
        a: g.sort_values("start").reset_index(drop=True) for a, g in quotes.groupby("article_id")
    }
    rows = []
    for p in phrases.itertuples(index=False):
        best, best_share = None, 0.0
        table = by_article.get(p.article_id)
        length = max(p.end - p.start, 1)
        if table is not None:
            starts = table["start"].tolist()
            # quotations starting before the phrase ends; they do not overlap, so walk back
            # from the last one until they end before the phrase starts
            i = bisect.bisect_left(starts, p.end) - 1
            while i >= 0 and table.at[i, "end"] > p.start:
                share = (min(p.end, table.at[i, "end"]) - max(p.start, table.at[i, "start"])) / (
                    length
                )
                if share > best_share:
                    best, best_share = table.loc[i], share
                i -= 1
        found = best is not None and best_share >= PHRASE_OVERLAP
        if not found:
            outcome = "not found"
        elif p.kind == "other":
            outcome = "found"
        elif not best["speaker"]:
            outcome = "unattributed"
        elif same_speaker(best["speaker"], best["speaker_as_written"], p.speaker, p.kind):
            outcome = "right"
        else:
            outcome = "wrong"
        rows.append(
            {
                **p._asdict(),
                "quote_id": best["quote_id"] if found else "",
                "overlap": round(best_share, 3),
                "found_speaker": best["speaker"] if found else "",
                "found_as_written": best["speaker_as_written"] if found else "",
                "attribution": best["attribution"] if found else "",
                "outcome": outcome,
            }
        )
    extra = ["quote_id", "overlap", "found_speaker", "found_as_written", "attribution", "outcome"]
    return pd.DataFrame(rows, columns=[*phrases.columns, *extra])


def phrase_scores(scored: pd.DataFrame) -> dict[str, float]:
    """Summarize :func:`evaluate_phrases`: how many phrases were found and rightly attributed.

    Returns
    -------
    dict
        phrases, found, right, wrong, unattributed; share_found (found ÷ phrases), accuracy
        (right ÷ found) and precision (right ÷ attributed); NaN where the divisor is 0.
    """
    counts = scored["outcome"].value_counts()
    n = {k: int(counts.get(k, 0)) for k in PHRASE_OUTCOMES}
    found = len(scored) - n["not found"]
    attributed = n["right"] + n["wrong"]

    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    return {
        "phrases": len(scored),
        "found": found,
        "right": n["right"],
        "wrong": n["wrong"],
        "unattributed": n["unattributed"],
        "share_found": ratio(found, len(scored)),
        "accuracy": ratio(n["right"], found),
        "precision": ratio(n["right"], attributed),
    }


def shared_quote_speakers(passages: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Give the speaker each article attributes a shared quotation to.

    Shows whether two outlets give the same words to the same person.

    Returns
    -------
    DataFrame
        For each shared passage inside a quotation in at least one article (kind ``quote`` or
        ``quote in one``), both sides: article_id, n_tokens, speaker and attribution of the
        quotation holding it there ("" when it is not inside one), passage (as printed).
    """
    rows = []
    quoted = passages[passages["kind"] != "prose"]
    for p in quoted.itertuples():
        for side in ("a", "b"):
            article_id, start = getattr(p, f"article_{side}"), getattr(p, f"start_{side}")
            holder = quotes[
                (quotes["article_id"] == article_id)
                & (quotes["start"] <= start)
                & (quotes["end"] >= start)
            ]
            rows.append(
                {
                    "article_id": article_id,
                    "n_tokens": p.n_tokens,
                    "speaker": holder["speaker"].iloc[0] if len(holder) else "",
                    "attribution": holder["attribution"].iloc[0] if len(holder) else "",
                    "passage": getattr(p, f"text_{side}"),
                }
            )
    return pd.DataFrame(
        rows, columns=["article_id", "n_tokens", "speaker", "attribution", "passage"]
    )


def top_speakers(voices: pd.DataFrame, n: int = TOP_SPEAKERS) -> list[str]:
    """Return the ``n`` speakers quoted at most words across the corpus, most first.

    ``voices`` is :func:`quoted_words`; the unattributed pool is not a speaker. Ties: the
    speaker first in alphabetical order.
    """
    named = voices[voices["speaker"] != UNATTRIBUTED]
    totals = named.groupby("speaker")["words"].sum().sort_values(ascending=False)
    return sorted(totals.index[:n], key=lambda s: (-totals[s], s))


def speaker_groups(
    voices: pd.DataFrame, labels: Mapping[str, str], n: int = TOP_SPEAKERS
) -> pd.DataFrame:
    """Pool the speakers beyond the top ``n`` (:func:`top_speakers`) as :data:`OTHERS`.

    Returns
    -------
    DataFrame
        ``voices`` (:func:`quoted_words`: article_id, speaker, speaker_label, quotes, words)
        with label (the article's) and who: the speaker if among the top ``n``,
        :data:`UNATTRIBUTED` as it is, else :data:`OTHERS`.
    """
    top = set(top_speakers(voices, n))
    return voices.assign(
        label=voices["article_id"].map(labels),
        who=[s if s in top or s == UNATTRIBUTED else OTHERS for s in voices["speaker"]],
    )


def attribution_counts(quotes: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Count the quotations each attribution rule gave a speaker, per article.

    Returns
    -------
    DataFrame
        Indexed by attribution (sorted), one column per article label (sorted) that has a
        quotation: the number of quotations.
    """
    return quotes.assign(article=quotes["article_id"].map(labels)).pivot_table(
        index="attribution", columns="article", values="words", aggfunc="count", fill_value=0
    )


def shared_quote_view(
    passages: pd.DataFrame, quotes: pd.DataFrame, labels: Mapping[str, str]
) -> pd.DataFrame:
    """Return :func:`shared_quote_speakers` by article label, for display.

    Returns
    -------
    DataFrame
        Indexed by article (label): n_tokens, speaker, attribution, passage.
    """
    shared = shared_quote_speakers(passages, quotes)
    return (
        shared.assign(article=shared["article_id"].map(labels))
        .drop(columns="article_id")
        .set_index("article")
    )
