"""Primer: lint real TensorFlow packages with every hubcompat message, under several targets.

    .venv/bin/python benchmarks/primer.py --check                       # all packages, compare to the snapshot
    .venv/bin/python benchmarks/primer.py --packages bert-tensorflow tensorflow-hub --check   # the CI slice
    .venv/bin/python benchmarks/primer.py --update                      # rewrite the snapshot (after an intended change)

For each package and target it runs pylint (``--persistent=n --runtime-mode=auto
--disable=all --enable=hubcompat,syntax-error,astroid-error,fatal``, the target given by
``--tf-version``/``--hub-version``) twice, with ``-j 1`` and ``-j 2`` (at the same time),
and fails on

* a crash: ``astroid-error``, ``fatal``, ``hubcompat-internal-error``, a traceback on
  stderr, or pylint's fatal/usage exit bits;
* findings that differ between ``-j 1`` and ``-j 2``;
* with ``--check``: per-package counts per symbol per target that differ from
  ``benchmarks/primer_snapshot.json`` (only the packages run are compared; the counts
  of a target stand under its name, ``snapshot[pin][target]``);
* a file ``hubcompat check`` neither lints nor says it skipped: once per package it runs
  ``hubcompat check --verbose`` on the same paths, and the files it reports checked must
  be every ``.py``, ``.pyi`` and ``.ipynb`` under them (counted as ``find`` counts them),
  less the files and the directories' files it lists as skipped (:func:`coverage`).  Plain
  pylint never enters a folder without ``__init__.py`` inside a package; two packages are
  here for their TF Hub code in such a place (``corpus.PRIMER_PACKAGES``).
* a fix that breaks code.  Per package and target it runs ``hubcompat fix --unsafe-fixes``
  on the same paths with the target's ``--tf-version``/``--hub-version``, twice at the same
  time (:func:`check_fixes`): with ``--diff`` on the package's directory, and without it
  on a throwaway copy of the directory (``shutil.copytree`` keeping links, under
  ``.cache/``, removed afterwards).  It fails on

  - a traceback on stderr, or a status other than 0 and 1 (``--diff``: 1 exactly when it
    shows a change);
  - a diff that is not a unified diff, or whose sections other than notebook cells'
    (``--- a/PATH:cell N``, which no patch tool applies) do not apply to the package's
    files: ``git apply --check`` outside any repository, or GNU ``patch --dry-run
    --forward --fuzz=0`` where git is absent (:func:`patch_problems`);
  - a file the write run changed that no longer parses: a module by :func:`ast.parse`, a
    notebook's code cells by it once IPython syntax is neutralised, a ``.toml`` file by
    tomlkit (:func:`unparsable`);
  - a disagreement between the files whose bytes changed in the copy, the files the write
    run lists on stderr (``PATH: fixed N (symbol-a x2, symbol-b)``) and the files the diff
    shows;

* with ``--check``: fixes per symbol per target (summed from the write run's lines)
  that differ from the snapshot's ``"fixes"`` entry of the package; a package whose
  entry has none yet fails as a missing package does.

Project roots: every package is unpacked into a directory of its own under
``.cache/corpus/src`` holding its real configuration (an sdist's ``setup.py`` /
``pyproject.toml``, or for a wheel a ``pyproject.toml`` written from the wheel's own
``Requires-Dist``), so target detection and the project scan stop at the package
instead of walking up into this repository.  The TensorFlow and tensorflow_hub
versions always come from the options, so the snapshot does not depend on what the
packages declare; Keras, ``TF_USE_LEGACY_KERAS`` and project-wide markers do come from
the package, as they would for its authors.

Snapshot: ``{pin: {target: {symbol: findings}, "fixes": {target: {symbol: fixes}}}}``;
``--update`` rewrites the entries of the packages run, both parts.
"""

from __future__ import annotations

import argparse
import ast
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import tomlkit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus  # noqa: E402
from pylint_hubcompat.notebooks import reader

SNAPSHOT = Path(__file__).resolve().parent / "primer_snapshot.json"
TARGETS = {
    "tf1.15": ("1.15.5", "0.12.0"),
    "tf2.15": ("2.15.1", "0.15.0"),
    "tf2.21": ("2.21.0", "0.16.1"),
}
CRASHES = ("astroid-error", "fatal", "hubcompat-internal-error")
OPTIONS = (
    "--persistent=n",
    "--recursive=y",
    "--runtime-mode=auto",
    "--load-plugins=pylint_hubcompat",
    "--disable=all",
    "--enable=hubcompat,syntax-error,parse-error,astroid-error,fatal",
    "--score=n",
    "--msg-template={path}:{line}:{column}:{symbol}",
)
CI_PACKAGES = ["tensorflow-hub", "bert-tensorflow"]


