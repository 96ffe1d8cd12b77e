"""The README's promise, across the public API: bad input raises a ValueError that names
the argument, says what was expected and what was received, and changes no input.

Each row: an id, a fragment the message must contain (argument name, expected, received),
and a function of the fixtures returning (callable, args, kwargs).
"""

from __future__ import annotations

import copy
import math
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import B, D, H, K, T

import rnnlib as R

NAN, INF = float("nan"), float("inf")


@pytest.fixture(scope="module")
def f():
    rng = np.random.default_rng(7)
    p = {"W_x": rng.normal(0, 0.5, (H, D)), "W_h": rng.normal(0, 0.4, (H, H)),
         "b": np.zeros(H)}
    x, h0, dh = rng.normal(size=(T, B, D)), rng.normal(size=(B, H)), rng.normal(size=(T, B, H))
    _, cache = R.rnn_forward(x, h0, p)
    _, step_cache = R.rnn_step_forward(x[0], h0, p)
    V = 10
    tokens = rng.integers(0, V, (T, B))
    clf = R.ManyToOneClassifier(V, D, H, 3, rng=rng)
    m2m = R.ManyToManyRNN(D, H, K, rng=rng)
    m2m_ce = R.ManyToManyRNN(D, H, K, rng=rng, loss="cross_entropy")
    m2m_tok = R.ManyToManyRNN(D, H, K, rng=rng, vocab_size=V)
    v2s = R.VectorToSequence(15, 8, D, H, rng=rng, start_id=2, end_id=3)
    ed = R.EncoderDecoder(V, 8, D, H, rng=rng, start_id=2, end_id=3)
    src = rng.integers(0, V, (3, B))
    tgt = np.array([[4, 5, 6], [3, 3, 3]])[:, :B]
    seqs, labels = [[2, 3], [4], [5, 6, 7], [1]], np.array([0, 1, 2, 1])
    vocab = R.Vocabulary.build(R.LECTURE_SENTENCES)
    emb_x, emb_cache = R.embedding_forward(tokens, rng.normal(size=(V, D)))
    _, aff_cache = R.affine_forward(rng.normal(size=(B, H)), rng.normal(size=(K, H)), np.zeros(K))
    w = rng.normal(size=3)
    read_only = w.copy()
    read_only.flags.writeable = False
    pl, pg = R.lstm_init_params(rng, D, H), R.gru_init_params(rng, D, H)
    _, _, lstm_cache = R.lstm_forward(x, h0, h0, pl)
    _, gru_cache = R.gru_forward(x, h0, pg)
    _, _, lstm_step_cache = R.lstm_step_forward(x[0], h0, h0, pl)
    _, gru_step_cache = R.gru_step_forward(x[0], h0, pg)
    charlm = R.CharLM(4, 5, rng=rng)
    return SimpleNamespace(**locals())


