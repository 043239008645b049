"""The one "imports no textual" probe the tests share.

Whether a module pulls in textual (or pydub) can only be seen in a fresh interpreter: in the test
process another test has long imported it. `run_alone` starts one, imports the given modules, runs
an optional snippet (which may set `rc`, the exit status it wants), and then fails with
"imported textual, …" if any forbidden package was loaded. A test that uses it starts a process,
so it carries the `slow` marker. `tests/unit/test_import_hygiene.py` proves the probe can fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, sys
forbidden, code, modules = sys.argv[1].split(","), sys.argv[2], sys.argv[3:]
for name in modules:
    importlib.import_module(name)
rc = 0
exec(code)
loaded = sorted(n for n in sys.modules if any(n == f or n.startswith(f + ".") for f in forbidden))
if loaded:
    sys.exit("imported " + ", ".join(loaded[:5]))
sys.exit(rc)
"""


def run_alone(
    *modules: str,
    code: str = "",
    forbidden: Sequence[str] = ("textual",),
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: int | None = None,
    flags: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """Import `modules`, run `code`, and exit non-zero if a `forbidden` package (or a module
    below it, such as `tui.audio`) was imported.

    `env` replaces this process's environment (by default inherited, where UNKNOT_HOME is
    already the test's own); `flags` go to the interpreter (`-W ignore`)."""
    return subprocess.run(
        [sys.executable, *flags, "-c", PROBE, ",".join(forbidden), code, *modules],
        cwd=cwd,
        env={**(os.environ if env is None else env), "PYTHONPATH": str(REPO)},
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
