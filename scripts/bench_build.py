"""Benchmark: what the colab plugin costs a build, and a contributor's edit-to-reload loop.

Two sections, both run by default (``--sections loop,cost``).

``loop``: the contributor's loop, at N synthetic twenty-cell notebooks (``--sizes 25,100``),
plain mkdocs-jupyter (``off``: search + mkdocs-jupyter) against this plugin (``on``: search,
colab, mkdocs-jupyter, colab/pages, colab/policy, as the guide uses them), with an empty site
(the ``on`` plugins, two Markdown pages, no notebook) as the floor. Each build is a real
``mkdocs build`` process, as a contributor runs it:

- cold build (no caches, no site), no-change rebuild, rebuild after one Markdown edit, rebuild
  after one notebook-cell edit: wall seconds, CPU seconds (the build and its worker
  processes) and peak memory (``ru_maxrss`` of the build process and its children);
- ``mkdocs serve``: from a file change (one Markdown page, one notebook cell) to the served
  page showing it, polled over HTTP every 50 ms, as the browser's live reload would see it.

The variants take turns (off, on, floor, off, ...) so that a machine that speeds up or slows
down during the run (other work, thermal limits) falls on each alike; medians are reported,
and ratios against ``off`` and against the floor of the same run, the figures to compare.

``cost``: the plugin's own costs at ``--notebooks`` notebooks and ``--pages`` Markdown lessons,
built three ways (plugin off, Colab copies only, everything on), in process:

- the whole build of each, with every cache cold (a fresh clone) and warm (a contributor's
  rebuild), as the median of several runs;
- one Colab copy (load, transform, serialise), per notebook, in process (best of 5 per
  notebook, then the median and 95th percentile over notebooks);
- the plugin's step on a rebuild where nothing changed (its content-hash cache), per notebook;
- converting one Markdown lesson to a notebook, per page (best of 5, as above);
- the HTML of one 20-cell notebook page, plugin off (mkdocs-jupyter as it is) and on, and the
  shared notebook stylesheet and scripts that replace the inline CSS and scripts.

Usage: ``python scripts/bench_build.py [--sections loop,cost] [--sizes 25,100] [--repeat 3]
[--notebooks 100] [--pages 20] [--quick]``; ``--quick`` is a smoke run (5 notebooks, one
round). Figures are printed and written to ``bench-results/bench_build.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


# What every benchmark site's mkdocs.yml starts with, up to its plugins.
CONFIG_HEAD = f"""\
site_name: Benchmark
site_url: https://octo.github.io/bench/
repo_url: https://github.com/octo/bench
theme:
  name: material
  custom_dir: {ROOT / "overrides"}
plugins:"""


def write_notebooks(folder: Path, count: int) -> None:
    """``count`` twenty-cell notebooks in docs/notebooks/, with the image and helper they use."""
    (folder / "docs/notebooks/images").mkdir(parents=True)
    (folder / "docs/notebooks/images/plot.png").write_bytes(PNG)
    (folder / "docs/notebooks/helper.py").write_text("def square(x):\n    return x * x\n")
    for n in range(count):
        (folder / f"docs/notebooks/lesson{n:03}.ipynb").write_text(notebook(n))


def make_site(folder: Path, notebooks: int, pages: int, variant: tuple[str, str]) -> Path:
    options, more_plugins = variant
    write_notebooks(folder, notebooks)
    (folder / "docs/lessons").mkdir()
    (folder / "docs/index.md").write_text("# Benchmark\n")
    for n in range(pages):
        (folder / f"docs/lessons/page{n:03}.md").write_text(PAGE.format(n=n))
    (folder / "mkdocs.yml").write_text(
        f"""\
{CONFIG_HEAD}
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


# The contributor's loop ---------------------------------------------------------------------

LOOP_PLUGINS = {
    "off": '  - search\n  - mkdocs-jupyter:\n      include: ["*.ipynb"]\n',
    "on": '  - search\n  - colab:\n      notebooks_dir: ""\n  - mkdocs-jupyter:\n'
    '      include: ["*.ipynb"]\n  - colab/pages\n  - colab/policy\n',
}
EDITED_PAGE = "docs/about.md"
EDITED_NOTEBOOK = "docs/notebooks/lesson000.ipynb"


def make_loop_site(folder: Path, notebooks: int, plugins: str) -> Path:
    """A site of ``notebooks`` twenty-cell notebooks and two Markdown pages."""
    write_notebooks(folder, notebooks)
    (folder / "docs/index.md").write_text("# Benchmark\n\nSee [about](about.md).\n")
    (folder / EDITED_PAGE).write_text("# About\n\nA page a contributor edits.\n")
    (folder / "mkdocs.yml").write_text(f"{CONFIG_HEAD}\n{plugins}")
    return folder


def edit_page(site: Path, marker: str) -> None:
    path = site / EDITED_PAGE
    path.write_text(path.read_text() + f"\n{marker}\n")


