"""Folder options stay inside the project, and the cache stays out of the sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.options import check_folders

REFUSED = [
    # (option, value, what the message says)
    ("cache_dir", "", "overlaps the project"),
    ("cache_dir", ".", "overlaps the project"),
    ("cache_dir", "docs", "overlaps the project or its sources"),
    ("cache_dir", "docs/.cache", "overlaps the project or its sources"),
    ("cache_dir", "notebooks/data", "overlaps the project or its sources"),
    ("cache_dir", "..", "is outside the project"),
    ("cache_dir", "/tmp/elsewhere", "is outside the project"),
    ("notebooks_dir", "..", "is outside the project"),
    ("notebooks_dir", "/etc", "is outside the project"),
    ("notebooks_dir", "../other/notebooks", "is outside the project"),
    ("helpers_dirs", "../shared", "is outside the project"),
]
DEFAULTS = {"notebooks_dir": "notebooks", "helpers_dirs": [], "cache_dir": ".cache/plugin/colab"}


def check(tmp_path: Path, **options) -> None:
    check_folders(tmp_path, tmp_path / "docs", **{**DEFAULTS, **options})


@pytest.mark.parametrize(
    ("option", "value", "said"), REFUSED, ids=[f"{o}={v!r}" for o, v, _ in REFUSED]
)
def test_a_folder_option_that_escapes_or_overlaps_is_refused(tmp_path, option, value, said):
    with pytest.raises(ColabError) as raised:
        check(tmp_path, **{option: [value] if option == "helpers_dirs" else value})
    assert f"{option} {value!r} {said}" in raised.value.message
    assert raised.value.fix


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"notebooks_dir": ""},  # notebooks from docs/ only
        {"notebooks_dir": None},  # the default folder, which may be absent
        {"cache_dir": "build/cache", "helpers_dirs": ["src", "lib/helpers"]},
    ],
)
def test_folders_inside_the_project_and_a_cache_of_its_own_pass(tmp_path, options):
    check(tmp_path, **options)
