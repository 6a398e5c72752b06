"""``slipway report``: a markdown comparison of candidate vs champion for a pull-request comment.

One renderer per kind of evaluation: the intent model's per-set metrics, per-intent F1 and
confusions (:func:`render`); the ranker's metrics beside the popularity baseline
(:func:`render_ranker`).
"""

from __future__ import annotations

from collections import Counter

from pipelines.intent.evaluate import Evaluation
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


def _fmt(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if key.startswith("latency") else f"{value:.4f}"


def _delta(new: float, old: float | None) -> str:
    if old is None:
        return ""
    d = new - old
    return f"{d:+.4f}" if abs(d) >= 5e-5 else "±0"


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
        for key in METRICS:
            if key not in evaluation.metrics:
                continue
            new = evaluation.metrics[key]
            old = old_eval.metrics.get(key) if old_eval else None
            lines.append(f"| {key} | {_fmt(old, key)} | {_fmt(new, key)} | {_delta(new, old)} |")
        lines.append("")
    primary = comparison.candidate_evals[PRIMARY]
    old_primary = comparison.champion_evals.get(PRIMARY)
    if old_primary is not None and hasattr(old_primary, "truth"):  # (a pin has no predictions)
        changes = sorted(
            (
                (label, old_primary.per_intent.get(label, {}).get("f1", 0.0), m["f1"])
                for label, m in primary.per_intent.items()
            ),
            key=lambda row: -abs(row[2] - row[1]),
        )
        changed = [row for row in changes if abs(row[2] - row[1]) >= 5e-5][:top]
        lines += ["### Per-intent F1 changes (test split)", ""]
        if changed:
            lines += [f"| intent | {side} | candidate | Δ |", "| --- | ---: | ---: | ---: |"]
            lines += [f"| {lbl} | {o:.3f} | {n:.3f} | {n - o:+.3f} |" for lbl, o, n in changed]
        else:
            lines.append("No per-intent F1 changed.")
        lines.append("")
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
    lines += ["### Gates", "", "| gate | result | detail |", "| --- | --- | --- |"]
    lines += [
        f"| {g.name} | {'pass' if g.passed else '**FAIL**'} | {g.detail} |"
        for g in comparison.gates
    ]
    return "\n".join(lines) + "\n"


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
