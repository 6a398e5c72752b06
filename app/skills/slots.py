"""The slots of a scheduling message other than its time, in English and Spanish: who a meeting
is with, what it is about, the items of a to-do list, the words of an echo seen from the other
side ("my pills" → "your pills"), references to what the last reply showed ("cancel it", "the
second one", "bórrala"), bounded ranges ("this week"), the zone of a named city and the date of
a named day ("Christmas")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sabado": 5, "domingo": 6,
}  # fmt: skip
_MONTHS = {
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
}  # fmt: skip
# Words that start a time expression or end a name/topic (compared without accents, lowercase).
_TIME_WORDS = {
    "today", "tonight", "tomorrow", "tmrw", "tmr", "tomorow", "2moro", "2nite", "noon",
    "midnight", "midday", "morning", "afternoon", "evening", "later", "soon", "asap", "eod",
    "next", "this", "every", "hoy", "manana", "pasado", "mediodia", "medianoche", "tarde",
    "noche", "madrugada", "proximo", "proxima", "esta", "este", "cada", "luego", "ahorita",
}  # fmt: skip
_TIME_PREPOSITIONS = {
    "at", "on", "in", "by", "from", "around", "between", "before", "after", "until", "till",
    "a", "al", "el", "la", "las", "los", "en", "para", "desde", "hasta", "entre", "antes",
    "despues", "de", "del", "dentro", "eso",
}  # fmt: skip
# always the end of a name ("with Dev on Christmas", "con Ximena dentro de una hora")
_HARD_STOPS = {"on", "at", "by", "before", "after", "until", "till", "around", "during", "dentro"}
_NAME_STOPS = {
    "about", "regarding", "re", "re:", "to", "so", "for", "that", "which", "who", "because",
    "since", "into", "via", "please", "then", "and", "or", "sobre", "acerca", "para", "por",
    "que", "porque", "pues", "y", "o", "e", "u", "con", "with", "w/", "i", "we", "he", "she",
    "they", "it", "is", "are", "will", "can", "could", "should", "would", "yo", "nosotros",
    "meeting", "call", "appointment", "reunion", "cita", "llamada",
    # Peruvian "pal"/"pa'l"/"pa" (para el, para) and fillers: "con el carlos pal lunes", "… pe"
    "pal", "pa'l", "pa’l", "pa", "pe", "porfa", "xfa", "pls", "plz",
}  # fmt: skip
# Words of _NAME_STOPS that are also first names, when written with a capital ("with Will")
_NAMES_TOO = frozenset({"will"})
_DETERMINERS = {
    "the", "my", "our", "his", "her", "their", "your", "a", "an", "el", "la", "los", "las", "mi",
    "mis", "nuestro", "nuestra", "nuestros", "nuestras", "su", "sus", "tu", "tus", "un", "una",
}  # fmt: skip
_LINKS = {"of", "de", "del", "from", "at"}  # inside a name: "head of sales", "equipo de ventas"
_ORDINAL_WORDS = {"first", "second", "third", "1st", "2nd", "3rd", "th", "st"}
_TITLE = re.compile(
    r"^(?:prof|profa|dr|dra|mr|mrs|ms|mx|sr|sra|srta|ing|lic|mg|arq|abg|st|don|dona|sir)\.?$",
    re.I,
)
_PUNCT = ",.;:!?¡¿\"'“”()"


def fold(text: str) -> str:
    """Lowercase without accents ("Miércoles" → "miercoles")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Span:
    """A slot's value and where the words that said it are in the text."""

    value: str
    start: int
    end: int


def cut(text: str, *spans: Span | None) -> str:
    """``text`` without the words of ``spans``."""
    for span in sorted((s for s in spans if s is not None), key=lambda s: -s.start):
        text = text[: span.start] + " " + text[span.end :]
    return " ".join(text.split())


