"""Build a small site with the plugin and check what a reader and Colab get."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from mkdocs_colab.pages.rewrite import PLACEHOLDER_ALT
from mkdocs_colab.site import Repo, Site
from tests.conftest import ROOT, make_notebook, mkdocs_build, write_site_at

pytestmark = pytest.mark.slow

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f5a9ee0000000049454e44ae426082"
)
SITE = Site.create(
    repo=Repo("octo", "lessons"),
    site_url="https://octo.github.io/lessons/",
    launch_ref="gh-pages",
    source_ref="main",
    copy_dir="colab",
)
LESSON = make_notebook(
    ("markdown", "# First lesson\n\n![A plot](images/plot.png)"),
    ("code", "import helper\nprint(helper.greet())"),
    nbformat.v4.new_code_cell(
        "print('only in Colab')", id="c-only", metadata={"tags": ["colab-only"]}
    ),
    nbformat.v4.new_code_cell(
        "print('only on the site')", id="s-only", metadata={"tags": ["site-only"]}
    ),
    mkdocs_colab={"gpu": True},
)
MARKDOWN_LESSON = """\
---
title: Check your GPU
colab:
  gpu: true
---

# Check your GPU

!!! tip "Before you start"
    Switch the runtime to a GPU.

=== "PyTorch"

    ```python
    import json
    print(json.dumps({"framework": "torch"}))
    ```

=== "Plain Python"

    ```python
    print("plain")
    ```

![The runtime menu](../notebooks/images/plot.png){ width="300" }

