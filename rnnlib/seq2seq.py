"""Models whose output is a sequence of tokens written one at a time, from rnn and layers.

VectorToSequence      v (B, F) -> h_0 = tanh(W_v v + b_v) -> a decoder RNN that reads its
                      previous token and writes the next one: captioning (one to many).
EncoderDecoder        source tokens -> encoder RNN -> context c = its last hidden state
                      -> a decoder RNN with its own weights, s_0 = c, writes the target
                      tokens one by one: translation (many to many, different lengths).

The two decoders are trained with teacher forcing (the decoder reads the true previous
token, <start> first) and a masked cross-entropy over the target tokens, <end> included;
they predict by feeding their own outputs back (greedy, or sampled with a temperature).
Parameters live in ``model.params`` with flat keys (``enc_W_h``, ``dec_W_h``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from ._validation import (
    check_activation,
    check_array,
    check_float_dtype,
    check_lengths,
    check_positive_int,
    check_rng,
    check_tokens,
    describe,
)
from .layers import (
    AffineCache,
    EmbeddingCache,
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    last_step,
    last_step_backward,
    length_mask,
    softmax,
    softmax_cross_entropy,
)
from .rnn import (
    ACTIVATIONS,
    SequenceCache,
    rnn_backward,
    rnn_forward,
    rnn_init_params,
    rnn_step_forward,
)

__all__ = ["VectorToSequence", "EncoderDecoder", "DecoderCache", "VectorToSequenceCache",
           "EncoderCache", "EncoderDecoderCache"]


# ------------------------------------------------------------------ decoders
def _token_id(name, value, V):
    if isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= value < V:
        raise ValueError(f"{name} must be a token id in [0, V) = [0, {V}); got {describe(value)}")
    return int(value)


def _rnn_params(rng, D, H, V, E="E", prefix=""):
    """An embedding E (V, D) ~ N(0, 1), then a cell from ``rnn_init_params``, keys prefixed."""
    E_table = rng.normal(0, 1, (V, D))
    return {E: E_table, **{prefix + k: v for k, v in rnn_init_params(rng, D, H).items()}}


class _DecoderKeys(NamedTuple):
    """Where the decoder's parameters are in a model's dict: the embedding, the cell, the
    output layer."""

    E: str
    W_x: str
    W_h: str
    b: str
    W_o: str
    b_o: str

    def cell(self):
        return {"W_x": self.W_x, "W_h": self.W_h, "b": self.b}


@dataclass
class DecoderCache:
    """What the decoder's backward pass needs (the caches of its embedding, cell and output
    layer), and its states s (T, B, H)."""

    emb: EmbeddingCache
    rnn: SequenceCache
    aff: AffineCache
    s: np.ndarray


@dataclass
class VectorToSequenceCache:
    """A captioner's forward pass: h0 (B, H) = tanh(W_v v + b_v) and its affine layer's cache
    (init), the hidden states h (T, B, H) and the decoder's cache."""

    h0: np.ndarray
    init: AffineCache
    h: np.ndarray
    decoder: DecoderCache


@dataclass
class EncoderCache:
    """The encoder's pass: its embedding's and cell's caches, its states h (T_src, B, H) and
    the source lengths (B,) (the context is h at each source's last real step)."""

    emb: EmbeddingCache
    rnn: SequenceCache
    h: np.ndarray
    lengths: np.ndarray


@dataclass
class EncoderDecoderCache:
    """A translator's forward pass: the context c (B, H) and the encoder's and decoder's
    caches."""

    context: np.ndarray
    encoder: EncoderCache
    decoder: DecoderCache


