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

from numbers import Integral

import numpy as np

from ..data import LECTURE_SENTENCES
from ..models import parameter_count
from ..rnn import rnn_forward
from ..text import PAD, UNK, UNK_ID, Vocabulary, tokenize
from . import (
    Answer,
    as_float_array,
    correct,
    diagnose,
    judge,
    never_raises,
    not_summing_to_one,
    wrong,
)

__all__ = ["EX1_SENTENCE", "EX2_LOGITS", "EX3_PROBS", "EX4_SIZES", "EX5_SENTENCE",
           "lecture_vocabulary", "encoding_answer", "softmax_answer", "logits_answer",
           "parameter_count_answer", "h2_answer", "check_encoding", "check_softmax",
           "check_logits", "check_parameter_count", "check_h2"]

EX1_SENTENCE = "Machine learning is fun"
EX2_LOGITS = (2.0, 1.0, 0.1)
EX3_PROBS = (0.7, 0.2, 0.1)   # positive, neutral, negative
EX4_SIZES = {"V": 5000, "D": 50, "H": 128, "K": 3}
EX5_SENTENCE = "Learning models"


def lecture_vocabulary():
    """The notebook's vocabulary: the lecture's three sentences, words numbered by first use."""
    return Vocabulary.build(LECTURE_SENTENCES, order="first")


# ----------------------------------------------------------------------- exercise 1
def encoding_answer():
    """Exercise 1 declared: the word indices of EX1_SENTENCE in the lecture's vocabulary."""
    vocab, words = lecture_vocabulary(), tokenize(EX1_SENTENCE)
    expected = vocab.encode(EX1_SENTENCE)
    unk = [t for t, e in enumerate(expected) if e == UNK_ID]

    def first_wrong(ids):
        t = next(t for t, (i, e) in enumerate(zip(ids, expected)) if i != e)
        word, i = words[t], int(ids[t])
        if t in unk:
            return (f"{word!r} is not in the vocabulary, so it gets the index of {UNK}, "
                    f"{UNK_ID}, not {i}.")
        return (f"word {t + 1}, {word!r}, does not have index {i}: find it in the table of "
                f"section 1 (the vocabulary counts from 0, with {PAD} and {UNK} first).")

    def at_unknown(value):  # the unknown word given this index
        return lambda ids: any(ids[t] == value for t in unk)

    return Answer(
        "list", expected, mistakes=(
            (lambda ids: ids.ndim != 1, "give a list of integers, one index per word."),
            (lambda ids: len(ids) != len(words),
             lambda ids: f"your list has {len(ids)} indices, but {EX1_SENTENCE!r} has "
                         f"{len(words)} words: one index per word."),
            (lambda ids: all(i == e - 2 for i, e in zip(ids, expected) if e != UNK_ID),
             f"your indices are 2 too small: 0 and 1 are reserved for {PAD} and {UNK}, so the "
             f"first real word, 'i', has index 2."),
            (at_unknown(len(vocab)),
             f"{words[unk[0]]!r} is not in the vocabulary, and a built vocabulary does not "
             f"grow: {words[unk[0]]!r} does not get a new index {len(vocab)}, it becomes "
             f"{UNK} = {UNK_ID}."),
            (at_unknown(0), f"{words[unk[0]]!r} is unknown, but 0 is {PAD}, the filler for "
                            f"short sentences; unknown words get {UNK} = {UNK_ID}.")),
        hint=first_wrong,
        waiting="replace None with the list of word indices.",
        success=f"{expected}. {' and '.join(repr(words[t]) for t in unk)} is not in the "
                f"vocabulary, so it becomes {UNK} = {UNK_ID}.")


@never_raises("a list of integer indices, one per word")
def check_encoding(answer):
    """Exercise 1: the word indices of EX1_SENTENCE in the lecture's vocabulary."""
    if isinstance(answer, str):
        return wrong(f"your answer is the string {answer!r}; give a list of integers, "
                     f"one index per word, like [2, 3, ...].")
    if answer is not None:
        try:
            if isinstance(answer, (bytes, dict, set)):
                raise TypeError
            ids = list(answer)
        except Exception:  # not iterable (or refuses to be)
            return wrong(f"give a list of integers, one index per word; "
                         f"got {type(answer).__name__}.")
        if not all(isinstance(i, Integral) and not isinstance(i, bool) for i in ids):
            return wrong("every entry must be an integer index (a word's position in the "
                         "vocabulary), like [2, 3, ...].")
        answer = np.array(ids, dtype=float)  # whole numbers: compared exactly as floats
    return judge(encoding_answer(), answer)


