# %% [markdown]
# # 05 · Vanishing and exploding gradients
#
# "I do **not** like this movie." A recurrent network reads the sentence word by word, and
# when it reaches "movie" it must still remember the "not" from three words back. Training
# teaches it to remember by sending a gradient backwards through time, from the loss at the
# end to every earlier word. In this notebook you measure what happens to that gradient on
# its way back: step after step it is multiplied by the same kind of matrix, so it shrinks
# or grows **exponentially**. You will find out which property of $W_h$ decides which (its
# eigenvalues? its singular values?), measure how far back into a sentence the gradient
# reaches before and after training, find out over five seeds how often a network learns
# "not" across a growing gap (and whether it could carry a single word that far), see
# training blow up into NaN, and try the first fix, gradient clipping: what it promises and
# what it does not.
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/05_vanishing_exploding_gradients.ipynb) [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/unrolled-rnn/unrolled/main?labpath=notebooks%2F05_vanishing_exploding_gradients.ipynb)

# %% [markdown]
# ## What you'll learn
#
# - **Compute** the Jacobians $\partial h_T/\partial h_k$ of a recurrent network and **measure** how their size changes with the distance $T-k$ (the *lag*).
# - **Predict** that rate from $W_h$: the eigenvalues for the long run of a *linear* network, the largest singular value for a bound that always holds (Pascanu, Mikolov & Bengio, 2013).
# - **Explain** with two $2\times 2$ examples why "all eigenvalues below 1" does not stop a gradient from growing: for a while in a linear network, for good in a tanh network.
# - **Measure** vanishing in real networks, over five seeds: which words of a sentence the gradient reaches (before and after training), how often "not" a few words back is learned, and how a controlled task tells architecture from data.
# - **Recognise** exploding gradients (a loss that jumps, then NaN), **tame** them with gradient clipping, by norm rather than by value, and **state** what clipping does not promise.

# %% [markdown]
# ## Before you start
#
# - **Notebook 03 · Backpropagation through time**: the gradient of the loss travels backwards through the steps of the unrolled network. This notebook looks at the size of that gradient.
# - **Linear algebra**: matrix products, eigenvalues. Singular values are explained below where they are needed.
# - **Logarithmic axes**: on a log scale, a quantity that is multiplied by the same factor at every step is a straight line.
# - **Runtime**: the README's table of notebooks gives the measured time, top to bottom, the small trainings of sections 6 to 9 included.

# %% [markdown]
# ## Setup
#
# The first cell installs `rnnlib` when the notebook runs on Colab and does nothing anywhere else.

# %%
import sys

if "google.colab" in sys.modules:  # on Colab: install rnnlib (elsewhere: already installed)
    # %pip install -q "rnnlib @ git+https://github.com/unrolled-rnn/unrolled@main"

# %%
import math

from IPython.display import display

from rnnlib.claims import claim, claim_close
from rnnlib.explorer_flow import estimate_jacobian_norms, gradient_flow
from rnnlib.exercises import nb05
from rnnlib.gradient_explorer import GradientExplorer, log_axis, plot_flow
from rnnlib.plots import COLORS, seed_spread
from rnnlib.recipes import SENTIMENT_RECIPE, sentiment_data, train_sentiment_classifier
from rnnlib.vanishing_figures import (bound_figure, cliff_figure, gap_accuracy_figure,
                                      relu_runs_figure, word_gradient_figure)
from rnnlib.widgets import dropdown, float_slider, int_slider, interactive_figure

import numpy as np
import matplotlib.pyplot as plt
import rnnlib
from rnnlib.plots import use_style

# %%
use_style()
SEED = 0
rng = np.random.default_rng(SEED)
np.set_printoptions(precision=3, suppress=True, linewidth=100)

# %% [markdown]
# ## 1 · A gradient travels back through a product of Jacobians
#
# The cell is the lecture's $h_t = \tanh(a_t)$ with $a_t = W_x x_t + W_h h_{t-1} + b$. How
# much does $h_t$ move when $h_{t-1}$ moves a little? That is the **Jacobian** of one step,
# an $H \times H$ matrix. By the chain rule, $\partial a_t/\partial h_{t-1} = W_h$, and
# $\tanh$ acts unit by unit, so each row $i$ is scaled by the slope $\tanh'(a_{t,i}) = 1 - h_{t,i}^2$:
#
# $$J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\!\big(1 - h_t^2\big)\, W_h .$$
#
# Going back several steps multiplies these matrices, the last step on the left:
#
# $$\frac{\partial h_T}{\partial h_k} = J_T\, J_{T-1} \cdots J_{k+1}
# \qquad\text{and}\qquad
# \frac{\partial L}{\partial h_k} = \Big(\frac{\partial h_T}{\partial h_k}\Big)^{\!\top} \frac{\partial L}{\partial h_T}.$$
#
# This is the product inside the lecture's formula for $\partial L/\partial W_h$: every
# term of that sum carries one such product. The number of factors is the **lag** $T-k$.
# `rnnlib.step_jacobians` builds every $J_t$, `rnnlib.jacobian_products` every product. A
# small network first: $H = 8$, $T = 6$ steps, one sequence ($B = 1$).

# %%
H1, D1, T1 = 8, 4, 6
params1 = {"W_x": rng.normal(0, 0.5, (H1, D1)), "W_h": rng.normal(0, 0.25, (H1, H1)),
           "b": np.zeros(H1)}
x1 = rng.normal(0, 1, (T1, 1, D1))                      # (T, B, D)
h0 = np.zeros((1, H1))
h1, cache1 = rnnlib.rnn_forward(x1, h0, params1)       # h1: (T, B, H)

J = rnnlib.step_jacobians(cache1, params1)              # J[t-1] = J_t
P = rnnlib.jacobian_products(cache1, params1)           # P[k] = dh_T/dh_k, P[T] = I
print("J:", J.shape, "= (T, H, H)    P:", P.shape, "= (T + 1, H, H)")
J_3 = np.diag(1 - h1[2, 0] ** 2) @ params1["W_h"]       # J_t by hand for t = 3: slopes times W_h

# %% [markdown]
# Is $P_0 = \partial h_6/\partial h_0$ really the derivative? Nudge each entry of $h_0$ by
# $\pm\varepsilon$, run the network again and watch $h_6$ move (centred differences, as in
# notebook 03):

# %%
eps = 1e-6
numeric = np.empty((H1, H1))
for j in range(H1):                      # column j: how h_6 moves when h_0[j] moves
    nudge = np.zeros((1, H1))
    nudge[0, j] = eps
    h_plus = rnnlib.rnn_forward(x1, h0 + nudge, params1)[0][-1, 0]
    h_minus = rnnlib.rnn_forward(x1, h0 - nudge, params1)[0][-1, 0]
    numeric[:, j] = (h_plus - h_minus) / (2 * eps)
largest = np.abs(numeric - P[0]).max()          # round-off: its digits differ between CPUs
print(f"Jacobian product and finite differences agree to within 1e-8: {largest < 1e-8}")

# %% [markdown]
# And the gradient that BPTT sends back to $h_0$, `rnnlib.rnn_backward`'s `dh0`, should be
# $P_0^\top$ times the gradient arriving at $h_6$:

# %%
g_T = rng.normal(0, 1, H1)               # some dL/dh_6
dh = np.zeros((T1, 1, H1))
dh[-1, 0] = g_T                          # the loss touches only the last step
_, dh0, _ = rnnlib.rnn_backward(dh, cache1, params1)
same = np.allclose(dh0[0], P[0].T @ g_T, rtol=1e-10, atol=1e-14)
print(f"BPTT's dL/dh_0 equals P_0^T dL/dh_6: {'yes' if same else 'NO'}")

# %% [markdown]
# Now the sizes. The **2-norm** $\lVert A \rVert_2$ of a matrix is the most it can stretch a
# vector, $\max \lVert A v\rVert / \lVert v\rVert$; so $\lVert \partial h_T/\partial h_k\rVert_2$
# is the largest factor by which a gradient can change on its way from step $T$ back to
# step $k$. `rnnlib.jacobian_norms` computes it for every $k$:

# %%
norms1 = rnnlib.jacobian_norms(cache1, params1)
lags1 = np.arange(T1, -1, -1)                           # lag T - k for k = 0..T
norm_Wh1 = rnnlib.largest_singular_value(params1["W_h"])   # = ||W_h||_2 (section 3)

# %%
for lag, n in zip(lags1[::-1], norms1[::-1]):
    print(f"lag {lag}:  ||dh_6/dh_{T1 - lag}||_2 = {n:.4f}")
print(f"||W_h||_2 = {norm_Wh1:.4f} at every step")

# %% [markdown]
# A gentle correction to a sentence you may have read, "the weights vanish": the weights do
# not change here at all. $W_h$ is the same matrix at every step, with the same norm. What
# shrinks is the **gradient**, because it is multiplied by one more Jacobian for every step
# it travels back.
#
# Notice also that the gradient shrinks here although $\lVert W_h\rVert_2 = 1.21$ is above 1:
# the slopes $\tanh' \le 1$ in every $J_t$ take their share, and so does the way the
# factors line up. In the next sections we find out what decides whether the product shrinks
# or grows.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert J.shape == (T1, H1, H1) and P.shape == (T1 + 1, H1, H1)
assert np.allclose(J[2], J_3)
assert np.allclose(P[0], J[5] @ J[4] @ J[3] @ J[2] @ J[1] @ J[0])
assert largest < 1e-8                                     # finite differences agree
assert np.allclose(dh0[0], P[0].T @ g_T)                  # BPTT sends back P_0^T g_T
assert norms1[-1] == 1.0                                  # lag 0: the identity
claim("the gain shrinks at every lag, to below 0.05 at lag 6",
      bool(np.all(np.diff(norms1) > 0) and norms1[0] < 0.05), got=f"{norms1[0]:.4f} at lag 6")
claim_close("||W_h||_2", norm_Wh1, 1.21, tol=0.005)       # half a unit of the quoted digit

# %% [markdown]
# ## 2 · The clean case: $W_h = r\,Q$ gives exactly $r^{\,T-k}$
#
# Take the simplest recurrent matrix: an **orthogonal** matrix $Q$ (a rotation or
# reflection, $Q^\top Q = I$, which stretches no vector) times a number $r$. Feed zeros, so
# that $h_t = 0$ and every slope $\tanh'(0) = 1$. Then every Jacobian is $rQ$, the product
# over a lag of $T-k$ steps is $r^{T-k} Q^{T-k}$, and since $Q^{T-k}$ is orthogonal too,
#
# $$\Big\lVert \frac{\partial h_T}{\partial h_k} \Big\rVert_2 = r^{\,T-k} \quad\text{exactly.}$$
#
# With $H = 32$ and $T = 50$ steps: $0.9^{50}$ is about half a percent, $1.1^{50}$ more than a hundred.

# %%
H2, T2 = 32, 50
Q = rnnlib.orthogonal(rng, H2)

lags2 = np.arange(T2, -1, -1)
norms2 = {}
for r in (0.8, 0.9, 1.0, 1.1):
    p = {"W_x": np.zeros((H2, 1)), "W_h": r * Q, "b": np.zeros(H2)}
    _, cache = rnnlib.rnn_forward(np.zeros((T2, 1, 1)), np.zeros((1, H2)), p)   # zero input
    norms2[r] = rnnlib.jacobian_norms(cache, p)

# %%
for r in norms2:
    print(f"r = {r}:  ||dh_50/dh_0||_2 = {norms2[r][0]:.6e}   r^50 = {r ** 50:.6e}")

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for r, color in zip(norms2, ("sky", "blue", "black", "vermillion")):
    ax.plot(lags2, norms2[r], "o", ms=3, color=COLORS[color], label=f"measured, r = {r}")
    ax.plot(lags2, r ** lags2.astype(float), "-", lw=1, color=COLORS[color])
log_axis(ax, -6, 4, every=2)
ax.set(xlabel="lag T − k (time steps)", ylabel="‖∂h_T/∂h_k‖₂ (gain, no unit)",
       title="W_h = r·Q, zero input: the gain is rᵀ⁻ᵏ exactly")
ax.legend(loc="lower left", ncol=2, fontsize=8)
plt.show()

# %% [markdown]
# Dots (measured) sit on the lines $r^{T-k}$: on a log axis each is straight, falling for
# $r < 1$, flat for $r = 1$, rising for $r > 1$. A factor of 0.9 per step looks harmless,
# but after 50 steps only about half a percent of the gradient is left.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert np.allclose(Q.T @ Q, np.eye(H2))                  # Q is orthogonal
assert all(np.allclose(norms2[r], r ** lags2, rtol=1e-10) for r in norms2)   # r^(T-k), every lag

