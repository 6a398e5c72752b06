"""``slipway report``: a markdown comparison of candidate vs champion for a pull-request comment.

One renderer per kind of evaluation: the intent model's per-set metrics, per-intent F1 and
confusions (:func:`render`); the ranker's metrics beside the popularity baseline
(:func:`render_ranker`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipelines.intent.evaluate import Evaluation, languages
from pipelines.release.data_diff import DataDiff, by_language
from pipelines.release.promote import PRIMARY, Comparison

METRICS = (
    "accuracy",
    "macro_f1",
    "in_scope_accuracy",
    "oos_precision",
    "oos_recall",
    "latency_p50_ms",
    "latency_p95_ms",
)
# the figures repeated per language (``en.macro_f1``), after the overall ones
LANGUAGE_METRICS = ("n_examples", *(k for k in METRICS if not k.startswith("latency")))
DATA_ROWS = 40  # data changes listed (per split, language and intent)


def _fmt(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    if key.endswith("n_examples"):
        return f"{int(value)}"
    return f"{value:.3f}" if key.startswith("latency") else f"{value:.4f}"


def _delta(new: float, old: float | None, key: str = "") -> str:
    if old is None:
        return ""
    d = new - old
    if key.endswith("n_examples"):
        return f"{int(d):+d}" if d else "±0"
    return f"{d:+.4f}" if abs(d) >= 5e-5 else "±0"


def _metric_keys(evaluation: Any, old_eval: Any | None) -> list[str]:
    """The overall figures, then each language's (``en.macro_f1``, ``es.macro_f1``)."""
    keys = [k for k in METRICS if k in evaluation.metrics]
    langs = set(languages(evaluation.metrics))
    if old_eval is not None:
        langs |= set(languages(old_eval.metrics))
    for lang in sorted(langs):
        keys += [f"{lang}.{k}" for k in LANGUAGE_METRICS]
    return keys


def _f1_changes(
    new: dict[str, dict[str, float]], old: dict[str, dict[str, float]], top: int
) -> list[tuple[str, float, float]]:
    """The intents whose F1 changed most (a label one side lacks counts as 0)."""
    changes = sorted(
        (
            (label, old.get(label, {}).get("f1", 0.0), new.get(label, {}).get("f1", 0.0))
            for label in sorted(set(new) | set(old))
        ),
        key=lambda row: -abs(row[2] - row[1]),
    )
    return [row for row in changes if abs(row[2] - row[1]) >= 5e-5][:top]


def _confusions(evaluation: Evaluation) -> Counter[tuple[str, str]]:
    return Counter(
        (t, p.intent)
        for t, p in zip(evaluation.truth, evaluation.predictions, strict=True)
        if t != p.intent
    )


def render(comparison: Comparison, top: int = 10) -> str:
    cand = comparison.candidate
    champ = comparison.champion
    head = f"`{cand.name}` v{cand.version}"
    against = comparison.versus()
    side = comparison.against if champ else "champion"  # the other column's heading
    verdict = (
        "✅ all gates pass"
        if comparison.passed
        else ("❌ refused: " + ", ".join(g.name for g in comparison.failed))
    )
    lines = [f"## Model report: {head} vs {against}", "", f"**Verdict:** {verdict}", ""]
    lines += [
        f"Candidate run `{cand.run_id}`, git `{cand.tags.get('git_sha', '?')[:12]}`, "
        f"data `{cand.tags.get('data_hash', '?')}`.",
        "",
    ]
    lines += [line for w in comparison.warnings for line in (f"> ⚠️ {w}", "")]
    for set_name, evaluation in comparison.candidate_evals.items():
        old_eval = comparison.champion_evals.get(set_name)
        lines += [
            f"### Metrics — {set_name} ({int(evaluation.metrics['n_examples'])} examples)",
            "",
            f"| metric | {side} | candidate | Δ |",
            "| --- | ---: | ---: | ---: |",
        ]
        for key in _metric_keys(evaluation, old_eval):
            new_v = evaluation.metrics.get(key)
            old = old_eval.metrics.get(key) if old_eval else None
            if new_v is None and old is None:
                continue
            delta = "" if new_v is None else _delta(new_v, old, key)
            lines.append(f"| {key} | {_fmt(old, key)} | {_fmt(new_v, key)} | {delta} |")
        lines.append("")
    primary = comparison.candidate_evals[PRIMARY]
    old_primary = comparison.champion_evals.get(PRIMARY)
    if old_primary is not None and hasattr(old_primary, "truth"):  # (a pin has no predictions)
        changed = [
            row
            for row in _f1_changes(primary.per_intent, old_primary.per_intent, top + 1000)
            if row[0] in primary.per_intent
        ][:top]
        lines += ["### Per-intent F1 changes (test split)", ""]
        if changed:
            lines += [f"| intent | {side} | candidate | Δ |", "| --- | ---: | ---: | ---: |"]
            lines += [f"| {lbl} | {o:.3f} | {n:.3f} | {n - o:+.3f} |" for lbl, o, n in changed]
        else:
            lines.append("No per-intent F1 changed.")
        lines.append("")
        lines += _language_changes(primary, old_primary, side, top)
        new_c, old_c = _confusions(primary), _confusions(old_primary)
        deltas = sorted(
            ((pair, new_c[pair] - old_c[pair]) for pair in set(new_c) | set(old_c)),
            key=lambda row: (-abs(row[1]), row[0]),
        )
        deltas = [row for row in deltas if row[1] != 0][:top]
        lines += ["### Confusion deltas (actual → predicted, test split)", ""]
        if deltas:
            lines += [
                f"| actual → predicted | {side} | candidate | Δ |",
                "| --- | ---: | ---: | ---: |",
            ]
            lines += [
                f"| {a} → {p} | {old_c[(a, p)]} | {new_c[(a, p)]} | {d:+d} |"
                for (a, p), d in deltas
            ]
        else:
            lines.append(f"The same mistakes as the {side}.")
        lines.append("")
    if comparison.data_diff is not None:
        lines += _data_section(comparison.data_diff, side)
    lines += ["### Gates", "", "| gate | result | detail |", "| --- | --- | --- |"]
    lines += [
        f"| {g.name} | {'pass' if g.passed else '**FAIL**'} | {g.detail} |"
        for g in comparison.gates
    ]
    return "\n".join(lines) + "\n"


