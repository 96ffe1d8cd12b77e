"""Fixtures of the unit tests; shared sizes and helpers are in helpers.py."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(1234)
