import warnings

import numpy as np
import pytest

import rnnlib
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


# --- divergence: the run stops with TrainingDiverged, saying where and what to try ---------

@pytest.mark.parametrize("make_optimizer", [lambda lr: SGD(lr=lr, momentum=0.9),
                                            lambda lr: Adam(lr=lr)], ids=["sgd", "adam"])
@pytest.mark.parametrize("lr", [1e3, 1e300])
def test_a_huge_learning_rate_stops_training_with_where_and_what_to_try(make_optimizer, lr):
    from rnnlib.train import TrainingDiverged
    vocab, train, _ = _corpus()
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
    optimizer = make_optimizer(lr)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning escapes: a sentence instead
        with pytest.raises(TrainingDiverged) as info:
            fit_classifier(model, train, optimizer, epochs=5, batch_size=32, rng=rng)
    err = info.value
    message = str(err)
    assert message.startswith(f"training diverged at epoch {err.epoch}, step {err.step} of ")
    assert err.epoch >= 1 and err.step >= 1 and err.lr == lr
    assert f"try lr={lr / 10:g}" in message and "clip_norm=1.0" in message
    assert err.loss is None or not np.isfinite(err.loss) or err.loss > 10 * np.log(3)


def test_divergence_with_clipping_suggests_a_smaller_clip_norm():
    from rnnlib.train import TrainingDiverged
    vocab, train, _ = _corpus()
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
    with pytest.raises(TrainingDiverged, match=r"a smaller clip_norm \(now 1e\+06\)"):
        fit_classifier(model, train, SGD(lr=1e6), epochs=5, batch_size=32, rng=rng,
                       clip_norm=1e6)


def test_a_sane_run_does_not_diverge_and_logs_the_largest_gradient_norm():
    vocab, train, _ = _corpus()
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
    subset = (train[0][:128], train[1][:128])
    history = fit_classifier(model, subset, Adam(lr=0.02), epochs=2, batch_size=32, rng=rng,
                             clip_norm=5.0)
    assert len(history["grad_norm"]) == 2
    assert all(np.isfinite(n) and n > 0 for n in history["grad_norm"])
    assert all(np.isfinite(v) for v in history["train_loss"])


def test_a_model_with_nan_parameters_is_refused_before_training():
    vocab, train, _ = _corpus()
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
    model.params["W_h"][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"model.params\['W_h'\] must be finite"):
        fit_classifier(model, train, Adam(lr=0.02), epochs=1, batch_size=32, rng=rng)


# --- fit: the general loop that fit_classifier and notebook 04 use ------------------------

def test_fit_trains_a_many_to_many_model_and_keeps_its_history():
    rng = np.random.default_rng(0)
    model = rnnlib.ManyToManyRNN(2, 8, 1, rng=rng, loss="mse")
    x = rng.standard_normal((6, 32, 2))
    y = np.cumsum(x[..., :1], axis=0) / 3                     # a running sum: needs memory

    def batches(rng):
        order = rng.permutation(32)
        return [(x[:, order[i:i + 8]], y[:, order[i:i + 8]]) for i in range(0, 32, 8)]

    history = rnnlib.fit(model, batches, Adam(lr=0.02), epochs=15, rng=rng, clip_norm=5.0,
                         evaluate=lambda m: {"all_loss": m.loss_and_grads(x, y)[0]})
    assert list(history) == ["epoch", "batch_loss", "all_loss", "grad_norm"]
    assert history["epoch"] == list(range(1, 16))
    assert history["all_loss"][-1] < 0.5 * history["all_loss"][0]


def test_fit_logs_epoch_one_every_k_and_the_last(capsys):
    rng = np.random.default_rng(0)
    model = rnnlib.ManyToManyRNN(1, 3, 1, rng=rng, loss="mse")
    x, y = rng.standard_normal((4, 5, 1)), rng.standard_normal((4, 5, 1))
    rnnlib.fit(model, lambda rng: [(x, y)], SGD(lr=0.01), epochs=7, rng=rng, log_every=3,
               clip_norm=1.0)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["1", "3", "6", "7"]
    assert lines[0].startswith("epoch   1  batch_loss ") and "grad_norm" not in lines[0]


def test_fit_classifier_is_fit_with_the_classifier_s_batches_and_evaluation():
    vocab, train, test = _corpus()
    seqs, labels = train
    runs = []
    for use_fit in (False, True):
        rng = np.random.default_rng(3)
        model = ManyToOneClassifier(len(vocab), 8, 8, 3, rng=rng)
        if use_fit:
            def batches(rng):
                return [(*rnnlib.pad_sequences([seqs[i] for i in idx]), labels[idx])
                        for idx in minibatches(len(seqs), 32, rng)]
            rnnlib.fit(model, batches, Adam(lr=0.02), epochs=2, rng=rng)
        else:
            fit_classifier(model, train, Adam(lr=0.02), epochs=2, batch_size=32, rng=rng)
        runs.append(model.params)
    for key in runs[0]:
        np.testing.assert_array_equal(runs[0][key], runs[1][key])


def test_fit_takes_the_batches_as_a_generator_too():
    rng = np.random.default_rng(0)
    model = rnnlib.ManyToManyRNN(1, 3, 1, rng=rng, loss="mse")
    x, y = rng.standard_normal((4, 5, 1)), rng.standard_normal((4, 5, 1))
    history = rnnlib.fit(model, lambda rng: ((x, y) for _ in range(2)), SGD(lr=0.01),
                         epochs=2, rng=rng)
    assert len(history["batch_loss"]) == 2
