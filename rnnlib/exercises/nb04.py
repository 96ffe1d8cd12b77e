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
from . import (
    Answer,
    correct,
    judge,
    judge_parts,
    never_raises,
    not_summing_to_one,
    pending,
    shown,
    wrong,
)

__all__ = ["START", "END", "PATTERN_KINDS", "EX1_TASKS", "EX2_WORDS", "EX2_LOGITS",
           "EX2_TEMPERATURE", "EX3_TARGET", "digit_vocabulary", "patterns_answers",
           "temperature_answer", "teacher_forcing_answers", "check_patterns",
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
def patterns_answers():
    """Exercise 1 declared: the pattern of each task of EX1_TASKS, one part per task."""
    return tuple(
        Answer(f"task {k}", kind, kind="choice", choices=PATTERN_KINDS,
               waiting=f"task {k} still has None.", mistakes=(
                   (lambda got: got not in PATTERN_KINDS,
                    lambda got, k=k: (f"task {k}: {shown(got)} is not a pattern name; use one "
                                      f"of {', '.join(map(repr, PATTERN_KINDS))}.")),),
               hint=lambda got, k=k, task=task, why=why: (f"task {k} ({task.lower()}) is not "
                                                          f"{got!r}: {why}."))
        for k, (task, kind, why) in EX1_TASKS.items())


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
    return judge_parts(patterns_answers(), [answer[k] for k in EX1_TASKS],
                       waiting="task A still has None.",
                       success="each pattern is set by where the inputs and the outputs are, "
                               "not by what the data is about.")


# ----------------------------------------------------------------------- exercise 2
def temperature_answer():
    """Exercise 2 declared: p = softmax(z / tau) for z = EX2_LOGITS, tau = EX2_TEMPERATURE."""
    z, tau = np.array(EX2_LOGITS), EX2_TEMPERATURE
    expected, plain = softmax(z / tau), softmax(z)
    return Answer(
        "p", expected, mistakes=(
            (plain, f"this is the plain softmax (temperature 1): divide the logits by the "
                    f"temperature {tau} first."),
            (softmax(z * tau), f"you multiplied the logits by {tau}; divide them by the "
                               f"temperature: softmax(z / {tau})."),
            (np.exp(z / tau), "these are exp(z / τ); divide them by their sum so they add up "
                              "to 1."),
            not_summing_to_one(z.shape)),
        hint="p = softmax(z / τ).",
        waiting="replace None with your probabilities p.",
        success=f"p = {np.round(expected, 3)}. At τ = {tau} the most likely word "
                f"{EX2_WORDS[0]!r} rises from {plain[0]:.0%} to {expected[0]:.0%}: a low "
                f"temperature sharpens the distribution.")


@never_raises("p as an array of 4 probabilities")
def check_temperature(answer):
    """Exercise 2: p = softmax(z / tau) for z = EX2_LOGITS and tau = EX2_TEMPERATURE."""
    return judge(temperature_answer(), answer)


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


def _ids(a):
    return np.asarray(a).astype(int).tolist()


def teacher_forcing_answers():
    """Exercise 3 declared: the decoder's targets (the digits' ids and <end>), then its
    inputs (<start> and the targets but the last), for EX3_TARGET."""
    vocab = digit_vocabulary()
    digits = vocab.encode(EX3_TARGET)
    start, end = vocab.index(START), vocab.index(END)
    want_in, want_out = [start, *digits], [*digits, end]
    return (
        Answer("targets", want_out, mistakes=(
            (digits, f"your targets miss <end> (id {end}): without it the decoder never learns "
                     f"to stop."),
            (lambda a: len(a) != len(want_out),
             lambda a: f"your targets have {len(a)} ids; expected {len(want_out)}: the "
                       f"{len(digits)} digits and <end>.")),
            hint=lambda a: (f"your targets should be the digits' ids followed by <end> = {end}; "
                            f"got {_ids(a)}.")),
        Answer("inputs", want_in, mistakes=(
            (lambda a: len(a) != len(want_in),
             lambda a: f"your inputs have {len(a)} ids; expected {len(want_in)}, one per "
                       f"target: the decoder reads one token for each token it writes."),
            (lambda a: a[0] != start, f"the first input must be <start> = {start}: at step 1 "
                                      f"there is no previous token yet.")),
            hint=lambda a: (f"after <start>, the inputs are the targets shifted one step right "
                            f"(<end> is never read); got {_ids(a)}.")),
    )


@never_raises("two lists of integer ids")
def check_teacher_forcing(inputs, targets):
    """Exercise 3: the decoder's inputs and targets, as ids, for the target EX3_TARGET."""
    vocab = digit_vocabulary()
    if inputs is None or targets is None:
        return pending("replace both Nones with lists of ids.")
    got_in, msg = _id_list("inputs", inputs)
    got_out, msg_out = _id_list("targets", targets)
    if msg or msg_out:
        return wrong(msg or msg_out)
    raw = [int(d) for d in EX3_TARGET.split()]
    if got_out[: len(raw)] == raw or got_in[1: 1 + len(raw)] == raw:
        return wrong(f"use the digits' ids in the target vocabulary, not the digits: "
                     f"'3' has id {vocab.index('3')}, '1' has id {vocab.index('1')}.")
    if got_in == got_out:
        return wrong("your inputs equal your targets: the decoder would just copy its input. "
                     "At step t it reads the previous target y_{t-1} and must write y_t.")
    parts = teacher_forcing_answers()
    return judge_parts(parts, (got_out, got_in), success=(
        f"inputs {parts[1].expected}, targets {parts[0].expected}: the same sequence shifted by "
        f"one step, <start> in front of the inputs and <end> behind the targets."))


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
