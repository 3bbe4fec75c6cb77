"""``hubcompat check`` on notebooks: findings in their cells, in every output format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.cli import check
from tests.notebooks.conftest import (
    PINNED,
    TUTORIAL_BEFORE,
    TUTORIAL_LAYER,
    TUTORIAL_LEGACY_KERAS,
    TUTORIAL_TF_KERAS,
    code,
    markdown,
    write_notebook,
)

HUB_MODULE_PY = (
    "import tensorflow as tf\nimport tensorflow_hub as hub\n\n"
    'm = hub.Module("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2")\n'
)


def run_check(args, cwd: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    status = check.run(args)
    out, err = capsys.readouterr()
    return status, out, err


def text_findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if not line.startswith("*")]


def test_tutorial_before_its_keras_three_fix_is_flagged_in_its_cell(project, capsys, monkeypatch):
    write_notebook(project / "tutorial.ipynb", *TUTORIAL_BEFORE)
    status, out, err = run_check(["tutorial.ipynb"], project, capsys, monkeypatch)
    cell, line, column = TUTORIAL_LAYER
    [finding] = text_findings(out)
    assert finding.startswith(f"tutorial.ipynb:cell {cell}:{line}:{column}: E7116: hub.KerasLayer() is a Keras 2")
    assert finding.endswith("(hub-keras-three)")
    assert "(pyproject.toml:4)" in finding
    assert status == 2
    assert err.strip().endswith("1 file checked, 1 finding (hub-keras-three: 1), 1 fixable with `hubcompat fix --unsafe-fixes`")


@pytest.mark.parametrize("cells", [TUTORIAL_LEGACY_KERAS, TUTORIAL_TF_KERAS], ids=["legacy-keras-cell", "tf-keras"])
def test_tutorial_after_its_fix_is_not_flagged(project, capsys, monkeypatch, cells):
    write_notebook(project / "tutorial.ipynb", *cells)
    status, out, _ = run_check(["tutorial.ipynb"], project, capsys, monkeypatch)
    assert (status, text_findings(out)) == (0, [])


def test_the_notebook_pins_are_its_target(project, capsys, monkeypatch):
    write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    status, out, _ = run_check(["notebooks"], project, capsys, monkeypatch)
    [finding] = text_findings(out)
    assert finding.startswith("notebooks/pinned.ipynb:cell 3:4:9: E7101: hub.Module() fails under TF2 eager execution")
    assert "with tensorflow 2.15.1 (notebooks/pinned.ipynb:cell 2)" in finding
    assert finding.endswith("(hub-module-eager)")
    assert status == 2


def test_the_same_code_in_a_py_file_of_that_project_is_judged_by_the_project(project, capsys, monkeypatch):
    write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    (project / "train.py").write_text(HUB_MODULE_PY)
    _, out, _ = run_check(["."], project, capsys, monkeypatch)
    findings = text_findings(out)
    assert len(findings) == 2
    [py] = [f for f in findings if f.startswith("train.py:4:4:")]
    assert "(pyproject.toml:4)" in py  # the notebook's pins stay in the notebook


def test_tf_version_option_wins_over_the_notebook(project, capsys, monkeypatch):
    write_notebook(project / "pinned.ipynb", *PINNED)
    status, out, _ = run_check(["pinned.ipynb", "--tf-version=1.15.5"], project, capsys, monkeypatch)
    assert (status, text_findings(out)) == (0, [])  # TF 1.15 runs hub.Module in graph mode


def test_directories_find_notebooks_but_not_checkpoints(project, capsys, monkeypatch):
    write_notebook(project / "nb" / "pinned.ipynb", *PINNED)
    write_notebook(project / "nb" / ".ipynb_checkpoints" / "pinned-checkpoint.ipynb", *PINNED)
    write_notebook(project / "nb" / "plain.ipynb", code("print(1)"))
    _, out, err = run_check(["."], project, capsys, monkeypatch)
    assert [f.split(":", 1)[0] for f in text_findings(out)] == ["nb/pinned.ipynb"]
    assert "2 files checked (1 parsed, the others cannot have findings)" in err


def test_pragmas_in_a_cell_work(project, capsys, monkeypatch):
    cells = list(PINNED)
    cells[2] = code(cells[2]["source"][-1].rstrip() + "  # pylint: disable=hub-module-eager")
    cells.insert(2, code("import tensorflow as tf\nimport tensorflow_hub as hub"))
    write_notebook(project / "pinned.ipynb", *cells)
    status, out, _ = run_check(["pinned.ipynb"], project, capsys, monkeypatch)
    assert (status, text_findings(out)) == (0, [])


def test_broken_empty_and_r_notebooks(project, capsys, monkeypatch):
    (project / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "source": "import tensorflow"')
    write_notebook(project / "empty.ipynb", markdown("tensorflow, later"))
    write_notebook(project / "r.ipynb", code("library(tensorflow)"), metadata={"kernelspec": {"name": "ir", "language": "R"}})
    status, out, err = run_check(["broken.ipynb", "empty.ipynb", "r.ipynb"], project, capsys, monkeypatch)
    [finding] = text_findings(out)
    assert finding.startswith("broken.ipynb:1:0: E0001: Parsing failed: 'not a Jupyter notebook (invalid JSON:")
    assert finding.endswith("(syntax-error)")
    assert "hubcompat check: skipped r.ipynb: its kernel language is 'r', not Python" in err
    assert status == 2
    # found in a directory, an R notebook is skipped quietly
    (project / "broken.ipynb").unlink()
    status, out, err = run_check(["."], project, capsys, monkeypatch)
    assert (status, text_findings(out)) == (0, []) and "skipped r.ipynb" not in err


def test_a_syntax_error_in_a_cell_is_located_in_the_cell(project, capsys, monkeypatch):
    write_notebook(project / "nb.ipynb", markdown("m"), code("import tensorflow_hub as hub"), code("x = (\n"))
    _, out, _ = run_check(["nb.ipynb"], project, capsys, monkeypatch)
    [finding] = text_findings(out)
    assert re.match(r"nb\.ipynb:cell 3:1:\d+: E0001: ", finding)


def test_json2_and_github_point_into_the_ipynb_file(project, capsys, monkeypatch):
    path = write_notebook(project / "pinned.ipynb", *PINNED)
    raw = path.read_text().splitlines()
    _, out, _ = run_check(["pinned.ipynb", "--output-format=json2"], project, capsys, monkeypatch)
    [message] = json.loads(out)["messages"]
    assert message["path"] == "pinned.ipynb"
    assert message["message"].endswith("(cell 3, line 4)")
    assert raw[message["line"] - 1][message["column"]:].startswith("hub.Module(")
    assert message["endLine"] == message["line"] and raw[message["line"] - 1][message["endColumn"] - 1] == ")"
    _, out, _ = run_check(["pinned.ipynb", "--output-format=github"], project, capsys, monkeypatch)
    annotation = next(line for line in out.splitlines() if line.startswith("::"))
    assert annotation.startswith(f"::error file=pinned.ipynb,line={message['line']},endline={message['line']},")
    assert annotation.endswith("(cell 3, line 4)")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sarif_and_text_at_once(project, jobs):
    write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    write_notebook(project / "notebooks" / "tutorial.ipynb", *TUTORIAL_BEFORE)
    (project / "train.py").write_text(HUB_MODULE_PY)
    # a process of its own: -j 2 pickles the linter, which pytest's captured stdout forbids
    result = subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", "check", ".", "--output-format=hubcompat-sarif:out.sarif,text", "-j", jobs],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    status, out = result.returncode, result.stdout
    assert status == 2, result.stderr
    assert sorted(f.split(": ")[0] for f in text_findings(out)) == [
        "notebooks/pinned.ipynb:cell 3:4:9",
        "notebooks/tutorial.ipynb:cell 8:2:12",
        "train.py:4:4",
    ]
    log = json.loads((project / "out.sarif").read_text())
    run = log["runs"][0]
    results = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run["results"]}
    assert set(results) == {"notebooks/pinned.ipynb", "notebooks/tutorial.ipynb", "train.py"}
    raw = (project / "notebooks" / "pinned.ipynb").read_text().splitlines()
    region = results["notebooks/pinned.ipynb"]["locations"][0]["physicalLocation"]["region"]
    assert raw[region["startLine"] - 1][region["startColumn"] - 1 :].startswith("hub.Module(")
    assert results["notebooks/pinned.ipynb"]["message"]["text"].endswith("(cell 3, line 4)")
    assert results["notebooks/tutorial.ipynb"]["message"]["text"].endswith("(cell 8, line 2)")
    assert results["train.py"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    targets = run["properties"]["hubcompat"]["targets"]
    [pinned] = [t for t in targets if t.get("notebook")]
    assert pinned["notebook"] == "notebooks/pinned.ipynb"
    assert pinned["tensorflow"]["source"] == "notebooks/pinned.ipynb:cell 2"


def test_a_notebook_whose_cells_are_strings_is_a_syntax_error_like_one_without_cells(project, capsys, monkeypatch):
    (project / "strings.ipynb").write_text(json.dumps({"cells": ["import tensorflow_hub as hub"]}))
    (project / "nocells.ipynb").write_text(json.dumps({"metadata": {}}))
    status, out, _ = run_check(["strings.ipynb", "nocells.ipynb"], project, capsys, monkeypatch)
    assert sorted(text_findings(out)) == [
        "nocells.ipynb:1:0: E0001: Parsing failed: 'not a Jupyter notebook (no \"cells\" list)' (syntax-error)",
        "strings.ipynb:1:0: E0001: Parsing failed: 'not a Jupyter notebook (cell 1 is not an object)' (syntax-error)",
    ]
    assert status == 2
