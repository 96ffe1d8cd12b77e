import numpy as np
import pytest

from rnnlib.data import (
    LECTURE_EMBEDDINGS,
    LECTURE_SENTENCES,
    SCENES,
    SENTIMENT_LABELS,
    SPAM_LABELS,
    caption_task,
    forecast_windows,
    load_airline_passengers,
    load_sentiment,
    load_spam,
    negation_task,
    number_translation,
    number_words,
    scene_captions,
    scene_vector,
)
from rnnlib.text import tokenize


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


# ------------------------------------------------------------------ spam
def test_spam_corpus_is_balanced_split_and_without_duplicates():
    train_x, train_y = load_spam("train")
    test_x, test_y = load_spam("test")
    all_x, all_y = load_spam("all")
    assert len(all_x) == 400 and len(train_x) == 320 and len(test_x) == 80
    assert np.bincount(train_y, minlength=2).tolist() == [160, 160]
    assert np.bincount(test_y, minlength=2).tolist() == [40, 40]
    assert len({t.lower() for t in all_x}) == len(all_x), "duplicates"
    assert not set(train_x) & set(test_x)
    assert SPAM_LABELS == ("not spam", "spam")


def test_spam_messages_are_short_and_tokenise_cleanly():
    texts, labels = load_spam("all")
    lengths = np.array([len(tokenize(t)) for t in texts])
    assert lengths.min() >= 4 and lengths.max() <= 20
    assert all("," not in t for t in texts)
    # not templates: many different words, and ham also uses words that spam relies on
    vocab = {w for t in texts for w in tokenize(t)}
    assert len(vocab) > 600
    ham_words = {w for t, y in zip(texts, labels) if y == 0 for w in tokenize(t)}
    assert {"free", "won", "call", "text", "link"} <= ham_words


def test_bad_spam_split_is_rejected():
    with pytest.raises(ValueError, match=r"split must be one of 'train', 'test', 'all'; got 'val'"):
        load_spam("val")


# ------------------------------------------------------------------ forecast windows
def test_forecast_windows_target_the_next_value_at_every_step():
    series = np.arange(10.0) ** 2
    x, y = forecast_windows(series, 4)
    assert x.shape == y.shape == (4, 6, 1)
    np.testing.assert_array_equal(x[:, 2, 0], series[2:6])
    np.testing.assert_array_equal(y[:, 2, 0], series[3:7])
    np.testing.assert_array_equal(y[:-1], x[1:])  # the target at t is the input at t + 1
    assert y[-1, -1, 0] == series[-1]
    x2, _ = forecast_windows(np.stack([series, -series], axis=1), 3)
    assert x2.shape == (3, 7, 2)


@pytest.mark.parametrize("T, message", [
    (0, r"T must be an integer in \[1, N - 1\] = \[1, 9\]; got 0"),
    (10, r"T must be an integer in \[1, N - 1\] = \[1, 9\]; got 10"),
    (2.0, r"T must be an integer in \[1, N - 1\] = \[1, 9\]; got 2.0"),
])
def test_forecast_windows_rejects_a_bad_length(T, message):
    with pytest.raises(ValueError, match=message):
        forecast_windows(np.arange(10.0), T)


def test_forecast_windows_rejects_a_bad_series():
    with pytest.raises(ValueError, match=r"series must have shape \(N,\) or \(N, D\); got shape \(2, 3, 4\)"):
        forecast_windows(np.zeros((2, 3, 4)), 1)


# ------------------------------------------------------------------ captions
def test_scene_vectors_are_three_one_hots():
    assert len(SCENES) == 4 * 6 * 5 == len(set(SCENES))
    v = scene_vector((2, "red", "circle"))
    assert v.shape == (15,) and v.sum() == 3
    assert v[[1, 4, 10]].tolist() == [1, 1, 1]
    vectors = np.array([scene_vector(s) for s in SCENES])
    assert len({tuple(r) for r in vectors}) == len(SCENES)


