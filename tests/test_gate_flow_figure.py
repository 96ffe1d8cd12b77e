"""The gradient-flow figure: one line per curve of gains(), the data and title put in place."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.gate_flow import gains  # noqa: E402
from rnnlib.gate_flow_figure import FLOW_STYLE, plot_gains, show_gains  # noqa: E402


def test_plot_gains_then_show_gains_draws_every_curve_of_gains():
    fig, ax = plt.subplots()
    try:
        artists = plot_gains(ax, T=20)
        assert len(artists) == len(FLOW_STYLE) + 1
        assert ax.get_yscale() == "log" and ax.get_xlim() == (0, 20)
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
        g = gains(4, 1.0, T=20)
        show_gains(artists, g, 4, 1.0)
        for line, key in zip(artists, FLOW_STYLE):
            assert line.get_label() == FLOW_STYLE[key][0]
            np.testing.assert_array_equal(line.get_ydata(), np.maximum(g[key], 1e-300))
        assert artists[-1].get_text() == "H = 4, keep-gate bias b = 1"
        assert plot_gains(fig.add_subplot(2, 1, 2), legend=False)[0].axes.get_legend() is None
    finally:
        plt.close(fig)


def test_show_gains_refuses_incomplete_curves_and_other_artists():
    fig, ax = plt.subplots()
    try:
        artists = plot_gains(ax, T=20)
        g = gains(4, 1.0, T=20)
        with pytest.raises(ValueError, match="g is missing key 'sigma'"):
            show_gains(artists, {k: v for k, v in g.items() if k != "sigma"}, 4, 1.0)
        with pytest.raises(ValueError, match="artists must be what plot_gains returned"):
            show_gains(artists[:-1], g, 4, 1.0)
    finally:
        plt.close(fig)
