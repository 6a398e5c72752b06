"""The words around the time parser: the spelling it is given (typos and casual forms written
as the word they stand for), the words that make a reading vague, the weekday modifiers, and the
questions asked back, in English and Spanish.

These are word lists, not a date grammar: the parser (see ``time_reader``) reads the dates.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

# An abbreviated unit ("hr", "mins") is a unit only after a count: a number or a count word
# (probe 44, P44-H6: "call HR" was stored as «call hours», "my mins and secs notes" as «minutes»)
_AFTER_COUNT = {
    "en": r"(?:(?<=\d )|(?<=\d-)|(?<=\ban )|(?<=\ba )|(?<=\bone )|(?<=\btwo )|(?<=\bthree )"
    r"|(?<=\bfour )|(?<=\bfive )|(?<=\bsix )|(?<=\bten )|(?<=\bfew )|(?<=\bcouple )"
    r"|(?<=\bcouple of )|(?<=\bseveral )|(?<=\bmore )|(?<=\bhalf )|(?<=\bhalf an ))",
    "es": r"(?:(?<=\d )|(?<=\d-)|(?<=\bun )|(?<=\buna )|(?<=\bunos )|(?<=\bunas )|(?<=\bdos )"
    r"|(?<=\btres )|(?<=\bcuatro )|(?<=\bcinco )|(?<=\bdiez )|(?<=\bpar de )|(?<=\bmedia )"
    r"|(?<=\bmás )|(?<=\bmas ))",
}
# Casual and misspelt forms → the word they stand for (whole words, any case), in order.
_SPELLING: Mapping[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (r"(?:at )?(?:around|about|approx\.?|approximately|roughly|circa)(?= +(?:\d|noon))", "at"),
        # "at 5ish", "around 5-ish pm", "at 5 something": about 5 ("at" was left in the text)
        (r"(?:(?:at|around|about) )?(\d{1,2}(?::\d\d)?) ?(am|pm)?[- ]?ish", r"at \1\2"),
        (r"(?:at|around|about) (\d{1,2}) ?-?something(?: (am|pm))?", r"at \1\2"),
        (
            r"tmrw|tmr|tmw|tmrow|tmoro|tmorrow|tomoro|tomorow|tommorow|tommorrow|tomorrw|"
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
        (r"sat(?= +(?:\d|at |morn|afternoon|aftn|arvo|evening|evng|night))", "saturday"),
        (r"sun(?= +(?:\d|at |morn|afternoon|aftn|arvo|evening|evng|night))", "sunday"),
        (r"nxt", "next"),
        # "Valentine's at 8pm": the day ("dinner at Valentine's", "a Valentine's card": not)
        (
            r"(?<!at )valentine['’]?s(?! +(?:day|card|cards|gift|gifts|present|presents|flowers"
            r"|chocolates?|roses))",
            "valentine's day",
        ),
        # only after a count ("in 2 hrs", "an hr", "a few mins"): never "call HR", "my mins"
        (rf"{_AFTER_COUNT['en']}mins", "minutes"),
        (rf"{_AFTER_COUNT['en']}(?:hrs|hr)", "hours"),
        (r"mornin|mornng|morng", "morning"),
        (r"aftn|arvo", "afternoon"),
        # "at tea time", "teatime": the evening meal (the UK, Ireland, Australia), the evening
        (r"(?:(?:at|around|about|by|for|before|after)\s+)?tea\s?-?time", "in the evening"),
        (r"evng|evenin", "evening"),
        (r"noonish", "noon"),
        # British "half 5" (5:30) said without "at": "remind me tomorrow half 5 to ring mum"
        (
            r"(?<!at )(?<!in )(?<!from )(?<!to )(?<!and )(?<!till )(?<!until )(?<!- )(?<!-)"
            r"half (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven|twelve)(?! ?(?:hours?|hrs?|minutes?|mins?|days?|weeks?|months?|%|[.:,]\d))",
            r"at half \1",
        ),
        (r"half an hour|half hour|a half hour", "30 minutes"),
        (r"an hour and a half|one and a half hours|1\.5 hours?|1\.5 hrs", "90 minutes"),
        (r"(\d+)\.5 hours", r"\1 hours and 30 minutes"),
        (r"(?:a )?couple (?:of )?hours", "2 hours"),
        (r"(?:a )?couple (?:of )?minutes", "2 minutes"),
        (r"(?:a )?quarter (?:of )?an hour", "15 minutes"),
        (r"an hour", "1 hour"),
    ),
    "es": (
        # "como a las 5" → "a las 5" (the lookahead keeps the next word's boundary in view)
        (
            r"(?:(?:como )?a eso de|como a|alrededor de|tipo|más o menos a|mas o menos a)"
            r"(?= las? )",
            "a",
        ),
        (
            r"(?:(?:como )?a eso del|como al|alrededor del|tipo|más o menos al|mas o menos al)"
            r"(?= medio ?d[ií]a)",
            "al",
        ),
        (r"(?:tipo|como a|a eso de|alrededor de)(?= \d)", "a las"),
        # "sobre las 5", "hacia las 5 de la tarde": about 5, read as "a las 5" (probe 43); never
        # "sobre las 5 propuestas" (what a reminder is about: a plural noun follows the number)
        (
            r"(?:sobre|hacia)(?= las? (?:\d{1,2}(?:[:.]\d\d)?|una|dos|tres|cuatro|cinco|seis|siete"
            r"|ocho|nueve|diez|once|doce)(?!\w)(?!\s+(?!(?:hs|más|mas|menos|pues|ps|pes|lunes|martes"
            r"|miércoles|miercoles|jueves|viernes)\b)[a-záéíóúñ]*s\b))",
            "a",
        ),
        (r"(?:sobre|hacia)(?: el)?(?= medio ?d[ií]a)", "al"),
        # WhatsApp "d" for "de": "a las 9 d la noche", "el 5 d enero"
        (
            r"d(?= (?:la|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
            r"setiembre|octubre|noviembre|diciembre)(?!\w))",
            "de",
        ),
        (r"mñn|mñna|mnn|mna|mana|manana|mañna|mañan|manaña", "mañana"),
        (r"(?<!en )(?<!de )(?<!in )(\d{1,2})h(\d\d)", r"\1:\2"),  # "17h30" (Spain), not "en 1h30"
        # "mañana 6", "mañana 17hs": a clock said with no "a las" ("mañana 14 de abril" is a date)
        (
            r"(?<!la )(?<!de )(?<!en )(?<!por )(mañana|hoy) ((?:[01]?\d|2[0-3])(?::\d\d)?)"
            r"(?: ?(hs?)(?!\w))?(?! ?(?:horas?|hrs?|minutos?|min|a las?|de|del|al|en)\b)(?![/.\d])",
            r"\1 a las \2 \3",
        ),
        # "el lunes 17:00h", "el lunes 17hs" ("el lunes 14" is a day of the month)
        (
            r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo) ((?:[01]?\d|2[0-3]):\d\d)"
            r"(?: ?(hs?)(?!\w))?",
            r"\1 a las \2 \3",
        ),
        (
            r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo) ((?:[01]?\d|2[0-3])) ?(hs?)",
            r"\1 a las \2 \3",
        ),
        (r"(?<!del )(?<!de )(?:al |a |el )?medio ?d[ií]a", "a las 12 del mediodía"),
        (r"(?:12|doce) del d[ií]a", "12 del mediodía"),  # "a las doce del día": noon
        (r"miercoles|mierc|miérc|mier|mié", "miércoles"),
        (r"sabado|sab|sáb", "sábado"),
        (r"jue", "jueves"),
        (r"vie", "viernes"),
        (r"lun", "lunes"),
        (r"proximo|próx|prox", "próximo"),
        (r"proxima", "próxima"),
        (r"despues", "después"),
        (r"q viene|k viene", "que viene"),
        # only after a count ("en 2 hrs", "unos mins"): never "llamar a HR", "el min del acta"
        (rf"{_AFTER_COUNT['es']}(?:hrs|hr)", "horas"),
        (rf"{_AFTER_COUNT['es']}(?:mins|min)", "minutos"),
        (r"(?:una )?media hora", "30 minutos"),
        (r"una hora y media|hora y media", "90 minutos"),
        (r"un par de horas", "2 horas"),
        (r"un cuarto de hora", "15 minutos"),
        (r"x la", "por la"),
        (r"finde", "fin de semana"),  # the weekend, as it is said ("¿tengo algo el finde?")
        (r"(?<!de )la otra semana", "la próxima semana"),  # Peru: next week
        # "a las 5 y pico", "tipo 5 y algo": about 5 ("y pico" was left in the item's text)
        (r"(las? \d{1,2}) y (?:pico|algo|tantos)", r"\1"),
        (r"(\d{1,2}) y media", r"\1:30"),
        (r"(\d{1,2}) y cuarto", r"\1:15"),
    ),
}
_COMPILED = {
    lang: tuple((re.compile(rf"(?<![\w@])(?:{p})(?!\w)", re.I), r) for p, r in rules)
    for lang, rules in _SPELLING.items()
}
_ATTACHED_PM = re.compile(
    r"\b(\d{1,2}(?::\d\d)?) ?(p|a)(?:\. ?m\.?|\.)?(?=\s|$|[,.!?])", re.I
)  # "5p", "5 p.m.", "5 a. m." → "5pm", "5am"
# An English range followed by its day: the parser reads the day with the end only
_RANGE_THEN_DAY = re.compile(
    r"(?P<range>\b(?:from|between)\s+\d{1,2}(?::\d\d)?\s*(?:[ap]m)?\s+(?:to|and|till|until|-)\s+"
    r"\d{1,2}(?::\d\d)?\s*(?:[ap]m)?)\s+(?P<day>on\s+(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)|tomorrow|today|the\s+day\s+after\s+tomorrow)\b",
    re.I,
)
# An hour and its minutes written together before am/pm ("530pm", "1045am", "730 pm")
_RUN_TOGETHER = re.compile(r"(?<![\w:./-])(1[0-2]|0?[1-9])([0-5]\d)\s?([ap]m)\b", re.I)
# A range of bare hours ("from 2 to 3", "1-2", "entre las 2 y las 3"): the parser reads none of
# them; the rule book reads a start in 1–6 as afternoon for both ends, so "pm" is written out.
_BARE_RANGE = {
    "en": re.compile(
        r"(?<![\w/:.-])((?:from|between) )?(\d{1,2})(:\d\d)? ?(-|–|to|and|till|until) ?"
        r"(\d{1,2})(:\d\d)?(?! ?(?:am|pm|a\.m|p\.m|o'clock|in the|at night|tonight|[/:.\d-]))",
        re.I,
    ),
    "es": re.compile(
        r"(?<![\w/:.-])(de|desde|entre) (?:las? )?(\d{1,2})(:\d\d)? (a|y|hasta) (?:las? )?"
        r"(\d{1,2})(:\d\d)?(?! ?(?:am|pm|a\.m|p\.m|de la|del|en la|por la|h\b|horas|[/:.\d-]))",
        re.I,
    ),
}
# A range whose end has minutes and whose start has none ("2-3:30pm", "from 10pm to 2:30am",
# "entre las 2 y las 3:30"): the parser reads such a start as a lone number (or not at all), so
# the start is written with its minutes ("2:00").
_RANGE_START = {
    "en": re.compile(
        r"(?<![\w/:.,-])(?P<lead>(?:from|between)\s+)?(?P<h>\d{1,2})(?P<half>\s?[ap]m)?"
        r"(?P<sep>\s*[-–]\s*|\s+(?:to|till|until|and)\s+)(?=\d{1,2}:\d\d)",
        re.I,
    ),
    "es": re.compile(  # "de 2 a 3:30" is read (dashes are written so first): "entre" only
        r"(?<![\w/:.,-])(?P<lead>entre\s+(?:las?\s+)?)(?P<h>\d{1,2})"
        r"(?P<half>\s?[ap]m|\s+de la (?:mañana|tarde|noche))?"
        r"(?P<sep>\s+y\s+(?:las?\s+)?)(?=\d{1,2}:\d\d)",
        re.I,
    ),
}
# A Spanish range written with a dash ("2-3pm", "10-11:30 de la mañana"): the Spanish parser
# keeps only its end, so it is written as "de 2 a 3pm".
_ES_DASH_RANGE = re.compile(
    r"(?<![\w/:.,-])(?<!el )(?<!de )(?<!desde )(?P<start>\d{1,2}(?::\d\d)?(?:\s?[ap]m)?)\s*[-–]\s*"
    r"(?=\d{1,2}:\d\d|\d{1,2}\s*(?:[ap]m|[ap]\.m|de la|del|h\b|hrs?\b|horas?\b))",
    re.I,
)
# "el 27 de marzo de 11 de la noche a 4 de la mañana": the parser reads "de 11" as the year
# 2011; a time after a day and month is set apart from them.
_ES_DATE_THEN_TIME = re.compile(
    r"(?<!\w)(\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"setiembre|octubre|noviembre|diciembre)) de (?=\d{1,2}(?::\d\d)?(?!\d)\s*"
    r"(?:de la|del|a |hasta|y |[ap]m\b|h\b))"
    # a range from a time with minutes ("el 15 de diciembre de 16:00 a 17:00", "el 22 de
    # diciembre de 10:30 a 12", "… de 10:30 hasta las 12") is read whole: cut there, the parser
    # lost the date and the meeting was booked today
    r"(?!\d{1,2}:\d\d\s*(?:a|hasta|-|–)\s*(?:las?\s+)?\d{1,2}(?::\d\d)?(?![\d:]))",
    re.I,
)
# A clock time written with a dot ("8.30am", "a las 10.15 de la mañana", "at 17.45"): the parser
# reads "8.30" as a date (30 August) or keeps the hour alone, so it is written with a colon where
# it is a time beyond doubt: after "at", "a las", or before "am", "pm" or a part of the day (a
# dotted number elsewhere, "el 5.12", "pay 8.45", may be a date or an amount and is left).
_DOTTED = re.compile(r"(?<![\w.,/:])(\d{1,2})\.([0-5]\d)(?![\d.,/:]?\d)")
_DOT_LEAD = re.compile(
    r"(?:(?<!\w)(?:at|around|about|(?:(?:a|desde|hasta|para|de|entre)\s+)?las?"
    r"|tomorrow|today|tonight|mañana|hoy)|@)\s*$",  # "tomorrow 7.45": a time, its half asked
    re.I,
)
# A Spanish day and month written with dots after "el" ("el 15.12", "para el 3.1.2027")
_ES_DOTTED_DATE = re.compile(
    r"(?<!\w)(?P<lead>(?:para\s+|hasta\s+|desde\s+)?el\s+)(?P<d>\d{1,2})\.(?P<m>\d{1,2})"
    r"(?:\.(?P<y>\d{4}|\d{2}))?(?![\d.,/:]?\d)",
    re.I,
)


# A day of the month written as an ordinal before its month ("el 1° de febrero", "1º de marzo",
# "el 1ero de marzo", "el 1er de mayo"): the parser reads the wrong month or none.
_ES_ORDINAL_DAY = re.compile(
    r"(?<![\w/:.,])(\d{1,2})\s?(?:°|º|ª|\.º|\.°|ero|era|er|ro|ra)(?=\s+de\s+(?:enero|febrero|marzo|"
    r"abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|este\s+mes)"
    r"(?!\w))",
    re.I,
)


def _es_dotted_date(m: re.Match[str]) -> str:
    day, month = int(m["d"]), int(m["m"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m[0]
    return f"{m['lead']}{m['d']}/{m['m']}" + (f"/{m['y']}" if m["y"] else "")


_DOT_HALF = {
    "en": re.compile(
        r"\s*(?:[ap]\.?\s?m(?!\w)|[ap](?!\w)|in\s+the\s+(?:morning|afternoon|evening)|"
        r"at\s+night|tonight|o'?clock)",
        re.I,
    ),
    "es": re.compile(
        r"\s*(?:[ap]\.?\s?m(?!\w)|(?:de|en|por)\s+la\s+(?:mañana|tarde|noche)|"
        r"del\s+mediod[ií]a|de\s+la\s+madrugada)",
        re.I,
    ),
}
# the other end of a range whose one end is a clock time ("from 8.30 to 9:45am")
_DOT_AFTER_CLOCK = re.compile(
    r"\d:\d\d\s*(?:[ap]\.?\s?m\.?\s*)?(?:-|–|to|till|until|and|a|y|hasta)\s*(?:las?\s+)?$", re.I
)
_DOT_BEFORE_CLOCK = re.compile(
    r"^\s*(?:-|–|to|till|until|and|a|y|hasta)\s*(?:las?\s+)?\d{1,2}:\d\d", re.I
)
_DOT_RANGE_LEAD = re.compile(r"(?<!\w)(?:from|between|de|desde|entre)\s+(?:las?\s+)?$", re.I)
# Spanish hour and minutes in digits joined by "y" ("a las 8 y 30", "7 y 15 de la noche"): the
# parser keeps the hour alone; written as "8:30" after "a las" or before a part of the day.
_ES_HOUR_AND_MINUTES = re.compile(
    r"(?<![\w:.,/])(?P<lead>(?:(?:a|desde|hasta|para|de)\s+)?las?\s+)?(?P<h>\d{1,2})\s+y\s+"
    r"(?P<m>\d{1,2})(?![\d:/.,]?\d)(?!\s*(?:minutos?|min)\b(?!\s*(?:de\s+la|am|pm)))"
    r"(?P<half>(?=\s*(?:[ap]\.?\s?m(?!\w)|(?:de|en|por)\s+la\s+(?:mañana|tarde|noche))))?",
    re.I,
)


def _dotted_time(m: re.Match[str], lang: str, second: bool = False) -> str:
    hour = int(m[1])
    before, after = m.string[: m.start()], m.string[m.end() :]
    half = _DOT_HALF[lang].match(after)
    if hour > 23 or (half and half[0].strip()[:1].lower() in "ap" and not 1 <= hour <= 12):
        return m[0]
    if second:  # a range's other end, once its first end is written as a clock time
        joined = _DOT_AFTER_CLOCK.search(before) or (
            _DOT_BEFORE_CLOCK.match(after) and _DOT_RANGE_LEAD.search(before)
        )
        return f"{m[1]}:{m[2]}" if joined else m[0]
    return f"{m[1]}:{m[2]}" if half or _DOT_LEAD.search(before) else m[0]


def _es_hour_and_minutes(m: re.Match[str]) -> str:
    hour, minute = int(m["h"]), int(m["m"])
    if not (m["lead"] or m["half"] is not None) or hour > 23 or minute > 59:
        return m[0]
    if minute < 5 or (minute < 10 and len(m["m"]) == 1 and minute % 5):
        return m[0]  # "a las 3 y 4": two hours, not 3:04
    return f"{m['lead'] or ''}{hour}:{minute:02d}"


_ANSWER_HOUR = re.compile(r"^\s*(\d{1,2})(:\d\d)?\s*[.!]?\s*$")
# the hour kept from a question as the parser's phrase gives it back ("7", "7:30", "siete", "seven";
# not "one"/"una", which open other sentences: "una mañana", "one tomorrow")
_KEPT_HOUR = (
    r"^\s*(?:\d{1,2}(?::\d\d)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)"
)
_LEADING_HOUR = {
    # "8 tomorrow morning run with Dev"; "7 thursday morning", "seven on thursday afternoon":
    # the hour kept from a question, then the answer's day ("just thursday morning")
    "en": re.compile(
        rf"{_KEPT_HOUR}(?= +(?:tomorrow|today|tonight|this|next|on +(?=\w+day\b)"
        r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)",
        re.I,
    ),
    # "8 mañana", "8 el lunes", "8 para mañana", "siete mañana en la mañana": the hour kept from a
    # question, then the answer's day (the parser read "8 mañana" as 8 in the morning, today)
    "es": re.compile(
        rf"{_KEPT_HOUR}(?= +(?:para +)?(?:ma[ñn]ana|hoy|esta|pasado +ma[ñn]ana|"
        r"(?:el|este|el +pr[oó]ximo) +(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|"
        r"domingo))(?!\w))",
        re.I,
    ),
}
# A message opening with an article and an hour ("la 1 almorzar", "las 3 llamar a Luis": what
# follows "recuérdame a", whose "a" the scheduling skill reads as the reminder's connector): the
# hour, unless a plural word follows the number ("las 3 cartas para Ana").
_LEADING_ARTICLE_HOUR = re.compile(
    r"^\s*(?P<art>las?)\s+(?=(?P<h>\d{1,2})(?::\d\d)?(?![\d:/.,]?\d)"
    r"(?:\s+(?P<next>[^\s,.;:!?]+))?)",
    re.I,
)
_HOUR_UNITS = ("h", "hs", "hrs", "hr", "horas", "am", "pm", "a.m.", "p.m.")
# An alarm "for 4" / "para las 4" ("set my alarm for 4 tomorrow"): the parser reads no time after
# "for" or "para"; written as "at 4" / "a las 4". A duration ("an alarm for 10 minutes") stays.
_ALARM_FOR = {
    "en": re.compile(
        r"(?<!\w)(?P<word>alarm)\s+for\s+(?=(?P<h>\d{1,2})(?::\d\d)?(?![\d:/.,]?\d)"
        r"(?!\s*(?:min|hour|hr|sec|h\b|s\b|day|week)))",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?P<word>alarma)\s+para\s+(?:(?P<art>las?)\s+)?(?=(?P<h>\d{1,2})(?::\d\d)?"
        r"(?![\d:/.,]?\d)(?!\s*(?:min|hora|hr|seg|h\b|d[ií]a|semana)))",
        re.I,
    ),
}
_WEEKDAY_NAMES = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
)  # fmt: skip


# A plural word after a range of numbers: a count ("from 7 to 10 people", "de 8 a 10 personas")
_RANGE_COUNTED = re.compile(
    r"\s+(?!(?:los|las|todos|todas|más|mas|pues|this|its|as|us|hours|hrs|horas|hs)\b)"
    r"(?:[a-záéíóúñ]+s|people|children|men|women|gente)\b",
    re.I,
)


_LATER_PART = re.compile(
    r"(?<!\w)(?:afternoon|evening|night|tonight|tarde|noche|[ap]\.?m\.?)(?!\w)", re.I
)


def _bare_range(m: re.Match[str], lang: str) -> str:
    start, end = int(m.group(2)), int(m.group(5))
    if not m.group(1) and m.group(4) not in ("-", "–"):
        return m.group(0)  # "2 to 3" with no "from" is too loose to be a range
    if _RANGE_COUNTED.match(m.string, m.end()):
        return m.group(0)  # "from 7 to 10 people": a count, not hours
    if 7 <= start <= 11 and end == 12 and not m.group(6):
        return m.group(0) + ":00"  # "de 10 a 12": it ends at noon, so it starts in the morning
    if 7 <= start < end <= 11 and not m.group(6) and not _LATER_PART.search(m.string):
        # "de 8 a 10", "from 7 to 9": a range of two bare morning-or-evening hours asks the half
        # of the day, as a bare 7–11 alone does (its end kept for the answer); "in the morning"
        # settles it. (An evening said beside it would move the start alone: left unread, asked.)
        return m.group(0) + ":00"
    if 7 <= start <= 11 and 1 <= end <= 6 and not _LATER_PART.search(m.string):
        # "de 9 a 1", "from 10 to 2:30": the end is a bare 1–6 (the afternoon, as alone), and
        # the start before it is that morning's: the range crosses noon (a night said beside it,
        # "el sábado en la noche de 10 a 2", may cross midnight: left unread, asked)
        cut = m.end(3) if m.group(3) else m.end(2)
        gap = " " if lang == "es" else ""
        said = m.group(0)
        at = cut - m.start()
        return f"{said[:at]}{gap}am{said[at:]}{gap}pm"
    if not (1 <= start <= 6 and start < end <= 12):
        return m.group(0)  # a start of 7–11 asks: left for the parser not to read
    return m.group(0) + (" pm" if lang == "es" else "pm")


def _leading_article_hour(m: re.Match[str]) -> str:
    following = (m["next"] or "").lower()
    if int(m["h"]) > 23 or (following.endswith("s") and following not in _HOUR_UNITS):
        return m[0]
    return f"a {m['art']} "


def _alarm_for(m: re.Match[str], lang: str) -> str:
    if lang == "en":
        return f"{m['word']} at "
    article = m["art"] or ("la" if int(m["h"]) == 1 else "las")
    return f"{m['word']} a {article} "


def _range_start(m: re.Match[str], lang: str) -> str:
    lead, sep = m["lead"] or "", m["sep"]
    word = sep.split()[0].lower() if sep.strip() not in ("-", "–") else ""
    if word and not lead:
        return m[0]  # "at 2 to 3:30pm": too loose to be a range
    if word in ("and", "y") and not lead.lower().startswith(("between", "entre")):
        return m[0]
    hour = int(m["h"])
    if hour > 23 or (m["half"] and not 1 <= hour <= 12):
        return m[0]
    before = m.string[: m.start()].split()[-1:]
    if not lead and before and MONTH_NAMES.fullmatch(before[0]):
        return m[0]  # "March 13 - 2:30pm": a date, then a time
    if lang == "es":  # "entre las 2 y las 3:30": read as "de 2 a 3:30"
        return f"de {m['h']}{m['half'] or ''} a "
    return f"{lead}{m['h']}:00{m['half'] or ''}{sep if word else '-'}"


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip
# Holidays the parser does not know: (words, (month, day)) for fixed ones, ("nth", month,
# weekday, n) for the nth weekday of a month, "easter" for Easter Sunday.
_HOLIDAYS: Mapping[str, tuple[tuple[str, object], ...]] = {
    "en": (
        (r"boxing day", (12, 26)),
        (r"fiestas patrias|peru(?:vian)? independence day", (7, 28)),
        (r"easter(?: sunday)?", "easter"),
        (r"easter monday", ("easter", 1)),
        (r"palm sunday", ("easter", -7)),
        (r"ash wednesday", ("easter", -46)),
        (r"shrove tuesday|mardi gras|pancake day", ("easter", -47)),
        (r"holy saturday", ("easter", -1)),
        (r"pentecost(?: sunday)?|whit ?sunday", ("easter", 49)),
        (r"bonfire night|guy fawkes(?:'s)? (?:night|day)", (11, 5)),
        (r"mothering sunday", ("easter", -21)),
        (
            r"(?:the )?(?:feast of )?san juan(?:'s)? (?:eve|night)|(?:st\.? |saint )john'?s eve",
            (6, 23),
        ),
        (r"(?:the )?(?:feast|fiesta) of san juan|san juan(?:'s)? day", (6, 24)),
    ),
    "es": (
        (r"(?:el )?(?:d[ií]a de )?a[ñn]o nuevo", (1, 1)),
        (r"(?:el )?d[ií]a de (?:los )?reyes(?: magos)?|(?:los )?reyes magos", (1, 6)),
        (r"(?:el )?(?:d[ií]a de )?san valent[ií]n", (2, 14)),
        (r"(?:el )?(?:d[ií]a de )?todos los santos", (11, 1)),
        (r"(?:las )?fiestas patrias", (7, 28)),
        (r"(?:la )?nochebuena", (12, 24)),
        (r"(?:la )?nochevieja", (12, 31)),
        (r"(?:la )?(?:noche de )?halloween|(?:la )?noche de brujas", (10, 31)),
        (r"(?:la )?(?:noche|v[ií]spera) de san juan", (6, 23)),
        (r"(?:el )?(?:d[ií]a|fiesta|festividad|feriado) de san juan(?: bautista)?", (6, 24)),
        (r"(?:el )?(?:domingo de )?pascuas?(?: de resurrecci[oó]n)?", "easter"),
        (r"(?:el )?domingo de resurrecci[oó]n", "easter"),
        (r"(?:el )?domingo de ramos", ("easter", -7)),
        (r"(?:el )?mi[eé]rcoles de ceniza", ("easter", -46)),
        (r"(?:el )?lunes de carnavale?s?", ("easter", -48)),
        (r"(?:el )?martes de carnavale?s?", ("easter", -47)),
        (r"(?:el )?s[aá]bado (?:de gloria|santo)", ("easter", -1)),
        (r"(?:el )?(?:domingo de )?pentecost[eé]s", ("easter", 49)),
        # Peru's national holidays (and Cusco's Inti Raymi)
        (r"(?:el )?(?:d[ií]a|fiesta|feriado|festividad) de santa rosa(?: de lima)?", (8, 30)),
        (
            r"(?:el |la )?(?:(?:d[ií]a|fiesta|feriado|festividad) (?:de|del) )?(?:el )?inti raymi",
            (6, 24),
        ),
        (r"(?:el )?d[ií]a (?:de la )?canci[oó]n criolla", (10, 31)),
        (
            r"(?:el )?(?:d[ií]a|fiesta|feriado|solemnidad) de la inmaculada(?: concepci[oó]n)?"
            r"|(?:la )?inmaculada concepci[oó]n",
            (12, 8),
        ),
        (r"(?:el )?d[ií]a (?:internacional )?del? (?:trabajo|trabajador(?:es)?)", (5, 1)),
        (r"(?:el )?d[ií]a de la independencia (?:del per[uú]|peruana)", (7, 28)),
        (r"(?:el )?(?:(?:d[ií]a|fiesta|feriado) de )?san pedro y san pablo", (6, 29)),
        (r"(?:el )?(?:(?:d[ií]a|aniversario) de )?la batalla de jun[ií]n", (8, 6)),
        (r"(?:el )?(?:(?:d[ií]a|aniversario) del )?combate de angamos", (10, 8)),
        (r"(?:el )?(?:(?:d[ií]a|aniversario) de )?la batalla de ayacucho", (12, 9)),
        (r"(?:el )?jueves santo", ("easter", -3)),
        (r"(?:el )?viernes santo", ("easter", -2)),
    ),
}
_HOLIDAYS_EN_PERU: tuple[tuple[str, object], ...] = (
    (
        r"(?:the )?(?:feast of )?santa rosa(?: de lima)?(?:'s)? day|(?:the )?feast of santa rosa"
        r"(?: de lima)?|(?:st\.? |saint )rose of lima(?:'s)? day",
        (8, 30),
    ),
    (r"inti raymi", (6, 24)),
    (r"(?:the )?(?:feast of the )?immaculate conception", (12, 8)),
    (
        r"(?:the )?(?:feast of )?(?:saints|sts\.?|st\.?) peter and (?:st\.? )?paul(?:'s)?(?: day)?",
        (6, 29),
    ),
    (r"(?:the )?battle of jun[ií]n", (8, 6)),
    (r"(?:the )?battle of angamos", (10, 8)),
    (r"(?:the )?battle of ayacucho", (12, 9)),
    (r"holy thursday|maundy thursday", ("easter", -3)),
    (r"good friday", ("easter", -2)),
)
# Holidays whose date depends on the country: read in the user's zone's country only (elsewhere
# the day is asked: see ``UNKNOWN_DAY``): (zone, words, (month, day))
_ZONED_HOLIDAYS: Mapping[str, tuple[tuple[str, str, tuple[int, int]], ...]] = {
    "en": (("America/Lima", r"(?:the )?independence day", (7, 28)),),
    "es": (("America/Lima", r"(?:el )?d[ií]a de la independencia(?: nacional)?", (7, 28)),),
}
# Days whose date depends on the country (Mother's and Father's Day): read in the countries
# whose date is known, by the user's zone (``country_of``); elsewhere the day is asked (see
# ``COUNTRY_DAY``). (words by language, {country: when}), ``when`` as in ``_HOLIDAYS``.
_SECOND_SUNDAY_OF_MAY, _THIRD_SUNDAY_OF_JUNE = ("nth", 5, 6, 2), ("nth", 6, 6, 3)
_COUNTRY_DAYS: tuple[tuple[Mapping[str, str], Mapping[str, object]], ...] = (
    (
        {
            "en": r"mother'?s'?\s+day",
            "es": r"(?:el\s+)?d[ií]a\s+de\s+(?:la|las)\s+madres?",
        },
        {
            "PE": _SECOND_SUNDAY_OF_MAY, "US": _SECOND_SUNDAY_OF_MAY, "CL": _SECOND_SUNDAY_OF_MAY,
            "CO": _SECOND_SUNDAY_OF_MAY, "EC": _SECOND_SUNDAY_OF_MAY,
            "AR": ("nth", 10, 6, 3),  # the third Sunday of October
            "GB": ("easter", -21),  # Mothering Sunday: three weeks before Easter
            "ES": ("nth", 5, 6, 1), "MX": (5, 10), "BO": (5, 27),
        },
    ),
    (
        {
            "en": r"father'?s'?\s+day",
            "es": r"(?:el\s+)?d[ií]a\s+del\s+padre",
        },
        {
            "PE": _THIRD_SUNDAY_OF_JUNE, "US": _THIRD_SUNDAY_OF_JUNE, "AR": _THIRD_SUNDAY_OF_JUNE,
            "GB": _THIRD_SUNDAY_OF_JUNE, "MX": _THIRD_SUNDAY_OF_JUNE, "CL": _THIRD_SUNDAY_OF_JUNE,
            "CO": _THIRD_SUNDAY_OF_JUNE, "EC": _THIRD_SUNDAY_OF_JUNE, "ES": (3, 19), "BO": (3, 19),
        },
    ),
)  # fmt: skip
# A country-dependent day's words in either language (a code-switched message says them in the
# other one): left unread where the user's country is not known, and asked about.
COUNTRY_DAY = re.compile(
    "|".join(rf"(?<!\w)(?:{p})(?!\w)" for said, _ in _COUNTRY_DAYS for p in said.values()), re.I
)
_ZONE_COUNTRIES: Mapping[str, str] = {
    "America/Lima": "PE", "Europe/London": "GB", "America/Bogota": "CO",
    "America/Guayaquil": "EC", "Pacific/Galapagos": "EC", "America/Santiago": "CL",
    "America/Punta_Arenas": "CL", "Pacific/Easter": "CL", "America/La_Paz": "BO",
    "Europe/Madrid": "ES", "Atlantic/Canary": "ES", "Africa/Ceuta": "ES",
    "America/Buenos_Aires": "AR", "America/Mexico_City": "MX", "America/Monterrey": "MX",
    "America/Merida": "MX", "America/Cancun": "MX", "America/Tijuana": "MX",
    "America/Chihuahua": "MX", "America/Hermosillo": "MX", "America/Mazatlan": "MX",
    "America/Bahia_Banderas": "MX", "America/Matamoros": "MX", "America/Ojinaga": "MX",
    "America/Ciudad_Juarez": "MX", "America/New_York": "US", "America/Chicago": "US",
    "America/Denver": "US", "America/Los_Angeles": "US", "America/Phoenix": "US",
    "America/Anchorage": "US", "America/Juneau": "US", "America/Sitka": "US",
    "America/Metlakatla": "US", "America/Yakutat": "US", "America/Nome": "US",
    "America/Adak": "US", "America/Boise": "US", "America/Detroit": "US",
    "America/Menominee": "US", "Pacific/Honolulu": "US",
}  # fmt: skip
_ZONE_COUNTRY_PREFIXES = (
    ("America/Argentina/", "AR"), ("America/Indiana/", "US"), ("America/Kentucky/", "US"),
    ("America/North_Dakota/", "US"), ("US/", "US"),
)  # fmt: skip


def country_of(zone: str | None) -> str | None:
    """The country a zone is in, when this module knows it for sure (None otherwise)."""
    if not zone:
        return None
    if zone in _ZONE_COUNTRIES:
        return _ZONE_COUNTRIES[zone]
    return next((c for prefix, c in _ZONE_COUNTRY_PREFIXES if zone.startswith(prefix)), None)


# A name of a place before a holiday's words makes them a name ("la iglesia de la Inmaculada
# Concepción", "Colegio San Pedro y San Pablo"), not a day.
_PLACE_BEFORE = re.compile(
    r"(?<!\w)(?:iglesia|parroquia|colegio|capilla|templo|bas[ií]lica|catedral|santuario|"
    r"convento|hotel|restaurante?|calle|avenida|av\.?|jr\.?|jir[oó]n|plaza|distrito|"
    r"urbanizaci[oó]n|universidad|hospital|cl[ií]nica|mercado|parque|estadio|church|school|"
    r"street|college|cathedral)\s+(?:de\s+|of\s+)?(?:la\s+|el\s+|the\s+|los\s+)?$",
    re.I,
)
# "en Nochebuena", "en Año Nuevo": the "en" goes with the holiday ("en el 24 de diciembre" would
# leave it in the item's text)
_HOLIDAY_LEAD = {"en": "", "es": r"(?:en\s+)?"}
_HOLIDAY_PATTERNS = {
    lang: tuple(
        (
            re.compile(
                rf"(?<!\w)(?<!semana de ){_HOLIDAY_LEAD[lang]}(?:{p})(?!\w)(?!\s+week)", re.I
            ),
            when,
        )
        for p, when in (*rules, *(_HOLIDAYS_EN_PERU if lang == "en" else ()))
    )
    for lang, rules in _HOLIDAYS.items()
}
_ZONED_PATTERNS = {
    lang: tuple(
        (zone, re.compile(rf"(?<!\w){_HOLIDAY_LEAD[lang]}(?:{p})(?!\w)", re.I), when)
        for zone, p, when in rules
    )
    for lang, rules in _ZONED_HOLIDAYS.items()
}


def _holiday_date(when: object, today: date) -> date:
    from dateutil.easter import easter

    for year in (today.year, today.year + 1):
        if when == "easter":
            candidate = easter(year)
        elif isinstance(when, tuple) and when[0] == "easter":  # "Viernes Santo": Easter − 2
            candidate = easter(year) + timedelta(days=int(when[1]))
        elif isinstance(when, tuple) and when[0] == "nth":
            _, month, weekday, n = when
            first = date(year, int(month), 1)
            candidate = first + timedelta(days=(int(weekday) - first.weekday()) % 7 + 7 * (n - 1))
        else:
            break
        if candidate >= today:
            return date(candidate.year, candidate.month, candidate.day)
    return date(candidate.year, candidate.month, candidate.day)


def holidays(text: str, lang: str, today: date | None, zone: str | None = None) -> str:
    """Holidays the parser does not know, written as the date they fall on (a holiday whose
    date depends on the country only in ``zone``'s country; a holiday's words after a place's
    name are that name: "la iglesia de la Inmaculada Concepción")."""
    today = today or date.today()
    months = _MONTHS[lang]
    zoned = tuple((p, w) for z, p, w in _ZONED_PATTERNS[lang] if z == zone)
    country = country_of(zone) or ""
    by_country = tuple(
        (re.compile(rf"(?<!\w){_HOLIDAY_LEAD[lang]}(?:{said[lang]})(?!\w)", re.I), dates[country])
        for said, dates in _COUNTRY_DAYS
        if country in dates
    )
    for pattern, when in (*_HOLIDAY_PATTERNS[lang], *zoned, *by_country):
        if not pattern.search(text):
            continue
        if isinstance(when, tuple) and when[0] not in ("nth", "easter"):
            month, day = int(when[0]), int(when[1])
            said = (
                f"{months[month - 1]} {day}" if lang == "en" else f"el {day} de {months[month - 1]}"
            )
        else:
            moment = _holiday_date(when, today)
            year = f" {moment.year}" if moment.year != today.year else ""
            said = (
                f"{months[moment.month - 1]} {moment.day}{year}"
                if lang == "en"
                else f"el {moment.day}/{moment.month}/{moment.year}"
                if year
                else f"el {moment.day} de {months[moment.month - 1]}"
            )
        text = pattern.sub(functools.partial(_unless_a_name, said=said), text)
    return text


# Days the date recognizer reads by name (not in the holiday table above)
_EVENT_NAMES = re.compile(
    r"(?:navidad|nochebuena|nochevieja|a[ñn]o\s+nuevo|christmas(?:\s+eve)?|xmas"
    r"|new\s+year'?s?(?:\s+(?:eve|day))?|halloween|easter|pascuas?|thanksgiving"
    r"|acci[oó]n\s+de\s+gracias|san\s+valent[ií]n|valentine'?s?(?:\s+day)?|reyes"
    r"|d[ií]a\s+de(?:l|\s+la|\s+los)?\s+\w+)(?!\w)",
    re.I,
)


def starts_event(text: str) -> bool:
    """Whether ``text`` begins with a holiday or a feast the reader knows, maybe after a
    preposition ("en semana santa a las 10", "at thanksgiving", "en navidad"): the end of a
    name said before it ("reunión con Ana en semana santa")."""
    lead = re.match(r"\s*(?:(?:at|on|for|during|over|in|en|durante|para|el|la|los|the)\s+)*", text)
    rest = text[lead.end() if lead else 0 :]
    if _EVENT_NAMES.match(rest):
        return True
    for lang in ("en", "es"):
        for pattern, _when in _HOLIDAY_PATTERNS[lang]:
            found = pattern.match(rest)
            if found is not None:
                return True
        found = FEAST_DAYS[lang].match(rest)
        if found is not None:
            return True
    return False


# Feasts that last several days, counted from Easter: "en carnaval" (Carnival Monday and
# Tuesday), "en semana santa" (Palm Sunday to Easter Sunday). Which of their days is asked.
FEAST_DAYS = {
    "en": re.compile(
        r"(?<!\w)(?:(?:at|during|over|on|for|in)\s+)?(?:the\s+)?"
        r"(?:(?P<carnival>carnival)|(?P<holy>holy\s+week|easter\s+week)"
        r"|(?P<easter_weekend>easter\s+weekend)|(?P<thanks_week>thanksgiving\s+week)"
        r"|(?P<thanks_weekend>thanksgiving\s+weekend)"
        r"|(?P<christmas_week>christmas\s+week|week\s+of\s+christmas))(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:(?:en|durante|para)\s+)?(?:(?:el|los|las|la)\s+)?"
        r"(?:(?P<carnival>carnavale?s?)|(?P<holy>semana\s+santa)"
        r"|(?P<easter_weekend>fin\s+de\s+semana\s+(?:de\s+pascuas?|santo|largo\s+de\s+semana\s+santa))"
        r"|(?P<easter_week>semana\s+de\s+pascuas?)"
        r"|(?P<thanks_week>semana\s+de\s+acci[oó]n\s+de\s+gracias)"
        r"|(?P<thanks_weekend>fin\s+de\s+semana\s+de\s+acci[oó]n\s+de\s+gracias)"
        r"|(?P<christmas_week>semana\s+(?:de\s+(?:la\s+)?navidad|navide[ñn]a)))(?!\w)",
        re.I,
    ),
}
# the feast → (the day it is counted from, its first and last days counted from it): Easter
# Sunday, or US Thanksgiving (the fourth Thursday of November)
_FEAST_OFFSETS = {
    "carnival": ("easter", -48, -47),
    "holy": ("easter", -7, 0),  # Palm Sunday to Easter Sunday
    "easter_weekend": ("easter", -2, 1),  # Good Friday to Easter Monday
    "easter_week": ("easter", 0, 6),  # "semana de Pascua": the week after Easter Sunday
    "thanks_week": ("thanksgiving", -3, 3),  # Monday to Sunday
    "thanks_weekend": ("thanksgiving", 0, 3),  # Thursday to Sunday
    "christmas_week": ("christmas", 0, 6),  # the Monday to Sunday Christmas Day falls in
}


def feast_days(m: re.Match[str], today: date) -> tuple[date, ...]:
    """The days of the next feast ``m`` names (one of ``FEAST_DAYS``) not over by ``today``."""
    from dateutil.easter import easter

    name = next(k for k, v in m.groupdict().items() if v)
    anchor, first, last = _FEAST_OFFSETS[name]
    for year in (today.year, today.year + 1):
        if anchor == "easter":
            day = easter(year)
        elif anchor == "christmas":  # counted from that week's Monday
            day = date(year, 12, 25) - timedelta(days=date(year, 12, 25).weekday())
        else:
            november = date(year, 11, 1)
            day = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
        if day + timedelta(days=last) >= today:
            break
    return tuple(day + timedelta(days=n) for n in range(first, last + 1))


# A day counted from a named day: "3 días antes de Navidad", "el día después de Año Nuevo", "la
# víspera de San Juan", "the day before Christmas", "two days after Thanksgiving", written as
# the date it falls on (after the holidays above are written as theirs).
_AROUND_COUNT = {
    "en": {"the": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "ten": 10},
    "es": {"el": 1, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
           "seis": 6, "siete": 7, "diez": 10},
}  # fmt: skip
_AROUND_TARGET = {
    "en": rf"(?P<month>{'|'.join(_MONTHS['en'])})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
    r"|(?P<xeve>christmas\s+eve)|(?P<xmas>christmas(?:\s+day)?|xmas)"
    r"|(?P<newyear>new\s+year'?s(?:\s+day)?)|(?P<thanks>thanksgiving(?:\s+day)?)",
    "es": rf"(?:el\s+)?(?P<day>\d{{1,2}})\s+de\s+(?P<month>{'|'.join(_MONTHS['es'])})"
    r"(?:\s+de(?:l)?\s+(?P<year>\d{4}))?"
    r"|(?:el\s+)?(?P<dday>\d{1,2})/(?P<dmonth>\d{1,2})/(?P<dyear>\d{4})"
    r"|(?:la\s+)?(?P<xmas>navidad)|(?P<newyear>(?:el\s+)?a[ñn]o\s+nuevo)",
}
_AROUND = {
    "en": re.compile(
        r"(?<!\w)(?:(?:on\s+)?(?P<n>\d{1,2}|the|a|one|two|three|four|five|six|seven|ten)\s+"
        r"(?P<unit>days?|weeks?)\s+(?P<dir>before|after)\s+|(?:on\s+)?the\s+(?P<eve>eve)\s+of\s+"
        r"|(?:on\s+)?the\s+(?P<part>night|evening|morning|afternoon)\s+(?P<pdir>before|after)\s+)"
        rf"(?:the\s+)?(?:{_AROUND_TARGET['en']})(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:(?:(?:para|en)\s+)?(?P<n>\d{1,2}|el|la|un|una|uno|dos|tres|cuatro|cinco|seis|"
        r"siete|diez)\s+(?P<unit>d[ií]as?|semanas?)\s+(?P<dir>antes|despu[eé]s|anterior|siguiente)"
        r"\s+(?:del?|al?)\s+|(?:(?:en|para)\s+)?la\s+(?P<eve>v[ií]spera)\s+de\s+"
        r"|(?:(?:en|para)\s+)?la\s+(?P<part>noche|tarde|ma[ñn]ana)\s+"
        r"(?P<pdir>antes|anterior|despu[eé]s|siguiente)\s+(?:del?|al?)\s+)"
        rf"(?:{_AROUND_TARGET['es']})(?!\w)",
        re.I,
    ),
}


def _around(m: re.Match[str], lang: str, today: date) -> str:
    months = [name.lower() for name in _MONTHS[lang]]
    year = m["year"] or m["dyear"] if lang == "es" else m["year"]
    if m["xmas"]:
        month, day = 12, 25
    elif lang == "en" and m["xeve"]:
        month, day = 12, 24
    elif m["newyear"]:
        month, day = 1, 1
    elif lang == "en" and m["thanks"]:
        target = _holiday_date(("nth", 11, 3, 4), today)
        month, day, year = target.month, target.day, str(target.year)
    elif lang == "es" and m["dday"]:
        month, day = int(m["dmonth"]), int(m["dday"])
    else:
        month, day = months.index(m["month"].lower()) + 1, int(m["day"])
    part = ""
    if m["part"]:  # "la noche anterior a Navidad", "the morning after New Year's"
        shift = -1 if m["pdir"].lower() in ("before", "antes", "anterior") else 1
        part = _AROUND_PARTS[m["part"].lower().replace("manana", "mañana")]
    elif m["dir"] is None:  # "la víspera de", "the eve of": the day before
        shift = -1
    else:
        n = m["n"].lower()
        count = int(n) if n.isdigit() else _AROUND_COUNT[lang]["el" if n == "la" else n]
        if m["unit"].lower().startswith(("week", "semana")):  # "una semana antes de Año Nuevo"
            count *= 7
        backwards = m["dir"].lower() in ("before", "antes", "anterior")
        shift = -count if backwards else count
    try:
        target = date(int(year), month, day) if year else date(today.year, month, day)
        if not year and target < today:
            target = date(today.year + 1, month, day)
    except ValueError:
        return m.group(0)
    moment = target + timedelta(days=shift)
    if lang == "en":
        written = f"{_MONTHS['en'][moment.month - 1]} {moment.day}"
        if moment.year != today.year or moment < today:
            written = f"{written} {moment.year}"
        return f"{written} {part}" if part else written
    if moment.year != today.year or moment < today:
        written = f"el {moment.day}/{moment.month}/{moment.year}"
    else:
        written = f"el {moment.day} de {_MONTHS['es'][moment.month - 1]}"
    return f"{written} {part}" if part else written


# a part of the day said with a day counted from another: the words it is read as
_AROUND_PARTS = {
    "night": "at night", "evening": "in the evening", "morning": "in the morning",
    "afternoon": "in the afternoon", "noche": "en la noche", "tarde": "en la tarde",
    "mañana": "en la mañana",
}  # fmt: skip


def days_around(text: str, lang: str, today: date) -> str:
    """A day counted from a named day written as its date (see ``_AROUND``)."""
    return _AROUND[lang].sub(lambda m: _around(m, lang, today), text)


def _unless_a_name(m: re.Match[str], said: str) -> str:
    """A holiday's words as its date, unless a place's name comes before them or they qualify
    a thing ("Easter eggs", "huevos de Pascua": see :func:`holiday_modifiers`)."""
    if _PLACE_BEFORE.search(m.string[: m.start()]):
        return m[0]
    if any(s < m.end() and e > m.start() for s, e in holiday_modifiers(m.string)):
        return m[0]
    return said


# A holiday's name (English and Spanish) that can qualify a thing: "Christmas cards", "Easter
# eggs", "regalos de Navidad", "tarjetas de San Valentín" (helper 233, P46-H6)
_HOLIDAY_NAME_EN = (
    r"(?:christmas|xmas|x-mas)(?:\s+(?:eve|day))?|easter(?:\s+(?:sunday|monday))?|halloween"
    r"|(?:(?:st\.?|saint)\s+)?valentine'?s?(?:\s+day)?|thanksgiving(?:\s+day)?"
    r"|new\s+year'?s?(?:\s+(?:eve|day))?|boxing\s+day|mother'?s\s+day|father'?s\s+day"
    r"|(?:(?:st\.?|saint)\s+)patrick'?s?(?:\s+day)?|hanukkah|diwali|fiestas\s+patrias"
    r"|bonfire\s+night|pancake\s+day|mardi\s+gras|independence\s+day"
)
_HOLIDAY_NAME_ES = (
    r"navidad(?:es)?|nochebuena|nochevieja|a[ñn]o\s+nuevo|pascuas?(?:\s+de\s+resurrecci[oó]n)?"
    r"|semana\s+santa|halloween|san\s+valent[ií]n|acci[oó]n\s+de\s+gracias|fiestas\s+patrias"
    r"|reyes(?:\s+magos)?|d[ií]a\s+de\s+la\s+madre|d[ií]a\s+del\s+padre|todos\s+los\s+santos"
    r"|carnavale?s?|independencia|inti\s+raymi"
)
# The words after an English holiday that leave it a day: its own words, parts of the day,
# clock and date words, prepositions, conjunctions, pronouns, articles and weekdays ("at
# Christmas and New Year", "on Christmas morning", "by Christmas please")
_NOT_A_THING_EN = (
    r"eve|day|days|morning|afternoon|evening|night|lunchtime|noon|midday|midnight|week|weekend"
    r"|time|period|at|on|by|before|after|in|into|to|for|with|and|or|but|nor|this|next|last|from"
    r"|until|till|til|through|thru|during|over|around|since|is|are|was|were|will|be|i|we|you"
    r"|he|she|they|it|me|us|them|please|pls|plz|then|so|if|when|as|of|the|a|an|my|our|your"
    r"|each|every|too|also|already|yet|now|am|pm|a\.m|p\.m|o'?clock|year|this|that|these"
    r"|those|remind|tell|add|put|book|do|don'?t|let|thanks|thank|cheers|ok|okay|right"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+\w*"
)
# The words before "de" + a Spanish holiday that leave it a day: a day, a part of it, a date
# word or a preposition's ("el día de Navidad", "la noche de Halloween", "antes de Navidad")
_NOT_A_THING_ES = (
    r"d[ií]as?|noches?|ma[ñn]anas?|tardes?|madrugadas?|v[ií]speras?|semanas?|fin|finde"
    r"|feriados?|fechas?|antes|despu[eé]s|partir|cerca|alrededor|luego|desde|hasta|domingo"
    r"|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|hora|horas|mediod[ií]a|medianoche"
    r"|almuerzo\s+del\s+d[ií]a|mitad|inicio|comienzo|final|principios|finales|mediados"
)
_HOLIDAY_MODIFIER = {
    "en": re.compile(
        rf"(?<![\w'-])(?P<h>{_HOLIDAY_NAME_EN})(?=\s+(?!(?:{_NOT_A_THING_EN})(?![\w'])))"
        r"(?=\s+[^\W\d_])",
        re.I,
    ),
    "es": re.compile(
        rf"(?<![\w-])(?!(?:{_NOT_A_THING_ES})\s)[^\W\d_]{{3,}}\s+de(?:l)?\s+"
        rf"(?:(?:la|las|los|el)\s+)?(?P<h>{_HOLIDAY_NAME_ES})(?![\w])",
        re.I,
    ),
}


def holiday_modifiers(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` a holiday's name qualifies a thing and says no day: before an English
    noun ("post Christmas cards", "buy Easter eggs", "a Halloween costume") or after a Spanish
    noun and "de" ("regalos de Navidad", "tarjetas de navidad", "huevos de Pascua"). The name
    as a day ("by Christmas", "on Christmas Eve", "para Navidad", "el día de Navidad", "antes de
    Navidad") is not one. Both languages' forms are looked for (a message mixes them)."""
    clock = _CLOCK_SAID.search(text) is not None
    return [
        m.span("h")
        for lang in ("en", "es")
        for m in _HOLIDAY_MODIFIER[lang].finditer(text)
        if (lang == "es" or not _DAY_PREPOSITION_BEFORE.search(text[: m.start("h")]))
        and not (clock and _HOLIDAY_EVENT[lang].search(m[0] if lang == "es" else text[m.end() :]))
    ]


# A gathering named by its holiday, said with a clock time, is held on that holiday ("halloween
# party at 8pm", "Mother's Day brunch at noon", "fiesta de Halloween a las 9 de la noche"): the
# holiday is its day (the time table's named days)
_EVENT_NOUNS = (
    r"party|parties|dinner|lunch|brunch|breakfast|drinks|do|meal|feast|service|mass|parade"
    r"|celebration|get-together|gathering|bbq|barbecue|potluck|fiesta|parrillada|cena|almuerzo"
    r"|comida|desayuno|misa|desfile|celebraci[oó]n|reuni[oó]n|brindis|once|asado|pachanga|posada"
)
_HOLIDAY_EVENT = {
    "en": re.compile(rf"^\s+(?:{_EVENT_NOUNS})(?!\w)", re.I),
    "es": re.compile(rf"^(?:{_EVENT_NOUNS})(?!\w)", re.I),
}
_CLOCK_SAID = re.compile(
    r"(?<![\w:])(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?|h|hrs)(?!\w)|\d{1,2}:\d{2}"
    r"|(?:at|a\s+las?|@)\s+\d{1,2}|noon|midday|mediod[ií]a|medianoche|midnight)",
    re.I,
)


# An English preposition that makes the holiday after it a day whatever follows ("on Christmas
# Eve call mum", "by Easter Sunday finish the report")
_DAY_PREPOSITION_BEFORE = re.compile(
    r"(?<!\w)(?:on|by|before|after|until|till|til|over|during|since|this|next|last|from)\s+"
    r"(?:the\s+)?$",
    re.I,
)


