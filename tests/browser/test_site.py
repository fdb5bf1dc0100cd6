"""The real site in a real browser: launch bars, downloads, palette, search, console, a11y.

Run with ``python -m pytest -m browser``. Needs Debian's Chromium (``apt-get install chromium``);
the tests skip without it. axe-core is installed with npm into ``.cache/node`` on first use.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from mkdocs_colab.plugins.colab import notebook_files
from mkdocs_colab.site import find_repo, page_path
from tests.conftest import ROOT, BuiltSite

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCHEMES = {"light": "default", "dark": "slate"}


def _first_existing(preferred: str, pattern: str, base: Path) -> str:
    """``preferred`` (relative to ``base``) if it exists, else the first file matching."""
    if (base / preferred).is_file():
        return preferred
    found = sorted(p.relative_to(base).as_posix() for p in base.glob(pattern))
    return found[0] if found else preferred


NOTEBOOK_SRC = _first_existing("notebooks/gpu-benchmark.ipynb", "notebooks/*.ipynb", ROOT)
MARKDOWN_SRC = _first_existing("why-gpu.md", "[!i]*.md", ROOT / "docs")
NOTEBOOK_PAGE = page_path(NOTEBOOK_SRC, True)
MARKDOWN_PAGE = page_path(MARKDOWN_SRC, True)
PAGES = {"home": "", "markdown": MARKDOWN_PAGE, "notebook": NOTEBOOK_PAGE}


# -- what the site should contain, from mkdocs.yml and the sources -----------------------------


@dataclass(frozen=True)
class Lesson:
    src_uri: str  # path among the site's sources, e.g. "notebooks/intro.ipynb"
    repo_path: str  # path in the repository, for "View source"
    page: str  # site path of its page, e.g. "notebooks/intro/"
    links: dict[str, str]  # data-launch name -> expected href (download: absolute URL)
    # A page with colab.frameworks: label -> its copy's Colab link (one badge each).
    framework_links: dict[str, str] = field(default_factory=dict)


@cache
def _config(site_url: str):
    return load_config(str(ROOT / "mkdocs.yml"), site_url=site_url)


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in path.parts)


def expected_lessons(site: BuiltSite) -> list[Lesson]:
    """Every notebook and every Markdown page whose front matter sets ``colab``, with the launch
    links the plugin's documented rule gives for them."""
    config = _config(site.base_url)
    plugin = config.plugins.get("colab")
    if plugin is None or not plugin.config.enabled:
        return []
    options = plugin.config
    repo = find_repo(config.repo_url, options.repo, site.env)
    docs = Path(config.docs_dir)
    sources = [(uri, path) for uri, path in notebook_files(options, ROOT) if uri.endswith(".ipynb")]
    frameworks: dict[str, list[str]] = {}
    for path in docs.rglob("*"):
        if _is_hidden(path.relative_to(docs)) or path.suffix not in (".md", ".ipynb"):
            continue
        if path.suffix == ".md":
            _, meta = get_data(path.read_text(encoding="utf-8"))
            if meta.get("colab") in (None, False):
                continue
            if isinstance(meta["colab"], dict):
                frameworks[path.relative_to(docs).as_posix()] = meta["colab"].get("frameworks", [])
        sources.append((path.relative_to(docs).as_posix(), path))

    lessons = []
    for src_uri, path in sorted(sources):
        stem = f"{options.copy_dir}/{src_uri.rsplit('.', 1)[0]}"
        # One copy per framework, named <page>-<label as a slug>; the bar's other links open
        # the first one's.
        copies = {name: f"{stem}-{_slug(name)}.ipynb" for name in frameworks.get(src_uri, [])}
        copy = next(iter(copies.values()), f"{stem}.ipynb")
        published = f"{repo.owner}/{repo.name}/blob/{options.launch_ref}/{quote(copy)}"
        colab = f"https://colab.research.google.com/github/{repo.owner}/{repo.name}/blob/"
        framework_links = {
            name: f"{colab}{options.launch_ref}/{quote(path_)}" for name, path_ in copies.items()
        }
        launch = {
            "colab": f"https://colab.research.google.com/github/{published}",
            "kaggle": f"https://kaggle.com/kernels/welcome?src=https://github.com/{published}",
            "studiolab": f"https://studiolab.sagemaker.aws/import/github/{published}",
        }
        repo_path = path.resolve().relative_to(ROOT.resolve()).as_posix()
        links = {name: launch[name] for name in options.launch_services}
        links["download"] = urljoin(site.base_url, quote(copy))
        links["source"] = (
            f"https://github.com/{repo.owner}/{repo.name}/blob/{options.source_ref}/"
            f"{quote(repo_path)}"
        )
        page = page_path(src_uri, config.use_directory_urls)
        if "colab" not in options.launch_services:
            framework_links = {}
        lessons.append(Lesson(src_uri, repo_path, page, links, framework_links))
    return lessons


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")


