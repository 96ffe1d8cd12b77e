"""The recurrent cell  h_t = f(W_x x_t + W_h h_{t-1} + b),  one step or a whole sequence.

Shapes (time-major, batch always present):
    x_t (B, D), h_prev and h_t (B, H);  x (T, B, D), h0 (B, H), h (T, B, H)
    params: W_x (H, D), W_h (H, H), b (H,)      -- the layout of the lecture and of torch.nn.RNN
Batched code multiplies rows, so  W_x x_t  is written  x_t @ W_x.T.

Backward functions take the gradient of the loss with respect to the outputs and return
the gradients with respect to the inputs and a dict of parameter gradients with the same
keys as ``params``. Nothing here modifies its arguments. Integer arrays (x, h0, params) are
read as float64; float32 stays float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import (
    check_activation,
    check_array,
    check_float_dtype,
    check_keys,
    check_params,
    check_positive_int,
    check_rng,
)

__all__ = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
           "rnn_init_params", "ACTIVATIONS"]

ACTIVATIONS = ("tanh", "relu", "linear")  # linear: f(a) = a, for studying the dynamics


def _cell_params(params, D=None, H=None, finite=True):
    """W_x (H, D), W_h (H, H), b (H,), checked against each other (and D, H when given).

    finite=False skips the scan for NaN and inf (the backward pass: the forward pass has
    just made it, and the backward pass must not cost twice the checks).
    Integer arrays are returned as float64 copies.
    """
    check_keys(params, ("W_x", "W_h", "b"))
    (W_x,) = check_params(params, {"W_x": (("H", "D"), (H, D))}, finite=finite, as_float=True)
    H = W_x.shape[0]
    W_h, b = check_params(params, {"W_h": (("H", "H"), (H, H)), "b": (("H",), (H,))},
                          finite=finite, as_float=True)
    return W_x, W_h, b


def _identity(a, out=None):
    """f(a) = a (the linear activation), written into ``out``."""
    if out is None:
        return a.copy()
    out[...] = a
    return out


# Each activation once: f(a), written into ``out``, and its slope f'(a) read off the output
# h = f(a) (tanh' = 1 - h^2, relu' = [h > 0], linear' = 1), an array of h's dtype.
_ACTIVATION_TABLE = {
    "tanh": (lambda a, out=None: np.tanh(a, out=out), lambda h: 1 - h * h),
    "relu": (lambda a, out=None: np.maximum(a, 0, out=out), lambda h: (h > 0).astype(h.dtype)),
    "linear": (_identity, np.ones_like),
}


def _activate(a, activation, out=None):
    """f(a): tanh, ReLU or the identity, written into ``out``."""
    return _ACTIVATION_TABLE[activation][0](a, out=out)


def _slope(h, activation):
    """f'(a) read off h = f(a), for every entry of h."""
    return _ACTIVATION_TABLE[activation][1](h)


def _activation_grad(dh, h, activation, out=None):
    """dL/da = dL/dh * f'(a), with f' read off the output h."""
    return np.multiply(dh, _slope(h, activation), out=out)


@dataclass
class StepCache:
    """What one step's backward pass needs: x_t (B, D), h_prev (B, H), h_t (B, H)."""

    x_t: np.ndarray
    h_prev: np.ndarray
    h_t: np.ndarray
    activation: str


@dataclass
class SequenceCache:
    """What BPTT needs: x (T, B, D), h0 (B, H) and the hidden states h (T, B, H)."""

    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    activation: str


def rnn_step_forward(x_t, h_prev, params, activation="tanh"):
    """h_t = f(W_x x_t + W_h h_{t-1} + b) for a batch.

    x_t (B, D), h_prev (B, H), params W_x (H, D), W_h (H, H), b (H,);
    activation "tanh", "relu" or "linear".
    Returns h_t (B, H) and the cache for ``rnn_step_backward``.
    """
    W_x, W_h, b = _cell_params(params)
    H, D = W_x.shape
    activation = check_activation(activation, ACTIVATIONS)
    x_t = check_array("x_t", x_t, ("B", "D"), (None, D),
                      why=f"(D from params['W_x'] of shape {W_x.shape})", as_float=True)
    h_prev = check_array("h_prev", h_prev, ("B", "H"), (x_t.shape[0], H), as_float=True)
    # The same order of additions as rnn_forward. The two agree to within a few ulp, not
    # to the last bit: rnn_forward multiplies all T*B rows by W_x at once, and BLAS may round
    # a product of another shape differently (1-2 ulp in about 9 % of random cases).
    a = x_t @ W_x.T + b
    a += h_prev @ W_h.T
    h_t = _activate(a, activation, out=a)
    return h_t, StepCache(x_t, h_prev, h_t, activation)


def rnn_step_backward(dh_t, cache, params):
    """Backward through one step.

    dh_t (B, H): dL/dh_t, the total gradient reaching h_t (from this step's loss and from step t+1).
    Returns dx_t (B, D), dh_prev (B, H) and grads {W_x (H, D), W_h (H, H), b (H,)}.
    """
    if not isinstance(cache, StepCache):
        raise ValueError(f"cache must be the StepCache returned by rnn_step_forward; "
                         f"got {type(cache).__name__}")
    B, H = cache.h_t.shape
    W_x, W_h, _ = _cell_params(params, D=cache.x_t.shape[1], H=H, finite=False)
    dh_t = check_array("dh_t", dh_t, ("B", "H"), (B, H), as_float=True)
    da = _activation_grad(dh_t, cache.h_t, cache.activation)  # dL/da_t, a_t the pre-activation
    grads = {"W_x": da.T @ cache.x_t, "W_h": da.T @ cache.h_prev, "b": da.sum(axis=0)}
    return da @ W_x, da @ W_h, grads


