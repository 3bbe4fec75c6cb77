"""pylint's ``json2`` output, with the ``hubcompat check`` run's summary beside its statistics.

A CI job that keeps the JSON keeps what the summary line on stderr said: files
found, checked and skipped, findings per rule, fixes, the baseline's part
(:func:`pylint_hubcompat.cli.summary.summary_record`), under a ``hubcompat`` key
that readers of pylint's format ignore.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pylint.reporters.json_reporter import JSON2Reporter

from pylint_hubcompat.reporters.sarif import SUMMARY

if TYPE_CHECKING:
    from pylint.reporters.ureports.nodes import Section


class Json2Reporter(JSON2Reporter):
    """``--output-format=json2`` in ``hubcompat check``."""

    def display_messages(self, layout: Section | None) -> None:
        output = {
            "messages": [self.serialize(message) for message in self.messages],
            "statistics": self.serialize_stats(),
        }
        summary = getattr(self.linter, SUMMARY, None)
        if callable(summary):
            output["hubcompat"] = summary()
        print(json.dumps(output, indent=4), file=self.out)
