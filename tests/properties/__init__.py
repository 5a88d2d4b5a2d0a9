"""Hypothesis properties of the codec: round trips and cross-format agreement."""
