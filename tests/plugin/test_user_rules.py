"""Rule files of a team (``rules-path``), as the team meets them in pylint.

A broken rule file is one ``hubcompat-config-error`` (W7100) naming the file, the
rule and the key, and then nothing else of ours until it is fixed: never a
traceback, never a message of pylint's or another plugin's carrying our text,
and stdout stays what the reporter writes (here json2, which must parse).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pylint.lint import PyLinter, Run

REPO = Path(__file__).resolve().parents[2]

IMPORT = "import tensorflow_hub as hub\n"


def example(bad: str, good: str = IMPORT, target: str = "") -> str:
    """``[rule.example]`` as an inline table (a JSON string is a TOML string)."""
    return f"{{ bad = {json.dumps(bad)}, good = {json.dumps(good)}" + (f", target = {target}" if target else "") + " }"


#: A valid team rule, one TOML line per key so that a test can replace any of them.
RULE = {
    "id": '"E9901"',
    "symbol": '"team-no-hub-load"',
    "category": '"error"',
    "message": '"{call}() is not allowed in serving code"',
    "why": '"Serving loads models once, in the server."',
    "fix": '"Receive the model from the server."',
    "source": '"team policy"',
    "when": '{ call = "tensorflow_hub.load" }',
    "example": example(IMPORT + "hub.load('x')\n"),
}
SERVE = 'import os\nimport tensorflow_hub as hub\n\nmodel = hub.load("https://tfhub.dev/google/nnlm-en-dim128/2")\n'


def rule(**changes: str | None) -> str:
    """The text of one ``[[rule]]``: RULE with ``changes`` (a key set to None is left out)."""
    keys = {**RULE, **changes}
    return "[[rule]]\n" + "".join(f"{key} = {value}\n" for key, value in keys.items() if value is not None)


def pylint(project: Path, *options: str, files: tuple[str, ...] = ("serve.py",), own_process: bool = False
           ) -> tuple[int, list[tuple[str, str]]]:
    """Run pylint in ``project`` as a user does; the exit status and the (symbol, text) of every message.

    Whatever happens, pylint must not raise or print a traceback, and its stdout must be the json2 report.
    ``own_process``: as a command, else in this process (the same run, without a second of start-up).
    """
    (project / "serve.py").write_text(SERVE, encoding="utf-8")
    args = ["--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", "--persistent=n",
            "--output-format=json2", *options, *files]
    if own_process:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "pylint", *args], cwd=project, capture_output=True, text=True,
                              env=env, check=False, timeout=300)
        assert "Traceback" not in done.stderr, done.stderr
        status, stdout = done.returncode, done.stdout
    else:
        assert Path.cwd() == project, "use the project fixture"
        with contextlib.redirect_stdout(io.StringIO()) as out:
            status = Run(args, exit=False).linter.msg_status
        stdout = out.getvalue()
    report = json.loads(stdout)
    return status, [(m["symbol"], m["message"]) for m in report["messages"]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The team's project directory, where pylint runs."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config_error(project: Path, text: str, *options: str, own_process: bool = False) -> str:
    """The one message pylint reports with rule file ``team.toml`` of ``text``: a W7100 that stops the plugin."""
    (project / "team.toml").write_text(text, encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml", *options, own_process=own_process)
    assert [symbol for symbol, _ in messages] == ["hubcompat-config-error"], messages
    assert status == 4  # a warning, nothing else
    assert messages[0][1].endswith("the plugin is stopped until it is fixed")
    return messages[0][1]


def test_a_valid_team_rule_reports_like_a_shipped_one(project: Path) -> None:
    (project / "team.toml").write_text(rule(), encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml", own_process=True)
    assert messages == [("team-no-hub-load", "hub.load() is not allowed in serving code")]
    assert status == 2


def test_a_valid_team_rule_reports_under_parallel_jobs(project: Path) -> None:
    """-j workers load the rules again into a linter that already knows their messages: not a clash."""
    (project / "team.toml").write_text(rule(), encoding="utf-8")
    (project / "other.py").write_text(SERVE, encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml", "-j", "2", files=("serve.py", "other.py"),
                              own_process=True)
    assert messages == [("team-no-hub-load", "hub.load() is not allowed in serving code")] * 2
    assert status == 2


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"note": "3"}, "note"),
        ({"note": "[3]"}, "note[0]"),
        ({"note": '{ text = "x" }'}, "note"),
        ({"note": '[{ text = "x", when = 1 }]'}, "note[0].when"),
        ({"example": '"x"'}, "example"),
        ({"example": '{ bad = 1, good = "import tensorflow_hub" }'}, "example.bad"),
        ({"example": '{ bad = "x", good = "y", target = [1] }'}, "example.target"),
        ({"when": "[1]"}, "when"),
        ({"when": "[]"}, "when"),
        ({"when": '{ call = "tensorflow_hub.load", format = [] }'}, "when.format"),
        ({"when": '{ call = "tensorflow_hub.load", tensorflow = 2 }'}, "when.tensorflow"),
        ({"when": '{ call = "tensorflow_hub.load", every = [1] }'}, "when.every"),
        ({"runtime": "{ env = 3 }"}, "runtime.env"),
        ({"runtime": "3"}, "runtime"),
        ({"matrix": "3"}, "matrix"),
        ({"matrix": "[1]"}, "matrix"),
        ({"once_per_module": '"yes"'}, "once_per_module"),
        ({"id": "7101"}, "id"),
        ({"id": '"E٩٩٠١"'}, "id"),  # Arabic-Indic digits are digits to a regex, not to pylint
        ({"message": "{ a = 1 }"}, "message"),
        ({"message": '"{call:>999999999}"'}, "message"),
    ],
    ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else value,
)
def test_a_value_of_the_wrong_type_is_one_config_error(project: Path, change: dict[str, str], key: str) -> None:
    text = config_error(project, rule(**change), own_process=change == {"note": "3"})  # once as a command
    assert f"team.toml: rule 'team-no-hub-load': key '{key}':" in text


@pytest.mark.parametrize("symbol", ["3", '["team-other"]', '"team-\\nrule"'])
def test_a_rule_without_a_usable_symbol_is_named_by_its_number(project: Path, symbol: str) -> None:
    text = config_error(project, rule() + rule(symbol=symbol, id='"E9902"'))
    assert "team.toml: rule #2: key 'symbol': " in text
    assert "\n" not in text  # one message line: nothing of the file's lines


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x = " + "[" * 2000 + "]" * 2000 + "\n", "invalid TOML: nested too deeply"),
        ("x = " + "1" * 5000 + "\n", "invalid TOML"),
        ("# " + "x" * (4 * 1024 * 1024) + "\n", "skipped: 4096 KiB is more than the 4096 KiB"),
    ],
    ids=["2000-deep-array", "5000-digit-integer", "more-than-4-MiB"],
)
def test_a_file_the_reader_cannot_take_is_one_config_error(project: Path, text: str, problem: str) -> None:
    assert f"rules-path: team.toml: {problem}" in config_error(project, text, own_process=True)


def test_a_rule_file_that_is_a_fifo_does_not_hang(project: Path) -> None:
    os.mkfifo(project / "fifo.toml")
    status, messages = pylint(project, "--rules-path=fifo.toml", own_process=True)
    problem = "rules-path: fifo.toml: skipped: not a regular file; the plugin is stopped until it is fixed"
    assert messages == [("hubcompat-config-error", problem)]
    assert status == 4


def test_a_home_directory_that_does_not_exist_is_one_config_error(project: Path) -> None:
    status, messages = pylint(project, "--rules-path=~no-such-user-here/team.toml")
    assert [symbol for symbol, _ in messages] == ["hubcompat-config-error"]
    assert status == 4
    assert "~no-such-user-here/team.toml" in messages[0][1]


# -- ids and symbols that are not the rule's to take -----------------------------------------------


@pytest.mark.parametrize(
    ("change", "key", "owner"),
    [
        ({"id": '"W0611"', "category": '"warning"'}, "id", "W0611 (unused-import)"),
        ({"id": '"W7100"', "category": '"warning"'}, "id", "W7100 (hubcompat-config-error)"),
        ({"id": '"W7199"', "category": '"warning"'}, "id", "W7199 (hubcompat-internal-error)"),
        ({"id": '"E0012"'}, "id", "W0012 (unknown-option-value)"),  # the old id of a renamed message
        ({"id": '"E1601"'}, "id", "deleted"),  # print-statement, deleted in pylint 2.x
        ({"symbol": '"hubcompat-config-error"'}, "symbol", "W7100 (hubcompat-config-error)"),
        ({"symbol": '"hubcompat-internal-error"'}, "symbol", "W7199 (hubcompat-internal-error)"),
        ({"symbol": '"bad-option-value"'}, "symbol", "W0012 (unknown-option-value)"),  # an old name
        ({"symbol": '"apply-builtin"'}, "symbol", "deleted"),
        ({"symbol": '"all"'}, "symbol", "reserved"),
        ({"symbol": '"hubcompat"'}, "symbol", "checker"),
        ({"symbol": '"typecheck"'}, "symbol", "checker"),
        ({"symbol": '"format"'}, "symbol", "checker"),
        ({"symbol": '"error"'}, "symbol", "category"),
        ({"symbol": '"convention"'}, "symbol", "category"),
        ({"symbol": '"rpc-no-load"'}, "symbol", "report"),
        ({"id": '"E0699"'}, "id", "prefix 06"),  # pylint's variables checker owns E06xx
    ],
    ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_a_name_pylint_or_hubcompat_owns_is_refused(project: Path, change: dict[str, str], key: str, owner: str
                                                    ) -> None:
    text = config_error(project, rule(**change))
    assert "team.toml: rule " in text and f"key '{key}':" in text, text
    assert owner in text


#: Another plugin of the team's: its checker, its message and its id prefix are taken.
PLUGIN = """\
from pylint.checkers import BaseChecker


