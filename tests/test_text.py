import numpy as np
import pytest

from rnnlib.text import (
    PAD,
    PAD_ID,
    UNK,
    UNK_ID,
    Vocabulary,
    encode_batch,
    pad_sequences,
    tokenize,
)

LECTURE = ["I love machine learning", "Deep learning is very difficult", "Learning models"]
LECTURE_WORDS = ["<pad>", "<unk>", "i", "love", "machine", "learning", "deep", "is", "very",
                 "difficult", "models"]


@pytest.fixture
def vocab():
    return Vocabulary.build(LECTURE)


# ---------------------------------------------------------------- tokenize
@pytest.mark.parametrize("text, tokens", [
    ("I don't like it.", ["i", "don't", "like", "it"]),
    ("I love machine learning", ["i", "love", "machine", "learning"]),
    ("Deep-learning, 3 times!!", ["deep", "learning", "3", "times"]),
    ("  LOUD\tand\nclear ", ["loud", "and", "clear"]),
    ("I don\u2019t", ["i", "don't"]),  # a typographic apostrophe is an apostrophe
    ("", []),
    ("?!. ...", []),
])
def test_tokenize_gives_lower_case_words(text, tokens):
    assert tokenize(text) == tokens


def test_tokenize_rejects_a_non_string():
    with pytest.raises(ValueError, match=r"text must be a string; got list"):
        tokenize(["I", "love"])


# ---------------------------------------------------------------- Vocabulary
def test_reserved_ids():
    assert (PAD, UNK, PAD_ID, UNK_ID) == ("<pad>", "<unk>", 0, 1)


def test_lecture_vocabulary_has_the_lecture_ids(vocab):
    assert vocab.words == LECTURE_WORDS
    assert len(vocab) == 11
    for i, word in enumerate(LECTURE_WORDS):
        assert vocab.index(word) == i
    assert vocab.encode("I love machine learning") == [2, 3, 4, 5]
    assert vocab.encode("Deep learning is very difficult") == [6, 5, 7, 8, 9]
    assert vocab.encode("Learning models") == [5, 10]


def test_unknown_words_map_to_unk_never_an_error(vocab):
    assert vocab.index("pizza") == UNK_ID == 1
    assert vocab.encode("I love pizza and learning!") == [2, 3, 1, 1, 5]
    assert vocab.decode(vocab.encode("I love pizza")) == ["i", "love", "<unk>"]


def test_encode_is_case_and_punctuation_blind(vocab):
    assert vocab.encode("LEARNING, models.") == [5, 10]
    assert vocab.encode("") == []


def test_encode_decode_round_trip(vocab):
    for text in LECTURE + ["models love deep learning"]:
        ids = vocab.encode(text)
        assert vocab.decode(ids) == tokenize(text)
        assert vocab.encode(" ".join(vocab.decode(ids))) == ids
    assert vocab.decode(np.array([2, 3, 0, 0])) == ["i", "love", "<pad>", "<pad>"]
    assert vocab.decode([]) == []


def test_contains(vocab):
    assert "love" in vocab and "<pad>" in vocab and "<unk>" in vocab
    assert "pizza" not in vocab and 3 not in vocab and "new york" not in vocab
    # read as encode reads it, like index: "Love" is the known word "love"
    assert "Love" in vocab and vocab.index("Love") == vocab.encode("Love")[0] == 3


def test_frequency_order_breaks_ties_by_first_appearance():
    v = Vocabulary.build(LECTURE, order="frequency")
    assert v.words == ["<pad>", "<unk>", "learning", "i", "love", "machine", "deep", "is",
                       "very", "difficult", "models"]
    v = Vocabulary.build(["b a b c", "c b"], order="frequency")
    assert v.words == ["<pad>", "<unk>", "b", "c", "a"]


def test_min_count_drops_rare_words():
    v = Vocabulary.build(LECTURE, min_count=2)
    assert v.words == ["<pad>", "<unk>", "learning"]
    assert v.encode("I love learning") == [1, 1, 2]


def test_build_accepts_any_iterable_of_strings():
    assert Vocabulary.build(t for t in LECTURE).words == LECTURE_WORDS
    assert Vocabulary.build([]).words == ["<pad>", "<unk>"]


def test_vocabulary_from_its_word_list_is_the_same(vocab):
    again = Vocabulary(vocab.words)
    assert again == vocab and again.words == LECTURE_WORDS
    assert vocab != Vocabulary.build(LECTURE, order="frequency")


def test_words_is_a_copy(vocab):
    vocab.words.append("oops")
    assert len(vocab) == 11 and vocab.words == LECTURE_WORDS


def test_repr_shows_size_and_ids(vocab):
    text = repr(vocab)
    assert text.startswith("Vocabulary(V=11:")
    assert "<pad>=0" in text and "<unk>=1" in text and "i=2" in text and "models=10" in text
    big = Vocabulary.build([" ".join(f"w{i}" for i in range(100))])
    assert "..." in repr(big) and "w99=101" in repr(big) and len(repr(big)) < 200


