"""SARIF 2.1.0 output for GitHub code scanning: ``--output-format=hubcompat-sarif``.

GitHub shows a SARIF result next to the code with the rule's help, so each of our
rules carries its why, fix and a link to its section in the rule reference; and
because a finding is only right for the TensorFlow the project runs on, the
detected target of every linted project is recorded in the run's properties (and
that of every notebook whose own ``!pip install`` pins change it, with its ``notebook``).
A finding in a notebook arrives here already located in the ``.ipynb`` file, with
"(cell N, line L)" in its message (:mod:`pylint_hubcompat.reporters.notebook`).

The whole log is one JSON document written when pylint finishes; nothing else is
written to the reporter's stream.  (pylint will ship its own ``sarif`` format,
hence our own name.)  pylint imports this module in every run to register the
format, so what only the log needs is imported when the log is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pylint.reporters import BaseReporter

from pylint_hubcompat.files.locations import REPO_URL, VERSION, rule_url
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules

if TYPE_CHECKING:
    from pylint.message import Message
    from pylint.reporters.ureports.nodes import Section

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
TOOL_NAME = "pylint-hubcompat"
#: pylint's message categories as SARIF levels.
LEVELS = {
    "fatal": "error",
    "error": "error",
    "warning": "warning",
    "refactor": "note",
    "convention": "note",
    "info": "note",
}
PYLINT_MESSAGES_URL = "https://pylint.readthedocs.io/en/stable/user_guide/messages/{category}/{symbol}.html"


class SarifReporter(BaseReporter):
    """Collects pylint's messages and writes one SARIF 2.1.0 log at the end of the run."""

    name = "hubcompat-sarif"
    extension = "sarif"

    def display_reports(self, layout: Section) -> None:
        """pylint's text reports (score, statistics) have no place in a SARIF log."""

    def _display(self, layout: Section) -> None:
        """Nothing is written until the whole log is known."""

    def display_messages(self, layout: Section | None) -> None:
        print(json.dumps(self.sarif_log(), indent=2), file=self.out)

    def sarif_log(self) -> dict[str, Any]:
        """The SARIF log of the messages handled so far."""
        rules, index = self._rules()
        results = [self._result(m, rules, index) for m in self.messages]
        run: dict[str, Any] = {
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
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {"hubcompat": {"targets": self._targets()}},
        }
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

    @staticmethod
    def _result(message: Message, rules: list[dict[str, Any]], index: dict[str, int]) -> dict[str, Any]:
        return {
            "ruleId": rules[index[message.symbol]]["id"],
            "ruleIndex": index[message.symbol],
            "level": LEVELS.get(message.category, "warning"),
            "message": {"text": message.msg or message.symbol},
            "locations": [{"physicalLocation": _physical_location(message)}],
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
        },
    }


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


def _physical_location(message: Message) -> dict[str, Any]:
    """File and region; SARIF counts lines and columns from 1 where pylint counts columns from 0."""
    start_line = max(message.line or 1, 1)
    region: dict[str, Any] = {"startLine": start_line, "startColumn": max(message.column or 0, 0) + 1}
    if message.end_line is not None and message.end_line >= start_line:
        region["endLine"] = message.end_line
        if message.end_column is not None:
            region["endColumn"] = max(message.end_column, 0) + 1
    return {"artifactLocation": _artifact(message.abspath or message.path), "region": region}


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
