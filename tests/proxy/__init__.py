"""Tests of the recording proxy: outside clients and ours through it, unaltered."""
