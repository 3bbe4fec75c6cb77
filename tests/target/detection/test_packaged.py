"""Packaged metadata: PKG-INFO, *.dist-info/METADATA and *.egg-info/requires.txt, at the root and in src/."""

from __future__ import annotations

import os

import pytest

from pylint_hubcompat.target.detection.packaged import is_packaged_metadata, read_packaged_metadata
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from tests.trees import write_tree

#: The head of tf-models-official 2.15.0's sdist PKG-INFO, as setuptools writes it.
TF_MODELS_PKG_INFO = """
    Metadata-Version: 2.1
    Name: tf-models-official
    Version: 2.15.0
    Summary: TensorFlow Official Models
    Requires-Python: >=3.9
    License-File: LICENSE
    Requires-Dist: Cython
    Requires-Dist: gin-config
    Requires-Dist: tensorflow-hub>=0.6.0
    Requires-Dist: tensorflow~=2.15.0
    Requires-Dist: tf-keras>=2.14.1; extra == "keras"

    A description that happens to say
    Requires-Dist: tensorflow==1.15
"""


def read(root) -> tuple[list[tuple[str, str, str, str | None]], list[str]]:
    """``(distribution, specifier, where, branch)`` of each record, and the problems met."""
    project = ProjectFiles(root)
    found = read_packaged_metadata(project)
    shown = [(d.distribution, str(d.specifier), f"{d.path}:{d.line}", d.branch) for d in found]
    return shown, [f"{p.path}:{p.line}: {p.message}" for p in project.problems]


def test_an_unpacked_sdist_says_what_it_requires_in_pkg_info(tmp_path):
    found, problems = read(write_tree(tmp_path, {"PKG-INFO": TF_MODELS_PKG_INFO}))
    assert found == [
        ("tensorflow-hub", ">=0.6.0", "PKG-INFO:9", None),
        ("tensorflow", "~=2.15.0", "PKG-INFO:10", None),
        ("python", ">=3.9", "PKG-INFO:5", None),
    ]
    assert problems == []


def test_requirements_of_an_extra_are_skipped(tmp_path):
    text = """
        Metadata-Version: 2.1
        Name: demo
        Requires-Dist: tensorflow>=2.12
        Requires-Dist: tensorflow-hub; extra == 'hub'
        Requires-Dist: tf-keras==2.15.1; python_version >= "3.9" and extra == "legacy"
        Requires-Dist: keras<3; python_version >= "3.9"
    """
    found, _ = read(write_tree(tmp_path, {"PKG-INFO": text}))
    assert found == [
        ("tensorflow", ">=2.12", "PKG-INFO:3", None),
        ("keras", "<3", "PKG-INFO:6", 'python_version >= "3.9"'),
    ]


def test_a_wheel_unpacked_in_the_tree_says_it_in_its_dist_info(tmp_path):
    text = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: tensorflow (<2.16,>=2.13)\n"
    found, _ = read(write_tree(tmp_path, {"demo-1.0.dist-info/METADATA": text}))
    assert found == [("tensorflow", "<2.16,>=2.13", "demo-1.0.dist-info/METADATA:4", None)]


def test_egg_info_requires_txt_and_its_sections(tmp_path):
    requires = """
        numpy>=1.23
        tensorflow>=2.12

        [:sys_platform == "darwin"]
        tensorflow-macos>=2.12

        [:python_version < "3"]
        tensorflow<2

        [gpu]
        tensorflow[and-cuda]>=2.14

        [hub:python_version >= "3.9"]
        tensorflow-hub>=0.16
    """
    root = write_tree(tmp_path, {"src/demo.egg-info/requires.txt": requires, "src/demo/__init__.py": ""})
    found, problems = read(root)
    assert found == [
        ("tensorflow", ">=2.12", "src/demo.egg-info/requires.txt:2", None),
        ("tensorflow", ">=2.12", "src/demo.egg-info/requires.txt:5", 'sys_platform == "darwin"'),
    ]
    assert problems == []


def test_egg_info_pkg_info_gives_the_python_and_leaves_requirements_to_requires_txt(tmp_path):
    pkg_info = "Metadata-Version: 2.1\nName: demo\nRequires-Python: >=3.8\nRequires-Dist: tensorflow>=2.12\n"
    root = write_tree(
        tmp_path, {"demo.egg-info/PKG-INFO": pkg_info, "demo.egg-info/requires.txt": "tensorflow>=2.12\n"}
    )
    found, _ = read(root)
    assert found == [
        ("tensorflow", ">=2.12", "demo.egg-info/requires.txt:1", None),
        ("python", ">=3.8", "demo.egg-info/PKG-INFO:3", None),
    ]


def test_egg_info_pkg_info_alone_gives_its_requirements(tmp_path):
    pkg_info = "Metadata-Version: 2.1\nName: demo\nRequires-Dist: tensorflow>=2.12\n"
    found, _ = read(write_tree(tmp_path, {"demo.egg-info/PKG-INFO": pkg_info}))
    assert found == [("tensorflow", ">=2.12", "demo.egg-info/PKG-INFO:3", None)]


