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
  The same counts go into json2 (a ``hubcompat`` key) and the SARIF run's properties
  (:mod:`pylint_hubcompat.cli.summary`), and ``--statistics`` tabulates them.
* what a legacy codebase has today: ``--baseline FILE`` holds back the findings FILE
  records, ``--write-baseline FILE`` records them (:mod:`pylint_hubcompat.cli.baseline`,
  :mod:`pylint_hubcompat.cli.findings`).
* output that parses on every exit path: a usage error (a missing path, an unknown
  option) still writes each json2, json and SARIF output asked for, saying why
  (:mod:`pylint_hubcompat.cli.failures`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from astroid import modutils, nodes
from pylint import __version__ as pylint_version
from pylint.constants import MSG_TYPES
from pylint.exceptions import InvalidReporterError
from pylint.interfaces import HIGH
from pylint.lint import PyLinter, Run
from pylint.lint.expand_modules import discover_package_path
from pylint.message import Message, MessageDefinition
from pylint.reporters import BaseReporter
from pylint.typing import ModuleDescriptionDict

from pylint_hubcompat.cli import baseline as baselines
from pylint_hubcompat.cli import failures, sources
from pylint_hubcompat.cli.findings import Findings
from pylint_hubcompat.cli.summary import statistics, summary_record
from pylint_hubcompat.facts import trees
from pylint_hubcompat.files import locations, reading
from pylint_hubcompat.files.source_lines import SourceFiles, split_lines
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.notebooks import reader as notebooks
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.reporters.json2 import Json2Reporter
from pylint_hubcompat.reporters.notebook import NotebookReporter
from pylint_hubcompat.rulebook.loading import builtin_rules

if TYPE_CHECKING:  # check runs once per file saved in some editors: the analysis loads with the first finding
    from pylint_hubcompat.plugin.analysis import Survey

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
#: How many fixed baseline entries are listed on stderr (all of them are in json2 and SARIF).
_FIXED_SHOWN = 20
#: Checkers whose messages do not depend on which modules are linted beyond ours.
_OUR_CHECKERS = frozenset({"hubcompat", "main"})
#: Skips worth a line on stderr even without ``--verbose``: something odd is in the tree.
_ALWAYS_SHOWN = frozenset({sources.NOT_REGULAR})

USAGE = """\
usage: hubcompat check PATH... [--no-respect-gitignore] [--baseline FILE] [--write-baseline FILE]
                               [--statistics] [pylint options]

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

Adopting on a legacy codebase:
  --write-baseline FILE   record today's findings in FILE (exit 0)
  --baseline FILE         report only the findings FILE does not record; its entries
                          match by rule, file and code, not by line, and those no
                          finding matches any more are listed as fixed
  --statistics            the findings counted per rule and per file, after the output

Every other option is pylint's and is passed through, e.g.:
  --output-format=sarif:results.sarif,text   SARIF for GitHub code scanning
                                             (sarif is hubcompat-sarif)
  --output-format=github                     GitHub Actions annotations
  --output-format=json2                      JSON, with the summary under "hubcompat"
  --tf-version=2.15.1   --hub-version=0.16.1   override the detected target
  --rcfile=FILE   -j N   --disable=SYMBOL   --enable=SYMBOL
See `pylint --load-plugins=pylint_hubcompat --help` for all of them.

The exit status is pylint's (bit-encoded: 1 fatal, 2 error, 4 warning, 8 refactor,
16 convention, 32 usage error); with --baseline, of the findings reported. A usage
error still writes every json2, json and SARIF output asked for, saying why.
A summary line is printed on stderr.
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
    #: ``--baseline FILE``: the findings it records are not reported.
    baseline: baselines.Baseline | None = None
    #: ``--write-baseline FILE``: where the run's findings are recorded.
    record_to: Path | None = None
    #: The run's findings as the reporters got them (counted, screened by the baseline).
    findings: Findings | None = None
    #: Linting began: a failure before it is a usage error.
    started = False
    #: ``hubcompat plan``: judges each module on each release line too (``checker.SURVEY``).
    hubcompat_survey: Survey | None = None
    _files: SourceFiles | None = None

    def check(self, files_or_modules: Sequence[str]) -> None:
        self.given = tuple(files_or_modules)
        self.findings = Findings(self._lines, PRAGMA_MESSAGES, self.baseline, self.record_to)
        if getattr(self.config, "from_stdin", False):
            # An editor sends the buffer on stdin: lint exactly what pylint was given.
            self.discovered = self.linted = len(files_or_modules)
            self._report_through({})
            self.started = True
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
        reporter = self._report_through(self.notebook_modules or {})
        reporter.marks = self._safely_fixable
        reporter.links = {rule.symbol: locations.rule_url(rule.symbol) for rule in builtin_rules()}
        for skipped in found.skipped:
            if self.listing or skipped.reason in _ALWAYS_SHOWN:
                path = os.path.normpath(skipped.path)
                where = f"directory {path}{os.sep}" if skipped.directory else path
                print(f"hubcompat check: skipped {where}: {skipped.why}", file=sys.stderr)
        # The directories are expanded: pylint is handed files, and must not expand them again.
        self.config.recursive = False
        self.started = True
        super().check([f for f in found.files if not f.endswith(SUFFIX) or f in kept])

    def _report_through(self, converted: dict[str, tuple[notebooks.Notebook, notebooks.Module]]) -> NotebookReporter:
        """The user's reporters, behind ours: notebook messages moved to their cells, every finding counted."""
        reporter = NotebookReporter.wrap(self.reporter, converted)
        reporter.screen = self.findings.admit if self.findings is not None else None
        self.set_reporter(reporter)
        return reporter

    def _load_reporter_by_name(self, reporter_name: str) -> BaseReporter:
        """pylint's, except that json2 carries the run's summary too (a ``hubcompat`` key beside pylint's)."""
        if reporter_name.lower() == Json2Reporter.name:
            return Json2Reporter()
        return super()._load_reporter_by_name(reporter_name)

    def generate_reports(self, *args: Any, **kwargs: Any) -> int | None:
        """pylint's reports, score and status, without the findings the baseline held back."""
        if self.findings is not None:
            self.findings.discount(self)
        return super().generate_reports(*args, **kwargs)

    def hubcompat_summary(self) -> dict[str, Any]:
        """The run's summary for the json2 and SARIF reporters (``reporters.sarif.SUMMARY``)."""
        return summary_record(self)

    def _lines(self, path: str) -> list[str] | None:
        """The lines a message of ``path`` points into: a notebook's code cells, an unsaved text, the file."""
        converted = (self.notebook_modules or {}).get(path)
        if converted is not None:
            return split_lines(converted[1].source)
        override = self._override(path)
        if override is not None:
            return split_lines(override)
        if self._files is None:
            self._files = SourceFiles()
        return self._files.lines(path)

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


def run_class_of(
    respect_gitignore: bool,
    listing: bool,
    overrides: dict[str, str] | None = None,
    *,
    baseline: baselines.Baseline | None = None,
    record_to: Path | None = None,
    survey: Survey | None = None,
) -> type[Run]:
    """pylint's Run, building our linter with the options only we read (Run builds the linter itself)."""
    options = {
        "respect_gitignore": respect_gitignore,
        "listing": listing,
        "overrides": overrides,
        "baseline": baseline,
        "record_to": record_to,
        "hubcompat_survey": survey,
    }
    linter = type("HubcompatLinter", (PrefilteringLinter,), options)
    return type("HubcompatRun", (Run,), {"LinterClass": linter})


class OwnOptions(NamedTuple):
    """The options only ``check`` reads, taken off the command line before pylint reads it."""

    respect_gitignore: bool
    listing: bool
    baseline: Path | None
    write_baseline: Path | None
    statistics: bool


class UsageError(Exception):
    """A command line ``check`` cannot run; the message says why."""


def own_options(arguments: Sequence[str]) -> tuple[OwnOptions, list[str]]:
    """Ours, and the arguments left for pylint (everything after ``--`` is pylint's)."""
    parser = argparse.ArgumentParser(prog="hubcompat check", add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument(NO_GITIGNORE, action="store_true")
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--write-baseline", type=Path)
    parser.add_argument("--statistics", action="store_true")
    before = _options_before_separator(arguments)
    try:
        ours, rest = parser.parse_known_args(before)
    except argparse.ArgumentError as exc:
        raise UsageError(str(exc)) from None
    listing = any(a in ("-v", "--verbose") for a in before)
    options = OwnOptions(not ours.no_respect_gitignore, listing, ours.baseline, ours.write_baseline, ours.statistics)
    return options, [*rest, *arguments[len(before) :]]


def run(arguments: Sequence[str]) -> int:
    """Run the check and return pylint's exit status.

    Whatever happens, each machine format asked for gets a document that parses
    (:mod:`.failures`): a usage error is one that says so.
    """
    arguments = list(arguments)
    if not arguments or any(a in ("-h", "--help") for a in _options_before_separator(arguments)):
        (sys.stdout if arguments else sys.stderr).write(USAGE)
        return 0 if arguments else USAGE_ERROR
    with failures.captured_streams() as (_, errors):
        status, linter, failed, own = _lint(arguments)
    if failed or (status and (linter is None or not linter.started)):
        status = status if failed else USAGE_ERROR
        configured = getattr(getattr(linter, "config", None), "output_format", None)
        outputs = failures.requested_outputs(arguments, configured)
        failures.write_failure_outputs(outputs, errors.last_line() or "hubcompat check failed", status)
        return status
    return _finish(linter, own, status, arguments) if linter is not None and own is not None else status


def _lint(arguments: list[str]) -> tuple[int, PrefilteringLinter | None, bool, OwnOptions | None]:
    """pylint's status, the linter, whether the run broke down (an error inside pylint or ours), our options."""
    try:
        own, arguments = own_options(arguments)
        known = baselines.load(own.baseline) if own.baseline is not None else None
    except (UsageError, baselines.BaselineError) as exc:
        print(f"hubcompat check: {exc}", file=sys.stderr)
        return USAGE_ERROR, None, False, None
    run_class = run_class_of(own.respect_gitignore, own.listing, baseline=known, record_to=own.write_baseline)
    # pylint's Run ends by raising SystemExit with the status it computed (fail-under,
    # fail-on, exit-zero...); build it first so its linter is still at hand afterwards.
    runner = run_class.__new__(run_class)
    failed = False
    try:
        run_class.__init__(runner, [*PYLINT_OPTIONS, *arguments], exit=True)
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else USAGE_ERROR)
    except InvalidReporterError as exc:
        print(f"hubcompat check: no output format {str(exc)!r} in pylint {pylint_version}", file=sys.stderr)
        status = USAGE_ERROR
    except Exception as exc:  # pylint: disable=broad-except  # a bug: said in one line, and in the machine output
        print(f"hubcompat check: internal error: {type(exc).__name__}: {exc} (please report it)", file=sys.stderr)
        status, failed = 1, True
    linter = getattr(runner, "linter", None)
    # pylint: disable-next=no-member  # pylint infers Run's linter as a PyLinter; this one is ours
    return status, linter if isinstance(linter, PrefilteringLinter) else None, failed, own


def _finish(linter: PrefilteringLinter, own: OwnOptions, status: int, arguments: list[str]) -> int:
    """The summary, the baseline's fixed entries, ``--statistics`` and ``--write-baseline``, after pylint's output."""
    record = summary_record(linter)
    if linter.discovered or (linter.found and linter.found.skipped_files):
        print(record["summary"], file=sys.stderr)
    for entry in record.get("baseline", {}).get("fixed", [])[:_FIXED_SHOWN]:
        print(
            f"hubcompat: fixed since the baseline: {entry['path']}:{entry['line']}: {entry['symbol']}", file=sys.stderr
        )
    if own.statistics:
        outputs = failures.requested_outputs(arguments, linter.config.output_format)
        to_stdout = not any(path is None and name in failures.MACHINE_FORMATS for name, path in outputs)
        print(statistics(linter), file=sys.stdout if to_stdout else sys.stderr)
    if own.write_baseline is not None and linter.findings is not None:
        try:
            baselines.dump(own.write_baseline, linter.findings.recorded)
        except baselines.BaselineError as exc:
            print(f"hubcompat check: --write-baseline: {exc}", file=sys.stderr)
            return USAGE_ERROR
        count = len(linter.findings.recorded)
        print(
            f"hubcompat: recorded {count} finding{'s' if count != 1 else ''} in {own.write_baseline}", file=sys.stderr
        )
        return 0
    return status


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