_AL_WEEKDAY = re.compile(
    r"(?<!\w)al\s+(lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)(?!\w)", re.I
)


def _fuzzy_weekday(m: re.Match[str]) -> str:
    word = m.group(0)
    if word.lower() in _WEEKDAY_NAMES or word.lower()[:-1] in _WEEKDAY_NAMES:
        return word  # a weekday, or its plural ("Fridays": a recurrence or a name)
    close = difflib.get_close_matches(word.lower(), _WEEKDAY_NAMES, n=1, cutoff=0.85)
    return close[0] if close else word


# Counts said as phrases: "in a couple of weeks" (two), "en un par de días", "de hoy en ocho"
# (a week from today, in Spain), "de hoy en quince"
_COUNT_PHRASES = {
    "en": (
        (
            re.compile(r"(?<!\w)a\s+couple\s+(?:of\s+)?(?=(?:days|weeks|months|hours)\b)", re.I),
            "two ",
        ),
        # British counts from a day: "a week on Tuesday", "a fortnight on Friday", "a week today",
        # "two weeks tomorrow" (that day, then the weeks): written as "a week from Tuesday"
        (
            re.compile(
                r"(?<!\w)(?P<n>a|one|two|three|\d)\s+(?P<u>weeks?|fortnights?)\s+(?:on\s+)?"
                r"(?P<day>today|tomorrow|(?:(?:this|next)\s+)?"
                r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?!\w)",
                re.I,
            ),
            r"\g<n> \g<u> from \g<day>",
        ),
        # British "Tuesday week", "Monday fortnight", "tomorrow week": a week (a fortnight) after
        # that day ("Sunday week 3", "Monday weekend" are not)
        (
            re.compile(
                r"(?<!\w)(?<!every\s)(?<!each\s)(?P<day>today|tomorrow|(?:(?:this|next)\s+)?"
                r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
                r"\s+(?P<u>week|fortnight)(?!\w)(?!\s*\d)",
                re.I,
            ),
            r"a \g<u> from \g<day>",
        ),
    ),
    "es": (
        (re.compile(r"(?<!\w)un\s+par\s+de\s+(?=(?:d[ií]as|semanas|meses|horas)\b)", re.I), "dos "),
        # "de hoy en 8", "de hoy en 15" (Argentina writes the count in digits): the same
        (
            re.compile(r"(?<!\w)de\s+hoy\s+en\s+(?:ocho|8)(?![\w:.,/]?\d)(?!\w)", re.I),
            "dentro de una semana",
        ),
        (
            re.compile(r"(?<!\w)de\s+hoy\s+en\s+(?:quince|15)(?![\w:.,/]?\d)(?!\w)", re.I),
            "dentro de dos semanas",
        ),
    ),
}


# A part of the day said before its day ("en la mañana del lunes", "por la tarde del 15", "al
# mediodía del martes"): the parser reads it only after the day.
_PART_OF_DAY_OF = re.compile(
    r"(?<!\w)(?:(?P<lead>en|por)\s+la\s+(?P<part>ma[ñn]ana|tarde|noche)"
    r"|(?P<noon>al\s+mediod[ií]a|(?:a\s+las\s+)?12\s+del\s+mediod[ií]a))"
    r"\s+del\s+(?P<day>(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)"
    r"(?:\s+\d{1,2})?|\d{1,2}(?:\s+de\s+[a-z]+)?)(?!\w)",
    re.I,
)


def _part_of_day_of(m: re.Match[str]) -> str:
    if m["noon"]:
        return f"el {m['day']} {m['noon']}"
    return f"el {m['day']} {m['lead']} la {m['part']}"


# "de 10 a 12 del mediodía": a range that ends at noon ("12 del mediodía" alone was read as the
# time, "de 10" left in the item's text); its start is then in the morning
_TO_NOON = re.compile(
    r"\bde\s+(?:las\s+)?(?P<h>[7-9]|1[01])(?::(?P<m>\d\d))?\s+a\s+(?:las\s+)?12"
    r"\s+(?:del?\s+)?(?:mediod[ií]a|d[ií]a)\b",
    re.I,
)
_YEAR_THEN_PART = re.compile(r"\b((?:19|20)\d\d)\s+en\s+la\s+(mañana|manana|tarde|noche)\b", re.I)
# "solo mañana", "solo para mañana", "nomás mañana", "mañana nomás", "just monday": the day
# alone, not a repeat; the words are neither the day's ("mañana" after "solo" was read as the
# morning) nor the item's. "ir solo mañana" (alone, after a verb) keeps its word.
_DAY_AHEAD = (
    r"(?:mañana|manana|hoy|pasado\s+mañana|(?:el|este|esta|la|el\s+pr[oó]ximo)\s+"
    r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|semana|\d{1,2}"
    r"|pr[oó]xim[oa]))(?!\w)"
)
_ONLY_DAY = {
    "es": re.compile(
        r"(?<![aeií]r )(?<!r[mts]e )(?<!\w)(?:s[oó]lo|solamente|[uú]nicamente|nom[aá]s|"
        rf"no\s+m[aá]s|nada\s+m[aá]s)\s+(?=(?:(?:para|por)\s+)?{_DAY_AHEAD})",
        re.I,
    ),
    "en": re.compile(
        r"(?<!\w)(?:just|only)\s+(?=(?:for\s+|on\s+)?(?:tomorrow|today|tonight|"
        r"(?:(?:this|next)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        r"|(?:this|next)\s+(?:week|weekend|morning|afternoon|evening))(?!\w))",
        re.I,
    ),
}
# "a las 8 de la mañana para mañana": the second "mañana" is the day, never the morning again
# (nor the word "para" a word of the item's text)
_MORNING_FOR_TOMORROW = re.compile(
    r"(?<!\w)(?P<part>(?:de|en|por)\s+la\s+(?:ma[ñn]ana|tarde|noche))\s*,?\s+(?:para|por)\s+"
    r"(?P<day>ma[ñn]ana)(?!\w)",
    re.I,
)
# "a las 8 mañana", "a las 8 para mañana": tomorrow at 8 (the parser read 8 in the morning);
# "a las 10 el jueves", "a las 5 del jueves": the parser found no moment in them
_CLOCK_THEN_TOMORROW = re.compile(
    r"(?<!\w)(?P<clock>(?:a\s+)?las?\s+\d{1,2}(?::\d\d)?)\s*,?\s+(?:para\s+)?"
    r"(?P<day>(?:pasado\s+)?ma[ñn]ana|hoy|(?:el|del|este|esta|el\s+pr[oó]ximo)\s+"
    r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo))(?!\w)"
    r"(?!\s+(?:a|en|por|de)\s+la\s+(?!(?:ma[ñn]ana|tarde|noche|madrugada)(?!\w)))"
    r"(?!\s*,?\s+a\s+las?\s+(?!(?:ma[ñn]ana|tarde|noche|madrugada)(?!\w)))",
    re.I,
)
# Argentine "a la mañana" ("mañana a la mañana", "el miércoles a la mañana a las 9"): "por la
# mañana", as "a la tarde" and "a la noche" already read; not the end of a range ("de la noche
# a la mañana")
_AT_THE_MORNING = re.compile(
    r"(?<!\w)a\s+la\s+(?P<part>ma[ñn]ana)(?!\w)(?!\s+(?:siguiente|despu[eé]s|anterior))", re.I
)


# A part of the day said as a diminutive ("a la nochecita", "el jueves a la tardecita", "de
# mañanita", "en la madrugadita"): that part ("cita" was left in the item's text, the day lost)
_PART_DIMINUTIVE = re.compile(
    r"(?<!\w)(?:(?:a|en|por|de|hacia)\s+la\s+|de\s+|tipo\s+)?"
    r"(?P<part>ma[ñn]anita|tardecita|nochecita|madrugadita)(?!\w)",
    re.I,
)
_DIMINUTIVE_PART = {"tardecita": "tarde", "nochecita": "noche", "madrugadita": "madrugada"}


def _part_diminutive(m: re.Match[str]) -> str:
    word = m["part"].lower()
    return f"por la {_DIMINUTIVE_PART.get(word, 'mañana')}"


_RANGE_START_BEFORE = re.compile(
    r"(?<!\w)(?:de|desde)\s+(?:la\s+)?(?:noche|tarde|madrugada|\d{1,2}(?::\d\d)?)\s*$", re.I
)


def _at_the_morning(m: re.Match[str]) -> str:
    if _RANGE_START_BEFORE.search(m.string[: m.start()]):
        return m[0]  # "de la noche a la mañana": a range's end
    return f"por la {m['part']}"


_DAY_ONLY = re.compile(
    r"(?<!\w)(?P<day>mañana|manana|hoy|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|"
    r"domingo)\s*,?\s+(?:nom[aá]s|no\s+m[aá]s|nada\s+m[aá]s|solamente)(?!\w)",
    re.I,
)


# Before an hour, words that keep it where it is: the start of a range ("de 3 a las 5 mañana"),
# a link ("hasta las 5", "y las 6"), or a day of its own ("mañana a las 8 el sábado a las 9")
_KEPT_BEFORE_HOUR = re.compile(
    r"(?:(?:de|desde|entre)\s+(?:las?\s+)?\d{1,2}(?::\d\d)?"
    r"|(?<!\w)(?:de|desde|entre|hasta|y|o|u|del|al|para|por)"
    r"|(?<!\w)(?:hoy|ma[ñn]ana|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo),?)"
    r"\s*$",
    re.I,
)


def _tomorrow_first(m: re.Match[str]) -> str:
    """ "a las 8 mañana" → "mañana a las 8", "a las 10 del jueves" → "el jueves a las 10",
    but not after words that keep the hour where it is (``_KEPT_BEFORE_HOUR``)."""
    if _KEPT_BEFORE_HOUR.search(m.string[: m.start()]):
        return m[0]
    day = re.sub(r"^del\s+", "el ", m["day"], flags=re.I)
    clock = m["clock"] if m["clock"][:1] in "aA" else f"a {m['clock']}"
    return f"{day} {clock}"


_ISO_DATE = re.compile(r"(?<![\d/-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_MONTHS_WRITTEN = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}


def _iso_no_such_day(m: re.Match[str], lang: str) -> str:
    """An ISO date its month lacks, written with the month's name; any other as it is."""
    year, month, day = (int(g) for g in m.groups())
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 28 < day <= 31):
        return m[0]
    if day <= calendar.monthrange(year, month)[1]:
        return m[0]
    name = _MONTHS_WRITTEN[lang].split()[month - 1]
    return f"{day} de {name} de {year}" if lang == "es" else f"{day} {name} {year}"