# %% [markdown]
# ## 3 · Eigenvalues, singular values, and a bound that always holds
#
# For $W_h = rQ$ one number, $r$, described everything. For a general $W_h$ there are two
# candidates:
#
# - the **spectral radius** $\rho(W) = \max_i |\lambda_i|$, the largest eigenvalue in size.
#   It sets the **long-run** rate: $\lVert W^k\rVert^{1/k} \to \rho$ as $k \to \infty$.
# - the **largest singular value** $\sigma_1(W) = \lVert W\rVert_2$, the most $W$ can stretch
#   any vector in **one** step. Always $\rho \le \sigma_1$.
#
# For a **normal** matrix ($W W^\top = W^\top W$: symmetric, orthogonal, $rQ$, ...) the two
# are equal. For most matrices they are not: the usual random initialisation
# $W_h \sim \mathcal N(0, 1/H)$ has $\rho$ near 1 but $\sigma_1$ near 2.

# %%
W_gauss = rng.normal(0, 1 / np.sqrt(64), (64, 64))      # the usual initialisation, H = 64
rho_g = rnnlib.spectral_radius(W_gauss)
sigma_g = rnnlib.largest_singular_value(W_gauss)
print(f"W_h ~ N(0, 1/H), H = 64:   rho = {rho_g:.3f}   sigma_1 = {sigma_g:.3f}")

# %% [markdown]
# **The bound.** Each Jacobian is $J_t = D_t W_h$ with $D_t = \operatorname{diag}(f'(a_t))$.
# A diagonal matrix stretches by at most its largest entry, and $|f'| \le \gamma$ with
# $\gamma = 1$ for tanh (and for ReLU). Since the norm of a product is at most the product of
# the norms,
#
# $$\Big\lVert \frac{\partial h_t}{\partial h_k} \Big\rVert_2
# \le \prod_{s=k+1}^{t} \lVert D_s\rVert_2\, \lVert W_h\rVert_2
# \le (\gamma\,\sigma_1)^{\,t-k}.$$
#
# This is the bound of Pascanu, Mikolov & Bengio (2013). It holds for **every** $W_h$, every
# input and every lag, and it is stated with $\sigma_1$, not with an eigenvalue. If
# $\gamma\sigma_1 < 1$, the gradient *must* vanish exponentially. (If $\gamma\sigma_1 > 1$ it
# *may* explode, but need not: the bound is only an upper limit.)
#
# Let us test it on 200 random tanh networks: random sizes, random weight scales, random
# inputs. The ratio measured / bound must never exceed 1.

# %%
draw_rng = np.random.default_rng(SEED)
T3 = 30
lags3 = np.arange(T3, -1, -1)
ratios = []
for _ in range(200):
    H = int(draw_rng.integers(4, 33))
    p = {"W_x": draw_rng.normal(0, 1, (H, 3)),
         "W_h": draw_rng.normal(0, draw_rng.uniform(0.2, 1.4) / np.sqrt(H), (H, H)),
         "b": draw_rng.normal(0, 0.5, H)}
    x = draw_rng.normal(0, draw_rng.uniform(0, 2), (T3, 1, 3))
    _, cache = rnnlib.rnn_forward(x, np.zeros((1, H)), p)
    bound = rnnlib.pascanu_bound(rnnlib.largest_singular_value(p["W_h"]), lags3)
    ratios.append(rnnlib.jacobian_norms(cache, p) / bound)
ratios = np.array(ratios)                       # (200 networks, T + 1 lags)
worst = ratios[:, :-1].max()                    # lag 0 is the identity: ratio exactly 1

# %%
print(f"200 networks x {T3} lags: largest ratio measured / bound = {worst:.3f}")
print(f"median ratio at lag 10: {np.median(ratios[:, -11]):.1e},  "
      f"at lag 30: {np.median(ratios[:, 0]):.1e}")

# %% [markdown]
# The bound is never broken, but it is far from tight: after 10 steps, half the networks
# sit more than $10^5$ times below it, after 30 steps more than $10^{16}$ times. Two things
# make it so loose:
#
# - $\sigma_1$ is the stretch along the one direction $W_h$ stretches most, and the bound
#   assumes that every step stretches that much again. Successive steps rarely line up like
#   that: for a random $W_h$ with $\rho \approx 1$ and $\sigma_1 \approx 2$ (`W_gauss`, above),
#   the long-run rate is $\rho$, so the bound overestimates by about a factor 2 per step even
#   without tanh (section 4 looks at this closely).
# - The bound assumes every slope is $\gamma = 1$, while real inputs push $\tanh$ into its
#   flat parts, where $\tanh'(a) = 1 - h^2$ is small: **saturation**.
#
# One network shows the second reason on its own: a normal $W_h$ with $\rho = \sigma_1 = 1$ (so the
# bound is 1 at every lag), fed zero input and then inputs of growing size.

# %%
H3, T3b = 32, 60
W3 = rnnlib.recurrent_matrix(rng, H3, rho=1.0)          # normal: rho = sigma_1 = 1
W3x = rng.normal(0, 0.5, (H3, 4))
x3 = rng.normal(0, 1, (T3b, 1, 4))
lags3b = np.arange(T3b, -1, -1)

saturation = {}
for scale in (0.0, 0.5, 1.0, 2.0):
    p = {"W_x": W3x, "W_h": W3, "b": np.zeros(H3)}
    h, cache = rnnlib.rnn_forward(scale * x3, np.zeros((1, H3)), p)
    saturation[scale] = (rnnlib.jacobian_norms(cache, p), 1 - h[:, 0] ** 2)   # norms, tanh'

# %%
for scale, (n, slopes) in saturation.items():
    print(f"input scale {scale}:  gain at lag 30 = {n[-31]:.1e},  mean tanh'(a_t) = "
          f"{slopes.mean():.2f}")

# %% [markdown]
# The 200 networks and this one network, side by side:

# %%
bound_figure(lags3, ratios, lags3b, saturation)      # drawn by rnnlib.vanishing_figures
plt.show()

# %% [markdown]
# Left: every one of the 200 curves stays below the dashed line at 1, often very far below.
# Middle: with zero input the same network keeps its gradient at exactly the bound; the larger
# the inputs, the faster the decay. Right: why. Larger inputs push more slopes $\tanh'(a_t)$
# towards 0, and every small slope shrinks the product a bit more.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("rho near 1 (0.85 to 1.15) and sigma_1 near 2 (1.8 to 2.2)",
      bool(0.85 < rho_g < 1.15 and 1.8 < sigma_g < 2.2),
      got=f"rho = {rho_g:.3f}, sigma_1 = {sigma_g:.3f}")
claim("the bound overestimates the long-run rate by about a factor 2 (sigma_1 / rho, 1.8 to 2.2)",
      bool(1.8 < sigma_g / rho_g < 2.2), got=f"{sigma_g / rho_g:.2f}")
assert worst <= 1.0 + 1e-12                      # the bound holds for every network
claim("half the networks sit more than 1e5 times below the bound at lag 10, 1e16 at lag 30",
      bool(np.median(ratios[:, -11]) < 1e-5 and np.median(ratios[:, 0]) < 1e-16),
      got=f"medians {np.median(ratios[:, -11]):.1e} and {np.median(ratios[:, 0]):.1e}")
assert abs(rnnlib.largest_singular_value(W3) - 1) < 1e-12
assert np.allclose(saturation[0.0][0], 1.0)             # zero input: the bound is reached
claim("the larger the inputs, the smaller the gain at lag 30",
      bool(saturation[2.0][0][-31] < saturation[1.0][0][-31] < saturation[0.5][0][-31] < 1),
      got=", ".join(f"{saturation[s][0][-31]:.1e}" for s in (0.5, 1.0, 2.0)))

# %% [markdown]
# ## 4 · Eigenvalues are not the whole story
#
# You may have read: "if all eigenvalues of $W_h$ are below 1, the gradient vanishes". For a
# **linear** network, whose Jacobians are all $W_h$ and whose products are the powers $W_h^k$,
# that is true in the long run (the rate $\lVert W^k\rVert^{1/k}$ tends to $\rho$), but the
# long run can be long. Take
#
# $$W = \begin{pmatrix} 0.9 & 5 \\ 0 & 0.9 \end{pmatrix}.$$
#
# It is triangular, so its eigenvalues are its diagonal entries: both are 0.9. Yet it is far
# from normal, and its powers first **grow**: $W = 0.9\,I + N$ with $N^2 = 0$, so
# $W^k = (0.9\,I + N)^k = 0.9^k I + k\,0.9^{k-1} N$ (expand as for numbers, which is allowed
# because $I$ and $N$ commute; every term with $N^2$ or a higher power is zero). The factor
# $k$ grows before $0.9^k$ wins.

# %%
W4 = np.array([[0.9, 5.0], [0.0, 0.9]])
power_norms = rnnlib.matrix_power_norms(W4, 80)          # ||W^k||_2 for k = 0..80
k_peak = int(power_norms.argmax())
k_below = int(np.flatnonzero(power_norms[1:] < 1)[0]) + 1   # the first k with ||W^k||_2 < 1
rho4, sigma4 = rnnlib.spectral_radius(W4), rnnlib.largest_singular_value(W4)
print(f"rho = {rho4:.2f}   sigma_1 = {sigma4:.2f}")
print(f"||W^k||_2 peaks at k = {k_peak} with {power_norms[k_peak]:.2f}, "
      f"and first drops below 1 at k = {k_below}")

# %%
ks = np.arange(81)
fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot(ks, power_norms, "o-", ms=2.5, color=COLORS["vermillion"], label="‖Wᵏ‖₂, measured")
ax.plot(ks, rho4 ** ks.astype(float), ":", color=COLORS["blue"], lw=2, label="ρᵏ = 0.9ᵏ (eigenvalues)")
ax.plot(ks, sigma4 ** ks.astype(float), "--", color="black", lw=1, label=f"σ₁ᵏ = {sigma4:.2f}ᵏ (the bound)")
ax.axhline(1.0, color=COLORS["grey"], lw=1)
ax.annotate(f"peak {power_norms[k_peak]:.2f} at k = {k_peak}", (k_peak, power_norms[k_peak]),
            xytext=(25, 60), textcoords="offset points", arrowprops={"arrowstyle": "->"})
log_axis(ax, -4, 4, every=2)
ax.set(xlim=(0, 80), xlabel="k (steps)", ylabel="gain (no unit)",
       title="W = [[0.9, 5], [0, 0.9]]: ρ = 0.9, yet Wᵏ grows first")
ax.legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# The measured norms climb to almost 20 by $k = 9$, stay above 1 until they first drop below
# it at $k = 55$, and only in the long run fall at the eigenvalue rate, 0.9 per step (the
# factor $k$ matters less and less). The bound $\sigma_1^k$ (dashed) is respected but
# leaves the chart at once.
# So, for the powers $W^k$ of a linear network, "eigenvalues below 1 ⇒ vanishing" is exact for
# **normal** matrices and holds for every matrix in the **long run**; over a finite number of
# steps the gradient can grow a lot first.
#
# **A tanh network multiplies different matrices.** Its Jacobians are $J_t = D_t W_h$ with
# $D_t = \operatorname{diag}(\tanh'(a_t))$, a new diagonal at every step, set by the inputs,
# and the eigenvalues of $W_h$ say nothing about a product of such matrices, not even in the
# long run. Take
#
# $$W_h = \begin{pmatrix} 1.5 & 1 \\ -1 & -0.5 \end{pmatrix},$$
#
# whose eigenvalues are both 0.5 (trace 1 and determinant 0.25: $\lambda^2 - \lambda + 0.25 =
# (\lambda - 0.5)^2$), so its powers vanish. Give it $W_x = I$ and the same bounded input at
# every step, $x_t = (-h^*, 3)$, where $h^* \approx 0.99$ is the value unit 2 settles at.
# Unit 2 then sits in the flat part of tanh ($\tanh' \approx 0.03$), and unit 1 stays at
# 0 (up to round-off), in the steep middle ($\tanh' = 1$): every step's Jacobian is
# $\operatorname{diag}(1, 0.03)\,W_h$, a matrix with an eigenvalue of about 1.48.

