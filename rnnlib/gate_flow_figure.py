"""The drawing behind notebook 06's gradient-flow figure: gain against lag, one line per curve.

The computation is ``rnnlib.gate_flow.gains`` (tested on its own); this module only draws its
result, on axes of a pyplot figure (the static companion) or of a ``FastRedraw`` figure (the
interactive one, where each move of a slider repaints only the curves and the title):

    artists = plot_gains(ax)                       the axes, legend and empty lines
    show_gains(artists, gains(H, b), H, b)         put one result into them

``FLOW_STYLE`` names the curves: {key of gains(): (label, colour, line style)}.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FixedLocator, NullLocator

from ._validation import check_keys, check_positive_int
from .gate_flow import FLOW_T
from .plots import COLORS

__all__ = ["FLOW_STYLE", "plot_gains", "show_gains"]

FLOW_STYLE = {"vanilla h": ("‖∂h_T/∂h_k‖ vanilla", COLORS["vermillion"], "-"),
              "LSTM c": ("‖∂c_T/∂c_k‖ LSTM", COLORS["purple"], "-"),
              "LSTM cell path": ("Π f, LSTM cell path alone", COLORS["purple"], ":"),
              "LSTM h": ("‖∂h_T/∂h_k‖ LSTM", COLORS["blue"], "--"),
              "GRU h": ("‖∂h_T/∂h_k‖ GRU", COLORS["green"], "-"),
              "sigma": ("σ(b)^lag, a gate fixed at its start", "black", "-.")}


def plot_gains(ax, legend=True, *, T=FLOW_T):
    """The axes and one line per curve of FLOW_STYLE, no data yet (lags 0..T on x, a log
    axis from 1e-12 to 1e4 on y). Returns the lines and the (empty) title, for show_gains."""
    T = check_positive_int("T", T)
    lags = np.arange(T + 1)
    lines = [ax.plot(lags, lags, ls=ls, color=color, lw=0.8 if key == "sigma" else 2,
                     label=label)[0] for key, (label, color, ls) in FLOW_STYLE.items()]
    ax.set_yscale("log")
    ax.set(ylim=(1e-12, 1e4), xlim=(0, T), xlabel="lag T − k (time steps)",
           ylabel="gain (no unit)")
    ax.yaxis.set_major_locator(FixedLocator([1e-12, 1e-8, 1e-4, 1, 1e4]))
    ax.yaxis.set_minor_locator(NullLocator())
    if legend:
        ax.legend(loc="lower left", fontsize=7.5)
    return lines + [ax.set_title(" ")]


def show_gains(artists, g, H, keep_bias):
    """Put the curves g (``gains(H, keep_bias)``: {key: (T + 1,)}) into the artists of
    plot_gains, and name H and keep_bias in the title."""
    check_keys(g, FLOW_STYLE, name="g")
    if len(artists) != len(FLOW_STYLE) + 1:
        raise ValueError(f"artists must be what plot_gains returned ({len(FLOW_STYLE) + 1} "
                         f"artists); got {len(artists)}")
    for line, key in zip(artists, FLOW_STYLE):
        line.set_ydata(np.maximum(g[key], 1e-300))        # 0 would fall off the log axis
    artists[-1].set_text(f"H = {H}, keep-gate bias b = {keep_bias:g}")
    return artists
