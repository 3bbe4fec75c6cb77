"""Which names in the project's other modules stand for a function: through imports, never by guessing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pylint_hubcompat.facts import callers
from tests.trees import write_tree

HELPERS = "def embed(x):\n    return x\n\n\ndef embed_all(x):\n    return x\n"


def spelled(root: Path, target: str = "pkg/helpers.py", name: str = "embed") -> list[tuple[str, str]]:
    """(file, the reference as written) of every reference to ``name`` of ``target``."""
    found = callers.Project(str(root)).references(str(root / target), name)
    assert found.complete
    return sorted((os.path.relpath(r.path, root), r.node.as_string()) for r in found.references)


@pytest.mark.parametrize(
    ("caller", "code", "reference"),
    [
        ("main.py", "from pkg.helpers import embed\nembed(1)\n", "embed"),
        ("main.py", "from pkg.helpers import embed as e\ne(1)\n", "e"),
        ("main.py", "import pkg.helpers\npkg.helpers.embed(1)\n", "pkg.helpers.embed"),
        ("main.py", "import pkg.helpers as h\nh.embed(1)\n", "h.embed"),
        ("main.py", "from pkg import helpers\nhelpers.embed(1)\n", "helpers.embed"),
        ("pkg/model.py", "from .helpers import embed\nembed(1)\n", "embed"),
        ("pkg/model.py", "from . import helpers\nhelpers.embed(1)\n", "helpers.embed"),
        ("pkg/sub/deep.py", "from ..helpers import embed\nembed(1)\n", "embed"),
        # A script run from its own folder, next to the helper.
        ("pkg/script.py", "from helpers import embed\nembed(1)\n", "embed"),
        ("main.py", "from pkg.helpers import embed\nfeatures = [embed]\n", "embed"),
    ],
)
def test_every_import_spelling_is_followed(tmp_path: Path, caller: str, code: str, reference: str) -> None:
    root = write_tree(
        tmp_path, {"pkg/__init__.py": "", "pkg/sub/__init__.py": "", "pkg/helpers.py": HELPERS, caller: code}
    )
    assert spelled(root) == [(caller, reference)]


@pytest.mark.parametrize(
    "code",
    [
        "from pkg.helpers import embed_all\nembed_all(1)\n",
        "import pkg.helpers\npkg.helpers.embed_all(1)\n",
        "from pkg.helpers import embed\nembed = print\nembed(1)\n",  # rebound: not one binding
        "from pkg.helpers import *\nembed(1)\n",  # import * is not followed
        "import helpers\nhelpers.embed(1)\n",  # main.py's helpers is top-level: there is none
        "# pkg.helpers.embed\nprint('embed')\n",
        "from pkg import embed\nembed(1)\n",  # a re-export through the package is not followed
    ],
)
def test_what_imports_do_not_spell_is_not_a_reference(tmp_path: Path, code: str) -> None:
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "main.py": code})
    assert spelled(root) == []


def test_a_module_of_the_same_name_elsewhere_is_not_the_helper(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "trainer/helpers.py": HELPERS,
            "tools/helpers.py": HELPERS,
            "tools/run.py": "from helpers import embed\nembed(1)\n",
            "trainer/run.py": "from helpers import embed\nembed(2)\n",
        },
    )
    assert spelled(root, "trainer/helpers.py") == [("trainer/run.py", "embed")]
    assert spelled(root, "tools/helpers.py") == [("tools/run.py", "embed")]


def test_a_src_layout_package_is_found_from_the_tests(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "src/pkg/__init__.py": "",
            "src/pkg/helpers.py": HELPERS,
            "tests/test_helpers.py": "from pkg.helpers import embed\nembed(1)\n",
        },
    )
    assert spelled(root, "src/pkg/helpers.py") == [("tests/test_helpers.py", "embed")]


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"linked.py": "from helpers import embed\nembed(1)\n"})
    root = write_tree(tmp_path / "project", {"helpers.py": HELPERS})
    (root / "alias.py").symlink_to(outside / "linked.py")
    (root / "folder").symlink_to(outside, target_is_directory=True)
    assert spelled(root, "helpers.py") == []


def test_too_many_candidates_make_the_answer_incomplete(tmp_path: Path) -> None:
    files = {f"caller_{i}.py": "from helpers import embed\nembed(1)\n" for i in range(callers.MAX_CANDIDATES + 1)}
    root = write_tree(tmp_path, {"helpers.py": HELPERS, **files})
    project = callers.Project(str(root))
    found = project.references(str(root / "helpers.py"), "embed")
    assert not found.complete
    assert len(found.references) == callers.MAX_CANDIDATES == project.parses


def test_parses_are_counted_once_per_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "helpers.py": HELPERS,
            "main.py": "from helpers import embed, embed_all\nembed(1)\nembed_all(2)\n",
            "other.py": "from helpers import embed_all\nembed_all(1)\n",  # spells helpers, not embed
            "notes.py": "# helpers embed\n",  # spells both, but not in an import
        },
    )
    project = callers.Project(str(root))
    project.references(str(root / "helpers.py"), "embed")
    assert project.parses == 1
    project.references(str(root / "helpers.py"), "embed")
    project.references(str(root / "helpers.py"), "embed_all")
    assert project.parses == 2  # other.py, once


def test_a_notebook_or_a_file_outside_the_project_has_no_importers(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", {"helpers.py": HELPERS, "main.py": "from helpers import embed\nembed(1)\n"})
    elsewhere = write_tree(tmp_path / "elsewhere", {"helpers.py": HELPERS})
    project = callers.Project(str(root))
    assert project.references(str(root / "helpers.ipynb"), "embed") == callers.Found([], True)
    assert project.references(str(elsewhere / "helpers.py"), "embed") == callers.Found([], True)
    assert project.parses == 0


def test_parsed_trees_stay_out_of_astroids_cache(tmp_path: Path) -> None:
    from astroid import MANAGER  # pylint: disable=import-outside-toplevel

    root = write_tree(tmp_path, {"helpers.py": HELPERS, "caller_mod_xyz.py": "from helpers import embed\nembed(1)\n"})
    callers.Project(str(root)).references(str(root / "helpers.py"), "embed")
    assert "caller_mod_xyz" not in MANAGER.astroid_cache
