"""A learner who changes SEED still reaches the end of every notebook.

Each notebook runs top to bottom in a fresh kernel with ``SEED = 1`` instead of 0, in a
learner's session (claims are notes, not errors: ``UNROLLED_STRICT`` unset). No cell may
raise; the quoted numbers may differ, and then the notebook says so in a 📝 line.
These tests run the notebooks (about a minute in all), so ``make unit`` leaves them out
(``-m "not tryit"``) and ``make tryit`` (part of ``make test``) runs them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SEED_LINE = re.compile(r"^SEED = 0$", re.M)

pytestmark = pytest.mark.tryit


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_to_the_end_with_another_seed(path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    setup = [c for c in nb.cells if c.cell_type == "code" and SEED_LINE.search(c.source)]
    assert len(setup) == 1, "the setup cell must set `SEED = 0` on a line of its own"
    setup[0].source = SEED_LINE.sub("SEED = 1", setup[0].source)

    monkeypatch.delenv("UNROLLED_STRICT", raising=False)  # a learner's session
    monkeypatch.delenv("MPLBACKEND", raising=False)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, "1")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} stops with SEED = 1:\n{str(exc)[-1500:]}")
    notes = [line for c in nb.cells for out in c.get("outputs", [])
             for line in out.get("text", "").splitlines() if line.startswith("📝")]
    print(f"{path.name}: {len(notes)} note(s) with SEED = 1")
