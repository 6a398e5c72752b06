"""Typed view of ``params.yaml``.

The file is read as YAML 1.2 reads booleans (only ``true`` and ``false``), the way DVC reads and
rewrites it: ``dvc exp run -S train.C=5`` dumps the whole file again with ruamel (YAML 1.2),
which drops the quotes of ``"yes"`` and ``"no"`` (two intents), and a YAML 1.1 reader would then
get ``True`` and ``False``. A boolean where a string is expected (``- true`` among the intents)
is an error naming the key; ``yes``/``no``/``on``/``off`` for a boolean setting are read as one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from pipelines.errors import DataError


class ValidateParams(BaseModel):
    min_text_length: int = Field(1, ge=1)
    max_text_length: int = Field(300, ge=1)
    min_train_per_intent: int = Field(60, ge=1)
    min_eval_per_intent: int = Field(10, ge=1)
    max_class_share: float = Field(0.3, gt=0, le=1)
    # at most this many lines of one split (or gate set) may share one template (the line with
    # its numbers as one placeholder: ``pipelines.data.template_key``)
    max_template_lines: int = Field(20, ge=1)
    # the corpus' languages (a line's ``lang``) and the per-intent minimum in each of them
    languages: list[str] = Field(default_factory=lambda: ["en", "es"], min_length=1)
    min_train_per_intent_per_language: int = Field(20, ge=1)
    min_eval_per_intent_per_language: int = Field(10, ge=1)
    # at least this share of the lines holds a word of English's or Spanish's word lists
    # (wordfreq): garbage at scale, random strings however well labelled, fails the gate
    min_worded_share: float = Field(0.95, gt=0, le=1)


class TrainParams(BaseModel):
    seed: int = 42
    # the estimator fitted on the TF-IDF features; every family exports a linear layer
    family: Literal["logreg", "linear_svm", "sgd", "complement_nb"] = "logreg"
    word_ngram_max: int = Field(2, ge=1, le=3)
    char_ngram_min: int = Field(2, ge=1)
    char_ngram_max: int = Field(5, ge=1)
    # character n-grams inside each word ("char_wb") or along the text, across words ("char")
    char_analyzer: Literal["char_wb", "char"] = "char_wb"
    fold_digits: bool = False  # every digit read as 0
    punctuation: bool = False  # "?" and "!" kept as words
    min_df: int = Field(1, ge=1)
    C: float = Field(20.0, gt=0)
    max_iter: int = Field(3000, ge=10)
    class_weight: Literal["balanced"] | None = "balanced"
    threshold_grid_min: float = Field(0.05, ge=0, le=1)
    threshold_grid_max: float = Field(0.95, ge=0, le=1)
    threshold_grid_step: float = Field(0.01, gt=0, le=1)
    # None: the threshold alone maximises (in-scope accuracy + OOS recall) / 2 on val. A number:
    # the oos-logit bias and the threshold are chosen together to maximise the lowest in-scope
    # accuracy of any language, subject to OOS recall >= this floor in every language.
    oos_recall_floor: float | None = Field(None, ge=0, le=1)
    oos_bias_grid_min: float = -3.0
    oos_bias_grid_max: float = 3.0
    oos_bias_grid_step: float = Field(0.25, gt=0)

    @model_validator(mode="after")
    def _ranges(self) -> TrainParams:
        if self.char_ngram_min > self.char_ngram_max:
            raise ValueError("char_ngram_min must not exceed char_ngram_max")
        if self.threshold_grid_min > self.threshold_grid_max:
            raise ValueError("threshold_grid_min must not exceed threshold_grid_max")
        if self.oos_bias_grid_min > self.oos_bias_grid_max:
            raise ValueError("oos_bias_grid_min must not exceed oos_bias_grid_max")
        return self


class EvaluateParams(BaseModel):
    latency_repeats: int = Field(3, ge=1)


class TuneParams(BaseModel):
    trials: int = Field(20, ge=1)
    C_min: float = Field(0.5, gt=0)
    C_max: float = Field(100.0, gt=0)


class PromoteParams(BaseModel):
    tolerance_macro_f1: float = Field(0.005, ge=0)
    tolerance_in_scope_accuracy: float = Field(0.005, ge=0)
    min_oos_recall: float = Field(0.8, ge=0, le=1)
    max_latency_p95_ms: float = Field(2.0, gt=0)
    require_gx_success: bool = True
    required_lineage: list[str] = Field(default_factory=lambda: ["git_sha", "data_hash"])
    # an intent the champion does not know: its F1 on the test split, overall and in each
    # language, must reach this (None: its figures are shown, not gated)
    min_new_intent_f1: float | None = Field(None, ge=0, le=1)


class PathwaysParams(BaseModel):
    """The pathways data: simulation of learner behaviour and the GX gate's bounds."""

    simulate_profiles: int = Field(2000, ge=10)
    simulate_slate_size: int = Field(10, ge=2)
    simulate_seed: int = 7
    regions: list[str] = Field(
        default_factory=lambda: [
            "Lima",
            "Arequipa",
            "La Libertad",
            "Cusco",
            "Piura",
            "Junin",
            "Lambayeque",
        ]
    )
    max_course_hours: float = Field(400, gt=0)
    max_cost_pen: float = Field(10000, gt=0)


