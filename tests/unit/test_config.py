"""Plugin options: every bad value is rejected with a message that says what to write."""

from __future__ import annotations

import pytest

from mkdocs_colab.errors import ColabError, Location
from mkdocs_colab.options import LessonOptions, lesson_options
from mkdocs_colab.plugins.colab import ColabConfig


def validate(options: dict) -> tuple[list, ColabConfig]:
    config = ColabConfig()
    config.load_dict(options)
    failed, _warnings = config.validate()
    return failed, config


BAD_OPTIONS = [
    ({"enabled": "yes"}, "enabled", "Expected type: <class 'bool'>"),
    ({"launch_ref": "release.v1"}, "launch_ref", "contains '.', and Colab cannot open"),
    ({"launch_ref": "gh pages"}, "launch_ref", "is not a valid git branch name"),
    ({"launch_ref": ""}, "launch_ref", "is not a valid git branch name"),
    ({"source_ref": "main~1"}, "source_ref", "is not a valid git branch name"),
    ({"source_ref": "feature..x"}, "source_ref", "is not a valid git branch name"),
    ({"launch_services": ["colab", "binder"]}, "launch_services", "Expected one of"),
    ({"copy_dir": "../out"}, "copy_dir", "must be a folder inside the site"),
    ({"copy_dir": "/colab"}, "copy_dir", "must be a folder inside the site"),
    ({"copy_images": "inline"}, "copy_images", "Expected one of: ('url', 'embed')"),
    ({"gpu_type": "K80"}, "gpu_type", "Expected one of: ('T4', 'L4', 'A100', 'H100')"),
    ({"helpers_dirs": "lib"}, "helpers_dirs", "Expected a list of items"),
    ({"cache": 1}, "cache", "Expected type: <class 'bool'>"),
]


@pytest.mark.parametrize(("options", "name", "message"), BAD_OPTIONS, ids=lambda v: str(v)[:30])
def test_bad_option_is_rejected_with_its_message(options, name, message):
    failed, _ = validate(options)
    assert [key for key, _ in failed] == [name]
    assert message in str(failed[0][1])


def test_defaults_are_valid_and_documented():
    failed, config = validate({})
    assert failed == []
    assert config.launch_ref == "gh-pages"
    assert config.copy_dir == "colab"
    assert config.launch_services == ["colab", "kaggle", "studiolab"]
    # Every option carries a docstring: the plugin reference is written from them.
    source = (ColabConfig.__module__, ColabConfig.__qualname__)
    assert source == ("mkdocs_colab.plugins.colab", "ColabConfig")


def test_copy_dir_is_normalised():
    _, config = validate({"copy_dir": "colab/copies/"})
    assert config.copy_dir == "colab/copies"


WHERE = Location("notebooks/x.ipynb")
GOOD_LESSON = [
    (None, LessonOptions()),
    (True, LessonOptions()),
    ({"gpu": True}, LessonOptions(gpu="T4")),
    ({"gpu": "A100"}, LessonOptions(gpu="A100")),
    ({"gpu": False}, LessonOptions()),
    ({"requirements": "torch>=2"}, LessonOptions(requirements=("torch>=2",))),
    ({"data": ["data/a.csv", "b.txt"]}, LessonOptions(data=("data/a.csv", "b.txt"))),
]


@pytest.mark.parametrize(("raw", "expected"), GOOD_LESSON, ids=str)
def test_lesson_options(raw, expected):
    assert lesson_options(raw, where=WHERE, key="mkdocs_colab", default_gpu="T4") == expected


BAD_LESSON = [
    ("gpu please", "'mkdocs_colab' must be a mapping (or true), got str"),
    ({"gpus": True}, "unknown option(s) 'gpus'"),
    ({"gpu": "K80"}, "'mkdocs_colab.gpu' is 'K80'"),
    ({"requirements": [1]}, "'mkdocs_colab.requirements' must be a list of strings"),
    ({"requirements": ["torch>>2"]}, "'torch>>2', which is not a valid requirement"),
    ({"data": ["../secret.csv"]}, "data files must sit in or below the lesson's folder"),
    ({"data": ["/etc/passwd"]}, "data files must sit in or below the lesson's folder"),
    ({"data": ["https://x.org/a.csv"]}, "data files must sit in or below the lesson's folder"),
]


@pytest.mark.parametrize(("raw", "message"), BAD_LESSON, ids=str)
def test_bad_lesson_options_name_the_file_and_value(raw, message):
    with pytest.raises(ColabError) as caught:
        lesson_options(raw, where=WHERE, key="mkdocs_colab", default_gpu="T4")
    assert message in caught.value.message
    assert caught.value.message.startswith("notebooks/x.ipynb: ")
    assert "How to fix: " in caught.value.message
