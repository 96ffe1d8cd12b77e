import re

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from rnnlib.diagrams import (  # noqa: E402
    MAX_WIDTH,
    PATTERNS,
    draw_all_patterns,
    draw_folded_rnn,
    draw_pattern,
    draw_text_pipeline,
    draw_unrolled_rnn,
)

WORDS = ["I", "love", "machine", "learning"]
INDICES = [2, 3, 4, 5]
EMBEDDINGS = [[0.5, 0.2, 0.1, 0.8], [0.9, 0.1, 0.7, 0.4], [0.3, 0.8, 0.5, 0.6],
              [0.6, 0.7, 0.3, 0.9]]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def patches(fig, gid):
    return [p for ax in fig.axes for p in ax.patches if p.get_gid() == gid]


def steps(fig, letter="h"):
    """The t of every label $h_{t}$ in the figure, in drawing order."""
    pattern = re.compile(rf"\${letter}_\{{(\d+)\}}\$")
    return [int(m.group(1)) for s in texts(fig) if (m := pattern.fullmatch(s))]


def titles(fig):
    return [ax.get_title() for ax in fig.axes] + [t.get_text() for t in fig.texts]


def assert_clean(fig):
    """Every title, label and note lies inside the figure and no two of them overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    items = [t for ax in fig.axes for t in (ax.title, *ax.texts) if t.get_text()] + fig.texts
    boxes = [t.get_window_extent(renderer) for t in items]
    for text, box in zip(items, boxes):
        assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, text.get_text()
        assert fig.bbox.y0 - 1 <= box.y0 and box.y1 <= fig.bbox.y1 + 1, text.get_text()
    for i, (a, box_a) in enumerate(zip(items, boxes)):
        for b, box_b in zip(items[i + 1:], boxes[i + 1:]):
            both = Bbox.intersection(box_a, box_b)
            assert both is None or both.width * both.height < 1.0, (a.get_text(), b.get_text())


ALL_DIAGRAMS = {
    "folded": lambda: draw_folded_rnn(),
    "folded_relu": lambda: draw_folded_rnn(activation="relu"),
    "unrolled": lambda: draw_unrolled_rnn(),
    "unrolled_words": lambda: draw_unrolled_rnn(4, words=WORDS, D=4, H=8),
    "unrolled_every": lambda: draw_unrolled_rnn(1, outputs="every", D=4, H=8),
    "unrolled_unshared": lambda: draw_unrolled_rnn(10, outputs="every", shared_weights=False),
    "pipeline": lambda: draw_text_pipeline(indices=INDICES, embeddings=EMBEDDINGS),
    "pipeline_placeholders": lambda: draw_text_pipeline(),
    **{f"pattern_{kind}": (lambda kind=kind: draw_pattern(kind)) for kind in PATTERNS},
    "all_patterns": draw_all_patterns,
}


# ---------------------------------------------------------------- every diagram
@pytest.mark.parametrize("name", ALL_DIAGRAMS)
def test_every_diagram_is_a_figure_with_a_title(name):
    fig = ALL_DIAGRAMS[name]()
    assert isinstance(fig, Figure)
    assert any(title.strip() for title in titles(fig))


@pytest.mark.parametrize("name", ALL_DIAGRAMS)
def test_every_diagram_has_no_overlapping_or_clipped_text(name):
    assert_clean(ALL_DIAGRAMS[name]())


@pytest.mark.parametrize("T", [1, 2, 5, 8, 10, 12])
def test_unrolled_text_stays_clean_for_every_slider_value(T):
    assert_clean(draw_unrolled_rnn(T, outputs="every", D=4, H=8))


def test_diagrams_draw_on_a_given_axes_and_leave_the_style_alone():
    before = dict(mpl.rcParams)
    fig, axes = plt.subplots(1, 3, figsize=(15, 3))
    assert draw_folded_rnn(ax=axes[0]) is fig
    assert draw_unrolled_rnn(3, ax=axes[1]) is fig
    assert draw_pattern("many_to_one", ax=axes[2]) is fig
    assert all(ax.get_title() for ax in axes)
    assert dict(mpl.rcParams) == before


# ---------------------------------------------------------------- folded cell
@pytest.mark.parametrize("activation, f", [("tanh", r"\tanh"), ("relu", r"\mathrm{ReLU}")])
def test_folded_cell_shows_the_equation_and_the_loop(activation, f):
    shown = texts(draw_folded_rnn(activation=activation))
    assert any(f in s and "W_h" in s and "h_{t-1}" in s for s in shown)
    assert {"$x_t$", "$y_t$", "$W_x$", "$W_h$", "$h_{t-1}$"} <= set(shown)
    assert any("memory" in s for s in shown)


def test_folded_cell_refuses_an_unknown_activation():
    with pytest.raises(ValueError, match="activation.*'tanh'.*got 'sigmoid'"):
        draw_folded_rnn(activation="sigmoid")


# ---------------------------------------------------------------- unrolled chain
@pytest.mark.parametrize("T", [1, 4, 10])
def test_unrolled_draws_one_cell_and_one_input_per_step(T):
    fig = draw_unrolled_rnn(T)
    assert steps(fig, "h") == list(range(1, T + 1))
    assert steps(fig, "x") == list(range(1, T + 1))
    assert len(patches(fig, "h")) == T and len(patches(fig, "h0")) == 1
    assert len(patches(fig, "x")) == T
    shown = texts(fig)
    assert shown.count("$W_h$") == T and shown.count("$W_x$") == T  # one name on every arrow
    assert any(s.startswith("same $W_x$, $W_h$, $b$ at every step") for s in shown)


@pytest.mark.parametrize("outputs, n", [("last", 1), ("every", 5), ("none", 0)])
def test_unrolled_outputs_at_the_end_at_every_step_or_none(outputs, n):
    fig = draw_unrolled_rnn(5, outputs=outputs)
    assert len(patches(fig, "y")) == n
    assert steps(fig, "y") == (list(range(1, 6)) if outputs == "every" else [])
    assert ("$y$" in texts(fig)) == (outputs == "last")


def test_unrolled_shows_the_words_with_x_t_under_them():
    fig = draw_unrolled_rnn(4, words=WORDS)
    shown = texts(fig)
    assert all(word in shown for word in WORDS)
    assert steps(fig, "x") == [1, 2, 3, 4]


def test_unrolled_shows_the_shapes_when_D_and_H_are_given():
    shapes = [s for s in texts(draw_unrolled_rnn(4, D=4, H=8)) if s.startswith("shapes")]
    assert len(shapes) == 1
    for part in ("$x_t$ (4,)", "$h_t$ (8,)", "$W_x$ (8 × 4)", "$W_h$ (8 × 8)"):
        assert part in shapes[0]
    assert not any(s.startswith("shapes") for s in texts(draw_unrolled_rnn(4)))


def test_unrolled_without_sharing_names_a_weight_per_step():
    shown = texts(draw_unrolled_rnn(3, shared_weights=False))
    assert {"$W_x^{(1)}$", "$W_x^{(3)}$", "$W_h^{(1)}$", "$W_h^{(3)}$"} <= set(shown)
    assert "$W_x$" not in shown


def test_unrolled_figure_grows_with_T_up_to_the_page_width():
    widths = [draw_unrolled_rnn(T).get_figwidth() for T in range(1, 13)]
    assert widths == sorted(widths)
    assert widths[0] < widths[-1] <= MAX_WIDTH


@pytest.mark.parametrize("kwargs, match", [
    ({"T": 0}, "T must be a positive integer; got 0"),
    ({"T": 2.5}, "T must be a positive integer; got 2.5"),
    ({"outputs": "all"}, "outputs must be one of 'last', 'every', 'none'; got 'all'"),
    ({"T": 3, "words": WORDS}, "words must have T = 3 entries"),
    ({"D": -1}, "D must be a positive integer; got -1"),
])
def test_unrolled_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        draw_unrolled_rnn(**kwargs)


# ---------------------------------------------------------------- text pipeline
def test_pipeline_shows_words_indices_and_every_embedding_number():
    fig = draw_text_pipeline("I love machine learning", INDICES, EMBEDDINGS)
    shown = texts(fig)
    assert any("I love machine learning" in s for s in shown)
    assert all(word in shown for word in WORDS)
    assert all(str(i) in shown for i in INDICES)
    numbers = [s for s in shown if re.fullmatch(r"-?\d+\.\d+", s)]
    assert numbers == [f"{v:g}" for row in EMBEDDINGS for v in row]
    assert len(patches(fig, "embedding")) == 16
    assert steps(fig, "h") == [1, 2, 3, 4] and steps(fig, "x") == [1, 2, 3, 4]


def test_pipeline_colours_embeddings_with_a_diverging_map_centred_at_zero():
    fig = draw_text_pipeline("a b", [0, 1], [[-1.0, 0.0], [1.0, 0.5]])
    neg, zero, pos, half = (to_rgb(p.get_facecolor()) for p in patches(fig, "embedding"))
    assert all(c > 0.9 for c in zero)       # 0 is (nearly) white
    assert neg[2] > neg[0] and pos[0] > pos[2]   # blue below 0, red above
    assert sum(half) > sum(pos)             # paler nearer 0


def test_pipeline_draws_placeholders_when_no_numbers_are_given():
    fig = draw_text_pipeline("Learning models")
    assert steps(fig, "i") == [1, 2] and steps(fig, "x") == [1, 2] and steps(fig, "h") == [1, 2]
    assert not patches(fig, "embedding")


@pytest.mark.parametrize("kwargs, match", [
    ({"indices": [2, 3, 4]}, r"indices must have shape \(T,\) = \(4,\).*got shape \(3,\)"),
    ({"indices": [2.0, 3.0, 4.0, 5.0]}, "indices must hold integers; got dtype float64"),
    ({"embeddings": np.zeros((3, 4))}, r"embeddings must have shape \(T, D\) = \(4, \?\)"),
    ({"sentence": "  "}, "sentence must contain at least one word"),
])
def test_pipeline_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        draw_text_pipeline(**kwargs)


# ---------------------------------------------------------------- patterns
# T_in = 4, T_out = 2: (cells, inputs x, outputs y, outputs fed back as inputs, context)
PATTERN_COUNTS = {
    "one_to_many": (2, 1, 2, 0, 0),
    "many_to_one": (4, 4, 1, 0, 0),
    "encoder_decoder": (6, 4, 2, 2, 1),
    "seq_to_seq": (4, 4, 4, 0, 0),
}


@pytest.mark.parametrize("kind", PATTERNS)
def test_pattern_draws_only_its_active_inputs_and_outputs(kind):
    fig = draw_pattern(kind, T_in=4, T_out=2)
    counts = tuple(len(patches(fig, gid)) for gid in ("h", "x", "y", "fed_back", "context"))
    assert counts == PATTERN_COUNTS[kind]
    name, example = PATTERNS[kind]
    assert fig.axes[0].get_title() == f"{name}\n{example}"
    assert example.startswith("e.g. ")


def test_encoder_decoder_feeds_each_output_back_as_the_next_input():
    shown = texts(draw_pattern("encoder_decoder", T_in=2, T_out=3))
    assert "<start>" in shown and "$c$" in shown
    assert steps(draw_pattern("encoder_decoder", T_in=2, T_out=3), "s") == [1, 2, 3]
    assert shown.count("$y_{1}$") == 2 and shown.count("$y_{2}$") == 2  # out, then in
    assert shown.count("$y_{3}$") == 1


def test_all_patterns_are_four_panels_with_their_titles():
    fig = draw_all_patterns()
    assert len(fig.axes) == 4
    assert sorted(ax.get_title() for ax in fig.axes) == sorted(
        "\n".join(v) for v in PATTERNS.values())
    assert "Four RNN patterns" in titles(fig)


@pytest.mark.parametrize("kwargs, match", [
    ({"kind": "two_to_two"}, "kind must be one of 'one_to_many', 'many_to_one', "
                             "'encoder_decoder', 'seq_to_seq'; got 'two_to_two'"),
    ({"kind": "seq_to_seq", "T_in": 0}, "T_in must be a positive integer; got 0"),
    ({"kind": "one_to_many", "T_out": "3"}, "T_out must be a positive integer; got '3'"),
])
def test_pattern_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        draw_pattern(**kwargs)
