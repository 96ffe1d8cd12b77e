# %% [markdown]
# # 08 · From rnnlib to PyTorch: the same numbers, then the tools that scale
#
# Everything in this series so far ran on `rnnlib`, a few hundred lines of numpy that you can
# read in one sitting. The models you will train next will run on a framework, most likely
# **PyTorch**. This notebook builds the bridge, and builds it exactly: the same weights go into
# `torch.nn.RNN`, `nn.GRU`, `nn.LSTM` and a classifier made of `nn.Embedding`, packed sequences
# and `nn.CrossEntropyLoss`, and out come the same outputs, the same gradients and, at a constant
# learning rate without clipping, the same optimiser steps, to twelve digits and more. Every place where the two libraries use a different
# convention is named, and shown with numbers. Then come the things PyTorch adds: autograd
# instead of hand-written backward passes, devices, and training one model in several processes
# at once, which is how training scales past one laptop.
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/08_pytorch_bridge.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/unrolled-rnn/unrolled/main?labpath=notebooks%2F08_pytorch_bridge.ipynb)

# %% [markdown]
# ## What you'll learn
#
# - **Copy** rnnlib's weights into `torch.nn.RNN` and **verify** that outputs and autograd's gradients equal `rnn_forward` and `rnn_backward` in float64.
# - **Translate** the many-to-one classifier into `nn.Embedding`, `pack_padded_sequence` and `nn.CrossEntropyLoss`, and **match** rnnlib's optimisers step by step.
# - **Name** the conventions that differ: time-major vs batch-first, two biases vs one, the momentum buffer, the `1e-6` in `clip_grad_norm_`; and where torch's GRU differs from the GRU of the original paper (the place of the reset gate).
# - **Train** notebook 07's character model in PyTorch on whatever device is present and **compare** its time per epoch with rnnlib's.
# - **Run** data-parallel training in two processes (`DistributedDataParallel`, backend `gloo`) and **check** that it equals one process on the combined batch.

# %% [markdown]
# ## Before you start
#
# - **Notebooks 00-03**: the sentiment classifier, its padding and lengths, and BPTT.
# - **Notebook 06 · Gated cells** for section 3 (the LSTM's and GRU's equations), **notebook 07** for section 4 (the character model).
# - **PyTorch**: installed with `pip install torch` (a CPU build is enough; `make lab` installs it, Colab has it). You do not need to know it: every call used here is explained where it appears.
# - **Runtime**: the README's table of notebooks gives it (section 5 starts two Python processes).

# %% [markdown]
# ## Setup
#
# The first cell installs `rnnlib` when the notebook runs on Colab and does nothing anywhere else.
# The second one checks that PyTorch is there: without it, the notebook stops with one line
# saying what to install. Then come the imports, and the last cell fixes the random seeds.

# %%
import sys

if "google.colab" in sys.modules:  # on Colab: install rnnlib (elsewhere: already installed)
    # %pip install -q "rnnlib @ git+https://github.com/unrolled-rnn/unrolled@main"


# %%
class NeedsPyTorch(Exception):
    """Stops "Run All" with one line. IPython shows what _render_traceback_ returns instead of
    a traceback (SystemExit would add a warning and a hint about %tb; a plain exception, a
    traceback that says nothing useful)."""

    def _render_traceback_(self):
        return [str(self)]


try:
    import torch
except ImportError:
    raise NeedsPyTorch("This notebook needs PyTorch: pip install torch  (a CPU build is enough; "
                       "on Colab it is preinstalled)") from None

# %%
import os
import socket
import subprocess
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import rnnlib
from rnnlib.plots import COLORS, use_style

# %%
from rnnlib.bridge_figures import library_comparison_figure
from rnnlib.charlm import CharLM, encode_names, load_names
from rnnlib.claims import claim, claim_timing
from rnnlib.exercises import nb08
from rnnlib.gru import gru_backward, gru_forward, gru_init_params
from rnnlib.layers import log_softmax
from rnnlib.lstm import lstm_backward, lstm_forward, lstm_init_params
from rnnlib.optim import SGD, Adam, clip_grad_norm
from rnnlib.recipes import sentiment_data
from rnnlib.rnn import rnn_backward, rnn_forward
from rnnlib.text import pad_sequences

# %% tags=["nbval-ignore-output"]
# One thread for torch: on a shared 2-core machine more threads only fight each other, and
# torch's sums are always split the same way, so the same numbers. (numpy's BLAS keeps its own
# thread count: one under the project's tests, your machine's default in your session.)
torch.set_num_threads(1)
use_style()
SEED = 0
rng = np.random.default_rng(SEED)
np.set_printoptions(precision=3, suppress=True, linewidth=100)
torch.manual_seed(SEED)  # torch's own random numbers (its layers' first weights)
print(f"PyTorch {torch.__version__.split('+')[0]}, numpy {np.__version__.split('.')[0]}.x")


# %% [markdown]
# Two small helpers are used everywhere below. `torch` holds numbers in **tensors**, its arrays;
# `t.detach().cpu().numpy()` turns one back into a numpy array, and `t64` makes a tensor of an
# array.

