"""One small tanh classifier per seed, trained all at once (notebook 05, sections 7 and 9).

A seed study trains the same network from S seeds. Instead of S trainings one after the
other, every parameter gets a leading "seed" axis, so that each matrix product handles all S
models; ``Adam`` updates arrays of any shape entry by entry, so it works unchanged. For each
seed the starting weights and the mini-batch order are those ``ManyToOneClassifier`` and
``fit_classifier`` would draw from the same generator.

    stack_params(nets)                          S classifiers' parameters on a leading axis
    batched_forward(p, tokens)                  logits (S, B, K) of S tanh classifiers at once
    batched_loss_and_grads(p, tokens, y)        mean cross-entropy per model (S,) and BPTT
    batched_accuracy(p, X, y)                   accuracy of each model on its own sentences
    train_seeds(runs, seeds, K, ...)            Adam, mini-batches of 32: train and test accuracy

Shapes: tokens (T, S, B) time-major, one column of B sentences per model; every sentence of a
batch has the same length T (no padding). Parameters: E (S, V, D), W_x (S, H, D),
W_h (S, H, H), b (S, H), W_o (S, K, H), b_o (S, K).
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_array,
    check_labels,
    check_params,
    check_positive_int,
    check_tokens,
)
from .dynamics import orthogonal
from .models import ManyToOneClassifier
from .optim import Adam

__all__ = ["stack_params", "batched_forward", "batched_loss_and_grads", "batched_accuracy",
           "train_seeds"]

_KEYS = ("E", "W_x", "W_h", "b", "W_o", "b_o")


def stack_params(nets):
    """The parameters of S ManyToOneClassifiers (vanilla cell) stacked on a leading axis.

    nets: a non-empty list of classifiers with the same D, H and K (their vocabularies may
    differ: E is padded with unused zero rows to the largest V).
    Returns a dict of new arrays: E (S, V, D), W_x (S, H, D), W_h (S, H, H), b (S, H),
    W_o (S, K, H), b_o (S, K).
    """
    nets = list(nets)
    if not nets or not all(isinstance(net, ManyToOneClassifier) and net.cell == "rnn"
                           for net in nets):
        raise ValueError("nets must be a non-empty list of ManyToOneClassifier (cell='rnn'); "
                         f"got {[type(net).__name__ for net in nets]}")
    shapes = {tuple(net.params[k].shape for k in _KEYS[1:]) for net in nets}
    if len(shapes) > 1:
        raise ValueError(f"nets must share D, H and K; got parameter shapes {sorted(shapes)}")
    V = max(net.params["E"].shape[0] for net in nets)
    p = {k: np.stack([net.params[k] for net in nets]) for k in ("W_x", "W_h", "b", "W_o", "b_o")}
    p["E"] = np.stack([np.pad(net.params["E"], ((0, V - net.params["E"].shape[0]), (0, 0)))
                       for net in nets])
    return p


def _check(p, tokens):
    """The stacked parameters and the tokens (T, S, B), checked; returns the tokens."""
    (E,) = check_params(p, {"E": (("S", "V", "D"), None)}, name="p")
    S, V, D = E.shape
    H = check_params(p, {"W_h": (("S", "H", "H"), (S, None, None))}, name="p")[0].shape[2]
    check_params(p, {"W_h": (("S", "H", "H"), (S, H, H)), "W_x": (("S", "H", "D"), (S, H, D)),
                     "b": (("S", "H"), (S, H))}, name="p")
    (W_o,) = check_params(p, {"W_o": (("S", "K", "H"), (S, None, H))}, name="p")
    check_params(p, {"b_o": (("S", "K"), (S, W_o.shape[1]))}, name="p")
    return check_tokens("tokens", tokens, V, ("T", "S", "B"), (None, S, None))


def _forward(p, tokens):
    T, S, B = tokens.shape
    x = p["E"][np.arange(S)[:, None], tokens]                    # (T, S, B, D)
    hs = [np.zeros((S, B, p["W_h"].shape[1]))]
    W_xT, W_hT = p["W_x"].transpose(0, 2, 1), p["W_h"].transpose(0, 2, 1)
    for t in range(T):                                 # h_t = tanh(W_x x_t + W_h h_t-1 + b)
        hs.append(np.tanh(x[t] @ W_xT + hs[-1] @ W_hT + p["b"][:, None]))
    return hs[-1] @ p["W_o"].transpose(0, 2, 1) + p["b_o"][:, None], x, hs


def batched_forward(p, tokens):
    """S tanh classifiers at once, h_t = tanh(W_x x_t + W_h h_{t-1} + b), h_0 = 0.

    p: stacked parameters (``stack_params``); tokens (T, S, B) integer ids.
    Returns (logits (S, B, K), x (T, S, B, D) the embeddings read, [h_0, ..., h_T] each
    (S, B, H)).
    """
    return _forward(p, _check(p, tokens))


def _loss_and_grads(p, tokens, y):
    T, S, B = tokens.shape
    logits, x, hs = _forward(p, tokens)
    z = logits - logits.max(axis=-1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    onehot = np.eye(logits.shape[-1])[y]                          # (S, B, K)
    dlogits = (np.exp(log_probs) - onehot) / B
    g = {k: np.zeros_like(v) for k, v in p.items()}
    g["W_o"], g["b_o"] = dlogits.transpose(0, 2, 1) @ hs[-1], dlogits.sum(axis=1)
    dh = dlogits @ p["W_o"]                                       # dL/dh_T (S, B, H)
    for t in range(T - 1, -1, -1):
        da = dh * (1 - hs[t + 1] ** 2)                            # through tanh
        g["W_x"] += da.transpose(0, 2, 1) @ x[t]
        g["W_h"] += da.transpose(0, 2, 1) @ hs[t]
        g["b"] += da.sum(axis=1)
        np.add.at(g["E"], (np.arange(S)[:, None], tokens[t]), da @ p["W_x"])
        dh = da @ p["W_h"]                                        # one Jacobian further back
    return -(onehot * log_probs).sum(axis=-1).mean(axis=-1), g


def batched_loss_and_grads(p, tokens, y):
    """The mean cross-entropy of each model over its batch, and the gradients by BPTT.

    p: stacked parameters; tokens (T, S, B) integer ids; y (S, B) class ids in [0, K - 1].
    Returns (losses (S,), grads): grads a dict shaped like p (model s's gradient in row s).
    """
    tokens = _check(p, tokens)
    y = check_labels("y", y, p["W_o"].shape[1], ("S", "B"), tokens.shape[1:])
    return _loss_and_grads(p, tokens, y)


def batched_accuracy(p, X, y):
    """Accuracy of each model (S,) on its own sentences X (S, N, T), labels y (S, N)."""
    X = check_array("X", X, ("S", "N", "T"))
    y = check_array("y", y, ("S", "N"), X.shape[:2])
    return np.mean(batched_forward(p, X.transpose(2, 0, 1))[0].argmax(axis=-1) == y, axis=1)


def train_seeds(runs, seeds, K, H=16, D=8, epochs=10, orthogonal_start=False):
    """Train one tanh RNN per seed on its own data, all seeds at once (Adam 0.02, batches of 32).

    runs: one (X (N, T), y (N,), X_test (M, T), y_test (M,), V, generator state) per seed,
    the state being that of ``np.random.default_rng(seed)`` after drawing the data (so the
    model and the mini-batches come next from it, as in ``ManyToOneClassifier`` +
    ``fit_classifier``); every seed's X has the same shape. seeds: the S seeds; K: the
    number of classes; H, D: the sizes; orthogonal_start: W_h starts as a random orthogonal
    matrix (drawn after the model's own weights).
    Returns (train accuracy, test accuracy), each (S,).
    """
    runs, seeds = list(runs), list(seeds)
    if not runs or len(runs) != len(seeds):
        raise ValueError(f"runs must hold one run per seed; got {len(runs)} runs for "
                         f"{len(seeds)} seeds")
    K, H, D, epochs = (check_positive_int(name, v) for name, v in
                       (("K", K), ("H", H), ("D", D), ("epochs", epochs)))
    rngs, nets = [], []
    for seed, (*_, V, state) in zip(seeds, runs):
        seed_rng = np.random.default_rng(seed)
        seed_rng.bit_generator.state = state                       # where the data left it
        net = ManyToOneClassifier(V, D, H, K, rng=seed_rng)
        if orthogonal_start:
            net.params["W_h"] = orthogonal(seed_rng, H)
        rngs.append(seed_rng)
        nets.append(net)
    p = stack_params(nets)
    X, y, X_test, y_test = (np.stack(a) for a in list(zip(*runs))[:4])   # (S, N, T), (S, N)
    adam, rows, N = Adam(lr=0.02), np.arange(len(nets))[:, None], X.shape[1]
    for _ in range(epochs):
        orders = np.stack([r.permutation(N) for r in rngs])      # as rnnlib.train.minibatches
        for i in range(0, N, 32):
            idx = orders[:, i:i + 32]                             # (S, B): each seed's batch
            _, grads = _loss_and_grads(p, X[rows, idx].transpose(2, 0, 1), y[rows, idx])
            adam.step(p, grads)
    return batched_accuracy(p, X, y), batched_accuracy(p, X_test, y_test)
