"""docs/configuration.md keeps up with the code: every option and flag is there, and its examples work.

The names are read from the code (the checker's ``options``, the usage texts of ``check``
and ``fix``, the argument parsers of the other commands), so a new option or flag without
documentation fails here.  Each configuration file example of the page is written into a
project and read the way ``hubcompat`` reads it, so an example that pylint would not read
(a ``[hubcompat]`` section in ``setup.cfg``) fails too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pylint.config.find_default_config_files import CONFIG_NAMES

from pylint_hubcompat.cli import check, commands, fix
from pylint_hubcompat.cli.configured import configured_options
from pylint_hubcompat.cli.main import main as hubcompat
from pylint_hubcompat.plugin.checker import HubCompatChecker
from tests.cli.conftest import HUB_MODULE
from tests.trees import write_tree

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
#: A command-line flag in a usage or help text: ``--tf-version``, ``-j`` (not the dash of ``hub-keras-three``).
FLAG = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
#: What the page shows as code: fenced blocks and inline spans.
CODE = re.compile(r"^```.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)
#: A configuration file example: a fenced toml or ini block whose first line names the file(s) it is.
EXAMPLE = re.compile(r"^```(?:toml|ini)\n# file: (?P<names>[^\n]+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
#: The file names pylint finds by itself (the others are read with --rcfile).
FOUND_BY_PYLINT = frozenset(str(name) for name in CONFIG_NAMES)
#: What every example sets (the page says they all set the same options).
EXPECTED = {
    "versions": {"tf-version": ">=2.12,<2.16", "hub-version": "0.15.0"},
    "runtime_mode": "tf2",
    "project_scan": True,
    "mapping": {"gs://our-models/legacy/": "tf1-hub", "gs://our-models/": "tf2-savedmodel"},
    "fix_choices": {"keras-three-fix": "tf-keras"},
    "errors": (),
}


def page() -> str:
    return DOC.read_text(encoding="utf-8")


def code_on_page() -> str:
    return "\n".join(CODE.findall(page()))


def examples() -> list[tuple[str, str]]:
    """(file name, text) of every example; a block naming several files (``pylintrc, .pylintrc``) is each."""
    found = []
    for match in EXAMPLE.finditer(page()):
        for name in match.group("names").split(","):
            found.append((name.strip(), match.group("body")))
    return found


def other_commands_flags() -> set[str]:
    """The flags of ``hubcompat`` itself and of each command argparse parses (check and fix parse their own)."""
    parser, subparsers = commands._parser()  # pylint: disable=protected-access  # the parsers the command runs
    helps = [parser.format_help()]
    helps += [sub.format_help() for name, sub in subparsers.items() if name not in ("check", "fix")]
    return {flag for text in helps for flag in FLAG.findall(text)}


def usage_flags() -> set[str]:
    return set(FLAG.findall(check.USAGE)) | set(FLAG.findall(fix.USAGE))


def test_the_flags_are_read_from_the_code() -> None:
    flags = usage_flags() | other_commands_flags()
    assert {"--no-respect-gitignore", "--diff", "--unsafe-fixes", "--select", "--json", "--rcfile"} <= flags
    assert not {f for f in flags if f.startswith("-keras") or f == "-three"}, "a rule's dashes are not flags"


@pytest.mark.parametrize("option", [name for name, _ in HubCompatChecker.options])
def test_every_checker_option_has_a_row_in_the_options_table(option: str) -> None:
    rows = re.findall(rf"^\| `{re.escape(option)}` \|.*$", page(), re.MULTILINE)
    assert rows, f"docs/configuration.md: add a row for the option `{option}` to the Options table"
    settings: dict[str, Any] = dict(HubCompatChecker.options)[option]
    values = {"choice": settings.get("choices", []), "yn": ["y", "n"]}.get(settings["type"], [])
    missing = [v for v in values if f"`{v}`" not in rows[0]]
    assert not missing, f"docs/configuration.md: the row of `{option}` does not name {missing}"


@pytest.mark.parametrize("flag", sorted(usage_flags() | other_commands_flags()))
def test_every_flag_of_the_commands_is_documented(flag: str) -> None:
    shown = re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", code_on_page())
    assert shown, f"docs/configuration.md does not document {flag} (as code: `{flag}`)"


def test_there_is_an_example_for_every_file_pylint_finds() -> None:
    shown = {name for name, _ in examples()}
    missing = sorted(FOUND_BY_PYLINT - shown)
    assert not missing, f"docs/configuration.md has no example of {missing}"
    assert shown - FOUND_BY_PYLINT, "an example of a file given with --rcfile"


@pytest.mark.parametrize(("name", "text"), examples(), ids=[name for name, _ in examples()])
def test_each_example_is_read_as_the_page_says(
    name: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(
        tmp_path / "project",
        # Without the options: tensorflow_hub 0.16+, where hub.Module is gone (hub-api-removed).
        {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub>=0.16\n", "train.py": HUB_MODULE, name: text},
    )
    monkeypatch.chdir(root)  # pylint finds its configuration from the working directory
    arguments = [] if name in FOUND_BY_PYLINT else [f"--rcfile={name}"]

    options = configured_options(arguments)
    read = {key: getattr(options, key) for key in EXPECTED}
    assert {k: dict(v) if k in ("versions", "mapping", "fix_choices") else v for k, v in read.items()} == EXPECTED

    assert hubcompat(["detect", "--json", *arguments]) == 0
    detected = json.loads(capsys.readouterr().out)
    assert detected["tensorflow"]["source"] == "tf-version option"
    assert detected["tensorflow"]["max"] == "2.15.1"
    assert detected["tensorflow-hub"]["source"] == "hub-version option"

    assert hubcompat(["handle", "gs://our-models/legacy/encoder/1", *arguments]) == 0
    assert "TF1 Hub format (model-formats option `gs://our-models/legacy/`)" in capsys.readouterr().out

    # The checker runs with it: no usage error, no option it could not use, and the finding of
    # tensorflow_hub 0.15 (the hub-version option), where hub.Module exists and fails in eager mode.
    status = hubcompat(["check", "train.py", "--output-format=json2", *arguments])
    messages = json.loads(capsys.readouterr().out)["messages"]
    assert not status & check.USAGE_ERROR
    assert [m["symbol"] for m in messages] == ["hub-module-eager"], messages
