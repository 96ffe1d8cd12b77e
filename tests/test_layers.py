import numpy as np
import pytest
from helpers import B, D, H, K, T

from rnnlib import layers
from rnnlib.gradcheck import check_gradients
from rnnlib.layers import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    mse_loss,
    softmax,
    softmax_cross_entropy,
)

TOL = 1e-7
V = 9


def test_embedding_forward_looks_up_rows(rng):
    E = rng.standard_normal((V, D))
    tokens = rng.integers(0, V, size=(T, B))
    x, _ = embedding_forward(tokens, E)
    assert x.shape == (T, B, D)
    np.testing.assert_array_equal(x[2, 1], E[tokens[2, 1]])


def test_embedding_backward_accumulates_repeated_indices(rng):
    E = rng.standard_normal((V, D))
    tokens = np.array([[1, 1], [3, 1]])  # id 1 appears three times
    dx = rng.standard_normal((2, 2, D))
    _, cache = embedding_forward(tokens, E)
    dE = embedding_backward(dx, cache)
    np.testing.assert_allclose(dE[1], dx[0, 0] + dx[0, 1] + dx[1, 1])
    np.testing.assert_allclose(dE[3], dx[1, 0])
    assert np.all(dE[[0, 2, 4, 5, 6, 7, 8]] == 0)

    def loss():
        return np.sum(embedding_forward(tokens, E)[0] * dx)

    assert check_gradients(loss, {"E": E}, {"E": dE}).ok


def test_embedding_rejects_ids_out_of_range(rng):
    E = rng.standard_normal((V, D))
    with pytest.raises(ValueError, match=r"tokens must hold token ids in \[0, V\) = \[0, 9\); got 9"):
        embedding_forward(np.array([[0, 9]]), E)
    with pytest.raises(ValueError, match=r"got -1"):
        embedding_forward(np.array([[-1]]), E)
    with pytest.raises(ValueError, match=r"integer"):
        embedding_forward(np.array([[0.0]]), E)


@pytest.mark.parametrize("lead", [(B,), (T, B)])
def test_affine_gradients(rng, lead):
    x = rng.standard_normal((*lead, H))
    W, b = rng.standard_normal((K, H)), rng.standard_normal(K)
    dout = rng.standard_normal((*lead, K))

    def loss():
        return np.sum(affine_forward(x, W, b)[0] * dout)

    out, cache = affine_forward(x, W, b)
    np.testing.assert_allclose(out[(0,) * len(lead)], W @ x[(0,) * len(lead)] + b)
    dx, dW, db = affine_backward(dout, cache)
    rep = check_gradients(loss, {"x": x, "W": W, "b": b}, {"x": dx, "W": dW, "b": db})
    assert rep.ok, str(rep)


def test_affine_rejects_bad_shapes(rng):
    W, b = rng.standard_normal((K, H)), rng.standard_normal(K)
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., H\) with H = 6.*got shape \(3, 5\)"):
        affine_forward(np.zeros((B, H - 1)), W, b)
    with pytest.raises(ValueError, match=r"b must have shape \(K,\) = \(7,\); got shape \(6,\)"):
        affine_forward(np.zeros((B, H)), W, np.zeros(H))


def test_softmax_sums_to_one_and_is_stable():
    z = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [0.0, 0.0, 0.0]])
    p = softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[2], [1 / 3] * 3)


def test_cross_entropy_gradient_and_value(rng):
    logits = rng.standard_normal((B, K))
    y = rng.integers(0, K, size=B)

    def loss():
        return softmax_cross_entropy(logits, y)[0]

    L, dlogits = softmax_cross_entropy(logits, y)
    p = softmax(logits)
    assert L == pytest.approx(-np.mean(np.log(p[np.arange(B), y])), rel=1e-12)
    assert check_gradients(loss, {"logits": logits}, {"logits": dlogits}).ok


def test_cross_entropy_of_uniform_prediction_is_log_k():
    L, _ = softmax_cross_entropy(np.zeros((5, 3)), np.array([0, 1, 2, 0, 1]))
    assert L == pytest.approx(np.log(3))


def test_cross_entropy_is_stable_at_extreme_logits():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]])
    L, d = softmax_cross_entropy(logits, np.array([0, 0]))
    assert np.isfinite(L) and np.all(np.isfinite(d))
    assert L == pytest.approx(0.5 * 2e4)  # the second example is wrong by a margin of 2e4
    L_right, _ = softmax_cross_entropy(logits, np.array([0, 1]))
    assert L_right == 0.0


def test_cross_entropy_with_mask_averages_over_real_positions(rng):
    logits = rng.standard_normal((T, B, K))
    y = rng.integers(0, K, size=(T, B))
    mask = np.ones((T, B))
    mask[2:, 0] = 0

    def loss():
        return softmax_cross_entropy(logits, y, mask)[0]

    L, d = softmax_cross_entropy(logits, y, mask)
    keep = mask.astype(bool)
    L_ref, _ = softmax_cross_entropy(logits[keep], y[keep])
    assert L == pytest.approx(L_ref, rel=1e-12)
    assert np.all(d[2:, 0] == 0)
    assert check_gradients(loss, {"logits": logits}, {"logits": d}).ok


