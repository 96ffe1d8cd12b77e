import numpy as np
import pytest

from rnnlib.data import load_sentiment
from rnnlib.models import ManyToOneClassifier
from rnnlib.optim import SGD, Adam
from rnnlib.text import Vocabulary
from rnnlib.train import confusion_matrix, evaluate_classifier, fit_classifier, minibatches


def _corpus():
    texts, labels = load_sentiment("train")
    test_texts, test_labels = load_sentiment("test")
    vocab = Vocabulary.build(texts)
    return (vocab, ([vocab.encode(t) for t in texts], labels),
            ([vocab.encode(t) for t in test_texts], test_labels))


def test_minibatches_cover_every_example_once(rng):
    batches = minibatches(10, 4, rng)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))


def test_confusion_matrix_counts():
    C = confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
    with pytest.raises(ValueError, match=r"y_pred must have the shape of y_true"):
        confusion_matrix([0, 1], [0], 3)


def test_sentiment_classifier_reaches_85_percent_on_the_held_out_split():
    """The shipped corpus, a fixed seed, a couple of seconds of training."""
    vocab, train, test = _corpus()
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 16, 32, 3, rng=rng)
    history = fit_classifier(model, train, Adam(lr=0.01), epochs=20, batch_size=16, rng=rng,
                             test=test)
    loss, acc = evaluate_classifier(model, *test)
    assert acc == history["test_acc"][-1]
    assert acc >= 0.85, f"test accuracy {acc:.3f}"
    assert history["train_loss"][-1] < history["train_loss"][0]


def test_fit_logs_fixed_precision_lines_and_accepts_sgd_clipping_and_truncation(capsys):
    vocab, train, test = _corpus()
    rng = np.random.default_rng(1)
    model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
    subset = (train[0][:64], train[1][:64])
    fit_classifier(model, subset, SGD(lr=0.5, momentum=0.9), epochs=2, batch_size=32, rng=rng,
                   test=test, clip_norm=1.0, truncate=2, log_every=1)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("epoch   1  train loss ")
    assert "test loss" in lines[0] and "acc 0." in lines[0]
