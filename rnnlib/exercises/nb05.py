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

import numpy as np

from ..dynamics import jacobian_products, matrix_power_norms
from ..optim import clip_grad_norm, clip_grad_value
from ..rnn import rnn_forward
from . import Answer, as_float_array, judge, judge_parts, never_raises, pending, shown, wrong

__all__ = ["EX1_R", "EX2_MATRIX", "EX3_GRADS", "EX3_MAX_NORM", "steps_to_one_percent_answer",
           "radius_and_norm_answers", "clip_by_norm_answer", "ex4_network",
           "jacobian_product_answer", "check_steps_to_one_percent", "check_radius_and_norm",
           "check_clip_by_norm", "check_jacobian_product"]

EX1_R = 0.9
EX2_MATRIX = ((0.8, 1.5), (0.0, 0.7))
EX3_GRADS = {"W_h": ((3.0, -4.0), (0.0, 1.0)), "b": (12.0, 0.0)}
EX3_MAX_NORM = 5.0


# ----------------------------------------------------------------------- exercise 1
def steps_to_one_percent_answer():
    """Exercise 1 declared: the smallest number of steps n with EX1_R^n < 0.01."""
    r = EX1_R
    n = math.ceil(math.log(0.01) / math.log(r))
    exact = math.log(0.01) / math.log(r)
    whole = lambda v: v == int(v)  # noqa: E731
    return Answer(
        "number of steps", n, kind="whole", mistakes=(
            (lambda v: not whole(v) and abs(v - exact) < 0.05,
             lambda v: f"{v:g} solves {r}^n = 0.01, but a number of steps is a whole number. "
                       f"Which whole n is the first with {r}^n below 0.01? Compute {r}^n for "
                       f"the whole numbers on either side of {v:g}."),
            (lambda v: not whole(v), lambda v: f"a number of steps is a whole number; got {v}."),
            (lambda v: v < 1, "count the steps back from h_T: at least one."),
            (math.ceil(math.log(0.1) / math.log(r)),
             lambda v: f"{r}^{v:.0f} = {r ** v:.4f} is below 10 %, not yet below 1 %."),
            (lambda v: v < n,
             lambda v: f"{r}^{v:.0f} = {r ** v:.4f} is still above 0.01: go further back.")),
        hint=lambda v: (f"{r}^{v:.0f} = {r ** v:.4f} is below 0.01, but it is not the first "
                        f"step that is: look for a smaller n."),
        waiting="replace None with a number of steps (an integer).",
        success=f"{r}^{n - 1} = {r ** (n - 1):.4f} is still above 1 %, {r}^{n} = {r ** n:.4f} "
                f"is below: after {n} steps back less than 1 % of the gradient is left, "
                f"although each step keeps {r:.0%} of it.")


@never_raises("one whole number of steps")
def check_steps_to_one_percent(answer):
    """Exercise 1: the smallest number of steps n with EX1_R^n < 0.01."""
    return judge(steps_to_one_percent_answer(), answer)


# ----------------------------------------------------------------------- exercise 2
def radius_and_norm_answers():
    """Exercise 2 declared: rho (spectral radius) and sigma1 (largest singular value) of
    EX2_MATRIX, an upper-triangular matrix that is not normal."""
    W = np.array(EX2_MATRIX)
    rho, s1 = float(np.max(np.abs(np.linalg.eigvals(W)))), float(np.linalg.norm(W, 2))
    return (
        Answer("rho", rho, kind="number", mistakes=(
            (float(np.min(np.abs(np.diag(W)))),
             lambda v: f"{v:g} is the smallest |eigenvalue|; the spectral radius is the largest "
                       f"one."),
            (float(np.abs(W).max()), "that is the largest entry. The spectral radius is the "
                                     "largest |eigenvalue|; for a triangular matrix the "
                                     "eigenvalues are the diagonal entries."),
            (s1, "that is sigma1, the largest singular value; rho is the largest |eigenvalue| "
                 "(np.linalg.eigvals).")),
            hint=lambda v: (f"rho = {v:g} is not the largest |eigenvalue| of the matrix; for a "
                            f"triangular matrix the eigenvalues are the diagonal entries.")),
        Answer("sigma1", s1, kind="number", mistakes=(
            (rho, "sigma1 equals rho only for a normal matrix (W W^T = W^T W); this one is not "
                  "normal. Use np.linalg.norm(W, 2) or the square root of the largest "
                  "eigenvalue of W^T W."),
            (float(np.linalg.norm(W)), "that is the Frobenius norm, the square root of the sum "
                                       "of all squared entries, which is >= sigma1. The 2-norm "
                                       "is np.linalg.norm(W, 2)."),
            (s1 ** 2, "that is sigma1 squared, the largest eigenvalue of W^T W: take its "
                      "square root.")),
            hint=lambda v: (f"sigma1 = {v:g} is not the largest singular value; try "
                            f"np.linalg.norm(W, 2).")),
    )


