"""Self-checks for notebook 02, the sentiment forward pass.

    check_encoding(ids)          exercise 1: EX1_SENTENCE as indices in the lecture's vocabulary
    check_softmax(p)             exercise 2: the softmax of EX2_LOGITS
    check_logits(z)              exercise 3: logits z with softmax(z) = EX3_PROBS and z_neutral = 0
    check_parameter_count(n)     exercise 4: the trainable numbers for EX4_SIZES
    check_h2(h_2, E, params)     exercise 5: h_2 of EX5_SENTENCE, computed by hand

Each prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns True
only for a right answer and never raises.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from ..data import LECTURE_SENTENCES
from ..models import parameter_count
from ..rnn import rnn_forward
from ..text import PAD, UNK, UNK_ID, Vocabulary, tokenize
from . import (
    as_float_array,
    check_array_answer,
    correct,
    diagnose_array,
    matches,
    never_raises,
    pending,
    shown,
    wrong,
)

__all__ = ["EX1_SENTENCE", "EX2_LOGITS", "EX3_PROBS", "EX4_SIZES", "EX5_SENTENCE",
           "lecture_vocabulary", "check_encoding", "check_softmax", "check_logits",
           "check_parameter_count", "check_h2"]

EX1_SENTENCE = "Machine learning is fun"
EX2_LOGITS = (2.0, 1.0, 0.1)
EX3_PROBS = (0.7, 0.2, 0.1)   # positive, neutral, negative
EX4_SIZES = {"V": 5000, "D": 50, "H": 128, "K": 3}
EX5_SENTENCE = "Learning models"


def lecture_vocabulary():
    """The notebook's vocabulary: the lecture's three sentences, words numbered by first use."""
    return Vocabulary.build(LECTURE_SENTENCES, order="first")


# ----------------------------------------------------------------------- exercise 1
@never_raises("a list of integer indices, one per word")
def check_encoding(answer):
    """Exercise 1: the word indices of EX1_SENTENCE in the lecture's vocabulary."""
    vocab = lecture_vocabulary()
    words = tokenize(EX1_SENTENCE)
    expected = vocab.encode(EX1_SENTENCE)
    if answer is None:
        return pending("replace None with the list of word indices.")
    if isinstance(answer, str):
        return wrong(f"your answer is the string {answer!r}; give a list of integers, "
                     f"one index per word, like [2, 3, ...].")
    if isinstance(answer, (bytes, dict, set)):
        return wrong(f"give a list of integers, one index per word; got {type(answer).__name__}.")
    try:
        ids = list(answer)
    except Exception:  # not iterable (or refuses to be)
        return wrong(f"give a list of integers, one index per word; got {type(answer).__name__}.")
    if not all(isinstance(i, Integral) and not isinstance(i, bool) for i in ids):
        return wrong("every entry must be an integer index (a word's position in the "
                     "vocabulary), like [2, 3, ...].")
    ids = [int(i) for i in ids]
    if len(ids) != len(words):
        return wrong(f"your list has {len(ids)} indices, but {EX1_SENTENCE!r} has "
                     f"{len(words)} words: one index per word.")
    if ids == expected:
        unknown = [w for w in words if w not in vocab]
        return correct(f"{ids}. {' and '.join(map(repr, unknown))} is not in the vocabulary, "
                       f"so it becomes {UNK} = {UNK_ID}.")
    if all(i == e - 2 for i, e in zip(ids, expected) if e != UNK_ID):
        return wrong(f"your indices are 2 too small: 0 and 1 are reserved for {PAD} and {UNK}, "
                     f"so the first real word, 'i', has index 2.")
    for t, (word, i, e) in enumerate(zip(words, ids, expected), start=1):
        if i == e:
            continue
        if e == UNK_ID:
            if i == len(vocab):
                return wrong(f"{word!r} is not in the vocabulary, and a built vocabulary does "
                             f"not grow: {word!r} does not get a new index {i}, it becomes "
                             f"{UNK} = {UNK_ID}.")
            if i == 0:
                return wrong(f"{word!r} is unknown, but 0 is {PAD}, the filler for short "
                             f"sentences; unknown words get {UNK} = {UNK_ID}.")
            return wrong(f"{word!r} is not in the vocabulary, so it gets the index of "
                         f"{UNK}, {UNK_ID}, not {i}.")
        return wrong(f"word {t}, {word!r}, does not have index {i}: find it in the table of "
                     f"section 1 (the vocabulary counts from 0, with {PAD} and {UNK} first).")
    return wrong(f"your indices {ids} are not right.")  # not reached: some word differs


