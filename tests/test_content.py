"""The guide's pages: their structure, and the rule that every figure is dated and sourced.

The figure rule
---------------
Prices, quotas and hardware specifications change. So on the pages in ``FIGURE_PAGES``, every
*statement* that contains a *figure* must also contain a date, written "as of <Month> <Year>"
or "as of <Year>", and a Markdown link to an http(s) source.

- A statement is one table row, one paragraph, one list item's paragraph or one heading.
  Admonition and content-tab bodies count like any other text; fenced code, inline code and
  the front matter are not checked.
- A figure is a number followed by a unit (``16 GB``, ``3.35 TB/s``, ``65 TFLOPS``, ``70 W``,
  ``12 h``, ``180 minutes``, ``100 compute units``, ``2,560 CUDA cores``) or an amount of
  money (``$9.99``). Version numbers, years, model names (``T4``, ``H100``) and counts
  without a unit are not figures.

The page is parsed with markdown-it-py (CommonMark plus tables), after Material's
admonitions and tabs are lowered to plain blocks, so that statements are real Markdown blocks
rather than lines of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from mkdocs_colab.text import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Pages that state figures, with the least number of figure statements each must have: a
# parser that silently finds nothing would otherwise pass.
FIGURE_PAGES = {
    "where-to-get-a-gpu.md": 10,
    "why-gpu.md": 4,
    "using-colab/basics.md": 2,
    "using-colab/gpu-limits.md": 2,
}
# The guide's own pages: each opens with a summary, prerequisites and what you will learn,
# and ends with next steps.
GUIDE_PAGES = [
    "index.md",
    "why-gpu.md",
    "where-to-get-a-gpu.md",
    "using-colab/basics.md",
    "using-colab/images.md",
    "using-colab/code-and-data.md",
    "using-colab/gpu-limits.md",
    "using-colab/packages.md",
    "using-colab/monitoring.md",
    "using-colab/tpu.md",
    "using-colab/secrets.md",
]

UNITS = (
    r"TB/s|GB/s|GiB|GB|MiB|MB|TiB|TB|TFLOPS|GFLOPS|TFLOP/s|GFLOP/s|W|h|hours?|min|minutes?"
    r"|(?:compute\s+)?units?|(?:CUDA\s+|Tensor\s+)?[Cc]ores"
)
FIGURE = re.compile(rf"\$\s?\d|(?<![\w.])\d[\d,.]*\s*(?:{UNITS})(?![\w])")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
AS_OF = re.compile(rf"\bas of (?:(?:{MONTHS}) )?(?:19|20)\d\d\b")
CONTAINER = re.compile(r"^(?P<indent> *)(?:!!!|\?\?\?\+?|===[!+]?)\s*(?P<rest>.*)$")

markdown = MarkdownIt("commonmark").enable("table")


@dataclass
class Statement:
    line: int
    text: str = ""
    links: list[str] = field(default_factory=list)

    @property
    def has_figure(self) -> bool:
        return bool(FIGURE.search(self.text))

    def problems(self) -> list[str]:
        if not self.has_figure:
            return []
        found = []
        if not AS_OF.search(self.text):
            found.append("no 'as of <date>'")
        if not any(link.startswith(("https://", "http://")) for link in self.links):
            found.append("no link to an http(s) source")
        return found


def lower_material(text: str) -> str:
    """Admonitions and content tabs as plain blocks; same number of lines.

    The marker line (``!!! tip "Title"``, ``=== "PyTorch"``) becomes a heading holding its
    title, so it is a statement of its own, and the body is de-indented by one level.
    """
    front = split_front_matter(text)
    lines = ("\n" * (front.body_line - 1) + front.body).split("\n")
    out: list[str] = []
    bodies: list[int] = []  # indentation of each open container's body
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            while bodies and indent < bodies[-1]:
                bodies.pop()
        line = line[min(indent, 4 * len(bodies)) :]
        marker = CONTAINER.match(line)
        if marker:
            out.append(f"###### {marker['rest'].strip()}")
            bodies.append(indent + 4)
        else:
            out.append(line)
    return "\n".join(out)


def statements(text: str) -> list[Statement]:
    """The page's statements in order: table rows, paragraphs, headings (see module doc)."""
    found: list[Statement] = []
    row: Statement | None = None
    for token in markdown.parse(lower_material(text)):
        if token.type == "tr_open":
            row = Statement(line=token.map[0] + 1)
        elif token.type == "tr_close" and row is not None:
            found.append(row)
            row = None
        elif token.type == "inline":
            target = row if row is not None else Statement(line=token.map[0] + 1)
            for child in token.children or []:
                if child.type == "code_inline":
                    continue  # code is not a claim
                if child.type == "link_open":
                    target.links.append(str(child.attrs.get("href", "")))
                target.text += " " if child.type in ("softbreak", "hardbreak") else child.content
            target.text += " | " if row is not None else ""
            if row is None:
                found.append(target)
    return found


