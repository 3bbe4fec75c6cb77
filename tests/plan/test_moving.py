"""Moving a declaration to another release, written in the declaration's own style."""

from __future__ import annotations

import pytest
from packaging.version import Version

from pylint_hubcompat.fixes.dependencies.specifier_edits import Moving, respecified

TF_221 = Moving("tensorflow", Version("2.21.0"))
TF_218 = Moving("tensorflow", Version("2.18.1"), cap="<2.19")
HUB = Moving("tensorflow-hub", Version("0.16.1"))
#: A companion the plan judged on 0.16.1 alone: nothing older may stay admitted.
HUB_ALONE = Moving("tensorflow-hub", Version("0.16.1"), floor=True)


@pytest.mark.parametrize(
    ("written", "moving", "moved"),
    [
        ("tensorflow==2.12.0", TF_221, "tensorflow==2.21.0"),
        ("tensorflow==2.12.*", TF_221, "tensorflow==2.21.*"),
        ("tensorflow~=2.12.0", TF_221, "tensorflow~=2.21.0"),
        ("tensorflow>=2.12,<2.16", TF_221, "tensorflow>=2.12,<2.22"),
        ("tensorflow>=2.12", TF_221, "tensorflow>=2.12"),
        ("tensorflow", TF_221, "tensorflow"),
        ("tensorflow", TF_218, "tensorflow<2.19"),
        ("tensorflow>=2.12", TF_218, "tensorflow>=2.12,<2.19"),
        ("tensorflow~=2.12", TF_218, "tensorflow~=2.12,<2.19"),
        ("tensorflow-hub~=0.13.0", HUB, "tensorflow-hub~=0.16.1"),
        ('tensorflow-hub==0.13.0 ; python_version > "3.8"', HUB, 'tensorflow-hub==0.16.1 ; python_version > "3.8"'),
        ("tensorflow-hub[extra] >= 0.12, != 0.16.1", HUB, "tensorflow-hub[extra] >= 0.12"),
        ("tensorflow-hub>=0.14,<0.16", HUB, "tensorflow-hub>=0.14,<0.17"),
        ("tensorflow-hub>=0.14,<0.16", HUB_ALONE, "tensorflow-hub>=0.16.1,<0.17"),
        ("tensorflow-hub>=0.12", HUB_ALONE, "tensorflow-hub>=0.16.1"),
        ("tensorflow-hub~=0.14", HUB_ALONE, "tensorflow-hub~=0.16.1"),
        ("tensorflow-hub==0.13.*", HUB_ALONE, "tensorflow-hub==0.16.*,>=0.16.1"),
        ("tensorflow-hub<0.16", HUB_ALONE, "tensorflow-hub<0.17,>=0.16.1"),
        ("tensorflow-hub>=0.16.1", HUB_ALONE, "tensorflow-hub>=0.16.1"),
    ],
)
def test_a_moved_declaration_keeps_its_style(written: str, moving: Moving, moved: str) -> None:
    rewritten = respecified(written, moving)
    assert rewritten is not None
    assert rewritten.text == moved
    assert rewritten.specifier.contains(moving.release)


@pytest.mark.parametrize(
    ("constraint", "moved"),
    [("^2.12", "^2.12"), ("2.12.0", "2.21.0"), ("~2.12", "~2.21.0"), (">=2.12,<2.16", "~2.21.0")],
)
def test_a_poetry_constraint_moves_too(constraint: str, moved: str) -> None:
    result = TF_221.poetry(constraint)
    assert result is not None
    assert result[0] == moved


def test_poetry_alternatives_are_left_alone() -> None:
    assert TF_221.poetry("2.12.0 || 2.13.0") is None


def test_a_poetry_range_moved_alone_admits_nothing_older() -> None:
    result = HUB_ALONE.poetry("^0.14")
    assert result is not None
    assert result[0] == "~0.16.1"
