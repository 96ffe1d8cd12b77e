"""The seed studies across a gap: the negation task's control, the encoded data of each task
(drawn from the seed's generator, made once) and the studies' results; bad input refused."""

import numpy as np
import pytest

from rnnlib.data import negation_task
from rnnlib.gap_studies import (
    K_ITEMS,
    N_SYMBOLS,
    negation_data,
    negation_study,
    opinion_control,
    recall_data,
    recall_study,
)


def test_the_control_moves_the_sentiment_word_to_where_not_stood():
    texts, labels = negation_task(200, 4, np.random.default_rng(0))
    moved, new_labels = opinion_control(texts, labels)
    assert new_labels.shape == (200,) and set(new_labels) <= {0, 1}
    for text, label, m, new in zip(texts, labels, moved, new_labels):
        words, after = text.split(), m.split()
        assert len(after) == len(words)
        assert after[2] == words[-1] and after[-1] == words[0]      # word moved, a filler at the end
        assert after[:2] == words[:2] and after[3:-1] == words[3:-1]
        negated = words[2] == "not"
        assert new == (1 - label if negated else label)   # the word's own sentiment: no "not"


def test_negation_data_encodes_the_seeds_sentences_and_is_made_once():
    X, y, X_test, y_test, V, state = negation_data(3, 7, False, 50, 20)
    assert X.shape == (50, 6) and X_test.shape == (20, 6) and y.shape == (50,)
    assert X.min() >= 1 and X.max() < V                          # no padding id: equal lengths
    rng = np.random.default_rng(7)
    texts, labels = negation_task(50, 3, rng)
    negation_task(20, 3, rng)
    assert np.array_equal(y, labels)
    assert state == rng.bit_generator.state                      # the model's draws come next
    assert negation_data(3, 7, False, 50, 20)[0] is X            # cached
    Xc, yc, *_ = negation_data(3, 7, True, 50, 20)
    assert np.array_equal(yc, opinion_control(texts, labels)[1])
    assert not np.array_equal(Xc, X)


def test_recall_data_asks_for_one_of_the_items():
    X, y, X_test, y_test, V, _ = recall_data(2, 0, 40, 10)
    assert X.shape == (40, K_ITEMS + 2 + 1) and V == N_SYMBOLS + 1 + K_ITEMS
    assert np.all(X[:, K_ITEMS:K_ITEMS + 2] == N_SYMBOLS)        # the fillers
    asked = X[:, -1] - N_SYMBOLS - 1
    assert np.all((asked >= 0) & (asked < K_ITEMS))
    assert np.array_equal(y, X[np.arange(40), asked])
    assert X_test.shape == (10, K_ITEMS + 3) and y_test.shape == (10,)


def test_a_short_gap_is_learned_and_a_study_returns_one_accuracy_per_seed():
    train_acc, test_acc = negation_study(2, seeds=range(2))
    assert train_acc.shape == test_acc.shape == (2,)
    assert np.all(test_acc >= 0.9)                   # gap 2: every seed solves it (notebook 05)
    control = negation_study(2, seeds=range(2), epochs=1, control=True)[1]
    assert control.shape == (2,) and np.all((0 <= control) & (control <= 1))
    recall = recall_study(1, 8, seeds=range(2), epochs=1)
    assert recall.shape == (2,) and np.all((0 <= recall) & (recall <= 1))


@pytest.mark.parametrize("call, message", [
    (lambda: negation_data(0, 0), "gap must be a positive integer; got 0"),
    (lambda: negation_data(2, -1), "seed must be an integer >= 0; got -1"),
    (lambda: recall_data(2, 0, 0), "n_train must be a positive integer; got 0"),
    (lambda: opinion_control(["the film not good"], [0, 1]), "texts and labels must be"),
    (lambda: negation_study(2, seeds=[]), "seeds must hold at least one seed"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