@pytest.mark.parametrize("scene, captions", [
    ((1, "red", "circle"), ("one red circle", "a red circle")),
    ((1, "orange", "star"), ("one orange star", "an orange star")),
    ((2, "blue", "heart"), ("two blue hearts", "a pair of blue hearts")),
    ((3, "green", "square"), ("three green squares",)),
    ((4, "yellow", "triangle"), ("four yellow triangles",)),
])
def test_scene_captions_are_all_the_right_phrases(scene, captions):
    assert scene_captions(scene) == captions


def test_caption_task_draws_scenes_and_one_of_their_captions(rng):
    held_out = [(1, "red", "circle"), (4, "purple", "heart")]
    pool = [s for s in SCENES if s not in held_out]
    v, captions, scenes = caption_task(300, rng, scenes=pool)
    assert v.shape == (300, 15) and len(captions) == len(scenes) == 300
    assert not set(scenes) & set(held_out)
    for row, caption, scene in zip(v, captions, scenes):
        np.testing.assert_array_equal(row, scene_vector(scene))
        assert caption in scene_captions(scene)
    twos = [c for c, s in zip(captions, scenes) if s[0] == 2]
    assert 0.3 < np.mean([c.startswith("two") for c in twos]) < 0.7  # both phrasings occur
    again = caption_task(300, np.random.default_rng(1234), scenes=pool)
    assert again[1] == caption_task(300, np.random.default_rng(1234), scenes=pool)[1]


def test_caption_task_rejects_bad_input(rng):
    with pytest.raises(ValueError, match=r"scene must be a \(count, colour, shape\) tuple from SCENES.*got \(5, 'red', 'circle'\)"):
        scene_vector((5, "red", "circle"))
    with pytest.raises(ValueError, match=r"scenes must hold at least one scene"):
        caption_task(3, rng, scenes=[])
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        caption_task(3, 0)


# ------------------------------------------------------------------ number words
@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"), (45, "forty five"),
    (100, "one hundred"), (105, "one hundred five"), (312, "three hundred twelve"),
    (990, "nine hundred ninety"), (999, "nine hundred ninety nine"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_number_translation_pairs_words_with_digits_and_never_repeats(rng):
    sources, targets, numbers = number_translation(1000, rng)
    assert sorted(numbers.tolist()) == list(range(1000))
    for s, t, k in zip(sources, targets, numbers):
        assert s == number_words(int(k)) and t == " ".join(str(k))
    src_len = {len(s.split()) for s in sources}
    tgt_len = {len(t.split()) for t in targets}
    assert src_len == {1, 2, 3, 4} and tgt_len == {1, 2, 3}
    a = number_translation(5, np.random.default_rng(7))
    assert a[0] == number_translation(5, np.random.default_rng(7))[0]


@pytest.mark.parametrize("call, message", [
    (lambda r: number_words(1000), r"n must be an integer in \[0, 999\]; got 1000"),
    (lambda r: number_words(-1), r"n must be an integer in \[0, 999\]; got -1"),
    (lambda r: number_translation(101, r, max_value=99),
     r"n must be an integer in \[1, max_value \+ 1\] = \[1, 100\].*got 101"),
    (lambda r: number_translation(5, r, max_value=1000),
     r"max_value must be an integer in \[0, 999\]; got 1000"),
    (lambda r: number_translation(5, 42), r"rng must be a numpy Generator"),
])
def test_number_translation_rejects_bad_input(rng, call, message):
    with pytest.raises(ValueError, match=message):
        call(rng)


def test_the_docstring_counts_are_the_corpus_counts():
    import rnnlib.data

    n_train, n_test = len(load_sentiment("train")[0]), len(load_sentiment("test")[0])
    assert f'"train" ({n_train} sentences), "test" ({n_test}) or "all" ({n_train + n_test})' in \
        load_sentiment.__doc__
    assert f"{n_train + n_test} short sentences" in rnnlib.data.__doc__
