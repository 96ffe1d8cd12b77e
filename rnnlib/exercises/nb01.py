"""Self-checks for notebook 01 · Loops and unrolling.

    one_step_data()                  the small cell of exercises 1 and 2 (D = 2, H = 3)
    check_one_step(h_1)              exercise 1: h_1 = tanh(W_x x_1 + W_h h_0 + b), shape (3,)
    check_unroll(hs)                 exercise 2: h_1, h_2, h_3 as the rows of hs, shape (3, 3)
    check_weight_count(n_matrices, n_numbers)
                                     exercise 3: a chain of T = 50 steps, D = 4, H = 8
    check_relu_scale(scale, W_x, W_h, x_1)
                                     exercise 4: a W_h scale at which a ReLU state neither
                                     explodes nor dies over 50 steps

Each check prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns
True only when the answer is right, and never raises.
"""

from __future__ import annotations

import numpy as np

from . import (
    Answer,
    as_float_array,
    correct,
    judge,
    judge_parts,
    matches,
    never_raises,
    pending,
    shown,
    wrong,
)

__all__ = ["one_step_data", "one_step_answer", "unroll_answer", "weight_count_answers",
           "check_one_step", "check_unroll", "check_weight_count",
           "WEIGHT_COUNT_T", "WEIGHT_COUNT_D", "WEIGHT_COUNT_H", "check_relu_scale",
           "relu_norm_ratio", "RELU_STEPS", "RELU_WINDOW"]


# ------------------------------------------------------------------ exercises 1 and 2
def one_step_data():
    """Fresh copies of the small cell of exercises 1 and 2 (D = 2, H = 3), 1-D vectors.

    Returns {"W_x" (3, 2), "W_h" (3, 3), "b" (3,), "h_0" (3,), "x_1" (2,), "xs" (3, 2)}:
    xs holds x_1, x_2, x_3 as its rows (x_1 of exercise 1 is xs[0]).
    """
    xs = np.array([[1.0, 2.0], [0.0, -1.0], [0.5, 0.5]])
    return {
        "W_x": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]),
        "W_h": 0.5 * np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),
        "b": np.array([0.0, 0.1, -0.1]),
        "h_0": np.array([0.2, 0.0, -0.4]),
        "x_1": xs[0].copy(),
        "xs": xs,
    }


def _pre_activation(d, x, h):
    return d["W_x"] @ x + d["W_h"] @ h + d["b"]


def _unroll(d, recurrent=True, f=np.tanh):
    """h_1..h_3 as rows; recurrent=False feeds h_0 to every step (the classic slip)."""
    h, rows = d["h_0"], []
    for x in d["xs"]:
        h_new = f(_pre_activation(d, x, h if recurrent else d["h_0"]))
        rows.append(h_new)
        h = h_new
    return np.array(rows)


def one_step_answer():
    """Exercise 1 declared: h_1 = tanh(W_x x_1 + W_h h_0 + b) for ``one_step_data()``."""
    d = one_step_data()
    a = _pre_activation(d, d["x_1"], d["h_0"])
    return Answer(
        "h_1", np.tanh(a), mistakes=(
            (a, "your h_1 looks like the pre-activation W_x x_1 + W_h h_0 + b: apply tanh to it."),
            (np.tanh(a - d["b"]), "your h_1 is missing the bias b: it is added inside the tanh."),
            (np.tanh(a - d["W_h"] @ d["h_0"]), "your h_1 is missing W_h h_0: the previous state "
                                               "enters every step, the first one too (here h_0 "
                                               "is not zero)."),
            (np.maximum(a, 0), "your h_1 used ReLU; this cell uses tanh.")),
        shape_hint="h_1 has one entry per hidden unit: H = 3.",
        hint="Work out the three terms W_x x_1, W_h h_0 and b one at a time, on paper or in "
             "separate variables, and compare each with yours before the tanh.",
        success=f"h_1 = {np.array2string(np.tanh(a), precision=4)}. Every entry lies in "
                f"(-1, 1), as tanh promises.")


@never_raises("h_1 as an array of 3 numbers")
def check_one_step(h_1):
    """Exercise 1: h_1 = tanh(W_x x_1 + W_h h_0 + b) for ``one_step_data()``, shape (3,)."""
    spec = one_step_answer()
    got = as_float_array(h_1)
    if got is not None and got.shape in {(3, 1), (1, 3)}:  # a column holds the same numbers
        if matches(got.ravel(), spec.expected):
            return correct(f"h_1 = {np.array2string(spec.expected, precision=4)} (as a "
                           f"{got.shape} array: fine, it holds the same three numbers as the "
                           f"(3,) vector).")
        h_1 = got.ravel()  # judged by its values, not its shape
    return judge(spec, h_1)