def normalize(text: str, lang: str, today: date | None = None, zone: str | None = None) -> str:
    """The text with casual forms written out ("tmrw at 5p" → "tomorrow at 5pm"), holidays the
    parser does not know written as their date (those of ``zone``'s country too), and "pm"
    after a bare afternoon range."""
    lang = "es" if lang == "es" else "en"
    text = _ONLY_DAY[lang].sub("", text)  # "solo mañana", "just monday": that day
    # a message opening with a bare number and a day: "8 tomorrow morning run with Dev", or the
    # hour kept from a question and the answer's day ("8 mañana nomás"): before the day is moved
    text = _LEADING_HOUR[lang].sub(lambda m: ("a las " if lang == "es" else "at ") + m[0], text)
    if lang == "es":  # "mañana nomás"
        text = _DAY_ONLY.sub(r"\g<day>", text)
        text = _PART_DIMINUTIVE.sub(_part_diminutive, text)  # "a la nochecita": at night
        text = _AT_THE_MORNING.sub(_at_the_morning, text)
        text = _MORNING_FOR_TOMORROW.sub(r"\g<part> \g<day>", text)
        text = _CLOCK_THEN_TOMORROW.sub(_tomorrow_first, text)
    text = eve_as_day_before(text)  # "la víspera", "the day prior": the day before
    text = hours_then_minutes(text, lang)  # "1 hour 30" → "90 minutes"
    text = minutes_then_seconds(text, lang)  # "1 minute 30 seconds" → "90 seconds"
    text = spaced_clock(text)  # "a las 6 30 de la tarde" → "a las 6:30 de la tarde"
    for pattern, replacement in _COUNT_PHRASES[lang]:  # "a couple of weeks", "de hoy en ocho"
        text = pattern.sub(replacement, text)
    if _ANSWER_HOUR.match(text):  # "3" given alone as the answer to "when?"
        text = ("a las " if lang == "es" else "at ") + text.strip(" .!")
    if lang == "es":  # "la 1 almorzar" → "a la 1 almorzar"
        text = _LEADING_ARTICLE_HOUR.sub(_leading_article_hour, text)
    text = _ALARM_FOR[lang].sub(lambda m: _alarm_for(m, lang), text)
    # a written date whose month has no such day ("2027-02-29", "2027-04-31"): said with its
    # month's name, which the reader asks about as it does "29 February 2027" (never 1 March)
    text = _ISO_DATE.sub(lambda m: _iso_no_such_day(m, lang), text)
    # a date with dashes and a year is a date, not a range: "12-05-2026" → "12/05/2026"
    text = re.sub(r"(?<![\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?![\d-])", r"\1/\2/\3", text)
    if lang == "es":  # "el 1° de febrero", "el 1ero de marzo": the day's number
        text = _ES_ORDINAL_DAY.sub(r"\1", text)
    if lang == "es":  # "el 15.12", "para el 3.1.2027": a day and month with dots
        text = _ES_DOTTED_DATE.sub(_es_dotted_date, text)
    for pattern, replacement in _COMPILED[lang]:
        text = pattern.sub(replacement, text)
    text = spoken_minutes(text, lang)  # "7 y veinte", "8 menos diez", "ten to 8" → "7:20", …
    text = _DOTTED.sub(lambda m: _dotted_time(m, lang), text)  # "8.30am" → "8:30am"
    text = _DOTTED.sub(lambda m: _dotted_time(m, lang, second=True), text)
    if lang == "es":  # "a las 8 y 30" → "a las 8:30"
        text = _ES_HOUR_AND_MINUTES.sub(_es_hour_and_minutes, text)
    if lang == "es":  # "en la mañana del lunes", "al mediodía del martes": "el lunes en la mañana"
        text = _PART_OF_DAY_OF.sub(_part_of_day_of, text)
    if lang == "es":  # "el 5 de enero de 2027 en la tarde": after a year the parser reads "en la
        # tarde" as today's evening (the date lost); "por la tarde" it reads on that date
        text = _YEAR_THEN_PART.sub(r"\1 por la \2", text)
        text = _TO_NOON.sub(lambda m: f"de {m['h']}:{m['m'] or '00'} a 12:00", text)
    if lang == "es":  # "muévela al viernes": the parser reads a weekday only after "el"
        said = text  # but not "respecto al sábado": what the item is about, kept as written
        text = _AL_WEEKDAY.sub(
            lambda m: m[0] if TOPIC_BEFORE.search(said[: m.start()]) else f"el {m[1]}", said
        )
    if lang != "es":
        text = _ATTACHED_PM.sub(lambda m: f"{m.group(1)}{m.group(2).lower()}m", text)
    text = _RUN_TOGETHER.sub(r"\1:\2\3", text)  # "530pm" → "5:30pm"
    text = re.sub(r"(?<!\w)[A-Za-zÁÉÍÓÚáéíóúñÑ]{5,9}(?!\w)", _fuzzy_weekday, text)
    text = holidays(text, lang, today, zone)
    text = days_around(text, lang, today or date.today())
    if lang == "es":
        text = _ES_DATE_THEN_TIME.sub(r"\1, de ", text)
        text = _ES_DASH_RANGE.sub(lambda m: f"de {m['start']} a ", text)
    if lang == "en":  # "from 11 to 1pm on monday" → "on monday from 11 to 1pm": read whole
        text = _RANGE_THEN_DAY.sub(r"\g<day> \g<range>", text)
    text = _BARE_RANGE[lang].sub(lambda m: _bare_range(m, lang), text)
    text = _RANGE_START[lang].sub(lambda m: _range_start(m, lang), text)
    return " ".join(text.split())


# Words that leave the moment open. Strong ones make any reading vague ("sometime in the
# afternoon", "in a few hours", "EOD"); weak ones only when no time of day is said.
_VAGUE = {
    "en": r"sometime|some time|eod|end of (?:the )?day|end of (?:the )?week|asap|"
    r"as soon as possible|whenever|at some point|one of these days|close of business|cob|"
    r"(?:in )?a few|several|few hours|couple of days|next few|"
    r"(?:in )?(?:a|one|\d+) (?:day|week|month)s? or (?:two|three|\d+)",
    "es": r"a la brevedad|cuanto antes|apenas puedas|algún día|algun dia|en algún momento|"
    r"en algun momento|fin de día|fin del día|final del día|final del dia|fin del dia|"
    r"lo antes posible|unas horas|unos minutos|unos días|unos dias|unas cuantas|unos cuantos|"
    r"varias horas|un rato|al rato|un ratito|al ratito|m[aá]s rato|m[aá]s ratito|cuando puedas|"
    r"(?:en )?(?:un|una|\d+) (?:d[ií]as?|semanas?|mes(?:es)?) o (?:dos|tres|\d+)",
}
_VAGUE_WEAK = {
    "en": r"later|soon|in a bit|in a while|in a little while|first thing|sometime",
    "es": r"luego|más tarde|mas tarde|pronto|ahorita|ahoritita|ahoritica|después|despues|"
    r"al toque|al tiro|altiro|al tirito|en un momento|en un momentito",
}
VAGUE = {lang: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I) for lang, p in _VAGUE.items()}
VAGUE_WEAK = {lang: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I) for lang, p in _VAGUE_WEAK.items()}
# Vague words that stand for a moment ("ahorita", "al toque", "later"): read as a time phrase of
# their own, so the reading asks when and the words never stay in the item's text.
VAGUE_MOMENT = {
    lang: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.I)
    for lang, p in {
        "en": r"later(?: on)?|(?<!as )soon(?! as)|in a (?:little )?(?:bit|while)|"
        r"(?:in )?(?:a|one|\d+) (?:day|week|month)s? or (?:two|three|\d+)",
        # "al tiro" (Chile): right away, as "al toque" (helper 233, P46-L2)
        "es": r"ahorit(?:a|ita|ica)(?: mismo)?|al toque|al tiro|altiro|al tirito|"
        r"(?:en|dentro de) un rat(?:o|ito)|"
        r"al rat(?:o|ito)|m[aá]s rat(?:o|ito)|m[aá]s tarde|en un moment(?:o|ito)|"
        r"(?:en )?(?:un|una|\d+) (?:d[ií]as?|semanas?|mes(?:es)?) o (?:dos|tres|\d+)",
    }.items()
}
# An hour in 24-hour writing: "a las 20 hrs", "a las 08:00 h" (Spanish; "hrs" is written out as
# "horas" before this is read).
ES_CLOCK_HOURS = re.compile(
    r"(?<!\w)a\s+las?\s+(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s*(?:horas|hrs?|hs|h)\.?(?!\w)", re.I
)
# An hour written as a word (a clock time's words: "a las cinco", "at two thirty").
CLOCK_WORD = re.compile(
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|eight|nine)|"
    r"una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|"
    r"veinticinco|treinta|cuarenta|cincuenta",
    re.I,
)
_HOUR_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce"
)
# A second hour offered right after a time with one "or" ("at 3 or 4", "a las 5 o 6", "a las 7
# u 8"): two moments, not a number of the text.
OR_HOUR = re.compile(
    r"\s*(?:or|o|ó|u)\s+(?:at\s+|a\s+las?\s+|las?\s+)?"
    r"(?:(?P<h>\d{1,2})(?::(?P<m>\d\d))?(?:\s*(?P<half>[ap])\.?m\.?)?"
    rf"|(?P<word>{_HOUR_WORDS}))(?![\w:/.,]?\d)(?!\w)",
    re.I,
)
HOUR_WORD_VALUES = {
    word: n
    for names in (
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve"),
        ("una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
         "doce"),
    )
    for n, word in enumerate(names, start=1)
} | {"uno": 1}  # fmt: skip
# A second day of the month offered right after one ("el 15 o 16", "the 15th or the 16th").
OR_DAY = re.compile(
    r"\s*(?:or|o|ó|u)\s+(?:el\s+|the\s+)?\d{1,2}(?:st|nd|rd|th|ro|°|º)?(?![\w:/.,]?\d)(?!\w)",
    re.I,
)
# The last word of a phrase that states an hour ("at 3", "a las cinco", "3pm").
ENDS_WITH_HOUR = re.compile(rf"(?:\d|[ap]\.?m\.?|(?<!\w)(?:{_HOUR_WORDS}))\s*$", re.I)
# Words that put a bare hour in the morning: waking up ("wake me up at 6", "despiértame a las
# 5", "recuérdame levantarme a las 4") and the small hours ("madrugada").
WAKE_UP = re.compile(
    r"(?<!\w)(?:wake (?:me|us)|get (?:me|us) up|(?:i|we) (?:need to |have to |must )?"
    r"(?:wake|get) up|desp[ií][eé]rt(?:a|e|en)(?:me|nos)|despertarme|despertarnos|"
    r"lev[aá]nt(?:a|e|en)(?:me|nos)|levantarme|levantarnos|madrugada|de madrugada)(?!\w)",
    re.I,
)
# An alarm asked for ("set an alarm", "pon la alarma", "alarm for 4", "el despertador a las 6"),
# not the word alone ("the fire alarm"). "An alarm" / "una alarma" is asked for whatever the verb
# before it ("poné una alarma", "armame una alarma", "I need an alarm"); "the alarm" after a verb
# that sets or moves one, in any person ("pon", "poné", "ponga", "fijá", "cambie").
ALARM = re.compile(
    r"(?<!\w)(?:an|another|una|otra)\s+(?:alarm|alarma|despertador)(?!\w)(?!\s+(?:clock|de\s+incendio))|"
    r"(?<!\w)(?:(?:set|create|add|make|put|schedule|change|move|"
    r"pon(?:me|er|le|é|éme|eme|ga|game)?|cre(?:a|á|e)(?:r|me)?|"
    r"program(?:a|á|e)(?:r|me)?|activ(?:a|á|e)(?:r|me)?|cambi(?:a|á|e)(?:r|me)?|"
    r"muev(?:e|a)(?:me)?|mov(?:é|er)|[a-zñ]+[áéí](?:me|le|nos)?)"  # a voseo "fijá", "configurá"
    r"(?:\s+(?:an?|my|the|una|la|mi|el|otra|another))?\s+(?:alarm|alarma|despertador)(?!\w)|"
    r"(?:alarm|alarma|despertador)\s+(?:for|at|a|para)\s+(?:las?\s+)?\d|"
    # a message that opens with the noun ("alarm for tmrw at 6", "alarma para mañana a las 6")
    r"^\W*(?:(?:an?|my|the|una|la|mi|el)\s+)?(?:alarm|alarma|despertador)(?!\w))",
    re.I,
)
# "Early": morning beside a day ("mañana temprano", "tomorrow early") or in an alarm's message
# ("I have an early flight"); anywhere else it leaves a bare hour open ("salir temprano a las 5").
EARLY = re.compile(r"(?<!\w)(?:early|temprano|tempranito)(?!\w)", re.I)
EARLY_DAY = re.compile(
    r"(?<!\w)(?:(?:mañana|hoy|pasado mañana)\s+(?:bien\s+|muy\s+)?(?:temprano|tempranito)|"
    r"(?:temprano|tempranito)\s+(?:en la mañana|por la mañana)|"
    r"(?:tomorrow|today)\s+(?:very\s+)?early|early\s+(?:in\s+the\s+)?morning)(?!\w)",
    re.I,
)
CORRECTION = {
    "en": re.compile(
        r"(?<!\w)(?:no wait|nope|make (?:that|it)|i mean|or rather|scratch that|actually no|"
        r"sorry,? (?:i mean|make)|change that to|no,? (?:at|make))(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:no,? mejor|mejor dicho|mejor a las|perdón|perdon|digo|o sea|no no|"
        r"corrijo|ah no|no,? espera|mejor el|mejor la|no,\s+(?:el|a\s+las?))(?!\w)",
        re.I,
    ),
}
ALTERNATIVE = re.compile(r"\s(?:or|o|u)\s", re.I)
# The things an ordinal ranks ("the 2nd half", "el 2do piso"): see ORDINAL_THING
_RANKED = (
    r"half|halves|floor|place|round|quarter|period|inning|innings|set|game|match|leg|lap|try|"
    r"attempt|option|row|level|grade|year|semester|term|draft|edition|anniversary|birthday|"
    r"piso|tiempo|lugar|ronda|cuota|intento|opci[oó]n|fila|nivel|grado|a[nñ]o|semestre|ciclo|"
    r"edici[oó]n|aniversario|cumple(?:años)?|vez"
)
# What the parser should have read and did not: when left over beside a sure reading, ask.
LEFTOVER = {
    "en": re.compile(
        rf"(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th)(?!\s+(?:{_RANKED})(?!\w))"
        r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        r"|\d{1,2}(?::\d\d)? ?(?:am|pm|a\.m\.?|p\.m\.?)|\d{1,2}:\d\d|tomorrow|tonight|"
        r"today|noon|midnight)(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|"
        r"\d{1,2}(?::\d\d)? ?(?:am|pm|a\.m\.?|p\.m\.?)|\d{1,2}:\d\d|a las? \d{1,2}|"
        r"mediodía|medianoche|pasado mañana)(?!\w)",
    ),
}
# A day named by what happens on it ("el día de la canción criolla", "el día de su santo", "on
# Earth Day", "on the day of the exam"): a holiday not in the lists above, or a day the reader
# cannot know. With no other day said, the reading asks which day (never today).
UNKNOWN_DAY = {
    "en": re.compile(
        r"(?<!\w)on\s+(?:the\s+)?(?:[a-z][\w'’.]*\s+){0,3}?day(?!\w)"
        r"(?!\s+(?:after|before)\s+(?:tomorrow|yesterday)\b)(?!\s*\d)"
        r"|(?-i:(?<!\w)(?:[A-Z][\w'’.]*\s+){1,3}Day(?!\w))"
        # "on election night", "on my birthday", "on payday": a day named by what happens on it
        r"|(?<!\w)on\s+(?:the\s+)?(?:[a-z][\w'’.]*\s+){1,3}?night(?!\w)"
        r"|(?<!\w)on\s+(?:my|your|his|her|their|our|the|[a-z]+'s)\s+(?:birthday|bday|b-day)(?!\w)"
        r"|(?<!\w)(?:on\s+)?(?:the\s+)?(?:next\s+)?pay\s?day(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:(?:en\s+|para\s+)?el\s+)?d[ií]a\s+(?:de|del)\s+(?!(?:hoy|mañana|manana|ayer|pasado|la\s+semana|semana|"
        r"descanso)(?!\w))(?!\d)[a-záéíóúñ]"
        # "la noche de la graduación" (not "la noche de hoy", nor "noche de juegos" beside a
        # time, nor what is to be done: "el martes en la noche de sacar la basura"), "en mi
        # cumple", "en la quincena"
        r"|(?<!\w)la\s+noche\s+(?:de|del)\s+(?!(?:hoy|mañana|manana|ayer|pasado|"
        r"este|esta|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)(?!\w))(?!\d)"
        r"(?!(?<=de\s)[a-záéíóúñ]+(?:ar|er|ir)(?:l[oa]s?|le|les|me|nos|se|te)?(?!\w))[a-záéíóúñ]"
        r"|(?<!\w)(?:en|para)\s+(?:mi|tu|su|el)\s+cumple(?:años)?(?!\w)"
        r"|(?<!\w)(?:(?:en|para|a)\s+(?:la\s+)?|la\s+)(?:pr[oó]xima\s+)?quincena(?!\w)",
        re.I,
    ),
}
# A meal said beside a clock time ("tonight, after dinner, at 8"): no moment of its own
MEAL = re.compile(
    r"(?<!\w)(?:breakfast|brunch|lunch|dinner|supper|desayun(?:o|ar)|almuerzo|almorzar|"
    r"cena|cenar|lonche)(?!\w)",
    re.I,
)
# A meal by the Spanish words for eating at midday ("comida con Domingo", "mañana a las dos
# comemos"): the afternoon reading of a bare 1–6 stands
MEAL_ES = re.compile(r"(?<!\w)(?:comida|comer|comemos|almorzamos|almorcemos)(?!\w)", re.I)
# Spanish words the parser reads as weekdays: "mi" (my) → miércoles, "vi" (I saw) → viernes.
ES_MASK = re.compile(r"(?<!\w)(?:mi|lu|ma|ju|vi|sa|do|mar)(?!\w)", re.I)
# "mil" inside a word ("familia", "Camila", "Milagros") makes the Spanish parser fail on the
# whole message; long numbers (phones, rooms) are read as times ("0199 a las 6").
ES_MIL = re.compile(r"mil(?=\w)|(?<=\w)mil", re.I)
HYPHENED_NAME = re.compile(r"(?<![\w/:.-])\d{1,4}-[^\W\d_]\w*")
# A one-on-one meeting ("a 1:1 with Dana", "mi 1:1 con Ana", "1-on-1", "1 on 1"): a name, not
# one minute past one
ONE_ON_ONE = re.compile(r"(?<![\w/:.,-])1(?::|\s?-?\s?on\s?-?\s?)1(?:'?s)?(?![\w/:.,-]?\d)", re.I)
# A number that numbers a thing ("el capítulo 3.15", "page 12", "aula 5", "room 4B"): not a time
NUMBERED = re.compile(
    r"(?<!\w)(?:cap[ií]tulo|cap\.|p[aá]gina|p[aá]g\.|secci[oó]n|versi[oó]n|lecci[oó]n|unidad|"
    r"ejercicio|aula|piso|habitaci[oó]n|n[uú]mero|nro\.?|chapter|ch\.|page|pp?\.|section|"
    r"version|lesson|unit|exercise|room|floor|number|no\.|#)\s*\d+(?:[.,:-]\d+)*[a-z]?(?!\w)",
    re.I,
)
# A street address: a number, one to three capitalised words and the kind of street ("22 Keele
# St", "1600 Pennsylvania Avenue", "4B Marine Drive"): not a time, whatever precedes it
STREET_NUMBER = re.compile(
    r"(?<![\w/:.])\d{1,5}[A-Za-z]?(?:\s+[A-Z][\w'’.-]*){1,3}\s+(?i:st|street|ave|avenue|rd|"
    r"road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place|cres|crescent|tce|terrace|hwy|"
    r"highway|pkwy|parkway|sq|square)(?!\w)\.?"
)
# An ordinal that ranks a thing ("the 2nd half", "3rd floor", "el 2do tiempo", "la 2da cuota"):
# not a day of the month
ORDINAL_THING = re.compile(
    rf"(?<![\w/:.])\d{{1,2}}(?:st|nd|rd|th|do|da|ro|ra|er|to|ta|vo|va|no|na|mo|ma|°|º)\s+"
    rf"(?:{_RANKED})(?!\w)",
    re.I,
)
# An hour range the parser did not read ("from 8 to 11", "de 9 a 11"), not a count of things
# ("from 8 to 10 people", "de 2 a 3 horas"): left in what remains of a sure reading, the reading
# is not sure
_COUNTED = (
    r"people|persons?|guests?|kids?|children|pages?|items?|units?|copies|km|kg|lbs?|miles?|"
    r"met(?:er|re)s?|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|times|dollars|"
    r"bucks|usd|personas?|invitados?|niñ[oa]s|p[aá]ginas?|horas?|minutos?|d[ií]as?|semanas?|"
    r"mes(?:es)?|años?|kilos?|metros?|veces|soles|d[oó]lares|pesos|euros"
)
UNREAD_RANGE = re.compile(
    r"(?<!\w)(?:from|between|de|desde|entre)\s+(?:las?\s+)?\d{1,2}(?::[0-5]\d)?\s*"
    r"(?:to|and|till|til|until|-|–|a|y|hasta)\s*(?:las?\s+)?\d{1,2}(?::[0-5]\d)?"
    rf"(?![\d:.,/%$€]\d?)(?!\s*(?:{_COUNTED})(?!\w))",
    re.I,
)
LONG_NUMBER = re.compile(
    r"(?<![\d/:.\-])(?!(?:19|20)\d\d(?!\d))\d{3,}(?![\d/:.\-]?\d)"
    # a count of minutes or seconds ("in 105 minutes", "por 120 minutos") is a length
    r"(?!\s*(?:minutes?|mins?|minutos?|seconds?|secs?|segundos?)(?!\w))",
    re.I,
)
# A month written with a capital in Spanish is a name ("Av. 28 de Julio", "Colegio 2 de Mayo").
ES_NAMED_DATE = re.compile(
    r"(?<!\w)\d{1,2} de (?:Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|"
    r"Setiembre|Octubre|Noviembre|Diciembre)(?!\w)"
)
# A day of the month ("on the 1st", "el 15"), read here: the parser drops it when the month it
# is said in has no such day ("the 31st" said in April) or when nothing precedes it.
DAY_OF_MONTH = {
    "en": re.compile(
        rf"(?<!\w)(?:on\s+)?the\s+(\d{{1,2}})(?:st|nd|rd|th)(?!\w)(?!\s+of\s+[a-z])"
        rf"(?!\s+(?:{_RANKED})(?!\w))",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:(?:para|hasta|desde|este)\s+)?(?:el|hoy)\s+(?:d[ií]a\s+)?"
        r"(\d{1,2}|primero)(?:ro|ero|°|º)?(?:\s+de\s+este\s+mes)?"
        r"(?!\w)(?!-\w)(?!\s*(?:de\s(?!\s*\d[\d:.]*\s*(?:a|hasta)\s+(?:las?\s+)?\d)|del\s|/|:|\.\d|,\d|\d|h\b|hs?\b|horas?|minutos?|am\b|pm\b|a\.m|"
        r"p\.m|%|y\s|a\s+\d|hasta))",
        re.I,
    ),
}

