import numpy as np
import pytest
from helpers import B, D, H, K, T

from rnnlib.gradcheck import check_gradients
from rnnlib.models import ManyToManyRNN, ManyToOneClassifier, parameter_count

V = 11
TOL = 1e-7


def _batch(rng, lengths):
    lengths = np.asarray(lengths)
    tokens = rng.integers(2, V, size=(lengths.max(), len(lengths)))
    tokens[np.arange(lengths.max())[:, None] >= lengths[None, :]] = 0  # <pad>
    return tokens, lengths


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_classifier_gradients_match_finite_differences(rng, activation):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, activation=activation)
    for k in model.params:  # move away from the initial zeros so every gradient is exercised
        model.params[k] += 0.3 * rng.standard_normal(model.params[k].shape)
    tokens, lengths = _batch(rng, [4, 2, 3])
    y = rng.integers(0, K, size=3)
    loss, grads = model.loss_and_grads(tokens, lengths, y)
    assert set(grads) == {"E", "W_x", "W_h", "b", "W_o", "b_o"}
    rep = check_gradients(lambda: model.loss_and_grads(tokens, lengths, y)[0], model.params, grads)
    assert rep.ok, str(rep)


def test_classifier_reads_the_last_real_hidden_state(rng):
    model = ManyToOneClassifier(V, D, H, K, rng=rng)
    tokens, lengths = _batch(rng, [4, 2])
    logits, cache = model.forward(tokens, lengths)
    h = cache.h
    np.testing.assert_allclose(logits[1], model.params["W_o"] @ h[1, 1] + model.params["b_o"])


def test_padding_changes_nothing(rng):
    model = ManyToOneClassifier(V, D, H, K, rng=rng)
    for k in model.params:
        model.params[k] += 0.3 * rng.standard_normal(model.params[k].shape)
    tokens, lengths = _batch(rng, [5, 2, 3])
    y = np.array([0, 2, 1])
    loss, grads = model.loss_and_grads(tokens, lengths, y)
    singles = [model.loss_and_grads(tokens[: lengths[i], [i]], lengths[[i]], y[[i]])
               for i in range(3)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], np.mean([s[1][k] for s in singles], axis=0),
                                   rtol=1e-10, atol=1e-13)
    probs = model.predict_proba(tokens, lengths)
    for i in range(3):
        np.testing.assert_allclose(probs[i], model.predict_proba(tokens[: lengths[i], [i]],
                                                                 lengths[[i]])[0], rtol=1e-12)


def test_classifier_overfits_a_tiny_batch(rng):
    from rnnlib.optim import Adam

    model = ManyToOneClassifier(V, 8, 16, 3, rng=rng)
    tokens, lengths = _batch(rng, [5, 3, 4, 2, 5, 1])
    y = np.array([0, 1, 2, 0, 1, 2])
    opt = Adam(lr=0.05)
    for _ in range(300):
        loss, grads = model.loss_and_grads(tokens, lengths, y)
        opt.step(model.params, grads)
    assert loss < 0.01
    np.testing.assert_array_equal(model.predict(tokens, lengths), y)


def test_classifier_initial_loss_is_near_log_k(rng):
    model = ManyToOneClassifier(V, D, H, 3, rng=rng)
    tokens, lengths = _batch(rng, [4, 3, 2, 4] * 8)
    loss, _ = model.loss_and_grads(tokens, lengths, rng.integers(0, 3, size=32))
    assert abs(loss - np.log(3)) < 0.1


def test_classifier_rejects_bad_input(rng):
    model = ManyToOneClassifier(V, D, H, K, rng=rng)
    tokens, lengths = _batch(rng, [4, 2])
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, T\] = \[1, 4\]; got 5"):
        model.forward(tokens, np.array([5, 2]))
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, T\] = \[1, 4\]; got 0"):
        model.forward(tokens, np.array([0, 2]))
    with pytest.raises(ValueError, match=r"lengths must have shape \(B,\) = \(2,\); got shape \(3,\)"):
        model.forward(tokens, np.array([4, 2, 1]))
    with pytest.raises(ValueError, match=r"tokens must hold token ids in \[0, V\) = \[0, 11\); got 11"):
        model.forward(np.full((4, 2), V), lengths)
    with pytest.raises(ValueError, match=r"tokens .*T >= 1.*empty"):
        model.forward(np.zeros((0, 2), dtype=int), lengths)
    with pytest.raises(ValueError, match=r"y must hold class ids in \[0, K\) = \[0, 7\); got 7"):
        model.loss_and_grads(tokens, lengths, np.array([0, 7]))
    with pytest.raises(ValueError, match=r"activation must be one of"):
        ManyToOneClassifier(V, D, H, K, rng=rng, activation="sigmoid")


