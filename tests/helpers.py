"""What the tests share that is not a fixture: the test sizes, a cell's parameters and the
project's pyproject.toml. Imported as ``from helpers import ...`` (pytest puts tests/ on the
path); fixtures stay in conftest.py."""

import sys
from pathlib import Path

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# All-different sizes, so that a transposed matrix cannot pass a test.
T, B, D, H, K = 4, 3, 5, 6, 7


def load_pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def make_cell_params(rng, D=D, H=H, scale=0.5, dtype=np.float64):
    return {
        "W_x": (scale * rng.standard_normal((H, D))).astype(dtype),
        "W_h": (scale * rng.standard_normal((H, H))).astype(dtype),
        "b": (0.1 * rng.standard_normal(H)).astype(dtype),
    }


def png_pixels(png):
    """PNG bytes as an array of pixels (height, width, channels), to compare pictures."""
    import io

    import matplotlib.pyplot as plt
    return plt.imread(io.BytesIO(png))
