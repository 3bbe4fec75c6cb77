"""Rule files are validated at load: a broken rule names its file, rule and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pylint_hubcompat.rulebook import matrix, proofs as rule_proofs
from pylint_hubcompat.rulebook.loading import Rule, RuleError, builtin_rules, load_rules

VALID = '''
[[rule]]
id = "E9901"
symbol = "team-no-load"
category = "error"
message = "{call}() is banned here ({tf})"
why = "Our serving stack cannot load models at import time."
fix = "Load models in the serving entry point."
source = "team policy"

[rule.when]
call = "tensorflow_hub.load"
tensorflow = ">=2"

[rule.example]
bad = "import tensorflow_hub as hub\\nhub.load('x')"
good = "import tensorflow_hub as hub"
'''


def write(tmp_path: Path, text: str, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(RuleError) as info:
        load_rules([write(tmp_path, text)])
    return str(info.value)


def test_a_valid_rule_loads(tmp_path: Path) -> None:
    (rule,) = load_rules([write(tmp_path, VALID)])
    (alternative,) = rule.alternatives
    assert (rule.id, rule.symbol, alternative.selector, alternative.names) == (
        "E9901", "team-no-load", "call", ("tensorflow_hub.load",)
    )


def test_unknown_key_is_named_with_file_and_rule(tmp_path: Path) -> None:
    message = error_of(tmp_path, VALID.replace('source = "team policy"', 'source = "team policy"\nseverity = "high"'))
    assert "team.toml: rule 'team-no-load': key 'severity': unknown key" in message


def test_missing_field(tmp_path: Path) -> None:
    assert "key 'why': missing" in error_of(tmp_path, VALID.replace('why = "Our serving stack cannot load models at import time."\n', ""))


def test_rule_without_good_example_does_not_load(tmp_path: Path) -> None:
    assert "key 'example.good'" in error_of(tmp_path, VALID.replace('good = "import tensorflow_hub as hub"\n', ""))


def test_bad_specifier(tmp_path: Path) -> None:
    message = error_of(tmp_path, VALID.replace('tensorflow = ">=2"', 'tensorflow = "> = two"'))
    assert "key 'when.tensorflow': invalid version specifier '> = two'" in message


def test_bad_specifier_of_an_example_target(tmp_path: Path) -> None:
    text = VALID.replace("[rule.example]", '[rule.example]\ntarget = { tensorflow = "2.x" }')
    assert "key 'example.target.tensorflow': invalid version specifier '2.x'" in error_of(tmp_path, text)


def test_shipped_rules_have_valid_specifiers() -> None:
    """pylint loads the shipped rules without compiling their specifiers (see builtin_rules): this does."""
    paths = sorted({Path(rule.path) for rule in builtin_rules()})
    assert load_rules(paths, check_versions=True) == builtin_rules()


def test_unknown_condition(tmp_path: Path) -> None:
    assert "key 'when.colour': unknown condition" in error_of(tmp_path, VALID.replace('tensorflow = ">=2"', 'colour = "red"'))


def test_bad_fact_value(tmp_path: Path) -> None:
    message = error_of(tmp_path, VALID.replace('tensorflow = ">=2"', 'format = "onnx"'))
    assert "key 'when.format': 'onnx' is not a value of this fact" in message


def test_unknown_placeholder(tmp_path: Path) -> None:
    assert "unknown placeholder {version}" in error_of(tmp_path, VALID.replace("({tf})", "({version})"))


def test_symbols_with_digits_are_refused(tmp_path: Path) -> None:
    assert "key 'symbol'" in error_of(tmp_path, VALID.replace("team-no-load", "team-no-load-keras3"))


def test_id_letter_must_match_category(tmp_path: Path) -> None:
    assert "key 'id'" in error_of(tmp_path, VALID.replace('id = "E9901"', 'id = "W9901"'))


def test_duplicate_symbol_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "a.toml")
    second = write(tmp_path, VALID.replace("E9901", "E9902"), "b.toml")
    with pytest.raises(RuleError, match="duplicate symbol 'team-no-load'"):
        load_rules([first, second])


def test_user_rules_cannot_reuse_builtin_ids(tmp_path: Path) -> None:
    clash = write(tmp_path, VALID.replace("E9901", builtin_rules()[0].id))
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules([clash], known=builtin_rules())


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    assert error_of(tmp_path, "[[rule]\nid = ").startswith(f"{tmp_path / 'team.toml'}: invalid TOML")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read"):
        load_rules([tmp_path / "missing.toml"])


def test_matrix_cells_are_only_read_from_the_shipped_matrix(tmp_path: Path) -> None:
    assert "key 'cell': unknown top-level key" in error_of(tmp_path, '[[cell]]\nformat = "tf1-hub"\n')


def test_citing_an_unknown_matrix_cell(tmp_path: Path) -> None:
    message = error_of(tmp_path, VALID.replace('source = "team policy"', 'source = "team policy"\nmatrix = "onnx/load/tf2"'))
    assert "key 'matrix': no matrix cell 'onnx/load/tf2'" in message


def test_a_rule_citing_a_cell_inherits_its_conditions() -> None:
    finetune = next(r for r in builtin_rules() if r.symbol == "hub-legacy-finetune")
    assert finetune.matrix_cell == "tf1-hub/finetune/tf2"
    (alternative,) = finetune.alternatives
    assert ("format", ("tf1-hub",)) in alternative.condition.facts
    assert ("operation", ("finetune",)) in alternative.condition.facts


def test_every_unsupported_or_partial_cell_has_a_rule() -> None:
    cited = {r.matrix_cell for r in builtin_rules()}
    uncovered = [c.name for c in matrix.cells() if c.support != "supported" and c.name not in cited]
    assert uncovered == [], "cells the linter says nothing about"


def test_the_shipped_rules_are_the_ones_the_readme_lists() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z-]+)` \| ([EWCRI]\d{4}) \|", readme, re.MULTILINE))
    assert listed == {(r.symbol, r.id) for r in builtin_rules()}


# -- the load-time proof of a team's rules (rule_proofs) must agree with tests/rulebook/test_rule_examples.py --------


@pytest.mark.parametrize("rule", builtin_rules(), ids=[r.symbol for r in builtin_rules()])
def test_every_shipped_rule_passes_the_load_time_proof(rule: Rule) -> None:
    """The shipped rules' examples are linted by tests/rulebook/test_rule_examples.py: the proof must say the same."""
    rule_proofs.prove([rule], builtin_rules())


