"""A character-level language model: p(c_{t+1} | c_1 .. c_t) = softmax(W_o h_t + b_o).

CharVocabulary   the 26 letters and one boundary token "." (id 0) that starts and ends a name
load_names       the bundled US baby names (datasets/names.csv), split by a fixed rule
encode_names     names -> inputs (T, B) = ".emma", targets (T, B) = "emma.", mask (T, B)
bigram_model     the counting baseline P[i, j] = p(next = j | current = i), and bigram_loss
CharLM           a ManyToManyRNN over token ids with V outputs: loss_and_grads (with the
                 hidden state carried in and out), sample(n, temperature, rng, prefix),
                 loss / perplexity on a list of names, next-character probabilities
fit_names        mini-batch training on names (padded batches, masked loss), with a history
stream_chunks    names joined into one long stream, cut into B rows and chunks of k steps
fit_stream       truncated BPTT on that stream, the hidden state carried from chunk to chunk

Losses are in nats per character: the mean of -ln p(next character) over every predicted
position, the end token included. Perplexity = exp(loss): the number of equally likely
choices that would be as uncertain (27 for the uniform model, ln 27 = 3.30 nats).
"""

from __future__ import annotations

import zlib
from importlib import resources

import numpy as np

from ._validation import (
    check_array,
    check_nonnegative_number,
    check_positive_int,
    check_rng,
    check_tokens,
    describe,
)
from .gru import gru_step_forward
from .layers import affine_backward, softmax, softmax_cross_entropy
from .lstm import lstm_step_forward
from .models import ManyToManyRNN, _cell, _recurrent_backward
from .optim import clip_grad_norm
from .rnn import rnn_step_forward

__all__ = ["CharVocabulary", "load_names", "NAME_SPLITS", "encode_names", "bigram_model",
           "bigram_loss", "CharLM", "fit_names", "stream_chunks", "fit_stream"]

NAME_SPLITS = ("train", "validation", "test")


class CharVocabulary:
    """Characters <-> ids. Id 0 is the boundary token (".") that starts and ends every name;
    the letters follow in order ("a" = 1 ... "z" = 26 by default)."""

    def __init__(self, letters="abcdefghijklmnopqrstuvwxyz", boundary="."):
        if not isinstance(letters, str) or not letters or len(set(letters)) != len(letters):
            raise ValueError(f"letters must be a non-empty string of distinct characters; "
                             f"got {describe(letters)}")
        if not isinstance(boundary, str) or len(boundary) != 1 or boundary in letters:
            raise ValueError(f"boundary must be one character not among the letters; "
                             f"got {describe(boundary)}")
        self.boundary = boundary
        self.itos = boundary + letters
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def __repr__(self):
        return f"CharVocabulary(V={len(self)}, boundary={self.boundary!r})"

    def encode(self, name, *, argument="name"):
        """A name (str) -> its letter ids (list of int), no boundary tokens."""
        if not isinstance(name, str):
            raise ValueError(f"{argument} must be a string; got {describe(name)}")
        bad = sorted({c for c in name if c not in self.stoi or c == self.boundary})
        if bad:
            raise ValueError(f"{argument} must hold only the letters {self.itos[1]!r}..."
                             f"{self.itos[-1]!r}; got {name!r} with {bad[0]!r}")
        return [self.stoi[c] for c in name]

    def decode(self, ids):
        """Letter ids -> a string (decoding stops at the first boundary token)."""
        out = []
        for i in np.asarray(ids, dtype=int).ravel():
            if i == 0:
                break
            out.append(self.itos[i])
        return "".join(out)


def _split_of(name):
    """The fixed rule: crc32 of the name's bytes mod 10 -> 0 test, 1 validation, else train."""
    r = zlib.crc32(name.encode("ascii")) % 10
    return "test" if r == 0 else "validation" if r == 1 else "train"