# ----------------------------------------------------------------------- exercise 2
def softmax_answer():
    """Exercise 2 declared: y = softmax(z) for z = EX2_LOGITS."""
    z = np.array(EX2_LOGITS)
    expected = np.exp(z) / np.exp(z).sum()
    return Answer(
        "y", expected, mistakes=(
            (np.exp(z), f"these are e^z (they sum to {np.exp(z).sum():.4f}, not 1): divide them "
                        f"by their sum."),
            (z / z.sum(), "you divided the logits by their sum; exponentiate first: "
                          "y_k = e^(z_k) / sum_j e^(z_j)."),
            not_summing_to_one(z.shape)),
        hint="y_k = e^(z_k) / sum_j e^(z_j).",
        waiting="replace None with your probabilities y.",
        success=f"y = {np.round(expected, 3)}. The largest logit gets the largest probability, "
                f"and every class keeps some.")


@never_raises("y as an array of 3 probabilities")
def check_softmax(answer):
    """Exercise 2: y = softmax(z) for z = EX2_LOGITS."""
    return judge(softmax_answer(), answer)


# ----------------------------------------------------------------------- exercise 3
def _softmax(z):
    q = np.exp(z - z.max())
    return q / q.sum()


def logits_answer():
    """Exercise 3 declared: logits z (3,) with softmax(z) = EX3_PROBS and z_neutral = 0 (any
    z within 5e-4 of that is right: ``check_logits`` passes the test as ``right``)."""
    p = np.array(EX3_PROBS)
    return Answer(
        "z", np.log(p / p[1]), tol=(0, 5e-4), mistakes=(
            (p, "these are the probabilities themselves; softmax would turn them into others. "
                "Which logits does softmax turn into them?"),
            (lambda z: z.shape == (3,) and np.allclose(_softmax(z), p, atol=5e-4),
             lambda z: f"softmax(z) gives the right probabilities, but z_neutral is "
                       f"{z[1]:.3g}, not 0. Which change to z moves z_neutral and leaves the "
                       f"probabilities alone?")),
        shape_hint="One logit per class.",
        hint=lambda z: (f"softmax(z) = {np.round(_softmax(z), 3)}, not {np.round(p, 3)}. "
                        f"Positive must be 0.7/0.2 = 3.5 times as likely as neutral: which gap "
                        f"between their logits does that take?"),
        waiting="replace None with your three logits z.")


@never_raises("z as an array of 3 logits")
def check_logits(answer):
    """Exercise 3: logits z (3,) with softmax(z) = EX3_PROBS and z_neutral = 0."""
    spec, p = logits_answer(), np.array(EX3_PROBS)
    right = lambda z: (z.shape == (3,) and np.allclose(_softmax(z), p, atol=5e-4)  # noqa: E731
                       and abs(z[1]) <= 5e-4)
    verdict = diagnose(spec, answer, right=right)
    if verdict is not None:
        return verdict
    return correct(f"z = {np.round(as_float_array(answer), 3)}: z_positive - z_neutral = "
                   f"ln(0.7/0.2) and z_negative - z_neutral = ln(0.1/0.2). Adding one number to "
                   f"all three would change nothing; only the gaps matter.")


# ----------------------------------------------------------------------- exercise 4
def parameter_count_answer():
    """Exercise 4 declared: the trainable numbers of the sentiment RNN with sizes EX4_SIZES."""
    V, D, H, K = (EX4_SIZES[k] for k in "VDHK")
    c = parameter_count(D, H, K, V=V)
    total = c["total"]
    return Answer(
        "count", total, kind="whole", mistakes=(
            (lambda n: abs(n) > 10**15,
             lambda n: f"your count {n:.3g} is far off. List the six arrays (E, W_x, W_h, b, "
                       f"W_o, b_o) with their shapes, multiply out each shape, and add."),
            (total - c["E"], "you left out the embedding table E: it is trainable too."),
            (total - c["b"] - c["b_o"], "you left out both biases, b and b_o."),
            (total - c["b"], "you left out the cell's bias b."),
            (total - c["b_o"], "you left out the output bias b_o."),
            (total - c["W_o"] - c["b_o"], "you left out the output layer W_o, b_o."),
            (total - c["W_h"] + H * D, "W_h maps h_{t-1} to h_t, so it is H × H, not H × D."),
            (total - c["E"] + V * H, "E has one row of D numbers per word: V × D, not V × H."),
            (lambda n: n != int(n), lambda n: f"a count of numbers is a whole number; got {n}.")),
        hint=lambda n: (f"your count {int(n):,} is too {'high' if n > total else 'low'}. List "
                        f"the six arrays (E, W_x, W_h, b, W_o, b_o) with their shapes, multiply "
                        f"out each shape, and add."),
        waiting="replace None with your count (an integer).",
        success=f"{total:,} numbers, {c['E']:,} of them in the embedding table E (V × D). With "
                f"a large vocabulary, E dominates.")


