import numpy as np
import pytest
from helpers import D, H, K

from rnnlib.optim import SGD, Adam, clip_grad_norm, clip_grad_value


def _params_and_grads(rng, dtype=np.float64, scale=1.0):
    shapes = {"W_x": (H, D), "W_h": (H, H), "b": (H,), "W_o": (K, H), "b_o": (K,)}
    params = {k: rng.standard_normal(s).astype(dtype) for k, s in shapes.items()}
    grads = {k: (scale * rng.standard_normal(s)).astype(dtype) for k, s in shapes.items()}
    return params, grads


def _flat(arrays):
    return np.concatenate([np.ravel(a) for a in arrays.values()]).astype(np.float64)


def _copy(arrays):
    return {k: np.array(v, copy=True) for k, v in arrays.items()}


# ---------------------------------------------------------------- SGD
def test_sgd_without_momentum_is_p_minus_lr_g(rng):
    params, grads = _params_and_grads(rng)
    before, objects = _copy(params), dict(params)
    SGD(lr=0.3).step(params, grads)
    for k in params:
        assert params[k] is objects[k]  # updated in place, same arrays
        np.testing.assert_allclose(params[k], before[k] - 0.3 * grads[k], rtol=1e-15, atol=0)


def test_sgd_momentum_matches_two_hand_unrolled_steps(rng):
    lr, mu = 0.1, 0.9
    params, g1 = _params_and_grads(rng)
    _, g2 = _params_and_grads(rng)
    p0 = _copy(params)
    opt = SGD(lr=lr, momentum=mu)
    opt.step(params, g1)
    opt.step(params, g2)
    for k in params:
        v1 = -lr * g1[k]
        v2 = mu * v1 - lr * g2[k]
        np.testing.assert_allclose(params[k], p0[k] + v1 + v2, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(opt.velocity[k], v2, rtol=1e-13, atol=1e-15)


def test_sgd_keeps_one_velocity_per_key(rng):
    opt = SGD(lr=1.0, momentum=0.5)
    a, b = {"a": np.zeros(2)}, {"b": np.zeros(3)}
    opt.step(a, {"a": np.ones(2)})
    opt.step(b, {"b": np.ones(3)})
    opt.step(a, {"a": np.ones(2)})  # a's velocity was not touched by b's step
    np.testing.assert_allclose(a["a"], -1.0 - 1.5)
    np.testing.assert_allclose(b["b"], -1.0)


# ---------------------------------------------------------------- Adam
def test_adam_first_step_moves_every_parameter_by_lr_times_sign_of_g(rng):
    # Bias correction makes m_hat = g and v_hat = g^2 after one step, whatever the size of g:
    # the step is lr * g / (|g| + eps) = lr * sign(g). Without it the step would be
    # lr * (1 - beta1) / sqrt(1 - beta2) ~ 3.16 lr.
    params, grads = _params_and_grads(rng)
    size = rng.uniform(0.5, 2.0, (H, H)) * 10.0 ** rng.integers(-3, 4, (H, H))  # 5e-4 .. 2e3
    grads["W_h"] = np.sign(grads["W_h"]) * size
    before = _copy(params)
    Adam(lr=0.01).step(params, grads)
    for k in params:
        step = params[k] - before[k]
        np.testing.assert_allclose(step, -0.01 * np.sign(grads[k]), rtol=1e-4)  # eps/|g| <= 2e-5


def test_adam_matches_hand_computed_two_steps(rng):
    lr, b1, b2, eps = 0.05, 0.8, 0.99, 1e-6
    params, g1 = _params_and_grads(rng)
    _, g2 = _params_and_grads(rng)
    p = _copy(params)
    opt = Adam(lr=lr, beta1=b1, beta2=b2, eps=eps)
    opt.step(params, g1)
    opt.step(params, g2)
    for k in params:
        m = (1 - b1) * g1[k]
        v = (1 - b2) * g1[k] ** 2
        ref = p[k] - lr * (m / (1 - b1)) / (np.sqrt(v / (1 - b2)) + eps)
        m = b1 * m + (1 - b1) * g2[k]
        v = b2 * v + (1 - b2) * g2[k] ** 2
        ref = ref - lr * (m / (1 - b1**2)) / (np.sqrt(v / (1 - b2**2)) + eps)
        np.testing.assert_allclose(params[k], ref, rtol=1e-12, atol=1e-14)
    assert opt.t == {k: 2 for k in params}


def test_adam_counts_steps_per_key_for_the_bias_correction():
    opt = Adam(lr=0.1)
    a, b = {"a": np.zeros(2)}, {"b": np.zeros(3)}
    opt.step(a, {"a": np.ones(2)})
    opt.step(a, {"a": np.ones(2)})
    opt.step(b, {"b": np.full(3, 5.0)})  # b's first step: moves by lr, as any first step
    np.testing.assert_allclose(b["b"], -0.1, rtol=1e-7)
    assert opt.t == {"a": 2, "b": 1}


# ---------------------------------------------------------------- both
def _least_squares_problem():
    rng = np.random.default_rng(7)
    A = rng.standard_normal((9, 4))
    y = rng.standard_normal(9)
    return A, y, np.linalg.lstsq(A, y, rcond=None)[0]


@pytest.mark.parametrize("make, steps", [
    (lambda A: SGD(lr=1.0 / np.linalg.norm(A, 2) ** 2), 2000),
    (lambda A: SGD(lr=0.5 / np.linalg.norm(A, 2) ** 2, momentum=0.9), 500),
    (lambda A: Adam(lr=0.01), 3000),
])
def test_optimisers_minimise_a_least_squares_quadratic(make, steps):
    # L(p) = 0.5 ||A p - y||^2, dL/dp = A^T (A p - y); minimum at the least squares solution.
    A, y, p_star = _least_squares_problem()
    params = {"p": np.zeros(4)}
    opt = make(A)
    for _ in range(steps):
        opt.step(params, {"p": A.T @ (A @ params["p"] - y)})
    np.testing.assert_allclose(params["p"], p_star, atol=1e-5)


@pytest.mark.parametrize("make", [lambda: SGD(0.1, momentum=0.9), lambda: Adam()])
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
def test_optimisers_keep_float32_parameters_float32(rng, make, grad_dtype):
    params, grads = _params_and_grads(rng, dtype=np.float32)
    grads = {k: g.astype(grad_dtype) for k, g in grads.items()}
    opt = make()
    opt.step(params, grads)
    opt.step(params, grads)
    assert all(p.dtype == np.float32 for p in params.values())


def test_optimisers_do_not_modify_the_gradients(rng):
    params, grads = _params_and_grads(rng)
    before = _copy(grads)
    for opt in (SGD(0.1, 0.9), Adam()):
        opt.step(params, grads)
        opt.step(params, grads)
    for k in grads:
        np.testing.assert_array_equal(grads[k], before[k])


# ---------------------------------------------------------------- bad input
BAD_GRADS = [
    (lambda g: {k: v for k, v in g.items() if k != "b"}, r"grads is missing key 'b'"),
    (lambda g: {**g, "E": np.zeros((3, 2))}, r"grads has key 'E' that params does not have"),
    (lambda g: {**g, "W_h": g["W_h"][:, :-1]},
     r"grads\['W_h'\] must have the shape of params\['W_h'\], \(6, 6\); got shape \(6, 5\)"),
    (lambda g: {**g, "b_o": g["b_o"][None]},
     r"grads\['b_o'\] must have the shape of params\['b_o'\], \(7,\); got shape \(1, 7\)"),
    (lambda g: {**g, "b": np.array(["a"] * H)}, r"grads\['b'\] must hold real numbers"),
    (lambda g: list(g.values()), r"grads must be a dict"),
]


@pytest.mark.parametrize("make_opt", [lambda: SGD(0.1, 0.9), lambda: Adam()])
@pytest.mark.parametrize("make, message", BAD_GRADS)
def test_step_rejects_grads_that_do_not_match_params(rng, make_opt, make, message):
    params, grads = _params_and_grads(rng)
    before = _copy(params)
    with pytest.raises(ValueError, match=message):
        make_opt().step(params, make(grads))
    for k in params:  # checked before anything moves: no half-updated model
        np.testing.assert_array_equal(params[k], before[k])


def test_step_rejects_params_it_cannot_update_in_place(rng):
    with pytest.raises(ValueError, match=r"params\['E'\] must be a float ndarray.*got dtype int64"):
        SGD().step({"E": np.arange(3)}, {"E": np.ones(3)})
    with pytest.raises(ValueError, match=r"params\['w'\] must be a float ndarray.*got list"):
        Adam().step({"w": [1.0, 2.0]}, {"w": np.ones(2)})
    with pytest.raises(ValueError, match=r"params must be a dict"):
        SGD().step(np.zeros(3), {"w": np.ones(3)})


def test_step_rejects_a_key_whose_shape_changed_between_steps():
    opt = SGD(0.1, momentum=0.5)
    opt.step({"w": np.zeros(3)}, {"w": np.ones(3)})
    with pytest.raises(ValueError, match=r"params\['w'\] has shape \(4,\) but the optimiser's "
                                         r"state for 'w' has shape \(3,\)"):
        opt.step({"w": np.zeros(4)}, {"w": np.ones(4)})


@pytest.mark.parametrize("make, message", [
    (lambda: SGD(lr=0), r"lr must be a number > 0; got 0"),
    (lambda: SGD(lr=-0.1), r"lr must be a number > 0; got -0.1"),
    (lambda: SGD(lr=float("nan")), r"lr must be a number > 0; got nan"),
    (lambda: SGD(lr="0.1"), r"lr must be a number > 0; got '0.1'"),
    (lambda: SGD(momentum=1.0), r"momentum must be a number in \[0, 1\); got 1.0"),
    (lambda: SGD(momentum=-0.5), r"momentum must be a number in \[0, 1\); got -0.5"),
    (lambda: Adam(lr=0.0), r"lr must be a number > 0; got 0.0"),
    (lambda: Adam(beta1=1.0), r"beta1 must be a number in \[0, 1\); got 1.0"),
    (lambda: Adam(beta2=-0.1), r"beta2 must be a number in \[0, 1\); got -0.1"),
    (lambda: Adam(eps=0), r"eps must be a number > 0; got 0"),
])
def test_optimisers_reject_bad_hyperparameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# ---------------------------------------------------------------- clipping
def test_clip_grad_norm_keeps_the_direction_and_gives_norm_max_norm(rng):
    _, grads = _params_and_grads(rng, scale=100.0)
    before = _copy(grads)
    clipped, norm = clip_grad_norm(grads, max_norm=1.5)
    g, c = _flat(grads), _flat(clipped)
    assert isinstance(norm, float)
    assert norm == pytest.approx(np.linalg.norm(g), rel=1e-13)  # the norm before clipping
    assert np.linalg.norm(c) == pytest.approx(1.5, rel=1e-13)
    assert g @ c / (np.linalg.norm(g) * np.linalg.norm(c)) == pytest.approx(1.0, rel=1e-13)
    assert set(clipped) == set(grads)
    for k in grads:  # inputs untouched, outputs are new arrays
        np.testing.assert_array_equal(grads[k], before[k])
        assert not np.shares_memory(clipped[k], grads[k])


def test_clip_grad_norm_leaves_small_gradients_unchanged(rng):
    _, grads = _params_and_grads(rng, scale=1e-3)
    clipped, norm = clip_grad_norm(grads, max_norm=1.0)
    assert norm == pytest.approx(np.linalg.norm(_flat(grads)), rel=1e-13) and norm < 1.0
    for k in grads:
        np.testing.assert_array_equal(clipped[k], grads[k])
        assert not np.shares_memory(clipped[k], grads[k])


def test_clip_grad_norm_of_a_3_4_5_triangle():
    clipped, norm = clip_grad_norm({"g": np.array([3.0, 4.0])}, max_norm=5.0)
    assert norm == 5.0
    np.testing.assert_array_equal(clipped["g"], [3.0, 4.0])  # norm == max_norm: not scaled
    clipped, norm = clip_grad_norm({"a": np.array([3.0]), "b": np.array([[4.0]])}, max_norm=2.5)
    assert norm == 5.0  # global over all arrays, not per array
    np.testing.assert_allclose(clipped["a"], [1.5], rtol=1e-15)
    np.testing.assert_allclose(clipped["b"], [[2.0]], rtol=1e-15)


@pytest.mark.parametrize("bad, expected", [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "inf")])
def test_clip_grad_norm_returns_a_non_finite_norm_and_unscaled_copies(rng, bad, expected):
    _, grads = _params_and_grads(rng, scale=100.0)
    grads["W_h"][2, 3] = bad
    clipped, norm = clip_grad_norm(grads, max_norm=1.0)
    assert np.isnan(norm) if expected == "nan" else norm == np.inf
    for k in grads:
        np.testing.assert_array_equal(clipped[k], grads[k])
        assert not np.shares_memory(clipped[k], grads[k])


