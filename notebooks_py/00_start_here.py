# %% [markdown]
# # 00 · Start here: train your first RNN in seconds
#
# In the next few minutes you will train a **recurrent neural network** (RNN) that reads a
# sentence one word at a time and decides whether it is *positive*, *neutral* or *negative*:
# the sentiment example from the lecture. Then you will type sentences of your own and watch
# its three probabilities move, and catch it making mistakes. This notebook is the view from
# the top: three short equations and no derivations. The rest of the series takes the machine
# apart, piece by piece.
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/00_start_here.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/unrolled-rnn/unrolled/main?labpath=notebooks%2F00_start_here.ipynb)

# %% [markdown]
# ## What you'll learn
#
# - **Train** a many-to-one RNN that classifies the sentiment of a sentence, on a small corpus.
# - **Measure** how much its accuracy depends on the random seed, so that one run is not taken for the truth.
# - **Read** a training log and the loss and accuracy curves, on training and test data.
# - **Ask** the trained model about any sentence and read its three probabilities.
# - **Find** what it gets wrong (unknown words, negations) and where the series explains why.
# - **Run** the series on your laptop, on Binder or on Colab, and find your way around it.

# %% [markdown]
# ## Before you start
#
# - **You need** a little Python: variables, lists, functions, calling a method. numpy helps
#   but is not required, and no machine learning is assumed: every term is explained where it
#   first appears.
# - **Runtime**: the README's table of notebooks gives the measured time, top to bottom, the
#   training of section 3 included (the model once, then from four more seeds).
# - **How to run it**: *Run ▸ Run All Cells* in JupyterLab (*Runtime ▸ Run all* on Colab), or
#   one cell at a time with Shift + Enter. Run the cells in order: each one uses what the
#   cells above it made. Section 7 explains the three places you can run the notebooks:
#   your laptop, Binder and Colab.

# %% [markdown]
# ## Setup
#
# The first cell installs `rnnlib`, the small numpy library of this series, when the notebook
# runs on Colab; everywhere else it does nothing. The next two import what we use and fix the
# random seed, so that you get exactly the numbers printed here.

# %%
import sys

if "google.colab" in sys.modules:  # on Colab: install rnnlib (elsewhere: already installed)
    # %pip install -q "rnnlib @ git+https://github.com/unrolled-rnn/unrolled@main"

# %%
from IPython.display import display

from rnnlib import (LECTURE_SENTENCES, SENTIMENT_LABELS, Adam, ManyToOneClassifier, Vocabulary,
                    encode_batch, evaluate_classifier, fit_classifier, length_mask, load_sentiment)
from rnnlib.claims import claim, claim_close
from rnnlib.diagrams import draw_unrolled_rnn
from rnnlib.exercises import nb00
from rnnlib.plots import seed_spread, training_curves
from rnnlib.recipes import SENTIMENT_RECIPE, train_sentiment_classifier
from rnnlib.sentence_box import (SentenceBox, draw_sentence, read_sentence,
                                 sentence_probabilities)
from rnnlib.widgets import interactive_figure, text_box

# %%
import numpy as np
import matplotlib.pyplot as plt
from rnnlib.plots import use_style

use_style()
SEED = 0
rng = np.random.default_rng(SEED)
np.set_printoptions(precision=3, suppress=True, linewidth=100)

# %% [markdown]
# ## 1 · The data: sentences with a label
#
# A network learns from examples. Ours are short sentences written for this project, each
# with a **label**: *positive*, *neutral* (a plain fact, no opinion) or *negative*. They come
# split, once and for all, into a **training set**, which the model learns from, and a **test
# set**, which it never sees while it learns; together they are the **corpus**. The test set
# is how we find out whether the model learned something general or only memorised its
# examples.

# %%
train_texts, train_labels = load_sentiment("train")
test_texts, test_labels = load_sentiment("test")
K = len(SENTIMENT_LABELS)  # 3 classes

# %%
print(f"{len(train_texts)} training sentences, {len(test_texts)} test sentences")
for k, name in enumerate(SENTIMENT_LABELS):
    examples = [t for t, y in zip(train_texts, train_labels) if y == k][:2]
    print(f"{name:>8}: {np.sum(train_labels == k):3d} in train, "
          f"{np.sum(test_labels == k):3d} in test   e.g. {examples}")

# %% [markdown]
# 720 sentences to learn from and 180 to test on, each class
# about a third of them. That is tiny by today's standards, and it is enough for a small RNN to
# learn a lot.
#
# A network computes with numbers, not words. So every word of the training set gets a number,
# its **index** (the lecture's "word index"); the list of known words is the **vocabulary**.
# Words are lower-cased first, so "I" and "i" are one word. Two indices are reserved: 0 is
# `<pad>` (filler, used to line up sentences of different lengths in a batch, section 3) and
# 1 is `<unk>`, which stands for *every* word the model has never seen.

# %%
vocab = Vocabulary.build(train_texts)
V = len(vocab)  # the vocabulary size
print(f"vocabulary: V = {V} indices, starting {vocab.words[:8]}")
train_indices = [vocab.encode(t) for t in train_texts]  # each sentence: a list of indices
test_indices = [vocab.encode(t) for t in test_texts]

# %%
for sentence in ["I love machine learning", "I love pierogi"]:
    indices = vocab.encode(sentence)
    print(f"{sentence!r:27} -> indices {indices} -> {vocab.decode(indices)}")

# %% [markdown]
# The vocabulary has 569 indices: every word of the training sentences, plus
# `<pad>` and `<unk>`. "pierogi" never appears in the training sentences, so it becomes `<unk>`
# (index 1), and the model cannot tell it apart from any other unfamiliar word. The sentence is
# now a **sequence of numbers**, in order: that order is what an RNN reads (a bag of words, as
# in the lecture's contrast, would throw it away).

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("training sentences: 720", len(train_texts) == 720, got=str(len(train_texts)))
claim("test sentences: 180", len(test_texts) == 180, got=str(len(test_texts)))
assert vocab.encode("I love pierogi")[-1] == 1  # an unknown word becomes <unk>, index 1
claim("vocabulary size V: 569", V == 569, got=str(V))

