"""The models with cell="lstm" and cell="gru": gradients, identities, and cell="rnn" unchanged."""

import numpy as np
import pytest
from helpers import B, D, H, K, T

from rnnlib.gradcheck import check_gradients
from rnnlib.gru import gru_forward, gru_init_params, gru_parameter_count
from rnnlib.lstm import lstm_forward, lstm_init_params, lstm_parameter_count
from rnnlib.models import CELLS, ManyToManyRNN, ManyToOneClassifier, init_params, parameter_count
from rnnlib.optim import Adam

V = 11
GATED = ["lstm", "gru"]
KEYS = {"rnn": {"W_x", "W_h", "b"}, "lstm": {"W_x", "W_h", "b"},
        "gru": {"W_x", "W_h", "b_x", "b_h"}}


def _batch(rng, lengths):
    lengths = np.asarray(lengths)
    tokens = rng.integers(2, V, size=(lengths.max(), len(lengths)))
    tokens[np.arange(lengths.max())[:, None] >= lengths[None, :]] = 0  # <pad>
    return tokens, lengths


def _shake(model, rng, scale=0.3):
    """Move every parameter away from its start, so that every gradient is exercised."""
    for k in model.params:
        model.params[k] += scale * rng.standard_normal(model.params[k].shape)


@pytest.mark.parametrize("cell", GATED)
def test_gated_classifier_gradients_match_finite_differences(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, cell=cell)
    _shake(model, rng)
    tokens, lengths = _batch(rng, [4, 2, 3])
    y = rng.integers(0, K, size=3)
    loss, grads = model.loss_and_grads(tokens, lengths, y)
    assert set(grads) == {"E", "W_o", "b_o"} | KEYS[cell]
    rep = check_gradients(lambda: model.loss_and_grads(tokens, lengths, y)[0], model.params,
                          grads)
    assert rep.ok and max(rep.errors.values()) <= 1e-7, str(rep)


@pytest.mark.parametrize("cell", GATED)
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_gated_many_to_many_gradients_match_finite_differences(rng, cell, loss):
    model = ManyToManyRNN(D, H, K, rng=rng, loss=loss, cell=cell)
    _shake(model, rng)
    x = rng.standard_normal((T, B, D))
    targets = (rng.standard_normal((T, B, K)) if loss == "mse"
               else rng.integers(0, K, size=(T, B)))
    mask = np.ones((T, B))
    mask[2:, 1] = 0
    value, grads = model.loss_and_grads(x, targets, mask)
    assert set(grads) == {"W_o", "b_o"} | KEYS[cell]
    rep = check_gradients(lambda: model.loss_and_grads(x, targets, mask)[0], model.params, grads)
    assert rep.ok and max(rep.errors.values()) <= 1e-7, str(rep)
    h0 = 0.5 * rng.standard_normal((B, H))
    value, grads, dh0 = model.loss_grads_and_dh0(x, targets, mask, h0=h0)
    rep = check_gradients(lambda: model.loss_and_grads(x, targets, mask, h0=h0)[0],
                          {"h0": h0}, {"h0": dh0})
    assert rep.ok and rep.errors["h0"] <= 1e-7, str(rep)


@pytest.mark.parametrize("cell", GATED)
def test_gated_many_to_many_with_tokens(rng, cell):
    model = ManyToManyRNN(D, H, K, rng=rng, loss="cross_entropy", vocab_size=V, cell=cell)
    _shake(model, rng)
    tokens, lengths = _batch(rng, [4, 2, 3])
    mask = (np.arange(4)[:, None] < lengths[None, :]).astype(float)
    y = rng.integers(0, K, size=(4, 3))
    value, grads = model.loss_and_grads(tokens, y, mask)
    rep = check_gradients(lambda: model.loss_and_grads(tokens, y, mask)[0], model.params, grads)
    assert rep.ok, str(rep)


