"""faxstatus: schema, sans-IO codec, client and simulator for the Concord FaxWS v5 status operations."""

from __future__ import annotations

__all__: list[str] = []
