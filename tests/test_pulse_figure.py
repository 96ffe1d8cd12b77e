"""Notebook 01's three-panel figure of a pulse's memory: what each panel draws, bad input refused."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.pulse_figure import ACTIVATIONS, pulse_norms_figure  # noqa: E402

SCALES = (0.5, 1.0, 1.5)


pytestmark = pytest.mark.usefixtures("styled_figures")


def _runs(T=20, scales=SCALES, seed=0):
    rng = np.random.default_rng(seed)
    return {(act, s): np.exp(rng.normal(size=T).cumsum()) for act in ACTIVATIONS for s in scales}


def test_one_panel_per_scale_with_both_runs_and_the_ceiling():
    runs = _runs()
    fig = pulse_norms_figure(runs, ceiling=2.0)
    assert len(fig.axes) == 3
    for ax, s in zip(fig.axes, SCALES):
        assert ax.get_title() == f"$W_h$ × {s}"
        assert ax.get_xlabel() == "time step t" and ax.get_yscale() == "log"
        tanh, relu, ceiling = ax.lines
        assert np.array_equal(tanh.get_xdata(), np.arange(1, 21))
        assert np.array_equal(tanh.get_ydata(), runs["tanh", s])
        assert np.array_equal(relu.get_ydata(), runs["relu", s])
        assert np.allclose(ceiling.get_ydata(), 2.0) and ceiling.get_linestyle() == "--"
    assert fig.axes[0].get_ylabel() == r"$\Vert h_t \Vert$ (log scale)"
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["tanh", "ReLU", r"tanh ceiling $\sqrt{H}$"]


def test_the_last_panel_says_where_each_state_ends():
    runs = _runs(T=50)
    fig = pulse_norms_figure(runs, ceiling=np.sqrt(8))
    texts = [t.get_text() for t in fig.axes[-1].texts]
    assert texts == [f"ReLU reaches {runs['relu', 1.5][-1]:.1e} at t = 50",
                     f"tanh: {runs['tanh', 1.5][-1]:.2f} (ceiling 2.83)"]
    assert fig._suptitle.get_text() == ("The word at t = 1, then 49 steps of zeros: what is "
                                        "left, tanh vs ReLU")


def test_other_scales_give_other_panels():
    fig = pulse_norms_figure(_runs(scales=(1.0, 2.0)), ceiling=1.0, scales=(1.0, 2.0))
    assert [ax.get_title() for ax in fig.axes] == ["$W_h$ × 1.0", "$W_h$ × 2.0"]


def test_a_missing_run_is_refused_by_name():
    runs = _runs()
    del runs["relu", 1.0]
    with pytest.raises(ValueError, match=r"norm_runs has no entry \('relu', 1.0\)"):
        pulse_norms_figure(runs, ceiling=1.0)


@pytest.mark.parametrize("bad, match", [
    (np.ones((3, 2)), r"must be a non-empty 1-D array \(T,\)"),
    (np.ones(0), r"must be a non-empty 1-D array \(T,\)"),
    (np.ones(7), "must have the same length T"),
    ("abc", "must hold real numbers"),
])
def test_a_bad_run_is_refused_by_name(bad, match):
    runs = _runs()
    runs["tanh", 0.5] = bad
    with pytest.raises(ValueError, match=match):
        pulse_norms_figure(runs, ceiling=1.0)


@pytest.mark.parametrize("ceiling", [0, -1.0, None, "2"])
def test_a_bad_ceiling_is_refused_by_name(ceiling):
    with pytest.raises(ValueError, match="ceiling must be a number > 0"):
        pulse_norms_figure(_runs(), ceiling=ceiling)


def test_norm_runs_must_be_a_dict_and_scales_not_empty():
    with pytest.raises(ValueError, match="norm_runs must be a dict"):
        pulse_norms_figure([1, 2], ceiling=1.0)
    with pytest.raises(ValueError, match="scales must name at least one scale"):
        pulse_norms_figure(_runs(), ceiling=1.0, scales=())