@pytest.mark.parametrize("cell", GATED)
def test_gated_classifier_is_its_cell_and_output_layer(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, cell=cell)
    _shake(model, rng)
    tokens, lengths = _batch(rng, [4, 2, 3])
    logits, cache = model.forward(tokens, lengths)
    p = model.params
    x = p["E"][tokens]
    h0 = np.zeros((3, H))
    if cell == "lstm":
        h = lstm_forward(x, h0, h0, {k: p[k] for k in ("W_x", "W_h", "b")})[0]
    else:
        h = gru_forward(x, h0, {k: p[k] for k in ("W_x", "W_h", "b_x", "b_h")})[0]
    np.testing.assert_allclose(cache.h, h, rtol=1e-13, atol=1e-15)
    for b in range(3):
        np.testing.assert_allclose(logits[b], p["W_o"] @ h[lengths[b] - 1, b] + p["b_o"],
                                   rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cell", GATED)
def test_gated_padding_changes_nothing(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, cell=cell)
    _shake(model, rng)
    tokens, lengths = _batch(rng, [5, 2, 3])
    y = np.array([0, 2, 1])
    loss, grads = model.loss_and_grads(tokens, lengths, y)
    singles = [model.loss_and_grads(tokens[: lengths[i], [i]], lengths[[i]], y[[i]])
               for i in range(3)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], np.mean([s[1][k] for s in singles], axis=0),
                                   rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("cell", GATED)
def test_gated_classifier_overfits_a_tiny_batch(rng, cell):
    model = ManyToOneClassifier(V, 8, 16, 3, rng=rng, cell=cell)
    tokens, lengths = _batch(rng, [5, 3, 4, 2, 5, 1])
    y = np.array([0, 1, 2, 0, 1, 2])
    opt = Adam(lr=0.05)
    for _ in range(300):
        loss, grads = model.loss_and_grads(tokens, lengths, y)
        opt.step(model.params, grads)
    assert loss < 0.01
    np.testing.assert_array_equal(model.predict(tokens, lengths), y)


@pytest.mark.parametrize("cell", GATED)
def test_gated_initial_loss_is_near_log_k(rng, cell):
    model = ManyToOneClassifier(V, D, H, 3, rng=rng, cell=cell)
    tokens, lengths = _batch(rng, [4, 3, 2, 4] * 8)
    loss, _ = model.loss_and_grads(tokens, lengths, rng.integers(0, 3, size=32))
    assert abs(loss - np.log(3)) < 0.1


@pytest.mark.parametrize("cell", CELLS)
def test_parameter_count_matches_the_arrays(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, cell=cell)
    counts = parameter_count(D, H, K, V=V, cell=cell)
    assert {k: v.size for k, v in model.params.items()} == {k: counts[k] for k in model.params}
    assert counts["total"] == sum(v.size for v in model.params.values())


def test_gated_cells_cost_four_and_three_times_the_vanilla_cell():
    vanilla = H * D + H * H + H
    assert lstm_parameter_count(D, H)["total"] == 4 * vanilla
    gru = gru_parameter_count(D, H)
    assert gru["W_x"] + gru["W_h"] == 3 * (H * D + H * H) and gru["b_x"] + gru["b_h"] == 6 * H
    out = K * H + K + V * D
    assert parameter_count(D, H, K, V=V, cell="lstm")["total"] == 4 * vanilla + out
    assert parameter_count(D, H, K, V=V, cell="gru")["total"] == gru["total"] + out


def test_default_cell_is_the_vanilla_rnn_bit_for_bit():
    """cell="rnn" (the default) draws exactly what the models drew before the option existed."""
    a = ManyToOneClassifier(V, D, H, K, rng=np.random.default_rng(7))
    b = ManyToOneClassifier(V, D, H, K, rng=np.random.default_rng(7), cell="rnn")
    rng = np.random.default_rng(7)  # the historical order: W_x, W_h, W_o, then E
    W_x = rng.normal(0, 1 / np.sqrt(D), (H, D))
    W_h = rng.normal(0, 1 / np.sqrt(H), (H, H))
    W_o = rng.normal(0, 0.1 / np.sqrt(H), (K, H))
    E = rng.normal(0, 1, (V, D))
    for model in (a, b):
        assert model.cell == "rnn"
        assert list(model.params) == ["E", "W_x", "W_h", "b", "W_o", "b_o"]
        for k, v in {"W_x": W_x, "W_h": W_h, "W_o": W_o, "E": E}.items():
            np.testing.assert_array_equal(model.params[k], v)
    assert repr(a) == f"ManyToOneClassifier(V={V}, D={D}, H={H}, K={K}, activation='tanh')"


@pytest.mark.parametrize("cell", GATED)
def test_gated_init_draws_the_cell_as_its_module_does(cell):
    p = init_params(np.random.default_rng(3), D, H, K, V=V, cell=cell)
    rng = np.random.default_rng(3)
    cell_p = lstm_init_params(rng, D, H) if cell == "lstm" else gru_init_params(rng, D, H)
    for k, v in cell_p.items():
        np.testing.assert_array_equal(p[k], v)
    np.testing.assert_array_equal(p["W_o"], rng.normal(0, 0.1 / np.sqrt(H), (K, H)))
    if cell == "lstm":  # the forget gate's block starts at 1 (Gers et al. 2000)
        np.testing.assert_array_equal(p["b"][H:2 * H], 1.0)
        q = init_params(np.random.default_rng(3), D, H, K, cell="lstm", forget_bias=3.0)
        np.testing.assert_array_equal(q["b"], np.repeat([0.0, 3.0, 0.0, 0.0], H))


@pytest.mark.parametrize("cell", GATED)
def test_gated_models_work_in_float32(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, dtype=np.float32, cell=cell)
    tokens, lengths = _batch(rng, [4, 2])
    loss, grads = model.loss_and_grads(tokens, lengths, np.array([1, 2]))
    assert all(g.dtype == np.float32 for g in grads.values())
    assert model.predict_proba(tokens, lengths).dtype == np.float32
    assert repr(model).endswith(f"cell={cell!r})")


@pytest.mark.parametrize("kwargs, match", [
    ({"cell": "LSTM"}, r"cell must be one of 'rnn', 'lstm', 'gru'; got 'LSTM'"),
    ({"cell": None}, r"cell must be one of 'rnn', 'lstm', 'gru'; got None"),
    ({"cell": "lstm", "activation": "relu"}, r"activation must be 'tanh' for cell='lstm'"),
    ({"cell": "gru", "forget_bias": 1.0}, r"forget_bias is for cell='lstm' only"),
    ({"forget_bias": 1.0}, r"forget_bias is for cell='lstm' only"),
    ({"cell": "lstm", "forget_bias": float("nan")}, r"forget_bias must be a finite number"),
    ({"cell": "lstm", "forget_bias": "1"}, r"forget_bias must be a finite number"),
])
def test_models_refuse_bad_cells(rng, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ManyToOneClassifier(V, D, H, K, rng=rng, **kwargs)
    with pytest.raises(ValueError, match=match):
        ManyToManyRNN(D, H, K, rng=rng, **kwargs)


@pytest.mark.parametrize("cell", GATED)
def test_gated_models_refuse_truncation_by_name(rng, cell):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, cell=cell)
    tokens, lengths = _batch(rng, [4, 2])
    with pytest.raises(ValueError, match=r"truncate is available for cell='rnn' only"):
        model.loss_and_grads(tokens, lengths, np.array([0, 1]), truncate=2)
