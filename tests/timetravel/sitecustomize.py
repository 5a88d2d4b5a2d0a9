"""Moves this process's wall clock to ``TIMETRAVEL_NOW`` (``make test-dates``); else nothing.

On ``PYTHONPATH`` for the date check only, so that the test process and every Python process
a test starts (``faxstatus serve``, the README's examples) live on the same shifted date. The
clock keeps ticking from there; ``time.monotonic`` is left alone.
"""

import os

if os.environ.get("TIMETRAVEL_NOW"):
    import time_machine

    time_machine.travel(os.environ["TIMETRAVEL_NOW"], tick=True).start()
