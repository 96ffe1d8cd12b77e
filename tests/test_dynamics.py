import numpy as np
import pytest
from helpers import B, D, H, T, make_cell_params

from rnnlib.cliff import cliff_loss_and_grads, descend, descend_many
from rnnlib.dynamics import (
    jacobian_norms,
    jacobian_products,
    largest_singular_value,
    matrix_power_norms,
    orthogonal,
    pascanu_bound,
    recurrent_matrix,
    recurrent_matrix_and_eigenvalues,
    spectral_radius,
    step_jacobians,
)
from rnnlib.explorer_flow import estimate_jacobian_norms, gradient_flow
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


# ------------------------------------------------------------------ recurrent_matrix, exactly
@pytest.mark.parametrize("H", [1, 2, 7, 16, 33])
def test_recurrent_matrix_returns_its_eigenvalues_and_exact_sigma1(H):
    rng = np.random.default_rng(H)
    for rho, s1 in [(0.9, 0.9), (0.9, 3.0), (1.3, 1.5)] if H > 1 else [(0.9, 0.9)]:
        W, eig = recurrent_matrix_and_eigenvalues(rng, H, rho, sigma1=s1)
        assert W.shape == (H, H) and eig.shape == (H,)
        np.testing.assert_allclose(np.sort_complex(eig), np.sort_complex(np.linalg.eigvals(W)),
                                   atol=1e-10)
        assert np.abs(eig).max() == pytest.approx(rho, rel=1e-12)
        assert largest_singular_value(W) == pytest.approx(s1, rel=1e-10)


def test_recurrent_matrix_is_normal_by_default_and_not_with_a_larger_sigma1():
    rng = np.random.default_rng(5)
    W = recurrent_matrix(rng, 12, 0.8)
    np.testing.assert_allclose(W @ W.T, W.T @ W, atol=1e-12)
    W = recurrent_matrix(rng, 12, 0.8, sigma1=2.0)
    assert np.abs(W @ W.T - W.T @ W).max() > 0.1
    with pytest.raises(ValueError, match=r"sigma1 > rho needs H >= 2"):
        recurrent_matrix(rng, 1, 0.8, sigma1=2.0)
    with pytest.raises(ValueError, match=r"rho must be positive and finite; got 0"):
        recurrent_matrix(rng, 4, 0)


# ------------------------------------------------------------------ the fast estimate
def _network(H, T, rho, sigma1, activation, seed=1):
    rng = np.random.default_rng(seed)
    p = {"W_x": rng.standard_normal((H, 4)) / 2, "W_h": recurrent_matrix(rng, H, rho, sigma1),
         "b": np.zeros(H)}
    _, cache = rnn_forward(rng.standard_normal((T, 2, 4)), np.zeros((2, H)), p, activation)
    return cache, p


@pytest.mark.parametrize("rho, sigma1, activation", [
    (0.9, 0.9, "tanh"), (1.1, 1.1, "tanh"), (1.0, 3.0, "tanh"), (1.2, 1.2, "relu"),
    (0.8, 2.5, "relu"), (0.95, 2.0, "linear"), (0.6, 0.6, "tanh")])
def test_estimate_jacobian_norms_is_a_tight_lower_bound(rho, sigma1, activation):
    """Rayleigh-Ritz never overshoots, and 3 rounds land within 1 % of the exact norms."""
    cache, p = _network(48, 60, rho, sigma1, activation)
    exact = jacobian_norms(cache, p, b=1)
    est = estimate_jacobian_norms(cache, p, b=1)
    assert est.shape == (61,) and est[60] == pytest.approx(1.0)
    assert np.all(est <= exact * (1 + 1e-10))
    assert np.all(est >= exact * (1 - 1e-2))


def test_estimate_is_exact_once_the_probes_span_everything():
    cache, p = _network(H, 12, 1.1, 2.0, "tanh")  # H = 6 directions: the whole space
    np.testing.assert_allclose(estimate_jacobian_norms(cache, p, rounds=2),
                               jacobian_norms(cache, p), rtol=1e-10)


def test_estimate_jacobian_norms_survives_huge_and_zero_gains():
    """rho = 1.5 with sigma1 = 6 (gains up to 6^T) and a dead ReLU layer (gains exactly 0)."""
    cache, p = _network(20, 100, 1.5, 6.0, "linear")
    exact = jacobian_norms(cache, p)
    est = estimate_jacobian_norms(cache, p)
    assert np.all(np.isfinite(est)) and exact[0] > 1e17
    np.testing.assert_allclose(est, exact, rtol=1e-2)
    p0 = {**p, "W_x": np.zeros((20, 4)), "b": -np.ones(20)}  # every a_t < 0: f' = 0
    _, cache0 = rnn_forward(np.zeros((5, 1, 4)), np.zeros((1, 20)), p0, "relu")
    np.testing.assert_allclose(estimate_jacobian_norms(cache0, p0), [0, 0, 0, 0, 0, 1], atol=1e-15)


def test_estimate_jacobian_norms_refuses_a_bad_cache():
    with pytest.raises(ValueError, match="cache must be the SequenceCache"):
        estimate_jacobian_norms(None, {})


# ------------------------------------------------------------------ what the sliders draw
@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_gradient_flow_is_consistent(activation):
    out = gradient_flow(24, 0.9, 2.0, activation, T=30)
    W = out["W_h"]
    assert W.shape == (24, 24) and out["eigenvalues"].shape == (24,)
    assert spectral_radius(W) == pytest.approx(0.9) and largest_singular_value(W) == pytest.approx(2.0)
    assert out["fprime"].shape == (30, 24) and np.all(out["fprime"] <= out["gamma"])
    np.testing.assert_array_equal(out["lags"], np.arange(30, -1, -1))
    assert np.all(out["norms"] <= out["bound"] * (1 + 1e-10))
    np.testing.assert_allclose(out["bound"], 2.0 ** out["lags"])


