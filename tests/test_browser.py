"""The HTML reports in a real browser: offline, error-free, navigable, safe with hostile articles.

`make all` runs once on a seed article plus two hostile ones (a .txt and an .html whose headline,
body and caption carry a <script>, an <img onerror> and a javascript: link), then Debian's chromium,
driven by Playwright, opens every reports/*.html from disk. Playwright's own browsers are never
downloaded: the tests use /usr/bin/chromium (`make test` installs it with apt-get when missing).
Without it they are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import JOBS, PROJECT, SEEDS, make

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACT = PROJECT / "build" / "test-artifacts" / "index.png"

SEED = "000_2e98f640cd47a897.txt"
SCRIPT = "<script>document.title='pwned';alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(1)">'
LABEL = "<img src=x onerror=alert(3)>"  # the .txt article's label, from the metadata sidecar
# A sentence copied from seed 000 with Markdown and TeX characters inside: notebook 04 quotes it,
# as this article prints it, in its summary (this article sorts first, so it is article A).
COPIED = (
    "Russia and the *United* States agreed yesterday to Moscow to use $influence$ with the "
    "sides fighting in Syria in order to accelerate progress"
)
QUOTE = f"{SCRIPT} we are *close* to a $deal$"
HOSTILE_TXT = f"""Kerry meets Lavrov {SCRIPT} {IMG}
John Kerry met Sergei Lavrov in Geneva on Monday {SCRIPT} and said talks on Syria would go on.
Lavrov told reporters in Geneva {IMG} that Russia wanted a ceasefire in Aleppo.
{COPIED} towards a political solution.
“{QUOTE},” Kerry said.
Read the {LINK}full statement</a> | AP
"""
HOSTILE_TXT_NAME = "0000_hostile.txt"
HOSTILE_HTML = f"""<!DOCTYPE html>
<html><head><title>{LINK.replace("<", "&lt;").replace(">", "&gt;")}Lavrov&lt;/a&gt; meets Kerry
in Geneva</title><script>alert('a script in the source page')</script></head>
<body><article><p>Sergei Lavrov met John Kerry in Geneva on Tuesday.
{SCRIPT.replace("<", "&lt;").replace(">", "&gt;")} The two men talked about Syria for five hours,
officials said, and agreed to meet again in Geneva next month.</p>
<p>Vladimir Putin spoke in Moscow {IMG.replace("<", "&lt;").replace(">", "&gt;")} about the
ceasefire and the aid convoys to Aleppo, which the United Nations has asked for since June.</p>
<p>Kerry said the United States wanted the fighting to stop before the talks resumed.</p>
</article></body></html>
"""
HOSTILE_HTML_NAME = "901_<em>hostile.html"

# What the browser reports about a page once it has loaded (see visit()).
FACTS = """() => {
  const decode = f => { try { return decodeURIComponent(f); } catch (e) { return f; } };
  const target = f => document.getElementById(f) || document.getElementById(decode(f));
  const all = [...document.querySelectorAll('*')];
  return {
    title: document.title,
    images: [...document.images].map(i => [i.getAttribute('src').slice(0, 22), i.naturalWidth]),
    toc: [...document.querySelectorAll('nav a')].map(a => {
      const href = a.getAttribute('href');
      return [href, href.startsWith('#') && target(href.slice(1)) !== null];
    }),
    headings: [...document.querySelectorAll(
      '.jp-MarkdownCell h1[id], .jp-MarkdownCell h2[id]')].map(h => h.id),
    injected: {
      'img src=x': document.querySelectorAll('img[src="x"]').length,
      'on* attribute': all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
      'javascript: link': [...document.querySelectorAll('[href], [src]')].filter(e =>
        (e.getAttribute('href') || e.getAttribute('src') || '').trim().toLowerCase()
          .startsWith('javascript:')).length,
      'hostile script': [...document.scripts].filter(s => /pwned|alert\\(/.test(s.textContent))
        .length,
      'em from a file name': [...document.querySelectorAll('em')].filter(
        e => e.textContent.startsWith('hostile')).length,
    },
    emphasized: [...document.querySelectorAll('em, strong')].map(e => e.textContent)
      .filter(t => ['United', 'close', 'influence', 'deal'].includes(t.replace(/[$*]/g, ''))),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    text: document.body.innerText,
    size: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  };
}"""


@dataclass
class Visit:
    """What happened while one page loaded, and what it holds."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"{CHROMIUM} is missing under CI; `make test` installs Debian's chromium "
                "with apt-get: check that step's output"
            )
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium (`make test` does it with "
            "apt-get where it can) to run the browser tests"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def out(chromium, tmp_path_factory) -> Path:
    """`make all` on the seed article and the two hostile ones; returns OUT."""
    root = tmp_path_factory.mktemp("browser")
    corpus = root / "articles"
    corpus.mkdir()
    shutil.copy2(SEEDS / SEED, corpus / SEED)
    (corpus / HOSTILE_TXT_NAME).write_text(HOSTILE_TXT, encoding="utf-8")
    (corpus / HOSTILE_HTML_NAME).write_text(HOSTILE_HTML, encoding="utf-8")
    (corpus / "articles.csv").write_text(
        f"file,label\n{HOSTILE_TXT_NAME},{LABEL}\n", encoding="utf-8"
    )
    make(JOBS, "all", f"CORPUS={corpus}", f"OUT={root / 'out'}")
    return root / "out"


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=FLAGS)
        yield browser
        browser.close()


