"""What a target says about itself: the releases a message names, and where they came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from pylint_hubcompat.target.model import FILE, INSTALLED, OPTION, Constraint, Source, complete
from tests.lint import lint_snippet

MODULE_CALL = 'import tensorflow_hub as hub\n\nmodule = hub.Module("https://tfhub.dev/google/elmo/3")\n'


def test_and_newer_is_said_only_when_the_newest_admitted_release_is_among_those_named() -> None:
    constraint = Constraint.build("tensorflow", ">=2.12", (Source(FILE, "requirements.txt", 1),))
    older = constraint.matching("<2.16")
    assert constraint.describe(older) == "tensorflow 2.12.0-2.15.1 admitted by `>=2.12` (requirements.txt:1)"
    assert constraint.describe() == "tensorflow 2.12.0-2.21.0 and newer admitted by `>=2.12` (requirements.txt:1)"


def test_an_upper_bound_never_says_and_newer() -> None:
    constraint = Constraint.build("tensorflow", ">=2.12,<2.16", (Source(FILE, "pyproject.toml", 4),))
    assert constraint.describe() == "tensorflow 2.12.0-2.15.1 admitted by `<2.16,>=2.12` (pyproject.toml:4)"


def test_a_constraint_without_specifier_admits_any_version() -> None:
    constraint = Constraint.build("tensorflow-hub", "", (Source(OPTION, text="tf-version"),))
    assert constraint.describe() == "tensorflow-hub 0.1.0-0.16.1 and newer admitted by any version (tf-version option)"


def test_the_default_is_the_newest_environment_pip_installs() -> None:
    target = complete(None, {})
    assert target["tensorflow"].describe() == (
        "tensorflow 2.21.0 (assumed: the newest co-installable; no version declared)"
    )
    assert target["tensorflow-hub"].releases == (Version("0.16.1"),)
    assert target["tf-keras"].releases == (Version("2.21.0"),)  # tensorflow-hub 0.16.1 requires it
    assert target["keras"].releases[0] >= Version("3")
    assert target["tensorflow-text"].describe() == "tensorflow-text (not installed: nothing requires it)"


def test_a_target_is_completed_in_distribution_order_python_first() -> None:
    found = {"tensorflow-hub": Constraint.build("tensorflow-hub", "==0.15.0", (Source(FILE, "requirements.txt", 2),))}
    target = complete(Path("/project"), found)
    assert [c.distribution for c in target] == [
        "python",
        "tensorflow",
        "tensorflow-hub",
        "tf-keras",
        "keras",
        "tensorflow-text",
        "tf-models-official",
        "setuptools",
    ]
    assert [c.source for c in target][:3] == ["the Python running pylint", "default", "requirements.txt:2"]
    assert target.root == Path("/project")


def test_an_option_replaces_what_the_project_declares() -> None:
    target = complete(None, {"tensorflow": Constraint.build("tensorflow", ">=2.16", (Source(FILE, "pyproject.toml", 5),))})
    overridden = target.override("tensorflow", "2.15.1", Source(OPTION, text="tf-version"))
    assert overridden["tensorflow"].describe() == "tensorflow 2.15.1 (tf-version option)"
    assert [c.distribution for c in overridden].count("tensorflow") == 1
    assert target["tensorflow"].source == "pyproject.toml:5"


def test_a_distribution_a_target_does_not_track_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="numpy"):
        complete(None, {})["numpy"]


def test_the_message_names_the_option_that_pinned_the_version(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.16\ntensorflow-hub==0.15.0\n", encoding="utf-8")
    [(symbol, _, text)] = lint_snippet(tmp_path, MODULE_CALL, ["--tf-version=2.15.1"])
    assert symbol == "hub-module-eager"
    assert "tensorflow 2.15.1 (tf-version option)" in text


def test_a_pin_newer_than_every_known_release_is_judged_as_the_newest_and_says_so() -> None:
    constraint = Constraint.build("tensorflow", "==2.22.0", (Source(FILE, "requirements.txt", 1),))
    assert constraint.releases == (Version("2.21.0"),)
    assert constraint.describe() == "tensorflow 2.21.0 and newer admitted by `==2.22.0` (requirements.txt:1)"


def test_the_default_target_of_a_project_keeps_its_root() -> None:
    assert complete(Path("/srv/project"), {}).root == Path("/srv/project")


REQUIREMENTS = (Source(FILE, "requirements.txt", 1),)


@pytest.mark.parametrize(
    ("specifier", "sources", "exact"),
    [
        ("==2.15.1", REQUIREMENTS, True),
        ("2.15.1", (Source(OPTION, text="tf-version"),), True),
        ("==2.15.*", REQUIREMENTS, False),  # 2.15.0, 2.15.0.post1 and 2.15.1
        (">=2.12,<2.16", REQUIREMENTS, False),
        ("==2.22.0", REQUIREMENTS, False),  # newer than every known release: the newest stands in
        ("==2.15.1", (Source(INSTALLED),), False),  # the environment pylint runs in, a guess for the project's
    ],
)
def test_a_version_is_exact_where_one_known_release_is_pinned(
    specifier: str, sources: tuple[Source, ...], exact: bool
) -> None:
    constraint = complete(None, {"tensorflow": Constraint.build("tensorflow", specifier, sources)})["tensorflow"]
    assert constraint.exact is exact


def test_an_assumed_or_picked_version_is_not_exact() -> None:
    target = complete(None, {"tensorflow": Constraint.build("tensorflow", ">=2.12", REQUIREMENTS)})
    assert not target["tensorflow-hub"].exact  # assumed: nothing declares it
    assert target.as_installed["tensorflow"].releases == (Version("2.21.0"),)
    assert not target.as_installed["tensorflow"].exact  # the newest of a range that fits


def test_a_pinned_release_is_described_by_the_release_and_where_it_is_pinned() -> None:
    pinned = Constraint.build("tensorflow", "==2.15.1", REQUIREMENTS)
    assert pinned.describe() == "tensorflow 2.15.1 (requirements.txt:1)"
    # A pin that is not exactly the release keeps its specifier: it says what the release stands for.
    assert Constraint.build("tensorflow", "==2.16.0rc0", REQUIREMENTS).describe().startswith(
        "tensorflow 2.16.1 admitted by `==2.16.0rc0`"
    )
