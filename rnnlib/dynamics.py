"""How gradients travel back through time: Jacobians, and the matrices that control them.

For h_t = f(a_t), a_t = W_x x_t + W_h h_{t-1} + b, one step back is the Jacobian
    J_t = dh_t/dh_{t-1} = diag(f'(a_t)) W_h                        (H, H)
and a gradient that travels from step T back to step k is multiplied by
    dh_T/dh_k = J_T J_{T-1} ... J_{k+1}.
Since |f'| <= gamma (1 for tanh and ReLU), ||dh_T/dh_k||_2 <= (gamma sigma_1)^(T-k), with
sigma_1 the largest singular value of W_h (Pascanu, Mikolov & Bengio, 2013). The
eigenvalues tell the long-run rate (the spectral radius rho <= sigma_1), but for a
non-normal W_h the norm can grow for many steps before it decays.

    jacobian_norms            the exact norms (products and SVDs of (H, H) matrices)
    estimate_jacobian_norms   the same norms from below, fast: probe vectors, as in BPTT
Both work in chunks of steps, so their memory does not grow with T (see their docstrings
for what they cost); ``step_jacobians`` and ``jacobian_products`` return all T matrices.
    recurrent_matrix          a random W_h with a chosen rho and sigma_1
    recurrent_matrix_and_eigenvalues   the same, and its eigenvalues (known by construction)
    gradient_flow             one random RNN: everything notebook 05's sliders draw
    cliff_loss_and_grads      the one-unit RNN x_t = w sigmoid(x_{t-1}) + b and its cliff
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from ._validation import (
    check_activation,
    check_array,
    check_finite_number,
    check_params,
    check_positive_int,
    check_positive_number,
    check_real_array,
    check_rng,
    describe,
)
from .rnn import ACTIVATIONS, SequenceCache, _slope, rnn_forward

__all__ = ["step_jacobians", "jacobian_products", "jacobian_norms", "estimate_jacobian_norms",
           "spectral_radius", "largest_singular_value", "orthogonal", "recurrent_matrix",
           "recurrent_matrix_and_eigenvalues", "pascanu_bound", "matrix_power_norms",
           "gradient_flow", "cliff_loss_and_grads"]


def _fprime(h, activation):
    """f'(a_t) read off h_t = f(a_t) (the activations' one table, in rnnlib.rnn)."""
    return _slope(h, activation)


CHUNK_BYTES = 64 * 2**20  # the work arrays of jacobian_norms and estimate_jacobian_norms


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


LAGS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96)  # refined every round


def estimate_jacobian_norms(cache, params, b=0, *, rounds=3, probes=4, seed=0):
    """||dh_T/dh_k||_2 for k = 0..T, estimated from below with vector-Jacobian products only.

    ``jacobian_norms`` multiplies and decomposes T matrices (H, H): O(T H^3), seconds at
    H = 256. Here, as in BPTT, only row vectors travel back. For orthonormal directions
    u_1..u_m at h_T, the backward sweep gives the rows u_j^T P_k, P_k = dh_T/dh_k, and
    (Rayleigh-Ritz)
        est_k = sigma_1([u_1 .. u_m]^T P_k) <= ||P_k||_2,
    with equality when the u's span the top left singular vector of P_k. The directions
    start as ``probes`` random ones; each round adds, for the lags in LAGS and T, one
    power-iteration step P_k P_k^T u (u the best direction for that lag so far), so the
    estimates rise towards the exact norms like a Krylov method: with the default 3 rounds
    they were within 2 % of them in every test, for H up to 256 and T up to 100. A direction
    made for lag l is swept back only 2 l steps, as far as the lags it helps.
    Cost, with m <= probes + rounds (len(LAGS) + 1) directions (at most 61 by default):
    time O(T m H^2) at most, much less in practice (when the rows of all T + 1 steps would
    exceed CHUNK_BYTES, each sweep runs twice: once while the directions are chosen, once
    for the estimates, so that nothing of length T is kept),
    plus T + 1 eigenvalue problems of size m; no (H, H) product or SVD. Memory
    O(chunk m H + len(LAGS) m H): the rows u_j^T P_k are made and used in chunks of
    CHUNK_BYTES (64 MiB), whatever T.
    rounds: an integer >= 0; probes: a positive integer; seed: the seed of the probes.
    Returns est (T + 1,); est[T] = 1 as in ``jacobian_norms``.
    """
    fprime, W = _check_cache(cache, params, b)
    rounds = check_positive_int("rounds", rounds, minimum=0)
    probes = check_positive_int("probes", probes)
    T, H = fprime.shape
    lags = np.array([lag for lag in LAGS if lag < T] + [T])
    at_lag = {T - lag: i for i, lag in enumerate(lags)}  # step k -> its row in ``kept``
    Q, depth = np.empty((H, 0)), np.empty(0, dtype=int)  # directions, how far back each went
    starts, kept = [], []  # per round: (directions (c, H), depths (c,)); rows at T - lags
    # When every row of every step fits in CHUNK_BYTES, the first sweep keeps them all and
    # the second is not needed (twice as fast); otherwise the rows are swept again below.
    keep_all = 8 * (T + 1) * (probes + rounds * (len(lags) + 1)) * H <= CHUNK_BYTES
    blocks = []  # with keep_all, per round: rows (T + 1, c, H), rows[k, j] = u_j^T P_k
    new = np.random.default_rng(seed).standard_normal((H, probes))
    new_depth = np.full(probes, T)
    for r in range(rounds + 1):
        new, new_depth = _new_directions(Q, new, new_depth)  # sorted deepest first
        rows_at_lags = np.zeros((len(lags), new.shape[1], H))  # u_j^T P_k (0 beyond the depth)
        every = np.zeros((T + 1, new.shape[1], H)) if keep_all else None
        for k, rows in _sweep(new.T, new_depth, fprime, W):
            if k < T - int(new_depth.max(initial=0)):
                break  # every row is 0 from here on
            if k in at_lag:
                rows_at_lags[at_lag[k]] = rows
            if keep_all:
                every[k] = rows
        Q, depth = np.hstack([Q, new]), np.concatenate([depth, new_depth])
        starts.append((new.T, new_depth))
        kept.append(rows_at_lags)
        blocks.append(every)
        if r == rounds or Q.shape[1] == H:
            break
        # For each lag: v = P_k^T u, u the best direction so far; then P_k v, forward to h_T.
        v = _top_right_vectors(np.concatenate(kept, axis=1))
        begins = dict(zip(T - lags, v))
        V = np.empty((0, H))
        for t in range(1, T + 1):  # P_k v = J_T ... J_{k+1} v, every start at once
            if t - 1 in begins:
                V = np.vstack([V, begins[t - 1]])
            V = _matmul_in_row_blocks(V, W.T) * fprime[t - 1]
        new, new_depth = V.T, np.minimum(2 * lags[::-1], T)  # longest lag first
    # sigma_1 of every Y_k = [u_1 .. u_m]^T P_k; at lag l only the directions with depth >= l
    # have rows, the deepest first. The rows are swept again, a chunk of steps at a time.
    order = np.argsort(-depth, kind="stable")
    alive = (depth[order][None, :] >= np.arange(T + 1)[:, None]).sum(axis=1)  # per lag
    est = np.empty(T + 1)
    if keep_all:
        ks = np.arange(T, -1, -1)
        _sigma1(ks, np.concatenate(blocks, axis=1)[ks][:, order], alive[T - ks], est)
        return est
    chunk = max(1, CHUNK_BYTES // (8 * Q.shape[1] * H))
    sweeps = [_sweep(u, d, fprime, W) for u, d in starts]
    ks, Y = [], []
    for k in range(T, -1, -1):
        ks.append(k)
        Y.append(np.concatenate([next(sweep)[1] for sweep in sweeps])[order])
        if len(ks) == chunk or k == 0:
            _sigma1(np.array(ks), np.stack(Y), alive[T - np.array(ks)], est)
            ks, Y = [], []
    return est


def _sweep(start, depth, fprime, W):
    """(k, rows) for k = T, T-1, ..., 0: rows[j] = u_j^T P_k for the rows u_j of ``start``
    (c, H), deepest first; a row is 0 beyond its depth. The same array is yielded each
    time, updated in place: copy it to keep it."""
    T = fprime.shape[0]
    rows = np.array(start, dtype=float)  # a C-ordered copy
    yield T, rows
    for lag in range(1, T + 1):  # u^T P_k = (u^T P_{k+1}) J_{k+1}
        k, n = T - lag, int(np.sum(depth >= lag))
        if n:
            rows[:n] = _matmul_in_row_blocks(rows[:n] * fprime[k], W)
        rows[n:] = 0.0
        yield k, rows


def _sigma1(ks, Y, alive, est):
    """est[k] = sigma_1(Y[i, :alive[i]]) for the steps ks (n,), Y (n, m, H), in place."""
    for n in np.unique(alive):
        group = np.flatnonzero(alive == n)  # the steps with n directions alive
        Z, scale = _scaled(Y[group, :n])
        est[ks[group]] = scale * np.sqrt(np.maximum(
            np.linalg.eigvalsh(_matmul_in_row_blocks(Z, Z.transpose(0, 2, 1)))[:, -1], 0.0))


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


def _scaled(Y):
    """Each Y[i] of Y (n, m, H) scaled to max |entry| 1 (Y Y^T cannot overflow), and the scales."""
    scale = np.abs(Y).max(axis=(1, 2))
    scale[scale == 0] = 1.0
    return Y / scale[:, None, None], scale


def _top_right_vectors(Y):
    """For each Y[i] (m, H), the unit vector v (H,) it stretches most. Y (n, m, H) -> (n, H).

    v = Y[i]^T c with c the top eigenvector of the m x m matrix G = Y[i] Y[i]^T, found by
    one step of inverse iteration, (G - lambda_max I) c = 1, lambda_max from eigvalsh.
    """
    Z, _ = _scaled(Y)
    G = _matmul_in_row_blocks(Z, Z.transpose(0, 2, 1))
    shift = np.linalg.eigvalsh(G)[:, -1] * (1 + 1e-10) + 1e-30  # just above lambda_max
    c = np.linalg.solve(G - shift[:, None, None] * np.eye(G.shape[1]),
                        np.ones((*G.shape[:2], 1)))[..., 0]
    v = np.einsum("lm,lmh->lh", c, Z)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-300)


def _new_directions(Q, new, depth):
    """The columns of ``new`` (H, c) made orthonormal to Q (H, m) and to each other.

    Gram-Schmidt, twice per column; a column (nearly) inside the span already is dropped,
    so [Q, result] stays orthonormal and the Rayleigh-Ritz values stay lower bounds.
    Returns the new directions (H, c') and their depths (c',), deepest first.
    """
    basis, kept = Q, []
    for j in np.argsort(-np.asarray(depth), kind="stable"):
        v = new[:, j] / (np.linalg.norm(new[:, j]) or 1.0)
        for _ in range(2):
            v = v - basis @ (basis.T @ v)
        if np.linalg.norm(v) > 1e-6:
            basis = np.hstack([basis, (v / np.linalg.norm(v))[:, None]])
            kept.append(j)
    return basis[:, Q.shape[1]:], np.asarray(depth, dtype=int)[kept]


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


def gradient_flow(H, rho, sigma1=None, activation="tanh", T=100, *, seed=0, D=4):
    """One random RNN and how its gradients travel back: what notebook 05's sliders draw.

    W_h = recurrent_matrix(rng, H, rho, sigma1), W_x ~ N(0, 1/D) (H, D), b = 0, h_0 = 0,
    and one sequence of inputs x_t ~ N(0, 1), t = 1..T. The same ``seed`` gives the same
    basis, inputs and eigenvalue angles for every rho and sigma1, so only they change.
    Returns a dict: "W_h" (H, H), "eigenvalues" (H,) complex, "rho", "sigma1", "gamma"
    (max |f'| = 1 for tanh, ReLU and linear), "fprime" (T, H) the slopes f'(a_t),
    "lags" (T + 1,) = T - k, "norms" (T + 1,) estimates of ||dh_T/dh_k||_2 (from
    ``estimate_jacobian_norms``) and "bound" (T + 1,) = (gamma sigma1)^lag.
    H, T, D: positive integers; seed: an integer >= 0; rho, sigma1: see recurrent_matrix.
    """
    H, T, D = (check_positive_int(name, value) for name, value in (("H", H), ("T", T),
                                                                     ("D", D)))
    seed = check_positive_int("seed", seed, minimum=0)
    activation = check_activation(activation, ACTIVATIONS)
    rng = np.random.default_rng(seed)
    W_h, eig = recurrent_matrix_and_eigenvalues(rng, H, rho, sigma1)
    params = {"W_x": rng.standard_normal((H, D)) / np.sqrt(D), "W_h": W_h, "b": np.zeros(H)}
    x = rng.standard_normal((T, 1, D))
    with np.errstate(over="ignore", invalid="ignore"):  # linear / ReLU with rho > 1 grow
        _, cache = rnn_forward(x, np.zeros((1, H)), params, activation)
    sigma1 = rho if sigma1 is None else max(sigma1, rho)
    lags = np.arange(T, -1, -1)
    return {"W_h": W_h, "eigenvalues": eig, "rho": float(rho), "sigma1": float(sigma1),
            "gamma": 1.0, "fprime": _fprime(cache.h[:, 0], activation), "lags": lags,
            "norms": estimate_jacobian_norms(cache, params), "bound": pascanu_bound(sigma1, lags)}


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1 / (1 + e^-x), without overflow


def cliff_loss_and_grads(w, b, target=1.0, T=50, x0=0.5):
    """The one-unit RNN x_t = w sigmoid(x_{t-1}) + b of Pascanu et al. (2013), its loss and BPTT.

    From x_0 it runs T steps; L = (x_T - target)^2. Backwards, g_t = dL/dx_t:
        dL/dw += g_t sigmoid(x_{t-1}),  dL/db += g_t,  g_{t-1} = g_t w sigmoid'(x_{t-1}).
    Where w sigmoid' > 1 along the way, g grows like a product of T factors: near the
    values of (w, b) where x_T jumps from one fixed point to another, the loss has a cliff.
    w, b: finite numbers or arrays of any broadcastable shapes (e.g. grids for a loss
    surface); target, x0: finite numbers; T: a positive integer.
    Returns (L, dL_dw, dL_db), arrays of the broadcast shape.
    """
    w, b = (check_real_array(name, v).astype(float) for name, v in (("w", w), ("b", b)))
    for name, v in (("w", w), ("b", b)):
        if not np.isfinite(v).all():
            raise ValueError(f"{name} must be finite; got {describe(v if v.ndim else float(v))}")
    target, x0 = check_finite_number("target", target), check_finite_number("x0", x0)
    T = check_positive_int("T", T)
    try:
        w, b = np.broadcast_arrays(w, b)
    except ValueError:
        raise ValueError(f"w and b must have broadcastable shapes; got {w.shape} and "
                         f"{b.shape}") from None
    xs = [np.full(w.shape, float(x0))]
    for _ in range(T):
        xs.append(w * _sigmoid(xs[-1]) + b)
    g = 2.0 * (xs[T] - target)
    dw, db = np.zeros(w.shape), np.zeros(w.shape)
    for t in range(T, 0, -1):
        s = _sigmoid(xs[t - 1])
        dw += g * s
        db += g
        g = g * w * s * (1.0 - s)
    return (xs[T] - target) ** 2, dw, db
