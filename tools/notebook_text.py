"""Every notebook as text: notebooks_py/NN_name.py (jupytext's py:percent) beside the .ipynb.

The .ipynb, executed and normalised, is what learners open (GitHub, Colab, Binder, nbval
read it). Its text twin is what people edit, review and diff, and what ruff and the
duplicate check read: code cells as code, markdown cells as comments, one "# %%" line
before each cell (with its tags, e.g. nbval-ignore-output). The two hold the same cells.

    python tools/notebook_text.py write            # .ipynb -> .py, every notebook
    python tools/notebook_text.py check            # exit 1 if a pair differs (make lint)
    python tools/notebook_text.py update NN.py ... # .py -> .ipynb (then: make execute NB=...)

``update`` keeps the outputs of the cells whose source did not change; after any change of
code, run the notebook again with ``make execute NB=notebooks/NN_name.ipynb``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS, TEXT = ROOT / "notebooks", ROOT / "notebooks_py"
FORMAT = "py:percent"
# no notebook header (kernelspec, jupytext version): a text twin depends on nothing but
# the cells; of a cell's metadata only its tags
CONFIG = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "tags"}


def text_of(nb):
    """The py:percent text of a notebook (a NotebookNode)."""
    nb = nbformat.from_dict(nb)  # a copy: the filters below must not touch the caller's
    nb.metadata["jupytext"] = dict(CONFIG)
    return jupytext.writes(nb, fmt=FORMAT)


def cell_key(cell):
    """(cell_type, source, tags): what a pair must agree on. Blank lines at the end of a
    source do not count (jupytext spaces cells after a function as PEP 8 asks, and reads
    one of those blank lines back in some cases)."""
    return cell.cell_type, cell.source.rstrip("\n"), list(cell.metadata.get("tags", []))


def cells_of(text):
    """(cell_type, source, tags) for every cell of a py:percent text."""
    return [cell_key(c) for c in jupytext.reads(text, fmt=FORMAT).cells]


def pairs():
    """(notebook path, text path) for every notebook."""
    return [(p, TEXT / (p.stem + ".py")) for p in sorted(NOTEBOOKS.glob("*.ipynb"))]


def differences():
    """One line per notebook whose text twin is missing, extra or says something else."""
    problems = []
    for nb_path, py_path in pairs():
        if not py_path.exists():
            problems.append(f"{py_path.relative_to(ROOT)} is missing")
            continue
        nb = nbformat.read(nb_path, as_version=4)
        want = [cell_key(c) for c in nb.cells]
        got = cells_of(py_path.read_text(encoding="utf-8"))
        if got != want:
            first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                         min(len(got), len(want)))
            problems.append(f"{py_path.relative_to(ROOT)} and {nb_path.relative_to(ROOT)} "
                            f"differ from cell {first} on ({len(got)} and {len(want)} cells)")
        elif py_path.read_text(encoding="utf-8") != text_of(nb):
            problems.append(f"{py_path.relative_to(ROOT)} holds the cells of "
                            f"{nb_path.relative_to(ROOT)} but is not in the written form")
    known = {py for _, py in pairs()}
    problems += [f"{p.relative_to(ROOT)} has no notebook" for p in sorted(TEXT.glob("*.py"))
                 if p not in known]
    return problems


def write_pair(nb_path):
    """Write the text twin of one notebook of notebooks/ (tools/execute_notebooks.py calls
    this after it stores a notebook); True when the text changed."""
    nb_path = Path(nb_path).resolve()
    if nb_path.parent != NOTEBOOKS:
        return False  # a copy elsewhere (a test's, a student copy) has no twin
    TEXT.mkdir(exist_ok=True)
    py_path = TEXT / (nb_path.stem + ".py")
    text = text_of(nbformat.read(nb_path, as_version=4))
    if py_path.exists() and py_path.read_text(encoding="utf-8") == text:
        return False
    py_path.write_text(text, encoding="utf-8")
    print(f"wrote {py_path.relative_to(ROOT)}")
    return True


def write():
    for nb_path, _ in pairs():
        write_pair(nb_path)


def update(py_paths):
    for py_path in map(Path, py_paths):
        nb_path = NOTEBOOKS / (py_path.stem + ".ipynb")
        nb = nbformat.read(nb_path, as_version=4)
        old = {cell_key(c)[:2]: c for c in nb.cells}
        wanted = cells_of(py_path.read_text(encoding="utf-8"))
        kept_ids = {old[kind, source].get("id") for kind, source, _ in wanted
                    if (kind, source) in old}
        cells = []
        for i, (kind, source, tags) in enumerate(wanted):
            cell = old.get((kind, source))
            if cell is None:  # new or edited: no outputs until the notebook runs again
                new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
                cell = new(source)
                before = nb.cells[i] if i < len(nb.cells) else None
                if before is not None and before.cell_type == kind \
                        and before.get("id") not in kept_ids:
                    cell["id"] = before["id"]  # an edited cell keeps its place's id
            cell = nbformat.from_dict(cell)
            cell.metadata.pop("tags", None)
            if tags:
                cell.metadata["tags"] = tags
            cells.append(cell)
        nb.cells = cells
        nbformat.write(nb, nb_path)
        name = nb_path.relative_to(ROOT)
        print(f"updated {name}: run make execute NB={name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["write", "check", "update"])
    parser.add_argument("files", nargs="*", help="for update: the .py files to apply")
    args = parser.parse_args(argv)
    if args.command == "write":
        write()
    elif args.command == "update":
        update(args.files)
    else:
        problems = differences()
        for line in problems:
            print(line)
        if problems:
            print("(python tools/notebook_text.py write after editing a notebook; "
                  "update after editing its text)")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
