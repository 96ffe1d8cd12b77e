"""The self-checks of notebook 04: right answers pass, placeholders wait, and each classic
mistake gets a line that says what is wrong. No check ever raises."""

import numpy as np
import pytest

from rnnlib.exercises import nb04
from rnnlib.rnn import rnn_step_forward
from rnnlib.seq2seq import EncoderDecoder
from rnnlib.text import pad_sequences


def _out(capsys):
    return capsys.readouterr().out


RIGHT = {"A": "one_to_many", "B": "many_to_one", "C": "encoder_decoder", "D": "seq_to_seq"}


# --------------------------------------------------------------------------- exercise 1
def test_check_patterns_accepts_the_right_kinds(capsys):
    assert nb04.check_patterns(dict(RIGHT)) is True
    assert _out(capsys).startswith("✅ Correct")


@pytest.mark.parametrize("answer, message", [
    ({**RIGHT, "C": None}, "⏳ Not answered yet: task C still has None"),
    (["one_to_many"], "give a dict from task letter to pattern"),
    ({"A": "one_to_many"}, "no answer for tasks B, C, D"),
    ({**RIGHT, "B": "many to one"}, "task B: 'many to one' is not a pattern name"),
    ({**RIGHT, "C": "seq_to_seq"}, "task C (summarise a 40-word news paragraph in 8 words) is not 'seq_to_seq'"),
])
def test_check_patterns_says_what_is_wrong(capsys, answer, message):
    assert nb04.check_patterns(answer) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 2
def _z():
    return np.array(nb04.EX2_LOGITS)


def test_check_temperature_accepts_the_sharpened_softmax(capsys):
    p = np.exp(_z() / 0.5) / np.exp(_z() / 0.5).sum()
    assert nb04.check_temperature(p) is True
    assert nb04.check_temperature(list(p)) is True
    out = _out(capsys)
    assert out.startswith("✅ Correct: p = [0.727 0.268 0.005 0.   ]") and "from 59% to 73%" in out


def test_check_temperature_names_probabilities_that_do_not_sum_to_1(capsys):
    assert nb04.check_temperature(np.full(4, 0.3)) is False
    assert "sum to 1.2000" in _out(capsys)


# --------------------------------------------------------------------------- exercise 3
def test_digit_vocabulary_puts_digit_d_at_id_d_plus_4():
    v = nb04.digit_vocabulary()
    assert v.words[:4] == ["<pad>", "<unk>", "<start>", "<end>"]
    assert [v.index(str(d)) for d in range(10)] == list(range(4, 14))
    assert v.encode(nb04.EX3_TARGET) == [7, 5, 6]


def test_check_teacher_forcing_accepts_the_shifted_pair(capsys):
    assert nb04.check_teacher_forcing([2, 7, 5, 6], [7, 5, 6, 3]) is True
    assert nb04.check_teacher_forcing(np.array([2, 7, 5, 6]), (7, 5, 6, 3)) is True
    assert "✅ Correct: inputs [2, 7, 5, 6], targets [7, 5, 6, 3]" in _out(capsys)


@pytest.mark.parametrize("inputs, targets, message", [
    (None, [7, 5, 6, 3], "⏳ Not answered yet"),
    ([2, 7, 5, 6], None, "⏳ Not answered yet"),
    ([2, 3, 1, 2], [3, 1, 2, 3], "not the digits: '3' has id 7"),
    ([7, 5, 6, 3], [7, 5, 6, 3], "your inputs equal your targets"),
    ([2, 7, 5, 6], [7, 5, 6, 3, 3], "your targets have 5 ids; expected 4"),
    ([2, 7, 5], [7, 5, 6, 3], "your inputs have 3 ids; expected 4"),
    ([7, 5, 6, 3], [7, 5, 6, 3, 0], "your targets have 5 ids"),
    ([0, 7, 5, 6], [7, 5, 6, 3], "the first input must be <start> = 2"),
    ([2, 7, 6, 5], [7, 5, 6, 3], "the targets shifted one step right"),
    ([2, 5, 6, 3], [7, 5, 6, 3], "the targets shifted one step right"),
    ("2 7 5 6", [7, 5, 6, 3], "your inputs: '2 7 5 6' is a string"),
    ([2.0, 7.0, 5.0, 6.0], [7, 5, 6, 3], "must be an integer id"),
    (5, [7, 5, 6, 3], "must be a list of integer ids; got int"),
])
def test_check_teacher_forcing_says_what_is_wrong(capsys, inputs, targets, message):
    assert nb04.check_teacher_forcing(inputs, targets) is False
    assert message in _out(capsys)


