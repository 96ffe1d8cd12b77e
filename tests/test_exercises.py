import numpy as np
import pytest

from rnnlib.exercises import check_array_answer, correct, pending, wrong


def test_report_lines(capsys):
    assert correct("yes") is True and wrong("no") is False and pending("x") is False
    out = capsys.readouterr().out.splitlines()
    assert out == ["✅ Correct: yes", "❌ no", "⏳ Not answered yet: x"]


def test_check_array_answer_says_what_is_wrong(capsys):
    exp = np.arange(8.0)
    assert check_array_answer("h_2", None, exp) is False
    assert check_array_answer("h_2", np.zeros(4), exp) is False
    assert check_array_answer("h_2", exp + 1, exp) is False
    assert check_array_answer("h_2", "abc", exp) is False
    assert check_array_answer("h_2", exp, exp) is None
    out = capsys.readouterr().out
    assert "your h_2 has shape (4,), expected (8,)" in out
    assert "wrong values: the largest error is at index (0,), where you have 1.0000." in out
    assert "0.0000" not in out  # the expected value is not given away
    assert "replace None" in out and "not an array of numbers" in out


def test_diagnose_is_one_diagnoser_for_an_answer_declared_as_data(capsys):
    from rnnlib.exercises import Answer, diagnose
    spec = Answer("v", np.array([1.0, 2.0]), waiting="type v.", hint="v = [1, 2].",
                  mistakes=((np.array([2.0, 1.0]), "you swapped them."),
                            (np.array([1.0, 2.0]), "never said")))
    assert diagnose(spec, None) is False
    assert diagnose(spec, [2, 1]) is False
    assert diagnose(spec, [5, 5]) is False
    assert diagnose(spec, [1, 2]) is None      # right, and never taken for a known mistake
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["⏳ Not answered yet: type v.", "❌ you swapped them.",
                     "❌ your v has the right shape but wrong values: the largest error is at "
                     "index (0,), where you have 5.0000. v = [1, 2]."]


# ------------------------------------------------------------ every answer declared as data
def _declared():
    """(module.name, factory) for every exercise declared as data (``*_answer(s)``)."""
    from rnnlib.exercises import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08
    return [(f"{m.__name__.rsplit('.', 1)[1]}.{name}", getattr(m, name))
            for m in (nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08)
            for name in m.__all__ if name.endswith(("_answer", "_answers"))]


DECLARED = _declared()


def _specs(factory):
    specs = factory()
    return specs if isinstance(specs, tuple) else (specs,)


def _one_line(capsys):
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out.rstrip("\n")


@pytest.mark.parametrize("factory", [f for _, f in DECLARED], ids=[n for n, _ in DECLARED])
def test_a_declared_answer_passes_waits_and_names_each_known_mistake(factory, capsys):
    from rnnlib.exercises import diagnose, judge
    for spec in _specs(factory):
        assert diagnose(spec, spec.expected) is None and capsys.readouterr().out == ""
        assert judge(spec, spec.expected) is True
        assert _one_line(capsys) == f"✅ Correct: {spec.success}"
        assert judge(spec, None) is False
        assert _one_line(capsys).startswith("⏳ Not answered yet: ")
        for value, message in spec.mistakes:  # each one reachable, and says its own message
            if callable(value):
                continue
            assert judge(spec, value) is False
            said = message(spec.convert(value)) if callable(message) else message
            assert _one_line(capsys) == f"❌ {said}", f"{spec.name}: {said}"
        assert judge(spec, "abc" if spec.kind != "choice" else 3) is False
        assert _one_line(capsys).startswith("❌ ")
        if spec.kind == "array":
            expected = np.asarray(spec.expected, dtype=float)
            assert judge(spec, expected + 0.5) is False
            assert _one_line(capsys).startswith("❌ ")
            assert judge(spec, np.zeros(expected.shape + (2,))) is False
            assert _one_line(capsys).startswith("❌ ")


def test_the_declared_exercises_are_found():
    assert len(DECLARED) >= 3
