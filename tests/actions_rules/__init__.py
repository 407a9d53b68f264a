"""Tests of the pure eligibility engine and its rules data (run in the py311 suite)."""
