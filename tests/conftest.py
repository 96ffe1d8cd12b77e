"""Fixtures of the unit tests; shared sizes and helpers are in helpers.py."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def closed_figures():
    """Every figure a test draws is closed after it (``pytestmark`` of the drawing tests)."""
    import matplotlib.pyplot as plt
    yield
    plt.close("all")


@pytest.fixture
def styled_figures(closed_figures):
    """The series' style for a test that draws, its figures closed after it."""
    from rnnlib.plots import use_style
    use_style()
    yield
