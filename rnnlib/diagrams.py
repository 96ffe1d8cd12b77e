"""Diagrams of recurrent networks, drawn by code from shapes (no image files).

Every function draws on ``ax`` (a new figure when None), gives it a title and returns the
Figure. One look for the whole series: the style of ``rnnlib.plots``, rounded boxes,
inputs x in blue, hidden states h in orange, outputs y in green, weight names in
vermillion on the arrows they multiply. Drawings are laid out in data units (a cell is
1 x 0.62) and the fonts scale with the size of a unit on the page, so a long chain is drawn
smaller as a whole instead of overlapping.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize, to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.textpath import TextToPath

from ._validation import check_activation, check_array, check_positive_int
from .plots import COLORS, DIVERGING, use_style

__all__ = ["draw_folded_rnn", "draw_unrolled_rnn", "draw_text_pipeline", "draw_pattern",
           "draw_all_patterns", "PATTERNS", "ROLE_COLORS"]

ROLE_COLORS = {"x": COLORS["blue"], "h": COLORS["orange"], "y": COLORS["green"],
               "c": COLORS["purple"], "text": COLORS["grey"]}
WEIGHT_COLOR = COLORS["vermillion"]
INK, NOTE = "#222222", "#555555"

# kind -> (title, example), in the lecture's order and words
PATTERNS = {
    "one_to_many": ("Vector to sequence (one to many)", "e.g. image captioning"),
    "many_to_one": ("Sequence to vector (many to one)", "e.g. spam classifier"),
    "encoder_decoder": ("Encoder–decoder (many to many)", "e.g. translation"),
    "seq_to_seq": ("Sequence to sequence (many to many)", "e.g. price forecasting"),
}

UNIT = 0.8        # inches per data unit at full size
MAX_WIDTH = 11.0  # inches (about a notebook's width): wider diagrams are drawn smaller
FONT = 10.0       # points, at full size
CHAR = 0.1        # width of one character of plain text at FONT, in data units
CELL = (1.0, 0.62)  # width, height of a cell
IO = (0.8, 0.5)     # width, height of an input or output box
PITCH = 1.8       # from one cell to the next
GAP = 0.85        # between boxes stacked vertically: room for an arrow and a weight name
MARGIN = 0.3
P_PITCH, P_GAP = 1.5, 0.6  # patterns: no weight names, so the cells sit closer


@dataclass(frozen=True)
class _Box:
    """A box's centre and size, in data units, and the points where arrows attach."""

    x: float
    y: float
    w: float
    h: float

    top = property(lambda self: (self.x, self.y + self.h / 2))
    bottom = property(lambda self: (self.x, self.y - self.h / 2))
    left = property(lambda self: (self.x - self.w / 2, self.y))
    right = property(lambda self: (self.x + self.w / 2, self.y))


def _tint(color, amount=0.8):
    """``color`` mixed with ``amount`` of white: the fill of a box whose edge is ``color``."""
    return tuple(c + (1 - c) * amount for c in to_rgb(color))


class _Pen:
    """Draws boxes, arrows and labels on ``ax`` in data units; sizes scale by ``scale``."""

    def __init__(self, ax, scale):
        self.ax, self.scale = ax, scale

    def label(self, x, y, text, *, size=FONT, color=INK, ha="center", va="center", **kw):
        return self.ax.text(x, y, text, fontsize=max(5.0, size * self.scale), color=color,
                            ha=ha, va=va, **kw)

    def box(self, x, y, text, role, *, w=IO[0], h=IO[1], size=FONT, fill=None, edge=None,
            dashed=False, gid=None):
        """A rounded box of colour ROLE_COLORS[role] centred at (x, y), with ``text`` inside."""
        color = ROLE_COLORS[role]
        self.ax.add_artist(FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle=f"round,pad=0,rounding_size={min(w, h) / 5}",
            facecolor=_tint(color) if fill is None else fill, edgecolor=edge or color,
            linewidth=1.5 * self.scale, linestyle="--" if dashed else "-", gid=gid or role))
        if text:
            self.label(x, y, text, size=size, gid=gid or role)
        return _Box(x, y, w, h)

    def arrow(self, start, end, weight=None, *, color=INK, dashed=False, rad=0.0, path=None):
        """An arrow from ``start`` to ``end`` (or along ``path``), ``weight`` written beside it.

        The weight goes above a horizontal arrow and right of a vertical one.
        """
        kw = {"path": path} if path is not None else {
            "posA": start, "posB": end, "connectionstyle": f"arc3,rad={rad}"}
        self.ax.add_artist(FancyArrowPatch(
            **kw, arrowstyle="-|>", mutation_scale=12 * self.scale, linewidth=1.3 * self.scale,
            color=color, linestyle="--" if dashed else "-", shrinkA=0, shrinkB=0))
        if weight:
            (x0, y0), (x1, y1) = start, end
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            if abs(x1 - x0) >= abs(y1 - y0):
                self.label(mx, my + 0.05, weight, color=WEIGHT_COLOR, va="bottom")
            else:
                self.label(mx + 0.09, my, weight, color=WEIGHT_COLOR, ha="left")

    def note(self, x, y, text, **kw):
        return self.label(x, y, text, size=FONT - 1, color=NOTE, **kw)


