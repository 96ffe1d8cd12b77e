"""The self-checks of notebook 06: right answers pass, placeholders wait, mistakes are named."""

import numpy as np
import pytest

from rnnlib import gru_step_forward, lstm_step_backward
from rnnlib.exercises import nb06


def _out(capsys):
    return capsys.readouterr().out


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


# --------------------------------------------------------------------------- exercise 1
def _by_hand():
    x, h, p = nb06.ex1_problem()
    ax, ah = p["W_x"] @ x + p["b_x"], p["W_h"] @ h + p["b_h"]
    r, z = _sigmoid(ax[:2] + ah[:2]), _sigmoid(ax[2:4] + ah[2:4])
    n = np.tanh(ax[4:] + r * ah[4:])
    return (1 - z) * n + z * h, (r, z, n), (x, h, p, ax, ah)


def test_check_gru_step_accepts_the_step_by_hand_and_rnnlibs(capsys):
    h_t, _, (x, h, p, _, _) = _by_hand()
    assert nb06.check_gru_step(h_t) is True
    assert nb06.check_gru_step(h_t[None]) is True          # (1, H) is fine too
    assert nb06.check_gru_step(gru_step_forward(x[None], h[None], p)[0][0]) is True
    assert _out(capsys).startswith("✅ Correct: h_t = [ 0.4929 -0.9677]")


def test_check_gru_step_hints_without_giving_the_answer(capsys):
    h_t, (r, z, n), _ = _by_hand()
    for value in (z * n + (1 - z) * h_t, n, h_t + 0.1, [1.0, 2.0, 3.0]):
        assert nb06.check_gru_step(value) is False
        out = _out(capsys)
        assert out.startswith("❌") and "0.4929" not in out, out


# --------------------------------------------------------------------------- exercise 2
def test_check_keep_bias_accepts_the_smallest_bias_to_two_decimals(capsys):
    q = 0.5 ** (1 / 100)
    exact = np.log(q / (1 - q))
    assert 4.96 < exact < 4.97 and _sigmoid(4.97) ** 100 >= 0.5 > _sigmoid(4.96) ** 100
    assert nb06.check_keep_bias(4.97) is True
    assert nb06.check_keep_bias(np.float64(4.97)) is True
    out = _out(capsys)
    assert "0.501 of the value is left after 100 steps" in out and "4.968" in out


@pytest.mark.parametrize("answer, message", [
    (1.0, "c holds 2.48e-14 of its start, less than 0.5"),
    (3.0, "less than 0.5. Which f would keep 0.5"),
    (4.96, "just below 0.5: round up, not down"),
    (4.98, "enough, but not the smallest bias"),
    (7, "enough, but not the smallest bias"),
    (1e5, "saturates the gate completely"),
    ("5", "your bias should be one finite number"),
])
def test_check_keep_bias_names_the_mistake(capsys, answer, message):
    assert nb06.check_keep_bias(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
def test_the_buggy_backward_is_wrong_in_the_input_gate_only():
    dh, dc, cache, params = nb06._ex3_problem()
    want = lstm_step_backward(dh, dc, cache, params)
    got = nb06.buggy_lstm_step_backward(dh, dc, cache, params)
    np.testing.assert_allclose(got[2], want[2])              # dc_prev is right
    H = dh.shape[1]
    b_err = np.abs(got[3]["b"] - want[3]["b"]).reshape(4, H).max(axis=1)
    assert b_err[0] > 1e-3 and np.all(b_err[1:] < 1e-12)      # only the block of i differs


def test_check_lstm_backward_accepts_the_fix(capsys):
    assert nb06.check_lstm_backward(lstm_step_backward) is True
    assert "the gradient of i_t is dc_t ⊙ g_t" in _out(capsys)


def test_check_lstm_backward_points_at_the_gate_without_the_answer(capsys):
    assert nb06.check_lstm_backward(nb06.buggy_lstm_step_backward) is False
    out = _out(capsys)
    assert "block of gate i" in out and "dc_prev is right" in out
    assert "g_t" not in out


def test_check_lstm_backward_reports_a_wrong_cell_path(capsys):
    def no_forget(dh, dc, cache, params):
        dx, dhp, dcp, g = lstm_step_backward(dh, dc, cache, params)
        return dx, dhp, dc + dh, g
    assert nb06.check_lstm_backward(no_forget) is False
    assert "what does the cell path multiply by" in _out(capsys)


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    (3, "pass the function itself"),
    (lambda *a: None, "must return (dx_t, dh_prev, dc_prev, grads)"),
    (lambda *a: 1 / 0, "your function raised ZeroDivisionError"),
    (lambda dh, dc, cache, p: (dh, dh, dc, {"W_x": 0}), "grads is missing ['W_h', 'b']"),
])
def test_check_lstm_backward_answers_broken_functions(capsys, answer, message):
    assert nb06.check_lstm_backward(answer) is False
    assert message in _out(capsys)
