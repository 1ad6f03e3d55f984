r"""Read a folder of news articles into :class:`Article` records, split into zones.

Every non-empty line of an article becomes a :class:`Segment` in one of five zones (nothing is
deleted; each segment records the rule that placed it):

``headline``
    the first line that is not boilerplate;
``subheading``
    a short line without final punctuation that introduces the paragraph after it (rule
    ``subheading``): text of the article, but not a sentence, so it is left out of sentence
    counts and readability and kept for entities, like the headline;
``body``
    paragraphs of the story: what readability, entity and coverage analyses read;
``caption``
    photo captions and their credits: a photo credit such as ``| AP``, ``(AP Photo/…)``,
    ``Photograph by …``, ``…, Getty Images`` or ``Jane Doe/Example Times``; position markers such
    as ``(L)`` or ``, right,``; the agencies' "In this … photo, …" style; a present-tense photo
    verb in a line without final punctuation; the line before a credit that stands alone. A
    caption that runs into a paragraph on the same line is split at the first sentence end after
    the caption cue;
``boilerplate``
    site furniture: a lexicon of whole-line patterns (share and follow prompts, newsletter
    forms, link-list prompts and their lists, "continue reading", live-updates links, wire and
    reporting credits, bylines, time stamps, URLs, separators, copyright and reprint notices,
    ...), a line that repeats the headline or an earlier line, and, across a corpus, a short line
    that several articles hold word for word (:func:`repeated_lines`).

The rules are :data:`DEFAULT_RULES`; a YAML file extends, replaces or switches them off
(:func:`load_zone_rules`). Offsets (``start``, ``end``) are character offsets into
:attr:`Article.text`: the file's decoded text with line ends normalised to ``\n`` (for HTML, the
text that trafilatura extracted).
"""

from __future__ import annotations

import bisect
import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from . import language as lang
from .config import read_yaml
from .text import count_words

__all__ = [
    "ALIASES_FILE",
    "ARTICLE_SUFFIXES",
    "CAPTION_MAX_WORDS",
    "CAPTION_MIN_LENGTH",
    "CHARS_PER_CONTROL_CHAR",
    "CONTEXT_RULES",
    "CONTROL_CHARS_ALLOWED",
    "CREDIT_MAX_WORDS",
    "CREDIT_RULES",
    "DEFAULT_RULES",
    "HEADLINE_SOURCES",
    "LABEL_LENGTH",
    "LINK_MAX_WORDS",
    "METADATA_FILE",
    "REPEATED_MAX_WORDS",
    "REPEATED_MIN_ARTICLES",
    "RULE_REASONS",
    "SUBHEADING_MAX_WORDS",
    "ZONES",
    "Article",
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Segment",
    "ZoneRules",
    "article_labels",
    "corpus_from_json",
    "corpus_to_json",
    "decode",
    "load_zone_rules",
    "mark_repeated",
    "read_article",
    "read_corpus",
    "repeated_lines",
    "rule_reason",
    "split_zones",
]

#: The zones of an article, in the order the module docstring describes them.
ZONES = ("headline", "subheading", "body", "caption", "boilerplate")
#: File suffixes read as articles (compared in lower case); other files are skipped with a warning.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: Name of the optional metadata sidecar inside the corpus folder.
METADATA_FILE = "articles.csv"
#: Name of the optional entity-alias sidecar inside the corpus folder: the names of this story
#: (format of data/aliases.yaml), added to the general alias table by the entity pass.
ALIASES_FILE = "aliases.yaml"
#: Longest article label made from an id: the figures' tick labels and legends stay readable
#: (a seed id, ``000_2e98f640cd47a897``, is 20 characters and fits whole).
LABEL_LENGTH = 24
#: Control characters (other than tab, line ends and form feed) that a text file may hold before
#: it is taken for binary data: one in every :data:`CHARS_PER_CONTROL_CHAR` characters, and at
#: least :data:`CONTROL_CHARS_ALLOWED` (a stray one in a short file is an editor accident).
#: Chosen, not measured: the seed articles hold none, and a binary file holds far more.
CONTROL_CHARS_ALLOWED = 2
CHARS_PER_CONTROL_CHAR = 100
#: Shortest line (in characters) that the ``photo_verb_no_period`` caption rule takes for a
#: caption. Chosen from the captions of seed article 003 (README, "Zones"), so that a short
#: subheading with a photo verb and no full stop ("Kerry meets Lavrov") stays body text.
CAPTION_MIN_LENGTH = 40


class CorpusError(Exception):
    """A problem with the input that stops the run; the message names the file and the fix."""


@dataclass(frozen=True)
class CorpusWarning:
    """A problem with one file that did not stop the run (the file may have been skipped).

    Attributes
    ----------
    file : str
        Name of the file (without its folder).
    problem : str
        What is wrong and what was done about it ("...; skipped").
    """

    file: str
    problem: str

    def __str__(self) -> str:
        """Return ``FILE: PROBLEM``, the line the CLI prints."""
        return f"{self.file}: {self.problem}"


