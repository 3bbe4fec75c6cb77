"""``pyproject.toml``: PEP 621 dependencies, PEP 735 groups, Poetry, PDM, uv and setuptools tables.

All of them are read and intersected: a project that says ``tensorflow>=2.10``
in ``[project]`` and pins ``tensorflow==2.15.1`` in its dev group is tested
against 2.15.1.  Line numbers come from searching the raw text for the
requirement string after its table header, since TOML parsers do not keep them.

The project's Python comes from ``[project] requires-python`` and Poetry's
``python`` dependency; failing both, from the ``Programming Language :: Python :: X.Y``
classifiers, each minor an alternative.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pylint_hubcompat.target.detection.declared import (
    Declared,
    declare,
    declare_python,
    from_classifiers,
    from_python_requirement,
    from_requirement,
    version_in_url,
)
from pylint_hubcompat.target.detection.markers import marker_applies, python_applies
from pylint_hubcompat.target.detection.poetry import poetry_specifiers
from pylint_hubcompat.target.detection.project_files import ProjectFiles, key, line_of, quoted
from pylint_hubcompat.target.detection.requirements import RequirementsReader
from pylint_hubcompat.target.distributions import alias_for, names_ignored_distribution


def read_pyproject(files: ProjectFiles) -> list[Declared]:
    """What ``pyproject.toml`` at the root declares about our distributions."""
    path = files.at_root("pyproject.toml")
    if path is None:
        return []
    loaded = files.toml(path)
    if loaded is None:
        return []
    data, text = loaded
    reader = _Reader(files, path, text)
    project = _table(data.get("project"))
    reader.strings(project.get("dependencies"), "[project] dependencies", (r"^\[project\]", key("dependencies")))
    for extra, requirements in _table(project.get("optional-dependencies")).items():
        anchors: tuple[str, ...] = (r"^\[project\]", r"^\[project\.optional-dependencies\]", key(extra))
        reader.strings(requirements, f"[project.optional-dependencies] {extra}", anchors)
    reader.groups(_table(data.get("dependency-groups")))
    tool = _table(data.get("tool"))
    poetry = _table(tool.get("poetry"))
    reader.poetry(poetry.get("dependencies"), r"^\[tool\.poetry\.dependencies\]")
    reader.poetry(poetry.get("dev-dependencies"), r"^\[tool\.poetry\.dev-dependencies\]")
    for group, table in _table(poetry.get("group")).items():
        header = rf"^\[tool\.poetry\.group\.[\"']?{re.escape(group)}[\"']?\.dependencies\]"
        reader.poetry(_table(table).get("dependencies"), header)
    for group, requirements in _table(_table(tool.get("pdm")).get("dev-dependencies")).items():
        anchors = (r"^\[tool\.pdm\.dev-dependencies\]", key(group))
        reader.strings(requirements, f"[tool.pdm.dev-dependencies] {group}", anchors)
    uv = _table(tool.get("uv"))
    for name in ("dev-dependencies", "constraint-dependencies"):
        reader.strings(uv.get(name), f"[tool.uv] {name}", (r"^\[tool\.uv\]", key(name)))
    dynamic = _table(_table(tool.get("setuptools")).get("dynamic"))
    pythons = _python(files, path, text, project, _table(poetry.get("dependencies")).get("python"))
    return reader.found + pythons + _setuptools_dynamic(files, path, text, dynamic)


def _python(files: ProjectFiles, path: Path, text: str, project: Mapping[str, Any], poetry: object) -> list[Declared]:
    """``requires-python`` and Poetry's ``python``; the classifiers only when the file has neither."""
    found: list[Declared] = []
    requires = project.get("requires-python")
    if requires is not None:
        line = line_of(text, (), after=(r"^\[project\]", key("requires-python")))
        if isinstance(requires, str):
            declared = from_python_requirement(files, requires, path, line, "[project] requires-python")
            found += [declared] if declared is not None else []
        else:
            files.problem(path, line, "[project] requires-python is not a string, skipped")
    if poetry is not None:
        found += _poetry_python(files, path, text, poetry)
    if requires is None and poetry is None and isinstance(project.get("classifiers"), list):
        anchors = (r"^\[project\]", key("classifiers"))
        classifiers = [c for c in project["classifiers"] if isinstance(c, str) and "Python ::" in c]
        found += from_classifiers(files, [(c, line_of(text, quoted(c), after=anchors)) for c in classifiers], path)
    return found


def _poetry_python(files: ProjectFiles, path: Path, text: str, constraint: object) -> list[Declared]:
    """``python = "^3.9"`` of ``[tool.poetry.dependencies]``; ``||`` alternatives are branches."""
    line = line_of(text, (key("python"),), after=(r"^\[tool\.poetry\.dependencies\]",))
    try:
        alternatives = poetry_specifiers(constraint) if isinstance(constraint, str) else ()
    except ValueError:
        alternatives = ()
    if not alternatives:
        files.problem(path, line, "[tool.poetry.dependencies] python is not a Poetry version constraint, skipped")
        return []
    return [
        declare_python(files, specifier, path, line, f"python alternative {number}" if len(alternatives) > 1 else None)
        for number, specifier in enumerate(alternatives, start=1)
    ]


