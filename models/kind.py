"""What a registered model kind is, for everyone who serves it.

One :class:`ModelKind` per kind of model Slipway registers, promotes, pins and serves: its
registered name and the names users type, where its pin sits in ``models/release.yaml``, the
artifact folder its MLflow pyfunc keeps the files in, and the runtime class that loads them.
The pipeline's part of a kind (stages, gates, pin metrics, pyfunc logging) is in
``pipelines/kinds.py``. This module imports no model code until a model is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from models.intent import IntentModel
    from models.ranker import Ranker

M = TypeVar("M")
DEFAULT_PROMPT_VERSION = "v1"  # what an intent pin written before prompts were versioned serves
#: the logged model's config key naming its pyfunc class (``models/logged_model.py``)
PYFUNC_KEY = "pyfunc"


@dataclass(frozen=True)
class ModelKind(Generic[M]):
    """One registered model kind, as the app and the release pin see it."""

    name: str
    registered_name: str  # the default registered model name in MLflow
    aliases: tuple[str, ...]  # what users type for it (`slipway promote --model pathways`)
    description: str  # how messages name it ("intent model", "pathway ranker")
    artifact_dir: str  # the pyfunc artifact holding the model files
    marker: str  # the file that makes a folder a bare model folder of this kind
    load: Callable[[Path], M]  # the runtime: a model folder → the loaded model
    pin_section: str | None = None  # None: the top level of the pin file
    pin_defaults: tuple[tuple[str, str], ...] = ()  # pin fields a model promotion keeps
    optional: bool = False  # the app serves without it
    baked_setting: str | None = None  # the app setting naming a folder baked into the image

    def named(self, name: str | None) -> bool:
        """Whether ``name`` (a `--model` value) designates this kind."""
        return name is not None and (name == self.name or name in self.aliases)


def _load_intent(folder: Path) -> IntentModel:
    from models.intent import IntentModel

    return IntentModel.load(folder)


def _load_ranker(folder: Path) -> Ranker:
    from models.ranker import Ranker

    return Ranker.load(folder)


INTENT: ModelKind[IntentModel] = ModelKind(
    name="intent",
    registered_name="slipway-intent",
    aliases=("intent",),
    description="intent model",
    artifact_dir="intent_model",
    marker="model.json",
    load=_load_intent,
    pin_defaults=(("prompt_version", DEFAULT_PROMPT_VERSION),),
    baked_setting="model_path",
)
RANKER: ModelKind[Ranker] = ModelKind(
    name="ranker",
    registered_name="slipway-ranker",
    aliases=("pathways", "ranker"),
    description="pathway ranker",
    artifact_dir="ranker_model",
    marker="ranker.json",
    load=_load_ranker,
    pin_section="ranker",
    optional=True,
    baked_setting="ranker_path",
)


def pyfunc_class(spec: str) -> type:
    """The class a kind's pyfunc is named by: ``spec`` is ``module:Class``."""
    module, _, name = spec.partition(":")
    if not module or not name:
        raise ValueError(f"a pyfunc is named as 'module:Class', not {spec!r}")
    found = getattr(import_module(module), name, None)
    if not isinstance(found, type):
        raise TypeError(f"{spec!r} names no class")
    return found
