"""Mutation testing: do the tests of the rule engine, the target and every config reader catch what they claim?

    .venv/bin/pip install -e ".[test,mutation]"
    .venv/bin/python benchmarks/mutation.py                    # test every mutant not tested yet, write the report
    .venv/bin/python benchmarks/mutation.py --module target.detection.requirements   # re-test one module from scratch
    .venv/bin/python benchmarks/mutation.py --retest-survivors # after adding tests: re-test only the survivors
    .venv/bin/python benchmarks/mutation.py --report           # only rewrite docs/mutation.md from mutants/
    .venv/bin/python benchmarks/mutation.py --fail-under 90    # exit 1 if a module kills less (the weekly job)

mutmut 3 (configured in ``[tool.mutmut]`` of ``pyproject.toml``) copies the package to ``mutants/``, makes
small changes to one function at a time (``==`` to ``!=``, a string to ``"XX...XX"``, an argument to
``None``...) and runs, for each change, the selected tests that call that function.  A change no test
notices (a *survivor*) is behaviour the tests do not pin down: a missing test, or, rarely, a change that
behaves the same for every input (an *equivalent* mutant, listed with its reason in ``EQUIVALENT`` below:
the package's sources stay free of mutation pragmas).  Survivors left without a test on purpose are in
``LEFT`` with the reason; they still count against the kill rate.

Each mutant's tests run in a process forked from one that ran them unmutated; ``mutation_plugin`` empties
the package's caches there first.  Results are cached per function in ``mutants/``: a later run tests only
the mutants of functions whose source changed (and, with ``--retest-survivors``, the survivors), so a
re-run after someone edits one module costs about that module's mutants.  A full run of the ~3,500
mutants takes a quarter of an hour on two cores.  It runs by hand or in the weekly workflow
(``.github/workflows/mutation.yml``), never in ``.ci/run``.

The report (``docs/mutation.md``) is written from the results in ``mutants/``, never by hand: the kill
rate per module, every survivor by module and function with its change, and the accepted equivalents.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import fnmatch
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "mutation.md"
PACKAGE = "pylint_hubcompat"
#: What a module must kill, here and in the weekly job.
TARGET_RATE = 90.0


class Equivalent(NamedTuple):
    """A surviving change that behaves like the original for every input, and why.

    Matched by the function and the changed line (not by mutmut's number, which moves when the function
    changes): an entry that no longer matches a survivor is reported as stale instead of hiding another.
    """

    function: str
    changed: str
    why: str


_E = "pylint_hubcompat.rulebook.engine."
_T = "pylint_hubcompat.target.model."
_R = "pylint_hubcompat.target.releases."
_D = "pylint_hubcompat.target.detection."
_REPORT = "pylint_hubcompat.target.report."
_NO_PRE_RELEASES = (
    "admitted releases come from the shipped release list, which holds no pre-release (2.15.0.post1 is a post"
    " release), so the prereleases flag never changes what contains() answers"
)
_CASE_INSENSITIVE = "configparser looks option names up lower-cased (optionxform), so their case does not matter"
_NO_X = "the text stripped never contains an X (versions, separators), so stripping X as well changes nothing"
_SAME_FIRST = "the first (or last) piece of a split does not depend on how many further splits are made"
_NO_216 = "TensorFlow 2.16.0 was never released (2.16 starts at 2.16.1): no admitted release equals 2.16 exactly"
_CFG_EXTRAS = (
    "configparser cuts an option name at its first ':' as at '=', so a setup.cfg extra's name never holds a"
    " marker: _extra_branch gives None for it, and the branch is None either way"
)
_UNUSED_OPTIONS = "the per-requirement options part is returned but no caller uses it"

#: Survivors accepted as equivalent: the same behaviour for every input, with the reason.  Keep this short:
#: a survivor is a missing test until shown otherwise.
EQUIVALENT: tuple[Equivalent, ...] = (
    Equivalent(
        _E + "xǁEngineǁevaluate",
        "return sorted(findings, key=lambda f: (f.node.fromlineno or 1, f.node.col_offset or 0))",
        "a site is code of the module, whose first line is 1 or more: the `or` default is never used",
    ),
    Equivalent(
        _E + "xǁEngineǁevaluate",
        "return sorted(findings, key=lambda f: (f.node.fromlineno or 0, f.node.col_offset or 1))",
        "only a finding at column 0 moves, to 1; another site of that line at column 1 would start one character"
        " into the name the column-0 site starts with, which no expression does",
    ),
    *(
        Equivalent(
            _T + "xǁConstraintǁmatching", f"return tuple(v for v in self.releases if {call})", _NO_PRE_RELEASES
        )
        for call in (
            "compiled.contains(v, prereleases=None)",
            "compiled.contains(v, )",
            "compiled.contains(v, prereleases=False)",
        )
    ),
    *(
        Equivalent(_REPORT + "x__admits", f"return SpecifierSet(constraint.specifier).{call}", _NO_PRE_RELEASES)
        for call in (
            "contains(version, prereleases=None)", "contains(version, )", "contains(version, prereleases=False)"
        )
    ),
    Equivalent(
        _REPORT + "x_keras3_releases",
        'return tuple(v for v in target["tensorflow"].releases if v > KERAS3_TENSORFLOW)',
        _NO_216,
    ),
    Equivalent(_REPORT + "x__keras", "older = [v for v in tensorflow.releases if v <= KERAS3_TENSORFLOW]", _NO_216),
    *(
        Equivalent(
            _R + "x__admits_prerelease_only",
            f'if spec.operator in ("==", "===", "~=", ">=") and _is_version(spec.version.replace({args}))',
            "a wildcard version is never a pre-release (packaging rejects ==2.21.0rc1.*): leaving wildcard"
            " specifiers out of the pre-release test changes nothing",
        )
        for args in ('"XX.*XX", ""', '".*", "XXXX"')
    ),
    *(
        Equivalent(
            _R + "x__newer_probes",
            f"major, minor = newest.release[0], newest.release[1] if {test} else {default}",
            "the newest known release of every distribution has at least two components: the one-component"
            " branch is never taken",
        )
        for test, default in (
            ("(len(newest.release) > 1) or True", "0"), ("len(newest.release) >= 1", "0"),
            ("len(newest.release) > 2", "0"), ("len(newest.release) > 1", "1"),
        )
    ),
    Equivalent(
        _R + "x__newer_probes",
        "break",
        "InvalidVersion comes only from === with a string that is no PEP 440 version, and a specifier holding"
        " one admits that string alone: no probe satisfies it, so giving up on the other specifiers changes nothing",
    ),
    *(
        Equivalent(
            _R + "x_compact",
            f"if runs and index.get(version, {mine}) == index.get(runs[-1][-1], {previous}) + 1:",
            "with these defaults a version missing from the list still never equals the previous one's index + 1"
            " (-2 or -3 or None against -9 + 1, -10 + 1 or an index + 1 of 1 or more)",
        )
        for mine, previous in (("None", "-9"), ("", "-9"), ("-3", "-9"), ("-2", "-10"))
    ),
    Equivalent(
        _D + "poetry.x__bump",
        "parts = parts[: max(2, min(written, len(parts)))]",
        "max(1, ...) and max(2, ...) differ only for a one-element list, and slicing two from it keeps that element",
    ),
    Equivalent(
        _D + "poetry.x__conjunction",
        'if text in ("XXXX", "*"):',
        "an empty text has no term: the loop adds nothing and SpecifierSet('') is the same any-version answer",
    ),
    Equivalent(
        _D + "poetry.x__conjunction",
        'if text in ("", "XX*XX"):',
        "a lone * is one term whose version is *, which _term turns into no specifier: the same answer",
    ),
    Equivalent(
        _D + "poetry.x__conjunction",
        "position = None",
        "text[None:end] and text[None:] are text[0:end] and text[0:]: position is read as 0 until a term sets it",
    ),
    Equivalent(_D + "poetry.x__conjunction", 'if between.strip("XX ,XX"):', _NO_X + " (an X would be read as a term)"),
    Equivalent(_D + "poetry.x__conjunction", 'if text[position:].strip("XX ,XX"):', _NO_X + " (an X would be a term)"),
    Equivalent(
        _D + "poetry.x__term",
        'return [f">={version}", f"<{_bump(version, caret=None)}"]',
        "None is as false as False: ~ is bumped the same way",
    ),
    *(
        Equivalent(_D + "conda.x__conda_entry", f"parsed = _NAME.match(spec.rsplit({args})[-1])", _SAME_FIRST)
        for args in ('"::", ', '"::", maxsplit=2')
    ),
    Equivalent(
        _D + "conda.x__read",
        "document = yaml.compose(text, )",
        "composing builds nodes, never objects: PyYAML's default loader and the safe C loader compose the same"
        " tree and differ only in the wording of their errors (the test of a broken file accepts both)",
    ),
    *(
        Equivalent(
            _D + "conda.x__read",
            f"line = exc.problem_mark.line + 1 if {test} else {default}",
            "every MarkedYAMLError PyYAML's scanner, parser and composer raise (Python and C) carries problem_mark",
        )
        for test, default in (("(exc.problem_mark) or True", "1"), ("exc.problem_mark", "2"))
    ),
    Equivalent(_D + "conda.x__term", 'version = version.rstrip("*").rstrip("XX.XX")', _NO_X),
    Equivalent(_D + "conda.x__term", 'version = version.rstrip("XX*XX").rstrip(".")', _NO_X),
    Equivalent(
        _D + "env_flags.x__as_string", 'return "true" if value else "False"', "TensorFlow takes 'true' like 'True'"
    ),
    *(
        Equivalent(
            _D + "env_flags.x__as_string", f'return "True" if value else "{false}"', "no spelling of it is a true value"
        )
        for false in ("XXFalseXX", "false", "FALSE")
    ),
    *(
        Equivalent(_D + "env_flags.x__ini_files", place, _CASE_INSENSITIVE)
        for place in (
            '("pytest.ini", ("pytest",), "ENV"),', '("tox.ini", ("pytest",), "ENV"),',
            '("tox.ini", ("testenv",), "SETENV"),', '("setup.cfg", ("tool:pytest",), "ENV"),',
        )
    ),
    Equivalent(_D + "env_flags.x__sets_true", 'value = ""', "'' is no true value either: the flag stays unset"),
    Equivalent(
        _D + "env_flags.x__dotenv",
        "if path is None and text is None:",
        "an unreadable .env (text None) reaches python-dotenv as StringIO(None), which is empty: the flag is unset",
    ),
    Equivalent(
        _D + "env_flags.x__dotenv",
        'line = text.count("\\n", None, assignments[-1].start()) + 1 if assignments else 1',
        "a None start is 0",
    ),
    Equivalent(
        _D + "locks.x__entry_version",
        "short = _VERSION_LINE.search(data, start, )",
        "an entry with a version line has it first; one without gets the next entry's, and the slice up to it"
        " parses with this entry first, so the version found is the same (and a failing slice falls back)",
    ),
    Equivalent(
        _D + "locks.x__entry_version",
        'entry = tomllib.loads(data[start:stop].decode("UTF-8"))',
        "codec names are case-insensitive",
    ),
    Equivalent(
        _D + "locks.x__entry_version",
        'return package.get("version") if (isinstance(package, dict)) or True else None',
        "the slice starts at a [[package]] or [[packages]] header: its first entry is always a table",
    ),
    Equivalent(
        _D + "locks.x__read_toml_lock",
        'name = match.group(1).decode("UTF-8", "replace")',
        "codec names are case-insensitive",
    ),
    Equivalent(
        _D + "locks.x__read_toml_lock", 'start = data.rfind(b"\\n[", None, match.start()) + 1', "a None start is 0"
    ),
    *(
        Equivalent(
            _D + "locks.x__read_toml_lock",
            line,
            "the byte after the match's newline is the n of `name`, never a newline: one byte more counts nothing",
        )
        for line in ('line += data.count(b"\\n", counted, match.start() + 2)', "counted = match.start() + 2")
    ),
    *(
        Equivalent(
            _D + "locks.x__read_toml_lock",
            f"version = _entry_version(data, start, end if {test} else len(data))",
            "find() from past the match gives -1 or a position past the match, never 0",
        )
        for test in ("end > 0", "end >= 1")
    ),
    Equivalent(
        _D + "locks.x__read_pipfile_lock",
        'pinned = _pin(files, path, line, name, entry["version"].lstrip("XX=XX"))',
        _NO_X,
    ),
    *(
        Equivalent(_D + "pyproject.xǁ_Readerǁpoetry", f'if {test} or alias_for(name) is None:',
                   "python is none of our distributions: alias_for rejects it on the same line")
        for test in ('name.upper() == "python"', 'name.lower() == "XXpythonXX"', 'name.lower() == "PYTHON"')
    ),
    Equivalent(
        _D + "requirements.x__split_options",
        'return " ".join(words[:index]), "XX XX".join(words[index:])',
        _UNUSED_OPTIONS,
    ),
    Equivalent(_D + "requirements.x__split_options", 'return line, "XXXX"', _UNUSED_OPTIONS),
    *(
        Equivalent(
            _D + "requirements.x_logical_lines", f"first = {value}", "the first continued line sets it before any read"
        )
        for value in ("None", "1")
    ),
    Equivalent(
        _D + "requirements.xǁRequirementsReaderǁ_follow",
        "break",
        "the lines are an iterator and the file stays on the stack: breaking out of the for loop re-enters it at"
        " the next line on the next turn of the while loop, as continue goes on with it",
    ),
    *(
        Equivalent(
            _D + "requirements.xǁRequirementsReaderǁ_option",
            f"words = shlex.split({args})",
            "None is as false as False, and comments=False, posix=True are shlex's defaults",
        )
        for args in ("line, comments=None, posix=True", "line, posix=True", "line, comments=False, ")
    ),
    Equivalent(
        _D + "requirements.xǁRequirementsReaderǁ_url",
        "if name is not None or specifier is not None:",
        "name_in_url and version_in_url read the same file name: both succeed or both fail",
    ),
    *(
        Equivalent(_D + "requirements.x__is_url_or_path", line, _SAME_FIRST)
        for line in (
            'first = requirement.split(";", )[0].strip()', 'first = requirement.split(";", 2)[0].strip()',
            'if "@" in first.split("://", )[0]:', 'if "@" in first.split("://", 2)[0]:',
        )
    ),
    Equivalent(_D + "declared.x__filename", 'return "XXXX"', "'XXXX' is no wheel or sdist name either: no version"),
    *(
        Equivalent(
            _D + "declared.x__first_line",
            line,
            "packaging's InvalidRequirement always has a message, so the condition holds for every exception here",
        )
        for line in (
            "return str(exc).strip().splitlines()[0] if (str(exc).strip()) or True else exc.__class__.__name__",
            "return str(exc).strip().splitlines()[0] if str(None).strip() else exc.__class__.__name__",
        )
    ),
    Equivalent(
        _D + "declared.x_nightly_specifier",
        'return SpecifierSet(f">{known[-1]}") if (known) or True else SpecifierSet()',
        "every distribution with a nightly build has known releases",
    ),
    *(
        Equivalent(
            _D + "markers.x_python_applies",
            f"return constraint.contains(python_version(), {arg})",
            "packaging 26 (installed here) lets contains() admit a pre-release when prereleases is None, as True"
            " does; with an older packaging the test of a pre-release Python (test_precedence.py) kills these",
        )
        for arg in ("prereleases=None", "")
    ),
    Equivalent(
        _D + "x_find_root",
        "start = path if (path.is_dir()) or True else path.parent",
        "a file is never a project root (listing it fails), and the directories tried next are the same",
    ),
    Equivalent(_D + "project_files.x_line_of", 'return text.count("\\n", None, found.start()) + 1', "a None start is 0"),
    Equivalent(_D + "project_files.x_line_of", 'return text.count("\\n", None, start) + 1', "a None start is 0"),
    Equivalent(
        _D + "project_files.xǁProjectFilesǁproblem",
        'self._problems[recorded] = ""',
        "the dict is an ordered set: values unread",
    ),
    *(
        Equivalent(
            _D + "project_files.xǁProjectFilesǁrealpath", line, "a cache: without it the same real path is computed again"
        )
        for line in ("real = None", "real = self._realpaths.get(None)")
    ),
    Equivalent(
        _D + "project_files.xǁProjectFilesǁrelative",
        'return "." if (text == os.curdir) and False else text.replace(os.sep, "/")',
        "'.' has no separator to replace: the answer is '.' either way",
    ),
    Equivalent(_D + "project_files.xǁProjectFilesǁtoml", "text = self.read(path, )", "no caller passes a limit"),
    Equivalent(_D + "setup_files.x__cfg_list", "if branch is True:", _CFG_EXTRAS),
    *(
        Equivalent(
            _D + "setup_files.x__cfg_list", f"declared = from_requirement(files, item, path, line, {arg})", _CFG_EXTRAS
        )
        for arg in ("None", "", "branch and None")
    ),
    *(
        Equivalent(
            _D + "setup_files.x_read_setup_cfg",
            f"found += _cfg_list(files, path, text, value, anchors, includes, {arg})",
            _CFG_EXTRAS,
        )
        for arg in ("None", "")
    ),
    *(
        Equivalent(_D + "setup_files.x_read_setup_cfg", line, _CASE_INSENSITIVE)
        for line in (
            'if parser.has_option("options", "INSTALL_REQUIRES"):',
            'found += _cfg_list(files, path, text, parser.get("options", "INSTALL_REQUIRES"), anchors, includes)',
        )
    ),
    Equivalent(
        _D + "setup_files.x_read_setup_cfg",
        'found = _cfg_list(files, path, text, parser.get("options", "install_requires"), anchors, includes)',
        "found is still empty there",
    ),
    *(
        Equivalent(_D + "setup_files.x__constant", f'return _substituted(template, {style}, arguments, keywords)',
                   "the style is only compared with '%': anything else means str.format, as '{}' does")
        for style in ("None", '"XX{}XX"')
    ),
    Equivalent(
        _D + "setup_files.x__formatted",
        "if isinstance(part, ast.Constant) or isinstance(part.value, str):",
        "an f-string holds constants, always strings, and formatted values, whose value is an expression",
    ),
    Equivalent(
        _D + "setup_files.x__module_constants",
        'value: ast.expr | None = ""',
        "value is read only for assignments, which set it",
    ),
    *(
        Equivalent(_D + "setup_files.x_read_setup_py", f"tree = ast.parse(text, {arg})",
                   "the file name only goes into the SyntaxError, of which the message and the line are reported")
        for arg in ("", "filename=str(None)")
    ),
    *(
        Equivalent(
            _D + "setup_files.x__is_text",
            line,
            "where _is_text gives up decides nothing: _literal_strings stops following names at the same depth,"
            " so a string or list that far away is left out either way",
        )
        for line in (
            "def _is_text(node: ast.expr, constants: Mapping[str, ast.expr], depth: int = 1) -> bool:",
            "if depth > _MAX_DEPTH:",
            "node, depth = constants[node.id], depth - 1",
            "node, depth = constants[node.id], depth + 2",
            "return isinstance(node.op, ast.Mod) or _is_text(node.left, constants, )",
            "return isinstance(node.op, ast.Mod) or _is_text(node.left, constants, depth - 1)",
        )
    ),
)

_ANCHORED = (
    "the requirement text itself is searched for after the anchors, and the key anchor is found without the"
    " section one too: they differ only when the same text, under the same key, is written before the section"
)
#: Survivors that are not equivalent but are left without a test, and why: they still count against the
#: kill rate, and the report shows the reason under each.
LEFT: tuple[Equivalent, ...] = (
    Equivalent(
        _D + "project_files.x_line_of",
        "start = 1",
        "only a text whose first character decides (a blank first line with no anchor found, an anchor at"
        " position 0 found nowhere later) tells them apart; no table of a configuration file starts so",
    ),
    Equivalent(
        _D + "project_files.x_line_of",
        "for begin in (start, 1):",
        "the fallback search from 0 only differs for a needle at position 0, i.e. a file starting with it",
    ),
    Equivalent(
        _D + "project_files.xǁProjectFilesǁrelative",
        "return str(None)",
        "reached only for a path on another Windows drive (os.path.relpath raises ValueError); tests run on POSIX",
    ),
    *(
        Equivalent(_D + "pyproject.x_read_pyproject", f"anchors: tuple[str, ...] = ({anchors}, key(extra))", _ANCHORED)
        for anchors in (
            r'r"XX^\[project\]XX", r"^\[project\.optional-dependencies\]"',
            r'r"^\[PROJECT\]", r"^\[project\.optional-dependencies\]"',
            r'r"^\[project\]", r"XX^\[project\.optional-dependencies\]XX"',
            r'r"^\[project\]", r"^\[PROJECT\.OPTIONAL-DEPENDENCIES\]"',
        )
    ),
    *(
        Equivalent(_D + "setup_files.x_read_setup_cfg", line, _ANCHORED)
        for line in (
            r'anchors = (r"XX^\[options\]XX", key("install_requires"))',
            r'anchors = (r"^\[OPTIONS\]", key("install_requires"))',
            r'anchors = (r"XX^\[options\.extras_require\]XX", key(extra))',
            r'anchors = (r"^\[OPTIONS\.EXTRAS_REQUIRE\]", key(extra))',
        )
    ),
    *(
        Equivalent(
            _D + "requirements.x__is_url_or_path",
            line,
            "differs only for a line holding a second ';' or '://' (a URL inside a URL's query string)",
        )
        for line in ('first = requirement.rsplit(";", 1)[0].strip()', 'if "@" in first.rsplit("://", 1)[0]:')
    ),
    Equivalent(
        _D + "setup_files.x__extra_branch",
        '_, _, marker = extra.rpartition(":")',
        "differs only for an extra whose marker holds a ':'",
    ),
)
#: mutmut's exit-code meanings (``mutmut.stats.status_by_exit_code``), as the report counts them.
KILLED = frozenset({"killed", "timeout", "caught by type check", "segfault"})
NOT_TESTED = frozenset({"not checked", "check was interrupted by user"})
SURVIVED = frozenset({"survived", "no tests", "suspicious"})


@dataclass
class Mutant:
    name: str
    status: str
    equivalent: Equivalent | None = None
    note: Equivalent | None = None
    diff: list[str] = field(default_factory=list)
    line: int | None = None

    @property
    def function(self) -> str:
        """``Engine.evaluate`` for ``pylint_hubcompat.rulebook.engine.xǁEngineǁevaluate__mutmut_3``."""
        mangled = self.name.partition("__mutmut_")[0].rpartition(".")[2]
        if mangled.startswith("x_"):
            return mangled[2:]
        return ".".join(part for part in mangled[1:].split("ǁ") if part)

    @property
    def key(self) -> str:
        return self.name.partition("__mutmut_")[0]


@dataclass
class ModuleResult:
    module: str
    path: Path
    mutants: list[Mutant]

    def count(self, *statuses: str) -> int:
        return sum(1 for m in self.mutants if m.status in statuses and m.equivalent is None)

    @property
    def killed(self) -> int:
        return sum(1 for m in self.mutants if m.status in KILLED)

    @property
    def equivalent(self) -> int:
        return sum(1 for m in self.mutants if m.equivalent is not None)

    @property
    def tested(self) -> int:
        """Mutants that count: all but the untested, the skipped and the accepted equivalents."""
        return sum(
            1 for m in self.mutants if m.status not in NOT_TESTED | {"skipped"} and m.equivalent is None
        )

    @property
    def rate(self) -> float | None:
        return 100.0 * self.killed / self.tested if self.tested else None

    @property
    def survivors(self) -> list[Mutant]:
        return [m for m in self.mutants if m.status not in KILLED | NOT_TESTED | {"skipped"} and m.equivalent is None]


def mutated_files() -> list[Path]:
    """The files ``[tool.mutmut] only_mutate`` names, relative to the checkout."""
    from pylint_hubcompat.files.toml import tomllib  # the checkout's own TOML reader

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]["only_mutate"]
    files = sorted(p.relative_to(REPO) for p in (REPO / PACKAGE).rglob("*.py"))
    return [f for f in files if any(fnmatch.fnmatch(str(f), pattern) for pattern in patterns)]


def module_name(path: Path) -> str:
    """``pylint_hubcompat.target.detection`` for ``pylint_hubcompat/target/detection/__init__.py``, as mutmut names it."""
    parts = path.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def short(module: str) -> str:
    return module.removeprefix(PACKAGE + ".")


def patterns_for(module: str) -> list[str]:
    """The mutmut name patterns of one module's mutants (a package's own, not its submodules')."""
    return [f"{module}.x_*", f"{module}.xǁ*"]


