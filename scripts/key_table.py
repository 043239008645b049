"""Write README's table of keys by id from the binding table (tui/app/keys.py), between the
`<!-- keys:begin -->` and `<!-- keys:end -->` lines, so README shows the keys in force.

    .venv/bin/python scripts/key_table.py
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.app.settings import key_table_markdown

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- keys:begin -->\n).*?(<!-- keys:end -->)", re.S)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    README.write_text(
        BLOCK.sub(lambda m: m.group(1) + key_table_markdown() + m.group(2), text), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
