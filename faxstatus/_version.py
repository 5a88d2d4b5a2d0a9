"""The package version: the one place it is written (pyproject.toml and ``faxstatus`` read it)."""

__version__ = "0.2.0"
