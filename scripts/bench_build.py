"""Benchmark: what the colab plugin costs a build.

Builds a synthetic site of N notebooks (and M opted-in Markdown lessons) three ways in the same
run: plugin off (the baseline), Colab copies only (the ``colab`` plugin alone), and
everything on, and measures:

- the whole build of each, with every cache cold (a fresh clone) and warm (a contributor's
  rebuild), as the median of several runs;
- one Colab copy (load, transform, serialise), per notebook, in process (best of 5 per
  notebook, then the median and 95th percentile over notebooks);
- the plugin's step on a rebuild where nothing changed (its content-hash cache), per notebook;
- converting one Markdown lesson to a notebook, per page (best of 5, as above);
- the HTML of one 20-cell notebook page, plugin off (mkdocs-jupyter as it is) and on, and the
  shared notebook stylesheet and scripts that replace the inline CSS and scripts.

Usage: ``python scripts/bench_build.py [--notebooks 100] [--pages 20] [--repeat 3]``.
Figures are printed and written to ``bench-results/bench_build.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import tempfile
import time
import timeit
from pathlib import Path

import nbformat
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_colab.cli import site_copies
from mkdocs_colab.lessons import Lesson, Settings, make_copy
from mkdocs_colab.markdown import page_to_notebook, snippet_options

ROOT = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f5a9ee0000000049454e44ae426082"
)
PAGE = """\
---
colab:
  requirements: ["numpy>=1.26"]
---

# Lesson {n}

!!! tip "Before you start"
    Pick a GPU runtime.

=== "NumPy"

    ```python
    import numpy as np
    print(np.arange({n}).sum())
    ```

=== "Plain Python"

    ```python
    print(sum(range({n})))
    ```

![A plot](../notebooks/images/plot.png){{ width="300" }} :material-check: Done[^1].

[^1]: A footnote.
"""


def notebook(n: int) -> str:
    """A 20-cell lesson: prose with an image, code using a helper, small outputs."""
    nb = nbformat.v4.new_notebook(metadata={"mkdocs_colab": {"gpu": n % 2 == 0}})
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# Lesson {n}\n\n![plot](images/plot.png)"))
    for i in range(19):
        if i % 2:
            nb.cells.append(nbformat.v4.new_markdown_cell(f"Step {i}: see [home](../index.md)."))
        else:
            code = nbformat.v4.new_code_cell(f"import helper\nhelper.square({i})")
            code.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": str(i * i)})]
            nb.cells.append(code)
    for index, cell in enumerate(nb.cells):
        cell.id = f"c{index}"
    return nbformat.writes(nb)


# The plugins of each variant, as mkdocs.yml lists them after mkdocs-jupyter.
VARIANTS = {
    "off": ("enabled: false", ""),
    "copies": ("enabled: true", ""),  # the Colab copies and launch bar only
    "on": ("enabled: true", "\n  - colab/pages\n  - colab/policy"),  # as the guide uses it
}


def make_site(folder: Path, notebooks: int, pages: int, variant: tuple[str, str]) -> Path:
    options, more_plugins = variant
    (folder / "docs/notebooks/images").mkdir(parents=True)
    (folder / "docs/lessons").mkdir()
    (folder / "docs/index.md").write_text("# Benchmark\n")
    (folder / "docs/notebooks/images/plot.png").write_bytes(PNG)
    (folder / "docs/notebooks/helper.py").write_text("def square(x):\n    return x * x\n")
    for n in range(notebooks):
        (folder / f"docs/notebooks/lesson{n:03}.ipynb").write_text(notebook(n))
    for n in range(pages):
        (folder / f"docs/lessons/page{n:03}.md").write_text(PAGE.format(n=n))
    (folder / "mkdocs.yml").write_text(
        f"""\
site_name: Benchmark
site_url: https://octo.github.io/bench/
repo_url: https://github.com/octo/bench
theme:
  name: material
  custom_dir: {ROOT / "overrides"}
plugins:
  - colab:
      {options}
      notebooks_dir: ""
  - mkdocs-jupyter:
      include: ["*.ipynb"]{more_plugins}
markdown_extensions: [admonition, attr_list, footnotes, pymdownx.superfences,
  {{pymdownx.tabbed: {{alternate_style: true}}}}]
