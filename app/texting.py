"""Texting shorthand written out before a message is read: "remind me tmrw @5 to call dad",
"call the plumber b4 5pm", "meeting w/ Sarah n Tom", "a q hora abren", "avísame tmb".

People type on a phone the way they text. Left as typed, such words hide what was said from
everything that reads the message: "@5" and "b4 5pm" are not read as times (the reminder was
stored at the deadline, with "b4" in its text), "Sarah n Tom" became one attendee, "q" made the
knowledge base say it did not know. Only forms that mean one thing in the message's language are
written out (English "u", "r", "n" are never Spanish words here; Spanish "q", "tmb", "xfa" never
English ones); the message as typed is what the conversation's history keeps.

Fillers of dictation ("um", "uh", "eh", "o sea") carry nothing and are dropped; "like" only
where it hedges a time or an amount ("at like 5", "for like twenty minutes"). A clock corrected
as it is said ("at seven in the evening, I mean eight", "a las 5, digo a las 6") is the second,
with the first one's part of the day when it names none; one taken back with "no wait" is kept
as two clocks, so the readers ask which.

Spanish is spoken to the assistant as "tú", "usted" and "vos": the imperatives of the words a
request opens with ("agende una reunión", "recuérdeme", "bórrelo", "poné una alarma", "recordame",
"mové la reunión") are written in the "tú" form the readers know ("agenda", "recuérdame",
"bórralo", "pon", "recuérdame", "mueve"). A form with a pronoun attached, or the "vos" form with
its accent, is an imperative wherever it stands; a bare "usted" form ("anote", "ponga") only where
a clause opens, since elsewhere it may be a subjunctive that belongs to the text ("recuérdame que
Ana pase por mí").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

import regex

# (pattern, replacement) per language, applied in order; patterns match whole words, any case
_SHORTHAND: Mapping[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (r"(?<![\w.])@\s?(?=\d)", "at "),  # "@5", "@ 5pm" (never an address or a handle)
        (r"\bb4\b", "before"),
        (r"\bw/o\b", "without"),
        (r"(?<!\w)w/\s?(?=\w)", "with "),
        (r"\bthru\b", "through"),
        (r"\balrm\b|\balarn\b|\balaram\b", "alarm"),
        (r"\bu\b", "you"),
        (r"\bur\b", "your"),
        (r"\br\b", "are"),
        (r"(?<=\w) n (?=\w)", " and "),  # "Sarah n Tom", "excel n a lil python"
        (r"\bpls\b|\bplz\b|\bkindly\b", "please"),
        # Indian English: "prepone the meeting to 10am" is to bring it forward
        (r"\bpreponed\b", "brought forward"),
        (r"\bprepone\b", "bring forward"),
        (r"\bdo the needful(?:\s+and)?\b,?", ""),
        (r"\bthx\b|\bthnx\b|\bthanx\b", "thanks"),
        (r"\bwen\b", "when"),
        (r"\bwat\b|\bwht\b", "what"),
        (r"\blil\b", "little"),
        (r"\babt\b", "about"),
        (r"\bppl\b", "people"),
        (r"\bnvm\b", "never mind"),
        (r"\bcuz\b|\bcoz\b|\bcos\b", "because"),
        # "remind me 2 call the plumber": "to" before a verb (never "2 days", "2 pm", "2:30")
        (
            r"(?<=\bme )2(?= (?!(?:min|minutes?|hours?|hrs?|days?|weeks?|months?|am|pm|o'?clock"
            r"|secs?|seconds?|and|or|to)\b)[a-z]{2,})",
            "to",
        ),
        # "set alarm 4 7am", "timer 4 10 min": "for" right after the item's noun, before a number
        (r"\b(alarm|alrm|alarms|timer|reminder) 4(?= \d)", r"\1 for"),
        (r"\b(?:um+|uh+|uhm+|erm+|hmm+)\b,?", ""),
        (
            r"(?<=\bat )like\b|\blike\b(?= (?:\d|half|a quarter|quarter|an? (?:hour|min)|ten|five"
            r"|fifteen|twenty|thirty|forty))",
            "",
        ),
    ),
    "es": (
        (r"(?<![\w.])@\s?(?=\d)", "a las "),
        (r"\bq\b", "que"),  # "a q hora", "q tengo pendiente", "q sigue"
        (r"\bxq\b|\bpq\b|\bporq\b", "porque"),
        (r"\btmb\b|\btbn\b|\btb\b|\btambn\b", "también"),
        (r"\bx\s?fa(?:vor)?\b|\bporfis?\b|\bplis\b", "por favor"),
        (r"\bbn\b", "bien"),
        (r"\bxa\b", "para"),
        # "pa las 4" (= "para las 4"): the clock time said, as "a las 4" is read ("pa las 4
        # personas" is an amount); "pa mañana", "pa el lunes": "para" (probe 47, P47-M5)
        (
            r"\bpa['’]?(?= las? (?:\d{1,2}(?:[:.]\d\d)?|una|dos|tres|cuatro|cinco|seis|siete|ocho"
            r"|nueve|diez|once|doce)(?!\w)(?!\s+(?!(?:hs|horas|más|mas|menos|pues|ps)\b)"
            r"[a-záéíóúñ]*s\b))",
            "a",
        ),
        # a message that opens with "para las 5" ("para las 5", "mejor para las 4", "y para
        # las 6"): the time asked for, as "a las 5" (it was "what time is it?": "Son las 14:31",
        # and "Ahora no hay nada que cancelar" after a move); "comprar pan para las 5" keeps it
        (
            r"(?:(?<=^)|(?<=^mejor )|(?<=^y )|(?<=^y mejor )|(?<=^no, )|(?<=^no )|(?<=^ok )"
            r"|(?<=^ok, ))"
            r"para(?= las? (?:\d{1,2}(?:[:.]\d\d)?|una|dos|tres|cuatro|cinco|seis|siete|ocho"
            r"|nueve|diez|once|doce)(?!\w)(?:\s+(?:de la (?:mañana|tarde|noche)|en punto|y media"
            r"|am|pm|hs|horas))*\W*$)",
            "a",
        ),
        (
            r"\bpa['’]?(?= (?:mañana|hoy|pasado mañana|el (?:lunes|martes|miércoles|miercoles"
            r"|jueves|viernes|sábado|sabado|domingo|próximo|proximo|finde|\d)|la (?:próxima"
            r"|proxima|otra) semana|el mediod[ií]a|medio ?d[ií]a)(?!\w))",
            "para",
        ),
        (r"\bx(?= (?:el|la|los|las|la mañana|la tarde|la noche|favor)\b)", "por"),
        (r"\bslds\b", "saludos"),
        (r"(?<!\w)c/(?=\w)|(?<!\w)c/\s", "con "),  # "reu c/ Ana"
        (r"\btoy\b", "estoy"),
        (r"\balrma\b|\balrm\b|\balarams?\b", "alarma"),
        (r"\bvienres\b|\bvierns\b|\bviernez\b|\bbiernes\b", "viernes"),
        (r"\bmiercols\b|\bmiecoles\b", "miércoles"),
        (r"\b(?:eh+|ehm+|em+|mmm+)\b,?", ""),
        (r",?\s*\bo sea\b,?", ""),
        (r"^\W*che\b\W*", ""),  # "che, el de la verdulería pasalo al jueves"
    ),
}

# Clocks as said, in digits or words ("7", "7:30", "seven", "siete y media")
_NUMBER_WORDS = {
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve"],
    "es": ["una", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
           "diez", "once", "doce"],
}  # fmt: skip
_CLOCK = {
    "en": r"(?:\d{1,2}(?::\d\d)?|" + "|".join(_NUMBER_WORDS["en"]) + r")"
    r"(?:\s+(?:thirty|fifteen|forty[- ]five|o'?clock))?",
    "es": r"(?:\d{1,2}(?::\d\d)?|" + "|".join(_NUMBER_WORDS["es"]) + r")"
    r"(?:\s+(?:y\s+media|y\s+cuarto|menos\s+cuarto))?",
}
_HALF = {
    "en": r"\s*(?:[ap]\.?m\.?|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight)",
    "es": r"\s*(?:(?:de|en|por)\s+la\s+(?:mañana|manana|tarde|noche)|de\s+la\s+madrugada|h|hs|hrs)",
}
_TAKEN_BACK = {
    "en": r"i\s+mean|i\s+meant|no\s+wait|wait\s+no|no\s+sorry",
    "es": r"digo|quise\s+decir|no\s+espera|no\s+perd[oó]n",
}
_SETTLES = re.compile(r"^(?:i\s+mean|i\s+meant|digo|quise\s+decir)$", re.I)
_CORRECTED = {
    lang: re.compile(
        rf"(?P<lead>\b(?:at|a\s+las?)\s+)(?P<first>{_CLOCK[lang]})(?P<half>{_HALF[lang]})?"
        rf"\s*,?\s*(?P<mark>{_TAKEN_BACK[lang]})\s*,?\s*(?:(?:at|a\s+las?)\s+)?"
        rf"(?P<second>{_CLOCK[lang]})(?P<half2>{_HALF[lang]})?\b",
        re.I,
    )
    for lang in ("en", "es")
}


def _correction(lang: str, said: re.Match[str]) -> str:
    """A clock corrected as it is said: "at seven in the evening, I mean eight" → "at 8 in the
    evening"; "at 7, no wait, eight" → "at 7, no wait, at 8" (two clocks: asked which)."""
    second = said["second"]
    head = second.split()[0].lower()
    words = _NUMBER_WORDS[lang]
    if head in words:  # "eight" → "8": a clock the readers see
        number = 1 if head in {"una", "uno"} else words.index(head) + (lang == "en")
        second = f"{number}{second[len(head) :]}"
    if _SETTLES.match(said["mark"]):
        return f"{said['lead']}{second}{said['half2'] or said['half'] or ''}"
    first = f"{said['lead']}{said['first']}{said['half'] or ''}"
    return f"{first}, {said['mark']}, {said['lead']}{second}{said['half2'] or ''}"


