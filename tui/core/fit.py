"""Fit a routine to N minutes, and say in words what that changed.

People have the time they have: "the 15-minute reset, but in 10". Range holds are the give a
routine already has, so they move first, inside their ranges; only then do fixed holds and rests
change, all in the same proportion, so the routine keeps its shape. A hold never drops below 5 s
(a shorter one is no stretch at all), prep and switch pauses stay as written, and a manual step is
left alone: it adds nothing to the planned length.

Lengths are whole seconds, and a hold may count several times (sides, reps), so plain rounding
would miss the target by a few seconds. The last step is a small exact search over the nearest
whole values of each hold and rest, which hits the target wherever whole seconds can.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from tui.core.durations import Hold, format_clock
from tui.core.flatten import flatten, flatten_notes
from tui.core.routine import Routine, Step
from tui.core.timeline import Resolver, build_timeline

MIN_FIT_HOLD = 5  # a fitted hold is never shorter than this (a shorter written one stays as it is)
MAX_HOLD = 3600
MAX_REST = 600
MAX_ROUTINE = 4 * 3600  # the format's limit for a whole routine


@dataclass(frozen=True, slots=True)
class FitResult:
    """A fitted routine and what fitting did, to show before anything is saved or played.

    `routine` is the original when nothing had to change, and the flattened routine otherwise
    when the original has includes. `reached` is False when the target could not be met exactly;
    `changes` then says why and how close it came.
    """

    routine: Routine
    changes: list[str]
    planned_before: int
    planned_after: int
    target: int

    @property
    def reached(self) -> bool:
        return self.planned_after == self.target


@dataclass(slots=True)
class _Unit:
    """One value fitting may change: a step's hold or its rest, and how often it is counted."""

    step: int  # index into the (flattened) routine's steps
    kind: Literal["hold", "rest"]
    value: int  # the planned value now (a range hold's maximum)
    count: int  # how many segments of the timeline have this length
    grain: int = 1  # a breathing hold moves in whole breaths


def fit_to_minutes(routine: Routine, minutes: float, resolve: Resolver) -> FitResult:
    """Fit `routine` to `minutes` (whole seconds: minutes × 60, rounded). See `fit_to_seconds`."""
    if not math.isfinite(minutes) or minutes <= 0:
        raise ValueError(f"{minutes} minutes is not a length to fit to")
    return fit_to_seconds(routine, round(minutes * 60), resolve)


def fit_to_seconds(routine: Routine, seconds: int, resolve: Resolver) -> FitResult:
    """Scale `routine`'s holds and rests so it plans `seconds`, or as close as it can.

    Raises `ValueError` for a length that is not positive and `IncludeError` when an include
    cannot be expanded. Nothing is saved: the result is for the caller to show, save or play.
    """
    if seconds <= 0:
        raise ValueError(f"{seconds} s is not a length to fit to")
    before = int(build_timeline(routine, resolve).planned_seconds)
    notes: list[str] = []
    target = seconds
    if target > MAX_ROUTINE:
        target = MAX_ROUTINE
        notes.append(f"A routine is at most 4 hours, so it is fitted to {format_clock(target)}.")
    if target == before:
        unchanged = [f"It already plans {format_clock(before)}; nothing changed."]
        return FitResult(routine, unchanged, before, before, target)

    flat = flatten(routine, resolve)
    if flat is not routine:
        count = len(flat.steps)
        notes.append(f"Its includes were expanded into {count} plain steps, so each can be fitted.")
        notes.extend(f"Note: {note}." for note in flatten_notes(routine, resolve))
    units = _units(flat)
    values = _fit_values(flat, units, target - before, most=MAX_ROUTINE - before)
    fitted = _apply(flat, units, values)
    after = int(build_timeline(fitted).planned_seconds)

    changes = [f"Planned length {format_clock(before)} → {format_clock(after)}."]
    changes.extend(notes)
    changes.extend(_step_changes(flat, fitted))
    manual = sum(1 for step in flat.steps if isinstance(step, Step) and step.manual)
    if manual == 1:
        changes.append("The manual step is left as it is: it adds nothing to the planned length.")
    elif manual:
        changes.append(
            f"The {manual} manual steps are left as they are: "
            "they add nothing to the planned length."
        )
    if after != target:
        changes.append(_why_not(target, after, before, units, values))
    return FitResult(fitted, changes, before, after, target)


