"""The i18n layer without the app: the catalogs are complete and compiled, the detector reads a
sample of chat messages right, and language switch requests are recognised."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES, TRANSLATIONS, language_of, supported
from app.language import choose, detect, requested

# Short chat messages in each language. The first two lists were written with the rules; the
# HELD_ ones after the rules were set, to check them on messages they were not tuned on.
ENGLISH = (
    "hi",
    "thanks!",
    "hello there",
    "thank you so much",
    "what can you do?",
    "book a meeting with Ana tomorrow at 3pm",
    "remind me to call mom at 5",
    "move my call with Luis to 4pm",
    "cancel it",
    "yes please",
    "no thanks, that's all",
    "what time is it in Tokyo?",
    "set a timer for 10 minutes",
    "add buy eggs to my list",
    "what's on my calendar this week?",
    "how much does the bootcamp cost?",
    "can I pay with Yape?",
    "tell me a joke",
    "are you a bot?",
    "who made you?",
    "I know Excel and a little Python, I want a data job",
    "delete all my meetings",
    "when is my next meeting",
    "see you later",
    "could you pencil in a chat with Omar in 3 hours",
    "what day is Christmas this year",
    "set an alarm for 6 am",
    "show my reminders",
    "good morning!",
    "where is the Lima campus?",
    "do you offer scholarships",
    "what's the weather like",
    "never mind",
    "make it 5 instead",
    "is the course taught online",
    "bye for now",
    "wake me up at seven",
    "what's your name",
    "I need help with my schedule",
    "sure, go ahead",
)
SPANISH = (
    "hola",
    "gracias",
    "muchas gracias",
    "buenos días",
    "¿qué puedes hacer?",
    "agenda una cita con Lucía el jueves a las 4",
    "recuérdame pagar la luz el lunes a las 8",
    "¿cuánto cuesta el bootcamp?",
    "cancélalo",
    "sí, por favor",
    "no, gracias",
    "¿qué hora es en Tokio?",
    "pon un temporizador de 10 minutos",
    "agrega comprar huevos a mi lista",
    "qué tengo en mi calendario esta semana",
    "puedo pagar con Yape",
    "cuéntame un chiste",
    "eres un bot?",
    "quién te hizo",
    "sé Excel y un poco de Python, quiero trabajar en datos",
    "borra todas mis reuniones",
    "cuándo es mi próxima reunión",
    "nos vemos luego",
    "mueve mi llamada con Luis a las 4 de la tarde",
    "qué día cae navidad este año",
    "pon una alarma a las 6 de la mañana",
    "muéstrame mis recordatorios",
    "buenas tardes",
    "dónde queda la sede de Lima",
    "tienen becas?",
    "cómo estará el clima",
    "olvídalo",
    "mejor a las 5",
    "el curso es virtual?",
    "chau, hasta mañana",
    "despiértame a las siete",
    "cómo te llamas",
    "necesito ayuda con mi agenda",
    "dale, adelante",
    "y la matrícula cuánto es",
)
HELD_ENGLISH = (
    "hey",
    "cheers",
    "good evening",
    "many thanks for that",
    "what else can you help with",
    "schedule a call with Rosa on Friday at 10",
    "remind me to pay rent on the 1st",
    "push my meeting with Diego to next week",
    "drop the last one",
    "yep",
    "nope, leave it",
    "what's the date today",
    "start a 25 minute timer",
    "put call the plumber on my to-do list",
    "anything on my calendar tomorrow?",
    "how long is the UX course",
    "do you take credit cards",
    "say something funny",
    "am I talking to a human?",
    "which company built you",
    "I want to become a data analyst in Arequipa",
    "clear my reminders",
    "when do classes start",
    "talk to you tomorrow",
    "could you set up a sync with the sales team",
    "is the 25th a Monday",
    "alarm at half past six please",
    "list my to-dos",
    "morning!",
    "is there a campus in Cusco",
    "are there discounts for students",
    "who won the game last night",
    "forget it",
    "actually make it Thursday",
    "can I study part time",
    "take care",
    "ping me in an hour",
    "what should I call you",
    "help me plan my week",
    "sounds good to me",
)
HELD_SPANISH = (
    "buenas",
    "mil gracias",
    "buenas noches",
    "te lo agradezco mucho",
    "en qué más me ayudas",
    "programa una llamada con Rosa el viernes a las 10",
    "recuérdame pagar el alquiler el 1",
    "pasa mi reunión con Diego a la próxima semana",
    "borra la última",
    "ya",
    "no, déjalo así",
    "qué fecha es hoy",
    "inicia un temporizador de 25 minutos",
    "anota llamar al gasfitero",
    "tengo algo mañana?",
    "cuánto dura el curso de UX",
    "aceptan tarjeta de crédito",
    "dime algo gracioso",
    "estoy hablando con una persona?",
    "qué empresa te creó",
    "quiero ser analista de datos en Arequipa",
    "limpia mis recordatorios",
    "cuándo empiezan las clases",
    "hablamos mañana",
    "arma una reunión con el equipo de ventas",
    "el 25 cae lunes?",
    "alarma a las seis y media porfa",
    "lista mis pendientes",
    "buen día!",
    "hay sede en Cusco",
    "hay descuentos para estudiantes",
    "quién ganó el partido anoche",
    "déjalo",
    "mejor el jueves",
    "puedo estudiar medio tiempo",
    "cuídate",
    "avísame en una hora",
    "cómo te digo",
    "ayúdame a organizar mi semana",
    "me parece bien",
)
NEUTRAL = (
    "ok",
    "4pm",
    "Lucía",
    "Ana Pérez",
    "10:30",
    "👍",
    "Núñez",
    "okay",
    "Omar",
    "15:00",
    "no",
    "Marta",
)


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def _source_ids() -> set[str]:
    """Every msgid the code and templates use, extracted as babel.cfg says."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (TRANSLATIONS.parent.parent / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None}
    found = extract_from_dir(str(TRANSLATIONS.parent), method_map, options_map, keywords=keywords)
    return {m if isinstance(m, str) else m[0] for _, _, m, _, _ in found}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_catalog_is_complete(lang: str) -> None:
    """Every msgid the code uses is in the catalog and translated, nothing is fuzzy, and the
    placeholders match."""
    catalog = _catalog(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = sorted(_source_ids() - ids)
    assert missing == [], "run `make translations`, then translate"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        assert not message.check(catalog), (message.id, message.check(catalog))


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    """The committed .mo is the .po compiled (pybabel compile -d app/translations)."""
    folder: Path = TRANSLATIONS / lang / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(lang))
    assert (folder / "messages.mo").read_bytes() == compiled.getvalue()


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_catalog_is_written_as_make_translations_writes_it(lang: str) -> None:
    """``make translations`` (pybabel update at the Makefile's width) leaves the committed catalog
    as it is, apart from its date: a catalog written at another width would be reflowed whole
    the next time someone adds a text (probe 31, A-L2)."""
    import re
    import shutil
    import subprocess
    import tempfile

    root = TRANSLATIONS.parent.parent
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "translations"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    update = next(line for line in recipe.splitlines() if "pybabel update" in line)
    width = re.search(r" -w (\d+)", update)
    assert width, recipe
    extract = recipe[recipe.index("pybabel extract") : recipe.index("pybabel update")]
    assert f" -w {width.group(1)} " in extract, recipe
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "translations"
        shutil.copytree(TRANSLATIONS, copy)
        subprocess.run(
            [
                str(root / ".venv" / "bin" / "pybabel"),
                "update",
                "-i",
                str(copy / "messages.pot"),
                "-d",
                str(copy),
                "--no-fuzzy-matching",
                "-w",
                width.group(1),
            ],
            check=True,
            capture_output=True,
        )
        dated = re.compile(r'^"POT-Creation-Date: .*$', re.MULTILINE)
        path = Path(lang) / "LC_MESSAGES" / "messages.po"
        ours = dated.sub("", (TRANSLATIONS / path).read_text())
        assert dated.sub("", (copy / path).read_text()) == ours


