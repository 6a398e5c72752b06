"""Learning pathways in the app: the stored learner profile, what a message says about it, the
recommendation (ranked by the pinned ranker, stored so feedback can refer to it) and feedback.

The ranking never depends on an LLM: the served :class:`models.ranker.Ranker` orders courses and
builds the path; every step carries a reason computed from the catalog and the demand table,
worded here in the request's or reply's language and from the goal the learner chose
(:func:`explain`). People name skills by name ("Power BI", "Excel avanzado"), never by the
catalog's ids, which the API still accepts (:func:`resolve_skill`), and regions as they spell
them ("junín", "LIMA", "Cuzco": :func:`resolve_region`); the catalog's names are what is stored.
A profile names each skill once: a skill given twice is refused (API) or asked about (chat).
An identical recommend call (same profile, ranker version and resulting courses) answers the
latest stored recommendation again, so its id, and the feedback given on it, stay the same.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import combinations, pairwise
from typing import Any

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal
from flask import Flask, current_app, g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import metrics
from app.auth import current_user
from app.calendar import valid_id
from app.db.tables import LearnerProfile, PathwayFeedback, PathwayRecommendation, User
from app.i18n import LANGUAGES as PAGE_LANGUAGES
from app.i18n import _, current_language, language_of, ngettext
from app.i18n import catalog as catalog_of
from app.model import ServedRanker
from models.privacy import personal_data
from models.ranker import (
    Catalog,
    Course,
    Pathway,
    Profile,
    Step,
    Target,
    build_pathway,
    match_roles,
    skill_name,
    slug,
    targets,
)

ACTIONS = ("accepted", "completed", "rejected")
LANGUAGES = ("es", "en")
#: The bounds of a profile's hours a week and budget (soles), the only ones: the API's schema
#: (``PATCH /v1/users/me/profile``, app/api/schemas.py), :func:`apply_changes` and the chat,
#: which asks again when a message says a figure outside them (never stored, never clamped).
#: Whole numbers, so that the API's messages say "80", not "80.0"
HOURS_PER_WEEK: tuple[float, float] = (1, 80)
BUDGET_MAX: float = 100_000


def hours_allowed(hours: float) -> bool:
    """Whether ``hours`` a week are within :data:`HOURS_PER_WEEK` (bounds included)."""
    return HOURS_PER_WEEK[0] <= hours <= HOURS_PER_WEEK[1]


def budget_allowed(budget: float | None) -> bool:
    """Whether a budget is one a profile keeps: None (no limit) or 0 to :data:`BUDGET_MAX`."""
    return budget is None or 0 <= budget <= BUDGET_MAX


class PathwayError(Exception):
    """A request the pathway service cannot fulfil; ``code`` is the API error code, ``message``
    in the current language (the request's, or the reply's in a chat turn)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def served_ranker(app: Flask | None = None) -> ServedRanker:
    value: ServedRanker = (app or current_app).extensions["slipway.ranker"]
    return value


def ready_ranker() -> ServedRanker:
    served = served_ranker()
    if not served.ready:
        raise PathwayError(
            503,
            "ranker_unavailable",
            _(
                "learning pathways are not available: %(reason)s. Run `dvc repro` to train and "
                "register the ranker.",
                reason=served.public_error or _("no ranker loaded"),
            ),
        )
    return served


# -- the profile --------------------------------------------------------------------------------
def get_profile(session: Session, user: User) -> LearnerProfile | None:
    return session.scalar(select(LearnerProfile).where(LearnerProfile.user_id == user.id))


def profile_or_new(session: Session, user: User) -> LearnerProfile:
    row = get_profile(session, user)
    if row is None:
        row = LearnerProfile(
            user_id=user.id,
            skills={},
            interests=[],
            region="Lima",
            hours_per_week=6.0,
            languages=starting_languages(user.locale),
        )
        session.add(row)
    return row


def starting_languages(locale: str | None) -> list[str]:
    """The languages a new profile starts with: the one the user's locale says they read
    ("en" reads English, "es-PE" Spanish), nothing more (another one is added once said)."""
    return [language_of(locale)]


def as_profile(row: LearnerProfile | None, locale: str | None = None) -> Profile:
    """The ranker's view of a stored profile; without one, the profile a new one starts as
    (its languages from ``locale``, the user's, when given)."""
    if row is None:
        return Profile(languages=starting_languages(locale)) if locale else Profile()
    return Profile(
        skills={str(k): int(v) for k, v in (row.skills or {}).items()},
        interests=list(row.interests or []),
        region=row.region,
        hours_per_week=row.hours_per_week,
        budget_pen=row.budget_pen,
        languages=list(row.languages or ["es"]),
        goal_role=row.goal_role,
    )


def profile_view(row: LearnerProfile | None, user: User | None = None) -> dict[str, Any]:
    """The profile as the API shows it; a user with none yet sees the one they would start
    with (``user``, else the request's signed-in user, gives its languages)."""
    if row is None and user is None:
        user = _request_user()
    p = as_profile(row, user.locale if user is not None else None)
    return {
        **p.to_dict(),
        "skills": [{"skill": s, "level": lvl} for s, lvl in sorted(p.skills.items())],
        "updated_at": row.updated_at.isoformat() if row is not None else None,
    }


def _request_user() -> User | None:
    """The signed-in user of the request being served (None outside one, or signed out)."""
    if not has_request_context() or g.get("user_id") is None:
        return None
    return current_user()


# -- skills by name -----------------------------------------------------------------------------
def N_(message: str) -> str:  # noqa: N802 (the name gettext tools look for)
    """Mark a text for the catalogs; it is translated where it is shown (``_(SKILL_NAMES[s])``)."""
    return message


#: How people read a catalog skill (translated); a skill missing here is spelled from its id.
SKILL_NAMES: dict[str, str] = {
    "accounting_basics": N_("Accounting"),
    "advanced_cuisine": N_("Advanced cuisine"),
    "agile_scrum": N_("Agile (Scrum)"),
    "auto_mechanics": N_("Auto mechanics"),
    "b2b_sales": N_("B2B sales"),
    "business_english": N_("Business English"),
    "call_center_english": N_("Call center English"),
    "call_center_ops": N_("Call center operations"),
    "content_writing": N_("Content writing"),
    "cooking": N_("Cooking"),
    "crm_basics": N_("CRM"),
    "customer_service": N_("Customer service"),
    "cybersecurity_basics": N_("Cybersecurity"),
    "data_analysis": N_("Data analysis"),
    "data_cleaning": N_("Data cleaning"),
    "data_modeling": N_("Data modeling"),
    "data_storytelling": N_("Data storytelling"),
    "data_visualization": N_("Data visualization"),
    "deep_learning": N_("Deep learning"),
    "digital_literacy": N_("Computer basics"),
    "digital_marketing": N_("Digital marketing"),
    "electrical_basics": N_("Electricity basics"),
    "electrical_installation": N_("Electrical installation"),
    "english_a2": N_("English A2"),
    "english_b1": N_("English B1"),
    "english_b2": N_("English B2"),
    "entrepreneurship": N_("Entrepreneurship"),
    "excel_advanced": N_("Advanced Excel"),
    "excel_basics": N_("Excel"),
    "financial_analysis": N_("Financial analysis"),
    "first_aid": N_("First aid"),
    "food_safety": N_("Food safety"),
    "forklift": N_("Forklift operation"),
    "git": N_("Git"),
    "google_ads": N_("Google Ads"),
    "graphic_design": N_("Graphic design"),
    "hardware_maintenance": N_("Hardware maintenance"),
    "hospitality": N_("Hospitality"),
    "hotel_front_desk": N_("Hotel front desk"),
    "import_export": N_("Import and export"),
    "industrial_automation": N_("Industrial automation"),
    "inventory_control": N_("Inventory control"),
    "it_support": N_("IT support"),
    "javascript": N_("JavaScript"),
    "kitchen_management": N_("Kitchen management"),
    "logistics": N_("Logistics"),
    "machine_learning": N_("Machine learning"),
    "model_deployment": N_("Model deployment"),
    "negotiation": N_("Negotiation"),
    "networking": N_("Computer networks"),
    "nodejs": N_("Node.js"),
    "occupational_safety": N_("Occupational safety"),
    "office_admin": N_("Office administration"),
    "pandas": N_("pandas"),
    "pastry": N_("Pastry"),
    "payroll": N_("Payroll"),
    "peru_tax_sunat": N_("SUNAT taxes"),
    "plc_programming": N_("PLC programming"),
    "power_bi": N_("Power BI"),
    "power_bi_dax": N_("Power BI DAX"),
    "project_management": N_("Project management"),
    "python_basics": N_("Python"),
    "quechua_basics": N_("Quechua"),
    "react": N_("React"),
    "rest_apis": N_("REST APIs"),
    "sales": N_("Sales"),
    "seo": N_("SEO"),
    "social_media": N_("Social media"),
    "sql": N_("SQL"),
    "sql_advanced": N_("Advanced SQL"),
    "statistics": N_("Statistics"),
    "supply_chain": N_("Supply chain"),
    "tableau": N_("Tableau"),
    "tour_guiding": N_("Tour guiding"),
    "web_deployment": N_("Web deployment"),
    "web_html_css": N_("HTML and CSS"),
    "welding": N_("Welding"),
    "welding_tig_mig": N_("TIG and MIG welding"),
}


def skill_label(skill: str) -> str:
    """A skill as people read it, in the current language (``excel_basics`` → ``Excel``)."""
    name = SKILL_NAMES.get(skill)
    return _(name) if name is not None else skill_name(skill)


def skill_labels(catalog: Catalog) -> dict[str, str]:
    """Every catalog skill's name in the current language (what the pages suggest)."""
    return {s: skill_label(s) for s in catalog.skills}


#: The demand table's roles as people read them (translated); others are shown as written.
ROLE_NAMES: dict[str, str] = {
    "accounting assistant": N_("accounting assistant"),
    "administrative assistant": N_("administrative assistant"),
    "auto mechanic": N_("auto mechanic"),
    "b2b account executive": N_("b2b account executive"),
    "backend developer": N_("backend developer"),
    "bilingual call center agent": N_("bilingual call center agent"),
    "business intelligence analyst": N_("business intelligence analyst"),
    "community manager": N_("community manager"),
    "cook": N_("cook"),
    "customer service agent": N_("customer service agent"),
    "data analyst": N_("data analyst"),
    "digital marketing assistant": N_("digital marketing assistant"),
    "electrician": N_("electrician"),
    "financial analyst": N_("financial analyst"),
    "forklift operator": N_("forklift operator"),
    "hotel receptionist": N_("hotel receptionist"),
    "industrial maintenance technician": N_("industrial maintenance technician"),
    "it support technician": N_("it support technician"),
    "junior data scientist": N_("junior data scientist"),
    "junior web developer": N_("junior web developer"),
    "logistics coordinator": N_("logistics coordinator"),
    "machine learning engineer": N_("machine learning engineer"),
    "pastry cook": N_("pastry cook"),
    "payroll assistant": N_("payroll assistant"),
    "sales rep": N_("sales rep"),
    "sous chef": N_("sous chef"),
    "tour guide": N_("tour guide"),
    "warehouse operator": N_("warehouse operator"),
    "welder": N_("welder"),
}


#: regions the demand table writes without their accent, as they are named to people
_REGION_NAMES = {"Junin": "Junín"}


def region_label(region: str | None) -> str:
    """A region of the demand table as it is written for people ("Junin" → "Junín")."""
    return _REGION_NAMES.get(region or "", region or "")


#: The Babel locale each reply language writes the planner's numbers in: Spanish as Peru writes
#: it (es_PE: "S/ 1,080", "4.6 horas"; Spain's "es" writes "1.080", "4,6"), the planner's
#: learners being in Peru; the page (app/static/pathways.js) formats with the same convention.
NUMBER_LOCALES = {"es": "es_PE"}


@functools.cache
def _number_locale(language: str) -> Locale:
    """The Babel locale numbers are written in for a reply language (parsed once): ``es_PE`` for
    Spanish (see :data:`NUMBER_LOCALES`), the language's own otherwise."""
    return Locale.parse(NUMBER_LOCALES.get(language, language))


def decimal(value: float) -> str:
    """A number of hours or weeks as the current language writes it, up to two decimals ("1.7"
    in Spanish as Peru writes it, and in English; "6" for a whole number; no thousands
    separator)."""
    return format_decimal(value, format="0.##", locale=_number_locale(current_language()))


def amount(value: float, cents: bool = False) -> str:
    """Soles, whole, as the current language writes them (Babel, es_PE: "1,080" in Spanish as
    Peru writes it, "1,080" in English): the one way money is written, in replies, on the pages
    (``cost_text``) and in the terminal client. ``cents``: an amount the learner said with
    céntimos keeps them ("1,500.50", a budget said back), a whole one is written whole."""
    locale = _number_locale(current_language())
    if cents and round(value, 2) != round(value):
        return format_decimal(value, format="#,##0.00", locale=locale)
    return format_decimal(round(value), format="#,##0", locale=locale)


def soles(value: float, cents: bool = False) -> str:
    """An amount of money with its sign: ``S/ 1,080`` (see :func:`amount`)."""
    return "S/ " + amount(value, cents)


def role_label(role: str) -> str:
    """A role of the demand table in the current language (``data analyst`` → ``analista de
    datos`` in Spanish)."""
    name = ROLE_NAMES.get(role)
    return _(name) if name is not None else role


def role_labels(catalog: Catalog) -> dict[str, str]:
    """Every role's name in the current language (what the pages suggest)."""
    return {r: role_label(r) for r in catalog.roles}


def _feminine(name: str) -> str:
    """A Spanish job's name said of a woman: its words before "de" in the feminine ("cocinero"
    → "cocinera", "técnico de soporte" → "técnica de soporte", "contador" → "contadora")."""
    words = name.split(" ")
    for i, word in enumerate(words):
        if word in {"de", "del", "en"}:
            break
        if len(word) > 3 and word.endswith("o"):
            words[i] = word[:-1] + "a"
        elif word.endswith(("dor", "tor")):
            words[i] = word + "a"
    return " ".join(words)


@functools.lru_cache(maxsize=512)
def _role_names(role: str) -> frozenset[str]:
    """A role's names, plain, in English and in Spanish (the Spanish one in the masculine and
    the feminine: "cocinero", "cocinera"); the same for the process's life (the catalogs are
    compiled once), so kept: every chat turn reads them."""
    names = {_plain(role)}
    if role in ROLE_NAMES:
        spanish = _plain(catalog_of("es").gettext(ROLE_NAMES[role]))
        names |= {_plain(catalog_of(lang).gettext(ROLE_NAMES[role])) for lang in PAGE_LANGUAGES}
        feminine = _feminine(spanish)
        # "asistenta administrativa": the feminine "-enta" some say for "asistente"
        names |= {spanish, feminine, re.sub(r"^(\w+)ente\b", r"\1enta", feminine)}
    return frozenset(names)


def resolve_role(catalog: Catalog | None, text: str) -> str | None:
    """The role a person named by its name in English or Spanish, in the masculine or the
    feminine ("cocinera", "guía turística"), or by the other words the chat reads as that job
    (:data:`_ROLE_WORDS`; accents and case ignored); None when the text is not one role's name
    (free text such as "a data job" is matched by words later, :func:`match_roles`)."""
    key = slug(text)
    if catalog is None or not key:
        return None
    for role in catalog.roles:
        if key in {slug(name) for name in _role_names(role)}:
            return role
    plain = " ".join(_plain(text).split())
    found = {role for pattern, role in _ROLE_WORDS if re.fullmatch(pattern, plain)}
    found &= set(catalog.roles)
    return found.pop() if len(found) == 1 else None


def nearest_roles(catalog: Catalog, text: str, count: int = 4) -> list[str]:
    """Roles to suggest for what was typed, in the current language: those with a name (in
    English or Spanish) nearest to it first ("cocinere" → cook), then the table's first ones up
    to ``count``."""
    names = {name: role for role in catalog.roles for name in _role_names(role)}
    typed = " ".join(_plain(text).split())
    near = [names[n] for n in difflib.get_close_matches(typed, list(names), n=count, cutoff=0.5)]
    # "data", "xyz analyst", "analista": the roles with a name that holds one of its words
    words = set(re.findall(r"[a-z]{3,}", typed)) - {"del", "the", "and", "job", "work", "role"}
    sharing = [role for name, role in names.items() if words & set(name.split())]
    return [role_label(r) for r in dict.fromkeys([*near, *sharing, *catalog.roles])][:count]


def resolve_skill(catalog: Catalog | None, text: str) -> str | None:
    """The catalog skill a person named: its id (``excel_basics``), its name in English or
    Spanish (``Excel``, ``Excel avanzado``, accents and case ignored); None when none matches."""
    key = slug(text)[:60]
    if not key:
        return None
    if catalog is None or key in catalog.skills:
        return key
    for skill in catalog.skills:
        names = {slug(skill_name(skill))}
        if skill in SKILL_NAMES:
            msgid = SKILL_NAMES[skill]
            names |= {slug(catalog_of(lang).gettext(msgid)) for lang in PAGE_LANGUAGES}
        if key in names:
            return skill
    return None


#: Words around a region's name that do not change which region it is ("Región Arequipa").
_REGION_WORDS = re.compile(
    r"^(?:region|departamento|department|provincia|province)(?:_(?:de|of))?_"
)
#: Other names of the catalog's regions (slugs): the older spelling, the metropolitan area, and
#: the main city of a region named otherwise ("soy de Huancayo" is Junín). Cusco, Arequipa, Piura
#: and Lima are their regions' names already. The one list of them: keep it small.
REGION_VARIANTS: dict[str, str] = {
    "cuzco": "cusco",
    "lima_metropolitana": "lima",
    "metropolitan_lima": "lima",
    "lima_metropolitan_area": "lima",
    "huancayo": "junin",
    "trujillo": "la_libertad",
    "chiclayo": "lambayeque",
}


#: Peru's regions and Callao, by their main cities too (slug → the region as written): where a
#: learner may live that the demand table may lack ("me mudé a Ica", "estoy en Puno")
PERU_PLACES: dict[str, str] = {
    "amazonas": "Amazonas", "chachapoyas": "Amazonas", "ancash": "Áncash", "huaraz": "Áncash",
    "chimbote": "Áncash", "apurimac": "Apurímac", "abancay": "Apurímac", "arequipa": "Arequipa",
    "ayacucho": "Ayacucho", "huamanga": "Ayacucho", "cajamarca": "Cajamarca",
    "callao": "Callao", "cusco": "Cusco", "cuzco": "Cusco", "huancavelica": "Huancavelica",
    "huanuco": "Huánuco", "ica": "Ica", "chincha": "Ica", "nazca": "Ica", "nasca": "Ica",
    "junin": "Junín", "huancayo": "Junín", "la_libertad": "La Libertad",
    "trujillo": "La Libertad", "lambayeque": "Lambayeque", "chiclayo": "Lambayeque",
    "lima": "Lima", "loreto": "Loreto", "iquitos": "Loreto", "madre_de_dios": "Madre de Dios",
    "puerto_maldonado": "Madre de Dios", "moquegua": "Moquegua", "pasco": "Pasco",
    "cerro_de_pasco": "Pasco", "piura": "Piura", "puno": "Puno", "juliaca": "Puno",
    "san_martin": "San Martín", "tarapoto": "San Martín", "moyobamba": "San Martín",
    "tacna": "Tacna", "tumbes": "Tumbes", "ucayali": "Ucayali", "pucallpa": "Ucayali",
}  # fmt: skip
#: What people from a region call themselves (slug stems, + "o"/"a"/"os"/"as"): "soy cusqueño"
#: is Cusco's
_DEMONYMS: dict[str, str] = {
    "cusquen": "cusco", "cuzquen": "cusco", "arequipen": "arequipa", "limen": "lima",
    "piuran": "piura", "trujillan": "la_libertad", "liberten": "la_libertad",
    "huancain": "junin", "chiclayan": "lambayeque", "lambayecan": "lambayeque",
    "iquen": "ica", "punen": "puno", "tacnen": "tacna", "loretan": "loreto",
    "iquiten": "loreto", "ayacuchan": "ayacucho", "cajamarquin": "cajamarca", "chalac": "callao",
    "ancashin": "ancash", "huaracin": "ancash", "chimbotan": "ancash", "huanuquen": "huanuco",
    "tumbesin": "tumbes", "moqueguan": "moquegua", "pasquen": "pasco", "ucayalin": "ucayali",
    "pucallpin": "ucayali", "tarapotin": "san_martin", "apurimen": "apurimac",
    "huancavelican": "huancavelica",
}  # fmt: skip
#: "soy cusqueño", "somos arequipeñas", "I'm limeño": a demonym said of the learner
_DEMONYM = re.compile(
    r"(?<=_)(?:soy|somos|im|i_am|am)_(?:(?:muy|bien|de|pura|puro|100)_)*"
    r"(" + "|".join(sorted(_DEMONYMS, key=len, reverse=True)) + r")(?:o|a|os|as)(?=_)"
)


def resolve_region(catalog: Catalog | None, text: str) -> str | None:
    """The catalog region a person named, case, accents and spacing ignored (``junín``,
    ``LIMA``, ``la libertad``, ``Cuzco``, ``Región Arequipa``, ``Piura, Perú``) or by its main
    city (``Huancayo`` → ``Junin``, :data:`REGION_VARIANTS`); None when it is none of them."""
    key = _REGION_WORDS.sub("", re.sub(r"_peru$", "", slug(text)))
    key = REGION_VARIANTS.get(key, key)
    if catalog is None or not key:
        return None
    return next((r for r in catalog.regions if slug(r) == key), None)


@dataclass(frozen=True)
class _PlaceWords:
    """The patterns :func:`_regions_in` and :func:`places_unknown` look for, made once per set
    of catalog regions (a message is read against them on every turn): each spelling of a
    region and each place without data, with a pattern of all of them that a message naming
    none of them fails at once."""

    regions: tuple[tuple[re.Pattern[str], str], ...]  # a spelling of a region, the region
    by_slug: dict[str, str]  # a region's slug: the region
    unknown: tuple[tuple[re.Pattern[str], str], ...]  # a place without data, its key
    known: frozenset[str]  # the keys of the catalog's regions and their cities
    any_region: re.Pattern[str]
    any_unknown: re.Pattern[str]


@functools.lru_cache(maxsize=4)
def _place_words(regions: tuple[str, ...]) -> _PlaceWords:
    cities: dict[str, set[str]] = {}
    for city, region_slug in REGION_VARIANTS.items():
        cities.setdefault(region_slug, set()).add(city)
    region_patterns = [
        (f"(?<=_){spelling}(?=_)", region)
        for region in regions
        for spelling in {slug(region)} | cities.get(slug(region), set())
    ]
    slugs = {slug(r) for r in regions}
    known = slugs | {key for key, r in REGION_VARIANTS.items() if r in slugs}
    known |= {key for key, name in PERU_PLACES.items() if slug(name) in slugs}
    unknown = [(f"(?<=_){key}(?=_)(?!_de_porres_)", key) for key in PERU_PLACES if key not in known]
    return _PlaceWords(
        regions=tuple((re.compile(p), region) for p, region in region_patterns),
        by_slug={slug(r): r for r in regions},
        unknown=tuple((re.compile(p), key) for p, key in unknown),
        known=frozenset(known),
        any_region=re.compile("|".join(p for p, _r in region_patterns) or "(?!)"),
        any_unknown=re.compile("|".join(p for p, _k in unknown) or "(?!)"),
    )


def _regions_in(catalog: Catalog, text: str) -> list[tuple[int, str]]:
    """Every catalog region a message names, spelled any way or by its main city, with where
    it is named (the position in the message's slug), in the message's order."""
    words = f"_{slug(text)}_"
    places = _place_words(tuple(catalog.regions))
    found: list[tuple[int, str]] = []
    if places.any_region.search(words):
        for pattern, region in places.regions:
            found += [(m.start(), region) for m in pattern.finditer(words)]
    for m in _DEMONYM.finditer(words):  # "soy cusqueño": Cusco
        demonym_of = places.by_slug.get(_DEMONYMS[m.group(1)])
        if demonym_of is not None:
            found.append((m.start(1), demonym_of))
    return sorted(found)


def places_unknown(catalog: Catalog, text: str) -> list[tuple[int, str]]:
    """The places of Peru a message names (a region, its main city, or "soy iqueño") that the
    demand table has no data for ("Ica", "Puno"), as written for people, with where each is
    named (the position in the message's slug); the catalog's regions and their cities are
    not among them, nor Lima's district San Martín de Porres."""
    words = f"_{slug(text)}_"
    places = _place_words(tuple(catalog.regions))
    said: list[tuple[int, str]] = []
    if places.any_unknown.search(words):
        said += [(m.start(), key) for p, key in places.unknown for m in p.finditer(words)]
    said += [(m.start(1), _DEMONYMS[m.group(1)]) for m in _DEMONYM.finditer(words)]
    return [(at, PERU_PLACES[key]) for at, key in sorted(said) if key not in places.known]


def apply_changes(catalog: Catalog | None, row: LearnerProfile, changes: dict[str, Any]) -> None:
    """Validate and apply profile fields (skills replace; ``None`` clears optional ones).

    Nothing is applied when a field is refused: a skill named twice (by any of its names) is
    ``duplicate_skill``, an unknown skill, region or role ``validation_error``."""
    for interest in changes.get("interests") or []:
        # an interest is free text kept with the profile and exported (pseudonymous) to train
        # the ranker: an e-mail, phone, ID number or link typed there is refused, not slugged
        # into "lucia_r_example_com"
        if personal_data(str(interest)) or personal_data(slug(str(interest))):
            raise PathwayError(
                422,
                "validation_error",
                _(
                    "the interest '%(interest)s' looks like personal data (an e-mail address, "
                    "a phone or ID number, a link): interests name topics, such as cooking or "
                    "data analysis",
                    interest=str(interest)[:40],
                ),
            )
    skills: dict[str, int] | None = None
    if "skills" in changes:
        skills = {}
        for item in changes["skills"]:
            name = resolve_skill(catalog, str(item["skill"]))
            if name is None:
                raise PathwayError(
                    422,
                    "validation_error",
                    _(
                        "unknown skill %(skill)r: use a skill of the course catalog "
                        "(GET /v1/pathways/catalog lists them)",
                        skill=item["skill"],
                    ),
                )
            if name in skills:
                raise PathwayError(
                    422,
                    "duplicate_skill",
                    _(
                        "skill %(skill)s (%(id)s) is listed more than once: list each skill "
                        "once, with the level you mean",
                        skill=skill_label(name),
                        id=name,
                    ),
                )
            skills[name] = int(item["level"])
    if "hours_per_week" in changes and not hours_allowed(float(changes["hours_per_week"])):
        raise PathwayError(
            422,
            "validation_error",
            _(
                "hours_per_week must be between %(low)s and %(high)s",
                low=decimal(HOURS_PER_WEEK[0]),
                high=decimal(HOURS_PER_WEEK[1]),
            ),
        )
    budget_said = changes.get("budget_pen")
    if budget_said is not None and not budget_allowed(float(budget_said)):
        raise PathwayError(
            422,
            "validation_error",
            _("budget_pen must be between 0 and %(high)s", high=soles(BUDGET_MAX)),
        )
    region = None
    if "region" in changes:
        typed = " ".join(str(changes["region"]).split())
        # without a catalog (no ranker loaded) the region is kept as typed, spaces tidied
        region = typed if catalog is None else resolve_region(catalog, typed)
        if not region:
            raise PathwayError(
                422,
                "validation_error",
                _(
                    "unknown region '%(region)s': use one of %(regions)s",
                    region=typed,
                    regions=", ".join(catalog.regions if catalog is not None else []),
                ),
            )
    if "goal_role" in changes:
        goal = changes["goal_role"]
        # a role of the table by one of its names, stored as the table names it; anything else
        # ("data", "xyz analyst", the typo "data analist") is refused with the nearest roles,
        # never stored as typed nor as a guess (probe 38, J-M8). Without a catalog (no ranker
        # loaded) it is kept as typed
        goal = (resolve_role(catalog, goal) or goal) if goal else goal
        if goal and catalog is not None and goal not in catalog.roles:
            raise PathwayError(
                422,
                "validation_error",
                _(
                    "no role in the demand table matches %(goal)r: e.g. %(roles)s",
                    goal=goal,
                    roles=", ".join(nearest_roles(catalog, str(goal))),
                ),
            )
        row.goal_role = goal or None
    if skills is not None:
        row.skills = skills
    if region is not None:
        row.region = region
    if "interests" in changes:
        # each interest once, blank ones dropped ("cocina", "Cocina", " " → ["cocina"])
        found = (slug(str(i))[:40] for i in changes["interests"])
        row.interests = list(dict.fromkeys(s for s in found if s))[:10]
    if "hours_per_week" in changes:
        row.hours_per_week = float(changes["hours_per_week"])
    if "budget_pen" in changes:
        budget = changes["budget_pen"]
        row.budget_pen = None if budget is None else float(budget)
    if "languages" in changes:
        langs = [x for x in dict.fromkeys(changes["languages"]) if x in LANGUAGES]
        row.languages = langs or ["es"]
    row.updated_at = datetime.now(UTC)


# -- what a message says about the profile ------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _plain(text: str) -> str:
    """``text`` lowercased, without accents and with straight apostrophes, letter for letter
    (``"Atención"`` → ``"atencion"``; positions stay those of ``text``). A turn reads its
    message this way a dozen times (kept for the next ones: the same string comes back)."""
    low = text.lower().replace("\u2019", "'")
    if low.isascii():
        return low  # nothing to take off
    return "".join(unicodedata.normalize("NFKD", ch)[:1] or ch for ch in low)


