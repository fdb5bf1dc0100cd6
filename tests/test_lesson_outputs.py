"""What the committed outputs of the Colab survival lessons must show.

A lesson's outputs are its evidence: the checkpoint lesson must show a run that died and a
fresh one that continued from the saved epoch, the out-of-memory lesson the errors it caught
and the smaller batch it settled on, the mixed-precision lesson where its numbers came from.
These tests read the outputs saved in the notebooks (as the site shows them), so they fail when
a lesson is re-run into a state that no longer shows what its text claims.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tests.test_lessons import NOTEBOOKS, SKIP_TAG

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# Calls that need the network: a lesson must tag the cell so that offline runs skip it.
DOWNLOAD_CALL = re.compile(
    r"urlretrieve\(|urlopen\(|!wget |!curl |download=True|dataset_download\(|load_dataset\("
)
EPOCH_LINE = re.compile(r"^epoch +(\d+) +loss ([\d.]+)(  checkpoint saved)?$", re.MULTILINE)


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / name, as_version=4)


def output(name: str, cell_id: str) -> str:
    """The text a code cell printed, as committed."""
    (cell,) = [cell for cell in notebook(name).cells if cell.get("id") == cell_id]
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def epochs(text: str) -> list[tuple[int, str, bool]]:
    return [(int(n), loss, bool(saved)) for n, loss, saved in EPOCH_LINE.findall(text)]


# -- every lesson ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_cells_that_download_are_skipped_offline(path):
    notebook_ = nbformat.read(path, as_version=4)
    untagged = [
        cell.id
        for cell in notebook_.cells
        if cell.cell_type == "code"
        and DOWNLOAD_CALL.search(cell.source)
        and SKIP_TAG not in cell.metadata.get("tags", [])
    ]
    assert not untagged, f"tag these cells {SKIP_TAG!r}: they need the network"


@pytest.mark.parametrize("name", ["cuda-out-of-memory.ipynb", "mixed-precision.ipynb"])
def test_gpu_lessons_open_on_a_gpu_runtime(name):
    assert notebook(name).metadata["mkdocs_colab"].get("gpu") is True


# -- checkpoint and resume ---------------------------------------------------------------------

CHECKPOINT = "resume-after-disconnect.ipynb"


def test_the_first_session_dies_after_its_last_checkpoint():
    text = output(CHECKPOINT, "first-run")
    died = int(re.search(r"the session died after epoch (\d+)", text).group(1))
    run = epochs(text)
    saved = [n for n, _, was_saved in run if was_saved]
    assert run[-1][0] == died
    assert saved and max(saved) < died, "the lesson shows work lost since the last checkpoint"


def test_a_fresh_session_resumes_from_the_saved_epoch():
    first, resumed = epochs(output(CHECKPOINT, "first-run")), output(CHECKPOINT, "resume")
    last_saved = max(n for n, _, saved in first if saved)
    announced = re.search(r"resuming at epoch (\d+) \(it was saved after epoch (\d+)\)", resumed)
    assert announced, "the resume cell says which epoch it continues from"
    assert (int(announced[1]), int(announced[2])) == (last_saved + 1, last_saved)
    run = epochs(resumed)
    assert run[0][0] == last_saved + 1, "the resumed run starts at the epoch after the checkpoint"
    assert [n for n, _, _ in run] == list(range(last_saved + 1, run[-1][0] + 1))
    repeated = dict((n, loss) for n, loss, _ in first)[last_saved + 1]
    assert run[0][1] == repeated, "the repeated epoch reproduces the lost one"


def test_the_resumed_run_equals_an_uninterrupted_one():
    text = output(CHECKPOINT, "check")
    difference = float(re.search(r"resumed vs uninterrupted: (\S+)", text).group(1))
    device = output(CHECKPOINT, "storage")
    assert difference == 0.0 or "GPU" in device, "on a CPU, resuming is exact"
    assert "Same loss history: True" in text or "GPU" in device


# -- CUDA out of memory ------------------------------------------------------------------------

OOM = "cuda-out-of-memory.ipynb"


def test_the_lesson_says_plainly_when_the_error_is_simulated():
    assert "simulated" in notebook(OOM).cells[0].source
    setup = output(OOM, "setup")
    if "Device: CPU" in setup:
        assert "SIMULATES" in setup
        assert all("simulated" in line for line in caught(output(OOM, "recover")))
    else:
        assert "REAL" in setup


def caught(text: str) -> list[str]:
    return [line for line in text.splitlines() if "caught torch.OutOfMemoryError" in line]


def test_each_caught_error_halves_the_batch_until_one_fits():
    text = output(OOM, "recover")
    failed = [int(re.search(r"batch +(\d+):", line)[1]) for line in caught(text)]
    fits = int(re.search(r"batch +(\d+): fits", text)[1])
    assert failed, "the committed run shows at least one caught error"
    assert [*failed, fits] == [failed[0] // 2**i for i in range(len(failed) + 1)]
    assert f"Training continues with batch size {fits}, in the same session." in text


def test_activation_memory_grows_with_the_batch():
    rows = re.findall(r"batch +(\d+): +([\d.]+) MiB", output(OOM, "measure"))
    per_sample = {float(mib) / int(batch) for batch, mib in rows}
    assert len(rows) >= 3 and max(per_sample) - min(per_sample) < 1e-3


def test_keeping_loss_tensors_keeps_every_batch_and_no_grad_keeps_none():
    alive = [
        float(mib)
        for mib in re.findall(r"([\d.]+) MiB of activations still alive", output(OOM, "leaks"))
    ]
    tensor_sum, item_sum, no_grad = alive
    assert tensor_sum > 5 * item_sum > 0
    assert no_grad == 0


# -- mixed precision ---------------------------------------------------------------------------

AMP = "mixed-precision.ipynb"


def test_the_outputs_say_where_they_were_measured():
    device = output(AMP, "device")
    assert "Measured on:" in device
    if "Measured on: CPU" in device:
        assert "not a T4" in device
    assert "None of them is a T4 figure" in notebook(AMP).cells[0].source


def test_both_variants_are_timed_on_the_same_device():
    text = output(AMP, "timing")
    assert re.search(r"float32: +[\d.]+ ms per step", text)
    assert re.search(r"autocast b?float16 +[\d.]+ ms per step", text)


def test_sixteen_bits_halve_the_activations_kept_for_backward():
    sizes = dict(re.findall(r"^(\w+) *: +([\d.]+) KiB", output(AMP, "memory"), re.MULTILINE))
    full = float(sizes.pop("float32"))
    (half,) = map(float, sizes.values())
    assert 0.4 < half / full < 0.6


# -- getting data in ---------------------------------------------------------------------------


def test_the_upload_cell_runs_outside_colab_without_a_picker():
    assert "Not in Colab" in output("getting-data-in.ipynb", "upload")


# -- first training run ------------------------------------------------------------------------

TRAINING = "first-training-run.ipynb"
RATE_LINE = re.compile(
    r"^width +(\d+), batch +(\d+), (CPU, \d+ threads?|GPU) *: "
    r"+([\d,]+) images/s +([\d.]+) GFLOP/s$",
    re.MULTILINE,
)


def test_the_reloaded_checkpoint_scores_what_was_saved():
    text = output(TRAINING, "reload")
    now, saved = re.search(
        r"Validation accuracy: ([\d.]+)% now, ([\d.]+)% when saved", text
    ).groups()
    assert now == saved, "the reloaded weights are the saved ones"
    assert re.search(r"Test accuracy: [\d.]+%", text), "the test set is scored once, at the end"
    best = re.search(r"Best validation accuracy ([\d.]+)%", output(TRAINING, "train"))[1]
    assert best == saved


def test_the_first_epoch_is_timed_apart_from_the_steady_ones():
    text = output(TRAINING, "train")
    assert re.search(r"First epoch: [\d.]+ s, including one-off start-up costs", text)
    assert re.search(r"Epochs 2 to \d+: [\d.]+ s each on average", text)


def test_the_experiment_shows_the_wide_model_doing_more_arithmetic_per_second():
    rows = RATE_LINE.findall(output(TRAINING, "gpu-wins"))
    cpu = {
        int(width): float(gflops) for width, _, where, _, gflops in rows if where.startswith("CPU")
    }
    assert set(cpu) == {128, 2048}
    assert cpu[2048] > 2 * cpu[128], "the wide model keeps the processor busier"


def test_a_run_without_a_gpu_says_so_and_invents_no_gpu_line():
    text = output(TRAINING, "gpu-wins")
    gpu_lines = [row for row in RATE_LINE.findall(text) if row[2] == "GPU"]
    if "Device: CPU" in output(TRAINING, "device"):
        assert not gpu_lines
        assert "No NVIDIA GPU on this machine: the GPU lines are missing." in text
    else:
        assert len(gpu_lines) == 2
