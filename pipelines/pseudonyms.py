"""People's names in a chat message replaced by stand-ins before it leaves for ``data/``.

``slipway data import-feedback`` exports rated messages as training lines. A message that names
another person ("agenda una reunión con Luis Mamani Huamán el jueves a las 4pm") leaves with a
stand-in instead ("… con Ana Torres Rojas …"): the line keeps its shape for training and no
real name reaches the dataset, which is versioned, pushed to the DVC remote and trained on.

The names are found as the assistant reads them (:func:`app.skills.slots.people`: a meeting's
attendee, who a verb addresses, a name after a title), plus any capitalised word that is a
known first name. A capitalised word that could be a name but is neither (not the first word
of a sentence, not a place, a tool, a course, a weekday or a month) makes the whole message
unsure: it is held back rather than exported with what may be a real name.

A stand-in is taken from fixed lists per language, chosen from a hash of the message, so a
re-import writes the same line (and finds it already in ``data/``); it is never a word of the
message, nor of its author's user name.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.skills import slots


def _folded(words: str) -> frozenset[str]:
    """The words of ``words`` folded (lowercase, no accents)."""
    return frozenset(slots.fold(w) for w in words.split())


#: Stand-ins, per language and gender (and, with :data:`_MORE_FIRST_NAMES`, the first names
#: known in any position). None is a place, a month, a weekday or a word ("Rosa", "Linda").
GIVEN_NAMES = {
    "es": {
        "f": ("Ana", "Carmen", "Elena", "Julia", "Sofía", "Teresa", "Silvia", "Lucía", "Marta",
              "Daniela", "Irene", "Beatriz", "Valeria", "Noemí", "Rebeca"),
        "m": ("Luis", "Jorge", "Pedro", "Raúl", "Andrés", "Manuel", "Víctor", "Javier", "Diego",
              "Carlos", "Hugo", "Pablo", "Ricardo", "Óscar", "Felipe"),
    },
    "en": {
        "f": ("Emma", "Sarah", "Laura", "Emily", "Susan", "Karen", "Helen", "Alice", "Nancy",
              "Rachel", "Megan", "Julie", "Diane", "Ruth", "Anne"),
        "m": ("John", "David", "James", "Peter", "Paul", "Daniel", "Thomas", "Michael", "Robert",
              "Steven", "Brian", "Kevin", "Gary", "Eric", "Simon"),
    },
}  # fmt: skip
SURNAMES = {
    "es": (
        "Torres", "Rojas", "Vargas", "Castro", "Ramos", "Díaz", "Mendoza", "Salazar", "Chávez",
        "Gutiérrez", "Ortiz", "Medina", "Herrera", "Aguilar", "Navarro", "Romero", "Suárez",
        "Delgado", "Cabrera", "Reyes", "Palacios", "Espinoza", "Cárdenas", "Valdivia",
    ),
    "en": (
        "Smith", "Taylor", "Wilson", "Clark", "Walker", "Wright", "Baker", "Harris", "Martin",
        "Thompson", "Robinson", "Lewis", "Allen", "Scott", "Adams", "Nelson", "Carter",
        "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
    ),
}  # fmt: skip
# First names known beside the stand-ins, by gender: a capitalised one is a name anywhere
_MORE_FIRST_NAMES = {
    "f": """rosa maria alicia andrea angela carla carolina catalina cecilia claudia cristina
    elizabeth erika fiorella gabriela giovanna isabel jessica jimena karina katherine kelly
    liliana lourdes magaly maribel marisol milagros monica nadia natalia patricia paola pilar
    rocio roxana sandra susana tatiana vanessa veronica ximena yesenia yolanda zoila gloria
    linda lisa jessie jenny anna mary jennifer jane kate amy olivia sophie lucy chloe""",
    "m": """jose juan miguel jesus antonio francisco fernando alberto alejandro eduardo enrique
    gabriel guillermo gustavo ivan jaime marco marcos mario martin nicolas renzo roberto
    rodrigo sergio walter william cesar edwin elmer franco gonzalo hector joel jhon jonathan
    omar percy rafael rolando ruben saul wilmer mike tom tony chris matt ben sam joe luke adam
    george harry oliver nick tim dave jim""",
}
# First names that are also words when written in lowercase ("la camisa rosa", "qué linda"):
# names only where the reader finds a person ("llamar a rosa")
_ALSO_WORDS = _folded("rosa linda lisa gloria pilar marco franco cesar rocio nick sam ben jim tom")
# First names that are also everyday words, months or helping verbs ("Grace" and a grace period,
# "Will" and "will", "Luz" and la luz, "Julio" and julio). Written with a capital inside a
# sentence, one is a name (a month only in Spanish, which writes months in lower case); opening a
# sentence, it may be either, so the message is held back unless what follows makes it the word
# ("Will you…", "May I…", "Mark the task…", "April 3", "Julio 28")
_NAME_WORDS = _folded(
    """grace will faith hope joy mark bill rose summer dawn pat art jack frank sky rich penny
    daisy ruby iris autumn holly jade chase hunter drew grant victor max june april may
    paz consuelo dolores esperanza flor celeste clemente soledad luz sol alegria socorro
    angeles reyes cruz asuncion concepcion remedios blanca leal fidel modesto justo lucero
    aurora mar estrella abril julio marzo"""
)
# What follows an English name-word opening a sentence where it is the word: a pronoun or a
# determiner ("Will you", "May I", "Mark the task as done", "Hope this helps", "Bill me later")
_THE_WORD_AFTER = _folded(
    """i you we he she they it me us them this that these those the a an my your our his her
    their as all everyone everybody"""
)
# An article before a name-word ("la Cruz Roja", "the Art department", "the April report"): a
# thing, or someone ("la Rosa me dijo"), so never replaced; a word that may be a name is held
# back, a month stays ("a" is not here: it is Spanish's "to", "dile a Consuelo")
_THING_BEFORE = _folded("el la los las un una the an this that este esta")
_MESES = _folded(
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre"
)
# Before a month, in Spanish: the month ("hasta Julio", "el 28 de Abril")
_MONTH_BEFORE = _folded("de del en para hasta desde a al el este próximo proximo fin inicios")
# Never a person, in or out of what the reader finds: the app, tools, languages, brands and
# places of Peru that chat messages name (with the course catalog's words, read from data/)
_NOT_PEOPLE = """
    slipway ruta academy campus excel word powerpoint power bi python sql java javascript
    react html css git github tableau pandas canva office google gmail outlook zoom teams meet
    whatsapp telegram instagram facebook tiktok youtube netflix spotify linkedin coursera platzi
    udemy duolingo chatgpt openai android iphone samsung windows mac apple microsoft amazon
    english ingles spanish espanol castellano quechua aimara aymara french frances portuguese
    portugues german aleman italian italiano chinese chino japanese japones peruvian peruano
    peruana latam avianca sky yape plin interbank scotiabank bbva bcp sunat reniec essalud
    sunedu minedu movistar claro entel bitel rappi uber cabify falabella ripley oechsle tottus
    wong plaza vea metro saga peru lima callao cusco cuzco arequipa trujillo piura chiclayo
    iquitos puno tacna ica huancayo ayacucho cajamarca huaraz chimbote tumbes pucallpa tarapoto
    moquegua huanuco abancay juliaca sullana chincha miraflores barranco surco isidro borja
    lince rimac brena chorrillos comas olivos ate molina independencia pachacamac machu picchu
    titicaca nazca paracas mancora colca amazonas andes pacifico pucp unmsm uni upc ulima
    hola hello hi hey oye ok okay gracias thanks please porfa buenos buenas dias tardes noches
