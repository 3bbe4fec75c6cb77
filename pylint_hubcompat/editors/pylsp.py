"""A python-lsp-server plugin: hubcompat's findings as diagnostics, their fixes as code actions.

pylsp loads it through the ``pylsp`` entry point ``hubcompat``.  The document's buffer is
linted as ``hubcompat check`` lints the file (the same pylint options, the file's own
project for the target), saved or not; a buffer whose file is not on disk yet has no
diagnostics, since the project is found from the file's path.

Positions: pylint counts a message's columns in UTF-8 bytes (astroid's ``col_offset``),
an :class:`~pylint_hubcompat.files.text_edits.Edit` in characters, and LSP in UTF-16
code units (the default ``positionEncoding``, and pylsp offers no other).

pylint runs in pylsp's process: one lint at a time (pylsp lints from timer threads
while requests are served), and with ``sys.stdout`` captured, since pylsp talks to the
editor on that stream.  Nothing raises into pylsp: a failure is logged and gives no
diagnostics, no actions.
"""

from __future__ import annotations

import configparser
import contextlib
import functools
import io
import logging
import os
import shlex
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pylint.config.find_default_config_files import CONFIG_NAMES, PYPROJECT_NAME, RC_NAMES
from pylsp import hookimpl, lsp, uris

from pylint_hubcompat.cli import check
from pylint_hubcompat.cli import fix as fixing
from pylint_hubcompat.files import reading
from pylint_hubcompat.files.locations import rule_url
from pylint_hubcompat.files.text_edits import Edit, apply, char_column, encoding_of, newline_of, split_lines
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.fixes.fixable import Fix, Fixable
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.rulebook.loading import builtin_rules

log = logging.getLogger(__name__)

#: The plugin's name in pylsp's settings (``pylsp.plugins.hubcompat``) and the diagnostics' source.
NAME = SOURCE = "hubcompat"
QUICKFIX = "quickfix"
FIX_ALL = "source.fixAll.hubcompat"
FIX_ALL_TITLE = "Fix all hubcompat safe fixes"
UNSAFE = " (unsafe)"
#: As pylsp's pylint plugin maps pylint's categories.
SEVERITIES = {
    "C": lsp.DiagnosticSeverity.Information,
    "E": lsp.DiagnosticSeverity.Error,
    "F": lsp.DiagnosticSeverity.Error,
    "I": lsp.DiagnosticSeverity.Information,
    "R": lsp.DiagnosticSeverity.Hint,
    "W": lsp.DiagnosticSeverity.Warning,
}
#: Files linted: those ``hubcompat check`` lints as Python (a notebook's buffer is its JSON).
SUFFIXES = (".py", ".pyi")
#: Documents whose last lint is kept for their code actions (each holds a pylint linter).
CACHED = 8

_LOCK = threading.RLock()


# -- pylsp's hooks -------------------------------------------------------------------------


@hookimpl
def pylsp_settings() -> dict[str, Any]:
    """``args``: pylint options, as ``hubcompat check`` takes them (``--tf-version=2.15.1``...)."""
    return {"plugins": {NAME: {"enabled": True, "args": []}}}


@hookimpl
def pylsp_lint(config: Any, workspace: Any, document: Any, is_saved: bool) -> list[dict[str, Any]]:
    """The findings in the document's buffer (``is_saved`` or not: the buffer is what is linted)."""
    del is_saved
    try:
        with workspace.report_progress("lint: hubcompat"):
            linted = lint(config, workspace, document)
    except (Exception, SystemExit):  # pylint: disable=broad-exception-caught  # never into pylsp
        log.exception("hubcompat: linting %s failed", getattr(document, "uri", document))
        return []
    return [finding.diagnostic for finding in linted.findings] if linted else []


@hookimpl
def pylsp_code_actions(
    config: Any,
    workspace: Any,
    document: Any,
    range: dict[str, Any],  # pylint: disable=redefined-builtin  # pylsp passes it by this name
    context: dict[str, Any],
) -> list[dict[str, Any]]:
    """A quick fix per diagnostic of ours in ``context`` that has one, and the fix-all action."""
    del range  # the context's diagnostics are those at the range
    try:
        return code_actions(config, workspace, document, context or {})
    except (Exception, SystemExit):  # pylint: disable=broad-exception-caught  # never into pylsp
        log.exception("hubcompat: code actions of %s failed", getattr(document, "uri", document))
        return []


