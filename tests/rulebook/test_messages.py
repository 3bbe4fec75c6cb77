"""Messages people read: a first sentence that stands alone, then the effect and a short fix.

Editors, review annotations and CI logs often show only the start of a message,
so its first sentence (up to the first ". ") says what fails, where (the call or
the import) and on which release.  The rest is short: the exception it raises and
the fix in a few words.  The whole why and the full fix are the rule's ``why`` and
``fix``, which ``--help-msg``, ``hubcompat explain`` and the docs show.
"""

from __future__ import annotations

import re

import pytest

from pylint_hubcompat.rulebook.loading import PLACEHOLDERS, Rule, builtin_rules
from tests.lint import lint_snippet
from tests.rulebook.test_rule_examples import _project, _spells_the_api

RULES = builtin_rules()
#: A version as a message names it: ``tensorflow 2.15.1 (...)``, ``tensorflow-hub 0.14.0-0.15.0 admitted by ...``;
#: a rule that holds whatever the versions says so.
VERSION = re.compile(
    r"\b(?:tensorflow|tensorflow-hub|tensorflow-text|tf-keras|keras|setuptools) \d+\.\d+|\bany TensorFlow\b"
)
#: The rule's own words in a message (its placeholders' values left out, the notes that hold counted):
#: about two lines of an editor's hover.
OWN_WORDS = 320
#: The same with any one of its notes, the longest case a user can meet.
WITH_ANY_NOTE = 450
#: The first sentence's own words (with the call, the handle and the versions it names, it fills a line or two).
FIRST_SENTENCE = 140


def own_length(rule: Rule, text: str) -> int:
    """How much of ``text`` is the rule's own words: the template without its placeholders, and the notes added."""
    words = len(rule.message.format(**dict.fromkeys(PLACEHOLDERS, "")).replace("  ", " ").strip())
    return words + sum(len(note.text) + 1 for note in rule.notes if note.text in text)


@pytest.fixture(scope="module", params=RULES, ids=[r.symbol for r in RULES])
def linted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Rule, str]:
    """A rule and the message its bad example raises."""
    rule: Rule = request.param
    project = _project(tmp_path_factory.mktemp(rule.symbol), rule.example_target, rule.example_locked)
    [(symbol, _, text)] = lint_snippet(project, rule.bad)
    assert symbol == rule.symbol
    return rule, text


def first_sentence(text: str) -> str:
    return text.split(". ", 1)[0]


def test_the_first_sentence_names_the_call_or_the_import(linted: tuple[Rule, str]) -> None:
    rule, text = linted
    assert _spells_the_api(rule, first_sentence(text)), text


def test_the_first_sentence_names_the_release(linted: tuple[Rule, str]) -> None:
    _, text = linted
    assert VERSION.search(first_sentence(text)), text


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_the_first_sentence_is_short_and_the_effect_and_fix_come_after_it(rule: Rule) -> None:
    """The effect and the fix are not crammed into the first sentence: it ends early, and something follows."""
    first, _, rest = rule.message.partition(". ")
    assert len(first.format(**dict.fromkeys(PLACEHOLDERS, ""))) <= FIRST_SENTENCE, first
    assert rest or rule.notes, rule.message


def test_the_rest_is_short(linted: tuple[Rule, str]) -> None:
    rule, text = linted
    assert own_length(rule, text) <= OWN_WORDS, (own_length(rule, text), text)


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_any_note_keeps_it_short(rule: Rule) -> None:
    for note in rule.notes:
        assert own_length(rule, note.text) <= WITH_ANY_NOTE, note.text


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_the_whole_why_and_fix_are_in_the_help(rule: Rule) -> None:
    """What the message leaves out is one ``--help-msg`` (and ``explain``, and the docs) away."""
    assert rule.why in rule.help_text() and rule.fix in rule.help_text()


def test_the_templates_are_short() -> None:
    """The shipped rules' own words without notes: none over 300 characters, and on average well under."""
    lengths = [len(r.message.format(**dict.fromkeys(PLACEHOLDERS, ""))) for r in RULES]
    assert max(lengths) <= 300
    assert sum(lengths) / len(lengths) < 220
