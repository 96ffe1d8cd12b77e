"""The self-checks of notebook 05 beyond what every declared answer is tested for
(tests/test_exercises.py): the right answers are rnnlib's, the lines that quote numbers, the
mistakes declared as tests, and the dict that exercise 3 takes."""

import numpy as np
import pytest

from rnnlib import clip_grad_norm, jacobian_products, rnn_forward
from rnnlib.exercises import nb05


def _out(capsys):
    return capsys.readouterr().out


def _grads():
    return {k: np.array(v) for k, v in nb05.EX3_GRADS.items()}


def test_the_right_answers_are_rnnlibs():
    assert 0.9**43 >= 0.01 > 0.9**44 and nb05.steps_to_one_percent_answer().expected == 44
    rho, sigma1 = nb05.radius_and_norm_answers()
    assert rho.expected == pytest.approx(0.8) and sigma1.expected == pytest.approx(1.8123, 1e-4)
    x, h0, p = nb05.ex4_network()
    h, cache = rnn_forward(x, h0, p)
    by_hand = np.eye(4)
    for t in range(5):  # J_1 first, on the right: P = J_5 ... J_1
        by_hand = np.diag(1 - h[t, 0] ** 2) @ p["W_h"] @ by_hand
    assert np.allclose(nb05.jacobian_product_answer().expected, by_hand)
    assert np.allclose(by_hand, jacobian_products(cache, p)[0])


def test_ex4_network_is_fresh_and_fixed():
    a, b = nb05.ex4_network(), nb05.ex4_network()
    a[2]["W_h"][0, 0] = 99.0
    assert b[2]["W_h"][0, 0] != 99.0
    assert a[0].shape == (5, 1, 3) and a[1].shape == (1, 4) and a[2]["W_x"].shape == (4, 3)


W = np.array(nb05.EX2_MATRIX)
S1 = float(np.linalg.norm(W, 2))
CLIPPED = clip_grad_norm(_grads(), nb05.EX3_MAX_NORM)[0]


@pytest.mark.parametrize("check, args, start", [
    (nb05.check_steps_to_one_percent, (np.int64(44),),
     "✅ Correct: 0.9^43 = 0.0108 is still above 1 %, 0.9^44 = 0.0097"),
    (nb05.check_steps_to_one_percent, (43,), "❌ 0.9^43 = 0.0108 is still above 0.01"),
    (nb05.check_steps_to_one_percent, (45,), "❌ 0.9^45 = 0.0087 is below 0.01, but it is not"),
    (nb05.check_steps_to_one_percent, (43.71,), "❌ 43.71 solves 0.9^n = 0.01, but"),
    (nb05.check_steps_to_one_percent, (12.5,), "❌ a number of steps is a whole number; got 12.5"),
    (nb05.check_steps_to_one_percent, (0,), "❌ count the steps back from h_T: at least one"),
    (nb05.check_steps_to_one_percent, ("44",), "❌ your number of steps should be a whole number"),
    (nb05.check_radius_and_norm, (np.float64(0.8), np.array(S1)),
     "✅ Correct: rho = 0.800 < 1 but sigma1 = 1.812 > 1"),
    (nb05.check_radius_and_norm, (None, None),
     "⏳ Not answered yet: replace None with your rho and sigma1."),
    (nb05.check_radius_and_norm, (0.8, None), "⏳ Not answered yet: replace None with your sigma1"),
    (nb05.check_radius_and_norm, (0.9, S1), "❌ rho = 0.9 is not the largest |eigenvalue|"),
    (nb05.check_radius_and_norm, (0.8, 1.5), "❌ sigma1 = 1.5 is not the largest singular"),
    (nb05.check_clip_by_norm, ({k: g.tolist() for k, g in CLIPPED.items()},),
     "✅ Correct: the global norm was 13.038; every entry is multiplied by 5 / 13.038"),
    (nb05.check_clip_by_norm, ({k: g / 13.0384 for k, g in _grads().items()},),
     "❌ the direction is right, but the global norm of your answer is 1.0000"),
    (nb05.check_clip_by_norm, ({"W_h": _grads()["W_h"] * 0.3, "b": _grads()["b"] * 0.4},),
     "❌ your clipped gradient points 5.3° away from the original"),
    (nb05.check_clip_by_norm, ({k: 0 * g for k, g in _grads().items()},), "❌ your clipped "
                                                                          "gradients are all zero"),
    (nb05.check_clip_by_norm, ([1, 2],), "❌ give a dict with the keys"),
    (nb05.check_clip_by_norm, ({"W_h": 1},), "❌ your dict has the keys ['W_h']"),
    (nb05.check_clip_by_norm, ({"W_h": np.zeros(4), "b": np.zeros(2)},),
     "❌ your 'W_h' has shape (4,), expected (2, 2)"),
    (nb05.check_clip_by_norm, ({"W_h": "x", "b": np.zeros(2)},), "❌ your 'W_h' is not an array"),
    (nb05.check_jacobian_product, (nb05.jacobian_product_answer().expected,),
     "✅ Correct: ||dh_5/dh_0||_2 = 0.0383"),
])
def test_what_a_check_says(capsys, check, args, start):
    assert check(*args) is start.startswith("✅")
    assert _out(capsys).startswith(start)


@pytest.mark.parametrize("answer", [43.71, 45, 50, 60, 43.7])
def test_check_steps_to_one_percent_hints_point_without_telling(capsys, answer):
    """A hint points to the method; it never names the answer (44) or how far off one is."""
    assert nb05.check_steps_to_one_percent(answer) is False
    out = _out(capsys)
    assert "44" not in out and "round it up" not in out and "too far" not in out
