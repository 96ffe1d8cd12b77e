"""The GRU cell, one step or a whole sequence, forward and backward (BPTT).

torch.nn.GRU's definition (Cho et al. 2014, with the reset gate applied after the matmul):

    r_t = σ(W_xr x_t + b_xr + W_hr h_{t-1} + b_hr)               reset gate
    z_t = σ(W_xz x_t + b_xz + W_hz h_{t-1} + b_hz)               update gate: how much to keep
    n_t = tanh(W_xn x_t + b_xn + r_t ⊙ (W_hn h_{t-1} + b_hn))    the candidate state
    h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}                        z = 1 keeps h, z = 0 replaces it

Shapes (time-major, batch always present):
    x_t (B, D), h_prev, h_t (B, H);  x (T, B, D), h0 (B, H), h (T, B, H)
    params: W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,): the gates' blocks stacked in the
    order r, z, n, W_x = [W_xr; W_xz; W_xn].
This is torch.nn.GRU's layout: W_x = weight_ih_l0, W_h = weight_hh_l0, b_x = bias_ih_l0,
b_h = bias_hh_l0. Unlike the LSTM's, the two biases cannot be merged: r_t multiplies b_hn
but not b_xn.
Parameter count: 3H*D + 3H*H + 6H, three times the vanilla cell's W_x and W_h and six times
its b (``gru_parameter_count``), the same as torch's.

Backward functions take the gradient of the loss with respect to the outputs and return
those with respect to the inputs and a dict of parameter gradients with the keys of
``params``. Nothing here modifies its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_array,
    check_float_dtype,
    check_params,
    check_positive_int,
    check_rng,
)
from .lstm import _sigmoid  # one stable sigmoid for both gated cells

__all__ = ["gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward",
           "gru_init_params", "gru_parameter_count"]


def _gru_params(params, D=None, H=None, finite=True):
    """W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,), checked against each other (and D, H
    when given). H is read off W_h's second axis. finite=False skips the NaN/inf scan."""
    spec = {"W_h": ("3H", "H"), "W_x": ("3H", "D"), "b_x": ("3H",), "b_h": ("3H",)}
    if H is None:  # keys and ranks first, so that a missing key is named among all four
        H = check_params(params, {k: (v, None) for k, v in spec.items()}, finite=False)[0].shape[1]
    sizes = {"W_h": (3 * H, H), "W_x": (3 * H, D), "b_x": (3 * H,), "b_h": (3 * H,)}
    W_h, W_x, b_x, b_h = check_params(params, {k: (v, sizes[k]) for k, v in spec.items()},
                                      finite=finite)
    return W_x, W_h, b_x, b_h


@dataclass
class GRUStepCache:
    """One step's activations: x_t (B, D), h_prev (B, H), gates [r z n] (B, 3H),
    hn = W_hn h_{t-1} + b_hn (B, H)."""

    x_t: np.ndarray
    h_prev: np.ndarray
    gates: np.ndarray
    hn: np.ndarray


@dataclass
class GRUSequenceCache:
    """What BPTT needs: x (T, B, D), h0 (B, H), gates (T, B, 3H), hn (T, B, H), h (T, B, H)."""

    x: np.ndarray
    h0: np.ndarray
    gates: np.ndarray
    hn: np.ndarray
    h: np.ndarray


def _step(a, h_prev, W_h, b_h, gates, hn, h_t):
    """The cell's maths for a batch, given a = W_x x_t + b_x (B, 3H); writes the outputs into
    gates (B, 3H), hn, h_t (B, H)."""
    H = hn.shape[1]
    ah = h_prev @ W_h.T + b_h  # W_h h_{t-1} + b_h, all three blocks at once
    r, z, n = np.split(gates, 3, axis=1)  # views into gates
    _sigmoid(a[:, :2 * H] + ah[:, :2 * H], out=gates[:, :2 * H])  # r and z
    hn[...] = ah[:, 2 * H:]
    np.tanh(a[:, 2 * H:] + r * hn, out=n)  # n = tanh(W_xn x + b_xn + r ⊙ (W_hn h + b_hn))
    np.add((1 - z) * n, z * h_prev, out=h_t)  # h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}


