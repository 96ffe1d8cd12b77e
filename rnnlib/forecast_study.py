"""The airline forecast of notebook 04 (section 5): how many months a one-step-ahead
forecaster really uses, a linear forecast to compare with, and the study's two figures.

    memory_profile(model, z, ks)        how much the months before the last k change a forecast
    linear_forecast(z, k, n_train, at)  least squares from the last k values (and a constant)
    forecast_figure(...)                the forecasts of the held-out years, and every RMSE
    memory_figure(...)                  error by step, memory profile, linear forecast by k

The series z (N,) is the standardised monthly change of log(passengers); a model reads it as
(T, B, 1) arrays (``model.predict``, e.g. ``rnnlib.ManyToManyRNN``) and predicts the next
value at every step.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_array, check_positive_int, describe
from .plots import COLORS, seed_spread

__all__ = ["memory_profile", "linear_forecast", "forecast_figure", "memory_figure",
           "BASELINES"]

BASELINES = ("last value", "seasonal naive", "seasonal naive x growth")   # their order


def _series(z):
    return check_array("z", z, ("N",), as_float=True)


def memory_profile(model, z, ks):
    """RMS difference (standardised) between the forecast after reading all months and after
    reading only the last k, for each k in ks, over the months with at least max(ks) before.

    model: has ``predict(x)``, x (T, B, 1) -> (T, B, 1); z: (N,) the series; ks: positive
    integers below N (the last k months read, from h_0 = 0). Returns (len(ks),).
    """
    z = _series(z)
    ks = [check_positive_int("each k of ks", k) for k in np.atleast_1d(ks).tolist()]
    if not ks:
        raise ValueError("ks must hold at least one k; got none")
    if max(ks) >= len(z):
        raise ValueError(f"ks must stay below len(z) = {len(z)}; got max(ks) = {max(ks)}")
    full = model.predict(z[:-1, None, None])[:, 0, 0]       # full[t]: after reading z[0..t]
    t_end = np.arange(max(ks) - 1, len(z) - 1)              # the last month read
    out = []
    for k in ks:
        windows = z[t_end[:, None] + np.arange(-k + 1, 1)[None, :]].T[:, :, None]   # (k, N, 1)
        last_k = model.predict(windows)[-1, :, 0]
        out.append(np.sqrt(np.mean((last_k - full[t_end]) ** 2)))
    return np.array(out)


def linear_forecast(z, k, n_train, at):
    """A linear forecast of z[i] from z[i-1], ..., z[i-k] and a constant, fitted by least
    squares on the targets z[k], ..., z[n_train - 1].

    z: (N,) the series; k: the number of past values read; n_train: how many values of z the
    fit may use (k < n_train <= N); at: (M,) the indices i to forecast (k <= i < N).
    Returns (M,): the forecast of z[i] for each i of at.
    """
    z = _series(z)
    k = check_positive_int("k", k)
    n_train = check_positive_int("n_train", n_train)
    if not k < n_train <= len(z):
        raise ValueError(f"n_train must satisfy k < n_train <= len(z), {k} < n_train <= "
                         f"{len(z)}; got {n_train}")
    at = check_array("at", at, ("M",))
    if at.dtype.kind not in "iu" or at.min() < k or at.max() >= len(z):
        raise ValueError(f"at must hold integer indices in [k, len(z) - 1] = [{k}, "
                         f"{len(z) - 1}]; got {describe(at)}")

    def lagged(i):                          # (len(i), k + 1): z[i-1] ... z[i-k], and a 1
        return np.stack([z[i - j] for j in range(1, k + 1)] + [np.ones(len(i))], axis=1)
    rows = np.arange(k, n_train)            # the training targets
    coef, *_ = np.linalg.lstsq(lagged(rows), z[rows], rcond=None)
    return lagged(at) @ coef


def forecast_figure(years, passengers, forecast, seasonal, baselines, rnn_rmse, *, shown, held,
                    seed):
    """Left: the passengers, one RNN's one-month-ahead forecast and the seasonal naive x
    growth forecast, held-out months shaded; right: the held-out RMSE of each baseline (bars)
    and of each RNN run (dots, a line at their median).

    years, passengers, forecast: (M,) per month (forecast: the RNN's, NaN where it has none);
    seasonal: (len(held),) the seasonal naive x growth forecast of the held-out months;
    baselines: {name: RMSE} for the names of BASELINES, in that order; rnn_rmse: (S,) one per
    seed; shown, held: indices of the months drawn and of the held-out months (the last ones);
    seed: the RNN's seed, for the legend. Returns the figure.
    """
    years = check_array("years", years, ("M",))
    M = len(years)
    passengers = check_array("passengers", passengers, ("M",), (M,))
    forecast = check_array("forecast", forecast, ("M",), (M,), finite=False)
    held = check_array("held", held, ("H",))
    shown = check_array("shown", shown, ("N",))
    seasonal = check_array("seasonal", seasonal, ("H",), (len(held),))
    rnn_rmse = check_array("rnn_rmse", rnn_rmse, ("S",))
    if not isinstance(baselines, dict) or tuple(baselines) != BASELINES:
        raise ValueError(f"baselines must be a dict with the keys {list(BASELINES)}, in this "
                         f"order; got {describe(baselines)}")
    fig, (ax, ax_r) = plt.subplots(1, 2, figsize=(12.5, 3.8), width_ratios=(1.6, 1))
    ax.axvspan(years[held[0]] - 1 / 24, years[held[-1]] + 1 / 24, color=COLORS["grey"],
               alpha=0.15)
    ax.plot(years[shown], passengers[shown], color="black", lw=2, label="passengers")
    ax.plot(years[shown], forecast[shown], "-", lw=1.2, color=COLORS["vermillion"],
            label=f"RNN, seed {seed}, one month ahead")
    ax.plot(years[held], seasonal, "--", lw=1.2, color=COLORS["blue"],
            label="seasonal naive x growth")
    ax.set(title="Forecasts, 1956–60 (shaded: held out)", xlabel="year",
           ylabel="passengers (thousands)")
    ax.legend(loc="upper left", fontsize=8)

    ax_r.bar(range(3), list(baselines.values()), color=COLORS["grey"], alpha=0.6, width=0.6)
    ax_r.plot(3 + np.linspace(-0.12, 0.12, len(rnn_rmse)), rnn_rmse, "o",
              color=COLORS["vermillion"], alpha=0.7, label="RNN, one dot per seed")
    ax_r.plot([2.7, 3.3], [np.median(rnn_rmse)] * 2, color=COLORS["vermillion"], lw=2,
              label=f"RNN, median of {len(rnn_rmse)} seeds")
    ax_r.set_xticks(range(4), ["last\nvalue", "seasonal\nnaive", "seasonal naive\nx growth",
                               "RNN"])
    ax_r.set(title="Held-out error, 1959–60", ylabel="RMSE (thousands of passengers)",
             ylim=(0, 1.15 * max(*baselines.values(), *rnn_rmse)))
    ax_r.grid(axis="x", visible=False)
    ax_r.legend(fontsize=8, loc="upper right")
    fig.suptitle("Sequence to sequence: one month ahead, against three baselines",
                 fontweight="bold")
    return fig


def memory_figure(per_step, ks, memory, linear, rnn_rmse, best_baseline):
    """Three panels: the error at each step of a window (a dot per seed, the median line),
    what the months before the last k add to a forecast, and the held-out RMSE of a linear
    forecast from the last k months against the RNN runs and the best baseline.

    per_step: (S, T) MSE at each step of a window, per seed; ks: (P,) the values of k;
    memory: (S, P) memory_profile per seed; linear: (P,) the linear forecast's RMSE per k;
    rnn_rmse: (S,) the RNN's held-out RMSE per seed; best_baseline: the RMSE of seasonal
    naive x growth. Returns the figure.
    """
    per_step = check_array("per_step", per_step, ("S", "T"))
    S = len(per_step)
    ks = check_array("ks", ks, ("P",))
    memory = check_array("memory", memory, ("S", "P"), (S, len(ks)))
    linear = check_array("linear", linear, ("P",), (len(ks),))
    rnn_rmse = check_array("rnn_rmse", rnn_rmse, ("S",), (S,))
    fig, (ax_l, ax_r, ax_lin) = plt.subplots(1, 3, figsize=(14, 3.8))
    seed_spread(ax_l, np.arange(1, per_step.shape[1] + 1), per_step, label="training windows",
                color=COLORS["blue"])
    ax_l.axhline(1.0, color=COLORS["grey"], lw=1, ls=":", label="always the mean change")
    ax_l.set(title="Error by step of a window", xlabel="step t (months read)",
             ylabel="MSE (standardised change²)", ylim=(0, 1.15))
    ax_l.legend(fontsize=8, loc="upper right")
    seed_spread(ax_r, ks, memory, label="RNN", color=COLORS["vermillion"])
    ax_r.axvline(12, color=COLORS["grey"], lw=1, ls="--")
    ax_r.text(12.4, 0.05, "12 months:\nthe seasonal lag", color="#555555", fontsize=8,
              transform=ax_r.get_xaxis_transform())              # x in months, y in axes units
    ax_r.set(title="What the months before the last k add",
             xlabel="k (months read before the forecast)",
             ylabel="RMS change of the forecast\n(standardised)", yscale="log")
    ax_r.legend(fontsize=8, loc="upper right")
    ax_lin.plot(ks, linear, "o-", ms=3, color=COLORS["green"], label="linear, last k months")
    ax_lin.axhspan(rnn_rmse.min(), rnn_rmse.max(), color=COLORS["vermillion"], alpha=0.2,
                   label=f"RNN, {S} seeds (min to max)")
    ax_lin.axhline(best_baseline, color=COLORS["blue"], ls="--", lw=1,
                   label="seasonal naive x growth")
    ax_lin.set(title="A linear forecast from the last k months", xlabel="k (months read)",
               ylabel="held-out RMSE\n(thousands of passengers)", ylim=(0, None))
    ax_lin.legend(fontsize=8, loc="center right")
    fig.suptitle("How far back does the forecaster look?", fontweight="bold")
    return fig