def figure_problems(text: str) -> list[str]:
    return [
        f"line {s.line}: {', '.join(p)}: {s.text.strip()[:100]}"
        for s in statements(text)
        if (p := s.problems())
    ]


# -- the rule, applied to the pages ------------------------------------------------------------


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=str)
def test_every_figure_is_dated_and_sourced(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    assert figure_problems(text) == []
    with_figures = [s for s in statements(text) if s.has_figure]
    assert len(with_figures) >= FIGURE_PAGES[page], "fewer figures than expected: parser broken?"


# -- the checker itself: it must accept what the rule allows and reject the rest ----------------

SOURCE = "[Colab FAQ](https://research.google.com/colaboratory/faq.html)"


@pytest.mark.parametrize(
    ("markdown_text", "expected"),
    [
        pytest.param(
            "| Colab, free | T4 | sessions of at most 12 h |",
            ["no 'as of <date>'", "no link to an http(s) source"],
            id="table-row-without-date-or-link",
        ),
        pytest.param(
            f"| Colab, free | T4 | sessions of at most 12 h | {SOURCE} |",
            ["no 'as of <date>'"],
            id="table-row-without-date",
        ),
        pytest.param(
            "| Colab, free | T4 | 12 h | as of November 2026 |",
            ["no link to an http(s) source"],
            id="table-row-without-link",
        ),
        pytest.param(
            f"A free session lasts at most 12 h ({SOURCE}).",
            ["no 'as of <date>'"],
            id="paragraph-without-date",
        ),
        pytest.param(
            "- 100 compute units cost $9.99 (as of September 2022).",
            ["no link to an http(s) source"],
            id="list-item-without-link",
        ),
        pytest.param(
            "The T4 reads memory at 320 GB/s, as of 2026, [see here](why-gpu.md).",
            ["no link to an http(s) source"],
            id="relative-link-is-no-source",
        ),
        pytest.param(
            "!!! tip\n    GPU sessions last up to 4 h.",
            ["no 'as of <date>'", "no link to an http(s) source"],
            id="figure-inside-admonition",
        ),
        pytest.param(
            f'=== "Free"\n\n    Up to 12 hours, as of 2026.\n\n=== "Paid"\n\n    {SOURCE}',
            ["no link to an http(s) source"],
            id="date-and-link-in-different-tabs",
        ),
        pytest.param(
            f"| T4 | 16 GB | as of November 2026, {SOURCE} |", [], id="complete-table-row"
        ),
        pytest.param(
            f"Sessions last at most 12 h (as of November 2026, {SOURCE}).", [], id="complete"
        ),
        pytest.param("Colab offers a T4 or an A100 GPU.", [], id="model-names-are-not-figures"),
        pytest.param("PyTorch 1.12 added MPS in 2022.", [], id="versions-are-not-figures"),
        pytest.param("Call `drive.mount(timeout_ms=120000)`.", [], id="inline-code-is-skipped"),
        pytest.param("```python\nx = '12 h'\n```", [], id="fenced-code-is-skipped"),
    ],
)
def test_checker(markdown_text, expected):
    found = [s.problems() for s in statements(markdown_text) if s.problems()]
    assert found == ([expected] if expected else [])


# -- page structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=str)
def test_page_structure(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    front = split_front_matter(text)
    assert front.yaml is not None and re.search(r"^description: ", front.yaml, re.MULTILINE)
    tokens = markdown.parse(front.body)
    kinds = [(t.type, t.tag) for t in tokens if t.type in ("heading_open", "paragraph_open")]
    assert kinds[:2] == [("heading_open", "h1"), ("paragraph_open", "p")], (
        "a page opens with its title and a one-paragraph summary"
    )
    assert "**Prerequisites:**" in text
    assert "**What you will learn**" in text
    h2 = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert h2 and h2[-1] == "Next steps", "the last section is 'Next steps'"


# -- corrected claims -----------------------------------------------------------------------------


def page_text(page: str) -> str:
    """A page's prose with line breaks folded, so that a claim split over lines still reads."""
    return " ".join((DOCS / page).read_text(encoding="utf-8").split())


def test_a_training_step_costs_about_three_forward_passes():
    text = page_text("why-gpu.md")
    assert "about three times the forward pass" in text
    assert "roughly doubles" not in text, "the backward pass is two products, not one"


def test_tensor_cores_date_from_volta():
    text = page_text("why-gpu.md")
    assert "since the Volta generation (the V100, 2017;" in text
    assert "Recent NVIDIA GPUs, the T4" not in text


def test_the_t4_has_no_native_bfloat16():
    assert "The T4, Colab's free GPU, has no native `bfloat16`" in page_text("why-gpu.md")


def test_in_a_hurry_opens_the_benchmark_in_colab(guide):
    """The home page's shortcut is the benchmark's own launch link, not the site's page."""

    def colab_links(html_path: Path) -> set[str]:
        tree = LexborHTMLParser(html_path.read_text(encoding="utf-8"))
        return {
            href
            for node in tree.css("a[href]")
            if (href := node.attributes.get("href") or "").startswith(
                "https://colab.research.google.com/"
            )
            and href.endswith("/gpu-benchmark.ipynb")
        }

    home = LexborHTMLParser((guide.dir / "index.html").read_text(encoding="utf-8"))
    hurry = [li for li in home.css("li") if li.text().strip().startswith("In a hurry?")]
    assert hurry, "the home page has its 'In a hurry?' item"
    hrefs = {a.attributes.get("href") for a in hurry[0].css("a[href]")}
    launch = colab_links(guide.dir / "notebooks" / "gpu-benchmark" / "index.html")
    assert launch and launch <= hrefs


def test_the_gpu_check_prints_no_command_not_found():
    text = page_text("using-colab/basics.md")
    assert "!nvidia-smi || echo" not in text
    assert "!command -v nvidia-smi > /dev/null && nvidia-smi || echo" in text


def test_the_colab_test_excludes_kaggle():
    assert '"KAGGLE_KERNEL_RUN_TYPE" not in os.environ' in page_text("using-colab/basics.md")


def test_paid_runtimes_last_longer_than_twelve_hours():
    assert "Paid runtimes last longer" in page_text("using-colab/basics.md")


def test_studio_lab_cpu_sessions_are_four_hours_and_gpu_time_is_capped_daily():
    text = page_text("where-to-get-a-gpu.md")
    assert "CPU sessions last up to 12 h" not in text
    assert "CPU sessions last up to 4 h, with at most 8 h of CPU time in 24 h" in text
    assert "at most 4 h of GPU time in 24 h" in text
    assert "aws/studio-lab-examples/issues/221" in text


def test_the_2022_compute_unit_price_is_marked_unverified():
    assert "that launch price is unverified for today" in page_text("where-to-get-a-gpu.md")


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=str)
def test_no_page_recommends_attachments_for_colab(page):
    """Colab does not render cell attachments: a paragraph that speaks of them says so."""
    text = (DOCS / page).read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if re.search(r"\battachments?\b", block, re.IGNORECASE):
            assert "colabtools/issues/3836" in block, f"{page}: {block.strip()[:200]}"


def test_new_cloud_accounts_start_with_no_gpu_quota():
    assert "A new account's GPU quota is usually zero" in page_text("where-to-get-a-gpu.md")


def test_amd_and_intel_gpus_are_mentioned_for_pytorch():
    text = page_text("where-to-get-a-gpu.md")
    assert "ROCm" in text and "`xpu`" in text


def test_site_authors_pages_are_off_the_learners_path():
    """The learner's navigation holds the guide; the plugin's pages have their own section."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # Tags such as !ENV and python/name only matter to MkDocs; the nav needs none of them.
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    top = {next(iter(entry)): next(iter(entry.values())) for entry in nav}
    authors = [next(iter(entry.values())) for entry in top["For site authors"]]
    assert authors == ["use-it-on-your-site.md", "plugin.md", "contributing.md"]
    assert not {"plugin.md", "contributing.md"} & {v for v in top.values() if isinstance(v, str)}


def test_tpu_is_a_tensor_processing_unit():
    assert "TPU (Tensor Processing Unit)" in page_text("using-colab/tpu.md")
    for page in GUIDE_PAGES:
        assert "tensorflow-centric" not in page_text(page).lower(), page


# -- the first training run -----------------------------------------------------------------------

TRAINING_LESSON = ROOT / "notebooks" / "first-training-run.ipynb"


def lesson_cells(path: Path, cell_type: str) -> dict[str, str]:
    """A lesson's cells of one type, by cell id: their source."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    return {cell.id: cell.source for cell in notebook.cells if cell.cell_type == cell_type}


def test_the_training_lesson_copies_each_batch_to_the_device():
    code = lesson_cells(TRAINING_LESSON, "code")
    assert 'pin = device.type == "cuda"' in code["loader"], "pin memory only for CUDA"
    assert code["loader"].count("pin_memory=pin") == 3, "every loader pins when it helps"
    assert "xb.to(device, non_blocking=True)" in code["train"]
    assert "device=device" not in code["data"], "the dataset stays in ordinary memory"


def test_the_training_loop_reads_the_loss_once_per_epoch():
    loop = lesson_cells(TRAINING_LESSON, "code")["train"]
    assert "loss.item()" not in loop, "an .item() per step makes Python wait for the GPU"
    assert "total.item()" in loop


def test_the_training_lesson_saves_and_reloads_a_checkpoint():
    code = lesson_cells(TRAINING_LESSON, "code")
    assert "torch.save(checkpoint, checkpoint_path)" in code["train"]
    assert "map_location=device, weights_only=True" in code["reload"]
    assert 'restored.load_state_dict(saved["model"])' in code["reload"]


def test_the_training_lesson_has_a_validation_and_a_test_set():
    code = lesson_cells(TRAINING_LESSON, "code")
    assert "x_train, x_val, y_train, y_val = train_test_split(" in code["data"]
    assert "accuracy(model, val_loader)" in code["train"]
    assert "test_loader" not in code["train"], "the test set is used once, after training"


def test_a_wider_model_in_the_experiment_has_matching_shapes():
    """The width is one argument of make_model, so a wide model cannot mismatch its layers."""
    import torch
    from torch import nn

    namespace: dict[str, object] = {"nn": nn}
    definition = lesson_cells(TRAINING_LESSON, "code")["model"].split("\n\n\n")[0]
    exec(definition, namespace)  # the lesson's own make_model, nothing else of the cell
    wide = namespace["make_model"](2048)  # type: ignore[operator]
    assert wide(torch.zeros(512, 64)).shape == (512, 10)


def test_the_site_says_why_the_committed_training_run_has_no_gpu():
    import nbformat

    notebook = nbformat.read(TRAINING_LESSON, as_version=4)
    (note,) = [cell for cell in notebook.cells if cell.id == "where-outputs-come-from"]
    assert "site-only" in note.metadata.get("tags", [])
    text = " ".join(re.sub(r"^> ?", "", note.source, flags=re.MULTILINE).split())  # a quote
    assert "No GPU figure appears on this page because none was measured" in text
    assert "In Colab on a T4 runtime" in text
    reading = " ".join(lesson_cells(TRAINING_LESSON, "markdown")["gpu-reading"].split())
    assert "because the machine that ran the lesson for the site had no GPU" in reading


def test_the_site_says_why_the_committed_benchmark_has_no_gpu_curve():
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "gpu-benchmark.ipynb", as_version=4)
    outputs = " ".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert "GPU: none found" in outputs, "the committed run is a CPU run; the note says so"
    (note,) = [cell for cell in notebook.cells if cell.id == "where-outputs-come-from"]
    assert "site-only" in note.metadata.get("tags", [])
    text = " ".join(re.sub(r"^> ?", "", note.source, flags=re.MULTILINE).split())
    assert "No GPU figure appears on this page because none was measured" in text
    assert "In Colab on a T4 runtime" in text and "8.1 TFLOPS" in text and "as of" in text


