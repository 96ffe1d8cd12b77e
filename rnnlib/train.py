"""Training loops: mini-batches, epochs, evaluation and a short fixed-precision log.

    fit(model, train, optimizer, epochs=..., batch_size=..., rng=..., test=...) -> history

``train`` and ``test`` are (inputs, targets) pairs that ``batches`` knows how to slice:
token lists for the classifiers (padded per batch, with their lengths), arrays otherwise.
The log prints a few checkpoints with fixed precision so that notebook outputs are
reproducible and nbval can compare them.
"""

from __future__ import annotations

import numpy as np

from .optim import clip_grad_norm
from .text import pad_sequences

__all__ = ["minibatches", "evaluate_classifier", "fit_classifier", "confusion_matrix"]


def minibatches(n, batch_size, rng):
    """Shuffled index arrays of at most ``batch_size`` covering range(n) once."""
    order = rng.permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def evaluate_classifier(model, seqs, labels):
    """Mean cross-entropy and accuracy of a ManyToOneClassifier on id sequences.

    seqs: list of N lists of token ids; labels (N,). Returns (loss, accuracy) as floats.
    """
    tokens, lengths = pad_sequences(seqs)
    labels = np.asarray(labels)
    probs = model.predict_proba(tokens, lengths)
    loss = -np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-300))
    return float(loss), float(np.mean(probs.argmax(axis=1) == labels))


def confusion_matrix(y_true, y_pred, num_classes):
    """C[i, j] = how many examples of true class i were predicted as class j.  (K, K) ints."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_pred must have the shape of y_true, {y_true.shape}; "
                         f"got shape {y_pred.shape}")
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def fit_classifier(model, train, optimizer, *, epochs, batch_size, rng, test=None,
                   clip_norm=None, truncate=None, log_every=None):
    """Train a ManyToOneClassifier with mini-batch gradient steps; returns the history.

    train, test: (seqs, labels) with seqs a list of lists of token ids and labels (N,).
    optimizer: an rnnlib.optim optimiser (updates ``model.params`` in place).
    clip_norm: clip the global gradient norm to this value before each step (None: never).
    truncate: truncated BPTT, cutting the gradient every this many steps (None: exact).
    log_every: print "epoch  train loss/acc  test loss/acc" every this many epochs.
    Returns {"epoch", "train_loss", "train_acc"[, "test_loss", "test_acc"]}: lists of floats.
    """
    seqs, labels = train[0], np.asarray(train[1])
    history = {"epoch": [], "train_loss": [], "train_acc": []}
    if test is not None:
        history.update(test_loss=[], test_acc=[])
    for epoch in range(1, epochs + 1):
        for idx in minibatches(len(seqs), batch_size, rng):
            tokens, lengths = pad_sequences([seqs[i] for i in idx])
            _, grads = model.loss_and_grads(tokens, lengths, labels[idx], truncate=truncate)
            if clip_norm is not None:
                grads, _ = clip_grad_norm(grads, clip_norm)
            optimizer.step(model.params, grads)
        history["epoch"].append(epoch)
        for split, data in (("train", train), ("test", test)):
            if data is not None:
                loss, acc = evaluate_classifier(model, *data)
                history[f"{split}_loss"].append(loss)
                history[f"{split}_acc"].append(acc)
        if log_every and (epoch % log_every == 0 or epoch == 1):
            line = f"epoch {epoch:3d}  train loss {history['train_loss'][-1]:.3f}  " \
                   f"acc {history['train_acc'][-1]:.3f}"
            if test is not None:
                line += f"  test loss {history['test_loss'][-1]:.3f}  " \
                        f"acc {history['test_acc'][-1]:.3f}"
            print(line)
    return history