def pages_with_launch_bar(site: BuiltSite) -> set[str]:
    """Site paths of the built pages that contain ``nav.colab-launch``."""
    found = set()
    for html in site.dir.rglob("*.html"):
        if "colab-launch" not in html.read_text(encoding="utf-8"):
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one("nav.colab-launch"):
            relative = html.relative_to(site.dir).as_posix()
            found.add(relative.removesuffix("index.html"))
    return found


# -- browser helpers -----------------------------------------------------------------------------


def open_page(page, site: BuiltSite, site_path: str, *, idle: bool = False) -> None:
    response = page.goto(site.url(site_path), wait_until="load")
    assert response is not None and response.ok, (
        f"{site_path or '/'}: HTTP {response and response.status}"
    )
    if idle:
        page.wait_for_load_state("networkidle")


def settle(page) -> None:
    """Wait until fetched content is in and every animation and transition has ended: colours
    are measured as drawn, and an element still fading in (Material animates the repository
    facts in once GitHub's API answers) is not yet its final colour."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """() => document.getAnimations().every(
            a => a.playState !== "running" || a.effect.getTiming().iterations === Infinity)"""
    )


def scheme(page) -> str | None:
    return page.get_attribute("body", "data-md-color-scheme")


def wait_for_scheme(page, wanted: str) -> None:
    # A function, not an expression: Playwright polls an expression with eval, which the CSP blocks.
    page.wait_for_function(
        "wanted => document.body.getAttribute('data-md-color-scheme') === wanted", arg=wanted
    )


def set_palette(page, palette: str) -> None:
    """Click the palette toggle until the page shows ``palette`` (light|dark)."""
    wanted = SCHEMES[palette]
    for _ in range(4):
        if scheme(page) == wanted:
            return
        before = scheme(page)
        page.locator("form[data-palette] label:not([hidden])").first.click()
        page.wait_for_function(
            "before => document.body.getAttribute('data-md-color-scheme') !== before", arg=before
        )
    assert scheme(page) == wanted, f"palette toggle never reached {wanted!r}"


# Contrast of every visible text in the notebook outputs against the background it is drawn on.
CONTRAST_JS = r"""
(selector) => {
  const parse = (value) => {
    let m = value.match(/^rgba?\(([^)]*)\)$/);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = value.match(/^color\(srgb ([^)]*)\)$/);
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    return null;
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color && color[3] > 0) {
        layers.push(color);
        if (color[3] >= 1) break;
      }
    }
    let result = [255, 255, 255, 1];  // the canvas
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const results = [];
  for (const area of document.querySelectorAll(selector)) {
    for (const element of [area, ...area.querySelectorAll("*")]) {
      const text = [...element.childNodes]
        .filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!text || !element.getClientRects().length) continue;
      const style = getComputedStyle(element);
      if (style.visibility === "hidden" || style.display === "none") continue;
      const bg = background(element);
      const fg = over(parse(style.color) || [0, 0, 0, 1], bg);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      results.push({
        text: text.slice(0, 60), tag: element.tagName.toLowerCase(),
        color: style.color, background: bg.slice(0, 3).map(Math.round).join(","),
        ratio: (l1 + 0.05) / (l2 + 0.05),
      });
    }
  }
  return results;
}
"""

# -- 1. launch bars ------------------------------------------------------------------------------


def test_every_lesson_and_only_lessons_get_a_launch_bar(built_site):
    lessons = expected_lessons(built_site)
    assert lessons, "no lessons found: notebooks/ has no notebook and no page sets 'colab:'"
    expected = {lesson.page for lesson in lessons}
    found = pages_with_launch_bar(built_site)
    assert found == expected, (
        f"pages with a launch bar but not lessons: {sorted(found - expected)}; "
        f"lessons without a launch bar: {sorted(expected - found)}"
    )


def test_launch_bar_links_are_the_computed_urls(page, built_site):
    problems = []
    for lesson in expected_lessons(built_site):
        open_page(page, built_site, lesson.page)
        where = f"{lesson.src_uri} ({lesson.page})"
        bars = page.locator("nav.colab-launch")
        if bars.count() != 1:
            problems.append(f"{where}: {bars.count()} launch bars")
            continue
        if not bars.first.is_visible():
            problems.append(f"{where}: launch bar is not visible")
        placement = bars.first.evaluate(
            """nav => {
                const h1 = document.querySelector('article h1, .md-content h1');
                return {
                  previous: nav.previousElementSibling && nav.previousElementSibling.tagName,
                  followsFirstH1: nav.previousElementSibling === h1,
                };
            }"""
        )
        if placement["previous"] != "H1" or not placement["followsFirstH1"]:
            problems.append(f"{where}: launch bar does not follow the page's h1 ({placement})")
        links = bars.first.locator("a[data-launch]").evaluate_all(
            """links => links.map(a => ({
                name: a.dataset.launch, framework: a.dataset.framework || null,
                href: a.getAttribute('href'), absolute: a.href,
                visible: !!a.getClientRects().length,
                images: [...a.querySelectorAll('img')].map(i => i.complete && i.naturalWidth > 0),
            }))"""
        )
        names = [link["name"] for link in links]
        expected = list(lesson.links)
        if lesson.framework_links:  # one Colab badge per framework instead of one
            expected = [
                *(n for n in expected if n != "colab"),
                *["colab"] * len(lesson.framework_links),
            ]
        if Counter(names) != Counter(expected):
            problems.append(f"{where}: links {names}, expected {expected}")
        for link in links:
            want = lesson.links.get(link["name"])
            if link["framework"] is not None:
                want = lesson.framework_links.get(link["framework"], "a listed framework")
            got = link["absolute"] if link["name"] == "download" else link["href"]
            if want is not None and got != want:
                problems.append(f"{where}: {link['name']} links to {got!r}, expected {want!r}")
            if not link["visible"]:
                problems.append(f"{where}: {link['name']} link is not visible")
            if not all(link["images"]):
                problems.append(f"{where}: {link['name']} badge image did not load")
    assert not problems, "\n".join(problems)


# -- 2. download -----------------------------------------------------------------------------


def test_download_notebook_is_a_valid_notebook(page, built_site):
    problems = []
    for lesson in expected_lessons(built_site):
        open_page(page, built_site, lesson.page)
        link = page.locator("nav.colab-launch a[data-launch=download]")
        url = link.evaluate("a => a.href")
        response = page.request.get(url)
        if not response.ok:
            problems.append(f"{lesson.src_uri}: {url} answered HTTP {response.status}")
            continue
        try:
            notebook = nbformat.reads(response.text(), as_version=4)
            nbformat.validate(notebook)
        except Exception as error:  # nbformat raises several kinds; report any
            problems.append(f"{lesson.src_uri}: {url} is not a valid notebook: {error}")
            continue
        if not notebook.cells:
            problems.append(f"{lesson.src_uri}: {url} has no cells")
        if link.get_attribute("download") is None:
            problems.append(f"{lesson.src_uri}: the download link lacks the download attribute")
    assert not problems, "\n".join(problems)


def test_links_on_lesson_pages_resolve(page, built_site):
    """Every same-site link of a lesson page leads somewhere (notebook prose links included)."""
    broken: dict[str, set[str]] = {}
    checked: dict[str, int] = {}
    for lesson in expected_lessons(built_site):
        open_page(page, built_site, lesson.page)
        hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
        for href in hrefs:
            url = urlsplit(href)._replace(fragment="").geturl()
            if not url.startswith(built_site.base_url):
                continue
            if url not in checked:
                checked[url] = page.request.get(url).status
            if checked[url] >= 400:
                broken.setdefault(lesson.page, set()).add(url.removeprefix(built_site.base_url))
    assert not broken, "links that answer 404 (page: targets):\n" + "\n".join(
        f"  {page_}: {sorted(targets)}" for page_, targets in sorted(broken.items())
    )


# -- 3. palette ------------------------------------------------------------------------------


def test_palette_toggle_switches_light_and_dark(page, built_site):
    open_page(page, built_site, NOTEBOOK_PAGE)
    form = page.locator("form[data-palette]")
    assert form.count() == 1, "no palette toggle in the header"
    inputs = form.locator("input")
    ids = inputs.evaluate_all("inputs => inputs.map(i => i.id)")
    assert len(ids) >= 2, f"palette has {len(ids)} options"
    for input_id in ids:
        assert form.locator(f"label[for='{input_id}']").count() == 1, f"no label for {input_id}"
    assert scheme(page) == "default"
    page.locator("form[data-palette] label:not([hidden])").first.click()
    wait_for_scheme(page, "slate")
    page.locator("form[data-palette] label:not([hidden])").first.click()
    wait_for_scheme(page, "default")


BUNDLE = "**/assets/javascripts/bundle.*.js"


def without_bundle(page) -> list[str]:
    """Abort Material's bundle from now on; returns the list of aborted URLs."""
    aborted = []

    def abort(route) -> None:
        aborted.append(route.request.url)
        route.abort()

    page.route(BUNDLE, abort)
    return aborted