@pytest.mark.parametrize("ids, message", [
    ([2, 11], r"ids must hold token ids in \[0, V\) = \[0, 11\); got 11"),
    ([-1, 3], r"ids must hold token ids in \[0, V\) = \[0, 11\); got -1"),
    ([2.0, 3.0], r"ids must hold integer token ids; got dtype float64"),
    ([[2, 3]], r"ids must have 1 dimension"),
])
def test_decode_rejects_ids_out_of_range(vocab, ids, message):
    with pytest.raises(ValueError, match=message):
        vocab.decode(ids)


@pytest.mark.parametrize("call, message", [
    (lambda: Vocabulary.build("I love machine learning"),
     r"texts must be an iterable of strings, not one string"),
    (lambda: Vocabulary.build(LECTURE, order="alphabetical"),
     r"order must be one of 'first', 'frequency'; got 'alphabetical'"),
    (lambda: Vocabulary.build(LECTURE, min_count=0), r"min_count must be a positive integer; got 0"),
    (lambda: Vocabulary.build(["fine", 3]), r"texts\[1\] must be a string; got int"),
    (lambda: Vocabulary(["i", "love"]), r"words must start with '<pad>', '<unk>'"),
    (lambda: Vocabulary(None), r"words must be a list of strings starting with '<pad>'"),
    (lambda: Vocabulary(["<pad>", "<unk>", "a", "b", "a"]), r"words\[4\] = 'a' repeats words\[2\]"),
    (lambda: Vocabulary(["<pad>", "<unk>", ""]), r"words\[2\] must be a non-empty string; got ''"),
])
def test_vocabulary_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- padding
def test_pad_sequences_is_time_major_and_padded():
    seqs = [[2, 3, 4, 5], [6, 5], [5, 10, 7]]
    tokens, lengths = pad_sequences(seqs)
    assert tokens.shape == (4, 3) and tokens.dtype == np.int64  # (T, B), T = the longest
    assert lengths.dtype == np.int64
    np.testing.assert_array_equal(lengths, [4, 2, 3])
    np.testing.assert_array_equal(tokens, [[2, 6, 5],
                                           [3, 5, 10],
                                           [4, 0, 7],
                                           [5, 0, 0]])
    for b, seq in enumerate(seqs):
        assert tokens[: len(seq), b].tolist() == seq  # tokens[t, b] is token t of sequence b


def test_pad_sequences_with_another_pad_id_and_numpy_input():
    tokens, lengths = pad_sequences([np.array([7]), (1, 2, 3)], pad_id=9)
    np.testing.assert_array_equal(tokens, [[7, 1], [9, 2], [9, 3]])
    np.testing.assert_array_equal(lengths, [1, 3])


def test_pad_sequences_of_one_sequence_has_a_batch_axis():
    tokens, lengths = pad_sequences([[2, 3, 4]])
    assert tokens.shape == (3, 1) and lengths.shape == (1,)


@pytest.mark.parametrize("seqs, kwargs, message", [
    ([[2, 3], [], [4]], {}, r"seqs\[1\] is empty; every sequence needs at least one token"),
    ([], {}, r"seqs must hold at least one sequence \(B >= 1\); got 0"),
    ([[2, 3], [1.5]], {}, r"seqs\[1\] must hold integer token ids; got dtype float64"),
    ([[2, 3], [1, -4]], {}, r"seqs\[1\] must hold token ids >= 0; got -4"),
    ([[2, 3], [[1, 2]]], {}, r"seqs\[1\] must be a flat list of token ids"),
    ([[2, 3]], {"pad_id": -1}, r"pad_id must be an integer >= 0; got -1"),
    ("hello", {}, r"seqs must be a list of B lists of token ids"),
])
def test_pad_sequences_rejects_bad_input(seqs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pad_sequences(seqs, **kwargs)


def test_encode_batch_of_the_lecture(vocab):
    tokens, lengths = encode_batch(vocab, LECTURE)
    assert tokens.shape == (5, 3)
    np.testing.assert_array_equal(lengths, [4, 5, 2])
    np.testing.assert_array_equal(tokens[:, 0], [2, 3, 4, 5, PAD_ID])
    np.testing.assert_array_equal(tokens[:, 2], [5, 10, PAD_ID, PAD_ID, PAD_ID])
    assert vocab.decode(tokens[: lengths[1], 1]) == tokenize(LECTURE[1])


def test_encode_batch_turns_a_text_without_words_into_one_unk(vocab):
    tokens, lengths = encode_batch(vocab, ["", "I love", "?!"])
    np.testing.assert_array_equal(lengths, [1, 2, 1])
    np.testing.assert_array_equal(tokens, [[UNK_ID, 2, UNK_ID], [PAD_ID, 3, PAD_ID]])


def test_encode_batch_rejects_one_string(vocab):
    with pytest.raises(ValueError, match=r"texts must be an iterable of strings, not one string"):
        encode_batch(vocab, "I love learning")
