"""Self-checks for notebook 03, backpropagation through time.

    check_ce_gradient(dz)                  exercise 1: dL/dz of cross-entropy for EX1_LOGITS
    check_mse_gradient(dpred)              exercise 2: dL/dpred of the MSE for EX2_PRED
    check_bptt_step(da, dW_h, dh_prev)     exercise 3: one step of BPTT by hand (bptt_step_numbers)
    check_fixed_backward(backward)         exercise 4: suspect_backward, repaired

Each prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns True
only for a right answer and never raises.
"""

from __future__ import annotations

import numpy as np

from ..data import SENTIMENT_LABELS
from ..layers import softmax
from ..rnn import rnn_backward, rnn_forward
from . import (
    Answer,
    as_float_array,
    correct,
    judge,
    judge_parts,
    matches,
    never_raises,
    pending,
    wrong,
)

__all__ = ["EX1_LOGITS", "EX1_LABEL", "EX2_PRED", "EX2_TARGET", "bptt_step_numbers",
           "suspect_backward", "ce_gradient_answer", "mse_gradient_answer", "bptt_step_answers",
           "check_ce_gradient", "check_mse_gradient", "check_bptt_step",
           "check_fixed_backward"]

EX1_LOGITS = (2.0, 0.5, -1.0)   # positive, neutral, negative
EX1_LABEL = 2                   # the true class: negative
EX2_PRED = (0.5, 1.5, -0.2, 2.0)
EX2_TARGET = (1.0, 1.0, 0.0, 1.0)


# ----------------------------------------------------------------------- exercise 1
def _one_number_or_loss(loss, K, what):
    """The mistake of answering with one number (the loss itself, perhaps)."""
    def message(a):
        itself = " (that is the loss itself)" if np.isclose(a, loss, atol=1e-4) else ""
        return (f"your answer is one number{itself}; the gradient has one entry per {what}: "
                f"{K} numbers.")
    return (lambda a: a.ndim == 0, message)


def ce_gradient_answer():
    """Exercise 1 declared: dL/dz for L = -ln softmax(z)[y], z = EX1_LOGITS, y = EX1_LABEL."""
    z, y = np.array(EX1_LOGITS), EX1_LABEL
    p, onehot = softmax(z), np.eye(len(z))[y]
    expected = p - onehot
    others = [(p - np.eye(len(z))[k], f"you subtracted the 1 at index {k} ({SENTIMENT_LABELS[k]}); "
               f"the true class is {y} ({SENTIMENT_LABELS[y]}).") for k in range(len(z)) if k != y]
    return Answer(
        "dL/dz", expected, mistakes=(
            _one_number_or_loss(-np.log(p[y]), len(z), "logit"),
            (p, f"this is softmax(z), the probabilities; subtract the one-hot of the true class "
                f"(a 1 at index {y}, {SENTIMENT_LABELS[y]})."),
            (onehot - p, "the sign is flipped: dL/dz = p - onehot(y), so a wrong class with a "
                         "high probability gets a positive gradient (gradient descent lowers it)."),
            (np.exp(z) - onehot, "you used e^z without dividing by its sum: p = e^z / sum(e^z)."),
            *others,
            (lambda a: a.shape == z.shape and not np.isclose(a.sum(), 0, atol=1e-6),
             lambda a: f"your entries sum to {a.sum():.4f}; p sums to 1 and the one-hot sums "
                       f"to 1, so p - onehot(y) must sum to 0.")),
        hint="dL/dz = softmax(z) - onehot(y).",
        waiting="replace None with your gradient dL/dz (an array of 3 numbers).",
        success=f"dL/dz = {np.round(expected, 3)}. The true class is pulled up by "
                f"1 - p = {1 - p[y]:.3f}, the others are pushed down by their probability; "
                f"the entries sum to 0.")


@never_raises("dL/dz as an array of 3 numbers")
def check_ce_gradient(answer):
    """Exercise 1: dL/dz for L = -ln softmax(z)[y], z = EX1_LOGITS, y = EX1_LABEL."""
    return judge(ce_gradient_answer(), answer)


# ----------------------------------------------------------------------- exercise 2
def mse_gradient_answer():
    """Exercise 2 declared: dL/dpred for L = mean((pred - target)^2), pred = EX2_PRED."""
    diff = np.array(EX2_PRED) - np.array(EX2_TARGET)
    N = len(diff)
    expected = 2 * diff / N
    return Answer(
        "dL/dpred", expected, mistakes=(
            _one_number_or_loss(np.mean(diff ** 2), N, "prediction"),
            (2 * diff, f"you forgot the 1/N: the loss is a mean over N = {N} values, so each "
                       f"entry's gradient is divided by {N}."),
            (diff / N, "you forgot the 2: the derivative of (pred - target)^2 is "
                       "2 (pred - target)."),
            (diff, f"you forgot both the 2 (from the square) and the 1/N (from the mean over "
                   f"N = {N}): 2 (pred - target) / N."),
            (-expected, "the sign is flipped: use pred - target, so a prediction that is too "
                        "high gets a positive gradient (gradient descent lowers it).")),
        hint="dL/dpred = 2 (pred - target) / N.",
        waiting="replace None with your gradient dL/dpred (an array of 4 numbers).",
        success=f"dL/dpred = {np.round(expected, 3)}. Each prediction is pushed towards "
                f"its target, in proportion to how far off it is.")


