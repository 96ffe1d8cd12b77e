import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.matrix_equation import draw_matrix_equation  # noqa: E402
from rnnlib.plots import use_style  # noqa: E402

pytestmark = pytest.mark.usefixtures("closed_figures")


def _terms(rng):
    W, x, h = rng.normal(size=(6, 3)), rng.normal(size=3), rng.normal(size=6)
    return [(W, "W (6 × 3)"), "·", (x[:, None], "x (3,)"), "+", (h[:, None], "h (6,)")]


def test_one_axes_per_term_arrays_annotated_operators_as_text():
    use_style()
    terms = _terms(np.random.default_rng(0))
    fig, axes = draw_matrix_equation(terms, title="an equation", ylabels={"W (6 × 3)": "unit"})
    assert len(axes) == len(terms) and fig._suptitle.get_text() == "an equation"
    assert [ax.get_title() for ax in axes[::2]] == ["W (6 × 3)", "x (3,)", "h (6,)"]
    assert [ax.texts[0].get_text() for ax in axes[1::2]] == ["·", "+"]
    assert not axes[1].axison and not axes[3].axison
    W = terms[0][0]
    assert len(axes[0].texts) == W.size and axes[0].texts[0].get_text() == f"{W[0, 0]:.2f}"


def test_only_labelled_terms_show_row_numbers():
    fig, axes = draw_matrix_equation(_terms(np.random.default_rng(1)), title="t",
                                     ylabels={"W (6 × 3)": "unit"})
    assert axes[0].get_ylabel() == "unit" and len(axes[0].get_yticks()) == 6
    assert axes[2].get_ylabel() == "" and len(axes[2].get_yticks()) == 0


def test_cells_are_as_tall_as_the_tallest_arrays_and_centred():
    fig, axes = draw_matrix_equation(_terms(np.random.default_rng(2)), title="t")
    for ax, rows in [(axes[0], 6), (axes[2], 3), (axes[4], 6)]:
        bottom, top = ax.get_ylim()
        assert bottom - top == 6                         # the tallest array: 6 rows
        assert (bottom + top) / 2 == (rows - 1) / 2      # centred on the array's rows
    # the widths follow the columns, an operator 1.5
    assert fig.axes[0].get_subplotspec().get_gridspec().get_width_ratios() == [3, 1.5, 1, 1.5, 1]


def test_the_colour_scale_is_shared():
    fig, axes = draw_matrix_equation(_terms(np.random.default_rng(3)), title="t", vmax=2.5)
    assert all(ax.images[0].get_clim() == (-2.5, 2.5) for ax in axes[::2])


@pytest.mark.parametrize("terms, match", [
    ([], "non-empty list"),
    ("W + b", "non-empty list"),
    (["+", "·"], "at least one"),
    ([(np.ones((2, 2)),)], r"terms\[0\] must be an operator"),
    ([(np.ones((2, 2)), 3)], r"terms\[0\] must be an operator"),
    ([(np.ones(3), "v")], r"terms\[0\]\[0\] must have 2 dimensions"),
    ([(np.full((2, 2), np.nan), "M")], r"terms\[0\]\[0\] must be finite"),
])
def test_bad_terms_are_refused_by_name(terms, match):
    with pytest.raises(ValueError, match=match):
        draw_matrix_equation(terms, title="t")


def test_bad_vmax_is_refused():
    with pytest.raises(ValueError, match="vmax"):
        draw_matrix_equation([(np.ones((2, 2)), "M")], title="t", vmax=0)
