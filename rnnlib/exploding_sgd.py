"""Exploding gradients on purpose (notebook 05, section 8): plain SGD on the sentiment corpus
with a small ReLU RNN whose W_h has a large spectral radius, with or without clipping.

    sgd_run(rho, clip=None, ...)    the losses and gradient norms of one run, and the error
                                    that stopped it (None if it ran to the end)

The network: ``ManyToOneClassifier`` with D = 8, H = 16, 3 classes and ReLU units, its W_h
replaced by ``recurrent_matrix(rng, 16, rho)``; each step takes a mini-batch of 16 training
sentences. With rho = 4 the hidden state and the gradient grow at every step until the loss
overflows to inf and NaN; clipping the global gradient norm keeps every step short.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_positive_int, check_positive_number
from .dynamics import recurrent_matrix
from .models import ManyToOneClassifier
from .optim import SGD, clip_grad_norm
from .recipes import sentiment_data
from .text import pad_sequences

__all__ = ["sgd_run"]


def sgd_run(rho, clip=None, steps=30, lr=0.1, seed=0, *, data=None):
    """SGD on the sentiment corpus with a ReLU RNN whose W_h has spectral radius rho.

    rho: a finite number > 0; clip: clip the global gradient norm to this value (None: never);
    steps: the most steps to take (a positive integer); lr: the learning rate; seed: an
    integer >= 0 that draws the starting weights and the mini-batches; data: (vocab, train,
    test) from ``rnnlib.recipes.sentiment_data()`` (loaded when None).
    Returns (losses, norms, error): the loss of each step taken (S,), the global gradient
    norm before clipping (S,) (NaN once the network breaks down), and the message of the
    ValueError that stopped the run (``rnnlib`` refuses a NaN hidden state), or None. The run
    also stops after a step whose loss or norm is inf or NaN.
    """
    rho = check_positive_number("rho", rho, finite=True)
    if clip is not None:
        clip = check_positive_number("clip", clip)
    steps = check_positive_int("steps", steps)
    lr = check_positive_number("lr", lr, finite=True)
    seed = check_positive_int("seed", seed, minimum=0)
    vocab, (seqs, train_labels), _ = data if data is not None else sentiment_data()
    run_rng = np.random.default_rng(seed)
    net = ManyToOneClassifier(len(vocab), 8, 16, 3, rng=run_rng, activation="relu")
    net.params["W_h"] = recurrent_matrix(run_rng, 16, rho)
    sgd = SGD(lr=lr)
    losses, norms, error = [], [], None
    with np.errstate(over="ignore", invalid="ignore"):    # we check for inf and NaN ourselves
        for _ in range(steps):
            idx = run_rng.choice(len(seqs), 16, replace=False)
            tokens, lengths = pad_sequences([seqs[i] for i in idx])
            try:
                loss, grads = net.loss_and_grads(tokens, lengths, train_labels[idx])
            except ValueError as err:                     # rnnlib refuses NaN inputs
                losses.append(math.nan)
                norms.append(math.nan)
                error = str(err)
                break
            grads, norm = clip_grad_norm(grads, math.inf if clip is None else clip)
            losses.append(loss)
            norms.append(norm)
            if not (math.isfinite(loss) and math.isfinite(norm)):
                break
            sgd.step(net.params, grads)
    return np.array(losses), np.array(norms), error
