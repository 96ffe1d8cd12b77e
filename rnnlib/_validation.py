"""Input validation for the public entry points: one private module, which every other
module of rnnlib imports (the optimisers' checks included), so the algorithms read clean.

Every public function of rnnlib checks what it is given and raises a ``ValueError``
that names the argument, the shape it expected (in the letters T, B, D, H, K, V)
and what it received, e.g.::

    ValueError: x must have shape (T, B, D) = (?, ?, 4); got shape (5, 3, 6)

Scalars get the same treatment (``n must be a positive integer; got 0``). Checks never
modify what they are given; where a float array is expected, an integer array is
converted to a new float64 array (``as_float=True``), so ``x`` may hold ints.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

__all__ = ["check_array", "check_params", "check_activation", "check_tokens", "check_lengths",
           "check_rng", "check_keys", "check_positive_int", "check_int_in", "check_positive_number",
           "check_unit_interval", "check_finite_number", "check_real_array", "check_labels",
           "check_mask", "check_float_dtype", "check_grads", "check_update",
           "check_nonnegative_number", "describe", "to_array"]


def describe(value, limit=40):
    """A short description of a received value, for the "; got ..." part of a message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if value is None or isinstance(value, (Real, complex, str, bytes)):
        text = repr(value) if isinstance(value, (str, bytes)) else str(value)
        return text if len(text) <= limit else text[:limit - 3] + "..."
    return type(value).__name__


def _tuple(items):
    items = list(items)
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _fmt(letters, sizes):
    """("T", "B", "D"), (None, None, 5) -> '(T, B, D) = (?, ?, 5)'."""
    shown = _tuple(letters)
    if any(s is not None for s in sizes):
        shown += " = " + _tuple("?" if s is None else str(s) for s in sizes)
    return shown


def to_array(name, a, letters):
    """``a`` as an ndarray; None, strings, dicts, sets and ragged lists are refused by name."""
    if isinstance(a, np.ndarray):
        return a
    if a is None or isinstance(a, (str, bytes, dict, set, frozenset)):
        raise ValueError(f"{name} must be an array of shape {_tuple(letters)}; "
                         f"got {describe(a)}")
    try:
        return np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be an array of shape {_tuple(letters)}; "
                         f"could not convert it: {exc}") from None


def check_array(name, a, letters, sizes=None, *, finite=True, numeric=True, why="",
                as_float=False):
    """Return ``a`` as an ndarray after checking its rank, sizes and values.

    letters: the axis names, e.g. ``("T", "B", "D")``; sizes: the required size of each
    axis or None for any (a size 0 is refused: sequences and batches are never empty).
    as_float: an integer array is returned as a new float64 array (the input is not changed).
    """
    a = to_array(name, a, letters)
    sizes = tuple(sizes) if sizes is not None else (None,) * len(letters)

    def expected():  # the message is built only when an error is raised
        return _fmt(letters, sizes) + (f" {why}" if why else "")

    if a.ndim != len(letters):
        raise ValueError(f"{name} must have {len(letters)} dimensions, shape {expected()}; "
                         f"got {a.ndim} dimension{'s' if a.ndim != 1 else ''}, shape {a.shape}")
    for letter, want, got in zip(letters, sizes, a.shape):
        if got == 0:
            raise ValueError(f"{name} must have shape {expected()} with {letter} >= 1; "
                             f"got shape {a.shape} (empty)")
        if want is not None and got != want:
            raise ValueError(f"{name} must have shape {expected()}; got shape {a.shape}")
    kind = a.dtype.kind  # f float, i/u integer: cheaper than np.issubdtype on the hot path
    if numeric and kind not in "fiu":
        raise ValueError(f"{name} must hold real numbers; got dtype {a.dtype}")
    if finite and kind == "f" and not np.isfinite(a).all():
        bad = "NaN" if np.isnan(a).any() else "inf"
        raise ValueError(f"{name} must be finite; got {bad} at index "
                         f"{tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])}")
    if as_float and kind in "iu":
        a = a.astype(np.float64)
    return a


