"""Several classifiers with the same cell (vanilla, LSTM or GRU) trained at once (notebook 06).

A seed study trains the same network from S seeds, or on S data sets. Instead of S trainings
one after the other, every parameter gets a leading "seed" axis, so that each matrix product
serves all S models; ``Adam`` updates arrays of any shape entry by entry, so it works
unchanged. For each run the starting weights and the mini-batch order are those
``ManyToOneClassifier(..., cell=cell)`` and ``fit_classifier`` would draw from the same
generator. Sentences of different lengths are padded at their end and each model reads the
hidden state at its own last word, so the padding changes nothing.

    stack_params(nets)                              S classifiers' parameters on a leading axis
    stacked_forward(cell, p, tokens, lengths)       logits (S, B, K) of S models at once
    stacked_loss_and_grads(cell, p, tokens, ...)    mean cross-entropy per model and BPTT
    stack_sequences(seq_lists)                      S lists of id sequences -> padded arrays
    stacked_accuracy(cell, p, seq_lists, labels)    each model's accuracy on its own sentences
    train_stacked(cell, runs, D, H, K, ...)         Adam on all runs at once: test accuracies
    unstack(p, s, cell)                             model s as a ManyToOneClassifier

Shapes: tokens (S, T, B), one column of B sentences per model, padded with 0 after each
sentence's length; lengths (S, B). Parameters (G = H, 4H or 3H rows of gates for the cells
"rnn", "lstm", "gru"): E (S, V, D), W_x (S, G, D), W_h (S, G, H), b (S, G) (the GRU: b_x and
b_h, each (S, G)), W_o (S, K, H), b_o (S, K).
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_array,
    check_float_dtype,
    check_int_in,
    check_labels,
    check_params,
    check_positive_int,
    check_rng,
    check_tokens,
    describe,
)
from .dynamics import orthogonal
from .models import CELLS, ManyToOneClassifier
from .optim import Adam

__all__ = ["stack_params", "stacked_forward", "stacked_loss_and_grads", "stack_sequences",
           "stacked_accuracy", "train_stacked", "unstack"]


def _sigmoid(a):
    """σ(a) = 1 / (1 + e^-a). For a < -709, e^-a overflows to inf and σ to 0, as it should."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-a))


def _check_cell(cell):
    if not isinstance(cell, str) or cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(map(repr, CELLS))}; "
                         f"got {describe(cell)}")
    return cell


def stack_params(nets):
    """The parameters of S ManyToOneClassifiers with the same cell, on a leading axis.

    nets: a non-empty list of classifiers with the same cell, D, H and K (their vocabularies
    may differ: E is padded with unused zero rows to the largest V).
    Returns a dict of new arrays: W_h (S, G, H), ..., E (S, V, D).
    """
    nets = list(nets)
    if not nets or not all(isinstance(net, ManyToOneClassifier) for net in nets):
        raise ValueError("nets must be a non-empty list of ManyToOneClassifier; "
                         f"got {[type(net).__name__ for net in nets]}")
    if len({net.cell for net in nets}) > 1:
        raise ValueError(f"nets must share their cell; got {[net.cell for net in nets]}")
    shapes = {tuple(v.shape for k, v in net.params.items() if k != "E") for net in nets}
    if len(shapes) > 1 or len({net.params["E"].shape[1] for net in nets}) > 1:
        raise ValueError(f"nets must share D, H and K; got parameter shapes {sorted(shapes)}")
    V = max(net.params["E"].shape[0] for net in nets)
    p = {k: np.stack([net.params[k] for net in nets]) for k in nets[0].params if k != "E"}
    p["E"] = np.stack([np.pad(net.params["E"], ((0, V - net.params["E"].shape[0]), (0, 0)))
                       for net in nets])
    return p


def _check(cell, p, tokens, lengths):
    """The cell, the stacked parameters, tokens (S, T, B) and lengths (S, B), checked."""
    cell = _check_cell(cell)
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    (E,) = check_params(p, {"E": (("S", "V", "D"), None)}, name="p")
    S, V, D = E.shape
    (W_h,) = check_params(p, {"W_h": (("S", "G", "H"), (S, None, None))}, name="p")
    H = W_h.shape[2]
    biases = ("b_x", "b_h") if cell == "gru" else ("b",)
    check_params(p, {"W_h": (("S", "G", "H"), (S, G * H, H)),
                     "W_x": (("S", "G", "D"), (S, G * H, D)),
                     **{k: (("S", "G"), (S, G * H)) for k in biases}}, name="p")
    (W_o,) = check_params(p, {"W_o": (("S", "K", "H"), (S, None, H))}, name="p")
    check_params(p, {"b_o": (("S", "K"), (S, W_o.shape[1]))}, name="p")
    tokens = check_tokens("tokens", tokens, V, ("S", "T", "B"), (S, None, None))
    T, B = tokens.shape[1:]
    lengths = check_array("lengths", lengths, ("S", "B"), (S, B), finite=False)
    if lengths.dtype.kind not in "iu":
        raise ValueError(f"lengths must hold integer lengths; got dtype {lengths.dtype}")
    if lengths.min() < 1 or lengths.max() > T:
        bad = int(lengths.min()) if lengths.min() < 1 else int(lengths.max())
        raise ValueError(f"lengths must lie in [1, T] = [1, {T}]; got {bad}")
    return cell, tokens, lengths


