"""How fast is rnnlib's RNN? One forward pass + BPTT, timed against two references.

    python benchmarks/bench_rnn.py               # full run (about a minute on 2 cores)
    python benchmarks/bench_rnn.py --quick       # a few repeats only: a smoke test
    python benchmarks/bench_rnn.py --markdown results.md

For each size (T, B, D, H) and dtype (float64, float32) it times ONE forward pass and
ONE backward pass (BPTT) of the tanh cell  h_t = tanh(W_x x_t + W_h h_{t-1} + b)  with the
loss  L = sum(h * dh)  for a fixed random dh, so every step has a loss and dL/dh = dh:

- rnnlib:        rnn_forward + rnn_backward (batched, time-major): the loop over the step
                 functions notebooks 01-03 derive;
- hoisted:       the same maths with the work that does not wait for the recurrence moved
                 out of the loops (below): W_x x_t + b for all steps in one matrix product
                 before the forward loop, the parameter gradients as one product each after
                 the backward loop. rnnlib used it until 0.1; it stays here to show what it
                 would buy (issue 13: a faster path only where it is more than 2x faster);
- plain loop:    the textbook code below, one example at a time (loop over b, then over t,
                 np.dot on 1-D vectors), forward and backward;
- torch.nn.RNN:  on CPU, forward + loss.backward(), with torch's thread count set to the
                 number of threads numpy's BLAS uses (skipped when torch is not installed).

Before timing, each implementation's first (warm-up) result is compared with rnnlib's:
h and every gradient (dx, dh0, dW_x, dW_h, db) to 1e-10 in float64, h to 1e-4 in float32.
A mismatch stops the script: timings of code that computes something else mean nothing.
Times are medians of many runs (time.perf_counter); they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

try:
    import rnnlib  # noqa: F401
except ImportError:  # not installed: use the rnnlib next to this file
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rnnlib._validation import check_array  # noqa: E402
from rnnlib.rnn import _cell_params, rnn_backward, rnn_forward  # noqa: E402

try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None

# the lecture's sentence; a mini-batch of notebooks 00/03's classifier (D = H = 32, batch 32,
# sentences up to about 12 words); notebook 07's character model (float32 there); notebook
# 05's longest sequence at its largest H (one sequence); then larger problems.
SIZES = [(4, 1, 4, 8), (12, 32, 32, 32), (16, 64, 32, 128), (100, 1, 4, 256),
         (50, 32, 16, 64), (100, 64, 32, 128), (200, 64, 64, 256)]
DTYPES = [np.float64, np.float32]
TOLERANCE = {np.float64: 1e-10, np.float32: 1e-4}
SEED = 0


# --------------------------------------------------------------------------------------------
# The plain loop: how a textbook writes the forward pass and BPTT, one example at a time.
# --------------------------------------------------------------------------------------------

def plain_loop(x, h0, W_x, W_h, b, dh):
    """Forward + BPTT for L = sum(h * dh), looping over examples, then over time steps.

    x (T, B, D), h0 (B, H), W_x (H, D), W_h (H, H), b (H,), dh (T, B, H).
    Returns h (T, B, H), dx (T, B, D), dh0 (B, H), dW_x (H, D), dW_h (H, H), db (H,).
    """
    T, B, D = x.shape
    H = W_h.shape[0]
    h = np.zeros((T, B, H), dtype=x.dtype)
    dx = np.zeros_like(x)
    dh0 = np.zeros_like(h0)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    for i in range(B):
        # forward: h_t = tanh(W_x x_t + W_h h_{t-1} + b)
        h_prev = h0[i]
        for t in range(T):
            h_prev = np.tanh(np.dot(W_x, x[t, i]) + np.dot(W_h, h_prev) + b)
            h[t, i] = h_prev
        # backward through time: dh_next is what step t+1 sends back to h_t
        dh_next = np.zeros(H, dtype=x.dtype)
        for t in reversed(range(T)):
            h_prev = h[t - 1, i] if t > 0 else h0[i]
            da = (dh[t, i] + dh_next) * (1 - h[t, i] * h[t, i])
            dW_x += np.outer(da, x[t, i])
            dW_h += np.outer(da, h_prev)
            db += da
            dx[t, i] = np.dot(W_x.T, da)
            dh_next = np.dot(W_h.T, da)
        dh0[i] = dh_next
    return h, dx, dh0, dW_x, dW_h, db


def hoisted(x, h0, W_x, W_h, b, dh):
    """Forward + BPTT for L = sum(h * dh), batched, with the work that does not wait for the
    recurrence taken out of the loops. Arguments and results as ``plain_loop``. The inputs
    are checked as rnnlib checks them (the same calls), so that only the loops differ."""
    params = {"W_x": W_x, "W_h": W_h, "b": b}
    W_x, W_h, b = _cell_params(params)
    T, B, D = check_array("x", x, ("T", "B", "D"), (None, None, W_x.shape[1])).shape
    H = W_h.shape[0]
    check_array("h0", h0, ("B", "H"), (B, H))
    a = (x.reshape(T * B, D) @ W_x.T).reshape(T, B, H) + b    # W_x x_t + b, every step at once
    h = np.empty((T, B, H), dtype=x.dtype)
    h_prev = h0
    for t in range(T):
        a[t] += h_prev @ W_h.T
        h_prev = np.tanh(a[t], out=h[t])
    da = np.empty_like(h)
    dh_next = np.zeros_like(h0)
    _cell_params(params, finite=False)                     # the backward pass's checks
    check_array("dh", dh, ("T", "B", "H"), (T, B, H))
    for t in reversed(range(T)):                           # only delta_t inside the loop
        da[t] = (dh[t] + dh_next) * (1 - h[t] * h[t])
        dh_next = da[t] @ W_h
    da2 = da.reshape(T * B, H)
    h_prev_all = np.concatenate([h0[None], h[:-1]]).reshape(T * B, H)
    return (h, (da2 @ W_x).reshape(T, B, D), dh_next, da2.T @ x.reshape(T * B, D),
            da2.T @ h_prev_all, da2.sum(axis=0))


# --------------------------------------------------------------------------------------------
# Problems, the implementations, and the checks that they agree
# --------------------------------------------------------------------------------------------

def make_problem(T, B, D, H, dtype, rng):
    """Random inputs, weights (scaled so tanh does not saturate) and upstream gradient dh."""
    x = rng.standard_normal((T, B, D))
    h0 = 0.5 * rng.standard_normal((B, H))
    params = {"W_x": rng.standard_normal((H, D)) / np.sqrt(D),
              "W_h": rng.standard_normal((H, H)) / np.sqrt(H),
              "b": 0.1 * rng.standard_normal(H)}
    dh = rng.standard_normal((T, B, H))
    cast = lambda a: np.ascontiguousarray(a, dtype=dtype)
    return cast(x), cast(h0), {k: cast(v) for k, v in params.items()}, cast(dh)


def run_rnnlib(x, h0, params, dh):
    h, cache = rnn_forward(x, h0, params, "tanh")
    dx, dh0, grads = rnn_backward(dh, cache, params)
    return h, dx, dh0, grads["W_x"], grads["W_h"], grads["b"]


def make_torch_runner(torch, x, h0, params, dh):
    """A closure running torch.nn.RNN forward + backward of sum(h * dh), weights from params."""
    H, D = params["W_x"].shape
    tdtype = torch.float64 if x.dtype == np.float64 else torch.float32
    rnn = torch.nn.RNN(D, H, nonlinearity="tanh").to(tdtype)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(params["W_x"]))
        rnn.weight_hh_l0.copy_(torch.from_numpy(params["W_h"]))
        rnn.bias_ih_l0.copy_(torch.from_numpy(params["b"]))
        rnn.bias_hh_l0.zero_()
    xt = torch.from_numpy(x.copy()).requires_grad_(True)       # (T, B, D): time-major, as rnnlib
    h0t = torch.from_numpy(h0[None].copy()).requires_grad_(True)  # (num_layers=1, B, H)
    dht = torch.from_numpy(dh)

    def run():
        rnn.zero_grad(set_to_none=True)
        xt.grad = h0t.grad = None
        h, _ = rnn(xt, h0t)
        (h * dht).sum().backward()
        return h

    def results(h):
        to_np = lambda a: a.detach().numpy()
        return (to_np(h), to_np(xt.grad), to_np(h0t.grad)[0], to_np(rnn.weight_ih_l0.grad),
                to_np(rnn.weight_hh_l0.grad), to_np(rnn.bias_ih_l0.grad))

    return run, results


NAMES = ("h", "dx", "dh0", "dW_x", "dW_h", "db")


def check_same(who, got, want, dtype, size):
    """Stop if ``got`` differs from rnnlib's ``want``: all of (h, grads) in float64, h in float32.

    Error measure: max |got - want| / max(1, max |want|), per array.
    """
    tol = TOLERANCE[dtype]
    n = len(NAMES) if dtype == np.float64 else 1
    for name, g, w in list(zip(NAMES, got, want, strict=True))[:n]:
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape or g.dtype != w.dtype:
            sys.exit(f"{who} vs rnnlib at {size} {np.dtype(dtype).name}: {name} has shape "
                     f"{g.shape} {g.dtype}, rnnlib's is {w.shape} {w.dtype}")
        err = float(np.max(np.abs(g.astype(np.float64) - w)) / max(1.0, float(np.max(np.abs(w)))))
        if not err <= tol:
            sys.exit(f"{who} vs rnnlib at {size} {np.dtype(dtype).name}: {name} differs by "
                     f"{err:.2e} > {tol:.0e}; the comparison would not be fair")


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------

def median_time(fn, args, *, warmup, min_time, min_runs, max_time=float("inf"), floor_runs=1):
    """Median wall time of fn(*args) in seconds, after ``warmup`` calls.

    Repeats until at least ``min_runs`` runs and ``min_time`` seconds, or stops early once
    ``max_time`` seconds are spent and at least ``floor_runs`` runs are done.
    """
    for _ in range(warmup):
        fn(*args)
    times = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection in the middle of one run is noise
    try:
        start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            fn(*args)
            times.append(time.perf_counter() - t0)
            spent = time.perf_counter() - start
            if len(times) >= min_runs and spent >= min_time:
                break
            if spent >= max_time and len(times) >= floor_runs:
                break
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(times)


def fmt_time(s):
    """3 significant figures with a unit: 12.3 µs, 456 µs, 7.89 ms, 1.23 s."""
    if s is None:
        return "–"
    for scale, unit in ((1e-6, "µs"), (1e-3, "ms"), (1.0, "s")):
        v = s / scale
        if v < 999.5 or unit == "s":
            return f"{v:.3g} {unit}" if v >= 100 else f"{v:#.3g} {unit}"
    raise AssertionError("unreachable")


def fmt_ratio(num, den):
    if num is None or den is None:
        return "–"
    r = num / den
    return f"{r:.0f}×" if r >= 100 else f"{r:#.3g}×"


# --------------------------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------------------------

def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def numpy_blas():
    """(description, threads or None) of the BLAS numpy calls, via threadpoolctl if installed."""
    if threadpoolctl is not None:
        infos = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
        mine = [i for i in infos if "numpy" in i.get("filepath", "")] or infos
        if mine:
            i = mine[0]
            desc = (f"{i.get('internal_api')} {i.get('version')} "
                    f"({i.get('architecture') or '?'} kernels, {i.get('threading_layer', '?')} "
                    f"threading), {i['num_threads']} threads (threadpoolctl)")
            return desc, i["num_threads"]
    desc = "unknown"
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        desc = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy: no mode="dicts"
        pass
    return desc + " (thread count unknown: threadpoolctl not installed)", None


def load_average():
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def machine_cpu_seconds():
    """CPU seconds all processes have used since boot (Linux /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def own_cpu_seconds():
    return sum(os.times()[:2])  # user + system, all threads of this process


def contention_note(machine_start, own_start, wall):
    """One line on how much CPU other processes took while the benchmark ran, or None."""
    machine_end = machine_cpu_seconds()
    if machine_start is None or machine_end is None:
        return None
    others = max(0.0, (machine_end - machine_start) - (own_cpu_seconds() - own_start))
    share = others / (wall * (os.cpu_count() or 1))
    verdict = ("the times are trustworthy" if share < 0.05 else
               "multithreaded cases (BLAS, torch) may be much slower than on an idle machine: "
               "run again when it is idle")
    return (f"Other processes used {others:.1f} CPU-seconds during the {wall:.0f} s run "
            f"({share:.0%} of the machine): {verdict}.")


def header_lines(torch, threads, blas_desc, quick):
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    lines = [
        "# rnnlib benchmark: one forward pass + BPTT of a tanh RNN, loss sum(h * dh)",
        "",
        f"- CPU: {cpu_model()}, {cores} logical cores ({usable} usable by this process)",
        f"- Python {platform.python_version()}, numpy {np.__version__}, BLAS: {blas_desc}",
    ]
    if torch is None:
        lines.append("- torch: not installed, the torch.nn.RNN column is skipped "
                     "(pip install torch to fill it)")
    else:
        lines.append(f"- torch {torch.__version__}: torch.set_num_threads({threads}) to match "
                     f"numpy's BLAS threads ({threads}); torch.get_num_threads() = "
                     f"{torch.get_num_threads()}")
    env = [f"{k}={os.environ[k]}" for k in
           ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ]
    if env:
        lines.append(f"- environment: {', '.join(env)}")
    if hasattr(os, "getloadavg"):
        lines.append(f"- load average at start (1, 5, 15 min): {load_average()}")
    lines.append("- times: median wall time of one forward + backward "
                 + ("(--quick: few repeats, rough numbers)" if quick else
                    "(>= 7 runs and >= 0.3 s per case; plain loop: <= ~3 s, >= 3 runs)")
                 + "; ratios > 1 mean rnnlib is faster (rnnlib / hoisted: how many times "
                 "faster the hoisted variant is)")
    lines.append("")
    return lines


# --------------------------------------------------------------------------------------------

COLUMNS = ("T, B, D, H", "dtype", "rnnlib", "hoisted", "plain loop", "torch.nn.RNN",
           "rnnlib / hoisted", "loop / rnnlib", "torch / rnnlib")
WIDTHS = (18, 7, 10, 10, 10, 12, 16, 13, 14)


def parse_args(doc, argv=None):
    """The options every benchmark takes: --quick and --markdown PATH."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="few repeats per case: a smoke test, not a measurement")
    parser.add_argument("--markdown", metavar="PATH",
                        help="also write the header and table to this Markdown file")
    return parser.parse_args(argv)


def finish(lines, start, markdown=None):
    """Print the closing lines (load average, how busy the machine was) and write the table.

    start: (machine CPU seconds, own CPU seconds, wall time) taken before the first case.
    """
    machine_start, own_start, wall_start = start
    footer = [f"Load average at the end: {load_average()} (1, 5, 15 min)."
              if hasattr(os, "getloadavg") else None,
              contention_note(machine_start, own_start, time.perf_counter() - wall_start)]
    footer = [line for line in footer if line]
    if footer:
        lines += [""] + footer
        print("\n" + "\n".join(footer))
    if markdown:
        Path(markdown).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\n(written to {markdown})")


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

    if args.quick:
        fast = dict(warmup=1, min_time=0.02, min_runs=3)
        slow = dict(warmup=0, min_time=0.02, min_runs=2, max_time=0.3, floor_runs=1)
    else:
        fast = dict(warmup=3, min_time=0.3, min_runs=7)
        slow = dict(warmup=0, min_time=0.3, min_runs=7, max_time=3.0, floor_runs=3)
    # (the plain loop's first, untimed call is its check and warm-up)

    lines = header_lines(torch, threads, blas_desc, args.quick)
    lines += [table_row(COLUMNS), table_row(["-" * w for w in WIDTHS])]
    print("\n".join(lines), flush=True)

    machine_start, own_start, wall_start = (machine_cpu_seconds(), own_cpu_seconds(),
                                            time.perf_counter())
    rng = np.random.default_rng(SEED)
    for size in SIZES:
        for dtype in DTYPES:
            x, h0, params, dh = make_problem(*size, dtype, rng)
            want = run_rnnlib(x, h0, params, dh)

            t_lib = median_time(run_rnnlib, (x, h0, params, dh), **fast)

            loop_args = (x, h0, params["W_x"], params["W_h"], params["b"], dh)
            check_same("hoisted", hoisted(*loop_args), want, dtype, size)
            t_hoisted = median_time(hoisted, loop_args, **fast)
            check_same("plain loop", plain_loop(*loop_args), want, dtype, size)
            t_loop = median_time(plain_loop, loop_args, **slow)

            t_torch = None
            if torch is not None:
                run, results = make_torch_runner(torch, x, h0, params, dh)
                check_same("torch.nn.RNN", results(run()), want, dtype, size)
                t_torch = median_time(run, (), **fast)

            row = table_row([", ".join(map(str, size)), np.dtype(dtype).name, fmt_time(t_lib),
                             fmt_time(t_hoisted), fmt_time(t_loop), fmt_time(t_torch),
                             fmt_ratio(t_lib, t_hoisted), fmt_ratio(t_loop, t_lib),
                             fmt_ratio(t_torch, t_lib)])
            print(row, flush=True)
            lines.append(row)

    finish(lines, (machine_start, own_start, wall_start), args.markdown)


if __name__ == "__main__":
    main()
