"""Request and response schemas (they generate the OpenAPI document).

A refused request's problems are worded in the request's language: the schemas' error messages
(marshmallow's own, listed below for the catalogs, and the app's) are looked up in the catalog
when a request is checked, field names stay as they are."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from apiflask import Schema as ApiSchema
from apiflask.fields import Boolean, DateTime, Dict, Float, Integer, List, Nested, String
from flask import current_app
from marshmallow import ValidationError, fields, validate, validates

from app import calendar
from app.api.paging import DEFAULT_LIMIT, MAX_LIMIT
from app.errors import N_
from app.i18n import _
from app.pathways import AMOUNT_PATTERN, BUDGET_MAX, HOURS_PER_WEEK, read_amount

#: marshmallow's messages the schemas below can answer, in marshmallow's English (the msgids):
#: marked here for the catalogs, translated when a request is checked (:class:`Schema`)
MARSHMALLOW_MESSAGES = (
    # every field, and the schemas themselves
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid type."),
    # the fields' types
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid integer."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid datetime."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    # the validators (Range's with inclusive bounds, the only ones used)
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be one of: {choices}."),
    N_("String does not match expected pattern."),
)


class _InLanguage(dict[str, Any]):
    """Error messages (by key, as marshmallow reads them) in the current language."""

    def __getitem__(self, key: str) -> Any:
        text = super().__getitem__(key)
        return _(text) if isinstance(text, str) and text else text


def _in_language(field: fields.Field[Any]) -> None:
    if not isinstance(field.error_messages, _InLanguage):
        field.error_messages = _InLanguage(field.error_messages)
    # the fields a container field checks its items with (bound copies of their own)
    for item in (
        getattr(field, "inner", None),
        getattr(field, "key_field", None),
        getattr(field, "value_field", None),
    ):
        if isinstance(item, fields.Field):
            _in_language(item)


class Schema(ApiSchema):
    """The app's schemas: their error messages, and their fields', in the request's language
    (looked up when a request is checked; the schemas are built once, at import)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = _InLanguage(self.error_messages)

    def on_bind_field(self, field_name: str, field_obj: fields.Field[Any]) -> None:
        super().on_bind_field(field_name, field_obj)
        _in_language(field_obj)


# The validators the schemas use, their messages (marshmallow's or the one given, marked with
# N_) translated before their values are filled in.
class Length(validate.Length):
    def _format_error(self, value: Any, message: str) -> str:
        return _(self.error or message).format(
            input=value, min=self.min, max=self.max, equal=self.equal
        )


class Range(validate.Range):
    def _format_error(self, value: Any, message: str) -> str:
        return _(self.error or message).format(input=value, min=self.min, max=self.max)


class OneOf(validate.OneOf):
    def _format_error(self, value: Any) -> str:
        return _(self.error).format(input=value, choices=self.choices_text, labels=self.labels_text)


class Regexp(validate.Regexp):
    def _format_error(self, value: str | bytes) -> str:
        return _(self.error).format(input=value, regex=self.regex.pattern)


