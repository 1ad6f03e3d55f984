"""The language of an article: detected offline; other languages get no English scores."""

from __future__ import annotations

import math

import pytest

from analysis import language
from analysis import readability as r
from analysis.corpus import read_corpus
from analysis.nlp import parse_corpus

# Written for these tests: the same short news paragraph in three languages.
ENGLISH = (
    "The two foreign ministers met in Geneva on Thursday and agreed to resume talks next week. "
    "Officials said the meeting lasted four hours and ended without a joint statement."
)
RUSSIAN = (
    "Министры иностранных дел двух стран встретились в Женеве в четверг и договорились "
    "возобновить переговоры на следующей неделе. Чиновники сообщили, что встреча длилась "
    "четыре часа и закончилась без совместного заявления."
)
GERMAN = (
    "Die beiden Außenminister trafen sich am Donnerstag in Genf und vereinbarten, die "
    "Gespräche in der nächsten Woche fortzusetzen. Beamte sagten, das Treffen habe vier "
    "Stunden gedauert und sei ohne gemeinsame Erklärung zu Ende gegangen."
)


@pytest.mark.parametrize(
    ("text", "code", "other"),
    [(ENGLISH, "en", False), (RUSSIAN, "ru", True), (GERMAN, "de", True)],
)
def test_a_paragraph_is_detected(text, code, other):
    detected = language.detect(text)
    assert detected.code == code
    assert detected.probability >= language.MIN_PROBABILITY
    assert detected.is_other is other


def test_too_short_to_tell_is_undetermined_and_withholds_nothing():
    assert language.detect("").code == language.UNDETERMINED
    assert math.isnan(language.detect("   ").probability)
    short = language.detect("Syria talks")  # 2 words < MIN_WORDS
    assert short.code == language.UNDETERMINED and not short.is_other
    assert short.guess != ""  # the guess is kept for the reader, not used


def test_language_names():
    assert language.language_name("ru") == "Russian"
    assert language.language_name("xx") == "xx"


def test_a_russian_article_is_warned_about_and_gets_no_scores(write_corpus, nlp):
    folder = write_corpus(
        {"en.txt": "Talks resume\n" + ENGLISH + "\n", "ru.txt": "Переговоры\n" + RUSSIAN + "\n"}
    )
    corpus = read_corpus(folder)
    assert [a.language for a in corpus] == ["en", "ru"]
    assert [str(w) for w in corpus.warnings] == [
        "ru.txt: written in Russian (ru, probability 1.00), not English: no readability scores "
        "(English formulas), and the English model's entities and quotations are unreliable"
    ]
    docs = list(parse_corpus(corpus, nlp, progress=False))
    table = r.readability_table(corpus, docs).set_index("article_id")
    assert table.loc["ru", list(r.METRICS)].isna().all()
    assert math.isnan(table.loc["ru", "textstat_flesch_reading_ease"])
    assert table.loc["ru", "notes"].startswith("written in Russian (ru, probability 1.00)")
    assert table.loc["ru", "words"] > 0  # the counts stay: the reader sees what was read
    assert table.loc["en", list(r.METRICS)].notna().all()
    assert table["language"].tolist() == ["en", "ru"]


def test_strict_mode_refuses_an_article_in_another_language(write_corpus):
    from analysis.corpus import CorpusError

    folder = write_corpus({"de.txt": "Gespräche\n" + GERMAN + "\n"})
    with pytest.raises(CorpusError, match="de.txt: written in German"):
        read_corpus(folder, strict=True)
