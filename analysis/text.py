"""Word counting as the readability formulas mean it.

Flesch, Kincaid, Fog and friends count *words* as a reader sees them: runs of characters between
white space that contain a letter or a digit ("Russia’s", "war-torn" and "48-hour" are one word each;
a lone dash is none). spaCy tokens are the wrong unit here ("Russia’s" is two tokens), so this module
does not use them. textstat's ``lexicon_count`` counts the same way (it strips punctuation and
splits on white space).
"""

from __future__ import annotations

import re

__all__ = ["WORD_PATTERN", "count_words", "words"]

#: A word: a white-space separated run that holds at least one letter or digit.
WORD_PATTERN = re.compile(r"\S+")
_HAS_ALNUM = re.compile(r"[^\W_]")


def words(text: str) -> list[str]:
    """Return the words of ``text`` in order (white-space runs with a letter or digit)."""
    return [w for w in WORD_PATTERN.findall(text) if _HAS_ALNUM.search(w)]


def count_words(text: str) -> int:
    """Number of words in ``text``; see :func:`words`."""
    return len(words(text))
