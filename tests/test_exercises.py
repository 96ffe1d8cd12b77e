import numpy as np

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


def test_diagnose_array_is_one_diagnoser_for_an_answer_declared_as_data(capsys):
    from rnnlib.exercises import diagnose_array
    expected, mistake = np.array([1.0, 2.0]), (np.array([2.0, 1.0]), "you swapped them.")
    assert diagnose_array("v", None, expected, waiting="type v.") is False
    assert diagnose_array("v", [2, 1], expected, mistakes=[mistake]) is False
    assert diagnose_array("v", [5, 5], expected, mistakes=[mistake], hint="v = [1, 2].") is False
    assert diagnose_array("v", [1, 2], expected, mistakes=[mistake]) is None      # right
    assert diagnose_array("v", [1, 2], expected, mistakes=[(expected, "never said")]) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["⏳ Not answered yet: type v.", "❌ you swapped them.",
                     "❌ your v has the right shape but wrong values: the largest error is at "
                     "index (0,), where you have 5.0000. v = [1, 2]."]
