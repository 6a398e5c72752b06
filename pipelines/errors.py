"""Domain errors of the pipeline: the CLI prints them as one line and exits non-zero."""

from __future__ import annotations


class SlipwayError(Exception):
    """A failure the user can act on; the message says what to do next."""

    exit_code = 1


class DataError(SlipwayError):
    """Input data is missing or malformed."""


class ValidationFailed(SlipwayError):
    """The data gate refused the data."""

    exit_code = 3


class RegistryError(SlipwayError):
    """The model registry is unreachable or lacks what was asked for."""


class ToolMissing(SlipwayError):
    """A command-line tool the command runs (dvc, mlflow) is not installed."""

    exit_code = 127