@never_raises("dL/dpred as an array of 4 numbers")
def check_mse_gradient(answer):
    """Exercise 2: dL/dpred for L = mean((pred - target)^2), pred = EX2_PRED."""
    return judge(mse_gradient_answer(), answer)


# ----------------------------------------------------------------------- exercise 3
def bptt_step_numbers():
    """The numbers of exercise 3, fresh arrays each call (H = 3, D = 2).

    Returns a dict: x_t (2,), h_prev (3,), W_x (3, 2), W_h (3, 3), b (3,), the forward step's
    h_t = tanh(W_x x_t + W_h h_prev + b) (3,), and g_t = dL/dh_t (3,), the total gradient
    that reaches h_t.
    """
    v = {"x_t": np.array([1.0, -0.5]),
         "h_prev": np.array([0.2, -0.4, 0.6]),
         "W_x": np.array([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]]),
         "W_h": np.array([[0.1, 0.4, -0.2], [-0.5, 0.3, 0.2], [0.3, -0.1, 0.6]]),
         "b": np.array([0.1, 0.0, -0.1]),
         "g_t": np.array([0.5, -1.0, 0.8])}
    v["h_t"] = np.tanh(v["W_x"] @ v["x_t"] + v["W_h"] @ v["h_prev"] + v["b"])
    return v


def bptt_step_answers():
    """Exercise 3 declared: da = dL/da_t, the step's term da h_prev^T of dL/dW_h, dL/dh_prev."""
    v = bptt_step_numbers()
    g, h, h_prev, W_h = v["g_t"], v["h_t"], v["h_prev"], v["W_h"]
    da = g * (1 - h ** 2)
    dW_h, dh_prev = np.outer(da, h_prev), W_h.T @ da
    return (
        Answer("da", da, mistakes=(
            (g, "your da is g_t itself: the step goes through tanh, so multiply by "
                "tanh'(a_t) = 1 - h_t^2."),
            (g * (1 - h_prev ** 2), "you used 1 - h_prev^2; the tanh of step t produced h_t, "
                                    "so its derivative is 1 - h_t^2."),
            (g * (1 - h), "the derivative of tanh is 1 - h_t^2 (squared), not 1 - h_t."),
            (g * (1 - np.tanh(h) ** 2), "1 - h_t^2 already is tanh'(a_t): h_t is tanh(a_t), "
                                        "so do not apply tanh again.")),
            hint="da = g_t * (1 - h_t**2).",
            waiting="replace None with da, the gradient with respect to a_t."),
        Answer("dW_h", dW_h, mistakes=(
            (np.outer(h_prev, da), "your dW_h is transposed: entry [i, j] is da[i] * "
                                   "h_prev[j], that is np.outer(da, h_prev)."),
            (np.outer(da, h), "you used h_t; at step t, W_h multiplies h_{t-1}, so the "
                              "term is np.outer(da, h_prev)."),
            (np.outer(g, h_prev), "you used g_t; W_h acts before the tanh, so use da: "
                                  "np.outer(da, h_prev)."),
            (W_h.T @ da, "that is dh_prev (W_h^T da); dW_h is the outer product "
                         "np.outer(da, h_prev), a 3 x 3 matrix.")),
            hint="dW_h = np.outer(da, h_prev).",
            waiting="da is right; now replace None with dW_h, the step's term of dL/dW_h."),
        Answer("dh_prev", dh_prev, mistakes=(
            (W_h @ da, "use the transpose: the gradient goes backwards through W_h, "
                       "dh_prev = W_h.T @ da."),
            (W_h.T @ g, "go through the tanh first: dh_prev = W_h.T @ da, not W_h.T @ g_t."),
            (W_h.T @ da * (1 - h_prev ** 2), "stop at h_prev: 1 - h_prev^2 belongs to the "
                                             "next step back, when you go from h_prev to "
                                             "a_{t-1}.")),
            hint="dh_prev = W_h.T @ da.",
            waiting="da and dW_h are right; now replace None with dh_prev."),
    )


