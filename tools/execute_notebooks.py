"""Execute notebooks from a fresh kernel and store them normalised.

    python tools/execute_notebooks.py notebooks/01_loops_and_unrolling.ipynb [...]
    python tools/execute_notebooks.py --normalise-only notebooks/*.ipynb   # the pre-commit hook

This is the project's one way to produce notebook outputs (``make execute``): each
notebook runs top to bottom in a new kernel, with its own folder as the working directory
and MPLBACKEND unset (so figures come out inline as PNG), and is then normalised:
execution counts 1..N, no widget state, no timing metadata, a fixed kernelspec. It prints
the wall time of each run. Claims (``rnnlib.claims``) are strict here, as under nbval.

Student copies without the solutions: ``tools/student_copies.py`` (``make student``),
which leaves out the cells tagged here.

``--normalise-only`` normalises without executing and exits with 1 when it changed a file
(the pre-commit hook in .pre-commit-config.yaml: a notebook saved from JupyterLab with
counts out of order or widget state is fixed, and the commit stops so that you can look).
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_text import write_pair  # noqa: E402  (the notebook's text twin, notebooks_py/)

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
    consecutive prints to one stream as one output, the Solutions section's cells tagged
    ``solution`` (code and output folded in JupyterLab), a description (alt text) on every
    figure, and a plain sentence instead of a widget's repr for readers that cannot run it."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    _tag_solutions(nb)
    _describe_figures(nb)
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


SOLUTION = "solution"  # the tag of the cells that make_student_copies leaves out
HIDE_ON_SITE = "hide-cell"  # Jupyter Book's tag: the cell is folded behind a button on the site


def _heading(cell):
    return cell.cell_type == "markdown" and "".join(cell.source).startswith("## ")


def _tag_solutions(nb):
    """Tag the cells of the Solutions section (its heading up to the next ## heading)
    ``solution``, and fold the code and the output of its code cells in JupyterLab (and,
    with the tag ``hide-cell``, on the website), so that
    a learner who scrolls past an exercise does not land on its answer; untag every other
    cell."""
    inside = False
    for cell in nb.cells:
        if _heading(cell):
            inside = "".join(cell.source).startswith("## Solutions")
        tags = [t for t in cell.metadata.get("tags", []) if t not in (SOLUTION, HIDE_ON_SITE)]
        jupyter = cell.metadata.get("jupyter", {})
        jupyter.pop("source_hidden", None)
        jupyter.pop("outputs_hidden", None)
        if inside:
            tags.append(SOLUTION)
            if cell.cell_type == "code":  # its code and its output (the answer) folded
                tags.append(HIDE_ON_SITE)
                jupyter["source_hidden"] = True
                if cell.outputs:
                    jupyter["outputs_hidden"] = True
        for key, value in (("tags", tags), ("jupyter", jupyter)):
            if value:
                cell.metadata[key] = value
            else:
                cell.metadata.pop(key, None)


# LaTeX in a sentence, as a screen reader should read it (the rest of a command's name goes)
_TEX = {r"\lVert": "‖", r"\rVert": "‖", r"\sigma": "σ", r"\rho": "ρ", r"\tau": "τ",
        r"\odot": "⊙", r"\cdot": "·", r"\times": "×", r"\le": "≤", r"\ge": "≥",
        r"\approx": "≈", r"\ldots": "…", r"\dots": "…", r"\partial": "∂", r"\top": "ᵀ",
        r"\lambda": "λ", r"\gamma": "γ", r"\delta": "δ", r"\to": "→", r"\infty": "∞"}


def alt_text(markdown, limit=250):
    """A figure's description for screen readers (``<img alt>``) from the text the notebook
    writes under it: the first sentences of its first paragraph, without markdown or LaTeX
    markup, at most about ``limit`` characters."""
    text = " ".join(markdown.strip().split("\n\n")[0].split())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)             # [link](url) -> link
    text = re.sub(r"(\*\*|__|`)", "", text)                               # bold, code
    for command, char in sorted(_TEX.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", char, text)
    text = re.sub(r"\\(?:text|mathrm|operatorname|mathbf|boldsymbol)\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\(tanh|exp|log|ln|max|min|sin|cos|diag|det)(?![A-Za-z])", r"\1", text)
    text = re.sub(r"\\[A-Za-z]+", "", text).replace("$", "").replace("{", "").replace("}", "")
    text = re.sub(r"\\.", "", text)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    alt = sentences[0]
    for sentence in sentences[1:]:
        if len(alt) + 1 + len(sentence) > limit:
            break
        alt += " " + sentence
    return alt if len(alt) <= limit + 50 else alt[:limit].rsplit(" ", 1)[0] + " …"


def _describe_figures(nb):
    """Every PNG a code cell shows gets an ``alt`` (output metadata, which nbconvert's HTML
    and the site use): the cell's own ``alt`` metadata if it has one, else the text under
    the figure (the next markdown cell that is not a heading; the one above if none)."""
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        pngs = [out for out in cell.outputs if "image/png" in out.get("data", {})]
        if not pngs:
            continue
        alt = cell.metadata.get("alt")
        if not alt:
            below = [c for c in cells[i + 1:] if c.cell_type == "markdown"][:1]
            above = [c for c in cells[:i][::-1] if c.cell_type == "markdown"][:1]
            for source in below + above:
                text = "".join(source.source)
                if not text.lstrip().startswith("#"):
                    alt = alt_text(text)
                    break
            else:
                alt = alt_text("".join(above[0].source).lstrip("# ")) if above else "A figure."
        for out in pngs:
            out.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = alt


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
    write_pair(path)
    return elapsed


def normalise_only(paths):
    """Normalise each notebook in place without running it; 1 when any file changed."""
    changed = []
    for p in map(Path, paths):
        before = p.read_text(encoding="utf-8")
        nbformat.write(normalise(nbformat.read(p, as_version=4)), p)
        if write_pair(p) | (p.read_text(encoding="utf-8") != before):
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