@pytest.mark.parametrize("rule", builtin_rules(), ids=[r.symbol for r in builtin_rules()])
def test_the_load_time_proof_refuses_swapped_examples(rule: Rule) -> None:
    swapped = rule._replace(bad=rule.good, good=rule.bad)
    swapped = swapped._replace(example_target=rule.good_target, good_target=rule.example_target)
    with pytest.raises(RuleError, match="key 'example.bad': raises nothing"):
        rule_proofs.prove([swapped], builtin_rules())


def test_the_proof_reads_nothing_of_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An example that imports a module of the project it sits in: the proof must not find it on disk."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # as pylint puts a linted file's directory first
    legacy = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"  # TF1 Hub format
    (tmp_path / "config.py").write_text(f"HANDLE = {legacy!r}\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["tensorflow==2.15.1"]\n')
    finetune = next(r for r in builtin_rules() if r.symbol == "hub-legacy-finetune")
    bad = "import tensorflow_hub as hub\nfrom config import HANDLE\nhub.KerasLayer(HANDLE, trainable=True)\n"
    with pytest.raises(RuleError, match="key 'example.bad': raises nothing"):
        rule_proofs.prove([finetune._replace(bad=bad)], builtin_rules())


def test_a_placeholder_with_a_format_spec_is_refused(tmp_path: Path) -> None:
    """{call:>999999999} would put a gigabyte of spaces into a message."""
    message = error_of(tmp_path, VALID.replace("({tf})", "({tf:>999999999})"))
    assert "key 'message': placeholders take no format spec or conversion" in message


def test_a_message_shows_no_more_of_the_file_than_finds_the_problem(tmp_path: Path) -> None:
    message = error_of(tmp_path, VALID.replace('tensorflow = ">=2"', f'format = "{"x" * 10_000}"'))
    assert "key 'when.format': 'xxxxxxxx" in message and len(message) < 300
    message = error_of(tmp_path, VALID.replace('source = "team policy"', 'source = "team policy"\n"a\\nb" = 1'))
    assert "key 'a\\nb': unknown key" in message and "\n" not in message
    assert "key 'when.format': an array is not a value" in error_of(
        tmp_path, VALID.replace('tensorflow = ">=2"', 'format = [[["tf1-hub"]]]')
    )


def test_a_file_name_with_a_nul_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read: not a file name"):
        load_rules([tmp_path / "team\0.toml"])