def code_actions(config: Any, workspace: Any, document: Any, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The actions the context asks for (``only``: those kinds), from this version's lint."""
    only = context.get("only")
    asked = [d for d in context.get("diagnostics") or () if isinstance(d, dict) and d.get("source") == SOURCE]
    quick, fix_all = bool(asked) and _wanted(QUICKFIX, only), _wanted(FIX_ALL, only)
    if not (quick or fix_all):
        return []
    linted = current_lint(config, workspace, document)
    if linted is None:
        return []
    actions = []
    for diagnostic in asked if quick else ():
        finding = linted.finding_at(diagnostic)
        action = quick_fix(linted, workspace, finding.fixable, diagnostic) if finding and finding.fixable else None
        if action is not None:
            actions.append(action)
    fixed = linted.fixed if fix_all else None
    if fixed is not None:
        whole = LspText(linted.source)
        edit = {"range": {"start": whole.position(1, 0), "end": whole.end()}, "newText": fixed}
        actions.append({"title": FIX_ALL_TITLE, "kind": FIX_ALL, "edit": {"changes": {linted.uri: [edit]}}})
    return actions


def quick_fix(
    linted: DocumentLint, workspace: Any, fixable: Fixable, diagnostic: dict[str, Any]
) -> dict[str, Any] | None:
    """The action of one fix; None if its edits cannot be made as they are (another file changed in the editor)."""
    changes = workspace_changes(linted, workspace, fixable.fix.edits)
    if changes is None:
        return None
    fix = fixable.fix
    return {
        "title": fix.title + ("" if fix.safe else UNSAFE),
        "kind": QUICKFIX,
        "diagnostics": [diagnostic],
        "isPreferred": fix.safe,
        "edit": {"changes": changes},
    }


def workspace_changes(
    linted: DocumentLint, workspace: Any, edits: Iterable[Edit]
) -> dict[str, list[dict[str, Any]]] | None:
    """A fix's edits as a WorkspaceEdit's ``changes``: the document's, and another file's under its own URI."""
    per_file: dict[str, list[Edit]] = {}
    for edit in edits:
        per_file.setdefault(edit.path or linted.path, []).append(edit._replace(path=""))
    changes = {}
    for path, file_edits in per_file.items():
        own = path == linted.path
        text = linted.source if own else _file_text(workspace, path)
        if text is None:
            return None
        unique = sorted(set(file_edits), key=lambda e: (e.start, e.end))  # an editor would make a duplicate twice
        try:
            apply(text, unique)
        except ValueError:  # Overlap: not a change an editor can make
            log.warning("hubcompat: overlapping edits in %s, fix not offered", path)
            return None
        positions = LspText(text)
        changes[linted.uri if own else uris.from_fs_path(path)] = [positions.text_edit(e) for e in unique]
    return changes


def _file_text(workspace: Any, path: str) -> str | None:
    """Another file's text, as its fix read it: from disk, unless the editor holds it changed."""
    try:
        data = reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
        text = data.decode(encoding_of(data))
    except (reading.UnreadableFile, ValueError, LookupError):
        return None
    open_document = workspace.get_maybe_document(uris.from_fs_path(path))
    if open_document is not None and open_document.source != text:
        log.info("hubcompat: %s is changed in the editor: its fix is offered once it is saved", path)
        return None
    return text


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether ``only`` (the kinds asked for; none: all) takes ``kind``: a kind takes its sub-kinds."""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


# -- linting -------------------------------------------------------------------------------


class Finding(NamedTuple):
    """A diagnostic, and the fix of its message if it has one."""

    diagnostic: dict[str, Any]
    fixable: Fixable | None


@dataclass
class DocumentLint:
    """One lint of a document's buffer, kept so that its code actions do not lint it again."""

    uri: str
    version: int | None
    path: str
    source: str
    arguments: tuple[str, ...]
    session: fixing.Session = field(repr=False)
    findings: tuple[Finding, ...]

    def is_current(self, document: Any, arguments: tuple[str, ...]) -> bool:
        return (self.version, self.source, self.arguments) == (document.version, document.source, arguments)

    def finding_at(self, diagnostic: Mapping[str, Any]) -> Finding | None:
        """The finding an editor's diagnostic stands for: same rule, same range (and same ``data`` if it kept it)."""
        for finding in self.findings:
            ours = finding.diagnostic
            if (diagnostic.get("code"), _span(diagnostic.get("range"))) != (ours["code"], _span(ours["range"])):
                continue
            data = diagnostic.get("data")
            if isinstance(data, dict) and (data.get("line"), data.get("column")) != (
                ours["data"]["line"],
                ours["data"]["column"],
            ):
                continue
            return finding
        return None

    @functools.cached_property
    def fixed(self) -> str | None:
        """The buffer with every safe fix made, as ``hubcompat fix`` makes them; None if nothing changes.

        Only this document changes: the rules whose fixes also edit another file (a
        dependency pin) are left to their quick fixes, which make the whole fix.
        """
        elsewhere = frozenset(
            f.symbol
            for f in self.session.first.fixes
            if any(os.path.abspath(e.path or f.path) != self.path for e in f.fix.edits)
        )
        with _LOCK, _quiet("fixing"):
            outcome = fixing.fix(self.session, fixing.Choice(unsafe=False, ignore=elsewhere))
        file = outcome.files.get(self.path)
        if file is None or file.text == self.source:
            return None
        return file.text


_CACHE: OrderedDict[str, DocumentLint] = OrderedDict()


def lint(config: Any, workspace: Any, document: Any) -> DocumentLint | None:
    """Lint the document's buffer; None where it cannot be (no file on disk, not Python, pylint refused)."""
    path = os.path.abspath(document.path)
    if not path.endswith(SUFFIXES) or not os.path.isfile(path):
        return None
    arguments = pylint_arguments(config, workspace, document)
    source = document.source
    with _LOCK:
        with _quiet("linting") as said:
            session = fixing.Session(list(arguments), [path], {path: source})
        if session.linter is None or session.status & check.USAGE_ERROR:
            log.warning("hubcompat: pylint refused the arguments %s: %s", list(arguments), said.getvalue().strip())
            return None
        findings = _findings(session, path, source)
        linted = DocumentLint(document.uri, document.version, path, source, arguments, session, findings)
        _CACHE[document.uri] = linted
        _CACHE.move_to_end(document.uri)
        while len(_CACHE) > CACHED:
            _CACHE.popitem(last=False)
    return linted


def current_lint(config: Any, workspace: Any, document: Any) -> DocumentLint | None:
    """The last lint of this version of the document, or a new one."""
    with _LOCK:
        cached = _CACHE.get(document.uri)
        if cached is not None and cached.is_current(document, pylint_arguments(config, workspace, document)):
            return cached
    return lint(config, workspace, document)


def pylint_arguments(config: Any, workspace: Any, document: Any) -> tuple[str, ...]:
    """The settings' ``args``, and the pylint configuration ``hubcompat check`` would read from the workspace.

    pylint finds its configuration from the working directory, and pylsp's is the
    editor's: the file pylint would find from the workspace's root (as pylsp's pylint
    plugin runs it there) is named with ``--rcfile``, unless the settings name one.
    """
    given = config.plugin_settings(NAME, document_path=document.path).get("args") or []
    arguments = shlex.split(given) if isinstance(given, str) else [str(a) for a in given]
    if not any(a == "--rcfile" or a.startswith("--rcfile=") for a in arguments):
        found = config_file(_start_directory(workspace.root_path, document.path))
        if found is not None:
            arguments.insert(0, f"--rcfile={found}")
    return tuple(arguments)


def config_file(directory: Path) -> Path | None:
    """The configuration file pylint reads when started in ``directory`` and given none.

    pylint's own search (``find_default_config_files``) from that directory: its
    configuration files there, the rc files of the packages it is in, the nearest
    ``pyproject.toml`` up to the repository's root.  Those that follow (``PYLINTRC``,
    the home directory's) do not depend on the directory: pylint finds them itself.
    """
    for name in CONFIG_NAMES:
        if _has_pylint_config(directory / name):
            return directory / name
    package = directory
    while (package / "__init__.py").is_file():
        package = package.parent
        for name in RC_NAMES:
            if (package / name).is_file():
                return package / name
    for folder in (directory, *directory.parents):
        if (folder / PYPROJECT_NAME).is_file():
            return folder / PYPROJECT_NAME if _has_pylint_config(folder / PYPROJECT_NAME) else None
        if (folder / ".git").is_dir() or (folder / ".hg").is_dir():
            break
    return None


def _has_pylint_config(path: Path) -> bool:
    """Whether pylint reads ``path``: a TOML with ``[tool.pylint]``, a cfg/ini with a pylint section, an rc file."""
    try:
        if not path.is_file():
            return False
        if path.suffix == ".toml":
            return "pylint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
        if path.suffix in (".cfg", ".ini"):
            parser = configparser.ConfigParser()
            parser.read(path, encoding="utf-8")
            return any(s == "pylint" or s.startswith("pylint.") for s in parser.sections())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error):
        return False
    return True  # pylintrc, .pylintrc: a configuration whatever it holds