# %%
def as_numpy(a):
    """A tensor (or an array) as a float64 numpy array."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    return np.asarray(a, dtype=np.float64)


def t64(a):
    """A numpy array as a float64 tensor (a copy)."""
    return torch.tensor(np.asarray(a), dtype=torch.float64)


# %% [markdown]
# All comparisons are made in **float64**, and "agree" means: the largest difference, relative
# to the largest entry, is below $10^{-12}$. Two correct implementations that add the same
# numbers in a different order differ by about $10^{-16}$ relative after one operation, and by
# up to about $10^{-14}$ after many (section 2's ten optimiser steps), so $10^{-12}$ leaves a
# wide margin for round-off while any real difference of convention (a missing bias, a
# transposed matrix) is far above it.

# %%
def rel_diff(a, b):
    """max |a - b| / max |b|: the largest difference relative to the largest entry of b."""
    a, b = as_numpy(a), as_numpy(b)
    assert a.shape == b.shape, f"shapes {a.shape} and {b.shape}"
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def agree(a, b, tol=1e-12):
    return rel_diff(a, b) < tol


def yes(flag):
    return "yes" if flag else "no"


# %% [markdown]
# ## 1 · `torch.nn.RNN` with rnnlib's weights
#
# `torch.nn.RNN` computes the cell of this series,
# $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$, for a whole sequence. It keeps its weights under
# its own names, and it has **two** bias vectors, one added to the input's product and one to
# the hidden state's; only their sum matters, so our $b$ goes into one and zeros into the other.
# Its matrices have rnnlib's layout, $H$ rows:
#
# | rnnlib | `torch.nn.RNN(D, H)` | shape |
# |---|---|---|
# | `W_x` | `weight_ih_l0` ("input to hidden", layer 0) | (H, D) |
# | `W_h` | `weight_hh_l0` | (H, H) |
# | `b` | `bias_ih_l0 + bias_hh_l0` | (H,) |
#
# `torch.nn.RNN` also reads sequences **time-major**, (T, B, D), like rnnlib, unless it is made
# with `batch_first=True`; then it expects (B, T, D). A new `nn.RNN` holds random float32
# weights; we make it in float64 and overwrite every weight inside `torch.no_grad()` (copying
# is not part of any computation whose gradient we want).
#
# First rnnlib: random weights, a batch of sequences, and `rnn_forward`.

# %%
T, B, D, H = 5, 3, 4, 6                  # all different, so a transposed matrix cannot pass
params = {"W_x": rng.normal(0, 1 / np.sqrt(D), (H, D)), "W_h": rng.normal(0, 1 / np.sqrt(H), (H, H)),
          "b": rng.normal(0, 0.1, H)}
x, h0 = rng.normal(size=(T, B, D)), rng.normal(size=(B, H))
h, cache = rnn_forward(x, h0, params)    # rnnlib: h (T, B, H)

# %% [markdown]
# Now an `nn.RNN` of the same sizes, holding the same weights under torch's names:

# %%
rnn = nn.RNN(D, H, nonlinearity="tanh", dtype=torch.float64)
with torch.no_grad():
    rnn.weight_ih_l0.copy_(t64(params["W_x"]))
    rnn.weight_hh_l0.copy_(t64(params["W_h"]))
    rnn.bias_ih_l0.copy_(t64(params["b"]))
    rnn.bias_hh_l0.zero_()
for name, p in rnn.named_parameters():
    print(f"{name:13s} {str(tuple(p.shape)):8s} {p.dtype}")

# %% [markdown]
# It reads the same sequences, from the same $h_0$:

# %%
x_t = t64(x).requires_grad_()            # requires_grad: autograd will compute dL/dx
h0_t = t64(h0)[None].requires_grad_()    # (1, B, H): torch wants one h0 per layer
out, h_n = rnn(x_t, h0_t)                # out (T, B, H): every h_t;  h_n (1, B, H): the last
print("out", tuple(out.shape), " h_n", tuple(h_n.shape))
print("every h_t agrees with rnn_forward's:", yes(agree(out, h)))
print("h_n is the last h_t:", yes(agree(h_n[0], h[-1])))

# %% [markdown]
# The same numbers, from a different library. Two more checks of the table: a model made with
# `batch_first=True` reads (B, T, D) and returns (B, T, H), the same numbers with the first two
# axes swapped, while `h0` and `h_n` keep their shape (1, B, H) (`batch_first` applies to the
# sequences only); and the bias can be split between the two vectors in any way, since only the
# sum enters the cell.

# %%
rnn_bf = nn.RNN(D, H, batch_first=True, dtype=torch.float64)
rnn_bf.load_state_dict(rnn.state_dict())                     # the same four tensors
out_bf, h_n_bf = rnn_bf(t64(x).transpose(0, 1), t64(h0)[None])  # x as (B, T, D); h0 (1, B, H)
print("batch_first: out (B, T, H) =", tuple(out_bf.shape), "and out_bf[b, t] = h[t, b]:",
      yes(agree(out_bf.transpose(0, 1), h)))

# %% [markdown]
# And the bias, split unevenly between the two vectors:

# %%
with torch.no_grad():
    rnn_bf.bias_ih_l0.copy_(t64(0.3 * params["b"]))
    rnn_bf.bias_hh_l0.copy_(t64(0.7 * params["b"]))
out_split, _ = rnn_bf(t64(x).transpose(0, 1), t64(h0)[None])
print("b split 30 % / 70 % between the two biases gives the same outputs:",
      yes(agree(out_split.transpose(0, 1), h)))

# %% [markdown]
# **Gradients.** rnnlib's `rnn_backward` takes $\partial L/\partial h_t$ for every step and
# returns the gradients of everything. PyTorch's **autograd** recorded every operation of the
# forward pass; `loss.backward()` runs them backwards and leaves each gradient in `.grad`. To
# give both the same $\partial L/\partial h_t$, take the loss $L = \sum_{t,b,i} G_{tbi}\, h_{tbi}$
# for a fixed random array $G$ of shape (T, B, H): then $\partial L/\partial h_t = G_t$.

# %%
G = rng.normal(size=(T, B, H))
loss = (out * t64(G)).sum()
loss.backward()                                    # autograd: BPTT without a line of it written
dx, dh0, grads = rnn_backward(G, cache, params)    # rnnlib: BPTT written out (notebook 03)
pairs = {"W_x  vs weight_ih_l0.grad": (rnn.weight_ih_l0.grad, grads["W_x"]),
         "W_h  vs weight_hh_l0.grad": (rnn.weight_hh_l0.grad, grads["W_h"]),
         "b    vs bias_ih_l0.grad": (rnn.bias_ih_l0.grad, grads["b"]),
         "b    vs bias_hh_l0.grad": (rnn.bias_hh_l0.grad, grads["b"]),
         "dx   vs x_t.grad": (x_t.grad, dx),
         "dh0  vs h0_t.grad": (h0_t.grad[0], dh0)}
for what, (a, b) in pairs.items():
    print(f"{what:27s} agree: {yes(agree(a, b))}")

# %% [markdown]
# Every gradient agrees, including those of the input and of $h_0$. Note the two bias lines:
# **each** of torch's biases gets the full gradient of our $b$ (a sum passes its gradient to both
# terms). So a torch optimiser moves both, and their sum moves twice as far as rnnlib's $b$
# would: with two biases, the bias effectively learns at twice the rate. One SGD step shows it:

# %%
lr = 0.1
b_sum_before = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().clone()
torch.optim.SGD(rnn.parameters(), lr=lr).step()        # uses the .grad of every parameter
moved = as_numpy(rnn.bias_ih_l0 + rnn.bias_hh_l0) - as_numpy(b_sum_before)
print("torch's b_ih + b_hh moved by -2 lr g:", yes(agree(moved, -2 * lr * grads["b"])),
      "| rnnlib's b moves by -lr g")

# %% [markdown]
# To train exactly like rnnlib, section 2 keeps `bias_hh_l0` at zero and **frozen**
# (`requires_grad_(False)`): then only one bias moves, by rnnlib's step.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert out.shape == (T, B, H) and h_n.shape == (1, B, H)
assert agree(out, h) and agree(h_n[0], h[-1])
assert out_bf.shape == (B, T, H) and h_n_bf.shape == (1, B, H)    # h_n is not batch-first
assert agree(out_bf.transpose(0, 1), h) and agree(out_split.transpose(0, 1), h)
assert all(agree(a, b) for a, b in pairs.values())
assert agree(moved, -2 * lr * grads["b"])


# %% [markdown]
# ## 2 · The sentiment classifier in PyTorch
#
# The classifier of notebooks 00-03: embedding, RNN, and the output layer applied to the
# **last real** hidden state of each sentence, then softmax and cross-entropy. In PyTorch:
#
# - `nn.Embedding(V, D)` is the table $E$ (V, D); `embedding(tokens)` looks rows up, like `E[tokens]`.
# - `pack_padded_sequence(x, lengths)` tells the RNN where each sentence ends. The RNN then
#   stops each sentence at its length, and its `h_n` is each sentence's last **real** state:
#   what rnnlib reads with `h[lengths - 1, arange(B)]`.
# - `nn.Linear(H, K)` is $W_o h + b_o$, with `weight` (K, H) and `bias` (K,): rnnlib's layout again.
# - `nn.CrossEntropyLoss()` takes the **logits** (it applies the log-softmax itself) and averages
#   over the batch, as `rnnlib.softmax_cross_entropy` does.

# %%
class TorchClassifier(nn.Module):
    """tokens (T, B), lengths (B,) -> logits (B, K): rnnlib.ManyToOneClassifier in torch."""

    def __init__(self, V, D, H, K):
        super().__init__()
        self.embedding = nn.Embedding(V, D, dtype=torch.float64)
        self.rnn = nn.RNN(D, H, dtype=torch.float64)
        self.out = nn.Linear(H, K, dtype=torch.float64)
        self.rnn.bias_hh_l0.requires_grad_(False)   # one bias, as in rnnlib (see section 1)

    def forward(self, tokens, lengths):
        x = self.embedding(tokens)                                        # (T, B, D)
        packed = pack_padded_sequence(x, lengths, enforce_sorted=False)   # lengths on the CPU
        _, h_n = self.rnn(packed)                                         # (1, B, H)
        return self.out(h_n[0])                                           # (B, K)


# %% [markdown]
# `torch_copy` puts an rnnlib classifier's weights into a new `TorchClassifier`, by this table of
# names:

# %%
# rnnlib's parameter names and torch's, for this model
TORCH_NAMES = {"E": "embedding.weight", "W_x": "rnn.weight_ih_l0", "W_h": "rnn.weight_hh_l0",
               "b": "rnn.bias_ih_l0", "W_o": "out.weight", "b_o": "out.bias"}


def torch_copy(model):
    """A TorchClassifier holding the weights of an rnnlib ManyToOneClassifier."""
    V, D = model.params["E"].shape
    K, H = model.params["W_o"].shape
    net = TorchClassifier(V, D, H, K)
    tensors = dict(net.named_parameters())
    with torch.no_grad():
        for key, name in TORCH_NAMES.items():
            tensors[name].copy_(t64(model.params[key]))
        net.rnn.bias_hh_l0.zero_()
    return net


# %% [markdown]
# The classifier of notebooks 00-03 (embeddings and hidden states of size 32, three classes),
# and its copy in torch:

# %%
vocab, (train_seqs, train_labels), _ = sentiment_data()
V, K = len(vocab), 3
model = rnnlib.ManyToOneClassifier(V, 32, 32, K, rng=np.random.default_rng(SEED))
net = torch_copy(model)
print(net)

# %% [markdown]
# A batch of 8 training sentences, padded to the longest. Per sentence, the loss of torch
# (`reduction="none"` keeps the losses apart) against rnnlib's $-\ln p_y$ from the same logits
# formula. As a **control**, the same torch model **without** packing: it runs every sentence to
# the padded length $T$ and reads the state after the padding.

# %%
idx = np.arange(8)
tokens, lengths = pad_sequences([train_seqs[i] for i in idx])
y = train_labels[idx]
print("tokens (T, B) =", tokens.shape, " lengths:", lengths)
tok_t, len_t, y_t = torch.from_numpy(tokens), torch.from_numpy(lengths), torch.from_numpy(y)

per_torch = nn.CrossEntropyLoss(reduction="none")(net(tok_t, len_t), y_t)
logits_np, _ = model.forward(tokens, lengths)
per_rnnlib = -log_softmax(logits_np)[np.arange(len(y)), y]
print("per-sentence losses agree (packed):", yes(agree(per_torch, per_rnnlib)))

# %% [markdown]
# The control, the same model reading the same batch without packing:

# %%
with torch.no_grad():                               # the control: no packing
    h_all, _ = net.rnn(net.embedding(tok_t))        # (T, B, H), padding read as words
    per_unpacked = nn.CrossEntropyLoss(reduction="none")(net.out(h_all[-1]), y_t)
same = np.isclose(as_numpy(per_unpacked), per_rnnlib, rtol=1e-12, atol=0)
short = lengths < tokens.shape[0]
print(f"without packing: {short.sum()} sentences are shorter than T = {tokens.shape[0]}; "
      f"their losses differ: {yes(not same[short].any())}; the others agree: {yes(same[~short].all())}")

# %% [markdown]
# With packing, every sentence's loss is rnnlib's. Without it, each sentence shorter than the
# batch reads the padding as if it were words, and its loss changes: padding is only harmless when
# the model is told where each sentence ends (a mask in rnnlib, packing in torch).
#
# Now the mean loss and the gradients of all six parameters, autograd against rnnlib's
# `loss_and_grads`:

# %%
loss_t = nn.CrossEntropyLoss()(net(tok_t, len_t), y_t)          # the mean over the batch
loss_t.backward()
loss_np, grads_np = model.loss_and_grads(tokens, lengths, y)
print(f"mean loss: torch {loss_t.item():.4f}, rnnlib {loss_np:.4f}")
tensors = dict(net.named_parameters())
for key, name in TORCH_NAMES.items():
    print(f"{key:3s} = {name:18s} gradient agrees: {yes(agree(tensors[name].grad, grads_np[key]))}")


# %% [markdown]
# **Optimisers, step by step.** `compare_runs` trains an rnnlib model and its torch copy side by
# side on the same mini-batches of 16 sentences, and after every step measures how far apart
# their parameters are (the largest `rel_diff` over the six arrays). rnnlib's optimisers and
# torch's are written differently:
#
# - **SGD with momentum.** rnnlib keeps a velocity that already contains the learning rate,
#   $v \leftarrow \mu v - \eta g$, $p \leftarrow p + v$. torch keeps a buffer without it,
#   $\text{buf} \leftarrow \mu\, \text{buf} + g$, $p \leftarrow p - \eta\, \text{buf}$. With a
#   constant $\eta$ these are the same steps ($v = -\eta\, \text{buf}$). When $\eta$ changes, they are not: rnnlib's velocity remembers the
#   old steps at the old rate, torch rescales all of its memory to the new one.
# - **Adam**: both compute $p \leftarrow p - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$, with
#   $\epsilon$ outside the square root and after the bias correction.
#
# A change of the learning rate is where the two momentum conventions part. `change_lr` sets the
# new rate in both optimisers and, with `rescale`, multiplies torch's buffers by
# $\eta_{\text{old}}/\eta_{\text{new}}$, so that $-\eta_{\text{new}}\, \text{buf}$ equals
# rnnlib's $v$ again (before the change, $v = -\eta_{\text{old}}\, \text{buf}$):

# %%
def change_lr(opt_np, opt_t, trained, new_lr, rescale):
    """Set both optimisers' learning rate to new_lr; with rescale, also multiply torch's momentum
    buffers (of the tensors `trained`) by old_lr / new_lr."""
    old, opt_np.lr = opt_np.lr, new_lr
    opt_t.param_groups[0]["lr"] = new_lr
    for p in trained:
        if rescale and "momentum_buffer" in opt_t.state[p]:
            opt_t.state[p]["momentum_buffer"] *= old / new_lr


# %% [markdown]
# One step of both trainings, on the same sentences, each library with its own loss, gradients,
# clipping (when `clip` is a max_norm) and optimiser:

# %%
def step_both(m, n, opt_np, opt_t, batch, clip):
    """One step of rnnlib's classifier m and of its torch copy n on the sentences `batch`."""
    tok, lens = pad_sequences([train_seqs[i] for i in batch])
    _, g = m.loss_and_grads(tok, lens, train_labels[batch])
    if clip is not None:
        g = clip_grad_norm(g, clip)[0]
    opt_np.step(m.params, g)
    trained = [p for p in n.parameters() if p.requires_grad]
    opt_t.zero_grad()
    nn.CrossEntropyLoss()(n(torch.from_numpy(tok), torch.from_numpy(lens)),
                          torch.from_numpy(train_labels[batch])).backward()
    if clip is not None:
        torch.nn.utils.clip_grad_norm_(trained, clip)
    opt_t.step()


