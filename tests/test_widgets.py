import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402

from rnnlib.widgets import (  # noqa: E402
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