def edit_cell(site: Path, marker: str) -> None:
    """Change the text of one Markdown cell of one notebook, as an editor saves it."""
    path = site / EDITED_NOTEBOOK
    nb = nbformat.reads(path.read_text(), as_version=4)
    nb.cells[1].source = f"Step 1: {marker}, see [home](../index.md)."
    path.write_text(nbformat.writes(nb))


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system, the build and the worker processes it waited for
    maxrss_mb: float  # the largest resident set among them


def mkdocs_build(site: Path) -> Run:
    """One real ``mkdocs build`` in ``site``; an error stops the benchmark with its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_quiet_env(),
    )
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4 gives this child's usage, its own reaped children (a process pool) included.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {site}:\n{output.decode()[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _quiet_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(check: Callable[[], bool], *, timeout: float, what: str) -> float:
    """Seconds until ``check()`` holds, polling every 50 ms."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)
    return time.perf_counter() - start


@contextmanager
def mkdocs_serve(site: Path) -> Iterator[str]:
    """A real ``mkdocs serve`` (live reload on) of ``site``; yields its address."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_quiet_env(),
    )
    base = f"http://127.0.0.1:{port}/bench/"
    try:
        _wait_for(lambda: _get(base) is not None, timeout=600, what=f"mkdocs serve of {site}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def reload_time(base: str, page: str, edit: Callable[[str], None], marker: str) -> float:
    """Seconds from ``edit(marker)`` to the served ``page`` showing ``marker``."""
    start = time.perf_counter()
    edit(marker)
    _wait_for(lambda: marker in (_get(base + page) or ""), timeout=600, what=marker)
    return time.perf_counter() - start


BUILD_PHASES = ("cold", "unchanged", "markdown_edit", "cell_edit")
SERVE_PHASES = ("serve_markdown_edit", "serve_cell_edit")


def loop_round(site: Path, has_notebook: bool, round_no: int) -> dict[str, Run | float]:
    """One pass of the contributor's loop on ``site``: the four builds, then ``mkdocs serve``."""
    shutil.rmtree(site / ".cache", ignore_errors=True)
    shutil.rmtree(site / "site", ignore_errors=True)
    runs: dict[str, Run | float] = {"cold": mkdocs_build(site)}
    runs["unchanged"] = mkdocs_build(site)
    edit_page(site, f"Build edit {round_no}.")
    runs["markdown_edit"] = mkdocs_build(site)
    if has_notebook:
        edit_cell(site, f"build edit {round_no}")
        runs["cell_edit"] = mkdocs_build(site)
    with mkdocs_serve(site) as base:
        marker = f"Served edit {round_no}-{time.time_ns()}."
        runs["serve_markdown_edit"] = reload_time(
            base, "about/", lambda m: edit_page(site, m), marker
        )
        if has_notebook:
            marker = f"served edit {round_no}-{time.time_ns()}"
            runs["serve_cell_edit"] = reload_time(
                base, "notebooks/lesson000/", lambda m: edit_cell(site, m), marker
            )
    return runs


def run_loop(sizes: list[int], repeat: int, tmp: Path) -> dict:
    """The loop at each size, off and on taking turns with the floor; medians and ratios."""
    floor = make_loop_site(tmp / "floor", 0, LOOP_PLUGINS["on"])
    sites = {
        (n, name): make_loop_site(tmp / f"{name}{n}", n, plugins)
        for n in sizes
        for name, plugins in LOOP_PLUGINS.items()
    }
    for site in [floor, *sites.values()]:
        mkdocs_build(site)  # the file-system cache and bytecode, not measured
    rounds: dict[tuple[int, str], list[dict]] = {key: [] for key in sites}
    floor_rounds: list[dict] = []
    for round_no in range(repeat):
        for n in sizes:
            for name in LOOP_PLUGINS:
                rounds[(n, name)].append(loop_round(sites[(n, name)], True, round_no))
            floor_rounds.append(loop_round(floor, False, round_no))
            print(f"  round {round_no + 1}/{repeat}, N={n} done", file=sys.stderr, flush=True)
    floor_median = _medians(floor_rounds)
    floor_median["cell_edit"] = floor_median["markdown_edit"]  # an edit, no notebook to edit
    floor_median["serve_cell_edit"] = floor_median["serve_markdown_edit"]
    results: dict = {"floor_empty_site_s": floor_median, "sizes": {}}
    for n in sizes:
        off, on = _medians(rounds[(n, "off")]), _medians(rounds[(n, "on")])
        results["sizes"][str(n)] = {
            "off_s": off,
            "on_s": on,
            "ratio_on_to_off": {k: round(on[k] / off[k], 2) for k in on},
            "ratio_on_to_floor": {k: round(on[k] / floor_median[k], 2) for k in on},
            "ratio_off_to_floor": {k: round(off[k] / floor_median[k], 2) for k in off},
            "on_above_floor_s": {k: round(on[k] - floor_median[k], 2) for k in on},
            # CPU seconds are steadier than wall seconds on a machine other work shares.
            "cpu_s": {
                name: {
                    phase: round(statistics.median(r[phase].cpu_s for r in rounds[(n, name)]), 2)
                    for phase in BUILD_PHASES
                }
                for name in LOOP_PLUGINS
            },
        }
    results["floor_empty_site_cpu_s"] = {
        phase: round(statistics.median(r[phase].cpu_s for r in floor_rounds), 2)
        for phase in BUILD_PHASES[:3]
    }
    largest = max(sizes)
    results["peak_memory_mb_at_largest_n"] = {
        "notebooks": largest,
        **{
            name: round(
                max(r[p].maxrss_mb for r in rounds[(largest, name)] for p in BUILD_PHASES), 1
            )
            for name in LOOP_PLUGINS
        },
        "floor": round(max(r[p].maxrss_mb for r in floor_rounds for p in BUILD_PHASES[:3]), 1),
    }
    return results