# %%
W_c = np.array([[1.5, 1.0], [-1.0, -0.5]])
h_star = 0.0
for _ in range(100):                                    # unit 2's resting value h = tanh(3 - 0.5 h)
    h_star = math.tanh(3.0 - 0.5 * h_star)
T_c = 60
p_c = {"W_x": np.eye(2), "W_h": W_c, "b": np.zeros(2)}
x_c = np.tile([-h_star, 3.0], (T_c, 1))[:, None, :]     # (T, B, D): the same input at every step
h_c, cache_c = rnnlib.rnn_forward(x_c, np.array([[0.0, h_star]]), p_c)

# %% [markdown]
# Now measure: the gain of the tanh network at every lag, the powers of $W_h$ alone (the
# linear network), and the Jacobian of one step.

# %%
gain_c = rnnlib.jacobian_norms(cache_c, p_c)             # ||dh_T/dh_k||_2, k = 0..T
power_c = rnnlib.matrix_power_norms(W_c, T_c)            # ||W_h^k||_2: the linear network
slopes_c = 1 - h_c[-1, 0] ** 2
step_eig = np.abs(np.linalg.eigvals(np.diag(slopes_c) @ W_c)).max()
sigma_c = rnnlib.largest_singular_value(W_c)

# %%
eig_c = np.linalg.eigvals(W_c)
print(f"W_h: eigenvalues {eig_c.real.round(3)}, sigma_1 = {sigma_c:.3f}")
print(f"tanh slopes at the last step: unit 1 {slopes_c[0]:.2f}, unit 2 {slopes_c[1]:.3f}; "
      f"largest |eigenvalue| of one step's Jacobian {step_eig:.2f}")
for lag in (10, 30, 59):
    print(f"lag {lag}:  linear network ||W_h^{lag}||_2 = {power_c[lag]:.0e}   "
          f"tanh network ||dh_60/dh_{T_c - lag}||_2 = {gain_c[T_c - lag]:.1e}")

# %%
lags_c = np.arange(T_c, -1, -1)
fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot(lags_c, gain_c, color=COLORS["vermillion"], lw=2, label="tanh network, measured")
ax.plot(np.arange(T_c + 1), power_c, "o", ms=2.5, color=COLORS["blue"],
        label="linear network: ‖W_hᵏ‖₂")
ax.plot(lags_c, sigma_c ** lags_c.astype(float), "--", color="black", lw=1,
        label=f"bound σ₁ˡᵃᵍ = {sigma_c:.2f}ˡᵃᵍ")
ax.plot(lags_c, 0.5 ** lags_c.astype(float), ":", color=COLORS["blue"], lw=2,
        label="ρˡᵃᵍ = 0.5ˡᵃᵍ (eigenvalues)")
log_axis(ax, -20, 20, every=5)
ax.set(xlim=(0, T_c), xlabel="lag T − k (steps)", ylabel="gain (no unit)",
       title="W_h = [[1.5, 1], [−1, −0.5]]: both eigenvalues 0.5")
ax.legend(loc="lower left", fontsize=8)
plt.show()

# %% [markdown]
# The linear network (blue dots) follows its eigenvalues in the long run and vanishes. The
# tanh network with the same $W_h$ (red) grows by about 1.48 per step, to more than $10^{10}$
# at lag 59, and stays below the bound $\sigma_1^{\text{lag}}$ (dashed), as it must. So for a
# tanh network, "eigenvalues below 1" promises nothing, in the long run either: saturated
# units change the matrix that is multiplied at each step. What is guaranteed is the bound of
# section 3: if $\gamma\sigma_1 < 1$, the gradient vanishes. For a **normal** $W_h$,
# $\sigma_1 = \rho$, so there the eigenvalues do decide; a trained $W_h$ is rarely normal.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("the powers peak at k = 9 and first drop below 1 at k = 55", k_peak == 9 and k_below == 55,
      got=f"peak at {k_peak}, below 1 at {k_below}")
claim_close("the peak of ||W^k||_2", power_norms[k_peak], 19.38, tol=0.005)
assert np.all(power_norms <= sigma4 ** ks.astype(float) * (1 + 1e-9))    # the bound sigma_1^k holds
claim("in the long run the powers fall at about the eigenvalue rate: 0.9 per step at k = 80 "
      "(within 0.02)", abs(power_norms[80] / power_norms[79] - 0.9) < 0.02,
      got=f"{power_norms[80] / power_norms[79]:.3f}")
claim_close("unit 2's resting value h*", h_star, 0.99, tol=0.005)
claim_close("unit 2's slope tanh'", slopes_c[1], 0.03, tol=0.005)
claim("unit 1 stays at 0 up to round-off (below 1e-4)", bool(np.abs(h_c[:, 0, 0]).max() < 1e-4),
      got=f"{np.abs(h_c[:, 0, 0]).max():.1e}")
claim_close("the largest |eigenvalue| of one step's Jacobian", step_eig, 1.48, tol=0.005)
growth_c = (gain_c[1] / gain_c[T_c - 10]) ** (1 / 49)            # per step, from lag 10 to lag 59
claim_close("the tanh network's gain grows by about 1.48 per step", growth_c, 1.48, tol=0.005)
assert np.all(gain_c <= rnnlib.pascanu_bound(sigma_c, lags_c) * (1 + 1e-9))   # the bound holds
claim("the tanh network's gain at lag 59 is above 1e10 while ||W_h^59|| is below 1e-15",
      bool(gain_c[1] > 1e10 and power_c[59] < 1e-15), got=f"{gain_c[1]:.1e}, {power_c[59]:.0e}")

# %% [markdown]
# ## 5 · Explore: hidden size, eigenvalue scale, non-normality, activation
#
# Time to move the knobs yourself. `rnnlib.explorer_flow.gradient_flow(H, rho, sigma1, activation)`
# builds a random $W_h$ with spectral radius $\rho$ and largest singular value $\sigma_1$
# (`rnnlib.recurrent_matrix`: a normal part with eigenvalues spread over the disc of radius
# $\rho$, plus one $2\times 2$ block like the one of section 4 whose off-diagonal entry sets
# $\sigma_1$), runs one random sequence of $T = 100$ steps through the cell, and measures
# $\lVert \partial h_T/\partial h_k\rVert_2$ at every lag.
#
# Exact norms need $T$ products and SVDs of $H\times H$ matrices: fine for small $H$, far too
# slow for a slider at large $H$. So the slider uses
# `rnnlib.explorer_flow.estimate_jacobian_norms`, which sends only a few **vectors** back through
# time, exactly as BPTT sends a gradient, and keeps the largest stretch it finds. Since the
# 2-norm is the largest stretch over *all* directions, trying only some of them can only
# **under**-estimate it; the estimator then refines its few directions towards the most
# stretched one a few times. How close does that get? Check it against the exact norms, on
# one network first:

# %%
check_rng = np.random.default_rng(SEED)
H5, T5 = 64, 100
p5 = {"W_x": check_rng.normal(0, 0.5, (H5, 4)),
      "W_h": rnnlib.recurrent_matrix(check_rng, H5, rho=1.0, sigma1=2.0), "b": np.zeros(H5)}
_, cache5 = rnnlib.rnn_forward(check_rng.normal(0, 1, (T5, 1, 4)), np.zeros((1, H5)), p5)
exact5 = rnnlib.jacobian_norms(cache5, p5)               # 100 products and SVDs
fast5 = estimate_jacobian_norms(cache5, p5)              # 100 steps of vector products
rel5 = (exact5 - fast5) / exact5
print(f"H = {H5}, T = {T5}: the estimate is below the exact norm by at most {rel5.max():.2%}"
      f" and never above it: {rel5.min() > -1e-10}")

# %% [markdown]
# One network is one case. The cell below tries 30 random networks (sizes $H$ from 4 to 64,
# $\rho$ from 0.5 to 1.5, $\sigma_1/\rho$ from 1 to 4, tanh, ReLU and linear, $T = 60$) and
# compares the estimate with the exact norm at every lag:

# %%
many_rng = np.random.default_rng(SEED)
shortfall, exact_all = [], []
with np.errstate(over="ignore", invalid="ignore"):        # linear and ReLU with rho > 1 grow
    for net_i in range(30):
        H = int(many_rng.integers(4, 65))
        rho = many_rng.uniform(0.5, 1.5)
        p = {"W_x": many_rng.normal(0, 0.5, (H, 4)), "b": np.zeros(H),
             "W_h": rnnlib.recurrent_matrix(many_rng, H, rho, many_rng.uniform(1, 4) * rho)}
        act = ("tanh", "relu", "linear")[net_i % 3]
        _, cache = rnnlib.rnn_forward(many_rng.normal(0, 1, (60, 1, 4)), np.zeros((1, H)), p, act)
        exact, fast = rnnlib.jacobian_norms(cache, p), estimate_jacobian_norms(cache, p)
        keep = np.isfinite(exact) & (exact > 0)            # a dead ReLU unit can give a norm of 0
        shortfall.append((exact[keep] - fast[keep]) / exact[keep])
        exact_all.append(exact[keep])
shortfall, exact_all = np.concatenate(shortfall), np.concatenate(exact_all)

# %%
print(f"{shortfall.size} (network, lag) pairs, exact norms from {exact_all.min():.0e} to "
      f"{exact_all.max():.0e}")
print(f"the estimate is never above the exact norm: {bool(shortfall.min() > -1e-10)}")
print(f"equal to it within 1e-6 (relative): {np.mean(shortfall < 1e-6):.0%} of the pairs")
print(f"largest shortfall: {shortfall.max():.0%}")

# %% [markdown]
# What holds, and what does not: the estimate is **never above** the exact norm (it cannot
# be: it measures the stretch of a few actual directions); for most pairs it is the exact norm
# to six digits or more (82 % of the pairs here); and where it falls short, here by about 1 %
# at most, that is invisible on the slider's figure, whose axis spans 24 powers of ten. It is
# not a guarantee, though: the refinement converges fast when one direction stretches much
# more than the others and slower when several stretch almost equally, so other networks
# can be further off.

# %% [markdown]
# A slider should answer at once, or the figure feels sticky. Drawing a new matplotlib
# figure at every move is too slow for that on a small machine, so
# `rnnlib.gradient_explorer.GradientExplorer` keeps one figure alive and **blits** it: its
# still parts (axes, ticks, labels, legend) are drawn once and kept as a picture, and each
# redraw paints only the lines, dots and title that change. Its `draw(H, rho, ratio,
# activation)` computes with `gradient_flow` and redraws; `plot_flow`, which draws one result
# on a pair of axes, makes the static companion below.

# %%
T_SLIDER = 100                                   # steps of the random sequence
explorer = GradientExplorer(T=T_SLIDER, seed=SEED)    # the live figure, redrawn by explorer.draw

# %% [markdown]
# The figure below has four controls: **hidden size** $H$, the **eigenvalue scale** $\rho$
# (the spectral radius of $W_h$), the **non-normality** $\sigma_1/\rho$ (1 means a normal
# matrix) and the **activation** (tanh, ReLU, or linear $f(a) = a$, where the Jacobian is
# $W_h$ itself). On the left, the measured gain against the lag, with the bound
# $(\gamma\sigma_1)^{\text{lag}}$ (dashed) and the eigenvalue rate $\rho^{\text{lag}}$
# (dotted); on the right, the eigenvalues of $W_h$ in the complex plane with the unit circle
# and a dashed circle of radius $\sigma_1$ (the plane zooms out when $\sigma_1$ is large). The
# title reads out $\rho$, $\sigma_1$ and $\gamma\sigma_1$. Where the lines coincide,
# only the one drawn last (the measured one) shows. Below the sliders, a static companion
# shows four settings side by side, drawn by the same code.

# %%
display(interactive_figure(
    explorer.draw,
    H=int_slider("hidden size H", 8, 256, 64, step=8),
    rho=float_slider("eigenvalue scale ρ", 0.5, 1.5, 0.9, step=0.05),
    ratio=float_slider("non-normality σ₁/ρ", 1.0, 4.0, 1.0, step=0.25),
    activation=dropdown("activation", [("tanh", "tanh"), ("ReLU", "relu"), ("linear", "linear")]),
))

# %%
settings = [(64, 0.9, 1.0, "linear"), (64, 0.9, 3.0, "linear"), (64, 1.2, 1.0, "linear"),
            (64, 1.2, 1.0, "tanh")]                        # (H, rho, sigma_1 / rho, activation)
flows = [gradient_flow(H, rho, ratio * rho, act, T=T_SLIDER, seed=SEED)
         for H, rho, ratio, act in settings]

