"""``hubcompat check PATH... [pylint options]``: pylint with only our checker, fast.

Everything else is pylint's: its option parsing (so ``--rcfile``, ``-j 4``,
``--output-format``, ``--tf-version`` all work and are forwarded untouched), its
reporters and its exit status.  These things are ours:

* which files are parsed: only those whose bytes can give a hubcompat message
  (:mod:`pylint_hubcompat.rulebook.triggers`), through pylint's own hook for this,
  :meth:`PyLinter.should_analyze_file`; and how: without the inference astroid
  runs after building a tree, which the checker does not need
  (:mod:`pylint_hubcompat.facts.trees`).  The findings are those of
  ``pylint --load-plugins=pylint_hubcompat --disable=all --enable=hubcompat`` on the
  same files, in a fraction of the time.  Both apply only while every
  enabled message is ours; enable another pylint message and every file is linted
  as pylint lints it.
* which files are linted: every ``.py``, ``.pyi`` and ``.ipynb`` under the directories
  given, found by :mod:`pylint_hubcompat.cli.sources` (pylint's ``--recursive=y`` skips the
  folders without ``__init__.py`` inside a package, where scripts live), less hidden
  directories, virtual environments, installed packages, what pylint's ignore options
  and the repository's ``.gitignore`` files exclude (``--no-respect-gitignore``: not
  those).  pylint is handed the files one by one, and each keeps the module name pylint
  gives a file named on its command line (:func:`module_name`).
* Jupyter notebooks (``.ipynb``, given or found in directories): their code cells are
  linted as one module (:mod:`pylint_hubcompat.notebooks.reader`, through :meth:`get_ast`, so
  the module keeps the notebook's path and its project), and every message is moved
  to its cell by :class:`~pylint_hubcompat.reporters.notebook.NotebookReporter`.  A file
  that is not a notebook is a ``syntax-error``, like a ``.py`` file that does not
  parse; a notebook of another language (an R kernel) is skipped with a note on stderr.
* pylint's messages about its own pragmas and options (``unknown-option-value`` for a
  Google-style ``# pylint: disable=g-...``, ``useless-suppression``, ``locally-disabled``...)
  are off unless enabled by name, and never count: not in the summary, not in the exit
  status (:data:`PRAGMA_MESSAGES`).
* one summary line on stderr, so it never mixes with JSON or SARIF on stdout: how many
  files were found, checked and skipped, and why; ``--verbose`` lists the skipped ones.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from astroid import modutils, nodes
from pylint.constants import MSG_TYPES
from pylint.interfaces import HIGH
from pylint.lint import PyLinter, Run
from pylint.lint.expand_modules import discover_package_path
from pylint.message import Message, MessageDefinition
from pylint.typing import ModuleDescriptionDict

from pylint_hubcompat.cli import sources
from pylint_hubcompat.facts import trees
from pylint_hubcompat.files import reading
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.notebooks import reader as notebooks
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.reporters.notebook import NotebookReporter

#: pylint's messages about its own pragmas and options, not about the code: off in ``check``
#: unless enabled by name, and never a finding (a Google-style disable comment of ``g-`` names
#: gives ``unknown-option-value`` in every file of a project that uses it).
PRAGMA_MESSAGES = (
    "bad-inline-option",
    "locally-disabled",
    "file-ignored",
    "suppressed-message",
    "useless-suppression",
    "deprecated-pragma",
    "unrecognized-inline-option",
    "unknown-option-value",
    "useless-option-value",
)
#: Put before the user's options, so theirs (later on the command line) win.  A score of
#: hubcompat findings alone means nothing, so none is computed or stored unless asked for.
PYLINT_OPTIONS = (
    "--load-plugins=pylint_hubcompat",
    "--disable=all",
    "--enable=hubcompat",
    # pylint 4 reports a file that does not parse whatever is disabled; pylint 3 only when asked.
    "--enable=syntax-error",
    f"--disable={','.join(PRAGMA_MESSAGES)}",
    "--score=n",
    "--persistent=n",
)
#: Ours, taken off the command line before pylint reads it (ruff's spelling).
NO_GITIGNORE = "--no-respect-gitignore"
#: pylint's status for a usage error.
USAGE_ERROR = 32
#: Checkers whose messages do not depend on which modules are linted beyond ours.
_OUR_CHECKERS = frozenset({"hubcompat", "main"})
#: How a reason of :mod:`.sources` reads after a count above one.
_PLURALS = {sources.NOT_REGULAR: "not regular files", sources.NOT_PYTHON: "notebooks of another language"}
#: Skips worth a line on stderr even without ``--verbose``: something odd is in the tree.
_ALWAYS_SHOWN = frozenset({sources.NOT_REGULAR})

USAGE = """\
usage: hubcompat check PATH... [--no-respect-gitignore] [pylint options]

