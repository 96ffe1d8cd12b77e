"""Notebook 01's slider chain: a picture for every T, the same as drawn fresh, bad T refused."""


import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from helpers import png_pixels

from rnnlib.live_chain import LiveChain  # noqa: E402

pytestmark = pytest.mark.usefixtures("styled_figures")




def _chain(T_max=6):
    return LiveChain(T_max=T_max, show=lambda png: None)


def test_render_gives_a_png_and_show_passes_it_on():
    shown = []
    chain = LiveChain(T_max=5, show=shown.append)
    png = chain.render(3)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chain.show(T=3)                              # the slider calls it by keyword
    assert shown == [png]


def test_every_step_of_the_chain_is_found_once():
    chain = _chain(6)
    steps = sorted(set(chain.step_of.values()))
    assert steps == list(range(1, 7))
    cells = [a for a, t in chain.step_of.items() if a.get_gid() == "h" and hasattr(a, "get_x")]
    assert sorted(chain.step_of[c] for c in cells) == list(range(1, 7))   # one cell per step
    assert chain.output_row and chain.output_row <= set(chain.step_of)


@pytest.mark.parametrize("T", [1, 3, 6])
def test_only_the_first_T_cells_and_the_last_output_are_visible(T):
    chain = _chain(6)
    chain.render(T)
    for artist, t in chain.step_of.items():
        expected = t == T if artist in chain.output_row else t <= T
        assert artist.get_visible() == expected
    assert chain.ax.get_title() == (f"Unrolled RNN, {T} step{'s' if T > 1 else ''}: "
                                    "one output at the end")


def test_one_output_means_no_W_o_in_the_note_and_a_plain_y():
    texts = [t.get_text() for t in _chain(4).ax.texts]
    notes = [t for t in texts if t.startswith("same ")]
    assert notes == ["same $W_x$, $W_h$, $b$ at every step"]   # no "and the same W_o, b_o"
    assert "$y$" in texts and not any(t.startswith("$y_") for t in texts)


def test_a_redraw_does_not_depend_on_what_was_shown_before():
    chain = _chain(6)
    first = png_pixels(chain.render(2))
    chain.render(6)
    assert np.array_equal(first, png_pixels(chain.render(2)))
    assert not np.array_equal(first, png_pixels(chain.render(3)))


@pytest.mark.parametrize("T", [0, 7, 2.0, True, None])
def test_a_T_outside_1_to_T_max_is_refused_by_name(T):
    with pytest.raises(ValueError, match=r"T must be an integer in \[1, 6\]"):
        _chain(6).render(T)


@pytest.mark.parametrize("T_max", [0, -1, 2.5, None])
def test_a_bad_T_max_is_refused_by_name(T_max):
    with pytest.raises(ValueError, match="T_max must be a positive integer"):
        LiveChain(T_max=T_max)