def load_names(split="train"):
    """The bundled names (29,910 distinct lower-case US given names of 2017, SSA data),
    most common first, restricted to ``split``: "train" (80 %), "validation" (10 %),
    "test" (10 %) or "all". The split is a fixed rule of each name (see ``_split_of``).
    Returns a list of str.
    """
    if not isinstance(split, str) or split not in (*NAME_SPLITS, "all"):
        raise ValueError(f"split must be one of 'train', 'validation', 'test', 'all'; "
                         f"got {describe(split)}")
    text = resources.files("rnnlib").joinpath("datasets/names.csv").read_text("ascii")
    names = text.split()[1:]  # the header line is "name"
    return names if split == "all" else [n for n in names if _split_of(n) == split]


def _check_names(names, vocab, argument="names"):
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
        raise ValueError(f"{argument} must be a non-empty list of strings; got "
                         f"{describe(names)}")
    return [vocab.encode(n, argument=f"{argument}[{i}]") for i, n in enumerate(names)]


def encode_names(names, vocab=None):
    """Names -> the model's inputs and targets, shifted by one, padded with the boundary id.

    For "emma": inputs ".emma", targets "emma." (T = the longest name + 1).
    Returns inputs (T, B), targets (T, B) (int64) and mask (T, B) (1.0 where a target counts).
    """
    vocab = CharVocabulary() if vocab is None else vocab
    ids = _check_names(names, vocab)
    T, B = max(map(len, ids)) + 1, len(ids)
    inputs = np.zeros((T, B), dtype=np.int64)
    targets = np.zeros((T, B), dtype=np.int64)
    mask = np.zeros((T, B))
    for b, s in enumerate(ids):
        inputs[1:len(s) + 1, b] = s
        targets[:len(s), b] = s
        mask[:len(s) + 1, b] = 1.0
    return inputs, targets, mask


def bigram_model(names, vocab=None, smoothing=1.0):
    """Counting: P[i, j] = (N[i, j] + smoothing) / sum_j (N[i, j] + smoothing), N the number of
    times character j follows character i in the names (with "." before and after each).
    Returns P (V, V), each row a probability distribution."""
    vocab = CharVocabulary() if vocab is None else vocab
    ids = _check_names(names, vocab)
    smoothing = check_nonnegative_number("smoothing", smoothing)
    V = len(vocab)
    N = np.zeros((V, V))
    for s in ids:
        seq = [0, *s, 0]
        np.add.at(N, (seq[:-1], seq[1:]), 1)
    N += smoothing
    rows = N.sum(axis=1, keepdims=True)
    return np.divide(N, rows, out=np.full_like(N, 1 / V), where=rows > 0)


def bigram_loss(P, names, vocab=None):
    """Mean -ln P[c_t, c_{t+1}] over every predicted character of the names (nats/char)."""
    vocab = CharVocabulary() if vocab is None else vocab
    V = len(vocab)
    P = check_array("P", P, ("V", "V"), (V, V), as_float=True,
                    why=f"(V = {V}, the vocabulary size)")
    total, count = 0.0, 0
    for s in _check_names(names, vocab):
        seq = [0, *s, 0]
        total -= np.log(P[seq[:-1], seq[1:]]).sum()
        count += len(seq) - 1
    return float(total / count)


def _embedding_grad(dx, cache):
    """dL/dE (V, D) = onehot(tokens)^T dx: ``embedding_backward``'s sum as one matrix product
    (np.add.at took about a tenth of a training step at the notebook's sizes)."""
    tokens, (V, D), dtype = cache.tokens, cache.shape, cache.dtype
    flat = tokens.reshape(-1)
    onehot = np.zeros((flat.size, V), dtype=dtype)
    onehot[np.arange(flat.size), flat] = 1
    return onehot.T @ dx.reshape(-1, D).astype(dtype, copy=False)


