"""``python -m mkdocs_colab check|export|new``: the site's lessons, without rendering the site.

- ``check`` validates every notebook and page (nbformat, cell ids, private metadata, output size,
  secrets, script, images, kernel, ruff formatting), then builds every Colab copy; it fails on
  any finding. ``check --fix`` first makes the mechanical fixes: private metadata stripped,
  cell ids added, notebooks formatted with ruff. Nothing else is changed.
- ``export --out DIR`` writes the Colab copies into ``DIR``.
- ``new notebook|page PATH --title TITLE`` scaffolds a lesson and adds it to the navigation.

All read ``mkdocs.yml`` (``-f FILE`` before or after the command), so ``!ENV`` overrides and
plugin options apply as in a build. ``check --format github`` prints GitHub Actions annotations,
``--format json`` one JSON object. Exit status: 0 all good, 1 findings, 2 a usage or
configuration error.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from . import __version__, checks
from .active import untrusted_active_files
from .errors import ColabError, Location, yaml_problem
from .files import write_atomic
from .lessons import (
    BuiltCopies,
    CopyCache,
    Project,
    build_copies,
    check_copy_dir,
    check_links,
    docs_files,
    repo_path,
)
from .notebook import read_source
from .options import check_folders
from .plugins.colab import ColabConfig, copy_cache, notebook_files, project_of
from .plugins.policy import PolicyConfig
from .scaffold import scaffold
from .transforms.context import locate


@dataclass(frozen=True)
class _Site:
    """What the commands need of a site: its project, its sources and the copies' cache."""

    project: Project
    sources: dict[str, Path]  # src_uri -> file, as MkDocs would list them
    cache: CopyCache
    render_page: Callable[[str], str]  # a Markdown page to its HTML, as the site renders it
    frame_hosts: tuple[str, ...]  # what content may embed (the colab/policy plugin's option)
    active_files: list[ColabError]  # files of docs/ a browser runs, when the policy is on

    def read(self, src_uri: str) -> str:
        return self.sources[src_uri].read_text(encoding="utf-8")

    def copies(self) -> BuiltCopies:
        return build_copies(self.project, self.sources, self.read, self.cache)


# Exit codes, as documented in the plugin reference.
OK, FINDINGS, USAGE = 0, 1, 2
FORMATS = ("text", "github", "json")


class _UsageError(Exception):
    """The command line or the site's configuration is wrong: exit 2, not a finding."""


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # -f is taken before or after the command, as `mkdocs build -f x.yml` takes it; the
    # command's copy does not reset the value given before it.
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="default: mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", parents=[after], help="validate lessons and build their copies"
    )
    check.add_argument("--fix", action="store_true", help="make the mechanical fixes first")
    check.add_argument(
        "--lessons",
        metavar="FOLDER",
        help="also check the lesson structure of the notebooks under FOLDER (e.g. notebooks)",
    )
    check.add_argument(
        "--output-budget-kb",
        type=int,
        default=checks.DEFAULT_OUTPUT_BUDGET // 1000,
        help="largest total output per notebook (default: %(default)s)",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), github (workflow annotations) or json (one object on stdout)",
    )
    export = commands.add_parser(
        "export", parents=[after], help="write the Colab copies into a folder"
    )
    export.add_argument("-o", "--out", type=Path, required=True)
    new = commands.add_parser(
        "new", parents=[after], help="scaffold a lesson and add it to the nav"
    )
    new.add_argument("kind", choices=("notebook", "page"))
    new.add_argument("path", type=Path, help="e.g. notebooks/my-lesson.ipynb or docs/x.md")
    new.add_argument("--title", required=True)
    new.add_argument("--gpu", action="store_true", help="the lesson needs a GPU")
    new.add_argument(
        "--section", help="nav section (default: the one whose pages share the folder, or Lessons)"
    )
    return parser


