# %% [markdown]
# # 01 · Loops and unrolling
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/01_loops_and_unrolling.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/unrolled-rnn/unrolled/main?labpath=notebooks%2F01_loops_and_unrolling.ipynb)
#
# *"The movie was not good, it was bad."* *"The movie was not bad, it was good."*
# Same eight words, opposite verdicts. A dense layer that receives the words as one bag
# cannot tell these two reviews apart. A **recurrent neural network** (RNN) reads them the
# way you do: one word at a time, carrying a memory of what came before. In this notebook you
# build that memory from a single equation, watch it unroll into a chain, and see what it
# can and cannot remember.

# %% [markdown]
# ## What you'll learn
#
# - **Explain** why word order carries meaning that a bag of words throws away.
# - **Compute** the recurrent cell $h_t = f(W_x x_t + W_h h_{t-1} + b)$ step by step in numpy, and check it against `rnnlib`.
# - **Unroll** the loop into a chain of cells that share one set of weights, and count those weights.
# - **Compare** tanh and ReLU by what they do to a hidden state over 50 steps.
# - **Choose** between an output at every step and one output at the end, and name where RNNs are used.

# %% [markdown]
# ## Before you start
#
# - **You need:** numpy arrays and their shapes, the matrix–vector product `W @ x`, and a dense layer $y = f(Wx + b)$. Knowing what a derivative is helps in sections 5 and 6.
# - **You don't need:** notebook [00 · Start here](00_start_here.ipynb), though it shows where the series is heading.
# - **Runtime:** the README's table of notebooks gives the measured time, top to bottom. Nothing is trained here.

# %% [markdown]
# ## Setup
#
# The first cell installs `rnnlib` when you run on Colab and does nothing anywhere else.

# %%
import sys

if "google.colab" in sys.modules:  # on Colab: install rnnlib (elsewhere: already installed)
    # %pip install -q "rnnlib @ git+https://github.com/unrolled-rnn/unrolled@main"

# %%
from collections import Counter

from IPython.display import display

from rnnlib import diagrams, rnn_forward, rnn_step_forward, tokenize
from rnnlib.claims import claim, claim_close
from rnnlib.exercises import nb01
from rnnlib.live_chain import LiveChain
from rnnlib.plots import heatmap
from rnnlib.pulse_figure import pulse_norms_figure
from rnnlib.widgets import int_slider, interactive_figure

# %%
import numpy as np
import matplotlib.pyplot as plt
import rnnlib
from rnnlib.plots import use_style

use_style()
SEED = 0
rng = np.random.default_rng(SEED)
np.set_printoptions(precision=3, suppress=True, linewidth=100)

# %% [markdown]
# ## 1 · Sequence data: order carries meaning
#
# A **sequence** is a list of items whose order matters: the words of a sentence, the
# frames of a recording, the monthly totals of a time series. Our two reviews make the point.
# Split them into words and count the words, the way a *bag of words* does:

# %%
review_a = "The movie was not good, it was bad."
review_b = "The movie was not bad, it was good."
words_a, words_b = tokenize(review_a), tokenize(review_b)
print("a:", words_a)
print("b:", words_b)

# %% [markdown]
# A bag of words keeps each word and how often it occurs, and nothing else:

# %%
bag_a, bag_b = Counter(words_a), Counter(words_b)
print("bag of words:", dict(sorted(bag_a.items())))
print(f"{len(words_a)} words, {len(bag_a)} distinct")
print("same bag of words?", bag_a == bag_b)
print("same sequence?    ", words_a == words_b)

# %% [markdown]
# The two bags are identical: 8 words, 7 distinct, "was" twice. So *any* model that only
# sees the counts must give both reviews the same answer. Here is a dense layer with random
# weights standing in for "any model":

# %%
vocab = sorted(bag_a)
counts_a = np.array([bag_a[w] for w in vocab])  # one count per vocabulary word
counts_b = np.array([bag_b[w] for w in vocab])
print("vocabulary:", vocab)
print("counts a:  ", counts_a)
print("counts b:  ", counts_b)

# %%
W_dense = rng.normal(size=(3, len(vocab)))  # a dense layer: 3 outputs from 7 counts
# (no bias or activation here: they would change the numbers, not the point)
out_a, out_b = W_dense @ counts_a, W_dense @ counts_b
print("dense layer on a:", out_a)
print("dense layer on b:", out_b)

# %% [markdown]
# Whatever the weights, the outputs are equal, because the inputs are equal. The
# information that tells the reviews apart is in the **order**, and the bag threw it away.
#
# An RNN keeps the order by reading the sequence one item at a time: $x_1, x_2, \dots, x_T$,
# where $T$ is the sequence length and each $x_t$ is a vector of $D$ numbers (for words,
# an *embedding*; notebook 02 shows where those come from).

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("the two reviews have the same bag of words but not the same sequence",
      bag_a == bag_b and words_a != words_b,
      got=f"same bag: {bag_a == bag_b}, same sequence: {words_a == words_b}")
claim("8 words, 7 distinct", len(words_a) == 8 and len(bag_a) == 7,
      got=f"{len(words_a)} words, {len(bag_a)} distinct")
if np.array_equal(counts_a, counts_b):  # equal inputs, equal outputs, whatever the weights
    assert np.array_equal(out_a, out_b)

# %% [markdown]
# ## 2 · The loop: one cell, used again and again
#
# A dense layer computes $h = f(Wx + b)$ from one input. The recurrent cell adds **one
# term**: the hidden state it produced at the previous step.
#
# $$h_t = f(W_x\, x_t + W_h\, h_{t-1} + b)$$
#
# | symbol | what it is | shape (this notebook) |
# |---|---|---|
# | $x_t$ | the input at step $t$ (one word's vector) | $(D,) = (4,)$ |
# | $h_t$ | the **hidden state** after step $t$: the network's memory | $(H,) = (8,)$ |
# | $h_{t-1}$ | the memory from the step before; $h_0$ is the start, usually zeros | $(H,)$ |
# | $W_x$ | input weights: from input space to hidden space | $(H, D) = (8, 4)$ |
# | $W_h$ | recurrent weights: from the old memory to the new one | $(H, H) = (8, 8)$ |
# | $b$ | bias | $(H,)$ |
# | $f$ | the activation, applied entry by entry: $\tanh$ (usual) or ReLU | |
#
# The hidden size $H$ is a choice you make, a hyperparameter: it is how many numbers the
# memory has. The lecture writes the input as a capital $X_t$; here it is a lower-case
# $x_t$ because it is one vector, not a matrix. The lecture's step-by-step lines also drop
# $b$ (e.g. $h_1 = f(W_x X_1 + W_h h_0)$); the bias is there at every step.
#
# Drawn as a network, the term $W_h h_{t-1}$ is a loop: the cell's output comes back as
# its own input one step later. This is the **folded** picture of an RNN, the lecture's
# "loop"; section 3 unfolds it.

