"""The ``faxstatus`` command line: encode, decode, validate, status, serve, demo."""

from ._app import main

__all__ = ["main"]
