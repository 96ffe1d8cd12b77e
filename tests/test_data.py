import numpy as np
import pytest

from rnnlib.data import (
    LECTURE_EMBEDDINGS,
    LECTURE_SENTENCES,
    SENTIMENT_LABELS,
    adding_problem,
    load_airline_passengers,
    load_sentiment,
    negation_task,
)


def test_sentiment_corpus_is_large_balanced_and_split():
    train_x, train_y = load_sentiment("train")
    test_x, test_y = load_sentiment("test")
    all_x, _ = load_sentiment("all")
    assert len(all_x) >= 400 and len(all_x) == len(train_x) + len(test_x)
    assert len({t.lower() for t in all_x}) == len(all_x), "duplicates"
    for y in (train_y, test_y):
        counts = np.bincount(y, minlength=3)
        assert counts.max() - counts.min() <= 2, counts
    assert 0.15 <= len(test_x) / len(all_x) <= 0.25
    assert not set(train_x) & set(test_x)


def test_sentiment_corpus_has_the_lecture_sentences_and_negations():
    texts, labels = load_sentiment("all")
    label_of = dict(zip(texts, (SENTIMENT_LABELS[i] for i in labels)))
    assert label_of["I love machine learning"] == "positive"
    assert label_of["Deep learning is very difficult"] == "negative"
    assert label_of["Learning models"] == "neutral"
    assert label_of["I do not like this movie"] == "negative"
    assert set(LECTURE_SENTENCES) <= set(texts)
    negated = [t for t in texts if " not " in f" {t.lower()} "]
    assert len(negated) >= 20


def test_lecture_embeddings_are_the_lecture_numbers():
    assert list(LECTURE_EMBEDDINGS) == ["i", "love", "machine", "learning"]
    assert LECTURE_EMBEDDINGS["love"] == (0.9, 0.1, 0.7, 0.4)


def test_airline_passengers_is_series_g():
    months, y = load_airline_passengers()
    assert len(months) == y.size == 144
    assert months[0] == "1949-01" and months[-1] == "1960-12"
    assert y[0] == 112 and y[-1] == 432 and y.sum() == 40363
    assert y.max() == 622 and months[int(y.argmax())] == "1960-07"


def test_bad_split_is_rejected():
    with pytest.raises(ValueError, match=r"split must be one of 'train', 'test', 'all'; got 'dev'"):
        load_sentiment("dev")


def test_adding_problem_targets_are_the_marked_sums(rng):
    x, y = adding_problem(50, 20, rng)
    assert x.shape == (20, 50, 2) and y.shape == (50, 1)
    assert np.all(x[:, :, 1].sum(axis=0) == 2)
    np.testing.assert_allclose(y[:, 0], (x[:, :, 0] * x[:, :, 1]).sum(axis=0))


def test_adding_problem_gap_places_the_first_marker(rng):
    T, gap = 30, 12
    x, y = adding_problem(40, T, rng, gap=gap)
    first = x[:, :, 1].argmax(axis=0)
    assert np.all(first == T - 1 - gap)
    with pytest.raises(ValueError, match=r"gap must lie in \[1, T - 1\] = \[1, 29\]; got 30"):
        adding_problem(1, T, rng, gap=30)


@pytest.mark.parametrize("gap", [1, 4, 10])
def test_negation_task_puts_not_gap_words_before_the_sentiment_word(rng, gap):
    texts, labels = negation_task(200, gap, rng)
    assert set(labels) == {0, 1}
    for t, y in zip(texts, labels):
        w = t.split()
        assert len(w) == 2 + gap + 1
        negated = w[-1 - gap] == "not"
        assert "not" not in w[: -1 - gap] + w[-gap:]
        good = w[-1] in ("good", "great", "fun", "nice", "funny", "lovely")
        assert y == int(good == negated)
    assert 0.3 < np.mean([t.split()[-1 - gap] == "not" for t in texts]) < 0.7
