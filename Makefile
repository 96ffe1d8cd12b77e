# Unrolled: the two commands a learner needs are `make lab` and `make test`.
# Each creates .venv with the project installed, if it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# notebooks run with one BLAS thread, as tools/execute_notebooks.py runs them
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
LAB_ARGS ?=

.PHONY: lab test lint unit nbval tryit browser test-colab execute text student site version figures bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,site,torch]"
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks $(LAB_ARGS)

test: lint unit nbval tryit browser

lint: $(STAMP)
	$(BIN)/ruff check rnnlib tests tools browser_tests conftest.py $(wildcard benchmarks)
	$(BIN)/ruff check --select F401,F811,F841 notebooks  # no unused imports or names in a lesson
	$(BIN)/python tools/notebook_text.py check  # every notebook and its text twin hold the same cells

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not tryit"

# Every notebook as a learner who changed SEED runs it: to the end, with notes, no errors.
tryit: $(STAMP)
	$(BIN)/python -m pytest tests -m tryit -p no:cacheprovider

# The notebooks under nbval, twice: with numpy's fastest loops for this CPU, and with its
# baseline loops (NPY_DISABLE_CPU_FEATURES=X86_V3: no AVX2/FMA), which round tanh, exp and sums
# differently; stored outputs must not depend on either. UNROLLED_STRICT=1 makes every claim
# check (rnnlib.claims) strict. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are left as they are.
NBVAL := MPLBACKEND= UNROLLED_STRICT=1 $(ONE_THREAD) $(BIN)/python -m pytest --nbval \
  --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider
nbval: $(STAMP)
ifneq ($(NOTEBOOKS),)
	$(NBVAL) $(NOTEBOOKS)
	NPY_DISABLE_CPU_FEATURES=X86_V3 $(NBVAL) $(NOTEBOOKS)
endif

# JupyterLab in headless Chromium (skipped, with a message, when Chromium is not installed;
# .ci/run installs it).
browser: $(STAMP)
	$(BIN)/python -m pytest browser_tests -p no:cacheprovider

# Every notebook under nbval with the package versions Colab ships (tools/colab-constraints.txt),
# in a separate environment; the pins are constraints, so nothing else can move them.
# Notebook 08 runs with torch 2.13.0 (CPU) here: Colab's own torch is a CUDA build of several
# GB, not installable on a machine without a GPU and PyPI's CUDA wheels (see the constraints file).
COLAB_VENV := .venv-colab
test-colab:
	@test -x $(COLAB_VENV)/bin/python || $(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet -c tools/colab-constraints.txt \
	  -r tools/colab-constraints.txt pytest "nbval>=0.11" nbclient "torch==2.13.0"
	$(COLAB_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .  # not editable, as on Colab
	$(COLAB_VENV)/bin/python -m pip check
	MPLBACKEND= UNROLLED_STRICT=1 $(ONE_THREAD) $(COLAB_VENV)/bin/python -m pytest --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider $(NOTEBOOKS)

# Re-execute every notebook (or NB=notebooks/02_...ipynb) from a fresh kernel and normalise it.
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(or $(NB),$(NOTEBOOKS))

# The notebooks as text (notebooks_py/NN_name.py, py:percent): make execute writes them; after
# editing a text twin, `python tools/notebook_text.py update notebooks_py/NN_name.py`, then
# make execute NB=notebooks/NN_name.ipynb.
text: $(STAMP)
	$(BIN)/python tools/notebook_text.py write

# Student copies: every notebook without its Solutions section, in student/ (or OUT=...).
student: $(STAMP)
	$(BIN)/python tools/student_copies.py $(OUT)

# The course website from the committed notebooks (nothing is run): open _build/html/index.html.
site: $(STAMP)
	$(BIN)/python tools/build_site.py

# A course release: make version V=0.2.0 points every notebook's Colab set-up cell, badges and
# links, and the website, at the tag v0.2.0 (then test, commit, tag, push: CONTRIBUTING.md).
version: $(STAMP)
	@test -n "$(V)" || { echo "usage: make version V=X.Y.Z"; exit 2; }
	$(BIN)/python tools/set_version.py $(V)

figures: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python tools/make_figures.py

# Speed is measured here, never asserted in a test. The torch column of bench_rnn needs torch
# installed in .venv (a CPU build); without it that column is skipped.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_rnn.py
	$(BIN)/python benchmarks/bench_gated.py
	$(ONE_THREAD) $(BIN)/python benchmarks/bench_charlm.py  # as make execute runs notebook 07
	$(BIN)/python benchmarks/bench_charlm.py
	$(BIN)/python benchmarks/bench_controls.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_setup.py

clean:
	rm -rf $(VENV) $(COLAB_VENV) .pytest_cache .ruff_cache *.egg-info _build student
