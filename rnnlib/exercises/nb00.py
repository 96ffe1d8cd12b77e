"""Self-checks for notebook 00_start_here: the checks run the learner's trained model.

    check_positive_sentence(sentence, model, vocab)     easy: >= 80 % positive, own words
    check_parameter_count(answer, model)                medium: V*D + H*D + H*H + H + K*H + K
    check_model_mistake(sentence, label, model, vocab)  hard: known words, a wrong answer

``model`` is a trained ManyToOneClassifier and ``vocab`` the Vocabulary it was trained with.
Each check prints one line (✅, ❌ or ⏳, see ``rnnlib.exercises``), returns True only when
the answer is right, and never raises.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..data import SENTIMENT_LABELS, load_sentiment
from ..models import parameter_count
from ..text import UNK_ID, Vocabulary, encode_batch, tokenize
from . import correct, never_raises, pending, shown, wrong

__all__ = ["sentence_probabilities", "unknown_words", "check_positive_sentence",
           "check_parameter_count", "check_model_mistake"]

POSITIVE_THRESHOLD = 0.8


def sentence_probabilities(model, vocab, sentence):
    """The model's probabilities (K,) for one sentence, in the order of SENTIMENT_LABELS."""
    tokens, lengths = encode_batch(vocab, [sentence])  # tokens (T, 1), lengths (1,)
    return model.predict_proba(tokens, lengths)[0]


def unknown_words(vocab, sentence):
    """The words of ``sentence`` the vocabulary does not know (they become <unk>), in order."""
    return [w for w in tokenize(sentence) if vocab.index(w) == UNK_ID]


def _corpus_labels():
    """{lower-cased sentence: label} for every sentence of the shipped corpus."""
    texts, labels = load_sentiment("all")
    return {" ".join(tokenize(t)): SENTIMENT_LABELS[y] for t, y in zip(texts, labels)}


def _shown(probs):
    return ", ".join(f"{name} {p:.1%}" for name, p in zip(SENTIMENT_LABELS, probs))


def _sentence_problem(sentence):
    """A message if ``sentence`` is not a usable sentence, else None."""
    if not isinstance(sentence, str):
        return f"your sentence must be a string in quotes, like \"I love it\"; " \
               f"got {type(sentence).__name__}."
    if not tokenize(sentence):
        return "your sentence has no words in it (letters, digits or apostrophes)."
    return None


def _model_problem(model, vocab=None, need_vocab=False):
    """A message if ``model`` (and ``vocab``) are not a classifier and its vocabulary."""
    params = getattr(model, "params", None)  # duck-typed: any model shaped like the classifier
    if not (isinstance(params, dict) and "E" in params and "W_o" in params
            and callable(getattr(model, "predict_proba", None))):
        return (f"pass the trained model (a ManyToOneClassifier) as in the exercise cell; "
                f"got {type(model).__name__}.")
    if need_vocab:
        if not isinstance(vocab, Vocabulary):
            return (f"pass the vocabulary the model was trained with (a Vocabulary) as in "
                    f"the exercise cell; got {type(vocab).__name__}.")
        V = np.shape(params["E"])[0] if np.ndim(params["E"]) == 2 else None
        if V != len(vocab):
            return (f"this vocabulary has {len(vocab)} words but the model's embedding "
                    f"table has {V} rows: pass the vocabulary the model was trained with.")
    return None


def _probabilities_or_message(model, vocab, sentence):
    try:
        return sentence_probabilities(model, vocab, sentence), None
    except Exception as exc:  # a check never raises: it says what went wrong instead
        return None, (f"the model could not read your sentence ({type(exc).__name__}: {exc}). "
                      f"Pass the trained model and its vocab, as in the exercise cell.")


@never_raises("a sentence in quotes, the trained model and its vocabulary")
def check_positive_sentence(sentence, model, vocab):
    """Easy: a sentence of the learner's own that the model calls positive with >= 80 %."""
    if sentence is None:
        return pending("replace None with a positive sentence of your own, in quotes.")
    problem = _sentence_problem(sentence) or _model_problem(model, vocab, need_vocab=True)
    if problem:
        return wrong(problem)
    key = " ".join(tokenize(sentence))
    if key in _corpus_labels():
        return wrong("that sentence is already in the corpus (the training or the test set): "
                     "change a few words and make it your own.")
    probs, problem = _probabilities_or_message(model, vocab, sentence)
    if problem:
        return wrong(problem)
    unknown = unknown_words(vocab, sentence)
    note = (f" The model did not know {', '.join(repr(w) for w in unknown)}: "
            f"{'it' if len(unknown) == 1 else 'they'} became <unk>." if unknown else "")
    p_pos = float(probs[SENTIMENT_LABELS.index("positive")])
    if p_pos < POSITIVE_THRESHOLD:
        top = SENTIMENT_LABELS[int(np.argmax(probs))]
        return wrong(f"the model gives it {p_pos:.1%} positive, below the "
                     f"{POSITIVE_THRESHOLD:.0%} asked for (its answer: {top}; {_shown(probs)})."
                     f"{note} Try opinion words it saw in positive sentences, such as "
                     f"'love', 'great' or 'wonderful'.")
    return correct(f"the model is {p_pos:.1%} sure that {sentence!r} is positive.{note}")


