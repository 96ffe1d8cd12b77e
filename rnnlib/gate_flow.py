"""How far back the gradient reaches in a vanilla, an LSTM and a GRU cell (notebook 06, section 4).

For each cell, the size of d(state at T)/d(state at k) for every lag T - k, with the keep
gate's starting bias (the LSTM's forget gate b_f, the GRU's update gate b_z) as the knob:

    flow_cells(H, keep_bias, seed)          one input sequence and three random cells
    gated_jacobians(cell, x, params)        [d state_T / d state_k for k = T, ..., 0]
    gains(H, keep_bias, seed)               the norms against the lag, one curve per key

``gated_jacobians`` is BPTT with H "losses", one per unit: it sends the H rows of the
identity back as the gradient of the last state, and after T - k steps of the cell's
backward function the rows are those of d state_T / d state_k. The LSTM's state is the pair
(h, c), so it runs one batch of 2H identical copies of the sequence: the first H rows carry
dh_T, the other H rows dc_T.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import (
    check_array,
    check_finite_number,
    check_params,
    check_positive_int,
    describe,
)
from .dynamics import jacobian_norms
from .gru import gru_init_params, gru_step_backward, gru_step_forward
from .lstm import lstm_init_params, lstm_step_backward, lstm_step_forward
from .rnn import rnn_forward

__all__ = ["FLOW_T", "FLOW_D", "flow_cells", "gated_jacobians", "gains"]

FLOW_T, FLOW_D = 50, 8      # the sequence: 50 steps of random vectors of 8 numbers


def flow_cells(H, keep_bias, seed=0, *, T=FLOW_T, D=FLOW_D):
    """One input sequence x (T, 1, D) and a vanilla, an LSTM and a GRU cell with H units,
    whose keep gate (LSTM b_f, GRU b_z) starts at keep_bias.

    Everything is drawn from ``np.random.default_rng(seed)``: x ~ N(0, 1), the vanilla cell
    W_x ~ N(0, 1/D), W_h ~ N(0, 1/H), b = 0, then the library's LSTM and GRU initialisation.
    Returns (x, vanilla {W_x (H, D), W_h (H, H), b (H,)}, lstm params, gru params).
    """
    H, T, D = (check_positive_int(name, v) for name, v in (("H", H), ("T", T), ("D", D)))
    keep_bias = check_finite_number("keep_bias", keep_bias)
    seed = check_positive_int("seed", seed, minimum=0)
    flow_rng = np.random.default_rng(seed)
    x = flow_rng.normal(0, 1, (T, 1, D))
    van = {"W_x": flow_rng.normal(0, 1 / np.sqrt(D), (H, D)),
           "W_h": flow_rng.normal(0, 1 / np.sqrt(H), (H, H)), "b": np.zeros(H)}
    lstm = lstm_init_params(flow_rng, D, H, forget_bias=keep_bias)
    gru = gru_init_params(flow_rng, D, H)
    gru["b_x"][H:2 * H] = keep_bias                       # the update gate's bias
    return x, van, lstm, gru


def _check_jacobian_inputs(cell, x, params):
    if cell not in ("lstm", "gru"):
        raise ValueError(f"cell must be 'lstm' or 'gru'; got {describe(cell)}")
    x = check_array("x", x, ("T", "B", "D"), (None, 1, None))
    G = 4 if cell == "lstm" else 3
    (W_h,) = check_params(params, {"W_h": (("G", "H"), None)})
    H = W_h.shape[1]
    biases = {"b": (("G",), (G * H,))} if cell == "lstm" else {
        "b_x": (("G",), (G * H,)), "b_h": (("G",), (G * H,))}
    check_params(params, {"W_x": (("G", "D"), (G * H, x.shape[2])),
                          "W_h": (("G", "H"), (G * H, H)), **biases})
    return x


def gated_jacobians(cell, x, params):
    """[d state_T / d state_k for k = T, T-1, ..., 0]: per k, a (rows, H) array.

    cell: "lstm" or "gru"; x (T, 1, D) one input sequence; params: the cell's parameters.
    LSTM: rows 0..H-1 are dh_T/dh_k, rows H..2H-1 are dc_T/dc_k. GRU: H rows, dh_T/dh_k.
    Returns (the T + 1 arrays, the forward caches of the T steps). The states start at 0.
    """
    x = _check_jacobian_inputs(cell, x, params)
    H = params["W_h"].shape[1]
    copies = 2 * H if cell == "lstm" else H
    xb = np.repeat(x, copies, axis=1)                     # (T, copies, D): the same sequence
    h, c, caches = np.zeros((copies, H)), np.zeros((copies, H)), []
    for t in range(len(x)):
        if cell == "lstm":
            h, c, cache = lstm_step_forward(xb[t], h, c, params)
        else:
            h, cache = gru_step_forward(xb[t], h, params)
        caches.append(cache)
    eye, zero = np.eye(H), np.zeros((H, H))
    dh, dc = (np.vstack([eye, zero]), np.vstack([zero, eye])) if cell == "lstm" else (eye, None)
    rows = [np.vstack([dh[:H], dc[H:]]) if cell == "lstm" else dh]
    for cache in reversed(caches):                        # BPTT, one step at a time
        if cell == "lstm":
            _, dh, dc, _ = lstm_step_backward(dh, dc, cache, params)
            rows.append(np.vstack([dh[:H], dc[H:]]))
        else:
            _, dh, _ = gru_step_backward(dh, cache, params)
            rows.append(dh)
    return rows, caches


def gains(H, keep_bias, seed=0, *, T=FLOW_T, D=FLOW_D):
    """The norms against the lag 0..T (index = lag) for the cells of ``flow_cells``.

    Returns {key: (T + 1,)}: "vanilla h" ||dh_T/dh_k||_2, "LSTM h" and "LSTM c" (the LSTM's
    ||dh_T/dh_k||_2 and ||dc_T/dc_k||_2), "LSTM cell path" (the cell path alone, the largest
    entry of the product of the forget gates), "GRU h" ||dh_T/dh_k||_2, and "sigma":
    σ(keep_bias)^lag, what a gate fixed at its starting value would keep.
    """
    x, van, lstm, gru = flow_cells(H, keep_bias, seed, T=T, D=D)
    _, van_cache = rnn_forward(x, np.zeros((1, H)), van)
    out = {"vanilla h": jacobian_norms(van_cache, van)[::-1]}
    rows, caches = gated_jacobians("lstm", x, lstm)
    J = np.array(rows)                                    # (T + 1, 2H, H)
    out["LSTM h"] = np.linalg.norm(J[:, :H], 2, axis=(1, 2))
    out["LSTM c"] = np.linalg.norm(J[:, H:], 2, axis=(1, 2))
    f = np.array([cache.gates[0, H:2 * H] for cache in caches])          # (T, H)
    out["LSTM cell path"] = np.vstack([np.ones(H), np.cumprod(f[::-1], axis=0)]).max(axis=1)
    out["GRU h"] = np.linalg.norm(np.array(gated_jacobians("gru", x, gru)[0]), 2, axis=(1, 2))
    out["sigma"] = (1 / (1 + math.exp(-keep_bias))) ** np.arange(T + 1).astype(float)
    return out
