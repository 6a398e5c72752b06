"""Knowledge answers (``faq``): BM25 retrieval (``bm25s``) over the markdown knowledge base, in
English and Spanish, down to the line that holds the fact.

Layout: ``<folder>/<stem>.md`` is English, ``<folder>/es/<stem>.md`` the same document in
Spanish (same sections and lines in the same order); a document's identity is its stem
(``fees-and-payment``), the same in every language. ``<folder>/synonyms/<lang>.txt`` lists words
and phrases a question may use for what the files say in other words.

Each language has its own index (Snowball stemmer and stop words of that language, accents folded,
a prefix written apart joined to its word ("pre profesionales"), synonyms merged, a phrase of the
synonym lists read on stems whatever its stop words ("cambio mi clave" is "restablecer la
contraseña"), number words read as digits, the days kept whole: Snowball cuts "sábados" and "sabes"
to one stem; a verb in -ify / -ificar stemmed as its noun: "justifico", "justificadas") at two
levels: the ``##`` section (passage) and its lines (a bullet or a paragraph, one or two sentences).
A line's score is the weighted mean of its BM25 score and its section's (the section's heading and
the document's title count in both); a question that asks for an amount or a time ("how much",
"cuánto cuesta", "when") favours lines that carry a number, one that asks where favours address
lines; a grade said on the 0-20 scale ("12/20") asks about grades, an age said as a number ("I'm
17") about age (the lines that state an age limit first: "im 34, can i apply for beca ruta?" is
answered by "Age 18 to 29", not how to apply). How many classes one may miss ("cuántas faltas puedo
tener") asks the minimum attendance; whether a certificate is issued by or in the name of another
institution or the house itself, or who issues it ("dan certificado a nombre de la PUCP?", "is the
certificate issued by Ruta Academy?", "¿quién emite el certificado?") its official status; paying a
means in a manner another section names ("con tarjeta en cuotas") that section (the instalments);
and a question about a day of the week ("¿el curso de power bi tiene clases los domingos?") is
answered by a line that names the day, not by one that merely names the course (its price). A
quantity a question states ("3 días antes", "hace 2 semanas", "after the second week") picks the
line of the section whose condition it meets, on the same side of the point it is counted from ("2
weeks ago" never meets "7 or more days before the start"). What a document's introduction says
holds for every section it has ("All campuses are closed on Sundays" answers for the Lima campus).
A question whether or when a place opens, closes or attends on a day ("¿la sede de Lima abre los
domingos?", "do you open on saturday in Trujillo?") is answered by an opening line (one of hours,
or one that says what closes on the day it names) that holds what else it names, never by another
line that merely shares the day word, and its reply lists the hours of the sections it names (of
every one when it names none, the first one listed, the head office's, quoted). A question whether
the house accepts a means of payment ("¿aceptan tarjeta?", "do you take cards?") ranks the payment
methods' lines first when they name it, and is answered with that section, said not to list it,
when the knowledge base never names it ("do you guys take PayPal?", "do you take apple pay",
"¿se puede pagar con nequi?": whatever line shares another word). A question whether there is a
discount that no line answers well ("is there a discount for students from public
universities?") is answered with the discounts listed, said to name none for exactly that. A
kind several entries of lists share ("¿qué bootcamps tienen?", "how long are the bootcamps?")
is answered with every one of those entries. What the knowledge base does not answer of a
question whether there are courses on something ("¿tienen cursos de cocina?") is looked up in
the pathways' course catalog (app/skills/courses.py). "Many" of a thing ("si falto
mucho", "too many absences") is read as the word a heading uses for it ("Faltas reiteradas"), and
what asks nothing ("no entiendo nada jaja", "please help, I'm confused") is not searched. A
question that names a priced thing ("the web development bootcamp") and asks something else of
it (its requirements, its schedule) is not answered by a line that only names the thing (the
scholarship for women who enrol in it), and a requirements question is held by the sections of
requirements or of who can. A question about one campus is answered by a line about that campus
(the asked campus's line of a section that lists them: accessibility), never by another
campus's as the answer: when only another's says it ("is there parking at the Arequipa
campus?": Lima's car park), the reply says it does not know for that campus, quotes the other
campus's line as that campus's, and gives the asked campus's contact. What is asked of a named
course is said by a line in the question's own word (a synonym in a line may be another sense:
"horario" is no "las postulaciones están abiertas"), or by its heading or document title; its
days by a line that names days, its class times by a line with a time (the shifts, which hold
for every course). Whether a course is only for some people ("only for women?", "¿pueden entrar
hombres?") asks who can enrol. A question that names a campus and asks something else of it
("¿la sede de Trujillo tiene wifi?") is not answered by a line that only names the campus (its
address), and a line of the campuses' document about no campus ("Wi-Fi network: …") says it of
each. A line that names the asked thing only as what something is not ("a digital badge, not a
certificate") ranks lower. A price the knowledge base gives only for another thing of the asked
thing's document ("how much does the certificate cost?": a printed copy's) is said not to be
known, with that section quoted as what it is (as is a price question answered by a line with
no price: "¿cuánto pago por el certificado del curso de excel?", what one pays read as what it
costs). A price asked of two things ("¿cuánto cuesta el curso de power bi y el certificado?") is
asked of each; whether there is a topic's thing ("¿dan prácticas?", "y si tienen becas") is its
first section, how many of it ("¿cuántas faltas puedo tener?") its line, never a menu alone.
Help in finding a job is the job placement service ("¿me ayudan a conseguir chamba?"), and an
institution the base never names offered beside one it does ("la SEP o el MINEDU") is dropped.
A Spanish question said to "usted" ("¿me puede decir…?") gets the skill's own phrases in that
register ("Pruebe a decirlo…"); the knowledge base's lines are quoted as written.

The best line answers when it *covers* the question and is relevant enough: the share of the
question's term weight (IDF; a word the knowledge base never uses weighs ``UNKNOWN_WEIGHT`` of its
rarest word's, unless it is a casual word that names no topic; a name of the house itself, a word
most documents use ("Ruta Campus", ``HOUSE_SHARE``), weighs nothing) found in the line and its
section is at least ``MIN_COVERAGE``, its score at least ``min_score`` (or the coverage at least
``FULL_COVERAGE``), every name the question mentions (a capitalised word, an acronym: "Excel
Avanzado", "SINEACE"; the house's own aside) is in that line or section, the thing a question asks
about ("is there a gym", "can I pay with bitcoin", "how much is the cybersecurity bootcamp",
"what's the dress code", "hay gimnasio", "cuánto cuesta el bootcamp de ciberseguridad") is made of
words the knowledge base uses, and a count question ("how many computers") is answered by a line
that counts that thing. A question whether the house has something in a place the knowledge base
never names ("¿tienen sede en Piura?") is answered with the document that lists those things (the
campuses). A name only a list of another section holds ("SQL", a course of the price list) need not
be in the answer's line or section ("do you have evening classes for SQL?": the evening shift), and
that list's line, when it holds nothing else the question asks ("a morning shift for Power BI": its
price), answers nothing. Otherwise the skill says it does not know and where to ask. A misspelt
word is read as the indexed word it is closest to; an email or phone question favours lines that
carry one, and such a line is about an email or a number; a line that only points elsewhere ("See
Data Privacy…") ranks lower. A message that is word for word the line answering it
(``Knowledge.whole``: "wifi password?") is answered even when the intent model calls it out of
scope (app/assistant.py ``_rescue``). The rules were set on the development questions of
tests/app/test_knowledge.py; the thresholds are those that 5-fold cross-validation over the
evaluation questions' ids (development questions always trained on) chooses in four folds of five
(``python -m bench.retrieval --cross-validate``). The message's language is searched first, then
the other one (unless the first found the question asks about something it does not have); an
answer found in the other language is quoted from the same line of the document in the message's
language."""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, ClassVar

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SPANISH
from pydantic import Field

from app.i18n import ORGANIZATION, lazy_gettext, organization
from app.skills import courses
from app.skills.base import Reply, Skill, SkillSetup, Turn
from app.texting import ustedes_present
from models.ranker import Catalog

LANGUAGES = ("en", "es")  # the first is the knowledge base's top folder
SECTION_WEIGHT = 0.5  # a line's score: its BM25 score and its section's, averaged 1 : this
LINE_B = 0.3  # BM25's length normalisation for lines (sections keep the usual 0.75)
NUMBER_BOOST = 0.3  # an amount (where) question: lines with a number (address) score this more
UNKNOWN_WEIGHT = 0.75  # a word no line uses weighs this share of the rarest word's IDF
MIN_COVERAGE = 0.275  # share of the question's term weight the answer must contain (see above)
FULL_COVERAGE = 0.8  # ... and from this share on, a score below the minimum answers too
PART_COVERAGE = 0.35  # ... of each part of a message that asks several, when all are answered
MIN_COVERAGE_RESCUE = 0.5  # the same for a message the intent model called out of scope
WHOLE_COVERAGE = 1.0  # ... which is answered whatever its confidence from this share on
CLOSE_MATCH = 0.88  # an unknown word is read as an indexed word this similar (a typo: pasword)
PRICED_OTHER_HITS = 5  # the passages a price question's other prices are looked for in
HOUSE_SHARE = 0.8  # a word this share of the documents use names the house ("Ruta", "Campus")