class TeamChecker(BaseChecker):
    name = "team-checker"
    msgs = {"W9301": ("Team says %s", "team-says", "A message of another plugin.")}


def register(linter):
    linter.register_checker(TeamChecker(linter))
"""


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"symbol": '"team-says"'}, "key 'symbol': 'team-says' is the 'team-checker' checker's message W9301"),
        ({"id": '"W9301"', "category": '"warning"'}, "key 'id': 'W9301' is the 'team-checker' checker's message W9301"),
        ({"id": '"E9350"'}, "key 'id': 'E9350' has id prefix 93, used by the 'team-checker' checker"),
        ({"symbol": '"team-checker"'}, "key 'symbol': 'team-checker' is the name of a checker"),
    ],
    ids=["symbol", "id", "prefix", "checker-name"],
)
def test_a_name_another_plugin_owns_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, str], problem: str
) -> None:
    (project / "team_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(project))
    assert problem in config_error(project, rule(**change), "--load-plugins=team_plugin")


NEIGHBOURS = ("pylint_django", "pylint_pytest", "perflint")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in NEIGHBOURS),
    reason="neighbour plugins not installed (tests/plugin/test_plugin_neighbours.py)",
)
def test_the_names_of_the_popular_plugins_are_refused(project: Path) -> None:
    """One message of each neighbour plugin: its symbol is refused (what else they report is theirs)."""
    linter = PyLinter()
    linter.load_plugin_modules(NEIGHBOURS)
    modules = {c.name: type(c).__module__ for c in linter.get_checkers()}
    first_of_each = {modules[m.checker_name].split(".")[0]: m for m in linter.msgs_store.messages
                     if not modules.get(m.checker_name, "pylint.").startswith("pylint.")}
    assert set(first_of_each) == set(NEIGHBOURS)
    for message in first_of_each.values():
        (project / "team.toml").write_text(rule(symbol=f'"{message.symbol}"'), encoding="utf-8")
        _, messages = pylint(project, "--rules-path=team.toml", f"--load-plugins={','.join(NEIGHBOURS)}")
        ours = [text for symbol, text in messages if symbol.startswith(("hubcompat", "team"))]
        assert len(ours) == 1
        assert f"key 'symbol': '{message.symbol}' is the '{message.checker_name}' checker's message" in ours[0]


def test_a_symbol_of_pylint_keeps_pylint_text(project: Path) -> None:
    """With ``--enable=unused-import`` pylint's own W0611 is reported as pylint words it, never with our text."""
    (project / "team.toml").write_text(rule(symbol='"unused-import"'), encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml", "--enable=hubcompat,unused-import", own_process=True)
    assert sorted(symbol for symbol, _ in messages) == ["hubcompat-config-error", "unused-import"]
    (error,) = [text for symbol, text in messages if symbol == "hubcompat-config-error"]
    assert "rule 'unused-import': key 'symbol': 'unused-import' is pylint's message W0611 (unused-import)" in error
    assert [text for symbol, text in messages if symbol == "unused-import"] == ["Unused import os"]
    assert status == 4


def test_every_rule_of_the_team_shares_one_id_prefix(project: Path) -> None:
    """pylint requires the messages of one checker to share the two digits after the letter."""
    text = rule() + rule(id='"E9801"', symbol='"team-no-keras-layer"')
    message = config_error(project, text)
    assert "rule 'team-no-keras-layer': key 'id': 'E9801' has id prefix 98" in message
    assert "'team-no-hub-load' (team.toml) has 99" in message


def test_a_team_may_use_the_free_ids_of_the_hubcompat_prefix(project: Path) -> None:
    (project / "team.toml").write_text(rule(id='"E7150"'), encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml")
    assert messages == [("team-no-hub-load", "hub.load() is not allowed in serving code")]
    assert status == 2


# -- the examples prove the rule, as the test suite proves the shipped rules --------------------------


def test_a_bad_example_that_raises_nothing_is_refused(project: Path) -> None:
    message = config_error(project, rule(example=example(IMPORT)))
    assert "rule 'team-no-hub-load': key 'example.bad': raises nothing" in message


def test_rules_of_the_team_may_overlap(project: Path) -> None:
    """Each rule is proven among the shipped ones: a blanket rule does not leave the others without a proof."""
    blanket = rule(id='"W9902"', category='"warning"', symbol='"team-no-hub"', message='"no tensorflow_hub here"',
                   when='{ import = "tensorflow_hub" }', example=example(IMPORT, "import tensorflow as tf\n"))
    (project / "team.toml").write_text(rule() + blanket, encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml")
    assert sorted(symbol for symbol, _ in messages) == ["team-no-hub", "team-no-hub-load"]
    assert status == 2 | 4


def test_a_bad_example_the_checker_would_not_look_at_is_refused(project: Path) -> None:
    keras_rule = rule(when='{ call = "keras.layers.Dense" }', example=example("import keras\nkeras.layers.Dense(1)\n"))
    message = config_error(project, keras_rule)
    assert "key 'example.bad': raises nothing: the checker looks only at modules that mention tensorflow" in message


def test_a_good_example_that_raises_is_refused(project: Path) -> None:
    message = config_error(project, rule(example=example(IMPORT + "hub.load(1)\n", IMPORT + "hub.load(2)\n")))
    assert "rule 'team-no-hub-load': key 'example.good': raises team-no-hub-load (line 2)" in message


def test_a_bad_example_that_raises_a_shipped_message_too_is_refused(project: Path) -> None:
    """hub.Module is gone from tensorflow_hub 0.16, which the example is linted with: hub-api-removed fires too."""
    module_rule = rule(when='{ call = "tensorflow_hub.Module" }', example=example(IMPORT + "hub.Module('m')\n"))
    message = config_error(project, module_rule)
    raised = "raises hub-api-removed (line 2), team-no-hub-load (line 2); expected team-no-hub-load once"
    assert f"key 'example.bad': {raised}" in message


def test_an_example_that_is_not_python_is_refused(project: Path) -> None:
    message = config_error(project, rule(example=example(IMPORT + "hub.load(")))
    assert "key 'example.bad': not valid Python (line 2): '(' was never closed" in message


def test_the_example_target_is_what_the_examples_are_proven_with(project: Path) -> None:
    """A rule about TensorFlow before 2.16 needs its examples linted on such a TensorFlow, as the shipped ones."""
    old_tf = '{ call = "tensorflow_hub.load", tensorflow = "<2.16" }'
    message = config_error(project, rule(when=old_tf))
    assert "key 'example.bad': raises nothing with tensorflow 2.21.0" in message

    pinned = example(IMPORT + "hub.load('x')\n", target='{ tensorflow = "==2.15.1" }')
    (project / "team.toml").write_text(rule(when=old_tf, example=pinned), encoding="utf-8")
    status, messages = pylint(project, "--rules-path=team.toml", "--tf-version=2.15.1")
    assert messages == [("team-no-hub-load", "hub.load() is not allowed in serving code")]
    assert status == 2


def test_no_rules_path_loads_nothing_new(project: Path) -> None:
    """pylint imports the plugin in every run: without rules-path the proof of user rules stays unloaded."""
    (project / "serve.py").write_text(SERVE, encoding="utf-8")
    script = (
        "import sys\nfrom pylint.lint import Run\n"
        "Run(['--load-plugins=pylint_hubcompat', '--disable=all', '--enable=hubcompat', '--persistent=n', 'serve.py'],"
        " exit=False)\n"
        "print([m for m in ('pylint_hubcompat.rulebook.proofs',) if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, env=env,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
