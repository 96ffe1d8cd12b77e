"""The self-checks of notebook 02: right answers pass, placeholders wait, mistakes are named."""

import numpy as np
import pytest

from rnnlib import LECTURE_EMBEDDINGS, rnn_forward
from rnnlib.exercises import nb02

D, H = 4, 8


def _out(capsys):
    return capsys.readouterr().out


@pytest.fixture
def weights():
    rng = np.random.default_rng(7)
    vocab = nb02.lecture_vocabulary()
    E = rng.uniform(0, 1, (len(vocab), D))
    for word, vector in LECTURE_EMBEDDINGS.items():
        E[vocab.index(word)] = vector
    params = {"W_x": rng.normal(0, 0.5, (H, D)), "W_h": rng.normal(0, 0.3, (H, H)),
              "b": rng.normal(0, 0.1, H)}
    return E, params


def _h1_h2(E, params, words=("learning", "models"), *, tanh=True, bias=True, recurrent=True,
           W_h=None):
    vocab = nb02.lecture_vocabulary()
    W_h = params["W_h"] if W_h is None else W_h
    h, out = np.zeros(H), []
    for w in words:
        a = params["W_x"] @ E[vocab.index(w)]
        a = a + (W_h @ h if recurrent else 0) + (params["b"] if bias else 0)
        h = np.tanh(a) if tanh else a
        out.append(h)
    return out


# --------------------------------------------------------------------------- the vocabulary
def test_lecture_vocabulary_numbers_words_by_first_appearance():
    assert nb02.lecture_vocabulary().words == [
        "<pad>", "<unk>", "i", "love", "machine", "learning", "deep", "is", "very",
        "difficult", "models"]


# --------------------------------------------------------------------------- exercise 1
def test_check_encoding_accepts_the_right_indices(capsys):
    assert nb02.check_encoding([4, 5, 7, 1]) is True
    assert nb02.check_encoding(np.array([4, 5, 7, 1])) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct: [4, 5, 7, 1]") and "'fun'" in out and "<unk> = 1" in out


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    ([4, 5, 7], "your list has 3 indices, but 'Machine learning is fun' has 4 words"),
    ([4, 5, 7, 11], "does not get a new index 11, it becomes <unk> = 1"),
    ([4, 5, 7, 0], "0 is <pad>"),
    ([4, 5, 7, 9], "gets the index of <unk>, 1, not 9"),
    ([2, 3, 5, 1], "your indices are 2 too small"),
    ([4, 6, 7, 1], "word 2, 'learning', does not have index 6: find it in the table"),
    ("4 5 7 1", "give a list of integers"),
    ([4.0, 5.0, 7.0, 1.0], "every entry must be an integer index"),
    (42, "give a list of integers"),
])
def test_check_encoding_says_what_is_wrong(capsys, answer, message):
    assert nb02.check_encoding(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 2
def test_check_softmax_accepts_the_probabilities(capsys):
    z = np.array(nb02.EX2_LOGITS)
    assert nb02.check_softmax(np.exp(z) / np.exp(z).sum()) is True
    assert nb02.check_softmax(list(np.exp(z) / np.exp(z).sum())) is True
    assert "✅ Correct: y = [0.659 0.242 0.099]" in _out(capsys)


@pytest.mark.parametrize("make, message", [
    (lambda z: None, "⏳ Not answered yet"),
    (lambda z: np.exp(z), "these are e^z (they sum to 11.2125, not 1)"),
    (lambda z: z / z.sum(), "you divided the logits by their sum"),
    (lambda z: np.exp(z) / np.exp(z).sum() + 0.1, "your probabilities sum to 1.3000"),
    (lambda z: (np.exp(z) / np.exp(z).sum())[::-1], "right shape but wrong values"),
    (lambda z: np.exp(z)[:2] / np.exp(z)[:2].sum(), "your y has shape (2,), expected (3,)"),
    (lambda z: "0.66 0.24 0.1", "not an array of numbers"),
    (lambda z: np.array([np.nan, 0.5, 0.5]), "NaN or inf"),
])
def test_check_softmax_says_what_is_wrong(capsys, make, message):
    assert nb02.check_softmax(make(np.array(nb02.EX2_LOGITS))) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
def test_check_logits_accepts_the_logits_with_neutral_at_zero(capsys):
    p = np.array(nb02.EX3_PROBS)
    assert nb02.check_logits(np.log(p / p[1])) is True
    assert nb02.check_logits([1.253, 0.0, -0.693]) is True      # typed to 3 decimals
    assert "✅ Correct: z = [ 1.253  0.    -0.693]" in _out(capsys)


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    (np.log([0.7, 0.2, 0.1]), "softmax(z) gives the right probabilities, but z_neutral is"),
    (np.log([0.7, 0.2, 0.1]) + 5, "but z_neutral is"),
    ([0.7, 0.2, 0.1], "these are the probabilities themselves"),
    ([2.0, 0.0, -1.0], "softmax(z) = [0.844 0.114 0.042], not [0.7 0.2 0.1]"),
    ([1.0, 0.0], "your z has shape (2,), expected (3,)"),
    ([[1.0, 0.0, -1.0]], "your z has shape (1, 3), expected (3,)"),
    ([np.nan, 0.0, 1.0], "NaN or inf"),
    ("1.25 0 -0.69", "give z as three numbers"),
])
def test_check_logits_says_what_is_wrong(capsys, answer, message):
    assert nb02.check_logits(answer) is False
    out = _out(capsys)
    assert message in out
    assert "1.253" not in out and "ln(3.5)" not in out      # hints point, they do not tell