class _Decoder:
    """The decoder both models share, over the parameters named by ``keys`` (_DecoderKeys).

    s_t = f(W_x E[y_{t-1}] + W_h s_{t-1} + b),  logits_t = W_o s_t + b_o,  y_0 = <start>.
    """

    def __init__(self, keys, start_id, end_id, activation):
        self.keys, self.start_id, self.end_id = keys, start_id, end_id
        self.activation = activation

    def cell(self, p):
        return {name: p[key] for name, key in self.keys.cell().items()}

    def check_targets(self, p, targets, lengths, B, lengths_name="lengths"):
        """targets (T, B) token ids ending with <end> at step lengths - 1; lengths (B,)."""
        targets = check_tokens("targets", targets, p[self.keys.E].shape[0],
                               sizes=(None, B))
        T = targets.shape[0]
        lengths = np.full(B, T) if lengths is None else check_lengths(lengths, T, B,
                                                                      name=lengths_name)
        last = targets[lengths - 1, np.arange(B)]
        if np.any(last != self.end_id):
            b = int(np.argmax(last != self.end_id))
            raise ValueError(f"targets must end with the <end> id {self.end_id} at step "
                             f"lengths - 1 of each sequence; sequence {b} ends with "
                             f"{int(last[b])} (append <end> to every target)")
        return targets, lengths

    def inputs(self, targets):
        """Teacher forcing: the decoder reads <start>, y_1, ..., y_{T-1}  (T, B)."""
        start = np.full((1, targets.shape[1]), self.start_id, dtype=targets.dtype)
        return np.concatenate([start, targets[:-1]])

    def forward(self, p, targets, s0):
        """logits (T, B, V) for the teacher-forced inputs, starting from s0 (B, H)."""
        E, W_o, b_o = p[self.keys.E], p[self.keys.W_o], p[self.keys.b_o]
        x, emb_cache = embedding_forward(self.inputs(targets), E)            # (T, B, D)
        s, rnn_cache = rnn_forward(x, s0, self.cell(p), self.activation)     # (T, B, H)
        logits, aff_cache = affine_forward(s, W_o, b_o)                      # (T, B, V)
        return logits, DecoderCache(emb_cache, rnn_cache, aff_cache, s)

    def loss_and_grads(self, p, targets, lengths, s0):
        """Masked mean cross-entropy over the real target tokens; grads and dL/ds0 (B, H)."""
        logits, cache = self.forward(p, targets, s0)
        mask = length_mask(lengths, targets.shape[0])                         # (T, B)
        loss, dlogits = softmax_cross_entropy(logits, targets, mask)
        ds, dW_o, db_o = affine_backward(dlogits, cache.aff)
        dx, ds0, cell_grads = rnn_backward(ds, cache.rnn, self.cell(p))
        grads = {self.keys.E: embedding_backward(dx, cache.emb)}
        grads.update({key: cell_grads[name] for name, key in self.keys.cell().items()})
        grads.update({self.keys.W_o: dW_o, self.keys.b_o: db_o})
        return loss, grads, ds0

    def generate(self, p, s0, max_len, temperature=None, rng=None):
        """Feed each output back in: greedy (temperature None) or sampled from
        softmax(logits / temperature) with ``rng``. Stops at <end> or after max_len tokens.
        Returns a list of B lists of token ids, <end> left out.
        """
        max_len = check_positive_int("max_len", max_len)
        if temperature is not None:
            if isinstance(temperature, bool) or not isinstance(temperature, Real) \
                    or not temperature > 0:
                raise ValueError(f"temperature must be a number > 0 (or None for greedy); "
                                 f"got {describe(temperature)}")
            check_rng(rng)
        E, W_o, b_o = p[self.keys.E], p[self.keys.W_o], p[self.keys.b_o]
        B = s0.shape[0]
        prev = np.full(B, self.start_id)
        s, done, out = s0, np.zeros(B, dtype=bool), [[] for _ in range(B)]
        for _ in range(int(max_len)):
            x = embedding_forward(prev, E)[0]                                # (B, D)
            s, _ = rnn_step_forward(x, s, self.cell(p), self.activation)
            logits = affine_forward(s, W_o, b_o)[0]                          # (B, V)
            if temperature is None:
                prev = logits.argmax(axis=-1)
            else:  # inverse CDF: one uniform number per sequence picks a token
                cdf = np.cumsum(softmax(logits / temperature), axis=-1)
                u = rng.random(B)[:, None] * cdf[:, -1:]
                prev = np.minimum((cdf <= u).sum(axis=-1), cdf.shape[1] - 1)
            for b in np.flatnonzero(~done):
                if prev[b] == self.end_id:
                    done[b] = True
                else:
                    out[b].append(int(prev[b]))
            if done.all():
                break
        return out


