"""Stage 1 — the data gate: a Great Expectations suite over the intent corpus.

Three batches are checked: every example (text bounds, known labels, a known language that the text
does not clearly contradict, no invisible character, no text repeated within or across splits,
whatever its language); the label counts per split, overall and in each language of
``validate.languages`` (every intent present with a minimum count, class-share cap), so the Spanish
corpus passes the same gate as the English one; and the templates of each split and gate set (a
line with its numbers as one placeholder: at most ``validate.max_template_lines`` lines of one, so
a flood of one line with its number changed is refused even when its intent stays under the share
cap). ``data/intents`` must hold the splits alone (a check beside the suites: a file there that is
no split would be ignored). Failure writes GX Data Docs and raises :class:`ValidationFailed`
listing what failed; the result file is written either way, without timestamps so identical data
gives identical bytes. The GX running and the result file are the shared gate's
(``pipelines.validation``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from models.intent import normalize
from pipelines.data import (
    SPLITS,
    Example,
    eval_set_files,
    hidden_character,
    intents_dir,
    leak_key,
    load_splits,
    read_jsonl,
    stray_split_files,
    template_key,
)
from pipelines.params import Params
from pipelines.validation import (
    MOJIBAKE,
    Check,
    ValidationResult,
    conclude,
    expectations,
    run_suites,
)
from pipelines.validation import read_result as read_gate_result

_ROW_INDEX = ["split", "line"]
# the count rows are named by split, language and label; their numbers come along so that a
# failure can say them ("0 examples, min 10")
_COUNT_INDEX = ["split", "lang", "intent", "count", "min_required", "share"]
# a template row is named by its split and template, with what a failure says of it
_TEMPLATE_INDEX = ["split", "template", "lines", "first_lines", "labels"]
_SHOWN_LINES = 5  # the line numbers a template failure names
RESULT_FILE = "validation.json"
ALL_LANGUAGES = "all"  # the count rows over a whole split, every language together


def example_frame(
    splits: dict[str, list[Example]], gate_sets: dict[str, list[Example]] | None = None
) -> Any:
    """One row per example of the splits and of the extra gate sets (``eval/NAME``): these pass
    the same row checks (known label and language, no mojibake, no text in another set)."""
    import pandas as pd

    sets = {**{s: splits.get(s, []) for s in SPLITS}, **(gate_sets or {})}

    rows = [
        {
            "split": split,
            "line": ex.line or i,
            "text": ex.text,
            "text_stripped": ex.text.strip(),
            "intent": ex.intent,
            "lang": ex.lang,
            "norm": leak_key(ex.text),
            "lang_read": wrong_language(ex),
            "hidden": hidden_character(ex.text),
            "worded": worded(ex.text, ex.lang),
        }
        for split, examples in sets.items()
        for i, ex in enumerate(examples, start=1)
    ]
    _spare_known_near_duplicates(rows)
    columns = [
        "split",
        "line",
        "text",
        "text_stripped",
        "intent",
        "lang",
        "norm",
        "lang_read",
        "hidden",
        "worded",
    ]
    return pd.DataFrame(rows, columns=columns)


#: The groups of lines that were in data/ when the leakage check began to fold punctuation
#: ("who made you?" in train, "who made you" in test): each group, while it holds just these
#: lines, is compared by the earlier key (case, accents and spacing folded, punctuation kept).
#: A new line that matches one of them, or a group that changed, is flagged as any other.
KNOWN_NEAR_DUPLICATES = Path(__file__).with_name("known_near_duplicates.json")


def known_near_duplicates(path: Path = KNOWN_NEAR_DUPLICATES) -> dict[str, set[tuple[str, str]]]:
    """The known groups by their :func:`leak_key`: the (split, text) pairs of each."""
    import json

    if not path.is_file():
        return {}
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    return {leak_key(g[0][1]): {(split, text) for split, text in g} for g in groups}


def _spare_known_near_duplicates(rows: list[dict[str, Any]]) -> None:
    """Give the rows of a known group (:data:`KNOWN_NEAR_DUPLICATES`), when they are all that
    shares its key, the earlier key: those lines stay as they passed before."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["norm"], []).append(row)
    known = known_near_duplicates()
    for key, members in groups.items():
        if len(members) > 1 and {(r["split"], r["text"]) for r in members} <= known.get(key, set()):
            for row in members:
                row["norm"] = normalize(row["text"])


#: The languages the detector (``app.language``) reads.
DETECTED_LANGUAGES = ("en", "es")


