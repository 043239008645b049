"""The history with 10,000 sessions stored (issue 6, point 8).

Generates 10,000 sessions of the bundled routines over about three years, with their segments,
some ratings, favourites and interrupted ones, into a temporary UNKNOT_HOME. Then times:
- the history screen's first frame: the real app (headless, 100x30) opens on the library, and
  from the moment `h` would open the history until Textual has painted the history screen, with
  its first page of sessions, the figures (worked out in a thread, waited for) and the newest
  session's details. Limit: under 0.5 s.
  The same process also says how long it took from interpreter start to that frame;
- `unknot stats` as a whole process, the way a person runs it (interpreter start-up counts).
  Limit: under 0.3 s;
- and, for where the time goes, the store's part of the first frame in-process (a page of
  sessions and the stats).

    .venv/bin/python benchmarks/bench_history.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import compile_sources, median_seconds, report

from tui.app.screens.history import PAGE
from tui.core.history import HistoryStore
from tui.core.history_rows import NewSession
from tui.core.history_snapshot import snapshot_of
from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.recorder import local_now
from tui.core.stats import compute
from tui.core.timeline import Timeline

COUNT = 10_000
DAYS = 3 * 365


def generate(store: HistoryStore, today: date) -> None:
    """COUNT sessions, newest today, a few a day; their segments as the recorder writes them."""
    from tui.core.history_rows import SegmentRow

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
            started = datetime.combine(day, clock_time(7 + n % 14, n % 60), zone)
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


# The app prints, once the history screen has been painted, how long that took since it was asked
# for and since the process started (both on the wall clock the parent shares).
FIRST_FRAME_HISTORY = """
import sys, time
started = float(sys.argv[1])
from tui.cli.common import load_library
from tui.app.unknot import UnknotApp
class Timed(UnknotApp):
    def on_ready(self):
        self.call_after_refresh(self.open_timed)
    def open_timed(self):
        self.asked = time.time()
        self.open_history()
        self.screen.call_after_refresh(self.painted)
    def painted(self):
        table = self.screen.query_one("#sessions")
        assert table.row_count > 0, "the history screen shows no sessions"
        if self.screen.stats is None:  # the figures come from a thread worker: wait for them too
            self.set_timer(0.005, lambda: self.screen.call_after_refresh(self.painted))
            return
        now = time.time()
        print(now - self.asked, now - started)
        self.exit()
Timed(load_library()).run(headless=True, size=(100, 30))
"""


def history_first_frame(env: dict[str, str]) -> tuple[float, float]:
    """(seconds from asking for the history to its first frame, from process start to it)."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_HISTORY, str(start)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    screen, process = (float(word) for word in done.stdout.split()[-2:])
    return screen, process


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
                assert len(opened.sessions(limit=PAGE)) == PAGE
                compute(opened, today)

        stats_process()  # warm the file cache and .pyc files
        median, _ = median_seconds(stats_process, repeat=15)
        page, _ = median_seconds(first_frame_data, repeat=15)
        history_first_frame(env)
        frames = [history_first_frame(env) for _ in range(9)]
        screen = statistics.median(f[0] for f in frames)
        whole = statistics.median(f[1] for f in frames)
        bare, _ = median_seconds(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat=15
        )
    print(f"({COUNT:,} sessions, {size / 1e6:.1f} MB; a bare `python -c pass` takes {bare:.3f} s)")
    ok = report("history screen first frame, 10,000 sessions (h to painted)", screen, "s", 0.5)
    print(f"  (from interpreter start to that frame: {whole:.3f} s)")
    ok &= report("unknot stats, 10,000 sessions (whole process)", median, "s", 0.3)
    ok &= report("  of the first frame, the store's part (page + stats)", page, "s", 0.05)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
