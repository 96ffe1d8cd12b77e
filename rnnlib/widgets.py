"""The controls the notebooks show: core ipywidgets only, so they work with ipywidgets 7.7
(what Colab ships) and 8 (JupyterLab 4).

The pattern everywhere: the library computes, a pure ``draw(**values)`` function draws one
figure from the control values, and ``interactive_figure`` wires controls to it::

    ui = interactive_figure(draw, hidden_size=int_slider("hidden size H", 1, 64, 8))
    display(ui)

Each notebook also shows a static companion (a few values side by side), so the lesson
reads on GitHub and is compared by nbval, where widget output is not stored.
"""

from __future__ import annotations

import io

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["int_slider", "float_slider", "dropdown", "text_box", "interactive_figure",
           "canvas_png", "show_png"]

_STYLE = {"description_width": "initial"}
_LAYOUT = {"width": "420px"}


def int_slider(description, min, max, value, step=1, continuous_update=False):
    """An IntSlider with a readable label; updates on release by default."""
    return W.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       continuous_update=continuous_update, style=_STYLE,
                       layout=W.Layout(**_LAYOUT))


def float_slider(description, min, max, value, step=0.01, readout_format=".2f",
                 continuous_update=False):
    """A FloatSlider with a readable label; updates on release by default."""
    return W.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                         readout_format=readout_format, continuous_update=continuous_update,
                         style=_STYLE, layout=W.Layout(**_LAYOUT))


def dropdown(description, options, value=None):
    """A Dropdown; options a list of values or of (label, value) pairs."""
    extra = {} if value is None else {"value": value}
    return W.Dropdown(options=options, description=description, style=_STYLE, **extra)


def text_box(description, value="", placeholder=""):
    """A one-line text field; the figure redraws when Enter is pressed or focus leaves."""
    return W.Text(value=value, placeholder=placeholder, description=description,
                  continuous_update=False, style=_STYLE, layout=W.Layout(width="520px"))


def interactive_figure(draw, **controls):
    """Controls above one output area; ``draw(**values)`` redraws the figure on every change.

    draw: a function of the control values (by keyword) that draws with matplotlib (and may
    print); it is called once at once and again whenever a control changes.
    Returns a VBox to display.
    """
    def show(**values):
        draw(**values)
        plt.show()

    out = W.interactive_output(show, controls)
    return W.VBox([W.HBox(list(controls.values()), layout=W.Layout(flex_flow="row wrap")), out])


def canvas_png(canvas):
    """The picture on a drawn Agg ``canvas`` as PNG bytes, encoded for speed (a live
    figure's PNG is shown once, so light compression is the right trade)."""
    png = io.BytesIO()
    plt.imsave(png, np.asarray(canvas.buffer_rgba()), format="png",
               pil_kwargs={"compress_level": 1})
    return png.getvalue()


def show_png(png):
    """Show PNG bytes in the current output (a live figure drawn by hand, not by pyplot)."""
    from IPython.display import Image, display  # only where a figure is shown

    display(Image(data=png))

