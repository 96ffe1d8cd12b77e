"""Every exercise self-check answers every input with one sentence and never raises.

Each public ``check_*`` function of every ``rnnlib.exercises`` module is called with odd
values (wrong types, NaN, inf, huge numbers, ragged lists, arrays of the wrong dtype or
shape, functions that raise, ...) in each argument in turn, the others holding sensible
values, and with the same odd value in every argument. Each call must return a bool, print
exactly one line starting with ✅, ❌ or ⏳, warn nothing and change none of its inputs.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import io
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rnnlib import EncoderDecoder, ManyToOneClassifier, Vocabulary, load_sentiment  # noqa: E402
from rnnlib.exercises import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08  # noqa: E402

MODULES = (nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08)
CHECKS = [(module.__name__.rsplit(".", 1)[1], name, getattr(module, name))
          for module in MODULES for name in module.__all__ if name.startswith("check_")]


class Hostile:
    """An object that refuses every conversion a check might try."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __float__(self):
        raise RuntimeError("no float")

    def __iter__(self):
        raise RuntimeError("no iter")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


def _raises(*args, **kwargs):
    raise RuntimeError("learner's bug")


ODD = [
    None, float("nan"), float("inf"), -float("inf"), -1, 0, 1, 2.5, 10**400, -10**400, 1e309,
    1e308, 2**63, True, 1j, "", "abc", "positive", "3 1 2", [], [[1, 2], [3]], [None],
    ["a", 1], (1, 2), {}, {"A": 1, "B": "x"}, set(), b"bytes", object(), Hostile(),
    _raises, lambda *args: None, lambda *args: "text", np.array(["a", "b"]),
    np.zeros((2, 3, 4)), np.array([1.5, 2.5]), np.array([np.nan, 1.0]), np.array(1e300),
    np.zeros((0,)), np.array([2**64 - 1], dtype=np.uint64), np.float32("nan"), np.int64(-5),
    np.array([[1, 2], [3, 4]], dtype=object),
    # the right shapes, with values that overflow or are not numbers
    *(np.full(shape, value) for shape in ((3,), (4,), (8,), (3, 3), (4, 4))
      for value in (1e300, -1e300, np.nan)),
    {"W_h": np.full((2, 2), 1e300), "b": np.full(2, 1e300)},
    {"W_h": np.full((2, 2), np.nan), "b": np.zeros(2)},
    {"W_h": np.zeros((2, 2)), "b": np.zeros(2)},
    {"A": "one_to_many", "B": None, "C": 3, "D": Hostile()},
    [1e300, 1e300, 1e300], [2, 7, 5, 6, 3] * 3, [10**30, -1],
]


@pytest.fixture(scope="module")
def baseline():
    """Sensible values for every argument of every check (the odd value replaces one)."""
    rng = np.random.default_rng(0)
    texts, _ = load_sentiment("train")
    vocab = Vocabulary.build(texts)
    model = ManyToOneClassifier(len(vocab), 4, 5, 3, rng=rng)
    tgt = nb04.digit_vocabulary()
    translator = EncoderDecoder(12, len(tgt), 4, 5, rng=rng, start_id=tgt.index(nb04.START),
                                end_id=tgt.index(nb04.END))
    lecture = nb02.lecture_vocabulary()
    ex3 = nb03.bptt_step_numbers()
    return {
        ("nb00", "check_positive_sentence"): ("I really love this lovely film", model, vocab),
        ("nb00", "check_parameter_count"): (123, model),
        ("nb00", "check_model_mistake"): ("the food was not good", "negative", model, vocab),
        ("nb01", "check_one_step"): (np.zeros(3),),
        ("nb01", "check_unroll"): (np.zeros((3, 3)),),
        ("nb01", "check_weight_count"): (2, 104),
        ("nb01", "check_relu_scale"): (1.0, rng.normal(size=(8, 4)), rng.normal(size=(8, 8)),
                                       rng.normal(size=4)),
        ("nb02", "check_encoding"): ([4, 5, 7, 1],),
        ("nb02", "check_softmax"): ([0.6, 0.3, 0.1],),
        ("nb02", "check_logits"): ([1.25, 0.0, -0.69],),
        ("nb02", "check_parameter_count"): (250_000,),
        ("nb02", "check_h2"): (np.zeros(8), rng.normal(size=(len(lecture), 4)),
                               {"W_x": rng.normal(size=(8, 4)), "W_h": rng.normal(size=(8, 8)),
                                "b": np.zeros(8)}),
        ("nb03", "check_ce_gradient"): ([0.1, 0.2, -0.3],),
        ("nb03", "check_mse_gradient"): ([0.1, 0.2, 0.3, 0.4],),
        ("nb03", "check_bptt_step"): (ex3["g_t"], np.zeros((3, 3)), np.zeros(3)),
        ("nb03", "check_fixed_backward"): (nb03.suspect_backward,),
        ("nb04", "check_patterns"): ({"A": "one_to_many", "B": "many_to_one",
                                      "C": "seq_to_seq", "D": "seq_to_seq"},),
        ("nb04", "check_temperature"): ([0.7, 0.2, 0.05, 0.05],),
        ("nb04", "check_teacher_forcing"): ([2, 7, 5, 6], [7, 5, 6, 3]),
        ("nb04", "check_greedy_decode"): (lambda c: [4], translator,
                                          np.array([[2, 3], [4, 5], [6, 0]]), np.array([3, 2])),
        ("nb05", "check_steps_to_one_percent"): (40,),
        ("nb05", "check_radius_and_norm"): (0.8, 1.7),
        ("nb05", "check_clip_by_norm"): ({"W_h": np.zeros((2, 2)), "b": np.zeros(2)},),
        ("nb05", "check_jacobian_product"): (np.eye(4),),
        ("nb06", "check_gru_step"): (np.zeros(2),),
        ("nb06", "check_keep_bias"): (4.0,),
        ("nb06", "check_lstm_backward"): (nb06.buggy_lstm_step_backward,),
        ("nb07", "check_perplexity"): (3.54,),
        ("nb07", "check_sampled_char"): ("e",),
        ("nb07", "check_bigram_loss"): (0.77,),
        ("nb08", "check_batch_first"): (nb08.ex1_input().transpose(1, 0, 2),),
        ("nb08", "check_gru_copy"): ({"weight_ih_l0": np.zeros((12, 3)),
                                      "weight_hh_l0": np.zeros((12, 4)),
                                      "bias_ih_l0": np.zeros(12), "bias_hh_l0": np.zeros(12)},),
        ("nb08", "check_convention"): ("a",),
    }


