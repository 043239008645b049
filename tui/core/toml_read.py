"""The TOML reader for routine files: tomli 2.2, whose compiled wheels read twice as fast.

tomllib is tomli 2.0 in pure Python; tomli 2.2 reads the same TOML 1.0 with the same messages
(2.3 and later read TOML 1.1, so pyproject keeps it below that). A 10,000-step routine spent
0.1 s of its start in tomllib (issue 12: it must start playing in under 1 s).
"""

from __future__ import annotations

from tomli import TOMLDecodeError, loads

__all__ = ["TOMLDecodeError", "loads"]
