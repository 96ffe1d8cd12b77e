"""Data that ships inside the package: nothing is downloaded.

    LECTURE_SENTENCES, LECTURE_EMBEDDINGS   the lecture's three sentences and its four 4-d vectors
    load_sentiment(split)                   900 short sentences, positive / neutral / negative
    load_spam(split)                        400 short text messages, spam / not spam
    load_airline_passengers()               monthly airline passengers 1949-1960 (Box & Jenkins)
    forecast_windows(series, T)             windows of T steps and the next value at every step
    negation_task(n, gap, rng)              "not" k words before the sentiment word
    caption_task(n, rng, scenes)            scene vectors and their captions ("two red circles")
    number_words(n), number_translation(n, rng)   "three hundred twelve" -> "3 1 2"

The files and how they were made are described in ``rnnlib/datasets/README.md``.
"""

from __future__ import annotations

import csv
import reprlib
from importlib import resources

import numpy as np

from ._validation import check_int_in, check_positive_int, check_rng, describe, to_array

__all__ = ["LECTURE_SENTENCES", "LECTURE_EMBEDDINGS", "SENTIMENT_LABELS", "load_sentiment",
           "SPAM_LABELS", "load_spam", "load_airline_passengers", "forecast_windows",
           "negation_task", "SCENES", "scene_vector", "scene_captions",
           "caption_task", "number_words", "number_translation"]

LECTURE_SENTENCES = ("I love machine learning", "Deep learning is very difficult",
                     "Learning models")

# The lecture's embedding of "I love machine learning", one 4-d row per word.
LECTURE_EMBEDDINGS = {"i": (0.5, 0.2, 0.1, 0.8), "love": (0.9, 0.1, 0.7, 0.4),
                      "machine": (0.3, 0.8, 0.5, 0.6), "learning": (0.6, 0.7, 0.3, 0.9)}

SENTIMENT_LABELS = ("positive", "neutral", "negative")
SPAM_LABELS = ("not spam", "spam")