_ENGLISH = r"(?:english|ingles)"
#: "upper intermediate" English, CEFR B2
_UPPER = r"(?:upper[- ]intermediate|intermedio (?:alto|superior))\b"
_SKILL_WORDS: tuple[tuple[str, str], ...] = (
    (r"advanced excel|excel avanzado|pivot tables?|tablas dinamicas", "excel_advanced"),
    (r"\bexcel\b", "excel_basics"),
    (r"advanced sql|sql avanzado", "sql_advanced"),
    (r"\bsql\b", "sql"),
    (r"\bpython\b", "python_basics"),
    (r"\bpandas\b", "pandas"),
    (r"power ?bi", "power_bi"),
    (r"\btableau\b", "tableau"),
    (r"statistics|estadistica", "statistics"),
    (r"machine learning", "machine_learning"),
    (r"html|css", "web_html_css"),
    (r"javascript|\bjs\b", "javascript"),
    (r"\breact\b", "react"),
    (r"\bgit\b", "git"),
    (r"computers?|computacion|ofimatica", "digital_literacy"),
    (
        r"customer service|atencion al (?:cliente|publico)|servicio al cliente|"
        r"atender (?:a |al )?(?:los |las )?(?:clientes|publico)",
        "customer_service",
    ),
    (r"\bsales\b|\bventas\b", "sales"),
    (r"accounting|contabilidad", "accounting_basics"),
    (r"cooking|cocina", "cooking"),
    (r"welding|soldadura", "welding"),
    (r"electricity|electricidad", "electrical_basics"),
    (
        r"occupational (?:health and )?safety|(?:workplace|work) safety|salud ocupacional|"
        r"seguridad (?:y salud )?(?:en el trabajo|ocupacional|industrial|laboral)",
        "occupational_safety",
    ),
    (r"social media|redes sociales", "social_media"),
    (r"digital marketing|marketing digital", "digital_marketing"),
    (r"\bquechua\b", "quechua_basics"),
    # English is a skill only at a level the learner names ("English B1", "nivel A2 de inglés"):
    # "I speak English" says which languages they read, not how well (:func:`_languages`)
    *(
        (
            rf"\b{_ENGLISH}(?:\s+(?:is|es|level|nivel|de))*\s+{cefr}\b|"
            rf"\b{cefr}\s+(?:(?:level|nivel|de)\s+)*{_ENGLISH}\b|"
            # "leo inglés, mi nivel es B1", "English, my level is B2": said in the same
            # sentence (probe 46, M10)
            rf"\b{_ENGLISH}\b[^.;!?\d]{{0,30}}?\b(?:nivel|level)\s*(?:(?:es|is|de|:|=)\s*)?"
            rf"{cefr}\b",
            f"english_{cefr}",
        )
        for cefr in ("a2", "b1", "b2")
    ),
    # upper intermediate is B2 ("my English is upper intermediate", "intermedio alto")
    (
        rf"\b{_ENGLISH}(?:\s*,?\s+(?:is|es|level|nivel|de|my|mi|at|an?))*\s+{_UPPER}|"
        rf"\b{_UPPER}\s+(?:(?:level|nivel|de)\s+)*{_ENGLISH}\b",
        "english_b2",
    ),
)
#: A low level said before a skill ("a little Python", "algo de experiencia en ventas")
_LITTLE = (
    r"(?:a little|a bit of|some|basic|un poco de|algo de|basico de|"
    r"(?:a little|a bit of|some|little|un poco de|algo de|poca)\s+(?:experience|experiencia)\s+"
    r"(?:in|with|en|con|de))\s+"
)
_GOOD = (
    r"(?:good|strong|advanced|expert|fluent|buen[oa]?|bastante|expert[oa])\s+"
    r"(?:(?:at|in|with|en|con|de)\s+)?"
)
#: A skill named as what a course is about ("el curso de cocina", "clases de inglés B1", "an
#: Excel course"): no claim that the learner has it
_TOPIC_BEFORE = re.compile(
    r"\b(?:curso|cursos|course|courses|clase|clases|class|classes|taller|talleres|workshop|"
    r"programa|program)(?:\s+\w+)?\s+(?:de|del|of|in|on|en|sobre|about)\s+"
    r"(?:(?:la|el|los|las|the)\s+)?$"
)
_TOPIC_AFTER = re.compile(r"\s+(?:course|courses|class|classes|workshop)\b")
#: A level said in words (1 a little / basic, 2 can work with it / intermediate, 3 expert /
#: advanced), as people put it before or after a skill's name
_LEVEL_WORDS: dict[str, int] = {
    "basic": 1, "basico": 1, "basica": 1, "beginner": 1, "principiante": 1, "inicial": 1,
    "elemental": 1, "bajo": 1, "low": 1,
    "intermediate": 2, "intermedio": 2, "intermedia": 2, "medio": 2,
    "expert": 3, "experto": 3, "experta": 3, "advanced": 3, "avanzado": 3, "avanzada": 3,
    "alto": 3, "high": 3,
}  # fmt: skip
#: The level words that say a level without "level"/"nivel" beside them ("Excel básico")
_BARE_LEVEL = r"(?:basico|basica|intermedio|intermedia|avanzado|avanzada|experto|experta)"
_LEVEL_WORD = "(?:" + "|".join(sorted(_LEVEL_WORDS, key=len, reverse=True)) + ")"
#: A level said right after a skill: "Excel at an expert level", "excel a nivel experto",
#: "contabilidad a nivel básico", "SQL nivel intermedio", "Excel level 3", "Excel básico"
_LEVEL_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?:at|on|to)\s+(?:an?\s+|the\s+)?(?P<en>{_LEVEL_WORD})\s+level\b"
    rf"|(?:(?:a|en|con|de)\s+)?(?:(?:un|el)\s+)?nivel\s+(?:de\s+)?(?P<es>{_LEVEL_WORD})\b"
    r"|(?:level|nivel)\s+(?P<n>[123])\b"
    rf"|\(?(?P<bare>{_BARE_LEVEL})\b)"
)
#: A level said right before a skill: "an intermediate level in Excel", "nivel intermedio en
#: Excel", "intermediate SQL", "intermedio en Excel" (``_LITTLE`` and ``_GOOD`` are the others)
_LEVEL_BEFORE = re.compile(
    rf"(?:\b(?:(?:a|en|con|de)\s+)?(?:(?:un|el)\s+)?nivel\s+(?:de\s+)?(?P<es>{_LEVEL_WORD})"
    rf"|\b(?:an?\s+)?(?P<en>{_LEVEL_WORD})\s+level"
    r"|\b(?P<bare>intermediate|beginner|intermedi[oa]|principiante|avanzad[oa]))"
    r"\s+(?:(?:en|in|at|with|con|de|of)\s+)?(?:(?:el|la|the)\s+)?$"
)
#: How well, said so that two levels fit ("I know SQL pretty well", "sé Excel más o menos"):
#: asked, never guessed (the levels it may mean)
_VAGUE_AFTER: tuple[tuple[re.Pattern[str], list[int]], ...] = (
    (re.compile(r"^\s+(?:(?:pretty|quite|very|really|fairly)\s+)?well\b"), [2, 3]),
    (re.compile(r"^\s+(?:(?:muy|bastante)\s+)?bien\b"), [2, 3]),
    (re.compile(r"^\s+(?:more or less|mas o menos|so-so|so so)\b"), [1, 2]),
)
_VAGUE_BEFORE: tuple[tuple[re.Pattern[str], list[int]], ...] = (
    (re.compile(r"\b(?:(?:muy|bastante)\s+)?bien\s+(?:el\s+|la\s+)?$"), [2, 3]),
    (re.compile(r"\b(?:more or less|mas o menos)\s+$"), [1, 2]),
)
#: A little said right after a skill ("I know Python a little", "sé Python un poco")
_LITTLE_AFTER = re.compile(r"^\s+(?:a little|a bit|un poco|un poquito|poquito)\b")
#: The catalog's skills that are spoken languages, and the words that say one is spoken
_SPOKEN = frozenset({"quechua_basics"})
#: ("sé quechua", "I know Quechua" say it as "hablo quechua" does: level 2, docs/assistant.md)
_SPEAKS = re.compile(
    r"\b(?:hablo|speak|speaks|domino|se hablar|se|i know|conozco|manejo)\s+(?:el\s+|la\s+)?$"
)
#: What joins two skills of one list ("Excel y contabilidad", "SQL, Python and Excel"): a level
#: said at one end of the list may be meant for all of them
_JOINED = re.compile(r"^\s*(?:,\s*|(?:,\s*)?(?:y|e|and|&|/)\s+)$")
#: What a level answer says (a level's words in English or Spanish, or its number).
_LEVEL_ANSWERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        1,
        re.compile(
            r"\b(?:a little|little|a bit|un poco|poco|basic|basico|beginner|principiante)\b"
        ),
    ),
    (
        2,
        re.compile(
            r"\b(?:can work with it|work with it|puedo trabajar|trabajar con ello|intermediate|"
            r"intermedio|regular|normal|normalito|average|"
            # "lo uso en mi chamba", "I use it at work": used at a job, level 2
            r"(?:lo|la) uso (?:en|para) (?:mi|el) (?:trabajo|chamba)|"
            r"use it (?:at|for|in) (?:work|my job|my work))\b"
        ),
    ),
    (
        3,
        re.compile(r"\b(?:expert|experto|experta|advanced|avanzado|good|strong|fluent)\b"),
    ),
)
#: A level answered as its number ("2", "tres"): never read from a message that says hours or
#: an amount ("puedo 2 horas al día" answers no level)
_LEVEL_NUMBERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"\b(?:1|one|uno)\b")),
    (2, re.compile(r"\b(?:2|two|dos)\b")),
    (3, re.compile(r"\b(?:3|three|tres)\b")),
)
_ORDINALS = re.compile(r"\b(?:(first|primer[oa]?)|(second|segund[oa]))\b")
#: Words that name a job, beside the demand table's names in English and Spanish
#: (:func:`_role_patterns`); a job is the goal only where the message says it is wanted.
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"data scien\w*|cientific[oa] de datos", "junior data scientist"),
    (r"data analyst|analista de datos", "data analyst"),
    (r"inteligencia de negocios|analista (?:de )?bi\b|bi analyst", "business intelligence analyst"),
    (r"analista financier[oa]", "financial analyst"),
    (r"sous chef", "sous chef"),
    (r"pasteler[oa]|pastry (?:cook|chef)", "pastry cook"),
    (r"recepcionista|receptionist", "hotel receptionist"),
    (r"mecanic[oa]|mechanic", "auto mechanic"),
    (
        r"montacarguista|forklift (?:operator|driver)|(?:operador|operario) de montacargas",
        "forklift operator",
    ),
    (
        r"admin(?:istrative)? assistant|asistente administrativ[oa]|"
        r"auxiliar administrativ[oa]|secretari[oa]|secretary",
        "administrative assistant",
    ),
    (r"asistente de planillas|payroll assistant", "payroll assistant"),
    (r"coordinador(?:a)? de logistica", "logistics coordinator"),
    (r"machine learning engineer|ml engineer", "machine learning engineer"),
    (
        r"web develop\w*|front.?end develop\w*|desarrollador(?:a)? web|programador(?:a)? web",
        "junior web developer",
    ),
    (r"back.?end develop\w*|desarrollador(?:a)? back.?end", "backend developer"),
    (r"bilingual call cent\w*|call cent(?:er|re) bilingue", "bilingual call center agent"),
    (r"electrician|electricista", "electrician"),
    (r"welder|soldador(?:a)?", "welder"),
    (r"\bcook\b|cociner[oa]", "cook"),
    (
        r"accounting assistant|asistente contable|auxiliar contable|contador(?:a)?",
        "accounting assistant",
    ),
    (r"it support|soporte tecnico|tecnico de soporte", "it support technician"),
    (r"warehouse (?:operator|worker)|operari[oa] de almacen|almacener[oa]", "warehouse operator"),
    (r"tour guide|guia de turismo|guia turistic[oa]", "tour guide"),
    (r"sales rep\w*|vendedor(?:a)?|representante de ventas", "sales rep"),
)
#: Fields of work, each with the jobs of the demand table it may mean: the goal when it means
#: one, asked about when it means several ("call center": with English or without?).
_FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bdata\b|\bdatos\b", ("data analyst",)),
    (r"call ?cent(?:er|re)s?", ("bilingual call center agent", "customer service agent")),
    (r"\bturismo\b|\btourism\b|\btourist\b", ("tour guide", "hotel receptionist")),
    (r"atencion al cliente|customer service|servicio al cliente", ("customer service agent",)),
    (r"marketing", ("digital marketing assistant",)),
    (r"\bventas\b|\bsales\b", ("sales rep",)),
    (r"\balmacen(?:es)?\b|\bwarehouses?\b", ("warehouse operator",)),
    (r"\bplanillas\b|\bpayroll\b", ("payroll assistant",)),
    # "chef" alone may be a cook or a sous chef ("pastry chef" and "sous chef" are jobs)
    (r"\bchefs?\b", ("cook", "sous chef")),
)
_ARTICLE = r"(?:an?|the|un|una|el|la|los|las)"
#: What says the learner wants a job, right before it ("I want to be a", "quiero trabajar en
#: un", "my goal is", "para ser"): a job or a field named after it is the goal.
_GOAL_CUE = re.compile(
    r"(?:"
    r"\b(?:want|wants|wanna|would like|'d like|hope|hoping|plan|planning|aim|aiming|dream|wish|"
    r"aspire|looking|trying|need|interested)"
    r"(?:\s+(?:to|of|for|in|on))?"
    r"(?:\s+(?:be|become|becoming|being|work|working|get|getting|find|finding|land|start|pursue))?"
    r"|(?<!used )\bto\s+(?:become|be|work)"
    r"|\b(?:get|find|land|apply for|applying for|search for|searching for)"
    r"|\b(?:goal|objective|dream|aim|target)(?:\s+(?:role|job))?(?:\s*(?:is|:|=))?"
    r"(?:\s+to\s+(?:be|become|work))?"
    r"|\b(?:quiero|quisiera|queria|me gustaria|deseo|busco|buscando|sueno con|pienso|planeo|"
    r"aspiro a|me interesa|necesito)"
    r"(?:\s+(?:ser|trabajar|trabajo|chamba|chambear|empleo|llegar a ser|convertirme en|"
    r"dedicarme a|conseguir|encontrar|empezar|estudiar para|prepararme para))?"
    r"|\bpara\s+(?:ser|trabajar|llegar a ser|convertirme en|dedicarme a|conseguir|encontrar)"
    r"|\b(?:meta|objetivo|sueno|proposito)(?:\s*(?:es|:))?(?:\s+(?:ser|trabajar))?"
    r"|\b(?:llegar a ser|convertirme en|dedicarme a)"
    r")"
    r"(?:\s+(?:as|in|at|into|on|with|como|de|en|a|al|con))?"
    rf"(?:\s+{_ARTICLE})?"
    r"(?:\s+(?:job|jobs|work|position|career|trabajo|empleo|puesto|chamba|carrera)"
    rf"(?:\s+(?:as|in|of|de|como|en|con))?(?:\s+{_ARTICLE})?)?"
    r"\s*$"
)
#: "cursos para analista de datos", "a path towards electrician": the goal when a job follows
#: (a field does not: "un curso para protección de datos" wants no job)
_FOR_CUE = re.compile(
    rf"\b(?:for|towards?|hacia|para)(?:\s+{_ARTICLE})?"
    rf"(?:\s+(?:job|jobs|trabajo|puesto|empleo)(?:\s+(?:as|of|de|como))?(?:\s+{_ARTICLE})?)?\s*$"
)
#: A "no" right before the words that want a job ("ya no quiero call center", "I don't want")
_NOT_WANTED = re.compile(r"\b(?:no|not|don't|dont|do not|never|nunca|no longer)\s+$")
#: "cocinero o guía de turismo": a second job joined to a wanted one is wanted too
_OR_CUE = re.compile(
    rf"^\s*,?\s*(?:or|o|u|and|y)\s+(?:(?:be|become|ser|work as|trabajar (?:de|como|en))\s+)?"
    rf"(?:{_ARTICLE}\s+)?$"
)
#: A job said as the learner's present or past ("I'm a cook", "trabajé de mesero"): not asked about
_NOW_OR_BEFORE = re.compile(
    r"\b(?:i'?m|i am|im|soy|fui|was|were|trabajo|trabaje|trabajaba|work|worked|working|"
    r"experience|experiencia|studied|estudie|estudio|former|ex)\b"
)
#: Words that say the learner wants a job, not just a thing ("quiero ser", "me interesa
#: trabajar en", "I want to work as"): a message with them and a job is a pathway request
_JOB_WISH = re.compile(
    r"\b(?:(?:want|wanna|would like|'d like|hope|plan|planning|aim|dream|wish|looking)\s+"
    r"(?:to\s+)?(?:be|become|work|get a job|find a job)"
    r"|(?:quiero|quisiera|me gustaria|deseo|sueno con|planeo|pienso|aspiro a|me interesa|busco|"
    r"necesito)\s+(?:ser|trabajar|trabajo|chamba|chambear|empleo|llegar a ser|convertirme|"
    r"dedicarme)"
    r"|(?:goal|dream|objective)(?: job| role)? is|mi (?:meta|objetivo|sueno) es"
    r"|(?:job|work|career) as|trabajo (?:de|como)|empleo (?:de|como)|chamba de)\b"
)
#: Where the learner lives, right before a region ("vivo en", "I live in", "me mudé a")
_HOME = re.compile(
    r"_(?:vivo|vivimos|viviendo|live|living|lives|resido|residiendo|radico|radicando|estoy|am|"
    r"im|moved|mude|mudo|mudare|"
    r"moving|based|ahora)_(?:(?:en|in|a|to|the|la|el|de|of|ciudad|city|region)_)*$"
)
#: A question about another situation ("y si me mudo a Trujillo?", "what if I had S/ 500?"):
#: answered for that situation, the profile left as it is
_WHAT_IF = re.compile(
    r"\b(?:what if|and if|what about|how about|suppose|supposing|imagine|hypothetically|"
    r"if i (?:move|moved|lived|were|was|had|get|got|went|go|relocate|relocated|saved|could)|"
    r"que tal si|que pasa si|que pasaria si|suponiendo|supongamos|imaginemos|hipoteticamente|"
    r"si (?:me )?(?:mudo|mudara|mudase|mudaria|viviera|fuera|voy|cambio|tuviera|tengo|consigo|"
    r"ahorro|ahorrara|pudiera))\b"
    r"|^\W*(?:y|and)\s+(?:si\b|en\b|in\b|con\b|with\b)"
    # a move still to come ("I'm moving to Cusco next year", "me voy a mudar a Piura en marzo"):
    # not where the learner lives yet
    r"|\b(?:i'?m moving|i am moving|i'?ll move|i will move|i'?m going to move|me voy a mudar"
    r"|me mudare|voy a vivir|me ire a vivir)\b(?=.*\b(?:next|proximo|proxima|otro|otra|year|ano"
    r"|month|mes|soon|pronto|later|luego|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    r"|setiembre|septiembre|octubre|noviembre|diciembre|january|february|march|april|may|june"
    r"|july|august|september|october|november|december|20\d\d)\b)"
)
#: Hours as a number, whole or with a decimal point or comma ("2", "1.5", "1,5": one and a half)
_HOURS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:h|hours?|horas?|horitas?|hrs?)\b"
    r"(?:\s*(?:a|per|por|x|each|cada|/|al|a la|in a|in the)\s*(week|semana|day|dia|month|mes))?",
    re.I,
)
#: A first figure of hours joined to the second ("5 o 6 horas", "entre 2 y 3 horas", "2-3 h")
_HOURS_BEFORE = re.compile(
    r"(?P<between>\b(?:entre|between)\s+)?(?<![\d.,])(?P<n>\d{1,3}(?:[.,]\d{1,2})?)\s*"
    r"(?:h|hours?|horas?|hrs?)?\s*(?P<joint>o|u|or|a|to|-|–|y|and)\s*$"
)
#: A minus sign right before a figure ("-5 horas", "S/ -20"), not a range's dash ("2-3 h"): the
#: figure is read below zero (asked, never stored as 5 or S/ 20)
_MINUS_BEFORE = re.compile(r"(?:^|[^\w.,\-\u2212])[-\u2212]\s?(?:s/\.?\s*)?$|s/\.?\s*[-\u2212]\s?$")


def _negative(before: str) -> bool:
    """Whether the figure after ``before`` (the message up to it) is said with a minus sign."""
    return _MINUS_BEFORE.search(before) is not None


_PER_DAY = re.compile(r"^\s*(?:diarias?|daily|every day|todos los dias|cada dia)\b")
#: Days said right after the hours ("2 horas de lunes a viernes"): hours on each of them
_DAYS_AFTER = re.compile(
    r"^\s*(?:(?:de|on|every|each|los|cada)\s+)?(?:lunes a (?:viernes|sabado)|entre semana"
    r"|weekdays?|monday to (?:friday|saturday)|mon(?:day)?-(?:fri|sat)\w*|dias de semana"
    r"|dias laborables|fines? de semana|weekends?)\b"
)
_PER_MONTH = re.compile(r"^\s*(?:mensuales?|monthly|every month|cada mes|al mes)\b")
_SMALL_NUMBERS: dict[str, int] = {
    "una": 1, "un": 1, "uno": 1, "an": 1, "a": 1, "one": 1, "dos": 2, "two": 2, "tres": 3,
    "three": 3, "cuatro": 4, "four": 4, "cinco": 5, "five": 5, "seis": 6, "six": 6, "siete": 7,
    "seven": 7, "ocho": 8, "eight": 8, "nueve": 9, "nine": 9, "diez": 10, "ten": 10,
}  # fmt: skip
_SMALL = "(?:" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + ")"
#: Hours said in words, as the number :data:`_HOURS` reads ("media hora" 0.5, "hora y media"
#: 1.5, "dos horas y media" 2.5, "half an hour", "an hour and a half", "una hora al día" 1)
_HOUR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bmedia\s+hora\b|\bhalf\s+an?\s+hour\b"), "0.5 hours"),
    (re.compile(rf"\b(?:(?P<n>\d{{1,2}}|{_SMALL})\s+)?(?:horas?|hours?)\s+(?:y|and)\s+(?:a\s+)?"
                r"(?:media|half)\b"), "{n}.5 hours"),
    (re.compile(rf"\b(?P<n>\d{{1,2}}|{_SMALL})\s+and\s+a\s+half\s+hours?\b"), "{n}.5 hours"),
    (re.compile(rf"\b(?P<n>{_SMALL})\s+(?=(?:horas?|hours?)\b)"), "{n} "),
)  # fmt: skip


#: What says hours are a study pace (a week, a day, a month), right after them
_PACE_AFTER = re.compile(
    r"^\s*(?:(?:horas?|hours?)\s*)?(?:(?:a|per|por|x|al|a la|cada|each|/|in a)\s*)?"
    r"(?:week|semana|day|dia|month|mes|diarias?|daily|semanales?|weekly|mensuales?|monthly|"
    r"every day|todos los dias|cada dia)\b"
)


#: Minutes said as a study pace ("10 minutos a la semana", "30 min diarios")
_MINUTES = re.compile(r"(?<![\d.,])(?P<n>\d{1,3})\s*(?:minutos?|minutes?|mins?)\b")


def _hours_in_words(plain: str) -> str:
    """``plain`` with hours said in words (or minutes) written as numbers when a pace follows
    them ("hora y media diaria": "1.5 hours diaria"; "30 minutos diarios": "0.5 hours diarios";
    "la clase dura hora y media" stays); the rest as it was (positions may move)."""
    for pattern, template in _HOUR_WORDS:

        def number(m: re.Match[str], template: str = template) -> str:
            if not _PACE_AFTER.match(m.string[m.end() :]):
                return m.group(0)
            said = m.groupdict().get("n") or "1"
            value = said if said.isdigit() else str(_SMALL_NUMBERS[said])
            return template.format(n=value)

        plain = pattern.sub(number, plain)

    def minutes(m: re.Match[str]) -> str:
        if not _PACE_AFTER.match(m.string[m.end() :]):
            return m.group(0)
        return f"{round(int(m.group('n')) / 60, 2):g} hours"

    # "10 minutos a la semana": 0.17 hours a week, read as hours are (and asked: too few)
    return _MINUTES.sub(minutes, plain)


#: What says hours are about a job, not study ("trabajo 8 horas", "my shift is 12 hours", "8
#: hours of work"), and what says they are study time (or free time) in the same clause
_WORK_WORDS = re.compile(
    r"\b(?:trabaj\w*|laboro|chamb\w*|work(?:s|ed)?|working(?!\s+days?\b)|job|shifts?|turnos?|"
    r"jornadas?)\b"
)
_STUDY_WORDS = re.compile(
    r"\b(?:estudi\w*|stud(?:y|ies|ying)|aprend\w*|learn\w*|cursos?|courses?|capacit\w*|"
    r"dedicar\w*|libres?|free|puedo|podria|can|could|dispongo)\b"
)
#: Where one clause of a message ends ("trabajo 8 horas diarias pero puedo estudiar 1 hora")
_CLAUSE_END = re.compile(
    r"[.;,!?¿¡\n]|\b(?:pero|but|y|and|aunque|though|although|mientras|while|"
    r"so|asi que|entonces|ademas|also)\b"
)


def _work_clauses(plain: str) -> list[tuple[int, int]]:
    """The clauses of ``plain`` that speak of the learner's job and not of study ("trabajo 8
    horas diarias", "I work 9 hours a day"): hours and days said there are no study time."""
    spans, start = [], 0
    for m in [*_CLAUSE_END.finditer(plain), None]:
        end = m.start() if m is not None else len(plain)
        clause = plain[start:end]
        if _WORK_WORDS.search(clause) and not _STUDY_WORDS.search(clause):
            spans.append((start, end))
        start = m.end() if m is not None else end
    return spans


def _hours_value(said: str) -> float:
    """An hours figure as written ("2", "1.5", "1,5")."""
    return float(said.replace(",", "."))


#: An amount of money as written: "1500", "1.500" and "1,500" (thousands), "1 500", "150.50",
#: "1.500,50"; :func:`_amount` says which number it is, or that it cannot tell
#: A number as people write an amount ("1500", "1.500", "1,500.50", "1 500"): read by
#: :func:`read_amount` (the API's profile form reads its text fields with both)
AMOUNT_PATTERN = r"\d+(?:(?:[.,]|[ \u00a0](?=\d{3}\b))\d+)*"
_NUMBER = AMOUNT_PATTERN
#: A minus sign between the currency and the figure ("S/ -20", "S/. -20", "$-20"): read, so
#: that the amount is said back and asked (:func:`_negative`), never missed
_MINUS = r"(?:[-\u2212]\s?)?"
_BUDGET = re.compile(
    rf"(?:s/\.?\s*|\bpen\s*){_MINUS}(?P<a>{_NUMBER})"
    rf"|(?P<b>{_NUMBER})\s*(?:(?:mil|k)\s+)?(?:soles|lucas?|luquitas?|palos?|pen|mangos)\b"
    # "2k": two thousand (the profile's money is soles)
    rf"|(?P<c>{_NUMBER})\s*k\b",
    re.I,
)
#: An amount after the words that say what the learner can spend, without "soles" ("tengo 2k
#: para estudiar", "puedo gastar 300", "tengo 400 para cursos"): not "tengo 25 años"
_CUE_AMOUNT = re.compile(
    r"\b(?:tengo|cuento con|dispongo de|i have|i've got|i got|(?:puedo|podria|i can|i could)\s+"
    r"(?:\w+\s+)?(?:pagar|gastar|invertir|pay|spend|afford|invest))\s+"
    r"(?:(?:hasta|up to|unos|unas|about|around|like|como|maximo|max|solo|only)\s+)*"
    rf"(?:s/\.?\s*)?{_MINUS}(?P<n>{_NUMBER})"
    r"(?=\s*(?:(?:mil|k|thousand|lucas?|luquitas?|palos?)\b)?\s*(?:$|[,;!?]|\.(?!\d)|(?:para|pa|for|al|a|per|por|"
    r"mensual\w*|monthly|en|in|nomas|nada|o|u|or|to|y|and|soles|pen)\b))"
)
#: The words of :data:`_CUE_AMOUNT` that say the amount is spent ("puedo gastar 300"): a budget
#: even beside pay ("gano 1200 soles al mes y puedo gastar 300")
_SPEND_CUE = re.compile(r"\b(?:pagar|gastar|invertir|pay|spend|afford|invest)\b")
#: A budget in another currency ("200 dólares", "$300", "US$ 300"): the profile's money is soles,
#: so it is asked, never stored as soles
_FOREIGN_MONEY = (
    r"(?:dolares|dollars?|usd|euros?|bucks|cocos|pesos|reales|bolivianos|libras|pounds|yenes|"
    r"yen)"
)
_FOREIGN = re.compile(
    rf"(?:us\$|u\$s|\$|usd|€|£)\s*{_MINUS}(?P<a>{_NUMBER})"
    rf"|(?P<b>{_NUMBER})\s*(?:(?:mil|k)\s+)?{_FOREIGN_MONEY}\b"
)
#: Words that say the amount is what the learner can spend on courses (a budget, not pay)
_SPEND = re.compile(
    r"\b(?:presupuesto|budget|gast\w*|spend\w*|pagar|pay|afford|invertir|invest|"
    r"tengo|cuento con|dispongo de|i have|i've got|para (?:los |mis )?(?:cursos|estudiar)|"
    r"for (?:the |my )?(?:courses|studying|study))\b"
)
#: Pay, not what the learner can spend ("quiero ganar 2000 soles al mes")
_PAY = re.compile(
    r"\b(?:gan(?:ar|o|a|e|aria|an)|earn\w*|salary|sueldo|salario|pays|pagan|paguen?|debo|owe)\b"
)
#: An amount a month, right after it ("500 mensuales", "50 soles por mes")
_MONTHLY_AFTER = re.compile(
    r"^\s*(?:(?:mil|k|thousand)\b\s*)?(?:soles|lucas?|pen)?\s*(?:al mes|a month|per month|"
    r"monthly|mensual\w*|por mes|cada mes|every month|x mes)\b"
)
_UNIT = r"(?:\s*(?:mil|k|thousand)\b)?"
#: A second amount joined to the first ("400 o 500 soles", "de 300 a 500", "300-500"): which?
_OTHER_AFTER = re.compile(
    rf"^\s*(?P<k1>(?:mil|k|thousand)\b)?\s*(?:soles|lucas?|pen|mangos)?\s*"
    # "300 soles, máximo 400", "300, at most 400": two amounts too
    r"(?P<joint>o|u|or|a|to|hasta|-|–|y|and|,?\s*(?:como\s+)?(?:maximo|max|a lo mucho|at most))"
    rf"\s*(?:s/\.?\s*)?(?P<n>{_NUMBER})(?P<k2>{_UNIT})"
    r"(?!\s*(?:h|hours?|horas?|hrs?|dias?|days?|anos|years?|semanas?|weeks?|meses|months?)\b)"
)
_OTHER_BEFORE = re.compile(
    rf"(?P<between>\b(?:entre|between)\s+)?(?:s/\.?\s*)?(?P<n>{_NUMBER})(?P<k>{_UNIT})\s*"
    r"(?:soles|lucas?|pen)?\s*(?P<joint>o|u|or|a|to|-|–|y|and)\s*(?:s/\.?\s*)?$"
)
#: "my budget is 0", "presupuesto de 400" (a number of hours is not a budget)
_BUDGET_SAID = re.compile(
    r"\b(?:budget|presupuesto)(?:\s*(?:is|of|es|de|:|=|about|around|unos|up to|hasta|"
    rf"maximo|now|ahora))*\s*(?:s/\.?\s*)?{_MINUS}({_NUMBER})(?![\d,.]*\s*(?:h|hours?|horas?)\b)",
    re.I,
)


def read_amount(raw: str) -> float | None:
    """The number an amount of money is, written the Peruvian or the English way: a point, a
    comma or a space before each group of three digits marks thousands ("1.500", "1,500",
    "1 500": 1500), one or two digits after the last mark are céntimos ("150.50", "1,5",
    "1.500,50", "1,500.50"). None when it cannot tell ("1.50.0", "1,5000", "1.500.5")."""
    raw = raw.strip().rstrip(".,")
    parts = re.split(r"[.,\s]", raw)
    marks = re.findall(r"[.,\s]", raw)
    if len(parts) == 1:
        return float(raw)
    whole, cents = parts, ""
    if len(parts[-1]) <= 2 and (len(marks) == 1 or marks[-1] != marks[-2]):
        whole, cents = parts[:-1], parts[-1]
        marks = marks[:-1]
    if marks and (len(set(marks)) > 1 or len(whole[0]) > 3 or any(len(g) != 3 for g in whole[1:])):
        return None
    return float("".join(whole) + (f".{cents}" if cents else ""))


_UNITS_ES = {
    "un": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
    "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
    "novecientos": 900,
}  # fmt: skip
_TENS = {
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}  # fmt: skip


