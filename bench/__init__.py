"""Benchmarks: `make bench`. Each prints a table; none runs in `make test`."""
