import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import rnnlib.pattern_explorer as explorer  # noqa: E402
from rnnlib.diagrams import PATTERNS  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    """The PNGs the explorer shows, in order (instead of displaying them)."""
    pngs = []
    monkeypatch.setattr(explorer, "show_png", pngs.append)
    return pngs


def test_every_pattern_has_its_wiring_in_words():
    assert list(explorer.WIRING) == list(PATTERNS)
    assert all(len(w) == 3 and all(isinstance(s, str) and s for s in w)
               for w in explorer.WIRING.values())


@pytest.mark.parametrize("kind", list(PATTERNS))
def test_draw_prints_inputs_outputs_and_loss_and_shows_one_png(kind, shown, capsys):
    draw = explorer.wiring_explorer()
    draw(kind, 3, 2)
    inputs, outputs, loss = explorer.WIRING[kind]
    assert capsys.readouterr().out.splitlines() == [f"inputs:  {inputs}", f"outputs: {outputs}",
                                                    f"loss:    {loss}"]
    assert len(shown) == 1 and shown[0].startswith(b"\x89PNG")


def test_a_redraw_leaves_nothing_of_the_previous_diagram(shown, capsys):
    draw = explorer.wiring_explorer()
    draw("encoder_decoder", 3, 2)
    draw("one_to_many", 6, 6)           # the widest diagram, then the first one again
    draw("encoder_decoder", 3, 2)
    assert shown[0] == shown[2] and shown[0] != shown[1]


def test_two_explorers_do_not_share_a_figure(shown, capsys):
    first, second = explorer.wiring_explorer(), explorer.wiring_explorer()
    first("many_to_one", 4, 1)
    second("seq_to_seq", 2, 1)
    first("many_to_one", 4, 1)
    assert shown[0] == shown[2] != shown[1]


@pytest.mark.parametrize("args, match", [
    (("one_to_one", 3, 3), "kind must be one of"),
    (("many_to_one", 0, 3), "T_in"),
    (("one_to_many", 3, 2.5), "T_out"),
])
def test_draw_refuses_unknown_patterns_and_bad_lengths(args, match, shown):
    with pytest.raises(ValueError, match=match):
        explorer.wiring_explorer()(*args)
    assert shown == []