def wrong_language(example: Example) -> str | None:
    """The language a line clearly reads as, when its ``lang`` says the other one; else None.

    Only a confident reading counts (``app.language.confident``: three words or more, two of
    one language's own words and none of the other's, the detector agreeing): short greetings,
    names and mixed lines are never flagged, whatever their tag."""
    if example.lang not in DETECTED_LANGUAGES:
        return None  # an unknown tag has its own check
    from app.language import detector_agrees, leaning

    # the words alone first: a line leaning to its own label is never flagged, so the detector
    # (most of this check's time) is asked only about the few that lean to the other language
    side = leaning(example.text)
    if side is None or side == example.lang:
        return None
    return side if detector_agrees(example.text, side) else None


def worded(text: str, lang: str) -> int:
    """1 when ``text`` holds a word of its language's word list or the other's (wordfreq's
    lists of English and Spanish: typos, slang and names are mostly in them too), else 0."""
    from wordfreq import tokenize, zipf_frequency  # type: ignore[attr-defined]

    for language in dict.fromkeys(
        (lang if lang in DETECTED_LANGUAGES else "en", *DETECTED_LANGUAGES)
    ):
        if any(zipf_frequency(word, language) > 0 for word in tokenize(text, language)):
            return 1
    return 0


def count_frame(splits: dict[str, list[Example]], params: Params) -> Any:
    """One row per (split, language, label): count, share and the minimum it must reach.

    The language ``all`` is the whole split (the original gate); each language of
    ``validate.languages`` has its own rows and per-language minimum.
    """
    import pandas as pd

    v = params.validate_
    labels = sorted({*params.intents, *(e.intent for s in splits.values() for e in s)})
    groups: list[tuple[str, int, int]] = [
        (ALL_LANGUAGES, v.min_train_per_intent, v.min_eval_per_intent),
        *(
            (lang, v.min_train_per_intent_per_language, v.min_eval_per_intent_per_language)
            for lang in v.languages
        ),
    ]
    rows = []
    for split in SPLITS:
        for lang, min_train, min_eval in groups:
            examples = [e for e in splits.get(split, []) if lang in {ALL_LANGUAGES, e.lang}]
            total = max(len(examples), 1)
            required = min_train if split == "train" else min_eval
            for label in labels:
                n = sum(1 for e in examples if e.intent == label)
                rows.append(
                    {
                        "split": split,
                        "lang": lang,
                        "intent": label,
                        "count": n,
                        "share": n / total,
                        "min_required": required if label in params.intents else 0,
                    }
                )
    return pd.DataFrame(rows)


def template_frame(
    splits: dict[str, list[Example]], gate_sets: dict[str, list[Example]] | None = None
) -> Any:
    """One row per template (:func:`pipelines.data.template_key`) of each split and extra gate
    set: how many of its lines share it (``lines``), the first of their line numbers and their
    labels (``timer/es``), so that a failure can name them."""
    import pandas as pd

    sets = {**{s: splits.get(s, []) for s in SPLITS}, **(gate_sets or {})}
    rows = []
    for split, examples in sets.items():
        groups: dict[str, list[tuple[int, Example]]] = {}
        for i, ex in enumerate(examples, start=1):
            groups.setdefault(template_key(ex.text), []).append((ex.line or i, ex))
        for template, members in groups.items():
            labels = Counter(f"{ex.intent}/{ex.lang}" for _, ex in members)
            rows.append(
                {
                    "split": split,
                    "template": template,
                    "lines": len(members),
                    "first_lines": ", ".join(str(n) for n, _ in members[:_SHOWN_LINES]),
                    "labels": ", ".join(label for label, _ in labels.most_common(3)),
                }
            )
    return pd.DataFrame(rows, columns=_TEMPLATE_INDEX)


def _suites(params: Params) -> dict[str, list[Any]]:
    gxe: Any = expectations()

    v = params.validate_
    return {
        "intent_examples": [
            gxe.ExpectColumnValuesToNotBeNull(column="text"),
            gxe.ExpectColumnValuesToNotMatchRegex(column="text", regex=MOJIBAKE),
            gxe.ExpectColumnValueLengthsToBeBetween(
                column="text_stripped", min_value=v.min_text_length, max_value=v.max_text_length
            ),
            gxe.ExpectColumnValuesToBeInSet(column="intent", value_set=list(params.intents)),
            gxe.ExpectColumnValuesToBeInSet(column="lang", value_set=list(v.languages)),
            gxe.ExpectColumnValuesToBeUnique(column="norm"),
            gxe.ExpectColumnValuesToBeNull(column="lang_read"),
            gxe.ExpectColumnValuesToBeNull(column="hidden"),
            gxe.ExpectColumnValuesToBeBetween(
                column="worded", min_value=1, mostly=v.min_worded_share
            ),
        ],
        "intent_counts": [
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="count", column_B="min_required", or_equal=True
            ),
            gxe.ExpectColumnValuesToBeBetween(column="share", max_value=v.max_class_share),
        ],
        "intent_templates": [
            gxe.ExpectColumnValuesToBeBetween(column="lines", max_value=v.max_template_lines),
        ],
    }


