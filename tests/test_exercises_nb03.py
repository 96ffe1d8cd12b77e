"""The self-checks of notebook 03: right answers pass, placeholders wait, mistakes are named."""

import numpy as np
import pytest

from rnnlib import mse_loss, rnn_backward, rnn_forward, softmax, softmax_cross_entropy
from rnnlib.exercises import nb03


def _out(capsys):
    return capsys.readouterr().out


# --------------------------------------------------------------------------- exercise 1
def _ce_gradient():
    z = np.array(nb03.EX1_LOGITS)
    return softmax(z) - np.eye(3)[nb03.EX1_LABEL]


def test_ex1_expected_gradient_is_rnnlibs():
    _, dz = softmax_cross_entropy(np.array([nb03.EX1_LOGITS]), np.array([nb03.EX1_LABEL]))
    assert np.allclose(dz[0], _ce_gradient())


def test_check_ce_gradient_accepts_p_minus_onehot(capsys):
    assert nb03.check_ce_gradient(_ce_gradient()) is True
    assert nb03.check_ce_gradient(list(_ce_gradient())) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct: dL/dz = [ 0.786  0.175 -0.961]") and "sum to 0" in out


@pytest.mark.parametrize("answer, message", [  # the mistakes declared as tests, not values
    (float(-np.log(softmax(np.array(nb03.EX1_LOGITS))[2])), "one number (that is the loss itself)"),
    (3.0, "your answer is one number; the gradient has one entry per logit"),
    (np.array([0.5, 0.2, -0.5]), "your entries sum to 0.2000"),
    (np.array([0.766, 0.17, -0.936]), "wrong values"),
])
def test_check_ce_gradient_says_what_is_wrong(capsys, answer, message):
    assert nb03.check_ce_gradient(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 2
def _mse_gradient():
    pred, target = np.array(nb03.EX2_PRED), np.array(nb03.EX2_TARGET)
    return 2 * (pred - target) / len(pred)


def test_ex2_expected_gradient_is_rnnlibs():
    _, d = mse_loss(np.array(nb03.EX2_PRED)[:, None], np.array(nb03.EX2_TARGET)[:, None])
    assert np.allclose(d[:, 0], _mse_gradient())


def test_check_mse_gradient_accepts_the_gradient(capsys):
    assert nb03.check_mse_gradient(_mse_gradient()) is True
    assert _out(capsys).startswith("✅ Correct: dL/dpred = [-0.25  0.25 -0.1   0.5 ]")


def test_check_mse_gradient_names_a_loss_given_for_the_gradient(capsys):
    diff = np.array(nb03.EX2_PRED) - np.array(nb03.EX2_TARGET)
    assert nb03.check_mse_gradient(float(np.mean(diff ** 2))) is False
    assert "(that is the loss itself)" in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
def _step_answers():
    v = nb03.bptt_step_numbers()
    da = v["g_t"] * (1 - v["h_t"] ** 2)
    return v, da, np.outer(da, v["h_prev"]), v["W_h"].T @ da


def test_bptt_step_numbers_is_rnnlibs_step():
    from rnnlib import rnn_step_backward, rnn_step_forward
    v, da, dW_h, dh_prev = _step_answers()
    params = {k: v[k] for k in ("W_x", "W_h", "b")}
    h_t, cache = rnn_step_forward(v["x_t"][None], v["h_prev"][None], params)
    assert np.allclose(h_t[0], v["h_t"])
    _, dh_lib, grads = rnn_step_backward(v["g_t"][None], cache, params)
    assert np.allclose(grads["W_h"], dW_h) and np.allclose(dh_lib[0], dh_prev)
    assert np.allclose(grads["b"], da)


def test_bptt_step_numbers_returns_fresh_arrays():
    v = nb03.bptt_step_numbers()
    v["W_h"][:] = 0
    assert np.any(nb03.bptt_step_numbers()["W_h"] != 0)


def test_check_bptt_step_accepts_the_step(capsys):
    _, da, dW_h, dh_prev = _step_answers()
    assert nb03.check_bptt_step(da, dW_h, dh_prev) is True
    assert _out(capsys).startswith("✅ Correct: dh_prev = ")


@pytest.mark.parametrize("answers, message", [  # one part at a time, in order
    ((None, None, None), "⏳ Not answered yet: replace None with da, dW_h and dh_prev"),
    ((None, 0, 0), "⏳ Not answered yet: replace None with da,"),
    ((0, None, None), "your da has shape (), expected (3,)"),
    (("da", None, None), "your da is not an array of numbers"),
    (("right", None, None), "⏳ Not answered yet: da is right; now replace None with dW_h"),
    (("right", "right", None), "⏳ Not answered yet: da and dW_h are right"),
    (("right", "right", "dh_prev + 1"), "dh_prev has the right shape but wrong values"),
])
def test_check_bptt_step_judges_the_parts_in_order(capsys, answers, message):
    right = dict(zip(("da", "dW_h", "dh_prev"), _step_answers()[1:]))
    values = [right[name] if a == "right" else right["dh_prev"] + 1 if a == "dh_prev + 1"
              else a for a, name in zip(answers, right)]
    assert nb03.check_bptt_step(*values) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 4
def _fixed(dh, cache, params):
    x, h0, h = cache.x, cache.h0, cache.h
    W_x, W_h = params["W_x"], params["W_h"]
    grads = {"W_x": np.zeros_like(W_x), "W_h": np.zeros_like(W_h), "b": np.zeros(W_h.shape[0])}
    dx, g_next = np.zeros_like(x), np.zeros_like(h0)
    for t in reversed(range(len(x))):
        da = (dh[t] + g_next) * (1 - h[t] ** 2)
        grads["W_x"] += da.T @ x[t]
        grads["W_h"] += da.T @ (h[t - 1] if t > 0 else h0)
        grads["b"] += da.sum(axis=0)
        dx[t] = da @ W_x
        g_next = da @ W_h
    return dx, g_next, grads


def test_suspect_backward_is_wrong_only_in_W_h():
    rng = np.random.default_rng(0)
    params = {"W_x": rng.normal(size=(6, 4)), "W_h": rng.normal(0, 0.4, (6, 6)),
              "b": rng.normal(size=6)}
    _, cache = rnn_forward(rng.normal(size=(5, 3, 4)), rng.normal(size=(3, 6)), params)
    dh = rng.normal(size=(5, 3, 6))
    dx, dh0, g = nb03.suspect_backward(dh, cache, params)
    dx_e, dh0_e, g_e = rnn_backward(dh, cache, params)
    assert np.allclose(dx, dx_e) and np.allclose(dh0, dh0_e)
    assert np.allclose(g["W_x"], g_e["W_x"]) and np.allclose(g["b"], g_e["b"])
    assert not np.allclose(g["W_h"], g_e["W_h"])


def test_check_fixed_backward_accepts_a_repair(capsys):
    assert nb03.check_fixed_backward(_fixed) is True
    assert nb03.check_fixed_backward(rnn_backward) is True
    assert _out(capsys).startswith("✅ Correct: dW_h now uses h_{t-1}")


def _raises(dh, cache, params):
    raise KeyError("W_o")


def _wrong_W_x(dh, cache, params):
    dx, dh0, grads = _fixed(dh, cache, params)
    return dx, dh0, {**grads, "W_x": 2 * grads["W_x"]}


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    ("fixed_backward", "pass the function itself"),
    (nb03.suspect_backward, "dW_h is still the suspect's"),
    (_raises, "your function raised KeyError"),
    (lambda dh, cache, params: (1, 2), "must return (dx, dh0, grads)"),
    (lambda dh, cache, params: (1, 2, {"W_x": 1}), "grads is missing ['W_h', 'b']"),
    (_wrong_W_x, "your W_x is off by up to"),
    (lambda dh, cache, params: _fixed(dh, cache, params)[:2] + ({"W_x": 0, "W_h": 0, "b": 0},),
     "your W_h has shape (), expected shape (6, 6)"),
    (lambda dh, cache, params: (0 * dh, *_fixed(dh, cache, params)[1:]),
     "your dx has shape (5, 3, 6), expected shape (5, 3, 4)"),
])
def test_check_fixed_backward_says_what_is_wrong(capsys, answer, message):
    assert nb03.check_fixed_backward(answer) is False
    assert message in _out(capsys)


def test_check_fixed_backward_does_not_let_the_function_change_the_problem(capsys):
    def clobbers(dh, cache, params):
        params["W_h"][:] = 0
        dh[:] = 0
        return _fixed(dh, cache, params)

    assert nb03.check_fixed_backward(clobbers) is False
    assert nb03.check_fixed_backward(_fixed) is True
