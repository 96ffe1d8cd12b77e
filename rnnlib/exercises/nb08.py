"""Self-checks for notebook 08 · From rnnlib to PyTorch.

    ex1_input()                       x (T, B, D) = (3, 2, 4) in rnnlib's time-major layout
    check_batch_first(x_bf)           exercise 1: the same data for nn.RNN(batch_first=True)
    ex2_gru_params()                  the params of an rnnlib GRU cell, D = 3, H = 4
    check_gru_copy(gru)               exercise 2: an nn.GRU (or its state_dict()) holding
                                      exactly those weights
    EX3_OPTIONS                       the conventions that could make two runs part
    check_convention(letter)          exercise 3: which one makes the two runs of the
                                      exercise differ

rnnlib never imports torch, and neither does this module: a learner's tensor is read
through its own ``.detach().cpu().numpy()`` (numpy arrays are accepted as they are), and a
module through its ``state_dict()``. Each check prints one line (✅, ❌ saying what is
wrong, or ⏳ for a placeholder), returns True only for a right answer and never raises.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..gru import gru_init_params
from . import Answer, as_float_array, correct, judge, never_raises, pending, shown, wrong

__all__ = ["ex1_input", "batch_first_answer", "check_batch_first", "EX2_D", "EX2_H",
           "ex2_gru_params", "check_gru_copy", "EX3_OPTIONS", "EX3_ANSWER_HINT",
           "convention_answer", "check_convention"]

EX2_D, EX2_H = 3, 4
GRU_NAMES = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
RNNLIB_NAMES = {"weight_ih_l0": "W_x", "weight_hh_l0": "W_h", "bias_ih_l0": "b_x",
                "bias_hh_l0": "b_h"}

EX3_OPTIONS = {
    "a": "the loss: one library sums the per-example losses where the other averages them",
    "b": "SGD's momentum: the buffer is kept without the learning rate in torch and with it "
         "in rnnlib",
    "c": "gradient clipping: torch divides max_norm by norm + 1e-6, rnnlib by the norm",
    "d": "the initial weights: the two models start from different numbers",
}
EX3_ANSWER_HINT = "one letter, " + ", ".join(map(repr, EX3_OPTIONS))


def _raw(value):
    """A learner's tensor through its own .detach().cpu().numpy() (anything else as it is):
    this module never imports torch."""
    if isinstance(value, np.ndarray):
        return value
    for method in ("detach", "cpu", "numpy"):
        attr = getattr(value, method, None)
        if callable(attr):
            value = attr()
    return value


def _numpy(value):
    """A learner's tensor or array as a float numpy array (None when it is not numbers)."""
    return as_float_array(_raw(value))


def _dtype_of(value):
    """The dtype of a learner's tensor or array, as numpy names it (None if it has none)."""
    return getattr(_raw(value), "dtype", None)


# ----------------------------------------------------------------------- exercise 1
def ex1_input():
    """x (T, B, D) = (3, 2, 4), time-major as in rnnlib: x[t, b] is step t of sequence b.
    Entry (t, b, d) is 100 t + 10 b + d, so every number says where it came from."""
    t, b, d = np.meshgrid(np.arange(3), np.arange(2), np.arange(4), indexing="ij")
    return (100 * t + 10 * b + d).astype(np.float64)


def batch_first_answer():
    """Exercise 1 declared: ex1_input() in the batch-first layout (B, T, D), exactly."""
    x = ex1_input()
    right = x.transpose(1, 0, 2)
    return Answer(
        "x_bf", right, tol=(0, 0), mistakes=(
            (x, "this is still rnnlib's layout (T, B, D) = (3, 2, 4): batch first puts the "
                "sequences on the first axis."),
            (lambda a: a.shape != right.shape,
             lambda a: f"x_bf has shape {a.shape}, expected (B, T, D) = {right.shape}: only the "
                       f"first two axes trade places."),
            (x.reshape(right.shape), "the shape is right but the numbers are not: reshape keeps "
                                     "the order of the numbers in memory, so step and sequence "
                                     "get mixed up (look at x_bf[0]: entry 100 t + 10 b + d "
                                     "should have b = 0 everywhere). Which numpy function moves "
                                     "axes instead of cutting the memory differently?")),
        hint="x_bf[b, t, d] should be x[t, b, d] (entry 100 t + 10 b + d of ex1_input()).",
        waiting="replace None with x in the layout (B, T, D) that nn.RNN(batch_first=True) "
                "reads.",
        success="x_bf[b, t] is x[t, b]: the same numbers, the first two axes swapped "
                "(x.transpose(1, 0, 2), or x.permute(1, 0, 2) for a tensor). Each sequence is "
                "now one contiguous block of rows.")


