"""The drawing helpers of notebook 07's seed study: what they draw, and what they refuse."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.loss_figures import reference_levels, run_curves  # noqa: E402
from rnnlib.plots import COLORS  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _histories(n=3, E=4):
    rng = np.random.default_rng(0)
    return [{"train": list(rng.uniform(2, 3, E)), "validation": list(rng.uniform(2, 3, E)),
             "batch_loss": [2.5] * 10} for _ in range(n)]


def test_run_curves_draws_two_lines_per_run_labelled_once(ax):
    epochs, hist = np.arange(1, 5), _histories()
    lines = run_curves(ax, epochs, hist)
    assert len(lines) == 6 == len(ax.lines)
    for i, h in enumerate(hist):
        train, valid = lines[2 * i], lines[2 * i + 1]
        np.testing.assert_array_equal(train.get_ydata(), h["train"])
        np.testing.assert_array_equal(valid.get_ydata(), h["validation"])
        np.testing.assert_array_equal(train.get_xdata(), epochs)
        assert (train.get_linestyle(), valid.get_linestyle()) == ("-", "--")
        assert (train.get_color(), valid.get_color()) == (COLORS["blue"], COLORS["orange"])
    labels = [t.get_text() for t in ax.legend().get_texts()]
    assert labels == ["train (mean over the epoch)", "validation (after the epoch)"]


def test_run_curves_takes_any_colour(ax):
    lines = run_curves(ax, [1, 2], _histories(1, 2), train_color="#123456",
                       validation_color="green")
    assert lines[0].get_color() == "#123456" and lines[1].get_color() == COLORS["green"]


@pytest.mark.parametrize("histories, match", [
    ([], "histories must be a non-empty list"),
    (None, "histories must be a non-empty list"),
    ([{"train": [1, 2, 3]}], r"histories\[0\]\['train'\] must hold one loss per epoch"),
    ([{"train": [1, 2, 3, 4], "validation": [1, 2]}], r"histories\[0\]\['validation'\]"),
    (["not a dict"], r"histories\[0\]"),
])
def test_run_curves_refuses_histories_that_do_not_fit(ax, histories, match):
    with pytest.raises(ValueError, match=match):
        run_curves(ax, np.arange(1, 5), histories)


def test_reference_levels_draws_a_dotted_line_and_a_label_above_each(ax):
    levels = [(2.47, "bigram", "grey"), (2.10, "target", "green"), (1.9, "other", "#abcdef")]
    texts = reference_levels(ax, levels, x=0.4)
    assert len(ax.lines) == 3 and len(texts) == 3
    for line, text, (y, label, c) in zip(ax.lines, texts, levels):
        assert line.get_linestyle() == ":" and np.allclose(line.get_ydata(), y)
        assert text.get_text() == label and text.get_ha() == "right"
        assert text.get_position() == pytest.approx((0.4, y + 0.012))
        assert text.get_color() == line.get_color() == COLORS.get(c, c)
    assert reference_levels(ax, [(1.0, "a", "blue")], x=0, offset=0.5)[0].get_position() == (0, 1.5)


@pytest.mark.parametrize("levels", [None, [(1.0, "no colour")], [2.0], "levels"])
def test_reference_levels_refuses_what_is_not_a_list_of_triples(ax, levels):
    with pytest.raises(ValueError, match=r"levels must be a list of \(y, text, colour\)"):
        reference_levels(ax, levels, x=0)
