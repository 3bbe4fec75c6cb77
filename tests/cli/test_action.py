"""The composite action's bash steps (action/*.sh), run here as GitHub runs them.

Each script runs under bash with the environment action.yml gives it, a fake GITHUB_OUTPUT
and RUNNER_TEMP, and a fake virtual environment whose ``hubcompat`` records its arguments
and exits with the status a test asks for (writing a SARIF log, an empty one, or none).
One test runs the real checker through check.sh.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import HUB_MODULE, write_tree

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "action"
SARIF = '{"version": "2.1.0", "runs": []}\n'

#: check.sh's environment, from the inputs of action.yml.
CHECK_INPUTS = {
    "PATHS": "paths",
    "EXTRA_ARGS": "extra-args",
    "SARIF_FILE": "sarif-file",
    "BASELINE": "baseline",
    "FAIL_ON_FINDINGS": "fail-on-findings",
    "UPLOAD_SARIF": "upload-sarif",
}

#: A stand-in for the installed ``hubcompat``: what it was given goes to $FAKE_ARGV as JSON;
#: $FAKE_SARIF unset writes no log, else the log with that text; it exits with $FAKE_STATUS.
FAKE_HUBCOMPAT = """\
#!{python}
import json, os, sys
from pathlib import Path

Path(os.environ["FAKE_ARGV"]).write_text(json.dumps(sys.argv[1:]))
log = os.environ.get("FAKE_SARIF")
for argument in sys.argv[1:]:
    if log is not None and argument.startswith("--output-format=hubcompat-sarif:"):
        Path(argument.split(":", 1)[1].rsplit(",", 1)[0]).write_text(log)
sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
"""


def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def defaults() -> dict[str, str]:
    """check.sh's environment when the workflow gives no input: action.yml's defaults."""
    inputs = action()["inputs"]
    return {variable: inputs[name]["default"] for variable, name in CHECK_INPUTS.items()}


def read_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


@dataclass
class Step:
    """One run of a script: its status and printout, the outputs it set, what hubcompat got."""

    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    argv: list[str] | None


class Runner:
    """A runner's folders for one test: RUNNER_TEMP with the checker's venv, a workspace, GITHUB_OUTPUT."""

    def __init__(self, root: Path, layout: str = "bin") -> None:
        self.root = root
        self.temp = root / "runner-temp"
        self.venv = self.temp / "hubcompat-venv"
        self.workspace = root / "workspace"
        self.workspace.mkdir(parents=True)
        self.output = root / "github-output"
        self.argv_file = root / "argv.json"
        scripts = self.venv / layout
        scripts.mkdir(parents=True)
        suffix = ".exe" if layout == "Scripts" else ""
        (scripts / f"python{suffix}").symlink_to(sys.executable)
        fake = scripts / f"hubcompat{suffix}"
        fake.write_text(FAKE_HUBCOMPAT.format(python=sys.executable), encoding="utf-8")
        fake.chmod(0o755)

    def env(self, **variables: str) -> dict[str, str]:
        """A clean environment (nothing of an outer CI run's GITHUB_*), plus ``variables``."""
        base = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.root),
            "TMPDIR": str(self.root),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(self.output),
            "FAKE_ARGV": str(self.argv_file),
        }
        return {**base, **variables}

    def run(self, script: str, **variables: str) -> Step:
        self.output.unlink(missing_ok=True)
        self.argv_file.unlink(missing_ok=True)
        result = subprocess.run(
            ["bash", str(SCRIPTS / script)],
            cwd=self.workspace,
            env=self.env(**variables),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        argv = json.loads(self.argv_file.read_text(encoding="utf-8")) if self.argv_file.exists() else None
        return Step(result.returncode, result.stdout, result.stderr, read_outputs(self.output), argv)

    def check(self, status: int = 0, sarif: str | None = SARIF, **inputs: str) -> Step:
        """check.sh with action.yml's defaults and ``inputs`` (FAIL_ON_FINDINGS="false"...)."""
        fake = {"FAKE_STATUS": str(status)} | ({} if sarif is None else {"FAKE_SARIF": sarif})
        variables = {**defaults(), "HUBCOMPAT_VENV": str(self.venv), **fake, **inputs}
        step = self.run("check.sh", **variables)
        assert step.returncode == 0, step.stderr  # the step itself always passes: fail.sh fails the job
        return step


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def sarif_argument(name: str = "hubcompat-results.sarif") -> str:
    return f"--output-format=hubcompat-sarif:{name},github"


# --- paths and extra-args: split as the descriptions say, never globbed -------------------------


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ('"my dir" *.py src/[ab].py', ["my dir", "*.py", "src/[ab].py"]),
        ("my dir\n*.py\n  src/[ab].py  \n\n", ["my dir", "*.py", "src/[ab].py"]),
        ("src\n", ["src"]),
        (".", ["."]),
    ],
    ids=["one-line-quoted", "one-per-line", "block-of-one", "default"],
)
def test_paths_with_spaces_and_glob_characters_stay_whole(runner, paths, expected):
    # Files that an unquoted $PATHS would expand *.py and [ab].py to.
    write_tree(runner.workspace, {"a.py": "", "b.py": "", "src/a.py": "", "my dir/c.py": ""})
    step = runner.check(PATHS=paths)
    assert step.argv == ["check", *expected, sarif_argument()]