Lint files and directories with pylint and only the hubcompat checker
(--load-plugins=pylint_hubcompat --disable=all --enable=hubcompat
--enable=syntax-error --score=n --persistent=n).

Directories are searched for every .py, .pyi and .ipynb file, folders without
__init__.py included (plain pylint --recursive=y skips those inside a package),
less hidden directories, virtual environments (pyvenv.cfg), site-packages,
__pycache__, what pylint's --ignore, --ignore-patterns and --ignore-paths exclude,
and what the repository's .gitignore files exclude (--no-respect-gitignore: lint
those too). The summary counts what was skipped and why; -v/--verbose lists it.
Only files that can have a finding are parsed: the findings are plain pylint's.
Jupyter notebooks (.ipynb) are checked too: their code cells in order, each finding
reported as NOTEBOOK:cell N:LINE:COLUMN (cell N counts every cell from the top).
pylint's messages about its own pragmas (unknown-option-value for
"# pylint: disable=g-...", useless-suppression, locally-disabled...) are off unless
enabled by name, and never count in the summary or the exit status.

Every other option is pylint's and is passed through, e.g.:
  --output-format=hubcompat-sarif:results.sarif,text   SARIF for GitHub code scanning
  --output-format=github                               GitHub Actions annotations
  --tf-version=2.15.1   --hub-version=0.16.1           override the detected target
  --rcfile=FILE   -j N   --disable=SYMBOL   --enable=SYMBOL
See `pylint --load-plugins=pylint_hubcompat --help` for all of them.

