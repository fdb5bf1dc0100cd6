"""The cells a copy starts with: where it comes from, the GPU check, installs, data files.

Each generated cell is short, commented for the learner who reads it, and safe to run twice:
nothing is installed that the runtime already has (Colab ships torch, numpy, pandas, ...) and
no data file is downloaded that is already there.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from nbformat import NotebookNode

from ..errors import ColabError, Location
from .context import CopyContext
from .generated import code_cell, markdown_cell
from .runtime import kernel_language, runs_python


def add_setup_cells(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    cells = [header_cell(context)]
    if not runs_python(notebook):
        _refuse_python_setup(notebook, context)
        notebook.cells = cells + notebook.cells
        return notebook
    if context.options.gpu:
        cells.append(code_cell(gpu_check_source(context.options.gpu), "colab-gpu-check"))
    if context.options.requirements:
        cells.append(code_cell(install_source(context.options.requirements), "colab-install"))
    if context.options.data:
        cells.append(code_cell(data_source(_data_urls(context)), "colab-data"))
    notebook.cells = cells + notebook.cells
    return notebook


def _refuse_python_setup(notebook: NotebookNode, context: CopyContext) -> None:
    """Installs and data downloads are Python cells: a notebook on another kernel cannot run
    them, so a lesson that asks for them is refused rather than given cells that fail."""
    asked = [name for name in ("requirements", "data") if getattr(context.options, name)]
    if asked:
        kernel = notebook.metadata.get("kernelspec", {}).get("display_name")
        language = kernel_language(notebook)
        raise ColabError(
            f"declares {' and '.join(repr(a) for a in asked)}, but its kernel is "
            f"{kernel or language!r}; the cells that install packages and fetch data files "
            "are Python.",
            where=Location(context.shown_as),
            fix=f"Remove {' and '.join(repr(a) for a in asked)} from the lesson's mkdocs_colab "
            f"metadata and install or download in the notebook's own {language} cells.",
        )


def header_cell(context: CopyContext) -> NotebookNode:
    text = (
        f"> This notebook is the Colab copy of **[{context.title}]({context.page_url})**. "
        f"Its source is [on GitHub]({context.source_url}). "
        "To keep your changes, use *File > Save a copy in Drive*."
    )
    return markdown_cell(text, "colab-header")


def gpu_check_source(gpu: str) -> str:
    return f"""\
# This lesson runs best on a GPU. Check that the runtime has one.
import shutil
import subprocess

if shutil.which("nvidia-smi") and subprocess.run(["nvidia-smi", "-L"]).returncode == 0:
    print("GPU runtime: ready.")
else:
    print(
        "No GPU found: this runtime is CPU-only, so the lesson will run slowly.\\n"
        "In Colab: Runtime > Change runtime type > Hardware accelerator: {gpu} GPU > Save,\\n"
        "then run the notebook again from the top."
    )"""


def install_source(requirements: tuple[str, ...]) -> str:
    listed = "".join(f"\n    {json.dumps(spec)}," for spec in requirements)
    return f"""\
# Install what this lesson needs, only where the runtime lacks it.
import importlib.metadata
import subprocess
import sys

from packaging.requirements import Requirement


def missing(spec):
    requirement = Requirement(spec)
    try:
        version = importlib.metadata.version(requirement.name)
    except importlib.metadata.PackageNotFoundError:
        return True
    return not requirement.specifier.contains(version, prereleases=True)


needed = [spec for spec in [{listed}
] if missing(spec)]
if needed:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *needed])
print("Requirements:", ", ".join(needed) + " installed" if needed else "all present")"""


def data_source(files: dict[str, str]) -> str:
    # JSON string literals are valid Python, double-quoted as ruff would write them.
    listed = "".join(f"\n    {json.dumps(path)}: {json.dumps(url)}," for path, url in files.items())
    return f"""\
# Fetch the lesson's data files from the guide's website, unless they are already here.
import os
import urllib.request

data_files = {{{listed}
}}
for path, url in data_files.items():
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        urllib.request.urlretrieve(url, path)
print("Data files ready:", ", ".join(data_files))"""


def _data_urls(context: CopyContext) -> dict[str, str]:
    where = Location(context.shown_as)
    urls = {}
    for relative in context.options.data:
        path = context.locate(relative, where=where, what=f"data file {relative!r}")
        url = context.published_url(path) if path.is_file() else None
        if url is None:
            state = "does not exist" if not path.is_file() else "is not published on the site"
            raise ColabError(
                f"data file {relative!r} (from the lesson's 'data' option) {state}.",
                where=where,
                fix="Put the file beside the lesson (under docs/ or the notebooks folder) "
                "or remove it from 'data'.",
            )
        if (size := path.stat().st_size) > context.data_max_bytes:
            raise ColabError(
                f"data file {relative!r} is {size / 1e6:.3g} MB, over the "
                f"{context.data_max_bytes / 1e6:g} MB limit (the option data_max_mb).",
                where=where,
                fix="Host it elsewhere (a release asset, a dataset hub) and download it in a "
                "cell, or raise data_max_mb if the site should serve it.",
            )
        context.report.depends_on.add(path)
        urls[str(PurePosixPath(relative))] = url
    return urls