# %%
for (H, rho, ratio, act), out in zip(settings, flows):
    n = out["norms"]
    print(f"{act:>6}, rho = {rho}, sigma_1/rho = {ratio}:  gain at lag 10 = {n[-11]:.2e}, "
          f"lag 100 = {n[0]:.2e},  largest gain = {n.max():.2e}")

# %%
fig, axes = plt.subplots(2, 4, figsize=(13, 6.4), gridspec_kw={"height_ratios": [1.2, 1]})
for i, ((H, rho, ratio, act), flow) in enumerate(zip(settings, flows)):
    plot_flow(axes[:, i], flow, H, act, title_size=9, sep="\n")
axes[0, 0].legend(loc="lower left", fontsize=8)
plt.show()

# %% [markdown]
# From left to right: (1) a normal $W_h$ with $\rho = 0.9$ in the linear case follows
# $0.9^{\text{lag}}$ exactly (all three lines coincide); (2) the same eigenvalues with
# $\sigma_1 = 3\rho$ first amplify the gradient for a few steps, then it vanishes all the
# same; (3) with $\rho = 1.2$ the linear network explodes exactly as $1.2^{\text{lag}}$;
# (4) the tanh network with that same $W_h$ still vanishes, because its saturated units cut
# the product down. So $\rho > 1$ alone does not make a tanh network explode.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert rel5.min() > -1e-10                     # a lower estimate: never above the norm
claim("the estimate is within 1 % of the exact norm here", bool(rel5.max() < 0.01),
      got=f"{rel5.max():.2%}")
assert shortfall.min() > -1e-10                # a lower estimate, whatever the network
claim_close("share of pairs equal within 1e-6", np.mean(shortfall < 1e-6), 0.82, tol=0.005)
claim("the largest shortfall over the 30 networks is about 1 % (below 1.5 %)",
      bool(shortfall.max() < 0.015), got=f"{shortfall.max():.1%}")
assert all(np.all(out["norms"] <= out["bound"] * (1 + 1e-9)) for out in flows)   # the bound
assert np.allclose(flows[0]["norms"], 0.9 ** flows[0]["lags"])          # normal, linear: rho^lag
assert np.allclose(flows[0]["bound"], 0.9 ** flows[0]["lags"])          # ... and so is the bound
claim("sigma_1 = 3 rho: the gain first grows above 2, then falls below 1e-2",
      bool(flows[1]["norms"].max() > 2 and flows[1]["norms"][0] < 1e-2),
      got=f"largest {flows[1]['norms'].max():.2e}, at lag 100 {flows[1]['norms'][0]:.2e}")
assert np.allclose(flows[2]["norms"], 1.2 ** flows[2]["lags"])          # explodes as 1.2^lag
claim("tanh with rho = 1.2 still vanishes (gain below 1e-3 at lag 100)",
      bool(flows[3]["norms"][0] < 1e-3), got=f"{flows[3]['norms'][0]:.2e}")
assert np.allclose(flows[2]["eigenvalues"], flows[3]["eigenvalues"])    # the same W_h

# %% [markdown]
# ## 6 · Vanishing in practice: which words does the gradient reach?
#
# Now a network that learned something: **the trained sentiment classifier** of the series
# (`ManyToOneClassifier`: embeddings, a tanh RNN, the last hidden state, a softmax over
# positive / neutral / negative), trained with `rnnlib.recipes`' `SENTIMENT_RECIPE`
# ($D = H = 32$, Adam with learning rate 0.02, 15 epochs of mini-batches of 32). With
# `SEED = 0`, `train_sentiment_classifier(SEED)` gives exactly the model notebook 00 trains
# step by step.

# %%
data = sentiment_data()                     # (vocab, train, test), as notebook 00 builds them
vocab, train, test = data
train_texts, train_labels = rnnlib.load_sentiment("train")
test_texts, test_labels = rnnlib.load_sentiment("test")
print(f"{len(train_texts)} training and {len(test_texts)} test sentences, V = {len(vocab)}")
print("recipe:", SENTIMENT_RECIPE)

# %%
model, history = train_sentiment_classifier(SEED, data=data, log_every=5)


# %% [markdown]
# How much does the loss of one sentence depend on each of its words? That is the size of
# $\partial L/\partial x_t$, the gradient that reaches the embedding of word $t$. We get it
# from the model's own pieces: its forward pass (which keeps the cache), the gradient of the
# cross-entropy, back through the output layer to $h_T$, then `rnnlib.rnn_backward` down to
# every $x_t$:

# %%
def word_gradients(model, texts, labels):
    """||dL/dx_t|| for every word of every text, L the cross-entropy of that text alone:
    g (T, B), zero after each text's end, and the lengths (B,)."""
    tokens, lengths = rnnlib.encode_batch(vocab, texts)
    logits, cache = model.forward(tokens, lengths)
    B = len(texts)
    _, dlogits = rnnlib.softmax_cross_entropy(logits, np.asarray(labels))
    dlogits = dlogits * B                    # the loss of each sentence, not the batch mean
    dh_last, _, _ = rnnlib.affine_backward(dlogits, cache.aff)
    dh = rnnlib.last_step_backward(dh_last, lengths, len(cache.h))   # (T, B, H): loss at the ends
    cell = {k: model.params[k] for k in ("W_x", "W_h", "b")}
    dx, _, _ = rnnlib.rnn_backward(dh, cache.rnn, cell)     # (T, B, D)
    g = np.linalg.norm(dx, axis=2)
    g[~rnnlib.length_mask(lengths, g.shape[0], dtype=bool)] = 0.0
    return g, lengths


# %%
g_test, len_test = word_gradients(model, test_texts, test_labels)
print("g:", g_test.shape, "= (T, B)")
BACKS = 6                                    # the last word and the 5 words before it
counts = [int(np.sum(len_test > back)) for back in range(BACKS)]
print("test sentences with a word this far back:", counts)


# %% [markdown]
# For each test sentence we divide by its largest word gradient and count the positions back
# from the last word; the **profile** is the typical (geometric mean) share at each position.

# %%
def gradient_profile(model):
    """The typical share of each sentence's largest word gradient, 0..BACKS-1 words back.

    Geometric mean over the test sentences long enough to have a word there. (BACKS,)
    """
    g, lengths = word_gradients(model, test_texts, test_labels)
    relative = np.full((len(lengths), g.shape[0]), np.nan)
    for b, n in enumerate(lengths):
        relative[b, :n] = g[:n, b][::-1] / g[:n, b].max()    # [0] = the last word
    return np.exp(np.nanmean(np.log(relative[:, :BACKS]), axis=0))


# %% [markdown]
# One model is one draw, so we measure the profile for the models of seeds 0 to 4, and, as
# the control, for the same five networks **before training** (the recipe's starting point
# for each seed). If the profile is steep before
# training, the steepness comes from the architecture, not from what training learned.

# %%
SEEDS = range(5)                             # the seeds of every seed study in this notebook
before, after, test_accs = [], [], []
for seed in SEEDS:
    start = rnnlib.ManyToOneClassifier(len(vocab), SENTIMENT_RECIPE["embed_dim"],
                                       SENTIMENT_RECIPE["hidden_size"], 3,
                                       rng=np.random.default_rng(seed))   # the recipe's start
    trained, hist = (model, history) if seed == SEED else train_sentiment_classifier(seed, data=data)
    before.append(gradient_profile(start))
    after.append(gradient_profile(trained))
    test_accs.append(hist["test_acc"][-1])
before, after = np.array(before), np.array(after)       # (5 seeds, BACKS positions)

# %%
print("test accuracy, seeds 0-4:", " ".join(f"{a:.3f}" for a in test_accs),
      f"  median {np.median(test_accs):.3f}")
print("words before the end:        " + "".join(f"{b:6d}" for b in range(BACKS)))
for name, prof in (("before training", before), ("after training ", after)):
    print(f"{name}, median:  " + "".join(f"{v:6.2f}" for v in np.median(prof, axis=0)))
    print(f"{name}, lowest:  " + "".join(f"{v:6.2f}" for v in prof.min(axis=0)))
    print(f"{name}, highest: " + "".join(f"{v:6.2f}" for v in prof.max(axis=0)))

# %% [markdown]
# How steep is a tanh unit, on average, in the untrained network of seed 0 as it reads the
# test sentences? The slope $\tanh'(a_t) = 1 - h_t^2$ of every unit at every real word:

# %%
tokens_test, lengths_test = rnnlib.encode_batch(vocab, test_texts)
start = rnnlib.ManyToOneClassifier(len(vocab), SENTIMENT_RECIPE["embed_dim"],
                                   SENTIMENT_RECIPE["hidden_size"], 3, rng=np.random.default_rng(SEED))
h_start = start.forward(tokens_test, lengths_test)[1].h                 # (T, B, H)
in_sentence = rnnlib.length_mask(lengths_test, h_start.shape[0], dtype=bool)  # (T, B): real words
mean_slope = float((1 - h_start ** 2)[in_sentence].mean())
print(f"before training (seed {SEED}): mean slope tanh'(a_t) over the words of the test "
      f"sentences {mean_slope:.2f}")

# %%
word_gradient_figure(g_test, len_test, test_texts, before, after, SEED)   # rnnlib.vanishing_figures
plt.show()

# %% [markdown]
# Left: each row is one test sentence, right-aligned so that its last word is in the last
# column; the darker a word, the less the loss depends on it. Right: the typical share per
# position for the five seeds (a dot per seed, the line through the medians), before
# training (grey squares) and after (red dots). Both profiles fall towards the beginning of
# the sentence, and the five seeds follow the same shape. But the steeper one is the profile
# **before** training: the median share 5 words back is about 0.09 of the largest before
# training and about 0.22 after, and this holds for every one of the five seeds. Training
# did not teach the network to ignore early words; it learned to reach a little further
# back than it could at the start.
#
# So where does the fall come from? Two different causes are easy to mix up:
#
# - **The architecture.** A word read $k$ steps before the end reaches the loss through $k$
#   Jacobians $\operatorname{diag}(\tanh'(a_t))\,W_h$. At the recipe's start the embeddings
#   are $\mathcal N(0, 1)$, not small, and $W_h \sim \mathcal N(0, 1/H)$: many units sit in
#   the flat parts of tanh, and the average slope $\tanh'(a_t)$ over the words of the test
#   sentences is only about 0.5 (printed above), so the product shrinks at every step, as in
#   section 3. That is the steep grey profile, with no data involved yet.
# - **The data.** Where are the words that carry the opinion? Call a word an *opinion word*
#   if it appears in at least 3 training sentences and at least 90 % of those are positive or
#   at least 90 % negative. Count where they sit:

# %%
tokens_train = [rnnlib.tokenize(t) for t in train_texts]
label_counts = {}                                  # word -> sentences per label (pos, neu, neg)
for words, label in zip(tokens_train, train_labels):
    for w in set(words):
        label_counts.setdefault(w, np.zeros(3))[label] += 1
opinion_words = sorted(w for w, c in label_counts.items()
                       if c.sum() >= 3 and max(c[0], c[2]) >= 0.9 * c.sum())
back_of = [len(words) - 1 - i for words in tokens_train for i in range(len(words))]
back_opinion = [len(words) - 1 - i for words in tokens_train
                for i, w in enumerate(words) if w in opinion_words]
share_opinion = np.mean(np.array(back_opinion) <= 2)
share_all = np.mean(np.array(back_of) <= 2)

# %%
print(f"{len(opinion_words)} opinion words, e.g. {', '.join(opinion_words[:8])}, ...")
print(f"in the last 3 words of their sentence: {share_opinion:.0%} of the "
      f"{len(back_opinion)} opinion words, {share_all:.0%} of all {len(back_of)} words")

# %% [markdown]
# In this corpus 92 % of the opinion words sit among the last 3 words of their sentence
# (against 52 % of all words, since the sentences are short). A model that leans on the
# last few words can be right most of the time, so the corpus gives training little reason to
# reach further back, and little chance to find out whether it could.
#
# What is **architecture**: the gradient of an early word is a product of more tanh
# Jacobians, and at the start of training that product is small (the grey profile);
# this is the vanishing gradient, and it is why an untrained network already "hears" mostly
# the last words. What is **data**: this corpus puts its opinions at the end, so it never
# tests long-range reading. The lecture's "bias towards recent inputs" in this model is the
# two together; training on this corpus flattened the profile a little rather than steepening
# it. Could this kind of network learn to use a word far from the end, if the data asked for
# it? That needs a controlled task, where we choose the position of the decisive word:
# section 7.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert model.params["W_h"].shape == (SENTIMENT_RECIPE["hidden_size"],) * 2
claim_close("test accuracy", history["test_acc"][-1], 0.878, tol=5e-4)   # half a unit, SEED = 0
claim("before training the mean slope is about 0.5 (0.45 to 0.6)", 0.45 < mean_slope < 0.6,
      got=f"{mean_slope:.2f}")