def _prog() -> str:
    """The name the user typed: ``mkdocs-colab`` (the script) or ``python -m mkdocs_colab``."""
    return "python -m mkdocs_colab" if Path(sys.argv[0]).name == "__main__.py" else "mkdocs-colab"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return 0 (all good), 1 (findings) or 2 (usage or configuration)."""
    args = _parser(_prog()).parse_args(argv)  # exits 2 on a usage error, as argparse does
    try:
        if args.command == "new":
            return _new(args)
        site = _load(Path(args.config_file))
        if args.command == "export":
            return _export(site, args.out)
        return _check(
            site,
            fix=args.fix,
            budget=args.output_budget_kb * 1000,
            output=args.format,
            lessons_dir=args.lessons,
        )
    except _UsageError as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return USAGE
    except ColabError as error:
        print(f"ERROR   -  {error.message}", file=sys.stderr)
        return FINDINGS


def _load(config_file: Path) -> _Site:
    """The site that ``config_file`` describes, read the way MkDocs reads it (``!ENV`` and
    ``INHERIT`` included), with the ``colab`` plugin's options validated by its own schema.
    Anything wrong with it is a usage error, not a finding."""
    try:
        return _load_site(config_file)
    except ColabError as error:
        raise _UsageError(error.message) from None


def _load_site(config_file: Path) -> _Site:
    raw = _read_config(config_file)
    options = _plugin_options(raw, "colab")
    if options is None:
        raise ColabError(
            f"{config_file} does not enable the 'colab' plugin.",
            fix="Add '- colab' under plugins:.",
        )
    config = _validated(
        ColabConfig(config_file_path=str(config_file)), options, "colab", config_file
    )
    policy_options = _plugin_options(raw, "colab/policy")
    policy = _validated(PolicyConfig(), policy_options or {}, "colab/policy", config_file)
    root = config_file.resolve().parent
    docs_dir = _docs_dir(raw, config_file)
    try:
        check_folders(
            root,
            docs_dir,
            notebooks_dir=config.notebooks_dir,
            helpers_dirs=config.helpers_dirs,
            cache_dir=config.cache_dir,
        )
    except ColabError as error:  # the site's configuration is wrong, not a lesson
        raise _UsageError(error.message) from None
    sources = dict(docs_files(docs_dir))
    for uri, path in notebook_files(config, root):
        if uri in sources:
            raise ColabError(
                f"{uri} exists both in {uri.split('/', 1)[0]}/ and in docs/.",
                fix="Keep one of them.",
            )
        sources[uri] = path
    check_links(sources, root)
    check_copy_dir(sources, config.copy_dir)
    project = project_of(
        config,
        config_file=config_file,
        site_url=raw.get("site_url"),
        repo_url=raw.get("repo_url"),
        use_directory_urls=raw.get("use_directory_urls", True),
        snippets=_extension_options(raw, "pymdownx.snippets"),
    )
    active = []
    if policy_options is not None and policy.enabled:
        in_docs = {uri: path for uri, path in sources.items() if path.is_relative_to(docs_dir)}
        scripts = _extra_javascript(raw)
        active = untrusted_active_files(
            in_docs, root, trusted=policy.trusted_files, scripts=scripts
        )
    return _Site(
        project,
        sources,
        copy_cache(config, root),
        _page_renderer(raw),
        tuple(policy.frame_sources),
        active,
    )


def _extra_javascript(raw: dict) -> list[str]:
    """The scripts mkdocs.yml names: a path, or a mapping with one (``type: module``)."""
    return [str(s["path"] if isinstance(s, dict) else s) for s in raw.get("extra_javascript", [])]


def _read_config(config_file: Path) -> dict:
    try:
        with config_file.open(encoding="utf-8") as stream:
            return yaml_load(stream)
    except OSError as error:
        raise ColabError(f"cannot read {config_file}: {error}", fix="Check the file.") from None
    except ConfigurationError as error:
        # MkDocs raises this while handling PyYAML's error, whose marks say where.
        cause = error.__context__
        if not isinstance(cause, yaml.YAMLError):
            raise ColabError(str(error), fix="Correct mkdocs.yml.") from None
        mark = getattr(cause, "problem_mark", None)
        where = "" if mark is None else f" (line {mark.line + 1}, column {mark.column + 1})"
        raise ColabError(
            f"{config_file} is not valid YAML{where}: {yaml_problem(cause)}.",
            fix="Correct it there; 'mkdocs build' names the same place.",
        ) from None


def _docs_dir(raw: dict, config_file: Path) -> Path:
    return (config_file.resolve().parent / raw.get("docs_dir", "docs")).resolve()


def _plugin_options(raw: dict, name: str) -> dict | None:
    """The options of plugin ``name`` in ``plugins:`` (a list of names and one-key mappings,
    or a mapping), or None when the site does not enable it."""
    plugins = raw.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    )
    for found, options in entries:
        if found == name:
            options = dict(options or {})
            return None if options.get("enabled", True) is False else options
    return None


def _validated(config, options: dict, name: str, config_file: Path):
    """``config`` loaded with ``options`` and validated by its own schema, or a clear error."""
    config.load_dict(options)
    failed, _ = config.validate()
    if failed:
        option, problem = failed[0]
        raise ColabError(
            f"{config_file}: the {name} plugin's option '{option}' is invalid: {problem}",
            fix="Correct it as the plugin reference says.",
        )
    return config


def _extensions(raw: dict) -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions MkDocs renders pages with: its built-in ones, then the site's."""
    names: list[str] = ["toc", "tables", "fenced_code"]
    options: dict[str, dict] = {}
    for entry in raw.get("markdown_extensions") or []:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names += [] if name in names else [name]
        options[name] = dict(config or {})
    return names, options


