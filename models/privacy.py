"""Personal data in a short free text, as typed or as stored after ``slug()``.

The app refuses a profile interest that holds personal data, the feedback export leaves such
text out of data/, and the pathways gate refuses it in ``profiles.csv``: all three ask
:func:`personal_data`. An interest is stored as a slug (``models.ranker.slug``), which hides the
``@``, the dots and the spaces the raw patterns look for: ``"lucia.r@example.com"`` is stored
as ``"lucia_r_example_com"``, ``"987 654 321"`` as ``"987_654_321"``, ``"https://x.pe/a"`` as
``"https_x_pe_a"``. The slug patterns find those forms too.
"""

from __future__ import annotations

import re

from models.ranker import slug

#: Raw text: an e-mail address, an API token, a URL, a number of eight characters or more
#: (a phone, a DNI, a card), spaces or dashes included.
PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|slw_[\w-]+|https?://\S+|www\.\S+|\+?\d[\d\s-]{6,}\d", re.IGNORECASE
)
# the top-level domains an address in Peru usually ends with (a country code may follow)
_TLD = r"(?:com|net|org|edu|gob|gov|info|io|pe|es|mx|ar|cl|co|ec|bo)"
#: The same data once slugged (lowercase ASCII words joined by "_"): an address's last two or
#: more words ending in a domain ("lucia_r_example_com", "ana_unmsm_edu_pe"), a URL or token
#: prefix, a run of seven digits or more.
SLUGGED = re.compile(
    rf"^(?:[a-z0-9]+_){{2,}}{_TLD}(?:_[a-z]{{2}})?$"
    rf"|(?:^|_)https?_(?:[a-z0-9]+_)+{_TLD}(?:_|$)|(?:^|_)www_[a-z0-9]+_|(?:^|_)slw_[a-z0-9]"
    r"|(?:^|_)(?:gmail|hotmail|outlook|yahoo|icloud|protonmail)_"
    r"|\d{7,}"
)
# digit groups joined by "_" ("987_654_321", "51_987_654_321"): a phone number from nine digits
_DIGIT_GROUPS = re.compile(r"(?<![a-z0-9])\d+(?:_\d+)+(?![a-z0-9])")
PHONE_DIGITS = 9


def personal_data(text: str) -> str | None:
    """The first piece of personal data in ``text`` (raw, or any of its words slugged), or None.

    Each word separated by spaces, ``;`` or ``,`` is also read as a slug, so a stored interest
    (``lucia_r_example_com``) or a list of them (``excel;987_654_321``) is caught too."""
    found = PERSONAL.search(text)
    if found:
        return found.group(0)
    for word in re.split(r"[\s;,]+", text):
        slugged = slug(word)
        if not slugged:
            continue
        if SLUGGED.search(slugged):
            return word
        for group in _DIGIT_GROUPS.findall(slugged):
            if sum(c.isdigit() for c in group) >= PHONE_DIGITS:
                return word
    return None
