"""Whether the house has a course on something, from the course catalog the learning pathways
use (``data/pathways/courses.csv``), where the knowledge base does not say: "¿tienen cursos de
cocina?", "do you have a python course?".

The knowledge base lists only some of the house's own courses (its price list); the catalog
lists courses of the house and of other providers. An answer from it lists the catalog's courses
on that subject, each with its provider, so that none reads as one the house teaches when it is
another's; it never stands in for what the knowledge base says (``Knowledge._one`` asks it only
when the knowledge base answers nothing). The subject is what the question names after "cursos
de", "clases de", "courses on" or before "course(s)", "classes"; it matches a course when each of
its words is a word of the course's title or of the name of a skill it teaches (in English or
Spanish; of two words longer than five letters, the first five suffice: "cocinero" is
"cocina"'s, but "excel" is not "excelencia")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from flask import has_app_context

from app.i18n import catalog as catalog_of
from app.i18n import organization
from app.pathways import SKILL_NAMES, served_ranker  # the pathways' room: read, never written
from models.ranker import Catalog, Course

MAX_LISTED = 6  # courses listed at most
_PREFIX = 5  # two words longer than this that share this many first letters are one word
_LEVELS = {"beginner": 0, "intermediate": 1, "advanced": 2}
_COMBINING = re.compile(r"[\u0300-\u036f]")

# The subject of a question about which courses there are ("¿tienen cursos de cocina?", "hay
# algún taller de soldadura?", "do you have a python course?", "do you offer courses on welding")
_KINDS_ES = r"(?:cursos?|clases?|taller(?:es)?|capacitaci[oó]n(?:es)?|diplomados?|programas?)"
_KINDS_EN = r"(?:courses?|class(?:es)?|lessons?|workshops?|programs?|programmes?|training)"
_SUBJECT = {
    "es": [
        re.compile(
            r"\b(?:tienen|tienes|tiene|hay|dan|dictan|ofrecen|ense[nñ]an|brindan|imparten)\s+"
            r"(?:(?:tambi[eé]n|alg[uú]n|alguna|algunos|algunas|un|una|unos|unas)\s+)*"
            rf"{_KINDS_ES}\s+(?:de|sobre|en)\s+(?P<subject>[\w\s+#.-]+?)\s*(?:[?¿!.,;]|$)",
            re.I,
        ),
        re.compile(
            rf"^\W*(?:y\s+)?(?:alg[uú]n\s+)?{_KINDS_ES}\s+(?:de|sobre|en)\s+"
            r"(?P<subject>[\w\s+#.-]+?)\s+(?:tienen|hay|dan|dictan|ofrecen)\s*(?:[?¿!.,;]|$)",
            re.I,
        ),
    ],
    "en": [
        re.compile(
            r"\b(?:do|does)\s+(?:you|y'all|u|ruta)(?:\s+guys)?\s+(?:also\s+)?"
            r"(?:have|offer|teach|run|give)\s+(?:(?:a|an|any|some)\s+)?"
            rf"(?:{_KINDS_EN}\s+(?:on|in|of|about|for)\s+(?P<after>[\w\s+#.-]+?)"
            rf"|(?P<before>[\w\s+#.-]+?)\s+{_KINDS_EN})\s*(?:[?!.,;]|$)",
            re.I,
        ),
        re.compile(
            r"\b(?:is|are)\s+there\s+(?:(?:a|an|any|some)\s+)?"
            rf"(?:{_KINDS_EN}\s+(?:on|in|of|about|for)\s+(?P<after>[\w\s+#.-]+?)"
            rf"|(?P<before>[\w\s+#.-]+?)\s+{_KINDS_EN})\s*(?:[?!.,;]|$)",
            re.I,
        ),
    ],
}
# Words of a subject that name no subject ("un curso de Python básico": "básico" is a level)
_FILLERS = frozenset(
    re.findall(
        r"\w+",
        """a an any some the of on in for about de del la el los las un una y and or o
        basico basica basic beginner beginners principiantes intermedio intermediate avanzado
        advanced online virtual presencial nivel level""",
    )
)

_MESSAGES = {
    "en": {
        "intro": "{org}'s knowledge base does not say, but the course catalog I use for "
        "learning pathways lists these courses on that (each with its provider; not all are "
        "{org}'s):",
        "course": "- {title} ({provider}): {hours} hours, {cost}, {modality}, in {language}",
        "free": "free",
        "more": "… and {count} more.",
        "outro": "Tell me the job you want (“I want to be a data analyst”) and I'll suggest a "
        "learning pathway. To enrol in a course of {org}, ask {org}: ayuda@ruta-academy.example.",
        "online": "online",
        "in_person": "in person",
        "hybrid": "hybrid",
        "es": "Spanish",
        "en": "English",
    },
    "es": {
        "intro": "La base de conocimiento de {org} no lo dice, pero el catálogo de cursos que "
        "uso para las rutas de aprendizaje tiene estos cursos de eso (cada uno con quien lo "
        "dicta; no todos son de {org}):",
        "course": "- {title} ({provider}): {hours} horas, {cost}, {modality}, en {language}",
        "free": "gratis",
        "more": "… y {count} más.",
        "outro": "Dime qué chamba quieres (“quiero ser analista de datos”) y te sugiero una "
        "ruta de aprendizaje. Para matricularte en un curso de {org}, consulta a {org}: "
        "ayuda@ruta-academy.example.",
        "online": "en línea",
        "in_person": "presencial",
        "hybrid": "híbrido",
        "es": "español",
        "en": "inglés",
    },
}


def _fold(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9+#]+", _fold(text))


def subject(question: str, lang: str) -> str | None:
    """What a question asks whether there are courses on ("¿tienen cursos de cocina?":
    "cocina"; "do you have python courses?": "python"); None when it asks no such thing."""
    for pattern in _SUBJECT.get(lang, _SUBJECT["en"]):
        found = pattern.search(question[:500])
        if found is None:
            continue
        said = next((v for v in found.groupdict().values() if v), "")
        if [w for w in _words(said) if w not in _FILLERS]:
            return said.strip()
    return None


def _same(word: str, other: str) -> bool:
    if word == other or word.rstrip("s") == other.rstrip("s"):
        return True
    return len(word) > _PREFIX and len(other) > _PREFIX and word[:_PREFIX] == other[:_PREFIX]


def _skill_words(skill: str) -> set[str]:
    """The words of a skill's id and of its name in English and Spanish."""
    words = set(skill.split("_"))
    name = SKILL_NAMES.get(skill)
    if name is not None:
        words |= set(_words(name)) | set(_words(catalog_of("es").gettext(name)))
    return words