@never_raises("da (3,), dW_h (3, 3) and dh_prev (3,) as arrays of numbers")
def check_bptt_step(da, dW_h, dh_prev):
    """Exercise 3: da = dL/da_t, the step's term da h_prev^T of dL/dW_h, and dL/dh_prev."""
    parts = bptt_step_answers()
    return judge_parts(parts, (da, dW_h, dh_prev), success=(
        f"dh_prev = {np.round(parts[2].expected, 3)} is what this step sends back to "
        f"h_{{t-1}}; the next step back adds it to its own loss gradient and repeats."))


# ----------------------------------------------------------------------- exercise 4
def suspect_backward(dh, cache, params):
    """BPTT as in the notebook's ``bptt``, with one line wrong. Find it and fix it.

    dh (T, B, H): the loss's own dL/dh_t at each step; cache from rnnlib.rnn_forward (x, h0, h);
    params W_x (H, D), W_h (H, H). Returns dx (T, B, D), dh0 (B, H), grads {W_x, W_h, b}.
    """
    x, h0, h = cache.x, cache.h0, cache.h
    W_x, W_h = params["W_x"], params["W_h"]
    grads = {"W_x": np.zeros_like(W_x), "W_h": np.zeros_like(W_h), "b": np.zeros(W_h.shape[0])}
    dx = np.zeros_like(x)
    g_next = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        g = dh[t] + g_next
        da = g * (1 - h[t] ** 2)
        grads["W_x"] += da.T @ x[t]
        grads["W_h"] += da.T @ h[t]
        grads["b"] += da.sum(axis=0)
        dx[t] = da @ W_x
        g_next = da @ W_h
    return dx, g_next, grads


def _ex4_problem():
    """A small random problem with all-different sizes: T, B, D, H = 5, 3, 4, 6."""
    rng = np.random.default_rng(2024)
    T, B, D, H = 5, 3, 4, 6
    params = {"W_x": rng.normal(0, 0.5, (H, D)), "W_h": rng.normal(0, 0.4, (H, H)),
              "b": rng.normal(0, 0.1, H)}
    x, h0 = rng.normal(size=(T, B, D)), rng.normal(0, 0.5, (B, H))
    _, cache = rnn_forward(x, h0, params)
    dh = rng.normal(size=(T, B, H))
    return dh, cache, params


@never_raises("a function backward(dh, cache, params) returning (dx, dh0, grads)")
def check_fixed_backward(backward):
    """Exercise 4: ``backward(dh, cache, params)``, suspect_backward with its bug fixed."""
    if backward is None:
        return pending("replace None with your repaired function (its name, no brackets).")
    if not callable(backward):
        return wrong(f"pass the function itself, e.g. check_fixed_backward(fixed_backward); "
                     f"got a {type(backward).__name__}.")
    dh, cache, params = _ex4_problem()
    dx_e, dh0_e, g_e = rnn_backward(dh, cache, params)
    try:
        out = backward(dh.copy(), cache, {k: v.copy() for k, v in params.items()})
    except Exception as exc:  # the learner's code: report it, never raise
        return wrong(f"your function raised {type(exc).__name__}: {exc}")
    if not (isinstance(out, tuple) and len(out) == 3 and isinstance(out[2], dict)):
        return wrong("your function must return (dx, dh0, grads) like suspect_backward, "
                     "with grads a dict {'W_x', 'W_h', 'b'}.")
    dx, dh0, grads = out
    missing = [k for k in ("W_x", "W_h", "b") if k not in grads]
    if missing:
        return wrong(f"grads is missing {missing}; return all of 'W_x', 'W_h', 'b'.")
    _, _, g_s = suspect_backward(dh, cache, params)
    got = {"W_x": grads["W_x"], "W_h": grads["W_h"], "b": grads["b"], "dx": dx, "dh0": dh0}
    want = {"W_x": g_e["W_x"], "W_h": g_e["W_h"], "b": g_e["b"], "dx": dx_e, "dh0": dh0_e}
    for name in ("W_h", "W_x", "b", "dx", "dh0"):
        a = as_float_array(got[name], finite=True)
        if a is None or a.shape != want[name].shape:
            shape = "not numbers" if a is None else f"shape {a.shape}"
            return wrong(f"your {name} has {shape}, expected shape {want[name].shape}.")
        if np.allclose(a, want[name], rtol=1e-7, atol=1e-10):
            continue
        if name == "W_h" and matches(a, g_s["W_h"]):
            return wrong("dW_h is still the suspect's: at step t, W_h multiplies the PREVIOUS "
                         "state, so the term is da_t h_{t-1}^T (h0 when t = 0), not "
                         "da_t h_t^T.")
        err = np.abs(a - want[name]).max()
        return wrong(f"your {name} is off by up to {err:.3g}; only one line of "
                     f"suspect_backward needed a change: run gradient_report(your function), "
                     f"as in section 4, to see which gradient is wrong.")
    return correct("dW_h now uses h_{t-1}: W_h acts on the previous state. The forward pass "
                   "was fine all along; only a gradient check could find this.")
