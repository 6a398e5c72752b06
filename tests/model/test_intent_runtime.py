"""The NumPy runtime of the intent model: features, parity with scikit-learn, storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.intent import (
    OOS_LABEL,
    FeatureConfig,
    IntentModel,
    analyze,
    apply_threshold,
    directory_digest,
    normalize,
)


def test_normalize_strips_accents_case_and_space() -> None:
    assert normalize("  ¿Qué  HORA es?\t") == "¿que hora es?"


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\U000e0041"],
    ids=["zwsp", "zwj", "word-joiner", "bom", "rlo", "tag-a"],
)
def test_normalize_drops_invisible_characters(hidden: str) -> None:
    """Probe 37: the gate refuses invisible characters in data and the app strips them from
    messages; the model read "re<ZWSP>mind" as another word than "remind"."""
    typed = f"Re{hidden}mind me to call{hidden} mamá"
    assert normalize(typed) == "remind me to call mama"
    assert analyze(typed, FeatureConfig()) == analyze("remind me to call mama", FeatureConfig())


def test_analyze_emits_word_and_char_ngrams() -> None:
    tokens = analyze(
        "Set a timer", FeatureConfig(word_ngram_max=2, char_ngram_min=3, char_ngram_max=3)
    )
    assert "w:set" in tokens
    assert "w:set a" in tokens
    assert "w:a timer" in tokens
    assert "c: ti" in tokens
    assert "c:er " in tokens


def test_empty_text_has_no_tokens() -> None:
    assert analyze("  !!! ", FeatureConfig()) == []


FAMILIES = ["logreg", "linear_svm", "sgd", "complement_nb"]


@pytest.mark.slow  # trains its own model
@pytest.mark.parametrize("family", FAMILIES)
def test_runtime_matches_sklearn(family: str, splits, params) -> None:  # type: ignore[no-untyped-def]
    """Every family's decision values (and its probabilities, where scikit-learn has them at
    temperature 1) are reproduced by the NumPy runtime."""
    from pipelines.intent.train import fit, to_intent_model

    p = params.train.model_copy(update={"family": family})
    # equivalence, not accuracy, is the point: every sixth training line (each intent keeps
    # dozens) trains logreg, the slowest family, in 15 s of CPU instead of 31 s (every third)
    train = splits["train"][::6]
    assert {e.intent for e in train} == {e.intent for e in splits["train"]}
    vectorizer, clf, fc = fit(train, p)
    model = to_intent_model(vectorizer, clf, fc)
    texts = [e.text for e in splits["test"][:80]] + ["", "zzzz qqqq"]
    x = vectorizer.transform(texts)
    if (
        family == "complement_nb"
    ):  # its joint log-likelihood (ComplementNB has no decision_function)
        expected_logits = x @ clf.feature_log_prob_.T
    else:
        expected_logits = clf.decision_function(x)
    got_logits = np.vstack([model.logits(t) for t in texts])
    np.testing.assert_allclose(got_logits, expected_logits, rtol=1e-7, atol=1e-9)
    if family == "logreg":
        expected = clf.predict_proba(x)
        got = np.vstack([model.predict_proba(t) for t in texts])
        np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


def test_save_load_roundtrip_is_byte_identical(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model, _, folder = trained
    again = IntentModel.load(folder)
    again.save(tmp_path / "copy")
    assert directory_digest(tmp_path / "copy") == directory_digest(folder)
    text = "remind me to call Rosa at 6pm"
    assert again.predict(text) == model.predict(text)


def test_load_rejects_a_folder_without_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"model\.json"):
        IntentModel.load(tmp_path)


def test_low_confidence_becomes_oos() -> None:
    labels = ["greeting", OOS_LABEL]
    proba = np.array([[0.55, 0.45], [0.9, 0.1], [0.2, 0.8]])
    assert apply_threshold(proba, labels, 0.6) == [OOS_LABEL, "greeting", OOS_LABEL]


def test_char_analyzer_spans_words_only_when_asked() -> None:
    inside = analyze("set a", FeatureConfig(word_ngram_max=1, char_ngram_min=3, char_ngram_max=3))
    across = analyze(
        "set a",
        FeatureConfig(word_ngram_max=1, char_ngram_min=3, char_ngram_max=3, char_analyzer="char"),
    )
    assert "c:t a" not in inside
    assert "c: a " in inside  # the padded one-letter word
    assert "c:t a" in across
    assert "c: se" in across
    assert "c: a " in across  # padded at the text's ends
    assert analyze("  !!! ", FeatureConfig(char_analyzer="char")) == []
    with pytest.raises(ValueError, match="char_analyzer"):
        FeatureConfig(char_analyzer="word")


def _tiny_model(oos_bias: float = 0.0, threshold: float = 0.0) -> IntentModel:
    labels = ["greeting", OOS_LABEL]
    return IntentModel(
        labels=labels,
        vocabulary={"w:hi": 0, "w:flight": 1},
        idf=np.ones(2),
        coef_t=np.array([[2.0, 0.0], [0.0, 2.0]]),
        intercept=np.zeros(2),
        features=FeatureConfig(word_ngram_max=1, char_ngram_min=9, char_ngram_max=9),
        threshold=threshold,
        oos_bias=oos_bias,
    )


def test_oos_bias_shifts_the_oos_logit_after_scaling() -> None:
    from models.intent import softmax_rows

    plain, biased = _tiny_model(), _tiny_model(oos_bias=2.5)
    assert plain.predict("hi").intent == "greeting"
    assert biased.predict("hi").intent == OOS_LABEL  # 2.0 < 0.0 + 2.5
    assert biased.predict("hi").top_intent == OOS_LABEL
    # the training code's vectorised rule gives the runtime's probabilities
    texts = ["hi", "flight", "hi flight", ""]
    logits = np.vstack([biased.logits(t) for t in texts])
    rows = softmax_rows(logits, biased.temperature, oos_bias=2.5, oos_index=1)
    np.testing.assert_allclose(rows, np.vstack([biased.predict_proba(t) for t in texts]))


def test_oos_bias_is_saved_and_a_model_without_one_loads(tmp_path: Path) -> None:
    import json

    _tiny_model(oos_bias=1.25, threshold=0.3).save(tmp_path / "m")
    assert IntentModel.load(tmp_path / "m").oos_bias == 1.25
    spec = json.loads((tmp_path / "m" / "model.json").read_text())
    del spec["oos_bias"]
    del spec["features"]["char_analyzer"]  # a model saved before either existed
    (tmp_path / "m" / "model.json").write_text(json.dumps(spec))
    old = IntentModel.load(tmp_path / "m")
    assert old.oos_bias == 0.0
    assert old.features.char_analyzer == "char_wb"
    assert old.predict("hi").intent == "greeting"


def test_digits_fold_and_question_marks_are_words_only_when_asked() -> None:
    plain = FeatureConfig(word_ngram_max=1, char_ngram_min=9, char_ngram_max=9)
    folded = FeatureConfig(
        word_ngram_max=1, char_ngram_min=9, char_ngram_max=9, fold_digits=True, punctuation=True
    )
    assert analyze("at 7pm?", plain) == ["w:at", "w:7pm"]
    assert analyze("at 7pm?", folded) == ["w:at", "w:0pm", "w:?"]
    assert analyze("¿Qué?!", folded) == ["w:que", "w:?", "w:!"]
    assert analyze("at 5pm", folded) == analyze("at 7pm", folded)
