"""Fixes that edit the project's own dependency file: setuptools<82, tensorflow<2.16, and ``require``.

Each case is a project as a user has it (a ``pyproject.toml``, Poetry, requirements files
that include one another, ``setup.cfg``), with a module shaped like the TF Hub text
classification tutorial.  It is linted end to end with no version option (the project's
files decide), the fix is applied to the dependency file, and the project linted again
must be clean of the rule, with no fix left to make.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import NamedTuple

import astroid
import pytest
from packaging.version import Version

from pylint_hubcompat.files import text_edits
from pylint_hubcompat.fixes.context import FixContext, Source
from pylint_hubcompat.fixes.dependencies.files import require
from pylint_hubcompat.fixes.dependencies.version_pins import fit_hub_and_tensorflow
from pylint_hubcompat.fixes.fixable import Fixable
from pylint_hubcompat.rulebook.loading import builtin_rules
from pylint_hubcompat.target import detection
from tests.lint import lint_with_fixes
from tests.trees import write_tree

SETUPTOOLS = "hub-setuptools-pkg-resources"
CONFLICT = "hub-version-conflict"
TUTORIAL = """\
import tensorflow as tf
import tensorflow_hub as hub

embed = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim50/2", input_shape=[], dtype=tf.string)
"""
HASH = "--hash=sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
PYTHON_312 = '[project]\nname = "classifier"\nrequires-python = ">=3.12"\n'


class Linted(NamedTuple):
    symbols: list[str]
    fixes: list[Fixable]

    def of(self, symbol: str) -> list[Fixable]:
        return [fixable for fixable in self.fixes if fixable.symbol == symbol]


def lint(root: Path, *options: str, modules: tuple[str, ...] = ("classify.py",), fresh: bool = True) -> Linted:
    """Lint the project's modules in-process; ``fresh``: its files are read again (else the detected target stays)."""
    if fresh:
        detection.clear_caches()
    for name in modules:
        if not (root / name).exists():
            (root / name).write_text(TUTORIAL, encoding="utf-8")
    messages, fixes = lint_with_fixes([root / name for name in modules], *options)
    return Linted([m.symbol for m in messages], fixes)


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # as written: CRLF stays CRLF


def fixed(root: Path, symbol: str, **lint_options: tuple[str, ...]) -> dict[str, str]:
    """The dependency files (relative name -> text) once the rule's fixes are made; proven clean and stable."""
    found = lint(root, **lint_options).of(symbol)
    assert found, f"no fix for {symbol}"
    edits: dict[str, list[text_edits.Edit]] = {}
    for fixable in found:
        assert fixable.fix.edits and all(edit.path for edit in fixable.fix.edits)
        for edit in fixable.fix.edits:
            edits.setdefault(edit.path, []).append(edit)
    texts = {}
    for path, file_edits in edits.items():
        text = text_edits.apply(read(Path(path)), file_edits)
        Path(path).write_bytes(text.encode("utf-8"))
        texts[Path(path).relative_to(root).as_posix()] = text
    again = lint(root, **lint_options)
    assert symbol not in again.symbols
    assert again.of(symbol) == []
    return texts


def unfixed(root: Path, symbol: str, *options: str, fresh: bool = True) -> None:
    """The rule fires, and no fix is offered."""
    linted = lint(root, *options, fresh=fresh)
    assert symbol in linted.symbols
    assert linted.of(symbol) == []


def project(tmp_path: Path, files: dict[str, str], newline: str = "\n") -> Path:
    root = write_tree(tmp_path / "classifier", {})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).removeprefix("\n").replace("\n", newline).encode("utf-8"))
    return root


def context_of(root: Path, symbol: str, **affected: tuple[Version, ...]) -> FixContext:
    """What a fixer is handed for a finding of ``symbol`` in the tutorial module of the project at ``root``.

    These fixers read the target and the affected releases; the site is left out.
    """
    detection.clear_caches()
    rule = next(rule for rule in builtin_rules() if rule.symbol == symbol)
    module = astroid.parse(TUTORIAL)
    target = detection.detect_target(root)
    return FixContext(rule, None, module.body[1], module, Source(TUTORIAL), target, affected, {})  # type: ignore[arg-type]


# -- hub-version-conflict: tensorflow<2.16 beside a pinned tensorflow-hub 0.15 --------------------------


