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


@pytest.mark.parametrize("answer, message", [  # tests and messages written from the answer
    ([4, 5, 7], "your list has 3 indices, but 'Machine learning is fun' has 4 words"),
    ([4, 5, 7, 11], "does not get a new index 11, it becomes <unk> = 1"),
    ([4, 5, 7, 9], "gets the index of <unk>, 1, not 9"),
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


def test_check_softmax_names_probabilities_that_do_not_sum_to_1(capsys):
    z = np.array(nb02.EX2_LOGITS)
    assert nb02.check_softmax(np.exp(z) / np.exp(z).sum() + 0.1) is False
    assert "your probabilities sum to 1.3000" in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
def test_check_logits_accepts_the_logits_with_neutral_at_zero(capsys):
    p = np.array(nb02.EX3_PROBS)
    assert nb02.check_logits(np.log(p / p[1])) is True
    assert nb02.check_logits([1.253, 0.0, -0.693]) is True      # typed to 3 decimals
    assert "✅ Correct: z = [ 1.253  0.    -0.693]" in _out(capsys)


@pytest.mark.parametrize("answer, message", [
    (np.log([0.7, 0.2, 0.1]), "softmax(z) gives the right probabilities, but z_neutral is"),
    (np.log([0.7, 0.2, 0.1]) + 5, "but z_neutral is"),
    ([2.0, 0.0, -1.0], "softmax(z) = [0.844 0.114 0.042], not [0.7 0.2 0.1]"),
    ([1.0, 0.0], "your z has shape (2,), expected (3,). One logit per class."),
    ([np.nan, 0.0, 1.0], "NaN or inf"),
])
def test_check_logits_says_what_is_wrong(capsys, answer, message):
    assert nb02.check_logits(answer) is False
    out = _out(capsys)
    assert message in out
    assert "1.253" not in out and "ln(3.5)" not in out      # hints point, they do not tell


# --------------------------------------------------------------------------- exercise 4
def test_check_parameter_count_accepts_the_total(capsys):
    V, D_, H_, K = 5000, 50, 128, 3
    total = V * D_ + H_ * D_ + H_ * H_ + H_ + K * H_ + K
    assert total == 273_299
    assert nb02.check_parameter_count(total) is True
    assert nb02.check_parameter_count(np.int64(total)) is True
    assert nb02.check_parameter_count(float(total)) is True
    assert "✅ Correct: 273,299 numbers, 250,000 of them in the embedding table E" in _out(capsys)


@pytest.mark.parametrize("answer, message", [  # messages written from the answer
    (273_300, "your count 273,300 is too high"),
    (273_139, "your count 273,139 is too low"),
    (273_299.5, "a count of numbers is a whole number"),
    (10**20, "your count 1e+20 is far off"),
    ("273299", "your count should be a whole number"),
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


def test_check_h2_judges_with_the_notebooks_own_weights(capsys, weights):
    E, params = weights
    h1, h2 = _h1_h2(E, params)
    for answer, message in [(h1, "this is h_1"), (h2[:, None], "shape (8, 1), expected (8,)"),
                            (E[nb02.lecture_vocabulary().index("models")],
                             "your h_2 has shape (4,), expected (8,)"),
                            (_h1_h2(E, params, words=("i", "love"))[1],
                             "this is h_2 of 'I love machine learning' (section 5)")]:
        assert nb02.check_h2(answer, E, params) is False
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
