"""Benchmarks that print ratios measured in one run (see bench/README.md); not part of the test suite."""
