"""Narrowing the version specifier of one requirement, written as the user wrote it.

Only the specifier's own characters change: the name, extras, marker, spacing and
quotes around it stay.  Versions are never compared by hand: every clause is read,
combined and checked by ``packaging`` (or by the detection's Poetry reader), and a
result that admits no known release is no result.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.detection.declared import tracked_requirement
from pylint_hubcompat.target.detection.poetry import poetry_specifiers

#: A requirement's name and extras (PEP 508), up to where its specifier may start.
_NAME_AND_EXTRAS = re.compile(r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\s*\[[^\]]*\])?")


class Narrowing(NamedTuple):
    """What a declaration of ``distribution`` must admit from now on: the releases ``bound`` admits."""

    distribution: str
    #: One specifier clause, e.g. ``<2.16``.
    bound: str
    #: Clauses that admit no release within ``bound`` go (``setuptools>=82`` becomes ``setuptools<82``);
    #: without it such a declaration is left alone (``tensorflow>=2.17`` cannot also be ``<2.16``).
    replace_conflicting: bool = False

    def clauses(self, written: list[str]) -> list[str] | None:
        """The clauses (as written) the declaration gets; None if nothing that fits is known."""
        old = _specifier(",".join(written))
        if old is None:
            return None
        bound = SpecifierSet(self.bound)
        if self.within(old):
            return written
        if self.admits_known(old & bound):
            return [*written, self.bound]
        if not self.replace_conflicting:
            return None
        kept = [clause for clause in written if self.admits_known(SpecifierSet(clause) & bound)]
        narrowed = [*kept, self.bound]
        return narrowed if self.admits_known(SpecifierSet(",".join(narrowed))) else None

    def within(self, specifier: SpecifierSet) -> bool:
        """Whether every known release ``specifier`` admits is admitted by the bound already."""
        admitted = [v for v in releases.known_releases(self.distribution) if specifier.contains(v, prereleases=True)]
        return bool(admitted) and all(SpecifierSet(self.bound).contains(v, prereleases=True) for v in admitted)

    def admits_known(self, specifier: SpecifierSet) -> bool:
        return any(specifier.contains(v, prereleases=True) for v in releases.known_releases(self.distribution))


class Moving(NamedTuple):
    """What a declaration of ``distribution`` must admit once it moves: ``release`` (``hubcompat plan``).

    The clauses that admit the release stay as written; each that excludes it is
    replaced by one of the same kind (``==2.12.0`` by ``==2.21.0``, ``~=0.13.0`` by
    ``~=0.16.1``, ``<2.16`` by ``<2.22``), so the declaration keeps its style.
    ``cap`` (``<2.19``) keeps pip from installing a newer line than the one moved
    to, where newer ones are known.  ``floor``: no older known release may stay
    admitted either (``>=0.14`` becomes ``>=0.16.1``), where the plan judged the
    release alone: with an older one admitted the findings it cures may stay.
    """

    distribution: str
    release: Version
    cap: str = ""
    floor: bool = False

    @property
    def bound(self) -> str:
        """The clause a declaration without an excluding one gets: only the cap."""
        return self.cap

    def clauses(self, written: list[str]) -> list[str] | None:
        """The clauses (as written) the declaration gets; None if no rewrite of them admits the release."""
        old = _specifier(",".join(written))
        if old is None:
            return None
        if self.within(old):
            return written
        moved = list(dict.fromkeys(self._replacement(clause) for clause in written))
        clauses = [clause for clause in moved if clause]
        if self._below(SpecifierSet(",".join(clauses))):
            clauses.append(f">={self.release}")  # ``==0.16.*`` still admits 0.16.0
        if not self.within(SpecifierSet(",".join(clauses))):
            clauses.append(self.cap)
        return clauses if self.within(SpecifierSet(",".join(clauses))) else None

    def within(self, specifier: SpecifierSet) -> bool:
        """Whether ``specifier`` admits the release and, with a cap (a floor), no known release past (below) it."""
        if not specifier.contains(self.release, prereleases=True) or self._below(specifier):
            return False
        if not self.cap:
            return True
        capped = SpecifierSet(self.cap)
        return all(
            capped.contains(v, prereleases=True)
            for v in releases.known_releases(self.distribution)
            if specifier.contains(v, prereleases=True)
        )

    def _below(self, specifier: SpecifierSet) -> bool:
        """With a floor, whether ``specifier`` admits a known release older than the one moved to."""
        return self.floor and any(
            specifier.contains(v, prereleases=True)
            for v in releases.known_releases(self.distribution)
            if v < self.release
        )

    def poetry(self, constraint: str) -> tuple[str, SpecifierSet] | None:
        """A Poetry constraint moved: an exact version stays exact, anything else becomes ``~release``."""
        old = _poetry_specifier(constraint)
        if old is None:
            return None
        if self.within(old):
            return constraint, old
        exact = [clause for clause in old if clause.operator in ("==", "===") and "*" not in clause.version]
        new = str(self.release) if exact else f"~{self.release}"
        try:
            (specifier,) = poetry_specifiers(new)
        except ValueError:
            return None
        return (new, specifier) if self.within(specifier) else None

    def _replacement(self, clause: str) -> str:
        """``clause`` if it admits the release, else its counterpart that does ("" drops it)."""
        try:
            specifier = Specifier(clause)
        except InvalidSpecifier:
            return clause
        operator, version = specifier.operator, specifier.version
        lower = operator not in ("<", "<=", "!=")  # what a floor raises
        if specifier.contains(self.release, prereleases=True) and not (lower and self._below(SpecifierSet(clause))):
            return clause
        parts = len(Version(version.rstrip(".*")).release)
        release = self.release.release
        if operator in ("==", "===") and version.endswith(".*"):
            return f"=={'.'.join(map(str, release[:parts]))}.*"
        if operator in ("==", "==="):
            return f"=={self.release}"
        if operator == "~=":
            same = ".".join(map(str, (*release, 0, 0)[:parts]))
            return f"~={same}" if not self.floor or Version(same) >= self.release else f"~={self.release}"
        if operator in ("<", "<="):
            return self.cap or f"<{release[0]}.{release[1] + 1}"
        if operator in (">", ">="):
            return f">={self.release}"
        return ""  # != the release


#: What a declaration can be rewritten to admit: less (a rule's fix) or another release (a plan's move).
Respecification = Narrowing | Moving


class Rewritten(NamedTuple):
    """A requirement's new text, what it admits, and whether it holds under a marker only."""

    text: str
    specifier: SpecifierSet
    conditional: bool


