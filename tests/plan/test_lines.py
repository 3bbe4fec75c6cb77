"""Release lines: the columns of a plan, and the release each is judged on."""

from __future__ import annotations

import pytest
from packaging.version import Version

from pylint_hubcompat.plan.lines import Line, known_lines, lines_of, parse_to
from pylint_hubcompat.target.model import FILE, Constraint, Source, complete


def target(specifier: str):
    return complete(
        None, {"tensorflow": Constraint.build("tensorflow", specifier, (Source(FILE, "requirements.txt", 1),))}
    )


def test_each_line_is_judged_on_its_newest_final_release() -> None:
    lines = {line.label: str(line.release) for line in known_lines()}
    assert lines["2.15"] == "2.15.1"  # not 2.15.0.post1
    assert lines["2.16"] == "2.16.2"
    assert list(lines)[0] == "2.0"


@pytest.mark.parametrize(
    ("text", "release"),
    [
        ("2.21", "2.21.0"),
        ("2.19", "2.19.1"),
        ("2.19.0", "2.19.0"),
        ("tensorflow==2.18.*", "2.18.1"),
        ("tensorflow>=2.16,<2.18", "2.17.1"),
        ("==2.16.1", "2.16.1"),
    ],
)
def test_to_names_a_line_and_the_release_it_is_judged_on(text: str, release: str) -> None:
    assert parse_to(text).release == Version(release)


@pytest.mark.parametrize("text", ["3.5", "tensorflow==9.9", "keras==3.0", "two", "1.15"])
def test_to_that_names_no_tensorflow_two_release_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--to"):
        parse_to(text)


def test_lines_run_from_the_oldest_admitted_to_the_newest() -> None:
    labels = [line.label for line in lines_of(target(">=2.12,<2.16"), None, from_current=False)]
    assert labels == [f"2.{minor}" for minor in range(12, 22)]


def test_from_current_starts_where_pip_installs() -> None:
    labels = [line.label for line in lines_of(target(">=2.12,<2.16"), None, from_current=True)]
    assert labels[0] == "2.15"


def test_a_tf_one_project_is_planned_from_two_zero() -> None:
    assert lines_of(target("==1.15.5"), parse_to("2.2"), from_current=False)[0].label == "2.0"


def test_a_line_older_than_the_project_is_planned_on_its_own() -> None:
    assert lines_of(target("==2.18.0"), parse_to("2.14"), from_current=False) == (Line((2, 14), Version("2.14.1")),)