# %% [markdown]
# `compare_runs` makes both models from the same seed and runs `steps` such steps on the same
# mini-batches, changing the learning rate on the way if asked (`lr_change = (step, new_lr)`,
# before that 0-based step); after each step it measures how far apart the parameters are.

# %%
def compare_runs(make_rnnlib_opt, make_torch_opt, steps=10, lr_change=None, rescale=False,
                 clip=None, seed=SEED):
    """The largest relative difference of the two models' parameters after each step (steps,)."""
    m = rnnlib.ManyToOneClassifier(V, 32, 32, K, rng=np.random.default_rng(seed))
    n = torch_copy(m)
    trained = [p for p in n.parameters() if p.requires_grad]
    opt_np, opt_t = make_rnnlib_opt(), make_torch_opt(trained)
    order = np.random.default_rng([seed, 1]).permutation(len(train_seqs))
    tensors, diffs = dict(n.named_parameters()), []
    for step in range(steps):
        if lr_change is not None and step == lr_change[0]:
            change_lr(opt_np, opt_t, trained, lr_change[1], rescale)
        step_both(m, n, opt_np, opt_t, order[16 * step:16 * (step + 1)], clip)
        diffs.append(max(rel_diff(tensors[TORCH_NAMES[k]], m.params[k]) for k in TORCH_NAMES))
    return np.array(diffs)


# %% [markdown]
# Five pairs of runs: three optimisers at a constant learning rate, then momentum with the
# learning rate halved on the way, once as it is and once with torch's buffer rescaled.

# %%
LR_STEP = 5   # the learning rate is halved before this step (0-based), in the last two runs