def _forward(cell, p, tokens, lengths):
    S, T, B = tokens.shape
    H = p["W_h"].shape[-1]
    x = p["E"][np.arange(S)[:, None, None], tokens]                        # (S, T, B, D)
    ax = x @ p["W_x"].swapaxes(1, 2)[:, None] + p["b_x" if cell == "gru" else "b"][:, None, None]
    W_hT = p["W_h"].swapaxes(1, 2)
    dtype = p["W_h"].dtype                         # float64, or float32 for speed
    h = np.zeros((S, T + 1, B, H), dtype=dtype)                              # h[:, t] = h_t
    act = np.empty_like(ax)                        # the gates after their nonlinearity
    c = np.zeros((S, T + 1, B, H), dtype=dtype) if cell == "lstm" else None
    aux = np.empty((S, T, B, H), dtype=dtype)   # LSTM: tanh(c_t); GRU: W_hn h_{t-1} + b_hn
    for t in range(T):
        if cell == "rnn":                          # h_t = tanh(W_x x_t + W_h h_{t-1} + b)
            h[:, t + 1] = act[:, t] = np.tanh(ax[:, t] + h[:, t] @ W_hT)
        elif cell == "lstm":                       # [i f g o]; c_t = f c + i g; h_t = o tanh(c_t)
            a = ax[:, t] + h[:, t] @ W_hT
            act[:, t] = _sigmoid(a)
            act[:, t, :, 2 * H:3 * H] = np.tanh(a[..., 2 * H:3 * H])
            i, f, g, o = np.split(act[:, t], 4, axis=-1)
            c[:, t + 1] = f * c[:, t] + i * g
            aux[:, t] = np.tanh(c[:, t + 1])
            h[:, t + 1] = o * aux[:, t]
        else:                                      # [r z n]; h_t = (1 - z) n + z h_{t-1}
            ah = h[:, t] @ W_hT + p["b_h"][:, None]
            act[:, t, :, :2 * H] = _sigmoid(ax[:, t, :, :2 * H] + ah[..., :2 * H])
            r, z = act[:, t, :, :H], act[:, t, :, H:2 * H]
            aux[:, t] = ah[..., 2 * H:]
            act[:, t, :, 2 * H:] = n = np.tanh(ax[:, t, :, 2 * H:] + r * aux[:, t])
            h[:, t + 1] = (1 - z) * n + z * h[:, t]
    h_last = h[np.arange(S)[:, None], lengths, np.arange(B)]               # (S, B, H)
    logits = h_last @ p["W_o"].swapaxes(1, 2) + p["b_o"][:, None]
    return logits, (cell, tokens, lengths, x, h, act, c, aux, h_last)


def stacked_forward(cell, p, tokens, lengths):
    """S classifiers with the same cell at once.

    cell: "rnn", "lstm" or "gru"; p: stacked parameters (``stack_params``); tokens (S, T, B)
    integer ids; lengths (S, B), each in [1, T].
    Returns logits (S, B, K) and a cache for the backward pass.
    """
    return _forward(cell, p, *_check(cell, p, tokens, lengths)[1:])


