"""Tests of faxstatus.conformance: the kit, its grading and reports; the zeep reference adapter."""
