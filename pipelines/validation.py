"""The data gate every validate stage shares: GX suites run over frames, the result file, refusal.

A stage builds one pandas frame per suite and the suites' expectations; :func:`run_suites` runs
them in a file-backed GX context (the validation results are stored there, Data Docs are rendered
when a check failed), and :func:`conclude` writes the result file, without timestamps so
identical data gives identical bytes, and raises :class:`ValidationFailed` listing what failed.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import shutil
import sys
import types
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipelines.data import data_hash, pin_moved_note, workspace_differs
from pipelines.errors import ValidationFailed

# the columns that name a failing row (the rest of it is its value)
_NAMING = ("split", "lang", "line", "intent", "file", "row", "key")

#: Mis-decoded UTF-8 ("mojibake"): UTF-8 bytes read as Latin-1 or Windows-1252 and saved again.
#: "ó" becomes "Ã³", "ñ" "Ã±", "¿" "Â¿", "“" "â€œ"; an undecodable byte becomes U+FFFD. A lead
#: character (Ã, Â) followed by one in the continuation-byte range (U+0080–U+00BF, or what
#: Windows-1252 shows for 0x80–0x9F) does not occur in Spanish or English text.
_CONTINUATION = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE = f"Ã[{_CONTINUATION}]|Â[{_CONTINUATION}]|â€|\ufffd"

#: Modules Great Expectations imports at start-up for expectations and renderers the gates do not
#: use (the KL-divergence and KS-test expectations, markdown in Data Docs): a third of its import
#: time, about 1.5 s of CPU in each validate stage. They load when first used.
DEFERRED_BY_GX = ("scipy.stats", "altair", "mistune")


class _Deferred(types.ModuleType):
    """Stands in (in ``sys.modules``) for a module until one of its attributes is read: then the
    real module is imported and every attribute is read from it."""

    def __getattr__(self, attr: str) -> Any:
        real = sys.modules.get(self.__name__)
        if real is self or real is None:
            del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
        return getattr(real, attr)


def import_gx() -> Any:
    """``great_expectations``, imported with :data:`DEFERRED_BY_GX` deferred (those already
    imported, or not installed, are left alone)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if "great_expectations" not in sys.modules:
        for name in DEFERRED_BY_GX:
            if name in sys.modules or importlib.util.find_spec(name) is None:
                continue
            stand_in = sys.modules[name] = _Deferred(name)
            parent, _, child = name.rpartition(".")
            if parent:
                setattr(sys.modules[parent], child, stand_in)
    import great_expectations

    return great_expectations


def expectations() -> Any:
    """``great_expectations.expectations``, the classes a stage's suites are built from."""
    import_gx()
    return importlib.import_module("great_expectations.expectations")


@dataclass
class Check:
    suite: str
    expectation: str
    column: str
    success: bool
    unexpected_count: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    # what failed in plain words, one line per failing row (file, row, the numbers), when the
    # stage that ran the check explains it (``pipelines.intent.validate.explain``)
    details: list[str] = field(default_factory=list)

    def describe(self) -> str:
        head = f"{self.expectation} on {self.column}: {self.unexpected_count} failing"
        if self.details:
            shown = self.details[:5]
            hidden = max(self.unexpected_count, len(self.details)) - len(shown)
            # the result file keeps the first 20 rows; Data Docs show values, not file:line
            kept = len(self.details) - len(shown)
            where = f" (the next {kept} are in the gate's result file in reports/)" if kept else ""
            tail = f"\n      … and {hidden} more{where}" if hidden else ""
            return head + "".join(f"\n      {d}" for d in shown) + tail
        where = ", ".join(
            "/".join(str(e.get(k, "")) for k in _NAMING if k in e)
            + (f" {e['value']!r}" if "value" in e else "")
            for e in self.examples[:5]
        )
        more = f" (e.g. {where})" if where else ""
        return f"{head}{more}"


@dataclass
class ValidationResult:
    """A gate's result file. ``data_hash`` is ``data.dvc``'s pin only when ``data/`` is what it
    pins (DVC's own status): data edited since the last ``dvc repro`` or ``dvc add`` has no hash
    yet, so it is "" and ``data_pinned`` false, never the older pin's."""

    success: bool
    data_hash: str
    counts: dict[str, int]
    checks: list[Check]
    docs: str = ""
    data_pinned: bool = True

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.success]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, default=str) + "\n"