class JsonBoolean(Boolean):
    """JSON ``true``/``false`` only: ``0`` and ``1`` equal ``False``/``True`` in Python and
    would otherwise slip through a ``truthy={True}`` set."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


_DATE_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


class When(DateTime):
    """An ISO 8601 moment between 1971 and 2199: far enough from the calendar's edges that
    reading it in any timezone, or adding a meeting's length, never overflows.

    A date without a time ("2027-04-15") is not midnight (probe 40, U-L5: a to-do due that day
    was due at 00:00, where the chat makes it due at its end): with ``day_ends`` it is the end
    of that day in the user's timezone (23:59, as a to-do said in chat), else it is refused: a
    reminder or a meeting needs its time of day."""

    # marshmallow's "Not a valid {obj_type}." with its type filled in: one text to translate
    default_error_messages = {"invalid": N_("Not a valid datetime.")}  # noqa: RUF012

    def __init__(self, *, day_ends: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.day_ends = day_ends

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if isinstance(value, str) and _DATE_ONLY.fullmatch(value):
            if not self.day_ends:
                raise ValidationError(_("give a time of day too (e.g. 2027-04-15T09:00)"))
            value = f"{value.strip()}T23:59:00"
        moment: datetime = super()._deserialize(value, attr, data, **kwargs)
        if not calendar.year_in_range(moment):  # calendar.YEARS, which the text names
            raise ValidationError(_("must be a date between 1971 and 2199"))
        return moment


class Written(Float):
    """A number: JSON's, or one as a person writes it in a form ("1.500", "1,5", "S/ 1 500"),
    read the way the chat reads an amount (a point, a comma or a space before each group of three
    digits marks thousands: "10.000" is ten thousand, for every user; one or two digits after the
    last mark are decimals: "1,5", "150.50"). A text it cannot tell ("1.50.0", "1,5000", "2k")
    is refused with ``unreadable``, never read as another number."""

    def __init__(self, *, words: str, unreadable: str, before: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.written = re.compile(rf"(?:{before})?(-?{AMOUNT_PATTERN})(?:\s*(?:{words}))?", re.I)
        self.unreadable = unreadable

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            said = self.written.fullmatch(value.strip())
            number = read_amount(said.group(1)) if said is not None else None
            if number is None:
                raise ValidationError(_(self.unreadable, text=value.strip()[:40]))
            value = number
        return super()._deserialize(value, attr, data, **kwargs)


def check_text(value: str) -> None:
    """A message: not blank, not longer than ``SLIPWAY_MAX_TEXT_CHARS``, no NUL bytes."""
    if not value.strip():
        raise ValidationError(_("must not be blank"))
    limit = current_app.extensions["slipway.settings"].max_text_chars
    if len(value) > limit:
        raise ValidationError(_("longer than %(limit)s characters", limit=limit))
    if "\x00" in value:
        raise ValidationError(_("must not contain NUL characters"))


class IntentIn(Schema):
    text = String(required=True, validate=Length(min=1), metadata={"example": "remind me at 5"})

    @validates("text")
    def _text(self, value: str, **_: Any) -> None:
        check_text(value)


class IntentOut(Schema):
    intent = String(required=True)
    confidence = Float(required=True)
    model_version = String(required=True)


class InfoOut(Schema):
    service = String()
    app_version = String()
    git_sha = String()
    model_name = String()
    model_version = String()
    model_digest = String()
    run_id = String()
    data_hash = String()
    model_git_sha = String()
    prompt_version = String()
    llm = String()
    ready = String()
    labels = Integer()
    pin_error = String(
        metadata={
            "description": "why the pinned intent model is not the one served (empty: it is); "
            "a SIGHUP whose new pin cannot be loaded keeps the version served before"
        }
    )
    ranker_name = String(metadata={"description": "the pinned pathway ranker's registered name"})
    ranker_version = String(metadata={"description": "the served ranker version (empty: none)"})
    ranker_digest = String()
    ranker_ready = String()
    ranker_pin_error = String()


# -- chat -------------------------------------------------------------------------------------
class ChatIn(Schema):
    message = String(
        required=True,
        validate=Length(min=1),
        metadata={"example": "book a meeting with Ana tomorrow at 3pm"},
    )
    conversation_id = Integer(strict=True, load_default=None, allow_none=True)

    @validates("message")
    def _message(self, value: str, **_: Any) -> None:
        check_text(value)


class ChatOut(Schema):
    conversation_id = Integer(required=True)
    message_id = Integer(required=True)
    reply = String(required=True)
    intent = String(required=True)
    confidence = Float(required=True)
    skill = String(required=True)
    path = String(required=True, metadata={"description": "local, llm or fallback"})
    model_version = String(required=True)
    pending = Boolean(metadata={"description": "the assistant waits for a follow-up answer"})
    cached = Boolean(
        metadata={
            "description": "answered from the shared answer cache, filled by your own earlier "
            "question (an answer another user's question filled says false)"
        }
    )
    lang = String(metadata={"description": "the reply's language: en or es"})
    data = Dict()


class MessageOut(Schema):
    id = Integer()
    role = String()
    text = String()
    intent = String(allow_none=True)
    confidence = Float(allow_none=True)
    skill = String(allow_none=True)
    path = String(allow_none=True)
    created_at = String()


class ConversationOut(Schema):
    id = Integer()
    created_at = String()
    updated_at = String()
    pending = Boolean()
    messages = List(Nested(MessageOut))


def _next_cursor() -> String:
    """A list's ``next_cursor`` (app/api/paging.py)."""
    return String(
        required=True,
        allow_none=True,
        metadata={
            "description": "pass it as `cursor` (with the same filters) for the next page; "
            "null: this is the last page"
        },
    )


