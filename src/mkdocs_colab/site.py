"""Where things live: the GitHub repository, the published site, and every URL built from them.

Colab opens notebooks from GitHub only, so launch links point at the copy *as published on the
``launch_ref`` branch* (``gh-pages`` by default, which ``mkdocs gh-deploy`` pushes), not at the
source: the copy exists the moment the site is live, and ``main`` holds no generated files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .errors import ColabError

_OWNER_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Repo:
    owner: str
    name: str

    @property
    def slug(self) -> str:
        return f"{self.owner}/{self.name}"


def find_repo(
    repo_url: str | None,
    override: str | None,
    env: Mapping[str, str],
    *,
    from_env: bool = False,
) -> Repo:
    """The GitHub repository: ``override`` (plugin option), else ``GITHUB_REPOSITORY`` when the
    site opts in with ``from_env``, else ``repo_url``. GitHub Actions sets that variable in every
    run, so it is not followed by default: in a monorepo it names another repository."""
    ci_slug = env.get("GITHUB_REPOSITORY") if from_env else None
    slug = override or ci_slug
    source = "the plugin's 'repo' option" if override else "GITHUB_REPOSITORY"
    if not slug:
        slug, source = _slug_from_url(repo_url), f"repo_url {repo_url!r}"
    slug = slug.removesuffix(".git")
    if not _OWNER_NAME.match(slug):
        raise ColabError(
            f"{source} gives {slug!r}, which is not a GitHub 'owner/name'.",
            fix="Set repo_url to https://github.com/OWNER/NAME or the plugin's repo to OWNER/NAME.",
        )
    owner, name = slug.split("/")
    return Repo(owner, name)


def _slug_from_url(repo_url: str | None) -> str:
    if not repo_url:
        raise ColabError(
            "repo_url is not set, so there is no GitHub repository for Colab to open copies from.",
            fix="Set repo_url: https://github.com/OWNER/NAME in mkdocs.yml.",
        )
    parts = urlsplit(repo_url)
    if parts.hostname not in ("github.com", "www.github.com"):
        raise ColabError(
            f"repo_url {repo_url!r} is not on GitHub; Colab opens notebooks from GitHub only.",
            fix="Point repo_url at the GitHub mirror, or set the plugin's repo: OWNER/NAME.",
        )
    return parts.path.strip("/")


@dataclass(frozen=True)
class Site:
    """Addresses of one published site. ``site_url`` ends with '/'."""

    repo: Repo
    site_url: str
    launch_ref: str
    source_ref: str
    copy_dir: str

    @classmethod
    def create(cls, *, site_url: str | None, **fields) -> Site:
        if not site_url:
            raise ColabError(
                "site_url is not set; Colab copies link images and pages by absolute URL.",
                fix="Set site_url in mkdocs.yml (e.g. https://OWNER.github.io/NAME/).",
            )
        return cls(site_url=site_url.rstrip("/") + "/", **fields)

    def copy_path(self, src_uri: str) -> str:
        """Site path of the Colab copy of the lesson at ``src_uri`` (a notebook or a page)."""
        return f"{self.copy_dir}/{posixpath.splitext(src_uri)[0]}.ipynb"

    def url(self, site_path: str) -> str:
        """Absolute URL of a path inside the site (``site_path`` is unquoted, '/'-separated)."""
        return urljoin(self.site_url, quote(site_path))

    def github_blob(self, ref: str, repo_path: str, action: str = "blob") -> str:
        """A file on GitHub: ``blob`` shows it, ``edit`` opens the editor."""
        return f"https://github.com/{self.repo.slug}/{action}/{ref}/{quote(repo_path)}"

    def launch_links(
        self, src_uri: str, repo_path: str, services: list[str], copy_path: str | None = None
    ) -> dict[str, str]:
        """Every link of a lesson's launch bar, keyed by name, in the configured order;
        ``copy_path`` names another copy of the lesson than its own (one of its frameworks)."""
        copy_path = copy_path or self.copy_path(src_uri)
        published = f"{self.repo.slug}/blob/{self.launch_ref}/{quote(copy_path)}"
        launchers = {
            "colab": f"https://colab.research.google.com/github/{published}",
            "kaggle": f"https://kaggle.com/kernels/welcome?src=https://github.com/{published}",
            "studiolab": f"https://studiolab.sagemaker.aws/import/github/{published}",
        }
        links = {name: launchers[name] for name in services}
        # A site path, quoted so '#', '?' and spaces in a file name stay part of it; the template
        # makes it relative and escapes it for the attribute.
        links["download"] = quote(copy_path)
        links["source"] = self.github_blob(self.source_ref, repo_path)
        return links


def page_path(src_uri: str, use_directory_urls: bool) -> str:
    """Site path of the page MkDocs (or mkdocs-jupyter) renders from ``src_uri``."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):  # the folder's own page
        if use_directory_urls:
            return f"{folder}/" if folder else ""
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def relative_url(url: str, other: str) -> str:
    """``url`` (a site path) relative to the page at ``other``, as MkDocs' ``get_relative_url``
    makes it (a test holds the two equal): a last part with a dot is a file, not a folder."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    relative = posixpath.relpath("/" + url, "/" + other)
    return relative + "/" if url.endswith("/") else relative