def check_keys(params, keys, name="params"):
    """``params`` is a dict holding every key of ``keys`` (all missing keys are named at once)."""
    if not isinstance(params, dict):
        raise ValueError(f"{name} must be a dict with keys {list(keys)}; got {describe(params)}")
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(f"{name} is missing key{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(map(repr, missing))}; expected keys {list(keys)}, "
                         f"got {sorted(map(str, params))}")
    return params


def check_params(params, spec, *, finite=True, name="params", as_float=False):
    """Check a parameter dict against ``spec``: {key: (letters, sizes)}.

    Returns the arrays in the order of ``spec``. A missing key, a wrong rank or size,
    or a non-finite value raises ValueError naming the key.
    """
    check_keys(params, spec, name)
    return tuple(check_array(f"{name}['{k}']", params[k], letters, sizes, finite=finite,
                             as_float=as_float)
                 for k, (letters, sizes) in spec.items())


def check_activation(activation, allowed=("tanh", "relu")):
    if not isinstance(activation, str) or activation not in allowed:
        raise ValueError(f"activation must be one of {', '.join(map(repr, allowed))}; "
                         f"got {describe(activation)}")
    return activation


def _integers(name, a, what):
    if not np.issubdtype(a.dtype, np.integer):
        raise ValueError(f"{name} must hold integer {what}; got dtype {a.dtype}")


def check_tokens(name, tokens, vocab_size, letters=("T", "B"), sizes=None):
    """Integer token ids in [0, V)."""
    tokens = check_array(name, tokens, letters, sizes, finite=False)
    _integers(name, tokens, "token ids")
    lo, hi = int(tokens.min()), int(tokens.max())
    if lo < 0 or hi >= vocab_size:
        bad = lo if lo < 0 else hi
        raise ValueError(f"{name} must hold token ids in [0, V) = [0, {vocab_size}); got {bad}")
    return tokens


def check_labels(name, y, num_classes, letters=("N",), sizes=None):
    """Integer class ids in [0, K) (floats refused, even 1.0: a label is an index)."""
    y = check_array(name, y, letters, sizes, finite=False)
    _integers(name, y, "class ids")
    lo, hi = int(y.min()), int(y.max())
    if lo < 0 or hi >= num_classes:
        bad = lo if lo < 0 else hi
        raise ValueError(f"{name} must hold class ids in [0, K) = [0, {num_classes}); got {bad}")
    return y


def check_lengths(lengths, T, B, *, name="lengths"):
    """Sequence lengths (B,), each in [1, T]."""
    lengths = check_array(name, lengths, ("B",), (B,), finite=False)
    _integers(name, lengths, "lengths")
    if lengths.min() < 1 or lengths.max() > T:
        bad = int(lengths.min()) if lengths.min() < 1 else int(lengths.max())
        raise ValueError(f"{name} must lie in [1, T] = [1, {T}]; got {bad}")
    return lengths


def check_mask(name, mask, letters, sizes, dtype):
    """A mask of 1 (counts) and 0 (padding), or booleans; returned as ``dtype``."""
    mask = check_array(name, mask, letters, sizes, numeric=False)
    if mask.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold 0 and 1 (or True and False); got dtype {mask.dtype}")
    if mask.dtype.kind != "b":
        bad = (mask != 0) & (mask != 1)  # NaN is caught here too
        if bad.any():
            at = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"{name} must hold 0 (padding) and 1 (counts) only; "
                             f"got {mask[at]} at index {at}")
    return mask.astype(dtype, copy=False)


