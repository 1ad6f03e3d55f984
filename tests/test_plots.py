"""Figures: saved with the numbers they plot, byte-identical from run to run."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis import plots
from analysis.corpus import article_labels
from analysis.overview import zone_words


def zone_figure(corpus):
    table = zone_words(corpus)
    table.insert(1, "label", table["article_id"].map(article_labels(corpus.ids)))
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
    # columns: headline, subheading, body, caption, boilerplate, body_share_percent
    # 001: caption of 31 words ("Russian Foreign Minister ... 2013. | AP"), 23 furniture words
    assert table.loc["001_47cfd1b68c902f6c"].tolist() == [7, 0, 485, 31, 23, 88.8]
    # 000: headline of 13 words, 3 for "Exit mobile version"
    assert table.loc["000_2e98f640cd47a897"].tolist() == [13, 0, 464, 0, 3, 96.7]


def test_coverage_plots_draw_empty_inputs_without_warnings():
    import warnings

    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis import plots

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would print into the report
        fig, axes = plt.subplots(4)
        plots.plot_stacked_bars(
            pd.DataFrame(columns=["label", "who", "words"]),
            label="label",
            part="who",
            value="words",
            order=["000"],
            colors={"(unattributed)": "#dddddd"},
            ax=axes[0],
        )
        plots.plot_reuse_map(
            pd.Series({"000": 10}),
            pd.DataFrame(columns=["label", "first_token", "last_token", "kind"]),
            ax=axes[1],
        )
        plots.plot_date_timeline(
            pd.DataFrame(columns=["label", "zone", "when", "text"]), order=["000"], ax=axes[2]
        )
        plots.plot_term_panels(
            pd.DataFrame(columns=["label", "term", "count", "z"]), axes=[axes[3]]
        )
        fig.canvas.draw()
    assert axes[0].get_legend() is None
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["000"]


def test_labels_with_dollar_signs_are_drawn_as_text():
    """An article label or entity name is article text: "$x^$" must not be read as TeX."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from analysis import plots

    bad = "cost $x^$"
    fig, axes = plt.subplots(6)
    plots.plot_zone_words(pd.DataFrame({"label": [bad], "body": [10]}), ax=axes[0])
    plots.plot_grade_intervals(
        pd.DataFrame(
            {"metric": ["m"], "label": [bad], "estimate": [1.0], "low": [0.5], "high": [1.5]}
        ),
        axes=[axes[1]],
    )
    plots.plot_sentence_lengths(pd.DataFrame({"label": [bad], "words": [12]}), ax=axes[2])
    plots.plot_top_entities(
        pd.DataFrame({"label": [bad], "entity": [bad], "mentions": [2]}), axes=[axes[3]]
    )
    plots.plot_label_mix(
        pd.DataFrame({"article_id": ["a"], "label": [bad], "PERSON": [3]}), ax=axes[4]
    )
    plots.plot_value_heatmap(pd.DataFrame({bad: [1.0]}, index=[bad]), ax=axes[5])
    fig.canvas.draw()  # raises ValueError if any label went to mathtext
    assert r"cost \$x^\$" in [t.get_text() for t in axes[0].get_yticklabels()]


# ---- panel grid and the figures of notebooks 01 and 02 ---------------------------------------


def test_panel_grid_rows_columns_and_height():
    fig, axes = plots.panel_grid(7, panel_height=2.0, extra=1)
    assert axes.shape == (3, 3)  # 7 panels, three to a row
    assert tuple(fig.get_size_inches()) == (11, 2.0 * 3 + 1)
    fig, axes = plots.panel_grid(2, panel_height=1.5, width=8)
    assert axes.shape == (1, 2)  # fewer panels than columns: as many columns as panels
    assert tuple(fig.get_size_inches()) == (8, 1.5 + 0.6)
    fig, axes = plots.panel_grid(0, panel_height=1.0)
    assert axes.shape == (1, 1)  # nothing to show still draws one (empty) panel
    fig, axes = plots.panel_grid(4, n_cols=2, panel_height=1.0)
    assert axes.shape == (2, 2)


