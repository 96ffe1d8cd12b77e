"""The "type your own sentence" box of notebooks 00 and 03: read a sentence as the model
reads it, classify it (or say there is nothing to classify), and draw the answer.

    reading = read_sentence(vocab, "What a scrumptious dinner!")
    reading.read_as   -> ["what", "a", "<unk>", "dinner"]     (what the model sees)
    reading.unknown   -> ["scrumptious"]                      (words that became <unk>)
    sentence_probabilities(model, vocab, "What a scrumptious dinner!")  -> (K,) probabilities
    sentence_probabilities(model, vocab, "🙂 !!")                        -> None
    draw_sentence(ax, model, vocab, "What a scrumptious dinner!")       -> the same, drawn
    box = SentenceBox(model, vocab); box.draw("What a scrumptious dinner!")  -> drawn, shown

A sentence with no word the vocabulary knows (empty, blank, only punctuation, only emoji,
only unknown words) is not classified: the model would read nothing, or only ``<unk>``,
whose vector was never trained, and its answer would be an accident. The box says
"no words I know" instead (``NO_WORDS``).

Text typed by a learner can hold characters the figure's font has no glyph for (emoji,
most scripts) and ``$`` signs that matplotlib would read as maths; ``drawable`` makes any
text safe to draw, so the figure never prints a glyph warning. Titles are wrapped to the
width of their axes, so a long sentence neither squashes the bars nor shrinks the figure.

``SentenceBox`` is the box's live figure: one figure with fixed margins (room for three
title lines and two lines under the bars), redrawn for each sentence and shown as a PNG.
That takes about half the time of a new pyplot figure laid out afresh at every keystroke.
"""

from __future__ import annotations

import textwrap
from functools import cache
from typing import NamedTuple

import matplotlib as mpl
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from .data import SENTIMENT_LABELS
from .plots import probability_bars
from .text import PAD_ID, UNK_ID, Vocabulary, tokenize
from .widgets import FastRedraw, show_png

__all__ = ["NO_WORDS", "SentenceReading", "read_sentence", "sentence_probabilities",
           "drawable", "draw_sentence", "SentenceBox"]

NO_WORDS = "no words I know"
_MESSAGE_COLOR = "#555555"
_MISSING = "\u25a1"  # □, drawn for a character the font has no glyph for ("?" if it lacks □)


class SentenceReading(NamedTuple):
    """A sentence as the model reads it.

    words: the words of the sentence (``tokenize``), ids: their vocabulary ids (T,),
    read_as: the words the model sees (``<unk>`` for an unknown word), unknown: the words
    that became ``<unk>``, in order; known: True when at least one word is in the vocabulary.
    """

    words: list
    ids: list
    read_as: list
    unknown: list
    known: bool


def _check_vocab(vocab):
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a Vocabulary (the one the model was trained with); "
                         f"got {type(vocab).__name__}")


def read_sentence(vocab, sentence):
    """Tokenise ``sentence`` and look its words up in ``vocab``: a SentenceReading."""
    _check_vocab(vocab)
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a string; got {type(sentence).__name__}")
    words = tokenize(sentence)
    ids = vocab.encode(sentence)
    read_as = vocab.decode(ids)
    unknown = [w for w, i in zip(words, ids) if i == UNK_ID]
    known = any(i not in (PAD_ID, UNK_ID) for i in ids)
    return SentenceReading(words, ids, read_as, unknown, known)


def sentence_probabilities(model, vocab, sentence):
    """The model's probabilities (K,) for one sentence, or None when it has no known word.

    model: a trained classifier with ``predict_proba(tokens (T, B), lengths)`` -> (B, K)
    (a ManyToOneClassifier); vocab: the Vocabulary it was trained with.
    """
    if not callable(getattr(model, "predict_proba", None)):
        raise ValueError(f"model must be a trained classifier with predict_proba (a "
                         f"ManyToOneClassifier); got {type(model).__name__}")
    reading = read_sentence(vocab, sentence)
    if not reading.known:
        return None
    tokens = np.array(reading.ids, dtype=np.int64)[:, None]  # (T, B) with B = 1
    return model.predict_proba(tokens, np.array([len(reading.ids)]))[0]


@cache
def _glyphs(path):
    """The code points the font file at ``path`` has a glyph for."""
    return frozenset(FT2Font(path).get_charmap())


def _drawable_chars():
    """Code points that both the regular and the bold text font of the current style draw."""
    family = mpl.rcParams["font.family"]
    paths = {font_manager.findfont(font_manager.FontProperties(family=family, weight=w))
             for w in ("normal", "bold")}
    return frozenset.intersection(*(_glyphs(p) for p in paths))


def drawable(text):
    """``text`` as matplotlib draws it without a warning: every character the font has no
    glyph for (emoji, most scripts, control characters) becomes □, and ``$`` is escaped so
    that it is not read as the start of a formula. Whitespace is kept as it is.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    chars = _drawable_chars()
    missing = _MISSING if ord(_MISSING) in chars else "?"
    out = []
    for ch in text:
        if ch == "$":
            out.append(r"\$")
        elif ch in "\n " or ord(ch) in chars:
            out.append(ch)
        else:
            out.append(missing)
    return "".join(out)


def _wrap(text, width, max_lines):
    """``text`` on at most ``max_lines`` lines of about ``width`` characters, drawable."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, max_lines=max_lines,
                          placeholder=" …") or [""]
    return "\n".join(drawable(line) for line in lines)


