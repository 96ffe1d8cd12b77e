"""The three-panel figure of notebook 08 (from rnnlib to PyTorch), drawn from the values the
notebook computes; the notebook says what it shows, this module how it is drawn.

    library_comparison_figure(curves, gaps, epoch_seconds, steps_per_epoch)
        the same training run in rnnlib and in torch: the batch losses, the largest
        difference of the two losses so far for several seeds, and the time per epoch

The module only draws numbers (numpy arrays and floats); like the rest of rnnlib it never
imports torch. The function draws a new figure in the series' style (``rnnlib.plots``) and
returns it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_array, check_positive_int, check_positive_number, describe
from .plots import COLORS

__all__ = ["library_comparison_figure", "RUN_COLORS"]

# The runs' colours (and line styles), in the order of `curves`: rnnlib, torch on the CPU,
# torch on a GPU when there is one.
RUN_COLORS = (COLORS["blue"], COLORS["orange"], COLORS["green"])
RUN_STYLES = ("-", "--", ":")


def _runs(curves, epoch_seconds):
    """Check the two dicts keyed by run name; return the curves as arrays (S,) and the times."""
    if not isinstance(curves, dict) or not 1 <= len(curves) <= len(RUN_COLORS):
        raise ValueError(f"curves must be a dict of 1 to {len(RUN_COLORS)} runs "
                         f"{{name: losses (S,)}}; got {describe(curves)}"
                         + (f" with {len(curves)} runs" if isinstance(curves, dict) else ""))
    arrays = {str(name): check_array(f"curves[{name!r}]", losses, ("S",))
              for name, losses in curves.items()}
    if len({a.shape for a in arrays.values()}) != 1:
        raise ValueError("every run in curves must have the same number of steps S; got "
                         + ", ".join(f"{n!r}: {a.shape[0]}" for n, a in arrays.items()))
    if not isinstance(epoch_seconds, dict) or list(epoch_seconds) != list(curves):
        got = list(epoch_seconds) if isinstance(epoch_seconds, dict) else describe(epoch_seconds)
        raise ValueError(f"epoch_seconds must be a dict with the keys of curves, in their order "
                         f"{list(curves)}; got {got}")
    for name, seconds in epoch_seconds.items():
        check_positive_number(f"epoch_seconds[{name!r}]", seconds, finite=True)
    return arrays


def library_comparison_figure(curves, gaps, epoch_seconds, steps_per_epoch, *, vocab_size=27,
                              tolerance=0.02):
    """The same training in rnnlib and in torch, three panels.

    curves: {run name: batch losses (S,)}, one to three runs (rnnlib, torch on the CPU, torch
    on a GPU), drawn in that order; gaps: {seed: |loss_rnnlib - loss_torch| (S',)}, drawn as the
    largest difference so far on a log scale (zeros drawn at the floor, 1e-8);
    epoch_seconds: {run name: seconds per epoch}, the keys of curves in their order;
    steps_per_epoch: the number of batches of an epoch (for the axis label); vocab_size: the
    number of symbols (a uniform guess costs ln vocab_size nats); tolerance: the gap drawn as a
    dotted line. Returns the figure.
    """
    arrays = _runs(curves, epoch_seconds)
    if not isinstance(gaps, dict) or not gaps:
        raise ValueError(f"gaps must be a non-empty dict {{seed: differences (S,)}}; "
                         f"got {describe(gaps)}")
    gap_arrays = {s: check_array(f"gaps[{s!r}]", g, ("S",)) for s, g in gaps.items()}
    check_positive_int("steps_per_epoch", steps_per_epoch)
    check_positive_int("vocab_size", vocab_size, minimum=2)
    check_positive_number("tolerance", tolerance, finite=True)

    fig, (ax1, ax3, ax2) = plt.subplots(1, 3, figsize=(15, 4),
                                        gridspec_kw={"width_ratios": [3, 3, 2]})
    for (name, losses), c, ls in zip(arrays.items(), RUN_COLORS, RUN_STYLES):
        ax1.plot(np.arange(1, len(losses) + 1), losses, ls, color=c, lw=1.2, label=name)
    ax1.axhline(np.log(vocab_size), color=COLORS["grey"], ls=":",
                label=f"uniform guess, ln {vocab_size}")
    ax1.set(title="Batch loss, the same start and the same batches (float32)",
            xlabel="training step (batch of 64 names)", ylabel="loss (nats per character)")
    ax1.legend()
    for s, g in gap_arrays.items():   # the largest difference up to each step (0 at the floor)
        ax3.plot(np.arange(1, len(g) + 1), np.maximum(np.maximum.accumulate(g), 1e-8), lw=1.2,
                 label=f"seed {s}")
    ax3.axhline(tolerance, color=COLORS["grey"], ls=":", label=f"{tolerance:g} nats/char")
    seeds = list(gap_arrays)
    shown = f"seeds {seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else f"seed {seeds[0]}"
    ax3.set(yscale="log", ylim=(1e-8, 1), title=f"Largest |rnnlib - torch| so far, {shown}",
            xlabel="training step (batch of 64 names)",
            ylabel="difference of the losses (nats/char)")
    ax3.legend(fontsize=7, ncol=2)
    names = list(epoch_seconds)
    ax2.bar(range(len(names)), [epoch_seconds[n] for n in names], color=RUN_COLORS[:len(names)])
    ax2.set(title="Time per epoch on this machine", xticks=range(len(names)),
            xlabel="library and device", ylabel=f"seconds per epoch ({steps_per_epoch} steps)")
    ax2.set_xticklabels(names, fontsize=8)
    return fig