def check_rng(rng):
    """Randomness comes only from an explicit np.random.Generator."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator (np.random.default_rng(seed)); "
                         f"got {type(rng).__name__}")
    return rng


def check_positive_int(name, value, minimum=1, *, or_none=False):
    """An integer >= ``minimum`` (1 by default), returned as an int; bool, float, None refused.

    or_none: None is accepted too (and returned), and the message says so.
    """
    if or_none and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        want = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {want}{' or None' if or_none else ''}; "
                         f"got {describe(value)}")
    return int(value)


def check_int_in(name, value, low, high, shown=None):
    """An integer in [low, high]; ``shown`` spells the interval, e.g. "[1, N - 1] = [1, 9]"."""
    if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer in {shown or f'[{low}, {high}]'}; "
                         f"got {describe(value)}")
    return int(value)


def check_positive_number(name, value, *, finite=False):
    """A real number > 0 (inf allowed unless finite=True), returned as a Python float.

    A Python float keeps float32 arrays float32 when they are multiplied by it.
    """
    if isinstance(value, bool) or not isinstance(value, Real) or not value > 0 \
            or (finite and not math.isfinite(value)):  # NaN fails value > 0
        raise ValueError(f"{name} must be a {'finite ' if finite else ''}number > 0; "
                         f"got {describe(value)}")
    return float(value)


def check_unit_interval(name, value):
    """A real number in [0, 1), returned as a Python float."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1); got {describe(value)}")
    return float(value)


def check_finite_number(name, value):
    """A finite real number (bool refused), returned as a Python float."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {describe(value)}")
    return float(value)


def check_nonnegative_number(name, value):
    """A finite real number >= 0 (bool refused), returned as a Python float."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) \
            or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {describe(value)}")
    return float(value)


def check_real_array(name, a):
    """``a`` as an ndarray of real numbers (any shape, empty allowed)."""
    if a is None or isinstance(a, (str, bytes, dict, set)):
        raise ValueError(f"{name} must hold real numbers (an array); got {describe(a)}")
    try:
        a = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be an array; could not convert it: {exc}") from None
    if a.dtype.kind not in "fiu":
        raise ValueError(f"{name} must hold real numbers; got dtype {a.dtype}")
    return a


def check_float_dtype(dtype, name="dtype"):
    """A floating-point numpy dtype (parameters must be able to hold fractions)."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"{name} must be a float dtype such as np.float64 or np.float32; "
                         f"got {describe(dtype)}") from None
    if dt.kind != "f":
        raise ValueError(f"{name} must be a float dtype such as np.float64 or np.float32 "
                         f"(integer weights would all round to 0); got {dt}")
    return dt


def check_grads(grads):
    """The gradient dict as {key: float ndarray} (integers become float64; nothing is copied)."""
    if not isinstance(grads, dict):
        raise ValueError(f"grads must be a dict of arrays keyed like params; "
                         f"got {describe(grads)}")
    out = {}
    for k, g in grads.items():
        g = check_real_array(f"grads['{k}']", g)
        out[k] = g if np.issubdtype(g.dtype, np.floating) else g.astype(np.float64)
    return out


def check_update(params, grads, state):
    """An optimiser step's inputs, all checked before anything moves: [(key, param, grad)].

    state: the optimiser's per-key arrays, whose shapes must still match the parameters.
    """
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of float arrays (W_x, W_h, b, ...); "
                         f"got {type(params).__name__}")
    if not isinstance(grads, dict):
        raise ValueError(f"grads must be a dict of arrays keyed like params; "
                         f"got {type(grads).__name__}")
    missing = [k for k in params if k not in grads]
    if missing:
        raise ValueError(f"grads is missing key {missing[0]!r}; "
                         f"expected the keys of params {list(params)}, got {list(grads)}")
    extra = [k for k in grads if k not in params]
    if extra:
        raise ValueError(f"grads has key {extra[0]!r} that params does not have; "
                         f"expected the keys of params {list(params)}, got {list(grads)}")
    pairs = []
    for k, p in params.items():
        if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
            got = f"dtype {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
            raise ValueError(f"params['{k}'] must be a float ndarray (it is updated in place); "
                             f"got {got}")
        if not p.flags.writeable:
            raise ValueError(f"params['{k}'] is read-only; it must be updated in place")
        g = check_real_array(f"grads['{k}']", grads[k])
        if g.shape != p.shape:
            raise ValueError(f"grads['{k}'] must have the shape of params['{k}'], {p.shape}; "
                             f"got shape {g.shape}")
        if k in state and state[k].shape != p.shape:
            raise ValueError(f"params['{k}'] has shape {p.shape} but the optimiser's state for "
                             f"{k!r} has shape {state[k].shape}; use a new optimiser for a "
                             f"new model")
        pairs.append((k, p, g))
    return pairs