def _backward(p, dlogits, cache):
    """BPTT through _forward: dlogits (S, B, K) -> gradients shaped like p."""
    cell, tokens, lengths, x, h, act, c, aux, h_last = cache
    S, T, B = tokens.shape
    H = p["W_h"].shape[-1]
    grads = {"W_o": dlogits.swapaxes(1, 2) @ h_last, "b_o": dlogits.sum(axis=1)}
    dh_loss = np.zeros_like(h[:, 1:])               # dL/dh_t from the loss: each last real step
    dh_loss[np.arange(S)[:, None], lengths - 1, np.arange(B)] = dlogits @ p["W_o"]
    dax = np.empty_like(act)                       # dL/d(W_x x_t + b) at every step
    dah = np.empty_like(act) if cell == "gru" else dax         # dL/d(W_h h_{t-1} (+ b_h))
    dh_next, dc_next = np.zeros_like(h_last), np.zeros_like(h_last)
    for t in range(T - 1, -1, -1):
        dh = dh_loss[:, t] + dh_next
        if cell == "rnn":
            dax[:, t] = dh * (1 - act[:, t] ** 2)
        elif cell == "lstm":
            i, f, g, o = np.split(act[:, t], 4, axis=-1)
            dc = dc_next + dh * o * (1 - aux[:, t] ** 2)
            dax[:, t, :, :H] = dc * g * i * (1 - i)
            dax[:, t, :, H:2 * H] = dc * c[:, t] * f * (1 - f)
            dax[:, t, :, 2 * H:3 * H] = dc * i * (1 - g * g)
            dax[:, t, :, 3 * H:] = dh * aux[:, t] * o * (1 - o)
            dc_next = dc * f                       # the cell path: one product per step
        else:
            r, z, n = np.split(act[:, t], 3, axis=-1)
            dan = dh * (1 - z) * (1 - n * n)
            dax[:, t, :, :H] = dan * aux[:, t] * r * (1 - r)
            dax[:, t, :, H:2 * H] = dh * (h[:, t] - n) * z * (1 - z)
            dax[:, t, :, 2 * H:] = dan
            dah[:, t, :, :2 * H] = dax[:, t, :, :2 * H]
            dah[:, t, :, 2 * H:] = dan * r
        dh_next = dah[:, t] @ p["W_h"]
        if cell == "gru":
            dh_next += dh * act[:, t, :, H:2 * H]  # the GRU's direct path: z ⊙ dh

    def flat(a):                                   # (S, T, B, .) -> (S, T*B, .)
        return a.reshape(S, T * B, a.shape[-1])

    grads["W_x"] = flat(dax).swapaxes(1, 2) @ flat(x)
    grads["W_h"] = flat(dah).swapaxes(1, 2) @ flat(h[:, :-1])
    if cell == "gru":
        grads["b_x"], grads["b_h"] = dax.sum(axis=(1, 2)), dah.sum(axis=(1, 2))
    else:
        grads["b"] = dax.sum(axis=(1, 2))
    grads["E"] = np.zeros_like(p["E"])
    np.add.at(grads["E"], (np.arange(S)[:, None, None], tokens), dax @ p["W_x"][:, None])
    return grads


def _loss_and_grads(cell, p, tokens, lengths, y):
    logits, cache = _forward(cell, p, tokens, lengths)
    log_probs = logits - logits.max(axis=-1, keepdims=True)
    log_probs -= np.log(np.exp(log_probs).sum(axis=-1, keepdims=True))
    onehot = np.eye(logits.shape[-1], dtype=logits.dtype)[y]
    dlogits = (np.exp(log_probs) - onehot) / y.shape[1]
    return -(onehot * log_probs).sum(-1).mean(-1), _backward(p, dlogits, cache)


def stacked_loss_and_grads(cell, p, tokens, lengths, y):
    """The mean cross-entropy of each model over its batch, and the gradients by BPTT.

    cell, p, tokens (S, T, B), lengths (S, B): as ``stacked_forward``; y (S, B) class ids.
    Returns (losses (S,), grads): grads a dict shaped like p (model s's gradient in row s).
    """
    cell, tokens, lengths = _check(cell, p, tokens, lengths)
    y = check_labels("y", y, p["W_o"].shape[1], ("S", "B"), (tokens.shape[0], tokens.shape[2]))
    return _loss_and_grads(cell, p, tokens, lengths, y)


def stack_sequences(seq_lists):
    """S lists of N id sequences -> tokens (S, N, T) padded with 0, lengths (S, N).

    T is the longest sequence of all; every list must hold the same number N of sequences,
    each of at least one id.
    """
    seq_lists = [list(seqs) for seqs in seq_lists]
    if not seq_lists or len({len(seqs) for seqs in seq_lists}) != 1 or not seq_lists[0]:
        raise ValueError("seq_lists must be S >= 1 non-empty lists of the same length; got "
                         f"lengths {[len(seqs) for seqs in seq_lists]}")
    lengths = np.array([[len(s) for s in seqs] for seqs in seq_lists])
    if lengths.min() < 1:
        raise ValueError("every sequence must hold at least one id; got an empty one")
    tokens = np.zeros(lengths.shape + (lengths.max(),), dtype=np.int64)
    for s, seqs in enumerate(seq_lists):
        for j, seq in enumerate(seqs):
            tokens[s, j, :len(seq)] = seq
    return tokens, lengths


def stacked_accuracy(cell, p, seq_lists, labels):
    """The accuracy (S,) of each of the S stacked models on its own sentences.

    cell, p: as ``stacked_forward``; seq_lists: S lists of N id sequences (model s reads
    list s); labels (S, N): their class ids.
    """
    tokens, lengths = stack_sequences(seq_lists)                        # (S, N, T), (S, N)
    labels = check_labels("labels", labels, p["W_o"].shape[1], ("S", "N"), lengths.shape)
    logits, _ = stacked_forward(cell, p, tokens.swapaxes(1, 2), lengths)
    return np.mean(logits.argmax(axis=-1) == labels, axis=1)