def test_locale_tags() -> None:
    assert [language_of(x) for x in ("es-PE", "es_PE", "EN", "fr", "", None)] == [
        "es", "es", "en", "en", "en", "en",
    ]  # fmt: skip
    assert [supported(x) for x in ("es-PE", "en", "fr", "")] == [True, True, False, False]


def test_detection_on_the_sample() -> None:
    """Every message is read right or left to the fallback; none is read as the other language;
    messages the rules were not tuned on are read right at least 95 % of the time."""
    for name, (english, spanish) in {
        "tuned": (ENGLISH, SPANISH),
        "held out": (HELD_ENGLISH, HELD_SPANISH),
    }.items():
        found = [(m, "en", detect(m)) for m in english] + [(m, "es", detect(m)) for m in spanish]
        wrong = [(m, got) for m, lang, got in found if got not in {lang, None}]
        right = sum(got == lang for _, lang, got in found)
        assert not wrong, (name, wrong)
        assert right / len(found) >= 0.95, (name, [(m, g) for m, lang, g in found if g != lang])


def test_names_times_and_fillers_are_left_to_the_fallback() -> None:
    assert [m for m in NEUTRAL if detect(m) is not None] == []
    assert choose("ok", None, "es-PE") == "es"
    assert choose("Lucía", "en", "es") == "en"
    assert choose("4pm", None, "fr") == "en"
    assert choose("¿y mañana?", "en", "en") == "es"


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("háblame en español", "es"),
        ("Háblame en español, por favor", "es"),
        ("en español por favor", "es"),
        ("cambia el idioma a español", "es"),
        ("español", "es"),
        ("speak to me in Spanish", "es"),
        ("switch to English", "en"),
        ("please reply in english", "en"),
        ("respóndeme en inglés", "en"),
        ("English please", "en"),
        ("is the course taught in spanish?", None),
        ("¿el curso se dicta en español?", None),
        ("how do you say meeting in spanish", None),
        ("change my meeting to english lesson", None),
        ("book an English class with Ana tomorrow at 3pm", None),
        ("en español por favor, agenda una reunión mañana a las 3", None),
        ("can you please speak to me in Spanish from now on", "es"),
    ],
)
def test_language_switch_requests(message: str, lang: str | None) -> None:
    assert requested(message) == lang


def test_no_translated_call_hides_inside_an_f_string() -> None:
    """pybabel does not read calls inside f-strings: such a text would never be translated."""
    import re

    app = TRANSLATIONS.parent
    hidden = [
        f"{path.relative_to(app.parent)}:{number}"
        for path in sorted(app.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\{(?:_|gettext|ngettext|lazy_gettext)\(", line)
    ]
    assert hidden == [], "assign the translated text to a name first, then format it"
