"""How close to this machine's limit does the character language model train?

    python benchmarks/bench_charlm.py            # full run (about a minute on 2 cores)
    python benchmarks/bench_charlm.py --quick    # a few repeats only: a smoke test
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_charlm.py   # as the notebooks run under
                                                 # make execute and make test (make bench runs both)

For each size (T, B, D, H) and dtype it times ONE CharLM.loss_and_grads (embedding, the
recurrent cell forward, the output layer and softmax cross-entropy at every step, then the
whole backward pass, BPTT included), and the time of ONE matrix product that does the same
number of floating-point operations, A (n, n) @ B (n, n) with 2 n^3 = that count, measured
in the same run with the same BLAS threads: the FLOP limit of this machine for that much
work. The two are timed in turn, one run of each per pair, and the ratio is taken pair by
pair, so that a busy moment of a shared machine slows both. The ratio (time of the model /
time of the product) says how far the model is from that limit: 1 would mean the step loop,
the small products, the nonlinearities and the checks cost nothing.

The operation count (multiply-adds counted as 2) is that of the model's matrix products:
forward  2TB(DH + H^2 + HV), backward 4TB(DH + H^2 + HV) (one product for the input's
gradient and one for the weight's, per matrix), so 6TB(DH + H^2 + HV) in all. The
elementwise work (tanh, softmax) is not counted: it is part of what the ratio measures.
Times are medians; they are printed, never asserted.
"""

from __future__ import annotations

import os
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # rnnlib from a checkout

from rnnlib.charlm import CharLM  # noqa: E402

V = 27
# the notebook's training batches (names padded to the batch's longest, about 12 steps),
# a whole name's worth (16), and the reference size
SIZES = [(12, 64, 32, 128), (16, 64, 32, 128), (100, 64, 32, 128)]
DTYPES = (np.float64, np.float32)


def flops(T, B, D, H):
    return 6 * T * B * (D * H + H * H + H * V)


def paired_times(model_fn, product_fn, *, min_time, min_runs):
    """Time the model and the product alternately, one run of each per pair, so that both
    see the same state of a shared machine (a slow minute slows both, not one of them).

    Returns the median time of each and the median of the per-pair ratios model / product.
    """
    model_fn(), product_fn()  # warm-up
    model_times, product_times, start = [], [], time.perf_counter()
    while len(model_times) < min_runs or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        model_fn()
        t1 = time.perf_counter()
        product_fn()
        model_times.append(t1 - t0)
        product_times.append(time.perf_counter() - t1)
    ratios = np.array(model_times) / np.array(product_times)
    return float(np.median(model_times)), float(np.median(product_times)), float(np.median(ratios))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    min_time, min_runs = (0.05, 3) if quick else (1.0, 20)
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS")
    print(f"numpy {np.__version__}, BLAS threads: {threads or 'default'}, "
          f"{os.cpu_count()} CPUs{' (quick)' if quick else ''}")
    print(f"{'T, B, D, H':>18} {'dtype':>8} {'GFLOP':>7} {'model':>10} {'product':>10} "
          f"{'n':>5} {'ratio':>6}")
    rng = np.random.default_rng(0)
    for T, B, D, H in SIZES:
        for dtype in DTYPES:
            model = CharLM(D, H, rng=np.random.default_rng(0), dtype=dtype)
            inputs = rng.integers(0, V, (T, B))
            targets = rng.integers(0, V, (T, B))
            f = flops(T, B, D, H)
            n = max(1, round((f / 2) ** (1 / 3)))
            A = rng.standard_normal((n, n)).astype(dtype)
            Bm = rng.standard_normal((n, n)).astype(dtype)
            t_model, t_mm, ratio = paired_times(
                partial(model.loss_and_grads, inputs, targets), partial(np.matmul, A, Bm),
                min_time=min_time, min_runs=min_runs)
            scale = f / (2 * n ** 3)  # n is rounded: scale the product to the same count
            t_mm, ratio = t_mm * scale, ratio / scale
            print(f"{str((T, B, D, H)):>18} {np.dtype(dtype).name:>8} {f / 1e9:7.3f} "
                  f"{t_model * 1e3:8.2f}ms {t_mm * 1e3:8.2f}ms {n:5d} {ratio:6.2f}x")


if __name__ == "__main__":
    main()
