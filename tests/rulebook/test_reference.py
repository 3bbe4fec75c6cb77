"""docs/rules.md and docs/matrix.md are generated from the rule data and must be committed up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pylint_hubcompat.files import locations
from pylint_hubcompat.rulebook import matrix, reference
from pylint_hubcompat.rulebook.loading import builtin_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", [reference.RULES_PAGE, reference.MATRIX_PAGE])
def test_committed_page_is_up_to_date(name):
    committed = (DOCS / name).read_text(encoding="utf-8") if (DOCS / name).exists() else ""
    assert committed == reference.pages()[name], (
        f"docs/{name} is out of date with rules/*.toml: regenerate it with `{reference.REGENERATE}`"
    )


def test_every_rule_has_a_section_whose_anchor_is_its_symbol():
    page = reference.rules_page()
    headings = re.findall(r"^## (.+)$", page, flags=re.MULTILINE)
    assert headings == [rule.symbol for rule in builtin_rules()]
    for rule in builtin_rules():
        assert locations.rule_url(rule.symbol).endswith(f"docs/rules.md#{rule.symbol}")
        assert f"[`{rule.symbol}`](#{rule.symbol})" in page


def test_matrix_page_has_one_row_per_cell():
    rows = [line for line in reference.matrix_page().splitlines() if line.startswith("| TF")]
    assert len(rows) == len(matrix.cells())
    assert sum("(**today** differs)" in row for row in rows) == sum(bool(c.today) for c in matrix.cells())


def test_check_mode_names_the_stale_page_and_the_command(tmp_path, capsys):
    reference.write_pages(tmp_path)
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 0
    (tmp_path / "matrix.md").write_text("old\n", encoding="utf-8")
    assert reference.main(["--check", "--docs", str(tmp_path)]) == 1
    assert f"matrix.md is out of date: run `{reference.REGENERATE}`" in capsys.readouterr().err
