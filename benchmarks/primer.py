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
  ``benchmarks/primer_snapshot.json`` (only the packages run are compared);
* a file ``hubcompat check`` neither lints nor says it skipped: once per package it runs
  ``hubcompat check --verbose`` on the same paths, and the files it reports checked must
  be every ``.py``, ``.pyi`` and ``.ipynb`` under them (counted as ``find`` counts them),
  less the files and the directories' files it lists as skipped (:func:`coverage`).  Plain
  pylint never enters a folder without ``__init__.py`` inside a package; two packages are
  here for their TF Hub code in such a place (``corpus.PRIMER_PACKAGES``).

Project roots: every package is unpacked into a directory of its own under
``.cache/corpus/src`` holding its real configuration (an sdist's ``setup.py`` /
``pyproject.toml``, or for a wheel a ``pyproject.toml`` written from the wheel's own
``Requires-Dist``), so target detection and the project scan stop at the package
instead of walking up into this repository.  The TensorFlow and tensorflow_hub
versions always come from the options, so the snapshot does not depend on what the
packages declare; Keras, ``TF_USE_LEGACY_KERAS`` and project-wide markers do come from
the package, as they would for its authors.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus  # noqa: E402

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


def run_package(package: corpus.Package, targets: dict[str, tuple[str, str]], parallel: bool) -> tuple[dict, list[str]]:
    counts: dict[str, dict[str, int]] = {}
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
    return counts, failures


def _ours(symbol: str) -> bool:
    """Our messages, and pylint's syntax errors and crashes; not pylint's option noise."""
    return symbol.startswith(("hub", "tf-")) or symbol in ("syntax-error", "parse-error", *CRASHES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", nargs="+",
                        help=f"corpus packages, by name or name==version (default: all; CI: {' '.join(CI_PACKAGES)})")
    parser.add_argument("--targets", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare the counts with the snapshot")
    mode.add_argument("--update", action="store_true", help="write the counts of the packages run into the snapshot")
    parser.add_argument("--sequential", action="store_true", help="run -j1 and -j2 one after the other")
    args = parser.parse_args(argv)

    packages = corpus.select(args.packages, corpus.PRIMER_PACKAGES)
    targets = {name: TARGETS[name] for name in args.targets}
    snapshot = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    failures: list[str] = []
    results: dict[str, dict] = {}
    for package in packages:
        corpus.fetch(package)
        start = time.perf_counter()
        counts, problems = run_package(package, targets, not args.sequential)
        problems += check_coverage(package, next(iter(targets.values())))
        results[package.pin] = counts
        failures += problems
        total = {t: sum(c.values()) for t, c in counts.items()}
        print(f"{package.pin}: {total} findings ({time.perf_counter() - start:.0f} s){' FAILED' if problems else ''}", flush=True)
        if args.check:
            expected = snapshot.get(package.pin)
            if expected is None:
                failures.append(f"{package.pin}: not in {SNAPSHOT.name}; run with --update")
            else:
                for name in targets:
                    if expected.get(name) != counts[name]:
                        failures.append(f"{package.pin} {name}: counts changed\n  expected {expected.get(name)}\n  got      {counts[name]}")
    if args.update:
        for pin, counts in results.items():
            snapshot.setdefault(pin, {}).update(counts)
        SNAPSHOT.write_text(json.dumps(dict(sorted(snapshot.items())), indent=1, sort_keys=True) + "\n")
        print(f"wrote {SNAPSHOT}")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    print("primer:", "FAILED" if failures else "ok", f"({len(packages)} packages, {len(targets)} targets)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
