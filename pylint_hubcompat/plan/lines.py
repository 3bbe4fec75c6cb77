"""TensorFlow release lines: the columns of a plan, and the release each is judged on.

A line is a minor (``2.16``) and its newest known release (``2.16.2``): what
``pip install tensorflow==2.16.*`` gives, so a line's column is exactly
``hubcompat check --tf-version=2.16.2``.  Only TensorFlow 2 lines are planned
for: a TF1 project's plan starts at 2.0.
"""

from __future__ import annotations

from typing import NamedTuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.model import Target

TENSORFLOW = "tensorflow"


class Line(NamedTuple):
    """A TensorFlow minor and the release it is judged on."""

    minor: tuple[int, int]
    release: Version

    @property
    def label(self) -> str:
        return f"{self.minor[0]}.{self.minor[1]}"

    @property
    def pin(self) -> str:
        """The specifier of its release, as ``--tf-version`` takes it."""
        return f"=={self.release}"


def known_lines() -> tuple[Line, ...]:
    """Every TensorFlow 2 line, oldest first, each with its newest final release."""
    newest: dict[tuple[int, int], Version] = {}
    for release in releases.known_releases(TENSORFLOW):
        if release.major >= 2 and not release.is_prerelease and not release.is_devrelease:
            newest[(release.major, release.minor)] = release
    return tuple(Line(minor, release) for minor, release in sorted(newest.items()))


def parse_to(text: str) -> Line:
    """The line ``--to`` names: ``2.21``, ``2.21.0``, ``tensorflow==2.21``, ``tensorflow>=2.18,<2.20``.

    The newest known release it admits decides the line, and is the release the
    line is judged on (``--to 2.19.0`` judges 2.19 on 2.19.0, not on 2.19.1).
    ``ValueError`` with a readable message when it names no known TensorFlow 2 release.
    """
    specifier = _specifier(text.strip())
    admitted = [v for v in releases.known_releases(TENSORFLOW) if specifier.contains(v) and v.major >= 2]
    if not admitted:
        newest = known_lines()[-1].label
        raise ValueError(f"--to {text.strip()!r} admits no known TensorFlow 2 release (newest known line: {newest})")
    release = admitted[-1]
    return Line((release.major, release.minor), release)


def _specifier(text: str) -> SpecifierSet:
    if text[:1].isalpha():
        try:
            requirement = Requirement(text)
        except InvalidRequirement as exc:
            raise ValueError(f"--to {text!r} is not a requirement: {exc}") from None
        if requirement.name.lower() != TENSORFLOW:
            raise ValueError(f"--to {text!r} names {requirement.name}: a plan moves tensorflow")
        return requirement.specifier
    try:
        version = Version(text)
    except InvalidVersion:
        return releases.parse_specifier(text)
    # ``2.21`` is the line, ``2.21.0`` the release.
    return SpecifierSet(f"=={version}.*" if len(version.release) == 2 else f"=={version}")


def lines_of(target: Target, to: Line | None, from_current: bool) -> tuple[Line, ...]:
    """The lines a project is planned over: from its oldest admitted line (``from_current``: the one pip
    installs now) up to ``to`` (default: the newest known line).

    A ``to`` older than where the project starts is planned for on its own.
    """
    known = known_lines()
    end = to or known[-1]
    constraint = target[TENSORFLOW]
    installed = constraint.as_picked().releases if from_current else constraint.releases
    start = min(installed, default=end.release)
    lines = [line for line in known if (start.major, start.minor) <= line.minor < end.minor]
    return (*lines, end)