class CharLM:
    """A character language model: tokens (T, B) -> E -> RNN -> logits W_o h_t + b_o (T, B, V).

    vocab: a CharVocabulary (default: "." + a..z, V = 27); embed_dim D; hidden_size H;
    cell "rnn" (default), "lstm" or "gru"; rng a np.random.Generator. The parameters are
    those of the ManyToManyRNN underneath (``model.net``): E (V, D), the cell's, W_o (V, H),
    b_o (V,). ``model.params`` is that same dict.
    """

    def __init__(self, embed_dim, hidden_size, *, rng, vocab=None, cell="rnn",
                 dtype=np.float64):
        self.vocab = CharVocabulary() if vocab is None else vocab
        if not isinstance(self.vocab, CharVocabulary):
            raise ValueError(f"vocab must be a CharVocabulary; got {describe(vocab)}")
        V = len(self.vocab)
        embed_dim = check_positive_int("embed_dim", embed_dim)
        hidden_size = check_positive_int("hidden_size", hidden_size)
        self.net = ManyToManyRNN(embed_dim, hidden_size, V, rng=rng, loss="cross_entropy",
                                 vocab_size=V, cell=cell, dtype=dtype)
        self.cell = self.net.cell
        self.params = self.net.params

    def __repr__(self):
        V, D = self.params["E"].shape
        H = self.params["W_o"].shape[1]
        return f"CharLM(V={V}, D={D}, H={H}, cell={self.cell!r})"

    @property
    def hidden_size(self):
        return self.params["W_o"].shape[1]

    def loss_and_grads(self, inputs, targets, mask=None, h0=None, *, truncate=None):
        """Mean cross-entropy over the counted steps (nats/char) and its gradients:
        (loss, grads). Arguments as ``loss_grads_and_state``, which also returns h_T."""
        loss, grads, _ = self.loss_grads_and_state(inputs, targets, mask, h0, truncate=truncate)
        return loss, grads

    def loss_grads_and_state(self, inputs, targets, mask=None, h0=None, *, truncate=None):
        """The loss and its gradients as ``loss_and_grads``, and the last hidden state.

        inputs, targets (T, B) token ids; mask (T, B) or None; h0 (B, H) or None (zeros): the
        hidden state carried in (cell "rnn" or "gru"); truncate: k, see
        ``rnn_backward_truncated`` (None: exact).
        Returns (loss, grads, h_T), h_T (B, H) the last hidden state, to carry into the next
        chunk (a constant there: no gradient flows back into this chunk).
        """
        if h0 is not None and self.cell == "lstm":
            raise ValueError("h0 is for cell='rnn' or 'gru' (an LSTM also carries c); "
                             "got an h0 with cell='lstm'")
        out, cache = self.net.forward(inputs, h0)
        T, B, V = out.shape
        targets = check_tokens("targets", targets, V, ("T", "B"), (T, B))
        loss, dout = softmax_cross_entropy(out, targets, mask)
        dh, dW_o, db_o = affine_backward(dout, cache.aff)
        dx, _, grads = _recurrent_backward(self.cell, dh, cache.rnn, self.params, truncate)
        grads = {"E": _embedding_grad(dx, cache.emb), **grads, "W_o": dW_o, "b_o": db_o}
        return loss, grads, cache.h[-1].copy()

    def loss(self, names, batch_size=1024):
        """Mean -ln p(next character) over every character of ``names`` and their end
        tokens, in nats per character (float)."""
        names = list(names) if isinstance(names, tuple) else names
        _check_names(names, self.vocab)
        batch_size = check_positive_int("batch_size", batch_size)
        total, count = 0.0, 0.0
        for i in range(0, len(names), batch_size):
            inputs, targets, mask = encode_names(names[i:i + batch_size], self.vocab)
            out, _ = self.net.forward(inputs)
            loss, _ = softmax_cross_entropy(out, targets, mask)
            total += loss * mask.sum()
            count += mask.sum()
        return float(total / count)

    def perplexity(self, names, batch_size=1024):
        """exp(loss): the number of equally likely next characters the model is as unsure as."""
        return float(np.exp(self.loss(names, batch_size)))

    def _step(self, tokens, state):
        """One step for a batch of token ids (B,): (logits (B, V), the next state)."""
        p = self.params
        x = p["E"][tokens]
        if self.cell == "rnn":
            h, _ = rnn_step_forward(x, state, _cell(p), self.net.activation)
        elif self.cell == "gru":
            h, _ = gru_step_forward(x, state, _cell(p, "gru"))
        else:
            h, c, _ = lstm_step_forward(x, state[0], state[1], _cell(p, "lstm"))
            return h @ p["W_o"].T + p["b_o"], (h, c)
        return h @ p["W_o"].T + p["b_o"], h

    def _start(self, B):
        h = np.zeros((B, self.hidden_size), dtype=self.params["W_h"].dtype)
        return (h, h.copy()) if self.cell == "lstm" else h

    def next_char_probabilities(self, name):
        """p(next character | ".", the first t letters of ``name``) for t = 0 .. len(name).

        Returns probs (L + 1, V) and the hidden states after each of those prefixes
        h (L + 1, H), L = len(name).
        """
        ids = self.vocab.encode(name)
        state, probs, hs = self._start(1), [], []
        for tok in [0, *ids]:
            logits, state = self._step(np.array([tok]), state)
            probs.append(softmax(logits)[0])
            hs.append((state[0] if self.cell == "lstm" else state)[0])
        return np.array(probs), np.array(hs)

    def sample(self, n, temperature=1.0, *, rng, prefix="", max_length=30):
        """n names drawn one character at a time from softmax(logits / temperature).

        temperature > 0 (1 = the model's own distribution; towards 0: the most probable
        character every time; large: towards uniform) or 0 for exactly that argmax;
        rng a np.random.Generator (the same rng state gives the same names);
        prefix: letters every name starts with; max_length: names stop there at the latest.
        Returns a list of n str (the prefix included, the end token not).
        """
        n = check_positive_int("n", n)
        temperature = check_nonnegative_number("temperature", temperature)
        check_rng(rng)
        start = self.vocab.encode(prefix, argument="prefix")
        max_length = check_positive_int("max_length", max_length)
        if len(start) >= max_length:
            raise ValueError(f"prefix must be shorter than max_length = {max_length}; got "
                             f"{prefix!r} ({len(start)} letters)")
        state = self._start(n)
        for tok in [0, *start]:  # read the prefix
            logits, state = self._step(np.full(n, tok), state)
        out = np.zeros((n, max_length), dtype=np.int64)
        out[:, :len(start)] = start
        alive = np.ones(n, dtype=bool)
        for t in range(len(start), max_length):
            if temperature == 0:
                nxt = logits.argmax(axis=1)
            else:
                p = softmax(logits.astype(np.float64) / temperature)
                u = rng.random(n)[:, None]  # inverse CDF: one uniform number per name
                nxt = np.minimum((np.cumsum(p, axis=1) < u).sum(axis=1), p.shape[1] - 1)
            nxt = np.where(alive, nxt, 0)
            out[:, t] = nxt
            alive &= nxt != 0
            if not alive.any():
                break
            logits, state = self._step(nxt, state)
        return [self.vocab.decode(row) for row in out]


