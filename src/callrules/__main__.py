"""``python -m callrules``: the command line."""

from callrules._cli import main

raise SystemExit(main())
