"""`unknot schema`: the JSON Schema of routine format v1 that editors check routines against."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.cli.common import EXIT_OK

SCHEMA_HELP = """\
Print the JSON Schema of routine format 1, as shipped with unknot. Editors that check TOML against
a schema (taplo, tombi, Even Better TOML) follow a `#:schema` line at the top of a routine file;
`unknot new` writes that line and puts this schema beside your routines.
"""


def cmd_schema(args: argparse.Namespace) -> int:
    from tui.core.json_schema import shipped_schema

    sys.stdout.write(shipped_schema())
    return EXIT_OK


def register(commands: Any) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of routine files, for editors",
        description=SCHEMA_HELP,
    )
    schema.set_defaults(handler=cmd_schema)
