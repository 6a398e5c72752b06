"""Fixtures shared by the pipelines' tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.pseudonyms import Pseudonymizer, catalog_words


@pytest.fixture(scope="module")
def names(data_dir: Path) -> Pseudonymizer:
    """The feedback export's name stand-ins, knowing the course catalog's words of ``data/``."""
    return Pseudonymizer(catalog_words(data_dir))