# %% [markdown]
# ## 2 · The model: read word by word, decide at the end
#
# Our RNN reads the word indices $i_1, \dots, i_T$ of a $T$-word sentence one at a time, from
# left to right. At each step $t$ it computes
#
# $$
# \begin{aligned}
# x_t &= E[i_t] && \text{the word's vector: row } i_t \text{ of the embedding table } E \\
# h_t &= \tanh(W_x\, x_t + W_h\, h_{t-1} + b) && \text{the new memory, from the word and the old memory}
# \end{aligned}
# $$
#
# starting from an empty memory $h_0 = 0$, and after the last word, once,
#
# $$
# y = \operatorname{softmax}(W_o\, h_T + b_o) \qquad \text{three probabilities, from the last memory.}
# $$
#
# - $x_t$ is the word's **embedding**: a list of $D$ numbers that stands for the word. Each
#   word of the vocabulary has its own, stored as one row of the table $E$.
# - $h_t$ is the **hidden state**, the network's memory after $t$ words: a list of $H$
#   numbers. $W_x x_t$ brings in the new word, $W_h h_{t-1}$ the old memory, $b$ is a constant
#   (a *bias*), and $\tanh$ squashes each number of the sum into the range $-1$ to $1$.
# - $y$: the output layer $W_o h_T + b_o$ gives three scores, and **softmax** turns them into
#   three probabilities (positive, neutral, negative) that add up to 1.
#
# The lecture writes the input as $X_t$ and the activation as a general $f$; here the input is
# a lower-case $x_t$ (one vector) and $f = \tanh$, the lecture's usual choice. Unrolled over
# the four words of the lecture's sentence, the model looks like this:

# %%
draw_unrolled_rnn(4, words=["I", "love", "machine", "learning"], outputs="last")
plt.show()

# %% [markdown]
# **What to see:** each word (blue, with its vector $x_t$ named underneath) feeds one step of
# the chain. The orange boxes are the memory $h_1, \dots, h_4$, and every arrow
# $h_{t-1} \to h_t$ applies the same formula with the same weights $W_x$, $W_h$, $b$. Feeding
# the memory back into itself, step after step, is what makes the network *recurrent*. Only
# the last memory $h_4$ goes to the output $y$: many words in, one answer out, a pattern
# called **many-to-one**. Notebooks 01 and 02 go through every piece slowly.
#
# $E$, $W_x$, $W_h$, $b$, $W_o$ and $b_o$ are the model's **parameters** (or *weights*): the
# numbers that training adjusts. Two sizes are ours to choose, the lecture's two
# **hyperparameters**: $D$, the length of each word vector, and $H$, the size of the memory.
#
# This notebook trains the series' **reference sentiment classifier**: its sizes and training
# settings are stored once, in `rnnlib.recipes.SENTIMENT_RECIPE`, and the code below reads
# them from there ($D = H = 32$), so that every notebook that says "the trained sentiment
# classifier" means this very model.

# %%
print("the recipe:", SENTIMENT_RECIPE)
D = SENTIMENT_RECIPE["embed_dim"]    # embedding size: 32
H = SENTIMENT_RECIPE["hidden_size"]  # hidden size: 32
model = ManyToOneClassifier(V, D, H, K, rng=rng)
print(model)

# %%
in_letters = {"E": "(V, D)", "W_x": "(H, D)", "W_h": "(H, H)", "b": "(H,)", "W_o": "(K, H)",
              "b_o": "(K,)"}
for name, value in model.params.items():
    print(f"{name:>3}: shape {in_letters[name]:7} = {value.shape}")


# %% [markdown]
# Each shape follows from the equations: $E$ has a row of $D$ numbers per word, $W_x$ turns a
# word vector ($D$ numbers) into a memory update ($H$), $W_h$ turns the old memory ($H$) into
# an update ($H$), and $W_o$ turns the last memory into $K = 3$ scores. Here $D$ and $H$ are
# both 32, so $W_x$ and $W_h$ happen to have the same shape; notebook 02 uses the lecture's
# sizes, $D = 4$ and $H = 8$, where every matrix has a shape of its own.
#
# All these numbers start **random**. The output layer $W_o$ starts with tiny numbers, so
# the three scores come out almost equal and, before training, the model has no opinion: it
# gives every class about a third. We measure how wrong it is with the **loss**, the
# *cross-entropy*: $-\ln(\text{probability given to the right class})$, averaged over the
# sentences. Guessing a third for everything gives $\ln 3 \approx 1.099$.

# %%
def probabilities(sentence, m=None):
    """The probabilities (positive, neutral, negative) that model ``m`` (default: our model)
    gives one sentence."""
    tokens, lengths = encode_batch(vocab, [sentence])  # tokens (T, B) with B = 1 sentence
    return (m or model).predict_proba(tokens, lengths)[0]  # (B, K) -> (K,)


# %%
p_untrained = probabilities("I love machine learning")
print("untrained, 'I love machine learning': "
      + ", ".join(f"{name} {p:.3f}" for name, p in zip(SENTIMENT_LABELS, p_untrained)))
loss_0, _ = evaluate_classifier(model, train_indices, train_labels)  # (loss, accuracy)
print(f"untrained: loss {loss_0:.3f}, ln 3 = {np.log(3):.3f}")

# %% [markdown]
# Random does not mean small, though. Every number of a word vector in $E$ is drawn from a
# normal distribution with standard deviation 1, and $W_x$ and $W_h$ are scaled so that
# $W_x x_t + W_h h_{t-1} + b$ has numbers of about that size too (a little larger). Many of
# them land where $\tanh$ is already flat: its slope $\tanh'(a) = 1 - \tanh(a)^2$ is 1 in the
# middle ($a = 0$) and close to 0 once $|a|$ passes 2 or so. The next cell runs the untrained
# model over all the training sentences and measures that slope at every word:

# %%
tokens, lengths = encode_batch(vocab, train_texts)    # (T, B) word indices, (B,) lengths
_, cache = model.forward(tokens, lengths)              # the untrained model
h = cache.h                                            # (T, B, H): every hidden state h_t
real = length_mask(lengths, h.shape[0], dtype=bool)   # (T, B): True on words, False on padding
slope = 1 - h[real] ** 2                               # tanh'(a_t), every number of every h_t

# %%
print(f"the numbers of E: standard deviation {model.params['E'].std():.2f}")
print(f"slope tanh' of the untrained hidden states: mean {slope.mean():.2f} "
      f"(1 = the middle of tanh); {np.mean(slope < 0.2):.0%} of them below 0.2")