def visit(browser, path: Path, screenshot: Path | None = None) -> Visit:
    seen = Visit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
    page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())  # stay offline
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # time for any onerror handler to fire
    seen.facts = page.evaluate(FACTS)
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return seen


@pytest.fixture(scope="module")
def visits(out, browser) -> dict[str, Visit]:
    """Every reports/*.html, opened once (index.html with a full-page screenshot, kept for CI
    as build/test-artifacts/index.png)."""
    ARTIFACT.unlink(missing_ok=True)
    pages = {}
    for html in sorted((out / "reports").glob("*.html")):
        pages[html.stem] = visit(browser, html, ARTIFACT if html.name == "index.html" else None)
    return pages


def test_every_notebook_has_a_report_and_the_index_links_them(visits, out):
    names = sorted(p.stem for p in (PROJECT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(visits) == sorted(["index", *names])
    index = visits["index"].facts
    links = [urlparse(link) for link in index["links"]]
    linked = {Path(unquote(u.path)).name for u in links if u.scheme == "file" and not u.fragment}
    assert linked == {f"{name}.html" for name in names}
    assert all((out / "reports" / name).is_file() for name in linked)


def test_pages_load_offline_without_errors(visits):
    problems = {
        name: (v.console_errors, v.page_errors)
        for name, v in visits.items()
        if v.console_errors or v.page_errors
    }
    assert problems == {}
    outside = {
        name: [u for u in v.requests if not u.startswith(("file:", "data:"))]
        for name, v in visits.items()
    }
    assert outside == {name: [] for name in visits}


def test_every_image_is_embedded_and_decodes(visits):
    for name, v in visits.items():
        images = v.facts["images"]
        assert images, f"{name}: no image"
        assert [src for src, width in images if width == 0] == [], name
        assert {src for src, _ in images} == {"data:image/png;base64,"}, name
    # one thumbnail per report whose notebook tags a main figure (all of them here)
    assert len(visits["index"].facts["images"]) == len(visits) - 1


def test_contents_link_to_the_title_and_every_section(visits):
    for name, v in visits.items():
        toc = v.facts["toc"]
        assert len(toc) >= 2, f"{name}: no table of contents"
        assert [href for href, found in toc if not found] == [], name
        if name != "index":
            assert {href[1:] for href, _ in toc} >= set(v.facts["headings"]), name


def test_hostile_article_never_runs(visits):
    for name, v in visits.items():
        assert v.dialogs == [], name
        assert "pwned" not in v.facts["title"]
        expected = "News coverage reports: 3 articles" if name == "index" else name
        assert v.facts["title"] == expected, name
        assert v.facts["injected"] == {key: 0 for key in v.facts["injected"]}, name


def test_hostile_strings_show_as_text(visits):
    for name in ("index", "01_corpus"):
        text = visits[name].facts["text"]
        assert SCRIPT in text and IMG in text, name
        assert f"{LINK}Lavrov</a> meets Kerry" in text, name  # the .html article's headline
        assert HOSTILE_HTML_NAME in text, name
    assert f"{LINK}full statement</a> | AP" in visits["01_corpus"].facts["text"]  # a caption
    for name in ("index", "01_corpus"):  # the label, in 01's summary (Markdown) and its table
        assert LABEL in visits[name].facts["text"], name
    # 04 quotes the copied passage in its summary, * and $ included: no emphasis, no math
    for name in ("index", "04_coverage"):
        assert f"{COPIED} towards a political solution" in visits[name].facts["text"], name
    assert visits["04_coverage"].facts["emphasized"] == [], "article text became emphasis"


def test_index_screenshot_is_kept_as_a_test_artifact(visits):
    """The screenshot is the whole index page as drawn: its size is the page's, taller than the
    window, and it shows the pictures (many colours, not a blank page)."""
    from PIL import Image

    with Image.open(ARTIFACT) as shot:
        assert shot.format == "PNG"
        width, height = visits["index"].facts["size"]
        assert shot.size == (width, height) and width == 1280
        assert height > 900, "the page fits in the window: a full-page shot proves nothing"
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 256, "the screenshot is nearly blank"
