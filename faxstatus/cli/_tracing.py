"""Live traces for the client commands: ``--trace`` streams, ``--trace-file`` writes HAR.

``--trace`` prints each exchange to stderr as it happens; ``--trace-file FILE`` writes
every exchange, whole and masked, to a HAR 1.2 file that is complete after each entry.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._visible import visible
from ._common import Fail

__all__ = ["close_trace", "live_recorder"]

_WRITERS: dict[int, Any] = {}


def live_recorder(args: argparse.Namespace, recorder_cls: Any) -> Any:
    """A Recorder streaming to stderr and/or a HAR file, or None when neither was asked for."""
    trace = bool(getattr(args, "trace", False))
    path = getattr(args, "trace_file", None)
    if not trace and not path:
        return None
    writer = None
    if path:
        from faxstatus.client._har import HarWriter

        try:
            writer = HarWriter(path)
        except OSError as exc:
            raise Fail(f"cannot write {path}: {exc.strerror}") from None

    def emit(ex: Any) -> None:
        if trace:
            print(visible(ex.format()), file=sys.stderr, flush=True)
            print(file=sys.stderr, flush=True)
        if writer is not None:
            writer.add(ex.har())

    # Whole bodies when writing HAR; the terminal trace keeps its 64 KiB cut per body.
    recorder = recorder_cls(maxlen=1, on_record=emit, body_limit=None if writer else 64 * 1024)
    if writer is not None:
        _WRITERS[id(recorder)] = writer
    return recorder


def close_trace(recorder: Any) -> None:
    """Close the HAR file attached to *recorder*, if any."""
    writer = _WRITERS.pop(id(recorder), None) if recorder is not None else None
    if writer is not None:
        writer.close()