runs = {
    "SGD, lr 0.1": compare_runs(lambda: SGD(0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "SGD, momentum 0.9": compare_runs(lambda: SGD(0.1, momentum=0.9),
                                      lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    "Adam, lr 0.02": compare_runs(lambda: Adam(0.02), lambda ps: torch.optim.Adam(ps, lr=0.02)),
    f"momentum, lr halved before step {LR_STEP + 1}": compare_runs(
        lambda: SGD(0.1, momentum=0.9), lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
        lr_change=(LR_STEP, 0.05)),
    "the same, torch's buffer rescaled": compare_runs(
        lambda: SGD(0.1, momentum=0.9), lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
        lr_change=(LR_STEP, 0.05), rescale=True),
}

# %%
for name, d in runs.items():
    k = int(np.argmin(d < 1e-12)) if (d >= 1e-12).any() else len(d)  # steps agreeing from the start
    print(f"{name:35s} agree to 1e-12 after steps 1-{k} of {len(d)}" if k else
          f"{name:35s} differ from step 1")
changed = runs[f"momentum, lr halved before step {LR_STEP + 1}"]
print(f"with the halved learning rate, the parameters differ by more than 1e-3 (relative) "
      f"from step {LR_STEP + 1} on:", yes((changed[LR_STEP:] > 1e-3).all()))

# %%
fig, ax = plt.subplots(figsize=(8, 4.2))
styles = ("o-", "s-", "^-", "D-", "v--")
for (name, d), style in zip(runs.items(), styles):
    ax.plot(np.arange(1, len(d) + 1), np.maximum(d, 1e-17), style, label=name, ms=5)
ax.axhline(1e-12, color=COLORS["grey"], ls=":", label="the tolerance, 1e-12")
ax.set(yscale="log", title="rnnlib's optimisers against torch's, step by step (float64)",
       xlabel="optimiser step", ylabel="largest relative difference of the parameters",
       xticks=range(1, 11), ylim=(1e-17, 10))
ax.legend(fontsize=8, loc="center left")
plt.show()


# %% [markdown]
# Plain SGD, SGD with momentum and Adam stay at round-off, between about $10^{-16}$ and
# $10^{-14}$, far under the tolerance (the plain SGD, momentum and rescaled curves lie close
# together, under $10^{-14}$; Adam's curve sits a little higher): the same training, run by two
# libraries. With momentum and a learning rate that is halved
# before step 6, the two runs part at once by a large amount: the step right after the change
# is where the conventions differ. Multiplying torch's buffer by
# $\eta_{\text{old}}/\eta_{\text{new}}$ at the change turns it back into rnnlib's velocity, and
# the runs agree again. Neither is wrong; a learning-rate schedule simply means something
# different in the two libraries.
#
# **Clipping.** `torch.nn.utils.clip_grad_norm_` multiplies the gradients by
# $\min(1, \text{max\_norm} / (\text{norm} + 10^{-6}))$; `rnnlib.clip_grad_norm` by
# $\text{max\_norm}/\text{norm}$, and only when $\text{norm} > \text{max\_norm}$. Two gradients
# make the difference visible, one of norm 5 and one just below max_norm = 1:

# %%
def clipped_norms(g, max_norm=1.0):
    """The norm of g after rnnlib's clip_grad_norm and after torch's clip_grad_norm_."""
    ours = np.linalg.norm(clip_grad_norm({"g": g}, max_norm)[0]["g"])
    p = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
    p.grad = t64(g)
    torch.nn.utils.clip_grad_norm_([p], max_norm)
    return ours, torch.linalg.norm(p.grad).item()


# %%
clipped = {}
for g in (np.array([3.0, 4.0]), np.array([0.6, 0.8]) * (1 - 1e-7)):
    ours, theirs = clipped_norms(g)
    clipped[round(float(np.linalg.norm(g)), 7)] = ours, theirs
    print(f"norm {np.linalg.norm(g):.7f} clipped at 1: rnnlib {ours:.7f}, torch {theirs:.7f}")

# %% [markdown]
# A norm of 5 becomes exactly 1 in rnnlib and $5/(5 + 10^{-6}) = 0.9999998$ in torch. A norm of
# $0.9999999$, already below max_norm, is left alone by rnnlib and still scaled by torch, to
# $0.999999$. Tiny numbers, but not round-off: once a step is clipped, two runs that clip can
# part by more than $10^{-12}$ (Exercise 3 runs two of them).

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert agree(per_torch, per_rnnlib)                                   # packed: rnnlib's losses
assert not same[short].any() and same[~short].all()                   # unpacked: padding read
assert all(agree(tensors[n].grad, grads_np[k]) for k, n in TORCH_NAMES.items())
assert tensors["rnn.bias_hh_l0"].grad is None                   # frozen: no gradient at all
assert all((d < 1e-12).all() for d in runs.values() if d is not changed)   # the same training
claim("without the change, every difference is at most about 1e-14 (under 3e-14)",
      all((d < 3e-14).all() for d in runs.values() if d is not changed),
      got=str({name: f"{d.max():.1e}" for name, d in runs.items() if d is not changed}))
claim("without the change, every difference is round-off: under 1e-13",
      all((d < 1e-13).all() for d in runs.values() if d is not changed),
      got=str({name: f"{d.max():.1e}" for name, d in runs.items() if d is not changed}))
claim("Adam's differences reach higher than the other three runs'",
      bool(runs["Adam, lr 0.02"].max() > max(runs[n].max() for n in (
          "SGD, lr 0.1", "SGD, momentum 0.9", "the same, torch's buffer rescaled"))))
claim("plain SGD, momentum and the rescaled run stay under 1e-14",
      all((runs[name] < 1e-14).all() for name in ("SGD, lr 0.1", "SGD, momentum 0.9",
                                                   "the same, torch's buffer rescaled")))
assert (changed[:LR_STEP] < 1e-12).all()                                   # until the change
claim(f"the runs differ by more than 1e-3 from step {LR_STEP + 1} on",
      bool((changed[LR_STEP:] > 1e-3).all()), got=str(np.round(changed, 4)))
n_small = 1 - 1e-7                                  # the norm just below max_norm = 1
assert abs(clipped[5.0][0] - 1) < 1e-12 and abs(clipped[5.0][1] - 5 / (5 + 1e-6)) < 1e-12
assert abs(clipped[n_small][0] - n_small) < 1e-12
assert abs(clipped[n_small][1] - n_small / (n_small + 1e-6)) < 1e-12

# %% [markdown]
# ## 3 · The gated cells: `nn.GRU` and `nn.LSTM`
#
# rnnlib's gated cells (notebook 06) were written in torch's layout on purpose: the gates'
# blocks are stacked in the same order, and the GRU's reset gate sits in the same place. So the
# copy is direct, with one difference for the LSTM (its bias) and none for the GRU:
#
# | | rnnlib | torch |
# |---|---|---|
# | LSTM gate order | i, f, g, o | i, f, g, o |
# | LSTM biases | one `b` (4H,) | `bias_ih_l0 + bias_hh_l0`: copy `b` into one, zeros into the other |
# | GRU gate order | r, z, n | r, z, n |
# | GRU biases | `b_x` and `b_h` (3H,) | `bias_ih_l0` and `bias_hh_l0`: one to one (they cannot be merged: $r_t$ multiplies $b_{hn}$) |
# | GRU candidate | $n_t = \tanh(W_{xn} x_t + b_{xn} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))$ | the same |

# %%
gp = gru_init_params(rng, D, H)
gp["b_x"], gp["b_h"] = rng.normal(0, 0.5, 3 * H), rng.normal(0, 0.5, 3 * H)   # nonzero biases
gru = nn.GRU(D, H, dtype=torch.float64)
with torch.no_grad():
    for name, key in (("weight_ih_l0", "W_x"), ("weight_hh_l0", "W_h"), ("bias_ih_l0", "b_x"),
                      ("bias_hh_l0", "b_h")):
        getattr(gru, name).copy_(t64(gp[key]))

# %% [markdown]
# Forward and backward in both libraries, from section 1's inputs and with the same
# $\partial L/\partial h_t = G_t$:

# %%
x_t, h0_t = t64(x).requires_grad_(), t64(h0)[None].requires_grad_()
out_gru, _ = gru(x_t, h0_t)
h_gru, cache_gru = gru_forward(x, h0, gp)
(out_gru * t64(G)).sum().backward()
dx_gru, dh0_gru, g_gru = gru_backward(G, cache_gru, gp)
gru_ok = {"outputs": agree(out_gru, h_gru), "dx": agree(x_t.grad, dx_gru),
          "dh0": agree(h0_t.grad[0], dh0_gru)}
gru_ok.update({key: agree(getattr(gru, name).grad, g_gru[key]) for name, key in (
    ("weight_ih_l0", "W_x"), ("weight_hh_l0", "W_h"), ("bias_ih_l0", "b_x"), ("bias_hh_l0", "b_h"))})
print("GRU  agrees on", ", ".join(k for k, ok in gru_ok.items() if ok), "|",
      "all:", yes(all(gru_ok.values())))

# %% [markdown]
# The LSTM the same way: rnnlib's one bias goes into `bias_ih_l0` and zeros into `bias_hh_l0`,
# and the cell state $c_0$ comes in beside $h_0$.

# %%
lp = lstm_init_params(rng, D, H)
lp["b"] = rng.normal(0, 0.5, 4 * H)
c0 = rng.normal(size=(B, H))
lstm = nn.LSTM(D, H, dtype=torch.float64)
with torch.no_grad():
    lstm.weight_ih_l0.copy_(t64(lp["W_x"]))
    lstm.weight_hh_l0.copy_(t64(lp["W_h"]))
    lstm.bias_ih_l0.copy_(t64(lp["b"]))
    lstm.bias_hh_l0.zero_()

# %%
x_t, h0_t, c0_t = t64(x).requires_grad_(), t64(h0)[None].requires_grad_(), t64(c0)[None].requires_grad_()
out_lstm, (h_n, c_n) = lstm(x_t, (h0_t, c0_t))
h_lstm, c_lstm, cache_lstm = lstm_forward(x, h0, c0, lp)
(out_lstm * t64(G)).sum().backward()
dx_lstm, dh0_lstm, dc0_lstm, g_lstm = lstm_backward(G, cache_lstm, lp)
lstm_ok = {"outputs": agree(out_lstm, h_lstm), "c_T": agree(c_n[0], c_lstm[-1]),
           "dx": agree(x_t.grad, dx_lstm), "dh0": agree(h0_t.grad[0], dh0_lstm),
           "dc0": agree(c0_t.grad[0], dc0_lstm), "W_x": agree(lstm.weight_ih_l0.grad, g_lstm["W_x"]),
           "W_h": agree(lstm.weight_hh_l0.grad, g_lstm["W_h"]), "b": agree(lstm.bias_ih_l0.grad, g_lstm["b"])}
print("LSTM agrees on", ", ".join(k for k, ok in lstm_ok.items() if ok), "|",
      "all:", yes(all(lstm_ok.values())))


# %% [markdown]
# Both cells agree with rnnlib on outputs and every gradient. The GRU's one subtle convention is
# where the reset gate acts. The GRU paper (Cho et al., 2014) resets the state **before** the
# product, $W_{hn}(r_t \odot h_{t-1})$; torch (like NVIDIA's cuDNN, and rnnlib) resets it
# **after**, $r_t \odot (W_{hn} h_{t-1} + b_{hn})$, which lets the product for all three gates be
# done at once. They are different functions, not two ways of writing one. The control, one step
# of the paper's version with the same weights:

# %%
def gru_step_reset_before(x_t, h_prev, p):
    """One GRU step as the 2014 paper writes it: the reset gate scales h_{t-1} before W_hn."""
    def sig(a):
        return 1 / (1 + np.exp(-a))

    ax, ah = x_t @ p["W_x"].T + p["b_x"], h_prev @ p["W_h"].T + p["b_h"]
    r, z = sig(ax[:, :H] + ah[:, :H]), sig(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + (r * h_prev) @ p["W_h"][2 * H:].T + p["b_h"][2 * H:])
    return (1 - z) * n + z * h_prev


h1_paper = gru_step_reset_before(x[0], h0, gp)
print("reset before the product (the paper) vs after (torch): h_1 differs by more than 1e-3:",
      yes(np.abs(h1_paper - h_gru[0]).max() > 1e-3))

# %% [markdown]
# So when you read a GRU's equations, in a paper or another library, check where $r_t$ goes, and
# whether $z_t$ multiplies the old state (as here) or the candidate (some texts swap $z_t$ and
# $1 - z_t$). The gate order and the place of the reset gate are two of the things a weight copy
# between libraries gets wrong (others: a transposed layout, as in Keras, and split biases); exercise 2 asks you to copy a GRU yourself.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert all(gru_ok.values()) and all(lstm_ok.values())
assert np.abs(h1_paper - h_gru[0]).max() > 1e-3      # the paper's GRU is another function

# %% [markdown]
# ## 4 · Notebook 07's character model, trained in PyTorch
#
# The character-level language model of notebook 07: $D = 32$, $H = 128$, 27 symbols, float32,
# batches of 64 names, Adam with learning rate 0.01 (notebook 07 lowers it to 0.001 over four
# epochs; these 300 steps stay within the first, at 0.01) and gradients clipped at norm 5. In torch it
# is an embedding, an `nn.RNN` and an `nn.Linear` applied at every step. The loss averages over
# the real characters only: the padded positions get the target $-100$, which
# `cross_entropy(..., ignore_index=-100)` leaves out of the sum and out of the count, exactly
# like rnnlib's mask. The padding sits after each name's end, so it cannot change the
# states of the real steps before it, and no packing is needed here.
#
# PyTorch runs the same code on a **GPU** when one is present: `device` below is `cuda` if torch
# finds one, the CPU otherwise; the model and each batch are moved there with `.to(device)`.

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("device:", device)


# %% [markdown]
# The model in torch, and a copy of an rnnlib `CharLM`'s weights into it (the same names as the
# classifier's, `TORCH_NAMES`):

# %%
class TorchCharLM(nn.Module):
    """tokens (T, B) -> logits (T, B, V): rnnlib.CharLM in torch."""

    def __init__(self, V, D, H, dtype=torch.float32):
        super().__init__()
        self.embedding = nn.Embedding(V, D, dtype=dtype)
        self.rnn = nn.RNN(D, H, dtype=dtype)
        self.out = nn.Linear(H, V, dtype=dtype)
        self.rnn.bias_hh_l0.requires_grad_(False)

    def forward(self, tokens):
        h, _ = self.rnn(self.embedding(tokens))
        return self.out(h)


# %%
def torch_lm_copy(lm, dtype):
    net = TorchCharLM(*lm.params["E"].shape, lm.hidden_size, dtype=dtype)
    tensors = dict(net.named_parameters())
    with torch.no_grad():
        for key, name in TORCH_NAMES.items():
            tensors[name].copy_(torch.from_numpy(lm.params[key]))
        net.rnn.bias_hh_l0.zero_()
    return net


# %% [markdown]
# The loss, with the padding's targets set to $-100$, on whatever device the model is:

# %%
def lm_loss(net, inputs, targets, mask):
    """The mean cross-entropy over the real characters (mask 1), on the model's device."""
    where = next(net.parameters()).device
    logits = net(torch.from_numpy(inputs).to(where))
    targets = torch.from_numpy(np.where(mask > 0, targets, -100)).to(where)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                                       ignore_index=-100)


# %% [markdown]
# The training names, shuffled and cut into the batches both libraries will see:

# %%
train_names = load_names("train")
order = np.random.default_rng([SEED, 0]).permutation(len(train_names))
batches = [encode_names([train_names[j] for j in order[i:i + 64]])
           for i in range(0, 300 * 64, 64)]                          # 300 batches of 64 names

# %% [markdown]
# First, exactness: five Adam steps in float64, on the CPU, without clipping, from the same
# weights in both libraries.

# %%
lm64 = CharLM(32, 128, rng=np.random.default_rng(SEED))              # float64
net64 = torch_lm_copy(lm64, torch.float64)
opt_np, opt_t = Adam(0.01), torch.optim.Adam([p for p in net64.parameters() if p.requires_grad], lr=0.01)
tensors = dict(net64.named_parameters())

# %%
exact = []                                                           # per step: do they agree?
for step, (inputs, targets, mask) in enumerate(batches[:5], 1):
    loss_np, g = lm64.loss_and_grads(inputs, targets, mask)
    opt_np.step(lm64.params, g)
    opt_t.zero_grad()
    loss_t = lm_loss(net64, inputs, targets, mask)
    loss_t.backward()
    opt_t.step()
    same = agree(loss_t, loss_np) and all(agree(tensors[n], lm64.params[k]) for k, n in TORCH_NAMES.items())
    print(f"step {step}: loss {loss_np:.3f} nats/char; torch and rnnlib agree (loss and parameters): {yes(same)}")
    exact.append(same)


# %% [markdown]
# The same model, trained the same way, in both libraries. Now the real run, in float32: 300
# steps (about 0.8 of an epoch) in each library, from the same weights, on the same batches,
# each timed. (For time per epoch, each time per step is multiplied by the 373 batches of an
# epoch.)

# %%
def train_rnnlib(lm, batches):
    opt, losses = Adam(0.01), []
    for inputs, targets, mask in batches:
        loss, g = lm.loss_and_grads(inputs, targets, mask)
        opt.step(lm.params, clip_grad_norm(g, 5.0)[0])
        losses.append(loss)
    return np.array(losses)


# %%
def train_torch(net, batches):
    trained = [p for p in net.parameters() if p.requires_grad]
    opt, losses = torch.optim.Adam(trained, lr=0.01), []
    for inputs, targets, mask in batches:
        opt.zero_grad()
        loss = lm_loss(net, inputs, targets, mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 5.0)
        opt.step()
        losses.append(loss.item())              # .item() waits for the device: honest timing
    return np.array(losses)


# %% [markdown]
# One float32 model for rnnlib, its copy for torch on the CPU, and another on the GPU if there is
# one. Then the timed runs, one after the other:

# %%
lm32 = CharLM(32, 128, rng=np.random.default_rng(SEED), dtype=np.float32)
nets = {"torch, cpu": torch_lm_copy(lm32, torch.float32)}
if device.type != "cpu":
    nets[f"torch, {device.type}"] = torch_lm_copy(lm32, torch.float32).to(device)

# %%
t0 = time.perf_counter()
curves = {"rnnlib (numpy), cpu": train_rnnlib(lm32, batches)}
seconds = {"rnnlib (numpy), cpu": time.perf_counter() - t0}
for name, net in nets.items():
    t0 = time.perf_counter()
    curves[name] = train_torch(net, batches)
    seconds[name] = time.perf_counter() - t0

# %% tags=["nbval-ignore-output"]
steps_per_epoch = -(-len(train_names) // 64)
per_epoch = {name: seconds[name] / len(batches) * steps_per_epoch for name in curves}
for name in curves:
    print(f"{name:20s} {1e3 * seconds[name] / len(batches):5.1f} ms per step, "
          f"{per_epoch[name]:5.1f} s per epoch of {steps_per_epoch} steps")

# %% [markdown]
# One run can be lucky. The same comparison from the starting weights of seeds 0-4 (the same
# batches), untimed; for each seed, the gap between the two libraries' losses at every step:

# %%
SEEDS = range(5)
gaps = {}
for s in SEEDS:
    if s == SEED:
        ours, theirs = curves["rnnlib (numpy), cpu"], curves["torch, cpu"]
    else:
        lm_s = CharLM(32, 128, rng=np.random.default_rng(s), dtype=np.float32)
        theirs = train_torch(torch_lm_copy(lm_s, torch.float32), batches)  # copy first: rnnlib
        ours = train_rnnlib(lm_s, batches)                                 # trains lm_s in place
    gaps[s] = np.abs(ours - theirs)

# %%
largest_gap = max(g.max() for g in gaps.values())
batch_swing = np.median(np.abs(np.diff(curves["rnnlib (numpy), cpu"][100:])))  # batch to batch
print("largest gap between the libraries, seeds 0-4, below 0.02 nats/char:", yes(largest_gap < 0.02))
print("and below a fifth of the loss's typical change from one batch to the next:",
      yes(largest_gap < batch_swing / 5))

# %%
library_comparison_figure(curves, gaps, per_epoch, steps_per_epoch)   # rnnlib.bridge_figures
plt.show()

# %% [markdown]
# Left: the two curves of seed 0 lie on top of each other. Middle: the largest difference of
# the two losses up to each step, for the starting weights of seeds 0-4. It starts at float32
# round-off (or exactly 0) and grows, in jumps, at least 100-fold (note the log scale): two
# float32 trainings that round differently drift apart, slowly. The libraries round differently in the last digits
# (they add the same numbers in another order); clipping, the other convention that could part
# them (section 2), would add to that only on a step whose gradient norm exceeds 5. Still, over 300 steps and five seeds the
# gap stays below 0.02 nats per character and below a fifth of the loss's typical change from one
# batch to the next (seed 0's median change after step 100; both printed above).
#
# Right: the time per epoch. torch ran on one thread (set in the set-up cell); numpy's matrix
# products use your machine's default number of threads (one under the project's tests). At this
# size (a batch of 64 names, $H = 128$) torch on a CPU is no great win over numpy: on the
# machine that ran this notebook the two bars are within a factor of 3 of each other (on a busy
# machine they can part further; this section's check cell tells you if yours do). Each step is
# many small operations on matrices of 64 by 128 numbers, a size at which calling an operation
# likely costs about as much as its arithmetic.
# What torch buys here is everything else: autograd instead of hand-written backward passes, the
# GPU when there is one (a third bar appears when the notebook finds one), and, next, training in
# several processes.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert all(exact) and len(exact) == 5              # float64: the same five Adam steps
claim("the float32 runs of rnnlib and torch stay within 0.02 nats/char of each other at every "
      "one of the 300 steps, for seeds 0-4", largest_gap < 0.02, got=f"{largest_gap:.4f}")
claim("the largest gap is below a fifth of the batch-to-batch change of the loss",
      largest_gap < batch_swing / 5, got=f"{largest_gap:.4f} vs {batch_swing:.4f}")
claim("every seed's gap starts at float32 round-off and grows at least 100-fold over the steps",
      all(g[0] < 1e-5 and g.max() > 100 * max(g[:5].max(), 1e-6) for g in gaps.values()),
      got=str({s: f"{g[0]:.1e} -> {g.max():.1e}" for s, g in gaps.items()}))
assert lm32.params["E"].shape == (27, 32) and lm32.params["W_h"].shape == (128, 128)  # 27 symbols
assert len(batches) == 300 and steps_per_epoch == 373                 # 300 steps of 373 an epoch
assert abs(len(batches) / steps_per_epoch - 0.8) < 0.05               # about 0.8 of an epoch
ratio = seconds["torch, cpu"] / seconds["rnnlib (numpy), cpu"]
claim_timing("on the CPU, torch's time per epoch is within a factor of 3 of rnnlib's",
             1 / 3 < ratio < 3, got=f"torch / rnnlib = {ratio:.2f}")

# %% [markdown]
# ## 5 · Beyond one process: `DistributedDataParallel`
#
# **Data-parallel** training runs one copy of the model in each of several processes (on several
# GPUs or machines). Each process, a **rank**, takes its own part of the mini-batch, computes
# the loss and its gradients on that part, and then all ranks **average** their gradients
# (an *all-reduce*) before each takes the same optimiser step, so the copies stay identical.
# With equal parts and a loss that is a mean, the average of the parts' gradients *is* the
# gradient of the mean loss on the combined batch: the training is the same as in one process
# with the whole batch, only spread out. `torch.nn.parallel.DistributedDataParallel` (DDP) wraps
# a model to do the averaging during `backward()`.
#
# The processes must first find each other: a **rendezvous**. Rank 0 serves a small key-value
# store at `MASTER_ADDR:MASTER_PORT`; every rank connects to it and learns how to reach the
# others; the **backend** then carries the all-reduce (`gloo` on CPUs, `nccl` between GPUs).
# Here: two ranks on this machine, `gloo`, and everything on the loopback address `127.0.0.1`,
# so nothing is reachable from the network.
#
# A new process cannot use the functions of this notebook (they live in this kernel only), and
# on Colab nothing lies beside the notebook. So the worker is a small script, written below as a
# string; the next cell saves it, with the data, to a fresh temporary folder, and the cells after
# that start it twice.

# %%
WORKER = r"""
# One rank of data-parallel training. Reads RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT from
# the environment (rank 0 also LISTEN_FD: the store's socket, already listening) and the folder
# of data.npz from argv; writes rank<RANK>.npz there.
import gc
import os
import sys
from datetime import timedelta

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.nn.utils.rnn import pack_padded_sequence


class TorchClassifier(nn.Module):  # the notebook's class, section 2
    def __init__(self, V, D, H, K):
        super().__init__()
        self.embedding = nn.Embedding(V, D, dtype=torch.float64)
        self.rnn = nn.RNN(D, H, dtype=torch.float64)
        self.out = nn.Linear(H, K, dtype=torch.float64)
        self.rnn.bias_hh_l0.requires_grad_(False)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embedding(tokens), lengths, enforce_sorted=False)
        return self.out(self.rnn(packed)[1][0])


def one_step(folder, rank, world):  # this rank's part of one SGD step, saved to rank<RANK>.npz;
    # the model and its DDP wrapper, which hold the process group, are freed on return
    with np.load(os.path.join(folder, "data.npz")) as data:
        data = dict(data)
    model = TorchClassifier(*(int(n) for n in data["sizes"]))
    model.load_state_dict({k: torch.from_numpy(data[k]) for k in model.state_dict()})
    ddp = DistributedDataParallel(model)                   # averages gradients in backward()
    mine = np.array_split(np.arange(len(data["labels"])), world)[rank]  # this rank's part
    logits = ddp(torch.from_numpy(data["tokens"][:, mine]), torch.from_numpy(data["lengths"][mine]))
    loss = nn.functional.cross_entropy(logits, torch.from_numpy(data["labels"][mine]))
    loss.backward()
    trained = [(k, p) for k, p in model.named_parameters() if p.requires_grad]
    grads = {"grad." + k: p.grad.numpy().copy() for k, p in trained}
    torch.optim.SGD([p for _, p in trained], lr=0.1).step()
    after = {"param." + k: p.detach().numpy() for k, p in trained}
    np.savez(os.path.join(folder, f"rank{rank}.npz"), loss=loss.item(), rows=len(mine),
             **grads, **after)


def main(folder):
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    addr, port = os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"])
    torch.set_num_threads(1)
    timeout = timedelta(seconds=60)
    if rank == 0:  # the rendezvous store, served on the socket the notebook opened on MASTER_ADDR
        # (handing TCPStore a socket of our own, master_listen_fd, needs torch 2.8 or later)
        store = dist.TCPStore(addr, port, world, True, timeout=timeout,
                              master_listen_fd=int(os.environ["LISTEN_FD"]))
    else:
        store = dist.TCPStore(addr, port, world, False, timeout=timeout)
    dist.init_process_group("gloo", store=store, rank=rank, world_size=world, timeout=timeout)
    try:
        one_step(folder, rank, world)
        gc.collect()                 # nothing that holds the process group outlives the step
        dist.barrier()               # every rank has finished before any rank leaves
    finally:
        dist.destroy_process_group()
    # Leave at once: the work is saved and the group is gone, so Python's and torch's exit-time
    # clean-up is skipped. On rare runs a rank that had finished its step aborted on the way
    # out ("terminate called without an active exception") and failed the run.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])
"""

# %%
WORLD = 2                                             # number of processes (ranks)
BATCH = 16                                            # the combined mini-batch
folder = tempfile.mkdtemp(prefix="unrolled-ddp-")     # a fresh folder (not printed: it is yours)
script = os.path.join(folder, "ddp_worker.py")
with open(script, "w", encoding="utf-8") as f:
    f.write(WORKER)

batch = np.random.default_rng([SEED, 2]).permutation(len(train_seqs))[:BATCH]
tokens, lengths = pad_sequences([train_seqs[i] for i in batch])
ddp_model = rnnlib.ManyToOneClassifier(V, 32, 32, K, rng=np.random.default_rng(SEED))
start = torch_copy(ddp_model).state_dict()            # the weights every rank starts from
np.savez(os.path.join(folder, "data.npz"), sizes=np.array([V, 32, 32, K]), tokens=tokens,
         lengths=lengths, labels=train_labels[batch], **{k: v.numpy() for k, v in start.items()})

# %% [markdown]
# Now the two processes. The notebook opens the store's port itself, on `127.0.0.1`, and hands the
# open socket to rank 0 (`pass_fds`, `LISTEN_FD`): the usual recipe, ask the system for a free
# port, close it and let rank 0 open it again, leaves a moment in which another program can take
# that port, and then the rendezvous fails. Each rank's output is kept and shown if it fails.

# %%
listener = socket.create_server(("127.0.0.1", 0))   # the store's port: free, loopback only,
port = listener.getsockname()[1]                      # and held open until rank 0 serves on it
env = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port),
       "WORLD_SIZE": str(WORLD), "OMP_NUM_THREADS": "1", "LISTEN_FD": str(listener.fileno())}
loopback = [name for _, name in socket.if_nameindex() if name.startswith("lo")]
if loopback:                                          # gloo's own connections: loopback only
    env["GLOO_SOCKET_IFNAME"] = loopback[0]           # ("lo" on Linux, "lo0" on macOS)

# %% [markdown]
# The two ranks start, rank 0 with the open socket; the notebook waits for both, at most two
# minutes in all, and stops any rank still running after that:

# %%
with listener:                                        # rank 0 inherits the open socket
    procs = [subprocess.Popen([sys.executable, script, folder], env={**env, "RANK": str(rank)},
                              pass_fds=(listener.fileno(),) if rank == 0 else (),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for rank in range(WORLD)]
    deadline, logs = time.monotonic() + 120, []
    try:
        for p in procs:
            logs.append(p.communicate(timeout=max(1.0, deadline - time.monotonic()))[0])
    except subprocess.TimeoutExpired:
        pass                                          # a rank hangs: stopped below, log kept
    finally:                                          # whatever happened: no process left behind
        for p in procs[len(logs):]:
            p.kill()
            logs.append(p.communicate()[0])

# %%
codes = [p.returncode for p in procs]
print("return codes:", codes, "| every process has ended:", yes(all(p.poll() is not None for p in procs)))
if codes != [0] * WORLD:                              # show what each rank said
    raise RuntimeError("\n".join(f"rank {r}:\n{log[-3000:]}" for r, log in enumerate(logs)))

# %% [markdown]
# Each rank saved its loss, its averaged gradients and its parameters after the step:

# %%
ranks = []
for r in range(WORLD):
    with np.load(os.path.join(folder, f"rank{r}.npz")) as saved:
        ranks.append(dict(saved))
print("rows per rank:", [int(r["rows"]) for r in ranks])

# %% [markdown]
# Both processes ran and ended. Now the same step in this one process, on the combined batch of
# 16 sentences: its loss is the mean over all 16, its gradients are those of that mean.

# %%
single = torch_copy(ddp_model)
trained = [(k, p) for k, p in single.named_parameters() if p.requires_grad]
loss = nn.CrossEntropyLoss()(single(torch.from_numpy(tokens), torch.from_numpy(lengths)),
                             torch.from_numpy(train_labels[batch]))
loss.backward()
one_grads = {k: p.grad.clone() for k, p in trained}
torch.optim.SGD([p for _, p in trained], lr=0.1).step()

# %% [markdown]
# And the two ranks against the one process:

# %%
equal_parts = len({int(r["rows"]) for r in ranks}) == 1
grads_equal = all(agree(r["grad." + k], one_grads[k]) for r in ranks for k in one_grads)
params_equal = all(agree(r["param." + k], p) for r in ranks for k, p in trained)
mean_loss = np.mean([float(r["loss"]) for r in ranks])
part_losses = ", ".join(f"{float(r['loss']):.4f}" for r in ranks)
print(f"loss of each rank's part: {part_losses}; their mean {mean_loss:.4f}; "
      f"one process on all {BATCH}: {loss.item():.4f}")
print("every rank's averaged gradient equals the one-process gradient (1e-12):", yes(grads_equal))
print("every rank's parameters after the step equal the one-process step (1e-12):", yes(params_equal))
if not equal_parts:
    print(f"the parts have unequal sizes {[int(r['rows']) for r in ranks]}: DDP averages the "
          f"parts' mean losses with equal weights, which is not the mean over all {BATCH}")

# %%
import shutil

shutil.rmtree(folder)                                 # the temporary folder and its files
print("temporary folder removed:", yes(not os.path.exists(folder)))

# %% [markdown]
# The two ranks saw different sentences and computed different losses, yet after the all-reduce
# each holds exactly the gradient of one process on the whole batch, to round-off in float64, and
# after the step the same parameters: data-parallel training is the same training, spread out.
#
# **On several machines** the training code stays the same (the model, DDP, the loss, the step);
# what changes is how the processes start and find each other. (The notebook opens rank 0's store
# socket and the worker builds the store by hand only to keep it on `127.0.0.1` with no race for
# the port; with a launcher, `init_process_group(backend)` alone does the rendezvous.)
#
# - A launcher starts the processes: `torchrun --nnodes=2 --nproc-per-node=4 --node-rank=0
#   --master-addr=10.0.0.1 --master-port=29500 train.py` on each machine (with its own
#   `--node-rank`); it sets `RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `MASTER_ADDR` and `MASTER_PORT`,
#   and `init_process_group(backend)` reads them (the default `env://` rendezvous).
# - `MASTER_ADDR` is rank 0's machine, at an address the other machines can reach (not
#   `127.0.0.1`), on a port the firewall lets through.
# - Each rank reads its own share of the data set: `torch.utils.data.DistributedSampler` hands
#   each rank a different part of every epoch (call `sampler.set_epoch(epoch)` so the shuffle
#   changes between epochs).
# - On GPUs the backend is `nccl`, one process per GPU: `model.to(local_rank)` and
#   `DistributedDataParallel(model, device_ids=[local_rank])`.
# - The effective batch is the per-rank batch times the number of ranks; the learning rate that
#   suits it may change with it.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert codes == [0] * WORLD and all(p.poll() is not None for p in procs)
assert equal_parts == (BATCH % WORLD == 0)                  # as shipped: 16 sentences, 2 ranks
assert not equal_parts or (grads_equal and params_equal)   # the identity behind DDP
assert not os.path.exists(folder)                           # nothing left behind

# %% [markdown]
# ## Try it
#
# - **Batch first, forgotten.** In a new cell, call `rnn_bf(t64(x))` with the time-major `x` (no transpose, no `h0`): it runs. What did it compute, with which T and B? Now pass `h0` too: when does torch notice?
# - **A schedule.** In section 2, set `LR_STEP = 2` (the learning rate halves before step 3), or use `momentum=0.5` in the last two runs: by how much do the runs part? Does rescaling always bring them back?
# - **float32.** In a new cell, copy rnnlib's weights into a fresh `nn.RNN` as in section 1 (the `rnn` of section 1 has taken an SGD step since), make it float32 with `.float()`, and repeat the forward comparison with `t64(x).float()` and `t64(h0)[None].float()`: how large is `rel_diff` now, and what tolerance would you use?
# - **Three ranks.** Set `WORLD = 3` in section 5: the 16 sentences split 6, 5, 5. Do the gradients still equal the one-process gradient? Then set `BATCH = 15` (5 sentences each), and explain both answers.
# - **Another seed.** Set `SEED = 1` in the setup cell and run everything: which statements still hold?

# %% [markdown]
# ## Summary
#
# - `torch.nn.RNN`, `nn.GRU` and `nn.LSTM` hold rnnlib's matrices in rnnlib's layout (`weight_ih_l0` = $W_x$ (H, D), `weight_hh_l0` = $W_h$); with the weights copied, outputs and autograd's gradients equal rnnlib's to round-off in float64.
# - torch has **two biases** where rnnlib's vanilla cell and LSTM have one: copy $b$ into one and zeros into the other, and freeze the second for training (each bias receives the full gradient, so two of them learn twice as fast). The GRU's two biases are not a sum: $r_t$ multiplies $b_{hn}$.
# - **Layouts**: rnnlib and torch's RNNs are time-major (T, B, D) by default; `batch_first=True` means (B, T, D). **Padding**: rnnlib masks, torch packs (`pack_padded_sequence`); without either, padding changes the result.
# - **Optimisers**: SGD, SGD with momentum and Adam take the same steps, as long as the learning rate is constant; with a schedule, torch's momentum buffer must be rescaled to follow rnnlib's velocity. `clip_grad_norm_` divides by norm + 1e-6.
# - **Devices**: `.to(device)` moves a model and its data; the same code runs on a CPU or a GPU. At the size of notebook 07's model, torch on one CPU thread is neither much faster nor much slower than numpy (within a factor of 3 here): its gains are autograd, GPUs and scale.
# - **Data parallelism**: with equal parts and a mean loss, DDP's averaged gradients equal one process's gradient on the combined batch; the rendezvous (`MASTER_ADDR`, `MASTER_PORT`), the backend and the launcher are what change between one machine and many.
#
# **Recall questions** (answer them without scrolling up):
#
# 1. Which torch tensors hold $W_x$, $W_h$ and $b$ of rnnlib's vanilla cell, and with which shapes?
# 2. Why does an `nn.RNN` with two trainable biases not train like rnnlib's cell, even with the same weights and the same optimiser?
# 3. What does `pack_padded_sequence` do for a many-to-one classifier, and what happens without it?
# 4. With momentum, why do rnnlib and torch take the same steps while the learning rate is constant, and different ones after it changes?
# 5. Two ranks of DDP each compute the mean loss of 8 sentences. Why is their averaged gradient the gradient of the mean loss on all 16, and when would it not be?

# %% [markdown]
# ## Exercises
#
# Each exercise ends with a self-check that tells you what is wrong, or ✅ when you are right.
# Replace the `None` placeholders and run the cell. The worked answers are in **Solutions** below.

# %% [markdown]
# ### Exercise 1 (easy): batch first
#
# `nb08.ex1_input()` is an input in rnnlib's layout (T, B, D) = (3, 2, 4); its entry
# $(t, b, d)$ is $100t + 10b + d$, so you can read where every number came from. Give the same
# data in the layout that `nn.RNN(..., batch_first=True)` expects (a numpy array or a tensor).

# %%
x_ex1 = nb08.ex1_input()
print("x (T, B, D) =", x_ex1.shape, "\n", x_ex1[:, :, 0], "<- x[:, :, 0]: rows t, columns b")
x_bf = None   # x_ex1 in the layout (B, T, D)

passed = nb08.check_batch_first(x_bf)

# %% [markdown]
# ### Exercise 2 (medium): copy a GRU by hand
#
# `nb08.ex2_gru_params()` returns the parameters of an rnnlib GRU cell with $D = 3$ and
# $H = 4$. Make a float64 `nn.GRU` and copy them into it, so that it computes exactly the same
# function. (Section 3 has the table; try it without looking.)

# %%
p_ex2 = nb08.ex2_gru_params()
print({k: v.shape for k, v in p_ex2.items()})
gru_ex2 = None   # an nn.GRU(3, 4, dtype=torch.float64) holding p_ex2

passed = nb08.check_gru_copy(gru_ex2)

# %% [markdown]
# ### Exercise 3 (harder): why do the two runs part?
#
# The cell below trains the classifier in both libraries side by side, as in section 2: SGD with
# momentum 0.9, a learning rate of 0.1 that never changes, and gradients clipped at norm 1. For
# the first steps the two runs agree to round-off; then they part. Which convention is
# responsible? Change one setting of `compare_runs` at a time to find out, then answer with one
# letter:

# %%
for letter, text in nb08.EX3_OPTIONS.items():
    print(f"({letter}) {text}")
diffs_ex3 = compare_runs(lambda: SGD(0.1, momentum=0.9),
                         lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), clip=1.0)
print("the parameters agree to 1e-12 after step:",
      " ".join(f"{s}:{yes(d < 1e-12)}" for s, d in enumerate(diffs_ex3, 1)))
convention = None   # one letter

passed = nb08.check_convention(convention)

# %% [markdown] tags=["solution"]
# ## Solutions
#
# **Stop here and try the exercises first**: a solution read before you have struggled
# teaches much less. In JupyterLab the solutions' code is folded: click the dots (or the
# bar left of a cell) to open it.

# %% [markdown] tags=["solution"]
# **Exercise 1.** Swap the first two axes: `transpose(1, 0, 2)` for numpy (`permute(1, 0, 2)`
# or `transpose(0, 1)` for a tensor). `reshape(2, 3, 4)` gives the right shape with the numbers
# in the wrong places.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
x_bf = x_ex1.transpose(1, 0, 2)
print(x_bf[:, :, 0], "<- x_bf[:, :, 0]: rows b, columns t")
passed = nb08.check_batch_first(x_bf)
assert passed

# %% [markdown] tags=["solution"]
# **Exercise 2.** The four arrays go over as they are: torch's GRU has rnnlib's gate order and
# the reset gate in the same place. The outputs then agree with `gru_forward`'s.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
gru_ex2 = nn.GRU(nb08.EX2_D, nb08.EX2_H, dtype=torch.float64)
with torch.no_grad():
    gru_ex2.weight_ih_l0.copy_(t64(p_ex2["W_x"]))
    gru_ex2.weight_hh_l0.copy_(t64(p_ex2["W_h"]))
    gru_ex2.bias_ih_l0.copy_(t64(p_ex2["b_x"]))
    gru_ex2.bias_hh_l0.copy_(t64(p_ex2["b_h"]))
x_check = rng.normal(size=(4, 2, nb08.EX2_D))
with torch.no_grad():
    out_check, _ = gru_ex2(t64(x_check))
print("outputs equal rnnlib's gru_forward:",
      yes(agree(out_check, gru_forward(x_check, np.zeros((2, nb08.EX2_H)), p_ex2)[0])))
passed = nb08.check_gru_copy(gru_ex2)
assert passed

# %% [markdown] tags=["solution"]
# **Exercise 3.** Turn clipping off in both runs: they agree at every step. With clipping, they
# agree to 1e-12 for steps 1-7 and part at step 8. Only a step whose gradient norm reaches about
# 1 can part them: below $1 - 10^{-6}$ neither library touches the gradient; above it torch
# scales by $1/(\text{norm} + 10^{-6})$ and rnnlib (from 1 on) by $1/\text{norm}$, which differ
# by about $10^{-6}/\text{norm}$ relative.
# The learning rate never changes (so not **b**), and a summed loss or other initial weights
# would show at the first step (not **a** or **d**).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
no_clip = compare_runs(lambda: SGD(0.1, momentum=0.9),
                       lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), clip=None)
