"""Self-checks for notebook 07 · A character-level language model that writes names.

    check_perplexity(answer)          exercise 1: the perplexity of EX1_PROBS, the model's
                                      probabilities for the 5 characters of "emma."
    check_sampled_char(answer)        exercise 2: the character drawn from EX2_LOGITS at
                                      temperature EX2_TEMPERATURE with the uniform number EX2_U
    check_bigram_loss(answer)         exercise 3: the counting bigram model of EX3_NAMES
                                      (no smoothing), its loss on those names in nats/char

Each prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns True
only for a right answer and never raises.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from ..charlm import CharVocabulary, bigram_loss, bigram_model
from ..layers import softmax
from . import correct, never_raises, pending, shown, wrong

__all__ = ["EX1_PROBS", "EX2_CHARS", "EX2_LOGITS", "EX2_TEMPERATURE", "EX2_U", "EX3_NAMES",
           "check_perplexity", "check_sampled_char", "check_bigram_loss"]

# p(e | .), p(m | .e), p(m | .em), p(a | .emm), p(. | .emma): the 5 predictions of "emma."
EX1_PROBS = (0.05, 0.30, 0.40, 0.60, 0.50)
EX2_CHARS = (".", "a", "e", "i", "n")
EX2_LOGITS = (0.2, 2.0, 1.2, 0.5, 1.4)
EX2_TEMPERATURE = 0.5
EX2_U = 0.8
EX3_NAMES = ("ann", "anna", "ava", "bob")


def _number(name, answer):
    """(float, None) for a finite real number, else (None, the sentence to print)."""
    if answer is None:
        return None, pending(f"replace None with your {name} (one number).")
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return None, wrong(f"your {name} should be one number; got {type(answer).__name__}.")
    try:
        value = float(answer)
    except (OverflowError, ValueError):
        return None, wrong(f"your {name} should be a finite number; got {shown(answer)}.")
    if not math.isfinite(value):
        return None, wrong(f"your {name} should be a finite number; got {shown(answer)}.")
    return value, None


def _near(a, b):
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-6)


# ----------------------------------------------------------------------- exercise 1
@never_raises("one number, the perplexity")
def check_perplexity(answer):
    """Exercise 1: exp(mean of -ln p) over the five probabilities of EX1_PROBS."""
    value, said = _number("perplexity", answer)
    if said is not None:
        return said
    p = np.array(EX1_PROBS)
    nll = -np.log(p)
    right = math.exp(nll.mean())
    if _near(value, right):
        return correct(f"perplexity = exp({nll.mean():.3f}) = {right:.2f}: the model is as "
                       f"unsure as a fair choice among about {right:.1f} characters at each "
                       f"step (a uniform model over 27 characters has perplexity 27).")
    if _near(value, nll.mean()):
        return wrong("this is the loss in nats per character; perplexity is e to that power.")
    if _near(value, -np.log2(p).mean()):
        return wrong("this is the loss in bits (log base 2); the perplexity is 2 to that "
                     "power (the same number as e to the mean of -ln p).")
    if _near(value, math.exp(nll[:-1].mean())):
        return wrong("you left out one probability: the end of the name is predicted too.")
    if _near(value, float(np.mean(1 / p))):
        return wrong("the mean of 1/p is not it: average the log-probabilities first, then "
                     "take exp.")
    if _near(value, float(1 / p.mean())) or _near(value, math.exp(nll.sum())):
        return wrong("average -ln p over the characters (a mean, not a sum, of the logs), "
                     "then take exp.")
    return wrong(f"your perplexity {shown(value)} is not it: the loss is the mean of -ln p "
                 f"over the 5 predictions; the perplexity is exp(loss).")


# ----------------------------------------------------------------------- exercise 2
def _drawn(probs, u):
    return EX2_CHARS[int(np.searchsorted(np.cumsum(probs), u, side="right"))]


@never_raises("one character (a string), such as 'e'")
def check_sampled_char(answer):
    """Exercise 2: the character at which the cumulative softmax(z / T) first exceeds u."""
    if answer is None:
        return pending("replace None with the character drawn (a string such as 'e').")
    if not isinstance(answer, str):
        return wrong(f"your answer should be one character in quotes, one of "
                     f"{', '.join(map(repr, EX2_CHARS))}; got {type(answer).__name__}.")
    if answer not in EX2_CHARS:
        return wrong(f"{shown(answer)} is not one of the candidates "
                     f"{', '.join(map(repr, EX2_CHARS))}.")
    z = np.array(EX2_LOGITS)
    p = softmax(z / EX2_TEMPERATURE)
    right = _drawn(p, EX2_U)
    if answer == right:
        cum = np.cumsum(p)
        return correct(f"the cumulative probabilities are {np.round(cum, 3)}, and u = {EX2_U} "
                       f"first falls below the one of {right!r}. At temperature 1 the same u "
                       f"would draw {_drawn(softmax(z), EX2_U)!r}.")
    if answer == _drawn(softmax(z), EX2_U):
        return wrong("that is the draw at temperature 1: divide the logits by the "
                     "temperature before the softmax.")
    if answer == _drawn(softmax(z * EX2_TEMPERATURE), EX2_U):
        return wrong("you multiplied the logits by the temperature; divide them by it.")
    if answer == EX2_CHARS[int(z.argmax())]:
        return wrong("that is the most probable character (temperature 0); with a "
                     "temperature of 0.5 there is still a draw: walk along the cumulative "
                     "probabilities until they exceed u.")
    return wrong("not this one: compute p = softmax(z / T), add the probabilities up in the "
                 "order given, and take the first character whose running total exceeds u.")


# ----------------------------------------------------------------------- exercise 3
@never_raises("one number, the loss in nats per character")
def check_bigram_loss(answer):
    """Exercise 3: the unsmoothed counting bigram model of EX3_NAMES, its mean -ln p there."""
    value, said = _number("loss", answer)
    if said is not None:
        return said
    names = list(EX3_NAMES)
    P = bigram_model(names, smoothing=0)
    right = bigram_loss(P, names)
    if _near(value, right):
        return correct(f"loss = {right:.4f} nats per character (perplexity "
                       f"{math.exp(right):.2f}), over the {sum(len(n) + 1 for n in names)} "
                       f"predictions, the end of each name included. Measured on the names it "
                       f"was counted from, this is the best a bigram can do there.")
    if _near(value, right / math.log(2)):
        return wrong("this looks like bits (log base 2); use the natural log, ln.")
    if _near(value, bigram_loss(bigram_model(names, smoothing=1), names)):
        return wrong("this is the model with 1 added to every count (smoothing); count "
                     "without it here.")
    if _near(value, math.exp(right)):
        return wrong("this is the perplexity; the exercise asks for the loss, ln of it.")
    V, vocab = 27, CharVocabulary()
    N = np.zeros((V, V))
    for n in names:  # without the boundary token
        s = vocab.encode(n)
        np.add.at(N, (s[:-1], s[1:]), 1)
    rows = N.sum(axis=1, keepdims=True)
    Q = np.divide(N, rows, out=np.zeros_like(N), where=rows > 0)
    pairs = [(a, b) for n in names for a, b in zip(vocab.encode(n)[:-1], vocab.encode(n)[1:])]
    if pairs and _near(value, -float(np.mean([math.log(Q[a, b]) for a, b in pairs]))):
        return wrong("every name starts after '.' and ends with '.': count those pairs too "
                     "(the first letter and the end are predictions as well).")
    return wrong(f"your loss {shown(value)} is not it: count the pairs (with '.' before and "
                 f"after each name), turn each row of counts into probabilities, and average "
                 f"-ln p over every pair.")
