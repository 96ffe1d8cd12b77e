import numpy as np
import pytest

from rnnlib import Adam, ManyToOneClassifier, fit_classifier
from rnnlib.recipes import SENTIMENT_RECIPE, sentiment_data, train_sentiment_classifier


@pytest.fixture(scope="module")
def data():
    return sentiment_data()


def test_sentiment_data_is_the_corpus_encoded_with_the_training_vocabulary(data):
    vocab, (train_seqs, train_y), (test_seqs, test_y) = data
    assert len(train_seqs) == len(train_y) == 720 and len(test_seqs) == len(test_y) == 180
    assert len(vocab) == 569 and set(np.unique(train_y)) == {0, 1, 2}


def test_the_recipe_is_the_step_by_step_training_of_notebook_00(data):
    """Same seed, same draws in the same order: the same weights to the last bit."""
    vocab, train, test = data
    changes = {"epochs": 2}
    model, history = train_sentiment_classifier(0, data=data, **changes)
    rng = np.random.default_rng(0)
    r = {**SENTIMENT_RECIPE, **changes}
    by_hand = ManyToOneClassifier(len(vocab), r["embed_dim"], r["hidden_size"], 3, rng=rng)
    fit_classifier(by_hand, train, Adam(lr=r["lr"]), epochs=r["epochs"],
                   batch_size=r["batch_size"], rng=rng, test=test)
    for k in model.params:
        np.testing.assert_array_equal(model.params[k], by_hand.params[k])
    assert len(history["test_acc"]) == 2


def test_unknown_changes_are_refused_by_name(data):
    with pytest.raises(ValueError, match="hidden"):
        train_sentiment_classifier(0, data=data, hidden=8)
