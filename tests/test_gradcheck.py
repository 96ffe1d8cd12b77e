import numpy as np
import pytest

from rnnlib.gradcheck import check_gradients, numerical_gradient, relative_error


def test_numerical_gradient_of_quadratic_is_exact_to_roundoff():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal(4)
    x0 = x.copy()
    g = numerical_gradient(lambda: 0.5 * x @ A @ x, x)
    assert np.allclose(g, 0.5 * (A + A.T) @ x, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(x, x0)  # restored exactly


def test_numerical_gradient_of_sin_and_exp_matrix():
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    g = numerical_gradient(lambda: np.sum(np.sin(x) * np.exp(x)), x)
    assert relative_error(g, np.exp(x) * (np.sin(x) + np.cos(x))) < 1e-9


def test_relative_error_properties():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"shape"):
        relative_error(np.zeros(2), np.zeros(3))


def test_check_gradients_reports_a_wrong_gradient():
    rng = np.random.default_rng(1)
    w = rng.standard_normal(5)
    good = check_gradients(lambda: np.sum(w**3), {"w": w}, {"w": 3 * w**2})
    bad = check_gradients(lambda: np.sum(w**3), {"w": w}, {"w": 2 * w**2})
    assert good.ok and good.worst < 1e-9
    assert not bad.ok and bad.worst > 0.1
    assert "NO" in str(bad) and "yes" in str(good)


def test_numerical_gradient_refuses_integer_arrays():
    with pytest.raises(ValueError, match="float"):
        numerical_gradient(lambda: 0.0, np.arange(3))
