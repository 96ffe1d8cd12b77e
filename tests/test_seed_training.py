"""Training one tanh classifier per seed at once: the same loss, gradients and training as
ManyToOneClassifier and fit_classifier one seed at a time; inputs refused by name."""

import numpy as np
import pytest

from rnnlib.gradcheck import numerical_gradient, relative_error
from rnnlib.models import ManyToOneClassifier
from rnnlib.optim import Adam
from rnnlib.seed_training import (
    batched_accuracy,
    batched_forward,
    batched_loss_and_grads,
    stack_params,
    train_seeds,
)
from rnnlib.train import fit_classifier

V, D, H, K = 12, 5, 6, 3
T, S, B = 7, 2, 4


def _nets(seed=0, sizes=(V, V)):
    rng = np.random.default_rng(seed)
    return [ManyToOneClassifier(v, D, H, K, rng=rng) for v in sizes]


def _batch(seed=1):
    rng = np.random.default_rng(seed)
    return rng.integers(0, V, (T, S, B)), rng.integers(0, K, (S, B))


def test_stack_params_stacks_on_a_seed_axis_and_pads_the_smaller_vocabularies():
    nets = _nets(sizes=(V, V - 3))
    p = stack_params(nets)
    assert p["E"].shape == (2, V, D) and p["W_h"].shape == (2, H, H) and p["b_o"].shape == (2, K)
    assert np.array_equal(p["E"][1, :V - 3], nets[1].params["E"])
    assert np.all(p["E"][1, V - 3:] == 0)
    for k in ("W_x", "W_h", "b", "W_o", "b_o"):
        assert all(np.array_equal(p[k][s], nets[s].params[k]) for s in range(2))


def test_batched_loss_and_gradients_equal_each_models_own():
    nets = _nets()
    tokens, y = _batch()
    losses, grads = batched_loss_and_grads(stack_params(nets), tokens, y)
    assert losses.shape == (S,) and set(grads) == set(nets[0].params)
    for s, net in enumerate(nets):
        loss_s, grads_s = net.loss_and_grads(tokens[:, s], None, y[s])
        assert losses[s] == pytest.approx(loss_s, rel=1e-12)
        for k in grads_s:
            np.testing.assert_allclose(grads[k][s], grads_s[k], rtol=1e-10, atol=1e-14)
    logits = batched_forward(stack_params(nets), tokens)[0]
    np.testing.assert_allclose(logits[1], nets[1].forward(tokens[:, 1])[0], rtol=1e-12)


def test_batched_gradients_match_finite_differences():
    p = stack_params(_nets(seed=3))
    tokens, y = _batch(seed=4)
    _, grads = batched_loss_and_grads(p, tokens, y)
    for k in p:
        numeric = numerical_gradient(lambda: batched_loss_and_grads(p, tokens, y)[0].sum(), p[k])
        assert relative_error(grads[k], numeric) < 1e-6, k


def _run(seed, N=64, M=32, T_run=5):
    """A toy run: random sentences of T_run words, the label set by the first word."""
    rng = np.random.default_rng(seed)
    X, X_test = rng.integers(1, V, (N, T_run)), rng.integers(1, V, (M, T_run))
    return X, X[:, 0] % 2, X_test, X_test[:, 0] % 2, V, rng.bit_generator.state


@pytest.mark.parametrize("orthogonal_start", [False, True])
def test_train_seeds_trains_each_seed_as_fit_classifier_would(orthogonal_start):
    seeds = [3, 5]
    runs = [_run(seed) for seed in seeds]
    train_acc, test_acc = train_seeds(runs, seeds, 2, H=H, D=D, epochs=3,
                                      orthogonal_start=orthogonal_start)
    assert train_acc.shape == test_acc.shape == (2,)
    for s, (seed, (X, y, X_test, y_test, _, state)) in enumerate(zip(seeds, runs)):
        rng = np.random.default_rng(seed)
        rng.bit_generator.state = state
        net = ManyToOneClassifier(V, D, H, 2, rng=rng)
        if orthogonal_start:
            from rnnlib.dynamics import orthogonal
            net.params["W_h"] = orthogonal(rng, H)
        fit_classifier(net, (list(X), y), Adam(lr=0.02), epochs=3, batch_size=32, rng=rng)
        assert train_acc[s] == np.mean(net.predict(X.T) == y)
        assert test_acc[s] == np.mean(net.predict(X_test.T) == y_test)


def test_batched_accuracy_is_each_models_accuracy_on_its_own_sentences():
    nets = _nets()
    rng = np.random.default_rng(2)
    X, y = rng.integers(0, V, (S, 10, T)), rng.integers(0, K, (S, 10))
    acc = batched_accuracy(stack_params(nets), X, y)
    for s, net in enumerate(nets):
        assert acc[s] == np.mean(net.predict(X[s].T) == y[s])


@pytest.mark.parametrize("call, message", [
    (lambda p, t, y: stack_params([]), "nets must be a non-empty list of ManyToOneClassifier"),
    (lambda p, t, y: stack_params([ManyToOneClassifier(V, D, H, K, rng=np.random.default_rng(0)),
                                   ManyToOneClassifier(V, D, H + 1, K,
                                                       rng=np.random.default_rng(0))]),
     "nets must share D, H and K"),
    (lambda p, t, y: batched_forward(p, t[:, :1]), "tokens must have shape (T, S, B) = (?, 2, ?)"),
    (lambda p, t, y: batched_forward(p, t + V), "tokens must hold token ids in [0, V)"),
    (lambda p, t, y: batched_forward(p, t.astype(float)), "tokens must hold integer token ids"),
    (lambda p, t, y: batched_forward({**p, "W_h": p["W_h"][:, :-1]}, t), "p['W_h'] must have shape"),
    (lambda p, t, y: batched_forward({k: v for k, v in p.items() if k != "b"}, t),
     "p is missing key 'b'"),
    (lambda p, t, y: batched_loss_and_grads(p, t, y + K), "y must hold class ids in [0, K)"),
    (lambda p, t, y: batched_loss_and_grads(p, t, y[:, :1]), "y must have shape (S, B) = (2, 4)"),
    (lambda p, t, y: train_seeds([_run(0)], [0, 1], 2), "runs must hold one run per seed"),
    (lambda p, t, y: train_seeds([_run(0)], [0], 2, epochs=0), "epochs must be a positive integer"),
])
def test_bad_input_is_refused_by_name(call, message):
    p = stack_params(_nets())
    tokens, y = _batch()
    with pytest.raises(ValueError) as err:
        call(p, tokens, y)
    assert message in str(err.value)