def _start_directory(root: str | None, path: str) -> Path:
    """The workspace's root if the document is in it, else the document's directory."""
    document = Path(path).absolute()
    if root and document.is_relative_to(Path(root).absolute()):
        return Path(root).absolute()
    return document.parent


@contextlib.contextmanager
def _quiet(doing: str) -> Iterator[io.StringIO]:
    """pylint's output, captured (and logged): stdout is pylsp's channel to the editor."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            yield captured
    finally:
        if captured.getvalue().strip():
            log.info("hubcompat: while %s: %s", doing, captured.getvalue().strip())


def _findings(session: fixing.Session, path: str, source: str) -> tuple[Finding, ...]:
    """The messages of hubcompat's checker in this file, each with its fix."""
    text = LspText(source)
    fixes = {(f.symbol, f.line, f.column): f for f in session.first.fixes if os.path.abspath(f.path) == path}
    linter = session.linter
    documented = {rule.symbol for rule in builtin_rules()}
    findings = []
    for message in session.first.messages:
        if os.path.abspath(message.abspath) != path or linter is None:
            continue
        definitions = linter.msgs_store.get_message_definitions(message.msg_id)
        if not any(d.checker_name == HubCompatChecker.name for d in definitions):
            continue  # pylint's own (syntax-error, an option's): the editor's other plugins report those
        fixable = fixes.get((message.symbol, message.line, message.column))
        start = text.from_pylint(message.line, message.column)
        end = (
            text.from_pylint(message.end_line, message.end_column)
            if message.end_line is not None and message.end_column is not None
            else text.line_end(message.line)
        )
        diagnostic: dict[str, Any] = {
            "source": SOURCE,
            "code": message.symbol,
            "message": message.msg,
            "severity": SEVERITIES.get(message.msg_id[:1], lsp.DiagnosticSeverity.Warning),
            "range": {"start": start, "end": end},
            "data": {
                "line": message.line,
                "column": message.column,
                "fix": _fix_data(fixable.fix) if fixable else None,
            },
        }
        if message.symbol in documented:
            diagnostic["codeDescription"] = {"href": rule_url(message.symbol)}
        findings.append(Finding(diagnostic, fixable))
    return tuple(findings)


