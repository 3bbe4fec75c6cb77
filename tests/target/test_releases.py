"""Version ranges are evaluated as sets of real releases."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.model import Constraint, complete
from pylint_hubcompat.target.model import FILE, OPTION, Source

OPTION_SOURCE = Source(OPTION, text="tf-version")


def test_a_lower_bound_admits_every_later_release() -> None:
    admitted, newer = releases.admitted("tensorflow", SpecifierSet(">=2.10"))
    assert (admitted[0], admitted[-1], newer) == (Version("2.10.0"), Version("2.21.0"), True)


def test_2_16_0_was_never_released() -> None:
    admitted, _ = releases.admitted("tensorflow", SpecifierSet("==2.16.*"))
    assert admitted == (Version("2.16.1"), Version("2.16.2"))


@pytest.mark.parametrize("spec", [">=2.22", "==3.0.0", "==2.22.0rc1"])
def test_versions_newer_than_known_behave_like_the_newest(spec: str) -> None:
    assert releases.admitted("tensorflow", SpecifierSet(spec)) == ((Version("2.21.0"),), True)


def test_a_conflicting_specifier_admits_nothing() -> None:
    assert releases.admitted("tensorflow", SpecifierSet(">=2.16,<2.10")) == ((), False)


def test_compact_names_runs_of_consecutive_releases() -> None:
    versions = [Version(v) for v in ("2.15.1", "2.16.1", "2.16.2", "2.17.0", "2.19.0")]
    assert releases.compact("tensorflow", versions) == "2.15.1-2.17.0, 2.19.0"


def test_a_bare_version_means_exactly_that_version() -> None:
    assert Constraint.build("tensorflow", "2.15.1", (OPTION_SOURCE,)).releases == (Version("2.15.1"),)


def test_not_a_specifier() -> None:
    with pytest.raises(ValueError, match="not a version or specifier"):
        Constraint.build("tensorflow", "latest", (OPTION_SOURCE,))


def test_describe_names_releases_specifier_and_source() -> None:
    constraint = Constraint.build("tensorflow", ">=2.10", (Source(FILE, "pyproject.toml", 12),))
    affected = constraint.matching(">=2.16")
    assert constraint.describe(affected) == "tensorflow 2.16.1-2.21.0 and newer admitted by `>=2.10` (pyproject.toml:12)"


def test_the_default_is_the_newest_release_and_says_so() -> None:
    assert complete(None, {})["tensorflow"].describe() == "tensorflow 2.21.0 (assumed: the project declares no version)"
