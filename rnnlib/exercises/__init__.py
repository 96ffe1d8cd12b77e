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
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

__all__ = ["Answer", "judge", "judge_parts", "diagnose", "not_summing_to_one", "correct",
           "wrong", "pending", "check_array_answer", "as_float_array", "as_number", "matches",
           "near", "never_raises", "shown"]


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


def as_number(value):
    """``value`` as a finite float, or None when it is not one real number (a bool, a
    string, an array of several numbers, NaN, inf, an int beyond float range). Never raises."""
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) else None


def near(a, b, rel=1e-4, abs_=1e-6):
    """Two numbers equal at the precision a learner types them."""
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


@dataclass(frozen=True)
class Answer:
    """One answer of an exercise, declared as data; ``judge`` reads it.

    name: what the messages call it ("h_1", "dL/dz", "perplexity");
    expected: the right answer: an array (kind "array"), a number ("number": equal up to
        ``near``; "whole": exactly, and a whole number) or a string ("choice");
    mistakes: ((wrong answer, what it means), ...), tried in order after the right answer:
        a wrong answer is a value (an array, number or string, compared as the right one is)
        or a test, a function of the learner's converted value returning True for this
        mistake (it may raise: that counts as False); what it means is a sentence or a
        function of the converted value that writes one;
    hint: one sentence (or a function of the converted value that writes it) that points
        towards the answer without giving it: for arrays it follows the general verdict
        (wrong shape or wrong values, unless ``shape_hint`` says something else after a
        wrong shape); for numbers and strings it is the whole verdict;
    success: the ✅ line (after "Correct: ");
    waiting: the ⏳ line while the answer is None (default "replace None with your <name>.");
    choices: for kind "choice", the strings a learner may give (others are named as such);
    tol: for kind "array", (rtol, atol) of the comparison.
    """
    name: str
    expected: Any
    mistakes: tuple = ()
    hint: str = ""
    success: str = ""
    waiting: str = ""
    shape_hint: str = ""
    kind: str = "array"
    choices: tuple = ()
    tol: tuple = (1e-6, 1e-8)

    def convert(self, answer):
        """The learner's answer in the form it is compared in, or None if it has not one."""
        if self.kind == "array":
            return as_float_array(answer, finite=True)
        if self.kind in ("number", "whole"):
            return as_number(answer)
        return answer if isinstance(answer, str) else None

    def same(self, got, value):
        """Does the converted answer ``got`` equal ``value`` (in this answer's kind)?"""
        if callable(value):
            try:
                return bool(value(got))
            except Exception:
                return False
        if self.kind == "array":
            rtol, atol = self.tol
            return (got is not None and got.shape == np.shape(value)
                    and np.allclose(got, value, rtol=rtol, atol=atol))
        if self.kind == "number":
            return got is not None and near(got, value)
        return got == value


def _not_of_its_kind(spec, answer):
    """The ❌ line for an answer that is not an array, a number or a string at all."""
    what = {"array": "an array of numbers", "number": "one finite number",
            "whole": "a whole number", "choice": "a string"}[spec.kind]
    if spec.kind == "choice":
        options = ", ".join(map(repr, spec.choices))
        return wrong(f"your {spec.name} should be {what}" + (f", one of {options}"
                     if options else "") + f"; got {type(answer).__name__}.")
    if spec.kind == "array":
        got = as_float_array(answer)
        if got is not None:
            return wrong(f"your {spec.name} contains NaN or inf.")
        return wrong(f"your {spec.name} is not an array of numbers "
                     f"(got {type(answer).__name__}).")
    return wrong(f"your {spec.name} should be {what}; got {shown(answer)}.")


def not_summing_to_one(shape):
    """The known mistake of probabilities that do not sum to 1 (for an ``Answer``'s mistakes):
    an array of the right ``shape`` whose entries sum to something else."""
    return (lambda p: p.shape == tuple(shape) and not np.isclose(p.sum(), 1.0, atol=1e-6),
            lambda p: f"your probabilities sum to {p.sum():.4f}; they must sum to 1.")


def judge(spec, answer, *, right=None):
    """Judge one ``answer`` against its declared ``spec`` (an ``Answer``); print one line.

    None waits (⏳); an answer of another kind is named; the right answer is ✅ (checked
    before the mistakes, so a right answer is never taken for a known mistake); a known
    mistake says what it means; anything else gets the general verdict and the hint.
    right: a test of the converted answer that replaces the comparison with ``expected``
    (for answers with more than one right form). Returns True only for a right answer.
    """
    verdict = diagnose(spec, answer, right=right)
    return correct(spec.success) if verdict is None else verdict


def judge_parts(parts, answers, success, waiting=""):
    """Judge several answers in order (``parts`` and ``answers`` in pairs); the first one
    that is not right is reported, as ``judge`` does; all right prints ``success``.
    waiting: the ⏳ line while every answer is None (default "replace None with a, b and c.")."""
    if all(answer is None for answer in answers):
        names = [spec.name for spec in parts]
        return pending(waiting or f"replace None with {', '.join(names[:-1])} and {names[-1]}.")
    for spec, answer in zip(parts, answers):
        verdict = diagnose(spec, answer)
        if verdict is not None:
            return verdict
    return correct(success)


def diagnose(spec, answer, *, right=None):
    """As ``judge``, but a right answer returns None and prints nothing (the caller goes on)."""
    if answer is None:
        return pending(spec.waiting or f"replace None with your {spec.name}.")
    got = spec.convert(answer)
    if got is None:
        return _not_of_its_kind(spec, answer)
    if (right(got) if right is not None else spec.same(got, spec.expected)):
        return None
    for value, message in spec.mistakes:
        if spec.same(got, value):
            return wrong(_said(message, got))
    if spec.kind == "array":
        wrong_shape = got.shape != np.shape(spec.expected)
        hint = spec.shape_hint if wrong_shape and spec.shape_hint else _said(spec.hint, got)
        return check_array_answer(spec.name, got, spec.expected, rtol=spec.tol[0],
                                  atol=spec.tol[1], hint=hint)
    if spec.kind == "whole" and got != int(got):
        return wrong(f"your {spec.name} should be a whole number; got {shown(answer)}.")
    if spec.kind == "choice" and spec.choices and got not in spec.choices:
        return wrong(f"{shown(got)} is not one of {', '.join(map(repr, spec.choices))}.")
    return wrong(_said(spec.hint, got))


def _said(message, got):
    """A message, or a function of the learner's converted answer that writes it."""
    return message(got) if callable(message) else message
