"""Self-checks for notebook 06 · Gated cells: LSTM and GRU.

    ex1_problem()                     x_t (D,), h_prev (H,), params of the GRU of exercise 1
    check_gru_step(h_t)               exercise 1: one GRU step by hand, h_t (H,)
    check_keep_bias(b_f)              exercise 2: the smallest forget-gate bias (2 decimals)
                                      that keeps half of a stored value for EX2_STEPS steps
    buggy_lstm_step_backward(...)     exercise 3: an LSTM step backward with one wrong line
    check_lstm_backward(backward)     exercise 3: that function, repaired

Each check prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns
True only when the answer is right, and never raises.
"""

from __future__ import annotations

import math

import numpy as np

from ..lstm import LSTMStepCache, lstm_forward, lstm_step_backward, lstm_step_forward
from . import Answer, as_float_array, correct, diagnose, judge, never_raises, pending, shown, wrong

__all__ = ["ex1_problem", "gru_step_answer", "check_gru_step", "EX2_STEPS", "EX2_KEEP",
           "keep_bias_answer", "check_keep_bias",
           "buggy_lstm_step_backward", "check_lstm_backward"]

EX2_STEPS = 100   # how long the value must be kept
EX2_KEEP = 0.5    # at least this fraction of it


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


# ----------------------------------------------------------------------- exercise 1
def ex1_problem():
    """x_t (3,), h_prev (2,) and GRU params W_x (6, 3), W_h (6, 2), b_x, b_h (6,), in
    torch's layout (blocks r, z, n). Fresh arrays at every call."""
    x_t = np.array([1.0, -0.5, 2.0])
    h_prev = np.array([0.5, -1.0])
    params = {"W_x": np.array([[0.2, -0.1, 0.3], [-0.3, 0.2, 0.1],     # r
                               [0.1, 0.4, -0.2], [0.5, -0.3, 0.2],     # z
                               [-0.4, 0.3, 0.1], [0.2, 0.2, -0.5]]),   # n
              "W_h": np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2], [0.3, 0.1],
                               [0.6, -0.4], [-0.2, 0.5]]),
              "b_x": np.array([0.1, -0.1, 0.2, 0.0, 0.1, -0.2]),
              "b_h": np.array([0.0, 0.2, -0.1, 0.1, 0.3, 0.1])}
    return x_t, h_prev, params


def gru_step_answer():
    """Exercise 1 declared: h_t of one GRU step for ex1_problem(), and the usual slips, each
    with a hint that points without telling."""
    x, h, p = ex1_problem()
    H = h.size
    ax, ah = p["W_x"] @ x + p["b_x"], p["W_h"] @ h + p["b_h"]
    r, z = _sigmoid(ax[:H] + ah[:H]), _sigmoid(ax[H:2 * H] + ah[H:2 * H])
    n = np.tanh(ax[2 * H:] + r * ah[2 * H:])
    right = (1 - z) * n + z * h
    r_inside = np.tanh(ax[2 * H:] + p["W_h"][2 * H:] @ (r * h) + p["b_h"][2 * H:])
    no_bh = np.tanh(ax[2 * H:] + r * (p["W_h"][2 * H:] @ h))
    return Answer(
        "h_t", right, mistakes=(
            (z * n + (1 - z) * h, "z_t and 1 - z_t have swapped roles. In the convention of "
                                  "this notebook (torch's), which one does z_t multiply: the "
                                  "old state or the candidate? Look at the last equation of "
                                  "section 3."),
            ((1 - z) * r_inside + z * h, "close, but r_t acts in the wrong place: in this "
                                         "notebook's GRU it multiplies W_hn h_{t-1} + b_hn, the "
                                         "whole recurrent term of the candidate, bias included."),
            ((1 - z) * no_bh + z * h, "close, but one of the two biases of the candidate is "
                                      "missing: n_t has b_xn and b_hn."),
            (n, "that is the candidate n_t. The new state mixes it with h_{t-1}."),
            ((1 - z) * np.tanh(ax[2 * H:] + ah[2 * H:]) + z * h,
             "the candidate ignores the reset gate: r_t scales what n_t reads from h_{t-1}.")),
        shape_hint=f"One number per hidden unit (H = {H}).",
        hint="Compute r_t and z_t first, then n_t, then h_t, block by block (rows 0-1 of W_x "
             "and W_h belong to r, 2-3 to z, 4-5 to n), and compare each with the equations of "
             "section 3.",
        waiting="replace None with your h_t (an array of 2 numbers).",
        success=f"h_t = {np.round(right, 4)}. The update gate z_t = {np.round(z, 3)} kept that "
                f"share of each unit of h_{{t-1}}; rnnlib.gru_step_forward gives the same "
                f"numbers.")


