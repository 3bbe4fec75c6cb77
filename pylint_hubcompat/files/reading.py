"""Opening a user's file without being hurt by it.

Whatever the linter opens (a project file, a notebook, a rule file, a module's
source) belongs to the user or to a pull request, and may be a FIFO that blocks
``open()`` forever, a device, a file of ``/proc`` that holds a process's
secrets, or gigabytes.  Every read goes through :func:`read_bytes`: the file is
opened without blocking, must be a regular file outside the kernel's virtual
file systems, and is read up to a limit.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

#: Kernel and device file systems: never a user's file, sometimes another process's secrets.
SYSTEM_DIRECTORIES = ("/proc", "/sys", "/dev")
#: A module or a notebook: bigger ones are generated, and parsing them takes several times their size.
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: ``open()`` of a FIFO without a writer returns at once instead of waiting for one.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class UnreadableFile(Exception):
    """Why a file was not read, in words a message can carry (never its contents)."""


def is_system_path(real_path: str) -> bool:
    """Whether the resolved ``real_path`` lies in ``/proc``, ``/sys`` or ``/dev``."""
    return any(real_path == top or real_path.startswith(top + "/") for top in SYSTEM_DIRECTORIES)


def read_bytes(path: str | Path, limit: int, *, real_path: str | None = None, truncate: bool = False) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; :class:`UnreadableFile` says why not.

    A bigger file is refused, or with ``truncate`` its first ``limit`` bytes are
    returned.  ``real_path`` is ``os.path.realpath(path)`` when the caller knows
    it already (resolving costs as much as reading a small file).
    """
    if os.sep == "/" and is_system_path(real_path or os.path.realpath(path)):
        raise UnreadableFile("skipped: a system file, not part of a project")
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc.__class__.__name__}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("skipped: not a regular file")
        if info.st_size > limit and not truncate:
            raise UnreadableFile(f"skipped: {too_big(info.st_size, limit)}")
        with io.FileIO(descriptor, "rb", closefd=False) as stream:
            data = _read_up_to(stream, limit if truncate else limit + 1)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc.__class__.__name__}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while being read
        raise UnreadableFile(f"skipped: {too_big(len(data), limit)}")
    return data


def read_text(path: str | Path, limit: int, *, real_path: str | None = None) -> str:
    """The UTF-8 text of ``path`` (a BOM is dropped); :class:`UnreadableFile` says why not."""
    data = read_bytes(path, limit, real_path=real_path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"cannot read: not UTF-8 text (byte {exc.start})") from None


def too_big(size: int, limit: int) -> str:
    """Why a file of ``size`` bytes was not read."""
    return f"{size // 1024} KiB is more than the {limit // 1024} KiB such a file may have"


def _read_up_to(stream: io.FileIO, count: int) -> bytes:
    chunks = []
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)
