import numpy as np
import pytest

# All-different sizes, so that a transposed matrix cannot pass a test.
T, B, D, H, K = 4, 3, 5, 6, 7


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def make_cell_params(rng, D=D, H=H, scale=0.5, dtype=np.float64):
    return {
        "W_x": (scale * rng.standard_normal((H, D))).astype(dtype),
        "W_h": (scale * rng.standard_normal((H, H))).astype(dtype),
        "b": (0.1 * rng.standard_normal(H)).astype(dtype),
    }
