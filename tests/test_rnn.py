import numpy as np
import pytest
from helpers import B, D, H, T, make_cell_params

import rnnlib
from rnnlib.gradcheck import check_gradients
from rnnlib.rnn import (
    rnn_backward,
    rnn_backward_truncated,
    rnn_forward,
    rnn_gradient_terms,
    rnn_step_backward,
    rnn_step_forward,
)

TOL = 1e-7  # relative error of analytic vs centred-difference gradients, float64


def _inputs(rng, T=T, B=B, D=D, H=H, dtype=np.float64):
    return (rng.standard_normal((T, B, D)).astype(dtype),
            (0.5 * rng.standard_normal((B, H))).astype(dtype))


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_rnn_step_forward_is_the_lecture_equation(rng, activation):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    h, _ = rnn_step_forward(x[0], h0, p, activation)
    a = np.stack([p["W_x"] @ x[0, i] + p["W_h"] @ h0[i] + p["b"] for i in range(B)])
    f = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "linear": lambda z: z}[activation]
    np.testing.assert_allclose(h, f(a), rtol=1e-13, atol=1e-14)
    assert h.shape == (B, H)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_rnn_step_backward_matches_finite_differences(rng, activation):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    x_t = x[0]
    dh = rng.standard_normal((B, H))

    def loss():
        return np.sum(rnn_step_forward(x_t, h0, p, activation)[0] * dh)

    _, cache = rnn_step_forward(x_t, h0, p, activation)
    dx, dh_prev, grads = rnn_step_backward(dh, cache, p)
    report = check_gradients(loss, {"x_t": x_t, "h_prev": h0, **p},
                             {"x_t": dx, "h_prev": dh_prev, **grads})
    assert report.ok, str(report)


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_rnn_backward_matches_finite_differences(rng, activation):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))  # a loss at every step

    def loss():
        return np.sum(rnn_forward(x, h0, p, activation)[0] * dh)

    _, cache = rnn_forward(x, h0, p, activation)
    dx, dh0, grads = rnn_backward(dh, cache, p)
    report = check_gradients(loss, {"x": x, "h0": h0, **p}, {"x": dx, "h0": dh0, **grads})
    assert report.ok, str(report)


