"""Benchmarks of the matching engine (run each with `python -m benchmarks.<name>`)."""
