"""Self-checks for notebook 04 · The four RNN patterns.

    check_patterns(answer)              exercise 1: the pattern of each task in EX1_TASKS
    check_temperature(p)                exercise 2: softmax(EX2_LOGITS / EX2_TEMPERATURE)
    check_teacher_forcing(inputs, targets)
                                        exercise 3: the decoder's inputs and targets for
                                        EX3_TARGET ("3 1 2"), as ids of digit_vocabulary()
    check_greedy_decode(decode, model, src, src_lengths)
                                        exercise 4: a greedy decoding loop written by hand

Each prints one line (✅, ❌ saying what is wrong, or ⏳ for a placeholder), returns True
only for a right answer and never raises.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ..layers import softmax
from ..rnn import rnn_step_forward
from ..seq2seq import EncoderDecoder
from ..text import PAD, UNK, Vocabulary
from . import as_float_array, check_array_answer, correct, never_raises, pending, shown, wrong

__all__ = ["START", "END", "PATTERN_KINDS", "EX1_TASKS", "EX2_WORDS", "EX2_LOGITS",
           "EX2_TEMPERATURE", "EX3_TARGET", "digit_vocabulary", "check_patterns",
           "check_temperature", "check_teacher_forcing", "check_greedy_decode"]

START, END = "<start>", "<end>"
PATTERN_KINDS = ("one_to_many", "many_to_one", "encoder_decoder", "seq_to_seq")

# task -> (the right kind, why)
EX1_TASKS = {
    "A": ("Write a short melody, note by note, for a chosen mood (one vector)",
          "one_to_many", "one input vector, then an output at every step"),
    "B": ("Give a product review a star rating from 1 to 5",
          "many_to_one", "it reads the whole review and gives one answer at the end"),
    "C": ("Summarise a 40-word news paragraph in 8 words",
          "encoder_decoder", "the output has its own length, so an encoder reads "
          "everything before a decoder writes"),
    "D": ("Mark every word of a sentence as a person's name or not",
          "seq_to_seq", "one label per input word, aligned step by step"),
}

EX2_WORDS = ("two", "a", "three", "red")
EX2_LOGITS = (2.0, 1.5, -0.5, -2.0)
EX2_TEMPERATURE = 0.5

EX3_TARGET = "3 1 2"


def digit_vocabulary():
    """The translation's target vocabulary: <pad> 0, <unk> 1, <start> 2, <end> 3, "0".."9" 4..13."""
    return Vocabulary([PAD, UNK, START, END, *"0123456789"])


# ----------------------------------------------------------------------- exercise 1
@never_raises("a dict from task letter to pattern name")
def check_patterns(answer):
    """Exercise 1: answer = {"A": kind, "B": kind, "C": kind, "D": kind}."""
    if answer is None:
        return pending("replace None with a dict from task letter to pattern name, "
                       "{\"A\": \"...\", \"B\": \"...\", \"C\": \"...\", \"D\": \"...\"}.")
    if not isinstance(answer, dict):
        return wrong(f"give a dict from task letter to pattern name, like "
                     f"{{\"A\": \"...\", \"B\": \"...\", ...}}; got {type(answer).__name__}.")
    missing = [k for k in EX1_TASKS if k not in answer]
    if missing:
        return wrong(f"your dict has no answer for task{'s' if len(missing) > 1 else ''} "
                     f"{', '.join(missing)}.")
    for k in EX1_TASKS:
        if answer[k] is None:
            return pending(f"task {k} still has None.")
        if not isinstance(answer[k], str) or answer[k] not in PATTERN_KINDS:
            return wrong(f"task {k}: {shown(answer[k])} is not a pattern name; use one of "
                         f"{', '.join(map(repr, PATTERN_KINDS))}.")
    for k, (task, kind, why) in EX1_TASKS.items():
        if answer[k] != kind:
            return wrong(f"task {k} ({task.lower()}) is not {answer[k]!r}: {why}.")
    return correct("each pattern is set by where the inputs and the outputs are, not by "
                   "what the data is about.")


