"""The pre-commit configuration: local hooks only, each pointing at something that exists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_every_hook_is_local_and_its_command_exists():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {h["id"] for h in hooks} == {"ruff", "ruff-notebooks", "normalise-notebooks"}
    for hook in hooks:
        assert hook["language"] == "system"
        words = hook["entry"].split()
        assert words[0].startswith(".venv/bin/"), hook["entry"]
        for word in words[1:]:
            if word.endswith(".py"):
                assert (ROOT / word).is_file(), word


def test_the_normaliser_leaves_committed_notebooks_alone(tmp_path):
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        copy = tmp_path / nb.name
        copy.write_bytes(nb.read_bytes())
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"),
                             "--normalise-only", *map(str, sorted(tmp_path.glob("*.ipynb")))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (tmp_path / nb.name).read_bytes() == nb.read_bytes(), nb.name


def test_the_normaliser_reports_a_notebook_it_changed(tmp_path):
    nb = sorted((ROOT / "notebooks").glob("*.ipynb"))[0]
    text = nb.read_text(encoding="utf-8").replace('"execution_count": 1,', '"execution_count": 7,', 1)
    copy = tmp_path / nb.name
    copy.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"),
                             "--normalise-only", str(copy)], capture_output=True, text=True)
    assert result.returncode == 1 and "normalised" in result.stdout
    assert copy.read_bytes() == nb.read_bytes()


def test_consecutive_prints_to_one_stream_are_stored_as_one_output():
    import importlib.util

    import nbformat
    spec = importlib.util.spec_from_file_location("execute_notebooks",
                                                  ROOT / "tools" / "execute_notebooks.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1); print(2)")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                           nbformat.v4.new_output("stream", name="stderr", text="!\n"),
                           nbformat.v4.new_output("stream", name="stdout", text="3\n")]
    outputs = tool.normalise(nb).cells[0].outputs
    assert [(o.name, o.text) for o in outputs] == [("stdout", "1\n2\n"), ("stderr", "!\n"),
                                                   ("stdout", "3\n")]
