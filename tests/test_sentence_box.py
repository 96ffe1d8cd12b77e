"""The sentence box: sentences without a known word are not classified, any text draws
without a warning, and a long sentence keeps the chart readable."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib import ManyToOneClassifier, Vocabulary, encode_batch  # noqa: E402
from rnnlib.plots import use_style  # noqa: E402
from rnnlib.sentence_box import (  # noqa: E402
    NO_WORDS,
    SentenceBox,
    draw_sentence,
    drawable,
    read_sentence,
    sentence_probabilities,
)

TEXTS = ["I love this song", "The film was not great", "The bus leaves at nine"]
D, H, K = 5, 6, 3  # all different, so that a transposed shape cannot pass
NOTHING_TO_CLASSIFY = ["", "   ", "\t", "?!...", "😍😍🔥", "🙂 !!", "pierogi", "Scrumptious pierogi!"]
LONG = ("The food was great but honestly the service in this place was so incredibly slow "
        "that we waited for nearly two hours before anyone came to take our order, and then "
        "they forgot the drinks and the bread and the dessert too")


@pytest.fixture(autouse=True)
def _style_and_close():
    use_style()
    yield
    plt.close("all")


@pytest.fixture
def vocab():
    return Vocabulary.build(TEXTS)


@pytest.fixture
def model(vocab):
    return ManyToOneClassifier(len(vocab), D, H, K, rng=np.random.default_rng(0))


def _draw_without_warnings(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph or mathtext warning fails the test
        fig.canvas.draw()


# ----------------------------------------------------------------------- reading
def test_read_sentence_names_the_unknown_words_and_what_the_model_sees(vocab):
    r = read_sentence(vocab, "I love this scrumptious pizza!")
    assert r.words == ["i", "love", "this", "scrumptious", "pizza"]
    assert r.read_as == ["i", "love", "this", "<unk>", "<unk>"]
    assert r.unknown == ["scrumptious", "pizza"]
    assert r.ids == vocab.encode("I love this scrumptious pizza!")
    assert r.known


@pytest.mark.parametrize("sentence", NOTHING_TO_CLASSIFY)
def test_a_sentence_without_a_known_word_is_not_known(vocab, sentence):
    assert not read_sentence(vocab, sentence).known


# ----------------------------------------------------------------------- probabilities
def test_probabilities_are_the_models_for_a_sentence_with_known_words(vocab, model):
    p = sentence_probabilities(model, vocab, "I love this pizza 😍")
    assert p.shape == (K,) and np.isclose(p.sum(), 1.0)
    expected = model.predict_proba(*encode_batch(vocab, ["I love this pizza"]))[0]
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-15)


@pytest.mark.parametrize("sentence", NOTHING_TO_CLASSIFY)
def test_nothing_is_classified_without_a_known_word(vocab, model, sentence):
    assert sentence_probabilities(model, vocab, sentence) is None


@pytest.mark.parametrize("call, name", [
    (lambda m, v: sentence_probabilities(m, v, None), "sentence"),
    (lambda m, v: sentence_probabilities(m, v, 42), "sentence"),
    (lambda m, v: sentence_probabilities(m, TEXTS, "I love it"), "vocab"),
    (lambda m, v: sentence_probabilities("model", v, "I love it"), "model"),
    (lambda m, v: read_sentence(v, ["I love it"]), "sentence"),
    (lambda m, v: drawable(None), "text"),
])
def test_bad_input_is_refused_by_name(vocab, model, call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        call(model, vocab)


# ----------------------------------------------------------------------- drawing
def test_drawable_escapes_dollars_and_replaces_characters_without_a_glyph():
    assert drawable("I paid $5, not $6") == r"I paid \$5, not \$6"
    assert drawable("plain text, café") == "plain text, café"
    out = drawable("I love it \U0001FAE0\x00")  # a recent emoji and a control character
    assert out.startswith("I love it ") and "\U0001FAE0" not in out and "\x00" not in out
    assert len(out) == len("I love it ") + 2  # one stand-in per character


@pytest.mark.parametrize("sentence", ["I love this song 😍🫠", "我爱你 I love it", "I love it for $5 and $6",
                                      "\x00\x07 love", LONG])
def test_any_sentence_draws_without_a_warning(vocab, model, sentence):
    fig, ax = plt.subplots(figsize=(4.6, 3.6))
    p = draw_sentence(ax, model, vocab, sentence)
    assert p is not None and len(ax.patches) == K  # three bars
    _draw_without_warnings(fig)


@pytest.mark.parametrize("sentence", NOTHING_TO_CLASSIFY)
def test_no_known_word_says_so_instead_of_drawing_bars(vocab, model, sentence):
    fig, ax = plt.subplots(figsize=(4.6, 3.6))
    assert draw_sentence(ax, model, vocab, sentence) is None
    assert len(ax.patches) == 0
    assert any(NO_WORDS in t.get_text() for t in ax.texts)
    _draw_without_warnings(fig)


def test_a_long_sentence_is_wrapped_and_keeps_the_chart_and_figure_size(vocab, model):
    heights = {}
    for name, sentence in (("short", "I love this song"), ("long", LONG)):
        fig, ax = plt.subplots(figsize=(4.6, 3.6))
        draw_sentence(ax, model, vocab, sentence)
        _draw_without_warnings(fig)
        assert tuple(fig.get_size_inches()) == (4.6, 3.6)
        title_lines = ax.get_title().split("\n")
        assert len(title_lines) <= 3 and max(map(len, title_lines)) <= 60
        heights[name] = ax.get_position().height
    assert heights["long"] > 0.5 * heights["short"]  # the bars keep most of their height


def test_the_same_code_draws_a_row_of_sentences(vocab, model):
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
    drawn = [draw_sentence(ax, model, vocab, s) for ax, s in zip(axes, ["I love it", "", LONG])]
    assert drawn[0] is not None and drawn[1] is None and drawn[2] is not None
    _draw_without_warnings(fig)


def test_the_live_box_shows_one_png_per_sentence_and_keeps_one_axes(vocab, model):
    shown = []
    box = SentenceBox(model, vocab, show=shown.append)
    sentences = ["I love this song", "", LONG, "😍😍🔥", "The film was not great"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        answers = [box.draw(s) for s in sentences]
    assert len(shown) == len(sentences) and all(p.startswith(b"\x89PNG") for p in shown)
    assert len(box.fig.axes) == 1 and plt.get_fignums() == []  # one kept figure, no pyplot
    for sentence, answer in zip(sentences, answers):
        expected = sentence_probabilities(model, vocab, sentence)
        assert (answer is None) == (expected is None)
        if expected is not None:
            np.testing.assert_array_equal(answer, expected)


def test_the_live_box_draws_what_draw_sentence_draws(vocab, model):
    box = SentenceBox(model, vocab, show=lambda png: None)
    box.draw("😍😍🔥")                      # no bars, axis off ...
    box.draw("I love this song")            # ... then bars again, on a cleared axes
    ax = box.ax
    assert ax.axison and len(ax.patches) == K
    assert ax.get_title().startswith("“I love this song")
    assert "read as: i love this song" in ax.get_xlabel()
    width, height = box.fig.get_size_inches() * box.fig.dpi
    assert box.canvas.get_width_height() == (round(width), round(height))


@pytest.mark.parametrize("sentences", [["I love this song", "The film was not great"],
                                       ["I love this song", "😍😍🔥", "The film was not great"],
                                       ["", LONG]])
def test_the_live_box_repaints_exactly_what_a_full_drawing_shows(vocab, model, sentences):
    """Blitting (only the bars, numbers, title and label repainted over the kept picture)
    gives the same pixels as drawing the whole figure again."""
    box = SentenceBox(model, vocab, show=lambda png: None)
    for sentence in sentences:
        box.render(sentence)
        blitted = np.array(box.canvas.buffer_rgba())
        box.canvas.draw()
        np.testing.assert_array_equal(blitted, np.asarray(box.canvas.buffer_rgba()))