def _check_runs(runs):
    runs = list(runs)
    if not runs:
        raise ValueError("runs must hold at least one (rng, train, test, V) run; got none")
    for r, train, test, V in runs:
        check_rng(r)
        check_positive_int("V", V)
        for name, (seqs, labels) in (("train", train), ("test", test)):
            if len(seqs) != len(labels):
                raise ValueError(f"{name} must pair each sequence with a label; got "
                                 f"{len(seqs)} sequences and {len(labels)} labels")
    if len({len(train[0]) for _, train, _, _ in runs}) > 1:
        raise ValueError("every run must have the same number of training sentences")
    return runs


def train_stacked(cell, runs, D, H, K, *, epochs, lr=0.02, batch_size=32, keep_bias=None,
                  orthogonal_start=False, dtype=np.float64):
    """One ManyToOneClassifier(cell=cell) per run, all trained with Adam at once.

    runs: per model (rng, train, test, V): its generator (the model's weights are drawn
    from it, then each epoch's mini-batch order, as fit_classifier does), the (seqs,
    labels) pairs of id lists and class ids, and the vocabulary size. D, H, K: the sizes;
    keep_bias: the keep gate's starting bias (LSTM b_f, GRU b_z) instead of the default;
    orthogonal_start: the vanilla cell's W_h starts as a random orthogonal matrix, drawn from
    the run's generator after the model's own weights; dtype: float64 or float32.
    Returns the test accuracies (S,) and the stacked parameters.
    """
    cell = _check_cell(cell)
    runs = _check_runs(runs)
    D, H, K, epochs, batch_size = (check_positive_int(name, v) for name, v in (
        ("D", D), ("H", H), ("K", K), ("epochs", epochs), ("batch_size", batch_size)))
    check_float_dtype(np.dtype(dtype))
    if keep_bias is not None and cell == "rnn":
        raise ValueError("keep_bias is for the gated cells 'lstm' and 'gru'; got cell='rnn'")
    if orthogonal_start and cell != "rnn":
        raise ValueError(f"orthogonal_start is for the vanilla cell 'rnn'; got cell={cell!r}")
    nets = []
    for r, _, _, V in runs:
        nets.append(ManyToOneClassifier(V, D, H, K, rng=r, cell=cell, dtype=dtype))
        if orthogonal_start:
            nets[-1].params["W_h"] = orthogonal(r, H).astype(dtype)
    p = stack_params(nets)
    if keep_bias is not None:                      # the second block: b_f (LSTM), b_xz (GRU)
        p["b_x" if cell == "gru" else "b"][:, H:2 * H] = keep_bias
    X, L = stack_sequences([train[0] for _, train, _, _ in runs])
    y = np.stack([train[1] for _, train, _, _ in runs])
    adam, rows, N = Adam(lr=lr), np.arange(len(runs))[:, None], X.shape[1]
    for _ in range(epochs):
        orders = np.stack([r.permutation(N) for r, *_ in runs])
        for start in range(0, N, batch_size):
            idx = orders[:, start:start + batch_size]          # (S, B): each seed's batch
            lengths = L[rows, idx]
            tokens = X[rows, idx, :lengths.max()].swapaxes(1, 2)
            adam.step(p, _loss_and_grads(cell, p, tokens, lengths, y[rows, idx])[1])
    tests = [test for _, _, test, _ in runs]
    return stacked_accuracy(cell, p, [seqs for seqs, _ in tests], [y for _, y in tests]), p


def unstack(p, s, cell, V=None):
    """Model s of the stacked parameters p as a ManyToOneClassifier(cell=cell) of its own.

    p: stacked parameters (S models); s in [0, S - 1]; V: the model's vocabulary size (None:
    all rows of E; a smaller V drops the padding rows ``stack_params`` added).
    Returns a classifier holding copies of model s's parameters.
    """
    cell = _check_cell(cell)
    (E, W_h, W_o) = check_params(p, {"E": (("S", "V", "D"), None),
                                     "W_h": (("S", "G", "H"), None),
                                     "W_o": (("S", "K", "H"), None)}, name="p")
    S, V_all, D = E.shape
    s = check_int_in("s", s, 0, S - 1, f"[0, S - 1] = [0, {S - 1}]")
    V = V_all if V is None else check_int_in("V", V, 1, V_all, f"[1, {V_all}]")
    H, K = W_h.shape[2], W_o.shape[1]
    net = ManyToOneClassifier(V, D, H, K, rng=np.random.default_rng(0), cell=cell,
                              dtype=W_h.dtype)
    net.params = {k: (p[k][s, :V] if k == "E" else p[k][s]).copy() for k in net.params}
    return net
