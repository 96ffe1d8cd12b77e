"""How fast are rnnlib's gated cells? One forward pass + BPTT of the LSTM and the GRU.

    python benchmarks/bench_gated.py               # full run (a few minutes on 2 cores)
    python benchmarks/bench_gated.py --quick       # a few repeats only: a smoke test
    python benchmarks/bench_gated.py --markdown results.md

The companion of bench_rnn.py (same machine description, timing, table and options, imported
from it). For each cell (lstm, gru), size (T, B, D, H) and dtype (float64, float32) it times
ONE forward pass and ONE backward pass (BPTT) with the loss  L = sum(h * dh)  for a fixed
random dh (no loss on the LSTM's last cell state), for three implementations:

- rnnlib:             lstm_forward + lstm_backward, gru_forward + gru_backward (batched);
- plain loop:         the textbook code below, one example at a time (loop over b, then over
                      t, np.dot on 1-D vectors), forward and backward;
- torch.nn.LSTM/GRU:  on CPU, forward + loss.backward(), with torch's thread count set to the
                      number of threads numpy's BLAS uses (skipped when torch is not installed);
                      weights copied from rnnlib's (the LSTM's b into bias_ih_l0, zeros into
                      bias_hh_l0; the GRU's b_x, b_h into bias_ih_l0, bias_hh_l0).

Before timing, each implementation's first result is compared with rnnlib's: h and every
gradient to 1e-10 in float64, h to 1e-4 in float32; a mismatch stops the script.
Times are medians of many runs; they are printed, never asserted.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_rnn, next to this file
from bench_rnn import (  # noqa: E402  (bench_rnn also makes rnnlib importable from a checkout)
    DTYPES,
    SEED,
    TOLERANCE,
    finish,
    fmt_ratio,
    fmt_time,
    header_lines,
    machine_cpu_seconds,
    median_time,
    numpy_blas,
    own_cpu_seconds,
    parse_args,
)

from rnnlib.gru import gru_backward, gru_forward, gru_init_params  # noqa: E402
from rnnlib.lstm import lstm_backward, lstm_forward, lstm_init_params  # noqa: E402

SIZES = [(4, 1, 4, 8), (50, 32, 16, 64), (100, 64, 32, 128)]
NAMES = {"lstm": ("h", "dx", "dh0", "dc0", "dW_x", "dW_h", "db"),
         "gru": ("h", "dx", "dh0", "dW_x", "dW_h", "db_x", "db_h")}


# --------------------------------------------------------------------------------------------
# The plain loops: how a textbook writes the forward pass and BPTT, one example at a time.
# --------------------------------------------------------------------------------------------

def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def plain_lstm(x, h0, c0, W_x, W_h, b, dh):
    """Forward + BPTT of the LSTM for L = sum(h * dh), looping over examples, then steps.

    Returns h (T, B, H), dx, dh0, dc0, dW_x, dW_h, db.
    """
    T, B, _ = x.shape
    H = h0.shape[1]
    h, dx = np.zeros((T, B, H), dtype=x.dtype), np.zeros_like(x)
    dh0, dc0 = np.zeros_like(h0), np.zeros_like(c0)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    for n in range(B):
        hs, cs, gates = [h0[n]], [c0[n]], []  # hs[t] is h_{t-1} for step t
        for t in range(T):
            a = np.dot(W_x, x[t, n]) + np.dot(W_h, hs[-1]) + b
            i, f = _sigmoid(a[:H]), _sigmoid(a[H:2 * H])
            g, o = np.tanh(a[2 * H:3 * H]), _sigmoid(a[3 * H:])
            cs.append(f * cs[-1] + i * g)
            hs.append(o * np.tanh(cs[-1]))
            gates.append((i, f, g, o))
            h[t, n] = hs[-1]
        dh_next, dc_next = np.zeros(H, dtype=x.dtype), np.zeros(H, dtype=x.dtype)
        for t in reversed(range(T)):
            i, f, g, o = gates[t]
            tanh_c = np.tanh(cs[t + 1])
            dh_t = dh[t, n] + dh_next
            dc = dc_next + dh_t * o * (1 - tanh_c * tanh_c)
            da = np.concatenate([dc * g * i * (1 - i), dc * cs[t] * f * (1 - f),
                                 dc * i * (1 - g * g), dh_t * tanh_c * o * (1 - o)])
            dW_x += np.outer(da, x[t, n])
            dW_h += np.outer(da, hs[t])
            db += da
            dx[t, n] = np.dot(W_x.T, da)
            dh_next, dc_next = np.dot(W_h.T, da), dc * f
        dh0[n], dc0[n] = dh_next, dc_next
    return h, dx, dh0, dc0, dW_x, dW_h, db


def plain_gru(x, h0, W_x, W_h, b_x, b_h, dh):
    """Forward + BPTT of the GRU for L = sum(h * dh), looping over examples, then steps.

    Returns h (T, B, H), dx, dh0, dW_x, dW_h, db_x, db_h.
    """
    T, B, _ = x.shape
    H = h0.shape[1]
    h, dx, dh0 = np.zeros((T, B, H), dtype=x.dtype), np.zeros_like(x), np.zeros_like(h0)
    dW_x, dW_h = np.zeros_like(W_x), np.zeros_like(W_h)
    db_x, db_h = np.zeros_like(b_x), np.zeros_like(b_h)
    for k in range(B):
        hs, gates = [h0[k]], []
        for t in range(T):
            ax, ah = np.dot(W_x, x[t, k]) + b_x, np.dot(W_h, hs[-1]) + b_h
            r, z = _sigmoid(ax[:H] + ah[:H]), _sigmoid(ax[H:2 * H] + ah[H:2 * H])
            n = np.tanh(ax[2 * H:] + r * ah[2 * H:])
            hs.append((1 - z) * n + z * hs[-1])
            gates.append((r, z, n, ah[2 * H:]))
            h[t, k] = hs[-1]
        dh_next = np.zeros(H, dtype=x.dtype)
        for t in reversed(range(T)):
            r, z, n, hn = gates[t]
            dh_t = dh[t, k] + dh_next
            da_n = dh_t * (1 - z) * (1 - n * n)
            da_z = dh_t * (hs[t] - n) * z * (1 - z)
            da_r = da_n * hn * r * (1 - r)
            dax, dah = np.concatenate([da_r, da_z, da_n]), np.concatenate([da_r, da_z, da_n * r])
            dW_x += np.outer(dax, x[t, k])
            dW_h += np.outer(dah, hs[t])
            db_x += dax
            db_h += dah
            dx[t, k] = np.dot(W_x.T, dax)
            dh_next = dh_t * z + np.dot(W_h.T, dah)
        dh0[k] = dh_next
    return h, dx, dh0, dW_x, dW_h, db_x, db_h


# --------------------------------------------------------------------------------------------
# Problems, the three implementations, and the checks that they agree
# --------------------------------------------------------------------------------------------

def make_problem(cell, T, B, D, H, dtype, rng):
    """x, the initial states (h0[, c0]), params as rnnlib initialises them plus small random
    biases, and the upstream gradient dh."""
    x = rng.standard_normal((T, B, D))
    states = [0.5 * rng.standard_normal((B, H)) for _ in range(2 if cell == "lstm" else 1)]
    params = (lstm_init_params if cell == "lstm" else gru_init_params)(rng, D, H)
    params = {k: v + 0.1 * rng.standard_normal(v.shape) if k.startswith("b") else v
              for k, v in params.items()}
    dh = rng.standard_normal((T, B, H))
    cast = lambda a: np.ascontiguousarray(a, dtype=dtype)
    return cast(x), [cast(s) for s in states], {k: cast(v) for k, v in params.items()}, cast(dh)


def run_rnnlib(cell, x, states, params, dh):
    if cell == "lstm":
        h, _, cache = lstm_forward(x, *states, params)
        dx, dh0, dc0, g = lstm_backward(dh, cache, params)
        return h, dx, dh0, dc0, g["W_x"], g["W_h"], g["b"]
    h, cache = gru_forward(x, *states, params)
    dx, dh0, g = gru_backward(dh, cache, params)
    return h, dx, dh0, g["W_x"], g["W_h"], g["b_x"], g["b_h"]


def plain_args(cell, x, states, params, dh):
    keys = ("W_x", "W_h", "b") if cell == "lstm" else ("W_x", "W_h", "b_x", "b_h")
    return (x, *states, *(params[k] for k in keys), dh)


def make_torch_runner(torch, cell, x, states, params, dh):
    """A closure running torch.nn.LSTM / GRU forward + backward of sum(h * dh)."""
    H, D = params["W_h"].shape[1], params["W_x"].shape[1]
    tdtype = torch.float64 if x.dtype == np.float64 else torch.float32
    net = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(D, H).to(tdtype)
    b_ih, b_hh = ((params["b"], np.zeros_like(params["b"])) if cell == "lstm"
                  else (params["b_x"], params["b_h"]))
    with torch.no_grad():
        for name, value in (("weight_ih_l0", params["W_x"]), ("weight_hh_l0", params["W_h"]),
                            ("bias_ih_l0", b_ih), ("bias_hh_l0", b_hh)):
            getattr(net, name).copy_(torch.from_numpy(value))
    xt = torch.from_numpy(x.copy()).requires_grad_(True)  # (T, B, D): time-major, as rnnlib
    st = [torch.from_numpy(s[None].copy()).requires_grad_(True) for s in states]  # (1, B, H)
    dht = torch.from_numpy(dh)

    def run():
        net.zero_grad(set_to_none=True)
        for a in (xt, *st):
            a.grad = None
        h, _ = net(xt, tuple(st) if cell == "lstm" else st[0])
        (h * dht).sum().backward()
        return h

    def results(h):
        to_np = lambda a: a.detach().numpy()
        weights = [net.weight_ih_l0.grad, net.weight_hh_l0.grad, net.bias_ih_l0.grad]
        if cell == "gru":
            weights.append(net.bias_hh_l0.grad)
        return (to_np(h), to_np(xt.grad), *(to_np(s.grad)[0] for s in st),
                *(to_np(w) for w in weights))

    return run, results


def check_same(who, cell, got, want, dtype, size):
    """Stop if ``got`` differs from rnnlib's ``want`` (as bench_rnn.check_same, per cell)."""
    tol = TOLERANCE[dtype]
    names = NAMES[cell] if dtype == np.float64 else NAMES[cell][:1]
    for name, g, w in zip(names, got, want):
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape or g.dtype != w.dtype:
            sys.exit(f"{who} vs rnnlib at {size} {np.dtype(dtype).name}: {name} has shape "
                     f"{g.shape} {g.dtype}, rnnlib's is {w.shape} {w.dtype}")
        err = float(np.max(np.abs(g.astype(np.float64) - w)) / max(1.0, float(np.max(np.abs(w)))))
        if not err <= tol:
            sys.exit(f"{who} vs rnnlib at {size} {np.dtype(dtype).name}: {name} differs by "
                     f"{err:.2e} > {tol:.0e}; the comparison would not be fair")


