"""Helpers shared by the tests and the benchmarks (``bench/`` runs with the repository root on its path)."""
