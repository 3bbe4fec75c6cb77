"""Turns the composite action's inputs into what its bash steps need, without bash word splitting.

GitHub gives each input as one string. Left unquoted in bash (``hubcompat check $PATHS``), a
path with a space becomes two arguments and ``*.py`` expands against the runner's files; so
this script does the splitting and prints the arguments NUL-separated, which bash reads into
an array (``read -r -d ''``) and passes on quoted. It runs under any Python 3 the runner has
(the one setup-python installed, or the action's virtual environment), and reads each value
from an environment variable rather than argv, so that nothing rewrites it on the way in.

``split paths VARIABLE``: a value with a line break holds one path per line, each taken as
written (spaces and quotes kept, surrounding blanks and empty lines dropped); a one-line value
is split as a shell would (``shlex.split``: ``"my dir" src`` is two paths).

``split args VARIABLE``: always split as a shell would; line breaks count as spaces.

``cache-key``: prints ``python=X.Y.Z`` and ``hash=...``: the pip cache's key parts, from the
``version`` input (``REQUIREMENT``) and, when it is empty (the action installs its own
revision), the action's ``pyproject.toml`` (``ACTION_PATH``).

A value with an unclosed quote exits with status 2 and a one-line message on stderr.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import sys
from pathlib import Path

#: Exit status for an input that cannot be split (an unclosed quote).
BAD_INPUT = 2


def split_paths(value: str) -> list[str]:
    """The paths in ``value``: one per line if it has a line break, else shell-split."""
    if "\n" in value or "\r" in value:
        return [line.strip() for line in value.splitlines() if line.strip()]
    return shlex.split(value)


def split_args(value: str) -> list[str]:
    """The arguments in ``value``, split as a POSIX shell splits a command line."""
    return shlex.split(value)


def cache_key(requirement: str, action_path: str) -> dict[str, str]:
    """The parts of the pip cache key that change when what is installed changes."""
    digest = hashlib.sha256(b"requirement\0" + requirement.encode())
    if not requirement.strip():
        pyproject = Path(action_path, "pyproject.toml")
        digest.update(b"\0pyproject\0" + (pyproject.read_bytes() if pyproject.is_file() else b""))
    python = ".".join(map(str, sys.version_info[:3]))
    return {"python": python, "hash": digest.hexdigest()[:16]}


def main(argv: list[str]) -> int:
    """Run one subcommand (see the module's docstring); the status is 0, or 2 for a bad input."""
    if len(argv) == 3 and argv[0] == "split" and argv[1] in {"paths", "args"}:
        value = os.environ.get(argv[2], "")
        try:
            items = split_paths(value) if argv[1] == "paths" else split_args(value)
        except ValueError as exc:  # shlex: "No closing quotation", "No escaped character"
            print(f"cannot split the {argv[2]} input {value!r}: {exc}", file=sys.stderr)
            return BAD_INPUT
        sys.stdout.buffer.write(b"".join(os.fsencode(item) + b"\0" for item in items))
        return 0
    if argv == ["cache-key"]:
        key = cache_key(os.environ.get("REQUIREMENT", ""), os.environ.get("ACTION_PATH", ""))
        sys.stdout.write("".join(f"{name}={value}\n" for name, value in key.items()))
        return 0
    print("usage: inputs.py split {paths|args} VARIABLE | inputs.py cache-key", file=sys.stderr)
    return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