# Each verb a request opens with, as (tú, usted, vos), each bare and as the stem its pronouns are
# attached to ("recuérda" + "me"); the regular "vos" forms with a pronoun are the "tú" ones
# typed without the accent ("agendame")
_IMPERATIVES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("agenda", "agénda", "agende", "agénde", "agendá", "agenda"),
    ("anota", "anóta", "anote", "anóte", "anotá", "anota"),
    ("apunta", "apúnta", "apunte", "apúnte", "apuntá", "apunta"),
    ("borra", "bórra", "borre", "bórre", "borrá", "borra"),
    ("cancela", "cancéla", "cancele", "cancéle", "cancelá", "cancela"),
    ("cambia", "cámbia", "cambie", "cámbie", "cambiá", "cambia"),
    ("elimina", "elimína", "elimine", "elimíne", "eliminá", "elimina"),
    ("mueve", "muéve", "mueva", "muéva", "mové", "move"),
    ("pon", "pon", "ponga", "pónga", "poné", "pone"),
    ("avisa", "avísa", "avise", "avíse", "avisá", "avisa"),
    ("recuerda", "recuérda", "recuerde", "recuérde", "recordá", "recorda"),
    ("pasa", "pása", "pase", "páse", "pasá", "pasa"),
    ("programa", "prográma", "programe", "prográme", "programá", "programa"),
    ("reserva", "resérva", "reserve", "resérve", "reservá", "reserva"),
    ("quita", "quíta", "quite", "quíte", "quitá", "quita"),
    ("agrega", "agréga", "agregue", "agrégue", "agregá", "agrega"),
    ("añade", "añáde", "añada", "añáda", "añadí", "añadi"),
    ("di", "di", "diga", "díga", "decí", "deci"),
    ("muestra", "muéstra", "muestre", "muéstre", "mostrá", "mostra"),
    ("deshaz", "deshaz", "deshaga", "deshága", "deshacé", "deshace"),
    ("haz", "haz", "haga", "hága", "hacé", "hace"),
    ("despierta", "despiérta", "despierte", "despiérte", "despertá", "desperta"),
)
_PRONOUN = r"(?:me|te|se|nos|lo|la|los|las|le|les)"
# One-syllable stems take an accent with two pronouns: "ponme", "pónmelo"
_TWO_PRONOUNS = {"pon": "pón", "di": "dí", "haz": "ház", "deshaz": "desház"}
# What may open a clause before its verb ("por favor anote …", "ahorita ponga …", ", y borre …")
_CLAUSE_LEAD = (
    r"(?:^|[,;.!¿¡]\s*|\by\s+|\bluego\s+|\bdespu[eé]s\s+)"
    r"(?:(?:por\s+favor|porfa|oiga|disculpe|se[ñn]orita|se[ñn]or|ahorita|ahora|mejor|tambi[eé]n"
    r"|entonces|bueno|pues|vale|ya)\W+)*"
)
_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
_PLAIN = str.maketrans({accented: plain for plain, accented in _ACCENTS.items()})