def _read_csv(name):
    with resources.files("rnnlib").joinpath("datasets").joinpath(name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _load_labelled(name, split, label_names):
    """(texts, labels) of one split of a text,label,split CSV; labels index label_names."""
    if not isinstance(split, str) or split not in ("train", "test", "all"):
        raise ValueError(f"split must be one of 'train', 'test', 'all'; got {describe(split)}")
    rows = [r for r in _read_csv(name) if split in ("all", r["split"])]
    labels = np.array([label_names.index(r["label"]) for r in rows], dtype=np.int64)
    return [r["text"] for r in rows], labels


def load_sentiment(split="train"):
    """The project's three-class sentiment corpus.

    split: "train" (720 sentences), "test" (180) or "all" (900); the split is fixed.
    Returns (texts, labels): a list of strings and an int array (N,) of ids into
    SENTIMENT_LABELS = ("positive", "neutral", "negative").
    """
    return _load_labelled("sentiment.csv", split, SENTIMENT_LABELS)


def load_spam(split="train"):
    """The project's spam corpus: short text messages, half of them spam.

    split: "train" (320 messages), "test" (80) or "all" (400); the split is fixed.
    Returns (texts, labels): a list of strings and an int array (N,) of ids into
    SPAM_LABELS = ("not spam", "spam").
    """
    return _load_labelled("spam.csv", split, SPAM_LABELS)


def load_airline_passengers():
    """Monthly totals of international airline passengers, in thousands, Jan 1949 - Dec 1960.

    Box, Jenkins & Reinsel, Time Series Analysis: Forecasting and Control, Series G.
    Returns (months, passengers): a list of 144 "YYYY-MM" strings and a float64 array (144,).
    """
    rows = _read_csv("airline_passengers.csv")
    return [r["month"] for r in rows], np.array([float(r["passengers"]) for r in rows])


def forecast_windows(series, T):
    """Every window of T steps of a series, with the next value as the target at each step.

    series (N,) or (N, D), finite real numbers. Window k reads series[k : k + T] and its
    target at step t is series[k + t + 1]: the value one step later, so the model predicts
    at every step. Returns inputs (T, W, D) and targets (T, W, D), time-major, with
    W = N - T windows.
    """
    series = to_array("series", series, ("N", "D"))
    if series.ndim not in (1, 2):
        raise ValueError(f"series must have shape (N,) or (N, D); got shape {series.shape}")
    if 0 in series.shape:
        raise ValueError(f"series must not be empty; got shape {series.shape}")
    if series.dtype.kind not in "fiu":
        raise ValueError(f"series must hold real numbers; got dtype {series.dtype}")
    series = series.astype(float)
    if not np.isfinite(series).all():
        at = tuple(int(i) for i in np.argwhere(~np.isfinite(series))[0])
        raise ValueError(f"series must be finite; got {series[at]} at index {at}")
    if series.ndim == 1:
        series = series[:, None]
    T = check_int_in("T", T, 1, len(series) - 1, f"[1, N - 1] = [1, {len(series) - 1}]")
    W = len(series) - T
    idx = np.arange(T)[:, None] + np.arange(W)[None, :]  # idx[t, k] = k + t
    return series[idx], series[idx + 1]


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
    n, gap: positive integers; prefix: an integer >= 0.
    Returns (texts, labels): labels (n,) int, 0 = positive and 1 = negative.
    """
    n, gap = check_positive_int("n", n), check_positive_int("gap", gap)
    prefix = check_positive_int("prefix", prefix, minimum=0)
    check_rng(rng)
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


# ------------------------------------------------------------------ captioning scenes
_COUNTS = {1: ("one", "a"), 2: ("two", "a pair of"), 3: ("three",), 4: ("four",)}
_COLOURS = ("red", "green", "blue", "yellow", "purple", "orange")
_SHAPES = ("circle", "square", "triangle", "star", "heart")
SCENES = tuple((n, c, s) for n in _COUNTS for c in _COLOURS for s in _SHAPES)


def _check_scene(scene):
    try:
        known = isinstance(scene, tuple) and len(scene) == 3 and scene in SCENES
    except (TypeError, ValueError):  # e.g. an array inside the tuple
        known = False
    if not known:
        raise ValueError(f"scene must be a (count, colour, shape) tuple from SCENES, such as "
                         f"(2, 'red', 'circle'); got {reprlib.repr(scene)}")
    return scene


def scene_vector(scene):
    """The vector describing a scene: one-hot count, one-hot colour, one-hot shape.

    scene: (count, colour, shape), e.g. (2, "red", "circle") for two red circles.
    Returns v (15,) = [count 1..4 | red green blue yellow purple orange |
    circle square triangle star heart].
    """
    n, colour, shape = _check_scene(scene)
    v = np.zeros(len(_COUNTS) + len(_COLOURS) + len(_SHAPES))
    v[[n - 1, len(_COUNTS) + _COLOURS.index(colour),
       len(_COUNTS) + len(_COLOURS) + _SHAPES.index(shape)]] = 1.0
    return v


def scene_captions(scene):
    """Every right caption of a scene: (2, "red", "circle") -> ("two red circles",
    "a pair of red circles"); a count of 1 is "one" or "a" ("an" before "orange")."""
    n, colour, shape = _check_scene(scene)
    noun = shape if n == 1 else shape + "s"
    words = ["an" if w == "a" and colour[0] in "aeiou" else w for w in _COUNTS[n]]
    return tuple(f"{word} {colour} {noun}" for word in words)


def caption_task(n, rng, scenes=None):
    """A toy captioning set: n random scenes, each a vector, and one of its right captions.

    scenes: the (count, colour, shape) tuples to draw from (default SCENES, all 120);
    the caption is drawn uniformly from ``scene_captions(scene)``; n: a positive integer.
    Returns (v, captions, drawn): v (n, 15) float, a list of n strings, and the n scenes.
    """
    n = check_positive_int("n", n)
    check_rng(rng)
    if scenes is not None and (isinstance(scenes, (str, bytes, dict))
                               or not hasattr(scenes, "__iter__")):
        raise ValueError(f"scenes must be a list of (count, colour, shape) tuples from "
                         f"SCENES; got {describe(scenes)}")
    pool = SCENES if scenes is None else tuple(_check_scene(s) for s in scenes)
    if not pool:
        raise ValueError("scenes must hold at least one scene; got none")
    drawn = [pool[i] for i in rng.integers(0, len(pool), size=n)]
    captions = []
    for scene in drawn:
        options = scene_captions(scene)
        captions.append(options[int(rng.integers(len(options)))])
    v = np.array([scene_vector(s) for s in drawn]).reshape(n, -1)
    return v, captions, drawn


# ------------------------------------------------------------------ number words to digits
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n):
    """0 <= n <= 999 in English words: 312 -> "three hundred twelve", 40 -> "forty"."""
    n = check_int_in("n", n, 0, 999)
    hundreds, rest = divmod(int(n), 100)
    words = [_ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        words += [_TENS[rest // 10]] + ([_ONES[rest % 10]] if rest % 10 else [])
    elif rest or not hundreds:
        words.append(_ONES[rest])
    return " ".join(words)


def number_translation(n, rng, max_value=999):
    """A toy translation set: n different numbers in [0, max_value], as words and as digits.

    "three hundred twelve" -> "3 1 2": 1 to 4 source words, 1 to 3 target digits, so source
    and target lengths differ. The numbers are drawn without replacement, so the first k
    and the rest of the list never share a number (a clean held-out split).
    Returns (sources, targets, numbers): two lists of n strings and an int array (n,).
    """
    check_rng(rng)
    max_value = check_int_in("max_value", max_value, 0, 999)
    n = check_int_in("n", n, 1, max_value + 1,
                     f"[1, max_value + 1] = [1, {max_value + 1}] (the numbers are all different)")
    numbers = rng.choice(max_value + 1, size=n, replace=False)
    return ([number_words(int(k)) for k in numbers], [" ".join(str(int(k))) for k in numbers],
            numbers.astype(np.int64))
