"""Machine-readable output of a run that never linted: a usage error still parses.

A CI job reads ``json2`` or a SARIF log whatever the exit status.  pylint writes
its reports only at the end of a lint, so a missing path, no path, an unknown
option or a bad option value left an empty stdout or a 0-byte SARIF file, which
an upload step takes for "no findings".  Here every machine format asked for
(``--output-format=json2,hubcompat-sarif:results.sarif``) gets a document that
says the run failed and why: SARIF with ``executionSuccessful: false``, json2 with
no messages and the error, a GitHub annotation.

The error is what pylint (or ``check``) printed on stderr, so the command line
captures stderr while pylint runs (:class:`Captured`); it is redacted before it
is written anywhere, since an option's value may be a token.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from pylint_hubcompat.files.redact import redact

#: What pylint prints on stdout when it is given no files (json2 on stdout would not parse with it).
NO_FILES = "No files to lint: exiting."
#: pylint's reporters a document is written for; the others are read by people, who read stderr.
_SARIF = frozenset({"hubcompat-sarif", "sarif"})
#: The formats a program reads: nothing else may be written where they go.
MACHINE_FORMATS = frozenset({*_SARIF, "json", "json2"})


def requested_outputs(arguments: Sequence[str], configured: str | None) -> list[tuple[str, str | None]]:
    """The ``(format, file or None for stdout)`` pairs of the run: the command line's, else the configured ones.

    pylint's ``--output-format`` / ``-f`` takes ``name[:file],...``; the last one given wins.
    """
    # pylint's own parser is argparse: the same one reads its spellings the same way (-f X, -fX, --output-format=X).
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("-f", "--output-format", default=configured)
    before = list(arguments[: arguments.index("--")]) if "--" in arguments else list(arguments)
    try:
        value = parser.parse_known_args(before)[0].output_format
    except argparse.ArgumentError:  # -f without a value: pylint refuses it, and said so
        value = configured
    outputs = []
    for spec in (value or "text").split(","):
        name, _, path = spec.strip().partition(":")
        outputs.append((name.lower(), path or None))
    return outputs


def write_failure_outputs(outputs: Sequence[tuple[str, str | None]], error: str, status: int) -> None:
    """Write the document of each machine format in ``outputs`` for a run that failed with ``error``."""
    error = redact(error, limit=500)
    for name, path in outputs:
        text = _document(name, error, status)
        if text is None:
            continue
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        try:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            print(f"hubcompat check: cannot write {name} output to {path}: {exc.strerror}", file=sys.stderr)


def _document(name: str, error: str, status: int) -> str | None:
    if name in _SARIF:
        # pylint: disable-next=import-outside-toplevel  # only a failed run needs it
        from pylint_hubcompat.reporters.sarif import failure_log

        return json.dumps(failure_log(error, status), indent=2) + "\n"
    if name == "json2":
        empty: dict[str, Any] = {
            "messages": [],
            "statistics": {
                "messageTypeCount": dict.fromkeys(("fatal", "error", "warning", "refactor", "convention", "info"), 0),
                "modulesLinted": 0,
                "score": 0,
            },
            "hubcompat": {"error": error, "exitCode": status},
        }
        return json.dumps(empty, indent=4) + "\n"
    if name == "json":
        return "[]\n"
    if name == "github":
        return f"::error title=hubcompat check::{_escape_annotation(error)}\n"
    return None


def _escape_annotation(text: str) -> str:
    """A workflow command's message escapes ``%``, CR and LF (GitHub's toolkit does the same)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class Captured(io.TextIOBase):
    """A stream that writes through to another, keeping what was written if asked (the error of a failed run)."""

    def __init__(self, target: TextIO, *, keep: bool = False, divert: TextIO | Captured | None = None) -> None:
        super().__init__()
        self.target = target
        self._kept: list[str] | None = [] if keep else None
        #: Where ``NO_FILES`` goes instead, said as ``check`` says things (pylint prints it on stdout).
        self._divert = divert
        self._after_no_files = False

    def write(self, text: str) -> int:
        if self._divert is not None and (text == NO_FILES or (self._after_no_files and text == "\n")):
            if text == NO_FILES:
                self._divert.write("hubcompat check: no files to lint: give files or directories\n")
            self._after_no_files = text == NO_FILES
            return len(text)
        self._after_no_files = False
        if self._kept is not None:
            self._kept.append(text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", "utf-8")

    def last_line(self) -> str:
        """The last line written that says something (argparse prints its usage first, then the error)."""
        lines = [line.strip() for line in "".join(self._kept or ()).splitlines() if line.strip()]
        return lines[-1] if lines else ""


@contextmanager
def captured_streams() -> Iterator[tuple[Captured, Captured]]:
    """stdout and stderr captured while pylint runs; stdout's ``NO_FILES`` line goes to stderr."""
    out, err = sys.stdout, sys.stderr
    stderr = Captured(err, keep=True)
    stdout = Captured(out, divert=stderr)
    sys.stdout, sys.stderr = stdout, stderr
    try:
        yield stdout, stderr
    finally:
        sys.stdout, sys.stderr = out, err