def bundle_ran(page) -> bool:
    # The bundle swaps the root's no-js class for js first thing.
    return page.evaluate("() => document.documentElement.classList.contains('js')")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_first_visit_gets_the_system_palette_before_any_script_file_runs(
    make_page, built_site, palette
):
    # Without the theme's bundle, only the page's inline scripts can choose the palette: what
    # the body says here is what the first paint shows.
    page = make_page(color_scheme=palette)
    aborted = without_bundle(page)
    page.goto(built_site.base_url + NOTEBOOK_PAGE, wait_until="domcontentloaded")
    assert aborted and not bundle_ran(page)
    assert scheme(page) == SCHEMES[palette]


def test_a_stored_palette_choice_wins_over_the_system_one(make_page, built_site):
    page = make_page(color_scheme="dark")
    open_page(page, built_site, NOTEBOOK_PAGE)
    assert scheme(page) == "slate"
    set_palette(page, "light")  # the toggle stores the choice
    aborted = without_bundle(page)
    page.reload(wait_until="domcontentloaded")
    assert aborted and not bundle_ran(page)
    assert scheme(page) == "default"


def browser_colours(page) -> dict[str, str | None]:
    return page.evaluate(
        """() => ({
            scheme: document.querySelector('meta[name=color-scheme]')?.content,
            theme: document.querySelector('meta[name=theme-color]')?.content,
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
            metas: document.querySelectorAll('meta[name*=color]').length,
        })"""
    )


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_browser_is_told_the_palette_s_colours(page, built_site, palette):
    # color-scheme styles the scrollbars and form controls; theme-color tints mobile browsers.
    open_page(page, built_site, NOTEBOOK_PAGE)
    set_palette(page, palette)
    colours = browser_colours(page)
    assert colours["scheme"] == palette
    assert colours["theme"] == colours["header"]
    assert colours["metas"] == 2


