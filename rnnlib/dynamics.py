"""How gradients travel back through time: Jacobians, and the matrices that control them.

For h_t = f(a_t), a_t = W_x x_t + W_h h_{t-1} + b, one step back is the Jacobian
    J_t = dh_t/dh_{t-1} = diag(f'(a_t)) W_h                        (H, H)
and a gradient that travels from step T back to step k is multiplied by
    dh_T/dh_k = J_T J_{T-1} ... J_{k+1}.
Since |f'| <= gamma (1 for tanh and ReLU), ||dh_T/dh_k||_2 <= (gamma sigma_1)^(T-k), with
sigma_1 the largest singular value of W_h (Pascanu, Mikolov & Bengio, 2013). The
eigenvalues tell the long-run rate (the spectral radius rho <= sigma_1), but for a
non-normal W_h the norm can grow for many steps before it decays.

    jacobian_norms            the exact norms (products and SVDs of (H, H) matrices), in
                              chunks of steps, so its memory does not grow with T
    step_jacobians, jacobian_products   all T matrices
    recurrent_matrix          a random W_h with a chosen rho and sigma_1
    recurrent_matrix_and_eigenvalues   the same, and its eigenvalues (known by construction)
    pascanu_bound, matrix_power_norms  the bound (gamma sigma_1)^lag and ||W_h^k||_2

The fast estimate of the norms and what notebook 05's sliders draw are in
``rnnlib.explorer_flow``; the one-unit model with a cliff is in ``rnnlib.cliff``.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from ._validation import (
    check_array,
    check_finite_number,
    check_params,
    check_positive_int,
    check_positive_number,
    check_real_array,
    check_rng,
    describe,
)
from .rnn import SequenceCache, _slope

__all__ = ["step_jacobians", "jacobian_products", "jacobian_norms", "spectral_radius",
           "largest_singular_value", "orthogonal", "recurrent_matrix",
           "recurrent_matrix_and_eigenvalues", "pascanu_bound", "matrix_power_norms"]


def _fprime(h, activation):
    """f'(a_t) read off h_t = f(a_t) (the activations' one table, in rnnlib.rnn)."""
    return _slope(h, activation)


CHUNK_BYTES = 64 * 2**20  # the work arrays of jacobian_norms (and of explorer_flow's estimate)


def _check_cache(cache, params, b):
    """f'(a_t) (T, H) of example b and W_h (H, H), after checking the cache and b."""
    if not isinstance(cache, SequenceCache):
        raise ValueError(f"cache must be the SequenceCache returned by rnn_forward; "
                         f"got {type(cache).__name__}")
    H, B = cache.h.shape[2], cache.h.shape[1]
    (W_h,) = check_params(params, {"W_h": (("H", "H"), (H, H))}, as_float=True)
    if isinstance(b, bool) or not isinstance(b, Integral) or not 0 <= b < B:
        raise ValueError(f"b must index the batch, 0 <= b < B = {B}; got {describe(b)}")
    return _fprime(cache.h[:, int(b)], cache.activation), W_h


def _square(name, W):
    """A finite real square matrix (H, H), as a float array."""
    W = check_array(name, W, ("H", "H"), as_float=True)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be a square matrix (H, H); got shape {W.shape}")
    return W


def step_jacobians(cache, params, b=0):
    """J_t = dh_t/dh_{t-1} = diag(f'(a_t)) W_h for every step t = 1..T of example b.

    cache: the SequenceCache of ``rnn_forward``; params: a dict with W_h (H, H); b: an
    index into the batch. Returns J (T, H, H); J[t-1] is J_t (T H^2 numbers in memory).
    """
    fprime, W_h = _check_cache(cache, params, b)
    return fprime[:, :, None] * W_h[None]


def jacobian_products(cache, params, b=0):
    """dh_T/dh_k for k = 0..T of example b (h_0 the initial state); P[T] is the identity.

    Returns P (T + 1, H, H), built backwards: P[k] = P[k+1] J_{k+1}. It holds (T + 1) H^2
    numbers (8 (T + 1) H^2 bytes): ``jacobian_norms`` needs only a chunk of them at a time.
    """
    fprime, W_h = _check_cache(cache, params, b)
    T, H = fprime.shape
    P = np.empty((T + 1, H, H), dtype=np.result_type(fprime, W_h))
    for k, P_k in _products(fprime, W_h):
        P[k] = P_k
    return P