def _extension_options(raw: dict, name: str) -> dict | None:
    """The options of one entry of ``markdown_extensions:``, as MkDocs reads that list; None
    when the site does not use the extension."""
    return _extensions(raw)[1].get(name)


def _page_renderer(raw: dict) -> Callable[[str], str]:
    """A Markdown page to the HTML of its content, as the site renders it."""
    names, options = _extensions(raw)

    def render(text: str) -> str:
        body, _ = get_data(text)
        return markdown.Markdown(extensions=names, extension_configs=options).convert(body)

    return render


def site_copies(config_file: str) -> dict[str, str]:
    """Site path -> text of every Colab copy the site defines."""
    return {made.path: made.copy.text for made in _load(Path(config_file)).copies()}


def _export(site: _Site, out: Path) -> int:
    built = site.copies()
    for warning in built.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for made in built:
        target = out / made.path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, made.copy.text)
    print(f"{len(built)} Colab copies written to {out}")
    return 0


@dataclass(frozen=True)
class _Problem:
    """One thing ``check`` reports: an error (a finding) or a warning of a copy's build."""

    level: str  # "error" or "warning"
    message: str  # place, problem and fix, as the text output shows it
    where: Location | None = None
    problem: str = ""
    fix: str = ""

    @classmethod
    def of(cls, error: checks.Finding | ColabError) -> _Problem:
        message = str(error) if isinstance(error, checks.Finding) else error.message
        return cls("error", message, error.where, error.problem, error.fix or "")


def _check(
    site: _Site, *, fix: bool, budget: int, output: str = "text", lessons_dir: str | None = None
) -> int:
    root = site.project.root
    lessons = {uri: path for uri, path in site.sources.items() if uri.endswith((".ipynb", ".md"))}
    if fix:
        _fix(lessons, root)
    findings = [f for uri, path in lessons.items() for f in _findings(uri, path, site, budget)]
    findings += checks.check_modules(site.sources.values(), root)
    notebooks = [path for uri, path in lessons.items() if uri.endswith(".ipynb")]
    findings += _unformatted(notebooks, root)
    if lessons_dir is not None:
        findings += _structure(notebooks, (root / lessons_dir).resolve(), root)
    problems = [*map(_Problem.of, findings), *map(_Problem.of, site.active_files)]
    copies = 0
    if not findings:  # copies of unreadable or unsafe lessons would only repeat the findings
        try:
            built = site.copies()
        except ColabError as error:
            problems.append(_Problem.of(error))
        else:
            copies = len(built)
            # Helper modules from helpers_dirs are not published, but written into the copies.
            published = {path.resolve() for path in site.sources.values()}
            helpers = {Path(p).resolve() for made in built for p in made.copy.depends_on}
            problems += map(_Problem.of, checks.check_modules(helpers - published, root))
            problems += [
                _Problem("warning", warning, problem=warning)
                for warning in [*built.warnings, *(w for made in built for w in made.copy.warnings)]
            ]
    summary = (
        f"{len(lessons)} files checked, {copies} Colab copies, {len(problems)} problems: "
        f"check {'failed' if problems else 'passed'}."
    )
    _REPORTERS[output](problems, summary, {"files": len(lessons), "copies": copies})
    return FINDINGS if problems else OK


def _report_text(problems: list[_Problem], summary: str, counts: dict[str, int]) -> None:
    for problem in problems:
        print(f"{problem.level.upper():7} -  {problem.message}", file=sys.stderr)
    print(summary)


def _report_github(problems: list[_Problem], summary: str, counts: dict[str, int]) -> None:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file."""
    for problem in problems:
        properties = {}
        text = problem.message
        if problem.where is not None:
            properties["file"] = str(problem.where.path)
            if problem.where.line is not None:
                properties["line"] = str(problem.where.line)
            text = problem.message.removeprefix(f"{problem.where}: ")
            if problem.where.cell_index is not None:
                text = f"{str(problem.where).removeprefix(properties['file'] + ', ')}: {text}"
        properties["title"] = "mkdocs-colab check"
        fields = ",".join(
            f"{key}={_escape(value, property=True)}" for key, value in properties.items()
        )
        print(f"::{problem.level} {fields}::{_escape(text)}")
    print(summary)


def _escape(value: str, *, property: bool = False) -> str:
    """Escape a workflow command's message (or property value), as GitHub's toolkit does."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property else value


