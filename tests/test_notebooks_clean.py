"""Notebooks are committed executed and clean: the checks a reviewer would otherwise do by eye."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_BYTES = 2_000_000
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/root/|/home/[a-z]+/|/tmp/[A-Za-z0-9_.-]+/|[A-Z]:\\\\Users)")

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_executed_in_order(path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), (
        f"{path.name}: re-run it with `make execute NB={path.relative_to(ROOT)}`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_errors_or_widget_state(path):
    nb = _load(path)
    assert "widgets" not in nb["metadata"], "widget state is stored: re-run `make execute`"
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} stores an error"
            assert out.get("name") != "stderr", f"cell {i} writes to stderr: {out.get('text')!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_small_and_has_no_machine_paths(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    m = MACHINE_PATH.search(path.read_text(encoding="utf-8"))
    assert m is None, f"{path.name} contains a path of this machine: {m.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_template(path):
    md = "\n".join("".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    for heading in ["What you'll learn", "Before you start", "Setup", "Try it", "Summary",
                    "Exercises", "Solutions", "Next"]:
        assert re.search(rf"^#+ .*{re.escape(heading)}", md, re.M), f"no '{heading}' section"
    assert "colab.research.google.com/assets/colab-badge.svg" in md
    assert "mybinder.org/badge_logo.svg" in md


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_markers_are_tags_not_comments_learners_read(path):
    for i, cell in enumerate(_load(path)["cells"]):
        src = "".join(cell["source"])
        assert not re.search(r"^\s*#\s*NBVAL_", src, re.M), (
            f"cell {i}: use the cell tag nbval-ignore-output (or nbval-skip), not a comment")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_widgets_read_as_a_sentence_where_they_cannot_run(path):
    """GitHub and nbviewer show a widget's text/plain: a sentence, not "VBox(children=...)"."""
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                text = "".join(data.get("text/plain", ""))
                assert text.startswith("Interactive figure"), f"cell {i}: {text[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_description_for_screen_readers(path):
    """The normaliser gives every PNG an alt text (the sentence under the figure, or the
    cell's own "alt" metadata); nbconvert's HTML and the site put it on the <img>."""
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert len(alt) >= 20 and "$" not in alt and "\\" not in alt, (
                    f"cell {i}: alt text {alt!r}; run the normaliser (make execute)")


def test_nbconverts_html_puts_the_description_on_every_image():
    nbconvert = pytest.importorskip("nbconvert")
    html, _ = nbconvert.HTMLExporter().from_filename(str(NOTEBOOKS[0]))
    figures = [img for img in re.findall(r"<img\b[^>]*>", html) if "data:image/png" in img]
    assert figures and all(re.search(r'\balt="[^"]{20,}"', img) for img in figures)


# ------------------------------------------------------------------- one idea per cell
CHECKS_MARK = ("# Checks for this section: the numbers the text quotes, and what must hold "
               "for any seed.")
MAX_CELL_LINES = 15
CHECK_LINE = re.compile(r"^(assert\b|claim\(|claim_close\(|claim_timing\()")


def _sections(path):
    """[(heading, [cells])] for each `## ` section (the cells before the first one: "")."""
    sections = [("", [])]
    for cell in _load(path)["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and src.startswith("## "):
            sections.append((src.splitlines()[0], []))
        sections[-1][1].append(cell)
    return sections


def _code_lines(cell):
    return [line for line in "".join(cell["source"]).splitlines() if line.strip()]


def _is_file_text(cell):
    """A cell that only holds the text of a file the notebook writes (e.g. a worker script):
    one string literal, which is not code the learner reads line by line."""
    src = "".join(cell["source"]).strip()
    return re.fullmatch(r'(#[^\n]*\n)*[A-Z_]+ = r?"""[\s\S]*"""', src) is not None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_code_cell_holds_one_idea(path):
    """At most 15 non-blank lines (a section's check cell and a file's text excepted)."""
    long = [(i, len(_code_lines(c))) for i, c in enumerate(_load(path)["cells"])
            if c["cell_type"] == "code" and len(_code_lines(c)) > MAX_CELL_LINES
            and not "".join(c["source"]).startswith(CHECKS_MARK) and not _is_file_text(c)]
    assert not long, f"cells (index, lines) over {MAX_CELL_LINES} lines: split them: {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checks_that_keep_the_prose_honest_end_their_section(path):
    """Asserts and claims live in one marked cell at the end of a section (after it, only
    markdown), never among the lesson's cells; the Solutions' self-checks excepted."""
    for heading, cells in _sections(path):
        if heading.startswith("## Solutions"):
            continue
        code = [c for c in cells if c["cell_type"] == "code"]
        marked = [c for c in code if "".join(c["source"]).startswith(CHECKS_MARK)]
        assert len(marked) <= 1, f"{heading}: one check cell per section"
        assert not marked or marked[0] is code[-1], f"{heading}: the check cell comes last"
        for cell in code:
            if cell in marked:
                continue
            stray = [line for line in _code_lines(cell) if CHECK_LINE.match(line)]
            assert not stray, f"{heading}: move {stray[0]!r} to the section's check cell"