def test_cross_entropy_rejects_bad_labels(rng):
    with pytest.raises(ValueError, match=r"y must hold class ids in \[0, K\) = \[0, 3\); got 3"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"y must have shape \(N,\) = \(2,\); got shape \(3,\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))


def test_mse_value_and_gradient(rng):
    pred, target = rng.standard_normal((T, B, K)), rng.standard_normal((T, B, K))
    mask = (rng.random((T, B)) > 0.3).astype(float)
    mask[0, 0] = 1

    def loss():
        return mse_loss(pred, target, mask)[0]

    L, d = mse_loss(pred, target, mask)
    keep = mask.astype(bool)
    assert L == pytest.approx(np.mean((pred[keep] - target[keep]) ** 2), rel=1e-12)
    assert check_gradients(loss, {"pred": pred}, {"pred": d}).ok
    L0, _ = mse_loss(pred, target)
    assert L0 == pytest.approx(np.mean((pred - target) ** 2))


def test_mse_rejects_shape_mismatch():
    with pytest.raises(ValueError, match=r"target must have the shape of pred, \(2, 3\); got shape \(3, 2\)"):
        mse_loss(np.zeros((2, 3)), np.zeros((3, 2)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_layers_preserve_dtype(rng, dtype):
    x = rng.standard_normal((B, H)).astype(dtype)
    W, b = rng.standard_normal((K, H)).astype(dtype), np.zeros(K, dtype)
    out, cache = affine_forward(x, W, b)
    assert out.dtype == dtype and all(g.dtype == dtype for g in affine_backward(out, cache))
    L, d = softmax_cross_entropy(out, np.zeros(B, dtype=int))
    assert d.dtype == dtype
    E = rng.standard_normal((V, D)).astype(dtype)
    e, c = embedding_forward(np.zeros((T, B), dtype=int), E)
    assert e.dtype == dtype and embedding_backward(e, c).dtype == dtype


def test_layers_do_not_modify_inputs(rng):
    logits = rng.standard_normal((B, K))
    before = logits.copy()
    softmax(logits)
    softmax_cross_entropy(logits, np.zeros(B, dtype=int))
    np.testing.assert_array_equal(logits, before)


# ------------------------------------------------------------------- lengths: mask and last step
def test_length_mask_marks_the_real_steps_of_each_sequence():
    mask = layers.length_mask(np.array([3, 1, 4]), T=4)
    expected = np.array([[1, 1, 1], [1, 0, 1], [1, 0, 1], [0, 0, 1]], dtype=float)
    np.testing.assert_array_equal(mask, expected)
    assert mask.dtype == np.float64
    assert layers.length_mask([2, 2], T=3, dtype=np.float32).dtype == np.float32


def test_last_step_reads_each_sequences_last_real_state_and_its_backward_puts_it_back(rng):
    h = rng.standard_normal((T, B, H))
    lengths = np.array([T, 1, 2])[:B]
    last = layers.last_step(h, lengths)
    for b in range(B):
        np.testing.assert_array_equal(last[b], h[lengths[b] - 1, b])
    d_last = rng.standard_normal((B, H))
    dh = layers.last_step_backward(d_last, lengths, T)
    assert dh.shape == (T, B, H) and dh.dtype == d_last.dtype
    # the adjoint identity: <last_step(h), d_last> = <h, last_step_backward(d_last)>
    np.testing.assert_allclose(np.sum(last * d_last), np.sum(h * dh), rtol=1e-13)
    assert np.count_nonzero(dh) == B * H  # nothing anywhere else
    assert layers.last_step_backward(d_last.astype(np.float32), lengths, T,
                                     dtype=np.float64).dtype == np.float64


@pytest.mark.parametrize("call, message", [
    (lambda: layers.length_mask([0, 2], T=3), r"lengths must lie in \[1, T\] = \[1, 3\]; got 0"),
    (lambda: layers.length_mask([2, 5], T=3), r"lengths must lie in \[1, T\] = \[1, 3\]; got 5"),
    (lambda: layers.last_step(np.zeros((3, 2, 4)), [1, 2, 3]),
     r"lengths must have shape \(B,\) = \(2,\); got shape \(3,\)"),
    (lambda: layers.last_step(np.zeros((3, 2)), [1, 2]),
     r"h must have 3 dimensions, shape \(T, B, H\)"),
    (lambda: layers.last_step_backward(np.zeros((2, 4)), [1, 4], T=3),
     r"lengths must lie in \[1, T\] = \[1, 3\]; got 4"),
])
def test_lengths_helpers_refuse_bad_input_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()
