"""Figures: saved with the numbers they plot, byte-identical from run to run."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis import plots
from analysis.overview import zone_words


def zone_figure(corpus):
    table = zone_words(corpus)
    table.insert(1, "label", table["article_id"].map(plots.article_labels(corpus.ids)))
    plots.style()
    fig, ax = plt.subplots()
    plots.plot_zone_words(table, ax=ax)
    return fig, table


def test_figure_files_are_written_with_their_numbers_and_same_bytes_twice(tmp_path, seed_corpus):
    fig, table = zone_figure(seed_corpus)
    first = plots.save_figure(fig, table, tmp_path / "a", "zones")
    assert [p.name for p in first] == ["zones.png", "zones.svg", "zones.csv"]
    fig2, table2 = zone_figure(seed_corpus)
    second = plots.save_figure(fig2, table2, tmp_path / "b", "zones")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    saved = pd.read_csv(first[2], dtype={"label": str})
    assert saved["body"].tolist() == table["body"].tolist()
    assert b"<dc:date>" not in first[1].read_bytes()


def test_zone_words_per_seed(seed_corpus):
    table = zone_words(seed_corpus).set_index("article_id")
    # 001: caption of 31 words ("Russian Foreign Minister ... 2013. | AP"), 23 furniture words
    assert table.loc["001_47cfd1b68c902f6c"].tolist() == [7, 485, 31, 23, 88.8]
    # 000: headline of 13 words, 3 for "Exit mobile version"
    assert table.loc["000_2e98f640cd47a897"].tolist() == [13, 464, 0, 3, 96.7]


def test_article_labels_prefer_metadata_then_unique_prefixes():
    labels = plots.article_labels(["000_2e98", "001_47cf"], {"000_2e98": {"label": "Sputnik"}})
    assert labels == {"000_2e98": "Sputnik", "001_47cf": "001"}
    # prefixes that collide ("nyt") are not used: every article keeps its id
    ids = ["000_2e98", "nyt_story", "nyt_other"]
    assert plots.article_labels(ids) == {i: i for i in ids}
    # user labels that collide fall back to ids too
    assert plots.article_labels(["a", "b"], {"a": {"label": "X"}, "b": {"label": "X"}}) == {
        "a": "a", "b": "b"}