def _loose(word: str) -> str:
    """A pattern for ``word`` typed with or without its accents."""
    plain = word.translate(_PLAIN)
    return "".join(f"[{c}{_ACCENTS[c]}]" if c in _ACCENTS else c for c in plain)


def _attached(stems: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """A replacement writing a stem found with its pronouns ("recuérde" + "me") as the "tú"
    stem of ``stems`` (keyed by the stem typed without accents) with them ("recuérdame")."""

    def written(said: re.Match[str]) -> str:
        tu_stem = stems[said["w"].lower().translate(_PLAIN)]
        pronouns = said["p"].lower()
        two = len(re.findall(_PRONOUN, pronouns)) > 1
        return (_TWO_PRONOUNS.get(tu_stem, tu_stem) if two else tu_stem) + pronouns

    return written


def _accented_present(word: str) -> str:
    """A "vosotros" present as typed ("teneis", "Tenéis") as its key in ``_VOSOTROS_PRESENT``."""
    plain = word.lower().translate(_PLAIN)
    return next(w for w in _VOSOTROS_PRESENT if w.translate(_PLAIN) == plain)


def _any_of(words: list[str]) -> str:
    return "|".join(_loose(w) for w in sorted(words, key=len, reverse=True))


# One pattern per form, over every verb (one pass each, not one per verb)
_USTED_STEMS = {
    usted_stem.translate(_PLAIN): tu_stem for _, tu_stem, _, usted_stem, _, _ in _IMPERATIVES
}
_VOS_STEMS = {
    vos_stem: tu_stem
    for _, tu_stem, _, _, _, vos_stem in _IMPERATIVES
    if vos_stem != tu_stem.translate(_PLAIN)  # the regular ones are the "tú" form unaccented
}
_VOS_BARE = {vos.lower(): tu for tu, _, _, _, vos, _ in _IMPERATIVES}
# The "vosotros" imperatives (Spain), in the order of ``_IMPERATIVES`` ("recordadme",
# "cancelad la cena", "apuntadlo"): as their "tú" stem with any pronouns (helper 233, P46-M4)
_VOSOTROS = (
    "agendad", "anotad", "apuntad", "borrad", "cancelad", "cambiad", "eliminad", "moved",
    "poned", "avisad", "recordad", "pasad", "programad", "reservad", "quitad", "agregad",
    "añadid", "decid", "mostrad", "deshaced", "haced", "despertad",
)  # fmt: skip
_VOSOTROS_STEMS = {
    vosotros.translate(_PLAIN): tu_stem
    for vosotros, (_, tu_stem, _, _, _, _) in zip(_VOSOTROS, _IMPERATIVES, strict=True)
}
_VOSOTROS_BARE = {
    vosotros.translate(_PLAIN): tu
    for vosotros, (tu, _, _, _, _, _) in zip(_VOSOTROS, _IMPERATIVES, strict=True)
}
# The "vosotros" present of the verbs questions open with ("¿tenéis clases online?", "¿podéis
# recordarme …?"): the "ustedes" form the readers know
_VOSOTROS_PRESENT = {
    "tenéis": "tienen", "ofrecéis": "ofrecen", "dais": "dan", "aceptáis": "aceptan",
    "cobráis": "cobran", "abrís": "abren", "cerráis": "cierran", "estáis": "están",
    "hacéis": "hacen", "podéis": "pueden", "enseñáis": "enseñan", "devolvéis": "devuelven",
    "sabéis": "saben", "queréis": "quieren", "dictáis": "dictan", "impartís": "imparten",
    "reembolsáis": "reembolsan", "admitís": "admiten", "sois": "son",
}  # fmt: skip
_PRESENT_SAID = re.compile(
    rf"(?<!\w)(?P<w>{_any_of([w for w in _VOSOTROS_PRESENT if ' ' not in w])})(?!\w)", re.I
)


def ustedes_present(text: str) -> str:
    """``text`` with Spain's "vosotros" present as the "ustedes" one ("¿tenéis clases
    online?" → "¿tienen clases online?"), as :func:`as_tu` reads it, for a reader given the
    message as typed (the knowledge base's questions)."""
    return _PRESENT_SAID.sub(lambda said: _VOSOTROS_PRESENT[_accented_present(said["w"])], text)


_USTED_BARE = {usted.translate(_PLAIN): tu for tu, _, usted, _, _, _ in _IMPERATIVES}
_REGISTER: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    # "me regala un recordatorio …" (Colombia: "would you give me"): "ponme"; else "dame"
    (
        re.compile(
            r"\bme\s+regal(?:a|as|ar[ií]as?)\s+(?=una?\s+(?:recordatorio|alarma|temporizador))",
            re.I,
        ),
        lambda _said: "ponme ",
    ),
    (re.compile(r"\bme\s+regal(?:a|as|ar[ií]as?)\b", re.I), lambda _said: "dame"),
    # "recuérdeme", "agéndemela", "bórrelo": wherever it stands
    (
        re.compile(rf"\b(?P<w>{_any_of(list(_USTED_STEMS))})(?P<p>{_PRONOUN}{{1,2}})\b", re.I),
        _attached(_USTED_STEMS),
    ),
    # "poné", "mové", "recordá": the accent is the "vos" form's
    (
        re.compile(rf"\b(?P<w>{'|'.join(sorted(_VOS_BARE, key=len, reverse=True))})(?!\w)", re.I),
        lambda said: _VOS_BARE[said["w"].lower()],
    ),
    # "recordame", "poneme", "decime", "movelo"
    (
        re.compile(rf"\b(?P<w>{_any_of(list(_VOS_STEMS))})(?P<p>{_PRONOUN}{{1,2}})\b", re.I),
        _attached(_VOS_STEMS),
    ),
    # "recordadme", "apuntádmelo", "avisadnos": with a pronoun, wherever it stands
    (
        re.compile(rf"\b(?P<w>{_any_of(list(_VOSOTROS_STEMS))})(?P<p>{_PRONOUN}{{1,2}})\b", re.I),
        _attached(_VOSOTROS_STEMS),
    ),
    # "cancelad la cena", "moved la reunión": bare, where a clause opens ("moved" is English too)
    (
        re.compile(rf"(?P<lead>{_CLAUSE_LEAD})(?P<w>{_any_of(list(_VOSOTROS_BARE))})(?!\w)", re.I),
        lambda said: said["lead"] + _VOSOTROS_BARE[said["w"].lower().translate(_PLAIN)],
    ),
    # "¿tenéis clases online?": the "ustedes" present
    (_PRESENT_SAID, lambda said: _VOSOTROS_PRESENT[_accented_present(said["w"])]),
    # "anote pagar el arriendo", "por favor ponga una alarma": where a clause opens
    (
        re.compile(rf"(?P<lead>{_CLAUSE_LEAD})(?P<w>{_any_of(list(_USTED_BARE))})\b", re.I),
        lambda said: said["lead"] + _USTED_BARE[said["w"].lower().translate(_PLAIN)],
    ),
)
# Spanglish: an English command opening a Spanish request ("cancel el de Jessica", "move la
# junta a las 5", "remind me de pagar la luz mañana"): the Spanish verb, so the request is read
# as the rest of it is; only before a Spanish word, so English stays English
_ENGLISH_COMMANDS = {
    "remind me": "recuérdame",
    "show me": "muéstrame",
    "cancel": "cancela",
    "delete": "borra",
    "remove": "quita",
    "move": "mueve",
    "book": "agenda",
    "schedule": "agenda",
    "add": "agrega",
    "set": "pon",
    "put": "pon",
    "change": "cambia",
}
_SPACED = r"\s+"
_SPANGLISH = re.compile(
    rf"(?P<lead>{_CLAUSE_LEAD}(?:(?:please|pls)\s+)?)"
    rf"(?P<w>{'|'.join(w.replace(' ', _SPACED) for w in _ENGLISH_COMMANDS)})"
    r"(?P<de>\s+de)?(?=\s+(?:el|la|los|las|lo|un|una|unos|unas|mi|mis|tu|sus?|al|del|que|para"
    r"|pagar|llamar|comprar|ir|sacar|hacer|ma[ñn]ana|hoy|pasado)\b)",
    re.I,
)


