"""The exploding ReLU run: without clipping it ends in NaN, with clipping it keeps going; the
norms are measured before clipping; bad input refused by name."""

import math

import numpy as np
import pytest

from rnnlib.exploding_sgd import sgd_run
from rnnlib.recipes import sentiment_data


@pytest.fixture(scope="module")
def data():
    return sentiment_data()


def test_a_large_spectral_radius_ends_in_nan_without_clipping(data):
    losses, norms, error = sgd_run(4.0, data=data)
    assert np.isnan(losses[-1]) and np.isnan(norms[-1]) and len(losses) < 12
    assert error is not None and "must be finite" in error
    assert np.all(np.isfinite(losses[:-1]))
    assert losses[0] > 3 * math.log(3)


def test_clipping_keeps_every_step_finite_and_reports_the_norm_before_clipping(data):
    losses, norms, error = sgd_run(4.0, clip=5.0, steps=30, data=data)
    assert error is None and len(losses) == len(norms) == 30
    assert np.all(np.isfinite(losses)) and np.all(np.isfinite(norms))
    assert norms[0] > 5.0                            # measured before it was clipped to 5
    plain = sgd_run(4.0, steps=1, data=data)
    assert plain[0][0] == losses[0] and plain[1][0] == norms[0]   # the same start and batch


def test_a_small_spectral_radius_trains_quietly_and_the_seed_decides(data):
    a = sgd_run(0.5, steps=5, seed=1, data=data)
    b = sgd_run(0.5, steps=5, seed=1, data=data)
    c = sgd_run(0.5, steps=5, seed=2, data=data)
    assert a[2] is None and len(a[0]) == 5 and np.all(np.isfinite(a[1]))
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])


def test_without_data_it_loads_the_sentiment_corpus(data):
    assert np.array_equal(sgd_run(1.0, steps=2)[0], sgd_run(1.0, steps=2, data=data)[0])


@pytest.mark.parametrize("kwargs, message", [
    ({"rho": 0}, "rho must be a finite number > 0; got 0"),
    ({"rho": 4.0, "clip": -1}, "clip must be a number > 0; got -1"),
    ({"rho": 4.0, "steps": 0}, "steps must be a positive integer; got 0"),
    ({"rho": 4.0, "lr": math.inf}, "lr must be a finite number > 0; got inf"),
    ({"rho": 4.0, "seed": -2}, "seed must be an integer >= 0; got -2"),
])
def test_bad_input_is_refused_by_name(kwargs, message):
    with pytest.raises(ValueError) as err:
        sgd_run(**kwargs)
    assert message in str(err.value)
