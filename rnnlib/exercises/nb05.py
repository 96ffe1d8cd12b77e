"""Self-checks for notebook 05 · Vanishing and exploding gradients.

    check_steps_to_one_percent(n)     exercise 1: the first lag at which r^lag < 1 % (r = EX1_R)
    check_radius_and_norm(rho, sigma1)
                                      exercise 2: spectral radius and largest singular value
                                      of EX2_MATRIX, and whether the bound guarantees vanishing
    check_clip_by_norm(clipped)       exercise 3: EX3_GRADS clipped to global norm EX3_MAX_NORM
    ex4_network()                     the small tanh RNN of exercise 4 (T = 5, H = 4)
    check_jacobian_product(P)         exercise 4: dh_T/dh_0 of that network, by hand

Each check prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns
True only when the answer is right, and never raises.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from ..dynamics import jacobian_products, matrix_power_norms
from ..optim import clip_grad_norm, clip_grad_value
from ..rnn import rnn_forward
from . import as_float_array, check_array_answer, correct, never_raises, pending, shown, wrong

__all__ = ["EX1_R", "EX2_MATRIX", "EX3_GRADS", "EX3_MAX_NORM", "check_steps_to_one_percent",
           "check_radius_and_norm", "check_clip_by_norm", "ex4_network",
           "check_jacobian_product"]

EX1_R = 0.9
EX2_MATRIX = ((0.8, 1.5), (0.0, 0.7))
EX3_GRADS = {"W_h": ((3.0, -4.0), (0.0, 1.0)), "b": (12.0, 0.0)}
EX3_MAX_NORM = 5.0


def _number(answer, what):
    """``answer`` as a finite float, or the ❌ line saying it is not one (finite) number."""
    if isinstance(answer, Real) and not isinstance(answer, bool) or (
            isinstance(answer, np.ndarray) and answer.shape == () and answer.dtype.kind in "iuf"):
        try:
            value = float(answer)
        except OverflowError:  # an int beyond the float range
            value = math.inf
        if not math.isfinite(value):
            return None, wrong(f"give {what} as a finite number; got {shown(answer)}.")
        return value, None
    return None, wrong(f"give {what} as one number; got {type(answer).__name__}.")


# ----------------------------------------------------------------------- exercise 1
@never_raises("one whole number of steps")
def check_steps_to_one_percent(answer):
    """Exercise 1: the smallest number of steps n with EX1_R^n < 0.01."""
    r = EX1_R
    expected = 1
    while r**expected >= 0.01:
        expected += 1
    if answer is None:
        return pending("replace None with a number of steps (an integer).")
    value, bad = _number(answer, "the number of steps")
    if bad is not None:
        return bad
    exact = math.log(0.01) / math.log(r)
    if value != int(value):
        if abs(value - exact) < 0.05:
            return wrong(f"{value:g} solves {r}^n = 0.01, but a number of steps is a whole "
                         f"number. Which whole n is the first with {r}^n below 0.01? Compute "
                         f"{r}^n for the whole numbers on either side of {value:g}.")
        return wrong(f"a number of steps is a whole number; got {value}.")
    n = int(value)
    if n == expected:
        return correct(f"{r}^{n - 1} = {r ** (n - 1):.4f} is still above 1 %, {r}^{n} = "
                       f"{r ** n:.4f} is below: after {n} steps back less than 1 % of the "
                       f"gradient is left, although each step keeps {r:.0%} of it.")
    if n < 1:
        return wrong("count the steps back from h_T: at least one.")
    if n == math.ceil(math.log(0.1) / math.log(r)):
        return wrong(f"{r}^{n} = {r ** n:.4f} is below 10 %, not yet below 1 %.")
    if n < expected:
        return wrong(f"{r}^{n} = {r ** n:.4f} is still above 0.01: go further back.")
    return wrong(f"{r}^{n} = {r ** n:.4f} is below 0.01, but it is not the first step that "
                 f"is: look for a smaller n.")


# ----------------------------------------------------------------------- exercise 2
@never_raises("two numbers, rho and sigma1")
def check_radius_and_norm(rho, sigma1):
    """Exercise 2: rho (spectral radius) and sigma1 (largest singular value) of EX2_MATRIX."""
    W = np.array(EX2_MATRIX)
    want_rho = float(np.max(np.abs(np.linalg.eigvals(W))))
    want_s1 = float(np.linalg.norm(W, 2))
    if rho is None or sigma1 is None:
        missing = " and ".join(n for n, v in (("rho", rho), ("sigma1", sigma1)) if v is None)
        return pending(f"replace None with your {missing}.")
    rho, bad = _number(rho, "rho")
    if bad is not None:
        return bad
    sigma1, bad = _number(sigma1, "sigma1")
    if bad is not None:
        return bad
    close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))  # noqa: E731
    if not close(rho, want_rho):
        if close(rho, float(np.min(np.abs(np.diag(W))))):
            return wrong(f"{rho:g} is the smallest |eigenvalue|; the spectral radius is the "
                         f"largest one.")
        if close(rho, float(np.abs(W).max())):
            return wrong("that is the largest entry. The spectral radius is the largest "
                         "|eigenvalue|; for a triangular matrix the eigenvalues are the "
                         "diagonal entries.")
        if close(rho, want_s1):
            return wrong("that is sigma1, the largest singular value; rho is the largest "
                         "|eigenvalue| (np.linalg.eigvals).")
        return wrong(f"rho = {rho:g} is not the largest |eigenvalue| of the matrix; for a "
                     f"triangular matrix the eigenvalues are the diagonal entries.")
    if not close(sigma1, want_s1):
        if close(sigma1, want_rho):
            return wrong("sigma1 equals rho only for a normal matrix (W W^T = W^T W); this "
                         "one is not normal. Use np.linalg.norm(W, 2) or the square root of "
                         "the largest eigenvalue of W^T W.")
        if close(sigma1, float(np.linalg.norm(W))):
            return wrong("that is the Frobenius norm, the square root of the sum of all "
                         "squared entries, which is >= sigma1. The 2-norm is "
                         "np.linalg.norm(W, 2).")
        if close(sigma1, want_s1**2):
            return wrong("that is sigma1 squared, the largest eigenvalue of W^T W: take "
                         "its square root.")
        return wrong(f"sigma1 = {sigma1:g} is not the largest singular value; try "
                     f"np.linalg.norm(W, 2).")
    norms = matrix_power_norms(W, 60)
    peak = int(norms.argmax())
    return correct(f"rho = {want_rho:.3f} < 1 but sigma1 = {want_s1:.3f} > 1: the long-run "
                   f"rate is below 1, yet the bound (sigma1)^lag promises no decay at all, and "
                   f"indeed ||W^k|| grows to {norms[peak]:.3f} at k = {peak} and stays above 1 "
                   f"until k = {int(np.flatnonzero(norms[1:] < 1)[0]) + 1}.")


# ----------------------------------------------------------------------- exercise 3
def _as_grads(answer, expected):
    """``answer`` as {key: float array} with the keys of ``expected``, or a ❌ message."""
    if not isinstance(answer, dict):
        return None, f"give a dict with the keys {list(expected)}, like EX3_GRADS."
    if set(answer) != set(expected):
        return None, (f"your dict has the keys {shown(list(answer), 60)}; "
                      f"expected {list(expected)}.")
    out = {}
    for k, v in answer.items():
        a = as_float_array(v)
        if a is None:
            return None, f"your {k!r} is not an array of numbers."
        if a.shape != expected[k].shape:
            return None, f"your {k!r} has shape {a.shape}, expected {expected[k].shape}."
        if not np.isfinite(a).all():
            return None, f"your {k!r} holds NaN or inf."
        out[k] = a
    return out, None


def _angle(a, b):
    """The angle in degrees between two gradient dicts, read as one long vector each."""
    u = np.concatenate([np.ravel(a[k]) for k in sorted(a)])
    v = np.concatenate([np.ravel(b[k]) for k in sorted(b)])
    c = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    return math.degrees(math.acos(min(1.0, max(-1.0, c))))


@never_raises("a dict of arrays with the keys of EX3_GRADS")
def check_clip_by_norm(answer):
    """Exercise 3: EX3_GRADS clipped by their global norm to EX3_MAX_NORM."""
    grads = {k: np.array(v) for k, v in EX3_GRADS.items()}
    expected, norm = clip_grad_norm(grads, EX3_MAX_NORM)
    if answer is None:
        return pending("replace None with your dict of clipped gradients.")
    got, problem = _as_grads(answer, expected)
    if problem is not None:
        return wrong(problem)
    if all(np.allclose(got[k], grads[k]) for k in grads):
        return wrong(f"these are the gradients unchanged: their global norm is above "
                     f"{EX3_MAX_NORM:g}, so they must be scaled down.")
    by_value = clip_grad_value(grads, EX3_MAX_NORM)
    if all(np.allclose(got[k], by_value[k]) for k in grads):
        return wrong(f"you clipped every entry to [-{EX3_MAX_NORM:g}, {EX3_MAX_NORM:g}]: that "
                     f"is clipping by value, and it turns the gradient by "
                     f"{_angle(by_value, grads):.1f}°. Scale all entries by the same factor.")
    separately = {k: g * min(1.0, EX3_MAX_NORM / np.linalg.norm(g)) for k, g in grads.items()}
    if all(np.allclose(got[k], separately[k]) for k in grads):
        return wrong("you clipped each array to norm 5 on its own, which turns the gradient "
                     f"by {_angle(separately, grads):.1f}°. Use one factor for all of them: "
                     "the global norm is sqrt of the sum of the squares of every entry.")
    got_norm = math.hypot(*np.concatenate([g.ravel() for g in got.values()]))  # no overflow
    if not got_norm > 0:
        return wrong("your clipped gradients are all zero (or not finite): clipping shortens "
                     "the gradient, it never removes it.")
    angle = _angle(got, grads)
    if angle > 1e-3:
        return wrong(f"your clipped gradient points {angle:.1f}° away from the original: "
                     f"clipping by norm multiplies every entry by the same factor "
                     f"max_norm / norm.")
    if not math.isclose(got_norm, EX3_MAX_NORM, rel_tol=1e-6):
        return wrong(f"the direction is right, but the global norm of your answer is "
                     f"{got_norm:.4f}; it should be exactly {EX3_MAX_NORM:g}: check the factor "
                     f"(max_norm divided by the global norm of all the original entries).")
    for k in expected:  # not reached for a right direction and norm, kept as a last guard
        result = check_array_answer(f"clipped[{k!r}]", got[k], expected[k])
        if result is not None:
            return result
    return correct(f"the global norm was {norm:.3f}; every entry is multiplied by "
                   f"{EX3_MAX_NORM:g} / {norm:.3f} = {EX3_MAX_NORM / norm:.4f}, so the update "
                   f"keeps its direction and has length {EX3_MAX_NORM:g}.")


# ----------------------------------------------------------------------- exercise 4
def ex4_network():
    """The small tanh RNN of exercise 4: x (5, 1, 3), h0 (1, 4), params W_x (4, 3),
    W_h (4, 4), b (4,). Fresh copies on every call (so the check cannot be fooled)."""
    rng = np.random.default_rng(2013)
    params = {"W_x": rng.normal(0, 0.6, (4, 3)), "W_h": rng.normal(0, 0.5, (4, 4)),
              "b": rng.normal(0, 0.1, 4)}
    return rng.normal(0, 1, (5, 1, 3)), np.zeros((1, 4)), params


@never_raises("a (4, 4) array of numbers")
def check_jacobian_product(answer):
    """Exercise 4: dh_5/dh_0 = J_5 J_4 J_3 J_2 J_1, J_t = diag(1 - h_t^2) W_h, shape (4, 4)."""
    x, h0, p = ex4_network()
    h, cache = rnn_forward(x, h0, p)
    expected = jacobian_products(cache, p)[0]
    if answer is None:
        return pending("replace None with your (4, 4) matrix dh_T/dh_0.")
    got = as_float_array(answer)
    if got is None:
        return wrong(f"your answer is not an array of numbers (got {type(answer).__name__}).")
    if got.shape == (4, 4) and np.all(np.isfinite(got)) and not np.allclose(got, expected):
        W, d = p["W_h"], 1 - h[:, 0] ** 2  # d[t-1] = tanh'(a_t)
        J = [np.diag(d[t]) @ W for t in range(5)]
        mistakes = [
            (np.linalg.multi_dot(J), "your product is in the wrong order: the last step "
                                     "comes first, dh_5/dh_0 = J_5 J_4 J_3 J_2 J_1."),
            (np.linalg.matrix_power(W, 5), "this is W_h^5: each step also multiplies by "
                                           "tanh'(a_t) = 1 - h_t^2, J_t = diag(1 - h_t^2) W_h."),
            (np.linalg.multi_dot([W @ np.diag(d[t]) for t in range(4, -1, -1)]),
             "diag(1 - h_t^2) goes on the left of W_h: J_t = diag(1 - h_t^2) W_h "
             "(row i of W_h is scaled by unit i's slope)."),
            (np.linalg.multi_dot([np.diag(1 - np.concatenate([h0, h[:-1, 0]])[t] ** 2) @ W
                                  for t in range(4, -1, -1)]),
             "you used h_{t-1} in the slope; step t's slope is tanh'(a_t) = 1 - h_t^2, "
             "with h_t the output of step t."),
            (np.linalg.multi_dot([np.diag(d[t]) @ W.T for t in range(4, -1, -1)]),
             "you used W_h^T; dh_t/dh_{t-1} = diag(1 - h_t^2) W_h (the transpose appears "
             "only when a gradient row vector is pushed back)."),
            (expected.T, "this is the transpose of dh_5/dh_0: entry (i, j) is dh_5[i]/dh_0[j]."),
        ]
        for wrong_answer, message in mistakes:
            if np.allclose(got, wrong_answer, rtol=1e-6, atol=1e-10):
                return wrong(message)
    result = check_array_answer("dh_T/dh_0", got, expected, atol=1e-10,
                                hint="Multiply J_t = diag(1 - h_t^2) W_h from t = 5 down to 1.")
    if result is not None:
        return result
    return correct(f"||dh_5/dh_0||_2 = {np.linalg.norm(expected, 2):.4f}: five steps back, "
                   f"the gradient keeps this much of its size at most.")

