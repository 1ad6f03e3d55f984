"""Word counting as the readability formulas mean it.

Flesch, Kincaid, Fog and friends count *words* as a reader sees them: runs of characters between
white space that contain a letter or a digit ("Russia’s", "war-torn" and "48-hour" are one word
each; a lone dash is none). spaCy tokens are the wrong unit here ("Russia’s" is two tokens), so
this module does not use them. textstat's ``lexicon_count`` counts the same way (it strips
punctuation and splits on white space).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "WORD_PATTERN",
    "CONTENT_ZONES",
    "Token",
    "count_words",
    "familiar_words",
    "tokens",
    "words",
]

#: A word: a white-space separated run that holds at least one letter or digit.
WORD_PATTERN = re.compile(r"\S+")
_HAS_ALNUM = re.compile(r"[^\W_]")


def words(text: str) -> list[str]:
    """Return the words of ``text`` in order (white-space runs with a letter or digit)."""
    return [w for w in WORD_PATTERN.findall(text) if _HAS_ALNUM.search(w)]


def count_words(text: str) -> int:
    """Count the words in ``text``; see :func:`words`."""
    return len(words(text))


#: The zones the comparisons read: what a reader of the article sees as its text (sub-headings
#: are text of the article, though not sentences: readability reads the body alone).
CONTENT_ZONES = ("headline", "subheading", "body", "caption")

# a dotted abbreviation ("U.S.") is one token; otherwise runs of letters and digits, an
# apostrophe inside a word kept ("Russia’s")
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_DROP = str.maketrans("", "", ".'’")


class Token(NamedTuple):
    """A word with case and punctuation normalized away, and where it is in the text.

    Attributes
    ----------
    norm : str
        The word in lower case, without full stops and apostrophes ("U.S." -> "us").
    start, end : int
        Character offsets of the word as written (shifted by the ``offset`` given to
        :func:`tokens`).
    """

    norm: str
    start: int
    end: int


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Return the normalized tokens of ``text``, for comparing wordings.

    Lower case, no punctuation, so "U.S." = "US" = "us" and "Russia’s" = "Russia's" = "russias";
    hyphenated words and numbers split ("48-hour" is "48", "hour"). Offsets are into ``text``,
    shifted by ``offset``.
    """
    return [
        Token(m.group().lower().translate(_DROP), m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(text)
    ]


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """Return the Dale–Chall list of about 3,000 words familiar to readers, lower case.

    textstat's copy of the list (Dale & Chall 1948, revised 1995): the readability formulas'
    easy words, and the entity pass's test of a common English word ("house", "river").
    """
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    return frozenset(get_lang_easy_words("en_US"))