@never_raises("an array or tensor of shape (B, T, D) = (2, 3, 4)")
def check_batch_first(x_bf):
    """Exercise 1: ex1_input() in the batch-first layout (B, T, D)."""
    spec, got = batch_first_answer(), _numpy(x_bf)
    if x_bf is not None and got is None:
        return wrong(f"x_bf should be an array or a tensor of numbers; got "
                     f"{type(x_bf).__name__}.")
    return judge(spec, got if x_bf is not None else None)


# ----------------------------------------------------------------------- exercise 2
def ex2_gru_params():
    """An rnnlib GRU cell's params, D = 3, H = 4, float64: W_x (12, 3), W_h (12, 4),
    b_x (12,), b_h (12,), the blocks r, z, n stacked. Fresh arrays at every call."""
    rng = np.random.default_rng(8)
    p = gru_init_params(rng, EX2_D, EX2_H)
    p["b_x"] = rng.normal(0, 0.5, 3 * EX2_H)  # nonzero biases, so a slip with them shows
    p["b_h"] = rng.normal(0, 0.5, 3 * EX2_H)
    return p


def _state(gru):
    """{name: object} from an nn.GRU (its state_dict()) or a dict, or None."""
    if isinstance(gru, dict):
        return gru
    state_dict = getattr(gru, "state_dict", None)
    if callable(state_dict):
        sd = state_dict()
        return dict(sd.items()) if hasattr(sd, "items") else None
    return None


def _blocks(a, order):
    """The 3 gate blocks of a (3H, ...) array put in ``order``."""
    parts = np.split(a, 3, axis=0)
    return np.concatenate([parts[i] for i in order], axis=0)


@never_raises("an nn.GRU(3, 4, dtype=torch.float64) with the weights of ex2_gru_params(), "
              "or its state_dict()")
