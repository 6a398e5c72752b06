"""The intent classifier's runtime: features, calibrated scoring, the out-of-scope rule, storage.

Training (in ``pipelines/intent/train.py``) fits the weights with scikit-learn; this module owns
everything needed to *use* them, with NumPy only, so the serving image needs no scikit-learn
and a single prediction stays far below a millisecond.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

OOS_LABEL = "oos"
FORMAT_VERSION = 1
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD_PUNCT_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
_DIGIT_RE = re.compile(r"[0-9]")
CHAR_ANALYZERS = ("char_wb", "char")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes tokens; stored with the model so training and serving agree."""

    word_ngram_max: int = 2
    char_ngram_min: int = 2
    char_ngram_max: int = 5
    # "char_wb": character n-grams inside each word (padded with a space on each side);
    # "char": over the whole normalised text, so they also span word pairs ("e me", "o my")
    char_analyzer: str = "char_wb"
    # every digit read as 0 ("5pm" and "7pm" share their n-grams)
    fold_digits: bool = False
    # "?" and "!" kept as words (a bare "huh?" or "¿qué?" is a question)
    punctuation: bool = False

    def __post_init__(self) -> None:
        if self.char_analyzer not in CHAR_ANALYZERS:
            raise ValueError(f"char_analyzer must be one of {CHAR_ANALYZERS}")

    def to_dict(self) -> dict[str, int | str | bool]:
        return {
            "word_ngram_max": self.word_ngram_max,
            "char_ngram_min": self.char_ngram_min,
            "char_ngram_max": self.char_ngram_max,
            "char_analyzer": self.char_analyzer,
            "fold_digits": self.fold_digits,
            "punctuation": self.punctuation,
        }


