"""The words around the time parser: the spelling it is given (typos and casual forms written
as the word they stand for), the words that make a reading vague, the weekday modifiers, and the
questions asked back, in English and Spanish.

These are word lists, not a date grammar: the parser (see ``time_reader``) reads the dates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Casual and misspelt forms → the word they stand for (whole words, any case).
_SPELLING: Mapping[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (
            r"tmrw|tmr|tmrow|tmoro|tmorrow|tomoro|tomorow|tommorow|tommorrow|tomorrw|"
            r"2moro|2morro|2morrow|2mrw|2mro",
            "tomorrow",
        ),
        (r"2nite|2night|tonite|tonigt|tonihgt", "tonight"),
        (r"2day|tday", "today"),
        (r"thurs|thur|thrus|thursdy|thrusday", "thursday"),
        (r"tues|tue|tuesdy", "tuesday"),
        (r"weds|wednesdy|wensday|wendsday|wedensday", "wednesday"),
        (r"fri|friady|firday", "friday"),
        (r"mondy", "monday"),
        (r"saturdy|satruday", "saturday"),
        (r"nxt", "next"),
        (r"mins", "minutes"),
        (r"hrs|hr", "hours"),
        (r"mornin|mornng|morng", "morning"),
        (r"aftn|arvo", "afternoon"),
        (r"evng|evenin", "evening"),
        (r"noonish|12ish", "noon"),
        (r"half an hour|half hour|a half hour", "30 minutes"),
        (r"an hour and a half|one and a half hours|1\.5 hours", "90 minutes"),
        (r"(?:a )?couple (?:of )?hours", "2 hours"),
        (r"(?:a )?couple (?:of )?minutes", "2 minutes"),
        (r"(?:a )?quarter (?:of )?an hour", "15 minutes"),
        (r"an hour", "1 hour"),
        (r"(?:around|about|approx\.?|approximately|roughly|circa)(?= *(?:\d|noon))", ""),
    ),
    "es": (
        (r"mñn|mñna|mnn|mna|manana|mañna|mañan|manaña", "mañana"),
        (r"(?<!del )(?<!de )(?:al |a |el )?medio ?d[ií]a", "a las 12 del mediodía"),
        (r"miercoles|mierc|miérc", "miércoles"),
        (r"sabado|sab|sáb", "sábado"),
        (r"jue", "jueves"),
        (r"vie", "viernes"),
        (r"lun", "lunes"),
        (r"proximo|próx|prox", "próximo"),
        (r"proxima", "próxima"),
        (r"despues", "después"),
        (r"q viene|k viene", "que viene"),
        (r"hrs|hr", "horas"),
        (r"mins|min", "minutos"),
        (r"(?:una )?media hora", "30 minutos"),
        (r"una hora y media|hora y media", "90 minutos"),
        (r"un par de horas", "2 horas"),
        (r"un cuarto de hora", "15 minutos"),
        (r"x la", "por la"),
        (r"(?<=el )(?:1ro|1ero|primero)", "1"),
        # "el 15 a las 9": without the comma the parser reads a range "de 15 a 9"
        (r"(?<=el )(\d{1,2})(?= (?:a las?|a eso|en la|por la|de la) )", r"\1,"),
        (r"(?:a eso de|como a|alrededor de|tipo|más o menos a|mas o menos a) (?=las? )", "a "),
    ),
}
_COMPILED = {
    lang: tuple((re.compile(rf"(?<![\w@])(?:{p})(?!\w)", re.I), r) for p, r in rules)
    for lang, rules in _SPELLING.items()
}
_ATTACHED_PM = re.compile(r"\b(\d{1,2}(?::\d\d)?) ?(p|a)(?:\.)?(?=\s|$|[,.!?])", re.I)


def normalize(text: str, lang: str) -> str:
    """The text with casual forms written out ("tmrw at 5p" → "tomorrow at 5pm")."""
    for pattern, replacement in _COMPILED["es" if lang == "es" else "en"]:
        text = pattern.sub(replacement, text)
    if lang != "es":
        text = _ATTACHED_PM.sub(lambda m: f"{m.group(1)}{m.group(2).lower()}m", text)
    return " ".join(text.split())


_VAGUE = {
    "en": r"later|soon|sometime|some time|eod|end of (?:the )?day|end of (?:the )?week|asap|"
    r"as soon as possible|whenever|in a bit|in a while|at some point|one of these days|"
    r"first thing|close of business|cob",
    "es": r"luego|más tarde|mas tarde|pronto|a la brevedad|cuanto antes|en un rato|al rato|"
    r"apenas puedas|algún día|algun dia|en algún momento|ahorita|fin de día|fin del día|"
    r"final del día|lo antes posible",
}
VAGUE = {lang: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I) for lang, p in _VAGUE.items()}

WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_WEEKDAY_WORD = re.compile(
    r"(?<!\w)(" + "|".join(WEEKDAYS["en"] + WEEKDAYS["es"]) + r"|miercoles|sabado)(?!\w)", re.I
)
_AFTER_NEXT = re.compile(
    r"after next|week after|de la otra semana|de la semana subsiguiente|subsiguiente|"
    r"de la siguiente semana no|en dos semanas|in two weeks",
    re.I,
)
_NEXT = re.compile(r"(?<!\w)(next|coming|próximo|proximo|siguiente|que viene|entrante)(?!\w)", re.I)
_THIS = re.compile(r"(?<!\w)(this|este|esta)(?!\w)", re.I)
_LAST = re.compile(r"(?<!\w)(last|past|pasado|anterior)(?!\w)", re.I)


def weekday_in(text: str) -> int | None:
    """The weekday a phrase names (Monday = 0), or None."""
    m = _WEEKDAY_WORD.search(text)
    if not m:
        return None
    word = m.group(1).lower().replace("miercoles", "miércoles").replace("sabado", "sábado")
    for names in WEEKDAYS.values():
        if word in names:
            return names.index(word)
    return None


def weekday_modifier(phrase: str, after: str) -> str:
    """How a weekday is qualified: "after_next", "next", "last", "this" or "" (bare).

    ``after`` is the text that follows the phrase ("the Friday after next": the parser's
    phrase is "friday", the qualifier comes after it).
    """
    if _AFTER_NEXT.search(phrase) or _AFTER_NEXT.match(after.strip()):
        return "after_next"
    if re.search(r"(?<!\w)pasado mañana(?!\w)", phrase, re.I):
        return ""
    if _LAST.search(phrase):
        return "last"
    if _NEXT.search(phrase) or re.match(r"(que viene|entrante)(?!\w)", after.strip(), re.I):
        return "next"
    if _THIS.search(phrase):
        return "this"
    return ""


PARTS_OF_DAY = (  # the word → the hour it is read as (the rule book)
    (re.compile(r"(?<!\w)(afternoon|tarde)(?!\w)", re.I), 15),
    (re.compile(r"(?<!\w)(evening)(?!\w)", re.I), 18),
    (re.compile(r"(?<!\w)(tonight|night|noche)(?!\w)", re.I), 20),
    (re.compile(r"(?<!\w)(noon|midday|mediodía)(?!\w)", re.I), 12),
    (re.compile(r"(?<!\w)(morning|mañana)(?!\w)", re.I), 9),
)
PART_CODES = {"MO": 9, "MI": 12, "AF": 15, "EV": 18, "NI": 20}
MIDNIGHT = re.compile(r"(?<!\w)(midnight|medianoche)(?!\w)", re.I)
TWELVE_AT_NIGHT = re.compile(r"(?<!\d)(12|doce)(?!\d).*(?<!\w)(noche|night)(?!\w)", re.I)
OFFSET_WORDS = re.compile(r"^\s*(in|en|dentro de|within)(?!\w)", re.I)
MONTH_NAMES = re.compile(
    r"(?<!\w)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
    r"april|june|july|august|september|october|november|december|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)(?!\w)",
    re.I,
)
NUMERIC_DATE = re.compile(r"(?<![\d/.:])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?(?![\d/:])")

# The words left dangling once the time words are taken out of a message.
_DANGLING = {
    "en": r"at|on|by|for|from|in|around|about|this|next|the|until|till|to|before|after|of",
    "es": r"a las|a la|a|el|la|las|los|para el|para las|para la|para|de|del|por|en|dentro de|"
    r"desde|hasta|este|esta|próximo|que viene",
}
DANGLING = {lang: re.compile(rf"(?:(?<=\s)|^)(?:{p})\s*$", re.I) for lang, p in _DANGLING.items()}

QUESTIONS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "no_time": "What time {day}?",
        "no_when": "When should it be? Please give a day and a time.",
        "no_day": "Which day at {time}?",
        "ambiguous_hour": "Did you mean {a} or {b}?",
        "ambiguous_weekday": "Did you mean {a} or {b}?",
        "ambiguous_date": "Did you mean {a} or {b}?",
        "past": "{understood} has already passed. Did you mean {a}?",
        "past_plain": "{understood} is in the past. When should it be?",
        "exact": "What time exactly? Please give a day and a time.",
        "vague": "When exactly? Please give a day and a time.",
        "correction": "I read more than one time ({items}). Which one did you mean?",
    },
    "es": {
        "no_time": "¿A qué hora {day}?",
        "no_when": "¿Para cuándo? Dime un día y una hora.",
        "no_day": "¿Qué día a las {time}?",
        "ambiguous_hour": "¿Quieres decir {a} o {b}?",
        "ambiguous_weekday": "¿Quieres decir {a} o {b}?",
        "ambiguous_date": "¿Quieres decir {a} o {b}?",
        "past": "{understood} ya pasó. ¿Quieres decir {a}?",
        "past_plain": "{understood} ya pasó. ¿Para cuándo lo dejo?",
        "exact": "¿A qué hora exactamente? Dime un día y una hora.",
        "vague": "¿Cuándo exactamente? Dime un día y una hora.",
        "correction": "Entendí más de un momento ({items}). ¿Cuál quieres?",
    },
}

# A Spanish duration ("por 45 minutos", "durante dos horas"): the parser reads "45 minutos" as a
# clock time, so the number is read by its number model and the unit from this list.
ES_DURATION = re.compile(
    r"(?<!\w)(?P<lead>(?:en|dentro de|por|durante|de)\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?|[a-záéíóúñ]+(?: y [a-záéíóúñ]+)?)\s*"
    r"(?P<u>minutos?|mins?|horas?|hrs?|segundos?|segs?)(?!\w)",
    re.I,
)
ES_UNITS = {"min": 60, "hor": 3600, "hrs": 3600, "hr": 3600, "seg": 1}
ES_NUMBER_WORD = re.compile(
    r"una|un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce", re.I
)
