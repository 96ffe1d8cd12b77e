"""Export the series' diagrams and a few key plots to figures/ as PNG (``make figures``).

The README and slides use these files; the notebooks draw the same pictures with the same
rnnlib functions (image links do not travel to Colab).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from rnnlib import (
    LECTURE_EMBEDDINGS,
    LECTURE_SENTENCES,
    Adam,
    ManyToOneClassifier,
    Vocabulary,
    diagrams,
    fit_classifier,
    load_sentiment,
)
from rnnlib.plots import training_curves, use_style

OUT = Path(__file__).resolve().parents[1] / "figures"


def save(fig, name):
    path = OUT / f"{name}.png"
    fig.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(fig)
    print(f"wrote {path.relative_to(OUT.parent)}")


def main():
    OUT.mkdir(exist_ok=True)
    use_style()
    words = LECTURE_SENTENCES[0].split()
    save(diagrams.draw_folded_rnn(), "folded_rnn")
    save(diagrams.draw_unrolled_rnn(4, words=words, D=4, H=8), "unrolled_rnn")
    vocab = Vocabulary.build(LECTURE_SENTENCES)
    embeddings = np.array(list(LECTURE_EMBEDDINGS.values()))
    save(diagrams.draw_text_pipeline(LECTURE_SENTENCES[0],
                                     indices=vocab.encode(LECTURE_SENTENCES[0]),
                                     embeddings=embeddings), "text_pipeline")
    save(diagrams.draw_all_patterns(), "rnn_patterns")

    texts, labels = load_sentiment("train")
    test_texts, test_labels = load_sentiment("test")
    vocab = Vocabulary.build(texts)
    rng = np.random.default_rng(0)
    model = ManyToOneClassifier(len(vocab), 16, 32, 3, rng=rng)
    history = fit_classifier(model, ([vocab.encode(t) for t in texts], labels), Adam(lr=0.01),
                             epochs=20, batch_size=16, rng=rng,
                             test=([vocab.encode(t) for t in test_texts], test_labels))
    save(training_curves(history, title="Sentiment RNN on the shipped corpus"), "training_curves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
