"""Browser fixtures: the real site built once, served on 127.0.0.1, driven by Debian's Chromium.

Playwright's own browser download does not work here, so the tests launch the system Chromium
(``CHROMIUM_PATH`` overrides where it is). Every request that leaves the local server is
aborted: the site must work offline, and CI must not depend on what the network does.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import shorten

import pytest

from tests.browser.chromium import CHROMIUM_ARGS
from tests.conftest import ROOT

AXE_VERSION = "4.14.1"
NPM_QUIET = ("--no-audit", "--no-fund", "--loglevel=error")
NODE_DIR = ROOT / ".cache" / "node"  # git-ignored
AXE_JS = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


GITHUB_API = "https://api.github.com/repos/"
GITHUB_REPO = {"stargazers_count": 12, "forks_count": 3}


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and Path(path).is_file() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@dataclass
class BuiltSite:
    """The real site, built with ``site_url`` = ``base_url`` and served there."""

    dir: Path
    base_url: str  # ends with '/'
    env: dict[str, str] = field(repr=False)  # the environment the site was built with

    def url(self, site_path: str = "") -> str:
        return self.base_url + site_path.lstrip("/")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not found: run 'apt-get install chromium' (or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="session")
def built_site(
    tmp_path_factory: pytest.TempPathFactory, chromium_executable
) -> Iterator[BuiltSite]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("browser-site")
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield BuiltSite(out, base_url, env)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


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