def test_an_egg_info_of_an_unrelated_package_gives_nothing(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "requests_helper.egg-info/PKG-INFO": "Metadata-Version: 2.1\nName: requests-helper\nVersion: 0.3\n",
            "requests_helper.egg-info/requires.txt": "requests>=2\nurllib3\n\n[socks]\nPySocks\n",
        },
    )
    assert read(root) == ([], [])


def test_a_project_without_metadata_gives_nothing(tmp_path):
    root = write_tree(tmp_path, {"setup.py": "", "src/demo/__init__.py": "", "docs/PKG-INFO": "Requires-Dist: keras\n"})
    assert read(root) == ([], [])


def test_metadata_deeper_than_src_children_is_not_looked_for(tmp_path):
    root = write_tree(tmp_path, {"vendor/pkg.egg-info/requires.txt": "tensorflow==1.15\n"})
    assert read(root) == ([], [])


def test_a_bad_requirement_is_reported_and_the_others_still_read(tmp_path):
    text = "Metadata-Version: 2.1\nName: demo\nRequires-Dist: tensorflow >= = 2\nRequires-Dist: keras<3\n"
    found, problems = read(write_tree(tmp_path, {"PKG-INFO": text}))
    assert found == [("keras", "<3", "PKG-INFO:4", None)]
    assert [p.split(", skipped")[0] for p in problems] == ["PKG-INFO:3: cannot parse requirement tensorflow"]


def test_a_line_that_is_no_header_is_reported_and_the_headers_after_it_still_read(tmp_path):
    text = "Metadata-Version: 2.1\nName: demo\ntoken ghp_s3cr3tT0ken0123456789\nRequires-Dist: tensorflow==2.15.1\n"
    found, problems = read(write_tree(tmp_path, {"PKG-INFO": text}))
    assert found == [("tensorflow", "==2.15.1", "PKG-INFO:4", None)]
    assert problems == ["PKG-INFO:3: not a metadata header (Name: value), skipped"]


def test_a_bad_python_requirement_is_reported_without_its_text(tmp_path):
    twice = "Metadata-Version: 2.1\nName: demo\nRequires-Python: >=3.8\nRequires-Python: >=3.7\n"
    broken = "Metadata-Version: 2.1\nName: demo\nRequires-Python: >=3.6.*\n"  # packaging 22 refuses ``.*`` here
    found, problems = read(write_tree(tmp_path, {"PKG-INFO": twice, "demo-1.0.dist-info/METADATA": broken}))
    assert found == []
    assert problems == [
        "PKG-INFO:3: Requires-Python header cannot be read, skipped",
        "demo-1.0.dist-info/METADATA:3: Requires-Python is not a version specifier, skipped",
    ]


def test_a_section_header_that_does_not_close_skips_its_lines(tmp_path):
    requires = "tensorflow>=2.12\n[gpu\ntensorflow<2\n[:sys_platform == 'linux']\nkeras<3\n"
    found, problems = read(write_tree(tmp_path, {"demo.egg-info/requires.txt": requires}))
    assert found == [
        ("tensorflow", ">=2.12", "demo.egg-info/requires.txt:1", None),
        ("keras", "<3", "demo.egg-info/requires.txt:5", "sys_platform == 'linux'"),
    ]
    assert problems == ["demo.egg-info/requires.txt:2: not a section header ([extra:marker]), its lines are skipped"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_pkg_info_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "PKG-INFO")  # reading it would block forever
    (tmp_path / "demo.egg-info").mkdir()
    os.mkfifo(tmp_path / "demo.egg-info" / "requires.txt")
    os.mkfifo(tmp_path / "other.egg-info")  # no directory: not looked into
    assert read(tmp_path) == (
        [],
        ["PKG-INFO:1: skipped: not a regular file", "demo.egg-info/requires.txt:1: skipped: not a regular file"],
    )


def test_a_symlink_out_of_the_project_is_not_followed(tmp_path):
    outside = write_tree(tmp_path / "outside", {"PKG-INFO": "Metadata-Version: 2.1\nRequires-Dist: tensorflow==1.15\n"})
    root = write_tree(tmp_path / "project", {".git/HEAD": ""})
    (root / "PKG-INFO").symlink_to(outside / "PKG-INFO")
    found, problems = read(root)
    assert found == []
    assert problems == ["PKG-INFO:1: skipped: it is a symlink that leads out of the project"]


@pytest.mark.parametrize(
    ("path", "packaged"),
    [
        ("PKG-INFO", True),
        ("demo.egg-info/PKG-INFO", True),
        ("demo.egg-info/requires.txt", True),
        ("src/demo.egg-info/requires.txt", True),
        ("demo-1.0.dist-info/METADATA", True),
        ("src/demo-1.0.dist-info/METADATA", True),
        ("setup.py", False),
        ("requirements.txt", False),
        ("src/PKG-INFO", False),
        ("docs/PKG-INFO", False),
        ("demo.dist-info/PKG-INFO", False),
        ("demo.egg-info/METADATA", False),
        ("vendor/demo.egg-info/requires.txt", False),
    ],
)
def test_which_records_come_from_packaged_metadata(path, packaged):
    assert is_packaged_metadata(path) is packaged
