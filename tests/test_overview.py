"""What was read (notebook 01): the corpus and segment tables, the views and the findings."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from analysis import overview
from analysis.corpus import article_labels, read_corpus
from analysis.coverage import Note
from analysis.environment import REPORTED_PACKAGES
from analysis.nlp import parse_corpus, parse_info
from analysis.story import Story

TWO = {
    # headline 3 words, body 7 words in 2 sentences, one boilerplate line of 3 words
    "a.txt": "Talks in Geneva\nKerry met Lavrov. They talked for days.\nShare this article\n",
    # headline 2 words, body 8 words in 1 sentence
    "b.txt": "Peace plan\nLavrov met Kerry again in Geneva on Monday.\n",
}


def story_of(folder, nlp, labels=None) -> Story:
    corpus = read_corpus(folder)
    docs = list(parse_corpus(corpus, nlp, progress=False))
    labels = labels or article_labels(corpus.ids, {a.article_id: a.metadata for a in corpus})
    return Story(corpus, docs, labels, parse_info(nlp, corpus))


@pytest.fixture(scope="module")
def two(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("two")
    for name, text in TWO.items():
        (folder / name).write_text(text, encoding="utf-8")
    return overview.analyse(story_of(folder, nlp))


def test_corpus_table_has_the_label_second_and_hand_counted_zones(two):
    table = two.corpus
    assert list(table.columns[:3]) == ["article_id", "label", "file"]
    assert table["label"].tolist() == ["a", "b"]
    assert table["body_words"].tolist() == [7, 8]
    assert table["body_sentences"].tolist() == [2, 1]
    assert table["boilerplate_lines"].tolist() == [1, 0]
    assert list(two.tables()) == ["corpus", "segments"]


def test_segments_and_zones_carry_the_label(two):
    assert two.segments[["label", "zone", "words"]].values.tolist() == [
        ["a", "headline", 3],
        ["a", "body", 7],
        ["a", "boilerplate", 3],
        ["b", "headline", 2],
        ["b", "body", 8],
    ]
    # body share: 7 of 3 + 7 + 3 = 13 words is 53.8%; 8 of 10 is 80.0%
    assert two.zones["body_share_percent"].tolist() == [53.8, 80.0]
    assert list(two.zones.columns[:2]) == ["article_id", "label"]


def test_a_label_column_of_the_metadata_is_replaced_by_the_story_labels(write_corpus, nlp):
    folder = write_corpus(
        {"a.txt": TWO["a.txt"], "articles.csv": "file,label,outlet\na.txt,Wire,AP\n"}
    )
    result = overview.analyse(story_of(folder, nlp))
    assert list(result.corpus.columns).count("label") == 1
    assert result.corpus[["label", "outlet"]].values.tolist() == [["Wire", "AP"]]
    relabelled = overview.analyse(story_of(folder, nlp, labels={"a": "A1"}))
    assert relabelled.corpus["label"].tolist() == ["A1"]
    assert relabelled.segments["label"].unique().tolist() == ["A1"]


def test_views(two):
    articles = overview.articles_view(two)
    assert articles.index.name == "label"
    assert articles.loc["a", "headline"] == "Talks in Geneva"
    assert list(articles.columns) == [
        "headline",
        "body_paragraphs",
        "body_words",
        "body_sentences",
        "subheadings",
        "captions",
        "boilerplate_lines",
        "duplicate_of",
        "language",
    ]
    aside = overview.set_aside_view(two)
    assert aside.index.tolist() == ["a", "a", "b"]
    assert aside["text"].tolist() == ["Talks in Geneva", "Share this article", "Peace plan"]
    assert aside["rule"].tolist() == ["first_line", "share_button", "first_line"]
    provenance = overview.provenance_view(two)
    assert list(provenance.columns) == ["file", "format", "encoding", "bytes", "sha256"]
    assert provenance.loc["b", "bytes"] == len(TWO["b.txt"].encode())


# headline, a sub-heading before a paragraph, a caption with its credit, furniture; and an
# article that is all body
ASIDE = {
    "a.txt": "Talks in Geneva\nKerry met Lavrov on Friday.\nWhat comes next\n"
    "They meet again next week.\nA convoy waits at the border (AP Photo/Jane Doe)\n"
    "Sign up for our newsletter\nShare this article\nShare on WhatsApp\n",
    "b.txt": "Peace plan\nLavrov met Kerry again in Geneva on Monday.\n",
}


@pytest.fixture(scope="module")
def aside(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("aside")
    for name, text in ASIDE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return overview.analyse(story_of(folder, nlp))


def test_set_aside_summary_says_per_article_what_and_why(aside):
    table = overview.set_aside_summary(aside)
    assert table.index.tolist() == ["a", "a", "a", "a", "a", "b"]
    assert table[["zone", "rule", "lines", "words"]].values.tolist() == [
        ["headline", "first_line", 1, 3],
        ["subheading", "subheading", 1, 3],
        ["caption", "credit_in_parentheses", 1, 9],
        ["boilerplate", "share_button", 2, 6],
        ["boilerplate", "subscribe", 1, 5],
        ["headline", "first_line", 1, 2],
    ]
    assert table["why"].iloc[1] == "a short line without final punctuation before a paragraph"
    corpus = aside.corpus.set_index("label")
    assert corpus.loc["a", ["subheadings", "subheading_words"]].tolist() == [1, 3]
    # the sub-heading is article text but not a body sentence
    assert corpus.loc["a", ["body_paragraphs", "body_sentences"]].tolist() == [2, 2]


def test_findings_name_subheadings_only_when_there_are_some(aside, two):
    assert "1 sub-heading(s) read as article text, not as sentences." in overview.findings(aside)
    assert "sub-heading" not in overview.findings(two)


def test_set_aside_summary_is_a_sentence_when_everything_is_body(aside):
    only_body = replace(aside, segments=aside.segments[aside.segments["zone"] == "body"])
    assert str(overview.set_aside_summary(only_body)) == (
        "Every line was read as body text: nothing was set aside."
    )


def test_warnings_view_is_a_sentence_when_nothing_went_wrong(two, write_corpus, nlp):
    note = overview.warnings_view(two)
    assert isinstance(note, Note)
    assert str(note) == "No file was skipped, guessed at or flagged as a duplicate."
    folder = write_corpus({"a.txt": TWO["a.txt"], "empty.txt": ""})
    table = overview.warnings_view(overview.analyse(story_of(folder, nlp)))
    assert table["file"].tolist() == ["empty.txt"]
    assert list(table.columns) == ["file", "problem"]


def test_findings_of_two_short_articles(two):
    assert overview.findings(two) == (
        "**2 articles**, 15 body words in all (7–8 per article), 0 caption(s) and 1 "
        "boilerplate line(s) set aside. Under 100 body words, too short for stable readability "
        "scores: a, b."
    )


def test_findings_of_one_article_escape_its_label(write_corpus, nlp):
    folder = write_corpus({"a.txt": TWO["a.txt"]})
    result = overview.analyse(story_of(folder, nlp, labels={"a": "*wire*"}))
    assert overview.findings(result) == (
        "**1 article**, 7 body words in all (7–7 per article), 0 caption(s) and 1 boilerplate "
        r"line(s) set aside. Under 100 body words, too short for stable readability scores: "
        r"\*wire\*. **Comparisons need at least two articles**; the later notebooks will say so."
    )


def test_findings_of_the_seeds(seed_corpus, seed_docs, nlp):
    story = Story(
        seed_corpus, seed_docs, article_labels(seed_corpus.ids), parse_info(nlp, seed_corpus)
    )
    # the README quotes these numbers
    assert overview.findings(overview.analyse(story)) == (
        "**5 articles**, 2,473 body words in all (464–553 per article), 4 caption(s) and 9 "
        "boilerplate line(s) set aside. Every article has at least 100 body words."
    )


def test_environment_table_lists_the_reported_packages_and_the_pipeline(two):
    table = overview.environment_table(two.parse)
    assert table.index.name == "package"
    assert table.index.tolist() == ["python", *REPORTED_PACKAGES, "spaCy pipeline"]
    pipeline = table.loc["spaCy pipeline", "version"]
    assert pipeline.startswith(f"{two.parse.model} {two.parse.model_version} (")
    assert "parser" in pipeline
    assert overview.environment_table(two.parse, ["no-such-package"]).loc[
        "no-such-package", "version"
    ] == ("not installed")
    assert isinstance(table, pd.DataFrame)
