"""Peak RSS of one decode, in a fresh process: ``python -m bench.rss CASE FILE`` prints KiB."""

from __future__ import annotations

import sys
from pathlib import Path

from bench import cases
from faxstatus.conformance._load import peak_rss_kib


def main() -> None:
    case, path = sys.argv[1], Path(sys.argv[2])
    body = path.read_bytes()
    if case == "xsdata":
        parser, _ = cases.xsdata_tools()
        run = lambda: cases.xsdata_decode(parser, body)  # noqa: E731
    elif case == "zeep":
        tools = cases.zeep_tools(sys.argv[3])
        run = lambda: cases.zeep_decode(tools, body)  # noqa: E731
    elif case == "floor":
        run = lambda: cases.raw_decode(body)  # noqa: E731
    else:
        run = lambda: cases.ours_decode(body, "application/soap+xml")  # noqa: E731
    # Everything imported and the body in memory: what follows is the decode alone.
    before = peak_rss_kib()
    result = run()
    after = peak_rss_kib()
    assert result is not None
    print(after - before, after)


if __name__ == "__main__":
    main()
