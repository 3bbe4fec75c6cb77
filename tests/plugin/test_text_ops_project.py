"""Where an import of tensorflow_text registers the ops: this module, an earlier cell, or elsewhere in the project."""

from __future__ import annotations

from pathlib import Path

from pylint_hubcompat.cli import check
from tests.lint import lint_file
from tests.notebooks.conftest import code, write_notebook
from tests.trees import write_tree

PINS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"
PREPROCESS = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
LOADS = f'import tensorflow_hub as hub\n\npreprocess = hub.KerasLayer("{PREPROCESS}")\n'


def symbols(path: Path) -> list[str]:
    return [symbol for symbol, _, _ in lint_file(path)]


def test_an_import_in_another_module_of_the_project_counts(tmp_path: Path) -> None:
    main = "import tensorflow_text\nimport model\n"
    root = write_tree(tmp_path, {"requirements.txt": PINS, "main.py": main, "model.py": LOADS})
    assert symbols(root / "model.py") == []


def test_the_module_s_own_late_import_is_not_an_import_elsewhere(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS, "model.py": LOADS + "import tensorflow_text\n"})
    assert symbols(root / "model.py") == ["hub-text-ops-missing"]


def test_without_the_project_scan_only_the_module_counts(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS, "main.py": "import tensorflow_text\n", "model.py": LOADS})
    assert [s for s, _, _ in lint_file(root / "model.py", "--project-scan=no")] == ["hub-text-ops-missing"]


def test_in_a_notebook_only_an_earlier_cell_counts(tmp_path: Path, capsys, monkeypatch) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS})
    write_notebook(root / "early.ipynb", code("import tensorflow_text as text"), code(LOADS))
    write_notebook(root / "late.ipynb", code(LOADS), code("import tensorflow_text as text"))
    monkeypatch.chdir(root)
    check.run(["early.ipynb", "late.ipynb"])
    out = capsys.readouterr().out
    assert "hub-text-ops-missing" in out and "late.ipynb:cell 1" in out
    assert "early.ipynb" not in out
