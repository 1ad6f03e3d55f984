"""The language an article is written in, detected offline (py3langid).

The readability formulas are English formulas and the spaCy model is an English model: an
article in another language gets no readability score (NaN, with the reason), and the reader is
warned, instead of English numbers that mean nothing. Detection uses py3langid, a maintained
fork of langid.py (Lui & Baldwin 2012) whose model ships inside the wheel, so it works offline
and gives the same answer on every machine.

A language is only claimed when the text is long enough to tell (:data:`MIN_WORDS`) and the
detector is confident (:data:`MIN_PROBABILITY`); otherwise the language is undetermined and
nothing is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ENGLISH",
    "MAX_CHARACTERS",
    "MIN_PROBABILITY",
    "MIN_WORDS",
    "UNDETERMINED",
    "Language",
    "detect",
    "language_name",
]

#: The language of the readability formulas and of the default spaCy model (ISO 639-1).
ENGLISH = "en"
#: The code given when the text is too short or the detector unsure.
UNDETERMINED = "und"
#: Fewest words for a verdict. Measured on the detector: a headline-sized text ("Syria talks")
#: came out Finnish with probability 0.16, a 12-word German sentence German with 0.96; 20 words
#: is a short paragraph, below which a news article has no body to score anyway.
MIN_WORDS = 20
#: Lowest normalized probability taken as a verdict. Every seed and BASIL article is English
#: with probability >= 0.9999; a mixed-language text falls below.
MIN_PROBABILITY = 0.9
#: Characters read from the start of the text: the language of a long article is plain from its
#: first pages, and the cost stays flat for a 2 MB transcript.
MAX_CHARACTERS = 20_000
#: Decimals kept of the probability, so tables have the same bytes on every platform.
PROBABILITY_DECIMALS = 3

#: Names of the languages most often met in news corpora (others are shown by their code).
_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class Language:
    """The detected language of a text.

    Attributes
    ----------
    code : str
        ISO 639-1 code, or :data:`UNDETERMINED`.
    probability : float
        The detector's normalized probability of its best guess (rounded), also when the guess
        was not taken (NaN for an empty text).
    guess : str
        The detector's best guess, taken or not ("" for an empty text).
    """

    code: str
    probability: float
    guess: str

    @property
    def is_other(self) -> bool:
        """True when the text is, with confidence, not English."""
        return self.code not in (ENGLISH, UNDETERMINED)


@lru_cache(maxsize=1)
def _identifier():
    # imported here: loading the model takes a moment and only the corpus step needs it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Language:
    """Detect the language of ``text``.

    Returns
    -------
    Language
        The code (or :data:`UNDETERMINED` when the text has fewer than :data:`MIN_WORDS` words
        or the best guess is below :data:`MIN_PROBABILITY`), the probability and the guess.
    """
    sample = text[:MAX_CHARACTERS]
    if not sample.strip():
        return Language(UNDETERMINED, float("nan"), "")
    guess, probability = _identifier().classify(sample)
    probability = round(float(probability), PROBABILITY_DECIMALS)
    sure = len(sample.split()) >= MIN_WORDS and probability >= MIN_PROBABILITY
    return Language(guess if sure else UNDETERMINED, probability, guess)


def language_name(code: str) -> str:
    """Return the English name of a language code ("ru" -> "Russian"), else the code itself."""
    return _NAMES.get(code, code)
