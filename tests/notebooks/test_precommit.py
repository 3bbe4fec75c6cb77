"""The pre-commit hook also lints notebooks (``types_or: [..., jupyter]``)."""

from __future__ import annotations

from tests.cli.test_precommit import pytestmark, try_hook  # noqa: F401  (skip without pre-commit)
from tests.notebooks.conftest import PINNED, code, write_notebook


def test_hook_reports_a_bad_notebook(tmp_path):
    user = tmp_path / "user-repo"
    user.mkdir()
    (user / "requirements.txt").write_text("tensorflow>=2.16\n")
    write_notebook(user / "pinned.ipynb", *PINNED)
    write_notebook(user / "plain.ipynb", code("print('tensorflow')"))
    result = try_hook(user, tmp_path / "pre-commit-home")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "pinned.ipynb:cell 3:4:9: E7101:" in output
    assert "(pinned.ipynb:cell 2)" in output
