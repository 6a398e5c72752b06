"""``make bench``: measure the assistant side by side with its baselines in one run.

Sections (``--only`` / ``--skip`` select them): ``http`` (the assistant's ``/v1/intent`` and
``/v1/chat`` vs a bare Flask hello app on the identical gunicorn config, p50 and p99 at the
load's clients, checked against the goals in ``GOALS``), ``mlflow`` (``/v1/intent`` vs ``mlflow
models serve`` of the same registered model), ``memory`` (RSS of every worker at the start and
the end of a sustained load, sampled between), ``inprocess`` (single-utterance predict
latency, batch throughput), ``overhead`` (``bench.overhead``: CPU per request in process, whole
and with each piece of the request path switched off, one thread and a worker's threads),
``pipeline`` (``dvc repro -f`` in a fresh clone, wall and CPU
seconds per stage, first run and bytecode cached, beside ``--pipeline-baseline REF``; a no-op
``dvc repro``, ``make run`` warm until ready) and ``llm`` (``bench.llm_faults`` when present).
The server sections run on each database of ``--databases`` in turn (SQLite, then a Postgres
server started for the run), so every figure exists for both. The machine may be shared: each
load figure carries the one-minute load average at its end. Prints a table and writes
``bench/results.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests

from bench.load import LoadResult, run_load
from bench.servers import (
    APP,
    BIN,
    FLOOR,
    HELLO,
    MODEL_ONLY,
    ROOT,
    Server,
    free_port,
    gunicorn,
    mlflow_serve,
    postgres_server,
    stop,
    wait_ready,
)

RESULTS = ROOT / "bench" / "results.json"
LLM_FAULTS = ROOT / "bench" / "llm_faults.json"
SECTIONS = ("http", "mlflow", "memory", "inprocess", "overhead", "pipeline", "llm")
DATABASES = ("sqlite", "postgres")


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }


def served_release() -> dict[str, Any]:
    from app.settings import AppSettings
    from models.kind import INTENT
    from models.release import read_release

    settings = AppSettings()
    release = read_release(INTENT, settings.release_file)
    return {
        "model_name": release.model_name,
        "model_version": release.model_version,
        "tracking_uri": settings.mlflow_tracking_uri,
    }


def afternoon_zone(now: datetime | None = None) -> str:
    """A zone where it is now between 14:00 and 14:59. The chat load says "at 5pm" and "tomorrow
    at 10": read at 22:00 the first is past and asked about, read at 08:00 it is stored, and
    the assistant does different work for each. The bench user lives where it is always the
    early afternoon, so runs at any hour measure the same turns."""
    hour = (now or datetime.now(UTC)).hour
    offset = (14 - hour + 12) % 24 - 12  # hours east of UTC, -12..11
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}" if offset else "Etc/UTC"


def make_user(database_url: str) -> str:
    from app.db.maintenance import add_user
    from app.db.migrate import upgrade

    upgrade(database_url)
    _, token = add_user(database_url, f"bench-{os.getpid()}", afternoon_zone(), "en")
    return token


# What the warm-up sends before any figure is taken: every skill's first call (the time reader's
# models, the knowledge index, the language detector) is paid here, not inside a measured run.
WARM_MESSAGES = (
    "hello",
    "what are the campus opening hours on saturday",
    "remind me to call mom at 5pm",
    "schedule a meeting with Ana tomorrow at 10",
    "what's on my calendar friday",
    "add buy milk to my to-do list",
)
#: the http section's targets take turns this many times by default (see Bench.http; more
#: rounds, ``--rounds``, make a ratio steadier on a machine whose speed changes from minute to
#: minute, at ``MIN_ROUND_SECONDS`` per round at least)
HTTP_ROUNDS = 3
MIN_ROUND_SECONDS = 5
#: "model" is the intent model behind a plain WSGI callable (no framework), "floor" /v1/intent's
#: own blueprint and model with nothing around them (both in bench/hello.py)
TARGETS = ("hello", "model", "floor", "intent", "chat")
ROUND_FIGURES = ("rps", "p50_ms", "p99_ms", "server_cpu_ms", "load_avg")
#: The goals of issue 17 (item 4), checked in every run: throughput against the bare hello app on
#: the same gunicorn config, the chat's p99 at the benchmark's clients, memory flat under load.
GOALS = {
    "intent_rps_vs_hello": 0.6,
    "chat_rps_vs_hello": 0.4,
    "chat_p99_ms": 50.0,
    "rss_growth_mib": 10.0,
}


def _warm(url: str, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    with requests.Session() as s:
        for i in range(40):
            message = WARM_MESSAGES[i % len(WARM_MESSAGES)]
            s.post(f"{url}/v1/intent", json={"text": f"remind me {i}"}, headers=auth, timeout=30)
            s.post(f"{url}/v1/chat", json={"message": message}, headers=auth, timeout=30)


def load_average() -> float:
    """The one-minute load average now (the machine is shared: each figure carries it)."""
    return round(os.getloadavg()[0], 2)


@contextmanager
def database(kind: str, work: Path) -> Iterator[str]:
    """A fresh database of ``kind`` (``sqlite``: a file in ``work``; ``postgres``: a server
    started for the run, as the tests start it) at the migrations' head; yields its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{work / 'assistant.db'}"
        return
    if kind != "postgres":
        raise ValueError(f"unknown database {kind!r}; choose from {DATABASES}")
    with postgres_server() as pg:
        yield pg.url(pg.create_database("slipway_bench"))


