"""The FaxWS simulator: a local status service for demos, tests and other bindings.

Layers, bottom up: ``_oauth`` (the token endpoint), ``_tolerance`` (what the real service
tolerates in a request, undone before decoding), ``_service`` (sans-IO logic: jobs, lookups,
auth, fault injection), ``_scenario`` (jobs and request-matching rules from a file),
``_transport`` (an in-process httpx transport), ``_push`` (pushes of final status, with faults),
``_serving`` (HTTP/1.1 serving: a selector reads, workers get whole requests; the proxy serves
through it too), ``_server`` (the simulator over HTTP/1.1 on loopback).
"""

from ._oauth import TOKEN_PATH, TokenIssuer
from ._push import PushFaults, PushSender
from ._scenario import Scenario, ScenarioError, default_scenario, load_scenario, parse_scenario
from ._server import SimulatorServer
from ._service import (
    AUTHENTICATION_FAILED,
    INVALID_JOB_ID,
    SERVICE_PATH,
    SIMULATOR_CHOICES,
    Injection,
    SimJob,
    SimReply,
    Simulator,
    demo_jobs,
)
from ._transport import SimulatorTransport

__all__ = [
    "AUTHENTICATION_FAILED",
    "INVALID_JOB_ID",
    "SERVICE_PATH",
    "SIMULATOR_CHOICES",
    "TOKEN_PATH",
    "Injection",
    "PushFaults",
    "PushSender",
    "Scenario",
    "ScenarioError",
    "SimJob",
    "SimReply",
    "Simulator",
    "SimulatorServer",
    "SimulatorTransport",
    "TokenIssuer",
    "default_scenario",
    "demo_jobs",
    "load_scenario",
    "parse_scenario",
]
