"""The two-panel figures of notebook 03 (backpropagation through time), drawn from the values
the notebook computes; the notebook says what they show, this module how they are drawn.

    losses_figure()                                        cross-entropy and squared error,
                                                           each with its gradient
    step_terms_figure(term_norms, share, words, sentence)  each time step's term of dL/dW_h:
                                                           its size and its share of the sum
    optimiser_comparison_figure(runs, epochs)              training loss and test accuracy per
                                                           epoch, SGD with momentum vs Adam

Every function draws a new figure in the series' style (``rnnlib.plots``) and returns it.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_array, check_keys
from .plots import COLORS, seed_spread

__all__ = ["losses_figure", "step_terms_figure", "optimiser_comparison_figure", "OPTIMISERS"]

# The two optimisers notebook 03 compares, in the order they are drawn, with their colours.
OPTIMISERS = {"SGD + momentum": COLORS["blue"], "Adam": COLORS["orange"]}


def losses_figure():
    """Left: the cross-entropy -ln p_y and its gradient p_y - 1 with respect to the true class's
    logit, against p_y in (0, 1]; right: the squared error (y_hat - y)^2 and its gradient
    2 (y_hat - y) against the prediction y_hat, for the target y = 1. Returns the figure."""
    p_true = np.linspace(0.02, 1, 200)
    y_hat = np.linspace(-1, 3, 200)
    fig, (ax_ce, ax_mse) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_ce.plot(p_true, -np.log(p_true), label="loss $-\\ln p_y$")
    ax_ce.plot(p_true, p_true - 1, "--", label="gradient $\\partial L / \\partial z_y = p_y - 1$")
    ax_ce.plot([1 / 3], [math.log(3)], "o", color=COLORS["vermillion"])
    ax_ce.annotate("uniform guess $p_y = 1/3$:\n$L = \\ln 3 \\approx 1.10$", (1 / 3, math.log(3)),
                   xytext=(0.42, 2.3), arrowprops={"arrowstyle": "->", "color": COLORS["grey"]})
    ax_ce.set(title="Cross-entropy (classification)",
              xlabel="probability of the true class $p_y$", ylabel="loss (nats) and gradient")
    ax_mse.plot(y_hat, (y_hat - 1) ** 2, label="loss $(\\hat y - y)^2$")
    ax_mse.plot(y_hat, 2 * (y_hat - 1), "--", label="gradient $2(\\hat y - y)$")
    ax_mse.axvline(1, color=COLORS["grey"], lw=1)
    ax_mse.set(title="Squared error (regression), target $y = 1$", xlabel="prediction $\\hat y$",
               ylabel="loss and gradient")
    for ax, corner in ((ax_ce, "upper right"), (ax_mse, "lower right")):
        ax.axhline(0, color="black", lw=0.6)
        ax.legend(loc=corner)
    return fig


def step_terms_figure(term_norms, share, words, sentence):
    """The T terms delta_t h_{t-1}^T of dL/dW_h for one sentence, one bar per step.

    term_norms (T,): the Frobenius norm of each step's term; share (T,): its projection on the
    full gradient G, <term_t, G> / ||G||^2 (negative shares are drawn in vermillion);
    words: the T words read (tick labels); sentence: the sentence, for the title.
    Returns the figure.
    """
    words = list(words)
    T = len(words)
    if T == 0 or not all(isinstance(w, str) for w in words):
        raise ValueError(f"words must be a non-empty list of strings; got {words!r}")
    term_norms = check_array("term_norms", term_norms, ("T",), (T,))
    share = check_array("share", share, ("T",), (T,))
    fig, (ax_n, ax_s) = plt.subplots(1, 2, figsize=(11, 3.6), sharex=True)
    steps = np.arange(1, T + 1)
    ticks = [f"{w}\nt={t}" for t, w in enumerate(words, 1)]
    ax_n.bar(steps, term_norms, color=COLORS["blue"])
    ax_n.annotate("zero:\n$h_0 = 0$", (1, 0), xytext=(1, 0.2 * term_norms.max()), ha="center",
                  arrowprops={"arrowstyle": "->", "color": COLORS["grey"]})
    ax_n.set(title="Size of each step's term", xlabel="time step t: word read",
             ylabel="$\\|\\delta_t h_{t-1}^\\top\\|$ (Frobenius)")
    ax_s.bar(steps, share,
             color=[COLORS["blue"] if s >= 0 else COLORS["vermillion"] for s in share])
    ax_s.axhline(0, color="black", lw=0.6)
    ax_s.set(title=f"Share of the full gradient (shares sum to {share.sum():.0f})",
             xlabel="time step t: word read",
             ylabel=("$\\langle$term$_t$, G$\\rangle$ / $\\|G\\|^2$,  "
                     "G = $\\partial L/\\partial W_h$"))
    for ax in (ax_n, ax_s):
        ax.set_xticks(steps, ticks)
    fig.suptitle(f"$\\partial L/\\partial W_h$ for “{sentence}”, one term per step",
                 fontweight="bold")
    return fig


def optimiser_comparison_figure(runs, epochs):
    """Training loss (log scale) and test accuracy after every epoch, one dot per seed and a
    line through the medians, for each optimiser of ``OPTIMISERS``.

    runs: {"SGD + momentum": [(model, history), ...], "Adam": [...]}, one pair per seed, each
    history holding arrays "train_loss" (E,) and "test_acc" (E,); epochs (E,): the epoch
    numbers 1..E. Returns the figure.
    """
    check_keys(runs, OPTIMISERS, name="runs")
    epochs = check_array("epochs", epochs, ("E",))
    n_epochs = int(epochs[-1])
    n_seeds = {len(runs[name]) for name in OPTIMISERS}
    if min(n_seeds) == 0:
        raise ValueError("runs must hold at least one (model, history) pair per optimiser")
    for name in OPTIMISERS:
        for i, (_, hist) in enumerate(runs[name]):
            check_keys(hist, ("train_loss", "test_acc"), name=f"a history of runs['{name}']")
            for key in ("train_loss", "test_acc"):
                check_array(f"runs['{name}'][{i}] history['{key}']", hist[key], ("E",),
                            (len(epochs),), why="(one value per epoch)")
    fig, (ax_l, ax_a) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, color in OPTIMISERS.items():
        seed_spread(ax_l, epochs, [hist["train_loss"] for _, hist in runs[name]], label=name,
                    color=color)
        seed_spread(ax_a, epochs, [hist["test_acc"] for _, hist in runs[name]], label=name,
                    color=color)
    ax_l.axhline(math.log(3), color=COLORS["grey"], lw=1, ls=":")
    ax_l.text(n_epochs, math.log(3) * 1.1, "uniform guess, ln 3", ha="right", va="bottom",
              color="#555555")
    ax_l.set_yscale("log")
    ax_l.set(title="Training loss (mean over each epoch's mini-batches)", xlabel="epoch",
             ylabel="cross-entropy (nats, log scale)")
    ax_a.axhline(1 / 3, color=COLORS["grey"], lw=1, ls=":")
    ax_a.text(n_epochs, 1 / 3 + 0.02, "chance, 1/3", ha="right", va="bottom", color="#555555")
    ax_a.set(title="Test accuracy (180 unseen sentences)", xlabel="epoch",
             ylabel="fraction of test sentences right", ylim=(0, 1.02))
    for ax in (ax_l, ax_a):
        ax.set_xticks(range(1, n_epochs + 1, 2))
    fig.legend(*ax_a.get_legend_handles_labels(), loc="outside lower center", ncol=2)
    seeds = max(n_seeds)
    fig.suptitle(f"Training the sentiment RNN (D = H = 32) from {seeds} seeds: SGD with momentum "
                 "vs Adam", fontweight="bold")
    return fig