PEP_621 = """
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name    =   "review-classifier"   # IMDB reviews, as in the TF Hub tutorial
version = "0.1.0"
dependencies = [
    # the framework
    "tensorflow >= 2.12",
    'tensorflow-hub == 0.15.0',   # the last hub built on tf.estimator
    "numpy",
]

[project.optional-dependencies]
dev = [ "pytest" ]
"""


def test_tensorflow_gets_an_upper_bound_in_a_pep_621_pyproject(tmp_path: Path) -> None:
    root = project(tmp_path, {"pyproject.toml": PEP_621})
    texts = fixed(root, CONFLICT)
    expected = textwrap.dedent(PEP_621).removeprefix("\n").replace('"tensorflow >= 2.12"', '"tensorflow >= 2.12,<2.16"')
    assert texts == {"pyproject.toml": expected}


def test_a_crlf_pyproject_stays_crlf(tmp_path: Path) -> None:
    root = project(tmp_path, {"pyproject.toml": PEP_621}, newline="\r\n")
    text = fixed(root, CONFLICT)["pyproject.toml"]
    assert '    "tensorflow >= 2.12,<2.16",\r\n' in text
    assert "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ('tensorflow = "^2.12"  # CPU build', 'tensorflow = "^2.12,<2.16"  # CPU build'),
        (
            'tensorflow = { version = ">=2.12", extras = ["and-cuda"] }',
            'tensorflow = { version = ">=2.12,<2.16", extras = ["and-cuda"] }',
        ),
        ('tensorflow = "*"', 'tensorflow = "<2.16"'),
    ],
    ids=["caret", "inline-table", "any-version"],
)
def test_tensorflow_gets_an_upper_bound_in_poetry(tmp_path: Path, declared: str, expected: str) -> None:
    poetry = f"""
    [tool.poetry]
    name = "review-classifier"
    version = "0.1.0"

    [tool.poetry.dependencies]
    python = "^3.10"
    {declared}
    tensorflow-hub = "0.15.0"
    """
    root = project(tmp_path, {"pyproject.toml": poetry})
    assert fixed(root, CONFLICT) == {
        "pyproject.toml": textwrap.dedent(poetry).removeprefix("\n").replace(declared, expected)
    }


def test_the_included_requirements_file_that_declares_tensorflow_is_edited(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "requirements.txt": """
            # Training dependencies
            -r shared/base.txt
            tensorflow-hub==0.15.0  # the models were exported with it
            """,
            "shared/base.txt": """
            numpy>=1.23
            tensorflow>=2.12 ; python_version < "3.13"   # GPU: the cluster image
            """,
        },
    )
    assert fixed(root, CONFLICT) == {
        "shared/base.txt": 'numpy>=1.23\ntensorflow>=2.12,<2.16 ; python_version < "3.13"   # GPU: the cluster image\n'
    }


def test_a_bare_tensorflow_gets_a_specifier(tmp_path: Path) -> None:
    root = project(tmp_path, {"requirements.txt": "tensorflow\ntensorflow-hub==0.15.0\n"})
    assert fixed(root, CONFLICT) == {"requirements.txt": "tensorflow<2.16\ntensorflow-hub==0.15.0\n"}


def test_setup_cfg_install_requires_is_edited_by_line(tmp_path: Path) -> None:
    setup_cfg = """
        [metadata]
        name = review-classifier

        [options]
        python_requires = >=3.9
        install_requires =
            tensorflow>=2.12
            tensorflow-hub==0.15.0
        """
    root = project(tmp_path, {"setup.cfg": setup_cfg})
    assert fixed(root, CONFLICT)["setup.cfg"].splitlines()[6] == "    tensorflow>=2.12,<2.16"