def _check_model(model):
    if not isinstance(model, CharLM):
        raise ValueError(f"model must be a CharLM; got {describe(model)}")
    return model


def _check_optimizer(optimizer):
    if not hasattr(optimizer, "step"):
        raise ValueError(f"optimizer must have a step(params, grads) method (rnnlib.Adam, "
                         f"rnnlib.SGD); got {describe(optimizer)}")
    return optimizer


def fit_names(model, names, optimizer, *, epochs, batch_size, rng, clip_norm=5.0,
              validation=None):
    """Mini-batch training on a list of names: shuffled every epoch (from rng), each batch
    padded to its longest name, the loss counted on real characters only. Updates
    model.params in place.

    Returns a history dict: "batch_loss" (one per step), "train" and "validation" (the mean
    loss per epoch; validation only when a list of names is given).
    """
    model = _check_model(model)
    optimizer = _check_optimizer(optimizer)
    ids = _check_names(names, model.vocab)
    epochs = check_positive_int("epochs", epochs, minimum=0)
    batch_size = check_positive_int("batch_size", batch_size)
    check_rng(rng)
    history = {"batch_loss": [], "train": [], "validation": []}
    names = list(names)
    for _ in range(epochs):
        order = rng.permutation(len(ids))
        total, count = 0.0, 0.0
        for i in range(0, len(order), batch_size):
            batch = [names[j] for j in order[i:i + batch_size]]
            inputs, targets, mask = encode_names(batch, model.vocab)
            loss, grads = model.loss_and_grads(inputs, targets, mask)
            if clip_norm is not None:
                grads = clip_grad_norm(grads, clip_norm)[0]
            optimizer.step(model.params, grads)
            history["batch_loss"].append(loss)
            total += loss * mask.sum()
            count += mask.sum()
        history["train"].append(float(total / count))
        if validation is not None:
            history["validation"].append(model.loss(validation))
    return history


