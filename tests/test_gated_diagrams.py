"""The LSTM and GRU cell diagrams: figures with titles, every part named, clean text."""

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from test_diagrams import assert_clean, patches, texts  # noqa: E402

from rnnlib.gated_diagrams import GATE_JOBS, draw_gru_cell, draw_lstm_cell  # noqa: E402

DRAW = {"lstm": draw_lstm_cell, "gru": draw_gru_cell}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("cell", DRAW)
def test_cell_diagram_is_a_clean_figure_with_a_title(cell):
    fig = DRAW[cell]()
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_title()
    assert_clean(fig)


def test_lstm_diagram_names_every_gate_and_the_cell_state():
    fig = draw_lstm_cell()
    labels = texts(fig)
    for name in ("$f_t$", "$i_t$", "$g_t$", "$o_t$", "$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$h_t$",
                 "$x_t$"):
        assert name in labels, name
    assert len(patches(fig, "gate")) == 5          # four gates and tanh(c_t)
    assert len(patches(fig, "op")) == 4            # f ⊙ c, i ⊙ g, +, o ⊙ tanh(c)


def test_gru_diagram_names_every_gate():
    fig = draw_gru_cell()
    labels = texts(fig)
    for name in ("$r_t$", "$z_t$", "$n_t$", "$h_{t-1}$", "$h_t$", "$x_t$", "$1-z_t$"):
        assert name in labels, name
    assert len(patches(fig, "op")) == 4            # z ⊙ h, (1 - z) ⊙ n, +, r ⊙ (W_hn h + b_hn)


def test_cell_diagrams_draw_on_a_given_axes_and_leave_the_style_alone():
    before = dict(mpl.rcParams)
    fig, axes = plt.subplots(1, 2, figsize=(14, 4))
    assert draw_lstm_cell(ax=axes[0]) is fig
    assert draw_gru_cell(ax=axes[1]) is fig
    assert all(ax.get_title() for ax in axes)
    assert dict(mpl.rcParams) == before


def test_every_gate_has_its_job_in_one_sentence():
    assert set(GATE_JOBS["lstm"]) == {"f", "i", "g", "o"}
    assert set(GATE_JOBS["gru"]) == {"r", "z", "n"}
    for jobs in GATE_JOBS.values():
        for gate, job in jobs.items():
            assert job.count(".") == 0 and ":" in job, (gate, job)