# ----------------------------------------------------------------------- exercise 2
@never_raises("y as an array of 3 probabilities")
def check_softmax(answer):
    """Exercise 2: y = softmax(z) for z = EX2_LOGITS."""
    z = np.array(EX2_LOGITS)
    expected = np.exp(z) / np.exp(z).sum()
    if answer is None:
        return pending("replace None with your probabilities y.")
    p = as_float_array(answer)
    if p is not None and p.shape == z.shape and np.all(np.isfinite(p)):
        if matches(p, np.exp(z)):
            return wrong(f"these are e^z (they sum to {np.exp(z).sum():.4f}, not 1): "
                         f"divide them by their sum.")
        if matches(p, z / z.sum()):
            return wrong("you divided the logits by their sum; exponentiate first: "
                         "y_k = e^(z_k) / sum_j e^(z_j).")
        if not np.isclose(p.sum(), 1.0, atol=1e-6):
            return wrong(f"your probabilities sum to {p.sum():.4f}; probabilities must sum to 1.")
    result = check_array_answer("y", answer, expected,
                                hint="y_k = e^(z_k) / sum_j e^(z_j).")
    if result is not None:
        return result
    return correct(f"y = {np.round(expected, 3)}. The largest logit gets the largest "
                   f"probability, and every class keeps some.")


# ----------------------------------------------------------------------- exercise 3
@never_raises("z as an array of 3 logits")
def check_logits(answer):
    """Exercise 3: logits z (3,) with softmax(z) = EX3_PROBS and z_neutral = 0."""
    p = np.array(EX3_PROBS)
    if answer is None:
        return pending("replace None with your three logits z.")
    z = as_float_array(answer)
    if z is None or z.dtype.kind not in "biuf":
        return wrong("give z as three numbers, a list or an array of shape (3,).")
    if z.shape != (3,):
        return wrong(f"your z has shape {z.shape}, expected (3,): one logit per class.")
    if not np.all(np.isfinite(z)):
        return wrong("your z contains NaN or inf; logits are ordinary finite numbers.")
    if matches(z, p):
        return wrong("these are the probabilities themselves; softmax would turn them into "
                     "others. Which logits does softmax turn into them?")
    q = np.exp(z - z.max())
    q = q / q.sum()
    if np.allclose(q, p, atol=5e-4):
        if abs(z[1]) <= 5e-4:
            return correct(f"z = {np.round(z, 3)}: z_positive - z_neutral = ln(0.7/0.2) and "
                           f"z_negative - z_neutral = ln(0.1/0.2). Adding one number to all "
                           f"three would change nothing; only the gaps matter.")
        return wrong(f"softmax(z) gives the right probabilities, but z_neutral is "
                     f"{z[1]:.3g}, not 0. Which change to z moves z_neutral and leaves the "
                     f"probabilities alone?")
    return wrong(f"softmax(z) = {np.round(q, 3)}, not {np.round(p, 3)}. Positive must be "
                 f"0.7/0.2 = 3.5 times as likely as neutral: which gap between their logits "
                 f"does that take?")


# ----------------------------------------------------------------------- exercise 4
@never_raises("one whole number")
def check_parameter_count(answer):
    """Exercise 4: the trainable numbers of the sentiment RNN with sizes EX4_SIZES."""
    V, D, H, K = (EX4_SIZES[k] for k in "VDHK")
    counts = parameter_count(D, H, K, V=V)
    total = counts["total"]
    if answer is None:
        return pending("replace None with your count (an integer).")
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return wrong(f"give the count as one number (an integer); got {type(answer).__name__}.")
    if not math.isfinite(answer) or answer != int(answer):
        return wrong(f"a count of numbers is a whole number; got {shown(answer)}.")
    n = int(answer)
    if abs(n) > 10**15:
        return wrong(f"your count {shown(n)} is far off. List the six arrays (E, W_x, W_h, b, "
                     f"W_o, b_o) with their shapes, multiply out each shape, and add.")
    if n == total:
        return correct(f"{total:,} numbers, {counts['E']:,} of them in the embedding table E "
                       f"(V × D). With a large vocabulary, E dominates.")
    mistakes = {
        total - counts["E"]: "you left out the embedding table E: it is trainable too.",
        total - counts["b"] - counts["b_o"]: "you left out both biases, b and b_o.",
        total - counts["b"]: "you left out the cell's bias b.",
        total - counts["b_o"]: "you left out the output bias b_o.",
        total - counts["W_o"] - counts["b_o"]: "you left out the output layer W_o, b_o.",
        total - counts["W_h"] + H * D: "W_h maps h_{t-1} to h_t, so it is H × H, not H × D.",
        total - counts["E"] + V * H: "E has one row of D numbers per word: V × D, not V × H.",
    }
    if n in mistakes:
        return wrong(mistakes[n])
    side = "high" if n > total else "low"
    return wrong(f"your count {n:,} is too {side}. List the six arrays (E, W_x, W_h, b, W_o, "
                 f"b_o) with their shapes, multiply out each shape, and add.")


