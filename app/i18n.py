"""The app's languages and message catalogs (Flask-Babel): what skills, pages and commands wrap
their people-facing text with, and which language a request or a reply is rendered in.

Catalogs live in ``app/translations/<lang>/LC_MESSAGES/messages.po`` with the compiled ``.mo``
committed beside them (a test checks they match), so every way of running the app (``make run``,
the image, the tests) has them without a build step. English is the source language.

Usage in a skill::

    from app.i18n import _, ngettext

    _("Hello %(name)s!", name=turn.user.name)
    ngettext("%(num)d meeting", "%(num)d meetings", len(rows))

The assistant renders each reply inside :func:`reply_locale` with the turn's language, so the
same ``_()`` call answers in English or Spanish; elsewhere in a request (pages) the request's
language applies, and outside both the English text is returned unchanged. The helpers read the
catalogs directly (loaded once per process): a reply pays a dictionary lookup per text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

import flask_babel
from babel.support import Translations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel.speaklater import LazyString

#: The languages the assistant speaks; the first is the source language and the default.
LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = LANGUAGES[0]
#: Where the catalogs are (``<lang>/LC_MESSAGES/messages.po`` and ``.mo``).
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
#: The cookie the pages set to the signed-in user's language (read when rendering a page).
LANG_COOKIE = "slipway_lang"


#: The organization the assistant serves when ``SLIPWAY_ORGANIZATION`` is not set: the sample
#: business of the template (its knowledge base and pathways are in data/).
DEFAULT_ORGANIZATION = "Ruta Academy"


# The language :func:`reply_locale` renders in (None: the request's, see :func:`select_locale`).
_replying: ContextVar[str | None] = ContextVar("slipway_reply_language", default=None)
#: The registers a Spanish reply may be said in besides "tú": the contexts (``msgctxt``) of the
#: catalog's texts said to "usted" ("le recordaré") and to "vos" ("¿Querés decir…?")
REGISTERS: tuple[str, ...] = ("usted", "vos")
# The register :func:`reply_register` renders in (None: "tú", the catalog's plain texts)
_register: ContextVar[str | None] = ContextVar("slipway_reply_register", default=None)


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled catalog of a language, loaded once per process (English: the msgids)."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [language], "messages")


def _translations() -> NullTranslations:
    language = _replying.get()
    if language is None:
        locale = flask_babel.get_locale() if has_request_context() else None
        language = language_of(str(locale)) if locale is not None else DEFAULT_LANGUAGE
    return catalog(language)


def _(string: str, **variables: Any) -> str:
    """The translation of ``string`` in the current language (``%(name)s`` from ``variables``),
    in the current register when the catalog says it so (:func:`reply_register`)."""
    translations = _translations()
    register = _register.get()
    text = translations.pgettext(register, string) if register else string
    if text == string:
        text = translations.gettext(string)
    return text % variables if variables else text


gettext = _


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural translation for ``num`` (``%(num)d`` is filled in), in the current
    register when the catalog says it so."""
    variables.setdefault("num", num)
    translations = _translations()
    register = _register.get()
    english = singular if num == 1 else plural
    text = translations.npgettext(register, singular, plural, num) if register else english
    if text == english:
        text = translations.ngettext(singular, plural, num)
    return text % variables


def pgettext_noop(context: str, string: str) -> str:
    """``string`` unchanged: marks the text said in a register (``context``, one of
    :data:`REGISTERS`) for ``make translations``; :func:`_` picks it within
    :func:`reply_register`."""
    del context
    return string


def lazy_gettext(string: str, **variables: Any) -> Any:
    """A translation evaluated when used (for module-level constants): ``str(value)``."""
    return LazyString(_, string, **variables)


def organization() -> str:
    """The organization the assistant serves (the app's ``organization`` setting; the default
    outside an app): what texts naming it fill ``%(org)s`` with, in every language."""
    settings = current_app.extensions.get("slipway.settings") if has_app_context() else None
    return str(getattr(settings, "organization", DEFAULT_ORGANIZATION))


#: :func:`organization` evaluated when used, for texts declared at import (``lazy_gettext``)
ORGANIZATION: Any = LazyString(organization)


def language_of(locale: str | None) -> str:
    """The supported language of a locale tag (``es-PE`` → ``es``); the default otherwise."""
    primary = (locale or "").replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


def supported(locale: str | None) -> bool:
    """Whether a locale tag's language is one the assistant speaks."""
    primary = (locale or "").replace("_", "-").split("-", 1)[0].strip().lower()
    return primary in LANGUAGES


def current_language() -> str:
    """The language text is being rendered in now (the default outside a request)."""
    language = _replying.get()
    if language is not None:
        return language
    locale = flask_babel.get_locale() if has_request_context() else None
    return language_of(str(locale)) if locale is not None else DEFAULT_LANGUAGE


@contextmanager
def reply_locale(lang: str | None) -> Iterator[str]:
    """Render everything inside in ``lang`` (a language or locale tag); yields the language.

    Works with or without an application context; it applies to this module's helpers (what
    skills use), not to the templates, which follow the request (:func:`select_locale`)."""
    language = language_of(lang)
    previous = _replying.get()
    _replying.set(language)
    try:
        yield language
    finally:
        _replying.set(previous)  # set, not reset: a streamed reply may resume in another context


def current_register() -> str | None:
    """The register texts are being rendered in now (:func:`reply_register`; None: "tú")."""
    return _register.get()


def npgettext_noop(context: str, singular: str, plural: str) -> tuple[str, str]:
    """``singular`` and ``plural`` unchanged: marks a text with a plural said in a register
    (``context``) for ``make translations``, as :func:`pgettext_noop` does."""
    del context
    return singular, plural


@contextmanager
def reply_register(register: str | None) -> Iterator[str | None]:
    """Render the texts inside said to ``register`` ("usted", "vos"; None: "tú") where the
    catalog has them so (``msgctxt``), the plain texts elsewhere; yields the register."""
    said = register if register in REGISTERS else None
    previous = _register.get()
    _register.set(said)
    try:
        yield said
    finally:
        _register.set(previous)


def select_locale() -> str:
    """A request's language: ``?lang=``, else the signed-in user's locale, else the pages'
    cookie, else the browser's Accept-Language, else English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    asked = request.args.get("lang")
    if asked and supported(asked):
        return language_of(asked)
    user = g.get("user")
    if user is None and g.get("user_id") is not None:  # authenticated; the row not loaded yet
        from app.auth import current_user

        user = current_user()
    if user is not None and getattr(user, "locale", None):
        return language_of(user.locale)
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie and supported(cookie):
        return language_of(cookie)
    best = request.accept_languages.best_match(LANGUAGES)
    return language_of(best)


def init_app(app: Flask) -> None:
    """Attach Flask-Babel: the catalogs above, :func:`select_locale`, ``_`` in templates."""
    flask_babel.Babel(
        app,
        default_locale=DEFAULT_LANGUAGE,
        default_translation_directories=str(TRANSLATIONS),
        locale_selector=select_locale,
    )
    app.jinja_env.globals.update(
        current_language=current_language, organization=organization, LANGUAGES=LANGUAGES
    )
