"""The character language model: data, baseline, gradients, identities, sampling, streams."""

import math
import re
import zlib

import numpy as np
import pytest

from rnnlib.charlm import (
    CharLM,
    CharVocabulary,
    bigram_loss,
    bigram_model,
    encode_names,
    fit_names,
    fit_stream,
    load_names,
    stream_chunks,
)
from rnnlib.gradcheck import check_gradients
from rnnlib.optim import SGD, Adam

NAMES = ["emma", "ava", "zoe", "li", "maximilian", "x"]
CELLS = ["rnn", "gru", "lstm"]


def _shake(model, rng, scale=0.3):
    for k in model.params:
        model.params[k] += scale * rng.standard_normal(model.params[k].shape)


# ----------------------------------------------------------------------------- the data
def test_the_names_ship_with_the_package_lower_case_and_distinct():
    names = load_names("all")
    assert len(names) == 29910
    assert len(set(names)) == len(names)
    assert all(re.fullmatch("[a-z]+", n) for n in names)
    assert names[:3] == ["emma", "liam", "olivia"]  # most common first


def test_the_split_is_a_fixed_rule_of_the_name_and_covers_everything_once():
    parts = {s: load_names(s) for s in ("train", "validation", "test")}
    assert sum(map(len, parts.values())) == 29910
    assert set().union(*map(set, parts.values())) == set(load_names("all"))
    assert [len(parts[s]) for s in ("train", "validation", "test")] == [23843, 3031, 3036]
    for split, want in (("test", 0), ("validation", 1)):
        assert all(zlib.crc32(n.encode()) % 10 == want for n in parts[split])


def test_vocabulary_round_trip_and_boundary():
    v = CharVocabulary()
    assert len(v) == 27 and v.itos[0] == "." and v.encode("abz") == [1, 2, 26]
    assert v.decode([5, 13, 13, 1, 0, 3]) == "emma"


def test_encode_names_shifts_targets_by_one_and_masks_padding():
    inputs, targets, mask = encode_names(["emma", "li"])
    v = CharVocabulary()
    assert inputs.shape == targets.shape == mask.shape == (5, 2)
    assert v.decode(inputs[1:, 0]) == "emma" and inputs[0, 0] == 0
    assert v.decode(targets[:, 0]) == "emma" and targets[4, 0] == 0
    assert mask[:, 1].tolist() == [1, 1, 1, 0, 0]
    assert np.array_equal(inputs[1:3, 1], targets[0:2, 1])


# -------------------------------------------------------------------------- the baseline
def test_bigram_rows_are_distributions_and_counting_matches_by_hand():
    P = bigram_model(["ab", "b"], smoothing=0)
    assert np.allclose(P.sum(axis=1), 1)
    assert P[0, 1] == 0.5 and P[0, 2] == 0.5   # "." -> a once, "." -> b once
    assert P[1, 2] == 1.0 and P[2, 0] == 1.0   # a -> b, b -> "."
    # loss by hand: -(ln .5 + ln 1 + ln 1 + ln .5 + ln 1) / 5
    assert math.isclose(bigram_loss(P, ["ab", "b"]), 2 * math.log(2) / 5, rel_tol=1e-12)


def test_uniform_bigram_has_loss_ln_V():
    assert math.isclose(bigram_loss(np.full((27, 27), 1 / 27), NAMES), math.log(27),
                        rel_tol=1e-12)


# ------------------------------------------------------------------------------ the model
@pytest.mark.parametrize("cell", CELLS)
def test_charlm_gradients_match_finite_differences(rng, cell):
    model = CharLM(5, 6, rng=rng, cell=cell)
    _shake(model, rng)
    inputs, targets, mask = encode_names(NAMES[:3])
    loss, grads = model.loss_and_grads(inputs, targets, mask)
    assert set(grads) == set(model.params)
    rep = check_gradients(lambda: model.loss_and_grads(inputs, targets, mask)[0],
                          model.params, grads)
    assert rep.ok and max(rep.errors.values()) <= 1e-7, str(rep)


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_gradients_with_a_carried_state_and_truncation(rng, cell):
    model = CharLM(5, 6, rng=rng, cell=cell)
    _shake(model, rng)
    chunks = stream_chunks(NAMES, 2, 4)
    (x, y) = chunks[0]
    h0 = 0.5 * rng.standard_normal((2, 6))
    loss, grads, hT = model.loss_grads_and_state(x, y, h0=h0)
    assert hT.shape == (2, 6)
    rep = check_gradients(lambda: model.loss_and_grads(x, y, h0=h0)[0], model.params, grads)
    assert rep.ok, str(rep)
    if cell == "rnn":  # truncate=k changes the gradient but not the loss
        l2, g2 = model.loss_and_grads(x, y, h0=h0, truncate=2)
        assert l2 == loss and not np.allclose(g2["W_h"], grads["W_h"])