The exit status is pylint's (bit-encoded: 1 fatal, 2 error, 4 warning, 8 refactor,
16 convention, 32 usage error). A summary line is printed on stderr.
"""


class PrefilteringLinter(PyLinter):
    """pylint's linter, parsing only the files that can produce a hubcompat message."""

    discovered: int = 0
    linted: int = 0
    #: Whether the repository's ``.gitignore`` files are honoured.
    respect_gitignore: bool = True
    #: ``-v`` / ``--verbose`` was given: list what was skipped (pylint 3 tells only its Run).
    listing: bool = False
    #: The checker that tells which files can have a message; None lints every file.
    judge: HubCompatChecker | None = None
    #: Absolute notebook path -> the notebook and the module linted for it.
    notebook_modules: dict[str, tuple[notebooks.Notebook, notebooks.Module]] | None = None
    #: What discovery found and left out (None: pylint was given stdin).
    found: sources.Found | None = None
    #: The files and directories pylint was given (after its options were read).
    given: tuple[str, ...] = ()
    #: Absolute path -> the text to lint instead of the file's (``hubcompat fix`` relints its edits unwritten).
    overrides: dict[str, str] | None = None
    #: ``check`` marks and counts the fixes, ``fix`` makes them (``checker.wants_fixes``).
    hubcompat_wants_fixes = True

    def check(self, files_or_modules: Sequence[str]) -> None:
        self.given = tuple(files_or_modules)
        if getattr(self.config, "from_stdin", False):
            # An editor sends the buffer on stdin: lint exactly what pylint was given.
            self.discovered = self.linted = len(files_or_modules)
            super().check(files_or_modules)
            return
        missing = [f for f in files_or_modules if not os.path.lexists(f)]
        if missing:
            print(f"hubcompat check: no such file or directory: {missing[0]}", file=sys.stderr)
            raise SystemExit(USAGE_ERROR)
        self.judge = self._judge()
        ignores = sources.Ignores(
            tuple(self.config.ignore), tuple(self.config.ignore_patterns), tuple(self.config.ignore_paths)
        )
        self.found = found = sources.discover(files_or_modules, ignores, respect_gitignore=self.respect_gitignore)
        given = frozenset(files_or_modules)
        kept = self._read_notebooks([f for f in found.files if f.endswith(SUFFIX)], given)
        reporter = NotebookReporter.wrap(self.reporter, self.notebook_modules or {})
        reporter.marks = self._safely_fixable
        self.set_reporter(reporter)
        for skipped in found.skipped:
            if self.listing or skipped.reason in _ALWAYS_SHOWN:
                path = os.path.normpath(skipped.path)
                where = f"directory {path}{os.sep}" if skipped.directory else path
                print(f"hubcompat check: skipped {where}: {skipped.why}", file=sys.stderr)
        # The directories are expanded: pylint is handed files, and must not expand them again.
        self.config.recursive = False
        super().check([f for f in found.files if not f.endswith(SUFFIX) or f in kept])

    def _expand_files(self, files_or_modules: Sequence[str]) -> dict[str, ModuleDescriptionDict]:
        """Each file found is linted under the name pylint gives a file named on its command line.

        pylint's own expansion looks the name up as a module first: a notebook
        ``keras.ipynb`` beside a folder ``keras/`` (on the path of another file given)
        became that namespace package, and the notebook was never linted.  Every
        path here is a file, so none is looked up.
        """
        if self.found is None:
            return super()._expand_files(files_or_modules)
        expanded: dict[str, ModuleDescriptionDict] = {}
        for path in files_or_modules:
            normal = os.path.normpath(path)
            name = module_name(normal, self.config.source_roots)
            expanded[normal] = {
                "path": normal,
                "name": name,
                "isarg": True,
                "basepath": normal,
                "basename": name,
                "isignored": False,
            }
        return expanded

    def _add_one_message(self, message_definition: MessageDefinition, *args: Any, **kwargs: Any) -> None:
        """pylint's, except that a pragma message, enabled by name, leaves the exit status as it was.

        The status comes from the message bits and, through ``--fail-under``, from the
        score, computed (``--score=n`` only hides it) from the counts per category.
        """
        status = self.msg_status
        super()._add_one_message(message_definition, *args, **kwargs)
        if message_definition.symbol in PRAGMA_MESSAGES:
            self.msg_status = status
            category = MSG_TYPES[message_definition.msgid[0]]
            self.stats.increase_single_message_count(category, -1)
            self.stats.increase_single_module_message_count(self.current_name or "", category, -1)

    # pylint declares it static and calls it on the linter: here it needs the linter's state.
    # pylint: disable-next=arguments-renamed
    def should_analyze_file(self, modname: str, path: str, is_argument: bool = False) -> bool:  # type: ignore[override]
        """pylint's hook for skipping files: here also those that cannot have a hubcompat message."""
        if not super().should_analyze_file(modname, path, is_argument=is_argument):
            return False
        self.discovered += 1
        if self.judge is not None and not self.judge.could_report(self._source(path), path):
            return False
        self.linted += 1
        return True

    def _source(self, path: str) -> bytes | None:
        """What would be linted: a notebook's code cells, a file's bytes; None if unreadable."""
        converted = (self.notebook_modules or {}).get(os.path.abspath(path))
        if converted is not None:
            return converted[1].source.encode("utf-8")
        if path.endswith(SUFFIX):
            return None  # not a notebook: pylint reports it (see get_ast)
        override = self._override(path)
        if override is not None:
            return override.encode("utf-8")
        try:
            return reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
        except reading.UnreadableFile:
            return None  # pylint reports it

    def _read_notebooks(self, paths: list[str], given: frozenset[str]) -> list[str]:
        """Convert the notebooks among ``paths``; skip those of another language (noted on stderr if given)."""
        self.notebook_modules = {}
        kept = []
        for path in paths:
            try:
                notebook = self._notebook(path)
            except notebooks.NotebookError:
                pass  # get_ast reports it as a syntax-error
            else:
                if not notebook.is_python:
                    why = f"its kernel language is {notebook.language!r}, not Python"
                    if path in given and not self.listing:  # verbose lists it with the other skips
                        print(f"hubcompat check: skipped {path}: {why}", file=sys.stderr)
                    if self.found is not None:
                        self.found.skipped.append(sources.Skipped(path, sources.NOT_PYTHON, detail=why))
                    continue
                self.notebook_modules[os.path.abspath(path)] = (notebook, notebook.to_module())
            kept.append(path)
        return kept

    def get_ast(self, filepath: str, modname: str, data: str | None = None) -> nodes.Module | None:
        """A notebook is parsed as the module of its code cells, under the notebook's own path."""
        if data is None and not filepath.endswith(SUFFIX):
            data = self._override(filepath)
        if data is None and filepath.endswith(SUFFIX):
            converted = (self.notebook_modules or {}).get(os.path.abspath(filepath))
            if converted is None:
                try:
                    notebook = self._notebook(filepath)
                except notebooks.NotebookError as exc:
                    self.add_message("syntax-error", line=1, args=f"Parsing failed: '{exc}'", confidence=HIGH)
                    return None
                converted = (notebook, notebook.to_module())
            data = converted[1].source
        if self.judge is not None:
            try:
                return trees.build(filepath, modname, data)
            except Exception:  # pylint: disable=broad-except  # pylint builds it again and reports why
                pass
        return super().get_ast(filepath, modname, data)

    def _safely_fixable(self, message: Message) -> bool:
        fixable = (
            self.judge.fix_of(message.abspath, message.symbol, message.line, message.column) if self.judge else None
        )
        return fixable is not None and fixable.fix.safe

    def _override(self, path: str) -> str | None:
        return (self.overrides or {}).get(os.path.abspath(path))

    def _notebook(self, path: str) -> notebooks.Notebook:
        override = self._override(path)
        return notebooks.read(path) if override is None else notebooks.parse(override, path)

    def _judge(self) -> HubCompatChecker | None:
        """Our checker, if every enabled message is ours (or pylint's own file errors)."""
        if any(
            message.checker_name not in _OUR_CHECKERS
            for message in self.msgs_store.messages
            if self.is_message_enabled(message.msgid)
        ):
            return None
        return next((c for c in self.get_checkers() if isinstance(c, HubCompatChecker)), None)


