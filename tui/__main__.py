"""`python -m tui` runs the same command line as `unknot`."""

from tui.cli.main import main

raise SystemExit(main())
