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
