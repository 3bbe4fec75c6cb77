"""``hubcompat check``: pylint with only our checker, on the files that can have a finding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.cli import check, sources
from tests.cli.conftest import HUB_MODULE, PLAIN, write_tree

PLUGIN_ONLY = ["--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def findings(stdout: str) -> list[tuple[str, int, int, str, str]]:
    return sorted((m["path"], m["line"], m["column"], m["symbol"], m["message"]) for m in json.loads(stdout))


def test_same_findings_and_status_as_plain_pylint(mixed_project):
    plain = run(["-m", "pylint", *PLUGIN_ONLY, "--recursive=y", "--persistent=n", "--output-format=json", "project"], mixed_project.parent)
    ours = run(["-m", "pylint_hubcompat", "check", "project", "--persistent=n", "--output-format=json"], mixed_project.parent)
    assert findings(ours.stdout) == findings(plain.stdout)
    assert {f[3] for f in findings(ours.stdout)} == {"hub-module-eager", "hub-legacy-finetune"}
    assert len(findings(ours.stdout)) == 5
    assert ours.returncode == plain.returncode == 2


def test_summary_line_on_stderr(mixed_project):
    result = run(["-m", "pylint_hubcompat", "check", "project", "--output-format=json"], mixed_project.parent)
    json.loads(result.stdout)  # stdout stays pure JSON
    assert result.stderr.strip().splitlines()[-1] == (
        "hubcompat: 9 files checked (4 parsed, the others cannot have findings), "
        "5 findings (hub-module-eager: 3, hub-legacy-finetune: 2), 2 fixable with `hubcompat fix --unsafe-fixes`"
    )


def test_files_that_cannot_have_findings_are_not_parsed(mixed_project, capsys, monkeypatch):
    write_tree(mixed_project, {"pkg/layers.py": "import tensorflow as tf\n\nDENSE = tf.keras.layers.Dense(3)\n"})
    monkeypatch.chdir(mixed_project)
    check.run(["."])
    assert "10 files checked (4 parsed, the others cannot have findings), 5 findings" in capsys.readouterr().err


def test_pylint_options_pass_through(mixed_project, capsys, monkeypatch):
    monkeypatch.chdir(mixed_project)
    status = check.run(["train.py", "pkg", "--disable=hub-legacy-finetune", "--tf-version=1.15.5", "-j", "1", "--score=n"])
    out, err = capsys.readouterr()
    # TF 1.15 runs hub.Module in graph mode, and the other message is disabled: nothing left.
    assert (status, out) == (0, "")
    assert err.endswith("0 findings\n")


def test_parallel_jobs_give_the_same_findings(mixed_project):
    serial = run(["-m", "pylint_hubcompat", "check", ".", "--output-format=json"], mixed_project)
    parallel = run(["-m", "pylint_hubcompat", "check", ".", "-j", "2", "--output-format=json"], mixed_project)
    assert findings(parallel.stdout) == findings(serial.stdout) != []


def test_hidden_dirs_installed_packages_and_pylint_ignores_are_skipped(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {
        "app.py": HUB_MODULE,
        ".venv/lib/tf.py": HUB_MODULE,
        "env/pyvenv.cfg": "home = /usr/bin\n",
        "env/lib/python3.11/site-packages/tensorflow_hub/module.py": HUB_MODULE,
        "generated/model.py": HUB_MODULE,
        "legacy_one.py": HUB_MODULE,
        "notes.txt": "tensorflow",
    })
    monkeypatch.chdir(tmp_path)
    check.run([".", "--ignore=generated", "--ignore-patterns=legacy_", "--output-format=json"])
    assert [m["path"] for m in json.loads(capsys.readouterr().out)] == ["app.py"]


def test_notebooks_are_found_with_the_same_skips(tmp_path):
    write_tree(tmp_path, {"a.ipynb": "{}", ".venv/b.ipynb": "{}", "env/lib/site-packages/c.ipynb": "{}",
                          "generated/d.ipynb": "{}", "sub/e.ipynb": "{}", "sub/f.py": ""})
    found = sources.discover([str(tmp_path)], sources.Ignores(names=("generated",)))
    assert [os.path.relpath(f, tmp_path) for f in found.files] == ["a.ipynb", "sub/e.ipynb", "sub/f.py"]


def test_ignore_options_are_read_from_pylint(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
                          "app.py": HUB_MODULE, "generated/model.py": HUB_MODULE})
    monkeypatch.chdir(tmp_path)
    check.run([".", "--ignore=generated", "--output-format=json"])
    out, err = capsys.readouterr()
    assert [m["path"] for m in json.loads(out)] == ["app.py"]
    assert "1 file checked" in err


def test_enabling_another_pylint_message_lints_every_file(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"app.py": HUB_MODULE, "util.py": "import os\n"})
    monkeypatch.chdir(tmp_path)
    check.run([".", "--enable=unused-import", "--output-format=json"])
    out, err = capsys.readouterr()
    assert ("util.py", "unused-import") in {(m["path"], m["symbol"]) for m in json.loads(out)}
    assert "2 files checked, " in err


def test_a_tree_without_tensorflow_still_gets_a_report(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"util.py": PLAIN})
    monkeypatch.chdir(tmp_path)
    assert check.run([".", "--output-format=json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert err == "hubcompat: 1 file checked (0 parsed, the others cannot have findings), 0 findings\n"


def test_missing_path_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert check.run(["nowhere"]) == 32
    assert "hubcompat check: no such file or directory: nowhere" in capsys.readouterr().err


def test_help_and_no_arguments(capsys):
    assert check.run(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: hubcompat check PATH... [--no-respect-gitignore] [--baseline FILE]")
    assert check.run([]) == 32
    assert "usage: hubcompat check" in capsys.readouterr().err


def test_console_script_form(mixed_project):
    result = run(["-m", "pylint_hubcompat", "check", "train.py", "--score=n"], mixed_project)
    assert result.returncode == 2
    assert "train.py:4:9: E7101:" in result.stdout
    assert "(hub-module-eager)" in result.stdout


ESTIMATOR = "import tensorflow as tf\n\nESTIMATOR = tf.estimator.Estimator\n"


@pytest.mark.parametrize(("pin", "summary"), [
    ("2.15.1", "hubcompat: 1 file checked (0 parsed, the others cannot have findings), 0 findings"),
    ("2.16.1", "hubcompat: 1 file checked, 1 finding (tf-estimator-removed: 1)"),
])
def test_a_rule_that_cannot_hold_for_the_target_parses_nothing(tmp_path, capsys, monkeypatch, pin, summary):
    write_tree(tmp_path, {"requirements.txt": f"tensorflow=={pin}\n", "train.py": ESTIMATOR})
    monkeypatch.chdir(tmp_path)
    check.run(["."])
    assert capsys.readouterr().err.strip().splitlines()[-1] == summary


def test_a_bad_option_is_reported_once_per_run_as_plain_pylint_does(mixed_project):
    options = ["--tf-version=two", "--output-format=json"]
    plain = run(["-m", "pylint", *PLUGIN_ONLY, "--recursive=y", "--persistent=n", *options, "project"], mixed_project.parent)
    ours = run(["-m", "pylint_hubcompat", "check", "project", *options], mixed_project.parent)
    assert findings(ours.stdout) == findings(plain.stdout)
    assert sum(f[3] == "hubcompat-config-error" for f in findings(ours.stdout)) == 1


@pytest.mark.parametrize("tf_version", ["2.15.1", "2.21.0"])
def test_same_findings_as_plain_pylint_on_every_functional_case(tf_version):
    functional = Path(__file__).resolve().parents[1] / "functional"
    options = [f"--tf-version={tf_version}", "--output-format=json", str(functional)]
    plain = run(["-m", "pylint", *PLUGIN_ONLY, "--recursive=y", "--persistent=n", *options], functional)
    ours = run(["-m", "pylint_hubcompat", "check", *options], functional)
    assert findings(ours.stdout) == findings(plain.stdout) != []


BUILT = "import sys, astroid\n{lint}\nprint('\\nlayers built:', 'layers' in astroid.MANAGER.astroid_cache)\n"


@pytest.mark.parametrize(("lint", "built"), [
    ("from pylint.lint import Run; Run([*sys.argv[1:], '--load-plugins=pylint_hubcompat', '--disable=all', "
     "'--enable=hubcompat'], exit=False)", True),
    ("from pylint_hubcompat.cli import check; check.run(sys.argv[1:])", False),
])
def test_check_builds_what_it_lints_without_astroid_inference(tmp_path, lint, built):
    # Building train.py, astroid infers Model's base (is it an Enum?) and so builds layers.py.
    write_tree(tmp_path, {
        "layers.py": "class Base:\n    pass\n",
        "train.py": HUB_MODULE + "import layers\n\nclass Model(layers.Base):\n    pass\n",
    })
    options = ["--tf-version=2.15.1", "--hub-version=0.15.0", "--persistent=n"]
    result = run(["-c", BUILT.format(lint=lint), "train.py", *options], tmp_path)
    assert "E7101" in result.stdout
    assert result.stdout.splitlines()[-1] == f"layers built: {built}"


def test_a_file_that_does_not_parse_is_reported_as_plain_pylint_reports_it(tmp_path):
    write_tree(tmp_path / "project", {"train.py": HUB_MODULE + "def broken(:\n", "latin.py": ""})
    (tmp_path / "project" / "latin.py").write_bytes(b"import tensorflow_hub as hub\nhub.Module('caf\xe9')\n")
    options = ["--enable=syntax-error", "--output-format=json", "project"]
    plain = run(["-m", "pylint", *PLUGIN_ONLY, "--recursive=y", "--persistent=n", *options], tmp_path)
    ours = run(["-m", "pylint_hubcompat", "check", *options], tmp_path)
    assert findings(ours.stdout) == findings(plain.stdout)
    assert {f[3] for f in findings(ours.stdout)} == {"syntax-error", "parse-error"}
