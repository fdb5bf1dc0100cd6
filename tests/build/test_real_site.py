"""The guide itself builds strictly, and every navigation entry becomes a page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from mkdocs_colab.pages.links import broken_links
from mkdocs_colab.pages.rewrite import PLACEHOLDER_ALT, is_executable
from mkdocs_colab.plugins.pages import ABSOLUTE_STYLESHEET_URLS
from mkdocs_colab.site import page_path
from tests.conftest import ROOT, BuiltSite

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_site(guide: BuiltSite) -> Path:
    return guide.dir


def page_links(text: str) -> list[str]:
    """Every link, stylesheet, image and script URL of a page."""
    soup = BeautifulSoup(text, "html.parser")
    tags = soup.select("a[href], link[href], img[src], script[src], source[src]")
    return [tag.get("href") or tag.get("src") or "" for tag in tags]


def nav_files(items) -> list[str]:
    files = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        files += nav_files(value) if isinstance(value, list) else [value]
    return files


def test_every_nav_entry_renders_to_a_page(real_site):
    config = load_config(str(ROOT / "mkdocs.yml"))
    entries = [f for f in nav_files(config["nav"]) if "://" not in f]
    assert "index.md" in entries
    for entry in entries:
        page = real_site / page_path(entry, config["use_directory_urls"]) / "index.html"
        assert page.is_file(), f"nav entry {entry} has no page at {page}"
        assert "<h1" in page.read_text(encoding="utf-8")


def test_every_notebook_has_a_colab_copy(real_site):
    notebooks = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")
    )
    for notebook in notebooks:
        assert (real_site / "colab" / notebook).is_file()


RAW_MARKUP = ("!!!", "???", "===", "--8<--", "{ .", "{: ", ":material-", ":fontawesome-")


def test_no_mkdocs_markup_survives_in_any_copy(real_site):
    copies = sorted((real_site / "colab").rglob("*.ipynb"))
    assert copies
    for copy in copies:
        notebook = nbformat.read(copy, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                found = [raw for raw in RAW_MARKUP if raw in cell.source]
                assert not found, f"{copy.name} cell {index} shows raw {found}"


def test_no_link_or_image_in_the_built_site_is_broken(real_site, guide):
    """Offline, over every page the build wrote: internal targets must exist."""

    def exists(path: str) -> bool:
        target = real_site / path
        return target.is_file() or (target / "index.html").is_file()

    broken = {}
    for page in real_site.rglob("*.html"):
        site_path = page.relative_to(real_site).as_posix()
        links = page_links(page.read_text(encoding="utf-8"))
        if bad := broken_links(links, site_path, exists, base=urlsplit(guide.base_url).path):
            broken[site_path] = bad
    assert broken == {}


def test_notebook_pages_are_light_labelled_and_share_stylesheet_and_scripts(real_site):
    stylesheets, scripts = set(), []
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        page = real_site / "notebooks" / notebook.stem / "index.html"
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert html.select("article style") == []
        inline = html.select("article script:not([src])")
        assert [s for s in inline if is_executable(s.get("type"))] == []
        assert html.select("article link") == []
        # in <head>, where Material's instant navigation swaps stylesheets between pages
        stylesheets |= {
            link["href"].split("/")[-1]
            for link in html.select('head link[rel="stylesheet"][href*="assets/colab/notebook."]')
        }
        # (mkdocs-jupyter's MathJax loader has an empty src when no MathJax URL is configured)
        scripts.append(
            [s["src"].split("/")[-1] for s in html.select("article script[src]") if s["src"]]
        )
        for image in html.select(".jp-OutputArea img"):
            assert image["alt"] and image["alt"] != PLACEHOLDER_ALT
            assert int(image["width"]) > 0 and int(image["height"]) > 0
            # a file beside the other shared assets, fetched when it nears the viewport
            assert image["loading"] == "lazy" and not image["src"].startswith("data:")
            assert (page.parent / image["src"]).resolve().is_file()
        assert html.select_one('meta[name="description"]')["content"]
    [name] = stylesheets
    assert name.startswith("notebook.") and (real_site / "assets/colab" / name).is_file()
    # mkdocs-jupyter writes the same scripts into every notebook page: each page loads one copy
    assert scripts[0] and all(names == scripts[0] for names in scripts)
    assert all((real_site / "assets/colab" / name).is_file() for name in scripts[0])


def test_stylesheet_urls_are_made_absolute_before_the_body_is_parsed(real_site):
    """With instant navigation, a script right after the last stylesheet link makes their URLs
    absolute, as Material's bundle would later, when changing them would restyle every element.
    """
    for page in sorted(real_site.rglob("*.html")):
        relative = page.relative_to(real_site).as_posix()
        if relative == "404.html":  # Material's own template, outside the plugin's page events
            continue
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        tags = head.find_all(["link", "script", "style"])
        fix = [i for i, tag in enumerate(tags) if tag.string == ABSOLUTE_STYLESHEET_URLS]
        last_sheet = max(i for i, tag in enumerate(tags) if "stylesheet" in tag.get("rel", ()))
        assert len(fix) == 1 and fix[0] > last_sheet, relative


def test_instant_navigation_runs_only_scripts_every_policy_allows(real_site):
    """Instant navigation keeps the first page's Content-Security-Policy and re-runs the
    inline scripts of each page's content container: those must be the same on every page."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    if "navigation.instant" not in config["theme"]["features"]:
        pytest.skip("navigation.instant is off")
    scripts = {}
    for page in sorted(real_site.rglob("index.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        container = html.select_one('[data-md-component="container"]')
        if container is None:  # a redirect or the 404 page
            continue
        # Material re-inserts every inline script without its type, so data scripts count too.
        inline = container.select("script:not([src])")
        scripts[page.relative_to(real_site).as_posix()] = sorted(s.get_text() for s in inline)
    first = next(iter(scripts.values()))
    assert first and all(texts == first for texts in scripts.values())