def _alternatives(words: dict[str, int]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


#: An amount said in words ("mil", "dos mil", "mil quinientos", "quinientos", "a thousand",
#: "two thousand", "five hundred"), not after a number ("2 mil" is read as it is)
_AMOUNT_WORDS = re.compile(
    rf"(?<![\d.,])(?<!\d )\b(?:(?:(?P<k>{_alternatives(_UNITS_ES)})\s+)?(?:mil|thousand)"
    rf"(?:\s+(?P<h>{_alternatives(_HUNDREDS)}))?(?:\s+(?P<t>{_alternatives(_TENS)}))?"
    rf"|(?P<h2>{_alternatives(_HUNDREDS)})(?:\s+(?P<t2>{_alternatives(_TENS)}))?"
    rf"|(?P<u>{_alternatives(_UNITS_ES)})\s+hundred)\b"
)


def _amount_in_words(plain: str) -> str:
    """``plain`` with amounts said in words written as numbers ("mi presupuesto es de mil
    soles": "… de 1000 soles"); the rest as it was."""

    def number(m: re.Match[str]) -> str:
        groups = m.groupdict()
        if groups["u"]:
            return str(_UNITS_ES[groups["u"]] * 100)
        if groups["h2"]:
            return str(_HUNDREDS[groups["h2"]] + _TENS.get(groups["t2"] or "", 0))
        thousands = _UNITS_ES.get(groups["k"] or "", 1) * 1000
        return str(
            thousands + _HUNDREDS.get(groups["h"] or "", 0) + _TENS.get(groups["t"] or "", 0)
        )

    return _AMOUNT_WORDS.sub(number, plain)


#: Number words before "luca(s)" ("una luca", "dos lucas")
_LUCA_WORDS = re.compile(rf"\b(?P<u>una|{_alternatives(_UNITS_ES)})\s+(?=lucas?\b)")


_NO_LIMIT = re.compile(
    r"\b(?:no budget limit|any budget|sin limite de presupuesto|presupuesto sin limite)\b"
)
_FREE = re.compile(
    r"\b(?:only free|free only|free (?:courses?|ones) only|only (?:the )?free (?:courses?|ones)|"
    r"no money|sin dinero|sin plata|gratis|gratuitos?|no budget(?! limit)|zero budget|"
    r"(?:do not|don't|dont) have (?:any )?money|i have no money|(?:can't|cannot|can not) "
    r"(?:afford|pay)|no tengo (?:dinero|plata|platita|presupuesto)|sin presupuesto|"
    r"presupuesto cero|no (?:puedo|podria) pagar|solo (?:cursos )?gratuitos?)\b"
)
_SPEAKS_ENGLISH = re.compile(
    r"\b(?:speak|speaks|read|know|fluent in|hablo|leo|entiendo|understand|manejo|domino|"
    r"se hablar|se leer|se)\s+(?:(?:a little|a bit of|some|basic|good|fluent|un poco de|algo de|"
    rf"basico|bien|buen|el|de|and|y|e|spanish|espanol)\s+)*{_ENGLISH}\b"
)
_NO_ENGLISH = re.compile(
    r"\b(?:don't|do not|dont|can't|cannot|no)\s+(?:\w+\s+)?(?:speak|read|know|hablo|leo|"
    rf"entiendo|understand|se)\s+(?:\w+\s+)?{_ENGLISH}\b"
)
#: "I don't read Spanish", "no leo español", "only English", "solo hablo inglés"
_NO_SPANISH = re.compile(
    r"\b(?:don't|do not|dont|can't|cannot|no)\s+(?:\w+\s+)?(?:speak|read|know|understand|"
    r"hablo|leo|entiendo|se)\s+(?:\w+\s+)?(?:spanish|espanol|castellano)\b"
    rf"|\b(?:only|solo|solamente)\s+(?:(?:speak|read|hablo|leo)\s+)?{_ENGLISH}\b"
    rf"|\b(?:speak|read|hablo|leo)\s+only\s+{_ENGLISH}\b"
)
#: "only English", "solo leo inglés": English read, and nothing else
_ONLY_ENGLISH = re.compile(
    rf"\b(?:only|solo|solamente)\s+(?:(?:speak|read|hablo|leo)\s+)?(?:en\s+)?{_ENGLISH}\b"
    rf"|\b(?:speak|read|hablo|leo)\s+only\s+{_ENGLISH}\b"
)
_SPANISH = re.compile(r"\b(?:spanish|espanol|castellano)\b")
_SPANISH_NAME = r"(?:spanish|espanol|castellano)"
#: "I read Spanish", "I can read Spanish", "sí, leo español", "hablo español", "I understand
#: Spanish well": Spanish read (a course taught in it can be followed)
_SPEAKS_SPANISH = re.compile(
    r"\b(?:speak|speaks|read|reads|know|understand|fluent in|hablo|leo|entiendo|manejo|domino|"
    r"se hablar|se leer|se|native|nativ[oa] de|lengua materna es)\s+"
    r"(?:(?:good|fluent|well|el|en|bien|perfectamente|perfecto|english and|ingles y|and|y)\s+)*"
    rf"{_SPANISH_NAME}\b"
    rf"|\b(?:my|mi)\s+{_SPANISH_NAME}\s+(?:is|es)\s+(?:good|fine|fluent|native|bueno|fluido|"
    r"nativo)\b"
)
#: Spanish said at a low level ("a little Spanish", "un poco de español", "my Spanish is
#: basic"): not enough to follow a course taught in it
_LOW_SPANISH = re.compile(
    rf"\b(?:a little|a bit of|a bit|some|basic|un poco de|un poquito de|poquito|algo de|"
    rf"basico de|poco)\s+{_SPANISH_NAME}\b"
    rf"|\b{_SPANISH_NAME}\s+(?:(?:is|es|esta|muy|just|only|solo|a|de|nivel|level)\s+)*"
    r"(?:basico|basica|basic|a little|un poco|un poquito|mas o menos|so-so|so so|regular|"
    r"malo|poor|bad|limited|limitado|beginner|principiante)\b"
)
#: English said at a low level ("mi inglés es básico", "I speak a little English", "hablo
#: inglés más o menos"): not enough to take a course taught in it
_LOW_ENGLISH = re.compile(
    rf"\b(?:a little|a bit of|a bit|some|basic|un poco de|un poquito de|poquito|algo de|"
    rf"basico de|poco)\s+{_ENGLISH}\b"
    # "leo inglés, más o menos": a comma between them too (probe 38, J-M12)
    rf"|\b{_ENGLISH}(?:\s*,\s*|\s+)(?:(?:is|es|esta|muy|bien|just|only|solo|a|de|nivel|level)\s+)*"
    r"(?:basico|basica|basic|a little|un poco|un poquito|mas o menos|so-so|so so|regular|"
    r"malo|poor|bad|limited|limitado|beginner|principiante)\b"
)
#: English at a level the catalog has no skill for (it has A2, B1 and B2): "my English is C1",
#: "mi inglés es intermedio", "I'm fluent in English" is no level of the catalog
_ENGLISH_OTHER = (
    r"a1|c1|c2|basico|basica|basic|intermedio|intermedia|intermediate|upper[- ]intermediate|"
    r"avanzado|avanzada|advanced|fluido|fluida|fluent|nativo|nativa|native|beginner|principiante"
)
_ENGLISH_LEVEL = re.compile(
    rf"\b{_ENGLISH}(?:\s+(?:is|es|esta|level|nivel|de|en|at|a|an|un|el)\b)*\s+"
    rf"(?P<after>{_ENGLISH_OTHER})\b"
    r"|\b(?P<before>a1|c1|c2|fluent in|fluid[oa] en)\s+"
    rf"(?:(?:level|nivel|de|in|en)\s+)*{_ENGLISH}\b"
)


def _english_level(plain: str) -> tuple[int, int] | None:
    """Where a message says an English level the catalog does not have ("my English is C1",
    "mi inglés es intermedio"; not a course's topic nor what the learner wants to learn)."""
    for m in _ENGLISH_LEVEL.finditer(plain):
        before = plain[max(0, m.start() - 24) : m.start()]
        wish = re.search(r"\b(?:want|quiero|like|aprender|learn|need|necesito)\b[^.,;]*$", before)
        if wish is None and not _TOPIC_BEFORE.search(before):
            # the level word said after "English"; the whole phrase when it comes first
            return (m.start("after"), m.end("after")) if m.group("after") else m.span()
    return None


#: The names of the two languages the catalog teaches in, as :func:`_plain` writes them, with
#: the words that say a person speaks one natively ("anglohablante", "hispanohablante")
_TAUGHT_IN: dict[str, tuple[str, str]] = {
    "en": (_ENGLISH, r"anglo(?:hablante|parlante)s?|(?:de\s+)?habla\s+inglesa"),
    "es": (
        r"(?:spanish|espanol|castellano)",
        r"hispano(?:hablante|parlante)s?|castellano(?:hablante|parlante)s?|"
        r"(?:de\s+)?habla\s+(?:hispana|espanola)",
    ),
}
#: "first language", "mother tongue", "lengua materna", "idioma nativo", "primer idioma"
_FIRST_LANGUAGE = (
    r"(?:first|native|mother|home)\s+(?:language|tongue)|mother\s+tongue|"
    r"(?:lengua|idioma)\s+(?:materna|materno|nativa|nativo|natal)|primer\s+idioma|"
    r"primera\s+lengua"
)
#: A level above the catalog's highest of a language ("my English is C2", "C1 English")
_ABOVE_LEVEL = r"c1|c2|native|nativ[oa]"


@functools.cache
def _native_pattern(lang: str) -> re.Pattern[str]:
    """What says a learner speaks ``lang`` natively or above the catalog's highest level: "I'm a
    native English speaker", "English is my first language", "my mother tongue is English",
    "my English is C2", "soy nativo de inglés", "mi lengua materna es el inglés", "el inglés
    es mi primer idioma", "soy anglohablante" (a "not", a wish or a course's topic before it
    is checked by :func:`_native`)."""
    name, speaker = _TAUGHT_IN[lang]
    return re.compile(
        rf"\bnative\s+(?:{name})(?:\s+speaker)?\b"
        rf"|\bnative\s+speaker\s+(?:of|in)\s+{name}\b"
        rf"|\b{name}\s+native(?:\s+speaker)?\b"
        rf"|\b{name}\s+(?:is|es)\s+(?:my|mi)\s+(?:{_FIRST_LANGUAGE})\b"
        rf"|\b(?:my|mi)\s+(?:{_FIRST_LANGUAGE})\s+(?:is|es)\s+(?:el\s+|la\s+)?{name}\b"
        rf"|\bnativ[oa]s?\s+(?:de|en|del)\s+(?:(?:idioma|lengua)\s+)?(?:el\s+)?{name}\b"
        rf"|\b{name}\s+(?:como\s+)?(?:lengua\s+materna|nativ[oa])\b"
        rf"|\b(?:soy|i'?m|i am)\s+(?:un\s+|una\s+)?(?:{speaker})\b"
        rf"|\b(?:my|mi)\s+(?:nivel\s+de\s+)?(?:el\s+)?{name}(?:\s+level)?\s+(?:is|es|esta)\s+"
        rf"(?:(?:de|a|an|un|el|level|nivel)\s+)*(?:{_ABOVE_LEVEL})\b"
        rf"|\b{name}(?:\s+(?:level|nivel|de))*\s+(?:c1|c2)\b"
        rf"|\b(?:c1|c2)\s+(?:(?:level|nivel|de|in|en)\s+)*{name}\b"
    )


def _native(plain: str, lang: str) -> tuple[int, int] | None:
    """Where a message says the learner speaks ``lang`` natively or above the catalog's highest
    level (:func:`_native_pattern`), as a claim: not denied ("I'm not a native English
    speaker", "no soy nativo"), not wished nor a course's topic ("I want to reach C1 English",
    "courses for native English speakers")."""
    for m in _native_pattern(lang).finditer(plain):
        before = plain[max(0, m.start() - 30) : m.start()]
        if re.search(r"\b(?:not|no|isn'?t|aren'?t|nor|ni)\s+(?:\w+\s+){0,3}$", before):
            continue
        if re.search(
            r"\b(?:want|quiero|like|aprender|learn|need|necesito|reach|llegar|"
            r"alcanzar|for|para)\b[^.,;]*$",
            before,
        ) or _TOPIC_BEFORE.search(before):
            continue
        return m.span()
    return None


def _language_skills(catalog: Catalog, lang: str) -> list[str]:
    """The catalog's skills of a language it teaches in ("en": English A2 … B2, Call center
    English, Business English), its CEFR levels first, lowest to highest; none for a language
    the catalog teaches no course of."""
    word = {"en": "english", "es": "spanish"}[lang]
    skills = [s for s in catalog.skills if word in s.split("_")]
    levels = sorted(
        (s for s in skills if re.fullmatch(rf"{word}_(?:{'|'.join(_CEFR)})", s)),
        key=lambda s: _CEFR.index(s.rsplit("_", 1)[1]),
    )
    return levels + sorted(s for s in skills if s not in levels)


def _top_level(catalog: Catalog, lang: str) -> str | None:
    """The catalog's highest CEFR level skill of ``lang`` ("english_b2"), if it has any."""
    levels = [s for s in _language_skills(catalog, lang) if s.rsplit("_", 1)[-1] in _CEFR]
    return levels[-1] if levels else None


#: Words that say what the learner knows (a skill named in passing is not a follow-up)
#: What says the learner speaks, reads or knows a language ("hablo", "I speak", "sé", "mis
#: idiomas"): language names said after it, up to the sentence's end, are languages they know
_SPEAKS_CUE = re.compile(
    r"(?:^|\byo\s+|\by\s+|,\s*)se\b[^.;!?]*"  # "sé aimara" ("se dicta en …" is no claim)
    r"|\b(?:hablo|hablamos|speak|speaks|domino|entiendo|understand|leo|read|conozco|know|"
    r"manejo|idiomas?|languages?|lenguas?|nativ[oa]|native)\b[^.;!?]*"
)
#: Language names that are also common words ("cree": believes, "venda", "polish")
_NOT_LANGUAGE_NAMES = frozenset({"cree", "venda", "corso", "sardo", "sango", "polish", "afar"})


@functools.cache
def _language_names() -> re.Pattern[str]:
    """The names of the world's languages (Babel's names of the ISO 639-1 languages, in English
    and Spanish, as :func:`_plain` writes them; built once)."""
    names = {
        _plain(name)
        for lang in ("en", "es")
        for code, name in Locale(lang).languages.items()
        if len(code) == 2 and code not in {"en", "es"}
    }
    names = {n for n in names if len(n) >= 4 and n not in _NOT_LANGUAGE_NAMES}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def _unknown_languages(catalog: Catalog, plain: str, text: str) -> list[str]:
    """Languages the message says the learner speaks that the catalog has no skill for
    ("hablo quechua y un poquito de aimara": Aimara), as said: not stored, the reply says so."""
    found: list[str] = []
    if _QUESTION.search(plain):
        return found  # "do you know if it is in French?": no claim
    for cue in _SPEAKS_CUE.finditer(plain):
        for m in _language_names().finditer(plain, cue.start(), cue.end()):
            name = m.group(0)
            known = resolve_skill(catalog, name) is not None or any(
                re.fullmatch(pattern, name) for pattern, _skill in _SKILL_WORDS
            )
            if not known and name not in found:
                found.append(name)
    return [text[plain.index(name) :][: len(name)] for name in found]


_KNOWS = re.compile(
    r"\b(?:know|knows|can|experience|skills?|level|se|manejo|domino|conozco|experiencia|"
    r"puedo|nivel|also|tambien|learned|aprendi)\b"
)


#: A clause that says what the learner knows, joined after the words that want a job or a
#: skill ("quiero ser analista de datos y sé Excel más o menos", "I want to be a data analyst
#: and I know Excel"): the skills named after it are known, not wanted ("pero no sé Excel" says
#: nothing known, nor "y se necesita Excel" nor "and know Excel", a wish too). Searched in the
#: words from the wish up to the skill's name ("sé" right before it)
_KNOWS_AFTER = re.compile(
    r"\b(?:y|e|pero|ademas|tambien)\s+(?:(?:yo|ya|tambien|si)\s+)*"
    r"(?:se(?=\s+(?:(?:un poco de|algo de|bien|bastante|usar|manejar)\s+)?(?:el\s+|la\s+)?$)|"
    r"manejo|domino|conozco|tengo experiencia)\b"
    r"|\b(?:and|but|also)\s+i\s+(?:(?:already|also|do)\s+)*(?:know|have experience)\b"
)

#: Knowing denied right before a skill's name ("no sé Excel", "no manejo nada de Excel", "I
#: don't know Excel"): no claim that the learner has it
_NOT_KNOWN = re.compile(
    r"\b(?:no|not|don't|dont|never|nunca)\s+(?:(?:yo|really|realmente|mucho|bien)\s+)?"
    r"(?:se|know|manejo|domino|conozco|uso|use|hablo|speak)\s+"
    r"(?:(?:nada de|anything about|el|la)\s+)?$"
)

#: Said right before a skill the learner does not have ("nada de SQL", "cero SQL", "ni idea de
#: SQL", "sin saber SQL", "zero SQL", "no knowledge of SQL")
_NONE_BEFORE = re.compile(
    r"\b(?:nada de|cero|ni idea de|sin (?:saber|manejar|conocimientos? de|experiencia en)|"
    r"zero|no knowledge of|no experience (?:with|in)|nothing of)\s+$"
)
#: Said right after it ("SQL nada", "SQL cero", "SQL, para nada"; not "nada mal")
_NONE_AFTER = re.compile(r"^\s*,?\s*(?:nada(?!\s+mal)|cero|para nada|ni idea)\b")
#: "no SQL at all": "no" before the skill, "at all" after it
_AT_ALL = re.compile(r"^\s*(?:at all|whatsoever|para nada|nada)\b")
#: An answer to "how well do you know X?" that says not at all ("nada", "ninguno", "none",
#: "cero", "no lo sé usar", "I don't know it"): level 0
_LEVEL_NONE = re.compile(
    r"^\W*(?:(?:no|nope),?\s+)?(?:nada|nadita|ninguno|ninguna|ningun nivel|none|cero|zero|"
    r"nothing|not at all|para nada|no lo (?:se|manejo|conozco|uso|domino)(?: usar| nada)?|"
    r"no la (?:manejo|conozco|uso)|i don'?t know it|i do not know it|i don'?t use it|"
    r"i have never used it|never used it|nunca lo (?:he )?usado)\b(?:\W+\w+){0,3}\W*$"
)


@dataclass
class Heard:
    """What a message says about the profile: ``facts`` (the fields found, as
    :func:`read_message` returns them), the skills whose level it states (``stated``; the
    others read as 2, "can work with it", which the chat asks before storing a new one:
    :func:`update_from_message`) and the skills it names at different levels
    (``unsure``: skill → the levels, left out of ``facts``). What it leaves open is asked, never
    guessed: ``roles`` (several jobs it may want: which?), ``named_role`` (a job named without
    saying it is wanted: is it?), ``regions`` (several regions, none said as home), and
    ``english`` (English read, its level not said). ``what_if``: the facts describe another
    situation ("y si me mudo a Trujillo?"), for that answer only."""

    facts: dict[str, Any]
    stated: set[str]
    unsure: dict[str, list[int]]
    roles: list[str] = field(default_factory=list)
    named_role: str | None = None
    regions: list[str] = field(default_factory=list)
    english: bool = False
    what_if: bool = False
    knows: bool = False
    #: hours said per day ("2 horas al día"): no weekly figure until the days are said (asked)
    hours_per_day: float | None = None
    #: days a week said without hours ("solo los fines de semana"): no weekly figure until the
    #: hours are said (:func:`days_said`)
    days_per_week: int | None = None
    #: the skills of ``unsure`` whose level was said vaguely ("SQL pretty well") or at one end
    #: of a list ("Excel y contabilidad a nivel básico"), not at two levels: "how well?"
    vague: set[str] = field(default_factory=set)
    #: skills the message says the learner does not have ("nada de SQL", "no sé SQL", "I don't
    #: know SQL"): level 0, none; taken out of the profile (:func:`update_from_message`)
    lacks: set[str] = field(default_factory=set)
    #: an English level the catalog does not have ("C1", "intermedio"), as said: not stored
    english_level: str | None = None
    #: a budget said with an amount that cannot be told ("1.50.0"), as said: not stored, asked
    unclear_amount: str | None = None
    #: why that amount is asked (:class:`BudgetSaid`) and the amounts it may be
    amount_kind: str = ""
    amount_options: list[float] = field(default_factory=list)
    #: hours said two ways ("5 o 6 horas a la semana"), as said: not stored, asked
    unclear_hours: str | None = None
    hours_options: list[float] = field(default_factory=list)
    hours_unit: str = "week"
    #: hours a week said (or reached: hours a day × days, a month's hours) outside
    #: :data:`HOURS_PER_WEEK` ("0,5 horas a la semana", "20 horas al día todos los días"): not
    #: stored, said back and asked (``unclear_hours`` holds the words)
    hours_refused: float | None = None
    #: English said at a low level ("I speak a little English"): not a language read
    english_low: bool = False
    #: places of Peru the demand table has no data for ("me mudé a Ica"): not stored, the
    #: reply names the regions there are
    unknown_places: list[str] = field(default_factory=list)
    #: languages the message says the learner speaks that the catalog has no skill for
    #: ("un poquito de aimara"), as said: not stored, the reply says so
    unknown_languages: list[str] = field(default_factory=list)
    #: languages the message says the learner reads (added) or does not (dropped)
    languages_added: set[str] = field(default_factory=set)
    languages_dropped: set[str] = field(default_factory=set)
    #: the message as said (set by :func:`update_from_message`, for the reply's notes)
    said: str = ""
    #: languages the stored profile read and the message took out (:func:`update_from_message`)
    languages_removed: set[str] = field(default_factory=set)
    #: the languages a message would have left empty ("no leo español" from a learner who
    #: reads only Spanish), kept as they were (none is invented; the reply says so)
    no_language_left: list[str] = field(default_factory=list)
    #: Spanish said at a low level ("a little Spanish"): not a language read, the reply says so
    spanish_low: bool = False
    #: languages the learner speaks natively or above the catalog's highest level ("I'm a
    #: native English speaker", "my English is C2"): language → (the words said, the catalog's
    #: highest level of it, stored at 3, or None when the catalog teaches none of it)
    native: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def follows_up(self) -> bool:
        """Whether the message says something of the profile beyond a skill named in passing
        (what a message after a pathway must say to be read as about it)."""
        if self.someone_else:
            return True
        facts = set(self.facts) - {"skills"}
        skills = bool(self.facts.get("skills") or self.unsure) and self.knows
        said = facts or skills or self.roles or self.named_role or self.regions
        said = said or self.unknown_places or self.unknown_languages
        return bool(said or self.hours_per_day or self.unclear_amount or self.unclear_hours)

    wants_a_job: bool = False
    #: the goal is said as one more ("también quiero ser X", "I would also like to be X"): a
    #: goal already stored is not replaced without asking
    also_goal: bool = False
    #: the message states facts of someone else ("mi esposo vive en Cusco", "my brother can
    #: study 30 hours"): nothing of it is read into ``facts`` (the profile is the learner's
    #: own); ``other_roles``: the jobs it says that person wants (their courses may be shown)
    someone_else: bool = False
    other_roles: list[str] = field(default_factory=list)


def _level_at(before: str, after: str) -> tuple[int | None, str | None, list[int] | None]:
    """The level said right after a skill's name (``after``: the text that follows it) or right
    before it (``before``): (the level, "after" or "before", None), or (None, the side, the
    levels a vague word may mean: "pretty well"), or (None, None, None) when none is said."""
    if (m := _LEVEL_AFTER.match(after)) is not None:
        word = m.group("en") or m.group("es") or m.group("bare")
        return (int(m.group("n")) if m.group("n") else _LEVEL_WORDS[word]), "after", None
    if _LITTLE_AFTER.match(after):
        return 1, "after", None
    for pattern, maybe in _VAGUE_AFTER:
        if pattern.match(after):
            return None, "after", list(maybe)
    if re.search(_LITTLE + r"$", before):
        return 1, "before", None
    if re.search(_GOOD + r"$", before):
        return 3, "before", None
    if (m := _LEVEL_BEFORE.search(before)) is not None:
        word = m.group("en") or m.group("es") or m.group("bare")
        return _LEVEL_WORDS.get(word, 2 if word.startswith("intermedi") else 1), "before", None
    for pattern, maybe in _VAGUE_BEFORE:
        if pattern.search(before):
            return None, "before", list(maybe)
    return None, None, None


@dataclass
class _Mention:
    """A skill named in a message: where, and the level said beside it (``side``: before or
    after the name; ``maybe``: the levels a vague word may mean)."""

    start: int
    end: int
    skill: str
    level: int | None
    side: str | None
    maybe: list[int] | None

    def leveled(self) -> bool:
        return self.level is not None or self.maybe is not None


def _shared(mentions: list[_Mention], plain: str, i: int) -> bool:
    """Whether the level said after the last skill of a list may be meant for the skill
    ``mentions[i]``, named without one earlier in that list ("Excel y contabilidad a nivel
    básico": Excel). A level said before a skill is that skill's ("some Excel and customer
    service": Excel's)."""
    j = i
    while j + 1 < len(mentions) and _JOINED.match(plain[mentions[j].end : mentions[j + 1].start]):
        j += 1
        if mentions[j].leveled():
            return mentions[j].side == "after"
    return False


def _read_skills(catalog: Catalog, low: str) -> Heard:
    """Every mention of a skill the learner has (not one they want to learn) and its level.

    A level is the one said right beside the skill's name, in words ("Excel at an expert
    level", "contabilidad a nivel básico", "a little Python", "SQL intermedio"); a word that
    fits two levels ("I know SQL pretty well") and a level said after the last skill of a list
    that may be meant for the others of the list too ("Excel y contabilidad a nivel básico":
    Excel) leave that skill's level to ask (``unsure``, and ``vague``).

    A job's name is no skill claim: "agente de atención al cliente" or "sales rep" names a role,
    whatever skill words it holds (the learner says what they know in other words)."""
    taken = low
    for start, end, _roles, job in _mentions(catalog, low):
        if job:
            taken = taken[:start] + " " * (end - start) + taken[end:]
    plain = taken  # jobs blanked; the skills' names kept, to read what is said beside them
    mentions: list[_Mention] = []
    lacks: set[str] = set()
    words, any_word = _skill_words(tuple(catalog.skills))
    if any_word.search(taken) is None:
        words = ()  # no skill named (most messages): one search says so
    for pattern, skill in words:
        matches = list(re.finditer(pattern, taken))
        for match in matches:
            goal_side = re.search(
                r"\b(?:want|quiero|like|become|ser|aprender|learn)\b[^.,;]*$",
                taken[: match.start()],
            )
            if goal_side is not None and not _KNOWS_AFTER.search(goal_side.group(0)):
                continue  # "quiero aprender Excel": wanted, not known ("… y sé Excel": known)
            before = taken[max(0, match.start() - 24) : match.start()]
            if _TOPIC_BEFORE.search(before) or _TOPIC_AFTER.match(taken[match.end() :]):
                continue  # "el curso de cocina", "an Excel course": a course's topic
            if (
                _NOT_KNOWN.search(before)
                or _NONE_BEFORE.search(before)
                or _NONE_AFTER.match(taken[match.end() :])
                or (re.search(r"\bno\s+$", before) and _AT_ALL.match(taken[match.end() :]))
            ):
                # "no sé Excel", "nada de SQL", "cero SQL", "I don't know SQL", "no SQL at
                # all": level 0, none (never level 2)
                lacks.add(skill)
                continue
            near = plain[max(0, match.start() - 40) : match.start()]
            if skill.startswith("english_"):  # its level is in its name ("English B1")
                little, good = re.search(_LITTLE + r"$", near), re.search(_GOOD + r"$", near)
                level, side, maybe = (1 if little else 3 if good else None), None, None
            else:
                level, side, maybe = _level_at(near, plain[match.end() :])
            if level is None and maybe is None and skill in _SPOKEN and _SPEAKS.search(near):
                level, side = 2, "before"  # "hablo quechua": level 2 (docs); "un poco": 1
            mentions.append(_Mention(match.start(), match.end(), skill, level, side, maybe))
        for match in matches:  # a longer name ("advanced excel") hides the shorter ones
            taken = (
                taken[: match.start()] + " " * (match.end() - match.start()) + taken[match.end() :]
            )
    mentions.sort(key=lambda m: m.start)
    levels: dict[str, set[int]] = {}  # skill → the levels said (empty: named without one)
    vague: dict[str, list[int]] = {}  # skill → the levels a vague or shared level may mean
    for i, mention in enumerate(mentions):
        if mention.level is not None:
            levels.setdefault(mention.skill, set()).add(mention.level)
        elif mention.maybe is not None:
            vague[mention.skill] = mention.maybe
        elif _shared(mentions, plain, i):
            vague[mention.skill] = [1, 2, 3]
        else:
            levels.setdefault(mention.skill, set())  # named without a level
    vague = {s: lv for s, lv in vague.items() if not levels.get(s)}  # a clear level wins
    if len(vague) == 1 and len({m.skill for m in mentions}) == 1:
        # "I know SQL pretty well, can work with it": the words of one of the levels the vague
        # one may mean, said beside it, are that level
        ((skill, maybe),) = vague.items()
        option = option_level(plain, maybe)
        if option is not None:
            vague.clear()
            levels[skill] = {option}
    for skill in vague:
        levels.pop(skill, None)
    skills = {s: (next(iter(said)) if said else 2) for s, said in levels.items() if len(said) <= 1}
    unsure = {s: sorted(said) for s, said in levels.items() if len(said) > 1}
    stated = {s for s, said in levels.items() if len(said) == 1}
    heard = Heard({"skills": skills} if skills else {}, stated, {**unsure, **vague})
    heard.vague = set(vague)
    heard.lacks = lacks - set(levels) - set(vague)
    return heard


@functools.lru_cache(maxsize=8)
def _skill_words(skills: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], re.Pattern[str]]:
    """The (pattern, skill) pairs of :data:`_SKILL_WORDS` for a catalog's skills, and one
    pattern of them all."""
    words = tuple((pattern, skill) for pattern, skill in _SKILL_WORDS if skill in skills)
    return words, _any_of(tuple(pattern for pattern, _skill in words))


