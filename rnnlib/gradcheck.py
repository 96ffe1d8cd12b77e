"""Numerical gradients by centred differences, and the check of an analytic gradient.

The centred difference  (f(x + eps) - f(x - eps)) / (2 eps)  has truncation error
O(eps^2) and round-off error O(machine_eps / eps); in float64 with eps = 1e-6 both are
near 1e-10 relative to the gradient, so a correct backward pass shows a relative error
around 1e-9 .. 1e-11 and a wrong one shows 1e-3 or worse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["numerical_gradient", "relative_error", "check_gradients", "GradCheckReport"]


def numerical_gradient(f, x, eps=1e-6):
    """dF/dx by centred differences, for a scalar function ``f()`` of the array ``x``.

    f: a function of no arguments that reads ``x`` (for example a closure over the
       parameter dict) and returns a scalar.
    x: a float array, any shape. Each entry is nudged by +eps and -eps in place and put
       back exactly, so ``x`` is unchanged when this returns.
    Returns an array of the shape of ``x``.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a float ndarray; got {type(x).__name__}"
                         f"{'' if not isinstance(x, np.ndarray) else ' of dtype ' + str(x.dtype)}")
    grad = np.zeros_like(x, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views: writing flat writes x
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so that it can be nudged in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = float(f())
        flat[i] = old - eps
        f_minus = float(f())
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b, floor=1e-8):
    """||a - b|| / max(||a|| + ||b||, floor), with the Euclidean norm over all entries.

    The norm form does not blow up on entries where both gradients are nearly zero (an
    entry-wise ratio would); the floor keeps 0 / 0 at 0 when both are exactly zero.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a, {a.shape}; got shape {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor))


@dataclass
class GradCheckReport:
    """Relative error per parameter; ``ok`` when every one is at most ``tol``."""

    errors: dict
    tol: float

    @property
    def ok(self):
        return all(e <= self.tol for e in self.errors.values())

    @property
    def worst(self):
        return max(self.errors.values())

    def __str__(self):
        width = max(len(k) for k in self.errors)
        rows = [f"{'parameter':<{width}}  relative error  ok (<= {self.tol:.0e})"]
        for k, e in self.errors.items():
            rows.append(f"{k:<{width}}  {e:14.2e}  {'yes' if e <= self.tol else 'NO'}")
        return "\n".join(rows)


def check_gradients(loss_fn, arrays, grads, eps=1e-6, tol=1e-7):
    """Compare analytic gradients with centred differences, array by array.

    loss_fn: a function of no arguments returning the scalar loss computed from ``arrays``.
    arrays:  dict name -> float64 array that ``loss_fn`` reads (nudged in place, restored).
    grads:   dict name -> the analytic gradient of the loss with respect to that array.
    Returns a GradCheckReport (print it for a table).
    """
    missing = [k for k in arrays if k not in grads]
    if missing:
        raise ValueError(f"grads is missing {missing}; expected the keys of arrays {list(arrays)}")
    errors = {k: relative_error(numerical_gradient(loss_fn, arrays[k], eps), grads[k])
              for k in arrays}
    return GradCheckReport(errors, tol)