# ----------------------------------------------------------------------- exercise 5
def _steps(x, p, *, tanh=True, bias=True, recurrent=True, W_h=None):
    """h_1, h_2 by the cell with some of its parts switched off (to recognise mistakes)."""
    W_h = p["W_h"] if W_h is None else W_h
    h, out = np.zeros(W_h.shape[0]), []
    for x_t in x:
        a = p["W_x"] @ x_t + (W_h @ h if recurrent else 0) + (p["b"] if bias else 0)
        h = np.tanh(a) if tanh else a
        out.append(h)
    return out


@never_raises("h_2 as an array of H numbers, and the notebook's E and params")
def check_h2(answer, E, params):
    """Exercise 5: h_2 for EX5_SENTENCE, from the embedding table E (V, D) and the cell's
    params W_x (H, D), W_h (H, H), b (H,) of the notebook."""
    if answer is None:
        return pending("replace None with your h_2.")
    try:
        E = np.asarray(E, dtype=float)
        p = {k: np.asarray(params[k], dtype=float) for k in ("W_x", "W_h", "b")}
        vocab = lecture_vocabulary()
        x = E[vocab.encode(EX5_SENTENCE)]                            # (T, D) = (2, D)
        x_lecture = E[vocab.encode(LECTURE_SENTENCES[0])]            # section 5's sentence
        h, _ = rnn_forward(x[:, None, :], np.zeros((1, p["W_h"].shape[0])), p)
    except Exception as exc:  # the notebook's E or params were changed: say so, never raise
        return wrong(f"could not compute h_2 from the E and params you passed ({exc}); "
                     f"re-run the cells of sections 3 and 4.")
    expected = h[-1, 0]
    H, D = p["W_x"].shape
    a = as_float_array(answer)
    if a is not None and a.size == H and a.shape != (H,):
        return wrong(f"your h_2 has shape {a.shape}, expected ({H},): the values may be right; "
                     f"flatten it with .ravel().")
    if a is not None and a.shape == (D,) and D != H:
        return wrong(f"your h_2 has shape ({D},), expected ({H},): a hidden state has one entry "
                     f"per hidden unit (H = {H}); ({D},) is the size of an embedding x_t.")
    mistakes = []
    if a is not None and a.shape == (H,) and np.all(np.isfinite(a)):
        x_rev = x[::-1]
        mistakes = [
            (_steps(x, p)[0], "this is h_1 (after 'learning'); take one more step with "
                              "x_2, the embedding of 'models', and h_1."),
            (_steps(x, p, recurrent=False)[1], "your h_2 ignores h_1: add W_h h_1, the "
                                               "memory of the first word."),
            (_steps(x, p, tanh=False)[1], "you forgot the tanh: h_t = tanh(W_x x_t + "
                                          "W_h h_{t-1} + b), at both steps."),
            (_steps(x, p, bias=False)[1], "you dropped the bias b. The lecture's short form "
                                          "h_1 = f(W_x X_1 + W_h h_0) leaves it out, but b is "
                                          "added at every step."),
            (_steps(x, p, W_h=p["W_h"].T)[1], "you used W_h.T: with column vectors the "
                                              "product is W_h @ h_1."),
            (_steps(x_rev, p)[1], "you read the words in the wrong order: x_1 is 'learning', "
                                  "x_2 is 'models'."),
            (_steps(x_lecture, p)[1], f"this is h_2 of {LECTURE_SENTENCES[0]!r} (section 5); "
                                      f"compute it for {EX5_SENTENCE!r}: x_1 is 'learning', "
                                      f"x_2 is 'models'."),
        ]
    result = diagnose_array("h_2", answer, expected, mistakes=mistakes,
                            hint="h_2 = tanh(W_x x_2 + W_h h_1 + b), with h_1 = "
                                 "tanh(W_x x_1 + W_h h_0 + b) and h_0 = 0.")
    if result is not None:
        return result
    return correct(f"h_2 = {np.round(expected, 3)}, shape ({H},). It is the memory of the "
                   f"whole sentence: the classifier would read it next.")