def test_enter_on_the_palette_toggle_moves_to_the_next_palette(page, built_site):
    open_page(page, built_site, NOTEBOOK_PAGE)
    page.focus("form[data-palette] input:checked")
    page.keyboard.press("Enter")
    wait_for_scheme(page, "slate")
    assert page.evaluate("document.activeElement.checked")
    assert browser_colours(page)["scheme"] == "dark"


def after_next_frame(page) -> None:
    # Media query listeners run in a frame's update, before its animation frame callbacks.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")


def test_until_the_reader_chooses_the_palette_follows_the_system(make_page, built_site):
    page = make_page(color_scheme="light")
    open_page(page, built_site, NOTEBOOK_PAGE)
    page.emulate_media(color_scheme="dark")
    wait_for_scheme(page, "slate")
    set_palette(page, "light")
    for system in ("light", "dark"):
        page.emulate_media(color_scheme=system)
        after_next_frame(page)
    assert scheme(page) == "default"


# Records, from before the page's first byte, every change to the body's palette attributes and
# to <meta name="color-scheme">, and whether the article had been parsed when it happened.
RECORD_PALETTE_CHANGES = """
window.paletteChanges = [];
new MutationObserver(records => {
  for (const record of records) {
    const target = record.target;
    const meta = [target, ...record.addedNodes].find(
      node => node.nodeName === 'META' && node.name === 'color-scheme');
    const palette = target === document.body && /^data-md-color-/.test(record.attributeName || '');
    if (meta || palette)
      window.paletteChanges.push({
        what: palette ? record.attributeName : meta.name,
        afterArticle: !!document.querySelector('article'),
      });
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_opening_a_page_sets_the_palette_before_the_article_is_parsed(
    make_page, built_site, palette
):
    # Every change of these restyles the whole document (a `[data-md-color-switching] *` rule, and
    # Chromium's handling of color-scheme), which is cheap only while the document is the header.
    # theme-color, which only tints the browser's own bar, may follow later.
    page = make_page(color_scheme=palette)
    page.add_init_script(RECORD_PALETTE_CHANGES)
    open_page(page, built_site, NOTEBOOK_PAGE, idle=True)
    changes = page.evaluate("window.paletteChanges")
    assert {change["what"] for change in changes} >= {"color-scheme", "data-md-color-scheme"}
    late = [change["what"] for change in changes if change["afterArticle"]]
    assert not late, f"palette changes after the article was parsed: {late}"
    assert scheme(page) == SCHEMES[palette]
    colours = browser_colours(page)
    assert (colours["scheme"], colours["theme"]) == (palette, colours["header"])


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_notebook_outputs_are_readable(page, built_site, palette):
    open_page(page, built_site, NOTEBOOK_PAGE)
    set_palette(page, palette)
    settle(page)
    texts = page.evaluate(CONTRAST_JS, ".jp-OutputArea-output")
    assert texts, f"{NOTEBOOK_PAGE} shows no output text"
    low = [t for t in texts if t["ratio"] < 4.5]
    assert not low, f"{len(low)} output texts below 4.5:1 in {palette} mode:\n" + "\n".join(
        f"  {t['ratio']:.2f}:1 {t['tag']} {t['color']} on rgb({t['background']}): {t['text']!r}"
        for t in low[:15]
    )


FOCUSED_IN_NOTEBOOK_JS = """() => {
  const element = document.activeElement;
  if (!element.closest('.jupyter-wrapper')) return null;
  return {
    element: element.tagName.toLowerCase() + '.' + [...element.classList].join('.'),
    outline: getComputedStyle(element).outlineStyle,
  };
}"""


def test_keyboard_focus_is_visible_inside_notebooks(page, built_site):
    open_page(page, built_site, NOTEBOOK_PAGE)
    focused = []
    for _ in range(150):  # past the header and the navigation, through the notebook
        page.keyboard.press("Tab")
        if (now := page.evaluate(FOCUSED_IN_NOTEBOOK_JS)) is not None:
            focused.append(now)
    assert focused, f"Tab never reached an element inside the notebook on {NOTEBOOK_PAGE}"
    hidden = Counter(f["element"] for f in focused if f["outline"] == "none")
    assert not hidden, f"focused without a visible outline: {dict(hidden)}"


def test_output_images_load_when_scrolled_to_at_their_declared_size(page, built_site):
    notebooks = [x for x in expected_lessons(built_site) if x.src_uri.endswith(".ipynb")]
    checked = 0
    for lesson in notebooks:
        open_page(page, built_site, lesson.page)
        images = page.locator(".jp-OutputArea-output img")
        for index in range(images.count()):
            image = images.nth(index)
            assert image.get_attribute("loading") == "lazy"
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
            )
            natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            declared = [int(image.get_attribute("width")), int(image.get_attribute("height"))]
            assert natural == declared, f"{lesson.page}: output image {index} is {natural}"
            checked += 1
    assert checked, "no notebook page has an output image"


# -- 4. search -------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])[a-z]{7,}(?![\w-])", text))


def distinctive_word(site: BuiltSite, lesson_page: str, notebook: Path) -> str:
    """A word of the notebook's prose that the search index holds for that page only."""
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    mine: set[str] = set()
    others: set[str] = set()
    for doc in index["docs"]:
        text = unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")).lower()
        (mine if doc["location"].split("#")[0] == lesson_page else others).update(_words(text))
    prose = " ".join(
        cell.source
        for cell in nbformat.read(notebook, as_version=4).cells
        if cell.cell_type == "markdown"
    ).lower()
    candidates = sorted((mine - others) & _words(prose), key=lambda w: (-len(w), w))
    assert candidates, f"no word of {notebook.name}'s prose is unique to its page in the index"
    return candidates[0]


