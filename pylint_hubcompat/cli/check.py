"""``hubcompat check PATH... [pylint options]``: pylint with only our checker, fast.

Everything is pylint's: its option parsing (so ``--rcfile``, ``-j 4``,
``--output-format``, ``--tf-version`` all work and are forwarded untouched), its
expansion of directories (``--recursive=y``), its reporters and its exit status.
Three things are ours:

* which files are parsed: only those whose bytes can give a hubcompat message
  (:mod:`pylint_hubcompat.rulebook.triggers`), through pylint's own hook for this,
  :meth:`PyLinter.should_analyze_file`; and how: without the inference astroid
  runs after building a tree, which the checker does not need
  (:mod:`pylint_hubcompat.facts.trees`).  The findings are those of
  ``pylint --recursive=y --load-plugins=pylint_hubcompat --disable=all --enable=hubcompat``
  on the same paths, in a fraction of the time.  Both apply only while every
  enabled message is ours; enable another pylint message and every file is linted
  as pylint lints it.
  Directories are pylint's, less hidden directories and installed packages
  (``site-packages``), which a project tree holds only as a virtual environment.
* Jupyter notebooks (``.ipynb``, given or found in directories): their code cells are
  linted as one module (:mod:`pylint_hubcompat.notebooks.reader`, through :meth:`get_ast`, so
  the module keeps the notebook's path and its project), and every message is moved
  to its cell by :class:`~pylint_hubcompat.reporters.notebook.NotebookReporter`.  A file
  that is not a notebook is a ``syntax-error``, like a ``.py`` file that does not
  parse; a notebook of another language (an R kernel) is skipped with a note on stderr.
* one summary line on stderr, so it never mixes with JSON or SARIF on stdout.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence

from astroid import nodes
from pylint.interfaces import HIGH
from pylint.lint import PyLinter, Run

from pylint_hubcompat.cli import sources
from pylint_hubcompat.facts import trees
from pylint_hubcompat.files import reading
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.notebooks import reader as notebooks
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.reporters.notebook import NotebookReporter

#: Put before the user's options, so theirs (later on the command line) win.  A score of
#: hubcompat findings alone means nothing, so none is computed or stored unless asked for.
PYLINT_OPTIONS = (
    "--load-plugins=pylint_hubcompat",
    "--disable=all",
    "--enable=hubcompat",
    "--score=n",
    "--persistent=n",
    "--recursive=y",
)
#: pylint's status for a usage error.
USAGE_ERROR = 32
#: Checkers whose messages do not depend on which modules are linted beyond ours.
_OUR_CHECKERS = frozenset({"hubcompat", "main"})

USAGE = """\
usage: hubcompat check PATH... [pylint options]

Lint files and directories with pylint and only the hubcompat checker
(--load-plugins=pylint_hubcompat --disable=all --enable=hubcompat --score=n
--persistent=n --recursive=y).