def _tokens(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", text)]


def _bare(token: str) -> str:
    return token.strip(_PUNCT)


# "in two weeks", "en 3 días", "a week from Monday": an offset, never part of a name
_COUNTS = frozenset(
    {"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "un", "una", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
     "diez"}
)  # fmt: skip
_UNITS = frozenset(
    {"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "fortnight", "month",
     "months", "minuto", "minutos", "hora", "horas", "dia", "dias", "semana", "semanas", "mes",
     "meses"}
)  # fmt: skip


def _starts_time(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether a time expression (or something that is not part of a name) starts at ``i``."""
    word = fold(_bare(tokens[i][0]))
    after = fold(_bare(tokens[i + 1][0])) if i + 1 < len(tokens) else ""
    third = fold(_bare(tokens[i + 2][0])) if i + 2 < len(tokens) else ""
    if not word or word[0].isdigit() or word in WEEKDAYS or word in _MONTHS:
        return True
    if word in _COUNTS and after in _UNITS:
        return True
    if (
        word in {"in", "en", "dentro"}
        and (after[:1].isdigit() or after in _COUNTS)
        and (third in _UNITS)
    ):
        return True
    if word in _TIME_WORDS:
        return True
    if word in {"at", "on", "for", "during", "over", "in", "en", "durante", "para"}:
        from app.skills.time_words import starts_event

        if starts_event(" ".join(raw for raw, _start, _end in tokens[i : i + 7])):
            return True  # "con Ana en semana santa", "with Tom at thanksgiving"
    if word in _TIME_PREPOSITIONS:
        return bool(
            after
            and (
                after[0].isdigit()
                or after in WEEKDAYS
                or after in _MONTHS
                or after in _TIME_WORDS
                or (
                    after in {"the", "la", "las", "el", "una", "un", "half", "an", "a", "media"}
                    and word not in {"el", "la", "las", "los", "de", "del", "a"}
                )
            )
        )
    return False


# ("en lo de Nico", "en casa de Ana": at their place, so with them)
_WITH = re.compile(r"(?:\bwith\b|\bw/|\bcon\b|\ben\s+(?:lo|casa)\s+de\b)\s*", re.I)
_MEETING_NOUN = re.compile(
    r"\b(?:meeting|meet|call|appointment|chat|catch-up|session|reuni[oó]n|cita|llamada"
    r"|videollamada|junta|sesi[oó]n)\W+(?:\w+\W+){0,2}$",
    re.I,
)


def attendee(text: str) -> Span | None:
    """Who a meeting is with: "with the sales team", "w/ maria", "con la Dra. María Huamán";
    of several "with", the one that follows the meeting's noun ("… with my mentor, so book a
    meeting with Diego" → Diego)."""
    found = [_attendee_at(text, m) for m in _WITH.finditer(text)]
    spans = [s for s in found if s is not None]
    if len(spans) > 1:
        for span in spans:
            if _MEETING_NOUN.search(text[: span.start]):
                return span
    return spans[0] if spans else None


def _month_named(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the token at ``i`` is a month's name written as a person's ("with May and June
    on Saturday", "con Abril y Mayo"): capitalised, with no day number or ordinal after it
    ("with May and June 3" is a date)."""
    word = _bare(tokens[i][0])
    if not word[:1].isupper() or fold(word) not in _MONTHS | {"may"}:
        return False
    nxt = fold(_bare(tokens[i + 1][0])) if i + 1 < len(tokens) else ""
    return not nxt[:1].isdigit() and nxt not in _ORDINAL_WORDS and nxt != "the"


# Words kept lowercase inside a person's name typed in lowercase ("maría de la cruz" → "María de
# la Cruz", "jenna and marcus" → "Jenna and Marcus"), and words that say it is no person's name
# ("the sales team", "mi jefe", "mom and dad"): such a phrase is kept as typed (probe 45, P45-L2)
_NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "e", "and", "&", "da", "das", "do", "dos", "di", "van",
     "von", "der", "den", "du", "le", "bin", "ibn"}
)  # fmt: skip
_NOT_A_NAME = frozenset(
    {"team", "teams", "equipo", "group", "grupo", "department", "departamento", "area", "área",
     "staff", "class", "clase", "board", "client", "clients", "cliente", "clientes", "boss", "jefe",
     "jefa", "manager", "gerente", "mom", "mum", "dad", "mamá", "mama", "papá", "papa", "doctor",
     "doctora", "dentist", "dentista", "profe", "teacher", "everyone", "todos", "family",
     "familia", "friends", "amigos", "amigas", "guys", "chicos", "chicas", "sales", "ventas",
     "marketing", "hr", "it", "support", "soporte", "parents", "padres", "kids", "hijos",
     "abuela", "abuelo", "tía", "tia", "tío", "tio", "vecinos", "neighbours", "neighbors",
     "people", "gente", "leads", "engineering", "finance", "finanzas", "legal", "ops"}
)  # fmt: skip


def name_cased(value: str) -> str:
    """A person's name typed in lowercase with its capitals ("marcus" → "Marcus", "maría de la
    cruz" → "María de la Cruz", "jenna and marcus" → "Jenna and Marcus"); as typed when any
    letter of it is a capital, when it opens with a determiner ("the sales team", "mi jefe") or
    when a word of it names no person ("mom and dad", "equipo de ventas"). One word alone is a
    name ("w/ maria" → "Maria", "mom" → "Mom")."""
    words = value.split()
    if not value.islower() or not words:
        return value
    if len(words) == 1:
        return value.capitalize()
    folded = [fold(_bare(w)) for w in words]
    if folded[0] in _DETERMINERS or any(w in _NOT_A_NAME for w in folded):
        return value
    return " ".join(
        w
        if i and fold(_bare(w)) in _NAME_PARTICLES
        else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _attendee_at(text: str, m: re.Match[str]) -> Span | None:
    tokens = _tokens(text[m.end() :], m.end())
    taken: list[tuple[str, int, int]] = []
    for i, (raw, start, end) in enumerate(tokens):
        word = _bare(raw)
        low = fold(word)
        if not word:
            break
        if _TITLE.match(raw.rstrip(",;:")) or _TITLE.match(word):
            taken.append((raw.rstrip(",;:"), start, end))
            continue
        if low in {"and", "y", "e", "&"} or (taken and taken[-1][0].endswith(",")):
            nxt = _bare(tokens[i + 1][0]) if i + 1 < len(tokens) else ""
            if low in {"and", "y", "e", "&"}:
                named = bool(nxt) and (nxt[0].isupper() or fold(nxt) in _DETERMINERS)
                if (
                    taken
                    and named
                    and (not _starts_time(tokens, i + 1) or _month_named(tokens, i + 1))
                ):
                    taken.append((raw, start, end))
                    continue
                break
        calendar_name = low in WEEKDAYS or low in _MONTHS
        if not taken and calendar_name and word[:1].isupper():
            nxt = _bare(tokens[i + 1][0]) if i + 1 < len(tokens) else ""
            if not nxt[:1].isdigit() and fold(nxt) not in _ORDINAL_WORDS:
                taken.append((raw, start, end))  # "with June", "with Sun Li": a name
                continue
        if (
            taken
            and fold(_bare(taken[-1][0])) in {"and", "y", "e", "&"}
            and _month_named(tokens, i)
        ):
            taken.append((raw, start, end))  # "with May and June": a name joined to a name
            continue
        if low in _HARD_STOPS:
            break
        if _starts_time(tokens, i) and not (low in _DETERMINERS and not taken):
            break
        if (
            low in _NAMES_TOO
            and not taken
            and (i + 1 >= len(tokens) or _starts_time(tokens, i + 1))
        ):
            taken.append((raw, start, end))  # "with will on thursday": a name before the time
            continue
        if low in _NAME_STOPS and not (low in _NAMES_TOO and word[:1].isupper()):
            break  # "with Will": a name, written with its capital
        if low in _LINKS:
            if not taken or i + 1 >= len(tokens) or _starts_time(tokens, i + 1):
                break
            taken.append((raw, start, end))
            continue
        if (
            low in _DETERMINERS
            and taken
            and fold(_bare(taken[-1][0])) not in _LINKS | {"and", "y", "e", "&"}
            and not taken[-1][0].endswith(",")
        ):
            break
        taken.append((raw, start, end))
        if raw.endswith((".", "!", "?", ";", ":")) and not _TITLE.match(raw):
            break
        if len(taken) >= 8:
            break
    while taken and fold(_bare(taken[-1][0])) in _LINKS | _DETERMINERS | {"and", "y", "e", "&"}:
        taken.pop()
    if not taken:
        return None
    if len(taken) > 1 and fold(_bare(taken[0][0])) in _DETERMINERS:
        second = _bare(taken[1][0])
        if _TITLE.match(taken[1][0]) or second[:1].isupper():
            taken = taken[1:]  # "con la Dra. María Huamán" → "Dra. María Huamán"
    value = " ".join(t[0] for t in taken).strip(",;:!?")
    if value.endswith(".") and not _TITLE.match(value.split()[-1]):
        value = value[:-1]
    return Span(name_cased(value), m.start(), taken[-1][2])


# Who a verb addresses: "call Mike", "text Rosa Quispe", "remind Luis to…", "llamar a Rosa",
# "escríbele a María José", "dile a Pedro", "recoger a Lucía" (Spanish takes the personal "a")
_ADDRESSED = re.compile(
    r"\b(?:(?:call|ring|phone|text|e-?mail|message|invite|meet|tell|ask|remind|pay|visit|thank"
    r"|contact|ping|greet|congratulate|pick\s+up|drop\s+off|talk\s+to|speak\s+to|write\s+to"
    r"|reply\s+to|say\s+hi\s+to)\s+"
    r"|(?:(?:ll[aá]m|escr[ií]b|av[ií]s|pregunt|rec(?:o|ue|ué)rd|pag|visit|invit|salud|contact"
    r"|felicit|recog|acompa[ñn]|agradec|respond|contest)[a-záéíóúñ]*|d[ií]les?|dec[ií]rles?"
    r"|d[ií]gale|ver|veo|vea|buscar|b[uú]scale)\s+a\s+)",
    re.I,
)
# Before "with"/"con", what makes its words a person ("lunch with", "quedé con", "hablar con"):
# the meeting's nouns, and the verbs of meeting someone
_WITH_PERSON = re.compile(
    r"\b(?:meet|meeting|talk|speak|chat|lunch|dinner|coffee|breakfast|catch\s+up|hang\s+out"
    r"|hablar|habl[eé]|quedar|qued[eé]|quedamos|re[uú]n\w*|almorzar|almuerzo|cenar|cena"
    r"|caf[eé]|desayun\w*|salir|sal[ií]|conversar|verme|vernos)\W+(?:\w+\W+){0,2}$",
    re.I,
)
# A person's title or what they are to the user, then their name: "la profesora Yupanqui",
# "Dr. Salas", "my teacher Ms. Kelly", "mi jefe Carlos"
_BEFORE_NAME = re.compile(
    r"\b(?i:prof|profa|profe|profesora?|professor|dr|dra|doctora?|mr|mrs|ms|miss|sr|sra|srta"
    r"|se[ñn]ora?|se[ñn]orita|ing|ingenier[oa]|lic|licenciad[oa]|don|do[ñn]a|t[ií][oa]|coach"
    r"|teacher|tutor|tutora|mentora?|boss|jef[ea]|colleague|colega|compa[ñn]er[oa]|friend"
    r"|amig[oa]|cousin|prim[oa]|uncle|aunt|sister|brother|herman[oa]|mom|dad|mam[aá]|pap[aá]"
    r"|husband|wife|partner|boyfriend|girlfriend|son|daughter|grandma|grandpa|esposo|esposa"
    r"|novi[oa]|enamorad[oa]|pareja|hij[oa]|sobrin[oa]|abuel[oa]|suegr[oa]|cu[ñn]ad[oa])"
    r"\.?\s+(?=[A-ZÁÉÍÓÚÑ])"
)


def people(text: str) -> list[Span]:
    """Every span of ``text`` that names people, as the assistant reads a meeting's attendee:
    what follows "with"/"con" after a meeting's noun or a verb of meeting someone ("reunión
    con Luis Mamani Huamán", "lunch with John Smith", "quedé con Marta"), who a verb
    addresses ("call Mike", "llamar a Rosa Quispe Condori", "dile a María José"), and a name
    after a title or a relation ("la profesora Yupanqui", "mi jefe Carlos"). Each span's words
    are read by the attendee reader, so a name ends where a time, a topic or a stop word
    starts; the spans may hold words that are no name ("my mentor"): the caller tells which
    words are names (capitalised, or known first names)."""
    found = [
        m
        for m in _WITH.finditer(text)
        if _WITH_PERSON.search(text[: m.start()]) or _MEETING_NOUN.search(text[: m.start()])
    ]
    found += [*_ADDRESSED.finditer(text), *_BEFORE_NAME.finditer(text)]
    spans = []
    for m in found:
        span = _attendee_at(text, m)
        if span is not None:  # the name's own words, without "with", "llamar a", "Dr."
            spans.append(Span(span.value, m.end(), span.end))
    return sorted(spans, key=lambda s: s.start)


_TOPIC = re.compile(
    r"\b(?:(?P<about>about|regarding|re:|concerning|on the subject of|sobre|acerca de|respecto a"
    r"|respecto de|en relaci[oó]n (?:a|con))"
    r"|(?P<so>so (?:that )?(?:we|i|they|you) can|so (?:that )?(?:we|i|they) could|in order to"
    r"|para que (?:podamos|pueda|puedan|veamos)|con el fin de|a fin de)"
    r"|(?P<to>to (?:discuss|talk about|talk through|go over|review|plan|prepare|catch up on"
    r"|catch up about|present|decide|check|look at|work on|finalize|finalise|sign)"
    r"|para (?:hablar (?:de|sobre)|conversar (?:de|sobre)|revisar|ver|planificar|planear|preparar"
    r"|discutir|presentar|decidir|coordinar|definir|cerrar|firmar|trabajar en)))\s+",
    re.I,
)


def topic(text: str) -> Span | None:
    """What a meeting is about, with its connector in the user's words: "about the budget",
    "to review the plan" (from "so we can review the plan"), "sobre el presupuesto"."""
    m = _TOPIC.search(text)
    if m is None:
        return None
    tokens = _tokens(text[m.end() :], m.end())
    taken: list[tuple[str, int, int]] = []
    for i, (raw, start, end) in enumerate(tokens):
        low = fold(_bare(raw))
        if taken and (_starts_time(tokens, i) or low in {"with", "w/", "con", "dentro"}):
            break
        taken.append((raw, start, end))
        if raw.endswith((".", "!", "?", ";")):
            break
    while taken and fold(_bare(taken[-1][0])) in _TIME_PREPOSITIONS | _DETERMINERS | {"and", "y"}:
        taken.pop()
    if not taken:
        return None
    words = " ".join(t[0] for t in taken).strip(_PUNCT)
    spanish = fold(m.group()).startswith(("sobre", "acerca", "respecto", "en rel", "para", "con"))
    spanish = spanish or fold(m.group()).startswith("a fin")
    if m.group("about"):
        connector = "sobre" if spanish else "about"
    elif m.group("so"):
        connector = "para" if spanish else "to"
    else:
        connector = " ".join(m.group().split())
    return Span(f"{connector} {words}", m.start(), taken[-1][2])


def _words(text: str) -> list[str]:
    return text.split()


# -- to-dos ---------------------------------------------------------------------------------
_EN_VERBS = frozenset(
    _words(
        """buy get call phone ring email e-mail text message send pay pick drop clean wash cook make
    book reserve write read finish fix repair check review prepare print submit file renew return
    visit see meet order take bring feed walk water mow vacuum tidy organize organise sort plan
    schedule update install download upload study practice practise learn do go ask tell confirm
    cancel register sign apply start mail post wrap iron fold shop grab collect deliver charge
    back change replace refill paint recycle throw empty pack unpack research draft edit exercise
    run invite thank reply respond follow contact set put move hang look find choose decide sell
    donate clear finish water cut bake fill top hire talk chat visit transfer withdraw deposit
    open close lock unlock feed sweep mop dust"""
    )
)
_ES_IMPERATIVES = frozenset(
    _words(
        """compra llama paga lava limpia envia manda escribe lee termina revisa prepara recoge
    saca haz
    ve pide reserva imprime cocina estudia busca renueva devuelve arregla visita agenda confirma
    cancela regresa contesta responde pon lleva trae riega barre plancha ordena organiza practica
    inscribete registrate firma cambia deposita retira transfiere abre cierra saluda invita
    agradece escribele llamale pregunta dile avisa"""
    )
)
_ES_NOT_VERBS = {
    "azucar", "lugar", "mujer", "taller", "ayer", "hogar", "collar", "alquiler", "mar", "bar",
    "par", "mayor", "menor", "mejor", "peor", "cualquier", "altar", "militar", "familiar",
    "particular", "popular", "celular", "dolar", "solar", "polar", "hospitalar", "lunar",
    "placer", "poder", "deber", "ser", "amanecer", "atardecer", "cancer", "carnaval", "elixir",
}  # fmt: skip
_INFINITIVE = re.compile(r"^[a-zñ]{2,}(?:ar|er|ir)(?:lo|la|le|los|las|les|se|me|te)?$")


def _is_verb(word: str) -> bool:
    low = fold(word)
    if low in _EN_VERBS or low in _ES_IMPERATIVES:
        return True
    return bool(_INFINITIVE.match(low)) and low not in _ES_NOT_VERBS


def is_verb(word: str) -> bool:
    """Whether a to-do's first word is a verb ("comprar", "buy", "llama")."""
    return _is_verb(word.strip(_PUNCT))


_SEPARATOR = re.compile(
    r"\s*(?:;|,\s*(?:(?:and then|and|y luego|y|e|then|luego)\b)?|\band then\b|\by luego\b|\band\b"
    r"|\by\b|\be\b|&|\bthen\b|\bluego\b|\bplus\b|\badem[aá]s\b)\s*",
    re.I,
)


def split_todos(text: str) -> list[str]:
    """Several to-dos said in one message: "buy eggs and call the plumber" → two items, "call
    Rosa and Luis" → one (a new item starts with a verb and has more than one word); after
    "three things:" the list itself."""
    head, colon, tail = text.partition(":")
    if colon and tail.strip() and len(head.split()) <= 6:
        text = tail
    # "eggs, milk and bread", "pan, leche y huevos": a series of short things with no verb
    # before it is a list (after a verb, "buy eggs, milk and bread", it is one to-do's objects)
    parts = [p for p in re.split(r"\s*,\s*|\s+(?:and|y|e)\s+", text.strip(_PUNCT + " ")) if p]
    if (
        "," in text
        and len(parts) >= 3
        and all(len(p.split()) <= 3 for p in parts)
        and not _is_verb(parts[0].split()[0].strip(_PUNCT))
    ):
        return [" ".join(p.strip(_PUNCT + " ").split()) for p in parts]
    items: list[str] = []
    start = 0
    for sep in _SEPARATOR.finditer(text):
        if sep.start() == 0 or sep.start() < start:
            continue
        following = text[sep.end() :].split()
        if len(following) >= 2 and _is_verb(following[0].strip(_PUNCT)):
            items.append(text[start : sep.start()])
            start = sep.end()
    items.append(text[start:])
    cleaned = [" ".join(i.strip(_PUNCT + " ").split()) for i in items]
    return [i for i in cleaned if i]


# -- echoes ---------------------------------------------------------------------------------
_EN_SWAP = {
    "my": "your", "me": "you", "i": "you", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "our": "your",
    "ours": "yours", "we": "you", "us": "you", "ourselves": "yourselves", "am": "are",
    "im": "you're", "i’m": "you’re",
}  # fmt: skip
_ES_SWAP = {
    "mi": "tu", "mis": "tus", "me": "te", "yo": "tú", "conmigo": "contigo", "mío": "tuyo",
    "mía": "tuya", "míos": "tuyos", "mías": "tuyas", "mio": "tuyo", "mia": "tuya",
    # common verbs in the first person ("que tengo clase" → "que tienes clase")
    "tengo": "tienes", "estoy": "estás", "soy": "eres", "voy": "vas", "hago": "haces",
    "puedo": "puedes", "debo": "debes", "quiero": "quieres", "necesito": "necesitas",
    "salgo": "sales", "vengo": "vienes", "tenía": "tenías", "estaba": "estabas",
}  # fmt: skip


# Possessives that are also first names: capitalized inside a sentence, a name
_POSSESSIVE_NAMES = frozenset({"mía", "mia", "mío", "mio"})


def swap_pronouns(text: str, lang: str) -> str:
    """The user's words as the assistant says them back: "take my pills" → "take your pills",
    "tomar mis pastillas" → "tomar tus pastillas", "llamarme" → "llamarte"."""
    table = _ES_SWAP if lang == "es" else _EN_SWAP

    def swap(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if lang == "es" and low not in table and re.fullmatch(r"\w{3,}(?:ar|er|ir)me", low):
            return word[:-2] + ("TE" if word.isupper() else "te")  # "llamarme" → "llamarte"
        if low == "am" and lang != "es":
            return word  # only after "I" (handled below)
        if low in _POSSESSIVE_NAMES and word[0].isupper() and not text.isupper():
            before = text[: m.start()].rstrip()
            if before and before[-1] not in ".!?¡¿:;\n":
                return word  # "llamar a Mía": her name, never "llamar a Tuya" (probe 40, U-L1)
        new = table.get(low)
        if new is None:
            return word
        if word.isupper() and len(word) > 1:
            # in a message written in capitals, a capital pronoun; else an acronym ("my US
            # friends": the United States, never "your YOU friends")
            return new.upper() if text.isupper() else word
        return new.capitalize() if word[0].isupper() and low != "i" else new

    swapped = re.sub(r"[\w'’]+", swap, text)
    if lang != "es":
        swapped = re.sub(r"\byou am\b", "you are", swapped)
        swapped = re.sub(r"\byou was\b", "you were", swapped)
    return swapped


# -- references -----------------------------------------------------------------------------
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "last": -1, "latter": -1, "former": 1, "primera": 1, "primero": 1, "primer": 1,
    "segunda": 2, "segundo": 2, "tercera": 3, "tercero": 3, "tercer": 3, "cuarta": 4,
    "cuarto": 4, "quinta": 5, "quinto": 5, "sexta": 6, "sexto": 6, "ultima": -1, "ultimo": -1,
}  # fmt: skip
_ACTIONS = {
    "cancel": re.compile(
        r"^(?:cancel\w*|delete|remove|erase|drop|scrap|clear|bin|kill|call|get|take"
        r"|cancel[ae]\w*|borr\w*|elimin\w*|quit\w*|suprim\w*|anul\w*|sac\w*)$"
    ),
    "move": re.compile(
        r"^(?:move|reschedule|push|postpone|shift|change|bring|delay"
        r"|muev\w*|mover\w*|cambi\w*|reprogram\w*|pas\w*|posterg\w*|adelant\w*|traslad\w*"
        r"|corr\w*)$"
    ),
    "done": re.compile(
        r"^(?:done|mark|tick|complete|completed|finish|finished|check|cross|"
        r"marc\w*|termin\w*|complet\w*|hech[oa]|list[oa]|t[aá]ch\w*)$"
    ),
}
_CLITIC = re.compile(r"^\w+(?:la|lo|las|los)$")  # "bórrala", "cancélalo", "muévelas"
_REF_WORDS = {
    "it", "that", "this", "those", "these", "them", "both", "one", "ones", "esa", "ese", "eso",
    "esta", "este", "esas", "esos", "estas", "estos", "ambas", "ambos", "aquella", "aquel",
}  # fmt: skip
_PLURAL = {"them", "those", "these", "both", "ones", "all", "esas", "esos", "estas", "estos",
           "ambas", "ambos", "todas", "todos", "las", "los"}  # fmt: skip
_FILLER = {
    "please", "the", "a", "an", "one", "off", "as", "of", "out", "up", "rid", "list", "my",
    "from", "ok", "okay", "yes", "yeah", "just", "then", "now", "and", "también", "tambien",
    "por", "favor", "porfa", "pls", "plz", "la", "el", "lo", "las", "los", "de", "mi", "mis",
    "item", "number", "no", "numero", "n", "#", "also", "too", "sure", "vale", "si", "bueno",
    "que", "entonces", "ahora", "can", "you", "could", "would", "puedes", "podrias", "all",
    "todas", "todos", "done", "hecho", "hecha", "como", "meeting", "reminder", "todo", "task",
    "reunion", "cita", "recordatorio", "tarea", "pendiente", "alarm", "alarma", "with", "con",
    "to", "para", "al", "ya", "está", "actually", "wait", "never", "mind", "nevermind", "nvm",
    "sorry", "oops", "oh", "mejor", "ay", "uy", "ups", "perdon", "perdón", "pensandolo", "nah",
    "olvidalo", "olvídalo", "forget",
}  # fmt: skip


@dataclass(frozen=True)
class Ref:
    """A reference to what the last reply showed: an action (or None), and which items."""

    action: str | None
    index: int | None  # 1-based; -1 the last; None: "it"/"them"
    plural: bool
    rest: str  # the words after the reference (a new time for "move it to 4pm")


def reference(text: str) -> Ref | None:
    """ "cancel it", "delete that one", "the second one", "move it to 4pm", "bórrala",
    "cancela la segunda"; None when the message is not (only) a reference."""
    if re.search(r"\b(?:don'?t|do not|never(?!\s+mind)|no lo|no la|no las|no los)\b", text, re.I):
        return None
    words = [fold(_bare(w)) for w in text.split()]
    words = [w for w in words if w]
    if not words or len(words) > 12:
        return None
    action: str | None = None
    index: int | None = None
    referred = plural = False
    rest_from: int | None = None
    for i, word in enumerate(words):
        if rest_from is not None:
            break
        for name, pattern in _ACTIONS.items():
            if action is None and pattern.match(word):
                action = name
                if (
                    _CLITIC.match(word)
                    and len(word) > 5
                    and word not in {"cancela", "borra", "pasa", "completa", "termina", "cambia"}
                ):
                    referred = True
                    plural = word[-3:] in {"las", "los"}
                break
        else:
            number = re.fullmatch(r"#?(\d{1,2})", word)
            if word in _ORDINALS:
                index, referred = _ORDINALS[word], True
            elif number and (
                word.startswith("#")
                or (i > 0 and words[i - 1] in {"number", "numero", "item", "nro", "el", "la"})
                or (i > 0 and action is not None and _ACTIONS[action].match(words[i - 1]))
            ):  # "#2", "number 2", "marca el 1", "mark 2 as done"
                index, referred = int(number.group(1)), True
            elif word in _REF_WORDS:
                referred = True
                plural = plural or word in _PLURAL
            elif word in {"all", "todas", "todos"} and i + 1 < len(words):
                plural = plural or words[i + 1] in {"of", "them", "those", "esas", "esos"}
            elif word in _FILLER or word in {"it", "is", "as", "de"}:
                continue
            elif action == "move" and referred:
                rest_from = i
            else:
                return None
    if not referred:
        return None
    if action is None and index is None and not any(w in {"one", "esa", "ese"} for w in words):
        return None  # "what is it", "this": not a reference alone
    rest = ""
    if rest_from is not None:
        raw = text.split()
        rest = " ".join(raw[len(raw) - (len(words) - rest_from) :])
    return Ref(action, index, plural and index is None, rest)


_CLOCK_WORDS = re.compile(
    # "la mañana" (the reader's phrase of "en la mañana") is the morning; "mañana" alone is a day
    r"\b(?:(?:de|en|por) )?la (?:manana|tarde|noche|madrugada)\b"
    r"|\bin the (?:morning|afternoon|evening)\b|\bat night\b"
    r"|\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?|h|hrs|horas)?\b"
    r"|\b(?:at|a|las|la|around|about|sharp|o'?clock|noon|midday|mediodia|y|media|cuarto|half|past"
    r"|del (?:mediodia|dia)"  # "12 del mediodía", "12 del día" (probe 44, P44-H5)
    r"|quarter|to|hasta|para|eso|de|por|the|in|en|morning|afternoon|evening|night|noche|tarde"
    r"|madrugada|midnight|medianoche)\b",
)


_CLOCK_SAID = re.compile(
    r"\d|\b(?:[ap]\.? ?m\b|noon|midday|midnight|mediodia|medianoche|morning|afternoon|evening"
    r"|night|tonight|tarde|noche|madrugada|(?:de|en|por) la manana)\b"
)


def says_clock(phrase: str) -> bool:
    """Whether a time phrase names a time of day ("friday at 3", "el lunes en la tarde"), not
    only a day ("friday", "el lunes", "mañana")."""
    return bool(_CLOCK_SAID.search(fold(phrase)))


def time_only(phrase: str) -> bool:
    """Whether a time phrase names only a time of day ("4pm", "a las 4 de la tarde"), no day."""
    left = _CLOCK_WORDS.sub(" ", fold(phrase))
    return bool(phrase.strip()) and not re.sub(r"[\W_]+", "", left)


# -- ranges ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Range:
    since: datetime
    until: datetime
    # today, tomorrow, this_week, next_week, weekend, next_weekend, this_month, next_month, day
    key: str


_WEEKEND = re.compile(
    r"\b(?:(?:this|next) )?weekend\b"
    r"|\b(?:(?:este|el|proximo|siguiente) )?(?:fin de semana|finde)\b"
    r"(?: (?:que viene|proximo|siguiente|entrante)\b)?"
)
_NEXT_WEEKEND = re.compile(r"\b(?:next|proximo|siguiente|que viene|entrante)\b")


_ENGLISH_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# A day a week or a fortnight on, as British English says it ("a fortnight today", "a week on
# Saturday", "Tuesday week", "in a fortnight's time", "in two weeks"), read folded
_WEEK_ON = re.compile(
    r"\b(?:(?:a|one)\s+(?P<u1>week|fortnight)\s+(?:(?P<today>today)|(?P<tomorrow>tomorrow)"
    rf"|on\s+(?P<d1>{_ENGLISH_WEEKDAY}))"
    rf"|(?P<d2>{_ENGLISH_WEEKDAY})\s+(?P<u2>week|fortnight)"
    r"|in\s+(?:a|one|(?P<two>two|2))\s+(?P<u3>fortnight|weeks?)(?:'?s\s+time)?"
    # Spanish counts: "en quince días", "dentro de 15 días", "de hoy en quince" are two weeks,
    # "en ocho días", "de hoy en ocho" one ("15 días hábiles": working days, :data:`_WORK_DAYS`)
    r"|(?:en|dentro\s+de|de\s+aqui\s+a|de\s+aca\s+a)\s+(?:(?P<es15>quince|15)|(?P<es8>ocho|8))"
    r"\s+dias(?!\s+(?:habiles|laborables|utiles|de\s+trabajo)\b)"
    r"|de\s+hoy\s+en\s+(?:(?P<hoy15>quince|15)|(?P<hoy8>ocho|8))(?![:.,/]?\d)"
    r"(?!\s+dias\s+(?:habiles|laborables|utiles)))\b"
)
#: A count of working days ("dentro de 15 días hábiles", "en 10 días laborables"): Monday to
#: Friday counted (holidays are not known here)
_WORK_DAYS = re.compile(
    r"\b(?:en|dentro\s+de|de\s+aqui\s+a|de\s+aca\s+a|in)\s+(?P<n>\d{1,2}|cinco|diez|quince|veinte)"
    r"\s+(?:dias\s+(?:habiles|laborables|utiles|de\s+trabajo)|(?:working|business)\s+days)\b"
)
_WORK_DAY_WORDS = {"cinco": 5, "diez": 10, "quince": 15, "veinte": 20}


def week_on_said(low: str) -> bool:
    """Whether folded text names a day a week or a fortnight on ("a fortnight today")."""
    return _WEEK_ON.search(low) is not None


def _week_on(low: str, today: datetime) -> datetime | None:
    """The day ``_WEEK_ON`` names (the start of it, local), or None."""
    work = _WORK_DAYS.search(low)
    if work is not None:  # "en 15 días hábiles": that many working days on, never two weeks
        left = int(_WORK_DAY_WORDS.get(work["n"], work["n"]))
        day = today
        while left > 0:
            day += timedelta(days=1)
            left -= day.weekday() < 5
        return day
    said = _WEEK_ON.search(low)
    if said is None:
        return None
    if said["es15"] or said["es8"] or said["hoy15"] or said["hoy8"]:
        return today + timedelta(days=14 if said["es15"] or said["hoy15"] else 7)
    unit = said["u1"] or said["u2"] or said["u3"] or ""
    days = 14 if unit == "fortnight" or said["two"] else 7
    weekday = said["d1"] or said["d2"]
    if weekday:
        days += (WEEKDAYS[weekday] - today.weekday()) % 7
    elif said["tomorrow"]:
        days += 1
    return today + timedelta(days=days)


def bounded_range(text: str, tz: ZoneInfo, now: datetime) -> Range | None:
    """A range the text names, in the user's zone: today, tomorrow, this/next week (Monday to
    Sunday), this/next weekend, this/next month, a weekday; from ``now`` for ranges already
    begun."""
    local = now.astimezone(tz)
    today = datetime.combine(local.date(), time(), tzinfo=tz)
    low = fold(text)

    def day(offset: int) -> tuple[datetime, datetime]:
        start = today + timedelta(days=offset)
        return start, start + timedelta(days=1)

    monday = today - timedelta(days=local.weekday())
    found: tuple[datetime, datetime, str] | None = None
    on = _week_on(low, today)
    if on is not None:  # "what's on a fortnight today?": that day, never today
        found = (on, on + timedelta(days=1), "day")
    elif re.search(r"\b(?:next week|la (?:proxima|siguiente) semana|la semana que viene"
                 r"|proxima semana)\b", low):  # fmt: skip
        found = (monday + timedelta(days=7), monday + timedelta(days=14), "next_week")
    elif re.search(r"\b(?:this week|esta semana|the week|la semana)\b", low):
        found = (monday, monday + timedelta(days=7), "this_week")
    elif weekend := _WEEKEND.search(low):
        # "this weekend", "el finde"; "next weekend", "el finde que viene", "el próximo fin de
        # semana": the one after this week's (said on a Sunday, "this weekend" is today)
        saturday = monday + timedelta(days=5)
        if _NEXT_WEEKEND.search(weekend[0]):
            saturday += timedelta(days=7)
            found = (saturday, saturday + timedelta(days=2), "next_weekend")
        else:
            found = (saturday, saturday + timedelta(days=2), "weekend")
    elif re.search(r"\b(?:next month|el (?:proximo|siguiente) mes|el mes que viene)\b", low):
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        found = (first, (first + timedelta(days=32)).replace(day=1), "next_month")
    elif re.search(r"\b(?:this month|este mes)\b", low):
        first = today.replace(day=1)
        found = (first, (first + timedelta(days=32)).replace(day=1), "this_month")
    elif re.search(r"\b(?:day after tomorrow|pasado manana)\b", low):
        found = (*day(2), "day")
    elif re.search(r"\b(?:tomorrow|tmrw|tomorow|2moro)\b", low) or re.search(
        r"\bmanana\b(?! (?:por la|en la) manana)", re.sub(r"\b(?:de|en|por) la manana", "", low)
    ):
        found = (*day(1), "tomorrow")
    elif re.search(r"\b(?:today|tonight|hoy|esta noche|esta tarde)\b", low):
        found = (*day(0), "today")
    else:
        named = re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", low)
        if named and re.match(r"\s+(?:the\s+)?\d{1,2}(?!\d)", low[named.end() :]):
            named = None  # "el domingo 13", "Monday the 14th": a date, which the time reader reads
        if named:
            offset = (WEEKDAYS[named.group(1)] - local.weekday()) % 7
            if re.search(r"\b(?:next|proximo|que viene)\b", low) and offset == 0:
                offset = 7
            found = (*day(offset), "day")
    if found is None:
        return None
    since, until, key = found
    return Range(max(since, now.astimezone(tz)), until, key)


# -- places and named days ------------------------------------------------------------------
@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Place name (folded) → IANA zone: the zone database's own city names, CLDR's exemplar
    cities in English and Spanish ("Tokio"), and countries with a single zone (via babel)."""
    from babel import Locale
    from babel.core import get_global
    from babel.dates import get_timezone_location

    table: dict[str, str] = {}
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    for zone in zones:
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        table.setdefault(fold(city), zone)
    for lang in ("en", "es"):
        for zone in zones:
            try:
                city = get_timezone_location(zone, locale=lang, return_city=True)
            except (LookupError, ValueError):
                continue
            table.setdefault(fold(city), zone)
    territory_zones = dict(get_global("territory_zones"))
    for lang in ("en", "es"):
        names = Locale.parse(lang).territories
        for code, tz_list in territory_zones.items():
            if code in names and tz_list:
                table.setdefault(fold(names[code]), tz_list[0])
    for alias, zone in {"nyc": "America/New_York", "la": "America/Los_Angeles",
                        "san francisco": "America/Los_Angeles", "washington":
                        "America/New_York", "boston": "America/New_York", "miami":
                        "America/New_York", "cusco": "America/Lima", "arequipa":
                        "America/Lima", "trujillo": "America/Lima", "barcelona":
                        "Europe/Madrid", "seattle": "America/Los_Angeles", "beijing":
                        "Asia/Shanghai", "pekin": "Asia/Shanghai"}.items():  # fmt: skip
        table.setdefault(alias, zone)
    return table


# Thanks or a please after a question ("…, gracias", "… please", "…, porfa"): not a place
_THANKS_AFTER = re.compile(
    r"[\s,;]+(?:thanks?(?: you)?|thx|please|pls|gracias|porfa(?:vor)?|por favor)\W*$", re.I
)


def city_zone(text: str, setting: bool = False) -> tuple[str, str] | None:
    """ "what time is it in Tokyo?" → ("Tokyo", "Asia/Tokyo"); Spanish "en Tokio" too; with
    ``setting``, also "set my timezone to Tokyo" / "cambia mi zona horaria a Lima"."""
    place = r"(?:in|en|at|to|a)" if setting else r"(?:in|en|at)"
    text = _THANKS_AFTER.sub("", text)  # "what time is it in Lima, gracias"
    m = re.search(rf"\b{place}\s+(?:the\s+)?([^\W\d][\w .'’-]*?)\s*(?:right now|now|ahora"
                  r"|ahorita|today|hoy)?\s*[?!.]*$", text, re.I)  # fmt: skip
    if m is None:
        return None
    words = m.group(1).split()
    table = _cities()
    for size in range(min(4, len(words)), 0, -1):  # the longest known name at the end
        name = " ".join(words[-size:])
        zone = table.get(fold(name).removeprefix("la ").removeprefix("el "))
        if zone is None:
            zone = table.get(fold(name))
        if zone is not None:
            return name.strip(" ?!."), zone
    return None


def named_date(text: str, lang: str, today: date) -> tuple[str, date] | None:
    """The date a text names ("Christmas", "Navidad", "March 3", "el 28 de julio"): its next
    occurrence from ``today`` (Microsoft Recognizers-Text reads the names, holidays included)."""
    from recognizers_date_time import recognize_datetime
    from recognizers_text import Culture

    culture = Culture.Spanish if lang == "es" else Culture.English
    reference_time = datetime.combine(today, time(12))
    try:
        results = recognize_datetime(text, culture, reference=reference_time)
    except Exception:  # the recognizer raises on some inputs; a missing answer is the outcome
        return None
    for result in results:
        if result.type_name != "datetimeV2.date":
            continue
        values = [v.get("value", "") for v in (result.resolution or {}).get("values", [])]
        dates = sorted(date.fromisoformat(v) for v in values if re.fullmatch(r"\d{4}-\d\d-\d\d", v))
        future = [d for d in dates if d >= today]
        if future:
            return result.text, future[0]
        if dates:
            return result.text, dates[-1]
    return None