class Bench:
    """The server sections on one database: the assistant and the hello app side by side."""

    def __init__(
        self,
        work: Path,
        users: int,
        seconds: int,
        memory_seconds: int,
        database_url: str,
        db_name: str = "sqlite",
        rounds: int = HTTP_ROUNDS,
    ) -> None:
        self.work = work / db_name
        self.work.mkdir(parents=True, exist_ok=True)
        self.users = users
        self.seconds = seconds
        self.rounds = rounds
        self.memory_seconds = memory_seconds
        self.db_name = db_name
        self.database_url = database_url
        self.token = make_user(self.database_url)
        # Identical gunicorn settings for both apps (the defaults of ServerSettings, or the
        # caller's SLIPWAY_WORKERS / SLIPWAY_THREADS); only the app spec differs.
        self.server_env = {
            "SLIPWAY_DATABASE_URL": self.database_url,
            "SLIPWAY_RATE_LIMIT": "100000000/minute",
            "SLIPWAY_REDIS_URL": "",
            "SLIPWAY_DB_UPGRADE_ON_START": "false",
        }
        from app.settings import ServerSettings

        server = ServerSettings()
        self.config: dict[str, Any] = {
            "workers": server.workers,
            "threads": server.threads,
            "worker_class": "gthread",
            "load_users": users,
            "load_seconds": seconds,
        }

    def _load(self, server: Server, target: str, seconds: int | None = None) -> LoadResult:
        """Drive ``server`` with ``target``; the result also carries the CPU its workers spent
        per request (user + system), a figure other work on a shared machine does not skew."""
        before = server.worker_cpu_seconds()
        result = run_load(
            server.url, target, users=self.users, seconds=seconds or self.seconds, token=self.token
        )
        after = server.worker_cpu_seconds()
        spent = sum(after[pid] - before[pid] for pid in after if pid in before)
        if result.requests:
            result.server_cpu_ms = round(spent * 1000 / result.requests, 3)
        print(
            f"  {self.db_name:<8} {target:<7} {result.rps:>8.1f} req/s  p50 {result.p50_ms:g} ms"
            f"  p99 {result.p99_ms:g} ms  ({result.requests} requests, {result.failures} failed)"
            f"  server CPU {result.server_cpu_ms:g} ms/request  load {result.load_avg}"
        )
        return result

    def _env(self, name: str) -> dict[str, str]:
        return {**self.server_env, "PROMETHEUS_MULTIPROC_DIR": str(self.work / f"prom-{name}")}

    def servers(self, sections: set[str], out: dict[str, Any]) -> None:
        """Run the server sections on this database, each result (or error) stored in ``out``
        (``out[section]``) as it comes."""
        with (
            gunicorn(APP, self._env("app"), self.work / "app.log") as app,
            gunicorn(HELLO, self._env("hello"), self.work / "hello.log") as hello,
            gunicorn(FLOOR, self._env("floor"), self.work / "floor.log") as floor,
            gunicorn(MODEL_ONLY, self._env("model"), self.work / "model.log") as model,
        ):
            _warm(app.url, self.token)
            if "http" in sections:
                _section("http", lambda: self.http(app, hello, floor, model), out)
            if "mlflow" in sections:
                _section("mlflow", lambda: self.mlflow(app), out)
            if "memory" in sections:
                _section("memory", lambda: self.memory(app), out)

    def http(self, app: Server, hello: Server, floor: Server, model: Server) -> dict[str, Any]:
        """hello, the model alone, the floor (``/v1/intent`` bare), intent and chat in turn,
        ``self.rounds`` times (the load run's seconds split between the rounds): a machine that
        grows busier or quieter during the section then weighs on every target alike. Each
        target's figures are the median round's, each ratio the median of the rounds' own
        ratios; the rounds are kept beside them."""
        print(f"http ({self.db_name}): the assistant vs a bare Flask hello app, same gunicorn")
        seconds = max(MIN_ROUND_SECONDS, self.seconds // self.rounds)
        server = {"hello": hello, "model": model, "floor": floor, "intent": app, "chat": app}
        rounds = [
            {target: self._load(server[target], target, seconds) for target in TARGETS}
            for _ in range(self.rounds)
        ]
        median = {t: _median_run([r[t] for r in rounds]) for t in TARGETS}

        def median_ratio(
            target: str, figure: str, inverse: bool = False, base: str = "hello"
        ) -> float | None:
            """The median over the rounds of ``target``'s figure over ``base``'s (or,
            ``inverse``, ``base``'s over the target's)."""
            values = []
            for r in rounds:
                mine, theirs = getattr(r[target], figure), getattr(r[base], figure)
                values.append(_ratio(theirs, mine) if inverse else _ratio(mine, theirs))
            known = [v for v in values if v is not None]
            return round(statistics.median(known), 3) if known else None

        ratio = {
            "intent_rps_vs_hello": median_ratio("intent", "rps"),
            "chat_rps_vs_hello": median_ratio("chat", "rps"),
            # what any /v1/intent could reach: the model with no framework at all
            "model_rps_vs_hello": median_ratio("model", "rps"),
            # what /v1/intent could reach with nothing around its view and model
            "floor_rps_vs_hello": median_ratio("floor", "rps"),
            "floor_rps_vs_model": median_ratio("floor", "rps", base="model"),
            "intent_rps_vs_floor": median_ratio("intent", "rps", base="floor"),
            "intent_p50_vs_hello": median_ratio("intent", "p50_ms"),
            "chat_p50_vs_hello": median_ratio("chat", "p50_ms"),
            # the throughput ratio the server's own CPU allows (the load generator, and other
            # work on a shared machine, left out): hello's CPU per request over the route's
            "intent_cpu_vs_hello": median_ratio("intent", "server_cpu_ms", inverse=True),
            "model_cpu_vs_hello": median_ratio("model", "server_cpu_ms", inverse=True),
            "floor_cpu_vs_hello": median_ratio("floor", "server_cpu_ms", inverse=True),
            "chat_cpu_vs_hello": median_ratio("chat", "server_cpu_ms", inverse=True),
        }
        return {
            "config": {**self.config, "rounds": self.rounds, "round_seconds": seconds},
            **{t: median[t].as_dict() for t in TARGETS},
            "ratio": ratio,
            "rounds": [
                {t: {k: getattr(r[t], k) for k in ROUND_FIGURES} for t in TARGETS} for r in rounds
            ],
            "goals": {
                name: _met(ratio[name], GOALS[name], "ge")
                for name in ("intent_rps_vs_hello", "chat_rps_vs_hello")
            }
            | {"chat_p99_ms": _met(median["chat"].p99_ms, GOALS["chat_p99_ms"], "le")},
        }

    def memory(self, app: Server) -> dict[str, Any]:
        """RSS of every worker at the start and the end of a sustained mixed load (and every
        few seconds in between)."""
        print(f"memory ({self.db_name}): {self.memory_seconds} s of mixed /v1/intent + /v1/chat")
        rss_start = app.worker_rss_mib()
        samples: list[dict[str, Any]] = []
        done = threading.Event()

        def sample() -> None:
            began = time.monotonic()
            while not done.wait(10):
                rss = list(app.worker_rss_mib().values())
                samples.append({"s": round(time.monotonic() - began), "rss_mib": rss})

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            load = self._load(app, "mixed", self.memory_seconds)
        finally:
            done.set()
            sampler.join()
        rss_end = app.worker_rss_mib()
        # the largest growth of one worker (the same process at the start and at the end)
        growth = round(
            max((rss_end[p] - rss_start[p] for p in rss_end if p in rss_start), default=0), 1
        )
        print(
            f"  RSS per worker (MiB): start {list(rss_start.values())}, "
            f"end {list(rss_end.values())} (growth {growth} MiB)"
        )
        return {
            "rss_mib_start": list(rss_start.values()),
            "rss_mib_end": list(rss_end.values()),
            "rss_samples": samples,
            "same_workers": sorted(rss_start) == sorted(rss_end),
            "growth_mib": growth,
            "goal_met": _met(growth, GOALS["rss_growth_mib"], "le"),
            "load": load.as_dict(),
        }

    def mlflow(self, app: Server) -> dict[str, Any]:
        release = served_release()
        uri = f"models:/{release['model_name']}/{release['model_version']}"
        workers = int(self.config["workers"])
        print(f"mlflow: /v1/intent vs `mlflow models serve -m {uri} -w {workers}`")
        env = {"MLFLOW_TRACKING_URI": release["tracking_uri"]}
        with mlflow_serve(uri, workers, env, self.work / "mlflow.log") as served:
            body = {"dataframe_split": {"columns": ["text"], "data": [["hello"]]}}
            for _ in range(20):
                requests.post(f"{served.url}/invocations", json=body, timeout=10)
            intent = self._load(app, "intent")
            serve = self._load(served, "mlflow")
        return {
            "model_uri": uri,
            "mlflow_workers": workers,
            "intent": intent.as_dict(),
            "mlflow_serve": serve.as_dict(),
            "ratio": {
                "intent_rps_vs_mlflow": _ratio(intent.rps, serve.rps),
                "intent_p50_vs_mlflow": _ratio(intent.p50_ms, serve.p50_ms),
            },
        }


def _median_run(runs: list[LoadResult]) -> LoadResult:
    """One target's rounds as one result: the median round's throughput and percentiles (each
    figure's own median), the requests and failures of all, the server's CPU per request over
    all of them."""
    requests = sum(r.requests for r in runs)
    cpu = sum(r.server_cpu_ms * r.requests for r in runs)
    return LoadResult(
        target=runs[0].target,
        users=runs[0].users,
        seconds=round(sum(r.seconds for r in runs), 1),
        requests=requests,
        failures=sum(r.failures for r in runs),
        rps=round(statistics.median(r.rps for r in runs), 1),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        load_avg=runs[-1].load_avg,
        server_cpu_ms=round(cpu / requests, 3) if requests else 0.0,
    )


def _met(value: float | None, goal: float, how: str) -> bool | None:
    """Whether ``value`` meets ``goal`` (``ge``: at least, ``le``: at most); None: no value."""
    if value is None:
        return None
    return value >= goal if how == "ge" else value <= goal


def servers(
    work: Path, sections: set[str], databases: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    """The server sections on each database in turn: ``{section: {database: figures}}``; the
    mlflow comparison (it does not touch the database) runs on the first one only."""
    by_section: dict[str, Any] = {}
    for i, name in enumerate(databases):
        wanted = sections if i == 0 else sections - {"mlflow"}
        out: dict[str, Any] = {}
        try:
            with database(name, work) as url:
                bench = Bench(
                    work, args.users, args.seconds, args.memory_seconds, url, name, args.rounds
                )
                bench.servers(wanted, out)
        except Exception as exc:
            print(f"servers ({name}): FAILED: {exc}", file=sys.stderr)
            out.setdefault("errors", {})["servers"] = str(exc)[-2000:]
        for section, figures in out.items():
            by_section.setdefault(section, {})[name] = figures
    if "mlflow" in by_section:  # one comparison, not one per database
        by_section["mlflow"] = next(iter(by_section["mlflow"].values()))
    return by_section


def in_process(rounds: int = 3) -> dict[str, Any]:
    """The served model called in this process: one utterance at a time, then batches."""
    from app.model import load_served
    from app.settings import AppSettings
    from models.kind import INTENT

    served = load_served(INTENT, AppSettings())
    if served.model is None:
        raise RuntimeError(f"no model to benchmark: {served.error} (run `make pipeline`)")
    model = served.model
    lines = (ROOT / "data" / "intents" / "test.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    for text in texts[:100]:
        model.predict(text)
    latencies: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            model.predict(text)
            latencies.append((time.perf_counter() - start) * 1000)
    batch = texts * 10
    start = time.perf_counter()
    model.predict_many(batch)
    batch_seconds = time.perf_counter() - start
    result = {
        "model_version": served.version,
        "single_calls": len(latencies),
        "single_p50_ms": round(_percentile(latencies, 50), 3),
        "single_p99_ms": round(_percentile(latencies, 99), 3),
        "batch_size": len(batch),
        "batch_per_s": round(len(batch) / batch_seconds, 1),
    }
    print(
        f"inprocess: predict p50 {result['single_p50_ms']} ms, p99 "
        f"{result['single_p99_ms']} ms; batch {result['batch_per_s']} utterances/s"
    )
    return result


def overhead(work: Path) -> dict[str, Any]:
    """``bench.overhead`` in a process of its own (it builds the app from its own settings)."""
    out = work / "overhead.json"
    subprocess.run(
        [sys.executable, "-m", "bench.overhead", "--output", str(out)],
        cwd=ROOT,
        check=True,
        timeout=900,
    )
    figures: dict[str, Any] = json.loads(out.read_text())
    return figures


# Put first on PATH for dvc's stage commands: runs the real `slipway`, appends its wall and CPU.
_SHIM = """#!{python} -I
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn({real!r}, [{real!r}, *sys.argv[1:]], os.environ)
_, status, usage = os.wait4(pid, 0)
row = {{"command": " ".join(sys.argv[1:]), "wall_s": time.perf_counter() - start,
        "cpu_s": usage.ru_utime + usage.ru_stime}}
if os.environ.get("SLIPWAY_BENCH_STAGES"):
    with open(os.environ["SLIPWAY_BENCH_STAGES"], "a") as fh:
        fh.write(json.dumps(row) + "\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _pipeline_env(clone: Path, shim: Path, pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLIPWAY_", "MLFLOW_"))}
    env.pop("VIRTUAL_ENV", None)
    # Bytecode is cached (in a folder of this run) as on any laptop after the first run, even
    # where the environment says PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        # The clone's own code, not the checkout the venv's editable install points at.
        PYTHONPATH=str(clone),
        PYTHONPYCACHEPREFIX=str(pycache),
        PATH=f"{shim}{os.pathsep}{BIN}{os.pathsep}{env.get('PATH', '')}",
        DVC_NO_ANALYTICS="1",
        GX_ANALYTICS_ENABLED="false",
        MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR="false",
    )
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run ``cmd``; its wall and CPU (user + system, with every process it waited for) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(wall, 1), round(cpu, 1)


def _checkout(work: Path, name: str, ref: str | None) -> tuple[Path, dict[str, str]]:
    """A clone of ROOT (at ``ref``) with data pulled from ROOT's DVC remote; its environment."""
    clone, shim = work / name, work / f"{name}-shim"
    shim.mkdir()
    (shim / "slipway").write_text(_SHIM.format(python=sys.executable, real=str(BIN / "slipway")))
    (shim / "slipway").chmod(0o755)
    env = _pipeline_env(clone, shim, work / f"{name}-pycache")
    _run(["git", "clone", "-q", str(ROOT), str(clone)], work, env)
    if ref:
        _run(["git", "checkout", "-q", ref], clone, env)
    remote = subprocess.run(
        [str(BIN / "dvc"), "remote", "default"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.strip()
    listed = subprocess.run(
        [str(BIN / "dvc"), "remote", "list"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    urls = dict(line.split(None, 1) for line in listed.splitlines() if line.strip())
    url = urls.get(remote, "").removesuffix("(default)").strip()
    if url and "://" not in url and not Path(url).is_absolute():
        url = str((ROOT / ".dvc" / url).resolve())
    _run([str(BIN / "dvc"), "remote", "modify", "--local", remote, "url", url], clone, env)
    return clone, env


def _repro(clone: Path, env: dict[str, str], stages_log: Path) -> dict[str, Any]:
    """``dvc repro -f``: wall and CPU in total and per stage (what dvc itself adds: ``dvc``)."""
    stages_log.unlink(missing_ok=True)
    wall, cpu = _run(
        [str(BIN / "dvc"), "repro", "-f"], clone, {**env, "SLIPWAY_BENCH_STAGES": str(stages_log)}
    )
    stages: dict[str, dict[str, float]] = {}
    for line in stages_log.read_text().splitlines():
        row = json.loads(line)
        name = row["command"].removeprefix("stage ")
        stages[name] = {"wall_s": round(row["wall_s"], 1), "cpu_s": round(row["cpu_s"], 1)}
    stages["dvc"] = {
        "wall_s": round(wall - sum(s["wall_s"] for s in stages.values()), 1),
        "cpu_s": round(cpu - sum(s["cpu_s"] for s in stages.values()), 1),
    }
    return {"wall_s": wall, "cpu_s": cpu, "stages": stages}


def _repro_twice(clone: Path, env: dict[str, str], label: str) -> dict[str, Any]:
    """Two ``dvc repro -f``: the first compiles the bytecode it imports, the second reuses it."""
    first = _repro(clone, env, clone.parent / f"{clone.name}-stages.jsonl")
    print(f"  {label} first  dvc repro -f: {first['wall_s']} s wall, {first['cpu_s']} s CPU")
    again = _repro(clone, env, clone.parent / f"{clone.name}-stages.jsonl")
    print(f"  {label} cached dvc repro -f: {again['wall_s']} s wall, {again['cpu_s']} s CPU")
    return {"first": first, "cached": again}


def pipeline(work: Path, baseline: str | None = None) -> dict[str, Any]:
    """``dvc repro`` timings in a fresh clone with its own MLflow store and DVC cache.

    ``dvc repro -f`` runs twice (bytecode compiled, then cached), each with the wall and CPU
    seconds of every stage; ``baseline`` (a git ref) runs the same in a clone of that commit,
    side by side.
    """
    steps = "git clone, dvc pull, dvc repro -f twice (per stage), dvc repro (no-op), make run"
    print(f"pipeline: {steps}" + (f"; the same dvc repro -f at {baseline}" if baseline else ""))
    result: dict[str, Any] = {}
    if baseline:
        base, base_env = _checkout(work, "baseline", baseline)
        _run([str(BIN / "dvc"), "pull", "-q", "data.dvc"], base, base_env)
        result["baseline"] = {"ref": baseline, **_repro_twice(base, base_env, baseline)}
        shutil.rmtree(base, ignore_errors=True)
    clone, env = _checkout(work, "clone", None)
    result["dvc_pull_s"] = _run([str(BIN / "dvc"), "pull", "-q", "data.dvc"], clone, env)[0]
    result["repro"] = _repro_twice(clone, env, "HEAD")
    result["dvc_repro_full_s"] = result["repro"]["first"]["wall_s"]
    result["dvc_repro_full_cached_s"] = result["repro"]["cached"]["wall_s"]
    result["dvc_repro_noop_s"] = _run([str(BIN / "dvc"), "repro"], clone, env)[0]
    print(f"  dvc repro (nothing changed): {result['dvc_repro_noop_s']} s")
    # `make run` warm: every stage up to date; until the server answers /readyz. UV=true keeps
    # make from syncing the (shared) virtualenv the clone links to.
    (clone / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    log = work / "make-run.log"
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "run", "UV=true"],
            cwd=clone,
            env={**env, "SLIPWAY_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_ready(f"http://127.0.0.1:{port}/readyz", proc, log, timeout=300)
        result["make_run_warm_to_ready_s"] = round(time.perf_counter() - start, 1)
        print(f"  make run (warm) ready in {result['make_run_warm_to_ready_s']} s")
    except Exception as exc:  # the dvc repro figures above still count
        result["make_run_error"] = str(exc)[-1000:]
        print(f"  make run: FAILED: {exc}", file=sys.stderr)
    finally:
        stop(proc, signal.SIGTERM)
    return result


def llm_faults() -> dict[str, Any] | None:
    """Run ``python -m bench.llm_faults`` when that module exists; its JSON, else None."""
    if importlib.util.find_spec("bench.llm_faults") is None:
        print("llm: bench.llm_faults is not available; no LLM fault figures")
        return None
    print("llm: python -m bench.llm_faults")
    proc = subprocess.run([sys.executable, "-m", "bench.llm_faults"], cwd=ROOT, timeout=900)
    if proc.returncode != 0 or not LLM_FAULTS.exists():
        return {"error": f"python -m bench.llm_faults exited {proc.returncode}"}
    loaded: dict[str, Any] = json.loads(LLM_FAULTS.read_text())
    return loaded


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _section(name: str, func: Callable[[], Any], results: dict[str, Any]) -> None:
    try:
        results[name] = func()
    except Exception as exc:  # a failed section is reported, the others still run
        print(f"{name}: FAILED: {exc}", file=sys.stderr)
        results.setdefault("errors", {})[name] = str(exc)[-2000:]


def print_table(results: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str, str, str, str]] = []

    def add(label: str, r: dict[str, Any] | None) -> None:
        if r:
            rows.append(
                (
                    label,
                    f"{r['rps']:.0f}",
                    f"{r['p50_ms']:g}",
                    f"{r['p99_ms']:g}",
                    f"{r.get('server_cpu_ms', '-')}",
                    f"{r.get('load_avg', '-')}",
                )
            )

    http = results.get("http") or {}
    for db_name, figures in http.items():
        add(f"hello (bare Flask) [{db_name}]", figures.get("hello"))
        add(f"/v1/intent, model only [{db_name}]", figures.get("model"))
        add(f"/v1/intent, bare [{db_name}]", figures.get("floor"))
        add(f"/v1/intent [{db_name}]", figures.get("intent"))
        add(f"/v1/chat (local) [{db_name}]", figures.get("chat"))
    ml = results.get("mlflow") or {}
    add("/v1/intent (vs mlflow)", ml.get("intent"))
    add("mlflow models serve", ml.get("mlflow_serve"))
    if rows:
        head = f"{'target':<32}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}{'load':>8}"
        print(f"\n{head}")
        for label, rps, p50, p99, cpu, load in rows:
            print(f"{label:<32}{rps:>9}{p50:>9}{p99:>9}{cpu:>12}{load:>8}")
    for db_name, figures in http.items():
        print(f"http ratios [{db_name}]: {figures.get('ratio')}; goals met: {figures.get('goals')}")
    if ml:
        print(f"mlflow ratios: {ml.get('ratio')}")
    for db_name, mem in (results.get("memory") or {}).items():
        print(
            f"memory [{db_name}]: RSS MiB {mem['rss_mib_start']} -> {mem['rss_mib_end']} "
            f"over {mem['load']['seconds']} s (growth {mem['growth_mib']} MiB, "
            f"load {mem['load'].get('load_avg')})"
        )
    for name in ("inprocess", "pipeline", "llm_faults"):
        if name in results:
            shown = results[name]
            if name == "pipeline" and shown:
                print_pipeline(shown)
                shown = {k: v for k, v in shown.items() if k not in ("repro", "baseline")}
            print(f"{name}: {json.dumps(shown)}")


def print_pipeline(pipe: dict[str, Any]) -> None:
    """``dvc repro -f`` per stage, wall / CPU seconds: first run, bytecode cached, and baseline."""
    runs = {f"HEAD {k}": v for k, v in (pipe.get("repro") or {}).items()}
    base = pipe.get("baseline") or {}
    runs |= {f"{base['ref']} {k}"[-18:]: base[k] for k in ("first", "cached") if k in base}
    if not runs:
        return
    names = list(next(iter(runs.values()))["stages"])
    print(f"\n{'dvc repro -f, s wall/CPU':<22}" + "".join(f"{label:>19}" for label in runs))
    for stage in [*names, "total"]:
        cells = []
        for r in runs.values():
            t = r if stage == "total" else r["stages"].get(stage, {})
            cells.append(f"{t.get('wall_s', '-')} / {t.get('cpu_s', '-')}" if t else "-")
        print(f"{stage:<22}" + "".join(f"{c:>19}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help=f"comma-separated sections of {SECTIONS}")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip")
    parser.add_argument("--users", type=int, default=8, help="concurrent locust users")
    parser.add_argument("--seconds", type=int, default=15, help="seconds per load run")
    parser.add_argument(
        "--rounds",
        type=int,
        default=HTTP_ROUNDS,
        help="http: how many times the targets take turns, the seconds split between them "
        f"(at least {MIN_ROUND_SECONDS} s a round); more make a ratio steadier on a busy host",
    )
    parser.add_argument("--memory-seconds", type=int, default=60, help="the sustained load")
    parser.add_argument(
        "--databases",
        default=",".join(DATABASES),
        help=f"comma-separated databases the server sections run on, in turn, of {DATABASES}",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--pipeline-baseline",
        metavar="REF",
        help="also time dvc repro -f at this git ref, side by side (pipeline section)",
    )
    args = parser.parse_args(argv)
    sections = set(args.only.split(",")) if args.only else set(SECTIONS)
    sections -= set(args.skip.split(","))
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    databases = [d for d in args.databases.split(",") if d]
    if not databases or set(databases) - set(DATABASES):
        parser.error(f"--databases: choose from {DATABASES}")

    results: dict[str, Any] = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    work = Path(tempfile.mkdtemp(prefix="slipway-bench-"))
    try:
        if sections & {"http", "mlflow", "memory"}:
            by_section = servers(work, sections, databases, args)
            for db_name, errors in by_section.pop("errors", {}).items():
                for section, error in errors.items():
                    results.setdefault("errors", {})[f"{section} ({db_name})"] = error
            results.update(by_section)
        if "inprocess" in sections:
            _section("inprocess", in_process, results)
        if "overhead" in sections:
            _section("overhead", lambda: overhead(work), results)
        if "pipeline" in sections:
            _section("pipeline", lambda: pipeline(work, args.pipeline_baseline), results)
        if "llm" in sections:
            _section("llm_faults", llm_faults, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwrote {args.output}")
    failed = results.get("errors") or (results.get("pipeline") or {}).get("make_run_error")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