def _rows():
    """(id, fragment, builder) for every case; builder(f) -> (callable, args, kwargs)."""
    return [
        # ------------------------------------------------------------ the recurrent cell
        ("rnn_forward x D", "x must have shape (T, B, D) = (?, ?, 5)",
         lambda f: (R.rnn_forward, (f.x[..., :4], f.h0, f.p), {})),
        ("rnn_forward x None", "x must be an array of shape (T, B, D); got None",
         lambda f: (R.rnn_forward, (None, f.h0, f.p), {})),
        ("rnn_forward x complex", "x must hold real numbers; got dtype complex128",
         lambda f: (R.rnn_forward, (f.x.astype(complex), f.h0, f.p), {})),
        ("rnn_forward x NaN", "x must be finite; got NaN at index (0, 0, 0)",
         lambda f: (R.rnn_forward, (np.where(np.arange(D) == 0, NAN, f.x), f.h0, f.p), {})),
        ("rnn_forward x empty", "x must have shape (T, B, D) = (?, ?, 5) (D from params['W_x'] "
         "of shape (6, 5)) with T >= 1; got shape (0, 3, 5) (empty)",
         lambda f: (R.rnn_forward, (f.x[:0], f.h0, f.p), {})),
        ("rnn_forward h0", "h0 must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.rnn_forward, (f.x, f.h0[:, :5], f.p), {})),
        ("rnn_forward missing W_h", "params is missing key 'W_h'; expected keys ['W_x', 'W_h', "
         "'b'], got ['W_x', 'b']",
         lambda f: (R.rnn_forward, (f.x, f.h0, {"W_x": f.p["W_x"], "b": f.p["b"]}), {})),
        ("rnn_forward params type", "params must be a dict with keys ['W_x', 'W_h', 'b']; got list",
         lambda f: (R.rnn_forward, (f.x, f.h0, [1, 2]), {})),
        ("rnn_forward W_h shape", "params['W_h'] must have shape (H, H) = (6, 6); got shape (5, 6)",
         lambda f: (R.rnn_forward, (f.x, f.h0, {**f.p, "W_h": f.p["W_h"][:5]}), {})),
        ("rnn_forward activation", "activation must be one of 'tanh', 'relu', 'linear'; got "
         "'sigmoid'", lambda f: (R.rnn_forward, (f.x, f.h0, f.p, "sigmoid"), {})),
        ("rnn_step_forward x_t", "x_t must have shape (B, D) = (?, 5)",
         lambda f: (R.rnn_step_forward, (f.x[0][:, :4], f.h0, f.p), {})),
        ("rnn_step_forward h_prev", "h_prev must have shape (B, H) = (3, 6); got shape (2, 6)",
         lambda f: (R.rnn_step_forward, (f.x[0], f.h0[:2], f.p), {})),
        ("rnn_step_backward dh_t", "dh_t must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.rnn_step_backward, (f.dh[0][:, :5], f.step_cache, f.p), {})),
        ("rnn_step_backward cache", "cache must be the StepCache returned by rnn_step_forward; "
         "got str", lambda f: (R.rnn_step_backward, (f.dh[0], "cache", f.p), {})),
        ("rnn_backward dh", "dh must have shape (T, B, H) = (4, 3, 6); got shape (2, 3, 6)",
         lambda f: (R.rnn_backward, (f.dh[:2], f.cache, f.p), {})),
        ("rnn_backward_truncated k", "k must be a positive integer; got 0",
         lambda f: (R.rnn_backward_truncated, (f.dh, f.cache, f.p, 0), {})),
        ("rnn_backward_truncated dh", "dh must have shape (T, B, H) = (4, 3, 6); got shape (2, 3, 6)",
         lambda f: (R.rnn_backward_truncated, (f.dh[:2], f.cache, f.p, 2), {})),
        ("rnn_gradient_terms cache", "cache must be the SequenceCache returned by rnn_forward",
         lambda f: (R.rnn_gradient_terms, (f.dh, (f.x,), f.p), {})),
        # ------------------------------------------------------------ layers and losses
        ("embedding ids", "tokens must hold token ids in [0, V) = [0, 10); got 99",
         lambda f: (R.embedding_forward, (np.full((T, B), 99), np.zeros((10, D))), {})),
        ("embedding float ids", "tokens must hold integer token ids; got dtype float64",
         lambda f: (R.embedding_forward, (f.tokens.astype(float), np.zeros((10, D))), {})),
        ("embedding E rank", "E must have 2 dimensions, shape (V, D); got 1 dimension",
         lambda f: (R.embedding_forward, (f.tokens, np.zeros(10)), {})),
        ("embedding_backward dx", "dx must have shape (T, B, D) = (4, 3, 5); got shape (4, 3, 4)",
         lambda f: (R.embedding_backward, (f.emb_x[..., :4], f.emb_cache), {})),
        ("embedding_backward cache", "cache must be the EmbeddingCache returned by embedding_forward; got tuple",
         lambda f: (R.embedding_backward, (f.emb_x, (1, 2, 3)), {})),
        ("affine x", "x must have shape (..., H) with H = 6",
         lambda f: (R.affine_forward, (np.zeros((B, 5)), np.zeros((K, H)), np.zeros(K)), {})),
        ("affine b", "b must have shape (K,) = (7,); got shape (6,)",
         lambda f: (R.affine_forward, (np.zeros((B, H)), np.zeros((K, H)), np.zeros(6)), {})),
        ("affine_backward dout", "dout must have shape (N, K) = (3, 7); got shape (3, 6)",
         lambda f: (R.affine_backward, (np.zeros((B, 6)), f.aff_cache), {})),
        ("affine_backward cache", "cache must be the AffineCache returned by affine_forward; got tuple",
         lambda f: (R.affine_backward, (np.zeros((B, K)), (1, 2)), {})),
        ("softmax +inf", "z must hold finite logits (or -inf for a class ruled out); got +inf at "
         "index (0,)", lambda f: (R.softmax, (np.array([INF, 0.0]),), {})),
        ("softmax all -inf", "z must have a finite logit in every row (..., K); got row (1,) all "
         "-inf", lambda f: (R.softmax, (np.array([[0.0, 1.0], [-INF, -INF]]),), {})),
        ("softmax NaN", "got NaN at index (1,)",
         lambda f: (R.softmax, (np.array([0.0, NAN]),), {})),
        ("softmax complex", "z must hold real numbers; got dtype complex128",
         lambda f: (R.softmax, (np.array([1j, 0]),), {})),
        ("softmax empty", "z must have shape (..., K) with K >= 1 logits; got shape (0,) (empty)",
         lambda f: (R.softmax, ([],), {})),
        ("softmax None", "z must be an array of shape (..., K); got None",
         lambda f: (R.softmax, (None,), {})),
        ("softmax str", "z must be an array of shape (..., K); got 'abc'",
         lambda f: (R.softmax, ("abc",), {})),
        ("log_softmax scalar", "z must have shape (..., K) with K >= 1 logits; got shape () "
         "(a scalar)", lambda f: (R.log_softmax, (3.0,), {})),
        ("log_softmax +inf", "got +inf", lambda f: (R.log_softmax, ([[1.0, INF]],), {})),
        ("cross-entropy y length", "y must have shape (N,) = (3,); got shape (4,)",
         lambda f: (R.softmax_cross_entropy, (np.zeros((3, K)), np.zeros(4, int)), {})),
        ("cross-entropy y -1", "y must hold class ids in [0, K) = [0, 7); got -1",
         lambda f: (R.softmax_cross_entropy, (np.zeros((3, K)), np.array([0, -1, 2])), {})),
        ("cross-entropy y float", "y must hold integer class ids; got dtype float64",
         lambda f: (R.softmax_cross_entropy, (np.zeros((3, K)), np.array([0.0, 1, 2])), {})),
        ("cross-entropy mask 0.5", "mask must hold 0 (padding) and 1 (counts) only; got 0.5 at "
         "index (1, 0)", lambda f: (R.softmax_cross_entropy, (np.zeros((2, 2, K)), np.zeros(
             (2, 2), int), np.array([[1, 1], [0.5, 1]])), {})),
        ("cross-entropy mask -1", "mask must hold 0 (padding) and 1 (counts) only; got -1",
         lambda f: (R.softmax_cross_entropy, (np.zeros((2, 2, K)), np.zeros((2, 2), int),
                                              np.array([[1, -1], [1, 1]])), {})),
        ("mse target shape", "target must have the shape of pred, (3, 2); got shape (3, 1)",
         lambda f: (R.mse_loss, (np.zeros((3, 2)), np.zeros((3, 1))), {})),
        ("length_mask 0", "lengths must lie in [1, T] = [1, 4]; got 0",
         lambda f: (R.length_mask, (np.array([0, 2, 3]), T), {})),
        ("last_step lengths", "lengths must have shape (B,) = (3,); got shape (2,)",
         lambda f: (R.last_step, (np.zeros((T, B, H)), np.array([1, 2])), {})),
        ("last_step_backward lengths", "lengths must lie in [1, T] = [1, 4]; got 5",
         lambda f: (R.last_step_backward, (np.zeros((B, H)), np.array([1, 5, 2]), T), {})),
        ("mse pred NaN", "pred must be finite; got NaN",
         lambda f: (R.mse_loss, (np.array([[NAN]]), np.zeros((1, 1))), {})),
        ("mse empty mask", "mask must select at least one position; got an all-zero mask",
         lambda f: (R.mse_loss, (np.zeros((3, 2)), np.zeros((3, 2)), np.zeros(3)), {})),
        # ------------------------------------------------------------ models
        ("classifier vocab_size 0", "vocab_size must be a positive integer; got 0",
         lambda f: (R.ManyToOneClassifier, (0, D, H, 3), {"rng": np.random.default_rng(0)})),
        ("classifier embed_dim -1", "embed_dim must be a positive integer; got -1",
         lambda f: (R.ManyToOneClassifier, (10, -1, H, 3), {"rng": np.random.default_rng(0)})),
        ("classifier hidden_size float", "hidden_size must be a positive integer; got 2.5",
         lambda f: (R.ManyToOneClassifier, (10, D, 2.5, 3), {"rng": np.random.default_rng(0)})),
        ("classifier num_classes None", "num_classes must be a positive integer; got None",
         lambda f: (R.ManyToOneClassifier, (10, D, H, None), {"rng": np.random.default_rng(0)})),
        ("classifier bool", "embed_dim must be a positive integer; got True",
         lambda f: (R.ManyToOneClassifier, (10, True, H, 3), {"rng": np.random.default_rng(0)})),
        ("classifier int dtype", "dtype must be a float dtype such as np.float64 or np.float32 "
         "(integer weights would all round to 0); got int64",
         lambda f: (R.ManyToOneClassifier, (10, D, H, 3),
                    {"rng": np.random.default_rng(0), "dtype": np.int64})),
        ("classifier rng", "rng must be a numpy Generator (np.random.default_rng(seed)); got int",
         lambda f: (R.ManyToOneClassifier, (10, D, H, 3), {"rng": 0})),
        ("classifier tokens", "tokens must hold token ids in [0, V) = [0, 10); got 10",
         lambda f: (f.clf.forward, (np.full((T, B), 10),), {})),
        ("classifier lengths", "lengths must lie in [1, T] = [1, 4]; got 0",
         lambda f: (f.clf.forward, (f.tokens, np.array([1, 0, 2])), {})),
        ("classifier y length", "y must have shape (B,) = (3,); got shape (2,)",
         lambda f: (f.clf.loss_and_grads, (f.tokens, None, np.array([0, 1])), {})),
        ("classifier y >= K", "y must hold class ids in [0, K) = [0, 3); got 3",
         lambda f: (f.clf.loss_and_grads, (f.tokens, None, np.array([0, 1, 3])), {})),
        ("m2m output_size", "output_size must be a positive integer; got 0",
         lambda f: (R.ManyToManyRNN, (D, H, 0), {"rng": np.random.default_rng(0)})),
        ("m2m loss", "loss must be one of 'mse', 'cross_entropy'; got 'hinge'",
         lambda f: (R.ManyToManyRNN, (D, H, K), {"rng": np.random.default_rng(0),
                                                  "loss": "hinge"})),
        ("m2m inputs D", "inputs must have shape (T, B, D) = (?, ?, 5)",
         lambda f: (f.m2m.forward, (f.x[..., :4],), {})),
        ("m2m h0", "h0 must have shape (B, H) = (3, 6); got shape (2, 6)",
         lambda f: (f.m2m.forward, (f.x, f.h0[:2]), {})),
        ("m2m targets", "targets must have shape (T, B, K) = (4, 3, 7); got shape (4, 3, 6)",
         lambda f: (f.m2m.loss_and_grads, (f.x, np.zeros((T, B, 6))), {})),
        ("m2m ce targets", "targets must hold class ids in [0, K) = [0, 7); got 7",
         lambda f: (f.m2m_ce.loss_and_grads, (f.x, np.full((T, B), 7)), {})),
        ("m2m token inputs", "inputs must hold integer token ids; got dtype float64",
         lambda f: (f.m2m_tok.forward, (f.tokens.astype(float),), {})),
        ("m2m mask", "mask must hold 0 (padding) and 1 (counts) only; got 0.5",
         lambda f: (f.m2m.loss_and_grads, (f.x, np.zeros((T, B, K)), np.full((T, B), 0.5)), {})),
        ("init_params D", "D must be a positive integer; got 0",
         lambda f: (R.init_params, (np.random.default_rng(0), 0, H, K), {})),
        ("parameter_count K", "K must be a positive integer; got -7",
         lambda f: (R.parameter_count, (D, H, -7), {})),
        ("v2s input_size", "input_size must be a positive integer; got 0",
         lambda f: (R.VectorToSequence, (0, 8, D, H),
                    {"rng": np.random.default_rng(0), "start_id": 2, "end_id": 3})),
        ("v2s start_id", "start_id must be a token id in [0, V) = [0, 8); got 8",
         lambda f: (R.VectorToSequence, (15, 8, D, H),
                    {"rng": np.random.default_rng(0), "start_id": 8, "end_id": 3})),
        ("v2s v", "v must have shape (B, F) = (?, 15)",
         lambda f: (f.v2s.initial_state, (np.zeros((2, 14)),), {})),
        ("v2s max_len", "max_len must be a positive integer; got 0",
         lambda f: (f.v2s.generate, (np.zeros((2, 15)),), {"max_len": 0})),
        ("v2s temperature without rng", "rng must be a numpy Generator",
         lambda f: (f.v2s.generate, (np.zeros((2, 15)),), {"temperature": 0.5})),
        ("ed hidden_size None", "hidden_size must be a positive integer; got None",
         lambda f: (R.EncoderDecoder, (10, 8, D, None),
                    {"rng": np.random.default_rng(0), "start_id": 2, "end_id": 3})),
        ("ed dtype", "dtype must be a float dtype",
         lambda f: (R.EncoderDecoder, (10, 8, D, H),
                    {"rng": np.random.default_rng(0), "start_id": 2, "end_id": 3,
                     "dtype": "int32"})),
        ("ed src_lengths", "src_lengths must lie in [1, T] = [1, 3]; got 5",
         lambda f: (f.ed.encode, (f.src, np.array([1, 5, 2])), {})),
        ("ed tgt_lengths", "tgt_lengths must lie in [1, T] = [1, 2]; got 9",
         lambda f: (f.ed.loss_and_grads, (f.src, None, f.tgt, np.array([2, 9, 2])), {})),
        ("ed context", "context must have shape (B, H) = (?, 6); got shape (3, 5)",
         lambda f: (f.ed.decode, (np.zeros((3, 5)),), {})),
        # ------------------------------------------------------------ training
        ("minibatches batch_size 0", "batch_size must be a positive integer; got 0",
         lambda f: (R.minibatches, (10, 0, np.random.default_rng(0)), {})),
        ("minibatches n", "n must be a positive integer; got -3",
         lambda f: (R.minibatches, (-3, 2, np.random.default_rng(0)), {})),
        ("minibatches rng", "rng must be a numpy Generator",
         lambda f: (R.minibatches, (10, 2, None), {})),
        ("evaluate labels length", "labels must have shape (N,) = (4,); got shape (3,)",
         lambda f: (R.evaluate_classifier, (f.clf, f.seqs, f.labels[:3]), {})),
        ("evaluate labels -1", "labels must hold class ids in [0, K) = [0, 3); got -1",
         lambda f: (R.evaluate_classifier, (f.clf, f.seqs, np.array([0, -1, 2, 1])), {})),
        ("evaluate labels >= K", "labels must hold class ids in [0, K) = [0, 3); got 3",
         lambda f: (R.evaluate_classifier, (f.clf, f.seqs, np.array([0, 3, 2, 1])), {})),
        ("evaluate labels float", "labels must hold integer class ids; got dtype float64",
         lambda f: (R.evaluate_classifier, (f.clf, f.seqs, f.labels.astype(float)), {})),
        ("evaluate seqs ids", "seqs must hold token ids in [0, V) = [0, 10); got 99",
         lambda f: (R.evaluate_classifier, (f.clf, [[99], [1], [2], [3]], f.labels), {})),
        ("evaluate model", "model must be a ManyToOneClassifier",
         lambda f: (R.evaluate_classifier, ("model", f.seqs, f.labels), {})),
        ("confusion y_true -1", "y_true must hold class ids in [0, K) = [0, 3); got -1",
         lambda f: (R.confusion_matrix, ([0, 1, -1], [0, 1, 1], 3), {})),
        ("confusion y_pred 3", "y_pred must hold class ids in [0, K) = [0, 3); got 3",
         lambda f: (R.confusion_matrix, ([0, 1, 2], [0, 1, 3], 3), {})),
        ("confusion float", "y_true must hold integer class ids; got dtype float64",
         lambda f: (R.confusion_matrix, ([0.0, 1.0], [0, 1], 3), {})),
        ("confusion length", "y_pred must have the shape of y_true, (2,); got shape (1,)",
         lambda f: (R.confusion_matrix, ([0, 1], [0], 3), {})),
        ("confusion num_classes", "num_classes must be a positive integer; got 0",
         lambda f: (R.confusion_matrix, ([0, 1], [0, 1], 0), {})),
        ("fit batches", "batches must be a function, batches(rng) -> the epoch's mini-batches; "
         "got list", lambda f: (R.fit, (f.clf, [], R.SGD()),
                                {"epochs": 1, "rng": np.random.default_rng(0)})),
        ("fit model", "model must be an rnnlib model (params and loss_and_grads); got dict",
         lambda f: (R.fit, ({}, lambda rng: [], R.SGD()),
                    {"epochs": 1, "rng": np.random.default_rng(0)})),
        ("fit max_rise", "max_rise must be a number > 0; got -1",
         lambda f: (R.fit, (f.clf, lambda rng: [], R.SGD()),
                    {"epochs": 1, "rng": np.random.default_rng(0), "max_rise": -1})),
        ("fit train labels", "train[1] must have shape (N,) = (4,); got shape (3,)",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels[:3]), R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("fit test labels", "test[1] must hold class ids in [0, K) = [0, 3); got 5",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0),
                     "test": (f.seqs, np.array([0, 5, 1, 1]))})),
        ("fit train seqs", "train[0]: seqs[1] is empty",
         lambda f: (R.fit_classifier, (f.clf, ([[1], [], [2], [3]], f.labels), R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("fit epochs", "epochs must be a positive integer; got 0",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), R.SGD()),
                    {"epochs": 0, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("fit batch_size", "batch_size must be a positive integer; got None",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), R.SGD()),
                    {"epochs": 1, "batch_size": None, "rng": np.random.default_rng(0)})),
        ("fit clip_norm", "clip_norm must be a number > 0; got -1",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0),
                     "clip_norm": -1})),
        ("fit optimizer", "optimizer must be an optimiser with a step method",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), "adam"),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("fit log_every", "log_every must be a positive integer or None; got 0",
         lambda f: (R.fit_classifier, (f.clf, (f.seqs, f.labels), R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0),
                     "log_every": 0})),
        ("fit train pair", "train must be a pair (seqs, labels); got list",
         lambda f: (R.fit_classifier, (f.clf, f.seqs, R.SGD()),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        # ------------------------------------------------------------ optimisers
        ("SGD lr str", "lr must be a number > 0; got '0.1'", lambda f: (R.SGD, (), {"lr": "0.1"})),
        ("Adam beta1", "beta1 must be a number in [0, 1); got 1.0",
         lambda f: (R.Adam, (), {"beta1": 1.0})),
        ("step grads shape", "grads['b'] must have the shape of params['b'], (6,); got shape (5,)",
         lambda f: (R.SGD().step, (copy.deepcopy(f.p), {**f.p, "b": np.zeros(5)}), {})),
        ("step grads type", "grads must be a dict of arrays keyed like params; got str",
         lambda f: (R.SGD().step, (copy.deepcopy(f.p), "grads"), {})),
        ("clip_grad_norm max_norm", "max_norm must be a number > 0; got 0",
         lambda f: (R.clip_grad_norm, (f.p, 0), {})),
        ("clip_grad_norm grads", "grads must be a dict of arrays keyed like params; got list",
         lambda f: (R.clip_grad_norm, ([1.0], 1.0), {})),
        ("clip_grad_value", "clip_value must be a number > 0; got -1",
         lambda f: (R.clip_grad_value, (f.p, -1), {})),
        # ------------------------------------------------------------ gradient checks
        ("numerical_gradient float32", "x must be float64 for centred differences; got float32",
         lambda f: (R.numerical_gradient, (lambda: 0.0, np.ones(3, np.float32)), {})),
        ("numerical_gradient float16", "x must be float64 for centred differences; got float16",
         lambda f: (R.numerical_gradient, (lambda: 0.0, np.ones(3, np.float16)), {})),
        ("numerical_gradient read-only", "x must be writable, as each entry is nudged in place; "
         "got a read-only array", lambda f: (R.numerical_gradient, (lambda: 0.0, f.read_only), {})),
        ("numerical_gradient eps 0", "eps must be a finite number > 0; got 0",
         lambda f: (R.numerical_gradient, (lambda: 0.0, f.w), {"eps": 0})),
        ("numerical_gradient eps nan", "eps must be a finite number > 0; got nan",
         lambda f: (R.numerical_gradient, (lambda: 0.0, f.w), {"eps": NAN})),
        ("numerical_gradient int x", "x must be a float ndarray (it is nudged in place); got "
         "dtype int64", lambda f: (R.numerical_gradient, (lambda: 0.0, np.arange(3)), {})),
        ("numerical_gradient f", "f must be a function of no arguments returning a scalar; got "
         "'f'", lambda f: (R.numerical_gradient, ("f", f.w), {})),
        ("numerical_gradient scalar", "f must return a scalar; got an array of shape (3,)",
         lambda f: (R.numerical_gradient, (lambda: f.w * 1.0, f.w), {})),
        ("relative_error shape", "b must have the shape of a, (2,); got shape (3,)",
         lambda f: (R.relative_error, (np.zeros(2), np.zeros(3)), {})),
        ("relative_error None", "a must be an array of numbers; got None",
         lambda f: (R.relative_error, (None, np.zeros(3)), {})),
        ("check_gradients grad shape", "grads['b'] must have the shape of arrays['b'], (6,); got "
         "shape (5,)", lambda f: (R.check_gradients, (lambda: 0.0, {"W_x": f.p["W_x"], "b": f.p[
             "b"]}, {"W_x": f.p["W_x"], "b": np.zeros(5)}), {})),
        ("check_gradients float32", "arrays['a'] must be float64 for centred differences",
         lambda f: (R.check_gradients, (lambda: 0.0, {"a": np.ones(2, np.float32)},
                                        {"a": np.ones(2)}), {})),
        ("check_gradients empty", "arrays must hold at least one array to check; got an empty "
         "dict", lambda f: (R.check_gradients, (lambda: 0.0, {}, {}), {})),
        ("check_gradients missing", "grads is missing ['b']",
         lambda f: (R.check_gradients, (lambda: 0.0, {"b": f.p["b"]}, {}), {})),
        ("check_gradients tol", "tol must be a finite number > 0; got 0",
         lambda f: (R.check_gradients, (lambda: 0.0, {"b": f.p["b"]}, {"b": f.p["b"]}),
                    {"tol": 0})),
        ("check_gradients loss", "loss_fn() must return a finite loss at the point checked; got "
         "nan", lambda f: (R.check_gradients, (lambda: NAN, {"b": f.p["b"]}, {"b": f.p["b"]}),
                           {})),
        ("GradCheckReport errors", "errors must be a dict {name: relative error}; got 'x'",
         lambda f: (R.GradCheckReport, ("x", 1e-7), {})),
        # ------------------------------------------------------------ the gated cells
        ("lstm_step_forward x_t", "x_t must have shape (B, D) = (?, 5) (D from params['W_x'] "
         "of shape (24, 5)); got shape (3, 4)",
         lambda f: (R.lstm_step_forward, (f.x[0][:, :4], f.h0, f.h0, f.pl), {})),
        ("lstm_step_backward dh_t", "dh_t must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.lstm_step_backward, (f.h0[:, :5], f.h0, f.lstm_step_cache, f.pl), {})),
        ("lstm_forward c0", "c0 must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.lstm_forward, (f.x, f.h0, f.h0[:, :5], f.pl), {})),
        ("lstm_backward dh", "dh must have shape (T, B, H) = (4, 3, 6); got shape (4, 3, 5)",
         lambda f: (R.lstm_backward, (f.dh[..., :5], f.lstm_cache, f.pl), {})),
        ("rnn_init_params D", "D must be a positive integer; got 0",
         lambda f: (R.rnn_init_params, (f.rng, 0, H), {})),
        ("lstm_init_params H", "H must be a positive integer; got 0",
         lambda f: (R.lstm_init_params, (f.rng, D, 0), {})),
        ("lstm_parameter_count D", "D must be a positive integer; got -1",
         lambda f: (R.lstm_parameter_count, (-1, H), {})),
        ("gru_step_forward h_prev", "h_prev must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.gru_step_forward, (f.x[0], f.h0[:, :5], f.pg), {})),
        ("gru_step_backward dh_t", "dh_t must have shape (B, H) = (3, 6); got shape (3, 5)",
         lambda f: (R.gru_step_backward, (f.h0[:, :5], f.gru_step_cache, f.pg), {})),
        ("gru_forward W_h", "params['W_h'] must have shape (3H, H) = (15, 5); got shape (18, 5)",
         lambda f: (R.gru_forward, (f.x, f.h0, {**f.pg, "W_h": f.pg["W_h"][:, :5]}), {})),
        ("gru_backward dh", "dh must have shape (T, B, H) = (4, 3, 6); got shape (4, 3, 5)",
         lambda f: (R.gru_backward, (f.dh[..., :5], f.gru_cache, f.pg), {})),
        ("gru_init_params D", "D must be a positive integer; got 0",
         lambda f: (R.gru_init_params, (f.rng, 0, H), {})),
        ("gru_parameter_count H", "H must be a positive integer; got 2.5",
         lambda f: (R.gru_parameter_count, (D, 2.5), {})),
        # ------------------------------------------------------------ dynamics
        ("step_jacobians W_h", "params is missing key 'W_h'; expected keys ['W_h']",
         lambda f: (R.step_jacobians, (f.cache, {"W_x": f.p["W_x"]}), {})),
        ("step_jacobians b", "b must index the batch, 0 <= b < B = 3; got 5",
         lambda f: (R.step_jacobians, (f.cache, f.p), {"b": 5})),
        ("jacobian_norms W_h shape", "params['W_h'] must have shape (H, H) = (6, 6); got shape "
         "(5, 5)", lambda f: (R.jacobian_norms, (f.cache, {"W_h": np.eye(5)}), {})),
        ("jacobian_products cache", "cache must be the SequenceCache returned by rnn_forward; "
         "got str", lambda f: (R.jacobian_products, ("cache", f.p), {})),
        ("estimate rounds", "rounds must be an integer >= 0; got -1",
         lambda f: (R.estimate_jacobian_norms, (f.cache, f.p), {"rounds": -1})),
        ("estimate probes", "probes must be a positive integer; got 0",
         lambda f: (R.estimate_jacobian_norms, (f.cache, f.p), {"probes": 0})),
        ("spectral_radius square", "W must be a square matrix (H, H); got shape (3, 4)",
         lambda f: (R.spectral_radius, (np.ones((3, 4)),), {})),
        ("spectral_radius NaN", "W must be finite; got NaN at index (0, 1)",
         lambda f: (R.spectral_radius, (np.array([[1.0, NAN], [0, 1]]),), {})),
        ("largest_singular_value vector", "W must have 2 dimensions, shape (M, N); got 1 "
         "dimension, shape (3,)", lambda f: (R.largest_singular_value, (np.ones(3),), {})),
        ("largest_singular_value inf", "W must be finite; got inf",
         lambda f: (R.largest_singular_value, (np.array([[INF]]),), {})),
        ("orthogonal H", "H must be a positive integer; got 0",
         lambda f: (R.orthogonal, (np.random.default_rng(0), 0), {})),
        ("recurrent_matrix rho nan", "rho must be positive and finite; got nan",
         lambda f: (R.recurrent_matrix, (np.random.default_rng(0), 4, NAN), {})),
        ("recurrent_matrix rho inf", "rho must be positive and finite; got inf",
         lambda f: (R.recurrent_matrix, (np.random.default_rng(0), 4, INF), {})),
        ("recurrent_matrix_and_eigenvalues H", "H must be a positive integer; got 0",
         lambda f: (R.recurrent_matrix_and_eigenvalues, (np.random.default_rng(0), 0, 0.9), {})),
        ("recurrent_matrix sigma1 nan", "sigma1 must be a finite number; got nan",
         lambda f: (R.recurrent_matrix, (np.random.default_rng(0), 4, 0.9, NAN), {})),
        ("recurrent_matrix H", "H must be a positive integer; got -2",
         lambda f: (R.recurrent_matrix, (np.random.default_rng(0), -2, 0.9), {})),
        ("pascanu_bound sigma1", "sigma1 must be a singular value, >= 0; got -1.0",
         lambda f: (R.pascanu_bound, (-1, 3), {})),
        ("pascanu_bound lag", "lag must hold finite numbers >= 0 (steps back in time); got -1.0",
         lambda f: (R.pascanu_bound, (1.1, -1), {})),
        ("pascanu_bound gamma", "gamma must be a finite number > 0; got 0",
         lambda f: (R.pascanu_bound, (1.1, 3), {"gamma": 0})),
        ("matrix_power_norms K", "K must be an integer >= 0; got -1",
         lambda f: (R.matrix_power_norms, (np.eye(2), -1), {})),
        ("matrix_power_norms square", "W must be a square matrix (H, H); got shape (2, 3)",
         lambda f: (R.matrix_power_norms, (np.ones((2, 3)), 3), {})),
        ("gradient_flow H", "H must be a positive integer; got 0",
         lambda f: (R.gradient_flow, (0, 0.9), {})),
        ("gradient_flow T", "T must be a positive integer; got 0",
         lambda f: (R.gradient_flow, (8, 0.9), {"T": 0})),
        ("gradient_flow seed", "seed must be an integer >= 0; got -1",
         lambda f: (R.gradient_flow, (8, 0.9), {"seed": -1})),
        ("gradient_flow activation", "activation must be one of 'tanh', 'relu', 'linear'; got "
         "'sigmoid'", lambda f: (R.gradient_flow, (8, 0.9), {"activation": "sigmoid"})),
        ("cliff w", "w must be finite; got nan", lambda f: (R.cliff_loss_and_grads, (NAN, 0), {})),
        ("cliff T", "T must be a positive integer; got 0",
         lambda f: (R.cliff_loss_and_grads, (1.0, 0), {"T": 0})),
        ("cliff target", "target must be a finite number; got inf",
         lambda f: (R.cliff_loss_and_grads, (1.0, 0), {"target": INF})),
        # ------------------------------------------------------------ text
        ("tokenize None", "text must be a string; got NoneType", lambda f: (R.tokenize, (None,), {})),
        ("Vocabulary uppercase", "words[2] = 'Hello' is not a word that tokenize can produce "
         "(it gives ['hello'])", lambda f: (R.Vocabulary, (["<pad>", "<unk>", "Hello"],), {})),
        ("Vocabulary two words", "words[3] = 'new york' is not a word that tokenize can produce",
         lambda f: (R.Vocabulary, (["<pad>", "<unk>", "a", "new york"],), {})),
        ("Vocabulary specials", "words must start with '<pad>', '<unk>'",
         lambda f: (R.Vocabulary, (["a", "b"],), {})),
        ("Vocabulary.build order", "order must be one of 'first', 'frequency'; got 'alpha'",
         lambda f: (R.Vocabulary.build, (["a b"],), {"order": "alpha"})),
        ("Vocabulary.index two words", "word must be one word; 'new york' is 2 words",
         lambda f: (f.vocab.index, ("new york",), {})),
        ("Vocabulary.index int", "word must be a string; got int",
         lambda f: (f.vocab.index, (3,), {})),
        ("Vocabulary.decode", "ids must hold token ids in [0, V) = [0, 11); got 99",
         lambda f: (f.vocab.decode, ([99],), {})),
        ("pad_sequences negative", "seqs[1] must hold token ids >= 0; got -1",
         lambda f: (R.pad_sequences, ([[1, 2], [-1]],), {})),
        ("pad_sequences uint64", "seqs[0] must hold token ids that fit in int64, <= "
         "9223372036854775807; got 18446744073709551615",
         lambda f: (R.pad_sequences, ([np.array([2**64 - 1], dtype=np.uint64)],), {})),
        ("pad_sequences pad_id", "pad_id must fit in int64",
         lambda f: (R.pad_sequences, ([[1]],), {"pad_id": 2**63})),
        ("pad_sequences float", "seqs[0] must hold integer token ids; got dtype float64",
         lambda f: (R.pad_sequences, ([[1.5]],), {})),
        ("pad_sequences empty", "seqs must hold at least one sequence (B >= 1); got 0",
         lambda f: (R.pad_sequences, ([],), {})),
        ("encode_batch vocab", "vocab must be a Vocabulary; got str",
         lambda f: (R.encode_batch, ("vocab", ["a"]), {})),
        ("encode_batch texts", "texts must be an iterable of strings, not one string",
         lambda f: (R.encode_batch, (f.vocab, "one text"), {})),
        # ------------------------------------------------------------ data
        ("load_sentiment split", "split must be one of 'train', 'test', 'all'; got 'dev'",
         lambda f: (R.load_sentiment, ("dev",), {})),
        ("load_spam split", "split must be one of 'train', 'test', 'all'; got list",
         lambda f: (R.load_spam, (["train"],), {})),
        ("forecast NaN", "series must be finite; got nan at index (1,)",
         lambda f: (R.forecast_windows, ([1.0, NAN, 3.0], 1), {})),
        ("forecast T", "T must be an integer in [1, N - 1] = [1, 4]; got 0",
         lambda f: (R.forecast_windows, (np.ones(5), 0), {})),
        ("forecast str", "series must be an array of shape (N, D); got 'abc'",
         lambda f: (R.forecast_windows, ("abc", 2), {})),
        ("negation n", "n must be a positive integer; got 0",
         lambda f: (R.negation_task, (0, 2, np.random.default_rng(0)), {})),
        ("negation gap", "gap must be a positive integer; got 0",
         lambda f: (R.negation_task, (5, 0, np.random.default_rng(0)), {})),
        ("negation prefix", "prefix must be an integer >= 0; got -1",
         lambda f: (R.negation_task, (5, 2, np.random.default_rng(0)), {"prefix": -1})),
        ("negation rng", "rng must be a numpy Generator", lambda f: (R.negation_task, (5, 2, 0), {})),
        ("caption n", "n must be a positive integer; got 0",
         lambda f: (R.caption_task, (0, np.random.default_rng(0)), {})),
        ("caption scenes", "scenes must hold at least one scene; got none",
         lambda f: (R.caption_task, (3, np.random.default_rng(0)), {"scenes": []})),
        ("caption scene", "scene must be a (count, colour, shape) tuple from SCENES",
         lambda f: (R.caption_task, (3, np.random.default_rng(0)),
                    {"scenes": [(9, "red", "circle")]})),
        ("scene_vector", "scene must be a (count, colour, shape) tuple from SCENES, such as (2, "
         "'red', 'circle'); got (2, 'pink', 'circle')",
         lambda f: (R.scene_vector, ((2, "pink", "circle"),), {})),
        ("number_words", "n must be an integer in [0, 999]; got 1000",
         lambda f: (R.number_words, (1000,), {})),
        ("number_translation max_value", "max_value must be an integer in [0, 999]; got -1",
         lambda f: (R.number_translation, (5, np.random.default_rng(0)), {"max_value": -1})),
        # ---------------------------------------------- the character language model (nb07)
        ("charlm embed_dim", "embed_dim must be a positive integer; got 0",
         lambda f: (R.CharLM, (0, 5), {"rng": np.random.default_rng(0)})),
        ("charlm cell", "cell must be one of 'rnn', 'lstm', 'gru'; got 'tree'",
         lambda f: (R.CharLM, (4, 5), {"rng": np.random.default_rng(0), "cell": "tree"})),
        ("charlm vocab", "vocab must be a CharVocabulary; got 'abc'",
         lambda f: (R.CharLM, (4, 5), {"rng": np.random.default_rng(0), "vocab": "abc"})),
        ("charlm sample n", "n must be a positive integer; got 0",
         lambda f: (f.charlm.sample, (0,), {"rng": np.random.default_rng(0)})),
        ("charlm sample temperature", "temperature must be a finite number >= 0; got -1.0",
         lambda f: (f.charlm.sample, (3, -1.0), {"rng": np.random.default_rng(0)})),
        ("charlm sample prefix", "prefix must hold only the letters 'a'...'z'; got 'Ann' "
         "with 'A'", lambda f: (f.charlm.sample, (3,), {"rng": np.random.default_rng(0),
                                                        "prefix": "Ann"})),
        ("charlm sample rng", "rng must be a numpy Generator",
         lambda f: (f.charlm.sample, (3,), {"rng": 0})),
        ("charlm loss_and_grads targets", "targets must have shape (T, B) = (3, 2); got shape "
         "(3, 3)", lambda f: (f.charlm.loss_and_grads, (np.zeros((3, 2), int),
                                                       np.zeros((3, 3), int)), {})),
        ("charlm loss names", "names[1] must hold only the letters",
         lambda f: (f.charlm.loss, (["ok", "No"],), {})),
        ("charlm perplexity names", "names must be a non-empty list of strings; got 'emma'",
         lambda f: (f.charlm.perplexity, ("emma",), {})),
        ("charlm next_char_probabilities", "name must be a string; got 3",
         lambda f: (f.charlm.next_char_probabilities, (3,), {})),
        ("charvocabulary letters", "letters must be a non-empty string of distinct characters",
         lambda f: (R.CharVocabulary, ("aab",), {})),
        ("charvocabulary encode", "name must hold only the letters 'a'...'z'; got 'a.b' with '.'",
         lambda f: (R.CharVocabulary().encode, ("a.b",), {})),
        ("load_names split", "split must be one of 'train', 'validation', 'test', 'all'; got "
         "'dev'", lambda f: (R.load_names, ("dev",), {})),
        ("encode_names names", "names must be a non-empty list of strings; got list",
         lambda f: (R.encode_names, ([],), {})),
        ("bigram_model smoothing", "smoothing must be a finite number >= 0; got -1",
         lambda f: (R.bigram_model, (["ab"],), {"smoothing": -1})),
        ("bigram_loss P", "P must have shape (V, V) = (27, 27)",
         lambda f: (R.bigram_loss, (np.ones((26, 27)), ["ab"]), {})),
        ("fit_names epochs", "epochs must be an integer >= 0; got -1",
         lambda f: (R.fit_names, (f.charlm, ["ab"], R.Adam(0.1)),
                    {"epochs": -1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("fit_names model", "model must be a CharLM; got 'x'",
         lambda f: (R.fit_names, ("x", ["ab"], R.Adam(0.1)),
                    {"epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)})),
        ("stream_chunks k", "k must be at most the length of one row of the stream",
         lambda f: (R.stream_chunks, (["ab", "cd"], 2, 50), {})),
        ("fit_stream chunks", "chunks must be the non-empty list from stream_chunks; got list",
         lambda f: (R.fit_stream, (f.charlm, [], R.SGD(0.1)), {})),
    ]


ROWS = _rows()


def _copy(value):
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


def _equal(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and \
            np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a is b or not isinstance(a, (int, float, str)) or a == b


@pytest.mark.parametrize("fragment, build", [(r[1], r[2]) for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_bad_input_is_refused_by_name_and_changes_nothing(f, fragment, build):
    fn, args, kwargs = build(f)
    models = [m for m in (f.clf, f.m2m, f.m2m_ce, f.m2m_tok, f.v2s, f.ed, f.charlm)]
    before = _copy((args, kwargs)), [_copy(m.params) for m in models]
    with pytest.raises(ValueError) as err:
        fn(*args, **kwargs)
    message = str(err.value)
    assert fragment in message, message
    name = fragment.split(" ", 1)[0]
    assert message.startswith(name) or f" {name} " in f" {message}", message
    assert _equal(before[0], (args, kwargs)), "an input was modified"
    for saved, model in zip(before[1], models):
        assert _equal(saved, model.params), "a model's parameters were modified"


def test_every_public_function_has_a_row():
    """Each callable name in rnnlib.__all__ appears in at least one row of the table."""
    covered = " ".join(r[0] for r in ROWS).lower()
    aliases = {"ManyToOneClassifier": "classifier", "ManyToManyRNN": "m2m",
               "VectorToSequence": "v2s", "EncoderDecoder": "ed ", "softmax_cross_entropy":
               "cross-entropy", "mse_loss": "mse", "embedding_forward": "embedding",
               "affine_forward": "affine", "negation_task":
               "negation", "caption_task": "caption", "forecast_windows": "forecast",
               "cliff_loss_and_grads": "cliff", "estimate_jacobian_norms": "estimate",
               "evaluate_classifier": "evaluate", "fit_classifier": "fit ",
               "confusion_matrix": "confusion", "number_translation": "number_translation",
               "init_params": "init_params", "parameter_count": "parameter_count",
               "TrainingDiverged": None, "GradCheckReport": "gradcheckreport",
               "scene_captions": None, "load_airline_passengers": None}
    missing = []
    for name in R.__all__:
        obj = getattr(R, name)
        if not callable(obj) or name in aliases and aliases[name] is None:
            continue  # constants, the exception class, and functions without arguments
        key = aliases.get(name, name).lower()
        if key not in covered:
            missing.append(name)
    assert not missing, f"no bad-input row for {missing}"


def test_scene_captions_and_the_loader_without_arguments():
    with pytest.raises(ValueError, match=r"scene must be a \(count, colour, shape\) tuple"):
        R.scene_captions("two red circles")
    with pytest.raises(TypeError):  # takes no arguments: nothing to check
        R.load_airline_passengers("x")