def test_check_logits_answers_odd_values_with_one_line(capsys):
    # check_logits waits for its baseline in tests/test_exercises_fuzz.py; the same odd values
    fuzz = pytest.importorskip("test_exercises_fuzz")
    for odd in fuzz.ODD:
        fuzz._answers_with_one_sentence(nb02.check_logits, (odd,))


# --------------------------------------------------------------------------- exercise 4
def test_check_parameter_count_accepts_the_total(capsys):
    V, D_, H_, K = 5000, 50, 128, 3
    total = V * D_ + H_ * D_ + H_ * H_ + H_ + K * H_ + K
    assert total == 273_299
    assert nb02.check_parameter_count(total) is True
    assert nb02.check_parameter_count(np.int64(total)) is True
    assert nb02.check_parameter_count(float(total)) is True
    assert "✅ Correct: 273,299 numbers, 250,000 of them in the embedding table E" in _out(capsys)


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    (23_299, "you left out the embedding table E"),
    (273_299 - 131, "you left out both biases, b and b_o"),
    (273_299 - 128, "you left out the cell's bias b"),
    (273_299 - 3, "you left out the output bias b_o"),
    (273_299 - 387, "you left out the output layer"),
    (273_299 - 128 * 128 + 128 * 50, "so it is H × H, not H × D"),
    (273_299 - 250_000 + 5000 * 128, "V × D, not V × H"),
    (273_300, "your count 273,300 is too high"),
    (273_139, "your count 273,139 is too low"),
    (273_299.5, "a count of numbers is a whole number"),
    ("273299", "give the count as one number"),
    (True, "give the count as one number"),
])
def test_check_parameter_count_says_what_is_wrong(capsys, answer, message):
    assert nb02.check_parameter_count(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 5
def test_check_h2_accepts_the_hand_computed_h2(capsys, weights):
    E, params = weights
    h2 = _h1_h2(E, params)[1]
    vocab = nb02.lecture_vocabulary()
    x = E[vocab.encode(nb02.EX5_SENTENCE)][:, None, :]
    h, _ = rnn_forward(x, np.zeros((1, H)), params)
    np.testing.assert_allclose(h2, h[1, 0], rtol=1e-12)
    assert nb02.check_h2(h2, E, params) is True
    assert "✅ Correct: h_2 = [" in _out(capsys)


@pytest.mark.parametrize("mistake, message", [
    ("h1", "this is h_1"),
    ("no_recurrence", "your h_2 ignores h_1"),
    ("no_tanh", "you forgot the tanh"),
    ("no_bias", "you dropped the bias b"),
    ("W_h.T", "you used W_h.T"),
    ("reversed", "you read the words in the wrong order"),
    ("lecture_sentence", "this is h_2 of 'I love machine learning' (section 5)"),
    ("x_2", "your h_2 has shape (4,), expected (8,)"),
    ("batch", "your h_2 has shape (1, 8), expected (8,)"),
    ("column", "your h_2 has shape (8, 1), expected (8,)"),
    ("off", "right shape but wrong values"),
    ("none", "⏳ Not answered yet"),
    ("text", "not an array of numbers"),
])
def test_check_h2_says_what_is_wrong(capsys, weights, mistake, message):
    E, params = weights
    h1, h2 = _h1_h2(E, params)
    answers = {
        "h1": h1,
        "no_recurrence": _h1_h2(E, params, recurrent=False)[1],
        "no_tanh": _h1_h2(E, params, tanh=False)[1],
        "no_bias": _h1_h2(E, params, bias=False)[1],
        "W_h.T": _h1_h2(E, params, W_h=params["W_h"].T)[1],
        "reversed": _h1_h2(E, params, words=("models", "learning"))[1],
        "lecture_sentence": _h1_h2(E, params, words=("i", "love"))[1],
        "x_2": E[nb02.lecture_vocabulary().index("models")],
        "batch": h2[None, :],
        "column": h2[:, None],
        "off": h2 + 0.01,
        "none": None,
        "text": "h_2",
    }
    assert nb02.check_h2(answers[mistake], E, params) is False
    assert message in _out(capsys)


def test_check_h2_never_raises_on_broken_weights(capsys, weights):
    E, params = weights
    assert nb02.check_h2(np.zeros(H), E[:, :3], params) is False
    assert nb02.check_h2(np.zeros(H), E, {"W_x": params["W_x"]}) is False
    assert "re-run the cells of sections 3 and 4" in _out(capsys)


def test_every_check_prints_exactly_one_line(capsys, weights):
    E, params = weights
    nb02.check_encoding(None)
    nb02.check_softmax([1, 2, 3])
    nb02.check_parameter_count(0)
    nb02.check_h2(np.ones(H), E, params)
    lines = _out(capsys).splitlines()
    assert len(lines) == 4 and all(line[0] in "✅❌⏳" for line in lines)