See the [first lesson](../notebooks/lesson.ipynb) :material-arrow-right:
"""
FILES = {
    "notebooks/lesson.ipynb": LESSON,
    "notebooks/images/plot.png": PNG,
    "notebooks/helper.py": "def greet():\n    return 'hello'\n",
    "docs/guide/inside.ipynb": make_notebook(("markdown", "# Inside docs"), ("code", "1 + 1")),
    "docs/guide/check.md": MARKDOWN_LESSON,
}
NAV = "nav:\n  - index.md\n  - notebooks/lesson.ipynb\n  - guide/inside.ipynb\n  - guide/check.md\n"


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def site(write_site) -> Path:
    return write_site(FILES, extra=NAV)


def output(mime_bundle: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", mime_bundle)


def styled_lesson(name: str) -> str:
    """A notebook whose output is a pandas-like table with its own <style>."""
    table = f"<style scoped>.frame-{name} td {{ color: teal }}</style><table class='frame-{name}'>"
    cell = nbformat.v4.new_code_cell("df", id="table", outputs=[output({"text/html": table})])
    return make_notebook(("markdown", f"# Styled {name}"), cell)


PNG_B64 = base64.b64encode(PNG).decode()
ALT_LESSON = make_notebook(
    ("markdown", "# Alt text\n\n<img src='images/plot.png'>"),  # a raw <img>, no alt
    nbformat.v4.new_code_cell(
        "show(table, chart)",
        id="mixed",
        metadata={"mkdocs_colab": {"alt": ["The chart"]}},
        # nbconvert shows the first output as Markdown, so the cell shows one image.
        outputs=[
            output({"text/markdown": "**a table**", "image/png": PNG_B64}),
            output({"image/png": PNG_B64}),
        ],
    ),
    nbformat.v4.new_code_cell(
        "show(second)",
        id="second",
        metadata={"mkdocs_colab": {"alt": "The second chart"}},
        outputs=[output({"image/png": PNG_B64})],
    ),
)
# Notebooks for the page pass: two pages with output styles of their own, and alt text.
PAGE_FILES = {
    "notebooks/styled-a.ipynb": styled_lesson("a"),
    "notebooks/styled-b.ipynb": styled_lesson("b"),
    "notebooks/alts.ipynb": ALT_LESSON,
}
PAGE_NAV = "".join(f"  - {uri}\n" for uri in PAGE_FILES)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the fixture site, for the tests that only read what it wrote."""
    root = write_site_at(
        tmp_path_factory.mktemp("built"), {**FILES, **PAGE_FILES}, extra=NAV + PAGE_NAV
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def test_lesson_page_has_exactly_the_computed_launch_links(built):
    expected = SITE.launch_links(
        "notebooks/lesson.ipynb", "notebooks/lesson.ipynb", ["colab", "kaggle", "studiolab"]
    )
    html = page(built, "notebooks/lesson/index.html")
    bar = html.select_one("article h1 + nav.colab-launch")
    assert bar is not None, "the launch bar follows the title"
    links = {a["data-launch"]: a["href"] for a in bar.select("a[data-launch]")}
    assert links == {**expected, "download": "../../colab/notebooks/lesson.ipynb"}
    assert [img["src"] for img in bar.select("img")] == [
        f"../../assets/colab/{name}-badge.svg" for name in ("colab", "kaggle", "studiolab")
    ]
    assert all(
        (built / "site/assets/colab" / f"{n}-badge.svg").is_file() for n in ("colab", "kaggle")
    )
    button = html.select_one("a.md-content__button.colab-button")
    assert button["href"] == expected["colab"]
    edit = html.select_one("a.md-content__button[rel=edit]")
    assert edit["href"] == "https://github.com/octo/lessons/edit/main/notebooks/lesson.ipynb"


def test_tagged_cells_are_split_between_site_and_copy(built):
    text = page(built, "notebooks/lesson/index.html").get_text()
    assert "only on the site" in text and "only in Colab" not in text
    copy = nbformat.read(built / "site/colab/notebooks/lesson.ipynb", as_version=4)
    sources = "\n".join(c.source for c in copy.cells)
    assert "only in Colab" in sources and "only on the site" not in sources


def test_copy_is_colab_ready(built):
    copy = nbformat.read(built / "site/colab/notebooks/lesson.ipynb", as_version=4)
    nbformat.validate(copy)
    assert copy.metadata.accelerator == "GPU" and copy.metadata.colab.gpuType == "T4"
    assert [c.id for c in copy.cells[:2]] == ["colab-header", "colab-gpu-check"]
    sources = [c.source for c in copy.cells]
    assert "![A plot](https://octo.github.io/lessons/notebooks/images/plot.png)" in sources[2]
    assert sources.index("%%writefile helper.py\ndef greet():\n    return 'hello'") == 3
    assert (built / "site/notebooks/helper.py").is_file(), "helpers are published beside lessons"
    assert (built / "site/notebooks/images/plot.png").is_file()


def test_notebooks_under_docs_get_copies_too(built):
    assert (built / "site/colab/guide/inside.ipynb").is_file()
    links = page(built, "guide/inside/index.html").select("nav.colab-launch a[data-launch]")
    assert links[0]["href"].endswith("/blob/gh-pages/colab/guide/inside.ipynb")


def test_opted_in_markdown_page_gets_a_copy_and_the_launch_bar(built):
    bar = page(built, "guide/check/index.html").select_one("article h1 + nav.colab-launch")
    assert bar.select_one("a[data-launch=colab]")["href"].endswith(
        "/blob/gh-pages/colab/guide/check.ipynb"
    )
    copy = nbformat.read(built / "site/colab/guide/check.ipynb", as_version=4)
    assert copy.metadata.accelerator == "GPU"
    markdown = "\n".join(c.source for c in copy.cells if c.cell_type == "markdown")
    code = [c.source for c in copy.cells if c.cell_type == "code"]
    assert "> **Before you start**" in markdown and "## PyTorch" in markdown
    assert "![The runtime menu](https://octo.github.io/lessons/notebooks/images/plot.png)" in (
        markdown
    )
    assert "(https://octo.github.io/lessons/notebooks/lesson/)" in markdown
    for raw in ("!!!", "===", "{ width", ":material-"):
        assert raw not in markdown
    # The tabs are alternatives: the first one's code runs, the other's is shown.
    assert 'print(json.dumps({"framework": "torch"}))' in code[-1]
    assert '```python\nprint("plain")\n```' in markdown


SNIPPET_FILES = {
    "docs/snippets.md": (
        "---\ncolab: true\n---\n\n# Snippets\n\n"
        '--8<-- "includes/intro.md"\n\n'
        '```python\n--8<-- "includes/train.py:2:3"\n```\n\n'
        '```python\n--8<-- "includes/steps.py:setup"\n```\n\n'
        '--8<-- "includes/loop.md"\n'
    ),
    "includes/intro.md": "Intro from a file.\n",
    "includes/train.py": "import torch\nmodel = torch.nn.Linear(2, 1)\nprint(model)\n",
    "includes/steps.py": "# --8<-- [start:setup]\nimport numpy as np\n# --8<-- [end:setup]\n",
    "includes/loop.md": 'Loop text.\n--8<-- "includes/loop.md"\n',
}


def test_a_page_with_snippets_and_its_copy_hold_the_same_text(write_site):
    """pymdownx.snippets fills in both, with the site's options: line ranges, sections and an
    include loop (left out after the first pass) come out the same."""
    root = write_site(SNIPPET_FILES)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    article = page(root, "snippets/index.html").select_one("article")
    copy = nbformat.read(root / "site/colab/snippets.ipynb", as_version=4)
    code = [c.source for c in copy.cells if c.cell_type == "code"]
    assert code == [pre.get_text().rstrip("\n") for pre in article.select("pre")]
    assert code == ["model = torch.nn.Linear(2, 1)\nprint(model)", "import numpy as np"]
    shown = [p.get_text() for p in article.select("p") if "file" in p.text or "Loop" in p.text]
    markdown = [c.source for c in copy.cells if c.cell_type == "markdown"][1:]  # after the header
    assert shown == ["Intro from a file.", "Loop text."]
    assert markdown == ["# Snippets\n\nIntro from a file.", "Loop text."]  # code cells between


def test_build_never_writes_into_sources_and_rebuilds_identically(site):
    before = tree_hash(site / "notebooks"), tree_hash(site / "docs")
    first = mkdocs_build(site)
    copy = (site / "site/colab/notebooks/lesson.ipynb").read_bytes()
    second = mkdocs_build(site)
    assert (tree_hash(site / "notebooks"), tree_hash(site / "docs")) == before
    assert (site / "site/colab/notebooks/lesson.ipynb").read_bytes() == copy
    assert "Colab copies: 3 built, 0 from cache" in first.stderr
    assert "Colab copies: 0 built, 3 from cache" in second.stderr


def test_editing_a_helper_invalidates_the_cached_copy(site):
    assert mkdocs_build(site).returncode == 0
    (site / "notebooks/helper.py").write_text("def greet():\n    return 'changed'\n")
    result = mkdocs_build(site)
    assert "Colab copies: 1 built, 2 from cache" in result.stderr
    assert "'changed'" in (site / "site/colab/notebooks/lesson.ipynb").read_text()


def test_fork_gets_its_own_links_when_the_site_opts_in(write_site):
    site = write_site(FILES, colab={"repo_from_env": True}, extra=NAV)
    result = mkdocs_build(site, env={"GITHUB_REPOSITORY": "fork/lessons"})
    assert result.returncode == 0, result.stderr
    bar = page(site, "notebooks/lesson/index.html").select_one("nav.colab-launch")
    assert "github/fork/lessons/blob/gh-pages/" in bar.select_one("a[data-launch=colab]")["href"]


# What the core refuses is tested on the core (tests/unit/test_build_copies.py); these show
# that the plugin stops a strict build with the core's message, a config error, and a warning.
BAD_SITES = [
    ("invalid JSON", {"notebooks/lesson.ipynb": LESSON[:-30]}, {}, "notebooks/lesson.ipynb:"),
    ("ref with a dot", {}, {"launch_ref": "pages.v2"}, "contains '.', and Colab cannot open"),
    (
        "missing image",
        {"notebooks/lesson.ipynb": make_notebook(("markdown", "![](nope.png)"))},
        {},
        "image 'nope.png' points at notebooks/nope.png, which does not exist.",
    ),
]


@pytest.mark.parametrize(
    ("files", "options", "message"), [b[1:] for b in BAD_SITES], ids=[b[0] for b in BAD_SITES]
)
def test_bad_input_fails_the_strict_build_with_a_clear_message(write_site, files, options, message):
    root = write_site({**FILES, **files}, colab=options, extra=NAV)
    before = tree_hash(root / "notebooks")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(root / "notebooks") == before


def test_only_notebook_pages_get_the_notebook_stylesheet_in_their_head(built):
    for path in ("notebooks/lesson/index.html", "guide/inside/index.html"):
        html = page(built, path)
        [link] = html.select('link[href*="assets/colab/notebook."]')
        assert link.parent.name == "head" and link["rel"] == ["stylesheet"]
    assert not page(built, "guide/check/index.html").select('link[href*="assets/colab/notebook."]')
    # Without Material's instant navigation there are no URLs to make absolute early.
    assert "l.href=l.href" not in (built / "site/notebooks/lesson/index.html").read_text()


def test_a_theme_page_without_a_head_is_a_clear_error(write_site):
    root = write_site(FILES, extra=NAV)
    (root / "bare").mkdir()
    (root / "bare/main.html").write_text("<main>{{ page.content }}</main>")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace(str(ROOT / "overrides"), str(root / "bare")))
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert ".ipynb: the page has no <head> end tag and no <body> tag" in result.stderr
    assert "Traceback" not in result.stderr


