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
from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["int_slider", "float_slider", "dropdown", "text_box", "interactive_figure",
           "canvas_png", "show_png", "FastRedraw"]

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


class FastRedraw:
    """Show a figure whose ``moving`` artists change, repainting only those (blitting).

    The rest is drawn once per ``view`` (a key for everything else that can change, e.g. the
    zoom of the eigenvalue plane; None when nothing else does) and restored from a saved
    picture. The moving artists are painted over everything else: where they cross a still
    part that a full drawing puts on top of them (the axis lines, the grid), give them a
    higher zorder, or the picture differs there. Notebooks 00, 03 and 05-07 redraw their
    live figures with it.
    fig: a matplotlib ``Figure`` (not a pyplot one: it is shown by hand, as a PNG);
    moving: its artists that change between redraws; show: called with the PNG bytes of
    every redraw (default: display them in the notebook).
    """

    def __init__(self, fig, moving, show=None):
        self.fig, self.moving, self.backgrounds = fig, list(moving), {}
        self.canvas = FigureCanvasAgg(fig)
        self._show = show_png if show is None else show

    def render(self, view=None):
        """The figure as PNG bytes, the moving artists repainted over the saved background."""
        if view not in self.backgrounds:  # draw everything but the moving parts, once
            shown = [artist.get_visible() for artist in self.moving]
            for artist in self.moving:
                artist.set_visible(False)
            self.canvas.draw()
            self.backgrounds[view] = self.canvas.copy_from_bbox(self.fig.bbox)
            for artist, visible in zip(self.moving, shown):
                artist.set_visible(visible)
        self.canvas.restore_region(self.backgrounds[view])
        for artist in self.moving:  # a hidden artist draws nothing
            self.fig.draw_artist(artist)
        return canvas_png(self.canvas)

    def show(self, view=None):
        """Render (``render``) and show the PNG."""
        self._show(self.render(view))
