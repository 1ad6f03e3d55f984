"""Article-derived text made safe to show: in Markdown/HTML output and in matplotlib labels.

Names, headlines, quotations and passages come from the articles, and an article can contain
anything. ``html.escape`` alone is not enough in a Markdown cell: ``[x](javascript:...)`` is a
link and ``*`` starts emphasis. In a matplotlib label a pair of ``$`` starts math mode, which
fails on text that is not TeX.
"""

from __future__ import annotations

import html
import re

__all__ = ["markdown", "plain_label"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def markdown(text: object) -> str:
    """``text`` as literal characters inside Markdown: HTML-escaped, Markdown punctuation
    backslash-escaped, line breaks as spaces.
    """
    # quote=False: "&#x27;" would put a "#" inside the reference, which the next step escapes
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def plain_label(text: object) -> str:
    """``text`` for a matplotlib title, tick label or annotation: ``$`` shown as itself."""
    return str(text).replace("$", r"\$")
