"""Notebook 07's temperature slider: the next character after a typed prefix, and 8 names.

A character language model gives, after "." and a prefix, a distribution p over the next
character; sampling at a temperature tau draws from softmax(ln p / tau), which sharpens p
(tau < 1) or flattens it (tau > 1). ``NextCharExplorer`` shows that distribution as V bars
and prints 8 names drawn at tau that start with the prefix::

    explorer = NextCharExplorer(model)
    display(explorer.widget())    # a slider for tau in [0.1, 2] and a box for the prefix

The figure is made once: the axes, the letters and the labels are painted once and kept as
a picture, and each move repaints only the bars and the title on it
(``rnnlib.widgets.FastRedraw``; several times faster than a new figure).

    clean_prefix(typed)              the first word of letters in what was typed
    NextCharExplorer(model)          .distribution(prefix, tau) (V,), .draw(tau, prefix),
                                     .widget()
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ._validation import check_positive_number, describe
from .charlm import CharLM
from .layers import softmax
from .plots import COLORS
from .widgets import FastRedraw, float_slider, interactive_figure, text_box

__all__ = ["clean_prefix", "NextCharExplorer"]


def clean_prefix(typed, letters="abcdefghijklmnopqrstuvwxyz"):
    """What a learner typed -> (prefix, note): the first word of ``letters`` in it, lower
    case, and a note saying what was used when that is not exactly what was typed (else None).
    """
    if not isinstance(typed, str):
        raise ValueError(f"typed must be a string; got {describe(typed)}")
    if not isinstance(letters, str) or not letters:
        raise ValueError(f"letters must be a non-empty string; got {describe(letters)}")
    typed = typed.strip().lower()
    words = re.findall(f"[{re.escape(letters)}]+", typed)
    prefix = words[0] if words else ""
    if prefix == typed:
        return prefix, None
    return prefix, (f"the prefix {typed!r} is not one word of letters {letters[0]}-{letters[-1]}:"
                    f" using {prefix!r}")


class NextCharExplorer:
    """p(next character | "." + prefix) at a temperature, as bars, for a trained ``CharLM``.

    model: a CharLM (its vocabulary gives the V bars); show: called with the PNG bytes of
    every redraw (default: display them in the notebook).
    """

    def __init__(self, model, *, show=None):
        if not isinstance(model, CharLM):
            raise ValueError(f"model must be a CharLM; got {describe(model)}")
        self.model = model
        itos = model.vocab.itos
        V = len(itos)
        dpi = plt.rcParams["savefig.dpi"]                  # the notebook figures' resolution
        dpi = plt.rcParams["figure.dpi"] if dpi == "figure" else dpi
        self.fig = Figure(figsize=(9, 2.8), dpi=dpi, layout="none")
        self.fig.subplots_adjust(left=0.08, right=0.99, bottom=0.2, top=0.88)
        self.ax = self.fig.subplots()
        self.bars = self.ax.bar(range(V), np.zeros(V), color=COLORS["blue"])
        self.ax.set(xlabel="next character ('.' = the name ends)", ylabel="probability",
                    xticks=range(V), xticklabels=list(itos), ylim=(0, 1))
        self.live = FastRedraw(self.fig, [*self.bars, self.ax.title], show=show)
        self.live.render()    # the background, once: the first picture shown then has its title

    def distribution(self, prefix, temperature):
        """softmax(ln p / temperature) (V,), p the model's next-character distribution after
        "." + prefix (letters of the model's vocabulary); temperature > 0."""
        temperature = check_positive_number("temperature", temperature)
        probs, _ = self.model.next_char_probabilities(prefix)
        return softmax(np.log(probs[-1]) / temperature)

    def draw(self, temperature=1.0, prefix=""):
        """Show the bars after "." + the cleaned prefix, and print 8 names drawn at that
        temperature (the same 8 for the same controls: the generator is seeded with 0)."""
        prefix, note = clean_prefix(prefix, self.model.vocab.itos[1:])
        if note is not None:
            print(note)
        p = self.distribution(prefix, temperature)
        for bar, height in zip(self.bars, p):
            bar.set_height(height)
        self.ax.set_title(f"p(next character | '.{prefix}') at temperature {temperature:.2f}")
        if len(prefix) < 20:
            print("8 names:", ", ".join(self.model.sample(
                8, temperature, rng=np.random.default_rng(0), prefix=prefix)))
        self.live.show()

    def widget(self):
        """The controls and their output: a temperature slider (0.1 to 2) and a prefix box."""
        return interactive_figure(
            self.draw,
            temperature=float_slider("temperature τ", 0.1, 2.0, 1.0, step=0.1),
            prefix=text_box("prefix", "", placeholder="letters a-z, e.g. jo"),
        )
