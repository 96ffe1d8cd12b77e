"""Colab and Binder: every notebook's badges and its Colab set-up cell agree with the one
home URL in pyproject.toml ([project.urls] Homepage)."""

import json
import re
from pathlib import Path

import pytest

from conftest import load_pyproject

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HOME = load_pyproject()["project"]["urls"]["Homepage"]
REPO = re.match(r"https://github\.com/([^/]+/[^/]+)$", HOME).group(1)

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badges_point_at_this_notebook_in_the_home_repository(path):
    first = "".join(_cells(path)[0]["source"])
    colab = f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/{path.name}"
    binder = f"https://mybinder.org/v2/gh/{REPO}/HEAD?labpath=notebooks%2F{path.name}"
    assert f"]({colab})" in first, f"no Colab badge linking to {colab}"
    assert f"]({binder})" in first, f"no Binder badge linking to {binder}"
    links = re.findall(r"https://(?:colab\.research\.google\.com/github|mybinder\.org/v2/gh)/[^)\s]+",
                       "\n".join("".join(c["source"]) for c in _cells(path)))
    assert all(REPO in link for link in links), "a badge points at another repository"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_code_cell_installs_rnnlib_on_colab_only(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    src = "".join(code[0]["source"])
    assert 'if "google.colab" in sys.modules:' in src
    assert f'%pip install -q "rnnlib @ git+{HOME}@main"' in src
    assert code[0].get("outputs", []) == [], "the set-up cell prints nothing outside Colab"