def _styled(draw):
    """Draw in the series' style (rnnlib.plots.use_style) without changing the caller's."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with mpl.rc_context():
            use_style()
            return draw(*args, **kwargs)
    return styled


def _canvas(ax, width, height, title):
    """(figure, pen) for a drawing ``width`` x ``height`` data units on ``ax``.

    With ax=None a new figure is sized for the drawing (at most MAX_WIDTH inches wide);
    otherwise the fonts are scaled to the room ``ax`` has.
    """
    new = ax is None
    if new:
        unit = min(UNIT, MAX_WIDTH / width)
        title_room = 0.35 + 0.2 * title.count("\n")
        _, ax = plt.subplots(figsize=(width * unit, height * unit + title_room))
    fig = ax.figure
    ax.set_title(title, y=1.0)  # a fixed place: no tick machinery to consult (the axis is off)
    if new:  # a narrow drawing under a long title: widen the figure, not the drawing
        fig.set_figwidth(max(fig.get_figwidth(), _title_inches(title) + 0.3))
    ax.set(xlim=(0, width), ylim=(0, height), aspect="equal")
    ax.axis("off")
    if fig.get_layout_engine() is not None:
        fig.get_layout_engine().execute(fig)  # the room ax really has, after titles
    pos = ax.get_position()
    inches = min(pos.width * fig.get_figwidth() / width, pos.height * fig.get_figheight() / height)
    return fig, _Pen(ax, inches / UNIT)


def _title_inches(title):
    """The width of ``title`` (its longest line) as an axes title, in inches."""
    prop = FontProperties(size=mpl.rcParams["axes.titlesize"],
                          weight=mpl.rcParams["axes.titleweight"])
    return max(TextToPath().get_text_width_height_descent(line, prop, ismath=False)[0]
               for line in title.split("\n")) / 72


def _sub(letter, t, sup=False):
    """$h_{3}$, or $W_h^{(3)}$ with sup=True."""
    return f"${letter}^{{({t})}}$" if sup else f"${letter}_{{{t}}}$"


def _num(v):
    """0.5 -> '0.5', 0.123 -> '0.12': the numbers as the lecture writes them."""
    return f"{round(float(v), 2) + 0.0:g}"


def _chain(pen, xs, y, labels, weight=None, *, h0_at=None, w=CELL[0]):
    """Cells at (xs, y) joined left to right, each arrow labelled ``weight(t)``.

    h0_at: the x of a dashed initial state h_0 feeding the first cell. Returns the cells.
    """
    box = functools.partial(pen.box, y=y, role="h", w=w, h=CELL[1], size=FONT + 1)
    start = None if h0_at is None else box(h0_at, text="$h_0$", dashed=True, gid="h0")
    cells = [box(x, text=text) for x, text in zip(xs, labels)]
    for t, (a, b) in enumerate(zip([start] + cells[:-1], cells), start=1):
        if a is not None:
            pen.arrow(a.right, b.left, weight(t) if weight else None)
    return cells


# ------------------------------------------------------------------------- the folded cell
@_styled
def draw_folded_rnn(ax=None, *, activation="tanh"):
    """The folded RNN: x_t -> [h_t = f(W_x x_t + W_h h_{t-1} + b)] -> y_t.

    The self-loop W_h carries h_{t-1} from one step into the next: the loop that gives
    memory. activation: "tanh" or "relu" (the f written in the cell). Returns the figure.
    """
    f = {"tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}[check_activation(activation)]
    fig, pen = _canvas(ax, 7.2, 3.9, "The folded RNN cell: a loop gives memory")
    y_x = MARGIN + IO[1] / 2
    y_h = y_x + IO[1] / 2 + GAP + 0.4
    y_y = y_h + 0.4 + GAP + IO[1] / 2
    cell = pen.box(2.4, y_h, rf"$h_t = {f}\,(W_x\,x_t + W_h\,h_{{t-1}} + b)$", "h", w=4.0,
                   h=0.8, size=FONT + 1)
    x = pen.box(cell.x, y_x, "$x_t$", "x")
    y = pen.box(cell.x, y_y, "$y_t$", "y")
    pen.arrow(x.top, cell.bottom, "$W_x$")
    pen.arrow(cell.top, y.bottom, "$W_o$")
    # the loop: out of the cell's right side and back in, one time step later
    xr, d = cell.right[0], 0.22
    loop = Path([(xr, y_h + d), (xr + 1.9, y_h + 1.5), (xr + 1.9, y_h - 1.5), (xr, y_h - d)],
                [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
    pen.arrow(None, None, path=loop, color=ROLE_COLORS["h"])
    reach = xr + 0.75 * 1.9  # the loop's rightmost point
    pen.label(reach + 0.12, y_h + 0.08, "$W_h$", color=WEIGHT_COLOR, ha="left", va="bottom")
    pen.label(reach + 0.12, y_h - 0.08, "$h_{t-1}$", color=ROLE_COLORS["h"], ha="left",
              va="top")
    pen.note((xr + reach) / 2, y_h - 0.78, "the loop that gives memory:\n"
             "$h_{t-1}$ comes back one step later", style="italic", va="top", linespacing=1.2)
    return fig


# ------------------------------------------------------------------------- the unrolled chain
OUTPUTS = ("last", "every", "none")


@_styled
def draw_unrolled_rnn(T=4, ax=None, *, words=None, outputs="last", shared_weights=True,
                      D=None, H=None):
    """The RNN unrolled over T steps: h_0 -> h_1 -> ... -> h_T, one cell per step.

    Under cell t its input x_t (or words[t-1], captioned x_t), arrow W_x; W_h on every
    arrow from h_{t-1} to h_t. outputs: "last" (one y from h_T: many to one), "every" (y_t
    above every cell) or "none". shared_weights=True writes the same W_x, W_h at every
    step (and says so); False numbers them per step, W_x^(t), to show what sharing saves.
    D, H (ints, optional): show the shapes x_t (D,), h_t (H,), W_x (H x D), W_h (H x H).
    The figure grows with T up to MAX_WIDTH inches, then shrinks boxes and fonts together.
    Returns the figure.
    """
    T = check_positive_int("T", T)
    if outputs not in OUTPUTS:
        raise ValueError(f"outputs must be one of {', '.join(map(repr, OUTPUTS))}; "
                         f"got {outputs!r}")
    if words is not None and len(words) != T:
        raise ValueError(f"words must have T = {T} entries (one per step); got {len(words)}: "
                         f"{list(words)!r}")
    D, H = (None if v is None else check_positive_int(name, v) for name, v in (("D", D), ("H", H)))
    word_w = max([IO[0]] + [CHAR * len(str(w)) + 0.3 for w in words or []])
    # long chains (T > 5) get closer, narrower cells, so that they shrink less to fit the page
    squeeze = 0.05 * min(max(T - 5, 0), 7)
    pitch, cell_w = max(PITCH - squeeze, word_w + 0.5), CELL[0] - 0.6 * squeeze
    io_w = min(IO[0], cell_w - 0.1)

    notes = ["same $W_x$, $W_h$, $b$ at every step" + (", and the same $W_o$, $b_o$"
                                                       if outputs == "every" else "")
             if shared_weights else
             "no sharing: a different $W_x^{(t)}$, $W_h^{(t)}$, $b^{(t)}$ at every step"]
    if D is not None or H is not None:
        d, h = D or "D", H or "H"
        notes.append(f"shapes:  $x_t$ ({d},)    $h_t$ ({h},)    $W_x$ ({h} × {d})    "
                     f"$W_h$ ({h} × {h})")
    # rows, bottom to top: notes, (word captions), inputs, cells, (outputs)
    y_notes = [0.3 + 0.4 * i for i in reversed(range(len(notes)))]
    y_x = 0.35 + 0.4 * len(notes) + (0.32 if words else 0) + IO[1] / 2
    y_h = y_x + IO[1] / 2 + GAP + CELL[1] / 2
    y_y = y_h + CELL[1] / 2 + GAP + IO[1] / 2
    top = (y_h + CELL[1] / 2 if outputs == "none" else y_y + IO[1] / 2) + MARGIN
    chain_w = T * pitch + cell_w
    width = max(6.0, chain_w + 2 * MARGIN, *(len(n) * CHAR * 0.62 + 1 for n in notes))
    x0 = (width - chain_w) / 2 + cell_w / 2
    xs = [x0 + t * pitch for t in range(1, T + 1)]

    steps = "1 step" if T == 1 else f"{T} steps"
    title = {"last": f"Unrolled RNN, {steps}: one output at the end",
             "every": f"Unrolled RNN, {steps}: an output at every step",
             "none": f"Unrolled RNN, {steps}"}[outputs]
    fig, pen = _canvas(ax, width, top, title)

    def weight(name, t):
        return f"${name}$" if shared_weights else _sub(name, t, sup=True)

    pen.note(x0, y_x, "initial\nstate", linespacing=1.1)
    cells = _chain(pen, xs, y_h, [_sub("h", t) for t in range(1, T + 1)],
                   lambda t: weight("W_h", t), h0_at=x0, w=cell_w)
    for t, cell in enumerate(cells, start=1):
        if words:
            x = pen.box(cell.x, y_x, str(words[t - 1]), "x", w=word_w)
            pen.label(cell.x, x.bottom[1] - 0.06, _sub("x", t), color=ROLE_COLORS["x"],
                      va="top")
        else:
            x = pen.box(cell.x, y_x, _sub("x", t), "x", w=io_w)
        pen.arrow(x.top, cell.bottom, weight("W_x", t))
        if outputs == "every" or (outputs == "last" and t == T):
            y = pen.box(cell.x, y_y, "$y$" if outputs == "last" else _sub("y", t), "y", w=io_w)
            pen.arrow(cell.top, y.bottom, weight("W_o", t) if outputs == "every" else "$W_o$")
    for y, text in zip(y_notes, notes):
        pen.note(width / 2, y, text)
    return fig


# ------------------------------------------------------------------------- text to vectors
@_styled
def draw_text_pipeline(sentence="I love machine learning", indices=None, embeddings=None,
                       ax=None):
    """sentence -> words -> word indices -> embedding vectors -> the RNN cells h_1 ... h_T.

    sentence: split at white space into T words. indices: T ints, the words' rows in the
    vocabulary. embeddings: (T, D), the vectors x_t = E[i_t], drawn as D cells coloured
    with the diverging colormap centred at 0, their numbers written in. Either may be
    None: a placeholder i_t or x_t is drawn instead. Returns the figure.
    """
    words = str(sentence).split()
    if not words:
        raise ValueError(f"sentence must contain at least one word; got {sentence!r}")
    T = len(words)
    if indices is not None:
        indices = check_array("indices", indices, ("T",), (T,), finite=False,
                              why="(one per word of sentence)")
        if not np.issubdtype(indices.dtype, np.integer):
            raise ValueError(f"indices must hold integers; got dtype {indices.dtype}")
    if embeddings is not None:
        embeddings = check_array("embeddings", embeddings, ("T", "D"), (T, None),
                                 why="(one row per word of sentence)").astype(float)
    D = 1 if embeddings is None else embeddings.shape[1]
    cell_h = 0.34 if embeddings is not None else IO[1]
    word_w = max([IO[0]] + [CHAR * len(w) + 0.3 for w in words])
    pitch = max(PITCH, word_w + 0.4)
    label_w = 2.1

    # rows, bottom to top: RNN cells, embeddings, indices, words, sentence
    step = 0.55  # room for a plain arrow between two rows
    y_h = MARGIN + CELL[1] / 2
    emb_bottom = y_h + CELL[1] / 2 + GAP
    emb_top = emb_bottom + D * cell_h
    y_i = emb_top + step + 0.45 / 2
    y_w = y_i + 0.45 / 2 + step + IO[1] / 2
    y_s = y_w + IO[1] / 2 + step + IO[1] / 2
    width = 2 * MARGIN + label_w + CELL[0] + T * pitch
    height = y_s + IO[1] / 2 + MARGIN
    x0 = MARGIN + label_w + CELL[0] / 2
    xs = [x0 + t * pitch for t in range(1, T + 1)]
    fig, pen = _canvas(ax, width, height, "From a sentence to the RNN")

    rows = [(y_s, "sentence", ""), (y_w, "words", "split at spaces"),
            (y_i, "word indices", "vocabulary lookup"),
            ((emb_bottom + emb_top) / 2, "embeddings $x_t$", "row $i_t$ of $E$"),
            (y_h, "RNN", "one step per word")]
    for y, name, how in rows:
        pen.label(MARGIN, y + (0.12 if how else 0), name, ha="left", weight="bold")
        if how:
            pen.note(MARGIN, y - 0.14, how, ha="left", style="italic")

    text = f"“{' '.join(words)}”"
    sent = pen.box((xs[0] + xs[-1]) / 2, y_s, text, "text", w=CHAR * len(text) + 0.5)
    if embeddings is not None:
        vmax = float(np.abs(embeddings).max()) or 1.0
        norm, cmap = Normalize(-vmax, vmax), mpl.colormaps[DIVERGING]
    cells = _chain(pen, xs, y_h, [_sub("h", t) for t in range(1, T + 1)], lambda t: "$W_h$",
                   h0_at=x0)
    for t, (x, word, cell) in enumerate(zip(xs, words, cells), start=1):
        w = pen.box(x, y_w, word, "text", w=word_w)
        lo, hi = sent.x - sent.w / 2 + 0.25, sent.x + sent.w / 2 - 0.25
        pen.arrow((min(max(x, lo), hi), sent.bottom[1]), w.top)
        i = pen.box(x, y_i, _sub("i", t) if indices is None else str(indices[t - 1]), "text",
                    w=0.6, h=0.45, gid="index")
        pen.arrow(w.bottom, i.top)
        if embeddings is None:
            vec = pen.box(x, emb_bottom + IO[1] / 2, _sub("x", t), "x")
        else:
            vec = pen.box(x, (emb_bottom + emb_top) / 2, None, "x", w=0.8, h=D * cell_h + 0.1,
                          fill="none")
            for k, v in enumerate(embeddings[t - 1]):
                yk = emb_top - (k + 0.5) * cell_h
                pen.box(x, yk, None, "x", w=0.7, h=cell_h - 0.04, fill=cmap(norm(v)),
                        edge="#bbbbbb", gid="embedding")
                pen.label(x, yk, _num(v), size=FONT - 1.5, gid="embedding",
                          color="white" if abs(v) > 0.6 * vmax else INK)
            pen.label(x - 0.5, vec.y, _sub("x", t), color=ROLE_COLORS["x"], ha="right")
        pen.arrow(i.bottom, vec.top)
        pen.arrow(vec.bottom, cell.top, "$W_x$")
    return fig


# ------------------------------------------------------------------------- the four patterns
def _pattern_columns(kind, T_in, T_out):
    """One (cell, input, output) per column; input/output None where there is none."""
    n = range(1, T_in + 1)
    if kind == "one_to_many":
        return [(_sub("h", t), "$x$" if t == 1 else None, _sub("y", t))
                for t in range(1, T_out + 1)]
    if kind == "many_to_one":
        return [(_sub("h", t), _sub("x", t), "$y$" if t == T_in else None) for t in n]
    if kind == "seq_to_seq":
        return [(_sub("h", t), _sub("x", t), _sub("y", t)) for t in n]
    return ([(_sub("h", t), _sub("x", t), None) for t in n] + [("$c$", None, None)]
            + [(_sub("s", t), "<start>" if t == 1 else _sub("y", t - 1), _sub("y", t))
               for t in range(1, T_out + 1)])


def _pattern_size(kind, T_in, T_out):
    """(width, height) in data units; the encoder-decoder has a row naming its two halves."""
    columns = len(_pattern_columns(kind, T_in, T_out))
    height = 2 * MARGIN + 2 * IO[1] + CELL[1] + 2 * P_GAP + (0.4 if kind == "encoder_decoder"
                                                               else 0)
    return 2 * MARGIN + columns * P_PITCH, height


def _draw_pattern(kind, ax, T_in, T_out, size=(0, 0)):
    """draw_pattern, on a canvas at least ``size`` = (width, height) (to match other panels)."""
    columns = _pattern_columns(kind, T_in, T_out)
    natural = _pattern_size(kind, T_in, T_out)
    width, height = (max(a, b) for a, b in zip(natural, size))
    y_x = (height - natural[1]) / 2 + MARGIN + (0.4 if kind == "encoder_decoder" else 0) \
        + IO[1] / 2
    y_h = y_x + IO[1] / 2 + P_GAP + CELL[1] / 2
    y_y = y_h + CELL[1] / 2 + P_GAP + IO[1] / 2
    xs = [width / 2 + (k - (len(columns) - 1) / 2) * P_PITCH for k in range(len(columns))]
    fig, pen = _canvas(ax, width, height, "\n".join(PATTERNS[kind]))

    prev, out_box = None, None
    for x, (label, inp, out) in zip(xs, columns):
        if label == "$c$":  # the context vector: all the decoder knows of the input
            cell = pen.box(x, y_h, "$c$", "c", w=0.7, h=CELL[1], size=FONT + 1, gid="context")
            pen.note(x, y_h + CELL[1] / 2 + 0.1, "context", va="bottom")
        else:
            cell = _chain(pen, [x], y_h, [label])[0]
        if prev is not None:
            pen.arrow(prev.right, cell.left)
        if inp is not None:
            fed_back = not inp.startswith("$x")  # the decoder reads its own outputs
            box = pen.box(x, y_x, inp, "y" if fed_back else "x", w=0.9 if fed_back else IO[0],
                          size=FONT - (1.5 if inp == "<start>" else 0),
                          gid="fed_back" if fed_back else "x")
            pen.arrow(box.top, cell.bottom)
            if fed_back and out_box is not None:  # y_{t-1} becomes the input at step t
                pen.arrow(out_box.right, box.left, color=ROLE_COLORS["y"], dashed=True,
                          rad=-0.25)
        out_box = pen.box(x, y_y, out, "y") if out is not None else None
        if out_box is not None:
            pen.arrow(cell.top, out_box.bottom)
        prev = cell
    if kind == "encoder_decoder":
        for name, group in (("encoder", xs[:T_in]), ("decoder", xs[T_in + 1:])):
            pen.note((group[0] + group[-1]) / 2, y_x - IO[1] / 2 - 0.25, name, style="italic")
    return fig


@_styled
def draw_pattern(kind, ax=None, *, T_in=3, T_out=3):
    """One of the lecture's four RNN patterns, only the active inputs and outputs drawn.

    kind: "one_to_many" (x at step 1, y_1 ... y_T_out: image captioning), "many_to_one"
    (x_1 ... x_T_in, one y at the end: spam classifier), "encoder_decoder" (an encoder
    chain over T_in inputs, the context vector c, a decoder chain of T_out steps whose
    outputs are fed back as its next inputs: translation) or "seq_to_seq" (aligned, an
    output at each of the T_in steps, T_out unused: forecasting). The title is the
    pattern's name and example. Returns the figure.
    """
    if kind not in PATTERNS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, PATTERNS))}; got {kind!r}")
    return _draw_pattern(kind, ax, check_positive_int("T_in", T_in),
                         check_positive_int("T_out", T_out))


@_styled
def draw_all_patterns():
    """The four patterns of draw_pattern (T_in = T_out = 3) in a 2 x 2 figure, at one scale.

    Top row: one to many, many to one; bottom row: encoder-decoder, sequence to sequence,
    each panel as wide as its drawing needs. Returns the figure.
    """
    sizes = {kind: _pattern_size(kind, 3, 3) for kind in PATTERNS}
    height = max(h for _, h in sizes.values())
    rows = (("one_to_many", "many_to_one"), ("encoder_decoder", "seq_to_seq"))
    unit = min(UNIT, (MAX_WIDTH - 0.4) / max(sum(sizes[k][0] for k in row) for row in rows))
    # each panel as wide as its drawing or its title, whichever is wider (in data units)
    widths = {k: max(w, (_title_inches("\n".join(PATTERNS[k])) + 0.3) / unit)
              for k, (w, _) in sizes.items()}
    fig_w = max(sum(widths[k] for k in row) for row in rows) * unit + 0.4
    fig = plt.figure(figsize=(fig_w, 2 * (height * unit + 0.55) + 0.4))
    grid = fig.add_gridspec(2, 1)
    axes = [fig.add_subplot(spec) for r, row in enumerate(rows)
            for spec in grid[r].subgridspec(1, 2, width_ratios=[widths[k] for k in row])]
    for ax, kind in zip(axes, sum(rows, ())):
        ax.set_title("\n".join(PATTERNS[kind]))  # every title in place before any layout
    for ax, kind in zip(axes, sum(rows, ())):
        _draw_pattern(kind, ax, 3, 3, size=(widths[kind], height))
    fig.suptitle("Four RNN patterns", fontweight="bold", fontsize=mpl.rcParams["font.size"] + 2)
    return fig