def _fix_data(fix: Fix) -> dict[str, str]:
    return {"title": fix.title, "safety": fix.safety}


def _span(lsp_range: Any) -> tuple[Any, ...] | None:
    try:
        start, end = lsp_range["start"], lsp_range["end"]
        return start["line"], start["character"], end["line"], end["character"]
    except (KeyError, TypeError):
        return None


# -- positions -----------------------------------------------------------------------------


class LspText:
    """A text's positions as LSP counts them: 0-based lines, UTF-16 code units in the line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)  # Python's line breaks are LSP's: \n, \r\n, \r

    def body(self, line: int) -> str:
        """Line ``line`` (1-based) without its ending; "" past the end."""
        return self.lines[line - 1].rstrip("\r\n") if 1 <= line <= len(self.lines) else ""

    def from_pylint(self, line: int, byte_column: int) -> dict[str, int]:
        """A message's position: pylint's columns count UTF-8 bytes."""
        line = min(max(line, 1), max(len(self.lines), 1))
        return self.position(line, char_column(self.body(line), max(byte_column, 0)))

    def line_end(self, line: int) -> dict[str, int]:
        line = min(max(line, 1), max(len(self.lines), 1))
        return self.position(line, len(self.body(line)))

    def position(self, line: int, column: int) -> dict[str, int]:
        """An edit's ``(line, column)`` (1-based, characters), where :func:`text_edits.apply` takes it.

        Past the last line is the end of the text; a column past the line's end is its end.
        """
        if line > len(self.lines):
            if not self.lines:
                return {"line": 0, "character": 0}
            if self.lines[-1].endswith(("\n", "\r")):
                return {"line": len(self.lines), "character": 0}
            line, column = len(self.lines), len(self.body(len(self.lines)))
        line = max(line, 1)
        body = self.body(line)
        return {"line": line - 1, "character": _utf16(body[: min(max(column, 0), len(body))])}

    def end(self) -> dict[str, int]:
        return self.position(len(self.lines) + 1, 0)

    def text_edit(self, edit: Edit) -> dict[str, Any]:
        """An edit as an LSP ``TextEdit``; its ``\\n`` become the text's newline, as ``apply`` makes them."""
        return {
            "range": {"start": self.position(*edit.start), "end": self.position(*edit.end)},
            "newText": edit.text.replace("\n", newline_of(self.text)),
        }


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
