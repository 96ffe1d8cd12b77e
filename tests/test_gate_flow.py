"""The gradient's reach in the vanilla, LSTM and GRU cells: the Jacobians by BPTT against
finite differences of whole runs, the curves of gains(), inputs refused by name."""

import math

import numpy as np
import pytest

from rnnlib.gate_flow import flow_cells, gains, gated_jacobians
from rnnlib.gru import gru_forward
from rnnlib.lstm import lstm_forward

H, T = 3, 6


def _fd_jacobian(f, H, eps=1e-6):
    """d f(s0) / d s0 at s0 = 0 by centred differences: f maps a (1, H) start state to (H,)."""
    zeros = np.zeros((1, H))
    nudges = [eps * np.eye(H)[[j]] for j in range(H)]
    return np.array([(f(zeros + d) - f(zeros - d)) / (2 * eps) for d in nudges]).T


@pytest.mark.parametrize("keep_bias", [0.0, 1.0, 3.0])
def test_lstm_rows_are_the_derivatives_of_the_last_state(keep_bias):
    x, _, lstm, _ = flow_cells(H, keep_bias, seed=2)
    x = x[:T]
    rows, caches = gated_jacobians("lstm", x, lstm)
    assert len(rows) == T + 1 and len(caches) == T and rows[0].shape == (2 * H, H)
    zeros = np.zeros((1, H))
    dc_dc0 = _fd_jacobian(lambda c0: lstm_forward(x, zeros, c0, lstm)[1][-1, 0], H)
    dh_dh0 = _fd_jacobian(lambda h0: lstm_forward(x, h0, zeros, lstm)[0][-1, 0], H)
    np.testing.assert_allclose(rows[-1][H:], dc_dc0, atol=1e-8)
    np.testing.assert_allclose(rows[-1][:H], dh_dh0, atol=1e-8)
    # one step back from the end: d c_T / d c_{T-1} at fixed h_{T-1}
    x1 = x[-1:]
    h_prev, c_prev = lstm_forward(x[:-1], zeros, zeros, lstm)[:2]
    dc_step = _fd_jacobian(lambda c: lstm_forward(x1, h_prev[-1], c, lstm)[1][-1, 0], H)
    np.testing.assert_allclose(rows[1][H:], dc_step, atol=1e-8)
    assert np.array_equal(rows[0], np.vstack([np.eye(H), np.eye(H)]))


def test_gru_rows_are_the_derivatives_of_the_last_state():
    x, _, _, gru = flow_cells(H, 1.0, seed=3)
    x = x[:T]
    rows, _ = gated_jacobians("gru", x, gru)
    assert rows[0].shape == (H, H) and np.array_equal(rows[0], np.eye(H))
    dh_dh0 = _fd_jacobian(lambda h0: gru_forward(x, h0, gru)[0][-1, 0], H)
    np.testing.assert_allclose(rows[-1], dh_dh0, atol=1e-8)


def test_flow_cells_sets_the_keep_gates_and_depends_only_on_the_seed():
    x, van, lstm, gru = flow_cells(4, 2.5, seed=1, T=7, D=3)
    assert x.shape == (7, 1, 3) and van["W_h"].shape == (4, 4) and lstm["W_h"].shape == (16, 4)
    assert np.all(lstm["b"][4:8] == 2.5) and np.all(gru["b_x"][4:8] == 2.5)
    again = flow_cells(4, 2.5, seed=1, T=7, D=3)
    assert np.array_equal(again[0], x) and np.array_equal(again[3]["W_h"], gru["W_h"])
    assert not np.array_equal(flow_cells(4, 2.5, seed=2, T=7, D=3)[0], x)


def test_gains_curves():
    g = gains(4, 3.0, seed=0, T=20)
    assert set(g) == {"vanilla h", "LSTM h", "LSTM c", "LSTM cell path", "GRU h", "sigma"}
    assert all(v.shape == (21,) for v in g.values())
    for key in ("vanilla h", "LSTM h", "LSTM c", "GRU h"):
        assert g[key][0] == pytest.approx(1.0)          # lag 0: the identity
    assert g["LSTM cell path"][0] == 1 and np.all(np.diff(g["LSTM cell path"]) <= 0)
    np.testing.assert_allclose(g["sigma"], (1 / (1 + math.exp(-3.0))) ** np.arange(21))
    # the vanilla cell has no gate: its curve does not depend on the keep bias
    assert np.array_equal(gains(4, -1.0, seed=0, T=20)["vanilla h"], g["vanilla h"])
    # the cell path alone is the largest entry of the product of the forget gates
    x, _, lstm, _ = flow_cells(4, 3.0, seed=0, T=20)
    _, caches = gated_jacobians("lstm", x, lstm)
    f = np.array([cache.gates[0, 4:8] for cache in caches])
    assert g["LSTM cell path"][20] == pytest.approx(np.prod(f, axis=0).max())


@pytest.mark.parametrize("call, message", [
    (lambda: flow_cells(0, 1.0), "H must be a positive integer"),
    (lambda: flow_cells(4, float("nan")), "keep_bias must be"),
    (lambda: flow_cells(4, 1.0, seed=-1), "seed must be an integer >= 0"),
    (lambda: gated_jacobians("rnn", *flow_cells(4, 1.0)[:2]), "cell must be 'lstm' or 'gru'"),
    (lambda: gated_jacobians("lstm", np.zeros((5, 2, 8)), flow_cells(4, 1.0)[2]),
     r"x must have shape \(T, B, D\) = \(\?, 1, \?\)"),
    (lambda: gated_jacobians("gru", flow_cells(4, 1.0)[0], flow_cells(4, 1.0)[2]),
     "params is missing keys 'b_x', 'b_h'"),
    (lambda: gated_jacobians("lstm", flow_cells(4, 1.0, D=3)[0], flow_cells(4, 1.0)[2]),
     r"params\['W_x'\] must have shape"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()
