"""The course website in a real browser: the maths is typeset by the MathJax that ships with
the site, and no script, stylesheet or font is fetched from another host."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("jupyter_book",
                        reason="the site needs the 'site' extra (make test installs it)")
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("site"))


def test_the_maths_is_typeset_offline(page, site, shots):
    remote = []
    page.on("request", lambda r: remote.append((r.resource_type, r.url))
            if r.url.startswith("http") and r.resource_type in ("script", "stylesheet", "font")
            else None)
    page.goto((site / "notebooks" / "01_loops_and_unrolling.html").as_uri())
    page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.isReady", timeout=30_000)
    page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")  # typesetting finished
    sources = page.evaluate("() => MathJax.Hub.getAllJax().map(j => j.originalText)")
    assert any("W_h h_{t-1}" in s for s in sources), sources[:5]
    rendered = page.locator("span.MathJax, div.MathJax_Display").count()
    assert rendered >= len(sources) > 10
    assert page.locator(".MathJax_Error, merror").count() == 0
    page.locator("span.MathJax").first.scroll_into_view_if_needed()
    page.screenshot(path=shots / "site_01_maths.png")
    assert remote == []
