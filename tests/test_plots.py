import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.plots import (  # noqa: E402
    DIVERGING,
    SEQUENTIAL,
    heatmap,
    probability_bars,
    seed_spread,
    training_curves,
    use_style,
)

pytestmark = pytest.mark.usefixtures("closed_figures")


def test_heatmap_is_centred_at_zero_with_labels():
    use_style()
    fig, ax = plt.subplots()
    im = heatmap(ax, np.array([[1.0, -3.0], [0.5, 2.0]]), title="W", xlabel="column",
                 ylabel="row", annotate=True)
    assert im.get_clim() == (-3.0, 3.0) and im.get_cmap().name == DIVERGING
    assert ax.get_title() == "W" and ax.get_xlabel() == "column"
    assert "-3.00" in [t.get_text() for t in ax.texts]


def test_probability_bars_write_percentages():
    fig, ax = plt.subplots()
    probs = np.array([0.891, 0.107, 0.002])
    probability_bars(ax, probs, title="y")
    assert [t.get_text() for t in ax.texts] == ["89.1%", "10.7%", "0.2%"]


def test_training_curves_have_two_labelled_panels():
    h = {"epoch": [1, 2], "train_loss": [1.0, 0.5], "test_loss": [1.1, 0.7],
         "train_acc": [0.5, 0.8], "test_acc": [0.4, 0.7]}
    fig = training_curves(h, title="t")
    a, b = fig.axes
    assert a.get_ylabel().startswith("cross-entropy") and b.get_ylabel() == "fraction correct"
    assert len(a.lines) == 2 and len(b.lines) == 2


def test_heatmap_of_counts_is_sequential_from_zero():
    fig, ax = plt.subplots()
    im = heatmap(ax, np.array([[50, 3], [7, 40]]), title="C", xlabel="predicted",
                 ylabel="true", sequential=True)
    assert im.get_clim() == (0.0, 50.0) and im.get_cmap().name == SEQUENTIAL


def test_seed_spread_draws_a_dot_per_seed_and_the_median():
    fig, ax = plt.subplots()
    values = np.array([[1.0, 0.5, 0.5], [1.0, 0.9, 0.5], [0.8, 0.5, 0.6]])
    line = seed_spread(ax, [2, 4, 6], values, label="vanilla RNN")
    np.testing.assert_allclose(line.get_ydata(), [1.0, 0.5, 0.5])
    assert "median of 3 seeds" in line.get_label() and len(ax.lines) == 1 + 3
    with pytest.raises(ValueError, match="values must have shape"):
        seed_spread(ax, [2, 4], values, label="x")
