"""Training loops: mini-batches, epochs, evaluation and a short fixed-precision log.

    fit(model, train, optimizer, epochs=..., batch_size=..., rng=..., test=...) -> history

``train`` and ``test`` are (inputs, targets) pairs that ``batches`` knows how to slice:
token lists for the classifiers (padded per batch, with their lengths), arrays otherwise.
The log prints a few checkpoints with fixed precision so that notebook outputs are
reproducible and nbval can compare them. A run that diverges stops with
``TrainingDiverged``, which says at which epoch and step, what happened and what to try.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import (
    check_labels,
    check_positive_int,
    check_positive_number,
    check_rng,
    describe,
    to_array,
)
from .optim import clip_grad_norm
from .text import pad_sequences

__all__ = ["minibatches", "evaluate_classifier", "fit_classifier", "confusion_matrix",
           "TrainingDiverged", "DIVERGENCE_NATS"]

DIVERGENCE_NATS = 10.0  # a mini-batch loss this many times ln K above the first one: diverged


class TrainingDiverged(RuntimeError):
    """Training stopped because the loss, the gradient or the parameters blew up.

    Attributes: ``epoch`` and ``step`` (1-based, the step within the epoch), ``loss``
    (the mini-batch loss at that step, a float, maybe NaN or inf, or None if it could not
    be computed) and ``lr`` (the optimiser's learning rate, or None).
    """

    def __init__(self, message, *, epoch, step, loss=None, lr=None):
        super().__init__(message)
        self.epoch, self.step, self.loss, self.lr = epoch, step, loss, lr


def minibatches(n, batch_size, rng):
    """Shuffled index arrays of at most ``batch_size`` covering range(n) once.

    n, batch_size: positive integers; rng: a np.random.Generator (one permutation is drawn).
    """
    n = check_positive_int("n", n)
    batch_size = check_positive_int("batch_size", batch_size)
    order = check_rng(rng).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def _check_model(model):
    """A classifier with params E (V, D) and W_o (K, H); returns (V, K)."""
    params = getattr(model, "params", None)
    if not (isinstance(params, dict) and "E" in params and "W_o" in params
            and hasattr(model, "loss_and_grads") and hasattr(model, "predict_proba")):
        raise ValueError(f"model must be a ManyToOneClassifier (with params E and W_o); "
                         f"got {describe(model)}")
    return params["E"].shape[0], params["W_o"].shape[0]


def _check_data(name, data, V, K):
    """(seqs, labels): N non-empty lists of ids in [0, V) and labels (N,) in [0, K)."""
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ValueError(f"{name} must be a pair (seqs, labels); got {describe(data)}")
    seqs, labels = data
    return _check_seqs_and_labels(f"{name}[0]", seqs, f"{name}[1]", labels, V, K)


def _check_seqs_and_labels(seqs_name, seqs, labels_name, labels, V, K):
    if isinstance(seqs, (str, bytes, dict)) or not hasattr(seqs, "__len__") or len(seqs) == 0:
        raise ValueError(f"{seqs_name} must be a non-empty list of N lists of token ids; "
                         f"got {describe(seqs)}")
    N = len(seqs)
    labels = check_labels(labels_name, labels, K, ("N",), (N,))
    try:
        tokens, _ = pad_sequences(seqs)
    except ValueError as err:  # say which argument held the bad sequence
        raise ValueError(f"{seqs_name}: {err}") from None
    if int(tokens.max()) >= V:
        b = int(np.argmax(tokens.max(axis=0)))
        raise ValueError(f"{seqs_name} must hold token ids in [0, V) = [0, {V}); got "
                         f"{int(tokens[:, b].max())} in sequence {b}")
    return list(seqs), labels


def evaluate_classifier(model, seqs, labels):
    """Mean cross-entropy and accuracy of a ManyToOneClassifier on id sequences.

    seqs: list of N lists of token ids; labels (N,) integer class ids in [0, K).
    Returns (loss, accuracy) as floats.
    """
    V, K = _check_model(model)
    seqs, labels = _check_seqs_and_labels("seqs", seqs, "labels", labels, V, K)
    return _evaluate(model, seqs, labels)


def _evaluate(model, seqs, labels):
    tokens, lengths = pad_sequences(seqs)
    probs = model.predict_proba(tokens, lengths)
    loss = -np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-300))
    return float(loss), float(np.mean(probs.argmax(axis=1) == labels))


def confusion_matrix(y_true, y_pred, num_classes):
    """C[i, j] = how many examples of true class i were predicted as class j.  (K, K) ints.

    y_true, y_pred (N,): integer class ids in [0, K), K = num_classes.
    """
    K = check_positive_int("num_classes", num_classes)
    y_true = check_labels("y_true", y_true, K)
    y_pred = to_array("y_pred", y_pred, ("N",))
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred must have the shape of y_true, {y_true.shape}; "
                         f"got shape {y_pred.shape}")
    y_pred = check_labels("y_pred", y_pred, K, ("N",), y_true.shape)
    C = np.zeros((K, K), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def _first_nonfinite(arrays):
    """The first key whose array holds NaN or inf, or None."""
    return next((k for k, a in arrays.items() if not np.isfinite(a).all()), None)


def _diverged(what, where, optimizer, clip_norm, loss=None):
    """The TrainingDiverged to raise: what happened, where = (epoch, step, steps), advice."""
    epoch, step, steps = where
    lr = getattr(optimizer, "lr", None)
    lr = float(lr) if isinstance(lr, (int, float)) and not isinstance(lr, bool) else None
    smaller = (f"a smaller learning rate (the optimiser is {optimizer!r}; try lr={lr / 10:g})"
               if lr is not None else "a smaller learning rate")
    clip = (f"a smaller clip_norm (now {clip_norm:g})" if clip_norm is not None
            else "gradient clipping (clip_norm=1.0)")
    return TrainingDiverged(f"training diverged at epoch {epoch}, step {step} of {steps}: "
                            f"{what}. Try {smaller}, or {clip}.",
                            epoch=epoch, step=step, loss=loss, lr=lr)


def fit_classifier(model, train, optimizer, *, epochs, batch_size, rng, test=None,
                   clip_norm=None, truncate=None, log_every=None):
    """Train a ManyToOneClassifier with mini-batch gradient steps; returns the history.

    train, test: (seqs, labels) with seqs a list of N lists of token ids in [0, V) and
    labels (N,) integer class ids in [0, K).
    optimizer: an rnnlib.optim optimiser (updates ``model.params`` in place).
    epochs, batch_size: positive integers; rng: the np.random.Generator that shuffles.
    clip_norm: clip the global gradient norm to this value before each step (None: never).
    truncate: truncated BPTT, cutting the gradient every this many steps (None: exact).
    log_every: print "epoch  train loss/acc  test loss/acc" every this many epochs.
    Returns {"epoch", "train_loss", "train_acc"[, "test_loss", "test_acc"][, "grad_norm"]}:
    lists of floats, one per epoch; "grad_norm" (only with clip_norm) is the LARGEST global
    gradient norm before clipping among the epoch's steps.

    Divergence stops the run with TrainingDiverged (epoch, step, what, what to try) when a
    mini-batch loss is NaN or inf, or more than DIVERGENCE_NATS ln K = 10 ln K above the
    first mini-batch's loss (a uniform guess costs ln K: a loss that far above where
    training started means the steps make the model confidently wrong), when the gradient
    norm or the parameters after a step are not finite, or when the forward pass
    overflows. The loss is checked at every step (it is computed anyway); the
    parameters are checked after every step, which costs one pass over them.
    """
    V, K = _check_model(model)
    train = _check_data("train", train, V, K)
    test = None if test is None else _check_data("test", test, V, K)
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError(f"optimizer must be an optimiser with a step method (rnnlib.SGD, "
                         f"rnnlib.Adam); got {describe(optimizer)}")
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    check_rng(rng)
    if clip_norm is not None:
        clip_norm = check_positive_number("clip_norm", clip_norm)
    truncate = check_positive_int("truncate", truncate, or_none=True)
    log_every = check_positive_int("log_every", log_every, or_none=True)
    bad = _first_nonfinite(model.params)
    if bad is not None:
        raise ValueError(f"model.params['{bad}'] must be finite before training; it holds "
                         f"NaN or inf (make a new model)")

    seqs, labels = train
    history = {"epoch": [], "train_loss": [], "train_acc": []}
    if test is not None:
        history.update(test_loss=[], test_acc=[])
    if clip_norm is not None:
        history["grad_norm"] = []
    limit = None  # the first mini-batch's loss + DIVERGENCE_NATS ln K
    for epoch in range(1, epochs + 1):
        norms = []
        batches = minibatches(len(seqs), batch_size, rng)
        for step, idx in enumerate(batches, start=1):
            where = (epoch, step, len(batches))
            tokens, lengths = pad_sequences([seqs[i] for i in idx])
            with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
                try:
                    loss, grads = model.loss_and_grads(tokens, lengths, labels[idx],
                                                       truncate=truncate)
                except ValueError as err:  # the data were checked: the numbers overflowed
                    scale = max(float(np.max(np.abs(p))) for p in model.params.values())
                    raise _diverged(f"the forward pass overflowed to inf or NaN (the largest "
                                    f"parameter is {scale:.2g} in absolute value)", where,
                                    optimizer, clip_norm) from err
            if limit is None:
                limit = loss + DIVERGENCE_NATS * math.log(K)
            if not math.isfinite(loss) or loss > limit:
                above = (f" nats, more than {DIVERGENCE_NATS:g} ln K = "
                         f"{DIVERGENCE_NATS * math.log(K):.3g} (K = {K}) above the first "
                         f"mini-batch's {limit - DIVERGENCE_NATS * math.log(K):.3g}"
                         if math.isfinite(loss) else "")
                raise _diverged(f"the mini-batch loss is {loss:.3g}{above}", where, optimizer,
                                clip_norm, loss)
            if clip_norm is not None:
                grads, norm = clip_grad_norm(grads, clip_norm)
                if not math.isfinite(norm):
                    raise _diverged(f"the gradient norm is {norm}", where, optimizer,
                                    clip_norm, loss)
                norms.append(norm)
            with np.errstate(over="ignore", invalid="ignore"):
                optimizer.step(model.params, grads)
            bad = _first_nonfinite(model.params)
            if bad is not None:
                what = "the gradient was not finite" if _first_nonfinite(grads) is not None \
                    else "the step overflowed"
                raise _diverged(f"after the update params['{bad}'] holds NaN or inf ({what})",
                                where, optimizer, clip_norm, loss)
        history["epoch"].append(epoch)
        if clip_norm is not None:
            history["grad_norm"].append(max(norms))
        for split, data in (("train", train), ("test", test)):
            if data is not None:
                loss, acc = _evaluate(model, *data)
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
