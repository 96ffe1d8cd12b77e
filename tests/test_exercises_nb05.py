"""The self-checks of notebook 05: right answers pass, placeholders wait, mistakes are named."""

import numpy as np
import pytest

from rnnlib import clip_grad_norm, clip_grad_value, jacobian_products, rnn_forward
from rnnlib.exercises import nb05


def _out(capsys):
    return capsys.readouterr().out


# --------------------------------------------------------------------------- exercise 1
def test_check_steps_to_one_percent_accepts_44(capsys):
    assert 0.9**43 >= 0.01 > 0.9**44
    assert nb05.check_steps_to_one_percent(44) is True
    assert nb05.check_steps_to_one_percent(np.int64(44)) is True
    assert nb05.check_steps_to_one_percent(44.0) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct: 0.9^43 = 0.0108 is still above 1 %, 0.9^44 = 0.0097")


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    (43, "0.9^43 = 0.0108 is still above 0.01: go further back"),
    (45, "0.9^45 = 0.0087 is below 0.01, but it is not the first step that is"),
    (50, "look for a smaller n"),
    (43.71, "43.71 solves 0.9^n = 0.01, but a number of steps is a whole number"),
    (12.5, "a number of steps is a whole number; got 12.5"),
    (22, "is below 10 %, not yet below 1 %"),
    (0, "at least one"),
    ("44", "give the number of steps as one number"),
    (True, "give the number of steps as one number"),
])
def test_check_steps_to_one_percent_names_the_mistake(capsys, answer, message):
    assert nb05.check_steps_to_one_percent(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 2
def test_check_radius_and_norm_accepts_the_right_pair(capsys):
    W = np.array(nb05.EX2_MATRIX)
    assert nb05.check_radius_and_norm(0.8, np.linalg.norm(W, 2)) is True
    assert nb05.check_radius_and_norm(np.float64(0.8), np.array(np.linalg.norm(W, 2))) is True
    out = _out(capsys)
    assert "rho = 0.800 < 1 but sigma1 = 1.812 > 1" in out
    assert "grows to 2.608 at k = 3 and stays above 1 until k = 11" in out


@pytest.mark.parametrize("rho, sigma1, message", [
    (None, None, "⏳ Not answered yet: replace None with your rho and sigma1"),
    (0.8, None, "⏳ Not answered yet: replace None with your sigma1"),
    (0.7, 1.812, "0.7 is the smallest |eigenvalue|"),
    (1.5, 1.812, "that is the largest entry"),
    ("big", 1.0, "give rho as one number"),
    (0.8, 0.8, "sigma1 equals rho only for a normal matrix"),
    (0.8, float(np.linalg.norm(np.array(nb05.EX2_MATRIX))), "that is the Frobenius norm"),
    (0.8, float(np.linalg.norm(np.array(nb05.EX2_MATRIX), 2)) ** 2, "that is sigma1 squared"),
    (0.8, 1.5, "sigma1 = 1.5 is not the largest singular value"),
    (0.9, 1.812, "rho = 0.9 is not the largest |eigenvalue|"),
])
def test_check_radius_and_norm_names_the_mistake(capsys, rho, sigma1, message):
    assert nb05.check_radius_and_norm(rho, sigma1) is False
    assert message in _out(capsys)


def test_check_radius_and_norm_catches_sigma1_given_as_rho(capsys):
    s1 = float(np.linalg.norm(np.array(nb05.EX2_MATRIX), 2))
    assert nb05.check_radius_and_norm(s1, s1) is False
    assert "that is sigma1, the largest singular value" in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
@pytest.fixture
def grads():
    return {k: np.array(v) for k, v in nb05.EX3_GRADS.items()}


def test_check_clip_by_norm_accepts_the_scaled_gradients(capsys, grads):
    assert nb05.check_clip_by_norm(clip_grad_norm(grads, nb05.EX3_MAX_NORM)[0]) is True
    by_hand = {k: (g * 5 / np.sqrt(170)).tolist() for k, g in grads.items()}  # lists are fine
    assert nb05.check_clip_by_norm(by_hand) is True
    assert "the global norm was 13.038; every entry is multiplied by 5 / 13.038" in _out(capsys)


def test_check_clip_by_norm_names_the_mistakes(capsys, grads):
    cases = [
        (None, "⏳ Not answered yet"),
        (grads, "these are the gradients unchanged: their global norm is above 5"),
        (clip_grad_value(grads, 5.0), "that is clipping by value, and it turns the gradient "
                                      "by 22.5°"),
        ({k: g * min(1, 5 / np.linalg.norm(g)) for k, g in grads.items()},
         "you clipped each array to norm 5 on its own"),
        ({k: g / 13.0384 for k, g in grads.items()}, "the global norm of your answer is 1.0000"),
        ({"W_h": grads["W_h"] * 0.3, "b": grads["b"] * 0.4}, "points 5.3° away from the original"),
        ({k: 0 * g for k, g in grads.items()}, "all zero"),
        ([1, 2], "give a dict with the keys"),
        ({"W_h": grads["W_h"]}, "your dict has the keys ['W_h']"),
        ({"W_h": grads["W_h"].ravel(), "b": grads["b"]}, "your 'W_h' has shape (4,), expected (2, 2)"),
        ({"W_h": "x", "b": grads["b"]}, "your 'W_h' is not an array of numbers"),
    ]
    for answer, message in cases:
        assert nb05.check_clip_by_norm(answer) is False
        assert message in _out(capsys), message


# --------------------------------------------------------------------------- exercise 4
@pytest.fixture
def network():
    x, h0, p = nb05.ex4_network()
    h, cache = rnn_forward(x, h0, p)
    return h[:, 0], h0[0], p, jacobian_products(cache, p)[0]


def test_ex4_network_is_fresh_and_fixed():
    a, b = nb05.ex4_network(), nb05.ex4_network()
    a[2]["W_h"][0, 0] = 99.0
    assert b[2]["W_h"][0, 0] != 99.0
    assert a[0].shape == (5, 1, 3) and a[1].shape == (1, 4) and a[2]["W_x"].shape == (4, 3)


def test_check_jacobian_product_accepts_the_product(capsys, network):
    h, _, p, P = network
    by_hand = np.eye(4)
    for t in range(5):  # J_1 first, on the right: P = J_5 ... J_1
        by_hand = np.diag(1 - h[t] ** 2) @ p["W_h"] @ by_hand
    assert nb05.check_jacobian_product(by_hand) is True
    assert _out(capsys).startswith("✅ Correct: ||dh_5/dh_0||_2 = 0.0383")


def test_check_jacobian_product_names_the_mistakes(capsys, network):
    h, h0, p, P = network
    W = p["W_h"]
    J = [np.diag(1 - h[t] ** 2) @ W for t in range(5)]
    prev = np.vstack([h0, h[:-1]])
    cases = [
        (None, "⏳ Not answered yet"),
        (np.linalg.multi_dot(J), "your product is in the wrong order"),
        (np.linalg.matrix_power(W, 5), "this is W_h^5"),
        (np.linalg.multi_dot([W @ np.diag(1 - h[t] ** 2) for t in range(4, -1, -1)]),
         "diag(1 - h_t^2) goes on the left of W_h"),
        (np.linalg.multi_dot([np.diag(1 - prev[t] ** 2) @ W for t in range(4, -1, -1)]),
         "you used h_{t-1} in the slope"),
        (np.linalg.multi_dot([np.diag(1 - h[t] ** 2) @ W.T for t in range(4, -1, -1)]),
         "you used W_h^T"),
        (P.T, "this is the transpose of dh_5/dh_0"),
        (np.zeros(4), "has shape (4,), expected (4, 4)"),
        (P + 0.01, "right shape but wrong values"),
        ("P", "is not an array of numbers"),
    ]
    for answer, message in cases:
        assert nb05.check_jacobian_product(answer) is False
        assert message in _out(capsys), message


@pytest.mark.parametrize("check, args", [
    (nb05.check_steps_to_one_percent, (object(),)),
    (nb05.check_radius_and_norm, (object(), [1, 2])),
    (nb05.check_clip_by_norm, ({"W_h": object(), "b": None},)),
    (nb05.check_jacobian_product, ([[1, 2], [3]],)),
])
def test_checks_never_raise(capsys, check, args):
    assert check(*args) is False
    assert _out(capsys).startswith("❌")


@pytest.mark.parametrize("answer", [43.71, 45, 50, 60, 43.7])
def test_check_steps_to_one_percent_hints_point_without_telling(capsys, answer):
    """A hint points to the method; it never names the answer (44) or how far off one is."""
    assert nb05.check_steps_to_one_percent(answer) is False
    out = _out(capsys)
    assert "44" not in out and "round it up" not in out and "too far" not in out
