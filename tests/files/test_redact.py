"""What a message may quote of a user's file: enough to find the line, never a secret on it."""

from __future__ import annotations

import pytest

from pylint_hubcompat.files.redact import redact


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("CI_DEPLOY_TOKEN=abc123", "CI_DEPLOY_TOKEN=…"),
        ("export MY_TOKEN=hunter2 # set by CI", "export MY_TOKEN=… # set by CI"),
        ("https://ci:s3cret@pypi.example.com/simple", "https://…@pypi.example.com/simple"),
        ("token pypi-AgEIcHlwaS5vcmcCJDU2ZmM3 in a line", "token … in a line"),
        ("--hash=sha256:0123abcd", "--hash=…"),
    ],
)
def test_secrets_are_hidden(text, shown):
    assert redact(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "tensorflow>=2.12,<2.16",
        "tensorflow===2.15.1",
        "cannot read conda spec 'tensorflow=2.15.*', skipped",
        "tensorflow_hub-0.15.0-py3-none-any.whl",
        "share_cluster_devices_in_session",
        "--constraint= names no file, skipped",
        "os_name == 'nt' and python_version<='3.11'",
    ],
)
def test_what_identifies_a_line_is_kept(text):
    assert redact(text) == text


def test_a_long_text_is_cut():
    assert redact("x " * 200, limit=20) == "x " * 9 + "x…"