def test_extra_args_are_split_as_a_shell_line(runner):
    extra = """--tf-version=2.15.1 "--ignore-patterns=old .*" --disable='hub-a,hub-b'\n  --ignore=*.py"""
    write_tree(runner.workspace, {"a.py": ""})
    step = runner.check(EXTRA_ARGS=extra)
    assert step.argv == ["check", ".", sarif_argument(), *shlex.split(extra)]
    assert step.argv[-3:] == ["--ignore-patterns=old .*", "--disable=hub-a,hub-b", "--ignore=*.py"]


@pytest.mark.parametrize("variable", ["PATHS", "EXTRA_ARGS"])
def test_an_unclosed_quote_fails_without_running_the_checker(runner, variable):
    step = runner.check(FAIL_ON_FINDINGS="false", **{variable: '--disable="hub-a'})
    assert step.argv is None
    assert step.outputs["fail"] == "true"
    assert step.outputs["exit-code"] == "32"
    assert "No closing quotation" in step.stderr
    assert "::error title=hubcompat::" in step.stdout


# --- the job's outcome ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "fail_on_findings", "fails", "uploads"),
    [
        (0, "true", False, True),
        (0, "false", False, True),
        (2, "true", True, True),
        (4, "true", True, True),
        (16, "true", True, True),
        (2, "false", False, True),
        (4, "false", False, True),
        (8, "false", False, True),
        (16, "false", False, True),
        (32, "false", True, False),  # usage error: always fails
        (32, "true", True, False),
        (36, "false", True, False),  # a usage error beside findings is still one
        (1, "false", True, False),  # fatal: pylint could not lint a file
        (5, "false", True, False),
        (137, "false", True, False),  # killed: not a status pylint gives
    ],
)
def test_findings_fail_only_with_fail_on_findings_and_errors_always(runner, status, fail_on_findings, fails, uploads):
    step = runner.check(status, FAIL_ON_FINDINGS=fail_on_findings)
    assert step.outputs["exit-code"] == str(status)
    assert step.outputs["fail"] == str(fails).lower(), step.outputs["reason"]
    assert step.outputs["upload"] == str(uploads).lower()
    assert step.outputs["sarif-written"] == "true"
    assert ("::error title=hubcompat::" in step.stdout) is fails


@pytest.mark.parametrize("fail_on_findings", ["true", "false", "FALSE"])
def test_fail_on_findings_is_read_in_any_case(runner, fail_on_findings):
    step = runner.check(4, FAIL_ON_FINDINGS=fail_on_findings)
    assert step.outputs["fail"] == ("true" if fail_on_findings == "true" else "false")


@pytest.mark.parametrize("sarif", [None, ""], ids=["missing", "empty"])
def test_no_log_is_never_uploaded_and_fails_the_job(runner, sarif):
    step = runner.check(0, sarif=sarif, FAIL_ON_FINDINGS="false")
    assert step.outputs["sarif-written"] == "false"
    assert step.outputs["upload"] == "false"
    assert step.outputs["fail"] == "true"
    assert "wrote no SARIF log" in step.outputs["reason"]


