"""The ``hubcompat`` command (also ``python -m pylint_hubcompat``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pylint_hubcompat import __version__
from pylint_hubcompat.detection import detect_target, find_root
from pylint_hubcompat.detection.report import render_json, render_text
from pylint_hubcompat.handles import classify_handle


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hubcompat", description="Find TensorFlow Hub compatibility problems before anything runs."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    detect = commands.add_parser("detect", help="show the TensorFlow, tensorflow_hub and Keras the project targets")
    detect.add_argument("path", nargs="?", default=".", type=Path, help="a file or directory of the project")
    detect.add_argument("--json", action="store_true", help="print one JSON object")
    detect.set_defaults(run=_detect)

    handle = commands.add_parser("handle", help="show the format of a model handle and how it is known")
    handle.add_argument("handle")
    handle.add_argument("--json", action="store_true", help="print one JSON object")
    handle.set_defaults(run=_handle)
    return parser


def _detect(args: argparse.Namespace) -> int:
    path = args.path.resolve()
    if not path.exists():
        print(f"hubcompat detect: no such file or directory: {args.path}", file=sys.stderr)
        return 2
    target = detect_target(find_root(path))
    print(render_json(target) if args.json else render_text(target))
    return 0


def _handle(args: argparse.Namespace) -> int:
    from dataclasses import replace

    # A directory typed here is one the user chose to show us, relative to the
    # working directory: look at it wherever it is, and report what was typed.
    typed = args.handle.strip()
    local = Path.cwd() / typed
    if typed and "://" not in typed and local.is_dir():
        info = classify_handle(str(local), root=local.resolve())
    else:
        info = classify_handle(typed, root=find_root(Path.cwd()))
    info = replace(info, handle=typed)
    if args.json:
        print(json.dumps({"handle": info.handle, "format": info.format, "how": info.how, "successor": info.successor}))
    else:
        print(info.describe())
        if info.successor:
            print(f"TF2 SavedModel of the same model: {info.successor}")
    return 0 if info.known else 1
