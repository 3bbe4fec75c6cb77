"""The informational commands: rules, explain, matrix, and the errors a typo gets."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from pylint_hubcompat import __version__
from pylint_hubcompat.rulebook import matrix
from pylint_hubcompat.cli.main import main
from pylint_hubcompat.rulebook.loading import builtin_rules


def test_rules_lists_every_rule_with_id_category_and_when(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in builtin_rules():
        assert f"{rule.symbol} " in out and f" {rule.id} " in out
    line = next(line for line in out.splitlines() if line.startswith("hub-module-eager "))
    assert line.split()[1:3] == ["E7101", "error"]
    assert "call to hub.Module(), format tf1-hub or unknown, in TF2 eager, tensorflow-hub <0.16" in line


def test_rules_json(capsys):
    main(["rules", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert [r["symbol"] for r in payload] == [r.symbol for r in builtin_rules()]
    assert payload[0]["url"].endswith("docs/rules.md#hub-module-eager")


def test_explain_shows_every_section(capsys):
    assert main(["explain", "hub-legacy-finetune"]) == 0
    out = capsys.readouterr().out
    for heading in ("What it does", "Why it breaks", "Example", "Use instead", "Applies to", "Source"):
        assert f"\n{heading}\n{'-' * len(heading)}\n" in out  # plain text in a terminal
    assert "```" not in out and "**" not in out and "](" not in out
    assert "(https://github.com/pylint-hubcompat/pylint-hubcompat/blob/main/docs/matrix.md)" in out
    assert "\nhttps://github.com/pylint-hubcompat/pylint-hubcompat/blob/main/docs/rules.md#hub-legacy-finetune\n" in out
    assert "feature_vector/2\", trainable=True)" in out  # the bad example
    assert "feature_vector/4\", trainable=True)" in out  # the good one
    assert "- tensorflow-hub >=0.7: 0.7.0-0.16.1 and newer" in out
    assert "compatibility matrix cell TF1 Hub format / finetune / TF2: unsupported" in out
    assert "TF Hub model compatibility page, TF1 Hub format / Fine-tuning / TF2" in out


def test_explain_accepts_the_message_id(capsys):
    main(["explain", "e7116"])
    assert capsys.readouterr().out.startswith("hub-keras-three\n===============\n")


def test_explain_prints_the_docs_markdown_when_asked(capsys):
    main(["explain", "hub-keras-three", "--markdown"])
    out = capsys.readouterr().out
    assert out.startswith("## hub-keras-three\n")
    assert "### Why it breaks\n" in out and "```python\n" in out


def test_explain_suggests_close_symbols(capsys):
    assert main(["explain", "hub-modul-eager"]) == 2
    err = capsys.readouterr().err
    assert "no rule 'hub-modul-eager'; did you mean 'hub-module-eager'" in err


def test_matrix_shows_every_cell_its_corrections_and_rules(capsys):
    assert main(["matrix"]) == 0
    out = capsys.readouterr().out
    for cell in matrix.cells():
        assert f"{cell.name}  (" in out
        assert cell.page in out
        if cell.today:
            assert f"  today: {cell.today}" in out
    assert "TF1 Hub format  finetune   supported*             unsupported" in out
    assert "tf2-savedmodel/load/tf1  (TF2 SavedModel / load / TF1 / TF1 compat mode): partial" in out
    assert "  rules: hub-savedmodel-unsupported, hub-module-savedmodel" in out


def test_matrix_markdown_is_the_docs_page(capsys):
    from pylint_hubcompat.rulebook.reference import matrix_page

    main(["matrix", "--markdown"])
    assert capsys.readouterr().out == matrix_page()


def test_unknown_command_suggests(capsys):
    assert main(["chek", "src"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'chek'; did you mean 'check'?" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"hubcompat {__version__}"


def test_the_version_is_the_wheels():
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert __version__ == pyproject["project"]["version"]


@pytest.mark.parametrize("command", ["detect", "handle", "rules", "explain", "matrix", "reference"])
def test_help_everywhere(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: hubcompat {command}")


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "check" in capsys.readouterr().err
