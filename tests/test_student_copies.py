"""Student copies (tools/student_copies.py, make student): the solutions go, everything
else stays as it is, and a copy can run because the solutions come last."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTION = "solution"


def _tool():
    spec = importlib.util.spec_from_file_location("student_copies",
                                                  ROOT / "tools" / "student_copies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _tagged(cell):
    return SOLUTION in cell["metadata"].get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_solutions_section_is_tagged_folded_and_holds_the_last_code_cells(path):
    cells = _cells(path)
    tagged = [i for i, c in enumerate(cells) if _tagged(c)]
    assert tagged, "no cell is tagged solution: run the normaliser (make execute)"
    first, last = tagged[0], tagged[-1]
    assert tagged == list(range(first, last + 1)), "the solution cells are not one block"
    assert "".join(cells[first]["source"]).startswith("## Solutions\n\n**Stop here and try")
    assert "".join(cells[last + 1]["source"]).startswith("## Next")
    for cell in cells[first:last + 1]:
        if cell["cell_type"] == "code":
            assert cell["metadata"]["jupyter"]["source_hidden"] is True
            assert "hide-cell" in cell["metadata"]["tags"]          # folded on the site too
            assert cell["metadata"]["jupyter"].get("outputs_hidden") is (
                True if cell["outputs"] else None)
    assert not any(c["cell_type"] == "code" for c in cells[last + 1:]), (
        "code after the solutions: a student copy could not run it")
    assert not any(c["metadata"].get("jupyter") for c in cells[:first])


def test_make_student_writes_every_notebook_without_its_solutions(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "student_copies.py"),
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        original, copy = _cells(path), _cells(tmp_path / path.name)
        kept = [c for c in original if not _tagged(c)]
        first = next(i for i, c in enumerate(original) if _tagged(c))
        assert copy[:first] == original[:first]          # exercises and self-checks untouched
        assert "student copy" in "".join(copy[first]["source"])
        assert copy[first + 1:] == kept[first:]          # then "Next", as it was
        assert not any(re.search(r"assert nb\d\d\.check_", "".join(c["source"])) for c in copy)


def test_a_copy_is_a_new_notebook():
    import nbformat
    tool = _tool()
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    before = len(nb.cells)
    copy = tool.student_copy(nb)
    assert len(nb.cells) == before and len(copy.cells) < before