# %% [markdown]
# Before any training, the average slope is only about a half (0.53), and about a quarter
# of the numbers (24 %) sit where $\tanh$ barely reacts, with a slope below 0.2: they are
# *saturated*. It does not stop the model from learning here, as you will see, but it
# matters: training sends its corrections back through these slopes, word by word, and
# each slope below 1 shrinks them. [Notebook 05](05_vanishing_exploding_gradients.ipynb)
# follows that shrinking (the *vanishing gradient*) and measures how much of it is there
# before training.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert model.params["E"].shape == (V, D) and model.params["W_x"].shape == (H, D)
assert model.params["W_h"].shape == (H, H) and model.params["W_o"].shape == (K, H)
assert np.allclose(p_untrained, 1 / 3, atol=0.05)
assert abs(loss_0 - np.log(3)) < 0.01  # guessing: about ln 3
assert h.shape == (tokens.shape[0], len(train_texts), H)
assert 0 < slope.mean() < 1
claim("W_o starts with tiny numbers (all below 0.1)", bool(np.abs(model.params["W_o"]).max() < 0.1))
claim_close("the untrained loss", loss_0, 1.097, tol=5e-4)
pre_activations = np.arctanh(h[real])                # W_x x_t + W_h h_{t-1} + b, every number
claim("the pre-activations are a little larger than E's numbers (1 to 1.5 times their spread)",
      bool(1 < pre_activations.std() / model.params["E"].std() < 1.5),
      got=f"{pre_activations.std():.2f} against {model.params['E'].std():.2f}")
claim_close("standard deviation of E", model.params["E"].std(), 1.0, tol=0.05)
claim_close("mean slope tanh' before training", slope.mean(), 0.53, tol=0.005)
claim_close("share of slopes below 0.2", np.mean(slope < 0.2), 0.24, tol=0.005)

# %% [markdown]
# ## 3 · Train it
#
# Training repeats one small move many times: take a **batch** of 32 training sentences,
# compute their loss, and change every parameter a little in the direction that lowers it.
# That direction comes from the **gradient**, which says how the loss changes when each
# parameter changes; it is computed by *backpropagation through time* (notebook 03 derives
# it). The steps are taken by **Adam**, a popular *optimiser*; its **learning rate** `LR` sets
# how big they are. One pass over all 720 training sentences is an **epoch**.
#
# After the first epoch and then every 3, the log prints the loss and the
# **accuracy** (the fraction of sentences whose most probable class is the right one), first on
# the training set, then on the test set.

# %%
EPOCHS = SENTIMENT_RECIPE["epochs"]     # 15 passes over the training set
LR = SENTIMENT_RECIPE["lr"]             # Adam's learning rate, 0.02
BATCH = SENTIMENT_RECIPE["batch_size"]  # 32 sentences per step
history = fit_classifier(model, (train_indices, train_labels), Adam(lr=LR), epochs=EPOCHS,
                         batch_size=BATCH, rng=rng, test=(test_indices, test_labels),
                         log_every=3)

# %% [markdown]
# The same numbers, for every epoch, as curves. The dotted lines mark a model that only
# guesses; the loss is in *nats*, the unit of a loss computed with the natural logarithm ln.

# %%
fig = training_curves(history, title="Training the sentiment RNN")
loss_ax, acc_ax = fig.axes
loss_ax.axhline(np.log(3), color="grey", ls=":", label="guessing (ln 3)")
loss_ax.set_ylim(bottom=0)
acc_ax.axhline(1 / 3, color="grey", ls=":", label="guessing (1/3)")
loss_ax.legend()
acc_ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# **What to see:** after the first epoch, both curves are already far from the guessing line.
# The training loss (solid) keeps falling, to 0.001: the model ends up knowing its 720 examples
# by heart (training accuracy 100.0 %). The test loss (dashed) is lowest at epoch 6 (0.501)
# and then creeps up to 0.667, while test accuracy still edges up to 87.8 %: the model has
# become very sure of itself, on its mistakes too (it gives its wrong answers more than 85 %
# on average), and the loss punishes a confident mistake hard. The gap between the training
# and test curves is what was memorised rather than learned; it is called **overfitting**.

# %%
train_loss, train_acc = evaluate_classifier(model, train_indices, train_labels)
test_loss, test_acc = evaluate_classifier(model, test_indices, test_labels)
n_right = round(test_acc * len(test_labels))
print(f"train: loss {train_loss:.3f}, accuracy {train_acc:.3f}")
print(f"test:  loss {test_loss:.3f}, accuracy {test_acc:.3f} ({n_right} of {len(test_labels)})")

# %% [markdown]
# 🎉 **You trained a recurrent neural network.** It labels 158 of the
# 180 test sentences correctly (87.8 %), sentences it never saw
# while training, where guessing would get a third right.
#
# How far can you trust "87.8 %"? It is one run: the random starting weights and the order of
# the batches both come from `SEED`, and another seed gives another model. So here is the same
# recipe trained from seeds 0 to 4: the model above is one of them, and
# `train_sentiment_classifier(seed)` from `rnnlib.recipes` trains each of the four others in
# one call (it runs exactly the cells above, and gives exactly our model for seed 0). We keep
# the five models: section 5 asks all of them the same questions.

# %%
SEEDS = range(5)
data = (vocab, (train_indices, train_labels), (test_indices, test_labels))
models, histories = {SEED: model}, {SEED: history}  # the model trained above is one of them
for seed in SEEDS:
    if seed != SEED:  # the same sizes and settings, another seed
        models[seed], histories[seed] = train_sentiment_classifier(
            seed, data=data, embed_dim=D, hidden_size=H, lr=LR, epochs=EPOCHS, batch_size=BATCH)
final_test = np.array([histories[s]["test_acc"][-1] for s in SEEDS])
final_train = np.array([histories[s]["train_acc"][-1] for s in SEEDS])

# %%
print("test accuracy by seed:  " + ",  ".join(f"{s}: {a:.1%}" for s, a in zip(SEEDS, final_test)))
print(f"{test_acc:.1%} for SEED = {SEED}; over seeds 0-4: {final_test.min():.1%} to "
      f"{final_test.max():.1%}, median {np.median(final_test):.1%}")
print(f"training accuracy over seeds 0-4: {final_train.min():.1%} to {final_train.max():.1%}")

