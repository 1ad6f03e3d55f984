"""Word counting as the readability formulas mean it."""

import pytest
import textstat

from analysis.text import count_words, words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia’s war-torn neighbour", ["Russia’s", "war-torn", "neighbour"]),
        ("a 48-hour truce — then talks", ["a", "48-hour", "truce", "then", "talks"]),
        ("“Yes,” he said.", ["“Yes,”", "he", "said."]),
        ("U.S. - Russia", ["U.S.", "Russia"]),
        ("", []),
        ("  \n\t ", []),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


def test_count_agrees_with_textstat_lexicon_count():
    text = (
        "U.S. Secretary of State John Kerry said the two sides would “try in the next 48 hours” "
        "to agree on a ceasefire — a 12-point plan, Lavrov’s aides said."
    )
    assert count_words(text) == 28 == textstat.lexicon_count(text)
