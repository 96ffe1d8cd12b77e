import numpy as np
import pytest
from helpers import B, D, H, T

from rnnlib.gradcheck import check_gradients
from rnnlib.seq2seq import EncoderDecoder, VectorToSequence

V = 11
TOL = 1e-7


# ------------------------------------------------------------------ vector to sequence
START, END = 2, 3
F = 5  # the length of the scene vector v: all sizes differ (T, B, D, H, K, F, V = 4, 3, 5, 6, 7, 5, 11)


def _targets(rng, lengths, V=V):
    """Target ids (T, B) ending with <end> at each length, padded with 0 after."""
    lengths = np.asarray(lengths)
    tokens = rng.integers(4, V, size=(lengths.max(), len(lengths)))
    tokens[lengths - 1, np.arange(len(lengths))] = END
    tokens[np.arange(lengths.max())[:, None] >= lengths[None, :]] = 0
    return tokens, lengths


def _nudge(model, rng):
    for k in model.params:  # move away from the initial zeros so every gradient is exercised
        model.params[k] += 0.3 * rng.standard_normal(model.params[k].shape)
    return model


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_vector_to_sequence_gradients_match_finite_differences(rng, activation):
    model = _nudge(VectorToSequence(F, V, D + 1, H, rng=rng, start_id=START, end_id=END,
                                    activation=activation), rng)
    v = rng.standard_normal((B, F))
    targets, lengths = _targets(rng, [4, 2, 3])
    loss, grads = model.loss_and_grads(v, targets, lengths)
    assert set(grads) == {"W_v", "b_v", "E", "W_x", "W_h", "b", "W_o", "b_o"}
    assert all(grads[k].shape == model.params[k].shape for k in grads)
    rep = check_gradients(lambda: model.loss_and_grads(v, targets, lengths)[0], model.params,
                          grads, tol=TOL)
    assert rep.ok, str(rep)


def test_vector_to_sequence_shapes_follow_the_maths(rng):
    model = VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END)
    p = model.params
    assert p["W_v"].shape == (H, F) and p["b_v"].shape == (H,) and p["E"].shape == (V, D)
    assert p["W_x"].shape == (H, D) and p["W_h"].shape == (H, H) and p["W_o"].shape == (V, H)
    v = rng.standard_normal((B, F))
    h0, _ = model.initial_state(v)
    np.testing.assert_allclose(h0, np.tanh(v @ p["W_v"].T + p["b_v"]))
    targets, lengths = _targets(rng, [4, 2, 3])
    logits, cache = model.forward(v, targets)
    h = cache.h
    assert logits.shape == (T, B, V) and h.shape == (T, B, H)
    np.testing.assert_array_equal(cache.h0, h0)
    # step 1 reads <start> from h_0: the cell's own equation, computed by hand
    h1 = np.tanh(p["E"][START] @ p["W_x"].T + h0 @ p["W_h"].T + p["b"])
    np.testing.assert_allclose(h[0], h1)


def test_teacher_forcing_feeds_start_then_the_true_previous_tokens(rng):
    model = VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END)
    targets = np.array([[5, 6], [7, END], [END, 0]])
    np.testing.assert_array_equal(model.decoder_inputs(targets),
                                  [[START, START], [5, 6], [7, END]])


def test_vector_to_sequence_padding_changes_nothing(rng):
    model = _nudge(VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END), rng)
    v = rng.standard_normal((B, F))
    targets, lengths = _targets(rng, [4, 1, 3])
    loss, grads = model.loss_and_grads(v, targets, lengths)
    singles = [model.loss_and_grads(v[[i]], targets[: lengths[i], [i]], lengths[[i]])
               for i in range(B)]
    # the loss is a mean over the 8 real tokens: weight each sequence by its length
    w = lengths / lengths.sum()
    assert loss == pytest.approx(sum(wi * s[0] for wi, s in zip(w, singles)), rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], sum(wi * s[1][k] for wi, s in zip(w, singles)),
                                   rtol=1e-10, atol=1e-13)


def test_greedy_generation_follows_the_argmax_of_the_teacher_forced_logits(rng):
    model = _nudge(VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END), rng)
    v = rng.standard_normal((B, F))
    for v_b, seq in zip(v, model.generate(v, max_len=6)):
        assert END not in seq and len(seq) <= 6
        ended = len(seq) < 6
        targets = np.array(seq + [END] if ended else seq)[:, None]
        logits, _ = model.forward(v_b[None], targets)
        np.testing.assert_array_equal(logits[:, 0].argmax(-1), targets[:, 0])


def test_sampling_is_reproducible_and_a_small_temperature_is_greedy(rng):
    model = _nudge(VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END), rng)
    v = rng.standard_normal((8, F))
    a = model.generate(v, 5, temperature=1.0, rng=np.random.default_rng(3))
    b = model.generate(v, 5, temperature=1.0, rng=np.random.default_rng(3))
    assert a == b
    assert model.generate(v, 5, temperature=1e-3, rng=np.random.default_rng(3)) == \
        model.generate(v, 5)
    hot = model.generate(np.repeat(v[:1], 200, axis=0), 1, temperature=50.0,
                         rng=np.random.default_rng(4))
    firsts = {s[0] for s in hot if s}  # a very high temperature: nearly uniform over V
    assert len(firsts) >= V - 3