# -- Google Drive and your own code ---------------------------------------------------------------

DRIVE_PAGE = "using-colab/code-and-data.md"
CODE_LESSON = ROOT / "notebooks" / "your-code-in-colab.ipynb"


def test_the_drive_page_says_what_mounting_grants():
    text = page_text(DRIVE_PAGE)
    assert "gives the runtime your whole Drive" in text
    assert "for reading **and writing**" in text
    assert "all code that runs in that notebook's runtime" in text
    assert "Mount only in notebooks whose code you have read" in text
    assert "colabtools/issues/4347" in text, "the permission dialog's wording, sourced"


def test_the_drive_page_advises_read_mostly_use():
    text = page_text(DRIVE_PAGE)
    assert "## Mount Drive, and use it read-mostly" in text
    assert "`readonly=True`" in text
    assert "Write into one folder of your own" in text


def test_the_drive_page_flushes_before_the_runtime_ends():
    text = page_text(DRIVE_PAGE)
    assert "## Before the runtime ends: `drive.flush_and_unmount()`" in text
    assert "drive.flush_and_unmount() # waits for every pending write to reach Drive" in text


def test_modules_from_drive_are_imported_with_a_plain_import():
    text = page_text(DRIVE_PAGE)
    assert 'sys.path.append("/content/drive/MyDrive/my-project") import helper' in text
    assert "import_module" not in text
    cell = lesson_cells(CODE_LESSON, "code")["syspath-import"]
    assert cell.startswith("sys.path.append(str(project))\nimport drive_helpers\n")
    assert "importlib" not in cell


