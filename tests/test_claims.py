"""The checks behind the numbers a notebook's prose quotes: strict in the test run, a visible
note in a learner's session (who may have changed SEED or a size on purpose)."""

import pytest

from rnnlib import claims
from rnnlib.claims import STRICT_ENV, claim, claim_close, claim_timing


@pytest.fixture
def learner(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")


def test_a_claim_that_holds_is_silent_and_returns_nothing_in_both_modes(monkeypatch, capsys):
    for value in (None, "1"):
        if value is None:
            monkeypatch.delenv(STRICT_ENV, raising=False)
        else:
            monkeypatch.setenv(STRICT_ENV, value)
        assert claim_close("test accuracy", 0.8781, 0.878, tol=5e-4) is None
        assert claim("gap 4 is solved by at least 4 of 5 seeds", 5 >= 4, got="5 of 5") is None
    assert capsys.readouterr().out == ""


def test_in_a_learners_session_a_failed_claim_prints_a_note_and_goes_on(learner, capsys):
    claim_close("test accuracy", 0.861, 0.878, tol=5e-4)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "test accuracy" in out and "0.878" in out and "0.861" in out
    assert "changed" in out  # says why that is expected


def test_a_failed_boolean_claim_says_what_this_run_gave(learner, capsys):
    claim("gap 4 is solved by at least 4 of 5 seeds", False, got="3 of 5")
    out = capsys.readouterr().out
    assert "gap 4 is solved by at least 4 of 5 seeds" in out and "3 of 5" in out


def test_under_the_test_run_a_failed_claim_raises_with_both_numbers(strict):
    with pytest.raises(AssertionError, match=r"test accuracy.*0\.878.*0\.861"):
        claim_close("test accuracy", 0.861, 0.878, tol=5e-4)
    with pytest.raises(AssertionError, match="3 of 5"):
        claim("gap 4 is solved by at least 4 of 5 seeds", False, got="3 of 5")


def test_values_are_shown_with_the_precision_of_the_tolerance(learner, capsys):
    claim_close("RMSE", 26.64, 25.7, tol=0.05)
    out = capsys.readouterr().out
    assert "25.7" in out and "26.6" in out
    claim_close("loss", 0.0123456, 0.001, tol=5e-4)
    assert "0.001;" in capsys.readouterr().out.replace(" for the notebook as shipped", ";")


def test_strict_mode_is_read_at_call_time_and_only_set_by_1(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")
    assert not claims.strict()
    monkeypatch.setenv(STRICT_ENV, "1")
    assert claims.strict()


def test_non_finite_values_never_pass(strict):
    with pytest.raises(AssertionError):
        claim_close("loss", float("nan"), 0.5, tol=0.1)


def test_bad_arguments_are_refused_by_name(learner):
    with pytest.raises(ValueError, match="tol"):
        claim_close("x", 1.0, 1.0, tol=-1)
    with pytest.raises(ValueError, match="what"):
        claim_close("", 1.0, 1.0, tol=0.1)
    with pytest.raises(ValueError, match="holds"):
        claim("x", "yes")


def test_a_timing_claim_is_never_judged_by_the_test_run(strict, capsys):
    """Time depends on the machine and its load: the tests never assert one (not even by a
    note that would change a cell's stored output)."""
    assert claim_timing("torch within a factor of 3 of rnnlib", False, got="ratio 4.2") is None
    assert capsys.readouterr().out == ""


def test_in_a_learners_session_a_failed_timing_claim_says_it_is_this_machine(learner, capsys):
    claim_timing("torch within a factor of 3 of rnnlib", True, got="ratio 1.3")
    assert capsys.readouterr().out == ""
    claim_timing("torch within a factor of 3 of rnnlib", False, got="ratio 4.2")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "factor of 3" in out and "ratio 4.2" in out and "machine" in out


def test_a_timing_claim_refuses_bad_arguments_by_name(learner):
    with pytest.raises(ValueError, match="what"):
        claim_timing("", True)
    with pytest.raises(ValueError, match="holds"):
        claim_timing("x", 1.0)