@functools.lru_cache(maxsize=16)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does (none: nothing): a message that
    none of them matches is passed over with one search instead of one each. The patterns that
    start with a word boundary share it, so that a position inside a word is passed over
    at once (a third of the time of the plain alternation over the load generator's messages)."""
    bounded = [p[2:] for p in patterns if p.startswith(r"\b") and not _splits(p)]
    free = [p for p in patterns if not p.startswith(r"\b") or _splits(p)]
    parts = [rf"\b(?:{'|'.join(f'(?:{p})' for p in bounded)})"] if bounded else []
    return re.compile("|".join([*parts, *(f"(?:{p})" for p in free)]) or "(?!)")


def _splits(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside its groups and classes (``\\ba|b``: its ``\\b``
    is not the whole pattern's)."""
    depth, escaped, in_class = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _role_patterns(catalog: Catalog) -> tuple[tuple[re.Pattern[str], tuple[str, ...], bool], ...]:
    """(pattern, the roles it may mean, whether it names a job rather than a field): each role
    by its names in English and Spanish and by the words of :data:`_ROLE_WORDS`, then the fields."""
    return _patterns_of_roles(tuple(catalog.roles))


@functools.lru_cache(maxsize=8)
def _patterns_of_roles(
    roles: tuple[str, ...],
) -> tuple[tuple[re.Pattern[str], tuple[str, ...], bool], ...]:
    """:func:`_role_patterns` for a catalog's roles, compiled once (every chat turn reads a
    message for the jobs it names)."""
    out: list[tuple[str, tuple[str, ...], bool]] = []
    for role in roles:
        out += [(rf"\b{re.escape(name)}\b", (role,), True) for name in sorted(_role_names(role))]
    out += [(pattern, (role,), True) for pattern, role in _ROLE_WORDS if role in roles]
    for pattern, field_roles in _FIELD_WORDS:
        known = tuple(r for r in field_roles if r in roles)
        if known:
            out.append((pattern, known, False))
    return tuple((re.compile(pattern), named, job) for pattern, named, job in out)


@functools.lru_cache(maxsize=8)
def _any_role(roles: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern of every job and field of :func:`_patterns_of_roles` (made once, not per
    message)."""
    return _any_of(tuple(p.pattern for p, _roles, _job in _patterns_of_roles(roles)))


def _mentions(catalog: Catalog, plain: str) -> list[tuple[int, int, tuple[str, ...], bool]]:
    """Every job or field a message names (start, end, the roles it may mean, whether a job),
    in order; a longer name hides what it contains ("guía de turismo" is no "turismo")."""
    found: list[tuple[int, int, tuple[str, ...], bool]] = []
    roles = tuple(catalog.roles)
    if _any_role(roles).search(plain) is None:
        return []  # most messages name no job: one search says so
    patterns = _patterns_of_roles(roles)
    for pattern, roles, job in patterns:
        found += [(m.start(), m.end(), roles, job) for m in pattern.finditer(plain)]
    kept: list[tuple[int, int, tuple[str, ...], bool]] = []
    for mention in sorted(found, key=lambda m: (m[0] - m[1], m[0])):  # longest first
        if all(mention[1] <= k[0] or mention[0] >= k[1] for k in kept):
            kept.append(mention)
    return sorted(kept)


@functools.lru_cache(maxsize=8)
def _words_of_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    """Every word of the roles' names (English, Spanish, feminine), for spelling them, once."""
    return tuple(
        sorted({w for r in roles for n in _role_names(r) for w in n.split() if len(w) > 3})
    )


def _respelled(catalog: Catalog, plain: str) -> str:
    """A message with chat spelling undone where it says it wants a job ("kiero ser mecaniko
    automotris": "quiero ser mecanico automotriz"): "k" before "e"/"i" as "qu", and each longer
    word near one of a role's name (difflib, ratio 0.8) as that word; "" when the message says
    no such wish or nothing changes."""
    fixed = re.sub(r"\bk(?=[ei])", "qu", plain)
    if _JOB_WISH.search(fixed) is None:
        return ""
    vocabulary = _words_of_roles(tuple(catalog.roles))
    known = set(vocabulary)

    def near(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in known:
            return word
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8)
        return close[0] if close else word

    fixed = re.sub(r"[a-z]{5,}", near, fixed)
    return fixed if fixed != plain else ""


def _misspelled_job(catalog: Catalog, plain: str, role: str) -> bool:
    """Whether ``role``, wanted in a message by a field's word only ("data"), is named there as
    a job misspelled: the field's word with the word after it or the words before it is near
    one of the role's names (difflib, ratio 0.85: "data analist", "analist de datos")."""
    mentions = [(s, e, job) for s, e, roles, job in _mentions(catalog, plain) if role in roles]
    if any(job for _s, _e, job in mentions):
        return False  # "data analyst", "analista de datos": the job, well spelled
    spans = [(s, e) for s, e, _job in mentions]
    names = _role_names(role)
    for start, end in spans:
        before = plain[:start].split()
        after = plain[end:].split()
        field = plain[start:end]
        phrases = [" ".join([*before[-k:], field]) for k in (1, 2) if len(before) >= k]
        phrases += [f"{field} {after[0]}"] if after else []
        for phrase in phrases:
            phrase = re.sub(r"[^a-z ]", "", phrase).strip()
            if phrase in names:
                return False
            if difflib.get_close_matches(phrase, list(names), n=1, cutoff=0.85):
                return True
    return False


#: The most roles a wish that names none asks about ("quiero ser asistente" names five)
_ASKED_AT_MOST = 4
#: The end of the words that say which job is wished ("quiero ser analista, vivo en Cusco")
_WISH_END = re.compile(r"[.,;:!?\n]|\s(?:y|e|and|pero|but|porque|because|aunque)\s")
#: Words of a wished job that tell no job apart ("quiero trabajar como algo de …")
_NO_JOB_WORDS = frozenset({
    "como", "para", "algo", "with", "that", "trabajo", "work", "puesto", "empleo", "chamba",
    "job", "jobs", "some", "kind", "tipo", "bueno", "buen", "good", "junior", "senior",
})  # fmt: skip


def _roles_sharing_words(catalog: Catalog, plain: str) -> list[str]:
    """The roles with a name that holds a word of the job a message wishes and the table does
    not name ("quiero ser analista": data, financial and business intelligence analyst; "I
    want to be a xyz analyst" the same); none when it wishes no job."""
    wish = _JOB_WISH.search(plain)
    if wish is None or _mentions(catalog, plain) or _NOT_WANTED.search(plain[: wish.start()]):
        return []  # a job or field named is read as such ("I used to work as a cook": none)
    if re.match(r"(?:job|work|career|trabajo|empleo|chamba)\b", wish.group(0)):
        return []  # "work as", "trabajo de": no wish
    said = plain[wish.end() :]
    end = _WISH_END.search(said)
    said = said[: end.start()] if end is not None else said
    words = set(re.findall(r"[a-z]{4,}", said)[:4]) - _NO_JOB_WORDS
    return [
        role
        for role in catalog.roles
        if any(words & set(name.split()) for name in _role_names(role))
    ]


def _goal_roles(catalog: Catalog, plain: str) -> tuple[list[str], str | None]:
    """The roles a message says the learner wants (a job or a field named right after "I want
    to be", "quiero trabajar en", "my goal is", or a job after "para"/"for"), and, when it wants
    none, the one job it names without saying so (not as the learner's present or past)."""
    wanted: list[str] = []
    named: list[str] = []
    last_end = -1
    for start, end, roles, job in _mentions(catalog, plain):
        clause = max(plain.rfind(c, 0, start) for c in ".;!?¿¡\n") + 1
        prefix = plain[clause:start]
        joined = last_end >= clause and _OR_CUE.match(plain[last_end:start]) is not None
        cue = _GOAL_CUE.search(prefix)
        if cue is not None and _NOT_WANTED.search(prefix[: cue.start()]):
            continue  # "ya no quiero call center": no longer wanted, nor asked about
        # a field of several jobs after "for" is one too ("cursos para call center", "courses
        # for tourism": which of them is asked); a field of one may be a topic ("para datos")
        towards = (job or len(roles) > 1) and _FOR_CUE.search(prefix) is not None
        if cue is not None or towards or joined:
            wanted += roles
            last_end = end
        elif job and not _NOW_OR_BEFORE.search(prefix):
            named += roles
    wanted = list(dict.fromkeys(wanted))
    others = list(dict.fromkeys(named))
    return wanted, (others[0] if not wanted and len(others) == 1 else None)


def _region(catalog: Catalog, text: str, heard: Heard) -> None:
    """The region a message names: the one it names, or of several the one said as home ("soy
    de Huancayo pero vivo en Lima"); several without a home are left to ask (``regions``)."""
    named = _regions_in(catalog, text)
    regions = list(dict.fromkeys(r for _, r in named))
    unknown = places_unknown(catalog, text)
    if unknown:
        # "me mudé a Ica", "estoy en Puno", "soy iqueño": no data there, nothing stored (the
        # reply names the regions there are); beside a region of the table, the one said as
        # home counts ("soy de Puno pero vivo en Arequipa": Arequipa)
        words = f"_{slug(text)}_"
        homes = [(at, r) for at, r in [*named, *unknown] if _HOME.search(words[:at])]
        home_regions = list(dict.fromkeys(r for _at, r in homes))
        if not regions or (len(home_regions) == 1 and home_regions[0] not in regions):
            heard.unknown_places = list(dict.fromkeys(r for _at, r in unknown))
            return
    if len(regions) > 1:
        words = f"_{slug(text)}_"
        home = list(dict.fromkeys(r for at, r in named if _HOME.search(words[:at])))
        regions = home if len(home) == 1 else regions
    if len(regions) == 1:
        heard.facts["region"] = regions[0]
    elif regions:
        heard.regions = regions


@dataclass
class BudgetSaid:
    """What a message says of the budget: ``said`` with ``value`` (an amount, 0 free only, None
    no limit), or an amount it states that is not stored but asked (``unclear``: as written;
    ``kind``: why, "unclear" "1.50.0", "lucas" S/ 2 or S/ 2,000, "range" "400 o 500",
    "currency" "200 dólares", "monthly" "500 mensuales"; ``options``: the amounts it may be)."""

    said: bool = False
    value: float | None = None
    unclear: str | None = None
    kind: str = ""
    options: list[float] = field(default_factory=list)


def _clause(plain: str, start: int, end: int) -> str:
    """The part of the message an amount is said in (up to a comma, a full stop or "pero")."""
    marks = list(re.finditer(r"[,;!?]|\.(?!\d)|\b(?:pero|but|aunque|although|though)\b", plain))
    begin = max((m.end() for m in marks if m.end() <= start), default=0)
    stop = min((m.start() for m in marks if m.start() >= end), default=len(plain))
    return plain[begin:stop]


def _thousands(after: str) -> bool:
    """Whether "mil", "k" or "thousand" follows an amount ("40 mil soles", "S/ 3k")."""
    return re.match(r"\s*(?:mil|thousand|k)\b", after) is not None


#: The country of the learner's locale ("PE" for "es-PE", None when it names none): what
#: "lucas" and "500 mil" mean there (:func:`_budget`); set for a chat turn by
#: :func:`learner_locale`
_MONEY_COUNTRY: ContextVar[str | None] = ContextVar("slipway_money_country", default=None)
#: Slang units of money after an amount ("500 lucas", "2 luquitas", "3 palos"): soles in Peru
#: (a "palo" is a million, or a thousand soles, and is always asked)
_SLANG_UNIT = re.compile(r"\s*(?:mil\s+|k\s+)?(?P<unit>lucas?|luquitas?|palos?)\b")
#: Thousands with no currency after them ("500 mil", "50k", "3 thousand")
_BARE_THOUSANDS = re.compile(
    r"\s*(?:mil|thousand|k)\b(?!\s*(?:de\s+)?(?:soles|pen|nuevos soles|sol)\b)"
)


@contextmanager
def learner_locale(locale: str | None) -> Iterator[None]:
    """Read the amounts of the messages inside as a learner of ``locale`` says them ("es-CL":
    "500 lucas" is asked, "es-PE": 500 soles)."""
    parts = re.split(r"[-_]", locale or "")
    country = parts[-1].upper() if len(parts) > 1 and len(parts[-1]) == 2 else None
    token = _MONEY_COUNTRY.set(country)
    try:
        yield
    finally:
        _MONEY_COUNTRY.reset(token)


def _budget(plain: str) -> BudgetSaid:
    """Whether a message states a budget, and which: an amount, 0 (free only) or None (no
    limit), or one it states that is asked, never stored (:class:`BudgetSaid`): an amount that
    cannot be told ("1.50.0"), two amounts ("400 o 500 soles", "de 300 a 500"), another currency
    ("200 dólares", "$300"), an amount a month ("500 mensuales": a budget is for the whole path)
    and a few "lucas" (S/ 1 each in Peru, a thousand elsewhere). An amount said as pay ("quiero
    ganar 2000 soles al mes") is no budget."""
    if _NO_LIMIT.search(plain):
        return BudgetSaid(True, None)
    if _FREE.search(plain) and not _COURSE_CLAIM.search(plain):
        # "el primero es gratis (o no)": what a course is, not the learner's budget
        return BudgetSaid(True, 0.0)
    plain = _LUCA_WORDS.sub(lambda m: f"{_UNITS_ES.get(m.group('u'), 1)} ", _amount_in_words(plain))
    foreign = _FOREIGN.search(plain)
    if (
        foreign is not None
        and _SPEND.search(plain)
        and not _PAY.search(_clause(plain, *foreign.span()))
    ):
        figure = foreign.start("a") if foreign.group("a") else foreign.start("b")
        if _negative(plain[:figure]) or _negative(plain[: foreign.start()]):
            # "$-20", "-$20", "-20 dólares": below zero, whatever the currency (asked)
            spoken = foreign.group(0).strip()
            spoken = spoken if re.search(r"[-\u2212]", spoken) else f"-{spoken}"
            return BudgetSaid(unclear=spoken, kind="negative")
        return BudgetSaid(unclear=foreign.group(0).strip(), kind="currency")
    said = _BUDGET_SAID.search(plain)
    start, end = (said.start(1), said.end(1)) if said is not None else (0, 0)
    if said is None:
        found = [
            (m.start(g), m.end(g), False)
            for m in _BUDGET.finditer(plain)
            for g in "abc"
            if m.group(g)
        ]
        found += [
            (m.start("n"), m.end("n"), _SPEND_CUE.search(m.group(0)) is not None)
            for m in _CUE_AMOUNT.finditer(plain)
        ]
        for at, to, spent in sorted(found):
            # "gano 1200 soles al mes y puedo gastar 300": pay is no budget, what the learner
            # can spend (said right before the amount) is
            if spent or not _PAY.search(_clause(plain, at, to)):
                start, end = at, to
                break
    if end == 0:
        return BudgetSaid()
    raw = plain[start:end]
    value = read_amount(raw)
    if value is None:
        return BudgetSaid(unclear=raw.strip(), kind="unclear")
    after = plain[end:]
    # "40 mil soles", "budget is 2 thousand", "S/ 3k", "1,5 mil": thousands, never 40
    value *= 1000 if _thousands(after) else 1
    other = _OTHER_AFTER.match(after)
    before = _OTHER_BEFORE.search(plain[:start])
    joint_ok = {"y", "and"}
    if other is not None and (
        other.group("joint") not in joint_ok
        or re.search(r"\b(?:entre|between)\s+(?:s/\.?\s*)?$", plain[:start])
    ):
        second = read_amount(other.group("n"))
        if second is not None:
            second *= 1000 if other.group("k2").strip() else 1
            if other.group("k2").strip() and not other.group("k1") and value < 1000:
                value *= 1000  # "2 a 3 mil soles": two and three thousand
            spoken = plain[start : end + other.end()].strip()
            return BudgetSaid(unclear=spoken, kind="range", options=[value, second])
    if before is not None and (before.group("joint") not in joint_ok or before.group("between")):
        first = read_amount(before.group("n"))
        if first is not None:
            first *= (
                1000 if before.group("k").strip() or (_thousands(after) and first < 1000) else 1
            )
            spoken = plain[before.start("n") : end].strip()
            return BudgetSaid(unclear=spoken, kind="range", options=[first, value])
    country = _MONEY_COUNTRY.get()
    if (slang := _SLANG_UNIT.match(after)) is not None and (
        country != "PE" or slang.group("unit").startswith("palo")
    ):
        spoken = plain[start : end + slang.end()].strip()
        if country is None and value < 100 and not slang.group("unit").startswith("palo"):
            # a luca is a sol in Peru and a thousand elsewhere: "2 lucas" is S/ 2 or S/ 2,000
            return BudgetSaid(unclear=spoken, kind="lucas", options=[value, value * 1000])
        # "tengo 500 lucas" from Chile (thousands of pesos), "2 palos" (millions): which
        # currency and how much is asked, never stored as soles nor converted
        return BudgetSaid(unclear=spoken, kind="slang")
    if (
        country not in (None, "PE")
        and (bare := _BARE_THOUSANDS.match(after)) is not None
        and not re.search(r"(?:s/\.?|\bpen)\s*$", plain[:start])
    ):
        # "tengo 500 mil", "I have 50k" from Chile, India or Britain: thousands of what?
        return BudgetSaid(unclear=plain[start : end + bare.end()].strip(), kind="slang")
    if (monthly := _MONTHLY_AFTER.match(after)) is not None:
        if not _SPEND.search(plain):
            return BudgetSaid()  # "gano 1500 soles al mes" with no word of spending: no budget
        spoken = plain[start : end + monthly.end()].strip()
        return BudgetSaid(unclear=spoken, kind="monthly", options=[value])
    if _negative(plain[:start]):
        # "un presupuesto de -20 soles": below zero, said back and asked (never stored as 20)
        return BudgetSaid(unclear=f"-{raw.strip()}", kind="negative", options=[-value])
    clause = _clause(plain, start, end)
    if _PER_COURSE.search(clause) or _EACH.match(after):
        # "puedo pagar 50 soles por curso": a price per course, not the whole path's budget
        return BudgetSaid(unclear=clause.strip(), kind="per_course", options=[value])
    if (part := _PART.search(plain)) is not None:
        # "tengo 1500 soles pero solo puedo gastar la mitad": part of it for courses (asked)
        return BudgetSaid(unclear=part.group(0).strip(), kind="part", options=[value])
    amounts = _other_amounts(plain, start, value)
    if amounts:
        # "tengo 1000 soles ahorrados pero para cursos solo 200": which one? (asked, never the
        # first one silently)
        spoken = ", ".join(dict.fromkeys([raw.strip(), *(said for said, _ in amounts)]))
        options = list(dict.fromkeys([value, *(figure for _, figure in amounts)]))
        return BudgetSaid(unclear=spoken, kind="several", options=options)
    return BudgetSaid(True, value)


#: Study time said as a whole day, with no number ("todo el día", "a tiempo completo", "full
#: time", "all day"), after what says the learner can study ("puedo estudiar todo el día",
#: "tengo todo el día libre", "I can study all day"): the hours are asked
_ALL_DAY = re.compile(
    r"\b(?:puedo|podria|tengo|dispongo de|estoy libre|i can|i could|i have|i'?m free|"
    r"can study|could study)\b(?P<between>[^.;,!?]*?)\b(?P<said>todo el (?:santo )?dia|"
    r"todo el tiempo|(?:a )?tiempo completo|full[- ]?time|all day(?: long)?|all the time|"
    r"las 24 horas|24/7)\b"
)


def _all_day(plain: str) -> tuple[int, int] | None:
    """Where study time is said as a whole day ("todo el día"); None when the message says
    none, or says it of work ("puedo trabajar todo el día")."""
    said = _ALL_DAY.search(plain)
    if said is None or _WORK_WORDS.search(said.group("between")):
        return None
    return said.span("said")


#: What the learner could do or had before, said before what is now ("mi presupuesto era 500",
#: "antes podía 20 horas", "I used to have 500 soles"): only what is now is theirs
_WAS = re.compile(
    r"\b(?:antes(?!\s+(?:de|que)\b)|era|tenia|podia|estudiaba|solia|used to|had|was|were|"
    r"previously|before(?!\s+(?:i|we|the|my|starting|that|it)\b))\b"
)
#: What is now, after what was ("pero ahora", "ya no", "but now", "not anymore")
_NOW = re.compile(r"\b(?:ahora|now|ya no|actualmente|hoy en dia|these days|no longer|anymore)\b")
#: Nothing left ("ahora no tengo nada", "now I have nothing", "cero")
_NOTHING = re.compile(r"\b(?:nada|cero|ni un sol|nothing|zero|no money)\b")
#: A figure said with no unit ("pero ahora solo 4"): the one said before it is meant
_BARE = re.compile(
    rf"(?<![\w.,/$-])(?P<n>{_NUMBER})(?![\d.,]*\s*(?:h|hrs?|horas?|horitas?|hours?|soles|pen|"
    r"lucas?|mil|k|thousand|dias?|days?|anos|years?|semanas?|weeks?|meses|months?|%)\b)"
)
#: A budget spoken of ("mi presupuesto era 500", "antes tenía plata")
_BUDGET_WORD = re.compile(r"\b(?:presupuesto|budget|plata|dinero|money|soles)\b")


@dataclass
class _NowSaid:
    """What a message that says what was and then what is now says of the present: the words
    to read the hours from and the budget (None: read the whole message, as any other)."""

    hours: str | None = None
    budget: BudgetSaid | None = None


def _now_said(plain: str) -> _NowSaid:
    """The present of a message that says what was, then what is now ("antes podía 20 horas
    pero ahora solo 4": 4 hours; "mi presupuesto era 500 pero ya no, ahora no tengo nada": 0):
    a figure said before is never the learner's now, and a figure said now with no unit has the
    unit of the one before it. Any other message is read whole (:class:`_NowSaid` empty)."""
    marks = [m for m in _NOW.finditer(plain) if _WAS.search(plain[: m.start()])]
    if not marks:
        return _NowSaid()
    past, present = plain[: marks[-1].start()], plain[marks[-1].end() :]
    said = _NowSaid()
    before = _HOURS.search(past)
    budget_before = _BUDGET.search(past) or _BUDGET_WORD.search(past)
    if before is not None:
        said.hours = present
        if not _HOURS.search(present) and budget_before is None:
            # "antes podía 20 horas a la semana pero ahora solo 4": 4 hours a week
            pace = past[before.end(1) : before.end()]
            daily = _PER_DAY.match(past[before.end() :]) or _PER_MONTH.match(past[before.end() :])
            pace += daily.group(0) if daily is not None else ""
            said.hours = _BARE.sub(lambda m: f"{m.group('n')}{pace}", present, count=1)
    if budget_before is not None and (before is None or _HOURS.search(present)):
        plain_now = present if before is not None else _BARE.sub(r"\g<n> soles", present, count=1)
        said.budget = _budget(plain_now)
        if not (said.budget.said or said.budget.unclear) and _NOTHING.search(present):
            said.budget = BudgetSaid(True, 0.0)  # "… ahora no tengo nada": free courses only
        elif not (said.budget.said or said.budget.unclear):
            # "mi presupuesto era 500 pero ya no": the budget is no longer that (asked now)
            was = _BARE.search(past) or re.search(rf"(?P<n>{_NUMBER})", past)
            figure = read_amount(was.group("n")) if was is not None else None
            options = (
                [figure * (1000 if _thousands(past[was.end() :]) else 1)] if was and figure else []
            )
            said.budget = BudgetSaid(
                unclear=plain[: marks[-1].end()].strip(), kind="gone", options=options
            )
    elif budget_before is not None:
        said.budget = BudgetSaid()  # "antes tenía 500 soles y 20 horas, ahora solo 4": which?
    elif said.hours is not None:
        # "I had 10 hours a week, now I have 20": 20 hours, no budget of S/ 20
        said.budget = _budget(said.hours)
    return said


#: A price per course ("50 soles por curso", "S/ 80 each course", "cada curso hasta 100")
_PER_COURSE = re.compile(
    r"\b(?:por|per|cada|each|x)\s+(?:un\s+|one\s+)?(?:curso|course|clase|class|taller|"
    r"workshop|modulo|module)\b"
)
_EACH = re.compile(r"^\s*(?:soles|pen)?\s*(?:each|c/u|cada uno)\b")
#: Part of an amount ("la mitad", "half of it", "un tercio", "el 30%"): the budget is that part
_PART = re.compile(
    r"\b(?:la mitad|mitad|half|un tercio|a third|un cuarto|a quarter|una parte|part of it|"
    r"some of it|parte de eso|parte de ello)\b|\b\d{1,3}\s*(?:%|por ?ciento|percent)"
)
#: A figure of something other than money ("5 horas", "25 años", "3 días", "B1")
_NOT_MONEY_AFTER = re.compile(
    r"^[\d,.]*\s*(?:h|hrs?|horas?|horitas?|hours?|dias?|days?|anos|years?|semanas?|weeks?|"
    r"meses|months?|minutos?|minutes?|mins?|%|por ?ciento|percent|veces|times|cursos?|courses?|"
    r"hijos?|hijas?|kids?|children|pm|am|de la|del)\b"
)


#: What a figure after it is the level of ("Excel nivel 1", "SQL level 2"), never money
_LEVEL_FIGURE = re.compile(r"\b(?:nivel|level|lvl|niv)\.?\s*:?\s*(?:de\s+)?$")


def _other_amounts(plain: str, start: int, value: float) -> list[tuple[str, float]]:
    """The figures a budget statement says besides the amount at ``start`` (``value``) that may
    be money too ("tengo 1000 soles ahorrados pero para cursos solo 200"): (as said, the
    amount), none of hours, days, years or a level ("B1")."""
    found: list[tuple[str, float]] = []
    for m in re.finditer(rf"(?<![\w.,/-])({_NUMBER})", plain):
        if m.start() <= start < m.end() or m.start() == start:
            continue
        after = plain[m.end() :]
        if _NOT_MONEY_AFTER.match(after) or _negative(plain[: m.start()]):
            continue
        if _LEVEL_FIGURE.search(plain[: m.start()]):
            continue  # "S/ 400, 5 h, Excel nivel 1": a level, not S/ 1 (probe 47)
        if _PAY.search(_clause(plain, m.start(), m.end())):
            continue  # "quiero ganar 3000 al mes": pay, not money to spend
        figure = read_amount(m.group(1))
        if figure is None:
            continue
        figure *= 1000 if _thousands(after) else 1
        if figure != value and figure not in {f for _, f in found}:
            found.append((m.group(1), figure))
    return found


#: People a learner may speak of (a relative, a friend, a counsellor's client), in Spanish and
#: English: what they can do, have or want is theirs, never the learner's
_PEOPLE_ES = (
    r"esposo|esposa|marido|mujer|hermano|hermana|hermanos|hermanas|hijo|hija|hijos|hijas|mama|"
    r"mami|madre|papa|papi|padre|padres|tio|tia|primo|prima|sobrino|sobrina|abuelo|abuela|nieto|"
    r"nieta|novio|novia|pareja|enamorado|enamorada|conviviente|amigo|amiga|amigos|amigas|"
    r"companero|companera|vecino|vecina|cunado|cunada|suegro|suegra|alumno|alumna|alumnos|"
    r"alumnas|estudiante|estudiantes|cliente|clienta|clientes|usuario|usuaria|usuarios|usuarias|"
    r"beneficiario|beneficiaria|participante|joven|jovenes|chico|chica|muchacho|muchacha|senor|"
    r"senora|senorita|persona|jefe|jefa"
)
_PEOPLE_EN = (
    r"husband|wife|brother|sister|brothers|sisters|son|daughter|sons|daughters|kids?|child|"
    r"children|mother|mom|mum|father|dad|parents|uncle|aunt|cousin|nephew|niece|grandmother|"
    r"grandfather|grandson|granddaughter|boyfriend|girlfriend|partner|fiance|fiancee|friend|"
    r"friends|colleague|coworker|co-worker|neighbou?r|client|clients|student|students|mentee|"
    r"user|users|boss|young (?:woman|man|person)|person"
)
#: What another person does, in the third person ("vive", "tiene", "puede", "lives", "can")
_THIRD_VERB_ES = (
    r"vive|viven|reside|radica|esta|estan|tiene|tienen|cuenta|dispone|puede|pueden|podria|"
    r"estudia|estudian|sabe|saben|habla|hablan|maneja|domina|conoce|lee|leen|entiende|quiere|"
    r"quieren|quisiera|desea|busca|le gustaria|les gustaria|es|son|trabaja|se mudo|va a"
)
_THIRD_VERB_EN = (
    r"lives|live|has|have|had|can|could|studies|study|knows|know|speaks|speak|reads|read|"
    r"wants|want|would|is|are|'s|needs|need|plans|hopes|moved|works|understands"
)
_FILLER = (
    r"(?:solo|solamente|tambien|ya|ahora|nomas|todavia|aun|si|only|also|just|now|already|really)"
)
#: A statement whose subject is someone else ("mi esposo vive en Cusco", "mi hermana tiene 3000
#: soles", "ella puede 8 horas", "la joven que acompaño sabe excel", "my brother can study 30
#: hours", "Carmen, mi otra alumna, vive en Junín") or that says another person's fact ("su
#: presupuesto es 250 soles", "her budget is 300"): nothing of it is the learner's profile
_SOMEONE_ELSE = re.compile(
    rf"\b(?:mi|mis|tu|tus|su|sus|la|las|el|los|una|un|esta|este|esa|ese|nuestr[oa]s?)\s+"
    rf"(?:(?:otr[oa]s?|mejor|querid[oa]|menor|mayor|propi[oa]|nuev[oa])\s+)?(?:{_PEOPLE_ES})\b"
    rf"(?:\s*,[^,.;]{{1,40}},|\s+que\s+\w+(?:\s+\w+)?|\s+[a-z]+(?=\s*,)\s*,|\s+(?!y\b)\w+)?"
    rf"\s*(?:{_FILLER}\s+){{0,2}}(?:no\s+)?(?:{_THIRD_VERB_ES})\b"
    rf"|\b(?:ella|ellas|ellos|el)\s+(?:{_FILLER}\s+){{0,2}}(?:no\s+)?"
    rf"(?:{_THIRD_VERB_ES.replace('|es|', '|').replace('esta|', '')})\b"
    rf"|\b(?:ella|ellas)\s+(?:es|esta)\b"
    rf"|\b(?:su|sus)\s+(?:presupuesto|ingles|nivel|meta|objetivo|sueldo|region|horas|tiempo|"
    rf"idioma|idiomas|lengua|experiencia|plata|dinero)\b"
    rf"|\b(?:otro caso|otra usuaria|otro usuario|una usuaria|un usuario|mis usuari[oa]s|"
    rf"consejer[oa] de|soy (?:su|la) (?:consejer[oa]|tutor[a]?|mentor[a]?|profesor[a]?))\b"
    rf"|\b(?:my|his|her|their|our|the|a|an|this|one of my)\s+(?:(?:younger|older|little|"
    rf"big|best|other|new)\s+)?(?:{_PEOPLE_EN})\b(?:\s*,[^,.;]{{1,40}},|\s+(?:who|that|i)\s+"
    rf"\w+(?:\s+\w+)?)?\s*(?:{_FILLER}\s+){{0,2}}(?:not\s+)?(?:{_THIRD_VERB_EN})\b"
    rf"|\b(?:she|he|they)\s*(?:{_FILLER}\s+){{0,2}}(?:{_THIRD_VERB_EN}|does|doesn't)\b"
    rf"|\b(?:his|her|their)\s+(?:budget|english|level|goal|hours|region|time|money|savings)\b"
    rf"|\b(?:another case|a client of mine|my clients?|i'?m (?:a|an) (?:career |employment )?"
    rf"(?:counsell?or|adviser|advisor|coach|mentor))\b"
)


#: A goal said as one more ("también quiero ser", "I would also like to be", "además")
_ALSO = re.compile(r"\b(?:tambien|ademas|also|as well|too)\b")


def someone_else(text: str) -> bool:
    """Whether a message states facts of someone other than the learner (:data:`_SOMEONE_ELSE`):
    a relative, a friend, a counsellor's client. The profile holds only the learner's own."""
    # "él" (he) is "el" once accents are off: "el" right before a verb ("el tiene 500 soles")
    return _SOMEONE_ELSE.search(_plain(text)) is not None


def _without_roles(catalog: Catalog, plain: str, roles: list[str]) -> str:
    """``plain`` with the names of ``roles`` (their jobs' and fields' words) blanked out."""
    for start, end, means, _job in _mentions(catalog, plain):
        if set(means) & set(roles):
            plain = plain[:start] + " " * (end - start) + plain[end:]
    return plain


def _weekly(heard: Heard, hours: float, said: str) -> None:
    """Hours a week read from a message: kept in ``heard.facts`` when a profile allows them
    (:data:`HOURS_PER_WEEK`), else refused (``hours_refused``, asked), never clamped."""
    if hours_allowed(hours):
        heard.facts["hours_per_week"] = hours
        return
    heard.unclear_hours = said
    heard.hours_refused = hours


def read(
    catalog: Catalog,
    text: str,
    answering: list[str] | None = None,
    course: Course | None = None,
) -> Heard:
    """Profile facts stated in a message (:class:`Heard`): skills with levels, goal role,
    region, hours, budget, languages. Only what is said is returned; nothing is guessed.

    ``answering``: the jobs a question offered ("which of these jobs?"); the words that name
    them in the answer ("el de atención al cliente") pick one and are no skill claim.
    ``course``: the course of the path the message speaks of ("ese curso de quechua no es para
    mí"): the skills it teaches, named there, are no claim either."""
    plain = _plain(text)
    if answering:
        plain = _without_roles(catalog, plain, answering)
    heard = _read_skills(catalog, plain)
    if course is not None and "skills" in heard.facts:
        kept = {s: v for s, v in heard.facts["skills"].items() if s not in course.skills_taught}
        heard.facts.pop("skills")
        heard.facts.update({"skills": kept} if kept else {})
        heard.stated -= set(course.skills_taught)
        heard.unsure = {s: v for s, v in heard.unsure.items() if s not in course.skills_taught}
    known = known_of_course(catalog, text, course) if course is not None else {}
    if known:
        # "ese curso de quechua no es para mí, yo hablo quechua desde niña", "el de quechua no
        # me sirve, lo hablo desde niña": a claim of what the course teaches is one
        heard.facts["skills"] = {**heard.facts.get("skills", {}), **known}
        heard.stated |= set(known)
    found = heard.facts
    wanted, heard.named_role = _goal_roles(catalog, plain)
    if len(wanted) == 1 and _misspelled_job(catalog, plain, wanted[0]):
        # "quiero ser data analist": a job misspelled, asked as "electrisista" is (and as the
        # API refuses it with the role it may be), not stored from the field word "data"
        heard.named_role, wanted = wanted[0], []
    respelled = ""
    if not wanted and heard.named_role is None:
        # "kiero ser mecaniko automotris": a job said with chat spelling is asked about ("Do you
        # want to work as auto mechanic?"), never stored as it is read
        respelled = _respelled(catalog, plain)
        if respelled:
            again, named = _goal_roles(catalog, respelled)
            heard.named_role = again[0] if len(again) == 1 else named
    if not wanted and heard.named_role is None:
        # "quiero ser analista", "I want to be a xyz analyst": no job of the table, but a word
        # of some: which of them is asked (the roles the API names for it), never a path that
        # passes over the wish
        sharing = _roles_sharing_words(catalog, plain)
        if len(sharing) == 1:
            heard.named_role = sharing[0]
        elif 1 < len(sharing) <= _ASKED_AT_MOST:
            wanted = sharing
    if len(wanted) == 1:
        found["goal_role"] = wanted[0]
    heard.roles = wanted if len(wanted) > 1 else []
    _region(catalog, text if not answering else plain, heard)
    now = _now_said(plain)  # "antes podía 20 horas pero ahora solo 4": what is now
    hours_plain = _hours_in_words(plain if now.hours is None else now.hours)  # "media hora
    # diaria": 0.5 hours a day
    for start, end in _work_clauses(hours_plain):
        # "trabajo 8 horas diarias de lunes a viernes, pero puedo estudiar 1 hora al día": the
        # job's hours and days are no study time (the study ones count)
        hours_plain = hours_plain[:start] + " " * (end - start) + hours_plain[end:]
    for m in _HOURS.finditer(hours_plain):
        hours = _hours_value(m.group(1))
        after = hours_plain[m.end() :]
        # "2 horas de lunes a viernes", "2 hours on weekdays": each of those days
        per_day = m.group(2) in {"day", "dia"} or _PER_DAY.match(after) or _DAYS_AFTER.match(after)
        monthly = m.group(2) in {"month", "mes"} or _PER_MONTH.match(after)
        pair = _HOURS_BEFORE.search(hours_plain[: m.start()])
        if pair is not None and (pair.group("joint") not in {"y", "and"} or pair.group("between")):
            # "5 o 6 horas a la semana", "de 2 a 3 horas diarias": which? (asked, not stored)
            heard.unclear_hours = hours_plain[pair.start("n") : m.end()].strip()
            heard.hours_options = [_hours_value(pair.group("n")), hours]
            heard.hours_unit = "day" if per_day else "month" if monthly else "week"
            break
        said = hours_plain[m.start() : m.end()].strip()
        if _negative(hours_plain[: m.start()]):
            # "-5 horas a la semana": below zero, said back and asked (never read as 5)
            heard.unclear_hours = f"-{said}"
            heard.hours_refused = -hours
            break
        if monthly:
            # "20 horas al mes": a month is 52/12 weeks
            _weekly(heard, round(hours * 12 / 52, 1), said)
            break
        if not per_day:
            _weekly(heard, float(hours), said)
            break
        if heard.hours_per_day is None and 0 < hours <= 16:
            # "2 horas al día" is no weekly figure: not stored, the days are asked
            heard.hours_per_day = hours
        elif heard.hours_per_day is None and hours > 16:
            # "20 horas al día todos los días": with its days, a week's figure (asked when too
            # many); without them nothing is read, as before
            days = answered_days(hours_plain, bare=False)
            if days is not None:
                _weekly(heard, hours * days, said)
                break
    if heard.hours_per_day and "hours_per_week" not in found and heard.hours_refused is None:
        # "3 horas diarias de lunes a viernes": both said (a figure of something else, "mi
        # presupuesto es 1.50.0", is no days)
        days = answered_days(hours_plain, bare=False)
        if days is not None:
            _weekly(heard, heard.hours_per_day * days, hours_plain.strip())
    if "hours_per_week" in found or heard.hours_refused is not None:
        heard.hours_per_day = None
    if not (heard.hours_per_day or heard.unclear_hours or "hours_per_week" in found):
        all_day = _all_day(plain)
        if all_day is not None and heard.hours_refused is None:
            # "puedo estudiar todo el día": no number of hours, asked (never guessed)
            heard.unclear_hours, heard.hours_options = text[all_day[0] : all_day[1]], []
    if not (heard.hours_per_day or heard.unclear_hours or "hours_per_week" in found):
        heard.days_per_week = days_said(hours_plain)
    budget = _budget(plain) if now.budget is None else now.budget
    if budget.said and not budget_allowed(budget.value):
        # "mi presupuesto es 1,500,000 soles": more than a profile keeps, said back and asked
        assert budget.value is not None
        budget = BudgetSaid(unclear=f"{budget.value:g}", kind="over", options=[budget.value])
    if budget.said:
        found["budget_pen"] = budget.value
    heard.unclear_amount = budget.unclear
    heard.amount_kind = budget.kind
    heard.amount_options = budget.options
    for lang in LANGUAGES:
        span = _native(plain, lang)
        if span is None:
            continue
        # a native (or C1, C2) speaker knows more than the catalog's highest level: that level
        # is stored at 3, and no course of the language is taken (:func:`recommend`)
        top = _top_level(catalog, lang)
        heard.native[lang] = (text[span[0] : span[1]].strip(), top)
        if top is not None:
            found["skills"] = {**found.get("skills", {}), top: 3}
            heard.stated.add(top)
            heard.unsure.pop(top, None)
    english = {s for s in found.get("skills", {}) if s.startswith("english_")}
    native_english = "en" in heard.native
    other = None if english or native_english else _english_level(plain)
    if _NO_SPANISH.search(plain) and not (
        _ONLY_ENGLISH.search(plain) or _SPEAKS_ENGLISH.search(plain) or english or native_english
    ):
        # "no leo español", "no leo español, solo quechua": Spanish dropped, no language added
        # (English never said; :func:`update_from_message` keeps the languages when none is left)
        heard.languages_dropped = {"es"}
    elif _NO_SPANISH.search(plain):
        # "I don't read Spanish", "only English": Spanish-taught courses are left out
        found["languages"] = ["en"]
        heard.languages_added, heard.languages_dropped = {"en"}, {"es"}
    elif _NO_ENGLISH.search(plain):
        found["languages"] = ["es"]
        heard.languages_dropped = {"en"}
    elif (
        not english
        and not native_english
        and _LOW_ENGLISH.search(plain)
        and (other or _SPEAKS_ENGLISH.search(plain) or re.search(rf"\b(?:mi|my) {_ENGLISH}", plain))
    ):
        # "mi inglés es básico", "I speak a little English": no language to take a course in
        # (not among the languages read: taken out when it was); the reply says so and asks the
        # level
        heard.english_low = True
        heard.languages_dropped = {"en"}
        heard.english_level = text[other[0] : other[1]].strip() if other else None
    elif english or other or native_english or _SPEAKS_ENGLISH.search(plain):
        heard.languages_added = {"en"} | ({"es"} if _SPANISH.search(plain) else set())
        # English at a level the catalog lacks ("C1", "intermedio") is read, not stored as one
        found["languages"] = ["es", "en"]
        heard.english = not english and not other and not native_english and not heard.unsure
        heard.english_level = text[other[0] : other[1]].strip() if other else None
    if "es" not in heard.languages_dropped and _LOW_SPANISH.search(plain):
        # "I read a little Spanish": no language to take a course in; the reply says so
        heard.spanish_low = True
    elif "es" not in heard.languages_dropped and (
        _SPEAKS_SPANISH.search(plain) or "es" in heard.native
    ):
        # "I can read Spanish", "sí, leo español": added to the languages read
        heard.languages_added |= {"es"}
        found["languages"] = [x for x in LANGUAGES if x in {"es", *found.get("languages", ())}]
    heard.unknown_languages = _unknown_languages(catalog, plain, text)
    heard.what_if = _WHAT_IF.search(plain) is not None
    heard.knows = _KNOWS.search(plain) is not None
    wanted_job = bool(found.get("goal_role") or heard.roles)
    heard.wants_a_job = wanted_job and _JOB_WISH.search(plain) is not None
    if respelled and heard.named_role is not None:
        heard.wants_a_job = _JOB_WISH.search(respelled) is not None
    heard.also_goal = "goal_role" in found and _ALSO.search(plain) is not None
    if someone_else(text):
        # "mi hermana tiene 3000 soles", "ella puede 8 horas": another person's facts, never
        # the learner's (nothing read; the reply says so)
        roles = [found["goal_role"]] if "goal_role" in found else heard.roles
        roles = roles or ([heard.named_role] if heard.named_role else [])
        return Heard({}, set(), {}, someone_else=True, other_roles=roles)
    return heard


#: A question, not a statement: "¿cuántas horas dura el curso de Excel?", "how many hours ..."
_QUESTION = re.compile(
    r"[?¿]|^\W*(?:cuant[oa]s?|como|que|cual(?:es)?|donde|cuando|por ?que|hay|tienen|tiene|"
    r"se puede|how|what|which|when|where|why|who|do|does|did|is|are|can i|could i|should i|"
    r"would|will|may i)\b"
)
#: A question asked inside a statement ("I live in Huancayo ..., but can I take it online")
_ASKS = re.compile(
    r"\b(?:can i|could i|do i|do you|does it|is it|is there|are there|should i|how much|"
    r"how many|how long|what is|what are|cuanto|cuanta|cuantos|cuantas|donde|cuando|"
    r"se puede|me recomiendas|me recomiendan|recommend)\b"
)
#: What a scheduling request says ("recuérdame estudiar 2 horas mañana"): never a profile fact
_SCHEDULING = re.compile(
    r"\b(?:remind\w*|recuerd\w*|recordator\w*|recordar|agend\w*|schedule|book|meetings?|"
    # "todos los días" is every day, not the to-dos
    r"reunion\w*|citas?|alarm\w*|timers?|temporizador\w*|to-?dos?(?!\w|\s+(?:los|las|el|la|mis|mi)\b)|"
    r"pendientes?|calendar\w*|"
    r"calendario|tomorrow|tmrw|today|tonight|hoy|manana|esta noche|pasado|at \d|a las? \d)\b"
)
#: First-person words that state each kind of profile fact ("mi presupuesto es", "I can do",
#: "vivo en", "soy experto en", "my English is")
_STATES: dict[str, re.Pattern[str]] = {
    "budget": re.compile(
        r"\b(?:mi|my)\s+(?:presupuesto|budget)\b"
        r"|\b(?:tengo|cuento con|dispongo de|i have|i've got|i got)\b[^.;]*"
        r"\b(?:para|pa|for)\s+(?:los\s+|the\s+|mis\s+|my\s+)?(?:cursos?|courses?|estudiar|"
        r"studying|study|capacitarme)\b"
        # "puedo pagar hasta 200 soles", "I can spend S/ 300"
        r"|\b(?:puedo|podria|i can|i could)\s+(?:\w+\s+)?(?:pagar|gastar|invertir|pay|spend|"
        r"afford|invest)\b"
        # "no tengo plata, algo gratis", "I have no money": free courses only
        r"|\b(?:no tengo (?:dinero|plata|platita|presupuesto)|sin (?:dinero|plata|presupuesto)|"
        r"i have no money|(?:do not|don't|dont) have (?:any )?money|no (?:puedo|podria) pagar|"
        r"(?:can't|cannot|can not) (?:afford|pay)|(?:algo|solo|something|only) (?:gratis|free))\b"
        # "tengo 400 soles", "ahora solo tengo mil soles": the whole message
        rf"|^\W*(?:(?:ahora|solo|solamente|ya|bueno|ok|pero|now|only|just|well)\W+){{0,3}}"
        rf"(?:tengo|i have|i've got|i got)\s+(?:unos\s+|about\s+|like\s+)?"
        rf"(?:s/\.?\s*|us\$\s*|\$\s*|€\s*|£\s*)?{_MINUS}"
        rf"(?:{_NUMBER}|{_AMOUNT_WORDS.pattern})\s*(?:mil\s+|k\s+)?"
        # "tengo 500 pesos", "I have 300 bucks": another currency, said back (never stored)
        rf"(?:soles|lucas|pen|{_FOREIGN_MONEY})?\W*$"
    ),
    "hours": re.compile(
        r"\b(?:puedo|podria|tengo|dispongo de|cuento con|estudio|i can|i could|i have|i've got|"
        r"i study|i'?m free|dedicar\w*|can study|could study|can learn)\b(?:[^.;]|\.(?=\d))*"
        r"\b(?:week|semana|day|dia|diarias?|"
        r"daily|weekly|semanales?|month|mes|monthly|mensuales?)\b"
    ),
    "english": re.compile(
        rf"\b(?:mi|my)\s+(?:nivel de\s+)?{_ENGLISH}\b|\b(?:tengo|i have|i'?m|i am|soy|hablo|"
        rf"i speak|manejo|domino|leo|i read|entiendo|i understand)\b|\b(?:{_FIRST_LANGUAGE})\b"
    ),
    "level": re.compile(
        r"\b(?:soy|i'?m|i am|se|manejo|domino|conozco|i know|tengo|i have|uso|i use|hablo|i speak|"
        r"(?:mi|my)\s+(?:nivel|level))\b"
    ),
    "region": re.compile(
        r"\b(?:(?:vivo|vivimos|resido|radico|i live|we live|i'?m living|viviendo|"
        r"(?:ahora\s+)?estoy|"
        r"i'?m now|i'?m|i am|now in)\s+(?:en|in)|(?:me mude|me he mudado|i moved|i'?ve moved|moved)"
        r"\s+(?:a|to))\b"
        # "soy cusqueño", "I'm limeña": where the learner is from, said of themselves
        r"|\b(?:soy|somos|i'?m|i am)\s+(?:(?:muy|bien|de|pura|puro|100)\s+)*(?:"
        + "|".join(sorted(_DEMONYMS, key=len, reverse=True))
        + r")(?:o|a|os|as)\b"
    ),
    "languages": re.compile(
        r"\b(?:hablo|speak|leo|read|entiendo|understand|only|solo|solamente|soy|i'?m|i am)\b"
        rf"|\b(?:{_FIRST_LANGUAGE})\b"
    ),
}


def may_state_profile(text: str) -> bool:
    """False when :func:`states_profile` is False whatever :func:`read` finds: a question or a
    scheduling request ("recuérdame estudiar 2 horas mañana"). Cheap, so that the reading of a
    profile (half a millisecond or more) is skipped for most messages of other skills."""
    plain = _plain(text)
    return not (_SCHEDULING.search(plain) or _QUESTION.search(plain) or _ASKS.search(plain))


def states_profile(heard: Heard, text: str) -> bool:
    """Whether a message is a clear first-person statement of the learner's profile, whatever
    else was said before it ("mi presupuesto es 300 soles", "my English is B2", "I can do like
    10 hrs a week", "soy experto en Excel", "soy de Huancayo pero vivo en Trujillo"): a fact
    :func:`read` found, said with the words that state it, in no question ("¿cuántas horas dura
    el curso?") and no scheduling request ("recuérdame estudiar 2 horas mañana")."""
    plain = _plain(text)
    if heard.what_if or _SCHEDULING.search(plain):
        return False
    if _QUESTION.search(plain) or _ASKS.search(plain):
        return False
    found = heard.facts
    english = any(s.startswith("english_") for s in found.get("skills", {}))
    said = {
        "budget": "budget_pen" in found or heard.unclear_amount is not None,
        "hours": "hours_per_week" in found or bool(heard.hours_per_day or heard.unclear_hours),
        "languages": bool(
            heard.languages_added or heard.languages_dropped or heard.unknown_languages
        ),
        "english": english
        or heard.english_level is not None
        or heard.english_low
        or "en" in heard.native,
        "level": bool(heard.stated - {s for s in heard.stated if s.startswith("english_")})
        or bool(heard.unsure)
        or bool(heard.lacks)  # "no sé SQL", "nada de SQL": level 0
        # "sé quechua": a language the learner speaks, said without a level
        or bool(_SPOKEN & set(found.get("skills", {}))),
        "region": "region" in found or bool(heard.regions or heard.unknown_places),
    }
    # "antes podía 20 horas pero ahora solo 4", "mi presupuesto era 500, ahora no tengo nada":
    # what changed, said of the learner's own
    changed = _now_said(plain)
    now = {
        # "puedo estudiar todo el día": hours said without a number (asked)
        "hours": changed.hours is not None or _all_day(plain) is not None,
        "budget": changed.budget is not None,
    }
    return any(
        said[kind] and (pattern.search(plain) or now.get(kind, False))
        for kind, pattern in _STATES.items()
    )


def read_message(catalog: Catalog, text: str) -> dict[str, Any]:
    """The profile fields a message states (:func:`read`); a skill named at two different
    levels is not among them."""
    return read(catalog, text).facts


#: The words of the answers "how well do you know X?" offers ("a little", "can work with it",
#: "expert"), in both languages: said inside a longer answer, they are that level
_OPTION_WORDS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"\b(?:a little|just a little|un poco|un poquito|poquito)\b")),
    (
        2,
        re.compile(
            r"\b(?:(?:i )?can work with (?:it|that|them)"
            r"|(?:puedo )?trabajar con (?:ello|eso|el|ella)"
            r"|(?:lo|la) (?:manejo|uso) (?:para|en) (?:trabajar|el trabajo|mi trabajo))\b"
        ),
    ),
    (3, re.compile(r"\b(?:(?:an |un |una |a nivel )?(?:expert|experto|experta))\b")),
)


def option_level(plain: str, levels: Iterable[int]) -> int | None:
    """The one level of ``levels`` whose offered answer's words ``plain`` says ("I know SQL
    pretty well, can work with it": 2 of [2, 3]); None when it says none, or several."""
    picked = {level for level, pattern in _OPTION_WORDS if pattern.search(plain)}
    picked &= set(levels)
    return picked.pop() if len(picked) == 1 else None


def answered_level(catalog: Catalog, text: str, skill: str, levels: list[int]) -> int | None:
    """The level an answer to "which level of ``skill``: ``levels``?" gives: a level's words
    or number ("a little", "experto", "3"), "the first"/"the second" of ``levels``, or the skill
    named again at one level; None when the answer gives none, or speaks of another skill."""
    heard = read(catalog, text)
    if skill in heard.lacks and not (set(heard.facts.get("skills", {})) - {skill}):
        return 0  # "no sé SQL", "nada, no se sql": none
    if skill in heard.unsure:
        return None
    if skill in heard.stated:
        return int(heard.facts["skills"][skill])
    if set(heard.facts.get("skills", {})) - {skill} or heard.unsure:
        return None  # about another skill: the user moved on
    if heard.english_level or heard.english_low or heard.native:
        return None  # "mi inglés es intermedio": English's level, never the skill asked about
    low = _plain(text)
    if not heard.facts and _LEVEL_NONE.match(low):
        return 0  # "ninguno", "nada", "none": level 0
    picked = {level for level, pattern in _LEVEL_ANSWERS if pattern.search(low)}
    if not _says_amounts(heard):
        picked |= {level for level, pattern in _LEVEL_NUMBERS if pattern.search(low)}
    if not picked and _is_pick(low) and (m := _ORDINALS.search(low)) is not None:
        index = 0 if m.group(1) else 1
        picked = {levels[index]} if index < len(levels) else set()
    return picked.pop() if len(picked) == 1 else None


def _says_amounts(heard: Heard) -> bool:
    """Whether a message says hours, days a week or a budget (its numbers are those, never a
    level: "puedo 3 días a la semana")."""
    facts = heard.facts
    hours = "hours_per_week" in facts or heard.hours_per_day or heard.unclear_hours
    return bool(hours or "budget_pen" in facts or heard.unclear_amount or heard.days_per_week)


def answered_role(catalog: Catalog, text: str, roles: list[str]) -> str | None:
    """The role an answer to "which of ``roles``?" picks: one of them named (by any of its
    names), or "the first"/"la segunda"/"2"; None when it picks none or several."""
    plain = _plain(text)
    picked: list[str] = []
    for *_span, means, _job in _mentions(catalog, plain):
        picked += [r for r in roles if r in means]  # "call center" alone picks both: none
    picked = list(dict.fromkeys(picked))
    if not picked and len(plain.split()) <= 4:
        picked = _by_own_word(plain, roles)  # "el bilingüe": a word only one of them has
    if not picked and _is_pick(plain):
        index = _ordinal(plain)
        if index is not None and -len(roles) <= index - (index > 0) < len(roles):
            picked = [roles[index - 1 if index > 0 else index]]
    return picked[0] if len(picked) == 1 else None


def _by_own_word(plain: str, roles: list[str]) -> list[str]:
    """The one role among ``roles`` a word of the answer names that no other role's name has
    ("el bilingüe" to "agente bilingüe de call center or agente de atención al cliente?")."""
    words = {r: set(re.findall(r"[a-z]{4,}", " ".join(_role_names(r)))) for r in roles}
    said = set(re.findall(r"[a-z]{4,}", plain))
    own = [r for r in roles if said & words[r] - set().union(*(words[o] for o in roles if o != r))]
    return own if len(own) == 1 else []


def _is_pick(plain: str) -> bool:
    """Whether a short answer may pick one of the options a question offered by its position
    ("the first", "la segunda"): not when it speaks of a course ("el primer curso ya lo hice")."""
    return len(plain.split()) <= 5 and not _COURSE_WORD.search(plain)


_COURSE_WORD = re.compile(r"\b(?:course|courses|curso|cursos|step|steps|paso|pasos|class|clase)\b")
#: "the first", "la segunda", "el último": the position in what was shown (-1: the last)
_ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "primer": 1, "primero": 1, "primera": 1, "1st": 1, "1ro": 1, "1ero": 1,
    "second": 2, "segundo": 2, "segunda": 2, "2nd": 2, "2do": 2,
    "third": 3, "tercer": 3, "tercero": 3, "tercera": 3, "3rd": 3, "3ro": 3, "3ero": 3,
    "fourth": 4, "cuarto": 4, "cuarta": 4, "4th": 4, "4to": 4,
    "fifth": 5, "quinto": 5, "quinta": 5, "5th": 5, "5to": 5,
    "last": -1, "ultimo": -1, "ultima": -1,
}  # fmt: skip
_NUMBERED = re.compile(r"\b(?:course|curso|step|paso|number|numero|n[o°º]|#)\s*#?\s*(\d)\b|#(\d)\b")