@never_raises("a whole number and the trained model")
def check_parameter_count(answer, model):
    """Medium: the number of trainable numbers in the model, embedding table included."""
    if answer is None:
        return pending("replace None with the number of parameters (a whole number).")
    if isinstance(answer, bool) or not isinstance(answer, (Integral, float, np.floating)):
        return wrong(f"your answer must be a number; got {type(answer).__name__}.")
    if isinstance(answer, (float, np.floating)) and not float(answer).is_integer():
        return wrong(f"a count of numbers is a whole number; got {shown(answer)}.")
    answer = int(answer)
    try:
        V, D = model.params["E"].shape
        K, H = model.params["W_o"].shape
    except Exception:
        return wrong("pass the trained model (a ManyToOneClassifier) as the second argument.")
    if abs(answer) > 10**15:
        return wrong(f"{shown(answer)} is far too many: add up the sizes of E (V×D), W_x (H×D), "
                     f"W_h (H×H), b (H), W_o (K×H) and b_o (K) with V={V}, D={D}, H={H}, K={K}.")
    counts = parameter_count(D, H, K, V=V)
    total = counts["total"]
    if answer == total:
        return correct(f"{total:,} = V·D + H·D + H·H + H + K·H + K with V={V}, D={D}, H={H}, "
                       f"K={K}; the embedding table E holds {counts['E']:,} of them.")
    near_misses = {
        total - counts["E"]: "you left out the embedding table E (V×D): the word vectors "
                             "are learned too, so they count",
        total - counts["W_h"]: "you left out W_h (H×H), the recurrent weights that carry "
                               "the memory from one word to the next",
        total - counts["b"] - counts["b_o"]: "you left out the biases b (H) and b_o (K)",
        total - counts["W_x"]: "you left out W_x (H×D), which reads each word's vector",
        total - counts["W_o"] - counts["b_o"]: "you left out the output layer W_o (K×H) "
                                               "and b_o (K)",
    }
    if answer in near_misses:
        return wrong(f"{answer:,} is close: {near_misses[answer]}.")
    return wrong(f"{answer:,} is not the count. Add up the sizes of E (V×D), W_x (H×D), "
                 f"W_h (H×H), b (H), W_o (K×H) and b_o (K) with V={V}, D={D}, H={H}, K={K}.")


@never_raises("a sentence in quotes, its label ('positive', 'neutral' or 'negative'), the "
              "trained model and its vocabulary")
def check_model_mistake(sentence, label, model, vocab):
    """Hard: a sentence made only of known words, with its true label, that the model gets wrong."""
    if sentence is None or label is None:
        return pending("replace None with a sentence and its true label "
                       "('positive', 'neutral' or 'negative').")
    problem = _sentence_problem(sentence)
    if problem:
        return wrong(problem)
    if not isinstance(label, str) or label not in SENTIMENT_LABELS:
        return wrong(f"the label must be one of {', '.join(map(repr, SENTIMENT_LABELS))}; "
                     f"got {shown(label)}.")
    problem = _model_problem(model, vocab, need_vocab=True)
    if problem:
        return wrong(problem)
    unknown = unknown_words(vocab, sentence)
    if unknown:
        return wrong(f"the model has never seen {', '.join(repr(w) for w in unknown)} "
                     f"(they become <unk>): use only words from its vocabulary, so that a "
                     f"mistake says something about how it reads, not what it has read.")
    corpus_label = _corpus_labels().get(" ".join(tokenize(sentence)))
    if corpus_label is not None and corpus_label != label:
        return wrong(f"the corpus labels this very sentence {corpus_label!r}, not {label!r}.")
    probs, problem = _probabilities_or_message(model, vocab, sentence)
    if problem:
        return wrong(problem)
    predicted = SENTIMENT_LABELS[int(np.argmax(probs))]
    if predicted == label:
        return wrong(f"the model agrees with you: {label} ({_shown(probs)}). Look for a "
                     f"sentence whose meaning depends on word order or on a small word "
                     f"such as 'not'.")
    return correct(f"the model says {predicted} ({_shown(probs)}) but the sentence is {label}. "
                   f"Every word was known, so the mistake is in how it combines them.")
