"""The course website (tools/build_site.py, make site): every notebook has a page, no link
points at a missing file, nothing is loaded from another host, every figure is described.
The maths is checked in a real browser in browser_tests/test_site.py."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REF = yaml.safe_load((ROOT / "site" / "_config.yml").read_text())["repository"]["branch"]
LOCAL_OK = ("http://", "https://", "mailto:", "#", "data:", "javascript:")


def _load_tool():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("jupyter_book",
                        reason="the site needs the 'site' extra (make test installs it)")
    return _load_tool().build(tmp_path_factory.mktemp("site"))


def test_the_table_of_contents_is_the_series_in_order():
    toc = yaml.safe_load((ROOT / "site" / "_toc.yml").read_text())
    assert toc["root"] == "README"
    series = [c["file"] for c in toc["parts"][0]["chapters"]]
    assert series == [f"notebooks/{p.stem}" for p in NOTEBOOKS]


def test_every_notebook_has_a_page_with_its_launch_buttons(site):
    for nb in NOTEBOOKS:
        page = (site / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert f"colab.research.google.com/github/unrolled-rnn/unrolled/blob/{REF}/" in page
        assert "mybinder.org/v2/gh/unrolled-rnn/unrolled/" in page
    assert (site / "README.html").is_file() and (site / "index.html").is_file()


def _references(page):
    text = page.read_text(encoding="utf-8")
    return re.findall(r'\b(?:href|src)="([^"]+)"', text)


def test_no_page_links_to_a_missing_file(site):
    missing = []
    for page in site.rglob("*.html"):
        if page.is_relative_to(site / "_static"):
            continue  # the theme's templates, not pages
        for ref in _references(page):
            if ref.startswith(LOCAL_OK):
                continue
            path = unquote(urlsplit(ref).path)
            if path and not (page.parent / path).exists():
                missing.append(f"{page.relative_to(site)} -> {ref}")
    assert not missing, missing[:10]


def test_no_script_stylesheet_or_font_comes_from_another_host(site):
    remote = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", text):
            for url in re.findall(r'\b(?:src|href)="(https?://[^"]+)"', tag):
                if tag.startswith("<link") and re.search(r'rel="(next|prev|canonical)"', tag):
                    continue
                remote.append(f"{page.relative_to(site)}: {url}")
    for css in (site / "_static").rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?(https?://[^'\")\s]+)",
                              css.read_text(encoding="utf-8", errors="replace")):
            remote.append(f"{css.relative_to(site)}: {url}")
    assert not remote, remote[:10]
    assert (site / "_static" / "mathjax" / "MathJax.js").is_file()


def test_every_figure_is_described(site):
    undescribed = []
    for page in (site / "notebooks").glob("*.html"):
        for tag in re.findall(r"<img\b[^>]*_images/[^>]*>", page.read_text(encoding="utf-8")):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or len(alt.group(1)) < 20 or "_images/" in alt.group(1):
                undescribed.append(f"{page.name}: {tag[:120]}")
    assert not undescribed, undescribed[:5]
