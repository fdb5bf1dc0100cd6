"""A new user's first site: the wheel installed with stock mkdocs-material and mkdocs-jupyter
into a fresh virtualenv, a site written from scratch (no file of this repository), built
strictly, and its notebook page opened in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.build.test_plugin_build import PNG
from tests.conftest import ROOT, free_port, make_notebook, serving

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PUBLISHED = "octo/course/blob/gh-pages/colab/notebooks/demo.ipynb"
LAUNCH = {
    "colab": f"https://colab.research.google.com/github/{PUBLISHED}",
    "kaggle": f"https://kaggle.com/kernels/welcome?src=https://github.com/{PUBLISHED}",
    "studiolab": f"https://studiolab.sagemaker.aws/import/github/{PUBLISHED}",
    "download": "../../colab/notebooks/demo.ipynb",
    "source": "https://github.com/octo/course/blob/main/docs/notebooks/demo.ipynb",
}
DEMO = make_notebook(
    ("markdown", "# Demo\n\n![A plot](images/plot.png)"),
    ("code", "import helper\nprint(helper.greet())"),
)


@pytest.fixture(scope="session")
def fresh_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with the built wheel and its extras, nothing else: one per test session.
    Versions are held to this environment's, which pip's cache and wheel folders already hold."""
    work = tmp_path_factory.mktemp("adoption")
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", work, ROOT],
        check=True,
        capture_output=True,
    )
    [wheel] = work.glob("mkdocs_colab-*.whl")
    pins = subprocess.run(
        [*pip, "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
    ).stdout
    (work / "pins.txt").write_text(pins, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "venv", work / "venv"], check=True)
    venv = work / "venv/bin"
    result = subprocess.run(
        [
            venv / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            work / "pins.txt",
            f"{wheel}[jupyter,material]",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return venv


# The mkdocs theme runs highlight.js from cdnjs inline; the browser here gets empty answers
# from every other origin, so the theme's own call would fail. Its highlighting is not ours.
THEME_OPTIONS = {"mkdocs": {"highlightjs": False}}


def new_site(root: Path, theme: str, plugins: str = "") -> Path:
    """What the guide's 'Use it on your site' page tells a user to write."""
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
            site_name: My course
            site_url: https://octo.github.io/course/
            repo_url: https://github.com/octo/course
            theme: {json.dumps({"name": theme, **THEME_OPTIONS.get(theme, {})})}
            nav:
              - Home: index.md
              - Demo: notebooks/demo.ipynb
            plugins:
              - search
              - colab
              - mkdocs-jupyter
              - colab/pages
            """)
        + plugins,
        encoding="utf-8",
    )
    files = {
        "docs/index.md": "# My course\n",
        "docs/notebooks/demo.ipynb": DEMO,
        "docs/notebooks/helper.py": "def greet():\n    return 'hello'\n",
        "docs/notebooks/images/plot.png": PNG,
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def build(venv: Path, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [venv / "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def launch_bar(root: Path) -> dict[str, str]:
    html = (root / "site/notebooks/demo/index.html").read_text(encoding="utf-8")
    bar = BeautifulSoup(html, "html.parser").select_one("h1 + nav.colab-launch")
    assert bar is not None, "the launch bar follows the notebook's title"
    return {a["data-launch"]: a["href"] for a in bar.select("a[data-launch]")}


def assert_copy_is_colab_ready(root: Path) -> None:
    copy = nbformat.read(root / "site/colab/notebooks/demo.ipynb", as_version=4)
    nbformat.validate(copy)
    sources = [c.source for c in copy.cells]
    assert "![A plot](https://octo.github.io/course/notebooks/images/plot.png)" in "\n".join(
        sources
    )
    assert "%%writefile helper.py\ndef greet():\n    return 'hello'" in sources
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")


EMPTY = {".css": "text/css", ".js": "text/javascript"}
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def on_console(message, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(f"{message.text} [{message.location.get('url', '')}]")


def open_in_chromium(browser, folder: Path) -> Iterator[tuple[list[str], list[str], set[str]]]:
    """Console errors, policy violations and the other origins the notebook page asked for.
    Those origins get an empty answer, as if the network were there with nothing to say."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    errors: list[str] = []
    origins: set[str] = set()

    def route(route) -> None:
        url = route.request.url
        if url.startswith(base):
            route.continue_()
            return
        parts = urlsplit(url)
        origins.add(f"{parts.scheme}://{parts.netloc}")
        kind = next((t for end, t in EMPTY.items() if parts.path.endswith(end)), "text/css")
        route.fulfill(status=200, body="", headers={"content-type": kind})

    with serving(folder, port):
        context = browser.new_context()
        try:
            context.route("**/*", route)
            context.add_init_script(VIOLATIONS)
            page = context.new_page()
            page.on("console", lambda m: on_console(m, errors))
            page.on(
                "response",
                lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )
            page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
            page.goto(base + "notebooks/demo/", wait_until="networkidle")
            page.locator("nav.colab-launch").wait_for(state="visible")
            violations = page.evaluate("window.__violations")
        finally:
            context.close()
    yield errors, violations, origins


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_new_site_gets_the_launch_bar_and_a_colab_ready_copy(fresh_bin, browser, tmp_path, theme):
    site = new_site(tmp_path, theme)
    result = build(fresh_bin, site)
    assert result.returncode == 0, result.stderr
    assert launch_bar(site) == LAUNCH
    assert_copy_is_colab_ready(site)
    for errors, _, origins in open_in_chromium(browser, site / "site"):
        print(f"{theme} loads from: {sorted(origins)}")  # what a policy has to allow
        assert errors == []


def test_with_the_policy_on_the_page_breaks_no_rule(fresh_bin, browser, tmp_path):
    site = new_site(tmp_path, "material", plugins="  - colab/policy\n")
    result = build(fresh_bin, site)
    assert result.returncode == 0, result.stderr
    for errors, violations, _ in open_in_chromium(browser, site / "site"):
        assert violations == []
        assert errors == []
