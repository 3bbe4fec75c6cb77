"""The rule reference (``docs/rules.md``) and the matrix page (``docs/matrix.md``), generated from the rule data.

The pages are rendered from the same records the engine evaluates, so they cannot
drift from what the plugin checks; a test compares them with the committed files.
``hubcompat explain SYMBOL`` prints a rule's section and ``hubcompat matrix`` the
matrix, from the same functions.

Regenerate with ``hubcompat reference --write`` (or ``python -m
pylint_hubcompat.rulebook.reference --write``); ``--check`` exits 1 when a page is out of date.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from pylint_hubcompat.files.locations import DOCS_URL, RULES_PAGE
from pylint_hubcompat.rulebook import matrix
from pylint_hubcompat.rulebook import text as rule_text
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules

PAGE_URL = "https://www.tensorflow.org/hub/model_compatibility"
REGENERATE = "hubcompat reference --write"
MATRIX_PAGE = "matrix.md"
_HEADER = f"<!-- Generated from rules/*.toml by `{REGENERATE}`; do not edit. -->\n"


def find_rule(name: str, rules: Sequence[Rule] | None = None) -> Rule | None:
    """The rule with this symbol or message id (``hub-module-eager`` or ``E7101``)."""
    for rule in builtin_rules() if rules is None else rules:
        if name in (rule.symbol, rule.id) or name.upper() == rule.id:
            return rule
    return None


# -- rules.md ------------------------------------------------------------------


def rules_page(rules: Sequence[Rule] | None = None) -> str:
    """The whole rule reference: an index table, then one section per rule."""
    rules = builtin_rules() if rules is None else rules
    lines = [
        _HEADER,
        "# Rule reference",
        "",
        "Every message of `pylint_hubcompat`, generated from the rule data in `rules/*.toml`",
        f"(the compatibility matrix they derive from is in [{MATRIX_PAGE}]({MATRIX_PAGE})).",
        "`hubcompat explain SYMBOL` prints one section in a terminal.",
        "",
        "The fix column says what `hubcompat fix` does: **safe** fixes keep the behaviour on every",
        "admitted release; **unsafe** ones change it as the rule explains and need `--unsafe-fixes`.",
        "",
        "| symbol | id | category | fix | applies to |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| [`{r.symbol}`](#{r.symbol}) | {r.id} | {r.category} | {r.autofix.safety if r.autofix else '-'} "
        f"| {_cell_text(rule_text.summary(r))} |"
        for r in rules
    ]
    for rule in rules:
        lines += ["", rule_section(rule)]
    return "\n".join(lines).rstrip() + "\n"


class Markdown:
    """How a rule's section is written in the docs pages."""

    @staticmethod
    def heading(level: int, text: str) -> list[str]:
        return [f"{'#' * level} {text}"]

    @staticmethod
    def strong(text: str) -> str:
        return f"**{text}**"

    @staticmethod
    def block(language: str, lines: list[str]) -> list[str]:
        return [f"```{language}", *lines, "```"]

    @staticmethod
    def link(text: str, page: str) -> str:
        return f"[{text}]({page})"


class Plain(Markdown):
    """How ``hubcompat explain`` writes it in a terminal: no markup to read past, links that work from anywhere."""

    @staticmethod
    def heading(level: int, text: str) -> list[str]:
        return [text, ("=" if level <= 2 else "-") * len(text)]

    @staticmethod
    def strong(text: str) -> str:
        return text

    @staticmethod
    def block(language: str, lines: list[str]) -> list[str]:
        return [f"    {line}".rstrip() for line in lines]

    @staticmethod
    def link(text: str, page: str) -> str:
        return f"{DOCS_URL}/{page}"


def rule_section(rule: Rule, style: type[Markdown] = Markdown) -> str:
    """One rule: What it does / Why it breaks / Example / Use instead / Applies to / Source."""
    lines = [*style.heading(2, rule.symbol), ""]
    lines += [f"{style.strong(rule.id)} ({rule.category}), defined in `rules/{Path(rule.path).name}`."]
    lines += ["", *style.heading(3, "What it does"), "", f"Reports a {rule_text.summary(rule, limit=None)}."]
    lines += ["", *style.heading(3, "Why it breaks"), "", rule.why]
    lines += ["", *style.heading(3, "Example"), "", *style.block("python", rule.bad.strip("\n").splitlines())]
    if rule.example_target:
        lines += ["", f"Flagged with {_pins(rule.example_target)}."]
    lines += ["", *style.heading(3, "Use instead"), "", rule.fix, ""]
    lines += style.block("python", rule.good.strip("\n").splitlines())
    if rule.good_target and rule.good_target != rule.example_target:
        lines += ["", f"Clean with {_pins(rule.good_target)}."]
    lines += ["", *style.heading(3, "Fix"), "", *_fix_lines(rule, style)]
    lines += ["", *style.heading(3, "Applies to"), ""]
    lines += [f"- {line}" for line in rule_text.version_lines(rule)]
    cell = rule_text.cell_of(rule)
    if cell:
        matrix_link = style.link(MATRIX_PAGE, MATRIX_PAGE)
        lines.append(f"- compatibility matrix cell {rule_text.cell_title(cell)}: {cell.support} ({matrix_link})")
    for note in rule.notes:
        words = rule_text.condition_words(note.condition)
        lines.append(f"- {'with ' + ', '.join(words) + ': ' if words else ''}{note.text}")
    lines += ["", *style.heading(3, "Source"), "", rule.source]
    return "\n".join(lines)


