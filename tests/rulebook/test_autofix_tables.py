"""A rule's ``[rule.autofix]`` table: a malformed one stops the load with the rule and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat.rulebook.loading import RuleError, load_rules

RULE = '''
[[rule]]
id = "W7190"
symbol = "team-example"
category = "warning"
message = "{call} is not for us"
why = "why"
fix = "fix"
source = "our wiki"
when = { call = "tensorflow_hub.load" }

[rule.example]
bad = """
import tensorflow_hub as hub
hub.load("x")
"""
good = """
import tensorflow_hub as hub
"""
'''


def load(tmp_path: Path, extra: str) -> tuple:
    path = tmp_path / "team.toml"
    path.write_text(RULE + extra, encoding="utf-8")
    return load_rules([path])


def test_a_fix_has_a_fixer_a_level_a_title_and_a_reason(tmp_path: Path) -> None:
    [rule] = load(
        tmp_path,
        '[rule.autofix]\nfixer = "tf2-successor"\nsafety = "unsafe"\ntitle = "Use it"\nwhy = "another model"\n',
    )
    assert rule.autofix is not None and (rule.autofix.fixer, rule.autofix.safety) == ("tf2-successor", "unsafe")


def test_none_says_why_there_is_no_fix(tmp_path: Path) -> None:
    [rule] = load(tmp_path, '[rule.autofix]\nnone = "needs a redesign"\n')
    assert (rule.autofix, rule.no_fix) == (None, "needs a redesign")


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            '[rule.autofix]\nfixer = "x-y"\nsafety = "maybe"\ntitle = "t"\nwhy = "w"\n',
            "key 'autofix.safety': must be one of safe, unsafe",
        ),
        ('[rule.autofix]\nfixer = "x-y"\nsafety = "safe"\ntitle = "t"\n', "key 'autofix.why': missing"),
        (
            '[rule.autofix]\nfixer = "X Y"\nsafety = "safe"\ntitle = "t"\nwhy = "w"\n',
            "key 'autofix.fixer': must be a fixer name",
        ),
        ('[rule.autofix]\nnone = "n"\nsafety = "safe"\n', "key 'autofix.none': says there is no fix"),
        ('[rule.autofix]\nfixr = "x"\n', "key 'autofix.fixr': unknown key"),
        ("autofix = 3\n", "key 'autofix': must be a table"),
    ],
)
def test_a_malformed_table_names_the_rule_and_the_key(tmp_path: Path, table: str, problem: str) -> None:
    extra = table if table.startswith("[") else ""
    text = RULE.replace('source = "our wiki"\n', 'source = "our wiki"\n' + table) if not extra else RULE + extra
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="rule 'team-example': " + problem.replace("(", r"\(")):
        load_rules([path])


def test_a_fixed_example_needs_a_fix(tmp_path: Path) -> None:
    text = RULE.replace('good = """', 'fixed = """\nimport tensorflow_hub as hub\n"""\ngood = """')
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="example.fixed': shows a fix, but the rule has no"):
        load_rules([path])


def test_a_team_rule_naming_an_unknown_fixer_stops_the_plugin_with_that_named(tmp_path: Path) -> None:
    from pylint_hubcompat.plugin.user_rules import check_fixers

    rules = load(tmp_path, '[rule.autofix]\nfixer = "our-own"\nsafety = "safe"\ntitle = "t"\nwhy = "w"\n')
    with pytest.raises(RuleError, match="key 'autofix.fixer': no fixer 'our-own' \\(known: "):
        check_fixers(rules)