def resolve_modules(names: Iterable[str]) -> list[str]:
    known = {short(module_name(p)): module_name(p) for p in mutated_files()}
    chosen = []
    for name in names:
        name = short(name.removesuffix(".py").replace("/", "."))
        if name not in known:
            raise SystemExit(f"mutation: {name} is not a mutated module; one of: {', '.join(sorted(known))}")
        chosen.append(known[name])
    return chosen


def mutmut(*arguments: str) -> int:
    """Run the mutmut of this interpreter's environment from the checkout (where it finds its config)."""
    executable = Path(sys.executable).with_name("mutmut")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "mutmut"]
    return subprocess.call([*command, *arguments], cwd=REPO)


def load_results() -> list[ModuleResult]:
    """Every mutated module's mutants and their status, from mutmut's ``mutants/**/*.py.meta``."""
    from mutmut.stats import status_by_exit_code  # only with the mutation extra

    results = []
    for path in mutated_files():
        meta = REPO / "mutants" / (str(path) + ".meta")
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}
        mutants = [Mutant(name, status_by_exit_code[code]) for name, code in sorted(codes.items(), key=_order)]
        results.append(ModuleResult(module_name(path), path, mutants))
    return results


def _order(item: tuple[str, object]) -> tuple[str, int]:
    key, _, number = item[0].partition("__mutmut_")
    return key, int(number) if number.isdigit() else 0


