"""The figure file: one line per fact, so a pose can be read, diffed and nudged by hand.

```
# comments run to the end of a line
figure knee-to-chest          # starts a figure; its name is kebab-case
title Knee to chest           # what a person reads under it
view side                     # side, front, or above (lying, seen from overhead)
side left                     # optional: the side the pose shows working (mirrored for the other)
head -7.2 1.4                 # x y, in body units, y up, the floor at 0
back -3.5 0.9                 # optional: the middle of the spine (a curved back)
shoulders -6 1 -6 1           # a pair: the person's left x y, then right x y
elbows -3 3.2                 # one point for a pair: both sides in the same place
knees 1.2 2 2.5 -1.2 2 2.5    # x y z: z is depth towards the viewer (not drawn; see model.py)
hands ...  hips ...  knees ...  feet ...
floor                         # props: floor, mat X1 X2, wall X, doorway X1 X2 TOP,
mat -9 6                      #   chair X SEAT left|right|front, roller X Y R, ball X Y R,
                              #   bed X1 X2 TOP, bath X1 X2 TOP
```

Why not TOML: a figure is thirteen points and a few props; one short line each reads better
than tables of arrays, and a problem points at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.figures.model import PAIRED, PROPS, SIDES, VIEWS, Figure, Point, Prop, single

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYS = ("title", "view", "side", "head", "back", *PAIRED, *PROPS)
REQUIRED = ("title", "view", "head", *PAIRED)


@dataclass(frozen=True, slots=True)
class FigureProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class FigureFileError(ValueError):
    """A figure file that cannot be read; every problem found, each with its line."""

    def __init__(self, source: str, problems: list[FigureProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


def _numbers(words: list[str], line: int, key: str, problems: list[FigureProblem]) -> list[float]:
    out = []
    for word in words:
        try:
            out.append(float(word))
        except ValueError:
            problems.append(FigureProblem(line, f"{key}: {word!r} is not a number"))
            return []
    return out


def _point(nums: list[float]) -> tuple[float, float, float]:
    return (nums[0], nums[1], nums[2] if len(nums) == 3 else 0.0)


class _Draft:
    """A figure being read: its facts so far, by kind (words, single points, pairs)."""

    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line
        self.words: dict[str, str] = {}
        self.points: dict[str, Point] = {}
        self.pairs: dict[str, tuple[Point, Point]] = {}
        self.seen: set[str] = set()
        self.props: list[Prop] = []

    def build(self, problems: list[FigureProblem]) -> Figure | None:
        missing = [key for key in REQUIRED if key not in self.seen]
        if missing:
            problems.append(
                FigureProblem(self.line, f"figure {self.name} has no {', '.join(missing)}")
            )
            return None
        if not all(key in self.words for key in ("title", "view")) or "head" not in self.points:
            return None  # given, but not readable: its own line says why
        if not all(pair in self.pairs for pair in PAIRED):
            return None
        joints: dict[str, Point] = dict(self.points)
        for pair in PAIRED:
            left, right = self.pairs[pair]
            joints[f"left-{single(pair)}"] = left
            joints[f"right-{single(pair)}"] = right
        return Figure(
            name=self.name,
            title=self.words["title"],
            view=self.words["view"],
            joints=joints,
            props=tuple(self.props),
            side=self.words.get("side", ""),
            line=self.line,
        )


def _read_fact(
    draft: _Draft,
    key: str,
    words: list[str],
    rest: str,
    line: int,
    problems: list[FigureProblem],
) -> None:
    if key in draft.seen and key not in PROPS:
        problems.append(FigureProblem(line, f"{key} is given twice in figure {draft.name}"))
        return
    if key == "title":
        if not rest:
            problems.append(FigureProblem(line, "title: needs the words a person reads"))
        draft.words[key] = rest
    elif key in ("view", "side"):
        allowed = VIEWS if key == "view" else SIDES
        if len(words) != 1 or words[0] not in allowed:
            problems.append(FigureProblem(line, f"{key}: one of {', '.join(allowed)}"))
        else:
            draft.words[key] = words[0]
    elif key in ("head", "back"):
        nums = _numbers(words, line, key, problems)
        if len(words) not in (2, 3):
            problems.append(FigureProblem(line, f"{key}: needs x y, or x y z"))
        elif nums:
            draft.points[key] = _point(nums)
    elif key in PAIRED:
        nums = _numbers(words, line, key, problems)
        if len(words) not in (2, 3, 4, 6):
            problems.append(
                FigureProblem(line, f"{key}: needs x y (both sides), or left x y right x y (z too)")
            )
        elif nums:
            if len(nums) in (2, 3):
                draft.pairs[key] = (_point(nums), _point(nums))
            else:
                half = len(nums) // 2
                draft.pairs[key] = (_point(nums[:half]), _point(nums[half:]))
    else:
        names, words_allowed = PROPS[key]
        count = len(names)
        nums = _numbers(words[:count], line, key, problems)
        extra = words[count:]
        wanted = " ".join(n.upper() for n in names)
        if words_allowed:
            wanted += " " + "|".join(words_allowed)
        if (
            len(words) < count
            or len(extra) != (1 if words_allowed else 0)
            or (extra and extra[0] not in words_allowed)
        ):
            problems.append(FigureProblem(line, f"{key}: needs {key} {wanted}".rstrip()))
        elif len(nums) == count:
            draft.props.append(Prop(key, tuple(nums), extra[0] if extra else ""))
    draft.seen.add(key)


def parse(text: str, source: str = "<figures>") -> list[Figure]:
    """Every figure in `text`, in order; FigureFileError lists every problem at once."""
    problems: list[FigureProblem] = []
    figures: list[Figure] = []
    seen: set[str] = set()
    draft: _Draft | None = None

    def finish() -> None:
        if draft is not None:
            built = draft.build(problems)
            if built is not None:
                figures.append(built)

    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if not content:
            continue
        key, _, rest = content.partition(" ")
        rest = rest.strip()
        words = rest.split()
        if key == "figure":
            finish()
            draft = None
            if len(words) != 1 or not NAME.match(words[0]):
                problems.append(FigureProblem(number, "figure: needs one kebab-case name"))
                continue
            if words[0] in seen:
                problems.append(FigureProblem(number, f"figure {words[0]} is given twice"))
            seen.add(words[0])
            draft = _Draft(words[0], number)
        elif key not in KEYS:
            import difflib  # only a file with a problem pays for it

            near = difflib.get_close_matches(key, [*KEYS, "figure"], n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(FigureProblem(number, f"unknown key {key!r}{hint}"))
        elif draft is None:
            problems.append(FigureProblem(number, f"{key} before the first 'figure NAME' line"))
        else:
            _read_fact(draft, key, words, rest, number, problems)
    finish()
    if problems:
        raise FigureFileError(source, problems)
    return figures


def _num(value: float) -> str:
    text = repr(float(value)).removesuffix(".0")
    return "0" if text == "-0" else text


def _coords(points: list[Point]) -> str:
    """x y per point, or x y z per point when any of them has depth."""
    deep = any(p[2] for p in points)
    return " ".join(_num(v) for p in points for v in (p if deep else p[:2]))


def dump(figures: list[Figure]) -> str:
    """Figures as figure-file text that parse() reads back to equal figures."""
    out: list[str] = []
    for figure in figures:
        out += [f"figure {figure.name}", f"title {figure.title}", f"view {figure.view}"]
        if figure.side:
            out.append(f"side {figure.side}")
        for key in ("head", "back"):
            if key in figure.joints:
                out.append(f"{key} {_coords([figure.joints[key]])}")
        for pair in PAIRED:
            left = figure.joints[f"left-{single(pair)}"]
            right = figure.joints[f"right-{single(pair)}"]
            out.append(f"{pair} {_coords([left] if left == right else [left, right])}")
        for prop in figure.props:
            parts = [prop.kind, *(_num(v) for v in prop.values)]
            if prop.word:
                parts.append(prop.word)
            out.append(" ".join(parts))
        out.append("")
    return "\n".join(out)