def test_non_github_repo_url_is_a_config_error(write_site):
    root = write_site(FILES, extra=NAV)
    config = (root / "mkdocs.yml").read_text().replace("github.com/octo", "gitlab.com/octo")
    (root / "mkdocs.yml").write_text(config)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "repo_url 'https://gitlab.com/octo/lessons' is not on GitHub" in result.stderr


def test_each_notebook_page_keeps_its_own_output_styles(built):
    for name, other in (("a", "b"), ("b", "a")):
        styles = [
            s.get_text()
            for s in page(built, f"notebooks/styled-{name}/index.html").select("article style")
        ]
        assert styles == [f".frame-{name} td {{ color: teal }}"]
        assert (
            f".frame-{other}"
            not in (built / f"site/notebooks/styled-{name}/index.html").read_text()
        )


def test_alt_text_lands_on_the_image_of_its_own_cell(built):
    html = page(built, "notebooks/alts/index.html")
    images = [i for i in html.select("article .jp-Cell img") if not i.find_parent("nav")]
    raw, *outputs = images  # the launch bar's badges aside
    # The Markdown cell's own image is the author's to describe: nbconvert's placeholder stays.
    assert raw["src"] == "../images/plot.png" and raw["alt"] == PLACEHOLDER_ALT
    assert [image["alt"] for image in outputs] == ["The chart", "The second chart"]
    assert all(image["src"].startswith("../../assets/colab/notebook.") for image in outputs)