def describe_survivors(results: Sequence[ModuleResult]) -> list[Equivalent]:
    """Attach each survivor's change and source line; match the equivalents.  Returns the stale entries."""
    # mutmut is imported here, not at the top: only the mutation extra installs it.
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    os.chdir(REPO)  # mutmut reads mutants/ relative to the working directory
    used: set[Equivalent] = set()
    for result in results:
        spans = _function_spans(result.path)
        source = (REPO / result.path).read_text("utf-8").splitlines()
        for mutant in result.mutants:
            if mutant.status in KILLED | NOT_TESTED | {"skipped"}:
                continue
            try:
                diff = get_diff_for_mutant(mutant.name, path=result.path).splitlines()
            except (FileNotFoundError, OSError) as exc:
                mutant.diff = [f"(no diff: {exc})"]
                continue
            mutant.diff = [line for line in diff[2:] if line[:1] in "-+"]
            mutant.line = _source_line(diff, source, spans.get(mutant.function, (1, len(source))))
            added = [line[1:].strip() for line in mutant.diff if line.startswith("+")]
            for entry in (*EQUIVALENT, *LEFT):
                if entry.function == mutant.key and entry.changed.strip() in added:
                    if entry in EQUIVALENT:
                        mutant.equivalent = entry
                    else:
                        mutant.note = entry
                    used.add(entry)
                    break
    return [entry for entry in (*EQUIVALENT, *LEFT) if entry not in used]