def _step_backward(dh_t, h_prev, gates, hn, W_h, dax, dah):
    """dL/d(W_x x_t + b_x) and dL/d(W_h h_{t-1} + b_h), both (B, 3H), written into dax and
    dah; returns dh_prev = dL/dh_{t-1}."""
    H = hn.shape[1]
    r, z, n = np.split(gates, 3, axis=1)
    dar, daz, dan = np.split(dax, 3, axis=1)
    # h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}:  dn = dh_t ⊙ (1 - z),  dz = dh_t ⊙ (h_{t-1} - n)
    # and then to the pre-activations with tanh' = 1 - tanh², σ' = σ(1 - σ):
    np.multiply(dh_t * (1 - z), 1 - n * n, out=dan)         # da_n, also dL/d(W_xn x + b_xn)
    np.multiply(dh_t * (h_prev - n), z * (1 - z), out=daz)  # da_z
    np.multiply(dan * hn, r * (1 - r), out=dar)             # dr = da_n ⊙ (W_hn h + b_hn)
    dah[:, :2 * H] = dax[:, :2 * H]  # r and z read x and h through one sum
    np.multiply(dan, r, out=dah[:, 2 * H:])  # dL/d(W_hn h + b_hn) = da_n ⊙ r
    # dh_{t-1} = z ⊙ dh_t (the direct path) + W_h^T dah (rows: dah @ W_h)
    return dh_t * z + dah @ W_h


def gru_step_forward(x_t, h_prev, params):
    """One GRU step for a batch: h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.

    x_t (B, D), h_prev (B, H), params W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,).
    Returns h_t (B, H) and the cache for ``gru_step_backward``.
    """
    W_x, W_h, b_x, b_h = _gru_params(params)
    H, D = W_h.shape[1], W_x.shape[1]
    x_t = check_array("x_t", x_t, ("B", "D"), (None, D),
                      why=f"(D from params['W_x'] of shape {W_x.shape})")
    B = x_t.shape[0]
    h_prev = check_array("h_prev", h_prev, ("B", "H"), (B, H))
    dtype = np.result_type(x_t, h_prev, W_x, W_h, b_x, b_h)
    a = (x_t @ W_x.T).astype(dtype, copy=False)
    a += b_x  # same order of additions as gru_forward, so the two agree to rounding
    gates, hn, h_t = (np.empty((B, n), dtype=dtype) for n in (3 * H, H, H))
    _step(a, h_prev, W_h, b_h, gates, hn, h_t)
    return h_t, GRUStepCache(x_t, h_prev, gates, hn)


def gru_step_backward(dh_t, cache, params):
    """Backward through one step.

    dh_t (B, H): dL/dh_t, the total gradient reaching h_t (this step's loss and step t+1).
    Returns dx_t (B, D), dh_prev (B, H) and grads {W_x, W_h, b_x, b_h}.
    """
    if not isinstance(cache, GRUStepCache):
        raise ValueError(f"cache must be the GRUStepCache returned by gru_step_forward; "
                         f"got {type(cache).__name__}")
    B, H = cache.hn.shape
    W_x, W_h, _, _ = _gru_params(params, D=cache.x_t.shape[1], H=H, finite=False)
    dh_t = check_array("dh_t", dh_t, ("B", "H"), (B, H))
    dax, dah = np.empty_like(cache.gates), np.empty_like(cache.gates)
    dh_prev = _step_backward(dh_t, cache.h_prev, cache.gates, cache.hn, W_h, dax, dah)
    grads = {"W_x": dax.T @ cache.x_t, "W_h": dah.T @ cache.h_prev,
             "b_x": dax.sum(axis=0), "b_h": dah.sum(axis=0)}
    return dax @ W_x, dh_prev.astype(dax.dtype, copy=False), grads