def rnn_forward(x, h0, params, activation="tanh"):
    """Run the cell over a sequence: h_t = f(W_x x_t + W_h h_{t-1} + b), t = 1..T.

    x (T, B, D), h0 (B, H), params W_x (H, D), W_h (H, H), b (H,).
    Returns h (T, B, H), the hidden state after every step (h[t] is h_{t+1} in the
    lecture's 1-based count), and the cache for ``rnn_backward``.
    """
    W_x, W_h, b = _cell_params(params)
    H, D = W_x.shape
    activation = check_activation(activation, ACTIVATIONS)
    x = check_array("x", x, ("T", "B", "D"), (None, None, D),
                    why=f"(D from params['W_x'] of shape {W_x.shape})", as_float=True)
    T, B, _ = x.shape
    h0 = check_array("h0", h0, ("B", "H"), (B, H), as_float=True)
    dtype = np.result_type(x, h0, W_x, W_h, b)
    # The input term W_x x_t + b does not depend on the recurrence: one matrix product for
    # all T*B rows. Only W_h h_{t-1} has to wait for the previous step.
    a = (x.reshape(T * B, D) @ W_x.T).reshape(T, B, H).astype(dtype, copy=False)
    a += b
    h = np.empty((T, B, H), dtype=dtype)
    W_hT, h_prev = W_h.T, h0
    for t in range(T):
        a[t] += h_prev @ W_hT
        h_prev = _activate(a[t], activation, out=h[t])
    return h, SequenceCache(x, h0, h, activation)


def rnn_backward(dh, cache, params, truncate=None, return_terms=False):
    """Backpropagation through time (optionally truncated).

    dh (T, B, H): dL/dh_t coming from the loss at each step alone (zeros where a step has no
    loss). The gradient that reaches h_t from later steps is added here, step by step:
        g_t  = dh[t] + W_h^T da_{t+1}          (total derivative of L with respect to h_t)
        da_t = g_t * f'(a_t)
    and the parameter gradients are sums over time of the per-step terms.
    truncate: None for the exact gradient; k to cut the flow from h_t back to h_{t-1} at
    every t that is a multiple of k (chunks of k steps, as when a long sequence is trained
    chunk by chunk with the hidden state carried forward but treated as a constant).
    return_terms: also return each step's term of the parameter gradients,
    {W_x (T, H, D), W_h (T, H, H), b (T, H)}, whose sums over time are ``grads``.
    Returns dx (T, B, D), dh0 (B, H) and grads {W_x (H, D), W_h (H, H), b (H,)}
    [, terms].
    """
    if not isinstance(cache, SequenceCache):
        raise ValueError(f"cache must be the SequenceCache returned by rnn_forward; "
                         f"got {type(cache).__name__}")
    x, h0, h, activation = cache.x, cache.h0, cache.h, cache.activation
    T, B, H = h.shape
    D = x.shape[2]
    W_x, W_h, _ = _cell_params(params, D=D, H=H, finite=False)
    dh = check_array("dh", dh, ("T", "B", "H"), (T, B, H), as_float=True)
    truncate = check_positive_int("truncate", truncate, or_none=True)
    da = np.empty_like(h)
    carry = np.zeros((B, H), dtype=h.dtype)  # W_h^T da_{t+1}: what step t+1 sends back to h_t
    for t in range(T - 1, -1, -1):
        _activation_grad(dh[t] + carry, h[t], activation, out=da[t])  # da_t = g_t * f'(a_t)
        carry = da[t] @ W_h
        if truncate is not None and t % truncate == 0 and t > 0:
            carry = np.zeros_like(carry)  # the chunk starts here: no gradient to h_{t-1}
    # With every da_t known, the sums over time are single matrix products.
    da2 = da.reshape(T * B, H)
    dW_h = da[0].T @ h0
    if T > 1:
        dW_h += da2[B:].T @ h[:-1].reshape((T - 1) * B, H)
    grads = {"W_x": da2.T @ x.reshape(T * B, D), "W_h": dW_h, "b": da2.sum(axis=0)}
    dx = (da2 @ W_x).reshape(T, B, D)
    if return_terms:  # the same sums, kept apart step by step: da_t x_t^T, da_t h_{t-1}^T, da_t
        h_prev = np.concatenate([h0[None], h[:-1]])
        terms = {"W_x": np.einsum("tbi,tbj->tij", da, x),
                 "W_h": np.einsum("tbi,tbj->tij", da, h_prev),
                 "b": da.sum(axis=1)}
        return dx, carry, grads, terms
    return dx, carry, grads


def rnn_init_params(rng, D, H, dtype=np.float64):
    """The cell's small random weights, as every model of rnnlib starts them:
    W_x ~ N(0, 1/D), W_h ~ N(0, 1/H) (spectral radius near 1, notebook 05), b = 0.

    rng: a np.random.Generator (W_x is drawn first, then W_h); D, H: positive integers.
    Returns {W_x (H, D), W_h (H, H), b (H,)}, like ``lstm_init_params`` and ``gru_init_params``.
    """
    check_rng(rng)
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    dtype = check_float_dtype(dtype)
    p = {"W_x": rng.normal(0, 1 / np.sqrt(D), (H, D)),
         "W_h": rng.normal(0, 1 / np.sqrt(H), (H, H)),
         "b": np.zeros(H)}
    return {k: v.astype(dtype) for k, v in p.items()}
