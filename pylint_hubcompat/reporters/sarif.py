"""SARIF 2.1.0 output for GitHub code scanning: ``--output-format=hubcompat-sarif``.

GitHub shows a SARIF result next to the code with the rule's help, so each of our
rules carries its why, fix and a link to its section in the rule reference; and
because a finding is only right for the TensorFlow the project runs on, the
detected target of every linted project is recorded in the run's properties (and
that of every notebook whose own ``!pip install`` pins change it, with its ``notebook``).
A finding in a notebook arrives here already located in the ``.ipynb`` file, with
"(cell N, line L)" in its message (:mod:`pylint_hubcompat.reporters.notebook`).

A finding whose rule could rewrite the code carries that rewrite as a SARIF ``fixes``
entry, which reviewdog posts as a suggested change on a pull request
(:func:`sarif_fix`); a notebook's finding carries none, since its fix is an edit of
the module of its code cells, not of the ``.ipynb`` file.

The whole log is one JSON document written when pylint finishes; nothing else is
written to the reporter's stream.  (pylint may ship its own ``sarif`` format,
hence our own name; ``sarif`` is an alias of ours until it does.)  pylint
imports this module in every run to register the format, so what only the log
needs is imported when the log is written.

Every result carries a fingerprint of its code (``partialFingerprints``,
:mod:`.fingerprints`), so code scanning tracks an alert while the lines above it
change, and the run its invocation: a file pylint could not lint makes it
unsuccessful, and a run that never linted (a usage error) is a log of that
alone (:func:`failure_log`).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pylint.reporters import BaseReporter

from pylint_hubcompat.files.locations import REPO_URL, VERSION, rule_url
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.plugin.checker import WANTS_FIXES
from pylint_hubcompat.reporters import fingerprints
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.message import Message
    from pylint.reporters.ureports.nodes import Section

    from pylint_hubcompat.files.source_lines import SourceFiles
    from pylint_hubcompat.files.text_edits import Edit
    from pylint_hubcompat.fixes.fixable import Fix
    from pylint_hubcompat.plugin.checker import HubCompatChecker

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
TOOL_NAME = "pylint-hubcompat"
#: How the log counts columns; every column written is right in the other SARIF kind too (see :func:`sarif_fix`).
COLUMN_KIND = "unicodeCodePoints"
#: pylint's message categories as SARIF levels.
LEVELS = {
    "fatal": "error",
    "error": "error",
    "warning": "warning",
    "refactor": "note",
    "convention": "note",
    "info": "note",
}
#: A linter attribute: a callable giving the run's summary (``hubcompat check``), kept in the run's properties.
SUMMARY = "hubcompat_summary"
PYLINT_MESSAGES_URL = "https://pylint.readthedocs.io/en/stable/user_guide/messages/{category}/{symbol}.html"


class SarifReporter(BaseReporter):
    """Collects pylint's messages and writes one SARIF 2.1.0 log at the end of the run."""

    name = "hubcompat-sarif"
    extension = "sarif"

    @property
    def linter(self) -> PyLinter:
        return self._linter

    @linter.setter
    def linter(self, linter: PyLinter) -> None:
        """pylint hands the reporter its linter: the log carries fixes, so the checker must compute them."""
        self._linter = linter
        setattr(linter, WANTS_FIXES, True)

    def display_reports(self, layout: Section) -> None:
        """pylint's text reports (score, statistics) have no place in a SARIF log."""

    def _display(self, layout: Section) -> None:
        """Nothing is written until the whole log is known."""

    def display_messages(self, layout: Section | None) -> None:
        print(json.dumps(self.sarif_log(), indent=2), file=self.out)

    def sarif_log(self) -> dict[str, Any]:
        """The SARIF log of the messages handled so far."""
        # pylint: disable-next=import-outside-toplevel  # see the module docstring
        from pylint_hubcompat.files.source_lines import SourceFiles

        rules, index = self._rules()
        files = SourceFiles()
        fixes = self._fixes(files)
        occurrences = fingerprints.Occurrences()
        results = []
        for message in self.messages:
            result = self._result(message, rules, index, files)
            path = os.path.abspath(message.abspath or message.path)
            digest = fingerprints.code_hash(message.symbol, files.lines(path), message.line, message.end_line)
            result["partialFingerprints"] = {fingerprints.SARIF_KEY: occurrences.number(path, digest)}
            fix = fixes.sarif_fix(message)
            if fix is not None:
                result["fixes"] = [fix]
            results.append(result)
        properties: dict[str, Any] = {"targets": self._targets()}
        summary = getattr(getattr(self, "linter", None), SUMMARY, None)
        if callable(summary):
            properties["summary"] = summary()
        run = empty_run(rules)
        run.update(
            results=results,
            invocations=[_invocation(self.messages)],
            properties={"hubcompat": properties},
        )
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    # -- rules -----------------------------------------------------------------

    def _rules(self) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """Every hubcompat message (rules, user rules, own messages), then every other symbol reported."""
        described = {rule.symbol: rule for rule in builtin_rules()}
        entries = [_rule_entry(rule) for rule in builtin_rules()]
        for definition in self._definitions():
            if definition.checker_name == "hubcompat" and definition.symbol not in described:
                entries.append(_message_entry(definition, ours=True))
        known = {entry["name"] for entry in entries}
        for message in self.messages:
            if message.symbol not in known:
                known.add(message.symbol)
                definition = self._definition(message.symbol)
                entries.append(_message_entry(definition) if definition else _bare_entry(message))
        return entries, {entry["name"]: i for i, entry in enumerate(entries)}

    def _definitions(self) -> list[Any]:
        linter = getattr(self, "linter", None)
        if linter is None:
            return []
        return sorted(linter.msgs_store.messages, key=lambda d: d.msgid)

    def _definition(self, symbol: str) -> Any:
        linter = getattr(self, "linter", None)
        try:
            return linter.msgs_store.get_message_definitions(symbol)[0] if linter else None
        except Exception:  # pylint: disable=broad-except  # UnknownMessageError: describe it from the message
            return None

    # -- results ---------------------------------------------------------------

    def _fixes(self, files: SourceFiles) -> FixIndex:
        """The fixes our checker recorded in this run (merged from the workers under ``-j N``).

        Linting an editor's buffer (``--from-stdin``) gives none: the file on disk, which
        a fix's positions would be read against, is not the text that was linted.
        """
        # pylint: disable-next=import-outside-toplevel  # see the module docstring
        from pylint_hubcompat.plugin.checker import HubCompatChecker

        linter = getattr(self, "linter", None)
        rules = {rule.symbol: rule for rule in builtin_rules()}
        if linter is None or getattr(getattr(linter, "config", None), "from_stdin", False):
            return FixIndex(None, rules, files)
        checker = next((c for c in linter.get_checkers() if isinstance(c, HubCompatChecker)), None)
        return FixIndex(checker, rules, files)

    @staticmethod
    def _result(
        message: Message, rules: list[dict[str, Any]], index: dict[str, int], files: SourceFiles
    ) -> dict[str, Any]:
        return {
            "ruleId": rules[index[message.symbol]]["id"],
            "ruleIndex": index[message.symbol],
            "level": LEVELS.get(message.category, "warning"),
            "message": {"text": message.msg or message.symbol},
            "locations": [{"physicalLocation": _physical_location(message, files)}],
            "properties": {
                "symbol": message.symbol,
                "messageId": message.msg_id,
                "confidence": message.confidence.name,
            },
        }

    # -- the detected target -----------------------------------------------------

    def _targets(self) -> list[dict[str, Any]]:
        """What every project root linted runs on, as the findings were computed: from pylint's
        arguments and the reported files, with the options applied (:func:`.targets.runs_on`)."""
        # pylint: disable=import-outside-toplevel  # see the module docstring
        from pylint_hubcompat.plugin.options import Options, read_options
        from pylint_hubcompat.plugin.targets import runs_on
        from pylint_hubcompat.target import detection
        from pylint_hubcompat.target.report import render_json

        linter = getattr(self, "linter", None)
        config = getattr(linter, "config", None)
        options = read_options(config) if hasattr(config, "tf_version") else Options()
        paths = [Path(p) for p in (getattr(config, "files", None) or []) if os.path.exists(p)]
        paths += [Path(m.abspath) for m in self.messages if m.abspath and os.path.exists(m.abspath)]
        roots: dict[Path | None, None] = {}
        for path in paths:
            roots.setdefault(detection.find_root(path.resolve()))
        targets = []
        for root in roots:
            payload = json.loads(render_json(runs_on(detection.detect_target(root), options)))
            payload["root"] = _uri(str(root)) if root else None
            targets.append(payload)
        # A notebook's own pins (!pip install ...) are its target: one entry per such notebook.
        notebooks = {p.resolve(): None for p in paths if p.suffix == SUFFIX}
        for notebook in notebooks:
            root = detection.find_root(notebook)
            detected = runs_on(detection.detect_target(root), options)
            pinned = runs_on(detection.detect_target(root), options, notebook)
            if pinned != detected:
                payload = json.loads(render_json(pinned))
                payload["root"] = _uri(str(root)) if root else None
                payload["notebook"] = _uri(str(notebook))
                targets.append(payload)
        return targets