def check_gru_copy(gru):
    """Exercise 2: an nn.GRU holding ex2_gru_params() as torch names them."""
    if gru is None:
        return pending("replace None with your nn.GRU, its weights copied from the rnnlib "
                       "GRU's params.")
    state = _state(gru)
    if state is None:
        return wrong(f"expected an nn.GRU (or its state_dict()); got {type(gru).__name__}.")
    keys = [str(k) for k in state]
    if any(k.endswith("_reverse") for k in keys):
        return wrong("your GRU is bidirectional: rnnlib's GRU reads the sequence in one "
                     "direction only.")
    if any(k.endswith("_l1") for k in keys):
        return wrong("your GRU has more than one layer: rnnlib's is one layer (num_layers=1).")
    missing = [n for n in GRU_NAMES if n not in state]
    if missing:
        if "bias_ih_l0" in missing and "weight_ih_l0" in state:
            return wrong("your GRU has no biases (bias=False); rnnlib's has two, b_x and b_h.")
        return wrong(f"expected an nn.GRU (or its state_dict()) with {', '.join(GRU_NAMES)}; "
                     f"{missing[0]} is missing.")
    p = ex2_gru_params()
    got = {}
    for name in GRU_NAMES:
        a = _numpy(state[name])
        if a is None:
            return wrong(f"your {name} is not an array of numbers.")
        want = p[RNNLIB_NAMES[name]]
        if a.shape != want.shape:
            if a.shape == want.shape[::-1]:
                return wrong(f"your {name} has shape {a.shape}, torch's is {want.shape}: "
                             f"torch stores it as rnnlib does (rows = the 3H gate units), "
                             f"so no transpose is needed.")
            return wrong(f"your {name} has shape {a.shape}, expected {want.shape}: make the "
                         f"GRU with input_size {EX2_D} and hidden_size {EX2_H}.")
        if not np.all(np.isfinite(a)):
            return wrong(f"your {name} contains NaN or inf.")
        got[name] = a
    same = {n: np.allclose(got[n], p[RNNLIB_NAMES[n]], rtol=0, atol=1e-12) for n in GRU_NAMES}
    dtype = _dtype_of(state["weight_hh_l0"])
    if all(same.values()):
        return correct("weight_ih_l0 = W_x, weight_hh_l0 = W_h, bias_ih_l0 = b_x, bias_hh_l0 "
                       "= b_h, copied as they are: torch's GRU and rnnlib's share the gate "
                       "order (r, z, n) and the place of the reset gate, so the outputs agree "
                       "to round-off.")
    close = {n: np.allclose(got[n], p[RNNLIB_NAMES[n]], rtol=1e-6, atol=1e-7) for n in GRU_NAMES}
    if all(close.values()) and dtype is not None and dtype != np.float64:
        return wrong(f"the numbers are right to about 7 digits only: your GRU is {dtype}. "
                     f"Make it with dtype=torch.float64 before copying.")
    b_x, b_h = p["b_x"], p["b_h"]
    H = EX2_H
    if np.allclose(got["bias_ih_l0"], b_h) and np.allclose(got["bias_hh_l0"], b_x):
        return wrong("the two biases are swapped: which one sits with W_x x_t (the input "
                     "side, ih) and which with W_h h_{t-1} (hh)?")
    merged = b_x + b_h
    for one, other in (("bias_ih_l0", "bias_hh_l0"), ("bias_hh_l0", "bias_ih_l0")):
        if np.allclose(got[one], merged) and np.allclose(got[other], 0):
            return wrong(f"you put b_x + b_h into {one} and zeros into {other}: that works for "
                         f"the LSTM, whose two biases are only ever added. In the GRU, one "
                         f"block of b_h is multiplied by r_t (section 3): which one?")
    if np.allclose(got["bias_ih_l0"][:2 * H], merged[:2 * H]) \
            and np.allclose(got["bias_hh_l0"][:2 * H], 0) \
            and np.allclose(got["bias_ih_l0"][2 * H:], b_x[2 * H:]) \
            and np.allclose(got["bias_hh_l0"][2 * H:], b_h[2 * H:]):
        return correct("equivalent: r and z see only b_x + b_h, so merging those two blocks "
                       "changes nothing, and you kept b_hn apart, where r_t multiplies it. "
                       "(Copying the four arrays as they are is simpler.)")
    for order in itertools.permutations(range(3)):
        if order == (0, 1, 2):
            continue
        if all(np.allclose(got[n], _blocks(p[RNNLIB_NAMES[n]], order)) for n in GRU_NAMES):
            names = ", ".join("rzn"[i] for i in order)
            return wrong(f"your blocks are in the order {names}. Read the docstring of "
                         f"rnnlib.gru and torch's nn.GRU: in which order does each stack the "
                         f"gates?")
    wrong_names = [n for n in GRU_NAMES if not same[n]]
    if not any(same.values()):
        return wrong("none of the four arrays holds the rnnlib GRU's numbers: copy "
                     "ex2_gru_params() into the GRU's parameters (inside torch.no_grad()).")
    return wrong(f"{', '.join(wrong_names)} {'does' if len(wrong_names) == 1 else 'do'} not "
                 f"hold the rnnlib GRU's numbers (the others do).")


# ----------------------------------------------------------------------- exercise 3
def convention_answer():
    """Exercise 3 declared: the letter of the convention that makes the two runs part."""
    again = " Change one setting of the runs at a time and see when they agree."
    return Answer(
        "answer", "c", kind="choice", choices=tuple(EX3_OPTIONS), mistakes=(
            ("a", "if one library summed the losses, the very first step would already be "
                  "about B times larger: look at how early the runs part, and by how much."
                  + again),
            ("b", "in this run the learning rate never changes. With a constant learning rate, "
                  "do the two momentum conventions take different steps?" + again),
            ("d", "both models get their weights from the same copy, and the forward passes "
                  "agree: print the difference of the parameters before the first step."
                  + again)),
        waiting=f"replace None with {EX3_ANSWER_HINT}.",
        success="clipping. The runs agree to round-off until the first step whose gradient "
                "norm exceeds max_norm; there torch scales by max_norm / (norm + 1e-6), a "
                "relative change of about 1e-6 / norm, and from then on the two runs carry "
                "that small difference. Without clipping they agree again.")


@never_raises(EX3_ANSWER_HINT)
def check_convention(letter):
    """Exercise 3: the convention that makes the two runs of the exercise part."""
    if letter is not None and not isinstance(letter, str):
        return wrong(f"answer with {EX3_ANSWER_HINT}; got {type(letter).__name__}.")
    key = letter if letter is None else letter.strip().lower().strip("()")
    if key is not None and key not in EX3_OPTIONS:
        return wrong(f"{shown(letter)} is not one of the options: answer with "
                     f"{EX3_ANSWER_HINT}.")
    return judge(convention_answer(), key)
