"""``hubcompat fix PATH... [--diff] [--unsafe-fixes] [--select S,...] [--ignore S,...] [pylint options]``.

The findings are ``hubcompat check``'s: the same discovery, the same pylint options,
pylint's own pragmas (a ``# pylint: disable=`` keeps its finding unfixed).  What the
rules' fixes change is applied in rounds: each round makes the fixes of a file that do
not touch each other's text, lints the result again (in memory, nothing is written
between rounds) and stops when no fix is left, or after :data:`MAX_ROUNDS`.  Files are
written at the end, each atomically; ``--diff`` prints what would change instead.

Fixes that edit only the project's dependency files (a ``pyproject.toml`` pin) go
first, in a round of their own, and everything is linted again on the target they make
(the detection reads the edited files as the fixes left them,
:func:`~pylint_hubcompat.target.detection.project_files.standing_in`): a finding that the
new pin makes moot is not fixed in the code as well.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from pylint.message import Message
from pylint.reporters import CollectingReporter

from pylint_hubcompat.cli import check
from pylint_hubcompat.files import reading, writing
from pylint_hubcompat.files.text_edits import Edit, apply, compatible, encoding_of
from pylint_hubcompat.fixes.fixable import Fixable
from pylint_hubcompat.notebooks import SUFFIX
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.rulebook.loading import builtin_rules
from pylint_hubcompat.target.detection import project_files

if TYPE_CHECKING:
    from pylint_hubcompat.plugin.analysis import Survey

_Item = TypeVar("_Item", Message, Fixable)
#: Rounds of fixes before giving up on a file whose fixes keep overlapping.
MAX_ROUNDS = 8
#: ruff's status when ``--diff`` would change something, or findings remain after fixing.
CHANGES = 1

USAGE = """\
usage: hubcompat fix PATH... [--diff] [--unsafe-fixes] [--select SYMBOLS] [--ignore SYMBOLS] [pylint options]

Apply the fixes of hubcompat's findings, as `hubcompat check` finds them (the same
files, the same pylint options and pragmas).

  --diff            print a unified diff of what would change, write nothing;
                    exit 1 if anything would change
  --unsafe-fixes    also apply unsafe fixes: those that change behaviour in a way
                    the rule explains (another model version, another Keras package)
  --select SYMBOLS  fix only these rules (comma-separated symbols or ids)
  --ignore SYMBOLS  do not fix these rules
  --keras-three-fix=legacy-keras|tf-keras
                    how hub-keras-three is fixed (default legacy-keras:
                    TF_USE_LEGACY_KERAS=1 before the first TensorFlow import)

Without --diff, files are rewritten in place (atomically) and each change is listed
on stderr. Notebooks are fixed cell by cell; only the source of changed cells differs.
The exit status is 0 when no finding is left, 1 when some are (or, with --diff, when
something would change), 32 for a usage error.
"""


class Linted(NamedTuple):
    """One lint of some files: pylint's messages and the fixes of those that have one."""

    messages: tuple[Message, ...]
    fixes: tuple[Fixable, ...]


class Session:
    """pylint, set up once with ``check``'s options, to lint files and texts again and again."""

    def __init__(
        self,
        pylint_arguments: Sequence[str],
        paths: Sequence[str] = (),
        texts: dict[str, str] | None = None,
        survey: Survey | None = None,
    ) -> None:
        """Lint at once the files and directories among pylint's arguments, and ``paths``.

        ``texts`` (absolute path -> text) stand for files' content; a ``survey`` judges
        every module on other targets too (``hubcompat plan``).

        An editor hands its unsaved buffer as ``texts``; the file must exist (its project
        is found from its path).
        """
        self._collector = CollectingReporter()
        #: What the files hold here, where it is not their content on disk (an editor's buffer).
        self.texts = {os.path.abspath(p): t for p, t in (texts or {}).items()}
        run_class = check.run_class_of(
            check.NO_GITIGNORE not in pylint_arguments,
            any(a in ("-v", "--verbose") for a in pylint_arguments),
            dict(self.texts) or None,
            survey=survey,
        )
        arguments = [a for a in pylint_arguments if a != check.NO_GITIGNORE]
        runner = run_class.__new__(run_class)
        self.status = 0
        try:
            # One process: the texts of a round live in this linter's overrides.
            # pylint: disable-next=non-parent-init-called  # built first, so its linter outlives pylint's SystemExit
            run_class.__init__(runner, [*check.PYLINT_OPTIONS, *arguments, "--jobs=1", *paths], self._collector, False)
        except SystemExit as stop:
            self.status = stop.code if isinstance(stop.code, int) else check.USAGE_ERROR
        self.linter: check.PrefilteringLinter | None = getattr(runner, "linter", None)
        #: What pylint was given to lint, as it read its command line: linted again after a dependency fix.
        self.paths: list[str] = []
        if self.linter is not None:
            self.linter.overrides = None
            # pylint: disable-next=no-member  # pylint infers Run's linter as a PyLinter; this one is ours
            self.paths = list(self.linter.given)
        self.first = self._linted()

    @property
    def checker(self) -> HubCompatChecker | None:
        linter = self.linter
        return next((c for c in linter.get_checkers() if isinstance(c, HubCompatChecker)), None) if linter else None

    def lint(
        self,
        texts: dict[str, str],
        dependencies: dict[str, bytes],
        *,
        every: bool = False,
        files: Sequence[str] = (),
    ) -> Linted:
        """Lint the files of ``texts`` and ``files`` (or, ``every``, all the paths again) as holding these texts.

        ``texts``: absolute path -> a module's text; ``dependencies``: absolute path -> what a
        project file holds for target detection.  Nothing is written.
        """
        if self.linter is None or not (texts or every or files):
            return Linted((), ())
        self._collector.reset()
        self.linter.overrides = {**self.texts, **texts}
        try:
            with project_files.standing_in(dependencies):
                self.linter.check(self.paths if every else sorted({*texts, *files}))
        finally:
            self.linter.overrides = None
        return self._linted()

    def _linted(self) -> Linted:
        checker = self.checker
        return Linted(tuple(self._collector.messages), tuple(checker.fixes) if checker else ())


