"""Notebook 01's three-panel figure: what is left of one input after steps of zeros, tanh
against ReLU, for three scales of W_h. The notebook runs the experiment and says what the
figure shows; this module draws it::

    norm_runs[act, scale] = np.linalg.norm(h_run[:, 0], axis=1)   # ||h_t||, t = 1 .. T
    pulse_norms_figure(norm_runs, ceiling=np.sqrt(H))

One panel per scale (left to right), ||h_t|| on a shared log axis for tanh and ReLU, the
tanh ceiling sqrt(H) dashed; the last panel writes where each state ends.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_positive_number, check_real_array, describe
from .plots import COLORS

__all__ = ["pulse_norms_figure", "ACTIVATIONS"]

# The activations compared, as norm_runs spells them, with their legend labels.
ACTIVATIONS = {"tanh": "tanh", "relu": "ReLU"}


def _runs(norm_runs, scales):
    """norm_runs checked: every (activation, scale) a 1-D array of T >= 1 norms, one T."""
    if not isinstance(norm_runs, dict):
        raise ValueError("norm_runs must be a dict (activation, scale) -> ||h_t|| for t = 1..T; "
                         f"got {describe(norm_runs)}")
    runs, lengths = {}, set()
    for act in ACTIVATIONS:
        for scale in scales:
            if (act, scale) not in norm_runs:
                raise ValueError(f"norm_runs has no entry ({act!r}, {scale}); it needs one for "
                                 f"each activation {list(ACTIVATIONS)} and scale {list(scales)}")
            run = check_real_array(f"norm_runs[{act!r}, {scale}]", norm_runs[act, scale])
            if run.ndim != 1 or len(run) == 0:
                raise ValueError(f"norm_runs[{act!r}, {scale}] must be a non-empty 1-D array "
                                 f"(T,); got shape {run.shape}")
            runs[act, scale] = run
            lengths.add(len(run))
    if len(lengths) > 1:
        raise ValueError("every run of norm_runs must have the same length T; "
                         f"got lengths {sorted(lengths)}")
    return runs, lengths.pop()


def pulse_norms_figure(norm_runs, ceiling, scales=(0.5, 1.0, 1.5)):
    """||h_t|| for t = 1..T after an input at t = 1 and zeros after it, one panel per scale.

    norm_runs: dict (activation, scale) -> (T,) array of ||h_t||, activation "tanh" and
    "relu", for each scale of W_h in ``scales`` (one panel each, left to right); ceiling: the
    tanh ceiling sqrt(H) (> 0), drawn dashed in every panel. The last panel writes the ReLU
    state's last value (next to its start) and the tanh state's. Returns the figure.
    """
    scales = tuple(scales)
    if not scales:
        raise ValueError("scales must name at least one scale of W_h; got none")
    runs, T = _runs(norm_runs, scales)
    tanh_ceiling = check_positive_number("ceiling", ceiling)
    fig, axes = plt.subplots(1, len(scales), figsize=(11, 3.6), sharey=True, squeeze=False)
    axes = axes[0]
    t_axis = np.arange(1, T + 1)
    for ax, scale in zip(axes, scales):
        ax.semilogy(t_axis, runs["tanh", scale], label="tanh")
        ax.semilogy(t_axis, runs["relu", scale], label="ReLU")
        ax.axhline(tanh_ceiling, color=COLORS["grey"], linestyle="--", linewidth=1,
                   label=r"tanh ceiling $\sqrt{H}$")
        ax.set(title=f"$W_h$ × {scale}", xlabel="time step t")
    relu_end, tanh_end = runs["relu", scales[-1]][-1], runs["tanh", scales[-1]][-1]
    axes[-1].text(1, relu_end, f"ReLU reaches {relu_end:.1e} at t = {T}", ha="left",
                  va="center", color=COLORS["orange"])
    axes[-1].text(T, 0.3 * tanh_end, f"tanh: {tanh_end:.2f} (ceiling {tanh_ceiling:.2f})",
                  ha="right", va="top", color=COLORS["blue"])
    axes[0].set_ylabel(r"$\Vert h_t \Vert$ (log scale)")
    axes[0].legend(loc="lower left")
    fig.suptitle(f"The word at t = 1, then {T - 1} steps of zeros: what is left, tanh vs ReLU",
                 fontweight="bold")
    return fig