def _spanish_command(said: re.Match[str]) -> str:
    verb = _ENGLISH_COMMANDS[re.sub(r"\s+", " ", said["w"].lower())]
    return said["lead"] + verb


_REGISTER = (*_REGISTER, (_SPANGLISH, _spanish_command))
_COMPILED = {
    lang: tuple((re.compile(p, re.I), r) for p, r in rules) for lang, rules in _SHORTHAND.items()
}
_SPACES = re.compile(r"[ \t]{2,}")


# Fullwidth forms (U+FF01–FF5E, what East Asian keyboards and some "aesthetic" text generators type:
# "ｒｅｍｉｎｄ ｍｅ ａｔ ５") and the ideographic space, as the ASCII they stand for. Only these:
# Unicode's NFKC would also turn Spanish's ordinal indicators ("1º de mayo", "2ª") into letters.
_FULLWIDTH = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: ord(" ")}


def plain_width(text: str) -> str:
    """``text`` with fullwidth letters, digits and signs as their ASCII; unchanged without any
    (probe 35, P-L9: "ｒｅｍｉｎｄ ｍｅ …" asked what to remind)."""
    return text.translate(_FULLWIDTH)


# Characters nobody sees: format characters (zero-width spaces and joiners, bidi controls, the
# soft hyphen, Unicode's "tag" letters U+E0000–E007F, which models read and people do not), and
# control characters other than tab and the line breaks
_INVISIBLE = regex.compile(r"\p{Cf}+")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")