@never_raises("one whole number")
def check_parameter_count(answer):
    """Exercise 4: the trainable numbers of the sentiment RNN with sizes EX4_SIZES."""
    return judge(parameter_count_answer(), answer)


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


def h2_answer(E=None, params=None):
    """Exercise 5 declared: h_2 for EX5_SENTENCE, from the embedding table E (V, D) and the
    cell's params W_x (H, D), W_h (H, H), b (H,) of the notebook (default: a fixed example
    with D = 4, H = 8, for tests)."""
    vocab = lecture_vocabulary()
    if E is None or params is None:
        rng = np.random.default_rng(7)
        E = rng.uniform(0, 1, (len(vocab), 4))
        params = {"W_x": rng.normal(0, 0.5, (8, 4)), "W_h": rng.normal(0, 0.3, (8, 8)),
                  "b": rng.normal(0, 0.1, 8)}
    E = np.asarray(E, dtype=float)
    p = {k: np.asarray(params[k], dtype=float) for k in ("W_x", "W_h", "b")}
    x = E[vocab.encode(EX5_SENTENCE)]                            # (T, D) = (2, D)
    h, _ = rnn_forward(x[:, None, :], np.zeros((1, p["W_h"].shape[0])), p)
    expected = h[-1, 0]
    H, D = p["W_x"].shape
    return Answer(
        "h_2", expected, mistakes=(
            (lambda a: a.size == H and a.shape != (H,),
             lambda a: f"your h_2 has shape {a.shape}, expected ({H},): the values may be "
                       f"right; flatten it with .ravel()."),
            (lambda a: a.shape == (D,) != (H,),
             f"your h_2 has shape ({D},), expected ({H},): a hidden state has one entry per "
             f"hidden unit (H = {H}); ({D},) is the size of an embedding x_t."),
            (_steps(x, p)[0], "this is h_1 (after 'learning'); take one more step with x_2, the "
                              "embedding of 'models', and h_1."),
            (_steps(x, p, recurrent=False)[1], "your h_2 ignores h_1: add W_h h_1, the memory "
                                               "of the first word."),
            (_steps(x, p, tanh=False)[1], "you forgot the tanh: h_t = tanh(W_x x_t + "
                                          "W_h h_{t-1} + b), at both steps."),
            (_steps(x, p, bias=False)[1], "you dropped the bias b. The lecture's short form "
                                          "h_1 = f(W_x X_1 + W_h h_0) leaves it out, but b is "
                                          "added at every step."),
            (_steps(x, p, W_h=p["W_h"].T)[1], "you used W_h.T: with column vectors the product "
                                              "is W_h @ h_1."),
            (_steps(x[::-1], p)[1], "you read the words in the wrong order: x_1 is 'learning', "
                                    "x_2 is 'models'."),
            (_steps(E[vocab.encode(LECTURE_SENTENCES[0])], p)[1],
             f"this is h_2 of {LECTURE_SENTENCES[0]!r} (section 5); compute it for "
             f"{EX5_SENTENCE!r}: x_1 is 'learning', x_2 is 'models'.")),
        hint="h_2 = tanh(W_x x_2 + W_h h_1 + b), with h_1 = tanh(W_x x_1 + W_h h_0 + b) and "
             "h_0 = 0.",
        success=f"h_2 = {np.round(expected, 3)}, shape ({H},). It is the memory of the whole "
                f"sentence: the classifier would read it next.")


@never_raises("h_2 as an array of H numbers, and the notebook's E and params")
def check_h2(answer, E, params):
    """Exercise 5: h_2 for EX5_SENTENCE, from the embedding table E (V, D) and the cell's
    params W_x (H, D), W_h (H, H), b (H,) of the notebook."""
    if answer is None:
        return judge(Answer("h_2", None), None)
    try:
        spec = h2_answer(E, params)
    except Exception as exc:  # the notebook's E or params were changed: say so, never raise
        return wrong(f"could not compute h_2 from the E and params you passed ({exc}); "
                     f"re-run the cells of sections 3 and 4.")
    return judge(spec, answer)
