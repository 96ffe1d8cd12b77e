"""Execute notebooks from a fresh kernel and store them normalised.

    python tools/execute_notebooks.py notebooks/01_loops_and_unrolling.ipynb [...]
    python tools/execute_notebooks.py --normalise-only notebooks/*.ipynb   # the pre-commit hook

This is the project's one way to produce notebook outputs (``make execute``): each
notebook runs top to bottom in a new kernel, with its own folder as the working directory
and MPLBACKEND unset (so figures come out inline as PNG), and is then normalised:
execution counts 1..N, no widget state, no timing metadata, a fixed kernelspec. It prints
the wall time of each run. Claims (``rnnlib.claims``) are strict here, as under nbval.

``--normalise-only`` normalises without executing and exits with 1 when it changed a file
(the pre-commit hook in .pre-commit-config.yaml: a notebook saved from JupyterLab with
counts out of order or widget state is fixed, and the commit stops so that you can look).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# One BLAS thread: the notebooks' matrices are tiny, threads only add overhead (and contention
# on a busy laptop or a Binder container); nbval runs with the same setting (Makefile).
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What GitHub, nbviewer and a site show for a stored widget (they cannot run it), instead of
# the widget's repr ("VBox(children=(HBox(...").
WIDGET_TEXT = ("Interactive figure: run the notebook (JupyterLab, Binder or Colab) to use the "
               "controls. The static figure below shows a few of their values.")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalise(nb):
    """Counts 1..N, no widget state, no per-cell timings, stable notebook metadata,
    consecutive prints to one stream as one output, and a plain sentence instead of a
    widget's repr for readers that cannot run it."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = _merge_streams(cell.outputs)
        for out in cell.outputs:
            if out.output_type == "execute_result":
                out.execution_count = count
            out.get("metadata", {}).pop("transient", None)
            if WIDGET_VIEW in out.get("data", {}):
                out["data"]["text/plain"] = WIDGET_TEXT
    return nb


def _merge_streams(outputs):
    """Consecutive prints to the same stream as one output: how the kernel happened to
    flush them (one message or two) must not show up as a change in the stored notebook."""
    merged = []
    for out in outputs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text = "".join(merged[-1].text) + "".join(out.text)
        else:
            merged.append(out)
    return merged


def execute(path: Path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    env_backend = os.environ.pop("MPLBACKEND", None)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        elapsed = time.perf_counter() - start
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    nbformat.write(normalise(nb), path)
    return elapsed


def normalise_only(paths):
    """Normalise each notebook in place without running it; 1 when any file changed."""
    changed = []
    for p in map(Path, paths):
        before = p.read_text(encoding="utf-8")
        nbformat.write(normalise(nbformat.read(p, as_version=4)), p)
        if p.read_text(encoding="utf-8") != before:
            changed.append(p)
            print(f"{p}: normalised (counts 1..N, no widget state or timings); look, then add it",
                  flush=True)
    return 1 if changed else 0


def main(args):
    if args[:1] == ["--normalise-only"]:
        return normalise_only(args[1:])
    paths = args
    if not paths:
        print("usage: python tools/execute_notebooks.py [--normalise-only] NOTEBOOK.ipynb [...]",
              file=sys.stderr)
        return 2
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
    os.environ["UNROLLED_STRICT"] = "1"  # the text's numbers must hold (rnnlib.claims)
    for p in map(Path, paths):
        print(f"{p}: executed in {execute(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
