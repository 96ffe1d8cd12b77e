"""Diagrams of the gated cells, the LSTM and the GRU, in the look of ``rnnlib.diagrams``.

    draw_lstm_cell(ax=None)    c_{t-1} -> (x f) -> (+ i g) -> c_t along the top: the cell-state
                               line; the four gates read h_{t-1} and x_t from the bus below
    draw_gru_cell(ax=None)     h_{t-1} -> (x z) -> (+ (1 - z) n) -> h_t along the top; the
                               reset gate r scales what the candidate n reads from h_{t-1}

Colours as in ``rnnlib.diagrams``: inputs x blue, hidden states h orange, the LSTM's cell
state c purple, weight names vermillion; the gates are grey boxes with their nonlinearity
(σ or tanh) inside and their name beside them; a circle is an operation entry by entry
(⊙ a product, + a sum). Each function draws on ``ax`` (a new figure when None), gives it
a title and returns the Figure.
"""

from __future__ import annotations

from matplotlib.patches import Circle

from .diagrams import INK, ROLE_COLORS, WEIGHT_COLOR, _canvas, _styled

__all__ = ["draw_lstm_cell", "draw_gru_cell", "GATE_JOBS"]

# One sentence per gate: what it decides (the notebooks print these beside the diagrams).
GATE_JOBS = {
    "lstm": {
        "f": "forget gate f_t: how much of each entry of the old cell state c_{t-1} to keep",
        "i": "input gate i_t: how much of the candidate g_t to write into the cell",
        "g": "candidate g_t: the new content that could be written (tanh, in [-1, 1])",
        "o": "output gate o_t: how much of the cell, squashed by tanh, to show as h_t",
    },
    "gru": {
        "r": "reset gate r_t: how much of the old state h_{t-1} the candidate may read",
        "z": "update gate z_t: how much of h_{t-1} to keep (1 - z_t: how much to replace)",
        "n": "candidate n_t: the new state proposed from x_t and the reset h_{t-1}",
    },
}

OP_R = 0.2        # radius of an operation circle, data units
GATE = (0.9, 0.5)  # width, height of a gate box


def _op(pen, x, y, sign):
    """An operation circle at (x, y): sign "*" (product, ⊙) or "+" (sum)."""
    pen.ax.add_artist(Circle((x, y), OP_R, facecolor="white", edgecolor=INK,
                            linewidth=1.3 * pen.scale, gid="op", zorder=3))
    pen.label(x, y, r"$\odot$" if sign == "*" else "$+$", size=12, zorder=4, gid="op")
    return x, y


def _line(pen, points, color=INK, arrow=True, lw=1.3):
    """A polyline through ``points``, with an arrow head on its last segment."""
    xs, ys = zip(*points)
    if len(points) > 2 or not arrow:
        pen.ax.plot(xs[:-1] if arrow else xs, ys[:-1] if arrow else ys, color=color,
                    lw=lw * pen.scale, solid_capstyle="butt", zorder=1)
    if arrow:
        pen.arrow(points[-2], points[-1], color=color)


def _gate(pen, x, y, fn, name):
    """A gate box with its nonlinearity ``fn`` inside and its name ``name`` to the upper left."""
    box = pen.box(x, y, fn, "text", w=GATE[0], h=GATE[1], edge=INK, gid="gate")
    pen.label(x - GATE[0] / 2 - 0.05, y + GATE[1] / 2 + 0.02, name, ha="right",
              va="bottom", size=10, gid="gate_name")
    return box