class VectorToSequence:
    """Vector to sequence (one to many): h_0 = tanh(W_v v + b_v), then
    h_t = f(W_x E[y_{t-1}] + W_h h_{t-1} + b) and p(y_t) = softmax(W_o h_t + b_o).

    input_size F (the length of v), vocab_size V, embed_dim D, hidden_size H;
    start_id, end_id: the ids of <start> (read at step 1) and <end> (the last target).
    params: W_v (H, F), b_v (H,), E (V, D), W_x (H, D), W_h (H, H), b (H,), W_o (V, H), b_o (V,).
    """

    def __init__(self, input_size, vocab_size, embed_dim, hidden_size, *, rng, start_id, end_id,
                 activation="tanh", dtype=np.float64):
        F, V, D, H = (check_positive_int(name, value) for name, value in (
            ("input_size", input_size), ("vocab_size", vocab_size), ("embed_dim", embed_dim),
            ("hidden_size", hidden_size)))
        dtype = check_float_dtype(dtype)
        check_rng(rng)
        self.activation = check_activation(activation, ACTIVATIONS)
        self.decoder = _Decoder(_DecoderKeys("E", "W_x", "W_h", "b", "W_o", "b_o"),
                                _token_id("start_id", start_id, V), _token_id("end_id", end_id, V),
                                self.activation)
        p = {"W_v": rng.normal(0, 1 / np.sqrt(F), (H, F)), "b_v": np.zeros(H),
             **_rnn_params(rng, D, H, V),
             "W_o": rng.normal(0, 0.1 / np.sqrt(H), (V, H)), "b_o": np.zeros(V)}
        self.params = {k: v.astype(dtype) for k, v in p.items()}

    def __repr__(self):
        (H, F), (V, D) = self.params["W_v"].shape, self.params["E"].shape
        return f"VectorToSequence(F={F}, V={V}, D={D}, H={H}, activation={self.activation!r})"

    def initial_state(self, v):
        """h_0 = tanh(W_v v + b_v): v (B, F) -> h_0 (B, H), and the affine layer's cache."""
        p = self.params
        v = check_array("v", v, ("B", "F"), (None, p["W_v"].shape[1]), as_float=True)
        a, aff_cache = affine_forward(v, p["W_v"], p["b_v"])
        return np.tanh(a), aff_cache

    def forward(self, v, targets):
        """Teacher-forced logits (T, B, V) for targets (T, B), and a VectorToSequenceCache
        (its h (T, B, H): the hidden state at every step)."""
        h0, init = self.initial_state(v)
        targets = check_tokens("targets", targets, self.params["E"].shape[0],
                               sizes=(None, h0.shape[0]))
        logits, cache = self.decoder.forward(self.params, targets, h0)
        return logits, VectorToSequenceCache(h0, init, cache.s, cache)

    def loss_and_grads(self, v, targets, lengths=None):
        """Mean cross-entropy of the caption tokens, <end> included, and every gradient.

        v (B, F); targets (T, B) ids, each sequence ending with <end> at step lengths - 1 and
        padded after; lengths (B,) (default: all T). Returns (loss, grads).
        """
        h0, aff_cache = self.initial_state(v)
        targets, lengths = self.decoder.check_targets(self.params, targets, lengths, h0.shape[0])
        loss, grads, dh0 = self.decoder.loss_and_grads(self.params, targets, lengths, h0)
        _, dW_v, db_v = affine_backward(dh0 * (1 - h0 * h0), aff_cache)  # through tanh
        return loss, {"W_v": dW_v, "b_v": db_v, **grads}

    def decoder_inputs(self, targets):
        """What the decoder reads under teacher forcing: <start>, y_1, ..., y_{T-1}  (T, B)."""
        targets = check_tokens("targets", targets, self.params["E"].shape[0])
        return self.decoder.inputs(targets)

    def generate(self, v, max_len=10, *, temperature=None, rng=None):
        """Write a sequence for each v (B, F): greedy (temperature None: the most probable
        token each step) or sampled from softmax(logits / temperature) with ``rng``
        (small temperatures sharpen the distribution, large ones flatten it).
        Returns a list of B lists of token ids, <end> left out.
        """
        h0, _ = self.initial_state(v)
        return self.decoder.generate(self.params, h0, max_len, temperature, rng)


