"""Benchmark: Lighthouse scores of the real site, against an unmodified mkdocs-jupyter page.

In one run this script

- builds the real site (``mkdocs build --strict``, ``SITE_URL`` set to where it is served) and
  serves it on a free 127.0.0.1 port;
- builds a BASELINE site: a copy of one lesson notebook in a minimal Material + mkdocs-jupyter
  site, with no colab plugin, no overrides, no extra CSS (only the real site's palette and font
  settings, so that both are measured in the same palettes and with the same font requests);
- runs Lighthouse (mobile form factor, default simulated throttling; categories performance,
  accessibility, best-practices, seo) on the home page, a Markdown page, a notebook page and the
  baseline notebook page, each in the light and the dark palette.

Each load is scored twice. First with Lighthouse's defaults: a 4x CPU slowdown, meant for a
desktop-class machine. Then the same load is scored again from its saved artifacts, with the
slowdown that Lighthouse's CPU slowdown calculator (linked from its throttling guide) gives for
the ``benchmarkIndex`` measured in that run: 4x is right for an index of about 1530, 2.4x for
1000, 6x for 2000. A shared machine's index can swing across that whole range from one run to
the next, so both scores are reported.

Lighthouse cannot click the palette toggle, and it resets storage before loading, so the dark
palette is chosen the way a first-time visitor's system would: Chromium runs with
``--force-dark-mode`` and the page picks the palette whose ``media`` is
``(prefers-color-scheme: dark)``. Each run's final screenshot is checked to be dark or light.
Runs go round by round (every page and palette once, then again), so that a change in the
machine's speed during a run falls on the baseline as much as on the site's pages.

Pages are served gzip-compressed, as GitHub Pages serves them (``--no-gzip`` to serve them raw).
Material's repository widget asks ``api.github.com`` for stars, forks and the latest release;
this machine may be offline, and a failed request is a console error that costs best practices
a point it would not lose online. So Chromium resolves ``api.github.com`` to a stand-in on
127.0.0.1 that answers those two requests as GitHub does (over TLS, with a throwaway
self-signed certificate made by ``openssl``, which Chromium is told to accept).
Lighthouse comes from ``scripts/package.json``/``package-lock.json``, installed with ``npm ci``
into ``.cache/lighthouse`` on first use; Chromium is Debian's (``CHROME_PATH`` overrides it).

Usage: ``python scripts/bench_lighthouse.py [--runs 1] [--no-dark] [--no-gzip] [--only TEXT]``.
Figures are printed and written to ``bench-results/lighthouse.json``; the raw Lighthouse reports
go to ``bench-results/lighthouse/``.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import hashlib
import http.server
import io
import json
import mimetypes
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the repository root is not on the path
from tests.browser.chromium import CHROMIUM_ARGS  # noqa: E402

# git-ignored; LIGHTHOUSE_PREFIX puts it elsewhere (e.g. outside a tree that `make clean` empties)
NODE_DIR = Path(os.environ.get("LIGHTHOUSE_PREFIX") or ROOT / ".cache" / "lighthouse").resolve()
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = ROOT / "bench-results"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]  # the browser tests' flags
NOTEBOOK = "notebooks/gpu-benchmark.ipynb"
PAGES = [  # (label, site, site path)
    ("home", "site", ""),
    ("markdown: why-gpu", "site", "why-gpu/"),
    ("notebook: gpu-benchmark", "site", "notebooks/gpu-benchmark/"),
    ("baseline notebook", "baseline", "gpu-benchmark/"),
]
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


# -- tools ---------------------------------------------------------------------------------------


def chromium() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not path:
        sys.exit("Chromium not found: run 'apt-get install chromium' (or set CHROME_PATH).")
    return path


def ensure_lighthouse() -> None:
    """``npm ci`` scripts/package.json into .cache/lighthouse unless that lock is installed."""
    lock = (ROOT / "scripts" / "package-lock.json").read_text(encoding="utf-8")
    installed = NODE_DIR / "package-lock.json"
    if LIGHTHOUSE.is_file() and installed.is_file() and installed.read_text() == lock:
        return
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm not found: install Node.js and npm to run Lighthouse.")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(ROOT / "scripts" / name, NODE_DIR / name)
    print(f"Installing Lighthouse into {NODE_DIR} (npm ci) ...", flush=True)
    subprocess.run(
        [npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
    )


def version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[-1] if out.strip() else "?"


# -- building and serving ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mkdocs_build(config_dir: Path, site_dir: Path, site_url: str, *, strict: bool) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [*command, *(["--strict"] if strict else [])],
        cwd=config_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed in {config_dir}:\n{result.stderr[-4000:]}")


def write_baseline(folder: Path, site_url: str) -> Path:
    """A minimal Material + mkdocs-jupyter site holding a copy of the lesson notebook."""
    from mkdocs.config import load_config

    real = load_config(str(ROOT / "mkdocs.yml"), site_url=site_url)
    theme = {"name": "material"}
    for key in ("palette", "font"):  # measured alike: same palettes, same font requests
        if key in real["theme"]:
            theme[key] = real["theme"][key]
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Baseline\n\n[The lesson](gpu-benchmark.ipynb)\n")
    shutil.copyfile(ROOT / NOTEBOOK, docs / "gpu-benchmark.ipynb")
    config = {
        "site_name": "Baseline",
        "site_url": site_url,
        "theme": theme,
        "plugins": ["search", {"mkdocs-jupyter": {"include": ["*.ipynb"]}}],
    }
    # JSON is YAML; palette entries are plain mappings.
    (folder / "mkdocs.yml").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return folder


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed like GitHub Pages does when ``gzip`` is on."""

    gzip = True

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.directory) / unquote(urlsplit(self.path).path).lstrip("/")
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file() or not path.resolve().is_relative_to(Path(self.directory)):
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        compress = self.gzip and kind.startswith(COMPRESSIBLE)
        compress = compress and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if "text" in kind else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: str, mtime_ns: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6, mtime=0) as out:
        out.write(Path(path).read_bytes())
    return buffer.getvalue()


