"""Tests of faxstatus.client: transport, policy, results, matching, traces, OAuth, watch."""
