"""What a ``hubcompat check`` run did, in one line on stderr, in json2 and SARIF, and as ``--statistics``.

The line is for people, the record (:func:`summary_record`) for tools: the same
counts, so a CI job's log and its artifact agree.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pylint_hubcompat.cli import sources

if TYPE_CHECKING:
    from pylint_hubcompat.cli.check import PrefilteringLinter
    from pylint_hubcompat.fixes.fixable import Fixable

#: How a reason of :mod:`.sources` reads after a count above one.
_PLURALS = {sources.NOT_REGULAR: "not regular files", sources.NOT_PYTHON: "notebooks of another language"}


def summary_record(linter: PrefilteringLinter) -> dict[str, Any]:
    """The run's counts as JSON: files, findings per rule, fixes, the baseline's part; and the line itself."""
    skipped = linter.found.skipped_files if linter.found is not None else []
    findings = linter.findings
    counts = findings.by_symbol() if findings is not None else Counter()
    safe, unsafe = _fixes(linter)
    record: dict[str, Any] = {
        "files": {
            "found": linter.discovered + len(skipped),
            "checked": linter.discovered,
            "parsed": linter.linted,
            "skipped": dict(Counter(s.reason for s in skipped)),
        },
        "findings": dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        "fixable": {"safe": safe, "unsafe": unsafe},
    }
    if findings is not None and findings.baseline is not None:
        fixed = findings.baseline.fixed(linter.found.files if linter.found is not None else ())
        record["baseline"] = {
            "file": str(findings.baseline.file),
            "heldBack": len(findings.absorbed),
            "fixed": [{"path": e.path, "symbol": e.symbol, "line": e.line} for e in fixed],
        }
    record["summary"] = summary_line(record)
    return record


def summary_line(record: dict[str, Any]) -> str:
    """``hubcompat: 12 files found, 10 checked (3 parsed, ...), 2 skipped (2 gitignored), 3 findings (...)``.

    With nothing skipped, ``hubcompat: 12 files checked (3 parsed, the others cannot have
    findings), 3 findings (...)``.  pylint's pragma messages are not findings.
    """
    files = record["files"]
    skipped = sum(files["skipped"].values())
    checked = _count(files["checked"], "file") + " checked"
    if skipped:
        checked = f"{_count(files['found'], 'file')} found, {files['checked']} checked"
    if files["parsed"] != files["checked"]:
        checked += f" ({files['parsed']} parsed, the others cannot have findings)"
    if skipped:
        reasons = sorted(files["skipped"].items(), key=lambda item: (-item[1], item[0]))
        checked += f", {skipped} skipped (" + ", ".join(f"{n} {_PLURALS.get(r, r) if n > 1 else r}" for r, n in reasons)
        checked += ")"
    counts = record["findings"]
    findings = _count(sum(counts.values()), "finding")
    if counts:
        findings += " (" + ", ".join(f"{symbol}: {n}" for symbol, n in counts.items()) + ")"
    line = f"hubcompat: {checked}, {findings}{_fixable(**record['fixable'])}"
    baseline = record.get("baseline")
    if baseline is not None:
        line += f", {baseline['heldBack']} in the baseline"
        fixed = len(baseline["fixed"])
        if fixed:
            line += f", {fixed} baseline {'entry' if fixed == 1 else 'entries'} fixed (--write-baseline drops them)"
    return line


def _fixable(safe: int, unsafe: int) -> str:
    """``, [*] 2 fixable with `hubcompat fix` (1 more with --unsafe-fixes)``, as ruff counts them."""
    if not safe:
        return f", {unsafe} fixable with `hubcompat fix --unsafe-fixes`" if unsafe else ""
    return f", [*] {safe} fixable with `hubcompat fix`" + (f" ({unsafe} more with --unsafe-fixes)" if unsafe else "")


def _fixes(linter: PrefilteringLinter) -> tuple[int, int]:
    """The safe and unsafe fixes of the findings reported (not those the baseline held back).

    Counted at the end of the run, so ``-j N`` counts every fix (only the ``[*]`` marks
    of text output need the fix when pylint hands the message over, in one process).
    """
    fixes = _reported_fixes(linter)
    safe = sum(1 for f in fixes if f.fix.safe)
    return safe, len(fixes) - safe


def _reported_fixes(linter: PrefilteringLinter) -> list[Fixable]:
    fixes = linter.judge.fixes if linter.judge is not None else []
    absorbed = linter.findings.absorbed if linter.findings is not None else []
    if not absorbed:
        return fixes
    held = {(m.abspath, m.symbol, m.line, m.column) for m in absorbed}
    return [f for f in fixes if (f.path, f.symbol, f.line, f.column) not in held]


def statistics(linter: PrefilteringLinter) -> str:
    """``--statistics``: the findings per rule (``[*]``: some have a safe fix) and per file, as ruff counts them."""
    findings = linter.findings
    if findings is None or not findings.counts:
        return "No findings."
    safe = {f.symbol for f in _reported_fixes(linter) if f.fix.safe}
    by_symbol, by_path = findings.by_symbol(), findings.by_path()
    width = len(str(max(*by_symbol.values(), *by_path.values())))
    symbol_width = max(len(s) for s in by_symbol)
    rows = ["Findings by rule:"]
    for symbol, n in sorted(by_symbol.items(), key=lambda item: (-item[1], item[0])):
        mark = "  [*]" if symbol in safe else ""
        rows.append(f"  {n:>{width}}  {findings.ids.get(symbol, ''):<5}  {symbol:<{symbol_width}}{mark}".rstrip())
    rows.append("Findings by file:")
    for path, n in sorted(by_path.items(), key=lambda item: (-item[1], item[0])):
        rows.append(f"  {n:>{width}}  {path}")
    return "\n".join(rows)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
