"""Conformance kit: grade another FaxWS binding's decoder, encoder, client or server from outside.

Another implementation takes part through a command line (decoder, encoder) or over HTTP
(client, server), never through Python imports. Layers: ``_model`` (cases, verdicts, reports),
``_rules`` (the rule each family of cases checks, quoted from the contract or spec),
``_catalogue`` (decoder and encoder cases), ``_vectors`` (the golden vectors' index and
expected JSON twins), ``_adapter`` (running an adapter command), ``_client`` (grading a
client against the simulator), ``_server`` (grading a server, a case catalogue chosen by the
operation table), ``_load`` (a load run against a faulty simulator), ``_report`` (terminal,
JSON, JUnit XML, HTML), ``_matrix`` (several implementations' reports side by side).
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
