"""No vector runs in a reader's browser: the site that publishes sanitized content is opened
page by page in Chromium, with a hook on every dialog (each payload calls alert) and on every
request that leaves the site (each other payload navigates or loads from elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from mkdocs_colab.policy import MERMAID
from tests.conftest import BuiltSite, build_and_serve, write_site_at
from tests.vectors import site_files

pytestmark = pytest.mark.browser

# The theme's own requests, not a payload's: Material's fonts, the repository's facts, and
# Mermaid on the page with a diagram (the policy's configured script sources).
THEME_REQUESTS = (
    "https://fonts.googleapis.com/",
    "https://fonts.gstatic.com/",
    "https://api.github.com/",
    *MERMAID,
)


@pytest.fixture(scope="module")
def sanitized_site(
    tmp_path_factory: pytest.TempPathFactory, chromium_executable
) -> Iterator[BuiltSite]:
    root = write_site_at(tmp_path_factory.mktemp("sanitized"), site_files())
    config = root / "mkdocs.yml"
    sanitize = "  - colab/policy:\n      unsafe_content: sanitize\n"
    config.write_text(config.read_text().replace("  - colab/policy\n", sanitize))
    # Not strict: each removal is a warning, and the point is what is published.
    yield from build_and_serve(root, root / "site", strict=False)


def published_pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "assets" not in path.relative_to(site).parts
    )


def test_no_published_page_runs_a_payload(browser, sanitized_site):
    pages = published_pages(sanitized_site.dir)
    assert len(pages) > 90, "every vector was published, sanitized"
    context = browser.new_context()
    page = context.new_page()
    ran: list[str] = []
    current = [""]

    def on_dialog(dialog) -> None:
        ran.append(f"{current[0]}: a dialog ({dialog.message!r})")
        dialog.dismiss()

    def on_request(route) -> None:
        url = route.request.url
        if url.startswith(sanitized_site.base_url) or url.startswith(THEME_REQUESTS):
            route.continue_()
            return
        if not url.startswith("data:"):
            ran.append(f"{current[0]}: a request to {url}")
        route.abort()

    page.on("dialog", on_dialog)
    context.route("**/*", on_request)
    try:
        for path in pages:
            current[0] = path
            try:
                page.goto(sanitized_site.url(path), wait_until="load")
            except PlaywrightError as error:  # a payload navigated away before the page loaded
                ran.append(f"{path}: {error.message.splitlines()[0]}")
            page.wait_for_timeout(50)  # autofocus, ontoggle and animations fire just after load
    finally:
        context.close()
    assert ran == []
