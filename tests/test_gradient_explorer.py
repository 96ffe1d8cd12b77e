"""Notebook 05's gradient explorer: tick labels, log axes, the flow plot and the fast redraw."""


import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from helpers import png_pixels  # noqa: E402

from rnnlib.explorer_flow import gradient_flow  # noqa: E402
from rnnlib.gradient_explorer import (  # noqa: E402
    EIG_TICKS,
    POWER_OF_TEN,
    FastRedraw,
    GradientExplorer,
    eig_view,
    log_axis,
    plot_flow,
    update_flow,
)

PNG = b"\x89PNG"


pytestmark = pytest.mark.usefixtures("styled_figures")




@pytest.mark.parametrize("value, label", [(1e-8, "10⁻⁸"), (1.0, "1"), (1e12, "10¹²"),
                                          (1e-300, "10⁻³⁰⁰"), (10.0, "10¹"), (0.0, ""),
                                          (-1.0, ""), (float("nan"), "")])
def test_power_of_ten_labels_with_superscripts(value, label):
    assert POWER_OF_TEN(value, 0) == label


def test_log_axis_has_fixed_limits_and_a_tick_every_few_decades():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1e-30, 1e30])                     # autoscaling would widen the range
    log_axis(ax, -6, 4, every=4)
    assert ax.get_yscale() == "log"
    assert np.allclose(ax.get_ylim(), (1e-6, 1e4))
    assert np.allclose(ax.get_yticks(), [1e-4, 1.0, 1e4])   # multiples of 4 within [-6, 4]
    assert len(ax.yaxis.get_minor_locator().tick_values(1e-6, 1e4)) == 0


@pytest.mark.parametrize("lo, hi, every", [(2, 2, 1), (3, -3, 1), (-3, 3, 0), (-3, 3, 1.5)])
def test_log_axis_refuses_bad_ranges_by_name(lo, hi, every):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="lo must be below hi|every must be"):
        log_axis(ax, lo, hi, every)


@pytest.mark.parametrize("sigma1, zoom", [(0.9, 1.6), (1.45, 1.6), (1.5, 3.2), (2.9, 3.2),
                                          (3.0, 7.0), (6.3, 7.0), (50.0, 7.0)])
def test_eig_view_is_the_smallest_zoom_that_shows_the_sigma1_circle(sigma1, zoom):
    assert eig_view(sigma1) == zoom
    assert zoom in EIG_TICKS


def test_plot_flow_draws_the_measured_gain_the_bound_and_the_eigenvalues():
    flow = gradient_flow(16, 0.9, 1.8, "tanh", T=30, seed=3)
    fig, axes = plt.subplots(1, 2)
    bound, rate, measured, circle, dots, title = plot_flow(axes, flow, 16, "tanh")
    assert np.array_equal(measured.get_ydata(), np.maximum(flow["norms"], 1e-300))
    assert np.allclose(bound.get_ydata(), 1.8 ** flow["lags"])
    assert np.allclose(rate.get_ydata(), 0.9 ** flow["lags"])
    assert np.allclose(np.hypot(*circle.get_data()), 1.8)               # radius sigma_1
    assert np.allclose(dots.get_xdata() + 1j * dots.get_ydata(), flow["eigenvalues"])
    assert title.get_text() == "tanh, H = 16:  ρ = 0.90   σ₁ = 1.80   γσ₁ = 1.80"
    assert axes[1].get_xlim() == (-3.2, 3.2)


def test_update_flow_replaces_the_data_and_returns_the_zoom():
    fig, axes = plt.subplots(1, 2)
    artists = plot_flow(axes, gradient_flow(8, 0.9, 0.9, "tanh", T=20, seed=0), 8, "tanh")
    new = gradient_flow(8, 1.2, 4.8, "relu", T=20, seed=0)
    assert update_flow(artists, new, 8, "relu", sep="\n") == 7.0
    assert np.array_equal(artists[2].get_ydata(), np.maximum(new["norms"], 1e-300))
    assert artists[5].get_text().startswith("relu, H = 8:\nρ = 1.20")
    assert axes[1].get_ylim() == (-7.0, 7.0)


def test_a_dead_relu_gain_of_zero_stays_on_the_log_axis():
    fig, axes = plt.subplots(1, 2)
    flow = gradient_flow(8, 0.9, 0.9, "relu", T=10, seed=0)
    flow["norms"] = np.zeros_like(flow["norms"])
    artists = plot_flow(axes, flow, 8, "relu")
    assert np.all(artists[2].get_ydata() == 1e-300)


def test_fast_redraw_repaints_only_the_moving_artists_over_one_background_per_view():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    line, = ax.plot([0, 1], [0, 1], lw=3)
    shown = []
    redraw = FastRedraw(fig, [line], show=shown.append)
    first = redraw.render("a")
    line.set_ydata([1, 0])
    second = redraw.render("a")
    assert first.startswith(PNG) and second.startswith(PNG)
    assert list(redraw.backgrounds) == ["a"]                            # drawn once per view
    assert not np.array_equal(png_pixels(first), png_pixels(second))          # the line moved
    assert png_pixels(first).shape[:2] == (200, 300)                       # the figure's size
    redraw.show("b")
    assert len(shown) == 1 and shown[0].startswith(PNG) and len(redraw.backgrounds) == 2
    assert line.get_visible()                                           # visible after the draw


def test_fast_redraw_paints_the_same_picture_as_a_fresh_figure_with_that_data():
    """The blitted figure after a change equals a new figure drawn with the new data first."""
    from matplotlib.figure import Figure

    def make(y):
        fig = Figure(figsize=(3, 2))
        ax = fig.subplots()
        ax.set(xlim=(0, 1), ylim=(0, 1))
        line, = ax.plot([0, 1], y, lw=3)
        return FastRedraw(fig, [line]), line

    blitted, line = make([0, 1])
    blitted.render("v")
    line.set_ydata([0.2, 0.7])
    fresh, _ = make([0.2, 0.7])
    assert np.array_equal(png_pixels(blitted.render("v")), png_pixels(fresh.render("v")))


def test_gradient_explorer_shows_one_png_per_redraw_and_follows_the_controls():
    shown = []
    explorer = GradientExplorer(T=20, seed=0, show=shown.append)
    explorer.draw(H=16, rho=0.9, ratio=1.0, activation="tanh")
    explorer.draw(H=16, rho=1.1, ratio=3.0, activation="linear")
    assert len(shown) == 2 and all(png.startswith(PNG) for png in shown)
    title = explorer.artists[5].get_text()
    assert title.startswith("linear, H = 16:") and "ρ = 1.10" in title and "σ₁ = 3.30" in title
    expected = gradient_flow(16, 1.1, 3.3, "linear", T=20, seed=0)["norms"]
    assert np.allclose(explorer.artists[2].get_ydata(), np.maximum(expected, 1e-300))
    assert set(explorer.redraw.backgrounds) == {1.6, 7.0}               # two zooms used


@pytest.mark.parametrize("kwargs", [{"T": 0}, {"T": 2.5}, {"seed": -1}, {"seed": None}])
def test_gradient_explorer_refuses_bad_settings_by_name(kwargs):
    with pytest.raises(ValueError, match="T must be|seed must be"):
        GradientExplorer(show=lambda png: None, **kwargs)