def _fix_lines(rule: Rule, style: type[Markdown]) -> list[str]:
    """What ``hubcompat fix`` does for the rule: the level, why, and the example before and after."""
    if rule.autofix is None:
        return [f"No automatic fix: {rule.no_fix}" if rule.no_fix else "No automatic fix."]
    fix = rule.autofix
    how = "`hubcompat fix`" if fix.safety == "safe" else "`hubcompat fix --unsafe-fixes`"
    lines = [f"{style.strong(fix.safety.capitalize() + ' fix')} ({how}): {fix.title}. {fix.why}"]
    if rule.fixed:
        diff = difflib.unified_diff(rule.bad.splitlines(), rule.fixed.splitlines(), lineterm="", n=2)
        lines += ["", *style.block("diff", list(diff)[2:])]
    return lines


def _pins(target: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"`{dist}{spec}`" for dist, spec in target)


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|")


# -- matrix.md and the terminal matrix ------------------------------------------


def derived_rules(cell: matrix.Cell, rules: Sequence[Rule] | None = None) -> list[str]:
    """Symbols of the rules that cite ``cell``."""
    return [r.symbol for r in (builtin_rules() if rules is None else rules) if r.matrix_cell == cell.name]


def matrix_page() -> str:
    """The matrix as a Markdown table: what the page says, what happens today, the rules it feeds."""
    lines = [
        _HEADER,
        "# TF Hub model compatibility matrix",
        "",
        f"Format x operation x runtime, as the [TF Hub model compatibility page]({PAGE_URL}) states it",
        "(`rules/matrix.toml`). **today** marks a cell where current releases behave differently from the",
        "page (checked on real TensorFlow by `tests/runtime`). Rules that cite a cell take their format,",
        f"operation and runtime conditions from it; see [{RULES_PAGE}]({RULES_PAGE}).",
        "",
        "| format | operation | runtime | support | the page says | today | rules |",
        "|---|---|---|---|---|---|---|",
    ]
    for cell in matrix.cells():
        support = f"{cell.support} (**today** differs)" if cell.today else cell.support
        rules = ", ".join(f"[`{s}`]({RULES_PAGE}#{s})" for s in derived_rules(cell)) or "-"
        lines.append(
            f"| {rule_text.format_name(cell.format)} | {cell.operation} | {rule_text.COLUMN_WORDS[cell.column]} "
            f"| {support} | {_cell_text(cell.page)} | {_cell_text(cell.today) or '-'} | {rules} |"
        )
    return "\n".join(lines) + "\n"


def matrix_text() -> str:
    """The matrix for a terminal: a grid of support, then each cell's text and rules."""
    cells = matrix.cells()
    columns = list(rule_text.COLUMN_WORDS)
    rows = list(dict.fromkeys((c.format, c.operation) for c in cells))
    by_key = {(c.format, c.operation, c.column): c for c in cells}
    grid = [["format", "operation", *(rule_text.COLUMN_WORDS[c] for c in columns)]]
    for fmt, operation in rows:
        marks = []
        for column in columns:
            cell = by_key.get((fmt, operation, column))
            marks.append("-" if cell is None else cell.support + ("*" if cell.today else ""))
        grid.append([rule_text.format_name(fmt), operation, *marks])
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    lines = [f"TF Hub model compatibility matrix ({PAGE_URL})", ""]
    lines += ["  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip() for row in grid]
    lines += ["", "* today's releases behave differently from the page (see 'today' below)", ""]
    for cell in cells:
        lines.append(f"{cell.name}  ({rule_text.cell_title(cell)}): {cell.support}")
        lines.append(f"  page:  {cell.page}")
        if cell.today:
            lines.append(f"  today: {cell.today}")
        lines.append(f"  rules: {', '.join(derived_rules(cell)) or '-'}")
    return "\n".join(lines)


# -- writing and checking ------------------------------------------------------


def pages() -> dict[str, str]:
    """File name -> generated text of every reference page."""
    return {RULES_PAGE: rules_page(), MATRIX_PAGE: matrix_page()}


def default_docs_dir() -> Path:
    """``docs/`` of the checkout this package is in, else ``./docs``."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout / "docs" if (checkout / "rules").is_dir() and (checkout / "docs").is_dir() else Path("docs")


def stale_pages(docs: Path) -> list[str]:
    """Names of the pages in ``docs`` that differ from what the rule data generates."""
    stale = []
    for name, text in pages().items():
        try:
            current = (docs / name).read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(name)
    return stale


def write_pages(docs: Path) -> list[Path]:
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages().items():
        (docs / name).write_text(text, encoding="utf-8")
        written.append(docs / name)
    return written


def main(argv: Sequence[str] | None = None, prog: str = "python -m pylint_hubcompat.rulebook.reference") -> int:
    parser = argparse.ArgumentParser(prog=prog, description="Generate the rule reference and matrix pages.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write docs/rules.md and docs/matrix.md")
    action.add_argument("--check", action="store_true", help="exit 1 if a page is out of date")
    parser.add_argument("--docs", type=Path, default=None, help="the docs directory (default: the checkout's docs/)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    docs = args.docs or default_docs_dir()
    if args.write:
        for path in write_pages(docs):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    if args.check:
        stale = stale_pages(docs)
        for name in stale:
            print(f"{docs / name} is out of date: run `{REGENERATE}`", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(pages()[RULES_PAGE])
    return 0


if __name__ == "__main__":
    sys.exit(main())