def run_gx(frames: dict[str, Any], params: Params, gx_root: Path) -> tuple[list[Check], Path]:
    """Run the intent suites in a file-backed GX context under ``gx_root``; return checks, docs."""
    indexes = {
        "intent_examples": _ROW_INDEX,
        "intent_counts": _COUNT_INDEX,
        "intent_templates": _TEMPLATE_INDEX,
    }
    return run_suites(
        frames,
        _suites(params),
        indexes,
        gx_root,
        without_values={"intent_counts", "intent_templates"},
    )


# what a failing row of each example check means, in plain words
_ROW_REASONS = {
    "text": "mis-decoded UTF-8 (mojibake such as 'Ã³' for 'ó'): re-read the source as UTF-8",
    "text_stripped": "text length outside {min}–{max} characters",
    "intent": "unknown intent (not in params.yaml: intents)",
    "lang": "unknown language (not in params.yaml: validate.languages)",
    "norm": (
        "the same text (ignoring case, accents, spaces and punctuation) appears more than once"
    ),
    "lang_read": (
        "lang is '{tagged}' but the text reads clearly as '{read}' (its own words and the "
        "language detector agree): correct its lang"
    ),
    "hidden": (
        "an invisible character ({what}, as copy-paste from web pages and documents carries): "
        "delete it"
    ),
}


def explain(checks: list[Check], data_dir: Path, params: Params) -> None:
    """Give each failing check of the intent gate its plain-words lines: the file, the line or
    the label, and the numbers ("data/intents/val.jsonl: tell_joke has 0 examples (min 10)")."""
    v = params.validate_

    def file(split: str) -> str:
        if split.startswith("eval/"):
            return str(data_dir / f"{split}.jsonl")
        return str(intents_dir(data_dir) / f"{split}.jsonl")

    for check in checks:
        if check.success:
            continue
        if check.suite == "intent_examples":
            if check.column == "lang_read":
                check.details = [
                    f"{file(e['split'])}:{e['line']}: "
                    + _ROW_REASONS["lang_read"].format(
                        read=e.get("value"),
                        tagged=next(x for x in DETECTED_LANGUAGES if x != e.get("value")),
                    )
                    for e in check.examples
                ]
                continue
            if check.column == "worded":
                check.details = [
                    f"{check.unexpected_count} lines hold no English or Spanish word (wordfreq's "
                    f"word lists); at most {1 - v.min_worded_share:.0%} of the lines may "
                    "(validate.min_worded_share): lines of random letters, or text that is not "
                    "the corpus' languages, are no data to train on. The first of them:",
                    *(f"{file(e['split'])}:{e['line']}" for e in check.examples),
                ]
                continue
            if check.column == "hidden":
                check.details = [
                    f"{file(e['split'])}:{e['line']}: "
                    + _ROW_REASONS["hidden"].format(what=e.get("value"))
                    for e in check.examples
                ]
                continue
            reason = _ROW_REASONS.get(check.column, check.expectation).format(
                min=v.min_text_length, max=v.max_text_length
            )
            check.details = [
                f"{file(e['split'])}:{e['line']}: {reason}"
                + (f": {str(e['value'])[:80]!r}" if e.get("value") not in (None, "") else "")
                for e in check.examples
            ]
        elif check.suite == "intent_templates":
            check.details = [
                f"{file(e['split'])}: {e['lines']} lines are one template, {e['template']!r} "
                f"({e['labels']}; lines {e['first_lines']}"
                + (", …" if e["lines"] > _SHOWN_LINES else "")
                + f"; limit {v.max_template_lines}, validate.max_template_lines): "
                + TEMPLATE_ADVICE
                for e in check.examples
            ]
        elif check.column == "share":
            check.details = [
                f"{file(e['split'])}: {e['intent']} is {e['share']:.0%} of "
                + ("the lines" if e["lang"] == ALL_LANGUAGES else f"the {e['lang']} lines")
                + f" (cap {v.max_class_share:.0%}, validate.max_class_share)"
                for e in check.examples
            ]
        elif check.column == "count>=min_required":
            check.details = [
                f"{file(e['split'])}: {e['intent']} has {e['count']} "
                + ("examples" if e["lang"] == ALL_LANGUAGES else f"{e['lang']} examples")
                + f" (min {e['min_required']} "
                + ("per split" if e["lang"] == ALL_LANGUAGES else "per language")
                + ")"
                for e in check.examples
            ]


UNKNOWN_INTENT_ADVICE = "add it to params.yaml: intents, or correct the label"
FLOOD_ADVICE = (
    "keep a few of them in data/, or raise validate.max_template_lines in params.yaml with a reason"
)
TEMPLATE_ADVICE = (
    "keep a few of these lines (a model learns the template, not the language), or raise "
    "validate.max_template_lines in params.yaml with a reason"
)


