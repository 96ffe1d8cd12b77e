"""Input validation for the public entry points.

Every public function of rnnlib checks what it is given and raises a ``ValueError``
that names the argument, the shape it expected (in the letters T, B, D, H, K, V)
and what it received, e.g.::

    ValueError: x must have shape (T, B, D) = (?, ?, 4); got shape (5, 3, 6)
"""

from __future__ import annotations

import numpy as np

__all__ = ["check_array", "check_params", "check_activation", "check_tokens", "check_lengths",
           "check_rng"]


def _tuple(items):
    items = list(items)
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _fmt(letters, sizes):
    """("T", "B", "D"), (None, None, 5) -> '(T, B, D) = (?, ?, 5)'."""
    shown = _tuple(letters)
    if any(s is not None for s in sizes):
        shown += " = " + _tuple("?" if s is None else str(s) for s in sizes)
    return shown


def check_array(name, a, letters, sizes=None, *, finite=True, numeric=True, why=""):
    """Return ``a`` as an ndarray after checking its rank, sizes and values.

    letters: the axis names, e.g. ``("T", "B", "D")``; sizes: the required size of each
    axis or None for any (a size 0 is refused: sequences and batches are never empty).
    """
    if not isinstance(a, np.ndarray):
        try:
            a = np.asarray(a)
        except Exception as exc:  # ragged lists and the like
            raise ValueError(f"{name} must be an array of shape {_tuple(letters)}; "
                             f"could not convert it: {exc}") from None
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
    return a


def check_params(params, spec, *, finite=True):
    """Check a parameter dict against ``spec``: {key: (letters, sizes)}.

    Returns the arrays in the order of ``spec``. A missing key, a wrong rank or size,
    or a non-finite value raises ValueError naming the key.
    """
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict with keys {list(spec)}; "
                         f"got {type(params).__name__}")
    missing = [k for k in spec if k not in params]
    if missing:
        raise ValueError(f"params is missing key{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(map(repr, missing))}; expected keys {list(spec)}, "
                         f"got {sorted(params)}")
    return tuple(check_array(f"params['{k}']", params[k], letters, sizes, finite=finite)
                 for k, (letters, sizes) in spec.items())


def check_activation(activation, allowed=("tanh", "relu")):
    if activation not in allowed:
        raise ValueError(f"activation must be one of {', '.join(map(repr, allowed))}; "
                         f"got {activation!r}")
    return activation


def check_tokens(name, tokens, vocab_size, letters=("T", "B"), sizes=None):
    """Integer token ids in [0, V)."""
    tokens = check_array(name, tokens, letters, sizes, finite=False)
    if not np.issubdtype(tokens.dtype, np.integer):
        raise ValueError(f"{name} must hold integer token ids; got dtype {tokens.dtype}")
    lo, hi = int(tokens.min()), int(tokens.max())
    if lo < 0 or hi >= vocab_size:
        bad = lo if lo < 0 else hi
        raise ValueError(f"{name} must hold token ids in [0, V) = [0, {vocab_size}); got {bad}")
    return tokens


def check_lengths(lengths, T, B):
    """Sequence lengths (B,), each in [1, T]."""
    lengths = check_array("lengths", lengths, ("B",), (B,), finite=False)
    if not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must hold integers; got dtype {lengths.dtype}")
    if lengths.min() < 1 or lengths.max() > T:
        bad = int(lengths.min()) if lengths.min() < 1 else int(lengths.max())
        raise ValueError(f"lengths must lie in [1, T] = [1, {T}]; got {bad}")
    return lengths


def check_rng(rng):
    """Randomness comes only from an explicit np.random.Generator."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator (np.random.default_rng(seed)); "
                         f"got {type(rng).__name__}")
    return rng
