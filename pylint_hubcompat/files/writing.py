"""Writing a file so that an interrupted run leaves it either as it was or as it is meant to be."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class UnwritableFile(Exception):
    """The file cannot be replaced; the message says why, without the file's content."""


def replace_atomically(path: str, data: bytes, *, expected: bytes | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``.

    A link is followed (its target is replaced, the link stays), the file's permission
    bits are kept, and a read-only file is refused rather than forced.  With
    ``expected``, a file that no longer holds it (edited meanwhile) is left alone.
    """
    real = os.path.realpath(path)
    if expected is not None:
        try:
            with open(real, "rb") as stream:
                changed = stream.read(len(expected) + 1) != expected
        except OSError as exc:
            raise UnwritableFile(exc.strerror or str(exc)) from None
        if changed:
            raise UnwritableFile("it changed while it was being fixed")
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError as exc:
        raise UnwritableFile(exc.strerror or str(exc)) from None
    if not os.access(real, os.W_OK):
        raise UnwritableFile("the file is read-only")
    directory = os.path.dirname(real) or "."
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(real)}.", suffix=".hubcompat")
    except OSError as exc:
        raise UnwritableFile(f"cannot write in its directory: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UnwritableFile(exc.strerror or str(exc)) from None
