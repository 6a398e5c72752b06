"""The assistant's tables (SQLAlchemy 2 declarative). Times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    update,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: attach a timezone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


#: SQLite gives a deleted row's id to the next row unless the table says AUTOINCREMENT: the tables
#: whose ids users see (and the turn journal, whose ids the logs name) say it (migration 0007).
#: Postgres sequences never give an id out again.
_NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # the language spoken to the user: "en" or "es", optionally with a region ("es-PE")
    locale: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list[Token]] = relationship(back_populates="user", cascade="all, delete")


class Token(Base):
    """An API token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")


class Conversation(Base):
    """A chat thread; ``state`` holds the pending action and the last reply.

    ``version`` counts the turns that changed the row: the ORM writes ``state`` with ``WHERE
    version = <the version read>`` and raises ``StaleDataError`` when another turn stored first
    (SQLAlchemy's ``version_id_col``), so two messages answered at once cannot both use one
    pending action (see ``Assistant.chat_events``)."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id", cascade="all, delete"
    )

    __table_args__ = _NEVER_REUSED
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (declarative reads it)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))  # user | assistant
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(64), default=None)
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    skill: Mapped[str | None] = mapped_column(String(32), default=None)
    path: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    __table_args__ = _NEVER_REUSED


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    attendee: Mapped[str | None] = mapped_column(String(120), default=None)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_meetings_user_start", "user_id", "starts_at"), _NEVER_REUSED)


class Reminder(Base):
    """A reminder; alarms and timers are reminders of another ``kind``."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), default="reminder")  # reminder|alarm|timer
    due_at: Mapped[datetime] = mapped_column()
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the meeting a reminder was set relative to ("3 hours before my meeting with Tom", "the
    # night before"): it follows that meeting when it moves (app.calendar.reschedule), by the
    # same time, or by whole days at its own hour when ``meeting_by_day``
    # (no foreign key: a deleted meeting clears it, :func:`_forget_meeting`, and a deleted
    # meeting brought back by "undo" under a new id is never blocked by it)
    meeting_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    meeting_by_day: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = _NEVER_REUSED


class Todo(Base):
    __tablename__ = "todos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = _NEVER_REUSED


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    rating: Mapped[str] = mapped_column(String(8))  # up | down
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    # the intent the reply should have had, when the user says so (a labelled example)
    corrected_intent: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "message_id", name="uq_feedback_message"),)


class RequestLog(Base):
    """One row per chat turn: what the model said and which skill and path answered."""

    __tablename__ = "request_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    request_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    route: Mapped[str] = mapped_column(String(120))
    status: Mapped[int] = mapped_column(Integer)
    intent: Mapped[str | None] = mapped_column(String(64), default=None)
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    skill: Mapped[str | None] = mapped_column(String(32), default=None)
    path: Mapped[str | None] = mapped_column(String(16), default=None)
    latency_ms: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(32), default="")


class TurnJournal(Base):
    """An LLM turn's tool writes while the turn runs (``app.db.journal``): the turn's undo log
    (``UndoLog.saved``'s JSON form), written in the same transaction as each tool call's write
    and deleted in the one that ends the turn (its reply stored, or its calls undone). A row
    left behind past ``expires_at`` (the turn's deadline and a margin) belongs to a turn whose
    process died: the recovery reverses its writes (``app.db.journal.recover``)."""

    __tablename__ = "turn_journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # no foreign key: a new conversation is stored only with the turn's messages, at its end
    conversation_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    log: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        Index("ix_turn_journal_expires_at", "expires_at"),  # the sweep of every user
        Index("ix_turn_journal_user_expires", "user_id", "expires_at"),  # one user's
        _NEVER_REUSED,
    )


# -- learning pathways --------------------------------------------------------------------------
class LearnerProfile(Base):
    """What the pathway ranker knows about a user: skills, goal, region, time, money, languages."""

    __tablename__ = "learner_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    skills: Mapped[dict[str, Any]] = mapped_column(default=dict)  # slug → level 1..3
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str] = mapped_column(String(40), default="Lima")
    hours_per_week: Mapped[float] = mapped_column(Float, default=6.0)
    budget_pen: Mapped[float | None] = mapped_column(Float, default=None)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    goal_role: Mapped[str | None] = mapped_column(String(80), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PathwayRecommendation(Base):
    """One served pathway: the profile it was made for and the courses shown, in order.

    ``export_id`` is a random pseudonym: the feedback export names the learner by it alone.
    """

    __tablename__ = "pathway_recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    export_id: Mapped[str] = mapped_column(String(32), unique=True)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    course_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    ranker_version: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PathwayFeedback(Base):
    """What the user did with a recommended course: accepted, completed or rejected."""

    __tablename__ = "pathway_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_recommendations.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))  # accepted | completed | rejected
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (
        UniqueConstraint("recommendation_id", "course_id", name="uq_pathway_feedback_course"),
    )


@event.listens_for(Meeting, "before_delete")
def _forget_meeting(_mapper: Any, connection: Connection, target: Meeting) -> None:
    """A deleted meeting's reminders follow nothing (its id may be given out again)."""
    connection.execute(
        update(Reminder)
        .where(Reminder.meeting_id == target.id)
        .values(meeting_id=None, meeting_by_day=False)
    )
