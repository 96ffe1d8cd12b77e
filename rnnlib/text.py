"""From text to token ids: tokenising, the vocabulary, padding a batch and its lengths.

    "I love machine learning"  --tokenize-->  ["i", "love", "machine", "learning"]
                               --encode---->  [2, 3, 4, 5]            (ids into E (V, D))
    a batch of B texts         --encode_batch-->  tokens (T, B) int64, lengths (B,) int64

Ids 0 and 1 are reserved: PAD "<pad>" = 0 fills the end of short sequences in a batch and
UNK "<unk>" = 1 stands for every word the vocabulary does not know. Batches are time-major
like everything in rnnlib: ``tokens[t, b]`` is token t of text b, and ``E[tokens]`` is the
(T, B, D) input of the recurrent cell.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ._validation import check_positive_int, check_tokens, describe

__all__ = ["PAD", "UNK", "PAD_ID", "UNK_ID", "tokenize", "Vocabulary", "pad_sequences",
           "encode_batch"]

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1
ORDERS = ("first", "frequency")

_WORD = re.compile(r"[a-z0-9']+")  # ASCII words; other scripts go through _unicode_words
_SPECIAL = re.compile(r"<[^\s<>]+>")  # "<pad>", "<start>": tokens no text can produce


def tokenize(text):
    """Split ``text`` into lower-case words: runs of letters, digits and the apostrophe.

    "I don't like it." -> ["i", "don't", "like", "it"]; "Café naïve Über" -> ["café",
    "naïve", "über"]: letters and digits of every script count (str.isalnum), and so do
    combining marks (the accents and vowel signs of e.g. Devanagari: "नमस्ते" is one word);
    the text is put in Unicode NFC form first. Everything else (spaces, punctuation,
    symbols such as £, the underscore) separates words; the typographic apostrophe ’
    counts as '. For ASCII text this is exactly the runs of a-z, 0-9 and '.
    Returns a list of str (empty for a text without words).
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    text = text.lower().replace("\u2019", "'")
    if text.isascii():
        return _WORD.findall(text)
    return _unicode_words(unicodedata.normalize("NFC", text))


def _unicode_words(text):
    """Runs of letters, digits, combining marks and ' (the ASCII rule, for every script)."""
    words, start = [], None
    for i, ch in enumerate(text):
        inside = ch.isalnum() or ch == "'" or unicodedata.category(ch)[0] == "M"
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            words.append(text[start:i])
            start = None
    if start is not None:
        words.append(text[start:])
    return words


def _word_problem(word):
    """Why ``word`` cannot be a vocabulary entry, or None. Entries are what tokenize
    produces (one lower-case word) or special tokens written like "<start>"."""
    if _SPECIAL.fullmatch(word) or tokenize(word) == [word]:
        return None
    return (f"is not a word that tokenize can produce (it gives {tokenize(word)}): entries "
            f"are single lower-case words of letters, digits and ', or special tokens "
            f"written like '<start>'")


def _texts(texts):
    """``texts`` as a list of str; one string on its own is refused (it would iterate by letter)."""
    if isinstance(texts, str):
        raise ValueError("texts must be an iterable of strings, not one string; "
                         "wrap it in a list: [text]")
    try:
        texts = list(texts)
    except TypeError:
        raise ValueError(f"texts must be an iterable of strings; "
                         f"got {type(texts).__name__}") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise ValueError(f"texts[{i}] must be a string; got {type(t).__name__}")
    return texts