class SarifAliasReporter(SarifReporter):
    """``--output-format=sarif``, the name users try first (registered while pylint has no ``sarif`` of its own)."""

    name = "sarif"


def empty_run(rules: list[dict[str, Any]]) -> dict[str, Any]:
    """A SARIF run of this tool with ``rules`` and no results yet."""
    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": VERSION,
                "semanticVersion": VERSION,
                "informationUri": REPO_URL,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "results": [],
        "columnKind": COLUMN_KIND,
    }


def failure_log(error: str, exit_code: int) -> dict[str, Any]:
    """The log of a run that never linted (a usage error): no results, and why in its invocation.

    Code scanning then shows a failed analysis instead of a clean one.
    """
    run = empty_run([])
    run["invocations"] = [
        {
            "executionSuccessful": False,
            "exitCode": exit_code,
            "toolExecutionNotifications": [_notification("error", error)],
        }
    ]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _invocation(messages: list[Message]) -> dict[str, Any]:
    """The run's invocation: it failed when pylint could not lint a file (a fatal message, F0001...)."""
    fatal = [m for m in messages if m.category == "fatal"]
    invocation: dict[str, Any] = {"executionSuccessful": not fatal}
    if fatal:
        invocation["toolExecutionNotifications"] = [
            _notification("error", f"{m.path}: {m.msg} ({m.symbol})", m.symbol) for m in fatal
        ]
    return invocation