# %%
diagrams.draw_folded_rnn()
plt.show()

# %% [markdown]
# The orange arrow leaving the cell and coming back is the loop: $h_{t-1}$ re-enters,
# multiplied by $W_h$, at the next step. (The box writes $\tanh$, the usual choice of $f$.)
# The output $y_t$ on top, through $W_o$, is optional; section 7 is about when to use it.

# %% [markdown]
# ## 3 · Unrolling: a chain of cells that share weights
#
# The loop in the drawing hides how many times the cell runs and which state feeds which.
# So write the loop out for a sentence of $T = 4$ words, one line per step:
#
# $$
# \begin{aligned}
# h_1 &= f(W_x x_1 + W_h h_0 + b)\\
# h_2 &= f(W_x x_2 + W_h h_1 + b)\\
# h_3 &= f(W_x x_3 + W_h h_2 + b)\\
# h_4 &= f(W_x x_4 + W_h h_3 + b)
# \end{aligned}
# $$
#
# Each line uses the result of the line above, and every line uses **the same** $W_x$, $W_h$
# and $b$. Drawn side by side, these lines are the **unrolled** RNN: a chain of cells, one
# per step. There is still only one cell; the chain draws it $T$ times.

# %%
diagrams.draw_unrolled_rnn(4, words=["I", "love", "machine", "learning"], D=4, H=8)
plt.show()

# %% [markdown]
# Read it left to right: $h_0$ (dashed: nothing remembered yet) flows through four cells, and
# each cell also takes one word. The weight names on the arrows repeat, $W_x$ on every
# input and $W_h$ on every link, because they are the same matrices.
#
# Unrolling also turns the loop into a graph **without cycles**: information only flows
# forward in time. That is what lets us backpropagate through it, step by step, in
# notebook 03.
#
# Move the slider to change the sequence length $T$. The chain grows; the weights do not.
# (`LiveChain` draws the chain of 10 cells once; the slider only hides the cells after step
# $T$, which is fast.)

# %%
chain = LiveChain(T_max=10)
display(interactive_figure(chain.show, T=int_slider("sequence length T", 1, chain.T_max, 4)))

# %% [markdown]
# The same figure for three slider values, so you can compare them (and so the lesson reads
# without a running kernel):

# %%
fig, axes = plt.subplots(3, 1, figsize=(11, 8.5))
for T_shown, ax in zip([1, 3, 6], axes):
    diagrams.draw_unrolled_rnn(T_shown, ax=ax)
plt.show()

# %% [markdown]
# One cell, three cells, six cells, and still the same note under each chain: one $W_x$, one
# $W_h$, one $b$. A longer sequence means more steps of computation, not more weights.

# %% [markdown]
# ## 4 · The cell in numpy, one step at a time
#
# Time to compute. We take the lecture's sentence "I love machine learning", with its four
# 4-dimensional word vectors ($D = 4$, the numbers of the lecture notes), and a memory of
# $H = 8$ numbers. So $W_x$ is $8 \times 4$ and $W_h$ is $8 \times 8$, as in the lecture.
# The weights are random: training them is notebook 03's job. They are drawn with standard
# deviation $1/\sqrt{D}$ for $W_x$ and $1/\sqrt{H}$ for $W_h$, so that the sums $W_x x_t$ and
# $W_h h_{t-1}$ (of $D$ and of $H$ random terms) come out of order 1, neither tiny nor huge.

# %%
words = ["i", "love", "machine", "learning"]
X = np.array([rnnlib.LECTURE_EMBEDDINGS[w] for w in words])  # one row per word
T, D = X.shape
H = 8
print("word vectors X:", X.shape, "(T, D)")
print(X)

# %%
rng = np.random.default_rng(SEED)  # re-seeded: this cell gives the same weights every run
W_x = rng.normal(0, 1 / np.sqrt(D), size=(H, D))
W_h = rng.normal(0, 1 / np.sqrt(H), size=(H, H))
b = rng.normal(0, 0.1, size=(H, 1))  # a column, like the vectors below

# %% [markdown]
# **Step 1, the lecture's way.** Vectors are columns: $x_1$ (4 numbers) is stored as a
# $4 \times 1$ array and $h_0$ as $8 \times 1$. Each term of $W_x x_1 + W_h h_0 + b$ is then an $8 \times 1$ column, and tanh
# acts on each of its 8 entries. At this first step $h_0 = 0$, so the memory term $W_h h_0$ is
# all zeros: only the word matters.

# %%
x_1 = X[0].reshape(D, 1)     # "i" as a column
h_0 = np.zeros((H, 1))       # nothing remembered yet

input_term = W_x @ x_1       # (8, 4) @ (4, 1) -> (8, 1)
memory_term = W_h @ h_0      # (8, 8) @ (8, 1) -> (8, 1)
a_1 = input_term + memory_term + b
h_1 = np.tanh(a_1)

# %%
for name, value in [("x_1", x_1), ("h_0", h_0), ("W_x @ x_1", input_term),
                    ("W_h @ h_0", memory_term), ("b", b), ("h_1", h_1)]:
    print(f"{name:10} shape {value.shape}")
print("h_1 =", h_1.ravel())

# %% [markdown]
# **All four steps.** The loop is the equation with $h$ fed back in: the new state
# becomes the old state of the next step.

# %%
h = h_0
states = []
for t in range(1, len(X) + 1):
    x_t = X[t - 1].reshape(D, 1)
    h = np.tanh(W_x @ x_t + W_h @ h + b)  # the same W_x, W_h, b at every step
    states.append(h)
    print(f"t = {t}  {words[t - 1]!r:10}  h_{t} = {h.ravel()}")

hs = np.hstack(states)  # (H, T): column t - 1 is h_t
print("hs:", hs.shape, "(H, T)")

# %% [markdown]
# The same four states as a picture, one column per step:

# %%
fig, ax = plt.subplots(figsize=(6.4, 4.2))
im = heatmap(ax, hs, title="The hidden state after each word",
             xlabel="time step t (word read)", ylabel="hidden unit",
             xticklabels=[f"t = {t}\n{w}" for t, w in enumerate(words, 1)],
             yticklabels=range(1, H + 1), annotate=True, vmax=1.0, colorbar=False)
fig.colorbar(im, ax=ax, shrink=0.8, label="value of the entry (tanh range: -1 to 1)")
plt.show()

# %% [markdown]
# Each column is the whole memory after one more word: 8 numbers, all between $-1$ and $1$
# (red positive, blue negative). Each column is computed from the one before it and one
# more word, so the last column, $h_4$, depends on all four words.

