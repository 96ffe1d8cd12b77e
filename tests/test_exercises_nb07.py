"""The self-checks of notebook 07 beyond what every declared answer is tested for
(tests/test_exercises.py): the right answers are rnnlib's, the success lines quote them, and
the messages written from the learner's value."""

import math

import numpy as np
import pytest

from rnnlib import bigram_loss, bigram_model, softmax
from rnnlib.exercises import nb07


def _out(capsys):
    return capsys.readouterr().out


def test_the_right_answers_are_rnnlibs(capsys):
    names = list(nb07.EX3_NAMES)
    assert nb07.perplexity_answer().expected == math.exp(-np.mean(np.log(nb07.EX1_PROBS)))
    assert nb07.bigram_loss_answer().expected == bigram_loss(bigram_model(names, smoothing=0),
                                                             names)
    p = softmax(np.array(nb07.EX2_LOGITS) / nb07.EX2_TEMPERATURE)
    assert nb07.sampled_char_answer().expected == nb07.EX2_CHARS[
        int(np.searchsorted(np.cumsum(p), nb07.EX2_U, side="right"))]


@pytest.mark.parametrize("check, answer, start", [
    (nb07.check_perplexity, math.exp(-np.mean(np.log(nb07.EX1_PROBS))),
     "✅ Correct: perplexity = exp(1.264) = 3.54"),
    (nb07.check_bigram_loss, 0.76879, "✅ Correct: loss = 0.7688 nats per character"),
    (nb07.check_perplexity, 3.0, "❌ your perplexity 3.0 is not it"),
    (nb07.check_perplexity, "3.5", "❌ your perplexity should be one finite number"),
    (nb07.check_bigram_loss, float("nan"), "❌ your loss should be one finite number"),
    (nb07.check_sampled_char, "q", "❌ 'q' is not one of '.', 'a', 'e', 'i', 'n'"),
    (nb07.check_sampled_char, 3, "❌ your character should be a string"),
])
def test_what_a_check_says(capsys, check, answer, start):
    assert check(answer) is start.startswith("✅")
    assert _out(capsys).startswith(start)


def test_check_bigram_loss_names_the_missing_boundary(capsys):
    # the pairs inside the names only: a -> n, n -> n, n -> a, a -> v, v -> a, b -> o, o -> b
    pairs = {("a", "n"): 2, ("n", "n"): 2, ("n", "a"): 1, ("a", "v"): 1, ("v", "a"): 1,
             ("b", "o"): 1, ("o", "b"): 1}
    rows = {}
    for (a, _), c in pairs.items():
        rows[a] = rows.get(a, 0) + c
    loss = -sum(c * math.log(c / rows[a]) for (a, _), c in pairs.items()) / sum(pairs.values())
    assert nb07.check_bigram_loss(loss) is False
    assert "'.'" in _out(capsys)
