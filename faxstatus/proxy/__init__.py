"""The recording proxy layer: forward a FaxWS client's traffic unchanged, report each exchange.

The engine (``_engine``: sockets, h11, the upstream httpx client, the decode summary and the
HAR writer's masking), the description rewriter (``_describe``) and the fault injector
(``_inject``) sit above the client and the simulator it borrows from and below the
CLI, whose ``proxy`` subcommand only parses arguments and prints the banner.
"""

from ._engine import Proxy
from ._inject import Fault, parse_inject

__all__ = ["Fault", "Proxy", "parse_inject"]
