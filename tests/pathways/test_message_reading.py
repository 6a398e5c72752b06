"""The shortcuts the profile reader takes on every chat turn read a message as the long way
does: one search over all the jobs', skills' and places' patterns passes over a message that
names none of them, and a message without accents is its own plain form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import pathways
from app.pathways import _any_of, _plain, _role_patterns, _skill_words, _splits
from models.ranker import Catalog

ROOT = Path(__file__).resolve().parents[2]

MESSAGES = [
    "hello there",
    "quiero ser mecánico automotriz en Arequipa",
    "soy cusqueño y sé Excel a nivel básico",
    "I'm a sales rep, I know advanced excel and a little python",
    "what are the campus opening hours on saturday",
    "vivo en San Martín de Porres pero soy de Puno",
    "me mudé a Ica, ¿hay demanda de cocineros?",
    "soy iqueña",
    "ya no quiero call center, quiero ser cocinero",
    "front-end developer or data scientist?",
    "tablas dinámicas y power bi",
]


@pytest.mark.parametrize(
    ("pattern", "splits"),
    [
        (r"\bexcel\b", False),
        (r"\ba|b", True),
        (r"\b(?:a|b)\b", False),
        (r"\b[|]x", False),
        (r"\ba\|b", False),
        (r"cook|chef", True),
    ],
)
def test_splits_sees_only_a_top_level_alternation(pattern: str, splits: bool) -> None:
    assert _splits(pattern) is splits


@pytest.mark.parametrize("text", [*MESSAGES, "b", "xa b", "a", "ba", "x|x"])
def test_one_search_finds_what_any_pattern_finds(text: str) -> None:
    # a pattern with its own top-level "|" keeps its meaning ("\ba|b" matches "xb", never "xa")
    patterns = (r"\ba|b", r"\bexcel\b", r"\bx\|x", r"cook|chef")
    plain = _plain(text)
    assert bool(_any_of(patterns).search(plain)) == any(re.search(p, plain) for p in patterns)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(ROOT / "data" / "pathways")


def test_the_catalogs_patterns_searched_at_once_find_what_each_finds(catalog: Catalog) -> None:
    roles = tuple(p.pattern for p, _roles, _job in _role_patterns(catalog))
    skills = tuple(p for p, _skill in _skill_words(tuple(catalog.skills))[0])
    for text in MESSAGES:
        plain = _plain(text)
        for patterns in (roles, skills):
            assert bool(_any_of(patterns).search(plain)) == any(
                re.search(p, plain) for p in patterns
            ), text


@pytest.mark.parametrize("text", ["Atención al Cliente", "ATENCIÓN", "I’m from Cusco", "hello"])
def test_the_plain_form_drops_accents_letter_for_letter(text: str) -> None:
    plain = _plain(text)
    assert len(plain) == len(text)
    assert plain.isascii()
    assert plain == plain.lower()


def test_places_are_read_as_before(catalog: Catalog) -> None:
    assert pathways._regions_in(catalog, MESSAGES[5]) == []  # San Martín de Porres: Lima's
    assert [p for _at, p in pathways.places_unknown(catalog, MESSAGES[5])] == ["Puno"]
    home = "soy de Huancayo pero vivo en Trujillo"
    assert pathways._regions_in(catalog, home) == [(8, "Junin"), (30, "La Libertad")]
    assert pathways._regions_in(catalog, "soy cusqueño") == [(5, "Cusco")]
    assert [p for _at, p in pathways.places_unknown(catalog, "soy iqueña")] == ["Ica"]
    assert pathways._regions_in(catalog, "hello there") == []
    assert pathways.places_unknown(catalog, "hello there") == []
