"""Notebook 07's temperature slider: the prefix it uses, the bars it draws, what it prints."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlib.charlm import CharLM, CharVocabulary  # noqa: E402
from rnnlib.layers import softmax  # noqa: E402
from rnnlib.next_char_explorer import NextCharExplorer, clean_prefix  # noqa: E402
from rnnlib.plots import use_style  # noqa: E402


@pytest.fixture
def model():
    use_style()                     # the notebooks' style: figures at 150 dpi
    return CharLM(4, 6, rng=np.random.default_rng(0))


def _explorer(model):
    shown = []
    return NextCharExplorer(model, show=shown.append), shown


@pytest.mark.parametrize("typed, prefix", [("jo", "jo"), ("", ""), ("  Jo ", "jo"),
                                           ("jo-ann", "jo"), ("3x", "x"), ("42", "")])
def test_clean_prefix_keeps_the_first_word_of_letters(typed, prefix):
    got, note = clean_prefix(typed)
    assert got == prefix
    assert (note is None) == (typed.strip().lower() == prefix)


def test_clean_prefix_says_what_it_used():
    assert clean_prefix("jo-ann") == (
        "jo", "the prefix 'jo-ann' is not one word of letters a-z: using 'jo'")
    assert clean_prefix("cab", letters="abc") == ("cab", None)
    assert clean_prefix("abd", letters="abc")[0] == "ab"


@pytest.mark.parametrize("bad", [None, 3, b"jo"])
def test_clean_prefix_refuses_what_is_not_text(bad):
    with pytest.raises(ValueError, match="typed must be a string"):
        clean_prefix(bad)
    with pytest.raises(ValueError, match="letters must be a non-empty string"):
        clean_prefix("jo", letters="")


def test_distribution_is_the_tempered_next_char_distribution(model):
    explorer, _ = _explorer(model)
    p_model = model.next_char_probabilities("an")[0][-1]
    np.testing.assert_allclose(explorer.distribution("an", 1.0), p_model, rtol=1e-12)
    for tau in (0.5, 1.5):
        p = explorer.distribution("an", tau)
        np.testing.assert_allclose(p, softmax(np.log(p_model) / tau), rtol=1e-12)
        assert p.shape == (len(model.vocab),) and np.isclose(p.sum(), 1)
    # a low temperature sharpens: the favourite gains, a high one flattens: it loses
    top = p_model.argmax()
    assert explorer.distribution("an", 0.5)[top] > p_model[top] > explorer.distribution("an", 2)[top]


@pytest.mark.parametrize("tau", [0, -1, float("nan"), "1"])
def test_distribution_refuses_a_temperature_that_is_not_positive(model, tau):
    explorer, _ = _explorer(model)
    with pytest.raises(ValueError, match="temperature"):
        explorer.distribution("", tau)


def test_draw_sets_the_bars_and_title_and_prints_eight_names(model, capsys):
    explorer, shown = _explorer(model)
    explorer.draw(0.5, " Jo!")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "the prefix 'jo!' is not one word of letters a-z: using 'jo'"
    names = out[1].removeprefix("8 names: ").split(", ")
    assert names == model.sample(8, 0.5, rng=np.random.default_rng(0), prefix="jo")
    assert all(name.startswith("jo") for name in names)
    heights = [bar.get_height() for bar in explorer.bars]
    np.testing.assert_allclose(heights, explorer.distribution("jo", 0.5))
    assert explorer.ax.get_title() == "p(next character | '.jo') at temperature 0.50"
    assert len(shown) == 1 and shown[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.imread(io.BytesIO(shown[0])).shape[:2] == (420, 1350)   # 9 x 2.8 in at 150 dpi


def test_draw_skips_the_names_for_a_prefix_of_twenty_letters(model, capsys):
    explorer, shown = _explorer(model)
    explorer.draw(1.0, "a" * 20)
    assert capsys.readouterr().out == "" and len(shown) == 1


def test_the_first_picture_is_the_same_as_any_later_one(model):
    explorer, shown = _explorer(model)
    explorer.draw(1.0, "")
    explorer.draw(1.0, "")            # the title too: it is drawn from the first picture on
    np.testing.assert_array_equal(plt.imread(io.BytesIO(shown[0])),
                                  plt.imread(io.BytesIO(shown[1])))


def test_a_redraw_equals_a_fresh_drawing(model):
    explorer, shown = _explorer(model)
    explorer.draw(1.0, "")
    explorer.draw(1.5, "ma")
    fresh, fresh_shown = _explorer(model)
    fresh.draw(1.5, "ma")
    np.testing.assert_array_equal(plt.imread(io.BytesIO(shown[-1])),
                                  plt.imread(io.BytesIO(fresh_shown[-1])))


def test_the_bars_follow_the_models_vocabulary():
    lm = CharLM(3, 5, rng=np.random.default_rng(1), vocab=CharVocabulary("abc"))
    explorer = NextCharExplorer(lm, show=lambda png: None)
    assert len(explorer.bars) == 4
    assert [t.get_text() for t in explorer.ax.get_xticklabels()] == list(".abc")


def test_the_widget_has_a_slider_and_a_box(model):
    explorer, shown = _explorer(model)
    ui = explorer.widget()
    controls = ui.children[0].children
    assert [c.description for c in controls] == ["temperature τ", "prefix"]
    assert (controls[0].min, controls[0].max, controls[0].value) == (0.1, 2.0, 1.0)


@pytest.mark.parametrize("bad", [None, "model", object()])
def test_the_model_must_be_a_charlm(bad):
    with pytest.raises(ValueError, match="model must be a CharLM"):
        NextCharExplorer(bad)