def test_vector_to_sequence_rejects_bad_input(rng):
    model = VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END)
    v = rng.standard_normal((B, F))
    targets, lengths = _targets(rng, [4, 2, 3])
    with pytest.raises(ValueError, match=r"v must have shape \(B, F\) = \(\?, 5\); got shape \(3, 4\)"):
        model.loss_and_grads(v[:, :4], targets, lengths)
    with pytest.raises(ValueError, match=r"targets must have shape \(T, B\) = \(\?, 3\); got shape \(4, 2\)"):
        model.loss_and_grads(v, targets[:, :2], lengths[:2])
    bad = targets.copy()
    bad[1, 1] = 5  # sequence 1 (length 2) no longer ends with <end>
    with pytest.raises(ValueError, match=r"targets must end with the <end> id 3 .* sequence 1 ends with 5"):
        model.loss_and_grads(v, bad, lengths)
    with pytest.raises(ValueError, match=r"lengths must lie in \[1, T\] = \[1, 4\]; got 5"):
        model.loss_and_grads(v, targets, np.array([5, 2, 3]))
    with pytest.raises(ValueError, match=r"targets must hold token ids in \[0, V\) = \[0, 11\); got 11"):
        model.loss_and_grads(v, np.full((2, B), V), None)
    with pytest.raises(ValueError, match=r"temperature must be a number > 0 \(or None for greedy\); got 0"):
        model.generate(v, 3, temperature=0, rng=rng)
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        model.generate(v, 3, temperature=1.0)
    with pytest.raises(ValueError, match=r"max_len must be a positive integer; got 0"):
        model.generate(v, 0)
    with pytest.raises(ValueError, match=r"end_id must be a token id in \[0, V\) = \[0, 11\); got 11"):
        VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=V)
    with pytest.raises(ValueError, match=r"rng must be a numpy Generator"):
        VectorToSequence(F, V, D, H, rng=1, start_id=START, end_id=END)


# ------------------------------------------------------------------ encoder-decoder
V_SRC, V_TGT = 11, 9


def _source(rng, lengths):
    lengths = np.asarray(lengths)
    tokens = rng.integers(2, V_SRC, size=(lengths.max(), len(lengths)))
    tokens[np.arange(lengths.max())[:, None] >= lengths[None, :]] = 0
    return tokens, lengths


def _seq2seq(rng, **kw):
    return EncoderDecoder(V_SRC, V_TGT, D, H, rng=rng, start_id=START, end_id=END, **kw)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_encoder_decoder_gradients_match_finite_differences(rng, activation):
    model = _nudge(_seq2seq(rng, activation=activation), rng)
    src, src_lengths = _source(rng, [4, 2, 3])
    tgt, tgt_lengths = _targets(rng, [2, 5, 3], V=V_TGT)  # target lengths differ from sources
    loss, grads = model.loss_and_grads(src, src_lengths, tgt, tgt_lengths)
    assert set(grads) == {"E_src", "enc_W_x", "enc_W_h", "enc_b", "E_tgt", "dec_W_x",
                          "dec_W_h", "dec_b", "W_o", "b_o"}
    assert all(grads[k].shape == model.params[k].shape for k in grads)
    rep = check_gradients(lambda: model.loss_and_grads(src, src_lengths, tgt, tgt_lengths)[0],
                          model.params, grads, tol=TOL)
    assert rep.ok, str(rep)


def test_encoder_decoder_shapes_follow_the_maths(rng):
    model = _seq2seq(rng)
    p = model.params
    assert p["E_src"].shape == (V_SRC, D) and p["E_tgt"].shape == (V_TGT, D)
    for side in ("enc", "dec"):
        assert p[f"{side}_W_x"].shape == (H, D) and p[f"{side}_W_h"].shape == (H, H)
        assert p[f"{side}_b"].shape == (H,)
    assert p["W_o"].shape == (V_TGT, H) and p["b_o"].shape == (V_TGT,)
    assert not np.shares_memory(p["enc_W_h"], p["dec_W_h"])


def test_the_context_is_the_last_real_encoder_state(rng):
    model = _nudge(_seq2seq(rng), rng)
    src, lengths = _source(rng, [4, 2, 3])
    c, _ = model.encode(src, lengths)
    assert c.shape == (B, H)
    for b in range(B):  # each source alone, without padding, ends in the same state
        alone, _ = model.encode(src[: lengths[b], [b]])
        np.testing.assert_allclose(c[b], alone[0], rtol=1e-12)


