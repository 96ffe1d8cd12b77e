"""Two drawing helpers for losses over several seeds (notebook 07, section 3).

    run_curves(ax, epochs, histories)   train (solid) and validation (dashed) loss per epoch,
                                        one pair of lines per run, labelled once
    reference_levels(ax, levels, x)     dotted horizontal lines, each with its label at x

They draw on an axes the caller made and leave its title, labels and legend to the caller.
Colours are names of ``rnnlib.plots.COLORS`` (or any matplotlib colour).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_real_array, describe
from .plots import COLORS

__all__ = ["run_curves", "reference_levels"]


def _color(c):
    return COLORS.get(c, c) if isinstance(c, str) else c


def run_curves(ax, epochs, histories, *, train_color="blue", validation_color="orange"):
    """Loss curves of several runs of one recipe (e.g. one per seed).

    epochs: (E,) the x values; histories: a list of dicts, each with "train" (E,) and
    "validation" (E,) losses, one value per epoch. Only the first run's two lines carry a
    label, so a legend shows each kind once. Returns the lines drawn.
    """
    epochs = check_real_array("epochs", epochs)
    if not isinstance(histories, (list, tuple)) or not histories:
        raise ValueError(f"histories must be a non-empty list of dicts; got {describe(histories)}")
    lines = []
    for i, h in enumerate(histories):
        for key in ("train", "validation"):
            if not isinstance(h, dict) or np.shape(h.get(key)) != epochs.shape:
                raise ValueError(f"histories[{i}][{key!r}] must hold one loss per epoch, "
                                 f"shape {epochs.shape}; got {describe(h)}")
        lines += ax.plot(epochs, h["train"], "-", color=_color(train_color), alpha=0.5, lw=1.5,
                         label="train (mean over the epoch)" if i == 0 else None)
        lines += ax.plot(epochs, h["validation"], "--", color=_color(validation_color),
                         alpha=0.8, lw=1.5,
                         label="validation (after the epoch)" if i == 0 else None)
    return lines


def reference_levels(ax, levels, x, *, offset=0.012):
    """Dotted horizontal lines at known levels, each labelled just above it, right-aligned at x.

    levels: [(y, text, colour)], e.g. (2.47, "bigram (counting)", "grey"); x: where the
    labels end and offset: how far above its line a label sits, both in data coordinates.
    Returns the labels (matplotlib Text).
    """
    if not isinstance(levels, (list, tuple)) or not all(
            isinstance(level, (list, tuple)) and len(level) == 3 for level in levels):
        raise ValueError(f"levels must be a list of (y, text, colour); got {describe(levels)}")
    texts = []
    for y, text, c in levels:
        ax.axhline(y, color=_color(c), ls=":", lw=1.5)
        texts.append(ax.text(x, y + offset, text, ha="right", fontsize=8, color=_color(c)))
    return texts
