"""``hubcompat fix``: what a user migrating a project sees, in a real project directory."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.cli import fix
from tests.cli.test_check import run
from tests.trees import write_tree

#: hub-session-option-experimental (safe) on TensorFlow 2.15.
EXPERIMENTAL = """\
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
config.experimental.share_cluster_devices_in_session = True  # for the ps cluster
"""
#: hub-text-ops-missing (safe) and hub-legacy-finetune (unsafe: another model version).
TEXT_AND_FINETUNE = """\
import tensorflow as tf
import tensorflow_hub as hub

preprocess = hub.KerasLayer('https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3')
encoder = hub.KerasLayer('https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2', trainable=True)
"""
PINNED = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "project",
        {"requirements.txt": PINNED, "cluster.py": EXPERIMENTAL, "models/text.py": TEXT_AND_FINETUNE},
    )


def hubcompat(project: Path, *args: str):
    return run(["-m", "pylint_hubcompat", *args], project)


def test_diff_prints_the_change_writes_nothing_and_exits_one(project: Path) -> None:
    result = hubcompat(project, "fix", ".", "--diff")
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "--- a/cluster.py\n"
        "+++ b/cluster.py\n"
        "@@ -1,4 +1,4 @@\n"
        " import tensorflow as tf\n"
        " \n"
        " config = tf.compat.v1.ConfigProto()\n"
        "-config.experimental.share_cluster_devices_in_session = True  # for the ps cluster\n"
        "+config.share_cluster_devices_in_session = True  # for the ps cluster\n"
        "--- a/models/text.py\n"
        "+++ b/models/text.py\n"
        "@@ -1,5 +1,6 @@\n"
        " import tensorflow as tf\n"
        " import tensorflow_hub as hub\n"
        "+import tensorflow_text  # registers the ops\n"
        " \n"
        " preprocess = hub.KerasLayer('https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3')\n"
        " encoder = hub.KerasLayer('https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2', "
        "trainable=True)\n"
    )
    assert result.stderr.strip().splitlines()[-1] == (
        "hubcompat fix: 2 fixes would be made in 2 files (1 unsafe fix not applied: --unsafe-fixes applies it)"
    )
    assert (project / "cluster.py").read_text() == EXPERIMENTAL


def test_fix_rewrites_in_place_lists_each_change_and_a_second_run_changes_nothing(project: Path) -> None:
    result = hubcompat(project, "fix", ".")
    assert result.returncode == 1  # the unsafe fix's finding is left
    assert result.stderr.splitlines() == [
        "cluster.py: fixed 1 (hub-session-option-experimental)",
        f"models{os.sep}text.py: fixed 1 (hub-text-ops-missing)",
        "hubcompat fix: 2 fixes made in 2 files, 1 finding left (1 unsafe fix not applied: --unsafe-fixes applies it)",
    ]
    assert (
        "config.share_cluster_devices_in_session = True  # for the ps cluster" in (project / "cluster.py").read_text()
    )
    again = hubcompat(project, "fix", ".", "--diff")
    assert (again.returncode, again.stdout) == (0, "")


def test_unsafe_fixes_apply_with_the_option_and_then_nothing_is_left(project: Path) -> None:
    result = hubcompat(project, "fix", ".", "--unsafe-fixes")
    assert result.returncode == 0, result.stderr
    assert "feature_vector/5', trainable=True)" in (project / "models/text.py").read_text()  # quotes kept
    assert result.stderr.strip().splitlines()[-1] == "hubcompat fix: 3 fixes made in 2 files, 0 findings left"
    check = hubcompat(project, "check", ".")
    assert check.returncode == 0, check.stdout


def test_select_and_ignore_choose_the_rules_by_symbol_or_id(project: Path) -> None:
    selected = hubcompat(project, "fix", ".", "--diff", "--select", "C7111")
    assert "+++ b/cluster.py" in selected.stdout and "text.py" not in selected.stdout
    ignored = hubcompat(project, "fix", ".", "--diff", "--ignore=hub-session-option-experimental,E7119")
    assert (ignored.returncode, ignored.stdout) == (0, "")


def test_an_unknown_rule_or_no_path_is_a_usage_error(project: Path) -> None:
    unknown = hubcompat(project, "fix", ".", "--select", "hub-no-such-rule")
    assert unknown.returncode == 32
    assert unknown.stderr.startswith("hubcompat fix: --select: unknown rule 'hub-no-such-rule'")
    assert hubcompat(project, "fix").returncode == 32
    assert hubcompat(project, "fix", "missing.py").returncode == 32


def test_check_marks_safe_fixes_and_counts_them_by_level(project: Path) -> None:
    result = hubcompat(project, "check", ".")
    lines = [line for line in result.stdout.splitlines() if ": E71" in line or ": C71" in line]
    assert [line.split(": ", 2)[2].startswith("[*] ") for line in lines] == [True, True, False]
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(", [*] 2 fixable with `hubcompat fix` (1 more with --unsafe-fixes)")
    )
    json2 = hubcompat(project, "check", ".", "--output-format=json2")
    assert not any("[*]" in m["message"] for m in json.loads(json2.stdout)["messages"])  # a mark for people only


def test_a_pragma_keeps_its_finding_unfixed(project: Path) -> None:
    path = project / "cluster.py"
    path.write_text(EXPERIMENTAL.replace("# for the ps cluster", "# pylint: disable=hub-session-option-experimental"))
    result = hubcompat(project, "fix", "cluster.py", "--diff")
    assert (result.returncode, result.stdout) == (0, "")


def test_line_endings_encoding_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    project = write_tree(tmp_path, {"requirements.txt": PINNED})
    crlf = project / "crlf.py"
    crlf.write_bytes(EXPERIMENTAL.replace("\n", "\r\n").encode())
    latin = project / "latin.py"
    latin.write_bytes(("# -*- coding: latin-1 -*-\n# café\n" + EXPERIMENTAL).encode("latin-1"))
    bom = project / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + EXPERIMENTAL.encode())
    assert hubcompat(project, "fix", ".").returncode == 0
    expected = EXPERIMENTAL.replace(".experimental.", ".")
    assert crlf.read_bytes() == expected.replace("\n", "\r\n").encode()
    assert latin.read_bytes() == ("# -*- coding: latin-1 -*-\n# café\n" + expected).encode("latin-1")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_a_file_that_does_not_parse_is_never_touched(tmp_path: Path) -> None:
    broken = EXPERIMENTAL + "def broken(:\n"
    project = write_tree(tmp_path, {"requirements.txt": PINNED, "broken.py": broken})
    result = hubcompat(project, "fix", ".")
    assert (project / "broken.py").read_text() == broken
    assert "syntax-error" not in result.stderr or result.returncode == 1


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write read-only files")
def test_a_read_only_file_is_reported_not_forced(project: Path) -> None:
    path = project / "cluster.py"
    path.chmod(stat.S_IRUSR)
    result = hubcompat(project, "fix", "cluster.py")
    assert result.returncode == 1
    assert "cluster.py: not written: the file is read-only" in result.stderr
    assert path.read_text() == EXPERIMENTAL


def test_writes_are_atomic_keep_the_mode_and_follow_links(project: Path) -> None:
    real = project / "cluster.py"
    real.chmod(0o640)
    link = project / "linked.py"
    link.symlink_to(real)
    assert hubcompat(project, "fix", "linked.py").returncode == 0
    assert link.is_symlink() and "config.share_cluster_devices_in_session" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not [p for p in project.iterdir() if p.name.endswith(".hubcompat")]


def test_a_file_changed_while_it_was_fixed_is_left_alone(tmp_path: Path) -> None:
    from pylint_hubcompat.files import writing

    path = tmp_path / "a.py"
    path.write_text("new\n")
    with pytest.raises(writing.UnwritableFile, match="changed while"):
        writing.replace_atomically(str(path), b"fixed\n", expected=b"old\n")
    assert path.read_text() == "new\n"


def test_overlapping_fixes_are_made_in_rounds(project: Path) -> None:
    """Two findings on one line: each round makes the fixes that do not overlap, then lints again."""
    path = project / "twice.py"
    path.write_text(
        "import tensorflow as tf\n\n"
        "a = tf.compat.v1.ConfigProto(); b = tf.compat.v1.ConfigProto()\n"
        "a.experimental.share_cluster_devices_in_session = b.experimental.share_cluster_devices_in_session = True\n"
    )
    session = fix.Session([], [str(path)])
    outcome = fix.fix(session, fix.Choice())
    assert outcome.files[str(path)].text.endswith(
        "a.share_cluster_devices_in_session = b.share_cluster_devices_in_session = True\n"
    )
    assert outcome.remaining == ()


def test_an_editors_buffer_is_fixed_as_it_is_not_as_it_was_saved(project: Path) -> None:
    path = project / "cluster.py"
    buffer = "# edited, not saved\n" + EXPERIMENTAL
    outcome = fix.fix(fix.Session([], [str(path)], {str(path): buffer}), fix.Choice())
    assert outcome.files[str(path)].text == buffer.replace(".experimental.", ".")
    assert path.read_text() == EXPERIMENTAL


def test_the_diff_applies_with_git_even_across_form_feeds(project: Path) -> None:
    """Old modules separate sections with a form feed, which str.splitlines() breaks at and patch does not."""
    import shutil
    import subprocess

    path = project / "cluster.py"
    path.write_text(EXPERIMENTAL.replace("\nconfig =", "\n\x0c\nconfig ="))
    result = hubcompat(project, "fix", "cluster.py", "--diff")
    assert "No newline" not in result.stdout
    if shutil.which("git"):
        applied = subprocess.run(
            ["git", "apply", "--check", "-"], input=result.stdout, cwd=project, text=True, capture_output=True,
            env={**os.environ, "GIT_CEILING_DIRECTORIES": str(project.parent)}, check=False,
        )
        assert applied.returncode == 0, applied.stderr


def test_a_file_the_user_may_not_write_is_refused_even_where_root_could(tmp_path: Path, monkeypatch) -> None:
    """Root may write a read-only file; the check is the user's permission, as os.access tells it."""
    from pylint_hubcompat.files import writing

    path = tmp_path / "a.py"
    path.write_text("old\n")
    monkeypatch.setattr(writing.os, "access", lambda *_: False)
    with pytest.raises(writing.UnwritableFile, match="read-only"):
        writing.replace_atomically(str(path), b"new\n")
    assert path.read_text() == "old\n"


def test_pylint_options_with_a_separate_value_are_not_taken_for_paths(project: Path) -> None:
    (project / "target.toml").write_text('[tool.pylint.hubcompat]\ntf-version = "2.15.1"\n')
    (project / "requirements.txt").write_text("tensorflow>=2.16\n")
    result = hubcompat(project, "fix", "--rcfile", "target.toml", "cluster.py", "--diff")
    assert result.returncode == 1, result.stderr
    assert "+config.share_cluster_devices_in_session = True" in result.stdout
