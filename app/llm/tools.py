"""The skills as LLM tools. A skill lists its typed entry points in ``tools``; each signature
(minus the ``turn``) becomes one pydantic model, which yields both the JSON schema sent to the
model and the validation of the arguments it sends back. Nothing runs before the arguments
validate, and a tool never takes a user: the skill acts for the turn's authenticated user.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from app import calendar
from app.db.tables import Meeting, Reminder, Todo
from app.db.undo import recorded
from app.inputs import body_problem
from app.skills.base import Reply, Skill, Turn


@dataclass(frozen=True)
class Tool:
    name: str
    skill: str
    description: str
    arguments: type[BaseModel]
    run: Callable[..., Reply]

    def schema(self) -> dict[str, Any]:
        parameters = copy.deepcopy(_json_schema(self.arguments))
        parameters.pop("title", None)
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": parameters,
            },
        }


# The arguments that name one of the user's rows: a call on a row that is not there (deleted, or
# another user's: the same answer, nothing told) is a failed call with the code ``not_found``,
# never an ok "That item no longer exists." that the truth check would count as done
_ROWS: dict[str, Any] = {  # the argument → its table (Meeting, Reminder or Todo)
    "meeting_id": Meeting,
    "reminder_id": Reminder,
    "todo_id": Todo,
}
NOT_FOUND = "not_found"
# A call the skill answered with a question and nothing written ("That overlaps with “Dentist”
# (tomorrow at 3:00 PM). Book it anyway?"): a failed call with the code ``not_done``, never an ok
# one whose result the model may read past and claim as done ("Done! I've booked it"); the turn
# then falls back and the local path asks the user that question, which their answer settles
NOT_DONE = "not_done"


@dataclass
class Checked:
    """A tool call whose arguments were parsed and validated (or the reason they were not)."""

    id: str
    name: str
    raw: str
    tool: Tool | None = None
    args: BaseModel | None = None
    error: str = ""


@dataclass
class Outcome:
    """What running one checked call gave: the tool message content and the skill's reply."""

    ok: bool
    content: str
    reply: Reply | None = None
    skill: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def derive(skill: Skill, name: str) -> Tool:
    """A tool from one of ``skill``'s methods: ``(self, turn, **typed arguments) -> Reply``."""
    model, doc = _arguments(type(skill), name)
    return Tool(name, skill.name, doc, model, getattr(skill, name))


@functools.cache
def _arguments(kind: type[Skill], name: str) -> tuple[type[BaseModel], str]:
    """The arguments model and the description of a skill class's tool, made once per process
    (every app built, one per test, would make them again)."""
    fn = getattr(kind, name)
    hints = typing.get_type_hints(fn, include_extras=True)
    fields: dict[str, Any] = {}
    for param in list(inspect.signature(fn).parameters.values())[2:]:  # self, then the turn
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (hints[param.name], default)
    model = create_model(f"{name}_arguments", __config__=ConfigDict(extra="forbid"), **fields)
    doc = " ".join((inspect.getdoc(fn) or name).split())
    return model, doc


@functools.cache
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


class ToolBox:
    """The tools of some skills, by name."""

    def __init__(self, skills: Iterable[Skill]) -> None:
        self.tools = {
            name: derive(skill, name) for skill in skills for name in getattr(skill, "tools", ())
        }
        self.schemas = [tool.schema() for tool in self.tools.values()]

    def check(self, call_id: str, name: str, raw: str) -> Checked:
        checked = Checked(call_id, name, raw)
        tool = self.tools.get(name)
        if tool is None:
            checked.error = f"unknown tool {name!r}; the tools are {', '.join(self.tools)}"
            return checked
        checked.tool = tool
        try:
            checked.args = tool.arguments.model_validate_json(raw or "{}")
            # the checks the REST API makes of every body: no NUL (Postgres refuses it in
            # text), no lone surrogate (it cannot be stored or logged), nothing nested deep
            problem = body_problem(checked.args.model_dump())
            if problem is not None:
                checked.args = None
                checked.error = f"invalid arguments: {problem}"
        except ValidationError as exc:
            problems = [
                f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}"
                for e in exc.errors(include_url=False)
            ]
            checked.error = "invalid arguments: " + "; ".join(problems)
        return checked

    def run(self, turn: Turn, checked: Checked) -> Outcome:
        """Run a validated call for the turn's user; a refused call writes nothing."""
        if checked.tool is None or checked.args is None:
            return Outcome(False, json.dumps({"error": checked.error}))
        values = {k: getattr(checked.args, k) for k in type(checked.args).model_fields}
        for name, model in _ROWS.items():
            if name in values and (
                calendar.owned(turn.session, model, turn.user, values[name]) is None
            ):
                return _not_found(name, values[name])
        before = recorded(turn.session)
        try:
            reply = checked.tool.run(turn, **values)
        except ValueError as exc:  # the skill refused the arguments before writing
            return Outcome(False, json.dumps({"error": f"invalid arguments: {exc}"}))
        if reply.pending is not None and not _wrote(turn, before):
            error = f"{NOT_DONE}: nothing was changed; the user must answer first: {reply.text}"
            return Outcome(False, json.dumps({"error": error, "code": NOT_DONE}))
        if reply.data.get("found") is False and any(name in values for name in _ROWS):
            # gone between the check and the run: nothing was changed
            name = next(name for name in _ROWS if name in values)
            return _not_found(name, values[name])
        content = json.dumps({"result": reply.text, "data": reply.data}, default=str)
        return Outcome(True, content, reply, checked.tool.skill, reply.data)


def _wrote(turn: Turn, before: int | None) -> bool:
    """Whether the call just run wrote anything (``before``: :func:`recorded` before it)."""
    session = turn.session
    if before is None:  # no log records this session: what it holds unflushed says
        return bool(session.new or session.dirty or session.deleted)
    session.flush()
    return recorded(session) != before


def _not_found(name: str, value: Any) -> Outcome:
    error = f"{NOT_FOUND}: the user has no item with {name} {value}; nothing was changed"
    return Outcome(False, json.dumps({"error": error, "code": NOT_FOUND}))
