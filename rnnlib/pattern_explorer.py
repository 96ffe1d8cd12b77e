"""The back-end of notebook 04's pattern explorer: pick an RNN pattern and its lengths, read
its wiring and see its diagram.

    WIRING                  kind -> (inputs, outputs, where the loss is measured), in words
    wiring_explorer()       a draw(kind, T_in, T_out) function for widgets.interactive_figure

The explorer redraws one figure and one axes, kept from change to change and only emptied
(building new axes costs more than the drawing), at one scale: a cell is as wide as when
T_in = T_out = 6 (13 columns). The figure is drawn without pyplot and shown as a PNG.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._validation import check_positive_int
from .diagrams import MARGIN, P_PITCH, PATTERNS, draw_pattern
from .widgets import show_png

__all__ = ["WIRING", "wiring_explorer"]

WIRING = {  # kind -> (inputs, outputs, where the loss is measured)
    "one_to_many": ("one vector x, at step 1 (T_in is not used)", "y_1 ... y_T_out",
                    "at every output step"),
    "many_to_one": ("x_1 ... x_T_in", "one y after the last step (T_out is not used)",
                    "only after the last step"),
    "encoder_decoder": ("x_1 ... x_T_in into the encoder; the decoder reads its previous output",
                        "y_1 ... y_T_out from the decoder", "at every decoder step"),
    "seq_to_seq": ("x_1 ... x_T_in", "y_t at every step t (T_out is not used)",
                   "at every step"),
}
FULL_WIDTH = 13 * P_PITCH + 2 * MARGIN        # T_in = T_out = 6, in the diagrams' units


def wiring_explorer():
    """A new explorer: draw(kind, T_in, T_out) prints the pattern's wiring (three lines:
    inputs, outputs, loss) and shows its diagram for T_in input and T_out output steps.

    kind: a key of ``rnnlib.diagrams.PATTERNS``; T_in, T_out: positive integers. Each
    explorer has its own figure, reused by every call.
    """
    figure = FigureCanvasAgg(Figure(figsize=(11, 2.5), layout="none")).figure
    panel = figure.add_axes([0, 0, 1, 0.78])

    def draw(kind, T_in, T_out):
        """Print the pattern's wiring and show its diagram for T_in input and T_out output steps."""
        if kind not in PATTERNS:
            raise ValueError(f"kind must be one of {', '.join(map(repr, PATTERNS))}; got {kind!r}")
        T_in, T_out = check_positive_int("T_in", T_in), check_positive_int("T_out", T_out)
        inputs, outputs, loss = WIRING[kind]
        print(f"inputs:  {inputs}\noutputs: {outputs}\nloss:    {loss}")
        columns = {"one_to_many": T_out, "encoder_decoder": T_in + 1 + T_out}.get(kind, T_in)
        width = (columns * P_PITCH + 2 * MARGIN) / FULL_WIDTH       # of the figure's width
        for artist in [*panel.patches, *panel.texts]:   # the previous diagram's boxes and labels
            artist.remove()
        panel.set_position([(1 - width) / 2, 0, width, 0.78])
        draw_pattern(kind, panel, T_in=T_in, T_out=T_out)
        png = io.BytesIO()
        figure.canvas.print_png(png, pil_kwargs={"compress_level": 1})   # fast, not small
        show_png(png.getvalue())

    return draw