def _source_line(diff: list[str], source: list[str], span: tuple[int, int]) -> int | None:
    """The line of the module the first changed line of a function diff stands at.

    The diff numbers lines from the function's first line (methods dedented), so the hunk's line is a
    guess that the text of the line confirms; the nearest line of the function with that text wins.
    """
    hunk = next((line for line in diff if line.startswith("@@")), "")
    old_start = int(hunk.split()[1].lstrip("-").split(",")[0]) if hunk.startswith("@@ -") else 1
    number, removed = old_start, None
    for line in diff[diff.index(hunk) + 1 :] if hunk else []:
        if line.startswith("-"):
            removed = line[1:].strip()
            break
        if line.startswith(" "):
            number += 1
    if removed is None:
        return None
    start, end = span
    guess = start + number - 1
    candidates = [n for n in range(start, min(end, len(source)) + 1) if source[n - 1].strip() == removed]
    return min(candidates, key=lambda n: abs(n - guess)) if candidates else None


def _function_spans(path: Path) -> dict[str, tuple[int, int]]:
    """``{"Engine.evaluate": (first, last line)}`` of the module's functions and methods."""
    tree = ast.parse((REPO / path).read_text("utf-8"))
    spans = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            spans[node.name] = (node.lineno, node.end_lineno or node.lineno)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    spans[f"{node.name}.{item.name}"] = (item.lineno, item.end_lineno or item.lineno)
    return spans


