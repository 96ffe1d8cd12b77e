
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from helpers import png_pixels

from rnnlib.live_heatmap import LiveHeatmap  # noqa: E402
from rnnlib.plots import heatmap, use_style  # noqa: E402

WORDS = ["I", "love", "machine", "learning"]


pytestmark = pytest.mark.usefixtures("closed_figures")




def _live(**kw):
    use_style()
    return LiveHeatmap(WORDS, xlabel="word read", show=lambda png: None, **kw)


def test_render_gives_a_png_and_show_passes_it_on():
    shown = []
    live = LiveHeatmap(WORDS, xlabel="word read", show=shown.append)
    M = np.random.default_rng(0).uniform(-1, 1, (8, 4))
    png = live.render(M, title="H = 8", ylabel="unit")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    live.show(M, title="H = 8", ylabel="unit")
    assert shown == [png]                       # the same picture, redrawn the same way


def test_a_redraw_does_not_depend_on_what_was_shown_before():
    live = _live()
    rng = np.random.default_rng(1)
    small, tall = rng.uniform(-1, 1, (3, 4)), rng.uniform(-1, 1, (40, 4))
    first = png_pixels(live.render(small, title="H = 3", ylabel="unit (H = 3)"))
    live.render(tall, title="H = 40", ylabel="unit (H = 40)")
    again = png_pixels(live.render(small, title="H = 3", ylabel="unit (H = 3)"))
    assert np.array_equal(first, again)


def test_the_picture_changes_with_the_values_and_the_title():
    live = _live()
    M = np.random.default_rng(2).uniform(-1, 1, (5, 4))
    base = png_pixels(live.render(M, title="a", ylabel="u"))
    assert not np.array_equal(base, png_pixels(live.render(-M, title="a", ylabel="u")))
    assert not np.array_equal(base, png_pixels(live.render(M, title="b", ylabel="u")))


def test_values_are_written_only_for_small_matrices():
    live = _live(annotate_rows=8)
    M = np.random.default_rng(3).uniform(-1, 1, (8, 4))
    live.render(M, title="t", ylabel="u")
    assert live.numbers[0][0].get_text() == f"{M[0, 0]:.2f}" and live.numbers[0][0].get_visible()
    M9 = np.full((9, 4), 0.5)
    live.render(M9, title="t", ylabel="u")
    assert not any(text.get_visible() for row in live.numbers for text in row)  # 9 rows: none


def test_the_image_matches_a_heatmap_of_the_same_matrix():
    live = _live()
    M = np.random.default_rng(4).uniform(-1, 1, (6, 4))
    live.render(M, title="t", ylabel="u")
    fig, ax = plt.subplots()
    im = heatmap(ax, M, title="t", xlabel="word read", ylabel="u", vmax=1)
    assert np.array_equal(live.image.get_array(), im.get_array())
    assert live.image.get_clim() == im.get_clim() == (-1, 1)
    assert live.image.get_extent() == list(im.get_extent())
    assert [t.get_text() for t in live.ax.get_xticklabels()] == WORDS


@pytest.mark.parametrize("M, match", [
    (np.zeros((3, 5)), r"M must have shape \(rows, columns\) = \(\?, 4\)"),
    (np.zeros(4), "M must have 2 dimensions"),
    (np.zeros((65, 4)), "at most max_rows = 64"),
    (np.full((2, 4), np.inf), "M must be finite"),
])
def test_bad_matrices_are_refused(M, match):
    with pytest.raises(ValueError, match=match):
        _live().render(M, title="t", ylabel="u")


@pytest.mark.parametrize("kw, match", [
    ({"xticklabels": []}, "xticklabels"),
    ({"xticklabels": "abc"}, "xticklabels"),
    ({"max_rows": 0}, "max_rows"),
    ({"annotate_rows": -1}, "annotate_rows"),
])
def test_bad_settings_are_refused(kw, match):
    args = {"xticklabels": WORDS, "xlabel": "x", **kw}
    with pytest.raises(ValueError, match=match):
        LiveHeatmap(args.pop("xticklabels"), **args)
