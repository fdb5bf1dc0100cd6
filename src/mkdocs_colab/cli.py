"""``python -m mkdocs_colab check|export``: the Colab copies without rendering the site.

Both read ``mkdocs.yml`` (so ``!ENV`` overrides and plugin options apply exactly as in a build)
and run the plugin's copy step alone, which takes a fraction of a full build. ``check`` fails on
any error or warning; ``export`` also writes the copies into a folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import get_files

from .plugin import ColabPlugin


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_colab", description=__doc__)
    parser.add_argument("command", choices=("check", "export"))
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    parser.add_argument("-o", "--out", type=Path, help="export: folder for the copies")
    args = parser.parse_args(argv)
    if args.command == "export" and args.out is None:
        parser.error("export needs --out FOLDER")

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    counter = _Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        copies = build_copies(args.config_file)
    except MkDocsException as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 1
    if args.out is not None:
        for site_path, text in copies.items():
            target = args.out / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    verdict = "failed" if counter.count else "passed"
    print(f"{len(copies)} Colab copies, {counter.count} problems: check {verdict}.")
    return 1 if counter.count else 0


def build_copies(config_file: str) -> dict[str, str]:
    """Site path -> text of every Colab copy the site defines."""
    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = next((p for p in config.plugins.values() if isinstance(p, ColabPlugin)), None)
    if plugin is None or not plugin.config.enabled:
        raise MkDocsException(f"{config_file} does not enable the 'colab' plugin.")
    files = plugin.on_files(get_files(config), config=config)
    prefix = f"{plugin.config.copy_dir}/"
    return {f.src_uri: f.content_string for f in files if f.src_uri.startswith(prefix)}


if __name__ == "__main__":
    sys.exit(main())
