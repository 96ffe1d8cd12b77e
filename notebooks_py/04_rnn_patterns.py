# %% [markdown]
# # 04 · Four RNN patterns: one to many, many to one, encoder–decoder, sequence to sequence
#
# So far one recurrent cell, $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$, has read a sentence and
# given one answer at the end. The same cell can be wired in other ways: it can **write** a
# sentence from a single vector, **translate** one sequence into another of a different length,
# or give an answer **at every step**. The lecture names four such patterns. In this notebook
# you build all four from the same `rnnlib` step, train each one on a small task in a few
# seconds, and see exactly which steps take an input, which give an output, and where the loss
# is measured.
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/04_rnn_patterns.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/unrolled-rnn/unrolled/main?labpath=notebooks%2F04_rnn_patterns.ipynb)

# %% [markdown]
# ## What you'll learn
#
# - **Tell apart** the four RNN patterns by where the inputs go in, where the outputs come out and where the loss is measured.
# - **Train** a caption writer (vector to sequence) and **sample** captions from it at different temperatures.
# - **Train** a spam filter (sequence to vector) and **measure** it on messages it has never seen.
# - **Build** an encoder–decoder that translates number words into digits, with teacher forcing and greedy decoding, and **look inside** its context vector.
# - **Forecast** airline passengers one month ahead at every step (sequence to sequence), **compare** the forecast with three simple baselines, and **measure** how many past months the network really uses.
# - **Report** a trained result as the spread of five runs, not as the number of one.

# %% [markdown]
# ## Before you start
#
# - **Notebook 02**: word indices, embeddings, the cell $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$, the output layer and the softmax.
# - **Notebook 03**: the cross-entropy and mean squared error losses, backpropagation through time, and training: epochs, mini-batches, the Adam optimiser, gradient clipping, a held-out test set and overfitting. Here `rnnlib` computes the gradients for us.
# - **numpy**: arrays, shapes, the matrix product `@`.
# - **Runtime**: every model here is trained five times (seeds 0 to 4), each run in a second or two; the README lists the run time of each notebook.

# %% [markdown]
# ## Setup
#
# The first cell installs `rnnlib` when the notebook runs on Colab and does nothing anywhere else.

# %%
import sys

if "google.colab" in sys.modules:  # on Colab: install rnnlib (elsewhere: already installed)
    # %pip install -q "rnnlib @ git+https://github.com/unrolled-rnn/unrolled@main"

# %%
from collections import Counter

from IPython.display import display

from rnnlib.claims import claim, claim_close
from rnnlib.data import (SCENES, SPAM_LABELS, caption_task, forecast_windows,
                         load_airline_passengers, load_spam, number_translation, scene_captions,
                         scene_vector)
from rnnlib.diagrams import PATTERNS, draw_all_patterns, draw_pattern
from rnnlib.exercises import nb04
from rnnlib.forecast_study import forecast_figure, linear_forecast, memory_figure, memory_profile
from rnnlib.pattern_explorer import wiring_explorer
from rnnlib.plots import COLORS, heatmap
from rnnlib.seq2seq import EncoderDecoder, VectorToSequence
from rnnlib.training_reports import seed_curves, seed_table, show_shapes
from rnnlib.widgets import dropdown, int_slider, interactive_figure

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
# ## 1 · One cell, four ways to wire it
#
# Every model in this notebook is built from the same step, $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$,
# repeated along a sequence with the **same weights at every step**. What changes from one
# pattern to the next is only the wiring around the chain of steps: at which steps an input goes
# in, at which steps an output comes out, and so at which steps the loss is measured.
#
# | pattern | inputs | outputs (and loss) | lecture's example | our task in this notebook |
# |---|---|---|---|---|
# | vector to sequence (one to many) | one vector, at the start | a token at every step | image captioning | a scene vector → "two red circles" |
# | sequence to vector (many to one) | a token at every step | one answer, after the last step | spam classifier | a text message → spam or not spam |
# | encoder–decoder (many to many) | the whole source, then the decoder's own outputs | a token at every decoder step | translation | "three hundred twelve" → "3 1 2" |
# | sequence to sequence (many to many, aligned) | a value at every step | a value at every step, one per input | price forecasting | airline passengers → next month's, every month |
#
# **A warning about names.** The lecture calls two patterns "many to many" and keeps the name
# *sequence to sequence* for the aligned one, with one output per input. Much of the literature,
# starting with the paper "Sequence to Sequence Learning" (Sutskever et al., 2014), says
# *sequence to sequence* (or *seq2seq*) for the **encoder–decoder**. We follow the lecture; when
# you read "seq2seq" elsewhere, check which of the two is meant.
#
# Choose a pattern and the number of input and output steps: the explorer prints where the inputs
# go in, where the outputs come out and where the loss is measured, and its diagram shows only the
# active inputs (blue), hidden states (orange) and outputs (green).

# %%
draw = wiring_explorer()    # draw(kind, T_in, T_out): print the wiring, show the diagram
display(interactive_figure(
    draw, kind=dropdown("pattern", [(PATTERNS[k][0], k) for k in PATTERNS], "encoder_decoder"),
    T_in=int_slider("input steps T_in", 1, 6, 3), T_out=int_slider("output steps T_out", 1, 6, 2)))

# %% [markdown]
# The static companion: all four patterns side by side, three steps in and three out.

# %%
draw_all_patterns()
plt.show()

# %% [markdown]
# Look at where the green boxes are: at every step (one to many, sequence to sequence), only at
# the end (many to one), or only after the context $c$ (encoder–decoder), whose decoder feeds each
# output back in as its next input (dashed arrows).

# %% [markdown]
# All four models below have the same two methods: `loss_and_grads(...)`, which runs the model
# forward, measures the loss where the pattern says, runs backpropagation through time and returns
# every gradient, and a method that predicts. So **one training loop trains them all**
# (`rnnlib.fit`, the loop of notebook 03): cut the data into mini-batches, and for each batch ask
# for the gradients, clip them (notebook 05 explains why) and let Adam update the weights. Only
# `new_model` (the untrained model), `batches` (what one batch holds), `evaluate` (what to
# measure after each epoch), and how long and how fast to train (`epochs`, `lr`) change from one
# pattern to the next: `train_from_seed` below takes them as arguments.
#
# **Five runs, not one.** Notebook 03 showed that one training run is not a measurement: another
# random start and another order of the mini-batches give another result. So every model in this
# notebook is trained five times, from the seeds in `SEEDS` (0 to 4 as shipped): the same data,
# different initial weights, a different order of the mini-batches. The text quotes the spread of
# the five runs; the training log and the close-up analyses show the first run (seed `SEED`).
#
# Read the log with one detail in mind: `batch_loss` is the mean over the epoch's mini-batches,
# measured *while* the weights change, whereas the held-out numbers (`test_...`) are measured once,
# at the end of the epoch. That is why, in the first epoch, the test loss can be lower than the
# training loss. Three helpers of `rnnlib.training_reports` show what we get: `show_shapes` prints
# the arrays of one mini-batch and the parameters; `seed_table` prints one number per seed and their
# median; `seed_curves` draws the training curves of the five runs, a dot per seed and a line
# through the medians.

# %%
SEEDS = [SEED + i for i in range(5)]    # 0..4 as shipped: every model is trained five times


def train_from_seed(seed, new_model, batches, evaluate, *, epochs, lr, log_every=None):
    """A new model, trained from seed: new_model(rng) draws its initial weights, then Adam with
    the gradient norm clipped at 5 (rnnlib.fit) trains it epoch by epoch, in a random batch order.

    batches(rng) -> the argument tuples of model.loss_and_grads, one per mini-batch;
    evaluate(model) -> a dict of numbers measured after each epoch. Returns the model and its
    history, key -> array per epoch ("batch_loss": the mean loss of the epoch's mini-batches).
    log_every: print a line every so many epochs (None: quiet).
    """
    run_rng = np.random.default_rng(seed)
    model = new_model(run_rng)
    history = rnnlib.fit(model, batches, rnnlib.Adam(lr=lr), epochs=epochs, rng=run_rng,
                         evaluate=evaluate, clip_norm=5.0, log_every=log_every)
    return model, {key: np.array(values) for key, values in history.items()}


# %% [markdown]
# ## 2 · Vector to sequence: writing a caption for a scene
#
# **The task.** In image captioning (Vinyals et al., 2015) a convolutional network turns a photo
# into one vector, and an RNN writes the caption word by word from that vector. We keep the
# pattern and replace the photo by a vector that *describes* a small scene: how many shapes
# (1 to 4), their colour (6 colours) and their kind (5 shapes), each as a one-hot block, in this
# order: count 1, 2, 3, 4 | red, green, blue, yellow, purple, orange | circle, square, triangle,
# star, heart. That makes $F = 4 + 6 + 5 = 15$ numbers per scene. The caption is a short phrase
# such as "two red circles". Some scenes have two right captions: one shape is "one …" or "a …"
# ("an orange …"), two are "two …" or "a pair of …".
#
# There are 120 different scenes. We hold out 24 of them: the model never sees them while it
# learns, so captioning them correctly means it has learned to *combine* count, colour and shape,
# not to memorise 120 phrases.

# %%
order = rng.permutation(len(SCENES))
held_out_scenes = [SCENES[i] for i in order[:24]]
seen_scenes = [SCENES[i] for i in order[24:]]
v_train, captions_train, _ = caption_task(1500, rng, scenes=seen_scenes)
v_test, captions_test, _ = caption_task(300, rng, scenes=held_out_scenes)

# %%
print(f"{len(SCENES)} scenes: {len(seen_scenes)} to learn from, {len(held_out_scenes)} held out")
print(f"v_train: shape {v_train.shape} = (N, F): N examples, F numbers per scene vector\n")
print(f"{'count':>7} | {'colour':>11} | {'shape':>9}   caption")
for v, caption in zip(v_train[:5], captions_train[:5]):
    count, colour, shape = (" ".join(map(str, part)) for part in np.split(v.astype(int), [4, 10]))
    print(f"{count} | {colour} | {shape}   {caption!r}")

# %% [markdown]
# The decoder writes one word per step, so it needs a vocabulary of words, plus two special tokens
# beyond `<pad>` and `<unk>`: **`<start>`**, the input of the first step (there is no previous word
# yet), and **`<end>`**, the last word of every caption, so that the model learns when to stop.

# %%
START, END = "<start>", "<end>"
caption_words = rnnlib.Vocabulary.build(captions_train).words[2:]   # [2:]: without <pad>, <unk>
cap_vocab = rnnlib.Vocabulary([rnnlib.PAD, rnnlib.UNK, START, END, *caption_words])
START_ID, END_ID = cap_vocab.index(START), cap_vocab.index(END)
print(f"V = {len(cap_vocab)}: {cap_vocab.words}")


# %%
def with_end(texts, vocab):
    """Each text's word ids followed by <end>, padded: targets (T, B) and lengths (B,)."""
    return rnnlib.pad_sequences([vocab.encode(t) + [vocab.index(END)] for t in texts])


y_train, len_train = with_end(captions_train, cap_vocab)
y_test, len_test = with_end(captions_test, cap_vocab)
print(f"y_train: shape {y_train.shape} = (T, N), lengths from {len_train.min()} to {len_train.max()}")


# %% [markdown]
# **The model.** The scene vector $v$ does not enter as an input word: it sets the **initial hidden
# state**, and from there the cell runs as usual. At step $t$ its input is the embedding of the
# word written at step $t-1$ (`<start>` at step 1):
#
# $$h_0 = \tanh(W_v\, v + b_v), \qquad h_t = \tanh\big(W_x\, E[y_{t-1}] + W_h\, h_{t-1} + b\big), \qquad
# p(y_t) = \mathrm{softmax}(W_o\, h_t + b_o).$$
#
# **Teacher forcing.** During training, which word should the decoder read at step $t$: the one it
# just wrote (perhaps wrong), or the right one? We give it the **right** previous word. Then every
# step gets a useful lesson even while the model is still bad, and all steps can be computed in one
# `rnn_forward` call. So the decoder's inputs are the targets shifted one step to the right, with
# `<start>` in front; the targets end with `<end>`:

# %%
def new_captioner(rng):
    """An untrained caption writer: a scene vector (F = 15) in, words out; D = 8, H = 80."""
    return VectorToSequence(input_size=15, vocab_size=len(cap_vocab), embed_dim=8, hidden_size=80,
                            rng=rng, start_id=START_ID, end_id=END_ID)


captioner = new_captioner(np.random.default_rng(SEED))
print(captioner)

# %%
example, example_len = with_end(["two red circles"], cap_vocab)       # (T, B) = (4, 1)
reads = captioner.decoder_inputs(example)
print(f"{'step t':>6}  {'reads y_(t-1)':>14}  {'must write y_t':>14}")
for t, (x_id, y_id) in enumerate(zip(reads[:, 0], example[:, 0]), start=1):
    print(f"{t:>6}  {cap_vocab.words[x_id]:>14}  {cap_vocab.words[y_id]:>14}")

# %% [markdown]
# Here is the lecture's diagram of the pattern, with this example's length: one vector in,
# $T_\text{out} = 4$ words out (three words and `<end>`). Our captioner differs from it in two
# details, both in the equations above: the vector enters through $h_0$ rather than as an input
# $x$ at step 1, and each step also reads the word written before it (the dashed arrows of the
# encoder–decoder diagram in section 1). The pattern is the same: one vector in, an output at
# every step.

# %%
draw_pattern("one_to_many", T_out=int(example_len[0]))
plt.show()

# %% [markdown]
# Each of the four green outputs is a probability distribution over the $V$ words, and each adds a
# cross-entropy term to the loss. Now the shapes of one mini-batch of $B = 8$ scenes, and of the
# parameters. Captions have different lengths, so the mini-batch is padded with `<pad>` to its
# longest caption, and a **mask** (1 on a real target, 0 on padding) keeps the padding out of the
# loss: the loss is the mean cross-entropy over the targets where the mask is 1.

# %%
batch = np.arange(32, 40)                      # 8 scenes whose captions have different lengths
T_b = int(len_train[batch].max())             # the longest caption of the batch, <end> included
logits, cache = captioner.forward(v_train[batch], y_train[:T_b, batch])
h_0, _ = captioner.initial_state(v_train[batch])
mask = rnnlib.length_mask(len_train[batch], T_b, dtype=int)       # 1 where t < the length

# %%
show_shapes(captioner, [
    ("v", v_train[batch], "(B, F): one scene vector per example"),
    ("h_0", h_0, "(B, H): tanh(W_v v + b_v), the vector as the first memory"),
    ("decoder input", captioner.decoder_inputs(y_train[:T_b, batch]),
     "(T, B): <start>, then the previous true word"),
    ("h", cache.h, "(T, B, H): the hidden state at every step"),
    ("logits", logits, "(T, B, V): a score for every word at every step"),
    ("targets", y_train[:T_b, batch], "(T, B): loss on every real word, <end> included"),
    ("mask", mask, "(T, B): 1 on a real target, 0 on padding"),
])
print("\ncaption lengths:", len_train[batch], "\nmask:\n", mask)


# %% [markdown]
# **Training.** A training mini-batch holds 32 scene vectors, their captions (cut to the longest
# one) and their lengths, from which `loss_and_grads` builds the mask. After each epoch we also
# caption every seen scene and every held-out scene **greedily** (the most probable word at each
# step, fed back in as the next input) and count how many captions are right.

# %%
def caption_right(model, scenes):
    """The fraction of scenes whose greedy caption is one of their right captions."""
    v = np.array([scene_vector(s) for s in scenes])
    written = model.generate(v, max_len=6)           # 6: the longest caption, 5 words + <end>
    return float(np.mean([" ".join(cap_vocab.decode(ids)) in scene_captions(s)
                          for ids, s in zip(written, scenes)]))


# %%
def caption_batches(rng):
    """Mini-batches of 32: (v, targets cut to the batch's longest caption, lengths)."""
    return [(v_train[i], y_train[:len_train[i].max(), i], len_train[i])
            for i in rnnlib.minibatches(len(v_train), 32, rng)]


def caption_eval(model):
    """Loss on the 300 held-out captions; greedy captions of the seen and held-out scenes."""
    logits, _ = model.forward(v_test, y_test)
    mask = rnnlib.length_mask(len_test, len(y_test))                  # as above
    return {"test_loss": rnnlib.softmax_cross_entropy(logits, y_test, mask)[0],
            "train_acc": caption_right(model, seen_scenes),
            "test_acc": caption_right(model, held_out_scenes)}


# %%
caption_training = dict(new_model=new_captioner, batches=caption_batches, evaluate=caption_eval,
                        epochs=10, lr=0.01)
captioner, caption_history = train_from_seed(SEED, **caption_training, log_every=3)


# %% [markdown]
# That is one run. Now the other four seeds, and a table of what they reach: the first epoch after
# which every one of the 96 seen scenes is captioned right, and how many of the 24 held-out scenes
# are right after the last epoch.

# %%
def held_out_mistakes(model):
    """(scene, caption written) for every held-out scene whose greedy caption is wrong."""
    written = model.generate(np.array([scene_vector(s) for s in held_out_scenes]), max_len=6)
    captions = [" ".join(cap_vocab.decode(ids)) for ids in written]
    return [(s, c) for s, c in zip(held_out_scenes, captions) if c not in scene_captions(s)]


def only_shape_wrong(scene, caption):
    """True if caption is a right caption of scene with only its last word (the shape) changed."""
    return any(caption.split()[:-1] == right.split()[:-1] for right in scene_captions(scene))


# %%
caption_runs = ([(captioner, caption_history)]
                + [train_from_seed(s, **caption_training) for s in SEEDS[1:]])
histories = [h for _, h in caption_runs]
all_seen_at = np.array([np.argmax(h["train_acc"] == 1.0) + 1 if h["train_acc"].max() == 1.0
                        else 0 for h in histories])              # 0: never
mistakes = [held_out_mistakes(model) for model, _ in caption_runs]
held_right = np.array([24 - len(m) for m in mistakes])

# %%
seed_table({"first epoch with every seen scene right": (all_seen_at, "d"),
            "seen scenes right at the end (of 96)": ([round(h["train_acc"][-1] * 96)
                                                      for h in histories], "d"),
            "held-out scenes right at the end (of 24)": (held_right, "d"),
            "  mistakes with only the shape wrong": ([sum(only_shape_wrong(*m) for m in ms)
                                                      for ms in mistakes], "d")}, SEEDS)

# %%
fig, axes = seed_curves(histories, "Vector to sequence: the caption writer, 5 seeds",
                        {"train": "96 seen scenes", "test": "24 held-out scenes"},
                        {"loss": "cross-entropy per word (nats)",
                         "acc": "fraction of scenes captioned right"})
axes[1].set_ylim(0, 1.03)
plt.show()

# %% [markdown]
# Each dot is one seed, the line the median of the five. On the 96 seen scenes every run reaches
# 100 % within 3 to 5 epochs and is at 100 % again at the end. On the 24 held-out scenes, which no run trained on,
# the five runs end with 17 to 22 right (median 21): most, not all, and the held-out curves wobble
# from epoch to epoch, in steps of 1/24 (one scene). The held-out loss falls too, though it ends
# higher than the training loss: what the model learned carries over, mostly, to combinations it
# never saw. The held-out
# captions of the first run, one by one:

# %%
written = captioner.generate(np.array([scene_vector(s) for s in held_out_scenes]), max_len=6)
n_right = 0
for scene, ids in zip(held_out_scenes, written):
    caption = " ".join(cap_vocab.decode(ids))
    ok = caption in scene_captions(scene)
    n_right += ok
    print(f"{str(scene):28} -> {caption:24} {'right' if ok else 'WRONG'}")
print(f"\nheld-out scenes captioned right: {n_right} of {len(held_out_scenes)}")


# %% [markdown]
# Most of the scenes the model never saw get a right caption: it has learned to say the count, the
# colour and the shape, in that order, with the plural after a count of two or more. Its mistakes
# are mostly of one kind: over the five runs, 16 of the 19 wrong held-out captions have the count and the
# colour right and only the shape wrong (the table above), as "one red heart" for one red square
# here: the last word, the shape, is where the combinations that were never seen go wrong.

# %% [markdown]
# ### Sampling with a temperature
#
# Greedy decoding always writes the most probable word, so a scene always gets the same caption.
# To get variety, **sample** each word from the model's distribution instead. A **temperature**
# $\tau$ (often written $T$; we use $\tau$ because $T$ is already the number of steps) reshapes
# that distribution before sampling:
#
# $$p_i(\tau) = \frac{e^{z_i/\tau}}{\sum_j e^{z_j/\tau}} .$$
#
# $\tau = 1$ is the model's own distribution; $\tau < 1$ sharpens it (toward greedy, which is the
# limit $\tau \to 0$); $\tau > 1$ flattens it, so unlikely words get picked more often.
#
# Take the first word of a caption: the captioner computes $h_0$ from the scene, takes one step
# reading `<start>`, and scores every word with $z = W_o h_1 + b_o$:

# %%
def first_word_logits(scene):
    """The logits z (V,) of the first word of a caption of one scene."""
    p = captioner.params
    h_0, _ = captioner.initial_state(scene_vector(scene)[None])                # (1, H)
    x_1 = p["E"][[START_ID]]                                                    # (1, D): <start>
    h_1, _ = rnnlib.rnn_step_forward(x_1, h_0, {k: p[k] for k in ("W_x", "W_h", "b")})
    return (h_1 @ p["W_o"].T + p["b_o"])[0]                                    # (V,)


# %% [markdown]
# We pick, among the seen scenes of two shapes, the one where the model is most torn between its
# two right first words, "two" and "a" (pair of), and compare its probabilities at three
# temperatures:

# %%
two_ids = [cap_vocab.index("two"), cap_vocab.index("a")]


def two_or_a_gap(scene):
    """|p("two") - p("a")| for the first word: 0 when the model is torn between them."""
    p = rnnlib.softmax(first_word_logits(scene))
    return abs(p[two_ids[0]] - p[two_ids[1]])


twos = [s for s in seen_scenes if s[0] == 2]        # the seen scenes of two shapes
scene = min(twos, key=two_or_a_gap)
first_logits = first_word_logits(scene)
top = np.argsort(first_logits)[::-1][:6]                        # the 6 most likely first words

# %%
temperatures = (0.5, 1.0, 1.5)
first_p = {tau: rnnlib.softmax(first_logits / tau) for tau in temperatures}
wrong_mass = {tau: 1 - first_p[tau][two_ids].sum() for tau in temperatures}

# %%
print(f"scene {scene}: right captions {scene_captions(scene)}")
for tau in temperatures:
    print(f"tau = {tau}: " + "  ".join(f"{cap_vocab.words[i]!r} {first_p[tau][i]:.3f}"
                                      for i in top))
print("probability of a wrong first word: " + ", ".join(f"tau {tau}: {m:.1e}"
                                                         for tau, m in wrong_mass.items()))

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True)
words = [cap_vocab.words[i] for i in top]
lowest = min(first_p[tau][top].min() for tau in temperatures)
for ax, tau in zip(axes, temperatures):
    ax.bar(words, first_p[tau][top], color=[COLORS["green"]] * 2 + [COLORS["grey"]] * 4)
    ax.set(title=rf"$\tau$ = {tau}", xlabel="first word", yscale="log", ylim=(lowest / 5, 3))
    ax.grid(axis="x", visible=False)
