"""A notebook's own pins: a target source that wins over the project for that notebook.

Notebooks install what they run on: ``!pip install tensorflow==2.13.*``,
``%pip install -q "tensorflow-hub<0.16"``, ``!pip install -U tf-keras``; and they set
``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` (or ``%env TF_USE_LEGACY_KERAS=1``) in a
cell before TensorFlow is imported.  What the notebook says is what it runs on, so
these override the surrounding project's declarations, each with its source
(``notebooks/tutorial.ipynb:cell 2``).  A version given on the command line
(``--tf-version``, ``--hub-version``) still wins: the user asked for it.

* a pip command is read as IPython runs it (:func:`.reader.cells_code`): a ``\\``
  continuation line is part of it (``!pip install tensorflow==2.15.1 \\`` then
  ``tensorflow-hub==0.15.0`` pins both), and so is the automagic ``pip install x`` of a
  single-line cell;
* pip lines are split with :mod:`shlex`, every requirement read with
  ``packaging.requirements.Requirement``; options, ``-r``/``-c`` files, URLs, paths and
  ``{python variables}`` are skipped.  The last pin of a distribution wins (it is what
  was installed last).
* pip installs the newest release a range admits that fits the rest of the
  environment (``tensorflow-hub>=0.3`` is 0.16.1, not "any of 0.3-0.16"), and a pin
  of a companion moves TensorFlow with it (``tensorflow-text==2.13.*`` means
  TensorFlow 2.13), as :meth:`.Target.override` resolves it;
* a bare requirement (``!pip install tensorflow-hub``) changes nothing -- pip keeps an
  installed release -- unless ``-U``/``--upgrade`` asks for the newest release.
* the legacy-Keras switch counts only before ``tf.keras`` is first used: before
  ``import tensorflow_hub`` (which reads it), ``import tensorflow.keras`` or a
  ``tf.keras`` attribute; ``import tensorflow`` alone leaves it open.

The checker asks :func:`apply` for every module: for a notebook (or an nbQA temporary
file next to one, ``<name><random>_nbqa_ipynb.py``) the target gets the pins.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import re
import shlex
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from pylint_hubcompat.notebooks import NBQA_SUFFIX, SUFFIX
from pylint_hubcompat.notebooks import reader as notebooks
from pylint_hubcompat.target import legacy_keras, releases
from pylint_hubcompat.target.detection.declared import nightly_specifier, tracked_requirement
from pylint_hubcompat.target.model import NOTEBOOK, Source, Target

#: Sources of the command-line options (see ``checker.HubCompatChecker._target``): they win over pins.
_NBQA_RANDOM = 8

_PIP_OPTIONS_WITH_VALUE = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--src",
        "--upgrade-strategy",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--no-binary",
        "--only-binary",
        "--progress-bar",
        "--trusted-host",
        "--cache-dir",
        "--log",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--cert",
        "--client-cert",
        "--global-option",
        "--config-settings",
        "-C",
        "--report",
        "--python",
        "--root-user-action",
    }
)
_SHELL_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_ENV_MAGIC = re.compile(rf"^%(?:env|set_env)\s+{legacy_keras.VARIABLE}\s*[= ]\s*['\"]?(\S*?)['\"]?\s*$")


class Pin(NamedTuple):
    distribution: str  # tensorflow, tensorflow-hub, tf-keras, keras
    specifier: str
    cell: int


class NotebookPins(NamedTuple):
    pins: tuple[Pin, ...] = ()
    #: The cell that sets TF_USE_LEGACY_KERAS before TensorFlow is imported, if any.
    legacy_keras_cell: int | None = None


def notebook_for(path: str | Path | None) -> Path | None:
    """The notebook a linted file stands for: itself, or the notebook of an nbQA temporary file."""
    if path is None:
        return None
    path = Path(path)
    if path.suffix == SUFFIX:
        return path
    name = path.name
    if name.endswith(NBQA_SUFFIX) and len(name) > len(NBQA_SUFFIX) + _NBQA_RANDOM:
        candidate = path.with_name(name[: -len(NBQA_SUFFIX) - _NBQA_RANDOM] + SUFFIX)
        if candidate.is_file():
            return candidate
    return None


def read_pins(path: str | Path) -> NotebookPins:
    """The pins of the notebook at ``path``; none if it cannot be read (``check`` reports that)."""
    try:
        stat = os.stat(path)
    except OSError:
        return NotebookPins()
    return _read_pins(os.path.abspath(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _read_pins(path: str, _mtime: int, _size: int) -> NotebookPins:
    try:
        notebook = notebooks.read(path)
    except notebooks.NotebookError:
        return NotebookPins()
    return pins_of(notebook)


def pins_of(notebook: notebooks.Notebook) -> NotebookPins:
    found: dict[str, Pin] = {}
    legacy: int | None = None
    imported = False
    names = _KerasNames()
    for code in notebooks.cells_code(notebook):
        for command in _commands(code):
            for distribution, specifier in pip_pins(command):
                found.pop(distribution, None)
                found[distribution] = Pin(distribution, specifier, code.cell.number)
            env = _ENV_MAGIC.match(command)
            if env and not imported and legacy is None and env.group(1) in legacy_keras.TRUE_VALUES:
                legacy = code.cell.number
        for statement in _statements(code):
            if not imported and legacy is None and _sets_legacy_keras(statement):
                legacy = code.cell.number
            imported = imported or names.touched_by(statement)
    return NotebookPins(tuple(found.values()), legacy)


def _commands(code: notebooks.CellCode) -> list[str]:
    """The cell's shell commands and line magics, one line each (continuations joined, as IPython runs them)."""
    return [special.escape + special.text for special in code.specials if special.escape in ("!", "!!", "%")]


