"""Training classifiers with any cell (vanilla, LSTM, GRU) on a seed axis: the same loss,
gradients and training as ManyToOneClassifier and fit_classifier one model at a time, padded
batches included; inputs refused by name."""

import numpy as np
import pytest

from rnnlib.dynamics import orthogonal
from rnnlib.gradcheck import numerical_gradient, relative_error
from rnnlib.models import ManyToOneClassifier
from rnnlib.optim import Adam
from rnnlib.stacked_classifiers import (
    stack_params,
    stack_sequences,
    stacked_accuracy,
    stacked_forward,
    stacked_loss_and_grads,
    train_stacked,
    unstack,
)
from rnnlib.train import fit_classifier

V, D, H, K = 12, 5, 6, 3
S, B = 3, 4
CELLS = ("rnn", "lstm", "gru")


def _nets(cell, seed=0, sizes=(V, V, V), dtype=np.float64):
    rng = np.random.default_rng(seed)
    return [ManyToOneClassifier(v, D, H, K, rng=rng, cell=cell, dtype=dtype) for v in sizes]


def _batch(seed=1, vocab=V):
    """S padded batches of B sentences of 1 to 6 ids (no id 0), tokens (S, T, B), y (S, B)."""
    rng = np.random.default_rng(seed)
    seqs = [[list(rng.integers(1, vocab, rng.integers(1, 7))) for _ in range(B)]
            for _ in range(S)]
    tokens, lengths = stack_sequences(seqs)
    return tokens.swapaxes(1, 2), lengths, rng.integers(0, K, (S, B))


def test_stack_sequences_pads_with_zeros_and_keeps_the_lengths():
    tokens, lengths = stack_sequences([[[3, 4], [5]], [[6], [7, 8, 9]]])
    assert tokens.dtype == np.int64 and tokens.shape == (2, 2, 3)
    assert tokens.tolist() == [[[3, 4, 0], [5, 0, 0]], [[6, 0, 0], [7, 8, 9]]]
    assert lengths.tolist() == [[2, 1], [1, 3]]


@pytest.mark.parametrize("cell", CELLS)
def test_stack_params_stacks_on_a_seed_axis_and_pads_the_smaller_vocabularies(cell):
    nets = _nets(cell, sizes=(V, V - 3, V))
    p = stack_params(nets)
    assert set(p) == set(nets[0].params) and p["E"].shape == (S, V, D)
    assert np.array_equal(p["E"][1, :V - 3], nets[1].params["E"])
    assert np.all(p["E"][1, V - 3:] == 0)
    for k in nets[0].params:
        if k != "E":
            assert all(np.array_equal(p[k][s], nets[s].params[k]) for s in range(S))
    net = unstack(p, 1, cell, V=V - 3)
    assert net.cell == cell
    assert all(np.array_equal(net.params[k], nets[1].params[k]) for k in net.params)
    assert net.params["W_h"] is not p["W_h"][1]          # a copy, not a view