axes[0].set_ylabel("probability (log scale)")
fig.suptitle(f"The first word of a caption for “{scene_captions(scene)[0]}”: green = right, "
             f"grey = wrong", fontweight="bold")
plt.show()

# %% [markdown]
# The two right first words (green) share almost all the probability at every temperature. The
# wrong words (grey) together get less than 1 chance in 100 000 at $\tau = 0.5$, but more than 1 in
# 100 at $\tau = 1.5$ (the exact values are printed above): on a log scale the temperature lifts
# them by orders of magnitude, so sampling hot writes more mistakes.

# %% [markdown]
# Now sample whole captions: `generate(..., temperature=tau, rng=...)` draws each word from
# $p(\tau)$ and feeds it back in (`temperature=None` is greedy). First four captions for this
# scene at each temperature, then 480 captions for all the seen scenes, to count how many are right
# and how many are different:

# %%
sample_rng = np.random.default_rng(SEED)    # its own generator: the samples are reproducible
v_scene = np.repeat(scene_vector(scene)[None], 4, axis=0)     # the same scene, four times
print(f"four captions for {scene}:")
for tau in (None, *temperatures):
    written = captioner.generate(v_scene, max_len=6, temperature=tau, rng=sample_rng)
    captions = [" ".join(cap_vocab.decode(ids)) for ids in written]
    print(f"{'greedy' if tau is None else f'tau = {tau}':>10}: {' | '.join(captions)}")

# %%
many = [s for s in seen_scenes for _ in range(5)]            # every seen scene, five times
v_many = np.array([scene_vector(s) for s in many])
stats = {}                                    # tau -> (fraction right, number of different captions)
for tau in (None, *temperatures):
    written = captioner.generate(v_many, max_len=6, temperature=tau, rng=sample_rng)
    captions = [" ".join(cap_vocab.decode(ids)) for ids in written]
    right = np.mean([c in scene_captions(s) for c, s in zip(captions, many)])
    stats[tau] = (float(right), len(set(captions)))

# %%
print(f"{len(many)} captions (the {len(seen_scenes)} seen scenes, five times each):")
print(f"{'':>10}  {'right':>6}  {'different captions':>18}")
for tau, (right, distinct) in stats.items():
    print(f"{'greedy' if tau is None else f'tau = {tau}':>10}  {right:6.1%}  {distinct:18d}")

# %% [markdown]
# Greedy decoding writes one caption per scene and never uses the second phrasing. Sampling at
# $\tau = 0.5$ already mixes "two" and "a pair of"; at $\tau = 1$ the captions follow the model's
# own probabilities, which for our scene are about half and half, like the training captions (each
# phrasing was drawn with equal chance); at $\tau = 1.5$ there are the most different captions,
# and more of them are wrong. That is the trade-off every text generator makes: low temperature
# is safe and repetitive, high temperature is varied and error-prone.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert len(SCENES) == 120 and v_train.shape == (1500, 15) and v_test.shape == (300, 15)
assert not set(held_out_scenes) & set(seen_scenes)
assert scene_captions((2, "red", "circle")) == ("two red circles", "a pair of red circles")
assert np.flatnonzero(scene_vector((2, "red", "circle"))).tolist() == [1, 4, 10]   # the order above
assert (START_ID, END_ID) == (2, 3)
assert all(w in cap_vocab for c in captions_test for w in c.split())   # no unknown word
assert y_train.shape == (6, 1500) and len_train.max() == 6              # "a pair of red circles <end>"
assert reads[:, 0].tolist() == [START_ID, *example[:-1, 0]]
assert cap_vocab.decode(example[:, 0]) == ["two", "red", "circles", END]
H = captioner.params["W_h"].shape[0]           # the hidden size
assert logits.shape == (T_b, 8, len(cap_vocab)) and cache.h.shape == (T_b, 8, H)
assert captioner.params["W_v"].shape == (H, 15)
assert mask.sum(axis=0).tolist() == len_train[batch].tolist() and not mask.all()
assert all(24 - len(m) == round(h["test_acc"][-1] * 24) for m, h in zip(mistakes, histories))
claim("every seed captions all 96 seen scenes right within 3 to 5 epochs, and at the end",
      bool(all_seen_at.min() >= 3 and all_seen_at.max() <= 5)
      and all(h["train_acc"][-1] == 1.0 for h in histories), got=f"epochs {all_seen_at}")
claim("17 to 22 of the 24 held-out scenes right, median 21",
      (held_right.min(), held_right.max(), np.median(held_right)) == (17, 22, 21),
      got=f"{held_right}")
claim("every seed's held-out accuracy drops at some epoch (the curves wobble)",
      all(np.any(np.diff(h["test_acc"]) < 0) for h in histories))
claim("for every seed the held-out loss falls, and ends above the training loss",
      all(h["batch_loss"][-1] < h["test_loss"][-1] < h["test_loss"][0] for h in histories),
      got=str([(round(h["batch_loss"][-1], 3), round(h["test_loss"][-1], 3)) for h in histories]))
n_mistakes, n_shape = sum(map(len, mistakes)), sum(only_shape_wrong(*m) for ms in mistakes for m in ms)
claim("16 of the 19 held-out mistakes of the five runs have only the shape wrong",
      (n_shape, n_mistakes) == (16, 19), got=f"{n_shape} of {n_mistakes}")
assert n_right == held_right[0]                  # the same model as the first run above
claim("the first run captions 20 of the 24 held-out scenes right", n_right == 20,
      got=f"{n_right} of 24")
assert all(abs(p.sum() - 1) < 1e-12 for p in first_p.values())    # distributions
claim("the two most likely first words are 'two' and 'a'",
      {cap_vocab.words[i] for i in top[:2]} == {"two", "a"},
      got=f"{cap_vocab.words[top[0]]!r} and {cap_vocab.words[top[1]]!r}")
claim("a wrong first word has probability below 1e-5 at tau 0.5 and between 0.01 and 0.1 at 1.5",
      bool(wrong_mass[0.5] < 1e-5 and 0.01 < wrong_mass[1.5] < 0.1),
      got=f"{wrong_mass[0.5]:.1e} and {wrong_mass[1.5]:.1e}")
assert stats[None][1] <= len(seen_scenes)        # greedy: at most one caption per scene
claim("greedy captions every seen scene right, with one caption per scene",
      stats[None] == (1.0, len(seen_scenes)), got=f"{stats[None]}")
claim("fewer right captions and more different ones as tau rises",
      stats[0.5][0] >= stats[1.0][0] > stats[1.5][0]
      and stats[None][1] < stats[0.5][1] < stats[1.0][1] < stats[1.5][1],
      got=str(stats))

# %% [markdown]
# ## 3 · Sequence to vector: a spam filter
#
# **The task.** The lecture's example of many to one: read a message one word at a time and answer
# once, at the end: spam or not spam. `rnnlib` ships 400 short text messages written for this
# project, half of them spam, with a fixed split: 320 to train on and 80 held out.

# %%
spam_train_texts, spam_train_y = load_spam("train")
spam_test_texts, spam_test_y = load_spam("test")

# %%
print(f"{len(spam_train_texts)} training and {len(spam_test_texts)} test messages; "
      f"labels {SPAM_LABELS}")
for label in (1, 0):
    for text in [t for t, y in zip(spam_train_texts, spam_train_y) if y == label][:3]:
        print(f"{SPAM_LABELS[label]:>9}: {text}")

# %% [markdown]
# Words that occur only once in the training messages (phone numbers, rare words) are left out of
# the vocabulary (`min_count=2`), so they become `<unk>`. That way `<unk>` appears in training and
# gets a useful embedding, and a word the model has never seen, in a test message, becomes that
# same `<unk>`.

# %%
spam_vocab = rnnlib.Vocabulary.build(spam_train_texts, min_count=2)
train_ids = [spam_vocab.encode(t) for t in spam_train_texts]
test_ids = [spam_vocab.encode(t) for t in spam_test_texts]
unknown = np.mean([i == rnnlib.UNK_ID for ids in test_ids for i in ids])
print(f"V = {len(spam_vocab)} words; {unknown:.0%} of the test words are <unk>")


# %%
def new_spam_filter(rng):
    """An untrained spam filter: D = 16, H = 32, K = 2 classes."""
    return rnnlib.ManyToOneClassifier(vocab_size=len(spam_vocab), embed_dim=16, hidden_size=32,
                                      num_classes=2, rng=rng)


spam_filter = new_spam_filter(np.random.default_rng(SEED))
print(spam_filter)

# %% [markdown]
# $$x_t = E[w_t], \qquad h_t = \tanh(W_x x_t + W_h h_{t-1} + b), \qquad
# p(\text{spam}) = \mathrm{softmax}(W_o h_T + b_o)_{\text{spam}} .$$
#
# This is the sentiment model of notebook 02 with two classes. The diagram, for one real message of
# eight words:

# %%
message = "Win a tablet every hour! Text WIN now"
message_words = rnnlib.tokenize(message)
print(f"{message!r} -> {len(message_words)} steps: {message_words}")

# %%
draw_pattern("many_to_one", T_in=len(message_words))
plt.show()

# %% [markdown]
# An input at every step, one output and one loss after the last step: the answer is read from
# $h_T$ alone, so everything the filter needs must be carried forward in the hidden state. The
# shapes for a padded mini-batch of 12 messages:

# %%
tokens, lengths = rnnlib.pad_sequences(train_ids[:12])
logits, cache = spam_filter.forward(tokens, lengths)
h_last = rnnlib.last_step(cache.h, lengths)      # message b's state at step lengths[b]
show_shapes(spam_filter, [
    ("tokens", tokens, "(T, B): word ids, <pad> after each message's end"),
    ("lengths", lengths, "(B,): the real length of each message"),
    ("x = E[tokens]", spam_filter.params["E"][tokens], "(T, B, D): the embeddings"),
    ("h", cache.h, "(T, B, H): every hidden state"),
    ("h_T", h_last, "(B, H): each message's state at its own last word"),
    ("logits", logits, "(B, K): one score per class, the only output; the loss is here"),
])


# %% [markdown]
# Training: mini-batches of 12 messages, padded to their longest one; after each epoch, the loss
# and the accuracy on the 80 held-out messages, and the accuracy on all 320 training messages.

# %%
def spam_batches(rng):
    """Mini-batches of 12 messages: (tokens padded to the longest, lengths, labels)."""
    out = []
    for i in rnnlib.minibatches(len(train_ids), 12, rng):
        tokens, lengths = rnnlib.pad_sequences([train_ids[j] for j in i])
        out.append((tokens, lengths, spam_train_y[i]))
    return out


def spam_eval(model):
    """Held-out loss and accuracy, and the accuracy on all 320 training messages."""
    _, train_acc = rnnlib.evaluate_classifier(model, train_ids, spam_train_y)
    test_loss, test_acc = rnnlib.evaluate_classifier(model, test_ids, spam_test_y)
    return {"test_loss": test_loss, "train_acc": train_acc, "test_acc": test_acc}


# %%
spam_training = dict(new_model=new_spam_filter, batches=spam_batches, evaluate=spam_eval,
                     epochs=10, lr=0.005)
spam_filter, spam_history = train_from_seed(SEED, **spam_training, log_every=2)
spam_runs = ([(spam_filter, spam_history)]
             + [train_from_seed(seed, **spam_training) for seed in SEEDS[1:]])

# %%
fig, axes = seed_curves([h for _, h in spam_runs], "Sequence to vector: the spam filter, 5 seeds",
                        {"train": "320 training messages", "test": "80 held-out messages"},
                        {"loss": "cross-entropy (nats)", "acc": "fraction right"})
axes[1].set_ylim(0.5, 1.02)
plt.show()


