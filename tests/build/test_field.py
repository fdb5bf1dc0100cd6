"""Notebooks in the shapes found in the field, built as one site and opened as Colab would.

``tests/fixtures/field/`` holds notebooks written for these tests in the shapes real ones have:
a Colab export (its metadata, widget state and author's execution info), widget state as
ipywidgets 5 saved it, cell ids in an nbformat 4.4 notebook, images pasted into Jupyter (cell
attachments), file names with spaces written three ways, LaTeX with ``<``, an R notebook,
helpers in a namespace package and behind cell magics, a module the notebook writes itself,
packages Colab ships, data read from a relative path, and an embedded video. The site is
built once, with ``site_url`` at a local server of that build, and every test reads that build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from selectolax.lexbor import LexborHTMLParser

from mkdocs_colab.transforms.links import find_targets
from tests.build.test_colab_run import run_like_colab
from tests.conftest import (
    ROOT,
    BuiltSite,
    build_and_serve,
    mkdocs_build,
    write_site_at,
)

pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests/fixtures/field"
# Copies that need neither the network beyond the site nor a package the tests lack.
NEEDS_MORE = {
    "preinstalled.ipynb": "imports transformers and tensorflow, which Colab ships",
    "r-kernel.ipynb": "runs on an R kernel",
    "data-undeclared.ipynb": "reads a file it does not declare (the build warns about it)",
}
# What a copy may carry in its metadata: nothing of the author or the session.
COPY_METADATA = {"kernelspec", "language_info", "colab", "accelerator"}
COPY_COLAB_METADATA = {"name", "toc_visible", "collapsed_sections", "private_outputs", "gpuType"}
EXPECTED_WARNINGS = [
    # One per problem and notebook, naming the cell and the option to set.
    ("notebooks/data-undeclared.ipynb, cell 2", "data/births.csv", "'data'"),
    # By the copy, naming the cell; the page does not report it again.
    ("notebooks/video.ipynb, cell 0", "link 'lecture-2.ipynb'", "does not exist"),
]


@dataclass
class FieldSite:
    built: BuiltSite
    warnings: list[str]

    @property
    def dir(self) -> Path:
        return self.built.dir

    def copy(self, name: str) -> nbformat.NotebookNode:
        return nbformat.read(self.dir / "colab/notebooks" / name, as_version=4)

    def copies(self) -> list[Path]:
        return sorted((self.dir / "colab").rglob("*.ipynb"))

    def file_at(self, url: str) -> Path | None:
        """The built file an absolute URL of this site names (the URL unquoted once)."""
        if not url.startswith(self.built.base_url):
            return None
        path = self.dir / unquote(urlsplit(url).path).lstrip("/")
        return path / "index.html" if path.is_dir() else path


def corpus_files() -> dict[str, bytes]:
    return {
        p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in CORPUS.rglob("*") if p.is_file()
    }


def warnings_of(stderr: str) -> list[str]:
    """Each warning the build logged, with its continuation lines ("How to fix: ...")."""
    found: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("WARNING"):
            found.append(line)
        elif line.startswith(("  ", "\t")) and found:
            found[-1] += "\n" + line
        elif not line.startswith("INFO"):
            pass
    return found


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FieldSite]:
    """The corpus as one site, built (not strictly: one notebook is meant to warn) for a local
    address and served there."""
    root = write_site_at(tmp_path_factory.mktemp("field"), corpus_files())
    for built in build_and_serve(root, root / "site", strict=False):
        yield FieldSite(built, warnings_of(built.log))


def test_the_build_warns_once_per_problem_and_only_where_expected(field):
    assert len(field.warnings) == len(EXPECTED_WARNINGS), "\n".join(field.warnings)
    for warning, expected in zip(sorted(field.warnings), EXPECTED_WARNINGS, strict=True):
        for part in expected:
            assert part in warning


def test_every_copy_is_valid_and_carries_no_output_private_data_or_attachment(field):
    for path in field.copies():
        copy = nbformat.read(path, as_version=4)
        nbformat.validate(copy)
        assert set(copy.metadata) <= COPY_METADATA, path.name
        assert set(copy.metadata.get("colab", {})) <= COPY_COLAB_METADATA, path.name
        for cell in copy.cells:
            assert "attachments" not in cell, f"{path.name}: Colab does not show attachments"
            assert set(cell.metadata) <= {"tags", "jupyter", "collapsed", "editable"}
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_every_image_of_a_copy_is_a_url_or_data(field):
    for path in field.copies():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for target in find_targets(cell.source):
                    if target.is_image:
                        assert target.url.startswith(("http://", "https://", "data:image/")), (
                            f"{path.name}: image {target.url!r} would not load in Colab"
                        )


def test_every_site_url_in_a_copy_names_a_built_file(field):
    checked = 0
    for path in field.copies():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for target in find_targets(cell.source):
                if (file := field.file_at(target.url)) is not None:
                    assert file.is_file(), f"{path.name}: {target.url} is not in the site"
                    checked += 1
    assert checked >= 8  # the pages linked from each header, and the spaced images


def test_every_img_on_every_page_resolves(field):
    for page in sorted(field.dir.rglob("*.html")):
        page_url = field.built.base_url + page.relative_to(field.dir).as_posix()
        for img in LexborHTMLParser(page.read_text(encoding="utf-8")).css("img"):
            src = img.attributes.get("src") or ""
            if src.startswith("data:image/"):
                continue
            file = field.file_at(urljoin(page_url, src))
            assert file is not None and file.is_file(), f"{page.name}: <img src={src!r}>"


def test_copies_run_to_the_end_alone_in_an_empty_folder(field, tmp_path):
    ran = []
    for path in field.copies():
        if path.name in NEEDS_MORE:
            continue
        workdir = tmp_path / path.stem
        workdir.mkdir()
        run_like_colab(path, workdir)
        ran.append(path.name)
    assert len(ran) == len(field.copies()) - len(NEEDS_MORE)


def cell_sources(copy: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in copy.cells]


def first_lines(copy: nbformat.NotebookNode) -> list[str]:
    return [cell.source.split("\n", 1)[0] for cell in copy.cells]


def colab_export(field: FieldSite) -> None:
    copy = field.copy("colab-export.ipynb")
    assert "widgets" not in copy.metadata and "provenance" not in copy.metadata.colab
    # Saved by Colab on a T4 runtime, with no lesson options: the copy asks for that runtime.
    assert copy.metadata.accelerator == "GPU" and copy.metadata.colab.gpuType == "T4"
    page = (field.dir / "notebooks/colab-export/index.html").read_text(encoding="utf-8")
    assert "Ada Example" not in page
    assert "conditioning on only" in LexborHTMLParser(page).body.text()


def pasted_image(field: FieldSite) -> None:
    copy = field.copy("pasted-image.ipynb")
    cell = copy.cells[1]
    urls = [t.url for t in find_targets(cell.source) if t.is_image]
    assert len(urls) == 2 and all(u.startswith("data:image/png;base64,") for u in urls)


def spaced_names(field: FieldSite) -> None:
    copy = field.copy("spaced-names.ipynb")
    urls = [t.url for t in find_targets(copy.cells[1].source) if t.is_image]
    assert len(urls) == 4
    for url in urls:
        assert (file := field.file_at(url)) is not None and file.is_file(), url
    assert {field.file_at(u).name for u in urls} == {"my pic.png", "plot 100%.png"}


def r_kernel(field: FieldSite) -> None:
    copy = field.copy("r-kernel.ipynb")
    assert copy.metadata.kernelspec.name == "ir"
    assert copy.metadata.language_info.name == "R"
    assert [c.cell_type for c in copy.cells] == ["markdown", "markdown", "code", "code"]


def modular(field: FieldSite) -> None:
    lines = first_lines(field.copy("modular.ipynb"))
    written = [line.removeprefix("%%writefile ") for line in lines if line.startswith("%%write")]
    assert written == [
        "going_modular/engine.py",  # a package is written whole, before the cell
        "going_modular/utils.py",
        "timing_helper.py",
        "plotting_helper.py",
        "quiet_helper.py",
        "asked_helper.py",
        "setup_env.py",
    ]


def writes_module(field: FieldSite) -> None:
    lines = first_lines(field.copy("writes-module.ipynb"))[1:]  # after the header
    assert lines == [
        "# Writing a module from the notebook",
        "%%writefile shapes.py",
        "import shapes",
        "%%file colours.py",
        "from colours import RED",
    ]


def data_declared(field: FieldSite) -> None:
    sources = cell_sources(field.copy("data-declared.ipynb"))
    assert any('"data/births.csv": "http://127.0.0.1' in source for source in sources)


def video(field: FieldSite) -> None:
    page = (field.dir / "notebooks/video/index.html").read_text(encoding="utf-8")
    frames = LexborHTMLParser(page).css("iframe")
    assert [f.attributes["src"] for f in frames] == ["https://www.youtube.com/embed/dQw4w9WgXcQ"]


SHAPES: list[tuple[str, Callable[[FieldSite], None]]] = [
    ("a Colab export: widget state without 'state', provenance, author, LaTeX '<'", colab_export),
    ("images pasted into Jupyter (cell attachments) become data: URIs", pasted_image),
    ("spaced and percent-encoded image names link files of the site", spaced_names),
    ("an R notebook keeps its kernel and gets no Python setup", r_kernel),
    ("helpers: namespace package, after %%time/%%capture, with '?', %run", modular),
    ("a module the notebook writes itself is not a helper", writes_module),
    ("a declared data file is fetched from the site", data_declared),
    ("a YouTube iframe reaches the page", video),
]


@pytest.mark.parametrize("check", [c for _, c in SHAPES], ids=[s for s, _ in SHAPES])
def test_shape(field, check):
    check(field)


def test_the_corpus_has_every_shape_named_in_the_table():
    names = {posixpath.basename(p) for p in corpus_files() if p.endswith(".ipynb")}
    tested = {fn.__name__.replace("_", "-") + ".ipynb" for _, fn in SHAPES}
    assert tested <= names


def test_with_copy_images_embed_every_image_is_a_data_uri_and_no_attachment_is_left(tmp_path):
    """The images of the corpus, built strictly with ``copy_images: embed``."""
    images = ("notebooks/spaced-names.ipynb", "notebooks/pasted-image.ipynb", "notebooks/img/")
    files = {k: v for k, v in corpus_files().items() if k.startswith(images)}
    root = write_site_at(tmp_path, files, colab={"copy_images": "embed"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("spaced-names.ipynb", "pasted-image.ipynb"):
        copy = nbformat.read(root / "site/colab/notebooks" / name, as_version=4)
        cell = copy.cells[1]
        urls = [t.url for t in find_targets(cell.source) if t.is_image]
        assert urls and all(u.startswith("data:image/png;base64,") for u in urls), name
        assert "attachments" not in cell