def _notification(level: str, text: str, descriptor: str | None = None) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": level, "message": {"text": text}}
    if descriptor:
        notification["descriptor"] = {"id": descriptor}
    return notification


def _rule_entry(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor for one of our rules, with the why and the fix as Markdown help."""
    from pylint_hubcompat.rulebook import text as rule_text  # pylint: disable=import-outside-toplevel

    summary = f"{rule.symbol}: {rule_text.summary(rule)}"
    markdown = (
        f"**Why it breaks.** {rule.why}\n\n**Use instead.** {rule.fix}\n\n"
        f"**Example (bad).**\n\n```python\n{rule.bad.strip()}\n```\n\n"
        f"**Use instead (good).**\n\n```python\n{rule.good.strip()}\n```\n\n"
        f"Source: {rule.source}. [Rule reference]({rule_url(rule.symbol)})"
    )
    return {
        "id": rule.id,
        "name": rule.symbol,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": rule.help_text(), "markdown": markdown},
        "helpUri": rule_url(rule.symbol),
        "defaultConfiguration": {"level": LEVELS[rule.category]},
        "properties": {
            "tags": ["tensorflow", "tensorflow-hub", "compatibility"],
            "category": rule.category,
            "matrix": rule.matrix_cell,
            "fix": rule.autofix.safety if rule.autofix is not None else "none",
        },
    }


class FixIndex:
    """The fixes of a run's findings as SARIF fix objects, found by the message pylint reported."""

    def __init__(self, checker: HubCompatChecker | None, rules: Mapping[str, Rule], files: SourceFiles) -> None:
        self._checker = checker
        self._rules = rules
        self._files = files

    def sarif_fix(self, message: Message) -> dict[str, Any] | None:
        """The SARIF fix of ``message``; None if it has none, or is a notebook's (see the module docstring)."""
        if self._checker is None or not message.abspath or message.abspath.endswith(SUFFIX):
            return None
        fixable = self._checker.fix_of(message.abspath, message.symbol, message.line, message.column)
        if fixable is None:
            return None
        rule = self._rules.get(fixable.symbol)
        why = rule.autofix.why if rule is not None and rule.autofix is not None else ""
        return sarif_fix(fixable.fix, os.path.abspath(message.abspath), why, self._files)


def sarif_fix(fix: Fix, path: str, unsafe_why: str, files: SourceFiles) -> dict[str, Any] | None:
    """``fix`` of a finding in ``path`` as a SARIF fix object; None if a file it edits cannot be read
    (or its edits cannot all be made).

    Each file gets one replacement, from the first edit to the last with the text
    between them: reviewdog turns each replacement into a suggestion of its own, and a
    reviewer could commit one of two edits that only work together.  Columns are
    exact where the text before them on their line is ASCII, where a column is the
    same whichever way it is counted; elsewhere the replacement takes whole lines.
    SARIF counts code points or UTF-16 units (``columnKind``), but reviewdog counts
    the bytes of UTF-8 whatever the log declares, so an emoji before the edit would
    move its suggestion.
    """
    by_file: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_file.setdefault(os.path.abspath(edit.path) if edit.path else path, []).append(edit._replace(path=""))
    changes = []
    for file in sorted(by_file, key=lambda f: (f != path, f)):
        lines = files.lines(file)
        replacement = _replacement(lines, by_file[file]) if lines is not None else None
        if replacement is None:
            return None
        changes.append({"artifactLocation": _artifact(file), "replacements": [replacement]})
    if not changes:
        return None
    description = fix.title if fix.safe else f"{fix.title} (unsafe{': ' + unsafe_why if unsafe_why else ''})"
    return {"description": {"text": description}, "artifactChanges": changes, "properties": {"safety": fix.safety}}


def _replacement(lines: list[str], edits: list[Edit]) -> dict[str, Any] | None:
    """One SARIF replacement making all ``edits`` of a file (``lines``); None if two overlap."""
    edits = sorted(set(edits), key=lambda e: (e.start, e.end))
    if not _well_formed(edits):
        return None
    start, end = _position(lines, edits[0].start), _position(lines, max(e.end for e in edits))
    pieces: list[str] = []
    cursor = start
    for edit in edits:
        pieces += [_between(lines, cursor, _position(lines, edit.start)), edit.text]
        cursor = _position(lines, edit.end)
    text = "".join(pieces)
    (first, begin), (last, stop) = start, end
    if lines[first - 1][:begin].isascii() and lines[last - 1][:stop].isascii():
        region = {"startLine": first, "startColumn": begin + 1, "endLine": last, "endColumn": stop + 1}
    else:
        # No endColumn: the region runs to the end of its last line (SARIF's default).
        region = {"startLine": first, "startColumn": 1, "endLine": last}
        text = lines[first - 1][:begin] + text + lines[last - 1][stop:]
    return {"deletedRegion": region, "insertedContent": {"text": text}}


def _well_formed(edits: list[Edit]) -> bool:
    """Whether sorted ``edits`` can all be made: each a span, none touching another's text."""
    from pylint_hubcompat.files.text_edits import overlaps  # pylint: disable=import-outside-toplevel

    spans = all(e.start[0] >= 1 and e.start <= e.end for e in edits)
    return spans and not any(overlaps(a, b) for a, b in itertools.pairwise(edits))


def _position(lines: list[str], position: tuple[int, int]) -> tuple[int, int]:
    """``position`` inside the text, as :func:`text_edits.apply` reads it (past the end: the end)."""
    line, column = position
    if line > len(lines):
        return len(lines), len(lines[-1])
    return line, min(max(column, 0), len(lines[line - 1]))


def _between(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text from ``start`` to ``end``, its line endings written ``\\n`` as an edit's are."""
    (first, begin), (last, stop) = start, end
    if first == last:
        return lines[first - 1][begin:stop]
    return "\n".join([lines[first - 1][begin:], *lines[first : last - 1], lines[last - 1][:stop]])


def _message_entry(definition: Any, ours: bool = False) -> dict[str, Any]:
    """A reportingDescriptor for any pylint message (our own config messages, or another checker's)."""
    category = _category(definition.msgid)
    description = " ".join((definition.description or definition.msg or definition.symbol).split())
    return {
        "id": definition.msgid if ours else definition.symbol,
        "name": definition.symbol,
        "shortDescription": {"text": _first_sentence(description)},
        "fullDescription": {"text": description},
        "help": {"text": description},
        "defaultConfiguration": {"level": LEVELS.get(category, "warning")},
        "helpUri": f"{REPO_URL}#configuration"
        if ours
        else PYLINT_MESSAGES_URL.format(category=category, symbol=definition.symbol),
        "properties": {"category": category, "messageId": definition.msgid},
    }


def _bare_entry(message: Message) -> dict[str, Any]:
    return {
        "id": message.symbol,
        "name": message.symbol,
        "shortDescription": {"text": message.symbol},
        "defaultConfiguration": {"level": LEVELS.get(message.category, "warning")},
        "properties": {"category": message.category, "messageId": message.msg_id},
    }


def _physical_location(message: Message, files: SourceFiles) -> dict[str, Any]:
    """File and region; SARIF counts lines and columns from 1 where pylint counts columns from 0.

    pylint's columns of a ``.py`` file count UTF-8 bytes (astroid's offsets); the log counts
    code points, so a line with other characters before the finding is read to convert them.
    """
    start_line = max(message.line or 1, 1)
    path = message.abspath or message.path
    lines = files.lines(os.path.abspath(path)) if path and not path.endswith(SUFFIX) else None

    def column(line: int, value: int) -> int:
        from pylint_hubcompat.files.text_edits import char_column  # pylint: disable=import-outside-toplevel

        text = lines[line - 1] if lines is not None and 1 <= line <= len(lines) else ""
        return max(value if text.isascii() else char_column(text, value), 0)

    region: dict[str, Any] = {"startLine": start_line, "startColumn": column(start_line, message.column or 0) + 1}
    if message.end_line is not None and message.end_line >= start_line:
        region["endLine"] = message.end_line
        if message.end_column is not None:
            region["endColumn"] = column(message.end_line, message.end_column) + 1
    return {"artifactLocation": _artifact(path), "region": region}


def _artifact(path: str) -> dict[str, Any]:
    """Relative to the working directory under %SRCROOT% when inside it, else an absolute file URI."""
    uri = _uri(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if not uri.startswith("file:") else {"uri": uri}


def _uri(path: str) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_uri()
    return quote(relative.as_posix() or ".")


def _category(msgid: str) -> str:
    return {"F": "fatal", "E": "error", "W": "warning", "R": "refactor", "C": "convention", "I": "info"}.get(
        msgid[:1], "warning"
    )


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + (dot.strip() if dot else "")