@never_raises("h_t, an array of 2 numbers")
def check_gru_step(h_t):
    """Exercise 1: h_t of one GRU step for ex1_problem(), computed by hand."""
    a = as_float_array(h_t)
    if a is not None and a.shape in ((1, 2), (2, 1)):  # a row or a column: the same numbers
        h_t = a.reshape(-1)
    return judge(gru_step_answer(), h_t)


# ----------------------------------------------------------------------- exercise 2
def _kept(b_f):
    """c_T / c_0 of an LSTM that reads zeros and writes nothing (input gate shut), after
    EX2_STEPS steps with forget-gate bias b_f: the real lstm_forward, H = 1."""
    p = {"W_x": np.zeros((4, 1)), "W_h": np.zeros((4, 1)),
         "b": np.array([-40.0, b_f, 0.0, 0.0])}           # i = σ(-40) ≈ 4e-18: nothing written
    _, c, _ = lstm_forward(np.zeros((EX2_STEPS, 1, 1)), np.zeros((1, 1)), np.ones((1, 1)), p)
    return float(c[-1, 0, 0])


def _smallest_bias():
    """The smallest b_f with σ(b_f)^EX2_STEPS >= EX2_KEEP, and that value rounded up to 0.01."""
    q = EX2_KEEP ** (1 / EX2_STEPS)             # the keep factor needed per step
    exact = math.log(q / (1 - q))               # σ^-1(q)
    return exact, math.ceil(exact * 100) / 100


def keep_bias_answer():
    """Exercise 2 declared: the smallest forget-gate bias, to 2 decimals, that keeps
    EX2_KEEP of a stored value for EX2_STEPS steps (any b_f from the exact threshold up to
    that is right: ``check_keep_bias`` passes the test as ``right``)."""
    exact, answer = _smallest_bias()
    n, keep = EX2_STEPS, EX2_KEEP

    def too_little(v):
        return (f"with b_f = {v:g} the gate keeps f = σ(b_f) = {float(_sigmoid(v)):.5f} per "
                f"step, and after {n} steps c holds {_kept(v):.3g} of its start, less than "
                f"{keep:g}. Which f would keep {keep:g} after {n} steps? Then invert σ.")

    return Answer(
        "bias", answer, kind="number", mistakes=(
            (lambda v: abs(v) > 1e3, lambda v: f"a bias of {v:g} saturates the gate completely: "
                                               f"think of a number between 0 and 10."),
            (lambda v: _kept(v) < keep and v > exact - 0.02,
             lambda v: f"σ({v:g})^{n} = {_kept(v):.4f} is just below {keep:g}: round up, not "
                       f"down."),
            (lambda v: _kept(v) < keep, too_little)),
        hint=lambda v: (f"b_f = {v:g} keeps {_kept(v):.3f} of c after {n} steps: enough, but "
                        f"not the smallest bias that does (to 2 decimals)."),
        waiting="replace None with your forget-gate bias (one number).")


@never_raises("one number, a forget-gate bias")
def check_keep_bias(b_f):
    """Exercise 2: the smallest forget-gate bias, to 2 decimals, with c_100 >= 0.5 c_0."""
    exact, answer = _smallest_bias()
    right = lambda v: abs(v) <= 1e3 and _kept(v) >= EX2_KEEP and v <= answer + 1e-9  # noqa: E731
    verdict = diagnose(keep_bias_answer(), b_f, right=right)
    if verdict is not None:
        return verdict
    value = float(b_f)
    f, kept = float(_sigmoid(value)), _kept(value)
    return correct(f"b_f = {value:g} gives f = σ(b_f) = {f:.5f}, and {f:.5f}^{EX2_STEPS} = "
                   f"{kept:.3f} of the value is left after {EX2_STEPS} steps (the exact "
                   f"threshold is {exact:.3f}). To keep half for k steps, 1 - f must be below "
                   f"about ln 2 / k: forgetting is still exponential, only slower.")


# ----------------------------------------------------------------------- exercise 3
def buggy_lstm_step_backward(dh_t, dc_t, cache, params):
    """One LSTM step backward with ONE wrong line. Find it and fix it.

    dh_t, dc_t (B, H): the gradients reaching h_t and c_t; cache from
    rnnlib.lstm_step_forward (x_t, h_prev, c_prev, gates [i f g o] (B, 4H), tanh_c);
    params W_x (4H, D), W_h (4H, H), b (4H,).
    Returns dx_t (B, D), dh_prev (B, H), dc_prev (B, H), grads {W_x, W_h, b}.
    """
    i, f, g, o = np.split(cache.gates, 4, axis=1)
    tanh_c = cache.tanh_c
    # h_t = o * tanh(c_t): the gradient reaching c_t through h_t, plus the one from step t+1
    dc = dc_t + dh_t * o * (1 - tanh_c**2)
    do = dh_t * tanh_c
    # c_t = f * c_{t-1} + i * g
    df = dc * cache.c_prev
    di = dc * i
    dg = dc * i
    dc_prev = dc * f
    # through the nonlinearities: σ' = σ(1 - σ), tanh' = 1 - tanh²
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2),
                         do * o * (1 - o)], axis=1)
    grads = {"W_x": da.T @ cache.x_t, "W_h": da.T @ cache.h_prev, "b": da.sum(axis=0)}
    return da @ params["W_x"], da @ params["W_h"], dc_prev, grads