def test_the_returned_state_is_the_state_that_continues_the_stream(rng):
    model = CharLM(4, 5, rng=rng)
    _shake(model, rng)
    (x1, y1), (x2, y2) = stream_chunks(NAMES, 2, 3)[:2]
    _, _, h = model.loss_grads_and_state(x1, y1)
    l_chunks = model.loss_and_grads(x2, y2, h0=h)[0]
    x, y = np.concatenate([x1, x2]), np.concatenate([y1, y2])
    out, _ = model.net.forward(x)
    from rnnlib.layers import softmax_cross_entropy
    l_whole = softmax_cross_entropy(out[3:], y[3:])[0]
    assert math.isclose(l_chunks, l_whole, rel_tol=1e-12)


def test_stream_rows_continue_from_chunk_to_chunk():
    chunks = stream_chunks(NAMES, 2, 3)
    for (x1, y1), (x2, _) in zip(chunks, chunks[1:]):
        assert np.array_equal(y1[-1], x2[0])
        assert np.array_equal(x1[1:], y1[:-1])


@pytest.mark.parametrize("cell", CELLS)
def test_initial_loss_is_near_ln_V(cell):
    model = CharLM(8, 16, rng=np.random.default_rng(0), cell=cell)
    assert abs(model.loss(load_names("validation")[:200]) - math.log(27)) < 0.05


def test_loss_of_names_equals_the_masked_training_loss_and_perplexity_is_its_exp(rng):
    model = CharLM(4, 5, rng=rng)
    _shake(model, rng)
    inputs, targets, mask = encode_names(NAMES)
    want = model.loss_and_grads(inputs, targets, mask)[0]
    assert math.isclose(model.loss(NAMES, batch_size=4), want, rel_tol=1e-12)
    assert math.isclose(model.perplexity(NAMES), math.exp(want), rel_tol=1e-12)


def test_padding_changes_neither_loss_nor_gradients(rng):
    model = CharLM(4, 5, rng=rng)
    _shake(model, rng)
    a = model.loss_and_grads(*encode_names(["ava", "li"]))
    b = model.loss_and_grads(*encode_names(["ava", "li", "maximilian"]))
    inputs, targets, mask = encode_names(["ava", "li", "maximilian"])
    mask[:, 2] = 0
    c = model.loss_and_grads(inputs, targets, mask)
    assert math.isclose(a[0], c[0], rel_tol=1e-12) and a[0] != b[0]
    assert all(np.allclose(a[1][k], c[1][k], rtol=1e-12, atol=1e-15) for k in a[1])


def test_next_char_probabilities_match_the_sequence_model(rng):
    model = CharLM(4, 5, rng=rng)
    _shake(model, rng)
    probs, h = model.next_char_probabilities("emma")
    assert probs.shape == (5, 27) and h.shape == (5, 5)
    assert np.allclose(probs.sum(axis=1), 1)
    inputs, _, _ = encode_names(["emma"])
    ref = model.net.predict_proba(inputs)[:, 0]
    assert np.allclose(probs, ref, rtol=1e-12, atol=1e-15)


# ----------------------------------------------------------------------------- sampling
@pytest.mark.parametrize("cell", CELLS)
def test_sampling_is_determined_by_the_rng_and_respects_the_prefix(rng, cell):
    model = CharLM(4, 8, rng=rng, cell=cell)
    _shake(model, rng)
    a = model.sample(20, 1.0, rng=np.random.default_rng(3), prefix="an")
    b = model.sample(20, 1.0, rng=np.random.default_rng(3), prefix="an")
    assert a == b and len(a) == 20
    assert all(s.startswith("an") and re.fullmatch("[a-z]*", s) and len(s) <= 30 for s in a)
    assert a != model.sample(20, 1.0, rng=np.random.default_rng(4), prefix="an")


def test_temperature_limits(rng):
    model = CharLM(4, 8, rng=rng)
    _shake(model, rng, 1.0)
    greedy = model.sample(5, 0, rng=np.random.default_rng(0))
    assert len(set(greedy)) == 1  # no randomness at temperature 0
    assert model.sample(5, 1e-6, rng=np.random.default_rng(1)) == greedy
    # a huge temperature: every character equally likely, whatever the model says
    hot = model.sample(400, 1e6, rng=np.random.default_rng(2), max_length=5)
    letters = "".join(hot)
    counts = np.array([letters.count(c) for c in "abcdefghijklmnopqrstuvwxyz"])
    assert counts.min() > 0.5 * counts.mean()
    # the length of a name is geometric: each step ends it with probability 1/27
    assert abs(np.mean([len(s) for s in hot]) - sum((26 / 27) ** t for t in range(1, 6))) < 0.3


