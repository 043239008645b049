"""Ordinary write errors in ordinary words: one line naming the path and the cause.

A read-only folder, a full disk, a path that is a folder and a missing folder are things that
happen to anyone; they are answered as such (exit 1 on the command line, a line in the app), never
as a bug. Every writer in unknot writes to a temporary file beside the target and renames it, so
a failed write leaves no partial file to clean up.
"""

from __future__ import annotations

import errno
from pathlib import Path

ORDINARY = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a folder on its way is a file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EEXIST: "something is already there",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EFBIG: "the file would be too large",
    errno.EIO: "the disk reported an input/output error",
}


def is_ordinary(exc: BaseException) -> bool:
    """Whether `exc` is a write error a person can act on (not a bug in unknot)."""
    return isinstance(exc, OSError) and exc.errno in ORDINARY


WRITING_ONLY = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def writing(exc: OSError) -> OSError:
    """Mark `exc` as raised while writing (unknot's writers do), so it is said as such."""
    exc.unknot_writing = True  # type: ignore[attr-defined]
    return exc


def write_problem(path: Path | str | None, exc: OSError) -> str:
    """`cannot write PATH: the disk is full`. `path` is what the person named (the target, not
    the temporary file beside it); without one, the error's own file name is used. An error
    that may have come from reading says `cannot use` instead."""
    cause = ORDINARY.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    where = path if path is not None else exc.filename
    wrote = getattr(exc, "unknot_writing", False) or exc.errno in WRITING_ONLY
    verb = "cannot write" if wrote else "cannot use"
    return f"{verb} {where}: {cause}" if where else f"{verb} the output: {cause}"
