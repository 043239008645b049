"""The pacer's picture as a pure function of `breathe = [IN, HOLD, OUT]` and the seconds into the
hold: the bar grows on the in-breath, stays full on the hold, shrinks on the out-breath, and the
words and seconds left say which part it is."""

from __future__ import annotations

import pytest

from tui.app.widgets.pacer import bar_cells, breath_phase


@pytest.mark.parametrize(
    ("into", "word", "fill", "left"),
    [
        (0.0, "breathe in", 0.0, 4.0),
        (1.0, "breathe in", 0.25, 3.0),
        (3.0, "breathe in", 0.75, 1.0),
        (4.0, "hold", 1.0, 2.0),
        (5.5, "hold", 1.0, 0.5),
        (6.0, "breathe out", 1.0, 6.0),
        (9.0, "breathe out", 0.5, 3.0),
        (11.7, "breathe out", 0.05, 0.3),
        (12.0, "breathe in", 0.0, 4.0),  # the next breath, from the start again
        (12 * 9 + 7.5, "breathe out", 0.75, 4.5),  # many breaths on, just the same
    ],
)
def test_the_phase_follows_in_hold_out_and_repeats(
    into: float, word: str, fill: float, left: float
) -> None:
    phase = breath_phase((4, 2, 6), into)
    assert phase.word == word
    assert phase.fill == pytest.approx(fill)
    assert phase.left == pytest.approx(left)


def test_without_a_hold_the_out_breath_begins_as_the_in_breath_ends() -> None:
    assert breath_phase((4, 0, 6), 3.99).word == "breathe in"
    assert breath_phase((4, 0, 6), 4.0).word == "breathe out"
    assert all(breath_phase((4, 0, 6), n / 10).word != "hold" for n in range(100))


def test_the_bar_only_grows_on_the_in_breath_and_only_shrinks_on_the_out_breath() -> None:
    fills = [breath_phase((3, 1, 5), n / 100) for n in range(900)]
    breathing_in = [p.fill for p in fills if p.word == "breathe in"]
    breathing_out = [p.fill for p in fills if p.word == "breathe out"]
    assert breathing_in == sorted(breathing_in)
    assert breathing_out == sorted(breathing_out, reverse=True)
    assert {p.fill for p in fills if p.word == "hold"} == {1.0}


def test_a_moment_before_the_hold_begins_reads_as_its_start() -> None:
    assert breath_phase((4, 2, 6), -0.3) == breath_phase((4, 2, 6), 0.0)


@pytest.mark.parametrize(
    ("fill", "cells"),
    [
        (0.0, "          "),
        (1.0, "██████████"),
        (0.5, "█████     "),
        (0.05, "▌         "),  # half a cell: four eighths
        (0.33, "███▎      "),
        (1.7, "██████████"),  # never more than the width
        (-1.0, "          "),
    ],
)
def test_the_bar_is_drawn_to_an_eighth_of_a_cell(fill: float, cells: str) -> None:
    assert bar_cells(fill, 10) == cells