# --------------------------------------------------------------------------- exercise 4
@pytest.fixture
def translator():
    rng = np.random.default_rng(12)
    model = EncoderDecoder(9, 14, 5, 6, rng=rng, start_id=2, end_id=3)
    for k in model.params:  # strong weights: decodings differ, some stop early, some do not
        model.params[k] += 0.8 * rng.standard_normal(model.params[k].shape)
    model.params["b_o"][3] += 0.5
    src, lengths = pad_sequences([[4, 5, 6], [7, 8], [2, 3, 4, 5], [6], [8, 7, 6], [5, 5]])
    return model, src, lengths


def _decoder(model, *, s0_zero=False, cell="dec", feed_back=True, keep_end=False, max_len=5,
             fail=False):
    p = model.params
    weights = {k: p[f"{cell}_{k}"] for k in ("W_x", "W_h", "b")}

    def greedy_decode(c, max_len=max_len):
        if fail:
            raise IndexError("index 99 is out of bounds")
        s = np.zeros((1, c.size)) if s0_zero else c[None, :]
        prev, out = 2, []
        for _ in range(max_len):
            x = p["E_tgt"][[prev if feed_back else 2]]
            s, _ = rnn_step_forward(x, s, weights)
            prev = int((s @ p["W_o"].T + p["b_o"]).argmax())
            if prev == 3:
                if keep_end:
                    out.append(prev)
                break
            out.append(prev)
        return out
    return greedy_decode


def test_check_greedy_decode_accepts_a_correct_loop(capsys, translator):
    model, src, lengths = translator
    expected = model.predict(src, lengths, max_len=5)
    assert any(len(e) < 5 for e in expected) and any(len(e) == 5 for e in expected)
    assert len({tuple(e) for e in expected}) > 3
    assert nb04.check_greedy_decode(_decoder(model), model, src, lengths) is True
    assert "✅ Correct: your loop decodes all 6 sources" in _out(capsys)


@pytest.mark.parametrize("options, message", [
    (dict(keep_end=True), "your lists end with <end> (id 3)"),
    (dict(s0_zero=True), "you started the decoder from zeros"),
    (dict(cell="enc"), "you used the encoder's weights"),
    (dict(feed_back=False), "you fed <start> at every step"),
    (dict(max_len=7), "more than max_len = 5 tokens"),
    (dict(fail=True), "your function raised IndexError: index 99 is out of bounds"),
])
def test_check_greedy_decode_names_the_mistake(capsys, translator, options, message):
    model, src, lengths = translator
    assert nb04.check_greedy_decode(_decoder(model, **options), model, src, lengths) is False
    assert message in _out(capsys)


def test_check_greedy_decode_waits_for_the_placeholder(capsys, translator):
    model, src, lengths = translator
    assert nb04.check_greedy_decode(None, model, src, lengths) is False
    assert nb04.check_greedy_decode(lambda c, max_len=5: None, model, src, lengths) is False
    assert nb04.check_greedy_decode([1, 2], model, src, lengths) is False
    out = _out(capsys).splitlines()
    assert out[0].startswith("⏳") and out[1].startswith("⏳ Not answered yet: greedy_decode")
    assert "pass your function itself" in out[2]


def test_check_greedy_decode_points_at_the_first_source_that_differs(capsys, translator):
    model, src, lengths = translator
    expected = model.predict(src, lengths, max_len=5)
    assert nb04.check_greedy_decode(lambda c, max_len=5: [4], model, src, lengths) is False
    assert f"for source 0 you wrote [4], the model's greedy decoding is {expected[0]}" in _out(capsys)
