"""Bring the lesson's own helper modules and data files into the Colab runtime.

``import helper`` works locally because ``helper.py`` sits beside the notebook; in Colab the
runtime starts empty and the import fails. Each local module a code cell imports (directly or
through another local module), and each script it runs with ``%run``, is written into the
runtime by a ``%%writefile`` cell placed just before the first cell that needs it. Modules are
looked up beside the lesson, then in the configured ``helpers_dirs``: a module file, a package
folder, or a folder of modules without ``__init__.py`` (a namespace package). An import that is
neither local, nor written by the notebook itself (``%%writefile``), nor standard library, nor
shipped with Colab, nor installed, nor declared in the lesson's requirements gets one warning
per notebook, naming the first cell. So does a relative file a cell reads that the copy would
not have: one beside the lesson, not declared in its ``data``.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.resources
import importlib.util
import json
import os
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..errors import ColabError
from .context import CopyContext
from .generated import code_cell
from .runtime import runs_python

# Modules Colab provides that no ordinary environment has.
COLAB_ONLY_MODULES = frozenset({"google.colab"})
# Distributions whose import name is not their own name with '-' as '_'. Installed ones are
# also looked up in their metadata (importlib.metadata.packages_distributions); this table is
# for those the site's environment lacks, Colab's own among them.
IMPORT_NAMES = {
    "scikit-learn": ("sklearn",),
    "scikit-image": ("skimage",),
    "pillow": ("PIL",),
    "opencv-python": ("cv2",),
    "opencv-python-headless": ("cv2",),
    "opencv-contrib-python": ("cv2",),
    "beautifulsoup4": ("bs4",),
    "pyyaml": ("yaml",),
    "python-dateutil": ("dateutil",),
    "tensorflow-metal": ("tensorflow",),
    "tf-keras": ("tf_keras",),
    "protobuf": ("google",),
    "google-api-python-client": ("googleapiclient",),
    "google-cloud-storage": ("google",),
    "google-generativeai": ("google",),
    "umap-learn": ("umap",),
    "pytorch-lightning": ("pytorch_lightning",),
    "huggingface-hub": ("huggingface_hub",),
    "sentence-transformers": ("sentence_transformers",),
    "ipython": ("IPython",),
    "pyzmq": ("zmq",),
    "pymc": ("pymc",),
    "attrs": ("attr", "attrs"),
    "absl-py": ("absl",),
    "python-slugify": ("slugify",),
    "jax": ("jax",),
    "jaxlib": ("jaxlib",),
    "flax": ("flax",),
}
# What Colab's runtime ships, dated, with its source and how to refresh it (see its header).
COLAB_PACKAGES = "data/colab-packages.txt"
# Cell magics whose body is Python (the cell is read past the magic's line); any other cell
# magic's body (%%bash, %%writefile, %%html) is not.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_IPYTHON_LINE = re.compile(r"^(\s*)(?:[!%]|\w[\w.]*\s*=\s*[!%])")
# IPython's help syntax: `name?`, `name??`, `?name`.
_HELP_LINE = re.compile(r"^(\s*)(?:\?{1,2}[\w.]+|[\w.]+(?:\(\))?\?{1,2})\s*$")
_RUN_LINE = re.compile(r"^\s*%run\s+(?:-\w+\s+)*(?P<path>[^\s;\'\"]+\.py)(?:\s|$)")
_WRITEFILE = re.compile(r"^%%(?:writefile|file)\s+(?:-a\s+)?(?P<path>\S+)")


@dataclass(frozen=True)
class Module:
    """A local module: its name, and its files as (runtime path, source path)."""

    name: str
    files: tuple[tuple[str, Path], ...]


def inline_helpers(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    if not runs_python(notebook):
        return notebook  # no Python imports to follow, and %%writefile is an IPython magic
    done = written_modules(notebook)  # modules written (or warned about) already
    installed = installed_by(notebook)
    cells: list[NotebookNode] = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for module in _modules_needed(cell, index, context, done, installed):
                cells += _writefile_cells(module)
        cells.append(cell)
    notebook.cells = cells
    return notebook


def python_of(code: str) -> ast.Module | None:
    """The Python of a code cell, or None when it has none that parses. A cell magic whose body
    is Python (``%%time``) is read past its first line; IPython's line syntax (magics, shell
    escapes, ``x?``) reads as ``pass``."""
    first, _, body = code.lstrip().partition("\n")
    if first.startswith("%%"):
        if (first[2:].split() or [""])[0] not in PYTHON_CELL_MAGICS:
            return None
        code = body
    lines = [
        _HELP_LINE.sub(r"\1pass", _IPYTHON_LINE.sub(r"\1pass  # ", line))
        for line in code.splitlines()
    ]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def imported_names(code: str) -> list[str]:
    """Dotted names of the modules ``code`` imports, in order (IPython syntax ignored)."""
    tree = python_of(code)
    if tree is None:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def run_scripts(code: str) -> list[str]:
    """Paths of the Python scripts ``code`` runs with ``%run`` (relative ones only)."""
    first = code.lstrip().partition("\n")[0]
    if first.startswith("%%") and (first[2:].split() or [""])[0] not in PYTHON_CELL_MAGICS:
        return []  # the body of %%bash or %%writefile is not IPython
    found = (_RUN_LINE.match(line) for line in code.splitlines())
    return [m["path"] for m in found if m and not m["path"].startswith(("/", "~"))]


_PIP_INSTALL = re.compile(r"^\s*[!%]\s*(?:python3?\s+-m\s+)?pip3?\s+install\s+(?P<args>.*)$")


def installed_by(notebook: NotebookNode) -> set[str]:
    """Top-level names of what the notebook installs itself (``!pip install evaluate``)."""
    names: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if match := _PIP_INSTALL.match(line):
                for word in match["args"].split():
                    names |= _import_names_of_spec(word.strip("\"'"))
    return names


def _import_names_of_spec(word: str) -> set[str]:
    """What a ``pip install`` argument makes importable: nothing for an option or a URL."""
    if word.startswith(("-", ".", "/")) or "://" in word or word.startswith("git+"):
        return set()
    try:
        return import_names(Requirement(word).name)
    except InvalidRequirement:
        return set()


def written_modules(notebook: NotebookNode) -> set[str]:
    """Top-level names of the modules the notebook writes itself (``%%writefile helper.py``).

    A file written into a folder named by a variable (``%%writefile {project}/helper.py``)
    is a module the notebook imports after putting that folder on ``sys.path``.
    """
    names = set()
    for cell in notebook.cells:
        if cell.cell_type == "code" and (match := _WRITEFILE.match(cell.source.lstrip())):
            path = match["path"].strip("\"'")
            if path.endswith(".py"):
                parts = posixpath.normpath(path).split("/")
                names.add(parts[0].removesuffix(".py"))
                if parts[0].startswith(("{", "$")):  # IPython expands it; no package has it
                    names.add(parts[-1].removesuffix(".py"))
    return names


def _modules_needed(
    cell, index: int, context: CopyContext, done: set[str], installed: set[str]
) -> list[Module]:
    """Local modules the cell needs and ``done`` lacks, dependencies first; warns (once per
    notebook) about imports found nowhere, ``installed`` (by the notebook) included. Adds what
    it returns to ``done``."""
    found: dict[str, Module] = {}
    search = [context.source.parent, *context.helpers_dirs]

    def add(module: Module) -> None:
        _refuse_outside_project(module, cell, index, context)
        context.report.depends_on.update(path for _, path in module.files)
        found[module.name] = module
        for _, path in module.files:
            text = path.read_text(encoding="utf-8")
            visit(imported_names(text), warn=False)
            visit_scripts(run_scripts(text), path.parent)

    def visit(names: Iterable[str], warn: bool) -> None:
        for dotted in names:
            top = dotted.split(".")[0]
            if top in found or top in done:
                continue
            module = find_local_module(top, search)
            if module is None:
                if warn and top not in installed and not _is_available(dotted, context):
                    done.add(top)
                    _warn_unknown(dotted, cell, index, context)
                continue
            add(module)

    def visit_scripts(paths: Iterable[str], folder: Path) -> None:
        for relative in paths:
            path = (folder / relative).resolve()
            name = posixpath.normpath(relative)
            inside = path.is_relative_to(context.project_root.resolve())
            if name not in found and name not in done and inside and path.is_file():
                add(Module(name, ((name, path),)))

    visit(imported_names(cell.source), warn=True)
    visit_scripts(run_scripts(cell.source), context.source.parent)
    done.update(found)
    return list(reversed(found.values()))  # a module's own imports are written before it


def find_local_module(name: str, search: Iterable[Path]) -> Module | None:
    """``name.py``, the package ``name/``, or the namespace package ``name/`` (a folder of
    modules without ``__init__.py``) in the first folder of ``search`` that has one."""
    for folder in search:
        single = folder / f"{name}.py"
        if single.is_file():
            return Module(name, ((single.name, single),))
        package = folder / name
        if not package.is_dir():
            continue
        files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
        is_regular = (package / "__init__.py").is_file()
        # A namespace package loses to any installed module of the same name, as in Python.
        if files and (is_regular or not _is_importable(name)):
            return Module(name, tuple((p.relative_to(folder).as_posix(), p) for p in files))
    return None


def _refuse_outside_project(module: Module, cell, index: int, context: CopyContext) -> None:
    """A helper file that is a link out of the project would put the target's bytes into a
    public copy."""
    root = context.project_root.resolve()
    for _, path in module.files:
        if not (target := path.resolve()).is_relative_to(root):
            raise ColabError(
                f"helper module {module.name!r}: {Path(os.path.relpath(path, root)).as_posix()} "
                f"is a link to {target}, outside the project.",
                where=context.cell_at(index, cell),
                fix="Replace the link with a copy of the file inside the project, or remove it.",
            )


def _is_importable(top: str) -> bool:
    if top in sys.stdlib_module_names:
        return True
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


def _is_available(dotted: str, context: CopyContext) -> bool:
    top = dotted.split(".")[0]
    if any(dotted == m or dotted.startswith(m + ".") for m in COLAB_ONLY_MODULES):
        return True
    if top in colab_import_names() or top in _declared_imports(context.options.requirements):
        return True
    return _is_importable(top)


def import_names(distribution: str) -> set[str]:
    """The top-level names a distribution is imported by: from its metadata when it is
    installed, from the table, else its own name with '-' as '_'."""
    name = canonicalize_name(distribution)
    names = set(_installed_import_names().get(name, ()))
    names.update(IMPORT_NAMES.get(name, (name.replace("-", "_"),)))
    return names


@functools.cache
def _installed_import_names() -> dict[str, set[str]]:
    """Installed distribution -> the top-level names it provides."""
    provided: dict[str, set[str]] = {}
    for top, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            provided.setdefault(canonicalize_name(distribution), set()).add(top)
    return provided


@functools.cache
def colab_distributions() -> frozenset[str]:
    """The distributions Colab's runtime ships (a dated list shipped with the package)."""
    text = importlib.resources.files("mkdocs_colab").joinpath(COLAB_PACKAGES).read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@functools.cache
