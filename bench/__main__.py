"""python -m bench: the benchmark suite (see bench/run.py); BENCH_FULL=1 for the full sizes."""

from bench.run import main

raise SystemExit(main())