@pytest.mark.parametrize("cell", CELLS)
def test_stacked_loss_and_gradients_equal_each_models_own_on_padded_batches(cell):
    nets = _nets(cell)
    tokens, lengths, y = _batch()
    assert lengths.min() < tokens.shape[1]              # some sentences are padded
    losses, grads = stacked_loss_and_grads(cell, stack_params(nets), tokens, lengths, y)
    assert losses.shape == (S,) and set(grads) == set(nets[0].params)
    logits = stacked_forward(cell, stack_params(nets), tokens, lengths)[0]
    for s, net in enumerate(nets):
        loss_s, grads_s = net.loss_and_grads(tokens[s], lengths[s], y[s])
        assert losses[s] == pytest.approx(loss_s, rel=1e-12)
        for k in grads_s:
            np.testing.assert_allclose(grads[k][s], grads_s[k], rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(logits[s], net.forward(tokens[s], lengths[s])[0], rtol=1e-12)


@pytest.mark.parametrize("cell", CELLS)
def test_stacked_gradients_match_finite_differences(cell):
    p = stack_params(_nets(cell, seed=3))
    tokens, lengths, y = _batch(seed=4)
    _, grads = stacked_loss_and_grads(cell, p, tokens, lengths, y)
    for k in p:
        numeric = numerical_gradient(
            lambda: stacked_loss_and_grads(cell, p, tokens, lengths, y)[0].sum(), p[k])
        assert relative_error(grads[k], numeric) < 1e-6, k


def _run(seed, N=40, M=20):
    """A toy run: sentences of 1 to 5 ids, the label set by the first id."""
    rng = np.random.default_rng(seed)
    data = []
    for n in (N, M):
        seqs = [list(rng.integers(1, V, rng.integers(1, 6))) for _ in range(n)]
        data.append((seqs, np.array([seq[0] % 2 for seq in seqs])))
    return rng, data[0], data[1], V


@pytest.mark.parametrize("cell, keep_bias", [("rnn", None), ("lstm", None), ("gru", None),
                                             ("lstm", 3.0), ("gru", 2.0)])
def test_train_stacked_trains_each_run_as_fit_classifier_would(cell, keep_bias):
    seeds = [3, 5]
    acc, p = train_stacked(cell, [_run(seed) for seed in seeds], D, H, 2, epochs=3,
                           batch_size=16, keep_bias=keep_bias)
    assert acc.shape == (2,)
    for s, seed in enumerate(seeds):
        rng, train, (X_test, y_test), _ = _run(seed)
        net = ManyToOneClassifier(V, D, H, 2, rng=rng, cell=cell)
        if keep_bias is not None:
            net.params["b_x" if cell == "gru" else "b"][H:2 * H] = keep_bias
        fit_classifier(net, train, Adam(lr=0.02), epochs=3, batch_size=16, rng=rng)
        for k in net.params:
            np.testing.assert_allclose(p[k][s], net.params[k], rtol=1e-7, atol=1e-10)
        tokens, lengths = stack_sequences([X_test])
        assert acc[s] == np.mean(net.predict(tokens[0].T, lengths[0]) == y_test)


def test_train_stacked_can_start_the_vanilla_cell_from_an_orthogonal_W_h():
    seeds = [3, 5]
    acc, p = train_stacked("rnn", [_run(seed) for seed in seeds], D, H, 2, epochs=2,
                           orthogonal_start=True)
    for s, seed in enumerate(seeds):
        rng, train, _, _ = _run(seed)
        net = ManyToOneClassifier(V, D, H, 2, rng=rng)
        net.params["W_h"] = orthogonal(rng, H)           # drawn after the model's own weights
        fit_classifier(net, train, Adam(lr=0.02), epochs=2, batch_size=32, rng=rng)
        for k in net.params:
            np.testing.assert_allclose(p[k][s], net.params[k], rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("cell", CELLS)
def test_stacked_accuracy_is_each_models_accuracy_on_its_own_sentences(cell):
    nets = _nets(cell)
    rng = np.random.default_rng(7)
    seqs = [[list(rng.integers(1, V, rng.integers(1, 6))) for _ in range(9)] for _ in nets]
    labels = rng.integers(0, K, (len(nets), 9))
    acc = stacked_accuracy(cell, stack_params(nets), seqs, labels)
    for net, seq, y, a in zip(nets, seqs, labels, acc):
        tokens, lengths = stack_sequences([seq])
        assert a == np.mean(net.predict(tokens[0].T, lengths[0]) == y)


def test_train_stacked_in_float32_stays_float32():
    acc, p = train_stacked("gru", [_run(0)], D, H, 2, epochs=1, dtype=np.float32)
    assert all(v.dtype == np.float32 for v in p.values()) and 0 <= acc[0] <= 1


@pytest.mark.parametrize("call, message", [
    (lambda p, t, n, y: stack_params([]), "nets must be a non-empty list of ManyToOneClassifier"),
    (lambda p, t, n, y: stack_params(_nets("rnn")[:1] + _nets("gru")[:1]),
     "nets must share their cell"),
    (lambda p, t, n, y: stack_params([ManyToOneClassifier(V, D, H, K, rng=np.random.default_rng(0)),
                                      ManyToOneClassifier(V, D, H + 1, K,
                                                          rng=np.random.default_rng(0))]),
     "nets must share D, H and K"),
    (lambda p, t, n, y: stacked_forward("tanh", p, t, n), "cell must be one of"),
    (lambda p, t, n, y: stacked_forward("gru", p, t, n), "p is missing keys 'b_x', 'b_h'"),
    (lambda p, t, n, y: stacked_forward("lstm", p, t[:1], n), "tokens must have shape (S, T, B)"),
    (lambda p, t, n, y: stacked_forward("lstm", p, t + V, n), "tokens must hold token ids"),
    (lambda p, t, n, y: stacked_forward("lstm", p, t, n + 10), "lengths must lie in [1, T]"),
    (lambda p, t, n, y: stacked_forward("lstm", p, t, n * 1.0), "lengths must hold integer"),
    (lambda p, t, n, y: stacked_forward("lstm", {**p, "W_x": p["W_x"][:, :-1]}, t, n),
     "p['W_x'] must have shape"),
    (lambda p, t, n, y: stacked_loss_and_grads("lstm", p, t, n, y + K), "y must hold class ids"),
    (lambda p, t, n, y: stack_sequences([[[1]], [[1], [2]]]), "seq_lists must be S >= 1"),
    (lambda p, t, n, y: stack_sequences([[[1], []]]), "at least one id"),
    (lambda p, t, n, y: train_stacked("rnn", [_run(0)], D, H, 2, epochs=1, keep_bias=1.0),
     "keep_bias is for the gated cells"),
    (lambda p, t, n, y: train_stacked("gru", [_run(0)], D, H, 2, epochs=1, orthogonal_start=True),
     "orthogonal_start is for the vanilla cell"),
    (lambda p, t, n, y: stacked_accuracy("lstm", p, [[[1]]] * S, np.zeros((S, 2), int)),
     "labels must have shape (S, N)"),
    (lambda p, t, n, y: train_stacked("lstm", [], D, H, 2, epochs=1), "runs must hold"),
    (lambda p, t, n, y: train_stacked("lstm", [_run(0)], D, H, 2, epochs=0),
     "epochs must be a positive integer"),
    (lambda p, t, n, y: train_stacked("lstm", [(0, *_run(0)[1:])], D, H, 2, epochs=1),
     "rng must be a numpy Generator"),
    (lambda p, t, n, y: unstack(p, S, "lstm"), "s must be"),
])
def test_bad_input_is_refused_by_name(call, message):
    p = stack_params(_nets("lstm"))
    tokens, lengths, y = _batch()
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        call(p, tokens, lengths, y)