def _chars_across(ax, fontsize, em=0.6):
    """About how many characters of ``fontsize`` points fit across the axes ``ax``
    (``em``: the average width of a character in units of the font size; 0.6 for bold)."""
    spec = ax.get_subplotspec()
    if spec is not None:  # the axes' share of the figure's width (as the layout will make it)
        width_in = 0.85 * ax.figure.get_figwidth() * len(spec.colspan) / spec.get_gridspec().ncols
    else:
        width_in = ax.get_position().width * ax.figure.get_figwidth()
    return int(np.clip(width_in * 72 / (em * fontsize), 12, 80))


def _answer(ax, model, vocab, sentence, max_title_lines=3):
    """What the figure says for ``sentence`` on ``ax``: (probabilities (K,) or None, the
    wrapped title, the "read as" line, the message drawn instead of bars when there are
    none)."""
    probs = sentence_probabilities(model, vocab, sentence)
    reading = read_sentence(vocab, sentence)
    title_size = mpl.rcParams["axes.titlesize"]
    title_size = title_size if isinstance(title_size, (int, float)) else 11
    title = _wrap(f"“{sentence}”", _chars_across(ax, title_size), max_title_lines)
    label_size = mpl.rcParams["axes.labelsize"]
    label_size = label_size if isinstance(label_size, (int, float)) else 10
    read_as = _wrap("read as: " + " ".join(reading.read_as), _chars_across(ax, label_size, 0.55), 2)
    message = f"{NO_WORDS}:\nnothing to classify"
    if reading.read_as:
        message += "\n\n" + read_as
    return probs, title, read_as, message


def draw_sentence(ax, model, vocab, sentence, labels=SENTIMENT_LABELS, *, max_title_lines=3):
    """Draw the model's answer for ``sentence`` on ``ax``: three probability bars, the
    sentence as title (wrapped to the axes' width, at most ``max_title_lines``) and, under the
    bars, the sentence as the model reads it (``<unk>`` for unknown words). A sentence
    without a known word gets the message "no words I know" instead of bars.

    Returns the probabilities (K,) that were drawn, or None when nothing was classified.
    """
    probs, title, read_as, message = _answer(ax, model, vocab, sentence, max_title_lines)
    if probs is None:
        ax.set_title(title)
        ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
                color=_MESSAGE_COLOR)
        ax.set_axis_off()
        return None
    probability_bars(ax, probs, labels, title=title)
    ax.set_xlabel("sentiment class\n" + read_as)
    return probs


class SentenceBox:
    """The live figure of a "type your own sentence" box: ``draw(sentence)`` redraws it.

    model, vocab, labels: as for ``draw_sentence`` (checked at the first draw);
    figsize: inches; show: called with the PNG bytes of every redraw (default: display them
    in the notebook). The figure is a matplotlib ``Figure`` (not a pyplot one), drawn at
    the resolution of the notebook's other figures (rcParams["savefig.dpi"]), with fixed
    margins: the same place for the bars whatever the sentence. It draws what
    ``draw_sentence`` draws, but keeps its artists: the axes, ticks and class names are
    painted once (``rnnlib.widgets.FastRedraw``), and each sentence changes only the bar
    heights, the numbers over them, the title and the line under the bars.
    """

    def __init__(self, model, vocab, labels=SENTIMENT_LABELS, *, figsize=(4.6, 3.6),
                 show=None):
        self.model, self.vocab, self.labels = model, vocab, labels
        dpi = mpl.rcParams["savefig.dpi"]
        self.fig = Figure(figsize=figsize, layout="none",
                          dpi=dpi if isinstance(dpi, (int, float)) else None)
        self.fig.subplots_adjust(left=0.14, right=0.97, bottom=0.24, top=0.80)
        self.ax = self.fig.subplots()
        self.canvas = self.fig.canvas  # FastRedraw's Agg canvas, set below
        self._bars = self._values = self._message = self.redraw = None
        self._show = show_png if show is None else show

    def _build(self):
        """The artists, made once, at the first draw (when the labels are known to fit)."""
        self._bars = probability_bars(self.ax, np.zeros(len(self.labels)), self.labels,
                                      title=" ")
        for bar in self._bars:  # over the grid and the axis lines, as when repainted
            bar.set_zorder(2.6)  # over the kept picture (draw_sentence: under the grid)
        self._values = self.ax.texts[-len(self.labels):]
        self._message = self.ax.text(0.5, 0.5, "", ha="center", va="center",
                                     transform=self.ax.transAxes, color=_MESSAGE_COLOR)
        self.ax.set_xlabel(" ")
        self.ax.set_title(" ", y=1.0)  # a fixed place: no tick machinery asked each time
        moving = [*self._bars, *self._values, self._message, self.ax.title,
                  self.ax.xaxis.label]
        self.redraw = FastRedraw(self.fig, moving, show=self._show)
        self.canvas = self.redraw.canvas

    def render(self, sentence):
        """The figure for ``sentence`` as PNG bytes, and the probabilities drawn (or None)."""
        probs, title, read_as, message = _answer(self.ax, self.model, self.vocab, sentence)
        if self.redraw is None:
            self._build()
        bars_shown = probs is not None
        for artist in (*self._bars, *self._values, self.ax.xaxis.label):
            artist.set_visible(bars_shown)
        self._message.set_visible(not bars_shown)
        self.ax.axison = bars_shown  # the view below: a background with or without the axes
        self.ax.title.set_text(title)
        if bars_shown:
            for bar, value, p in zip(self._bars, self._values, probs):
                bar.set_height(p)
                value.set(y=p + 0.02, text=f"{p:.1%}")
            self.ax.xaxis.label.set_text("sentiment class\n" + read_as)
        else:
            self._message.set_text(message)
        return self.redraw.render(view=bars_shown), probs

    def draw(self, sentence):
        """The box's ``draw``: redraw for ``sentence`` and show it; returns the
        probabilities (K,) that were drawn, or None when nothing was classified."""
        png, probs = self.render(sentence)
        self._show(png)
        return probs
