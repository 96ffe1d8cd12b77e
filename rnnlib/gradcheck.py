"""Numerical gradients by centred differences, and the check of an analytic gradient.

The centred difference  (f(x + eps) - f(x - eps)) / (2 eps)  has truncation error
O(eps^2) and round-off error O(machine_eps |f| / eps). In float64 with eps = 1e-6 the
round-off dominates: about 1e-10 |L| on each entry (L the loss), whatever the size of the
gradient. So a correct backward pass shows a relative error of 1e-11 .. 1e-8 when its
gradients are not tiny (measured: 2e-10 .. 1e-9 in notebook 03, up to 3e-8 for the small
gradients of W_h in tests/), and a wrong one 1e-3 or worse. For gradients so small that
the round-off is a large part of them, ``check_gradients`` measures the error against a
floor set by that round-off (see its docstring) instead of reporting a false alarm.

Centred differences need float64: in float32 (resolution 1.2e-7 relative) x + 1e-6
rounds back to x for |x| >= 8 and the round-off term is 1e-1 relative, so low precision is
refused; cast the parameters to float64 to check them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_positive_number, describe

__all__ = ["numerical_gradient", "relative_error", "check_gradients", "GradCheckReport"]

EPSILON = float(np.finfo(np.float64).eps)  # 2.2e-16, the spacing of float64 numbers near 1
# The round-off measured on rnnlib's models is 0.1 .. 0.4 sqrt(n) EPSILON |L| / eps in norm;
# the floor allows 4 times the estimate, so a correct gradient passes with a 10x margin.
ROUNDOFF_MARGIN = 4.0


def _nudgeable(name, x):
    """``x`` must be a writable float64 (or wider) ndarray: it is nudged in place."""
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        got = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else describe(x)
        raise ValueError(f"{name} must be a float ndarray (it is nudged in place); got {got}")
    if x.dtype.itemsize < 8:
        raise ValueError(f"{name} must be float64 for centred differences; got {x.dtype}. With "
                         f"eps = 1e-6 below {x.dtype}'s resolution (x + eps rounds back to x) "
                         f"the differences would be round-off. Cast the parameters (and the "
                         f"model) to float64 first, e.g. "
                         f"{{k: v.astype(np.float64) for k, v in params.items()}}")
    if not x.flags.writeable:
        raise ValueError(f"{name} must be writable, as each entry is nudged in place; got a "
                         f"read-only array (pass a copy and make f read the copy)")
    if x.size == 0:
        raise ValueError(f"{name} must hold at least one entry; got shape {x.shape} (empty)")
    return x


def _value(f):
    value = f()
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar; got {describe(value)}")
    return float(value)


def numerical_gradient(f, x, eps=1e-6):
    """dF/dx by centred differences, for a scalar function ``f()`` of the array ``x``.

    f: a function of no arguments that reads ``x`` (for example a closure over the
       parameter dict) and returns a scalar.
    x: a float64 array, any shape and memory layout (views, F-ordered and non-contiguous
       arrays work). Each entry is nudged by +eps and -eps in place and put back exactly,
       also when f raises, so ``x`` is unchanged when this returns. float16 and float32
       are refused (see the module docstring), as is a read-only array.
    eps: the step, a finite number > 0.
    Returns an array of the shape of ``x`` (float64).
    """
    if not callable(f):
        raise ValueError(f"f must be a function of no arguments returning a scalar; "
                         f"got {describe(f)}")
    x = _nudgeable("x", x)
    eps = check_positive_number("eps", eps, finite=True)
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):  # C order; x[idx] writes x itself, whatever its layout
        old = x[idx]
        try:
            x[idx] = old + eps
            f_plus = _value(f)
            x[idx] = old - eps
            f_minus = _value(f)
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b, floor=1e-8):
    """||a - b|| / max(||a|| + ||b||, floor), with the Euclidean norm over all entries.

    The norm form does not blow up on entries where both gradients are nearly zero (an
    entry-wise ratio would); the floor keeps 0 / 0 at 0 when both are exactly zero.
    a, b: arrays of the same shape; floor: a number > 0. NaN in a or b gives NaN.
    """
    a, b = (_float_array(n, v) for n, v in (("a", a), ("b", b)))
    if a.shape != b.shape:
        raise ValueError(f"b must have the shape of a, {a.shape}; got shape {b.shape}")
    floor = check_positive_number("floor", floor, finite=True)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor))


def _float_array(name, a):
    if a is None or isinstance(a, (str, bytes, dict, set)):
        raise ValueError(f"{name} must be an array of numbers; got {describe(a)}")
    try:
        out = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers; could not convert it: "
                         f"{exc}") from None
    return out


@dataclass
class GradCheckReport:
    """Relative error per parameter; ``ok`` when every one is at most ``tol`` (and finite).

    errors: {name: relative error}; tol: the tolerance; floors: {name: the floor used for
    that parameter's denominator} (see ``check_gradients``), informative only.
    """

    errors: dict
    tol: float
    floors: dict = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.errors, dict):
            raise ValueError(f"errors must be a dict {{name: relative error}}; "
                             f"got {describe(self.errors)}")
        self.tol = check_positive_number("tol", self.tol, finite=True)

    @property
    def ok(self):
        """True when there is at least one error and every one is <= tol (NaN is never ok)."""
        return bool(self.errors) and all(e <= self.tol for e in self.errors.values())

    @property
    def worst(self):
        """The largest error; NaN if any error is NaN (or if there is none)."""
        values = [float(e) for e in self.errors.values()]
        if not values or any(math.isnan(e) for e in values):
            return math.nan
        return max(values)

    def __str__(self):
        width = max((len(str(k)) for k in self.errors), default=len("parameter"))
        rows = [f"{'parameter':<{width}}  relative error  ok (<= {self.tol:.0e})"]
        for k, e in self.errors.items():
            rows.append(f"{str(k):<{width}}  {e:14.2e}  {'yes' if e <= self.tol else 'NO'}")
        if not self.errors:
            rows.append("(no parameters were checked)")
        return "\n".join(rows)


def check_gradients(loss_fn, arrays, grads, eps=1e-6, tol=1e-7):
    """Compare analytic gradients with centred differences, array by array.

    loss_fn: a function of no arguments returning the scalar loss computed from ``arrays``.
    arrays:  dict name -> float64 array that ``loss_fn`` reads (nudged in place, restored).
    grads:   dict name -> the analytic gradient of the loss with respect to that array,
             of the same shape (extra keys are ignored).
    eps, tol: finite numbers > 0.

    errors[name] = ||num - grad|| / max(||num|| + ||grad||, floor), where
        floor = max(1e-8, 4 sqrt(n) machine_eps |L| / (eps tol)),
    n the size of the array and L the loss at the point checked. The numerical gradient
    carries a round-off of about machine_eps |L| / eps on each entry, sqrt(n) times that in
    norm (measured: 0.1 .. 0.4 times this estimate); a gradient smaller than that round-off
    divided by tol cannot be checked to a relative precision of tol, so it is checked
    against this floor instead: it passes when its error is at most 4 sqrt(n) machine_eps
    |L| / eps (9e-10 for n = 1 and |L| = 1; an absolute floor, documented here). For
    larger gradients the error is the plain relative error.
    Returns a GradCheckReport (print it for a table); NaN anywhere makes it fail.
    """
    if not callable(loss_fn):
        raise ValueError(f"loss_fn must be a function of no arguments returning the loss; "
                         f"got {describe(loss_fn)}")
    for name, value in (("arrays", arrays), ("grads", grads)):
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be a dict name -> array; got {describe(value)}")
    if not arrays:
        raise ValueError("arrays must hold at least one array to check; got an empty dict")
    missing = [k for k in arrays if k not in grads]
    if missing:
        raise ValueError(f"grads is missing {missing}; expected the keys of arrays {list(arrays)}")
    eps = check_positive_number("eps", eps, finite=True)
    tol = check_positive_number("tol", tol, finite=True)
    analytic = {}
    for k, x in arrays.items():
        _nudgeable(f"arrays[{k!r}]", x)
        g = _float_array(f"grads[{k!r}]", grads[k])
        if g.shape != x.shape:
            raise ValueError(f"grads[{k!r}] must have the shape of arrays[{k!r}], {x.shape}; "
                             f"got shape {g.shape}")
        analytic[k] = g
    loss = _value(loss_fn)
    if not math.isfinite(loss):
        raise ValueError(f"loss_fn() must return a finite loss at the point checked; got {loss}")
    errors, floors = {}, {}
    for k, x in arrays.items():
        floors[k] = max(1e-8, ROUNDOFF_MARGIN * math.sqrt(x.size) * EPSILON * abs(loss)
                        / (eps * tol))
        errors[k] = relative_error(numerical_gradient(loss_fn, x, eps), analytic[k], floors[k])
    return GradCheckReport(errors, tol, floors)