# Words that ask rather than name a topic: never searched for (besides each language's stop words)
_QUESTION_WORDS = {
    "en": """what which who whom whose when where why how much many long often can could may might
    whats hows wheres whos
    waht wat wht hw teh
    should would do does did i me my mine we our us you your please tell know want need get
    there here is are am was be been have has had any some about also still yet ever time
    happen happens happened take takes took get gets got give gives go goes make makes work
    works let lets say says find""",
    "es": """qué que cuál cual cuáles cuales quién quien cuándo cuando dónde donde por porqué
    cómo como cuánto cuanto cuánta cuanta cuántos cuantos cuántas cuantas puedo puede pueden
    podría podria debo tengo tiene hay hola quiero quisiera necesito saber sé sabe decir dime
    me mi mis yo tú tu usted ustedes favor xfa xfavor porfis porfi plis pliss también todavía
    algún alguna pasa pasaría sucede
    hago hacer hace queda quedan funciona funcionan sirve dar dan tener tienen""",
}
# Words that do not name a topic (casual verbs, adverbs, fillers): an unknown one of these does
# not mean the question is about something the knowledge base lacks (see ``Hit.unknown``)
_GENERAL_WORDS = {
    "en": """accept accepted accepts allow allowed anymore anything anyone anybody anyway back bad
    big bit come comes coming day days done else enough exactly fine finish finished first good
    guy guys hear heard hello help hey hi just keep kind last later leave like little look
    looking lose lot lots maybe mean much need new next nothing now ok okay one people person
    percentage pretty put really right ride same see seem set show soon someone something sort
    split stuff sure switch talk talking tell thing things think today tomorrow total try trying
    turn use used using usually want way well whole wonder wondering yeah yes ya y'all ur u pls
    plz thanks thank hmm taken took largest biggest smallest anymore currently actually
    somewhere anywhere somehow someplace best worst real handle handles times cant can't
    cannot dont don't doesnt doesn't didnt didn't wont won't isnt isn't im i'm pls yo r
    rly rlly srsly tho btw policy policies""",
    "es": """aceptan acepta aceptar aceptado algo alguien ahora ayer bien buen bueno buena cosa
    cosas creo día días dicen digo entonces eso esto este esta hoy igual luego mal mañana mejor
    mejorar mucho nada nuevo nueva otra otro pedir pido pregunto pues rápido solo tema tipo
    todo usar uso vez veces ver porcentaje velocidad salió sale
    oye gracias porfa porfavor chévere bacán ya nomás actualmente realmente llevo llevar lleva
    llevas llevando llevé tomo tomar toma tomando sigo seguir sigue siguiendo estoy está están
    oigan disculpa disculpe consulto consultar""",
}
# A question that asks for an amount, a count, a duration or a time: lines with a number
_AMOUNT = {
    "en": re.compile(
        r"\b(how (much|many|long|often|old|soon)|cost|costs|price|prices|fee|fees|charge|"
        r"percent|percentage|minimum|maximum|at least|at most|when|what time|until|deadline|"
        r"what age)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(cu[aá]nt[oa]s?|cuesta|cuestan|costo|costos|precio|precios|cobran|porcentaje|"
        r"qu[eé] edad|m[ií]nimo|m[aá]ximo|cu[aá]ndo|a qu[eé] hora|hasta qu[eé] hora|plazo)\b",
        re.I,
    ),
}
# What one pays for a thing, asked ("¿cuánto pago por el certificado?", "how much do I pay for
# the bootcamp?"): what it costs, as a price question says it
_PAY_ASK = {
    "en": re.compile(
        r"\bhow much (?:do|would|will|should|must|did) (?:i|we|you|they) (?:have to |need to )?"
        r"pay(?: for)?\b",
        re.I,
    ),
    "es": re.compile(
        r"\bcu[aá]nto (?:pago|pagar[ée]?|pagamos|pagar[ií]a|se paga|hay que pagar|"
        r"(?:tengo|tendr[ií]a|debo|deber[ií]a) que pagar|debo pagar)(?: por| de)?\b",
        re.I,
    ),
}
_PAY_ASKED = {"en": "how much is the price of", "es": "cuánto cuesta"}
# A question that asks how many of a thing ("¿cuántas faltas puedo tener?"): a count, which a
# line says, never a topic's menu
_HOW_MANY = {
    "en": re.compile(r"\bhow many\b", re.I),
    "es": re.compile(r"\bcu[aá]nt[oa]s\b", re.I),
}
# A question that asks what a thing costs, in so many words ("how much is …", "¿cuánto
# cuesta …?", "what's the price of …"), not one that merely says "the cost"
_HOW_MUCH = {
    "en": re.compile(r"\bhow much\b|\bwhat(?:'s| is| are)(?: the)? (?:price|cost|fee)s?\b", re.I),
    "es": re.compile(r"\bcu[aá]nto\b|\bqu[eé] precio\b|\bcu[aá]l es el (?:precio|costo)\b", re.I),
}
# Whether a place opens or closes, asked ("¿abre los sábados?", "when do you close?")
_OPENS = {
    "en": re.compile(r"\b(?:open|opens|opening|close|closes|closing)\b", re.I),
    "es": re.compile(r"\b(?:abre|abren|abierto|cierra|cierran|cerrado|atienden|atiende)\b", re.I),
}
# A question that asks for a time of day: lines with a clock time ("8:30") favoured again
_HOUR = {
    "en": re.compile(
        r"\b(what time|until when|how late|how early|opening hours|opening times|open until|"
        r"(?:open|opens|close|closes|shut|shuts) at)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(a qu[eé] hora|hasta qu[eé] hora|desde qu[eé] hora)\b",
        re.I,
    ),
}
# Messages that only acknowledge ("vale", Spain's "OK"; "sale", Mexico's): no question, though
# "vale" and "sale" ask a price in one ("¿cuánto vale?")
_ACKNOWLEDGEMENTS = frozenset(
    {
        *("ok", "okay", "okey", "oki", "vale", "sale", "dale", "listo", "bueno", "va", "ya"),
        *("perfecto", "entendido", "claro", "fine", "sure", "cool", "alright", "great"),
    }
)
# A question that asks for a schedule ("los horarios de Cusco"): of the lines of the section that
# answers it, one with a clock time is quoted
_SCHEDULE = re.compile(r"\bhorarios?\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# A question that asks when (a day or a date): lines that name a day or a month favoured too
_WHEN = {
    "en": re.compile(r"\b(when|what day|what date|which day|which month)\b", re.I),
    "es": re.compile(r"\b(cu[aá]ndo|qu[eé] d[ií]a|qu[eé] fecha|qu[eé] mes)\b", re.I),
}
_DATE_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|lunes|martes|miercoles|jueves|"
    r"viernes|sabado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"setiembre|octubre|noviembre|diciembre)\b"
)
# A question whether or when a place opens, closes or attends ("is the Lima campus open on
# Sundays?", "¿atienden el domingo en Cusco?", "¿el domingo está cerrado?"): answered by an
# opening line (``_HOURS_LINE``, or one that says it closes on a day the question names) that
# holds what else the question names, never by another line that merely shares the day word
_OPENS = {
    "en": re.compile(
        r"\b(?:open|opens|opened|opening|close|closes|closed|closing|shut|shuts)\b", re.I
    ),
    "es": re.compile(
        r"\b(?:abre|abren|abrir|abierto|abierta|abiertos|abiertas|cierra|cierran|cerrar|"
        r"cerrado|cerrada|cerrados|cerradas|atiende|atienden|atender|atenci[oó]n)\b",
        re.I,
    ),
}
_HOURS_LINE = re.compile(r"^(?:Hours|Opening hours|Horarios?|Horario de atención):")
_CLOSES = re.compile(r"\b(?:close|closes|closed|shut|cierra|cierran|cerrad[oa]s?)\b")  # folded
#: The day words a question or a line names, folded: the weekdays, holidays, the weekend
_DAY_WORDS = (
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
    *("holiday", "feriado", "festivo", "weekend"),
)
# Days and dates a question or a line names, folded, plurals too ("los domingos", "holidays")
_DAYS = re.compile(
    rf"\b(?:{'|'.join(_DAY_WORDS)}|january|february|march|"
    r"april|june|july|august|september|october|november|december|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)s?\b"
)
# The day of the week a question asks about, its last words ("¿tiene clases los domingos?", "is
# it on weekends?"; not "if I miss class on Monday, what do I do?"), folded
_WEEKDAYS = re.compile(rf"\b(?:{'|'.join(_DAY_WORDS)}|fin de semana|fines de semana)s?\W*$")
OPENING_BOOST = 0.5  # an opening question: the opening lines that hold what it names, this more
DAY_PENALTY = 0.7  # ... and another line that shares its day, times this
# A question that asks how long something takes: lines that say a span of time ("within 10
# business days") favoured
_HOW_LONG = {
    "en": re.compile(r"\b(how long|how soon|how many (?:days|weeks|months|hours))\b", re.I),
    "es": re.compile(
        r"\b(cu[aá]nto tiempo|cu[aá]nto (?:demora|tarda|se demora|se tarda)n?|en cu[aá]nto|"
        r"cu[aá]ntos (?:d[ií]as|meses|semanas|horas))\b",
        re.I,
    ),
}
# A question that asks where: lines with an address
_WHERE = {
    "en": re.compile(r"\b(where|address|located|location)\b", re.I),
    "es": re.compile(r"(\bd[oó]nde\b|\bdirecci[oó]n\b|\bubicad[oa]\b|\bqueda\b)", re.I),
}
_ADDRESS = re.compile(r"^(Address|Dirección):")
# A question that asks how to reach someone: lines with an email address or a phone number
_REACH = {
    "en": re.compile(
        r"\b(e-?mail|mail|write to|phone|telephone|call|ring|whatsapp|number|reach|contact|"
        r"get in touch)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(correo|e-?mail|mail|escribir|tel[eé]fono|llamar|n[uú]mero|whatsapp|contactar|comunicarme)\b",
        re.I,
    ),
}
_CONTACT_LINE = re.compile(r"@\w|\d{3}[ -]\d{3,4}")
_EMAIL = re.compile(r"\w@\w")
_EMAIL_WORD = {"en": "email", "es": "correo"}  # what a line with an email address is about
_PHONE = re.compile(r"\d{3}[ -]\d{3,4}")
_PHONE_WORD = {"en": "number", "es": "número"}  # ... and a line with a phone number
_POINTER = re.compile(r"^(See|Consulta)\b")  # a line that only says where the answer is
POINTER_PENALTY = 0.7  # such a line's score is multiplied by this
RARE_SHARE = 0.6  # a word this share of the rarest word's IDF names a particular thing ("Excel")
NAME_ONLY_PENALTY = 0.25  # a line that only names the priced thing a question asks more of
SAID_FIRST = 0.99  # ... and at most this share of the best line's that says what it asks
# A line "Name: what of it" ("Excel Intermedio (24 hours): S/ 220"), and how many of them make a
# section a list of names (``_Index._catalog``)
_KEY = re.compile(r"^([^:]{2,60}):\s")
_PRICE = re.compile(r"S/\s?\d")  # an amount in soles: what a price list's line says
_PRICED_SENTENCE = re.compile(r"[^.;]*S/\s?\d[^.;]*")  # ... and the sentence that states one
# A question that asks what something costs: a line whose price is of another thing (the
# renewal exam's, for "how much is the Excel certification?") does not answer it
_PRICED_ASK = {
    "en": re.compile(r"\b(how much|costs?|prices?|fees?|charge)\b", re.I),
    "es": re.compile(
        r"\b(cu[aá]nto (?:cuesta|cuestan|sale|salen|vale|valen|cobran|es)|cuesta|cuestan|"
        r"costo|costos|precio|precios|cobran)\b",
        re.I,
    ),
}
# Having little money said as an idiom ("personas de bajos recursos", "estratos bajos", "low
# income"): what the scholarships' eligibility says ("Household income below S/ 2,500")
_LOW_INCOME = {
    "en": re.compile(r"\b(?:low[- ]income|poor famil(?:y|ies)|low[- ]earning)\b", re.I),
    "es": re.compile(
        r"\b(?:(?:bajos|pocos|escasos|limitados)\s+(?:recursos|ingresos)(?:\s+econ[oó]micos)?|"
        r"estratos?\s+(?:bajos?|1|2|uno|dos)|familias?\s+pobres?)\b",
        re.I,
    ),
}
_INCOME_BELOW = {"en": "household income below", "es": "ingresos familiares menores"}
# Help in finding work asked ("do you help with finding a job after?", "¿me ayudan a conseguir
# chamba?"): the job placement service, not the help desk's email ("ayuda@…")
_JOB_HELP = {
    "en": re.compile(
        r"\b(?:help(?:s|ing)?|assist(?:s|ance)?|support)\b(?:\s+\w+){0,2}?\s+"
        r"(?:find|finding|get|getting|land|landing|look(?:ing)? for|search(?:ing)? for)\s+"
        r"(?:a\s+|an\s+)?(?:job|jobs|work|employment)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:ayud\w*|apoy\w*)\b(?:\s+\w+){0,2}?\s+(?:a\s+|en\s+|para\s+)?"
        r"(?:conseguir|encontrar|buscar|hallar|obtener|la b[uú]squeda de)\s+"
        r"(?:un\s+|una\s+)?(?:trabajo|empleo|chamba|chambita|laburo|curro|pega)\b",
        re.I,
    ),
}
_JOB_PLACEMENT = {"en": "job placement", "es": "inserción laboral empleo"}
# Whether some people may join a thing ("is the bootcamp only for women?", "can men join …?",
# "¿los hombres pueden entrar al bootcamp?"): who can enrol, read as its requirements; never a
# line that names those people for something else (the scholarship for women)
_PEOPLE = {
    "en": r"(?:wom[ae]n|m[ae]n|girls?|boys?|guys|lad(?:y|ies)|males?|females?)",
    "es": r"(?:mujer(?:es)?|hombres?|varon(?:es)?|chic[oa]s)",
}
_WHO_MAY = {
    "en": re.compile(
        rf"\b(?:(?:only|just|exclusively|solely)\s+for\s+{_PEOPLE['en']}|for\s+{_PEOPLE['en']}"
        rf"\s+only|(?:can|could|may|do|are)\s+{_PEOPLE['en']}\s+(?:also\s+)?(?:join|enrol|"
        rf"enroll|apply|enter|sign\s+up|take|attend|study|do|be\s+admitted|allowed)|open\s+to\s+"
        rf"(?:{_PEOPLE['en']}|everyone|anyone|everybody|anybody))\b",
        re.I,
    ),
    "es": re.compile(
        rf"\b(?:(?:s[oó]lo|solamente|[uú]nicamente|exclusiv[oa]|exclusivamente)\s+(?:para|de)\s+"
        rf"(?:l[oa]s\s+)?{_PEOPLE['es']}|(?:pueden|puede|podemos|pueda|puedan)\s+(?:entrar|"
        rf"ingresar|inscribirse|matricularse|postular|participar|estudiar|unirse|llevarlo|"
        rf"llevar)\s+(?:\w+\s+){{0,5}}?(?:l[oa]s\s+)?{_PEOPLE['es']}|(?:l[oa]s\s+)?"
        rf"{_PEOPLE['es']}\s+(?:tambi[eé]n\s+)?(?:pueden|puede|podemos|pueda|puedan)\s+(?:entrar|"
        rf"ingresar|inscribirse|matricularse|postular|participar|estudiar|unirse|llevar)|"
        rf"abiert[oa]s?\s+(?:a|para)\s+(?:l[oa]s\s+)?(?:{_PEOPLE['es']}|todos|todas|"
        rf"cualquiera))\b",
        re.I,
    ),
}
_REQUIREMENTS_WORD = {"en": "requirements", "es": "requisitos"}
# What a line says a thing is not ("a digital badge, not a certificate"): the word after the
# negation, which the line does not answer a question about ("do I get a certificate?")
_NEGATED = {
    "en": re.compile(r"\bnot (?:an? |the |any )?(\w+)", re.I),
    "es": re.compile(r"\bno (?:es |son )?(?:una? |el |la |los |las )?(\w+)", re.I),
}
_NEGATION = {
    "en": re.compile(r"\b(?:not|no|never|isn't|aren't|don't|doesn't)\b", re.I),
    "es": re.compile(r"\b(?:no|nunca|ni)\b", re.I),
}
_DAY_WORD = {"en": "day days", "es": "día días dia dias"}  # what asks which days a thing is on
# A question that asks which days of the week a thing is on ("which days are the data analytics
# bootcamp classes?", "¿qué días son las clases …?"): only a line that names a day answers it,
# never one with a span of days ("recordings are deleted 30 days after the session")
_WHICH_DAYS = {
    "en": re.compile(r"\b(?:what|which) days\b", re.I),
    "es": re.compile(r"\b(?:qu[eé]|cu[aá]les) d[ií]as\b", re.I),
}
# The internet a question asks about at a campus ("hay internet en la sede de arequipa?") is the
# campus's Wi-Fi ("Red wifi: …"), not the connection online classes need ("Conexión a internet")
_CAMPUS_INTERNET = {"en": ("internet", "wifi"), "es": ("internet", "wifi")}
_CAMPUS_WORDS = {"en": "campus campuses site location", "es": "sede sedes local locales"}
_COURSES = {"en": "courses", "es": "cursos"}  # what a line says of every course it names so
_PRICE_WORDS = {"en": "cost costs price prices fee fees charge", "es": "precio costo cuesta"}
SERVED_LINES = 10  # a document's lines, at most, given whole for a question its intro answers
CATALOG_LINES = 3
# A question whose words are all what several entries of such a list share ("que bootcamps
# tienen?", "how long are the bootcamps?": two entries of the price list) asks about those
# entries: their lines rank first (not another section's line that merely says "bootcamps"),
# and the answer quotes every one of them. What it asks of them is no part of the kind's name
_ASKED_OF = {
    "en": "cost costs price prices long last lasts duration take takes fee fees",
    "es": "precio precios cuesta cuestan costo dura duran duración demora demoran tiempo",
}
UNMET_PENALTY = 0.7  # ... and a line of a section whose conditions a stated quantity meets none
# A person's age said as a number ("I'm 17", "my son is 15", "tengo 15 años"): a question of age
_AGE = {
    "en": re.compile(
        r"\b(?:i'?m|i am|aged?|(?:he|she)'?s|(?:he|she|son|daughter|kid|child) is)\s+\d{1,2}\b"
        r"(?!\s*(?:am|pm|h|%|:|minutes|min|hours|days|weeks|months|soles))",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:tengo|tiene|tienen)\s+\d{1,2}\b"
        r"(?!\s*(?:%|:|h\b|soles|horas|d[ií]as|meses|semanas|cursos|faltas|a[nñ]os de))",
        re.I,
    ),
}
_AGE_WORD = {"en": "age", "es": "edad"}
# A line that states an age without the word ("Tener entre 18 y 29 años", "for those aged 18 to
# 29"): indexed with the age word too
_AGE_LINE = {
    "en": re.compile(
        r"\b\d{1,2}(?:\s+(?:to|and)\s+\d{1,2})?\s+years\s+old\b|\baged\s+\d{1,2}\b", re.I
    ),
    "es": re.compile(
        r"\b(?:tener|tengas?|tengan|tienes?|mayores de|menores de)\s+(?:entre\s+)?\d{1,2}"
        r"(?:\s+(?:y|a)\s+\d{1,2})?\s+a[nñ]os\b",
        re.I,
    ),
}  # fmt: skip
# a question whose frame names a document's title ("¿me dan certificado …?"): that document's
# best line first, when it scores this share of the best line of another document at least
TITLE_SHARE = 0.6
AGE_BOOST = 0.5  # a question that states an age: the lines that state an age limit, this more
# How many classes or absences one may miss ("how many classes can I miss", "cuántas faltas
# puedo tener", "cuántas clases puedo faltar"): the knowledge base says it as the least share of
# classes one attends, so it is read as the words of that heading (``_ATTENDANCE``, how much
# of it), and the line need not count classes
_MISSABLE = {
    "en": re.compile(
        r"\bhow many (?:classes|class|absences|sessions|lessons|days|times)\b"
        r"(?:\s+[\w']+){0,3}?\s+(?:can|could|may|am)\s+(?:i|we|you|one|he|she)\s+"
        r"(?:be allowed to\s+|still\s+)?(?:miss|skip|lose|be absent|have|get)\b"
        r"|\bhow many (?:absences|missed classes|classes missed)\b(?:\s+[\w']+){0,2}?\s+"
        r"(?:are |is )?(?:allowed|permitted|ok|accepted|tolerated)\b",
        re.I,
    ),
    "es": re.compile(
        r"\bcu[aá]nt[oa]s (?:faltas|inasistencias|ausencias)\b(?:\s+\w+){0,2}?\s+"
        r"(?:puedo|podr[ií]a|pueden|se puede|se pueden|me permiten|se permiten|permiten|"
        r"aceptan|est[aá]n permitidas|se aceptan|me aceptan)\b"
        r"|\bcu[aá]nt[oa]s (?:clases|sesiones|d[ií]as|veces)\b(?:\s+\w+){0,2}?\s+"
        r"(?:puedo|podr[ií]a|se puede)\s+(?:faltar|perder(?:me)?|no ir|no asistir|"
        r"saltar(?:me)?|tirar(?:me)?)\b",
        re.I,
    ),
}
_ATTENDANCE = {"en": "how much minimum attendance", "es": "cuánta asistencia mínima"}
# ... but not how many before something happens ("cuántas faltas puedo tener antes de que me
# retiren": the repeated absences)
_BEFORE = re.compile(r"\b(?:before|until|till|antes de|hasta que)\b", re.I)
# A question whether a certificate is issued by, in the name of or endorsed by another
# institution ("dan certificado a nombre de la PUCP?", "is the certificate endorsed by
# Cambridge?"): what the certificates are, their official status (``_OFFICIAL``), whatever the
# name (one the knowledge base never uses is no reason not to answer)
_CERTIFICATE = re.compile(
    r"\b(?:certificad[oa]s?|certificates?|certifications?|diplomas?|constancias?|t[ií]tulos?|"
    r"degrees?)\b",
    re.I,
)
_ISSUER = {
    "en": re.compile(
        r"\b(?:(?P<by>(?:issued|endorsed|accredited|backed|signed|recogni[sz]ed|validated|"
        r"certified|awarded|granted|given) by)|in the name of|under the name of|on behalf of|"
        r"(?:is|are) (?:it |they )?from)\s+(?:the\s+)?"
        r"(?P<name>[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,3})",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:(?P<by>(?:emitid|avalad|respaldad|reconocid|firmad|acreditad|otorgad|validad|"
        r"certificad)[oa]s? por|(?:lo|la|los|las) (?:emite|avala|respalda|firma|otorga|"
        r"acredita|valida|certifica)n?)|a nombre del?|en nombre del?|con (?:el )?aval del?|"
        r"(?:es|son|ser[aá]|ser[aá]n|ser[ií]a|sale|salen) del?)\s+(?:la\s+|el\s+|los\s+|las\s+)?"
        r"(?P<name>[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,3})",
        re.I,
    ),
}
# ... or who issues it ("who issues the certificates?", "¿quién emite el certificado?")
_WHO_ISSUES = {
    "en": re.compile(
        r"\b(?:who|which (?:institution|entity|organi[sz]ation|university))\s+(?:issues|signs|"
        r"endorses|awards|grants|backs|accredits|certifies|gives out)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:qui[eé]n|qu[eé] (?:instituci[oó]n|entidad|universidad))\s+(?:lo |la |los |las )?"
        r"(?:emite|avala|respalda|firma|otorga|acredita|valida|certifica)n?\b",
        re.I,
    ),
}
# ... an institution: an acronym ("PUCP", "UNI") or a name that starts with its kind
_INSTITUTION = re.compile(
    r"^(?:[A-ZÁÉÍÓÚÑ]{2,}\b|(?i:universi|institut|ministe|college|colegio|escuela|school|"
    r"academ)\w*)"
)
_OFFICIAL = {"en": "official status", "es": "validez oficial"}
# Paying a listed means in a manner another section of the payment document names ("con tarjeta
# en cuotas", "by card in monthly payments"): that section's lines, not the means', rank first
_MANNER = {
    "en": re.compile(r"\b(?:in|into|over|by|through)\s+(?:[\w'-]+\s*){1,3}", re.I),
    "es": re.compile(r"\b(?:en|a|por|de a)\s+(?:[\w'-]+\s*){1,3}", re.I),
}
# A grade said on Peru's 0-20 scale ("12/20", "14 out of 20", "11 sobre 20"): a question of grades
_GRADE = re.compile(r"\b\d{1,2}(?:[.,]\d)?\s*(?:/|out of|over|de|sobre)\s*20\b", re.I)
_GRADE_WORD = {"en": "grade", "es": "nota"}
# What a question asks about when it asks whether something exists, what it costs, or whether
# it can be paid with or brought: the words after these (up to ``_FRAME_END``) must be known
_THING = r"((?:[\w'-]+\s*){1,5})"
_FRAMES = {
    "en": [
        re.compile(rf"\b(?:is|are) there (?:a |an |any |some )?{_THING}", re.I),
        re.compile(
            rf"\bdo(?:es)? (?:you|ruta|the [\w ]+?) (?:have|has|offer|sell|rent) "
            rf"(?:a |an |any |some )?{_THING}",
            re.I,
        ),
        re.compile(rf"\b(?:pay|paying) (?:with|by|in|using) (?:a |an |my )?{_THING}", re.I),
        re.compile(rf"\b(?:bring|wear) (?:a |an |my |our |some )?{_THING}", re.I),
        re.compile(
            rf"\bdo(?:es)? (?:[\w']+ ){{1,2}}(?:get|receive) (?:a |an |any |some )?{_THING}", re.I
        ),
        re.compile(rf"\bhow much (?:is|does|do|are) (?:the |a |an )?{_THING}", re.I),
        re.compile(rf"\b(?:price|cost|fee) (?:of|for) (?:the |a |an )?{_THING}", re.I),
        re.compile(rf"\bwhat(?:'s| is| are|s) (?:the |your )?{_THING}", re.I),
    ],
    "es": [
        re.compile(rf"\bhay (?:un |una |unos |unas |alg[uú]n |alguna )?{_THING}", re.I),
        re.compile(
            rf"\b(?:tiene|tienen|ofrece|ofrecen|venden|alquilan|dan) "
            rf"(?:un |una |unos |unas |alg[uú]n )?"
            rf"{_THING}",
            re.I,
        ),
        re.compile(rf"\bpagar con (?:un |una |mi )?{_THING}", re.I),
        re.compile(rf"\b(?:llevar|traer|usar|vestir) (?:a )?(?:un |una |mi |mis )?{_THING}", re.I),
        re.compile(
            rf"\bcu[aá]nto (?:cuesta|cuestan|vale|valen|sale|es) (?:el |la |los |las |un |una )?"
            rf"{_THING}",
            re.I,
        ),
        re.compile(rf"\b(?:precio|costo) del? (?:la |el )?{_THING}", re.I),
        re.compile(rf"\bcu[aá]l(?:es)? (?:es|son) (?:el |la |los |las |su |sus )?{_THING}", re.I),
    ],
}
# Where the thing asked about ends: a preposition, a conjunction or a verb of the frame
_FRAME_END = {
    "en": re.compile(
        r"\b(?:at|in|on|for|to|from|with|near|during|inside|and|or|if|when|cost|costs|that|"
        r"which|who|is|are|does|do|can|will)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:en|para|a|al|con|cerca|durante|por|y|o|si|cuando|que|cuesta|cuestan|es|son)\b",
        re.I,
    ),
}
# A question whether the house accepts a means of payment ("¿aceptan tarjeta?", "do you take
# cards?", "¿puedo pagar con tarjeta?"): the means it names (the words after these, up to
# ``_FRAME_END``). One the payment methods' section names ranks that section's lines first (not
# another document's line that merely shares the word: "card payments are processed by..."); one
# the knowledge base never names ("PayPal", "bitcoin") is answered with that section: the means
# the house does accept (``Knowledge._unlisted``)
_ACCEPTS = {
    "en": re.compile(
        rf"\b(?:you|u|y'all|ya|guys|ruta|academy|they|reception|campus)\s+(?:[\w']+\s+)?"
        rf"(?:take|takes|accept|accepts|support|supports)\s+(?:a |an |any |the |your |my )?{_THING}"
        rf"|\b(?:pay|paying|payments?)\s+(?:with|by|in|using|through|via)\s+"
        rf"(?:a |an |my |the |your )?{_THING}",
        re.I,
    ),
    "es": re.compile(
        rf"\b(?:aceptan|acepta|aceptar|aceptarían|aceptarian|reciben|recibe|toman)\s+"
        rf"(?:(?:con|por|en|mediante|v[ií]a)\s+)?(?:el |la |los |las |un |una |alg[uú]n |alguna )?"
        rf"{_THING}"
        rf"|\b(?:pagar|pago|pagos|pagarse|pagarlo|pagarla|abonar)\s+"
        rf"(?:con|en|por|mediante|v[ií]a)\s+(?:un |una |mi |el |la |los |las )?{_THING}",
        re.I,
    ),
}
# Means of payment a question may name that the knowledge base never does
_MEANS = re.compile(
    r"\b(?:pay ?pal|bitcoins?|btc|crypto\w*|cripto\w*|ethereum|usdt|binance|amex|"
    r"american express|diners(?: club)?|apple ?pay|google ?pay|gpay|samsung pay|venmo|zelle|"
    r"cheques?|checks?|tunki|mercado ?pago|western union|moneygram|skrill|payoneer|"
    r"nequi|daviplata|bizum|pix|oxxo|revolut|cash ?app|alipay|we ?chat ?pay|klarna|afterpay|"
    # Venezuela's interbank "pago móvil" (its "pago" is no "pago" the base lists: P47-M9)
    r"pago ?m[oó]vil|"
    r"d[oó]lares|dollars?|euros?|gift ?cards?)\b",
    re.I,
)
_PAYS = {  # ... and words that ask about paying, for one named elsewhere in the question
    "en": re.compile(r"\b(?:pay|paying|payments?|accept|accepted|accepts)\b", re.I),
    "es": re.compile(r"\b(?:pagar|pago|pagos|pagarlo|pagarla|aceptan|acepta|aceptar)\b", re.I),
}
_PAYMENT_SECTION = {"en": "Payment methods", "es": "Medios de pago"}  # its "## " heading
# ... and whether the house accepts a means, asked again of another one ("¿y zelle?")
_ACCEPTS_AGAIN = {"en": "do you accept {means}?", "es": "¿aceptan {means}?"}
# A line that says in what form a thing is given ("Certificates are digital (PDF) and are
# emailed …"): what one gets where the knowledge base gives no price for it
_DELIVERED = {
    "en": re.compile(r"\b(?:are|is) digital\b|\bPDF\b.*\bemailed\b", re.I),
    "es": re.compile(r"\b(?:son|es) digital(?:es)?\b|\bPDF\b.*\bpor correo\b", re.I),
}
# ... and where from ("from overseas", "desde el extranjero")
_ABROAD = {
    "en": re.compile(
        r"\b(?:from|in|while|when)?\s*(?:i'?m\s+)?(?:overseas|abroad|outside(?:\s+of)?\s+"
        r"(?:peru|the country)|(?:another|other|a foreign)\s+countr(?:y|ies))\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:desde|en)?\s*(?:el\s+)?(?:extranjero|exterior|fuera del (?:pa[ií]s|per[uú])|"
        r"otro pa[ií]s)\b",
        re.I,
    ),
}
# A question how courses differ ("whats the difference between the data analytics bootcamp and
# the power bi course"), and the words between the courses it names
_DIFFERENCE = {
    "en": re.compile(r"\b(?:differen(?:ce|ces|t)|compare[ds]?|comparison|vs|versus)\b", re.I),
    "es": re.compile(r"\b(?:diferencias?|diferente|compar\w*|vs|versus)\b", re.I),
}
_BETWEEN = {
    "en": re.compile(r"\b(?:and|or|vs|versus|with|compared to|than)\b", re.I),
    "es": re.compile(r"\b(?:y|e|o|u|vs|versus|con|frente a|que)\b", re.I),
}
# A question how one pays ("how do I pay from overseas?", "¿cómo puedo pagar?"): that section
_HOW_PAY = {
    "en": re.compile(
        r"\bhow (?:do|can|could|would|should|will|may) (?:i|we|you|one|u) (?:make (?:a |the )?"
        r"payments?|pay)\b|\b(?:ways|methods|options) (?:to|of) pay(?:ment|ing)?\b",
        re.I,
    ),
    "es": re.compile(
        r"\bc[oó]mo (?:(?:le |les )?pago|(?:puedo|podr[ií]a|debo|se puede|hago para|se) paga(?:r)?|"
        r"hago (?:el|los) pagos?)\b|\b(?:formas|maneras|opciones) de pag(?:o|ar)\b",
        re.I,
    ),
}
# A question whether there is a discount ("is there a discount for students from public
# universities?", "¿hay descuento para docentes?") that no line answers well: the discounts
# the payment methods' document lists, said not to name that one (``Knowledge._discounts``)
_DISCOUNT = {
    "en": re.compile(r"\b(?:discounts?|reduced (?:price|fee|tuition)s?|price cuts?)\b", re.I),
    "es": re.compile(r"\b(?:descuentos?|dsctos?|rebajas?)\b", re.I),
}
_DISCOUNT_WORD = {"en": "discounts", "es": "descuentos"}
DISCOUNT_COVERAGE = 0.5  # ... a line that covers less of it than this answers no such question
MEANS_BOOST = 0.5  # a question whether a listed means is accepted: that section's lines this more
# Words that say "many" of what a question asks about ("si falto mucho", "if I miss a lot of
# classes"): read as the word a heading uses for it ("Faltas reiteradas", "Repeated absences")
# when the rest of that heading is asked about too; not "how many", "cuántas"
_MANY = {
    "en": re.compile(
        r"\b(?<!how )(?:a lot|lots|too many|so many|too much|so much|many|several|often|"
        r"frequently|repeatedly|all the time|again and again|a bunch)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:mucho|muchos|muchas|demasiad[oa]s?|varias|varios|seguido|a cada rato|"
        r"frecuentemente|con frecuencia|harto|hartas|hartos|bastante|bastantes|reiteradamente|"
        r"repetidamente)\b",
        re.I,
    ),
}
_REPEATED = {"en": "repeated", "es": "reiteradas"}
# What a message may say besides its question that asks nothing ("no entiendo nada jaja", "please
# help, I'm confused", "ayúdame"): not searched, unless nothing else is left
_CHATTER = re.compile(
    r"\b(?:(?:ja|je|ji|ha|he)(?:ja|je|ji|ha|he)+|xd+|lol+|lmao|jsjs\w*|idk"
    r"|no entiendo(?: nada| bien| mucho)?|no entend[ií](?: nada| bien)?|no cacho(?: nada)?"
    r"|estoy (?:(?:muy|bien|super|súper|re|medio|algo|un poco) )?"
    r"(?:confundid[oa]|perdid[oa]|enredad[oa])"
    r"|ay[uú]d(?:ame|enme|eme)|auxilio|socorro|(?:necesito|pido|una) ayuda(?! econ| financ)"
    r"|ayuda(?= *(?:porfa|por ?favor|plis|pls|xfa)\b| *[!,.]| *$)"
    r"|i'?m (?:(?:so|really|very|totally|a bit|kinda|kind of|super) )?(?:confused|lost)"
    r"|i (?:don'?t|do not) (?:get|understand)(?: (?:it|this|anything|a thing))?"
    r"|(?:please |pls |plz )?help me|(?:please|pls|plz) help|i need (?:some )?help"
    r"|help(?= *(?:please|pls|plz)\b| *[!,.]| *$))\b",
    re.I,
)
# "is there a campus in Piura?", "¿tienen sede en Chiclayo?": whether the house has something
# (``_EXISTS``) in a place (``_PLACE``, the message's last words)
_EXISTS = {
    "en": re.compile(
        r"\b(?:is|are) there\b|\bdo(?:es)? (?:you|ruta|y'all|u)\b.*\b(?:have|has|offer)\b"
        r"|\bhave you got\b|\bany\b",
        re.I,
    ),
    "es": re.compile(r"\bhay\b|\btienen?\b|\bcuentan con\b|\balg[uú]n[ao]?\b", re.I),
}
_PLACE = {
    "en": re.compile(r"\b(?:in|at)\s+([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})\W*$", re.I),
    "es": re.compile(r"\ben\s+([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})\W*$", re.I),
}
# "how many computers", "cuántas preguntas": the line must count that very thing
_COUNTED = {
    "en": re.compile(r"\bhow many ([^\W\d_]+)", re.I),
    "es": re.compile(r"\bcu[aá]nt[oa]s ([^\W\d_]+)", re.I),
}
_NUMBER = re.compile(r"\d")
# Two questions in one message ("¿se puede pagar con yape? y ¿cuánto es la mora?", "how much is
# it and when does it start?"): split at a question mark, or at "and"/"y" before a question word
_ASKS = {
    "en": r"(?:how|what|whats|what's|when|where|which|who|why|can|could|do|does|is|are|will|"
    r"whether)\b",
    "es": r"¿?\s*(?:c[oó]mo|qu[eé]|cu[aá]ndo|d[oó]nde|cu[aá]l(?:es)?|qui[eé]n|cu[aá]nt[oa]s?|"
    r"hay|se puede|puedo|tienen|aceptan|por qu[eé]|hasta cu[aá]ndo|a qu[eé] hora|(?:me |nos )?"
    r"(?:dan|entregan|ofrecen)|si (?:tienen|hay|dan|ofrecen|entregan|se puede))\b",
}
# The count a message gives its second question ("..., y segundo, si tienen alguna beca",
# "and secondly, is there ..."): between the "and" and the question
_ORDINAL = (
    r"(?:second(?:ly)?|third(?:ly)?|lastly|finally|(?:en )?segundo(?: lugar)?|"
    r"(?:en )?tercer(?:o|)(?: lugar)?|por [uú]ltimo|finalmente)"
)
_AND_ASKS = {
    lang: re.compile(
        rf"[,;]?\s*\b(?:(?:and|y)\s+(?=also|adem|tambi))?(?:and|also|plus|y|e|adem[aá]s|"
        rf"tambi[eé]n)\s+(?:{_ORDINAL}\s*,?\s*)?"
        rf"(?={asks})",
        re.I,
    )
    for lang, asks in _ASKS.items()
}
# A follow-up to the last answer ("¿y en Arequipa?", "and on Saturday?", "what about Cusco?"):
# its words, after the opening
_FOLLOW_UP = re.compile(
    r"^\W*(?:and what about|and how about|what about|how about|and|y qu[eé] tal|qu[eé] tal|y|e)"
    r"\b(?!\s+(?:if|si)\b)\W*(?P<rest>.*)$",
    re.I,
)
FOLLOW_UP_MAX_WORDS = 6  # a follow-up this short (in words) at most
# A short follow-up about a course right after a question about one (probe 42, K-M1): "how long
# is it", "y cuánto dura?" (the same course), "and the sql one?", "y el de web cuanto dura?"
# (another course), "y el otro?" (the other of two bootcamps). The courses are the lines of the
# tuition prices' section ("Excel Intermedio (24 hours): S/ 220"); their length is said there
# and in the course-length section ("Bootcamps: 12 weeks, 240 hours").
_TUITION_SECTION = {"en": "Example tuition prices", "es": "Precios referenciales de las pensiones"}
_LENGTH_SECTION = {"en": "Course length", "es": "Duración de los cursos"}
_COURSE_LINE = re.compile(r"^(?P<name>[^(:]+?)\s*\([^)]*\d[^)]*\):")
_ASKS_LENGTH = {
    "en": re.compile(
        r"\bhow long\b|\bhow many (?:hours|hrs|weeks|days|months|classes|sessions|lessons)\b"
        r"|\b(?:duration|length)\b|\b(?:last|lasts|take|takes)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:dura|duran|durar[aá]|demora|demoran|tarda|tardan|toma)\b|\bduraci[oó]n\b"
        r"|\bcu[aá]nt[oa]s (?:horas|semanas|d[ií]as|meses|clases|sesiones)\b|\bcu[aá]nto tiempo\b",
        re.I,
    ),
}
_ASKS_PRICE_TEXT = {
    "en": r"\bhow much\b|\b(?:price|prices|cost|costs|fee|fees|tuition)\b",
    "es": r"\bcu[aá]nto (?:cuesta|cuestan|sale|salen|vale|valen|es|cobran)\b"
    r"|\b(?:precio|costo|cuesta|cuestan|pensi[oó]n|mensualidad)\b",
}
_ASKS_PRICE = {lang: re.compile(text, re.I) for lang, text in _ASKS_PRICE_TEXT.items()}
# A question about how a course is taught, online or in person ("is the web development bootcamp
# online?", "¿el bootcamp es virtual o presencial?"), and a line that says it of a course: the
# mode said of it ("is taught online", "es presencial"), not a word of the mode about something
# else ("a free online placement test", "la plataforma para estudiantes en línea")
_ASKS_MODE = {
    "en": re.compile(
        r"\b(?:online|on-?line|in[ -]person|face[ -]to[ -]face|virtual(?:ly)?|remote(?:ly)?"
        r"|on[ -]?site|on campus|distance)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:virtual(?:es)?|presencial(?:es)?|en l[ií]nea|online|a distancia|remot[oa]s?"
        r"|semipresencial(?:es)?|h[ií]brid[oa]s?)\b",
        re.I,
    ),
}
_SAYS_MODE = {
    "en": re.compile(
        r"\b(?:is|are|be|taught|held|run|given|delivered|only|also|fully|entirely)\s+"
        r"(?:\w+\s+)?(?:online|in[ -]person|virtual|remote|on campus)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:es|son|dicta|dictan|imparte|imparten|solo|también|totalmente|100%)\s+"
        r"(?:\w+\s+)?(?:virtual(?:es)?|presencial(?:es)?|en l[ií]nea|online|a distancia)\b",
        re.I,
    ),
}
# ... and the line that says how the house teaches ("Ruta Academy teaches in person at four
# campuses in Peru and online through Ruta Campus"): what a question whether it teaches in a
# mode, of no course in particular, asks ("¿tienen cursos online?")
_TEACHES = {
    "en": re.compile(r"\bteach(?:es)?\b[^.]*\bin person\b[^.]*\bonline\b", re.I),
    "es": re.compile(r"\bdicta(?:n)?\b[^.]*\bpresenciales\b[^.]*\ben l[ií]nea\b", re.I),
}
# A question about the learner's own cancelling ("what happens if I cancel the course?", "¿qué
# pasa si cancelo el curso?"): a section about the house cancelling ("If Ruta Academy cancels a
# course") does not answer it
_SELF_CANCEL = {
    "en": re.compile(
        r"\b(?:if|when|once|after)\s+i(?:'m| am)?\s+(?:\w+\s+){0,2}?"
        r"(?:cancel|cancelling|canceling|drop|dropping|quit|quitting|withdraw|withdrawing|leave)\b"
        r"|\bi\s+(?:want|need|have|wish)\s+to\s+(?:cancel|drop|quit|withdraw)\b",
        re.I,
    ),
    "es": re.compile(
        r"\bsi\s+(?:yo\s+)?(?:cancelo|anulo|me\s+retiro|me\s+arrepiento|dejo|abandono|me\s+salgo)\b"
        r"|\b(?:quiero|necesito|tengo\s+que|deseo)\s+(?:cancelar|anular|retirarme|dejar)\b",
        re.I,
    ),
}
_CANCEL_WORD = {"en": "cancel", "es": "anular"}  # ... and the word of such a section's heading
# A price question about no course in particular ("how much does a course cost?", "¿cuánto
# cuesta un curso?"): the words it may use besides the price's, and those that ask the price
_GENERIC_PRICED = {
    "en": "course courses class classes program programs programme one ruta academy",
    "es": "curso cursos clase clases programa programas uno ruta academy",
}
_OTHER_ONE = {
    "en": re.compile(r"\bthe other(?: one)?\b", re.I),
    "es": re.compile(r"\b(?:el|la) otr[oa]\b", re.I),
}
# words that name the kind of thing, not which course ("and the sql course?", "y el otro curso")
_COURSE_WORDS = {"en": "course courses class classes one program", "es": "curso cursos clase uno"}
# ... and, after courses of the catalog ("¿tienen cursos de cocina?"), the words before another
# subject ("y de python?", "and on welding?")
_COURSE_FOLLOW_UP = re.compile(r"^(?:de|del|sobre|en|of|on|in|about|for)\s+", re.I)
# A question about the house itself, what it teaches or how it works ("¿dan clases de
# guitarra?", "do you teach guitar?", "¿cuánto gana un profesor de Ruta Academy?"): when the
# knowledge base does not answer it, "I don't know" and whom to ask, not a refusal
_ABOUT_HOUSE = {
    "en": re.compile(
        r"\bruta academy\b|\bdo(?:es)? (?:you|y'all|u|ruta|the (?:institute|academy))\s+"
        r"(?:(?:also|still|even)\s+)?(?:teach|offer|have|run|give|do)\b[\w\s'-]*?\b"
        r"(?:class(?:es)?|courses?|lessons?|workshops?|programs?|programmes?|bootcamps?|degrees?)\b"
        r"|\bdo(?:es)? (?:you|y'all|u|ruta|the (?:institute|academy)) teach\b"
        # what one may do there: "can i bring my kid to class", "can we eat in the lab"
        r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:bring|take|have|eat|drink|use|record|come|leave)"
        r"\b[\w\s'-]*?\b(?:to|in|into|at|during)\s+(?:the\s+|my\s+|a\s+)?"
        r"(?:class(?:es)?|lessons?|campus|lab|reception)\b",
        re.I,
    ),
    "es": re.compile(
        r"\bruta academy\b|\b(?:ense[nñ]an|dictan) a\b"
        r"|\b(?:dan|dictan|ense[nñ]an|ofrecen|tienen|hay|brindan|imparten)\s+"
        r"(?:(?:tambi[eé]n|alg[uú]n|alguna|un|una|unos|unas)\s+)*"
        r"(?:clases?|cursos?|taller(?:es)?|carreras?|programas?|diplomados?|bootcamps?)\b"
        # "¿puedo llevar a mi hijo a clase?", "¿se puede comer en el laboratorio?"
        r"|\b(?:puedo|podemos|se puede)\s+(?:llevar|traer|ir con|entrar con|comer|tomar|grabar|"
        r"usar)\b[\w\s]*?\b(?:a|en|durante)\s+(?:la\s+|las\s+|el\s+|mi\s+)?"
        r"(?:clases?|sede|local|laboratorio|recepci[oó]n)\b",
        re.I,
    ),
}
_ASKING = {
    "en": re.compile(r"\?|^\W*(?:do|does|is|are|can|how|what|which|who|where|when)\b", re.I),
    "es": re.compile(r"\?|^\W*(?:qu[eé]|cu[aá]nt|c[oó]mo|d[oó]nde|cu[aá]l|qui[eé]n|hay)", re.I),
}
_LEADING_AND = re.compile(r"^\W*(?:and|also|plus|y|e|adem[aá]s|tambi[eé]n)\b\W*", re.I)
# A price asked of two things ("¿cuánto cuesta el curso de power bi y el certificado?", "what's
# the price of the data analytics bootcamp and the certificate?"): the price of each, asked
# alike (``_shared_asks``); the second thing said with its article, in a few words
_ARTICLE = {"en": r"(?:the|a|an|your)", "es": r"(?:el|la|los|las|un|una|su|sus)"}
_TWO_PRICED = {
    lang: re.compile(
        rf"^(?P<ask>.*?(?:{_ASKS_PRICE_TEXT[lang]}).*?)\s+(?P<first>{article}\s.+?)\s*,?\s+"
        rf"(?:y|e|and|plus)\s+(?:tambi[eé]n\s+|also\s+)?(?P<second>{article}\s+[^,;]+?)\s*$",
        re.I,
    )
    for lang, article in _ARTICLE.items()
}
SHARED_ASK_WORDS = 5  # the most words the second thing of a price asked of two is said in
# A question whether the house has or gives a thing ("dan prácticas pre profesionales?", "are
# there scholarships?"): a topic's first section answers it, not only its menu
_EXISTS = {
    "en": re.compile(
        r"\b(?:are there|is there|any|do you (?:guys )?(?:have|offer|give|provide|do)|"
        r"do (?:i|we|students|learners) get|can i get|do you help)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:hay|tienen|tiene|dan|ofrecen|brindan|existen?|cuentan con|otorgan|"
        r"ayudan|me ayudan)\b",
        re.I,
    ),
}
# Quantities, for the lines of one section that differ by a condition ("7 or more days before",
# "less than 7 days before"): a question that says a quantity ("if I cancel 3 days before") is
# answered by the line whose condition it meets (see ``_conditions``). Times in hours.
_UNITS = {
    "%": 1.0,
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "week": 24.0 * 7,
    "month": 24.0 * 30,
    "year": 24.0 * 365,
}
_UNIT_WORDS = {
    "%": r"%|percent|por ?ciento",
    "minute": r"minutes?|mins?|minutos?",
    "hour": r"hours?|hrs?|horas?",
    "day": r"(?:business |calendar )?days?|dias?(?: habiles| calendario)?",
    "week": r"weeks?|semanas?",
    "month": r"months?|mes|meses",
    "year": r"years?|anos?",
}
_UNIT = "(" + "|".join(f"(?:{w})" for w in _UNIT_WORDS.values()) + r")(?![\w%])"
_QTY = r"(\d+(?:[.,]\d+)?)"
# (pattern, kind): ``ge`` at least, ``gt`` more than, ``lt`` less than, ``le`` up to, ``range``
_CONDITION_PATTERNS = [
    (rf"{_QTY}\s*{_UNIT} or more\b", "ge"),
    (rf"{_QTY} or more\s*{_UNIT}", "ge"),
    (rf"{_QTY}\s*{_UNIT} o mas\b", "ge"),
    (rf"{_QTY} o mas\s*{_UNIT}", "ge"),
    (rf"\b(?:at least|no less than|minimum(?: of)?|al menos|como minimo|minimo)"
     rf"(?: el| la)? {_QTY}\s*{_UNIT}", "ge"),
    (rf"\b(?:less than|fewer than|under|below|menos de) {_QTY}\s*{_UNIT}", "lt"),
    (rf"\b(?:more than|over|above|mas de) {_QTY}\s*{_UNIT}", "gt"),
    (rf"\b(?:up to|within|at most|maximum(?: of)?|hasta|dentro de|como maximo|maximo)"
     rf"(?: el| la)? {_QTY}\s*{_UNIT}", "le"),
    (rf"\b(?:between |entre )?{_QTY} (?:to|and|a|y) {_QTY}\s*{_UNIT}", "range"),
]  # fmt: skip
# Ordinal periods ("after the first week of classes", "hasta el final de la primera semana"):
# counted after a point; ``after`` more than N units, ``until`` up to N
_ORDINALS = {
    **dict.fromkeys(("first", "1st", "primera", "primer", "primero", "1ra", "1ro"), "1"),
    **dict.fromkeys(("second", "2nd", "segunda", "segundo", "2da", "2do"), "2"),
    **dict.fromkeys(("third", "3rd", "tercera", "tercer", "tercero", "3ra", "3ro"), "3"),
    **dict.fromkeys(("fourth", "4th", "cuarta", "cuarto", "4ta", "4to"), "4"),
    **dict.fromkeys(("fifth", "5th", "quinta", "quinto", "5ta", "5to"), "5"),
}
_ORD = "(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"
_CONDITION_PATTERNS += [
    (rf"\b(?:after|despues de)(?: the| la| el)? {_ORD}\s*{_UNIT}", "after"),
    (rf"\b(?:up to|until|till|to|hasta)(?: the| el)? (?:end|final|fin) (?:of|de)"
     rf"(?: the| la| el)? {_ORD}\s*{_UNIT}", "until"),
]  # fmt: skip
_CONDITIONS = [(re.compile(pattern), kind) for pattern, kind in _CONDITION_PATTERNS]
_QUANTITY = re.compile(rf"(?:\b{_QTY}|\b(?:a|an|one|un|una|uno)\b)\s*{_UNIT}")
# A period a question names by its order ("after the second week", "en la primera semana"):
# after the point, past its end ("after") or in its middle ("in", "during")
_ORDINAL_QUANTITY = re.compile(
    rf"\b(after|despues de|in|during|en|durante)(?: the| my| la| mi| el)? {_ORD}\s*{_UNIT}"
)
# Which side of a point a quantity is counted on: the words after it ("7 days before the start",
# "de anticipación"; "within 10 days after the course ends", "2 weeks ago", "3 semanas de clases")
_SIDE_AFTER = re.compile(
    r"\s*(?:(before|prior|antes|de anticipacion|in advance|early)|after|later|despues)\b"
)
_ASKED_AFTER_END = re.compile(
    r"\s*(?:ago|in\b|into|of (?:class|classes|the course|course)|"
    r"de (?:clases?|curso|iniciad[oa]|empezad[oa]|comenzad[oa]|haber))\b"
)
# ... or before it ("hace 2 semanas", "llevo 3 semanas", "faltan 3 días")
_ASKED_AFTER = re.compile(
    r"\b(?:hace|after|despues de|llevo|llevamos|lleva|llevas|van|tras|since|desde hace)\s*$"
)
_ASKED_BEFORE = re.compile(r"\b(?:faltan|falta|quedan|queda|faltando)\s*$")
# (dimension, least, most, bounds out, unit, side) and (dimension, value, side)
Condition = tuple[str, float, float, bool, str, str]
Quantity = tuple[str, float, str]
_RATE = re.compile(rf"(?:{_UNIT}|\b(?:per|por|al|each|cada|every))\s*$")  # "hours a day"
_PREFIX = 5  # an unknown word matches an indexed word it shares a prefix this long with
_TYPO = 4  # a word this long or longer may be a typo of an indexed word
_NEAR_CACHE = 50_000  # unknown words whose nearest indexed word is remembered
MAX_QUESTION = 2000  # characters of a question that are searched
TOPIC_MAX_WORDS = 8  # a message this short (in words) may name a topic rather than ask a fact
# A heading's words that do not tell it from its neighbours ("How to enrol": "to"); its asking
# words do ("Who can enrol" beside "How to enrol"), so a message that says them all names it
_HEADING_FILLERS = {
    "en": frozenset(
        {"to", "a", "an", "the", "of", "for", "and", "or", "your", "you", "in", "on", "it", "by"}
    ),
    "es": frozenset(
        {
            "a",
            "al",
            "de",
            "del",
            "la",
            "el",
            "los",
            "las",
            "y",
            "o",
            "un",
            "una",
            "tu",
            "tú",
            "para",
            "en",
            "lo",
            "se",
            "por",
        }
    ),
}
# A question for what one needs ("what do I need to enrol?", "¿qué requisitos piden para
# matricularme?"): the section of requirements, or of who can, of the document it names
_REQUIREMENTS = {
    "en": re.compile(
        r"\b(?:requirements?|prerequisites?|eligib(?:le|ility)|what (?:do|would|will|does) "
        r"(?:i|you|we|one|someone) (?:need|have to have)|what(?:'s| is| are) (?:needed|required)"
        r"|what do you ask for|what do they ask for)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:requisitos?|qu[eé] (?:necesito|se necesita|se pide|(?:me |nos )?(?:piden|exigen"
        r"|solicitan)|debo (?:tener|presentar|cumplir)|documentos))\b|\b(?:piden|exigen)\b",
        re.I,
    ),
}
_REQUIREMENT_HEADING = re.compile(
    r"^(?:requirements|eligibility|who can|requisitos|qui[eé]n(?:es)? puede)", re.I
)
# ... and, asked right after an answer with nothing named of its own ("¿cuáles son los
# requisitos?"), of that answer's section ("… de Beca Mujeres en Tecnología"), what it may say
# of what the requirements are for ("what are the requirements to apply?")
_OF = {"en": "for", "es": "de"}
_NEEDED_FOR = {
    "en": "apply enrol enroll join sign up register",
    "es": "postular postulo matricularme matricular inscribirme inscribir entrar",
}
# ... and a line that says one (or whom a thing is for: "For women enrolling in …")
_NEEDS_LINE = re.compile(
    r"^(?:for|para|open to|abiert[oa]s? (?:a|para)|only|s[oó]lo)\b|\b(?:need|needs|must|"
    r"required?|requirements?|eligib\w*|necesitas?|debes|debe|requisitos?|requiere)\b",
    re.I,
)
TOPIC_MAX_TERMS = 4  # ... with at most this many words that name it ("two-step": three)
TOPIC_MAX_SECTIONS = 2  # sections of different documents one topic message is answered with
# Words that only frame a topic message ("info about refunds", "política de devoluciones"):
# never what it is about, whether the knowledge base uses them or not
_TOPIC_FRAME = {
    "en": """info information informations about policy policies details detail rules options
    question questions regarding more general offer offers offered provide provides""",
    "es": """info información informacion sobre acerca política politica políticas politicas
    detalles detalle reglas opciones pregunta preguntas consulta consultas respecto más mas
    general ofrecen ofrece brindan brinda cuéntame cuentame háblame hablame""",
}
_WORD = re.compile(r"\w+(?:-\w+)*")
_SENTENCE = re.compile(r"[.!?¿¡:;]+")
# Words English writes with a capital that name no particular thing (languages, days, months)
_CAPITALISED_WORDS = frozenset(
    {
        "english",
        "spanish",
        "quechua",
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    }
)
# Numbers written as words read as the digits the knowledge base writes ("two payments": 2);
# "one" and "una" are left alone: more often a pronoun or an article than a count
_NUMBER_WORDS = (
    {
        word: str(value)
        for words in (
            "- two three four five six seven eight nine ten eleven twelve",
            "- dos tres cuatro cinco seis siete ocho nueve diez once doce",
        )
        for value, word in enumerate(words.split(), start=1)
        if word != "-"
    }
    | dict.fromkeys(("fifteen", "quince"), "15")
    | dict.fromkeys(("twenty", "veinte"), "20")
)
# A prefix written apart from its word ("pre profesionales", "ex alumnos"): joined to it
_DETACHED_PREFIX = re.compile(r"\b(pre|ex|semi)[\s-]+(?=[^\W\d_]{4,})")
_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{2,}")
_COMBINING = re.compile(r"[\u0300-\u036f]")  # accents once a text is decomposed (NFKD)

# A Spanish question said to "usted" ("¿me puede decir…?", "¿usted sabe…?", "disculpe"), and the
# skill's own phrases of ``_MESSAGES`` said so (K-L2); "ustedes" is no register (it is both)
_USTED = re.compile(
    r"\busted\b|\b(?:me|nos) (?:puede|podr[ií]a)\b|\bd[ií]game\b|\bdisculpe\b|\bperdone\b"
    r"|\b(?:puede|podr[ií]a|sabr[ií]a) (?:decirme|indicarme|informarme|ayudarme|explicarme)\b",
    re.I,
)
_USTED_FORMS = (
    ("Prueba a decirlo", "Pruebe a decirlo"),
    ("consulta directamente a", "consulte directamente a"),
    ("puedo contarte sobre", "puedo contarle sobre"),
    ("Puedo contarte sobre", "Puedo contarle sobre"),
    ("Pregúntame por", "Pregúnteme por"),
    ("para estar seguro, consulta a", "para estar seguro, consulte a"),
)
# The skill's fixed texts by language; {org} is the organization served (app.i18n.organization)
_MESSAGES = {
    "en": {
        "unknown": "I don't know that one: I found nothing about it in {org}'s knowledge "
        "base. Try rephrasing, or ask {org} directly: ayuda@ruta-academy.example, "
        "(01) 555-0190 or WhatsApp +51 900 555 010 (see “Contact”).",
        "from": "From {where} ({source}):",
        "section": "The whole section:",
        "about": "About {topic} ({source}):",
        "covers": "I can tell you about: {sections}. Ask me about any of them.",
        "more": "I can also tell you about: {sections}.",
        "nothing": "About “{part}” I found nothing in {org}'s knowledge base: ask {org} "
        "directly (see “Contact”).",
        "hours": "Opening hours:",
        "other_place": "I don't know that for the {place} campus: the knowledge base says it "
        "only for {other}. This is what it says, and it is about {other}, not {place}:",
        "ask_place": "For {place}, ask the campus directly: {contact}.",
        "other_price": "I don't know that price: {org}'s knowledge base does not give it. The "
        "prices it gives there are of other things, as it says:",
        "contacts": "ayuda@ruta-academy.example, (01) 555-0190 or WhatsApp +51 900 555 010",
        "means": "{org}'s knowledge base does not list “{means}” among its payment "
        "methods. These are the ones it lists:",
        "pay_unsaid": "{org}'s knowledge base says nothing about paying “{asked}”. These are "
        "the payment methods it lists:",
        "no_price": "I don't know that price: {org}'s knowledge base gives none for it, and "
        "mentions no charge. What it says of it:",
        "other_prices": "The prices it gives there are of other things, as it says:",
        "no_needs": "{org}'s knowledge base gives no requirements for {thing}. This is what "
        "it says of it:",
        "discounts": "I found no discount for exactly that in {org}'s knowledge base. These are "
        "the discounts it lists; to be sure, ask {org}: ayuda@ruta-academy.example, "
        "(01) 555-0190 or WhatsApp +51 900 555 010.",
        "currency": "{org}'s prices are in Peruvian soles (S/), and I don't convert currencies: "
        "I can't give them in {currency}, nor an exchange rate. In soles:",
    },
    "es": {
        "unknown": "No lo sé: no encontré nada sobre eso en la base de conocimiento de {org}. "
        "Prueba a decirlo de otra forma, o consulta directamente a {org}: "
        "ayuda@ruta-academy.example, (01) 555-0190 o WhatsApp +51 900 555 010 (ver “Contacto”).",
        "from": "Según {where} ({source}):",
        "section": "La sección completa:",
        "about": "Sobre {topic} ({source}):",
        "covers": "Puedo contarte sobre: {sections}. Pregúntame por cualquiera de ellos.",
        "more": "También puedo contarte sobre: {sections}.",
        "nothing": "Sobre “{part}” no encontré nada en la base de conocimiento de {org}: "
        "consulta directamente a {org} (ver “Contacto”).",
        "hours": "Horario de atención:",
        "other_place": "No lo sé para la sede de {place}: la base de conocimiento lo indica solo "
        "para {other}. Esto es lo que dice, y es de {other}, no de {place}:",
        "ask_place": "Para {place}, consulta directamente a la sede: {contact}.",
        "other_price": "No lo sé: la base de conocimiento de {org} no indica ese precio. Los "
        "precios que da allí son de otras cosas, según dice:",
        "contacts": "ayuda@ruta-academy.example, (01) 555-0190 o WhatsApp +51 900 555 010",
        "means": "La base de conocimiento de {org} no menciona “{means}” entre sus medios "
        "de pago. Estos son los que indica:",
        "pay_unsaid": "La base de conocimiento de {org} no dice nada de pagar “{asked}”. Estos "
        "son los medios de pago que indica:",
        "no_price": "No lo sé: la base de conocimiento de {org} no indica un precio para eso "
        "ni menciona un cobro. Esto es lo que dice:",
        "other_prices": "Los precios que da allí son de otras cosas, según dice:",
        "no_needs": "La base de conocimiento de {org} no indica requisitos para {thing}. Esto "
        "es lo que dice:",
        "discounts": "No encontré un descuento justo para eso en la base de conocimiento de "
        "{org}. Estos son los descuentos que indica; para estar seguro, consulta a {org}: "
        "ayuda@ruta-academy.example, (01) 555-0190 o WhatsApp +51 900 555 010.",
        "currency": "Los precios de {org} están en soles peruanos (S/), y no convierto monedas: "
        "no puedo darlos en {currency}, ni un tipo de cambio. En soles:",
    },
}


def fold(text: str) -> str:
    """Lower case without accents (``Cuánto`` → ``cuanto``): what users type either way."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


@dataclass(frozen=True)
class Passage:
    source: str  # file name, e.g. "fees-and-payment.md" (the stem is the document's identity)
    topic: str  # the file's "# " title
    heading: str  # the section's "## " heading ("" for the introduction)
    text: str
    lang: str = "en"
    lines: tuple[str, ...] = ()
    doc: str = ""  # the document's identity: the file's stem, the same in every language


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    sentence: str = ""  # the line of the passage that holds the fact
    line: int = 0  # its index in ``passage.lines``
    coverage: float = 0.0  # share of the question's term weight found in the line and section
    missing: tuple[str, ...] = ()  # names neither the line nor section has; a counted thing
    # the line does not count
    unknown: tuple[str, ...] = ()  # the question's topic words the knowledge base never uses
    guessed: tuple[str, ...] = ()  # the question's words read as other words (typos, prefixes)
    # the other list entries of the kind the question names (``_Index.kind``), to quote too
    also: tuple[tuple[Passage, int], ...] = ()
    # the campuses the line is about when it is about none of those the question asks about
    # ("parking at the Arequipa campus": Lima's car park line), and those asked (their names)
    place: tuple[str, ...] = ()
    asked_place: tuple[str, ...] = ()
    # the coverage of a line that states the price of another thing than the asked one, in the
    # asked thing's document ("how much does the certificate cost?": a printed copy's S/ 25),
    # had it been that thing's price: never the answer, quoted as the other thing's (0: none)
    priced_other: float = 0.0


@dataclass(frozen=True)
class Topic:
    """What a topic-only message ("fees", "becas", "payment methods", "info about refunds")
    names: one document's sections (``sections``), or a whole document (``sections`` empty:
    its overview, ``document`` its passages in order)."""

    doc: str
    document: tuple[Passage, ...]
    sections: tuple[Passage, ...] = ()
    more: tuple[tuple[Passage, ...], ...] = ()  # other documents the title names as well


def _overview(document: tuple[Passage, ...], words: dict[str, str]) -> str:
    """A document's title, its introduction and the list of what its sections cover."""
    first = document[0]
    intro = [p.text for p in document if not p.heading]
    headings = "; ".join(p.heading for p in document if p.heading)
    return "\n".join(
        [
            words["about"].format(topic=first.topic, source=first.source),
            *intro,
            words["covers"].format(sections=headings),
        ]
    )


