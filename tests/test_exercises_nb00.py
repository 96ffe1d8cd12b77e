"""The self-checks of notebook 00: right answers pass, placeholders wait, mistakes are named."""

import numpy as np
import pytest

from rnnlib import ManyToOneClassifier, Vocabulary, parameter_count
from rnnlib.exercises import nb00

V_TEXTS = ["I love this song", "The film was not great", "The bus leaves at nine",
           "What a wonderful concert"]
D, H, K = 5, 6, 3  # all different, so that a transposed shape cannot pass


class KeywordModel:
    """A stand-in for a trained classifier: 'wonderful' is positive, 'not' negative, else neutral.

    Shaped like a ManyToOneClassifier (params E (V, D), W_o (K, H); predict_proba (B, K)).
    """

    def __init__(self, vocab, positive=0.9):
        self.vocab, self.positive = vocab, positive
        self.params = {"E": np.zeros((len(vocab), D)), "W_o": np.zeros((K, H))}

    def predict_proba(self, tokens, lengths):
        probs = []
        for b in range(tokens.shape[1]):
            words = self.vocab.decode(tokens[: lengths[b], b])
            if "wonderful" in words:
                rest = (1 - self.positive) / 2
                probs.append([self.positive, rest, rest])
            elif "not" in words:
                probs.append([0.7, 0.2, 0.1])  # wrong on purpose: negations read as positive
            else:
                probs.append([0.1, 0.8, 0.1])
        return np.array(probs)


class BrokenModel(KeywordModel):
    def predict_proba(self, tokens, lengths):
        raise RuntimeError("boom")


@pytest.fixture
def vocab():
    return Vocabulary.build(V_TEXTS)


def _out(capsys):
    return capsys.readouterr().out


# ----------------------------------------------------------------------- helpers
def test_sentence_probabilities_runs_a_real_model_on_one_sentence(vocab):
    model = ManyToOneClassifier(len(vocab), D, H, K, rng=np.random.default_rng(0))
    p = nb00.sentence_probabilities(model, vocab, "I love this pizza")
    assert p.shape == (K,) and np.isclose(p.sum(), 1.0)


def test_unknown_words_lists_the_words_that_become_unk(vocab):
    assert nb00.unknown_words(vocab, "I love this scrumptious pizza") == ["scrumptious", "pizza"]
    assert nb00.unknown_words(vocab, "I love this song") == []


# ----------------------------------------------------------------------- exercise 1
def test_positive_sentence_placeholder_waits(vocab, capsys):
    assert nb00.check_positive_sentence(None, KeywordModel(vocab), vocab) is False
    assert _out(capsys).startswith("⏳ Not answered yet")


def test_positive_sentence_right_answer_passes_and_notes_unknown_words(vocab, capsys):
    assert nb00.check_positive_sentence("A wonderful pizza", KeywordModel(vocab), vocab) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct") and "90.0%" in out
    assert "did not know 'pizza': it became <unk>" in out


@pytest.mark.parametrize("sentence, message", [
    (42, "must be a string in quotes"),
    ("?!", "has no words"),
    ("I love machine learning", "is already in the corpus"),  # a sentence of the corpus
])
def test_positive_sentence_names_what_is_wrong(vocab, capsys, sentence, message):
    assert nb00.check_positive_sentence(sentence, KeywordModel(vocab), vocab) is False
    out = _out(capsys)
    assert out.startswith("❌") and message in out


def test_positive_sentence_below_the_threshold_says_how_sure_the_model_is(vocab, capsys):
    model = KeywordModel(vocab, positive=0.6)
    assert nb00.check_positive_sentence("A wonderful day", model, vocab) is False
    out = _out(capsys)
    assert "60.0% positive, below the 80%" in out and "its answer: positive" in out
    assert nb00.check_positive_sentence("The bus is red", model, vocab) is False
    assert "its answer: neutral" in _out(capsys)


def test_checks_never_raise_when_the_model_fails(vocab, capsys):
    assert nb00.check_positive_sentence("A wonderful day", BrokenModel(vocab), vocab) is False
    assert "could not read your sentence (RuntimeError: boom)" in _out(capsys)
    assert nb00.check_model_mistake("The film was great", "positive", BrokenModel(vocab),
                                    vocab) is False
    assert "could not read" in _out(capsys)


# ----------------------------------------------------------------------- exercise 2
def test_parameter_count_right_answer_passes(vocab, capsys):
    model = ManyToOneClassifier(len(vocab), D, H, K, rng=np.random.default_rng(0))
    total = sum(p.size for p in model.params.values())
    assert total == parameter_count(D, H, K, V=len(vocab))["total"]
    assert nb00.check_parameter_count(total, model) is True
    assert nb00.check_parameter_count(float(total), model) is True
    assert nb00.check_parameter_count(np.int64(total), model) is True
    assert _out(capsys).count("✅ Correct") == 3


@pytest.mark.parametrize("missing, message", [
    (("E",), "left out the embedding table E"),
    (("W_h",), "left out W_h"),
    (("b", "b_o"), "left out the biases"),
    (("W_x",), "left out W_x"),
    (("W_o", "b_o"), "left out the output layer"),
])
def test_parameter_count_names_the_missing_part(vocab, capsys, missing, message):
    model = ManyToOneClassifier(len(vocab), D, H, K, rng=np.random.default_rng(0))
    answer = sum(p.size for k, p in model.params.items() if k not in missing)
    assert nb00.check_parameter_count(answer, model) is False
    out = _out(capsys)
    assert out.startswith("❌") and message in out


@pytest.mark.parametrize("answer, message", [
    (None, "⏳ Not answered yet"),
    ("123", "must be a number; got str"),
    (True, "must be a number; got bool"),
    (12.5, "a whole number"),
    (7, "7 is not the count"),
])
def test_parameter_count_bad_answers(vocab, capsys, answer, message):
    model = ManyToOneClassifier(len(vocab), D, H, K, rng=np.random.default_rng(0))
    assert nb00.check_parameter_count(answer, model) is False
    assert message in _out(capsys)


def test_parameter_count_without_a_model_says_so(capsys):
    assert nb00.check_parameter_count(10, "model") is False
    assert "pass the trained model" in _out(capsys)


# ----------------------------------------------------------------------- exercise 3
def test_model_mistake_right_answer_passes(vocab, capsys):
    model = KeywordModel(vocab)
    assert nb00.check_model_mistake("The song was not great", "negative", model, vocab) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct") and "the model says positive" in out


@pytest.mark.parametrize("sentence, label, message", [
    (None, None, "⏳ Not answered yet"),
    ("The song was great", None, "⏳ Not answered yet"),
    ("The song was great", "good", "the label must be one of"),
    ("The pizza was not great", "negative", "never seen 'pizza'"),
    ("The bus leaves at nine", "neutral", "the model agrees with you: neutral"),
    ("I love machine learning", "negative", "the corpus labels this very sentence 'positive'"),
    (["The", "song"], "positive", "must be a string"),
])
def test_model_mistake_names_what_is_wrong(capsys, sentence, label, message):
    vocab = Vocabulary.build([*V_TEXTS, "I love machine learning"])  # every word known
    assert nb00.check_model_mistake(sentence, label, KeywordModel(vocab), vocab) is False
    assert message in _out(capsys)
