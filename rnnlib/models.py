"""The models the notebooks train, composed from ``rnn`` (or ``lstm``, ``gru``) and ``layers``.

ManyToOneClassifier   tokens (T, B) -> E -> RNN -> h at each sequence's last real step
                      -> y = softmax(W_o h_T + b_o)  (B, K): the lecture's sentiment model.
ManyToManyRNN         inputs (T, B, D) or tokens (T, B) -> RNN -> an output at every step
                      (T, B, K), trained with MSE (regression) or cross-entropy (tagging).

Both take ``cell="rnn"`` (the vanilla cell, the default), ``"lstm"`` or ``"gru"``: the same
model around another recurrent cell. The cell's parameters keep their module's names:
W_x, W_h, b for "rnn" (H rows) and "lstm" (4H rows: the gates i, f, g, o stacked),
W_x, W_h, b_x, b_h for "gru" (3H rows: r, z, n). The gated cells start with zero h_0 (and
c_0) and have no ``activation`` other than tanh and no truncated backward pass.
(The models that write a sequence token by token, VectorToSequence and EncoderDecoder,
are in ``seq2seq``.)

Each model keeps its parameters in ``model.params`` (a dict keyed by the maths names) and has
``loss_and_grads`` (gradients in a dict with the same keys), ``predict`` and, for
classifiers, ``predict_proba``. Optimisers update ``model.params``
in place. Sizes must be positive integers and ``dtype`` a float dtype (float64 or float32).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_activation,
    check_array,
    check_finite_number,
    check_float_dtype,
    check_labels,
    check_lengths,
    check_positive_int,
    check_rng,
    check_tokens,
    describe,
)
from .gru import gru_backward, gru_forward, gru_init_params, gru_parameter_count
from .layers import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    last_step,
    last_step_backward,
    mse_loss,
    softmax,
    softmax_cross_entropy,
)
from .lstm import lstm_backward, lstm_forward, lstm_init_params, lstm_parameter_count
from .rnn import ACTIVATIONS, rnn_backward, rnn_backward_truncated, rnn_forward, rnn_init_params

__all__ = ["ManyToOneClassifier", "ManyToManyRNN", "init_params", "parameter_count", "CELLS",
           "ClassifierCache", "SequenceModelCache"]

CELLS = ("rnn", "lstm", "gru")
_CELL_KEYS = {"rnn": ("W_x", "W_h", "b"), "lstm": ("W_x", "W_h", "b"),
              "gru": ("W_x", "W_h", "b_x", "b_h")}


@dataclass
class ClassifierCache:
    """A classifier's forward pass: the caches of its embedding, cell and output layer, the
    hidden states h (T, B, H) and the lengths (B,) (h[lengths - 1] fed the output layer)."""

    emb: object
    rnn: object
    aff: object
    h: np.ndarray
    lengths: np.ndarray


@dataclass
class SequenceModelCache:
    """A many-to-many forward pass: the caches of its embedding (None for real-valued
    inputs), cell and output layer, and the hidden states h (T, B, H)."""

    emb: object
    rnn: object
    aff: object
    h: np.ndarray


def _check_cell(cell, activation="tanh", forget_bias=None):
    """cell in CELLS; a gated cell takes no activation but tanh, only the LSTM a forget bias."""
    if not isinstance(cell, str) or cell not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(map(repr, CELLS))}; "
                         f"got {describe(cell)}")
    if cell != "rnn" and activation != "tanh":
        raise ValueError(f"activation must be 'tanh' for cell={cell!r} (its gates fix the "
                         f"nonlinearities); got {describe(activation)}")
    if forget_bias is not None:
        if cell != "lstm":
            raise ValueError(f"forget_bias is for cell='lstm' only; got forget_bias="
                             f"{forget_bias!r} with cell={cell!r}")
        check_finite_number("forget_bias", forget_bias)
    return cell


def _sizes(D, H, K, V=None):
    """D, H, K (and V unless None) as positive ints, each named in the error."""
    D, H, K = (check_positive_int(n, v) for n, v in (("D", D), ("H", H), ("K", K)))
    return D, H, K, (None if V is None else check_positive_int("V", V))


def init_params(rng, D, H, K, V=None, dtype=np.float64, *, cell="rnn", forget_bias=None):
    """Small random weights: W_x ~ N(0, 1/D), W_h ~ N(0, 1/H) (spectral radius near 1),
    W_o ~ N(0, 0.01/H) (so the first predictions are near uniform: loss near ln K),
    biases 0, and E ~ N(0, 1) when a vocabulary size V is given.

    cell="lstm" or "gru": the cell's blocks as ``lstm_init_params`` / ``gru_init_params``
    draw them (the LSTM's forget-gate bias b_f = forget_bias, 1 when None), drawn from rng
    in the same order (cell, then W_o, then E).
    Returns {W_x (H, D), W_h (H, H), b (H,), W_o (K, H), b_o (K,)[, E (V, D)]} for "rnn";
    W_x (4H, D), W_h (4H, H), b (4H,) for "lstm"; W_x (3H, D), W_h (3H, H), b_x, b_h (3H,)
    for "gru".
    """
    check_rng(rng)
    D, H, K, V = _sizes(D, H, K, V)
    dtype = check_float_dtype(dtype)
    cell = _check_cell(cell, forget_bias=forget_bias)
    if cell == "rnn":
        p = rnn_init_params(rng, D, H)
    elif cell == "lstm":
        p = lstm_init_params(rng, D, H, 1.0 if forget_bias is None else float(forget_bias))
    else:
        p = gru_init_params(rng, D, H)
    p = {**p, "W_o": rng.normal(0, 0.1 / np.sqrt(H), (K, H)), "b_o": np.zeros(K)}
    if V is not None:
        p = {"E": rng.normal(0, 1, (V, D)), **p}
    return {k: v.astype(dtype) for k, v in p.items()}


def parameter_count(D, H, K, V=None, *, cell="rnn"):
    """Number of trainable numbers: H*D + H*H + H (the cell) + K*H + K (the output layer),
    plus V*D for the embedding table when a vocabulary size V is given.

    cell="lstm": 4 times the cell's numbers (``lstm_parameter_count``); "gru": 3H*D + 3H*H
    + 6H (``gru_parameter_count``).
    Returns a dict {"W_x", "W_h", "b" (or "b_x", "b_h"), "W_o", "b_o"[, "E"], "total"} of ints.
    """
    D, H, K, V = _sizes(D, H, K, V)
    cell = _check_cell(cell)
    if cell == "rnn":
        counts = {"W_x": H * D, "W_h": H * H, "b": H}
    else:
        counts = (lstm_parameter_count if cell == "lstm" else gru_parameter_count)(D, H)
        counts.pop("total")
    counts = {**counts, "W_o": K * H, "b_o": K}
    if V is not None:
        counts = {"E": V * D, **counts}
    return {**counts, "total": sum(counts.values())}


def _cell(params, cell="rnn"):
    return {k: params[k] for k in _CELL_KEYS[cell]}


def _recurrent_forward(cell, x, h0, params, activation):
    """The cell over the sequence: h (T, B, H) and what _recurrent_backward needs."""
    if cell == "rnn":
        return rnn_forward(x, h0, _cell(params), activation)
    if cell == "lstm":
        h, _, cache = lstm_forward(x, h0, np.zeros_like(h0), _cell(params, cell))
        return h, cache
    return gru_forward(x, h0, _cell(params, cell))


def _recurrent_backward(cell, dh, cache, params, truncate):
    """BPTT through the cell: dx (T, B, D), dh0 (B, H), grads of the cell's parameters."""
    if cell == "rnn":
        truncate = check_positive_int("truncate", truncate, or_none=True)
        if truncate is None:
            return rnn_backward(dh, cache, _cell(params))
        return rnn_backward_truncated(dh, cache, _cell(params), truncate)
    if truncate is not None:
        raise ValueError(f"truncate is available for cell='rnn' only; got truncate="
                         f"{truncate!r} with cell={cell!r} (use truncate=None)")
    if cell == "lstm":
        dx, dh0, _, grads = lstm_backward(dh, cache, _cell(params, cell))
        return dx, dh0, grads
    return gru_backward(dh, cache, _cell(params, cell))


class ManyToOneClassifier:
    """Sequence to vector: y = softmax(W_o h_T + b_o), h_T the last real hidden state.

    vocab_size V, embed_dim D, hidden_size H, num_classes K; rng a np.random.Generator.
    cell: "rnn" (the vanilla cell), "lstm" or "gru"; forget_bias: the LSTM's starting b_f
    (None: 1). Padded batches: tokens (T, B) with lengths (B,); steps after a sequence's
    length are computed but never read, so padding changes neither the loss nor the
    gradients.
    """

    def __init__(self, vocab_size, embed_dim, hidden_size, num_classes, *, rng,
                 activation="tanh", dtype=np.float64, cell="rnn", forget_bias=None):
        sizes = [check_positive_int(name, value) for name, value in (
            ("vocab_size", vocab_size), ("embed_dim", embed_dim), ("hidden_size", hidden_size),
            ("num_classes", num_classes))]
        self.activation = check_activation(activation, ACTIVATIONS)
        self.cell = _check_cell(cell, self.activation, forget_bias)
        V, D, H, K = sizes
        self.params = init_params(rng, D, H, K, V=V, dtype=dtype, cell=cell,
                                  forget_bias=forget_bias)

    def __repr__(self):
        V, D = self.params["E"].shape
        K, H = self.params["W_o"].shape
        cell = "" if self.cell == "rnn" else f", cell={self.cell!r}"
        return (f"ManyToOneClassifier(V={V}, D={D}, H={H}, K={K}, "
                f"activation={self.activation!r}{cell})")

    def forward(self, tokens, lengths=None):
        """tokens (T, B), lengths (B,) (default: all T) -> logits (B, K) and a cache.

        The cache holds h (T, B, H), every hidden state, for plots and for the backward pass.
        """
        p = self.params
        tokens = check_tokens("tokens", tokens, p["E"].shape[0])
        T, B = tokens.shape
        lengths = np.full(B, T) if lengths is None else check_lengths(lengths, T, B)
        x, emb_cache = embedding_forward(tokens, p["E"])                       # (T, B, D)
        # A hidden state that overflows (NaN) is refused by affine_forward as "x must be
        # finite": notebook 05 prints that message, so it stays (fit_classifier says more).
        h0 = np.zeros((B, p["W_h"].shape[1]), dtype=p["W_h"].dtype)
        h, rnn_cache = _recurrent_forward(self.cell, x, h0, p, self.activation)  # (T, B, H)
        h_last = last_step(h, lengths)                                         # (B, H)
        logits, aff_cache = affine_forward(h_last, p["W_o"], p["b_o"])         # (B, K)
        return logits, ClassifierCache(emb_cache, rnn_cache, aff_cache, h, lengths)

    def loss_and_grads(self, tokens, lengths, y, truncate=None):
        """Mean cross-entropy over the batch and its gradients for every parameter.

        tokens (T, B), lengths (B,) or None, y (B,) class ids; truncate: k, see
        ``rnn_backward_truncated`` (None: exact)
        (cell="rnn" only).
        Returns (loss, grads).
        """
        logits, cache = self.forward(tokens, lengths)
        y = check_labels("y", y, logits.shape[1], ("B",), (logits.shape[0],))
        loss, dlogits = softmax_cross_entropy(logits, y)
        dh_last, dW_o, db_o = affine_backward(dlogits, cache.aff)
        h, lengths = cache.h, cache.lengths
        # the loss touches only each sequence's last real step
        dh = last_step_backward(dh_last, lengths, h.shape[0], dtype=h.dtype)
        dx, _, grads = _recurrent_backward(self.cell, dh, cache.rnn, self.params, truncate)
        grads = {"E": embedding_backward(dx, cache.emb), **grads, "W_o": dW_o, "b_o": db_o}
        return loss, grads

    def predict_proba(self, tokens, lengths=None):
        """Class probabilities (B, K)."""
        return softmax(self.forward(tokens, lengths)[0])

    def predict(self, tokens, lengths=None):
        """The most probable class (B,)."""
        return self.forward(tokens, lengths)[0].argmax(axis=-1)


class ManyToManyRNN:
    """Sequence to sequence, aligned: an output o_t = W_o h_t + b_o at every step.

    input_size D, hidden_size H, output_size K; loss "mse" (o_t is the prediction) or
    "cross_entropy" (o_t are logits over K classes). With vocab_size V the inputs are token
    ids (T, B) looked up in an embedding E (V, D); without, they are vectors (T, B, D).
    A mask (T, B) marks the steps that count (1) and the padding (0).
    cell: "rnn" (the vanilla cell), "lstm" (c_0 = 0) or "gru"; forget_bias: the LSTM's
    starting b_f (None: 1).
    """

    LOSSES = ("mse", "cross_entropy")

    def __init__(self, input_size, hidden_size, output_size, *, rng, loss="mse",
                 vocab_size=None, activation="tanh", dtype=np.float64, cell="rnn",
                 forget_bias=None):
        D, H, K = (check_positive_int(name, value) for name, value in (
            ("input_size", input_size), ("hidden_size", hidden_size),
            ("output_size", output_size)))
        V = None if vocab_size is None else check_positive_int("vocab_size", vocab_size)
        if not isinstance(loss, str) or loss not in self.LOSSES:
            raise ValueError(f"loss must be one of 'mse', 'cross_entropy'; got {loss!r}")
        self.loss = loss
        self.activation = check_activation(activation, ACTIVATIONS)
        self.cell = _check_cell(cell, self.activation, forget_bias)
        self.params = init_params(rng, D, H, K, V=V, dtype=dtype, cell=cell,
                                  forget_bias=forget_bias)

    def __repr__(self):
        K, H = self.params["W_o"].shape
        D = self.params["W_x"].shape[1]
        cell = "" if self.cell == "rnn" else f", cell={self.cell!r}"
        return (f"ManyToManyRNN(D={D}, H={H}, K={K}, loss={self.loss!r}, "
                f"activation={self.activation!r}{cell}"
                f"{', tokens' if 'E' in self.params else ''})")

    def forward(self, inputs, h0=None):
        """inputs (T, B, D) or tokens (T, B); h0 (B, H) or None (zeros) -> outputs (T, B, K)."""
        p = self.params
        if "E" in p:
            tokens = check_tokens("inputs", inputs, p["E"].shape[0])
            x, emb_cache = embedding_forward(tokens, p["E"])
        else:
            D = p["W_x"].shape[1]
            x = check_array("inputs", inputs, ("T", "B", "D"), (None, None, D), as_float=True,
                            why=f"(D = input_size of this model, {D})")
            emb_cache = None
        B, H = x.shape[1], p["W_h"].shape[1]
        h0 = np.zeros((B, H), dtype=p["W_h"].dtype) if h0 is None else h0
        h, rnn_cache = _recurrent_forward(self.cell, x, h0, p, self.activation)
        if not np.isfinite(h).all():
            t, b = (int(i) for i in np.argwhere(~np.isfinite(h))[0][:2])
            raise ValueError(f"the hidden states overflowed: h_{t + 1} of example {b} is not "
                             f"finite. The weights (W_h, W_x) or the inputs are too large for "
                             f"a {self.activation} cell; scale them down")
        out, aff_cache = affine_forward(h, p["W_o"], p["b_o"])
        return out, SequenceModelCache(emb_cache, rnn_cache, aff_cache, h)

    def loss_and_grads(self, inputs, targets, mask=None, h0=None, truncate=None):
        """Masked mean loss over the steps and its gradients.

        targets: (T, B, K) values for "mse", (T, B) class ids for "cross_entropy".
        truncate: cut the backward flow every k steps (``rnn_backward_truncated``; cell="rnn" only).
        Returns (loss, grads); ``loss_grads_and_dh0`` also returns dL/dh0.
        """
        loss, grads, _ = self.loss_grads_and_dh0(inputs, targets, mask, h0, truncate)
        return loss, grads

    def loss_grads_and_dh0(self, inputs, targets, mask=None, h0=None, truncate=None):
        """As ``loss_and_grads``, and the gradient reaching the starting state:
        returns (loss, grads, dh0), dh0 (B, H) = dL/dh0."""
        out, cache = self.forward(inputs, h0)
        T, B, K = out.shape
        if self.loss == "mse":
            targets = check_array("targets", targets, ("T", "B", "K"), (T, B, K), as_float=True)
            loss, dout = mse_loss(out, targets, mask)
        else:
            targets = check_labels("targets", targets, K, ("T", "B"), (T, B))
            loss, dout = softmax_cross_entropy(out, targets, mask)
        dh, dW_o, db_o = affine_backward(dout, cache.aff)
        dx, dh0, grads = _recurrent_backward(self.cell, dh, cache.rnn, self.params, truncate)
        grads = {**grads, "W_o": dW_o, "b_o": db_o}
        if cache.emb is not None:
            grads = {"E": embedding_backward(dx, cache.emb), **grads}
        return loss, grads, dh0

    def predict(self, inputs, h0=None):
        """Predictions (T, B, K) for "mse"; the most probable class (T, B) for "cross_entropy"."""
        out = self.forward(inputs, h0)[0]
        return out if self.loss == "mse" else out.argmax(axis=-1)

    def predict_proba(self, inputs, h0=None):
        """Class probabilities (T, B, K) ("cross_entropy" models)."""
        if self.loss != "cross_entropy":
            raise ValueError("predict_proba needs loss='cross_entropy'; this model uses 'mse'")
        return softmax(self.forward(inputs, h0)[0])