@never_raises("two numbers, rho and sigma1")
def check_radius_and_norm(rho, sigma1):
    """Exercise 2: rho (spectral radius) and sigma1 (largest singular value) of EX2_MATRIX."""
    parts = radius_and_norm_answers()
    norms = matrix_power_norms(np.array(EX2_MATRIX), 60)
    peak = int(norms.argmax())
    return judge_parts(parts, (rho, sigma1), waiting="replace None with your rho and sigma1.",
                       success=(
        f"rho = {parts[0].expected:.3f} < 1 but sigma1 = {parts[1].expected:.3f} > 1: the "
        f"long-run rate is below 1, yet the bound (sigma1)^lag promises no decay at all, and "
        f"indeed ||W^k|| grows to {norms[peak]:.3f} at k = {peak} and stays above 1 until "
        f"k = {int(np.flatnonzero(norms[1:] < 1)[0]) + 1}."))


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


def _flat(grads):
    """A dict of gradients as one long vector, in the order of EX3_GRADS."""
    return np.concatenate([np.ravel(grads[k]) for k in EX3_GRADS])


def _angle(u, v):
    """The angle in degrees between two gradients, each one long vector."""
    c = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    return math.degrees(math.acos(min(1.0, max(-1.0, c))))


def clip_by_norm_answer():
    """Exercise 3 declared: EX3_GRADS clipped by their global norm to EX3_MAX_NORM, as one
    long vector (``check_clip_by_norm`` takes the dict and flattens it)."""
    grads = {k: np.array(v) for k, v in EX3_GRADS.items()}
    clipped, norm = clip_grad_norm(grads, EX3_MAX_NORM)
    g, m = _flat(grads), EX3_MAX_NORM
    by_value = _flat(clip_grad_value(grads, m))
    separately = _flat({k: a * min(1.0, m / np.linalg.norm(a)) for k, a in grads.items()})
    size = lambda v: math.hypot(*v)  # noqa: E731  (no overflow)
    return Answer(
        "clipped gradients", _flat(clipped), mistakes=(
            (g, f"these are the gradients unchanged: their global norm is above {m:g}, so they "
                f"must be scaled down."),
            (by_value, f"you clipped every entry to [-{m:g}, {m:g}]: that is clipping by value, "
                       f"and it turns the gradient by {_angle(by_value, g):.1f}°. Scale all "
                       f"entries by the same factor."),
            (separately, f"you clipped each array to norm 5 on its own, which turns the "
                         f"gradient by {_angle(separately, g):.1f}°. Use one factor for all of "
                         f"them: the global norm is sqrt of the sum of the squares of every "
                         f"entry."),
            (lambda v: not size(v) > 0, "your clipped gradients are all zero (or not finite): "
                                        "clipping shortens the gradient, it never removes it."),
            (lambda v: _angle(v, g) > 1e-3,
             lambda v: f"your clipped gradient points {_angle(v, g):.1f}° away from the "
                       f"original: clipping by norm multiplies every entry by the same factor "
                       f"max_norm / norm."),
            (lambda v: not math.isclose(size(v), m, rel_tol=1e-6),
             lambda v: f"the direction is right, but the global norm of your answer is "
                       f"{size(v):.4f}; it should be exactly {m:g}: check the factor (max_norm "
                       f"divided by the global norm of all the original entries).")),
        waiting="replace None with your dict of clipped gradients.",
        success=f"the global norm was {norm:.3f}; every entry is multiplied by {m:g} / "
                f"{norm:.3f} = {m / norm:.4f}, so the update keeps its direction and has "
                f"length {m:g}.")