# The other language's time phrases in a code-switched message, by the message's language:
# "book una reunión with Jessica el lunes at 10am" (read in English, "el lunes" is Spanish),
# "recuérdame call mom tomorrow at 5pm" (read in Spanish, "tomorrow" is English). Each is read
# by the other language's parser (time_reader._other_language).
_ES_DAYS = r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo"
_EN_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
WEEKDAY_PATTERN = rf"{_EN_DAYS}|{_ES_DAYS}"
# An event said as the moment ("en la boda de mi prima", "en el feriado", "at the wedding", "on the
# holiday", "after the game", "on Super Bowl Sunday"): a day the reader cannot know. With no
# other day said, the reading asks which day (never today). Daily things (dinner, class, the
# meeting) are not events here.
_EVENTS = {
    "en": r"weddings?|graduation|party|game|match|anniversary|holidays?|bank\s+holiday|"
    r"long\s+weekend|concert|festival|ceremony|christening|baptism|funeral|memorial|reunion|"
    r"recital|parade|picnic|barbecue|bbq|prom|super\s*bowl|world\s+cup|premiere|tournament|"
    r"fair|baby\s+shower|bridal\s+shower",
    "es": r"bodas?|matrimonio|casamiento|graduaci[oó]n|fiesta|partido|aniversario|"
    r"feriados?(?:\s+largo)?|concierto|festival|ceremonia|bautizo|bautismo|"
    r"primera\s+comuni[oó]n|velorio|funeral|entierro|desfile|parrillada|pollada|kerm[eé]s|"
    r"quincea[ñn]er[oa]|baby\s+shower|procesi[oó]n|torneo|campeonato|serenata|"
    r"promoci[oó]n|super\s*bowl|mundial",
}
EVENT_DAY = {
    "en": re.compile(
        r"(?<!\w)(?:at|on|during|over|after|before)\s+(?:(?:the|my|our|his|her|their|your|"
        r"[a-z]+'s)\s+)?(?:[a-z][\w'’]*\s+){0,2}?(?:" + _EVENTS["en"] + r")(?!\w)",
        re.I,
    ),
    "es": re.compile(
        r"(?<!\w)(?:en|durante|(?:despu[eé]s|antes)\s+del?)\s+(?:(?:el|la|los|las|mi|mis|tu|"
        r"tus|su|sus|nuestr[oa]s?)\s+)?(?:" + _EVENTS["es"] + r")(?!\w)",
        re.I,
    ),
}
# the weekday an event is named with ("Super Bowl Sunday", "el domingo del Super Bowl"): its
# own, not the next such weekday
EVENT_WEEKDAY = {
    lang: re.compile(
        rf"(?<!\w)(?:{_EVENTS[lang]})\s+(?P<weekday>{WEEKDAY_PATTERN})(?!\w)"
        rf"|(?<!\w)(?P<before>{WEEKDAY_PATTERN})\s+(?:de(?:l)?\s+(?:la\s+|el\s+)?)(?:{_EVENTS[lang]})(?!\w)",
        re.I,
    )
    for lang in ("en", "es")
}
_ES_PART = r"(?:de|en|por)\s+la\s+(?:ma[ñn]ana|tarde|noche)"
_EN_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_ES_COUNT_WORD = (
    r"\d{1,3}|un[ao]?|media|dos|tres|cuatro|cinco|seis|siete|ocho|diez|quince|veinte|treinta"
)
_EN_COUNT_WORD = r"\d{1,3}|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|half\s+an"
FOREIGN_TIME = {
    "en": re.compile(
        rf"(?<!\w)(?:(?:pasado\s+)?ma[ñn]ana(?:\s+{_ES_PART})?|hoy|esta\s+(?:noche|tarde)"
        rf"|(?:(?:next|this|coming|on)\s+)?(?:el\s+)?(?:pr[oó]ximo\s+)?(?:{_ES_DAYS})"
        rf"(?:\s+(?:que\s+viene|pr[oó]ximo))?"
        rf"|a\s+las?\s+\d{{1,2}}(?:[:.]\d\d)?(?:\s+y\s+(?:media|cuarto))?(?:\s+{_ES_PART})?"
        rf"|las?\s+\d{{1,2}}(?:[:.]\d\d)?(?:\s+y\s+(?:media|cuarto))?\s+{_ES_PART}"
        rf"|(?:al\s+)?mediod[ií]a|(?:a\s+la\s+)?medianoche"
        rf"|(?:en|dentro\s+de)\s+(?:{_ES_COUNT_WORD})\s+(?:horas?|minutos?|d[ií]as?|semanas?|"
        rf"mes(?:es)?)(?:\s+y\s+media)?"
        rf"|(?:por|durante)\s+(?:media\s+hora|una\s+hora(?:\s+y\s+media)?|\d{{1,3}}\s+"
        rf"(?:minutos|horas?))"
        rf"|(?:el\s+)?d[ií]a\s+de\s+la\s+madre|(?:el\s+)?d[ií]a\s+del\s+padre|navidad"
        rf"|nochebuena|nochevieja|a[ñn]o\s+nuevo|san\s+valent[ií]n)(?!\w)",
        re.I,
    ),
    "es": re.compile(
        rf"(?<!\w)(?:(?:the\s+day\s+after\s+)?(?:tomorrow|tmrw|tmr|2morrow|tomorow)|today"
        rf"|tonight|2nite|tonite"
        rf"|(?:(?:on|next|this)\s+)?(?:{_EN_DAYS})(?:\s+(?:morning|afternoon|evening|night))?"
        rf"|from\s+\d{{1,2}}(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:to|until|till|-)\s*"
        rf"\d{{1,2}}(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
        rf"|at\s+\d{{1,2}}(?::\d\d)?(?:\s*[ap]\.?m\.?)?(?!\s*{_ES_PART})"
        rf"|(?:at\s+)?(?:noon|midnight)"
        rf"|in\s+(?:{_EN_COUNT_WORD})\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
        rf"|for\s+(?:{_EN_COUNT_WORD})\s+(?:minutes?|mins?|hours?|hrs?)"
        rf"(?:\s+and\s+a\s+half)?"
        rf"|(?:on\s+|by\s+)?(?:{_EN_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
        rf"|(?:on\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+(?:{_EN_MONTHS})"
        rf"|(?:on|by)\s+\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
        rf"|mother'?s\s+day|father'?s\s+day|christmas(?:\s+(?:eve|day))?"
        rf"|new\s+year'?s(?:\s+(?:eve|day))?|thanksgiving|halloween|valentine'?s\s+day)(?!\w)",
        re.I,
    ),
}
#: The words of a foreign phrase that are also names when capitalised inside English ("a
#: meeting with Domingo", "dinner at Hoy")
FOREIGN_NAMEABLE = frozenset(
    {"lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado",
     "domingo", "hoy", "mañana", "manana"}
)  # fmt: skip

# A request to repeat ("every day at 7am", "todos los lunes", "cada 15 de mes", "weekdays at
# 6:30am", "dos veces al día"): no one moment, so the reader asks ("repeating"). An adjective
# before a noun is a name ("the daily standup", "el informe mensual"), not a repeat.
_EN_UNIT = r"minutes?|hours?|days?|weeks?|months?|years?"
_ES_UNIT = r"minutos?|horas?|d[ií]as?|semanas?|mes(?:es)?|a[ñn]os?"
_EN_COUNT = r"\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty"
_ES_COUNT = r"\d{1,3}|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta"
_ALONE = (
    r"(?=\s*(?:$|[,.;:!?]|(?:at|on|in|from|starting|before|after|until|for|a|en|por|de|desde)\b))"
)
# "the daily at 9", "leer el diario a las 8": a name or a noun after a determiner
_NO_DETERMINER = "".join(
    rf"(?<!\b{w} )"
    for w in ("the", "a", "my", "our", "your", "his", "her", "their", "el", "un", "mi", "tu", "su",
              "del", "al")
)  # fmt: skip
REPEATING = {
    "en": re.compile(
        rf"(?<!\w)(?:(?:every|each)\s+(?:single\s+)?(?:other\s+)?"
        rf"(?:day|morning|afternoon|evening|night|week(?:day|end)?|fortnight|month|year|hour|minute|"
        rf"{_EN_DAYS}|(?:{_EN_COUNT})\s+(?:{_EN_UNIT})|"
        rf"\d{{1,2}}(?:st|nd|rd|th)(?:\s+of\s+the\s+month)?)"
        rf"|(?:on\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+(?:every|each)\s+month"
        rf"|(?:once|twice|(?:{_EN_COUNT})\s+times)\s+(?:a|per|each|every)\s+"
        rf"(?:day|week|month|year)"
        rf"|everyday{_ALONE}|(?:on\s+)?weekdays|(?:on\s+)?weekends"
        rf"|(?<!from\s)(?:monday|mon)\s*(?:through|thru|-|–)\s*(?:friday|fri|saturday|sat|sunday|sun)"
        rf"|{_NO_DETERMINER}(?:daily|nightly|weekly|fortnightly|monthly|yearly|annually|hourly){_ALONE})"
        rf"(?!\w)",
        re.I,
    ),
    "es": re.compile(
        rf"(?<!\w)(?:todos\s+los\s+(?:d[ií]as|meses|a[ñn]os|fines\s+de\s+semana|findes|"
        rf"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bados|domingos)"
        rf"|todas\s+las\s+(?:mañanas|tardes|noches|madrugadas|semanas)"
        rf"|cada\s+(?:d[ií]a|mañana|tarde|noche|semana|mes|a[ñn]o|hora|quincena|"
        rf"fin\s+de\s+semana|{_ES_DAYS}|(?:{_ES_COUNT})\s+(?:{_ES_UNIT})|"
        rf"\d{{1,2}}\s+(?:de(?:l)?\s+(?:cada\s+)?mes))"
        rf"|(?:el\s+)?\d{{1,2}}\s+de\s+cada\s+mes"
        rf"|(?:una|dos|tres|\d{{1,2}})\s+veces?\s+(?:al|a\s+la|por|cada)\s+"
        rf"(?:d[ií]a|semana|mes|a[ñn]o)"
        rf"|a\s+diario|diariamente|semanalmente|mensualmente|anualmente|entre\s+semana"
        rf"|(?:de\s+)?(?<!el\s)(?<!al\s)lunes\s+a\s+(?:viernes|s[aá]bado|domingo)"
        rf"|los\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bados|domingos|"
        rf"fines\s+de\s+semana)"
        rf"|{_NO_DETERMINER}diario{_ALONE})(?!\w)"
        rf"(?!\s+(?:del?|de\s+la|de\s+los|de\s+las)\s)",  # "todos los días del reporte": a thing
        re.I,
    ),
}
# The end of something said to repeat ("hasta navidad", "until Friday", "through the 20th",
# "por dos semanas", "for a week", "durante toda la semana"): beside a time of day said apart
# from it ("a las 10 de la noche hasta el miércoles") or a repeat ("every night until …"), the
# message asks for more than one moment, never for one on the end day. Alone ("pagar la luz hasta el
# viernes": a to-do's deadline), after a verb that moves a thing ("pospón la reunión hasta el
# lunes"), or with a time of its own ("hasta el viernes a las 5"), it is read as a day.
_MONTH_WORD = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_END_DAY = (
    r"(?:(?:el|la|this|next|the|este|esta|coming|pr[oó]ximo|proximo)\s+)*"
    rf"(?:{_EN_DAYS}|{_ES_DAYS}|mon|tue|tues|wed|thu|thurs|fri|sat|sun|mañana|manana|tomorrow"
    r"|navidad|christmas(?:\s+(?:day|eve))?|xmas|nochebuena|nochevieja|a[ñn]o\s+nuevo"
    r"|new\s+year'?s?(?:\s+(?:day|eve))?|fin(?:al)?\s+de(?:l)?\s+(?:mes|a[ñn]o|semana)"
    r"|end\s+of\s+(?:the\s+)?(?:month|week|year)|(?:pr[oó]xima|siguiente)\s+semana"
    r"|semana\s+que\s+viene|next\s+week|week|weekend|fin\s+de\s+semana|finde"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?:de|of)\s+(?:{_MONTH_WORD}))?(?:\s+(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTH_WORD})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
_COUNT_SPAN = (
    r"(?:(?:the\s+)?(?:next|following)\s+|(?:los|las)\s+(?:pr[oó]xim[oa]s|siguientes)\s+)?"
    r"(?:\d{1,2}|una?|an?|one|two|three|four|five|six|seven|ten|dos|tres|cuatro|cinco|seis"
    r"|siete|diez|quince|fifteen)\s+"
    r"(?:d[ií]as|semanas?|mes(?:es)?|days|weeks?|months?)"
)
REPEAT_END = re.compile(
    rf"(?<!\w)(?:(?:hasta|until|till|til|through|thru)\s+{_END_DAY}"
    rf"|(?:por|durante|for)\s+{_COUNT_SPAN})(?!\w)"
    r"(?!\s*,?\s*(?:a\s+las?|at|@|a\s+eso\s+de|around|por\s+la|en\s+la|in\s+the)\s)"
    r"(?!\s*,?\s*\d)",
    re.I,
)
# "toda la semana", "all week", "for the rest of the week": a repeat's span only right beside its
# time of day ("a las 8 toda la semana"; "I've been waiting all week … at 2pm" is not one)
_ALL_WEEK = re.compile(
    r"(?<!\w)(?:(?:(?:durante|por)\s+)?(?:toda\s+la\s+semana|el\s+resto\s+de\s+la\s+"
    r"(?:semana|mes))|(?:for\s+)?(?:all|the\s+whole|the\s+entire)\s+week"
    r"|for\s+the\s+rest\s+of\s+the\s+(?:week|month))(?!\w)",
    re.I,
)
# A time of day said ("a las 10", "10pm", "de la noche", "tonight", "noon")
TIME_OF_DAY = re.compile(
    r"(?<!\w)(?:(?:a\s+las?|at|@)\s*\d|\d{1,2}(?::\d\d)?\s*(?:[ap]\.?\s?m\b|hs?\b|hrs?\b)"
    r"|\d{1,2}:\d\d|(?:de|en|por)\s+la\s+(?:ma[ñn]ana|tarde|noche|madrugada)"
    r"|(?:in|this)\s+(?:the\s+)?(?:morning|afternoon|evening)|tonight|esta\s+noche"
    r"|noon|midnight|mediod[ií]a|medianoche|a\s+las?\s+(?:una|dos|tres|cuatro|cinco|seis|siete"
    r"|ocho|nueve|diez|once|doce))(?!\w)",
    re.I,
)
# A request that moves a thing ("pospón la reunión hasta el lunes", "push my 3pm until friday"):
# "until" names its new day
MOVED_UNTIL = re.compile(
    r"^\W*(?:(?:please|pls|porfa|por\s+favor|can\s+you|could\s+you|puedes|podr[ií]as)\s+)?"
    r"(?:pos(?:p[oó]n|pon|terg)\w*|aplaz\w*|atras\w*|retras\w*|mu[eé]v\w*|mov\w*|corr[eé]\w*"
    r"|p[aá]sa\w*|camb[ií]a\w*|dej[aá]\w*|push\w*|postpone\w*|delay\w*|defer\w*|snooze\w*"
    r"|put\s+off|reschedul\w*|bump\w*|extend\w*|shift\w*)(?!\w)",
    re.I,
)
# Words of a state that lasts or a deadline right before "until" ("the office is closed until
# Monday", "tengo hasta el viernes"): not a repeat's end
_LASTS_UNTIL = re.compile(
    r"(?<!\w)(?:tengo|tienes|tiene|tenemos|tienen|have|has|had|plazo|due|deadline|open|closed"
    r"|abiert[oa]s?|cerrad[oa]s?|off|away|fuera|de\s+viaje|de\s+vacaciones|on\s+vacation"
    r"|on\s+leave|valid|v[aá]lid[oa]|vigente|dura|lasts?|queda|stays?|wait|espera\w*|is|es"
    r"|está|esta|estoy|i'?m|are|son|están)(?:\s+time)?\s*,?\s*$",
    re.I,
)


def _next_to(a: re.Match[str], b: re.Match[str], text: str) -> bool:
    """Whether only spaces and commas lie between two matches in ``text``."""
    if a.end() <= b.start():
        between = text[a.end() : b.start()]
    elif b.end() <= a.start():
        between = text[b.end() : a.start()]
    else:
        return False
    return not between.strip(" ,")


def repeat_ends(text: str) -> list[re.Match[str]]:
    """The ends of a repeat ``text`` says (see ``REPEAT_END``): only beside a time of day said
    apart from them, or a repeat; never in a request that moves a thing or after words of a
    state that lasts ("closed until Monday")."""
    found = list(REPEAT_END.finditer(text))
    for m in _ALL_WEEK.finditer(text):  # "a las 8 de la mañana toda la semana"
        if any(_next_to(c, m, text) for c in TIME_OF_DAY.finditer(text)):
            found.append(m)
    if not found or MOVED_UNTIL.search(text):
        return []
    kept = []
    for m in sorted(found, key=lambda m: m.start()):
        if _LASTS_UNTIL.search(text[: m.start()]):
            continue
        rest = f"{text[: m.start()]} {text[m.end() :]}"
        repeats = any(REPEATING[lang].search(rest) for lang in ("en", "es"))
        if repeats or TIME_OF_DAY.search(rest):
            kept.append(m)
    return kept


# A weekday followed by a day of the month ("el lunes 14", "este miércoles 9", "Monday the
# 14th", "Sat 12th"): the number is the day, not the hour (the parser read "lunes 14 a las 9" as a
# range from 14 to 9). Not when a month follows (the parser reads "el lunes 14 de diciembre") or
# when the number is an hour ("el lunes 9 am", "el lunes 8 de la noche", "Monday 9:30").
_NOT_A_DAY = (
    r"(?![.:/,]\d|\s*(?:[ap]\.?\s?m(?!\w)|h\b|hs?\b|hrs?\b|horas?\b|minutos?\b|minutes?\b|"
    r"o'?clock|de\s+la\b|del\b|de\s+[a-z]|of\s+[a-z]|y\s+(?:media|cuarto|\d)|a\s+\d|"
    r"[-–]\s*\d|[ou]\s+\d|or\s+\d|in\s+the\b|at\s+night|tonight|and\s+\d|to\s+\d|"
    # "de 9" is an hour's part ("el lunes 8 de 9 de la noche"?) unless a range follows: "el
    # viernes 18 de 3 a 4 de la tarde" is the 18th, from 3 to 4
    r"de\s+\d(?![\d:.]*\s*(?:a|hasta)\s+(?:las?\s+)?\d)))"
)
WEEKDAY_DAY = {
    "en": re.compile(
        rf"(?<!\w)(?:(?:on|this|next|this\s+coming)\s+)?(?P<wd>{_EN_DAYS}|mon|tue|tues|wed|"
        rf"thu|thur|thurs|fri|sat|sun),?\s+(?:(?P<the>the)\s+)?(?P<n>\d{{1,2}})"
        rf"(?P<th>st|nd|rd|th)?(?!\w){_NOT_A_DAY}",
        re.I,
    ),
    "es": re.compile(
        rf"(?<!\w)(?:(?:el|este|esta)\s+)?(?:pr[oó]ximo\s+)?"
        rf"(?P<wd>{_ES_DAYS}),?\s+(?:d[ií]a\s+)?(?P<n>\d{{1,2}})(?:ro|ero|°|º)?"
        rf"(?:\s+de\s+este\s+mes)?(?!\w){_NOT_A_DAY}",
        re.I,
    ),
}
# A weekday right before a date ("martes 14 de diciembre", "Saturday, Dec 12", "Monday the 14th")
WEEKDAY_BEFORE_DATE = re.compile(
    rf"(?<!\w)(?:{_EN_DAYS}|{_ES_DAYS}|miercoles|sabado),?\s+(?:the\s+|el\s+|d[ií]a\s+)?"
    r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|set|dic)",
    re.I,
)
SHORT_WEEKDAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
                  "fri": 4, "sat": 5, "sun": 6}  # fmt: skip
# A count of days or weeks from now or from a day ("in two weeks", "two weeks from now", "a week
# from Monday", "de acá a una semana", "dentro de 15 días"): the English parser reads "in N
# weeks" as one week, and "N weeks from now", "de acá a …" not at all.
_EN_AMOUNT = rf"{_EN_COUNT}|an?|one|eleven"
_ES_AMOUNT = rf"{_ES_COUNT}|una?|uno|once"
DAY_OFFSET = {
    "en": re.compile(
        rf"(?<!\w)(?:in\s+(?P<n>{_EN_AMOUNT})\s+(?P<u>days?|weeks?|fortnights?|months?)(?:'s?\s+time)?"
        rf"|(?:(?P<n2>{_EN_AMOUNT})\s+(?P<u2>days?|weeks?|fortnights?|months?)|(?P<u3>day|week|fortnight|month))"
        rf"\s+(?:from|after)\s+"
        rf"(?P<from>now|today|tomorrow|(?:(?P<mod>this|next)\s+)?(?P<wd>{_EN_DAYS})"
        rf"(?!\s+(?:to|till|until|through|thru)\s+(?:{_EN_DAYS}))))"  # "from Monday to Friday"
        rf"(?!\w)(?!\s+(?:business|working|work)\b)(?!\s*(?:or|-|–)\s*\w)",
        re.I,
    ),
    "es": re.compile(
        rf"(?<!\w)(?:(?:en|dentro\s+de|de\s+(?:ac[aá]|aqu[ií])\s+a)\s+(?P<n>{_ES_AMOUNT})\s+"
        rf"(?P<u>d[ií]as?|semanas?|mes(?:es)?)"
        rf"|(?P<n2>{_ES_AMOUNT})\s+(?P<u2>d[ií]as?|semanas?|mes(?:es)?)\s+"
        rf"(?:(?:a\s+partir|despu[eé]s)\s+del?|desde)\s+(?P<from>hoy|mañana|(?:el\s+)?"
        rf"(?:(?P<mod>pr[oó]ximo)\s+)?(?P<wd>{_ES_DAYS})))"
        rf"(?!\w)(?!\s+(?:h[aá]biles|[uú]tiles)\b)(?!\s*(?:o|u|-|–)\s*\w)",
        re.I,
    ),
}
# A count of working days ("in 10 working days", "10 business days from now", "en 15 días
# hábiles", "dentro de 10 días laborables", "de acá a 5 días útiles"): Monday to Friday counted
# in the user's zone, never calendar days; "within / before / antes de" one is a span (asked).
WORK_DAYS = re.compile(
    rf"(?<!\w)(?:(?P<within>within|before|by|antes\s+de|en\s+menos\s+de)\s+"
    rf"|(?P<lead>in|after|en|dentro\s+de|de\s+(?:ac[aá]|aqu[ií])\s+a|despu[eé]s\s+de)\s+)?"
    rf"(?P<n>{_EN_AMOUNT}|{_ES_AMOUNT})\s+"
    r"(?:(?:working|business|work)\s+days?|d[ií]as?\s+(?:h[aá]bil(?:es)?|laborables?|laborales?"
    r"|[uú]til(?:es)?|de\s+trabajo))(?:'?s?\s+time)?"
    r"(?:\s+(?:from|after|a\s+partir\s+de|desde|despu[eé]s\s+de|contados\s+desde)\s+"
    r"(?P<from>now|today|tomorrow|hoy|ma[ñn]ana|ahora))?(?!\w)",
    re.I,
)


def work_day_count(m: re.Match[str], today: date) -> date | None:
    """The day ``m`` (a ``WORK_DAYS`` match said with "in" or "from now") names: that many
    days Monday to Friday after ``today`` (after tomorrow for "from tomorrow"); None when the
    count is not one or it is a span ("within 10 business days")."""
    said = m["n"].lower()
    amount = int(said) if said.isdigit() else AMOUNTS.get(said)
    if amount is None or not 0 < amount <= 260 or m["within"]:
        return None
    from_tomorrow = (m["from"] or "").lower() in ("tomorrow", "mañana", "manana")
    day = today + timedelta(days=1) if from_tomorrow else today
    while amount > 0:
        day += timedelta(days=1)
        amount -= day.weekday() < 5
    return day


# Days off where the user is that a count of working days may cross: the public holidays of the
# country the user's zone is in (CLDR's zone → territory through Babel, then the ``holidays``
# package's national calendar), else New Year, Good Friday, 1 May and Christmas, kept almost
# everywhere the assistant's users are. A count crossing one on a weekday is asked, both days
# offered: the assistant does not know the user's region, their employer's days or a day declared
# at short notice.
_COMMON_DAYS_OFF = ((1, 1), (5, 1), (12, 25))


def zone_territory(zone: str | None) -> str | None:
    """The country (ISO 3166 alpha-2) a zone is in, from CLDR's data; None when it has none."""
    if not zone:
        return None
    from babel.core import get_global

    territories = get_global("zone_territories")
    found = territories.get(zone) or territories.get(get_global("zone_aliases").get(zone, ""))
    if found and found != "ZZ":
        return str(found)
    return country_of(zone)


