"""``slipway data import-feedback``: production feedback → a new version of ``data/``.

Two kinds of user feedback leave the database:

- chat ratings that name the right intent: a correction (``corrected_intent``) or a thumbs-up
  (the predicted intent confirmed) on a reply; the user message it answered becomes a labelled
  example appended to ``data/intents/train.jsonl`` with its language (``lang``, read as the
  assistant reads it) (texts already in any split are skipped);
- pathway feedback: each recommendation with at least one accepted / completed / rejected course
  becomes a learner profile (``profiles.csv``) and its shown courses interactions
  (``interactions.csv``), both with ``source=feedback``.

Any user can rate their own messages with any intent the model knows, so a rating is a claim,
not a label (review S-M2: one user relabelling five fee questions as "goodbye" got four into the
training set). The export is therefore automatic only where it is safe to be, and a person
reviews the rest:

- no single user steers the data: at most ``SLIPWAY_FEEDBACK_MAX_PER_USER`` new intent
  examples and as many new or changed learners are taken from one user per export, oldest
  feedback first; the rest are counted, reported and left in the database for a later export
  (an export re-reads its whole window and skips what ``data/`` already holds, so the next one
  reaches them while they are in its window);
- a label that conflicts is never appended: the same text (as :func:`pipelines.data.leak_key`
  normalizes it) rated with different intents in the window, or rated against the label a line
  of ``data/`` already gives it, is held back and listed for a person to decide;
- what the export adds is written, line by line, to a review file (:meth:`ExportResult.review`,
  ``reports/feedback-review.md``): each new line's text, label, language and how many users
  gave it; each new learner; what is held back and deferred. The weekly workflow puts it in
  the data pull request's description, and merging that pull request is the review.

Nothing personal leaves in clear: learners are named by the recommendation's random
``export_id`` only; a message that contains an e-mail address, an API token, a URL, a long
number or its author's user name is not exported at all. Other people a message names leave
as stand-ins ("agenda una reunión con Luis Mamani Huamán" → "… con Raúl Torres Rojas":
:mod:`pipelines.pseudonyms`), and a message with a capitalised word that may be a name the
reader cannot place is held back. Thumbs-down without a correction need a human review first
and are only counted. No user name is written to the review file or the summary.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.intent import normalize
from models.privacy import personal_data
from models.ranker import Profile
from pipelines.data import leak_key
from pipelines.errors import DataError, SlipwayError
from pipelines.pathways.data import (
    INTERACTION_COLUMNS,
    PROFILE_COLUMNS,
    pathways_dir,
    profile_row,
    read_interactions,
    read_profile_rows,
    write_rows,
)
from pipelines.settings import PipelineSettings

if TYPE_CHECKING:
    from pipelines.pseudonyms import Pseudonymizer

POSITIVE = ("accepted", "completed", "rejected")


@dataclass(frozen=True)
class Known:
    """A text already in data/: its label and where it is (``data/intents/train.jsonl:5175``)."""

    intent: str
    where: str


@dataclass
class ExportResult:
    examples: list[dict[str, str]] = field(default_factory=list)
    profiles: list[dict[str, str]] = field(default_factory=list)
    interactions: list[dict[str, str]] = field(default_factory=list)
    skipped_personal: int = 0
    # held back: a capitalised word that may be a person's name the reader cannot place
    skipped_names: int = 0
    # exported with other people's names replaced by stand-ins
    pseudonymized: int = 0
    skipped_known: int = 0
    skipped_label: int = 0
    needs_review: int = 0
    # rated messages whose language the detector cannot tell (short, ambiguous): not exported
    unsure_language: list[str] = field(default_factory=list)
    # rated messages already in data/ with another label than the rating gives: (text, the
    # rating's label, what data/ holds); not exported, listed for review
    disagreements: list[tuple[str, str, Known]] = field(default_factory=list)
    # the same text rated with different intents in this export (by one user or several):
    # (text, {intent: how many users gave it}); not exported, listed for review
    conflicts: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    # how many users gave each exported example (aligned with ``examples``)
    raters: list[int] = field(default_factory=list)
    # the per-user cap (SLIPWAY_FEEDBACK_MAX_PER_USER) and what it left for a later export, per
    # user (counted under an anonymous key: no user name leaves)
    per_user: int | None = None
    deferred_examples: Counter[str] = field(default_factory=Counter)
    deferred_learners: Counter[str] = field(default_factory=Counter)
    # of the learners and interactions above, those not already in data/ as they are
    new_profiles: int = 0
    new_interactions: int = 0
    # the learners whose rows are not in data/ as they are (what the review lists)
    changed_learners: set[str] = field(default_factory=set)
    changed_files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        unsure = (
            f"; {len(self.unsure_language)} message(s) in no clear language wait for review "
            "(add them by hand with their lang: "
            + ", ".join(repr(t) for t in self.unsure_language[:3])
            + ("…" if len(self.unsure_language) > 3 else "")
            + ")"
            if self.unsure_language
            else ""
        )
        disagree = (
            f"; {len(self.disagreements)} rated message(s) already in data/ with another label "
            "wait for review (fix data/ by hand if the rating is right: "
            + ", ".join(
                f"{text!r} rated {label}, {had.where} says {had.intent}"
                for text, label, had in self.disagreements[:3]
            )
            + ("…" if len(self.disagreements) > 3 else "")
            + ")"
            if self.disagreements
            else ""
        )
        conflict = (
            f"; {len(self.conflicts)} message(s) rated with different intents wait for review "
            "(not exported: "
            + ", ".join(f"{text!r} rated {_labels(labels)}" for text, labels in self.conflicts[:3])
            + ("…" if len(self.conflicts) > 3 else "")
            + ")"
            if self.conflicts
            else ""
        )
        deferred = self.deferred_summary()
        unchanged = len(self.profiles) - self.new_profiles
        same = f", {unchanged} learner profile(s) already in data/ as they are" if unchanged else ""
        return (
            f"new in data/: {len(self.examples)} intent examples, {self.new_profiles} learner "
            f"profiles and {self.new_interactions} course interactions; skipped "
            f"{self.skipped_personal} message(s) with personal data, {self.skipped_names} with a "
            f"word that may be a person's name, {self.skipped_known} already in data/, "
            f"{self.skipped_label} with an unknown intent{same}; {self.pseudonymized} exported "
            f"message(s) had people's names replaced by stand-ins; {self.needs_review} "
            f"thumbs-down without a correction wait for review{unsure}{disagree}{conflict}"
            f"{'; ' + deferred if deferred else ''}"
        )

    def deferred_summary(self) -> str:
        """What the per-user cap left for a later export; empty when it left nothing."""
        examples = sum(self.deferred_examples.values())
        learners = sum(self.deferred_learners.values())
        if not (examples or learners):
            return ""
        users = len(set(self.deferred_examples) | set(self.deferred_learners))
        most = max((self.deferred_examples + self.deferred_learners).values())
        return (
            f"{examples} intent example(s) and {learners} learner(s) from {users} user(s) over "
            f"the cap of {self.per_user} per user (SLIPWAY_FEEDBACK_MAX_PER_USER) left for a "
            f"later import (at most {most} from one user)"
        )

    def review(self, *, since: datetime | None = None) -> str:
        """The review file (Markdown): every line this export adds to ``data/``, and what it
        held back or deferred, for the person who merges the data pull request.

        Users' texts are shown inside fenced blocks only (JSON strings), so nothing they wrote
        renders as Markdown or HTML, mentions anyone or links anywhere."""
        window = (
            f"feedback given since {since:%Y-%m-%d}"
            if since
            else "all the feedback in the database"
        )
        out = [
            "## Feedback import: the lines to review",
            "",
            f"Read from {window}. Merging this pull request adds the lines below to `data/`; "
            "if one is wrong, fix `data/` on this branch (`dvc pull`, edit, `dvc add data`, "
            "`dvc push`, commit `data.dvc`) or close the pull request.",
            "",
            f"### New intent examples ({len(self.examples)}), appended to "
            "`data/intents/train.jsonl`",
            "",
        ]
        rows = [
            f"{users:>5}  {ex['intent']:<20} {ex['lang']:<4} {_quoted(ex['text'])}"
            for ex, users in zip(
                self.examples, self.raters or [1] * len(self.examples), strict=False
            )
        ]
        out += _block(["users  intent               lang text", *rows]) if rows else ["None."]
        changed = self._changed_learners()
        out += ["", f"### New or changed learners ({len(changed)}), in `data/pathways/`", ""]
        if changed:
            lines = []
            for profile in changed:
                pid = profile["profile_id"]
                actions = Counter(x["action"] for x in self.interactions if x["profile_id"] == pid)
                shown = ", ".join(f"{k} {n}" for k, n in sorted(actions.items()))
                lines.append(json.dumps(profile, ensure_ascii=False) + f"  courses: {shown}")
            out += _block(lines)
        else:
            out.append("None.")
        out += ["", "### Held back for a person to decide (not in `data/`)", ""]
        held = [
            *(f"rated {_labels(labels)}: {_quoted(t)}" for t, labels in self.conflicts),
            *(
                f"rated {label}, {had.where} says {had.intent}: {_quoted(t)}"
                for t, label, had in self.disagreements
            ),
            *(f"no clear language: {_quoted(t)}" for t in self.unsure_language),
        ]
        out += _block(held) if held else ["None."]
        out += ["", "### Counted only", ""]
        deferred = self.deferred_summary()
        out += [
            f"- deferred by the per-user cap: {deferred}"
            if deferred
            else f"- deferred by the per-user cap ({self.per_user}): none",
            f"- not exported: {self.skipped_personal} with personal data, {self.skipped_names} "
            f"with a word that may be a person's name, {self.skipped_label} with an unknown "
            f"intent, {self.skipped_known} already in `data/`; {self.needs_review} thumbs-down "
            "without a correction",
            f"- {self.pseudonymized} exported message(s) had people's names replaced by stand-ins",
        ]
        return "\n".join(out) + "\n"

    def _changed_learners(self) -> list[dict[str, str]]:
        return [p for p in self.profiles if p["profile_id"] in self.changed_learners]


def _labels(labels: dict[str, int]) -> str:
    """``{"fees": 2, "goodbye": 1}`` → ``fees (2 users) / goodbye (1 user)``."""
    return " / ".join(
        f"{label} ({n} user{'s' if n != 1 else ''})" for label, n in sorted(labels.items())
    )


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(lines: list[str]) -> list[str]:
    """``lines`` as a fenced block whose fence no line can close."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def personal(text: str, names: set[str]) -> bool:
    """True when ``text`` holds an e-mail, token, URL, long number or any part of ``names``
    (a user "rosa.quispe" makes every message with the word "rosa" or "quispe" personal), as
    typed or slugged (a stored interest "lucia_r_example_com", "987_654_321")."""
    if personal_data(text):
        return True
    words = set(re.findall(r"[a-z0-9]+", normalize(text)))
    parts = {w for n in names for w in re.findall(r"[a-z0-9]+", normalize(n)) if len(w) >= 3}
    return bool(parts & words)