def run_class_of(respect_gitignore: bool, listing: bool, overrides: dict[str, str] | None = None) -> type[Run]:
    """pylint's Run, building our linter with the options only we read (Run builds the linter itself)."""
    options = {"respect_gitignore": respect_gitignore, "listing": listing, "overrides": overrides}
    linter = type("HubcompatLinter", (PrefilteringLinter,), options)
    return type("HubcompatRun", (Run,), {"LinterClass": linter})


def run(arguments: Sequence[str]) -> int:
    """Run the check and return pylint's exit status."""
    arguments = list(arguments)
    if not arguments or any(a in ("-h", "--help") for a in _options_before_separator(arguments)):
        (sys.stdout if arguments else sys.stderr).write(USAGE)
        return 0 if arguments else USAGE_ERROR
    options = _options_before_separator(arguments)
    run_class = run_class_of(NO_GITIGNORE not in options, any(a in ("-v", "--verbose") for a in options))
    arguments = [a for i, a in enumerate(arguments) if a != NO_GITIGNORE or i >= len(options)]
    # pylint's Run ends by raising SystemExit with the status it computed (fail-under,
    # fail-on, exit-zero...); build it first so its linter is still at hand afterwards.
    runner = run_class.__new__(run_class)
    try:
        run_class.__init__(runner, [*PYLINT_OPTIONS, *arguments], exit=True)
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else USAGE_ERROR)
    linter = getattr(runner, "linter", None)
    # pylint: disable-next=no-member  # pylint infers Run's linter as a PyLinter; this one is ours
    if isinstance(linter, PrefilteringLinter) and (linter.discovered or (linter.found and linter.found.skipped_files)):
        print(summary(linter), file=sys.stderr)
    return status


