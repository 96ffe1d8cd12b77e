"""Self-checks for the notebooks' exercises, one module per notebook (``nb01``, ``nb02``, ...).

A check prints one line and returns True only when the answer is right:

    ✅ Correct: ...                 the answer is right (and why it matters, briefly)
    ❌ <what is wrong>              e.g. "your h_2 has shape (4,), expected (8,)"
    ⏳ Not answered yet: ...        the placeholder (None) is still there

Checks never raise, so a notebook runs top to bottom with its exercises unanswered: each
check handles the usual wrong answers itself (None, a string, NaN, a huge number, a list of
the wrong length, a model that is not the notebook's), and ``never_raises`` is the last line
of defence, turning anything unforeseen into a ❌ line that says what was expected.
"""

from __future__ import annotations

import functools
import math
from numbers import Integral, Real

import numpy as np

__all__ = ["correct", "wrong", "pending", "check_array_answer", "diagnose_array",
           "as_float_array", "matches", "never_raises", "shown", "whole_number"]


def _line(mark, message):
    print(f"{mark} " + " ".join(str(message).splitlines()))  # one line, whatever the message


def correct(message):
    _line("✅", f"Correct: {message}")
    return True


def wrong(message):
    _line("❌", message)
    return False


def pending(message):
    _line("⏳", f"Not answered yet: {message}")
    return False


def shown(value, limit=40):
    """A learner's value in a message: short, and never an error (even for 10**5000)."""
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except Exception:
        text = type(value).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def never_raises(expected):
    """Decorator for a check: an exception it did not foresee becomes one ❌ line saying
    what kind of value the check ``expected`` (e.g. "a list of integer ids"); numpy's
    overflow warnings are silenced (a check answers with a sentence, not a warning)."""
    def decorate(check):
        @functools.wraps(check)
        def guarded(*args, **kwargs):
            try:
                with np.errstate(all="ignore"):  # huge answers overflow: the check says so
                    return check(*args, **kwargs)
            except Exception as exc:  # the promise: a sentence, never an exception
                return wrong(f"could not check this answer ({type(exc).__name__}): "
                             f"{check.__name__} expects {expected}.")
        return guarded
    return decorate


def as_float_array(value, finite=False):
    """``value`` as a float array, or None when it is not made of numbers (or, with
    finite=True, when it holds NaN or inf). Never raises."""
    try:
        a = np.asarray(value, dtype=float)
    except Exception:  # TypeError, ValueError, OverflowError (10**400), or the object's own
        return None
    return None if finite and not np.all(np.isfinite(a)) else a


def whole_number(name, value):
    """(int, None) for a whole number >= 0 typed by the learner, else (None, the problem)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None, f"{name} should be a whole number (got {type(value).__name__})."
    if isinstance(value, Integral) or (math.isfinite(value) and value == int(value)):
        if int(value) >= 0:
            return int(value), None
    return None, f"{name} should be a whole number of at least 0 (got {shown(value)})."


def matches(a, b):
    """True when ``a`` (from as_float_array, maybe None) has b's shape and values."""
    return a is not None and a.shape == np.shape(b) and np.allclose(a, b, rtol=1e-6, atol=1e-8)


def check_array_answer(name, answer, expected, *, rtol=1e-6, atol=1e-8, hint=""):
    """Compare an array answer with the expected array: placeholder, type, shape, values.

    Returns True when ``answer`` matches; prints the line described in the module docstring.
    """
    if answer is None:
        return pending(f"replace None with your {name}.")
    got = as_float_array(answer)
    if got is None:
        return wrong(f"your {name} is not an array of numbers (got {type(answer).__name__}).")
    answer = got
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


def diagnose_array(name, answer, expected, *, mistakes=(), hint="", waiting=None):
    """One array answer, declared as data and judged by one diagnoser: the expected array,
    the known wrong answers, each with what it means, and a hint that points without telling.

    mistakes: [(wrong_array, message)], tried in order before the general comparison;
    waiting: the ⏳ line for None (default "replace None with your <name>.").
    Returns None when the answer is right (the caller goes on, or says ✅); otherwise prints
    the verdict and returns False.
    """
    if answer is None:
        return pending(waiting or f"replace None with your {name}.")
    got = as_float_array(answer, finite=True)
    if not matches(got, expected):  # a right answer is never taken for a known mistake
        for value, message in mistakes:
            if matches(got, value):
                return wrong(message)
    return check_array_answer(name, answer, expected, hint=hint)
