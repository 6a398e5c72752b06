"""First names that are also words ("Grace" and a grace period, "Will" and "will", "Luz" and la
luz, "Julio" and julio) in the feedback export's stand-ins (``pipelines.pseudonyms``).

A held-out set written apart from the code (``data/privacy-eval/names-words.jsonl``, stop 49)
found a third of its named lines leaving with the name: such a word was read as the word wherever
it opened a sentence, and a person doing something was known only by a short list of verbs right
after them. Now: a name-word with a capital inside a sentence is a name (a month only in
Spanish, unless said as a date); opening one it holds the message back unless what follows makes
it the word; where a person works may come between them and the verb ("Grace from accounting
said"); the subject of a question's helping verb is someone ("Did Will say…")."""

from __future__ import annotations

import pytest

from pipelines.pseudonyms import Pseudonymizer


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hope from payroll said the bonus comes in March", "en"),
        ("Did Mark tell you about the new shift?", "en"),
        ("Has Drew sent the slides yet?", "en"),
        ("Joy is out today, move our 1:1 to Friday", "en"),
        ("Consuelo de recursos humanos dijo que falta mi DNI", "es"),
        ("Soledad trabaja conmigo en el turno de noche", "es"),
        ("¿Estrella ya tiene el informe?", "es"),
        ("april texted me about the party", "en"),
        ("hay una charla de la Cruz Roja en la sede", "es"),  # a thing, or "la Rosa me dijo"
    ],
)
def test_a_name_word_that_may_be_someone_holds_the_message_back(
    names: Pseudonymizer, text: str, lang: str
) -> None:
    said = names(text, lang)
    assert (said.text, said.unsure) == (text, True)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("send the minutes to Hope and cc Mark", "en", "Hope"),
        ("I need to talk with Frank before the review", "en", "Frank"),
        ("pregúntale a Consuelo si ya firmó", "es", "Consuelo"),
        ("¿Ya llegó Julio a la oficina?", "es", "Julio"),
    ],
)
def test_a_name_word_with_a_capital_inside_a_sentence_leaves_as_a_stand_in(
    names: Pseudonymizer, text: str, lang: str, name: str
) -> None:
    said = names(text, lang)
    assert not said.unsure
    assert said.names >= 1
    assert name not in said.text.split()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Will you remind me to pay the bill tomorrow?", "en"),
        ("May I move my class to June 3?", "en"),
        ("Mark the Excel task as done", "en"),
        ("Hope this is the right place to ask about certificates", "en"),
        ("April 12 at 9am: interview at the bank", "en"),
        ("the April report is due in May", "en"),
        ("Julio 28 es feriado, ¿abren la sede?", "es"),
        ("mi curso empieza el 3 de Abril", "es"),
        ("no hay luz en la oficina, ¿puedo trabajar desde casa?", "es"),
    ],
)
def test_a_name_word_that_is_the_word_stays(names: Pseudonymizer, text: str, lang: str) -> None:
    said = names(text, lang)
    assert (said.text, said.names, said.unsure) == (text, 0, False)


def test_a_capital_after_a_helping_verb_that_is_no_one_stays(names: Pseudonymizer) -> None:
    for text in ("Can I say no to a meeting?", "Does Excel need a license?", "Is Monday free?"):
        said = names(text, "en")
        assert (said.text, said.unsure) == (text, False), text