def colab_import_names() -> frozenset[str]:
    """The top-level names a notebook can import in Colab without installing anything."""
    return frozenset().union(*(import_names(d) for d in colab_distributions()))


def _declared_imports(requirements: Iterable[str]) -> set[str]:
    names: set[str] = set()
    for spec in requirements:
        names |= import_names(Requirement(spec).name)
    return names


def _warn_unknown(dotted: str, cell, index: int, context: CopyContext) -> None:
    context.warn(
        f"imports {dotted!r}, which is not a helper module beside the lesson or in helpers_dirs, "
        "not in the standard library, not shipped with Colab and not installed where the site "
        "is built (reported for its first cell only).",
        where=context.cell_at(index, cell),
        fix="Add the module beside the lesson, or declare its package in the lesson's "
        "'requirements' (mkdocs_colab metadata).",
    )


def warn_undeclared_data(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    """Warn, once per file, about a relative file a code cell reads that lies beside the lesson
    but is not in its ``data``: the copy runs in Colab without it."""
    if not runs_python(notebook):
        return notebook
    declared = {posixpath.normpath(d) for d in context.options.data}
    written = {m["path"] for c in notebook.cells if (m := _WRITEFILE.match(c.source.lstrip()))}
    warned: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for relative in _paths_read(cell.source):
            name = posixpath.normpath(relative)
            if name in declared or name in warned or relative in written:
                continue
            path = (context.source.parent / name).resolve()
            if path.is_file() and path.is_relative_to(context.project_root.resolve()):
                warned.add(name)
                context.warn(
                    f"reads {relative!r}, a file beside the lesson that its Colab copy does "
                    "not have.",
                    where=context.cell_at(index, cell),
                    fix=f"Add it to the lesson's 'data' option (mkdocs_colab metadata: "
                    f'"data": ["{name}"]), so the copy fetches it from the site.',
                )
    return notebook


def _paths_read(code: str) -> list[str]:
    """String arguments of the calls in ``code`` that look like relative file paths."""
    tree = python_of(code)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and _looks_relative(arg.value)
                ):
                    found.append(arg.value)
    return found


def _looks_relative(value: str) -> bool:
    """Whether a string could name a file beside the lesson (whether it does is for the disk)."""
    if not 0 < len(value) < 260 or any(c in value for c in "\n\x00*?") or "://" in value:
        return False
    return not value.startswith(("/", "~")) and not value.endswith(".py")


def _writefile_cells(module: Module) -> list[NotebookNode]:
    folders = sorted({str(Path(target).parent) for target, _ in module.files} - {"."})
    cells = []
    if folders:
        # %%writefile does not create folders.
        listed = ", ".join(json.dumps(f) for f in folders)
        cells.append(
            code_cell(
                f"import os\n\nfor folder in ({listed},):\n    os.makedirs(folder, exist_ok=True)",
                f"colab-mkdir-{module.name}",
            )
        )
    for target, path in module.files:
        body = path.read_text(encoding="utf-8")
        cells.append(code_cell(f"%%writefile {target}\n{body}", f"colab-file-{target}"))
    return cells
