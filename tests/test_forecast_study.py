import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnlib  # noqa: E402
from rnnlib.forecast_study import (  # noqa: E402
    BASELINES,
    forecast_figure,
    linear_forecast,
    memory_figure,
    memory_profile,
)

pytestmark = pytest.mark.usefixtures("closed_figures")


def _forecaster(seed=0):
    return rnnlib.ManyToManyRNN(input_size=1, hidden_size=5, output_size=1,
                                rng=np.random.default_rng(seed), loss="mse")


class _LastValue:
    """A model without memory: it predicts the value it has just read."""

    def predict(self, x):
        return np.asarray(x, dtype=float)


def test_memory_profile_is_the_rms_change_of_each_forecast_one_at_a_time():
    z = np.random.default_rng(0).standard_normal(30)
    model, ks = _forecaster(), [1, 3, 7]
    got = memory_profile(model, z, ks)
    t_end = np.arange(max(ks) - 1, len(z) - 1)
    for k, value in zip(ks, got):
        diffs = [model.predict(z[t - k + 1:t + 1, None, None])[-1, 0, 0]
                 - model.predict(z[:t + 1, None, None])[-1, 0, 0] for t in t_end]
        assert value == pytest.approx(np.sqrt(np.mean(np.square(diffs))), rel=1e-10, abs=1e-14)


def test_memory_profile_of_a_model_without_memory_is_zero_and_shrinks_for_a_tanh_rnn():
    z = np.random.default_rng(1).standard_normal(40)
    assert np.array_equal(memory_profile(_LastValue(), z, np.arange(1, 6)), np.zeros(5))
    profile = memory_profile(_forecaster(2), z, np.arange(1, 13))
    assert profile.shape == (12,) and profile[0] > profile[-1] >= 0


@pytest.mark.parametrize("ks, match", [([0, 2], "positive integer"), ([40], "below len"),
                                       ([1.5], "positive integer"), ([], "at least one")])
def test_memory_profile_refuses_lengths_it_cannot_read(ks, match):
    with pytest.raises(ValueError, match=match):
        memory_profile(_LastValue(), np.zeros(40), ks)


def test_linear_forecast_recovers_an_autoregressive_series_exactly():
    z = np.zeros(60)
    z[:2] = [1.0, -0.5]
    for i in range(2, len(z)):
        z[i] = 0.6 * z[i - 1] - 0.3 * z[i - 2] + 0.1
    at = np.arange(40, 60)                            # never used by the fit (n_train = 40)
    assert np.allclose(linear_forecast(z, 2, 40, at), z[at], atol=1e-10)
    assert np.allclose(linear_forecast(z, 5, 40, at), z[at], atol=1e-8)   # extra lags unused


def test_linear_forecast_fits_only_the_training_values():
    z = np.random.default_rng(3).standard_normal(50)
    changed = z.copy()
    changed[30:] += 100.0                             # after the training values
    at = np.arange(4, 30)
    assert np.array_equal(linear_forecast(z, 3, 30, at), linear_forecast(changed, 3, 30, at))


@pytest.mark.parametrize("k, n_train, at, match", [
    (3, 3, [5], "n_train must satisfy"),
    (3, 60, [5], "n_train must satisfy"),
    (3, 20, [2], r"at must hold integer indices in \[k, len\(z\) - 1\] = \[3, 49\]"),
    (3, 20, [50], "at must hold integer indices"),
    (3, 20, [5.0], "at must hold integer indices"),
    (0, 20, [5], "k must be a positive integer"),
])
def test_linear_forecast_refuses_bad_lags_and_indices(k, n_train, at, match):
    with pytest.raises(ValueError, match=match):
        linear_forecast(np.zeros(50), k, n_train, np.array(at))


def _figure_inputs():
    rng = np.random.default_rng(0)
    M, held = 48, np.arange(36, 48)
    years = 1949 + np.arange(M) / 12
    passengers = 100 + rng.random(M) * 50
    forecast = np.r_[np.nan, np.nan, passengers[2:] + 3]
    baselines = dict(zip(BASELINES, (50.0, 48.0, 15.0)))
    return years, passengers, forecast, passengers[held - 12] * 1.1, baselines, held


def test_forecast_figure_draws_the_forecasts_and_every_rmse():
    years, passengers, forecast, seasonal, baselines, held = _figure_inputs()
    rnn_rmse = np.array([34.5, 42.7, 38.0, 36.0, 40.0])
    fig = forecast_figure(years, passengers, forecast, seasonal, baselines, rnn_rmse,
                          shown=np.arange(12, 48), held=held, seed=0)
    ax, ax_r = fig.axes
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "passengers", "RNN, seed 0, one month ahead", "seasonal naive x growth"]
    assert [p.get_height() for p in ax_r.patches] == [50.0, 48.0, 15.0]
    median = ax_r.get_lines()[1].get_ydata()
    assert list(median) == [38.0, 38.0] and ax_r.get_ylim()[1] == pytest.approx(1.15 * 50.0)


def test_forecast_figure_refuses_baselines_out_of_order_and_mismatched_months():
    years, passengers, forecast, seasonal, baselines, held = _figure_inputs()
    reordered = dict(reversed(list(baselines.items())))
    with pytest.raises(ValueError, match="baselines must be a dict"):
        forecast_figure(years, passengers, forecast, seasonal, reordered, [40.0], shown=held,
                        held=held, seed=0)
    with pytest.raises(ValueError, match="passengers must have shape"):
        forecast_figure(years, passengers[:-1], forecast, seasonal, baselines, [40.0],
                        shown=held, held=held, seed=0)


def test_memory_figure_draws_three_panels_from_the_seed_arrays():
    rng = np.random.default_rng(0)
    S, T, ks = 4, 6, np.arange(1, 9)
    fig = memory_figure(rng.random((S, T)), ks, rng.random((S, len(ks))) + 0.01,
                        50 - ks, rng.random(S) * 10 + 30, 15.9)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["Error by step of a window", "What the months before the last k add",
                      "A linear forecast from the last k months"]
    assert fig.axes[1].get_yscale() == "log"
    assert "RNN, 4 seeds (min to max)" in [t.get_text() for t in fig.axes[2].get_legend().get_texts()]


def test_memory_figure_refuses_arrays_of_different_seeds_or_lengths():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="memory must have shape"):
        memory_figure(rng.random((4, 6)), np.arange(1, 9), rng.random((3, 8)), np.ones(8),
                      np.ones(4), 15.9)
    with pytest.raises(ValueError, match="linear must have shape"):
        memory_figure(rng.random((4, 6)), np.arange(1, 9), rng.random((4, 8)), np.ones(7),
                      np.ones(4), 15.9)
