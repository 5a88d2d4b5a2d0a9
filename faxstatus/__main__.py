"""``python -m faxstatus``: the same as the ``faxstatus`` command."""

from ._cli import main

raise SystemExit(main())
