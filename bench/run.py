"""``make bench``: measure the assistant side by side with its baselines in one run.

Sections (``--only`` / ``--skip`` select them): ``http`` (the assistant's ``/v1/intent`` and
``/v1/chat`` vs a bare Flask hello app on the identical gunicorn config), ``mlflow``
(``/v1/intent`` vs ``mlflow models serve`` of the same registered model), ``memory`` (RSS per
worker after warm-up and after a sustained load), ``inprocess`` (single-utterance predict
latency, batch throughput), ``pipeline`` (``dvc repro -f`` in a fresh clone, wall and CPU
seconds per stage, first run and bytecode cached, beside ``--pipeline-baseline REF``; a no-op
``dvc repro``, ``make run`` warm until ready) and ``llm`` (``bench.llm_faults`` when present).
Prints a table and writes ``bench/results.json``.
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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests

from bench.load import LoadResult, run_load
from bench.servers import (
    APP,
    BIN,
    HELLO,
    ROOT,
    Server,
    free_port,
    gunicorn,
    mlflow_serve,
    stop,
    wait_ready,
)

RESULTS = ROOT / "bench" / "results.json"
LLM_FAULTS = ROOT / "bench" / "llm_faults.json"
SECTIONS = ("http", "mlflow", "memory", "inprocess", "pipeline", "llm")


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


def make_user(database_url: str) -> str:
    from app.db.maintenance import add_user
    from app.db.migrate import upgrade

    upgrade(database_url)
    _, token = add_user(database_url, f"bench-{os.getpid()}", "UTC", "en")
    return token


def _warm(url: str, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    with requests.Session() as s:
        for i in range(40):
            s.post(f"{url}/v1/intent", json={"text": f"remind me {i}"}, headers=auth, timeout=10)
            s.post(f"{url}/v1/chat", json={"message": "hello"}, headers=auth, timeout=10)


class Bench:
    def __init__(self, work: Path, users: int, seconds: int, memory_seconds: int) -> None:
        self.work = work
        self.users = users
        self.seconds = seconds
        self.memory_seconds = memory_seconds
        self.database_url = f"sqlite:///{work / 'assistant.db'}"
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

    def _load(self, url: str, target: str, seconds: int | None = None) -> LoadResult:
        result = run_load(
            url, target, users=self.users, seconds=seconds or self.seconds, token=self.token
        )
        print(
            f"  {target:<7} {result.rps:>8.1f} req/s  p50 {result.p50_ms:g} ms  "
            f"p99 {result.p99_ms:g} ms  ({result.requests} requests, {result.failures} failed)"
        )
        return result

    def _env(self, name: str) -> dict[str, str]:
        return {**self.server_env, "PROMETHEUS_MULTIPROC_DIR": str(self.work / f"prom-{name}")}

    def http_and_mlflow(self, sections: set[str], out: dict[str, Any]) -> None:
        """Run the server sections, each result (or error) stored in ``out`` as it comes."""
        with (
            gunicorn(APP, self._env("app"), self.work / "app.log") as app,
            gunicorn(HELLO, self._env("hello"), self.work / "hello.log") as hello,
        ):
            _warm(app.url, self.token)
            rss_warm = app.worker_rss_mib()
            if "http" in sections:
                _section("http", lambda: self.http(app.url, hello.url), out)
            if "mlflow" in sections:
                _section("mlflow", lambda: self.mlflow(app.url), out)
            if "memory" in sections:
                _section("memory", lambda: self.memory(app, rss_warm), out)

    def http(self, app_url: str, hello_url: str) -> dict[str, Any]:
        print("http: the assistant vs a bare Flask hello app, same gunicorn config")
        base = self._load(hello_url, "hello")
        intent = self._load(app_url, "intent")
        chat = self._load(app_url, "chat")
        return {
            "config": self.config,
            "hello": base.as_dict(),
            "intent": intent.as_dict(),
            "chat": chat.as_dict(),
            "ratio": {
                "intent_rps_vs_hello": _ratio(intent.rps, base.rps),
                "chat_rps_vs_hello": _ratio(chat.rps, base.rps),
                "intent_p50_vs_hello": _ratio(intent.p50_ms, base.p50_ms),
                "chat_p50_vs_hello": _ratio(chat.p50_ms, base.p50_ms),
            },
        }

    def memory(self, app: Server, rss_warm: dict[int, float]) -> dict[str, Any]:
        print(f"memory: {self.memory_seconds} s of mixed /v1/intent + /v1/chat load")
        load = self._load(app.url, "mixed", self.memory_seconds)
        rss_after = app.worker_rss_mib()
        print(
            f"  RSS per worker (MiB): warm {list(rss_warm.values())}, "
            f"after load {list(rss_after.values())}"
        )
        return {
            "rss_mib_after_warmup": list(rss_warm.values()),
            "rss_mib_after_load": list(rss_after.values()),
            "same_workers": sorted(rss_warm) == sorted(rss_after),
            "growth_mib": round(
                max(rss_after.values(), default=0) - max(rss_warm.values(), default=0), 1
            ),
            "load": load.as_dict(),
        }

    def mlflow(self, app_url: str) -> dict[str, Any]:
        release = served_release()
        uri = f"models:/{release['model_name']}/{release['model_version']}"
        workers = int(self.config["workers"])
        print(f"mlflow: /v1/intent vs `mlflow models serve -m {uri} -w {workers}`")
        env = {"MLFLOW_TRACKING_URI": release["tracking_uri"]}
        with mlflow_serve(uri, workers, env, self.work / "mlflow.log") as served:
            body = {"dataframe_split": {"columns": ["text"], "data": [["hello"]]}}
            for _ in range(20):
                requests.post(f"{served.url}/invocations", json=body, timeout=10)
            intent = self._load(app_url, "intent")
            serve = self._load(served.url, "mlflow")
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
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, r: dict[str, Any] | None) -> None:
        if r:
            rows.append((label, f"{r['rps']:.0f}", f"{r['p50_ms']:g}", f"{r['p99_ms']:g}"))

    http = results.get("http") or {}
    add("hello (bare Flask)", http.get("hello"))
    add("/v1/intent", http.get("intent"))
    add("/v1/chat (local path)", http.get("chat"))
    ml = results.get("mlflow") or {}
    add("/v1/intent (vs mlflow)", ml.get("intent"))
    add("mlflow models serve", ml.get("mlflow_serve"))
    if rows:
        print(f"\n{'target':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
        for label, rps, p50, p99 in rows:
            print(f"{label:<26}{rps:>9}{p50:>9}{p99:>9}")
    for name in ("http", "mlflow"):
        if results.get(name):
            print(f"{name} ratios: {results[name]['ratio']}")
    for name in ("memory", "inprocess", "pipeline", "llm_faults"):
        if name in results:
            shown = results[name]
            if name == "memory" and shown:
                shown = {k: v for k, v in shown.items() if k != "load"}
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
    parser.add_argument("--memory-seconds", type=int, default=60, help="the sustained load")
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

    results: dict[str, Any] = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    work = Path(tempfile.mkdtemp(prefix="slipway-bench-"))
    try:
        if sections & {"http", "mlflow", "memory"}:
            bench = Bench(work, args.users, args.seconds, args.memory_seconds)
            try:
                bench.http_and_mlflow(sections, results)
            except Exception as exc:
                print(f"servers: FAILED: {exc}", file=sys.stderr)
                results.setdefault("errors", {})["servers"] = str(exc)[-2000:]
        if "inprocess" in sections:
            _section("inprocess", in_process, results)
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