def test_sampling_follows_the_model_distribution(rng):
    """At temperature 1 the first letter's frequencies match p(. -> c)."""
    model = CharLM(4, 8, rng=rng)
    _shake(model, rng, 1.0)
    p = model.next_char_probabilities("")[0][0]
    first = [s[:1] or "." for s in model.sample(20000, 1.0, rng=np.random.default_rng(5))]
    freq = np.array([first.count(c) for c in CharVocabulary().itos]) / len(first)
    assert np.abs(freq - p).max() < 0.02


# ----------------------------------------------------------------------------- training
def test_fit_names_lowers_the_loss_and_logs_every_step():
    model = CharLM(8, 16, rng=np.random.default_rng(0))
    names = load_names("train")[:600]
    hist = fit_names(model, names, Adam(0.02), epochs=2, batch_size=50,
                     rng=np.random.default_rng(0), validation=load_names("validation")[:100])
    assert len(hist["batch_loss"]) == 24 and len(hist["train"]) == len(hist["validation"]) == 2
    assert hist["train"][-1] < math.log(27) - 0.5


def test_fit_stream_carry_and_reset_start_from_the_same_place():
    chunks = stream_chunks(load_names("train")[:300], 4, 10)
    a = CharLM(8, 16, rng=np.random.default_rng(0))
    b = CharLM(8, 16, rng=np.random.default_rng(0))
    la = fit_stream(a, chunks, SGD(0.5), carry=True)
    lb = fit_stream(b, chunks, SGD(0.5), carry=False)
    assert len(la) == len(chunks) and la[0] == lb[0] and la[1] != lb[1]
    assert np.mean(la[-10:]) < la[0]


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, fragment", [
    (lambda m: m.sample(0, rng=np.random.default_rng(0)), "n must be a positive integer"),
    (lambda m: m.sample(3, -1.0, rng=np.random.default_rng(0)), "temperature must be a finite"),
    (lambda m: m.sample(3, 1.0, rng=0), "rng must be"),
    (lambda m: m.sample(3, rng=np.random.default_rng(0), prefix="Ann"), "prefix must hold only"),
    (lambda m: m.loss_and_grads(np.zeros((3, 2), int), np.zeros((3, 3), int)),
     "targets must have shape (T, B) = (3, 2); got shape (3, 3)"),
    (lambda m: m.loss_and_grads(np.full((3, 2), 27), np.zeros((3, 2), int)), "inputs"),
    (lambda m: m.loss(["ok", "Not"]), "names[1] must hold only"),
    (lambda m: m.loss("emma"), "names must be a non-empty list"),
    (lambda m: m.next_char_probabilities(3), "name must be a string"),
])
def test_bad_input_names_the_argument(rng, call, fragment):
    model = CharLM(4, 5, rng=rng)
    with pytest.raises(ValueError) as err:
        call(model)
    assert fragment in str(err.value), str(err.value)


def test_bad_input_to_the_functions():
    with pytest.raises(ValueError, match="split must be one of"):
        load_names("dev")
    with pytest.raises(ValueError, match=r"P must have shape \(V, V\) = \(27, 27\)"):
        bigram_loss(np.ones((26, 27)), NAMES)
    with pytest.raises(ValueError, match="k must be at most"):
        stream_chunks(NAMES, 2, 100)
    with pytest.raises(ValueError, match="model must have cell='rnn' or 'gru'"):
        fit_stream(CharLM(4, 5, rng=np.random.default_rng(0), cell="lstm"),
                   stream_chunks(NAMES, 2, 3), SGD(0.1))
    with pytest.raises(ValueError, match="h0 is for cell='rnn' or 'gru'"):
        CharLM(4, 5, rng=np.random.default_rng(0), cell="lstm").loss_and_grads(
            np.zeros((3, 2), int), np.zeros((3, 2), int), h0=np.zeros((2, 5)))


def test_the_embedding_gradient_as_a_product_equals_embedding_backward(rng):
    from rnnlib.charlm import _embedding_grad
    from rnnlib.layers import embedding_backward, embedding_forward
    tokens = rng.integers(0, 27, (5, 4))
    _, cache = embedding_forward(tokens, rng.standard_normal((27, 3)))
    dx = rng.standard_normal((5, 4, 3))
    assert np.allclose(_embedding_grad(dx, cache), embedding_backward(dx, cache),
                       rtol=1e-12, atol=1e-14)
