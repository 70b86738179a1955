"""Benchmarks of the question-answering bot: matcher latency, loading, reload under load, end to end.

`python -m bench` (or `make bench`) runs the quick suite and writes bench/RESULTS.md; BENCH_FULL=1 runs the full
sizes. See bench/run.py for what runs where.
"""