class Choice(NamedTuple):
    """Which fixes apply: the levels and the rules."""

    unsafe: bool = False
    #: The rules to fix (empty: every rule), as symbols.
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    #: Lines of dependency files (absolute path, line) no fix may change: ``hubcompat plan`` moved them.
    protected: frozenset[tuple[str, int]] = frozenset()

    def allows(self, fixable: Fixable) -> bool:
        if not fixable.fix.safe and not self.unsafe:
            return False
        if self.select and fixable.symbol not in self.select:
            return False
        if self.protected and any(self._changes_protected(fixable, edit) for edit in fixable.fix.edits):
            return False
        return fixable.symbol not in self.ignore

    def _changes_protected(self, fixable: Fixable, edit: Edit) -> bool:
        """Whether the edit replaces text on a protected line (adding a line beside one does not)."""
        if edit.start == edit.end:
            return False
        path = os.path.abspath(_target(fixable, edit))
        return any((path, line) in self.protected for line in range(edit.start[0], edit.end[0] + 1))


class FileText(NamedTuple):
    """A file as read, and as the fixes have made it so far."""

    path: str
    original: bytes
    encoding: str
    text: str


class Outcome(NamedTuple):
    files: dict[str, FileText]
    #: Path -> the fixes made there (a fix that also edits a dependency file is made in both).
    made: dict[str, list[Fixable]]
    remaining: tuple[Message, ...]
    #: The remaining findings' fixes that the choice left out because they are unsafe.
    hidden_unsafe: int
    #: The remaining findings' fixes that the choice left out.
    unmade: tuple[Fixable, ...] = ()


def fix(session: Session, choice: Choice, start: Linted | None = None, edited: Iterable[FileText] = ()) -> Outcome:
    """Fix in rounds until nothing is left to fix; nothing is written.

    ``start``: the lint to begin from (default: the session's first); ``edited``: files
    already changed before it (``hubcompat plan``'s dependency moves), kept in every lint.
    """
    files: dict[str, FileText | None] = {f.path: f for f in edited}
    made: dict[str, list[Fixable]] = defaultdict(list)
    messages = _by_path((start or session.first).messages, lambda m: m.abspath)
    fixes = _by_path((start or session.first).fixes, lambda f: f.path)
    for _ in range(MAX_ROUNDS):
        allowed = [f for found in fixes.values() for f in found if choice.allows(f)]
        dependency_only = [f for f in allowed if all(_target(f, e) != f.path for e in f.fix.edits)]
        changed = _make(_choose(dependency_only or allowed), files, made, session.texts)
        if not changed:
            break
        texts = {p: f.text for p, f in files.items() if f is not None and _is_code(p)}
        dependencies = {p: f.text.encode(f.encoding) for p, f in files.items() if f is not None and not _is_code(p)}
        every = any(not _is_code(p) for p in changed)
        relinted = session.lint(texts if every else {p: texts[p] for p in changed}, dependencies, every=every)
        relinted_paths = set(messages) | set(fixes) if every else changed
        for path in relinted_paths:
            messages.pop(path, None)
            fixes.pop(path, None)
        messages.update(_by_path(relinted.messages, lambda m: m.abspath))
        fixes.update(_by_path(relinted.fixes, lambda f: f.path))
    remaining = tuple(m for found in messages.values() for m in found)
    unmade = tuple(f for found in fixes.values() for f in found if not choice.allows(f))
    hidden = sum(1 for f in unmade if not f.fix.safe and not choice.unsafe)
    return Outcome({p: f for p, f in files.items() if f is not None}, dict(made), remaining, hidden, unmade)


