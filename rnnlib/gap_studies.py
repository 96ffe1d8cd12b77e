"""Seed studies across a gap (notebook 05, sections 7 and 9): can a small tanh RNN learn to
use a word that many steps back?

    opinion_control(texts, labels)      the control of the negation task: the sentiment word
                                        itself stands where "not" stood
    negation_data(gap, seed, control)   the negation task (or its control) for one seed, encoded
    negation_study(gap, ...)            one tanh RNN per seed on it: train and test accuracy
    recall_data(gap, seed)              the recall task: K_ITEMS items, gap fillers, a question
    recall_study(gap, H, ...)           one tanh RNN per seed on it: test accuracy

Each seed draws its own sentences, then (from the same generator) its starting weights and
mini-batches; the seeds of a study are trained all at once by
``rnnlib.stacked_classifiers`` (the trainer notebook 06 uses for its gated cells too).
The data of each (gap, seed) is made once and kept (a cache): never modify its arrays.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ._validation import check_positive_int
from .data import negation_task
from .stacked_classifiers import stacked_accuracy, train_stacked
from .text import Vocabulary

__all__ = ["opinion_control", "negation_data", "negation_study", "recall_data", "recall_study",
           "N_SYMBOLS", "K_ITEMS"]

N_SYMBOLS, K_ITEMS = 8, 3      # recall: items are words 0..7, the filler 8, questions 9..11


def opinion_control(texts, labels):
    """The control task: in each negation sentence, the sentiment word moves to where "not"
    (or the filler in its place) stood, and the sentence's first word fills the end.

    texts, labels: sentences of ``rnnlib.negation_task`` (prefix 2) and their labels.
    Returns (texts, labels (N,)): the moved sentences, each labelled with that word's own
    sentiment, 0 = positive, 1 = negative.
    """
    texts, labels = list(texts), np.asarray(labels)
    if labels.shape != (len(texts),) or not all(isinstance(t, str) and len(t.split()) >= 4
                                                for t in texts):
        raise ValueError(f"texts and labels must be negation_task's sentences and their "
                         f"labels (N,); got {len(texts)} texts and labels of shape "
                         f"{labels.shape}")
    moved, new_labels = [], []
    for text, label in zip(texts, labels):
        words = text.split()
        negated = words[2] == "not"                       # negation_task: 2 fillers come first
        good = (label == 1) == negated              # its label is 1 exactly when good == negated
        words[2], words[-1] = words[-1], words[0]
        moved.append(" ".join(words))
        new_labels.append(0 if good else 1)
    return moved, np.array(new_labels)


def _check_study(gap, seed, n_train, n_test):
    return (check_positive_int("gap", gap), check_positive_int("seed", seed, minimum=0),
            check_positive_int("n_train", n_train), check_positive_int("n_test", n_test))


@cache
def negation_data(gap, seed, control=False, n_train=800, n_test=400):
    """The negation task (or, with control=True, its control) for one seed, encoded.

    gap: how many words "not" stands before the sentiment word; seed: an integer >= 0.
    Returns (X (n_train, gap + 3), y (n_train,), X_test (n_test, gap + 3), y_test (n_test,),
    V the vocabulary size, and the state of the seed's generator after drawing them (the
    model and the mini-batches come next)). Made once per argument list: never modify the
    arrays.
    """
    gap, seed, n_train, n_test = _check_study(gap, seed, n_train, n_test)
    task_rng = np.random.default_rng(seed)
    texts, labels = negation_task(n_train, gap, task_rng)
    texts_test, labels_test = negation_task(n_test, gap, task_rng)
    if control:
        texts, labels = opinion_control(texts, labels)
        texts_test, labels_test = opinion_control(texts_test, labels_test)
    task_vocab = Vocabulary.build(texts)
    X = np.array([task_vocab.encode(t) for t in texts])          # every text: gap + 3 words
    X_test = np.array([task_vocab.encode(t) for t in texts_test])
    return X, labels, X_test, labels_test, len(task_vocab), task_rng.bit_generator.state


def negation_study(gap, seeds=range(5), epochs=10, H=16, D=8, orthogonal_start=False,
                   control=False):
    """The negation task with this gap (control=True: its control), one tanh RNN per seed
    (D, H; Adam 0.02, mini-batches of 32, ``epochs`` epochs on 800 sentences), trained all
    at once; orthogonal_start: W_h starts as a random orthogonal matrix.
    Returns (train accuracy, test accuracy on 400 new sentences), each (S,)."""
    data = [negation_data(gap, seed, control) for seed in seeds]
    return _train(data, seeds, 2, H, D, epochs, orthogonal_start)


@cache
def recall_data(gap, seed, n_train=800, n_test=400):
    """The recall task for one seed, encoded like ``negation_data``: each sentence is K_ITEMS
    items (words 0..N_SYMBOLS-1), ``gap`` fillers (word N_SYMBOLS), then a question "which
    was item j?" (word N_SYMBOLS + 1 + j); the answer is that item (N_SYMBOLS classes).

    Returns (X (n_train, K_ITEMS + gap + 1), y (n_train,), X_test, y_test, V, generator state).
    """
    gap, seed, n_train, n_test = _check_study(gap, seed, n_train, n_test)
    task_rng = np.random.default_rng(seed)

    def sentences(n):
        items = task_rng.integers(0, N_SYMBOLS, (n, K_ITEMS))
        asked = task_rng.integers(0, K_ITEMS, n)                     # which item is asked for
        X = np.concatenate([items, np.full((n, gap), N_SYMBOLS),
                            (N_SYMBOLS + 1 + asked)[:, None]], axis=1)    # (n, T)
        return X, items[np.arange(n), asked]

    (X, y), (X_test, y_test) = sentences(n_train), sentences(n_test)
    return X, y, X_test, y_test, N_SYMBOLS + 1 + K_ITEMS, task_rng.bit_generator.state


def recall_study(gap, H, seeds=range(5), epochs=10, D=8):
    """Test accuracy (S,) of one tanh RNN per seed on the recall task, trained all at once."""
    return _train([recall_data(gap, seed) for seed in seeds], seeds, N_SYMBOLS, H, D, epochs)[1]


def _train(data, seeds, K, H, D, epochs, orthogonal_start=False):
    """One tanh classifier per seed on its data (as ``negation_data`` returns it), all trained
    at once; returns (train accuracy, test accuracy), each (S,)."""
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed; got none")
    runs = []
    for seed, (X, y, X_test, y_test, V, state) in zip(seeds, data):
        rng = np.random.default_rng(seed)
        rng.bit_generator.state = state                  # where the data left the generator
        runs.append((rng, (list(X), y), (list(X_test), y_test), V))
    test_acc, p = train_stacked("rnn", runs, D, H, K, epochs=epochs,
                                orthogonal_start=orthogonal_start)
    train_acc = stacked_accuracy("rnn", p, [list(X) for X, *_ in data], [y for _, y, *_ in data])
    return train_acc, test_acc