def _setuptools_dynamic(files: ProjectFiles, path: Path, text: str, dynamic: Mapping[str, Any]) -> list[Declared]:
    """``dependencies = {file = ["requirements.in"]}``: the named files are requirements files."""
    tables = [dynamic.get("dependencies"), *_table(dynamic.get("optional-dependencies")).values()]
    includes = RequirementsReader(files)
    for table in tables:
        names = _table(table).get("file")
        for name in [names] if isinstance(names, str) else names if isinstance(names, list) else []:
            if isinstance(name, str):
                line = line_of(text, quoted(name), after=(r"^\[tool\.setuptools\.dynamic\]",))
                includes.include(path, line, name)
    return includes.found


class _Reader:
    def __init__(self, files: ProjectFiles, path: Path, text: str) -> None:
        self.files, self.path, self.text = files, path, text
        self.found: list[Declared] = []

    def strings(self, requirements: object, where: str, anchors: tuple[str, ...]) -> None:
        """A list of PEP 508 strings (PDM's ``-e`` editable entries carry no version)."""
        if requirements is None:
            return
        if not isinstance(requirements, list):
            self.files.problem(self.path, line_of(self.text, (), after=anchors), f"{where} is not a list, skipped")
            return
        for requirement in requirements:
            if not isinstance(requirement, str):
                self.files.problem(
                    self.path,
                    line_of(self.text, (), after=anchors),
                    f"{where}: {requirement!r} is not a requirement string, skipped",
                )
                continue
            if requirement.lstrip().startswith("-e") or names_ignored_distribution(requirement.strip()):
                continue  # finding a line costs regexes: only for what may be ours
            line = line_of(self.text, quoted(requirement), after=anchors)
            self._add(from_requirement(self.files, requirement, self.path, line))

    def groups(self, groups: Mapping[str, Any]) -> None:
        """PEP 735 groups; every group is read, so ``include-group`` only needs to name one."""
        for group, entries in groups.items():
            anchors = (r"^\[dependency-groups\]", key(group))
            if not isinstance(entries, list):
                self.strings(entries, f"[dependency-groups] {group}", anchors)
                continue
            for entry in entries:
                if isinstance(entry, dict) and set(entry) == {"include-group"}:
                    if entry["include-group"] not in groups:
                        line = line_of(self.text, quoted(str(entry["include-group"])), after=anchors)
                        self.files.problem(
                            self.path,
                            line,
                            f"[dependency-groups] {group} includes the unknown group {entry['include-group']!r}",
                        )
                else:
                    self.strings([entry], f"[dependency-groups] {group}", anchors)

    def poetry(self, table: object, header: str) -> None:
        """``name = "^2.10"``, ``name = {version = ..., python = ..., markers = ...}`` or a list of tables."""
        if not isinstance(table, dict):
            return
        for name, value in table.items():
            if name.lower() == "python" or alias_for(name) is None:
                continue
            line = line_of(self.text, (key(name),), after=(header,))
            entries = value if isinstance(value, list) else [value]
            for number, entry in enumerate(entries, start=1):
                label = f"{name} constraint {number}" if len(entries) > 1 else None
                self._poetry_entry(name, entry, line, label)

    def _poetry_entry(self, name: str, entry: object, line: int, label: str | None) -> None:
        if isinstance(entry, str):
            entry = {"version": entry}
        if not isinstance(entry, dict):
            self.files.problem(self.path, line, f"Poetry dependency {name!r} is neither a version nor a table, skipped")
            return
        condition = _poetry_condition(self.files, self.path, line, entry)
        if condition is False:
            return
        branch = " and ".join(part for part in (label, condition) if part) or None
        if "version" not in entry:
            if isinstance(entry.get("url"), str):
                pinned = version_in_url(entry["url"], name)
                if pinned is not None:
                    self._add(declare(self.files, name, pinned, self.path, line, branch))
            return  # git, path or url: no version to go by
        try:
            alternatives = poetry_specifiers(str(entry["version"]))
        except ValueError as exc:
            self.files.problem(self.path, line, f"Poetry constraint {entry['version']!r} for {name}, skipped: {exc}")
            return
        for number, specifier in enumerate(alternatives, start=1):
            alternative = f"{branch or name} alternative {number}" if len(alternatives) > 1 else branch
            self._add(declare(self.files, name, specifier, self.path, line, alternative))

    def _add(self, found: Declared | None) -> None:
        if found is not None:
            self.found.append(found)


def _poetry_condition(
    files: ProjectFiles, path: Path, line: int, entry: Mapping[str, Any]
) -> str | Literal[False] | None:
    """The branch label of Poetry's ``python``/``platform``/``markers`` keys; ``False`` if they never hold."""
    parts: list[str] = []
    if "python" in entry:
        try:
            pythons = poetry_specifiers(str(entry["python"]))
        except ValueError as exc:
            files.problem(path, line, f"Poetry python constraint {entry['python']!r}, skipped: {exc}")
            return False
        if not any(python_applies(s) for s in pythons):
            return False
        parts.append(f"python {entry['python']}")
    markers = [entry["markers"]] if isinstance(entry.get("markers"), str) else []
    if "platform" in entry:
        markers.append(f'sys_platform == "{entry["platform"]}"')
    for marker in markers:
        if not marker_applies(marker):
            return False
        parts.append(marker)
    return " and ".join(parts) or None


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
