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
