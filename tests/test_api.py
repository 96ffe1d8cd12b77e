"""The shape of the public API: one contract for every function (issue 13)."""

import inspect

import rnnlib


def _callables():
    for name in rnnlib.__all__:
        obj = getattr(rnnlib, name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if callable(member) and not attr.startswith("_") or attr == "__init__":
                    yield f"{name}.{attr}", member
        elif callable(obj):
            yield name, obj


def test_no_option_changes_how_many_values_come_back():
    """Truncation, per-step terms, dh0, the last state, eigenvalues: each has a function or a
    method of its own instead of a return_... flag."""
    flagged = [f"{name}({p})" for name, fn in _callables()
               for p in inspect.signature(fn).parameters if p.startswith("return_")]
    assert not flagged, f"options that change the number of results: {flagged}"


def test_the_scan_sees_the_models_methods():
    names = {name for name, _ in _callables()}
    assert {"ManyToManyRNN.loss_grads_and_dh0", "CharLM.loss_grads_and_state",
            "rnn_backward_truncated", "recurrent_matrix_and_eigenvalues"} <= names


def test_every_forward_returns_its_outputs_and_a_dataclass_cache():
    """One contract: forward(...) -> (outputs, cache), the cache a dataclass with names."""
    import dataclasses

    import numpy as np

    rng = np.random.default_rng(0)
    tokens, lengths = np.array([[1, 2], [3, 0]]), np.array([2, 1])
    classifier = rnnlib.ManyToOneClassifier(5, 3, 4, 2, rng=rng)
    tagger = rnnlib.ManyToManyRNN(3, 4, 2, rng=rng, vocab_size=5)
    captioner = rnnlib.VectorToSequence(6, 5, 3, 4, rng=rng, start_id=1, end_id=2)
    translator = rnnlib.EncoderDecoder(5, 5, 3, 4, rng=rng, start_id=1, end_id=2)
    results = {
        "classifier": classifier.forward(tokens, lengths),
        "many-to-many": tagger.forward(tokens),
        "captioner": captioner.forward(rng.normal(size=(2, 6)), np.array([[3, 3], [2, 2]])),
        "translator": translator.forward(tokens, lengths, np.array([[3, 3], [2, 2]])),
        "embedding": rnnlib.embedding_forward(tokens, rng.normal(size=(5, 3))),
        "affine": rnnlib.affine_forward(rng.normal(size=(2, 4)), np.ones((3, 4)), np.zeros(3)),
        "rnn": rnnlib.rnn_forward(rng.normal(size=(2, 2, 3)), np.zeros((2, 4)),
                                  rnnlib.rnn_init_params(rng, 3, 4)),
    }
    for name, result in results.items():
        assert isinstance(result, tuple) and len(result) == 2, name
        assert dataclasses.is_dataclass(result[1]), f"{name}: {type(result[1]).__name__}"
