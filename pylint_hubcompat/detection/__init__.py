"""Find the project's target versions from its own configuration files."""

from __future__ import annotations

from pathlib import Path

from pylint_hubcompat.target import Target, default_target


def find_root(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` that holds project configuration."""
    markers = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile", ".git")
    start = path if path.is_dir() else path.parent
    for directory in (start, *start.parents):
        if any((directory / marker).exists() for marker in markers):
            return directory
    return None


def detect_target(root: Path | None) -> Target:
    """The target declared by the project at ``root``."""
    return default_target(root)
