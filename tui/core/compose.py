"""Today's routine: composed from where it is tight and how long there is, and saying why.

A check-in (each area's 0–10 rating, the minutes, the day) and the library's steps go in; a
routine comes out that the loader accepts, with the reasons for it as data. The rules:

- **Time follows tightness.** Each rated area's share of the time is as large as its rating, and
  every area rated 5 or more gets at least one step (unless no step in the library works it: the
  reasons say so). The steps are chosen in tui/core/compose_pick.py; after the fit, time moves
  from a looser area's steps to a tighter one's (tui/core/compose_share.py) so that an area
  rated higher never has less time than one rated lower, or the reasons say why it cannot.
- **Down once, up once.** Steps go standing and wall work first, then seated, then hands and
  knees, then lying (tui/core/positions.py), with a manual step at each change of position
  ("Onto hands and knees"), and one to get up at the end when the person is on the floor. Steps
  in bed or in water are never composed: they are sessions of their own.
- **Gentle where it flares.** An area rated 8 or more gets only gentle steps (a step takes its
  routine's level), and the advice says what the article says of a flare: cold for a fresh,
  acute one rather than heat.
- **No step twice** (by name), a calm step last (a breathing step or a resting pose from the
  library, or unknot's own slow breaths), and the planned length within 5 s of the minutes: the
  builder's fit-to-time rules (tui/core/fit.py) scale holds and rests, never a hold under 5 s.
- **The same check-in on the same day gives the same routine**: the choice is seeded by the day
  and the check-in; `variant` asks for another one.

Nothing here reads a file or the clock: the caller passes the day and the trend words.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tui.core.compose_pick import (
    COVER_FROM,
    GENTLE_ONLY_FROM,
    MIN_REST,
    Candidate,
    allowed,
    calm_ending,
    candidates,
    choose,
    shortest,
)
from tui.core.compose_share import area_seconds, balance, outweighed
from tui.core.compose_steps import (
    ATTEMPTS,
    ComposedStep,
    StepKind,
    own_calm,
    own_close,
    simplified,
    with_moves,
)
from tui.core.durations import format_clock
from tui.core.fit import fit_to_seconds
from tui.core.routine import AREAS, Defaults, Routine, Step
from tui.core.timeline import build_timeline

__all__ = [
    "AreaReason",
    "Caution",
    "CheckIn",
    "ComposeError",
    "Composed",
    "ComposedStep",
    "StepKind",
    "compose",
    "compose_from",
    "own_calm",
]

TODAY_ID = "today"
MIN_MINUTES = 5.0
MAX_MINUTES = 120.0
TOLERANCE = 5  # seconds the planned length may differ from the minutes chosen
UNRATED_AS = 5  # an area picked as tight with its rating skipped counts as this
# Starring keeps a routine id on top of the library; "today" names a different routine each
# check-in and the library never lists it, so a star on it would be invisible. F says this.
STAR_COMPOSED = (
    "Today's routine is made afresh from each check-in, so it cannot be starred. Save it as a "
    "routine of your own (s on the preview, or s on its session in the history), then star that."
)


def is_composed(routine_id: str, listed: Container[str]) -> bool:
    """Whether `routine_id` is one the composer made for a check-in, not a routine the library
    holds (`listed`: its ids); a person's own routine may still be called "today"."""
    return routine_id == TODAY_ID and routine_id not in listed


LEVEL_ORDER = ("gentle", "moderate", "firm")