def test_a_log_left_by_an_earlier_step_does_not_pass_for_this_run(runner):
    (runner.workspace / "hubcompat-results.sarif").write_text(SARIF, encoding="utf-8")
    step = runner.check(0, sarif=None)
    assert step.outputs["sarif-written"] == "false"
    assert not (runner.workspace / "hubcompat-results.sarif").exists()


def test_upload_sarif_false_keeps_the_log_home(runner):
    step = runner.check(0, UPLOAD_SARIF="false")
    assert step.outputs["sarif-written"] == "true"
    assert step.outputs["upload"] == "false"
    assert step.outputs["fail"] == "false"


@pytest.mark.parametrize(
    ("variable", "value"), [("FAIL_ON_FINDINGS", "no"), ("UPLOAD_SARIF", "yes"), ("SARIF_FILE", "")]
)
def test_an_invalid_input_fails_the_job(runner, variable, value):
    step = runner.check(0, **{variable: value})
    assert step.argv is None
    assert step.outputs["fail"] == "true"
    assert step.outputs["exit-code"] == "32"


def test_the_log_may_go_into_a_new_folder(runner):
    step = runner.check(0, SARIF_FILE="reports/hub compat.sarif")
    assert step.argv == ["check", ".", sarif_argument("reports/hub compat.sarif")]
    assert step.outputs["sarif-written"] == "true"
    assert (runner.workspace / "reports" / "hub compat.sarif").read_text(encoding="utf-8") == SARIF


def test_a_sarif_file_with_a_comma_is_refused(runner):
    step = runner.check(0, SARIF_FILE="a,b.sarif")
    assert step.argv is None
    assert "comma" in step.outputs["reason"]


# --- baseline ------------------------------------------------------------------------------------


def test_baseline_input_adds_the_option(runner):
    step = runner.check(BASELINE="hub baseline.json", EXTRA_ARGS="--tf-version=2.15.1")
    assert step.argv == ["check", ".", sarif_argument(), "--baseline", "hub baseline.json", "--tf-version=2.15.1"]


def test_no_baseline_by_default(runner):
    step = runner.check()
    assert step.argv is not None
    assert not any(argument.startswith("--baseline") for argument in step.argv)


# --- the virtual environment: bin/ on Linux and macOS, Scripts/ on Windows -----------------------


def test_windows_layout_is_found(tmp_path):
    runner = Runner(tmp_path, layout="Scripts")
    assert not (runner.venv / "bin").exists()
    step = runner.check(4, PATHS='"my dir"', FAIL_ON_FINDINGS="false")
    assert step.argv == ["check", "my dir", sarif_argument()]
    assert step.outputs["exit-code"] == "4"


def test_no_installed_checker_fails_the_job(runner):
    shutil.rmtree(runner.venv)
    step = runner.check(0)
    assert step.outputs["fail"] == "true"
    assert "the install step did not run" in step.outputs["reason"]


# --- fail.sh -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "expected"), [("32", 32), ("4", 4), ("1", 1), ("0", 1), ("", 1), ("x", 1)])
def test_fail_step_exits_with_the_checkers_status(runner, status, expected):
    step = runner.run("fail.sh", STATUS=status, REASON="usage error (exit status 32)")
    assert step.returncode == expected
    assert "hubcompat: usage error (exit status 32)" in step.stderr


# --- install.sh and cache.sh, with a fake Python ------------------------------------------------

#: A stand-in for setup-python's Python: ``-m venv DIR`` makes DIR/$FAKE_LAYOUT/python (itself),
#: ``-m pip ...`` records its arguments and puts a hubcompat beside it; anything else is real Python.
FAKE_PYTHON = """\
#!/usr/bin/env bash
printf 'call\\0' >> "$FAKE_CALLS"
printf '%s\\0' "$0" "$@" >> "$FAKE_CALLS"
scripts=bin suffix=
if [ "$FAKE_LAYOUT" = Scripts ]; then scripts=Scripts suffix=.exe; fi
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/$scripts" && cp "$0" "$3/$scripts/python$suffix" && exit 0
elif [ "$1 $2" = "-m pip" ]; then
  printf 'call\\0env\\0PIP_CACHE_DIR=%s\\0' "${PIP_CACHE_DIR:-}" >> "$FAKE_CALLS"
  printf '#!/usr/bin/env bash\\necho "hubcompat 0.0.0"\\n' > "$(dirname "$0")/hubcompat$suffix"
  chmod +x "$(dirname "$0")/hubcompat$suffix" && exit 0
fi
exec REAL_PYTHON "$@"
"""


