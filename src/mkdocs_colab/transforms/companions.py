"""Bring the lesson's own helper modules into the Colab runtime.

``import helper`` works locally because ``helper.py`` sits beside the notebook; in Colab the
runtime starts empty and the import fails. Each local module a code cell imports (directly or
through another local module) is written into the runtime by a ``%%writefile`` cell placed just
before the first cell that needs it. Modules are looked up beside the lesson, then in the
configured ``helpers_dirs``. An import that is neither local, nor standard library, nor
installed, nor declared in the lesson's requirements gets a warning naming the cell.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..errors import ColabError
from .context import CopyContext
from .generated import code_cell

# Modules Colab provides that no ordinary environment has.
COLAB_ONLY_MODULES = frozenset({"google.colab"})
# Distributions whose import name differs from their own name (checked with `requirements`).
IMPORT_NAMES = {
    "scikit-learn": "sklearn",
    "pillow": "PIL",
    "opencv-python": "cv2",
    "opencv-python-headless": "cv2",
    "beautifulsoup4": "bs4",
    "pyyaml": "yaml",
    "python-dateutil": "dateutil",
    "tensorflow-metal": "tensorflow",
}
_IPYTHON_LINE = re.compile(r"^(\s*)(?:[!%]|\w[\w.]*\s*=\s*[!%])")


@dataclass(frozen=True)
class Module:
    """A local module: its top-level name, and its files as (runtime path, source path)."""

    name: str
    files: tuple[tuple[str, Path], ...]


def inline_helpers(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    written: set[str] = set()
    cells: list[NotebookNode] = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            needed = [m for m in _modules_needed(cell, index, context) if m.name not in written]
            for module in needed:
                written.add(module.name)
                cells += _writefile_cells(module)
        cells.append(cell)
    notebook.cells = cells
    return notebook


def imported_names(code: str) -> list[str]:
    """Dotted names of the modules ``code`` imports, in order (IPython magics ignored)."""
    if code.lstrip().startswith("%%"):
        return []  # a cell magic: the body is not Python
    lines = [_IPYTHON_LINE.sub(r"\1pass  # ", line) for line in code.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _modules_needed(cell, index: int, context: CopyContext) -> list[Module]:
    """Local modules the cell needs, dependencies first; warns about imports found nowhere."""
    found: dict[str, Module] = {}

    def visit(names: Iterable[str], warn: bool) -> None:
        for dotted in names:
            top = dotted.split(".")[0]
            if top in found:
                continue
            module = find_local_module(top, [context.source.parent, *context.helpers_dirs])
            if module is None:
                if warn and not _is_available(dotted, context):
                    _warn_unknown(dotted, cell, index, context)
                continue
            _refuse_outside_project(module, cell, index, context)
            context.report.depends_on.update(path for _, path in module.files)
            found[top] = module
            for _, path in module.files:
                visit(imported_names(path.read_text(encoding="utf-8")), warn=False)

    visit(imported_names(cell.source), warn=True)
    return list(reversed(found.values()))  # a module's own imports are written before it


def find_local_module(name: str, search: Iterable[Path]) -> Module | None:
    """``name.py`` or the package ``name/`` in the first folder of ``search`` that has one."""
    for folder in search:
        single = folder / f"{name}.py"
        if single.is_file():
            return Module(name, ((single.name, single),))
        package = folder / name
        if (package / "__init__.py").is_file():
            files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
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


def _is_available(dotted: str, context: CopyContext) -> bool:
    top = dotted.split(".")[0]
    if top in sys.stdlib_module_names or any(
        dotted == m or dotted.startswith(m + ".") for m in COLAB_ONLY_MODULES
    ):
        return True
    if top in _declared_imports(context.options.requirements):
        return True
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


def _declared_imports(requirements: Iterable[str]) -> set[str]:
    names = set()
    for spec in requirements:
        dist = canonicalize_name(Requirement(spec).name)
        names.add(IMPORT_NAMES.get(dist, dist.replace("-", "_")))
    return names


def _warn_unknown(dotted: str, cell, index: int, context: CopyContext) -> None:
    context.warn(
        f"imports {dotted!r}, which is not a helper module beside the lesson, "
        "not in the standard library and not installed where the site is built.",
        where=context.cell_at(index, cell),
        fix="Add the module beside the lesson, or declare its package in the lesson's "
        "'requirements' (mkdocs_colab metadata).",
    )


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
