"""Whether the model's reply claims only what the turn's tool calls did.

A reply may claim only the kinds of action that a successful write tool call of the same turn
performed: "I've booked your meeting" needs a ``book_meeting`` (or a move) that succeeded, "Added
“buy milk” to your to-do list" an ``add_todo``, "¡Listo!" some write. A read ("You have a
meeting with Rosa at 3pm", "Your meeting is scheduled for 3pm" after ``list_meetings``) claims
nothing done. English and Spanish alike.

A claim is found per sentence (questions skipped, quoted item text ignored): a verb of doing in
the past ("I've added", "booked", "has been cancelled", "agendé", "quedó guardada"), and the kind
of item it is about, the first item noun after the verb, else the last one before it, else the
kind the verb implies (only meetings are booked or moved, only to-dos marked done). A verb of
state ("is scheduled for", "está agendada") is a weaker claim: a read of that kind backs it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TODO, REMINDER, TIMER, MEETING = "to-do", "reminder", "alarm or timer", "meeting"
CREATE, CHANGE, MOVE, REMOVE, COMPLETE = "made", "changed", "moved", "removed", "marked done"

# What each write tool does (kind, action); set_reminder's alarm is an alarm too
WRITES: dict[str, frozenset[tuple[str, str]]] = {
    "book_meeting": frozenset({(MEETING, CREATE)}),
    "move_meeting": frozenset({(MEETING, MOVE)}),
    "cancel_meeting": frozenset({(MEETING, REMOVE)}),
    "set_reminder": frozenset({(REMINDER, CREATE)}),
    "cancel_reminder": frozenset({(REMINDER, REMOVE), (TIMER, REMOVE)}),
    "set_timer": frozenset({(TIMER, CREATE)}),
    "add_todo": frozenset({(TODO, CREATE)}),
    "complete_todo": frozenset({(TODO, COMPLETE)}),
}
# The tools that write nothing, and the kinds of item each one shows
READS: dict[str, frozenset[str]] = {
    "list_meetings": frozenset({MEETING}),
    "list_reminders": frozenset({REMINDER, TIMER}),
    "list_todos": frozenset({TODO}),
    "search_knowledge": frozenset(),
}
# A claimed action → the actions done that make it true ("I've scheduled it for 4pm" after a
# move; "removed from your list" after a to-do was marked done); a move needs a move: a second
# booking leaves the first meeting where it was
ACCEPTS: dict[str, frozenset[str]] = {
    CREATE: frozenset({CREATE, CHANGE, MOVE}),
    CHANGE: frozenset({CREATE, CHANGE, MOVE, COMPLETE}),
    MOVE: frozenset({MOVE}),
    REMOVE: frozenset({REMOVE, COMPLETE}),
    COMPLETE: frozenset({COMPLETE}),
}

# English past forms: (action, the kind the verb implies or None)
_EN: dict[str, tuple[str, str | None]] = {
    "booked": (CREATE, MEETING),
    "reserved": (CREATE, MEETING),
    "scheduled": (CREATE, None),
    "added": (CREATE, None),
    "set up": (CREATE, None),
    "set": (CREATE, None),
    "created": (CREATE, None),
    "saved": (CREATE, None),
    "put": (CREATE, None),
    "noted": (CREATE, None),
    "jotted": (CREATE, None),
    "jotted down": (CREATE, None),
    "written down": (CREATE, None),
    "wrote down": (CREATE, None),
    "started": (CREATE, None),
    "moved": (MOVE, MEETING),
    "rescheduled": (MOVE, MEETING),
    "pushed": (MOVE, MEETING),
    "changed": (CHANGE, None),
    "updated": (CHANGE, None),
    "renamed": (CHANGE, None),
    "removed": (REMOVE, None),
    "deleted": (REMOVE, None),
    "cancelled": (REMOVE, None),
    "canceled": (REMOVE, None),
    "cleared": (REMOVE, None),
    "marked": (COMPLETE, TODO),
    "completed": (COMPLETE, TODO),
    "checked off": (COMPLETE, TODO),
    "crossed off": (COMPLETE, TODO),
    "ticked off": (COMPLETE, TODO),
}
# Spanish: (first-person preterite, third-person one after "se", participle stem before
# o/a/os/as, action, implied kind)
_ES: list[tuple[str, str, str, str, str | None]] = [
    ("agendé", "agendó", "agendad", CREATE, MEETING),
    ("reservé", "reservó", "reservad", CREATE, MEETING),
    ("programé", "programó", "programad", CREATE, None),
    ("agregué", "agregó", "agregad", CREATE, None),
    ("añadí", "añadió", "añadid", CREATE, None),
    ("creé", "creó", "cread", CREATE, None),
    ("guardé", "guardó", "guardad", CREATE, None),
    ("anoté", "anotó", "anotad", CREATE, None),
    ("apunté", "apuntó", "apuntad", CREATE, None),
    ("configuré", "configuró", "configurad", CREATE, None),
    ("puse", "puso", "puest", CREATE, None),
    ("activé", "activó", "activad", CREATE, None),
    ("moví", "movió", "movid", MOVE, MEETING),
    ("reprogramé", "reprogramó", "reprogramad", MOVE, MEETING),
    ("cambié", "cambió", "cambiad", CHANGE, None),
    ("actualicé", "actualizó", "actualizad", CHANGE, None),
    ("borré", "borró", "borrad", REMOVE, None),
    ("eliminé", "eliminó", "eliminad", REMOVE, None),
    ("cancelé", "canceló", "cancelad", REMOVE, None),
    ("quité", "quitó", "quitad", REMOVE, None),
    ("marqué", "marcó", "marcad", COMPLETE, TODO),
    ("completé", "completó", "completad", COMPLETE, TODO),
    ("taché", "tachó", "tachad", COMPLETE, TODO),
]
_VERB: dict[str, tuple[str, str | None]] = {
    **_EN,
    **{past: (action, kind) for past, _, _, action, kind in _ES},
    **{third: (action, kind) for _, third, _, action, kind in _ES},
    **{stem: (action, kind) for _, _, stem, action, kind in _ES},
}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_EN_PAST = _alternatives(_EN)
_ES_PAST = _alternatives(past for past, *_ in _ES)
_ES_THIRD = _alternatives(third for _, third, *_ in _ES)
_ES_PART = _alternatives(stem for _, _, stem, *_ in _ES)
_ADVERB = r"(?:\s+(?:just|now|also|already|successfully|ya|también))?"
# "I've booked", "we have added", "is now scheduled", "has been cancelled", "Booked “X” …"
_STRONG = re.compile(
    rf"\b(?:i|we)(?:'ve|'ve got| have)?{_ADVERB}\s+(?P<en>{_EN_PAST})\b"
    rf"|\b(?:is|are|'s|'re)\s+now\s+(?P<en2>{_EN_PAST})\b"
    rf"|\b(?:has|have)\s+(?:now\s+|also\s+|already\s+)?been\s+(?P<en3>{_EN_PAST})\b"
    rf"|\b(?:was|were)\s+(?:successfully\s+)?(?P<en4>{_EN_PAST})\b"
    rf"|^(?P<en5>booked|added|scheduled|created|removed|deleted|cancell?ed|moved|rescheduled"
    rf"|marked|saved|updated|completed)\b"
    rf"|^(?:your\s+|the\s+)?(?:meeting|appointment|reminder|alarm|timer|to-?do|task)\s+"
    rf"(?P<en6>booked|set|added|scheduled|created|saved|cancell?ed|moved|rescheduled|removed"
    rf"|deleted|updated|completed)\b"
    rf"|(?<![\w])(?P<es>{_ES_PAST})(?![\w])"
    rf"|\bse\s+(?:(?:la|lo|las|los|le|les)\s+)?(?P<es4>{_ES_THIRD})(?![\w])"
    rf"|\b(?:he|hemos|ya\s+he)(?:\s+(?:ya|también))?\s+(?P<es2>{_ES_PART})o\b"
    rf"|\b(?:qued[oó]|quedaron|ha\s+sido|han\s+sido|fue|fueron|ya\s+est[aá]n?)\s+"
    rf"(?:(?:correctamente|ya)\s+)?(?P<es3>{_ES_PART})(?:o|a|os|as)\b",
    re.I | re.M,
)
# "I added buy milk and booked your meeting": a past verb joined to a claim made before it
_JOINED = re.compile(rf"(?:\band|,)\s+(?:also\s+|then\s+)?(?P<en>{_EN_PAST})\b", re.I)
# "Your meeting is scheduled for 3pm", "tu reunión está agendada": said of what IS there
_WEAK = re.compile(
    r"\b(?:is|are|'s|'re)\s+(?P<en>booked|scheduled|set)\b"
    r"|\best[aá]n?\s+(?P<es>agendad|programad|reservad|guardad|anotad)(?:o|a|os|as)\b",
    re.I,
)
# Promises and actions under way are claims too (probe 39, O-H1: "OK, I'll remind you to call
# Rosa at 5:00 PM", "Te recordaré…", "I'm setting a reminder", "Milk is now on your to-do list"
# were served with nothing stored): the verb's base form (English) or future and present
# (Spanish) → (action, the kind it implies)
_EN_BASE: dict[str, tuple[str, str | None]] = {
    "remind": (CREATE, REMINDER), "let you know": (CREATE, REMINDER), "ping": (CREATE, REMINDER),
    "notify": (CREATE, REMINDER), "alert": (CREATE, REMINDER), "wake": (CREATE, TIMER),
    "book": (CREATE, MEETING), "reserve": (CREATE, MEETING), "schedule": (CREATE, None),
    "add": (CREATE, None), "set": (CREATE, None), "create": (CREATE, None),
    "save": (CREATE, None), "put": (CREATE, None), "note": (CREATE, None),
    "start": (CREATE, None), "jot": (CREATE, None), "move": (MOVE, MEETING),
    "reschedule": (MOVE, MEETING), "push": (MOVE, MEETING), "change": (CHANGE, None),
    "update": (CHANGE, None), "rename": (CHANGE, None), "remove": (REMOVE, None),
    "delete": (REMOVE, None), "cancel": (REMOVE, None), "clear": (REMOVE, None),
    "mark": (COMPLETE, TODO), "complete": (COMPLETE, TODO), "check off": (COMPLETE, TODO),
    "cross off": (COMPLETE, TODO), "tick off": (COMPLETE, TODO),
}  # fmt: skip
_EN_ING: dict[str, tuple[str, str | None]] = {
    "reminding": (CREATE, REMINDER), "booking": (CREATE, MEETING), "reserving": (CREATE, MEETING),
    "scheduling": (CREATE, None), "adding": (CREATE, None), "setting": (CREATE, None),
    "creating": (CREATE, None), "saving": (CREATE, None), "putting": (CREATE, None),
    "noting": (CREATE, None), "starting": (CREATE, None), "jotting": (CREATE, None),
    "moving": (MOVE, MEETING), "rescheduling": (MOVE, MEETING), "pushing": (MOVE, MEETING),
    "changing": (CHANGE, None), "updating": (CHANGE, None), "renaming": (CHANGE, None),
    "removing": (REMOVE, None), "deleting": (REMOVE, None), "cancelling": (REMOVE, None),
    "canceling": (REMOVE, None), "clearing": (REMOVE, None), "marking": (COMPLETE, TODO),
    "completing": (COMPLETE, TODO), "checking off": (COMPLETE, TODO),
}  # fmt: skip
_ES_PROMISE: dict[str, tuple[str, str | None]] = {
    "agendaré": (CREATE, MEETING), "reservaré": (CREATE, MEETING), "programaré": (CREATE, None),
    "agregaré": (CREATE, None), "añadiré": (CREATE, None), "crearé": (CREATE, None),
    "guardaré": (CREATE, None), "anotaré": (CREATE, None), "apuntaré": (CREATE, None),
    "configuraré": (CREATE, None), "pondré": (CREATE, None), "activaré": (CREATE, None),
    "recordaré": (CREATE, REMINDER), "avisaré": (CREATE, REMINDER),
    "despertaré": (CREATE, TIMER), "moveré": (MOVE, MEETING), "reprogramaré": (MOVE, MEETING),
    "cambiaré": (CHANGE, None), "actualizaré": (CHANGE, None), "borraré": (REMOVE, None),
    "eliminaré": (REMOVE, None), "cancelaré": (REMOVE, None), "quitaré": (REMOVE, None),
    "marcaré": (COMPLETE, TODO), "completaré": (COMPLETE, TODO), "tacharé": (COMPLETE, TODO),
}  # fmt: skip
_ES_NOW: dict[str, tuple[str, str | None]] = {
    "agendo": (CREATE, MEETING), "reservo": (CREATE, MEETING), "programo": (CREATE, None),
    "agrego": (CREATE, None), "añado": (CREATE, None), "creo": (CREATE, None),
    "guardo": (CREATE, None), "anoto": (CREATE, None), "apunto": (CREATE, None),
    "pongo": (CREATE, None), "activo": (CREATE, None), "muevo": (MOVE, MEETING),
    "reprogramo": (MOVE, MEETING), "cambio": (CHANGE, None), "borro": (REMOVE, None),
    "elimino": (REMOVE, None), "cancelo": (REMOVE, None), "quito": (REMOVE, None),
    "marco": (COMPLETE, TODO), "tacho": (COMPLETE, TODO),
}  # fmt: skip
_ES_INF: dict[str, tuple[str, str | None]] = {
    "agendar": (CREATE, MEETING), "reservar": (CREATE, MEETING), "programar": (CREATE, None),
    "agregar": (CREATE, None), "añadir": (CREATE, None), "crear": (CREATE, None),
    "guardar": (CREATE, None), "anotar": (CREATE, None), "apuntar": (CREATE, None),
    "configurar": (CREATE, None), "poner": (CREATE, None), "activar": (CREATE, None),
    "recordar": (CREATE, REMINDER), "avisar": (CREATE, REMINDER), "despertar": (CREATE, TIMER),
    "mover": (MOVE, MEETING), "reprogramar": (MOVE, MEETING), "cambiar": (CHANGE, None),
    "actualizar": (CHANGE, None), "borrar": (REMOVE, None), "eliminar": (REMOVE, None),
    "cancelar": (REMOVE, None), "quitar": (REMOVE, None), "marcar": (COMPLETE, TODO),
    "completar": (COMPLETE, TODO), "tachar": (COMPLETE, TODO),
}  # fmt: skip
_PROMISE = re.compile(
    # "I'll remind you", "we will add", "I'm going to book", "I am setting", "I'm now adding"
    rf"\b(?:i|we)(?:'ll|\s+will|\s+shall|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to"
    rf"|'m\s+gonna)\s+(?:(?:also|now|then|just|go\s+ahead\s+and)\s+)*"
    rf"(?P<base>{_alternatives(_EN_BASE)})\b"
    rf"|\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:(?:now|also|just)\s+)*(?P<ing>{_alternatives(_EN_ING)})\b"
    # "your alarm will ring at 6am", "I will remind you": what will happen by itself
    rf"|\b(?P<rings>(?:alarm|timer)s?\s+will\s+(?:ring|go\s+off|sound|beep)"
    rf"|(?:va|van)\s+a\s+sonar|sonar[aá]n?)\b"
    # "te recordaré", "lo agendaré", "te avisaré a las 5"
    rf"|(?<![\w])(?P<fut>{_alternatives(_ES_PROMISE)})(?![\w])"
    # "voy a agendar", "te voy a recordar", "vamos a anotarlo"
    rf"|\b(?:voy|vamos)\s+a\s+(?P<inf>{_alternatives(_ES_INF)})(?:l[oa]s?|te|se)?(?![\w])"
    # "lo anoto", "te lo agendo", "la cancelo": a promise in the present
    rf"|\b(?:te\s+|se\s+)?(?:lo|la|los|las)\s+(?P<now>{_alternatives(_ES_NOW)})(?![\w])"
    # "te aviso a las 5", "te recuerdo mañana": a promise with its time
    rf"|\bte\s+(?P<tell>aviso|recuerdo)\s+(?=a\s+las?\b|ma[ñn]ana\b|hoy\b|el\s+\w+|en\s+\d"
    rf"|cuando\b|esta\s+(?:tarde|noche)\b)",
    re.I,
)
# What is now so, said of an item: "milk is now on your to-do list", "you're all booked",
# "tu reunión está confirmada", "consider it done"
_NOW_SO = re.compile(
    r"\b(?:is|are|'s|'re)\s+(?:now\s+)?on\s+(?:your|the)\s+(?P<onlist>(?:to-?do\s+|shopping\s+)?list)\b"
    r"|\b(?:you're|you\s+are)\s+(?:all\s+)?(?P<booked>booked|scheduled|confirmed)\b"
    r"|\best[aá]n?\s+(?P<confirmed>confirmad)(?:o|a|os|as)\b"
    r"|\b(?P<considered>consider\s+it\s+done|dalo\s+por\s+hecho|d[eé]jalo\s+en\s+mis\s+manos)\b",
    re.I,
)
_PROMISES = {"base": _EN_BASE, "ing": _EN_ING, "fut": _ES_PROMISE, "inf": _ES_INF, "now": _ES_NOW}
_STATE_OF: dict[str, tuple[str, str | None]] = {
    "onlist": (CREATE, TODO),
    "booked": (CREATE, MEETING),
    "confirmed": (CREATE, None),
}
_OPENER = re.compile(
    r"^[¡!\s]*(?:all\s+done|done|all\s+set|noted|listo|lista|hecho|anotado|ya\s+qued[oó])\b",
    re.I,
)
# "Done! Here's your list", "¡Listo! Aquí tienes tus pendientes": a list shown, not an action
_SHOWS = re.compile(
    r"\bhere(?:'s|\s+is|\s+are)\b|\bthese\s+are\b|\baqu[ií]\s+(?:tienes|est[aá]n?|van?)\b"
    r"|\b(?:estos|estas)\s+son\b|\btienes\b|\byou\s+have\b",
    re.I,
)
_NOT = re.compile(r"(?:\b(?:not|never|no|nothing|nada|nunca|ni|tampoco)|n't)\s*$", re.I)
OTHER = "other"  # "your account was created", "se creó tu cuenta": not an item the tools keep
_NOUNS: list[tuple[str, re.Pattern[str]]] = [
    (
        TODO,
        re.compile(
            # never a bare "todo": Spanish for "all" ("agendé todo")
            r"\bto-dos?\b|\bto\s+do\s+list\b|\btodos?\s+list\b|\btasks?\b|\blist\b"
            r"|\btareas?\b|\bpendientes?\b|\blista\b",
            re.I,
        ),
    ),
    (REMINDER, re.compile(r"\breminders?\b|\brecordatorios?\b", re.I)),
    (
        TIMER,
        re.compile(r"\balarms?\b|\btimers?\b|\balarmas?\b|\btemporizador(?:es)?\b", re.I),
    ),
    (
        MEETING,
        re.compile(
            r"\bmeetings?\b|\bappointments?\b|\bcalendar\b|\bevents?\b|\breuni[oó]n(?:es)?\b"
            r"|\bcitas?\b|\beventos?\b|\bcalendario\b|\bagenda\b",
            re.I,
        ),
    ),
    (OTHER, re.compile(r"\baccount\b|\bprofile\b|\bcuenta\b|\bperfil\b", re.I)),
]
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_SENTENCES = re.compile(r"(?<=[.!?;:\n])\s+|\n+|(?=¡)|(?=¿)")


@dataclass(frozen=True)
class Claim:
    """One claim of the reply: what kind of item (None: unsaid), what was done to it (None: a
    bare "Done!"), and whether it is only a statement of state, which a read backs too."""

    words: str
    kind: str | None
    action: str | None
    state: bool = False

    def said(self) -> str:
        return f"claims {self.kind or 'an item'} {self.action or 'done'} (“{self.words}”)"


def _kind_in(text: str, last: bool) -> str | None:
    found = [(m.start(), kind) for kind, pattern in _NOUNS for m in pattern.finditer(text)]
    if not found:
        return None
    return (max if last else min)(found)[1]


def claims(reply: str) -> list[Claim]:
    """The claims of action (and statements of state) the reply makes."""
    text = _QUOTED.sub("“…”", reply.replace("’", "'"))
    found: list[Claim] = []
    for sentence in _SENTENCES.split(text):
        sentence = sentence.strip()
        if not sentence or sentence.startswith("¿") or sentence.rstrip().endswith("?"):
            continue  # a question claims nothing
        opener = _OPENER.match(sentence)
        if opener:
            found.append(Claim(opener.group(0).strip(" ¡!"), None, None))
        found += _promised(sentence)
        strong = list(_STRONG.finditer(sentence))
        if strong:
            strong += list(_JOINED.finditer(sentence, strong[0].end()))
        matches: list[tuple[re.Match[str], bool]] = [(m, False) for m in strong] + [
            (m, True)
            for m in _WEAK.finditer(sentence)  # not the verb of a strong one ("ya está …")
            if not any(
                s.start() <= m.start() < s.end() or m.start() <= s.start() < m.end() for s in strong
            )
        ]
        matches.sort(key=lambda pair: pair[0].start())
        for i, (match, state) in enumerate(matches):
            if _NOT.search(sentence[: match.start()]):
                continue  # "nothing was booked", "no he agendado nada"
            group = next(name for name, v in match.groupdict().items() if v)
            verb = match.group(group).lower()
            action, implied = _VERB.get(verb, (CREATE, None))
            end = matches[i + 1][0].start() if i + 1 < len(matches) else len(sentence)
            begin = matches[i - 1][0].end() if i > 0 else 0
            kind = (
                _kind_in(sentence[match.end() : end], last=False)
                or _kind_in(sentence[begin : match.start(group)], last=True)
                or implied
            )
            if kind != OTHER:
                found.append(Claim(match.group(0).strip(), kind, action, state))
    return found


def _promised(sentence: str) -> list[Claim]:
    """The promises, actions under way and states of an item the sentence claims."""
    found: list[Claim] = []
    for match in _PROMISE.finditer(sentence):
        if _NOT.search(sentence[: match.start()]):
            continue  # "I won't book it", "no lo agendo todavía"
        group = next(name for name, v in match.groupdict().items() if v)
        verb = " ".join(match.group(group).lower().split())
        implied: str | None
        if group == "rings":
            action, implied = CREATE, TIMER
        elif group == "tell":
            action, implied = CREATE, REMINDER
        else:
            action, implied = _PROMISES[group].get(verb, (CREATE, None))
        kind = _kind_in(sentence[match.end() :], last=False) or implied
        if kind != OTHER:
            found.append(Claim(match.group(0).strip(), kind, action))
    for match in _NOW_SO.finditer(sentence):
        if _NOT.search(sentence[: match.start()]):
            continue
        group = next(name for name, v in match.groupdict().items() if v)
        if group == "considered":
            found.append(Claim(match.group(0).strip(), None, None))
            continue
        action, state_kind = _STATE_OF[group]
        kind = state_kind or _kind_in(sentence, last=True) or MEETING
        # "is now on your list", "you're all booked": so only after a write; a read of that
        # kind backs a sentence that says how things are without "now"
        state = group != "onlist" or " now " not in f" {sentence.lower()} "
        found.append(Claim(match.group(0).strip(), kind, action, state))
    return found


def done_by(calls: Iterable[tuple[str, bool, Mapping[str, Any]]]) -> set[tuple[str | None, str]]:
    """The (kind, action) pairs the turn's successful write calls performed: (name, ok, args);
    a write tool this module does not know is (None, its name)."""
    done: set[tuple[str | None, str]] = set()
    for name, ok, args in calls:
        if not ok or name in READS:
            continue
        if name not in WRITES:
            done.add((None, name))
            continue
        done |= WRITES[name]
        if name == "set_reminder" and args.get("kind") == "alarm":
            done.add((TIMER, CREATE))
    return done


def read_by(calls: Iterable[tuple[str, bool, Mapping[str, Any]]]) -> set[str]:
    """The kinds of item the turn's successful read calls showed."""
    return {kind for name, ok, _ in calls if ok for kind in READS.get(name, ())}


