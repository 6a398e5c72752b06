"""``python -m pipelines.cli``: the ``slipway`` command."""

from pipelines.cli import main

main()