@functools.cache
def _days_off_in(country: str, year: int) -> frozenset[date]:
    import holidays
    from dateutil.easter import easter

    if country:
        try:
            return frozenset(holidays.country_holidays(country, years=year))
        except NotImplementedError:  # a country the package has no calendar for
            pass
    common = {date(year, month, day) for month, day in _COMMON_DAYS_OFF}
    return frozenset(common | {easter(year) - timedelta(days=2)})


def days_off(first: date, last: date, zone: str | None) -> list[date]:
    """The days from ``first`` to ``last`` that are public holidays where ``zone`` is, Monday
    to Friday only."""
    country = zone_territory(zone) or ""
    found = set().union(*(_days_off_in(country, y) for y in range(first.year, last.year + 1)))
    return sorted(d for d in found if first <= d <= last and d.weekday() < 5)


def work_day_after_days_off(day: date, today: date, zone: str | None) -> tuple[date, list[date]]:
    """``day`` (a count of working days from ``today``) moved on by the days off it crosses, each
    day off counted then skipped too, with those days off (empty when it crosses none)."""
    off = days_off(today + timedelta(days=1), day, zone)
    moved, counted = day, set(off)
    while counted:
        left = len(counted)
        counted = set()
        for _ in range(left):
            moved += timedelta(days=1)
            while moved.weekday() >= 5:
                moved += timedelta(days=1)
            if moved in days_off(moved, moved, zone):
                counted.add(moved)
        off += sorted(counted)
    return moved, off


AMOUNTS = {
    word: n
    for names in (
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve"),
        ("uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
         "doce"),
    )
    for n, word in enumerate(names, start=1)
} | {"a": 1, "an": 1, "un": 1, "una": 1, "fifteen": 15, "quince": 15, "twenty": 20, "veinte": 20,
     "thirty": 30, "treinta": 30}  # fmt: skip
# An offset in hours and minutes written together ("en 1h30", "in 2h15m", "in 1 hr 30"): the
# parser reads "1h30" as the clock time 1:30 (or not at all).
CLOCK_OFFSET = re.compile(
    r"(?<!\w)(?:in|en|dentro\s+de)\s+(?:(?P<h2>\d{1,2})h(?P<m2>[0-5]\d)(?:m|min)?"
    r"|(?P<h>\d{1,2})\s*(?:h|hs|hrs?|horas?|hours?)\s*(?:(?:y|and)\s+)?(?P<m>[0-5]?\d)\s*"
    r"(?:m|mins?|minutos?|minutes?))(?!\w)",
    re.I,
)

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
# "past" of a clock time ("half past five", "ten past 9") qualifies no day
_LAST = re.compile(
    r"(?<!\w)(last|(?<!half )(?<!quarter )(?<!minutes )(?<!\d )past(?!\s+(?:\d|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)\b)|pasado|anterior)(?!\w)",
    re.I,
)


# "el otro martes" (Mexico, Argentina: most often next week's; elsewhere this week's, the other
# one): which of the two is asked, never this week's taken for granted.
OTHER_WEEKDAY = re.compile(
    rf"(?<!\w)(?:(?:para|hasta)\s+)?el\s+otro\s+(?P<wd>{_ES_DAYS})(?!\w)"
    r"(?!\s+(?:no|tampoco)\b)",
    re.I,
)


# The day before an event said in other words: "la víspera" (Spain), "el día previo", "the day
# prior", "the night prior": written as "el día antes" / "the day before", which the scheduling
# skill counts from the meeting meant and the reader never takes for today. "La víspera de
# Navidad" (a feast's eve) is a date, read by ``days_around``: kept.
_EVE = (
    (
        re.compile(
            r"(?<!\w)la\s+v[ií]spera(?!\w)(?!\s+del?\s+(?!(?:la|mi|el|tu)\s+(?:cita|reuni[oó]n"
            r"|junta|reu|clase|llamada|entrevista|examen|viaje|vuelo)\b))",
            re.I,
        ),
        "el día antes",
    ),
    (re.compile(r"(?<!\w)(el|la)\s+(d[ií]a|noche|tarde)\s+previ[oa](?!\w)", re.I), r"\1 \2 antes"),
    (
        re.compile(
            r"(?<!\w)the\s+(day|night|evening|morning|afternoon)\s+prior"
            # "prior to the meeting"; not "prior to print the slides" (what to be reminded of)
            r"(?:\s+to(?=\s+(?:the|my|our|your|it|that|this)\b))?(?!\w)",
            re.I,
        ),
        r"the \1 before",
    ),
)


def eve_as_day_before(text: str) -> str:
    """ "recuérdame la víspera a las 9", "the day prior at 6pm" → "el día antes …", "the day
    before …" (see ``_EVE``)."""
    for pattern, replacement in _EVE:
        text = pattern.sub(replacement, text)
    return text


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
# "a las 12 de la noche", "12 at night": the hour 12 itself at night ("el 12 a las 8 de la noche"
# is the 12th at 8 pm)
TWELVE_AT_NIGHT = re.compile(
    r"(?<![\d/.:])(12|doce)(?::00)?\s*(?:(?:de|en|por)\s+la\s+noche|esta\s+noche|at\s+night|tonight|"
    r"(?:in\s+the\s+)?night)(?!\w)",
    re.I,
)
# A bare hour said "of the night" ("a la 1 de la noche", "las 3 de la noche", "at 1 tonight"): in
# Peru and Argentina the small hours (01:00, not 13:00); the parser reads the afternoon.
NIGHT_HOUR = {
    "es": re.compile(
        r"(?<![\d:./])(?P<h>\d{1,2}|una|dos|tres|cuatro|cinco|seis)(?::(?P<m>\d\d))?\s+"
        r"(?:(?:de|en|por)\s+la\s+noche|esta\s+noche)(?!\w)"
        r"|(?<!\w)(?:esta\s+noche|(?:de|en|por)\s+la\s+noche),?\s+(?:a\s+)?(?:las?\s+)?"
        r"(?P<h2>\d{1,2}|una|dos|tres|cuatro|cinco|seis)(?::(?P<m2>\d\d))?(?![\d:./]?\d)(?!\s*[ap]\.?\s?m)",
        re.I,
    ),
    "en": re.compile(
        r"(?<![\d:./])(?P<h>\d{1,2}|one|two|three)(?::(?P<m>\d\d))?\s+(?:tonight|at\s+night|"
        r"in\s+the\s+night)(?!\w)"
        r"|(?<!\w)tonight,?\s+at\s+(?P<h2>\d{1,2}|one|two|three)(?::(?P<m2>\d\d))?"
        r"(?![\d:./]?\d)(?!\s*(?:[ap]\.?\s?m|o'?clock))",
        re.I,
    ),
}
# A morning hour said with the coming night ("at 1am tonight", "tonight at 2:30 a.m.", "a la 1
# de la madrugada esta noche", "esta noche a las 2 am"): the hour is in the small hours after
# midnight (1–4), never the afternoon the parser reads ("1am tonight": 13:00); a later morning
# hour with "tonight" ("tonight at 7am") says two things and is asked.
TONIGHT = re.compile(
    r"(?<!\w)(?:tonight|tonite|this\s+night|esta\s+noche|hoy\s+(?:en|por|a)\s+la\s+noche)(?!\w)",
    re.I,
)
MORNING_HOUR = re.compile(
    r"(?<![\d:./])(?P<h>\d{1,2}|one|two|three|four|una|dos|tres|cuatro)(?::(?P<m>[0-5]\d))?\s*"
    r"(?:a\.?\s?m\.?(?!\w)|(?:o'?clock\s+)?in\s+the\s+morning(?!\w)"
    r"|(?:de|en|por)\s+la\s+(?:mañana|manana|madrugada)(?!\w))",
    re.I,
)
MORNING_HOUR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "una": 1, "dos": 2, "tres": 3,
                      "cuatro": 4}  # fmt: skip
# "12am", "12:00 a.m.": the start of the day as written, but often meant as the end of it
TWELVE_AM = re.compile(r"(?<![\d:])12(?::00)?\s*a\.?\s?m(?![a-z])", re.I)
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
    "en": r"at|on|by|for|from|in|around|about|this|next|the|until|till|until the|till the|to|"
    r"before|after|of",
    "es": r"a las|a la|a|el|la|las|los|para el|para las|para la|para|pa|pa'|pa’|pal|de|del|por|en|"
    r"dentro de|"
    r"desde|hasta el|hasta la|hasta las|hasta|este|esta|próximo|que viene",
}
# Words said around a time in chat ("recuérdame pe el jueves …", "a las 8 nomás", "hoy pues"):
# next to a time's words they are neither the time nor the item's text
_TIME_FILLER = {"es": r"pe|pes|ps|pues|nom[aá]s"}
TIME_FILLER = {
    lang: re.compile(rf"(?:(?<=\s)|^)(?:{p})\s*,?\s*$", re.I) for lang, p in _TIME_FILLER.items()
}
TIME_FILLER_AFTER = {
    lang: re.compile(rf"^\s*,?\s*(?:{p})(?!\w)", re.I) for lang, p in _TIME_FILLER.items()
}
DANGLING = {lang: re.compile(rf"(?:(?<=\s)|^)(?:{p})\s*$", re.I) for lang, p in _DANGLING.items()}
DANGLING_MIXED = re.compile(rf"(?:(?<=\s)|^)(?:{'|'.join(_DANGLING.values())})\s*$", re.I)

# The edges of a working day said with a day ("first thing Monday", "by EOD Friday", "COB
# tomorrow", "end of play Thursday", "close of business on Friday"): the start of the working
# morning (the reader's morning, 9:00) or the end of the working day (17:00), offered for a "yes"
WORKDAY_EDGE = re.compile(
    r"(?<!\w)(?:(?P<start>first\s+thing(?:\s+in\s+the\s+morning)?)"
    r"|(?P<end>(?:(?:by|at|before|for)\s+)?(?:the\s+)?(?:eod|cob|eop|close\s+of\s+(?:business|play)"
    r"|end\s+of\s+(?:play|business|(?:the\s+)?(?:working\s+|work\s+|business\s+)?day))))"
    r"(?:\s*,)?(?:\s+on)?(?!\w)",
    re.I,
)
WORKDAY_HOURS = {"start": (9, 0), "end": (17, 0)}
# a word of a count of days left beside a reading that did not use it ("every other fortnight")
FORTNIGHT = re.compile(r"(?<!\w)fortnights?(?!\w)", re.I)

QUESTIONS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "no_time": "What time {day}?",
        "no_when": "When should it be? Please give a day and a time.",
        "no_day": "Which day at {time}?",
        "no_day_in": "Which day from {first} to {last} at {time}?",
        "no_day_in_time": "Which day from {first} to {last}, and at what time?",
        "no_day_in_hours": "Which day from {first} to {last}, and at {a} or at {b}?",
        "no_such_day": "{month} has {count} days: which day did you mean, at {time}?",
        "no_such_day_hours": "{month} has {count} days: which day did you mean, and at {a} or "
        "at {b}?",
        "no_such_day_time": "{month} has {count} days: which day did you mean, and at what time?",
        "outside": "That day is not between {first} and {last}. Did you mean {a}?",
        "ambiguous_hour": "Did you mean {a} or {b}?",
        "ambiguous_weekday": "Did you mean {a} or {b}?",
        "ambiguous_date": "Did you mean {a} or {b}?",
        "past": "{understood} has already passed. Did you mean {a}?",
        "past_plain": "{understood} is in the past. When should it be?",
        "past_day": "{day} is in the past. When should it be?",
        "exact": "What time exactly? Please give a day and a time.",
        "far_year": "I can read dates up to the year 2099, not {year}: which date did you mean?",
        "far_span": "I can read dates up to the year 2099: which date did you mean?",
        "early_year": "I can read dates from the year 1900 on, not {year}: which date did you "
        "mean?",
        "no_such_date": "There is no {dom} {month_name} {year}: {month} has {count} days",
        "bad_date": "{year} is not a date: which date did you mean?",
        "vague": "When exactly? Please give a day and a time.",
        "repeating": "I can't repeat it yet (every day, every week…): I can only set it for one "
        "moment. Which day and time should it be?",
        "correction": "I read more than one time ({items}). Which one did you mean?",
        "midnight": "Midnight at the start of the day ({a}) or at its end ({b})?",
        "midnight_one": "Did you mean {a}?",
        "suggest": "Did you mean {a}?",
        "days_off": "Counting Monday to Friday, that is {a}; if {off} is a holiday where you are, "
        "it is {b}. Which one?",
        "days_off_many": "Counting Monday to Friday, that is {a}; if {off} are holidays where you "
        "are, it is {b}. Which one?",
        "midnight_days": "Which midnight did you mean: {items}?",
        "small_hours_hour": "{today} or {tomorrow}, and at {a} or at {b}?",
        "zone": "Which time zone is “{zone}”? Please give the time in your own time zone, or "
        "name a city (for example “3pm New York time”).",
        "zone_country": "“{zone}” has several time zones ({cities}). Which one? Name a city (for "
        "example “3pm {city} time”), or give the time in your own time zone.",
        "zone_offset": "No clock keeps “{zone}”: offsets go from UTC-12 to UTC+14. What time did "
        "you mean? Give it in your own time zone, or with another offset (for example “3pm "
        "UTC-5”).",
        "skipped_time": "{time} doesn't exist {day}: the clocks go forward that night. "
        "Did you mean {a} or {b}?",
        "repeated_time": "{time} happens twice {day}: the clocks go back that night. "
        "Did you mean {a} (the first) or {b} (the second)?",
    },
    "es": {
        "no_time": "¿A qué hora {day}?",
        "no_when": "¿Para cuándo? Dime un día y una hora.",
        "no_day": "¿Qué día a las {time}?",
        "no_day_in": "¿Qué día, entre {first} y {last}, a las {time}?",
        "no_day_in_time": "¿Qué día, entre {first} y {last}, y a qué hora?",
        "no_day_in_hours": "¿Qué día, entre {first} y {last}, y a las {a} o a las {b}?",
        "no_such_day": "{month} tiene {count} días: ¿qué día querías, a las {time}?",
        "no_such_day_hours": "{month} tiene {count} días: ¿qué día querías, y a las {a} o a "
        "las {b}?",
        "no_such_day_time": "{month} tiene {count} días: ¿qué día querías, y a qué hora?",
        "outside": "Ese día no está entre {first} y {last}. ¿Quieres decir {a}?",
        "ambiguous_hour": "¿Quieres decir {a} o {b}?",
        "ambiguous_weekday": "¿Quieres decir {a} o {b}?",
        "ambiguous_date": "¿Quieres decir {a} o {b}?",
        "past": "{understood} ya pasó. ¿Quieres decir {a}?",
        "past_plain": "{understood} ya pasó. ¿Para cuándo lo dejo?",
        "past_day": "{day} ya pasó. ¿Para cuándo lo dejo?",
        "exact": "¿A qué hora exactamente? Dime un día y una hora.",
        "far_year": "Puedo leer fechas hasta el año 2099, no {year}: ¿qué fecha querías?",
        "far_span": "Puedo leer fechas hasta el año 2099: ¿qué fecha querías?",
        "early_year": "Puedo leer fechas desde el año 1900, no {year}: ¿qué fecha querías?",
        "no_such_date": "No existe el {dom} de {month_name} de {year}: {month} tiene {count} días",
        "bad_date": "{year} no es una fecha: ¿qué fecha querías?",
        "vague": "¿Cuándo exactamente? Dime un día y una hora.",
        "repeating": "Todavía no puedo repetirlo (cada día, cada semana…): solo puedo ponerlo "
        "para un momento. ¿Qué día y a qué hora?",
        "correction": "Entendí más de un momento ({items}). ¿Cuál quieres?",
        "midnight": "¿La medianoche al empezar el día ({a}) o al terminar ({b})?",
        "midnight_one": "¿Quieres decir {a}?",
        "suggest": "¿Quieres decir {a}?",
        "days_off": "Contando de lunes a viernes es {a}; si {off} es feriado donde estás, es {b}. "
        "¿Cuál de los dos?",
        "days_off_many": "Contando de lunes a viernes es {a}; si {off} son feriados donde estás, "
        "es {b}. ¿Cuál de los dos?",
        "midnight_days": "¿Qué medianoche quieres decir: {items}?",
        "small_hours_hour": "¿{today} o {tomorrow}, y a las {a} o a las {b}?",
        "zone": "¿Qué zona horaria es «{zone}»? Dime la hora en tu zona horaria o nombra una "
        "ciudad (por ejemplo, «a las 3 de la tarde hora de Lima»).",
        "zone_country": "«{zone}» tiene varias zonas horarias ({cities}). ¿Cuál? Nombra una "
        "ciudad (por ejemplo, «a las 3 de la tarde hora de {city}») o dime la hora en tu zona "
        "horaria.",
        "zone_offset": "Ningún reloj usa «{zone}»: los husos van de UTC-12 a UTC+14. ¿Qué hora "
        "querías? Dímela en tu zona horaria o con otro huso (por ejemplo, «a las 3 de la tarde "
        "UTC-5»).",
        "skipped_time": "La hora {time} no existe {day}: esa noche se adelantan los relojes. "
        "¿Quieres decir {a} o {b}?",
        "repeated_time": "La hora {time} se repite {day}: esa noche se atrasan los relojes. "
        "¿Quieres decir {a} (la primera) o {b} (la segunda)?",
    },
}

# A Spanish duration ("por 45 minutos", "durante dos horas"): the parser reads "45 minutos" as a
# clock time, so the number is read by its number model and the unit from this list.
ES_DURATION = re.compile(
    r"(?<!\w)(?P<lead>(?:en|dentro de|por|durante|de)\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?|[a-záéíóúñ]+(?: y [a-záéíóúñ]+)?)\s*"
    r"(?P<u>minutos?|mins?|horas?|hrs?|segundos?|segs?)(?!\w)"
    r"(?P<half>\s+y\s+(?:media|cuarto)(?!\w))?",
    re.I,
)
# A word that makes the day after it a subject, not a time ("call Rosa at 5 about the weekend",
# "llamar a Rosa a las 5 sobre el viernes"): followed by a day with no clock time
TOPIC_BEFORE = re.compile(
    r"(?<!\w)(?:about|regarding|concerning|re|sobre|acerca(?:\s+de)?|respecto(?:\s+(?:a|de))?"
    r"|en\s+cuanto(?:\s+a)?)(?:\s+(?:al|del))?"
    r"\s+(?:(?:the|this|next|el|la|los|las|este|esta|pr[oó]ximo)\s+)?$",
    re.I,
)
# the same words inside a phrase the parser read whole ("6 de la tarde respecto al sábado")
TOPIC_INSIDE = re.compile(
    r"\s(?:about|regarding|concerning|sobre|acerca(?:\s+de)?|respecto(?:\s+(?:a|de))?"
    r"|en\s+cuanto(?:\s+a)?)\s",
    re.I,
)
ES_UNITS = {"min": 60, "hor": 3600, "hrs": 3600, "hr": 3600, "seg": 1}
ES_NUMBER_WORD = re.compile(
    r"una|un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce", re.I
)
EMBEDDED_RANGE = re.compile(
    r"(?<!\w)(?:from|between|de|desde|entre)\s+(?:las?\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s*"
    r"(?:to|and|-|a|y|hasta)\s+(?:las?\s+)?\d",
    re.I,
)
ES_NAMED_WEEKDAY = re.compile(
    r"(?<!\w)(?:Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo)(?!\w)"
)
# Words of a time phrase (kept out of titles) and the small words between others.
TIME_TOKEN = re.compile(
    r"\d+(?:[:./-]\d+)*(?:am|pm|st|nd|rd|th|ro|er|do|to|vo|no|mo|°|º|h|hrs?)?"
    r"(?:[-–]\d+(?:[:.]\d+)?(?:am|pm)?)?|"
    r"first|second|third|fourth|fifth|last|primer|primero|primera|segundo|segunda|tercer|"
    r"tercero|tercera|quinto|último|ultimo|última|ultima|"
    r"am|pm|a\.m\.?|p\.m\.?|o'clock|hs|hrs?|h|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|jueves|"
    r"viernes|sábado|domingo|today|tonight|tomorrow|yesterday|hoy|mañana|pasado|noon|midnight|"
    r"mediodía|medianoche|morning|afternoon|evening|night|tarde|noche|madrugada|next|this|"
    r"coming|próximo|próxima|que|viene|este|esta|week|semana|weekend|fin|month|mes|minutes?|"
    r"hours?|seconds?|secs?|segundos|segs?|past|menos|early|temprano|tempranito|"
    r"minutos?|horas?|days?|días?|half|media|quarter|cuarto|y|and|to|till|until|hasta|desde|"
    r"from|between|entre|in|dentro|for|por|durante|around|about|at|on|el|la|las|los|de|del|"
    r"a|al|en|the|de|of|after|después|otra|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|"
    r"julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre",
    re.I,
)
FUNCTION_TOKEN = re.compile(r"a|al|de|del|el|la|las|los|en|con|to|with|the|my|mi|mis|at|on", re.I)
TIME_START = re.compile(r"\s(?=(?:at|from|between|a las?|de|desde|entre)\s)", re.I)
TRAILING_QUALIFIER = re.compile(
    r"\s*(?:after next|de la otra semana|de la semana subsiguiente|que viene|entrante)(?!\w)",
    re.I,
)
PLURAL_WEEKDAY = re.compile(
    r"(?<!\w)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s(?!\w)", re.I
)

# -- a time zone named beside a time ("3pm New York time", "9am EST", "hora de Lima") -----------
# Abbreviations: zone; None when unclear ("CST": US Central or China; "IST": India, Israel or
# Ireland). Written in capitals, except the common three-letter ones ("9am est").
ZONE_ABBREVIATIONS: Mapping[str, str | None] = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CDT": "America/Chicago", "CST": None,
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "AKDT": "America/Anchorage", "HST": "Pacific/Honolulu",
    "GMT": "UTC", "UTC": "UTC", "BST": "Europe/London", "WET": "Europe/Lisbon",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "EET": "Europe/Athens",
    "EEST": "Europe/Athens", "MSK": "Europe/Moscow", "IST": None, "AST": None,
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland", "PET": "America/Lima", "COT": "America/Bogota",
    "ART": "America/Argentina/Buenos_Aires", "CLT": "America/Santiago",
    "BRT": "America/Sao_Paulo", "VET": "America/Caracas", "BOT": "America/La_Paz",
}  # fmt: skip
_LOWER_ABBREVIATIONS = frozenset({"est", "edt", "pst", "pdt", "cst", "cdt", "mst", "mdt", "gmt",
                                  "utc", "jst", "cet"})  # fmt: skip