# %% [markdown]
# **The same with `rnnlib`.** Library code handles a batch of $B$ sequences at once, so it
# stores each vector as a **row** and stacks the rows: `x_t` is $(B, D)$ and `h_prev` is
# $(B, H)$. Transposing $W_x x_t$ gives $x_t^\top W_x^\top$, which is why batched code
# writes `x_t @ W_x.T`: $(B, D) @ (D, H) \to (B, H)$. With one sentence, $B = 1$ and the rows
# are our columns transposed. `rnnlib` keeps $b$ as a flat $(H,)$ vector.
#
# A whole sequence is one array of shape $(T, B, D)$, **time first**: `x[0]` holds $x_1$ for
# every sequence of the batch, and in general `x[t - 1]` holds $x_t$ (Python counts from 0,
# the equations from 1). The hidden states come back the same way, $(T, B, H)$.

# %%
params = {"W_x": W_x, "W_h": W_h, "b": b.ravel()}
x = X.reshape(T, 1, D)  # (T, B, D) with B = 1

h_1_row, _ = rnn_step_forward(x[0], h_0.T, params)
print("rnn_step_forward:", x[0].shape, "and", h_0.T.shape, "->", h_1_row.shape)
print("  equals our h_1 (transposed):", np.allclose(h_1_row, h_1.T))

h_all, _ = rnn_forward(x, h_0.T, params)
print("rnn_forward:     ", x.shape, "->", h_all.shape, "(T, B, H)")
print("  equals our four states:     ", np.allclose(h_all[:, 0, :], hs.T))

# %% [markdown]
# Same numbers, two layouts. From here on we use `rnn_forward`.
#
# Now the promise of section 1: feed the **same four word vectors in reverse order**. A bag
# of words sees no difference; the RNN does.

# %%
h_rev, _ = rnn_forward(X[::-1].reshape(T, 1, D), h_0.T, params)
print("h_4 for 'i love machine learning':", h_all[-1, 0])
print("h_4 for 'learning machine love i':", h_rev[-1, 0])

# %% [markdown]
# Same four vectors, another order, another $h_4$. These weights are random, so the
# difference means nothing yet; training (notebook 03) is what makes it useful, such as
# telling "not good, it was bad" from "not bad, it was good".

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("the sizes the text uses: D = 4, H = 8", (D, H) == (4, 8), got=f"D = {D}, H = {H}")
assert X.shape == (T, D) and W_x.shape == (H, D) and W_h.shape == (H, H)
assert x_1.shape == (D, 1) and h_1.shape == (H, 1)
assert np.all(np.abs(h_1) < 1)
assert hs.shape == (H, len(words)) and np.allclose(hs[:, :1], h_1)
assert h_1_row.shape == (1, H) and np.allclose(h_1_row, h_1.T)
assert h_all.shape == (T, 1, H) and np.allclose(h_all[:, 0, :], hs.T)
claim("the reversed sentence gives another h_4", not np.allclose(h_all[-1], h_rev[-1]),
      got="the same h_4")

# %% [markdown]
# ## 5 · What the memory holds on to
#
# The lecture says the last hidden state holds the entire sentence. It holds a *summary*:
# $H = 8$ numbers, however long the sentence, and older inputs fade from it. But what fades
# is not the state itself (every new word writes into it): it is the **mark an old word
# left** on it.
#
# To measure that mark, read the same 30 words twice: the lecture's four words over and
# over, "i love machine learning i love …", and a copy whose first word is "learning"
# instead of "i". Everything else is identical (the weights, the bias, the 29 words that
# follow), so the distance between the two hidden states, $\lVert h_t - h'_t \rVert$ (the
# length of the difference vector, `np.linalg.norm`), is what $x_1$ still does to $h_t$.
# Next to it, the size of the state itself, $\lVert h_t \rVert$. We do this for our $W_h$,
# for $W_h$ halved and for $W_h$ times 1.5.