claim_close("median test accuracy over seeds 0-4", np.median(test_accs), 0.878, tol=5e-4)
claim("for every seed the profile falls from the last word to 5 words back, before and after "
      "training", bool(np.all(before[:, -1] < before[:, 0]) and np.all(after[:, -1] < after[:, 0])),
      got="a seed whose profile does not fall")
claim("for every seed the profile 5 words back is higher after training than before",
      bool(np.all(after[:, -1] > before[:, -1])),
      got=" ".join(f"{b:.2f}->{a:.2f}" for b, a in zip(before[:, -1], after[:, -1])))
claim_close("median share 5 words back, before training", np.median(before[:, -1]), 0.09, tol=0.005)
claim_close("median share 5 words back, after training", np.median(after[:, -1]), 0.22, tol=0.005)
claim_close("share of opinion words in the last 3 words", share_opinion, 0.92, tol=0.005)
claim_close("share of all words in the last 3 words", share_all, 0.52, tol=0.005)

# %% [markdown]
# ## 7 · Long-term dependencies: forgetting "not"
#
# In "I do **not** like this movie" the word "not" sits three words before the last. A
# network that reads to the end must carry "not" across those words, and to *learn* to do so,
# the gradient must travel back across them. `rnnlib.negation_task(n, gap, rng)` makes that
# precise: short sentences of filler words where "not" (or a filler in its place) stands
# exactly `gap` words before the final sentiment word (so `gap - 1` fillers lie between
# them), and "not" flips the label. Below, with gap 3, "not" is followed by two fillers and
# then the sentiment word.

# %%
demo_texts, demo_labels = rnnlib.negation_task(4, 3, np.random.default_rng(SEED))
names = ("positive", "negative")
for text, label in zip(demo_texts, demo_labels):
    print(f"{names[label]:>8}: {text}")

# %% [markdown]
# For each gap we train the same small network (tanh, $D = 8$, $H = 16$, Adam with learning
# rate 0.02, 10 epochs of mini-batches of 32 on 800 sentences) and test it on 400 new ones.
# Guessing gives 50 %. One training run is one draw, so every gap is trained for **five
# seeds** (0 to 4: each seed draws its own sentences, starting weights and mini-batches).
#
# Five seeds times several gaps would be slow to train one model at a time, so
# `rnnlib.gap_studies.negation_study(gap)` trains the five models of one gap **at once**
# (with `rnnlib.stacked_classifiers`, the trainer notebook 06 uses for its gated cells too):
# the same network with a leading "seed" axis on every parameter, so that each matrix product
# handles all five (and `rnnlib.Adam` updates arrays of any shape entry by entry, so it works
# unchanged). For each seed it draws the same
# sentences, starting weights and mini-batch order as `ManyToOneClassifier` +
# `fit_classifier` with `np.random.default_rng(seed)` would, and its gradients are tested
# against theirs. To keep it quick we train gaps 2, 4, 6, 8 and 12 (every sentence of a gap
# has the same length, gap + 3 words, so no padding is needed). A seed *solves* a gap when
# its test accuracy reaches 0.9; below 0.6 it stays near chance:

# %%
SOLVED, CHANCE = 0.9, 0.6                    # test accuracy: solved at or above, chance below


def verdicts(acc):
    """One symbol per seed: ✓ solved, ~ in between, · at chance."""
    return " ".join("✓" if a >= SOLVED else "·" if a < CHANCE else "~" for a in acc)


# %%
from rnnlib.gap_studies import negation_study    # the seed studies of sections 7 and 9

GAPS = (2, 4, 6, 8, 12)
negation = {gap: negation_study(gap) for gap in GAPS}           # gap -> (train acc, test acc)
test_by_gap = np.array([negation[gap][1] for gap in GAPS]).T     # (5 seeds, gaps)
n_solved = [int(np.sum(negation[gap][1] >= SOLVED)) for gap in GAPS]

# %%
for gap, n in zip(GAPS, n_solved):
    print(f"gap {gap:2d}: seeds 0-4  {verdicts(negation[gap][1])}   solved by {n} of 5")
print(f"✓ test accuracy >= {SOLVED}   ~ between   · below {CHANCE} (chance is 0.5)")

# %%
gap_accuracy_figure([(GAPS, test_by_gap, "test accuracy", "vermillion", "o")], xticks=GAPS,
                    xlabel='gap: how many words "not" comes before the sentiment word',
                    title="Negation task, tanh RNN (H = 16, 10 epochs), seeds 0-4")
plt.show()

# %% [markdown]
# Each dot is one seed, the line joins the medians. At gap 2 all five seeds learn the task
# perfectly. Then the **fraction of seeds that solve it falls with the gap**: 3 of 5 at gap
# 4 (the other two stay near chance), 1 of 5 at gap 6, none at gaps 8 and 12. It is not a
# sharp threshold: a seed can still get above chance at a long gap (one seed ends between 0.6
# and 0.9 at gap 8, and more epochs might take it further: see Try it), and a seed can fail
# at a short one. What five seeds do support: the longer the gap, the less
# likely this network is to learn to carry "not" in 10 epochs. Nothing about the task is
# harder at gap 8 than at gap 4 except the distance, and the gradient that should teach
# "carry the 'not'" has to cross every word of it, one Jacobian per word.

# %% [markdown]
# ### A control: the sentiment word itself, far back
#
# Is it the distance alone that defeats the network, or the kind of memory the task asks
# for? Section 6 left the same question open for the sentiment corpus. The control task
# answers it with the same sentences: the sentiment word moves to where "not" (or the filler
# in its place) stood, and a filler takes its place at the end. The label is now that word's
# own sentiment, `gap` words before the end. The lengths, the words, the distance, the
# network and its training are those of the negation task (the seeds draw the same
# sentences, starting weights and mini-batches); what differs is what must be carried: one
# word's sentiment, instead of a "not" that changes the meaning of a word still to come.

# %%
from rnnlib.gap_studies import opinion_control   # the control's sentences, made from the task's

for text, label, moved, new in zip(demo_texts, demo_labels, *opinion_control(demo_texts, demo_labels)):
    print(f"{names[label]:>8}: {text:<34} control {names[new]:>8}: {moved}")

# %%
CONTROL_GAPS = (6, 8, 12)
control = {gap: negation_study(gap, control=True)[1] for gap in CONTROL_GAPS}   # test accuracy
control_by_gap = np.array([control[gap] for gap in CONTROL_GAPS]).T            # (5 seeds, gaps)
n_control = [int(np.sum(control[gap] >= SOLVED)) for gap in CONTROL_GAPS]

# %%
for gap, n in zip(CONTROL_GAPS, n_control):
    print(f"gap {gap:2d}:  negation {verdicts(negation[gap][1])} ({n_solved[GAPS.index(gap)]} of 5)"
          f"   control {verdicts(control[gap])} ({n} of 5)")

# %%
gap_accuracy_figure([(GAPS, test_by_gap, 'negation: carry "not"', "vermillion", "o"),
                     (CONTROL_GAPS, control_by_gap, "control: carry the sentiment word", "blue", "s")],
                    xticks=GAPS, ylim=(0.25, 1.03), legend_loc="lower left",
                    xlabel="gap: how many words before the last the decisive word stands",
                    title="Negation task and its control, tanh RNN (H = 16), seeds 0-4")
plt.show()

# %% [markdown]
# Blue squares: the control (the two tasks are drawn side by side at each gap). Where the negation task is solved by one seed of five (gap 6)
# or none (gap 8), the control is solved by all five: this small network, trained the same
# way, does learn to use a word 8 words before the end when the data asks for it. At gap 12
# the control fails too (1 seed of 5), so the distance does matter; but how far a network
# learns to reach depends on what it must carry. Keeping a "not" until the word it flips
# arrives, and combining the two, is harder to learn across the same gap than keeping a
# word's own sentiment.
#
# This answers section 6's question. The steep word-gradient profile of the untrained
# network is **architecture**: a product of tanh Jacobians that shrinks with every word.
# That the trained sentiment classifier still leans on the last few words reflects its
# **data** more than a limit of the network: its corpus puts 92 % of the opinion words
# there, and when a task puts the decisive word 8 words back, the same kind of network
# learns to reach it.

# %% [markdown]
# ### A different limit: the size of the state
#
# The lecture also names "short-term memory due to the finite size of the hidden state". That
# is a limit of its own, and easy to confuse with vanishing. A task where it binds: the
# network reads $k = 3$ items (each one of 8 symbols), then `gap` filler words, then a
# question "which was item $j$?", and must answer with that item (8 classes: guessing gives
# 12.5 %). Holding three items at once needs room in $h_t$. We train the same kind of
# network (10 epochs, seeds 0 to 4) for hidden sizes $H$ = 4, 16 and 64 at gap 1, and for
# $H = 64$ at gaps 1, 4 and 8.

# %%
from rnnlib.gap_studies import N_SYMBOLS, recall_study   # 3 items, each one of N_SYMBOLS = 8

SIZES, RECALL_GAPS = (4, 16, 64), (1, 4, 8)
by_size = np.array([recall_study(1, H) for H in SIZES]).T            # (5 seeds, sizes)
by_gap = np.array([by_size[:, -1]] + [recall_study(gap, 64) for gap in RECALL_GAPS[1:]]).T
med_size, med_gap = np.median(by_size, axis=0), np.median(by_gap, axis=0)

# %%
# Training at long gaps is chaotic: its digits move with the CPU's rounding, so we print what
# the medians show and draw the accuracies (a dot per seed) below.
print(f"gap 1: the median test accuracy rises with H = {SIZES}: {bool(np.all(np.diff(med_size) > 0))}")
print(f"H = 64: the median test accuracy falls with the gap {RECALL_GAPS}: "
      f"{bool(np.all(np.diff(med_gap) < 0))}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
seed_spread(axes[0], np.log2(SIZES), by_size, label="gap 1", color=COLORS["blue"])
axes[0].set(xticks=np.log2(SIZES), xticklabels=[str(H) for H in SIZES],
            xlabel="hidden size H (log scale)", ylabel="test accuracy (fraction correct)",
            title="recall 3 items: a larger state helps")
seed_spread(axes[1], RECALL_GAPS, by_gap, label="H = 64", color=COLORS["vermillion"])
axes[1].set(xticks=RECALL_GAPS, xlabel="gap (filler words before the question)",
            title="the same task, H = 64: a longer gap hurts")
for ax, corner in zip(axes, ("lower right", "upper right")):
    ax.axhline(1 / N_SYMBOLS, color="black", lw=1, ls=":", label="chance (1/8)")
    ax.set_ylim(0, 1.03)
    ax.legend(loc=corner, fontsize=8)
plt.show()

# %% [markdown]
# Left: at a gap of one word, a network with 4 hidden units answers about a third of the
# questions, one with 64 about nine in ten: the size of the state limits how much the network
# can hold at once, and a larger state helps. Right: the largest network of the left panel,
# $H = 64$, loses most of that as the gap grows, to about 0.2 at gap 8, although it has just
# as much room and has to hold just as much. What grows with the gap is the distance the
# gradient that teaches "hold item $j$" must travel back: that is the vanishing gradient,
# not a lack of room (and it is what notebook 06's gated cells address). Two different
# limits, then: the size of the state bounds what a network can hold at once; the vanishing
# gradient bounds how far back it can learn to hold it.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("one of the demo sentences has \"not\"", any("not" in t.split() for t in demo_texts),
      got="no \"not\" in these four")
claim("seeds that solve gaps 2, 4, 6, 8, 12: 5, 3, 1, 0, 0 of 5", n_solved == [5, 3, 1, 0, 0],
      got=", ".join(map(str, n_solved)))
claim("at gap 2 all five seeds answer every test sentence right", bool(np.all(negation[2][1] == 1.0)),
      got=verdicts(negation[2][1]))
claim("at gap 4 the two seeds that fail stay near chance (below 0.6)",
      bool(np.sum(negation[4][1] < CHANCE) == 2), got=verdicts(negation[4][1]))