@dataclass(frozen=True)
class Segment:
    """One line (or part of a line) of an article and the zone it belongs to.

    Attributes
    ----------
    zone : str
        One of :data:`ZONES`.
    start, end : int
        Character offsets into :attr:`Article.text`; ``text == article.text[start:end]``.
    text : str
        The segment's text, surrounding white space excluded.
    rule : str
        Why the segment is in its zone: ``first_line``, ``paragraph``, ``after_caption``, or the
        name of a caption or boilerplate rule (:class:`ZoneRules`).
    """

    zone: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class Article:
    r"""One article: its decoded text, its zones and where it came from.

    Attributes
    ----------
    article_id : str
        The file name without its suffix; unique in a corpus.
    file : str
        The file name.
    format : str
        ``"txt"`` or ``"html"``.
    sha256 : str
        SHA-256 (hex) of the file's raw bytes: the parse cache is checked against it.
    n_bytes : int
        Size of the file in bytes.
    encoding : str
        How the bytes were decoded: ``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1252``.
    text : str
        The decoded text, line ends normalised to ``\n`` (for HTML, the extracted text).
    segments : tuple of Segment
        Every non-empty line (or part of one) in reading order, with its zone.
    metadata : mapping of str to str
        The article's row of the metadata sidecar (outlet, published, url, label, ...), if any.
    duplicate_of : str or None
        The id of an earlier article with the same text, else None.
    language : str
        ISO 639-1 code of the body's language, ``und`` when undetermined
        (:func:`analysis.language.detect`); "" when it was not checked.
    language_probability : float
        The detector's probability of its best guess (NaN when not checked).
    """

    article_id: str
    file: str
    format: str
    sha256: str
    n_bytes: int
    encoding: str
    text: str
    segments: tuple[Segment, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    duplicate_of: str | None = None
    language: str = ""
    language_probability: float = float("nan")

    def zone(self, name: str) -> list[Segment]:
        """Segments of one zone, in reading order."""
        return [s for s in self.segments if s.zone == name]

    @property
    def headline(self) -> str:
        """Headline text ("" when the article has none)."""
        heads = self.zone("headline")
        return heads[0].text if heads else ""

    @property
    def body(self) -> list[str]:
        """Body paragraphs."""
        return [s.text for s in self.zone("body")]

    @property
    def body_text(self) -> str:
        """Body paragraphs joined by blank lines: the text readability formulas read."""
        return "\n\n".join(self.body)

    @property
    def captions(self) -> list[str]:
        """Photo captions."""
        return [s.text for s in self.zone("caption")]

    @property
    def dropped(self) -> list[Segment]:
        """Boilerplate segments, each with the rule that dropped it."""
        return self.zone("boilerplate")

    @cached_property
    def _starts(self) -> list[int]:
        """Start offsets of the segments, computed once per article."""
        return [s.start for s in self.segments]

    def segment_index(self, offset: int) -> int | None:
        """Return the index of the segment holding the character at ``offset``, else None.

        A binary search over the segments' starts (they are in reading order and do not
        overlap), so looking up every mention of a long article stays cheap.
        """
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.segments[i].end:
            return i
        return None

    def segment_at(self, offset: int) -> Segment | None:
        """Return the segment holding the character at ``offset``, or None between segments."""
        i = self.segment_index(offset)
        return self.segments[i] if i is not None else None

    def zone_at(self, offset: int) -> str | None:
        """Zone of the character at ``offset``, or None between segments (white space)."""
        seg = self.segment_at(offset)
        return seg.zone if seg is not None else None


@dataclass(frozen=True)
class Corpus:
    """The articles of one folder, in file-name order, and what went wrong reading it.

    Attributes
    ----------
    folder : str
        The folder the articles were read from, as given.
    articles : tuple of Article
        The articles read, sorted by file name (skipped files are not here).
    warnings : tuple of CorpusWarning
        Problems that did not stop the run, in file order.
    aliases : str
        The text of the folder's :data:`ALIASES_FILE` ("" when it has none): the story's entity
        aliases, kept with the corpus so that every step reads the same ones.
    """

    folder: str
    articles: tuple[Article, ...]
    warnings: tuple[CorpusWarning, ...] = ()
    aliases: str = ""

    def __len__(self) -> int:
        """Return the number of articles."""
        return len(self.articles)

    def __iter__(self):
        """Iterate over the articles in file-name order."""
        return iter(self.articles)

    @property
    def ids(self) -> list[str]:
        """Article ids in file-name order."""
        return [a.article_id for a in self.articles]

    def __getitem__(self, article_id: str) -> Article:
        """Return the article with id ``article_id``; raise KeyError when there is none."""
        for article in self.articles:
            if article.article_id == article_id:
                return article
        raise KeyError(article_id)


def article_labels(
    ids: Sequence[str],
    metadata: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """Short, unique labels for articles, the same in every figure.

    A ``label`` column in the metadata sidecar wins. Otherwise the part of the id before the first
    underscore (``000`` for ``000_2e98f640cd47a897``) when that is unique, else the id itself,
    shortened to :data:`LABEL_LENGTH` characters.
    """
    metadata = metadata or {}
    labels = {}
    prefixes = [i.split("_", 1)[0] for i in ids]
    use_prefix = len(set(prefixes)) == len(prefixes)
    for article_id, prefix in zip(ids, prefixes):
        given = (metadata.get(article_id) or {}).get("label", "").strip()
        labels[article_id] = given or (prefix if use_prefix else article_id[:LABEL_LENGTH])
    if len(set(labels.values())) < len(labels):  # user labels collide: fall back to ids
        labels = {i: i[:LABEL_LENGTH] for i in ids}
    return labels


# --------------------------------------------------------------------------------------------
# Zone rules

#: Longest line (in words) that the ``subheading`` rule takes for a sub-heading; a longer line
#: without final punctuation stays a paragraph (a sentence that lost its full stop). Chosen:
#: sub-headings are noun phrases or short clauses. On the development half of the extraction
#: benchmark (README, "Accuracy") 86% of the article lines without final punctuation have at
#: most 12 words; the longer ones are mostly list items and paragraphs.
SUBHEADING_MAX_WORDS = 12
#: Longest line (in words) that counts as an item of a link list after a prompt such as
#: "Related coverage" (``after_prompt``), or as a header line (``header_line``: a kicker, a
#: second title, a byline). Chosen: a headline rarely runs past 25 words.
LINK_MAX_WORDS = 25
#: Longest line (in words) that is taken for a stand-alone photo credit ("Jane Doe/Getty Images"),
#: whose previous line is then a caption (``before_credit``). Chosen: a photographer and agencies.
CREDIT_MAX_WORDS = 8
#: Longest line (in words) that the ``before_credit`` rule takes for a caption. Chosen: captions
#: are one or two sentences; on the benchmark's development half those before a credit line
#: had 12-20 words, and the longest line wrongly taken (62 words, a paragraph) is excluded.
CAPTION_MAX_WORDS = 40
#: Longest line (in words) that the corpus-level ``repeated_line`` rule sets aside: furniture
#: is short; a longer line shared by several articles is shared copy (wire text), not furniture.
#: Chosen, like :data:`SUBHEADING_MAX_WORDS`: a prompt or a form label is a short phrase.
REPEATED_MAX_WORDS = 12
#: Articles that must hold a line for ``repeated_line`` (duplicate articles counted once).
REPEATED_MIN_ARTICLES = 2

#: Names of the rules that need more than the line itself (its neighbours, or other articles);
#: like the regular expressions, each can be switched off with ``disable`` in a rules file.
CONTEXT_RULES = (
    "headline_repeated",
    "header_line",
    "before_credit",
    "after_prompt",
    "subheading",
    "repeated_line",
)

#: Where an article's headline is (:func:`split_zones`): the first line that is not furniture
#: (.txt), the first line (the title the HTML reader puts there), or nowhere (a page without one).
HEADLINE_SOURCES = ("first_line", "title", "none")
#: Characters that may end a sentence (closing quotes and brackets after them are skipped).
_FINAL_PUNCTUATION = re.compile(r"[.!?…:;。！？][\"'”’»)\]」』]*$|[\"”»」』]$")
#: A quotation mark: a line that holds one is never furniture by repetition (it is quoted speech).
_QUOTE_MARK = re.compile(r"[\"“”„«»‘’]")


@dataclass(frozen=True)
class ZoneRules:
    """Named rules that put lines into the zones, and the settings of the structural rules.

    ``boilerplate`` patterns must match a whole line (case-insensitive, surrounding white space
    and a leading bullet such as ``-`` or ``•`` ignored); ``caption`` patterns are searched within
    a line (case-sensitive: "AP", "(L)"). The structural rules (:data:`CONTEXT_RULES`) look at a
    line's neighbours or at the other articles of the corpus.

    Attributes
    ----------
    boilerplate : tuple of (str, str)
        ``(rule name, regular expression)`` pairs, tried in order.
    caption : tuple of (str, str)
        ``(rule name, regular expression)`` pairs, tried in order.
    prompts : tuple of str
        Names of boilerplate rules that announce a list of links ("Related coverage", "More:"):
        the short lines that follow one are set aside too (``after_prompt``).
    disabled : tuple of str
        Names of rules (regular expressions or :data:`CONTEXT_RULES`) that are switched off.
    subheading_max_words, link_max_words, credit_max_words, caption_max_words : int
        See :data:`SUBHEADING_MAX_WORDS`, :data:`LINK_MAX_WORDS`, :data:`CREDIT_MAX_WORDS` and
        :data:`CAPTION_MAX_WORDS`.
    repeated_max_words, repeated_min_articles : int
        See :data:`REPEATED_MAX_WORDS` and :data:`REPEATED_MIN_ARTICLES`.
    html_line_rules : bool
        Whether the line rules (boilerplate, caption and structural) also apply to the text
        trafilatura extracts from an HTML page. Off by default: trafilatura already removed the
        page's furniture, and on the article-extraction benchmark the line rules on top of it
        lost recall on sites they were not written from (README, "Accuracy").
    abbreviations : tuple of str
        Words that end in a full stop without ending a sentence, used when splitting a caption
        from the paragraph that follows it on the same line.
    """

    boilerplate: tuple[tuple[str, str], ...]
    caption: tuple[tuple[str, str], ...]
    prompts: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    subheading_max_words: int = SUBHEADING_MAX_WORDS
    link_max_words: int = LINK_MAX_WORDS
    credit_max_words: int = CREDIT_MAX_WORDS
    caption_max_words: int = CAPTION_MAX_WORDS
    repeated_max_words: int = REPEATED_MAX_WORDS
    repeated_min_articles: int = REPEATED_MIN_ARTICLES
    html_line_rules: bool = False
    abbreviations: tuple[str, ...] = (
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Lt",
        "Col",
        "Capt",
        "St",
        "Jr",
        "Sr",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "No",
        "vs",
        "Inc",
        "Corp",
        "Co",
        "Ltd",
    )
    _compiled: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile every pattern; raise :class:`CorpusError` naming the rule if one is invalid."""
        for kind in ("boilerplate", "caption"):
            compiled = []
            for name, pattern in getattr(self, kind):
                try:
                    if kind == "boilerplate":
                        regex = re.compile(rf"(?:[-•*·▪►–—]\s*)?(?:{pattern})", re.IGNORECASE)
                    else:
                        regex = re.compile(pattern)
                except re.error as exc:
                    raise CorpusError(
                        f"zone rule {kind}.{name}: invalid regular expression {pattern!r} ({exc})"
                    ) from None
                if name not in self.disabled:
                    compiled.append((name, regex))
            self._compiled[kind] = tuple(compiled)

    def enabled(self, name: str) -> bool:
        """Whether the rule ``name`` is on (not listed in :attr:`disabled`)."""
        return name not in self.disabled

    def boilerplate_rule(self, line: str) -> str | None:
        """Name of the first boilerplate rule that matches the whole ``line``, else None."""
        stripped = line.strip()
        for name, regex in self._compiled["boilerplate"]:
            if regex.fullmatch(stripped):
                return name
        return None

    def caption_match(self, line: str) -> tuple[str, int] | None:
        """(rule name, end of the cue) of the first caption rule found in ``line``, else None."""
        for name, regex in self._compiled["caption"]:
            m = regex.search(line)
            if m:
                return name, m.end()
        return None


_PHOTO_VERBS = (
    r"shakes? hands|pose[sd]?|gestures?|listens?|arrives?|attends?|looks? on|waves?|walks?|meets?"
    r"|speaks? (?:to|with|during|at)|talks? (?:to|with|during)|greets?"
)

# ---- building blocks of the furniture lexicon (used inside whole-line, case-insensitive rules)
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
# time zones of the outlets' datelines (US, UK, Europe, India, Australia, East Asia, Moscow)
_ZONE = r"[ecmp][sd]?t|gmt|utc|bst|cet|cest|ist|aest|aedt|jst|kst|hkt|sgt|msk"
_DATE_WORD = (
    rf"(?:\d{{4}}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?|\d{{1,2}}(?::\d\d)?\s?[ap]\.?m\.?"
    rf"|\d{{1,4}}(?:st|nd|rd|th)?|{_MONTH}|{_WEEKDAY}|{_ZONE}"
    r"|[ap]\.?m\.?|today|yesterday|ago|hours?|hrs?|minutes?|mins?|days?|weeks?|on|at|of)\.?\b"
)
#: A line that is only a date and/or time, perhaps "Published"/"Updated" before it.
_TIMESTAMP = (
    r"(?=[^\d]*\d)(?:(?:(?:first |last )?(?:published|updated|posted|modified|edited)|date|time)"
    rf"\s*(?:on|at)?\s*:?\s*)?(?>{_DATE_WORD}[\s,/|:.–—-]*+)+"
)
#: A date written in figures, perhaps with a time: "2019-11-20 14:35:08", "11/20/2019 2:35 PM".
_NUMERIC_STAMP = (
    r"(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4})(?:[ T]\d{1,2}:\d\d(?::\d\d)?(?:\s?[ap]\.?m\.?)?)?"
)
# a capitalised word, case-sensitive inside the case-insensitive boilerplate rules
_CAP = r"(?-i:[A-Z][\w'’.-]*+)"
_NAMES = rf"{_CAP}(?>\s*+(?:{_CAP}|(?-i:and|de|da|del|van|von|der|den|la|le|bin|al)\b|[,&]))*"
# people named in title case ("Jane Doe", "John R. McRoe"), joined by "and" or commas
# a capitalised word with a lower-case letter
_WORD_CAP = r"(?=[A-Z][\w'’-]*[a-z])[A-Z][\w'’-]*+"
_PERSON = rf"(?-i:{_WORD_CAP}(?: [A-Z]\.)?(?: (?:de |van |von |al-)?{_WORD_CAP}){{1,2}})"
_PEOPLE = rf"{_PERSON}(?>(?:,| and| &)\s+{_PERSON})*"
#: The names a credit line lists: capitalised words and the few lower-case words credits use.
_CREDITED = (
    rf"(?>{_CAP}|(?-i:and|in|with|additional|reporting|by|editing|writing|from|for|of|the|de"
    r"|van|von|al|staff|agencies)\b|[;,.&/'’-]|\s)++"
)
#: News agencies and wire services that credit lines name.
_AGENCY = (
    r"(?:the )?(?:associated press|ap|afp|agence france[- ]presse|reuters|thomson reuters|dpa"
    r"|efe|ansa|xinhua|tass|ria(?: novosti)?|interfax|sputnik|pti|ians|ani|upi|bloomberg(?: news)?"
    r"|kyodo(?: news)?|yonhap|aap|canadian press|pa(?: media)?|press association|cnn(?: wire)?"
    r"|(?:news )?agenc(?:y|ies)|wires?|wire services|staff(?: and agencies)?|news desk|web desk)"
)
_URL = (
    r"(?:https?://|www\.)\S++"
    r"|(?>[\w-]+\.)+(?:com|org|net|edu|gov|io|co|uk|us|ca|au|in|de|fr|ru|info|news|tv|ly|me)"
    r"(?:/\S*+)?"
)

#: The rules used unless a rules file says otherwise. The first ten were written from lines of
#: the seed articles (tests/test_corpus.py); the rest is a lexicon of the furniture that news
#: sites print around and between paragraphs (share and follow prompts, newsletter forms, link
#: lists, wire credits, photo credits), written as patterns for the many outlets that use each
#: form and checked against the development half of the extraction benchmark (README,
#: "Accuracy").
DEFAULT_RULES = ZoneRules(
    boilerplate=(
        (
            "share_button",
            r"(?:share|tweet|print|e-?mail|pin(?: it)?|save|copy link|copy url|get short url"
            r"|short (?:url|link)|permalink|whatsapp|facebook|twitter|linkedin|reddit|pinterest"
            r"|tumblr|telegram|messenger|flipboard|pocket|sms|x|threads)"
            r"(?: this(?: article| story| page| post)?)?"
            r"(?: (?:on|via|to|with) (?:facebook|twitter|x|whatsapp|linkedin|reddit|pinterest"
            r"|e-?mail|messenger|a friend))?\s*[:!]?"
            r"|[\d,.]+k?\s*shares?|sharing is caring\W*"
            r"|this (?:article|story|page) (?:has been|was) (?:sent|shared|e-?mailed) to.{0,80}",
        ),
        (
            "advertisement",
            r"advertisement|advertising|sponsored(?: content)?|ad|ads|promoted"
            r"|paid (?:content|post|partner)|partner content|(?:story|article) continues below"
            r"(?: (?:this )?(?:advertisement|ad))?|advertisement\W+scroll to continue",
        ),
        ("mobile_switch", r"exit mobile version|view (?:mobile|desktop|full) (?:version|site)"),
        (
            "comments_prompt",
            r"please wait while comments are loading\W*"
            r"|this article is closed for comments\W*"
            r"|(?:leave|post|add|show|view|hide|read) (?:a |all |the )?(?:comments?|reply)\W*"
            r"|(?:\d+ )?comments?(?: \(\d+\))?|join the (?:conversation|discussion)\W*"
            r"|comments? (?:are|is) (?:closed|disabled)\W*"
            r"|.{0,80}\bcomments?\b.{0,60}\bmoderat.{0,160}"
            r"|.{0,80}\bmoderat\w*\b.{0,60}\bcomments?\b.{0,160}",
        ),
        ("editor_contact", r"(?:please )?e-?mail the editor\W*"),
        ("email_contact", r"(?:[\w ]{0,40}:\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?"),
        # a line about reaching the writer that gives an e-mail address: "Write to ... at a@b.c"
        (
            "contact_line",
            r"(?=.{0,400}\b(?:write|writes|reach|reached|contact|e-?mail|tips?|send|questions?"
            r"|feedback|follow|correspondent|editor|reporter|writer)\b)"
            r".{0,400}\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b.{0,400}",
        ),
        # a year must follow the mark: "Copyright law was discussed" is a sentence, not furniture
        (
            "copyright",
            r"(?:copyright|©|\(c\)|ⓒ)\s*(?:©|\(c\)|ⓒ)?\s*\d{4}\b.{0,80}"
            r"|copyright\s+(?-i:[A-Z©ⓒ(]).{0,60}\b(?:19|20)\d\d\b.{0,80}"
            # two marks together, or a mark before a web address: "Copyright © Example News"
            r"|copyright\s*(?:©|ⓒ|\(c\)).{0,150}|[©ⓒ]\s*(?:www\.)?[\w-]+\.(?:com|net|org|co\.\w\w|\w\w)"
            r"\b.{0,150}"
            r"|.{0,80}\ball rights? reserved\.?"
            r"|this (?:document|article|material|content|story) is (?:subject to|protected by)"
            r" copyright.{0,400}"
            r"|(?:the )?(?:material|content)s? on this (?:site|website|page) may not be"
            r" (?:reproduced|published|distributed).{0,300}",
        ),
        (
            "reprint_notice",
            r"this copy is for your personal,? non-?commercial use only.{0,500}"
            r"|(?:distribution|use) (?:and use )?of this material (?:is|are) governed by.{0,400}"
            r"|(?:order |buy )?reprints?(?: (?:&|and) permissions| rights)?|permissions",
        ),
        # "(Reporting by ...; Editing by ...)", "... contributed reporting from ...", "Source: AFP"
        (
            "wire_credit",
            r"\(?\s*(?:(?:additional |further |and )?reporting|writing|editing|edited|compiled"
            r"|research|translation|translated|produced|graphics?|fact-checking)\s+by\s*+:?\s*+"
            rf"{_CREDITED}\)?\.?"
            r"|[^.]{1,200}\bcontributed(?: reporting| research| to this (?:report|story|article))"
            r"\b[^.]{0,120}\.?"
            rf"|(?:[\w.&'’-]+(?: [\w.&'’-]+){{0,3}},\s*){{1,3}}"
            r"(?-i:ASSOCIATED PRESS|Associated Press|AFP|Reuters|REUTERS)"
            rf"|\(?\s*(?:sources?\s*:\s*|with |—\s*|–\s*|-\s*)?{_AGENCY}"
            rf"(?:\s*(?:,|/|&|and|\+|with)\s*{_AGENCY})*\s*\)?\.?"
            r"|(?:sources?|contributing|contributors?)\s*:\s*(?:[^\s.]+\s*){1,6}\.?"
            r"|(?:\(|[—–-]\s*)?with (?:inputs?|reporting|additional reporting|assistance)"
            rf" (?:from|by) {_CREDITED}\)?\.?"
            # the Associated Press's story slug: "BC-US--Election-Debate, 1st Ld-Writethru"
            r"|(?-i:BC-[A-Z][\w-]*--?[\w-]+).{0,80}",
        ),
        (
            "byline",
            rf"(?:{_TIMESTAMP}\s*)?(?:(?:written |words |story |text )?by)\s*:?\s+{_NAMES}"
            rf"(?:\s*[,|•·–—-]\s*(?:{_NAMES}|{_TIMESTAMP}))*\s*"
            # people, then the agency or paper they write for ("Jane Doe and John Roe Associated
            # Press", "Jane Doe EXAMPLE TODAY") or a time stamp, before or after
            rf"|{_PEOPLE}\s*[,|]?\s*(?:(?-i:Associated Press|AP|AFP|Reuters)"
            r"|(?-i:[A-Z]{2,}(?: [A-Z]{2,})+))"
            rf"|{_PERSON}(?:,\s+{_PERSON})*,?\s+and\s+{_PERSON}\s+(?-i:(?:[A-Z][\w'’-]*+\s?){{1,5}})"
            rf"|{_PEOPLE}\s*[,|•·–—-]?\s*{_NUMERIC_STAMP}|{_NUMERIC_STAMP}\s*[,|•·–—-]?\s*{_PEOPLE}",
        ),
        # "1 / 9", "Image 1 of 9", "1 - 5 of 36", a long number alone (an image or story id)
        (
            "counter",
            r"(?:(?:image|photo|picture|slide|page|item|video)s?\s*:?\s*)?\d{1,4}\s*"
            r"(?:of|/|-|–)\s*(?:/\s*)?\d{0,4}(?:\s*of\s*\d{1,4})?|\d+",
        ),
        ("timestamp", _TIMESTAMP),
        (
            "reading_time",
            r"\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?: read| reading time| listen)?"
            r"|(?:estimated )?reading time\s*:?\s*.{0,30}|listen to (?:this|the) (?:article|story)"
            r"(?:\s*\d+\s*min.{0,10})?",
        ),
        # a line without a letter or digit: "________", "* * *", "—"
        ("separator", r"[\W_]+"),
        # a URL alone, perhaps after a short label ("Short URL:", "More coverage:")
        (
            "url_line",
            rf"(?:[^\s:]+(?:\s+[^\s:]+){{0,5}}\s*:\s*)?(?:{_URL})"
            rf"(?>\s*+(?:,|and|&|\||or)?\s*(?:{_URL}))*\W*",
        ),
        # the lone word where a picture or player was, and the gallery's buttons
        (
            "media_placeholder",
            r"photos?|pictures?|images?|videos?|gallery|photo gallery|caption|hide caption"
            r"|toggle caption|show caption|expand|enlarge(?: this)?(?: image| photo)?|zoom"
            r"|play|play video|watch|watch(?: the)? video|watch now|listen|audio|now playing"
            r"|loading video|video player|full ?screen|replay|mute|unmute|skip ad"
            r"|(?:view|see|open|back to)(?: the| full)? (?:gallery|slideshow|photos?)"
            r"|(?:photo|image) credit|video (?:length|duration)?\s*\d+:\d+|\d+:\d+"
            r"|.{0,150}\b(?:see|view) (?:the )?full gallery|thanks for watching\W*"
            r"|visit (?:the )?(?:web ?site|page)",
        ),
        (
            "navigation",
            r"home|menu|search|skip to (?:main )?content|skip to navigation|back to top|top"
            r"|log ?in|sign ?in|log ?out|register|my account|close|open|toggle (?:navigation|menu)"
            r"|(?:previous|next)(?: article| story| post| page)?|prev|next prev|previous next"
            r"|(?:[-–]\s*)?(?:previous|next)(?: [\w'’]+){0,3} (?:news|articles?|stor(?:y|ies)"
            r"|posts?|items?|videos?|photos?)(?:\s*[-–])?|learn more|find out more"
            r"|view all(?: \(\d+\))?|see all|show all|show more|load more|view more|read less"
            r"|text size|font size|print (?:article|this(?: article| page)?)|bookmark|embed"
            r"|report (?:an )?(?:error|typo|abuse|a correction)|(?:[^»›>\n]{1,40}\s*[»›]\s*)+"
            r"[^»›>\n]{1,100}",
        ),
        # prompts that a list of linked headlines follows ("prompts" below)
        (
            "read_more",
            # a prompt, not a sentence: it does not end in a full stop, "?" or "!" ("..." may)
            r"(?!.*[^.][.!?]$)"
            r"(?:read more|more|see more|see also|also read|read also|also see|related"
            r"|related (?:articles?|stories|posts?|coverage|content|links?|reading|news|topics"
            r"|videos?)|more (?:from|on|about|in) .{1,60}|more (?:stories|news|coverage|videos?)"
            r"|recommended(?: for you| stories| reading| videos?)?"
            r"|you (?:may|might|will) (?:also )?(?:like|love|enjoy|be interested in)"
            r"|popular (?:on|in|at) .{1,40}|most (?:popular|read|viewed|shared|emailed)"
            r"|trending(?: now| stories| on .{1,30})?|don'?t miss|editor'?s picks?|top stories"
            r"|latest(?: news| stories| headlines| videos?)?|further reading|explore further"
            r"|what to read next|read next|up next|watch next|more great .{1,40} stories"
            r"|(?:related|more) (?:coverage )?from .{1,60}|in (?:other|related) news"
            r"|(?:recent|related|popular) posts)\s*(?:\.{3}|…|:)?",
        ),
        # a prompt and the one linked headline after it: "READ MORE: ...", "[Related: ...]"
        (
            "read_more_link",
            r"\[?(?:read more|see more|also read|read also|see also|related|related (?:post|article"
            r"|story|coverage)|also|more|watch|listen|recommended|must read|trending|explore"
            r"|read|opinion|analysis|related video|video|explainer)\s*:\s*.{1,200}"
            r"|(?:also )?(?:on|at|in) \S+\.(?:com|org|net|co\.uk)\b\s*:?.{0,200}",
        ),
        (
            "continue_reading",
            r"continue reading(?: (?:the )?(?:main story|below|article|this article|full story"
            r"|on .{1,40}))?\W*|keep reading\W*|read (?:the )?(?:full|rest of the|whole)"
            r" (?:story|article|report)(?: (?:here|at|on) .{0,40})?\W*|scroll (?:down )?(?:to"
            r" continue|for (?:more|video|next article))\W*|click to expand\W*",
        ),
        (
            "live_updates",
            r"(?:(?:watch |listen )?live(?: updates?| coverage| blog| news| stream)?"
            r"|follow (?:our |the )?live"
            r" (?:updates|coverage|blog)|latest updates?|breaking(?: news)?)\s*(?:[:→›|].{0,150})?"
            r"|follow (?:[\w'’.]+ ){0,3}(?:full |live |complete |latest |continuing )?coverage"
            r" (?:of|on|at) .{1,150}"
            r"|(?:for|get|see|read) (?:more|the latest|full|complete|all)(?: of)?(?: our)?"
            r" (?:news|coverage|updates|stories|reporting) (?:on|about|of|from) .{1,120}",
        ),
        (
            "social_follow",
            r"follow (?:us|me|him|her|them|[\w@.’']+(?: [\w@.’']+){0,3})"
            r"(?: on| at| @)[\w@ ,&.:/]{0,60}\.?|(?:find|like|join) us on [\w ,&]{1,40}\.?",
        ),
        (
            "subscribe",
            r"(?:subscribe|sign up|register)(?: (?:now|today|here|free|for free))?"
            r"(?: (?:for|to) [^.!?]{1,80})?\W*"
            # a sign-up prompt (at the start, or after a sentence) that names the newsletter
            r"|(?:.{0,120}[.!?:]\s+)?(?:sign up|subscribe)\b.{0,120}\b(?:newsletters?|inbox"
            r"|mailing list|e-?mail alerts?)\b.{0,120}"
            r"|(?:get|receive|join)\b.{0,80}\b(?:newsletters?|in your inbox|mailing list)\b.{0,80}"
            r"|newsletters?|(?:enter )?(?:your )?e-?mail(?: address)?\W*"
            r"|thanks? (?:you )?for (?:subscribing|signing up|registering)\W*|thanks?(?: you)?\W*"
            r"|you(?:'re| are) (?:all set|(?:now )?(?:signed up|subscribed))\W*"
            r"|(?:please )?(?:check your (?:inbox|e-?mail)|confirm your (?:subscription|e-?mail))"
            r".{0,80}|(?:please )?enter a valid e-?mail(?: address)?\W*|invalid e-?mail.{0,40}"
            r"|(?:(?:oops!? )?something went wrong|an error (?:has )?occurred|there was an?"
            r" (?:error|problem)(?: (?:with|processing) your (?:request|submission|sign-?up))?)"
            r"[.!,;]?(?: please try again(?: later)?[.!]?)?|please try again(?: later)?\W*"
            r"|by (?:signing up|subscribing|clicking|registering)\b.{0,120}\b(?:agree|consent"
            r"|accept)\b.{0,160}"
            r"|(?:you can )?unsubscribe (?:at )?any ?time\W*|we respect your privacy\W*"
            r"|privacy policy|terms of (?:use|service)|no spam.{0,60}",
        ),
        (
            "click_here",
            r"(?:click|tap) here\b.{0,150}|(?:download|get) (?:the |our )?"
            r"(?:[\w'’]+ ){0,3}app\b.{0,60}",
        ),
        # a quotation offered for sharing: "... Click To Tweet"
        ("click_to_tweet", r".{1,300}click to tweet"),
        (
            "like_prompt",
            r"like this(?: story| article| post)?\s*[:?!].{0,80}|like loading\W*"
            r"|loading\W*|(?:\d+ )?likes?",
        ),
        (
            "tags",
            r"(?:tags?|topics?|filed under|categories|category|posted in|keywords|more about"
            r"|related topics|subjects?|trends?|sections?)\s*:.{0,200}"
            r"|tags|topics|related topics|trends",
        ),
        (
            "support_prompt",
            r"if you (?:enjoyed|liked|value|appreciate|rely on)\s+(?:this|our|reading|the work"
            r"|what we do|independent|journalism|the (?:article|story|newsletter)).{0,600}"
            r"|(?:support|fund) (?:our|independent|quality) journalism.{0,200}"
            r"|become a (?:member|subscriber|supporter|patron).{0,150}|donate(?: now| today)?\W*",
        ),
        ("citation", r"citation\s*:.{10,400}\bretrieved\b.{0,300}"),
        # markup a scraper left in the text: a line that opens on a tag ("<span class=...>",
        # "&lt;div&gt;"); prose that quotes a tag further on is prose
        (
            "markup",
            r"(?:<|&(?:amp;)?lt;)/?[a-z][\w-]*(?:\s[^<>]{0,300})?(?:>|&(?:amp;)?gt;).{0,400}",
        ),
    ),
    caption=(
        # "... on May 8, 2013. | AP", "(AFP Photo)", "Photo: Reuters"
        (
            "photo_credit",
            r"\|\s*[A-Z][\w.&/' -]{0,40}$"
            r"|\((?:AP|AFP|Reuters|EPA|Getty Images|(?:File )?[Pp]hoto\b[^)]*)\)\s*$"
            r"|^(?:Photo|Image|Picture)(?: credit)?\s*:",
        ),
        # a credit in parentheses closing the line: "(AP Photo/Jane Doe)", "(credit: NASA)"
        (
            "credit_in_parentheses",
            r"\((?i:(?:photo(?:graph)?|image|picture|credit|illustration|graphic|video)s?"
            r"(?: credit)?\s*(?::|by)\s*)[^()]{1,80}\)\s*$"
            r"|\([^()]{0,60}\b(?:AP|AFP|Reuters|EPA|Getty(?: Images)?|Shutterstock|Xinhua|dpa"
            r"|TASS|Sputnik|Anadolu|Bloomberg|NurPhoto|SOPA|Sipa|Alamy|ZUMA|Handout|Courtesy"
            r"|[Ff]ile [Pp]hoto)\b[^()]{0,60}\)\s*$"
            # a line that is only a name in parentheses: "(Example Studios Inc.)"
            r"|^\((?:[A-Z][\w.&'’-]*+\s?){1,6}\)$",
        ),
        # "... Photograph by Jane Doe/AFP", "... Credit: ESA", "... © Reuters / Jane Doe"
        (
            "credit_suffix",
            r"(?:^|[.!?,;]\s+|\s)(?i:photo(?:graph)?|image|picture|credit|illustration|graphic)s?"
            r"(?: credit)?\s*(?::|by)\s*[^.!?]{1,80}$"
            r"|©\s*(?!\s*(?:19|20)\d\d)[^©.]{1,60}$",
        ),
        # a credit after a comma: "..., Getty Images", "..., AP Photo"
        (
            "comma_credit",
            r",\s*(?:(?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*\s*/\s*)?(?:AP(?: Photo)?|AFP"
            r"(?: via Getty Images)?|Getty Images|Reuters|EPA(?:-EFE)?|Shutterstock|Bloomberg"
            r"|Xinhua|[A-Z]\w+ via Getty Images)\s*$",
        ),
        # a photographer and agency joined by slashes: "Jane Doe/Example Times/Getty Images"
        (
            "slash_credit",
            r"(?:^|\s|(?<=[a-z][.!?]))[A-Z][\w'’&-]*(?:\.?\s[A-Z][\w'’&-]*){1,4}\s?/\s?"
            r"[A-Z][\w.'’&-]*"
            r"(?:\s[A-Z][\w.'’&-]*){0,3}(?:\s?/\s?[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,3})*\s*$",
        ),
        # a photo agency standing alone: "Getty Images", "Shutterstock", "AP Photo/Jane Doe"
        (
            "agency_credit",
            r"^(?:Getty(?: Images)?|Shutterstock|Alamy|iStock(?:photo)?|EPA(?:-EFE)?|NurPhoto"
            r"|ZUMA(?: Press| Wire)?|(?:AP|AFP|Reuters|Xinhua|TASS) Photo)(?:\s*/\s*[\w .'’-]+)?$",
        ),
        (
            "via_credit",
            r"\bvia (?:AP|AFP|Getty Images|Reuters|EPA|Shutterstock|Bloomberg|Twitter|Instagram"
            r"|Facebook|YouTube|Handout|TASS|Sputnik|Xinhua|ZUMA(?: Wire)?|Alamy)\s*$",
        ),
        # a line opening on a photo credit with no year: "© Jane Doe A nurse gives ..."
        ("copyright_credit", r"^©\s*(?!\s*(?:19|20)\d\d)[A-Z]"),
        # the agencies' caption style: "In this Nov. 10, 2019, file photo, ...", "This undated
        # image released by ... shows"
        (
            "photo_description",
            r"^(?:In )?[Tt]his\b[^.]{0,80}?\b(?:(?:file|handout|undated|aerial|combination|family)"
            r" )?(?:photo|photograph|image|picture|screenshot|screen grab|video grab|frame grab"
            r"|still)s?\b(?:,| (?:shows|provided|released|taken|made available|obtained|from|by"
            r"|courtesy|posted|distributed|shared)\b)",
        ),
        # "Bashar al-Assad (L) and John Kerry meet", "John Kerry, left, and Sergei Lavrov, right,"
        # -- only with a photo verb on the line: "Gov. Christie (R) and Gov. Cuomo (D) announced"
        # and "politicians of all stripes, left, right and centre," are sentences, not captions
        (
            "position_marker",
            r"^(?=.*\b(?:" + _PHOTO_VERBS + r")\b)(?:.*?)(?:"
            r"\((?:L|R|C|left|right|cent(?:er|re))\)\s+(?:and|,|shakes?|speaks?|talks?)"
            r"|,\s(?:left|right|cent(?:er|re)|second (?:left|right)|from (?:left|right))\s*,)",
        ),
        # a picture described in the present tense, with no full stop: "... shake hands during ..."
        # (the line must end in a letter or digit: "... told reporters:" is a sentence cut short)
        (
            "photo_verb_no_period",
            r"^(?=.*\b(?:" + _PHOTO_VERBS + r")\b).{" + str(CAPTION_MIN_LENGTH - 1) + r",}\w$",
        ),
        # a caption's button after its credit or cut text: "(AP Photo/Jane Doe) less", "... more"
        ("caption_toggle", r"\)\s*less$|(?:\.\.\.|…)\s*more$"),
        # the agencies' caption dates a picture with the weekday and the full date: "... on
        # Tuesday, Nov. 19, 2019"; a story names only the weekday for days of the current week
        (
            "caption_date",
            r"^(?!.*[“”\"]).*?\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|Mar|Apr"
            r"|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, (?:19|20)\d\d\b",
        ),
    ),
    prompts=("read_more", "tags"),
)

#: Why each rule puts a line in its zone, in a few words: the reports show it beside the rule.
RULE_REASONS = {
    "first_line": "the first line that is not furniture",
    "page_title": "the page's title",
    "paragraph": "a paragraph of the story",
    "main_text": "a paragraph of the page's main text, as trafilatura extracted it",
    "after_caption": "the paragraph after a caption on the same line",
    "subheading": "a short line without final punctuation before a paragraph",
    "header_line": "a line without final punctuation before the first paragraph (kicker, "
    "second title, byline)",
    "headline_repeated": "repeats the headline",
    "before_credit": "the line before a photo credit",
    "after_prompt": "a link after a prompt such as 'Related coverage'",
    "repeated_line": "a short line that other articles of the corpus hold word for word",
    "share_button": "a share, print or save button",
    "advertisement": "an advertisement marker",
    "mobile_switch": "a mobile or desktop version switch",
    "comments_prompt": "a comments prompt",
    "editor_contact": "a prompt to write to the editor",
    "email_contact": "an e-mail address",
    "contact_line": "how to reach the writer or the desk, with an e-mail address",
    "copyright": "a copyright notice",
    "reprint_notice": "a reprint or personal-use notice",
    "wire_credit": "a wire, source or reporting credit",
    "byline": "a byline",
    "timestamp": "a date or time stamp",
    "reading_time": "a reading or listening time",
    "counter": "a counter or number alone (gallery position, story id)",
    "separator": "a separator without letters or digits",
    "url_line": "a web address alone",
    "media_placeholder": "where a photo, video or gallery was, or its buttons",
    "navigation": "site navigation",
    "read_more": "a prompt for more stories",
    "read_more_link": "a prompt with the linked headline",
    "continue_reading": "a 'continue reading' prompt",
    "live_updates": "a link to live updates or fuller coverage",
    "social_follow": "a prompt to follow on social media",
    "subscribe": "a newsletter or sign-up form",
    "click_here": "a 'click here' or app prompt",
    "click_to_tweet": "a quotation offered for sharing",
    "like_prompt": "a like button",
    "tags": "tags or topics",
    "support_prompt": "an appeal for support",
    "citation": "a citation notice",
    "markup": "opens on markup left in the text",
    "photo_credit": "a photo credit",
    "credit_in_parentheses": "ends in a credit in parentheses",
    "credit_suffix": "ends in a photo credit",
    "comma_credit": "ends in an agency credit after a comma",
    "slash_credit": "ends in a photographer/agency credit",
    "agency_credit": "a photo agency's credit",
    "via_credit": "ends in a 'via' credit",
    "copyright_credit": "opens on a photo credit",
    "photo_description": "describes a photo ('In this ... photo')",
    "position_marker": "places people in a photo ('(L)', ', left,')",
    "photo_verb_no_period": "a photo described in the present tense, without final punctuation",
    "caption_toggle": "a caption's 'more'/'less' button",
    "caption_date": "dates a photo with the weekday and the full date",
}


def rule_reason(rule: str) -> str:
    """Return why ``rule`` puts a line in its zone (:data:`RULE_REASONS`; a user's rule: say so)."""
    return RULE_REASONS.get(rule, "a rule from the zone rules file")


#: Caption rules whose match, on a short line, is a photo credit standing alone: the line
#: before it is the caption it credits (``before_credit``).
CREDIT_RULES = (
    "agency_credit",
    "photo_credit",
    "credit_in_parentheses",
    "credit_suffix",
    "comma_credit",
    "slash_credit",
    "via_credit",
)

_SETTINGS = (
    "subheading_max_words",
    "link_max_words",
    "credit_max_words",
    "caption_max_words",
    "repeated_max_words",
    "repeated_min_articles",
)


def load_zone_rules(path: str | Path | None, base: ZoneRules = DEFAULT_RULES) -> ZoneRules:
    """Read zone rules from a YAML file, or return ``base`` when ``path`` is empty.

    The file has ``boilerplate`` and ``caption`` mappings of rule name to regular expression. They
    extend ``base`` unless ``replace: true`` is given: a rule of the same name replaces the
    default in its place, a new rule is tried before the defaults.
    ``prompts`` lists boilerplate rules that announce a link list, ``disable`` names rules to
    switch off (any regular expression or structural rule, :data:`CONTEXT_RULES`), and
    ``settings`` changes the structural rules' limits (``subheading_max_words``, ...), and
    ``html_line_rules: true`` applies the line rules to HTML pages' main text as well.
    """
    if not path:
        return base
    path = Path(path)
    spec = read_yaml(path, "zone rules", CorpusError) or {}
    keys = {
        "boilerplate",
        "caption",
        "replace",
        "prompts",
        "disable",
        "settings",
        "html_line_rules",
    }
    if not isinstance(spec, dict) or set(spec) - keys:
        raise CorpusError(
            f"{path}: expected the keys 'boilerplate', 'caption', 'prompts', 'disable', "
            "'settings', 'html_line_rules' and optionally 'replace'"
        )
    html_line_rules = spec.get("html_line_rules", base.html_line_rules)
    if not isinstance(html_line_rules, bool):
        raise CorpusError(f"{path}: 'html_line_rules' must be true or false")
    kinds = {}
    for kind in ("boilerplate", "caption"):
        given = spec.get(kind) or {}
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise CorpusError(f"{path}: '{kind}' must map rule names to regular expressions")
        rules = {} if spec.get("replace") else dict(getattr(base, kind))
        given = {str(k): v for k, v in given.items()}
        # a rule of a default's name takes its place; a new rule is tried before the defaults,
        # so a line that both match is recorded under the user's name
        new = {k: v for k, v in given.items() if k not in rules}
        rules.update({k: v for k, v in given.items() if k in rules})
        kinds[kind] = (*new.items(), *rules.items())
    for key in ("prompts", "disable"):
        given = spec.get(key) or []
        if not isinstance(given, list) or not all(isinstance(v, str) for v in given):
            raise CorpusError(f"{path}: '{key}' must be a list of rule names")
    known = {n for kind in kinds.values() for n, _ in kind} | set(CONTEXT_RULES)
    unknown = sorted(set(spec.get("disable") or []) - known)
    if unknown:
        raise CorpusError(f"{path}: 'disable' names no rule: {', '.join(unknown)}")
    settings = spec.get("settings") or {}
    if not isinstance(settings, dict) or set(settings) - set(_SETTINGS):
        raise CorpusError(f"{path}: 'settings' may set only {', '.join(_SETTINGS)}")
    for key, value in settings.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise CorpusError(f"{path}: settings.{key} must be a whole number of at least 1")
    prompts = () if spec.get("replace") else base.prompts
    try:
        return replace(
            base,
            **kinds,
            prompts=tuple(dict.fromkeys([*prompts, *(spec.get("prompts") or [])])),
            disabled=tuple(dict.fromkeys([*base.disabled, *(spec.get("disable") or [])])),
            html_line_rules=html_line_rules,
            **settings,
        )
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from None


# --------------------------------------------------------------------------------------------
# Decoding


class UndecodableError(ValueError):
    """Raised when the bytes are not text we can read."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(raw: bytes) -> tuple[str, str, str | None]:
    r"""Decode article bytes; return (text, encoding, warning or None).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Anything else is read as
    Windows-1252, the usual encoding of older Western news sites, with a warning, since that is a
    guess. Line ends are normalised to ``\\n``. Raises :class:`UndecodableError` for binary data.
    """
    warning = None
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", raw
    else:
        encoding, body = "utf-8", raw
    if encoding != "utf-16" and b"\x00" in body:
        raise UndecodableError("binary data (NUL bytes), not a text file")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise UndecodableError(
                f"invalid {encoding} ({exc.reason} at byte {exc.start})"
            ) from None
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            raise UndecodableError(
                f"neither UTF-8 nor Windows-1252 (invalid UTF-8 at byte {exc.start}); "
                "re-save it as UTF-8"
            ) from None
        encoding = "cp1252"
        warning = (
            f"not valid UTF-8 (byte {exc.start}); decoded as Windows-1252 — check accented "
            "letters and quotes, or re-save the file as UTF-8"
        )
    allowed = max(CONTROL_CHARS_ALLOWED, len(text) // CHARS_PER_CONTROL_CHAR)
    if len(_CONTROL.findall(text)) > allowed:
        raise UndecodableError("mostly control characters: looks binary, not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, warning


# --------------------------------------------------------------------------------------------
# Zones


def _lines(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-empty line, surrounding white space excluded."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line) + 1


def _caption_end(line: str, cue_end: int, rules: ZoneRules) -> int:
    """Return where a caption that starts ``line`` ends.

    That is the first sentence end after the cue that is followed by a new sentence (capital
    letter or opening quote), else the end of the line.
    """
    abbreviation = re.compile(
        r"(?:\b(?:"
        + "|".join(map(re.escape, rules.abbreviations))
        + r")|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z])\.$"
    )
    for m in re.finditer(r"(?<=[.!?])\s+(?=[“\"‘'(]?[A-Z])", line):
        if m.start() < cue_end:
            continue
        if abbreviation.search(line[: m.start()]):
            continue
        return m.start()
    return len(line)


def _key(text: str) -> str:
    """Return a line as compared for repetition: case and runs of white space ignored."""
    return " ".join(text.casefold().split())


def _is_paragraph(seg: Segment, rules: ZoneRules) -> bool:
    """Whether a body segment reads as a paragraph: final punctuation, or longer than a heading."""
    return bool(_FINAL_PUNCTUATION.search(seg.text)) or (
        count_words(seg.text) > rules.subheading_max_words
    )


def _main_text_zones(text: str, headline: str) -> list[Segment]:
    """Zones of trafilatura's main text: the page title is the headline, every line is body."""
    segments: list[Segment] = []
    for start, end in _lines(text):
        if headline == "title" and not segments:
            segments.append(Segment("headline", start, end, text[start:end], "page_title"))
        else:
            segments.append(Segment("body", start, end, text[start:end], "main_text"))
    return segments


def _line_zones(text: str, rules: ZoneRules, headline: str) -> list[Segment]:
    """Zones from each line on its own: boilerplate rules, the headline, captions, else body."""
    segments: list[Segment] = []
    have_headline = headline == "none"
    for start, end in _lines(text):
        line = text[start:end]
        if headline == "title" and not have_headline:
            segments.append(Segment("headline", start, end, line, "page_title"))
            have_headline = True
            continue
        rule = rules.boilerplate_rule(line)
        if rule:
            segments.append(Segment("boilerplate", start, end, line, rule))
            continue
        if not have_headline:
            have_headline = True
            # a headline is not a paragraph: when the title line was furniture-like and is gone,
            # the story's first paragraph must not take its place (the text has no headline)
            if not (_FINAL_PUNCTUATION.search(line) and count_words(line) > rules.link_max_words):
                segments.append(Segment("headline", start, end, line, "first_line"))
                continue
        caption = rules.caption_match(line)
        if caption is None:
            segments.append(Segment("body", start, end, line, "paragraph"))
            continue
        name, cue_end = caption
        cut = _caption_end(line, cue_end, rules)
        segments.append(Segment("caption", start, start + cut, line[:cut], name))
        rest = line[cut:]
        if rest.strip():
            offset = start + cut + (len(rest) - len(rest.lstrip()))
            segments.append(Segment("body", offset, end, rest.strip(), "after_caption"))
    return segments


def _context_zones(segments: list[Segment], rules: ZoneRules) -> list[Segment]:
    """Apply the structural rules that look at a line's neighbours (:data:`CONTEXT_RULES`).

    In order: a line repeating the headline; a line without final punctuation between the
    headline and the first paragraph (a kicker, a second title, a byline); the line before a
    stand-alone photo credit; the short lines after a link-list prompt; a short line without
    final punctuation before a paragraph.
    """
    segs = list(segments)
    headline = next((_key(s.text) for s in segs if s.zone == "headline"), None)
    if rules.enabled("headline_repeated"):
        for i, seg in enumerate(segs):
            if seg.zone == "body" and seg.rule == "paragraph" and _key(seg.text) == headline:
                segs[i] = replace(seg, zone="boilerplate", rule="headline_repeated")

    first_sentence = next(
        (
            i
            for i, s in enumerate(segs)
            if s.zone == "body"
            and (_FINAL_PUNCTUATION.search(s.text) or count_words(s.text) > rules.link_max_words)
        ),
        None,
    )
    if rules.enabled("header_line") and first_sentence is not None:
        # only when a paragraph follows: text without final punctuation anywhere is not prose
        # with furniture in front of it
        for i, seg in enumerate(segs[:first_sentence]):
            if seg.zone == "body" and seg.rule == "paragraph":
                segs[i] = replace(seg, zone="boilerplate", rule="header_line")

    if rules.enabled("before_credit"):
        for i, seg in enumerate(segs):
            if (
                seg.zone == "caption"
                and seg.rule in CREDIT_RULES
                and count_words(seg.text) <= rules.credit_max_words
                and i > 0
                and segs[i - 1].zone == "body"
                and segs[i - 1].rule == "paragraph"
                and count_words(segs[i - 1].text) <= rules.caption_max_words
                # a paragraph of quoted speech is not a caption
                and not _QUOTE_MARK.match(segs[i - 1].text)
            ):
                segs[i - 1] = replace(segs[i - 1], zone="caption", rule="before_credit")

    if rules.enabled("after_prompt") and rules.prompts:
        in_list = False
        for i, seg in enumerate(segs):
            if seg.zone == "boilerplate":
                in_list = in_list or seg.rule in rules.prompts
                continue
            if not in_list:
                continue
            if (
                seg.zone == "body"
                and seg.rule == "paragraph"
                and count_words(seg.text) <= rules.link_max_words
                and (not _FINAL_PUNCTUATION.search(seg.text) or seg.text.endswith(("?", "!")))
            ):
                segs[i] = replace(seg, zone="boilerplate", rule="after_prompt")
            else:
                in_list = False

    if rules.enabled("subheading"):
        for i, seg in enumerate(segs):
            if seg.zone != "body" or seg.rule != "paragraph" or _is_paragraph(seg, rules):
                continue
            following = next((s for s in segs[i + 1 :] if s.zone in ("body", "subheading")), None)
            if i > 0 and following is not None and _is_paragraph(following, rules):
                segs[i] = replace(seg, zone="subheading", rule="subheading")
    return segs


def split_zones(
    text: str, rules: ZoneRules = DEFAULT_RULES, *, headline: str = "first_line"
) -> tuple[Segment, ...]:
    """Split article text into zone segments; see the module docstring for the zones.

    ``headline`` says where the headline is: ``first_line``, the first line that is not
    boilerplate (a ``.txt`` file); ``title``, the first line whatever it says (rule
    ``page_title``: the HTML reader puts the page's title there); ``none``, nowhere (an HTML page
    without a title: its first line is the text's, not a headline).
    """
    if headline not in HEADLINE_SOURCES:
        raise ValueError(f"headline must be one of {', '.join(HEADLINE_SOURCES)}, not {headline!r}")
    return tuple(_context_zones(_line_zones(text, rules, headline), rules))


def repeated_lines(
    articles: Sequence[Sequence[Segment]], rules: ZoneRules = DEFAULT_RULES
) -> set[str]:
    """Short body lines that several articles hold word for word: furniture of a site or feed.

    A line counts when at least ``rules.repeated_min_articles`` of ``articles`` (each a sequence
    of segments; pass duplicate articles once) hold it in the body or sub-heading zone, it has at
    most ``rules.repeated_max_words`` words and no quotation mark (a quotation that several
    articles carry is reporting, not furniture), and in no article does it stand next to a
    longer line (over ``repeated_max_words``) that other articles hold too: that is shared copy,
    such as a wire story, whose short lines are the story's.

    Returns
    -------
    set of str
        The lines, compared with case and runs of white space ignored.
    """
    if not rules.enabled("repeated_line"):
        return set()
    holders: dict[str, set[int]] = {}
    for n, segments in enumerate(articles):
        for seg in segments:
            if seg.zone in ("body", "subheading"):
                holders.setdefault(_key(seg.text), set()).add(n)
    shared = {k for k, v in holders.items() if len(v) >= rules.repeated_min_articles}
    candidates = {
        k
        for k in shared
        if count_words(k) <= rules.repeated_max_words and not _QUOTE_MARK.search(k)
    }
    # a line of shared copy is one whose neighbour is a longer line other articles hold too
    long_shared = {k for k in shared if count_words(k) > rules.repeated_max_words}
    in_shared_copy = set()
    for segments in articles:
        keys = [_key(s.text) for s in segments]
        for i, key in enumerate(keys):
            if key in candidates and long_shared.intersection(keys[max(i - 1, 0) : i + 2]):
                in_shared_copy.add(key)
    return candidates - in_shared_copy


def mark_repeated(segments: Sequence[Segment], lines: set[str]) -> tuple[Segment, ...]:
    """Move the body and sub-heading segments whose text is in ``lines`` to the boilerplate zone.

    ``lines`` comes from :func:`repeated_lines`; the rule recorded is ``repeated_line``.
    """
    return tuple(
        replace(s, zone="boilerplate", rule="repeated_line")
        if s.zone in ("body", "subheading") and _key(s.text) in lines
        else s
        for s in segments
    )


# --------------------------------------------------------------------------------------------
# Reading files


def _html_to_text(html: str) -> tuple[str, bool]:
    """Return an HTML page's main text, one paragraph per line, and whether its title leads.

    The title (trafilatura's metadata) goes first unless the text already starts with it.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    body = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )
    if not body or not body.strip():
        raise UndecodableError("no main text found in the HTML (trafilatura extracted nothing)")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta else ""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n".join(lines) + "\n", bool(title)


def read_article(
    path: Path, rules: ZoneRules = DEFAULT_RULES, metadata: Mapping[str, str] | None = None
) -> tuple[Article, str | None]:
    """Read one article file; return the article and a decoding warning (or None).

    Raises :class:`UndecodableError` when the file cannot be read as an article.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise UndecodableError("empty file")
    text, encoding, warning = decode(raw)
    fmt = "html" if path.suffix.lower() in (".html", ".htm") else "txt"
    headline = "first_line"
    if fmt == "html":
        text, has_title = _html_to_text(text)
        headline = "title" if has_title else "none"
    if not text.strip():
        raise UndecodableError("empty file (only white space)")
    if fmt == "html" and not rules.html_line_rules:
        segments = tuple(_main_text_zones(text, headline))
    else:
        segments = split_zones(text, rules, headline=headline)
    if not any(s.zone == "body" for s in segments):
        warning = "; ".join(
            filter(None, [warning, "no body text found (only headline, captions or boilerplate)"])
        )
    return Article(
        article_id=path.stem,
        file=path.name,
        format=fmt,
        sha256=hashlib.sha256(raw).hexdigest(),
        n_bytes=len(raw),
        encoding=encoding,
        text=text,
        segments=segments,
        metadata=dict(metadata or {}),
    ), warning


def _csv_records(path: Path, text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line number, values) of each non-blank record of a CSV text.

    Raises :class:`CorpusError` naming the file, the line where the bad record starts and the
    problem (an unclosed or stray quotation mark), instead of reading on past it: a quote left
    open would otherwise swallow the rest of the file into one value.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    last = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = (
                "a quotation mark opens a value that is never closed"
                if "end of data" in str(exc)
                else f"a stray quotation mark ({exc})"
            )
            raise CorpusError(
                f"{path}, line {last + 1}: not valid CSV: {problem}; close the quote, or write a "
                'quotation mark inside a quoted value as two ("")'
            ) from None
        if values:
            yield last + 1, values
        last = reader.line_num


def _read_metadata(path: Path) -> dict[str, dict[str, str]]:
    """Rows of the sidecar CSV keyed by its ``file`` column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: metadata file is not UTF-8; re-save it as UTF-8") from None
    records = _csv_records(path, text)
    _, header = next(records, (1, []))
    header = [h.strip() for h in header]
    if "file" not in header:
        raise CorpusError(
            f"{path}: metadata file needs a 'file' column naming each article file "
            f"(found columns: {', '.join(header) or 'none'})"
        )
    rows: dict[str, dict[str, str]] = {}
    for lineno, values in records:
        if len(values) > len(header):
            raise CorpusError(
                f"{path}, line {lineno}: {len(values)} values for {len(header)} columns "
                f"({', '.join(header)}); put a value that holds a comma in quotation marks"
            )
        row = dict(zip(header, [v.strip() for v in values]))
        name = row.get("file", "")
        if not name:
            raise CorpusError(f"{path}, line {lineno}: empty 'file' value")
        if name in rows:
            raise CorpusError(f"{path}, line {lineno}: '{name}' is listed twice")
        rows[name] = {k: row.get(k, "") for k in header if k and k != "file"}
    return rows


def _language_warning(detected: lang.Language) -> str:
    return (
        f"written in {lang.language_name(detected.code)} ({detected.code}, probability "
        f"{detected.probability:.2f}), not English: no readability scores (English formulas), "
        "and the English model's entities and quotations are unreliable"
    )


def read_corpus(
    folder: str | Path,
    rules: ZoneRules = DEFAULT_RULES,
    *,
    metadata: str | Path | None = None,
    strict: bool = False,
) -> Corpus:
    """Read every article in ``folder`` (not recursive), sorted by file name.

    Parameters
    ----------
    folder
        Folder of ``.txt`` and ``.html`` files. In a ``.txt`` file the first non-empty line that is
        not boilerplate is the headline.
    rules
        Zone rules; see :func:`load_zone_rules`.
    metadata
        CSV with a ``file`` column and any others (outlet, published, url, label...), joined by
        file name. Defaults to ``articles.csv`` inside ``folder`` when present.
    strict
        Turn every warning (skipped file, guessed encoding, duplicate) into an error.

    Short lines that several articles hold word for word are then set aside as furniture
    (:func:`repeated_lines`, rule ``repeated_line``), duplicate articles counted once.

    Raises
    ------
    CorpusError
        Missing folder, no readable article, two files with the same id, bad metadata, or any
        warning under ``strict``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise CorpusError(
            f"{folder}: {what}; give the folder that holds the articles "
            "(for make: CORPUS=path/to/articles)"
        )
    meta_path = Path(metadata) if metadata else folder / METADATA_FILE
    if metadata and not meta_path.is_file():
        raise CorpusError(f"{meta_path}: metadata file not found")
    meta = _read_metadata(meta_path) if meta_path.is_file() else {}
    aliases_path = folder / ALIASES_FILE
    try:
        aliases = aliases_path.read_text(encoding="utf-8") if aliases_path.is_file() else ""
    except UnicodeDecodeError:
        raise CorpusError(f"{aliases_path}: alias file is not UTF-8; re-save it as UTF-8") from None

    warnings: list[CorpusWarning] = []
    articles: list[Article] = []
    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path in (meta_path, aliases_path):
            continue
        if path.is_dir():
            warnings.append(
                CorpusWarning(
                    path.name,
                    "a folder, not an article file; skipped (subfolders are "
                    "not read: put the articles in the corpus folder itself)",
                )
            )
            continue
        if not path.is_file():
            warnings.append(CorpusWarning(path.name, "not a regular file; skipped"))
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            warnings.append(CorpusWarning(path.name, "not an article (.txt, .html, .htm); skipped"))
            continue
        if path.stem in seen_ids:
            raise CorpusError(
                f"{folder}: '{seen_ids[path.stem]}' and '{path.name}' would share the "
                f"article id '{path.stem}'; rename one of them"
            )
        seen_ids[path.stem] = path.name
        try:
            article, warning = read_article(path, rules, meta.get(path.name))
        except UndecodableError as exc:
            warnings.append(CorpusWarning(path.name, f"{exc}; skipped"))
            continue
        except OSError as exc:
            warnings.append(CorpusWarning(path.name, f"cannot be read ({exc.strerror}); skipped"))
            continue
        detected = lang.detect(article.body_text or article.text)
        article = replace(
            article, language=detected.code, language_probability=detected.probability
        )
        if detected.is_other:
            warning = "; ".join(filter(None, [warning, _language_warning(detected)]))
        if warning:
            warnings.append(CorpusWarning(path.name, warning))
        key = hashlib.sha256(article.text.strip().encode()).hexdigest()
        if key in seen_text:
            article = replace(article, duplicate_of=seen_text[key])
            warnings.append(
                CorpusWarning(
                    path.name, f"same text as '{seen_text[key]}' (duplicate article; both are kept)"
                )
            )
        else:
            seen_text[key] = article.article_id
        articles.append(article)
    # corpus-level evidence: short lines that several articles hold word for word
    repeated = repeated_lines([a.segments for a in articles if a.duplicate_of is None], rules)
    if repeated:
        articles = [replace(a, segments=mark_repeated(a.segments, repeated)) for a in articles]
    for name in sorted(set(meta) - {a.file for a in articles}):
        warnings.append(
            CorpusWarning(
                meta_path.name, f"lists '{name}', which is not an article read from the folder"
            )
        )
    if strict and warnings:
        raise CorpusError(
            f"{folder}/{warnings[0]} (strict mode: fix the file or run without strict)"
        )
    if not articles:
        found = "; ".join(str(w) for w in warnings) or "the folder has no .txt or .html files"
        raise CorpusError(f"{folder}: no readable articles ({found})")
    return Corpus(str(folder), tuple(articles), tuple(warnings), aliases)


# --------------------------------------------------------------------------------------------
# Serialisation (build/articles.json)


def corpus_to_json(corpus: Corpus) -> str:
    """Return the corpus as deterministic JSON (sorted keys, fixed indentation, UTF-8 text)."""
    return json.dumps(asdict(corpus), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def corpus_from_json(data: str) -> Corpus:
    """Read a corpus back from the JSON of :func:`corpus_to_json`."""
    raw = json.loads(data)
    articles = tuple(
        Article(**{**a, "segments": tuple(Segment(**s) for s in a["segments"])})
        for a in raw["articles"]
    )
    warnings = tuple(CorpusWarning(**w) for w in raw["warnings"])
    return Corpus(raw["folder"], articles, warnings, raw.get("aliases", ""))
