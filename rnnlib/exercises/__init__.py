"""Self-checks for the notebooks' exercises, one module per notebook (``nb01``, ``nb02``, ...).

A check prints one line and returns True only when the answer is right:

    ✅ Correct: ...                 the answer is right (and why it matters, briefly)
    ❌ <what is wrong>              e.g. "your h_2 has shape (4,), expected (8,)"
    ⏳ Not answered yet: ...        the placeholder (None) is still there

Checks never raise, so a notebook runs top to bottom with its exercises unanswered.
"""

from __future__ import annotations

import numpy as np

__all__ = ["correct", "wrong", "pending", "check_array_answer", "as_float_array", "matches"]


def correct(message):
    print(f"✅ Correct: {message}")
    return True


def wrong(message):
    print(f"❌ {message}")
    return False


def pending(message):
    print(f"⏳ Not answered yet: {message}")
    return False


def as_float_array(value, finite=False):
    """``value`` as a float array, or None when it is not made of numbers (or, with
    finite=True, when it holds NaN or inf)."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return None if finite and not np.all(np.isfinite(a)) else a


def matches(a, b):
    """True when ``a`` (from as_float_array, maybe None) has b's shape and values."""
    return a is not None and a.shape == np.shape(b) and np.allclose(a, b, rtol=1e-6, atol=1e-8)


def check_array_answer(name, answer, expected, *, rtol=1e-6, atol=1e-8, hint=""):
    """Compare an array answer with the expected array: placeholder, type, shape, values.

    Returns True when ``answer`` matches; prints the line described in the module docstring.
    """
    if answer is None:
        return pending(f"replace None with your {name}.")
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return wrong(f"your {name} is not an array of numbers (got {type(answer).__name__}).")
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        return wrong(f"your {name} has shape {answer.shape}, expected {expected.shape}."
                     + (f" {hint}" if hint else ""))
    if not np.all(np.isfinite(answer)):
        return wrong(f"your {name} contains NaN or inf.")
    if not np.allclose(answer, expected, rtol=rtol, atol=atol):
        i = np.unravel_index(np.argmax(np.abs(answer - expected)), expected.shape)
        where = f" at index {tuple(int(k) for k in i)}" if expected.ndim else ""
        return wrong(f"your {name} has the right shape but wrong values: the largest error "
                     f"is{where}, where you have {answer[i]:.4f}."
                     + (f" {hint}" if hint else ""))
    return None  # right so far: the caller prints its own success message