claim("at gap 8 one seed ends between 0.6 and 0.9, the others stay below 0.6",
      bool(np.sum((negation[8][1] >= CHANCE) & (negation[8][1] < SOLVED)) == 1
           and np.sum(negation[8][1] < CHANCE) == 4), got=verdicts(negation[8][1]))
claim("at gap 12 all five seeds are within 0.05 of chance",
      bool(np.all(np.abs(negation[12][1] - 0.5) < 0.05)), got=verdicts(negation[12][1]))
claim("the control is solved at gaps 6, 8 and 12 by 5, 5 and 1 of 5 seeds", n_control == [5, 5, 1],
      got=", ".join(map(str, n_control)))
claim("at gap 1 the median accuracy rises with H, from about 0.3 to about 0.9",
      bool(np.all(np.diff(med_size) > 0) and abs(med_size[0] - 0.3) < 0.05
           and abs(med_size[-1] - 0.9) < 0.05), got=" ".join(f"{m:.2f}" for m in med_size))
claim("at H = 64 the median accuracy falls with the gap, to about 0.2 at gap 8",
      bool(np.all(np.diff(med_gap) < 0) and abs(med_gap[-1] - 0.2) < 0.05),
      got=" ".join(f"{m:.2f}" for m in med_gap))

# %% [markdown]
# ## 8 · Exploding gradients: NaN, the cliff, and clipping
#
# The other side: Jacobians that stretch. ReLU units do not saturate for positive inputs, so
# a $W_h$ with a large eigenvalue scale multiplies both the hidden state and the gradient at
# every step. We take a small sentiment classifier with ReLU units ($D = 8$, $H = 16$: not the
# reference model of section 6, because all this run has to show is a NaN, and a small
# network shows it in a few fast steps), set its $W_h$ to spectral radius 4, and take plain
# SGD steps on mini-batches of 16 sentences, with learning rate 0.1.
# `rnnlib.exploding_sgd.sgd_run(rho, clip)` runs it and returns the loss and the gradient norm
# of every step, and the error that stopped the run. Inside, `np.errstate` keeps numpy from
# printing overflow warnings; it checks every loss with `math.isfinite` itself.

# %%
from rnnlib.exploding_sgd import sgd_run       # SGD with a ReLU RNN whose W_h has radius rho

plain_loss, plain_norm, plain_error = sgd_run(4.0, seed=SEED, data=data)

# %%
for step, (loss, norm) in enumerate(zip(plain_loss, plain_norm), start=1):
    print(f"step {step:2d}: loss {loss:9.1e}   gradient norm {norm:9.1e}")
print(f"step {len(plain_loss)} stopped with: {plain_error}")
print(f"(the largest float64 is {np.finfo(np.float64).max:.1e})")

# %% [markdown]
# The loss starts far above $\ln 3 \approx 1.1$, the loss of a uniform guess, because the
# large $W_h$ already inflates the hidden state. The first gradients are in the hundreds; one
# step throws the weights far away, the next forward pass makes the hidden state larger
# still, the next gradient is larger again, and within a few steps the numbers reach the
# largest float, about $1.8\times 10^{308}$. Beyond it lies $\infty$, and $\infty - \infty$ is
# **NaN** ("not a number"): every number computed from a NaN is NaN too. In PyTorch you would
# now read `loss = nan`; `rnnlib` raises an error instead: its output layer refuses the NaN
# hidden state it is given (its input, which the message printed above calls `x`). Either way the run is over: no further step can repair the weights.
#
# **Clipping** (Pascanu et al., 2013): before each step, if the gradient's global norm is
# above a threshold, scale the whole gradient down to that norm. The same run, threshold 5:

# %%
clip_loss, clip_norm, clip_error = sgd_run(4.0, clip=5.0, seed=SEED, data=data)

# %%
for step in (1, 2, 3, 5, 10, 20, 30):
    print(f"step {step:2d}: loss {clip_loss[step - 1]:7.3f}   gradient norm before clipping "
          f"{clip_norm[step - 1]:8.1f}")

# %% [markdown]
# One run is one draw of starting weights and mini-batches. The same two runs for seeds 0 to
# 4:

# %%
relu_runs = {seed: (sgd_run(4.0, seed=seed, data=data)[0],
                    sgd_run(4.0, clip=5.0, seed=seed, data=data)[0])
             for seed in SEEDS}                          # seed -> (plain losses, clipped losses)
nan_at = [len(p) for p, _ in relu_runs.values() if np.isnan(p[-1])]   # where plain runs broke
last5 = [c[-5:].mean() for _, c in relu_runs.values()]  # each clipped run's last 5 losses

# %%
for seed, (plain, clipped) in relu_runs.items():
    fate = f"NaN at step {len(plain)}" if np.isnan(plain[-1]) else "finite to the end"
    print(f"seed {seed}:  plain SGD {fate:<17}  clipped: {np.sum(np.isfinite(clipped))} finite "
          f"steps, mean loss of the last 5 {clipped[-5:].mean():.2f}")

# %%
relu_runs_figure(relu_runs, SEED)                 # drawn by rnnlib.vanishing_figures
plt.show()

# %% [markdown]
# Left, on a log scale up to $10^{300}$: without clipping the loss climbs by hundreds of
# orders of magnitude and ends in NaN (the crosses), for every seed; the bold line is seed 0.
# Right: with clipping the loss still jumps in the first steps (the gradient is still huge,
# only the step is limited), but every run stays finite and comes down to a loss between
# about 1.1 and 2.4 (the mean of its last 5 steps), within about a factor 2 of the uniform
# guess, from where training can go on. Here the unclipped jump destroys the run for good.

# %% [markdown]
# **Where do such gradients come from?** Pascanu et al. show it with a network of a single
# unit, $x_t = w\,\sigma(x_{t-1}) + b$ with the logistic sigmoid $\sigma$. Here we run it for
# $T = 50$ steps from $x_0 = 0.5$, with the loss $(x_{50} - 1)^2$. For some $(w, b)$ the unit has
# two stable states, and a tiny change of $b$ decides which one $x_{50}$ ends in: the loss
# has a **cliff**. `rnnlib.cliff.cliff_loss_and_grads` computes the loss and its gradient
# (by BPTT through the 50 steps) on a whole grid at once. We run 80 steps of gradient
# descent (learning rate 0.05) from one start, once plain and once clipped to norm 2
# (`rnnlib.cliff.descend`, which returns the path of $(w, b)$).

# %%
from rnnlib.cliff import cliff_loss_and_grads, descend, descend_many

START = (4.4, -3.2)
path_plain = descend(*START)
CLIFF_LR, CLIFF_CLIP = 0.05, 2.0          # descend's learning rate, and the clipping norm
path_clip = descend(*START, lr=CLIFF_LR, clip=CLIFF_CLIP)
step_plain = np.hypot(*np.diff(path_plain, axis=0).T)
step_clip = np.hypot(*np.diff(path_clip, axis=0).T)
jump = int(step_plain.argmax())
loss_plain = cliff_loss_and_grads(path_plain[:, 0], path_plain[:, 1])[0]   # (steps + 1,)
loss_clip = cliff_loss_and_grads(path_clip[:, 0], path_clip[:, 1])[0]


# %%
def loss_text(loss):
    """A loss for printing: below 1e-12 its digits are round-off, so say only that."""
    return f"{loss:.1e}" if loss >= 1e-12 else "below 1e-12"


print(f"plain:   largest step {step_plain.max():5.2f} (step {jump + 1}; the steps before it: "
      f"at most {step_plain[:jump].max():.2f})")
print(f"clipped: largest step {step_clip.max():5.2f} (never more than lr x clip = "
      f"{CLIFF_LR * CLIFF_CLIP:.2f})")
print(f"plain:   the jump takes the loss from {loss_plain[jump]:.1f} to {loss_plain[jump + 1]:.0f}; "
      f"after 80 steps: {loss_text(loss_plain[-1])}")
print(f"clipped: largest loss after the start {loss_clip[1:].max():.1f}; after 80 steps: "
      f"{loss_text(loss_clip[-1])}")

# %%
cliff_figure(path_plain, path_clip, START, zoom=(3.6, 4.9, -3.4, -1.6))   # rnnlib.vanishing_figures
plt.show()

# %% [markdown]
# Left: the dark band is where the loss is small; the sharp edge running down to the right
# is the cliff, where $x_{50}$ switches from one stable state to the other. Right, zoomed:
# plain gradient descent walks up to the edge, lands on it, meets a huge gradient and is
# thrown far out (the long red segment): in one step its loss goes from about 2 to about
# 250, all progress lost. But where it lands the surface slopes gently back down, and it
# walks into the wide part of the valley at small $w$, ending with a loss below $10^{-12}$.
# The clipped run is never thrown: it crosses the edge in steps of at most
# $0.05 \times 2 = 0.1$, and then zig-zags along the narrow valley beside the cliff, where
# the gradient is larger than 2 at most points, so most steps have the full length 0.1 and
# overshoot; it ends at a loss of about 0.06, **higher** than the plain run.
#
# One start is one case. The same two descents from 77 starts on a grid below the cliff
# ($w$ from 3.6 to 5.6, $b$ from −3.8 to −2.6), all at once (`cliff_loss_and_grads` takes
# arrays, and so does `rnnlib.cliff.descend_many`, which returns every start's losses and
# step lengths):

# %%
w_grid, b_grid = (a.ravel() for a in np.meshgrid(np.linspace(3.6, 5.6, 11), np.linspace(-3.8, -2.6, 7)))
many_plain, steps_plain_many = descend_many(w_grid, b_grid)
many_clip, steps_clip_many = descend_many(w_grid, b_grid, lr=CLIFF_LR, clip=CLIFF_CLIP)
thrown = steps_plain_many.max(axis=0) > 1                      # a step longer than 1
at_jump = steps_plain_many.argmax(axis=0)
rise = many_plain[at_jump + 1, np.arange(w_grid.size)] / many_plain[at_jump, np.arange(w_grid.size)]
clip_lower = int(np.sum(many_clip[-1] < many_plain[-1]))
plain_lower = int(np.sum(many_plain[-1] < many_clip[-1]))

# %%
print(f"{w_grid.size} starts; plain descent thrown (a step longer than 1) from {thrown.sum()}")
print(f"at that step, its loss rose by a factor of {np.median(rise[thrown]):.0f} (median)")
print(f"after 80 steps, median loss: plain {np.median(many_plain[-1]):.0e}, "
      f"clipped {np.median(many_clip[-1]):.0e}; the clipped run ends lower from {clip_lower} starts")

# %%
floor = 1e-12                                                  # below: round-off, drawn at the floor
fig, ax = plt.subplots(figsize=(5.2, 4.6))
for mask, color, label in ((thrown, COLORS["vermillion"], "plain run thrown (a step > 1)"),
                           (~thrown, COLORS["blue"], "plain run never thrown")):
    ax.plot(np.maximum(many_plain[-1, mask], floor), many_clip[-1, mask], "o", ms=5, alpha=0.7,
            color=color, label=f"{label}: {mask.sum()} starts")
ax.plot([floor, 1e2], [floor, 1e2], ":", color="black", lw=1, label="equal")
ax.set(xscale="log", yscale="log", xlim=(floor / 3, 1e2), ylim=(floor / 3, 1e2),
       xlabel="plain descent: loss after 80 steps (10⁻¹²: below)", ylabel="clipped to norm 2: loss after 80 steps",
       title="77 starts below the cliff")
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# Each dot is one start; above the dotted line the clipped run ended higher. The plain run
# is thrown from more than half of the starts, and at that step its loss rises about
# twentyfold; yet after 80 steps the clipped run ends lower from only 2 of the 77 starts. On
# this small surface a thrown run lands where the loss slopes back into the valley, while
# the clipped runs are stuck zig-zagging at the edge; and a plain run that is never thrown
# takes shorter steps on the whole as its gradient shrinks, which a clipped step at the edge
# does not. (The dots at the left edge are plain runs whose loss reached round-off level.)
#
# So the trade-off, stated honestly: **clipping bounds the step** (here to learning rate ×
# threshold), so a single step can no longer throw the parameters anywhere, and that is what
# Pascanu et al. (2013) designed it for; in a network where the big jump is fatal, as in the
# ReLU run above, that is all that matters. It does **not** promise a better end point: near
# a cliff a clipped run takes full-length steps and may settle slower or higher, and a thrown
# run may get lucky. The threshold decides where along this trade-off you are (Try it).

