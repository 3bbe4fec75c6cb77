"""What a message may quote of a user's file.

Messages end up in CI logs, pull-request annotations and code-scanning results
that anyone with read access sees, so a line that could not be used is
identified, never echoed: a file a pull request points at may hold a CI
secret (an ``.env``, a process environment), and a project's own configuration
may carry a token in an index URL.  Whatever a message quotes goes through
:func:`redact`.
"""

from __future__ import annotations

import re

#: ``NAME=value`` (not ``==``, ``>=``, ``!=``, ``~=``): an environment variable, an option with its value.
_ASSIGNMENT = re.compile(r"(?<![=<>!~])\b([A-Za-z_][A-Za-z0-9_.-]*)=(?!=)([^\s'\",;]+)")
#: ... unless the value is a version, as in a conda spec (``tensorflow=2.15.*``).
_VERSION = re.compile(r"[0-9][0-9.*]*")
#: ``https://user:password@host``.
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
#: An access token, key or password: a long run of word characters with letters and digits.
_TOKEN = re.compile(r"[A-Za-z0-9_+\-]{20,}")
HIDDEN = "…"


def redact(text: str, limit: int = 200) -> str:
    """``text`` with assigned values, URL credentials and token-like words hidden, and at most ``limit`` long."""
    text = _USERINFO.sub(HIDDEN + "@", text)
    text = _ASSIGNMENT.sub(_hide_value, text)
    text = _TOKEN.sub(lambda found: HIDDEN if _looks_secret(found.group()) else found.group(), text)
    return text if len(text) <= limit else text[: limit - 1] + HIDDEN


def _hide_value(found: re.Match[str]) -> str:
    name, value = found.groups()
    return found.group() if _VERSION.fullmatch(value) else f"{name}={HIDDEN}"


def _looks_secret(word: str) -> bool:
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