@contextmanager
def serve(folder: Path, port: int, *, compress: bool):
    handler = type("SiteHandler", (Handler,), {"gzip": compress})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(folder.resolve()))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


# -- Lighthouse ----------------------------------------------------------------------------------


class GitHubAPI(http.server.BaseHTTPRequestHandler):
    """Answers the repository widget's two requests the way api.github.com does."""

    answered = 0  # so the report can show the stand-in was used

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.endswith("/releases/latest"):
            body = {"tag_name": "v0.1.0", "name": "v0.1.0"}
        elif path.count("/") == 3 and path.startswith("/repos/"):
            body = {"stargazers_count": 12, "forks_count": 3, "full_name": path[len("/repos/") :]}
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        GitHubAPI.answered += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)


def spki_hash(cert: Path) -> str:
    """The base64 SHA-256 of a certificate's public key, the form Chromium pins keys by."""
    pem = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    der = base64.b64decode("".join(line for line in pem.splitlines() if "-----" not in line))
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@contextmanager
def github_stand_in(folder: Path):
    """A TLS server for GitHubAPI on a free port; yields the Chromium flags that route to it."""
    cert, key = folder / "api.github.com.pem", folder / "api.github.com.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=api.github.com", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), GitHubAPI)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        yield [
            f'--host-resolver-rules="MAP api.github.com 127.0.0.1:{port}"',
            f"--ignore-certificate-errors-spki-list={spki_hash(cert)}",  # this certificate only
        ]
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, out: Path, *, dark: bool, extra_flags: list[str], artifacts: Path) -> dict:
    """One page load, scored with Lighthouse's default 4x CPU slowdown; its artifacts are kept."""
    return _run_lighthouse([*_command(url, out, dark, extra_flags), f"-GA={artifacts}"], url, out)


def rescore(
    url: str, out: Path, *, dark: bool, extra_flags: list[str], artifacts: Path, multiplier: float
) -> dict:
    """Score the same page load again (no new load) with another CPU slowdown.

    Simulated throttling loads the page unthrottled and applies the slowdown only when it
    computes the metrics, so the artifacts of the first run hold all a rescore needs. Lighthouse
    refuses settings that differ from the gathered ones; the multiplier is the one difference.
    """
    saved = artifacts / "artifacts.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["settings"]["throttling"]["cpuSlowdownMultiplier"] = multiplier
    saved.write_text(json.dumps(data), encoding="utf-8")
    command = [
        *_command(url, out, dark, extra_flags),
        f"-A={artifacts}",
        f"--throttling.cpuSlowdownMultiplier={multiplier}",
    ]
    return _run_lighthouse(command, url, out)


def calibrated_multiplier(benchmark_index: float) -> float:
    """The CPU slowdown that brings this machine to Lighthouse's reference mobile device.

    Lighthouse's throttling guide (docs/throttling.md, "Calibrating the CPU slowdown") sends
    users to its CPU slowdown calculator; these are the calculator's three linear pieces:
    an index of 150 needs 1x, 800 needs 2x, 1300 needs 3x, and each 233 above 1300 one more.
    """
    if benchmark_index >= 1300:
        return round(3 + (benchmark_index - 1300) / 233, 2)
    if benchmark_index >= 800:
        return round(2 + (benchmark_index - 800) / 500, 2)
    return round(max(1.0, 1 + (benchmark_index - 150) / 650), 2)


