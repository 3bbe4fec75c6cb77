"""A project as a careless user or a hostile pull request can make it, linted as CI lints it.

Every case runs the real commands in a subprocess (``hubcompat check`` and plain
pylint with the plugin), writing every output format at once.  Whatever the project
holds, pylint finishes, nothing prints a traceback, json2 and SARIF parse, and a
secret planted in the CI environment or beside the project appears in no output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.trees import write_tree

#: What a CI runner would hold: in its environment, and in a file beside the checkout.
SECRET = "ghp_PLANTEDs3cr3t0123456789abcdefXYZ"
FORMATS = ("text", "parseable", "colorized", "msvs", "json", "json2", "github", "hubcompat-sarif")
#: Far beyond what any of these runs takes: only a hang reaches it.
HANG = 120
TRAIN = 'import tensorflow_hub as hub\nm = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")\n'
PINS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, symlinks and /proc are POSIX")


class Outputs(dict):
    """Output format -> what was written in it, plus ``stdout`` and ``stderr``."""

    def everything(self) -> str:
        return "\n".join(self.values())

    def messages(self) -> list[str]:
        """``symbol: message`` of every json2 message."""
        return [f"{m['symbol']}: {m['message']}" for m in json.loads(self["json2"])["messages"]]


def lint_everywhere(project: Path, *paths: str, command: str = "hubcompat") -> Outputs:
    """Lint ``paths`` from ``project`` in every output format, with the secret in the environment."""
    out = project.parent / "out"
    out.mkdir(exist_ok=True)
    formats = ",".join(f"{fmt}:{out / fmt}" for fmt in FORMATS)
    if command == "hubcompat":
        argv = [sys.executable, "-m", "pylint_hubcompat", "check", *paths, f"--output-format={formats}"]
    else:
        argv = [sys.executable, "-m", "pylint", "--load-plugins=pylint_hubcompat", "--disable=all",
                "--enable=hubcompat", "--persistent=n", *paths, f"--output-format={formats}"]
    env = {**os.environ, "CI_DEPLOY_TOKEN": SECRET, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=HANG, check=False)
    outputs = Outputs({fmt: (out / fmt).read_text(encoding="utf-8") for fmt in FORMATS})
    outputs.update(stdout=result.stdout, stderr=result.stderr)
    assert "Traceback" not in outputs.everything(), outputs.everything()
    assert result.returncode < 32, outputs.everything()
    json.loads(outputs["json"])
    sarif = json.loads(outputs["hubcompat-sarif"])
    assert sarif["version"] == "2.1.0"
    return outputs


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A checkout in a CI workspace that holds a secrets file beside it."""
    (tmp_path / "workspace").mkdir()
    (tmp_path / "workspace" / "secrets.txt").write_text(f"MY_TOKEN={SECRET}\ntensorflow-hub {SECRET}\n")
    return write_tree(tmp_path / "workspace" / "repo", {"train.py": TRAIN})


@posix_only
@pytest.mark.parametrize("command", ["pylint", "hubcompat"])
def test_a_fifo_named_like_a_module_is_skipped_not_waited_for(project, command):
    write_tree(project, {"requirements.txt": PINS})
    os.mkfifo(project / "notes.py")
    os.mkfifo(project / "notes.ipynb")
    outputs = lint_everywhere(project, "train.py" if command == "pylint" else ".", command=command)
    assert [m.split(":")[0] for m in outputs.messages()] == ["hub-module-eager"]
    if command == "hubcompat":
        assert "skipped notes.py: not a regular file" in outputs["stderr"]
        assert "skipped notes.ipynb: not a regular file" in outputs["stderr"]


@posix_only
def test_includes_out_of_the_project_are_named_and_never_read(project):
    (project / "environ.txt").symlink_to("/proc/self/environ")
    write_tree(
        project,
        {
            "requirements.txt": PINS + "-r /proc/self/environ\n-r ../../../../../../../etc/shadow\n"
            "-r ../secrets.txt\n--requirement=environ.txt\n",
            "setup.cfg": "[options]\ninstall_requires = file: ../secrets.txt\n",
            "environment.yml": "dependencies:\n  - pip:\n    - -r ../secrets.txt\n",
        },
    )
    outputs = lint_everywhere(project, "train.py")
    assert SECRET not in outputs.everything()
    assert sorted(outputs.messages()) == [
        next(m for m in outputs.messages() if m.startswith("hub-module-eager: ")),
        "hubcompat-config-error: environment.yml:3: included requirement file ../secrets.txt is not read: "
        "it is outside the project",
        "hubcompat-config-error: requirements.txt:3: included requirement file /proc/self/environ is not read: "
        "a system file, not part of a project",
        "hubcompat-config-error: requirements.txt:4: included requirement file ../../../../../../../etc/shadow "
        "is not read: it is outside the project",
        "hubcompat-config-error: requirements.txt:5: included requirement file ../secrets.txt is not read: "
        "it is outside the project",
        "hubcompat-config-error: requirements.txt:6: included requirement file environ.txt is not read: "
        "a system file, not part of a project",
        "hubcompat-config-error: setup.cfg:2: included requirement file ../secrets.txt is not read: "
        "it is outside the project",
    ]