def _positional(check):
    return [p.name for p in inspect.signature(check).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _snapshot(values):
    out = []
    for v in values:
        if isinstance(v, np.ndarray):
            out.append(v.copy())
        elif hasattr(v, "params"):
            out.append({k: a.copy() for k, a in v.params.items()})
        elif isinstance(v, (list, dict)):
            try:
                out.append(copy.deepcopy(v))
            except Exception:
                out.append(None)
        else:
            out.append(None)
    return out


def _same(a, b):
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float, str)):
        return a == b or (a != a and b != b)  # NaN stays NaN
    return True  # other objects: identity is all a check could keep


def _answers_with_one_sentence(check, args):
    before = _snapshot(args)
    out = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
        warnings.simplefilter("always")
        result = check(*args)
    text = out.getvalue()
    where = f"{check.__module__}.{check.__name__}{tuple(type(a).__name__ for a in args)}"
    assert isinstance(result, bool), f"{where} returned {result!r}"
    assert text.count("\n") == 1 and text.endswith("\n"), f"{where} printed {text!r}"
    assert text[0] in "✅❌⏳", f"{where} printed {text!r}"
    assert not caught, f"{where} warned: {[str(w.message) for w in caught]}"
    after = [a.params if hasattr(a, "params") else a for a in args]
    for b, a in zip(before, after):
        if b is not None:
            assert _same(b, a), f"{where} changed an input"
    return result


@pytest.mark.parametrize("module, name, check", CHECKS, ids=[f"{m}.{n}" for m, n, _ in CHECKS])
def test_a_check_answers_every_odd_value_with_one_line(module, name, check, baseline):
    assert (module, name) in baseline, "add sensible values for this check to baseline()"
    good = baseline[(module, name)]
    params = _positional(check)
    assert len(good) <= len(params)
    _answers_with_one_sentence(check, good)
    for odd in ODD:
        _answers_with_one_sentence(check, (odd,) * len(good))
        for i in range(len(good)):
            _answers_with_one_sentence(check, (*good[:i], odd, *good[i + 1:]))


def test_every_exercise_module_is_fuzzed():
    assert {m for m, _, _ in CHECKS} == {"nb00", "nb01", "nb02", "nb03", "nb04", "nb05", "nb06",
                                          "nb07", "nb08"}
    assert len(CHECKS) == 33


_ANY = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(), st.text(max_size=8), st.binary(max_size=4),
    st.lists(st.one_of(st.integers(), st.floats(), st.text(max_size=3)), max_size=5),
    st.lists(st.lists(st.floats(), max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
)


@settings(max_examples=25, deadline=None)
@given(values=st.lists(_ANY, min_size=4, max_size=4))
def test_checks_answer_any_values_in_every_argument(values):
    for _, _, check in CHECKS:
        n = len([p for p in inspect.signature(check).parameters.values()
                 if p.default is inspect.Parameter.empty])
        _answers_with_one_sentence(check, tuple(values[:n]) if n <= 4 else tuple(values))