def readable(text: str) -> str:
    """``text`` as the assistant reads it: in ASCII's width (:func:`plain_width`), without the
    characters nobody sees, its control characters as spaces. The message is stored as typed;
    the skills, the knowledge base and the model read this, so nothing hidden in a message
    reaches the model (review 176, S-M1: instructions in tag characters were answered, and the
    answer served from the shared cache to everyone asking the visible question)."""
    text = plain_width(text)
    if text.isascii() and text.isprintable():
        return text
    return str(_CONTROL.sub(" ", _INVISIBLE.sub("", text)))


def normalize_question(text: str) -> str:
    """A question as the shared answer caches key it: NFKC, case folded, every character other
    than letters, digits and spaces a space, spaces collapsed ("How much?" and "how much" are
    one question). A knowledge answer from the model is asked exactly this text, so its key
    covers every character of the question the model saw."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def written_out(text: str, lang: str) -> str:
    """``text`` with the texting shorthand of ``lang`` ("en" or "es") written out; unchanged
    when it holds none."""
    rules = _COMPILED.get(lang, ())
    out = text
    corrected = _CORRECTED.get(lang)
    if corrected is not None:
        out = corrected.sub(lambda m: _correction(lang, m), out)
    for pattern, replacement in rules:
        out = pattern.sub(replacement, out)
    if lang == "es":
        out = as_tu(out)
    if out == text:
        return text
    return _SPACES.sub(" ", out).strip()


def as_tu(text: str) -> str:
    """A Spanish message's "usted" and "vos" imperatives in the "tú" form ("agende una reunión"
    → "agenda una reunión", "recordame" → "recuérdame"); unchanged when it holds none."""
    out = text
    for rule, written in _REGISTER:
        out = rule.sub(written, out)
    return out


# The register a Spanish message speaks in, beyond its imperatives (``_REGISTER``): "usted" by
# its pronoun and its verbs' forms ("¿me puede…?", "¿usted sabe…?", "disculpe"); "vos" by its
# present ("tenés", "querés", "podés") and its pronoun
_USTED_SAID = re.compile(
    r"\busted\b|\b(?:me|nos)\s+(?:puede|podr[ií]a)\b|\bd[ií]game\b|\bdisculpe\b|\bperdone\b"
    r"|\bse\s+lo\s+agradezco\b",
    re.I,
)
_VOS_SAID = re.compile(
    r"\bvos\b|\b(?:ten|quer|pod|sab|necesit|deb|hac|pon|val)és\b"
    r"|\b(?:dec|ven|sal|viv|escrib|pid)ís\b|\b(?:and|pas|llam|busc|mir|esper|cont|tom|dej|habl)ás\b",
    re.I,
)
_USTED_OPENS = re.compile(
    rf"{_CLAUSE_LEAD}(?:{_any_of(list(_USTED_BARE))})\b"
    rf"|\b(?:{_any_of(list(_USTED_STEMS))}){_PRONOUN}{{1,2}}\b",
    re.I,
)
_VOS_OPENS = re.compile(
    rf"\b(?:{'|'.join(sorted(_VOS_BARE, key=len, reverse=True))})(?!\w)"
    rf"|\b(?:{_any_of(list(_VOS_STEMS))}){_PRONOUN}{{1,2}}\b",
    re.I,
)


def register_of(text: str) -> str | None:
    """The register a Spanish message speaks to the assistant in: "usted" ("recuérdeme …",
    "mueva la reunión", "¿me puede decir…?"), "vos" ("agendá …", "borrá eso", "recordame …",
    "¿tenés algo el martes?"), or None ("tú", or nothing that tells)."""
    usted = bool(_USTED_OPENS.search(text) or _USTED_SAID.search(text))
    vos = bool(_VOS_OPENS.search(text) or _VOS_SAID.search(text))
    if usted == vos:
        return None
    return "usted" if usted else "vos"


# A greeting that opens a request ("hola buenas, q hora es?", "hi! can you book …")
_GREETING_LEAD = re.compile(
    r"^\W*(?:(?:hola+|hello|hi+|hey+|buen[oa]s(?:\s+(?:d[ií]as|tardes|noches))?|qu[eé]\s+tal"
    r"|good\s+(?:morning|afternoon|evening)|saludos|oe|oye)\b[\s,!.¡¿]*)+(?P<rest>.+)$",
    re.I,
)


def after_greeting(text: str) -> str | None:
    """What a message asks after the greeting that opens it ("hola buenas, q hora es?" → "q
    hora es?"); None when it is a greeting alone or opens with none."""
    found = _GREETING_LEAD.match(text)
    if found is None or len(found["rest"].split()) < 2:
        return None
    return found["rest"]
