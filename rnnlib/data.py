"""Data that ships inside the package: nothing is downloaded.

    LECTURE_SENTENCES, LECTURE_EMBEDDINGS   the lecture's three sentences and its four 4-d vectors
    load_sentiment(split)                   510 short sentences, positive / neutral / negative
    load_airline_passengers()               monthly airline passengers 1949-1960 (Box & Jenkins)
    adding_problem(n, T, rng, gap)          the adding problem (Hochreiter & Schmidhuber, 1997)
    negation_task(n, gap, rng)              "not" k words before the sentiment word

The files and how they were made are described in ``rnnlib/datasets/README.md``.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

__all__ = ["LECTURE_SENTENCES", "LECTURE_EMBEDDINGS", "SENTIMENT_LABELS", "load_sentiment",
           "load_airline_passengers", "adding_problem", "negation_task"]

LECTURE_SENTENCES = ("I love machine learning", "Deep learning is very difficult",
                     "Learning models")

# The lecture's embedding of "I love machine learning", one 4-d row per word.
LECTURE_EMBEDDINGS = {"i": (0.5, 0.2, 0.1, 0.8), "love": (0.9, 0.1, 0.7, 0.4),
                      "machine": (0.3, 0.8, 0.5, 0.6), "learning": (0.6, 0.7, 0.3, 0.9)}

SENTIMENT_LABELS = ("positive", "neutral", "negative")


def _read_csv(name):
    with resources.files("rnnlib").joinpath("datasets").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_sentiment(split="train"):
    """The project's three-class sentiment corpus.

    split: "train" (408 sentences), "test" (102) or "all" (510); the split is fixed.
    Returns (texts, labels): a list of strings and an int array (N,) of ids into
    SENTIMENT_LABELS = ("positive", "neutral", "negative").
    """
    if split not in ("train", "test", "all"):
        raise ValueError(f"split must be one of 'train', 'test', 'all'; got {split!r}")
    rows = [r for r in _read_csv("sentiment.csv") if split in ("all", r["split"])]
    texts = [r["text"] for r in rows]
    labels = np.array([SENTIMENT_LABELS.index(r["label"]) for r in rows], dtype=np.int64)
    return texts, labels


def load_airline_passengers():
    """Monthly totals of international airline passengers, in thousands, Jan 1949 - Dec 1960.

    Box, Jenkins & Reinsel, Time Series Analysis: Forecasting and Control, Series G.
    Returns (months, passengers): a list of 144 "YYYY-MM" strings and a float64 array (144,).
    """
    rows = _read_csv("airline_passengers.csv")
    return [r["month"] for r in rows], np.array([float(r["passengers"]) for r in rows])


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator; got {type(rng).__name__}")


def adding_problem(n, T, rng, gap=None):
    """The adding problem: remember two marked numbers across a sequence and add them.

    Each step carries (value, marker): values uniform in [0, 1); exactly two steps have
    marker 1, and the target is the sum of their values. With ``gap`` given, the first
    marker stands exactly ``gap`` steps before the last step (so the network must carry it
    that far) and the second anywhere after it; otherwise the first lies in the first half
    and the second in the second half, as in Hochreiter & Schmidhuber (1997).
    Returns x (T, n, 2) and y (n, 1).
    """
    _check_rng(rng)
    if T < 2:
        raise ValueError(f"T must be at least 2; got {T}")
    if gap is not None and not 1 <= gap <= T - 1:
        raise ValueError(f"gap must lie in [1, T - 1] = [1, {T - 1}]; got {gap}")
    x = np.zeros((T, n, 2))
    x[:, :, 0] = rng.random((T, n))
    if gap is None:
        first = rng.integers(0, T // 2, size=n)
        second = rng.integers(T // 2, T, size=n)
    else:
        first = np.full(n, T - 1 - gap)
        second = rng.integers(T - gap, T, size=n)
    cols = np.arange(n)
    x[first, cols, 1] = 1.0
    x[second, cols, 1] = 1.0
    y = (x[first, cols, 0] + x[second, cols, 0])[:, None]
    return x, y


_GOOD = ("good", "great", "fun", "nice", "funny", "lovely")
_BAD = ("bad", "awful", "boring", "dull", "terrible", "poor")
_FILLERS = ("the", "movie", "film", "plot", "was", "really", "quite", "so", "very", "story",
            "acting", "ending", "honestly", "overall", "i", "think", "it", "is")


def negation_task(n, gap, rng, prefix=2):
    """Sentences where "not", ``gap`` words before the sentiment word, flips its meaning.

    Each sentence: ``prefix`` filler words, then "not" or another filler (half each), then
    ``gap - 1`` fillers, then a sentiment word, e.g. with gap 3:
    "the film not really so good" -> negative, "the film was really so good" -> positive.
    Without memory of the word ``gap`` steps back a model is right half the time.
    Returns (texts, labels): labels (n,) int, 0 = positive and 1 = negative.
    """
    _check_rng(rng)
    if gap < 1:
        raise ValueError(f"gap must be at least 1; got {gap}")
    texts, labels = [], np.zeros(n, dtype=np.int64)
    fillers = np.array(_FILLERS)
    for i in range(n):
        negated = bool(rng.integers(2))
        word_is_good = bool(rng.integers(2))
        word = rng.choice(_GOOD if word_is_good else _BAD)
        words = list(rng.choice(fillers, prefix))
        words.append("not" if negated else str(rng.choice(fillers)))
        words += list(rng.choice(fillers, gap - 1)) + [str(word)]
        texts.append(" ".join(words))
        labels[i] = int(word_is_good == negated)  # good -> 0, not good -> 1, bad -> 1, not bad -> 0
    return texts, labels

