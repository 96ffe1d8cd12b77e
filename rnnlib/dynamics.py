"""How gradients travel back through time: Jacobians, and the matrices that control them.

For h_t = f(a_t), a_t = W_x x_t + W_h h_{t-1} + b, one step back is the Jacobian
    J_t = dh_t/dh_{t-1} = diag(f'(a_t)) W_h                        (H, H)
and a gradient that travels from step T back to step k is multiplied by
    dh_T/dh_k = J_T J_{T-1} ... J_{k+1}.
Since |f'| <= gamma (1 for tanh and ReLU), ||dh_T/dh_k||_2 <= (gamma sigma_1)^(T-k), with
sigma_1 the largest singular value of W_h (Pascanu, Mikolov & Bengio, 2013). The
eigenvalues tell the long-run rate (the spectral radius rho <= sigma_1), but for a
non-normal W_h the norm can grow for many steps before it decays.
"""

from __future__ import annotations

import numpy as np

from .checks import check_array
from .rnn import SequenceCache

__all__ = ["step_jacobians", "jacobian_products", "jacobian_norms", "spectral_radius",
           "largest_singular_value", "orthogonal", "recurrent_matrix", "pascanu_bound",
           "matrix_power_norms"]


def _fprime(h, activation):
    """f'(a_t) read off h_t = f(a_t)."""
    if activation == "tanh":
        return 1 - h * h
    return (h > 0).astype(h.dtype) if activation == "relu" else np.ones_like(h)


def step_jacobians(cache, params, b=0):
    """J_t = dh_t/dh_{t-1} = diag(f'(a_t)) W_h for every step t = 1..T of example b.

    cache: the SequenceCache of ``rnn_forward``. Returns J (T, H, H); J[t-1] is J_t.
    """
    if not isinstance(cache, SequenceCache):
        raise ValueError(f"cache must be the SequenceCache returned by rnn_forward; "
                         f"got {type(cache).__name__}")
    H = cache.h.shape[2]
    W_h = check_array("params['W_h']", params["W_h"], ("H", "H"), (H, H))
    if not 0 <= b < cache.h.shape[1]:
        raise ValueError(f"b must index the batch, 0 <= b < B = {cache.h.shape[1]}; got {b}")
    return _fprime(cache.h[:, b], cache.activation)[:, :, None] * W_h[None]


def jacobian_products(cache, params, b=0):
    """dh_T/dh_k for k = 0..T of example b (h_0 the initial state); P[T] is the identity.

    Returns P (T + 1, H, H), built backwards: P[k] = P[k+1] J_{k+1}.
    """
    J = step_jacobians(cache, params, b)
    T, H, _ = J.shape
    P = np.empty((T + 1, H, H), dtype=J.dtype)
    P[T] = np.eye(H)
    for k in range(T - 1, -1, -1):
        P[k] = P[k + 1] @ J[k]
    return P


def jacobian_norms(cache, params, b=0):
    """||dh_T/dh_k||_2 (largest singular value) for k = 0..T; the lag is T - k.

    Returns norms (T + 1,); norms[0] is the gradient's gain from h_T all the way back to h_0.
    """
    return np.linalg.norm(jacobian_products(cache, params, b), ord=2, axis=(1, 2))


def spectral_radius(W):
    """rho(W) = max |eigenvalue|."""
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(W)))))


def largest_singular_value(W):
    """sigma_1(W) = ||W||_2 = max ||W v|| over unit vectors v; always >= rho(W)."""
    return float(np.linalg.norm(np.asarray(W), ord=2))


def orthogonal(rng, H):
    """A random orthogonal (H, H) matrix Q (Q Q^T = I): every singular value and |eigenvalue| is 1.

    From the QR decomposition of a Gaussian matrix, with signs fixed so it is uniform
    (Haar) over the orthogonal group.
    """
    Q, R = np.linalg.qr(rng.standard_normal((H, H)))
    return Q * np.sign(np.diag(R))


def recurrent_matrix(rng, H, rho, sigma1=None):
    """A random W_h (H, H) with spectral radius ``rho`` and largest singular value ``sigma1``.

    W = U (S + s N) U^T with U a random orthogonal basis, S block-diagonal (2 x 2 rotations
    whose eigenvalues fill the disc of radius rho, the largest exactly rho) and N a strictly
    block-upper-triangular part. s = 0 (sigma1 = rho, the default) gives a normal matrix,
    whose singular values are the eigenvalues' moduli; a larger sigma1 (s found by bisection)
    leaves the eigenvalues where they are while ||W||_2, and the transient growth of
    ||W^k||, rises.
    """
    sigma1 = rho if sigma1 is None else sigma1
    if rho <= 0:
        raise ValueError(f"rho must be positive; got {rho}")
    if sigma1 < rho - 1e-12:
        raise ValueError(f"sigma1 must be at least rho = {rho}; got {sigma1}")
    U = orthogonal(rng, H)
    S, blocks = _schur_diagonal(rng, H, rho)
    # The non-normal part: random entries above the 2 x 2 diagonal blocks, scaled below.
    N = np.triu(rng.standard_normal((H, H)), k=1) * (blocks[:, None] != blocks[None, :])
    N /= np.linalg.norm(N, 2)
    lo, hi = 0.0, 1.0
    while np.linalg.norm(S + hi * N, 2) < sigma1:  # grow the bracket
        hi *= 2
    while hi - lo > 1e-11 * hi:  # bisection on the size of the non-normal part
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.linalg.norm(S + mid * N, 2) < sigma1 else (lo, mid)
    return U @ (S + hi * N) @ U.T if sigma1 > rho else U @ S @ U.T


def _schur_diagonal(rng, H, rho):
    """A block-diagonal real Schur form whose eigenvalues fill the disc of radius rho.

    2 x 2 rotation blocks r [[cos t, -sin t], [sin t, cos t]] (eigenvalues r e^(+-it)) with
    distinct radii r <= rho, the first exactly rho; a 1 x 1 block rho when H is odd.
    Returns the matrix (H, H) and each row's block number (H,).
    """
    S, blocks = np.zeros((H, H)), np.arange(H)
    radii = rho * np.sqrt(rng.uniform(0.05, 1.0, size=H // 2))
    radii[0] = rho
    for i, r in enumerate(radii):
        t = rng.uniform(0.1, np.pi - 0.1)
        S[2 * i:2 * i + 2, 2 * i:2 * i + 2] = r * np.array([[np.cos(t), -np.sin(t)],
                                                            [np.sin(t), np.cos(t)]])
        blocks[2 * i + 1] = 2 * i
    if H % 2:
        S[-1, -1] = rho * rng.choice([-1.0, 1.0])
    return S, blocks


def pascanu_bound(sigma1, lag, gamma=1.0):
    """(gamma sigma_1)^lag: the upper bound on ||dh_t/dh_k||_2 at lag = t - k.

    gamma bounds |f'|: 1 for tanh and ReLU, 1/4 for the logistic sigmoid.
    """
    return (gamma * sigma1) ** np.asarray(lag, dtype=float)


def matrix_power_norms(W, K):
    """||W^k||_2 for k = 0..K (the linear, zero-input case of the Jacobian products)."""
    W = np.asarray(W, dtype=float)
    out, P = np.empty(K + 1), np.eye(W.shape[0])
    for k in range(K + 1):
        out[k] = np.linalg.norm(P, 2)
        P = P @ W
    return out
