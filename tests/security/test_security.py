"""Proved by running: the linter never executes project code, never opens a connection,
never follows symlinks out of the project or loops on them, and reads huge files in
bounded time and memory."""

from __future__ import annotations

import resource
import socket
import tomllib
from pathlib import Path

import pytest

from pylint_hubcompat.target import detection
from pylint_hubcompat.facts import project_scan
from pylint_hubcompat.cli.main import main as hubcompat
from tests.fuzz.helpers import assert_no_crash, lint
from tests.trees import write_tree

TRAIN = "import tensorflow_hub as hub\nm = hub.Module('https://tfhub.dev/google/nnlm-en-dim128/1')\n"


def test_project_code_is_never_executed(tmp_path):
    marker = tmp_path / "EXECUTED"
    side_effect = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')\n"
    root = write_tree(
        tmp_path / "proj",
        {
            "setup.py": side_effect + "from setuptools import setup\nsetup(install_requires=['tensorflow==2.15.1'])\n",
            "conftest.py": side_effect,
            "pkg/__init__.py": side_effect,
            "pkg/helpers.py": side_effect + "URL = 'https://tfhub.dev/google/nnlm-en-dim128/1'\n",
            "pkg/train.py": "import tensorflow_hub as hub\nfrom pkg.helpers import URL\n" + side_effect + "m = hub.Module(URL)\n",
            "sitecustomize.py": side_effect,
            ".env": "TF_USE_LEGACY_KERAS=$(touch EXECUTED)\n",
        },
    )
    messages = lint([root / "pkg"])
    assert_no_crash(messages)
    assert hubcompat(["detect", str(root)]) == 0
    assert hubcompat(["detect", "--json", str(root / "pkg" / "train.py")]) == 0
    assert not marker.exists()
    assert not (root / "EXECUTED").exists()


def test_no_network_connection_is_ever_opened(tmp_path, monkeypatch, capsys):
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network is blocked in this test")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    root = write_tree(
        tmp_path / "proj",
        {
            "requirements.txt": "-r https://example.com/base.txt\ntensorflow-hub @ https://example.com/tensorflow_hub-0.15.0-py3-none-any.whl\n"
            "tf-keras @ git+https://example.com/tf-keras.git\n--index-url https://example.com/simple\n",
            "train.py": "import tensorflow_hub as hub\n"
            "a = hub.KerasLayer('https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2', trainable=True)\n"
            "b = hub.load('https://www.kaggle.com/models/google/x/TensorFlow2/y/1')\n"
            "c = hub.Module('https://example.com/unknown/model/1')\n"
            "d = hub.load('gs://bucket/model')\n",
        },
    )
    messages = lint([root / "train.py"])
    assert_no_crash(messages)
    assert any(m[0].startswith("hub-") for m in messages)
    assert hubcompat(["handle", "https://tfhub.dev/google/nnlm-en-dim128/1"]) == 0  # known from the shipped catalog
    assert hubcompat(["detect", str(root)]) == 0
    assert attempts == []


def test_symlinks_out_of_the_project_and_loops_are_not_followed(tmp_path):
    outside = write_tree(tmp_path / "outside", {"requirements.txt": "tensorflow==1.15.0\n", "big.py": "disable_v2_behavior()\n" * 10})
    root = write_tree(tmp_path / "proj", {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["tensorflow==2.15.1", "tensorflow-hub==0.15.0"]\n', "train.py": TRAIN})
    (root / "requirements.txt").symlink_to(outside / "requirements.txt")
    (root / "linked_dir").symlink_to(outside, target_is_directory=True)  # would switch to TF1 mode if scanned
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    detection.clear_caches()
    project_scan.clear_cache()
    target = detection.detect_target(root)
    assert str(target["tensorflow"].releases[0]) == "2.15.1"
    scanned = list(project_scan.python_files(root))
    assert [Path(path).name for path, _ in scanned] == ["train.py"]  # neither through a link nor round a loop
    assert not project_scan.has(root, "switches_to_tf1_mode")
    messages = lint([root / "train.py"])
    assert_no_crash(messages)
    # the eager finding stands: nothing outside the root (or through a loop) was taken into account
    assert "hub-module-eager" in {m[0] for m in messages}
    assert any("symlink that leads out of the project" in m[3] for m in messages if m[0] == "hubcompat-config-error")


@pytest.mark.parametrize("name", ["requirements.txt", "uv.lock", "poetry.lock", "Pipfile.lock", "environment.yml", "pyproject.toml"])
def test_a_50_mb_file_costs_bounded_work_and_memory(tmp_path, name, monkeypatch):
    root = tmp_path / "proj"
    root.mkdir()
    line = (b'[[package]]\nname = "package-x"\nversion = "1.0.0"\n' if name.endswith(".lock")
            else b"some-package>=1.0  # a comment to make the line longer\n")
    with open(root / name, "wb") as stream:
        block = line * (1024 * 1024 // len(line) + 1)
        for _ in range(50):
            stream.write(block)
        stream.write(b'[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n' if name.endswith(".lock") else b"tensorflow==2.15.1\n")
    assert (root / name).stat().st_size >= 50 * 1024 * 1024
    (root / "train.py").write_text(TRAIN)
    parsed: list[int] = []
    real_loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(len(text)) or real_loads(text))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    detection.clear_caches()
    target = detection.detect_target(root)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    detection.clear_caches()
    assert sum(parsed) < 1024 * 1024, parsed  # skipped as too big, or only our entries of a lock parsed
    assert grown_mb < 400, grown_mb  # a lock file is scanned as bytes, at most its size once
    assert target["tensorflow"].releases  # an answer, whether the file was used or skipped as too big
