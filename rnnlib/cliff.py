"""The one-unit RNN with a cliff in its loss (notebook 05, section 8: gradient clipping).

    cliff_loss_and_grads      x_t = w sigmoid(x_{t-1}) + b, its loss (x_T - target)^2 and BPTT
    descend                   gradient descent on that loss from one start, optionally clipped
    descend_many              the same from many starts at once, each clipped on its own
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_finite_number,
    check_positive_int,
    check_positive_number,
    check_real_array,
    describe,
)
from .optim import clip_grad_norm

__all__ = ["cliff_loss_and_grads", "descend", "descend_many"]


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1 / (1 + e^-x), without overflow


def cliff_loss_and_grads(w, b, target=1.0, T=50, x0=0.5):
    """The one-unit RNN x_t = w sigmoid(x_{t-1}) + b of Pascanu et al. (2013), its loss and BPTT.

    From x_0 it runs T steps; L = (x_T - target)^2. Backwards, g_t = dL/dx_t:
        dL/dw += g_t sigmoid(x_{t-1}),  dL/db += g_t,  g_{t-1} = g_t w sigmoid'(x_{t-1}).
    Where w sigmoid' > 1 along the way, g grows like a product of T factors: near the
    values of (w, b) where x_T jumps from one fixed point to another, the loss has a cliff.
    w, b: finite numbers or arrays of any broadcastable shapes (e.g. grids for a loss
    surface); target, x0: finite numbers; T: a positive integer.
    Returns (L, dL_dw, dL_db), arrays of the broadcast shape.
    """
    w, b = (check_real_array(name, v).astype(float) for name, v in (("w", w), ("b", b)))
    for name, v in (("w", w), ("b", b)):
        if not np.isfinite(v).all():
            raise ValueError(f"{name} must be finite; got {describe(v if v.ndim else float(v))}")
    target, x0 = check_finite_number("target", target), check_finite_number("x0", x0)
    T = check_positive_int("T", T)
    try:
        w, b = np.broadcast_arrays(w, b)
    except ValueError:
        raise ValueError(f"w and b must have broadcastable shapes; got {w.shape} and "
                         f"{b.shape}") from None
    xs = [np.full(w.shape, float(x0))]
    for _ in range(T):
        xs.append(w * _sigmoid(xs[-1]) + b)
    g = 2.0 * (xs[T] - target)
    dw, db = np.zeros(w.shape), np.zeros(w.shape)
    for t in range(T, 0, -1):
        s = _sigmoid(xs[t - 1])
        dw += g * s
        db += g
        g = g * w * s * (1.0 - s)
    return (xs[T] - target) ** 2, dw, db


def _check_descent(steps, lr, clip):
    steps = check_positive_int("steps", steps)
    lr = check_positive_number("lr", lr, finite=True)
    if clip is not None:
        clip = check_positive_number("clip", clip)
    return steps, lr, clip


def descend(w, b, steps=80, lr=0.05, clip=None):
    """Gradient descent on the cliff's loss (the defaults target, T, x0) from the start (w, b).

    Each step moves (w, b) by -lr times the gradient; with ``clip`` (a number > 0) the
    gradient is first clipped to that norm by ``clip_grad_norm``, so no step is longer than
    lr * clip. w, b: finite numbers; steps: a positive integer; lr: a finite number > 0.
    Returns the path, an array (steps + 1, 2) of the points (w, b), the start first.
    """
    w, b = check_finite_number("w", w), check_finite_number("b", b)
    steps, lr, clip = _check_descent(steps, lr, clip)
    path = [(w, b)]
    for _ in range(steps):
        _, dw, db = cliff_loss_and_grads(w, b)
        g = {"w": dw, "b": db}
        if clip is not None:
            g = clip_grad_norm(g, clip)[0]
        w, b = w - lr * float(g["w"]), b - lr * float(g["b"])
        path.append((w, b))
    return np.array(path)


def descend_many(w, b, steps=80, lr=0.05, clip=None):
    """``descend`` from N starts at once, each clipped to norm ``clip`` on its own (None: never).

    w, b: finite arrays (N,), the starts; steps, lr, clip as for ``descend``.
    Returns (losses, lengths): the loss of every start before each step and after the last,
    (steps + 1, N), and the length of every step, (steps, N).
    """
    w, b = (check_real_array(name, v).astype(float) for name, v in (("w", w), ("b", b)))
    for name, v in (("w", w), ("b", b)):
        if v.ndim != 1 or v.size == 0 or not np.isfinite(v).all():
            raise ValueError(f"{name} must be a non-empty array (N,) of finite numbers; got "
                             f"{describe(v)}")
    if w.shape != b.shape:
        raise ValueError(f"w and b must have the same shape (N,); got {w.shape} and {b.shape}")
    steps, lr, clip = _check_descent(steps, lr, clip)
    losses, lengths = [], []
    for _ in range(steps):
        loss, dw, db = cliff_loss_and_grads(w, b)
        scale = 1.0 if clip is None else np.minimum(1.0, clip / np.hypot(dw, db))   # per start
        losses.append(loss)
        lengths.append(lr * scale * np.hypot(dw, db))
        w, b = w - lr * scale * dw, b - lr * scale * db
    losses.append(cliff_loss_and_grads(w, b)[0])
    return np.array(losses), np.array(lengths)
