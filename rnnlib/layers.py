"""The layers around the recurrent cell, each a forward/backward pair.

    embedding   x = E[tokens]                  tokens (T, B) ints, E (V, D)  ->  x (T, B, D)
    affine      out = W h + b  (rows: h @ W.T) h (..., H), W (K, H), b (K,)  ->  (..., K)
    softmax     p_k = exp(z_k) / sum_j exp(z_j), stable for any logits
    softmax_cross_entropy   L = -mean log p_y  and  dL/dz = (p - onehot(y)) / N
    mse_loss    L = mean (pred - target)^2    and  dL/dpred = 2 (pred - target) / N

Losses average over the examples (and over the real positions when a mask is given), so a
batch of 64 and a batch of 8 give losses on the same scale and one learning rate fits both.
Integer arrays are read as float64 (token ids and class ids stay integers); nothing here
modifies its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_array,
    check_labels,
    check_lengths,
    check_mask,
    check_positive_int,
    check_tokens,
    to_array,
)

__all__ = ["embedding_forward", "embedding_backward", "affine_forward", "affine_backward",
           "softmax", "log_softmax", "softmax_cross_entropy", "mse_loss", "length_mask",
           "last_step", "last_step_backward", "EmbeddingCache", "AffineCache"]


@dataclass
class EmbeddingCache:
    """What ``embedding_backward`` needs: the token ids (T, B) and the table's shape (V, D)
    and dtype."""

    tokens: np.ndarray
    shape: tuple
    dtype: np.dtype


@dataclass
class AffineCache:
    """What ``affine_backward`` needs: the input x (..., H) and W (K, H)."""

    x: np.ndarray
    W: np.ndarray


def _check_cache(cache, kind, made_by):
    if not isinstance(cache, kind):
        raise ValueError(f"cache must be the {kind.__name__} returned by {made_by}; "
                         f"got {type(cache).__name__}")


def _lead_letters(ndim):
    return {1: ("N",), 2: ("T", "B")}.get(ndim, tuple(f"n{i}" for i in range(ndim)))


# ------------------------------------------------------------------- embedding
def embedding_forward(tokens, E):
    """x = E[tokens]: each token id picks its row of the embedding table.

    tokens (T, B) integer ids in [0, V) (any shape works), E (V, D).
    Returns x (T, B, D) and the cache for ``embedding_backward``.
    """
    E = check_array("E", E, ("V", "D"), as_float=True)
    tokens = to_array("tokens", tokens, ("T", "B"))
    tokens = check_tokens("tokens", tokens, E.shape[0], letters=("T", "B")[: tokens.ndim] if
                          tokens.ndim <= 2 else _lead_letters(tokens.ndim))
    return E[tokens], EmbeddingCache(tokens, E.shape, E.dtype)


def embedding_backward(dx, cache):
    """dL/dE: row v collects dL/dx from every position where token v occurs.

    dx (T, B, D). Returns dE (V, D); a word used three times gets the sum of three gradients.
    """
    _check_cache(cache, EmbeddingCache, "embedding_forward")
    tokens, shape, dtype = cache.tokens, cache.shape, cache.dtype
    dx = check_array("dx", dx, (*_lead_letters(tokens.ndim), "D"), (*tokens.shape, shape[1]),
                     as_float=True)
    dE = np.zeros(shape, dtype=dtype)
    np.add.at(dE, tokens.reshape(-1), dx.reshape(-1, shape[1]))  # add.at accumulates repeats
    return dE


# ---------------------------------------------------------------------- affine
def affine_forward(x, W, b):
    """out = W x + b for every row of x.

    x (..., H), W (K, H), b (K,). Returns out (..., K) and the cache.
    """
    W = check_array("W", W, ("K", "H"), as_float=True)
    K, H = W.shape
    b = check_array("b", b, ("K",), (K,), as_float=True)
    x = to_array("x", x, ("...", "H"))
    if x.ndim < 1 or x.shape[-1] != H:
        raise ValueError(f"x must have shape (..., H) with H = {H} (from W (K, H) = {W.shape}); "
                         f"got shape {x.shape}")
    x = check_array("x", x, (*_lead_letters(x.ndim - 1), "H"), as_float=True)
    return x @ W.T + b, AffineCache(x, W)


def affine_backward(dout, cache):
    """dout (..., K) -> dx (..., H), dW (K, H), db (K,)."""
    _check_cache(cache, AffineCache, "affine_forward")
    x, W = cache.x, cache.W
    dout = check_array("dout", dout, (*_lead_letters(x.ndim - 1), "K"), (*x.shape[:-1], W.shape[0]),
                       as_float=True)
    d2 = dout.reshape(-1, W.shape[0])
    return dout @ W, d2.T @ x.reshape(-1, W.shape[1]), d2.sum(axis=0)


# ------------------------------------------------------------ softmax and losses
def _logits(z, name="z"):
    """Logits (..., K) as a float array: real, no NaN, no +inf, a finite maximum in every row.

    -inf is allowed (it is how a class is ruled out: its probability is exactly 0).
    """
    z = to_array(name, z, ("...", "K"))
    if z.ndim == 0 or z.size == 0:
        raise ValueError(f"{name} must have shape (..., K) with K >= 1 logits; got shape "
                         f"{z.shape}{' (empty)' if z.ndim else ' (a scalar)'}")
    if z.dtype.kind not in "fiu":
        raise ValueError(f"{name} must hold real numbers; got dtype {z.dtype}")
    if z.dtype.kind in "iu":
        return z.astype(np.float64)
    finite = np.isfinite(z)
    if not finite.all():
        for bad, what in ((np.isnan(z), "NaN"), (z == np.inf, "+inf")):
            if bad.any():
                at = tuple(int(i) for i in np.argwhere(bad)[0])
                raise ValueError(f"{name} must hold finite logits (or -inf for a class ruled "
                                 f"out); got {what} at index {at}")
        dead = ~finite.any(axis=-1)
        if dead.any():
            at = tuple(int(i) for i in np.argwhere(dead)[0])
            raise ValueError(f"{name} must have a finite logit in every row (..., K); "
                             f"got row {at} all -inf")
    return z


def _log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)  # the largest logit becomes 0: exp cannot overflow
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def log_softmax(z):
    """log softmax along the last axis, computed as z - max - log sum exp(z - max).

    z (..., K): real logits; -inf allowed (log p = -inf), NaN and +inf refused.
    """
    return _log_softmax(_logits(z))


def softmax(z):
    """p = exp(z) / sum exp(z) along the last axis; stable for logits of any size.

    z (..., K) -> p (..., K), each row summing to 1. NaN and +inf are refused; a logit of
    -inf gives probability 0, as long as its row has a finite logit.
    """
    return np.exp(_log_softmax(_logits(z)))


def _mask_and_count(mask, lead_shape, dtype):
    if mask is None:
        return None, int(np.prod(lead_shape))
    mask = check_mask("mask", mask, _lead_letters(len(lead_shape)), lead_shape, dtype)
    count = float(mask.sum())
    if count <= 0:
        raise ValueError("mask must select at least one position; got an all-zero mask")
    return mask.astype(dtype, copy=False), count


def softmax_cross_entropy(logits, y, mask=None):
    """L = -(1/N) sum_n log softmax(z_n)[y_n], and dL/dz = (softmax(z) - onehot(y)) / N.

    logits (N, K) or (T, B, K); y (N,) or (T, B) class ids in [0, K);
    mask (same shape as y), optional: 1 where a position counts, 0 where it is padding;
    then N is the number of ones. Returns (loss as a float, dlogits with the shape of logits).
    """
    logits = to_array("logits", logits, ("N", "K"))
    if logits.ndim < 2:
        raise ValueError(f"logits must have shape (N, K) or (T, B, K); got shape {logits.shape}")
    lead, K = logits.shape[:-1], logits.shape[-1]
    logits = check_array("logits", logits, (*_lead_letters(len(lead)), "K"), as_float=True)
    y = to_array("y", y, _lead_letters(len(lead)))
    if y.shape != lead:
        letters = _lead_letters(len(lead))
        raise ValueError(f"y must have shape ({', '.join(letters)},) = {lead}; got shape {y.shape}")
    y = check_labels("y", y, K, _lead_letters(len(lead)))
    mask, count = _mask_and_count(mask, lead, logits.dtype)
    logp = _log_softmax(logits)
    picked = np.take_along_axis(logp, y[..., None], axis=-1)[..., 0]  # log p_y at each position
    d = np.exp(logp)
    np.put_along_axis(d, y[..., None], np.take_along_axis(d, y[..., None], axis=-1) - 1, axis=-1)
    if mask is not None:
        picked = picked * mask
        d *= mask[..., None]
    d /= count
    return float(-picked.sum() / count), d


def mse_loss(pred, target, mask=None):
    """L = mean of (pred - target)^2 over every entry (of the real positions, with a mask).

    pred and target (..., K), the same shape; mask (...,) optional, 1 = counts, 0 = padding.
    Returns (loss as a float, dpred with the shape of pred).
    """
    pred = to_array("pred", pred, ("...", "K"))
    if pred.ndim < 1:
        raise ValueError(f"pred must have shape (..., K); got shape {pred.shape} (a scalar)")
    pred = check_array("pred", pred, _lead_letters(pred.ndim), as_float=True)
    target = to_array("target", target, ("...", "K"))
    if target.shape != pred.shape:
        raise ValueError(f"target must have the shape of pred, {pred.shape}; "
                         f"got shape {target.shape}")
    target = check_array("target", target, _lead_letters(target.ndim), as_float=True)
    diff = pred - target
    mask, count = _mask_and_count(mask, pred.shape[:-1], pred.dtype)
    if mask is not None:
        diff = diff * mask[..., None]
    count *= pred.shape[-1]
    return float(np.sum(diff * diff) / count), (2 / count) * diff


# ------------------------------------------------------------------- padded batches
def length_mask(lengths, T, dtype=np.float64):
    """(T, B): 1 at the real steps t < lengths[b] of each sequence, 0 at its padding.

    lengths (B,) integers in [1, T]. The mask of a masked loss (``softmax_cross_entropy``).
    """
    T = check_positive_int("T", T)
    lengths = np.asarray(lengths)
    lengths = check_lengths(lengths, T, lengths.shape[0] if lengths.ndim == 1 else None)
    return (np.arange(T)[:, None] < lengths[None, :]).astype(dtype)


def last_step(h, lengths):
    """Each sequence's last real state, h[lengths[b] - 1, b]: h (T, B, H) -> (B, H).

    What a many-to-one model reads from a padded batch; lengths (B,) integers in [1, T].
    """
    h = check_array("h", h, ("T", "B", "H"), finite=False)  # a NaN state is the caller's to report
    T, B, _ = h.shape
    lengths = check_lengths(lengths, T, B)
    return h[lengths - 1, np.arange(B)]


def last_step_backward(d_last, lengths, T, dtype=None):
    """The gradient through ``last_step``: d_last (B, H) placed at each sequence's last real
    step of a (T, B, H) array of zeros (no other step reaches the output).

    dtype: of the result (default: d_last's).
    """
    d_last = check_array("d_last", d_last, ("B", "H"))
    T = check_positive_int("T", T)
    B = d_last.shape[0]
    lengths = check_lengths(lengths, T, B)
    dh = np.zeros((T, *d_last.shape), dtype=d_last.dtype if dtype is None else dtype)
    dh[lengths - 1, np.arange(B)] = d_last
    return dh
