"""Notebook 03's two-panel figures: what each panel draws, and inputs refused by name."""

import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.bptt_figures import (  # noqa: E402
    OPTIMISERS,
    losses_figure,
    optimiser_comparison_figure,
    step_terms_figure,
)
from rnnlib.plots import COLORS  # noqa: E402

pytestmark = pytest.mark.usefixtures("styled_figures")


def _history(rng, epochs):
    return {"train_loss": np.exp(-np.arange(epochs) - rng.random(epochs)),
            "test_acc": rng.uniform(0.4, 0.9, epochs)}


def _runs(seeds=3, epochs=6, seed=0):
    rng = np.random.default_rng(seed)
    return {name: [(None, _history(rng, epochs)) for _ in range(seeds)] for name in OPTIMISERS}


def test_losses_figure_draws_each_loss_with_its_gradient():
    fig = losses_figure()
    ax_ce, ax_mse = fig.axes
    assert ax_ce.get_title() == "Cross-entropy (classification)"
    assert ax_mse.get_title() == "Squared error (regression), target $y = 1$"
    loss, grad = ax_ce.lines[:2]
    p = loss.get_xdata()
    assert np.allclose(loss.get_ydata(), -np.log(p)) and np.allclose(grad.get_ydata(), p - 1)
    assert np.allclose(ax_ce.lines[2].get_xydata(), [[1 / 3, math.log(3)]])   # the uniform guess
    loss, grad = ax_mse.lines[:2]
    y_hat = loss.get_xdata()
    assert np.allclose(loss.get_ydata(), (y_hat - 1) ** 2)
    assert np.allclose(grad.get_ydata(), 2 * (y_hat - 1))
    assert [t.get_text() for t in ax_ce.get_legend().get_texts()][0] == "loss $-\\ln p_y$"


def test_step_terms_figure_draws_one_bar_per_step_and_marks_negative_shares():
    words = ["not", "bad", "at", "all"]
    norms, share = np.array([0.0, 0.2, 0.5, 1.0]), np.array([0.0, -0.1, 0.3, 0.8])
    fig = step_terms_figure(norms, share, words, "not bad at all")
    ax_n, ax_s = fig.axes
    assert [p.get_height() for p in ax_n.patches] == pytest.approx(norms)
    assert [p.get_height() for p in ax_s.patches] == pytest.approx(share)
    colors = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax_s.patches]
    assert colors[1] == COLORS["vermillion"].lower() and colors[2] == COLORS["blue"].lower()
    assert [t.get_text() for t in ax_n.get_xticklabels()] == ["not\nt=1", "bad\nt=2", "at\nt=3",
                                                               "all\nt=4"]
    assert ax_s.get_title() == "Share of the full gradient (shares sum to 1)"
    assert "not bad at all" in fig._suptitle.get_text()


@pytest.mark.parametrize("norms, share, words, match", [
    (np.ones(3), np.ones(4), ["a", "b", "c", "d"], "term_norms must have shape"),
    (np.ones(4), np.ones((4, 1)), ["a", "b", "c", "d"], "share must have 1 dimensions"),
    (np.array([1.0, np.nan, 1.0]), np.ones(3), ["a", "b", "c"], "term_norms"),
    (np.ones(2), np.ones(2), [], "words must be a non-empty list"),
    (np.ones(2), np.ones(2), ["a", 3], "words must be a non-empty list"),
])
def test_step_terms_figure_refuses_mismatched_inputs_by_name(norms, share, words, match):
    with pytest.raises(ValueError, match=match):
        step_terms_figure(norms, share, words, "a sentence")


def test_optimiser_comparison_figure_draws_the_median_of_each_optimiser():
    runs = _runs(seeds=3, epochs=6)
    fig = optimiser_comparison_figure(runs, np.arange(1, 7))
    ax_l, ax_a = fig.axes
    assert ax_l.get_yscale() == "log" and ax_a.get_ylim() == (0, 1.02)
    medians = [line for line in ax_a.lines if line.get_label().endswith("(median of 3 seeds)")]
    assert [line.get_label() for line in medians] == [f"{name} (median of 3 seeds)"
                                                      for name in OPTIMISERS]
    for line, name in zip(medians, OPTIMISERS):
        expected = np.median([hist["test_acc"] for _, hist in runs[name]], axis=0)
        assert np.allclose(line.get_ydata(), expected)
        assert matplotlib.colors.to_hex(line.get_color()) == OPTIMISERS[name].lower()
    assert list(ax_a.get_xticks()) == [1, 3, 5]
    assert "from 3 seeds" in fig._suptitle.get_text()


def test_optimiser_comparison_figure_refuses_incomplete_runs_by_name():
    runs = _runs()
    with pytest.raises(ValueError, match="runs is missing key 'Adam'"):
        optimiser_comparison_figure({"SGD + momentum": runs["SGD + momentum"]}, np.arange(1, 7))
    with pytest.raises(ValueError, match="at least one"):
        optimiser_comparison_figure({**runs, "Adam": []}, np.arange(1, 7))
    broken = {**runs, "Adam": [(None, {"train_loss": np.ones(6)})]}
    with pytest.raises(ValueError, match="a history of runs\\['Adam'\\] is missing key 'test_acc'"):
        optimiser_comparison_figure(broken, np.arange(1, 7))
    with pytest.raises(ValueError, match=r"runs\['SGD \+ momentum'\]\[0\] history\['train_loss'\] "
                                         r"must have shape \(E,\) = \(4,\) \(one value per epoch\)"):
        optimiser_comparison_figure(runs, np.arange(1, 5))
    with pytest.raises(ValueError, match="epochs must have 1 dimensions"):
        optimiser_comparison_figure(runs, np.ones((2, 3)))
