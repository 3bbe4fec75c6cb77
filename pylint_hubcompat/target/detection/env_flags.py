"""Where the project sets ``TF_USE_LEGACY_KERAS`` for all of its code.

From TensorFlow 2.16 on, ``tf.keras`` is Keras 3 unless ``TF_USE_LEGACY_KERAS``
is ``1``, ``true`` or ``True`` (exactly those: TensorFlow compares the string).
A project says so in a ``.env`` file, in pytest-env's ``env`` settings
(``[tool.pytest.ini_options]``, ``[tool.pytest]``, ``[tool.pytest_env]``,
``pytest.ini``, ``tox.ini``, ``setup.cfg``) or in tox's ``setenv``.  The first
place that sets it to a true value is the answer.

``.env`` files are parsed by python-dotenv, the reference parser of the format
(quotes, ``export``, comments, multi-line values).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pylint_hubcompat.target.detection.project_files import ProjectFiles, line_of
from pylint_hubcompat.target.legacy_keras import TRUE_VALUES, VARIABLE
from pylint_hubcompat.target.model import Source

_NEEDLE = (rf"{VARIABLE}[ \t]*=",)


def legacy_keras_source(files: ProjectFiles) -> Source | None:
    """``file:line`` of the first project setting that makes ``tf.keras`` the legacy Keras 2."""
    for reader in (_dotenv, _pyproject, _ini_files):
        source = reader(files)
        if source is not None:
            return source
    return None


def _dotenv(files: ProjectFiles) -> Source | None:
    path = files.at_root(".env")
    text = files.read(path) if path is not None else None
    if path is None or text is None:
        return None
    # Imported only for projects with a ``.env`` file: most have none.
    from dotenv import dotenv_values  # pylint: disable=import-outside-toplevel

    if dotenv_values(stream=io.StringIO(text)).get(VARIABLE) not in TRUE_VALUES:
        return None
    # The last assignment wins, as in python-dotenv.
    assignments = list(re.finditer(rf"^\s*(?:export\s+)?{VARIABLE}\s*=", text, re.MULTILINE))
    line = text.count("\n", 0, assignments[-1].start()) + 1 if assignments else 1
    return files.source(path, line)


def _pyproject(files: ProjectFiles) -> Source | None:
    path = files.at_root("pyproject.toml")
    loaded = files.toml(path) if path is not None else None
    if path is None or loaded is None:
        return None
    data, text = loaded
    tool: dict[str, Any] = data["tool"] if isinstance(data.get("tool"), dict) else {}
    for section in ("pytest.ini_options", "pytest"):
        table = _lookup(tool, section.split("."))
        entries = table.get("env") if isinstance(table, dict) else None
        if isinstance(entries, str):
            entries = entries.splitlines()
        if isinstance(entries, list) and _sets_true(str(entry) for entry in entries):
            return files.source(path, line_of(text, _NEEDLE, after=(rf"^\[tool\.{re.escape(section)}\]",)))
    table = tool.get("pytest_env")
    if isinstance(table, dict):
        value = table.get(VARIABLE)
        if isinstance(value, dict):
            value = value.get("value")
        if _as_string(value) in TRUE_VALUES:
            return files.source(path, line_of(text, _NEEDLE, after=(r"^\[tool\.pytest_env\]",)))
    return None


def _ini_files(files: ProjectFiles) -> Source | None:
    places = (
        ("pytest.ini", ("pytest",), "env"),
        ("tox.ini", ("pytest",), "env"),
        ("tox.ini", ("testenv",), "setenv"),
        ("setup.cfg", ("tool:pytest",), "env"),
    )
    for name, sections, option in places:
        path = files.at_root(name)
        loaded = files.ini(path) if path is not None else None
        if path is None or loaded is None:
            continue
        parser, text = loaded
        for section in parser.sections():
            if not any(section == s or section.startswith(s + ":") for s in sections):
                continue
            if parser.has_option(section, option) and _sets_true(parser.get(section, option).splitlines()):
                return files.source(path, line_of(text, _NEEDLE, after=(rf"^\[{re.escape(section)}\]",)))
    return None


def _sets_true(entries: Iterable[str]) -> bool:
    """Whether ``KEY=VALUE`` lines (pytest-env may prefix ``D:``/``R:``) end with a true value."""
    value = None
    for name, setting in _assignments(entries):
        if name == VARIABLE:
            value = setting
    return value in TRUE_VALUES


def _assignments(entries: Iterable[str]) -> Iterator[tuple[str, str]]:
    for entry in entries:
        name, equals, value = entry.partition("=")
        if equals:
            yield re.sub(r"^(?:[DR]:)+", "", name.strip()), value.strip()


def _lookup(table: object, keys: list[str]) -> object:
    for name in keys:
        table = table.get(name) if isinstance(table, dict) else None
    return table


def _as_string(value: object) -> str | None:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, str)):
        return str(value)
    return None