def score_calibrated(url: str, out: Path, benchmark_index: float | None, **load) -> dict:
    """Performance and TBT of a load rescored at its calibrated slowdown (None without an index)."""
    if benchmark_index is None:
        return {"cpu_slowdown": None, "performance": None, "tbt_ms": None}
    multiplier = calibrated_multiplier(benchmark_index)
    report = rescore(url, out, multiplier=multiplier, **load)
    return {
        "cpu_slowdown": multiplier,
        "performance": category_score(report, "performance"),
        "tbt_ms": report["audits"]["total-blocking-time"]["numericValue"],
    }


def _command(url: str, out: Path, dark: bool, extra_flags: list[str]) -> list[str]:
    flags = CHROME_FLAGS + extra_flags + (["--force-dark-mode"] if dark else [])
    return [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(flags)}",
    ]


def _run_lighthouse(command: list[str], url: str, out: Path) -> dict:
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CHROME_PATH": chromium()}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def screenshot_is_dark(report: dict) -> bool | None:
    """Whether the final screenshot is mostly dark (None when Pillow or the shot is missing)."""
    try:
        from PIL import Image, ImageStat
    except ImportError:
        return None
    details = report["audits"].get("final-screenshot", {}).get("details") or {}
    data = details.get("data", "")
    if "," not in data:
        return None
    image = Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))).convert("L")
    return ImageStat.Stat(image).mean[0] < 110


