"""How fast does notebook 05's gradient-flow figure redraw when a control moves?

    python benchmarks/bench_controls.py               # full run (about a minute on 2 cores)
    python benchmarks/bench_controls.py --quick       # a few repeats only: a smoke test
    python benchmarks/bench_controls.py --markdown results.md

The figure of section 5 of notebooks/05_vanishing_exploding_gradients.ipynb has four
controls: hidden size H, eigenvalue scale rho, non-normality sigma_1/rho and activation.
Each change calls ``rnnlib.gradient_explorer.GradientExplorer.draw(H, rho, ratio,
activation)``, the notebook's ``explorer.draw``: it computes
``rnnlib.explorer_flow.gradient_flow`` (a random W_h, one sequence of T = 100 steps, the
Jacobian norms at every lag by ``estimate_jacobian_norms``), puts the result into the
figure's lines, repaints them over the saved picture of the rest (blitting), encodes the
PNG and displays it. The target: at most 100 ms per redraw for H up to 256.

The benchmark runs the same code as the notebook, imported from ``rnnlib.gradient_explorer``
(Agg backend; the PNG of each redraw is kept instead of shown). For each control and each H
in (32, 128, 256) it alternates that control between two values (three for the activation)
and times, per redraw:

- compute:   ``gradient_flow`` alone, with the control's new value;
- draw:      ``GradientExplorer.show_flow`` with that result: update, paint, PNG, show;
- total:     compute + draw, what the learner waits for, wall clock;
- total CPU: the CPU time this process spent on it (equal to the wall time on an idle
             machine; on a busy one the wall time is larger).

Times are medians (time.perf_counter, time.process_time); printed, never asserted.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no window, the same PNG as the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_rnn's machine-description helpers
try:
    import rnnlib  # noqa: F401
except ImportError:  # not installed: use the rnnlib next to this file
    sys.path.insert(0, str(HERE.parent))

from bench_rnn import (  # noqa: E402
    cpu_model,
    finish,
    fmt_time,
    load_average,
    machine_cpu_seconds,
    numpy_blas,
    own_cpu_seconds,
    parse_args,
)

import rnnlib.explorer_flow  # noqa: E402
from rnnlib.gradient_explorer import GradientExplorer  # noqa: E402
from rnnlib.plots import use_style  # noqa: E402

SIZES = (32, 128, 256)
T = 100
BASE = {"rho": 0.9, "ratio": 1.0, "activation": "tanh"}
# each control alternates between two values (the hidden size between H and H - 8)
CONTROLS = {
    "hidden size H": lambda H: [dict(BASE, H=H), dict(BASE, H=H - 8)],
    "eigenvalue scale ρ": lambda H: [dict(BASE, H=H), dict(BASE, H=H, rho=1.1)],
    "non-normality σ₁/ρ": lambda H: [dict(BASE, H=H), dict(BASE, H=H, ratio=3.0)],
    "activation": lambda H: [dict(BASE, H=H), dict(BASE, H=H, activation="relu"),
                             dict(BASE, H=H, activation="linear")],
}


def time_control(explorer, shown, settings, runs):
    """Median compute, draw, total (wall) and total CPU seconds per redraw over ``settings``.

    compute: rnnlib.explorer_flow.gradient_flow as GradientExplorer.draw calls it. draw:
    GradientExplorer.show_flow with that result, which updates the figure, renders the PNG
    and shows it (here: appends it to ``shown``).
    """
    compute, drawing, totals, cpu = [], [], [], []
    shown.clear()
    for i in range(runs + len(settings)):  # one warm-up pass over the settings first
        s = settings[i % len(settings)]
        c0, t0 = time.process_time(), time.perf_counter()
        flow = rnnlib.explorer_flow.gradient_flow(s["H"], s["rho"], s["ratio"] * s["rho"],
                                             s["activation"], T=explorer.T, seed=explorer.seed)
        t1 = time.perf_counter()
        explorer.show_flow(flow, s["H"], s["activation"])
        t2, c2 = time.perf_counter(), time.process_time()
        plt.close("all")
        if i >= len(settings):
            compute.append(t1 - t0)
            drawing.append(t2 - t1)
            totals.append(t2 - t0)
            cpu.append(c2 - c0)
    if len(shown) != runs + len(settings) or not shown[-1].startswith(b"\x89PNG"):
        sys.exit("GradientExplorer did not show one PNG per redraw")
    return tuple(statistics.median(x) for x in (compute, drawing, totals, cpu))


COLUMNS = ("control", "H", "compute", "draw", "total", "total CPU")
WIDTHS = (20, 4, 9, 9, 9, 9)


def table_row(cells):
    return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, WIDTHS)) + " |"


def main(argv=None):
    args = parse_args(__doc__, argv)
    runs = 3 if args.quick else 9

    use_style()
    shown = []
    explorer = GradientExplorer(T=T, seed=0, show=shown.append)  # as the notebook, SEED = 0
    blas_desc, _ = numpy_blas()
    lines = [
        "# Notebook 05: redraw time of the gradient-flow figure, per control",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores",
        f"- Python {platform.python_version()}, numpy {np.__version__}, "
        f"matplotlib {matplotlib.__version__}, BLAS: {blas_desc}",
        f"- T = {T} steps; base setting rho = {BASE['rho']}, sigma_1/rho = {BASE['ratio']}, "
        f"{BASE['activation']}; each control alternates between two (activation: three) values",
        "- BLAS threads: gradient_flow keeps every product small enough to run on one thread "
        "(rnnlib.dynamics._matmul_in_row_blocks), so the thread count should not matter; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}",
        f"- median of {runs} redraws per row"
        + (" (--quick: rough numbers)" if args.quick else "")
        + "; total = compute + draw (update the figure, render and show the PNG), wall "
        "clock; total CPU = CPU time this process used for it (on a busy machine the wall "
        "time is larger)",
    ]
    if hasattr(os, "getloadavg"):
        lines.append(f"- load average at start (1, 5, 15 min): {load_average()} "
                     "(other work on the machine slows everything: run on an idle machine)")
    lines += ["", table_row(COLUMNS), table_row(["-" * w for w in WIDTHS])]
    print("\n".join(lines), flush=True)

    machine_start, own_start, wall_start = (machine_cpu_seconds(), own_cpu_seconds(),
                                            time.perf_counter())
    for name, make in CONTROLS.items():
        for H in SIZES:
            c, d, t, cpu = time_control(explorer, shown, make(H), runs)
            row = table_row([name, H, fmt_time(c), fmt_time(d), fmt_time(t), fmt_time(cpu)])
            print(row, flush=True)
            lines.append(row)

    finish(lines, (machine_start, own_start, wall_start), args.markdown)


if __name__ == "__main__":
    main()
