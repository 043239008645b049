"""A real terminal for the first-frame benchmark: a program started on a pseudo-terminal of
100×30, with the moment each awaited piece of its output first arrived.

tmux would redraw the screen at its own pace; a pty shows the bytes as the program writes them,
so the time a pattern first appears is the time the program drew it.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

SIZE = (100, 30)


def first_seen(
    command: list[str], env: dict[str, str], patterns: dict[str, bytes], timeout: float = 20.0
) -> dict[str, float]:
    """Seconds from starting `command` until each of `patterns` (regular expressions over
    bytes) first appears in what it writes to its terminal; the program is then ended with
    SIGTERM (and killed if it has not gone in 5 s)."""
    master, slave = os.openpty()
    width, height = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    start = time.monotonic()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen: dict[str, float] = {}
    output = b""
    try:
        while len(seen) < len(patterns) and time.monotonic() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program ended
                break
            now = time.monotonic() - start
            output += chunk
            for name, pattern in patterns.items():
                if name not in seen and re.search(pattern, output):
                    seen[name] = now
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            # Keep reading while it leaves: a program blocked writing to a full pty never ends.
            deadline = time.monotonic() + 5
            while process.poll() is None and time.monotonic() < deadline:
                if select.select([master], [], [], 0.05)[0]:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
            if process.poll() is None:
                process.kill()
            process.wait()
        finally:
            os.close(master)
    missing = set(patterns) - set(seen)
    if missing:
        raise RuntimeError(f"{command[0]} never drew {sorted(missing)}:\n{output[-2000:]!r}")
    return seen
