"""The self-checks of notebook 01: right answers pass, placeholders wait, and each classic
mistake gets a line that says what is wrong. No check ever raises."""

import numpy as np
import pytest

from rnnlib import rnn_forward
from rnnlib.exercises import nb01


def _last_line(capsys):
    return capsys.readouterr().out.strip().splitlines()[-1]


# ------------------------------------------------------------------ exercise 1
def _h_1():
    d = nb01.one_step_data()
    return np.tanh(d["W_x"] @ d["x_1"] + d["W_h"] @ d["h_0"] + d["b"])


def test_one_step_data_is_fresh_and_has_the_stated_shapes():
    d = nb01.one_step_data()
    assert d["W_x"].shape == (3, 2) and d["W_h"].shape == (3, 3) and d["b"].shape == (3,)
    assert d["h_0"].shape == (3,) and d["x_1"].shape == (2,) and d["xs"].shape == (3, 2)
    assert np.array_equal(d["x_1"], d["xs"][0]) and np.any(d["h_0"] != 0)
    d["W_x"][:] = 0  # a learner's in-place edit must not change the exercise
    assert np.any(nb01.one_step_data()["W_x"] != 0)


def test_one_step_accepts_the_right_answer_as_a_vector_or_a_column(capsys):
    assert nb01.check_one_step(_h_1()) is True
    assert _last_line(capsys).startswith("✅")
    assert nb01.check_one_step(_h_1().reshape(3, 1)) is True
    assert nb01.check_one_step(list(_h_1())) is True


def test_one_step_diagnoses_a_wrong_column_by_its_values_not_its_shape(capsys):
    d = nb01.one_step_data()
    no_tanh = d["W_x"] @ d["x_1"] + d["W_h"] @ d["h_0"] + d["b"]
    assert nb01.check_one_step(no_tanh.reshape(3, 1)) is False
    line = _last_line(capsys)
    assert line.startswith("❌") and "apply tanh" in line and "shape" not in line
    assert nb01.check_one_step(np.zeros((3, 1))) is False
    assert "right shape but wrong values" in _last_line(capsys)


# ------------------------------------------------------------------ exercise 2
def _unrolled():
    d = nb01.one_step_data()
    params = {"W_x": d["W_x"], "W_h": d["W_h"], "b": d["b"]}
    h, _ = rnn_forward(d["xs"][:, None, :], d["h_0"][None, :], params)
    return h[:, 0, :]  # (T, H): row t - 1 is h_t


def test_unroll_accepts_the_states_rnn_forward_computes(capsys):
    assert nb01.check_unroll(_unrolled()) is True
    assert _last_line(capsys).startswith("✅")
    assert np.allclose(_unrolled()[0], _h_1())  # exercise 2 starts where exercise 1 ends


@pytest.mark.parametrize("mistake, message", [  # the mistakes declared as tests
    (lambda: np.vstack([nb01.one_step_data()["h_0"], _unrolled()]), "it starts with h_0"),
    (lambda: np.zeros((3, 3)), "get exercise 1 right first"),
    (lambda: _unrolled()[:, :, None], "each h_t in it is a (3, 1) column"),
])
def test_unroll_says_what_is_wrong(capsys, mistake, message):
    assert nb01.check_unroll(mistake()) is False
    line = _last_line(capsys)
    assert line.startswith("❌") and message in line


# ------------------------------------------------------------------ exercise 3
def test_weight_count_is_two_matrices_and_104_numbers(capsys):
    assert (nb01.WEIGHT_COUNT_T, nb01.WEIGHT_COUNT_D, nb01.WEIGHT_COUNT_H) == (50, 4, 8)
    assert nb01.check_weight_count(np.int64(2), 104.0) is True
    assert "104 numbers" in _last_line(capsys)
    assert nb01.check_weight_count(None, None) is False
    assert "n_matrices and n_numbers" in _last_line(capsys)
    assert nb01.check_weight_count(7, 104) is False
    assert "your n_matrices is 7" in _last_line(capsys)


# ------------------------------------------------------------------ exercise 4
@pytest.fixture
def relu_experiment():
    """Weights like the notebook's: W_x (8, 4), W_h (8, 8), and an input x_1 (4,)."""
    rng = np.random.default_rng(0)
    W_x = rng.normal(0, 1 / 2, (8, 4))
    W_h = rng.normal(0, 1 / np.sqrt(8), (8, 8))
    return W_x, W_h, np.array([0.5, 0.2, 0.1, 0.8])