@pytest.mark.parametrize("dtype, big", [(np.float64, 1e200), (np.float32, 1e30)])
def test_clip_grad_norm_of_huge_gradients_does_not_overflow(dtype, big):
    # squaring 1e200 (or 1e30 in float32) overflows; the norm itself is finite
    grads = {"a": np.full(3, big, dtype=dtype), "b": np.full((1,), -big, dtype=dtype)}
    clipped, norm = clip_grad_norm(grads, max_norm=1.0)
    assert norm == pytest.approx(2 * big, rel=1e-6)
    assert all(c.dtype == dtype for c in clipped.values())
    np.testing.assert_allclose(_flat(clipped), [0.5, 0.5, 0.5, -0.5], rtol=1e-6)


def test_clip_grad_norm_of_zero_gradients_is_zero():
    clipped, norm = clip_grad_norm({"g": np.zeros((2, 3))}, max_norm=1.0)
    assert norm == 0.0
    np.testing.assert_array_equal(clipped["g"], np.zeros((2, 3)))


def test_clip_grad_value_clips_each_entry_and_changes_the_direction():
    grads = {"g": np.array([3.0, 0.5, -4.0]), "h": np.array([[0.2], [-0.1]])}
    before = _copy(grads)
    clipped = clip_grad_value(grads, clip_value=1.0)
    np.testing.assert_array_equal(clipped["g"], [1.0, 0.5, -1.0])
    np.testing.assert_array_equal(clipped["h"], [[0.2], [-0.1]])
    g, c = _flat(grads), _flat(clipped)
    assert g @ c / (np.linalg.norm(g) * np.linalg.norm(c)) < 0.99  # unlike clipping by norm
    for k in grads:
        np.testing.assert_array_equal(grads[k], before[k])
        assert not np.shares_memory(clipped[k], grads[k])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_clipping_preserves_dtype(rng, dtype):
    _, grads = _params_and_grads(rng, dtype=dtype, scale=10.0)
    clipped, _ = clip_grad_norm(grads, 1.0)
    assert all(c.dtype == dtype for c in clipped.values())
    assert all(c.dtype == dtype for c in clip_grad_value(grads, 0.5).values())


