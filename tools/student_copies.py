"""Student copies of the notebooks: everything but the worked solutions.

    python tools/student_copies.py [OUT_DIR]        # default: student/ (make student)

Each notebook in notebooks/ is written to OUT_DIR under the same name, without the cells
tagged ``solution`` (the Solutions section, tagged by the normaliser in
tools/execute_notebooks.py); in their place one short cell says where the solutions are.
The exercises and their self-checks stay, with their stored outputs. Nothing is run:
the Solutions section holds a notebook's last code cells (tests/test_student_copies.py
checks it), so a copy runs exactly the code cells of its notebook before the solutions,
which nbval checks in every notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = "solution"
IN_PLACE = ("## Solutions\n\n"
            "This is the student copy of the notebook: the worked solutions are left out. Each "
            "exercise's self-check tells you when your answer is right; your instructor has "
            "the full notebook (the course repository's `notebooks/` folder).")


def student_copy(nb):
    """The notebook without its solution cells (a new notebook; ``nb`` is not changed)."""
    copy = nbformat.from_dict(nb)
    cells, replaced = [], False
    for cell in copy.cells:
        if SOLUTION in cell.metadata.get("tags", []):
            if not replaced:
                cells.append(nbformat.v4.new_markdown_cell(IN_PLACE, id=cell.get("id")))
                replaced = True
            continue
        cells.append(cell)
    copy.cells = cells
    return copy


def main(args):
    out = Path(args[0]) if args else ROOT / "student"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        copy = student_copy(nb)
        nbformat.write(copy, out / path.name)
        left = len(nb.cells) - len(copy.cells) + 1
        print(f"{out.name}/{path.name}: {left} solution cells left out")
    for extra in ("sanitize.cfg",):  # what nbval needs to check the copies the same way
        if (ROOT / "notebooks" / extra).exists():
            (out / extra).write_bytes((ROOT / "notebooks" / extra).read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
