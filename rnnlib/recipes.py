"""The reference configurations the notebooks share, so that "the sentiment classifier" is one
model across the series.

    model, history = train_sentiment_classifier(seed=0)

``SENTIMENT_RECIPE`` is what notebook 00 trains step by step (and notebooks 03 and 05 train
again, over several seeds): D = H = 32, Adam with learning rate 0.02, 15 epochs of
mini-batches of 32 sentences. With ``seed=0`` it gives exactly notebook 00's model, because
the model's weights and the mini-batch order are drawn from one ``np.random.default_rng(seed)``
in the same order.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_positive_int
from .data import load_sentiment
from .models import ManyToOneClassifier
from .optim import Adam
from .text import Vocabulary
from .train import fit_classifier

__all__ = ["SENTIMENT_RECIPE", "sentiment_data", "train_sentiment_classifier"]

SENTIMENT_RECIPE = {"embed_dim": 32, "hidden_size": 32, "lr": 0.02, "epochs": 15,
                    "batch_size": 32}


def sentiment_data():
    """The sentiment corpus as the notebooks use it.

    Returns (vocab, train, test): the vocabulary built from the training sentences, and
    (seqs, labels) pairs with seqs a list of lists of word ids and labels (N,) in
    {0: positive, 1: neutral, 2: negative}.
    """
    train_texts, train_labels = load_sentiment("train")
    test_texts, test_labels = load_sentiment("test")
    vocab = Vocabulary.build(train_texts)
    return (vocab, ([vocab.encode(t) for t in train_texts], train_labels),
            ([vocab.encode(t) for t in test_texts], test_labels))


def train_sentiment_classifier(seed=0, *, data=None, log_every=None, **changes):
    """Train the reference sentiment classifier from ``np.random.default_rng(seed)``.

    data: (vocab, train, test) from ``sentiment_data()`` (loaded when None).
    changes: keys of SENTIMENT_RECIPE to change (e.g. ``hidden_size=8``), for a study
    that varies one of them.
    Returns (model, history), history as ``fit_classifier`` returns it (with test columns).
    """
    unknown = sorted(set(changes) - set(SENTIMENT_RECIPE))
    if unknown:
        raise ValueError(f"changes must be keys of SENTIMENT_RECIPE {list(SENTIMENT_RECIPE)}; "
                         f"got {unknown}")
    seed = check_positive_int("seed", seed, minimum=0)
    recipe = {**SENTIMENT_RECIPE, **changes}
    vocab, train, test = data if data is not None else sentiment_data()
    rng = np.random.default_rng(seed)
    model = ManyToOneClassifier(len(vocab), recipe["embed_dim"], recipe["hidden_size"], 3,
                                rng=rng)
    history = fit_classifier(model, train, Adam(lr=recipe["lr"]), epochs=recipe["epochs"],
                             batch_size=recipe["batch_size"], rng=rng, test=test,
                             log_every=log_every)
    return model, history