def test_a_line_that_does_not_parse_is_identified_never_quoted(project):
    write_tree(
        project,
        {
            "requirements.txt": PINS + f"CI_DEPLOY_TOKEN={SECRET}\ntensorflow-hub {SECRET}\n"
            f"keras https://ci:{SECRET}@example.com/simple/\nsome-tool;tensorflow {SECRET}\n"
            f"tf-keras==2.15.1 MY_TOKEN={SECRET}\n",
        },
    )
    outputs = lint_everywhere(project, "train.py")
    assert SECRET not in outputs.everything()
    problems = [m for m in outputs.messages() if m.startswith("hubcompat-config-error")]
    assert [p.split(", skipped")[0] for p in problems] == [
        "hubcompat-config-error: requirements.txt:4: cannot parse requirement tensorflow-hub",
        "hubcompat-config-error: requirements.txt:6: cannot parse requirement line",
        "hubcompat-config-error: requirements.txt:7: cannot parse requirement tf-keras",
    ]


def test_a_chain_of_3000_includes_is_followed_50_deep(project):
    files = {"requirements.txt": "tensorflow==2.15.1\n-r r1.txt\n"}
    files |= {f"r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(1, 3000)}
    files["r3000.txt"] = "tensorflow-hub==0.15.0\n"
    write_tree(project, files)
    outputs = lint_everywhere(project, "train.py")
    problems = [m for m in outputs.messages() if m.startswith("hubcompat-config-error")]
    assert problems == [
        "hubcompat-config-error: r49.txt:1: included file r50.txt is not read: more than 50 files deep"
    ]


def test_thousands_of_broken_lines_give_five_messages_and_a_count(project):
    broken = "".join(f"tensorflow-hub (>=0.{i}\n" for i in range(20_000))
    write_tree(project, {"requirements.txt": "tensorflow==2.15.1\n" + broken})
    outputs = lint_everywhere(project, "train.py")
    problems = [m for m in outputs.messages() if m.startswith("hubcompat-config-error")]
    assert len(problems) == 6
    assert problems[-1] == "hubcompat-config-error: requirements.txt:7: and 19,995 more problems in requirements.txt"


def test_a_setup_py_asking_for_gigabytes_is_not_evaluated(project):
    write_tree(
        project,
        {
            "requirements.txt": PINS,
            "setup.py": 'from setuptools import setup\nW = "{:>999999999999}"\n'
            'setup(install_requires=["tensorflow==" + W.format(1), "tensorflow==%999999999999s" % 1])\n',
        },
    )
    outputs = lint_everywhere(project, "train.py")
    assert [m.split(":")[0] for m in outputs.messages()] == ["hub-module-eager"]


RULE = """[[rule]]
id = "{id}"
symbol = "{symbol}"
category = "{category}"
message = "{{call}}() is not allowed"
why = "team policy"
fix = "do not"
source = "team"
when = {{ call = "tensorflow_hub.Module" }}
example = {{ bad = "import tensorflow_hub as hub\\nhub.Module('x')\\n", good = "import tensorflow_hub as hub\\n" }}
{extra}"""


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        (RULE.format(id="E9901", category="error", symbol="team-no-module", extra="note = 3"), "key 'note': must be"),
        (RULE.format(id="W0611", category="warning", symbol="team-no-module", extra=""), "'W0611' is pylint's message"),
        (RULE.format(id="W7100", category="warning", symbol="team-no-module", extra=""), "hubcompat's own"),
        (RULE.format(id="E9901", category="error", symbol="unused-import", extra=""), "'unused-import' is pylint's"),
        (RULE.format(id="E9901", category="error", symbol="all", extra=""), "'all' is reserved by pylint"),
        ("x = " + "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
        (f"MY_TOKEN = 1\n{SECRET} = 2\n", "unknown top-level key"),
    ],
)
def test_a_hostile_rule_file_is_one_config_error(project, rules, problem):
    write_tree(
        project,
        {
            "requirements.txt": PINS,
            "team.toml": rules,
            "pyproject.toml": '[tool.pylint.hubcompat]\nrules-path = ["team.toml"]\n',
        },
    )
    outputs = lint_everywhere(project, "train.py", "--enable=unused-import", command="pylint")
    assert SECRET not in outputs.everything()
    [message] = outputs.messages()
    assert message.startswith("hubcompat-config-error: rules-path: team.toml: ")
    assert problem in message


@posix_only
@pytest.mark.parametrize("entry", ["/proc/self/environ", "../secrets.txt", "fifo.toml"])
def test_rules_path_pointing_at_a_secret_or_a_fifo_is_one_config_error(project, entry):
    os.mkfifo(project / "fifo.toml")
    write_tree(project, {"requirements.txt": PINS, "pyproject.toml": f'[tool.pylint.hubcompat]\nrules-path = ["{entry}"]\n'})
    outputs = lint_everywhere(project, "train.py")
    assert SECRET not in outputs.everything()
    [message] = outputs.messages()
    assert message.startswith(f"hubcompat-config-error: rules-path: {entry}")