class EncoderDecoder:
    """Encoder–decoder (many to many, different lengths), as in translation.

    encoder  h_t = f(W_x^enc E_src[x_t] + W_h^enc h_{t-1} + b^enc),  h_0 = 0
    context  c = h_T, the encoder's last real hidden state: all the decoder knows
    decoder  s_0 = c,  s_t = f(W_x^dec E_tgt[y_{t-1}] + W_h^dec s_{t-1} + b^dec),
             p(y_t) = softmax(W_o s_t + b_o),  y_0 = <start>
    src_vocab_size, tgt_vocab_size, embed_dim D, hidden_size H; start_id and end_id are
    target ids. params: E_src, enc_W_x, enc_W_h, enc_b, E_tgt, dec_W_x, dec_W_h, dec_b,
    W_o (V_tgt, H), b_o (V_tgt,).
    """

    def __init__(self, src_vocab_size, tgt_vocab_size, embed_dim, hidden_size, *, rng,
                 start_id, end_id, activation="tanh", dtype=np.float64):
        V_src, V, D, H = (check_positive_int(name, value) for name, value in (
            ("src_vocab_size", src_vocab_size), ("tgt_vocab_size", tgt_vocab_size),
            ("embed_dim", embed_dim), ("hidden_size", hidden_size)))
        dtype = check_float_dtype(dtype)
        check_rng(rng)
        self.activation = check_activation(activation, ACTIVATIONS)
        self.decoder = _Decoder(_DecoderKeys("E_tgt", "dec_W_x", "dec_W_h", "dec_b", "W_o", "b_o"),
                                _token_id("start_id", start_id, V), _token_id("end_id", end_id, V),
                                self.activation)
        p = {**_rnn_params(rng, D, H, V_src, "E_src", "enc_"),
             **_rnn_params(rng, D, H, V, "E_tgt", "dec_"),
             "W_o": rng.normal(0, 0.1 / np.sqrt(H), (V, H)), "b_o": np.zeros(V)}
        self.params = {k: v.astype(dtype) for k, v in p.items()}

    def __repr__(self):
        (V_src, D), V_tgt = self.params["E_src"].shape, self.params["E_tgt"].shape[0]
        H = self.params["enc_W_h"].shape[0]
        return (f"EncoderDecoder(V_src={V_src}, V_tgt={V_tgt}, D={D}, H={H}, "
                f"activation={self.activation!r})")

    def _encoder(self):
        return {k: self.params["enc_" + k] for k in ("W_x", "W_h", "b")}

    def encode(self, src, src_lengths=None):
        """The context c (B, H): the encoder's hidden state at each source's last real token.

        src (T_src, B) token ids, src_lengths (B,) (default: all T_src). Returns c and a cache.
        """
        p = self.params
        src = check_tokens("src", src, p["E_src"].shape[0])
        T, B = src.shape
        lengths = (np.full(B, T) if src_lengths is None
                   else check_lengths(src_lengths, T, B, name="src_lengths"))
        x, emb_cache = embedding_forward(src, p["E_src"])                     # (T_src, B, D)
        h0 = np.zeros((B, p["enc_W_h"].shape[0]), dtype=p["enc_W_h"].dtype)
        h, rnn_cache = rnn_forward(x, h0, self._encoder(), self.activation)   # (T_src, B, H)
        return last_step(h, lengths), EncoderCache(emb_cache, rnn_cache, h, lengths)

    def forward(self, src, src_lengths, targets):
        """Teacher-forced logits (T_tgt, B, V_tgt) for targets (T_tgt, B), and an
        EncoderDecoderCache (its context: c (B, H))."""
        c, encoder = self.encode(src, src_lengths)
        targets = check_tokens("targets", targets, self.params["E_tgt"].shape[0],
                               sizes=(None, c.shape[0]))
        logits, decoder = self.decoder.forward(self.params, targets, c)
        return logits, EncoderDecoderCache(c, encoder, decoder)

    def loss_and_grads(self, src, src_lengths, targets, tgt_lengths=None):
        """Mean cross-entropy of the target tokens (<end> included) and every gradient.

        src (T_src, B), src_lengths (B,) or None; targets (T_tgt, B), each ending with <end>
        at step tgt_lengths - 1 and padded after; tgt_lengths (B,) or None. Returns (loss, grads).
        """
        c, enc_cache = self.encode(src, src_lengths)
        targets, tgt_lengths = self.decoder.check_targets(self.params, targets, tgt_lengths,
                                                          c.shape[0], "tgt_lengths")
        loss, dec_grads, dc = self.decoder.loss_and_grads(self.params, targets, tgt_lengths, c)
        # the context is the only way the loss reaches the encoder
        h = enc_cache.h
        dh = last_step_backward(dc, enc_cache.lengths, h.shape[0], dtype=h.dtype)
        dx, _, enc = rnn_backward(dh, enc_cache.rnn, self._encoder())
        grads = {"E_src": embedding_backward(dx, enc_cache.emb),
                 **{"enc_" + k: g for k, g in enc.items()}, **dec_grads}
        return loss, grads

    def decoder_inputs(self, targets):
        """What the decoder reads under teacher forcing: <start>, y_1, ..., y_{T-1}  (T, B)."""
        targets = check_tokens("targets", targets, self.params["E_tgt"].shape[0])
        return self.decoder.inputs(targets)

    def decode(self, context, max_len=10):
        """Greedy decoding from any context (B, H): s_0 = context, then the most probable
        token is fed back in at each step, until <end> or max_len tokens.
        Returns a list of B lists of target ids, <end> left out.
        """
        H = self.params["dec_W_h"].shape[0]
        context = check_array("context", context, ("B", "H"), (None, H), as_float=True)
        return self.decoder.generate(self.params, context, max_len)

    def predict(self, src, src_lengths=None, max_len=10):
        """Greedy translation of each source: ``decode(encode(src, src_lengths))``.
        Returns a list of B lists of target ids, <end> left out.
        """
        return self.decode(self.encode(src, src_lengths)[0], max_len)
