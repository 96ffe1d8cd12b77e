"""Training loops: mini-batches, epochs, evaluation and a short fixed-precision log.

    fit(model, batches, optimizer, epochs=..., rng=..., evaluate=...) -> history     any model
    fit_classifier(model, train, optimizer, epochs=..., batch_size=..., rng=..., test=...)

``fit`` trains any model with a ``loss_and_grads``: ``batches(rng)`` gives each epoch's
argument tuples. ``fit_classifier`` is ``fit`` for a ManyToOneClassifier on token lists
(padded per batch, with their lengths), evaluated on the whole sets after every epoch.
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

__all__ = ["minibatches", "fit", "evaluate_classifier", "fit_classifier", "confusion_matrix",
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


def _check_fit(optimizer, epochs, clip_norm, log_every):
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError(f"optimizer must be an optimiser with a step method (rnnlib.SGD, "
                         f"rnnlib.Adam); got {describe(optimizer)}")
    epochs = check_positive_int("epochs", epochs)
    if clip_norm is not None:
        clip_norm = check_positive_number("clip_norm", clip_norm)
    return epochs, clip_norm, check_positive_int("log_every", log_every, or_none=True)


def _log_line(epoch, history):
    """Every number of the epoch with 3 decimals (grad_norm, a diagnostic, stays in the
    history only)."""
    return f"epoch {epoch:3d}  " + "  ".join(f"{key} {values[-1]:.3f}"
                                            for key, values in history.items()
                                            if key not in ("epoch", "grad_norm"))


def fit(model, batches, optimizer, *, epochs, rng, evaluate=None, clip_norm=None,
        max_rise=None, log_every=None, log_line=None):
    """Train any rnnlib model with mini-batch gradient steps; returns the history.

    batches(rng) -> one epoch's mini-batches (a list or a generator), each the tuple of
    arguments of ``model.loss_and_grads`` (called once per epoch, so it can shuffle with rng).
    optimizer: an rnnlib.optim optimiser (updates ``model.params`` in place).
    evaluate(model) -> a dict of numbers measured after each epoch (None: nothing).
    clip_norm: clip the global gradient norm to this value before each step (None: never).
    max_rise: a mini-batch loss more than this many nats above the first mini-batch's means
    the run diverged (None: only a NaN or inf loss does).
    log_every: print a line at epoch 1, every log_every epochs and at the last epoch;
    log_line(epoch, history) -> str writes it (default: every number but grad_norm, with 3
    decimals).
    Returns {"epoch", "batch_loss" (the mean loss of the epoch's mini-batches), the keys of
    evaluate, "grad_norm" (with clip_norm: the largest norm before clipping)}: lists of
    floats, one per epoch.

    Divergence stops the run with TrainingDiverged (epoch, step, what, what to try): a
    mini-batch loss that is NaN or inf or rises more than max_rise, a gradient norm or
    parameters after a step that are not finite, a forward pass that overflows.
    """
    if not callable(getattr(model, "loss_and_grads", None)) \
            or not isinstance(getattr(model, "params", None), dict):
        raise ValueError(f"model must be an rnnlib model (params and loss_and_grads); "
                         f"got {describe(model)}")
    for name, fn, what in (("batches", batches, "batches(rng) -> the epoch's mini-batches"),
                           ("evaluate", evaluate, "evaluate(model) -> a dict of numbers")):
        if not callable(fn) and not (name == "evaluate" and fn is None):
            raise ValueError(f"{name} must be a function, {what}; got {describe(fn)}")
    epochs, clip_norm, log_every = _check_fit(optimizer, epochs, clip_norm, log_every)
    check_rng(rng)
    if max_rise is not None:
        max_rise = check_positive_number("max_rise", max_rise)
    bad = _first_nonfinite(model.params)
    if bad is not None:
        raise ValueError(f"model.params['{bad}'] must be finite before training; it holds "
                         f"NaN or inf (make a new model)")
    history, first = {"epoch": [], "batch_loss": []}, None
    for epoch in range(1, epochs + 1):
        losses, norms, steps = [], [], list(batches(rng))  # a list or a generator
        for step, args in enumerate(steps, start=1):
            where = (epoch, step, len(steps))
            with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
                try:
                    loss, grads = model.loss_and_grads(*args)
                except ValueError as err:
                    if "finite" not in str(err):
                        raise  # bad input, not numbers that overflowed
                    scale = max(float(np.max(np.abs(p))) for p in model.params.values())
                    raise _diverged(f"the forward pass overflowed to inf or NaN (the largest "
                                    f"parameter is {scale:.2g} in absolute value)", where,
                                    optimizer, clip_norm) from err
            first = loss if first is None else first
            if not math.isfinite(loss) or (max_rise is not None and loss > first + max_rise):
                above = (f" nats, more than {max_rise:.3g} above the first mini-batch's "
                         f"{first:.3g}" if math.isfinite(loss) else "")
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
            losses.append(loss)
        history["epoch"].append(epoch)
        history["batch_loss"].append(float(np.mean(losses)))
        for key, value in (evaluate(model) if evaluate is not None else {}).items():
            history.setdefault(key, []).append(value)
        if clip_norm is not None:
            history.setdefault("grad_norm", []).append(max(norms))
        if log_every and (epoch == 1 or epoch % log_every == 0 or epoch == epochs):
            print((log_line or _log_line)(epoch, history))
    return history


def _classifier_log_line(epoch, history):
    line = (f"epoch {epoch:3d}  train loss {history['train_loss'][-1]:.3f}  "
            f"acc {history['train_acc'][-1]:.3f}")
    if "test_loss" in history:
        line += f"  test loss {history['test_loss'][-1]:.3f}  acc {history['test_acc'][-1]:.3f}"
    return line


def fit_classifier(model, train, optimizer, *, epochs, batch_size, rng, test=None,
                   clip_norm=None, truncate=None, log_every=None):
    """Train a ManyToOneClassifier with mini-batch gradient steps (``fit``); returns the history.

    train, test: (seqs, labels) with seqs a list of N lists of token ids in [0, V) and
    labels (N,) integer class ids in [0, K).
    optimizer: an rnnlib.optim optimiser (updates ``model.params`` in place).
    epochs, batch_size: positive integers; rng: the np.random.Generator that shuffles.
    clip_norm: clip the global gradient norm to this value before each step (None: never).
    truncate: truncated BPTT, cutting the gradient every this many steps (None: exact).
    log_every: print "epoch  train loss/acc  test loss/acc" at epoch 1, every log_every
    epochs and at the last.
    Returns {"epoch", "train_loss", "train_acc"[, "test_loss", "test_acc"][, "grad_norm"]}:
    lists of floats, one per epoch, measured on the whole sets after each epoch; "grad_norm"
    (only with clip_norm) is the LARGEST global gradient norm before clipping among the
    epoch's steps.

    Divergence stops the run with TrainingDiverged (``fit``), here when a mini-batch loss
    rises more than DIVERGENCE_NATS ln K = 10 ln K above the first mini-batch's (a uniform
    guess costs ln K: a loss that far above where training started means the steps make
    the model confidently wrong).
    """
    V, K = _check_model(model)
    train = _check_data("train", train, V, K)
    test = None if test is None else _check_data("test", test, V, K)
    _check_fit(optimizer, epochs, clip_norm, log_every)
    batch_size = check_positive_int("batch_size", batch_size)
    check_rng(rng)
    truncate = check_positive_int("truncate", truncate, or_none=True)
    seqs, labels = train

    def batches(rng):
        return [(*pad_sequences([seqs[i] for i in idx]), labels[idx], truncate)
                for idx in minibatches(len(seqs), batch_size, rng)]

    def evaluate(model):
        measured = {}
        for split, data in (("train", train), ("test", test)):
            if data is not None:
                measured[f"{split}_loss"], measured[f"{split}_acc"] = _evaluate(model, *data)
        return measured

    history = fit(model, batches, optimizer, epochs=epochs, rng=rng, evaluate=evaluate,
                  clip_norm=clip_norm, max_rise=DIVERGENCE_NATS * math.log(K),
                  log_every=log_every, log_line=_classifier_log_line)
    del history["batch_loss"]
    return history
