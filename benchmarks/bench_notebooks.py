"""How long each notebook takes from a fresh kernel, and each of its controls to redraw.

    python benchmarks/bench_notebooks.py [--repeat 3] [--markdown PATH] [NOTEBOOK ...]

For every notebook: the wall time of a fresh run (nbclient, one BLAS thread, as
``make execute`` runs it), then, in the same kernel, every control of its interactive
figures (sliders, dropdowns, text boxes) is set to another value and back, and the time
until its callback has computed and drawn the figure (matplotlib's inline PNG) is recorded:
the median per control. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

# Runs in the notebook's kernel after its last cell: times every control's redraw.
PROBE = r'''
import json as _json, time as _time
import ipywidgets as _W
_reg = getattr(_W.Widget, "_active_widgets", None) or getattr(_W.Widget, "widgets", {})
_out = []
for _w in list(_reg.values()):
    if isinstance(_w, (_W.IntSlider, _W.FloatSlider)):
        _alts = [_w.min + (_w.max - _w.min) * f for f in (0.25, 0.75, 0.5)]
        _alts = [round(a) if isinstance(_w, _W.IntSlider) else a for a in _alts]
    elif isinstance(_w, _W.Dropdown):
        _alts = [v for v in (o[1] if isinstance(o, tuple) else o for o in _w.options)][:3]
    elif isinstance(_w, _W.Text):
        _alts = ["what a wonderful day", "the train was late again", "i do not like this movie"]
    else:
        continue
    _old, _times = _w.value, []
    for _v in _alts * REPEAT:
        if _v == _w.value:
            continue
        _t = _time.perf_counter()
        _w.value = _v
        _times.append(_time.perf_counter() - _t)
    _w.value = _old
    if _times:
        _out.append([_w.description or type(_w).__name__, _times])
print("PROBE" + _json.dumps(_out))
'''


def run(path, repeat):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE.replace("REPEAT", str(repeat))))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start  # includes the probe; main() subtracts its share
    probe_cell = nb.cells[-1]
    text = "".join(o.get("text", "") for o in probe_cell.outputs if o.output_type == "stream")
    # the probe's line only: a notebook's own late output (a child process's) may follow it
    controls = json.loads(text.split("PROBE", 1)[1].splitlines()[0]) if "PROBE" in text else []
    return total, controls


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("notebooks", nargs="*", type=Path,
                    help="notebooks to measure (default: all of notebooks/)")
    args = ap.parse_args(argv)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.pop("MPLBACKEND", None)
    lines = [f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}", "",
             "| notebook | fresh run (s) | control | redraw, median (ms) | slowest (ms) |",
             "|---|---:|---|---:|---:|"]
    print("\n".join(lines), flush=True)
    for path in args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb")):
        total, controls = run(path.resolve(), args.repeat)
        probe_time = sum(sum(t) for _, t in controls)
        fresh = total - probe_time
        rows = [f"| {path.stem} | {fresh:.1f} | | | |"]
        for name, times in controls:
            rows.append(f"| | | {name} | {1000 * statistics.median(times):.0f} | "
                        f"{1000 * max(times):.0f} |")
        print("\n".join(rows), flush=True)
        lines += rows
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
