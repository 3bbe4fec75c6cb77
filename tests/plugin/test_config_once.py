"""A configuration problem is one message per run, not one per module, under ``-j 1`` and ``-j N``.

A bad option value (or a project file that cannot be read) used to be reported on
line 1 of every module that mentions TensorFlow: 21 files, 21 copies.  Now the
main process reports each problem once, at the end of the run, in the first module
by path that could show it, so plain pylint, ``hubcompat check`` and any number of
jobs give the same one message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pylint.lint import PyLinter, Run

from pylint_hubcompat.cli import check
from pylint_hubcompat.plugin.checker import HubCompatChecker
from tests.trees import write_tree

PINS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"
MODULE = 'import tensorflow_hub as hub\n\nmodule = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")\n'
PLUGIN_ONLY = ("--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", "--persistent=n")
JOBS = pytest.mark.parametrize("jobs", ["1", "2"])
BAD_OPTIONS = pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("--tf-version=foo", "tf-version: not a version or specifier: 'foo'; ignored"),
        ("--model-formats=x", "model-formats: 'x' is not <handle prefix>=tf1-hub or <handle prefix>=tf2-savedmodel"),
    ],
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Five modules that use TensorFlow Hub (written in an order the file system keeps) and one that does not."""
    files = {"requirements.txt": PINS, "plain.py": "x = 1\n"}
    files |= {f"m{i}.py": MODULE for i in (4, 2, 5, 1, 3)}
    return write_tree(tmp_path / "project", files)


Message = tuple[str, str, int, str, str]


def plain_pylint(project: Path, *options: str) -> list[Message]:
    """(symbol, file name, line, message, confidence) of plain pylint's messages for the project.

    Written to a file: under ``-j N`` pylint pickles its linter, reporter and output
    stream included, and pytest's captured stdout does not pickle.
    """
    log = project.parent / "pylint.json"
    Run([*PLUGIN_ONLY, "--recursive=y", "--output-format=json2", f"--output={log}", *options, str(project)], exit=False)
    return read_json2(log)


def hubcompat_check(project: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[list[Message], str]:
    """The same of ``hubcompat check``, and its summary line."""
    log = project.parent / "check.json"
    check.run([str(project), "--output-format=json2", f"--output={log}", *options])
    return read_json2(log), capsys.readouterr().err


def read_json2(log: Path) -> list[Message]:
    messages = json.loads(log.read_text(encoding="utf-8"))["messages"]
    return [(m["symbol"], Path(m["path"]).name, m["line"], m["message"], m["confidence"]) for m in messages]


def config_errors(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m[0] == "hubcompat-config-error"]


@JOBS
@BAD_OPTIONS
def test_a_bad_option_is_one_message_in_plain_pylint(project: Path, jobs: str, option: str, problem: str) -> None:
    messages = plain_pylint(project, "-j", jobs, option)
    [(_, name, line, text, confidence)] = config_errors(messages)
    assert (name, line, confidence) == ("m1.py", 1, "HIGH")  # the first module by path, whatever the order linted
    assert text.startswith(problem)
    assert sum(m[0] == "hub-module-eager" for m in messages) == 5


@JOBS
@BAD_OPTIONS
def test_a_bad_option_is_one_message_in_hubcompat_check(
    project: Path, capsys: pytest.CaptureFixture[str], jobs: str, option: str, problem: str
) -> None:
    messages, summary = hubcompat_check(project, capsys, "-j", jobs, option)
    [(_, name, line, text, _)] = config_errors(messages)
    assert (name, line) == ("m1.py", 1)
    assert text.startswith(problem)
    assert "hubcompat-config-error: 1" in summary


@JOBS
def test_plain_pylint_and_check_agree_on_the_message_and_its_place(
    project: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    ours, _ = hubcompat_check(project, capsys, "-j", jobs, "--tf-version=foo")
    plain = plain_pylint(project, "-j", jobs, "--tf-version=foo")
    assert config_errors(ours) == config_errors(plain)


@JOBS
def test_disabling_the_message_silences_it_in_every_process(project: Path, jobs: str) -> None:
    messages = plain_pylint(project, "-j", jobs, "--tf-version=foo", "--disable=hubcompat-config-error")
    assert config_errors(messages) == []
    assert len(messages) == 5


def test_a_module_that_disables_it_passes_it_on_to_the_next(project: Path) -> None:
    (project / "m1.py").write_text("# pylint: disable=hubcompat-config-error\n" + MODULE, encoding="utf-8")
    [(_, name, _, _, _)] = config_errors(plain_pylint(project, "--tf-version=foo"))
    assert name == "m2.py"


def test_no_module_mentions_tensorflow_no_message(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS, "a.py": "x = 1\n", "b.py": "y = 2\n"})
    assert plain_pylint(root, "--tf-version=foo") == []


@JOBS
def test_each_problem_of_a_project_file_is_one_message(tmp_path: Path, jobs: str) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS + "tensorflow-text (>=2\n-r missing.txt\n"})
    for name in ("b.py", "a.py", "c.py"):
        (root / name).write_text(MODULE, encoding="utf-8")
    problems = config_errors(plain_pylint(root, "-j", jobs))
    assert [(name, line) for _, name, line, _, _ in problems] == [("a.py", 1), ("a.py", 1)]
    assert [text.split(": ")[0] for _, _, _, text, _ in problems] == ["requirements.txt:3", "requirements.txt:4"]


def test_two_projects_with_the_same_problem_get_one_message_each(tmp_path: Path) -> None:
    for name in ("one", "two"):
        write_tree(tmp_path / name, {"requirements.txt": PINS + "-r missing.txt\n", "m.py": MODULE})
    problems = config_errors(plain_pylint(tmp_path))
    assert len(problems) == 2
    assert len({text for _, _, _, text, _ in problems}) == 1


@JOBS
@pytest.mark.parametrize(
    ("option", "problem"),
    [
        (
            "--hub-version=>=99",
            "hub-version: `>=99` admits no tensorflow-hub release known to pylint_hubcompat (newest known: 0.16.1); "
            "ignored",
        ),
        (
            "--tf-version=2.15.7",
            "tf-version: `2.15.7` admits no tensorflow release known to pylint_hubcompat (newest known: 2.21.0); "
            "ignored",
        ),
    ],
)
def test_a_version_option_that_admits_no_known_release_is_a_config_error(
    project: Path, jobs: str, option: str, problem: str
) -> None:
    messages = plain_pylint(project, "-j", jobs, option)
    assert [m[3] for m in config_errors(messages)] == [problem]
    # The option is ignored: the project's pins decide, as they say.
    eager = [m[3] for m in messages if m[0] == "hub-module-eager"]
    assert len(eager) == 5 and all("tensorflow 2.15.1 (requirements.txt:1)" in text for text in eager)


def test_under_jobs_the_main_process_reports_what_the_workers_saw(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reduced: list[int] = []
    reduce = HubCompatChecker.reduce_map_data

    def spy(checker: HubCompatChecker, linter: PyLinter, data: list) -> None:
        reduced.append(len(data))
        reduce(checker, linter, data)

    monkeypatch.setattr(HubCompatChecker, "reduce_map_data", spy)
    assert len(config_errors(plain_pylint(project, "-j", "2", "--tf-version=foo"))) == 1
    assert reduced == [5]  # pylint ran the workers: each of the five modules handed its copy over
