"""Throwaway PostgreSQL clusters for tests (see pgcluster.py)."""
