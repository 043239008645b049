"""The command line: `unknot` and its subcommands. Nothing here imports textual at import time."""
