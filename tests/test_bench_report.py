"""``make bench``'s report: the server figures per database, the goals checked, the load average
and the server's CPU beside every figure, and older results (one SQLite run) still rendered."""

from __future__ import annotations

from typing import Any

import pytest


def _load(rps: float, p99: float, cpu: float) -> dict[str, Any]:
    return {
        "target": "x",
        "users": 8,
        "seconds": 15.0,
        "requests": int(rps * 15),
        "failures": 0,
        "rps": rps,
        "p50_ms": 5.0,
        "p99_ms": p99,
        "load_avg": 2.5,
        "server_cpu_ms": cpu,
    }


def _figures(intent_rps: float) -> dict[str, Any]:
    ratio = {
        "intent_rps_vs_hello": round(intent_rps / 1000, 3),
        "chat_rps_vs_hello": 0.1,
        "intent_cpu_vs_hello": 0.3,
        "chat_cpu_vs_hello": 0.06,
    }
    return {
        "config": {"workers": 2, "threads": 4, "load_users": 8, "load_seconds": 15},
        "hello": _load(1000, 20, 0.5),
        "intent": _load(intent_rps, 40, 1.8),
        "chat": _load(100, 230, 9.0),
        "ratio": ratio,
        "goals": {"intent_rps_vs_hello": intent_rps >= 600, "chat_rps_vs_hello": False},
    }


RESULTS = {
    "taken_at": "2026-12-02T09:00:00+00:00",
    "machine": {
        "cpus": 2,
        "cpu_model": "cpu",
        "ram_gib": 8,
        "os": "Linux",
        "python": "3.11",
        "load_avg_start": [2.0, 2.0, 2.0],
        "load_avg_end": [3.0, 3.0, 3.0],
    },
    "http": {"sqlite": _figures(620), "postgres": _figures(420)},
    "memory": {
        "sqlite": {
            "rss_mib_start": [200.0, 201.0],
            "rss_mib_end": [200.5, 201.0],
            "growth_mib": 0.5,
            "load": _load(150, 270, 5.0),
        }
    },
}


def test_the_report_has_both_databases_with_cpu_and_load() -> None:
    from bench.readme import bench_section

    text = "\n".join(bench_section(RESULTS))
    assert "`/v1/intent`, sqlite | 620 | 5 | 40 | 1.8 |" in text
    assert "`/v1/intent`, postgres | 420 |" in text
    assert "| 2.5 |" in text  # the load average beside the figure
    assert "sqlite: throughput vs the hello app: `/v1/intent` 0.62×" in text
    assert "goals missed: ['chat_rps_vs_hello']" in text
    assert "RSS per worker (MiB), sqlite: start → end of 15 s" in text
    assert "[200.0, 201.0] → [200.5, 201.0] (max growth 0.5 MiB)" in text


def test_an_older_single_database_result_still_renders() -> None:
    from bench.readme import bench_section

    old = {
        **RESULTS,
        "http": {k: v for k, v in _figures(300).items() if k != "goals"},
        "memory": {
            "rss_mib_after_warmup": [150.0],
            "rss_mib_after_load": [151.0],
            "growth_mib": 1.0,
            "load": _load(100, 200, 5.0),
        },
    }
    text = "\n".join(bench_section(old))
    assert "`/v1/intent`, sqlite | 300 |" in text
    assert "[150.0] → [151.0]" in text


@pytest.mark.parametrize(
    ("value", "goal", "how", "met"),
    [
        (0.61, 0.6, "ge", True),
        (0.59, 0.6, "ge", False),
        (50.0, 50.0, "le", True),
        (None, 1, "ge", None),
    ],
)
def test_goals(value: float | None, goal: float, how: str, met: bool | None) -> None:
    from bench.run import _met

    assert _met(value, goal, how) is met


def test_the_table_prints_every_database(capsys: pytest.CaptureFixture[str]) -> None:
    from bench.run import print_table

    print_table(RESULTS)
    out = capsys.readouterr().out
    assert "/v1/intent [sqlite]" in out
    assert "/v1/chat (local) [postgres]" in out
    assert "memory [sqlite]: RSS MiB [200.0, 201.0] -> [200.5, 201.0]" in out