def lint(package: corpus.Package, target: tuple[str, str], jobs: int) -> tuple[list[tuple], str, int]:
    cwd = package.directory
    targets = [str(t.relative_to(cwd)) for t in corpus.lint_targets(cwd)]
    tf, hub = target
    command = [sys.executable, "-m", "pylint", *OPTIONS, f"--tf-version={tf}", f"--hub-version={hub}", f"-j{jobs}", *targets]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace")
    found = []
    for line in done.stdout.splitlines():
        match = re.match(r"^(.+?):(\d+):(\d+):([a-z][a-z-]+)$", line)
        if match:
            found.append((match.group(1), int(match.group(2)), int(match.group(3)), match.group(4)))
    return sorted(found), done.stderr, done.returncode


#: ``hubcompat check --verbose`` names each file and directory it skips on stderr.
_SKIPPED = re.compile(r"^hubcompat check: skipped (directory )?(.+?): ")


def coverage(directory: Path, targets: list[str], stderr: str) -> tuple[int | None, int, list[str]]:
    """(files check says it checked, files it should have, what it skipped) from its ``--verbose`` stderr.

    It should have every lintable file under ``targets`` (:func:`corpus.lintable_files`)
    less those it names as skipped and those under the directories it names.
    """
    summary = next((line for line in reversed(stderr.splitlines()) if line.startswith("hubcompat:")), "")
    skipped_files: set[Path] = set()
    skipped: list[str] = []
    for line in stderr.splitlines():
        match = _SKIPPED.match(line)
        if match:
            skipped.append(line.removeprefix("hubcompat check: skipped "))
            path = directory / match.group(2).rstrip("/")
            skipped_files.update(corpus.lintable_files([path]) if match.group(1) else [path])
    every = corpus.lintable_files([directory / t for t in targets])
    return corpus.checked_files(summary), len(set(every) - skipped_files), skipped