def unroll_answer():
    """Exercise 2 declared: h_1, h_2, h_3 for ``one_step_data()`` as the rows of a (3, 3)."""
    d = one_step_data()
    expected = _unroll(d)
    return Answer(
        "hs", expected, mistakes=(
            (lambda a: a.shape == (3, 3, 1),
             "your hs has shape (3, 3, 1): each h_t in it is a (3, 1) column. Keep the states "
             "1-D (shape (3,), as in exercise 1) so that hs is (3, 3)."),
            (lambda a: a.shape == (4, 3) and matches(a[1:], expected),
             "your hs has 4 rows: it starts with h_0. Keep only the new states h_1, h_2, h_3 "
             "(shape (3, 3))."),
            (expected.T, "your hs holds the states as columns: put h_t in row t - 1 (hs[0] is "
                         "h_1), as rnn_forward does with time first."),
            (_unroll(d, recurrent=False), "your h_1 is right, but h_2 and h_3 were computed "
                                          "from h_0 again: inside the loop, feed each new state "
                                          "back in as h_prev."),
            (_unroll(d, f=lambda a: a), "your states look like pre-activations: apply tanh at "
                                        "every step."),
            (lambda a: a.shape == (3, 3) and not matches(a[0], expected[0]),
             lambda a: f"your h_1 (row 0) is {np.array2string(a[0], precision=4)}, expected "
                       f"{np.array2string(expected[0], precision=4)}: get exercise 1 right "
                       f"first.")),
        shape_hint="One row per step (T = 3), one column per hidden unit (H = 3).",
        hint="Print your h after every pass of the loop and check which step goes wrong first: "
             "which x_t and which h_(t-1) does that step use?",
        waiting="replace None with your array of hidden states h_1, h_2, h_3.",
        success="three steps, one cell: the same W_x, W_h and b at every step, and each h_t "
                "fed back in as h_prev.")


@never_raises("hs as a (3, 3) array of numbers")
def check_unroll(hs):
    """Exercise 2: the rows of ``hs`` are h_1, h_2, h_3 for ``one_step_data()``, shape (3, 3)."""
    return judge(unroll_answer(), hs)


# ------------------------------------------------------------------ exercise 3
WEIGHT_COUNT_T, WEIGHT_COUNT_D, WEIGHT_COUNT_H = 50, 4, 8


def weight_count_answers():
    """Exercise 3 declared: a chain of T = 50 steps with D = 4, H = 8. n_matrices: how many
    weight matrices (2: one W_x, one W_h); n_numbers: the trainable numbers in W_x, W_h and
    b (H*D + H*H + H = 104)."""
    T, D, H = WEIGHT_COUNT_T, WEIGHT_COUNT_D, WEIGHT_COUNT_H
    per_step = H * D + H * H + H
    every_step = (f"you counted a W_x and a W_h for every step (T = {T}). The chain draws the "
                  f"cell T times, but every step uses the same two matrices.")
    square_w_h = ("your W_h has the wrong shape: it maps h_(t-1) to h_t. How many numbers does "
                  "each of those two vectors hold?")
    return (
        Answer("n_matrices", 2, kind="whole", mistakes=(
            (2 * T, every_step),
            (3, "b is a vector, not a matrix: the weight matrices are W_x and W_h.")),
            hint=lambda m: (f"your n_matrices is {m:.0f}: name every matrix in "
                            f"h_t = tanh(W_x x_t + W_h h_(t-1) + b) and count them.")),
        Answer("n_numbers", per_step, kind="whole", mistakes=(
            (T * per_step, every_step),
            (H * D + H * H, f"your n_numbers leaves out the bias b ({H} numbers)."),
            *[(n, square_w_h) for n in sorted({H * D + D * D + H, H * D + D * D + D})]),
            hint=lambda n: (f"your n_numbers is {n:.0f}. Count the entries of W_x, W_h and b "
                            f"from their shapes (section 2's table) and add them up.")),
    )


@never_raises("two whole numbers, n_matrices and n_numbers")
def check_weight_count(n_matrices, n_numbers):
    """Exercise 3: the cell (W_x, W_h, b) of a chain of T = 50 steps with D = 4, H = 8."""
    T, D, H = WEIGHT_COUNT_T, WEIGHT_COUNT_D, WEIGHT_COUNT_H
    return judge_parts(weight_count_answers(), (n_matrices, n_numbers),
                       waiting="replace None with your n_matrices and n_numbers.",
                       success=f"one W_x ({H}×{D}), one W_h ({H}×{H}) and one b ({H}): "
                               f"{H * D + H * H + H} numbers, whether the chain has 5 steps "
                               f"or {T}.")