class Vocabulary:
    """The words a model knows and their ids: ``words[i]`` is the word with id i.

    Ids 0 and 1 are always PAD "<pad>" and UNK "<unk>"; the other words follow from id 2.
    ``encode`` never raises for an unknown word: every word that is not in the vocabulary
    (a typo, a word not seen when it was built, a word dropped by ``min_count``) becomes
    the UNK id 1, and ``index`` does the same for a single word, read as ``encode`` reads
    it: ``v.index("Love") == v.encode("Love")[0]``.

        v = Vocabulary.build(["I love machine learning", "Learning models"])
        v.encode("I love pizza")  ->  [2, 3, 1]
        v.decode([2, 3, 1])       ->  ["i", "love", "<unk>"]

    ``Vocabulary(words)`` makes one from a full word list that starts with "<pad>", "<unk>"
    (for example ``v.words`` saved earlier); ``Vocabulary.build`` makes one from texts.
    Every entry must be something ``tokenize`` produces (one lower-case word: "Hello" and
    "new york" are refused, since no text could ever encode to them) or a special token
    written like "<start>", which texts never produce and ``index`` finds by name.
    """

    def __init__(self, words):
        if isinstance(words, str) or not hasattr(words, "__iter__"):
            raise ValueError(f"words must be a list of strings starting with {PAD!r}, {UNK!r}; "
                             f"got {type(words).__name__}")
        words = list(words)
        if words[:2] != [PAD, UNK]:
            raise ValueError(f"words must start with {PAD!r}, {UNK!r} (ids 0 and 1 are "
                             f"reserved); got {words[:2]}")
        ids = {}
        for i, w in enumerate(words):
            if not isinstance(w, str) or not w:
                raise ValueError(f"words[{i}] must be a non-empty string; got {describe(w)}")
            problem = _word_problem(w)
            if problem:
                raise ValueError(f"words[{i}] = {w!r} {problem}")
            if w in ids:
                raise ValueError(f"words[{i}] = {w!r} repeats words[{ids[w]}]; "
                                 f"every word has one id")
            ids[w] = i
        self._words, self._ids = words, ids

    @classmethod
    def build(cls, texts, min_count=1, order="first"):
        """The vocabulary of ``texts``: "<pad>", "<unk>", then every word seen min_count times.

        texts: an iterable of strings (tokenised with ``tokenize``).
        min_count: words seen fewer times are left out (and so encode to UNK).
        order: "first" numbers the words by first appearance; "frequency" by count, most
        frequent first, ties by first appearance.
        """
        texts = _texts(texts)
        min_count = check_positive_int("min_count", min_count)
        if not isinstance(order, str) or order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(map(repr, ORDERS))}; "
                             f"got {order!r}")
        counts = {}  # a dict keeps insertion order: the order of first appearance
        for text in texts:
            for w in tokenize(text):
                counts[w] = counts.get(w, 0) + 1
        kept = [w for w, c in counts.items() if c >= min_count]
        if order == "frequency":
            kept.sort(key=lambda w: -counts[w])  # a stable sort: ties keep first appearance
        return cls([PAD, UNK, *kept])

    def __len__(self):
        """V, the number of ids (the specials included): the rows of E (V, D)."""
        return len(self._words)

    @property
    def words(self):
        """All words, index = id (a copy: changing it does not change the vocabulary)."""
        return list(self._words)

    def index(self, word):
        """The id of ``word``, read as ``encode`` reads it ("Love" is "love"); UNK_ID (1) for
        a word the vocabulary does not know. Special tokens ("<end>") are found by name.
        A string that is not one word ("new york", "?!") is refused: use ``encode``.
        """
        if not isinstance(word, str):
            raise ValueError(f"word must be a string; got {type(word).__name__}")
        if word in self._ids:
            return self._ids[word]
        words = tokenize(word)
        if len(words) != 1:
            raise ValueError(f"word must be one word; {word!r} is {len(words)} words "
                             f"{words} for tokenize (use encode for a text)")
        return self._ids.get(words[0], UNK_ID)

    def encode(self, text):
        """The ids of the words of ``text`` (list of int); unknown words give UNK_ID (1)."""
        return [self._ids.get(w, UNK_ID) for w in tokenize(text)]

    def decode(self, ids):
        """The words of ``ids`` (T,): a list of str. Ids must lie in [0, V).

        PAD ids decode to "<pad>": slice a padded column by its length first,
        ``v.decode(tokens[:lengths[b], b])``.
        """
        if isinstance(ids, (list, tuple)) and not ids:
            return []
        if isinstance(ids, np.ndarray) and ids.shape == (0,):
            return []
        ids = check_tokens("ids", ids, len(self), letters=("T",))
        return [self._words[i] for i in ids.tolist()]

    def __contains__(self, word):
        """True when ``index(word)`` finds ``word`` (so "Love" is in a vocabulary with "love")."""
        if not isinstance(word, str):
            return False
        words = [word] if word in self._ids else tokenize(word)
        return len(words) == 1 and words[0] in self._ids

    def __eq__(self, other):
        if not isinstance(other, Vocabulary):
            return NotImplemented
        return self._words == other._words

    __hash__ = None  # mutable-looking and compared by content

    def __repr__(self):
        pairs = [f"{w}={i}" for i, w in enumerate(self._words)]
        if len(pairs) > 12:
            pairs = [*pairs[:8], "...", *pairs[-2:]]
        return f"Vocabulary(V={len(self)}: {', '.join(pairs)})"