def _by_path(items: Iterable[_Item], path_of: Callable[[_Item], str]) -> dict[str, list[_Item]]:
    grouped: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        grouped[os.path.abspath(path_of(item))].append(item)
    return grouped


def _is_code(path: str) -> bool:
    """A module (or notebook) linted, as opposed to a dependency file a fix edits."""
    return path.endswith((".py", ".pyi", SUFFIX))


def _make(
    chosen: dict[str, list[tuple[Fixable, list[Edit]]]],
    files: dict[str, FileText | None],
    made: dict[str, list[Fixable]],
    texts: dict[str, str],
) -> set[str]:
    """Make one round's fixes in ``files`` (None: a file that cannot be read); the paths that changed."""
    changed = set()
    for path, batch in chosen.items():
        if path not in files:
            files[path] = read(path, texts.get(path))
        current = files[path]
        applied = _apply(current, batch) if current is not None else None
        if applied is None:
            continue
        files[path], fixed = applied
        changed.add(path)
        made[path] += fixed
    return changed


def _target(fixable: Fixable, edit: Edit) -> str:
    return edit.path or fixable.path


def _choose(fixes: Iterable[Fixable]) -> dict[str, list[tuple[Fixable, list[Edit]]]]:
    """Per file, the fixes of one round whose edits do not touch each other's text, in file order."""
    chosen: dict[str, list[tuple[Fixable, list[Edit]]]] = defaultdict(list)
    accepted: dict[str, list[Edit]] = defaultdict(list)
    for fixable in sorted(fixes, key=lambda f: (f.path, f.line, f.column, f.symbol)):
        per_file: dict[str, list[Edit]] = defaultdict(list)
        for edit in fixable.fix.edits:
            per_file[_target(fixable, edit)].append(edit._replace(path=""))
        if all(compatible(accepted[path], edits) for path, edits in per_file.items()):
            for path, edits in per_file.items():
                accepted[path] += edits
                chosen[path].append((fixable, edits))
    return chosen


def read(path: str, text: str | None = None) -> FileText | None:
    """The file as it is on disk, or as ``text`` (an editor's buffer) in the file's encoding."""
    try:
        data = reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
    except (reading.UnreadableFile, ValueError):
        return None
    encoding = "utf-8" if path.endswith(SUFFIX) else encoding_of(data)
    try:
        if text is not None:
            return FileText(path, text.encode(encoding), encoding, text)
        return FileText(path, data, encoding, data.decode(encoding))
    except (UnicodeError, LookupError):
        return None  # not text as Python reads it: never rewritten


def _apply(current: FileText, batch: list[tuple[Fixable, list[Edit]]]) -> tuple[FileText, list[Fixable]] | None:
    """The file with the batch's edits made, all at once; a fix whose edits cannot be made is left out."""
    try:
        text = _edit(current.path, current.text, [e for _, edits in batch for e in edits])
        done = [fixable for fixable, _ in batch]
    except ValueError:  # a notebook line IPython syntax took (NotebookEditError): find the fixes that touch one
        done = [f for f, edits in batch if _makes(current, edits)]
        text = _edit(current.path, current.text, [e for f, edits in batch if f in done for e in edits])
    if not done or text == current.text:
        return None
    return current._replace(text=text), done


def _makes(current: FileText, edits: list[Edit]) -> bool:
    try:
        _edit(current.path, current.text, edits)
    except ValueError:
        return False
    return True


def _edit(path: str, text: str, edits: list[Edit]) -> str:
    if path.endswith(SUFFIX):
        from pylint_hubcompat.notebooks import editing  # pylint: disable=import-outside-toplevel  # notebooks only

        return editing.apply(text, edits, path)
    return apply(text, edits)


# -- the command -------------------------------------------------------------------------


class Arguments(NamedTuple):
    #: pylint's arguments, the paths among them (pylint tells an option's value from a path).
    pylint: list[str]
    diff: bool
    choice: Choice