class ConversationSummary(Schema):
    id = Integer()
    created_at = String()
    updated_at = String()


class ConversationList(Schema):
    conversations = List(Nested(ConversationSummary))
    next_cursor = _next_cursor()


# -- scheduling resources ---------------------------------------------------------------------
_WHEN = {"description": "ISO 8601; without an offset it is read in the user's timezone"}


class MeetingIn(Schema):
    title = String(required=True, validate=Length(min=1, max=200))
    attendee = String(load_default=None, allow_none=True, validate=Length(max=120))
    starts_at = When(required=True, metadata=_WHEN)
    ends_at = When(load_default=None, allow_none=True, metadata=_WHEN)
    duration_minutes = Integer(strict=True, load_default=None, validate=Range(1, 24 * 60))


class MeetingPatch(Schema):
    title = String(validate=Length(min=1, max=200))
    attendee = String(allow_none=True, validate=Length(max=120))
    starts_at = When(metadata=_WHEN)
    ends_at = When(metadata=_WHEN)


class MeetingOut(Schema):
    id = Integer()
    title = String()
    attendee = String(allow_none=True)
    starts_at = String()
    ends_at = String()
    overlaps = List(Integer(), metadata={"description": "ids of meetings this one overlaps"})


class MeetingList(Schema):
    meetings = List(Nested(MeetingOut))
    next_cursor = _next_cursor()


class PageQuery(Schema):
    """The query parameters every paginated list takes (app/api/paging.py)."""

    limit = Integer(
        load_default=DEFAULT_LIMIT,
        validate=Range(min=1, max=MAX_LIMIT),
        metadata={
            "description": f"items on the page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}: "
            "more answers 422 validation_error)"
        },
    )
    cursor = String(
        load_default=None,
        metadata={
            "description": "the `next_cursor` of the previous page, with the same filters; "
            "left out: the first page. A cursor that was edited, or given for another list, "
            "another user or other filters, answers 400 invalid_cursor"
        },
    )


class ListQuery(PageQuery):
    upcoming = Boolean(load_default=False, metadata={"description": "only what has not ended"})