def gru_forward(x, h0, params):
    """Run the GRU over a sequence, t = 1..T (the step equations in the module docstring).

    x (T, B, D), h0 (B, H), params W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,).
    Returns h (T, B, H), the hidden state after every step, and the cache for ``gru_backward``.
    """
    W_x, W_h, b_x, b_h = _gru_params(params)
    H, D = W_h.shape[1], W_x.shape[1]
    x = check_array("x", x, ("T", "B", "D"), (None, None, D),
                    why=f"(D from params['W_x'] of shape {W_x.shape})")
    T, B, _ = x.shape
    h0 = check_array("h0", h0, ("B", "H"), (B, H))
    dtype = np.result_type(x, h0, W_x, W_h, b_x, b_h)
    # The input term W_x x_t + b_x does not wait for the recurrence: one product for all T*B rows.
    a = (x.reshape(T * B, D) @ W_x.T).reshape(T, B, 3 * H).astype(dtype, copy=False)
    a += b_x
    gates = np.empty((T, B, 3 * H), dtype=dtype)
    hn, h = np.empty((T, B, H), dtype=dtype), np.empty((T, B, H), dtype=dtype)
    for t in range(T):
        _step(a[t], h[t - 1] if t else h0, W_h, b_h, gates[t], hn[t], h[t])
    return h, GRUSequenceCache(x, h0, gates, hn, h)


def gru_backward(dh, cache, params):
    """Backpropagation through time.

    dh (T, B, H): dL/dh_t from the loss at each step alone (zeros where a step has no loss).
    What reaches h_t from step t+1 is added here, step by step (``_step_backward``).
    Returns dx (T, B, D), dh0 (B, H) and grads {W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,)}.
    """
    if not isinstance(cache, GRUSequenceCache):
        raise ValueError(f"cache must be the GRUSequenceCache returned by gru_forward; "
                         f"got {type(cache).__name__}")
    x, h0, h = cache.x, cache.h0, cache.h
    T, B, H = h.shape
    D = x.shape[2]
    W_x, W_h, _, _ = _gru_params(params, D=D, H=H, finite=False)
    dh = check_array("dh", dh, ("T", "B", "H"), (T, B, H))
    dax, dah = np.empty_like(cache.gates), np.empty_like(cache.gates)
    dh_next = np.zeros((B, H), dtype=h.dtype)  # what step t+1 sends back to h_t
    for t in range(T - 1, -1, -1):
        dh_next = _step_backward(dh[t] + dh_next, h[t - 1] if t else h0, cache.gates[t],
                                 cache.hn[t], W_h, dax[t], dah[t])
    # With every step's gradients known, the sums over time are single matrix products.
    dax2, dah2 = dax.reshape(T * B, 3 * H), dah.reshape(T * B, 3 * H)
    dW_h = dah[0].T @ h0
    if T > 1:
        dW_h += dah2[B:].T @ h[:-1].reshape((T - 1) * B, H)
    grads = {"W_x": dax2.T @ x.reshape(T * B, D), "W_h": dW_h,
             "b_x": dax2.sum(axis=0), "b_h": dah2.sum(axis=0)}
    return (dax2 @ W_x).reshape(T, B, D), dh_next.astype(h.dtype, copy=False), grads


def gru_init_params(rng, D, H, dtype=np.float64):
    """Small random weights, scaled as ``rnnlib.models.init_params`` scales the vanilla cell:
    W_x ~ N(0, 1/D), W_h ~ N(0, 1/H), biases 0 (z starts at σ(0) = 1/2: half kept, half new).

    Returns {W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,)}.
    """
    check_rng(rng)
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    dtype = check_float_dtype(dtype)
    p = {"W_x": rng.normal(0, 1 / np.sqrt(D), (3 * H, D)),
         "W_h": rng.normal(0, 1 / np.sqrt(H), (3 * H, H)),
         "b_x": np.zeros(3 * H),
         "b_h": np.zeros(3 * H)}
    return {k: v.astype(dtype) for k, v in p.items()}


def gru_parameter_count(D, H):
    """Number of trainable numbers: 3H*D + 3H*H + 6H: three times the vanilla cell's W_x and
    W_h, and two biases of 3H (torch's count too). Returns {"W_x", "W_h", "b_x", "b_h", "total"}."""
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    counts = {"W_x": 3 * H * D, "W_h": 3 * H * H, "b_x": 3 * H, "b_h": 3 * H}
    return {**counts, "total": sum(counts.values())}
