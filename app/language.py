"""Which language a message is written in (English or Spanish), and requests to switch.

A message of three words or more is read by its function words when they clearly side with one
language, else by lingua (a detector restricted to the two languages, built once with its models
preloaded); a shorter one ("ok", "4pm", "Lucía", "con Ana") is read by its function and courtesy
words alone, because a detector cannot tell a name from a word.
Whatever is unsure, returns ``None``: the caller falls back to the conversation's language, then
to the user's locale.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from app.i18n import LANGUAGES

#: The words a message needs before the detector is asked (shorter ones: the word lists).
MIN_WORDS = 3
#: The detector's confidence below which a message counts as unsure.
MIN_CONFIDENCE = 0.7
#: Lingua's low-accuracy mode (trigrams only) is off. On the 13,629 labelled messages of data/
#: (the intent sets and their candidates, the knowledge and time tables, written by other
#: writers) the full mode decides 29 more three-to-five-word messages and gets 5 fewer wrong
#: ("anote comprar tóner" was English to the trigrams, with certainty); it costs about 0.05 ms a
#: call against 0.025, and memory: built once in gunicorn's master before it forks, its pages
#: shared by the workers (app/gunicorn.conf.py), the pod's processes take 473 MiB of PSS after a
#: chat and a pathway against 400 (tests/integration/test_image.py; the limit is 1 GiB).
LOW_ACCURACY = False
_CODES = {Language.ENGLISH: "en", Language.SPANISH: "es"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_lock = threading.Lock()


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that settle a short message's language on their own (accents folded, lower case).
# Neither list holds words both languages use ("no", "ok", "a", "me", "solo") nor names.
_SPANISH = _vocabulary(
    """
    hola buenas buenos dias mañana eres es son esta estan tienen tiene tengo hay puedo puedes
    quiero necesito un una unos unas mi mis olvidalo olvida tardes noches gracias muchas chau
    chao adios hasta luego si claro
    vale dale listo perfecto genial bueno bien mejor tambien favor porfa ayuda nada nadie
    manana hoy ayer pasado tarde noche mediodia medianoche lunes martes miercoles jueves viernes
    sabado domingo semana mes con el la los las lo le les de del en para por que quien cual
    cuando donde como cuanto cuanta y o pero ya todavia aun cancela cancelalo cancelala borra
    borralo mueve cambia agenda recuerdame recuerda pon dime hora fecha reunion cita tarea
    recordatorio alarma minutos horas dia usted tu yo eso esto esa ese otra otro mas menos
    despues antes ahora luego temprano entonces oye disculpa perdon seguro exacto correcto
    interesa interesan gusta gustan encanta sirve quisiera gustaria podria
    quita quitalo quitala elimina eliminalo eliminala apaga apagala apagalo
    """
)
# "cancel" and "timer" are left out: Spanish speakers say them too ("cancel" to a Spanish
# question is no request to answer in English; "quita el timer" is Spanish: probe 44)
_ENGLISH = _vocabulary(
    """
    hello hi hey thanks thank you bye goodbye yes yeah yep nope sure please with the at on in
    for of to from about and or but tomorrow today tonight yesterday morning afternoon evening
    noon midnight monday tuesday wednesday thursday friday saturday sunday week month what who
    which when where how much many delete move change book remind set show tell help
    nothing never mind great cool fine good thx ty cheers sorry right correct exactly later
    now then instead meeting reminder alarm minutes hours day that this it is are my
    your it's that's what's i'm tmr tmrw tmw 2moro tomoro tomorow tonite pls plz ur gonna wanna
    """
)

# "háblame en español", "cambia a inglés", "switch to English", "in Spanish please".
# ("hablo inglés" says what the learner speaks: a statement, not a request)
_ASK_ES = r"(?:habl(?!o\b)|respond|contest|escrib|cambi|pas|sigu|continu)\w*"
_ASK_EN = r"(?:speak|talk|reply|answer|write|respond|switch|change|go|continue)\w*"


def _switch(es_name: str, en_name: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_ASK_ES}\s+(?:(?:el\s+)?idioma\s+)?(?:(?:a|al|en)\s+)?(?:el\s+)?{es_name}\b"
        rf"|\ben\s+{es_name}\s*,?\s*(?:por\s+favor|porfa)\b|^\W*(?:mejor\s+)?(?:en\s+)?{es_name}\W*$"
        rf"|{_ASK_EN}(?:\s+(?:to\s+me|the\s+language|language|back))*\s+(?:in|to|into)\s+"
        rf"{en_name}\b|^\W*(?:in\s+)?{en_name}\s*,?\s*(?:please)?\W*$"
        # "speak English please", "can you speak spanish with me?", "do you speak Spanish?"
        rf"|^\W*(?:(?:can|could|would|will|do)\s+(?:you|u)\s+)?(?:please\s+)?"
        rf"(?:speak|talk|reply|answer|write)\s+{en_name}\b"
    )


_TO = {"es": _switch("espa[nñ]ol", "spanish"), "en": _switch("ingles", "english")}


def fold(text: str) -> str:
    """Lower case without accents ("Miércoles" → "miercoles"); ñ is kept apart from n."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ñ", "\0")
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    return stripped.replace("\0", "ñ")


@cache
def detector() -> LanguageDetector:
    """The English/Spanish detector, built once per process with its models loaded."""
    with _lock:
        builder = LanguageDetectorBuilder.from_languages(*_CODES)
        if LOW_ACCURACY:
            builder = builder.with_low_accuracy_mode()
        return builder.with_preloaded_language_models().build()


def warm_up() -> None:
    """Build the detector before the first message (its models take a moment to load)."""
    detector().detect_language_of("hola, ¿cómo estás?")