# Countries are read from the tz database's own country table (``zone.tab``, shipped by the
# ``tzdata`` package) with their names in English and Spanish from CLDR (Babel): a country whose
# zones all keep one clock (Argentina's twelve, Peru's one) is that clock; a country whose zones
# differ at some time of the year (Mexico, Chile, Brazil, the US, Spain and its Canary Islands) is
# asked about, never read as one of them. These are only the other words people say for them.
_COUNTRY_ALIASES: Mapping[str, str] = {
    "usa": "US", "us": "US", "u s": "US", "eeuu": "US", "ee uu": "US", "america": "US",
    "estados unidos": "US", "united states of america": "US", "uk": "GB", "britain": "GB",
    "great britain": "GB", "inglaterra": "GB", "england": "GB", "gran bretana": "GB",
    "holanda": "NL", "holland": "NL", "russia": "RU", "rusia": "RU",
}  # fmt: skip
# Adjectives said for a country's time ("hora peruana", "hora mexicana") → the country
_COUNTRY_ADJECTIVES: Mapping[str, str] = {
    "peruana": "PE", "peruano": "PE", "argentina": "AR", "argentino": "AR",
    "colombiana": "CO", "colombiano": "CO", "chilena": "CL", "chileno": "CL",
    "mexicana": "MX", "mexicano": "MX", "espanola": "ES", "espanol": "ES",
    "ecuatoriana": "EC", "ecuatoriano": "EC", "boliviana": "BO", "boliviano": "BO",
    "venezolana": "VE", "venezolano": "VE", "uruguaya": "UY", "uruguayo": "UY",
    "paraguaya": "PY", "paraguayo": "PY", "japonesa": "JP", "japones": "JP",
    "brasilena": "BR", "brasileno": "BR", "china": "CN", "chino": "CN", "rusa": "RU",
    "ruso": "RU", "estadounidense": "US", "canadiense": "CA", "australiana": "AU",
    "australiano": "AU", "brazilian": "BR", "mexican": "MX", "peruvian": "PE",
    "chilean": "CL", "argentinian": "AR", "argentine": "AR", "colombian": "CO",
    "spanish": "ES", "russian": "RU", "australian": "AU", "canadian": "CA",
    "american": "US", "japanese": "JP", "chinese": "CN",
}  # fmt: skip


@functools.cache
def _country_table() -> dict[str, tuple[str, ...]]:
    """Country code → its zones, most populous first (the tz database's ``zone.tab``)."""
    from importlib.resources import files

    table: dict[str, list[str]] = {}
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _, zone, *_ = line.split("\t")
        table.setdefault(code, []).append(zone)
    return {code: tuple(zones) for code, zones in table.items()}


def _clock_of(zone: str) -> tuple[int, ...]:
    """A zone's offsets from UTC through this year and the next, sampled twice a month: two
    zones with the same samples keep the same clock."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    year = datetime.now(UTC).year
    samples = []
    for y in (year, year + 1):
        for month in range(1, 13):
            for day in (1, 16):
                moment = datetime(y, month, day, 12, tzinfo=UTC).astimezone(tz)
                offset = moment.utcoffset()
                samples.append(int(offset.total_seconds()) if offset is not None else 0)
    return tuple(samples)


# Countries with one official clock whose tz database lists another zone beside it (China's
# Urumqi, +06, is a local custom; the country's time is Beijing's)
_OFFICIAL_CLOCK: Mapping[str, str] = {"CN": "Asia/Shanghai"}


@functools.cache
def country_clocks(code: str) -> tuple[str, ...]:
    """The zones that keep a different clock in a country, one for each clock (its most
    populous zone first): one zone for a country of one clock, none for an unknown code."""
    if code in _OFFICIAL_CLOCK:
        return (_OFFICIAL_CLOCK[code],)
    seen: dict[tuple[int, ...], str] = {}
    for zone in _country_table().get(code, ()):
        seen.setdefault(_clock_of(zone), zone)
    return tuple(seen.values())


@functools.cache
def _country_names() -> dict[str, str]:
    """A country's name in English or Spanish (folded), its aliases and adjectives → its code."""
    from babel import Locale

    from app.skills.slots import fold

    names: dict[str, str] = {}
    codes = _country_table()
    for lang in ("en", "es"):
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                names.setdefault(" ".join(fold(name).replace(".", " ").split()), code)
    for said, code in (*_COUNTRY_ALIASES.items(), *_COUNTRY_ADJECTIVES.items()):
        names.setdefault(said, code)
    return names


def country_said(name: str) -> str | None:
    """The country a folded name names ("peru", "estados unidos", "hora mexicana"), or None."""
    return _country_names().get(name)


def zone_choices(said: str, lang: str, home: str | None = None) -> list[str]:
    """The cities that stand for the clocks of a country of several zones named in ``said``
    ("hora de Chile" → Santiago, Punta Arenas, Isla de Pascua), or for the two zones a region's
    word names for a user in ``home`` ("Central" in Mexico: Mexico City or Chicago), in
    ``lang``; none when no such country or word is named."""
    from app.skills.slots import fold

    region = (
        _region_of(said) if _REGION_SHOWN.fullmatch(said) or _REGION_HORA.fullmatch(said) else None
    )
    if region is not None and (other := _region_at_home(region, home)):
        return [_city_of(other, lang), _city_of(_REGION_ZONES[region], lang)]
    tokens = fold(said).replace(".", " ").split()
    for size in range(len(tokens), 0, -1):
        for first in range(len(tokens) - size + 1):
            code = country_said(" ".join(tokens[first : first + size]))
            if code is None:
                continue
            zones = country_clocks(code)
            if len(zones) < 2:
                return []
            return [_city_of(z, lang) for z in zones]
    return []


def _city_of(zone: str, lang: str) -> str:
    """A zone's city as CLDR writes it in ``lang`` ("Isla de Pascua"), else as the tz database
    does (a zone newer than CLDR)."""
    from babel.dates import get_timezone_location

    try:
        return str(get_timezone_location(zone, locale=lang, return_city=True))
    except LookupError:
        return zone.rsplit("/", 1)[-1].replace("_", " ")


# Cities by the letters they are written with (upper case only: "la" is an article)
_CITY_SHORT: Mapping[str, str] = {
    "LA": "America/Los_Angeles", "SF": "America/Los_Angeles", "NYC": "America/New_York",
    "NY": "America/New_York", "DC": "America/New_York", "CDMX": "America/Mexico_City",
}  # fmt: skip
# The user's own zone said in words: read as it is ("3pm my time", "a las 3 hora local")
_OWN_ZONE = frozenset({"my", "local", "our", "mi", "nuestra", "aqui", "aca"})
_CLOCK_BEFORE = (
    r"(?:\d{1,2}(?::\d\d)?(?:\s*[ap]\.?\s?m\.?)?|noon|midnight|mediod[ií]a|medianoche"
    r"|(?:de|en|por)\s+la\s+(?:mañana|tarde|noche))"
)
_ZONE_TIME = re.compile(
    rf"(?i:{_CLOCK_BEFORE}),?\s+(?:in\s+)?(?P<place>(?:[^\W\d_][\w.'’-]*\s+){{1,3}}?)time(?!\w)"
)
_ZONE_HORA = re.compile(
    r"(?i:(?<!\w)(?:en\s+)?(?:la\s+)?hora\s+(?:(?:de|del|en)\s+)?)"
    r"(?P<place>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,2})"
)
_ABBREVIATION_AFTER_CLOCK = re.compile(
    rf"(?i:{_CLOCK_BEFORE})\s*,?\s*\(?(?P<abbr>(?![AaPp]\.?[Mm](?!\w))[A-Za-z]{{2,4}})\)?(?!\w)"
)


# The US and Canadian zones said by their region's name after a clock time ("10am Pacific",
# "9am Central to call Bob", "a las 9 hora del pacífico", "hora de la montaña"): that zone. A
# name that goes on ("Central Park", "Mountain View", "Atlantic City", "central station") is a
# place, not a zone.
_REGION_ZONES: Mapping[str, str] = {
    "pacific": "America/Los_Angeles", "mountain": "America/Denver", "central": "America/Chicago",
    "eastern": "America/New_York", "atlantic": "America/Halifax",
    # Europe's, said with their continent ("9am Central European Time", "hora central europea")
    "central european": "Europe/Paris", "eastern european": "Europe/Athens",
    "western european": "Europe/Lisbon",
}  # fmt: skip
_REGION_WORDS: Mapping[str, str] = {
    "pacific": "pacific", "mountain": "mountain", "central": "central", "eastern": "eastern",
    "atlantic": "atlantic", "pacifico": "pacific", "montana": "mountain", "centro": "central",
    "este": "eastern", "atlantico": "atlantic", "oriental": "eastern", "occidental": "western",
    "western": "western",
}  # fmt: skip
_EUROPE_WORDS = frozenset({"european", "europe", "europea", "europeo", "europa"})
# Where a region's word also names a zone of the user's own country, which of the two is meant
# is asked ("Central" said in Mexico: its central zone or the US one?)
_REGIONS_AT_HOME: Mapping[str, Mapping[str, str]] = {
    "MX": {"central": "America/Mexico_City", "pacific": "America/Mazatlan",
           "eastern": "America/Cancun"},
    "AU": {"central": "Australia/Adelaide", "eastern": "Australia/Sydney"},
}  # fmt: skip
# In Europe "Central" is as likely Central European Time as the US zone ("9am Central" said in
# London), and "Eastern" said where Eastern European Time is kept: asked, naming both. The
# user's own zone stands for Europe's when it keeps that clock, else the zone shown is this one.
_EUROPE_REGIONS: Mapping[str, str] = {"central": "Europe/Paris", "eastern": "Europe/Athens"}
_EUROPE_OUTSIDE = frozenset({"Atlantic/Canary", "Atlantic/Madeira", "Atlantic/Faroe",
                             "Atlantic/Reykjavik", "Africa/Ceuta"})  # fmt: skip
_PLACE_NOUNS = (
    r"park|station|city|view|coast|avenue|ave|street|st|road|square|plaza|mall|market|library|"
    r"office|hospital|school|high|college|university|bank|church|hall|terminal|airport|bus|"
    r"line|railway|bridge|district|region|valley|ocean|time\s+zone|parque|estaci[oó]n|plaza"
)
_REGION_AFTER_CLOCK = re.compile(
    rf"(?i:{_CLOCK_BEFORE}),?\s+(?P<zone>(?P<region>(?i:(?:central|eastern|western)\s+european|"
    r"pacific|mountain|central|eastern|atlantic))(?:\s+(?i:standard|daylight|summer))?"
    r"(?:\s+(?i:time))?)(?!\w)"
    rf"(?!\s+(?i:{_PLACE_NOUNS})(?!\w))(?!\s+[A-Z])"
)
_REGION_HORA = re.compile(
    r"(?i:(?<!\w)(?:en\s+)?(?:la\s+)?(?:hora|tiempo)\s+(?:est[aá]ndar\s+)?"
    r"(?:(?:central|oriental|occidental)\s+europea|europea\s+(?:central|oriental|occidental)"
    r"|de\s+europa\s+(?:central|oriental|occidental|del\s+este)"
    r"|del\s+(?:pac[ií]fico|centro|este|atl[aá]ntico)|de\s+la\s+monta[ñn]a|central)(?!\w))"
)
# The words a region's zone was said with, as shown in a question ("Central time")
_REGION_SHOWN = re.compile(
    r"(?i:(?:pacific|mountain|central|eastern|atlantic)(?:\s+(?:standard|daylight))?(?:\s+time)?)"
)


def _region_of(said: str) -> str | None:
    """The region ("central", "pacific") a zone's words name, or None."""
    from app.skills.slots import fold

    tokens = fold(said).split()
    for token in reversed(tokens):
        if token in _REGION_WORDS:
            region = _REGION_WORDS[token]
            if _EUROPE_WORDS.intersection(tokens):  # "Central European", "de Europa del este"
                return f"{region} european" if f"{region} european" in _REGION_ZONES else None
            return region
    return None


def _region_at_home(region: str, home: str | None) -> str | None:
    """The zone of the user's own country (or continent, in Europe) a region's word also names,
    or None."""
    found = _REGIONS_AT_HOME.get(zone_country(home) or "", {}).get(region)
    if found is None and home and region in _EUROPE_REGIONS:
        europe = _EUROPE_REGIONS[region]
        if _same_clock(home, europe):
            return home
        if region == "central" and (home.startswith("Europe/") or home in _EUROPE_OUTSIDE):
            return europe
    return found


@functools.cache
def _same_clock(zone: str, other: str) -> bool:
    """Whether two zones keep the same clock in winter and in summer (Madrid and Paris)."""
    from zoneinfo import ZoneInfo

    try:
        one, two = ZoneInfo(zone), ZoneInfo(other)
    except (ValueError, OSError):
        return False
    return all(
        one.utcoffset(moment) == two.utcoffset(moment)
        for moment in (datetime(2026, 1, 15, 12), datetime(2026, 7, 15, 12))
    )


@functools.cache
def zone_country(zone: str | None) -> str | None:
    """The country a zone is in (this module's table, then the tz database's), or None."""
    if not zone:
        return None
    if (known := country_of(zone)) is not None:
        return known
    return next((c for c, zones in _country_table().items() if zone in zones), None)


@functools.cache
def zone_date_order(zone: str | None) -> str | None:
    """The order English numeric dates are written in where ``zone`` is: "DMY" where English
    writes the day first (the UK, Ireland, India, Australia, New Zealand… by CLDR's short date
    of ``en_<country>``), "MDY" where it writes the month first (the US), None where English
    has no written custom of that country or the order starts with the year."""
    from babel import Locale, UnknownLocaleError

    country = zone_country(zone)
    if not country:
        return None
    try:
        pattern = Locale.parse(f"en_{country}").date_formats["short"].pattern
    except (UnknownLocaleError, ValueError):
        return None
    order = "".join(c for c in pattern if c in "dMy")
    squeezed = "".join(c for i, c in enumerate(order) if i == 0 or order[i - 1] != c)
    return {"dMy": "DMY", "Mdy": "MDY"}.get(squeezed)


@functools.cache
def locale_date_order(locale: str | None) -> str | None:
    """The order numeric dates are written in for a locale with a country ("en-US": "MDY";
    "en-GB", "en-IN", "es-PE": "DMY", by CLDR's short date); None for a language alone ("en"),
    whose order the locale does not settle, or an order that starts with the year."""
    from babel import Locale, UnknownLocaleError

    if not locale or not re.fullmatch(r"[A-Za-z]{2,3}[-_][A-Za-z]{2}", locale):
        return None
    try:
        pattern = Locale.parse(locale.replace("-", "_")).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError):
        return None
    order = "".join(c for c in pattern if c in "dMy")
    squeezed = "".join(c for i, c in enumerate(order) if i == 0 or order[i - 1] != c)
    return {"dMy": "DMY", "Mdy": "MDY"}.get(squeezed)


def _region_said(text: str, home: str | None) -> tuple[int, int, str, str | None] | None:
    """A region's zone said after a clock time ("10am Pacific", "hora del centro"), as
    :func:`zone_said` returns it; None when none is said."""
    found = _REGION_AFTER_CLOCK.search(text)
    span = (found.start("zone"), found.end("zone")) if found else None
    if span is None and (found := _REGION_HORA.search(text)) is not None:
        span = found.span()
    if span is None:
        return None
    said = text[span[0] : span[1]]
    region = _region_of(said)
    if region is None:
        return None
    zone = None if _region_at_home(region, home) else _REGION_ZONES[region]
    return span[0], span[1], said, zone


def _place_zone(words_said: str) -> tuple[int, str | None] | None:
    """The zone a place's name names (the longest known name at the start of ``words_said``):
    (how many characters it takes, zone or None when the country has several); None when no
    name there is known."""
    from app.skills.slots import city_zone, fold

    if re.match(r"(?:la|el|los|las|the|a|an)\s", words_said):
        return None  # "hora de la reunión": a thing's time, not a place's
    tokens = list(re.finditer(r"[^\s,.;:!?]+", words_said))
    for size in range(min(3, len(tokens)), 0, -1):
        end = tokens[size - 1].end()
        name = fold(words_said[:end]).replace(".", " ").strip()
        name = " ".join(name.split())
        if (code := country_said(name)) is not None and (zones := country_clocks(code)):
            return end, zones[0] if len(zones) == 1 else None
        if name in _OWN_ZONE:
            return end, ""
        found = city_zone(f"in {words_said[:end]}")
        # the whole of these words is the place ("Lima pagar la" ends with "la", which is not
        # a place said: "hora de Lima pagar la luz" is Lima's time)
        if found is not None and len(name) > 2 and _folded_name(found[0]) == name:
            return end, found[1]
    return None


def _folded_name(said: str) -> str:
    from app.skills.slots import fold

    return " ".join(fold(said).replace(".", " ").split())


def zone_said(
    text: str, lang: str, home: str | None = None
) -> tuple[int, int, str, str | None] | None:
    """A time zone named beside a time ("3pm New York time", "9am EST", "10am Pacific", "a las
    10 hora de Argentina", "hora peruana", "hora del pacífico"): (start, end, the words, the
    zone), the zone "" for the user's own ("my time", "hora local") and None when it is unclear
    ("CST", "3pm Springfield time", "hora de Estados Unidos", "Central" said by a user in
    ``home`` Mexico); None when no zone is named."""
    if not re.search(r"\d|noon|midnight|mediod[ií]a|medianoche", text, re.I):
        return None
    if (offset := _offset_said(text)) is not None:  # "3pm UTC-5", "hora GMT+2"
        return offset
    if (region := _region_said(text, home)) is not None:
        return region
    for m in _ABBREVIATION_AFTER_CLOCK.finditer(text):
        abbr = m["abbr"]
        if abbr.upper() not in ZONE_ABBREVIATIONS:
            continue
        if not abbr.isupper() and abbr.lower() not in _LOWER_ABBREVIATIONS:
            continue
        return m.start("abbr"), m.end(), abbr, ZONE_ABBREVIATIONS[abbr.upper()]
    for m in _ZONE_TIME.finditer(text):
        place = m["place"].strip()
        if place.lower() in ("your", "their", "his", "her", "its"):
            return m.start("place"), m.end(), f"{place} time", None
        if place.replace(".", "") in _CITY_SHORT:  # "9am LA time", "NYC time"
            return m.start("place"), m.end(), f"{place} time", _CITY_SHORT[place.replace(".", "")]
        found = _place_zone(place)
        if found is not None and found[0] >= len(place):
            start = m.start("place")
            lead = re.search(r"(?:,\s*|\s+in)\s*$", text[:start])
            return (lead.start() if lead else start), m.end(), f"{place} time", found[1]
        if place[:1].isupper():
            return m.start("place"), m.end(), f"{place} time", None  # "Springfield time"
    if lang == "es" or re.search(r"(?<!\w)hora\s", text, re.I):
        for m in _ZONE_HORA.finditer(text):
            found = _place_zone(m["place"])
            if found is None:
                if m["place"][:1].isupper() and re.search(
                    r"(?i:de|del|en)\s+$", m[0][: -len(m["place"])]
                ):
                    end = m.start("place") + len(m["place"].split()[0])
                    return m.start(), end, text[m.start() : end], None  # "hora de Springfield"
                continue
            end = m.start("place") + found[0]
            return m.start(), end, text[m.start() : end], found[1]
    return None


# -- a UTC offset said beside a time ("3pm UTC-5", "9am GMT+2", "10am UTC+5:30", "a las 3 de la
# tarde hora UTC-5") or asked about ("what time is it in UTC+14?"): the clock at that offset.
# Clocks keep offsets from UTC-12 to UTC+14, in whole hours or with 30 or 45 minutes; any other
# ("UTC+15", "UTC+99", "UTC+5:17") is asked about, never read as UTC.
_OFFSET = (
    r"(?P<base>UTC|GMT)\s*(?P<sign>[+\-−–])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?(?![\d:])"
)
OFFSET_SAID = re.compile(rf"(?i:(?<![\w/]){_OFFSET})")
# after a clock time, with the words that lead to it ("hora", "in", a bracket)
_OFFSET_AFTER_CLOCK = re.compile(
    rf"(?i:{_CLOCK_BEFORE})(?P<zone>\s*,?\s*(?i:(?:in|en)\s+)?(?i:(?:la\s+)?hora\s+(?:de\s+)?)?"
    rf"\(?\s*(?i:{_OFFSET})\s*\)?(?:\s+(?i:time))?)"
)
# asked about ("in UTC+14", "en GMT-3")
OFFSET_ASKED = re.compile(rf"(?i:(?<!\w)(?:in|en)\s+{_OFFSET})")
_OFFSET_KEY = re.compile(r"UTC(?P<sign>[+-])(?P<hours>\d\d):(?P<minutes>\d\d)")


def offset_minutes(found: re.Match[str]) -> int | None:
    """The offset from UTC, in minutes east, an :data:`OFFSET_SAID` match names; None when no
    clock keeps it ("UTC+15", "GMT+5:17")."""
    hours, minutes = int(found["hours"]), int(found["minutes"] or 0)
    total = (hours * 60 + minutes) * (1 if found["sign"] == "+" else -1)
    if minutes not in (0, 30, 45) or not -12 * 60 <= total <= 14 * 60:
        return None
    return total


def offset_shown(found: re.Match[str]) -> str:
    """An offset as said, written plainly ("utc +3" → "UTC+3", "GMT-03:00" → "GMT-3")."""
    hours, minutes = int(found["hours"]), int(found["minutes"] or 0)
    sign = "+" if found["sign"] == "+" else "-"
    return f"{found['base'].upper()}{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def offset_key(minutes: int) -> str:
    """The zone key for an offset from UTC: the tz database's ``Etc/GMT`` zone for whole hours
    (its signs are inverted: UTC+3 is ``Etc/GMT-3``), else ``UTC+05:30`` (:func:`zone_info`)."""
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0:
        return f"Etc/GMT{-minutes // 60:+d}"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_info(key: str) -> ZoneInfo:
    """The zone a key names: a tz database name, or an offset of :func:`offset_key` that has no
    ``Etc`` zone ("UTC+05:30"), as a zone of that one fixed offset."""
    from zoneinfo import ZoneInfo

    found = _OFFSET_KEY.fullmatch(key)
    if found is None:
        return ZoneInfo(key)
    return _fixed_zone(key)


@functools.cache
def _fixed_zone(key: str) -> ZoneInfo:
    """A zone of one fixed offset (``UTC+05:30``), built as a TZif file with no transitions."""
    import io
    import struct
    from zoneinfo import ZoneInfo

    found = _OFFSET_KEY.fullmatch(key)
    assert found is not None
    minutes = (int(found["hours"]) * 60 + int(found["minutes"])) * (
        1 if found["sign"] == "+" else -1
    )
    name = f"{found['sign']}{found['hours']}{found['minutes']}".encode()
    block = struct.pack(">lbB", minutes * 60, 0, 0) + name + b"\0"
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, len(name) + 1)
    posix = f"<{name.decode()}>{'-' if minutes > 0 else '+'}{found['hours']}:{found['minutes']}"
    data = header + block + header + block + f"\n{posix}\n".encode()
    return ZoneInfo.from_file(io.BytesIO(data), key=key)


def _offset_said(text: str) -> tuple[int, int, str, str | None] | None:
    """A UTC offset said after a clock time, as :func:`zone_said` returns it: the zone None when
    no clock keeps that offset."""
    found = _OFFSET_AFTER_CLOCK.search(text)
    if found is None:
        return None
    offset = OFFSET_SAID.search(found["zone"])
    assert offset is not None
    minutes = offset_minutes(offset)
    key = offset_key(minutes) if minutes is not None else None
    return found.start("zone"), found.end("zone"), offset_shown(offset), key


