"""The worker that feeds the playback chain (tui/audio/backends.py) for one session.

The caller never waits: `Playback.play` hands a job to one worker thread (made on first use) and
returns at once; the job says which backend finally played it. Only the bell is rung in the
caller's thread, since ringing it is one write to the terminal. A backend that fails (cannot
start, or its program exits non-zero) is dropped for the rest of the session and its cue is
replayed by the next one when that is still timely.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.audio.backends import Backend, BackendError, Bell, Notice, Running
from tui.audio.sounds import Clip

POLL = 0.01  # seconds between looks at running player programs (only while one runs)
REPLAY_WITHIN = 1.0  # a failed cue is replayed by the next backend only this soon after it was due


@dataclass(eq=False)
class Job:
    """One clip to play. `make` builds it in the worker (decoding never runs in the caller);
    `went` is the backend that finally played it, set when `done`."""

    make: Callable[[], Clip]
    asked: float = field(default_factory=time.monotonic)
    clip: Clip | None = None
    went: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, went: str) -> None:
        self.went = went
        self.done.set()


_STOP = object()


class Playback:
    """The chain for one session and the single worker thread that feeds it."""

    def __init__(
        self,
        backends: list[Backend],
        bell: Bell,
        cache: Path,
        notice: Notice | None = None,
        reason: str = "",
    ) -> None:
        self._backends = list(backends)
        self.bell = bell
        self.cache = cache
        self.reason = reason
        self._notice = notice or (lambda _line: None)
        self._queue: queue.Queue[Any] = queue.Queue()
        self._running: list[tuple[Running, Backend, Job]] = []
        self._busy = 0  # jobs handed over and not yet finished
        self._state = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    # -------------------------------------------------------------------------- the caller side

    @property
    def head(self) -> Backend | Bell:
        """The backend the next cue goes to."""
        with self._state:
            return self._backends[0] if self._backends else self.bell

    @property
    def name(self) -> str:
        return self.head.name

    @property
    def label(self) -> str:
        name = self.name
        return f"{name} ({self.reason})" if name == "bell" and self.reason else name

    def play(self, make: Callable[[], Clip]) -> Job:
        """Play what `make` returns, without waiting; the job's `went` says how, once done.
        With only the bell left it rings here and now (no thread, no decoding)."""
        job = Job(make)
        head = self.head
        if head is self.bell or self._closed:
            if not self._closed:
                self.bell.play()
            job.finish("bell" if not self._closed else "off")
            return job
        with self._state:
            self._busy += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="unknot-audio", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every job handed over has played out (tests, `unknot sounds --test`)."""
        deadline = time.monotonic() + timeout
        with self._state:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._state.wait(left)
        return True

    def close(self, timeout: float = 1.0) -> None:
        """Stop the worker (sounds already playing in other processes play out) and release
        the device. Waits at most `timeout`."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)
        for backend in self._backends:
            backend.close()

    # -------------------------------------------------------------------------- the worker side

    def _work(self) -> None:
        while True:
            with self._state:
                waiting = bool(self._running)
            try:
                item = self._queue.get(timeout=POLL if waiting else None)
            except queue.Empty:
                item = None
            self._reap()
            if item is _STOP:
                return
            if item is not None:
                self._start(item)

    def _start(self, job: Job) -> None:
        while True:
            head = self.head
            if head is self.bell:
                self.bell.play()
                self._finish(job, "bell")
                return
            try:
                if job.clip is None:
                    job.clip = job.make()
                handle = head.play(job.clip, self.cache)
            except BackendError as exc:
                self._drop(head, str(exc))
                continue
            except Exception as exc:  # a clip that cannot be made: say so once, play nothing
                self._notice(f"a cue could not be played ({type(exc).__name__}: {exc})")
                self._finish(job, "off")
                return
            if handle is None:
                self._finish(job, head.name)
            else:
                with self._state:
                    self._running.append((handle, head, job))
            return

    def _reap(self) -> None:
        with self._state:
            running = list(self._running)
        for entry in running:
            handle, backend, job = entry
            code = handle.poll()
            if code is None:
                continue
            with self._state:
                self._running.remove(entry)
            if code == 0:
                self._finish(job, backend.name)
                continue
            self._drop(backend, f"exit {code}")
            if time.monotonic() - job.asked <= REPLAY_WITHIN:
                self._start(job)
            else:
                self._finish(job, backend.name)

    def _drop(self, backend: Backend, why: str) -> None:
        with self._state:
            if backend not in self._backends:
                return
            self._backends.remove(backend)
        backend.close()
        self._notice(f"{backend.name} failed ({why}); sound now goes by {self.name}")

    def _finish(self, job: Job, went: str) -> None:
        job.finish(went)
        with self._state:
            self._busy -= 1
            self._state.notify_all()