def test_cloning_from_git_is_the_alternative_to_drive():
    text = page_text(DRIVE_PAGE)
    assert "## Or clone your code from git" in text
    assert "!git clone --depth 1 https://github.com/OWNER/REPO /content/REPO" in text


def test_the_code_lesson_removes_what_it_wrote_and_flushes_drive():
    code = lesson_cells(CODE_LESSON, "code")
    assert "shutil.rmtree(project)" in code["cleanup"]
    assert "drive.flush_and_unmount()" in code["cleanup"]
    mount_intro = " ".join(lesson_cells(CODE_LESSON, "markdown")["mount-intro"].split())
    assert "whole Drive, for reading and writing" in mount_intro.replace("**", "")


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "notebooks").glob("*.ipynb")),
    ids=lambda path: path.name,
)
def test_no_lesson_recommends_attachments_for_colab(path):
    """Colab does not render cell attachments: a lesson that speaks of them says so."""
    for cell_id, source in lesson_cells(path, "markdown").items():
        if re.search(r"\battachments?\b", source, re.IGNORECASE):
            assert "colabtools/issues/3836" in source, f"{path.name}, cell {cell_id}"


# -- one job per page, one title per job ----------------------------------------------------------

# A Using-Colab page and the lesson on the same topic: the page explains, the lesson practises.
PAGE_AND_LESSON = [
    ("using-colab/images.md", "images-in-colab.ipynb"),
    ("using-colab/code-and-data.md", "your-code-in-colab.ipynb"),
]