class Installer:
    def __init__(self, root: Path, layout: str = "bin") -> None:
        self.runner = Runner(root / "runner")
        shutil.rmtree(self.runner.venv)
        self.python = root / "setup-python" / "python"
        self.python.parent.mkdir()
        self.python.write_text(FAKE_PYTHON.replace("REAL_PYTHON", shlex.quote(sys.executable)), encoding="utf-8")
        self.python.chmod(0o755)
        self.calls = root / "calls"
        self.layout = layout
        self.action_path = root / "action-path"
        self.action_path.mkdir()

    def run(self, script: str, **variables: str) -> tuple[Step, list[list[str]]]:
        self.calls.unlink(missing_ok=True)
        step = self.runner.run(
            script,
            PYTHON=str(self.python),
            ACTION_PATH=str(self.action_path),
            FAKE_CALLS=str(self.calls),
            FAKE_LAYOUT=self.layout,
            **variables,
        )
        return step, self.read_calls()

    def read_calls(self) -> list[list[str]]:
        """Each call of a fake Python as its argv, and ``["env", "PIP_CACHE_DIR=..."]`` for what pip saw."""
        if not self.calls.exists():
            return []
        calls: list[list[str]] = []
        for item in self.calls.read_bytes().decode().split("\0")[:-1]:
            if item == "call":
                calls.append([])
            else:
                calls[-1].append(item)
        return calls


@pytest.mark.parametrize("layout", ["bin", "Scripts"])
def test_install_makes_a_venv_with_setup_pythons_python_and_installs_the_action(tmp_path, layout):
    installer = Installer(tmp_path, layout)
    venv = installer.runner.venv
    step, calls = installer.run(
        "install.sh", HUBCOMPAT_VENV=str(venv), REQUIREMENT="", HUBCOMPAT_PIP_CACHE=str(tmp_path / "pip-cache")
    )
    assert step.returncode == 0, step.stderr
    suffix = ".exe" if layout == "Scripts" else ""
    venv_calls = [call for call in calls if call[1:3] == ["-m", "venv"]]
    pip_calls = [call for call in calls if call[1:3] == ["-m", "pip"]]
    assert venv_calls == [[str(installer.python), "-m", "venv", str(venv)]]
    assert pip_calls == [
        [
            f"{venv}/{layout}/python{suffix}",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(installer.action_path),
        ]
    ]
    assert ["env", f"PIP_CACHE_DIR={tmp_path / 'pip-cache'}"] in calls
    assert "hubcompat 0.0.0" in step.stdout


def test_install_splits_the_version_input(tmp_path):
    installer = Installer(tmp_path)
    step, calls = installer.run(
        "install.sh",
        HUBCOMPAT_VENV=str(installer.runner.venv),
        REQUIREMENT="pylint-hubcompat==0.1.0 'pylint>=3.3,<4'",
        HUBCOMPAT_PIP_CACHE="",
    )
    assert step.returncode == 0, step.stderr
    (pip,) = [call for call in calls if call[1:3] == ["-m", "pip"]]
    assert pip[-2:] == ["pylint-hubcompat==0.1.0", "pylint>=3.3,<4"]
    assert ["env", "PIP_CACHE_DIR="] in calls  # no cache folder given: pip's own default


def test_cache_key_follows_what_is_installed(tmp_path):
    installer = Installer(tmp_path)
    (installer.action_path / "pyproject.toml").write_text('version = "0.1.0"\n', encoding="utf-8")

    def key(**variables: str) -> dict[str, str]:
        step, _ = installer.run("cache.sh", RUNNER_OS="Linux", RUNNER_ARCH="X64", **variables)
        assert step.returncode == 0, step.stderr
        return step.outputs

    own = key(REQUIREMENT="")
    assert own["enabled"] == "true"
    assert own["dir"] == f"{installer.runner.temp}/hubcompat-pip-cache"
    python = ".".join(map(str, sys.version_info[:3]))
    assert own["restore-key"] == f"hubcompat-pip-Linux-X64-py{python}-"
    assert re.fullmatch(re.escape(own["restore-key"]) + "[0-9a-f]{16}", own["key"])
    assert key(REQUIREMENT="")["key"] == own["key"]
    pinned = key(REQUIREMENT="pylint-hubcompat==0.1.0")
    assert pinned["key"] != own["key"]
    (installer.action_path / "pyproject.toml").write_text('version = "0.2.0"\n', encoding="utf-8")
    assert key(REQUIREMENT="")["key"] != own["key"]
    assert key(REQUIREMENT="pylint-hubcompat==0.1.0")["key"] == pinned["key"]  # the action's own files play no part
    assert key(REQUIREMENT="", CACHE="false") == {"enabled": "false"}
    step, _ = installer.run("cache.sh", CACHE="maybe")
    assert step.returncode != 0
    assert 'the cache input must be true or false, not "maybe"' in step.stderr


