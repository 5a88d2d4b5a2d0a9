"""Tests of faxstatus.cli: one file per command module, plus start-up and the shared options."""