Directories are expanded as pylint --recursive=y does (with pylint's --ignore,
--ignore-patterns and --ignore-paths), less hidden directories and site-packages;
only files that can have a finding are parsed: the findings are plain pylint's.
Jupyter notebooks (.ipynb) are checked too: their code cells in order, each finding
reported as NOTEBOOK:cell N:LINE:COLUMN (cell N counts every cell from the top).

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
    #: The checker that tells which files can have a message; None lints every file.
    judge: HubCompatChecker | None = None
    #: Absolute notebook path -> the notebook and the module linted for it.
    notebook_modules: dict[str, tuple[notebooks.Notebook, notebooks.Module]] | None = None

    def check(self, files_or_modules: Sequence[str]) -> None:
        if getattr(self.config, "from_stdin", False):
            # An editor sends the buffer on stdin: lint exactly what pylint was given.
            self.discovered = self.linted = len(files_or_modules)
            super().check(files_or_modules)
            return
        missing = [f for f in files_or_modules if not os.path.exists(f)]
        if missing:
            print(f"hubcompat check: no such file or directory: {missing[0]}", file=sys.stderr)
            raise SystemExit(USAGE_ERROR)
        self.config.ignore_patterns = (*self.config.ignore_patterns, *sources.SKIPPED_NAMES)
        self.judge = self._judge()
        found = sources.discover(
            [f for f in files_or_modules if os.path.isdir(f)],
            ignore=tuple(self.config.ignore),
            ignore_patterns=tuple(self.config.ignore_patterns),
            ignore_paths=tuple(self.config.ignore_paths),
        )
        given = frozenset(files_or_modules)
        kept = self._read_notebooks([f for f in [*files_or_modules, *found] if f.endswith(SUFFIX)], given)
        if self.notebook_modules:
            self.set_reporter(NotebookReporter.wrap(self.reporter, self.notebook_modules))
        arguments = [f for f in files_or_modules if not f.endswith(SUFFIX) or f in kept]
        super().check([*arguments, *(f for f in kept if f not in given)])

    # pylint declares it static and calls it on the linter: here it needs the linter's state.
    # pylint: disable-next=arguments-renamed
    def should_analyze_file(self, modname: str, path: str, is_argument: bool = False) -> bool:  # type: ignore[override]
        """pylint's hook for skipping files: here also those that cannot have a hubcompat message."""
        if not super().should_analyze_file(modname, path, is_argument=is_argument):
            return False
        if not _is_regular(path):
            # A FIFO would block pylint's open() forever, a device would feed it without end.
            print(f"hubcompat check: skipped {path}: not a regular file", file=sys.stderr)
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
        try:
            return reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
        except reading.UnreadableFile:
            return None  # pylint reports it

    def _read_notebooks(self, paths: list[str], given: frozenset[str]) -> list[str]:
        """Convert the notebooks among ``paths``; drop those of another language (noted on stderr if given)."""
        self.notebook_modules = {}
        kept = []
        for path in paths:
            try:
                notebook = notebooks.read(path)
            except notebooks.NotebookError:
                pass  # get_ast reports it as a syntax-error
            else:
                if not notebook.is_python:
                    if path in given:
                        language = notebook.language
                        print(
                            f"hubcompat check: skipped {path}: its kernel language is {language!r}, not Python",
                            file=sys.stderr,
                        )
                    continue
                self.notebook_modules[os.path.abspath(path)] = (notebook, notebook.to_module())
            kept.append(path)
        return kept

    def get_ast(self, filepath: str, modname: str, data: str | None = None) -> nodes.Module | None:
        """A notebook is parsed as the module of its code cells, under the notebook's own path."""
        if data is None and filepath.endswith(SUFFIX):
            converted = (self.notebook_modules or {}).get(os.path.abspath(filepath))
            if converted is None:
                try:
                    notebook = notebooks.read(filepath)
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

    def _judge(self) -> HubCompatChecker | None:
        """Our checker, if every enabled message is ours (or pylint's own file errors)."""
        if any(
            message.checker_name not in _OUR_CHECKERS
            for message in self.msgs_store.messages
            if self.is_message_enabled(message.msgid)
        ):
            return None
        return next((c for c in self.get_checkers() if isinstance(c, HubCompatChecker)), None)


class _Run(Run):
    LinterClass = PrefilteringLinter


def run(arguments: Sequence[str]) -> int:
    """Run the check and return pylint's exit status."""
    arguments = list(arguments)
    if not arguments or any(a in ("-h", "--help") for a in _options_before_separator(arguments)):
        (sys.stdout if arguments else sys.stderr).write(USAGE)
        return 0 if arguments else USAGE_ERROR
    # pylint's Run ends by raising SystemExit with the status it computed (fail-under,
    # fail-on, exit-zero...); build it first so its linter is still at hand afterwards.
    runner = _Run.__new__(_Run)
    try:
        _Run.__init__(runner, [*PYLINT_OPTIONS, *arguments], exit=True)
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else USAGE_ERROR)
    linter = getattr(runner, "linter", None)
    # pylint: disable-next=no-member  # pylint infers Run's linter as a PyLinter; this one is ours
    if isinstance(linter, PrefilteringLinter) and linter.discovered:
        print(summary(linter), file=sys.stderr)
    return status


def summary(linter: PrefilteringLinter) -> str:
    """``hubcompat: 12 files checked (3 parsed, the others cannot have findings), 3 findings (...)``."""
    counts = sorted(((n, s) for s, n in linter.stats.by_msg.items() if n), key=lambda item: (-item[0], item[1]))
    total = sum(n for n, _ in counts)
    files = f"{linter.discovered} file{'s' if linter.discovered != 1 else ''} checked"
    if linter.linted != linter.discovered:
        files += f" ({linter.linted} parsed, the others cannot have findings)"
    findings = f"{total} finding{'s' if total != 1 else ''}"
    if counts:
        findings += " (" + ", ".join(f"{s}: {n}" for n, s in counts) + ")"
    return f"hubcompat: {files}, {findings}"


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # pylint reports it


def _options_before_separator(arguments: Sequence[str]) -> list[str]:
    return list(arguments[: arguments.index("--")]) if "--" in arguments else list(arguments)