"""
    )
    return folder


def timed_build(site: Path, *, cold: bool) -> float:
    if cold:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    config["plugins"]["mkdocs-jupyter"].config["cache_dir"] = str(site / ".cache/jupyter")
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start


def median_builds(sites: dict[str, Path], *, cold: bool, repeat: int) -> dict[str, float]:
    """Median build time of each site. The sites take turns (off, copies, on, off, ...), so a
    machine that speeds up or slows down during the run affects every variant alike."""
    for site in sites.values():
        timed_build(site, cold=False)  # imports and file-system caches, not measured
    times: dict[str, list[float]] = {name: [] for name in sites}
    for _ in range(repeat):
        for name, site in sites.items():
            times[name].append(timed_build(site, cold=cold))
    return {name: statistics.median(values) for name, values in times.items()}


def best_of(run, repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs: the code's own cost, without the machine's interruptions."""
    return min(timeit.repeat(run, number=1, repeat=repeat))


def copy_costs(site: Path) -> list[float]:
    settings = Settings(project_root=site)
    costs = []
    for path in sorted((site / "docs/notebooks").glob("*.ipynb")):
        uri = path.relative_to(site / "docs").as_posix()

        def run(path=path, uri=uri):
            make_copy(
                Lesson(path, uri, f"docs/{uri}"),
                path.read_text(),
                settings,
                page_url=f"https://octo.github.io/bench/{uri[:-6]}/",
                source_url=f"https://github.com/octo/bench/blob/main/docs/{uri}",
                published_url=lambda p: "https://octo.github.io/bench/" + p.name,
            )

        costs.append(best_of(run))
    return costs


def conversion_costs(site: Path) -> list[float]:
    costs = []
    snippets = snippet_options({"base_path": ["docs"]}, root=site)
    for path in sorted((site / "docs/lessons").glob("*.md")):
        text = path.read_text()
        costs.append(
            best_of(
                lambda text=text, path=path: page_to_notebook(
                    text, path=path, page_url="https://x/", snippets=snippets
                )
            )
        )
    return costs


def plugin_step(site: Path) -> float:
    start = time.perf_counter()
    site_copies(str(site / "mkdocs.yml"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=100)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        sites = {
            name: make_site(Path(tmp) / name, args.notebooks, args.pages, options)
            for name, options in VARIANTS.items()
        }
        on, off = sites["on"], sites["off"]
        builds = {
            f"{name}_{mode}": seconds
            for mode in ("cold", "warm")
            for name, seconds in median_builds(
                sites, cold=mode == "cold", repeat=args.repeat
            ).items()
        }
        page_kb = {
            state: round((site / "site/notebooks/lesson000/index.html").stat().st_size / 1024, 1)
            for state, site in (("off", off), ("on", on))
        }
        shared = (on / "site/assets/colab").glob("notebook.*")  # the stylesheet and scripts
        page_kb["on_shared_files_once"] = round(sum(p.stat().st_size for p in shared) / 1024, 1)
        copies = copy_costs(on)
        shutil.rmtree(on / ".cache/plugin", ignore_errors=True)
        step_cold = plugin_step(on)
        step_warm = plugin_step(on)
        conversions = conversion_costs(on)

    n, ms = args.notebooks, 1000
    results = {
        "notebooks": n,
        "pages": args.pages,
        "build_s": {k: round(v, 3) for k, v in builds.items()},
        "build_ratio_to_off": {
            f"{name}_{mode}": round(builds[f"{name}_{mode}"] / builds[f"off_{mode}"], 3)
            for mode in ("cold", "warm")
            for name in ("copies", "on")
        },
        "notebook_page_kb": page_kb,
        "copy_ms": {
            "median": round(statistics.median(copies) * ms, 2),
            "p95": round(sorted(copies)[int(0.95 * (len(copies) - 1))] * ms, 2),
        },
        "plugin_step_ms_per_lesson": {
            "no_cache": round(step_cold * ms / (n + args.pages), 2),
            "unchanged_rebuild": round(step_warm * ms / (n + args.pages), 2),
            "ratio_unchanged_to_no_cache": round(step_warm / step_cold, 3),
        },
        "markdown_conversion_ms": {
            "median": round(statistics.median(conversions) * ms, 2),
            "max": round(max(conversions) * ms, 2),
        },
    }
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_build.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