def unbacked(reply: str, calls: Sequence[tuple[str, bool, Mapping[str, Any]]]) -> Claim | None:
    """The first claim of ``reply`` that no call of the turn backs, or None: (tool name, ok,
    arguments) per call."""
    done = done_by(calls)
    read = read_by(calls)
    wrote = bool(done)
    shown = _SHOWS.search(reply) is not None
    for claim in claims(reply):
        if claim.action is None:  # "Done!", "¡Listo!": some write, or a list being shown
            if not wrote and not (shown and calls):
                return claim
            continue
        if claim.state and (claim.kind in read or (claim.kind is None and calls)):
            continue  # "your meeting is scheduled for 3pm", read from the calendar
        accepted = ACCEPTS[claim.action]
        if any(
            action in accepted and (claim.kind is None or kind == claim.kind)
            for kind, action in done
            if kind is not None
        ):
            continue
        if claim.kind is None and any(kind is None for kind, _ in done):
            continue  # a write this module does not know: a claim of no kind may be its
        return claim
    return None


_FIRST_PERSON = re.compile(r"^(?:i|we|i'|we'|te|lo|la|los|las|voy|vamos|he|hemos)\b", re.I)


def claimed_in_answer(answer: str) -> Claim | None:
    """The first action on the user's items a knowledge answer claims, or None.

    A knowledge answer is made with no tools, so such a claim is false (probe 39, O-H4: "I have
    booked your meeting with Rosa…", cached for everyone asking the same). What the passages
    say is not one: "classes are scheduled Monday to Friday", "the fee is set by the academy",
    "the course has been updated" claim nothing of the user's; a claim counts when it is an
    action (not a state) on a kind of item the assistant keeps, or said in the first person."""
    for claim in claims(answer):
        if claim.state or claim.action is None:
            continue
        if claim.kind in (TODO, REMINDER, TIMER, MEETING) or _FIRST_PERSON.match(claim.words):
            return claim
    for sentence in _SENTENCES.split(answer):
        said = _YOURS_DONE.search(sentence)
        if said is not None and not _IF.search(sentence[: said.start()]):
            # "your enrolment has been cancelled and refunded", "tu matrícula quedó cancelada":
            # the user's own account, acted on by an answer with no tools (probe 41, R-M2)
            return Claim(said.group(0).strip(), OTHER, CHANGE)
    return None