def _ex3_problem():
    """A small random LSTM step with all-different sizes: B, D, H = 3, 4, 5."""
    rng = np.random.default_rng(606)
    B, D, H = 3, 4, 5
    params = {"W_x": rng.normal(0, 0.5, (4 * H, D)), "W_h": rng.normal(0, 0.5, (4 * H, H)),
              "b": rng.normal(0, 0.3, 4 * H)}
    x, h, c = rng.normal(size=(B, D)), rng.normal(0, 0.5, (B, H)), rng.normal(size=(B, H))
    _, _, cache = lstm_step_forward(x, h, c, params)
    return rng.normal(size=(B, H)), rng.normal(size=(B, H)), cache, params


def _fresh(cache):
    return LSTMStepCache(*(a.copy() for a in (cache.x_t, cache.h_prev, cache.c_prev,
                                              cache.gates, cache.tanh_c)))


@never_raises("a function backward(dh_t, dc_t, cache, params) returning "
              "(dx_t, dh_prev, dc_prev, grads)")
def check_lstm_backward(backward):
    """Exercise 3: ``backward(dh_t, dc_t, cache, params)``, buggy_lstm_step_backward fixed."""
    if backward is None:
        return pending("replace None with your repaired function (its name, no brackets).")
    if not callable(backward):
        return wrong(f"pass the function itself, e.g. check_lstm_backward(my_backward); "
                     f"got a {type(backward).__name__}.")
    dh, dc, cache, params = _ex3_problem()
    dx_e, dh_e, dc_e, g_e = lstm_step_backward(dh, dc, cache, params)
    try:
        out = backward(dh.copy(), dc.copy(), _fresh(cache),
                       {k: v.copy() for k, v in params.items()})
    except Exception as exc:  # the learner's code: report it, never raise
        return wrong(f"your function raised {type(exc).__name__}: {shown(exc, 80)}")
    if not (isinstance(out, tuple) and len(out) == 4 and isinstance(out[3], dict)):
        return wrong("your function must return (dx_t, dh_prev, dc_prev, grads) like "
                     "buggy_lstm_step_backward, with grads a dict {'W_x', 'W_h', 'b'}.")
    dx, dhp, dcp, grads = out
    missing = [k for k in ("W_x", "W_h", "b") if k not in grads]
    if missing:
        return wrong(f"grads is missing {missing}; return all of 'W_x', 'W_h', 'b'.")
    got = {"dx_t": dx, "dh_prev": dhp, "dc_prev": dcp, **{k: grads[k] for k in g_e}}
    want = {"dx_t": dx_e, "dh_prev": dh_e, "dc_prev": dc_e, **g_e}
    bad = []
    for name, w in want.items():
        a = as_float_array(got[name], finite=True)
        if a is None or a.shape != w.shape:
            shape = "not finite numbers" if a is None else f"shape {a.shape}"
            return wrong(f"your {name} has {shape}, expected shape {w.shape}.")
        if not np.allclose(a, w, rtol=1e-7, atol=1e-10):
            bad.append(name)
    if not bad:
        return correct("the gradient of i_t is dc_t ⊙ g_t: in a product i ⊙ g each factor's "
                       "gradient is the OTHER factor times the incoming gradient. The forward "
                       "pass was right all along; only a gradient check finds such a slip.")
    H = want["dh_prev"].shape[1]
    b_bad = as_float_array(got["b"], finite=True)
    blocks = [k for k, name in enumerate("ifgo")
              if not np.allclose(b_bad[k * H:(k + 1) * H], g_e["b"][k * H:(k + 1) * H],
                                 rtol=1e-7, atol=1e-10)]
    if "dc_prev" in bad:
        return wrong(f"these outputs differ from rnnlib.lstm_step_backward: {', '.join(bad)}. "
                     f"dc_prev is among them: what does the cell path multiply by (section 1)?")
    where = ("the gradient of b differs in the block of gate " +
             " and ".join("ifgo"[k] for k in blocks) if blocks else
             "the gradient of b is right")
    return wrong(f"these outputs differ from rnnlib.lstm_step_backward: {', '.join(bad)} "
                 f"({where}; dc_prev is right). Follow that gate's gradient back to the line "
                 f"that computes it.")