def pip_pins(line: str) -> list[tuple[str, str]]:
    """``(distribution, specifier)`` for each of our distributions a ``!pip``/``%pip install`` line installs."""
    stripped = line.strip()
    if not stripped.startswith(("!", "%")):
        return []
    try:
        words = shlex.split(stripped[1:], comments=True)
    except ValueError:  # unbalanced quotes
        return []
    result: list[tuple[str, str]] = []
    command: list[str] = []
    for word in [*words, ";"]:
        if word in _SHELL_SEPARATORS or word.endswith(";"):
            if word.endswith(";") and word != ";":
                command.append(word[:-1])
            result += _install(command)
            command = []
        else:
            command.append(word)
    return result


def _install(words: list[str]) -> list[tuple[str, str]]:
    """The pins of one ``pip install`` command (``pip``, ``pip3``, ``python -m pip``, ``%pip``)."""
    for start, word in enumerate(words):  # noqa: B007  # ``start`` is read after the loop
        if os.path.basename(word) in ("pip", "pip3") or re.fullmatch(r"pip3(\.\d+)?", os.path.basename(word)):
            break
    else:
        return []
    rest = words[start + 1 :]
    if not rest or rest[0] != "install":
        return []
    upgrade = False
    requirements: list[str] = []
    skip = False
    for word in rest[1:]:
        if skip:
            skip = False
        elif word.startswith("--"):
            upgrade = upgrade or word == "--upgrade"
            skip = word in _PIP_OPTIONS_WITH_VALUE
        elif word.startswith("-") and len(word) > 1:
            upgrade = upgrade or ("U" in word[1:] and word[1:].isalpha())
            skip = word in _PIP_OPTIONS_WITH_VALUE or (word[:2] in _PIP_OPTIONS_WITH_VALUE and len(word) == 2)
        else:
            requirements.append(word)
    result = []
    for text in requirements:
        pin = _pin(text, upgrade)
        if pin:
            result.append(pin)
    return result


def _pin(text: str, upgrade: bool) -> tuple[str, str] | None:
    if any(mark in text for mark in ("/", "\\", "{", "$")) or text.endswith((".whl", ".zip", ".tar.gz")):
        return None  # a path, a URL, an IPython or shell variable
    tracked = tracked_requirement(text)
    if tracked is None or tracked[0].url:
        return None
    requirement, alias = tracked
    if alias.nightly:
        return alias.distribution, str(nightly_specifier(alias.distribution))
    if requirement.specifier:
        try:
            releases.parse_specifier(str(requirement.specifier))
        except ValueError:
            return None
        return alias.distribution, str(requirement.specifier)
    if upgrade:
        return alias.distribution, ""  # the newest release that fits the rest
    return None