def _ordinal(plain: str) -> int | None:
    """The position a message names ("the first one", "el paso 2", "#3", "el último")."""
    if (m := _NUMBERED.search(plain) or re.fullmatch(r"\W*(\d)\W*", plain)) is not None:
        return int(next(g for g in m.groups() if g))
    words = [w for w in re.findall(r"[a-z0-9]+", plain) if w in _ORDINAL_WORDS]
    return _ORDINAL_WORDS[words[0]] if len(set(words)) == 1 else None


_DONE = re.compile(
    r"\b(?:ya\s+(?:lo\s+|la\s+|los\s+)?(?:hice|termine|complete|acabe|lleve|curse|tome|aprobe|"
    r"tengo|saque)|(?:lo|la)\s+(?:hice|termine|complete|acabe|lleve|curse|aprobe)|"
    r"(?:hice|termine|complete|acabe|lleve|curse|aprobe)\s+(?:el|la|ese|esa)|"
    r"already\s+(?:did|done|took|taken|finished|completed|have)|"
    r"(?:i've|i have|i)\s+(?:already\s+)?(?:done|did|finished|completed|taken|took|passed)|"
    r"(?:is|are)\s+(?:done|finished|completed)|done with|finished with|terminado|completado)\b"
)
#: "ya tengo mi carnet de sanidad", "ya sé eso", "I already know it": the reason a course is not
#: needed (with "no me sirve" it is known, not turned down)
_ALREADY = re.compile(
    r"\b(?:ya\s+(?:lo\s+|la\s+)?(?:tengo|se|domino|manejo|cuento con)|"
    r"already\s+(?:have|know|got|hold|own)|i (?:have|know) (?:it|that|this) already)\b"
)
_NOT_FOR_ME = re.compile(
    r"\b(?:not for me|no es para mi|(?:isn't|isnt|is not) for me|no me interesa|no me sirve|"
    r"no me gusta|not interested|no gracias|no thanks|"
    r"no (?:quiero|necesito) (?:hacer |llevar |tomar |estudiar )?(?:el|la|ese|esa|este|esta)|"
    r"no (?:lo|la) (?:quiero|necesito)|"
    r"(?:don't|do not|dont) (?:want|like|need) (?:to (?:take|do) )?(?:the|that|this)|"
    r"skip|quitame|quita|sacame|saca|elimina|remove|drop)\b"
)
#: "I'll take the second one", "acepto el segundo", "me apunto al primero": a course accepted
#: (as the page's *Accept* and ``POST /v1/pathways/feedback`` record it)
_ACCEPT = re.compile(
    r"\b(?:i'?ll take|i will take|i'?ll do|i will do|i'?ll go (?:with|for)|i'?m taking|i accept|"
    r"i'?ll accept|accept|sign me up|enrol+ me|count me in|i want to (?:take|do)|"
    r"i'?d like to (?:take|do)|i'?m in for|"
    r"acepto|aceptare|me apunto|me anoto|me inscribo|inscribeme|anotame|apuntame|lo tomo|"
    r"la tomo|tomare|me quedo con|voy a (?:hacer|llevar|tomar)|quiero (?:hacer|llevar|tomar))\b"
)
#: "not the first one", "no el segundo"; "el segundo no", "the second one, no": a "no" that
#: turns down a course only with its position said
_NOT_THAT_ONE = re.compile(
    r"^\W*(?:not|no)\s+(?:the|el|la|ese|esa|este|esta|that|this)\b|\b(?:no|not)\W*$"
)
#: A course turned down by its position and "no" ("el segundo no, no tengo tiempo"), not a
#: question about it ("el segundo no es caro?" is asked, :func:`asks`)
_ORDINAL_NO = re.compile(
    r"\b(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|first|second|third|fourth|"
    r"fifth|last|ultim[oa])\s+(?:(?:curso|course|one|paso|step)\s+)?(?:no|not)\b"
    r"(?!\s+(?:es|is|cuesta|costs?|dura|lasts?|tiene|has|esta|sirve)\b)"
)
#: A reason to turn a course down ("está muy caro", "no me alcanza", "no tengo tiempo")
_REASON_NOT = re.compile(
    r"\b(?:no me alcanza|no tengo (?:tiempo|plata|platita|dinero)|(?:esta|es|sale) (?:muy |"
    r"demasiado |bien )?car[oa]|muy car[oa]|demasiado car[oa]|too expensive|too pricey|"
    r"(?:can't|cannot|can not) afford|no time for|(?:don't|do not|dont) have (?:the )?time)\b"
)
#: "el de quechua", "the one about Excel": a course named by what it is about
_THE_ONE_OF = re.compile(
    r"\b(?:el|la|ese|esa|este|esta|the one|that one|this one)\s+(?:de|of|on|about|with|con)\b"
)
_STEP_WORD = re.compile(r"\b(?:course|courses|curso|cursos|step|paso|one|uno|una|class|clase)\b")
#: The word "course" (or step, class): the message is about a course of the path
_COURSE_SAID = re.compile(r"\b(?:course|courses|curso|cursos|step|paso|class|clase)\b")
#: What the other skills list and number ("the second reminder"): not a course of the path
_OTHER_THINGS = re.compile(
    # ("to-do", never the Spanish "todos": "ya uso la compu todos los días")
    r"\b(?:reminders?|recordatorios?|meetings?|reunion(?:es)?|citas?|to-dos?|todo\s+list|pendientes?|"
    r"tareas?|alarm(?:s|a|as)?|timers?|temporizador(?:es)?|events?|eventos?|appointments?|"
    # what the knowledge base numbers ("the lab on the second floor", "la segunda cuota")
    r"floors?|pisos?|plantas?|installments?|instalments?|cuotas?)\b"
)
#: What the catalogue does not hold of a course and the knowledge base answers: its certificate,
#: enrolling in it, a scholarship or a refund for it ("¿me dan certificado cuando termino el
#: curso?", "do I get a certificate when I finish the course?": the certificates, never the
#: path's course; probe 47, P47-M8)
_HOUSE_THINGS = re.compile(
    r"\b(?:certificat\w*|certificad\w*|certificacion(?:es)?|diplomas?|constancias?|"
    r"enrol+(?:ment|ing|ed)?|enroll(?:ment|ing|ed)?|matricul\w*|inscrib\w*|inscripcion(?:es)?|"
    r"scholarships?|becas?|refund(?:s|ed)?|reembols\w*|devolucion)\b"
)
#: Words of a course's title that do not tell it from the others ("Curso de …", "Básico")
_TITLE_FILLER = frozenset({
    "course", "courses", "curso", "cursos", "para", "with", "como", "desde", "basico", "basica",
    "basicos", "basic", "intro", "introduccion", "introduction", "nivel", "level", "taller",
    "workshop", "esencial", "essentials", "aplicada", "aplicado", "applied", "avanzado",
    "avanzada", "advanced", "trabajo", "work", "servicios", "services", "gestion", "management",
    "primer", "primero", "primera", "segundo", "segunda", "tercero", "tercera", "first",
    "second", "third", "last", "ultimo", "interesa", "quiero", "want", "need", "hice", "done",
    "del", "las", "los", "con", "por", "que", "una", "uno", "the", "and", "for", "ese", "esa",
    "este", "esta", "eso", "that", "this", "one", "you", "your", "tiene", "mas", "more",
})  # fmt: skip


@dataclass
class CourseAnswer:
    """What a message says of a course of the learner's latest pathway ("el primer curso ya lo
    hice": completed; "not the second one": rejected; "acepto el segundo": accepted).

    ``explicit``: the message names a course ("the first course", its title, "ese curso de
    quechua"), not only a position ("el segundo no"), which may point at another list;
    ``course`` is None when it names a course of the path but not which (``options``: the ones
    it may mean, with their positions in the path); ``shown_at``: when that path was stored."""

    recommendation_id: int
    course: Course | None
    action: str
    explicit: bool = True
    shown_at: datetime | None = None
    options: list[tuple[int, Course]] = field(default_factory=list)
    #: the position said is past the path's end ("acepto el segundo" of a one-course path):
    #: ``options`` lists the path's courses
    beyond: bool = False
    #: the word that names a course of the catalog but none of the path ("excel" in "ya llevé
    #: el curso de excel" with no Excel course in it): ``options`` lists the path's courses
    missing: str | None = None
    #: the other courses the message names beside ``course`` ("I already did the first and
    #: the second", "ya hice los dos primeros"): recorded the same way
    also: list[Course] = field(default_factory=list)
    #: "completed" said as the reason a course is not needed ("no me sirve, ya tengo mi carnet
    #: de sanidad"): what it teaches is known, though the course itself may not have been taken
    already: bool = False


def _by_words(courses: list[Course], plain: str) -> list[Course]:
    """The courses whose title or taught skills hold a telling word of the message ("ese curso
    de quechua": Quechua Básico para Servicios)."""
    said = {w for w in re.findall(r"[a-z0-9]+", plain) if len(w) >= 3} - _TITLE_FILLER
    found = []
    for course in courses:
        names = [course.title, *(skill_label(s) for s in course.skills_taught)]
        words = {w for name in names for w in slug(name).split("_")} - _TITLE_FILLER
        if said & words:
            found.append(course)
    return found