def shift_steps(routine: Routine, indices: Collection[int], change: int) -> Routine:
    """`routine` (include-free) with only the holds and rests of the steps at `indices` changed
    so they plan about `change` seconds more (less when negative), by the rules above: ranges
    first when shortening, then all in proportion, never a hold under 5 s. The composer uses it
    to move time from a looser area's steps to a tighter one's after fitting the whole."""
    units = [unit for unit in _units(routine) if unit.step in indices]
    if not change or not units:
        return routine
    before = int(build_timeline(routine).planned_seconds)
    values = _fit_values(routine, units, change, most=MAX_ROUTINE - before)
    return _apply(routine, units, values)


# ---- the units -------------------------------------------------------------------------------


def _units(routine: Routine) -> list[_Unit]:
    """Every hold and rest of the (include-free) routine that counts in its planned length."""
    counts: dict[tuple[int, str], int] = {}
    for segment in build_timeline(routine).segments:
        if segment.kind in ("hold", "rest"):
            key = (segment.step_number - 1, segment.kind)  # no includes: step n is steps[n - 1]
            counts[key] = counts.get(key, 0) + 1
    units: list[_Unit] = []
    for (index, kind), count in sorted(counts.items()):
        step = routine.steps[index]
        assert isinstance(step, Step) and step.hold is not None
        if kind == "hold":
            grain = sum(step.breathe) if step.breathe else 1
            units.append(_Unit(index, "hold", step.hold.seconds, count, grain))
        else:
            rest = routine.defaults.rest if step.rest is None else step.rest
            units.append(_Unit(index, "rest", rest, count))
    return units


def _fit_values(routine: Routine, units: list[_Unit], change: int, most: int) -> list[int]:
    """New values for `units` that change the planned length by `change` seconds, or nearly,
    and by at most `most` (the routine must stay within the format's 4 hours).

    Shortening moves range holds inside their ranges first; only if that cannot do it do all
    holds and rests shrink in proportion (ranges from their minimum on). Lengthening has no
    ranges to use (a range already plans its maximum), so everything grows in proportion.
    """
    values = [unit.value for unit in units]
    goal = sum(u.count * v for u, v in zip(units, values, strict=True)) + change
    if change < 0:
        ranges = [i for i, unit in enumerate(units) if _range_of(routine, unit) is not None]
        lows = {i: _lowest(_range_of(routine, units[i])) for i in ranges}
        floor = goal - change - sum(units[i].count * (values[i] - lows[i]) for i in ranges)
        if ranges and floor <= goal:
            bounds = {i: (lows[i], values[i]) for i in ranges}
            values = _solve(units, values, bounds, goal, limit=goal - change, at_least=True)
        else:
            for i in ranges:
                values[i] = lows[i]
        if _total(units, values) == goal:
            return values
    grow = change > 0
    bounds = {i: _bounds(unit, values[i], grow) for i, unit in enumerate(units)}
    return _solve(units, values, bounds, goal, limit=goal - change + most, at_least=False)


def _range_of(routine: Routine, unit: _Unit) -> Hold | None:
    step = routine.steps[unit.step]
    if unit.kind == "hold" and isinstance(step, Step) and step.hold and step.hold.is_range:
        return step.hold
    return None


def _lowest(hold: Hold | None) -> int:
    """How short a range hold may become inside its range: its minimum, but not under 5 s."""
    assert hold is not None
    return max(hold.low, min(MIN_FIT_HOLD, hold.high))