"""
# A place named after a person or a saint ("San Isidro", "Santa Rosa de Lima", "Avenida Javier
# Prado", "clínica Ricardo Palma"): the words after these are no one's name
_PLACE_BEFORE = _folded(
    """san santa santo st av avenida avenue ave jr jiron calle street plaza parque colegio
    universidad clinica hospital instituto distrito"""
)
# A title that takes a surname ("la profesora Yupanqui" → "la profesora Torres")
_SURNAME_TITLES = _folded(
    """prof profa profe profesor profesora professor dr dra doctor doctora mr mrs ms sr sra srta
    senor senora senorita ing ingeniero ingeniera lic licenciado licenciada"""
)
_SURNAME_LINKS = frozenset({"De", "Del", "La", "Las", "Los", "Van", "Von", "Da", "Di"})
_WORD = re.compile(r"[^\W\d_]+")
Token = tuple[str, int, int]  # a word, where it starts and ends
# What ends a sentence before a word ("… mañana. Rosa dijo"), or opens a quote or a clause
_OPENS = re.compile(r"[.!?¿¡:;\"“'‘(\n]")
_MAX_LOWER_RUN = 4
# Who a verb may address that is no one's name ("remind me", "call them", "dile a todos")
_PRONOUNS = _folded(
    """me you him her us them myself yourself everyone everybody someone somebody anyone nobody
    all both each team mi ti el ella ellos ellas nosotros ustedes usted todos todas alguien
    nadie cada ambos equipo grupo"""
)
# Where a person who does something works, between them and the verb ("Grace from accounting
# said…", "April from HR wants…", "Ana de contabilidad pidió…")
_FROM = r"(?:\s+(?:from|at|de|del)\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)?"
# What follows a person who opens a message ("Lucho me dijo…", "Maricielo y yo…", "Grace said…",
# "Valentina quiere…"): there a capital that may be a name is not just a sentence's first word
_DOES = re.compile(
    _FROM
    + r"\s*(?:(?:me|te|nos|le|les)\s+(?:dijo|dice|pidi[oó]|pide|cancel[oó]|escribi[oó]|llam[oó]"
    r"|cont[oó]|pregunt[oó]|recomend[oó]|mand[oó]|envi[oó]|avis[oó])"
    r"|y\s+yo|(?:and|&)\s+I|quiere|quiso|viaja|necesita|no\s+puede|no\s+va|va\s+a"
    r"|dijo|dice|pidi[oó]|pide|llam[oó]|escribi[oó]|mand[oó]|envi[oó]|avis[oó]|confirm[oó]"
    r"|said|says|told|tells|asked|asks|wants|wanted|wrote|texted|called|needs|thinks)\b",
    re.I,
)
# A question's helping verb at the start of a sentence, and what its subject then does ("Did Will
# say…", "Has Grace from legal sent…", "Can Bill join…"): the capital between them is someone
_AUXILIARIES = _folded("did does do has have had can could will would should shall is was may")
_DOES_ASKED = re.compile(
    _FROM + r"\s*(?:say|tell|ask|want|call|send|sent|reply|replied|write|written|text|email|confirm"
    r"|confirmed|need|come|join|know|mention|agree|approve|sign|finish)\b",
    re.I,
)
# Words that are never a name's own, whatever their case ("De", "La", "Y")
_STOPS = frozenset(
    slots._NAME_STOPS | slots._DETERMINERS | slots._LINKS | slots._TIME_PREPOSITIONS
) | {"van", "von", "da", "di", "le"}
_JOINERS = {"", "-"}  # between two words of one name ("Luis Mamani", "Jean-Pierre")


@dataclass(frozen=True)
class Pseudonymized:
    """A message with its people's names replaced: ``names`` of them; ``unsure`` when a word
    may be a name the reader cannot place (the message is then not to be exported)."""

    text: str
    names: int
    unsure: bool


_GENDER = {
    slots.fold(name): gender
    for lists in GIVEN_NAMES.values()
    for gender, names in lists.items()
    for name in names
} | {name: gender for gender, names in _MORE_FIRST_NAMES.items() for name in names.split()}
#: Every first name known (folded): the stand-ins and the other common ones
FIRST_NAMES = frozenset(_GENDER)


@cache
def _places() -> frozenset[str]:
    """One-word names of cities and countries (the assistant's table of places): no person
    where the reader finds none ("what time is it in Tokyo")."""
    from app.skills.time_words import _country_names

    names = [*slots._cities(), *_country_names()]
    return frozenset(n for n in names if " " not in n) - FIRST_NAMES


@cache
def _places_of_words() -> frozenset[tuple[str, ...]]:
    """Names of cities and countries of two or three words ("Buenos Aires", "Nueva York")."""
    from app.skills.time_words import _country_names

    names = [*slots._cities(), *_country_names()]
    return frozenset(tuple(_WORD.findall(n)) for n in names if 1 < len(_WORD.findall(n)) <= 3)


def _in_places(tokens: list[Token]) -> set[int]:
    """The indexes of the tokens that are words of a place's name of several words."""
    folded = [slots.fold(w) for w, _, _ in tokens]
    found: set[int] = set()
    for size in (3, 2):
        for i in range(len(tokens) - size + 1):
            if tuple(folded[i : i + size]) in _places_of_words():
                found.update(range(i, i + size))
    return found


def catalog_words(data_dir: Path) -> frozenset[str]:
    """The words of the course catalog's titles and providers and of the demand table's regions
    in ``data_dir`` ("Excel", "Power BI", "Ruta Academy", "Arequipa"): never a person."""
    words: set[str] = set()
    for name, columns in (("courses.csv", ("title", "provider")), ("demand.csv", ("region",))):
        path = data_dir / "pathways" / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in columns:
                    words.update(slots.fold(w) for w in _WORD.findall(row.get(column) or ""))
    return frozenset(words - FIRST_NAMES)


class Pseudonymizer:
    """Replaces people's names in a message; ``not_people``: more words that name no person
    (:func:`catalog_words`)."""

    def __init__(self, not_people: Iterable[str] = ()) -> None:
        never = _folded(_NOT_PEOPLE) | frozenset(not_people) | _PLACE_BEFORE | _SURNAME_TITLES
        self.never = never - FIRST_NAMES
        self.calendar = frozenset(slots.WEEKDAYS) | frozenset(slots._MONTHS) | {"may"}

    def __call__(self, text: str, lang: str, avoid: Iterable[str] = ()) -> Pseudonymized:
        """``text`` with each person's name replaced by a stand-in from ``lang``'s lists (never
        a word of ``text`` nor of ``avoid``, the author's user name)."""
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        runs, unsure = self._runs(text, tokens, slots.people(text), lang)
        if unsure or not runs:
            return Pseudonymized(text, 0, unsure)
        taken = {slots.fold(w) for w, _, _ in tokens}
        taken |= {slots.fold(w) for name in avoid for w in _WORD.findall(name)}
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
        words: dict[str, str] = {}  # a real name's word (folded) → its stand-in
        for n, run in enumerate(runs):
            fresh = [tokens[i][0] for i in run if slots.fold(tokens[i][0]) not in words]
            if not fresh:
                continue  # the same name again ("Rosa … Rosa")
            before = tokens[run[0] - 1][0] if run[0] else ""
            # "la profesora Yupanqui", "Luis De La Cruz": a surname
            surname = slots.fold(before) in _SURNAME_TITLES or before in _SURNAME_LINKS
            shape = _shape(len(fresh), surname_only=surname)
            gender = _GENDER.get(slots.fold(fresh[0]))
            stand_in = _stand_in(shape, lang, gender, seed >> (5 * n), taken)
            taken |= {slots.fold(w) for w in stand_in}
            words |= {slots.fold(w): new for w, new in zip(fresh, stand_in, strict=True)}
        out = text
        # every word of a name, here and wherever else it is said ("con Rosa Quispe…, y dile a
        # quispe que…")
        for word, start, end in reversed(tokens):
            new = words.get(slots.fold(word))
            if new is not None:
                out = out[:start] + (new.lower() if word.islower() else new) + out[end:]
        return Pseudonymized(out, len(runs), False)

    def _kind(self, word: str, in_span: bool, leads: bool) -> str:
        """What a capitalised word is: "no" (no name), "name" (surely a person's) or "maybe"
        (``in_span``: where the reader finds a person; ``leads``: its span's first capital)."""
        low = slots.fold(word)
        if len(word) < 2 or word.isupper() or low in self.never or low in _STOPS:
            return "no"
        if slots._TITLE.match(word):
            return "no"  # an acronym ("BCP", "I"), a title, the app, a tool, a course, a place
        if low in FIRST_NAMES:
            return "name"
        weak = low in self.calendar or low in _places()
        if in_span and (leads or not weak):
            return "name"  # "con Quispe", "with June" (as the reader reads it)
        return "no" if weak else "maybe"

    def _runs(
        self, text: str, tokens: list[Token], spans: list[slots.Span], lang: str = "en"
    ) -> tuple[list[list[int]], bool]:
        """The names in ``tokens`` (each a run of token indexes), and whether a word that may be
        a name was left unplaced."""

        def span_of(i: int) -> slots.Span | None:
            return next((s for s in spans if s.start <= tokens[i][1] < s.end), None)

        leaders = {
            min((i for i in range(len(tokens)) if span_of(i) is s and tokens[i][0][:1].isupper()),
                default=-1)
            for s in spans
        }  # fmt: skip
        places = _in_places(tokens)
        runs: list[list[int]] = []
        unsure = False
        i = 0
        while i < len(tokens):
            word, start, _ = tokens[i]
            low = slots.fold(word)
            span = span_of(i)
            in_span = span is not None
            if i in places:
                i += 1
                continue  # "Buenos Aires", "Nueva York", "Los Ángeles"
            place = i > 0 and slots.fold(tokens[i - 1][0]) in _PLACE_BEFORE
            if word[:1].isupper():
                kind = self._kind(word, in_span, i in leaders)
                initial = self._initial(text, tokens, i)
                asked = (
                    i > 0
                    and self._initial(text, tokens, i - 1)
                    and slots.fold(tokens[i - 1][0]) in _AUXILIARIES
                    and not text[tokens[i - 1][2] : start].strip()
                )
                does = (initial and _DOES.match(text, tokens[i][2])) or (
                    asked and _DOES_ASKED.match(text, tokens[i][2])
                )
                if does and kind != "name" and low not in self.never and not word.isupper():
                    # "Lucho me dijo…", "Summer wants…", "Did Will say…": someone who may be a
                    # person, or not
                    unsure = True
                    i += 1
                    continue
                if low in _NAME_WORDS and kind != "name" and low not in self.never and not place:
                    if initial:
                        # "Summer is covering…", "Dolores me cubrió…": held back, unless what
                        # follows makes it the word ("Will you…", "April 3")
                        unsure = unsure or not self._the_word(text, tokens, i, lang)
                        i += 1
                        continue
                    if i > 0 and slots.fold(tokens[i - 1][0]) in _THING_BEFORE:
                        pass  # "La Cruz Roja", "the April report": as any such word
                    elif low not in self.calendar or (
                        lang == "es" and low in _MESES and not self._a_date(text, tokens, i)
                    ):
                        kind = "name"  # "I will tell Will", "¿Ya llegó Julio?"
                if kind == "no" or (initial and kind == "maybe"):
                    i += 1
                    continue  # a sentence's first word ("Agenda", "Recuérdame")
                run = [i]
                while self._goes_on(text, tokens, run[-1], capital=True):
                    run.append(run[-1] + 1)
                i = run[-1]
                if place:
                    pass  # "San Miguel", "Avenida Javier Prado": a place
                elif kind == "maybe":
                    unsure = True  # "Toyota", "Condori": a name, or not? Not exported
                else:
                    runs.append(run)
            elif (
                low in _NAME_WORDS
                and self._initial(text, tokens, i)
                and _DOES.match(text, tokens[i][2])
            ):
                unsure = True  # "april asked if…": someone, in lower case, or not
            elif (
                span is not None
                and start == span.start
                and len(low) >= 3
                and low not in FIRST_NAMES | self.never | _STOPS | self.calendar | _PRONOUNS
                and low not in slots._TIME_WORDS
            ):
                # "reunión con kiara": the reader's person, in lower case and not a name known
                # here: a name, or not? Not exported
                unsure = True
            elif low in FIRST_NAMES and low not in self.never and not place:
                if not in_span:
                    # "whens my meeting w diego": a name the reader cannot bound
                    unsure = unsure or low not in _ALSO_WORDS
                    i += 1
                    continue
                run = [i]  # "llamar a rosa quispe"
                while (
                    len(run) < _MAX_LOWER_RUN
                    and self._goes_on(text, tokens, run[-1], capital=False)
                    and span_of(run[-1] + 1) is not None
                ):
                    run.append(run[-1] + 1)
                i = run[-1]
                runs.append(run)
            i += 1
        return runs, unsure

    @staticmethod
    def _the_word(text: str, tokens: list[Token], i: int, lang: str) -> bool:
        """Whether the name-word ``i``, opening a sentence, is the word by what follows it: a
        number ("April 3", "Julio 28"), or in English a pronoun or a determiner."""
        end = tokens[i][2]
        if re.match(r"\s*\d", text[end:]):
            return True
        if lang == "es" or i + 1 >= len(tokens) or text[end : tokens[i + 1][1]].strip():
            return False
        return slots.fold(tokens[i + 1][0]) in _THE_WORD_AFTER

    @staticmethod
    def _a_date(text: str, tokens: list[Token], i: int) -> bool:
        """Whether the month ``i`` is said as a date ("el 28 de Julio", "hasta Abril", "Julio
        28")."""
        before = text[tokens[i - 1][2] : tokens[i][1]] if i else ""
        if re.match(r"\s*\d", text[tokens[i][2] :]) or re.search(r"\d\s*$", text[: tokens[i][1]]):
            return True
        return i > 0 and not before.strip() and slots.fold(tokens[i - 1][0]) in _MONTH_BEFORE

    @staticmethod
    def _initial(text: str, tokens: list[Token], i: int) -> bool:
        """Whether token ``i`` opens the message, a sentence, a quote or a clause."""
        return i == 0 or bool(_OPENS.search(text[tokens[i - 1][2] : tokens[i][1]]))

    def _goes_on(self, text: str, tokens: list[Token], i: int, capital: bool) -> bool:
        """Whether the word after ``i`` goes on the name ``i`` is in ("Luis Mamani Huamán")."""
        if i + 1 >= len(tokens):
            return False
        word, start, _ = tokens[i + 1]
        if text[tokens[i][2] : start].strip() not in _JOINERS:
            return False  # a comma, a dot between them
        low = slots.fold(word)
        if capital != word[:1].isupper() or low in self.calendar or low in self.never:
            return False
        if low in _STOPS:
            return False  # "Luis De La Cruz": "De" is no one's name
        if capital:
            return not word.isupper() and not slots._TITLE.match(word)
        return low not in slots._TIME_WORDS


def _shape(words: int, surname_only: bool) -> tuple[str, ...]:
    """A stand-in's shape for a name of ``words`` words: a first name, then surnames ("María
    José Pérez Quispe": two first names and two surnames); a surname alone after a title."""
    if surname_only and words == 1:
        return ("surname",)
    given = 2 if words >= 4 else 1
    return ("given",) * min(given, words) + ("surname",) * max(0, words - given)


def _stand_in(
    shape: tuple[str, ...], lang: str, gender: str | None, seed: int, taken: set[str]
) -> list[str]:
    """The stand-in's words: each its list's entry at ``seed``, or the next one not ``taken``
    (a first name of the real one's ``gender`` when it is known)."""
    given = GIVEN_NAMES.get(lang, GIVEN_NAMES["es"])
    first = (
        given[gender]
        if gender
        else tuple(n for pair in zip(*given.values(), strict=True) for n in pair)
    )
    lists = {"given": first, "surname": SURNAMES.get(lang, SURNAMES["es"])}
    chosen: list[str] = []
    for n, part in enumerate(shape):
        names = lists[part]
        start = seed >> (7 * n)
        for step in range(len(names)):
            name = names[(start + step) % len(names)]
            if slots.fold(name) not in taken and name not in chosen:
                chosen.append(name)
                break
    return chosen