def test_the_decoder_sees_the_source_only_through_the_context(rng):
    model = _nudge(_seq2seq(rng), rng)
    src, lengths = _source(rng, [4, 2, 3])
    tgt, _ = _targets(rng, [3, 3, 3], V=V_TGT)
    logits, cache = model.forward(src, lengths, tgt)
    c = cache.context
    np.testing.assert_array_equal(c, model.encode(src, lengths)[0])
    dec = VectorToSequence(F, V_TGT, D, H, rng=rng, start_id=START, end_id=END)
    dec.params.update(E=model.params["E_tgt"], W_x=model.params["dec_W_x"],
                      W_h=model.params["dec_W_h"], b=model.params["dec_b"],
                      W_o=model.params["W_o"], b_o=model.params["b_o"])
    same, _ = dec.decoder.forward(dec.params, tgt, c)
    np.testing.assert_allclose(logits, same, rtol=1e-12)


def test_encoder_decoder_padding_changes_nothing(rng):
    model = _nudge(_seq2seq(rng), rng)
    src, src_lengths = _source(rng, [4, 1, 3])
    tgt, tgt_lengths = _targets(rng, [2, 4, 3], V=V_TGT)
    loss, grads = model.loss_and_grads(src, src_lengths, tgt, tgt_lengths)
    singles = [model.loss_and_grads(src[: src_lengths[i], [i]], src_lengths[[i]],
                                    tgt[: tgt_lengths[i], [i]], tgt_lengths[[i]])
               for i in range(B)]
    w = tgt_lengths / tgt_lengths.sum()
    assert loss == pytest.approx(sum(wi * s[0] for wi, s in zip(w, singles)), rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], sum(wi * s[1][k] for wi, s in zip(w, singles)),
                                   rtol=1e-10, atol=1e-13)


def test_encoder_decoder_learns_to_reverse_short_sequences(rng):
    from rnnlib.optim import Adam

    model = EncoderDecoder(V_SRC, V_TGT, 8, 24, rng=rng, start_id=START, end_id=END)
    src = rng.integers(4, V_TGT, size=(3, 40))  # source ids 4..8 are target ids 4..8 too
    tgt = np.concatenate([src[::-1], np.full((1, 40), END)])
    opt = Adam(lr=0.02)
    for _ in range(300):
        loss, grads = model.loss_and_grads(src, None, tgt)
        opt.step(model.params, grads)
    assert loss < 0.05
    assert model.predict(src, max_len=5) == [list(col) for col in src[::-1].T]


def test_encoder_decoder_rejects_bad_input(rng):
    model = _seq2seq(rng)
    src, src_lengths = _source(rng, [4, 2, 3])
    tgt, tgt_lengths = _targets(rng, [2, 5, 3], V=V_TGT)
    with pytest.raises(ValueError, match=r"src must hold token ids in \[0, V\) = \[0, 11\); got 11"):
        model.loss_and_grads(np.full_like(src, V_SRC), src_lengths, tgt, tgt_lengths)
    with pytest.raises(ValueError, match=r"lengths must have shape \(B,\) = \(3,\); got shape \(2,\)"):
        model.loss_and_grads(src, src_lengths[:2], tgt, tgt_lengths)
    with pytest.raises(ValueError, match=r"targets must have shape \(T, B\) = \(\?, 3\); got shape \(5, 2\)"):
        model.loss_and_grads(src, src_lengths, tgt[:, :2], tgt_lengths[:2])
    with pytest.raises(ValueError, match=r"targets must end with the <end> id 3"):
        model.loss_and_grads(src, src_lengths, np.full((2, B), 4), None)
    with pytest.raises(ValueError, match=r"targets must hold token ids in \[0, V\) = \[0, 9\); got 9"):
        model.loss_and_grads(src, src_lengths, np.full((2, B), V_TGT), None)
    with pytest.raises(ValueError, match=r"start_id must be a token id in \[0, V\) = \[0, 9\); got -1"):
        EncoderDecoder(V_SRC, V_TGT, D, H, rng=rng, start_id=-1, end_id=END)
    with pytest.raises(ValueError, match=r"max_len must be a positive integer; got 2.5"):
        model.predict(src, src_lengths, max_len=2.5)


def test_decoders_work_in_float32(rng):
    model = EncoderDecoder(V_SRC, V_TGT, D, H, rng=rng, start_id=START, end_id=END,
                           dtype=np.float32)
    src, src_lengths = _source(rng, [4, 2, 3])
    tgt, tgt_lengths = _targets(rng, [2, 5, 3], V=V_TGT)
    _, grads = model.loss_and_grads(src, src_lengths, tgt, tgt_lengths)
    assert all(g.dtype == np.float32 for g in grads.values())
    gen = VectorToSequence(F, V, D, H, rng=rng, start_id=START, end_id=END, dtype=np.float32)
    _, grads = gen.loss_and_grads(rng.standard_normal((B, F)).astype(np.float32),
                                  *_targets(rng, [4, 2, 3]))
    assert all(g.dtype == np.float32 for g in grads.values())


def test_encoder_decoder_decodes_from_any_context(rng):
    model = _nudge(_seq2seq(rng), rng)
    src, lengths = _source(rng, [4, 2, 3])
    c, _ = model.encode(src, lengths)
    assert model.decode(c, max_len=4) == model.predict(src, lengths, max_len=4)
    with pytest.raises(ValueError, match=r"context must have shape \(B, H\) = \(\?, 6\); got shape \(3, 5\)"):
        model.decode(c[:, :5])