def test_classifier_works_in_float32(rng):
    model = ManyToOneClassifier(V, D, H, K, rng=rng, dtype=np.float32)
    tokens, lengths = _batch(rng, [4, 2])
    loss, grads = model.loss_and_grads(tokens, lengths, np.array([1, 2]))
    assert all(g.dtype == np.float32 for g in grads.values())
    assert model.predict_proba(tokens, lengths).dtype == np.float32


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_many_to_many_gradients_match_finite_differences(rng, loss):
    model = ManyToManyRNN(D, H, K, rng=rng, loss=loss)
    for k in model.params:
        model.params[k] += 0.3 * rng.standard_normal(model.params[k].shape)
    x = rng.standard_normal((T, B, D))
    targets = (rng.standard_normal((T, B, K)) if loss == "mse"
               else rng.integers(0, K, size=(T, B)))
    mask = np.ones((T, B))
    mask[2:, 1] = 0
    value, grads = model.loss_and_grads(x, targets, mask)
    assert set(grads) == {"W_x", "W_h", "b", "W_o", "b_o"}
    rep = check_gradients(lambda: model.loss_and_grads(x, targets, mask)[0], model.params, grads)
    assert rep.ok, str(rep)
    # the initial hidden state's gradient is checked too
    h0 = 0.5 * rng.standard_normal((B, H))
    value, grads, dh0 = model.loss_grads_and_dh0(x, targets, mask, h0=h0)
    rep = check_gradients(lambda: model.loss_and_grads(x, targets, mask, h0=h0)[0],
                          {"h0": h0}, {"h0": dh0})
    assert rep.ok, str(rep)


def test_many_to_many_with_tokens_and_embeddings(rng):
    model = ManyToManyRNN(D, H, K, rng=rng, loss="cross_entropy", vocab_size=V)
    for k in model.params:
        model.params[k] += 0.3 * rng.standard_normal(model.params[k].shape)
    tokens, lengths = _batch(rng, [4, 2, 3])
    mask = (np.arange(4)[:, None] < lengths[None, :]).astype(float)
    y = rng.integers(0, K, size=(4, 3))
    value, grads = model.loss_and_grads(tokens, y, mask)
    assert "E" in grads
    rep = check_gradients(lambda: model.loss_and_grads(tokens, y, mask)[0], model.params, grads)
    assert rep.ok, str(rep)


def test_many_to_many_predict_shapes(rng):
    model = ManyToManyRNN(D, H, K, rng=rng, loss="mse")
    assert model.predict(rng.standard_normal((T, B, D))).shape == (T, B, K)
    clf = ManyToManyRNN(D, H, K, rng=rng, loss="cross_entropy")
    p = clf.predict_proba(rng.standard_normal((T, B, D)))
    assert p.shape == (T, B, K)
    np.testing.assert_allclose(p.sum(-1), 1.0)
    with pytest.raises(ValueError, match=r"loss must be one of 'mse', 'cross_entropy'; got 'l1'"):
        ManyToManyRNN(D, H, K, rng=rng, loss="l1")
    with pytest.raises(ValueError, match=r"targets must have shape \(T, B, K\) = \(4, 3, 7\)"):
        model.loss_and_grads(rng.standard_normal((T, B, D)), np.zeros((T, B, K + 1)))


def test_models_need_an_explicit_generator():
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        ManyToOneClassifier(V, D, H, K, rng=0)


def test_parameter_count_matches_the_arrays(rng):
    model = ManyToOneClassifier(V, D, H, K, rng=rng)
    counts = parameter_count(D, H, K, V=V)
    assert {k: v.size for k, v in model.params.items()} == {k: counts[k] for k in model.params}
    assert counts["total"] == sum(v.size for v in model.params.values())
    # the lecture's sizes: D = 4, H = 8, K = 3 -> 32 + 64 + 8 + 24 + 3
    assert parameter_count(4, 8, 3)["total"] == 131
