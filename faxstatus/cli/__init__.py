"""The ``faxstatus`` command line: one module per subcommand or group, registered in ``_app``."""

from ._app import main

__all__ = ["main"]
