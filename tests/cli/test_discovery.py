"""``hubcompat check DIR`` lints every Python file and notebook under DIR, as ruff finds them.

pylint's ``--recursive=y`` skips a folder without ``__init__.py`` inside a package, where
research code keeps its scripts; ``check`` does not, and says what it left out and why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.cli import check, sources
from tests.cli.conftest import HUB_MODULE, LEGACY_FINETUNE, PLAIN, write_tree
from tests.cli.test_check import findings, run
from tests.notebooks.conftest import code, write_notebook

PINS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")


@pytest.fixture
def research_repo(tmp_path: Path) -> Path:
    """A package whose scripts and experiments live in folders without ``__init__.py``."""
    return write_tree(
        tmp_path / "repo",
        {
            "requirements.txt": PINS,
            "model/__init__.py": "",
            "model/layers.py": LEGACY_FINETUNE,
            "model/scripts/train.py": HUB_MODULE,
            "model/scripts/util.py": PLAIN,
            "model/experiments/bert/run.py": HUB_MODULE,
            "model/experiments/bert/util.py": HUB_MODULE,
            "model/experiments/vision/util.py": HUB_MODULE,
            "model/stubs/api.pyi": "def f() -> int: ...\n",
        },
    )


def check_in(directory: Path, args: list[str], capsys, monkeypatch) -> tuple[int, list[dict], str]:
    """Status, messages (path and symbol) and stderr of ``hubcompat check ARGS`` run in ``directory``."""
    monkeypatch.chdir(directory)
    # pylint's --verbose prints its progress on stdout: a template keeps the messages apart.
    status = check.run([*args, "--msg-template=@@{path}@@{symbol}"])
    out, err = capsys.readouterr()
    messages = [
        dict(zip(("path", "symbol"), line.split("@@")[1:])) for line in out.splitlines() if line.startswith("@@")
    ]
    return status, messages, err


def test_plain_pylint_skips_script_folders_inside_a_package_and_check_does_not(research_repo):
    plain = run(
        [
            "-m",
            "pylint",
            "--load-plugins=pylint_hubcompat",
            "--disable=all",
            "--enable=hubcompat",
            "--recursive=y",
            "--persistent=n",
            "--output-format=json",
            ".",
        ],
        research_repo,
    )
    ours = run(["-m", "pylint_hubcompat", "check", ".", "--output-format=json"], research_repo)
    assert {f[0] for f in findings(plain.stdout)} == {"model/layers.py"}
    assert {f[0] for f in findings(ours.stdout)} == {
        "model/layers.py",
        "model/scripts/train.py",
        "model/experiments/bert/run.py",
        "model/experiments/bert/util.py",
        "model/experiments/vision/util.py",
    }
    assert ours.stderr.strip().splitlines()[-1] == (
        "hubcompat: 8 files checked (5 parsed, the others cannot have findings), "
        "5 findings (hub-module-eager: 4, hub-legacy-finetune: 1), 1 fixable with `hubcompat fix --unsafe-fixes`"
    )
    # Plain pylint's findings, on the one file it lints, are ours too.
    assert set(findings(plain.stdout)) <= set(findings(ours.stdout))


def test_a_tree_gives_the_findings_of_its_files_named_one_by_one(research_repo):
    tree = run(["-m", "pylint_hubcompat", "check", ".", "--output-format=json"], research_repo)
    files = sorted(str(p.relative_to(research_repo)) for p in research_repo.rglob("*.py*"))
    one_by_one = run(["-m", "pylint_hubcompat", "check", *files, "--output-format=json"], research_repo)
    assert findings(tree.stdout) == findings(one_by_one.stdout) != []
    assert tree.returncode == one_by_one.returncode == 2


def test_files_of_the_same_name_in_different_folders_are_all_linted(research_repo, capsys, monkeypatch):
    _, messages, _ = check_in(research_repo, ["."], capsys, monkeypatch)
    assert sorted({m["path"] for m in messages if m["path"].endswith("util.py")}) == [
        "model/experiments/bert/util.py",
        "model/experiments/vision/util.py",
    ]


def test_hidden_dirs_environments_caches_and_checkpoints_are_skipped(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "requirements.txt": PINS,
            "app.py": HUB_MODULE,
            ".hidden/tf.py": HUB_MODULE,
            ".secret.py": HUB_MODULE,
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/python3.11/site-packages/tensorflow_hub/module.py": HUB_MODULE,
            "conda/lib/python3.11/site-packages/hub.py": HUB_MODULE,
            "debian/dist-packages/hub.py": HUB_MODULE,
            "__pycache__/app.py": HUB_MODULE,
        },
    )
    write_notebook(tmp_path / "nb" / ".ipynb_checkpoints" / "a-checkpoint.ipynb", code(HUB_MODULE))
    _, messages, err = check_in(tmp_path, [".", "-v"], capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["app.py"]
    assert err.strip().splitlines()[-1] == (
        "hubcompat: 2 files found, 1 checked, 1 skipped (1 hidden), 1 finding (hub-module-eager: 1)"
    )
    skipped = sorted(line for line in err.splitlines() if line.startswith("hubcompat check: skipped"))
    assert skipped == [
        "hubcompat check: skipped .secret.py: hidden",
        "hubcompat check: skipped directory .hidden/: hidden",
        "hubcompat check: skipped directory __pycache__/: bytecode cache",
        "hubcompat check: skipped directory conda/lib/python3.11/site-packages/: installed packages",
        "hubcompat check: skipped directory debian/dist-packages/: installed packages",
        "hubcompat check: skipped directory env/: a virtual environment (pyvenv.cfg)",
        "hubcompat check: skipped directory nb/.ipynb_checkpoints/: notebook checkpoints",
    ]


def test_without_verbose_the_skips_are_only_counted(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, "app.py": HUB_MODULE, ".secret.py": HUB_MODULE})
    _, _, err = check_in(tmp_path, ["."], capsys, monkeypatch)
    assert err == "hubcompat: 2 files found, 1 checked, 1 skipped (1 hidden), 1 finding (hub-module-eager: 1)\n"


def test_a_path_named_on_the_command_line_is_linted_whatever_its_name(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, ".hidden/tf.py": HUB_MODULE, ".gitignore": ".hidden/\n"})
    _, messages, _ = check_in(tmp_path, [".hidden", ".hidden/tf.py"], capsys, monkeypatch)
    assert [m["path"] for m in messages] == [".hidden/tf.py"]  # once, though named twice


def test_pylint_ignore_options_skip_files_and_folders_and_are_counted(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "requirements.txt": PINS,
            "app.py": HUB_MODULE,
            "generated/model.py": HUB_MODULE,
            "legacy_one.py": HUB_MODULE,
            "vendor/lib/hub.py": HUB_MODULE,
        },
    )
    options = [".", "--ignore=generated", "--ignore-patterns=legacy_", "--ignore-paths=vendor/lib"]
    _, messages, err = check_in(tmp_path, options, capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["app.py"]
    assert "2 files found, 1 checked, 1 skipped (1 ignored by pylint's --ignore options)" in err


def test_gitignored_files_and_folders_are_skipped_nested_ignore_files_included(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "requirements.txt": PINS,
            ".gitignore": "build/\n*_generated.py\n",
            "app.py": HUB_MODULE,
            "build/lib/app.py": HUB_MODULE,
            "model_generated.py": HUB_MODULE,
            "experiments/.gitignore": "scratch_*.py\n!scratch_keep.py\n",
            "experiments/scratch_1.py": HUB_MODULE,
            "experiments/scratch_keep.py": HUB_MODULE,
            "experiments/deeper/.gitignore": "!keep_generated.py\n",
            "experiments/deeper/keep_generated.py": HUB_MODULE,
            "experiments/deeper/other_generated.py": HUB_MODULE,
        },
    )
    _, messages, err = check_in(tmp_path, [".", "--verbose"], capsys, monkeypatch)
    assert sorted(m["path"] for m in messages) == [
        "app.py",
        "experiments/deeper/keep_generated.py",
        "experiments/scratch_keep.py",
    ]
    assert "hubcompat: 6 files found, 3 checked, 3 skipped (3 gitignored), 3 findings" in err
    assert "hubcompat check: skipped experiments/scratch_1.py: gitignored by experiments/.gitignore" in err
    assert "hubcompat check: skipped directory build/: gitignored by .gitignore" in err


def test_no_respect_gitignore_lints_what_the_ignore_files_exclude(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, ".gitignore": "*.py\n", "app.py": HUB_MODULE})
    assert check_in(tmp_path, ["."], capsys, monkeypatch)[1] == []
    _, messages, err = check_in(tmp_path, [".", "--no-respect-gitignore"], capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["app.py"]
    assert err == "hubcompat: 1 file checked, 1 finding (hub-module-eager: 1)\n"


def test_the_ignore_files_of_the_repository_above_count(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".git/info/exclude": "local_*.py\n",
            ".gitignore": "src/out/\n",
            "src/requirements.txt": PINS,
            "src/app.py": HUB_MODULE,
            "src/local_try.py": HUB_MODULE,
            "src/out/app.py": HUB_MODULE,
        },
    )
    _, messages, err = check_in(tmp_path / "src", ["."], capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["app.py"]
    assert "2 files found, 1 checked, 1 skipped (1 gitignored)" in err


def test_an_ignore_file_outside_any_repository_above_does_not_count(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {".gitignore": "*.py\n", "src/requirements.txt": PINS, "src/app.py": HUB_MODULE})
    assert [m["path"] for m in check_in(tmp_path / "src", ["."], capsys, monkeypatch)[1]] == ["app.py"]


def test_a_notebook_beside_a_folder_of_its_name_is_linted(tmp_path, capsys, monkeypatch):
    # pylint looked "keras" up as a module, found the namespace package keras/ on the path
    # of train.py, and never linted the notebook: "1 file checked (0 parsed)" for 2 files.
    write_tree(tmp_path, {"requirements.txt": PINS, "src/train.py": HUB_MODULE, "src/keras/layers.py": PLAIN})
    write_notebook(tmp_path / "nb" / "keras.ipynb", code(HUB_MODULE))
    for args in (["nb/keras.ipynb", "src/train.py"], ["."]):
        _, messages, err = check_in(tmp_path, args, capsys, monkeypatch)
        assert sorted({m["path"].split(":")[0] for m in messages}) == ["nb/keras.ipynb", "src/train.py"], args
        assert ", 2 findings (hub-module-eager: 2)" in err
    assert err.startswith("hubcompat: 3 files checked (2 parsed")


def test_a_module_beside_a_folder_of_its_name_is_linted(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, "keras/layers.py": PLAIN, "scripts/keras.py": HUB_MODULE})
    _, messages, _ = check_in(tmp_path, ["scripts/keras.py", "keras/layers.py"], capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["scripts/keras.py"]


@posix_only
def test_fifos_and_dangling_links_are_skipped_and_counted(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, "app.py": HUB_MODULE})
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    _, messages, err = check_in(tmp_path, ["."], capsys, monkeypatch)
    assert [m["path"] for m in messages] == ["app.py"]
    assert "hubcompat check: skipped pipe.py: not a regular file" in err
    assert err.strip().splitlines()[-1] == (
        "hubcompat: 3 files found, 1 checked, 2 skipped (2 not regular files), 1 finding (hub-module-eager: 1)"
    )


GOOGLE_PRAGMA = "import tensorflow_hub as hub  # pylint: disable=g-bad-import-order\n\nm = hub.Module('x')\n"


def test_pylint_pragma_messages_are_off_and_never_findings(tmp_path, capsys, monkeypatch):
    write_tree(
        tmp_path,
        {
            "requirements.txt": PINS,
            "google.py": GOOGLE_PRAGMA,
            "clean.py": "import os  # pylint: disable=g-bad-import-order\n",
        },
    )
    status, messages, err = check_in(tmp_path, ["."], capsys, monkeypatch)
    assert [m["symbol"] for m in messages] == ["hub-module-eager"]
    assert (status, err) == (
        2,
        "hubcompat: 2 files checked (1 parsed, the others cannot have findings), 1 finding (hub-module-eager: 1)\n",
    )


def test_pylint_pragma_messages_enabled_by_name_are_shown_but_do_not_count(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"requirements.txt": PINS, "google.py": GOOGLE_PRAGMA})
    status, messages, err = check_in(tmp_path, [".", "--enable=unknown-option-value"], capsys, monkeypatch)
    assert sorted(m["symbol"] for m in messages) == ["hub-module-eager", "unknown-option-value"]
    assert status == 2  # the error bit of hub-module-eager; not the warning bit of W0012
    assert err.endswith(", 1 finding (hub-module-eager: 1)\n")
    write_tree(tmp_path, {"google.py": GOOGLE_PRAGMA.replace("')", "')  # pylint: disable=hub-module-eager")})
    status, messages, _ = check_in(tmp_path, [".", "--enable=unknown-option-value"], capsys, monkeypatch)
    assert (status, [m["symbol"] for m in messages]) == (0, ["unknown-option-value"])


def test_discover_lists_files_and_skips_in_a_stable_order(research_repo):
    write_tree(research_repo, {"model/.venv/pyvenv.cfg": "", "model/notes.txt": "tensorflow", "model/z.ipynb": "{}"})
    found = sources.discover([str(research_repo)])
    assert [os.path.relpath(f, research_repo) for f in found.files] == [
        "model/__init__.py",
        "model/layers.py",
        "model/z.ipynb",
        "model/experiments/bert/run.py",
        "model/experiments/bert/util.py",
        "model/experiments/vision/util.py",
        "model/scripts/train.py",
        "model/scripts/util.py",
        "model/stubs/api.pyi",
    ]
    assert [(os.path.relpath(s.path, research_repo), s.reason, s.directory) for s in found.skipped] == [
        ("model/.venv", "hidden", True),
    ]