def test_search_finds_a_lesson_by_a_word_of_its_body(page, built_site):
    word = distinctive_word(built_site, NOTEBOOK_PAGE, ROOT / NOTEBOOK_SRC)
    open_page(page, built_site, "")
    query = page.locator("input[data-md-component=search-query]")
    if not query.is_visible():  # narrow screens show a search button instead of the field
        page.locator("label[for=__search]").first.click()
    query.click()
    query.press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    target = built_site.url(NOTEBOOK_PAGE)
    # Results carry ?h=<query> (search.highlight) and an anchor; compare the page itself.
    assert any(
        urlsplit(href)._replace(query="", fragment="").geturl() == target for href in hrefs
    ), f"searching {word!r} did not list {target}; results: {hrefs}"


# -- 5. instant navigation -------------------------------------------------------------------


def skip_without_instant_navigation(site: BuiltSite) -> None:
    if "navigation.instant" not in _config(site.base_url)["theme"].get("features", []):
        pytest.skip("mkdocs.yml does not enable navigation.instant (theme.features)")


def test_instant_navigation_to_a_notebook_renders_outputs(page, built_site, page_log):
    skip_without_instant_navigation(built_site)
    notebook_url = built_site.url(NOTEBOOK_PAGE)
    open_page(page, built_site, "")
    page.evaluate("window.__before_instant = true")
    candidates = page.locator("a[href]").evaluate_all(
        "(links, target) => links.map((a, i) => [i, a.href.split('#')[0] === target"
        " && !!a.getClientRects().length]).filter(x => x[1]).map(x => x[0])",
        notebook_url,
    )
    if candidates:  # the home page links to the notebook
        link = page.locator("a[href]").nth(candidates[0])
    else:
        # Go through the first nav page that links to the notebook.
        via = _page_linking_to(built_site, NOTEBOOK_PAGE)
        assert via is not None, f"no page links to {NOTEBOOK_PAGE}"
        page.locator(f".md-nav a[href$='{via}']").first.click()
        page.wait_for_url(built_site.url(via))
        link = page.locator(f"article a[href*='{NOTEBOOK_PAGE.rstrip('/')}']").first
    del page_log.errors[:]  # only what the instant navigation itself logs
    link.click()
    page.wait_for_url(lambda url: url.split("#")[0] == notebook_url)
    assert page.evaluate("window.__before_instant === true"), "the click reloaded the page"
    page.locator("nav.colab-launch").wait_for(state="visible")
    # Instant navigation brings the notebook stylesheet into <head> with the page.
    sheet = page.locator('head link[rel="stylesheet"][href*="assets/colab/notebook."]')
    assert sheet.count() == 1
    page.wait_for_function("link => link.sheet !== null", arg=sheet.element_handle())
    outputs = page.locator(".jp-OutputArea-output")
    outputs.first.wait_for(state="visible")
    images = page.locator(".jp-OutputArea-output img")
    if images.count():
        images.first.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=images.first.element_handle()
        )
    else:
        assert page.locator(".jp-OutputArea-output pre").first.is_visible()
    set_palette(page, "dark")  # the header, and its toggle, outlive the navigation
    assert not page_log.errors, f"instant navigation logged errors:\n{page_log.report()}"


