"""The ``hubcompat`` subcommands other than ``check`` (see :mod:`pylint_hubcompat.cli.main`).

One per question a user has: ``detect`` (which TensorFlow does the project run on?),
``handle`` (which format is this model?), ``rules`` / ``explain`` (what does a message
mean?), ``matrix`` (what does the compatibility page say?) and ``reference``
(regenerate the docs pages).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pylint_hubcompat import notebooks
from pylint_hubcompat.cli import CHECK, FIX, PLAN
from pylint_hubcompat.cli.configured import add_arguments, configured_options, forwarded
from pylint_hubcompat.facts.handles import classify_handle
from pylint_hubcompat.files import locations
from pylint_hubcompat.notebooks import reader
from pylint_hubcompat.plugin.options import Options
from pylint_hubcompat.plugin.targets import target_of
from pylint_hubcompat.rulebook import reference
from pylint_hubcompat.rulebook import text as rule_text
from pylint_hubcompat.rulebook.engine import Engine
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules
from pylint_hubcompat.target.detection import find_root, roots_below
from pylint_hubcompat.target.model import Target
from pylint_hubcompat.target.report import render_json, render_text


def main(argv: Sequence[str]) -> int:
    parser, commands = _parser()
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        return _unknown_command(argv[0], list(commands))
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # `hubcompat rules | head`: the reader has all it wanted
        sys.stderr.close()
        return 0


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="hubcompat", description="Find TensorFlow Hub compatibility problems before anything runs."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {locations.VERSION}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    commands.add_parser(
        PLAN,
        help="what breaks at each TensorFlow release line, and the changes that upgrade (hubcompat plan --help)",
        add_help=False,
    )
    commands.add_parser(
        CHECK,
        help="lint PATH... with pylint and only the hubcompat checker (hubcompat check --help)",
        add_help=False,
    )
    commands.add_parser(
        FIX,
        help="make the fixes of check's findings; --diff shows them (hubcompat fix --help)",
        add_help=False,
    )

    detect = commands.add_parser("detect", help="show the TensorFlow, tensorflow_hub and Keras the project targets")
    detect.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        help="a file or directory of the project; a notebook (.ipynb) adds its own pins (!pip install ...)",
    )
    detect.add_argument(
        "--json", action="store_true", help="print one JSON object (the projects below a directory under 'nested')"
    )
    add_arguments(detect)
    detect.set_defaults(run=_detect)

    handle = commands.add_parser("handle", help="show the format of a model handle and how it is known")
    handle.add_argument("handle")
    handle.add_argument("--json", action="store_true", help="print one JSON object")
    add_arguments(handle)
    handle.set_defaults(run=_handle)

    rules = commands.add_parser("rules", help="list every rule: symbol, id, category and when it applies")
    rules.add_argument("--json", action="store_true", help="print a JSON array")
    rules.set_defaults(run=_rules)

    explain = commands.add_parser("explain", help="explain one rule: why it breaks, examples, fix, versions, source")
    explain.add_argument("symbol", help="a rule's symbol (hub-module-eager) or message id (E7101)")
    explain.add_argument("--markdown", action="store_true", help="print the Markdown section of docs/rules.md")
    add_arguments(explain)
    explain.set_defaults(run=_explain)

    matrix = commands.add_parser("matrix", help="show the TF Hub compatibility matrix and the rules derived from it")
    matrix.add_argument("--markdown", action="store_true", help="print the Markdown table of docs/matrix.md")
    add_arguments(matrix)
    matrix.set_defaults(run=_matrix)

    ref = commands.add_parser("reference", help="write or check docs/rules.md and docs/matrix.md")
    reference.add_arguments(ref)
    return parser, commands.choices


def _unknown_command(name: str, known: list[str]) -> int:
    print(f"hubcompat: unknown command {name!r}{_suggest(name, known)}", file=sys.stderr)
    print(f"commands: {', '.join(known)} (hubcompat --help)", file=sys.stderr)
    return 2


def _suggest(name: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _detect(args: argparse.Namespace) -> int:
    path = args.path.resolve()
    if not path.exists():
        print(f"hubcompat detect: no such file or directory: {args.path}", file=sys.stderr)
        return 2
    if notebooks.may_stand_for_notebook(path.name) and path.suffix == notebooks.SUFFIX:
        try:
            reader.read(path)
        except reader.NotebookError as exc:
            print(f"hubcompat detect: {args.path}: {exc}; showing its project's target", file=sys.stderr)
    options = configured_options(forwarded(args))
    root, target = target_of(path, options)
    nested = [target_of(r, options)[1] for r in roots_below(path) if r != root] if path.is_dir() else []
    if args.json:
        payload = json.loads(render_json(target))
        if nested:
            payload["nested"] = [json.loads(render_json(t)) for t in nested]
        print(json.dumps(payload, indent=2))
    else:
        print("\n\n".join(render_text(t) for t in (target, *nested)))
    return 0


def _handle(args: argparse.Namespace) -> int:
    mapping = configured_options(forwarded(args)).mapping
    # A directory typed here is one the user chose to show us, relative to the
    # working directory: look at it wherever it is, and report what was typed.
    typed = args.handle.strip()
    local = Path.cwd() / typed
    if typed and "://" not in typed and local.is_dir():
        info = classify_handle(str(local), mapping=mapping, root=local.resolve())
    else:
        info = classify_handle(typed, mapping=mapping, root=find_root(Path.cwd()))
    info = info._replace(handle=typed)
    if args.json:
        print(json.dumps({"handle": info.handle, "format": info.format, "how": info.how, "successor": info.successor}))
    else:
        print(info.describe())
        if info.successor:
            print(f"TF2 SavedModel of the same model: {info.successor}")
    return 0 if info.known else 1


def _rules(args: argparse.Namespace) -> int:
    rules = builtin_rules()
    if args.json:
        payload = [
            {
                "symbol": r.symbol,
                "id": r.id,
                "category": r.category,
                "applies": rule_text.summary(r, limit=None),
                "matrix": r.matrix_cell,
                "fix": r.autofix.safety if r.autofix else None,
                "url": locations.rule_url(r.symbol),
            }
            for r in rules
        ]
        print(json.dumps(payload, indent=2))
        return 0
    width = max(len(r.symbol) for r in rules)
    for rule in rules:
        fix = rule.autofix.safety if rule.autofix else "-"
        print(f"{rule.symbol:<{width}}  {rule.id}  {rule.category:<10}  {fix:<6}  {rule_text.summary(rule)}")
    print("\nThe fix column: what `hubcompat fix` does (safe; unsafe, with --unsafe-fixes; - none).")
    print(f"`hubcompat explain SYMBOL` explains one; all of them: {locations.DOCS_URL}/{locations.RULES_PAGE}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    rule = reference.find_rule(args.symbol.strip())
    if rule is None:
        symbols = [r.symbol for r in builtin_rules()]
        print(f"hubcompat explain: no rule {args.symbol!r}{_suggest(args.symbol, symbols)}", file=sys.stderr)
        print("`hubcompat rules` lists them all", file=sys.stderr)
        return 2
    print(reference.rule_section(rule, reference.Markdown if args.markdown else reference.Plain))
    print(f"\n{locations.rule_url(rule.symbol)}")
    print(_in_this_project(configured_options(forwarded(args)), [rule]))
    return 0


def _matrix(args: argparse.Namespace) -> int:
    print(reference.matrix_page() if args.markdown else reference.matrix_text(), end="\n" if not args.markdown else "")
    if not args.markdown:
        derived = [r for r in builtin_rules() if r.matrix_cell]
        print(f"\n{_in_this_project(configured_options(forwarded(args)), derived)}")
    return 0


def _in_this_project(options: Options, rules: Sequence[Rule]) -> str:
    """Which of ``rules`` can fire for the project in the working directory, on what it runs on."""
    root, target = target_of(Path.cwd(), options)
    possible = set(Engine(list(rules)).possible(target))
    able = [r.symbol for r in rules if any(a in possible for a in r.alternatives)]
    where = f"the project at {root}" if root else "the working directory (no project found: newest releases)"
    one = len(rules) == 1
    if able:
        verdict = "can fire" if one else f"can fire: {', '.join(able)}"
    else:
        verdict = f"cannot fire: the versions {'it applies' if one else 'they apply'} to are not admitted"
    subject = "this rule" if one else "the rules derived from it"
    return f"In {where}, which runs on {_runs_on(target)}, {subject} {verdict}."


def _runs_on(target: Target) -> str:
    return ", ".join(f"{c.distribution} {c.span} ({c.source})" for c in target if c.installed)
