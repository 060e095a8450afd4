"""``python -m callrules``: the command line (Ctrl-C while it starts: see
:mod:`callrules._entry`)."""

from callrules._entry import main

raise SystemExit(main())