# %% [markdown]
# The five runs epoch by epoch, training and test accuracy:

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6))
epochs = histories[0]["epoch"]
seed_spread(ax, epochs, [histories[s]["train_acc"] for s in SEEDS], label="training sentences")
seed_spread(ax, epochs, [histories[s]["test_acc"] for s in SEEDS], label="test sentences")
ax.axhline(1 / 3, color="grey", ls=":", label="guessing (1/3)")
ax.set(title="The same recipe from five seeds", xlabel="epoch", ylabel="accuracy",
       ylim=(0, 1.05))
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# **What to see:** a dot per seed and a line through the medians. Every seed learns its
# training sentences almost by heart (at least 99 % right), and on the test sentences the
# five runs end between 86.7 % and 91.7 %, with a median of 87.8 %. Our
# seed happens to be the median. So the honest summary of this model is **"about 88 % of new
# sentences right, give or take a few points"**, and a difference of a point or two between
# two single runs says nothing. (One test sentence is worth 0.56 points: 180 sentences is a
# small test set.)
#
# This is the series' one **trained sentiment classifier**: notebooks 03 and 05 train this
# same model again, with the same recipe. Notebook 02 uses the lecture's much smaller sizes
# ($D = 4$, $H = 8$) so that every matrix fits on the screen, and shows what that costs.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
# our model, SEED = 0 (tolerance: half a unit of the quoted digit)
claim_close("test accuracy", test_acc, 0.878, tol=5e-4)
claim("test sentences right: 158", n_right == 158, got=str(n_right))
claim_close("training accuracy", train_acc, 1.0, tol=5e-4)
claim_close("final training loss", history["train_loss"][-1], 0.001, tol=5e-4)
claim_close("final test loss", history["test_loss"][-1], 0.667, tol=5e-4)
best_epoch = int(np.argmin(history["test_loss"])) + 1
claim("epoch of the lowest test loss: 6", best_epoch == 6, got=str(best_epoch))
claim_close("lowest test loss", min(history["test_loss"]), 0.501, tol=5e-4)
guessing = np.log(3)
claim("after the first epoch both losses are far below guessing (ln 3) and accuracy above 0.6",
      bool(history["epoch"][0] == 1 and history["train_loss"][0] < 0.5 * guessing
           and history["test_loss"][0] < 0.8 * guessing and history["test_acc"][0] > 0.6))
claim("the training loss falls at every epoch", bool(np.all(np.diff(history["train_loss"]) < 0)))
claim("test accuracy ends above its value at the epoch of the lowest test loss",
      history["test_acc"][-1] > history["test_acc"][best_epoch - 1])
p_test = model.predict_proba(*encode_batch(vocab, test_texts))        # (180, K)
sure_of_mistakes = p_test.max(axis=1)[p_test.argmax(axis=1) != test_labels].mean()
claim("it gives its wrong answers more than 85 % on average", bool(sure_of_mistakes > 0.85),
      got=f"{sure_of_mistakes:.3f}")
# the spread the text quotes (measured over seeds 0-4; half a unit of the quoted digit)
claim_close("median test accuracy over seeds 0-4", np.median(final_test), 0.878, tol=5e-4)
claim_close("lowest test accuracy over seeds 0-4", final_test.min(), 0.867, tol=5e-4)
claim_close("highest test accuracy over seeds 0-4", final_test.max(), 0.917, tol=5e-4)
claim("every seed gets at least 99 % of the training sentences right", final_train.min() >= 0.99,
      got=f"{final_train.min():.1%}")


# %% [markdown]
# ## 4 · Ask it about any sentence
#
# Type a sentence in the box and press Enter: the bars show the model's three probabilities,
# and the line under them shows the sentence as the model reads it: lower-case, without
# punctuation, with `<unk>` in place of words it does not know. A sentence with **no word the
# model knows** (empty, only punctuation or emoji, only unfamiliar words) gets no bars but the
# words "no words I know": the model would read nothing, or only `<unk>`, and whatever it
# answered would be an accident. (The box needs a running notebook; on GitHub you will see the
# static pictures below it instead. Notebook 03 has the same box, drawn by the same code,
# `rnnlib.sentence_box`.)

# %%
def as_read(sentence):
    """The sentence as the model reads it: known words, and <unk> for the others."""
    return " ".join(read_sentence(vocab, sentence).read_as)


# The box's figure: the model's answer for a sentence, redrawn in one live figure
# (rnnlib.sentence_box) each time you press Enter.
box = SentenceBox(model, vocab)

# %%
display(interactive_figure(box.draw, sentence=text_box(
    "Your sentence:", value="I love machine learning", placeholder="type a sentence, press Enter")))

# %% [markdown]
# Sentences without a word the model knows are not classified at all
# (`sentence_probabilities` gives `None` for them, and the box says "no words I know"):

# %%
no_known_words = ["", "?!", "😍😍", "Scrumptious pierogi"]
for sentence in no_known_words:
    print(f"{sentence!r:23} is read as {as_read(sentence)!r:18} -> "
          f"{sentence_probabilities(model, vocab, sentence)}")

# %% [markdown]
# Here are the lecture's three sentences, drawn by the same code as the box:

# %%
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
for ax, sentence in zip(axes, LECTURE_SENTENCES):
    draw_sentence(ax, model, vocab, sentence)
for ax in axes[1:]:
    ax.set_ylabel("")  # one y label for the row
fig.suptitle("The lecture's three sentences", fontweight="bold")
plt.show()

# %% [markdown]
# **What to see:** each sentence gets the lecture's label (positive, negative, neutral), and
# the model is over 99 % sure every time. Be fair, though: all three are in its training set,
# so it has seen them with their labels. (The lecture's "positive: 89.1 %" was an
# illustration, with no weights given that produce it; ours come from training, so the numbers
# differ. Notebook 02 follows "I love machine learning" through the network, matrix by matrix.)
#
# A fairer test is a sentence nobody wrote into the corpus, like the ones you would type. The
# second one has a word the model has never seen:

# %%
learner_sentences = [
    'The pizza here was wonderful',
    'What a scrumptious dinner',
    'My flight leaves at six',
]
for sentence in learner_sentences:
    print(f"{sentence!r:32} is read as  {as_read(sentence)!r}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), sharey=True)
for ax, sentence in zip(axes, learner_sentences):
    draw_sentence(ax, model, vocab, sentence)
for ax in axes[1:]:
    ax.set_ylabel("")
fig.suptitle("Three new sentences", fontweight="bold")
plt.show()

# %% [markdown]
# **What to see:** "The pizza here was wonderful" is 100.0 % positive: the model
# learned that *wonderful* is good news. "My flight leaves at six", a
# plain fact, is 100.0 % neutral. But "What a scrumptious dinner" comes out
# 94.0 % **negative**: "scrumptious" became `<unk>`, so the model read "what a
# `<unk>` dinner", without the one word that carries the opinion.
#
# **Unknown words become `<unk>`**, and every unknown word looks the same to the model. Worse,
# the vector of `<unk>` was never trained (every word of the training sentences is in the
# vocabulary), so it is still random: what the model makes of it is an accident, and here a
# confident one. Real systems soften this with much larger vocabularies and by splitting rare
# words into pieces (*subwords*), so that an unfamiliar word is at least made of familiar parts.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert all(sentence_probabilities(model, vocab, s) is None for s in no_known_words)
p_lecture = np.array([probabilities(s) for s in LECTURE_SENTENCES])  # (3 sentences, K)
lecture_pred = [SENTIMENT_LABELS[k] for k in p_lecture.argmax(axis=1)]
claim("the lecture's labels", lecture_pred == ["positive", "negative", "neutral"],
      got=str(lecture_pred))
claim("over 99 % sure every time", p_lecture.max(axis=1).min() > 0.99,
      got=f"{p_lecture.max(axis=1).min():.1%} at least")
assert all(s in train_texts for s in LECTURE_SENTENCES)  # all three are training sentences
corpus = {t.lower() for t in train_texts + test_texts}
assert not any(s.lower() in corpus for s in learner_sentences)  # truly new sentences
assert nb00.unknown_words(vocab, learner_sentences[1]) == ["scrumptious"]
p_new = [probabilities(s) for s in learner_sentences]
claim_close("'The pizza here was wonderful': positive", p_new[0][0], 1.0, tol=5e-4)
claim_close("'What a scrumptious dinner': negative", p_new[1][2], 0.94, tol=5e-4)
claim_close("'My flight leaves at six': neutral", p_new[2][1], 1.0, tol=5e-4)
assert not any(1 in ids for ids in train_indices) and vocab.words[1] == "<unk>"   # never trained

# %% [markdown]
# ## 5 · What it gets wrong
#
# A model that is right most of the time is still wrong some of the time, and *how* it is
# wrong teaches more than its accuracy. First, the test sentences it gets wrong:

# %%
test_pred = model.predict(*encode_batch(vocab, test_texts))
wrong_ones = np.flatnonzero(test_pred != test_labels)

# %%
print(f"{len(wrong_ones)} of {len(test_texts)} test sentences are misclassified:")
for i in wrong_ones:
    print(f"  {test_texts[i]!r:45} is {SENTIMENT_LABELS[test_labels[i]]:>8}, "
          f"model says {SENTIMENT_LABELS[test_pred[i]]}")

# %% [markdown]
# Read the list slowly; patterns show. 9 of the 22
# mistakes are plain facts that the model calls positive, and 2 are negative
# sentences where it missed the small word that flips the meaning:
# "The weather was never nice" and "The film was not great".
#
# That is the lecture's own warning about **negation**: in "I do not like this movie" the word
# *not* flips the meaning of *like*, so the model has to carry *not* in its memory until it
# reaches *like*. Here are five negations, with the label a person would give, and the
# model's answer:

# %%
negations = [
    ('I do not like this movie', 'negative'),
    ('I do not love this film', 'negative'),
    ('The book was not boring', 'positive'),
    ('The movie was not great', 'negative'),
    ('The teacher was not rude', 'positive'),
]

# %% [markdown]
# Each of the five models of section 3 answers them, ours among them:

# %%
said = np.array([[SENTIMENT_LABELS[np.argmax(probabilities(s, models[seed]))] for s, _ in negations]
                 for seed in SEEDS])                          # (seeds, sentences): each model's answer
right_by_seed = said == np.array([label for _, label in negations])    # (seeds, sentences)
p_ours = [probabilities(s) for s, _ in negations]  # our model's (SEED) probabilities

# %%
print(f"{'':27} {'label':>8}   {f'our model (SEED = {SEED})':28}   seeds 0-4 right")
for j, (sentence, label) in enumerate(negations):
    ours = SENTIMENT_LABELS[np.argmax(p_ours[j])]
    seen = "in the training set" if sentence in train_texts else "new"
    print(f"{sentence!r:27} {label:>8}   says {ours:>8} ({p_ours[j].max():6.1%}) "
          f"{'right' if ours == label else 'WRONG':5}   {right_by_seed[:, j].sum()} of {len(SEEDS)}"
          f"   [{seen}]")

# %% [markdown]
# The lecture's sentence, which is in the training set, comes out right, and so does a new
# variant, "I do not love this film". "The book was not boring" is right too. But "The movie
# was not great" is called positive and "The teacher was not rude" negative: there the model
# went by the opinion word and lost the *not*. Three right out of five, and every answer, right
# or wrong, is over 90 % sure: the model does not know when it is out of its depth. The column
# "seeds 0-4 right" asks the five models of section 3 the same question: the lecture's sentence and "not
# boring" are right for all five, "not love" for four, "not great" and "not rude" for one
# each. So this is not bad luck with one seed.
#
# Why? With sentences this short, a big reason is data. Only 87 of the
# 720 training sentences contain a negation word at all, and what counts is
# whether the model saw *not* in front of the opinion word in question:

# %%
negation_words = {"not", "no", "never", "nobody", "nothing", "don't", "can't", "isn't",
                  "wasn't", "didn't", "doesn't", "won't"}
n_negated = sum(any(w in negation_words for w in vocab.decode(indices))
                for indices in train_indices)
print(f"{n_negated} of the {len(train_indices)} training sentences contain a negation word")


# %%
def after_not(word, indices):
    """True if ``word`` comes right after "not" in the sentence ``indices``."""
    words = vocab.decode(indices)
    return ("not", word) in zip(words, words[1:])


# %%
in_training = {}  # word -> [sentences per class..., sentences with "not <word>"]
for word in ("like", "love", "boring", "great", "rude"):
    labels = [SENTIMENT_LABELS[y] for indices, y in zip(train_indices, train_labels)
              if vocab.index(word) in indices]
    n_not = sum(after_not(word, indices) for indices in train_indices)
    in_training[word] = [labels.count(name) for name in SENTIMENT_LABELS] + [n_not]

# %%
for word, (*per_class, n_not) in in_training.items():
    print(f"{word!r:8} is in {sum(per_class):2d} training sentences ("
          + ", ".join(f"{n:2d} {name}" for n, name in zip(per_class, SENTIMENT_LABELS))
          + f"), right after 'not' in {n_not}")

# %% [markdown]
# Where it got the negation right, it had mostly seen it: *not like*
# 4 times, *not boring* 2 times. It has never seen *not great*,
# and *great* came in 17 training sentences, every one positive; *rude* came in
# 10, 9 of them negative, with *not rude* in just 1 of them.
# That is too few examples to learn that *not* flips whatever follows it.
#
# But the model does get "I do not love this film" right, without ever having seen *not
# love*. Did it learn something about *not*, then? A right answer is only evidence if the
# same sentence **without** the *not* comes out differently. So here is the control: the
# sentence with *not* removed, or replaced by another word, for all five models (each number
# is the probability of *negative*; NEG marks a model whose answer is negative):

# %%
controls = ["I love this film", "I do love this film", "I really love this film",
            "I do not love this film"]
negative = SENTIMENT_LABELS.index("negative")
p_neg = np.array([[probabilities(s, models[seed])[negative] for s in controls]
                  for seed in SEEDS])                                    # (seeds, sentences)
called_negative = np.array([[np.argmax(probabilities(s, models[seed])) == negative
                             for s in controls] for seed in SEEDS])      # (seeds, sentences)
# seeds that call all three controls non-negative and the "not" sentence negative
reads_not = (~called_negative[:, :3]).all(axis=1) & called_negative[:, 3]

# %%
print(f"{'P(negative)':25}" + "".join(f"{f'seed {seed}':>10}" for seed in SEEDS) + "   called negative")
for j, sentence in enumerate(controls):
    cells = [f"{'NEG ' if called_negative[k, j] else ''}{p:.2f}" for k, p in enumerate(p_neg[:, j])]
    print(f"{sentence!r:25}" + "".join(f"{c:>10}" for c in cells)
          + f"   {called_negative[:, j].sum()} of {len(SEEDS)}")
print("only the 'not' sentence called negative: seeds", [s for s, r in zip(SEEDS, reads_not) if r])

# %% [markdown]
# Our model (seed 0) calls "I do love this film" negative too, and even "I really love this
# film", although it calls "I love this film" positive: for it, *love* after a word such as
# *do* or *really* already reads as negative (*love* came in just 4 training sentences). So
# its right answer on the *not* sentence says nothing about *not*. Over the five models, the
# *not* sentence is called negative by 4, but "I do love this film" by 2 of them as well; only
# 2 of the 5 models (seeds 3 and 4) show the pattern you would expect from a model that reads
# *not*: positive without it, negative with it, whatever word stands in its place. That is
# one sentence and five seeds: no evidence that the model learned what *not* does, at most a
# hint in some of the runs.
#
# One more habit shows in mixed sentences. Here are two, the same words in a different
# order:

# %%
mixed = ['The hotel was great but the food was awful', 'The food was awful but the hotel was great']
for sentence in mixed:
    p = probabilities(sentence)
    print(f"{sentence!r:45} -> {SENTIMENT_LABELS[np.argmax(p)]:>8} ({p.max():.1%})")

# %% [markdown]
# And the five models of section 3:

# %%
mixed_by_seed = [[SENTIMENT_LABELS[np.argmax(probabilities(s, models[seed]))] for s in mixed]
                 for seed in SEEDS]
n_last_wins = sum(pred == ["negative", "positive"] for pred in mixed_by_seed)
print(f"the opinion that comes last wins for {n_last_wins} of the {len(SEEDS)} seeds")

# %% [markdown]
# Each time, the opinion that comes **last** wins, for all five seeds, although a person would
# call both sentences mixed. (The model has never seen "but" either: it reads `<unk>` there.)
#
# Where does that pull of the end come from? Look at the data first. Call a word an
# *opinion word* if it comes in at least 3 training sentences and at least 90 % of them are
# positive, or at least 90 % negative; then count where those words sit in their sentences:

# %%
train_words = [vocab.decode(indices) for indices in train_indices]
per_label = {}                                          # word -> sentences per label (pos, neu, neg)
for words, label in zip(train_words, train_labels):
    for w in set(words):
        per_label.setdefault(w, np.zeros(K))[label] += 1
opinion_words = {w for w, c in per_label.items() if c.sum() >= 3 and max(c[0], c[2]) >= 0.9 * c.sum()}
from_end = np.array([len(words) - 1 - t for words in train_words              # 0 = the last word
                     for t, w in enumerate(words) if w in opinion_words])
all_from_end = np.array([t for words in train_words for t in range(len(words))])

# %%
print(f"{len(opinion_words)} opinion words, e.g. {', '.join(sorted(opinion_words)[:6])}, ...")
print(f"among the last 3 words of their sentence: {np.mean(from_end <= 2):.0%} of the "
      f"{len(from_end)} opinion words (and {np.mean(all_from_end <= 2):.0%} of all words)")

# %% [markdown]
# In this corpus 92 % of the opinion words sit among the last 3 words of their sentence
# (against about half of all words: the sentences are short). So a model that goes by the
# end of the sentence is right most of the time here, and nothing in its training asks it to
# weigh earlier words; a mixed sentence like the two above is something it never met. That
# much is **data**.
#
# Is it also the network? A plain RNN could favour the last words whatever the data: the
# correction that training sends to an early word has to travel back through every later
# step, and it can shrink on the way (the *vanishing gradient*: remember the slopes of
# section 2). This notebook cannot tell the two causes apart, since its corpus mixes them.
# [Notebook 05](05_vanishing_exploding_gradients.ipynb) separates them: it measures how strongly the
# gradient reaches each word position, before and after training, and then trains on a task
# where "not" sits a chosen number of words before the end. That is where the plain RNN
# fails as the gap grows, and where the gated cells of notebook 06 come in.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert len(wrong_ones) + n_right == len(test_texts)
claim("misclassified test sentences: 22", len(wrong_ones) == 22, got=str(len(wrong_ones)))
neutral, positive = SENTIMENT_LABELS.index("neutral"), SENTIMENT_LABELS.index("positive")
facts_called_positive = np.sum((test_labels[wrong_ones] == neutral)
                               & (test_pred[wrong_ones] == positive))
claim("plain facts called positive: 9", facts_called_positive == 9, got=str(facts_called_positive))
missed_negations = [test_texts[i] for i in wrong_ones
                    if {"not", "never"} & set(vocab.decode(test_indices[i]))]
claim("the missed negations",
      missed_negations == ['The weather was never nice', 'The film was not great'],
      got=str(missed_negations))
# the five negations
neg_right = [SENTIMENT_LABELS[np.argmax(probabilities(s))] == label for s, label in negations]
assert [s in train_texts for s, _ in negations] == [True, False, False, False, False]
claim("right on the first three, wrong on the last two",
      neg_right == [True, True, True, False, False], got=str(neg_right))
surest = min(probabilities(s).max() for s, _ in negations)
claim("over 90 % sure, every time", surest > 0.9, got=f"{surest:.1%} at least")
claim("right for 5, 4, 5, 1 and 1 of the 5 seeds", right_by_seed.sum(axis=0).tolist() == [5, 4, 5, 1, 1],
      got=str(right_by_seed.sum(axis=0).tolist()))
# what the training sentences hold
claim("training sentences with a negation word: 87", n_negated == 87, got=str(n_negated))
claim("the counts the text quotes after the table", in_training == {'like': [7, 0, 6, 4], 'love': [4, 0, 0, 0],
      'boring': [5, 0, 19, 2], 'great': [17, 0, 0, 0], 'rude': [1, 0, 9, 1]}, got=str(in_training))
# the controls
claim("called negative by 0, 2, 1 and 4 of the 5 seeds",
      called_negative.sum(axis=0).tolist() == [0, 2, 1, 4], got=str(called_negative.sum(axis=0).tolist()))
ours = [SENTIMENT_LABELS[np.argmax(probabilities(s))] for s in controls]  # our model (SEED)
claim("our model: 'I love' positive, 'I do love' and 'I really love' negative",
      ours[:3] == ["positive", "negative", "negative"], got=str(ours[:3]))
claim("only seeds 3 and 4 call just the 'not' sentence negative",
      [s for s, r in zip(SEEDS, reads_not) if r] == [3, 4],
      got=str([s for s, r in zip(SEEDS, reads_not) if r]))
# the mixed sentences and where the opinion words sit
mixed_pred = [SENTIMENT_LABELS[np.argmax(probabilities(s))] for s in mixed]
claim("the opinion that comes last wins", mixed_pred == ["negative", "positive"],
      got=str(mixed_pred))
claim("seeds where the last opinion wins: 5", n_last_wins == 5, got=str(n_last_wins))
assert "but" not in vocab  # the corpus never uses "but"
claim_close("share of opinion words among the last 3", np.mean(from_end <= 2), 0.92, tol=0.005)
claim_close("share of all words among the last 3", np.mean(all_from_end <= 2), 0.52, tol=0.005)

# %% [markdown]
# ## 6 · The map of the series
#
# Each notebook is one sitting: running it takes little time (the README lists how long each
# one takes); reading it and doing its exercises takes longer (plan 30 to 60 minutes each).
#
# | notebook | what you learn | on Colab |
# |---|---|---|
# | [00 · Start here](00_start_here.ipynb) | train the sentiment RNN, ask it about your own sentences, find its mistakes; how to run the series (you are here) | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/00_start_here.ipynb) |
# | [01 · Loops and unrolling](01_loops_and_unrolling.ipynb) | why a loop gives a network memory; the cell $h_t = f(W_x x_t + W_h h_{t-1} + b)$; unrolling into a chain of cells that share weights; tanh vs ReLU | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/01_loops_and_unrolling.ipynb) |
# | [02 · The sentiment forward pass](02_sentiment_forward_pass.ipynb) | "I love machine learning" end to end: word indices, embeddings, $h_1 \dots h_4$ with every matrix and shape on screen, softmax | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/02_sentiment_forward_pass.ipynb) |
# | [03 · Backpropagation through time](03_backprop_through_time.ipynb) | losses, BPTT derived and checked number by number, training on the corpus, truncated BPTT | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/03_backprop_through_time.ipynb) |
# | [04 · Four RNN patterns](04_rnn_patterns.ipynb) | one-to-many, many-to-one, encoder–decoder, sequence-to-sequence, each a small working model | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/04_rnn_patterns.ipynb) |
# | [05 · Vanishing and exploding gradients](05_vanishing_exploding_gradients.ipynb) | Jacobian products, eigenvalues and singular values of $W_h$, gradient clipping, and why "not" gets forgotten | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/05_vanishing_exploding_gradients.ipynb) |
# | [06 · Gated cells: LSTM and GRU](06_gated_cells.ipynb) | what gates change: the LSTM and the GRU from their equations, the gated path the gradient takes through time, and the "not" task again | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/06_gated_cells.ipynb) |
# | [07 · A character-level language model](07_char_language_model.ipynb) | a network that writes names: a counting baseline, perplexity, sampling with a temperature, what a hidden unit tracks, truncated BPTT on a long stream | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/07_char_language_model.ipynb) |
# | [08 · From rnnlib to PyTorch](08_pytorch_bridge.ipynb) | the same models in PyTorch, equal to rnnlib's to machine precision (layouts, biases, packing, optimisers, gated cells); autograd, timing against numpy, and training on two processes with DistributedDataParallel | [open](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/08_pytorch_bridge.ipynb) |
#
# Go in order: each notebook uses the ideas of the ones before it. Notebook 08 needs
# PyTorch (a CPU build is enough; Colab has it); the others need only numpy and matplotlib.

# %% [markdown]
# ## 7 · How to run the notebooks
#
# **On your own computer** (needs Python 3.10 or newer, `git` and `make`):
#
# ```bash
# git clone https://github.com/unrolled-rnn/unrolled.git
# cd unrolled
# make lab     # opens the notebooks in JupyterLab
# make test    # runs every test: the library's and every notebook's
# ```
#
# The first `make lab` or `make test` creates a virtual environment in `.venv` with everything
# installed (a minute or two); after that they start at once. Your edits are saved like any
# file on your disk.
#
# **On Binder** (nothing to install): click the *launch binder* badge at the top of any
# notebook. The first launch can take a few minutes while Binder builds the environment.
# A Binder session is temporary and is not saved, so download the notebooks you changed
# (*File ▸ Download*) before you leave.
#
# **On Colab** (needs a Google account): click the *Open in Colab* badge. Run the Setup cell
# first: on Colab it installs `rnnlib` with `%pip` (this takes a moment), and everywhere else
# it does nothing. To keep your changes, use *File ▸ Save a copy in Drive*. If a link from
# one notebook to another does not open on Colab, open that notebook from its own *Open in
# Colab* badge, at its top on GitHub.

# %% [markdown]
# ## Try it
#
# - **Type** sentences in the box of section 4: put the opinion word first and then last in a
#   long sentence; try "but" ("The food was great but the service was awful"); try a word it
#   cannot know. Watch the `<unk>`s. Then give it a sentence with no word it knows, or only
#   emoji.
# - **Change the model**: in section 2, write `H = 4` or `H = 64` instead of
#   `H = SENTIMENT_RECIPE["hidden_size"]`, then run the cells of sections 2 and 3 again, one by
#   one. Does the gap between the training and test curves grow or shrink? (The five-seed study
#   of section 3 trains your sizes too; at `H = 64` it takes longer.)
# - **Train longer or shorter**: write `EPOCHS = 3` or `EPOCHS = 40` in section 3, then run the
#   cells of sections 2 and 3 again (section 2 makes a fresh, untrained model). What happens to the test loss when you train for long?
# - **Change `SEED`** in the Setup cell and run everything again: where does your test
#   accuracy fall in the spread of the five seeds of section 3?
#
# Once you change a setting, the checks of the numbers quoted in the text no longer match
# your run. They do not stop the notebook: each prints one 📝 line with the number the text
# quotes and the number your run gives, and the notebook runs on to the end. To get back,
# restore the original values and *Run ▸ Run All Cells*.

# %% [markdown]
# ## Summary
#
# - An RNN reads a sentence **one word at a time**, updating its memory
#   $h_t = \tanh(W_x x_t + W_h h_{t-1} + b)$ with the **same weights** at every step;
#   a softmax layer turns the last memory into three probabilities (**many-to-one**).
# - Words become **indices** through a vocabulary and then **vectors** through the embedding
#   table $E$; any word outside the vocabulary becomes `<unk>`.
# - **Training** lowers the cross-entropy loss by small gradient steps, batch after batch,
#   epoch after epoch; before training the loss is about $\ln 3$ (guessing).
# - The **test set** tells you how well the model does on sentences it has never seen: here
#   about 88 % (87.8 % for our seed, 86.7 to 91.7 % over five seeds), against
#   100 % on the training sentences it has memorised. One run is not a measurement: look at
#   the spread over seeds.
# - It is weakest on **unknown words** and **negations**, and in a mixed sentence the opinion
#   that comes last wins: 92 % of the corpus's opinion words are among the last 3 words.
#   Whether a right answer shows what the model learned needs a **control** (the same
#   sentence without *not*) and more than one seed.
#
# **Recall questions** (answers below, try first):
#
# 1. What does the hidden state $h_t$ hold after the model has read $t$ words?
# 2. Why is the accuracy on the test set the number to report, not the one on the training set?
# 3. Before training, the loss was about 1.10 (1.097 here). Why that number?
# 4. What does the model see when you type a word that is not in its vocabulary?
# 5. Why is this pattern called *many-to-one*?
#
# <details><summary>Answers</summary>
#
# 1. A summary (H numbers) of the words $1 \dots t$, in order, as far as the weights have learned to keep them.
# 2. The model was fitted to the training sentences and may have memorised them; only new sentences show what it learned in general.
# 3. An untrained model gives each of the 3 classes about 1/3, and the loss is $-\ln(1/3) = \ln 3 \approx 1.099$.
# 4. The index of `<unk>` (1), the same for every unknown word, so the word itself is lost.
# 5. Many inputs (one per word) go in and a single output (the three probabilities) comes out, after the last word.
#
# </details>

# %% [markdown]
# ## Exercises
#
# Replace each `None` and run the cell: the check under it says ✅ when you are right, or
# what is wrong. Nothing breaks if you skip one.
#
# ### Exercise 1 (easy) · A positive sentence of your own
#
# Write a sentence that is **not** in the corpus (neither in the training nor in the test set)
# and that the model calls positive with at least 80 % probability. The check runs the model on
# it.

# %%
my_sentence = None  # your sentence, in quotes: "..."

passed = nb00.check_positive_sentence(my_sentence, model, vocab)

# %% [markdown]
# ### Exercise 2 (medium) · Count the parameters
#
# How many numbers does training adjust? Add up the sizes of $E$, $W_x$, $W_h$, $b$, $W_o$ and
# $b_o$, using the shapes printed in section 2 (or better, write it as a formula in `V`, `D`,
# `H` and `K`).

# %%
n_params = None  # a formula in V, D, H, K

passed = nb00.check_parameter_count(n_params, model)

# %% [markdown]
# ### Exercise 3 (hard) · Catch the model out
#
# Find a sentence that a person would label without hesitation, made **only of words the model
# knows** (no `<unk>`), that the model gets wrong. Give the sentence and its true label.
# Section 5 has clues; the text box in section 4 is a quick way to search, and `as_read("...")`
# or `"word" in vocab` tells you whether the model knows a word.

# %%
mistake_sentence = None  # a sentence in quotes
true_label = None  # "positive", "neutral" or "negative"

passed = nb00.check_model_mistake(mistake_sentence, true_label, model, vocab)

# %% [markdown] tags=["solution"]
# ## Solutions
#
# **Stop here and try the exercises first**: a solution read before you have struggled
# teaches much less. In JupyterLab the solutions' code is folded: click the dots (or the
# bar left of a cell) to open it.
#
# These cells run the same checks on worked answers.
#
# **Exercise 1.** Short sentences built from the opinion words the corpus repeats work well:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
my_sentence = 'I loved this concert'
claim("the model calls it positive", nb00.check_positive_sentence(my_sentence, model, vocab))

# %% [markdown] tags=["solution"]
# **Exercise 2.** The embedding table holds one $D$-vector per word, and it is learned like the
# rest, so it counts. It is by far the largest part:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
n_params = V * D + H * D + H * H + H + K * H + K
print(f"E: {V * D}, W_x: {H * D}, W_h: {H * H}, b: {H}, W_o: {K * H}, b_o: {K}")
assert n_params == sum(p.size for p in model.params.values())
assert nb00.check_parameter_count(n_params, model)

# %% [markdown] tags=["solution"]
# **Exercise 3.** A negation of a word the model knows well:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
mistake_sentence, true_label = ('I never enjoyed this class', 'negative')
claim("the model gets it wrong", nb00.check_model_mistake(mistake_sentence, true_label, model, vocab))

# what the training sentences taught the model about its two key words
counts = {}
for word in ("never", "enjoyed"):
    labels = [SENTIMENT_LABELS[y] for indices, y in zip(train_indices, train_labels)
              if vocab.index(word) in indices]
    counts[word] = [labels.count(name) for name in SENTIMENT_LABELS]
    print(f"{word!r:9} is in {len(labels)} training sentences: "
          + ", ".join(f"{n} {name}" for n, name in zip(counts[word], SENTIMENT_LABELS)))
claim("the counts quoted below", counts == {'never': [5, 0, 2], 'enjoyed': [8, 0, 0]},
      got=str(counts))

# %% [markdown] tags=["solution"]
# Every word of "I never enjoyed this class" is in the vocabulary, and the model is sure it
# is positive. Its training explains why: *enjoyed* appeared only in positive sentences
# (8 of them), while *never* appeared more often in positive sentences
# ("The movie never gets boring") than in negative ones, so it is no warning sign to this
# model. And *enjoyed* sits among the last three words, where this corpus puts its opinions
# (section 5).

# %% [markdown]
# ## Next
#
# ➡️ **Next: [01 · Loops and unrolling](01_loops_and_unrolling.ipynb)** ([open on Colab](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/01_loops_and_unrolling.ipynb))
#
# Open the box: why a loop
# gives a network memory, the cell $h_t = f(W_x x_t + W_h h_{t-1} + b)$ written out, and
# unrolling it into a chain of cells that share their weights.
#
# **Further reading**
#
# - Andrej Karpathy, [The Unreasonable Effectiveness of Recurrent Neural Networks](https://karpathy.github.io/2015/05/21/rnn-effectiveness/) (2015): what RNNs can learn, with playful examples.
# - Goodfellow, Bengio and Courville, [*Deep Learning*, chapter 10](https://www.deeplearningbook.org/contents/rnn.html) (2016): the textbook treatment of recurrent networks.
# - Jeffrey Elman, [Finding Structure in Time](https://doi.org/10.1207/s15516709cog1402_1) (*Cognitive Science*, 1990): the simple recurrent network this series builds.
# - Christopher Olah, [Understanding LSTM Networks](https://colah.github.io/posts/2015-08-Understanding-LSTMs/) (2015): where to go after the plain RNN.
