"""The series' one figure style and the plots the notebooks share; thin over matplotlib.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies);
weights and hidden states use a diverging colormap centred at zero, so that white means 0,
red positive and blue negative in every figure of the series.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["COLORS", "CLASS_COLORS", "DIVERGING", "SEQUENTIAL", "use_style", "heatmap",
           "probability_bars", "training_curves", "seed_spread"]

# Okabe & Ito (2008), "Color Universal Design".
COLORS = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
          "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
          "grey": "#999999"}
# positive / neutral / negative
CLASS_COLORS = (COLORS["green"], COLORS["grey"], COLORS["vermillion"])
DIVERGING = "RdBu_r"
SEQUENTIAL = "Blues"  # for counts and other data that cannot be negative

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (6.4, 3.6),
    "figure.constrained_layout.use": True,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=[COLORS[c] for c in
                                         ("blue", "orange", "green", "vermillion", "purple",
                                          "sky", "black")]),
    "image.cmap": DIVERGING,
    "legend.frameon": False,
}


def use_style():
    """Apply the series' style to every figure drawn after this call."""
    mpl.rcParams.update(STYLE)


def heatmap(ax, M, *, title, xlabel, ylabel, xticklabels=None, yticklabels=None,
            annotate=False, fmt="{:.2f}", vmax=None, colorbar=True, sequential=False):
    """Draw matrix M (rows, cols) with a diverging colormap centred at 0.

    annotate=True writes each value in its cell (for small matrices such as 4 x 4 or 8 x 8).
    sequential=True is for data that cannot be negative (counts, probabilities): a
    one-hue colormap from 0 to vmax instead.
    Returns the image.
    """
    M = np.asarray(M, dtype=float)
    vmax = vmax if vmax is not None else (np.abs(M).max() or 1.0)
    cmap, vmin = (SEQUENTIAL, 0.0) if sequential else (DIVERGING, -vmax)
    im = ax.imshow(M, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(False)
    # rows and columns are whole numbers: never a tick at 0.5 (or at -0.4 for a single row)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    if xticklabels is not None:
        ax.set_xticks(range(M.shape[1]), xticklabels)
    if yticklabels is not None:
        ax.set_yticks(range(M.shape[0]), yticklabels)
    if annotate:
        for (i, j), v in np.ndenumerate(M):
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                    color="white" if abs(v) > 0.6 * vmax else "black")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return im


def probability_bars(ax, probs, labels=("positive", "neutral", "negative"), *, title,
                     ylabel="probability"):
    """A bar per class with its probability written above it (ylabel=None for none)."""
    probs = np.asarray(probs, dtype=float)
    colors = CLASS_COLORS if len(probs) == 3 else None
    bars = ax.bar(labels, probs, color=colors)
    for bar, p in zip(bars, probs):
        ax.text(bar.get_x() + bar.get_width() / 2, p + 0.02, f"{p:.1%}", ha="center",
                va="bottom")
    ax.set(title=title, ylim=(0, 1.12))
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    return bars


def training_curves(history, *, title, axes=None):
    """Loss and accuracy per epoch, train and test, from a dict of lists.

    history: {"epoch": [...], "train_loss": [...], "test_loss": [...], "train_acc": [...],
    "test_acc": [...]} (test entries optional). Returns the figure.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    fig = axes[0].figure
    for split, style in (("train", "-"), ("test", "--")):
        if f"{split}_loss" in history:
            axes[0].plot(history["epoch"], history[f"{split}_loss"], style, label=split)
        if f"{split}_acc" in history:
            axes[1].plot(history["epoch"], history[f"{split}_acc"], style, label=split)
    axes[0].set(title="loss", xlabel="epoch", ylabel="cross-entropy (nats)")
    axes[1].set(title="accuracy", xlabel="epoch", ylabel="fraction correct", ylim=(0, 1.02))
    for ax in axes:
        ax.legend()
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    fig.suptitle(title, fontweight="bold")
    return fig


def seed_spread(ax, x, values, *, label, color=None, marker="o"):
    """A result measured over several seeds: one dot per seed and a line through the medians.

    x: (P,) the settings (a gap, an epoch, a learning rate); values: (S, P), one row per seed.
    The dots are spread a little sideways (the same offsets every time) so that equal values
    stay visible. Returns the median line.
    """
    x, values = np.asarray(x, dtype=float), np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[1] != x.size:
        raise ValueError(f"values must have shape (S, P) = (?, {x.size}); got shape "
                         f"{values.shape}")
    S = values.shape[0]
    step = np.min(np.diff(np.unique(x))) if np.unique(x).size > 1 else 1.0
    offsets = (np.arange(S) - (S - 1) / 2) * 0.06 * step
    (line,) = ax.plot(x, np.median(values, axis=0), "-", color=color, lw=2,
                      label=f"{label} (median of {S} seeds)")
    for s in range(S):
        ax.plot(x + offsets[s], values[s], marker, ls="none", ms=4, alpha=0.55,
                color=line.get_color(), markeredgewidth=0)
    return line
