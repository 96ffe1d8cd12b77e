"""A matrix equation drawn as heatmaps side by side, with its operators between them.

Notebook 02 draws the lecture's step 2, h_2 = tanh(W_x x_2 + W_h h_1 + b), this way: every
array a grid of its numbers (a vector as a column), and "·", "+", "tanh →" in between::

    terms = [(W_x, "$W_x$ (8 × 4)"), "·", (x_2[:, None], "$x_2$ (4,)"), "+", ...]
    fig, axes = draw_matrix_equation(terms, title="The lecture's step 2",
                                     ylabels={"$W_x$ (8 × 4)": "hidden unit"})

The cells of every array are as tall as those of the tallest one and centred on it, so that
the rows of a matrix and of the vectors it multiplies line up across the picture.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from ._validation import check_array, check_positive_number, describe
from .plots import heatmap

__all__ = ["draw_matrix_equation"]


def _check_terms(terms):
    """terms as a list of operators (str) and (array (rows, cols), title) pairs."""
    if not isinstance(terms, (list, tuple)) or not terms:
        raise ValueError("terms must be a non-empty list of operators (str) and "
                         f"(array, title) pairs; got {describe(terms)}")
    checked = []
    for i, term in enumerate(terms):
        if isinstance(term, str):
            checked.append(term)
            continue
        if not (isinstance(term, (list, tuple)) and len(term) == 2
                and isinstance(term[1], str)):
            raise ValueError(f"terms[{i}] must be an operator (str) or an (array, title) "
                             f"pair; got {describe(term)}")
        checked.append((check_array(f"terms[{i}][0]", term[0], ("rows", "cols")), term[1]))
    if all(isinstance(term, str) for term in checked):
        raise ValueError("terms must hold at least one (array, title) pair; got only "
                         "operators")
    return checked


def draw_matrix_equation(terms, *, title, ylabels=None, vmax=1.2, figsize=(12, 3.8)):
    """Draw ``terms`` left to right: each array as an annotated heatmap, each operator as text.

    terms: a list whose items are operators (str, e.g. "·", "+", "tanh\\n→") or pairs
    (M, label): M an array (rows, cols), a vector given as a column (n, 1), label its title;
    ylabels: {label: y-axis label}; a term named there shows its row numbers and that label,
    the others neither (their rows are those of their neighbours); vmax: the colour scale,
    -vmax to vmax, shared by all; figsize: (width, height) in inches.
    Returns (fig, axes), one axes per term.
    """
    terms = _check_terms(terms)
    ylabels = {} if ylabels is None else dict(ylabels)
    vmax = check_positive_number("vmax", vmax, finite=True)
    tallest = max(len(term[0]) for term in terms if not isinstance(term, str))
    widths = [1.5 if isinstance(term, str) else term[0].shape[1] for term in terms]
    fig, axes = plt.subplots(1, len(terms), figsize=figsize, width_ratios=widths,
                             squeeze=False)
    axes = axes[0]
    for ax, term in zip(axes, terms):
        if isinstance(term, str):
            ax.axis("off")
            ax.text(0.5, 0.5, term, ha="center", va="center", fontsize=36 if term == "·" else 20)
            continue
        M, label = term
        ylabel = ylabels.get(label, "")
        heatmap(ax, M, title=label, xlabel="", ylabel=ylabel, annotate=True, vmax=vmax,
                colorbar=False, yticklabels=range(len(M)))
        ax.set_xticks([])
        ax.spines[:].set_visible(False)
        if not ylabel:
            ax.set_yticks([])                  # the same rows as the labelled neighbour
        # cells as tall as the tallest array's, centred on it
        ax.set_ylim(len(M) / 2 + tallest / 2 - 0.5, len(M) / 2 - tallest / 2 - 0.5)
    fig.suptitle(title, fontweight="bold")
    return fig, axes