# %% [markdown]
# **Norm or value?** `rnnlib.clip_grad_value` clips every entry to $[-c, c]$ on its own.
# Entries that are cut by different factors (or not cut at all) change the **direction** of
# the step, not just its length; clipping by norm multiplies all entries by the same factor and keeps the
# direction. Compare the two, with $c = 5$, at the point where the plain run was thrown:

# %%
_, dw_jump, db_jump = cliff_loss_and_grads(*path_plain[jump])
g_jump = {"w": dw_jump, "b": db_jump}
by_norm = rnnlib.clip_grad_norm(g_jump, 5.0)[0]
by_value = rnnlib.clip_grad_value(g_jump, 5.0)


def as_vector(g):
    return np.array([float(g["w"]), float(g["b"])])


full, v_norm, v_value = as_vector(g_jump), as_vector(by_norm), as_vector(by_value)


# %%
def angle(u, v):
    """The angle between two vectors, in degrees."""
    return math.degrees(math.acos(np.clip(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)))


print(f"gradient at the cliff: {full},  norm {np.linalg.norm(full):.1f}")
print(f"clipped by norm:  {v_norm},  norm {np.linalg.norm(v_norm):.2f},  "
      f"angle to the gradient {angle(full, v_norm):.1f}°")
print(f"clipped by value: {v_value},  norm {np.linalg.norm(v_value):.2f},  "
      f"angle to the gradient {angle(full, v_value):.1f}°")

# %%
fig, ax = plt.subplots(figsize=(4.8, 4.4))
direction = -full / np.linalg.norm(full)
ax.plot([0, 7 * direction[0]], [0, 7 * direction[1]], "--", color=COLORS["grey"], lw=1.5,
        label=f"−gradient direction (length {np.linalg.norm(full):.0f})")
for vec, color, label in ((v_norm, COLORS["blue"], f"clipped by norm: {angle(full, v_norm):.0f}°"),
                          (v_value, COLORS["orange"], f"clipped by value: {angle(full, v_value):.0f}°")):
    ax.annotate("", xy=-vec, xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.5})
    ax.plot([], [], color=color, lw=2.5, label=label)
ax.set(xlim=(-0.5, 6), ylim=(-0.5, 6), aspect="equal", xlabel="step in w",
       ylabel="step in b", title="the step at the cliff, clipped to 5")
ax.legend(loc="lower right", fontsize=8, frameon=True)
plt.show()

# %% [markdown]
# The arrows are the steps $-g$ after clipping; the dashed line is the direction of the full
# gradient, which is far longer. Clipping by norm lies exactly on that line. Clipping by
# value cut both entries (about 102 and 191) to 5, so its step points along the diagonal,
# whatever the gradient's direction was, and is longer than 5 ($5\sqrt 2 \approx 7.07$).
# That is why clipping by norm is the usual choice.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
claim("without clipping the run ends in NaN within a dozen steps",
      bool(np.isnan(plain_loss[-1]) and len(plain_loss) < 12 and plain_error is not None),
      got=f"{len(plain_loss)} steps, last loss {plain_loss[-1]:.1e}")
claim("the first loss is far above ln 3 and the loss passes 1e50",
      bool(plain_loss[0] > 3 * math.log(3) and np.nanmax(plain_loss) > 1e50),
      got=f"first {plain_loss[0]:.1e}, largest {np.nanmax(plain_loss):.1e}")
claim("with clipping all 30 steps stay finite", bool(clip_error is None
      and np.all(np.isfinite(clip_loss)) and len(clip_loss) == 30), got=f"{len(clip_loss)} steps")
claim("the clipped run settles below 2 (mean of the last 5 losses), its first gradient above 100",
      bool(clip_loss[-5:].mean() < 2.0 and clip_norm[0] > 100),
      got=f"{clip_loss[-5:].mean():.2f}, {clip_norm[0]:.1f}")
claim("without clipping every seed ends in NaN within a dozen steps",
      len(nan_at) == len(SEEDS) and max(nan_at) < 12, got=f"NaN at steps {nan_at}")
claim("without clipping every seed's loss climbs past 1e100 first",
      all(np.nanmax(p) > 1e100 for p, _ in relu_runs.values()),
      got=" ".join(f"{np.nanmax(p):.0e}" for p, _ in relu_runs.values()))
claim("with clipping every seed's loss still jumps above its first value within steps 2-5",
      all(c[1:5].max() > c[0] for _, c in relu_runs.values()), got="a clipped run that never rose")
claim("with clipping every seed runs all 30 steps",
      all(np.all(np.isfinite(c)) and len(c) == 30 for _, c in relu_runs.values()),
      got="a clipped run that broke down")
claim("the clipped runs' last losses lie between 1.1 and 2.4", 1.1 < min(last5) and max(last5) < 2.4,
      got=" ".join(f"{v:.2f}" for v in last5))
claim("plain descent makes one step above 5 after steps below 1",
      bool(step_plain.max() > 5 and step_plain[:jump].max() < 1), got=f"{step_plain.max():.2f}")
assert step_clip.max() <= CLIFF_LR * CLIFF_CLIP + 1e-12   # clipping bounds every step
claim("plain ends below 1e-12, clipped between 0.01 and 0.1", bool(loss_plain[-1] < 1e-12
      and 0.01 < loss_clip[-1] < 0.1), got=f"{loss_plain[-1]:.1e}, {loss_clip[-1]:.1e}")
claim("in the jump the plain run's loss goes from about 2 to about 250 (1.5-2.5, 200-300)",
      bool(1.5 < loss_plain[jump] < 2.5 and 200 < loss_plain[jump + 1] < 300),
      got=f"{loss_plain[jump]:.2f} to {loss_plain[jump + 1]:.0f}")
claim("the plain run ends at smaller w than the clipped one", bool(path_plain[-1, 0] < path_clip[-1, 0]),
      got=f"w = {path_plain[-1, 0]:.2f} and {path_clip[-1, 0]:.2f}")
claim("most clipped steps have the full length lr x clip",
      bool(np.mean(step_clip > CLIFF_LR * CLIFF_CLIP - 1e-9) > 0.5),
      got=f"{np.mean(step_clip > CLIFF_LR * CLIFF_CLIP - 1e-9):.0%}")
claim_close("the clipped run's loss after 80 steps", loss_clip[-1], 0.06, tol=0.005)
assert np.all(steps_clip_many <= CLIFF_LR * CLIFF_CLIP + 1e-12)   # clipping bounds every step
claim("plain is thrown from 44 of 77 starts, its loss rising by a median factor of about 19",
      int(thrown.sum()) == 44 and 15 < np.median(rise[thrown]) < 25,
      got=f"{thrown.sum()} starts, factor {np.median(rise[thrown]):.0f}")
claim("clipped ends lower from only 2 of 77 starts, plain from the other 75",
      clip_lower == 2 and plain_lower == 75, got=f"{clip_lower} and {plain_lower}")
assert angle(full, v_norm) < 1e-6                     # clipping by norm keeps the direction
claim("both entries are above 5 (so clipping by value gives 5 sqrt 2), about 102 and 191",
      bool(np.all(np.abs(full) > 5)) and [f"{abs(v):.0f}" for v in full] == ["102", "191"],
      got=str(full))
claim("clipping by value turns the step by more than 10 degrees", angle(full, v_value) > 10,
      got=f"{angle(full, v_value):.1f}")

# %% [markdown]
# ## 9 · What helps: a look ahead
#
# **Gradient clipping** (section 8) is a cure for *exploding* gradients only: it limits the
# step, it cannot make a vanished gradient large again.
#
# **Careful initialisation.** An orthogonal $W_h$ has $\rho = \sigma_1 = 1$: in the linear
# regime it neither shrinks nor stretches a gradient, however long the lag (Saxe, McClelland
# & Ganguli, 2014, analyse why such initialisations help deep networks learn). The usual
# Gaussian initialisation has $\sigma_1 \approx 2$, so its products are far less tame:

# %%
init_rng = np.random.default_rng(SEED)
W_normal_init = init_rng.normal(0, 1 / np.sqrt(64), (64, 64))
W_orth_init = rnnlib.orthogonal(init_rng, 64)
n_gauss = rnnlib.matrix_power_norms(W_normal_init, 50)
n_orth = rnnlib.matrix_power_norms(W_orth_init, 50)

# %%
for k in (1, 10, 50):
    print(f"k = {k:2d}:  ||W^k||_2  Gaussian {n_gauss[k]:6.2f}   orthogonal {n_orth[k]:.2f}")

# %% [markdown]
# But initialisation alone does not solve long-term dependencies: with tanh units and real
# inputs, saturation still shrinks the product (section 3). The negation task once more, at
# gaps 4, 6 and 8, with an orthogonal $W_h$ at the start, for the same five seeds (the same
# sentences as in section 7; only $W_h$'s start differs, and from it the mini-batch order):

# %%
ORTH_GAPS = (4, 6, 8)
orth_by_gap = np.array([negation_study(gap, orthogonal_start=True)[1] for gap in ORTH_GAPS]).T
gauss_by_gap = np.array([negation[gap][1] if gap in negation else negation_study(gap)[1]
                         for gap in ORTH_GAPS]).T                 # (5 seeds, gaps)
solved_orth = [int(np.sum(orth_by_gap[:, i] >= SOLVED)) for i in range(len(ORTH_GAPS))]
solved_gauss = [int(np.sum(gauss_by_gap[:, i] >= SOLVED)) for i in range(len(ORTH_GAPS))]

# %%
for i, gap in enumerate(ORTH_GAPS):
    print(f"gap {gap}:  Gaussian start {verdicts(gauss_by_gap[:, i])} ({solved_gauss[i]} of 5)   "
          f"orthogonal start {verdicts(orth_by_gap[:, i])} ({solved_orth[i]} of 5)")

# %%
gap_accuracy_figure([(ORTH_GAPS, gauss_by_gap, "Gaussian W_h start", "vermillion", "o"),
                     (ORTH_GAPS, orth_by_gap, "orthogonal W_h start", "blue", "s")],
                    xticks=ORTH_GAPS, legend_loc="center left",
                    xlabel='gap: how many words "not" comes before the sentiment word',
                    title="Negation task: Gaussian or orthogonal start, seeds 0-4")
plt.show()

# %% [markdown]
# Red: the Gaussian start of section 7; blue: the orthogonal start (drawn side by side at each
# gap). At gap 4 the orthogonal
# start solved the task for all five seeds, the Gaussian one for three; at gap 6 each start
# solved it for one seed of five; at gap 8 no orthogonal-start seed got above chance. Five
# seeds are too few to call the gap-4 difference a rule; what they do show is that an
# orthogonal start did not carry "not" across 8 words here.
#
# **Gated cells.** The lasting fix changes the cell. The LSTM (Hochreiter & Schmidhuber,
# 1997) keeps a separate *cell state* that is updated by addition, $c_t = f_t \odot c_{t-1}
# + i_t \odot \tilde c_t$; the *forget gate* $f_t$, added by Gers, Schmidhuber & Cummins
# (2000), is learned and can stay near 1: along that path the Jacobian is close to the
# identity instead of a product of $\operatorname{diag}(\tanh')\,W_h$, so gradients can
# cross many steps. The GRU (Cho et al., 2014) does the same with fewer gates, mixing the old
# state and a candidate state with an *update gate*. Hochreiter's 1991 thesis was the first
# to analyse the vanishing gradient; Bengio, Simard & Frasconi (1994) showed that storing
# information robustly and learning it by gradient descent pull in opposite directions.
#
# Notebook [**06 · Gated cells**](06_gated_cells.ipynb) builds the LSTM and the GRU from
# first principles, measures their gradient flow next to the vanilla cell of this notebook,
# and trains them on the negation task of section 7.

# %%
# Checks for this section: the numbers the text quotes, and what must hold for any seed.
assert np.allclose(n_orth, 1.0)                        # orthogonal: every power has norm 1
claim("the Gaussian W's norm is about 2 and its powers grow above 5",
      bool(n_gauss[1] > 1.8 and n_gauss[50] > 5), got=f"{n_gauss[1]:.2f}, {n_gauss[50]:.2f}")
claim("orthogonal start: gaps 4, 6, 8 solved by 5, 1, 0 of 5 seeds", solved_orth == [5, 1, 0],
      got=", ".join(map(str, solved_orth)))
claim("at gap 8 every orthogonal-start seed stays below 0.6", bool(np.all(orth_by_gap[:, -1] < CHANCE)),
      got=verdicts(orth_by_gap[:, -1]))

