"""A Story from build/ (what notebooks load) and from a folder (what the CLI reads)."""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.config import PROJECT_ROOT
from analysis.nlp import NlpError
from analysis.story import Story, load_build, read_story

ARTICLES = {
    "a_first.txt": "Kerry meets Lavrov\nJohn Kerry flew to Geneva on Friday. The talks lasted.\n",
    "b_second.txt": "Talks in Geneva\nSergei Lavrov met John Kerry. They spoke for ten hours.\n",
}


def annotations(doc):
    """What the measures read from a doc: tokens, tags, lemmas, parse, entities, sentences."""
    return [
        (t.idx, t.text, t.tag_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


@pytest.fixture
def tiny_build(write_corpus, tmp_path):
    """Two short articles parsed by `python -m analysis parse` into tmp_path/build."""
    folder = write_corpus(ARTICLES)
    build = tmp_path / "build"
    assert main(["parse", str(folder), "--build", str(build)]) == 0
    return build


def test_load_build_reads_what_the_parse_step_wrote(tiny_build):
    story = load_build(tiny_build)
    assert isinstance(story, Story)
    assert story.ids == ["a_first", "b_second"] and len(story) == 2
    # the docs are the parse of the articles, in the same order, text for text
    assert [d.text for d in story.docs] == [a.text for a in story.corpus]
    assert [s.text.strip() for s in story.docs[1].sents][-1] == "They spoke for ten hours."
    # ids share no prefix before "_": the prefixes are the labels
    assert story.labels == {"a_first": "a", "b_second": "b"}
    assert story.parse.articles == tuple((a.article_id, a.sha256) for a in story.corpus)


def test_load_build_without_a_build_says_what_to_run(tmp_path):
    with pytest.raises(NlpError) as error:
        load_build(tmp_path / "build")
    message = str(error.value)
    assert str(tmp_path / "build" / "articles.json") in message
    assert "parsed corpus not found; run 'make all'" in message
    assert f"analysis parse CORPUS --build {tmp_path / 'build'}" in message


def test_load_build_takes_a_relative_path_from_the_project_root():
    with pytest.raises(NlpError, match="parsed corpus not found") as error:
        load_build("no-such-build-folder")
    assert str(PROJECT_ROOT / "no-such-build-folder" / "articles.json") in str(error.value)


def test_load_build_without_docs_zip_says_what_to_run(tiny_build):
    (tiny_build / "docs.zip").unlink()
    with pytest.raises(NlpError, match="docs.zip: parsed articles not found; run 'make all'"):
        load_build(tiny_build)


def test_load_build_labels_come_from_the_metadata(write_corpus, tmp_path):
    folder = write_corpus(
        {**ARTICLES, "articles.csv": "file,label\na_first.txt,Wire\nb_second.txt,Daily\n"}
    )
    assert main(["parse", str(folder), "--build", str(tmp_path / "build")]) == 0
    assert load_build(tmp_path / "build").labels == {"a_first": "Wire", "b_second": "Daily"}


def test_read_story_prints_one_warning_line_per_file(write_corpus, capsys):
    folder = write_corpus({**ARTICLES, "notes.md": "not an article\n", "empty.txt": "  \n"})
    story = read_story(folder)
    assert story.ids == ["a_first", "b_second"]
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {folder}/empty.txt: empty file; skipped",
        f"warning: {folder}/notes.md: not an article (.txt, .html, .htm); skipped",
    ]


def test_read_story_labels_from_metadata_and_the_same_story_as_the_build(write_corpus, tmp_path):
    folder = write_corpus(
        {**ARTICLES, "articles.csv": "file,label\na_first.txt,Wire\nb_second.txt,\n"}
    )
    story = read_story(folder)
    # a label given wins; an empty one falls back to the id's prefix
    assert story.labels == {"a_first": "Wire", "b_second": "b"}
    assert main(["parse", str(folder), "--build", str(tmp_path / "build")]) == 0
    built = load_build(tmp_path / "build")
    assert built.corpus == story.corpus and built.labels == story.labels
    assert [annotations(d) for d in built.docs] == [annotations(d) for d in story.docs]