def test_rnn_backward_with_loss_only_at_the_last_step(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = np.zeros((T, B, H))
    dh[-1] = rng.standard_normal((B, H))

    def loss():
        return np.sum(rnn_forward(x, h0, p)[0][-1] * dh[-1])

    _, cache = rnn_forward(x, h0, p)
    dx, dh0, grads = rnn_backward(dh, cache, p)
    assert check_gradients(loss, {"x": x, "h0": h0, **p}, {"x": dx, "h0": dh0, **grads}).ok


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_rnn_forward_is_the_loop_over_rnn_step_forward(rng, activation):
    """Bit for bit: rnn_forward runs the step notebooks 01-02 write, once per time step."""
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    h, _ = rnn_forward(x, h0, p, activation)
    h_prev = h0
    for t in range(T):
        h_prev, _ = rnn_step_forward(x[t], h_prev, p, activation)
        np.testing.assert_array_equal(h[t], h_prev)


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_rnn_backward_is_the_loop_over_rnn_step_backward(rng, activation):
    """Bit for bit: BPTT is rnn_step_backward from t = T down to 1, each step handed the
    loss's own dL/dh_t plus what the step after it sent back (CS231n's composition)."""
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    _, cache = rnn_forward(x, h0, p, activation)
    dx, dh0, grads = rnn_backward(dh, cache, p)
    caches, h_prev = [], h0
    for t in range(T):
        h_prev, c = rnn_step_forward(x[t], h_prev, p, activation)
        caches.append(c)
    dh_next = np.zeros((B, H))
    total = {k: np.zeros_like(v) for k, v in p.items()}
    for t in reversed(range(T)):
        dx_t, dh_next, g = rnn_step_backward(dh[t] + dh_next, caches[t], p)
        np.testing.assert_array_equal(dx[t], dx_t)
        for k in total:
            total[k] += g[k]
    np.testing.assert_array_equal(dh0, dh_next)
    for k in total:
        np.testing.assert_array_equal(grads[k], total[k])


def test_rnn_backward_takes_no_flags():
    """Truncation and per-step terms are functions of their own, not options of BPTT."""
    import inspect
    assert list(inspect.signature(rnn_backward).parameters) == ["dh", "cache", "params"]


def test_zero_recurrent_weights_make_steps_independent(rng):
    p = make_cell_params(rng)
    p["W_h"] = np.zeros((H, H))
    x, h0 = _inputs(rng)
    h, _ = rnn_forward(x, h0, p)
    for t in range(T):
        np.testing.assert_allclose(h[t], np.tanh(x[t] @ p["W_x"].T + p["b"]), rtol=1e-13)
    # and a loss on step t reaches only x[t]
    dh = np.zeros((T, B, H))
    dh[2] = 1.0
    _, cache = rnn_forward(x, h0, p)
    dx, dh0, _ = rnn_backward(dh, cache, p)
    assert np.all(dx[[0, 1, 3]] == 0) and np.any(dx[2] != 0) and np.all(dh0 == 0)


@pytest.mark.parametrize("shape", [(1, 3), (4, 1), (1, 1)])
def test_single_step_and_single_example(rng, shape):
    T1, B1 = shape
    p = make_cell_params(rng)
    x, h0 = _inputs(rng, T=T1, B=B1)
    dh = rng.standard_normal((T1, B1, H))

    def loss():
        return np.sum(rnn_forward(x, h0, p)[0] * dh)

    h, cache = rnn_forward(x, h0, p)
    assert h.shape == (T1, B1, H)
    dx, dh0, grads = rnn_backward(dh, cache, p)
    assert check_gradients(loss, {"x": x, "h0": h0, **p}, {"x": dx, "h0": dh0, **grads}).ok


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(rng, dtype):
    p = make_cell_params(rng, dtype=dtype)
    x, h0 = _inputs(rng, dtype=dtype)
    h, cache = rnn_forward(x, h0, p)
    dx, dh0, grads = rnn_backward(np.ones_like(h), cache, p)
    assert h.dtype == dx.dtype == dh0.dtype == dtype
    assert all(g.dtype == dtype for g in grads.values())
    h1, c1 = rnn_step_forward(x[0], h0, p)
    assert h1.dtype == dtype and all(a.dtype == dtype for a in rnn_step_backward(h1, c1, p)[:2])


def test_float32_agrees_with_float64(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    h64, _ = rnn_forward(x, h0, p)
    h32, _ = rnn_forward(x.astype(np.float32), h0.astype(np.float32),
                         {k: v.astype(np.float32) for k, v in p.items()})
    np.testing.assert_allclose(h32, h64, atol=1e-5)


def test_functions_do_not_modify_their_inputs(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    before = [a.copy() for a in (x, h0, dh, *p.values())]
    h, cache = rnn_forward(x, h0, p, "relu")
    rnn_backward(dh, cache, p)
    h1, c1 = rnn_step_forward(x[0], h0, p)
    rnn_step_backward(dh[0], c1, p)
    for a, b in zip(before, (x, h0, dh, *p.values())):
        np.testing.assert_array_equal(a, b)


def test_cache_holds_activations_not_parameters(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    _, cache = rnn_forward(x, h0, p)
    arrays = [v for v in vars(cache).values() if isinstance(v, np.ndarray)]
    assert all(not np.shares_memory(a, w) for a in arrays for w in p.values())
    assert all(a.shape[:2] == (T, B) or a.shape == (B, H) for a in arrays)


# ---------------------------------------------------------------- bad input
BAD_FORWARD = [
    (lambda x, h0, p: (x[0], h0, p), r"x must have 3 dimensions, shape \(T, B, D\).*got 2"),
    (lambda x, h0, p: (x[..., :-1], h0, p), r"x must have shape \(T, B, D\) = \(\?, \?, 5\).*got shape \(4, 3, 4\)"),
    (lambda x, h0, p: (x[:0], h0, p), r"x .*T >= 1.*empty"),
    (lambda x, h0, p: (x, h0[:, :-1], p), r"h0 must have shape \(B, H\) = \(3, 6\).*got shape \(3, 5\)"),
    (lambda x, h0, p: (x, h0[None], p), r"h0 must have 2 dimensions"),
    (lambda x, h0, p: (x, h0, {**p, "W_h": p["W_h"][:, :-1]}), r"params\['W_h'\] must have shape \(H, H\) = \(6, 6\).*got shape \(6, 5\)"),
    (lambda x, h0, p: (x, h0, {**p, "b": p["b"][:, None]}), r"params\['b'\] must have 1 dimension"),
    (lambda x, h0, p: (x, h0, {k: v for k, v in p.items() if k != "b"}), r"params is missing key 'b'"),
    (lambda x, h0, p: (np.where(np.arange(T)[:, None, None] == 1, np.nan, x), h0, p), r"x must be finite; got NaN at index \(1, 0, 0\)"),
    (lambda x, h0, p: (x, h0, {**p, "W_x": p["W_x"] * np.inf}), r"params\['W_x'\] must be finite; got inf"),
]


@pytest.mark.parametrize("make, message", BAD_FORWARD)
def test_rnn_forward_rejects_bad_input(rng, make, message):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    with pytest.raises(ValueError, match=message):
        rnn_forward(*make(x, h0, p))


def test_unknown_activation_is_rejected(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    with pytest.raises(ValueError, match=r"activation must be one of 'tanh', 'relu', 'linear'; got 'sigmoid'"):
        rnn_forward(x, h0, p, activation="sigmoid")
    with pytest.raises(ValueError, match=r"activation"):
        rnn_step_forward(x[0], h0, p, activation="Tanh")


def test_step_forward_rejects_bad_shapes(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    with pytest.raises(ValueError, match=r"x_t must have 2 dimensions"):
        rnn_step_forward(x, h0, p)
    with pytest.raises(ValueError, match=r"h_prev must have shape \(B, H\) = \(3, 6\)"):
        rnn_step_forward(x[0], h0[:2], p)


def test_rnn_backward_rejects_bad_dh(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    _, cache = rnn_forward(x, h0, p)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, B, H\) = \(4, 3, 6\).*got shape \(4, 3, 5\)"):
        rnn_backward(np.zeros((T, B, H - 1)), cache, p)
    with pytest.raises(ValueError, match=r"dh must have 3 dimensions"):
        rnn_backward(np.zeros((B, H)), cache, p)
    with pytest.raises(ValueError, match=r"dh must be finite"):
        rnn_backward(np.full((T, B, H), np.nan), cache, p)
    _, c1 = rnn_step_forward(x[0], h0, p)
    with pytest.raises(ValueError, match=r"dh_t must have shape \(B, H\) = \(3, 6\)"):
        rnn_step_backward(np.zeros((B, H + 1)), c1, p)


# ---------------------------------------------------------------- truncated BPTT
def test_truncation_at_or_beyond_T_is_the_full_gradient(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    _, cache = rnn_forward(x, h0, p)
    full = rnn_backward(dh, cache, p)
    for k in (T, T + 3):
        trunc = rnn_backward_truncated(dh, cache, p, k)
        np.testing.assert_array_equal(trunc[0], full[0])
        for key in p:
            np.testing.assert_array_equal(trunc[2][key], full[2][key])


@pytest.mark.parametrize("k", [1, 2, 3])
def test_truncated_bptt_equals_chunks_with_the_carried_state_held_constant(rng, k):
    """Cutting every k steps = running BPTT on each chunk, its h0 treated as a constant."""
    T_long = 7
    p = make_cell_params(rng)
    x, h0 = _inputs(rng, T=T_long)
    dh = rng.standard_normal((T_long, B, H))
    h, cache = rnn_forward(x, h0, p)
    dx, dh0, grads = rnn_backward_truncated(dh, cache, p, k)
    total = {key: np.zeros_like(v) for key, v in p.items()}
    for start in range(0, T_long, k):
        stop = min(start + k, T_long)
        start_h = h0 if start == 0 else h[start - 1]
        _, c = rnn_forward(x[start:stop], start_h, p)
        dx_c, dh0_c, g = rnn_backward(dh[start:stop], c, p)
        np.testing.assert_allclose(dx[start:stop], dx_c, rtol=1e-12, atol=1e-14)
        if start == 0:
            np.testing.assert_allclose(dh0, dh0_c, rtol=1e-12, atol=1e-14)
        for key in total:
            total[key] += g[key]
    for key in total:
        np.testing.assert_allclose(grads[key], total[key], rtol=1e-12, atol=1e-13)


def test_truncate_must_be_a_positive_integer(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    _, cache = rnn_forward(x, h0, p)
    with pytest.raises(ValueError, match=r"k must be a positive integer; got 0"):
        rnn_backward_truncated(np.zeros((T, B, H)), cache, p, 0)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, B, H\)"):
        rnn_backward_truncated(np.zeros((T, B, H + 1)), cache, p, 2)


def test_per_step_terms_sum_to_the_parameter_gradients(rng):
    p = make_cell_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    _, cache = rnn_forward(x, h0, p)
    dx, dh0, grads = rnn_backward(dh, cache, p)
    terms = rnn_gradient_terms(dh, cache, p)
    assert terms["W_h"].shape == (T, H, H) and terms["W_x"].shape == (T, H, D)
    assert terms["b"].shape == (T, H)
    for k in grads:
        np.testing.assert_allclose(terms[k].sum(axis=0), grads[k], rtol=1e-12, atol=1e-14)
    # the last step's term: delta_T h_{T-1}^T with delta_T = dh[T-1] * (1 - h_T^2)
    h = cache.h
    delta_T = dh[-1] * (1 - h[-1] ** 2)
    np.testing.assert_allclose(terms["W_h"][-1], delta_T.T @ h[-2], rtol=1e-12, atol=1e-14)


def test_rnn_init_params_is_the_cell_every_model_starts_from():
    p = rnnlib.rnn_init_params(np.random.default_rng(3), D, H)
    assert {k: v.shape for k, v in p.items()} == {"W_x": (H, D), "W_h": (H, H), "b": (H,)}
    assert not p["b"].any()
    model = rnnlib.init_params(np.random.default_rng(3), D, H, K=2)  # draws the cell first
    for k in ("W_x", "W_h", "b"):
        np.testing.assert_array_equal(model[k], p[k])
    big = rnnlib.rnn_init_params(np.random.default_rng(0), 400, 400)
    assert abs(big["W_x"].std() - 1 / np.sqrt(400)) < 0.002   # N(0, 1/D)
    assert rnnlib.rnn_init_params(np.random.default_rng(0), D, H, np.float32)["W_h"].dtype \
        == np.float32