class ComposeError(ValueError):
    """A check-in that cannot be composed (no ratings, minutes out of range, no steps at all)."""


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What the person said: each area's 0–10 rating (in the format's area order), the minutes,
    the day it is for, and which of the day's routines (0 first; another one is 1, 2, …).
    `unrated` areas were picked as tight but their rating skipped: they are composed as if rated
    5 (`UNRATED_AS`), and only `ratings` (what was said) go to the history."""

    ratings: tuple[tuple[str, int], ...]
    minutes: float
    day: date
    variant: int = 0
    unrated: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        ratings: Mapping[str, int],
        minutes: float,
        day: date,
        variant: int = 0,
        unrated: Iterable[str] = (),
    ) -> CheckIn:
        """Checked: areas are the format's words, ratings 0–10, minutes 5–120."""
        skipped = set(unrated)
        for area in skipped:
            if area not in AREAS:
                raise ComposeError(f"{area!r} is not an area (one of {', '.join(AREAS)})")
            if area in ratings:
                raise ComposeError(f"{area} is both rated and not rated; say one")
        for area, rating in ratings.items():
            if area not in AREAS:
                raise ComposeError(f"{area!r} is not an area (one of {', '.join(AREAS)})")
            if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
                raise ComposeError(f"{area} is rated {rating!r}: a rating is a whole number 0–10")
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ComposeError(
                f"{minutes:g} minutes: a composed routine is "
                f"{MIN_MINUTES:g} to {MAX_MINUTES:g} minutes long"
            )
        if not skipped and not any(rating > 0 for rating in ratings.values()):
            raise ComposeError("rate at least one area above 0: that is where the time goes")
        ordered = tuple((area, ratings[area]) for area in AREAS if area in ratings)
        not_rated = tuple(area for area in AREAS if area in skipped)
        return cls(ordered, float(minutes), day, variant, not_rated)

    @property
    def rating(self) -> dict[str, int]:
        """What the choice works from: the ratings, and each unrated area as if rated 5."""
        weights = dict(self.ratings)
        weights.update((area, UNRATED_AS) for area in self.unrated)
        return weights

    @property
    def seconds(self) -> int:
        return round(self.minutes * 60)

    def seed(self) -> int:
        """The same check-in on the same day: the same number (and so the same routine)."""
        text = f"{self.day.isoformat()}|{self.ratings}|{self.minutes:g}|{self.variant}"
        if self.unrated:
            text += f"|unrated {self.unrated}"
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True, slots=True)
class AreaReason:
    """Why an area got the time it got: "lower back 7/10, not easing: 6 of 10 minutes"."""

    area: str
    rating: int
    seconds: int  # its steps' planned time, after fitting (their get-ready and rests included)
    steps: tuple[str, ...]
    trend: str | None = None  # the history's word ("not easing", "easing"), when it has one
    gentle_only: bool = False
    missing: bool = False  # rated 5 or more, but no step in the library works it
    also: tuple[str, ...] = ()  # steps chosen for other areas that work this one too
    rated: bool = True  # False: picked as tight, its rating skipped (`rating` is UNRATED_AS)
    # areas rated lower that still have more time: their shortest steps in the library are
    # longer than this one's share, even with every hold at 5 s (compose_share.balance)
    outweighed_by: tuple[str, ...] = ()
    # missing, though the library has a step for it: each has the name of a step already
    # chosen for another area (no step twice)
    named_twice: bool = False

    def text(self, minutes: float) -> str:
        name = self.area.replace("-", " ")
        head = f"{name} {self.rating}/10" if self.rated else f"{name}, not rated"
        if self.trend:
            head += f", {self.trend}"
        if self.missing and self.named_twice:
            return f"{head}: its steps share their names with steps already chosen"
        if self.missing:
            kind = "gentle step" if self.gentle_only else "step"
            return f"{head}: no {kind} in your library works it"
        if not self.seconds and self.also:
            return f"{head}: worked in {', '.join(self.also)}"
        if not self.seconds:
            return f"{head}: no time today (the tighter areas came first)"
        share = f"{round(self.seconds / 60)}" if self.seconds >= 60 else f"{self.seconds} s"
        text = f"{head}: {share} of {minutes:g} minutes"
        text += " (gentle steps only)" if self.gentle_only else ""
        if self.outweighed_by:
            names = ", ".join(a.replace("-", " ") for a in self.outweighed_by)
            text += (
                f"; {names} has a little more: its steps in your library are longer, even held 5 s"
            )
        return text


@dataclass(frozen=True, slots=True)
class Caution:
    """A caution of a routine a step came from, shown before the composed routine plays."""

    routine_id: str
    routine_name: str
    text: str


@dataclass(frozen=True, slots=True)
class Composed:
    """A composed routine and why: what the preview shows, `--json` prints and the history keeps."""

    routine: Routine
    checkin: CheckIn
    steps: tuple[ComposedStep, ...]  # one for each of routine.steps, in order
    reasons: tuple[AreaReason, ...]
    advice: tuple[str, ...]
    cautions: tuple[Caution, ...]
    planned: int

    def lines(self, cautions: bool = True) -> list[str]:
        """The preview in words: the reasons, the advice, the cautions (a player that shows the
        routine's caution itself leaves them out)."""
        lines = [reason.text(self.checkin.minutes) for reason in self.reasons]
        lines += self.advice
        if cautions:
            lines += [f"Caution ({c.routine_name}): {c.text}" for c in self.cautions]
        return lines

    def as_json(self) -> dict[str, Any]:
        from tui.core.writer import dumps

        return {
            "id": self.routine.id,
            "name": self.routine.name,
            "day": self.checkin.day.isoformat(),
            "variant": self.checkin.variant,
            "minutes": self.checkin.minutes,
            "planned_seconds": self.planned,
            "ratings": dict(self.checkin.ratings),
            "unrated": list(self.checkin.unrated),
            "reasons": [
                {
                    "area": r.area,
                    "rating": r.rating if r.rated else None,
                    "seconds": r.seconds,
                    "steps": list(r.steps),
                    "trend": r.trend,
                    "gentle_only": r.gentle_only,
                    "missing": r.missing,
                    "also": list(r.also),
                    "named_twice": r.named_twice,
                    "outweighed_by": list(r.outweighed_by),
                    "text": r.text(self.checkin.minutes),
                }
                for r in self.reasons
            ],
            "advice": list(self.advice),
            "cautions": [
                {"routine": c.routine_id, "name": c.routine_name, "text": c.text}
                for c in self.cautions
            ],
            "steps": [
                {
                    "name": s.step.name,
                    "kind": s.kind,
                    "area": s.area,
                    "position": s.step.position,
                    "from": s.source,
                    "level": s.level,
                }
                for s in self.steps
            ],
            "toml": dumps(self.routine),
        }


