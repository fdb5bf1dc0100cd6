"""Repository identity and every URL the launch bar shows."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.site import Repo, Site, find_repo, page_path, relative_url

CI = {"GITHUB_REPOSITORY": "octo/monorepo"}
REPOS = [
    # repo_url, repo option, environment, repo_from_env, the repository the links open
    ("https://github.com/octo/lessons", None, {}, False, "octo/lessons"),
    ("https://github.com/octo/lessons/", None, {}, False, "octo/lessons"),
    ("https://github.com/octo/lessons.git", None, {}, False, "octo/lessons"),
    # Every GitHub Actions run sets GITHUB_REPOSITORY: by default it changes nothing.
    ("https://github.com/octo/lessons", None, CI, False, "octo/lessons"),
    ("https://github.com/octo/lessons", None, CI, True, "octo/monorepo"),
    ("https://github.com/octo/lessons", None, {}, True, "octo/lessons"),
    ("https://github.com/octo/lessons", "me/mine", CI, True, "me/mine"),
    ("https://gitlab.com/octo/lessons", "octo/mirror", {}, False, "octo/mirror"),
]


@pytest.mark.parametrize(("repo_url", "override", "env", "from_env", "slug"), REPOS)
def test_repository_comes_from_option_then_opted_in_env_then_repo_url(
    repo_url, override, env, from_env, slug
):
    assert find_repo(repo_url, override, env, from_env=from_env).slug == slug


BAD_REPOS = [
    (
        "https://gitlab.com/octo/lessons",
        None,
        "is not on GitHub; Colab opens notebooks from GitHub",
    ),
    (None, None, "repo_url is not set"),
    ("https://github.com/octo", None, "'octo', which is not a GitHub 'owner/name'"),
    ("https://github.com/octo/lessons/tree/main", None, "is not a GitHub 'owner/name'"),
    ("https://github.com/octo/lessons", "not a slug", "'not a slug', which is not a GitHub"),
]


@pytest.mark.parametrize(("repo_url", "override", "message"), BAD_REPOS)
def test_bad_repository_is_a_clear_error(repo_url, override, message):
    with pytest.raises(ColabError, match="How to fix") as caught:
        find_repo(repo_url, override, {})
    assert message in caught.value.message


SITE = Site.create(
    repo=Repo("octo", "lessons"),
    site_url="https://octo.github.io/lessons",
    launch_ref="gh-pages",
    source_ref="main",
    copy_dir="colab",
)


def test_launch_links_point_at_the_published_copy():
    links = SITE.launch_links(
        "notebooks/intro 1.ipynb", "notebooks/intro 1.ipynb", ["colab", "kaggle", "studiolab"]
    )
    blob = "octo/lessons/blob/gh-pages/colab/notebooks/intro%201.ipynb"
    assert links == {
        "colab": f"https://colab.research.google.com/github/{blob}",
        "kaggle": f"https://kaggle.com/kernels/welcome?src=https://github.com/{blob}",
        "studiolab": f"https://studiolab.sagemaker.aws/import/github/{blob}",
        "download": "colab/notebooks/intro%201.ipynb",
        "source": "https://github.com/octo/lessons/blob/main/notebooks/intro%201.ipynb",
    }


def test_launch_services_follow_the_configured_order():
    links = SITE.launch_links("a.md", "docs/a.md", ["studiolab", "colab"])
    assert list(links) == ["studiolab", "colab", "download", "source"]
    assert links["download"] == "colab/a.ipynb"


def test_the_download_link_quotes_what_a_file_name_may_hold():
    links = SITE.launch_links('say "hi" #1?.ipynb', 'notebooks/say "hi" #1?.ipynb', [])
    assert links["download"] == "colab/say%20%22hi%22%20%231%3F.ipynb"


def test_site_url_is_required():
    with pytest.raises(ColabError, match="site_url is not set"):
        Site.create(
            repo=Repo("o", "n"),
            site_url=None,
            launch_ref="gh-pages",
            source_ref="main",
            copy_dir="colab",
        )


PAGE_PATHS = [
    # src_uri, use_directory_urls=True, use_directory_urls=False
    ("index.md", "", "index.html"),
    ("guide/index.md", "guide/", "guide/index.html"),
    ("guide/README.md", "guide/", "guide/index.html"),
    ("why-gpu.md", "why-gpu/", "why-gpu.html"),
    ("notebooks/intro.ipynb", "notebooks/intro/", "notebooks/intro.html"),
    ("notebooks/my lesson.ipynb", "notebooks/my lesson/", "notebooks/my lesson.html"),
]


@pytest.mark.parametrize(("src_uri", "directory", "file"), PAGE_PATHS)
def test_page_paths_under_both_url_styles_are_the_ones_mkdocs_makes(src_uri, directory, file):
    from mkdocs.structure.files import File

    for use_directory_urls, expected in ((True, directory), (False, file)):
        assert page_path(src_uri, use_directory_urls) == expected
        # mkdocs-jupyter gives a notebook the page a Markdown file of that name would have.
        page = File(src_uri.replace(".ipynb", ".md"), "/docs", "/site", use_directory_urls)
        assert unquote(page.url).removeprefix("./") == expected


RELATIVE = [
    ("notebooks/images/x.png", "notebooks/intro/"),
    ("notebooks/images/x.png", "notebooks/intro.html"),
    ("why-gpu/", "notebooks/intro/"),
    ("", "notebooks/intro/"),
    ("notebooks/intro/", "notebooks/intro/"),
    ("assets/colab/notebook.1.css", ""),
    ("a%20b/c.png", "a%20b/"),
]


@pytest.mark.parametrize(("url", "page"), RELATIVE)
def test_relative_urls_are_the_ones_mkdocs_makes(url, page):
    from mkdocs.utils import get_relative_url

    assert relative_url(url, page) == get_relative_url(url, page)
