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

from ._validation import (
    check_activation,
    check_array,
    check_float_dtype,
    check_keys,
    check_params,
    check_positive_int,
    check_rng,
)

__all__ = ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
           "rnn_backward_truncated", "rnn_gradient_terms", "rnn_init_params", "ACTIVATIONS"]

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


def _step(x_t, h_prev, W_x, W_h, b, activation):
    """The cell's arithmetic, unchecked: h_t = f(x_t W_x^T + b + h_prev W_h^T).
    rnn_step_forward and rnn_forward check their inputs once, then call this."""
    a = x_t @ W_x.T + b
    a += h_prev @ W_h.T
    return _activate(a, activation, out=a)


def _step_back(dh_t, x_t, h_prev, h_t, W_x, W_h, activation):
    """One step of BPTT, unchecked: dx_t, dh_prev and the step's terms of the parameter
    gradients. rnn_step_backward and rnn_backward check their inputs, then call this."""
    da = _activation_grad(dh_t, h_t, activation)  # delta_t = dL/da_t = g_t * f'(a_t)
    grads = {"W_x": da.T @ x_t, "W_h": da.T @ h_prev, "b": da.sum(axis=0)}
    return da @ W_x, da @ W_h, grads


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
    h_t = _step(x_t, h_prev, W_x, W_h, b, activation)
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
    return _step_back(dh_t, cache.x_t, cache.h_prev, cache.h_t, W_x, W_h, cache.activation)


def rnn_forward(x, h0, params, activation="tanh"):
    """Run the cell over a sequence: h_t = f(W_x x_t + W_h h_{t-1} + b), t = 1..T.

    x (T, B, D), h0 (B, H), params W_x (H, D), W_h (H, H), b (H,).
    Returns h (T, B, H), the hidden state after every step (h[t] is h_{t+1} in the
    lecture's 1-based count), and the cache for ``rnn_backward``.
    The loop over ``rnn_step_forward``'s arithmetic, bit for bit (inputs checked once).
    """
    W_x, W_h, b = _cell_params(params)
    H, D = W_x.shape
    activation = check_activation(activation, ACTIVATIONS)
    x = check_array("x", x, ("T", "B", "D"), (None, None, D),
                    why=f"(D from params['W_x'] of shape {W_x.shape})", as_float=True)
    T, B, _ = x.shape
    h0 = check_array("h0", h0, ("B", "H"), (B, H), as_float=True)
    h = np.empty((T, B, H), dtype=np.result_type(x, h0, W_x, W_h, b))
    h_prev = h0
    for t in range(T):
        h[t] = _step(x[t], h_prev, W_x, W_h, b, activation)
        h_prev = h[t]
    return h, SequenceCache(x, h0, h, activation)


def _bptt_inputs(dh, cache, params):
    """BPTT's inputs, checked: x, h0, h, activation from the cache, W_x, W_h, and dh."""
    if not isinstance(cache, SequenceCache):
        raise ValueError(f"cache must be the SequenceCache returned by rnn_forward; "
                         f"got {type(cache).__name__}")
    T, B, H = cache.h.shape
    W_x, W_h, _ = _cell_params(params, D=cache.x.shape[2], H=H, finite=False)
    dh = check_array("dh", dh, ("T", "B", "H"), (T, B, H), as_float=True)
    return cache.x, cache.h0, cache.h, cache.activation, W_x, W_h, dh


def rnn_backward(dh, cache, params):
    """Backpropagation through time: ``rnn_step_backward`` from the last step to the first.

    dh (T, B, H): dL/dh_t coming from the loss at each step alone (zeros where a step has no
    loss). The gradient that reaches h_t from later steps is added here, step by step:
        g_t     = dh[t] + W_h^T delta_{t+1}     (total derivative of L with respect to h_t)
        delta_t = g_t * f'(a_t)
    and the parameter gradients are the sums over time of each step's terms.
    Returns dx (T, B, D), dh0 (B, H) and grads {W_x (H, D), W_h (H, H), b (H,)}.
    Truncated BPTT: ``rnn_backward_truncated``; each step's terms: ``rnn_gradient_terms``.
    """
    x, h0, h, activation, W_x, W_h, dh = _bptt_inputs(dh, cache, params)
    T, B, H = h.shape
    grads = {"W_x": np.zeros(W_x.shape, h.dtype), "W_h": np.zeros((H, H), h.dtype),
             "b": np.zeros(H, h.dtype)}
    dx = np.empty(x.shape, h.dtype)
    dh_next = np.zeros((B, H), h.dtype)  # W_h^T delta_{t+1}: what step t+1 sends back to h_t
    for t in reversed(range(T)):
        h_prev = h[t - 1] if t > 0 else h0
        dx[t], dh_next, step = _step_back(dh[t] + dh_next, x[t], h_prev, h[t], W_x, W_h,
                                          activation)
        for name in grads:
            grads[name] += step[name]
    return dx, dh_next, grads  # after the loop, dh_next is dL/dh_0


def rnn_backward_truncated(dh, cache, params, k):
    """Truncated BPTT: the sequence cut into chunks of k steps (from the start), exact BPTT
    within each chunk, and the state carried into a chunk treated as a constant, as when a
    long sequence is trained chunk by chunk. No gradient flows from one chunk to the one
    before it, so each gradient keeps at most the last k steps of every chain.

    dh, cache, params as for ``rnn_backward``; k a positive integer (k >= T: exact BPTT).
    Returns dx (T, B, D), dh0 (B, H) (from the first chunk) and grads (summed over chunks).
    """
    x, h0, h, activation, *_ = _bptt_inputs(dh, cache, params)
    k = check_positive_int("k", k)
    dx, grads = np.empty(x.shape, h.dtype), None
    for start in reversed(range(0, len(h), k)):
        chunk = slice(start, start + k)
        part = SequenceCache(x[chunk], h[start - 1] if start > 0 else h0, h[chunk], activation)
        dx[chunk], dh0, part_grads = rnn_backward(dh[chunk], part, params)
        grads = part_grads if grads is None else {n: grads[n] + part_grads[n] for n in grads}
    return dx, dh0, grads  # dh0 of the chunk that starts at h0


def rnn_gradient_terms(dh, cache, params):
    """Each step's term of BPTT's parameter gradients, kept apart instead of summed:
    delta_t x_t^T, delta_t h_{t-1}^T and delta_t (summed over the batch), for t = 1..T.

    dh, cache, params as for ``rnn_backward``.
    Returns {W_x (T, H, D), W_h (T, H, H), b (T, H)}; their sums over time are
    ``rnn_backward``'s grads.
    """
    x, h0, h, activation, W_x, W_h, dh = _bptt_inputs(dh, cache, params)
    terms = {"W_x": [], "W_h": [], "b": []}
    dh_next = np.zeros(h0.shape, h.dtype)
    for t in reversed(range(len(h))):
        h_prev = h[t - 1] if t > 0 else h0
        _, dh_next, step = _step_back(dh[t] + dh_next, x[t], h_prev, h[t], W_x, W_h, activation)
        for name in terms:
            terms[name].append(step[name])
    return {name: np.stack(steps[::-1]) for name, steps in terms.items()}


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
