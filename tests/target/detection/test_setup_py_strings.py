"""setup.py requirements spelled as string expressions of constants: evaluated on the tree, never run."""

from __future__ import annotations

import pytest

from tests.target.detection.conftest import detect, problems, summary


def test_a_name_joined_to_a_module_constant_is_one_requirement(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup

                TF_SPEC = ">=2.12,<2.16"
                setup(install_requires=["tensorflow" + TF_SPEC])
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("<2.16,>=2.12", "setup.py:4", "2.12.0", "2.15.1")
    assert problems(target) == []


@pytest.mark.parametrize(
    "expression",
    [
        'f"tensorflow-hub=={HUB}"',
        '"tensorflow-hub==%s" % HUB',
        '"tensorflow-hub==%s.%d.0" % ("0", 15)',
        '"tensorflow-hub=={}".format(HUB)',
        '"tensorflow-hub=={version}".format(version=HUB)',
        'NAME + "==" + HUB',
        'PINNED',
    ],
)
def test_constant_string_expressions_are_evaluated(project, expression):
    root = project(
        {
            "setup.py": f"""
                from setuptools import setup
                HUB = "0.15.0"
                NAME = "tensorflow-hub"
                PINNED = NAME + "==" + HUB
                setup(install_requires=[{expression}])
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "setup.py:5")
    assert problems(target) == []


@pytest.mark.parametrize(
    "expression",
    [
        '"tensorflow" + read_version()',  # a call: computed
        '"tensorflow" + SPEC',  # SPEC is bound twice
        '"tensorflow==" + "{:>999999999}".format(2)',  # a width could ask for gigabytes
        '"tensorflow==%99999999s" % "2"',
        '"tensorflow=={0.real}".format(2)',  # an attribute of a value
        'f"tensorflow=={VERSION!r}"',
        '"tensorflow==%(v)s" % {"v": "2.15.1"}',
    ],
)
def test_anything_else_is_left_out_not_guessed(project, expression):
    root = project(
        {
            "setup.py": f"""
                from setuptools import setup
                SPEC = "==1.15.0"
                SPEC = "==2.15.1"
                VERSION = "2.15.1"
                setup(install_requires=[{expression}])
            """
        }
    )
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_lists_joined_with_plus_are_still_lists(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup
                BASE = ["tensorflow" + "==2.15.1"]
                setup(install_requires=BASE + ["tensorflow-hub==0.15.0"])
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "setup.py:2")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "setup.py:3")


def test_past_the_depth_limit_a_string_joined_to_the_unknown_is_left_out(project):
    chain = "".join(f"P{i} = P{i - 1}\n" for i in range(1, 22))
    root = project({
        "setup.py": 'import os\nfrom setuptools import setup\nP0 = "tensorflow==2.15.1"\n' + chain
        + 'setup(install_requires=[P21 + os.environ["X"]])\n'
    })
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []
