"""The self-checks of notebook 07: right answers pass, placeholders wait, mistakes are named."""

import math

import numpy as np
import pytest

from rnnlib import bigram_loss, bigram_model, softmax
from rnnlib.exercises import nb07


def _out(capsys):
    return capsys.readouterr().out


def _ppl():
    return math.exp(-np.mean(np.log(nb07.EX1_PROBS)))


def test_check_perplexity_right_and_waiting(capsys):
    assert nb07.check_perplexity(_ppl()) is True
    assert _out(capsys).startswith("✅ Correct: perplexity = exp(1.264) = 3.54")
    assert nb07.check_perplexity(None) is False
    assert _out(capsys).startswith("⏳")


@pytest.mark.parametrize("slip, fragment", [
    (-np.mean(np.log(nb07.EX1_PROBS)), "loss in nats per character"),
    (-np.mean(np.log2(nb07.EX1_PROBS)), "loss in bits"),
    (math.exp(-np.mean(np.log(nb07.EX1_PROBS[:-1]))), "left out one probability"),
    (float(np.mean(1 / np.array(nb07.EX1_PROBS))), "mean of 1/p"),
    (math.exp(-np.sum(np.log(nb07.EX1_PROBS))), "a mean, not a sum"),
    (3.0, "is not it"),
    ("3.5", "should be one number"),
])
def test_check_perplexity_names_each_slip(capsys, slip, fragment):
    assert nb07.check_perplexity(slip) is False
    out = _out(capsys)
    assert out.startswith("❌") and fragment in out, out


def test_check_sampled_char(capsys):
    p = softmax(np.array(nb07.EX2_LOGITS) / nb07.EX2_TEMPERATURE)
    right = nb07.EX2_CHARS[int(np.searchsorted(np.cumsum(p), nb07.EX2_U, side="right"))]
    assert nb07.check_sampled_char(right) is True and _out(capsys).startswith("✅")
    for slip, fragment in (("n", "temperature 1"), ("a", "most probable"), ("e", "not this"),
                           ("q", "not one of"), (3, "one character"), (None, "⏳")):
        assert nb07.check_sampled_char(slip) is False
        assert fragment in _out(capsys)


def test_check_bigram_loss(capsys):
    names = list(nb07.EX3_NAMES)
    right = bigram_loss(bigram_model(names, smoothing=0), names)
    assert nb07.check_bigram_loss(right) is True
    assert _out(capsys).startswith("✅ Correct: loss = 0.7688 nats per character")
    for slip, fragment in ((right / math.log(2), "bits"), (math.exp(right), "perplexity"),
                           (bigram_loss(bigram_model(names), names), "smoothing"),
                           (float("nan"), "finite"), (None, "⏳")):
        assert nb07.check_bigram_loss(slip) is False
        assert fragment in _out(capsys)


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
