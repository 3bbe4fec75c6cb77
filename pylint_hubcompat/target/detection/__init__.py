"""Find the project's target versions from its own configuration files.

The project is the nearest directory at or above the linted file that holds
configuration (so a monorepo's sub-project uses its own).  What it declares is
read from every format it may use, each in a module of its own; the
precedence between them lives in :mod:`.combine`.  The result is computed once
per root and is plain picklable data, so it travels to pylint's ``-j`` workers.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pylint_hubcompat.target.detection import project_files
from pylint_hubcompat.target.detection.combine import resolve
from pylint_hubcompat.target.detection.declared import Declared
from pylint_hubcompat.target.detection.env_flags import legacy_keras_source
from pylint_hubcompat.target.detection.installed import installed_constraints
from pylint_hubcompat.target.detection.locks import lock_file_names, read_lock_files
from pylint_hubcompat.target.detection.pipfile import read_pipfile
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.pyproject import read_pyproject
from pylint_hubcompat.target.detection.requirements import read_requirement_files
from pylint_hubcompat.target.detection.setup_files import read_setup_cfg, read_setup_py
from pylint_hubcompat.target.model import Target, complete

__all__ = ["clear_caches", "detect_target", "find_root"]

_ROOT_MARKERS = frozenset(
    {"pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml", ".git"}
)


def _read_environment_files(project: ProjectFiles) -> list[Declared]:
    """conda environment files; PyYAML is only imported for projects that have one."""
    if not any(project.at_root(name) for name in ("environment.yml", "environment.yaml")):
        return []
    from pylint_hubcompat.target.detection.conda import read_environment_files  # pylint: disable=import-outside-toplevel

    return read_environment_files(project)


#: In the order their sources are listed when they agree.
_DECLARATION_READERS: tuple[Callable[[ProjectFiles], list[Declared]], ...] = (
    read_pyproject,
    read_setup_cfg,
    read_setup_py,
    read_requirement_files,
    read_pipfile,
    _read_environment_files,
)

T = TypeVar("T")


def find_root(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` that holds project configuration."""
    path = Path(os.path.abspath(path))
    start = path if path.is_dir() else path.parent
    for directory in (start, *start.parents):
        if _is_project_root(directory):
            return directory
    return None


def _is_project_root(directory: Path) -> bool:
    try:
        names = tuple(os.listdir(directory))
    except OSError:
        return False
    if any(name in _ROOT_MARKERS or (name.startswith("requirements") and name.endswith(".txt")) for name in names):
        return True
    if "requirements" in names and (directory / "requirements").is_dir():
        return True
    return bool(lock_file_names(names))


@functools.cache
def detect_target(root: Path | None) -> Target:
    """The target declared by the project at ``root`` (the environment's and the defaults fill in)."""
    if root is None:
        return complete(None, installed_constraints())
    project = ProjectFiles(root)
    nothing: list[Declared] = []
    declared = [found for reader in _DECLARATION_READERS for found in _safely(project, reader, nothing)]
    locked = _safely(project, read_lock_files, nothing)
    legacy = _safely(project, legacy_keras_source, None)
    found = resolve(locked, declared, installed_constraints, project.problem)
    return complete(root, found, legacy, project.problems)


def clear_caches() -> None:
    """Forget every detected target and read file (for tests, and long-lived processes after an edit)."""
    detect_target.cache_clear()
    project_files.clear_caches()


def _safely(project: ProjectFiles, reader: Callable[[ProjectFiles], T], fallback: T) -> T:
    # The last line of defence of "never crash pylint": a bug in one reader costs that source only.
    try:
        return reader(project)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        project.problem(project.root, 1, f"internal error while reading with {reader.__name__}, skipped: {exc!r}")
        return fallback