def _report_json(problems: list[_Problem], summary: str, counts: dict[str, int]) -> None:
    def place(where: Location | None) -> dict:
        if where is None:
            return {"file": None, "line": None, "cell_index": None, "cell_id": None}
        return {
            "file": str(where.path),
            "line": where.line,
            "cell_index": where.cell_index,
            "cell_id": where.cell_id,
        }

    report = {
        "passed": not problems,
        **counts,
        "problems": [
            {
                "level": p.level,
                **place(p.where),
                "problem": p.problem,
                "fix": p.fix,
                "message": p.message,
            }
            for p in problems
        ],
    }
    print(json.dumps(report, indent=2))


_REPORTERS = {"text": _report_text, "github": _report_github, "json": _report_json}


def _findings(src_uri: str, source: Path, site: _Site, budget: int) -> list[checks.Finding]:
    root = site.project.root
    shown = repo_path(source, root)

    def find(relative: str) -> Path | None:
        path = locate(
            relative,
            src_uri=src_uri,
            source=source,
            project_root=root,
            site_file=site.sources.get,
            where=Location(shown),
            what=f"image {relative!r}",
        )
        return path if path.exists() else None

    try:
        text = read_source(source, shown, notebook=src_uri.endswith(".ipynb"))
    except ColabError as error:
        return [checks.Finding(error.where or Location(shown), error.problem, error.fix or "")]
    if src_uri.endswith(".ipynb"):
        return checks.check_notebook(
            text, shown, output_budget=budget, locate=find, frame_hosts=site.frame_hosts
        )
    return checks.check_page(
        text, shown, locate=find, render=site.render_page, frame_hosts=site.frame_hosts
    )


def _structure(notebooks: list[Path], folder: Path, root: Path) -> list[checks.Finding]:
    findings = []
    for path in notebooks:
        if not path.resolve().is_relative_to(folder):
            continue
        shown = repo_path(path, root)
        try:
            text = read_source(path, shown, notebook=True)
        except ColabError:  # reported by the notebook's own findings
            continue
        findings += checks.check_lesson_structure(text, shown)
    return findings


def _fix(lessons: dict[str, Path], root: Path) -> None:
    notebooks = [path for uri, path in lessons.items() if uri.endswith(".ipynb")]
    for path in notebooks:
        shown = repo_path(path, root)
        try:
            text = read_source(path, shown, notebook=True)
        except ColabError:  # not a fix to make by machine: the check says what to do
            continue
        if not any(f.fixable for f in checks.check_notebook(text, shown)):
            continue
        try:
            write_atomic(path, checks.fix_notebook(text, shown))
            print(f"INFO    -  fixed {shown}")
        except ColabError:
            pass  # reported by the check that follows; an unreadable file needs a person
    if notebooks and _has_ruff():
        for path in notebooks:
            _ruff_format(path)


def _ruff_format(path: Path) -> None:
    """Format one notebook with ruff without letting ruff write it: ruff rewrites a file in
    place, so an interrupt could leave it cut short. It reads the text and gives the result
    back, with the project's configuration found from the file's name."""
    original = path.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(path), "-"]
    result = subprocess.run(command, input=original, capture_output=True, text=True, check=False)
    if result.returncode == 0 and result.stdout and result.stdout != original:
        write_atomic(path, result.stdout)


def _unformatted(notebooks: list[Path], root: Path) -> list[checks.Finding]:
    """The notebooks ``ruff format`` would change, read from its JSON report (one entry per
    change, so a file is named once)."""
    if not notebooks or not _has_ruff():
        return []
    command = [sys.executable, "-m", "ruff", "format", "--check", "--output-format", "json"]
    result = subprocess.run(
        [*command, *map(str, notebooks)], capture_output=True, text=True, check=False
    )
    # Exit 2 also means a file ruff cannot parse; the notebook's own findings say why.
    try:
        entries = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        entries = []
    files = dict.fromkeys(Path(e["filename"]) for e in entries if e.get("code") == "unformatted")
    return [
        checks.Finding(
            Location(repo_path(path, root)),
            "is not formatted by ruff.",
            f"Run {checks.FIX_COMMAND} (or 'ruff format' on it).",
            fixable=True,
        )
        for path in files
    ]


def _has_ruff() -> bool:
    probe = [sys.executable, "-m", "ruff", "--version"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _new(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    raw = _read_config(config_file)
    try:
        created, section = scaffold(
            args.kind,
            args.path,
            title=args.title,
            gpu=args.gpu,
            section=args.section,
            config_file=config_file,
            docs_dir=_docs_dir(raw, config_file),
            nav=raw.get("nav"),
        )
    except ColabError as error:  # an existing file, a missing section: the request is wrong
        raise _UsageError(error.message) from None
    if section is None:
        print(f"Created {created}; the site has no nav, so MkDocs lists it by itself.")
    else:
        print(f"Created {created} and added it to the nav under '{section}'.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
