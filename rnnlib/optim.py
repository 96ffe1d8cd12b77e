"""Optimisers (SGD with momentum, Adam) and gradient clipping (by global norm, by value).

Parameters and gradients are dicts keyed by the maths names (W_x (H, D), W_h (H, H), b (H,),
W_o (K, H), b_o (K,), E (V, D), ...); any shapes work, as long as each gradient has the
shape of its parameter.

The optimisers' ``step`` is the one place in rnnlib that changes its arguments: it
updates the parameter arrays IN PLACE (so a model holding the dict sees the new values)
and keeps its own state (velocity, moments) per key. The clipping functions are pure:
they return new arrays and never modify the gradients they are given.

Non-finite gradients are not refused by ``step`` (they would make the parameters NaN or
inf, which notebook 05 shows on purpose); to guard a training loop, clip first and skip
the step when the norm returned by ``clip_grad_norm`` is not finite.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_grads, check_positive_number, check_unit_interval, check_update

__all__ = ["SGD", "Adam", "clip_grad_norm", "clip_grad_value"]


# ---------------------------------------------------------------- optimisers
class SGD:
    """Stochastic gradient descent with classic momentum:  v <- mu v - lr g,  p <- p + v.

    With momentum 0 this is plain  p <- p - lr g.  The velocity ``v`` starts at zero and is
    kept per key in ``self.velocity`` (a dict of arrays shaped like the parameters).

    Compared with torch.optim.SGD: torch keeps  b <- mu b + g  and steps  p <- p - lr b,
    so its buffer b is -v / lr here (opposite sign, no factor lr). With a constant lr the
    parameters follow the same path (torch's first step also starts from b = g); they part
    when lr changes during training: here the velocity keeps the old lr's steps, torch's
    buffer is rescaled by the new lr. Dampening, Nesterov and weight decay are not offered.
    """

    def __init__(self, lr=0.1, momentum=0.0):
        self.lr = check_positive_number("lr", lr)
        self.momentum = check_unit_interval("momentum", momentum)
        self.velocity = {}

    def step(self, params, grads):
        """Update ``params`` IN PLACE from ``grads``; returns None.

        params: dict key -> float array (any shape), e.g. W_x (H, D), W_h (H, H), b (H,).
        grads:  dict with exactly the same keys, each of its parameter's shape (not modified).
        A float32 parameter stays float32. Bad input raises ValueError before any update.
        """
        for k, p, g in check_update(params, grads, self.velocity):
            v = self.velocity.setdefault(k, np.zeros_like(p))
            v *= self.momentum
            v -= self.lr * g
            p += v

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum})"


class Adam:
    """Adam (Kingma & Ba, 2015): steps scaled per entry by running moments of the gradient.

        m <- beta1 m + (1 - beta1) g            first moment (mean of g)
        v <- beta2 v + (1 - beta2) g^2          second moment (mean of g^2)
        m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)   bias correction: m, v start at 0
        p <- p - lr m_hat / (sqrt(v_hat) + eps)

    After the first step m_hat = g and v_hat = g^2, so every entry moves by about lr,
    whatever the size of its gradient. ``self.m``, ``self.v`` (arrays shaped like the
    parameters) and ``self.t`` (number of steps taken) are kept per key.
    """

    def __init__(self, lr=1e-2, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = check_positive_number("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive_number("eps", eps)
        self.m, self.v, self.t = {}, {}, {}

    def step(self, params, grads):
        """Update ``params`` IN PLACE from ``grads``; returns None.

        params: dict key -> float array (any shape), e.g. W_x (H, D), W_h (H, H), b (H,).
        grads:  dict with exactly the same keys, each of its parameter's shape (not modified).
        A float32 parameter stays float32. Bad input raises ValueError before any update.
        """
        b1, b2 = self.beta1, self.beta2
        for k, p, g in check_update(params, grads, self.m):
            m = self.m.setdefault(k, np.zeros_like(p))
            v = self.v.setdefault(k, np.zeros_like(p))
            t = self.t[k] = self.t.get(k, 0) + 1
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * np.square(g)
            p -= self.lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + self.eps)

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


# ---------------------------------------------------------------- clipping
def _global_norm(arrays):
    """sqrt(sum of g^2 over every entry of every array), as a float (NaN or inf if any entry is)."""
    # Divide by the largest |entry| before squaring: 1e200^2 overflows float64 (1e20^2 float32)
    # although the norm itself is finite. np.max propagates NaN, so a NaN anywhere shows.
    scale = float(np.max([np.max(np.abs(a), initial=0.0) for a in arrays.values()]))
    if scale == 0.0 or not math.isfinite(scale):
        return scale
    total = sum(float(np.sum(np.square(a.astype(np.float64) / scale))) for a in arrays.values())
    return scale * math.sqrt(total)


def clip_grad_norm(grads, max_norm):
    """Rescale all gradients together so that their global L2 norm is at most ``max_norm``.

        norm = sqrt(sum over keys of ||g_k||^2);  if norm > max_norm:  g_k <- g_k * max_norm / norm

    Every gradient is scaled by the same factor, so the direction of the whole update is
    kept (only its length changes).

    Compared with torch.nn.utils.clip_grad_norm_: torch multiplies by
    min(1, max_norm / (norm + 1e-6)), so it rescales (very slightly) also when the norm is
    just below max_norm, and its clipped norm is a little under max_norm; here the factor
    is exactly max_norm / norm, applied only when norm > max_norm, so the clipped norm is
    max_norm to round-off. torch also clips in place; this returns new arrays.

    grads: dict key -> array (any shape, e.g. W_h (H, H)); never modified.
    max_norm: a number > 0 (math.inf only measures the norm).
    Returns (clipped, norm): ``clipped`` a dict of NEW arrays with the same keys, shapes and
    dtypes; ``norm`` the global norm BEFORE clipping, a float. If that norm is NaN or inf
    nothing can be rescaled meaningfully: ``clipped`` holds unscaled copies and the caller
    should skip the step (``if not math.isfinite(norm): continue``).
    """
    max_norm = check_positive_number("max_norm", max_norm)
    arrays = check_grads(grads)
    if not arrays:
        return {}, 0.0
    norm = _global_norm(arrays)
    if math.isfinite(norm) and norm > max_norm:
        factor = max_norm / norm  # a Python float: float32 arrays stay float32
        return {k: a * factor for k, a in arrays.items()}, norm
    return {k: a.copy() for k, a in arrays.items()}, norm


def clip_grad_value(grads, clip_value):
    """Clip every entry of every gradient to [-clip_value, clip_value].

    Unlike ``clip_grad_norm`` this changes the direction of the update: large entries are
    cut while small ones are kept. NaN entries stay NaN.
    grads: dict key -> array (any shape); never modified. clip_value: a number > 0.
    Returns a dict of NEW arrays with the same keys, shapes and dtypes.
    """
    c = check_positive_number("clip_value", clip_value)
    return {k: np.clip(a, -c, c) for k, a in check_grads(grads).items()}
