import numpy as np
import pytest

from conftest import B, D, H, T, make_cell_params
from rnnlib.dynamics import (
    jacobian_norms,
    jacobian_products,
    largest_singular_value,
    matrix_power_norms,
    orthogonal,
    pascanu_bound,
    recurrent_matrix,
    spectral_radius,
    step_jacobians,
)
from rnnlib.gradcheck import numerical_gradient, relative_error
from rnnlib.rnn import rnn_forward


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_jacobian_products_match_finite_differences(rng, activation):
    p = make_cell_params(rng)
    x = rng.standard_normal((T, B, D))
    h0 = 0.5 * rng.standard_normal((B, H))
    _, cache = rnn_forward(x, h0, p, activation)
    P = jacobian_products(cache, p, b=1)
    assert P.shape == (T + 1, H, H)
    np.testing.assert_array_equal(P[T], np.eye(H))
    # dh_T/dh_0 column by column: nudge h0[1, j] and watch h_T of example 1
    for i in range(H):
        def h_T_i(i=i):
            return rnn_forward(x, h0, p, activation)[0][-1, 1, i]

        num = numerical_gradient(h_T_i, h0)
        assert relative_error(num[1], P[0][i]) < 1e-7
        assert np.all(num[[0, 2]] == 0)  # examples do not talk to each other


def test_step_jacobians_are_diag_fprime_times_W_h(rng):
    p = make_cell_params(rng)
    x = rng.standard_normal((T, B, D))
    h, cache = rnn_forward(x, np.zeros((B, H)), p)
    J = step_jacobians(cache, p, b=0)
    for t in range(T):
        np.testing.assert_allclose(J[t], np.diag(1 - h[t, 0] ** 2) @ p["W_h"])


def test_orthogonal_scaled_matrix_gives_r_to_the_T_exactly():
    """The reference result of notebook 05: W_h = r Q, zero input, T = 50, H = 32."""
    rng = np.random.default_rng(0)
    Q = orthogonal(rng, 32)
    np.testing.assert_allclose(Q @ Q.T, np.eye(32), atol=1e-12)
    for r, expected in [(0.9, 5.153775e-03), (1.1, 1.173909e+02)]:
        p = {"W_x": np.zeros((32, 1)), "W_h": r * Q, "b": np.zeros(32)}
        _, cache = rnn_forward(np.zeros((50, 1, 1)), np.zeros((1, 32)), p)
        norms = jacobian_norms(cache, p)
        assert norms[0] == pytest.approx(r**50, rel=1e-10)
        assert f"{norms[0]:.6e}" == f"{expected:.6e}"
        np.testing.assert_allclose(norms, r ** np.arange(50, -1, -1), rtol=1e-10)


def test_recurrent_matrix_hits_the_requested_radius_and_singular_value():
    rng = np.random.default_rng(3)
    for rho, s1 in [(0.9, 0.9), (0.9, 3.0), (1.2, 2.0)]:
        W = recurrent_matrix(rng, 16, rho, sigma1=s1)
        assert spectral_radius(W) == pytest.approx(rho, rel=1e-8)
        assert largest_singular_value(W) == pytest.approx(s1, rel=1e-6)
    W = recurrent_matrix(rng, 16, 0.7)
    assert spectral_radius(W) == pytest.approx(0.7) and largest_singular_value(W) == pytest.approx(0.7)
    with pytest.raises(ValueError, match=r"sigma1 must be at least rho = 0.9; got 0.5"):
        recurrent_matrix(rng, 8, 0.9, sigma1=0.5)


def test_non_normal_matrix_grows_before_it_decays():
    W = np.array([[0.9, 5.0], [0.0, 0.9]])
    norms = matrix_power_norms(W, 60)
    assert spectral_radius(W) == pytest.approx(0.9)
    assert int(norms.argmax()) == 9 and f"{norms.max():.2f}" == "19.38"
    assert norms[60] < 1


def test_pascanu_bound_holds_for_random_tanh_networks():
    rng = np.random.default_rng(7)
    for _ in range(20):
        W_h = rng.standard_normal((12, 12)) * rng.uniform(0.1, 0.6)
        p = {"W_x": rng.standard_normal((12, 3)), "W_h": W_h, "b": rng.standard_normal(12)}
        _, cache = rnn_forward(rng.standard_normal((15, 1, 3)), np.zeros((1, 12)), p)
        norms = jacobian_norms(cache, p)
        lags = np.arange(15, -1, -1)
        assert np.all(norms <= pascanu_bound(largest_singular_value(W_h), lags) * (1 + 1e-12))
