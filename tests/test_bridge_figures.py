"""Notebook 08's three-panel figure: what each panel draws, and inputs refused by name."""

import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.bridge_figures import RUN_COLORS, library_comparison_figure  # noqa: E402

NAMES = ("rnnlib (numpy), cpu", "torch, cpu")


pytestmark = pytest.mark.usefixtures("styled_figures")


def _inputs(steps=12, seeds=3, runs=2, seed=0):
    rng = np.random.default_rng(seed)
    curves = {name: 3.3 - np.linspace(0, 1, steps) + 0.05 * rng.random(steps)
              for name in (NAMES + ("torch, cuda",))[:runs]}
    gaps = {s: np.abs(rng.normal(0, 1e-4, steps)) for s in range(seeds)}
    gaps[0][:3] = 0.0                                     # exact agreement at the start
    seconds = {name: 1.0 + i for i, name in enumerate(curves)}
    return curves, gaps, seconds


def test_the_loss_panel_draws_each_run_and_the_uniform_guess():
    curves, gaps, seconds = _inputs()
    fig = library_comparison_figure(curves, gaps, seconds, 373)
    ax_loss = fig.axes[0]
    assert ax_loss.get_title() == "Batch loss, the same start and the same batches (float32)"
    runs = ax_loss.lines[:2]
    for line, (name, losses), color in zip(runs, curves.items(), RUN_COLORS):
        assert line.get_label() == name and line.get_color() == color
        assert np.array_equal(line.get_xdata(), np.arange(1, len(losses) + 1))
        assert np.array_equal(line.get_ydata(), losses)
    guess = ax_loss.lines[2]
    assert guess.get_label() == "uniform guess, ln 27"
    assert guess.get_ydata()[0] == pytest.approx(math.log(27))


def test_the_gap_panel_draws_the_running_maximum_with_zeros_at_the_floor():
    curves, gaps, seconds = _inputs()
    ax_gap = library_comparison_figure(curves, gaps, seconds, 373).axes[1]
    assert ax_gap.get_title() == "Largest |rnnlib - torch| so far, seeds 0-2"
    assert ax_gap.get_yscale() == "log" and ax_gap.get_ylim() == pytest.approx((1e-8, 1))
    for line, (s, g) in zip(ax_gap.lines, gaps.items()):
        assert line.get_label() == f"seed {s}"
        y = line.get_ydata()
        assert np.all(np.diff(y) >= 0)                                  # never decreases
        assert np.array_equal(y, np.maximum(np.maximum.accumulate(g), 1e-8))
    assert np.all(ax_gap.lines[0].get_ydata()[:3] == 1e-8)              # 0 drawn at the floor
    tolerance = ax_gap.lines[len(gaps)]
    assert tolerance.get_label() == "0.02 nats/char" and tolerance.get_ydata()[0] == 0.02


def test_one_seed_is_named_in_the_singular_and_the_tolerance_follows_the_argument():
    curves, gaps, seconds = _inputs(seeds=1)
    ax_gap = library_comparison_figure(curves, gaps, seconds, 373, tolerance=0.05).axes[1]
    assert ax_gap.get_title() == "Largest |rnnlib - torch| so far, seed 0"
    assert ax_gap.lines[-1].get_label() == "0.05 nats/char"


def test_the_time_panel_draws_one_bar_per_run_in_its_colour():
    curves, gaps, seconds = _inputs(runs=3)
    ax_time = library_comparison_figure(curves, gaps, seconds, 40, vocab_size=5).axes[2]
    assert [b.get_height() for b in ax_time.patches] == pytest.approx(list(seconds.values()))
    assert [t.get_text() for t in ax_time.get_xticklabels()] == list(seconds)
    assert ax_time.get_ylabel() == "seconds per epoch (40 steps)"
    facecolors = [matplotlib.colors.to_hex(b.get_facecolor()) for b in ax_time.patches]
    assert facecolors == [c.lower() for c in RUN_COLORS]


def test_inputs_that_cannot_be_drawn_are_refused_by_name():
    curves, gaps, seconds = _inputs()
    with pytest.raises(ValueError, match="curves must be a dict of 1 to 3 runs"):
        library_comparison_figure({}, gaps, seconds, 373)
    with pytest.raises(ValueError, match="curves must be a dict of 1 to 3 runs"):
        library_comparison_figure([1, 2], gaps, seconds, 373)
    with pytest.raises(ValueError, match="same number of steps"):
        library_comparison_figure({**curves, "torch, cpu": np.ones(5)}, gaps, seconds, 373)
    with pytest.raises(ValueError, match=r"curves\['torch, cpu'\] must have 1 dimensions"):
        library_comparison_figure({**curves, "torch, cpu": np.ones((2, 6))}, gaps, seconds, 373)
    with pytest.raises(ValueError, match="epoch_seconds must be a dict with the keys of curves"):
        library_comparison_figure(curves, gaps, {"torch, cpu": 1.0}, 373)
    with pytest.raises(ValueError, match=r"epoch_seconds\['torch, cpu'\] must be a finite number > 0"):
        library_comparison_figure(curves, gaps, {**seconds, "torch, cpu": 0.0}, 373)
    with pytest.raises(ValueError, match="gaps must be a non-empty dict"):
        library_comparison_figure(curves, {}, seconds, 373)
    with pytest.raises(ValueError, match=r"gaps\[1\] must be finite"):
        library_comparison_figure(curves, {**gaps, 1: np.array([0.0, np.nan])}, seconds, 373)
    with pytest.raises(ValueError, match="steps_per_epoch must be a positive integer"):
        library_comparison_figure(curves, gaps, seconds, 0)
    with pytest.raises(ValueError, match="vocab_size must be an integer >= 2"):
        library_comparison_figure(curves, gaps, seconds, 373, vocab_size=1)
    with pytest.raises(ValueError, match="tolerance must be a finite number > 0"):
        library_comparison_figure(curves, gaps, seconds, 373, tolerance=-1)


def test_the_inputs_are_not_changed():
    curves, gaps, seconds = _inputs()
    before = ({k: v.copy() for k, v in curves.items()}, {k: v.copy() for k, v in gaps.items()})
    library_comparison_figure(curves, gaps, seconds, 373)
    assert all(np.array_equal(curves[k], v) for k, v in before[0].items())
    assert all(np.array_equal(gaps[k], v) for k, v in before[1].items())
