"""What was read: one row per article, one row per zone segment, words per zone.

These tables back ``notebooks/01_corpus`` and ``python -m analysis corpus``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from spacy.tokens import Doc

from .corpus import ZONES, Corpus
from .nlp import sentences_in_zone
from .text import count_words

__all__ = ["corpus_overview", "segments_table", "zone_words"]


def segments_table(corpus: Corpus) -> pd.DataFrame:
    """Every segment of every article: article_id, zone, rule, start, end, words, text.

    The offsets point into the article text, so each dropped line can be found in its file.
    """
    rows = [
        {
            "article_id": a.article_id,
            "zone": s.zone,
            "rule": s.rule,
            "start": s.start,
            "end": s.end,
            "words": count_words(s.text),
            "text": s.text,
        }
        for a in corpus
        for s in a.segments
    ]
    columns = ["article_id", "zone", "rule", "start", "end", "words", "text"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["article_id", "start"], ignore_index=True
    )


def zone_words(corpus: Corpus) -> pd.DataFrame:
    """Words per zone per article: one row per article, one column per zone, and
    ``body_share_percent`` (body words as a share of all words, 1 decimal; NaN for no words).
    """
    seg = segments_table(corpus)
    table = (
        seg.pivot_table(
            index="article_id", columns="zone", values="words", aggfunc="sum", fill_value=0
        )
        .reindex(index=corpus.ids, columns=list(ZONES), fill_value=0)
        .astype(int)
    )
    table.columns.name = None
    total = table.sum(axis=1)
    table["body_share_percent"] = (100 * table["body"] / total.where(total > 0)).round(1)
    return table.reset_index()


def corpus_overview(corpus: Corpus, docs: Sequence[Doc]) -> pd.DataFrame:
    """One row per article: headline, zone counts, body words and sentences, provenance.

    ``docs`` are the parsed articles in corpus order (see :func:`analysis.nlp.read_docs`).
    """
    if len(docs) != len(corpus):
        raise ValueError(f"{len(docs)} parsed docs for {len(corpus)} articles")
    rows = []
    for article, doc in zip(corpus, docs):
        zones = {z: article.zone(z) for z in ZONES}
        rows.append(
            {
                "article_id": article.article_id,
                "file": article.file,
                "headline": article.headline,
                **{k: v for k, v in article.metadata.items() if k != "article_id"},
                "body_paragraphs": len(zones["body"]),
                "body_words": sum(count_words(s.text) for s in zones["body"]),
                "body_sentences": len(sentences_in_zone(doc, article, "body")),
                "captions": len(zones["caption"]),
                "caption_words": sum(count_words(s.text) for s in zones["caption"]),
                "boilerplate_lines": len(zones["boilerplate"]),
                "boilerplate_words": sum(count_words(s.text) for s in zones["boilerplate"]),
                "duplicate_of": article.duplicate_of or "",
                "format": article.format,
                "encoding": article.encoding,
                "bytes": article.n_bytes,
                "sha256": article.sha256,
            }
        )
    return pd.DataFrame(rows)
