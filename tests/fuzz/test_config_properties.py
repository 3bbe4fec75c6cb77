"""Property tests for the configuration readers not covered by tests/target/detection/test_properties.py.

That module fuzzes requirements.txt, pyproject.toml, environment.yml + uv.lock and the
poetry/conda version translations; here: setup.cfg, setup.py (read as an AST), Pipfile,
every other lock format, requirements files that include each other at random, and
all of them at once.  Whatever the text, detection answers and never raises.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.requirements import RequirementsReader
from tests.target.detection.test_properties import detect_files, mutated
from tests.fuzz.helpers import FUZZ, assert_no_crash, lint

SETUP_CFG = """\
[metadata]
name = demo
[options]
install_requires =
    tensorflow>=2.12,<2.16; python_version >= "3.9"
    tensorflow-hub==0.15.0
    numpy
[options.extras_require]
gpu = tensorflow[and-cuda]>=2.14
keras = tf-keras~=2.15
"""

SETUP_PY = """\
from setuptools import setup, find_packages
BASE = ["tensorflow>=2.10", "tensorflow-hub"]
EXTRA = {"keras": ["tf-keras==2.15.1"], "legacy": ["tensorflow<2"]}
CONFIG = dict(name="demo", install_requires=BASE + ["keras>=3"], extras_require=EXTRA)
setup(**CONFIG, packages=find_packages())
"""

PIPFILE = """\
[packages]
tensorflow = "==2.15.1"
tensorflow-hub = {version = ">=0.15", markers = "python_version >= '3.9'"}
tf-keras = "*"
[dev-packages]
keras = {version = "~=3.0", index = "pypi"}
"""

PIPFILE_LOCK = json.dumps(
    {
        "_meta": {"hash": {"sha256": "0"}},
        "default": {"tensorflow": {"version": "==2.15.1", "markers": "python_version >= '3.9'"}},
        "develop": {"tensorflow-hub": {"version": "==0.15.0"}},
    },
    indent=4,
)

TOML_LOCK = """\
lock-version = "1.0"
[[package]]
name = "tensorflow"
version = "2.15.1"
[[package]]
name = "tensorflow-hub"
version = "0.16.1"
[[packages]]
name = "tf-keras"
version = "2.15.0"
"""

LOCK_NAMES = st.sampled_from(["poetry.lock", "pdm.lock", "pylock.toml", "pylock.dev.toml", "uv.lock"])
TEXT = st.text(max_size=300)


@FUZZ
@given(st.one_of(mutated(SETUP_CFG), TEXT))
def test_any_setup_cfg_is_read_without_raising(text):
    detect_files({"setup.cfg": text})


@FUZZ
@given(st.one_of(mutated(SETUP_PY), TEXT))
def test_any_setup_py_is_read_as_data_without_raising(text):
    detect_files({"setup.py": text})


@FUZZ
@given(st.one_of(mutated(PIPFILE), TEXT), st.one_of(mutated(PIPFILE_LOCK), TEXT))
def test_any_pipfile_and_pipfile_lock_are_read_without_raising(pipfile, lock):
    detect_files({"Pipfile": pipfile, "Pipfile.lock": lock})


@FUZZ
@given(LOCK_NAMES, st.one_of(mutated(TOML_LOCK), TEXT))
def test_any_toml_lock_is_read_without_raising(name, text):
    detect_files({name: text})


@FUZZ
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.integers(0, 5).map(lambda i: f"-r req{i}.txt"),
                st.integers(0, 5).map(lambda i: f"-c ../req{i}.txt"),
                st.integers(0, 5).map(lambda i: f"--requirement=req{i}.txt"),
                st.sampled_from(["tensorflow==2.15.1", "tensorflow-hub<0.16", "-r", "-r missing.txt", "tf-keras @ ./x",
                                 "-r https://example.invalid/r.txt", "\\", "tensorflow>=2.12 \\", "# -r req0.txt"]),
                st.text(max_size=15),
            ),
            max_size=6,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_requirement_files_including_each_other_at_random_are_read_once_each(graph):
    """Cycles, self-includes, missing and remote files: every file is read at most once."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        for index, lines in enumerate(graph):
            (root / f"req{index}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")
        (root / "requirements.txt").write_text("-r req0.txt\n")
        reader = RequirementsReader(ProjectFiles(root))
        reader.read(root / "requirements.txt")
        assert len(reader._seen) <= len(graph) + 1  # pylint: disable=protected-access
        detect_files({"requirements.txt": "-r req0.txt\n", **{f"req{i}.txt": "\n".join(l) for i, l in enumerate(graph)}})


@FUZZ
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "setup.cfg": mutated(SETUP_CFG),
            "setup.py": mutated(SETUP_PY),
            "Pipfile": mutated(PIPFILE),
            "Pipfile.lock": mutated(PIPFILE_LOCK),
            "poetry.lock": mutated(TOML_LOCK),
            ".env": st.sampled_from(["TF_USE_LEGACY_KERAS=1\n", "TF_USE_LEGACY_KERAS\n", "=\n", "export X='\n"]),
            "tox.ini": st.sampled_from(["[testenv]\nsetenv = TF_USE_LEGACY_KERAS=1\n", "[testenv\n", "%(x)s\n"]),
        },
    )
)
def test_every_format_at_once_is_read_without_raising(files):
    detect_files(files)


BROKEN_SOURCES = {
    # file -> (text, the line the problem is reported on)
    "pyproject.toml": ('[project]\nname = "x"\ndependencies = [\n  "tensorflow==2.15.1",\n  oops\n]\n', 5),
    "requirements.txt": ("numpy\n\ntensorflow===[broken\n", 3),
    "setup.cfg": ("[options]\ninstall_requires =\n    tensorflow==2.15.1\n  [broken\nnot an option line\n", 5),
    "Pipfile": ('[packages]\ntensorflow = "==2.15.1"\ntensorflow-hub = {version = \n', 3),
    "setup.py": ("from setuptools import setup\nsetup(install_requires=[\n    'tensorflow==2.15.1',\n    )]\n", 4),
}


def test_a_broken_source_is_a_config_error_naming_file_and_line(tmp_path):
    for name, (text, line) in BROKEN_SOURCES.items():
        root = tmp_path / name.replace(".", "_")
        root.mkdir()
        (root / name).write_text(text, encoding="utf-8")
        module = root / "train.py"
        module.write_text("import tensorflow_hub as hub\nm = hub.load('https://tfhub.dev/google/nnlm-en-dim128/2')\n")
        messages = lint([module])
        assert_no_crash(messages)
        errors = [m[3] for m in messages if m[0] == "hubcompat-config-error"]
        assert any(e.startswith(f"{name}:{line}:") for e in errors), (name, errors)
