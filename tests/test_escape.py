"""Article text shown in reports stays text: Markdown cells and matplotlib labels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import mistune
import pytest

from analysis.escape import markdown, plain_label

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "*not emphasis* and _not_ either",
    "# not a heading",
]


def _nbconvert(text: str) -> str:
    """Markdown as the reports render it (nbconvert's filter, with its $...$ math handling)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _index(text: str) -> str:
    from analysis.report_index import markdown_html

    return markdown_html(text)


RENDERERS = {"mistune": mistune.html, "nbconvert": _nbconvert, "index": _index}


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("text", [*HOSTILE, "pledged $5 billion (in aid) and <b>$3</b> more"])
def test_markdown_escaping_leaves_no_markup(text, renderer):
    rendered = RENDERERS[renderer](markdown(text))
    for tag in ("<script", "<img", "<a ", "<em>", "<h1"):
        assert tag not in rendered, rendered
    if "<" in text:  # the reader sees the angle brackets as written
        assert "&lt;" in rendered and "&amp;lt;" not in rendered
    assert "\\" not in rendered  # no escape character shows
    if "$" in text:  # and dollar amounts are text, not math
        assert "$5 billion (in aid)" in rendered


def test_markdown_escaping_keeps_ordinary_text_readable():
    assert mistune.html(markdown("U.S. talks - 48-hour truce")) == (
        "<p>U.S. talks - 48-hour truce</p>\n"
    )
    assert mistune.html(markdown("document.title='pwned' & \"x\"")) == (
        "<p>document.title='pwned' &amp; &quot;x&quot;</p>\n"
    )


def test_a_dollar_sign_in_a_label_is_not_math():
    fig, ax = plt.subplots()
    # loc="center" explicitly: plots.style() (run by other tests) moves default titles left
    ax.set_title("cost $x^$ rose", loc="center")
    with pytest.raises(ValueError):  # as mathtext, this is an error
        fig.canvas.draw()
    ax.set_title(plain_label("cost $x^$ rose"), loc="center")
    fig.canvas.draw()
    assert ax.get_title(loc="center") == r"cost \$x^\$ rose"
