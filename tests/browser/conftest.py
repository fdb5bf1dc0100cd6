"""Browser fixtures: the real site built once, served on 127.0.0.1, driven by Debian's Chromium.

Playwright's own browser download does not work here, so the tests launch the system Chromium
(``CHROMIUM_PATH`` overrides where it is). Every request that leaves the local server is
aborted: the site must work offline, and CI must not depend on what the network does.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import shorten

import pytest

from tests.conftest import ROOT, BuiltSite

AXE_VERSION = "4.14.1"
NPM_QUIET = ("--no-audit", "--no-fund", "--loglevel=error")
NODE_DIR = ROOT / ".cache" / "node"  # git-ignored
AXE_JS = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


GITHUB_API = "https://api.github.com/repos/"
GITHUB_REPO = {"stargazers_count": 12, "forks_count": 3}


@pytest.fixture(scope="session")
def built_site(guide: BuiltSite, chromium_executable) -> BuiltSite:
    return guide


@dataclass
class PageLog:
    """What a page said: console errors, uncaught exceptions, and requests we blocked."""

    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"  console/page error: {shorten(e, 400)}" for e in self.errors]
        lines += [f"  blocked external request: {u}" for u in sorted(set(self.blocked))]
        return "\n".join(lines)


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def make_page(browser, built_site: BuiltSite, page_log: PageLog):
    """``make_page(**context_options)``: a page in a fresh context that logs console errors and
    aborts every request that does not go to the local server. Closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            **{"viewport": {"width": 1280, "height": 900}, "color_scheme": "light", **options}
        )
        contexts.append(context)
        context.set_default_timeout(15_000)

        def route(route) -> None:
            url = route.request.url
            if url.startswith(built_site.base_url):
                route.continue_()
            elif url.startswith(GITHUB_API):
                # Material's repository widget reads stars and the latest release: answer as
                # GitHub does, so pages behave as they do online.
                body = {"tag_name": "v0.1.0"} if url.endswith("/releases/latest") else GITHUB_REPO
                route.fulfill(status=200, json=body, headers={"access-control-allow-origin": "*"})
            else:
                page_log.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()

        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url") or ""
                page_log.errors.append(f"{message.text} [{where}]" if where else message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: page_log.errors.append(f"pageerror: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser bundle, installed with npm into .cache/node on first use."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if not npm:
            pytest.skip("npm not found: install Node.js/npm to run the axe-core checks")
        result = subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), f"axe-core@{AXE_VERSION}", *NPM_QUIET],
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode != 0 or not AXE_JS.is_file():
            pytest.skip(
                f"could not install axe-core@{AXE_VERSION} with npm: {result.stderr[-500:]}"
            )
    return AXE_JS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