# ----------------------------------------------------------------------- exercise 2
@never_raises("p as an array of 4 probabilities")
def check_temperature(answer):
    """Exercise 2: p = softmax(z / tau) for z = EX2_LOGITS and tau = EX2_TEMPERATURE."""
    z, tau = np.array(EX2_LOGITS), EX2_TEMPERATURE
    expected = softmax(z / tau)
    if answer is None:
        return pending("replace None with your probabilities p.")
    p = as_float_array(answer)
    if p is not None and p.shape == z.shape and np.all(np.isfinite(p)):
        near = lambda a: np.allclose(p, a, rtol=1e-6, atol=1e-8)
        if near(softmax(z)):
            return wrong("this is the plain softmax (temperature 1): divide the logits by "
                         f"the temperature {tau} first.")
        if near(softmax(z * tau)):
            return wrong(f"you multiplied the logits by {tau}; divide them by the temperature: "
                         f"softmax(z / {tau}).")
        if near(np.exp(z / tau)):
            return wrong("these are exp(z / τ); divide them by their sum so they add up to 1.")
        if not np.isclose(p.sum(), 1.0, atol=1e-6):
            return wrong(f"your probabilities sum to {p.sum():.4f}; they must sum to 1.")
    result = check_array_answer("p", answer, expected, hint="p = softmax(z / τ).")
    if result is not None:
        return result
    plain = softmax(z)
    return correct(f"p = {np.round(expected, 3)}. At τ = {tau} the most likely word "
                   f"{EX2_WORDS[0]!r} rises from {plain[0]:.0%} to {expected[0]:.0%}: "
                   f"a low temperature sharpens the distribution.")


# ----------------------------------------------------------------------- exercise 3
def _id_list(name, value):
    """``value`` as a list of int ids, or a message saying why it is not one."""
    if isinstance(value, str):
        return None, (f"your {name}: {value!r} is a string; give a list of integer ids "
                      f"(ints, one per token).")
    if isinstance(value, (bytes, dict, set)):
        return None, f"your {name} must be a list of integer ids; got {type(value).__name__}."
    try:
        ids = list(np.asarray(value).reshape(-1)) if isinstance(value, np.ndarray) \
            else list(value)
    except Exception:  # not iterable (or refuses to be)
        return None, f"your {name} must be a list of integer ids; got {type(value).__name__}."
    if not all(isinstance(i, Integral) and not isinstance(i, bool) for i in ids):
        return None, (f"every entry of your {name} must be an integer id from the target "
                      f"vocabulary (a digit d has id d + 4), not a word or a float.")
    return [int(i) for i in ids], None


@never_raises("two lists of integer ids")
def check_teacher_forcing(inputs, targets):
    """Exercise 3: the decoder's inputs and targets, as ids, for the target EX3_TARGET."""
    vocab = digit_vocabulary()
    digits = vocab.encode(EX3_TARGET)
    start, end = vocab.index(START), vocab.index(END)
    want_in, want_out = [start, *digits], [*digits, end]
    if inputs is None or targets is None:
        return pending("replace both Nones with lists of ids.")
    got_in, msg = _id_list("inputs", inputs)
    if msg:
        return wrong(msg)
    got_out, msg = _id_list("targets", targets)
    if msg:
        return wrong(msg)
    raw = [int(d) for d in EX3_TARGET.split()]
    if got_out[: len(raw)] == raw or got_in[1: 1 + len(raw)] == raw:
        return wrong(f"use the digits' ids in the target vocabulary, not the digits: "
                     f"'3' has id {vocab.index('3')}, '1' has id {vocab.index('1')}.")
    if got_in == got_out:
        return wrong("your inputs equal your targets: the decoder would just copy its input. "
                     "At step t it reads the previous target y_{t-1} and must write y_t.")
    if len(got_out) != len(want_out):
        if got_out == digits:
            return wrong(f"your targets miss <end> (id {end}): without it the decoder never "
                         f"learns to stop.")
        return wrong(f"your targets have {len(got_out)} ids; expected {len(want_out)}: the "
                     f"{len(digits)} digits and <end>.")
    if got_out != want_out:
        return wrong(f"your targets should be the digits' ids followed by <end> = {end}; "
                     f"got {got_out}.")
    if len(got_in) != len(want_in):
        return wrong(f"your inputs have {len(got_in)} ids; expected {len(want_in)}, one per "
                     f"target: the decoder reads one token for each token it writes.")
    if got_in[0] != start:
        return wrong(f"the first input must be <start> = {start}: at step 1 there is no "
                     f"previous token yet.")
    if got_in != want_in:
        return wrong(f"after <start>, the inputs are the targets shifted one step right "
                     f"(<end> is never read); got {got_in}.")
    return correct(f"inputs {want_in}, targets {want_out}: the same sequence shifted by one "
                   f"step, <start> in front of the inputs and <end> behind the targets.")