def stream_chunks(names, batch_size, k, vocab=None):
    """Names joined into one stream ".emma.olivia.ava. ..." cut into ``batch_size`` rows that
    are read side by side, then into chunks of k steps.

    Returns a list of (inputs (k, B), targets (k, B)) with targets the next character of
    the stream; row b of chunk i + 1 continues row b of chunk i (so a hidden state can be
    carried across). The stream's tail that does not fill a chunk is dropped.
    """
    vocab = CharVocabulary() if vocab is None else vocab
    ids = _check_names(names, vocab)
    B = check_positive_int("batch_size", batch_size)
    k = check_positive_int("k", k)
    stream = np.array([0] + [i for s in ids for i in (*s, 0)], dtype=np.int64)
    L = (len(stream) - 1) // B  # steps per row
    if L < k:
        raise ValueError(f"k must be at most the length of one row of the stream, {L} "
                         f"characters for {len(stream)} characters in {B} rows; got k = {k}")
    rows = np.stack([stream[b * L: b * L + L + 1] for b in range(B)], axis=1)  # (L + 1, B)
    return [(rows[t:t + k], rows[t + 1:t + k + 1]) for t in range(0, L - k + 1, k)]


def fit_stream(model, chunks, optimizer, *, epochs=1, carry=True, clip_norm=5.0):
    """Truncated BPTT over a stream: one update per chunk of k steps, gradients flowing back
    at most k steps. carry=True: each chunk starts from the last hidden state of the one
    before (a constant: no gradient crosses the boundary); carry=False: from zeros (the
    control). Updates model.params in place; cell "rnn" or "gru".

    Returns the loss of every chunk (list of float, in the order trained).
    """
    model = _check_model(model)
    optimizer = _check_optimizer(optimizer)
    if model.cell == "lstm":
        raise ValueError("model must have cell='rnn' or 'gru' for fit_stream (an LSTM would "
                         "also have to carry c); got cell='lstm'")
    if not isinstance(chunks, list) or not chunks:
        raise ValueError(f"chunks must be the non-empty list from stream_chunks; got "
                         f"{describe(chunks)}")
    epochs = check_positive_int("epochs", epochs, minimum=0)
    losses = []
    for _ in range(epochs):
        h = None
        for inputs, targets in chunks:
            loss, grads, h_last = model.loss_grads_and_state(inputs, targets, h0=h)
            if clip_norm is not None:
                grads = clip_grad_norm(grads, clip_norm)[0]
            optimizer.step(model.params, grads)
            losses.append(loss)
            h = h_last if carry else None
    return losses
