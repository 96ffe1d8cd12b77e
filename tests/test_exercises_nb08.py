"""The self-checks of notebook 08: right answers pass, placeholders wait, mistakes are named.

The checks read torch tensors and modules through their own methods (rnnlib never imports
torch): numpy stand-ins are tested always, real torch objects when torch is installed.
"""

import sys

import numpy as np
import pytest

from rnnlib.exercises import nb08
from rnnlib.exercises.nb08 import _blocks


def _out(capsys):
    return capsys.readouterr().out


def _state(change=None):
    p = nb08.ex2_gru_params()
    state = {"weight_ih_l0": p["W_x"], "weight_hh_l0": p["W_h"], "bias_ih_l0": p["b_x"],
             "bias_hh_l0": p["b_h"]}
    return change(state) if change else state


def test_the_exercise_module_does_not_import_torch():
    src = open(nb08.__file__, encoding="utf-8").read()
    assert "import torch" not in src and "from torch" not in src


def test_ex2_params_are_fresh_and_have_the_gru_shapes():
    a, b = nb08.ex2_gru_params(), nb08.ex2_gru_params()
    a["W_x"][0, 0] = 99.0
    assert b["W_x"][0, 0] != 99.0
    H, D = nb08.EX2_H, nb08.EX2_D
    assert {k: v.shape for k, v in b.items()} == {"W_x": (3 * H, D), "W_h": (3 * H, H),
                                                 "b_x": (3 * H,), "b_h": (3 * H,)}


def test_check_batch_first(capsys):
    x = nb08.ex1_input()
    assert nb08.check_batch_first(x.transpose(1, 0, 2)) is True
    assert _out(capsys).startswith("✅ Correct: x_bf[b, t] is x[t, b]")
    for slip, fragment in ((x.transpose(2, 1, 0), "shape (4, 2, 3)"),
                           (x.transpose(1, 0, 2) + 1, "x_bf[b, t, d] should be x[t, b, d]"),
                           ("abc", "❌")):
        assert nb08.check_batch_first(slip) is False
        assert fragment in _out(capsys)


def test_check_gru_copy_accepts_a_state_dict_of_arrays(capsys):
    assert nb08.check_gru_copy(_state()) is True
    assert _out(capsys).startswith("✅ Correct: weight_ih_l0 = W_x")


def _swap(s):
    return {**s, "bias_ih_l0": s["bias_hh_l0"], "bias_hh_l0": s["bias_ih_l0"]}


def _merge(s):
    return {**s, "bias_ih_l0": s["bias_ih_l0"] + s["bias_hh_l0"],
            "bias_hh_l0": np.zeros_like(s["bias_hh_l0"])}


def _zrn(s):
    return {k: _blocks(v, (1, 0, 2)) for k, v in s.items()}


def _transposed(s):
    return {**s, "weight_ih_l0": s["weight_ih_l0"].T}


def _float32(s):
    return {k: v.astype(np.float32) for k, v in s.items()}


@pytest.mark.parametrize("change, fragment", [
    (_swap, "biases are swapped"),
    (_merge, "that works for the LSTM"),
    (_zrn, "order z, r, n"),
    (_transposed, "no transpose is needed"),
    (_float32, "float32"),
    (lambda s: {**s, "weight_hh_l0": 0 * s["weight_hh_l0"]}, "weight_hh_l0 does not hold"),
    (lambda s: {k: v + 1 for k, v in s.items()}, "none of the four"),
    (lambda s: {k: v for k, v in s.items() if k != "bias_hh_l0"}, "bias_hh_l0 is missing"),
    (lambda s: {**s, "weight_ih_l1": s["weight_ih_l0"]}, "more than one layer"),
    (lambda s: {**s, "weight_ih_l0_reverse": s["weight_ih_l0"]}, "bidirectional"),
])
def test_check_gru_copy_names_each_slip(capsys, change, fragment):
    assert nb08.check_gru_copy(_state(change)) is False
    out = _out(capsys)
    assert out.startswith("❌") and fragment in out, out


def test_check_gru_copy_accepts_merged_r_and_z_biases_with_b_hn_kept(capsys):
    H = nb08.EX2_H
    s = _state()
    b_ih, b_hh = s["bias_ih_l0"].copy(), s["bias_hh_l0"].copy()
    b_ih[:2 * H] += b_hh[:2 * H]
    b_hh[:2 * H] = 0
    assert nb08.check_gru_copy({**s, "bias_ih_l0": b_ih, "bias_hh_l0": b_hh}) is True
    assert "equivalent" in _out(capsys)


def test_check_gru_copy_waits_and_refuses_other_things(capsys):
    assert nb08.check_gru_copy(None) is False
    assert _out(capsys).startswith("⏳")
    assert nb08.check_gru_copy([1, 2]) is False
    assert "expected an nn.GRU" in _out(capsys)


def test_check_convention(capsys):
    assert nb08.check_convention("c") is True and _out(capsys).startswith("✅ Correct: clipping")
    assert nb08.check_convention(" (C) ") is True and _out(capsys).startswith("✅")
    for slip, fragment in (("e", "not one of"), (3, "one letter")):
        assert nb08.check_convention(slip) is False
        assert fragment in _out(capsys)


def test_checks_read_real_torch_objects(capsys):
    torch = pytest.importorskip("torch")
    x = torch.tensor(nb08.ex1_input())
    assert nb08.check_batch_first(x.permute(1, 0, 2)) is True
    assert nb08.check_batch_first(x.view(2, 3, 4)) is False
    assert "reshape" in _out(capsys)
    p = nb08.ex2_gru_params()
    gru = torch.nn.GRU(nb08.EX2_D, nb08.EX2_H, dtype=torch.float64)
    with torch.no_grad():
        for name, key in (("weight_ih_l0", "W_x"), ("weight_hh_l0", "W_h"),
                          ("bias_ih_l0", "b_x"), ("bias_hh_l0", "b_h")):
            getattr(gru, name).copy_(torch.from_numpy(p[key]))
    _out(capsys)
    assert nb08.check_gru_copy(gru) is True and _out(capsys).startswith("✅")
    assert nb08.check_gru_copy(gru.state_dict()) is True and _out(capsys).startswith("✅")
    assert nb08.check_gru_copy(gru.float()) is False and "float32" in _out(capsys)
    assert nb08.check_gru_copy(torch.nn.LSTM(3, 4)) is False and "shape" in _out(capsys)
    assert nb08.check_gru_copy(torch.nn.GRU(3, 4, bias=False)) is False
    assert "no biases" in _out(capsys)


def test_importing_the_checks_does_not_import_torch():
    import subprocess

    code = "import rnnlib, rnnlib.exercises.nb08, sys; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
