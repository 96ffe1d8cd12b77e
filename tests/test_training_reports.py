import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnlib  # noqa: E402
from rnnlib.training_reports import seed_curves, seed_table, show_shapes  # noqa: E402

pytestmark = pytest.mark.usefixtures("closed_figures")


def _history(rng, epochs=4):
    return {"epoch": np.arange(1, epochs + 1), "batch_loss": rng.random(epochs),
            "test_loss": rng.random(epochs), "train_acc": rng.random(epochs),
            "test_acc": rng.random(epochs)}


def test_show_shapes_prints_each_array_and_counts_every_parameter(capsys):
    model = rnnlib.ManyToOneClassifier(vocab_size=7, embed_dim=3, hidden_size=4, num_classes=2,
                                       rng=np.random.default_rng(0))
    show_shapes(model, [("h", np.zeros((5, 2, 4)), "(T, B, H): every hidden state")])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["h", "(5,", "2,", "4)", "(T,", "B,", "H):", "every", "hidden",
                                "state"]
    assert lines[1] == "-" * 72
    assert len(lines) == 2 + len(model.params) + 1
    total = sum(v.size for v in model.params.values())
    assert lines[-1].split() == ["total", str(total), "numbers"] and total == 7 * 3 + 4 * 3 + 16 + 4 + 8 + 2


def test_show_shapes_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="params dict"):
        show_shapes(object(), [])
    model = rnnlib.ManyToManyRNN(input_size=1, hidden_size=2, output_size=1,
                                 rng=np.random.default_rng(0), loss="mse")
    with pytest.raises(ValueError, match="triples"):
        show_shapes(model, [("h", np.zeros(3))])


def test_seed_table_prints_one_column_per_seed_and_the_median(capsys):
    seed_table({"right (of 24)": ([17, 22, 21, 20, 18, 19], "d"),
                "accuracy": (np.array([0.5, 0.25, 1.0, 0.75, 0.5, 0.0]), ".3f")}, range(6))
    header, counts, accs = capsys.readouterr().out.splitlines()
    assert header.split() == ["seed", "0", "1", "2", "3", "4", "5", "median"]
    assert counts.split()[-7:] == ["17", "22", "21", "20", "18", "19", "19.5"]   # a count's median
    assert accs.split()[-1] == "0.500"
    assert len(header) == len(counts) == 42 + 6 * 7 + 9


@pytest.mark.parametrize("rows, seeds, match", [
    ({"a": ([1, 2], "d")}, [0, 1, 2], "one value per seed"),
    ({"a": [1, 2, 3]}, [0, 1, 2], "pair"),
    ([("a", ([1, 2, 3], "d"))], [0, 1, 2], "dict"),
    ({"a": ([1, 2, 3], "d")}, [], "seeds"),
    ({"a": (["x", "y", "z"], "s")}, [0, 1, 2], "real numbers"),
])
def test_seed_table_refuses_rows_that_do_not_match_the_seeds(rows, seeds, match):
    with pytest.raises(ValueError, match=match):
        seed_table(rows, seeds)


def test_seed_curves_draws_a_panel_per_quantity_with_train_and_test():
    rng = np.random.default_rng(0)
    runs = [_history(rng) for _ in range(3)]
    fig, axes = seed_curves(runs, "five runs", {"train": "seen", "test": "held out"},
                            {"loss": "nats", "acc": "fraction"})
    assert len(axes) == 2 and fig._suptitle.get_text() == "five runs"
    assert [ax.get_title() for ax in axes] == ["loss", "accuracy"]
    assert [ax.get_ylabel() for ax in axes] == ["nats", "fraction"]
    labels = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert labels == ["seen (median of 3 seeds)", "held out (median of 3 seeds)"]
    median = axes[0].get_lines()[0].get_ydata()          # the first line: the training median
    assert np.allclose(median, np.median([h["batch_loss"] for h in runs], axis=0))


def test_seed_curves_leaves_out_what_the_runs_did_not_measure():
    rng = np.random.default_rng(1)
    runs = [{k: v for k, v in _history(rng).items() if k in ("epoch", "batch_loss", "test_loss")}
            for _ in range(2)]
    _, axes = seed_curves(runs, "loss only", {"train": "a", "test": "b"}, {"loss": "MSE"})
    assert len(axes) == 1 and len(axes[0].get_legend().get_texts()) == 2


def test_seed_curves_refuses_runs_without_epochs_and_unknown_panels():
    with pytest.raises(ValueError, match="epoch"):
        seed_curves([{"batch_loss": [1.0]}], "t", {"train": "a", "test": "b"}, {"loss": "x"})
    with pytest.raises(ValueError, match="ylabels"):
        seed_curves([_history(np.random.default_rng(0))], "t", {"train": "a", "test": "b"},
                    {"perplexity": "x"})
