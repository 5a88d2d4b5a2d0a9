"""Conformance kit: grade another FaxWS binding's decoder, encoder, client or server from outside.

Another implementation takes part through a command line (decoder, encoder) or over HTTP
(client, server), never through Python imports. Layers: ``_model`` (cases, verdicts, reports),
``_catalogue`` (decoder and encoder cases), ``_adapter`` (running an adapter command),
``_client`` (grading a client against the simulator), ``_server`` (grading a server, a case
catalogue chosen by the operation table), ``_report`` (terminal, JSON, JUnit XML, HTML).
"""

from ._catalogue import SECTIONS, decoder_cases, encoder_cases
from ._model import Case, Report, Result, Verdict, Wire
from ._report import format_terminal, render_html, write_html, write_json, write_junit

__all__ = [
    "SECTIONS",
    "Case",
    "Report",
    "Result",
    "Verdict",
    "Wire",
    "decoder_cases",
    "encoder_cases",
    "format_terminal",
    "render_html",
    "write_html",
    "write_json",
    "write_junit",
]
