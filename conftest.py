"""pytest hooks shared by the unit tests and the notebook tests (nbval).

A cell whose stored output is a widget view draws its figure inside the widget (an
``Output`` area), which the notebook file keeps outside the cell: nbval would report that
drawing as "unexpected output". Such cells are still executed under nbval, so an
exception raised in a widget callback fails the test, but their output is not compared.
"""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def pytest_collection_modifyitems(config, items):
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not hasattr(item, "options"):
            continue
        if any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", [])):
            item.options["check"] = False