def advice(checks: list[Check]) -> str:
    """What to do after a failed gate. An unknown label is mostly a new intent, whose fix is in
    ``params.yaml``, not in ``data/``; a template flood is thinned in ``data/`` or, with a reason,
    allowed in ``params.yaml``; any other failure is fixed in ``data/``."""
    failed = [c for c in checks if not c.success]

    def unknown_intent(c: Check) -> bool:
        return c.suite == "intent_examples" and c.column == "intent"

    def flood(c: Check) -> bool:
        return c.suite == "intent_templates"

    unknown = any(unknown_intent(c) for c in failed)
    flooded = any(flood(c) for c in failed)
    others = any(not (unknown_intent(c) or flood(c)) for c in failed)
    rerun = "run `dvc repro` again; nothing was trained."
    notes = []
    if unknown:
        notes.append(f"an unknown intent: {UNKNOWN_INTENT_ADVICE}")
    if flooded:
        notes.append(f"too many lines of one template: {FLOOD_ADVICE}")
    if notes and (others or len(notes) > 1):
        return f"Fix data/ ({'; '.join(notes)}) and {rerun}"
    if notes:
        return f"{notes[0][0].upper()}{notes[0][1:]}; then {rerun}"
    return f"Fix data/ and {rerun}"


STRAY_FILE_ADVICE = (
    "not a split: nothing validates or trains on it (data/intents holds train.jsonl, val.jsonl "
    "and test.jsonl); merge its lines into a split, or move it out of data/intents (an extra "
    "gate set goes in data/eval/)"
)


def stray_files_check(data_dir: Path) -> Check:
    """``data/intents`` holds the three splits and nothing else (:func:`stray_split_files`): a
    ``train-extra.jsonl`` there would be silently ignored."""
    stray = stray_split_files(data_dir)
    return Check(
        suite="intent_files",
        expectation="expect_only_the_splits_in_data_intents",
        column="file",
        success=not stray,
        unexpected_count=len(stray),
        examples=[{"file": str(p)} for p in stray],
        details=[f"{p}: {STRAY_FILE_ADVICE}" for p in stray],
    )


def _counts(splits: dict[str, list[Example]]) -> dict[str, int]:
    """Examples per split, and per split and language (``train.es``)."""
    counts = {s: len(splits[s]) for s in SPLITS}
    for s in SPLITS:
        for lang in sorted({e.lang for e in splits[s]}):
            counts[f"{s}.{lang}"] = sum(1 for e in splits[s] if e.lang == lang)
    return counts


def validate(
    data_dir: Path, params: Params, reports_dir: Path, dvc_file: Path | None = None
) -> ValidationResult:
    """Validate the corpus; write ``validation.json``; raise if any expectation failed."""
    splits = load_splits(data_dir)
    gate_sets = {name: read_jsonl(path) for name, path in eval_set_files(data_dir).items()}
    frames = {
        "intent_examples": example_frame(splits, gate_sets),
        "intent_counts": count_frame(splits, params),
        "intent_templates": template_frame(splits, gate_sets),
    }
    checks, docs = run_gx(frames, params, reports_dir / "gx")
    explain(checks, data_dir, params)
    checks.append(stray_files_check(data_dir))
    return conclude(
        checks,
        docs,
        _counts(splits),
        reports_dir / RESULT_FILE,
        dvc_file,
        failed="data validation failed",
        advice=advice(checks),
    )


GATE_SETS_RESULT = "gate_sets_validation.json"


def validate_gate_sets(
    data_dir: Path, params: Params, reports_dir: Path, dvc_file: Path | None = None
) -> list[str]:
    """The gate of the ``validate_gate_sets`` stage: when ``data/eval/*.jsonl`` exist, the whole
    corpus gate again (the sets' rows are checked beside the splits: labels, languages, mojibake,
    no line of another set) into ``reports/gate-sets/``; raise if it fails. Returns the sets.

    DVC cannot depend on a folder that may not exist, so this stage depends on all of ``data/``
    and runs on any data change; its result file holds no data hash or count, so the train stage
    that waits on it is not re-run by an edit elsewhere in ``data/``."""
    import json

    names = sorted(eval_set_files(data_dir))
    if names:
        validate(data_dir, params, reports_dir / "gate-sets", dvc_file)
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / GATE_SETS_RESULT).write_text(
        json.dumps({"success": True, "checked": "data/eval/*.jsonl"}, indent=2) + "\n"
    )
    return names


def read_result(reports_dir: Path) -> dict[str, Any]:
    """The intent gate's last result (``validation.json``)."""
    return read_gate_result(reports_dir / RESULT_FILE, "validate")