def _known_texts(data_dir: Path) -> dict[str, Known]:
    seen: dict[str, Known] = {}
    for split in ("train", "val", "test"):
        path = data_dir / "intents" / f"{split}.jsonl"
        if path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    row = json.loads(line)
                    key = leak_key(row["text"])
                    seen.setdefault(key, Known(str(row.get("intent", "")), f"{path}:{n}"))
    return seen


def _intents(settings: PipelineSettings) -> set[str]:
    from pipelines.params import load_params

    return set(load_params(settings.params_file).intents)


def _chat_examples(
    session: Any,
    since: datetime | None,
    known: dict[str, Known],
    labels: set[str],
    result: ExportResult,
    names: Pseudonymizer | None = None,
    per_user: int | None = None,
) -> Iterator[dict[str, str]]:
    """The rated messages as labelled lines, other people's names replaced by stand-ins
    (``names``; its default knows no course catalog): a text rated with one intent only, at
    most ``per_user`` new lines from one user (None: no cap), oldest feedback first."""
    from sqlalchemy import select

    from app import language
    from app.db.tables import Conversation, Feedback, Message, User
    from pipelines.pseudonyms import Pseudonymizer

    query = (
        select(Feedback, Message, User)
        .join(Message, Message.id == Feedback.message_id)
        .join(User, User.id == Feedback.user_id)
        .order_by(Feedback.id)
    )
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    names = names or Pseudonymizer()
    # every rating of a text is read before any is taken: a text rated with two intents (by
    # two users, or one user twice) is a conflict whichever rating came first
    rated: dict[str, list[_Rating]] = {}
    for fb, reply, user in session.execute(query):
        label = fb.corrected_intent or (reply.intent if fb.rating == "up" else None)
        if label is None:
            result.needs_review += 1
            continue
        if label not in labels:
            result.skipped_label += 1
            continue
        asked = session.scalar(
            select(Message)
            .where(
                Message.conversation_id == reply.conversation_id,
                Message.role == "user",
                Message.id < reply.id,
            )
            .order_by(Message.id.desc())
            .limit(1)
        )
        conversation = session.get(Conversation, reply.conversation_id)
        if asked is None or conversation is None:
            continue
        text = " ".join(asked.text.split())
        if personal(text, {user.name}):
            result.skipped_personal += 1
            continue
        # other people's names leave as stand-ins (from the lists of the message's language);
        # a word that may be a name the reader cannot place keeps the message back. Everything
        # below (data/'s texts, the lists for review) sees the stand-ins only.
        said = names(text, language.detect(text) or "es", avoid={user.name})
        if said.unsure:
            result.skipped_names += 1
            continue
        text = said.text
        key = leak_key(text)
        if key in known:
            had = known[key]
            if had.intent != label:
                # the rating says another label than data/ holds: a human decides which is right
                result.disagreements.append((text, label, had))
            else:
                result.skipped_known += 1
            continue
        # the corpus is per language (GX gates and metrics split by `lang`): the message's own
        # language, read again by the assistant's detector. The conversation's language or the
        # user's locale is no evidence for one short line ("arre, hazlo" in an English
        # conversation is Spanish): a line the detector is unsure of waits for a review.
        lang = language.detect(text)
        if lang is None:
            result.unsure_language.append(text)
            continue
        rated.setdefault(key, []).append(_Rating(text, label, lang, user.name, said.names > 0))
    taken: Counter[str] = Counter()
    for key, ratings in rated.items():
        said_labels = {r.intent for r in ratings}
        users = list(dict.fromkeys(r.user for r in ratings))
        if len(said_labels) > 1:
            given = {i: len({r.user for r in ratings if r.intent == i}) for i in said_labels}
            result.conflicts.append((ratings[0].text, given))
            continue
        # charged to the first of its raters with room under the cap; none: a later export
        payer = next((u for u in users if per_user is None or taken[u] < per_user), None)
        if payer is None:
            result.deferred_examples[_anonymous(users[0])] += 1
            continue
        taken[payer] += 1
        first = ratings[0]
        known[key] = Known(first.intent, "this import")
        result.pseudonymized += first.pseudonymized
        result.raters.append(len(users))
        yield {"text": first.text, "intent": first.intent, "lang": first.lang}