def _products(fprime, W_h):
    """(k, dh_T/dh_k) for k = T, T-1, ..., 0, one (H, H) matrix at a time."""
    T, H = fprime.shape
    P = np.eye(H, dtype=np.result_type(fprime, W_h))
    yield T, P
    for k in range(T - 1, -1, -1):
        P = P @ (fprime[k][:, None] * W_h)  # P_k = P_{k+1} J_{k+1}
        yield k, P


def jacobian_norms(cache, params, b=0):
    """||dh_T/dh_k||_2 (largest singular value) for k = 0..T; the lag is T - k.

    Returns norms (T + 1,); norms[0] is the gradient's gain from h_T all the way back to h_0.
    Cost: T products and T + 1 SVDs of (H, H) matrices, O(T H^3) time (about a minute at
    T = 1000, H = 256 on a laptop core, growing like T H^3); memory O(chunk H^2): the
    products are decomposed in chunks of CHUNK_BYTES (64 MiB) and never all kept.
    """
    fprime, W_h = _check_cache(cache, params, b)
    T, H = fprime.shape
    chunk = max(1, CHUNK_BYTES // (8 * H * H))
    norms = np.empty(T + 1)
    ks, stack = [], []
    for k, P in _products(fprime, W_h):
        ks.append(k)
        stack.append(P)
        if len(stack) == chunk or k == 0:
            norms[ks] = np.linalg.norm(np.stack(stack), ord=2, axis=(1, 2))
            ks, stack = [], []
    return norms


def _matmul_in_row_blocks(A, B, block=4):
    """A @ B (also for stacks of matrices), computed 4 rows of A at a time.

    Each product then stays small enough for a multithreaded BLAS to run it on one thread:
    on a busy machine, waking BLAS threads for products this small costs far more than the
    products themselves.
    """
    n = A.shape[-2]
    if n <= block:
        return A @ B
    return np.concatenate([A[..., i:i + block, :] @ B for i in range(0, n, block)], axis=-2)


def spectral_radius(W):
    """rho(W) = max |eigenvalue| of a finite real square matrix W (H, H)."""
    return float(np.max(np.abs(np.linalg.eigvals(_square("W", W)))))


def largest_singular_value(W):
    """sigma_1(W) = ||W||_2 = max ||W v|| over unit vectors v; always >= rho(W).

    W: a finite real matrix (M, N) (a vector is refused: its "norm" is another thing).
    """
    W = check_array("W", W, ("M", "N"), as_float=True)
    return float(np.linalg.norm(W, ord=2))


def orthogonal(rng, H):
    """A random orthogonal (H, H) matrix Q (Q Q^T = I): every singular value and |eigenvalue| is 1.

    Gram-Schmidt (twice, for round-off) on the columns of a Gaussian matrix: the Q of its
    QR decomposition with R's diagonal positive, which is uniform (Haar) over the
    orthogonal group. Vector operations only, which stay fast on a busy machine.
    rng: a np.random.Generator; H: a positive integer.
    """
    check_rng(rng)
    H = check_positive_int("H", H)
    Q = rng.standard_normal((H, H))
    for j in range(H):
        v = Q[:, j]
        for _ in range(2):
            v = v - Q[:, :j] @ (Q[:, :j].T @ v)
        Q[:, j] = v / np.linalg.norm(v)
    return Q


def recurrent_matrix(rng, H, rho, sigma1=None):
    """A random W_h (H, H) with spectral radius ``rho`` and largest singular value ``sigma1``
    (``recurrent_matrix_and_eigenvalues`` explains how; this returns W_h only)."""
    return recurrent_matrix_and_eigenvalues(rng, H, rho, sigma1)[0]


def recurrent_matrix_and_eigenvalues(rng, H, rho, sigma1=None):
    """A random W_h (H, H) with spectral radius ``rho`` and largest singular value ``sigma1``,
    and its eigenvalues (H,) complex, known by construction: returns (W_h, eigenvalues).

    W = U S U^T with U random orthogonal and S block-diagonal: first the upper-triangular
    block [[rho, c], [0, rho_2]] (rho_2 < rho), then 2 x 2 scaled rotations
    r [[cos t, -sin t], [sin t, cos t]] with eigenvalues r e^(+-it), radii r < rho filling
    the disc. The eigenvalues do not depend on c, and the first block's largest singular
    value is sigma1 exactly when
        c = sqrt((sigma1^2 - rho^2) (sigma1^2 - rho_2^2)) / sigma1
    (its M^T M has trace rho^2 + rho_2^2 + c^2 and determinant rho^2 rho_2^2); the other
    blocks have singular values r < rho, so sigma_1(W) = sigma1. c = 0 (sigma1 = rho, the
    default) gives a normal matrix; a larger sigma1 keeps the eigenvalues and makes W
    non-normal, its powers growing for a while before they decay. No SVD, no bisection:
    the cost is one Gram-Schmidt and two products of (H, H) matrices.
    rng: a np.random.Generator; H a positive integer; rho a finite number > 0; sigma1 a
    finite number >= rho, or None.
    """
    check_rng(rng)
    H = check_positive_int("H", H)
    if isinstance(rho, bool) or not isinstance(rho, Real) or not 0 < rho < np.inf:
        raise ValueError(f"rho must be positive and finite; got {describe(rho)}")
    rho = float(rho)
    sigma1 = rho if sigma1 is None else check_finite_number("sigma1", sigma1)
    if sigma1 < rho - 1e-12:
        raise ValueError(f"sigma1 must be at least rho = {rho}; got {sigma1}")
    if H < 2 and sigma1 > rho:
        raise ValueError(f"sigma1 > rho needs H >= 2 (a 1 x 1 matrix is normal); got H = {H}")
    sigma1 = max(sigma1, rho)
    radii = rho * np.sqrt(rng.uniform(0.05, 0.9, size=H // 2))  # rho_2, then the rotations
    angles = rng.uniform(0.1, np.pi - 0.1, size=H // 2)
    S, eig = np.zeros((H, H)), np.empty(H, dtype=complex)
    for i, (r, t) in enumerate(zip(radii, angles)):
        S[2 * i:2 * i + 2, 2 * i:2 * i + 2] = r * np.array([[np.cos(t), -np.sin(t)],
                                                            [np.sin(t), np.cos(t)]])
        eig[2 * i:2 * i + 2] = r * np.exp(1j * t), r * np.exp(-1j * t)
    if H % 2:
        S[-1, -1] = eig[-1] = rho * rng.choice([-1.0, 1.0])  # rho itself when H = 1
    if H >= 2:
        rho2 = radii[0]
        c = np.sqrt((sigma1**2 - rho**2) * (sigma1**2 - rho2**2)) / sigma1
        S[:2, :2] = [[rho, c], [0.0, rho2]]
        eig[:2] = rho, rho2
    U = orthogonal(rng, H)
    W = _matmul_in_row_blocks(_matmul_in_row_blocks(U, S), U.T)  # U S U^T
    return W, eig


def pascanu_bound(sigma1, lag, gamma=1.0):
    """(gamma sigma_1)^lag: the upper bound on ||dh_t/dh_k||_2 at lag = t - k.

    gamma bounds |f'|: 1 for tanh and ReLU, 1/4 for the logistic sigmoid.
    sigma1: a finite number >= 0; lag: a number or array of numbers >= 0; gamma: > 0.
    """
    sigma1 = check_finite_number("sigma1", sigma1)
    if sigma1 < 0:
        raise ValueError(f"sigma1 must be a singular value, >= 0; got {sigma1}")
    gamma = check_positive_number("gamma", gamma, finite=True)
    lag = check_real_array("lag", lag).astype(float)
    if not (np.isfinite(lag).all() and (lag >= 0).all()):
        raise ValueError(f"lag must hold finite numbers >= 0 (steps back in time); got "
                         f"{describe(lag if lag.ndim else float(lag))}")
    return (gamma * sigma1) ** lag


def matrix_power_norms(W, K):
    """||W^k||_2 for k = 0..K (the linear, zero-input case of the Jacobian products).

    W: a finite real square matrix (H, H); K: an integer >= 0. Returns (K + 1,) floats.
    """
    W = _square("W", W).astype(float, copy=False)
    K = check_positive_int("K", K, minimum=0)
    out, P = np.empty(K + 1), np.eye(W.shape[0])
    for k in range(K + 1):
        out[k] = np.linalg.norm(P, 2)
        P = P @ W
    return out