class WindowEdge(When):
    """A window's edge in a query string: an ISO 8601 moment, as the API's other times. Its
    offset's ``+`` unescaped in a URL arrives as a space ("…T00:00:00 05:00"): read as the
    ``+`` it was, never refused as a moment without an offset or taken for another one."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if isinstance(value, str):
            value = _UNESCAPED_PLUS.sub(r"\1+\2", value)
        return super()._deserialize(value, attr, data, **kwargs)


_UNESCAPED_PLUS = re.compile(r"^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}(?::?\d{2})?)$")


class WindowQuery(ListQuery):
    """A calendar list's query: its page, ``upcoming``, and a window of time (either edge may
    be left out; ``until`` must be after ``since``)."""

    since = WindowEdge(
        load_default=None,
        metadata={
            "description": "only what is in the window from this moment on (a meeting that "
            "ends after it, a reminder due at or after it). ISO 8601; without an offset it is "
            "read in the user's timezone"
        },
    )
    until = WindowEdge(
        load_default=None,
        metadata={
            "description": "only what is in the window before this moment (a meeting that "
            "starts before it, a reminder due before it); must be after `since`, else 422 "
            "validation_error. ISO 8601; without an offset it is read in the user's timezone"
        },
    )


class ReminderIn(Schema):
    text = String(required=True, validate=Length(min=1, max=300))
    due_at = When(required=True, metadata=_WHEN)
    kind = String(load_default="reminder", validate=OneOf(["reminder", "alarm", "timer"]))


class ReminderPatch(Schema):
    text = String(validate=Length(min=1, max=300))
    due_at = When(metadata=_WHEN)
    done = JsonBoolean()


class ReminderOut(Schema):
    id = Integer()
    text = String()
    kind = String()
    due_at = String()
    done = Boolean()


class ReminderList(Schema):
    reminders = List(Nested(ReminderOut))
    next_cursor = _next_cursor()


_DUE = {"description": _WHEN["description"] + "; a date alone is due at the end of that day"}


class TodoIn(Schema):
    text = String(required=True, validate=Length(min=1, max=300))
    due_at = When(day_ends=True, load_default=None, allow_none=True, metadata=_DUE)
    done = JsonBoolean(load_default=False)


class TodoPatch(Schema):
    text = String(validate=Length(min=1, max=300))
    due_at = When(day_ends=True, allow_none=True, metadata=_DUE)
    done = JsonBoolean()


class TodoOut(Schema):
    id = Integer()
    text = String()
    done = Boolean()
    due_at = String(allow_none=True)


class TodoList(Schema):
    todos = List(Nested(TodoOut))
    next_cursor = _next_cursor()


# -- users and feedback -----------------------------------------------------------------------
class UserOut(Schema):
    id = Integer()
    name = String()
    timezone = String()
    locale = String()
    created_at = String()


class UserPatch(Schema):
    timezone = String(validate=Length(min=1, max=64), metadata={"example": "America/Lima"})
    locale = String(
        validate=Regexp(
            r"^[a-zA-Z]{2,3}([-_]([a-zA-Z]{2}|[0-9]{3}))?$",
            error=N_("use a locale like en or es-PE"),
        ),
        metadata={
            "example": "es-PE",
            "description": "the language replies and pages use: en or es, optionally with a "
            "region (another language answers 422 unsupported_locale); stored as a tag is "
            "written, whatever its case or separator (es-pe, es_PE: es-PE), as `slipway users "
            "create --locale` stores it",
        },
    )


class FeedbackIn(Schema):
    message_id = Integer(required=True, strict=True)
    rating = String(required=True, validate=OneOf(["up", "down"]))
    comment = String(load_default=None, allow_none=True, validate=Length(max=2000))
    corrected_intent = String(
        load_default=None,
        allow_none=True,
        validate=Regexp(
            r"^[a-z_]{1,64}$", error=N_("an intent label like reminder or learning_path")
        ),
        metadata={"description": "the intent the message really had (a labelled example)"},
    )


class FeedbackOut(Schema):
    id = Integer()
    message_id = Integer()
    rating = String()
    comment = String(allow_none=True)
    corrected_intent = String(allow_none=True)


# -- learning pathways --------------------------------------------------------------------------
class SkillLevel(Schema):
    skill = String(
        required=True,
        validate=Length(min=1, max=60),
        metadata={
            "example": "Power BI",
            "description": "a catalog skill by its name (English or Spanish) or its id; each "
            "skill once in a list (twice, by any of its names: 422 duplicate_skill)",
        },
    )
    level = Integer(
        required=True,
        strict=True,
        validate=Range(min=1, max=3),
        metadata={"description": "1 a little, 2 can work with it, 3 expert"},
    )


class ProfilePatch(Schema):
    skills = List(Nested(SkillLevel), validate=Length(max=60))
    interests = List(String(validate=Length(min=1, max=40)), validate=Length(max=10))
    region = String(
        validate=Length(min=1, max=40),
        metadata={
            "example": "Lima",
            "description": "a region of the catalog, case and accents ignored (junín, LIMA, "
            "Cuzco), or its main city (Huancayo: Junin, Trujillo: La Libertad, Chiclayo: "
            "Lambayeque); stored as the catalog names it",
        },
    )
    hours_per_week = Written(
        words=r"h|hrs?|horas?|hours?",
        unreadable=N_("I cannot read “%(text)s” as hours a week: write them like 6 or 1.5"),
        validate=Range(min=HOURS_PER_WEEK[0], max=HOURS_PER_WEEK[1]),
        metadata={
            "example": 8,
            "description": 'a number, or text as typed in a form ("1,5": 1.5)',
        },
    )
    budget_pen = Written(
        before=r"s/\.?\s*|pen\s*",
        words=r"soles|sol|pen",
        unreadable=N_(
            "I cannot read “%(text)s” as an amount of soles: write it like 1500 or 1500.50"
        ),
        allow_none=True,
        validate=Range(min=0, max=BUDGET_MAX),
        metadata={
            "description": "total budget in soles; null: no limit; 0: free courses only. A "
            'number, or text as typed in a form, read as the chat reads an amount: "10.000", '
            '"10,000" and "S/ 10 000" are 10000, "1500,50" is 1500.5; an amount that '
            'cannot be told ("1.50.0") is refused'
        },
    )
    languages = List(String(validate=OneOf(["es", "en"])), validate=Length(min=1, max=2))
    goal_role = String(
        allow_none=True, validate=Length(max=80), metadata={"example": "data analyst"}
    )


class ProfileOut(Schema):
    skills = List(Nested(SkillLevel))
    interests = List(String())
    region = String()
    hours_per_week = Float()
    budget_pen = Float(allow_none=True)
    languages = List(String())
    goal_role = String(allow_none=True)
    updated_at = String(allow_none=True)


class RecommendIn(ProfilePatch):
    """Optional overrides of the stored profile for this one recommendation (not stored)."""


class PathwayStep(Schema):
    course_id = String()
    title = String()
    provider = String()
    language = String()
    level = String()
    hours = Float()
    cost_pen = Float()
    cost_text = String(
        metadata={"description": "the cost as the replies write it (as Peru does): S/ 1,080"}
    )
    modality = String()
    skills_taught = List(String())
    skills_required = List(String())
    score = Float()
    reason = String()


class PathwayRole(Schema):
    role = String(metadata={"description": "the role as the demand table names it"})
    role_name = String(metadata={"description": "the role's name in the caller's language"})
    region = String()
    demand_index = Float()
    typical_pay_pen_month = Float()
    skills_required = List(String())
    coverage_after = Float()


class PathwayOut(Schema):
    recommendation_id = Integer()
    ranker_version = String()
    profile = Dict()
    steps = List(Nested(PathwayStep))
    roles = List(Nested(PathwayRole))
    total_hours = Float()
    total_cost_pen = Float()
    total_cost_text = String(metadata={"description": "the total cost as the replies write it"})
    weeks = Float()
    notes = List(String())
    feedback = Dict(
        keys=String(),
        values=String(),
        metadata={
            "description": "the caller's latest answer on each of these courses, on this "
            "recommendation or an earlier one (course id → accepted; a rejected or completed "
            "course is left out of the next paths); an identical call answers the same "
            "recommendation again"
        },
    )
    explanation = String(metadata={"description": "the pathway in words"})


class PathwayFeedbackIn(Schema):
    recommendation_id = Integer(required=True, strict=True)
    course_id = String(required=True, validate=Regexp(r"^C\d{3,}$"), metadata={"example": "C005"})
    action = String(required=True, validate=OneOf(["accepted", "completed", "rejected"]))


class PathwayFeedbackOut(Schema):
    id = Integer()
    recommendation_id = Integer()
    course_id = String()
    action = String()


class CatalogOut(Schema):
    regions = List(String())
    roles = List(String())
    skills = List(String())
    skill_names = Dict(
        keys=String(),
        values=String(),
        metadata={"description": "each skill's name in the caller's language, e.g. Excel"},
    )
    role_names = Dict(
        keys=String(),
        values=String(),
        metadata={"description": "each role's name in the caller's language"},
    )
    skill_aliases = Dict(
        keys=String(),
        values=List(String()),
        metadata={
            "description": "each skill's keys a profile may name it by (its id, its names in "
            "every language, lowercased without accents, words joined by _)"
        },
    )
    courses = Integer()
    ranker_version = String()