def _statements(code: notebooks.CellCode) -> list[ast.stmt]:
    try:
        return ast.parse("\n".join(code.lines)).body
    except (SyntaxError, ValueError):
        return []


class _KerasNames:
    """Whether a statement is the first use of ``tf.keras``, the moment TensorFlow reads the switch.

    Observed with TensorFlow 2.21 (``tests/runtime/test_facts.py``): ``import
    tensorflow_hub``, ``import tensorflow.keras`` and any attribute of ``tf.keras``
    decide it; ``import tensorflow``, ``from tensorflow import keras``, ``import keras``
    and ``import tf_keras`` do not.  Code inside a function runs later, if ever, so
    it does not count.
    """

    def __init__(self) -> None:
        #: Names bound to ``tensorflow`` and to ``tensorflow.keras`` (``from tensorflow import keras``).
        self.tensorflow: set[str] = set()
        self.keras: set[str] = set()

    def touched_by(self, statement: ast.stmt) -> bool:
        touched = False
        pending: list[ast.AST] = [statement]
        while pending:
            node = pending.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            touched = self._import_touches(node) or touched
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                owner = node.value.id
                touched = touched or (owner in self.tensorflow and node.attr == "keras") or owner in self.keras
            pending.extend(ast.iter_child_nodes(node))
        return touched

    def _import_touches(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "tensorflow":
                    self.tensorflow.add(alias.asname or "tensorflow")
            return any(_is_keras_module(alias.name) for alias in node.names)
        if isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module == "tensorflow":
                self.keras.update(alias.asname or alias.name for alias in node.names if alias.name == "keras")
            return _is_keras_module(module)
        return False


def _is_keras_module(module: str) -> bool:
    """``tensorflow_hub`` (it reads ``tf.keras`` at import) or ``tensorflow.keras``, or a submodule."""
    return any(module == name or module.startswith(name + ".") for name in ("tensorflow_hub", "tensorflow.keras"))


def _sets_legacy_keras(statement: ast.stmt) -> bool:
    """``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` or ``os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")``."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
        return (
            isinstance(target, ast.Subscript)
            and _is_environ(target.value)
            and _constant(target.slice) == legacy_keras.VARIABLE
            and _constant(value) in legacy_keras.TRUE_VALUES
        )
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        call = statement.value
        return (
            isinstance(call.func, ast.Attribute)
            and call.func.attr == "setdefault"
            and _is_environ(call.func.value)
            and len(call.args) == 2
            and _constant(call.args[0]) == legacy_keras.VARIABLE
            and _constant(call.args[1]) in legacy_keras.TRUE_VALUES
        )
    return False


def _is_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    ) or (isinstance(node, ast.Name) and node.id == "environ")


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None


# -- the target ------------------------------------------------------------------------------


def label(notebook: Path, root: Path | None, cell: int) -> Source:
    """``notebooks/tutorial.ipynb:cell 2``: relative to the project root when inside it."""
    shown = notebook.name
    if root is not None:
        with contextlib.suppress(ValueError):
            shown = Path(os.path.abspath(notebook)).relative_to(root).as_posix()
    return Source(NOTEBOOK, shown, cell)


def apply(target: Target, path: str | Path | None) -> Target:
    """``target`` with the pins of the notebook ``path`` stands for (unchanged for other files)."""
    notebook = notebook_for(path)
    if notebook is None:
        return target
    pins = read_pins(notebook)
    if not pins.pins and pins.legacy_keras_cell is None:
        return target
    for pin in pins.pins:
        try:
            source = label(notebook, target.root, pin.cell)
            target = target.override(pin.distribution, pin.specifier, source, newest=True)
        except ValueError:
            continue
    if pins.legacy_keras_cell is not None and target.legacy_keras_source is None:
        target = replace(target, legacy_keras_source=label(notebook, target.root, pins.legacy_keras_cell))
    return target


__all__ = ["NotebookPins", "Pin", "apply", "label", "notebook_for", "pins_of", "pip_pins", "read_pins"]
