"""Every notebook in JupyterLab in a real browser: it runs, it shows no error, every widget
renders, and every control redraws its figure when moved with the keyboard or typed into.

Screenshots of each notebook and each control go to screenshots/ (git-ignored).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CURRENT = "window.jupyterapp.shell.currentWidget"
KERNEL_IDLE = f"""() => {{
    const w = {CURRENT};
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle';
}}"""
ALL_RUN = f"""() => {{
    const w = {CURRENT};
    const cells = w.content.widgets.filter(c => c.model.type === 'code');
    const k = w.sessionContext.session.kernel;
    return k.status === 'idle' && cells.every(c => c.model.executionCount !== null);
}}"""


def stored_widget_views(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text())
    outputs = [out for c in nb["cells"] for out in c.get("outputs", [])]
    return sum(WIDGET_VIEW in out.get("data", {}) for out in outputs)


def open_and_run(page, lab_url, name):
    page.goto(f"{lab_url}/lab/tree/notebooks/{name}?reset")
    page.wait_for_function(f"() => window.jupyterapp && {CURRENT} && {CURRENT}.context "
                           f"&& {CURRENT}.context.path === 'notebooks/{name}'", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RUN, timeout=180_000, polling=500)
    page.wait_for_timeout(1500)  # let the last widget views and images render


def errors_on_page(page):
    texts = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    found = [texts.nth(i).inner_text()[:300] for i in range(texts.count())]
    body = page.locator(".jp-Notebook").inner_text()
    for marker in ("Error displaying widget", "Traceback (most recent call last)",
                   "Failed to load model class"):
        if marker in body:
            found.append(marker)
    return found


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_errors_and_widgets_render(page, lab_url, shots,
                                                                        name):
    open_and_run(page, lab_url, name)
    assert errors_on_page(page) == []
    expected = stored_widget_views(name)
    rendered = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)").count()
    assert rendered == expected, f"{rendered} widgets rendered, {expected} expected"
    page.screenshot(path=shots / f"{Path(name).stem}.png", full_page=False)


def _image(area):
    img = area.locator(".widget-output img")
    return img.first.get_attribute("src") if img.count() else ""


def _wait_redraw(page, area, before):
    page.wait_for_function(
        "([el, before]) => { const i = el.querySelector('.widget-output img');"
        " return i && i.getAttribute('src') !== before; }",
        arg=[area.element_handle(), before], timeout=30_000)


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if stored_widget_views(n)])
def test_every_control_redraws_its_figure(page, lab_url, shots, name):
    open_and_run(page, lab_url, name)
    areas = page.locator(".jp-OutputArea-output > .jupyter-widgets.widget-vbox")
    assert areas.count() > 0
    stem = Path(name).stem
    for a in range(areas.count()):
        area = areas.nth(a)
        area.scroll_into_view_if_needed()
        sliders = area.locator(".widget-slider")
        for s in range(sliders.count()):
            slider = sliders.nth(s)
            readout = slider.locator(".widget-readout")
            # 1. the keyboard: focus the handle and press an arrow (left when the slider
            #    starts at its maximum, where the right arrow rightly does nothing)
            before_img, before_val = _image(area), readout.inner_text()
            handle = slider.locator(".noUi-handle")
            handle.focus()
            handle.press("ArrowLeft" if _at_maximum(handle) else "ArrowRight")
            page.wait_for_function("([el, v]) => el.innerText !== v",
                                   arg=[readout.element_handle(), before_val], timeout=10_000)
            _wait_redraw(page, area, before_img)
            # 2. typing a value into the readout
            before_img, before_val = _image(area), readout.inner_text()
            target = _typed_value(slider)
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type(target)
            page.keyboard.press("Enter")
            page.wait_for_function("([el, v]) => el.innerText !== v",
                                   arg=[readout.element_handle(), before_val], timeout=10_000)
            _wait_redraw(page, area, before_img)
            area.screenshot(path=shots / f"{stem}_control{a}_slider{s}.png")
        texts = area.locator(".widget-text input")
        for t in range(texts.count()):
            before_img = _image(area)
            texts.nth(t).fill("what a wonderful and friendly place")
            texts.nth(t).press("Enter")
            _wait_redraw(page, area, before_img)
            area.screenshot(path=shots / f"{stem}_control{a}_text{t}.png")
        drops = area.locator(".widget-dropdown select")
        for d in range(drops.count()):
            options = drops.nth(d).locator("option")
            if options.count() < 2:
                continue
            before_img = _image(area)
            current = drops.nth(d).input_value()
            values = [options.nth(i).get_attribute("value") for i in range(options.count())]
            drops.nth(d).select_option(next(v for v in values if v != current))
            _wait_redraw(page, area, before_img)
            area.screenshot(path=shots / f"{stem}_control{a}_dropdown{d}.png")
    assert errors_on_page(page) == []


def _at_maximum(handle):
    """True when the slider's handle sits at the end of its range."""
    now = handle.get_attribute("aria-valuenow")
    top = handle.get_attribute("aria-valuemax")
    return now is not None and top is not None and float(now) >= float(top)


def _typed_value(slider):
    """A value inside the slider's range other than the current one, as text."""
    handle = slider.locator(".noUi-handle")
    lo = float(handle.get_attribute("aria-valuemin"))
    hi = float(handle.get_attribute("aria-valuemax"))
    now = float(re.sub(r"[^0-9.eE+-]", "", slider.locator(".widget-readout").inner_text()))
    target = lo + (hi - lo) * 0.25
    if abs(target - now) < 1e-9 * (1 + abs(now)):
        target = lo + (hi - lo) * 0.75
    is_int = float(lo).is_integer() and float(hi).is_integer() and float(now).is_integer()
    return str(int(round(target))) if is_int else f"{target:.2f}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_open_folded(page, lab_url, shots, name):
    """The Solutions section's code and output are folded (placeholders), so scrolling past
    an exercise does not show its answer; one click on a placeholder opens it."""
    nb = json.loads((ROOT / "notebooks" / name).read_text())
    folded = sum(c["cell_type"] == "code" and "solution" in c["metadata"].get("tags", [])
                 for c in nb["cells"])
    page.goto(f"{lab_url}/lab/tree/notebooks/{name}?reset")
    page.wait_for_function(f"() => window.jupyterapp && {CURRENT} && {CURRENT}.context "
                           f"&& {CURRENT}.context.path === 'notebooks/{name}'", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    placeholders = page.locator(".jp-Notebook .jp-InputPlaceholder")
    page.wait_for_function(f"() => document.querySelectorAll('.jp-Notebook "
                           f".jp-InputPlaceholder').length >= {folded}", timeout=30_000)
    assert placeholders.count() == folded
    with_output = sum(c["cell_type"] == "code" and bool(c.get("outputs"))
                      and "solution" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert page.locator(".jp-Notebook .jp-OutputPlaceholder").count() == with_output
    first = placeholders.first
    cell = page.locator(".jp-Notebook .jp-Cell:has(.jp-InputPlaceholder)").first
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=shots / f"{Path(name).stem}_solutions.png")
    first.locator(".jp-Placeholder-content").click()
    page.wait_for_function(f"() => document.querySelectorAll('.jp-Notebook "
                           f".jp-InputPlaceholder').length === {folded - 1}", timeout=10_000)