# %% [markdown]
# ## Try it
#
# - **The sliders (section 5).** Set the activation to *linear* and $\sigma_1/\rho = 1$: the measured line lies on the dotted $\rho^{\text{lag}}$. Now raise $\sigma_1/\rho$: which line does the measurement follow at short lags, which at long lags? Does the hidden size $H$ change the picture?
# - **Saturation.** With *tanh*, raise $\rho$ to its largest value, 1.5: does the gain at lag 100 get above 1? Now switch to *ReLU*. Why the difference?
# - **A longer sequence.** In section 2, set `T2 = 200` and `r` in `(0.99, 1.0, 1.01)` and run the section again (the printout's labels still say 50: read them as 200). How much gradient is left after 200 steps with $r = 0.99$, and how much has it grown with $r = 1.01$?
# - **Clipping thresholds.** In section 8, try `sgd_run(4.0, clip=1.0)` and `clip=50.0`. Which one trains, which one still breaks? On the cliff, run `many_20, _ = descend_many(w_grid, b_grid, clip=20.0)` and compare `many_20[-1]` with `many_plain[-1]`: from how many starts does clipping end lower now?
# - **The negation task.** Give the seed study more epochs at gap 8: `verdicts(negation_study(8, epochs=30)[1])`. How many of the five seeds solve it now? And with a larger network, `verdicts(negation_study(8, H=64)[1])`? How far does the control reach: `verdicts(negation_study(16, control=True)[1])`?
# - **Room or reach?** Does a much larger state rescue the recall task at gap 8: `recall_study(8, 256)`? And does a small one manage at gap 1 with more training: `recall_study(1, 4, epochs=30)`?

# %% [markdown]
# ## Summary
#
# - A gradient that travels from step $T$ back to step $k$ is multiplied by $\partial h_T/\partial h_k = J_T \cdots J_{k+1}$, with $J_t = \operatorname{diag}(f'(a_t))\,W_h$: one factor per step, so its size changes **exponentially** with the lag $T-k$.
# - **The gradient vanishes, not the weights**: $W_h$ is the same at every step; the product of Jacobians is what shrinks.
# - For $W_h = rQ$ ($Q$ orthogonal) and zero input the gain is exactly $r^{T-k}$: $0.9^{50} \approx 0.005$, $1.1^{50} \approx 117$.
# - **The bound always holds**: $\lVert\partial h_t/\partial h_k\rVert_2 \le (\gamma\sigma_1)^{t-k}$ with $\sigma_1$ the largest **singular** value of $W_h$ and $\gamma = \max|f'|$ (Pascanu et al., 2013). With real inputs tanh saturates and the gradient decays much faster than the bound.
# - **The eigenvalues of $W_h$ describe its powers $W_h^k$**, the products of a *linear* network: in the long run, and at every step for normal matrices. A non-normal matrix whose eigenvalues are all 0.9 still amplifies by up to 19.38, and by more than 1 for 54 steps. In a **tanh network** the eigenvalues promise nothing: with both eigenvalues 0.5, saturated units made the gain pass $10^{10}$ at lag 59. Only the $\sigma_1$ bound is guaranteed.
# - In practice: in the sentiment classifier the gradient reaching a word falls with its distance from the end, already **before training** (the tanh Jacobians: architecture); the corpus, with 92 % of its opinion words among the last 3, never asks for more (data). On the negation task, the fraction of seeds that learn to carry "not" falls with the gap (5 of 5 at gap 2, none at gap 8, over seeds 0-4); on its control, the same network learns to use the sentiment word itself 8 words back (5 of 5), not 12 (1 of 5).
# - **Two limits of a short memory**: the size of the state bounds how much a network holds at once (recalling 3 items at gap 1: about 0.3 correct with $H = 4$, 0.9 with $H = 64$); the vanishing gradient bounds how far back it learns to hold it ($H = 64$: about 0.2 at gap 8).
# - Exploding gradients make the loss jump and end in **NaN** (every one of five seeds). **Clipping by norm** limits the step and keeps its direction; clipping by value does not keep the direction. Clipping bounds the step, it does not promise a better end point: on the cliff, plain descent ended lower from 75 of 77 starts. An orthogonal start did not carry "not" across 8 words; **gated cells** (LSTM, GRU, notebook 06) are the lasting fix.
#
# **Recall questions** (answer them without scrolling up):
#
# 1. Write $\partial h_T/\partial h_k$ as a product. Which factor is on the left, and what does each factor contain besides $W_h$?
# 2. $W_h = 0.5\,Q$ with $Q$ orthogonal, zero input: how large is $\lVert\partial h_{10}/\partial h_0\rVert_2$?
# 3. Why is $\rho(W_h) < 1$ not enough to promise that a gradient shrinks at every step? Which number is?
# 4. Why do gradients in a tanh network usually vanish faster than the bound $(\sigma_1)^{\text{lag}}$?
# 5. What does clipping by norm change about a gradient, and what does it keep?
# 6. Clipping saved every ReLU run from NaN, yet on the cliff the clipped runs mostly ended higher. How can both be true?

# %% [markdown]
# ## Exercises
#
# Each exercise ends with a self-check that tells you what is wrong, or ✅ when you are right.
# Replace the `None` placeholders and run the cell. The worked answers are in **Solutions** below.

# %% [markdown]
# ### Exercise 1 (easy): how far back until 1 % is left?
#
# $W_h = 0.9\,Q$ with $Q$ orthogonal, zero input (section 2): after a lag of $n$ steps the
# gain is exactly $0.9^n$. What is the **smallest** number of steps $n$ after which less
# than 1 % of the gradient is left ($0.9^n < 0.01$)? Use `math.log` or a loop.

# %%
print("r =", nb05.EX1_R)
n_steps = None   # an integer

passed = nb05.check_steps_to_one_percent(n_steps)

# %% [markdown]
# ### Exercise 2 (easy): spectral radius and largest singular value
#
# For the matrix $W$ below, compute the spectral radius $\rho$ and the largest singular value
# $\sigma_1$ with numpy (`np.linalg.eigvals`, `np.linalg.norm(W, 2)`), not with `rnnlib`.
# Before you run the check: does the bound $\sigma_1^{\text{lag}}$ promise that gradients
# through this $W$ shrink?

# %%
W_ex2 = np.array(nb05.EX2_MATRIX)
print(W_ex2)
rho_ex2 = None      # a number
sigma1_ex2 = None   # a number

passed = nb05.check_radius_and_norm(rho_ex2, sigma1_ex2)

# %% [markdown]
# ### Exercise 3 (medium): clip by norm, by hand
#
# Clip the gradients `grads_ex3` to a **global** norm of 5 without `rnnlib.clip_grad_norm`:
# compute the norm of all entries of all arrays together, and if it is above 5, multiply
# every array by the same factor. Your answer is a dict with the same keys.

# %%
grads_ex3 = {k: np.array(v) for k, v in nb05.EX3_GRADS.items()}
print(grads_ex3, "  max_norm =", nb05.EX3_MAX_NORM)
clipped_ex3 = None   # a dict {"W_h": (2, 2) array, "b": (2,) array}

passed = nb05.check_clip_by_norm(clipped_ex3)

# %% [markdown]
# ### Exercise 4 (harder): $\partial h_T/\partial h_0$ by hand
#
# The small tanh network below runs $T = 5$ steps with $H = 4$. Build
# $\partial h_5/\partial h_0 = J_5 J_4 J_3 J_2 J_1$ from $J_t = \operatorname{diag}(1 - h_t^2)\,W_h$
# with `np.diag`, `@` and the hidden states `h_ex4`, without `rnnlib.step_jacobians` or
# `rnnlib.jacobian_products`. Careful with the order and with which $h$ goes into $J_t$
# (`h_ex4[t - 1]` is $h_t$).

# %%
x_ex4, h0_ex4, params_ex4 = nb05.ex4_network()
h_ex4 = rnnlib.rnn_forward(x_ex4, h0_ex4, params_ex4)[0][:, 0]      # (T, H) = (5, 4)
print("h_ex4:", h_ex4.shape)
P_ex4 = None   # a (4, 4) array

passed = nb05.check_jacobian_product(P_ex4)

# %% [markdown] tags=["solution"]
# ## Solutions
#
# **Stop here and try the exercises first**: a solution read before you have struggled
# teaches much less. In JupyterLab the solutions' code is folded: click the dots (or the
# bar left of a cell) to open it.

# %% [markdown] tags=["solution"]
# **Exercise 1.** $0.9^n < 0.01 \iff n > \ln 0.01 / \ln 0.9 \approx 43.7$, so the first whole
# number of steps is 44.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
n_steps = math.ceil(math.log(0.01) / math.log(0.9))
print(f"log(0.01)/log(0.9) = {math.log(0.01) / math.log(0.9):.2f} -> n = {n_steps}")
passed = nb05.check_steps_to_one_percent(n_steps)
assert passed

# %% [markdown] tags=["solution"]
# **Exercise 2.** The matrix is triangular, so its eigenvalues are its diagonal entries, 0.8
# and 0.7: $\rho = 0.8$. Its largest singular value is above 1, so the bound promises nothing.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
rho_ex2 = float(np.max(np.abs(np.linalg.eigvals(W_ex2))))
sigma1_ex2 = float(np.linalg.norm(W_ex2, 2))
print(f"rho = {rho_ex2:.3f}, sigma_1 = {sigma1_ex2:.3f}")
passed = nb05.check_radius_and_norm(rho_ex2, sigma1_ex2)
assert passed

# %% [markdown] tags=["solution"]
# **Exercise 3.** One norm for everything, one factor for everything.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
global_norm = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads_ex3.values()))
factor = min(1.0, nb05.EX3_MAX_NORM / global_norm)
clipped_ex3 = {k: g * factor for k, g in grads_ex3.items()}
print(f"global norm {global_norm:.3f}, factor {factor:.4f}")
passed = nb05.check_clip_by_norm(clipped_ex3)
assert passed

# %% [markdown] tags=["solution"]
# **Exercise 4.** Start from the identity and put each new Jacobian on the left, from
# $J_1$ up to $J_5$.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution", "hide-cell"]
P_ex4 = np.eye(4)
for t in range(1, 6):                       # J_t = diag(1 - h_t^2) W_h, h_t = h_ex4[t - 1]
    J_t = np.diag(1 - h_ex4[t - 1] ** 2) @ params_ex4["W_h"]
    P_ex4 = J_t @ P_ex4
print(P_ex4)
print(f"||dh_5/dh_0||_2 = {np.linalg.norm(P_ex4, 2):.4f}")
passed = nb05.check_jacobian_product(P_ex4)
assert passed

# %% [markdown]
# ## Next
#
# ➡️ **Next: [06 · Gated cells: LSTM and GRU](06_gated_cells.ipynb)** ([open on Colab](https://colab.research.google.com/github/unrolled-rnn/unrolled/blob/main/notebooks/06_gated_cells.ipynb))
#
# The fix: the LSTM and the GRU from first
# principles, the additive path that lets a gradient cross many steps, their gradient flow
# side by side with the vanilla cell of this notebook, and the negation task of section 7 at
# long gaps, over seeds. Notebook **00 · Start here** has the map of the whole series.
#
# Further reading:
#
# - Hochreiter (1991), *Untersuchungen zu dynamischen neuronalen Netzen* (diploma thesis, TU München): the first analysis of why error signals vanish or explode when sent back through time.
# - Bengio, Simard & Frasconi (1994), "Learning long-term dependencies with gradient descent is difficult", *IEEE Transactions on Neural Networks* 5(2): robust storage of information and gradient-based learning are at odds.
# - Hochreiter & Schmidhuber (1997), "Long short-term memory", *Neural Computation* 9(8): the LSTM cell, whose additive cell state lets gradients cross long gaps.
# - Gers, Schmidhuber & Cummins (2000), "Learning to forget: continual prediction with LSTM", *Neural Computation* 12(10): the forget gate, part of every LSTM in use today.
# - Pascanu, Mikolov & Bengio (2013), "On the difficulty of training recurrent neural networks", ICML: the singular-value bound, the cliff of the one-unit network, and gradient-norm clipping.
# - Saxe, McClelland & Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks", ICLR: why orthogonal initialisations help learning in deep (and unrolled) networks.
# - Cho et al. (2014), "Learning phrase representations using RNN encoder–decoder for statistical machine translation", EMNLP: the gated recurrent unit (GRU).