# %%
T_long = 30
x_long = np.tile(X, (T_long // len(X) + 1, 1))[:T_long].reshape(T_long, 1, D)
x_other = x_long.copy()
x_other[0, 0] = X[-1]  # the same 30 words, but the first one is "learning" instead of "i"
h0_row = np.zeros((1, H))

# %% [markdown]
# Both sequences go through the same cell, for each of the three scales of $W_h$:

# %%
scales = (0.5, 1.0, 1.5)
runs, size, mark = {}, {}, {}  # for each scale of W_h: the states, ||h_t||, ||h_t - h'_t||
for scale in scales:
    p = {**params, "W_h": scale * W_h}  # W_x and b as in section 4
    h_a, _ = rnn_forward(x_long, h0_row, p)
    h_b, _ = rnn_forward(x_other, h0_row, p)
    runs[scale] = h_a[:, 0]
    size[scale] = np.linalg.norm(h_a[:, 0], axis=1)
    mark[scale] = np.linalg.norm(h_a[:, 0] - h_b[:, 0], axis=1)

# %%
for scale in scales:
    print(f"W_h x {scale}:  ||h_t|| between {size[scale].min():.2f} and {size[scale].max():.2f};"
          f"  ||h_t - h'_t|| = {mark[scale][0]:.3f} at t = 1, {mark[scale][9]:.1e} at t = 10")

# %%
steps = np.arange(1, T_long + 1)
fig, (ax_size, ax_mark) = plt.subplots(1, 2, figsize=(10, 3.8))
for scale in scales:
    ax_size.plot(steps, size[scale], marker="o", markersize=3, label=f"$W_h$ × {scale}")
    ax_mark.semilogy(steps, mark[scale], marker="o", markersize=3, label=f"$W_h$ × {scale}")
ax_size.set(title="The state: it does not fade", xlabel="time step t",
            ylabel=r"$\Vert h_t \Vert$", ylim=(0, None))
ax_mark.set(title="The mark of $x_1$ on it: it fades", xlabel="time step t",
            ylabel=r"$\Vert h_t - h'_t \Vert$ (log scale)")
ax_size.legend(loc="lower right")
fig.suptitle('Reading "i love machine learning i love ..." (30 words) twice, with two first words',
             fontweight="bold")
plt.show()

# %% [markdown]
# Left, the state keeps its size: its length stays between 1 and 2.3 at every step, for
# all three scales, because every new word writes into it. Right, the mark of $x_1$ fades:
# from 0.435 at $t = 1$ to $5.7 \times 10^{-4}$ at $t = 10$ with our $W_h$ (orange), and
# on a log axis it falls along a rough straight line: it loses a fraction of its size at every
# step, not the same fraction each time.
# The smaller $W_h$, the faster the fall: at $t = 10$ the mark is $1.6 \times 10^{-5}$ with
# $W_h$ halved (blue) and $1.7 \times 10^{-2}$ with $W_h \times 1.5$ (green), and the order
# of the three curves is the same at every step after the first. So the length of the state
# says nothing about how much of $x_1$ it still holds: only a comparison like this one does.
#
# Why does halving $W_h$ divide the mark at $t = 10$ by about 37, when $2^9 = 512$ would be
# the obvious guess? Without tanh (a linear cell, $f(a) = a$), the two runs differ by
# exactly $(sW_h)^{t-1} W_x (x_1 - x_1')$, so halving $W_h$ halves the difference at each of
# the 9 steps from $t = 1$ to $t = 10$: a factor of exactly $2^9 = 512$. tanh changes that,
# because it **compresses**: each step also multiplies the difference by the slopes
# $\tanh'(a)$ of the units (at most 1, and smaller for larger $|a|$; section 6 draws
# them). With the full $W_h$
# the memory term $W_h h_{t-1}$ is twice as large, the pre-activations are larger, so the
# slopes are smaller, and that extra shrink at every step eats into the factor 2:

# %%
# The linear cell f(a) = a: the two runs differ by exactly (s W_h)^(t-1) W_x (x_1 - x'_1)
delta_1 = W_x @ (x_long[0, 0] - x_other[0, 0])  # h_1 - h'_1 without tanh
linear_mark = {s: np.linalg.norm(np.linalg.matrix_power(s * W_h, 9) @ delta_1)
               for s in (1.0, 0.5)}                # ... at t = 10
factor_tanh = mark[1.0][9] / mark[0.5][9]
factor_linear = linear_mark[1.0] / linear_mark[0.5]
slope = {s: (1 - runs[s][1:10] ** 2).mean() for s in (1.0, 0.5)}  # tanh'(a_t), steps 2..10
print(f"halving W_h divides the mark at t = 10 by {factor_linear:.0f} without tanh "
      f"(2**9 = {2 ** 9}), by {factor_tanh:.0f} with tanh")
print(f"mean tanh slope over steps 2 to 10: {slope[1.0]:.2f} with W_h, {slope[0.5]:.2f} "
      "with W_h / 2")

# %% [markdown]
# Is that factor special to our weights? The same measurement for five draws of the weights:

# %%
# the same factor for other random weights, drawn as in section 4 with seeds 0 to 4
factors = []
for seed in range(5):
    r = np.random.default_rng(seed)
    p_seed = {"W_x": r.normal(0, 1 / np.sqrt(D), size=(H, D)),
              "W_h": r.normal(0, 1 / np.sqrt(H), size=(H, H)),
              "b": r.normal(0, 0.1, size=H)}
    marks = []
    for s in (1.0, 0.5):
        p = {**p_seed, "W_h": s * p_seed["W_h"]}
        h_a, _ = rnn_forward(x_long[:10], h0_row, p)
        h_b, _ = rnn_forward(x_other[:10], h0_row, p)
        marks.append(np.linalg.norm(h_a[-1, 0] - h_b[-1, 0]))
    factors.append(marks[0] / marks[1])
print("with tanh, for seeds 0 to 4:", np.round(factors).astype(int))

# %% [markdown]
# The mean slope is 0.66 with $W_h$ against 0.80 with $W_h / 2$: at every step tanh shrinks the
# larger state's mark more than the smaller one's, so after nine steps the factor is far below
# 512 (37 here). How far it falls depends on the weights: for five random draws of the weights (seeds 0 to 4) it is
# between 37 and 425, below 512 every time (a tendency, not a law: try $H = 32$ in
# section 4). The scale of $W_h$ decides how long the network
# remembers, and tanh's slopes decide it too; notebook 05 makes both precise, for gradients.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert np.allclose(mark[0.5][0], mark[1.0][0])  # h_1 does not involve W_h (h_0 = 0)
claim("||h_t|| stays between 1 and 2.3 at every step, for all three scales",
      all(1 < size[s].min() and size[s].max() < 2.3 for s in scales),
      got=f"{min(size[s].min() for s in scales):.2f} to {max(size[s].max() for s in scales):.2f}")
claim("a smaller W_h leaves a smaller mark of x_1 at every step after the first",
      bool(np.all(mark[0.5][1:] < mark[1.0][1:]) and np.all(mark[1.0][1:] < mark[1.5][1:])),
      got="another order at some step")
kept = mark[1.0][1:] / mark[1.0][:-1]               # the fraction of the mark each step keeps
claim("with our W_h the mark shrinks at every step, by a different fraction each time",
      bool(kept.max() < 1 and np.ptp(kept) > 0.2), got=f"{kept.min():.2f} to {kept.max():.2f}")
kept_half = mark[0.5][1:] / mark[0.5][:-1]          # the same with W_h / 2 (the summary)
claim("with W_h / 2 the mark shrinks at every step too", bool(kept_half.max() < 0.9),
      got=f"it keeps up to {kept_half.max():.2f} of it at a step")
log_mark = np.log10(mark[1.0])                      # on the log axis: a rough straight line
off_line = log_mark - np.polyval(np.polyfit(steps, log_mark, 1), steps)
claim("on the log axis the mark with W_h stays within a factor 10 of a straight line",
      bool(np.abs(off_line).max() < 1), got=f"{np.abs(off_line).max():.2f} decades off")
claim_close("the mark of x_1 at t = 1", mark[1.0][0], 0.435, tol=5e-4)
claim_close("the mark at t = 10 with W_h, in units of 1e-4", mark[1.0][9] / 1e-4, 5.7, tol=0.05)
claim_close("the mark at t = 10 with W_h / 2, in units of 1e-5", mark[0.5][9] / 1e-5, 1.6,
            tol=0.05)
claim_close("the mark at t = 10 with W_h x 1.5, in units of 1e-2", mark[1.5][9] / 1e-2, 1.7,
            tol=0.05)
assert np.isclose(factor_linear, 2 ** 9)  # a linear cell: exactly 2 per step
claim_close("the factor at t = 10 with tanh", factor_tanh, 37, tol=0.5)
claim_close("the mean slope with W_h", slope[1.0], 0.66, tol=5e-3)
claim_close("the mean slope with W_h / 2", slope[0.5], 0.80, tol=5e-3)
claim("the factor is below 2**9 = 512 for 5 of 5 seeds", max(factors) < 512,
      got=f"largest {max(factors):.0f}")

# %% [markdown]
# ## 6 · tanh or ReLU: what the activation does to the memory
#
# The lecture allows two activations for the hidden state. Both are applied entry by entry:
#
# $$\tanh(a) = \frac{e^{a} - e^{-a}}{e^{a} + e^{-a}} \in (-1, 1), \qquad \tanh'(a) = 1 - \tanh^2(a)$$
#
# $$\mathrm{ReLU}(a) = \max(a, 0), \quad \mathrm{ReLU}'(a) = \begin{cases} 1 & a > 0 \\ 0 & a < 0 \end{cases}$$

# %%
a = np.linspace(-3, 3, 601)
curve = {"tanh": np.tanh(a), "ReLU": np.maximum(a, 0)}                  # f(a)
curve_slope = {"tanh": 1 - np.tanh(a) ** 2, "ReLU": (a > 0).astype(float)}  # f'(a)
tanh_slope_at_2 = 1 - np.tanh(2.0) ** 2
print(f"tanh'(0) = {1 - np.tanh(0.0) ** 2:.3f},  tanh'(2) = {tanh_slope_at_2:.3f}")

# %%
fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(9, 3.4), sharex=True)
for name in curve:
    ax_f.plot(a, curve[name], label=name)
    ax_d.plot(a, curve_slope[name], label=name)
ax_f.set(title="The activation f(a)", xlabel="pre-activation a", ylabel="f(a)", ylim=(-1.5, 3))
ax_d.set(title="Its slope f'(a)", xlabel="pre-activation a", ylabel="f'(a)", ylim=(-0.1, 1.2))
for ax in (ax_f, ax_d):
    ax.legend()
plt.show()

# %% [markdown]
# tanh squeezes everything into $(-1, 1)$ and its slope is at most 1 (at $a = 0$), already
# down to 0.071 at $a = 2$. ReLU passes positive values through unchanged, with no ceiling,
# and cuts negative ones to 0.
#
# What does that do to the hidden state over many steps? A simpler experiment than section
# 5's isolates $x_1$ completely: the word "i" at $t = 1$ and **zero vectors after it**, with
# $b = 0$ and $h_0 = 0$. From step 2 on the cell is then just $h_t = f(W_h h_{t-1})$, and
# without the word $h_t$ would be exactly 0 at every step ($\tanh(0) = \mathrm{ReLU}(0) = 0$):
# whatever is in $h_t$ is left over from $x_1$, and its length $\lVert h_t \rVert$ is how
# much is left. We run it for 50 steps, with **the same weights** for both activations, and
# $W_h$ multiplied by 0.5, 1 and 1.5. (ReLU's $\lVert h_1 \rVert$ comes out
# smaller than tanh's: ReLU sets the negative entries of $W_x x_1$ to 0, tanh keeps them.)

# %%
T_50 = 50
x_pulse_50 = np.zeros((T_50, 1, D))
x_pulse_50[0, 0] = X[0]

norm_runs = {}  # (activation, scale) -> ||h_t|| for t = 1 .. 50
max_entry = {}  # (activation, scale) -> largest |entry| of any h_t
for scale in (0.5, 1.0, 1.5):
    p = {"W_x": W_x, "W_h": scale * W_h, "b": np.zeros(H)}
    for act in ("tanh", "relu"):
        h_run, _ = rnn_forward(x_pulse_50, h0_row, p, activation=act)
        norm_runs[act, scale] = np.linalg.norm(h_run[:, 0], axis=1)
        max_entry[act, scale] = np.abs(h_run).max()
tanh_ceiling = np.sqrt(H)  # every entry in (-1, 1), so ||h_t|| < sqrt(H)

# %%
for (act, scale), n in norm_runs.items():
    print(f"{act:4}  W_h x {scale}:  ||h_1|| = {n[0]:.3f}   ||h_50|| = {n[-1]:.3g}   "
          f"largest |entry| = {max_entry[act, scale]:.3g}")

# %%
pulse_norms_figure(norm_runs, tanh_ceiling, scales=(0.5, 1.0, 1.5))
plt.show()

# %% [markdown]
# Left, both states fade to nothing (below $10^{-15}$ by step 50). Middle, both fade more
# slowly. Right, the two part ways: the tanh state settles below its ceiling
# $\sqrt{H} = 2.83$ (no entry can leave $(-1, 1)$), while the ReLU state grows by a roughly
# constant factor per step, to $\lVert h_{50} \rVert \approx 6.0 \times 10^{6}$.
#
# So tanh protects the hidden state from blowing up, but it does **not** stop it from
# fading (and, as section 5 showed, a state that keeps its size can still lose the mark of
# $x_1$). ReLU has no ceiling at all: in this experiment (no input after $t = 1$, no bias)
# the scale of $W_h$ alone decides between explosion and fading away (exercise 4 asks you to
# find the narrow range in between). That is why tanh is the classic default (it is also
# `torch.nn.RNN`'s default), and ReLU RNNs need careful initialisation. The slopes matter too: notebook 05 shows how the same repeated
# multiplications, by $W_h$ and by $f'$, make **gradients** vanish or explode during training.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
relu_big = norm_runs["relu", 1.5][-1]
assert all(max_entry["tanh", s] < 1 for s in (0.5, 1.0, 1.5))
assert all(norm_runs["tanh", s].max() < tanh_ceiling for s in (0.5, 1.0, 1.5))
claim_close("the tanh ceiling sqrt(H)", tanh_ceiling, 2.83, tol=5e-3)
claim_close("||h_50|| of ReLU with W_h x 1.5, in millions", relu_big / 1e6, 6.0, tol=0.05)
claim("both states are below 1e-15 at t = 50 with W_h x 0.5",
      all(norm_runs[act, 0.5][-1] < 1e-15 for act in ("tanh", "relu")),
      got=f"{max(norm_runs[act, 0.5][-1] for act in ('tanh', 'relu')):.1e}")
claim("ReLU's ||h_1|| is smaller than tanh's", bool(norm_runs["relu", 1.0][0] < norm_runs["tanh", 1.0][0]))
claim("with W_h both states fade, more slowly than with W_h x 0.5",
      all(norm_runs[a, 0.5][-1] < norm_runs[a, 1.0][-1] < 0.05 * norm_runs[a, 1.0][0]
          for a in ("tanh", "relu")))
claim("with W_h x 1.5 the tanh state settles: its last 10 lengths agree to 1e-3",
      bool(np.ptp(norm_runs["tanh", 1.5][-10:]) < 1e-3))
growth = norm_runs["relu", 1.5][10:] / norm_runs["relu", 1.5][9:-1]     # from t = 10 on
claim("the ReLU state grows by a roughly constant factor per step (within 0.05)",
      bool(growth.min() > 1 and np.ptp(growth) < 0.05), got=f"{growth.min():.3f} to {growth.max():.3f}")

# %% [markdown]
# ## 7 · An output at every step, or only at the end
#
# The hidden state is memory, not an answer. To get an answer, put a dense layer on top of a
# hidden state: $y_t = \mathrm{softmax}(W_o h_t + b_o)$, with $W_o$ of shape $(K, H)$ for $K$
# outputs (e.g. $K = 3$ classes: positive, neutral, negative). For a number rather than a
# class, such as a forecast, leave out the softmax: $y_t = W_o h_t + b_o$. An RNN can do this
# **at every step**, or keep reading and answer **only at the end**, from $h_T$.

# %%
fig, axes = plt.subplots(2, 1, figsize=(8, 6.2))
diagrams.draw_unrolled_rnn(4, ax=axes[0], outputs="every")
diagrams.draw_unrolled_rnn(4, ax=axes[1], outputs="last")
plt.show()

# %% [markdown]
# Top: one $y_t$ per step, all through the same $W_o$ (a next-word predictor, a forecaster).
# Bottom: the steps in between pass their state on silently and one $y$ comes from $h_4$
# (a sentiment classifier, notebook 02).
#
# In code the only difference is which hidden states go through the output layer. A batch
# of $B = 2$ sequences of $T = 5$ steps, $K = 3$ outputs:

# %%
rng = np.random.default_rng(SEED)
n_steps, batch, K = 5, 2, 3  # T, B and K for this section
x_batch = rng.normal(size=(n_steps, batch, D))
W_o = rng.normal(0, 1 / np.sqrt(H), size=(K, H))
b_o = np.zeros(K)

# %% [markdown]
# The same hidden states, through the output layer at every step or only at the last one:

# %%
h_batch, _ = rnn_forward(x_batch, np.zeros((batch, H)), params)
y_every = rnnlib.softmax(h_batch @ W_o.T + b_o)      # every h_t: (T, B, H) -> (T, B, K)
y_last = rnnlib.softmax(h_batch[-1] @ W_o.T + b_o)   # only h_T:  (B, H)    -> (B, K)

# %%
print("hidden states h:", h_batch.shape, "(T, B, H)")
print("every step:     ", y_every.shape, "(T, B, K)")
print("only the end:   ", y_last.shape, "(B, K)")
print("each row sums to 1:", np.allclose(y_every.sum(axis=-1), 1))

# %% [markdown]
# `@` acts on the last axis, so `h @ W_o.T` applies the output layer to all $T \times B$
# hidden states at once. The last step of `y_every` *is* `y_last`: answering only at the end
# just means ignoring the other outputs (and, in training, having no loss on them).
# Notebook 04 builds all four patterns from the lecture (one to many, many to one,
# encoder–decoder, sequence to sequence) from this one step.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert y_every.shape == (5, 2, 3) and y_last.shape == (2, 3)
assert np.allclose(y_every[-1], y_last)

# %% [markdown]
# ## 8 · Where RNNs are used, and what they cost
#
# Each use is a choice of what the sequence is and where the outputs go:
#
# - **Speech recognition.** The sequence is the audio cut into short, overlapping frames
#   (typically one every 10 ms, so 100 vectors per second of speech); out comes a letter or
#   sound per frame, which are merged into words.
# - **Time-series forecasting.** The sequence is the past values, e.g. monthly airline
#   passengers; out comes the next value at every step.
# - **Machine translation.** The sequence is the source sentence, word by word; one RNN
#   reads it into a vector, a second one writes the translation word by word (encoder–decoder).
# - **Chatbots.** The sequence is the conversation so far; out comes the reply, generated
#   one word at a time, each word fed back in as the next input.
#
# Since the Transformer arrived in 2017, translation and chatbots have mostly moved to it.
# The ideas of this series (a state updated step by step, backpropagation through time)
# carry straight over to the gated RNNs, LSTM and GRU, and RNNs remain a good fit where the
# memory must stay the same size however long the input runs (a Transformer's grows with
# it), such as streaming speech recognition on a phone. The forecasting example ships with
# `rnnlib`, no download needed; notebooks 03 and 04 train forecasters on it:

# %%
months, passengers = rnnlib.load_airline_passengers()
print(f"{len(months)} months, {months[0]} to {months[-1]}: "
      f"{passengers[0]:.0f} to {passengers[-1]:.0f} thousand passengers")

# %% [markdown]
# As a sequence, that is $T = 144$ steps of $D = 1$ number each.
#
# **Pros and cons**, from the lecture, each with the notebook where you see it happen:
#
# | pro or con | what the lecture says | where you see it |
# |---|---|---|
# | **pro** | Handles sequences of any length with one set of weights | section 3 here; [02 · Sentiment forward pass](02_sentiment_forward_pass.ipynb) |
# | **pro** | Remembers previous inputs in its hidden state | section 4 here; [02 · Sentiment forward pass](02_sentiment_forward_pass.ipynb) ($h_1 \dots h_4$) |
# | **pro** | Fits time-dependent tasks: an output per step, at the end, or a whole sequence out | [04 · RNN patterns](04_rnn_patterns.ipynb) |
# | **con** | Vanishing gradients: long-term dependencies are hard to learn ("not" in "I do not like this movie") | [05 · Vanishing and exploding gradients](05_vanishing_exploding_gradients.ipynb) |
# | **con** | Exploding gradients: NaNs and a loss that jumps around | [05 · Vanishing and exploding gradients](05_vanishing_exploding_gradients.ipynb) |
# | **con** | Slow training: step $t$ must wait for step $t - 1$, and backpropagation runs through every step | [03 · Backprop through time](03_backprop_through_time.ipynb) |
# | **con** | Short memory: $H$ numbers for the whole past, and recent inputs dominate | section 5 here; [05 · Vanishing and exploding gradients](05_vanishing_exploding_gradients.ipynb) |
#
# Two gentle corrections to the last part of the lecture notes, both shown in notebook 05:
#
# - It says that the *weights* shrink (eigenvalues below 1) or grow (above 1).
#   Backpropagation multiplies the **gradient**, not the weights: on its way back it is
#   multiplied once per step by $W_h^\top$ (and by the slopes $f'$), so it is the gradient
#   that vanishes or explodes. $W_h$ stays the same matrix at every step.
# - "Eigenvalues below 1 make it vanish" is a statement about the powers $W_h^k$, that is,
#   about a **linear** network ($f(a) = a$), where the gradient is multiplied by $W_h^\top$
#   at every step. There the eigenvalues decide the long run (the largest eigenvalue size
#   $\rho$ is the growth rate of $W_h^k$ as $k$ grows), and for *normal* matrices (e.g.
#   symmetric ones) every single step too; other matrices can first grow for a while. With
#   tanh, each step multiplies by $\operatorname{diag}(f'(a_t))\,W_h$, a different matrix
#   at every step, and then the eigenvalues of $W_h$ promise nothing, not even in the long
#   run: notebook 05 shows a $W_h$ whose eigenvalues are both 0.5 and whose tanh network's
#   gradient still grows by a factor of billions. The statement that always holds uses the
#   largest **singular value** $\sigma_1$ of $W_h$: with tanh (slope at most 1), if
#   $\sigma_1 < 1$ the gradient shrinks at every step, by at least the factor $\sigma_1$.
#   And eigenvalues above 1 do not promise an explosion: tanh units that saturate (slope
#   near 0) can still make the gradient vanish.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert len(months) == 144 and passengers.shape == (144,)

# %% [markdown]
# ## Try it
#
# After a change, the checks of the numbers the text quotes print a 📝 note instead of
# stopping the notebook (expected: the text describes the notebook as shipped); the `assert`
# lines that remain guard what holds whatever you change, such as shapes. Change it back and
# run the notebook from the top to return to the original.
#
# - **Slider, section 3.** Take $T$ from 1 to 10. Count the cells, then count the distinct
#   weight names. Which number grows?
# - **No memory.** In a new cell, run `rnn_forward` with `{**params, "W_h": 0 * W_h}` on the
#   sentence `x` and on its reverse, from the starting state `h_0.T` (as in section 4). With $W_h = 0$ each $h_t$ depends on $x_t$ alone, so
#   the reversed sentence gives the same states in reverse order, and order stops mattering.
# - **A different sentence.** In section 4, reorder the words and their rows of `X` together
#   (`order = [1, 0, 3, 2]`, then `X, words = X[order], [words[i] for i in order]`) and re-run
#   the section: watch $h_4$ change. The four words of `rnnlib.LECTURE_EMBEDDINGS` are all there is.
# - **How long a memory?** In section 5, set `scales = (0.5, 1.0, 1.5, 2.0)` where the two
#   sequences go through the cell, or set `SEED = 1` in the Setup cell and run everything.
#   Does the mark of $x_1$ still fade within 30 steps at the largest scale? What does the
#   size of the state do meanwhile?
# - **Bigger memory.** Set `H = 32` in section 4 and re-run sections 4 to 6: how close does
#   the tanh state come to its ceiling $\sqrt{H}$ now?

# %% [markdown]
# ## Summary
#
# - Order carries meaning. A bag of words cannot tell "not good, it was bad" from "not bad,
#   it was good"; a model that reads in order can.
# - The recurrent cell is a dense layer plus one term: $h_t = f(W_x x_t + W_h h_{t-1} + b)$.
#   The hidden state $h_t$ ($H$ numbers) is the network's memory.
# - Unrolled over $T$ steps, the loop is a chain of $T$ copies of **one** cell: the same
#   $W_x$, $W_h$, $b$ at every step, whatever $T$ is.
# - Column view: $W_x x_t$ with $x_t$ of shape $(D, 1)$. Batched view: `x_t @ W_x.T` with
#   `x_t` of shape $(B, D)$; sequences are $(T, B, D)$, hidden states $(T, B, H)$.
# - The memory fades, but not the state: new inputs keep $\lVert h_t \rVert$ up, while
#   the mark of $x_1$ (how much $h_t$ changes when $x_1$ does) shrinks over the steps, faster
#   for a smaller $W_h$ (with our $W_h$ and with $W_h / 2$ it shrinks at every step). The
#   state's size is not a measure of memory.
# - tanh keeps every entry of $h_t$ in $(-1, 1)$ but does not stop memory from fading; ReLU
#   has no ceiling, so, depending on the scale of $W_h$, the state explodes or fades away.
# - Outputs at every step give $(T, B, K)$; an output only at the end gives $(B, K)$.
#
# **Recall questions**
#
# 1. With $D = 4$ and $H = 8$, what are the shapes of $W_x$, $W_h$ and $b$?
# 2. Why can the same trained cell read a 3-word sentence and a 30-word one?
# 3. Batched code writes `x_t @ W_x.T`. Why the transpose?
# 4. Which activation keeps the hidden state bounded, and does that keep it from forgetting?
# 5. A sentiment classifier answers once per sentence: which output pattern is it, and what
#    shape are its outputs for a batch of 16 sentences and 3 classes?
#
# <details>
# <summary>Answers</summary>
#
# 1. $W_x$ is $8 \times 4$, $W_h$ is $8 \times 8$, $b$ has 8 entries.
# 2. Because unrolling repeats one cell: the weights do not depend on $T$, only the number
#    of steps does.
# 3. Rows: $(W_x x_t)^\top = x_t^\top W_x^\top$, and a batch stacks $B$ row vectors into a
#    $(B, D)$ matrix.
# 4. tanh keeps it bounded, in $(-1, 1)$ per entry; no: the mark of an early input still
#    fades, faster with a small $W_h$ (sections 5 and 6).
# 5. Many to one, an output only at the end: shape $(16, 3)$.
# </details>

# %% [markdown]
# ## Exercises
#
# Four exercises, from easy to hard. Replace each `None` and run the cell: the check prints
# ✅ when you are right, or ❌ and what is wrong (it also stores `True` or `False` in
# `passed`). Worked answers are in **Solutions** below; try first.
#
# ### Exercise 1 · One step by hand (easy)
#
# A tiny cell with $D = 2$ inputs and $H = 3$ hidden units. Compute
# $h_1 = \tanh(W_x x_1 + W_h h_0 + b)$ as a numpy vector of shape `(3,)`. The numbers are
# small enough to do on paper first; note that $h_0$ is not zero here.

# %%
ex = nb01.one_step_data()
for name in ("W_x", "W_h", "b", "h_0", "x_1"):
    print(f"{name} {ex[name].shape}:\n{ex[name]}")

# %%
h_1_answer = None  # your h_1, shape (3,): use ex["W_x"], ex["x_1"], ex["W_h"], ex["h_0"], ex["b"]

passed = nb01.check_one_step(h_1_answer)

# %% [markdown]
# ### Exercise 2 · Unroll three steps (medium)
#
# Same cell, now over the three inputs in the rows of `ex["xs"]` ($x_1, x_2, x_3$), starting
# from `ex["h_0"]`. Write a `for` loop and collect $h_1, h_2, h_3$ as the **rows** of an array
# of shape `(3, 3)` (row `t - 1` holds $h_t$, as in `rnn_forward`). Unlike section 4, keep
# the vectors 1-D, as in exercise 1: `np.array` of a list of three `(3,)` vectors stacks
# them as rows.

# %%
print(f"xs {ex['xs'].shape}:\n{ex['xs']}")

hs_answer = None  # shape (3, 3): hs_answer[t - 1] is h_t

passed = nb01.check_unroll(hs_answer)

# %% [markdown]
# ### Exercise 3 · Count the weights (medium)
#
# An RNN cell with $D = 4$ and $H = 8$ is unrolled over $T = 50$ steps. How many weight
# **matrices** does the chain have (count $W_x$ and $W_h$; $b$ is a vector), and how many
# trainable **numbers** in $W_x$, $W_h$ and $b$ together? Leave the output layer out.

# %%
n_matrices = None  # how many weight matrices in the chain of 50 steps
n_numbers = None   # how many numbers in W_x, W_h and b

passed = nb01.check_weight_count(n_matrices, n_numbers)

# %% [markdown]
# ### Exercise 4 · Keep a ReLU memory alive (hard)
#
# Take section 6's experiment with ReLU: the word "i" (`X[0]`) at $t = 1$, zeros after,
# $b = 0$, $h_0 = 0$, and $W_h$ from section 4 multiplied by a `scale`. Find a scale at
# which the memory **neither explodes nor fades away** over 50 steps:
# $0.1 \le \lVert h_{50} \rVert / \lVert h_1 \rVert \le 10$. Section 6 showed that 1.0 is
# too small and 1.5 far too large. (Leave `W_h` itself unchanged: the check multiplies it
# by your `scale`. With other weights, after a change of `SEED`, the state can die, every
# unit at 0 for good; then no scale helps, and the check says so.)
#
# *Hint:* write a function `ratio(scale)` with `rnn_forward(..., activation="relu")`, try a
# few values, then narrow down. How wide is the range that works?

# %%
scale = None  # your scale for W_h

passed = nb01.check_relu_scale(scale, W_x, W_h, X[0])

# %% [markdown] tags=["solution"]
# ## Solutions
#
# **Stop here and try the exercises first**: a solution read before you have struggled
# teaches much less. In JupyterLab the solutions' code is folded: click the dots (or the
# bar left of a cell) to open it.
#
# Each solution runs the same check as its exercise, inside an `assert`, so a solution that
# stopped passing would stop the notebook.
#
# **Solution 1.** The column view, written with 1-D vectors: `@` of a matrix and a 1-D
# vector gives a 1-D vector.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
h_1_ex = np.tanh(ex["W_x"] @ ex["x_1"] + ex["W_h"] @ ex["h_0"] + ex["b"])
print("pre-activation:", ex["W_x"] @ ex["x_1"] + ex["W_h"] @ ex["h_0"] + ex["b"])
print("h_1:           ", h_1_ex)

assert nb01.check_one_step(h_1_ex)

# %% [markdown] tags=["solution"]
# **Solution 2.** The loop of section 4: the new state becomes `h` for the next step.
# Its first row is exercise 1's answer.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
h = ex["h_0"]
rows = []
for x_t in ex["xs"]:
    h = np.tanh(ex["W_x"] @ x_t + ex["W_h"] @ h + ex["b"])
    rows.append(h)
hs_ex = np.array(rows)
print(hs_ex)

assert nb01.check_unroll(hs_ex)

# %% [markdown] tags=["solution"]
# **Solution 3.** Unrolling copies the drawing, not the weights: one $W_x$ and one $W_h$,
# whatever $T$ is. `rnnlib.parameter_count` gives the same numbers (it also counts an
# output layer, which we leave out here).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
D_ex, H_ex = 4, 8
n_matrices_ex = 2                              # W_x and W_h, shared by all 50 steps
n_numbers_ex = H_ex * D_ex + H_ex * H_ex + H_ex  # W_x (8 x 4) + W_h (8 x 8) + b (8)
counts = rnnlib.parameter_count(D=D_ex, H=H_ex, K=3)
print("W_x:", counts["W_x"], " W_h:", counts["W_h"], " b:", counts["b"],
      " total for the cell:", n_numbers_ex)
assert n_numbers_ex == counts["W_x"] + counts["W_h"] + counts["b"] == 104

assert nb01.check_weight_count(n_matrices_ex, n_numbers_ex)


# %% [markdown] tags=["solution"]
# **Solution 4.** The ratio grows with the scale, so bisection finds where it crosses 0.1,
# 1 and 10.

# %% jupyter={"source_hidden": true} tags=["solution", "hide-cell"]
def ratio(scale, steps=50):
    """||h_steps|| / ||h_1|| for the ReLU memory experiment with W_h multiplied by scale."""
    x_p = np.zeros((steps, 1, D))
    x_p[0, 0] = X[0]
    p = {"W_x": W_x, "W_h": scale * W_h, "b": np.zeros(H)}
    h_p, _ = rnn_forward(x_p, np.zeros((1, H)), p, activation="relu")
    norms = np.linalg.norm(h_p[:, 0], axis=1)
    return norms[-1] / norms[0]


# %% jupyter={"source_hidden": true} tags=["solution", "hide-cell"]
def scale_for(target, lo=0.5, hi=2.0):
    """The scale at which ratio(scale) == target, by bisection (ratio grows with scale)."""
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ratio(mid) < target else (lo, mid)
    return (lo + hi) / 2


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
# ReLU(s z) = s ReLU(z): a state that dies (every unit at 0) at one scale dies at all
alive = ratio(1.0) > 0
claim("the ReLU state stays alive, so some scale works", bool(alive),
      got="it dies: with these weights no scale keeps it alive")
if alive:
    s_low, s_one, s_high = scale_for(0.1), scale_for(1.0), scale_for(10.0)
    print(f"ratio 0.1 at scale {s_low:.4f},  ratio 1 at {s_one:.4f},  ratio 10 at {s_high:.4f}")
    print(f"the window's width: {s_high / s_low:.3f}; 100 ** (1 / 49) = {100 ** (1 / 49):.3f}")

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
if alive:
    assert abs(s_high / s_low - 100 ** (1 / 49)) < 1e-6  # ReLU(s z) = s ReLU(z): any weights
    claim_close("the scale at ratio 0.1", s_low, 1.026, tol=5e-4)
    claim_close("the scale at ratio 1", s_one, 1.075, tol=5e-4)
    claim_close("the scale at ratio 10", s_high, 1.127, tol=5e-4)
    claim("5% either side of the middle leaves the window",
          bool(s_high < 1.05 * s_one and s_low > 0.95 * s_one),
          got=f"from {s_low / s_one:.3f} to {s_high / s_one:.3f} times the middle")

    assert nb01.check_relu_scale(s_one, W_x, W_h, X[0])

# %% [markdown] tags=["solution"]
# Only scales from about 1.026 to 1.127 work: move 5% away from the middle of that window
# (1.075) and the memory explodes or fades. There is a neat reason. With $b = 0$ and no
# input after $t = 1$, each step is
# $h_t = \mathrm{ReLU}(s\,W_h h_{t-1})$, and $\mathrm{ReLU}(s\,z) = s\,\mathrm{ReLU}(z)$ for
# $s > 0$. So $h_{50}$ is exactly $s^{49}$ times the state at scale 1, and the window from
# ratio 0.1 to ratio 10 spans a factor $100^{1/49} \approx 1.10$ in $s$, whatever $W_h$ is.

# %% [markdown]
# ## Next
#
# ➡️ **Next: [02 · The sentiment forward pass](02_sentiment_forward_pass.ipynb)** ([open on Colab](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/02_sentiment_forward_pass.ipynb))
#
# The lecture's "I love
# machine learning" end to end, from words to indices to embeddings, through $h_1 \dots h_4$,
# to three probabilities for positive, neutral and negative.
#
# **Further reading**
#
# - Elman (1990), [*Finding structure in time*](https://doi.org/10.1207/s15516709cog1402_1), Cognitive Science 14(2): the simple recurrent network this notebook builds, and what it learns from word order.
# - Karpathy (2015), [*The unreasonable effectiveness of recurrent neural networks*](https://karpathy.github.io/2015/05/21/rnn-effectiveness/): character-level RNNs writing text and code, with a look inside their hidden units.
# - Zhang, Lipton, Li & Smola, [*Dive into Deep Learning*, chapter 9 "Recurrent Neural Networks"](https://d2l.ai/chapter_recurrent-neural-networks/index.html): the same cell with runnable code in several frameworks.
# - Goodfellow, Bengio & Courville (2016), [*Deep Learning*, chapter 10 "Sequence Modeling: Recurrent and Recursive Nets"](https://www.deeplearningbook.org/contents/rnn.html): unfolding computational graphs and the patterns of section 7, in depth.
# - Le, Jaitly & Hinton (2015), [*A simple way to initialize recurrent networks of rectified linear units*](https://arxiv.org/abs/1504.00941): making ReLU RNNs work by starting $W_h$ at the identity (exercise 4's problem, solved by initialisation).
