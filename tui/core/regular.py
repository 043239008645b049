"""Only regular files are read: a named pipe, a socket, a device or a dangling link is a reason.

Opening a named pipe for reading waits until something writes to it, which may be never: one
`mkfifo pipe.toml` in the routines folder used to hang `unknot list`. So every file unknot reads
because it sits in a folder (a routine, a sound, the config) is looked at first, without following
a pipe, and what is not a regular file gets a one-line reason instead of being opened. The file
is then opened without blocking and looked at again through the open handle, so a file swapped
for a pipe in between cannot hang the read either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """`path` is there but is not a regular file; str() is the reason, as one line."""


def kind_of(mode: int) -> str | None:
    """What a file of this mode is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_regular_reason(path: Path) -> str | None:
    """Why `path` must not be opened as a file (None: it is a regular file, or it is missing
    and opening it says so in the usual way)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"is a link to {os.readlink(path)}, which does not exist"
        return None
    except OSError:
        return None  # reading says why (a loop of links, no permission…)
    kind = kind_of(mode)
    return None if kind is None else f"is {kind}, not a file"


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file `path` (at most `limit` + 1 of them, so a caller sees that
    it is too long without reading a huge file). NotRegular for anything else, OSError as open
    raises it."""
    reason = not_regular_reason(path)
    if reason is not None:
        raise NotRegular(reason)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegular(f"is {kind}, not a file")
        return stream.read() if limit is None else stream.read(limit + 1)
