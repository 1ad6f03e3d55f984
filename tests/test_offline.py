"""After setup nothing touches the network: syllables, the spaCy model, HTML extraction, figures."""

from __future__ import annotations

import socket

import pytest
from conftest import NetworkBlocked


def test_the_guard_itself_blocks_outside_connections(no_network):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("pypi.org", 443), timeout=1)
    assert no_network == [("pypi.org", 0)]


def test_syllables_come_from_the_packaged_dictionary_offline(no_network, monkeypatch, tmp_path):
    import nltk
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    from analysis.syllables import count_syllables, syllable_source, use_offline_cmudict

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])  # no NLTK copy to find
    monkeypatch.setattr(_count_syllables, "get_cmudict", _count_syllables.get_cmudict)
    use_offline_cmudict()
    # CMU: SYRIA = S IH1 R IY0 AH0 (3), FIRE = F AY1 ER0 (2); textstat's Pyphen fallback would
    # count 2 and 1, so 5 proves the dictionary answered.
    assert count_syllables("Syria fire") == 5
    assert [syllable_source(w) for w in ("Syria", "fire", "Lavrov")] == [
        "cmudict",
        "cmudict",
        "pyphen",
    ]
    assert textstat.flesch_reading_ease("The cat sat on the mat. It was happy.") > 90
    assert no_network == []
    # and the problem is real: textstat's own loader goes to the network for NLTK's copy
    _get_cmudict.get_cmudict.cache_clear()
    with pytest.raises((LookupError, NetworkBlocked)):
        _get_cmudict.get_cmudict("en")
    assert no_network, "textstat's own loader should have tried to download cmudict"


def test_corpus_and_spacy_pass_run_offline(no_network, seed_dir, write_corpus):
    from analysis.corpus import read_corpus
    from analysis.nlp import load_model, parse_corpus

    corpus = read_corpus(seed_dir)
    nlp = load_model()
    assert len(list(parse_corpus(corpus, nlp, progress=False))) == 5
    html = (
        "<html><head><title>T</title></head><body><article><p>"
        + "Kerry met Lavrov. " * 20
        + "</p></article></body></html>"
    )
    assert read_corpus(write_corpus({"a.html": html}))["a"].body
    assert no_network == []
