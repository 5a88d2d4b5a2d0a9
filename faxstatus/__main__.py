"""``python -m faxstatus``: the same as the ``faxstatus`` command."""

from .cli import main

raise SystemExit(main())
