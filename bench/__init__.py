"""Benchmarks of the OMS suite (see bench/README.md)."""
