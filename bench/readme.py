"""``python -m bench.readme``: copy the measured figures (``bench/results.json``,
``bench/reliability.json``, ``bench/llm_faults.json``) into ``docs/measurements.md``, between the
``<!-- bench:begin -->`` and ``<!-- bench:end -->`` markers."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "measurements.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _load(name: str) -> dict[str, Any]:
    path = ROOT / "bench" / name
    loaded: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    return loaded


def _row(label: str, r: dict[str, Any] | None) -> str:
    if not r:
        return f"| {label} | – | – | – | – | – | – |"
    return (
        f"| {label} | {r['rps']:.0f} | {r['p50_ms']:g} | {r['p99_ms']:g} | "
        f"{r.get('server_cpu_ms', '–')} | {r['requests']} ({r['failures']} failed) | "
        f"{r.get('load_avg', '–')} |"
    )


def _by_database(section: dict[str, Any] | None) -> dict[str, Any]:
    """A server section's figures per database (older results: one unnamed SQLite run)."""
    if not section:
        return {}
    if any(key in section for key in ("hello", "rss_mib_after_warmup", "rss_mib_start")):
        return {"sqlite": section}
    return {name: figures for name, figures in section.items() if isinstance(figures, dict)}


def bench_section(res: dict[str, Any]) -> list[str]:
    if not res:
        return ["No `bench/results.json` yet: run `make bench`.", ""]
    m = res["machine"]
    out = [
        f"`make bench`, {res['taken_at']}: {m['cpus']} cores ({m['cpu_model']}), "
        f"{m['ram_gib']} GiB RAM, {m['os']}, Python {m['python']}. Load average "
        f"{m['load_avg_start'][0]} at the start and {m.get('load_avg_end', ['?'])[0]} at the end: "
        "other work shared the machine, so read the ratios (measured side by side, one after "
        "the other, in the same run) rather than the absolute figures.",
        "",
    ]
    http, ml = _by_database(res.get("http")), res.get("mlflow") or {}
    if http or ml:
        cfg = next((f.get("config") for f in http.values() if f.get("config")), None) or {}
        out += [
            f"HTTP on 127.0.0.1, locust headless, {cfg.get('load_users', '?')} users, "
            + (
                f"hello, the model alone, bare intent, intent and chat in turn, {cfg['rounds']} "
                "rounds of "
                f"{cfg.get('round_seconds', '?')} s each (a figure is the median round's, a ratio "
                "the median of the rounds' ratios)"
                if cfg.get("rounds")
                else f"{cfg.get('load_seconds', '?')} s per target"
            )
            + "; gunicorn `app/gunicorn.conf.py` "
            f"({cfg.get('workers', '?')} workers × {cfg.get('threads', '?')} threads, gthread) "
            "for the assistant and every baseline, on each database in turn. `CPU` is the "
            "server's CPU per request (all its processes), `load` the machine's one-minute load "
            "average at the end of that target's run.",
            "",
            "| target | req/s | p50 ms | p99 ms | CPU ms/request | requests | load |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for db_name, figures in http.items():
            out += [
                _row(f"bare Flask hello (baseline), {db_name} run", figures.get("hello")),
                _row(f"`/v1/intent`, model alone (plain WSGI), {db_name}", figures.get("model")),
                _row(f"`/v1/intent` bare (view and model only), {db_name}", figures.get("floor")),
                _row(f"`/v1/intent`, {db_name}", figures.get("intent")),
                _row(f"`/v1/chat`, local path, {db_name}", figures.get("chat")),
            ]
        if ml:
            out += [
                _row("`/v1/intent` (next to mlflow)", ml.get("intent")),
                _row(f"`mlflow models serve` {ml.get('model_uri', '')}", ml.get("mlflow_serve")),
            ]
        out.append("")
        for db_name, figures in http.items():
            r = figures.get("ratio")
            if r:
                goals = figures.get("goals") or {}
                missed = [name for name, met in goals.items() if met is False]
                verdict = "goals met" if goals and not missed else f"goals missed: {missed}"
                out.append(
                    f"{db_name}: throughput vs the hello app: `/v1/intent` "
                    f"{r['intent_rps_vs_hello']}×, `/v1/chat` {r['chat_rps_vs_hello']}× "
                    f"({verdict}); by the server's CPU per request: `/v1/intent` "
                    f"{r.get('intent_cpu_vs_hello', '–')}×, `/v1/chat` "
                    f"{r.get('chat_cpu_vs_hello', '–')}×."
                )
                if r.get("model_rps_vs_hello") is not None:
                    out.append(
                        f"{db_name}: the intent model alone behind a plain WSGI callable (no "
                        f"Flask, no schema) reaches {r['model_rps_vs_hello']}× the hello app: "
                        "the most any `/v1/intent` could reach here; the bare route serves "
                        f"{r.get('floor_rps_vs_model', '–')}× of that."
                    )
                if r.get("floor_rps_vs_hello") is not None:
                    out.append(
                        f"{db_name}: `/v1/intent` bare (the same view, schemas and model in an "
                        "app with nothing else: no token check, limits, log line, metrics or "
                        f"headers) reaches {r['floor_rps_vs_hello']}× the hello app; the "
                        f"assistant's `/v1/intent` serves {r.get('intent_rps_vs_floor', '–')}× "
                        "of that."
                    )
        if ml.get("ratio"):
            out.append(
                f"`/v1/intent` vs `mlflow models serve` (same model, "
                f"{ml.get('mlflow_workers')} workers each): {ml['ratio']['intent_rps_vs_mlflow']}× "
                "the throughput."
            )
        out.append("")
    rows = ["| what | value |", "| --- | --- |"]
    inproc = res.get("inprocess")
    if inproc:
        rows.append(
            f"| predict in process, one utterance ({inproc['single_calls']} calls) | "
            f"p50 {inproc['single_p50_ms']} ms, p99 {inproc['single_p99_ms']} ms |"
        )
        rows.append(
            f"| predict in process, batch of {inproc['batch_size']} | "
            f"{inproc['batch_per_s']:.0f} utterances/s |"
        )
    rows += overhead_rows(res.get("overhead"))
    for db_name, mem in _by_database(res.get("memory")).items():
        rows.append(
            f"| RSS per worker (MiB), {db_name}: start → end of {mem['load']['seconds']:.0f} s of "
            f"load ({mem['load']['requests']} requests, load {mem['load'].get('load_avg', '?')}) "
            f"| {mem.get('rss_mib_start', mem.get('rss_mib_after_warmup'))} → "
            f"{mem.get('rss_mib_end', mem.get('rss_mib_after_load'))} "
            f"(max growth {mem['growth_mib']} MiB) |"
        )
    pipe = res.get("pipeline")
    if pipe:
        rows.append(
            f"| `dvc repro -f` in a fresh clone (from clean) | {pipe['dvc_repro_full_s']} s |"
        )
        rows.append(f"| `dvc repro`, nothing changed | {pipe['dvc_repro_noop_s']} s |")
        if "make_run_warm_to_ready_s" in pipe:
            warm = pipe["make_run_warm_to_ready_s"]
            rows.append(f"| `make run` warm, until `/readyz` answers | {warm} s |")
    if len(rows) > 2:
        out += [*rows, ""]
    errors = res.get("errors") or {}
    for name, error in errors.items():
        first = next((line for line in error.splitlines() if line.strip()), "")
        out.append(f"- section `{name}` failed in this run: {first[:200]}")
    return [*out, ""] if errors else out


OVERHEAD_NAMES = {
    "model": "the intent model alone (plain WSGI)",
    "floor": "intent bare (view and model only)",
}


def overhead_rows(over: dict[str, Any] | None) -> list[str]:
    """``bench.overhead``'s figures as rows of the table: CPU per request in process, whole and
    without each piece, with one thread and with a worker's threads."""
    if not over:
        return []
    threads = [str(k) for k in over["threads"]]
    rows = []
    for target in ("hello", "model", "floor", "intent", "chat"):
        for variant, cells in (over.get(target) or {}).items():
            label = "whole" if variant == "whole" else f"without the {variant}"
            values = ", ".join(
                f"{cells[k]} ms ({k} thread{'s' if k != '1' else ''})" for k in threads
            )
            name = OVERHEAD_NAMES.get(target, target)
            rows.append(f"| CPU per request in process, {name}, {label} | {values} |")
    return rows


#: the keys of ``bench/reliability.json`` with the hostile-value Schemathesis run per database
HOSTILE_PREFIX = "schemathesis_hostile_"


def _failures(schemathesis_run: dict[str, Any]) -> int:
    """How many failing cases a Schemathesis run of ``bench/reliability.json`` counted."""
    return sum(f.get("count", 0) for f in schemathesis_run.get("failures", []))


def reliability_section(rel: dict[str, Any]) -> list[str]:
    if not rel:
        return ["No `bench/reliability.json` yet: run `make reliability`.", ""]
    out = [
        f"`make reliability` ({'full' if rel.get('full') else 'bounded'} run; `make test` runs the "
        "same checks bounded):",
        "",
        "| check | result |",
        "| --- | --- |",
    ]
    st = rel.get("schemathesis")
    if st:
        failures = _failures(st)
        out.append(
            f"| Schemathesis over `/openapi.json`, {st['operations']} operations, a user's token |"
            f" {st['generated']} generated cases, {failures} failures, {st['errors']} errors |"
        )
    for key, hostile in sorted(rel.items()):
        if key.startswith(HOSTILE_PREFIX):
            failures = _failures(hostile)
            out.append(
                "| Schemathesis, one hostile value in each generated body (lone surrogate, NUL, "
                "bidi controls, calendar-edge datetimes, numbers past 64 bits, deep nesting), "
                f"{key.removeprefix(HOSTILE_PREFIX)} | {hostile['generated']} generated cases "
                f"({hostile['hostile_values']} hostile values sent), {failures} failures, "
                f"{hostile['errors']} errors |"
            )
    for backend, d in sorted((rel.get("durability") or {}).items()):
        out.append(
            f"| SIGKILL of master and workers mid-load, restart ({backend}) | "
            f"{d['acknowledged']} writes answered 2xx, {d['lost']} lost |"
        )
    iso = rel.get("isolation")
    if iso:
        out.append(
            f"| another user's token on every resource route | {iso['routes_swept']} route × "
            "method pairs: all 404, no data, owner's rows unchanged |"
        )
    ov = rel.get("overload")
    if ov:
        out.append(
            f"| {ov['clients']} clients over the rate limit for {ov['seconds']:g} s | "
            f"{ov['limited_429']} × 429 (p99 {ov['p99_429_ms']} ms), {ov['ok']} × 200; "
            f"`/healthz` p99 {ov['health_p99_ms']} ms, {ov['health_failures']} failures |"
        )
    gr = rel.get("graceful")
    if gr:
        out.append(
            f"| SIGTERM during load ({gr['clients']} clients) | {gr['answered_after_sigterm']} "
            f"requests in flight at the signal, all answered; {gr['dropped']} dropped, "
            f"{gr['server_errors']} server errors of {gr['answered']} |"
        )
    return [*out, ""]


def llm_section(faults: dict[str, Any]) -> list[str]:
    if not faults.get("rows"):
        return []
    out = [
        f"LLM fault matrix (`python -m bench.llm_faults`; timeout {faults.get('timeout_s')} s, "
        f"reply deadline {faults.get('deadline_s')} s):",
        "",
        "| fault | p99 reply (s) | answered by | within the deadline |",
        "| --- | --- | --- | --- |",
    ]
    for row in faults["rows"]:
        paths = ", ".join(f"{k} {v}" for k, v in (row.get("paths") or {}).items())
        ok = "yes" if row.get("within_deadline") else "**no**"
        out.append(f"| {row['fault']} | {row['p99_s']} | {paths} | {ok} |")
    return [*out, ""]


def render() -> str:
    lines = [
        BEGIN,
        *bench_section(_load("results.json")),
        *reliability_section(_load("reliability.json")),
        *llm_section(_load("llm_faults.json")),
        END,
    ]
    return "\n".join(lines)


def main() -> int:
    text = PAGE.read_text()
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        print(
            f"error: {PAGE.relative_to(ROOT)} has no {BEGIN} … {END} block to fill", file=sys.stderr
        )
        return 1
    PAGE.write_text(pattern.sub(lambda _: render(), text, count=1))
    print(f"{PAGE.relative_to(ROOT)}: measured figures updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