# %% [markdown]
# The training loss falls to a few thousandths and every seed ends with all 320 training messages right. The
# held-out curves are jumpy: with only 80 messages, one message moves the accuracy by 1.25 points,
# and a few confidently wrong answers move the mean loss a lot. And the held-out loss stops falling
# after a few epochs and ends higher than its lowest point, while the training loss keeps falling:
# the filter has started to memorise its 320 messages. (Choosing the epoch with the lowest held-out
# loss would make these 80 messages part of the training decisions, no longer held out: that choice
# needs a third set of messages, a *validation* set, as in notebook 03.)

# %%
def confusion(model):
    """The held-out confusion matrix (rows: true not spam, spam) and the predictions."""
    predicted = model.predict(*rnnlib.pad_sequences(test_ids))
    return rnnlib.confusion_matrix(spam_test_y, predicted, 2), predicted


matrices = [confusion(model)[0] for model, _ in spam_runs]
C, predicted = confusion(spam_filter)
spam_acc = np.trace(C) / 80

# %%
seed_table({"held-out accuracy": ([np.trace(C) / 80 for C in matrices], ".3f"),
            "accuracy on the training messages": ([h["train_acc"][-1] for _, h in spam_runs], ".3f"),
            "false alarms (everyday -> spam)": ([C[0, 1] for C in matrices], "d"),
            "missed spam (spam -> everyday)": ([C[1, 0] for C in matrices], "d")}, SEEDS)

# %%
print(f"seed {SEED}: held-out accuracy {spam_acc:.1%} of {len(spam_test_y)} messages\n")
print(f"{'':>18}{'predicted not spam':>20}{'predicted spam':>16}")
for label, row in zip(SPAM_LABELS, C):
    print(f"{'true ' + label:>18}{row[0]:>20}{row[1]:>16}")

# %% [markdown]
# Over the five seeds the filter is right on 87.5 % to 91.25 % of the held-out messages (median
# 90 %), and for every seed most of its mistakes are false alarms, everyday messages taken for spam
# (4 to 9 of them, against 1 to 3 missed spam messages). To read the mistakes of the first run,
# count in how many training messages of each class a word appears, and list the words of each
# mistake that appear in at least three times as many spam messages as everyday ones, as *word
# spam/everyday* ("now 49/8": 49 training spam messages and 8 everyday ones contain "now"):

# %%
spam_count = Counter(w for t, y in zip(spam_train_texts, spam_train_y) if y == 1
                     for w in set(rnnlib.tokenize(t)))   # word -> training spam messages with it
other_count = Counter(w for t, y in zip(spam_train_texts, spam_train_y) if y == 0
                      for w in set(rnnlib.tokenize(t)))  # word -> everyday messages with it


def spam_like(text):
    """The words of text found in at least 3 times as many training spam messages as others."""
    words = dict.fromkeys(rnnlib.tokenize(text))         # each word once, in order
    return [w for w in words if spam_count[w] >= 3 * max(other_count[w], 1)]


# %%
false_alarms = []
for text, y, p in zip(spam_test_texts, spam_test_y, predicted):
    if y != p:
        print(f"{SPAM_LABELS[y]} taken for {SPAM_LABELS[p]}: {text}")
        print("    spam-like words: " + ", ".join(
            f"{w} {spam_count[w]}/{other_count[w]}" for w in spam_like(text)))
        if y == 0:
            false_alarms.append(text)


# %% [markdown]
# Every false alarm contains at least one word that is at least three times as common in the
# training spam as in everyday messages, most often "your", "now" or "our": the filter seems to lean on
# such words. But the spam it lets through contains some too, so single words are not the whole
# story: the filter reads the mix and the order of the words, and 320 messages are few to learn
# that from.
#
# Only the last hidden state is read, but we can ask what the filter *would* answer after every
# word, by applying the output layer to every $h_t$:

# %%
def p_spam_after_each_word(text):
    """p(spam) if the filter answered after word t, for every t: (T,)."""
    tokens, lengths = rnnlib.encode_batch(spam_vocab, [text])
    _, cache = spam_filter.forward(tokens, lengths)
    logits = cache.h[:, 0] @ spam_filter.params["W_o"].T + spam_filter.params["b_o"]  # (T, K)
    return rnnlib.softmax(logits)[:, 1]


def swing(text):
    """How far p(spam) moves while the message is read: its largest minus its smallest value."""
    p_spam = p_spam_after_each_word(text)
    return p_spam.max() - p_spam.min()


# %%
# of the held-out spam and everyday messages, the one whose running answer swings the most
held_out_spam = [t for t, y in zip(spam_test_texts, spam_test_y) if y == 1]
held_out_everyday = [t for t, y in zip(spam_test_texts, spam_test_y) if y == 0]
examples = {"a held-out spam message": max(held_out_spam, key=swing),
            "a held-out everyday message (not spam)": max(held_out_everyday, key=swing)}
running = {title: p_spam_after_each_word(text) for title, text in examples.items()}

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, (title, text) in zip(axes, examples.items()):
    words, p_spam = rnnlib.tokenize(text), running[title]
    ax.plot(range(1, len(words) + 1), p_spam, "o-", color=COLORS["vermillion"])
    ax.plot(len(words), p_spam[-1], "o", ms=12, mfc="none", color="black")
    ax.axhline(0.5, color=COLORS["grey"], lw=1, ls="--")
    ax.set_xticks(range(1, len(words) + 1), words, rotation=60, ha="right")
    ax.set(title=title, xlabel="word read", ylim=(-0.02, 1.02))
axes[0].set_ylabel("p(spam) if it stopped here")
fig.suptitle("Sequence to vector: only the last answer (circled) counts", fontweight="bold")
plt.show()

# %% [markdown]
# These are the two held-out messages (one spam, one not) on which the running answer swings the
# most; read each one along its horizontal axis. The hidden state changes its mind as words
# arrive, but only the circled value at the last word is the filter's answer, and only there is
# the loss measured during training. Here the everyday message is one of the first run's false
# alarms, and its last word decides it.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert np.bincount(spam_train_y).tolist() == [160, 160]
assert np.bincount(spam_test_y).tolist() == [40, 40]
assert len(message_words) == 8 and message in spam_train_texts
assert logits.shape == (12, 2) and h_last.shape == (12, 32)
assert C.sum() == 80 and spam_acc == spam_history["test_acc"][-1]
accs = np.array([np.trace(M) / 80 for M in matrices])
claim("every seed ends with all training messages right",
      all(h["train_acc"][-1] == 1.0 for _, h in spam_runs))
claim("held-out accuracy 0.875 to 0.912, median 0.900",
      (accs.min(), accs.max(), np.median(accs)) == (0.875, 0.9125, 0.9), got=f"{accs}")
claim("more false alarms than missed spam for every seed", all(M[0, 1] > M[1, 0] for M in matrices),
      got=str([(M[0, 1], M[1, 0]) for M in matrices]))
alarms, missed = [M[0, 1] for M in matrices], [M[1, 0] for M in matrices]
claim("4 to 9 false alarms and 1 to 3 missed spam messages over the seeds",
      (min(alarms), max(alarms), min(missed), max(missed)) == (4, 9, 1, 3), got=f"{alarms}, {missed}")
claim("for every seed the held-out loss ends above its lowest value",
      all(h["test_loss"][-1] > h["test_loss"].min() for _, h in spam_runs))
lowest_at = [int(np.argmin(h["test_loss"])) + 1 for _, h in spam_runs]
claim("the held-out loss stops falling after a few epochs: lowest by epoch 6 of 10, every seed",
      max(lowest_at) <= 6, got=f"epochs {lowest_at}")
claim("the training loss falls to a few thousandths (below 0.01) for every seed",
      all(h["batch_loss"][-1] < 0.01 for _, h in spam_runs),
      got=str([round(h["batch_loss"][-1], 4) for _, h in spam_runs]))
assert len(false_alarms) == C[0, 1]
claim("every false alarm of this run contains a spam-like word",
      all(spam_like(text) for text in false_alarms),
      got=f"{sum(not spam_like(t) for t in false_alarms)} without one")
in_alarms = Counter(w for text in false_alarms for w in spam_like(text)).most_common()
claim('"your", "now" and "our" are the spam-like words found in most false alarms',
      {w for w, _ in in_alarms[:3]} == {"your", "now", "our"} and in_alarms[3][1] < in_alarms[2][1],
      got=str(in_alarms[:4]))
claim("some spam the filter lets through contains spam-like words too",
      any(spam_like(t) for t, y, p in zip(spam_test_texts, spam_test_y, predicted) if y > p))
claim("both running answers swing by more than 0.5", all(swing(t) > 0.5 for t in examples.values()),
      got=", ".join(f"{swing(t):.2f}" for t in examples.values()))
everyday = running["a held-out everyday message (not spam)"]
claim("the everyday message ends as a false alarm, decided at its last word",
      bool(everyday[-1] > 0.5 > everyday[-2]))

# %% [markdown]
# ## 4 · Encoder–decoder: translating number words into digits
#
# **The task.** Translation maps a sentence to a sentence of a *different* length, in another
# vocabulary. Our toy version: English number words to digits, "three hundred twelve" → "3 1 2".
# The source has 1 to 4 words, the target 1 to 3 digits, and the lengths do not match word for
# word ("twelve" becomes two digits, "hundred" becomes none), so an aligned sequence-to-sequence
# model cannot do it. `number_translation` draws all 1000 numbers from 0 to 999 in a seeded random
# order; we learn from the first 800 and hold out the last 200.

# %%
sources, targets, numbers = number_translation(1000, rng)
N_TRAIN = 800
src_vocab = rnnlib.Vocabulary.build(sources[:N_TRAIN])
tgt_vocab = rnnlib.Vocabulary([rnnlib.PAD, rnnlib.UNK, START, END, *"0123456789"])

# %%
print(f"source vocabulary: V = {len(src_vocab)} words; target vocabulary: V = {len(tgt_vocab)}")
for s, t in zip(sources[:5], targets[:5]):
    print(f"  {s!r:28} -> {t!r:8} ({len(s.split())} words -> {len(t.split())} digits)")

# %%
src, src_len = rnnlib.encode_batch(src_vocab, sources)       # (T_src, N), (N,)
tgt, tgt_len = with_end(targets, tgt_vocab)                    # (T_tgt, N), (N,): digits + <end>
train_idx, test_idx = np.arange(N_TRAIN), np.arange(N_TRAIN, 1000)
unseen = sorted({w for s in sources[N_TRAIN:] for w in s.split() if w not in src_vocab})

# %%
print(f"src {src.shape} = (T_src, N), tgt {tgt.shape} = (T_tgt, N); "
      f"sources of {src_len.min()} to {src_len.max()} words, "
      f"targets of {tgt_len.min() - 1} to {tgt_len.max() - 1} digits (+ <end>)")
print(f"source words only in held-out numbers (they become <unk>): {unseen}")


# %% [markdown]
# **The model.** Two RNNs with their own weights. The **encoder** reads the source words
# $w_1, \dots, w_{T_\text{src}}$ and keeps only its last hidden state, the **context** $c$. The
# **decoder** starts from $s_0 = c$ (we write $s_t$ for its hidden states, to tell them from the
# encoder's $h_t$) and writes the target exactly like the caption writer of section 2, reading its
# previous token:
#
# $$h_t = \tanh\big(W_x^{\text{enc}} E_\text{src}[w_t] + W_h^{\text{enc}} h_{t-1} + b^{\text{enc}}\big),
# \qquad c = h_{T_\text{src}},$$
# $$s_0 = c, \qquad s_t = \tanh\big(W_x^{\text{dec}} E_\text{tgt}[y_{t-1}] + W_h^{\text{dec}} s_{t-1} + b^{\text{dec}}\big),
# \qquad p(y_t) = \mathrm{softmax}(W_o s_t + b_o).$$
#
# The context is the only bridge: whatever the decoder knows about the source, it knows from $c$.