# ------------------------------------------------------------------ exercise 4
RELU_STEPS = 50
RELU_WINDOW = (0.1, 10.0)  # ||h_50|| / ||h_1|| must end up in here


def relu_norm_ratio(scale, W_x, W_h, x_1, steps=RELU_STEPS):
    """||h_steps|| / ||h_1|| for h_t = ReLU(W_x x_t + scale * W_h h_(t-1)).

    x_1 (D,) at step 1 and zeros after, h_0 = 0, no bias; W_x (H, D), W_h (H, H).
    Returns 0.0 when the state dies (every unit at 0) and inf when it overflows.
    """
    W_x, W_h, x_1 = (np.asarray(a, dtype=float) for a in (W_x, W_h, x_1))
    h_1 = np.maximum(W_x @ x_1, 0.0)
    h = h_1
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps - 1):
            h = np.maximum((scale * W_h) @ h, 0.0)
        ratio = np.linalg.norm(h) / np.linalg.norm(h_1)
    return float(ratio) if np.isfinite(ratio) else float("inf")


@never_raises("one positive number and the experiment's W_x, W_h and x_1")
def check_relu_scale(scale, W_x, W_h, x_1):
    """Exercise 4: with W_h multiplied by ``scale``, does ||h_50|| / ||h_1|| stay in [0.1, 10]?

    W_x (H, D), W_h (H, H), x_1 (D,): the weights and the input of the notebook's
    ReLU experiment (x_1 at step 1, zeros after, h_0 = 0, no bias).
    """
    if scale is None:
        return pending("replace None with your scale for W_h.")
    try:
        if isinstance(scale, bool) or np.ndim(scale) != 0:  # float() of an array warns
            raise TypeError
        s = float(scale)  # a numeric string such as "1.1" is a number too
    except OverflowError:  # an int beyond float range
        return wrong(f"your scale is {shown(scale)}: far too large, use a number near 1.")
    except Exception:
        return wrong(f"your scale should be one number (got {type(scale).__name__}).")
    arrays = [as_float_array(a) for a in (W_x, W_h, x_1)]
    if any(a is None for a in arrays):
        return wrong("W_x, W_h and x_1 should be the experiment's arrays of numbers.")
    W_x, W_h, x_1 = arrays
    if not (W_x.ndim == 2 and W_h.shape == (W_x.shape[0],) * 2
            and x_1.shape == (W_x.shape[1],) and W_x.size > 0):
        return wrong(f"pass the experiment's W_x (H, D), W_h (H, H) and x_1 (D,); got shapes "
                     f"{W_x.shape}, {W_h.shape}, {x_1.shape}.")
    if not all(np.isfinite(a).all() for a in (W_x, W_h, x_1)):
        return wrong("W_x, W_h and x_1 should be the experiment's arrays: yours hold NaN or inf.")
    if not np.isfinite(s) or s <= 0:
        return wrong(f"your scale is {s}: use a positive number (it multiplies W_h).")
    if not np.any(W_x @ x_1 > 0):
        return wrong("h_1 is already all zeros for this W_x and x_1: no scale can help.")
    lo, hi = RELU_WINDOW
    ratio = relu_norm_ratio(s, W_x, W_h, x_1)
    where = f"with scale {s:g}, ||h_{RELU_STEPS}|| / ||h_1|| = {ratio:.3g}"
    if ratio == 0 and relu_norm_ratio(1.0, W_x, W_h, x_1) == 0:
        return wrong(f"{where}: the state died (every unit at 0, and ReLU keeps it there). "
                     "It dies at every scale, since ReLU(s z) = s ReLU(z) for s > 0: "
                     "check that you passed the experiment's W_x, W_h and x_1.")
    if ratio == 0:
        return wrong(f"{where}: the state died (it shrank below the smallest float, to "
                     "exactly 0). Try a larger scale.")
    if ratio < lo:
        return wrong(f"{where}: the memory faded (below {lo:g}). Try a larger scale.")
    if ratio > hi:
        return wrong(f"{where}: the state exploded (above {hi:g}). Try a smaller scale.")
    return correct(f"{where}, inside [{lo:g}, {hi:g}]. Notice how narrow the window is: "
                   "ReLU has no ceiling, so the scale alone decides growth or decay.")
