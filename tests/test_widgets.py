import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from rnnlib.widgets import (  # noqa: E402
    FastRedraw,
    dropdown,
    float_slider,
    int_slider,
    interactive_figure,
    text_box,
)


def test_controls_are_core_widgets_that_update_on_release():
    s = int_slider("hidden size H", 1, 64, 8)
    f = float_slider("scale", 0.5, 1.5, 1.0)
    assert isinstance(s, W.IntSlider) and s.value == 8 and not s.continuous_update
    assert isinstance(f, W.FloatSlider) and f.value == 1.0
    assert dropdown("activation", ["tanh", "relu"]).value == "tanh"
    assert dropdown("activation", ["tanh", "relu"], "relu").value == "relu"
    assert text_box("sentence", "I love it").value == "I love it"


def test_interactive_figure_calls_draw_with_the_control_values():
    calls = []
    s = int_slider("H", 1, 64, 8)
    ui = interactive_figure(lambda H: calls.append(H), H=s)
    assert isinstance(ui, W.VBox)
    s.value = 12
    assert calls[-1] == 12


def test_fast_redraw_repaints_the_moving_artists_and_keeps_hidden_ones_hidden():
    fig = Figure(figsize=(3, 2), layout="none")
    ax = fig.subplots()
    ax.set(xlim=(0, 3), ylim=(0, 3))
    shown, hidden = ax.plot([0.5, 2.5], [1, 2], lw=3)[0], ax.plot([0.5, 2.5], [2, 1], lw=3)[0]
    hidden.set_visible(False)
    pngs = []
    redraw = FastRedraw(fig, [shown, hidden], show=pngs.append)
    for y in ([1, 2], [2, 2.5]):
        shown.set_ydata(y)
        redraw.show()
        blitted = np.array(redraw.canvas.buffer_rgba())
        assert not hidden.get_visible() and shown.get_visible()
        redraw.canvas.draw()  # the whole figure drawn again: the same pixels (the lines
                              # cross no still part drawn over them: the spines)
        np.testing.assert_array_equal(blitted, np.asarray(redraw.canvas.buffer_rgba()))
    assert len(pngs) == 2 and all(p.startswith(b"\x89PNG") for p in pngs)
    assert list(redraw.backgrounds) == [None]  # one kept picture, drawn once