def test_every_module_gives_the_same_edit_and_it_is_made_once(tmp_path: Path) -> None:
    root = project(tmp_path, {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub==0.15.0\n"})
    modules = ("classify.py", "train.py")
    found = lint(root, modules=modules).of(CONFLICT)
    assert len(found) == 2 and found[0].fix.edits == found[1].fix.edits
    assert fixed(root, CONFLICT, modules=modules) == {
        "requirements.txt": "tensorflow>=2.12,<2.16\ntensorflow-hub==0.15.0\n"
    }


# -- hub-setuptools-pkg-resources: setuptools<82 ------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("setuptools>=82", "setuptools<82"), ("setuptools >= 60  # build tools", "setuptools >= 60,<82  # build tools")],
    ids=["at-82", "range-admitting-82"],
)
def test_a_declared_setuptools_gets_below_82(tmp_path: Path, declared: str, expected: str) -> None:
    pins = "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\n"
    root = project(tmp_path, {"requirements.txt": pins + declared + "\n"})
    assert fixed(root, SETUPTOOLS) == {"requirements.txt": pins + expected + "\n"}


def test_a_crlf_requirements_file_stays_crlf(tmp_path: Path) -> None:
    root = project(
        tmp_path, {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\nsetuptools>=82\n"}, "\r\n"
    )
    assert fixed(root, SETUPTOOLS) == {
        "requirements.txt": "tensorflow==2.21.0\r\ntensorflow-hub==0.16.1\r\nsetuptools<82\r\n"
    }


def test_a_bare_setuptools_on_python_3_12_gets_below_82(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "pyproject.toml": PYTHON_312,
            "requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\nsetuptools\n",
        },
    )
    assert fixed(root, SETUPTOOLS)["requirements.txt"].endswith("\nsetuptools<82\n")


MULTI_LINE = """
    dependencies = [
      "tensorflow>=2.16",
      'tensorflow-hub>=0.16.1',  # hub.KerasLayer on tf_keras
      "tf-keras",
    ]
    """
LAST_WITHOUT_COMMA = """
    dependencies = [
      "tensorflow>=2.16",
      "tf-keras",
      "tensorflow-hub>=0.16.1"  # hub.KerasLayer on tf_keras
    ]
    """
INLINE = """
    dependencies = ["tensorflow>=2.16", "tensorflow-hub>=0.16.1", "tf-keras"]
    """


@pytest.mark.parametrize(
    ("dependencies", "expected"),
    [
        (
            MULTI_LINE,
            MULTI_LINE.replace(
                "  # hub.KerasLayer on tf_keras\n", "  # hub.KerasLayer on tf_keras\n      'setuptools<82',\n"
            ),
        ),
        (
            LAST_WITHOUT_COMMA,
            LAST_WITHOUT_COMMA.replace(
                '"tensorflow-hub>=0.16.1"  # hub.KerasLayer on tf_keras\n',
                '"tensorflow-hub>=0.16.1",  # hub.KerasLayer on tf_keras\n      "setuptools<82"\n',
            ),
        ),
        (INLINE, INLINE.replace('"tensorflow-hub>=0.16.1", ', '"tensorflow-hub>=0.16.1", "setuptools<82", ')),
    ],
    ids=["one-per-line", "last-without-comma", "inline"],
)
def test_an_undeclared_setuptools_is_added_after_tensorflow_hub_in_the_array_s_style(
    tmp_path: Path, dependencies: str, expected: str
) -> None:
    root = project(tmp_path, {"pyproject.toml": PYTHON_312 + textwrap.dedent(dependencies).removeprefix("\n")})
    assert fixed(root, SETUPTOOLS) == {"pyproject.toml": PYTHON_312 + textwrap.dedent(expected).removeprefix("\n")}


def test_an_undeclared_setuptools_is_added_after_tensorflow_hub_in_a_requirements_file(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "pyproject.toml": PYTHON_312,
            "requirements.txt": "# serving\ntensorflow>=2.16\ntensorflow-hub==0.16.1\ntf-keras\n",
        },
    )
    assert fixed(root, SETUPTOOLS) == {
        "requirements.txt": "# serving\ntensorflow>=2.16\ntensorflow-hub==0.16.1\nsetuptools<82\ntf-keras\n"
    }


def test_an_undeclared_setuptools_is_added_after_tensorflow_hub_in_poetry(tmp_path: Path) -> None:
    poetry = """
        [tool.poetry.dependencies]
        python = "^3.12"
        tensorflow = "^2.16"
        tensorflow-hub = "0.16.1"   # pinned with the exported models
        tf-keras = "*"
        """
    root = project(tmp_path, {"pyproject.toml": poetry})
    assert fixed(root, SETUPTOOLS)["pyproject.toml"].splitlines()[3:5] == [
        'tensorflow-hub = "0.16.1"   # pinned with the exported models',
        'setuptools = "<82"',
    ]


# -- no fix: what the project's hand-written files do not decide --------------------------------------------