def test_http_takes_turns_and_reports_the_median_round() -> None:
    """hello, the model alone, the bare intent app, intent and chat take turns; one round in
    which the machine was
    busy (every target at half speed, hello's run alone at a tenth) moves neither a figure nor a
    ratio."""
    from bench.load import LoadResult
    from bench.run import HTTP_ROUNDS, TARGETS, Bench

    speeds = {"hello": 1000.0, "model": 900.0, "floor": 800.0, "intent": 600.0, "chat": 300.0}
    busy = {1: {"hello": 0.1, "model": 0.5, "floor": 0.5, "intent": 0.5, "chat": 0.5}}  # round 1
    calls: list[tuple[str, int]] = []

    def load(_server: Any, target: str, seconds: int | None = None) -> LoadResult:
        k = len(calls) // len(TARGETS)
        calls.append((target, seconds or 0))
        rps = speeds[target] * busy.get(k, {}).get(target, 1.0)
        cpu = 1000.0 / speeds[target]
        return LoadResult(target, 8, 5.0, int(rps * 5), 0, rps, 2.0, 20.0, 1.0, cpu)

    bench = Bench.__new__(Bench)
    bench.seconds, bench.db_name, bench.config = 15, "sqlite", {"workers": 2}
    bench.rounds = HTTP_ROUNDS
    bench._load = load  # type: ignore[method-assign,assignment]
    out = bench.http(None, None, None, None)  # type: ignore[arg-type]
    assert [t for t, _ in calls] == ["hello", "model", "floor", "intent", "chat"] * HTTP_ROUNDS
    assert {s for _, s in calls} == {5}  # 15 s split into three rounds
    assert out["hello"]["rps"] == 1000.0
    assert out["hello"]["requests"] == 5000 + 500 + 5000
    assert out["ratio"]["intent_rps_vs_hello"] == 0.6  # round 1 alone said 3.0
    assert out["ratio"]["floor_rps_vs_hello"] == 0.8
    assert out["ratio"]["intent_rps_vs_floor"] == 0.75
    assert out["ratio"]["model_rps_vs_hello"] == 0.9
    assert out["ratio"]["floor_rps_vs_model"] == 0.889
    assert out["model"]["rps"] == 900.0
    assert out["floor"]["rps"] == 800.0
    assert out["ratio"]["chat_cpu_vs_hello"] == 0.3
    assert len(out["rounds"]) == HTTP_ROUNDS
    assert out["rounds"][1]["intent"]["rps"] == 300.0
    assert out["config"]["rounds"] == HTTP_ROUNDS
    assert out["goals"]["intent_rps_vs_hello"]
    from bench.readme import bench_section

    text = "\n".join(bench_section({**RESULTS, "http": {"sqlite": out}}))
    assert "hello, the model alone, bare intent, intent and chat in turn, 3 rounds of 5 s" in text
    assert "`/v1/intent`, model alone (plain WSGI), sqlite | 900 |" in text
    assert "`/v1/intent` bare (view and model only), sqlite | 800 |" in text
    assert "reaches 0.9× the hello app: the most any `/v1/intent` could reach here" in text
    assert "the bare route serves 0.889× of that" in text
    assert "reaches 0.8× the hello app; the assistant's `/v1/intent` serves 0.75× of that" in text


@pytest.mark.parametrize(("seconds", "rounds", "each"), [(30, 5, 6), (15, 5, 5), (10, 1, 10)])
def test_more_rounds_split_the_seconds_and_keep_five_at_least(
    seconds: int, rounds: int, each: int
) -> None:
    """``--rounds``: the targets take turns that many times, each turn the run's seconds split
    between the rounds, never under ``MIN_ROUND_SECONDS``."""
    from bench.load import LoadResult
    from bench.run import TARGETS, Bench

    calls: list[int] = []

    def load(_server: Any, target: str, seconds: int | None = None) -> LoadResult:
        calls.append(seconds or 0)
        return LoadResult(target, 8, 5.0, 500, 0, 100.0, 2.0, 20.0, 1.0, 1.0)

    bench = Bench.__new__(Bench)
    bench.seconds, bench.rounds, bench.db_name, bench.config = seconds, rounds, "sqlite", {}
    bench._load = load  # type: ignore[method-assign,assignment]
    out = bench.http(None, None, None, None)  # type: ignore[arg-type]
    assert calls == [each] * (len(TARGETS) * rounds)
    assert len(out["rounds"]) == rounds
    assert out["config"]["rounds"] == rounds
    assert out["config"]["round_seconds"] == each


def test_no_rounds_is_refused() -> None:
    from bench.run import main

    with pytest.raises(SystemExit) as refused:
        main(["--only", "http", "--rounds", "0"])
    assert refused.value.code == 2


@pytest.mark.slow
def test_the_overhead_section_measures_each_piece_and_puts_it_back(
    trained: Any, release_file: Any
) -> None:
    """``bench.overhead`` on a tiny run: every target and piece measured, every piece switched
    back on afterwards (the app answers as before), and the rows the report prints."""
    from bench import overhead
    from bench.readme import overhead_rows

    figures = overhead.measure(
        threads=(1, 2), n=16, rounds=1, model_path=trained[2], release_file=release_file
    )
    assert set(figures["intent"]) == {"whole", *overhead.PIECES}
    assert set(figures["hello"]) == set(figures["model"]) == set(figures["floor"]) == {"whole"}
    for target in ("hello", "model", "floor", "intent", "chat"):
        for cells in figures[target].values():
            assert set(cells) == {"1", "2"}
            assert all(ms > 0 for ms in cells.values())
    rows = overhead_rows(figures)
    assert "| CPU per request in process, intent, without the token lookup | " in "\n".join(rows)
    assert "| CPU per request in process, the intent model alone (plain WSGI), whole | " in rows[1]
    assert "| CPU per request in process, intent bare (view and model only), whole | " in rows[2]
    assert len(rows) == 1 + 1 + 1 + 4 + 4


def test_the_reliability_rows_include_the_hostile_runs_per_database() -> None:
    """``make reliability``'s figures as rows: the plain Schemathesis run, the hostile-value run
    of each database (what item 5 of the speed and hardening issue asks for), and the others."""
    from bench.readme import reliability_section

    run = {"operations": 31, "generated": 2388, "errors": 0, "failures": []}
    hostile = {**run, "generated": 1399, "hostile_values": 743}
    rows = reliability_section(
        {
            "full": True,
            "schemathesis": run,
            "schemathesis_hostile_sqlite": hostile,
            "schemathesis_hostile_postgres": {**hostile, "failures": [{"count": 2}], "errors": 1},
            "durability": {"sqlite": {"acknowledged": 757, "lost": 0}},
        }
    )
    text = "\n".join(rows)
    assert "`make reliability` (full run;" in text
    assert "| 2388 generated cases, 0 failures, 0 errors |" in text
    assert "deep nesting), sqlite | 1399 generated cases (743 hostile values sent), 0 fail" in text
    assert "postgres | 1399 generated cases (743 hostile values sent), 2 failures, 1 err" in text
    assert "| 757 writes answered 2xx, 0 lost |" in text
