"""A heatmap for sliders: one figure made once, redrawn fast for a matrix of any height.

Notebook 02's sliders show the hidden states of one sentence, (H, T), for any hidden size H
from 1 to 64. A new pyplot figure at every move is slow; ``LiveHeatmap`` draws everything
that stays (axes, column labels, colour bar) once, keeps it as a background picture, and at
each move pastes it back and draws on it only what changes: the image, the row numbers, the
title and, for at most ``annotate_rows`` rows, the values in the cells::

    live = LiveHeatmap(["I", "love", "machine", "learning"], xlabel="word read")
    live.show(M, title="Hidden states, D = 4, H = 8", ylabel="hidden unit (H = 8)")

The figure is laid out once, for the tallest matrix (``max_rows``), and keeps that layout
for every height, so the picture does not jump as a slider moves; the redrawing is
``rnnlib.widgets.FastRedraw``'s.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ._validation import check_array, check_positive_int, describe
from .plots import heatmap
from .widgets import FastRedraw, show_png

__all__ = ["LiveHeatmap"]


class LiveHeatmap:
    """A heatmap of (rows, columns) values in [-1, 1], with a fixed number of columns.

    xticklabels: one label per column (their number fixes the columns, T); xlabel: the x
    axis label; max_rows: the most rows a matrix may have (the layout is made for it);
    annotate_rows: matrices with at most this many rows get their values written in the
    cells; figsize: (width, height) in inches; show: called with the PNG bytes of every
    redraw (default: display them in the notebook).
    """

    def __init__(self, xticklabels, *, xlabel, max_rows=64, annotate_rows=8,
                 figsize=(5.5, 3.8), show=None):
        if not isinstance(xticklabels, (list, tuple)) or not xticklabels:
            raise ValueError("xticklabels must be a non-empty list of column labels; "
                             f"got {describe(xticklabels)}")
        self.columns = T = len(xticklabels)
        self.max_rows = check_positive_int("max_rows", max_rows)
        self.annotate_rows = check_positive_int("annotate_rows", annotate_rows, minimum=0)
        self.fig, self.ax = plt.subplots(figsize=figsize)
        plt.close(self.fig)                      # shown by show, as a PNG
        self.image = heatmap(self.ax, np.zeros((self.max_rows, T)), title=" ", xlabel=xlabel,
                             ylabel=" ", xticklabels=list(xticklabels), vmax=1)
        self.image.colorbar.set_ticks([-1, -0.5, 0, 0.5, 1])
        self.numbers = [[self.ax.text(t, i, "", ha="center", va="center", fontsize=8)
                         for t in range(T)] for i in range(self.annotate_rows)]
        FigureCanvasAgg(self.fig).draw()
        self.fig.set_layout_engine("none")      # keep this layout for every size
        moving = [self.image, self.ax.yaxis, self.ax.title, *self.ax.spines.values(),
                  *(text for row in self.numbers for text in row)]
        self.redraw = FastRedraw(self.fig, moving)
        self.redraw.render()                    # the background, before any matrix is shown
        self._show = show_png if show is None else show

    def render(self, M, *, title, ylabel):
        """The figure for M (rows, columns), values in [-1, 1], as PNG bytes.

        title, ylabel: the texts that change with M. At most 8 row numbers are shown
        (every row for up to 8 rows, else every (rows // 8)-th).
        """
        M = check_array("M", M, ("rows", "columns"), (None, self.columns))
        rows = len(M)
        if rows > self.max_rows:
            raise ValueError(f"M must have at most max_rows = {self.max_rows} rows; "
                             f"got shape {M.shape}")
        self.image.set_data(M)
        self.image.set_extent((-0.5, self.columns - 0.5, rows - 0.5, -0.5))
        self.ax.set_yticks(range(0, rows, max(1, rows // 8)))
        self.ax.set(title=title, ylabel=ylabel)
        for i, row in enumerate(self.numbers):
            for t, text in enumerate(row):
                shown = i < rows <= self.annotate_rows
                text.set(visible=shown, text=f"{M[i, t]:.2f}" if shown else "",
                         color="white" if shown and abs(M[i, t]) > 0.6 else "black")
        return self.redraw.render()

    def show(self, M, *, title, ylabel):
        """Render M (``render``) and show the PNG."""
        self._show(self.render(M, title=title, ylabel=ylabel))