def normalize(text: str) -> str:
    """Lower-case, strip accents and the characters nobody sees (format characters: zero-width
    spaces and joiners, bidi marks, tag characters), collapse whitespace. The data gate refuses
    lines holding invisible characters and the app reads messages without them; the model drops
    them too, so a caller that sends them (``mlflow models serve``) is read as the text shown."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and (ch.isascii() or unicodedata.category(ch) != "Cf")
    )
    return " ".join(stripped.split())


def analyze(text: str, config: FeatureConfig) -> list[str]:
    """Word n-grams plus character n-grams (robust to typos) of the normalised words.

    The character n-grams are taken inside each space-padded word (``char_wb``) or along the
    space-joined words, padded at both ends (``char``), where they also span word boundaries.
    With ``fold_digits`` every digit reads as 0; with ``punctuation`` "?" and "!" are words.
    """
    norm = normalize(text)
    if config.fold_digits:
        norm = _DIGIT_RE.sub("0", norm)
    words = (_WORD_PUNCT_RE if config.punctuation else _WORD_RE).findall(norm)
    tokens: list[str] = []
    for n in range(1, config.word_ngram_max + 1):
        tokens.extend("w:" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    lo, hi = config.char_ngram_min, config.char_ngram_max
    spans = [f" {w} " for w in words]
    if config.char_analyzer == "char" and words:
        spans = [" " + " ".join(words) + " "]
    for padded in spans:
        for n in range(lo, hi + 1):
            if n > len(padded):
                break
            tokens.extend("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return tokens


@dataclass(frozen=True)
class Prediction:
    """One classified utterance: ``intent`` after the out-of-scope rule, ``top_intent`` before."""

    intent: str
    confidence: float
    top_intent: str


@dataclass
class IntentModel:
    """A linear classifier over sublinear TF-IDF features with temperature-scaled softmax.

    The out-of-scope rule has two parts, both chosen on val by training: ``oos_bias`` is added to
    the ``oos`` logit after temperature scaling (so ``oos`` wins the argmax more or less often),
    then an in-scope prediction whose calibrated confidence is below ``threshold`` becomes
    ``oos``. A model saved before the bias existed loads with a bias of 0 (the same rule).
    """

    labels: list[str]
    vocabulary: dict[str, int]
    idf: FloatArray
    coef_t: FloatArray  # (n_features, n_labels)
    intercept: FloatArray  # (n_labels,)
    features: FeatureConfig = field(default_factory=FeatureConfig)
    temperature: float = 1.0
    threshold: float = 0.0
    oos_bias: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if OOS_LABEL not in self.labels:
            raise ValueError(f"the label set must contain {OOS_LABEL!r}")
        self._oos_index = self.labels.index(OOS_LABEL)

    # -- scoring -------------------------------------------------------------------------
    def _vector(self, text: str) -> tuple[npt.NDArray[np.intp], FloatArray]:
        # counted in C (map + Counter), the tokens outside the vocabulary then dropped as one key
        counts = Counter(map(self.vocabulary.get, analyze(text, self.features)))
        counts.pop(None, None)
        if not counts:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float64)
        idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[idx]
        values /= math.sqrt(float(values @ values))
        return idx, values

    def logits(self, text: str) -> FloatArray:
        """Raw decision values, before temperature scaling."""
        idx, values = self._vector(text)
        if idx.size == 0:
            return self.intercept.copy()
        out: FloatArray = values @ self.coef_t[idx] + self.intercept
        return out

    def predict_proba(self, text: str) -> FloatArray:
        """Calibrated class probabilities, in ``labels`` order."""
        z = self.logits(text) / self.temperature
        z[self._oos_index] += self.oos_bias
        z -= z.max()
        p: FloatArray = np.exp(z)
        p /= p.sum()
        return p

    def predict(self, text: str) -> Prediction:
        """Classify one utterance; low confidence becomes out-of-scope."""
        proba = self.predict_proba(text)
        best = int(proba.argmax())
        confidence = float(proba[best])
        top = self.labels[best]
        if best != self._oos_index and confidence < self.threshold:
            return Prediction(OOS_LABEL, confidence, top)
        return Prediction(top, confidence, top)

    def predict_many(self, texts: Iterable[str]) -> list[Prediction]:
        return [self.predict(t) for t in texts]

    # -- storage -------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the model as JSON plus ``.npy`` arrays: byte-identical for identical weights."""
        directory.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        spec = {
            "format_version": FORMAT_VERSION,
            "labels": self.labels,
            "features": self.features.to_dict(),
            "temperature": self.temperature,
            "threshold": self.threshold,
            "oos_bias": self.oos_bias,
            "metadata": self.metadata,
            "vocabulary": vocab,
        }
        (directory / "model.json").write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n")
        for name in ("idf", "coef_t", "intercept"):
            np.save(directory / f"{name}.npy", np.ascontiguousarray(getattr(self, name)))

    @classmethod
    def load(cls, directory: Path) -> IntentModel:
        spec_path = directory / "model.json"
        if not spec_path.is_file():
            raise FileNotFoundError(f"no intent model at {directory} (model.json missing)")
        spec = json.loads(spec_path.read_text())
        if spec.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported model format {spec.get('format_version')!r}")
        arrays = {n: np.load(directory / f"{n}.npy") for n in ("idf", "coef_t", "intercept")}
        return cls(
            labels=list(spec["labels"]),
            vocabulary={tok: i for i, tok in enumerate(spec["vocabulary"])},
            idf=arrays["idf"].astype(np.float64),
            coef_t=arrays["coef_t"].astype(np.float64),
            intercept=arrays["intercept"].astype(np.float64),
            features=FeatureConfig(**spec["features"]),
            temperature=float(spec["temperature"]),
            threshold=float(spec["threshold"]),
            oos_bias=float(spec.get("oos_bias", 0.0)),
            metadata=dict(spec.get("metadata", {})),
        )


def directory_digest(directory: Path) -> str:
    """A sha256 over the files of a saved model, so a pin can name exact weights."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def softmax_rows(
    z: FloatArray, temperature: float, *, oos_bias: float = 0.0, oos_index: int = -1
) -> FloatArray:
    """Row-wise softmax of decision values at a temperature (used by calibration), with
    ``oos_bias`` added to column ``oos_index`` after scaling, as ``IntentModel`` does."""
    s = z / temperature
    if oos_bias:
        s[:, oos_index] += oos_bias
    s = s - s.max(axis=1, keepdims=True)
    e: FloatArray = np.exp(s)
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def apply_threshold(proba: FloatArray, labels: Sequence[str], threshold: float) -> list[str]:
    """Vectorised out-of-scope rule over a probability matrix."""
    oos = labels.index(OOS_LABEL)
    best = proba.argmax(axis=1)
    conf = proba[np.arange(len(best)), best]
    return [
        OOS_LABEL if (b != oos and c < threshold) else labels[b]
        for b, c in zip(best, conf, strict=True)
    ]