@functools.lru_cache(maxsize=8)
def _words_of_courses(courses: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    """The telling words of courses (title, taught skills' ids and English names), once."""
    words: set[str] = set()
    for title, taught in courses:
        names = [title, *taught, *(SKILL_NAMES.get(s, s) for s in taught)]
        words |= {w for name in names for w in slug(name).split("_") if len(w) >= 3}
    return frozenset(words - _TITLE_FILLER)


def _catalog_word(catalog: Catalog, plain: str) -> str | None:
    """A word of the message that tells a course of the catalog ("excel", "cocina"), if any."""
    known = _words_of_courses(tuple((c.title, tuple(c.skills_taught)) for c in catalog.courses))
    return next((w for w in re.findall(r"[a-z0-9]+", plain) if w in known), None)


#: "lo hablo desde niña", "I speak it": the language of the course spoken of is known
_SPEAKS_IT = re.compile(
    r"\b(?:(?:ya\s+)?(?:lo|la)\s+(?:hablo|domino)|(?:i\s+)?(?:already\s+)?speak\s+it)\b"
)


#: "no lo hablo", "I don't speak it": no claim
_NOT_KNOWN_IT = re.compile(
    r"\b(?:no|not|don't|dont|never|nunca)\s+(?:(?:lo|la)\s+)?(?:hablo|domino|speak)\b"
)


def known_of_course(catalog: Catalog, text: str, course: Course) -> dict[str, int]:
    """What ``course`` teaches that a message about it says the learner knows, at level 2 or
    more ("ese curso de quechua no es para mí, yo hablo quechua desde niña": Quechua 2, as
    "hablo quechua" says; "lo hablo desde niña" of a language course too): the course's title
    and topic ("el curso de quechua", "Quechua Básico") are no claim, nor a level not said."""
    plain = _plain(text)
    title = _plain(course.title)
    blank = plain.replace(title, " " * len(title)) if title else plain
    heard = _read_skills(catalog, blank)
    said = heard.facts.get("skills", {})
    known = {
        s: int(level)
        for s, level in said.items()
        if s in course.skills_taught and s in heard.stated and level >= 2
    }
    if not known and _SPEAKS_IT.search(plain) and not _NOT_KNOWN_IT.search(plain):
        known = {s: 2 for s in course.skills_taught if s in _SPOKEN}
    return known


def course_answer(session: Session, user: User, catalog: Catalog, text: str) -> CourseAnswer | None:
    """The course of the user's latest recommendation (the last path shown to them, wherever)
    a message says was done, is not for them or is taken ("I'll take the second one"): by its
    position ("the first course", "el
    segundo"), its title, its id or a telling word ("ese curso de quechua"). None when it says
    neither or both, asks a question, speaks of a reminder or a meeting, or names nothing of
    the path; a course named but not which one (two Excel courses) comes with ``options``."""
    plain = _plain(text)
    if asks(text) or _OTHER_THINGS.search(plain):
        return None  # "el tercero es gratis o no", "el segundo es caro?": asked, not recorded
    done, rejected = _DONE.search(plain) is not None, _NOT_FOR_ME.search(plain) is not None
    said_at = _ordinal(plain) is not None or _positions(plain, len(_ORDINAL_WORDS)) is not None
    rejected = rejected or (_NOT_THAT_ONE.search(plain) is not None and said_at)
    # "el segundo no, no tengo tiempo para eso", "el de pastelería está muy caro, no me alcanza":
    # turned down with a reason (the course named by its position or what it is about)
    pointed = said_at or _THE_ONE_OF.search(plain) is not None or _COURSE_SAID.search(plain)
    reason = _ORDINAL_NO.search(plain) is not None or _REASON_NOT.search(plain) is not None
    reason = reason and not _SCHEDULING.search(plain)  # "recuérdame el segundo curso no …"
    rejected = rejected or (reason and bool(pointed) and not _DONE.search(plain))
    # "el de manipulación no me sirve, ya tengo mi carnet de sanidad", "I don't need the first,
    # I already did it": not needed because what it teaches is known, as a course completed
    already = rejected and (done or _ALREADY.search(plain) is not None)
    if already:
        done, rejected = True, False
    # "no quiero hacer el segundo" turns it down: no acceptance
    accepted = not rejected and _ACCEPT.search(plain) is not None
    if done + rejected + accepted != 1:
        return None
    latest, courses = _latest_path(session, user, catalog)
    if latest is None or not courses:
        return None
    action = "completed" if done else "rejected" if rejected else "accepted"
    words = f"_{slug(text)}_"
    named = [c for c in courses if f"_{slug(c.id)}_" in words or f"_{slug(c.title)}_" in words]
    explicit = bool(named) or _COURSE_SAID.search(plain) is not None
    several = _positions(plain, len(courses)) if not named else None
    index = _ordinal(plain) if not named and several is None else None
    # "no necesito el primero, ya uso la compu todos los días": the clause that names it counts
    clause = re.split(r"[,;.]|\s(?:porque|because|pues|ya que|since)\s", plain)[0]
    beyond = False
    if several is not None:
        near = _STEP_WORD.search(plain) is not None or len(clause.split()) <= 10
        if near and max(several) <= len(courses):
            answer = CourseAnswer(latest.id, courses[several[0] - 1], action, explicit)
            answer.shown_at = latest.created_at
            answer.already = already
            answer.also = [courses[pos - 1] for pos in several[1:]]
            return answer
        beyond = near
    if index is not None:
        near = _STEP_WORD.search(plain) is not None or len(clause.split()) <= 8
        if near and -len(courses) <= index - (index > 0) < len(courses):
            named = [courses[index - 1 if index > 0 else index]]
        beyond = near and index > len(courses)
    elif not named and (explicit or _THE_ONE_OF.search(plain)):
        named = _by_words(courses, plain)
        explicit = explicit or bool(named)
    answer = CourseAnswer(latest.id, None, action, explicit, latest.created_at)
    answer.already = already
    if explicit and not named and index is None and action != "accepted":
        # "ya llevé el curso de excel" when the path has no Excel course: none of its courses
        # is offered as the one meant (answering "1" would record an unrelated course)
        other = _catalog_word(catalog, plain)
        if other is not None:
            answer.missing = other
            answer.options = list(enumerate(courses, start=1))
            return answer
    if beyond:
        answer.beyond = True
        answer.options = list(enumerate(courses, start=1))
        return answer
    if len(named) == 1:
        answer.course = named[0]
        if action == "rejected" and known_of_course(catalog, text, named[0]):
            # "ese curso de quechua no es para mí, yo hablo quechua desde niña": what it
            # teaches is known, as "ya tengo mi carnet de sanidad" says (probe 38, J-M5)
            answer.action, answer.already = "completed", True
        return answer
    if explicit and index is None and (named or action != "accepted"):
        # "ya hice el curso de Excel" with two Excel courses: which? ("quiero llevar el curso de
        # cocina" with none in the path is no answer about the path)
        answer.options = [(i, c) for i, c in enumerate(courses, start=1) if c in (named or courses)]
        return answer
    return None


#: "the first two", "los dos primeros", "las primeras tres", "the last two": that many
#: courses from one end of the path
_FIRST_N = re.compile(
    r"\b(?:the\s+)?(?P<end>first|last)\s+(?P<n>two|three|four|five|[2-5])\b"
    r"|\b(?:los|las)\s+(?P<n2>dos|tres|cuatro|cinco|[2-5])\s+(?P<end2>primer[oa]s|ultim[oa]s)\b"
    r"|\b(?:los|las)\s+(?P<end3>primer[oa]s|ultim[oa]s)\s+(?P<n3>dos|tres|cuatro|cinco|[2-5])\b"
)


def _positions(plain: str, length: int) -> list[int] | None:
    """The positions of the path a message names when it names more than one ("the first and
    the second", "el primero y el tercero", "1 y 3", "los dos primeros", "the last two"; "both",
    "ambos", "los dos" of a two-course path), in order; None when it names one or none. A
    position past the path's end is kept (the caller says the path is shorter)."""
    m = _FIRST_N.search(plain)
    if m is not None:
        said = m.group("n") or m.group("n2") or m.group("n3")
        count = int(said) if said.isdigit() else _HOW_MANY[said]
        last = (m.group("end") or m.group("end2") or m.group("end3")).startswith(("last", "ult"))
        start = max(length - count + 1, 1) if last else 1
        return list(range(start, start + count)) if not last or count <= length else None
    if _BOTH.search(plain) is not None and not _POSITION_WORD.search(plain):
        both = _BOTH.search(plain)
        assert both is not None
        count = _HOW_MANY[both.group(1) or both.group(2)]
        return list(range(1, length + 1)) if count == length >= 2 else None
    listed = _listed(plain)
    if listed is None:
        return None
    positions: list[int] = []
    for index in listed:
        pos = length if index == -1 else index
        if pos not in positions:
            positions.append(pos)
    return sorted(positions) if len(positions) >= 2 else None


def _listed(plain: str) -> list[int] | None:
    """The positions a message lists, two or more joined by "and" or commas ("el primero y el
    tercero", "1 y 3"; -1 for "the last"), as said; None when it lists fewer, or says more
    between them ("el segundo es el de 3 horas")."""
    found = list(_POSITION_WORD.finditer(plain))
    if len(found) < 2:
        return None
    for before, after in pairwise(found):
        between = re.findall(r"[a-z&/]+", plain[before.end() : after.start()])
        if not set(between) <= _BETWEEN_POSITIONS:
            return None
    return [int(w) if (w := m.group(1)).isdigit() else _ORDINAL_WORDS[w] for m in found]


def refused_course(text: str, options: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """The options an answer to "which course?" leaves when it turns one down by position ("el
    primero no", "not the second one"); None when it turns none down."""
    plain = _plain(text)
    index = _ordinal(plain)
    if index is None or not _NOT_THAT_ONE.search(plain) or asks(text):
        return None  # "el tercero es gratis o no" turns nothing down: it asks
    positions = [pos for pos, _id in options]
    pos = max(positions) if index == -1 and positions else index
    return [(p, c) for p, c in options if p != pos]


def answered_course(catalog: Catalog, text: str, options: list[tuple[int, str]]) -> str | None:
    """The course an answer to "which course?" picks among ``options`` (position in the path,
    course id): its position ("el segundo", "2", "the last one"), its title or a telling word;
    None when it picks none or several."""
    plain = _plain(text)
    if asks(text):
        return None  # "el segundo es caro?": a question, never the answer
    index = _ordinal(plain)
    if index is not None and _NOT_THAT_ONE.search(plain):
        return None  # "el primero no": not that one, and not surely another (asked again)
    if index is not None:
        positions = [pos for pos, _id in options]
        pos = max(positions) if index == -1 and positions else index
        return next((c for p, c in options if p == pos), None)
    courses = [catalog.by_id[c] for _pos, c in options if c in catalog.by_id]
    words = f"_{slug(text)}_"
    named = [c for c in courses if f"_{slug(c.title)}_" in words or f"_{slug(c.id)}_" in words]
    named = named or _by_words(courses, plain)
    return named[0].id if len(named) == 1 else None


# -- questions about the path, the profile and the job market ----------------------------------
#: "los dos", "both", "ambos": two courses; "los tres", "all three": three; …
_HOW_MANY: dict[str, int] = {
    "dos": 2, "two": 2, "both": 2, "ambos": 2, "ambas": 2, "tres": 3, "three": 3, "cuatro": 4,
    "four": 4, "cinco": 5, "five": 5,
}  # fmt: skip
_BOTH = re.compile(
    r"\b(?:(?:los|las|the|all|those|these|esos|esas|estos|estas)\s+(dos|two|tres|three|cuatro|"
    r"four|cinco|five)|(both|ambos|ambas))\b"
)
#: "todos", "all of them", "all": every course asked about
_ALL = re.compile(
    r"\b(?:todos|todas|all of them|all of those|all|every one|everyone|each one|cada uno)\b"
)
#: Positions said one after another: "el primero y el tercero", "1 y 3", "the first and the
#: second", "2, 3"
_POSITION_WORD = re.compile(
    r"\b(" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + r"|[1-9])\b"
)
#: What may come between two positions of a list ("el primero y el tercero", "the first
#: course and the second one")
_BETWEEN_POSITIONS = frozenset({
    "y", "e", "and", "&", "/", "el", "la", "los", "las", "the", "one", "ones", "uno", "una",
    "curso", "cursos", "course", "courses", "numero", "number", "paso", "step", "tambien",
    "also", "too", "plus", "mas", "as", "well",
})  # fmt: skip
#: At most this many courses are taken by "all of them" (a longer list is asked by number)
ALL_AT_MOST = 4


def answered_courses(text: str, options: list[tuple[int, str]]) -> list[str] | None:
    """The courses an answer to "which course?" picks when it picks more than one ("los dos",
    "both", "el primero y el tercero", "the first and the second", "1 y 3"; "todos", "all of
    them" when the list is short): their ids in the path's order, or None (one or none picked,
    a position not offered, a question or a "no")."""
    plain = _plain(text)
    if asks(text) or _NOT_THAT_ONE.search(plain) or re.search(r"\b(?:not|ni|ninguno)\b", plain):
        return None
    if len(plain.split()) > 12:
        return None
    ids = [c for _pos, c in options]
    both = _BOTH.search(plain)
    if both is not None:
        count = _HOW_MANY[both.group(1) or both.group(2)]
        return ids if count == len(ids) >= 2 else None
    if _ALL.search(plain) and 2 <= len(ids) <= ALL_AT_MOST and not _POSITION_WORD.search(plain):
        return ids
    listed = _listed(plain)
    if listed is None:
        return None
    positions = []
    for index in listed:
        offered = [pos for pos, _id in options]
        pos = max(offered) if index == -1 and offered else index
        if pos not in offered:
            return None  # a position the question did not offer: asked again
        positions.append(pos)
    picked = [c for pos, c in options if pos in positions]
    return picked if len(picked) >= 2 else None


def is_question(text: str) -> bool:
    """Whether a message asks ("¿el primero es gratis?", "why this course?", "cuánto pagan …")."""
    plain = _plain(text)
    return _QUESTION.search(plain) is not None or re.search(r"\bpor ?que\b", plain) is not None


#: A question said without "?": a tag at its end ("el primero es gratis o no", "is the third one
#: free or not", "es caro, verdad") or a question word inside it ("el cuarto cuánto cuesta")
_TAG_QUESTION = re.compile(
    r"\b(?:o no|or not|verdad|cierto|right|isn'?t it|is it|aren'?t they|are they|no es asi)\W*$"
)
_ASKS_INSIDE = re.compile(
    r"(?<!\ben )\b(?:cuanto|cuanta|cuantos|cuantas|how much|how many|how long|por que|why|"
    r"que tal)\b"
)
#: What a message says a course of the path is ("el segundo es caro", "el primero es gratis",
#: "the third one is in English"): a question about it (a learner who says so does not record
#: anything), never a course done, turned down or taken, nor a budget
_COURSE_CLAIM = re.compile(
    r"\b(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|ultim[oa]|first|second|third|"
    r"fourth|fifth|last|one|curso|course|paso|step)\s+(?:(?:curso|course|one|paso|step)\s+)?"
    r"(?:no\s+)?"
    r"(?:es|esta|sale|cuesta|dura|is|isn'?t|costs?|takes)\s+(?:\w+\s+)?"
    r"(?:gratis|gratuit[oa]|free|car[oa]|barat[oa]|costos[oa]|expensive|cheap|pagad[oa]|paid|"
    r"en ingles|en espanol|in english|in spanish|largo|larga|corto|corta|long|short|dificil|"
    r"facil|hard|easy|virtual|presencial|online|en linea)\b"
)


#: A question about which courses there are ("what courses do you have for …", "¿qué cursos hay
#: para …?", "do you have courses for …"): answered with the courses for the job it names
_WHICH_COURSES = re.compile(
    r"\b(?:what|which|que|q|k|cuales?|any|algun|algunos)\s+(?:\w+\s+)?(?:courses|cursos|classes|"
    r"clases)"
    r"\b|\b(?:hay|tienen|tienes|ofrecen|dan|have|offer|are there)\s+(?:\w+\s+)?(?:courses|"
    r"cursos|classes|clases)\b"
)


#: A question said as a wish to know, or out of curiosity ("quiero saber qué cursos hay para ser
#: contadora", "kiero saber q cursos hay …", "I'd like to know what courses …", "just curious"):
#: with a question about which courses there are, asked (never a goal stated)
_WANTS_TO_KNOW = re.compile(
    r"\b(?:(?:quiero|kiero|qiero|quisiera|queria|keria|me gustaria|necesito|deseo)\s+"
    r"saber|dime|cuentame|(?:want|wanna|would like|'d like|like|need)\s+to\s+know|tell me|"
    r"i wonder|wondering|curious|por curiosidad|de curiosidad|curiosidad)\b"
)


def asks_courses(text: str) -> bool:
    """Whether a message asks which courses there are ("¿qué cursos hay para …?"), with "?" or
    a question word first, or said as a wish to know ("quiero saber qué cursos hay para ser
    contadora, por curiosidad"): a question, whatever job it names."""
    plain = _plain(text)
    if _WHICH_COURSES.search(plain) is None:
        return False
    return is_question(text) or _WANTS_TO_KNOW.search(plain) is not None


def courses_asked(catalog: Catalog, text: str) -> str | None:
    """The job a question about which courses there are is asked for ("what courses do you
    have for data analysts?": data analyst); None for any other message, and for one that says
    the learner wants it ("quiero ser electricista, ¿qué cursos tienen?": the goal)."""
    if not asks_courses(text):
        return None
    heard = read(catalog, text)
    role = heard.facts.get("goal_role")
    if heard.wants_a_job or not isinstance(role, str) or set(heard.facts) != {"goal_role"}:
        return None
    return role


def asks(text: str) -> bool:
    """Whether a message asks something, with "?" or without it: "?" or a question word first,
    a tag at its end ("el tercero es gratis o no"), a question word inside ("el cuarto cuánto
    cuesta"),
    or what a course of the path is said to be ("el segundo es caro"). Such a message records
    nothing about a course (nor a budget), and never answers "which course?"."""
    plain = _plain(text)
    return (
        _QUESTION.search(plain) is not None  # not "porque" (because): "no quiero el primero
        # porque es caro" turns it down
        or _TAG_QUESTION.search(plain) is not None
        or _ASKS_INSIDE.search(plain) is not None
        # "el segundo curso está muy caro, no me alcanza": a course turned down, not asked of
        or (_COURSE_CLAIM.search(plain) is not None and _CANNOT_TAKE.search(plain) is None)
    )


#: What says a course cannot be taken ("no me alcanza", "I can't afford it", "no tengo tiempo"):
#: with what a course is ("está muy caro"), it is turned down, not asked about
_CANNOT_TAKE = re.compile(
    r"\b(?:no me alcanza|no tengo (?:tiempo|plata|platita|dinero)|(?:can't|cannot|can not) "
    r"afford|no time for|(?:don't|do not|dont) have (?:the )?(?:time|money))\b"
)


#: What a question about jobs asks: their demand or their pay, or a comparison
_MARKET = re.compile(
    r"\b(?:demand\w*|demanda\w*|pay|pays|paid|pagan|paga|pague|salary|salaries|sueldos?|"
    r"salarios?|gana|ganan|earns?|earning|compar\w*|versus|vs|mercado|market|jobs? (?:are|is) "
    r"there|hay (?:trabajo|empleo|chamba)s?|(?:is|are) there (?:any )?(?:work|jobs?))\b"
)
#: A question about the pay of the learner's own job, said with no job's name ("¿cuánto voy a
#: ganar?", "cuanto pagan?", "how much will I earn?"): the stored goal's pay
_OWN_PAY = re.compile(
    r"\b(?:voy a ganar|iria a ganar|ganaria|ganare|(?:podria|puedo|podre) ganar|se gana|gana|"
    r"ganan|pagan|paga|pagaran|pagarian|sueldo|salario|"
    r"(?:will|would|could|can|do|might|should) (?:i|we|one) (?:earn|make|get paid)|"
    r"(?:does|do|will|would) (?:it|they|that|this|the job|that job|this job) pay|"
    r"(?:the|my) (?:pay|salary|wages?)|salary|earn)\b"
)
#: Words of pay that may speak of a course's price ("¿cuánto pagan por el primer curso?")
_PAY_OR_PRICE = re.compile(r"\b(?:paga|pagan|pagaran|pagarian)\b")
#: A question whether there is work in a place, with no job's name ("hay trabajo en Piura?",
#: "is there work in Piura?", "what jobs are there in Piura?", "¿qué chambas hay en Piura?"):
#: every job the demand table has there
_WORK_THERE = re.compile(
    r"\b(?:hay|habra|existe|existen|is there|are there)\s+(?:\w+\s+)?(?:trabajos?|empleos?|"
    r"chambas?|work|jobs?|demand\w*|ofertas?)\b"
    r"|\b(?:que|q|k|cuales|what|which)\s+(?:\w+\s+)?(?:trabajos|empleos|chambas|jobs|puestos|"
    r"kinds? of work|work)\b"
)


@dataclass
class MarketQuestion:
    """A question about the demand or pay of jobs ("¿hay demanda de cocineros en Cusco?",
    "compare data analyst and BI analyst"): the roles and regions it names."""

    roles: list[str]
    regions: list[str]
    #: what it asks when it names no job: "goal", the pay of the learner's goal ("¿cuánto voy a
    #: ganar?"); "region", every job of the regions it names ("¿hay trabajo en Piura?")
    kind: str = ""


def market_question(catalog: Catalog, text: str) -> MarketQuestion | None:
    """The jobs and regions a question about demand or pay names; None when the message is no
    such question, names no job, or says the learner wants one ("quiero ser cocinero": a goal)."""
    plain = _plain(text)
    # "y en Trujillo cuánto pagan …" asks about another place, not another situation; "hay
    # chamba de contador" asks whether there are jobs, it wishes for none
    asked = _AND_IN.sub(" ", _THERE_ARE_JOBS.sub(" ", plain))
    market = _MARKET.search(plain) is not None or _OWN_PAY.search(plain) is not None
    if not (market or _WORK_THERE.search(asked)) or _JOB_WISH.search(asked):
        return None
    if _WHAT_IF.search(asked) or (not asks(text) and not re.search(r"\bcompar\w*\b", plain)):
        return None
    roles = list(
        dict.fromkeys(r for *_span, means, _job in _mentions(catalog, plain) for r in means)
    )
    if roles:
        return MarketQuestion(roles, market_places(catalog, text)) if market else None
    places = market_places(catalog, text)
    if places and _WORK_THERE.search(asked):
        # "hay trabajo en Piura?", "what jobs are there in Piura?": the jobs there (a question,
        # not where the learner lives)
        return MarketQuestion([], places, "region")
    own = _OWN_PAY.search(plain)
    if own is not None and not (
        _PAY_OR_PRICE.fullmatch(own.group(0)) and (_COURSE_WORD.search(plain) or _ordinal(plain))
    ):
        # "¿cuánto voy a ganar?", "how much will I earn?": the learner's goal (asked when none);
        # "¿cuánto pagan por el primer curso?" asks a price
        return MarketQuestion([], places, "goal")
    return None


#: "y en …", "and in …" opening a message: the same question about another place
_AND_IN = re.compile(r"^\W*(?:(?:y|and|e)\s+)?(?:en|in)\b|^\W*(?:y|and)\b")
#: "hay chamba de contador", "is there work as a cook": whether jobs exist, no wish for one
_THERE_ARE_JOBS = re.compile(
    r"\b(?:hay|habra|existe|is there|are there)\s+(?:\w+\s+)?(?:trabajo|empleo|chamba|"
    r"jobs?|work|demand\w*)\s+(?:de|como|para|for|as)\b"
)


def market_follows(text: str) -> bool:
    """Whether a message may be the question before asked again (:func:`market_follow_up`):
    short, opened by "y"/"and"/"en"/"in", and no supposition nor wish ("y si me mudo …")."""
    plain = _plain(text)
    return (
        _AND_IN.search(plain) is not None
        and len(plain.split()) <= 8
        and _JOB_WISH.search(plain) is None
        and re.search(r"\b(?:si|if)\b", plain) is None
    )


def market_places(catalog: Catalog, text: str) -> list[str]:
    """The regions a message names, the table's and the places of Peru it lacks ("Ica"), in
    the message's order."""
    found = [*_regions_in(catalog, text), *places_unknown(catalog, text)]
    return list(dict.fromkeys(r for _at, r in sorted(found)))


def market_follow_up(catalog: Catalog, text: str, before: MarketQuestion) -> MarketQuestion | None:
    """The question before ("¿cuánto pagan a los analistas de datos en Cusco?") asked again
    for what a short follow-up names: another place ("and in Arequipa?", "¿y en Trujillo?")
    or other jobs ("¿y los cocineros?"); None when it names neither or says more (a profile
    fact, a supposition: "y si me mudo a Trujillo?")."""
    if not market_follows(text):
        return None
    plain = _plain(text)
    regions = market_places(catalog, text)
    roles = list(
        dict.fromkeys(r for *_span, means, _job in _mentions(catalog, plain) for r in means)
    )
    if not regions and not roles:
        return None
    if roles:
        return MarketQuestion(roles, regions or before.regions)
    return MarketQuestion(before.roles, regions, before.kind)


def market_lines(catalog: Catalog, question: MarketQuestion, home: str) -> list[str]:
    """Each job asked about in each region asked about (else the learner's): its demand and
    pay, or where employers ask for it when the table has none there."""
    lines = []
    for role in question.roles:
        rows = [d for d in catalog.demand if d.role == role]
        for region in question.regions or [home]:
            row = next((d for d in rows if d.region == region), None)
            if row is not None:
                lines.append(
                    _(
                        "%(role)s: about S/ %(pay)s a month, demand %(demand)s/100 in %(region)s",
                        role=role_label(role),
                        pay=amount(row.typical_pay_pen_month),
                        demand=f"{row.demand_index:.0f}",
                        region=region_label(region),
                    )
                )
            elif rows:
                lines.append(
                    _(
                        "%(role)s: no jobs in %(region)s in our data; employers ask for it in "
                        "%(regions)s",
                        role=role_label(role),
                        region=region_label(region),
                        regions=", ".join(region_label(d.region) for d in rows),
                    )
                )
    return lines


def region_jobs(catalog: Catalog, region: str) -> list[str]:
    """The jobs the demand table has in ``region``, the most demanded first."""
    rows = sorted(
        (d for d in catalog.demand if d.region == region), key=lambda d: (-d.demand_index, d.role)
    )
    return list(dict.fromkeys(d.role for d in rows))


#: What a question about a course asks: is it free, what it costs, why it is there
_ASKS_FREE = re.compile(r"\b(?:gratis|gratuit[oa]s?|free|sin costo|no cuesta)\b")
_ASKS_COST = re.compile(
    r"\b(?:cuesta|cuestan|costo|coste|precio|cost|costs|price|how much|cuanto|car[oa]|barat[oa]|"
    r"costos[oa]|expensive|cheap|pagad[oa]|paid)\b"
)
_ASKS_WHY = re.compile(r"\b(?:por ?que|why|how come|para que|what for|motivo|razon|reason)\b")
#: A question about how long a course is ("el segundo cuánto dura?", "how long is the second
#: one?", "¿cuántas horas tiene el primero?"): its hours, never its price (the "cuánto" of
#: "cuánto dura" asks no price)
_ASKS_HOURS = re.compile(
    r"(?:\b(?:cuant[oa]s?|how much|how many)\s+(?:\w+\s+)?)?"
    r"\b(?:dura|duran|durara|duracion|demora|demoran|horas|hours?|how long|long|length|lasts?)\b"
    r"|\b(?:cuanto tiempo|how much time)\b"
)
#: A question about how a course is taught ("is it in person or online?", "¿es presencial o
#: virtual?", "¿qué modalidad tiene?"): its modality
_ASKS_MODALITY = re.compile(
    r"\b(?:in person|in-person|face to face|online|on line|remote|remotely|virtual(?:es)?|"
    r"presencial(?:es)?|en linea|a distancia|hybrid|hibrid[oa]s?|modalidad|modality|"
    r"(?:where|donde) (?:is it|are the classes|es|son las clases|se dicta))\b"
)
#: "the power bi one", "the excel intermedio one": a course named by its words and "one"
_THE_X_ONE = re.compile(r"\bthe\s+(?:[a-z0-9]+\s+){1,3}?one\b")
#: "this course", "ese curso", "that one": the course the learner points at
_THIS = re.compile(r"\b(?:this|that|ese|esa|este|esta|eso)\b")


@dataclass
class CourseQuestion:
    """A question about the courses of the latest path ("¿el primero es gratis?", "why this
    course?", "¿por qué me recomiendas el primer curso?"): the path and the course it asks
    about (None: the question is about all of them), and what it asks ("free", "cost", "why",
    "hours", "hours_cost", or "" for all of it)."""

    recommendation: PathwayRecommendation
    courses: list[Course]
    position: int | None
    asks: str
    #: the position asked about is past the path's end ("el cuarto" of three courses), or the
    #: path has no course: answered so, nothing else
    beyond: int | None = None


def course_question(
    session: Session, user: User, catalog: Catalog, text: str
) -> CourseQuestion | None:
    """The question a message asks about a course of the learner's latest path, by its position
    ("el primero", "the second course"), its title or "this course", with "?" or without it
    (:func:`asks`: "el primero es gratis o no"); None when it asks nothing of a course, or the
    learner has no path. A position past the path's end, or any position of a path with no
    course, comes with ``beyond`` (the answer says how many courses it has)."""
    plain = _plain(text)
    if not asks(text) or _OTHER_THINGS.search(plain) or _HOUSE_THINGS.search(plain):
        return None
    index = _ordinal(plain)
    said = _COURSE_SAID.search(plain) is not None
    # "y el de excel intermedio?", "the power bi one?": a course of the path by its name alone
    by_name = not said and (_THE_ONE_OF.search(plain) or _THE_X_ONE.search(plain)) is not None
    if index is None and not said and not by_name:
        return None
    latest, courses = _latest_path(session, user, catalog)
    if latest is None:
        return None
    position: int | None = None
    if index is not None:
        if not -len(courses) <= index - (index > 0) < len(courses):
            # "el cuarto no está en inglés, no?" of a three-course path; "is the first one
            # free?" of a path with none
            return CourseQuestion(latest, courses, None, "", beyond=index)
        position = index if index > 0 else len(courses) + index + 1
    elif not courses:
        # "why this course?" of a path with no course; "¿cuánto cuesta el curso de natación?"
        # is not about the path
        pointed = _THIS.search(plain) or _ASKS_WHY.search(plain)
        return CourseQuestion(latest, courses, None, "", beyond=0) if pointed else None
    else:
        words = f"_{slug(text)}_"
        named = [c for c in courses if f"_{slug(c.id)}_" in words or f"_{slug(c.title)}_" in words]
        named = named or _by_words(courses, plain)
        if not named and _names_another_course(catalog, plain):
            # "how much is the excel course?", "cuánto cuesta el curso de sql?" after a path
            # without them: about that course (the knowledge base's), never the path's (N-H3)
            return None
        if len(named) == 1:
            position = courses.index(named[0]) + 1
        elif by_name:
            return None  # "¿y el de la sede de Arequipa?": no course of the path
        elif len(courses) == 1:
            position = 1
        elif not _THIS.search(plain) and not _ASKS_WHY.search(plain):
            return None  # "¿cuánto cuesta el curso de natación?": not about the path
    hours = _ASKS_HOURS.search(plain)
    # "cuánto dura y cuánto cuesta": both; "cuánto dura": the hours alone
    priced = _ASKS_COST.search(_ASKS_HOURS.sub(" ", plain)) if hours else _ASKS_COST.search(plain)
    asked_for = (
        "modality"
        if _ASKS_MODALITY.search(plain) and not _ASKS_WHY.search(plain)
        else "why"
        if _ASKS_WHY.search(plain)
        else "free"
        if _ASKS_FREE.search(plain)
        else "hours_cost"
        if hours and priced
        else "hours"
        if hours
        else "cost"
        if priced
        else ""
    )
    return CourseQuestion(latest, courses, position, asked_for)


#: A course named by what it is about: "the excel course", "the power bi one", "el curso de
#: sql", "el de marketing" (the words named are in the group)
_NAMED_COURSE = re.compile(
    r"\b(?:the|a|an|your|that|this)\s+(?P<en>(?:[a-z0-9]+\s+){1,3}?)(?:course|courses|class|one)\b"
    r"|\b(?:curso|cursos|clase|clases|el|la)\s+(?:de|del|sobre)\s+(?P<es>[a-z0-9]+)"
)
#: Words "the … course" holds that name no course ("the first course", "the whole course")
_NOT_A_NAME = frozenset({
    "first", "second", "third", "fourth", "fifth", "last", "next", "other", "same", "whole",
    "entire", "full", "online", "new", "cheapest", "cheaper", "shortest", "longest", "free",
    "recommended", "suggested", "previous", "1st", "2nd", "3rd", "4th", "5th",
    "primero", "primer", "segundo", "tercero", "ultimo", "otro", "mismo",
})  # fmt: skip


def _names_another_course(catalog: Catalog, plain: str) -> bool:
    """Whether a message names a course by what it is about ("the excel course", "el curso de
    sql", "the power bi one"), or says a word of a course of the catalog: checked when it names
    none of the path's, so it asks about another course."""
    if _catalog_word(catalog, plain) is not None:
        return True
    for found in _NAMED_COURSE.finditer(plain):
        words = set((found.group("en") or found.group("es") or "").split())
        if words - _NOT_A_NAME - _TITLE_FILLER:
            return True
    return False


def asks_modality(text: str) -> bool:
    """Whether a message asks how a course is taught ("is it in person or online?", "¿es
    presencial o virtual?")."""
    return _ASKS_MODALITY.search(_plain(text)) is not None


def latest_path(
    session: Session, user: User, catalog: Catalog
) -> tuple[PathwayRecommendation | None, list[Course]]:
    """The learner's latest path and its courses (None and [] when they have none)."""
    return _latest_path(session, user, catalog)


def modality_line(course: Course) -> str:
    """How the catalogue says ``course`` is taught, as a sentence ("Power BI Básico is hybrid:
    part in person, part online.")."""
    if course.modality == "hybrid":
        return _("%(course)s is hybrid: part in person, part online.", course=course.title)
    if course.modality == "in_person":
        return _("%(course)s is taught in person.", course=course.title)
    if course.modality == "online":
        return _("%(course)s is taught online.", course=course.title)
    return _("%(course)s: the catalogue does not say how it is taught.", course=course.title)


def _lead_first_steps(catalog: Catalog, profile: Profile, steps: list[Step]) -> None:
    """The course each step of a path cut to the first steps its budget fits leads to (what
    the path said: "requisito para Excel Avanzado"), taken from the path without the budget:
    for a step that leads to no later one and teaches nothing the goal asks for."""
    wanted = {s for t in targets(catalog, profile) for s in t.demand.skills_required}
    loose = [
        st
        for st in steps
        if st.prerequisite_for is None and not set(st.course.skills_taught) & wanted
    ]
    if not loose or profile.budget_pen is None or not has_request_context():
        return
    served = served_ranker()
    if not served.ready or served.model is None:
        return
    settings = current_app.extensions["slipway.settings"]
    whole = build_pathway(
        served.model,
        replace(profile, budget_pen=None),
        max_steps=settings.pathway_max_steps,
        horizon_weeks=settings.pathway_horizon_weeks,
    )
    leads = {st.course.id: st.prerequisite_for for st in whole.steps}
    for step in loose:
        step.prerequisite_for = leads.get(step.course.id)


def path_steps(catalog: Catalog, question: CourseQuestion) -> list[Step]:
    """The steps of the path a question asks about, with their reasons in the current language
    (a step that teaches what a later one requires is a prerequisite for the course that
    later one leads to)."""
    rec = question.recommendation
    profile = Profile.from_dict(rec.profile or {})
    steps = [Step(course, 0.0, "") for course in question.courses]
    for i in reversed(range(len(steps))):
        taught = set(steps[i].course.skills_taught)
        after = next((s for s in steps[i + 1 :] if taught & set(s.course.skills_required)), None)
        # a prerequisite of a prerequisite is one of the course they lead to, as planned
        steps[i].prerequisite_for = (
            None if after is None else after.prerequisite_for or after.course.id
        )
    _lead_first_steps(catalog, profile, steps)
    pathway = Pathway(
        steps=steps,
        roles=[],
        total_hours=sum(c.hours for c in question.courses),
        total_cost_pen=sum(c.cost_pen for c in question.courses),
        weeks=0.0,
    )
    explain(catalog, profile, pathway, len(steps))
    return pathway.steps


PROFILE_FIELDS = ("budget_pen", "goal_role", "region", "hours_per_week", "languages", "skills")
#: A question about what the profile holds ("¿cuál es mi presupuesto?", "what is my goal
#: job?", "¿qué datos tienes de mi perfil?"): the field asked about
_PROFILE_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("budget_pen", re.compile(r"\b(?:mi|my)\s+(?:presupuesto|budget)\b")),
    ("goal_role", re.compile(
        r"\b(?:mi|my)\s+(?:meta|objetivo|goal|target)(?:\s+(?:job|role|laboral|de trabajo))?\b"
        r"|\b(?:mi|my)\s+(?:trabajo|puesto|job|role) (?:objetivo|goal|deseado|meta)\b")),
    ("region", re.compile(r"\b(?:mi|my)\s+(?:region|ciudad|city)\b|\bwhere do i live\b|"
                          r"\ben (?:que|cual) region (?:estoy|vivo)\b")),
    ("hours_per_week", re.compile(r"\b(?:mis|my)\s+(?:horas|hours)\b|"
                                  r"\b(?:mi|my)\s+(?:ritmo|pace)\b")),
    ("languages", re.compile(r"\b(?:mis|my)\s+(?:idiomas|languages)\b")),
    ("skills", re.compile(r"\b(?:mis|my)\s+(?:habilidades|skills|conocimientos)\b")),
    ("", re.compile(r"\b(?:mi|my)\s+(?:perfil|profile|datos)\b|\bde mi perfil\b|"
                    r"\bwhat do you know about me\b|\bque (?:sabes|datos tienes) de mi\b")),
)  # fmt: skip


#: "what is my name?", "¿cómo me llamo?", "¿sabes mi nombre?": the user's own name
_OWN_NAME = re.compile(
    r"\b(?:(?:what(?:'s| is)|whats|tell me|say|do you know|sabes|dime|cual es)\s+(?:my|mi)\s+"
    r"(?:name|nombre)|como me llamo|what am i called|who am i|quien soy(?: yo)?)\b"
)


#: "no entiendo nada", "I don't understand", "what does this mean?": the learner is lost
_CONFUSED = re.compile(
    r"\b(?:no (?:te |le |lo |la )?(?:entiendo|entendi|comprendo|capto|cacho)|"
    r"no se que (?:es|significa)|que significa|"
    r"(?:i )?(?:don'?t|do not|didn'?t) (?:understand|get it|get this|follow)|"
    r"i'?m (?:confused|lost)|estoy (?:confundid[oa]|perdid[oa])|what does (?:this|that|it) mean|"
    r"no me queda claro|me perdi)\b"
)


def confused(text: str) -> bool:
    """Whether a message says the learner does not understand ("pucha, no entiendo nada", "I
    don't get it"), and nothing more (a long message says what it means)."""
    plain = _plain(text)
    return _CONFUSED.search(plain) is not None and len(plain.split()) <= 8


def asks_own_name(text: str) -> bool:
    """Whether a message asks the user's own name ("what is my name?", "¿cómo me llamo?"), not
    the assistant's."""
    return _OWN_NAME.search(_plain(text)) is not None


def profile_asked(text: str) -> str | None:
    """The profile field a question asks about ("" for the whole profile, "name" for the
    user's name: "what is my name?"); None when the message asks nothing of the profile (or
    states something: "mi presupuesto es 300")."""
    if asks_own_name(text):
        return "name"
    plain = _plain(text)
    if not is_question(text) and not re.search(r"\b(?:dime|tell me|show me|muestrame)\b", plain):
        return None
    if re.search(r"\b(?:is|es|son|are)\s+(?:de\s+)?(?:s/)?\s*\d", plain):
        return None
    return next((name for name, pattern in _PROFILE_ASKED if pattern.search(plain)), None)


#: "show me my pathway", "muéstrame mi ruta (de aprendizaje)", "mi ruta": the learner's path,
#: nothing else said (the whole message)
_SHOW_PATH = re.compile(
    r"^\W*(?:(?:please|por favor|porfa)\W+)?"
    r"(?:(?:(?:can|could) you |please )?(?:show|give|send|display|tell)(?: me)?"
    r"|(?:can|could) i (?:see|view)|i (?:want|would like|'d like) to see|let me see|see|view|open"
    r"|what(?:'s| is)|where(?:'s| is)"
    r"|(?:(?:can|could) you |please )?(?:build|make|create|generate|put together|plan)(?: me)?"
    r"|(?:me )?(?:muestras|muestrame|muestra|muestreme|mostrame|mostra|mostrarme|ensename"
    r"|ensenas|ensenheme|dame|deme|mandame|pasame|abre|abrime)"
    # "arma mi ruta", "armame", "armá", "hazme", "haceme", "genera", "creame", "prepárame"
    r"|(?:me )?(?:(?:puedes|podes|podrias|puede|podria) )?(?:arma|armas|armame|armar|armarme|arme"
    r"|armeme|haz|hazme|haces|haceme|hacer|hacerme|hagame|genera|generame|generar|crea|creame|crear"
    r"|prepara|preparame|preparar|planea|planifica)"
    r"|(?:quiero |quisiera |puedo )?ver|cual es|donde esta)?"
    r"\s*(?:my|mi|a|una|me a|me una)\s+(?:current |actual |new |nueva )?"
    r"(?:learning |study |course )?"
    r"(?:path|pathway|ruta|learning plan|study plan|plan de (?:estudios?|aprendizaje|cursos))"
    r"(?:\s+(?:de\s+)?(?:aprendizaje|estudios?|cursos|formacion|capacitacion))?"
    r"(?:\s+(?:actual|again|otra vez|de nuevo|now|ahora))?"
    r"(?:\W+(?:please|por favor|porfa|pls))?\W*$"
)


def asks_for_path(text: str) -> bool:
    """Whether a message asks to see the learner's pathway and nothing else ("show me my
    pathway", "muéstrame mi ruta de aprendizaje", "mi ruta")."""
    return _SHOW_PATH.match(_plain(text)) is not None


def update_from_message(
    session: Session,
    user: User,
    catalog: Catalog,
    text: str,
    answering: list[str] | None = None,
    course: Course | None = None,
) -> Heard:
    """Merge what the message says into the stored profile; returns what it said
    (:class:`Heard`, its facts as stored). Nothing is stored from a message about another
    situation (``what_if``), nor what it leaves open (asked by the skill); ``answering`` and
    ``course`` as :func:`read` takes them.

    A skill named without a level ("I know Excel") keeps the level already stored: only a
    stated level ("a little Excel", "expert in Excel") changes it. One the profile does not
    have yet ("tengo experiencia en atención al cliente") is not stored at a guessed level: it
    is left to ask (``unsure`` and ``vague``: "How well do you know …?"), unless its level is
    in its name ("my English is B2")."""
    heard = read(catalog, text, answering, course)
    heard.said = text
    found = heard.facts
    if heard.lacks and not (heard.what_if or heard.someone_else):
        # "nada de SQL": level 0, none; out of the profile, and the reply says so
        row = profile_or_new(session, user)
        row.skills = {k: v for k, v in (row.skills or {}).items() if k not in heard.lacks}
        row.updated_at = datetime.now(UTC)
        found["skills_none"] = sorted(heard.lacks)
    if not (found or heard.languages_dropped) or heard.what_if or heard.someone_else:
        return heard
    row = profile_or_new(session, user)
    if "skills" in found:
        stored = {str(k): int(v) for k, v in (row.skills or {}).items()}
        for s in [s for s in found["skills"] if _level_to_ask(s, heard, stored)]:
            found["skills"].pop(s)
            heard.unsure[s] = [1, 2, 3]
            heard.vague.add(s)
        if not found["skills"]:
            found.pop("skills")
    if "skills" in found:
        found["skills"] = {
            s: (stored[s] if s in stored and s not in heard.stated else level)
            for s, level in found["skills"].items()
        }
        row.skills = {**stored, **found["skills"]}
    if "languages" in found or heard.languages_dropped:
        # what the message says is added to (or taken from) what the learner reads already
        before = list(row.languages or [])
        langs = [x for x in before if x not in heard.languages_dropped]
        langs += [x for x in LANGUAGES if x in heard.languages_added and x not in langs]
        if langs:
            found["languages"] = langs
            heard.languages_removed = set(before) - set(langs)
        else:
            # "no leo español" from a learner who reads only Spanish: none of the catalog's
            # languages left, and none invented (kept as they were; the reply says so)
            found.pop("languages", None)
            heard.no_language_left = before
    for key in ("goal_role", "region", "hours_per_week", "budget_pen", "languages"):
        if key in found:
            setattr(row, key, found[key])
    row.updated_at = datetime.now(UTC)
    return heard


def _level_to_ask(skill: str, heard: Heard, stored: dict[str, int]) -> bool:
    """Whether ``skill``, read in a message without a level, has its level asked before it is
    stored: named without one, not in the profile yet, and not a skill whose name holds its
    level (English B1)."""
    return skill not in heard.stated and skill not in stored and not skill.startswith("english_")


_DAY_WORDS: dict[str, int] = {
    "one": 1, "uno": 1, "un": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4,
    "cuatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6, "seven": 7, "siete": 7,
}  # fmt: skip
#: How many days a week people say they study, in words ("de lunes a viernes": 5)
_DAYS_SAID: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:todos los dias|cada dia|diario|a diario|toda la semana|every ?day|"
                r"daily|all week|seven days)\b"), 7),
    (re.compile(r"\b(?:lunes a sabado|monday to saturday|mon(?:day)?-sat(?:urday)?)\b"), 6),
    (re.compile(r"\b(?:lunes a viernes|entre semana|weekdays?|monday to friday|"
                r"mon(?:day)?-fri(?:day)?|dias (?:de semana|laborables|utiles)|"
                r"working days)\b"), 5),
    (re.compile(r"\b(?:fines? de semana|weekends?|sabados? y domingos?|saturdays? and "
                r"sundays?)\b"), 2),
)  # fmt: skip
_DAYS_NUMBER = re.compile(
    r"\b([1-7]|" + "|".join(_DAY_WORDS) + r")\b(?:\s*(?:dias?|days?)\b)?(?:\s*(?:a|por|per|"
    r"cada|al?)\s*(?:la\s+)?(?:semana|week))?"
)