def summary(linter: PrefilteringLinter) -> str:
    """``hubcompat: 12 files found, 10 checked (3 parsed, ...), 2 skipped (2 gitignored), 3 findings (...)``.

    With nothing skipped, ``hubcompat: 12 files checked (3 parsed, the others cannot have
    findings), 3 findings (...)``.  pylint's pragma messages are not findings.
    """
    counts = sorted(
        ((n, s) for s, n in linter.stats.by_msg.items() if n and s not in PRAGMA_MESSAGES),
        key=lambda item: (-item[0], item[1]),
    )
    total = sum(n for n, _ in counts)
    skipped = linter.found.skipped_files if linter.found is not None else []
    checked = f"{linter.discovered} file{'s' if linter.discovered != 1 else ''} checked"
    if skipped:
        found = linter.discovered + len(skipped)
        checked = f"{found} file{'s' if found != 1 else ''} found, {linter.discovered} checked"
    if linter.linted != linter.discovered:
        checked += f" ({linter.linted} parsed, the others cannot have findings)"
    if skipped:
        reasons = Counter(s.reason for s in skipped)
        checked += (
            f", {len(skipped)} skipped ("
            + ", ".join(
                f"{n} {_PLURALS.get(r, r) if n > 1 else r}"
                for r, n in sorted(reasons.items(), key=lambda i: (-i[1], i[0]))
            )
            + ")"
        )
    findings = f"{total} finding{'s' if total != 1 else ''}"
    if counts:
        findings += " (" + ", ".join(f"{s}: {n}" for n, s in counts) + ")"
    return f"hubcompat: {checked}, {findings}{_fixable(linter)}"


def _fixable(linter: PrefilteringLinter) -> str:
    """``, [*] 2 fixable with `hubcompat fix` (1 more with --unsafe-fixes)``, as ruff counts them.

    Counted at the end of the run, so ``-j N`` counts every fix (only the ``[*]`` marks
    of text output need the fix when pylint hands the message over, in one process).
    """
    fixes = linter.judge.fixes if linter.judge is not None else []
    safe = sum(1 for f in fixes if f.fix.safe)
    unsafe = len(fixes) - safe
    if not safe:
        return f", {unsafe} fixable with `hubcompat fix --unsafe-fixes`" if unsafe else ""
    return f", [*] {safe} fixable with `hubcompat fix`" + (f" ({unsafe} more with --unsafe-fixes)" if unsafe else "")


def module_name(path: str, source_roots: Sequence[str] = ()) -> str:
    """The module name pylint gives the file ``path`` named on its command line.

    The dotted path from the first of the working directory, the file's package root
    (the first directory up without ``__init__.py``, or a source root) and ``sys.path``
    from which packages with ``__init__.py`` lead to it; else the file's stem.
    """
    search = [".", discover_package_path(path, source_roots), *sys.path]
    try:
        return ".".join(modutils.modpath_from_file(path, path=search))
    except ImportError:
        return os.path.splitext(os.path.basename(path))[0]


def _options_before_separator(arguments: Sequence[str]) -> list[str]:
    return list(arguments[: arguments.index("--")]) if "--" in arguments else list(arguments)
