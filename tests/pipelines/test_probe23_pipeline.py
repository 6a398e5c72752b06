"""The twenty-third independent tester (a data scientist re-testing probe 21): a gate set in
data/eval/ with mis-decoded or empty lines passed `dvc repro` (the validate stage does not read
data/eval when only it changed) and was then used to gate a promotion."""

from __future__ import annotations

from pipelines.data import Example, label_problems


def test_a_gate_set_with_empty_or_mis_decoded_lines_is_unfit() -> None:
    examples = [
        Example("agenda una reuniÃ³n con MarÃ­a", "schedule_meeting", "es", line=3),
        Example("   ", "yes", "es", line=4),
        Example("sí, agéndala", "yes", "es", line=5),
    ]
    problems = label_problems(examples, {"schedule_meeting", "yes"})
    assert problems == [
        "1 empty line(s) (line 4)",
        "1 line(s) of mis-decoded UTF-8 (re-read the source as UTF-8) (line 3)",
    ]


def test_a_clean_gate_set_is_fit() -> None:
    examples = [Example("¿qué hora es?", "time", "es", line=1)]
    assert label_problems(examples, {"time"}) == []
