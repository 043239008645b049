"""`python -m tui` runs the same command line as `unknot`."""

from tui.cli import main

raise SystemExit(main())