def summarise(report: dict) -> dict:
    audits = report["audits"]

    def numeric(audit_id: str) -> float | None:
        return audits.get(audit_id, {}).get("numericValue")

    failing = {
        category: sorted(
            ref["id"]
            for ref in report["categories"][category]["auditRefs"]
            if ref.get("weight", 0) > 0
            and (audits[ref["id"]].get("score") or 0) < 1
            and audits[ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")
        )
        for category in CATEGORIES
        if category in report["categories"]
    }
    return {
        "scores": {c: category_score(report, c) for c in CATEGORIES},
        "metrics": {
            "fcp_ms": numeric("first-contentful-paint"),
            "lcp_ms": numeric("largest-contentful-paint"),
            "tbt_ms": numeric("total-blocking-time"),
            "cls": numeric("cumulative-layout-shift"),
            "speed_index_ms": numeric("speed-index"),
            "total_byte_weight_kb": round((numeric("total-byte-weight") or 0) / 1024, 1),
        },
        "failing_audits": failing,
        "runtime_error": (report.get("runtimeError") or {}).get("code"),
        "warnings": report.get("runWarnings", []),
        "looks_dark": screenshot_is_dark(report),
        # Lighthouse's measure of this machine's speed during the run; calibrated_multiplier
        # turns it into the slowdown that matches its reference device.
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
    }


def category_score(report: dict, category: str) -> int | None:
    """A category's score out of 100 (None when Lighthouse could not score it)."""
    score = report["categories"].get(category, {}).get("score")
    return None if score is None else round(score * 100)


def median_row(runs: list[dict]) -> dict:
    """The run with the median performance score, plus the medians of the calibrated scores
    (which may come from other runs) and every run's figures."""
    ordered = sorted(runs, key=lambda r: r["scores"]["performance"] or 0)
    row = dict(ordered[len(ordered) // 2])
    row["performance_all_runs"] = [r["scores"]["performance"] for r in runs]
    row["benchmark_index_all_runs"] = [r["benchmark_index"] for r in runs]
    calibrated = [r["calibrated"] for r in runs]

    def median(key: str) -> float | None:
        values = [c[key] for c in calibrated if c[key] is not None]
        return statistics.median_low(values) if values else None

    row["calibrated"] = {
        "performance": median("performance"),
        "tbt_ms": median("tbt_ms"),
        "performance_all_runs": [c["performance"] for c in calibrated],
        "cpu_slowdown_all_runs": [c["cpu_slowdown"] for c in calibrated],
    }
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-dark", action="store_true", help="measure the light palette only")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    parser.add_argument("--only", default="", help="measure the pages whose label has this text")
    args = parser.parse_args()

    ensure_lighthouse()
    palettes = ["light"] if args.no_dark else ["light", "dark"]
    RESULTS.mkdir(exist_ok=True)
    raw = RESULTS / "lighthouse"
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir()

    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        tmp_path = Path(tmp)
        ports = {"site": free_port(), "baseline": free_port()}
        urls = {name: f"http://127.0.0.1:{port}/" for name, port in ports.items()}
        dirs = {"site": tmp_path / "site", "baseline": tmp_path / "baseline-site"}
        print("Building the site and the baseline ...", flush=True)
        mkdocs_build(ROOT, dirs["site"], urls["site"], strict=True)
        baseline = write_baseline(tmp_path / "baseline", urls["baseline"])
        mkdocs_build(baseline, dirs["baseline"], urls["baseline"], strict=False)

        with (
            serve(dirs["site"], ports["site"], compress=not args.no_gzip),
            serve(dirs["baseline"], ports["baseline"], compress=not args.no_gzip),
            github_stand_in(tmp_path) as github_flags,
        ):
            pages = [page for page in PAGES if args.only in page[0]]
            runs: dict[tuple[str, str], list[dict]] = {}
            # Round by round, every page and palette once per round: the machine's speed
            # drifts over a run, and this way the drift falls on every page alike.
            for run in range(args.runs):
                for label, site, path in pages:
                    for palette in palettes:
                        slug = f"{label.split(':')[-1].strip().replace(' ', '-')}-{palette}-{run}"
                        started = time.perf_counter()
                        load = dict(
                            dark=palette == "dark",
                            extra_flags=github_flags,
                            artifacts=tmp_path / "artifacts",
                        )
                        report = lighthouse(urls[site] + path, raw / f"{slug}.json", **load)
                        summary = summarise(report)
                        summary["calibrated"] = score_calibrated(
                            urls[site] + path,
                            raw / f"{slug}-calibrated.json",
                            summary["benchmark_index"],
                            **load,
                        )
                        runs.setdefault((label, palette), []).append(summary)
                        print(
                            f"  {label:<24} {palette:<5} run {run + 1}: {summary['scores']}, "
                            f"calibrated {summary['calibrated']} "
                            f"({time.perf_counter() - started:.0f} s)",
                            flush=True,
                        )

        rows = []
        for label, site, path in pages:
            html = dirs[site] / path / "index.html"
            for palette in palettes:
                row = median_row(runs[label, palette])
                row.update(
                    page=label,
                    url_path="/" + path,
                    palette=palette,
                    palette_confirmed=row["looks_dark"] == (palette == "dark"),
                    html_kb=round(html.stat().st_size / 1024, 1),
                    html_gzip_kb=round(len(gzip.compress(html.read_bytes(), 6)) / 1024, 1),
                )
                rows.append(row)

    print_table(rows)
    result = {
        "lighthouse": version(["node", str(LIGHTHOUSE), "--version"]),
        "chromium": version([chromium(), "--version"]),
        "node": version(["node", "--version"]),
        "form_factor": "mobile (default simulated throttling)",
        "runs_per_page": args.runs,
        "gzip": not args.no_gzip,
        "dark_palette_via": "--force-dark-mode (prefers-color-scheme: dark)",
        "github_api_stand_in_requests": GitHubAPI.answered,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "lighthouse.json"
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\nWritten to {out.relative_to(ROOT)}; raw reports in {raw.relative_to(ROOT)}/")


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'page':<24} {'palette':<8} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} "
        f"{'HTML KB':>8} {'gzip KB':>8} {'LCP s':>6} {'TBT ms':>7} {'perf cal':>8} {'TBT cal':>7}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for row in rows:
        s, m = row["scores"], row["metrics"]
        palette = row["palette"] + ("" if row["palette_confirmed"] else "?")
        print(
            f"{row['page']:<24} {palette:<8} {_n(s['performance']):>4} "
            f"{_n(s['accessibility']):>4} {_n(s['best-practices']):>4} {_n(s['seo']):>4} "
            f"{row['html_kb']:>8} {row['html_gzip_kb']:>8} "
            f"{_n(m['lcp_ms'], 1000, 1):>6} {_n(m['tbt_ms'], 1, 0):>7} "
            f"{_n(row['calibrated']['performance']):>8} {_n(row['calibrated']['tbt_ms']):>7}"
        )
    print("(cal: the same loads scored with the CPU slowdown calibrated to each run's benchmark")
    print(" index)")
    if any(not row["palette_confirmed"] for row in rows):
        print("('?': the final screenshot does not look like that palette)")


def _n(value, scale: float = 1, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value / scale:.{digits}f}" if digits else f"{round(value / scale)}"


if __name__ == "__main__":
    main()