@pytest.mark.parametrize("call, message", [
    (lambda g: clip_grad_norm(g, 0), r"max_norm must be a number > 0; got 0"),
    (lambda g: clip_grad_norm(g, -1.0), r"max_norm must be a number > 0; got -1.0"),
    (lambda g: clip_grad_norm(g, float("nan")), r"max_norm must be a number > 0; got nan"),
    (lambda g: clip_grad_value(g, 0.0), r"clip_value must be a number > 0; got 0.0"),
    (lambda g: clip_grad_norm(list(g.values()), 1.0), r"grads must be a dict"),
    (lambda g: clip_grad_norm({**g, "W_o": "big"}, 1.0), r"grads\['W_o'\] must hold real numbers"),
    (lambda g: clip_grad_value({**g, "b": [[1.0], [2.0, 3.0]]}, 1.0),
     r"grads\['b'\] must be an array"),
])
def test_clipping_rejects_bad_input(rng, call, message):
    _, grads = _params_and_grads(rng)
    with pytest.raises(ValueError, match=message):
        call(grads)


def test_the_optimisers_read_clean():
    """Their input checks live in rnnlib._validation with every other check (issue 13)."""
    import inspect

    import rnnlib.optim

    assert "raise ValueError" not in inspect.getsource(rnnlib.optim)