#: Days left out of the days said ("todos los días menos el domingo", "every day except Sunday")
_EXCEPT = re.compile(
    r"\b(?:menos|excepto|salvo|sin contar|except|excepting|but not|other than|apart from)\b"
    r"(?P<rest>.*)$"
)
_WEEKDAY = re.compile(
    r"\b(?:lunes|martes|miercoles|jueves|viernes|sabados?|domingos?|mondays?|tuesdays?|"
    r"wednesdays?|thursdays?|fridays?|saturdays?|sundays?)\b"
)
_WEEKEND = re.compile(r"\b(?:fines? de semana|weekends?)\b")
#: The English names of the days, as the Spanish ones (each day counted once)
_WEEKDAY_SAME = {
    "monday": "lunes", "tuesday": "martes", "wednesday": "miercoles", "thursday": "jueves",
    "friday": "viernes", "saturday": "sabado", "sunday": "domingo",
}  # fmt: skip


def answered_days(text: str, bare: bool = True) -> int | None:
    """The days a week an answer to "how many days a week?" says ("5", "cinco días", "de lunes
    a viernes", "todos los días"); None when it says none or several. Hours said in it ("2
    horas al día") are no days. ``bare``: a figure alone counts ("5"); without it (a message
    that was no answer to that question) only days said as days ("5 días", "los fines de
    semana"), never a figure of something else ("mi presupuesto es 1.50.0": no 1 day)."""
    plain = _HOURS.sub(" ", _hours_in_words(_plain(text)))
    but = _EXCEPT.search(plain)
    if but is not None:
        # "todos los días menos el domingo": 6; "de lunes a viernes salvo el miércoles": 4; an
        # exception with no whole said first ("menos el domingo"), or none read, is no answer
        rest = but.group("rest")
        left_out = {m.group(0).rstrip("s") for m in _WEEKDAY.finditer(rest)}
        weekend = _WEEKEND.search(rest) is not None
        left_out |= {"sabado", "domingo"} if weekend else set()
        left_out = {_WEEKDAY_SAME.get(day, day) for day in left_out}
        whole = answered_days(plain[: but.start()], bare=False)
        if whole is None or not left_out or whole - len(left_out) < 1:
            return None
        return whole - len(left_out)
    said = {days for pattern, days in _DAYS_SAID if pattern.search(plain)}
    if not said:
        said = {
            int(m.group(1)) if m.group(1).isdigit() else _DAY_WORDS[m.group(1)]
            for m in _DAYS_NUMBER.finditer(plain)
            if (bare and m.group(1).isdigit())
            or "dia" in m.group(0)
            or "day" in m.group(0)
            or (not bare and re.search(r"\b(?:semana|week)\b", m.group(0)))
            or (bare and len(plain.split()) <= 2)
        }
    return said.pop() if len(said) == 1 else None


def days_said(text: str) -> int | None:
    """The days a week a message says the learner can study without saying the hours
    ("puedo estudiar los fines de semana nomás", "I can only study on weekends", "3 días a la
    semana"); None when it says none, several, or hours too (read as :func:`read` reads them)."""
    plain = _hours_in_words(_plain(text))
    if _HOURS.search(plain) or _MINUTES.search(plain) or _USES.search(plain):
        return None  # "lo uso a diario", "I use it every day": how often a skill is used
    if not _STUDY_WORDS.search(plain) and len(plain.split()) > 5:
        return None  # days said of something else; "solo los fines de semana" is an answer
    return answered_days(plain, bare=False)


#: A figure of hours said a week or a month ("4 horas a la semana"), not a day
_NOT_A_DAY = re.compile(r"\b(?:semana|week|semanal\w*|weekly|mes|month|monthly|mensual\w*)\b")


def answered_hours_a_day(text: str) -> float | None:
    """The hours a day an answer to "how many hours a day?" gives ("3", "3 horas", "2 horas
    diarias", "hora y media"); None when it says none, or a figure a week or a month (read as
    such by :func:`read`)."""
    low = _plain(text)
    if _NOT_A_DAY.search(low):
        return None
    # "hora y media", "dos horas": read as hours are when a pace follows them (a day, asked)
    plain = _hours_in_words(f"{low} al dia")
    m = _HOURS.search(plain) or re.fullmatch(r"\W*(\d{1,2}(?:[.,]\d{1,2})?)\W*", low)
    if m is None or _negative(m.string[: m.start(1)]):
        return None
    return _hours_value(m.group(1))


#: Words that say how often something is used or done at work, not studied
_USES = re.compile(r"\b(?:uso|usa|usamos|use|uses|using|usando|trabaj\w*|work\w*|chamb\w*)\b")


def set_hours(session: Session, user: User, hours: float) -> None:
    """Store the hours a week (the answer to "how many days a week?"), within
    :data:`HOURS_PER_WEEK`: the caller asks again for any other figure (never clamped)."""
    if not hours_allowed(hours):
        raise ValueError(f"{hours} hours a week is outside {HOURS_PER_WEEK}")
    row = profile_or_new(session, user)
    row.hours_per_week = float(hours)
    row.updated_at = datetime.now(UTC)


#: A correction said in the same message ("las dos mil... digo tres mil", "500, I mean 600")
_CORRECTION = re.compile(
    r"\b(?:digo|mejor dicho|o sea|perdon|i mean|or rather|sorry|no wait|bueno no)\b\W*"
)


def corrected(text: str) -> str:
    """What an answer says after its last self-correction ("las dos mil... digo tres mil":
    "tres mil"); the whole text when it corrects nothing."""
    last = None
    for last in _CORRECTION.finditer(_plain(text)):  # noqa: B007 (the last one is kept)
        pass
    rest = text[last.end() :] if last is not None else text
    return rest if rest.strip() else text


def answered_budget(text: str) -> float | None:
    """The budget an answer to "how many soles can you spend?" gives: a budget said as any
    message says one ("mi presupuesto es 1500 soles", "free only"), or an amount alone ("1500",
    "S/ 1.500", "mil soles"); None when it gives none, or one that cannot be told."""
    plain = _plain(corrected(text))
    said = _budget(plain)
    if said.said:
        return said.value
    if said.unclear is not None:
        return None
    worded = _amount_in_words(plain)
    # around it, punctuation but no other currency's sign: "$20" or "20€" answered to "how many
    # soles?" is not S/ 20 (asked again, never stored as soles)
    bare = re.fullmatch(
        r"[^\w$€£¥]*(?:(?:unos|unas|como|about|around|like)\s+)?"
        rf"(?:s/\.?\s*)?{_MINUS}({_NUMBER})\s*(mil|k|thousand)?\s*(?:soles|lucas|pen|mangos)?"
        r"[^\w$€£¥]*",
        worded,
    )
    value = read_amount(bare.group(1)) if bare is not None else None
    if value is None or bare is None:
        return None
    sign = -1 if _negative(worded[: bare.start(1)]) else 1  # "-20": below zero, asked again
    return sign * value * (1000 if bare.group(2) else 1)


def set_budget(session: Session, user: User, budget: float | None) -> None:
    """Store the budget (the answer to "how many soles can you spend?"), one a profile keeps
    (:func:`budget_allowed`): the caller asks again for any other (never clamped)."""
    if not budget_allowed(budget):
        raise ValueError(f"a budget of {budget} is outside 0 to {BUDGET_MAX}")
    row = profile_or_new(session, user)
    row.budget_pen = budget
    row.updated_at = datetime.now(UTC)


def set_skill_level(session: Session, user: User, skill: str, level: int) -> None:
    """Store one skill's level (the answer to "which level?"); level 0 ("ninguno", "no sé
    SQL") takes the skill out of the profile: the learner does not have it."""
    row = profile_or_new(session, user)
    skills = {**(row.skills or {}), skill: int(level)}
    row.skills = {k: v for k, v in skills.items() if k != skill or int(level) > 0}
    row.updated_at = datetime.now(UTC)


def set_goal(session: Session, user: User, role: str) -> None:
    """Store the goal role (the answer to "which job?" or "do you want to work as …?")."""
    row = profile_or_new(session, user)
    row.goal_role = role
    row.updated_at = datetime.now(UTC)


def add_language(session: Session, user: User, language: str) -> list[str]:
    """Add a language the learner reads (the answer "yes" to "do you read Spanish?"); the
    languages now stored."""
    row = profile_or_new(session, user)
    row.languages = [x for x in LANGUAGES if x in {*(row.languages or ()), language}]
    row.updated_at = datetime.now(UTC)
    return list(row.languages)


#: Words that may come with a bare yes or no ("yes, I do", "no, sorry", "no, just English")
_ANSWER_TAIL = (
    r"(?:\W+(?:i do|i can|i don'?t|i do not|i can'?t|i cannot|lo leo|si leo|no lo leo|sorry|"
    r"lo siento|gracias|thanks|thank you|just english|only english|english only|solo ingles|"
    r"solo en ingles|nomas ingles|ingles nomas|solo el ingles|of course|claro|por supuesto|"
    r"perfectly|perfectamente|bien|well|que si"
    # a reason after the answer ("si claro, soy peruano": probe 38, J-M11)
    r"|soy peruan[oa]|soy del? peru|i'?m peruvian|i am peruvian|i'?m from peru|i am from peru|"
    r"es mi (?:idioma|lengua)(?: materna)?|"
    r"it(?:'?s| is) my (?:native |first |mother )?(?:language|tongue)|"
    r"soy nativ[oa]|native speaker))*\W*$"
)
#: "sí", "yes", "claro", "of course": yes to "do you read Spanish?"
_YES = re.compile(
    r"^\W*(?:si|yes|yeah|yep|yup|claro|of course|sure|por supuesto|correcto|asi es|i do|i can|"
    r"obvio|sip|definitely|absolutely|perfectamente|perfectly)" + _ANSWER_TAIL
)
#: "no", "not really", "para nada": no to it ("no entiendo", "I don't know" are no answer)
_NO = re.compile(
    r"^\W*(?:no|nope|nah|not really|not at all|para nada|i don'?t|i do not|i can'?t|"
    r"i cannot|negativo|nop|just english|only english|solo ingles)" + _ANSWER_TAIL
)
#: "a little", "un poco", "más o menos": a low level, not enough to follow a course
_A_LITTLE = re.compile(
    r"^\W*(?:(?:si|yes|no|pues|well|bueno),?\s+)?(?:a little|a bit|un poco|un poquito|poquito|"
    r"poco|mas o menos|so-so|so so|basic|basico|not much|no mucho|not very well|not well|"
    r"some|algo)(?:\s+(?:nomas|only|just|de espanol|spanish|espanol))?\W*$"
)


def spanish_answer(catalog: Catalog, text: str, intent: str | None = None) -> str | None:
    """What a message answers to "do you read Spanish?": "yes" ("sí", "I can read Spanish"),
    "no" ("no", "only English", "no leo español"), "low" ("a little", "un poco de español":
    not enough to follow a course taught in it), or None when it does not answer it."""
    plain = _plain(text)
    if asks(text) or _SCHEDULING.search(plain):
        return None  # "do you have courses in English?": a question, never the answer
    heard = read(catalog, text)
    if "es" in heard.languages_dropped:
        return "no"
    if heard.spanish_low:
        return "low"
    if "es" in heard.languages_added:
        return "yes"
    if _A_LITTLE.search(plain):
        return "low"
    if _NO.search(plain) or (len(plain.split()) <= 2 and intent == "no"):
        return "no"
    if _YES.search(plain) or (len(plain.split()) <= 2 and intent == "yes"):
        return "yes"
    return None


#: The facts a question about another situation may change for its answer
WHAT_IF_FIELDS = ("region", "budget_pen", "hours_per_week", "goal_role", "languages")


# -- recommending -------------------------------------------------------------------------------
@dataclass
class Recommendation:
    id: int
    pathway: Pathway
    ranker_version: str
    profile: Profile
    #: the learner's latest answer on each of its courses (course id → action), given on this
    #: recommendation or an earlier one
    feedback: dict[str, str] = field(default_factory=dict)
    #: the language ("es", "en") whose courses the learner's languages kept out of the path
    language_left_out: str | None = None
    #: the learner has every skill of their goal: nothing is left to learn for it
    goal_covered: bool = False
    #: the English level taken for a learner who uses the assistant in English and never said
    #: theirs (:func:`_english_assumed`): used for this path, said in its notes, never stored
    english_assumed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The recommendation for the clients; roles carry their name in the current language."""
        out = self.pathway.to_dict()
        out["roles"] = [{**r, "role_name": role_label(str(r["role"]))} for r in out["roles"]]
        # money as the replies write it, for the clients to show as is (one formatter)
        out["steps"] = [{**s, "cost_text": soles(s["cost_pen"])} for s in out["steps"]]
        out["total_cost_text"] = soles(out["total_cost_pen"])
        return {
            "recommendation_id": self.id,
            "ranker_version": self.ranker_version,
            "profile": self.profile.to_dict(),
            **out,
            "feedback": dict(self.feedback),
        }


def _latest_path(
    session: Session, user: User, catalog: Catalog
) -> tuple[PathwayRecommendation | None, list[Course]]:
    """The learner's latest recommendation and its courses the catalog still has."""
    latest = session.scalar(
        select(PathwayRecommendation)
        .where(PathwayRecommendation.user_id == user.id)
        .order_by(PathwayRecommendation.id.desc())
        .limit(1)
    )
    if latest is None:
        return None, []
    return latest, [catalog.by_id[c] for c in (latest.course_ids or []) if c in catalog.by_id]


def _latest_same(
    session: Session, user: User, version: str, profile: dict[str, Any], course_ids: list[str]
) -> PathwayRecommendation | None:
    """The user's latest recommendation when it was made for the same profile by the same ranker
    version and holds the same courses in the same order (None otherwise)."""
    latest = session.scalar(
        select(PathwayRecommendation)
        .where(PathwayRecommendation.user_id == user.id)
        .order_by(PathwayRecommendation.id.desc())
        .limit(1)
    )
    if latest is None:
        return None
    same = (
        latest.ranker_version == version
        and list(latest.course_ids or []) == course_ids
        and Profile.from_dict(latest.profile or {}).to_dict() == profile
    )
    return latest if same else None


def recommend(
    session: Session, user: User, overrides: dict[str, Any] | None = None
) -> Recommendation:
    """Build and count a pathway for the user's profile (``overrides`` apply to this call and
    are not stored in the profile).

    The recommendation is stored so feedback can refer to it, unless the user's latest one was
    made for the same profile (overrides included) by the same ranker version and holds the same
    courses: then that one is answered again, with its id and the feedback given on it. Older
    recommendations are never changed, so feedback given on them stays where it was."""
    served = ready_ranker()
    assert served.model is not None
    catalog = served.model.catalog
    settings = current_app.extensions["slipway.settings"]
    _before, shown_before = _latest_path(session, user, catalog)
    row = get_profile(session, user)
    profile = as_profile(row, user.locale)
    if profile.region not in catalog.regions:  # stored while no ranker was loaded
        profile.region = resolve_region(catalog, profile.region) or profile.region
    if overrides:
        scratch = LearnerProfile(
            skills=dict(profile.skills),
            interests=list(profile.interests),
            region=profile.region,
            hours_per_week=profile.hours_per_week,
            budget_pen=profile.budget_pen,
            languages=list(profile.languages),
            goal_role=profile.goal_role,
        )
        apply_changes(catalog, scratch, overrides)
        profile = as_profile(scratch)
    # a course the learner turned down or already completed is not offered again, and what a
    # completed course taught counts as known ("can work with it") for the next steps
    answered = session.execute(
        select(PathwayFeedback.course_id, PathwayFeedback.action).where(
            PathwayFeedback.user_id == user.id,
            PathwayFeedback.action.in_(("rejected", "completed")),
        )
    ).all()
    left_out = {str(course) for course, _action in answered}
    # a course whose latest answer is "accepted" is kept in the next path while it still
    # serves the goal and fits, even when the learner turned down a course it requires
    latest: dict[str, str] = {}
    for course_id, action in session.execute(
        select(PathwayFeedback.course_id, PathwayFeedback.action)
        .where(PathwayFeedback.user_id == user.id)
        .order_by(PathwayFeedback.created_at, PathwayFeedback.id)
    ).all():
        latest[str(course_id)] = str(action)
    accepted = {c for c, action in latest.items() if action == "accepted"} - left_out
    for course_id, action in answered:
        done = catalog.by_id.get(str(course_id)) if action == "completed" else None
        for skill in _known_after(done) if done is not None else ():
            profile.skills[skill] = max(profile.skills.get(skill, 0), 2)
    # a learner who uses the assistant in English and never said their English level is not
    # sent to English courses: the catalog's highest level is taken for this path, said in its
    # notes (with how to correct it) and never written to the profile
    english_assumed = _english_assumed(catalog, user, profile)
    if english_assumed is not None:
        profile.skills[english_assumed] = 2
    # a language level said (or learned) holds the levels below it: English B2 needs no A2 nor
    # B1 course, and counts for a course that requires B1
    for skill, level in list(profile.skills.items()):
        for lower in _lower_levels(catalog, skill):
            profile.skills[lower] = max(profile.skills.get(lower, 0), level)
    # the catalog's highest level of a language at 3 (a native or C1/C2 speaker, "my English is
    # C2"): every skill of that language is below them (Call center English, Business English)
    # and no course of it is a step, even one that teaches something else too
    for lang in LANGUAGES:
        top = _top_level(catalog, lang)
        if top is not None and profile.skills.get(top, 0) >= 3:
            for skill in _language_skills(catalog, lang):
                profile.skills[skill] = max(profile.skills.get(skill, 0), 3)
    pathway = build_pathway(
        served.model,
        profile,
        max_steps=settings.pathway_max_steps,
        horizon_weeks=settings.pathway_horizon_weeks,
        exclude=left_out | _beneath(catalog, profile),
        keep=accepted,
    )
    pathway.steps = prerequisites_first(catalog, pathway.steps)
    first_steps = None
    if not pathway.steps and pathway.cheapest_fit_pen is not None:
        first_steps = _first_steps_within_budget(
            served.model,
            profile,
            settings.pathway_max_steps,
            settings.pathway_horizon_weeks,
            left_out | _beneath(catalog, profile),
            accepted,
        )
        if first_steps is not None:
            first_steps[0].cheapest_fit_pen = pathway.cheapest_fit_pen
            pathway = first_steps[0]
    course_ids = [s.course.id for s in pathway.steps]
    stored = profile.to_dict()
    if english_assumed is not None:  # the snapshot (feedback export, training data) holds what
        # the learner said or learnt, never the English this path took for them
        english = set(_language_skills(catalog, "en"))
        stored["skills"] = {k: v for k, v in stored["skills"].items() if k not in english}
    rec = _latest_same(session, user, served.version, stored, course_ids)
    if rec is None:
        rec = PathwayRecommendation(
            user_id=user.id,
            export_id=secrets.token_hex(16),
            profile=stored,
            course_ids=course_ids,
            ranker_version=served.version,
        )
        session.add(rec)
    # the latest answer on each of these courses, whichever recommendation it was given on
    answered = session.execute(
        select(PathwayFeedback.course_id, PathwayFeedback.action)
        .where(PathwayFeedback.user_id == user.id, PathwayFeedback.course_id.in_(course_ids))
        .order_by(PathwayFeedback.created_at, PathwayFeedback.id)
    ).all()
    feedback = {str(course): str(action) for course, action in answered}
    session.commit()
    metrics.RECOMMENDATIONS.inc()
    language = explain(
        catalog,
        profile,
        pathway,
        settings.pathway_max_steps,
        settings.pathway_horizon_weeks,
        left_out,
        first_steps=None if first_steps is None else first_steps[1],
    )
    pathway.notes += _left_with(shown_before, pathway, latest)
    pathway.notes += _in_place_of(
        catalog, profile, pathway, _turned_down_on(session, user, catalog, latest)
    )
    if english_assumed is not None and _needs_english(catalog, profile):
        pathway.notes.append(
            _(
                "I took your English to be %(level)s, the course catalog's highest level, since "
                "you use Slipway in English (I did not store it): if it is lower, tell me (for "
                "example “my English is B1”) and I will add the English courses you need",
                level=skill_label(english_assumed),
            )
        )
    covered = not pathway.steps and goal_covered(catalog, profile)
    return Recommendation(
        rec.id, pathway, served.version, profile, feedback, language, covered, english_assumed
    )


def _builds_on(catalog: Catalog, course: Course, in_path: dict[str, Course]) -> set[str]:
    """The skills ``course`` builds on, directly or through the skills it requires: a required
    skill that a step of the path teaches (``in_path``: skill → that step's course) adds what
    that course requires; one that no step teaches adds what every catalog course teaching it
    requires (Front-End con React requires JavaScript, whose course requires HTML y CSS)."""
    seen: set[str] = set()
    todo = list(course.skills_required)
    while todo:
        skill = todo.pop()
        if skill in seen:
            continue
        seen.add(skill)
        teacher = in_path.get(skill)
        if teacher is not None:
            todo += teacher.skills_required
            continue
        teachers = catalog.teachers.get(skill, [])
        if teachers:
            todo += set.intersection(*(set(t.skills_required) for t in teachers))
    return seen - set(course.skills_taught)


def prerequisites_first(catalog: Catalog, steps: list[Step]) -> list[Step]:
    """``steps`` in an order where every course comes after the steps teaching what it builds
    on (:func:`_builds_on`, through the catalog: React after HTML y CSS, even when the learner
    knows some JavaScript); among the steps free to come next, the earliest in ``steps`` (the
    ranking's order). Two steps that would each have to come first keep their order."""
    in_path: dict[str, Course] = {}
    for step in steps:
        for skill in step.course.skills_taught:
            in_path.setdefault(skill, step.course)
    after: dict[int, set[int]] = {}
    builds = [_builds_on(catalog, st.course, in_path) for st in steps]
    for i in range(len(steps)):
        after[i] = {
            j
            for j, other in enumerate(steps)
            if j != i and builds[i] & set(other.course.skills_taught)
        }
    for i in list(after):  # a cycle of two: neither waits for the other
        for j in list(after[i]):
            if i in after.get(j, set()):
                after[i].discard(j)
                after[j].discard(i)
    done: list[int] = []
    while len(done) < len(steps):
        left = [i for i in range(len(steps)) if i not in done]
        ready = [i for i in left if after[i] <= set(done)]
        done.append(ready[0] if ready else left[0])
    return [steps[i] for i in done]


