"""`unknot list` on the bundled library, as a whole process (issue: under 0.2 s).

Starts the installed console script the way a person does, so interpreter start-up and imports
count. Reports the median of 15 runs.

    .venv/bin/python benchmarks/bench_cli.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import compile_sources, median_seconds, report


def main() -> int:
    compile_sources()
    script = Path(sys.executable).parent / "unknot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "UNKNOT_HOME": home}

        def run() -> None:
            subprocess.run([*command, "list"], env=env, check=True, stdout=subprocess.DEVNULL)

        run()  # warm the file cache and .pyc files
        median, _ = median_seconds(run, repeat=15)
        bare, _ = median_seconds(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat=15
        )
    print(f"(a bare `python -c pass` takes {bare:.3f} s on this machine)")
    return 0 if report("unknot list", median, "s", 0.2) else 1


if __name__ == "__main__":
    raise SystemExit(main())