def test_a_requirements_file_with_hashes_is_a_lock_and_gets_no_fix(tmp_path: Path) -> None:
    pins = ["tensorflow==2.21.0", "tensorflow-hub==0.16.1", "tf-keras==2.21.0", "setuptools==82.0.1"]
    root = project(tmp_path, {"requirements.txt": "".join(f"{pin} {HASH}\n" for pin in pins)})
    unfixed(root, SETUPTOOLS)


def test_a_compiled_requirements_file_gets_no_fix(tmp_path: Path) -> None:
    compiled = """
        #
        # This file is autogenerated by pip-compile with Python 3.12
        # by the following command:
        #
        #    pip-compile requirements.in
        #
        setuptools==82.0.1
        tensorflow==2.21.0
        tensorflow-hub==0.16.1
        tf-keras==2.21.0
        """
    unfixed(project(tmp_path, {"requirements.txt": compiled}), SETUPTOOLS)


def test_a_locked_project_gets_no_fix(tmp_path: Path) -> None:
    lock = "version = 1\n" + "".join(
        f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
        for name, version in (("tensorflow", "2.21.0"), ("tensorflow-hub", "0.15.0"))
    )
    root = project(tmp_path, {"pyproject.toml": PEP_621, "uv.lock": lock})
    unfixed(root, CONFLICT)


def test_a_poetry_lock_beside_the_declarations_means_no_fix(tmp_path: Path) -> None:
    """The lock holds none of the distributions the rule is about, but an edit of pyproject.toml makes it stale."""
    lock = '[[package]]\nname = "numpy"\nversion = "2.1.0"\n\n[metadata]\nlock-version = "2.0"\n'
    root = project(tmp_path, {"pyproject.toml": PYTHON_312 + textwrap.dedent(MULTI_LINE), "poetry.lock": lock})
    unfixed(root, SETUPTOOLS)