# "Your enrolment has been cancelled", "your account was deleted", "tu matrícula quedó cancelada"
_YOURS_DONE = re.compile(
    r"\b(?:your|you)\b[^.!?\n]{0,60}?\b(?:has|have|was|were|is\s+now|are\s+now)\s+(?:been\s+)?"
    r"(?:\w+ly\s+)?(?:cancell?ed|refunded|deleted|removed|created|confirmed|approved|processed"
    r"|booked|registered|enrolled|updated|changed|renewed|suspended|activated|paid|charged|sent)\b"
    r"|\b(?:tu|tus|su|sus)\b[^.!?\n]{0,60}?\b(?:ha\s+sido|han\s+sido|fue|fueron|qued[oó]"
    r"|quedaron|ya\s+est[aá]n?)\s+(?:\w+mente\s+)?(?:cancelad|reembolsad|eliminad|borrad|cread"
    r"|confirmad|aprobad|procesad|agendad|registrad|matriculad|actualizad|cambiad|renovad"
    r"|suspendid|activad|pagad|cobrad|enviad)[oa]s?\b",
    re.I,
)
# a condition before it: "if your enrolment was cancelled, …", "si tu matrícula fue anulada"
_IF = re.compile(r"\b(?:if|when|once|after|unless|si|cuando|una\s+vez|despu[eé]s\s+de)\b", re.I)


#: The intents that ask for a write: a turn read so that makes none may answer with a question
#: (what is missing) and nothing else
WRITE_INTENTS = frozenset(
    {"schedule_meeting", "calendar_update", "reminder_update", "todo_list_update", "alarm", "timer"}
)
_ASKS = re.compile(r"\?|¿")


def nothing_done(
    intent: str, reply: str, calls: Sequence[tuple[str, bool, Mapping[str, Any]]]
) -> bool:
    """Whether a turn that asks for a write (``intent``) is answered as if it were done: no
    write call of the turn succeeded and the reply asks nothing.

    A list of claim forms never ends (probe 41, R-H3: "Your reminder for 5pm is all set.",
    "Agendado para mañana a las 3.", "Rosa, 5pm ✅" were served with nothing stored). The rule
    itself does: asked to book, remind or add, the model either calls a write tool or asks what
    it needs; any other answer is not believed, and the local path answers the request."""
    return intent in WRITE_INTENTS and not done_by(calls) and not _ASKS.search(reply)
