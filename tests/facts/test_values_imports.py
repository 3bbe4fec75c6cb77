"""Handles kept in another module of the project, and modules we refuse to read."""

from __future__ import annotations

import textwrap
from pathlib import Path

import astroid
import pytest
from astroid import nodes

from pylint_hubcompat.facts import values

ELMO = "https://tfhub.dev/google/elmo/3"
USE = "https://tfhub.dev/google/universal-sentence-encoder/4"


class Project:
    """A little project on disk, importable the way pylint makes it (its root on sys.path)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")

    def write(self, relative: str, code: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code))
        return path

    def handle_in(self, relative: str, modname: str) -> str | None:
        """The resolved argument of the last call in module ``relative``."""
        module = astroid.MANAGER.ast_from_file(str(self.root / relative), modname=modname)
        call = list(module.nodes_of_class(nodes.Call))[-1]
        return values.resolve_string(call.args[0])


@pytest.fixture(name="project")
def project_fixture(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield Project(tmp_path)
    astroid.MANAGER.clear_cache()  # module names like "config" are reused by the next test


def test_from_config_import_a_constant(project):
    project.write("config.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "from config import HUB_URL\nhub.Module(HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_an_imported_constant_under_another_name(project):
    project.write("config.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "from config import HUB_URL as URL\nhub.Module(URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_import_config_then_config_attribute(project):
    project.write("config.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "import config\nhub.Module(config.HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_import_a_package_module_as_an_alias(project):
    project.write("app/__init__.py", "")
    project.write("app/settings.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "import app.settings as settings\nhub.Module(settings.HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_a_dotted_module_path(project):
    project.write("app/__init__.py", "")
    project.write("app/settings.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "import app.settings\nhub.Module(app.settings.HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_from_package_import_module(project):
    project.write("app/__init__.py", "")
    project.write("app/settings.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "from app import settings\nhub.Module(settings.HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_a_relative_import_inside_a_package(project):
    project.write("app/__init__.py", "")
    project.write("app/settings.py", f'MODELS = {{"use": "{USE}"}}\n')
    project.write("app/model.py", 'from .settings import MODELS\nhub.load(MODELS["use"])\n')
    assert project.handle_in("app/model.py", "app.model") == USE


def test_from_dot_import_module(project):
    project.write("app/__init__.py", "")
    project.write("app/settings.py", f'HUB_URL = "{ELMO}"\n')
    project.write("app/model.py", "from . import settings\nhub.Module(settings.HUB_URL)\n")
    assert project.handle_in("app/model.py", "app.model") == ELMO


def test_a_constant_built_from_a_constant_of_a_third_module(project):
    project.write("base.py", 'TFHUB = "https://tfhub.dev"\n')
    project.write("config.py", 'from base import TFHUB\nHUB_URL = f"{TFHUB}/google/elmo/3"\n')
    project.write("train.py", "from config import HUB_URL\nhub.Module(HUB_URL)\n")
    assert project.handle_in("train.py", "train") == ELMO


def test_a_constant_reassigned_in_the_other_module_is_unknown(project):
    project.write("config.py", f'HUB_URL = "{ELMO}"\nif LARGE:\n    HUB_URL = "{USE}"\n')
    project.write("train.py", "from config import HUB_URL\nhub.Module(HUB_URL)\n")
    assert project.handle_in("train.py", "train") is None


def test_the_value_does_not_depend_on_which_module_astroid_built_first(project):
    # Building patch.py, astroid files ``config.HUB_URL = ...`` among config's bindings.
    # pylint may build it before train.py or not at all (``hubcompat check`` skips it):
    # a patch from another module is not seen, like every other run-time effect of one.
    project.write("config.py", f'HUB_URL = "{ELMO}"\n')
    project.write("patch.py", f'import config\nconfig.HUB_URL = "{USE}"\n')
    project.write("train.py", "import config\nhub.Module(config.HUB_URL)\n")
    alone = project.handle_in("train.py", "train")
    astroid.MANAGER.clear_cache()
    astroid.MANAGER.ast_from_file(str(project.root / "patch.py"), modname="patch")
    assert project.handle_in("train.py", "train") == alone == ELMO


def test_a_module_that_does_not_exist_is_unknown(project):
    project.write("train.py", "from config import HUB_URL\nhub.Module(HUB_URL)\n")
    assert project.handle_in("train.py", "train") is None


def test_a_module_outside_the_project_root_is_not_read(project, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "shared_settings.py").write_text(f'HUB_URL = "{ELMO}"\n')
    monkeypatch.syspath_prepend(str(elsewhere))
    project.write("train.py", "from shared_settings import HUB_URL\nhub.Module(HUB_URL)\n")
    assert project.handle_in("train.py", "train") is None


def test_a_module_in_site_packages_is_not_read(project):
    project.write(".venv/lib/site-packages/vendored/__init__.py", f'HUB_URL = "{ELMO}"\n')
    project.write("train.py", "from vendored import HUB_URL\nhub.Module(HUB_URL)\n")
    import sys

    sys.path.insert(0, str(project.root / ".venv/lib/site-packages"))
    try:
        assert project.handle_in("train.py", "train") is None
    finally:
        sys.path.remove(str(project.root / ".venv/lib/site-packages"))


def test_third_party_modules_are_never_built(project):
    """``tensorflow_hub`` is not a module of the project: astroid is not even asked for it."""
    project.write("train.py", "import json\nfrom tensorflow_hub import DEFAULT\nhub.Module(json.DEFAULT or DEFAULT)\n")
    before = set(astroid.MANAGER.astroid_cache)
    assert project.handle_in("train.py", "train") is None
    assert not {"json", "tensorflow_hub"} & (set(astroid.MANAGER.astroid_cache) - before)


def test_a_module_parsed_from_a_string_has_no_project():
    module = astroid.parse("from config import HUB_URL\nhub.Module(HUB_URL)\n")
    call = list(module.nodes_of_class(nodes.Call))[-1]
    assert values.resolve_string(call.args[0]) is None


def test_without_project_markers_the_top_package_bounds_the_project(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "config.py").write_text(f'HUB_URL = "{ELMO}"\n')
    (tmp_path / "train.py").write_text("from config import HUB_URL\nhub.Module(HUB_URL)\n")
    try:
        module = astroid.MANAGER.ast_from_file(str(tmp_path / "train.py"), modname="train")
        call = list(module.nodes_of_class(nodes.Call))[-1]
        assert values.resolve_string(call.args[0]) == ELMO
    finally:
        astroid.MANAGER.clear_cache()