def _first_steps_within_budget(
    model: Any,
    profile: Profile,
    max_steps: int,
    horizon_weeks: float,
    exclude: set[str],
    keep: set[str],
) -> tuple[Pathway, str] | None:
    """When the budget keeps every course of the goal out (with the courses each requires
    first): the path built without the budget, cut to its first steps that fit the budget
    (each with the steps it requires), and a note saying what is left and what it costs;
    None when not even its first step fits. When the budget pays for none of them (only free
    ones fit: "solo cursos gratuitos", S/ 50), the path is those free first steps, and the
    note says plainly that the budget does not reach what comes after them."""
    budget = profile.budget_pen
    if budget is None:
        return None
    free = replace(profile, budget_pen=None)
    whole = build_pathway(
        model, free, max_steps=max_steps, horizon_weeks=horizon_weeks, exclude=exclude, keep=keep
    )
    steps = prerequisites_first(model.catalog, whole.steps)
    kept: list[Step] = []
    cost = 0.0
    taught = {s for s in profile.skills if profile.known(s) >= 0.5}
    for step in steps:
        waits = any(
            need not in taught and any(need in st.course.skills_taught for st in steps)
            for need in step.course.skills_required
        )  # a step the path teaches it first left out: this one waits for it too
        if waits or cost + step.course.cost_pen > budget:
            continue
        kept.append(step)
        cost += step.course.cost_pen
        taught |= set(step.course.skills_taught)
    if not kept:
        return None
    rest = [st for st in steps if st not in kept]
    hours = sum(st.course.hours for st in kept)
    after = {s for s, lvl in profile.skills.items() if lvl >= 1} | taught
    roles = [
        {
            **role,
            "coverage_after": round(
                sum(1 for s in role["skills_required"] if s in after)
                / max(len(role["skills_required"]), 1),
                3,
            ),
        }
        for role in whole.roles
    ]
    first = Pathway(
        steps=kept,
        roles=roles,
        total_hours=hours,
        total_cost_pen=cost,
        weeks=round(hours / max(profile.hours_per_week, 1.0), 1),
    )
    rest_values = {
        "rest": format_list(
            [f"{st.course.title} (S/ {amount(st.course.cost_pen)})" for st in rest],
            locale=current_language(),
        ),
        "more": amount(sum(st.course.cost_pen for st in rest)),
    }
    if cost <= 0 and budget <= 0:
        # "solo cursos gratuitos": the free first steps, and what is not free after them
        return first, _(
            "Only the first steps are free; what comes after them is not, and a budget for "
            "free courses does not reach it: %(rest)s, S/ %(more)s in all",
            **rest_values,
        )
    if cost <= 0:
        return first, _(
            "Only the first steps, which are free, fit your budget of S/ %(budget)s; it does "
            "not reach what comes after them: %(rest)s, S/ %(more)s in all",
            budget=amount(budget, cents=True),
            **rest_values,
        )
    values = {
        "budget": amount(budget, cents=True),
        "rest": format_list(
            [f"{st.course.title} (S/ {amount(st.course.cost_pen)})" for st in rest],
            locale=current_language(),
        ),
        "more": amount(sum(st.course.cost_pen for st in rest)),
        "total": amount(cost + sum(st.course.cost_pen for st in rest)),
    }
    note = _(
        "Only the first steps fit your budget of S/ %(budget)s; then come %(rest)s, "
        "S/ %(more)s more (S/ %(total)s for the whole path)",
        **values,
    )
    return first, note


def _known_after(course: Course) -> set[str]:
    """What a learner who completed ``course`` knows: what it taught and what it requires
    (Excel Avanzado's Excel: Excel Intermedio, turned down, no longer keeps Power BI out)."""
    return {*course.skills_taught, *course.skills_required}


def _english_assumed(catalog: Catalog, user: User, profile: Profile) -> str | None:
    """The English level a path takes for a learner whose locale is English, who reads English
    and has no English skill in the profile (none said, none learned): the catalog's highest
    (English B2), for that path only; None otherwise (a Spanish-locale learner, one who said
    their level or that they don't speak English)."""
    if language_of(user.locale) != "en" or "en" not in profile.languages:
        return None
    if any(profile.skills.get(s, 0) > 0 for s in _language_skills(catalog, "en")):
        return None
    return _top_level(catalog, "en")


def _needs_english(catalog: Catalog, profile: Profile) -> bool:
    """Whether the roles a profile aims at ask for any English skill (then an assumed English
    level changes the path, and the path says so)."""
    english = set(_language_skills(catalog, "en"))
    return any(english & set(t.demand.skills_required) for t in targets(catalog, profile))


_CEFR = ("a1", "a2", "b1", "b2", "c1", "c2")


def _lower_levels(catalog: Catalog, skill: str) -> list[str]:
    """The catalog's skills of the same language at a lower CEFR level than ``skill``
    ("english_b2": english_a2, english_b1); none for a skill that is no language level."""
    m = re.fullmatch(r"(.+)_(a1|a2|b1|b2|c1|c2)", skill)
    if m is None:
        return []
    below = _CEFR[: _CEFR.index(m.group(2))]
    return [f"{m.group(1)}_{cefr}" for cefr in below if f"{m.group(1)}_{cefr}" in catalog.skills]


def record_feedback(
    session: Session, user: User, recommendation_id: int, course_id: str, action: str
) -> PathwayFeedback:
    """Store what the user did with a recommended course (the latest action wins)."""
    rec = (
        session.get(PathwayRecommendation, recommendation_id)
        if valid_id(recommendation_id)
        else None
    )
    if rec is None or rec.user_id != user.id:
        raise PathwayError(
            404, "not_found", _("no recommendation with id %(id)s", id=recommendation_id)
        )
    if course_id not in rec.course_ids:
        raise PathwayError(
            422,
            "validation_error",
            _(
                "course %(course)s is not part of recommendation %(id)s",
                course=course_id,
                id=rec.id,
            ),
        )
    row = session.scalar(
        select(PathwayFeedback).where(
            PathwayFeedback.recommendation_id == rec.id, PathwayFeedback.course_id == course_id
        )
    )
    if row is None:
        row = PathwayFeedback(
            user_id=user.id, recommendation_id=rec.id, course_id=course_id, action=action
        )
        session.add(row)
    row.action = action
    row.created_at = datetime.now(UTC)
    session.commit()
    metrics.PATHWAY_FEEDBACK.labels(action).inc()
    return row


def served_roles(
    roles: list[dict[str, Any]], taught: list[tuple[str, ...] | list[str]]
) -> list[dict[str, Any]]:
    """The target roles a path's steps serve (a step teaches a skill the role asks for), in
    their order: what the path is "towards". Without skills to compare, the first two."""
    skills = {s for step in taught for s in step}
    served = [r for r in roles if skills & set(r.get("skills_required") or ())]
    return served or roles[:2]


def describe(rec: Recommendation) -> str:
    """The pathway as a short text in the current language (the steps in order, each with its
    reason, then the totals and the notes)."""
    p = rec.pathway
    if not p.steps and rec.goal_covered:
        return "\n".join(p.notes)  # nothing left to learn for the goal: said, and what next
    if not p.steps:
        return "\n".join([_("I could not fit a course to your profile."), *p.notes])
    roles = ", ".join(
        _(
            "%(role)s in %(region)s (demand %(demand)s/100, about S/ %(pay)s a month)",
            role=role_label(r["role"]),
            region=region_label(r["region"]),
            demand=f"{r['demand_index']:.0f}",
            pay=amount(r["typical_pay_pen_month"]),
        )
        for r in served_roles(p.roles, [s.course.skills_taught for s in p.steps])
    )
    lines = [_("Here is a pathway towards %(roles)s:", roles=roles)]
    for i, step in enumerate(p.steps, start=1):
        c = step.course
        cost = _("free") if c.cost_pen <= 0 else soles(c.cost_pen)
        lines.append(
            f"{i}. {c.title} ({c.provider}, {c.language}, {decimal(c.hours)} h, {cost}) — "
            f"{step.reason}"
        )
    lines.append(_total_line(p))
    lines += p.notes
    return "\n".join(lines)


def whole_weeks(weeks: float) -> int:
    """The weeks a path takes, rounded to whole weeks as a person says them (19.6 → 20, 7.5 →
    8, 16.2 → 16); 0 for less than a week."""
    if weeks < 1:
        return 0
    return math.floor(weeks + 0.5)


def _total_line(p: Pathway) -> str:
    """A path's hours, weeks at the learner's pace (whole weeks: "about 20 weeks", "less than a
    week") and cost, as one sentence."""
    hours = decimal(p.total_hours)
    cost = amount(p.total_cost_pen)
    weeks = whole_weeks(p.weeks)
    if weeks == 0:
        return _(
            "In total %(hours)s hours (less than a week at your pace) and S/ %(cost)s.",
            hours=hours,
            cost=cost,
        )
    return ngettext(
        "In total %(hours)s hours (about %(num)d week at your pace) and S/ %(cost)s.",
        "In total %(hours)s hours (about %(num)d weeks at your pace) and S/ %(cost)s.",
        weeks,
        hours=hours,
        cost=cost,
    )


# -- why each step ------------------------------------------------------------------------------
def _names(skills: list[str]) -> str:
    return ", ".join(skill_label(s) for s in skills)


def _goal_reason(catalog: Catalog, profile: Profile, course: Course, goal: list[Target]) -> str:
    """Why a course serves one of the target roles ("" when it serves none of them)."""
    missing = [s for s in course.skills_taught if profile.known(s) < 1.0] or list(
        course.skills_taught
    )
    for t in goal:
        hit = [s for s in missing if s in t.demand.skills_required]
        if not hit:
            continue
        rows = [d for d in catalog.demand if d.role == t.demand.role]
        asking = sum(1 for d in rows if set(hit) & set(d.skills_required))
        return _(
            "teaches %(skills)s, required for %(role)s (demand %(demand)s/100 in %(region)s; "
            "asked for in %(asking)s of %(regions)s regions)",
            skills=_names(hit),
            role=role_label(t.demand.role),
            demand=f"{t.demand.demand_index:.0f}",
            region=region_label(t.demand.region),
            asking=asking,
            regions=len(rows),
        )
    return ""


def _regional_share(catalog: Catalog, region: str, skill: str) -> float:
    rows = [d for d in catalog.demand if d.region == region]
    total = sum(d.demand_index for d in rows) or 1.0
    return sum(d.demand_index for d in rows if skill in d.skills_required) / total


def step_reason(
    catalog: Catalog, profile: Profile, step: Step, goal: list[Target], chosen: str | None
) -> str:
    """A step's reason in the current language. With a goal the learner chose, every step is
    explained by that goal's demand (``chosen`` names it): a step for another role never is."""
    course = step.course
    missing = [s for s in course.skills_taught if profile.known(s) < 1.0] or list(
        course.skills_taught
    )
    target = catalog.by_id.get(step.prerequisite_for or "")
    if target is not None:
        needed = [s for s in missing if s in target.skills_required] or missing
        if chosen:
            return _(
                "prerequisite for %(course)s, a step towards %(role)s: teaches %(skills)s, "
                "which it requires",
                course=target.title,
                role=chosen,
                skills=_names(needed),
            )
        return _(
            "prerequisite for %(course)s: teaches %(skills)s, which it requires",
            course=target.title,
            skills=_names(needed),
        )
    reason = _goal_reason(catalog, profile, course, goal)
    if reason:
        return reason
    best = max(missing, key=lambda s: _regional_share(catalog, profile.region, s))
    share = _regional_share(catalog, profile.region, best)
    if round(share * 100) < 1:  # a course nobody asks for is not said to help ("0 %")
        return _("teaches %(skills)s", skills=_names(missing))
    if chosen:
        return _(
            "teaches %(skills)s: %(role)s jobs do not list it, but %(share)s of in-demand "
            "roles in %(region)s ask for it",
            skills=skill_label(best),
            role=chosen,
            share=f"{share:.0%}",
            region=region_label(profile.region),
        )
    return _(
        "teaches %(skills)s, asked for by %(share)s of in-demand roles in %(region)s",
        skills=skill_label(best),
        share=f"{share:.0%}",
        region=region_label(profile.region),
    )


#: Why a skill the targets ask for has no step, in the order they are named
_BLOCKERS = ("language", "turned_down", "beneath", "budget", "hours", "steps")


def _beneath(catalog: Catalog, profile: Profile) -> set[str]:
    """The courses of a language the learner speaks above the catalog's highest level of it (its
    highest level at 3: a native or C1/C2 speaker): "English for Call Centers" for a native
    English speaker. They are never steps (:func:`recommend`)."""
    skills: set[str] = set()
    for lang in LANGUAGES:
        top = _top_level(catalog, lang)
        if top is not None and profile.skills.get(top, 0) >= 3:
            skills |= set(_language_skills(catalog, lang))
    return {c.id for c in catalog.courses if skills & set(c.skills_taught)}


def _with_prerequisites(
    profile: Profile,
    catalog: Catalog,
    course: Course,
    taught: set[str],
    excluded: set[str],
    seen: frozenset[str] = frozenset(),
) -> tuple[list[Course], set[str]]:
    """``course`` preceded by the courses for what it requires that the learner does not know
    (the cheapest usable one for each, as the planner takes them), and why a requirement has no
    usable course ("language", "turned_down"; empty when every requirement has one)."""
    langs = set(profile.languages) or {"es"}
    plan: list[Course] = []
    why: set[str] = set()
    taught = set(taught)
    for need in course.skills_required:
        if need in taught or profile.known(need) >= 0.5:
            continue
        options = [
            t for t in catalog.teachers.get(need, []) if t.id != course.id and t.id not in seen
        ]
        usable = sorted(
            (t for t in options if t.language in langs and t.id not in excluded),
            key=lambda t: (t.cost_pen, t.hours, t.id),
        )
        missed: set[str] = set()
        for option in usable:
            sub, sub_why = _with_prerequisites(
                profile, catalog, option, taught, excluded, seen | {course.id, option.id}
            )
            if not sub_why:
                plan += [c for c in sub if c not in plan]
                taught |= {s for c in sub for s in c.skills_taught}
                break
            missed |= sub_why
        else:
            why |= missed
            why |= {"language" for t in options if t.language not in langs}
            why |= {"turned_down" for t in options if t.id in excluded}
    return [*plan, course], why


def _blockers(
    profile: Profile,
    catalog: Catalog,
    course: Course,
    room: tuple[float | None, float, int],
    taught: set[str],
    excluded: set[str],
) -> set[str]:
    """What keeps ``course`` (with the courses it requires first) out of the path: its
    language or a required one's, the learner turned it (or a required one) down, the budget,
    hours or steps left (``room``: budget, hours and steps the path leaves)."""
    langs = set(profile.languages) or {"es"}
    budget, hours, steps = room
    out: set[str] = set()
    if course.language not in langs:
        out.add("language")
    if course.id in excluded:
        out.add("turned_down")
    if course.id in _beneath(catalog, profile):
        out.add("beneath")
    plan, why = _with_prerequisites(profile, catalog, course, taught, excluded)
    out |= why
    # with a requirement left unplanned (``why``) the sums below are the least it would take
    if budget is not None and sum(c.cost_pen for c in plan) > budget:
        out.add("budget")
    if sum(c.hours for c in plan) > hours:
        out.add("hours")
    if len(plan) > steps:
        out.add("steps")
    return out


def _why_missing(
    catalog: Catalog,
    profile: Profile,
    pathway: Pathway,
    skill: str,
    limits: tuple[int, float | None],
    excluded: set[str],
) -> tuple[str, ...]:
    """The fewest reasons (of :data:`_BLOCKERS`) that keep every course teaching ``skill`` out
    of the path; () when there is no such course or its reason is not one of them."""
    max_steps, horizon = limits
    teachers = catalog.teachers.get(skill, [])
    if not teachers:
        return ()
    budget = profile.budget_pen
    room = (
        None if budget is None else budget - pathway.total_cost_pen,
        float("inf")
        if horizon is None
        else max(profile.hours_per_week, 1.0) * horizon - pathway.total_hours,
        max_steps - len(pathway.steps),
    )
    taught = {s for st in pathway.steps for s in st.course.skills_taught}
    taught |= {s for s, lvl in profile.skills.items() if lvl >= 2}
    kept = [_blockers(profile, catalog, t, room, taught, excluded) for t in teachers]
    if not all(kept):
        return ()
    common = set.intersection(*kept)
    if common:  # what keeps every course out (all of it: one alone would not bring it in)
        return tuple(b for b in _BLOCKERS if b in common)
    for size in range(1, len(_BLOCKERS) + 1):
        for combo in combinations(_BLOCKERS, size):
            if all(set(combo) & k for k in kept):
                return combo
    return ()


def _reason_words(
    catalog: Catalog,
    profile: Profile,
    skill: str,
    blocker: str,
    limits: tuple[int, float | None],
    others: bool = False,
) -> str:
    """One reason a skill has no step, in the current language (``others``: said beside "you
    turned down its course", so it speaks of the other courses)."""
    if blocker == "language":
        langs = set(profile.languages) or {"es"}
        courses = list(catalog.teachers.get(skill, []))
        needs = {n for c in courses for n in c.skills_required if profile.known(n) < 0.5}
        courses += [t for n in needs for t in catalog.teachers.get(n, [])]
        taught_in = {c.language for c in courses} - langs
        if taught_in == {"en"}:
            return _(
                "its course, or one it requires, is taught in English, which is not among "
                "your languages"
            )
        if taught_in == {"es"}:
            return _(
                "its course, or one it requires, is taught in Spanish, which is not among "
                "your languages"
            )
        return _("its course, or one it requires, is taught in a language you did not list")
    if blocker == "turned_down":
        return _("you turned down its course or one it requires")
    if blocker == "beneath":
        return _("its course teaches a language you speak above the catalog's levels")
    if blocker == "budget":
        budget = profile.budget_pen or 0
        if others:  # beside "you turned down its course": the courses left cost too much
            if budget <= 0:
                return _("no other course that teaches it is free")
            return _(
                "the other courses that teach it do not fit your budget of S/ %(budget)s",
                budget=amount(budget, cents=True),
            )
        if budget <= 0:
            return _("no course that teaches it is free")
        return _("it does not fit your budget of S/ %(budget)s", budget=amount(budget, cents=True))
    if blocker == "hours":
        return _(
            "it does not fit %(hours)s hours a week for %(weeks)s weeks",
            hours=decimal(profile.hours_per_week),
            weeks=decimal(limits[1] or 0),
        )
    # the path is shorter than its limit, but not by enough for the course and what it requires
    return _(
        "with the courses it requires first, the path would be longer than %(steps)s steps",
        steps=limits[0],
    )


def _still_to_learn(
    catalog: Catalog,
    profile: Profile,
    pathway: Pathway,
    missing: list[str],
    limits: tuple[int, float | None],
    excluded: set[str],
) -> str:
    """Which skills the path leaves to learn and the real reason(s) for each (only the
    budget, the hours, the languages or the number of steps that do keep them out)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for skill in missing:
        why = _why_missing(catalog, profile, pathway, skill, limits, excluded)
        groups.setdefault(why, []).append(skill)
    parts = []
    for why, skills in groups.items():
        if why:
            others = "turned_down" in why
            reasons = "; ".join(
                _reason_words(catalog, profile, skills[0], b, limits, others) for b in why
            )
        elif not catalog.teachers.get(skills[0]):
            reasons = _("no course in the catalog teaches it")
        else:
            reasons = _("no room for it in this path")
        parts.append(f"{_names(skills)} ({reasons})")
    return "; ".join(parts)


def explain(
    catalog: Catalog,
    profile: Profile,
    pathway: Pathway,
    max_steps: int,
    horizon_weeks: float | None = None,
    excluded: Iterable[str] = (),
    first_steps: str | None = None,
) -> str | None:
    """Give the pathway's steps their reasons and its notes in the current language, from the
    goal the learner chose (else the region's most demanded roles). ``horizon_weeks`` and
    ``excluded`` (the courses the learner turned down or completed) are what the path was
    built with: a note says which of them keeps a needed skill out. ``first_steps``: the path
    holds only the first steps that fit the budget (no course of the goal does), and this note
    says what comes after them (it follows the note on the budget). Returns the language
    ("es", "en") whose courses the learner's languages kept out of the path, if any."""
    goal = targets(catalog, profile)
    roles = match_roles(catalog, profile.goal_role)
    chosen = ", ".join(role_label(r) for r in roles) if roles else None
    covered = dict(profile.skills)  # what the learner knows, then what each step adds
    for step in pathway.steps:
        before = replace(profile, skills=dict(covered))
        step.reason = step_reason(catalog, before, step, goal, chosen)
        covered |= {s: max(covered.get(s, 0), 2) for s in step.course.skills_taught}
    have = {s for s, lvl in profile.skills.items() if lvl >= 2}
    have |= {s for st in pathway.steps for s in st.course.skills_taught}
    wanted = {s for t in goal for s in t.demand.skills_required if profile.known(s) < 1.0}
    notes = []
    limits = (max_steps, horizon_weeks)
    left_out = set(excluded)
    elsewhere = sorted({t.demand.region for t in goal} - {profile.region})
    if roles and not any(t.demand.region == profile.region for t in goal):
        # the goal has no demand in the learner's region: the path follows another region's
        notes.append(
            _(
                "There are no %(role)s jobs in %(region)s in our data, so I used what "
                "employers in %(regions)s ask for",
                role=chosen,
                region=region_label(profile.region),
                regions=", ".join(elsewhere),
            )
        )
    still = len(notes)  # where "still to learn" goes (before the notes on an empty path)
    budget = profile.budget_pen
    # the budget note says no course is free (or fits): only when nothing else keeps one out
    # (a free course whose required course the learner turned down is not "not free")
    budget_alone = (not pathway.steps or first_steps is not None) and all(
        _why_missing(catalog, profile, pathway, s, limits, left_out) in {(), ("budget",)}
        for s in wanted
    )
    if (
        (not pathway.steps or first_steps is not None)
        and pathway.cheapest_fit_pen is not None
        and budget is not None
        and budget_alone
    ):
        # the goal's courses were kept out by the budget alone: say so, and what it would take
        values = {
            "role": chosen or ", ".join(dict.fromkeys(role_label(t.demand.role) for t in goal)),
            "skills": _names(sorted(wanted)),
            "cost": amount(pathway.cheapest_fit_pen),
        }
        if budget <= 0:
            notes.append(
                _(
                    "None of the courses that teach what %(role)s jobs ask for (%(skills)s) is "
                    "free: the cheapest one, with the courses it requires first, costs "
                    "S/ %(cost)s",
                    **values,
                )
            )
        else:
            notes.append(
                _(
                    "None of the courses that teach what %(role)s jobs ask for (%(skills)s) fits "
                    "your budget of S/ %(budget)s: the cheapest one, with the courses it "
                    "requires first, costs S/ %(cost)s",
                    budget=amount(budget, cents=True),
                    **values,
                )
            )
    budget_said = len(notes) > still
    if pathway.steps and wanted - have and not budget_said:
        notes.insert(
            still,
            _(
                "Still to learn for %(roles)s: %(skills)s",
                roles=chosen or ", ".join(dict.fromkeys(role_label(t.demand.role) for t in goal)),
                skills=_still_to_learn(
                    catalog, profile, pathway, sorted(wanted - have), limits, left_out
                ),
            ),
        )
    if pathway.steps or budget_said:
        pass  # a path with steps (the first steps within the budget too), or the budget said
    elif wanted and any(catalog.teachers.get(s) for s in wanted):
        # what keeps each needed skill out (a turned-down course, the languages, the hours …)
        notes.append(
            _(
                "No course fits the profile for %(roles)s: %(skills)s",
                roles=chosen or ", ".join(dict.fromkeys(role_label(t.demand.role) for t in goal)),
                skills=_still_to_learn(catalog, profile, pathway, sorted(wanted), limits, left_out),
            )
        )
    elif goal_covered(catalog, profile):
        # every course of the goal completed (or its skills known): nothing is left to learn
        # for it, and the budget, hours or languages are not the matter
        notes += _covered_notes(catalog, profile, goal, roles)
    else:
        notes.append(
            _(
                "No course fits the profile: raise the budget or hours, add a language, "
                "or change the goal role"
            )
        )
    if first_steps is not None:
        # only the first steps fit (or only free ones): what comes after them
        notes.append(first_steps)
    notes += _unmet_requirements(catalog, profile, pathway, left_out)
    language_needed = any(
        "language" in _why_missing(catalog, profile, pathway, s, limits, left_out)
        for s in sorted(wanted - have)
    )
    # only when the languages keep a needed course out (a skill still to learn): news then (of
    # the two languages, the one the learner does not read)
    left_out_language = None
    if language_needed and "en" not in (set(profile.languages) or {"es"}):
        left_out_language = "en"
        notes.append(_("English-taught courses were left out (add English to your languages)"))
    elif language_needed and "es" not in set(profile.languages):
        left_out_language = "es"
        notes.append(
            _("Spanish-taught courses were left out (add Spanish to your languages if you read it)")
        )
    pathway.notes = notes
    return left_out_language


def goal_covered(catalog: Catalog, profile: Profile) -> bool:
    """Whether the learner already has every skill their goal role's jobs ask for (what the
    courses they completed taught included): nothing is left to learn for that goal."""
    if not match_roles(catalog, profile.goal_role):
        return False
    goal = targets(catalog, profile)
    return bool(goal) and all(
        profile.known(s) >= 1.0 for t in goal for s in t.demand.skills_required
    )


#: How many other jobs the reply offers once nothing is left to learn for the goal
NEXT_GOALS = 3


def _covered_notes(
    catalog: Catalog, profile: Profile, goal: list[Target], roles: list[str]
) -> list[str]:
    """What a path for a goal whose skills the learner all has says: that nothing is left to
    learn for it (with those skills), and what could come next: the region's other jobs
    nearest to what they know (fewest skills to learn, then the most demanded)."""
    skills = sorted({s for t in goal for s in t.demand.skills_required})
    notes = [
        _(
            "You already have every skill %(role)s jobs ask for in our data (%(skills)s): "
            "nothing is left to learn for this goal.",
            role=", ".join(role_label(r) for r in roles),
            skills=_names(skills),
        )
    ]
    rows = catalog.region_rows.get(profile.region) or []
    others = sorted(
        (
            (sum(profile.known(s) < 1.0 for s in required), -d.demand_index, d.role)
            for d, required in rows
            if d.role not in roles
        ),
    )
    nearest = list(dict.fromkeys(role for missing, _demand, role in others if missing))
    if nearest:
        notes.append(
            _(
                "What next? Tell me another job you want (“I want to be …”) and I will make "
                "its pathway; in %(region)s, the nearest to what you know are %(roles)s.",
                region=region_label(profile.region),
                roles=format_list(
                    [role_label(r) for r in nearest[:NEXT_GOALS]], locale=current_language()
                ),
            )
        )
    else:
        notes.append(
            _(
                "What next? Tell me another job you want (“I want to be …”) and I will make "
                "its pathway."
            )
        )
    return notes


def _left_with(shown: list[Course], pathway: Pathway, answers: dict[str, str]) -> list[str]:
    """A note for each course of the path shown before that was there only to come before a
    course the learner has since completed or turned down, and is now left out ("Computación
    Básica" before "Excel Intermedio", completed): said openly, the profile is not changed."""
    kept = {step.course.id for step in pathway.steps}
    notes = []
    for course in shown:
        if course.id in kept or course.id in answers:
            continue
        taught = set(course.skills_taught)
        after = [c for c in shown if c.id in answers and taught & set(c.skills_required)]
        done = [c for c in after if answers[c.id] == "completed"]
        turned_down = [c for c in after if answers[c.id] == "rejected"]
        skills = _names(sorted(taught & {s for c in after for s in c.skills_required}))
        if done:
            notes.append(
                _(
                    "I left out %(course)s: it was in your pathway to come before %(before)s, "
                    "which you completed, so I take it you know %(skills)s (nothing was written "
                    "to your profile)",
                    course=course.title,
                    before=", ".join(c.title for c in done),
                    skills=skills,
                )
            )
        elif turned_down:
            notes.append(
                _(
                    "I left out %(course)s: it was in your pathway to come before %(before)s, "
                    "which you turned down",
                    course=course.title,
                    before=", ".join(c.title for c in turned_down),
                )
            )
    return notes


def _turned_down_on(
    session: Session, user: User, catalog: Catalog, answers: dict[str, str]
) -> list[tuple[Course, set[str]]]:
    """Each course whose latest answer is "rejected", with the courses of the path it was
    turned down on (the latest such path): what a later step takes the place of."""
    rows = session.execute(
        select(PathwayFeedback.course_id, PathwayRecommendation.course_ids)
        .join(PathwayRecommendation, PathwayRecommendation.id == PathwayFeedback.recommendation_id)
        .where(PathwayFeedback.user_id == user.id, PathwayFeedback.action == "rejected")
        .order_by(PathwayFeedback.created_at, PathwayFeedback.id)
    ).all()
    on: dict[str, set[str]] = {}
    for course_id, shown in rows:
        if answers.get(str(course_id)) == "rejected" and str(course_id) in catalog.by_id:
            on[str(course_id)] = {str(c) for c in shown or ()}
    return [(catalog.by_id[c], shown) for c, shown in on.items()]


def _in_place_of(
    catalog: Catalog,
    profile: Profile,
    pathway: Pathway,
    turned_down: list[tuple[Course, set[str]]],
) -> list[str]:
    """A note for each step that teaches what a course the learner turned down taught, and was
    not in the path that course was turned down on ("Cocina Peruana Básica", S/ 900, for
    "Manipulación Higiénica de Alimentos", free): why a dearer course is there, that it keeps
    to the budget, what the course turned down took, whether the step is mostly another
    trade's (what else it teaches, the goal does not ask for), and how to leave it out when
    the learner knows what it is there for. Said on every path it is in, not only the first."""
    budget = profile.budget_pen
    aims = targets(catalog, profile)
    goal = {s for t in aims for s in t.demand.skills_required}
    jobs = format_list(
        list(dict.fromkeys(role_label(t.demand.role) for t in aims)), locale=current_language()
    )
    notes = []
    for course, before in turned_down:
        for step in pathway.steps:
            same = sorted(set(step.course.skills_taught) & set(course.skills_taught))
            if step.course.id in before or not same:
                continue
            values = {
                "course": step.course.title,
                "other": course.title,
                "skills": _names(same),
                "cost": soles(step.course.cost_pen),
                "hours": decimal(step.course.hours),
            }
            if budget is None:
                note = _(
                    "%(course)s takes the place of %(other)s, which you turned down: it is "
                    "the next course that teaches %(skills)s (%(hours)s h, %(cost)s; you "
                    "have set no budget)",
                    **values,
                )
            else:
                note = _(
                    "%(course)s takes the place of %(other)s, which you turned down: it is "
                    "the next course that teaches %(skills)s (%(hours)s h, %(cost)s, within "
                    "your budget of %(budget)s)",
                    budget=soles(budget),
                    **values,
                )
            more = []
            dearer = step.course.cost_pen > course.cost_pen or step.course.hours > course.hours
            if dearer:
                more.append(
                    _(
                        "%(other)s was %(hours)s h and free.",
                        other=course.title,
                        hours=decimal(course.hours),
                    )
                    if course.cost_pen <= 0
                    else _(
                        "%(other)s was %(hours)s h and %(cost)s.",
                        other=course.title,
                        hours=decimal(course.hours),
                        cost=soles(course.cost_pen),
                    )
                )
            other_trade = sorted(set(step.course.skills_taught) - goal - set(same))
            if other_trade:
                # "Electricidad Básica" for a welder's occupational safety: an electrician's
                # course, taken for the one skill of it the goal asks for
                more.append(
                    _(
                        "%(course)s is mostly for other jobs: it also teaches %(others)s, which "
                        "%(roles)s jobs do not ask for.",
                        course=step.course.title,
                        others=_names(other_trade),
                        roles=jobs,
                    )
                )
            said = _("I know %(skills)s", skills=_names(same))
            read_back = _read_skills(catalog, _plain(said))
            if (dearer or other_trade) and set(same) <= {
                *read_back.facts.get("skills", ()),
                *read_back.unsure,
            }:
                # how to say it, only when the chat reads it so ("sé seguridad y salud en el
                # trabajo"): its level is asked, then the course is left out
                more.append(
                    _(
                        "If you already know %(skills)s, tell me (“%(said)s”) and I will leave "
                        "%(course)s out.",
                        skills=_names(same),
                        said=said,
                        course=step.course.title,
                    )
                )
            notes.append(" ".join([note + ".", *more]) if more else note)
    return notes


def _unmet_requirements(
    catalog: Catalog, profile: Profile, pathway: Pathway, excluded: set[str]
) -> list[str]:
    """A note for each step that requires a skill the learner does not know and no step
    teaches: only a course they accepted is kept so (:func:`models.ranker.build_pathway`,
    ``keep``), after they turned down the course it requires."""
    notes = []
    taught = {s for step in pathway.steps for s in step.course.skills_taught}
    for step in pathway.steps:
        course = step.course
        unmet = [n for n in course.skills_required if profile.known(n) < 0.5 and n not in taught]
        if not unmet:
            continue
        turned_down = any(t.id in excluded for n in unmet for t in catalog.teachers.get(n, []))
        if turned_down:
            notes.append(
                _(
                    "%(course)s requires %(skills)s, which this path does not teach: you turned "
                    "down the course that teaches it. I kept %(course)s because you accepted it",
                    course=course.title,
                    skills=_names(unmet),
                )
            )
        else:
            notes.append(
                _(
                    "%(course)s requires %(skills)s, which this path does not teach. I kept "
                    "%(course)s because you accepted it",
                    course=course.title,
                    skills=_names(unmet),
                )
            )
    return notes