_MAX_ID = int(np.iinfo(np.int64).max)


def pad_sequences(seqs, pad_id=PAD_ID):
    """Stack B id sequences of different lengths into one time-major array.

    seqs: a list of B sequences (lists or 1-d arrays) of integer token ids, none empty.
    pad_id: the id written after the end of the shorter sequences (PAD_ID = 0).
    Returns tokens (T, B) int64 with T the longest length (``tokens[t, b]`` is token t of
    sequence b, pad_id after its end) and lengths (B,) int64, each in [1, T].
    """
    if isinstance(seqs, (str, bytes, dict)):
        raise ValueError(f"seqs must be a list of B lists of token ids; got {type(seqs).__name__}")
    try:
        seqs = list(seqs)
    except TypeError:
        raise ValueError(f"seqs must be a list of B lists of token ids; "
                         f"got {type(seqs).__name__}") from None
    if not seqs:
        raise ValueError("seqs must hold at least one sequence (B >= 1); got 0")
    pad_id = check_positive_int("pad_id", pad_id, minimum=0)
    if pad_id > _MAX_ID:
        raise ValueError(f"pad_id must fit in int64, <= {_MAX_ID}; got {pad_id}")
    arrays = []
    for b, s in enumerate(seqs):
        name = f"seqs[{b}]"
        if isinstance(s, str):
            raise ValueError(f"{name} must be a flat list of token ids; got the string {s!r} "
                             f"(encode texts with Vocabulary.encode or use encode_batch)")
        try:
            a = np.asarray(s)
        except Exception:  # ragged nested lists
            raise ValueError(f"{name} must be a flat list of token ids; "
                             f"could not convert it") from None
        if a.ndim != 1:
            raise ValueError(f"{name} must be a flat list of token ids; got shape {a.shape}")
        if a.size == 0:
            raise ValueError(f"{name} is empty; every sequence needs at least one token")
        if not np.issubdtype(a.dtype, np.integer):
            raise ValueError(f"{name} must hold integer token ids; got dtype {a.dtype}")
        if a.min() < 0:
            raise ValueError(f"{name} must hold token ids >= 0; got {int(a.min())}")
        if int(a.max()) > _MAX_ID:  # uint64 ids above int64's range would wrap around
            raise ValueError(f"{name} must hold token ids that fit in int64, <= {_MAX_ID}; "
                             f"got {int(a.max())}")
        arrays.append(a)
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    tokens = np.full((int(lengths.max()), len(arrays)), pad_id, dtype=np.int64)
    for b, a in enumerate(arrays):
        tokens[: len(a), b] = a
    return tokens, lengths


def encode_batch(vocab, texts):
    """Encode B texts with ``vocab`` and pad them: ``pad_sequences`` of ``vocab.encode``.

    A text with no words at all ("" or "?!") becomes the single token UNK, so every
    length is >= 1 and every text still gets a prediction.
    texts: an iterable of B strings.
    Returns tokens (T, B) int64 padded with PAD_ID and lengths (B,) int64.
    """
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a Vocabulary; got {type(vocab).__name__}")
    texts = _texts(texts)
    if not texts:
        raise ValueError("texts must hold at least one text (B >= 1); got 0")
    return pad_sequences([vocab.encode(t) or [UNK_ID] for t in texts], pad_id=PAD_ID)
