"""The unrolled RNN for a slider: drawn once with ``T_max`` cells, shown for any T up to it.

Notebook 01's slider shows the chain of cells for a sequence length T from 1 to 10. A fresh
``diagrams.draw_unrolled_rnn(T)`` at every move takes several times longer; ``LiveChain``
draws the chain once, with ``T_max`` cells and an output above each, keeps that layout,
and at each move only hides what comes after step T and every output but the last, then
shows the picture::

    chain = LiveChain(T_max=10)
    chain.show(T=4)     # 4 cells, one output at the end, as a PNG in the notebook

The note under the chain reads "same W_x, W_h, b at every step" (one output, so no W_o), and
the one output is labelled y, as in the static ``draw_unrolled_rnn(T)``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ._validation import check_int_in, check_positive_int
from .diagrams import draw_unrolled_rnn
from .widgets import canvas_png, show_png

__all__ = ["LiveChain"]


class LiveChain:
    """The unrolled RNN for any sequence length T from 1 to ``T_max``, one output at the end.

    T_max: the longest chain (the layout is made for it); show: called with the PNG bytes of
    every redraw (default: display them in the notebook).
    Attributes: ``fig`` and ``ax`` (the one figure), ``step_of`` (each artist of the chain ->
    the step t it belongs to) and ``output_row`` (the artists above the cells).
    """

    def __init__(self, T_max=10, *, show=None):
        self.T_max = check_positive_int("T_max", T_max)
        self.fig = draw_unrolled_rnn(self.T_max, outputs="every")
        plt.close(self.fig)                     # shown by show as a PNG, not by plt.show()
        self.canvas = FigureCanvasAgg(self.fig)
        self.canvas.draw()
        self.fig.set_layout_engine("none")     # keep the layout of T_max cells
        self.ax = self.fig.axes[0]
        self.step_of, self.output_row = self._steps()
        self._show = show_png if show is None else show

    def _steps(self):
        """Each artist's step t (from where it sits) and the outputs' row; rewrites the note
        under the chain and the output's label for a chain with one output."""
        ax, to_data = self.ax, self.ax.transData.inverted()
        cells = sorted((p for p in ax.patches if p.get_gid() == "h"), key=lambda p: p.get_x())
        cell_right = np.array([p.get_x() + p.get_width() for p in cells])  # right edge of cell t
        cell_top = cells[0].get_y() + cells[0].get_height()
        input_bottom = min(p.get_y() for p in ax.patches if p.get_gid() == "x")
        step_of, output_row = {}, set()  # artist -> the step t it belongs to; the outputs' row
        for artist in ax.patches + ax.texts:
            box = artist.get_window_extent(self.canvas.get_renderer())
            x, y = to_data.transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
            if y < input_bottom:         # the note under the chain: one output now, no W_o
                artist.set_text("same $W_x$, $W_h$, $b$ at every step")
                continue
            step_of[artist] = 1 + int(np.sum(x > cell_right))
            if y > cell_top:
                output_row.add(artist)
                if artist.get_gid() == "y" and hasattr(artist, "set_text"):
                    artist.set_text("$y$")  # the one output, as in the static figure
        return step_of, output_row

    def render(self, T):
        """The chain of T cells (1 <= T <= T_max) with one output at the end, as PNG bytes."""
        T = check_int_in("T", T, 1, self.T_max)
        for artist, t in self.step_of.items():
            artist.set_visible(t == T if artist in self.output_row else t <= T)
        self.ax.set_title(f"Unrolled RNN, {T} step{'s' if T > 1 else ''}: one output at the end")
        self.canvas.draw()
        return canvas_png(self.canvas)

    def show(self, T):
        """Render the chain of T cells (``render``) and show the PNG."""
        self._show(self.render(T))