def made_up_readability(scores, intervals=(), sentences=(), metrics=None, level=0.95):
    """A ReadabilityResult typed by hand: {article id: {metric: score}}, labels in upper case."""
    from analysis.readability import ReadabilityResult

    table = pd.DataFrame([{"article_id": a, "smog_valid": True, **s} for a, s in scores.items()])
    columns = ["article_id", "metric", "estimate", "low", "high", "n_boot", "sentences"]
    return ReadabilityResult(
        readability=table,
        sentences=pd.DataFrame(list(sentences), columns=["article_id", "sentence", "words"]),
        intervals=pd.DataFrame(list(intervals), columns=columns),
        labels={a: a.upper() for a in scores},
        metrics=tuple(metrics or next(iter(scores.values()))),
        level=level,
    )


# A is harder on reading ease, B on fog: one score each, the tie goes to A
TIED = {
    "a": {"flesch_reading_ease": 50.0, "gunning_fog": 10.0},
    "b": {"flesch_reading_ease": 60.0, "gunning_fog": 12.0},
}
FOG = [("a", "gunning_fog", 10.0, 9.0, 11.0, 50, 5), ("b", "gunning_fog", 12.0, 10.5, 13.5, 50, 5)]


def test_readability_ranks_title_and_numbers():
    fig, data = plots.readability_ranks(made_up_readability(TIED))
    assert fig.axes[0].get_title("left") == "A reads hardest on 1 of 2 scores"
    assert data.columns.tolist() == ["metric", "label", "score", "rank"]
    assert data["rank"].tolist() == [2.0, 1.0, 1.0, 2.0]
    nan = {"flesch_reading_ease": float("nan"), "gunning_fog": float("nan")}
    fig, _ = plots.readability_ranks(made_up_readability({"a": nan, "b": nan}))
    assert fig.axes[0].get_title("left") == "No article has a score"


def test_readability_grades_one_panel_per_shown_score():
    fig, data = plots.readability_grades(made_up_readability(TIED, FOG))
    assert fig._suptitle.get_text() == (
        "95% intervals are 2.5 grades wide; on 1 of 1 scores every article's interval overlaps "
        "every other's"
    )
    assert [ax.get_title("left") for ax in fig.axes] == ["Gunning fog"]  # reading ease has none
    assert data.columns.tolist() == [
        "metric",
        "label",
        "article_id",
        "estimate",
        "low",
        "high",
        "n_boot",
        "sentences",
    ]
    assert data["label"].tolist() == ["A", "B"]
    fig, data = plots.readability_grades(made_up_readability(TIED))
    assert fig._suptitle.get_text().startswith("No interval:") and data.empty


def test_readability_sentence_lengths_title():
    sentences = [("a", 1, 10), ("a", 2, 20), ("b", 1, 5)]
    fig, data = plots.readability_sentence_lengths(made_up_readability(TIED, sentences=sentences))
    assert fig.axes[0].get_title("left") == "Mean sentence length runs from 5 words (B) to 15 (A)"
    assert data.columns.tolist() == ["article_id", "label", "sentence", "words"]
    fig, _ = plots.readability_sentence_lengths(made_up_readability(TIED))
    assert fig.axes[0].get_title("left") == "No body sentence"


def test_corpus_zones_title_gives_the_body_share(seed_corpus, seed_docs, nlp):
    from analysis import overview
    from analysis.nlp import parse_info
    from analysis.story import Story

    story = Story(
        seed_corpus, seed_docs, article_labels(seed_corpus.ids), parse_info(nlp, seed_corpus)
    )
    fig, data = plots.corpus_zones(overview.analyse(story))
    # 000: 464 of 480 words are body (96.7%), 001: 485 of 546 (88.8%, shown as 89) is the lowest
    assert fig.axes[0].get_title("left") == "Body text is 89–97% of each article's words"
    assert data.columns.tolist() == [
        "article_id",
        "label",
        "headline",
        "subheading",
        "body",
        "caption",
        "boilerplate",
        "body_share_percent",
    ]