# Records the href of every stylesheet link changed once the body has begun.
RECORD_LATE_STYLESHEET_CHANGES = """
window.lateStylesheetChanges = [];
new MutationObserver(records => {
  for (const record of records)
    if (document.body && record.target.matches('link[rel=stylesheet]'))
      window.lateStylesheetChanges.push(record.target.getAttribute('href'));
}).observe(document, {subtree: true, attributeFilter: ['href']});
"""


@pytest.mark.parametrize("name", PAGES)
def test_stylesheets_are_not_reloaded_once_the_page_is_parsed(make_page, built_site, name):
    # Instant navigation makes every URL of the page absolute; a stylesheet link whose URL
    # changes is loaded again and restyles the page. That is cheap only before the body exists.
    skip_without_instant_navigation(built_site)
    page = make_page()
    page.add_init_script(RECORD_LATE_STYLESHEET_CHANGES)
    open_page(page, built_site, PAGES[name], idle=True)
    assert page.evaluate("window.lateStylesheetChanges") == []
    sheets = page.locator("link[rel=stylesheet]").evaluate_all(
        "links => links.map(link => [link.getAttribute('href'), !!link.sheet])"
    )
    assert sheets and all(href.startswith(built_site.base_url) and ok for href, ok in sheets)


def _page_linking_to(site: BuiltSite, target: str) -> str | None:
    for html in sorted(site.dir.rglob("index.html")):
        relative = html.relative_to(site.dir).as_posix().removesuffix("index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        base = site.url(relative)
        for a in soup.select("article a[href]"):
            if urljoin(base, a["href"]).split("#")[0] == site.url(target):
                return relative
    return None


def test_notebook_copy_buttons_work_with_their_scripts_in_shared_files(make_page, built_site):
    """mkdocs-jupyter's copy button and its "Copied!" notice run from the lifted scripts."""
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    open_page(page, built_site, NOTEBOOK_PAGE)
    button = page.locator("clipboard-copy").first
    code = page.locator(f"#{button.get_attribute('for')}").inner_text()
    button.click()
    page.locator("clipboard-copy .notice").first.wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()") == code


# -- 6. console ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_no_console_errors(page, built_site, page_log, name):
    open_page(page, built_site, PAGES[name], idle=True)
    assert not page_log.errors, f"{PAGES[name] or '/'} logged errors:\n{page_log.report()}"


# -- 7. screenshots --------------------------------------------------------------------------


def test_notebook_screenshots(page, built_site, artifacts):
    open_page(page, built_site, NOTEBOOK_PAGE)
    written = []
    for palette in ("light", "dark"):
        set_palette(page, palette)
        page.evaluate("window.scrollTo(0, 0)")
        top = artifacts / f"notebook-{palette}.png"
        page.screenshot(path=str(top), animations="disabled")
        written.append(top)
        # The first plot if the notebook has one, else its last text output.
        output = page.locator(".jp-OutputArea-output img").first
        if not output.count():
            output = page.locator(".jp-OutputArea-output pre").last
        if output.count():
            output.evaluate("element => element.scrollIntoView({block: 'center'})")
            page.wait_for_function(  # output images load lazily
                "e => e.tagName !== 'IMG' || (e.complete && e.naturalWidth > 0)",
                arg=output.element_handle(),
            )
            shot = artifacts / f"notebook-output-{palette}.png"
            page.screenshot(path=str(shot), animations="disabled")
            written.append(shot)
    for path in written:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, f"{path} is not a PNG"


# -- accessibility (axe-core) ----------------------------------------------------------------


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(
    make_page, built_site, axe_script, artifacts, name, palette
):
    # The site's Content-Security-Policy blocks injected scripts, axe-core included.
    page = make_page(bypass_csp=True)
    open_page(page, built_site, PAGES[name])
    set_palette(page, palette)
    settle(page)
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.length, targets: v.nodes.map(n => n.target.join(' ')),
                why: v.nodes.map(n => (n.failureSummary || '').split('\\n').pop()),
            }));
        }"""
    )
    report = artifacts / f"axe-{name}-{palette}.json"
    report.write_text(json.dumps(violations, indent=1), encoding="utf-8")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{PAGES[name] or '/'} ({palette}): axe-core found\n" + "\n".join(
        f"  {v['impact']} {v['id']} x{v['nodes']}: {v['help']} e.g. {v['targets']}" for v in serious
    )
