"""What a model and its training runs look like, printed or drawn (notebook 04).

Notebook 04 trains four models, each from five seeds, and shows the same three things for
each of them:

    show_shapes(model, arrays)                  the arrays of one mini-batch and every parameter
    seed_table(rows, seeds)                     one number per seed and their median, per row
    seed_curves(runs, title, names, ylabels)    the training curves of the runs: a dot per
                                                seed and a line through the medians

A run's history is a dict as ``rnnlib.fit`` returns it (key -> one value per epoch):
"epoch", "batch_loss" (the mean loss of the epoch's mini-batches) and what the run's
``evaluate`` measured, e.g. "test_loss", "train_acc", "test_acc".
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_real_array, describe
from .plots import COLORS, seed_spread

__all__ = ["show_shapes", "seed_table", "seed_curves"]


def show_shapes(model, arrays):
    """Print the shape of each array, then every parameter of the model and its size.

    model: anything with a ``params`` dict of arrays; arrays: a list of (name, array,
    meaning) triples, e.g. ("h", cache.h, "(T, B, H): every hidden state"). Returns None.
    """
    params = getattr(model, "params", None)
    if not isinstance(params, dict):
        raise ValueError(f"model must have a params dict; got {describe(model)}")
    arrays = list(arrays)
    if not all(isinstance(a, tuple) and len(a) == 3 for a in arrays):
        raise ValueError("arrays must be a list of (name, array, meaning) triples; got "
                         f"{describe(arrays)}")
    for name, array, meaning in arrays:
        print(f"{name:<14} {str(np.shape(array)):<15} {meaning}")
    print("-" * 72)
    for name, value in model.params.items():
        print(f"{name:<14} {str(value.shape):<15} {value.size:6d} numbers")
    total = sum(value.size for value in model.params.values())
    print(f"{'total':<14} {'':<15} {total:6d} numbers")


def seed_table(rows, seeds):
    """Print one line per quantity: its value for each seed, then the median.

    rows: {name: (values, format)}, e.g. {"held-out accuracy": (accs, ".3f")}, with one value
    per seed; format "d" is for counts (their median is printed as 3 or 3.5).
    seeds: the seeds, in the order of the values (the header). Returns None.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must be a non-empty list of integers; got []")
    if not isinstance(rows, dict):
        raise ValueError(f"rows must be a dict {{name: (values, format)}}; got {describe(rows)}")
    for name, row in rows.items():
        if not (isinstance(row, tuple) and len(row) == 2 and isinstance(row[1], str)):
            raise ValueError(f"rows[{name!r}] must be a pair (values, format); got "
                             f"{describe(row)}")
        values = check_real_array(f"rows[{name!r}] values", row[0])
        if values.shape != (len(seeds),):
            raise ValueError(f"rows[{name!r}] must hold one value per seed, shape "
                             f"({len(seeds)},); got shape {values.shape}")
    print(f"{'seed':<42}" + "".join(f"{s:>7d}" for s in seeds) + f"{'median':>9}")
    for name, (values, fmt) in rows.items():
        median = np.median(values)
        median = f"{median:g}" if fmt == "d" else f"{median:{fmt}}"   # a count: 3 or 3.5
        print(f"{name:<42}" + "".join(f"{v:>7{fmt}}" for v in values) + f"{median:>9}")


def seed_curves(runs, title, names, ylabels):
    """The histories of several runs (one per seed) as dots per seed and median lines.

    runs: a list of histories (key -> values per epoch, with "epoch"); a panel per entry of
    ylabels, {"loss": ..., "acc": ...}: the loss panel draws "batch_loss" (train) and
    "test_loss", the accuracy panel "train_acc" and "test_acc", each where the runs have it.
    names: {"train": label, "test": label}. Returns the figure and its axes (one per panel).
    """
    runs = list(runs)
    if not runs or not all(isinstance(h, dict) and "epoch" in h for h in runs):
        raise ValueError(f"runs must be a non-empty list of histories with an 'epoch' key; got "
                         f"{describe(runs)}")
    if not ylabels or not set(ylabels) <= {"loss", "acc"}:
        raise ValueError(f"ylabels must have the keys 'loss' and/or 'acc'; got {describe(ylabels)}")
    epochs = runs[0]["epoch"]
    fig, axes = plt.subplots(1, len(ylabels), figsize=(5 * len(ylabels), 3.4), squeeze=False)
    for ax, (kind, ylabel) in zip(axes[0], ylabels.items()):
        for split, color in (("train", COLORS["blue"]), ("test", COLORS["vermillion"])):
            key = "batch_loss" if (split, kind) == ("train", "loss") else f"{split}_{kind}"
            if key in runs[0]:
                seed_spread(ax, epochs, [h[key] for h in runs], label=names[split], color=color)
        ax.set(title={"loss": "loss", "acc": "accuracy"}[kind], xlabel="epoch", ylabel=ylabel)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.legend(fontsize=8, loc="upper right" if kind == "loss" else "lower right")
    fig.suptitle(title, fontweight="bold")
    return fig, axes[0]