def _bounds(unit: _Unit, value: int, grow: bool) -> tuple[int, int]:
    """How far a unit may go in proportional scaling: never against the direction of the fit."""
    if grow:
        top = MAX_HOLD if unit.kind == "hold" else MAX_REST
        return value, top - top % unit.grain
    if unit.kind == "rest":
        return 0, value
    if value <= MIN_FIT_HOLD:
        return value, value  # a hold written shorter than 5 s is not shortened further
    lowest = -(-MIN_FIT_HOLD // unit.grain) * unit.grain
    return min(lowest, value), value


def _total(units: list[_Unit], values: list[int]) -> int:
    return sum(unit.count * value for unit, value in zip(units, values, strict=True))


# ---- the solver ------------------------------------------------------------------------------


def _solve(
    units: list[_Unit],
    values: list[int],
    bounds: dict[int, tuple[int, int]],
    goal: int,
    *,
    limit: int,
    at_least: bool,
) -> list[int]:
    """Scale the units named in `bounds` by one factor, clamped to their bounds, so the total
    comes to `goal`; then pick whole values (in grains) near the scaled ones that hit `goal`
    exactly, or the nearest total there is up to `limit` (with `at_least`, the nearest at or
    above `goal`)."""
    moving = sorted(bounds)
    fixed = _total(units, values) - sum(units[i].count * values[i] for i in moving)
    ideal = _scale(units, values, bounds, moving, goal - fixed, at_least)
    # Near the ideal values first (one grain down, two up); where whole values there cannot land
    # on the goal (a 10 s breath beside holds counted twice), a wider search that lets any unit
    # move by the coarsest step there is.
    coarsest = max((units[i].count * units[i].grain for i in moving), default=1)
    best: list[int] | None = None
    for wide in (False, True):
        found = _whole(units, values, bounds, ideal, goal, limit, at_least, coarsest if wide else 0)
        if best is None or abs(_total(units, found) - goal) < abs(_total(units, best) - goal):
            best = found
        if _total(units, best) == goal:
            break
    assert best is not None
    return best


def _scale(
    units: list[_Unit],
    values: list[int],
    bounds: dict[int, tuple[int, int]],
    moving: list[int],
    want: int,
    at_least: bool,
) -> dict[int, float]:
    """The one factor, found by bisection, that brings the moving units' total to `want`."""

    def scaled(factor: float) -> dict[int, float]:
        return {i: min(max(factor * values[i], bounds[i][0]), bounds[i][1]) for i in moving}

    def weighted(xs: dict[int, float]) -> float:
        return sum(units[i].count * x for i, x in xs.items())

    low, high = 0.0, max([bounds[i][1] / values[i] for i in moving if values[i] > 0] or [1.0])
    for _ in range(80):
        middle = (low + high) / 2
        if weighted(scaled(middle)) < want:
            low = middle
        else:
            high = middle
    return scaled(high if at_least else (low + high) / 2)


def _whole(
    units: list[_Unit],
    values: list[int],
    bounds: dict[int, tuple[int, int]],
    ideal: dict[int, float],
    goal: int,
    limit: int,
    at_least: bool,
    spread: int,
) -> list[int]:
    """Whole values near `ideal` (within `spread` seconds of total, or two grains) whose total
    is nearest `goal`: an exact search over the sums they can make, one bitset per unit."""
    # The first unit in this order takes whatever the others leave over: let it be the finest
    # and longest, where a second more or less shows least.
    order = sorted(ideal, key=lambda i: (units[i].count * units[i].grain, -ideal[i]))
    choices: list[list[int]] = []
    for i in order:
        unit, x, (least, most) = units[i], ideal[i], bounds[i]
        reach = max(2, -(-spread // (unit.count * unit.grain)))
        base = math.floor(x / unit.grain) * unit.grain
        near = (base + k * unit.grain for k in range(-reach, reach + 2))
        options = sorted((v for v in near if least <= v <= most), key=lambda v: abs(v - x))
        choices.append(options or [min(max(round(x), least), most)])

    fixed = _total(units, values) - sum(units[i].count * values[i] for i in order)
    floor = fixed + sum(units[i].count * min(opts) for i, opts in zip(order, choices, strict=True))
    reach_after = [1]  # bit n of the k-th: the first k units can add n to `floor`
    for i, opts in zip(order, choices, strict=True):
        bits, least, count = 0, min(opts), units[i].count
        for v in opts:
            bits |= reach_after[-1] << (count * (v - least))
        reach_after.append(bits)
    allowed = reach_after[-1] & ((1 << max(limit - floor + 1, 1)) - 1) or reach_after[-1]
    extra = _pick(allowed, goal - floor, at_least)

    result = list(values)
    for position in range(len(order) - 1, -1, -1):
        i, opts = order[position], choices[position]
        least, count = min(opts), units[i].count
        for v in opts:  # nearest to the ideal first
            left = extra - count * (v - least)
            if left >= 0 and reach_after[position] >> left & 1:
                result[i], extra = v, left
                break
    return result


def _pick(bits: int, want: int, at_least: bool) -> int:
    """The reachable total nearest `want` (ties go to the shorter), or the least at or above it."""
    top = bits.bit_length() - 1
    if want <= 0:
        return (bits & -bits).bit_length() - 1
    if want >= top:
        return top
    for distance in range(top + 1):
        above = want + distance
        below = want - distance
        if not at_least and below >= 0 and bits >> below & 1:
            return below
        if above <= top and bits >> above & 1:
            return above
    return top


# ---- the fitted routine and its story --------------------------------------------------------


def _apply(routine: Routine, units: list[_Unit], values: list[int]) -> Routine:
    steps = list(routine.steps)
    for unit, value in zip(units, values, strict=True):
        if value == unit.value:
            continue
        step = steps[unit.step]
        assert isinstance(step, Step) and step.hold is not None
        if unit.kind == "rest":
            steps[unit.step] = dataclasses.replace(step, rest=value)
        else:
            steps[unit.step] = dataclasses.replace(step, hold=_new_hold(step.hold, value))
    return dataclasses.replace(routine, steps=tuple(steps))


def _new_hold(hold: Hold, planned: int) -> Hold:
    """The hold that plans `planned`: a range narrows from the top, and lengthens in proportion."""
    if not hold.is_range or planned <= hold.low:
        return Hold(planned, planned)
    if planned <= hold.high:
        return Hold(hold.low, planned)
    low = min(max(round(hold.low * planned / hold.high), hold.low), planned - 1)
    return Hold(low, planned)


def _hold_text(hold: Hold) -> str:
    return f"{hold.low}-{hold.high} s" if hold.is_range else f"{hold.seconds} s"


def _step_changes(before: Routine, after: Routine) -> list[str]:
    """One line per changed step, naming it and each value that changed."""
    lines: list[str] = []
    for number, (old, new) in enumerate(zip(before.steps, after.steps, strict=True), start=1):
        if old == new or not isinstance(old, Step) or not isinstance(new, Step):
            continue
        parts: list[str] = []
        if old.hold != new.hold and old.hold is not None and new.hold is not None:
            text = f"hold {_hold_text(old.hold)} → {_hold_text(new.hold)}"
            if old.hold.is_range:
                text += f" ({_range_words(old.hold, new.hold)})"
            parts.append(text)
        if old.rest != new.rest:
            was = before.defaults.rest if old.rest is None else old.rest
            parts.append(f"rest {was} s → {new.rest} s")
        lines.append(f"Step {number} “{old.name}”: " + ", ".join(parts) + ".")
    return lines


def _range_words(old: Hold, new: Hold) -> str:
    if new.is_range and new.high < old.high:
        return "a narrower range"
    if new.is_range:
        return "the range lengthened in proportion"
    if new.seconds == old.low:
        return "its range's minimum, now a fixed hold"
    return "below its range, now a fixed hold"


def _why_not(target: int, after: int, before: int, units: list[_Unit], values: list[int]) -> str:
    """Why `target` was missed, in words, with how close the fit came."""
    shorten = target < before
    stuck = all(
        value == _bounds(unit, value, grow=not shorten)[0 if shorten else 1]
        for unit, value in zip(units, values, strict=True)
    )
    if not units:
        reason = "it has no holds or rests that fitting may change"
    elif stuck and shorten:
        reason = (
            f"every hold is down to {MIN_FIT_HOLD} s (or shorter, as written) and every rest to 0 s"
        )
    elif stuck:
        reason = f"every hold is at its longest ({MAX_HOLD} s) and every rest at {MAX_REST} s"
    else:
        return (
            f"Could not reach {format_clock(target)} exactly: holds repeat over sides and reps, "
            f"and whole seconds come no closer than {format_clock(after)}."
        )
    return (
        f"Could not reach {format_clock(target)}: {reason}; the closest is {format_clock(after)}."
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s") + (" is" if number == 1 else " are")
