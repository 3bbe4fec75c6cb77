"""The pylsp plugin: hubcompat's findings as diagnostics and their fixes as code actions.

Most tests talk to a real ``pylsp`` over stdio, as an editor does: the server finds the
plugin through its entry point, lints the buffer sent with ``didOpen``, and answers
``codeAction`` with edits that the test applies with its own LSP reading of positions
(0-based lines, UTF-16 code units).  pylsp's other plugins are disabled, so each
``publishDiagnostics`` holds our diagnostics only.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import re
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from pylint.config.find_default_config_files import find_default_config_files
from pylsp.config.config import Config
from pylsp.workspace import Workspace

from pylint_hubcompat.editors import pylsp as plugin
from pylint_hubcompat.files.text_edits import Edit
from pylint_hubcompat.fixes.fixable import Fix, Fixable
from tests.trees import write_tree

#: Seconds any one wait for the server may take (its start and first lint import pylint).
TIMEOUT = 60.0

PINNED_TF = '[project]\nname = "trainer"\nversion = "0.1"\ndependencies = ["tensorflow==2.15.1"]\n'
PINNED_TF_AND_HUB = (
    '[project]\nname = "classifier"\nversion = "0.1"\ndependencies = ["tensorflow==2.15.1", "tensorflow-hub==0.15.0"]\n'
)
#: A parameter-server session config, with a line whose prefix is wider in UTF-16 than in code points.
SESSION_CONFIG = """\
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
note = "Größe 🤗"; config.experimental.share_cluster_devices_in_session = True
server = tf.distribute.Server.create_local_server(config=config)
"""
#: A BERT preprocessor without tensorflow_text (safe fix) and a TF1 model fine-tuned (unsafe fix), CRLF.
CLASSIFIER = (
    "import tensorflow as tf\r\n"
    "import tensorflow_hub as hub\r\n"
    "\r\n"
    'preprocessor = hub.KerasLayer("https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3")\r\n'
    'encoder_inputs = preprocessor(tf.constant(["Hub layers load like any Keras layer."]))\r\n'
    "\r\n"
    "feature_extractor = hub.KerasLayer(\r\n"
    '    "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2", trainable=True\r\n'
    ")\r\n"
)
TEXT_IMPORTED = CLASSIFIER.replace(
    "import tensorflow_hub as hub\r\n",
    "import tensorflow_hub as hub\r\nimport tensorflow_text  # registers the ops\r\n",
)
SUCCESSOR = CLASSIFIER.replace("feature_vector/2", "feature_vector/5")


# -- an editor, as far as the tests need one -----------------------------------------------


def apply_lsp_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Make ``TextEdit``s as an editor does: lines end at \\n, \\r\\n or \\r; characters are UTF-16 code units."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position: dict[str, int]) -> int:
        if position["line"] >= len(starts):
            return len(text)
        index, units = starts[position["line"]], 0
        while units < position["character"] and index < len(text) and text[index] not in "\r\n":
            units += 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        return index

    spans = sorted((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits)
    for before, after in itertools.pairwise(spans):
        assert before[1] <= after[0], f"overlapping edits: {before} and {after}"
    for begin, end, new in reversed(spans):
        text = text[:begin] + new + text[end:]
    return text


class Editor:
    """A language client speaking JSON-RPC with Content-Length framing to a pylsp process."""

    def __init__(self, root: Path, cwd: Path, log: Path, settings: dict[str, Any] | None = None) -> None:
        self._log = log.open("wb")
        self.log = log
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with  # closed by close()
            [sys.executable, "-m", "pylsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, cwd=cwd
        )
        self._received: list[dict[str, Any]] = []
        self._arrived = threading.Condition()
        self._writing = threading.Lock()
        self._ids = itertools.count(1)
        self._ended = False
        threading.Thread(target=self._read, daemon=True).start()
        others = {e.name: {"enabled": False} for e in entry_points(group="pylsp") if e.name != "hubcompat"}
        options = {"pylsp": {"plugins": {**others, "hubcompat": {"enabled": True, **(settings or {})}}}}
        self.request(
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": {}, "initializationOptions": options},
        )
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b"\n"):
                if not line:  # the server is gone
                    with self._arrived:
                        self._ended = True
                        self._arrived.notify_all()
                    return
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            if "method" in message and "id" in message:  # a request of the server's: nothing to say
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            with self._arrived:
                self._received.append(message)
                self._arrived.notify_all()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        with self._writing:
            stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            stdin.flush()

    def wait(self, wanted: Callable[[dict[str, Any]], bool], what: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first message received that ``wanted`` takes (it is taken off the list)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self._received:
                    if wanted(message):
                        self._received.remove(message)
                        return message
                left = deadline - time.monotonic()
                if left <= 0 or self._ended:
                    pytest.fail(f"no {what} within {timeout}s; pylsp's log:\n{self.log.read_text(errors='replace')}")
                self._arrived.wait(left)

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        number = next(self._ids)
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        answer = self.wait(lambda m: m.get("id") == number and "method" not in m, f"answer to {method}", timeout)
        assert "error" not in answer, answer["error"]
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, path: Path, text: str, version: int = 1) -> None:
        document = {"uri": path.as_uri(), "languageId": "python", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def change(self, path: Path, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [{"text": text}]},
        )

    def diagnostics(self, path: Path, version: int | None = None) -> list[dict[str, Any]]:
        """The diagnostics pylsp publishes next for ``path`` (for that ``version``, if given)."""

        def published(message: dict[str, Any]) -> bool:
            params = message.get("params") or {}
            return (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == path.as_uri()
                and (version is None or params.get("version") == version)
            )

        return self.wait(published, f"diagnostics of {path.name}")["params"]["diagnostics"]

    def code_actions(
        self, path: Path, diagnostics: list[dict[str, Any]], only: list[str] | None = None
    ) -> list[dict[str, Any]]:
        context: dict[str, Any] = {"diagnostics": diagnostics}
        if only is not None:
            context["only"] = only
        params = {"textDocument": {"uri": path.as_uri()}, "range": diagnostics[0]["range"], "context": context}
        return self.request("textDocument/codeAction", params) or []

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, pytest.fail.Exception):
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            self._log.close()


@contextlib.contextmanager
def editor(root: Path, cwd: Path, settings: dict[str, Any] | None = None) -> Iterator[Editor]:
    client = Editor(root, cwd, cwd / "pylsp.log", settings)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="module")
def workspace_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest.fixture(scope="module")
def server(workspace_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    """One pylsp for the tests of this module, started away from the workspace (as an editor may)."""
    with editor(workspace_root, tmp_path_factory.mktemp("editor-cwd")) as client:
        yield client


def only_action(actions: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [a for a in actions if a["kind"] == kind]
    assert len(found) == 1, actions
    return found[0]


def edits_of(action: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    changes = action["edit"]["changes"]
    assert set(changes) == {path.as_uri()}, changes
    edits: list[dict[str, Any]] = changes[path.as_uri()]
    return edits


# -- through pylsp ---------------------------------------------------------------------------


def test_a_quick_fix_edits_the_finding_in_utf16_positions(server, workspace_root):
    project = write_tree(workspace_root / "cluster", {"pyproject.toml": PINNED_TF, "train.py": SESSION_CONFIG})
    path = project / "train.py"
    server.open(path, SESSION_CONFIG)

    [diagnostic] = server.diagnostics(path)
    # `note = "Größe 🤗"; ` is 18 code points, 23 UTF-8 bytes (pylint's column) and 19 UTF-16 units.
    assert diagnostic["range"] == {"start": {"line": 3, "character": 19}, "end": {"line": 3, "character": 71}}
    assert diagnostic["source"] == "hubcompat"
    assert diagnostic["code"] == "hub-session-option-experimental"
    assert diagnostic["severity"] == 3  # a convention: Information, as pylsp's pylint plugin shows it
    assert "no longer experimental" in diagnostic["message"]
    assert diagnostic["codeDescription"]["href"].endswith("/rules.md#hub-session-option-experimental")

    actions = server.code_actions(path, [diagnostic])
    action = only_action(actions, "quickfix")
    assert (
        action["title"] == "Set the top-level config.share_cluster_devices_in_session instead of the experimental field"
    )
    assert action["diagnostics"] == [diagnostic]
    assert action["isPreferred"] is True
    fixed = SESSION_CONFIG.replace("config.experimental.share", "config.share")
    assert apply_lsp_edits(SESSION_CONFIG, edits_of(action, path)) == fixed
    assert apply_lsp_edits(SESSION_CONFIG, edits_of(only_action(actions, plugin.FIX_ALL), path)) == fixed

    server.change(path, fixed, version=2)
    assert server.diagnostics(path, version=2) == []  # fixed: the finding is gone


def test_unsafe_fixes_are_marked_and_left_out_of_fix_all(server, workspace_root):
    project = write_tree(workspace_root / "classifier", {"pyproject.toml": PINNED_TF_AND_HUB})
    path = project / "classify.py"
    path.write_bytes(CLASSIFIER.encode("utf-8"))
    server.open(path, CLASSIFIER)

    diagnostics = {d["code"]: d for d in server.diagnostics(path)}
    assert set(diagnostics) == {"hub-text-ops-missing", "hub-legacy-finetune"}
    assert {d["severity"] for d in diagnostics.values()} == {1}  # errors
    assert diagnostics["hub-legacy-finetune"]["range"]["start"] == {"line": 6, "character": 20}

    actions = server.code_actions(path, list(diagnostics.values()))
    fixes = {a["diagnostics"][0]["code"]: a for a in actions if a["kind"] == "quickfix"}
    text_ops, finetune = fixes["hub-text-ops-missing"], fixes["hub-legacy-finetune"]
    assert text_ops["title"] == "Import tensorflow_text before the model is loaded, to register its ops"
    assert apply_lsp_edits(CLASSIFIER, edits_of(text_ops, path)) == TEXT_IMPORTED  # in the file's CRLF
    assert finetune["title"].endswith(", the TF2 SavedModel version (unsafe)")
    assert finetune["isPreferred"] is False
    assert apply_lsp_edits(CLASSIFIER, edits_of(finetune, path)) == SUCCESSOR

    fix_all = only_action(actions, plugin.FIX_ALL)
    assert fix_all["title"] == "Fix all hubcompat safe fixes"
    assert apply_lsp_edits(CLASSIFIER, edits_of(fix_all, path)) == TEXT_IMPORTED  # the handle stays

    on_save = server.code_actions(path, list(diagnostics.values()), only=["source.fixAll"])
    assert [a["kind"] for a in on_save] == [plugin.FIX_ALL]
    assert {a["kind"] for a in server.code_actions(path, [diagnostics["hub-legacy-finetune"]], ["quickfix"])} == {
        "quickfix"
    }


def test_the_unsaved_buffer_is_what_is_linted_and_fixed(server, workspace_root):
    project = write_tree(workspace_root / "notebook-export", {"pyproject.toml": PINNED_TF})
    path = project / "session.py"
    path.write_text("import tensorflow as tf\n", encoding="utf-8")  # the editor holds more than the disk
    server.open(path, SESSION_CONFIG)
    [first] = server.diagnostics(path)
    assert first["range"]["start"]["line"] == 3

    edited = "# Run on a local parameter-server cluster.\n" + SESSION_CONFIG
    server.change(path, edited, version=2)
    [moved] = server.diagnostics(path, version=2)
    assert moved["range"]["start"]["line"] == 4

    actions = server.code_actions(path, [moved])
    fixed = edited.replace("config.experimental.share", "config.share")
    assert apply_lsp_edits(edited, edits_of(only_action(actions, "quickfix"), path)) == fixed
    for fix_all in (a for a in actions if a["kind"] == plugin.FIX_ALL):  # offered only if made on this buffer
        assert apply_lsp_edits(edited, edits_of(fix_all, path)) == fixed
    assert server.code_actions(path, [first], only=["quickfix"]) == []  # stale: no finding is at its range now


def test_a_buffer_without_a_file_has_no_diagnostics(server, workspace_root):
    project = write_tree(workspace_root / "drafts", {"pyproject.toml": PINNED_TF})
    server.open(project / "not_saved_yet.py", SESSION_CONFIG)
    assert server.diagnostics(project / "not_saved_yet.py") == []


def test_the_pylint_configuration_is_the_workspaces(tmp_path):
    """The target comes from ``[tool.pylint.hubcompat]`` of the workspace, while pylsp runs elsewhere."""
    project = write_tree(
        tmp_path / "project",
        {
            "pyproject.toml": '[project]\nname = "trainer"\nversion = "0.1"\n\n'
            '[tool.pylint.hubcompat]\ntf-version = "==2.15.1"\n',
            "train.py": SESSION_CONFIG,
        },
    )
    (tmp_path / "elsewhere").mkdir()
    with editor(project, tmp_path / "elsewhere") as client:
        client.open(project / "train.py", SESSION_CONFIG)
        [diagnostic] = client.diagnostics(project / "train.py")
    assert "on tensorflow 2.15.1 (tf-version option)" in diagnostic["message"]


# -- the plugin's functions, on pylsp's own workspace objects ---------------------------------


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(plugin, "_CACHE", OrderedDict())


def pylsp_objects(root: Path, settings: dict[str, Any] | None = None) -> tuple[Config, Workspace]:
    options = {"pylsp": {"plugins": {"hubcompat": settings}}} if settings else {}
    config = Config(root.as_uri(), options, None, {})
    return config, Workspace(root.as_uri(), mock.Mock(), config)


def opened(workspace: Workspace, path: Path, text: str, version: int = 1) -> Any:
    workspace.put_document(path.as_uri(), text, version=version)
    return workspace.get_document(path.as_uri())


def test_settings_default_to_enabled_without_arguments(tmp_path):
    config, _ = pylsp_objects(tmp_path)
    assert plugin.pylsp_settings() == {"plugins": {"hubcompat": {"enabled": True, "args": []}}}
    assert config.plugin_settings("hubcompat") == {"enabled": True, "args": []}


@pytest.mark.usefixtures("fresh_cache")
def test_code_actions_reuse_the_lint_of_the_same_version(tmp_path, monkeypatch):
    project = write_tree(tmp_path / "cluster", {"pyproject.toml": PINNED_TF, "train.py": SESSION_CONFIG})
    config, workspace = pylsp_objects(project)
    document = opened(workspace, project / "train.py", SESSION_CONFIG)
    [diagnostic] = plugin.pylsp_lint(config, workspace, document, True)
    sessions = mock.Mock(side_effect=plugin.fixing.Session)
    monkeypatch.setattr(plugin.fixing, "Session", sessions)

    context = {"diagnostics": [diagnostic], "only": ["quickfix"]}
    assert len(plugin.pylsp_code_actions(config, workspace, document, diagnostic["range"], context)) == 1
    assert sessions.call_count == 0

    document = opened(workspace, project / "train.py", SESSION_CONFIG + "\n", version=2)
    assert len(plugin.pylsp_code_actions(config, workspace, document, diagnostic["range"], context)) == 1
    assert sessions.call_count == 1


@pytest.mark.usefixtures("fresh_cache")
def test_a_failure_is_logged_and_gives_nothing(tmp_path, monkeypatch, caplog):
    project = write_tree(tmp_path / "cluster", {"pyproject.toml": PINNED_TF, "train.py": SESSION_CONFIG})
    config, workspace = pylsp_objects(project)
    document = opened(workspace, project / "train.py", SESSION_CONFIG)
    monkeypatch.setattr(plugin.fixing, "Session", mock.Mock(side_effect=RuntimeError("astroid broke")))
    diagnostic = {"source": "hubcompat", "code": "hub-session-option-experimental", "range": {}}
    with caplog.at_level(logging.ERROR, logger=plugin.__name__):
        assert plugin.pylsp_lint(config, workspace, document, True) == []
        assert plugin.pylsp_code_actions(config, workspace, document, {}, {"diagnostics": [diagnostic]}) == []
    assert [r.exc_info[1].args for r in caplog.records if r.exc_info] == [("astroid broke",)] * 2


@pytest.mark.usefixtures("fresh_cache")
@pytest.mark.parametrize(("args", "said"), [(["--version"], "pylint "), (["--no-such-option"], "no-such-option")])
def test_what_pylint_prints_is_logged_never_on_pylsps_stdout(tmp_path, capfd, caplog, args, said):
    project = write_tree(tmp_path / "cluster", {"pyproject.toml": PINNED_TF, "train.py": SESSION_CONFIG})
    config, workspace = pylsp_objects(project, {"args": args})
    with caplog.at_level(logging.WARNING, logger=plugin.__name__):
        assert plugin.pylsp_lint(config, workspace, opened(workspace, project / "train.py", SESSION_CONFIG), True) == []
    assert capfd.readouterr().out == ""
    assert any(said in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_settings_args_are_pylints_options(tmp_path):
    project = write_tree(
        tmp_path / "project",
        {"pyproject.toml": '[project]\nname = "trainer"\n\n[tool.pylint.format]\nmax-line-length = 100\n'},
    )
    path = project / "train.py"
    config, workspace = pylsp_objects(project, {"args": "--tf-version=2.15.1 --hub-version=0.15.0"})
    document = opened(workspace, path, SESSION_CONFIG)
    assert plugin.pylint_arguments(config, workspace, document) == (
        f"--rcfile={project / 'pyproject.toml'}",
        "--tf-version=2.15.1",
        "--hub-version=0.15.0",
    )
    config, workspace = pylsp_objects(project, {"args": ["--rcfile=ci/pylintrc"]})
    assert plugin.pylint_arguments(config, workspace, opened(workspace, path, SESSION_CONFIG)) == (
        "--rcfile=ci/pylintrc",
    )


@pytest.mark.parametrize(
    "files",
    [
        {"pyproject.toml": "[tool.pylint.main]\njobs = 1\n", "pylintrc": "[MAIN]\n"},  # an rc file first
        {"pyproject.toml": "[project]\nname = 'x'\n", "setup.cfg": "[pylint.main]\njobs = 1\n"},
        {"pyproject.toml": "[project]\nname = 'x'\n", "setup.cfg": "[metadata]\nname = x\n"},  # neither is
        {"../pyproject.toml": "[tool.pylint.main]\njobs = 1\n"},  # the nearest pyproject.toml up
        {"../pyproject.toml": "[tool.pylint.main]\njobs = 1\n", ".git/HEAD": ""},  # not past the repository
        {"__init__.py": "", "../.pylintrc": "[MAIN]\n"},  # the rc file of the package it is in
        {"pylintrc.toml": "[project]\n", "tox.ini": "[pylint]\njobs = 1\n"},
    ],
)
def test_the_configuration_file_is_the_one_pylint_finds(tmp_path, monkeypatch, files):
    start = tmp_path / "repository" / "project"
    write_tree(start, files)
    monkeypatch.setenv("PYLINTRC", str(tmp_path / "none"))  # not the tester's own
    monkeypatch.chdir(start)
    expected = next((p for p in find_default_config_files() if tmp_path in p.parents), None)
    found = plugin.config_file(start)
    assert (found.resolve() if found else None) == expected


@pytest.mark.usefixtures("fresh_cache")
def test_a_fix_of_another_file_is_edited_under_its_own_uri(tmp_path):
    pins = '[project]\nname = "trainer"\ndependencies = ["tensorflow==2.15.1", "setuptools"]\n'
    project = write_tree(tmp_path / "project", {"pyproject.toml": pins, "train.py": SESSION_CONFIG})
    config, workspace = pylsp_objects(project)
    document = opened(workspace, project / "train.py", SESSION_CONFIG)
    linted = plugin.lint(config, workspace, document)
    assert linted is not None
    pyproject = str(project / "pyproject.toml")
    column = pins.splitlines()[2].index('"setuptools"')
    pin = Edit((3, column), (3, column + len('"setuptools"')), '"setuptools<81"', pyproject)
    note = Edit((1, 0), (1, 0), "# pkg_resources is gone from setuptools 81\n")
    fix = Fix("hub-setuptools-pkg-resources", "unsafe", "Pin setuptools<81", (pin, pin, note))  # one twice
    fixable = Fixable(linted.path, "hub-setuptools-pkg-resources", 1, 0, fix)
    diagnostic = {"source": "hubcompat", "code": "hub-setuptools-pkg-resources"}

    action = plugin.quick_fix(linted, workspace, fixable, diagnostic)
    assert action is not None
    assert action["title"] == "Pin setuptools<81 (unsafe)"
    changes = action["edit"]["changes"]
    pins_uri = (project / "pyproject.toml").as_uri()
    assert len(changes[pins_uri]) == 1  # an editor would make a duplicate twice
    assert apply_lsp_edits(pins, changes[pins_uri]) == pins.replace('"setuptools"', '"setuptools<81"')
    assert apply_lsp_edits(SESSION_CONFIG, changes[document.uri]).startswith("# pkg_resources is gone")

    opened(workspace, project / "pyproject.toml", pins + "# being edited\n")
    assert plugin.quick_fix(linted, workspace, fixable, diagnostic) is None  # its positions are the disk's

    overlapping = fix._replace(edits=(Edit((1, 0), (1, 6), "a"), Edit((1, 3), (1, 9), "b")))
    assert plugin.quick_fix(linted, workspace, fixable._replace(fix=overlapping), diagnostic) is None


@pytest.mark.usefixtures("fresh_cache")
def test_fix_all_leaves_a_fix_that_edits_another_file_to_its_quick_fix(tmp_path, monkeypatch):
    project = write_tree(tmp_path / "cluster", {"pyproject.toml": PINNED_TF, "train.py": SESSION_CONFIG})
    config, workspace = pylsp_objects(project)
    linted = plugin.lint(config, workspace, opened(workspace, project / "train.py", SESSION_CONFIG))
    assert linted is not None
    pin = Edit((4, 0), (4, 0), '"tensorflow==2.15.1"', str(project / "pyproject.toml"))
    both = Fixable(linted.path, "hub-version-conflict", 1, 0, Fix("hub-version-conflict", "safe", "Fit", (pin,)))
    linted.session.first = linted.session.first._replace(fixes=(*linted.session.first.fixes, both))
    made = mock.Mock(side_effect=plugin.fixing.fix)
    monkeypatch.setattr(plugin.fixing, "fix", made)

    assert linted.fixed == SESSION_CONFIG.replace("config.experimental.share", "config.share")
    assert made.call_args.args[1] == plugin.fixing.Choice(unsafe=False, ignore=frozenset({"hub-version-conflict"}))


def test_positions_count_utf16_units_where_edits_land():
    text = plugin.LspText("a = '🤗'; b = 1\r\nlast")
    # `a = '🤗'; ` is 9 code points, 12 UTF-8 bytes (pylint's column) and 10 UTF-16 units.
    assert text.from_pylint(1, 12) == {"line": 0, "character": 10}
    assert text.position(1, 9) == {"line": 0, "character": 10}
    assert text.position(1, 99) == text.line_end(1) == {"line": 0, "character": 15}  # past the line's end: its end
    assert text.position(3, 0) == text.end() == {"line": 1, "character": 4}  # past the last line: the end
    assert plugin.LspText("x = 1\n").end() == {"line": 1, "character": 0}
    assert text.text_edit(Edit((2, 0), (2, 0), "import os\n")) == {
        "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
        "newText": "import os\r\n",
    }