def test_without_cache_nothing_is_written_and_unused_entries_are_evicted(write_site):
    root = write_site(FILES, colab={"cache": False}, extra=NAV)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - colab/pages\n", "  - colab/pages:\n      cache: false\n")
    )
    assert mkdocs_build(root).returncode == 0
    assert not (root / ".cache/plugin").exists()

    write_site(FILES, extra=NAV)  # the same site, caches on
    stale = root / ".cache/plugin/colab-pages/stale.css"
    stale.parent.mkdir(parents=True)
    stale.write_text("a{}")
    assert mkdocs_build(root).returncode == 0
    assert not stale.exists()
    assert len(list(stale.parent.glob("*.css"))) == 1  # the one stylesheet this build used


def test_the_colab_plugin_alone_leaves_pages_as_mkdocs_jupyter_renders_them(write_site):
    root = write_site(FILES, extra=NAV)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - colab/pages\n  - colab/policy\n", ""))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site/notebooks/lesson/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("nav.colab-launch a[data-launch=colab]")  # the launch bar is there
    assert (root / "site/colab/notebooks/lesson.ipynb").is_file()
    assert not soup.select('link[href*="assets/colab/notebook."]')  # no page rewriting
    assert len(soup.select("article style")) > 1  # mkdocs-jupyter's own inline styles
    assert not soup.select('meta[http-equiv="Content-Security-Policy"]')  # no policy


def test_mkdocs_jupyter_may_not_turn_a_helper_module_into_a_page(write_site):
    root = write_site(FILES, extra=NAV)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace('include: ["*.ipynb"]', 'include: ["*.py", "*.ipynb"]')
    )
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "mkdocs-jupyter would turn the helper module notebooks/helper.py into a page" in (
        result.stderr
    )
    assert "How to fix: set 'include: [\"*.ipynb\"]'" in result.stderr
    assert "Traceback" not in result.stderr


def cache_entries(root: Path) -> set[str]:
    folder = root / ".cache/plugin"
    return {p.relative_to(folder).as_posix() for p in folder.glob("colab*/*") if p.is_file()}


def test_a_dirty_build_keeps_the_cache_entries_of_the_pages_it_skips(site):
    assert mkdocs_build(site).returncode == 0
    entries = cache_entries(site)
    assert any(e.startswith("colab-pages/") for e in entries)
    assert any(e.startswith("colab/") for e in entries)
    (site / "docs/index.md").write_text("# Home\n\nEdited.\n")
    # Not strict: MkDocs itself warns that a dirty build may leave links stale.
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=site, capture_output=True
    )
    assert dirty.returncode == 0, dirty.stderr
    assert cache_entries(site) == entries


def test_mkdocs_serve_links_copies_to_the_published_site_and_reuses_the_build_cache(site):
    import socket
    import time
    import urllib.request

    assert mkdocs_build(site).returncode == 0
    entries = cache_entries(site)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/lessons/colab/notebooks/lesson.ipynb"
        for _ in range(120):
            try:
                copy = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.25)
        else:
            raise AssertionError("mkdocs serve never served the copy")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "https://octo.github.io/lessons/" in copy
    assert "127.0.0.1" not in copy
    assert cache_entries(site) == entries
