"""A real terminal for the benchmarks: tmux panes on a private server, and what /proc says of
the program running in one (CPU time, peak memory) and how many bytes it wrote to its terminal.

A pane's program is started with `exec`, so the pane's pid is the program itself; what it
writes to its terminal is copied by `tmux pipe-pane` into a file whose size is the byte count.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
import time
from pathlib import Path

FOLDER = Path(tempfile.mkdtemp(prefix="unknot-bench-"))
SOCKET = FOLDER / "tmux"
SIZE = (100, 30)


def tmux(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """tmux on a private server, so no other tmux user can kill our sessions mid-run."""
    return subprocess.run(["tmux", "-S", str(SOCKET), *args], text=True, **kwargs)  # type: ignore[call-overload]


def kill_server() -> None:
    tmux("kill-server", capture_output=True)


class Tmux:
    """One detached tmux session (100×30) running a command, its output counted in bytes."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.output = FOLDER / f"{name}.out"
        self.output.write_bytes(b"")
        tmux("kill-session", "-t", name, capture_output=True)
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("UNKNOT", "TERM"))
        )
        # `exec` so the pane's process is the program itself, whose /proc entry we read.
        shell = f"exec env {exports} {shlex.join(command)}"
        width, height = SIZE
        # The pane starts empty (a shell that waits for a key), so pipe-pane is in place before
        # the program writes its first byte; the key then execs the program.
        starter = f"read _; {shell}"
        tmux(
            "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), starter,
            check=True,
        )  # fmt: skip
        tmux("pipe-pane", "-t", name, f"cat >> {shlex.quote(str(self.output))}", check=True)
        self.keys("Enter")
        self.pid = self._child_pid()

    def _child_pid(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            out = tmux(
                "list-panes", "-t", self.name, "-F", "#{pane_pid}", capture_output=True
            ).stdout.split()
            if out:
                return int(out[0])
            time.sleep(0.05)
        raise RuntimeError("tmux pane did not start")

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys, check=True)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name, capture_output=True).stdout

    def title(self) -> str:
        return tmux(
            "display-message", "-p", "-t", self.name, "#{pane_title}", capture_output=True
        ).stdout.strip()

    def bytes_written(self) -> int:
        """Bytes the program has written to its terminal so far."""
        return self.output.stat().st_size

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise RuntimeError(f"{text!r} never appeared:\n{self.screen()}")

    def close(self) -> None:
        tmux("kill-session", "-t", self.name, capture_output=True)


def cpu_seconds(pid: int) -> float:
    """CPU time of the whole process: every thread's, in ns (schedstat), not 10 ms ticks.
    Textual writes to the terminal from a thread of its own, which counts as much as the rest."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError):
            continue  # a thread that ended between the listing and the read
    return total / 1e9


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak resident, resident now) in MB: VmHWM and VmRSS."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmHWM", float("nan")), values.get("VmRSS", float("nan"))
