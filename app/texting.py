"""Texting shorthand written out before a message is read: "remind me tmrw @5 to call dad",
"call the plumber b4 5pm", "meeting w/ Sarah n Tom", "a q hora abren", "avísame tmb".

People type on a phone the way they text. Left as typed, such words hide what was said from
everything that reads the message: "@5" and "b4 5pm" are not read as times (the reminder was
stored at the deadline, with "b4" in its text), "Sarah n Tom" became one attendee, "q" made the
knowledge base say it did not know. Only forms that mean one thing in the message's language are
written out (English "u", "r", "n" are never Spanish words here; Spanish "q", "tmb", "xfa" never
English ones); the message as typed is what the conversation's history keeps.

Fillers of dictation ("um", "uh", "eh", "o sea") carry nothing and are dropped; "like" only
where it hedges a time or an amount ("at like 5", "for like twenty minutes").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# (pattern, replacement) per language, applied in order; patterns match whole words, any case
_SHORTHAND: Mapping[str, tuple[tuple[str, str], ...]] = {
    "en": (
        # a clock corrected as it is said: "on tuesday at 5, I mean 6" → "on tuesday at 6"
        (
            # (only "I mean": "at 3, no wait, 4pm" is asked, as the dialogues written apart say)
            r"(?<=\bat )\d{1,2}(?::\d\d)?\s*(?:[ap]m)?\s*,?\s*(?:i mean|i meant)\s*,?\s*"
            r"(?:at\s+)?(?=\d)",
            "",
        ),
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
        (r"\bpls\b|\bplz\b", "please"),
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
        # "el martes a las 5, digo a las 6" → "el martes a las 6"
        (
            r"(?<=\blas )\d{1,2}(?::\d\d)?\s*,?\s*(?:digo|quise decir)"
            r"\s*,?\s*(?:a\s+las?\s+)?(?=\d)",
            "",
        ),
        (r"(?<![\w.])@\s?(?=\d)", "a las "),
        (r"\bq\b", "que"),  # "a q hora", "q tengo pendiente", "q sigue"
        (r"\bxq\b|\bpq\b|\bporq\b", "porque"),
        (r"\btmb\b|\btbn\b|\btb\b|\btambn\b", "también"),
        (r"\bx\s?fa(?:vor)?\b|\bporfis?\b|\bplis\b", "por favor"),
        (r"\bbn\b", "bien"),
        (r"\bxa\b", "para"),
        (r"\bx(?= (?:el|la|los|las|la mañana|la tarde|la noche|favor)\b)", "por"),
        (r"\bslds\b", "saludos"),
        (r"(?<!\w)c/(?=\w)|(?<!\w)c/\s", "con "),  # "reu c/ Ana"
        (r"\btoy\b", "estoy"),
        (r"\balrma\b|\balrm\b|\balarams?\b", "alarma"),
        (r"\bvienres\b|\bvierns\b|\bviernez\b|\bbiernes\b", "viernes"),
        (r"\bmiercols\b|\bmiecoles\b", "miércoles"),
        (r"\b(?:eh+|ehm+|em+|mmm+)\b,?", ""),
        (r",?\s*\bo sea\b,?", ""),
    ),
}
_COMPILED = {
    lang: tuple((re.compile(p, re.I), r) for p, r in rules) for lang, rules in _SHORTHAND.items()
}
_SPACES = re.compile(r"[ \t]{2,}")


def written_out(text: str, lang: str) -> str:
    """``text`` with the texting shorthand of ``lang`` ("en" or "es") written out; unchanged
    when it holds none."""
    rules = _COMPILED.get(lang, ())
    out = text
    for pattern, replacement in rules:
        out = pattern.sub(replacement, out)
    if out == text:
        return text
    return _SPACES.sub(" ", out).strip()


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
