"""Every notebook has a text twin in notebooks_py/ (py:percent) holding the same cells."""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebook_text", ROOT / "tools" / "notebook_text.py")
notebook_text = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notebook_text)


def test_every_notebook_and_its_text_twin_agree():
    assert notebook_text.differences() == []


def test_the_twin_is_code_with_the_markdown_as_comments():
    text = (ROOT / "notebooks_py" / "03_backprop_through_time.py").read_text(encoding="utf-8")
    assert text.startswith("# %% [markdown]\n# # 03 · ")  # no header: only the cells
    assert "\ndef bptt(dh, cache, params):\n" in text


@pytest.mark.parametrize("edit", ["markdown", "code"])
def test_update_applies_an_edited_twin_and_keeps_the_other_outputs(tmp_path, monkeypatch, edit):
    nb_dir, py_dir = tmp_path / "notebooks", tmp_path / "notebooks_py"
    nb_dir.mkdir()
    py_dir.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("x = 1\nprint(x)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
        nbformat.v4.new_code_cell("print(2)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="2\n")],
            metadata={"tags": ["nbval-ignore-output"]}),
    ])
    nbformat.write(nb, nb_dir / "99_demo.ipynb")
    ids = [c.id for c in nb.cells]
    monkeypatch.setattr(notebook_text, "NOTEBOOKS", nb_dir)
    monkeypatch.setattr(notebook_text, "TEXT", py_dir)
    monkeypatch.setattr(notebook_text, "ROOT", tmp_path)
    notebook_text.write()
    py = py_dir / "99_demo.py"
    text = py.read_text(encoding="utf-8")
    assert 'tags=["nbval-ignore-output"]' in text and notebook_text.differences() == []
    old, new = ("# Title", "# A new title") if edit == "markdown" else ("x = 1", "x = 3")
    py.write_text(text.replace(old, new), encoding="utf-8")
    assert notebook_text.differences() != []
    notebook_text.update([py])
    assert notebook_text.differences() == []
    cells = nbformat.read(nb_dir / "99_demo.ipynb", as_version=4).cells
    assert cells[2].outputs[0].text == "2\n" and cells[2].metadata["tags"] == ["nbval-ignore-output"]
    assert (cells[1].outputs == []) == (edit == "code")  # an edited code cell must run again
    assert [c.id for c in cells] == ids  # an edited cell keeps its id: a small diff