# --- action.yml calls the scripts with what they read ------------------------------------------


def script_steps() -> list[tuple[dict, Path]]:
    found = []
    for step in action()["runs"]["steps"]:
        if "run" in step:
            match = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/action/([a-z-]+\.sh)"', step["run"].strip())
            assert match, f"step {step.get('name')!r} runs inline bash instead of a script of action/: {step['run']!r}"
            found.append((step, SCRIPTS / match.group(1)))
    return found


def test_action_parses_and_its_steps_call_the_scripts():
    spec = action()
    assert spec["runs"]["using"] == "composite"
    steps = script_steps()
    assert [path.name for _, path in steps] == ["cache.sh", "install.sh", "check.sh", "plan.sh", "fail.sh"]
    for step, path in steps:
        assert path.is_file()
        assert step["shell"] == "bash"
        text = path.read_text(encoding="utf-8")
        for variable in step.get("env", {}):
            read = rf"\${{?{variable}\b|split_input \S+ [a-z]+ {variable}\b"  # split_input reads it by name
            assert re.search(read, text), f"{path.name} does not read {variable}, which action.yml gives it"


def test_every_input_is_documented_and_used():
    spec = action()
    steps_text = yaml.safe_dump(spec["runs"]) + yaml.safe_dump(spec["outputs"])
    for name, definition in spec["inputs"].items():
        assert len(definition.get("description", "")) > 20, name
        assert "default" in definition, name
        assert f"inputs.{name} " in steps_text.replace("}}", " }}"), f"input {name} is never used"
    assert {
        "paths",
        "python-version",
        "extra-args",
        "version",
        "baseline",
        "sarif-file",
        "upload-sarif",
        "fail-on-findings",
        "cache",
        "plan-summary",
        "plan-to",
    } <= set(spec["inputs"])
    assert {"exit-code", "sarif-file", "sarif-written"} <= set(spec["outputs"])


def test_every_step_output_used_is_set_by_its_script():
    spec = action()
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    scripts = {step["id"]: path for step, path in script_steps() if "id" in step}
    used = set(re.findall(r"steps\.([a-z-]+)\.outputs\.([a-z-]+)", text))
    assert ("check", "upload") in used and ("check", "fail") in used
    for step_id, name in used:
        if step_id in scripts:
            assert re.search(rf"\boutput {name} ", scripts[step_id].read_text(encoding="utf-8")), (step_id, name)
    uses = {step.get("uses", "").split("@")[0]: step for step in spec["runs"]["steps"]}
    assert uses["actions/setup-python"]["with"]["update-environment"] is False
    # Saved apart from the job's outcome: actions/cache's own save is skipped when the job fails.
    assert {"actions/cache/restore", "actions/cache/save"} <= set(uses) and "actions/cache" not in uses
    assert "steps.check.outputs.upload == 'true'" in uses["github/codeql-action/upload-sarif"]["if"]


def test_upload_comes_before_the_step_that_fails_the_job():
    names = [step.get("uses", step.get("run", "")) for step in action()["runs"]["steps"]]
    upload = next(i for i, n in enumerate(names) if n.startswith("github/codeql-action/upload-sarif@"))
    fail = next(i for i, n in enumerate(names) if "fail.sh" in n)
    check = next(i for i, n in enumerate(names) if "check.sh" in n)
    assert check < upload < fail