def _checks(suite: str, run_result: Any, index: list[str], *, values: bool) -> list[Check]:
    """One :class:`Check` per expectation, with up to 20 failing rows named by ``index``.

    With ``values`` the column a failing row was checked on is kept under ``value``.
    """
    checks = []
    for er in run_result.results:
        cfg = er.expectation_config
        kwargs = cfg.kwargs
        column = kwargs.get("column") or f"{kwargs.get('column_A')}>={kwargs.get('column_B')}"
        examples = []
        for item in (er.result or {}).get("unexpected_index_list") or []:
            ex = {k: (v.item() if hasattr(v, "item") else v) for k, v in item.items()}
            # the checked column's value, even when that column also names rows elsewhere (an
            # unknown ``intent`` or ``lang`` must show the bad label, not only its line)
            value_key = (
                column
                if column in ex and column not in index
                else next((k for k in ex if k not in {*_NAMING, *index}), None)
            )
            if value_key is not None and values:
                ex["value"] = ex.pop(value_key)
            examples.append(ex)
        checks.append(
            Check(
                suite=suite,
                expectation=cfg.type,
                column=str(column),
                success=bool(er.success),
                unexpected_count=int((er.result or {}).get("unexpected_count") or 0),
                examples=examples[:20],
            )
        )
    return checks


def run_suites(
    frames: dict[str, Any],
    suites: dict[str, list[Any]],
    indexes: dict[str, list[str]],
    gx_root: Path,
    *,
    without_values: Collection[str] = (),
) -> tuple[list[Check], Path]:
    """Run each suite over its frame (file-backed GX context under ``gx_root``); checks, docs.

    Every expectation runs and its validation result is stored in the context; Data Docs are
    rendered once at the end, only when a check failed. The failing rows of the suites named in
    ``without_values`` are recorded as they are (no ``value`` key).
    """
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    shutil.rmtree(gx_root, ignore_errors=True)
    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    # GX reads and parses this file (a commented template: the gates define no variables) each
    # time a context setting is read, about 150 times a run, 1 s of CPU; absent, it is not read
    (gx_root / "gx" / "uncommitted" / "config_variables.yml").unlink(missing_ok=True)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    source = context.data_sources.add_pandas("slipway")
    checks: list[Check] = []
    for suite_name, expectations in suites.items():
        index = indexes[suite_name]
        batch = source.add_dataframe_asset(suite_name).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
        for expectation in expectations:
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(data=batch, suite=suite, name=suite_name)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=suite_name,
                validation_definitions=[definition],
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[suite_name]})
        values = suite_name not in without_values
        for run_result in result.run_results.values():
            checks.extend(_checks(suite_name, run_result, index, values=values))
    if not all(c.success for c in checks):
        context.build_data_docs()
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return checks, docs


def conclude(
    checks: list[Check],
    docs: Path,
    counts: dict[str, int],
    result_file: Path,
    dvc_file: Path | None,
    *,
    failed: str,
    advice: str,
) -> ValidationResult:
    """Write ``result_file``; on a failure raise :class:`ValidationFailed`: what, checks, advice."""
    pinned = dvc_file is None or not workspace_differs(dvc_file)
    result = ValidationResult(
        success=all(c.success for c in checks),
        data_hash=data_hash(dvc_file) if dvc_file and pinned else "",
        data_pinned=pinned,
        counts=counts,
        checks=checks,
        docs=str(docs),
    )
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.write_text(result.to_json())
    if not result.success:
        lines = "\n".join(f"  - {c.describe()}" for c in result.failures)
        note = pin_moved_note(dvc_file)
        # Data Docs are written when a GX expectation failed, not for a check made outside GX
        shown = f"Data Docs: {docs}\n" if docs.is_file() else ""
        raise ValidationFailed(
            f"{failed} ({len(result.failures)} expectation(s)):\n{lines}\n"
            f"{shown}{advice}" + (f"\n{note}" if note else "")
        )
    return result


def read_result(result_file: Path, stage: str) -> dict[str, Any]:
    """The result a validate stage wrote; a clear error when that stage has not run."""
    if not result_file.is_file():
        raise ValidationFailed(f"{result_file} missing: run the {stage} stage first (`dvc repro`)")
    data: dict[str, Any] = json.loads(result_file.read_text())
    return data
