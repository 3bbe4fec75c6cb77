"""Version ranges are evaluated as sets of real releases."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.model import Constraint, complete
from pylint_hubcompat.target.model import FILE, OPTION, Source


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
    assert Constraint.build("tensorflow", "2.15.1", (Source(OPTION, text="tf-version"),)).releases == (Version("2.15.1"),)


def test_not_a_specifier() -> None:
    with pytest.raises(ValueError, match="not a version or specifier"):
        Constraint.build("tensorflow", "latest", (Source(OPTION, text="tf-version"),))


def test_describe_names_releases_specifier_and_source() -> None:
    constraint = Constraint.build("tensorflow", ">=2.10", (Source(FILE, "pyproject.toml", 12),))
    affected = constraint.matching(">=2.16")
    assert constraint.describe(affected) == "tensorflow 2.16.1-2.21.0 and newer admitted by `>=2.10` (pyproject.toml:12)"


def test_the_default_is_the_newest_release_and_says_so() -> None:
    assert complete(None, {})["tensorflow"].describe() == (
        "tensorflow 2.21.0 (assumed: the newest co-installable; no version declared)"
    )


# -- specifiers that admit only releases nobody has published yet -------------------------------


@pytest.mark.parametrize("spec", [">=2.21.0rc0,<2.21.0", "~=2.21.0rc1,<2.21.0", "==2.22.0rc1"])
def test_a_specifier_admitting_only_unknown_pre_releases_is_judged_as_the_newest_release(spec: str) -> None:
    assert releases.admitted("tensorflow", SpecifierSet(spec)) == ((Version("2.21.0"),), True)


@pytest.mark.parametrize(
    ("spec", "line"),
    [("==2.21.0rc1", "2.21.0"), ("===2.21.0rc1", "2.21.0"), ("==2.0.0b1", "2.0.0"), ("==2.16.0rc0", "2.16.1")],
)
def test_a_pre_release_pin_is_judged_as_the_release_of_its_line(spec: str, line: str) -> None:
    assert releases.admitted("tensorflow", SpecifierSet(spec)) == ((Version(line),), False)


def test_a_future_patch_release_is_newer_than_known() -> None:
    assert releases.admitted("tensorflow", SpecifierSet("~=2.21.0")) == ((Version("2.21.0"),), True)


@pytest.mark.parametrize("spec", ["<2.23", "==3.1.*", "==2.22.*", ">=2.21.1"])
def test_a_specifier_admitting_only_unreleased_versions_is_newer_than_known(spec: str) -> None:
    assert releases.admitted("tensorflow", SpecifierSet(spec))[1] is True


def test_a_specifier_for_a_next_major_version_admits_newer_releases() -> None:
    assert releases.admitted("tensorflow", SpecifierSet(">2.99,<3.1")) == ((Version("2.21.0"),), True)


@pytest.mark.parametrize(
    ("spec", "admitted"),
    [
        (">=2.20,<2.21.0", ("2.20.0",)),
        ("<2.21", ("2.20.0",)),
        ("<2.5", ("2.4.4",)),
        ("==2.21.0", ("2.21.0",)),
        ("==2.16.0.*", ()),
    ],
)
def test_a_range_ending_at_or_before_the_newest_release_does_not_admit_newer_ones(
    spec: str, admitted: tuple[str, ...]
) -> None:
    found, newer = releases.admitted("tensorflow", SpecifierSet(spec))
    assert (found[-1:], newer) == (tuple(Version(v) for v in admitted), False)


def test_an_arbitrary_equality_that_is_no_version_admits_nothing() -> None:
    assert releases.admitted("tensorflow", SpecifierSet("===2.15.1-custom")) == ((), False)


def test_a_distribution_without_known_releases_admits_nothing() -> None:
    assert releases.admitted("numpy", SpecifierSet(">=1")) == ((), False)


# -- what users type: --tf-version, a notebook's !pip install --------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [(" 2.15.1 ", "==2.15.1"), (">=2.12, <2.16", "<2.16,>=2.12"), ("", ""), ("   ", ""), ("==2.16.*", "==2.16.*")],
)
def test_user_text_is_a_version_or_a_specifier(text: str, spec: str) -> None:
    assert releases.parse_specifier(text) == SpecifierSet(spec)


def test_user_text_that_is_neither_is_a_readable_error() -> None:
    with pytest.raises(ValueError, match=r"^not a version or specifier: '2\.15 or newer'$"):
        releases.parse_specifier(" 2.15 or newer ")


def test_compact_keeps_releases_the_list_does_not_know_apart() -> None:
    versions = [Version(v) for v in ("1.0.0", "1.5.0.post9", "1.5.1", "2.21.0", "2.22.0", "2.23.0")]
    assert releases.compact("tensorflow", versions) == "1.0.0, 1.5.0.post9, 1.5.1, 2.21.0, 2.22.0, 2.23.0"


def test_compact_skips_a_version_that_was_never_released() -> None:
    """2.16.0 does not exist: 2.15.1 and 2.16.1 are consecutive releases."""
    assert releases.compact("tensorflow", [Version("2.16.1"), Version("2.15.1"), Version("2.15.0.post1")]) == (
        "2.15.0.post1-2.16.1"
    )


@pytest.mark.parametrize(
    ("distribution", "specifier", "admits"),
    [
        ("tensorflow-hub", ">=99", False),
        ("tensorflow", "==2.15.7", False),
        ("tensorflow-hub", "<0.1", False),
        ("tensorflow", ">=2.21", True),  # 2.21.0, and newer ones
        ("tensorflow", "==2.16.0rc0", True),  # a pre-release stands for its line's first release
        ("tensorflow", "", True),
    ],
)
def test_a_specifier_admits_a_known_release_or_none(distribution: str, specifier: str, admits: bool) -> None:
    assert releases.admits_known(distribution, SpecifierSet(specifier)) is admits
