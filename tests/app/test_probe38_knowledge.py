"""Probes 35 (P-M4) and 38 (J-M10): "¿dan certificado al terminar?" answered "No lo sé", though the
certificates page says how one is given at the end of a course: the Spanish synonyms now read "al
terminar", "cuando termine" as the page's "fin del curso" (phrases only: a single "terminó" in
another page's line is left alone, or "fin de curso" questions would go there)."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "¿dan certificado al terminar?"),
        ("es", "¿me dan certificado cuando termine el curso?"),
        ("es", "¿recibo un certificado al finalizar?"),
        ("en", "do I get a certificate at the end?"),
        ("en", "will I get a certificate when I finish the course?"),
    ],
)
def test_a_certificate_at_the_end_is_answered_from_its_page(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "certificates.md" in reply["reply"], reply["reply"]
