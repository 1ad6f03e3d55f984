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
    # 001: caption of 31 words ("Russian Foreign Minister ... 2013. | AP"), 23 furniture words
    assert table.loc["001_47cfd1b68c902f6c"].tolist() == [7, 485, 31, 23, 88.8]
    # 000: headline of 13 words, 3 for "Exit mobile version"
    assert table.loc["000_2e98f640cd47a897"].tolist() == [13, 464, 0, 3, 96.7]


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
