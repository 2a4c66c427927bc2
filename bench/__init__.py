"""Benchmarks: speed and memory figures, printed and written to bench/results.md. Not tests."""
