"""The one-unit RNN with a cliff in its loss (notebook 05, section 8: gradient clipping).

    cliff_loss_and_grads      x_t = w sigmoid(x_{t-1}) + b, its loss (x_T - target)^2 and BPTT
"""

from __future__ import annotations

import numpy as np

from ._validation import check_finite_number, check_positive_int, check_real_array, describe

__all__ = ["cliff_loss_and_grads"]


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
