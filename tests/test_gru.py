import numpy as np
import pytest
from helpers import B, D, H, T

from rnnlib.gradcheck import check_gradients, relative_error
from rnnlib.gru import (
    gru_backward,
    gru_forward,
    gru_init_params,
    gru_parameter_count,
    gru_step_backward,
    gru_step_forward,
)
from rnnlib.models import parameter_count

TOL = 1e-7  # relative error of analytic vs centred-difference gradients, float64


def make_gru_params(rng, D=D, H=H, scale=0.5, dtype=np.float64):
    return {"W_x": (scale * rng.standard_normal((3 * H, D))).astype(dtype),
            "W_h": (scale * rng.standard_normal((3 * H, H))).astype(dtype),
            "b_x": (0.5 * rng.standard_normal(3 * H)).astype(dtype),
            "b_h": (0.5 * rng.standard_normal(3 * H)).astype(dtype)}


def _inputs(rng, T=T, B=B, D=D, H=H, dtype=np.float64):
    return (rng.standard_normal((T, B, D)).astype(dtype),
            (0.5 * rng.standard_normal((B, H))).astype(dtype))


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def test_gru_step_forward_is_torchs_equation(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    h1, _ = gru_step_forward(x[0], h0, p)
    for k in range(B):  # one example at a time, column vectors, gate blocks r, z, n
        ax, ah = p["W_x"] @ x[0, k] + p["b_x"], p["W_h"] @ h0[k] + p["b_h"]
        r = _sigmoid(ax[:H] + ah[:H])
        z = _sigmoid(ax[H:2 * H] + ah[H:2 * H])
        n = np.tanh(ax[2 * H:] + r * ah[2 * H:])  # the reset gate acts after the matmul
        np.testing.assert_allclose(h1[k], (1 - z) * n + z * h0[k], rtol=1e-13, atol=1e-14)
    assert h1.shape == (B, H)


def test_gru_step_backward_matches_finite_differences(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    x_t, wh = x[0], rng.standard_normal((B, H))

    def loss():
        return np.sum(wh * gru_step_forward(x_t, h0, p)[0])

    _, cache = gru_step_forward(x_t, h0, p)
    dx, dh_prev, grads = gru_step_backward(wh, cache, p)
    report = check_gradients(loss, {"x_t": x_t, "h_prev": h0, **p},
                             {"x_t": dx, "h_prev": dh_prev, **grads}, tol=TOL)
    assert report.ok, str(report)


@pytest.mark.parametrize("shape", [(T, B), (1, 3), (4, 1), (1, 1)])
def test_gru_backward_matches_finite_differences(rng, shape):
    """Loss sum(w_h * h) over every step: all of x, h0 and params."""
    T1, B1 = shape
    p = make_gru_params(rng)
    x, h0 = _inputs(rng, T=T1, B=B1)
    wh = rng.standard_normal((T1, B1, H))

    def loss():
        return np.sum(wh * gru_forward(x, h0, p)[0])

    h, cache = gru_forward(x, h0, p)
    assert h.shape == (T1, B1, H)
    dx, dh0, grads = gru_backward(wh, cache, p)
    report = check_gradients(loss, {"x": x, "h0": h0, **p}, {"x": dx, "h0": dh0, **grads},
                             tol=TOL)
    assert report.ok, str(report)


def test_gru_forward_matches_step_loop(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    h, _ = gru_forward(x, h0, p)
    h_prev = h0
    for t in range(T):
        h_prev, _ = gru_step_forward(x[t], h_prev, p)
        assert relative_error(h[t], h_prev) <= 1e-15


def test_gru_backward_matches_step_backward_loop(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    _, cache = gru_forward(x, h0, p)
    dx, dh0, grads = gru_backward(dh, cache, p)
    caches, h_prev = [], h0
    for t in range(T):
        h_prev, step_cache = gru_step_forward(x[t], h_prev, p)
        caches.append(step_cache)
    carry = np.zeros((B, H))
    total = {k: np.zeros_like(v) for k, v in p.items()}
    for t in reversed(range(T)):
        dx_t, carry, g = gru_step_backward(dh[t] + carry, caches[t], p)
        assert relative_error(dx[t], dx_t) <= 1e-15
        for k in total:
            total[k] += g[k]
    assert relative_error(dh0, carry) <= 1e-15
    for k in total:
        assert relative_error(grads[k], total[k]) <= 1e-15, k


@pytest.mark.parametrize("bias", ["b_x", "b_h"])
def test_update_gate_at_one_carries_the_state_and_its_gradient_unchanged(rng, bias):
    """z = 1: h_t = 0 * n_t + 1 * h_{t-1} = h_0 for every t, and dh_0 = sum_t dh_t."""
    p = make_gru_params(rng)
    p[bias][H:2 * H] = 1e3  # update gate z = σ(1000) = 1
    x, h0 = _inputs(rng, T=10)
    h, cache = gru_forward(x, h0, p)
    for t in range(10):
        np.testing.assert_array_equal(h[t], h0)
    dh = rng.standard_normal((10, B, H))
    dx, dh0, grads = gru_backward(dh, cache, p)
    np.testing.assert_allclose(dh0, dh.sum(axis=0), rtol=1e-14, atol=1e-14)
    assert np.all(dx == 0) and np.all(grads["W_x"] == 0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(rng, dtype):
    p = make_gru_params(rng, dtype=dtype)
    x, h0 = _inputs(rng, dtype=dtype)
    h, cache = gru_forward(x, h0, p)
    dx, dh0, grads = gru_backward(np.ones_like(h), cache, p)
    assert h.dtype == dx.dtype == dh0.dtype == dtype
    assert all(g.dtype == dtype for g in grads.values())
    h1, c1 = gru_step_forward(x[0], h0, p)
    out = gru_step_backward(h1, c1, p)
    assert h1.dtype == dtype and all(a.dtype == dtype for a in out[:2])
    assert all(g.dtype == dtype for g in out[2].values())


def test_float32_agrees_with_float64(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    h64, _ = gru_forward(x, h0, p)
    h32, _ = gru_forward(x.astype(np.float32), h0.astype(np.float32),
                         {k: v.astype(np.float32) for k, v in p.items()})
    np.testing.assert_allclose(h32, h64, atol=1e-5)


def test_functions_do_not_modify_their_inputs(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    dh = rng.standard_normal((T, B, H))
    args = (x, h0, dh, *p.values())
    before = [a.copy() for a in args]
    _, cache = gru_forward(x, h0, p)
    gru_backward(dh, cache, p)
    _, c1 = gru_step_forward(x[0], h0, p)
    gru_step_backward(dh[0], c1, p)
    for a, b in zip(before, args):
        np.testing.assert_array_equal(a, b)


def test_cache_holds_activations_not_parameters(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    for cache in (gru_forward(x, h0, p)[1], gru_step_forward(x[0], h0, p)[1]):
        arrays = [v for v in vars(cache).values() if isinstance(v, np.ndarray)]
        assert arrays and all(not np.shares_memory(a, w) for a in arrays for w in p.values())
        assert all(a.shape[:2] == (T, B) or a.shape[0] == B for a in arrays)


# ---------------------------------------------------------------- parameters
def test_init_params_shapes_and_scale(rng):
    p = gru_init_params(rng, D, H)
    assert {k: v.shape for k, v in p.items()} == {"W_x": (3 * H, D), "W_h": (3 * H, H),
                                                  "b_x": (3 * H,), "b_h": (3 * H,)}
    assert all(v.dtype == np.float64 for v in p.values())
    assert np.all(p["b_x"] == 0) and np.all(p["b_h"] == 0)
    big = gru_init_params(np.random.default_rng(0), 200, 100, dtype=np.float32)
    assert big["W_h"].dtype == np.float32
    assert abs(big["W_x"].std() - 1 / np.sqrt(200)) < 0.01 and abs(big["W_h"].std() - 0.1) < 0.01
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        gru_init_params(None, D, H)


def test_gru_has_three_times_the_vanilla_cell_parameters_and_two_biases(rng):
    counts, vanilla = gru_parameter_count(D, H), parameter_count(D, H, K=1)
    assert counts["W_x"] == 3 * vanilla["W_x"] and counts["W_h"] == 3 * vanilla["W_h"]
    assert counts["b_x"] + counts["b_h"] == 6 * H == 6 * vanilla["b"]
    assert counts["total"] == 3 * (H * D + H * H) + 6 * H
    assert counts["total"] == sum(v.size for v in gru_init_params(rng, D, H).values())


# ---------------------------------------------------------------- bad input
BAD_FORWARD = [
    (lambda x, h0, p: (x[0], h0, p), r"x must have 3 dimensions, shape \(T, B, D\).*got 2"),
    (lambda x, h0, p: (x[..., :-1], h0, p), r"x must have shape \(T, B, D\) = \(\?, \?, 5\).*got shape \(4, 3, 4\)"),
    (lambda x, h0, p: (x, h0[:, :-1], p), r"h0 must have shape \(B, H\) = \(3, 6\); got shape \(3, 5\)"),
    (lambda x, h0, p: (x, h0, {**p, "W_x": p["W_x"][:H]}), r"params\['W_x'\] must have shape \(3H, D\) = \(18, \?\); got shape \(6, 5\)"),
    (lambda x, h0, p: (x, h0, {**p, "W_h": p["W_h"][:, :-1]}), r"params\['W_h'\] must have shape \(3H, H\) = \(15, 5\); got shape \(18, 5\)"),
    (lambda x, h0, p: (x, h0, {**p, "b_h": p["b_h"][:H]}), r"params\['b_h'\] must have shape \(3H,\) = \(18,\); got shape \(6,\)"),
    (lambda x, h0, p: (x, h0, {"W_x": p["W_x"], "W_h": p["W_h"], "b": p["b_x"]}), r"params is missing keys 'b_x', 'b_h'"),
    (lambda x, h0, p: (np.where(np.arange(T)[:, None, None] == 1, np.nan, x), h0, p), r"x must be finite; got NaN at index \(1, 0, 0\)"),
    (lambda x, h0, p: (x, h0, {**p, "b_x": p["b_x"] * np.inf}), r"params\['b_x'\] must be finite; got inf"),
]


@pytest.mark.parametrize("make, message", BAD_FORWARD)
def test_gru_forward_rejects_bad_input(rng, make, message):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    with pytest.raises(ValueError, match=message):
        gru_forward(*make(x, h0, p))


def test_step_functions_reject_bad_shapes(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    with pytest.raises(ValueError, match=r"x_t must have 2 dimensions"):
        gru_step_forward(x, h0, p)
    with pytest.raises(ValueError, match=r"h_prev must have shape \(B, H\) = \(3, 6\); got shape \(2, 6\)"):
        gru_step_forward(x[0], h0[:2], p)
    _, cache = gru_step_forward(x[0], h0, p)
    with pytest.raises(ValueError, match=r"dh_t must have shape \(B, H\) = \(3, 6\); got shape \(3, 7\)"):
        gru_step_backward(np.zeros((B, H + 1)), cache, p)
    with pytest.raises(ValueError, match=r"cache must be the GRUStepCache returned by gru_step_forward"):
        gru_step_backward(h0, gru_forward(x, h0, p)[1], p)


def test_gru_backward_rejects_bad_gradients(rng):
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    _, cache = gru_forward(x, h0, p)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, B, H\) = \(4, 3, 6\); got shape \(4, 3, 5\)"):
        gru_backward(np.zeros((T, B, H - 1)), cache, p)
    with pytest.raises(ValueError, match=r"dh must be finite"):
        gru_backward(np.full((T, B, H), np.nan), cache, p)
    with pytest.raises(ValueError, match=r"cache must be the GRUSequenceCache returned by gru_forward"):
        gru_backward(np.zeros((T, B, H)), None, p)


# ---------------------------------------------------------------- torch.nn.GRU
def test_gru_agrees_with_torch(rng):
    torch = pytest.importorskip("torch")
    p = make_gru_params(rng)
    x, h0 = _inputs(rng)
    wh = rng.standard_normal((T, B, H))
    gru = torch.nn.GRU(D, H).to(torch.float64)
    with torch.no_grad():
        for name, key in (("weight_ih_l0", "W_x"), ("weight_hh_l0", "W_h"),
                          ("bias_ih_l0", "b_x"), ("bias_hh_l0", "b_h")):
            getattr(gru, name).copy_(torch.from_numpy(p[key]))
    xt, h0t = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, h0[None]))
    ht, _ = gru(xt, h0t)
    torch.sum(torch.from_numpy(wh) * ht).backward()

    h, cache = gru_forward(x, h0, p)
    dx, dh0, grads = gru_backward(wh, cache, p)
    ours = {"h": h, "dx": dx, "dh0": dh0, **{f"d{k}": v for k, v in grads.items()}}
    theirs = [ht, xt.grad, h0t.grad[0], gru.weight_ih_l0.grad, gru.weight_hh_l0.grad,
              gru.bias_ih_l0.grad, gru.bias_hh_l0.grad]
    for (name, a), t in zip(ours.items(), theirs, strict=True):
        assert relative_error(a, t.detach().numpy()) <= 1e-12, name
    assert sum(w.numel() for w in gru.parameters()) == gru_parameter_count(D, H)["total"]