# --------------------------------------------------------------------------------------------

COLUMNS = ("cell", "T, B, D, H", "dtype", "rnnlib", "plain loop", "torch",
           "loop / rnnlib", "torch / rnnlib")
WIDTHS = (4, 18, 7, 10, 10, 10, 13, 14)


def table_row(cells):
    return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, WIDTHS, strict=True)) + " |"


def main(argv=None):
    args = parse_args(__doc__, argv)

    blas_desc, blas_threads = numpy_blas()  # before importing torch, which brings its own libs
    threads = blas_threads or os.cpu_count() or 1
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(threads)

    # the settings bench_rnn uses, which its header_lines describes
    if args.quick:
        fast = dict(warmup=1, min_time=0.02, min_runs=3)
        slow = dict(warmup=0, min_time=0.02, min_runs=2, max_time=0.3, floor_runs=1)
    else:
        fast = dict(warmup=3, min_time=0.3, min_runs=7)
        slow = dict(warmup=0, min_time=0.3, min_runs=7, max_time=3.0, floor_runs=3)

    lines = header_lines(torch, threads, blas_desc, args.quick)
    lines[0] = ("# rnnlib benchmark: one forward pass + BPTT of the LSTM and the GRU, "
                "loss sum(h * dh)")
    lines = [line.replace("torch.nn.RNN", "torch.nn.LSTM / GRU") for line in lines]
    lines += [table_row(COLUMNS), table_row(["-" * w for w in WIDTHS])]
    print("\n".join(lines), flush=True)

    start = (machine_cpu_seconds(), own_cpu_seconds(), time.perf_counter())
    rng = np.random.default_rng(SEED)
    for cell, plain in (("lstm", plain_lstm), ("gru", plain_gru)):
        for size in SIZES:
            for dtype in DTYPES:
                x, states, params, dh = make_problem(cell, *size, dtype, rng)
                problem = (cell, x, states, params, dh)
                want = run_rnnlib(*problem)
                t_lib = median_time(run_rnnlib, problem, **fast)

                loop_args = plain_args(*problem)
                check_same("plain loop", cell, plain(*loop_args), want, dtype, size)
                t_loop = median_time(plain, loop_args, **slow)

                t_torch = None
                if torch is not None:
                    run, results = make_torch_runner(torch, *problem)
                    check_same(f"torch.nn.{cell.upper()}", cell, results(run()), want, dtype, size)
                    t_torch = median_time(run, (), **fast)

                row = table_row([cell, ", ".join(map(str, size)), np.dtype(dtype).name,
                                 fmt_time(t_lib), fmt_time(t_loop), fmt_time(t_torch),
                                 fmt_ratio(t_loop, t_lib), fmt_ratio(t_torch, t_lib)])
                print(row, flush=True)
                lines.append(row)

    finish(lines, start, args.markdown)


if __name__ == "__main__":
    main()