@dataclass(frozen=True)
class _Rating:
    """One rated message that passed every filter, before conflicts and the cap."""

    text: str
    intent: str
    lang: str
    user: str
    pseudonymized: bool


def _anonymous(user: str) -> str:
    """A key that counts a user's deferred lines without keeping the user's name."""
    import hashlib

    return hashlib.sha256(user.encode()).hexdigest()[:12]


def _pathway_rows(
    session: Any,
    since: datetime | None,
    result: ExportResult,
    owners: dict[str, str] | None = None,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The learners and their interactions, oldest recommendation first; ``owners`` receives
    each learner's user (for the per-user cap, never written anywhere)."""
    from sqlalchemy import select

    from app.db.tables import PathwayFeedback, PathwayRecommendation, User

    query = select(PathwayFeedback).order_by(PathwayFeedback.id)
    if since is not None:
        query = query.where(PathwayFeedback.created_at >= since)
    by_rec: dict[int, dict[str, str]] = {}
    for fb in session.scalars(query):
        if fb.action in POSITIVE:
            by_rec.setdefault(fb.recommendation_id, {})[fb.course_id] = fb.action
    profiles, interactions = [], []
    for rec_id, actions in sorted(by_rec.items()):
        rec = session.get(PathwayRecommendation, rec_id)
        if rec is None:
            continue
        pid = "fb-" + rec.export_id[:16]
        profile = Profile.from_dict(rec.profile)
        # interests are free text (stored slugged): none with personal data or the learner's
        # own user name leaves the database
        user = session.get(User, rec.user_id)
        names = {user.name} if user is not None else set()
        if owners is not None:
            owners[pid] = user.name if user is not None else f"user {rec.user_id}"
        profile.interests = [i for i in profile.interests if not personal(i, names)]
        if profile.goal_role and personal(profile.goal_role, set()):
            profile.goal_role = None
        profiles.append(profile_row(pid, profile, "feedback"))
        shown = list(dict.fromkeys([*rec.course_ids, *actions]))
        for course_id in shown:
            interactions.append(
                {
                    "profile_id": pid,
                    "course_id": course_id,
                    "action": actions.get(course_id, "shown"),
                    "source": "feedback",
                }
            )
    return profiles, interactions


def export_feedback(
    database_url: str,
    data_dir: Path,
    since: datetime | None = None,
    per_user: int | None = None,
) -> ExportResult:
    """Write the feedback that passes every filter into ``data_dir`` (merging with what is
    there): at most ``per_user`` new lines per user (default: SLIPWAY_FEEDBACK_MAX_PER_USER);
    :meth:`ExportResult.review` lists what was written for the person who reviews it."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from pipelines.pseudonyms import Pseudonymizer, catalog_words
    from pipelines.settings import PipelineSettings

    if not (data_dir / "intents" / "train.jsonl").is_file():
        raise DataError(f"{data_dir}/intents missing: run `dvc pull` first")
    settings = PipelineSettings(data_dir=data_dir)
    labels = _intents(settings)
    per_user = settings.feedback_max_per_user if per_user is None else per_user
    result = ExportResult(per_user=per_user)
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            known = _known_texts(data_dir)
            names = Pseudonymizer(catalog_words(data_dir))
            result.examples = list(
                _chat_examples(session, since, known, labels, result, names, per_user)
            )
            owners: dict[str, str] = {}
            result.profiles, result.interactions = _pathway_rows(session, since, result, owners)
    except SQLAlchemyError as exc:
        raise SlipwayError(
            f"cannot read feedback from the database: {exc.__class__.__name__}. Check "
            "SLIPWAY_DATABASE_URL (or --database-url) and run `slipway db upgrade`."
        ) from None
    finally:
        engine.dispose()
    if result.examples:
        train = data_dir / "intents" / "train.jsonl"
        with train.open("a", encoding="utf-8") as fh:
            for ex in result.examples:
                fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
        result.changed_files.append(str(train))
    if result.profiles:
        _cap_learners(data_dir, result, owners, per_user)
    if result.profiles:
        _merge_pathways(data_dir, result)
    return result


def _row(r: dict[str, Any], columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(r.get(c, "")) for c in columns)  # as the CSV holds it


def _cap_learners(
    data_dir: Path, result: ExportResult, owners: dict[str, str], per_user: int | None
) -> None:
    """Keep the learners already in data/ as they are, and at most ``per_user`` new or changed
    ones per user (oldest recommendation first); count the rest as deferred."""
    old: dict[str, tuple[set[tuple[str, ...]], set[tuple[str, ...]]]] = {}
    for r in read_profile_rows(data_dir):
        old.setdefault(r["profile_id"], (set(), set()))[0].add(_row(r, PROFILE_COLUMNS))
    for x in read_interactions(data_dir):
        interaction = {
            "profile_id": x.profile_id,
            "course_id": x.course_id,
            "action": x.action,
            "source": x.source,
        }
        if x.profile_id in old:
            old[x.profile_id][1].add(_row(interaction, INTERACTION_COLUMNS))
    mine: dict[str, set[tuple[str, ...]]] = {}
    for i in result.interactions:
        mine.setdefault(i["profile_id"], set()).add(_row(i, INTERACTION_COLUMNS))
    taken: Counter[str] = Counter()
    keep: set[str] = set()
    for profile in result.profiles:
        pid = profile["profile_id"]
        if old.get(pid) == ({_row(profile, PROFILE_COLUMNS)}, mine.get(pid, set())):
            keep.add(pid)  # in data/ as it is: nothing new, nothing charged
            continue
        owner = owners.get(pid, pid)
        if per_user is not None and taken[owner] >= per_user:
            result.deferred_learners[_anonymous(owner)] += 1
            continue
        taken[owner] += 1
        keep.add(pid)
        result.changed_learners.add(pid)
    result.profiles = [p for p in result.profiles if p["profile_id"] in keep]
    result.interactions = [i for i in result.interactions if i["profile_id"] in keep]


def _merge_pathways(data_dir: Path, result: ExportResult) -> None:
    """Add the exported learners; a learner exported before is replaced by its newer rows."""
    folder = pathways_dir(data_dir)
    new_ids = {r["profile_id"] for r in result.profiles}
    old_profiles = read_profile_rows(data_dir)
    old_interactions = [
        {
            "profile_id": x.profile_id,
            "course_id": x.course_id,
            "action": x.action,
            "source": x.source,
        }
        for x in read_interactions(data_dir)
    ]

    def row(r: dict[str, Any], columns: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(str(r.get(c, "")) for c in columns)  # as the CSV holds it

    had = {row(r, PROFILE_COLUMNS) for r in old_profiles if r["profile_id"] in new_ids}
    had_x = {row(r, INTERACTION_COLUMNS) for r in old_interactions if r["profile_id"] in new_ids}
    result.new_profiles = sum(row(r, PROFILE_COLUMNS) not in had for r in result.profiles)
    result.new_interactions = sum(
        row(r, INTERACTION_COLUMNS) not in had_x for r in result.interactions
    )
    if not (result.new_profiles or result.new_interactions):
        return  # every learner is in data/ already, as it is
    profiles = [r for r in old_profiles if r["profile_id"] not in new_ids]
    interactions = [r for r in old_interactions if r["profile_id"] not in new_ids]
    write_rows(folder / "profiles.csv", PROFILE_COLUMNS, profiles + result.profiles)
    write_rows(folder / "interactions.csv", INTERACTION_COLUMNS, interactions + result.interactions)
    result.changed_files += [str(folder / "profiles.csv"), str(folder / "interactions.csv")]


def finish_version(
    settings: PipelineSettings, result: ExportResult, *, validate: bool, run_dvc: bool
) -> list[str]:
    """Gate the new data (both GX suites), then the DVC/git steps done or left to do."""
    from pipelines.intent.validate import validate as validate_intents
    from pipelines.params import load_params
    from pipelines.pathways.validate import validate_pathways

    lines: list[str] = []
    if not result.changed_files:
        return ["nothing new to export: data/ is unchanged"]
    if validate:
        params = load_params(settings.params_file)
        reports = settings.reports_dir
        if result.examples:
            validate_intents(settings.data_dir, params, reports, settings.data_dvc_file)
            lines.append("✓ GX gate passed on data/intents")
        if result.profiles:
            validate_pathways(settings.data_dir, params, reports, settings.data_dvc_file)
            lines.append("✓ GX gate passed on data/pathways")
    data = str(settings.data_dir)
    dvc_file = str(settings.data_dvc_file)
    steps = [
        (["dvc", "add", data], f"dvc add {data}"),
        (["dvc", "push"], "dvc push"),
    ]
    if run_dvc:
        dvc = str(Path(sys.executable).with_name("dvc"))
        for cmd, shown in steps:
            done = subprocess.run([dvc, *cmd[1:]], capture_output=True, text=True)
            if done.returncode != 0:
                raise SlipwayError(
                    f"`{shown}` failed: {done.stderr.strip().splitlines()[-1:] or ['?']}; "
                    "fix it and run the remaining steps by hand"
                )
            lines.append(f"✓ ran: {shown}")
        lines.append("next, you run:")
    else:
        lines.append("next, you run:")
        lines += [f"  {shown}" for _, shown in steps]
    # the shipped default remote is a folder in the repository: what `dvc push` wrote there
    # reaches a teammate only through git
    storage = in_repo_remote(settings.data_dvc_file.parent)
    tracked = f"{dvc_file} {storage}" if storage else dvc_file
    lines.append(f'  git add {tracked} && git commit -m "data: import production feedback"')
    lines.append("  dvc repro   # retrains both models; `slipway promote` gates each challenger")
    return lines


def in_repo_remote(root: Path) -> str | None:
    """The default DVC remote's folder, relative to ``root``, when it lies inside the
    repository (the shipped ``.dvc-storage``); None for a remote elsewhere (S3, a path outside)."""
    import configparser

    config = configparser.ConfigParser()
    config.read([root / ".dvc" / "config", root / ".dvc" / "config.local"])
    name = config.get("core", "remote", fallback="")
    url = config.get(f"'remote \"{name}\"'", "url", fallback="") if name else ""
    if not url or "://" in url:
        return None
    folder = (root / ".dvc" / url).resolve() if not Path(url).is_absolute() else Path(url)
    try:
        return str(folder.relative_to(root.resolve()))
    except ValueError:
        return None
