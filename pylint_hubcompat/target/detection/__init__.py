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

from pylint_hubcompat.target import environment
from pylint_hubcompat.target.detection import project_files
from pylint_hubcompat.target.detection.combine import provider, resolve, unversioned
from pylint_hubcompat.target.detection.declared import Declared
from pylint_hubcompat.target.detection.env_flags import legacy_keras_source
from pylint_hubcompat.target.detection.installed import installed_constraints
from pylint_hubcompat.target.detection.locks import lock_file_names, read_lock_files
from pylint_hubcompat.target.detection.packaged import read_packaged_metadata
from pylint_hubcompat.target.detection.pipfile import read_pipfile
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.pyproject import read_pyproject
from pylint_hubcompat.target.detection.python_version import read_python_files
from pylint_hubcompat.target.detection.requirements import read_requirement_files
from pylint_hubcompat.target.detection.setup_files import read_setup_cfg, read_setup_py
from pylint_hubcompat.target.model import Target, complete

__all__ = ["clear_caches", "detect_target", "find_root", "roots_below"]

_ROOT_MARKERS = frozenset(
    {"pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml", ".git", "PKG-INFO"}
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
    read_python_files,
    read_packaged_metadata,
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


#: Folders that hold other people's code or build output, never a project of the user's.
_NOT_PROJECTS = frozenset({"node_modules", "site-packages", "__pycache__", "build", "dist"})
#: How many folders ``roots_below`` looks at: a monorepo has far fewer, a home directory far more.
MAX_FOLDERS = 20_000


def roots_below(directory: Path) -> list[Path]:
    """Every project root strictly below ``directory`` (a monorepo's sub-projects), in path order.

    Hidden folders, virtual environments and installed packages are not projects
    of the user's; symbolic links are not followed, and the walk stops after
    :data:`MAX_FOLDERS` folders so that a mistaken ``detect ~`` still returns.
    """
    found = []
    pending = [Path(os.path.abspath(directory))]
    seen = 0
    while pending and seen < MAX_FOLDERS:
        current = pending.pop()
        seen += 1
        try:
            with os.scandir(current) as entries:
                children = sorted(
                    Path(e.path)
                    for e in entries
                    if e.is_dir(follow_symlinks=False) and not e.name.startswith(".") and e.name not in _NOT_PROJECTS
                )
        except OSError:
            continue
        for child in children:
            if (child / "pyvenv.cfg").exists():
                continue
            if _is_project_root(child):
                found.append(child)
        pending.extend(reversed(children))
    return sorted(found)


def _is_project_root(directory: Path) -> bool:
    try:
        names = tuple(os.listdir(directory))
    except OSError:
        return False
    if any(
        name in _ROOT_MARKERS
        or (name.startswith("requirements") and name.endswith(".txt"))
        or name.endswith((".dist-info", ".egg-info"))
        for name in names
    ):
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
    return complete(root, found, legacy, project.problems, unversioned(declared, found), provider(locked, declared))


def clear_caches() -> None:
    """Forget every detected target and read file (for tests, and long-lived processes after an edit)."""
    detect_target.cache_clear()
    project_files.clear_caches()
    environment.clear_cache()


def _safely(project: ProjectFiles, reader: Callable[[ProjectFiles], T], fallback: T) -> T:
    # The last line of defence of "never crash pylint": a bug in one reader costs that source only.
    try:
        return reader(project)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        project.problem(project.root, 1, f"internal error while reading with {reader.__name__}, skipped: {exc!r}")
        return fallback