def courses_on(catalog: Catalog, said: str) -> list[Course]:
    """The catalog's courses each word of ``said`` names (in its title or a skill it teaches),
    beginners' first."""
    asked = [w for w in _words(said) if w not in _FILLERS]
    if not asked:
        return []
    found = []
    for course in catalog.courses:
        names = set(_words(course.title)) - _FILLERS
        for skill in course.skills_taught:
            names |= _skill_words(skill) - _FILLERS
        if all(any(_same(w, n) for n in names) for w in asked):
            found.append(course)
    return sorted(found, key=lambda c: (_LEVELS.get(c.level, 3), c.title))


def served_catalog() -> Catalog | None:
    """The catalog of the ranker the app serves; None outside an app or before one is loaded."""
    if not has_app_context():
        return None
    try:
        served = served_ranker()
    except KeyError:  # an app built without the pathways
        return None
    return served.model.catalog if served.model is not None else None


def _cost(value: float, lang: str) -> str:
    if value <= 0:
        return _MESSAGES[lang]["free"]
    return f"S/ {value:,.0f}"


def _hours(value: float) -> str:
    return f"{value:g}"


def answer(
    question: str, lang: str, catalog: Catalog | Callable[[], Catalog | None] | None
) -> tuple[str, dict[str, object]] | None:
    """The reply to a question whether there are courses on a subject, from the catalog: the
    courses on it, each with its provider, hours, cost, modality and language; None when the
    question asks no such thing, there is no catalog, or it has no course on that."""
    lang = lang if lang in _MESSAGES else "en"
    said = subject(question, lang)
    if said is None:
        return None
    found = catalog() if callable(catalog) else catalog
    if found is None:
        return None
    courses = courses_on(found, said)
    if not courses:
        return None
    words = _MESSAGES[lang]
    org = organization()
    lines = [words["intro"].format(org=org)]
    for course in courses[:MAX_LISTED]:
        lines.append(
            words["course"].format(
                title=course.title,
                provider=course.provider,
                hours=_hours(course.hours),
                cost=_cost(course.cost_pen, lang),
                modality=words.get(course.modality, course.modality),
                language=words.get(course.language, course.language),
            )
        )
    if len(courses) > MAX_LISTED:
        lines.append(words["more"].format(count=len(courses) - MAX_LISTED))
    text = "\n".join(lines) + "\n\n" + words["outro"].format(org=org)
    data: dict[str, object] = {
        "found": True,
        "catalog": True,
        "subject": said,
        "courses": [c.id for c in courses],
        "lang": lang,
    }
    return text, data