def _says_more(hit: Hit | None, topic: Topic) -> bool:
    """Whether a line answer says more than a topic's: it is a line of the one section the
    topic names ("¿dónde queda la sede de Trujillo?": the address, with its section)."""
    if hit is None or len(topic.sections) != 1:
        return False
    named = topic.sections[0]
    return (hit.passage.doc, hit.passage.heading) == (named.doc, named.heading)


def split_passages(folder: Path, lang: str = "en") -> list[Passage]:
    """One passage per ``##`` section of every ``*.md`` file (the intro counts as a section)."""
    passages: list[Passage] = []
    for path in sorted(folder.glob("*.md")):
        topic, heading = path.stem.replace("-", " ").title(), ""
        lines: list[str] = []
        sections: list[tuple[str, list[str]]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                topic = line[2:].strip()
            elif line.startswith("## "):
                sections.append((heading, lines))
                heading, lines = line[3:].strip(), []
            elif line.strip():
                lines.append(line.strip())
        sections.append((heading, lines))
        for head, body in sections:
            if body:
                items = tuple(re.sub(r"^(?:[-*]|\d+\.)\s+", "", b) for b in body)
                text = "\n".join(body)
                passages.append(Passage(path.name, topic, head, text, lang, items, path.stem))
    return passages


@dataclass
class _Index:
    """One language's passages and lines, tokenized, with a BM25 index at each level."""

    lang: str
    passages: list[Passage]
    stemmer: _Stemmer
    stopwords: frozenset[str]
    synonyms: dict[str, str] = field(default_factory=dict)  # stem → its group's first stem
    general: frozenset[str] = frozenset()  # stems of words that name no topic
    phrases: dict[str, str] = field(default_factory=dict)  # a phrase → what replaces it
    # a phrase's stems (two or more, once stop words are dropped) → its group's first entry's
    stem_phrases: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    _phrase: re.Pattern[str] | None = None  # any of the phrases, the longest first
    lines: list[tuple[int, int]] = field(default_factory=list)  # (passage, line) per line doc
    line_terms: list[set[str]] = field(default_factory=list)
    line_written: list[frozenset[str]] = field(default_factory=list)  # ... its stems as written
    line_negated: list[frozenset[str]] = field(default_factory=list)  # ... and what it is not
    passage_terms: list[set[str]] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    house: frozenset[str] = frozenset()  # words most documents use (``HOUSE_SHARE``)
    max_idf: float = 0.0
    by_passage: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    has_number: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_address: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_contact: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    is_pointer: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_clock: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_date: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_span: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    is_hours: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    is_closing: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    is_payment: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # the means
    has_age: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # an age limit
    # the campuses (sections with an address) by the words of their heading: "arequip" →
    # "Arequipa"; and the campuses each line doc is about (its words' and its heading's)
    places: dict[str, str] = field(default_factory=dict)
    line_places: list[frozenset[str]] = field(default_factory=list)
    # the names of the things a price list prices ("Data Analytics Bootcamp"), as searched
    priced_names: list[frozenset[str]] = field(default_factory=list)
    # per line doc: the words of its sentences that state a price, with its heading's ("They
    # can be renewed with a short online exam that costs S/ 60": the renewal exam's)
    priced_terms: list[frozenset[str]] = field(default_factory=list)
    unpriced_terms: list[frozenset[str]] = field(default_factory=list)  # ... and of the others
    price_words: frozenset[str] = frozenset()  # the words that ask for a price, as searched
    doc_terms: dict[str, set[str]] = field(default_factory=dict)  # each document's words
    titles: frozenset[str] = frozenset()  # the words of the documents' titles (no parenthesis)
    courses: frozenset[str] = frozenset()  # the word for courses, as searched
    day_terms: frozenset[str] = frozenset()  # the word for days, as searched ("what days ...")
    campus_terms: frozenset[str] = frozenset()  # ... and for a campus ("la sede de Trujillo")
    campus_internet: dict[str, str] = field(default_factory=dict)  # internet at one: its Wi-Fi
    place_docs: frozenset[str] = frozenset()  # the documents with the campuses' sections
    requirement: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per
    # passage: a section of requirements or of who can ("Who can enrol", "Requisitos")
    payment_terms: set[str] = field(default_factory=set)  # ... and what their lines name
    # the words of the names a list of a section says nothing else of (``_catalog``: "SQL", a
    # course of the price list) → that section, and the words of the whole name
    catalog: dict[str, tuple[int, frozenset[str]]] = field(default_factory=dict)
    line_days: list[set[str]] = field(default_factory=list)  # the days a line names, as searched
    # the words of a list entry's name, per line doc (empty outside a ``_catalog`` list)
    line_keys: list[frozenset[str]] = field(default_factory=list)
    line_conditions: list[list[Condition]] = field(default_factory=list)  # per line doc
    conditioned: list[int] = field(default_factory=list)  # the line docs that set conditions
    heading_terms: list[set[str]] = field(default_factory=list)  # each passage's "## " words
    # an introduction's: what its document's sections name ("All campuses are closed on
    # Sundays" holds for the Lima campus); nothing for a section
    scope_terms: list[set[str]] = field(default_factory=list)
    title_terms: dict[str, set[str]] = field(default_factory=dict)  # each document's "# " words
    title_main: dict[str, set[str]] = field(default_factory=dict)  # ... outside a parenthesis
    topic_frame: frozenset[str] = frozenset()  # stems of ``_TOPIC_FRAME``
    _near: dict[str, str | None] = field(default_factory=dict)  # known()'s answers so far
    _by_letter: dict[str, list[str]] = field(default_factory=dict)  # indexed words by initial
    _lines_bm25: bm25s.BM25 | None = None
    _passages_bm25: bm25s.BM25 | None = None

    def tokens(self, text: str, merged: bool = True) -> list[str]:
        """Folded, stop words dropped, stemmed, synonyms merged (unless not ``merged``: the
        stems as written); ``wi-fi``: wi, fi and wifi."""
        folded = _DETACHED_PREFIX.sub(r"\1", fold(text))  # "pre profesionales": one word
        if self.phrases and self._phrase is None:
            alternatives = "|".join(map(re.escape, sorted(self.phrases, key=len, reverse=True)))
            self._phrase = re.compile(rf"\b(?:{alternatives})\b")
        if self._phrase is not None:
            folded = self._phrase.sub(lambda m: self.phrases[m.group(0)], folded)
        words = _words(folded)
        stems = self.stemmer.stemWords([w for w in words if w not in self.stopwords])
        if not merged:
            return [str(t) for t in stems]
        terms = [self.synonyms.get(str(t), str(t)) for t in stems]
        return _rephrased(terms, self.stem_phrases) if self.stem_phrases else terms

    def known(self, term: str) -> str | None:
        """``term`` as the knowledge base spells it: itself, the indexed word it is a prefix of
        (both at least ``_PREFIX`` letters: intern/internship), or else the indexed word with
        the same initial it is a typo of (``CLOSE_MATCH``: pasword/password, wifii/wifi)."""
        if term in self.idf:
            return term
        if len(term) < _TYPO:
            return None
        if term not in self._near:
            close = [t for t in self.idf if len(t) >= _PREFIX and t.startswith(term)]
            close = close if len(term) >= _PREFIX else []
            nearest = min(close, key=lambda t: (abs(len(t) - len(term)), t)) if close else None
            if nearest is None:
                similar = difflib.get_close_matches(
                    term, self._by_letter.get(term[0], []), n=1, cutoff=CLOSE_MATCH
                )
                nearest = similar[0] if similar else None
            if len(self._near) < _NEAR_CACHE:
                self._near[term] = nearest
            return nearest
        return self._near[term]

    def build(self) -> None:
        heads = [self.tokens(f"{p.topic} {p.heading}") for p in self.passages]
        # a heading's words without its parenthesis: "Discounts (not combinable; ...)"
        self.heading_terms = [
            set(self.tokens(re.sub(r"\(.*?\)", " ", p.heading))) for p in self.passages
        ]
        self.title_terms = {p.doc: set(self.tokens(p.topic)) for p in self.passages}
        self.scope_terms = [
            set().union(
                *(self.heading_terms[k] for k, q in enumerate(self.passages) if q.doc == p.doc)
            )
            if not p.heading
            else set()
            for p in self.passages
        ]
        self.title_main = {
            p.doc: set(self.tokens(re.sub(r"\(.*?\)", " ", p.topic))) for p in self.passages
        }
        self.topic_frame = frozenset(
            str(t) for t in self.stemmer.stemWords(fold(_TOPIC_FRAME[self.lang]).split())
        )
        passage_docs = []
        line_docs = []
        for i, p in enumerate(self.passages):
            body = self.tokens(p.text)
            passage_docs.append(heads[i] + heads[i] + body)  # the heading counts twice
            self.passage_terms.append(set(heads[i]) | set(body))
            for j, line in enumerate(p.lines):
                words = self.tokens(line)
                if _EMAIL.search(line):
                    words += self.tokens(_EMAIL_WORD[self.lang])
                if _PHONE.search(line):
                    words += self.tokens(_PHONE_WORD[self.lang])
                if _AGE_LINE[self.lang].search(line) and _AGE_WORD[self.lang] not in fold(line):
                    words += self.tokens(_AGE_WORD[self.lang])
                line_docs.append(heads[i] + words)
                self.line_terms.append(set(words))
                self.line_written.append(frozenset(self.tokens(line, merged=False)))
                negated = _NEGATED.get(self.lang, _NEGATED["en"]).findall(line)
                self.line_negated.append(frozenset(self.tokens(" ".join(negated))))
                self.lines.append((i, j))
        self.by_passage = np.array([i for i, _ in self.lines], dtype=np.int64)
        self.has_address = np.array(
            [bool(_ADDRESS.search(self.passages[i].lines[j])) for i, j in self.lines], dtype=bool
        )
        self.has_contact = np.array(
            [bool(_CONTACT_LINE.search(self.passages[i].lines[j])) for i, j in self.lines],
            dtype=bool,
        )
        self.is_pointer = np.array(
            [bool(_POINTER.search(self.passages[i].lines[j])) for i, j in self.lines], dtype=bool
        )
        self.has_number = np.array(
            [bool(_NUMBER.search(self.passages[i].lines[j])) for i, j in self.lines], dtype=bool
        )
        self.has_clock = np.array(
            [bool(_CLOCK.search(self.passages[i].lines[j])) for i, j in self.lines], dtype=bool
        )
        self.has_date = np.array(
            [bool(_DATE_WORDS.search(fold(self.passages[i].lines[j]))) for i, j in self.lines],
            dtype=bool,
        )
        self.has_span = np.array(
            [_spans(self.passages[i].lines[j]) for i, j in self.lines],
            dtype=bool,
        )
        self.is_hours = np.array(
            [bool(_HOURS_LINE.search(self.passages[i].lines[j])) for i, j in self.lines],
            dtype=bool,
        )
        self.line_days = [self.days(self.passages[i].lines[j]) for i, j in self.lines]
        self.is_closing = np.array(
            [
                bool(_CLOSES.search(fold(self.passages[i].lines[j])) and days)
                for (i, j), days in zip(self.lines, self.line_days, strict=True)
            ],
            dtype=bool,
        )
        heading = _PAYMENT_SECTION[self.lang]
        self.is_payment = np.array(
            [self.passages[i].heading == heading for i, _j in self.lines], dtype=bool
        )
        self.payment_terms = set().union(
            *(terms for terms, paid in zip(self.line_terms, self.is_payment, strict=True) if paid)
        )
        age = set(self.tokens(_AGE_WORD[self.lang]))
        self.has_age = self.has_number & np.array(
            [bool(age & terms) for terms in self.line_terms], dtype=bool
        )
        self.places = {
            term: re.sub(r"\(.*?\)", " ", p.heading).strip()
            for i, p in enumerate(self.passages)
            if any(_ADDRESS.search(line) for line in p.lines)
            for term in self.heading_terms[i]
        }
        self.line_places = [
            frozenset((self.line_terms[n] | self.heading_terms[i]) & self.places.keys())
            for n, (i, _j) in enumerate(self.lines)
        ]
        self.priced_terms = [
            frozenset(
                set(self.tokens(" ".join(_PRICED_SENTENCE.findall(self.passages[i].lines[j]))))
                | self.heading_terms[i]
            )
            if _PRICE.search(self.passages[i].lines[j])
            else frozenset()
            for i, j in self.lines
        ]
        self.unpriced_terms = [
            frozenset(self.tokens(_PRICED_SENTENCE.sub(" ", self.passages[i].lines[j])))
            for i, j in self.lines
        ]
        self.price_words = frozenset(self.tokens(_PRICE_WORDS[self.lang]))
        for p, terms in zip(self.passages, self.passage_terms, strict=True):
            self.doc_terms.setdefault(p.doc, set()).update(terms)
        self.titles = frozenset(set().union(*self.title_main.values()))
        self.courses = frozenset(self.tokens(_COURSES[self.lang]))
        self.day_terms = frozenset(self.tokens(_DAY_WORD[self.lang]))
        self.campus_terms = frozenset(self.tokens(_CAMPUS_WORDS[self.lang]))
        internet, wifi = (self.tokens(w) for w in _CAMPUS_INTERNET[self.lang])
        self.campus_internet = {internet[0]: wifi[0]} if internet and wifi else {}
        self.place_docs = frozenset(
            p.doc for p in self.passages if any(_ADDRESS.search(line) for line in p.lines)
        )
        self.requirement = np.array(
            [bool(p.heading and _REQUIREMENT_HEADING.match(p.heading)) for p in self.passages],
            dtype=bool,
        )
        self.line_conditions = [_conditions(self.passages[i].lines[j]) for i, j in self.lines]
        self.conditioned = [n for n, found in enumerate(self.line_conditions) if found]
        self.catalog = self._catalog()
        self.line_keys = [self._key(i, j) for i, j in self.lines]
        self.priced_names = sorted(
            {
                key
                for key, (i, j) in zip(self.line_keys, self.lines, strict=True)
                if len(key) > 1 and _PRICE.search(self.passages[i].lines[j])
            },
            key=sorted,
        )
        self._passages_bm25 = _bm25(passage_docs, 0.75)
        self._lines_bm25 = _bm25(line_docs, LINE_B)
        n = len(line_docs)
        df: dict[str, int] = {}
        for doc in line_docs:
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        self.idf = {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
        by_doc: dict[str, set[str]] = {}
        for p, terms in zip(self.passages, self.passage_terms, strict=True):
            by_doc.setdefault(p.doc, set()).update(terms)
        uses = [t for terms in by_doc.values() for t in terms]
        self.house = frozenset(
            t for t in set(uses) if uses.count(t) >= HOUSE_SHARE * len(by_doc) > 1
        )
        self.max_idf = float(np.log(1 + (n + 0.5) / 0.5))  # a word no line uses
        for term in sorted(self.idf):
            if len(term) >= _TYPO - 1:
                self._by_letter.setdefault(term[0], []).append(term)

    def search(self, question: str, k: int, other_prices: bool = False) -> list[Hit]:
        """The best ``k`` passages (each with its best line), best first. With
        ``other_prices``, a price question's lines that state another thing's price are not
        ranked lower, and marked (``Hit.other_price``: to say so, never as the answer)."""
        if self._lines_bm25 is None or self._passages_bm25 is None:
            return []
        question = self.chatterless(question[:MAX_QUESTION])
        if _acknowledges(question):
            return []
        question = self.many(question)
        question = _LOW_INCOME[self.lang].sub(_INCOME_BELOW[self.lang], question)
        question = _JOB_HELP[self.lang].sub(_JOB_PLACEMENT[self.lang], question)
        question = _WHO_MAY[self.lang].sub(f" {_REQUIREMENTS_WORD[self.lang]} ", question)
        question, missable = self.missable(question)
        asked_issuer = self.issuer(question)
        if asked_issuer is not None:  # "dan certificado a nombre de la PUCP?": what they are
            question = f"{question} {_OFFICIAL[self.lang]}"
        issuer = asked_issuer or set()
        aged = bool(_AGE[self.lang].search(question))
        if aged:
            question = f"{question} {_AGE_WORD[self.lang]}"
        if _GRADE.search(question):
            question = f"{question} {_GRADE_WORD[self.lang]}"
        query = self.tokens(question)
        if not query:
            return []
        guessed = tuple(sorted({t for t in query if t not in self.idf and self.known(t)}))
        query = [self.known(t) or t for t in query]
        if set(query) & (self.places.keys() | self.campus_terms):  # "internet en la sede": its
            query = [self.campus_internet.get(t, t) for t in query]  # Wi-Fi, not online classes'
        known = [t for t in query if t in self.idf]
        if not known:
            return []
        passage_scores = np.asarray(self._passages_bm25.get_scores(known), dtype=np.float64)
        line_scores = np.asarray(self._lines_bm25.get_scores(known), dtype=np.float64)
        # the weighted mean of the line's and its section's BM25 scores
        scores = (line_scores + SECTION_WEIGHT * passage_scores[self.by_passage]) / (
            1 + SECTION_WEIGHT
        )
        # the kind of line the question asks for: an amount (a number), a span of time ("how
        # long": a number, a span the more), a day or a date ("when": a number, or a day or a
        # month named); a question that asks an amount besides a span, any number alike
        how_long = bool(_HOW_LONG[self.lang].search(question))
        amount = bool(_AMOUNT[self.lang].search(_HOW_LONG[self.lang].sub(" ", question)))
        wanted = self.has_number if amount or how_long else np.zeros_like(self.has_number)
        if _WHEN[self.lang].search(question):
            wanted = wanted | self.has_date
        scores = np.where(wanted, scores * (1 + NUMBER_BOOST), scores)
        if how_long and not amount:
            scores = np.where(self.has_span, scores * (1 + NUMBER_BOOST), scores)
        if _HOUR[self.lang].search(question):
            scores = np.where(self.has_clock, scores * (1 + NUMBER_BOOST), scores)
        if _WHERE[self.lang].search(question):
            scores = np.where(self.has_address, scores * (1 + NUMBER_BOOST), scores)
        scores = np.where(self.is_pointer, scores * POINTER_PENALTY, scores)
        if _REACH[self.lang].search(question):
            scores = np.where(self.has_contact, scores * (1 + NUMBER_BOOST), scores)
        # "¿aceptan tarjeta?": the means, not privacy's line; "... en cuotas": the instalments
        listed = self.means(question)[0] == "listed"
        manner = self.manner(question) if listed or _PAYS[self.lang].search(question) else None
        if manner is not None and manner.any():
            scores = np.where(manner, scores * (1 + MEANS_BOOST), scores)
        elif listed:
            scores = np.where(self.is_payment, scores * (1 + MEANS_BOOST), scores)
        if aged:  # "im 34, can i apply for beca ruta?": the age limit, not how to apply
            scores = np.where(self.has_age, scores * (1 + AGE_BOOST), scores)
        titled = self.titled(question)
        if titled is not None and scores.size:  # "¿me dan certificado …?": the certificates'
            in_doc = np.array([self.passages[i].doc == titled for i, _ in self.lines], dtype=bool)
            top = float(scores.max())
            own = int(np.argmax(np.where(in_doc, scores, -np.inf)))
            if top > 0 and not in_doc[int(np.argmax(scores))] and scores[own] >= TITLE_SHARE * top:
                scores[own] = top * (1 + 1e-9)  # first, at the score the question earned
        weight = {
            t: self.idf.get(t, UNKNOWN_WEIGHT * self.max_idf)
            for t in set(query)
            if (t in self.idf or t not in self.general) and t not in issuer
        }
        # the house's own names ("Ruta Campus") are what every document is about: they weigh
        # nothing unless the question has no other word
        named = self.names(question)
        weight = {t: w for t, w in weight.items() if t not in self.house & named} or weight
        names = named - self.house - issuer
        unknown = self.unknown_asked(question)
        # the campuses the question asks about ("la sede de Arequipa"): a line about another
        # one answers only as that campus's, said so (``Hit.place``)
        asked_places = set(query) & self.places.keys()
        # a requirements question ("the requirements for the web development bootcamp"): the
        # sections of requirements or of who can hold what it asks
        needs = _REQUIREMENTS[self.lang].search(question)
        without = self.tokens(_REQUIREMENTS[self.lang].sub(" ", question)) if needs else query
        required = {self.known(t) or t for t in set(self.tokens(question)) - set(without)}
        # a priced thing the question names ("the web development bootcamp", "bootcamp de
        # data") and what else it asks ("requirements", "horario"): a line that only names the
        # thing (the scholarship for women who enrol in it) answers nothing of that
        named_priced = set().union(
            *(key & set(query) for key in self.priced_names if len(key & set(query)) > 1)
        )
        course_terms = (set(query) & set().union(*self.priced_names)) - self.general - self.house
        beyond = (
            {t for t in weight if len(t) > 2}  # "de", "en": no thing
            - named_priced
            - self.house
            - self.general
            | (self.day_terms & set(query))  # "what days is the bootcamp?" asks its days
            if named_priced
            else set()
        )
        # "which days are the bootcamp's classes?": the days asked, not what else names it
        which_days = bool(_WHICH_DAYS[self.lang].search(question) and self.day_terms & set(query))
        if which_days and beyond & self.day_terms:
            beyond = beyond & self.day_terms
        clock = bool(_HOUR[self.lang].search(question))
        if beyond and clock:  # "a qué hora son las clases ...": the classes ("hora" asks a time)
            unframed = _HOUR[self.lang].sub(" ", question)
            beyond &= {self.known(t) or t for t in self.tokens(unframed)}
        # a price question's subject ("la certificación de especialista en excel"): a line
        # whose price is of something else (its renewal exam) answers nothing
        subject = (
            {t for t in weight if t in self.idf and len(t) > 2}
            - self.price_words
            - self.house
            - self.general
            if any(asks.search(question) for asks in _PRICED_ASK.values())  # either language:
            else set()  # the other language's base is searched with the same question
        )
        other_price = np.array(
            [self._prices_other(n, subject) for n in range(len(self.lines))], dtype=bool
        )
        if other_price.any():  # ... and nor does another line of a section that prices only
            # other things ("Approval certificates do not expire", beside the renewal exam's)
            priced = np.array([bool(found) for found in self.priced_terms], dtype=bool)
            only_other = [
                i
                for i in set(self.by_passage[other_price].tolist())
                if not (priced & ~other_price & (self.by_passage == i)).any()
            ]
            other_price = other_price | (np.isin(self.by_passage, only_other) & ~priced)
        if not other_prices:
            scores = np.where(other_price, scores * NAME_ONLY_PENALTY, scores)
        written = set(self.tokens(question, merged=False))
        says = [self._says(n, beyond, required, written) for n in range(len(self.lines)) if beyond]
        if says and amount and not _WHEN[self.lang].search(question) and not clock:  # "cuánta
            # plata necesito para el bootcamp de data": its price (not "when does it start",
            # "what time are the classes")
            for n, key in enumerate(self.line_keys):
                i, j = self.lines[n]
                says[n] = says[n] or bool(
                    key & named_priced and _PRICE.search(self.passages[i].lines[j])
                )
        if says and clock:  # "what time are the classes of the bootcamp?": a line with a time
            says = [said and bool(self.has_clock[n]) for n, said in enumerate(says)]
        if says and scores.size:  # ... and ranks below the best line that says something of it
            said = np.array(says, dtype=bool)
            factor = NAME_ONLY_PENALTY
            if said.any() and (~said).any() and float(scores[~said].max()) > 0:
                below = SAID_FIRST * float(scores[said].max()) / float(scores[~said].max())
                factor = max(0.0, min(factor, below))
            scores = np.where(said, scores, scores * factor)
        # a line that names what is asked only as what something is not ("a digital badge, not
        # a certificate") answers no question about it, unless the question negates too
        asked = set(weight) - self.general - self.house
        if asked and scores.size and not _NEGATION.get(self.lang, _NEGATION["en"]).search(question):
            negated = np.array(
                [
                    bool(asked & terms) and asked & terms <= not_said
                    for terms, not_said in zip(self.line_terms, self.line_negated, strict=True)
                ],
                dtype=bool,
            )
            scores = np.where(negated, scores * NAME_ONLY_PENALTY, scores)
        # a campus the question names ("la sede de Trujillo") and what else it asks ("wifi"): a
        # line that only names that campus, in a section that says nothing of that (its
        # address), answers nothing of it, and a line of the campuses' document about no campus
        # that says it ("Wi-Fi network: …", of "Reception and facilities") says it of each
        campus_asks = (
            {t for t in weight if t in self.idf and len(t) > 2}  # (another language's: none)
            - asked_places
            - named_priced
            - self.house
            - self.general
            - self.campus_terms
            if asked_places
            else set()
        )
        every_campus = np.zeros(len(self.lines), dtype=bool)
        campus_only = np.zeros(len(self.lines), dtype=bool)
        if campus_asks and scores.size:
            says_it = np.array(
                [self._says(n, campus_asks, set()) for n in range(len(self.lines))],
                dtype=bool,
            )
            in_section = np.array(
                [bool(campus_asks & self.passage_terms[i]) for i, _ in self.lines], dtype=bool
            )
            of_campus = np.array([bool(found) for found in self.line_places], dtype=bool)
            in_doc = np.array([self.passages[i].doc in self.place_docs for i, _ in self.lines])
            every_campus = says_it & ~of_campus & in_doc
            campus_only = (
                ~says_it
                & ~in_section
                & np.array([bool(found & asked_places) for found in self.line_places], dtype=bool)
            )
            scores = np.where(campus_only, scores * NAME_ONLY_PENALTY, scores)
        total = sum(weight.values())
        kind = self.kind(set(weight) - set(self.tokens(_ASKED_OF[self.lang])))
        if kind and scores.size:  # "how long are the bootcamps?": the bootcamps' lines first
            scores[kind] = scores[kind] + float(scores.max())
        entries = self._entries(set(weight) | names)
        for i, entry in entries.items():  # "a morning shift for Power BI": not its price's line
            if set(weight) - entry and not (set(weight) - entry) & self.passage_terms[i]:
                scores = np.where(self.by_passage == i, scores * DAY_PENALTY, scores)
        counted = {
            self.known(t) or t
            for word in ([] if missable else _COUNTED[self.lang].findall(question))
            for t in self.tokens(word)
        }
        quantities = _quantities(question)
        if quantities:  # a section none of whose conditions the quantities meet ranks lower
            scores = np.where(self._unmet(quantities), scores * UNMET_PENALTY, scores)
        opening = self.opening(question, scores)
        if opening is not None:  # an opening question: an opening line, not the day's word
            days = self.days(question)
            shares = np.array([bool(found & days) for found in self.line_days], dtype=bool)
            scores = np.where(opening, scores * (1 + OPENING_BOOST), scores)
            scores = np.where(shares & ~opening & ~self.is_closing, scores * DAY_PENALTY, scores)
            scores = self._first_listed(question, scores, opening)
        elif not amount:  # "¿el curso de power bi tiene clases los domingos?": not its price
            scores = self._on_day(question, scores)
        if which_days:  # "¿qué días hay clases del bootcamp?": a line that names a day
            dayless = np.array([not found for found in self.line_days], dtype=bool)
            scores = np.where(dayless, scores * NAME_ONLY_PENALTY, scores)
        schedule = bool(_SCHEDULE.search(question))
        hits: list[Hit] = []
        seen: set[int] = set()
        for best in np.argsort(-scores, kind="stable"):
            if scores[best] <= 0 or len(hits) >= k:
                break
            i, j = self.lines[int(best)]
            if i in seen:  # one hit per passage: its best line
                continue
            seen.add(i)
            index = self._meeting(int(best), scores, quantities) if quantities else int(best)
            if schedule and not self.has_clock[index]:
                index = self._timed(index, scores)
            if opening is not None and not opening[index]:
                index = self._among(index, scores, opening)
            place: tuple[str, ...] = ()
            about = self.line_places[index]
            if asked_places and about and not about & asked_places:
                asked_lines = [
                    int(n)
                    for n in np.flatnonzero(self.by_passage == i)
                    if self.line_places[n] & asked_places
                ]
                if asked_lines:  # "¿la sede de Trujillo es accesible?": Trujillo's line
                    index = max(asked_lines, key=lambda n: float(scores[n]))
                else:
                    place = tuple(sorted({self.places[t] for t in about}))
            j = self.lines[index][1]
            found = self.line_terms[index] | self.passage_terms[i] | self.scope_terms[i]
            if required and self.requirement[i]:
                found = found | required
            # an entry of another section's list ("evening classes for SQL": the shifts hold for
            # every course of the price list) is what the line says of it too
            aside = set().union(*(entry for k, entry in entries.items() if k != i)) - found
            rest = total - sum(weight.get(t, 0.0) for t in aside)
            covered = sum(w for t, w in weight.items() if t in found) / rest if rest > 0 else 0.0
            others = set(weight) - entries.get(i, set(weight))
            if others and not others & found:  # the entry's line, and nothing else asked
                covered = 0.0
            if beyond and not says[index]:  # only the priced thing's name
                covered = 0.0
            priced_other = 0.0
            if other_price[index]:  # the price of another thing
                # ... named by none of its words, in the asked thing's document ("the
                # certificate": a printed copy's; not the Excel certification's renewal exam)
                of_doc = self.title_terms[self.passages[i].doc] & subject
                # (or by another line of its section: "cuánto cuesta el certificado?", whose
                # best line is a name correction's "… emitido el certificado; después cuesta")
                unnamed = [
                    n
                    for n in np.flatnonzero(self.by_passage == i)
                    if other_price[n] and self.priced_terms[n] and not self.line_terms[n] & subject
                ]
                if of_doc and (not self.line_terms[index] & subject or unnamed):
                    priced_other = covered
                covered = 0.0
            # a list entry of what the priced thing is one of ("Bootcamps: 12 weeks" for the
            # web development bootcamp) says it of that thing
            key = self.line_keys[index]
            listed = bool(named_priced and key and key < named_priced) and (
                not beyond or says[index]
            )
            # ... and a time that says all else it asks ("what time are the classes of the web
            # development bootcamp?": the shifts, "Morning: 9:00 to 12:00") holds for it
            timed = clock and bool(beyond) and says[index]
            if listed or (timed and self._says_all(index, beyond, written)):
                found = found | named_priced
                covered = sum(w for t, w in weight.items() if t in found) / rest if rest else 0
            if campus_only[index]:  # only the asked campus's name ("Address: …, Trujillo")
                covered = 0.0
            elif every_campus[index]:  # what holds for every campus ("Wi-Fi network: …")
                found = found | asked_places
                covered = sum(w for t, w in weight.items() if t in found) / rest if rest else 0
            # ... and a line about courses ("new cohorts of most courses start on the first
            # Monday") says it of each course of the price list ("the next bootcamp")
            if course_terms and self.courses <= self.line_terms[index]:
                found = found | course_terms
                covered = sum(w for t, w in weight.items() if t in found) / rest if rest else 0
            if (beyond and not says[index]) or other_price[index] or campus_only[index]:
                covered = 0.0  # ... but a line that answers nothing of it, still nothing
            if which_days and not self.line_days[index]:  # no day: not which days
                covered = 0.0
            p = self.passages[i]
            elsewhere = asked_places if place else set()  # said with the answer instead
            missing = tuple(sorted(t for t in names - aside - elsewhere if t not in found))
            line_terms = self.line_terms[index]
            missing += tuple(sorted(t for t in counted if t not in line_terms))
            also = (
                tuple(self.lines[n] for n in sorted(kind, key=lambda n: -scores[n]) if n != index)
                if index in kind
                else ()
            )
            hits.append(
                Hit(
                    p,
                    float(scores[best]),
                    p.lines[j],
                    j,
                    round(covered, 3),
                    missing,
                    unknown,
                    guessed,
                    tuple((self.passages[a], b) for a, b in also),
                    place,
                    tuple(sorted({self.places[t] for t in asked_places})) if place else (),
                    round(priced_other, 3),
                )
            )
        return hits

    def _prices_other(self, n: int, subject: set[str]) -> bool:
        """Whether line doc ``n`` states the price of something else than what a price question
        asks the price of (``subject``, its words): its priced sentences, heading and document
        title name none of it ("the late fee": "Changing cohort"'s S/ 30); or only its other
        sentence does ("the Excel specialist certification": "Professional skills
        certifications (…"Especialista en Excel"…) are valid for 3 years. They can be renewed
        with a short online exam that costs S/ 60"); or it lacks the topic of another document
        the question names (its title's word: "the Excel certification": the Excel course's
        price, which is no certificate's), or a particular thing it names that its document says
        elsewhere (a rare word: "the Excel specialist certification": a printed copy's S/
        25)."""
        priced = self.priced_terms[n]
        if not subject or not priced:
            return False
        title = self.title_terms[self.passages[self.lines[n][0]].doc]
        if not priced & subject:  # the price of another thing: named only by the title ("how
            # much does the certificate cost?": "A printed copy costs S/ 25"), or not at all
            return True
        if not priced & subject and self.unpriced_terms[n] & subject:
            return True
        i = self.lines[n][0]
        said = self.line_terms[n] | self.heading_terms[i] | title
        rare = {t for t in subject if self.idf.get(t, 0.0) >= RARE_SHARE * self.max_idf}
        # "la certificación de especialista en excel": what the document says elsewhere, not
        # a printed copy's price
        return bool((rare - said) & self.doc_terms[self.passages[i].doc]) or bool(
            subject & self.titles - priced - title
        )

    def _says_all(self, n: int, beyond: set[str], written: set[str]) -> bool:
        """Whether line doc ``n`` says each of ``beyond`` (``_says``, one word at a time)."""
        return all(self._says(n, {t}, set(), written) for t in beyond)

    def _says(
        self, n: int, beyond: set[str], required: set[str], written: set[str] | None = None
    ) -> bool:
        """Whether line doc ``n`` says any of ``beyond`` (what a question asks of a priced thing
        it names), in its words, its section's heading or its document's title; a requirements
        question's words (``required``) in a section of requirements or of who can. Given the
        question's stems as written (``written``), the line's own words say it as the question
        writes it: a synonym there may be another sense (a course's "horario": "las
        postulaciones están abiertas"), a heading's or a title's is what the section is about
        ("Horarios y modalidad de clases"). A line that names a day says "days" ("what days
        is the bootcamp?": "Monday to Friday")."""
        i = self.lines[n][0]
        body = set(self.line_terms[n])
        if written is not None:
            as_written = {self.synonyms.get(s, s) for s in self.line_written[n]}
            body = {self.synonyms.get(s, s) for s in self.line_written[n] & written}
            body |= self.line_terms[n] - as_written  # what the index adds (an email: "email")
        # "days" asked of a thing are the days it is on, not a span of days ("within 30 days")
        body = body | self.day_terms if self.line_days[n] else body - self.day_terms
        said = body | self.heading_terms[i] | self.title_terms[self.passages[i].doc]
        return bool(beyond & (said | (required if self.requirement[i] else set())))

    def titled(self, question: str) -> str | None:
        """The document whose title names the thing a frame of ``question`` asks for ("¿me dan
        certificado …?", "do I get a certificate …": the certificates; "¿tienen becas?": the
        scholarships), when exactly one does; else None. Another document's line that merely
        mentions it ("… que terminó un curso con certificado") ranks below that document's."""
        framed = self._framed(question)
        if not framed:
            return None
        terms = {self.known(t) or t for t in self.tokens(framed)} - self.general - self.house
        if not terms:
            return None
        docs = [doc for doc, title in self.title_main.items() if terms <= title]
        if len(docs) != 1:
            return None
        asked = {self.known(t) or t for t in self.tokens(question)} - self.general - self.house
        if any(asked & title for doc, title in self.title_terms.items() if doc != docs[0]):
            return None  # "¿Ruta Empleo tiene algún costo?": the cost of another document's thing
        return docs[0]

    def _key(self, i: int, j: int) -> frozenset[str]:
        """The words of the name line ``j`` of passage ``i`` lists, without its parenthesis
        ("Data Analytics Bootcamp (12 weeks)": data, analytics, bootcamp), when that passage is
        a list of names (``CATALOG_LINES`` or more "Name: what of it" lines); else none."""
        p = self.passages[i]
        keys = [m.group(1) for m in map(_KEY.match, p.lines) if m is not None]
        found = _KEY.match(p.lines[j])
        if len(keys) < CATALOG_LINES or found is None:
            return frozenset()
        return frozenset(self.tokens(re.sub(r"\(.*?\)", " ", found.group(1))))

    def kind(self, terms: set[str]) -> list[int]:
        """The line docs of the list entries whose names hold every one of ``terms``
        ("bootcamp": the two bootcamps of the price list, and "Bootcamps: 12 weeks, 240 hours"
        of the course lengths), when two or more do or one is named by them alone; else none
        (one entry is named by its own words: "the data analytics bootcamp"; what a title or a
        heading names is answered there)."""
        named = set().union(*self.title_terms.values(), *self.heading_terms)
        if not terms or terms & named:  # "refunds": the document's, not "Refunds: reembolsos@"
            return []
        found = [n for n, key in enumerate(self.line_keys) if terms <= key]
        return found if len(found) > 1 or any(self.line_keys[n] == terms for n in found) else []

    def _entries(self, terms: set[str]) -> dict[int, set[str]]:
        """The words of the names of list entries (``catalog``) that ``terms`` names, by the
        section that lists them: "Marketing Digital" is both words, "marketing" the list's own."""
        found: dict[int, set[str]] = {}
        for term in terms:
            if term in self.catalog:
                i, entry = self.catalog[term]
                found.setdefault(i, set()).update(entry)
        return found

    def _catalog(self) -> dict[str, tuple[int, frozenset[str]]]:
        """The words of the names a section lists (``CATALOG_LINES`` or more lines "Name: what
        of it", a name of two capitalised words or an acronym: "Excel Intermedio (24 hours): S/
        220", "Introducción a SQL") that no other section, heading nor title uses, → that
        section. A line of another section that answers a question about such a name says what
        holds for every one of them ("Evening: 19:00 to 21:30" for "evening classes for SQL")."""
        found: dict[str, tuple[int, frozenset[str]]] = {}
        for i, p in enumerate(self.passages):
            keys = [m.group(1) for m in map(_KEY.match, p.lines) if m is not None]
            if len(keys) < CATALOG_LINES:
                continue
            for key in keys:
                words = _WORD.findall(re.sub(r"\(.*?\)", " ", key))
                capitals = [w for w in words if w[:1].isupper()]
                named = [
                    w
                    for w in words
                    if _ACRONYM.fullmatch(w) or (len(capitals) > 1 and w in capitals)
                ]
                entry = frozenset(self.tokens(" ".join(words))) - self.general - self.house
                for term in self.tokens(" ".join(named)):
                    found[term] = (i, entry)
        return {
            term: (i, entry)
            for term, (i, entry) in found.items()
            if term not in self.heading_terms[i] | self.title_terms[self.passages[i].doc]
            and not any(term in terms for k, terms in enumerate(self.passage_terms) if k != i)
        }

    def days(self, text: str) -> set[str]:
        """The days and dates ``text`` names ("los domingos", "public holidays"), as searched."""
        return set(self.tokens(" ".join(_DAYS.findall(fold(text)))))

    def chatterless(self, question: str) -> str:
        """``question`` without what asks nothing (``_CHATTER``: "no entiendo nada jaja", "please
        help, I'm confused"), unless nothing searchable is left."""
        stripped = _CHATTER.sub(" ", question)
        return stripped if stripped != question and self.tokens(stripped) else question

    def many(self, question: str) -> str:
        """``question`` with the word a heading uses for "many" of a thing ("reiteradas",
        "repeated") when it says "many" (``_MANY``: "si falto mucho", "if I miss a lot of
        classes") and asks about the rest of that heading ("Faltas reiteradas": "falto")."""
        if not _MANY[self.lang].search(question):
            return question
        word = _REPEATED[self.lang]
        repeated = set(self.tokens(word))
        asked = {self.known(t) or t for t in self.tokens(question)}
        for terms in self.heading_terms:
            if repeated and repeated < terms and (terms - repeated) & asked:
                return f"{question} {word}"
        return question

    def missable(self, question: str) -> tuple[str, bool]:
        """``question`` asking for the minimum attendance where it asks how many classes or
        absences one may miss (``_MISSABLE``: "how many classes can I miss", "cuántas faltas
        puedo tener"), and whether it does."""
        match = _MISSABLE[self.lang].search(question)
        if match is None or _BEFORE.search(question, match.end()):
            return question, False
        found = f"{question[: match.start()]}{_ATTENDANCE[self.lang]}{question[match.end() :]}"
        return found, True

    def issuer(self, question: str) -> set[str] | None:
        """The terms of the institution a question asks whether a certificate is issued by, in
        the name of or endorsed by (``_ISSUER``: "dan certificado a nombre de la PUCP?", "is the
        certificate endorsed by Cambridge?"): an acronym or a kind of institution ("Universidad
        de Lima"), or any name after "issued by", "avalado por", not the house's; none (an
        empty set) when that is the house itself ("is the certificate issued by Ruta
        Academy?"); None when the question asks no issuer."""
        if not _CERTIFICATE.search(question):
            return None
        found: set[str] | None = set() if _WHO_ISSUES[self.lang].search(question) else None
        for match in _ISSUER[self.lang].finditer(question):
            name = match.group("name")
            words = _WORD.findall(name)
            terms = {self.known(t) or t for t in self.tokens(name)} - self.general
            if not (terms and terms <= self.house):  # another's name: one that names an issuer
                if match.group("by") is None and not _INSTITUTION.match(name):
                    continue
                if match.group("by") is not None and not (words and words[0][:1].isupper()):
                    continue
            found = (found or set()) | (terms - self.house)
        return found

    def manner(self, question: str) -> np.ndarray:
        """The lines of the sections of the payment methods' document, but theirs, that the
        manner a question pays in names ("con tarjeta en cuotas", "by card in monthly
        payments": the instalments); none for another question."""
        chosen = np.zeros_like(self.is_payment)
        payment = [p for p in self.passages if p.heading == _PAYMENT_SECTION[self.lang]]
        if len(payment) != 1:
            return chosen
        doc = payment[0].doc
        title = self.title_terms.get(doc, set())
        for match in _MANNER[self.lang].finditer(question[:MAX_QUESTION]):
            terms = {self.known(t) or t for t in self.tokens(match.group(0))}
            terms -= self.general | self.house | title
            for i, p in enumerate(self.passages):
                if p.doc == doc and p is not payment[0] and terms & self.heading_terms[i]:
                    chosen |= self.by_passage == i
        return chosen

    def means(self, question: str) -> tuple[str, str]:
        """Whether ``question`` asks if the house accepts a means of payment (``_ACCEPTS``), and
        which: ("listed", "") when the payment methods' lines name it ("¿aceptan tarjeta?", "do
        you take cards?"), ("unlisted", its name) when it is one the knowledge base never names
        ("do you take PayPal?", "¿puedo pagar con bitcoin?"), else ("", "")."""
        if not self.is_payment.any():
            return "", ""
        for match in _ACCEPTS[self.lang].finditer(question[:MAX_QUESTION]):
            phrase = _FRAME_END[self.lang].split(match.group(match.lastindex or 0))[0]
            named = _MEANS.search(phrase)  # first: "Mercado Pago", "Apple Pay" name "pago", "pay"
            if named is not None:
                return "unlisted", named.group(0)
            raw = {t for t in self.tokens(phrase) if not t.isdigit()} - self.general - self.house
            terms = {self.known(t) or t for t in raw}
            if terms & self.payment_terms:
                return "listed", ""
            if match.lastindex == 2 and raw and not any(self.known(t) for t in raw):
                # "¿se puede pagar con nequi?": paid with what the knowledge base never names
                return "unlisted", phrase.strip(" ,.;:!?¿¡")
        named = _MEANS.search(question[:MAX_QUESTION])  # "pay the bootcamp with a cheque"
        if named is not None and _PAYS[self.lang].search(question[:MAX_QUESTION]):
            return "unlisted", named.group(0)
        return "", ""

    def _first_listed(self, question: str, scores: np.ndarray, opening: np.ndarray) -> np.ndarray:
        """For an opening question that names none of the sections with hours ("¿a qué hora
        abren los sábados?"), ``scores`` with the lines of hours it may be answered by scored
        alike, so the first one listed (the head office's) is quoted, not the shortest."""
        hours = opening & self.is_hours
        if not hours.any():
            return scores
        asked = {self.known(t) or t for t in self.tokens(question)}
        sections = {int(i) for i in self.by_passage[hours]}
        for i in sections:
            if (self.heading_terms[i] - self.title_terms.get(self.passages[i].doc, set())) & asked:
                return scores
        return np.where(hours, scores[hours].max(), scores)

    def opening(self, question: str, scores: np.ndarray | None = None) -> np.ndarray | None:
        """For a question whether or when a place opens, closes or attends (``_OPENS``), the
        opening lines that answer it: a line of hours (``_HOURS_LINE``) or one that says what
        closes on a day the question names ("All campuses are closed on Sundays"), whose line,
        section or document holds every other word the question names ("Lima", not the day,
        nor how it asks); None when it is no such question or no such line matches it."""
        if not _OPENS[self.lang].search(question) or not len(self.lines):
            return None
        days = self.days(question)
        about = self.own_terms(_OPENS[self.lang].sub(" ", question)) - days
        closing = self.is_closing & np.array(
            [  # a section's closing day ("Cusco also closes on 24 June") when it is named
                bool(d & days) and (bool(about) or not self.passages[i].heading)
                for d, (i, _j) in zip(self.line_days, self.lines, strict=True)
            ],
            dtype=bool,
        )
        covers = np.array(
            [
                about <= self.line_terms[n] | self.passage_terms[i] | self.scope_terms[i]
                for n, (i, _j) in enumerate(self.lines)
            ],
            dtype=bool,
        )
        found = (self.is_hours | closing) & covers
        if scores is not None:
            found &= scores > 0
        return found if found.any() else None

    def hours(self, question: str, passage: Passage, line: int) -> list[tuple[str, str]]:
        """For an opening question answered from ``line`` of ``passage``, the lines of hours of
        its document's sections the question names (every one when it names none), as
        (heading, line), but the one quoted; [] for another question."""
        if passage not in self.passages or not _OPENS[self.lang].search(question):
            return []
        asked = {self.known(t) or t for t in self.tokens(question)}
        title = self.title_terms.get(passage.doc, set())
        timed = [
            (i, j)
            for n, (i, j) in enumerate(self.lines)
            if self.is_hours[n] and self.passages[i].doc == passage.doc
        ]
        named = [(i, j) for i, j in timed if (self.heading_terms[i] - title) & asked]
        quoted = (self.passages.index(passage), line)
        return [
            (self.passages[i].heading, self.passages[i].lines[j])
            for i, j in named or timed
            if (i, j) != quoted
        ]

    def _on_day(self, question: str, scores: np.ndarray) -> np.ndarray:
        """For a question about a day of the week (``_WEEKDAYS``: "¿tiene clases los
        domingos?", "is the SQL course on saturdays?"), ``scores`` with the lines whose line,
        section or document introduction names that day ranked first (``NUMBER_BOOST``) and the
        others lower (``DAY_PENALTY``), when some line does: a line that merely names what it
        asks about (the course's price) does not answer it. Every line lower when this language
        never names the day (a question in another language)."""
        asked = _WEEKDAYS.search(fold(question))
        days = set(self.tokens(asked.group(0))) if asked else set()
        if not days:
            return scores
        if not days & self.idf.keys():
            return scores * DAY_PENALTY
        holds = np.array(
            [
                bool(days & (self.line_terms[n] | self.passage_terms[i] | self.scope_terms[i]))
                for n, (i, _j) in enumerate(self.lines)
            ],
            dtype=bool,
        )
        intros = {i for i, p in enumerate(self.passages) if not p.heading}
        for i in intros:  # "All campuses are closed on Sundays": said of every section
            if days & self.passage_terms[i]:
                holds |= np.array(
                    [self.passages[k].doc == self.passages[i].doc for k, _j in self.lines]
                ) & (self.by_passage == i)
        if not (holds & (scores > 0)).any():
            return scores
        return np.where(holds, scores * (1 + NUMBER_BOOST), scores * DAY_PENALTY)

    def _among(self, index: int, scores: np.ndarray, lines: np.ndarray) -> int:
        """The best-scoring of ``lines`` in ``index``'s section, else ``index``."""
        others = np.flatnonzero((self.by_passage == self.by_passage[index]) & lines)
        return int(others[np.argmax(scores[others])]) if len(others) else index

    def _timed(self, index: int, scores: np.ndarray) -> int:
        """The best-scoring line with a clock time of ``index``'s section, else ``index``."""
        others = np.flatnonzero((self.by_passage == self.by_passage[index]) & self.has_clock)
        others = others[scores[others] > 0]
        return int(others[np.argmax(scores[others])]) if len(others) else index

    def _meeting(self, best: int, scores: np.ndarray, quantities: list[Quantity]) -> int:
        """The line of ``best``'s section that answers a question saying ``quantities``: among
        its lines whose condition they meet, when ``best`` sets one, the narrowest ("3 días
        antes": "menos de 7 días antes", not "7 días o más antes"; "40 minutes late": "more
        than 30 minutes late", not "more than 15"; "hace 2 semanas": "después de la primera
        semana", not "7 días o más antes"), the best-scoring first; else ``best``."""
        i = self.lines[best][0]
        if _meets(self.line_conditions[best], quantities) == 0:
            return best
        others = np.flatnonzero(self.by_passage == i)
        meeting = [
            int(other)
            for other in others[np.argsort(-scores[others], kind="stable")]
            if _meets(self.line_conditions[int(other)], quantities) > 0
        ]
        mine = self.line_conditions[best]
        parallel = [line for line in meeting if _parallel(self.line_conditions[line], mine)]
        if not parallel:
            return best
        return max(parallel, key=lambda line: _bounds(self.line_conditions[line]))

    def _unmet(self, quantities: list[Quantity]) -> np.ndarray:
        """The lines of a section that counts its conditions only from the other side of a
        point than the quantities a question says, and has no line they meet ("the course
        started 3 days ago": not "up to 3 days before your course starts"). A condition the
        quantity merely exceeds may still answer ("pagué hace 3 días": "within 48 hours")."""
        verdict = {
            line: _meets(self.line_conditions[line], quantities) for line in self.conditioned
        }
        met = {int(self.by_passage[line]) for line, found in verdict.items() if found > 0}
        failed = {
            int(self.by_passage[line])
            for line, found in verdict.items()
            if found < 0 and _opposite(self.line_conditions[line], quantities)
        }
        return np.isin(self.by_passage, sorted(failed - met))

    def topic(self, question: str) -> Topic | None:
        """The topic a short message names and nothing more: every word of it that names
        something (at most ``TOPIC_MAX_TERMS``, none unknown to the knowledge base) is in one
        document's title ("fees", "becas": the document's overview) or in a section's heading
        with its document's title ("payment methods", "medios de pago": that section). A
        heading two or more documents share ("discounts") gives each document's section, up
        to ``TOPIC_MAX_SECTIONS``. A title's parenthesis names its document only when no other
        title does ("Ruta Campus" is the online platform, "campus" the campuses). More than
        one casual word ("tipo de cambio hoy") is more than a topic. None when the message
        asks more, or names no single topic."""
        question = self.chatterless(question)
        if len(_WORD.findall(question)) > TOPIC_MAX_WORDS or _acknowledges(question):
            return None
        found = self._named_topic(self.many(question))  # "muchas faltas": repeated ones
        if found is None or not found.sections:  # a section of the menu it names, if any
            return self.entry(question, found.doc if found is not None else None) or found
        return found

    def _named_topic(self, question: str) -> Topic | None:
        """:meth:`topic` of a message without chatter, by the words that name something."""
        tokens = [self.known(t) or t for t in self.tokens(question)]
        if sum(t in self.general for t in tokens) > 1:
            return None
        terms = set(tokens) - self.general - self.topic_frame
        if not terms or len(terms) > TOPIC_MAX_TERMS or not terms <= self.idf.keys():
            return None
        docs = [doc for doc, title in self.title_terms.items() if terms <= title]
        if len(docs) > 1:
            main = [doc for doc in docs if terms <= self.title_main[doc]]
            docs = main or docs
        if len(docs) == 1:
            return self._topic(docs[0])
        if 2 <= len(docs) <= TOPIC_MAX_SECTIONS:  # "horarios": opening hours and class times
            first = self._topic(docs[0])
            more = tuple(self._topic(doc).document for doc in docs[1:])
            return Topic(first.doc, first.document, (), more)
        named = [
            i
            for i, p in enumerate(self.passages)
            if terms & self.heading_terms[i]
            and terms <= self.heading_terms[i] | self.title_terms[p.doc]
            and not self.self_cancel(question, p)  # "if I cancel": not the house's cancelling
        ]
        by_doc: dict[str, list[int]] = {}
        for i in named:
            by_doc.setdefault(self.passages[i].doc, []).append(i)
        if len(by_doc) == 1:
            ((doc, found),) = by_doc.items()
            return self._topic(doc, found) if len(found) == 1 else self._topic(doc)
        if 2 <= len(by_doc) <= TOPIC_MAX_SECTIONS and all(len(f) == 1 for f in by_doc.values()):
            # the same heading in several documents: each one's section, the fuller first
            order = sorted(named, key=lambda i: -len(self.passages[i].lines))
            return Topic(
                self.passages[order[0]].doc,
                tuple(p for p in self.passages if p.doc == self.passages[order[0]].doc),
                tuple(self.passages[i] for i in order),
            )
        return None

    def entry(self, question: str, doc: str | None = None) -> Topic | None:
        """The section of a document's menu a short message names (the overview lists them:
        "how do I enrol?", "¿quién puede matricularse?", "Cómo matricularse"): every word of its
        heading but the fillers, its asking words too ("who can" beside "how to"), is in the
        message, which names nothing else than that heading and its document's title; the
        longest such heading, when one is. A question for what one needs ("what do I need to
        enrol?", "¿qué requisitos piden para matricularme?") names the document's section of
        requirements or of who can. Only a section of ``doc`` when given (the document the
        message names by its title: "contact" is the contacts, not accessibility's "Contact").
        None when no single section is named."""
        if len(_WORD.findall(question)) > TOPIC_MAX_WORDS:
            return None
        needs = _REQUIREMENTS[self.lang].search(question)
        rest = _REQUIREMENTS[self.lang].sub(" ", question) if needs else question
        said = {self.known(t) or t for t in self.tokens(rest)}
        # casual shortenings the knowledge base never uses ("q", "pa") name nothing
        said = {t for t in said if t in self.idf or len(t) > 2}
        said -= self.general | self.house | self.topic_frame
        if not said or not said <= self.idf.keys():
            return None
        words = set(self._stems(question))
        found: list[tuple[int, int]] = []
        for i, p in enumerate(self.passages):
            if doc not in (None, p.doc) or not p.heading:
                continue
            if not said <= self.heading_terms[i] | self.title_terms[p.doc]:
                continue
            if self.self_cancel(question, p):  # "if I cancel": not "If Ruta Academy cancels"
                continue
            heading = set(self._stems(re.sub(r"\(.*?\)", " ", p.heading), fillers=True))
            if needs:  # the section of requirements, or of who can
                named = bool(_REQUIREMENT_HEADING.match(p.heading))
            else:  # every word of its heading said
                named = bool(self.heading_terms[i]) and heading <= words
            if named:
                found.append((i, len(heading)))
        longest = max((size for _, size in found), default=0)
        sections = [i for i, size in found if size == longest]
        return self._topic(self.passages[sections[0]].doc, sections) if len(sections) == 1 else None

    def self_cancel(self, question: str, passage: Passage) -> bool:
        """Whether ``question`` asks what happens when the learner cancels ("if I cancel the
        course", "si cancelo") and ``passage`` is about the house cancelling ("If Ruta Academy
        cancels a course"): it does not answer that."""
        if not _SELF_CANCEL[self.lang].search(question):
            return False
        return bool(set(self.tokens(passage.heading, merged=False)) & self.house)

    def _stems(self, text: str, fillers: bool = False) -> list[str]:
        """Every word of ``text`` stemmed with synonyms merged, stop words kept ("who", "cómo":
        they tell "Who can enrol" from "How to enrol"); without ``_HEADING_FILLERS`` when
        ``fillers``."""
        words = _words(fold(text))
        if fillers:
            words = [w for w in words if w not in _HEADING_FILLERS[self.lang]]
        return [self.synonyms.get(str(t), str(t)) for t in self.stemmer.stemWords(words)]

    def _topic(self, doc: str, sections: list[int] | None = None) -> Topic:
        document = tuple(p for p in self.passages if p.doc == doc)
        return Topic(doc, document, tuple(self.passages[i] for i in sections or []))

    def holds(self, question: str, passage: Passage, line: int, least: int = 1) -> bool:
        """Whether every word of ``question`` but the house's (at least ``least`` of them) is,
        as written, in that line of ``passage`` or its section's heading; a campus's name and
        the word "campus" too, of a line of the campuses' document about none of them."""
        if passage not in self.passages:
            return False
        i = self.passages.index(passage)
        n = self.lines.index((i, line))
        found = self.line_terms[n] | self.heading_terms[i]
        terms = set(self.tokens(question[:MAX_QUESTION])) - self.house
        if passage.doc in self.place_docs and not self.line_places[n]:
            # a campus's line about no campus ("Wi-Fi network: …") holds at each: "whats the
            # wifi password in lima", "hay wifi en arequipa?" are its words
            terms -= self.places.keys() | self.campus_terms
        return len(terms) >= least and terms <= found

    def elsewhere(self, question: str) -> Topic | None:
        """Whether the house has something in a place the knowledge base never names ("is there
        a campus in Piura?", "¿tienen sede en Chiclayo?"): the document that lists those things
        (its overview: what it does have), when the rest of the question names one; else None."""
        place = _PLACE[self.lang].search(question[:MAX_QUESTION])
        if place is None or not _EXISTS[self.lang].search(question[: place.start()]):
            return None
        named = self.tokens(place.group(1))
        if not named or any(self.known(t) or t in self.general for t in named):
            return None
        found = self.topic(question[: place.start()])
        return found if found is not None and not found.sections else None

    def sibling_swapped(self, previous: str, own: set[str], answered: Hit | None) -> set[str]:
        """The words of ``previous`` (a question ``answered`` by a line) that named one item of
        its section ("yape" of "¿aceptan yape?": the line about Yape and Plin, in the payment
        methods), when a follow-up's own words (``own``: "tarjeta") name another item of that
        section and none of those: they give way to the follow-up's. Else none."""
        if answered is None or answered.passage not in self.passages:
            return set()
        i = self.passages.index(answered.passage)
        line = self.line_terms[self.lines.index((i, answered.line))]
        asked = {self.known(t) or t for t in self.tokens(previous)}
        named = (
            (asked & line)
            - self.heading_terms[i]
            - self.title_terms.get(answered.passage.doc, set())
            - self.general
            - self.house
        )
        others = set().union(
            *(
                self.line_terms[n]
                for n, (k, j) in enumerate(self.lines)
                if k == i and j != answered.line
            )
        )
        framing = self.heading_terms[i] | self.title_terms.get(answered.passage.doc, set())
        if not named or own & (named | framing) or not own <= others:
            return set()  # "and how much is it?": what is asked of the same item, not another
        return named

    def elliptic(self, question: str) -> bool:
        """Whether a question names nothing of its own to ask about ("how long does it take",
        "y cuándo empieza", "a qué hora abre"): no frame says what, and it has at most one word
        that names something. It asks about what was named before it."""
        if self._framed(question):
            return False
        return len(self.own_terms(question)) <= 1

    def own_terms(self, question: str) -> set[str]:
        """The words of a question that name something, as searched, without those of how it
        asks ("a qué hora", "cuánto demora"): "cuánto demora el digital": "digital"."""
        for asking in (_HOUR, _WHEN, _HOW_LONG):  # "a qué hora": how it asks, not what about
            question = asking[self.lang].sub(" ", question)
        return {self.known(t) or t for t in self.tokens(question)} - self.general - self.house

    def section_terms(self, doc: str, heading: str | None) -> set[str]:
        """The words of a section's heading (``heading`` None: of every section's heading) of
        the document ``doc``, as searched."""
        found: set[str] = set()
        for i, p in enumerate(self.passages):
            if p.doc == doc and heading in (None, p.heading):
                found |= self.heading_terms[i]
        return found - self.title_terms.get(doc, set())

    def _framed(self, question: str) -> str:
        """The thing a frame of the question names ("is there a gym": "gym"), else ""."""
        for frame in _FRAMES[self.lang]:
            for match in frame.finditer(question):
                phrase = _FRAME_END[self.lang].split(match.group(1))[0].strip()
                if self.tokens(phrase):
                    return phrase
        return ""

    def subject(self, question: str) -> str:
        """What a question asks about, folded: the thing its frame names ("how much does the
        certificate cost": "certificate", "cuánto cuesta el curso de excel": "curso de
        excel"), else its words that name something ("dónde queda la sede de cusco": "sede
        cusco"); "" when none does."""
        framed = self._framed(question)
        if framed:
            return fold(framed)
        naming = [
            word
            for word in _WORD.findall(fold(question))
            if word not in self.stopwords and set(self.tokens(word)) - self.general
        ]
        return " ".join(naming)

    def unknown_asked(self, question: str) -> tuple[str, ...]:
        """The words the knowledge base never uses in what ``question`` asks about: the thing
        whose existence, price or use it asks ("is there a gym", "can I pay with bitcoin",
        "cuánto cuesta el bootcamp de ciberseguridad"). An unknown word elsewhere ("I bombed the
        level test") only weighs in the coverage."""
        found: set[str] = set()
        # a word of a phrase the whole question says ("hotel customer service": the course's
        # Spanish name) is not unknown where a frame cuts the phrase ("what's the price of the
        # hotel customer")
        whole = set(self.tokens(question.replace("-", "")))
        for frame in _FRAMES[self.lang]:
            for match in frame.finditer(question):
                phrase = _FRAME_END[self.lang].split(match.group(1))[0]
                for term in self.tokens(phrase.replace("-", "")):
                    if term not in whole:
                        continue
                    if term not in self.general and not term.isdigit() and not self.known(term):
                        found.add(term)
        return tuple(sorted(found))

    def names(self, question: str) -> set[str]:
        """The terms of the names in ``question``: capitalised words past a sentence's first
        word, words with a capital inside and acronyms (``Excel Avanzado``, ``Huawei``,
        ``iCloud``, ``SINEACE``), as searched."""
        found: set[str] = set()
        for sentence in _SENTENCE.split(question):
            words = _WORD.findall(sentence)
            for position, word in enumerate(words):
                inner = word[1:] != word[1:].lower()  # iCloud, PayPal
                named = (position > 0 and word[:1].isupper()) or inner or _ACRONYM.fullmatch(word)
                if not named or fold(word) in _CAPITALISED_WORDS:  # English, Monday: not names
                    continue
                terms = self.tokens(word)
                if all(t in self.general for t in terms):  # OK, Hey: not names
                    continue
                found.update(self.known(t) or t for t in terms)
        return found

    def alternatives(self, question: str) -> str:
        """``question`` without a name it offers as an alternative to one the knowledge base
        uses ("¿tiene validez oficial de la SEP o del MINEDU?": SEP, Mexico's ministry, beside
        Peru's MINEDU, which it names): asked either way, what is said of the known one
        answers. Unchanged when both or neither are known."""

        acronyms = {fold(a) for p in self.passages for a in _ACRONYM.findall(p.text)}

        def known(word: str) -> bool:
            terms = self.tokens(word)
            return bool(terms) and all(t in self.idf or self.known(t) for t in terms)

        def drop(match: re.Match[str]) -> str:
            one, other = match.group("one"), match.group("other")
            if fold(one) in acronyms and not known(other):  # an institution's name
                return match.group("first")
            if fold(other) in acronyms and not known(one):
                return match.group("second")
            return match.group(0)

        return _ALTERNATIVE.sub(drop, question)


# Two names offered as alternatives ("de la SEP o del MINEDU", "SUNEDU or SEP"): one the
# knowledge base never uses is dropped (``_Index.alternatives``)
_ALTERNATIVE = re.compile(
    r"(?P<first>(?:\b(?:de la|del|de|la|el|the)\s+)?(?P<one>\b\w{2,}\b))"
    r"\s+(?:o|u|or)\s+"
    r"(?P<second>(?:\b(?:de la|del|de|la|el|the)\s+)?(?P<other>\b\w{2,}\b))",
    re.I,
)


# Words a stemmer would cut to another word's stem: the days ("sábados" and "sabes" are both
# "sab", "feriado" and "feria" both "feri"), kept whole, as their singular
# (a plural "-s" for those that do not end in one: "lunes" is its own plural)
_WHOLE_WORDS = {
    **{day: day for day in _DAY_WORDS},
    **{f"{day}s": day for day in _DAY_WORDS if not day.endswith("s")},
}
# The stems of a verb in -ify / -ificar that a stemmer leaves longer than its noun's ("justify":
# "justifi", "justification": "justif"; "justifico": "justif", "justificar": "justific")
_VERB_STEM = {"en": re.compile(r"(?<=\w{3}if)i$"), "es": re.compile(r"(?<=\w{3}if)ic$")}


class _Stemmer:
    """A language's Snowball stemmer that keeps the days whole (``_WHOLE_WORDS``) and gives a
    verb in -ify / -ificar its noun's stem (``_VERB_STEM``)."""

    def __init__(self, lang: str) -> None:
        self.stemmer = Stemmer.Stemmer("english" if lang == "en" else "spanish")
        self.verb = _VERB_STEM.get(lang)

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 (Stemmer's own name)
        stems = [str(t) for t in self.stemmer.stemWords(words)]
        if self.verb is not None:
            stems = [self.verb.sub("", t) for t in stems]
        return [_WHOLE_WORDS.get(w, t) for w, t in zip(words, stems, strict=True)]


def _bm25(docs: list[list[str]], b: float) -> bm25s.BM25:
    retriever = bm25s.BM25(b=b)
    retriever.index(docs, show_progress=False)
    return retriever


def _synonyms(
    path: Path, stemmer: _Stemmer, stopwords: frozenset[str]
) -> tuple[dict[str, str], dict[str, str], dict[tuple[str, ...], tuple[str, ...]]]:
    """``<folder>/synonyms/<lang>.txt``: one group of equivalent words or phrases per line
    (``#`` comments), the first one kept. A word's stem maps to the first entry's stem. A phrase
    of two or more words that are not stop words (``change password``) is read on stems, its
    stop words dropped and its words' synonyms merged (``cambio mi clave`` is ``cambiar
    contraseña``), and becomes the first entry's stems; a shorter one (``sign up``) is replaced
    by the first entry in the folded text before it is split."""
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    groups: list[list[str]] = []
    if not path.is_file():
        return words, phrases, {}

    def stems(entry: str) -> list[str]:
        found = [w for w in _words(entry) if w not in stopwords]
        return [str(t) for t in stemmer.stemWords(found)]

    for line in path.read_text(encoding="utf-8").splitlines():
        entries = [fold(w).strip() for w in line.split("#")[0].split(",")]
        entries = [e for e in entries if e]
        if entries:
            groups.append(entries)
    stem_phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entries in groups:  # single words first: a phrase's words are read with their synonyms
        first = entries[0]
        if " " in first and len(stems(first)) >= 2:
            continue  # its single words become the first entry's stems (below)
        head = first.replace(" ", "")
        single = [e.replace("-", "") for e in entries if " " not in e and e not in stopwords]
        found = [str(t) for t in stemmer.stemWords([head.replace("-", ""), *single])]
        for stem in found[1:]:
            if stem != found[0]:
                words.setdefault(stem, found[0])
    for entries in groups:
        first = entries[0]
        target = tuple(words.get(t, t) for t in stems(first))
        if " " not in first or len(target) < 2:
            target = tuple(
                str(t) for t in stemmer.stemWords([first.replace(" ", "").replace("-", "")])
            )
            head = first.replace(" ", "")
            for entry in entries:
                if " " in entry and len(stems(entry)) < 2:  # the first keeps its words
                    phrases.setdefault(entry, f"{entry} {head}" if entry == first else head)
                elif " " in entry:
                    key = tuple(words.get(t, t) for t in stems(entry))
                    stem_phrases.setdefault(
                        key, (words.get(target[0], target[0]),) if target else ()
                    )
            continue
        for entry in entries[1:]:
            key = tuple(words.get(t, t) for t in stems(entry))
            if len(key) < 2 and " " in entry:
                phrases.setdefault(entry, first)
            elif key and key != target:
                stem_phrases.setdefault(key, target)
    return words, phrases, {k: v for k, v in stem_phrases.items() if v}


def _hit_data(hit: Hit, found: bool) -> dict[str, object]:
    """What a reply quoting ``hit``'s line carries: where the line is, the line, its language and
    how well it matched."""
    p = hit.passage
    return {
        "found": found,
        "source": p.source,
        "doc": p.doc,
        "section": p.heading,
        "sentence": hit.sentence,
        "lang": p.lang,
        "score": round(hit.score, 3),
        "coverage": hit.coverage,
    }


def _joined(names: tuple[str, ...], lang: str) -> str:
    """Names listed in prose: "Lima", "Lima and Arequipa", "Lima, Arequipa y Trujillo"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'y' if lang == 'es' else 'and'} {names[-1]}"


def _asked_of_course(question: str, lang: str) -> str | None:
    """What a question asks of a course: its ``length``, its ``price`` or neither (None)."""
    if _ASKS_LENGTH[lang].search(question):
        return "length"
    return "price" if _ASKS_PRICE[lang].search(question) else None


def _acknowledges(message: str) -> bool:
    """Whether a message only acknowledges ("vale", "ok, dale"): it asks nothing."""
    words = _WORD.findall(fold(message))
    return bool(words) and set(words) <= _ACKNOWLEDGEMENTS


def _numbered(text: str) -> str:
    """``text`` folded, its number words as digits ("tres días": "3 dias")."""
    return _WORD.sub(lambda m: _NUMBER_WORDS.get(m.group(0), m.group(0)), fold(text))


def _measure(amount: str, unit: str) -> tuple[str, float, str]:
    """A quantity as (dimension, value, unit): time in hours, a share in %."""
    found = next(key for key, words in _UNIT_WORDS.items() if re.fullmatch(words, unit))
    value = float(amount.replace(",", ".")) * _UNITS[found]
    return ("%" if found == "%" else "time"), value, found


def _conditions(line: str) -> list[Condition]:
    """The conditions a line sets on a quantity ("7 or more days": time ≥ 168 h; "after the
    first week of classes": time after > 168 h), as (dimension, least, most, whether the bounds
    themselves are out, unit, direction: ``before`` / ``after`` a point, or "")."""
    found: list[Condition] = []
    text = _numbered(line)
    taken: list[tuple[int, int]] = []
    for pattern, kind in _CONDITIONS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # read by an earlier pattern ("at least 10 days" is no "10 days")
            taken.append(match.span())
            groups = match.groups()
            if kind in {"after", "until"}:  # "after the first week", "up to the end of the…"
                dimension, value, unit = _measure(_ORDINALS[groups[0]], groups[-1])
                if kind == "after":
                    found.append((dimension, value, float("inf"), True, unit, "after"))
                else:
                    found.append((dimension, 0.0, value, False, unit, "after"))
                continue
            dimension, value, unit = _measure(groups[0], groups[-1])
            side = _side(text, match.end())
            if kind == "range":
                most = _measure(groups[1], groups[-1])[1]
                found.append((dimension, value, most, False, unit, side))
            elif kind in {"ge", "gt"}:
                found.append((dimension, value, float("inf"), kind == "gt", unit, side))
            else:
                least = float("-inf") if kind == "lt" else 0.0
                found.append((dimension, least, value, kind == "lt", unit, side))
    return found


def _side(text: str, end: int) -> str:
    """Whether the quantity that ends at ``end`` of a line is counted before a point ("7 days
    before the start date", "10 días hábiles de anticipación") or after one ("within 10
    business days after the course ends"), else ""."""
    found = _SIDE_AFTER.match(text, end)
    if found is None:
        return ""
    return "before" if found.group(1) else "after"


def _quantities(question: str) -> list[Quantity]:
    """The quantities a question says ("3 días antes", "a week before", "hace 2 semanas", "after
    the second week"), as (dimension, value, direction: ``before`` / ``after`` a point ("2
    weeks ago", "llevo 3 semanas de clases"), or ""); not a rate's ("hours a day", "horas por
    semana")."""
    text = _numbered(question)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _ORDINAL_QUANTITY.finditer(text):  # "after the second week", "en la 1ra semana"
        taken.append(match.span())
        dimension, value, unit = _measure(_ORDINALS[match.group(2)], match.group(3))
        step = _UNITS[unit]
        after = match.group(1) in {"after", "despues de"}
        found.append((dimension, value + 1 if after else value - step / 2, "after"))
    for match in _QUANTITY.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        if match.group(1) is None and _RATE.search(text[: match.start()]):
            continue
        dimension, value, _unit = _measure(match.group(1) or "1", match.group(2))
        side = _side(text, match.end())
        if _ASKED_BEFORE.search(text[: match.start()]):
            side = "before"  # "faltan 3 días"
        elif _ASKED_AFTER.search(text[: match.start()]) or _ASKED_AFTER_END.match(
            text, match.end()
        ):
            side = "after"  # "hace 2 semanas", "2 weeks ago", "llevo 3 semanas de clases"
        found.append((dimension, value, side))
    return found


def _spans(line: str) -> bool:
    """Whether a line says a span of time ("within 10 business days", "3 meses")."""
    return any(dimension == "time" for dimension, *_ in _quantities(line))


def _meets(conditions: list[Condition], quantities: list[Quantity]) -> int:
    """1 when every quantity of the question a condition of the line is about meets one of
    them (a line's conditions are alternatives: "less than 7 days before the start, and up to
    the end of the first week"), -1 when none does, else 0 (also: no such condition). A
    quantity counted after a point never meets a condition counted before one, and the reverse
    ("2 weeks ago" is not "7 or more days before")."""
    verdicts = [
        any(
            (not side or not towards or side == towards)
            and ((lo < value < hi) if open_ else (lo <= value <= hi))
            for dimension, lo, hi, open_, _unit, side in conditions
            if dimension == kind
        )
        for kind, value, towards in quantities
        if any(condition[0] == kind for condition in conditions)
    ]
    if not verdicts:
        return 0
    return 1 if all(verdicts) else (-1 if not any(verdicts) else 0)


def _opposite(conditions: list[Condition], quantities: list[Quantity]) -> bool:
    """Whether every condition of a line on a quantity the question says is counted from the
    other side of a point ("before the start" for "2 weeks ago")."""
    sides = [
        (side, towards)
        for dimension, *_, side in conditions
        for kind, _value, towards in quantities
        if kind == dimension
    ]
    return bool(sides) and all(side and towards and side != towards for side, towards in sides)


def _parallel(one: list[Condition], other: list[Condition]) -> bool:
    """Whether two lines set the same kind of condition: in a unit they share ("7 or more
    days", "less than 7 days"), or both counted from a point ("7 or more days before the
    start", "after the first week of classes")."""
    if {c[4] for c in one} & {c[4] for c in other}:
        return True
    return any(c[5] for c in one) and any(c[5] for c in other)


def _bounds(found: list[Condition]) -> tuple[float, float]:
    """How narrow a line's conditions are: its greatest least bound, then its smallest most
    bound (negated), for ``max``."""
    return max(lo for _, lo, *_ in found), -min(hi for _, _, hi, *_ in found)


def _words(folded: str) -> list[str]:
    """The words of a folded text, numbers written as digits; ``wi-fi``: wi, fi and wifi."""
    words: list[str] = []
    for word in _WORD.findall(folded):
        parts = word.split("-")
        words.extend([*parts, "".join(parts)] if len(parts) > 1 else parts)
    return [_NUMBER_WORDS.get(w, w) for w in words]


def _rephrased(stems: list[str], phrases: dict[tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """``stems`` with every phrase of ``phrases`` (the longest first) replaced."""
    longest = max(map(len, phrases), default=0)
    out: list[str] = []
    i = 0
    while i < len(stems):
        for n in range(min(longest, len(stems) - i), 0, -1):
            found = phrases.get(tuple(stems[i : i + n]))
            if found is not None:
                out.extend(found)
                i += n
                break
        else:
            out.append(stems[i])
            i += 1
    return out


def _stopwords(lang: str) -> frozenset[str]:
    base: Iterable[str] = STOPWORDS_EN_PLUS if lang == "en" else STOPWORDS_SPANISH
    return frozenset(fold(w) for w in [*base, *_QUESTION_WORDS[lang].split()])


class KnowledgeBase:
    """The knowledge base in each language, searchable down to the line that holds the fact."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.indexes: dict[str, _Index] = {}
        for lang in LANGUAGES:
            where = folder if lang == LANGUAGES[0] else folder / lang
            found = split_passages(where, lang) if where.is_dir() else []
            if found:
                stemmer = _Stemmer(lang)
                stop = _stopwords(lang)
                words, phrases, stem_phrases = _synonyms(
                    folder / "synonyms" / f"{lang}.txt", stemmer, stop
                )
                general = frozenset(
                    str(t) for t in stemmer.stemWords(fold(_GENERAL_WORDS[lang]).split())
                )
                index = _Index(lang, found, stemmer, stop, words, general, phrases, stem_phrases)
                index.build()
                self.indexes[lang] = index
        default = self.indexes.get(LANGUAGES[0])
        self.passages: list[Passage] = default.passages if default else []

    @property
    def languages(self) -> list[str]:
        return list(self.indexes)

    def search(self, question: str, k: int = 3, lang: str = "en") -> list[Hit]:
        """The best ``k`` passages of ``lang`` (each with its best line), best first."""
        index = self.indexes.get(lang)
        if index is None or not re.search(r"\w", question):
            return []
        return index.search(question, k)

    def topic(self, question: str, lang: str = "en") -> Topic | None:
        """The topic a short message names (see ``_Index.topic``), read in ``lang`` first, then
        in the other languages, and given in ``lang`` when its document is there; else None."""
        order = [lang, *(code for code in self.indexes if code != lang)]
        for code in order:
            index = self.indexes.get(code)
            found = index.topic(question[:MAX_QUESTION]) if index is not None else None
            if found is not None:
                return self._topic_in(found, lang)
        return None

    def elsewhere(self, question: str, lang: str = "en") -> Topic | None:
        """The document that lists what a question asks for in a place it never names (see
        ``_Index.elsewhere``), read like ``topic``; else None."""
        order = [lang, *(code for code in self.indexes if code != lang)]
        for code in order:
            index = self.indexes.get(code)
            found = index.elsewhere(question) if index is not None else None
            if found is not None:
                return self._topic_in(found, lang)
        return None

    def _topic_in(self, topic: Topic, lang: str) -> Topic:
        index = self.indexes.get(lang)
        theirs = tuple(p for p in index.passages if p.doc == topic.doc) if index else ()
        if not theirs or len(theirs) != len(topic.document):
            return topic
        if any(p.doc != topic.doc for p in topic.sections):
            return topic  # sections of several documents: kept as read
        sections = tuple(theirs[topic.document.index(p)] for p in topic.sections)
        more = tuple(
            tuple(p for p in index.passages if p.doc == doc[0].doc) or doc
            for doc in topic.more
            if index is not None
        )
        return Topic(topic.doc, theirs, sections, more)

    def aligned(self, hit: Hit, lang: str) -> Hit:
        """The same line of the same document in ``lang`` (the hit itself when there is none)."""
        index = self.indexes.get(lang)
        if index is None or hit.passage.lang == lang:
            return hit
        mine = [p for p in self.indexes[hit.passage.lang].passages if p.doc == hit.passage.doc]
        theirs = [p for p in index.passages if p.doc == hit.passage.doc]
        position = mine.index(hit.passage)
        if len(mine) != len(theirs) or len(theirs[position].lines) != len(hit.passage.lines):
            return hit
        other = theirs[position]
        line = other.lines[hit.line]
        return replace(hit, passage=other, sentence=line, also=())


# Built knowledge bases of this process, by folder and the version of its files.
_BUILT: dict[tuple[str, tuple[tuple[str, int, int], ...]], KnowledgeBase] = {}
_BUILT_LOCK = threading.Lock()


def knowledge_base(folder: Path) -> KnowledgeBase:
    """The knowledge base of ``folder``, built once per process for each version of its files
    (their paths, sizes and modification times).

    A built base is only read afterwards (the near-word memo it fills is the same for every
    reader), so every app of one process shares it: a worker builds one app, but a test run
    builds hundreds, at ≈ 0.15 s of index building each."""
    found = folder.rglob("*") if folder.is_dir() else ()
    stats = sorted((str(p.relative_to(folder)), p.stat()) for p in found if p.is_file())
    version = tuple((name, stat.st_size, stat.st_mtime_ns) for name, stat in stats)
    key = (str(folder.resolve()), version)
    with _BUILT_LOCK:
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = KnowledgeBase(folder)
            for stale in [k for k in _BUILT if k[0] == key[0] and k != key]:
                del _BUILT[stale]  # an older version of the same folder
    return built


#: A request for information said without a question mark ("Kindly tell me the fees of the
#: bootcamp.", "dime el precio del curso."): a question of its own before the next sentence
_REQUEST = re.compile(
    r"^\W*(?:(?:kindly|please|pls|plz)\s+)?(?:tell|let me know|share|give|send|explain)\b"
    r"|\bi (?:want|would like|need) to know\b"
    r"|^\W*(?:dime|d[ií]game|d[ií]ganme|quiero saber|quisiera saber|necesito saber|"
    r"me (?:puedes|podr[ií]as|puede|podr[ií]a) decir)\b",
    re.I,
)


def _sentences(message: str, lang: str) -> list[str]:
    """``message`` split at its question marks, and at a full stop after a request or a
    question without its mark ("Kindly tell me the fees of the bootcamp. Is there an instalment
    option?"); a statement stays with the sentence after it ("I live in Cusco. Is there…")."""
    found: list[str] = []
    asking = _ASKING.get(lang, _ASKING["en"])
    for chunk in re.split(r"\?+", message):
        pieces = re.split(r"(?<=[a-záéíóúñ0-9)][.!])\s+(?=\S)", chunk, flags=re.I)
        held = ""
        for n, piece in enumerate(pieces):
            piece = f"{held} {piece}".strip() if held else piece
            if n == len(pieces) - 1 or _REQUEST.search(piece) or asking.search(piece):
                found.append(piece)
                held = ""
            else:
                held = piece
        if held:
            found.append(held)
    return found


def questions(message: str, lang: str) -> list[str]:
    """The questions one message asks: its parts split at a question mark, or at "and" / "y"
    before a question word ("how much is it and when does it start"), each without its leading
    "and"; a part with fewer than two words besides its chatter ("hola?", "I'm so confused
    lol") is none."""
    splitter = _AND_ASKS.get(lang, _AND_ASKS["en"])
    found: list[str] = []
    for sentence in _sentences(message[:MAX_QUESTION], lang):
        for part in splitter.split(sentence):
            part = _LEADING_AND.sub("", part).strip(" \t\n,;.¿¡!")
            if len(_WORD.findall(_CHATTER.sub(" ", part))) >= 2:
                found.append(part)
    return found


#: A price asked in another currency than the soles the academy charges in ("en pesos
#: colombianos", "in USD", "en dólares", "cuánto es en euros"): the currency's names, English
#: then Spanish, by what the message says
_CURRENCIES: tuple[tuple[re.Pattern[str], tuple[str, str]], ...] = tuple(
    (re.compile(rf"\b(?:{words})(?![\w$])", re.I), names)
    for words, names in (
        (r"pesos?\s+colombianos?|colombian\s+pesos?|cop", ("Colombian pesos", "pesos colombianos")),
        (r"pesos?\s+argentinos?|argentin(?:e|ian)\s+pesos?|ars",
         ("Argentine pesos", "pesos argentinos")),
        (r"pesos?\s+mexicanos?|mexican\s+pesos?|mxn", ("Mexican pesos", "pesos mexicanos")),
        (r"pesos?\s+chilenos?|chilean\s+pesos?|clp", ("Chilean pesos", "pesos chilenos")),
        (r"pesos?", ("pesos", "pesos")),
        (r"d[oó]lar(?:es)?|dollars?|usd|us\$|u\$s", ("US dollars", "dólares")),
        (r"euros?|eur", ("euros", "euros")),
        (r"reales|reais|brl", ("Brazilian reais", "reales")),
        (r"bolivianos|bob", ("bolivianos", "bolivianos")),
    )
)  # fmt: skip
#: A reply that gives a price in soles ("S/ 2,600")
_PRICED_REPLY = re.compile(r"S/\s*\d")
#: A question that asks a price ("cuánto vale", "how much", "precio", "cost"): one that names
#: a currency otherwise ("¿puedo pagar en dólares?") asks about paying, not a price
_ASKS_A_PRICE = re.compile(
    r"\b(?:cu[aá]nto|cu[aá]l es el (?:precio|costo)|precios?|costos?|cuesta|cuestan|vale|valen|"
    r"sale|salen|how much|price[sd]?|cost(?:s|ing)?|fees?|tuition|pensi[oó]n)\b",
    re.I,
)


def other_currency(question: str, lang: str) -> tuple[str, str] | None:
    """The other currency ``question`` asks a price in, named in ``lang``, and the question
    without it ("cuánto vale el bootcamp en pesos colombianos?": "pesos colombianos" and
    "cuánto vale el bootcamp?"); None when it names none."""
    if not _ASKS_A_PRICE.search(question):
        return None
    for pattern, names in _CURRENCIES:
        found = pattern.search(question)
        if found is None:
            continue
        before = question[: found.start()]
        lead = re.search(
            r"\s*\b(?:en|in|a|to|into|(?:pasad[oa]s?|convertid[oa]s?|converted)\s+(?:a|to))\s*$",
            before,
            re.I,
        )
        start = lead.start() if lead else found.start()
        rest = (question[:start] + " " + question[found.end() :]).strip()
        rest = re.sub(r"\s+([?!.,])", r"\1", re.sub(r"\s{2,}", " ", rest))
        return names[1] if lang == "es" else names[0], rest
    return None


#: A tag said at the end of a question, that asks nothing ("cuánto cuesta el bootcamp po",
#: "¿tienen clases online, cachai?", "how much is it mate", "tell me the fees yaar"): left out
#: of the search (an unknown word there read as a topic the base lacks: "I don't know")
#: Venezuela's, Colombia's, Mexico's ("… chamo", "… parce", "… oye", "… güey": probe 47,
#: P47-M9); a word that also says something ("cuánto vale", "mi pana", "mi hermano") is a tag
#: only after a comma ("¿aceptan tarjeta, vale?", "¿cuánto cuesta, mi pana?"), or without one
#: unless someone's ("… pana?", not "para mi pana?")
_TAGS = re.compile(
    r"(?:[\s,]+(?:po|poh|pos|pues|pue|pe|cachai|cachay|ya|che|wey|guey|güey|weon|weón|mate|"
    r"la|lah|yaar|yar|bro|bhai|sir|madam|ma'am|boss|no|innit|eh|nomas|nomás|oe|causa|"
    r"chamo|chama|chamito|marico|parce|parcero|parcera|oye|brother|bróder|broder|"
    # "… pana", "… hermano", but not someone's ("para mi pana", "inscribir a mi hermano")
    r"(?<!\bmi )(?<!\btu )(?<!\bsu )(?<!\bel )(?<!\bun )(?<!\ba )(?<!\bal )(?<!\bla )"
    r"(?<!\bmis )(?<!\bsus )(?<!\btus )(?<!\bdel )(?:pana|hermano|hermana))"
    r"|\s*,\s*(?:vale|pana|mi pana|hermano|hermana|mi hermano|mi hermana|mano|manito|amigo|"
    r"amiga|mi amigo|mi amiga))+"
    r"(?=[\s?!.…]*(?:$|[?!.]))",
    re.I,
)
#: Words said otherwise than the knowledge base says them: Spain's "vuestro" (its "vosotros"
#: verbs are read by ``texting.ustedes_present``, as the chat reads them), Mexico's "me regresan
#: el dinero", India's "EMI" (instalments), "eligibility criteria" (who is eligible)
_SAID_OTHERWISE: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "es": tuple(
        (re.compile(rf"\b{said}\b", re.I), meant)
        for said, meant in (
            (r"vuestr[oa]", "su"),
            (r"vuestr[oa]s", "sus"),
            (r"regres(?:an|en)", "devuelven"),
            (r"regresar[aá]n|regresar[ií]an", "devolverían"),
            (r"me salgo", "me retiro"),
            (r"me sal[ií]", "me retiré"),
            (r"salirme", "retirarme"),
        )
    ),
    "en": tuple(
        (re.compile(rf"\b{said}\b", re.I), meant)
        for said, meant in (
            (r"emis?(?:\s*/\s*|\s+or\s+)(?=instal)", ""),
            (r"emis?", "instalments"),
            (r"eligibility criteria", "eligibility"),
            (r"criteria", "requirements"),
        )
    ),
}


def plain_question(question: str, lang: str) -> str:
    """``question`` as the knowledge base words it: without the tags said at the end of its
    sentences (``_TAGS``) and with the words said otherwise in the base's words
    (``_SAID_OTHERWISE``); the reply's register is read from the question as written."""
    plain = _TAGS.sub("", question)
    if lang == "es":  # "¿tenéis clases online?" (Spain's "vosotros") as "¿tienen…?"
        plain = ustedes_present(plain)
    for pattern, meant in _SAID_OTHERWISE.get(lang, ()):
        plain = pattern.sub(meant, plain)
    plain = re.sub(r"\s{2,}", " ", plain).strip()
    return plain or question


def _in_register(text: str, question: str, lang: str) -> str:
    """``text`` (the skill's reply) with its own Spanish phrases said to "usted" when
    ``question`` is (``_USTED``: "¿me puede decir cuánto cuesta…?"); the knowledge base's
    quoted lines are as written."""
    if lang != "es" or not _USTED.search(question[:MAX_QUESTION]):
        return text
    for familiar, formal in _USTED_FORMS:
        text = text.replace(familiar, formal)
    return text


def _shared_asks(part: str, lang: str) -> list[str]:
    """A price asked of two things (``_TWO_PRICED``) as two questions, each asked alike
    ("cuánto cuesta el curso de power bi", "cuánto cuesta el certificado"); else ``part``."""
    found = _TWO_PRICED.get(lang, _TWO_PRICED["en"]).match(part)
    if found is None or len(_WORD.findall(found.group("second"))) > SHARED_ASK_WORDS:
        return [part]
    ask = found.group("ask")
    return [f"{ask} {found.group('first')}", f"{ask} {found.group('second')}"]


def _same(one: dict[str, object], other: dict[str, object]) -> bool:
    """Whether two answers say the same: the same line, or the same topic of a document."""
    keys = ("doc", "section", "sentence", "topic")
    return all(one.get(key) == other.get(key) for key in keys)


def answerable(
    hit: Hit,
    min_score: float,
    min_coverage: float = MIN_COVERAGE,
    full_coverage: float = FULL_COVERAGE,
) -> bool:
    """Whether a hit is relevant enough to answer from."""
    if hit.missing or hit.unknown or hit.place or hit.coverage < min_coverage:
        return False
    return hit.score >= min_score or hit.coverage >= full_coverage


def pick(
    tops: Iterable[Hit | None],
    min_score: float,
    min_coverage: float = MIN_COVERAGE,
    full_coverage: float = FULL_COVERAGE,
) -> Hit | None:
    """The first of each language's top hits (in the order searched) relevant enough to answer
    from; None when none is, or as soon as one asks about what that language's base lacks."""
    for hit in tops:
        if hit is None:
            continue
        if answerable(hit, min_score, min_coverage, full_coverage):
            return hit
        if hit.unknown or hit.place:  # it asks, in this language, about what is not here
            return None
    return None


class Knowledge(Skill):
    name = "knowledge"
    intents = frozenset({"faq"})
    label = lazy_gettext("knowledge")
    capability = lazy_gettext(
        "answer questions about %(org)s (courses, fees, schedules, campuses, certificates and "
        "more)",
        org=ORGANIZATION,
    )
    tools: ClassVar[tuple[str, ...]] = ("search_knowledge",)

    def __init__(
        self,
        kb: KnowledgeBase,
        min_score: float,
        catalog: Callable[[], Catalog | None] | None = None,
    ) -> None:
        self.kb = kb
        self.min_score = min_score
        self.catalog = catalog  # the pathways' course catalog, for what the base does not list

    @classmethod
    def build(cls, setup: SkillSetup) -> Knowledge:
        return cls(setup.kb, setup.faq_min_score, courses.served_catalog)

    def best(
        self, question: str, lang: str = "en", min_coverage: float = MIN_COVERAGE
    ) -> Hit | None:
        """The line that answers ``question``, in ``lang`` when the knowledge base has it there:
        the message's language is searched first, then the others; None: nothing answers it."""
        question = plain_question(question, lang)  # "… po", "¿tenéis …?", "EMI"
        order = [lang, *(other for other in self.kb.languages if other != lang)]
        tops = (next(iter(self.kb.search(question, k=1, lang=code)), None) for code in order)
        hit = pick(tops, self.min_score, min_coverage)  # searches the next language lazily
        if hit is not None and self._house_cancels(question, lang, hit):
            # "what happens if I cancel?": the best line of another section, if one answers
            others = self.kb.search(question, k=5, lang=hit.passage.lang)
            hit = pick(
                (h for h in others if not self._house_cancels(question, lang, h)),
                self.min_score,
                min_coverage,
            )
        if hit is not None and self._learner_cancels(question, lang, hit):
            # "si me retiro del curso me devuelven la plata?": what is refunded when, in the
            # section about the learner cancelling, not how to ask ("… con el nombre del curso")
            others = self.kb.search(question, k=5, lang=hit.passage.lang)
            mine = pick(
                (h for h in others if not self._learner_cancels(question, lang, h)),
                self.min_score,
                min_coverage,
            )
            hit = mine or hit
        if hit is not None and self._mode_unsaid(question, lang, hit):
            return None
        return self.kb.aligned(hit, lang) if hit is not None else None

    def _learner_cancels(self, question: str, lang: str, hit: Hit) -> bool:
        """Whether ``question`` asks what happens when the learner cancels ("if I drop out …
        do I get my money back?") and ``hit`` is of another section of a document that has one
        about that ("If you cancel" beside "How to request a refund")."""
        index = self.kb.indexes.get(hit.passage.lang)
        if index is None or not _SELF_CANCEL.get(lang, _SELF_CANCEL["en"]).search(question):
            return False
        cancel = {index.known(t) or t for t in index.tokens(_CANCEL_WORD[index.lang])}

        def learners(p: Passage) -> bool:
            said = {index.known(t) or t for t in index.tokens(p.heading, merged=False)}
            return bool(cancel & said) and not said & index.house

        if learners(hit.passage):
            return False
        return any(learners(p) for p in index.passages if p.doc == hit.passage.doc)

    def _house_cancels(self, question: str, lang: str, hit: Hit) -> bool:
        """Whether ``question`` asks what happens when the learner cancels and ``hit`` is of a
        section about the house cancelling ("If Ruta Academy cancels a course")."""
        index = self.kb.indexes.get(lang)
        return index is not None and index.self_cancel(question, hit.passage)

    def _mode_unsaid(self, question: str, lang: str, hit: Hit) -> bool:
        """Whether ``question`` asks how a course it names is taught (online, in person) and the
        line does not say that of it: a line that names no course the question names, or uses
        the mode's word of something else ("a free online placement test")."""
        code = hit.passage.lang if hit.passage.lang in _ASKS_MODE else lang
        index = self.kb.indexes.get(code)
        if index is None or not _ASKS_MODE.get(lang, _ASKS_MODE["en"]).search(question):
            return False
        asked = set(index.tokens(question))
        named = set().union(*(key & asked for key in index.priced_names if len(key & asked) > 1))
        if not named:
            return False
        line = hit.passage.lines[hit.line] if hit.passage.lines else hit.sentence
        return not (named & set(index.tokens(line)) and _SAYS_MODE[code].search(line))

    def whole(self, question: str, lang: str = "en", least: int = 1) -> Hit | None:
        """The line that answers ``question`` word for word: every word of it (at least
        ``least``; casual ones too, the house's own aside) is, as written, in that line or its
        section's heading ("wifi password?", "cuánto es la mora", "how do I reset my
        password"). The message is then nothing but that line's words, which says more than the
        intent model's label: the model learnt such words from messages about other things
        ("reset my Gmail password", whose "Gmail" the knowledge base never uses). None when a
        word is elsewhere ("bank fees": "fees" only in the document's title), unknown, read
        as a typo, or the line does not answer the question."""
        hit = self.best(question, lang, MIN_COVERAGE_RESCUE)
        index = self.kb.indexes.get(lang)
        if hit is None or hit.coverage < WHOLE_COVERAGE or hit.guessed or index is None:
            return None
        return hit if index.holds(question, hit.passage, hit.line, least) else None

    def answer(self, question: str, lang: str = "en") -> tuple[str, dict[str, object]]:
        """The reply to ``question`` in ``lang`` (cacheable: it depends on nothing else). A
        message that asks two things or more (``questions``) and is answered gets each of them
        answered, or said which one was not (``_several``)."""
        lang = lang if lang in _MESSAGES else "en"
        asked, question = question, plain_question(question, lang)
        currency = other_currency(question, lang)
        if currency is not None:
            # "¿cuánto vale el bootcamp en pesos colombianos?": the price in soles, and that the
            # assistant converts no currency (an exchange rate made up is a wrong price)
            text, data = self.answer(currency[1], lang)
            if _PRICED_REPLY.search(text):
                said = _MESSAGES[lang]["currency"].format(org=organization(), currency=currency[0])
                text = f"{_in_register(said, asked, lang)}\n{text}"
                data = {**data, "currency_asked": currency[0], "currency": "PEN"}
            return text, data
        text, data = self._one(question, lang)
        parts = questions(question, lang)
        if data.get("taught"):  # "¿tienen cursos online? vivo en Buenos Aires": what one says
            # of oneself is no question; "… ? ¿cuánto cuesta el de excel?" is
            parts = [
                part
                for part in parts
                if _ASKING[lang].search(part)
                or (_EXISTS[lang].search(part) and _ASKS_MODE[lang].search(part))
            ]
            if len(parts) < 2:
                return _in_register(text, asked, lang), data
        shared = [asked for part in parts for asked in _shared_asks(part, lang)]
        if len(shared) > len(parts):  # "cuánto cuesta el curso de power bi y el certificado"
            several = self._several(shared, lang, data, sure=True)
        else:
            several = self._several(parts, lang, data) if len(parts) > 1 else None
        text, data = several or (text, data)
        return _in_register(text, asked, lang), data

    def follow_up(self, message: str, asked: dict[str, object], lang: str = "en") -> str | None:
        """The question a short follow-up to the last answer asks (``asked``: what
        ``remember`` kept of it): "¿y en Arequipa?" after "¿a qué hora abre el local de Lima los
        sábados?" asks "¿a qué hora abre el local de Arequipa los sábados?"; "and on Saturday?"
        after the Cusco campus's weekday hours, those hours on Saturday. The words of the last
        question that named its answer's section ("Lima") give way to the follow-up's when these
        name another section of the same document ("Arequipa"). After a question whether there
        are courses on something ("¿tienen cursos de cocina?"), "¿y de python?" asks it of the
        follow-up's subject, when the catalog has courses on it. None when the message is no
        such follow-up or the knowledge base does not answer the question it asks."""
        found = _FOLLOW_UP.match(message[:MAX_QUESTION])
        previous = asked.get("question")
        if asked.get("unanswered"):
            return None  # the last question was not answered: nothing to ask again of it
        needs = self._needs_of(message, asked, lang)
        if needs is not None:  # "¿cuáles son los requisitos?" after the women's scholarship
            return needs or None
        if found is None:  # "¿a qué hora abre?" after the Trujillo campus's address
            return self._of_place(message, asked, lang)
        if found is None or not isinstance(previous, str) or not found.group("rest").strip():
            return None
        rest = found.group("rest").strip(" ?¿!¡.")
        if len(_WORD.findall(message)) > FOLLOW_UP_MAX_WORDS or not rest:
            return None
        means = self._means_again(rest, asked, lang)
        if means is not None:  # "¿y zelle?" after "¿aceptan pago móvil?": whether that one is
            return means  # accepted
        subject = courses.subject(previous, lang) if self.catalog else None
        if subject:  # "y de python?" after "¿tienen cursos de cocina?": courses on python
            other = _COURSE_FOLLOW_UP.sub("", rest).strip()
            instead = previous.replace(subject, other, 1)
            if other and courses.answer(instead, lang, self.catalog) is not None:
                return instead
        index = self.kb.indexes.get(lang)
        own = set(index.tokens(rest)) - index.general if index is not None else set()
        if index is None or not own or not own <= index.idf.keys():
            return None  # "and tomorrow?", "y qué hora es": nothing the knowledge base has
        topic = self.kb.topic(rest, lang)
        if topic is not None and topic.doc != asked.get("doc"):
            return None  # "y tienen alguna beca?" after a bootcamp's price: every scholarship
        words = _WORD.findall(previous)
        doc = str(asked.get("doc", ""))
        named = index.section_terms(doc, str(asked.get("section", "")))
        swapped = index.names(previous) - index.names(rest) if index.names(rest) else set()
        if own & (index.section_terms(doc, None) - named):  # another section: "y en Arequipa"
            swapped |= named
        else:  # another item of the same section: "y tarjeta?" after "aceptan yape?"
            swapped |= index.sibling_swapped(previous, own, self.best(previous, lang))
        kept = [w for w in words if not set(index.tokens(w)) & swapped]
        question = f"{' '.join(kept)} {rest}"
        hit = self.best(question, lang)
        if hit is None:
            return None
        i = index.passages.index(hit.passage) if hit.passage in index.passages else -1
        answering = index.line_terms[index.lines.index((i, hit.line))] | index.heading_terms[i]
        return question if i >= 0 and own <= answering else None  # it answers the follow-up

    @staticmethod
    def _means_again(rest: str, asked: dict[str, object], lang: str) -> str | None:
        """The question a follow-up naming a means of payment the knowledge base never names
        asks right after an answer from the payment methods' section ("¿y zelle?", "and
        PayPal?" after "¿aceptan pago móvil?", "do you take cards?"): whether the house accepts
        it (answered: not listed, and the means it does accept; probe 47, P47-M9); else None."""
        if asked.get("section") != _PAYMENT_SECTION.get(lang):
            return None
        named = _MEANS.search(plain_question(rest, lang))
        if named is None:
            return None  # "y tarjeta?" after "aceptan yape?": the same section's other line
        return _ACCEPTS_AGAIN.get(lang, _ACCEPTS_AGAIN["en"]).format(means=named.group(0))

    def _needs_of(self, message: str, asked: dict[str, object], lang: str) -> str | None:
        """The question a short one about requirements that names nothing of its own ("¿cuáles
        son los requisitos?", "what do I need?", "and the requirements?") asks right after an
        answer from one section ("Beca Mujeres en Tecnología"): the requirements of that
        ("… de Beca Mujeres en Tecnología"), when its answer is of the same document and no
        section given to the requirements of another one ("Requisitos (Beca Ruta)"). "" when
        it is such a question and the knowledge base gives no requirements of that
        (``unsaid_needs`` says so); None for any other message."""
        index = self.kb.indexes.get(lang)
        text = message[:MAX_QUESTION]
        section, doc = str(asked.get("section") or ""), str(asked.get("doc") or "")
        if index is None or not section or len(_WORD.findall(text)) > FOLLOW_UP_MAX_WORDS:
            return None
        if not _REQUIREMENTS[lang].search(text):
            return None
        own = index.own_terms(_REQUIREMENTS[lang].sub(" ", _LEADING_AND.sub("", text)))
        if own - {index.known(t) or t for t in index.tokens(_NEEDED_FOR[lang])}:
            return None  # "¿y los requisitos de la beca?": it names what it asks of
        asked_ = text.strip(" ?¿!¡.")
        words = set(index.tokens(section))

        def anothers(heading: str) -> bool:  # "Requisitos (Beca Ruta)" after another section
            qualified = re.search(r"\((.+?)\)", heading)
            if heading == section or qualified is None:
                return False
            return bool(set(index.tokens(qualified.group(1))) - index.general - words)

        question = f"{asked_} {_OF[lang]} {section}"
        hit = self.best(question, lang)
        if hit is not None and hit.passage.doc == doc and not anothers(hit.passage.heading):
            heading = hit.passage.heading
            if _REQUIREMENT_HEADING.match(heading) or _NEEDS_LINE.search(hit.sentence):
                return question  # not a line of it that says none (the campus's address)
        # "what are the requirements?" after the internships' courses: that document's own
        sections = [
            p
            for p in index.passages
            if p.doc == doc and _REQUIREMENT_HEADING.match(p.heading) and not anothers(p.heading)
        ]
        for p in sections[:1]:
            question = f"{asked_} {p.heading} {p.topic}"
            hit = self.best(question, lang)
            if hit is not None and hit.passage == p:
                return question
        return ""

    def unsaid_needs(
        self, message: str, asked: dict[str, object], lang: str = "en"
    ) -> tuple[str, dict[str, object]] | None:
        """The reply to a short question about requirements right after an answer from a
        section the knowledge base gives none of (``_needs_of``): that it does not say them
        for that, and the section it answered from; not an answer (``found`` False). None for
        any other message."""
        lang = lang if lang in _MESSAGES else "en"
        if asked.get("unanswered") or self._needs_of(message, asked, lang) != "":
            return None
        index = self.kb.indexes[lang]
        section, doc = str(asked.get("section")), str(asked.get("doc"))
        passage = next((p for p in index.passages if p.doc == doc and p.heading == section), None)
        if passage is None:
            return None
        words = _MESSAGES[lang]
        where = f"{passage.topic} › {passage.heading}"
        said = words["no_needs"].format(thing=passage.heading, org=organization())
        quoted = f"{words['from'].format(where=where, source=passage.source)}\n{passage.text}"
        return f"{said}\n\n{quoted}", {
            "found": False,
            "source": passage.source,
            "doc": doc,
            "section": section,
            "lang": lang,
            "unsaid": "requirements",
        }

    def _of_place(self, message: str, asked: dict[str, object], lang: str) -> str | None:
        """The question a short one about opening hours that names no place ("¿a qué hora
        abre?", "what time does it close?") asks right after an answer about one campus (its
        section: "Trujillo"): the same of that campus ("¿a qué hora abre? Trujillo"). None for
        any other message, or when the knowledge base does not answer it so."""
        index = self.kb.indexes.get(lang)
        section = str(asked.get("section") or "")
        if index is None or not section or len(_WORD.findall(message)) > FOLLOW_UP_MAX_WORDS:
            return None
        if not _OPENS[lang].search(message):  # "what time is it?" asks the clock
            return None
        named = set(index.tokens(section)) & index.places.keys()
        if not named or set(index.tokens(message)) & index.places.keys():
            return None  # the answer was about no campus, or the message names one
        question = f"{message.strip()} {index.places[sorted(named)[0]]}"
        hit = self.best(question, lang)
        return question if hit is not None and hit.passage.heading == section else None

    def course_follow_up(
        self, message: str, asked: dict[str, object], lang: str = "en"
    ) -> tuple[str, dict[str, object]] | None:
        """The answer to a short follow-up about a course right after a question about one
        (``asked``: what ``remember`` kept of it): "how long is it", "¿y dura cuántas horas?"
        (that course's length: its tuition line and the course-length line of its kind), "how
        much is it" (its price), "and the sql one?", "y el de web cuanto dura?" (the same
        question about the course it names), "y el otro?" (about the other of two bootcamps).
        None when the message is no such follow-up, or the last question named no course."""
        lang = lang if lang in _MESSAGES else "en"
        index = self.kb.indexes.get(lang)
        previous = asked.get("question")
        text = message[:MAX_QUESTION]
        if index is None or not isinstance(previous, str):
            return None
        if len(_WORD.findall(text)) > FOLLOW_UP_MAX_WORDS:
            return None
        tuition = next((p for p in index.passages if p.heading == _TUITION_SECTION[lang]), None)
        if tuition is None:
            return None
        courses_ = self._courses(tuition, index)
        before = asked.get("course")
        if not isinstance(before, int) or not 0 <= before < len(tuition.lines):
            before = self._course_named(previous, courses_, index)
        if before is None:
            return None
        named = self._course_named(text, courses_, index)
        if named is None and _OTHER_ONE[lang].search(text):
            kind = courses_[before][2]
            others = [n for n, (_, _, k) in courses_.items() if n != before and k == kind]
            if len(others) != 1:  # "y el otro?" after one of many courses: all of them
                return self._tuition(tuition, lang)
            named = others[0]
        # nothing else asked: "how long is it", "and the sql one?", not "how long is the test"
        rest = _ASKS_PRICE[lang].sub(" ", _ASKS_LENGTH[lang].sub(" ", text))
        naming = set().union(*(terms for _, terms, _ in courses_.values()))
        naming |= {index.known(t) or t for t in index.tokens(_COURSE_WORDS[lang])}
        if index.own_terms(rest) - naming:
            return None
        if (
            named is None
            and not _FOLLOW_UP.match(text)
            and not (_ASKS_LENGTH[lang].search(text) or _ASKS_PRICE[lang].search(text))
        ):
            return None
        asks = (
            "length"
            if _ASKS_LENGTH[lang].search(text)
            else "price"
            if _ASKS_PRICE[lang].search(text)
            else asked.get("asks") or _asked_of_course(previous, lang)
        )
        if asks not in {"length", "price"}:
            return None
        return self._course_answer(tuition, named if named is not None else before, asks, lang)

    @staticmethod
    def _tuition(tuition: Passage, lang: str) -> tuple[str, dict[str, object]]:
        """The tuition prices' whole section, quoted: every course with its length and price."""
        where = f"{tuition.topic} › {tuition.heading}"
        text = f"{_MESSAGES[lang]['from'].format(where=where, source=tuition.source)}\n"
        return text + tuition.text, {
            "found": True,
            "source": tuition.source,
            "doc": tuition.doc,
            "section": tuition.heading,
            "lang": lang,
        }

    @staticmethod
    def _courses(tuition: Passage, index: _Index) -> dict[int, tuple[str, set[str], str]]:
        """The courses of the tuition section by line: their name, the words that tell each
        apart from the others ("sql", "web develop") and its kind ("bootcamp", or "")."""
        names = {
            n: found["name"]
            for n, line in enumerate(tuition.lines)
            if (found := _COURSE_LINE.match(line)) is not None
        }
        terms = {n: {index.known(t) or t for t in index.tokens(name)} for n, name in names.items()}
        shared = {
            t for t in set().union(*terms.values()) if sum(t in v for v in terms.values()) > 1
        }
        return {
            n: (names[n], terms[n] - shared - index.general, " ".join(sorted(terms[n] & shared)))
            for n in names
        }

    @staticmethod
    def _course_named(
        text: str, courses_: dict[int, tuple[str, set[str], str]], index: _Index
    ) -> int | None:
        """The one course whose own words ``text`` says most ("the web dev bootcamp": the Web
        Development Bootcamp); None when it says none, or as many of two."""
        said = {index.known(t) or t for t in index.tokens(text)}
        scores = {n: len(own & said) for n, (_, own, _) in courses_.items() if own & said}
        if not scores:
            return None
        top = max(scores.values())
        best = [n for n, score in scores.items() if score == top]
        return best[0] if len(best) == 1 else None

    def _course_length(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The length of the one course of the tuition prices a question names and asks
        nothing else of ("¿cuánto dura el curso de excel?", "how long is the english for tourism
        course?"): its tuition line and the course-length line of its kind (``_course_answer``),
        never another line's span ("the placement test … takes about 40 minutes", "personal data
        is kept for 5 years after your last course"). None for any other question ("how long is
        the placement test of the english course?")."""
        index = self.kb.indexes.get(lang)
        text = question[:MAX_QUESTION]
        if index is None or not _ASKS_LENGTH[lang].search(text):
            return None
        tuition = next((p for p in index.passages if p.heading == _TUITION_SECTION[lang]), None)
        if tuition is None:
            return None
        courses_ = self._courses(tuition, index)
        named = self._course_named(text, courses_, index)
        written = {index.known(t) or t for t in index.tokens(text, merged=False)}
        if named is None or not courses_[named][1] & written:
            return None  # ("how long do you keep my personal info": no "data" written)
        rest = _ASKS_LENGTH[lang].sub(" ", text)
        naming = set().union(*(terms for _, terms, kind in courses_.values()))
        naming |= {t for _, _, kind in courses_.values() for t in kind.split()}
        naming |= {index.known(t) or t for t in index.tokens(_COURSE_WORDS[lang])}
        if index.own_terms(rest) - naming:
            return None
        return self._course_answer(tuition, named, "length", lang)

    def _course_answer(
        self, tuition: Passage, course: int, asks: str, lang: str
    ) -> tuple[str, dict[str, object]]:
        """A course's tuition line, quoted; asked its length, with the course-length line of
        its kind ("Bootcamps: 12 weeks, 240 hours…", "Short courses: 20 to 40 hours…")."""
        words = _MESSAGES[lang]
        line = tuition.lines[course]
        where = f"{tuition.topic} › {tuition.heading}"
        text = f"{words['from'].format(where=where, source=tuition.source)}\n“{line}”"
        index = self.kb.indexes[lang]
        lengths = next((p for p in index.passages if p.heading == _LENGTH_SECTION[lang]), None)
        if asks == "length" and lengths is not None and lengths.lines:
            name = {index.known(t) or t for t in index.tokens(line.split("(")[0])}
            kinds = [
                n
                for n, said in enumerate(lengths.lines)
                if name & {index.known(t) or t for t in index.tokens(said.split(":")[0])}
            ]
            said = lengths.lines[kinds[0] if kinds else 0]
            where = f"{lengths.topic} › {lengths.heading}"
            text += f"\n\n{words['from'].format(where=where, source=lengths.source)}\n“{said}”"
        return text, {
            "found": True,
            "source": tuition.source,
            "doc": tuition.doc,
            "section": tuition.heading,
            "sentence": line,
            "lang": lang,
            "course": course,
            "asks": asks,
        }

    def asks_how_to_pay(self, message: str, lang: str = "en") -> bool:
        """Whether a message asks only how one pays, from here or from abroad ("how do I pay
        from overseas?", "¿cómo pago desde el extranjero?"): the payment methods answer it,
        whatever the intent model read (app/assistant.py ``_rescue``); not "how do I pay my
        electricity bill?"."""
        lang = lang if lang in _HOW_PAY else "en"
        index = self.kb.indexes.get(lang)
        text = message[:MAX_QUESTION]
        found = _HOW_PAY[lang].search(text)
        if index is None or found is None:
            return False
        rest = _ABROAD[lang].sub(" ", f"{text[: found.start()]} {text[found.end() :]}")
        return not index.own_terms(rest)

    def asks_listed(self, message: str, lang: str = "en") -> bool:
        """Whether a message asks whether the house accepts a means of payment ("aceptan
        nequi?", "do you take cards?") or gives a discount ("is there a discount for students
        from public universities?"): what the knowledge base lists answers it, the means or the
        discounts, even where it names no such one (app/assistant.py ``_rescue``)."""
        index = self.kb.indexes.get(lang)
        text = message[:MAX_QUESTION]
        if index is None or not _ASKING[lang].search(text):
            return False
        if _HOW_PAY[lang].search(text):  # "how do I pay from overseas?": the means it lists
            return True
        return bool(index.means(text)[0] or _DISCOUNT[lang].search(text))

    def compares(self, message: str, lang: str = "en") -> bool:
        """Whether a message asks how two of the house's courses or kinds of course differ
        ("what's the difference between a bootcamp and a short course?", "the data analytics
        bootcamp vs power bi"), which the knowledge base answers side by side."""
        lang = lang if lang in _MESSAGES else "en"
        return (self._compared(message, lang) or self._kinds_compared(message, lang)) is not None

    @staticmethod
    def about_house(message: str, lang: str = "en") -> bool:
        """Whether a message asks about the house itself: whether it teaches something ("¿dan
        clases de guitarra?", "do you teach guitar?", "¿tienen cursos de cocina?"), what one may
        do in its classes or campuses ("can i bring my kid to class"), or names it ("¿cuánto
        gana un profesor de Ruta Academy?"). What the knowledge base does not answer
        of such a question is "I don't know" and whom to ask (``unknown``), not a refusal."""
        text = message[:MAX_QUESTION]
        lang = lang if lang in _ABOUT_HOUSE else "en"
        return bool(_ASKING[lang].search(text) and _ABOUT_HOUSE[lang].search(text))

    def courses(self, message: str, lang: str = "en") -> Reply | None:
        """The courses of the pathways' catalog on what a question about the house asks
        ("¿tienen cursos de cocina?"), when it has some (``courses.answer``); else None."""
        found = courses.answer(message, lang, self.catalog) if self.catalog else None
        return Reply(found[0], dict(found[1])) if found is not None else None

    @staticmethod
    def unknown(lang: str = "en") -> Reply:
        """The reply to a question about the house the knowledge base does not answer: "I don't
        know" and the organization's contacts."""
        lang = lang if lang in _MESSAGES else "en"
        return Reply(
            _MESSAGES[lang]["unknown"].format(org=organization()), {"found": False, "lang": lang}
        )

    @staticmethod
    def remember(question: str, data: dict[str, object]) -> dict[str, object] | None:
        """What a conversation keeps of an answer for a follow-up: the question, and the
        document and section that answered it (and the course a course follow-up was about);
        only the question, marked ``unanswered``, when nothing did."""
        if not data.get("found"):
            # "I don't know" to "how much is the web dev bootcamp rly": "how long is it" next
            # is still about that course (``course_follow_up``), nothing else
            return {"question": question[:MAX_QUESTION], "unanswered": True}
        kept: dict[str, object] = {
            "question": question[:MAX_QUESTION],
            "doc": data.get("doc"),
            "section": data.get("section"),
        }
        for key in ("course", "asks"):  # a course follow-up's (``course_follow_up``)
            if key in data:
                kept[key] = data[key]
        return kept

    def _several(
        self, parts: list[str], lang: str, whole: dict[str, object], sure: bool = False
    ) -> tuple[str, dict[str, object]] | None:
        """Each of ``parts`` answered on its own, in order (one that names nothing, "how long
        does it take", "y cuándo empieza", with what the part before it asks about: "the
        certificate", "el curso de excel"), the same line once, and the ones the knowledge
        base does not answer said. When the whole message is answered, only when one part's
        answer is the whole message's (``whole``, whose data it keeps): else the parts are not
        what the message asks (None). When it is not ("¿hay estacionamiento en Arequipa y
        tienen wifi?": no line has both), when a part is answered (its data kept). The parts
        are what it asks when ``sure`` (a price asked of two things: ``_shared_asks``). A part
        that names a topic is answered by its first section, never by the topic's menu alone."""
        words = _MESSAGES[lang]
        index = self.kb.indexes.get(lang)
        answers: list[tuple[str, dict[str, object]]] = []
        subject = ""
        for part in parts:
            if subject and index is not None and index.elliptic(part):
                # "and how long does it take": about the certificate; a line, not a topic
                text, data = self._elliptic(part, subject, lang, index)
            else:
                text, data = self._one(part, lang, whole_section=False, menus=False)
                if subject and data.get("sentence"):
                    # "¿se puede pagar en cuotas?" after "¿cuánto sale el curso de marketing
                    # digital?": of that section, the line about a course, not the bootcamps'
                    text, data = self._of_subject(part, subject, lang, (text, data))
            subject = (index.subject(part) if index is not None else "") or subject
            if not data.get("found"):  # (another thing's price is said to be so: as it is)
                said = (
                    text
                    if data.get("other_price")
                    else words["nothing"].format(part=part, org=organization())
                )
                answers.append((said, {"found": False, "part": part}))
            elif not any(_same(data, seen) for _, seen in answers):
                answers.append((text, data))
        found = [data for _, data in answers if data.get("found")]
        if len(answers) < 2 or not found:
            return None
        answered = len(found) == len(answers) and all(
            float(str(data.get("coverage", 1.0))) >= FULL_COVERAGE for data in found
        )
        # every part answered, each by enough of its own words: a long message's chatter dilutes
        # each part's share ("Quería preguntar cuánto cuesta el bootcamp … y además si tienen
        # alguna beca": the price and the Beca Ruta, not the women's line naming both)
        every = len(found) == len(answers) and all(
            float(str(data.get("coverage", 1.0))) >= PART_COVERAGE for data in found
        )
        if sure:
            pass
        elif (
            whole.get("found")
            and not any(_same(data, whole) for data in found)
            and not (answered or every)
        ):
            return None  # ... unless each part is answered for sure ("how much is the power bi
            # course and is there a certificate": its price and the certificates, not a line
            # that answers neither, the price of a printed copy)
        if (
            not sure
            and not whole.get("found")
            and not every
            and not all(float(str(data.get("coverage", 1.0))) >= FULL_COVERAGE for data in found)
        ):
            return None  # no part of it answered for sure: the whole message's "I don't know"
            # (unless every part is answered: a long message's chatter dilutes each part's share,
            # "I work full time so I was wondering whether there are evening classes")
        return "\n\n".join(text for text, _ in answers), {
            **(whole if whole.get("found") and not sure else found[0]),
            "parts": found,
            "unanswered": [data["part"] for _, data in answers if not data.get("found")],
        }

    def _of_subject(
        self, part: str, subject: str, lang: str, answered: tuple[str, dict[str, object]]
    ) -> tuple[str, dict[str, object]]:
        """A part's answer (``answered``, a line), or, when asked of what the part before it
        asks about (``subject``) another line of the same section answers it, that line: of a
        section whose lines are about several kinds of things ("Los bootcamps se pueden pagar
        en 3 cuotas", "Los cursos que cuestan más de S/ 400 … en 2 cuotas"), the one about the
        thing asked ("el curso de marketing digital")."""
        data = answered[1]
        index = self.kb.indexes.get(lang)
        if index is not None:  # "marketing digital course cost": not the price asked again
            kept = [w for w in subject.split() if not set(index.tokens(w)) <= index.price_words]
            subject = " ".join(kept)
        if not subject:
            return answered
        text, about = self._one(f"{part} {subject}", lang, False, topics=False)
        same = about.get("doc") == data.get("doc") and about.get("section") == data.get("section")
        if about.get("found") and same and about.get("sentence") != data.get("sentence"):
            return text, about
        return answered

    def _elliptic(
        self, part: str, subject: str, lang: str, index: _Index
    ) -> tuple[str, dict[str, object]]:
        """A part that names at most one thing of its own, answered about what the part before
        it asks (``subject``): "y cuánto demora el digital" after "cuánto cuesta el certificado
        impreso" asks about the digital certificate, not the printed one. With the whole subject
        first, then each of its words, the first answer whose line says the part's own word
        ("digitales"); else the first answer."""
        own = index.own_terms(part)
        words = subject.split()
        tries = [subject, *(words if own and len(words) > 1 else [])]
        first: tuple[str, dict[str, object]] | None = None
        for about in tries:
            text, data = self._one(f"{part} {about}", lang, False, topics=False)
            first = first or (text, data)
            said = {index.known(t) or t for t in index.tokens(str(data.get("sentence", "")))}
            if not own or (data.get("found") and own <= said):
                return text, data
            if data.get("asks") == "length":  # "y cuánto dura?": the course's length lines
                return text, data
        assert first is not None
        return first

    def _one(
        self,
        question: str,
        lang: str,
        whole_section: bool = True,
        topics: bool = True,
        menus: bool = True,
    ) -> tuple[str, dict[str, object]]:
        """The reply to one question: a topic's (unless not ``topics``), a line's (with its
        whole section when ``whole_section``), or "I don't know". A whole document's topic is
        its menu (unless not ``menus``), or its first section when the question asks whether
        there is such a thing ("dan prácticas pre profesionales?"); how many or how much of it
        ("cuántas faltas puedo tener") is the line that answers it, when one does."""
        words = _MESSAGES[lang]
        question = _PAY_ASK[lang].sub(_PAY_ASKED[lang], question)  # "cuánto pago por": costs
        index = self.kb.indexes.get(lang)
        if index is not None:  # "de la SEP o del MINEDU": the MINEDU, which the base names
            question = index.alternatives(question)
        generic = self._any_course_price(question, lang)
        if generic is not None:  # "how much does a course cost?": every course's price
            return generic
        length = self._course_length(question, lang)
        if length is not None:  # "¿cuánto dura el curso de excel?": its hours, not the test's
            return length
        taught = self._taught(question, lang)
        if taught is not None:  # "¿tienen cursos online?": how the house teaches
            return taught
        compared = self._compared(question, lang) or self._kinds_compared(question, lang)
        if compared is not None:  # "the difference between the data analytics bootcamp and …"
            return compared
        paid = self._how_to_pay(question, lang)
        if paid is not None:  # "how do I pay from overseas?": the payment methods
            return paid
        topic = self.kb.topic(question, lang) if topics else None
        hit = self.best(question, lang)
        counted = (
            hit is not None
            and hit.coverage >= FULL_COVERAGE
            and bool(_HOW_MANY[lang].search(question))
        )
        if topic is not None and not topic.sections and not topic.more and counted:
            topic = None  # "cuántas faltas puedo tener": the minimum attendance, not a menu
        if topic is not None and not _says_more(hit, topic):
            whole = not topic.sections and not topic.more
            if whole and (not menus or _EXISTS[lang].search(question)):
                return self._introduced(topic, lang)  # "¿dan prácticas?": its first section
            return self._about(topic, lang)
        if topic is None and topics:
            # "do you take PayPal?", "do you take apple pay": the means it takes, whatever line
            # shares another word ("apple" read as "apply": the discounts' "if you pay")
            unlisted = self._unlisted(question, lang)
            if unlisted is not None:
                return unlisted
            discounts = self._discounts(question, lang, hit)
            if discounts is not None:  # "is there a discount for students from public …"
                return discounts
        if hit is None and topic is None and topics:
            topic = self.kb.elsewhere(question, lang)  # "¿tienen sede en Piura?": the campuses
            if topic is not None:
                return self._about(topic, lang)
            # "¿tienen cursos de cocina?", "do you have a python course?": the catalog's
            catalog = courses.answer(question, lang, self.catalog) if self.catalog else None
            if catalog is not None:
                return catalog
        if hit is None:
            placed = self._placed(question, lang)
            if placed is not None:  # "is there parking at the Arequipa campus?": Lima's only
                return placed
            priced = self._priced_other(question, lang)
            if priced is not None:  # "how much does the certificate cost?": a printed copy's
                return priced
            tried = [h for code in self.kb.languages for h in self.kb.search(question, 1, code)]
            best = max((h.score for h in tried), default=0.0)
            said = words["unknown"].format(org=organization())
            return said, {"found": False, "score": round(best, 3), "lang": lang}
        if _HOW_MUCH[lang].search(question) and not _PRICE.search(hit.sentence):
            # "cuánto pago por el certificado del curso de excel?": a line with no price (what
            # a certificate shows) is no price; another thing's price there is said to be so
            priced = self._priced_other(question, lang)
            if priced is not None:
                return priced
        p = hit.passage
        if not p.heading and (_JOB_HELP[lang].search(question) or _EXISTS[lang].search(question)):
            # "¿me ayudan a conseguir chamba?": what Ruta Empleo is, and what it gives, to whom
            served = self._served(hit, lang)
            if served is not None:
                return served
        where = f"{p.topic} › {p.heading}" if p.heading else p.topic
        text = f"{words['from'].format(where=where, source=p.source)}\n“{hit.sentence}”"
        index = self.kb.indexes.get(p.lang)
        hours = index.hours(question, p, hit.line) if index is not None else []
        if hit.also:  # "que bootcamps tienen?": every entry of that kind, by section
            quoted = [(p, hit.line), *hit.also]
            text = "\n\n".join(
                f"{words['from'].format(where=f'{q.topic} › {q.heading}', source=q.source)}\n"
                + "\n".join(f"“{q.lines[n]}”" for r, n in quoted if r is q)
                for q in dict.fromkeys(r for r, _n in quoted)
            )
        elif hours:  # "¿la sede de Lima abre los domingos?": Lima's hours besides the quoted line
            listed = "\n".join(f"- {heading}: {line}" for heading, line in hours)
            text += f"\n\n{words['hours']}\n{listed}"
        elif len(p.lines) > 1 and whole_section:
            text += f"\n\n{words['section']}\n{p.text}"
        return text, _hit_data(hit, found=True)

    def _served(self, hit: Hit, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question whether the house gives something that a document's
        introduction answers ("Ruta Empleo es el servicio de inserción laboral…"): that line and
        the document's sections in full (to whom, what, the results), when it is short
        (``SERVED_LINES``); else None (the line alone: "clases en línea a través de Ruta
        Campus")."""
        index = self.kb.indexes.get(hit.passage.lang)
        if index is None:
            return None
        document = [p for p in index.passages if p.doc == hit.passage.doc]
        sections = [p for p in document if p.heading]
        if not sections or sum(len(p.lines) for p in sections) > SERVED_LINES:
            return None
        words = _MESSAGES[lang]
        first = hit.passage
        said = f"{words['from'].format(where=first.topic, source=first.source)}\n“{hit.sentence}”"
        parts = [
            f"{words['from'].format(where=f'{p.topic} › {p.heading}', source=p.source)}\n{p.text}"
            for p in sections
        ]
        return "\n\n".join([said, *parts]), {
            **_hit_data(hit, found=True),
            "topic": True,
            "sections": [p.heading for p in sections],
        }

    def _compared(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question how two courses or more of the tuition prices differ
        ("whats the difference between the data analytics bootcamp and the power bi course",
        "¿qué diferencia hay entre el curso de excel y el de power bi?"): each one's tuition
        line and course-length line, side by side (``_course_answer``). None for any other
        question, or one that names fewer than two of them."""
        index = self.kb.indexes.get(lang)
        text = question[:MAX_QUESTION]
        found = _DIFFERENCE[lang].search(text) if index is not None else None
        if index is None or found is None:
            return None
        tuition = next((p for p in index.passages if p.heading == _TUITION_SECTION[lang]), None)
        if tuition is None:
            return None
        courses_ = self._courses(tuition, index)
        named: list[int] = []
        for piece in _BETWEEN[lang].split(text):
            n = self._course_named(piece, courses_, index)
            if n is not None and n not in named:
                named.append(n)
        if len(named) < 2:
            return None
        answers = [self._course_answer(tuition, n, "length", lang) for n in named]
        return "\n\n".join(text for text, _ in answers), {
            **answers[0][1],
            "compared": [data["course"] for _, data in answers],
        }

    def _kinds_compared(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question how two kinds of course of the course-length section differ
        ("what's the difference between a bootcamp and a short course?", "¿qué diferencia hay
        entre un bootcamp y un curso corto?"): each kind's length line, then the tuition lines
        of each (a line naming the kind, "Data Analytics Bootcamp"; the lines that name no kind
        are the one kind no line names, when there is exactly one), as the pages say them.
        None for any other question, or one that names fewer than two kinds."""
        index = self.kb.indexes.get(lang)
        text = question[:MAX_QUESTION]
        if index is None or not _DIFFERENCE[lang].search(text):
            return None
        lengths = next((p for p in index.passages if p.heading == _LENGTH_SECTION[lang]), None)
        if lengths is None:
            return None

        def words(said: str) -> set[str]:
            return {index.known(t) or t for t in index.tokens(said)}

        labels = {
            n: (line.split(":")[0].strip(), words(line.split(":")[0]))
            for n, line in enumerate(lengths.lines)
            if ":" in line
        }
        asked = words(text)
        named = [n for n, (_, label) in labels.items() if label and label <= asked]
        if len(named) < 2:
            return None
        said = _MESSAGES[lang]
        where = f"{lengths.topic} › {lengths.heading}"
        parts = [said["from"].format(where=where, source=lengths.source)]
        parts += [f"“{lengths.lines[n]}”" for n in named]
        tuition = next((p for p in index.passages if p.heading == _TUITION_SECTION[lang]), None)
        if tuition is not None:
            kinds: dict[int, list[str]] = {n: [] for n in labels}
            rest: list[str] = []
            for line in tuition.lines:
                name = words(re.split(r"[(:]", line)[0])
                of = [n for n, (_, label) in labels.items() if label and label <= name]
                (kinds[of[0]] if len(of) == 1 else rest).append(line)
            unlisted = [n for n, lines in kinds.items() if not lines]
            if len(unlisted) == 1:
                kinds[unlisted[0]] = rest
            priced = [n for n in named if kinds[n]]
            if priced:
                where = f"{tuition.topic} › {tuition.heading}"
                parts += ["", said["from"].format(where=where, source=tuition.source)]
                for n in priced:
                    parts.append(f"{labels[n][0]}:")
                    parts += [f"“{line}”" for line in kinds[n]]
        return "\n".join(parts), {
            "found": True,
            "source": lengths.source,
            "doc": lengths.doc,
            "section": lengths.heading,
            "sentence": lengths.lines[named[0]],
            "lang": lang,
            "kinds": [labels[n][0] for n in named],
        }

    def _how_to_pay(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question how one pays ("how do I pay?", "¿cómo pago desde el
        extranjero?") that asks nothing another section of the payment document answers (the
        instalments, the discounts): the payment methods' section; what it adds that the
        section does not say ("from overseas") said not to be in the knowledge base. None for
        any other question."""
        index = self.kb.indexes.get(lang)
        text = question[:MAX_QUESTION]
        found = _HOW_PAY[lang].search(text) if index is not None else None
        if index is None or found is None:
            return None
        section = [p for p in index.passages if p.heading == _PAYMENT_SECTION[lang]]
        if len(section) != 1:
            return None
        methods = section[0]
        rest = f"{text[: found.start()]} {text[found.end() :]}"
        own = index.own_terms(rest)
        others = set().union(
            *(
                index.line_terms[n] | index.heading_terms[i]
                for n, (i, _) in enumerate(index.lines)
                if index.passages[i].doc == methods.doc and index.passages[i] is not methods
            )
        )
        if own & others:
            return None  # "how do I pay in instalments?": the instalments
        document = tuple(p for p in index.passages if p.doc == methods.doc)
        answer, data = self._about(Topic(methods.doc, document, (methods,)), lang)
        said = {
            t for i, p in enumerate(index.passages) if p is methods for t in index.heading_terms[i]
        }
        said |= {
            t
            for n, (i, _) in enumerate(index.lines)
            if index.passages[i] is methods
            for t in index.line_terms[n]
        }
        unsaid = own - said
        if not unsaid:
            return answer, data
        asked = rest.strip(" ?¿!¡.,")
        note = _MESSAGES[lang]["pay_unsaid"].format(asked=asked, org=organization())
        return f"{note}\n\n{answer}", {**data, "unlisted": asked}

    def _taught(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question whether the house teaches in a mode, of no course in
        particular ("¿tienen cursos online? vivo en Buenos Aires", "do you have online
        classes?"): the line that says how it teaches ("Ruta Academy dicta clases presenciales
        en cuatro sedes … y clases en línea a través de Ruta Campus"), never a line that only
        uses the mode's word ("Como máximo 40 estudiantes por clase en vivo en línea"). None
        for any other question ("¿el bootcamp es virtual?")."""
        index = self.kb.indexes.get(lang)
        if index is None:
            return None
        asking = [
            part
            for part in re.split(r"[?!.¿¡]+", question[:MAX_QUESTION])
            if _EXISTS[lang].search(part) and _ASKS_MODE[lang].search(part)
        ]
        if len(asking) != 1:
            return None
        rest = _ASKS_MODE[lang].sub(" ", _EXISTS[lang].sub(" ", asking[0]))
        classes = {index.known(t) or t for t in index.tokens(_COURSE_WORDS[lang])}
        if index.own_terms(rest) - classes:
            return None  # "¿tienen el curso de excel en línea?": of that course
        for p in index.passages:
            for n, line in enumerate(p.lines):
                if _TEACHES[lang].search(line):
                    where = f"{p.topic} › {p.heading}" if p.heading else p.topic
                    said = _MESSAGES[lang]["from"].format(where=where, source=p.source)
                    return f"{said}\n“{line}”", {
                        "found": True,
                        "source": p.source,
                        "doc": p.doc,
                        "section": p.heading,
                        "sentence": line,
                        "line": n,
                        "lang": lang,
                        "taught": True,
                    }
        return None

    def _any_course_price(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The tuition prices' whole section for a price question about no course in particular
        ("how much does a course cost?", "¿cuánto cuesta un curso?"), never the one line with
        a price that shares a word (a change of cohort's S/ 30); None for any other question."""
        index = self.kb.indexes.get(lang)
        if index is None or not _ASKS_PRICE[lang].search(question):
            return None
        rest = _ASKS_PRICE[lang].sub(" ", question)
        generic = {index.known(t) or t for t in index.tokens(_GENERIC_PRICED[lang])}
        own = {index.known(t) or t for t in index.tokens(rest)} - index.general - index.price_words
        if not own or own - generic:
            return None
        tuition = next((p for p in index.passages if p.heading == _TUITION_SECTION[lang]), None)
        return self._tuition(tuition, lang) if tuition is not None else None

    def _placed(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The reply to a question about a campus the knowledge base says nothing of that for
        (``Hit.place``: "is there parking at the Arequipa campus?", where only Lima's car park
        is said), when the other campus's line would answer it: that it does not know for that
        campus, the line it has, said to be the other campus's, and the asked campus's contact
        (contact.md lists one per campus). Not an answer (``found`` False). Else None."""
        order = [lang, *(other for other in self.kb.languages if other != lang)]
        for code in order:
            top = next(iter(self.kb.search(question, k=1, lang=code)), None)
            if top is None or top.unknown:
                return None
            if top.place and answerable(replace(top, place=()), self.min_score):
                return self._other_place(self.kb.aligned(top, lang), lang)
        return None

    def _priced_other(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The reply to a price question whose best line, were other prices not ranked lower,
        states the price of something else in the asked thing's document
        (``Hit.priced_other``: "how much does the certificate cost?", where only a printed
        copy's is given): that it does not know that price, and the line's section quoted as
        what it says, with its section. Not an answer (``found`` False). Else None."""
        index = self.kb.indexes.get(lang)
        if index is None or not re.search(r"\w", question):
            return None
        # the best passage; of a course's thing, the next ones too ("cuánto pago por el
        # certificado del curso de excel?": the Excel certification's renewal exam first, then
        # the printed copy's section; never for "la certificación de especialista en excel")
        of_course = bool(index.courses & set(index.tokens(question)))
        hits = index.search(question, PRICED_OTHER_HITS if of_course else 1, other_prices=True)
        if not hits or hits[0].unknown or hits[0].place:
            return None
        top = next((hit for hit in hits if hit.priced_other), None)
        if top is None:
            return None
        if not answerable(replace(top, coverage=top.priced_other), self.min_score):
            return None
        words = _MESSAGES[lang]
        p = top.passage
        where = f"{p.topic} › {p.heading}" if p.heading else p.topic
        quoted = f"{words['from'].format(where=where, source=p.source)}\n{p.text}"
        text = f"{words['other_price'].format(org=organization())}\n\n{quoted}"
        form = self._delivered(question, p.doc, index)
        if form is not None:  # "cuánto pago por el certificado?": digital, sent by email
            said, line = form
            where = f"{said.topic} › {said.heading}" if said.heading else said.topic
            shown = f"{words['from'].format(where=where, source=said.source)}\n“{line}”"
            text = (
                f"{words['no_price'].format(org=organization())}\n\n{shown}\n\n"
                f"{words['other_prices']}\n\n{quoted}"
            )
        return text, {**_hit_data(top, found=False), "other_price": True}

    @staticmethod
    def _delivered(question: str, doc: str, index: _Index) -> tuple[Passage, str] | None:
        """The line of the document ``doc`` that says in what form the thing a price question
        asks about is given ("Los certificados son digitales (PDF) y se envían por correo…"),
        with no price: what one gets, where the base gives no price for it. None when none."""
        asked = {index.known(t) or t for t in index.tokens(question)} - index.general
        asked -= index.house | index.price_words
        for passage in index.passages:
            if passage.doc != doc:
                continue
            for line in passage.lines:
                said = {index.known(t) or t for t in index.tokens(line)}
                if _DELIVERED[index.lang].search(line) and not _PRICE.search(line) and asked & said:
                    return passage, line
        return None

    def _other_place(self, hit: Hit, lang: str) -> tuple[str, dict[str, object]]:
        """:meth:`_placed`'s reply for the other campus's line ``hit``."""
        words = _MESSAGES[lang]
        p = hit.passage
        where = f"{p.topic} › {p.heading}" if p.heading else p.topic
        quoted = f"{words['from'].format(where=where, source=p.source)}\n“{hit.sentence}”"
        asked = _joined(hit.asked_place, lang)
        text = words["other_place"].format(place=asked, other=_joined(hit.place, lang))
        index = self.kb.indexes.get(lang)
        contacts = [
            found.group(0)
            for name in hit.asked_place
            for p in (index.passages if index is not None else [])
            for line in p.lines
            for found in [re.search(rf"\b{re.escape(fold(name))}@[\w.-]*\w", fold(line))]
            if found is not None
        ]
        ask = words["ask_place"].format(
            place=asked, contact=", ".join(dict.fromkeys(contacts)) or words["contacts"]
        )
        return f"{text}\n\n{quoted}\n\n{ask}", {
            **_hit_data(hit, found=False),
            "place": list(hit.place),
            "asked_place": list(hit.asked_place),
        }

    def _unlisted(self, question: str, lang: str) -> tuple[str, dict[str, object]] | None:
        """The answer to a question whether the house accepts a means of payment the knowledge
        base never names ("do you guys take PayPal?", "¿aceptan bitcoin?"): that it is not
        listed, and the payment methods' section (the means it does accept); else None."""
        index = self.kb.indexes.get(lang)
        if index is None:
            return None
        kind, means = index.means(question)
        section = [p for p in index.passages if p.heading == _PAYMENT_SECTION[lang]]
        if kind != "unlisted" or len(section) != 1:
            return None
        document = tuple(p for p in index.passages if p.doc == section[0].doc)
        text, data = self._about(Topic(section[0].doc, document, (section[0],)), lang)
        said = _MESSAGES[lang]["means"].format(means=means, org=organization())
        return f"{said}\n\n{text}", {**data, "unlisted": means}

    def _discounts(
        self, question: str, lang: str, hit: Hit | None
    ) -> tuple[str, dict[str, object]] | None:
        """The answer to a question whether there is a discount that no line answers well
        (``DISCOUNT_COVERAGE``: "is there a discount for students from public universities?",
        not "do alumni get a discount?"): the discounts the payment methods' document lists, said
        to name none for exactly that, and whom to ask; else None."""
        index = self.kb.indexes.get(lang)
        if index is None or not _DISCOUNT[lang].search(question[:MAX_QUESTION]):
            return None
        if hit is not None and hit.coverage >= DISCOUNT_COVERAGE:
            return None
        payment = [p for p in index.passages if p.heading == _PAYMENT_SECTION[lang]]
        wanted = set(index.tokens(_DISCOUNT_WORD[lang]))
        section = [
            p
            for i, p in enumerate(index.passages)
            if payment and p.doc == payment[0].doc and wanted and wanted <= index.heading_terms[i]
        ]
        if len(section) != 1:
            return None
        document = tuple(p for p in index.passages if p.doc == section[0].doc)
        text, data = self._about(Topic(section[0].doc, document, (section[0],)), lang)
        said = _MESSAGES[lang]["discounts"].format(org=organization())
        return f"{said}\n\n{text}", {**data, "unlisted": "discount"}

    def _about(self, topic: Topic, lang: str) -> tuple[str, dict[str, object]]:
        """A topic message's answer: the sections it names in full, or the document's
        introduction and the list of what its sections cover."""
        words = _MESSAGES[lang]
        first = topic.document[0]
        if topic.sections:
            parts = [
                f"{words['from'].format(where=f'{p.topic} › {p.heading}', source=p.source)}\n"
                f"{p.text}"
                for p in topic.sections
            ]
            text = "\n\n".join(parts)
            section = topic.sections[0].heading
            source = topic.sections[0].source
        else:
            text = "\n\n".join(_overview(doc, words) for doc in (topic.document, *topic.more))
            section, source = "", first.source
        return text, {
            "found": True,
            "topic": True,
            "source": source,
            "doc": topic.doc,
            "section": section,
            "sections": [p.heading for p in topic.sections or topic.document if p.heading],
            "lang": first.lang,
        }

    def _introduced(self, topic: Topic, lang: str) -> tuple[str, dict[str, object]]:
        """A whole document's answer to a question whether there is such a thing ("¿dan
        prácticas?", "are there scholarships?"): its introduction (with its title), its first
        section in full, and what its other sections cover."""
        words = _MESSAGES[lang]
        sections = [p for p in topic.document if p.heading]
        if not sections:
            return self._about(topic, lang)
        first = sections[0]
        intro = [p.text for p in topic.document if not p.heading]
        where = f"{first.topic} › {first.heading}"
        about = [words["about"].format(topic=first.topic, source=first.source), *intro, ""]
        said = words["from"].format(where=where, source=first.source)
        text = "\n".join([*(about if intro else []), said, first.text])
        if len(sections) > 1:
            more = "; ".join(p.heading for p in sections[1:])
            text += "\n\n" + words["more"].format(sections=more)
        return text, {
            "found": True,
            "topic": True,
            "source": first.source,
            "doc": topic.doc,
            "section": first.heading,
            "sections": [p.heading for p in sections],
            "lang": first.lang,
        }

    def handle(self, turn: Turn) -> Reply:
        text, data = self.answer(turn.text, turn.lang)
        return Reply(text, dict(data))

    def passages(self, question: str, k: int = 3, lang: str = "en") -> list[Hit]:
        """The passages relevant enough to answer from (none: the answer is "I don't know")."""
        top = self.best(question, lang)
        if top is None:
            return []
        hits = self.kb.search(question, k=k, lang=top.passage.lang)
        rest = [h for h in hits if h.passage != top.passage and h.score >= self.min_score]
        return [top, *rest][:k]

    def search_knowledge(
        self, turn: Turn, question: Annotated[str, Field(min_length=2, max_length=500)]
    ) -> Reply:
        """Search the organization's knowledge base; answer only from the passages it returns and
        cite their source. No passages: say you do not know."""
        hits = self.passages(question, lang=turn.lang)
        found = [
            {
                "source": h.passage.source,
                "section": h.passage.heading,
                "sentence": h.sentence,
                "text": h.passage.text,
            }
            for h in hits
        ]
        if not found:
            return Reply("No passage answers that.", {"passages": []})
        return Reply(f"{len(found)} passage(s) found.", {"passages": found})
