"""The computation behind notebook 05's gradient explorer: how far a gradient travels back.

    gradient_flow             one random RNN: everything the explorer's sliders draw
    estimate_jacobian_norms   ||dh_T/dh_k||_2 for every k, estimated from below with
                              vector-Jacobian products only (as BPTT does), fast enough
                              for a slider at H = 256 and T = 100

The maths they rest on (the step Jacobians, their exact norms, the matrices with a chosen
spectral radius and largest singular value, the bound) is in ``rnnlib.dynamics``; the
drawing is in ``rnnlib.gradient_explorer``.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_activation, check_positive_int
from .dynamics import (
    CHUNK_BYTES,
    _check_cache,
    _fprime,
    _matmul_in_row_blocks,
    pascanu_bound,
    recurrent_matrix_and_eigenvalues,
)
from .rnn import ACTIVATIONS, rnn_forward

__all__ = ["gradient_flow", "estimate_jacobian_norms"]


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
