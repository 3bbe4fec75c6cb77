"""Property tests: whatever text the configuration files hold, detection answers without raising."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import InvalidRequirement, Requirement

from pylint_hubcompat.target import detection
from pylint_hubcompat.target.environment import VARIABLES
from pylint_hubcompat.target.detection.conda import conda_specifiers
from pylint_hubcompat.target.distributions import ALIASES, alias_for, names_ignored_distribution
from pylint_hubcompat.target.detection.poetry import poetry_specifiers

REQUIREMENTS = """\
# production pins
-r base.txt
tensorflow>=2.10,<2.16 ; python_version >= "3.9" \\
    --hash=sha256:abc
tensorflow-hub==0.15.0
-e git+https://example.invalid/x.git#egg=x
tf-keras @ https://example.invalid/tf_keras-2.15.0-py3-none-any.whl
keras~=2.15
"""

PYPROJECT = """\
[project]
name = "demo"
dependencies = ["tensorflow>=2.12", "tensorflow-hub"]

[project.optional-dependencies]
gpu = ["tensorflow[and-cuda]>=2.14"]

[dependency-groups]
dev = ["tf-keras==2.15.1", {include-group = "lint"}]
lint = []

[tool.poetry.dependencies]
tensorflow = {version = "^2.13", python = ">=3.9"}

[tool.pytest.ini_options]
env = ["TF_USE_LEGACY_KERAS=1"]
"""

SETTINGS = settings(max_examples=int(os.environ.get("HUBCOMPAT_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` with a few slices deleted, duplicated or replaced by random characters."""
    edit = st.tuples(
        st.integers(0, len(text)), st.integers(0, 40), st.sampled_from(["delete", "duplicate", "insert"]), st.text(max_size=20)
    )

    def apply(edits: list[tuple[int, int, str, str]]) -> str:
        result = text
        for start, length, kind, noise in edits:
            start = min(start, len(result))
            if kind == "delete":
                result = result[:start] + result[start + length :]
            elif kind == "duplicate":
                result = result[:start] + result[start : start + length] * 2 + result[start + length :]
            else:
                result = result[:start] + noise + result[start:]
        return result

    return st.lists(edit, min_size=1, max_size=6).map(apply)


def detect_files(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in files.items():
            # st.text() makes lone surrogates too, which UTF-8 cannot hold
            (root / name).write_text(text, encoding="utf-8", errors="replace")
        detection.clear_caches()
        target = detection.detect_target(root)
        detection.clear_caches()
    assert tuple(c.distribution for c in target) == VARIABLES
    for constraint in target:
        # Nothing admitted means "not installed" or "cannot be installed", and says so.
        assert constraint.releases or constraint.origin in ("absent", "unknown"), "a target never admits nothing"
        assert constraint.source
    for problem in target.problems:
        assert problem.line >= 1
        assert "internal error" not in problem.message


@SETTINGS
@given(st.one_of(mutated(REQUIREMENTS), st.text()))
def test_any_requirements_text_is_read_without_raising(text):
    detect_files({"requirements.txt": text, "base.txt": "tensorflow<2.15\n"})


@SETTINGS
@given(st.one_of(mutated(PYPROJECT), st.text()))
def test_any_pyproject_text_is_read_without_raising(text):
    detect_files({"pyproject.toml": text})


@SETTINGS
@given(mutated("dependencies:\n  - tensorflow=2.15\n  - pip:\n    - tensorflow-hub==0.15.0\n"), mutated('[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n'))
def test_any_environment_and_lock_text_is_read_without_raising(environment, lock):
    detect_files({"environment.yml": environment, "uv.lock": lock})


@SETTINGS
@given(st.text(max_size=40))
def test_version_translations_either_answer_or_raise_value_error(text):
    for translate in (poetry_specifiers, conda_specifiers):
        try:
            translate(text)
        except ValueError:
            pass


@SETTINGS
@given(
    st.sampled_from([*ALIASES, "numpy", "tensorflow-datasets", "tf", "keras-cv"]).flatmap(
        lambda name: mutated(f"{name.upper() if len(name) % 2 else name}[extra] >=1.0, <9 ; os_name == 'posix'")
    )
)
def test_the_cheap_name_check_skips_only_requirements_that_are_not_ours(text):
    """Whatever packaging reads as one of our distributions is never skipped unparsed."""
    try:
        name = Requirement(text).name
    except InvalidRequirement:
        return
    if alias_for(name) is not None:
        assert not names_ignored_distribution(text.strip())