def requirement_of(text: str, distribution: str) -> Requirement | None:
    """The requirement ``text`` if it is a PEP 508 requirement of a published name of ``distribution``.

    A nightly build or a URL or path requirement has no specifier to narrow.
    """
    tracked = tracked_requirement(text)
    if tracked is None:
        return None
    requirement, alias = tracked
    if alias.distribution != distribution or alias.nightly or requirement.url:
        return None
    return requirement


def respecified(text: str, narrowing: Respecification) -> Rewritten | None:
    """The PEP 508 requirement ``text`` with its specifier narrowed; None if it is no such requirement."""
    requirement = requirement_of(text, narrowing.distribution)
    prefix = _NAME_AND_EXTRAS.match(text)
    if requirement is None or prefix is None:
        return None
    semicolon = text.find(";", prefix.end())
    region = text[prefix.end() : len(text) if semicolon < 0 else semicolon]
    content = region.strip()
    begin = prefix.end() + len(region) - len(region.lstrip())
    if content.startswith("(") and content.endswith(")"):
        begin, content = begin + 1, content[1:-1]
    written = [clause.strip() for clause in content.split(",")] if content.strip() else []
    clauses = narrowing.clauses(written)
    if clauses is None:
        return None
    if clauses == written:
        return Rewritten(text, requirement.specifier, requirement.marker is not None)
    if not content:  # no specifier: it goes right after the name (and extras)
        begin, new_content = prefix.end(), narrowing.bound
    elif clauses[:-1] == written:
        new_content = content.rstrip() + "," + narrowing.bound
    else:
        new_content = ",".join(clauses)
    new_text = text[:begin] + new_content + text[begin + len(content) :]
    return _checked(requirement, new_text, SpecifierSet(",".join(clauses)))


def poetry_respecified(constraint: str, narrowing: Respecification) -> tuple[str, SpecifierSet] | None:
    """A Poetry version constraint (``^2.12``, ``>=2.12 <2.18``) narrowed; None if it has alternatives (``||``)."""
    if isinstance(narrowing, Moving):
        return narrowing.poetry(constraint)
    old = _poetry_specifier(constraint)
    if old is None:
        return None
    bound = SpecifierSet(narrowing.bound)
    if narrowing.within(old):
        return constraint, old
    if constraint.strip() in ("", "*"):
        new, expected = narrowing.bound, bound
    elif narrowing.admits_known(old & bound):
        new, expected = constraint.rstrip() + "," + narrowing.bound, old & bound
    elif narrowing.replace_conflicting:
        new, expected = narrowing.bound, bound
    else:
        return None
    try:
        if poetry_specifiers(new) != (expected,):
            return None
    except ValueError:
        return None
    return new, expected


def _checked(requirement: Requirement, text: str, expected: SpecifierSet) -> Rewritten | None:
    """The new requirement text, if it is the same requirement with exactly the expected specifier."""
    try:
        new = Requirement(text)
    except InvalidRequirement:
        return None
    same = (new.name, new.extras, str(new.marker), new.url) == (
        requirement.name,
        requirement.extras,
        str(requirement.marker),
        requirement.url,
    )
    if not same or new.specifier != expected:
        return None
    return Rewritten(text, new.specifier, new.marker is not None)


def _specifier(text: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def _poetry_specifier(constraint: str) -> SpecifierSet | None:
    """What a Poetry constraint admits, if it is one range (``||`` alternatives are left alone)."""
    try:
        alternatives = poetry_specifiers(constraint)
    except ValueError:
        return None
    return alternatives[0] if len(alternatives) == 1 else None