def test_gradient_flow_linear_normal_case_is_rho_to_the_lag():
    out = gradient_flow(32, 0.8, None, "linear", T=40)
    np.testing.assert_allclose(out["norms"], 0.8 ** out["lags"], rtol=1e-8)
    # the same seed: same basis and angles, only the scale moves
    other = gradient_flow(32, 1.2, None, "linear", T=40)
    np.testing.assert_allclose(other["eigenvalues"], out["eigenvalues"] * 1.5)


# ------------------------------------------------------------------ the cliff
def test_cliff_loss_and_grads_match_finite_differences():
    for w, b in [(4.4, -3.2), (6.0, -1.0), (2.0, 0.5), (5.0, -2.6)]:
        wb = np.array([w, b])
        _, dw, db = cliff_loss_and_grads(w, b)
        num = numerical_gradient(lambda wb=wb: cliff_loss_and_grads(wb[0], wb[1])[0], wb)
        assert relative_error(np.array([dw, db]), num) < 1e-6


def test_cliff_loss_is_the_plain_loop_and_broadcasts():
    w, b = np.linspace(3, 6, 3)[:, None], np.linspace(-3, 0, 4)[None, :]
    L, dw, db = cliff_loss_and_grads(w, b, target=0.5, T=20, x0=0.1)
    assert L.shape == dw.shape == db.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            x = 0.1
            for _ in range(20):
                x = w[i, 0] / (1 + np.exp(-x)) + b[0, j]
            assert L[i, j] == pytest.approx((x - 0.5) ** 2, rel=1e-12)


def test_the_cliff_is_a_wall_of_huge_gradients():
    """Across the wall at w = 5 the gradient is thousands of times larger than beside it."""
    b = np.linspace(-3.0, -2.2, 40001)
    _, _, db = cliff_loss_and_grads(5.0, b)
    assert np.abs(db).max() > 1e4
    assert np.abs(db[:100]).max() < 20 and np.abs(db[-100:]).max() < 20


def test_descend_is_plain_gradient_descent_from_the_start():
    path = descend(4.4, -3.2, steps=5, lr=0.05)
    assert path.shape == (6, 2) and tuple(path[0]) == (4.4, -3.2)
    for (w, b), (w_next, b_next) in zip(path[:-1], path[1:]):
        _, dw, db = cliff_loss_and_grads(w, b)
        assert (w_next, b_next) == pytest.approx((w - 0.05 * dw, b - 0.05 * db), rel=1e-12)


def test_clipping_bounds_every_step_of_descend_and_keeps_its_direction():
    plain = descend(4.4, -3.2, steps=80)
    clipped = descend(4.4, -3.2, steps=80, clip=2.0)
    steps_plain = np.hypot(*np.diff(plain, axis=0).T)
    steps_clip = np.hypot(*np.diff(clipped, axis=0).T)
    assert steps_plain.max() > 5                       # the start of notebook 05 meets the cliff
    assert steps_clip.max() <= 0.05 * 2.0 + 1e-12
    _, dw, db = cliff_loss_and_grads(*clipped[0])      # the first step points along -gradient
    step = clipped[1] - clipped[0]
    assert step @ np.array([-dw, -db]) == pytest.approx(np.hypot(*step) * np.hypot(dw, db))


@pytest.mark.parametrize("clip", [None, 2.0])
def test_descend_many_is_descend_from_every_start(clip):
    w = np.array([4.4, 3.6, 5.6, 4.0])
    b = np.array([-3.2, -3.8, -2.6, -3.0])
    losses, lengths = descend_many(w, b, steps=40, clip=clip)
    assert losses.shape == (41, 4) and lengths.shape == (40, 4)
    for n in range(4):
        path = descend(float(w[n]), float(b[n]), steps=40, clip=clip)
        np.testing.assert_allclose(losses[:, n], cliff_loss_and_grads(path[:, 0], path[:, 1])[0],
                                   rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(lengths[:, n], np.hypot(*np.diff(path, axis=0).T),
                                   rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("call, message", [
    (lambda: descend(np.nan, 0.0), "w must be a finite number; got nan"),
    (lambda: descend(1.0, 0.0, steps=0), "steps must be a positive integer; got 0"),
    (lambda: descend(1.0, 0.0, lr=-1), "lr must be a finite number > 0; got -1"),
    (lambda: descend(1.0, 0.0, clip=0), "clip must be a number > 0; got 0"),
    (lambda: descend_many([1.0, np.inf], [0.0, 0.0]), "w must be a non-empty array (N,) of finite"),
    (lambda: descend_many([1.0, 2.0], [0.0]), "w and b must have the same shape (N,)"),
    (lambda: descend_many(np.ones((2, 2)), np.ones((2, 2))), "w must be a non-empty array (N,)"),
])
def test_descent_refuses_bad_input_by_name(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_the_estimate_is_the_same_whether_rows_are_kept_or_swept_again(monkeypatch, activation):
    """Small problems keep every row from the first sweep; large ones sweep again in chunks.
    The two paths do the same arithmetic, so they agree to the last bit."""
    import rnnlib.explorer_flow as explorer_flow
    kept = gradient_flow(48, 0.95, 1.5, activation, T=60)["norms"]
    monkeypatch.setattr(explorer_flow, "CHUNK_BYTES", 4096)  # forces the chunked second sweep
    swept = gradient_flow(48, 0.95, 1.5, activation, T=60)["norms"]
    assert np.array_equal(kept, swept)
