"""Every file the linter opens is opened without blocking, must be a regular file of a project, and is capped."""

from __future__ import annotations

import os
import sys

import pytest

from pylint_hubcompat.files.reading import UnreadableFile, read_bytes, read_text

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /proc are POSIX")


@posix_only
def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "notes.py"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes(fifo, 1000)


@posix_only
@pytest.mark.parametrize("path", ["/proc/self/environ", "/dev/zero", "/sys/kernel/mm"])
def test_system_files_are_never_read(path):
    with pytest.raises(UnreadableFile, match="system file"):
        read_bytes(path, 1000)


@posix_only
def test_a_symlink_into_proc_is_refused(tmp_path):
    link = tmp_path / "requirements.txt"
    link.symlink_to("/proc/self/environ")
    with pytest.raises(UnreadableFile, match="system file"):
        read_text(link, 1000)


def test_a_directory_is_not_a_file(tmp_path):
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes(tmp_path, 1000)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(UnreadableFile, match="cannot read: No such file"):
        read_bytes(tmp_path / "missing.txt", 1000)


def test_a_file_over_the_limit_is_not_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 4096)
    with pytest.raises(UnreadableFile, match="4 KiB is more than the 2 KiB"):
        read_bytes(path, 2048)
    assert read_bytes(path, 4096) == b"x" * 4096


def test_text_is_utf8_and_a_bom_is_dropped(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_bytes("\ufefftensorflow==2.15.1\n".encode())
    assert read_text(path, 1000) == "tensorflow==2.15.1\n"
    path.write_bytes(b"tensorflow\xff\n")
    with pytest.raises(UnreadableFile, match=r"not UTF-8 text \(byte 10\)"):
        read_text(path, 1000)


def test_truncate_reads_the_beginning_of_a_bigger_file(tmp_path):
    path = tmp_path / "generated.py"
    path.write_bytes(b"ab" * 2048)
    assert read_bytes(path, 3, truncate=True) == b"aba"