class RankerPromoteParams(BaseModel):
    tolerance_ndcg: float = Field(0.01, ge=0)  # candidate may be at most this much worse
    tolerance_hit_rate: float = Field(0.01, ge=0)
    min_lift_over_popularity: float = Field(0.0, ge=0)  # NDCG@k above the baseline by more
    max_latency_p95_ms: float = Field(20.0, gt=0)  # one full pathway (rank + path)
    require_gx_success: bool = True
    required_lineage: list[str] = Field(default_factory=lambda: ["git_sha", "data_hash"])


class RankerParams(BaseModel):
    seed: int = 42
    k: int = Field(3, ge=1)
    C_grid: list[float] = Field(default_factory=lambda: [0.01, 0.1, 1.0, 10.0])
    val_share: float = Field(0.15, gt=0, lt=0.5)
    test_share: float = Field(0.15, gt=0, lt=0.5)
    latency_repeats: int = Field(2, ge=1)
    promote: RankerPromoteParams = Field(default_factory=RankerPromoteParams)


class Params(BaseModel):
    intents: list[str]
    validate_: ValidateParams = Field(default_factory=ValidateParams, alias="validate")
    train: TrainParams = Field(default_factory=TrainParams)
    evaluate: EvaluateParams = Field(default_factory=EvaluateParams)
    tune: TuneParams = Field(default_factory=TuneParams)
    promote: PromoteParams = Field(default_factory=PromoteParams)
    pathways: PathwaysParams = Field(default_factory=PathwaysParams)
    ranker: RankerParams = Field(default_factory=RankerParams)

    @model_validator(mode="after")
    def _intents(self) -> Params:
        if "oos" not in self.intents:
            raise ValueError("intents must include 'oos'")
        if len(set(self.intents)) != len(self.intents):
            raise ValueError("intents must not repeat")
        return self


_BOOL = "tag:yaml.org,2002:bool"


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's booleans: ``yes``, ``no``, ``on``, ``off`` are
    strings (as for ruamel, hence DVC), only ``true``/``false`` (any case) are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(text: str) -> Any:
    """A YAML document read with YAML 1.2's booleans (see :class:`Yaml12Loader`)."""
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader


def _explain(exc: ValidationError) -> str:
    """One line per invalid value: its key, what was wrong and the value."""
    lines = []
    for err in exc.errors():
        key = ".".join(str(part) for part in err["loc"])
        value = err.get("input")
        hint = (
            ': a boolean where a string is expected; quote it ("yes")'
            if isinstance(value, bool) and err["type"] == "string_type"
            else ""
        )
        shown = f" (got {value!r})" if not isinstance(value, dict | list) else ""
        lines.append(f"  {key}: {err['msg']}{shown}{hint}")
    return "\n".join(lines)


def load_params(path: Path) -> Params:
    if not path.is_file():
        raise DataError(f"{path} not found: run slipway from the repository root")
    try:
        raw = read_yaml(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{path} is invalid: {exc}") from exc
    try:
        return Params.model_validate(raw)
    except ValidationError as exc:
        raise DataError(f"{path} is invalid:\n{_explain(exc)}") from exc


def write_values(path: Path, section: str, values: dict[str, int]) -> None:
    """Set ``section.KEY: value`` in ``path`` line by line, keeping every comment and every
    other line as written (a key missing from the section is added at its top; a section
    missing from the file at its end). Read back afterwards: a file this cannot edit is an
    error, never a value written elsewhere."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head = next((i for i, line in enumerate(lines) if line.rstrip() == f"{section}:"), None)
    if head is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += [f"\n{section}:\n", *(f"  {k}: {v}\n" for k, v in values.items())]
    else:
        end = next(
            (i for i in range(head + 1, len(lines)) if re.match(r"[^\s#]", lines[i])),
            len(lines),
        )
        content = [line for line in lines[head + 1 : end] if line.strip()[:1] not in ("", "#")]
        indent = re.match(r"\s*", content[0])[0] if content else "  "  # type: ignore[index]
        for key, value in values.items():
            pattern = re.compile(rf"^({indent}{re.escape(key)}:[ \t]*)([^#\n]*?)([ \t]*(#.*)?\n?)$")
            found = [i for i in range(head + 1, end) if pattern.match(lines[i])]
            if found:
                m = pattern.match(lines[found[0]])
                assert m is not None
                lines[found[0]] = f"{m[1]}{value}{m[3]}"
            else:
                lines.insert(head + 1, f"{indent}{key}: {value}\n")
                end += 1
    text = "".join(lines)
    read = (read_yaml(text) or {}).get(section) or {}
    wrong = {k: v for k, v in values.items() if read.get(k) != v}
    if wrong:
        raise DataError(
            f"{path}: could not set {', '.join(f'{section}.{k}' for k in wrong)} (an unusual "
            "layout): set it by hand"
        )
    path.write_text(text, encoding="utf-8")
