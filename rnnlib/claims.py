"""Checks of the numbers a notebook's prose quotes: strict in the test run, a note otherwise.

A notebook's text quotes numbers from its own runs ("87.8 % of the test sentences"), and a
check next to the text keeps the two from drifting apart. But a learner is invited to change
``SEED``, a size or a learning rate and run everything again; then the text no longer
describes the run, and that is expected, not an error. So:

- under the test run (``make test`` and ``make execute`` set ``UNROLLED_STRICT=1``) a claim
  that does not hold raises ``AssertionError`` with the quoted and the computed value;
- in a learner's session it prints one line and the notebook goes on::

      📝 The text quotes test accuracy 0.878 for the notebook as shipped; your run gives 0.861.
         Expected if you changed SEED, a size or a learning rate.

Use these for numbers the prose quotes. Whatever must hold however the learner changes the
notebook (shapes, a gradient check, a loss of ln 3 before training) stays a plain ``assert``.
A statement about speed ("torch is within a factor of 3 of rnnlib") is a ``claim_timing``:
time depends on the machine and on what else it is doing, so the test run never judges it,
and a learner whose machine disagrees gets a note that says so. All three return None, so a
claim can end a cell without printing anything.
"""

from __future__ import annotations

import math
import os

import numpy as np

__all__ = ["STRICT_ENV", "strict", "claim", "claim_close", "claim_timing"]

STRICT_ENV = "UNROLLED_STRICT"


def strict():
    """True when claims must hold (the environment variable UNROLLED_STRICT is "1")."""
    return os.environ.get(STRICT_ENV) == "1"


def _digits(tol):
    """Decimals that show a number at the precision of ``tol`` (5e-4 -> 3, 0.05 -> 1)."""
    if tol <= 0:
        return 6
    return max(0, min(12, math.ceil(-math.log10(2 * tol))))


def _fail(said, got):
    if strict():
        raise AssertionError(f"the text says {said}; this run gives {got}")
    print(f"📝 The text says {said} for the notebook as shipped; your run gives {got}. "
          "Expected if you changed SEED, a size or a learning rate.")


def claim_close(what, value, expected, *, tol):
    """The quoted number: |value - expected| <= tol.

    what: the quantity in words ("test accuracy"); value: this run's number; expected: the
    number the text quotes; tol: how far the two may be apart (half a unit of the last
    quoted digit, or a spread measured over seeds, with a comment saying which).
    """
    if not isinstance(what, str) or not what:
        raise ValueError(f"what must be a non-empty description; got {what!r}")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    value, expected = float(value), float(expected)
    if math.isfinite(value) and abs(value - expected) <= tol:
        return
    d = _digits(tol)
    _fail(f"{what} {expected:.{d}f}", f"{value:.{d}f}")


def _check_claim_args(what, holds):
    if not isinstance(what, str) or not what:
        raise ValueError(f"what must be a non-empty description; got {what!r}")
    if not isinstance(holds, (bool, np.bool_)):
        raise ValueError(f"holds must be a bool (the claim evaluated); got {type(holds).__name__}")


def claim(what, holds, *, got=""):
    """A quoted statement about this run (``holds`` a bool), e.g. "4 of 5 seeds solve gap 4".

    got: what this run gave instead, in words or numbers, shown when the claim fails.
    """
    _check_claim_args(what, holds)
    if bool(holds):
        return
    _fail(what, got or "something else")


def claim_timing(what, holds, *, got=""):
    """A quoted statement about speed (``holds`` a bool), e.g. "torch is within a factor of 3".

    Never an error: a timing depends on the machine and its load, and the test run does not
    judge one (it stays silent there, so a busy test machine cannot change a cell's output).
    In a learner's session a statement that does not hold prints one note with ``got``.
    """
    _check_claim_args(what, holds)
    if bool(holds) or strict():
        return
    print(f"⏱ On the machine that ran this notebook, {what}; on yours: {got or 'not so'}. "
          "Timings depend on the machine and on what else it is doing.")