# ---- composing ------------------------------------------------------------------------------


def compose(
    routines: Iterable[Routine],
    checkin: CheckIn,
    *,
    trends: Mapping[str, str] | None = None,
    routine_id: str = TODAY_ID,
) -> Composed:
    """Today's routine from the steps of `routines` (the library's) for `checkin`. `trends` maps
    an area to the history's word for it ("not easing"). ComposeError when the library offers no
    step at all for the rated areas."""
    return compose_from(candidates(routines), checkin, trends=trends, routine_id=routine_id)


def compose_from(
    pool: list[Candidate],
    checkin: CheckIn,
    *,
    trends: Mapping[str, str] | None = None,
    routine_id: str = TODAY_ID,
) -> Composed:
    """`compose` from candidates already gathered (a check-in screen asking for another one)."""
    ratings = checkin.rating
    target = checkin.seconds
    rng = random.Random(checkin.seed())
    calm_reserve = min(60, target // 6)
    choice = choose(pool, ratings, target - calm_reserve, rng)
    picked = sorted(choice.picked, key=lambda p: (p[0].rank, p[0].step.position or "", p[0].order))
    lowest = picked[-1][0].rank if picked else 0
    calm = calm_ending(pool, ratings, choice.used, lowest, rng)
    if not picked and calm is None:  # none fits the minutes as written: the fit may shorten one
        picked = shortest(pool, ratings)
    if not picked and calm is None:
        raise ComposeError("no step in your library works the areas you rated")
    last_position = picked[-1][0].step.position if picked else None
    body = [ComposedStep(c.step, c.source.id, c.level, "area", area) for c, area in picked]
    body.append(
        ComposedStep(calm.step, calm.source.id, calm.level, "calm")
        if calm is not None
        else ComposedStep(own_calm(last_position or "seated"), None, "gentle", "calm")
    )
    by_id = {c.source.id: c for c, _ in picked}
    if calm is not None:
        by_id[calm.source.id] = calm
    cover = {c.key for c, _ in choice.picked[: choice.covering]}
    for simpler, closing in ATTEMPTS:
        trial = simplified(own_close(body, ratings) if closing else body, simpler, cover)
        sources = [by_id[i] for i in dict.fromkeys(s.source for s in trial) if i is not None]
        equipment = _equipment(sources)
        cautions = _cautions(sources)
        drafted = with_moves(trial, equipment)
        routine = _routine(drafted, checkin, routine_id, equipment, cautions)
        fitted = _fit(routine, target)
        if fitted is not None:
            break
    else:
        raise ComposeError(
            f"the steps your library offers cannot be fitted to {format_clock(target)}"
        )
    routine = balance(fitted[0], drafted, ratings, target, TOLERANCE)
    planned = int(build_timeline(routine).planned_seconds)
    steps = tuple(
        dataclasses.replace(s, step=new)
        for s, new in zip(drafted, routine.steps, strict=True)
        if isinstance(new, Step)
    )
    fitted_routine = routine
    reasons = _reasons(fitted_routine, steps, checkin, trends or {}, pool)
    return Composed(
        routine=fitted_routine,
        checkin=checkin,
        steps=steps,
        reasons=reasons,
        advice=_advice(checkin, trends or {}),
        cautions=cautions,
        planned=planned,
    )


def _equipment(sources: list[Candidate]) -> tuple[str, ...]:
    """What the steps seem to need (compose_pick.step_equipment), in the order they come."""
    found: list[str] = []
    for candidate in sources:
        found.extend(word for word in candidate.equipment if word not in found)
    return tuple(found)


def _routine(
    steps: list[ComposedStep],
    checkin: CheckIn,
    routine_id: str,
    equipment: tuple[str, ...],
    cautions: tuple[Caution, ...],
) -> Routine:
    ratings = checkin.rating
    worked = [a for a in AREAS if any(s.area == a for s in steps)]
    areas = tuple(worked) or tuple(a for a in AREAS if ratings.get(a, 0) > 0)
    names = ", ".join(a.replace("-", " ") for a in sorted(areas, key=lambda a: -ratings.get(a, 0)))
    name = f"Today: {names}"
    if len(name) > 80:
        name = name[:79].rsplit(",", 1)[0] + "…"
    sources = {s.source for s in steps if s.source is not None}
    level = max((s.level for s in steps), key=LEVEL_ORDER.index, default="gentle")
    return Routine(
        id=routine_id,
        name=name,
        summary=(
            f"Composed on {checkin.day.day} {checkin.day:%B %Y} for {checkin.minutes:g} minutes "
            f"from {len(sources)} routine{'s' if len(sources) != 1 else ''} of your library."
        ),
        areas=areas,
        steps=tuple(s.step for s in steps),
        level=level,
        equipment=equipment,
        caution="\n\n".join(c.text for c in cautions),
        description="Made by unknot from your check-in: "
        + "; ".join(
            [f"{a.replace('-', ' ')} {r}/10" for a, r in checkin.ratings]
            + [f"{a.replace('-', ' ')} not rated" for a in checkin.unrated]
        )
        + ".",
        tags=("today",),
        defaults=Defaults(prep=5, rest=MIN_REST, switch=5),
    )


def _fit(routine: Routine, target: int) -> tuple[Routine, int] | None:
    """The routine fitted to `target` seconds by the builder's rules (never a hold under 5 s),
    with its planned length; None when it cannot come within 5 s."""
    fit = fit_to_seconds(routine, target, lambda _id: None)
    planned = int(build_timeline(fit.routine).planned_seconds)
    return (fit.routine, planned) if abs(planned - target) <= TOLERANCE else None


def _reasons(
    routine: Routine,
    steps: tuple[ComposedStep, ...],
    checkin: CheckIn,
    trends: Mapping[str, str],
    pool: list[Candidate],
) -> tuple[AreaReason, ...]:
    seconds = area_seconds(routine, steps)
    weights = checkin.rating
    beaten = outweighed(seconds, weights)
    worked = {area for s in steps for area in s.step.areas if s.kind in ("area", "calm")}
    reasons: list[AreaReason] = []
    for area in sorted(weights, key=lambda a: (-weights[a], AREAS.index(a))):
        rating = weights[area]
        if rating <= 0:
            continue
        reasons.append(
            AreaReason(
                area=area,
                rating=rating,
                seconds=round(seconds.get(area, 0.0)),
                steps=tuple(s.step.name for s in steps if s.area == area),
                trend=trends.get(area),
                gentle_only=rating >= GENTLE_ONLY_FROM,
                missing=rating >= COVER_FROM and area not in worked,
                named_twice=rating >= COVER_FROM
                and area not in worked
                and any(area in c.areas and allowed(c, weights) and not c.calm for c in pool),
                also=tuple(
                    s.step.name
                    for s in steps
                    if s.kind == "area" and s.area != area and area in s.step.areas
                ),
                rated=area not in checkin.unrated,
                outweighed_by=tuple(beaten.get(area, ())),
            )
        )
    return tuple(reasons)


FLARE_ADVICE = (
    "For a fresh, acute flare, cold helps more than heat: an ice pack wrapped in a cloth for 10 to "
    "15 minutes. Heat suits tension that has been there a long while, not a new flare."
)
WHEN_TO_SEE = (
    "If the pain comes with numbness or tingling, or stops you doing everyday things, "
    "see a health professional for an evaluation."
)


def _advice(checkin: CheckIn, trends: Mapping[str, str]) -> tuple[str, ...]:
    from tui.core.stats import professional_advice

    advice: list[str] = []
    flaring = [a for a, r in checkin.ratings if r >= GENTLE_ONLY_FROM]
    if flaring:
        names = ", ".join(a.replace("-", " ") for a in flaring)
        advice.append(f"Rated 8 or more ({names}): gentle steps only. {FLARE_ADVICE}")
        advice.append(WHEN_TO_SEE)
    stuck = [a for a, r in checkin.ratings if r > 0 and trends.get(a) == "not easing"]
    if stuck:
        advice.append(professional_advice(stuck))
    return tuple(advice)


def _cautions(sources: list[Candidate]) -> tuple[Caution, ...]:
    cautions: list[Caution] = []
    seen: set[str] = set()
    for candidate in sources:
        routine = candidate.source
        text = " ".join(routine.caution.split())
        if text and routine.id not in seen and all(c.text != text for c in cautions):
            cautions.append(Caution(routine.id, routine.name, text))
        seen.add(routine.id)
    return tuple(cautions)