print("without clipping, the runs agree after every step:", yes((no_clip < 1e-12).all()))
claim("with clipping the runs agree to 1e-12 for steps 1-7 and part at step 8",
      bool((diffs_ex3[:7] < 1e-12).all() and (diffs_ex3[7:] >= 1e-12).all()),
      got=" ".join(f"{d:.0e}" for d in diffs_ex3))
convention = "c"
passed = nb08.check_convention(convention)
assert passed

# %% [markdown]
# ## Next
#
# ⬅️ **Back to the map: [00 · Start here](00_start_here.ipynb)** ([open on Colab](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/00_start_here.ipynb))
#
# This is the last notebook of the series. From here, the same models are a few lines of
# PyTorch, and you know what each line computes.
#
# Further reading:
#
# - PyTorch documentation, `torch.nn.RNN`, `torch.nn.GRU`, `torch.nn.LSTM`: the equations and the weight layouts used above.
# - PyTorch tutorial, "Getting Started with Distributed Data Parallel": DDP, `torchrun` and the rendezvous, step by step.
# - Li et al. (2020), "PyTorch Distributed: Experiences on Accelerating Data Parallel Training", *VLDB*: how DDP overlaps the all-reduce with the backward pass.
# - Cho et al. (2014), "Learning Phrase Representations using RNN Encoder-Decoder for Statistical Machine Translation", *EMNLP*: the GRU, with the reset gate before the product.
# - Paszke et al. (2019), "PyTorch: An Imperative Style, High-Performance Deep Learning Library", *NeurIPS*: autograd and the design of the library.
