"""Domain errors of the infrastructure tooling: the CLI prints them as one line, exit 1."""

from __future__ import annotations


class InfraError(Exception):
    """A failure the platform engineer can act on; the message says what is wrong and where."""

    exit_code = 1


class SpecError(InfraError):
    """An environment spec is missing, unreadable or has an invalid value."""


class DriftError(InfraError):
    """The committed terraform/ differs from what infra/ renders."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        super().__init__(
            "terraform/ is out of date with infra/ (run `slipway infra synth`): " + ", ".join(files)
        )
