"""Notebook 05's multi-panel figures: what each panel draws, and inputs refused by name."""

import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.plots import COLORS  # noqa: E402
from rnnlib.vanishing_figures import (  # noqa: E402
    bound_figure,
    cliff_figure,
    gap_accuracy_figure,
    relu_runs_figure,
    word_gradient_figure,
)

pytestmark = pytest.mark.usefixtures("styled_figures")


def _saturation(M, rng):
    return {s: (np.exp(-s * np.arange(M)[::-1]), rng.uniform(0, 1, (M, 4)))
            for s in (0.0, 0.5, 1.0, 2.0)}


def test_bound_figure_draws_every_network_the_bound_and_the_slopes():
    rng = np.random.default_rng(0)
    lags, ratios = np.arange(10, -1, -1), rng.uniform(1e-6, 1, (7, 11))
    fig = bound_figure(lags, ratios, np.arange(5, -1, -1), _saturation(6, rng))
    left, middle, right = fig.axes
    assert len(left.lines) == 7 + 1                                   # 7 networks, the bound
    assert np.array_equal(left.lines[3].get_ydata(), ratios[3])
    assert left.get_title() == "7 random tanh networks"
    assert [line.get_label() for line in middle.lines][-3:] == ["input × 0.5", "input × 1.0",
                                                                 "input × 2.0"]
    assert len(right.patches) == 3                                    # one step histogram each


def test_word_gradient_figure_writes_the_words_of_the_longest_sentences():
    texts = ["good film", "i do not like this movie", "bad", "not so bad at all"]
    lengths = np.array([2, 6, 1, 5])
    g = np.zeros((6, 4))
    for b, n in enumerate(lengths):
        g[:n, b] = np.linspace(0.1, 1, n)
    profiles = np.tile(np.linspace(1, 0.1, 3), (2, 1))
    fig = word_gradient_figure(g, lengths, texts, profiles, profiles * 1.2, seed=0, rows=2)
    heat, profile = fig.axes[:2]
    assert [t.get_text() for t in heat.texts][:6] == "i do not like this movie".split()
    assert heat.images[0].get_array().shape == (2, 6)
    assert heat.get_title().startswith("trained model (seed 0)")
    assert profile.get_title() == "profile over 4 test sentences"
    assert len(fig.axes) == 3                                         # and the colour bar


def test_gap_accuracy_figure_puts_two_series_side_by_side():
    rng = np.random.default_rng(1)
    a, b = rng.uniform(0.4, 1, (5, 3)), rng.uniform(0.4, 1, (5, 2))
    fig = gap_accuracy_figure([((2, 4, 6), a, "first", "vermillion", "o"),
                               ((4, 6), b, "second", COLORS["blue"], "s")],
                              xticks=(2, 4, 6), xlabel="gap", title="t", legend_loc="lower left")
    (ax,) = fig.axes
    medians = [line for line in ax.lines if line.get_label().endswith("(median of 5 seeds)")]
    np.testing.assert_allclose(medians[0].get_xdata(), [1.7, 3.7, 5.7])
    np.testing.assert_allclose(medians[1].get_xdata(), [4.3, 6.3])
    np.testing.assert_allclose(medians[0].get_ydata(), np.median(a, axis=0))
    assert medians[0].get_color() == COLORS["vermillion"]
    assert ax.get_ylabel() == "test accuracy (fraction correct)" and ax.get_ylim() == (0.4, 1.03)
    single = gap_accuracy_figure([((2, 4), a[:, :2], "only", "blue", "o")], xticks=(2, 4),
                                 xlabel="gap", title="t")
    assert list(single.axes[0].lines[0].get_xdata()) == [2, 4]        # one series: not shifted


def test_relu_runs_figure_marks_each_nan_with_a_cross():
    runs = {0: (np.array([2.0, 1e100, np.nan]), np.full(30, 1.5)),
            1: (np.array([2.0, np.inf, 1e200, np.nan]), np.full(30, 2.0)),
            2: (np.full(30, 3.0), np.full(30, 1.2))}
    fig = relu_runs_figure(runs, seed=0)
    log_ax, lin_ax = fig.axes
    crosses = [line for line in log_ax.lines if line.get_marker() == "x"]
    assert [int(c.get_xdata()[0]) for c in crosses] == [3, 4]
    assert log_ax.texts[0].get_text() == "NaN" and log_ax.texts[0].xy[0] == 4
    assert log_ax.get_title().endswith("seeds 0-2")
    assert len(lin_ax.lines) == 3 + 1 and lin_ax.lines[-1].get_ydata()[0] == math.log(3)


def test_cliff_figure_draws_both_paths_on_the_surface_and_boxes_the_zoom():
    path = np.array([[4.4, -3.2], [4.3, -3.0], [4.2, -2.9]])
    fig = cliff_figure(path, path + 0.01, (4.4, -3.2), zoom=(3.6, 4.9, -3.4, -1.6))
    whole, zoom = fig.axes[:2]
    assert np.array_equal(whole.lines[0].get_xydata(), path)
    assert zoom.get_xlim() == (3.6, 4.9) and whole.get_xlim() == (1, 10)
    box = [p for p in whole.patches if isinstance(p, plt.Rectangle)][-1]
    assert box.get_xy() == (3.6, -3.4) and box.get_width() == pytest.approx(1.3)


@pytest.mark.parametrize("call, message", [
    (lambda: bound_figure(np.arange(3), np.ones((2, 4)), np.arange(3), {}),
     "ratios must have shape (N, L) = (?, 3)"),
    (lambda: bound_figure(np.arange(3), np.ones((2, 3)), np.arange(3), {0.0: None}),
     "saturation must hold the input scales"),
    (lambda: word_gradient_figure(np.ones((3, 2)), [3, 3], ["a b c"], np.ones((1, 2)),
                                  np.ones((1, 2)), 0), "texts must hold one sentence per column"),
    (lambda: gap_accuracy_figure([], xticks=(), xlabel="", title=""), "series must be a non-empty"),
    (lambda: gap_accuracy_figure([((2, 4), np.ones((5, 3)), "x", "blue", "o")], xticks=(),
                                 xlabel="", title=""), "the accuracies of 'x' must have shape"),
    (lambda: relu_runs_figure({1: (np.ones(2), np.ones(2))}, seed=0), "runs must be a dict"),
    (lambda: cliff_figure(np.ones((3, 3)), np.ones((3, 2)), (0, 0), (0, 1, 0, 1)),
     "path_plain must have shape (N, 2)"),
    (lambda: cliff_figure(np.ones((3, 2)), np.ones((3, 2)), (0, 0), (1, 0, 0, 1)),
     "zoom must be (w from, w to, b from, b to)"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