def parse(arguments: Sequence[str]) -> Arguments | str:
    """Our options and pylint's; a string is what is wrong with them."""
    ours = {"--diff": False, "--unsafe-fixes": False}
    lists: dict[str, set[str]] = {"--select": set(), "--ignore": set()}
    rest: list[str] = []
    items = list(arguments)
    index = 0
    while index < len(items):
        item = items[index]
        name, equals, value = item.partition("=")
        if item in ours:
            ours[item] = True
        elif name in lists:
            if not equals:
                index += 1
                if index == len(items):
                    return f"{name} needs a value"
                value = items[index]
            lists[name].update(v.strip() for v in value.split(",") if v.strip())
        else:
            rest.append(item)
        index += 1
    known = {r.symbol: r.symbol for r in builtin_rules()} | {r.id: r.symbol for r in builtin_rules()}
    for name, values in lists.items():
        unknown = sorted(v for v in values if v not in known)
        if unknown:
            return f"{name}: unknown rule {unknown[0]!r} (see `hubcompat rules`)"
    if all(a.startswith("-") for a in rest):
        return "no PATH given"
    select, ignore = (frozenset(known[v] for v in lists[name]) for name in ("--select", "--ignore"))
    choice = Choice(ours["--unsafe-fixes"], select, ignore)
    return Arguments(rest, ours["--diff"], choice)


def run(arguments: Sequence[str]) -> int:
    if any(a in ("-h", "--help") for a in arguments):
        sys.stdout.write(USAGE)
        return 0
    parsed = parse(arguments)
    if isinstance(parsed, str):
        print(f"hubcompat fix: {parsed}\n\n{USAGE}", file=sys.stderr)
        return check.USAGE_ERROR
    session = Session(parsed.pylint)
    if session.status & check.USAGE_ERROR or session.linter is None:
        return session.status or check.USAGE_ERROR
    outcome = fix(session, parsed.choice)
    changed = changed_files(outcome)
    if parsed.diff:
        for path in sorted(changed):
            sys.stdout.write(diff(changed[path]))
        print(_summary(outcome, changed, written=False), file=sys.stderr)
        return CHANGES if changed else 0
    failed = not write(outcome, changed, "hubcompat fix")
    print(_summary(outcome, changed, written=True), file=sys.stderr)
    return CHANGES if failed or _findings(outcome.remaining) else 0


def changed_files(outcome: Outcome) -> dict[str, FileText]:
    """The files whose bytes the fixes change."""
    return {p: f for p, f in outcome.files.items() if f.text.encode(f.encoding) != f.original}


def write(outcome: Outcome, changed: dict[str, FileText], command: str) -> bool:
    """Write the changed files, each atomically, listing each on stderr; False if one could not be written."""
    written = True
    for path in sorted(changed):
        file = changed[path]
        shown = os.path.relpath(path)
        try:
            writing.replace_atomically(path, file.text.encode(file.encoding), expected=file.original)
        except writing.UnwritableFile as exc:
            print(f"{command}: {shown}: not written: {exc}", file=sys.stderr)
            written = False
            continue
        counts = Counter(f.symbol for f in outcome.made.get(path, ()))
        listed = ", ".join(f"{s} x{n}" if n > 1 else s for s, n in sorted(counts.items()))
        print(f"{shown}: fixed {sum(counts.values())} ({listed})" if counts else f"{shown}: changed", file=sys.stderr)
    return written


def diff(file: FileText) -> str:
    """A unified diff of the file's fixes (per cell for a notebook)."""
    before = file.original.decode(file.encoding)
    shown = os.path.relpath(file.path)
    if file.path.endswith(SUFFIX):
        from pylint_hubcompat.notebooks import editing  # pylint: disable=import-outside-toplevel  # notebooks only

        return editing.cell_diffs(shown, before, file.text)
    lines = difflib.unified_diff(_diff_lines(before), _diff_lines(file.text), f"a/{shown}", f"b/{shown}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _diff_lines(text: str) -> list[str]:
    """Lines as ``patch`` and ``git apply`` read them: broken at ``\n`` only (a form feed is no break)."""
    return [line for line in re.split(r"(?<=\n)", text) if line]


def _findings(messages: Iterable[Message]) -> list[Message]:
    return [m for m in messages if m.symbol not in check.PRAGMA_MESSAGES]


def _summary(outcome: Outcome, changed: dict[str, FileText], *, written: bool) -> str:
    made = len({f for p, fixes in outcome.made.items() if p in changed for f in fixes})
    remaining = len(_findings(outcome.remaining))
    files = f"{len(changed)} file{'s' if len(changed) != 1 else ''}"
    fixes = f"{made} fix{'es' if made != 1 else ''}"
    text = f"hubcompat fix: {fixes} {'made' if written else 'would be made'} in {files}"
    text += f", {remaining} finding{'s' if remaining != 1 else ''} left" if written else ""
    if outcome.hidden_unsafe:
        n = outcome.hidden_unsafe
        them = "them" if n != 1 else "it"
        text += f" ({n} unsafe fix{'es' if n != 1 else ''} not applied: --unsafe-fixes applies {them})"
    return text