@never_raises("a dict of arrays with the keys of EX3_GRADS")
def check_clip_by_norm(answer):
    """Exercise 3: EX3_GRADS clipped by their global norm to EX3_MAX_NORM."""
    if answer is None:
        return pending("replace None with your dict of clipped gradients.")
    got, problem = _as_grads(answer, {k: np.array(v) for k, v in EX3_GRADS.items()})
    return wrong(problem) if problem is not None else judge(clip_by_norm_answer(), _flat(got))


# ----------------------------------------------------------------------- exercise 4
def ex4_network():
    """The small tanh RNN of exercise 4: x (5, 1, 3), h0 (1, 4), params W_x (4, 3),
    W_h (4, 4), b (4,). Fresh copies on every call (so the check cannot be fooled)."""
    rng = np.random.default_rng(2013)
    params = {"W_x": rng.normal(0, 0.6, (4, 3)), "W_h": rng.normal(0, 0.5, (4, 4)),
              "b": rng.normal(0, 0.1, 4)}
    return rng.normal(0, 1, (5, 1, 3)), np.zeros((1, 4)), params


def jacobian_product_answer():
    """Exercise 4 declared: dh_5/dh_0 = J_5 J_4 J_3 J_2 J_1, J_t = diag(1 - h_t^2) W_h."""
    x, h0, p = ex4_network()
    h, cache = rnn_forward(x, h0, p)
    expected = jacobian_products(cache, p)[0]
    W, d = p["W_h"], 1 - h[:, 0] ** 2  # d[t-1] = tanh'(a_t)
    back = range(4, -1, -1)            # J_5 first
    slopes_before = 1 - np.concatenate([h0, h[:-1, 0]]) ** 2
    return Answer(
        "dh_T/dh_0", expected, tol=(1e-6, 1e-10), mistakes=(
            (np.linalg.multi_dot([np.diag(d[t]) @ W for t in range(5)]),
             "your product is in the wrong order: the last step comes first, "
             "dh_5/dh_0 = J_5 J_4 J_3 J_2 J_1."),
            (np.linalg.matrix_power(W, 5), "this is W_h^5: each step also multiplies by "
                                           "tanh'(a_t) = 1 - h_t^2, J_t = diag(1 - h_t^2) W_h."),
            (np.linalg.multi_dot([W @ np.diag(d[t]) for t in back]),
             "diag(1 - h_t^2) goes on the left of W_h: J_t = diag(1 - h_t^2) W_h "
             "(row i of W_h is scaled by unit i's slope)."),
            (np.linalg.multi_dot([np.diag(slopes_before[t]) @ W for t in back]),
             "you used h_{t-1} in the slope; step t's slope is tanh'(a_t) = 1 - h_t^2, "
             "with h_t the output of step t."),
            (np.linalg.multi_dot([np.diag(d[t]) @ W.T for t in back]),
             "you used W_h^T; dh_t/dh_{t-1} = diag(1 - h_t^2) W_h (the transpose appears "
             "only when a gradient row vector is pushed back)."),
            (expected.T, "this is the transpose of dh_5/dh_0: entry (i, j) is dh_5[i]/dh_0[j].")),
        hint="Multiply J_t = diag(1 - h_t^2) W_h from t = 5 down to 1.",
        waiting="replace None with your (4, 4) matrix dh_T/dh_0.",
        success=f"||dh_5/dh_0||_2 = {np.linalg.norm(expected, 2):.4f}: five steps back, the "
                f"gradient keeps this much of its size at most.")


@never_raises("a (4, 4) array of numbers")
def check_jacobian_product(answer):
    """Exercise 4: dh_5/dh_0 = J_5 J_4 J_3 J_2 J_1, J_t = diag(1 - h_t^2) W_h, shape (4, 4)."""
    return judge(jacobian_product_answer(), answer)