def test_relu_norm_ratio_matches_rnn_forward(relu_experiment):
    W_x, W_h, x_1 = relu_experiment
    x = np.zeros((nb01.RELU_STEPS, 1, 4))
    x[0, 0] = x_1
    params = {"W_x": W_x, "W_h": 1.1 * W_h, "b": np.zeros(8)}
    h, _ = rnn_forward(x, np.zeros((1, 8)), params, activation="relu")
    n = np.linalg.norm(h[:, 0], axis=1)
    assert np.isclose(nb01.relu_norm_ratio(1.1, W_x, W_h, x_1), n[-1] / n[0], rtol=1e-12)


def test_relu_norm_ratio_scales_as_a_power_of_the_scale(relu_experiment):
    # ReLU(s z) = s ReLU(z) for s > 0: h_50 scales by s**49 when W_h does by s
    r1 = nb01.relu_norm_ratio(1.0, *relu_experiment)
    assert np.isclose(nb01.relu_norm_ratio(1.1, *relu_experiment), 1.1 ** 49 * r1, rtol=1e-10)


def test_relu_scale_accepts_a_scale_inside_the_window(capsys, relu_experiment):
    assert nb01.check_relu_scale(1.1, *relu_experiment) is True
    line = _last_line(capsys)
    assert line.startswith("✅") and "inside [0.1, 10]" in line


@pytest.mark.parametrize("scale, message", [
    (1.0, "the memory faded (below 0.1). Try a larger scale"),
    (1.5, "the state exploded (above 10). Try a smaller scale"),
    (1e6, "= inf: the state exploded"),
    (0.0, "use a positive number"),
    (-1.1, "use a positive number"),
    (float("nan"), "use a positive number"),
    ("1.1", None),  # a numeric string is a number: accepted below
    ("big", "should be one number (got str)"),
    ([1.1, 1.2], "should be one number (got list)"),
    (np.array([1.1]), "should be one number (got ndarray)"),
])
def test_relu_scale_says_what_is_wrong(capsys, relu_experiment, scale, message):
    result = nb01.check_relu_scale(scale, *relu_experiment)
    line = _last_line(capsys)
    if message is None:
        assert result is True and line.startswith("✅")
    else:
        assert result is False and line.startswith("❌") and message in line


def test_relu_scale_reports_a_dead_state(capsys):
    # W_h sends every positive state to negative pre-activations: h_2 = 0 for good
    W_x, W_h, x_1 = np.eye(2), -np.eye(2), np.array([1.0, 0.5])
    assert nb01.check_relu_scale(1.0, W_x, W_h, x_1) is False
    line = _last_line(capsys)
    assert "the state died" in line and "dies at every scale" in line
    assert nb01.check_relu_scale(1.0, W_x, W_h, np.array([-1.0, -1.0])) is False
    assert "h_1 is already all zeros" in _last_line(capsys)


def test_relu_scale_names_bad_arrays_and_waits_for_a_placeholder(capsys, relu_experiment):
    W_x, W_h, x_1 = relu_experiment
    assert nb01.check_relu_scale(1.1, W_x, W_h, x_1[:3]) is False
    assert "shapes (8, 4), (8, 8), (3,)" in _last_line(capsys)
    assert nb01.check_relu_scale(1.1, W_x, "W_h", x_1) is False
    assert "arrays of numbers" in _last_line(capsys)
    assert nb01.check_relu_scale(None, W_x, W_h, x_1) is False
    assert _last_line(capsys).startswith("⏳")


def test_relu_scale_tells_an_underflow_to_zero_to_try_a_larger_scale(capsys, relu_experiment):
    assert nb01.check_relu_scale(1e-300, *relu_experiment) is False
    line = _last_line(capsys)
    assert "the state died" in line and "Try a larger scale" in line


def test_checks_never_warn(recwarn, relu_experiment):
    nb01.check_one_step([[1, 2], [3]])  # ragged
    nb01.check_unroll(np.full((3, 3), np.nan))
    nb01.check_relu_scale(1e300, *relu_experiment)
    assert len(recwarn) == 0


# ------------------------------------------------------------------ hints fit the mistake
def test_value_checks_give_a_value_hint_for_wrong_values_and_a_shape_hint_for_a_wrong_shape(
        capsys):
    assert nb01.check_one_step(np.zeros(3)) is False
    line = _last_line(capsys)
    assert "wrong values" in line and "one at a time" in line and "H = 3" not in line
    assert nb01.check_one_step(np.zeros(4)) is False
    assert "H = 3" in _last_line(capsys)
    assert nb01.check_unroll(_unrolled() * np.array([[1], [1], [2]])) is False
    line = _last_line(capsys)
    assert "wrong values" in line and "which step goes wrong first" in line
    assert "H = 3" not in line
    assert nb01.check_unroll(_unrolled()[:2]) is False
    assert "one column per hidden unit (H = 3)" in _last_line(capsys)