# What may follow an English message's first word "me" ("me too", "me neither"): any other word
# after it ("me mude a trujillo", "me vine a lima") is a Spanish verb with its pronoun
_ENGLISH_AFTER_ME = _vocabulary("too neither either myself alone again first")


def _counts(words: list[str]) -> tuple[int, int]:
    """How many of the words are Spanish's own, and how many English's (a first "me" before a
    word that is not English's counts as Spanish: "me mude a trujillo")."""
    opening = (
        len(words) > 1
        and words[0] == "me"
        and words[1] not in _ENGLISH
        and words[1] not in _ENGLISH_AFTER_ME
    )
    return sum(w in _SPANISH for w in words) + opening, sum(w in _ENGLISH for w in words)


def _by_words(words: list[str], margin: int = 1) -> str | None:
    """The language with ``margin`` more of its own words than the other has, if any."""
    es, en = _counts(words)
    if es - en >= margin:
        return "es"
    if en - es >= margin:
        return "en"
    return None


def _mixed(words: list[str]) -> bool:
    """Whether a message uses both languages' own words, at most one more of either."""
    es, en = _counts(words)
    return es > 0 and en > 0 and abs(es - en) <= 1


# A note-style opening ("todo: buy milk"): its cue word says nothing of the language ("todo"
# is also Spanish for "all")
_NOTE_CUE = re.compile(r"^\W*(?:to-?do|to do|todo|task|note|reminder)\s*[:\-–]\s*", re.I)


def detect(text: str) -> str | None:
    """The message's language ("en" or "es"), or None when it is too short or unsure."""
    if "¿" in text or "¡" in text:
        return "es"
    words = _WORD.findall(fold(_NOTE_CUE.sub("", text)))
    if not words:
        return None
    if len(words) < MIN_WORDS:
        return _by_words(words)
    clear = _by_words(words, margin=2)  # two more function words than the other language
    if clear is not None:
        return clear
    if _mixed(words):
        # "recuérdame call mom tomorrow at 5": both languages' own words, neither clearly
        # more: the conversation's language decides, then the user's locale
        return None
    lean = _by_words(words)
    values = detector().compute_language_confidence_values(text)
    if values and values[0].value >= MIN_CONFIDENCE:
        found = _CODES.get(values[0].language)
        # the detector against the function words ("no me interesa power bi": a product's
        # name reads as English): unsure, the conversation's language decides
        return None if lean is not None and found != lean else found
    return lean


# Courtesy words either language's speakers borrow from the other ("sorry, 6:30" from a
# Spanish speaker, "gracias" from an English one): a short message of these alone says nothing
# of the language to answer in.
_LOANWORDS = _vocabulary(
    """
    sorry thanks thank you thx ty ok okay please pls plz bye cool nice
    gracias perdon hola adios chao chau amigo amiga
    """
)


def courtesy(text: str) -> bool:
    """Whether a message's words are all borrowed courtesy words ("sorry, 6:30", "ok thanks",
    "gracias"): at least one, and nothing else but numbers and punctuation."""
    words = _WORD.findall(fold(text))
    return bool(words) and all(word in _LOANWORDS for word in words)


def short(text: str) -> bool:
    """Whether a message has fewer than :data:`MIN_WORDS` words ("thanks", "ok 5pm")."""
    return len(_WORD.findall(fold(text))) < MIN_WORDS


def choose(text: str, *fallbacks: str | None) -> str:
    """The reply's language: the message's if it is clear, else the first supported fallback
    (the conversation's language, the user's locale), else English."""
    found = detect(text)
    if found is not None:
        return found
    for candidate in fallbacks:
        primary = (candidate or "").replace("_", "-").split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return LANGUAGES[0]


def requested(text: str) -> str | None:
    """The language a message asks the assistant to speak from now on, if it asks."""
    folded = fold(text)
    if len(folded.split()) > 12 or any(c.isdigit() for c in folded):
        return None  # a longer message, or one with times or numbers, asks for something else
    for language, pattern in _TO.items():
        if pattern.search(folded):
            return language
    return None


# a quoted stretch ("Translate 'nos vemos' into English") is a mention, not the line's language
_QUOTED = re.compile(r"(?<!\w)['\"“‘«][^'\"”’»]*['\"”’»](?!\w)")


def confident(text: str) -> str | None:
    """The line's language only when every sign agrees, for checking a stored ``lang`` label.

    Stricter than :func:`detect` (which reads a chat message): quoted text is left out, the
    line needs :data:`MIN_WORDS` words, two or more of one language's own words and none of the
    other's, and the detector must read it the same way with :data:`MIN_CONFIDENCE`. A short
    greeting ("chau", "hey"), a name ("La Rosa Náutica") or a mixed line is never decided."""
    side = leaning(text)
    return side if side is not None and detector_agrees(text, side) else None


def leaning(text: str) -> str | None:
    """The language :func:`confident` would say before it asks the detector (the words alone):
    ``None`` when it would say nothing. A caller that only wants to know whether a line reads
    as another language than its label need not ask the detector when this is the label."""
    plain = _QUOTED.sub(" ", text)
    words = _WORD.findall(fold(_NOTE_CUE.sub("", plain)))
    if len(words) < MIN_WORDS:
        return None
    es, en = _counts(words)
    return "es" if es >= 2 and en == 0 else "en" if en >= 2 and es == 0 else None


def detector_agrees(text: str, side: str) -> bool:
    """Whether the detector reads ``text`` (quoted text left out) as ``side`` with
    :data:`MIN_CONFIDENCE`: :func:`confident`'s last sign."""
    plain = _QUOTED.sub(" ", text)
    values = detector().compute_language_confidence_values(plain)
    return (
        bool(values)
        and values[0].value >= MIN_CONFIDENCE
        and _CODES.get(values[0].language) == side
    )