def _medians(rounds: list[dict]) -> dict[str, float]:
    phases = [p for p in (*BUILD_PHASES, *SERVE_PHASES) if p in rounds[0]]
    return {
        phase: round(
            statistics.median(
                r[phase].wall_s if isinstance(r[phase], Run) else r[phase] for r in rounds
            ),
            3,
        )
        for phase in phases
    }


def print_loop(loop: dict) -> None:
    floor = loop["floor_empty_site_s"]
    phases = (*BUILD_PHASES, *SERVE_PHASES)
    print("\nContributor's loop: median wall seconds (ratio on/off; on minus the empty-site floor)")
    print(
        f"{'':>6} {'measure':<22} {'floor':>7} {'off':>8} {'on':>8} {'on/off':>7} {'on-floor':>9}"
    )
    for n, size in loop["sizes"].items():
        for phase in phases:
            print(
                f"{'N=' + n:>6} {phase:<22} {floor[phase]:>7.2f} {size['off_s'][phase]:>8.2f} "
                f"{size['on_s'][phase]:>8.2f} {size['ratio_on_to_off'][phase]:>7.2f} "
                f"{size['on_above_floor_s'][phase]:>9.2f}"
            )
        for phase in BUILD_PHASES:
            floor_cpu = loop["floor_empty_site_cpu_s"].get(
                phase, loop["floor_empty_site_cpu_s"]["markdown_edit"]
            )
            print(
                f"{'N=' + n:>6} {phase + ', CPU s':<22} {floor_cpu:>7.2f} "
                f"{size['cpu_s']['off'][phase]:>8.2f} {size['cpu_s']['on'][phase]:>8.2f}"
            )
    print(f"Peak memory (MB): {loop['peak_memory_mb_at_largest_n']}")


# The plugin's own costs -------------------------------------------------------------------------


def run_cost(notebooks: int, pages: int, repeat: int, tmp: Path) -> dict:
    """The plugin's own costs on a site of ``notebooks`` notebooks and ``pages`` lessons."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    sites = {
        name: make_site(tmp / name, notebooks, pages, options) for name, options in VARIANTS.items()
    }
    on, off = sites["on"], sites["off"]
    builds = {
        f"{name}_{mode}": seconds
        for mode in ("cold", "warm")
        for name, seconds in median_builds(sites, cold=mode == "cold", repeat=repeat).items()
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
    ms = 1000
    return {
        "notebooks": notebooks,
        "pages": pages,
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
            "no_cache": round(step_cold * ms / (notebooks + pages), 2),
            "unchanged_rebuild": round(step_warm * ms / (notebooks + pages), 2),
            "ratio_unchanged_to_no_cache": round(step_warm / step_cold, 3),
        },
        "markdown_conversion_ms": {
            "median": round(statistics.median(conversions) * ms, 2),
            "max": round(max(conversions) * ms, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default="loop,cost", help="loop, cost or both")
    parser.add_argument("--sizes", default="25,100", help="notebook counts of the loop")
    parser.add_argument("--notebooks", type=int, default=100, help="notebooks of the cost site")
    parser.add_argument("--pages", type=int, default=20, help="Markdown lessons of the cost site")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 notebooks, 1 round")
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    sizes = [int(n) for n in args.sizes.split(",")]
    if args.quick:
        sizes, args.notebooks, args.pages, args.repeat = [5], 5, 2, 1

    results: dict = {"cpus": os.cpu_count(), "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        if "loop" in sections:
            results["loop"] = run_loop(sizes, args.repeat, Path(tmp) / "loop")
        if "cost" in sections:
            results["cost"] = run_cost(args.notebooks, args.pages, args.repeat, Path(tmp) / "cost")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_build.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results.get("cost", {}), indent=2))
    if "loop" in results:
        print_loop(results["loop"])


if __name__ == "__main__":
    main()