@_styled
def draw_lstm_cell(ax=None):
    """The LSTM cell: the cell-state line c_{t-1} -> c_t on top, the four gates below it.

    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t along the top line (one product and one sum per step,
    no weight matrix), h_t = o_t ⊙ tanh(c_t) out to the right; every gate reads h_{t-1}
    and x_t through its block of W_h and W_x. Returns the figure.
    """
    fig, pen = _canvas(ax, 10.0, 5.6, "The LSTM cell: gates around an additive cell-state line")
    c_color, h_color, x_color = ROLE_COLORS["c"], ROLE_COLORS["h"], ROLE_COLORS["x"]
    y_c, y_gate, y_bus = 4.55, 2.55, 1.3
    x_f, x_i, x_g, x_o = 2.6, 3.9, 5.2, 6.8
    x_add, x_out = 4.55, 8.0
    # the cell-state line, in purple, with its two operations
    pen.label(0.35, y_c, "$c_{t-1}$", color=c_color, ha="left", size=12)
    _op(pen, x_f, y_c, "*")
    _op(pen, x_add, y_c, "+")
    _line(pen, [(1.05, y_c), (x_f - OP_R, y_c)], c_color, lw=2.5)
    _line(pen, [(x_f + OP_R, y_c), (x_add - OP_R, y_c)], c_color, lw=2.5)
    _line(pen, [(x_add + OP_R, y_c), (9.0, y_c)], c_color, lw=2.5)
    pen.label(9.05, y_c, "$c_t$", color=c_color, ha="left", size=12)
    pen.note((x_add + x_out) / 2 - 0.3, y_c + 0.42,
             "cell state: one product and one sum per step, no $W_h$", style="italic")
    # the gates, reading the bus [h_{t-1}, x_t] below them
    f = _gate(pen, x_f, y_gate, r"$\sigma$", "$f_t$")
    i = _gate(pen, x_i, y_gate, r"$\sigma$", "$i_t$")
    g = _gate(pen, x_g, y_gate, r"$\tanh$", "$g_t$")
    o = _gate(pen, x_o, y_gate, r"$\sigma$", "$o_t$")
    pen.arrow(f.top, (x_f, y_c - OP_R))                       # f_t ⊙ c_{t-1}
    mul_ig = _op(pen, x_add, (y_gate + y_c) / 2 + 0.15, "*")  # i_t ⊙ g_t
    _line(pen, [i.top, (x_i, mul_ig[1]), (x_add - OP_R, mul_ig[1])])
    _line(pen, [g.top, (x_g, mul_ig[1]), (x_add + OP_R, mul_ig[1])])
    pen.arrow((x_add, mul_ig[1] + OP_R), (x_add, y_c - OP_R))
    # h_t = o_t ⊙ tanh(c_t): a branch down from the cell line
    y_tc = (y_gate + y_c) / 2 + 0.15
    tanh_c = pen.box(x_out, y_tc, r"$\tanh$", "text", w=0.75, h=0.42, edge=INK, gid="gate")
    _line(pen, [(x_out, y_c), tanh_c.top])
    _op(pen, x_out, y_gate, "*")
    pen.arrow(tanh_c.bottom, (x_out, y_gate + OP_R))
    pen.arrow(o.right, (x_out - OP_R, y_gate))
    _line(pen, [(x_out, y_gate - OP_R), (x_out, y_bus - 0.45), (9.0, y_bus - 0.45)],
          h_color, lw=2.5)
    pen.label(9.05, y_bus - 0.45, "$h_t$", color=h_color, ha="left", size=12)
    pen.note(x_out + 0.12, (y_gate + y_bus - 0.45) / 2 - 0.1, "to the output\nand step t+1",
             ha="left", linespacing=1.1)
    # the bus: h_{t-1} from the left, x_t from below, into every gate
    pen.label(0.35, y_bus, "$h_{t-1}$", color=h_color, ha="left", size=12)
    _line(pen, [(1.05, y_bus), (x_o, y_bus)], h_color, arrow=False, lw=2.5)
    pen.label(1.6, 0.3, "$x_t$", color=x_color, size=12)
    _line(pen, [(1.6, 0.5), (1.6, y_bus)], x_color, arrow=False, lw=2.5)
    for box in (f, i, g, o):
        pen.arrow((box.x, y_bus), box.bottom)
    pen.label((x_f + x_g) / 2 + 0.65, y_bus - 0.12,
              "each gate: its block of $W_x\\,x_t + W_h\\,h_{t-1} + b$", color=WEIGHT_COLOR,
              va="top", size=9)
    return fig