def test_versions_from_options_get_no_fix(tmp_path: Path) -> None:
    root = project(tmp_path, {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub>=0.12\n"})
    unfixed(root, CONFLICT, "--tf-version=2.21.0", "--hub-version=0.15.0")


def test_tensorflow_declared_per_python_version_gets_no_fix(tmp_path: Path) -> None:
    """TensorFlow 2.15 has no wheels for Python 3.12: the second line cannot also be <2.16."""
    root = project(
        tmp_path,
        {
            "requirements.txt": """
            tensorflow>=2.12; python_version < "3.12"
            tensorflow>=2.16; python_version >= "3.12"
            tensorflow-hub==0.15.0
            """,
        },
    )
    unfixed(root, CONFLICT)


def test_no_fix_where_no_tensorflow_before_2_16_fits_the_project(tmp_path: Path) -> None:
    newer = project(tmp_path / "newer", {"requirements.txt": "tensorflow>=2.17\ntensorflow-hub==0.15.0\n"})
    unfixed(newer, CONFLICT)
    python_312 = project(
        tmp_path / "py312", {"pyproject.toml": PYTHON_312 + PEP_621.split("[project]\n")[1].split("\n", 1)[1]}
    )
    unfixed(python_312, CONFLICT)


def test_tensorflow_the_project_does_not_declare_gets_no_fix(tmp_path: Path) -> None:
    unfixed(project(tmp_path / "undeclared", {"requirements.txt": "tensorflow-hub==0.15.0\n"}), CONFLICT)
    setup_py = (
        'from setuptools import setup\n\nsetup(install_requires=["tensorflow>=2.12", "tensorflow-hub==0.15.0"])\n'
    )
    unfixed(project(tmp_path / "setup-py", {"setup.py": setup_py}), CONFLICT)


def test_a_file_shared_with_other_projects_gets_no_fix(tmp_path: Path) -> None:
    """A monorepo's shared requirements serve every sub-project: one project's finding does not edit them."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "shared.txt").write_text("tensorflow>=2.12\n", encoding="utf-8")
    root = project(tmp_path, {"requirements.txt": "-r ../shared.txt\ntensorflow-hub==0.15.0\n"})
    unfixed(root, CONFLICT)


def test_a_linked_requirements_file_gets_no_fix(tmp_path: Path) -> None:
    root = project(tmp_path, {"pinned/ml.txt": "tensorflow>=2.12\ntensorflow-hub==0.15.0\n"})
    (root / "requirements.txt").symlink_to(root / "pinned" / "ml.txt")
    unfixed(root, CONFLICT)


@pytest.mark.parametrize("replacement", ["latin-1", "fifo", "directory"])
def test_a_file_that_cannot_be_read_any_more_gets_no_fix(tmp_path: Path, replacement: str) -> None:
    """The target was read from the file; by the time the fix is made, the file is no text to edit."""
    root = project(tmp_path, {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub==0.15.0\n"})
    context = context_of(root, CONFLICT, tensorflow=(Version("2.21.0"),))
    assert fit_hub_and_tensorflow(context) is not None
    requirements = root / "requirements.txt"
    requirements.unlink()
    if replacement == "fifo":
        os.mkfifo(requirements)
    elif replacement == "directory":
        requirements.mkdir()
    else:
        requirements.write_bytes("tensorflow>=2.12  # Fran\xe7ois\ntensorflow-hub==0.15.0\n".encode("latin-1"))
    assert fit_hub_and_tensorflow(context) is None


# -- require: another requirement beside tensorflow --------------------------------------------------


def required(root: Path, requirement: str) -> tuple[text_edits.Edit, ...]:
    """What ``require`` gives a fixer of a module of the project (it reads the target only)."""
    return require(context_of(root, "hub-keras-three"), requirement)


def made(edits: tuple[text_edits.Edit, ...]) -> dict[str, str]:
    [path] = {edit.path for edit in edits}
    return {os.path.basename(path): text_edits.apply(read(Path(path)), edits)}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"requirements.txt": "tensorflow>=2.16  # Keras 3\ntensorflow-hub==0.16.1\n"},
            {"requirements.txt": "tensorflow>=2.16  # Keras 3\ntf-keras\ntensorflow-hub==0.16.1\n"},
        ),
        (
            {"pyproject.toml": '[project]\ndependencies = [\n    "tensorflow>=2.16",\n]\n'},
            {"pyproject.toml": '[project]\ndependencies = [\n    "tensorflow>=2.16",\n    "tf-keras",\n]\n'},
        ),
        (
            {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\ntensorflow = "^2.16"\n'},
            {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\ntensorflow = "^2.16"\ntf-keras = "*"\n'},
        ),
    ],
    ids=["requirements", "pep-621", "poetry"],
)
def test_require_adds_the_requirement_after_tensorflow(
    tmp_path: Path, files: dict[str, str], expected: dict[str, str]
) -> None:
    root = project(tmp_path, files)
    edits = required(root, "tf-keras")
    assert made(edits) == expected
    for edit in edits:
        Path(edit.path).write_text(text_edits.apply(read(Path(edit.path)), [edit]), encoding="utf-8")
    assert required(root, "tf-keras") == ()


def test_require_keeps_a_specifier_in_poetry_s_spelling(tmp_path: Path) -> None:
    root = project(tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\ntensorflow = "^2.16"\n'})
    assert made(required(root, "tf-keras>=2.16")) == {
        "pyproject.toml": '[tool.poetry.dependencies]\ntensorflow = "^2.16"\ntf-keras = ">=2.16"\n'
    }


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "tensorflow>=2.16\nTF_Keras>=2.16\n"},
        {"requirements.txt": 'tensorflow>=2.16; sys_platform == "linux"\n'},
        {"requirements.txt": "-c constraints.txt\ntensorflow\n", "constraints.txt": "tensorflow==2.17.1\n"},
        {"setup.py": 'from setuptools import setup\n\nsetup(install_requires=["tensorflow>=2.16"])\n'},
        {"pyproject.toml": '[project]\nname = "c"\ndependencies = ["tensorflow>=2.16"]\n', "uv.lock": "version = 1\n"},
        {"requirements.txt": "tensorflow-hub==0.16.1\n"},
    ],
    ids=["already-declared", "under-a-marker", "constraints-file", "setup-py", "locked", "no-tensorflow"],
)
def test_require_adds_nothing_where_it_cannot_or_need_not(tmp_path: Path, files: dict[str, str]) -> None:
    assert required(project(tmp_path, files), "tf-keras") == ()


def test_require_takes_only_a_requirement(tmp_path: Path) -> None:
    assert required(project(tmp_path, {"requirements.txt": "tensorflow>=2.16\n"}), "tf-keras >= ") == ()