def check_coverage(package: corpus.Package, target: tuple[str, str]) -> list[str]:
    """``hubcompat check`` lints every Python file and notebook of ``package`` it does not say it skipped."""
    cwd = package.directory
    targets = [str(t.relative_to(cwd)) for t in corpus.lint_targets(cwd)]
    tf, hub = target
    command = [sys.executable, "-m", "pylint_hubcompat", "check", *targets, "--verbose", "--persistent=n",
               f"--tf-version={tf}", f"--hub-version={hub}", "--msg-template={path}:{line}:{column}:{symbol}"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace", check=False)
    if "Traceback" in done.stderr or done.returncode >= 32:
        return [f"{package.pin} hubcompat check: status {done.returncode}\n{done.stderr[-3000:]}"]
    checked, expected, skipped = coverage(cwd, targets, done.stderr)
    shown = "; ".join(skipped[:3]) + ("..." if len(skipped) > 3 else "")
    print(f"  {package.pin}: hubcompat check lints {checked} of {expected} files"
          + (f" ({len(skipped)} skipped: {shown})" if skipped else ""), flush=True)
    if checked != expected:
        return [f"{package.pin}: hubcompat check lints {checked} files, find counts {expected} (less what it skipped)"]
    return []


# -- hubcompat fix ---------------------------------------------------------------------

#: ``hubcompat fix`` (writing) names each file it changed on stderr: ``PATH: fixed N (symbol-a x2, symbol-b)``.
_FIXED = re.compile(r"^(.+): fixed (\d+) \((.*)\)$")
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
#: A notebook cell's section of ``hubcompat fix --diff``: ``--- a/PATH:cell N``.
_CELL = re.compile(r"^(.+\.ipynb):cell \d+$")
#: How to check that a patch applies (``-p1`` paths) to the files of the working directory, in order of preference.
PATCH_TOOLS = {
    "git": ["git", "apply", "--check", "-"],
    "patch": ["patch", "--dry-run", "--forward", "--batch", "--fuzz=0", "-p1"],
}


class DiffSection(NamedTuple):
    """One file's part of ``hubcompat fix --diff`` (one cell's, for a notebook)."""

    path: str  # as the header names it, without ``a/`` (and without ``:cell N``)
    cell: bool
    text: str


def diff_sections(diff: str) -> list[DiffSection]:
    """The sections of a unified diff, read by the hunks' line counts; ValueError if it is not one.

    Counting the lines, not matching ``--- `` at a line's start, is what keeps a removed
    line that reads ``-- a/...`` inside its hunk.  Lines end at ``\\n`` only, as for patch
    tools: a form feed or a lone ``\\r`` is part of a line.
    """
    if diff and not diff.endswith("\n"):
        raise ValueError("the diff does not end with a newline")
    lines = [line + "\n" for line in diff.split("\n")[:-1]]
    sections: list[DiffSection] = []
    index = 0
    while index < len(lines):
        start = index
        old, new = lines[index], lines[index + 1] if index + 1 < len(lines) else ""
        if not (old.startswith("--- a/") and new.startswith("+++ b/")):
            raise ValueError(f"line {index + 1}: expected a ---/+++ header, found {old!r}")
        index += 2
        if index == len(lines) or not lines[index].startswith("@@"):
            raise ValueError(f"line {index + 1}: a header without a hunk")
        while index < len(lines) and lines[index].startswith("@@"):
            index = _hunk_end(lines, index)
        path = old[len("--- a/") : -1]
        cell = _CELL.match(path)
        sections.append(DiffSection(cell.group(1) if cell else path, cell is not None, "".join(lines[start:index])))
    return sections


def _hunk_end(lines: list[str], index: int) -> int:
    """The index after the hunk whose ``@@`` line is ``lines[index]``."""
    match = _HUNK.match(lines[index])
    if match is None:
        raise ValueError(f"line {index + 1}: not a hunk header: {lines[index]!r}")
    old, new = (int(n) if n is not None else 1 for n in match.groups())
    index += 1
    while old or new or (index < len(lines) and lines[index].startswith("\\")):
        if index == len(lines):
            raise ValueError("the diff ends inside a hunk")
        tag = lines[index][0]
        if tag in " -":
            old -= 1
        if tag in " +":
            new -= 1
        if tag not in " -+\\" or old < 0 or new < 0:
            raise ValueError(f"line {index + 1}: not a line of the hunk: {lines[index]!r}")
        index += 1
    return index


def patch_problems(directory: Path, patch: bytes, tool: str | None = None) -> str | None:
    """Why ``patch`` does not apply to the files of ``directory``; None if it applies (or is empty).

    ``tool`` is a :data:`PATCH_TOOLS` name, by default the first installed.  git runs with
    ``directory``'s parent as its ceiling, so it never takes this repository (the corpus
    is inside it) for the patch's: outside a repository ``git apply`` patches plain files.
    """
    if not patch:
        return None
    tool = tool or next((t for t in PATCH_TOOLS if shutil.which(t)), None)
    if tool is None:
        return f"none of {', '.join(PATCH_TOOLS)} is installed to check the diff"
    environment = {**os.environ, "GIT_CEILING_DIRECTORIES": str(directory.resolve().parent)}
    done = subprocess.run(
        PATCH_TOOLS[tool], cwd=directory, input=patch, capture_output=True, env=environment, check=False
    )
    if done.returncode == 0:
        return None
    return f"{tool}: " + (done.stderr + done.stdout).decode("utf-8", "replace").strip()[-2000:]


def fixed_files(stderr: str) -> dict[str, Counter[str]]:
    """Path -> fixes per symbol, from the lines a writing ``hubcompat fix`` prints; ValueError if one miscounts."""
    made: dict[str, Counter[str]] = {}
    for line in stderr.splitlines():
        match = _FIXED.match(line)
        if not match:
            continue
        counts: Counter[str] = Counter()
        for part in match.group(3).split(", "):
            symbol, _, times = part.partition(" x")
            counts[symbol] += int(times or 1)
        if sum(counts.values()) != int(match.group(2)):
            raise ValueError(f"{line!r}: the symbols do not add up to the count")
        made[match.group(1)] = counts
    return made


def changed_files(original: Path, copy: Path) -> set[str]:
    """The files (relative paths) whose bytes differ between two trees, or that only one of them has."""
    before, after = _files(original), _files(copy)
    return (before ^ after) | {f for f in before & after if not _same(original / f, copy / f)}


def _files(root: Path) -> set[str]:
    return {os.path.relpath(os.path.join(folder, f), root) for folder, _, names in os.walk(root) for f in names}


def _same(one: Path, other: Path) -> bool:
    """The same bytes; a link is the same as a link to the same place (it may lead nowhere)."""
    if one.is_symlink() or other.is_symlink():
        return one.is_symlink() and other.is_symlink() and os.readlink(one) == os.readlink(other)
    return filecmp.cmp(one, other, shallow=False)


def unparsable(directory: Path, paths: set[str]) -> list[str]:
    """``path: why`` for each of ``paths`` (under ``directory``) that no longer parses as its kind of file."""
    problems = []
    for path in sorted(paths):
        full = directory / path
        try:
            if path.endswith((".py", ".pyi")):
                ast.parse(full.read_bytes(), path)
            elif path.endswith(".ipynb"):
                ast.parse(reader.read(full).to_module().source, path)
            elif path.endswith(".toml"):
                tomlkit.parse(full.read_text(encoding="utf-8"))
        except (SyntaxError, ValueError, tomlkit.exceptions.ParseError) as exc:  # NotebookError is a ValueError
            problems.append(f"{path}: {type(exc).__name__}: {exc}")
    return problems


def _fix(cwd: Path, targets: list[str], target: tuple[str, str], *extra: str) -> subprocess.CompletedProcess[bytes]:
    tf, hub = target
    options = ["--unsafe-fixes", "--persistent=n", f"--tf-version={tf}", f"--hub-version={hub}"]
    command = [sys.executable, "-m", "pylint_hubcompat", "fix", *targets, *extra, *options]
    # bytes and UTF-8 both ways: a diff's CRLF lines must reach the patch tool as they are
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(command, cwd=cwd, capture_output=True, env=environment, check=False)


def _crashed(label: str, done: subprocess.CompletedProcess[bytes]) -> list[str]:
    stderr = done.stderr.decode("utf-8", "replace")
    if "Traceback" in stderr or done.returncode not in (0, 1):
        return [f"{label}: status {done.returncode}\n{stderr[-3000:]}"]
    return []


def check_fixes(
    package: corpus.Package, name: str, target: tuple[str, str], parallel: bool
) -> tuple[dict[str, int], list[str]]:
    """The fixes per symbol ``hubcompat fix`` makes in ``package`` for ``target``, and what is wrong with them."""
    cwd = package.directory
    targets = [str(t.relative_to(cwd)) for t in corpus.lint_targets(cwd)]
    label = f"{package.pin} {name}"
    with tempfile.TemporaryDirectory(dir=corpus.CACHE.parent, prefix="primer-fix-") as scratch:
        copy = Path(scratch) / package.key
        shutil.copytree(cwd, copy, symlinks=True)
        with ThreadPoolExecutor(max_workers=2 if parallel else 1) as pool:
            diffing = pool.submit(_fix, cwd, targets, target, "--diff")
            writing = pool.submit(_fix, copy, targets, target)
            diffed, written = diffing.result(), writing.result()
        failures = _crashed(f"{label} hubcompat fix --diff", diffed) + _crashed(f"{label} hubcompat fix", written)
        if failures:
            return {}, failures
        try:
            sections = diff_sections(diffed.stdout.decode("utf-8", "surrogateescape"))
            made = fixed_files(written.stderr.decode("utf-8", "replace"))
        except ValueError as exc:
            return {}, [f"{label} hubcompat fix: {exc}"]
        if diffed.returncode != (1 if sections else 0):
            failures.append(f"{label} hubcompat fix --diff: status {diffed.returncode} with {len(sections)} sections")
        patch = "".join(s.text for s in sections if not s.cell).encode("utf-8", "surrogateescape")
        problem = patch_problems(cwd, patch)
        if problem:
            failures.append(f"{label} hubcompat fix --diff: the diff does not apply: {problem}")
        changed, shown = changed_files(cwd, copy), {s.path for s in sections}
        if not changed == set(made) == shown:
            failures.append(
                f"{label} hubcompat fix: changed {sorted(changed)}, lists {sorted(made)}, --diff shows {sorted(shown)}"
            )
        failures += [f"{label} hubcompat fix: {problem}" for problem in unparsable(copy, changed)]
    total: Counter[str] = sum(made.values(), Counter())
    return dict(sorted(total.items())), failures


def run_package(
    package: corpus.Package, targets: dict[str, tuple[str, str]], parallel: bool
) -> tuple[dict, dict, list[str]]:
    """Findings per symbol per target, fixes per symbol per target, and the failures."""
    counts: dict[str, dict[str, int]] = {}
    fixes: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    for name, target in targets.items():
        with ThreadPoolExecutor(max_workers=2 if parallel else 1) as pool:
            one, two = pool.map(lambda jobs, target=target: lint(package, target, jobs), (1, 2))
        found, found2 = one[0], two[0]
        for jobs, (result, err, code) in ((1, one), (2, two)):
            crashes = [f for f in result if f[3] in CRASHES]
            if crashes:
                failures.append(f"{package.pin} {name} -j{jobs}: crash messages {crashes[:5]}")
            if "Traceback" in err:
                failures.append(f"{package.pin} {name} -j{jobs}: traceback on stderr:\n{err[-3000:]}")
            if code >= 32:  # usage error; the fatal bit 1 also stands for pylint's own parse-error
                failures.append(f"{package.pin} {name} -j{jobs}: pylint exit status {code}\n{err[-1000:]}")
        if found != found2:
            only1, only2 = sorted(set(found) - set(found2)), sorted(set(found2) - set(found))
            failures.append(f"{package.pin} {name}: -j1 and -j2 differ: only -j1 {only1[:5]}, only -j2 {only2[:5]}")
        counts[name] = dict(sorted(Counter(f[3] for f in found if _ours(f[3])).items()))
        fixes[name], problems = check_fixes(package, name, target, parallel)
        failures += problems
    return counts, fixes, failures


def compare(pin: str, expected: dict | None, counts: dict, fixes: dict) -> list[str]:
    """How the findings and fixes per symbol of the targets run differ from the package's snapshot entry."""
    if expected is None:
        return [f"{pin}: not in {SNAPSHOT.name}; run with --update"]
    failures = [
        f"{pin} {name}: counts changed\n  expected {expected.get(name)}\n  got      {found}"
        for name, found in counts.items()
        if expected.get(name) != found
    ]
    if "fixes" not in expected:
        return [*failures, f"{pin}: no fixes in {SNAPSHOT.name}; run with --update"]
    return failures + [
        f"{pin} {name}: fixes changed\n  expected {expected['fixes'].get(name)}\n  got      {made}"
        for name, made in fixes.items()
        if expected["fixes"].get(name) != made
    ]


def record(snapshot: dict, pin: str, counts: dict, fixes: dict) -> None:
    """Write the targets run into the package's snapshot entry; the other targets' stay."""
    entry = snapshot.setdefault(pin, {})
    entry.update(counts)
    entry.setdefault("fixes", {}).update(fixes)


def _ours(symbol: str) -> bool:
    """Our messages, and pylint's syntax errors and crashes; not pylint's option noise."""
    return symbol.startswith(("hub", "tf-")) or symbol in ("syntax-error", "parse-error", *CRASHES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", nargs="+",
                        help=f"corpus packages, by name or name==version (default: all; CI: {' '.join(CI_PACKAGES)})")
    parser.add_argument("--targets", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare the findings and fixes with the snapshot")
    mode.add_argument("--update", action="store_true",
                      help="write the findings and fixes of the packages run into the snapshot")
    parser.add_argument("--sequential", action="store_true",
                        help="run -j1 and -j2, and fix --diff and fix, one after the other")
    args = parser.parse_args(argv)

    packages = corpus.select(args.packages, corpus.PRIMER_PACKAGES)
    targets = {name: TARGETS[name] for name in args.targets}
    snapshot = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    failures: list[str] = []
    results: dict[str, tuple[dict, dict]] = {}
    for package in packages:
        corpus.fetch(package)
        start = time.perf_counter()
        counts, fixes, problems = run_package(package, targets, not args.sequential)
        problems += check_coverage(package, next(iter(targets.values())))
        results[package.pin] = counts, fixes
        failures += problems
        total = {t: sum(c.values()) for t, c in counts.items()}
        fixed = {t: sum(c.values()) for t, c in fixes.items()}
        took, failed = time.perf_counter() - start, " FAILED" if problems else ""
        print(f"{package.pin}: {total} findings, {fixed} fixes ({took:.0f} s){failed}", flush=True)
        if args.check:
            failures += compare(package.pin, snapshot.get(package.pin), counts, fixes)
    if args.update:
        for pin, (counts, fixes) in results.items():
            record(snapshot, pin, counts, fixes)
        SNAPSHOT.write_text(json.dumps(dict(sorted(snapshot.items())), indent=1, sort_keys=True) + "\n")
        print(f"wrote {SNAPSHOT}")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    print("primer:", "FAILED" if failures else "ok", f"({len(packages)} packages, {len(targets)} targets)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
