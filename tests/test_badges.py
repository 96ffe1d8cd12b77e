"""Colab and Binder: every notebook's badges and its Colab set-up cell agree with the one
home URL in pyproject.toml ([project.urls] Homepage) and the course ref ([tool.unrolled]
course-ref: main, or the tag of a release; tools/set_version.py)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import load_pyproject

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HOME = load_pyproject()["project"]["urls"]["Homepage"]
REPO = re.match(r"https://github\.com/([^/]+/[^/]+)$", HOME).group(1)
REF = load_pyproject()["tool"]["unrolled"]["course-ref"]

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badges_point_at_this_notebook_in_the_home_repository(path):
    first = "".join(_cells(path)[0]["source"])
    colab = f"https://colab.research.google.com/github/{REPO}/blob/{REF}/notebooks/{path.name}"
    binder = f"https://mybinder.org/v2/gh/{REPO}/{REF}?labpath=notebooks%2F{path.name}"
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
    assert f'%pip install -q "rnnlib @ git+{HOME}@{REF}"' in src
    assert code[0].get("outputs", []) == [], "the set-up cell prints nothing outside Colab"


def test_every_place_names_the_same_course_ref():
    """Set-up cells, badges, links to other notebooks and the site's launch buttons."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "set_version.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_make_version_points_everything_at_the_release_tag_and_back(tmp_path):
    """In a copy: a release rewrites every place to v<version>; --development restores main's
    files byte for byte."""
    for name in ("pyproject.toml", "notebooks", "site", "tools"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    tool = tmp_path / "tools" / "set_version.py"
    run = [sys.executable, str(tool)]
    out = subprocess.run([*run, "9.8.7"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert 'course-ref = "v9.8.7"' in (tmp_path / "pyproject.toml").read_text()
    assert 'version = "9.8.7"' in (tmp_path / "pyproject.toml").read_text()
    for nb in (tmp_path / "notebooks").glob("*.ipynb"):
        text = nb.read_text()
        assert f"git+{HOME}@v9.8.7" in text and f"/blob/v9.8.7/notebooks/{nb.name}" in text
        assert f"{REPO}/v9.8.7?labpath=" in text and f"/blob/{REF}/" not in text
    assert "branch: v9.8.7" in (tmp_path / "site" / "_config.yml").read_text()
    out = subprocess.run([*run, "--development"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    if REF == "main":  # main's files come back unchanged (only the version number stays)
        changed = [p.name for p, b in before.items() if p.read_bytes() != b]
        assert changed == ["pyproject.toml"], changed


def test_a_ref_that_disagrees_is_named(tmp_path):
    for name in ("pyproject.toml", "notebooks", "site", "tools"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    first = sorted((tmp_path / "notebooks").glob("*.ipynb"))[0]
    first.write_text(first.read_text().replace(f"@{REF}\\\"", "@v0.0.1\\\""))  # in JSON: @main\"
    out = subprocess.run([sys.executable, str(tmp_path / "tools" / "set_version.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{first.name}: Colab set-up cell points at 'v0.0.1'" in out.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_next_section_links_the_next_notebook_here_and_on_colab(path):
    """Relative links work in JupyterLab, on Binder and on the website, not on Colab: the
    Next section's first line gives both (the last notebook links back to the map, 00)."""
    cells = [c for c in _cells(path) if c["cell_type"] == "markdown"]
    nxt = [c for c in cells if "".join(c["source"]).startswith("## Next")]
    assert len(nxt) == 1, "one Next section"
    later = [p for p in NOTEBOOKS if p.name > path.name]
    target = later[0].name if later else NOTEBOOKS[0].name
    colab = f"https://colab.research.google.com/github/{REPO}/blob/{REF}/notebooks/{target}"
    first = "".join(nxt[0]["source"]).split("\n\n")[1]
    assert re.match(rf"(➡️ \*\*Next|⬅️ \*\*Back to the map): \[[^]]+\]\({re.escape(target)}\)\*\* "
                    rf"\(\[open on Colab\]\({re.escape(colab)}\)\)", first), first
