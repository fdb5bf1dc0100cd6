"""The core imports nothing from MkDocs: only the plugins and the command line do.

That is what lets the command line run without a build, the core be tested without one, and
the package move to another site generator later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mkdocs_colab

PACKAGE = Path(mkdocs_colab.__file__).parent
ADAPTERS = {"plugins", "cli.py", "__main__.py"}
CORE = sorted(
    path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in ADAPTERS
)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports made absolute."""
    package = ".".join(("mkdocs_colab", *path.relative_to(PACKAGE).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            names.add(".".join(p for p in (base, node.module or "") if p))
    return names


def test_there_is_a_core():
    assert len(CORE) > 20


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_core_module_imports_nothing_from_mkdocs_or_an_adapter(path):
    forbidden = ("mkdocs", "mkdocs_colab.plugins", "mkdocs_colab.cli")
    found = {
        m for m in imported_modules(path) for f in forbidden if m == f or m.startswith(f + ".")
    }
    assert not found, f"{path.relative_to(PACKAGE)} imports {sorted(found)}"