def nav_entries() -> list[tuple[str, str]]:
    """(title, path) of every page in the site's navigation, in order."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]

    def walk(entries) -> list[tuple[str, str]]:
        found = []
        for entry in entries:
            ((title, value),) = entry.items()
            found += walk(value) if isinstance(value, list) else [(title, value)]
        return found

    return walk(nav)


def first_heading(path: str) -> str:
    if path.endswith(".ipynb"):
        import nbformat

        source = nbformat.read(ROOT / path, as_version=4).cells[0].source
    else:
        source = split_front_matter((DOCS / path).read_text(encoding="utf-8")).body
    return next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))


def test_no_two_nav_titles_are_the_same():
    titles = [title.casefold() for title, _ in nav_entries()]
    assert sorted({t for t in titles if titles.count(t) > 1}) == []


def test_no_two_pages_have_the_same_title():
    headings = [first_heading(path).casefold() for _, path in nav_entries()]
    assert sorted({h for h in headings if headings.count(h) > 1}) == []


@pytest.mark.parametrize(("page", "lesson"), PAGE_AND_LESSON, ids=lambda item: item)
def test_a_page_explains_and_its_lesson_practises(page, lesson):
    page_title, lesson_title = first_heading(page), first_heading(f"notebooks/{lesson}")
    assert lesson_title.endswith(", hands-on") and not page_title.endswith("hands-on")
    nav = dict((path, title) for title, path in nav_entries())
    assert nav[f"notebooks/{lesson}"].endswith(", hands-on")
    assert f"../notebooks/{lesson}" in (DOCS / page).read_text(encoding="utf-8")
    lesson_text = " ".join(lesson_cells(ROOT / "notebooks" / lesson, "markdown").values())
    assert f"../docs/{page}" in lesson_text


# -- where to get a GPU: the machines and limits of December 2026 ----------------------------------

GPU_PAGE = "where-to-get-a-gpu.md"


def test_the_clouds_go_past_eight_h100s():
    text = page_text(GPU_PAGE)
    assert "eight H100s per machine" not in text and "to eight H100s by the hour" not in text
    for row in (
        "| P5e, P5en | 8 \u00d7 NVIDIA H200 | 141 GB |",
        "| P6-B200 | 8 \u00d7 NVIDIA B200 |",
    ):
        assert row in text
    assert "A3 Ultra machines carry eight H200s and A4 machines eight B200s" in text
    assert "Capacity Blocks for ML" in text


def test_kaggle_states_its_quota_session_cap_and_verification_with_their_certainty():
    text = page_text(GPU_PAGE)
    assert "Kaggle has described the GPU quota as *floating*" in text
    assert "about 30 hours a week, but treat that figure as unconfirmed" in text
    assert "at most 12 h; this guide could not confirm that limit" in text
    assert "until it verifies a phone number" in text


def test_tensorflow_metal_is_installed_as_a_matching_pair():
    text = page_text(GPU_PAGE)
    assert 'pip install "tensorflow==2.17.*" "tensorflow-metal==1.1.0"' in text
    assert "pip install tensorflow tensorflow-metal" not in text, "the newest of each can clash"
    assert "That pair is a report, not a guarantee from Apple" in text


def test_pytorch_on_amd_and_intel_says_where_it_runs():
    text = page_text(GPU_PAGE)
    assert "through its ROCm builds, which are for Linux" in text
    assert "available since PyTorch 2.5 and still marked as a prototype" in text


def test_the_zero_quota_warning_says_how_sure_it_is():
    text = page_text(GPU_PAGE)
    assert "accounts created inside an organization have reported non-zero defaults" in text
    assert '"GPUs (all regions)" quota' in text
