"""``python -m mkdocs_colab check|export|new``: the site's lessons, without rendering the site.

- ``check`` validates every notebook and page (nbformat, cell ids, private metadata, output size,
  secrets, script, images, kernel, ruff formatting), then builds every Colab copy; it fails on
  any finding. ``check --fix`` first makes the mechanical fixes: private metadata stripped,
  cell ids added, notebooks formatted with ruff. Nothing else is changed.
- ``export --out DIR`` writes the Colab copies into ``DIR``.
- ``new notebook|page PATH --title TITLE`` scaffolds a lesson and adds it to the navigation.

All read ``mkdocs.yml``, so ``!ENV`` overrides and plugin options apply as in a build.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, get_files

from . import checks
from .errors import ColabError, Location
from .lessons import repo_path
from .plugin import ColabPlugin, site_file
from .scaffold import scaffold
from .transforms.context import locate


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_colab", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate lessons and build their copies")
    check.add_argument("--fix", action="store_true", help="make the mechanical fixes first")
    check.add_argument(
        "--output-budget-kb",
        type=int,
        default=checks.DEFAULT_OUTPUT_BUDGET // 1000,
        help="largest total output per notebook (default: %(default)s)",
    )
    export = commands.add_parser("export", help="write the Colab copies into a folder")
    export.add_argument("-o", "--out", type=Path, required=True)
    new = commands.add_parser("new", help="scaffold a lesson and add it to the nav")
    new.add_argument("kind", choices=("notebook", "page"))
    new.add_argument("path", type=Path, help="e.g. notebooks/my-lesson.ipynb or docs/x.md")
    new.add_argument("--title", required=True)
    new.add_argument("--gpu", action="store_true", help="the lesson needs a GPU")
    new.add_argument("--section", default="Lessons", help="nav section (default: Lessons)")
    args = parser.parse_args(argv)

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    try:
        if args.command == "new":
            return _new(args)
        config, plugin = _load(args.config_file)
        if args.command == "export":
            return _export(config, plugin, args.out)
        return _check(config, plugin, fix=args.fix, budget=args.output_budget_kb * 1000)
    except (MkDocsException, ColabError) as error:
        print(f"ERROR   -  {getattr(error, 'message', error)}", file=sys.stderr)
        return 1


def _load(config_file: str) -> tuple[MkDocsConfig, ColabPlugin]:
    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = next((p for p in config.plugins.values() if isinstance(p, ColabPlugin)), None)
    if plugin is None or not plugin.config.enabled:
        raise MkDocsException(f"{config_file} does not enable the 'colab' plugin.")
    return config, plugin


def _sources(config: MkDocsConfig, plugin: ColabPlugin) -> Files:
    files = get_files(config)
    plugin.publish_notebooks(files, config)
    return files


def build_copies(config_file: str) -> dict[str, str]:
    """Site path -> text of every Colab copy the site defines."""
    config, plugin = _load(config_file)
    return _copies(config, plugin)


def _copies(config: MkDocsConfig, plugin: ColabPlugin) -> dict[str, str]:
    files = _sources(config, plugin)
    plugin.add_copies(files, config)
    prefix = f"{plugin.config.copy_dir}/"
    return {f.src_uri: f.content_string for f in files if f.src_uri.startswith(prefix)}


def _export(config: MkDocsConfig, plugin: ColabPlugin, out: Path) -> int:
    copies = _copies(config, plugin)
    for site_path, text in copies.items():
        target = out / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"{len(copies)} Colab copies written to {out}")
    return 0


def _check(config: MkDocsConfig, plugin: ColabPlugin, *, fix: bool, budget: int) -> int:
    files = _sources(config, plugin)
    lessons = [f for f in files if _is_source(f, plugin.root)]
    if fix:
        _fix(lessons, plugin.root)
    findings = [f for file in lessons for f in _findings(file, files, plugin.root, budget)]
    findings += _unformatted([f for f in lessons if f.src_uri.endswith(".ipynb")], plugin.root)
    for finding in findings:
        print(f"ERROR   -  {finding}", file=sys.stderr)
    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    copies = 0
    if not findings:  # copies of unreadable or unsafe lessons would only repeat the findings
        try:
            plugin.add_copies(files, config)
            copies = sum(f.src_uri.startswith(f"{plugin.config.copy_dir}/") for f in files)
        except MkDocsException as error:
            print(f"ERROR   -  {error}", file=sys.stderr)
            counter.count += 1
    problems = len(findings) + counter.count
    print(
        f"{len(lessons)} files checked, {copies} Colab copies, {problems} problems: "
        f"check {'failed' if problems else 'passed'}."
    )
    return 1 if problems else 0


def _is_source(file: File, root: Path) -> bool:
    return (
        file.abs_src_path is not None
        and file.generated_by is None
        and file.src_uri.endswith((".ipynb", ".md"))
        and Path(file.abs_src_path).resolve().is_relative_to(root)
    )


def _findings(file: File, files: Files, root: Path, budget: int) -> list[checks.Finding]:
    source = Path(file.abs_src_path)
    shown = repo_path(source, root)

    def find(relative: str) -> Path | None:
        path = locate(
            relative,
            src_uri=file.src_uri,
            source=source,
            project_root=root,
            site_file=lambda uri: site_file(files, uri),
            where=Location(shown),
            what=f"image {relative!r}",
        )
        return path if path.exists() else None

    text = source.read_text(encoding="utf-8", errors="replace")
    if file.src_uri.endswith(".ipynb"):
        return checks.check_notebook(text, shown, output_budget=budget, locate=find)
    return checks.check_page(text, shown, locate=find)


def _fix(lessons: list[File], root: Path) -> None:
    for file in lessons:
        if not file.src_uri.endswith(".ipynb"):
            continue
        path = Path(file.abs_src_path)
        shown = repo_path(path, root)
        text = path.read_text(encoding="utf-8")
        if not any(f.fixable for f in checks.check_notebook(text, shown)):
            continue
        try:
            path.write_text(checks.fix_notebook(text, shown), encoding="utf-8")
            print(f"INFO    -  fixed {shown}")
        except ColabError:
            pass  # reported by the check that follows; an unreadable file needs a person
    notebooks = [f.abs_src_path for f in lessons if f.src_uri.endswith(".ipynb")]
    if notebooks and _has_ruff():
        subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", *notebooks], check=False)


def _unformatted(notebooks: list[File], root: Path) -> list[checks.Finding]:
    if not notebooks or not _has_ruff():
        return []
    paths = [f.abs_src_path for f in notebooks]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    prefix = "Would reformat: "
    return [
        checks.Finding(
            Location(repo_path(Path(line[len(prefix) :]), root)),
            "is not formatted by ruff.",
            "Run 'python -m mkdocs_colab check --fix' (or 'ruff format' on it).",
            fixable=True,
        )
        for line in result.stdout.splitlines()
        if line.startswith(prefix)
    ]


def _has_ruff() -> bool:
    probe = [sys.executable, "-m", "ruff", "--version"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _new(args: argparse.Namespace) -> int:
    created = scaffold(
        args.kind,
        args.path,
        title=args.title,
        gpu=args.gpu,
        section=args.section,
        config_file=Path(args.config_file),
    )
    print(f"Created {created} and added it to the nav under '{args.section}'.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
