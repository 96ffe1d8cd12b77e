"""The drawing behind notebook 05's gradient explorer: gain against lag, and the eigenvalues.

    explorer = GradientExplorer(T=100, seed=0)
    display(interactive_figure(explorer.draw, H=..., rho=..., ratio=..., activation=...))

The computation is ``rnnlib.explorer_flow.gradient_flow`` (tested on its own); this module only
draws its result, in two places:

- ``plot_flow`` draws one result on a pair of axes (the static companion: several settings
  side by side on a pyplot figure);
- ``GradientExplorer`` keeps one figure alive for the controls and redraws it fast: the
  still parts (axes, ticks, labels, legend) are drawn once per zoom of the eigenvalue plane
  and kept as a picture; each redraw repaints only the lines, dots and title that change
  (blitting, ``FastRedraw``) and shows the result as a PNG. A control then answers within
  about 100 ms (``benchmarks/bench_controls.py`` measures it).

``log_axis`` and ``POWER_OF_TEN`` are the log axes of the notebook's other figures too:
a fixed range with tick labels 10⁻⁸ rather than 1e-08, so figures drawn with different
settings can be compared at a glance.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from ._validation import check_positive_int
from .explorer_flow import gradient_flow
from .plots import COLORS
from .widgets import FastRedraw  # here too, where notebook 06 first imported it

__all__ = ["POWER_OF_TEN", "log_axis", "EIG_TICKS", "eig_view", "plot_flow", "update_flow",
           "FastRedraw", "GradientExplorer"]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value, _pos=None):
    """A tick label for a power of ten: 1e-08 -> "10⁻⁸", 1 -> "1"."""
    if not (value > 0 and math.isfinite(value)):
        return ""
    exponent = round(math.log10(value))
    return "1" if exponent == 0 else "10" + f"{exponent:d}".translate(_SUPERSCRIPT)


POWER_OF_TEN = FuncFormatter(_power_of_ten)
"""Tick labels 10⁻⁸, 10⁻⁴, 1, 10⁴ for a log axis whose ticks are powers of ten."""


def log_axis(ax, lo, hi, every=4):
    """A log y-axis from 10^lo to 10^hi with a labelled tick every ``every`` decades.

    lo < hi: integers (exponents); every: a positive integer. Fixed limits (no autoscaling),
    no minor ticks, labels from ``POWER_OF_TEN``.
    """
    lo, hi = int(lo), int(hi)
    if not lo < hi:
        raise ValueError(f"lo must be below hi; got lo = {lo}, hi = {hi}")
    every = check_positive_int("every", every)
    ax.set_yscale("log")
    ax.set_ylim(10.0**lo, 10.0**hi)
    first = -(-lo // every) * every  # the first multiple of `every` >= lo
    ax.yaxis.set_major_locator(FixedLocator(10.0 ** np.arange(first, hi + 1, every)))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(POWER_OF_TEN)


_THETA = np.linspace(0, 2 * np.pi, 121)
EIG_TICKS = {1.6: [-1, 0, 1], 3.2: [-2, 0, 2], 7.0: [-6, -3, 0, 3, 6]}
"""The three zooms of the eigenvalue plane (half-width: ticks); few zooms, few backgrounds."""


def eig_view(sigma1):
    """The smallest zoom of ``EIG_TICKS`` that shows the circle of radius sigma1 (with room)."""
    return next((lim for lim in EIG_TICKS if 1.1 * sigma1 <= lim), max(EIG_TICKS))


def plot_flow(axes, flow, H, activation, title_size=10, sep="  "):
    """Draw one ``gradient_flow`` result: gain against lag (axes[0]), eigenvalues (axes[1]).

    Left: the measured ||dh_T/dh_k||_2, the bound (gamma sigma_1)^lag (dashed) and the
    eigenvalue rate rho^lag (dotted) on a log axis from 1e-12 to 1e12. Right: the
    eigenvalues of W_h in the complex plane, the unit circle and a dashed circle of radius
    sigma_1. H, activation: for the title. Returns the artists that change with the
    controls, for ``update_flow``: [bound, rate, measured, circle, dots, title].
    """
    ax, ax_eig = axes
    lags = flow["lags"]
    bound, = ax.plot(lags, flow["bound"], "--", color="black", lw=1, label="bound (γσ₁)ˡᵃᵍ")
    rate, = ax.plot(lags, flow["bound"], ":", color=COLORS["blue"], lw=2, label="ρˡᵃᵍ")
    measured, = ax.plot(lags, flow["norms"], color=COLORS["vermillion"], lw=2, label="measured")
    log_axis(ax, -12, 12, every=4)
    ax.set(xlim=(0, lags[0]), xlabel="lag T − k (steps)", ylabel="‖∂h_T/∂h_k‖₂")
    title = ax.set_title("", fontsize=title_size, y=1.01)  # a fixed place: blitted every time
    ax_eig.plot(np.cos(_THETA), np.sin(_THETA), color="black", lw=1)  # the unit circle
    circle, = ax_eig.plot(_THETA, _THETA, "--", color=COLORS["grey"], lw=1)  # radius sigma_1
    dots, = ax_eig.plot(_THETA, _THETA, "o", ms=3, color=COLORS["blue"])
    ax_eig.set(aspect="equal", xlabel="Re λ", ylabel="Im λ")
    ax_eig.set_title("eigenvalues of W_h", fontsize=title_size)
    artists = [bound, rate, measured, circle, dots, title]
    update_flow(artists, flow, H, activation, sep)
    return artists


def update_flow(artists, flow, H, activation, sep="  "):
    """Put a new ``gradient_flow`` result into the artists made by ``plot_flow``.

    Returns the zoom of the eigenvalue plane it set (a key of ``EIG_TICKS``).
    """
    bound, rate, measured, circle, dots, title = artists
    rho, sigma1, lags = flow["rho"], flow["sigma1"], flow["lags"].astype(float)
    bound.set_ydata(flow["bound"])
    rate.set_ydata(rho**lags)
    measured.set_ydata(np.maximum(flow["norms"], 1e-300))  # 0 (a dead ReLU) off the log axis
    title.set_text(f"{activation}, H = {H}:{sep}ρ = {rho:.2f}   σ₁ = {sigma1:.2f}   "
                   f"γσ₁ = {flow['gamma'] * sigma1:.2f}")
    circle.set_data(sigma1 * np.cos(_THETA), sigma1 * np.sin(_THETA))
    dots.set_data(flow["eigenvalues"].real, flow["eigenvalues"].imag)
    lim = eig_view(sigma1)
    circle.axes.set(xlim=(-lim, lim), ylim=(-lim, lim), xticks=EIG_TICKS[lim],
                    yticks=EIG_TICKS[lim])
    return lim


class GradientExplorer:
    """Notebook 05's interactive figure: one live figure, redrawn by ``draw`` for the controls.

    T: steps of the random sequence; seed: the seed of ``gradient_flow`` (the same basis,
    inputs and eigenvalue angles for every setting, so only the controls change the
    picture); show: called with the PNG bytes of each redraw (default: display them).
    The figure starts at H = 64, rho = 0.9, sigma_1/rho = 1, tanh.
    """

    def __init__(self, T=100, seed=0, show=None):
        self.T = check_positive_int("T", T)
        self.seed = check_positive_int("seed", seed, minimum=0)
        self.fig = Figure(figsize=(9.5, 3.6), layout="none")
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.3)
        self.axes = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.9, 1]})
        first = gradient_flow(64, 0.9, 0.9, "tanh", T=self.T, seed=self.seed)
        self.artists = plot_flow(self.axes, first, 64, "tanh")
        self.axes[0].legend(loc="lower left", fontsize=8)
        self.redraw = FastRedraw(self.fig, self.artists, show=show)

    def draw(self, H, rho, ratio, activation):
        """The controls' ``draw``: compute with ``gradient_flow``, update the artists, show.

        H: hidden size; rho: spectral radius of W_h; ratio: sigma_1 / rho (>= 1);
        activation: "tanh", "relu" or "linear".
        """
        flow = gradient_flow(H, rho, ratio * rho, activation, T=self.T, seed=self.seed)
        self.show_flow(flow, H, activation)

    def show_flow(self, flow, H, activation):
        """Draw an already computed ``gradient_flow`` result (what ``draw`` does after it)."""
        self.redraw.show(view=update_flow(self.artists, flow, H, activation))
