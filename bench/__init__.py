"""Benchmarks of the assistant (``make bench``) and the summary of ``make reliability``.

Every figure is measured on this machine when the command runs and written to
``bench/results.json``; ``python -m bench.readme`` copies it into ``docs/measurements.md``.
"""
