"""Tests of faxstatus.simulator: job progression, the HTTP server, tolerance, codings."""