# -- minutes said in words ("7 y veinte", "8 menos diez", "cuarto para las 8", "twenty past 7",
# "ten to 8", British "half 2"): the parser keeps the hour alone (or reads "5 to 7" as a range),
# so they are written as the clock time they name ("7:20", "7:50", "2:30").
def _number_words(lang: str) -> dict[str, int]:
    """Number words 1–59 in ``lang`` ("veinticinco", "cuarenta y cinco", "twenty-five")."""
    if lang == "es":
        ones = ("uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
        found = {w: n for n, w in enumerate(ones, start=1)} | {"una": 1}
        teens = ("diez", "once", "doce", "trece", "catorce", "quince", "dieciséis",
                 "diecisiete", "dieciocho", "diecinueve")  # fmt: skip
        found |= {w: n for n, w in enumerate(teens, start=10)} | {"dieciseis": 16}
        found["veinte"] = 20
        for n, w in enumerate(ones, start=21):
            found["veinti" + w] = n
        found |= {"veintiún": 21, "veintidós": 22, "veintitrés": 23, "veintiséis": 26}
        for tens, n in (("treinta", 30), ("cuarenta", 40), ("cincuenta", 50)):
            found[tens] = n
            for k, w in enumerate(ones, start=1):
                found[f"{tens} y {w}"] = n + k
        return found
    ones = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    found = {w: n for n, w in enumerate(ones, start=1)}
    teens = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")  # fmt: skip
    found |= {w: n for n, w in enumerate(teens, start=10)}
    for tens, n in (("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50)):
        found[tens] = n
        for k, w in enumerate(ones, start=1):
            found[f"{tens}-{w}"] = found[f"{tens} {w}"] = n + k
    return found


_NUMBER_WORDS = {lang: _number_words(lang) for lang in ("en", "es")}
_HOUR_NAMES = {
    lang: {w: n for w, n in _NUMBER_WORDS[lang].items() if n <= 12} for lang in ("en", "es")
}


def _alternation(names: Mapping[str, int]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(names, key=len, reverse=True)
    )


_SAID_HOUR = {lang: rf"\d{{1,2}}|{_alternation(_HOUR_NAMES[lang])}" for lang in ("en", "es")}
_SAID_MINUTES = {lang: rf"\d{{1,2}}|{_alternation(_NUMBER_WORDS[lang])}" for lang in ("en", "es")}
# a part of the day after the clock: it is a time beyond doubt
_ES_HALF_AFTER = (
    r"(?=\s*(?:[ap]\.?\s?m(?!\w)|(?:de|en|por)\s+la\s+(?:ma[ñn]ana|tarde|noche)"
    r"|de\s+la\s+madrugada))"
)
_SPOKEN_MINUTES = {
    "es": (
        # "a las 7 y veinte", "siete y cuarenta de la mañana" (digits after "y" are read by
        # ``_ES_HOUR_AND_MINUTES``; "y media", "y cuarto" by the spelling rules)
        (
            re.compile(
                rf"(?<![\w:.,/])(?P<lead>(?:(?:a|desde|hasta|para|de)\s+)?las?\s+)?"
                rf"(?P<h>{_SAID_HOUR['es']})\s+y\s+(?P<m>{_alternation(_NUMBER_WORDS['es'])})"
                rf"(?:\s+minutos)?(?!\w)(?P<half>{_ES_HALF_AFTER})?",
                re.I,
            ),
            "after",
        ),
        # "a las 8 menos diez", "las 8 menos 10 de la mañana", "nueve menos cuarto"
        (
            re.compile(
                rf"(?<![\w:.,/])(?P<lead>(?:(?:a|desde|hasta|para|de)\s+)?las?\s+)?"
                rf"(?P<h>{_SAID_HOUR['es']})\s+menos\s+(?P<m>cuarto|{_SAID_MINUTES['es']})"
                rf"(?:\s+minutos)?(?!\w)(?P<half>{_ES_HALF_AFTER})?",
                re.I,
            ),
            "before",
        ),
        # "(a) un cuarto para las 8", "veinte para las ocho", "a las 10 para las 8" (Latin
        # America): minutes before the hour
        (
            re.compile(
                rf"(?<![\w:.,/])(?P<lead>(?:(?:a|desde|hasta|de)\s+)?(?:las?\s+)?)"
                rf"(?P<m>(?:un\s+)?cuarto|{_SAID_MINUTES['es']})(?:\s+minutos)?\s+para\s+"
                rf"(?:las?\s+)(?P<h>{_SAID_HOUR['es']})(?!\w)(?![:.]\d)",
                re.I,
            ),
            "para",
        ),
    ),
    "en": (
        # "twenty past 7", "10 past 9", "quarter past four", "half past 2"
        (
            re.compile(
                rf"(?<![\w:.,/])(?P<m>(?:a\s+)?quarter|half|{_SAID_MINUTES['en']})"
                rf"(?:\s+minutes?)?\s+past\s+(?P<h>{_SAID_HOUR['en']})(?!\w)(?![:.]\d)",
                re.I,
            ),
            "after",
        ),
        # "ten to 8", "(at) 5 to 7 pm", "quarter to eight", "twenty-five to 6"
        (
            re.compile(
                rf"(?<![\w:.,/])(?P<lead>(?:at|by|around|about|till|until)\s+)?"
                rf"(?P<m>(?:a\s+)?quarter|{_SAID_MINUTES['en']})(?P<unit>\s+minutes?)?\s+(?:to|till|of)\s+"
                rf"(?P<h>{_SAID_HOUR['en']})(?!\w)(?![:.]\d)",
                re.I,
            ),
            "to",
        ),
        # British "half 2" (2:30): after a word that leads a clock time
        (
            re.compile(
                rf"(?<!\w)(?P<lead>(?:at|from|to|till|until|by|around|about|between|and)\s+)"
                rf"half\s+(?P<h>{_SAID_HOUR['en']})(?!\w)(?![:.]\d)"
                r"(?!\s+(?:an?|hours?|hrs?|minutes?|mins?|days?|weeks?|past|of)\b)",
                re.I,
            ),
            "half",
        ),
    ),
}
# a minute count that is a word of its own, not a number that could be an hour or an amount
_MINUTE_NAMES = {"quarter": 15, "a quarter": 15, "half": 30, "cuarto": 15, "un cuarto": 15}


def _said_number(said: str, lang: str) -> int:
    said = " ".join(said.lower().split())
    if said.isdigit():
        return int(said)
    return _NUMBER_WORDS[lang].get(said, -1)


_DAY_BEFORE = re.compile(
    rf"(?:^|(?<!\w)(?:{_ES_DAYS}|hoy|ma[ñn]ana|today|tomorrow|tonight|{_EN_DAYS}),?)\s*$", re.I
)


_ES_LEAD_WORD = re.compile(r"(a|desde|hasta|para|de)\s", re.I)


def _spoken_minutes(m: re.Match[str], lang: str, how: str) -> str:
    hour = _said_number(m["h"], lang)
    said = "half" if how == "half" else " ".join(m["m"].lower().split())
    minutes = _MINUTE_NAMES.get(said) or _said_number(said, lang)
    groups = m.groupdict()
    lead, half = groups.get("lead") or "", groups.get("half") is not None
    sure = bool(lead.strip()) or half  # "a las", "at", "de la mañana": a clock time
    if not (1 <= hour <= 23 and 1 <= minutes <= 59) or (how != "after" and hour > 12):
        return m[0]
    if said in _MINUTE_NAMES and how in ("after", "before", "to"):
        return m[0]  # "8 menos cuarto", "a quarter to six": the parser reads these whole
    if how == "after":
        if lang == "es" and (minutes < 5 or not (sure or m["h"].isdigit())):
            return m[0]  # "a las 3 y dos": two hours; "dos y quince panes": an amount
        clock = (hour, minutes)
    elif how == "half":
        clock = (hour, 30)
    else:
        if minutes > 30 and how != "before":
            return m[0]  # "40 to 8": not how the minutes before an hour are said
        if how == "before" and said.isdigit() and not sure:
            return m[0]  # "8 menos 10" alone may be a sum
        if (
            how == "para"
            and said not in _MINUTE_NAMES
            and not sure
            and not _DAY_BEFORE.search(m.string[: m.start()])
        ):
            return m[0]  # "compra 10 para las 8": an amount, by a time
        if how == "to":
            if m.string[: m.start()].rstrip().lower().endswith(("from", "between")):
                return m[0]  # "from ten to 8": a range
            if said.isdigit() and (not sure or minutes % 5):
                return m[0]  # "5 to 7pm" alone may be a range; "at 5 to 7" is 6:55
        clock = (hour - 1 or 12, 60 - minutes)
    written = f"{clock[0]}:{clock[1]:02d}"
    if lang == "en":
        return f"{lead}{written}"
    article = "la" if clock[0] == 1 else "las"
    word = _ES_LEAD_WORD.match(lead)
    if word:
        return f"{word[1]} {article} {written}"
    if lead.strip() or how == "para":
        return f"{'' if lead.strip() else 'a '}{article} {written}"
    return written


def spoken_minutes(text: str, lang: str) -> str:
    """Minutes said in words written as the clock time they name (see ``_SPOKEN_MINUTES``)."""
    for pattern, how in _SPOKEN_MINUTES[lang]:
        text = pattern.sub(functools.partial(_spoken_minutes, lang=lang, how=how), text)
    return text


# A length in hours and minutes ("1 hour 30", "1 hour and 20 minutes", "2 hrs 45 min", "una hora
# y veinte minutos", "1 hora 10"): the parser keeps the hours and drops the minutes (a timer of
# "1 hour 30" was set for 60 minutes), so the length is written in minutes ("90 minutes"). A
# bare number after the hours is their minutes only when no other unit or clock word follows it
# ("2 hours 3 days a week", "at 1 hour 30 pm" are not).
_HOURS_THEN_MINUTES = {
    lang: re.compile(
        rf"(?<![\w:.,/])(?P<h>\d{{1,2}}|{hours})\s*(?:hours?|hrs?|horas?|h)"
        rf"(?:\s*,\s*|\s+(?:and|y|&)\s+|\s*)"
        rf"(?P<m>[0-5]?\d|{minutes})(?P<unit>\s*(?:minutes?|mins?|minutos?|m)(?!\w))?"
        r"(?![\w:.,/]?\d)(?!\w)"
        # a bare count is no minutes before a range's other end ("de 9h30 a 10h30": clock times)
        r"(?(unit)|(?!\s*(?:a|to|hasta|till|until|-|–)\s*(?:las?\s+)?\d))"
        r"(?(unit)|(?!\s*(?:[ap]\.?\s?m(?!\w)|o'clock|de\s+la|del|in\s+the|at\s+night|y\s+media"
        r"|and\s+a\s+half|seconds?|segundos?|hours?|horas?|days?|d[ií]as?|weeks?|semanas?"
        r"|months?|mes(?:es)?|years?|a[nñ]os?|times|veces|people|personas|%)(?!\w)))",
        re.I,
    )
    for lang, hours, minutes in (
        ("en", "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve",
         _alternation(_NUMBER_WORDS["en"])),
        ("es", "una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce",
         _alternation(_NUMBER_WORDS["es"])),
    )
}  # fmt: skip
_CLOCK_WORD_BEFORE = re.compile(
    r"(?:(?<!\w)(?:at|@|a|de|desde|hasta|para)\s+las?|(?<!\w)at)\s*$", re.I
)


_RANGE_END_BEFORE = re.compile(r"(?<!\w)(?:a|to|hasta|till|until)\s*$|[-–]\s*$", re.I)


def hours_then_minutes(text: str, lang: str) -> str:
    """ "1 hour 30" → "90 minutes", "una hora y veinte minutos" → "80 minutos" (see
    ``_HOURS_THEN_MINUTES``)."""

    def minutes(m: re.Match[str]) -> str:
        before = m.string[: m.start()]
        if _CLOCK_WORD_BEFORE.search(before) or (
            not m["unit"] and _RANGE_END_BEFORE.search(before)
        ):
            return m[0]  # "a las 20 horas 30", "de 9h30 a 10h30": clock times
        said_hours = m["h"].lower()
        hours = {"a": 1, "an": 1, "un": 1}.get(said_hours) or _said_number(said_hours, lang)
        said = _said_number(m["m"], lang)
        if hours < 1 or not 1 <= said <= 59 or (hours > 12 and not m["unit"]):
            return m[0]  # "hoy 20 horas 30": a clock time in 24-hour writing, not 1,230 minutes
        unit = "minutos" if lang == "es" else "minutes"
        return f"{hours * 60 + said} {unit}"

    return _HOURS_THEN_MINUTES[lang].sub(minutes, text)


# A length in minutes and seconds ("1 minute 30 seconds", "2 minutes and 45 seconds", "4 minutos
# y 30 segundos", "3 minutos y medio", "70 minutes and 30 seconds" once the hours are minutes): the
# parser kept the minutes and lost the seconds (a timer 30 seconds short). Said in seconds.
_MINUTES_THEN_SECONDS = {
    lang: re.compile(
        rf"(?<![\w:.,/])(?P<m>\d{{1,4}}|an?|un|{numbers})\s*(?:minutes?|mins?|minutos?)"
        r"(?:\s*,\s*|\s+(?:and|y|con|&)\s+|\s+)"  # "4 minutos con 30 segundos"
        rf"(?:(?P<s>[0-5]?\d|{numbers})\s*(?:seconds?|secs?|segundos?|segs?)"
        r"|(?P<half>medio|a\s+half))(?!\w)",
        re.I,
    )
    for lang, numbers in (
        ("en", _alternation(_NUMBER_WORDS["en"])),
        ("es", _alternation(_NUMBER_WORDS["es"])),
    )
}


def minutes_then_seconds(text: str, lang: str) -> str:
    """ "1 minute 30 seconds" → "90 seconds", "3 minutos y medio" → "210 segundos" (see
    ``_MINUTES_THEN_SECONDS``)."""

    def seconds(m: re.Match[str]) -> str:
        said = m["m"].lower()
        minutes = {"a": 1, "an": 1, "un": 1}.get(said) or _said_number(said, lang)
        extra = 30 if m["half"] else _said_number(m["s"], lang)
        if minutes < 1 or not 1 <= extra <= 59:
            return m[0]
        unit = "segundos" if lang == "es" else "seconds"
        return f"{minutes * 60 + extra} {unit}"

    return _MINUTES_THEN_SECONDS[lang].sub(seconds, text)


# A clock time dictated with a space for its colon ("a las 6 30 de la tarde", "at 6 30 pm",
# "a las 8 45 de la mañana"): after a word that leads a clock time, an hour then two digits of
# minutes is that time ("6:30"); the parser kept the hour and lost the minutes (18:00), or read
# "30 pm" as a second time.
_SPACED_CLOCK = re.compile(
    r"(?<![\w:.,/])(?P<lead>(?:at|@|around|by|from|till|until|(?:(?:a|desde|hasta|para|de|entre)"
    r"\s+)?las?)\s+)(?P<h>[01]?\d|2[0-3])\s+(?P<m>[0-5]\d)(?![\w:.,/]?\d)"
    r"(?!\s*(?:minutes?|mins?|minutos?|hours?|horas?|hrs?|days?|d[ií]as?|people|personas|%)(?!\w))",
    re.I,
)


# The same in a range: "de 3 30 a 4 30 de la tarde", "from 9 15 to 10 45", "de 3 a 4 30"
_SPACED_RANGE = re.compile(
    r"(?<![\w:.,/])(?P<lead>(?:de|desde|entre|from|between)\s+(?:las?\s+)?)"
    r"(?P<h1>[01]?\d|2[0-3])(?:\s+(?P<m1>[0-5]\d))?"
    r"(?P<mid>\s+(?:a|hasta|y|to|and|till|until|-|–)\s+(?:las?\s+)?)"
    r"(?P<h2>[01]?\d|2[0-3])(?:\s+(?P<m2>[0-5]\d))?(?![\w:.,/]?\d)"
    r"(?!\s*(?:minutes?|mins?|minutos?|hours?|horas?|hrs?|days?|d[ií]as?|people|personas|%)(?!\w))",
    re.I,
)


def _spaced_range(m: re.Match[str]) -> str:
    if not (m["m1"] or m["m2"]):
        return m[0]
    start = f"{m['h1']}:{m['m1']}" if m["m1"] else m["h1"]
    end = f"{m['h2']}:{m['m2']}" if m["m2"] else m["h2"]
    return f"{m['lead']}{start}{m['mid']}{end}"


def spaced_clock(text: str) -> str:
    """ "a las 6 30 de la tarde" → "a las 6:30 de la tarde", "de 3 30 a 4 30" → "de 3:30 a
    4:30" (see ``_SPACED_CLOCK``, ``_SPACED_RANGE``)."""
    text = _SPACED_RANGE.sub(_spaced_range, text)
    return _SPACED_CLOCK.sub(lambda m: f"{m['lead']}{m['h']}:{m['m']}", text)


# -- the nth weekday of a month ("el último viernes del mes", "the first Monday of next month",
# "el segundo martes de enero"): the parser reads "último viernes" as the last Friday gone
_ORDINALS = {
    "primer": 1, "primero": 1, "1er": 1, "1ro": 1, "segundo": 2, "2do": 2, "tercer": 3,
    "tercero": 3, "3er": 3, "3ro": 3, "cuarto": 4, "4to": 4, "quinto": 5, "ultimo": -1,
    "último": -1, "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
NTH_WEEKDAY = {
    "es": re.compile(
        r"(?<!\w)(?:(?:para|en)\s+)?(?:el\s+)?(?P<n>primero?|1er|1ro|segundo|2do|tercero?|3er|3ro"
        r"|cuarto|4to|quinto|[uú]ltimo)\s+(?P<wd>" + _ES_DAYS + r")\s+(?:del?\s+)?(?:(?P<this>"
        r"(?:este\s+)?mes(?!\s+(?:que\s+viene|pr[oó]ximo|siguiente|entrante)))|(?P<next>(?:pr[oó]ximo"
        r"\s+mes|mes\s+(?:que\s+viene|pr[oó]ximo|siguiente|entrante)))|(?P<month>"
        + "|".join(_MONTHS["es"])
        + r"|setiembre))(?!\w)",
        re.I,
    ),
    "en": re.compile(
        r"(?<!\w)(?:on\s+)?(?:the\s+)?(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th"
        r"|last)\s+(?P<wd>" + _EN_DAYS + r")\s+(?:of|in)\s+(?:(?P<this>(?:the|this)\s+month)"
        r"|(?P<next>next\s+month)|(?P<month>" + "|".join(_MONTHS["en"]) + r"))(?!\w)",
        re.I,
    ),
}


def nth_weekday(m: re.Match[str], today: date) -> date | None:
    """The day one of ``NTH_WEEKDAY`` names: in this month ("del mes"; a day of it already past
    is returned as it is, to be asked about), next month, or a named month's next occurrence;
    None when that month has no such day ("the fifth Monday")."""
    from dateutil.relativedelta import relativedelta
    from dateutil.relativedelta import weekday as rd_weekday

    n = _ORDINALS[m["n"].lower()]
    weekday = weekday_in(m["wd"])
    if weekday is None:
        return None
    first = today.replace(day=1)
    if m["next"]:
        first += relativedelta(months=1)
    elif m["month"]:
        said = m["month"].lower()
        month = (
            9
            if said == "setiembre"
            else [w.lower() for w in _MONTHS[_lang_of(said)]].index(said) + 1
        )
        first = date(today.year + (month < today.month), month, 1)
    if n > 0:
        found = first + relativedelta(weekday=rd_weekday(weekday)(n))
    else:
        found = first + relativedelta(day=31, weekday=rd_weekday(weekday)(-1))
    return found if found.month == first.month else None


# The last day of a month ("at the end of the month", "on the last day of the month", "at the
# end of next month", "a fin de mes", "el último día del mes", "a fin de enero"): the parser reads
# none of them, or "the last day" as yesterday. That day (a time of day is still needed). "A
# finales de mes", "towards the end of the month" are not one day and stay asked; "hasta fin de
# mes", "until / by the end of the month" are a span up to it (an agenda's), left to the parser
# (``upto``: found, so that the words are not read again from "end").
LAST_DAY = {
    "es": re.compile(
        r"(?<!\w)(?:(?P<upto>hasta|antes\s+del?)\s+|(?:para|en|a|al)\s+)?(?:el\s+)?"
        r"(?:[uú]ltimo\s+d[ií]a|fin(?:al)?)\s+"
        r"(?:del?\s+)?(?:(?P<next>(?:pr[oó]ximo\s+mes|mes\s+(?:que\s+viene|pr[oó]ximo|siguiente"
        r"|entrante)))|(?P<this>(?:este\s+)?mes)|(?P<month>"
        + "|".join(_MONTHS["es"])
        + r"|setiembre))(?!\w)",
        re.I,
    ),
    "en": re.compile(
        r"(?<!\w)(?:(?P<upto>until|till|by|through|before)\s+|(?:at|on|for)\s+)?(?:the\s+)?"
        r"(?:end|last\s+day)\s+of\s+(?:the\s+)?"
        r"(?:(?P<next>next\s+month)|(?P<this>(?:this\s+)?month)|(?P<month>"
        + "|".join(_MONTHS["en"])
        + r"))(?!\w)",
        re.I,
    ),
}


def last_day(m: re.Match[str], today: date) -> date:
    """The day one of ``LAST_DAY`` names: the last of this month, of next month, or of a named
    month (this year's, or next year's when that month is over)."""
    year, month = today.year, today.month
    if m["next"]:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif m["month"]:
        said = m["month"].lower()
        month = (
            9
            if said == "setiembre"
            else [w.lower() for w in _MONTHS[_lang_of(said)]].index(said) + 1
        )
        year += month < today.month
    return date(year, month, calendar.monthrange(year, month)[1])


def _lang_of(month: str) -> str:
    return "es" if month in (w.lower() for w in _MONTHS["es"]) else "en"


# A part of the day, or the day, counted from something that is not a date ("la noche antes de
# la cita con el dentista", "the night before my exam", "recuérdame el día antes a las 7": not
# today, nor yesterday; from a date it is read by ``days_around``): which day is asked (the
# scheduling skill reads the meetings, or the event said, it may be counted from).
PART_AROUND_EVENT = {
    "es": re.compile(
        r"(?<!\w)(?:(?:en|para)\s+)?(?:la\s+(?:noche|tarde|ma[ñn]ana)|(?:el|al)\s+d[ií]a)\s+"
        r"(?:antes|anterior|despu[eé]s|siguiente)(?!\w)",
        re.I,
    ),
    "en": re.compile(
        r"(?<!\w)(?:on\s+)?the\s+(?:night|evening|morning|afternoon|day)\s+(?:before|after)(?!\w)"
        r"(?!\s+(?:tomorrow|yesterday|next|last)\b)",
        re.I,
    ),
}
