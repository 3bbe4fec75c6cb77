"""Edits of the dependency lists of ``pyproject.toml``, made with tomlkit and checked by re-parsing.

The lists are ``[project] dependencies``, ``[project.optional-dependencies]`` and
``[dependency-groups]`` (PEP 621 and 735 strings) and Poetry's dependency tables.
tomlkit keeps the document as written (comments, quotes, the array's layout), so the
change is made on its tree and the edit is the difference of the two texts.  The edit
is kept only if the new text parses to exactly the old data with the one intended
change, and only a requirement whose string literal sits on the line the finding
names is changed.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import String, StringType

from pylint_hubcompat.files.text_edits import Edit, split_lines
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.fixes.dependencies.dependency_file import DependencyFile, Respecified, common_prefix
from pylint_hubcompat.fixes.dependencies.specifier_edits import (
    Respecification,
    poetry_respecified,
    requirement_of,
    respecified,
)
from pylint_hubcompat.target.distributions import alias_for

#: The keys from the document to a list of PEP 508 strings (``array``) or to a Poetry table (``poetry``).
Place = tuple[str, tuple[str, ...]]
#: Poetry's keys that make a dependency hold under a condition only.
_CONDITIONS = frozenset({"python", "markers", "platform"})
#: Poetry's keys of a dependency that is no release of an index.
_NOT_A_RELEASE = frozenset({"git", "path", "url", "file"})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SENTINEL = "\x00hubcompat\x00"
#: What tomlkit may raise on a document it reads but cannot change as asked (tables out of order, odd nesting).
_ODD_DOCUMENT = (TOMLKitError, LookupError, TypeError, ValueError, AttributeError, RecursionError)


def respecify_toml(file: DependencyFile, number: int, narrowing: Respecification) -> Respecified | None:
    """The declaration of ``narrowing.distribution`` written on line ``number``, narrowed."""
    try:
        result = _respecified(file.text, number, narrowing)
    except _ODD_DOCUMENT:
        return None
    if result is None:
        return None
    new_text, specifier, conditional = result
    edit = file.diff(new_text)
    return Respecified(() if edit is None else (edit,), specifier, conditional)


def add_toml_requirement(file: DependencyFile, number: int, anchor: str, requirement: str) -> tuple[Edit, ...] | None:
    """``requirement`` added to the list that requires ``anchor`` unconditionally on line ``number``, after it.

    ``()`` when that list requires the distribution already.
    """
    try:
        added = _added(file.text, number, anchor, requirement)
    except _ODD_DOCUMENT:
        return None
    if added is None:
        return None
    edit = file.diff(added[0], after=added[1])
    return () if edit is None else (edit,)


@functools.lru_cache(maxsize=64)
def _respecified(text: str, number: int, narrowing: Respecification) -> tuple[str, SpecifierSet, bool] | None:
    data = _data(text)
    if data is None:
        return None
    found = [
        change for change in _declarations(data, narrowing.distribution) if _line(text, change[0], change[1]) == number
    ]
    if len(found) != 1:
        return None
    place, item = found[0]
    kind, keys = place
    value = _at(data, keys)[item]
    alternatives = len(list(_declarations(data, narrowing.distribution))) > 1
    if kind == "array":
        rewritten = respecified(value, narrowing)
        if rewritten is None:
            return None
        new_value: object = rewritten.text
        specifier, conditional = rewritten.specifier, rewritten.conditional
    else:
        entry = value if isinstance(value, dict) else {"version": value}
        if _NOT_A_RELEASE & set(entry) or not isinstance(entry.get("version"), str):
            return None
        narrowed = poetry_respecified(entry["version"], narrowing)
        if narrowed is None:
            return None
        new_value = narrowed[0] if isinstance(value, str) else {**value, "version": narrowed[0]}
        specifier, conditional = narrowed[1], bool(_CONDITIONS & set(entry))
    if conditional and alternatives:
        return None  # one of several declarations, under a condition: no edit of one can weigh them
    if new_value == value:
        return text, specifier, conditional
    new_text = _replaced(text, keys, item, new_value)
    return None if new_text is None else (new_text, specifier, conditional)


@functools.lru_cache(maxsize=64)
def _added(text: str, number: int, anchor: str, requirement: str) -> tuple[str, int | None] | None:
    """The new text, and the offset the change comes after (the end of the anchor's literal)."""
    data = _data(text)
    wanted = _requirement(requirement)
    if data is None or wanted is None:
        return None
    found = [change for change in _declarations(data, anchor) if _line(text, change[0], change[1]) == number]
    if len(found) != 1:
        return None
    (kind, keys), item = found[0]
    container = _at(data, keys)
    if kind == "array":
        anchored = _requirement(container[item])
        if anchored is None or anchored.marker is not None:
            return None
        if _required(container, wanted):
            return text, None
        span = _span(text, (kind, keys), item)
        inserted = _inserted(text, keys, int(item), requirement)
        return None if inserted is None or span is None else (inserted, span[1])
    value = container[item]
    if not isinstance(value, str) and (not isinstance(value, dict) or _CONDITIONS & set(value)):
        return None
    if any(canonicalize_name(name) == canonicalize_name(wanted.name) for name in container):
        return text, None
    if wanted.extras or wanted.marker is not None:
        return None
    line = _poetry_line(text, keys, number, wanted)
    return None if line is None else (line, None)


@functools.lru_cache(maxsize=16)
def _data(text: str) -> dict[str, Any] | None:
    """The document's data, if tomlkit writes it back exactly as it is (never changed: callers copy it)."""
    try:
        data = tomllib.loads(text)
        exact = tomlkit.parse(text).as_string() == text
    except (tomllib.TOMLDecodeError, TOMLKitError, ValueError, RecursionError):
        return None
    return data if exact else None


def _places(data: dict[str, Any]) -> Iterator[Place]:
    project = _table(data.get("project"))
    yield "array", ("project", "dependencies")
    for extra in _table(project.get("optional-dependencies")):
        yield "array", ("project", "optional-dependencies", extra)
    for group in _table(data.get("dependency-groups")):
        yield "array", ("dependency-groups", group)
    poetry = _table(_table(data.get("tool")).get("poetry"))
    yield "poetry", ("tool", "poetry", "dependencies")
    yield "poetry", ("tool", "poetry", "dev-dependencies")
    for group in _table(poetry.get("group")):
        yield "poetry", ("tool", "poetry", "group", group, "dependencies")


def _declarations(data: dict[str, Any], distribution: str) -> Iterator[tuple[Place, int | str]]:
    """Every list entry (index of an array, key of a Poetry table) that names ``distribution``."""
    for place in _places(data):
        container = _at(data, place[1])
        if place[0] == "array" and isinstance(container, list):
            for index, value in enumerate(container):
                if isinstance(value, str) and requirement_of(value, distribution) is not None:
                    yield place, index
        elif place[0] == "poetry" and isinstance(container, dict):
            for name in container:
                alias = alias_for(name)
                if name.lower() != "python" and alias is not None and alias.distribution == distribution:
                    yield place, name


def _line(text: str, place: Place, item: int | str) -> int | None:
    span = _span(text, place, item)
    return None if span is None else text.count("\n", 0, span[0]) + 1


@functools.lru_cache(maxsize=256)
def _span(text: str, place: Place, item: int | str) -> tuple[int, int] | None:
    """Where the string literal of one entry is (a Poetry table's: its value or its ``version``), if on one line.

    The entry is replaced by another string and the texts compared: what differs lies
    within the literal, which is then the occurrence of it around that place.
    """
    document = tomlkit.parse(text)
    container = _navigate(document, place[1])
    target = container[item]
    if place[0] == "poetry" and not isinstance(target, String):
        container, item = target, "version"
        target = container.get(item) if isinstance(container, dict) else None
    if not isinstance(target, String) or target.type not in (StringType.SLB, StringType.SLL):
        return None
    literal = target.as_string()
    container[item] = String.from_raw(_SENTINEL, type_=StringType.SLB)
    new = document.as_string()
    prefix = common_prefix(text, new)
    end = len(text) - common_prefix(text[prefix:][::-1], new[prefix:][::-1])
    for start in range(prefix, max(prefix - len(literal), -1), -1):
        if text.startswith(literal, start) and start + len(literal) >= end:
            return start, start + len(literal)
    return None


def _replaced(text: str, keys: tuple[str, ...], item: int | str, value: object) -> str | None:
    """``text`` with one entry's string replaced in the same quoting, if that is all that changes."""

    def change(container: Any) -> None:
        owner, key = (container, item) if isinstance(value, str) else (container[item], "version")
        old = owner[key]
        if String.from_raw(old.value, type_=old.type).as_string() != old.as_string():
            raise ValueError("a string written with escapes: kept as it is")
        owner[key] = _like(old, value if isinstance(value, str) else value["version"])  # type: ignore[index]

    def expect(data: Any) -> None:
        data[item] = value

    return _checked(text, keys, change, expect)


def _inserted(text: str, keys: tuple[str, ...], index: int, requirement: str) -> str | None:
    def change(array: Any) -> None:
        array.insert(index + 1, _like(array[index], requirement))

    def expect(data: Any) -> None:
        data.insert(index + 1, requirement)

    return _checked(text, keys, change, expect)


def _poetry_line(text: str, keys: tuple[str, ...], number: int, wanted: Requirement) -> str | None:
    """A ``name = "constraint"`` line after the anchor's line of a Poetry table."""
    lines = split_lines(text)
    if number > len(lines):
        return None
    name = wanted.name if _BARE_KEY.fullmatch(wanted.name) else String.from_raw(wanted.name).as_string()
    constraint = str(wanted.specifier) or "*"
    indent = lines[number - 1][: len(lines[number - 1]) - len(lines[number - 1].lstrip())]
    line = f"{indent}{name} = {String.from_raw(constraint).as_string()}\n"
    before = "".join(lines[:number])
    new = before + ("" if before.endswith("\n") else "\n") + line + "".join(lines[number:])
    expected = copy.deepcopy(_data(text))
    if expected is None:
        return None
    _at(expected, keys)[wanted.name] = constraint
    return new if _data(new) == expected else None


def _checked(
    text: str, keys: tuple[str, ...], change: Callable[[Any], None], expect: Callable[[Any], None]
) -> str | None:
    """The text once ``change`` is made to the list at ``keys``, if it parses to the data ``expect`` gives."""
    data = _data(text)
    if data is None:
        return None
    document = tomlkit.parse(text)
    try:
        change(_navigate(document, keys))
        new = document.as_string()
    except _ODD_DOCUMENT:
        return None
    expected = copy.deepcopy(data)
    expect(_at(expected, keys))
    return new if _data(new) == expected else None


def _like(old: object, value: str) -> String:
    """``value`` as a string literal quoted like ``old``, when that quoting can hold it."""
    if isinstance(old, String) and old.type == StringType.SLL and "'" not in value and value.isprintable():
        return String.from_raw(value, type_=StringType.SLL)
    return String.from_raw(value, type_=StringType.SLB)


def _required(array: list[Any], wanted: Requirement) -> bool:
    return any(
        isinstance(value, str)
        and (found := _requirement(value)) is not None
        and canonicalize_name(found.name) == canonicalize_name(wanted.name)
        for value in array
    )


def _requirement(text: str) -> Requirement | None:
    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


def _at(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    current: Any = data
    for key in keys:
        current = current.get(key) if isinstance(current, dict) else None
    return current


def _navigate(document: Any, keys: tuple[str, ...]) -> Any:
    current = document
    for key in keys:
        current = current[key]
    return current


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