def test_scripts_are_valid_bash():
    for path in sorted(SCRIPTS.glob("*.sh")):
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, (path.name, result.stderr)


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_scripts_pass_shellcheck():
    result = subprocess.run(
        ["shellcheck", "-x", *map(str, sorted(SCRIPTS.glob("*.sh")))],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


# --- the real checker through check.sh ---------------------------------------------------------


def test_check_step_with_the_real_checker(tmp_path):
    runner = Runner(tmp_path)
    (runner.venv / "bin" / "hubcompat").unlink()
    (runner.venv / "bin" / "hubcompat").symlink_to(Path(sys.executable).parent / "hubcompat")
    write_tree(
        runner.workspace,
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "src/train.py": HUB_MODULE,
            "src/old code/train.py": HUB_MODULE,
        },
    )
    step = runner.run(
        "check.sh",
        **{
            **defaults(),
            "HUBCOMPAT_VENV": str(runner.venv),
            "PATHS": '"src/old code"',
            "EXTRA_ARGS": "--score=n",
            "FAIL_ON_FINDINGS": "false",
        },
    )
    assert step.returncode == 0, step.stderr
    assert step.outputs == {
        "exit-code": "2",
        "sarif-written": "true",
        "upload": "true",
        "fail": "false",
        "reason": "findings (exit status 2), reported only: fail-on-findings is false",
    }
    assert "::error file=src/old code/train.py,line=4," in step.stdout
    sarif = json.loads((runner.workspace / "hubcompat-results.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["E7101"]


def test_check_step_with_the_real_checker_and_a_baseline(tmp_path):
    runner = Runner(tmp_path)
    real = Path(sys.executable).parent / "hubcompat"
    (runner.venv / "bin" / "hubcompat").unlink()
    (runner.venv / "bin" / "hubcompat").symlink_to(real)
    write_tree(
        runner.workspace, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "train.py": HUB_MODULE}
    )
    subprocess.run(
        [str(real), "check", ".", "--write-baseline", "hub baseline.json"],
        cwd=runner.workspace,
        capture_output=True,
        check=False,
    )
    assert (runner.workspace / "hub baseline.json").is_file()
    inputs = {**defaults(), "HUBCOMPAT_VENV": str(runner.venv), "BASELINE": "hub baseline.json"}
    step = runner.run("check.sh", **inputs)
    assert step.outputs["exit-code"] == "0", step.stdout + step.stderr
    assert step.outputs["fail"] == "false"
    assert "::error file=train.py" not in step.stdout


# --- the plan in the job summary ---------------------------------------------------------------


def plan_step(runner: Runner, status: int = 0, **inputs: str) -> tuple[Step, str]:
    summary = runner.root / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    variables = {"HUBCOMPAT_VENV": str(runner.venv), "PATHS": ".", "PLAN_TO": "", "FAKE_STATUS": str(status)}
    step = runner.run("plan.sh", GITHUB_STEP_SUMMARY=str(summary), **{**variables, **inputs})
    return step, summary.read_text(encoding="utf-8")


def test_the_plan_step_runs_plan_in_markdown_with_the_paths_and_line(runner):
    step, summary = plan_step(runner, PATHS='"my dir" src', PLAN_TO="tensorflow==2.18.*")
    assert step.returncode == 0, step.stderr
    assert step.argv == ["plan", "my dir", "src", "--format=markdown", "--to", "tensorflow==2.18.*"]
    assert summary.startswith("earlier step\n")


@pytest.mark.parametrize(("status", "fails"), [(0, False), (1, False), (32, True), (2, True)])
def test_something_left_for_a_person_does_not_fail_the_step(runner, status, fails):
    step, summary = plan_step(runner, status=status)
    assert (step.returncode != 0) is fails
    assert ("::error title=hubcompat::" in step.stdout) is fails
    if fails:
        assert summary == "earlier step\n"


def test_the_plan_step_with_the_real_checker(tmp_path):
    runner = Runner(tmp_path)
    (runner.venv / "bin" / "hubcompat").unlink()
    (runner.venv / "bin" / "hubcompat").symlink_to(Path(sys.executable).parent / "hubcompat")
    write_tree(runner.workspace, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "train.py": HUB_MODULE})
    step, summary = plan_step(runner, PLAN_TO="2.16")
    assert step.returncode == 0, step.stderr
    assert "### hubcompat plan: `.` to TensorFlow 2.16" in summary
    assert "| rule | now | 2.15 | 2.16 | |" in summary
    assert "`requirements.txt:1`: `tensorflow==2.15.1` -> `tensorflow==2.16.2`" in summary
