"""Review 168, D-M6 (its minimal part): the gate compares with what production serves.

`promote.yml` moves the registry's `champion` alias at approval, before the release ships. If
that pull request stays unmerged, is closed, or its release fails, the alias names vN while the
pin (what production serves) names vM, and the next gate compared candidates with vN. Now the
comparison warns when alias and pin differ and gates against the pinned version when the
registry has it. (Moving the aliases only after the prod deploy is the design change the review
proposes; not done here.)

The registry and the models are stand-ins: what is checked is which version the comparison
evaluates and gates against, and what it says.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from pipelines.kinds import INTENT_KIND
from pipelines.release import data_lineage, gate_params
from pipelines.release import promote as promote_module
from pipelines.release.promote import PINNED, Comparison, Gate, compare
from pipelines.release.registry import CHAMPION, VersionInfo
from pipelines.settings import PipelineSettings
from tests.conftest import ROOT

NAME = INTENT_KIND.model.registered_name


class Registry:
    """The two calls the comparison makes: a version by alias, a version by number."""

    def __init__(self, versions: list[int], champion: int) -> None:
        self.versions = versions
        self.champion = champion

    def _version(self, version: int) -> Any:
        from mlflow.exceptions import MlflowException

        if version not in self.versions:
            raise MlflowException(f"{NAME} v{version} not found")
        aliases = [CHAMPION] if version == self.champion else []
        return SimpleNamespace(name=NAME, version=version, run_id="r", tags={}, aliases=aliases)

    def get_model_version_by_alias(self, name: str, alias: str) -> Any:
        assert (name, alias) in {(NAME, CHAMPION), (NAME, "previous")}
        from mlflow.exceptions import MlflowException

        if alias != CHAMPION:
            raise MlflowException("no previous")
        return self._version(self.champion)

    def get_model_version(self, name: str, version: str) -> Any:
        assert name == NAME
        return self._version(int(version))


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """A kind whose evaluation is the version's number and whose one gate names its champion."""
    evaluated: list[int] = []

    def evaluate(settings: Any, params: Any, model: int) -> dict[str, Any]:
        evaluated.append(model)
        return {"test": SimpleNamespace(metrics={"macro_f1": model / 10})}

    def gates(params: Any, candidate: Any, cand: Any, champ: Any) -> list[Gate]:
        old = None if champ is None else champ["test"].metrics["macro_f1"]
        return [Gate("macro_f1", True, f"{cand['test'].metrics['macro_f1']} vs champion {old}")]

    kind = dataclasses.replace(INTENT_KIND, evaluate=evaluate, gates=gates, gate_sets=None)
    monkeypatch.setattr(promote_module, "load_version", lambda kind, s, info: info.version)
    monkeypatch.setattr(promote_module, "not_in_repository", lambda *args: [])
    monkeypatch.setattr(gate_params, "gate", lambda *args: [])
    monkeypatch.setattr(data_lineage, "gate", lambda *args: [])
    release_file = tmp_path / "release.yaml"
    settings = PipelineSettings().model_copy(update={"release_file": release_file})
    return SimpleNamespace(kind=kind, settings=settings, evaluated=evaluated, file=release_file)


def _pin(path: Path, version: int) -> None:
    pin = yaml.safe_load((ROOT / "models" / "release.yaml").read_text())
    pin["model_version"] = version
    path.write_text(yaml.safe_dump(pin))


def _compare(stand_ins: Any, registry: Registry, candidate: int) -> Comparison:
    info = VersionInfo(name=NAME, version=candidate, run_id="r", tags={}, aliases=[])
    return compare(stand_ins.kind, stand_ins.settings, None, registry, info)  # type: ignore[arg-type]


def test_an_unshipped_champion_is_not_what_the_gate_compares_with(stand_ins: Any) -> None:
    _pin(stand_ins.file, 3)  # production serves v3; v5 was promoted and never shipped
    comparison = _compare(stand_ins, Registry([3, 5, 6], champion=5), candidate=6)
    assert stand_ins.evaluated == [6, 3]
    assert comparison.champion is not None
    assert comparison.champion.version == 3
    assert comparison.against == PINNED
    assert comparison.versus() == "pinned v3"
    assert comparison.gates[0].detail == "0.6 vs pinned v3 0.3"
    (warning,) = comparison.warnings
    assert "the registry's champion is v5" in warning
    assert "pins v3" in warning
    assert "compare v6 with the pinned v3" in warning


def test_when_alias_and_pin_agree_nothing_changes(stand_ins: Any) -> None:
    _pin(stand_ins.file, 5)
    comparison = _compare(stand_ins, Registry([3, 5, 6], champion=5), candidate=6)
    assert stand_ins.evaluated == [6, 5]
    assert comparison.against == CHAMPION
    assert comparison.versus() == "champion v5"
    assert comparison.gates[0].detail == "0.6 vs champion 0.5"
    assert comparison.warnings == []


def test_a_pinned_version_this_registry_lacks_is_only_warned_about(stand_ins: Any) -> None:
    _pin(stand_ins.file, 2)  # e.g. a registry rebuilt since: v2 is not in it
    comparison = _compare(stand_ins, Registry([3, 5, 6], champion=5), candidate=6)
    assert stand_ins.evaluated == [6, 5]
    assert comparison.against == CHAMPION
    (warning,) = comparison.warnings
    assert "pins v2" in warning
    assert "compare v6 with the champion v5" in warning


def test_promoting_the_pinned_version_back_compares_it_with_the_champion(stand_ins: Any) -> None:
    _pin(stand_ins.file, 3)
    comparison = _compare(stand_ins, Registry([3, 5], champion=5), candidate=3)
    assert stand_ins.evaluated == [3, 5]
    assert comparison.against == CHAMPION
    assert len(comparison.warnings) == 1
