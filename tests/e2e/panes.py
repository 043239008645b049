"""A real terminal for the end-to-end tests: one tmux pane running one command, on a tmux server
of the test's own (a shared server is also used by people and other tests, whose `kill-server`
must not end ours). The pane is kept 30 s after the command ends, for a post-mortem of its
screen and of the terminal's modes."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

# The terminal's modes: alternate screen, mouse tracking, cursor shown.
MODES = "#{alternate_on} #{mouse_any_flag} #{cursor_flag}"


class Pane:
    """One detached tmux session of `size` running `command` with `env`; `then` is shell run
    after it (`echo EXITED $?` tells on screen that it ended, and how)."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        size: tuple[int, int] = (100, 30),
        *,
        then: str = "",
        wait: float = 20.0,
    ) -> None:
        self.name = f"unknot-e2e-{uuid.uuid4().hex[:8]}"
        self.wait = wait  # how long wait_for waits unless told
        # A short private folder for the socket (a socket path is limited to ~100 characters).
        self.folder = Path(tempfile.mkdtemp(prefix="unknot-tmux-"))
        self.tmux = ["tmux", "-S", str(self.folder / "socket")]
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        after = f"{then}; " if then else ""
        shell = f"env {exports} {shlex.join(command)}; {after}sleep 30"
        width, height = size
        size_args = ["-x", str(width), "-y", str(height)]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, *size_args, shell], check=True
        )

    def _display(self, what: str) -> str:
        done = subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.name, what],
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def screen(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return done.stdout

    def title(self) -> str:
        return self._display("#{pane_title}")

    def modes(self) -> str:
        return self._display(MODES)

    def send(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(
        self, check: Callable[[str], bool], what: str, timeout: float | None = None
    ) -> str:
        """Poll the screen until `check` holds; fail with the last screen after `timeout`."""
        timeout = self.wait if timeout is None else timeout
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        pytest.fail(f"waited {timeout} s for {what}; the screen was:\n{screen}")

    def close(self) -> None:
        """Stop this test's own tmux server (and with it the app), nothing else."""
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