def _language_changes(primary: Any, old_primary: Any, side: str, top: int) -> list[str]:
    """Per language, the intents whose F1 on the test split changed most."""
    new_langs = getattr(primary, "per_language", {}) or {}
    old_langs = getattr(old_primary, "per_language", {}) or {}
    lines = ["### Per-intent F1 changes by language (test split)", ""]
    rows = []
    quiet = []
    for lang in sorted(set(new_langs) | set(old_langs)):
        new, old = new_langs.get(lang, {}), old_langs.get(lang, {})
        changed = [row for row in _f1_changes(new, old, top + 1000) if row[0] in new][:top]
        if not changed:
            quiet.append(lang)
        rows += [f"| {lang} | {lbl} | {o:.3f} | {n:.3f} | {n - o:+.3f} |" for lbl, o, n in changed]
    if rows:
        lines += [
            f"| language | intent | {side} | candidate | Δ |",
            "| --- | --- | ---: | ---: | ---: |",
            *rows,
        ]
    if quiet:
        if rows:
            lines.append("")
        lines.append("No per-intent F1 changed in: " + ", ".join(quiet) + ".")
    lines.append("")
    return lines


def _data_section(d: DataDiff, side: str) -> list[str]:
    """Lines added and removed per split, language and intent, from the other model's data."""
    lines = [f"### Data — {side} data `{d.old_hash or '?'}` → candidate `{d.new_hash or '?'}`", ""]
    if not d.known:
        missing = d.old if d.old.rows is None else d.new
        who = side if d.old.rows is None else "candidate"
        lines += [f"No data diff: the {who}'s {missing.where}.", ""]
        return lines
    lines.append(f"Read from: {side}, {d.old.where}; candidate, {d.new.where}.")
    lines.append("")
    if not d.changes:
        lines += ["The same intent lines in every split.", ""]
        return lines
    per_lang = by_language(d.changes)
    lines += [
        f"| split | {side} lines | candidate lines | added | removed | by language |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for split, (old_n, new_n, added, removed) in d.totals.items():
        langs = ", ".join(
            f"{lang} +{a}/-{r}" for (s, lang), (a, r) in sorted(per_lang.items()) if s == split
        )
        lines.append(f"| {split} | {old_n} | {new_n} | +{added} | -{removed} | {langs or '—'} |")
    lines += [
        "",
        "| split | language | intent | added | removed |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    ordered = sorted(d.changes, key=lambda c: (c.split != "train", c.split, c.lang, c.intent))
    lines += [
        f"| {c.split} | {c.lang} | {c.intent} | +{c.added} | -{c.removed} |"
        for c in ordered[:DATA_ROWS]
    ]
    if len(ordered) > DATA_ROWS:
        lines.append(f"| … | | {len(ordered) - DATA_ROWS} more | | |")
    lines.append("")
    return lines


def render_ranker(comparison: Comparison, k: int) -> str:
    """Markdown for a pull request: candidate vs champion vs the popularity baseline, gates."""
    cand = comparison.candidate
    champ = comparison.champion
    verdict = (
        "✅ all gates pass"
        if comparison.passed
        else ("❌ refused: " + ", ".join(g.name for g in comparison.failed))
    )
    new = comparison.candidate_evals[PRIMARY].metrics
    old_eval = comparison.champion_evals.get(PRIMARY)
    old = old_eval.metrics if old_eval else {}
    side = comparison.against if champ else "champion"
    lines = [
        f"## Ranker report: `{cand.name}` v{cand.version} vs {comparison.versus()}",
        "",
        f"**Verdict:** {verdict}",
        "",
        f"Candidate run `{cand.run_id}`, git `{cand.tags.get('git_sha', '?')[:12]}`, "
        f"data `{cand.tags.get('data_hash', '?')}`. Held-out learners: {int(new['n_learners'])}.",
        "",
        f"| metric | popularity baseline | {side} | candidate |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key in (f"ndcg_at_{k}", f"hit_rate_at_{k}", "mrr"):
        base = new.get(f"baseline_{key}")
        champ_v = old.get(key)
        lines.append(
            f"| {key} | {base:.4f} | "
            + (f"{champ_v:.4f}" if champ_v is not None else "—")
            + f" | {new[key]:.4f} |"
        )
    for key in ("latency_p50_ms", "latency_p95_ms"):
        if key in new:
            champ_v = old.get(key)
            lines.append(
                f"| {key} | — | "
                + (f"{champ_v:.3f}" if champ_v is not None else "—")
                + f" | {new[key]:.3f} |"
            )
    lines += ["", "### Gates", "", "| gate | result | detail |", "| --- | --- | --- |"]
    lines += [
        f"| {g.name} | {'pass' if g.passed else '**FAIL**'} | {g.detail} |"
        for g in comparison.gates
    ]
    return "\n".join(lines) + "\n"