# ----------------------------------------------------------------------- exercise 4
def _decode(p, s0, start, end, max_len, *, cell="dec", feed_back=True):
    """Greedy decoding of one context s0 (H,), with the variants learners write by mistake."""
    weights = {k: p[f"{cell}_{k}"] for k in ("W_x", "W_h", "b")}
    s, prev, out = s0[None, :], start, []
    for _ in range(max_len):
        x = p["E_tgt"][[prev if feed_back else start]]
        s, _ = rnn_step_forward(x, s, weights)
        token = int((s @ p["W_o"].T + p["b_o"]).argmax())
        if token == end:
            return out, True
        out.append(token)
        prev = token
    return out, False


@never_raises("your function, the translation model, its source ids (T_src, B) "
              "and their lengths (B,)")
def check_greedy_decode(decode, model, src, src_lengths, max_len=5):
    """Exercise 4: ``decode(c)`` -> list of target ids, compared with ``model.predict``
    on every source column of ``src`` (T_src, B)."""
    if decode is None:
        return pending("define greedy_decode.")
    if not callable(decode):
        return wrong(f"pass your function itself (greedy_decode, without brackets); "
                     f"got {type(decode).__name__}.")
    if not isinstance(model, EncoderDecoder):
        return wrong(f"pass the notebook's translation model (an EncoderDecoder) as model; "
                     f"got {type(model).__name__}.")
    if isinstance(max_len, bool) or not isinstance(max_len, Integral) or not 1 <= max_len <= 100:
        return wrong(f"max_len must be a whole number from 1 to 100; got {shown(max_len)}.")
    p = model.params
    start, end = model.decoder.start_id, model.decoder.end_id
    try:
        contexts, _ = model.encode(src, src_lengths)
        expected = model.predict(src, src_lengths, max_len=max_len)
    except ValueError as exc:  # the model refused src or src_lengths: say why
        return wrong(f"the model could not read src and src_lengths ({exc}). Pass the "
                     f"source ids (T_src, B) and their lengths (B,) of the exercise cell.")
    results = []
    for c in contexts:
        try:
            got = decode(c.copy())
        except Exception as exc:  # a learner's bug: report it, never raise
            return wrong(f"your function raised {type(exc).__name__}: {exc}")
        if got is None:
            return pending("greedy_decode still returns None: fill in the loop.")
        got, msg = _id_list("result", got)
        if msg:
            return wrong(msg)
        results.append(got)
    if results == expected:
        return correct(f"your loop decodes all {len(expected)} sources exactly as "
                       f"model.predict does: the decoder's own output is its next input.")
    if all(g == [*w, end] for g, w in zip(results, expected) if len(w) < max_len) \
            and any(len(w) < max_len for w in expected):
        return wrong(f"your lists end with <end> (id {end}); stop before appending it.")
    variants = (
        ("zeros", "you started the decoder from zeros; start from the context: s_0 = c, "
                  "that is all the decoder knows of the source."),
        ("enc", "you used the encoder's weights; the decoder has its own: dec_W_x, dec_W_h, "
                "dec_b."),
        ("start", "you fed <start> at every step; feed back the token you just chose: it is "
                  "the next step's input."))
    for kind, message in variants:
        mistaken = [_decode(p, np.zeros_like(c) if kind == "zeros" else c, start, end, max_len,
                            cell="enc" if kind == "enc" else "dec",
                            feed_back=kind != "start")[0] for c in contexts]
        if results == mistaken and mistaken != expected:
            return wrong(message)
    if any(len(g) > max_len for g in results):
        return wrong(f"a result has more than max_len = {max_len} tokens; stop after max_len.")
    b = next(i for i, (g, w) in enumerate(zip(results, expected)) if g != w)
    return wrong(f"for source {b} you wrote {results[b]}, the model's greedy decoding is "
                 f"{expected[b]}. Each step: embed the previous token, one cell step, "
                 f"W_o s + b_o, argmax.")
