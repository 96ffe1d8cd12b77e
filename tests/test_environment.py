"""environment.yml and postBuild (Binder, conda) agree with pyproject.toml, the one list."""

import os
import re
from pathlib import Path

import yaml
from helpers import load_pyproject

ROOT = Path(__file__).resolve().parents[1]


def _split(req):
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject():
    return load_pyproject()["project"]


def test_environment_yml_lists_the_runtime_and_notebook_dependencies_with_the_same_floors():
    project = _pyproject()
    wanted = dict(map(_split, project["dependencies"] + project["optional-dependencies"]["notebooks"]))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = dict(_split(d.replace("=", "==", 1) if re.match(r"^[\w-]+=[^=]", d) else d)
                for d in env["dependencies"] if isinstance(d, str))
    for name, floor in wanted.items():
        assert name in have, f"environment.yml lacks {name} (pyproject.toml asks {name}{floor})"
        assert have[name] == floor, f"{name}: environment.yml {have[name]!r}, pyproject {floor!r}"
    assert have["python"].startswith("=="), "pin python explicitly (repo2docker defaults to 3.10)"


def test_environment_python_satisfies_requires_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    floor = _pyproject()["requires-python"].removeprefix(">=")
    as_tuple = lambda v: tuple(int(x) for x in v.split("."))
    assert as_tuple(py.split("=")[1]) >= as_tuple(floor)


def test_environment_does_not_install_the_package_itself():
    text = (ROOT / "environment.yml").read_text()
    assert "-e ." not in text and "rnnlib" not in text.split("dependencies:")[1]


def test_postbuild_is_executable_and_installs_the_package_without_dependencies():
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK)
    lines = post.read_text().splitlines()
    assert lines[0] == "#!/bin/bash" and "set -euo pipefail" in lines
    assert any(re.search(r"pip install --no-deps -e \.$", line) for line in lines)


def test_no_binder_folder_hides_the_root_files():
    assert not (ROOT / "binder").exists()


def test_runtime_floors_admit_colab_versions():
    """Colab ships ipywidgets 7.7.1, numpy 2.1.3 and matplotlib 3.10.0."""
    deps = dict(map(_split, _pyproject()["dependencies"]))
    colab = {"ipywidgets": (7, 7, 1), "numpy": (2, 1, 3), "matplotlib": (3, 10, 0)}
    for name, version in colab.items():
        floor = tuple(int(x) for x in deps[name].removeprefix(">=").split("."))
        assert floor <= version[: len(floor)], f"{name}{deps[name]} excludes Colab's {version}"
        assert "<" not in deps[name]


def test_import_rnnlib_needs_only_numpy_and_exports_all():
    import subprocess
    import sys

    code = ("import sys, rnnlib; bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules];"
            "missing = [n for n in rnnlib.__all__ if not hasattr(rnnlib, n)];"
            "print(bad, missing)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr


def test_binder_has_a_cpu_build_of_pytorch_for_notebook_08():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "pytorch-cpu>=2.8" in deps, "conda-forge's CPU-only build, new enough for section 5"
    assert not any(d.startswith(("pytorch ", "pytorch>", "pytorch=", "torch")) for d in deps)
