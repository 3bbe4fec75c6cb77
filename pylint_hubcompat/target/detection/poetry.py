"""Poetry's version constraints translated into PEP 440 specifier sets.

Poetry writes ``^2.10``, ``~2.10.1``, ``2.10.*``, ``>=2.10 <2.16`` and
``^1.15 || ^2.4``; no maintained library translates them, and the rules
are short and documented ("Dependency specification" in Poetry's docs):

* ``^X.Y.Z``: up to the next change of the left-most non-zero part
  (``^1.2.3`` is ``>=1.2.3,<2.0.0``, ``^0.2.3`` is ``>=0.2.3,<0.3.0``,
  ``^0.0`` is ``>=0.0,<0.1``);
* ``~X.Y.Z``: up to the next minor version (``~1.2.3`` is ``>=1.2.3,<1.3``),
  or the next major one when only the major is given (``~1`` is ``>=1,<2``);
* ``*`` (or nothing): any version; a bare version is an exact one;
* a comma or a space joins constraints; ``||`` separates alternatives.
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

_TERM = re.compile(r"(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([^\s,<>=!~^|]+)")


def poetry_specifiers(text: str) -> tuple[SpecifierSet, ...]:
    """The alternatives a Poetry constraint allows; ``ValueError`` if it is not one."""
    return tuple(_conjunction(part) for part in re.split(r"\|\|?", text))


def _conjunction(text: str) -> SpecifierSet:
    text = text.strip()
    if text in ("", "*"):
        return SpecifierSet()
    specifiers: list[str] = []
    position = 0
    for term in _TERM.finditer(text):
        between = text[position : term.start()]
        if between.strip(" ,"):
            raise ValueError(f"not a Poetry version constraint: {text!r}")
        position = term.end()
        specifiers.extend(_term(term.group(1) or "", term.group(2)))
    if text[position:].strip(" ,"):
        raise ValueError(f"not a Poetry version constraint: {text!r}")
    try:
        return SpecifierSet(",".join(specifiers))
    except InvalidSpecifier as exc:
        raise ValueError(f"not a Poetry version constraint: {text!r}") from exc


def _term(operator: str, version: str) -> list[str]:
    if version == "*":
        return []
    if operator == "^":
        return [f">={version}", f"<{_bump(version, caret=True)}"]
    if operator == "~":
        return [f">={version}", f"<{_bump(version, caret=False)}"]
    if operator in ("", "="):
        operator = "=="
    return [f"{operator}{version}"]


def _bump(text: str, *, caret: bool) -> str:
    """The exclusive upper bound of ``^text`` (``caret``) or ``~text``."""
    try:
        parts = list(Version(text).release)
    except InvalidVersion as exc:
        raise ValueError(f"not a version: {text!r}") from exc
    written = len(text.split("+", maxsplit=1)[0].split("-", maxsplit=1)[0].split("."))
    parts = parts[: max(1, min(written, len(parts)))]
    if caret:
        nonzero = [i for i, part in enumerate(parts) if part != 0]
        index = nonzero[0] if nonzero else len(parts) - 1
    else:
        index = 1 if len(parts) >= 2 else 0
    bumped = [*parts[:index], parts[index] + 1]
    if len(bumped) < 2:
        bumped.append(0)
    return ".".join(str(part) for part in bumped)
