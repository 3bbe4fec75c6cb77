"""conda's ``environment.yml`` / ``environment.yaml``, including its nested ``pip:`` list.

The file is composed (not just loaded) by PyYAML so that every entry keeps
its line.  conda match specs are translated into PEP 440 specifiers; their
rules differ from pip's on purpose and are easy to get wrong:

* ``tensorflow=2.4`` is *fuzzy*: any 2.4.x (``==2.4.*``), and ``=2.4.1=build`` drops the build;
* ``tensorflow==2.4`` and ``tensorflow 2.4.1 [build]`` are exact;
* ``2.4*`` is ``2.4.*``; ``,`` joins constraints; ``|`` separates alternatives;
* ``channel::name`` and ``name[version='>=2.4']`` are accepted.

The ``pip:`` entries are requirements-file lines, ``-r`` includes and all.  A
``python`` entry (``python=3.8``, ``python>=3.8``) gives the project's Python.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pylint_hubcompat.target.detection.declared import Declared, declare, declare_python
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.requirements import RequirementsReader
from pylint_hubcompat.target.distributions import alias_for

_NAME = re.compile(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", re.DOTALL)
_BRACKET_VERSION = re.compile(r"""version\s*=\s*["']?([^"'\],]+(?:,[^"'\]]+)*)["']?""")
_ORDERING = ("==", "!=", ">=", "<=", "~=", ">", "<")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_environment_files(files: ProjectFiles) -> list[Declared]:
    """What the root's conda environment file(s) declare about our distributions."""
    found: list[Declared] = []
    for name in ("environment.yml", "environment.yaml"):
        path = files.at_root(name)
        if path is not None:
            found += _read(files, path)
    return found


def _read(files: ProjectFiles, path: Path) -> list[Declared]:
    text = files.read(path)
    if text is None:
        return []
    try:
        document = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        files.problem(path, line, f"not valid YAML, skipped: {exc.problem or exc.context}")
        return []
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        files.problem(path, 1, f"not valid YAML, skipped: {exc.__class__.__name__}")
        return []
    dependencies = _value(document, "dependencies")
    if dependencies is None:
        return []
    if not isinstance(dependencies, yaml.SequenceNode):
        files.problem(path, _line(dependencies), "`dependencies` is not a list, skipped")
        return []
    found: list[Declared] = []
    pip = RequirementsReader(files)
    for entry in dependencies.value:
        if isinstance(entry, yaml.ScalarNode):
            declared = _conda_entry(files, path, entry)
            found += [declared] if declared is not None else []
            continue
        for pip_line in _pip_entries(files, path, entry):
            pip.line(path, _line(pip_line), str(pip_line.value).strip())
    return found + pip.found


def _conda_entry(files: ProjectFiles, path: Path, node: yaml.ScalarNode) -> Declared | None:
    spec = str(node.value)
    parsed = _NAME.match(spec.rsplit("::", maxsplit=1)[-1])
    if parsed is None:
        return None
    name, rest = parsed.groups()
    python = name.lower() == "python"
    if not python and alias_for(name) is None:
        return None
    try:
        alternatives = conda_specifiers(rest)
    except ValueError as exc:
        files.problem(path, _line(node), f"cannot read conda spec {spec!r}, skipped: {exc}")
        return None
    if len(alternatives) > 1:
        files.problem(path, _line(node), f"conda spec {spec!r} has alternatives (`|`), which are not read; skipped")
        return None
    if python:
        return declare_python(files, alternatives[0], path, _line(node))
    return declare(files, name, alternatives[0], path, _line(node))


def conda_specifiers(text: str) -> tuple[SpecifierSet, ...]:
    """The PEP 440 alternatives of the version part of a conda match spec; ``ValueError`` if none."""
    text = text.strip()
    if text.startswith("["):
        found = _BRACKET_VERSION.search(text)
        text = found.group(1) if found else ""
    elif text.startswith("=") and not text.startswith("=="):
        text = "=" + text[1:].split("=")[0]  # ``=2.4.1=build``: the build does not matter
    else:
        text = text.split()[0] if text.split() else ""  # ``2.4.1 build``
    alternatives = []
    for alternative in text.split("|"):
        terms = [_term(term.strip()) for term in alternative.split(",") if term.strip()]
        try:
            alternatives.append(SpecifierSet(",".join(terms)))
        except InvalidSpecifier as exc:
            raise ValueError(f"not a version constraint: {alternative!r}") from exc
    return tuple(alternatives)


def _term(term: str) -> str:
    for operator in _ORDERING:
        if term.startswith(operator):
            version = term[len(operator) :].strip()
            if operator not in ("==", "!="):
                version = version.rstrip("*").rstrip(".")
            return operator + _wildcard(version)
    if term.startswith("="):
        version = term[1:].strip()
        return "==" + (_wildcard(version) if "*" in version else version + ".*")
    return "==" + _wildcard(term)


def _wildcard(version: str) -> str:
    if version.endswith("*") and not version.endswith(".*"):
        return version[:-1] + ".*"
    return version


def _pip_entries(files: ProjectFiles, path: Path, node: yaml.Node) -> list[yaml.ScalarNode]:
    lines = _value(node, "pip")
    if lines is None:
        return []
    if not isinstance(lines, yaml.SequenceNode):
        files.problem(path, _line(lines), "the `pip:` entry is not a list, skipped")
        return []
    return [line for line in lines.value if isinstance(line, yaml.ScalarNode)]


def _value(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return value
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
