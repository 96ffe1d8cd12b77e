"""The LSTM cell, one step or a whole sequence, forward and backward (BPTT).

    i_t = σ(W_xi x_t + W_hi h_{t-1} + b_i)        input gate: how much of g_t to write
    f_t = σ(W_xf x_t + W_hf h_{t-1} + b_f)        forget gate: how much of c_{t-1} to keep
    g_t = tanh(W_xg x_t + W_hg h_{t-1} + b_g)     the candidate to write
    o_t = σ(W_xo x_t + W_ho h_{t-1} + b_o)        output gate: how much of the cell to show
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t               the cell state: an additive path through time
    h_t = o_t ⊙ tanh(c_t)

(Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000.)

Shapes (time-major, batch always present):
    x_t (B, D), h_prev, c_prev, h_t, c_t (B, H);  x (T, B, D), h0, c0 (B, H), h, c (T, B, H)
    params: W_x (4H, D), W_h (4H, H), b (4H,): the gates' blocks stacked in the order i, f, g, o,
    W_x = [W_xi; W_xf; W_xg; W_xo] (b_i .. b_o are blocks of b, not the output layer's b_o).
This is torch.nn.LSTM's layout: W_x = weight_ih_l0, W_h = weight_hh_l0. torch has two biases
and adds them, so b = bias_ih_l0 + bias_hh_l0 (copy b into one and zeros into the other).
Parameter count: 4H*D + 4H*H + 4H, four times the vanilla cell's W_x, W_h, b
(``lstm_parameter_count``); torch counts 4H more, its second bias.

Backward functions take the gradients of the loss with respect to the outputs and return
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

__all__ = ["lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
           "lstm_init_params", "lstm_parameter_count"]


def _sigmoid(a, out=None):
    """σ(a) = 1 / (1 + e^-a), as e^a / (1 + e^a) where a < 0: exp never overflows, and the
    small values keep their relative precision."""
    z = np.exp(-np.abs(a))
    return np.divide(np.where(a >= 0, 1.0, z), 1.0 + z, out=out)


def _lstm_params(params, D=None, H=None, finite=True):
    """W_x (4H, D), W_h (4H, H), b (4H,), checked against each other (and D, H when given).

    H is read off W_h's second axis (the one size that is not a multiple of 4).
    finite=False skips the scan for NaN and inf (the backward pass).
    """
    spec = {"W_h": ("4H", "H"), "W_x": ("4H", "D"), "b": ("4H",)}
    if H is None:  # keys and ranks first, so that a missing key is named among all three
        (W_h, _, _) = check_params(params, {k: (v, None) for k, v in spec.items()}, finite=False)
        H = W_h.shape[1]
    W_h, W_x, b = check_params(params, {"W_h": (spec["W_h"], (4 * H, H)),
                                        "W_x": (spec["W_x"], (4 * H, D)),
                                        "b": (spec["b"], (4 * H,))}, finite=finite)
    return W_x, W_h, b


@dataclass
class LSTMStepCache:
    """One step's activations: x_t (B, D), h_prev, c_prev (B, H), gates [i f g o] (B, 4H),
    tanh_c = tanh(c_t) (B, H)."""

    x_t: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    gates: np.ndarray
    tanh_c: np.ndarray


@dataclass
class LSTMSequenceCache:
    """What BPTT needs: x (T, B, D), h0, c0 (B, H), gates (T, B, 4H), c, tanh_c, h (T, B, H)."""

    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    gates: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray


def _step(a, h_prev, c_prev, W_h, gates, c_t, tanh_c, h_t):
    """The cell's maths for a batch, given a = W_x x_t + b (B, 4H); writes the outputs into
    gates (B, 4H), c_t, tanh_c, h_t (B, H)."""
    np.add(a, h_prev @ W_h.T, out=gates)  # W_x x_t + b + W_h h_{t-1}, all four gates at once
    i, f, g, o = np.split(gates, 4, axis=1)  # views into gates
    for gate in (i, f, o):
        _sigmoid(gate, out=gate)  # i, f, o = σ(.)
    np.tanh(g, out=g)             # g = tanh(.)
    np.add(f * c_prev, i * g, out=c_t)  # c_t = f ⊙ c_{t-1} + i ⊙ g
    np.multiply(o, np.tanh(c_t, out=tanh_c), out=h_t)  # h_t = o ⊙ tanh(c_t)


def _step_backward(dh_t, dc_next, gates, c_prev, tanh_c, W_h, da):
    """dL/da (B, 4H) written into ``da``, the gradient of the gates' pre-activations; returns
    dh_prev = dL/dh_{t-1} and dc_prev = the part of dL/dc_{t-1} that flows through c_t."""
    i, f, g, o = np.split(gates, 4, axis=1)
    da_i, da_f, da_g, da_o = np.split(da, 4, axis=1)
    # dc_t = dh_t ⊙ o ⊙ (1 - tanh²(c_t)) + dc_{t+1} ⊙ f_{t+1}   (dc_next holds the second term)
    dc = dc_next + dh_t * o * (1 - tanh_c * tanh_c)
    # through c_t = f ⊙ c_{t-1} + i ⊙ g and h_t = o ⊙ tanh(c_t); then to the pre-activations
    # with σ' = σ(1 - σ) and tanh' = 1 - tanh²:
    np.multiply(dc * g, i * (1 - i), out=da_i)         # di = dc_t ⊙ g
    np.multiply(dc * c_prev, f * (1 - f), out=da_f)    # df = dc_t ⊙ c_{t-1}
    np.multiply(dc * i, 1 - g * g, out=da_g)           # dg = dc_t ⊙ i
    np.multiply(dh_t * tanh_c, o * (1 - o), out=da_o)  # do = dh_t ⊙ tanh(c_t)
    # dh_{t-1} = W_h^T da (rows: da @ W_h);  dc_{t-1} = dc_t ⊙ f, the additive path
    return da @ W_h, dc * f


def lstm_step_forward(x_t, h_prev, c_prev, params):
    """One LSTM step for a batch: c_t = f ⊙ c_{t-1} + i ⊙ g,  h_t = o ⊙ tanh(c_t).

    x_t (B, D), h_prev (B, H), c_prev (B, H), params W_x (4H, D), W_h (4H, H), b (4H,).
    Returns h_t (B, H), c_t (B, H) and the cache for ``lstm_step_backward``.
    """
    W_x, W_h, b = _lstm_params(params)
    H, D = W_h.shape[1], W_x.shape[1]
    x_t = check_array("x_t", x_t, ("B", "D"), (None, D),
                      why=f"(D from params['W_x'] of shape {W_x.shape})")
    B = x_t.shape[0]
    h_prev = check_array("h_prev", h_prev, ("B", "H"), (B, H))
    c_prev = check_array("c_prev", c_prev, ("B", "H"), (B, H))
    dtype = np.result_type(x_t, h_prev, c_prev, W_x, W_h, b)
    a = (x_t @ W_x.T).astype(dtype, copy=False)
    a += b  # same order of additions as lstm_forward, so the two agree to rounding
    gates, c_t, tanh_c, h_t = (np.empty((B, n), dtype=dtype) for n in (4 * H, H, H, H))
    _step(a, h_prev, c_prev, W_h, gates, c_t, tanh_c, h_t)
    return h_t, c_t, LSTMStepCache(x_t, h_prev, c_prev, gates, tanh_c)


def lstm_step_backward(dh_t, dc_t, cache, params):
    """Backward through one step.

    dh_t (B, H): dL/dh_t, the total gradient reaching h_t (this step's loss and step t+1).
    dc_t (B, H) or None (zeros): the gradient reaching c_t other than through h_t, i.e.
    dc_{t+1} ⊙ f_{t+1} from the next step, or dL/dc_T at the last one.
    Returns dx_t (B, D), dh_prev (B, H), dc_prev (B, H) and grads {W_x, W_h, b}.
    """
    if not isinstance(cache, LSTMStepCache):
        raise ValueError(f"cache must be the LSTMStepCache returned by lstm_step_forward; "
                         f"got {type(cache).__name__}")
    B, H = cache.tanh_c.shape
    W_x, W_h, _ = _lstm_params(params, D=cache.x_t.shape[1], H=H, finite=False)
    dh_t = check_array("dh_t", dh_t, ("B", "H"), (B, H))
    da = np.empty_like(cache.gates)
    dc_t = (np.zeros((B, H), dtype=da.dtype) if dc_t is None
            else check_array("dc_t", dc_t, ("B", "H"), (B, H)))
    dh_prev, dc_prev = _step_backward(dh_t, dc_t, cache.gates, cache.c_prev, cache.tanh_c, W_h, da)
    grads = {"W_x": da.T @ cache.x_t, "W_h": da.T @ cache.h_prev, "b": da.sum(axis=0)}
    return da @ W_x, dh_prev, dc_prev.astype(da.dtype, copy=False), grads


def lstm_forward(x, h0, c0, params):
    """Run the LSTM over a sequence, t = 1..T (the step equations in the module docstring).

    x (T, B, D), h0 (B, H), c0 (B, H), params W_x (4H, D), W_h (4H, H), b (4H,).
    Returns h (T, B, H) and c (T, B, H), the hidden and cell states after every step, and the
    cache for ``lstm_backward``.
    """
    W_x, W_h, b = _lstm_params(params)
    H, D = W_h.shape[1], W_x.shape[1]
    x = check_array("x", x, ("T", "B", "D"), (None, None, D),
                    why=f"(D from params['W_x'] of shape {W_x.shape})")
    T, B, _ = x.shape
    h0 = check_array("h0", h0, ("B", "H"), (B, H))
    c0 = check_array("c0", c0, ("B", "H"), (B, H))
    dtype = np.result_type(x, h0, c0, W_x, W_h, b)
    # The input term W_x x_t + b does not wait for the recurrence: one product for all T*B rows.
    a = (x.reshape(T * B, D) @ W_x.T).reshape(T, B, 4 * H).astype(dtype, copy=False)
    a += b
    gates = np.empty((T, B, 4 * H), dtype=dtype)
    c, tanh_c, h = (np.empty((T, B, H), dtype=dtype) for _ in range(3))
    for t in range(T):
        _step(a[t], h[t - 1] if t else h0, c[t - 1] if t else c0, W_h, gates[t], c[t],
              tanh_c[t], h[t])
    return h, c, LSTMSequenceCache(x, h0, c0, gates, c, tanh_c, h)


def lstm_backward(dh, cache, params, dc_T=None):
    """Backpropagation through time.

    dh (T, B, H): dL/dh_t from the loss at each step alone (zeros where a step has no loss).
    dc_T (B, H) or None (zeros): dL/dc_T, when the loss also reads the last cell state.
    What reaches h_t and c_t from later steps is added here, step by step (``_step_backward``).
    Returns dx (T, B, D), dh0 (B, H), dc0 (B, H) and grads {W_x (4H, D), W_h (4H, H), b (4H,)}.
    """
    if not isinstance(cache, LSTMSequenceCache):
        raise ValueError(f"cache must be the LSTMSequenceCache returned by lstm_forward; "
                         f"got {type(cache).__name__}")
    x, h0, c0, c, h = cache.x, cache.h0, cache.c0, cache.c, cache.h
    T, B, H = h.shape
    D = x.shape[2]
    W_x, W_h, _ = _lstm_params(params, D=D, H=H, finite=False)
    dh = check_array("dh", dh, ("T", "B", "H"), (T, B, H))
    dc_next = (np.zeros((B, H), dtype=h.dtype) if dc_T is None
               else check_array("dc_T", dc_T, ("B", "H"), (B, H)))
    dh_next = np.zeros((B, H), dtype=h.dtype)  # W_h^T da_{t+1}: what step t+1 sends to h_t
    da = np.empty_like(cache.gates)
    for t in range(T - 1, -1, -1):
        dh_next, dc_next = _step_backward(dh[t] + dh_next, dc_next, cache.gates[t],
                                          c[t - 1] if t else c0, cache.tanh_c[t], W_h, da[t])
    # With every da_t known, the sums over time are single matrix products.
    da2 = da.reshape(T * B, 4 * H)
    dW_h = da[0].T @ h0
    if T > 1:
        dW_h += da2[B:].T @ h[:-1].reshape((T - 1) * B, H)
    grads = {"W_x": da2.T @ x.reshape(T * B, D), "W_h": dW_h, "b": da2.sum(axis=0)}
    dx = (da2 @ W_x).reshape(T, B, D)
    return dx, dh_next, dc_next.astype(h.dtype, copy=False), grads


def lstm_init_params(rng, D, H, forget_bias=1.0, dtype=np.float64):
    """Small random weights, scaled as ``rnnlib.models.init_params`` scales the vanilla cell:
    W_x ~ N(0, 1/D), W_h ~ N(0, 1/H), biases 0 except the forget gate's, b_f = forget_bias.

    A forget bias of 1 starts every cell remembering (f ≈ σ(1) = 0.73 instead of 0.5), so
    gradients flow far back through c from the first update (Gers et al. 2000; Jozefowicz
    et al. 2015 found it closes most of the gap between the LSTM and the GRU).
    Returns {W_x (4H, D), W_h (4H, H), b (4H,)}.
    """
    check_rng(rng)
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    dtype = check_float_dtype(dtype)
    if not np.isfinite(forget_bias):
        raise ValueError(f"forget_bias must be a finite number; got {forget_bias!r}")
    b = np.zeros(4 * H)
    b[H:2 * H] = forget_bias
    p = {"W_x": rng.normal(0, 1 / np.sqrt(D), (4 * H, D)),
         "W_h": rng.normal(0, 1 / np.sqrt(H), (4 * H, H)),
         "b": b}
    return {k: v.astype(dtype) for k, v in p.items()}


def lstm_parameter_count(D, H):
    """Number of trainable numbers: 4H*D + 4H*H + 4H, four times the vanilla cell's (one
    block of W_x, W_h, b per gate). Returns a dict {"W_x", "W_h", "b", "total"} of ints."""
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    counts = {"W_x": 4 * H * D, "W_h": 4 * H * H, "b": 4 * H}
    return {**counts, "total": sum(counts.values())}
