"""The history with 10,000 sessions stored (issue: `unknot stats` under 0.3 s).

Generates 10,000 sessions of the bundled routines over about three years, with their segments,
some ratings, favourites and interrupted ones, into a temporary UNKNOT_HOME. Then times:
- `unknot stats` as a whole process, the way a person runs it (interpreter start-up counts);
- opening the store and reading what the history screen's first frame needs (a page of 50
  sessions and the stats), in-process: the screen's 0.5 s first frame must have room for Textual.

    .venv/bin/python benchmarks/bench_history.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import compile_sources, median_seconds, report

from tui.core.history import HistoryStore, NewSession
from tui.core.history_snapshot import snapshot_of
from tui.core.loader import Library
from tui.core.paths import bundled_routines
from tui.core.recorder import local_now
from tui.core.stats import compute
from tui.core.timeline import Timeline

COUNT = 10_000
DAYS = 3 * 365


def generate(store: HistoryStore, today: date) -> None:
    """COUNT sessions, newest today, a few a day; their segments as the recorder writes them."""
    from tui.core.history import SegmentRow

    library = Library.load(bundled_routines(), None)
    plans: list[tuple[Timeline, list[SegmentRow]]] = []
    for routine in library.routines.values():
        timeline = library.timeline(routine)
        rows = [
            SegmentRow(
                position=s.index,
                step=s.step_number,
                name=s.played.name,
                kind=s.kind,
                side=s.side,
                rep=s.rep,
                planned=s.length,
                status="done",
                outcome="done",
                actual=s.length,
            )
            for s in timeline.segments
        ]
        plans.append((timeline, rows))
    snapshots = {t.routine.id: snapshot_of(t) for t, _ in plans}
    zone = local_now().tzinfo
    chance = random.Random(6)
    with store.batch():
        for n in range(COUNT):
            timeline, rows = plans[n % len(plans)]
            day = today - timedelta(days=DAYS - 1 - n * DAYS // COUNT)
            started = datetime.combine(day, time(7 + n % 14, n % 60), zone)
            interrupted = chance.random() < 0.05
            kept = rows[: len(rows) // 2] if interrupted else rows
            session_id = store.begin_session(
                NewSession(
                    routine_id=timeline.routine.id,
                    routine_name=timeline.routine.name,
                    areas=timeline.routine.areas,
                    snapshot=snapshots[timeline.routine.id],
                    planned=timeline.planned_seconds,
                    started=started,
                    routine_path=str(timeline.routine.path),
                    tension_before=chance.randint(3, 8) if n % 2 else None,
                ),
                kept,
            )
            store.record_progress(
                session_id,
                actual=sum(r.actual for r in kept),
                end_state=None if interrupted else "completed",
                ended=None
                if interrupted
                else started + timedelta(seconds=timeline.planned_seconds),
            )
            if n % 2:
                store.rate(session_id, after=chance.randint(1, 5))
            if n % 97 == 0:
                store.star_session(session_id)


def main() -> int:
    compile_sources()
    script = Path(sys.executable).parent / "unknot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    today = date.today()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home}
        os.environ["UNKNOT_HOME"] = home
        with HistoryStore.open() as store:
            generate(store, today)
            assert store.count_sessions() == COUNT
        size = (Path(home) / "data" / "history.sqlite3").stat().st_size

        def stats_process() -> None:
            subprocess.run([*command, "stats"], env=env, check=True, stdout=subprocess.DEVNULL)

        def first_frame_data() -> None:
            with HistoryStore.open() as opened:
                assert len(opened.sessions(limit=50)) == 50
                compute(opened, today)

        stats_process()  # warm the file cache and .pyc files
        median, _ = median_seconds(stats_process, repeat=15)
        page, _ = median_seconds(first_frame_data, repeat=15)
        bare, _ = median_seconds(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat=15
        )
    print(f"({COUNT:,} sessions, {size / 1e6:.1f} MB; a bare `python -c pass` takes {bare:.3f} s)")
    ok = report("unknot stats, 10,000 sessions", median, "s", 0.3)
    ok &= report("history page of 50 + stats, 10,000 sessions (in-process)", page, "s", 0.05)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
