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

import numpy as np

from ..charlm import CharVocabulary, bigram_loss, bigram_model
from ..layers import softmax
from . import Answer, judge, never_raises, shown

__all__ = ["EX1_PROBS", "EX2_CHARS", "EX2_LOGITS", "EX2_TEMPERATURE", "EX2_U", "EX3_NAMES",
           "perplexity_answer", "sampled_char_answer", "bigram_loss_answer",
           "check_perplexity", "check_sampled_char", "check_bigram_loss"]

# p(e | .), p(m | .e), p(m | .em), p(a | .emm), p(. | .emma): the 5 predictions of "emma."
EX1_PROBS = (0.05, 0.30, 0.40, 0.60, 0.50)
EX2_CHARS = (".", "a", "e", "i", "n")
EX2_LOGITS = (0.2, 2.0, 1.2, 0.5, 1.4)
EX2_TEMPERATURE = 0.5
EX2_U = 0.8
EX3_NAMES = ("ann", "anna", "ava", "bob")


# ----------------------------------------------------------------------- exercise 1
def perplexity_answer():
    """Exercise 1 declared: exp(mean of -ln p) over the five probabilities of EX1_PROBS."""
    p = np.array(EX1_PROBS)
    nll = -np.log(p)
    right = math.exp(nll.mean())
    return Answer(
        "perplexity", right, kind="number", mistakes=(
            (nll.mean(), "this is the loss in nats per character; perplexity is e to that power."),
            (-np.log2(p).mean(), "this is the loss in bits (log base 2); the perplexity is 2 to "
                                 "that power (the same number as e to the mean of -ln p)."),
            (math.exp(nll[:-1].mean()), "you left out one probability: the end of the name is "
                                        "predicted too."),
            (float(np.mean(1 / p)), "the mean of 1/p is not it: average the log-probabilities "
                                    "first, then take exp."),
            *[(v, "average -ln p over the characters (a mean, not a sum, of the logs), then "
                  "take exp.") for v in (float(1 / p.mean()), math.exp(nll.sum()))]),
        hint=lambda v: (f"your perplexity {shown(v)} is not it: the loss is the mean of -ln p "
                        f"over the 5 predictions; the perplexity is exp(loss)."),
        waiting="replace None with your perplexity (one number).",
        success=f"perplexity = exp({nll.mean():.3f}) = {right:.2f}: the model is as unsure as "
                f"a fair choice among about {right:.1f} characters at each step (a uniform "
                f"model over 27 characters has perplexity 27).")


@never_raises("one number, the perplexity")
def check_perplexity(answer):
    """Exercise 1: exp(mean of -ln p) over the five probabilities of EX1_PROBS."""
    return judge(perplexity_answer(), answer)


# ----------------------------------------------------------------------- exercise 2
def _drawn(probs, u):
    return EX2_CHARS[int(np.searchsorted(np.cumsum(probs), u, side="right"))]


def sampled_char_answer():
    """Exercise 2 declared: the character at which the cumulative softmax(z / T) first
    exceeds u."""
    z = np.array(EX2_LOGITS)
    p = softmax(z / EX2_TEMPERATURE)
    right, at_one = _drawn(p, EX2_U), _drawn(softmax(z), EX2_U)
    return Answer(
        "character", right, kind="choice", choices=EX2_CHARS, mistakes=(
            (at_one, "that is the draw at temperature 1: divide the logits by the temperature "
                     "before the softmax."),
            (EX2_CHARS[int(z.argmax())],
             "that is the most probable character (temperature 0); with a temperature of 0.5 "
             "there is still a draw: walk along the cumulative probabilities until they exceed "
             "u.")),
        hint="not this one: compute p = softmax(z / T), add the probabilities up in the order "
             "given, and take the first character whose running total exceeds u.",
        waiting="replace None with the character drawn (a string such as 'e').",
        success=f"the cumulative probabilities are {np.round(np.cumsum(p), 3)}, and u = {EX2_U} "
                f"first falls below the one of {right!r}. At temperature 1 the same u would "
                f"draw {at_one!r}.")


@never_raises("one character (a string), such as 'e'")
def check_sampled_char(answer):
    """Exercise 2: the character at which the cumulative softmax(z / T) first exceeds u."""
    return judge(sampled_char_answer(), answer)


# ----------------------------------------------------------------------- exercise 3
def _loss_without_boundaries(names):
    """The slip of exercise 3: the pairs inside the names only, no '.' before or after."""
    vocab = CharVocabulary()
    N = np.zeros((27, 27))
    pairs = [(a, b) for n in names for a, b in zip(vocab.encode(n)[:-1], vocab.encode(n)[1:])]
    for a, b in pairs:
        N[a, b] += 1
    rows = N.sum(axis=1, keepdims=True)
    Q = np.divide(N, rows, out=np.zeros_like(N), where=rows > 0)
    return -float(np.mean([math.log(Q[a, b]) for a, b in pairs])) if pairs else math.nan


def bigram_loss_answer():
    """Exercise 3 declared: the unsmoothed counting bigram model of EX3_NAMES, its mean
    -ln p there (nats per character)."""
    names = list(EX3_NAMES)
    right = bigram_loss(bigram_model(names, smoothing=0), names)
    return Answer(
        "loss", right, kind="number", mistakes=(
            (right / math.log(2), "this looks like bits (log base 2); use the natural log, ln."),
            (bigram_loss(bigram_model(names, smoothing=1), names),
             "this is the model with 1 added to every count (smoothing); count without it here."),
            (math.exp(right), "this is the perplexity; the exercise asks for the loss, ln of it."),
            (_loss_without_boundaries(names),
             "every name starts after '.' and ends with '.': count those pairs too (the first "
             "letter and the end are predictions as well).")),
        hint=lambda v: (f"your loss {shown(v)} is not it: count the pairs (with '.' before and "
                        f"after each name), turn each row of counts into probabilities, and "
                        f"average -ln p over every pair."),
        waiting="replace None with your loss (one number).",
        success=f"loss = {right:.4f} nats per character (perplexity {math.exp(right):.2f}), "
                f"over the {sum(len(n) + 1 for n in names)} predictions, the end of each name "
                f"included. Measured on the names it was counted from, this is the best a "
                f"bigram can do there.")


@never_raises("one number, the loss in nats per character")
def check_bigram_loss(answer):
    """Exercise 3: the unsmoothed counting bigram model of EX3_NAMES, its mean -ln p there."""
    return judge(bigram_loss_answer(), answer)