def unmutated_functions(path: Path) -> list[str]:
    """Functions mutmut 3 leaves alone: decorated ones (``functools.cache``, ``property``...), except
    ``staticmethod`` / ``classmethod``.  Their callees are mutated; the report names them so that a reader
    knows which lines no mutant has tried."""
    tree = ast.parse((REPO / path).read_text("utf-8"))
    found = []

    def skipped(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        names = [ast.unparse(d) for d in node.decorator_list]
        return bool(names) and names not in (["staticmethod"], ["classmethod"])

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and skipped(node):
            found.append(f"`{node.name}` (`@{ast.unparse(node.decorator_list[0])}`)")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and skipped(item):
                    found.append(f"`{node.name}.{item.name}` (`@{ast.unparse(item.decorator_list[0])}`)")
    return found


def _git(*arguments: str) -> str:
    try:
        return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def render(results: Sequence[ModuleResult], stale: Sequence[Equivalent]) -> str:
    """docs/mutation.md: the kill rate per module, the survivors, the accepted equivalents."""
    import mutmut  # only with the mutation extra

    commit = _git("rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = _git("status", "--porcelain", "--", *(str(r.path) for r in results)).strip()
    counts = Counter("accepted as equivalent" if m.equivalent else m.status for r in results for m in r.mutants)
    total = sum(r.tested for r in results)
    killed = sum(r.killed for r in results)
    lines = [
        "# Mutation testing",
        "",
        "Generated by `python benchmarks/mutation.py` from the results of a real mutmut run in `mutants/`;",
        "do not edit by hand.  It answers: when one of these modules is changed a little (a comparison",
        "flipped, a string replaced, an argument dropped), does a test notice?  A *survivor* is a change",
        "no test notices.  The tests that count are the ones `[tool.mutmut]` in `pyproject.toml` selects",
        "(no TensorFlow, no network); per mutant mutmut runs those that call the changed function.",
        "",
        f"- mutmut {getattr(mutmut, '__version__', '?')}, commit `{commit}`"
        + (" with uncommitted changes to the mutated modules" if dirty else "")
        + f", written {datetime.date.today().isoformat()}",
        f"- {sum(counts.values())} mutants: "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items(), key=lambda kv: -kv[1])),
        f"- kill rate overall: **{_percent(killed, total)}** ({killed} of {total}); target: {TARGET_RATE:.0f}%",
        "",
        "Kill rate = killed (a test failed, or the mutant hung and timed out) / mutants tested, the accepted",
        "equivalents left out.  A mutant whose function no selected test calls (`no tests`) counts as a survivor.",
        "",
        "| module | mutants | killed | survived | no tests | equivalent | kill rate |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rate = "not run" if r.rate is None else f"{r.rate:.1f}%" + ("" if r.rate >= TARGET_RATE else " ⚠")
        untested = sum(1 for m in r.mutants if m.status in NOT_TESTED)
        note = f" ({untested} not run)" if untested else ""
        lines.append(
            f"| `{r.path}` | {len(r.mutants)}{note} | {r.killed} | "
            f"{r.count('survived', 'suspicious')} | {r.count('no tests')} | {r.equivalent} | {rate} |"
        )
    lines += ["", "## Survivors", ""]
    survivors = [r for r in results if r.survivors]
    if not survivors:
        lines.append("None.")
    for r in survivors:
        lines += [f"### `{r.path}`", ""]
        by_function: dict[str, list[Mutant]] = defaultdict(list)
        for mutant in r.survivors:
            by_function[mutant.function].append(mutant)
        for function, mutants in by_function.items():
            lines.append(f"- `{function}`")
            for mutant in mutants:
                where = f"line {mutant.line}, " if mutant.line else ""
                lines.append(f"  - {where}{mutant.status} (`{mutant.name.rpartition('.')[2]}`):")
                lines += ["", "    ```diff", *(f"    {d}" for d in mutant.diff), "    ```", ""]
                if mutant.note is not None:
                    lines += [f"    Left on purpose: {mutant.note.why}", ""]
        lines.append("")
    lines += ["## Accepted equivalent mutants", ""]
    accepted = [(r, m) for r in results for m in r.mutants if m.equivalent is not None]
    if not accepted:
        lines.append("None.")
    for r, m in accepted:
        assert m.equivalent is not None
        lines.append(f"- `{r.path}` `{m.function}` (`{m.name.rpartition('.')[2]}`): `{m.equivalent.changed}`.")
        lines.append(f"  {m.equivalent.why}")
    if stale:
        lines += ["", "Stale entries of `EQUIVALENT` / `LEFT` (no survivor matches them any more; remove them):", ""]
        lines += [f"- `{e.function}`: `{e.changed}`" for e in stale]
    lines += [
        "",
        "## Not mutated",
        "",
        "mutmut 3 does not mutate decorated functions (other than `staticmethod` / `classmethod`), so the",
        "bodies of these are never changed; the functions they call are.  Their behaviour is pinned by the",
        "tests of the callers (e.g. `releases.admitted` by `tests/target/test_releases.py`), not measured here.",
        "",
    ]
    for r in results:
        names = unmutated_functions(r.path)
        if names:
            lines.append(f"- `{r.path}`: {', '.join(names)}")
    lines += [
        "",
        "## Running it",
        "",
        "```sh",
        '.venv/bin/pip install -e ".[test,mutation]"',
        ".venv/bin/python benchmarks/mutation.py                     # every mutant not tested yet, then this page",
        ".venv/bin/python benchmarks/mutation.py --module target.detection.requirements   # one module afresh",
        ".venv/bin/python benchmarks/mutation.py --retest-survivors  # after adding tests",
        ".venv/bin/mutmut show pylint_hubcompat.rulebook.engine.x__selects__mutmut_5          # one mutant's change",
        "```",
        "",
    ]
    return "\n".join(lines)


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def forget(results: Sequence[ModuleResult], statuses: frozenset[str] | None, modules: Iterable[str]) -> int:
    """Mark mutants to be tested again by the next ``mutmut run`` (``statuses`` None: every mutant).

    mutmut keeps a result until the function's source changes; a new test kills nothing until the
    mutant is tested again, and a ``no tests`` verdict may come from a test map older than the function.
    """
    chosen = set(modules)
    forgotten = 0
    for result in results:
        if chosen and result.module not in chosen:
            continue
        meta = REPO / "mutants" / (str(result.path) + ".meta")
        if not meta.exists():
            continue
        data = json.loads(meta.read_text("utf-8"))
        names = {m.name for m in result.mutants if statuses is None or m.status in statuses}
        for name in names & data["exit_code_by_key"].keys():
            if data["exit_code_by_key"][name] is not None:
                data["exit_code_by_key"][name] = None
                forgotten += 1
        meta.write_text(json.dumps(data, indent=4), "utf-8")
    return forgotten


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--module", action="append", default=[], metavar="NAME",
                        help="test only this module's mutants, all afresh (e.g. rulebook.engine, target.detection.requirements)")
    parser.add_argument("--retest-survivors", action="store_true",
                        help="test the mutants that survived last time again (after adding tests)")
    parser.add_argument("--report", action="store_true", help="only write the report from mutants/")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--fail-under", type=float, default=None, metavar="PERCENT",
                        help="exit 1 if a module's kill rate is below PERCENT")
    parser.add_argument("--output", type=Path, default=DOC, help="where to write the report")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    if not args.report:
        modules = resolve_modules(args.module)
        results = load_results()
        again = frozenset({"no tests"}) | (SURVIVED if args.retest_survivors else frozenset())
        forgotten = forget(results, None if modules else again, modules)
        if forgotten:
            print(f"mutation: {forgotten} mutants to test again")
        # mutmut maps tests to functions once and then only for new tests: a function added since
        # would have no tests.  Mapping afresh costs one run of the selected tests.
        (REPO / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        patterns = [p for module in modules for p in patterns_for(module)]
        status = mutmut("run", "--max-children", str(args.jobs), *patterns)
        if status:
            print(f"mutation: mutmut run exited with {status}", file=sys.stderr)
            return status

    results = load_results()
    stale = describe_survivors(results)
    args.output.write_text(render(results, stale), "utf-8")
    print(f"mutation: wrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    for r in results:
        rate = "not run" if r.rate is None else f"{r.rate:5.1f}%"
        print(f"  {rate}  {r.path}  ({len(r.survivors)} survivors)")
    if args.fail_under is not None:
        judged = set(resolve_modules(args.module)) or {r.module for r in results}
        low = [r for r in results if r.module in judged and (r.rate is None or r.rate < args.fail_under)]
        if low:
            print(f"mutation: below {args.fail_under:.0f}%: {', '.join(str(r.path) for r in low)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
