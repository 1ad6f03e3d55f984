"""Article-derived text made safe to show: in Markdown/HTML output and in matplotlib labels.

Names, headlines, quotations and passages come from the articles, and an article can contain
anything. ``html.escape`` alone is not enough in a Markdown cell: ``[x](javascript:...)`` is a
link and ``*`` starts emphasis. In a matplotlib label a pair of ``$`` starts math mode, which
fails on text that is not TeX.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Note", "markdown", "plain_label"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def markdown(text: object) -> str:
    """Return ``text`` as literal characters inside Markdown.

    HTML is escaped, Markdown punctuation backslash-escaped, line breaks become spaces.
    """
    # quote=False: "&#x27;" would put a "#" inside the reference, which the next step escapes
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def plain_label(text: object) -> str:
    """Return ``text`` for a matplotlib title, tick label or annotation: ``$`` shown as itself."""
    return str(text).replace("$", r"\$")


@dataclass(frozen=True)
class Note:
    """A Markdown sentence shown where a table has nothing to show.

    Jupyter renders it as Markdown (like ``IPython.display.Markdown``), so a view function can
    return either a table or a note and the notebook displays whichever it gets.

    Attributes
    ----------
    text : str
        The Markdown, article-derived parts already escaped (:func:`markdown`).
    """

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        """Return the Markdown text."""
        return self.text