@_styled
def draw_gru_cell(ax=None):
    """The GRU cell: h_{t-1} -> h_t along the top, mixed with the candidate n_t.

    h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ n_t along the top line; n_t = tanh(W_xn x_t + b_xn
    + r_t ⊙ (W_hn h_{t-1} + b_hn)) below it; the gates r_t and z_t read h_{t-1} and x_t.
    Returns the figure.
    """
    fig, pen = _canvas(ax, 10.0, 5.6, "The GRU cell: the state itself is the additive line")
    h_color, x_color = ROLE_COLORS["h"], ROLE_COLORS["x"]
    y_h, y_gate, y_bus = 4.55, 2.55, 1.3
    x_z, x_r, x_reset, x_n = 2.6, 4.2, 5.45, 7.1
    y_mix = (y_gate + y_h) / 2 + 0.15
    pen.label(0.35, y_h, "$h_{t-1}$", color=h_color, ha="left", size=12)
    _op(pen, x_z, y_h, "*")
    _op(pen, x_n, y_h, "+")
    _line(pen, [(1.1, y_h), (x_z - OP_R, y_h)], h_color, lw=2.5)
    _line(pen, [(x_z + OP_R, y_h), (x_n - OP_R, y_h)], h_color, lw=2.5)
    _line(pen, [(x_n + OP_R, y_h), (9.0, y_h)], h_color, lw=2.5)
    pen.label(9.05, y_h, "$h_t$", color=h_color, ha="left", size=12)
    pen.note((x_z + x_n) / 2, y_h + 0.42, "kept part $z_t \\odot h_{t-1}$: no $W_h$ on it",
             style="italic")
    z = _gate(pen, x_z, y_gate, r"$\sigma$", "$z_t$")
    r = _gate(pen, x_r, y_gate, r"$\sigma$", "$r_t$")
    n = _gate(pen, x_n, y_gate, r"$\tanh$", "$n_t$")
    # z_t ⊙ h_{t-1} on the line; (1 - z_t) ⊙ n_t into the sum
    pen.arrow(z.top, (x_z, y_h - OP_R))
    one_minus = pen.box((x_z + x_n) / 2 + 0.2, y_mix, "$1-z_t$", "text", w=0.8, h=0.42,
                        edge=INK, gid="gate")
    pen.arrow((x_z, y_mix), one_minus.left)
    _op(pen, x_n, y_mix, "*")
    pen.arrow(one_minus.right, (x_n - OP_R, y_mix))
    pen.arrow(n.top, (x_n, y_mix - OP_R))
    pen.arrow((x_n, y_mix + OP_R), (x_n, y_h - OP_R))
    # the reset gate scales what the candidate reads from h_{t-1}
    _op(pen, x_reset, y_gate, "*")
    pen.arrow(r.right, (x_reset - OP_R, y_gate))
    pen.arrow((x_reset + OP_R, y_gate), n.left)
    pen.arrow((x_reset, y_bus), (x_reset, y_gate - OP_R))
    pen.label(x_reset + 0.08, (y_bus + y_gate) / 2 - 0.1, "$W_{hn} h_{t-1} + b_{hn}$",
              color=WEIGHT_COLOR, ha="left", size=9)
    # the bus: h_{t-1} from the left, x_t from below
    pen.label(0.35, y_bus, "$h_{t-1}$", color=h_color, ha="left", size=12)
    _line(pen, [(1.1, y_bus), (x_n, y_bus)], h_color, arrow=False, lw=2.5)
    pen.label(1.6, 0.3, "$x_t$", color=x_color, size=12)
    _line(pen, [(1.6, 0.5), (1.6, y_bus)], x_color, arrow=False, lw=2.5)
    for box in (z, r, n):
        pen.arrow((box.x, y_bus), box.bottom)
    pen.label((x_z + x_r) / 2, y_bus - 0.12, "gates: blocks of $W_x x_t + b_x + W_h h_{t-1} + b_h$",
              color=WEIGHT_COLOR, va="top", size=9)
    return fig
