import numpy as np
import pytest
from helpers import B, D, H, T

from rnnlib.gradcheck import check_gradients, relative_error
from rnnlib.lstm import (
    lstm_backward,
    lstm_forward,
    lstm_init_params,
    lstm_parameter_count,
    lstm_step_backward,
    lstm_step_forward,
)
from rnnlib.models import parameter_count

TOL = 1e-7  # relative error of analytic vs centred-difference gradients, float64


def make_lstm_params(rng, D=D, H=H, scale=0.5, dtype=np.float64):
    return {"W_x": (scale * rng.standard_normal((4 * H, D))).astype(dtype),
            "W_h": (scale * rng.standard_normal((4 * H, H))).astype(dtype),
            "b": (0.5 * rng.standard_normal(4 * H)).astype(dtype)}


def _inputs(rng, T=T, B=B, D=D, H=H, dtype=np.float64):
    return (rng.standard_normal((T, B, D)).astype(dtype),
            (0.5 * rng.standard_normal((B, H))).astype(dtype),
            rng.standard_normal((B, H)).astype(dtype))


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def test_lstm_step_forward_is_the_lecture_equation(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    h1, c1, _ = lstm_step_forward(x[0], h0, c0, p)
    for n in range(B):  # one example at a time, column vectors, gate blocks i, f, g, o
        a = p["W_x"] @ x[0, n] + p["W_h"] @ h0[n] + p["b"]
        i, f, g, o = _sigmoid(a[:H]), _sigmoid(a[H:2 * H]), np.tanh(a[2 * H:3 * H]), _sigmoid(a[3 * H:])
        c = f * c0[n] + i * g
        np.testing.assert_allclose(c1[n], c, rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(h1[n], o * np.tanh(c), rtol=1e-13, atol=1e-14)
    assert h1.shape == c1.shape == (B, H)


def test_lstm_step_backward_matches_finite_differences(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    x_t = x[0]
    wh, wc = rng.standard_normal((B, H)), rng.standard_normal((B, H))

    def loss():
        h1, c1, _ = lstm_step_forward(x_t, h0, c0, p)
        return np.sum(wh * h1) + np.sum(wc * c1)

    _, _, cache = lstm_step_forward(x_t, h0, c0, p)
    dx, dh_prev, dc_prev, grads = lstm_step_backward(wh, wc, cache, p)
    report = check_gradients(loss, {"x_t": x_t, "h_prev": h0, "c_prev": c0, **p},
                             {"x_t": dx, "h_prev": dh_prev, "c_prev": dc_prev, **grads}, tol=TOL)
    assert report.ok, str(report)


@pytest.mark.parametrize("shape", [(T, B), (1, 3), (4, 1), (1, 1)])
def test_lstm_backward_matches_finite_differences(rng, shape):
    """Loss sum(w_h * h) over every step plus sum(w_c * c_T): all of x, h0, c0 and params."""
    T1, B1 = shape
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng, T=T1, B=B1)
    wh, wc = rng.standard_normal((T1, B1, H)), rng.standard_normal((B1, H))

    def loss():
        h, c, _ = lstm_forward(x, h0, c0, p)
        return np.sum(wh * h) + np.sum(wc * c[-1])

    h, c, cache = lstm_forward(x, h0, c0, p)
    assert h.shape == c.shape == (T1, B1, H)
    dx, dh0, dc0, grads = lstm_backward(wh, cache, p, dc_T=wc)
    report = check_gradients(loss, {"x": x, "h0": h0, "c0": c0, **p},
                             {"x": dx, "h0": dh0, "c0": dc0, **grads}, tol=TOL)
    assert report.ok, str(report)


def test_lstm_forward_matches_step_loop(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    h, c, _ = lstm_forward(x, h0, c0, p)
    h_prev, c_prev = h0, c0
    for t in range(T):
        h_prev, c_prev, _ = lstm_step_forward(x[t], h_prev, c_prev, p)
        assert relative_error(h[t], h_prev) <= 1e-15 and relative_error(c[t], c_prev) <= 1e-15


def test_lstm_backward_matches_step_backward_loop(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    dh, dc_T = rng.standard_normal((T, B, H)), rng.standard_normal((B, H))
    _, _, cache = lstm_forward(x, h0, c0, p)
    dx, dh0, dc0, grads = lstm_backward(dh, cache, p, dc_T=dc_T)
    caches, h_prev, c_prev = [], h0, c0
    for t in range(T):
        h_prev, c_prev, step_cache = lstm_step_forward(x[t], h_prev, c_prev, p)
        caches.append(step_cache)
    carry_h, carry_c = np.zeros((B, H)), dc_T
    total = {k: np.zeros_like(v) for k, v in p.items()}
    for t in reversed(range(T)):
        dx_t, carry_h, carry_c, g = lstm_step_backward(dh[t] + carry_h, carry_c, caches[t], p)
        assert relative_error(dx[t], dx_t) <= 1e-15
        for k in total:
            total[k] += g[k]
    assert relative_error(dh0, carry_h) <= 1e-15 and relative_error(dc0, carry_c) <= 1e-15
    for k in total:
        assert relative_error(grads[k], total[k]) <= 1e-15, k


def test_saturated_gates_carry_the_cell_state_and_its_gradient_unchanged(rng):
    """f = 1 and i = 0: c_t = 1 * c_{t-1} + 0 * g_t = c_0 for every t, and dc_0 = dc_T."""
    p = make_lstm_params(rng)
    p["b"][:H] = -1e3      # input gate i = σ(-1000) = 0
    p["b"][H:2 * H] = 1e3  # forget gate f = σ(+1000) = 1
    x, h0, c0 = _inputs(rng, T=10)
    h, c, cache = lstm_forward(x, h0, c0, p)
    for t in range(10):
        np.testing.assert_array_equal(c[t], c0)
    assert np.all(np.abs(h) <= np.abs(np.tanh(c0)))  # h_t = o_t ⊙ tanh(c_0), 0 < o_t < 1
    dc_T = rng.standard_normal((B, H))
    dx, dh0, dc0, grads = lstm_backward(np.zeros_like(h), cache, p, dc_T=dc_T)
    np.testing.assert_array_equal(dc0, dc_T)  # the additive path: no vanishing through c
    assert np.all(dx == 0) and np.all(dh0 == 0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(rng, dtype):
    p = make_lstm_params(rng, dtype=dtype)
    x, h0, c0 = _inputs(rng, dtype=dtype)
    h, c, cache = lstm_forward(x, h0, c0, p)
    dx, dh0, dc0, grads = lstm_backward(np.ones_like(h), cache, p, dc_T=np.ones_like(c0))
    assert h.dtype == c.dtype == dx.dtype == dh0.dtype == dc0.dtype == dtype
    assert all(g.dtype == dtype for g in grads.values())
    h1, c1, c_step = lstm_step_forward(x[0], h0, c0, p)
    out = lstm_step_backward(h1, c1, c_step, p)
    assert h1.dtype == c1.dtype == dtype and all(a.dtype == dtype for a in out[:3])
    assert all(g.dtype == dtype for g in out[3].values())


def test_float32_agrees_with_float64(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    h64, c64, _ = lstm_forward(x, h0, c0, p)
    h32, c32, _ = lstm_forward(x.astype(np.float32), h0.astype(np.float32), c0.astype(np.float32),
                               {k: v.astype(np.float32) for k, v in p.items()})
    np.testing.assert_allclose(h32, h64, atol=1e-5)
    np.testing.assert_allclose(c32, c64, atol=1e-5)


def test_functions_do_not_modify_their_inputs(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    dh, dc_T = rng.standard_normal((T, B, H)), rng.standard_normal((B, H))
    args = (x, h0, c0, dh, dc_T, *p.values())
    before = [a.copy() for a in args]
    _, _, cache = lstm_forward(x, h0, c0, p)
    lstm_backward(dh, cache, p, dc_T=dc_T)
    _, _, c1 = lstm_step_forward(x[0], h0, c0, p)
    lstm_step_backward(dh[0], dc_T, c1, p)
    for a, b in zip(before, args):
        np.testing.assert_array_equal(a, b)


def test_cache_holds_activations_not_parameters(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    for cache in (lstm_forward(x, h0, c0, p)[2], lstm_step_forward(x[0], h0, c0, p)[2]):
        arrays = [v for v in vars(cache).values() if isinstance(v, np.ndarray)]
        assert arrays and all(not np.shares_memory(a, w) for a in arrays for w in p.values())
        assert all(a.shape[:2] == (T, B) or a.shape[0] == B for a in arrays)


# ---------------------------------------------------------------- parameters
def test_init_params_shapes_scale_and_forget_bias(rng):
    p = lstm_init_params(rng, D, H)
    assert {k: v.shape for k, v in p.items()} == {"W_x": (4 * H, D), "W_h": (4 * H, H), "b": (4 * H,)}
    assert all(v.dtype == np.float64 for v in p.values())
    np.testing.assert_array_equal(p["b"][H:2 * H], 1.0)  # forget gate open at the start
    np.testing.assert_array_equal(np.delete(p["b"], np.s_[H:2 * H]), 0.0)
    big = lstm_init_params(np.random.default_rng(0), 200, 100, forget_bias=0.0, dtype=np.float32)
    assert big["W_x"].dtype == np.float32 and np.all(big["b"] == 0)
    assert abs(big["W_x"].std() - 1 / np.sqrt(200)) < 0.01 and abs(big["W_h"].std() - 0.1) < 0.01
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        lstm_init_params(0, D, H)


def test_lstm_has_four_times_the_vanilla_cell_parameters(rng):
    counts, vanilla = lstm_parameter_count(D, H), parameter_count(D, H, K=1)
    assert {k: counts[k] for k in ("W_x", "W_h", "b")} == {k: 4 * vanilla[k] for k in ("W_x", "W_h", "b")}
    assert counts["total"] == 4 * (H * D + H * H + H)
    assert counts["total"] == sum(v.size for v in lstm_init_params(rng, D, H).values())


# ---------------------------------------------------------------- bad input
BAD_FORWARD = [
    (lambda x, h0, c0, p: (x[0], h0, c0, p), r"x must have 3 dimensions, shape \(T, B, D\).*got 2"),
    (lambda x, h0, c0, p: (x[..., :-1], h0, c0, p), r"x must have shape \(T, B, D\) = \(\?, \?, 5\).*got shape \(4, 3, 4\)"),
    (lambda x, h0, c0, p: (x, h0[:, :-1], c0, p), r"h0 must have shape \(B, H\) = \(3, 6\); got shape \(3, 5\)"),
    (lambda x, h0, c0, p: (x, h0, c0[:2], p), r"c0 must have shape \(B, H\) = \(3, 6\); got shape \(2, 6\)"),
    (lambda x, h0, c0, p: (x, h0, c0, {**p, "W_x": p["W_x"][:H]}), r"params\['W_x'\] must have shape \(4H, D\) = \(24, \?\); got shape \(6, 5\)"),
    (lambda x, h0, c0, p: (x, h0, c0, {**p, "W_h": p["W_h"][:, :-1]}), r"params\['W_h'\] must have shape \(4H, H\) = \(20, 5\); got shape \(24, 5\)"),
    (lambda x, h0, c0, p: (x, h0, c0, {**p, "b": p["b"][:H]}), r"params\['b'\] must have shape \(4H,\) = \(24,\); got shape \(6,\)"),
    (lambda x, h0, c0, p: (x, h0, c0, {k: v for k, v in p.items() if k != "b"}), r"params is missing key 'b'"),
    (lambda x, h0, c0, p: (x, h0, np.where(np.arange(B)[:, None] == 2, np.nan, c0), p), r"c0 must be finite; got NaN at index \(2, 0\)"),
    (lambda x, h0, c0, p: (x, h0, c0, {**p, "W_h": p["W_h"] * np.inf}), r"params\['W_h'\] must be finite; got inf"),
]


@pytest.mark.parametrize("make, message", BAD_FORWARD)
def test_lstm_forward_rejects_bad_input(rng, make, message):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    with pytest.raises(ValueError, match=message):
        lstm_forward(*make(x, h0, c0, p))


def test_step_functions_reject_bad_shapes(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    with pytest.raises(ValueError, match=r"x_t must have 2 dimensions"):
        lstm_step_forward(x, h0, c0, p)
    with pytest.raises(ValueError, match=r"c_prev must have shape \(B, H\) = \(3, 6\); got shape \(3, 5\)"):
        lstm_step_forward(x[0], h0, c0[:, :-1], p)
    _, _, cache = lstm_step_forward(x[0], h0, c0, p)
    with pytest.raises(ValueError, match=r"dc_t must have shape \(B, H\) = \(3, 6\); got shape \(3, 7\)"):
        lstm_step_backward(h0, np.zeros((B, H + 1)), cache, p)
    with pytest.raises(ValueError, match=r"cache must be the LSTMStepCache returned by lstm_step_forward"):
        lstm_step_backward(h0, c0, lstm_forward(x, h0, c0, p)[2], p)


def test_lstm_backward_rejects_bad_gradients(rng):
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    _, _, cache = lstm_forward(x, h0, c0, p)
    with pytest.raises(ValueError, match=r"dh must have shape \(T, B, H\) = \(4, 3, 6\); got shape \(4, 3, 5\)"):
        lstm_backward(np.zeros((T, B, H - 1)), cache, p)
    with pytest.raises(ValueError, match=r"dc_T must have 2 dimensions, shape \(B, H\) = \(3, 6\); got 3 dimensions, shape \(4, 3, 6\)"):
        lstm_backward(np.zeros((T, B, H)), cache, p, dc_T=np.zeros((T, B, H)))
    with pytest.raises(ValueError, match=r"dc_T must have shape \(B, H\) = \(3, 6\); got shape \(3, 5\)"):
        lstm_backward(np.zeros((T, B, H)), cache, p, dc_T=np.zeros((B, H - 1)))
    with pytest.raises(ValueError, match=r"cache must be the LSTMSequenceCache returned by lstm_forward"):
        lstm_backward(np.zeros((T, B, H)), None, p)


# ---------------------------------------------------------------- torch.nn.LSTM
def test_lstm_agrees_with_torch(rng):
    torch = pytest.importorskip("torch")
    p = make_lstm_params(rng)
    x, h0, c0 = _inputs(rng)
    wh, wc = rng.standard_normal((T, B, H)), rng.standard_normal((B, H))
    b_ih, b_hh = rng.standard_normal(4 * H), rng.standard_normal(4 * H)
    p["b"] = b_ih + b_hh  # torch's two biases; only their sum enters the cell
    lstm = torch.nn.LSTM(D, H).to(torch.float64)
    with torch.no_grad():
        for name, value in (("weight_ih_l0", p["W_x"]), ("weight_hh_l0", p["W_h"]),
                            ("bias_ih_l0", b_ih), ("bias_hh_l0", b_hh)):
            getattr(lstm, name).copy_(torch.from_numpy(value))
    xt, h0t, c0t = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (x, h0[None], c0[None]))
    ht, (_, cTt) = lstm(xt, (h0t, c0t))
    (torch.sum(torch.from_numpy(wh) * ht) + torch.sum(torch.from_numpy(wc) * cTt[0])).backward()

    h, c, cache = lstm_forward(x, h0, c0, p)
    dx, dh0, dc0, grads = lstm_backward(wh, cache, p, dc_T=wc)
    ours = {"h": h, "c_T": c[-1], "dx": dx, "dh0": dh0, "dc0": dc0, "dW_x": grads["W_x"],
            "dW_h": grads["W_h"], "db (bias_ih)": grads["b"], "db (bias_hh)": grads["b"]}
    theirs = [ht, cTt[0], xt.grad, h0t.grad[0], c0t.grad[0], lstm.weight_ih_l0.grad,
              lstm.weight_hh_l0.grad, lstm.bias_ih_l0.grad, lstm.bias_hh_l0.grad]
    for (name, a), t in zip(ours.items(), theirs, strict=True):
        assert relative_error(a, t.detach().numpy()) <= 1e-12, name
    counted = sum(w.numel() for w in lstm.parameters())
    assert counted == lstm_parameter_count(D, H)["total"] + 4 * H  # torch's second bias
