"""Tests of faxstatus.codec: decoders, encoders, plans, the operation table, golden vectors."""
