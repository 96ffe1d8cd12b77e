"""The multi-panel figures of notebook 05 (vanishing and exploding gradients), drawn from the
values the notebook computes; the notebook says what they show, this module how they are drawn.

    bound_figure(lags, ratios, lags_sat, saturation)     section 3: measured / bound for many
                                                         networks, saturation, tanh slopes
    word_gradient_figure(g, lengths, texts, before,      section 6: the word gradients of the
                         after, seed)                    longest sentences, and the profiles
    gap_accuracy_figure(series, ...)                     sections 7 and 9: test accuracy per
                                                         gap, a dot per seed
    relu_runs_figure(runs, seed)                         section 8: the ReLU runs' losses,
                                                         plain and clipped
    cliff_figure(path_plain, path_clip, start, zoom)     section 8: the cliff's loss surface
                                                         with two descents, and a zoom

Every function draws a new figure in the series' style (``rnnlib.plots``) and returns it.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from ._validation import check_array
from .cliff import cliff_loss_and_grads
from .gradient_explorer import log_axis
from .plots import COLORS, seed_spread
from .text import tokenize

__all__ = ["bound_figure", "word_gradient_figure", "gap_accuracy_figure", "relu_runs_figure",
           "cliff_figure"]

_SCALES = (0.5, 1.0, 2.0)           # the input scales of section 3's saturation panels


def bound_figure(lags, ratios, lags_sat, saturation):
    """Section 3, three panels. Left: measured / bound against the lag for many networks;
    middle: one network with rho = sigma_1 = 1 at several input scales; right: the histograms
    of its tanh slopes at those scales.

    lags (L,): the lags of ``ratios`` (N networks, L); lags_sat (M,): the lags of the saturation
    runs; saturation: {input scale: (norms (M,), slopes (any shape))} for the scales 0.0, 0.5,
    1.0 and 2.0. Returns the figure.
    """
    lags = check_array("lags", lags, ("L",))
    ratios = check_array("ratios", ratios, ("N", "L"), (None, lags.size))
    lags_sat = check_array("lags_sat", lags_sat, ("M",))
    missing = [s for s in (0.0, *_SCALES) if s not in saturation]
    if missing:
        raise ValueError(f"saturation must hold the input scales 0.0, 0.5, 1.0, 2.0; "
                         f"missing {missing}")
    for s in (0.0, *_SCALES):
        check_array(f"saturation[{s}] norms", saturation[s][0], ("M",), (lags_sat.size,))
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), gridspec_kw={"width_ratios": [1.1, 1.1, 1]})
    ax = axes[0]
    for k in range(len(ratios)):
        ax.plot(lags, ratios[k], color=COLORS["blue"], lw=0.5, alpha=0.25)
    ax.axhline(1.0, color="black", lw=1.5, ls="--", label="the bound (ratio 1)")
    log_axis(ax, -24, 2, every=4)
    ax.set(xlabel="lag t − k (steps)", ylabel="measured / (γσ₁)ᵗ⁻ᵏ",
           title=f"{len(ratios)} random tanh networks")
    ax.legend(loc="lower left", fontsize=8)

    ax = axes[1]
    ax.plot(lags_sat, np.ones_like(lags_sat, dtype=float), "--", color=COLORS["grey"], lw=2,
            label="bound (γσ₁ = 1)")
    ax.plot(lags_sat, saturation[0.0][0], "o", ms=3, markevery=4, color="black",
            label="input × 0")
    for scale, color in zip(_SCALES, ("sky", "blue", "vermillion")):
        ax.plot(lags_sat, saturation[scale][0], color=COLORS[color], label=f"input × {scale}")
    log_axis(ax, -24, 2, every=4)
    ax.set(xlabel="lag T − k (steps)", ylabel="‖∂h_T/∂h_k‖₂",
           title="one network, ρ = σ₁ = 1")
    ax.legend(loc="lower left", fontsize=8)

    ax = axes[2]
    bins = np.linspace(0, 1, 21)
    for scale, color in zip(_SCALES, ("sky", "blue", "vermillion")):
        ax.hist(np.asarray(saturation[scale][1]).ravel(), bins=bins, histtype="step", lw=1.5,
                color=COLORS[color], label=f"input × {scale}")
    ax.set(xlabel="tanh′(a_t) = 1 − h_t² (slope)", ylabel="count (units × steps)",
           title="slopes of the tanh units")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def word_gradient_figure(g, lengths, texts, before, after, seed, rows=8):
    """Section 6, two panels. Left: ||dL/dx_t|| per word of the ``rows`` longest sentences,
    relative to each sentence's largest, right-aligned, with the words written on it; right:
    the profile (typical share per position back from the last word) for every seed, before
    and after training.

    g (T, B): the word gradients (``word_gradients``), lengths (B,) and texts (B strings)
    of the sentences; before, after (S, P): the profiles per seed at 0..P-1 words back;
    seed: the seed of ``g``'s model (for the title). Returns the figure.
    """
    g = check_array("g", g, ("T", "B"))
    lengths = check_array("lengths", lengths, ("B",), (g.shape[1],))
    if len(texts) != g.shape[1]:
        raise ValueError(f"texts must hold one sentence per column of g ({g.shape[1]}); "
                         f"got {len(texts)}")
    before = check_array("before", before, ("S", "P"))
    after = check_array("after", after, ("S", "P"), (None, before.shape[1]))
    show = [int(b) for b in np.argsort(-lengths, kind="stable")[:rows]]       # the longest
    T_show = int(lengths[show].max())
    grid = np.full((len(show), T_show), np.nan)
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.2), gridspec_kw={"width_ratios": [2.3, 1]})
    fig.get_layout_engine().set(wspace=0.06)    # room between the colour bar and the right panel
    ax = axes[0]
    for row, b in enumerate(show):
        n = lengths[b]
        grid[row, T_show - n:] = g[:n, b] / g[:n, b].max()   # right-aligned: last word last
    im = ax.imshow(grid, cmap="viridis", norm=LogNorm(1e-3, 1), aspect="auto")
    for row, b in enumerate(show):
        words = tokenize(texts[b])
        for t, w in enumerate(words):
            col = T_show - len(words) + t
            ax.text(col, row, w, ha="center", va="center", fontsize=8,
                    color="white" if grid[row, col] < 0.1 else "black")
    ax.set_xticks(range(T_show), [f"{T_show - 1 - c}" for c in range(T_show)])
    ax.set_yticks([])
    ax.grid(False)
    ax.set(xlabel="words before the end of the sentence", title=f"trained model (seed {seed}): "
           "‖∂L/∂x_t‖ per word, relative to the sentence's largest")
    fig.colorbar(im, ax=ax, label="share of the largest (log scale)")

    ax = axes[1]
    backs = np.arange(before.shape[1])
    seed_spread(ax, backs, before, label="before training", color=COLORS["grey"], marker="s")
    seed_spread(ax, backs, after, label="after training", color=COLORS["vermillion"])
    ax.set(yscale="log", ylim=(0.05, 1.5), xlabel="words before the end",
           ylabel="typical share of the largest gradient",
           title=f"profile over {len(texts)} test sentences")
    ax.yaxis.set_major_locator(FixedLocator([0.05, 0.1, 0.2, 0.5, 1]))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.legend(loc="lower left", fontsize=8)
    return fig


def gap_accuracy_figure(series, *, xticks, xlabel, title, ylim=(0.4, 1.03),
                        legend_loc="upper right", shift=0.3):
    """Test accuracy against the gap, a dot per seed and a line through the medians, for one
    or more series, with chance (0.5) dotted.

    series: a list of (gaps (G,), accuracies (S, G), label, colour, marker), the colour a key
    of ``COLORS`` or any matplotlib colour. With several series, each is shifted sideways
    (from -shift to +shift) so that no dot hides another. xticks, xlabel, title, ylim,
    legend_loc: as matplotlib takes them. Returns the figure.
    """
    series = list(series)
    if not series or not all(isinstance(s, (tuple, list)) and len(s) == 5 for s in series):
        raise ValueError("series must be a non-empty list of (gaps, accuracies, label, colour, "
                         f"marker); got {series!r:.80}")
    shifts = np.linspace(-shift, shift, len(series)) if len(series) > 1 else [None]
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for (gaps, acc, label, color, marker), dx in zip(series, shifts):
        gaps = check_array(f"the gaps of {label!r}", gaps, ("G",))
        acc = check_array(f"the accuracies of {label!r}", acc, ("S", "G"), (None, gaps.size))
        seed_spread(ax, gaps if dx is None else gaps + dx, acc, label=label,
                    color=COLORS.get(color, color), marker=marker)
    ax.axhline(0.5, color="black", lw=1, ls=":", label="chance (guessing)")
    ax.set(xlabel=xlabel, ylabel="test accuracy (fraction correct)", ylim=ylim, xticks=xticks,
           title=title)
    ax.legend(loc=legend_loc, fontsize=8)
    return fig


def relu_runs_figure(runs, seed):
    """Section 8, two panels. Left (log scale up to 1e300): the loss of every run, plain SGD
    and clipped, a cross where a plain run ended in NaN; right (linear scale): the clipped
    runs, with ln 3 (a uniform guess over 3 classes) dotted.

    runs: {seed: (plain losses, clipped losses)}, 1-d arrays (one loss per step taken);
    seed: the run drawn bold. Returns the figure.
    """
    if not isinstance(runs, dict) or not runs or seed not in runs:
        raise ValueError(f"runs must be a dict {{seed: (plain losses, clipped losses)}} "
                         f"holding seed {seed}; got {type(runs).__name__}")
    nan_at = [len(p) for p, _ in runs.values() if np.isnan(p[-1])]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    ax = axes[0]
    log_axis(ax, -1, 300, every=50)                # fixed limits first: no autoscaling near 1e308
    for s, (plain, clipped) in runs.items():
        bold = 2 if s == seed else 0.8
        shown = np.where(np.isfinite(plain), plain, np.nan)     # inf and NaN: not drawn (the cross)
        ax.plot(np.arange(1, len(plain) + 1), shown, "-", lw=bold, color=COLORS["vermillion"],
                label="plain SGD" if s == seed else None)
        if np.isnan(plain[-1]):
            ax.plot(len(plain), 1e280, "x", ms=9, mew=2, color=COLORS["vermillion"])
        ax.plot(np.arange(1, len(clipped) + 1), clipped, "-", lw=bold, color=COLORS["blue"],
                label="clipped to norm 5" if s == seed else None)
    ax.annotate("NaN", (max(nan_at, default=1), 1e280), xytext=(8, -4), textcoords="offset points")
    ax.set(xlabel="SGD step", ylabel="training loss (nats)", xlim=(0, 31),
           title=f"ReLU RNN, W_h with spectral radius 4, seeds {min(runs)}-{max(runs)}")
    ax.legend(loc="center right", fontsize=8)

    ax = axes[1]
    for s, (_, clipped) in runs.items():
        ax.plot(np.arange(1, len(clipped) + 1), clipped, "-", lw=2 if s == seed else 0.8,
                color=COLORS["blue"],
                label="clipped to norm 5 (one line per seed)" if s == seed else None)
    ax.axhline(math.log(3), color="black", ls=":", lw=1, label="ln 3 (uniform guess)")
    ax.set(xlabel="SGD step", ylabel="training loss (nats)", xlim=(0, 31), ylim=(0, 45),
           title="the clipped runs, linear scale")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def cliff_figure(path_plain, path_clip, start, zoom, view=(1, 10, -4.5, 8)):
    """Section 8, two panels: the cliff's loss (x_50 - 1)^2 over (w, b) (log colour scale) with
    a plain and a clipped descent and their start; left the ``view``, right the ``zoom`` (a
    dashed box on the left), each (w from, w to, b from, b to).

    path_plain, path_clip: (steps + 1, 2) arrays of (w, b) (``rnnlib.cliff.descend``);
    start: (w, b). Returns the figure.
    """
    path_plain = check_array("path_plain", path_plain, ("N", "2"), (None, 2))
    path_clip = check_array("path_clip", path_clip, ("N", "2"), (None, 2))
    for name, box in (("view", view), ("zoom", zoom)):
        if len(box) != 4 or not (box[0] < box[1] and box[2] < box[3]):
            raise ValueError(f"{name} must be (w from, w to, b from, b to), each from < to; "
                             f"got {box}")
    zoom = tuple(zoom)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6))
    for ax, (x0, x1, y0, y1) in zip(axes, [tuple(view), zoom]):   # the whole picture, a zoom
        Wg, Bg = np.meshgrid(np.linspace(x0, x1, 301), np.linspace(y0, y1, 301))
        surface = cliff_loss_and_grads(Wg, Bg)[0]          # (301, 301) losses in one call
        im = ax.pcolormesh(Wg, Bg, surface, norm=LogNorm(1e-4, 1e2), cmap="viridis",
                           shading="auto", rasterized=True)
        ax.plot(*path_plain.T, ".-", color=COLORS["vermillion"], lw=1.5,
                label="plain gradient descent")
        ax.plot(*path_clip.T, ".-", color="white", lw=0.8, ms=3, label="clipped to norm 2")
        ax.plot(*start, "*", color="black", ms=14, label="start")
        ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w (recurrent weight)", ylabel="b (bias)")
        ax.grid(False)
    axes[0].add_patch(plt.Rectangle(zoom[::2], zoom[1] - zoom[0], zoom[3] - zoom[2], fill=False,
                                    ec="white", ls="--"))
    axes[0].set_title("loss (x₅₀ − 1)² over (w, b)")
    axes[1].set_title("zoom on the cliff (dashed box)")
    axes[0].legend(loc="upper left", fontsize=8, frameon=True, facecolor="0.3", labelcolor="white")
    fig.colorbar(im, ax=axes, label="loss (log scale)")
    return fig