# %%
def new_translator(rng):
    """An untrained encoder-decoder: D = 16, H = 48 in both halves."""
    return EncoderDecoder(src_vocab_size=len(src_vocab), tgt_vocab_size=len(tgt_vocab),
                          embed_dim=16, hidden_size=48, rng=rng, start_id=START_ID, end_id=END_ID)


translator = new_translator(np.random.default_rng(SEED))
print(translator)

# %% [markdown]
# Training uses teacher forcing again; the decoder's inputs and targets for "three hundred twelve":

# %%
example_src, example_src_len = rnnlib.encode_batch(src_vocab, ["three hundred twelve"])
example_tgt, example_tgt_len = with_end(["3 1 2"], tgt_vocab)
dec_in = translator.decoder_inputs(example_tgt)
print("encoder reads: ", src_vocab.decode(example_src[:, 0]))
print("decoder reads: ", tgt_vocab.decode(dec_in[:, 0]))
print("decoder writes:", tgt_vocab.decode(example_tgt[:, 0]))

# %%
draw_pattern("encoder_decoder", T_in=len(example_src), T_out=len(example_tgt))
plt.show()

# %% [markdown]
# Three encoder steps without outputs or losses, the context $c$, then four decoder steps, each with
# an output and a loss term; $T_\text{in} = 3$ and $T_\text{out} = 4$ differ, which is the point of
# the pattern. The shapes for a mini-batch of 32 (training uses mini-batches of 64; the parameters of the
# two halves are prefixed `enc_` and `dec_`):

# %%
batch = train_idx[:32]
T_s, T_t = int(src_len[batch].max()), int(tgt_len[batch].max())
logits, cache = translator.forward(src[:T_s, batch], src_len[batch], tgt[:T_t, batch])
show_shapes(translator, [
    ("src", src[:T_s, batch], "(T_src, B): source word ids"),
    ("c", cache.context, "(B, H): the encoder's last real hidden state, the context"),
    ("decoder input", translator.decoder_inputs(tgt[:T_t, batch]), "(T_tgt, B): <start>, previous digits"),
    ("logits", logits, "(T_tgt, B, V_tgt): a score per token at every decoder step"),
    ("targets", tgt[:T_t, batch], "(T_tgt, B): loss on every real digit and on <end>"),
])


# %% [markdown]
# We measure the **exact-match accuracy**: a translation counts only if every digit is right and it
# stops at the right place. It is decoded **greedily**: start from $s_0 = c$ and `<start>`, write the
# most probable token, feed it back in as the next input, stop at `<end>`. At test time there is no
# teacher: the decoder reads its own outputs.

# %%
def exact_match(model, idx):
    """The fraction of the numbers idx whose greedy translation is exactly right."""
    written = model.predict(src[:, idx], src_len[idx], max_len=5)
    return float(np.mean([" ".join(tgt_vocab.decode(ids)) == targets[i]
                          for ids, i in zip(written, idx)]))


def translation_batches(rng):
    """Mini-batches of 64: (sources, their lengths, targets with <end>, their lengths)."""
    out = []
    for i in rnnlib.minibatches(N_TRAIN, 64, rng):
        b = train_idx[i]
        out.append((src[:src_len[b].max(), b], src_len[b], tgt[:tgt_len[b].max(), b], tgt_len[b]))
    return out


# %%
def translation_eval(model):
    """Held-out loss; exact match on 200 training numbers (to save time) and on the 200 held out."""
    logits, _ = model.forward(src[:, test_idx], src_len[test_idx], tgt[:, test_idx])
    mask = rnnlib.length_mask(tgt_len[test_idx], len(tgt))                  # real targets
    return {"test_loss": rnnlib.softmax_cross_entropy(logits, tgt[:, test_idx], mask)[0],
            "train_acc": exact_match(model, train_idx[:200]), "test_acc": exact_match(model, test_idx)}


# %%
translation_training = dict(new_model=new_translator, batches=translation_batches,
                            evaluate=translation_eval, epochs=25, lr=0.01)
translator, translation_history = train_from_seed(SEED, **translation_training, log_every=5)
translation_runs = ([(translator, translation_history)]
                    + [train_from_seed(s, **translation_training) for s in SEEDS[1:]])

# %%
fig, axes = seed_curves([h for _, h in translation_runs],
                        "Encoder–decoder: number words to digits, 5 seeds",
                        {"train": "training numbers", "test": "200 held-out numbers"},
                        {"loss": "cross-entropy per token (nats)", "acc": "exact match"})
axes[1].set_ylim(0, 1.02)
plt.show()

# %% [markdown]
# Exact match is a hard measure: in the first epochs the loss per token falls fast while almost no
# translation is right (at most 2 of the 200 held-out numbers after epoch 1, for every seed), because one
# wrong token spoils a whole translation. Then whole translations start to come out right, on the
# held-out numbers too; the five runs take this path at different speeds.

# %%
short = numbers[test_idx] < 100                                  # one or two digits
has_zero = np.array(["0" in targets[i] for i in test_idx])      # a digit nobody says


def translation_report(model):
    """The held-out guesses, as text, and which of them are right (a boolean array)."""
    written = model.predict(src[:, test_idx], src_len[test_idx], max_len=5)
    guesses = [" ".join(tgt_vocab.decode(ids)) for ids in written]
    right = np.array([g == targets[i] for g, i in zip(guesses, test_idx)])
    return guesses, right


reports = [translation_report(model)[1] for model, _ in translation_runs]
guesses, right = translation_report(translator)
translation_acc = float(right.mean())

# %%
seed_table({"exact match, 200 training numbers": ([h["train_acc"][-1] for _, h in translation_runs],
                                                   ".3f"),
            "held-out exact match": ([r.mean() for r in reports], ".3f"),
            f"  3-digit numbers ({np.sum(~short)})": ([r[~short].mean() for r in reports], ".3f"),
            f"  numbers below 100 ({np.sum(short)})": ([r[short].mean() for r in reports], ".3f"),
            "share of the mistakes with a 0 digit": ([has_zero[~r].mean() for r in reports], ".3f")},
           SEEDS)
below_100_train = float(np.mean(numbers[:N_TRAIN] < 100))
print(f"\nnumbers below 100: {below_100_train:.0%} of the training numbers; "
      f"numbers with a 0 digit: {has_zero.mean():.0%} of the held-out numbers")

# %%
print(f"seed {SEED}: held-out exact match {translation_acc:.1%}; a few translations:")
for g, i in list(zip(guesses, test_idx))[:4]:
    print(f"  {sources[i]!r:28} -> {g!r:9} {'right' if g == targets[i] else 'WRONG'}")
print("all its mistakes:")
for g, i in [(g, i) for g, i in zip(guesses, test_idx) if g != targets[i]]:
    print(f"  {sources[i]!r:28} -> {g!r:9} should be {targets[i]!r}")

# %% [markdown]
# Over the five seeds, 82.5 % to 89.5 % of the 200 held-out numbers come out exactly right (median
# 86.5 %). The mistakes are not spread evenly: for every seed more than 85 % of the three-digit
# numbers are right, but fewer than half of the numbers below 100: only one training number in ten
# is below 100, so the model has seen few of them. And numbers with a 0 are over-represented among
# the mistakes (33 % to 50 % of them, against 16 % of the held-out numbers): a zero is never
# spoken, "eight hundred ten" is "8 1 0", so the decoder must write a digit for a word that is not
# there. (The number 0 itself is held out here, and no training number says "zero": the encoder
# reads that word as `<unk>` and cannot know what it means.)
#
# ### The context vector
#
# Everything the decoder writes comes from $c$. Test it on the first run's translator: decode from
# the context of one number, from the context of another, and from points on the straight line
# between them:

# %%
pair = ["three hundred twelve", "eight hundred forty"]
pair_src, pair_len = rnnlib.encode_batch(src_vocab, pair)
(c_a, c_b), _ = translator.encode(pair_src, pair_len)
mixes = np.linspace(0, 1, 6)
between = np.array([(1 - a) * c_a + a * c_b for a in mixes])   # (6, H): contexts in between
# the decoder alone, started from each of these contexts (no source at all)
outputs = translator.decode(between, max_len=5)
for a, ids in zip(mixes, outputs):
    print(f"c = {1 - a:.1f} c('{pair[0]}') + {a:.1f} c('{pair[1]}')  ->  {' '.join(tgt_vocab.decode(ids))}")

# %% [markdown]
# The decoder never sees the words, only $c$: swap the context and it writes the other number;
# in between, it writes one number, the other, or a mix of their digits.
#
# So numbers with similar digits should have similar contexts. Take all 1000 contexts and, for a
# few numbers, find the numbers whose contexts are nearest (smallest Euclidean distance between the
# 48-number vectors):

# %%
contexts, _ = translator.encode(src, src_len)                  # (1000, H): one c per number


def nearest(i, k=3):
    """The k numbers (as indices) whose contexts are closest to number i's, i left out."""
    distance = np.linalg.norm(contexts - contexts[i], axis=1)   # (1000,): Euclidean distances
    distance[i] = np.inf
    return np.argsort(distance)[:k]


# %%
for words in ("three hundred twelve", "six hundred ninety", "forty five"):
    i = sources.index(words)
    print(f"{words!r:24} nearest: " + ", ".join(repr(sources[j]) for j in nearest(i)))

# %% [markdown]
# Does that hold beyond three examples? For every three-digit number, check whether its nearest
# context belongs to a number that shares at least two of its three digits (in the same places),
# and compare with two numbers taken at random:

# %%
# the digits of every number by place (hundreds, tens, units), to compare numbers place by place
digits = np.stack([numbers // 100, numbers // 10 % 10, numbers % 10], axis=1)   # (1000, 3)
three = np.flatnonzero(numbers >= 100)                          # the 900 three-digit numbers
shares_two = []
for i in three:
    j = nearest(i, k=1)[0]
    shares_two.append(numbers[j] >= 100 and np.sum(digits[i] == digits[j]) >= 2)
close = float(np.mean(shares_two))
# chance: the same count over every pair of different three-digit numbers
agree = (digits[three][:, None, :] == digits[three][None, :, :]).sum(axis=2) >= 2   # (900, 900)
chance = (agree.sum() - len(three)) / (len(three) * (len(three) - 1))               # without i = j

# %%
print(f"three-digit numbers whose nearest context shares at least 2 of their 3 digits "
      f"(same places): {close:.0%}")
print(f"two different three-digit numbers taken at random do: {chance:.1%}")


# %% [markdown]
# The same count for the contexts of the five runs:

# %%
def share_two_digits(model):
    """The same fraction for another model: nearest contexts by squared distance, all at once."""
    ctx, _ = model.encode(src, src_len)
    sq = (ctx ** 2).sum(axis=1)
    dist = sq[:, None] + sq[None, :] - 2 * ctx @ ctx.T          # (1000, 1000) squared distances
    np.fill_diagonal(dist, np.inf)
    j = dist[three].argmin(axis=1)                             # the nearest of each 3-digit number
    return float(np.mean((numbers[j] >= 100) & ((digits[three] == digits[j]).sum(axis=1) >= 2)))


shares = np.array([share_two_digits(m) for m, _ in translation_runs])
seed_table({"nearest context shares 2 digits": (shares, ".3f")}, SEEDS)

# %% [markdown]
# The contexts are organised by digits: almost every three-digit number's nearest context belongs to
# a number that shares two of its digits (93 % for the first run, more than 90 % for every
# seed), where chance would give about 3 %. Here are the contexts
# themselves, as rows of 48 numbers, for the three numbers above and their two nearest neighbours:

# %%
shown = []
for words in ("three hundred twelve", "six hundred ninety", "forty five"):
    i = sources.index(words)
    shown += [i, *nearest(i, k=2)]
fig, ax = plt.subplots(figsize=(11, 3.6))
im = heatmap(ax, contexts[shown], title="Context vectors c: three numbers, each followed by its two nearest",
             xlabel="unit of c (H = 48)", ylabel="source sentence",
             yticklabels=[sources[j] for j in shown], vmax=1)
im.colorbar.set_label("value (a tanh output, from -1 to 1)")
for y in (2.5, 5.5):
    ax.axhline(y, color="black", lw=2)                         # between the three groups
plt.show()

# %% [markdown]
# Within each group of three rows the pattern of red and blue is much the same; from one group to
# the next it changes. All the decoder ever knows about the source is one such row of 48 numbers.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert sorted(numbers) == list(range(1000))                   # all 1000 numbers from 0 to 999
assert not set(numbers[:N_TRAIN]) & set(numbers[N_TRAIN:])    # no held-out number is seen
assert (src_len.min(), src_len.max(), tgt_len.min() - 1, tgt_len.max() - 1) == (1, 4, 1, 3)
assert tgt_vocab == nb04.digit_vocabulary() and src.shape == (4, 1000) and tgt.shape == (4, 1000)
assert tgt_vocab.decode(dec_in[:, 0]) == [START, "3", "1", "2"]
assert (len(example_src), len(example_tgt)) == (3, 4)
assert cache.context.shape == (32, 48) and logits.shape == (T_t, 32, len(tgt_vocab))
assert translation_acc == translation_history["test_acc"][-1]
exact = np.array([r.mean() for r in reports])
first_epoch = np.array([h["test_acc"][0] for _, h in translation_runs])
claim("at most 1 % of the held-out numbers right after epoch 1, for every seed",
      bool(first_epoch.max() <= 0.01), got=f"{first_epoch}")
claim("held-out exact match 0.825 to 0.895, median 0.865",
      (exact.min(), exact.max(), np.median(exact)) == (0.825, 0.895, 0.865), got=f"{exact}")
claim("for every seed: above 85 % of the 3-digit numbers right, below 50 % of those under 100",
      all(r[~short].mean() > 0.85 and r[short].mean() < 0.5 for r in reports))
zero_share = np.array([has_zero[~r].mean() for r in reports])
claim("numbers with a 0 digit: 33 % to 50 % of the mistakes, 16 % of the held-out numbers",
      bool(zero_share.min() > 0.33 and zero_share.max() == 0.5 and round(has_zero.mean(), 2) == 0.16),
      got=f"{zero_share}, {has_zero.mean():.2f}")
claim("one training number in ten is below 100", round(below_100_train, 2) == 0.10,
      got=f"{below_100_train:.2f}")
claim("the number 0 is held out, and 'zero' is the only source word no training number has",
      unseen == ["zero"], got=str(unseen))
claim("the two ends decode to 3 1 2 and 8 4 0",
      [" ".join(tgt_vocab.decode(outputs[k])) for k in (0, -1)] == ["3 1 2", "8 4 0"],
      got=" and ".join(" ".join(tgt_vocab.decode(outputs[k])) for k in (0, -1)))
assert contexts.shape == (1000, translator.params["dec_W_h"].shape[0])
claim("the first run: 93 % of the nearest contexts share 2 digits", round(close, 2) == 0.93,
      got=f"{close:.2f}")
claim("for every seed more than 90 % share 2 digits", bool(shares.min() > 0.9), got=f"{shares}")
claim_close("the share for two numbers taken at random", chance, 0.029, tol=5e-4)   # a fact of the digits

# %% [markdown]
# ## 5 · Sequence to sequence: a forecast at every month
#
# **The task.** The lecture's last pattern reads a time series and predicts at **every** step, one
# output per input, aligned. The series: the monthly totals of international airline passengers,
# January 1949 to December 1960, in thousands (Box and Jenkins' "series G", shipped with `rnnlib`).
# At every month the model predicts the next one. We split **in time**: learn from 1949–1958, hold
# out 1959–1960 (a random split would let the model peek at the future of every held-out month).

# %%
months, passengers = load_airline_passengers()
N_FIT = months.index("1959-01")                 # 120 months to learn from: 1949-01 .. 1958-12
years = 1949 + np.arange(len(months)) / 12      # time in years, for the plots
print(f"{len(months)} months, {months[0]} .. {months[-1]}; learn from {N_FIT}, hold out "
      f"{len(months) - N_FIT}; growth {passengers[-1] / passengers[0]:.1f}x in 12 years")

# %%
fig, ax = plt.subplots(figsize=(9, 3.2))
ax.plot(years[:N_FIT], passengers[:N_FIT], color=COLORS["blue"], label="learn from (1949–1958)")
ax.plot(years[N_FIT - 1:], passengers[N_FIT - 1:], color=COLORS["vermillion"],
        label="held out (1959–1960)")
ax.set(title="International airline passengers per month (Box & Jenkins, series G)",
       xlabel="year", ylabel="passengers (thousands)")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# A rising **trend**, and a **seasonal** pattern that repeats every 12 months (summer peaks) and
# grows with the level. A tanh network cannot extrapolate to levels it never saw, and the held-out
# years climb above every month it learns from. So we model the **monthly change of
# $\log(\text{passengers})$**: the logarithm turns swings that grow with the level into swings of
# constant size, and the change removes the level. Standardised with the mean and spread of the
# training years, these changes are the network's inputs and targets.
#
# Instead of one long sequence, we cut the series into **windows of 12 months**, many short
# sequences that can be shuffled into mini-batches: at each step of a window the network reads this
# month's change and predicts next month's. We learn from the windows whose targets all lie before
# 1959 and hold out the windows whose targets all lie in 1959–1960; the few windows that straddle
# the two are used for neither.

# %%
change = np.diff(np.log(passengers))          # change[i]: from month i to month i + 1  (143,)
N_CHANGE = N_FIT - 1                          # the changes into the months up to 1958-12
mean, std = change[:N_CHANGE].mean(), change[:N_CHANGE].std()
z = (change - mean) / std                     # standardised: the network's inputs and targets

WINDOW = 12                                   # months per window: the T of each sequence
X, Y = forecast_windows(z, WINDOW)            # (T, N, 1): window k reads z[k:k+T], Y = z[k+1:k+T+1]
n_windows = X.shape[1]
first_target = np.arange(n_windows) + 1       # index into z of each window's first target
last_target = first_target + WINDOW - 1       # ... and of its last target
fit_w = np.flatnonzero(last_target < N_CHANGE)     # every target before 1959: learn from these
held_w = np.flatnonzero(first_target >= N_CHANGE)  # every target in 1959-60: held out

# %%
print(f"standardised change: learning years from {z[:N_CHANGE].min():.2f} to {z[:N_CHANGE].max():.2f}, "
      f"held-out years from {z[N_CHANGE:].min():.2f} to {z[N_CHANGE:].max():.2f}")
print(f"X {X.shape} = (T, N, D): N = {n_windows} windows of {WINDOW} months; "
      f"{len(fit_w)} to learn from, {len(held_w)} held out, "
      f"{n_windows - len(fit_w) - len(held_w)} straddle the two and are not used")


# %%
def new_forecaster(rng):
    """An untrained forecaster: one number in and one out per month, H = 8."""
    return rnnlib.ManyToManyRNN(input_size=1, hidden_size=8, output_size=1, rng=rng, loss="mse")


forecaster = new_forecaster(np.random.default_rng(SEED))
print(forecaster)

# %%
draw_pattern("seq_to_seq", T_in=WINDOW)
plt.show()

# %% [markdown]
# Twelve inputs and twelve outputs, one per month, each with its own squared-error term:
# $L = \frac{1}{TB}\sum_{t,b} (\hat y_{t,b} - y_{t,b})^2$ with $T = 12$ (`WINDOW`), where $y_{t,b}$ is the
# true next change (standardised) and $\hat y_t = W_o h_t + b_o$ the prediction, with no softmax
# (a regression). The shapes for a mini-batch of 16 windows:

# %%
out, cache = forecaster.forward(X[:, fit_w[:16]])
show_shapes(forecaster, [
    ("x", X[:, fit_w[:16]], "(T, B, D): this month's change, T months, 16 windows"),
    ("h", cache.h, "(T, B, H): the hidden state after each month"),
    ("prediction", out, "(T, B, K): next month's change, at every step"),
    ("target", Y[:, fit_w[:16]], "(T, B, K): the true next change; the loss is at every step"),
])


# %% [markdown]
# Training: mini-batches of 16 training windows; after each epoch, the loss on the held-out windows.

# %%
def forecast_batches(rng):
    """Mini-batches of 16 training windows: (inputs, targets)."""
    return [(X[:, fit_w[i]], Y[:, fit_w[i]]) for i in rnnlib.minibatches(len(fit_w), 16, rng)]


def forecast_eval(model):
    """The MSE on the held-out windows."""
    return {"test_loss": np.mean((model.predict(X[:, held_w]) - Y[:, held_w]) ** 2)}


# %%
forecast_training = dict(new_model=new_forecaster, batches=forecast_batches,
                         evaluate=forecast_eval, epochs=20, lr=0.01)
forecaster, forecast_history = train_from_seed(SEED, **forecast_training, log_every=5)
forecast_runs = ([(forecaster, forecast_history)]
                 + [train_from_seed(s, **forecast_training) for s in SEEDS[1:]])

# %%
fig, axes = seed_curves([h for _, h in forecast_runs], "Sequence to sequence: the forecaster, 5 seeds",
                        {"train": "training windows", "test": "held-out windows (1959–60)"},
                        {"loss": "MSE (standardised change²)"})
axes[0].axhline(1.0, color=COLORS["grey"], lw=1, ls=":", label="always predict the mean change")
axes[0].set_ylim(0.3, 1.3)
axes[0].legend(fontsize=8, loc="upper right")
plt.show()

# %% [markdown]
# An MSE of 1 is what you get by always predicting the average change (the data is standardised).
# For every seed both losses fall well below it, and the held-out loss ends above the training
# loss (0.56 to 0.66 against 0.37 to 0.42 after 20 epochs). The losses after the last epoch, seed
# by seed:

# %%
seed_table({"MSE after the last epoch, training": ([h["batch_loss"][-1] for _, h in forecast_runs],
                                                    ".2f"),
            "MSE after the last epoch, held out": ([h["test_loss"][-1] for _, h in forecast_runs],
                                                   ".2f")}, SEEDS)

# %% [markdown]
# **Forecasts in passengers, and three baselines.** The same network can also read the monthly
# changes of all twelve years in one pass, as one long sequence instead of windows, predicting the
# next change after each one. Turned back into passengers, with $P_t$ the passengers of month $t$
# and $\widehat{\Delta}$ the predicted change of $\log P$ (un-standardised:
# $\widehat{\Delta} = \text{std} \cdot \hat y + \text{mean}$), each prediction is a one-month-ahead
# forecast $\hat P_{t+1} = P_t \, e^{\widehat{\Delta}}$. A forecast is only as good as its
# comparison with simple ones that need no network. Three baselines, each also seeing only the true
# months before the one it forecasts:
#
# - **last value**: next month = this month, $\hat P_{t+1} = P_t$;
# - **seasonal naive**: next month = the same month a year earlier, $\hat P_{t+1} = P_{t-11}$;
# - **seasonal naive × growth**: the same month a year earlier, times the mean yearly growth of the
#   training years (a forecast that knows the 12-month rhythm and the trend).
#
# The error is the RMSE (root mean squared error) over the 24 held-out months, in thousands of
# passengers.

# %%
held_months = np.arange(N_FIT, len(months))                # 1959-01 .. 1960-12
truth = passengers[held_months]


def one_month_ahead(model):
    """forecast[m]: the model's forecast of month m from all the months before it, in thousands
    of passengers (NaN for months 0 and 1: there is no change to read yet)."""
    y_hat = model.predict(z[:-1, None, None])[:, 0, 0]     # after reading z[t], predicts z[t + 1]
    forecast = np.full(len(months), np.nan)
    forecast[2:] = passengers[1:-1] * np.exp(y_hat * std + mean)
    return forecast


def rmse(forecast_values):
    return float(np.sqrt(np.mean((forecast_values - truth) ** 2)))


# %%
growth = np.exp(np.mean(np.log(passengers[12:N_FIT] / passengers[:N_FIT - 12])))   # per year
baselines = {"last value": rmse(passengers[held_months - 1]),
             "seasonal naive": rmse(passengers[held_months - 12]),
             "seasonal naive x growth": rmse(passengers[held_months - 12] * growth)}
forecasts = [one_month_ahead(model) for model, _ in forecast_runs]
rnn_rmse = np.array([rmse(f[held_months]) for f in forecasts])

# %%
print(f"mean yearly growth of the training years: {growth - 1:.1%}\n")
print("RMSE over the 24 held-out months (thousands of passengers)")
for name, value in baselines.items():
    print(f"   {name:<26} {value:6.1f}")
print(f"   {'RNN, median of 5 seeds':<26} {np.median(rnn_rmse):6.1f}   "
      f"(from {rnn_rmse.min():.1f} to {rnn_rmse.max():.1f})\n")
seed_table({"RNN: RMSE over the held-out months": (rnn_rmse, ".1f")}, SEEDS)

# %% [markdown]
# The forecasts of 1956–60 next to the truth and the best baseline, and every held-out error
# (`forecast_figure` of `rnnlib.forecast_study` draws both panels):

# %%
forecast_figure(years, passengers, forecasts[0], passengers[held_months - 12] * growth,
                baselines, rnn_rmse, shown=np.arange(N_FIT - 36, len(months)),   # 1956-1960
                held=held_months, seed=SEED)
plt.show()


# %% [markdown]
# Left: in the held-out years the RNN's forecasts (first run) follow the seasonal peaks, a month
# after reading the previous month, but they miss by tens of thousands of passengers; the seasonal
# naive × growth forecast (dashed) lies closer to the truth. Right: the held-out error of each
# forecast (bars) and of the five RNN runs (dots, the line at their median). The honest result:
#
# - The RNN beats the two naive forecasts for every seed: RMSE 34.5 to 42.7 thousand passengers
#   (median 38.0), against 51.8 (last value) and 50.0 (seasonal naive).
# - It loses clearly to the seasonal naive × growth forecast, RMSE 15.9, for every seed. That
#   forecast knows two facts about the series, a 12-month rhythm and a steady growth (12.9 % a year
#   in the training years), which the network has to discover from ten seasons of data.
# - The five runs differ by 8 thousand passengers: one run would have told us one of these numbers.
#
# A model is only as good as its comparison with simple baselines. Where does the gap come from?

# %% [markdown]
# ### How many months does the forecaster use?
#
# The seasonal baselines look exactly 12 months back. Does the network? Two measurements, for all
# five seeds. **Left**: the error at each step of a window (on the training windows): at step $t$
# the network has read $t$ months. **Middle**: how much the months further back still change a
# forecast. For each month, forecast it twice: after reading the whole series from 1949, and after
# reading only the last $k$ months (starting from $h_0 = 0$). The RMS difference between the two,
# over all months that have at least 24 before them, is what the months before those $k$ add
# (`memory_profile` of `rnnlib.forecast_study`). **Right**, for comparison: a linear forecast from
# the last $k$ months (`linear_forecast`).

# %%
def linear_rmse(k):
    """Held-out RMSE of a linear forecast of next month's change from the last k changes
    (least squares on the training months), in thousands of passengers."""
    z_hat = linear_forecast(z, k, N_CHANGE, at=held_months - 1)   # z[i]: the change into month i + 1
    return rmse(passengers[held_months - 1] * np.exp(z_hat * std + mean))


ks = np.arange(1, 25)
per_step = np.array([np.mean((m.predict(X[:, fit_w]) - Y[:, fit_w]) ** 2, axis=(1, 2))
                     for m, _ in forecast_runs])                         # (5, WINDOW)
memory = np.array([memory_profile(m, z, ks) for m, _ in forecast_runs])  # (5, len(ks))
linear = np.array([linear_rmse(k) for k in ks])

# %%
print("median of the 5 seeds, by step t of a window (MSE) and by k (the rest: RMS change):")
print(f"{'t or k':<24}" + "".join(f"{k:>6d}" for k in ks[:12]))
print(f"{'error at step t':<24}" + "".join(f"{v:>6.2f}" for v in np.median(per_step, axis=0)[:12]))
print(f"{'months before the last k':<24}" + "".join(f"{v:>6.2f}" for v in np.median(memory, axis=0)[:12]))
print("\nlinear forecast from the last k changes, held-out RMSE:")
print("   k      " + "".join(f"{k:>6d}" for k in ks[:14]))
print("   RMSE   " + "".join(f"{v:>6.1f}" for v in linear[:14]))

# %%
memory_figure(per_step, ks, memory, linear, rnn_rmse, baselines["seasonal naive x growth"])
plt.show()

# %% [markdown]
# Left: at step 1 the network has read one month and does hardly better than always predicting
# the mean change (MSE about 1); the error falls with every month it reads until about step 6,
# where it is near 0.2, and from step 7 on it stays flat, for every seed: more months do not help
# it. Middle: the
# months before the last $k$ still move a forecast, but less and less: for every seed, everything
# before the last 9 months changes it by less than 0.1 (in standardised units, where the changes
# themselves spread by 1). The month a year back, which the seasonal baselines use, has almost no
# effect. **So the network has not learned a 12-month memory**: it recognises the season from the
# shape of the last half year or so. (Its windows of 12 months gave it a lag of 12 only at the last
# step of each window; the Try it section lets you give it longer windows.)
#
# Right: what the missing memory costs. A *linear* forecast of the next change from the last $k$
# changes, fitted by least squares on the same training months, stays above an RMSE of 37 while it
# reads 9 months or fewer (with 8 or 9 months in the RNN's range, with fewer near the naive
# baselines); from 11 months on it drops below 17, next to the seasonal naive × growth. The information that wins is a year back. Why is a dependence 12 steps
# back hard for an RNN to learn? That is the subject of notebook 05.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert len(months) == 144 and N_FIT == 120
assert months[N_CHANGE] == "1958-12" and np.array_equal(Y[:-1], X[1:])
assert X.shape == (WINDOW, len(z) - WINDOW, 1) and len(fit_w) + len(held_w) < n_windows
claim("the held-out changes lie inside the range of the training changes",
      bool(z[:N_CHANGE].min() < z[N_CHANGE:].min() and z[N_CHANGE:].max() < z[:N_CHANGE].max()))
assert out.shape == (WINDOW, 16, 1) and cache.h.shape[:2] == (WINDOW, 16)
final = {split: np.array([h[key][-1] for _, h in forecast_runs]).round(2)
         for split, key in (("train", "batch_loss"), ("test", "test_loss"))}
claim("final MSE 0.37 to 0.42 on the training windows, 0.56 to 0.66 held out",
      [final["train"].min(), final["train"].max(), final["test"].min(), final["test"].max()]
      == [0.37, 0.42, 0.56, 0.66], got=str(final))
assert np.isnan(forecasts[0][:2]).all() and not np.isnan(forecasts[0][2:]).any()
claim_close("RMSE of last value", baselines["last value"], 51.8, tol=0.05)   # facts of the series
claim_close("RMSE of seasonal naive", baselines["seasonal naive"], 50.0, tol=0.05)
claim_close("RMSE of seasonal naive x growth", baselines["seasonal naive x growth"], 15.9, tol=0.05)
claim_close("mean yearly growth", growth - 1, 0.129, tol=5e-4)
claim("the RNN beats last value and seasonal naive, and loses to seasonal naive x growth, "
      "for every seed", bool(rnn_rmse.max() < baselines["seasonal naive"]
                            and rnn_rmse.min() > baselines["seasonal naive x growth"]),
      got=f"{rnn_rmse.round(1)}")
claim("the RNN's held-out RMSE: 34.5 to 42.7, median 38.0",
      [round(v, 1) for v in (rnn_rmse.min(), rnn_rmse.max(), np.median(rnn_rmse))] == [34.5, 42.7, 38.0],
      got=f"{rnn_rmse.round(1)}")
late = per_step[:, 6:]                                   # steps 7 and later
claim("for every seed the error at step 1 is above 0.9 and, from step 7 on, stays within 0.05 "
      "(the median about 0.2)",
      bool(per_step[:, 0].min() > 0.9 and (late.max(axis=1) - late.min(axis=1)).max() < 0.05
           and abs(np.median(late) - 0.2) < 0.025),
      got=f"{per_step[:, 0].round(2)}, {(late.max(axis=1) - late.min(axis=1)).round(2)}")
claim("for every seed the months before the last 9 change the forecast by less than 0.1",
      bool(memory[:, 8].max() < 0.1), got=f"{memory[:, 8].round(2)}")
year_back = memory[:, 10]                     # the months before the last 11: a year back and more
claim("the months from a year back on change the forecast by less than 0.1 (every seed, median below 0.05)",
      bool(year_back.max() < 0.1 and np.median(year_back) < 0.05), got=f"{year_back.round(3)}")
claim("the linear forecast from 8 or 9 months lies in the RNN's range of RMSEs",
      bool(np.all((rnn_rmse.min() < linear[7:9]) & (linear[7:9] < rnn_rmse.max()))),
      got=f"{linear[7:9].round(1)} against {rnn_rmse.min():.1f}-{rnn_rmse.max():.1f}")
claim("the linear forecast: RMSE above 37 with up to 9 months, below 17 with 11 or more",
      bool(linear[:9].min() > 37 and linear[10:].max() < 17), got=f"{linear.round(1)}")

# %% [markdown]
# ## 6 · The four patterns side by side
#
# The same cell in four wirings, with the shapes and the results of the models trained above:

# %%
held_out_results = [f"{np.median(held_right):.0f} of 24 unseen scenes right",
                    f"{np.median([np.trace(C) / 80 for C in matrices]):.1%} of 80 messages right",
                    f"{np.median([r.mean() for r in reports]):.1%} of 200 numbers exact",
                    f"RMSE {np.median(rnn_rmse):.0f} (best baseline {min(baselines.values()):.0f})"]
rows = [
    ("one to many", "VectorToSequence", "v (B, 15)", f"(T, B, V={len(cap_vocab)})", "every word"),
    ("many to one", "ManyToOneClassifier", "tokens (T, B)", "(B, K=2)", "last step only"),
    ("encoder–decoder", "EncoderDecoder", "src (T_src, B)", "(T_tgt, B, V=14)",
     "every decoder step"),
    ("seq to seq", "ManyToManyRNN", f"x ({WINDOW}, B, 1)", f"({WINDOW}, B, 1)", "every step"),
]
models = [captioner, spam_filter, translator, forecaster]

# %%
print(f"{'pattern':<16}{'model':<21}{'input':<16}{'output':<18}{'loss on':<20}"
      f"{'parameters':>10}  held out (median of 5 seeds)")
for (pattern, name, x, y, loss), model, result in zip(rows, models, held_out_results):
    n_params = sum(p.size for p in model.params.values())
    print(f"{pattern:<16}{name:<21}{x:<16}{y:<18}{loss:<20}{n_params:>10}  {result}")

# %% [markdown]
# Four different problems, four different wirings, and still one recurrent step inside
# (`rnnlib.rnn_forward`, or `rnn_step_forward` when decoding word by word), one loss function per
# output type, and one training loop.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert [type(m).__name__ for m in models] == [r[1] for r in rows]

# %% [markdown]
# ## Try it
#
# After a change, rerun the cells from the one you changed downwards. A check of a number that the
# text quotes then prints a 📝 note instead of stopping the notebook: the text describes the
# notebook as shipped, so a different number only tells you that your change changed it.
#
# - **Another seed.** Set `SEED = 1` in the Setup cell and run everything: the five runs are then seeds 1 to 5. Which statements of the text still hold?
# - **A smaller memory for the captions.** In section 2, build the captioner with `hidden_size=24` instead of 80 (in `new_captioner`) and retrain. How many of the 24 held-out scenes are still captioned right, over the five seeds? What does that say about memorising versus combining?
# - **Hotter and colder.** In section 2, set `temperatures = (0.1, 1.0, 3.0)` in the cell that defines it (the figure has three panels). Which temperature is indistinguishable from greedy, and what do the captions look like at $\tau = 3$?
# - **Your own message.** After section 3, run `spam_filter.predict_proba(*rnnlib.encode_batch(spam_vocab, ["your text here"]))`: it prints p(not spam) and p(spam). Can you write a message that fools the filter in either direction?
# - **Reverse the source.** Sutskever et al. (2014) found that feeding the source backwards helped their translator. In section 4, encode every source reversed, `" ".join(reversed(s.split()))`: in the cell that builds `src` (from `sources`), and where `example_src` and `pair` are encoded; then retrain. Does the held-out exact match change by more than the spread of the five seeds?
# - **A map of the contexts.** Principal component analysis finds the two directions in which the 1000 contexts vary most: `centred = contexts - contexts.mean(axis=0)`, `_, _, Vt = np.linalg.svd(centred, full_matrices=False)`, `xy = centred @ Vt[:2].T`. Scatter `xy`, coloured by the first digit (`digits[:, 0]`), then by the last (`digits[:, 2]`). Do equal digits gather?
# - **A longer window.** In section 5, set `WINDOW = 24` instead of 12, so that a lag of 12 months lies inside every window from step 12 on. Does the network now use the month a year back (the middle panel of the last figure), and does its RMSE approach the seasonal baselines?

# %% [markdown]
# ## Summary
#
# - One recurrent step, four wirings. **Vector to sequence**: one vector sets $h_0$, an output (and a loss) at every step, each output fed back as the next input. **Sequence to vector**: an input at every step, one output and one loss after the last. **Encoder–decoder**: an encoder reads everything into a context $c$, a decoder with its own weights writes a sequence of another length from $s_0 = c$. **Sequence to sequence (aligned)**: an input and an output at every step.
# - Decoders are trained with **teacher forcing** (they read the true previous token, `<start>` first, and must also write `<end>`), and at test time they read their **own** outputs: greedily (the most probable token) or **sampled** with a temperature $\tau$ ($\tau < 1$ sharper, $\tau > 1$ more varied and more wrong).
# - Padding and different lengths are handled by **masks**: the loss only counts real steps.
# - In an encoder–decoder, the **context vector** is the only bridge between the two halves: it must hold everything the decoder will write.
# - Held-out data tells the truth, and five runs tell more than one: over seeds 0–4 the caption writer got 17 to 22 of 24 unseen scenes right, the spam filter 87.5–91.25 % of unseen messages, the translator 82.5–89.5 % of unseen numbers exactly. The forecaster beat the two naive forecasts but not the seasonal one with growth: it uses only about the last 9 months, and the 12-month rhythm is further back.
#
# **Recall questions** (answer them without scrolling up):
#
# 1. For each pattern, at which steps is the loss measured?
# 2. Why does the caption writer need `<end>`, and what would happen without it?
# 3. What does the decoder read at step 3 during training, and what at test time?
# 4. What does a temperature of 0.5 do to a softmax, compared with 1.5?
# 5. In the encoder–decoder, through which single array does information flow from the source to the target?
# 6. How would you measure how many past steps a trained RNN really uses?

# %% [markdown]
# ## Exercises
#
# Each exercise ends with a self-check that tells you what is wrong, or ✅ when you are right.
# Replace the `None` placeholders and run the cell. The worked answers are in **Solutions** below.

# %% [markdown]
# ### Exercise 1 (easy): which pattern?
#
# For each task below, name the pattern that fits: `"one_to_many"`, `"many_to_one"`,
# `"encoder_decoder"` or `"seq_to_seq"`.

# %%
for letter, (task, _, _) in nb04.EX1_TASKS.items():
    print(f"{letter}. {task}")
patterns = None   # a dict such as {"A": "...", "B": "...", "C": "...", "D": "..."}

passed = nb04.check_patterns(patterns)

# %% [markdown]
# ### Exercise 2 (easy): a temperature by hand
#
# A caption writer gives these logits for its first word. Compute the sampling probabilities at
# temperature $\tau = 0.5$ with numpy only (not `rnnlib.softmax`).

# %%
z_2 = np.array(nb04.EX2_LOGITS)
print("words: ", nb04.EX2_WORDS)
print("logits:", z_2, "  temperature:", nb04.EX2_TEMPERATURE)
p_2 = None   # an array of shape (4,)

passed = nb04.check_temperature(p_2)

# %% [markdown]
# ### Exercise 3 (medium): teacher forcing
#
# With the translator's target vocabulary (`<start>` = 2, `<end>` = 3, digit $d$ has id $d + 4$),
# write the decoder's **inputs** and **targets** for the target "3 1 2", as lists of ids.

# %%
print("target vocabulary:", list(enumerate(tgt_vocab.words)))
decoder_inputs_3 = None    # a list of ids
decoder_targets_3 = None   # a list of ids

passed = nb04.check_teacher_forcing(decoder_inputs_3, decoder_targets_3)


# %% [markdown]
# ### Exercise 4 (harder): greedy decoding by hand
#
# Write the decoding loop of the translator yourself. Start from $s_0 = c$ and `<start>`; at each
# step embed the previous token (a row of the decoder's embedding table, `p["E_tgt"]` with
# `p = translator.params`), take one step of the **decoder's** cell with
# `rnnlib.rnn_step_forward(x, s, cell)` (it takes `x` of shape (1, D) and `s` of shape (1, H), and
# returns the new `s` and a cache), compute the logits $W_o s + b_o$, and choose the most probable
# token. Stop at `<end>` (without adding it) or after `max_len` tokens. The check runs your
# function on the contexts of 20 held-out numbers and compares with `translator.predict`. (Section
# 2 computed the first word of a caption in the same way, in `first_word_logits`.)

# %%
def greedy_decode(c, max_len=5):
    """The greedy translation of one context c (H,): a list of target ids, <end> left out."""
    # your code. The pieces:
    #   p = translator.params; the decoder's cell is {"W_x": p["dec_W_x"], "W_h": p["dec_W_h"],
    #   "b": p["dec_b"]}; start from s = c[None, :] (s_0 = c, shape (1, H)) and prev = START_ID.
    #   Then, at most max_len times: x = the embedding of prev, shape (1, D) (index p["E_tgt"]
    #   with [[prev]] to keep the batch axis); s = one step of the cell; the logits W_o s + b_o;
    #   prev = the most probable id; stop at <end>, else add prev to the list you return.
    return None             # replace this line with your code


check_idx = test_idx[:20]
passed = nb04.check_greedy_decode(greedy_decode, translator, src[:, check_idx], src_len[check_idx])

# %% [markdown] tags=["solution"]
# ## Solutions
#
# **Stop here and try the exercises first**: a solution read before you have struggled
# teaches much less. In JupyterLab the solutions' code is folded: click the dots (or the
# bar left of a cell) to open it.

# %% [markdown] tags=["solution"]
# **Exercise 1.** A melody from one vector writes an output at every step (one to many). A star
# rating reads the whole review and answers once (many to one). A summary has its own length, so
# an encoder reads the paragraph and a decoder writes (encoder–decoder). Name tagging gives one
# label per word, aligned (sequence to sequence).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
patterns = {"A": "one_to_many", "B": "many_to_one", "C": "encoder_decoder", "D": "seq_to_seq"}
passed = nb04.check_patterns(patterns)

# %% [markdown] tags=["solution"]
# **Exercise 2.** Divide the logits by $\tau$, then take the softmax: exponentiate and normalise.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
scaled = z_2 / nb04.EX2_TEMPERATURE
p_2 = np.exp(scaled) / np.exp(scaled).sum()
print("p =", p_2, "  sum", f"{p_2.sum():.3f}")
assert np.allclose(p_2, rnnlib.softmax(z_2 / 0.5))
passed = nb04.check_temperature(p_2)

# %% [markdown] tags=["solution"]
# **Exercise 3.** The targets are the digits' ids followed by `<end>`; the inputs are the same
# sequence shifted one step right, with `<start>` in front (so `<end>` is never read).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
digit_ids = tgt_vocab.encode("3 1 2")                 # [7, 5, 6]
decoder_targets_3 = digit_ids + [END_ID]
decoder_inputs_3 = [START_ID] + digit_ids
print("inputs: ", decoder_inputs_3, "\ntargets:", decoder_targets_3)
assert decoder_inputs_3 == translator.decoder_inputs(np.array(decoder_targets_3)[:, None])[:, 0].tolist()
passed = nb04.check_teacher_forcing(decoder_inputs_3, decoder_targets_3)


# %% [markdown] tags=["solution"]
# **Exercise 4.** One step of the decoder per token, its own output fed back in.

# %% jupyter={"source_hidden": true} tags=["solution", "hide-cell"]
def greedy_decode(c, max_len=5):
    """The greedy translation of one context c (H,): a list of target ids, <end> left out."""
    p = translator.params
    cell = {"W_x": p["dec_W_x"], "W_h": p["dec_W_h"], "b": p["dec_b"]}
    s, prev, out = c[None, :], START_ID, []     # s_0 = c (1, H), then <start>, nothing written
    for _ in range(max_len):
        x = p["E_tgt"][[prev]]                          # (1, D): the previous token
        s, _ = rnnlib.rnn_step_forward(x, s, cell)      # (1, H): one decoder step
        logits = s @ p["W_o"].T + p["b_o"]              # (1, V_tgt)
        prev = int(logits.argmax())
        if prev == END_ID:
            break
        out.append(prev)
    return out


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
c_312, _ = translator.encode(*rnnlib.encode_batch(src_vocab, ["three hundred twelve"]))
print("three hundred twelve ->", " ".join(tgt_vocab.decode(greedy_decode(c_312[0]))))
passed = nb04.check_greedy_decode(greedy_decode, translator, src[:, check_idx], src_len[check_idx])

# %% [markdown]
# ## Next
#
# ➡️ **Next: [05 · Vanishing and exploding gradients](05_vanishing_exploding_gradients.ipynb)** ([open on Colab](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/05_vanishing_exploding_gradients.ipynb))
#
# The translator needed four words of memory, and the
# forecaster would have needed twelve months but used about nine. What happens to the gradient
# that has to carry a lesson 12, or 50, steps back? You will follow it backwards through the
# chain, see it shrink or blow up, and meet gradient clipping, which every training loop in this
# notebook already used.
#
# Further reading:
#
# - Sutskever, Vinyals & Le (2014), "Sequence to Sequence Learning with Neural Networks": the encoder–decoder with deep LSTMs for English–French translation, and the trick of reading the source backwards.
# - Cho et al. (2014), "Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine Translation": the encoder–decoder with a fixed-length context vector, and the gated unit later called the GRU.
# - Vinyals, Toshev, Bengio & Erhan (2015), "Show and Tell: A Neural Image Caption Generator": a CNN's image vector starts an LSTM that writes the caption, the pattern of section 2.
# - Karpathy (2015), "The Unreasonable Effectiveness of Recurrent Neural Networks" (blog post): character-level generators, sampling temperature, and a famous sketch of the RNN patterns.
# - Box, Jenkins, Reinsel & Ljung, "Time Series Analysis: Forecasting and Control": the airline series ("series G") and the seasonal models that build the 12-month rhythm in.
