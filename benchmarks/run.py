"""Benchmark: what the hubcompat plugin costs on real TensorFlow code.

    .venv/bin/python benchmarks/run.py            # full run (~40 min on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # a few minutes: small packages, fewer repetitions
    .venv/bin/python benchmarks/run.py --write    # also rewrite docs/benchmarks.md with the results

Measured, per linting environment (without TensorFlow, and with the real TensorFlow
environments of ``.cache/runtime/envs`` when they exist), interleaved per package
(a b c a b c ...) and reported as the fastest of the repetitions:

  a  pylint --disable=all --enable=syntax-error                       (the floor: parsing)
  b  a + --load-plugins=pylint_hubcompat --enable=hubcompat           (the plugin inside pylint)
  c  hubcompat check                                                  (only if the command exists)
  d  hubcompat fix --diff                                             (only if c and the command exist)
  e  hubcompat plan --format=json                                     (only if c and the command exist)

b and c are not given the same files: on a directory, plain ``pylint --recursive=y`` skips
the folders without ``__init__.py`` inside a package, and ``hubcompat check`` lints them
(and notebooks).  The goal "same findings" is read as: on the files b lints (pylint's
own expansion of the same paths, :func:`corpus.pylint_files`), c's findings equal b's;
and c lints at least those files (the count c reports on stderr), both counts reported.
d is given c's paths and, like c, leaves the target to each package's own configuration;
it lints as c does, then lints again in memory the files its fixes changed, and prints
their diff: the goal is d within 1.5 times c's CPU time, over the corpus.  The fixes it
would make (its stderr summary, safe fixes only, as users run it first) are reported.
e judges every module on every TensorFlow release line from each package's target to
the newest, lints again on what the plan's moves make of it and counts the fixes there:
the goal is e within 2 times c's CPU time (the parse and the facts are shared, only the
engine runs per line).

Each run is one process per package with ``-j 1``; its CPU time (user+sys), wall
time and peak RSS come from ``os.wait4``.  CPU time is the headline figure, and the
fastest run counts (as ``timeit`` does): on a shared virtual machine a neighbour
can only make a run slower, so the minimum is the measurement and the spread is noise.
Python runs as users have it, writing and reusing bytecode (``PYTHONDONTWRITEBYTECODE``
is dropped, and a warm-up run per environment compiles everything first).
Also measured: the single-file latency of a vs b (the IDE case) on the ~2,000-line
TensorFlow module of each package and on a module that uses tensorflow_hub (each also
with the garbage collector off, which isolates the plugin's own work, and, without
TensorFlow, in instructions counted by callgrind when valgrind is installed), and target
detection on a synthetic project with a 3,000-package ``uv.lock`` and a 40-deep ``-r`` chain.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus, envs  # noqa: E402

FLOOR = ["-m", "pylint", "--persistent=n", "--recursive=y", "--disable=all", "--enable=syntax-error"]
PLUGIN = ["--load-plugins=pylint_hubcompat", "--enable=hubcompat"]
CHECK = ["-m", "pylint_hubcompat", "check", "--persistent=n"]
FIX_DIFF = ["-m", "pylint_hubcompat", "fix", "--diff", "--persistent=n"]
PLAN = ["-m", "pylint_hubcompat", "plan", "--format=json", "--persistent=n"]
#: The goal for d: ``hubcompat fix --diff`` costs at most this many times ``hubcompat check`` (CPU).
FIX_OVER_CHECK = 1.5
#: The goal for e: ``hubcompat plan`` over every release line costs at most this many times ``check`` (CPU).
PLAN_OVER_CHECK = 2.0
TEMPLATE = "--msg-template={path}:{line}:{column}:{symbol}"
#: A module that uses tensorflow_hub, so the whole analysis runs: the IDE case at its dearest.
IDE_HUB_MODULE = ("tf-models-official", "official/nlp/tools/export_tfhub_lib_test.py")
#: The children run as users' Python does: compiling modules once, not on every start.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
QUICK_PACKAGES = ["tensorflow-hub", "bert-tensorflow", "tflite-model-maker", "rasa"]
DOC = corpus.REPO / "docs" / "benchmarks.md"


#: a, b, c, d: the commands measured (the module docstring).
LABELS = ("a", "b", "c", "d", "e")


@dataclass
class Sample:
    cpu: float
    wall: float
    rss_kb: int
    findings: frozenset = frozenset()
    #: The last summary line on stderr: ``hubcompat:`` (c), ``hubcompat fix:`` (d).
    summary: str = ""


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def best(self, attr: str) -> float:
        return min(getattr(s, attr) for s in self.samples)


#: How the summary lines of ``hubcompat check`` and ``hubcompat fix`` begin.
SUMMARIES = ("hubcompat:", "hubcompat fix:")
_FIXES_SHOWN = re.compile(r"^hubcompat fix: (\d+) fix(?:es)? would be made in (\d+) files?\b")


def measure(command: list[str], cwd: Path) -> tuple[Sample, str]:
    """Run ``command`` once; CPU, wall and peak memory of that one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=CHILD_ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
    if process.returncode < 0 or process.returncode >= 32:  # a signal or a usage error (bit 1 is also parse-error)
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)} in {cwd}\n{text[-2000:]}")
    summary = next((line for line in reversed(errors.splitlines()) if line.startswith(SUMMARIES)), "")
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, summary=summary), text


def findings(text: str) -> frozenset:
    """(path, line, column, symbol) of every hubcompat message in ``--msg-template`` output."""
    found = set()
    for line in text.splitlines():
        match = re.match(r"^(.+?):(\d+):(\d+):([a-z][a-z-]+)$", line)
        if match and match.group(4).startswith(("hub", "tf-")):  # ours: not pylint's option noise
            found.add((match.group(1), int(match.group(2)), int(match.group(3)), match.group(4)))
    return frozenset(found)


@dataclass(frozen=True)
class Agreement:
    """c against b: the same findings on the files b lints, and at least those files linted."""

    same: bool
    only_b: list
    only_c: list
    b_files: int
    c_files: int | None

    @property
    def holds(self) -> bool:
        return self.same and self.c_files is not None and self.c_files >= self.b_files


def agreement(b: frozenset, c: frozenset, b_files: set[str], c_summary: str) -> Agreement:
    """Compare c's findings with b's on the files b lints; c's findings elsewhere are what it adds."""
    on_b_files = frozenset(f for f in c if os.path.normpath(f[0]) in b_files)
    return Agreement(b == on_b_files, sorted(b - on_b_files)[:5], sorted(on_b_files - b)[:5], len(b_files),
                     corpus.checked_files(c_summary))


def fixes_shown(summary: str) -> tuple[int, int] | None:
    """(fixes, files) ``hubcompat fix --diff`` says it would make, from its summary line; None if it says nothing."""
    match = _FIXES_SHOWN.match(summary)
    return (int(match.group(1)), int(match.group(2))) if match else None


def command_available(python: str, command: str) -> bool:
    """Whether ``hubcompat COMMAND`` exists in that environment (an older installed plugin may lack it)."""
    try:
        done = subprocess.run([python, "-m", "pylint_hubcompat", command, "--help"], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and b"usage" in (done.stdout + done.stderr).lower()


# -- the corpus benchmark --------------------------------------------------------


def bench_corpus(
    env: envs.LintEnv, packages: list[corpus.Package], reps: int, with_check: bool, with_fix: bool,
    with_plan: bool = False,
) -> dict:
    results: dict[str, dict[str, Series]] = {p.name: {k: Series() for k in LABELS} for p in packages}
    for rep in range(reps):
        for package in packages:
            cwd = package.directory
            targets = [str(t.relative_to(cwd)) for t in corpus.lint_targets(cwd)]
            commands = {
                "a": [env.python, *FLOOR, TEMPLATE, *targets],
                "b": [env.python, *FLOOR, *PLUGIN, TEMPLATE, *targets],
            }
            if with_check:
                commands["c"] = [env.python, *CHECK, TEMPLATE, *targets]
            if with_fix:
                commands["d"] = [env.python, *FIX_DIFF, TEMPLATE, *targets]
            if with_plan:
                commands["e"] = [env.python, *PLAN, *targets]
            for label, command in commands.items():
                sample, text = measure(command, cwd)
                sample.findings = findings(text)
                results[package.name][label].samples.append(sample)
            b = results[package.name]["b"].samples[-1]
            a = results[package.name]["a"].samples[-1]
            print(f"  [{env.name} rep {rep + 1}/{reps}] {package.name}: a {a.cpu:.1f}s  b {b.cpu:.1f}s "
                  f"(b/a {b.cpu / a.cpu:.3f})" + (f"  c {results[package.name]['c'].samples[-1].cpu:.1f}s" if with_check else "")
                  + (f"  d {results[package.name]['d'].samples[-1].cpu:.1f}s" if with_fix else "")
                  + (f"  e {results[package.name]['e'].samples[-1].cpu:.1f}s" if with_plan else ""),
                  flush=True)
    return results


def summarize(results: dict, packages: list[corpus.Package], with_check: bool) -> dict:
    rows = []
    total = {f"{label}_{k}": 0.0 for k in ("cpu", "wall") for label in LABELS}
    files = lines = 0
    peak = dict.fromkeys(LABELS, 0)
    mismatches = []
    for package in packages:
        series = results[package.name]
        n_files, n_lines = corpus.size(package.directory)
        files, lines = files + n_files, lines + n_lines
        row = {"package": package.pin, "files": n_files, "lines": n_lines}
        for label in LABELS:
            if not series[label].samples:
                continue
            row[f"{label}_cpu"] = series[label].best("cpu")
            row[f"{label}_wall"] = series[label].best("wall")
            row[f"{label}_rss_mb"] = max(s.rss_kb for s in series[label].samples) / 1024
            total[f"{label}_cpu"] += row[f"{label}_cpu"]
            total[f"{label}_wall"] += row[f"{label}_wall"]
            peak[label] = max(peak[label], max(s.rss_kb for s in series[label].samples))
        row["findings"] = len(series["b"].samples[0].findings)
        if with_check:
            cwd = package.directory
            b_files = corpus.pylint_files(cwd, [str(t.relative_to(cwd)) for t in corpus.lint_targets(cwd)])
            c = series["c"].samples[0]
            agreed = agreement(series["b"].samples[0].findings, c.findings, b_files, c.summary)
            row["same_findings"] = agreed.same
            row["b_files"], row["c_files"] = agreed.b_files, agreed.c_files
            row["c_findings"] = len(c.findings)
            if not agreed.holds:
                mismatches.append((package.pin, agreed.only_b, agreed.only_c, agreed.b_files, agreed.c_files))
        if series["d"].samples:
            row["d_fixes"] = fixes_shown(series["d"].samples[0].summary)
        rows.append(row)
    return {"rows": rows, "total": total, "files": files, "lines": lines, "peak_kb": peak, "mismatches": mismatches}


def fix_goal(env_name: str, summary: dict) -> tuple[str, str, str, bool]:
    """The goal row for d: ``hubcompat fix --diff`` within :data:`FIX_OVER_CHECK` times c's CPU, over the corpus."""
    t = summary["total"]
    ratio = t["d_cpu"] / t["c_cpu"]
    shown = [r["d_fixes"] for r in summary["rows"] if r.get("d_fixes")]
    fixes, files = sum(n for n, _ in shown), sum(m for _, m in shown)
    result = (f"{ratio:.2f}x ({t['d_cpu']:.1f} s vs {t['c_cpu']:.1f} s CPU); "
              f"{fixes} fix{'es' if fixes != 1 else ''} would be made in {files} file{'s' if files != 1 else ''}")
    return (f"d vs c (`fix --diff` vs `check`), `{env_name}`", f"<= {FIX_OVER_CHECK}x c's CPU", result,
            ratio <= FIX_OVER_CHECK)


def plan_goal(env_name: str, summary: dict) -> tuple[str, str, str, bool]:
    """The goal row for e: ``hubcompat plan`` within :data:`PLAN_OVER_CHECK` times c's CPU, over the corpus."""
    t = summary["total"]
    ratio = t["e_cpu"] / t["c_cpu"]
    result = f"{ratio:.2f}x ({t['e_cpu']:.1f} s vs {t['c_cpu']:.1f} s CPU)"
    return (f"e vs c (`plan` over every line vs `check`), `{env_name}`", f"<= {PLAN_OVER_CHECK}x c's CPU", result,
            ratio <= PLAN_OVER_CHECK)


# -- the IDE case and detection ------------------------------------------------------


def warm_up(env: envs.LintEnv) -> None:
    """Lint the dearest module once, so every module of pylint and the plugin is compiled before timing."""
    package = corpus.BY_NAME[IDE_HUB_MODULE[0]]
    measure([env.python, *FLOOR, *PLUGIN, IDE_HUB_MODULE[1]], package.directory)


#: pylint with Python's cyclic garbage collector off: the plugin's own cost, wherever full collections fall.
WITHOUT_GC = ["-c", "import gc, runpy, sys; gc.disable(); sys.argv[0] = 'pylint'; runpy.run_module('pylint', run_name='__main__')"]
#: pylint printing how many full (generation 2) collections it ran; not timed.
COUNT_GC = ["-c", "import atexit, gc, runpy, sys; n = []; "
            "gc.callbacks.append(lambda phase, info: phase == 'stop' and info['generation'] == 2 and n.append(1)); "
            "atexit.register(lambda: print(f'full-collections={len(n)}')); "
            "sys.argv[0] = 'pylint'; runpy.run_module('pylint', run_name='__main__')"]
#: The IDE case: in each corpus package, the module closest to this many lines that imports TensorFlow
#: but not tensorflow_hub (as most modules of a TensorFlow project), if one is within a quarter of it.
IDE_LINES = 2000
#: At least this many repetitions there: runs under a second are the ones a neighbour's burst spoils.
IDE_REPS = 10
#: Counts the instructions a run executes in user space (its Python code among them).
CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
_IMPORTS_TENSORFLOW = re.compile(rb"^[ \t]*(?:import|from) tensorflow\b", re.MULTILINE)


def ide_modules(packages: list[corpus.Package]) -> list[tuple[corpus.Package, str]]:
    """The typical modules a developer saves, chosen by the rule above, not by hand: none is picked for its luck."""
    chosen = []
    for package in packages:
        candidates = []
        for path in corpus.python_files(package.directory):
            data = path.read_bytes()
            distance = abs(data.count(b"\n") - IDE_LINES)
            if distance <= IDE_LINES // 4 and _IMPORTS_TENSORFLOW.search(data) and b"tensorflow_hub" not in data:
                candidates.append((distance, str(path.relative_to(package.directory))))
        if candidates:
            chosen.append((package, min(candidates)[1]))
    return chosen


def count_instructions(command: list[str], cwd: Path) -> int:
    """The instructions a run executes, counted by callgrind (about 50 times slower than the run).

    Unlike CPU time they do not depend on what else the machine runs: on this shared
    VM a neighbour's burst moves a 0.4 s run by more than the plugin costs.  System
    calls are not counted (pylint's and the plugin's file reads).
    """
    done = subprocess.run([*CALLGRIND, *command], cwd=cwd, env={**CHILD_ENV, "PYTHONHASHSEED": "0"},
                          capture_output=True, text=True, check=False)
    found = re.findall(r"Collected : (\d+)", done.stderr)
    if not found:
        raise RuntimeError(f"callgrind failed on {command}: {done.stderr[-500:]}")
    return int(found[-1])


def bench_single_files(env: envs.LintEnv, reps: int, modules: list[tuple[corpus.Package, str]],
                       instructions: bool = False) -> list[dict]:
    """a vs b per module, interleaved; also with the garbage collector off, and how many full collections each ran.

    With TensorFlow installed astroid builds a heap of TensorFlow modules, and a full
    collection over it costs a tenth of a second.  CPython starts one when the objects
    that survived since the last one reach a quarter of the heap, so any allocation
    (the plugin's rules, or any other plugin's) can make one more fall before the exit:
    per module that is luck, over several modules it averages out.
    """
    series = {(p.name, path): {k: Series() for k in ("a", "b", "a_no_gc", "b_no_gc")} for p, path in modules}
    floor = FLOOR[2:]  # without "-m pylint"
    for _ in range(reps):
        for package, path in modules:
            s, cwd = series[package.name, path], package.directory
            s["a"].samples.append(measure([env.python, *FLOOR, path], cwd)[0])
            s["b"].samples.append(measure([env.python, *FLOOR, *PLUGIN, path], cwd)[0])
            s["a_no_gc"].samples.append(measure([env.python, *WITHOUT_GC, *floor, path], cwd)[0])
            s["b_no_gc"].samples.append(measure([env.python, *WITHOUT_GC, *floor, *PLUGIN, path], cwd)[0])
    rows = []
    for package, path in modules:
        s = series[package.name, path]
        outputs = [measure([env.python, *COUNT_GC, *floor, *extra, path], package.directory)[1] for extra in ([], PLUGIN)]
        collections = [re.findall(r"full-collections=(\d+)", text)[-1] for text in outputs]
        lines = (package.directory / path).read_bytes().count(b"\n")
        rows.append({"module": f"{package.pin}: {path}", "lines": lines, "a_cpu": s["a"].best("cpu"),
                     "b_cpu": s["b"].best("cpu"), "a_rss_mb": max(x.rss_kb for x in s["a"].samples) / 1024,
                     "b_rss_mb": max(x.rss_kb for x in s["b"].samples) / 1024,
                     "no_gc_delta": s["b_no_gc"].best("cpu") - s["a_no_gc"].best("cpu"),
                     "full_collections": " → ".join(collections)})
        if instructions:
            rows[-1]["a_instr"], rows[-1]["b_instr"] = (
                count_instructions([env.python, *FLOOR, *extra, path], package.directory) for extra in ([], PLUGIN)
            )
    return rows


DETECT_SCRIPT = r"""
import json, statistics, sys, time
from pathlib import Path
t0 = time.perf_counter()
from pylint_hubcompat.target import detection
imported = time.perf_counter() - t0
root = Path(sys.argv[1]); leaf = root / "src" / "pkg" / "deep" / "module.py"
times = []
for i in range(int(sys.argv[2])):
    detection.clear_caches()
    start = time.perf_counter()
    found = detection.find_root(leaf)
    target = detection.detect_target(found)
    times.append(time.perf_counter() - start)
print(json.dumps({"first": times[0], "median": statistics.median(times[1:] or times), "import": imported,
                  "root": str(found), "tensorflow": str(target["tensorflow"].releases[0]) + ".." + str(target["tensorflow"].releases[-1]),
                  "problems": len(target.problems)}))
"""


def synthetic_project(folder: Path, packages: int = 3000, depth: int = 40) -> Path:
    """A project with a ``uv.lock`` of ``packages`` packages and a ``-r`` chain ``depth`` files deep."""
    root = folder / "bigproject"
    (root / "src" / "pkg" / "deep").mkdir(parents=True)
    (root / "src" / "pkg" / "deep" / "module.py").write_text("import tensorflow_hub as hub\n")
    (root / "pyproject.toml").write_text('[project]\nname = "big"\nversion = "1"\ndependencies = ["tensorflow>=2.12"]\n')
    lock = ['version = 1\nrequires-python = ">=3.10"\n']
    for i in range(packages):
        name = "tensorflow" if i == packages // 2 else f"package-{i:05d}"
        version = "2.15.1" if name == "tensorflow" else f"1.{i % 50}.{i % 7}"
        lock.append(
            f'[[package]]\nname = "{name}"\nversion = "{version}"\nsource = {{ registry = "https://pypi.org/simple" }}\n'
            f'dependencies = [\n    {{ name = "package-{(i + 1) % packages:05d}" }},\n]\n'
            f'sdist = {{ url = "https://files.example/{name}-{version}.tar.gz", hash = "sha256:{i:064x}", size = {1000 + i} }}\n'
            f'wheels = [\n    {{ url = "https://files.example/{name}-{version}-py3-none-any.whl", hash = "sha256:{i + 1:064x}", size = {2000 + i} }},\n]\n'
        )
    (root / "uv.lock").write_text("\n".join(lock))
    (root / "requirements").mkdir()
    (root / "requirements.txt").write_text("-r requirements/level-00.txt\n")
    for level in range(depth):
        body = [f"-r level-{level + 1:02d}.txt" if level + 1 < depth else "tensorflow-hub>=0.12"]
        body += [f"dep-{level}-{j}>=1.{j}  # pinned for reasons" for j in range(25)]
        (root / "requirements" / f"level-{level:02d}.txt").write_text("\n".join(body) + "\n")
    return root


def bench_detection(env: envs.LintEnv, repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        root = synthetic_project(Path(folder))
        lock_mb = (root / "uv.lock").stat().st_size / 1e6
        out = subprocess.run([env.python, "-c", DETECT_SCRIPT, str(root), str(repeats)],
                             check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["lock_mb"] = lock_mb
    return result


# -- report -------------------------------------------------------------------------


def _fmt_ratio(x: float) -> str:
    return f"{x:.3f}"


def render(report: dict) -> str:
    out = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py --write` (do not edit by hand); the method is in",
        "the docstring of `benchmarks/run.py`. Corpus: pinned PyPI archives unpacked into",
        "`.cache/corpus/src/` (never committed), each its own project root.",
        "",
        f"- date: {report['date']}",
        f"- machine: {report['machine']}",
        f"- Python {report['python']}, {report['pylint']}",
        f"- repetitions: {report['reps']} (the fastest of each counts), {'quick' if report['quick'] else 'full'} run; `-j 1`, `--persistent=n`",
        "- a = `pylint --disable=all --enable=syntax-error` (the floor), "
        "b = a + `--load-plugins=pylint_hubcompat --enable=hubcompat`, c = `hubcompat check`, "
        "d = `hubcompat fix --diff` (c's paths)",
        "- CPU = user+sys seconds of the pylint process (the headline: the machine is shared, so wall time is noisy)",
        "",
        "## Goals",
        "",
        "| goal | target | result | met |",
        "|---|---|---|---|",
    ]
    for goal in report["goals"]:
        out.append(f"| {goal[0]} | {goal[1]} | {goal[2]} | {'yes' if goal[3] else '**no**'} |")
    for env_report in report["envs"]:
        s = env_report["summary"]
        t = s["total"]
        out += [
            "",
            f"## Corpus, environment `{env_report['env']}` ({env_report['note']})",
            "",
            "| package | files | lines | a CPU s | b CPU s | b/a | c CPU s | c/a | d CPU s | d/c | b wall s "
            "| a MB | b MB | c MB | d MB | findings b | b = c on b's files | files b lints | files c lints "
            "| findings c | fixes d (files) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
        ]
        for r in s["rows"]:
            c = f"{r['c_cpu']:.2f} | {_fmt_ratio(r['c_cpu'] / r['a_cpu'])}" if "c_cpu" in r else "- | -"
            d = f"{r['d_cpu']:.2f} | {_fmt_ratio(r['d_cpu'] / r['c_cpu'])}" if "d_cpu" in r else "- | -"
            fixes = f"{r['d_fixes'][0]} ({r['d_fixes'][1]})" if r.get("d_fixes") else "-"
            out.append(
                f"| {r['package']} | {r['files']} | {r['lines']} | {r['a_cpu']:.2f} | {r['b_cpu']:.2f} | "
                f"{_fmt_ratio(r['b_cpu'] / r['a_cpu'])} | {c} | {d} | {r['b_wall']:.2f} | {r['a_rss_mb']:.0f} | "
                f"{r['b_rss_mb']:.0f} | {r.get('c_rss_mb', 0):.0f} | {r.get('d_rss_mb', 0):.0f} | {r['findings']} | "
                f"{r.get('same_findings', '-')} | {r.get('b_files', '-')} | {r.get('c_files', '-')} | "
                f"{r.get('c_findings', '-')} | {fixes} |"
            )
        c_total = f"{t['c_cpu']:.1f} | {_fmt_ratio(t['c_cpu'] / t['a_cpu'])}" if env_report["check"] else "- | -"
        d_total = f"{t['d_cpu']:.1f} | **{_fmt_ratio(t['d_cpu'] / t['c_cpu'])}**" if env_report["fix"] else "- | -"
        out.append(
            f"| **total** | {s['files']} | {s['lines']} | {t['a_cpu']:.1f} | {t['b_cpu']:.1f} | "
            f"**{_fmt_ratio(t['b_cpu'] / t['a_cpu'])}** | {c_total} | {d_total} | {t['b_wall']:.1f} | "
            f"{s['peak_kb']['a'] / 1024:.0f} | {s['peak_kb']['b'] / 1024:.0f} | {s['peak_kb']['c'] / 1024:.0f} | "
            f"{s['peak_kb']['d'] / 1024:.0f} | | | | | | |"
        )
        out += [
            "",
            f"Throughput (CPU): a {s['files'] / t['a_cpu']:.1f} files/s, {s['lines'] / t['a_cpu']:,.0f} lines/s; "
            f"b {s['files'] / t['b_cpu']:.1f} files/s, {s['lines'] / t['b_cpu']:,.0f} lines/s"
            + (f"; c {s['files'] / t['c_cpu']:.1f} files/s, {s['lines'] / t['c_cpu']:,.0f} lines/s" if env_report["check"] else "")
            + f". Wall: a {t['a_wall']:.1f} s, b {t['b_wall']:.1f} s (b/a {t['b_wall'] / t['a_wall']:.3f})"
            + (f", c {t['c_wall']:.1f} s" if env_report["check"] else "")
            + (f", d {t['d_wall']:.1f} s (d/c {t['d_wall'] / t['c_wall']:.3f})." if env_report["fix"] else "."),
        ]
        if not env_report["check"]:
            out.append("\n`hubcompat check` is not available in this environment: columns c and d skipped.")
        elif not env_report["fix"]:
            out.append("\n`hubcompat fix` is not available in this environment: column d skipped.")
        for pin, only_b, only_c, b_files, c_files in s["mismatches"]:
            out.append(f"\n{pin}: on the files b lints, only b {only_b}, only c {only_c}; "
                       f"files linted: b {b_files}, c {c_files}")
    if report.get("ide"):
        out += ["", f"## Single file (the IDE case), fastest of {max(report['reps'], IDE_REPS)} repetitions", "",
                f"The typical modules: in each corpus package, the module closest to {IDE_LINES:,} lines that imports "
                "TensorFlow but not tensorflow_hub, if one is within a quarter of that. The goal is read on their sum, "
                "the time of saving each of them once. The last module of each environment uses tensorflow_hub, so the "
                "whole analysis runs (target detection included): the dearest case.", "",
                "With TensorFlow installed astroid builds a heap of TensorFlow modules, and one full collection of "
                "CPython's garbage collector over it costs about a tenth of a second. CPython starts one when what "
                "survived since the last one reaches a quarter of the heap, so any allocation before that (the "
                "plugin's rules, or any other plugin's) can make one more fall before the exit. Column \"full "
                "collections\" shows where that happened; column \"GC off\" is b - a with the collector off in both, "
                "the plugin's own work.", "",
                "On this shared virtual machine CPU time moves by more than the plugin costs when a neighbour is busy "
                "(host CPU steal), even as the fastest of many runs. Without TensorFlow, where one run under callgrind "
                "takes about a minute, column \"b/a instructions\" gives the instructions each run executes (valgrind "
                "--tool=callgrind, one run each): the same whatever else the machine does. The goal is read on them "
                "there.", "",
                "| environment | module | lines | a CPU s | b CPU s | b - a CPU s | b/a CPU | b/a instructions "
                "| full collections a → b | b - a CPU s, GC off | a MB | b MB |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for env_name, typical, dearest in report["ide"]:
            out += [_ide_row(env_name, r) for r in typical]
            if typical:
                out.append(_ide_row(env_name, _ide_total(typical)))
            out += [_ide_row(env_name, r) for r in dearest]
    if report.get("detection"):
        d = report["detection"]
        out += ["", "## Target detection", "",
                f"Synthetic project: `uv.lock` with 3,000 packages ({d['lock_mb']:.1f} MB), a 40-file `-r` chain of "
                f"25 requirements each, `pyproject.toml`; `find_root` + `detect_target` from a module three directories down, caches cleared each time.",
                "", "| first call in a fresh process (ms) | median of repeats (ms) | importing detection (ms) | result |",
                "|---:|---:|---:|---|",
                f"| {d['first'] * 1000:.1f} | {d['median'] * 1000:.1f} | {d['import'] * 1000:.0f} | tensorflow {d['tensorflow']}, {d['problems']} problems |"]
    if report.get("notes"):
        out += ["", "## Notes", ""] + [f"- {n}" for n in report["notes"]]
    return "\n".join(out) + "\n"


def _ide_total(typical: list[dict]) -> dict:
    """The typical modules as one row: the time of saving each of them once."""
    total = {"module": f"**all {len(typical)} typical modules**", "full_collections": ""}
    for key in ("lines", "a_cpu", "b_cpu", "no_gc_delta", "a_instr", "b_instr"):
        if all(key in r for r in typical):
            total[key] = sum(r[key] for r in typical)
    for key in ("a_rss_mb", "b_rss_mb"):
        total[key] = max(r[key] for r in typical)
    return total


def _ide_row(env_name: str, r: dict) -> str:
    instructions = f"{r['b_instr'] / r['a_instr']:.3f}" if "a_instr" in r else "-"
    return (f"| {env_name} | {r['module']} | {r['lines']} | {r['a_cpu']:.3f} | {r['b_cpu']:.3f} | "
            f"{r['b_cpu'] - r['a_cpu']:.3f} | {r['b_cpu'] / r['a_cpu']:.3f} | {instructions} | "
            f"{r['full_collections']} | {r['no_gc_delta']:.3f} | {r['a_rss_mb']:.0f} | {r['b_rss_mb']:.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"packages {', '.join(QUICK_PACKAGES)}, 2 repetitions")
    parser.add_argument("--packages", nargs="+", help="corpus packages (default: all)")
    parser.add_argument("--reps", type=int, help="repetitions (default 3, quick 2)")
    parser.add_argument("--tf-envs", default="current", help="comma-separated .cache/runtime/envs names, or 'none'")
    parser.add_argument("--tf-packages", nargs="+", help="corpus packages for the TensorFlow environments (default: as --packages)")
    parser.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(corpus.REPO)}")
    parser.add_argument("--json", type=Path, help="also dump the raw report here")
    args = parser.parse_args(argv)

    reps = args.reps or (2 if args.quick else 3)
    packages = corpus.select(args.packages or (QUICK_PACKAGES if args.quick else None))
    tf_packages = corpus.select(args.tf_packages) if args.tf_packages else packages
    for package in {p.name: p for p in packages + tf_packages}.values():
        corpus.fetch(package)
    corpus.fetch(corpus.BY_NAME[IDE_HUB_MODULE[0]])

    lint_envs: list[tuple[envs.LintEnv, list[corpus.Package]]] = [(envs.plain(), packages)]
    notes = []
    for name in [n for n in args.tf_envs.split(",") if n and n != "none"]:
        env = envs.with_tensorflow(name)
        if env is None:
            notes.append(f"`.cache/runtime/envs/{name}` does not exist (python3 tests/runtime/envs.py builds it): skipped.")
        else:
            lint_envs.append((env, tf_packages))

    pylint_version = subprocess.run([sys.executable, "-m", "pylint", "--version"], capture_output=True, text=True).stdout
    report: dict = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {_cpu_model()}, {_memory()}, load average at start "
        f"{os.getloadavg()[0]:.1f}",
        "python": platform.python_version(),
        "pylint": ", ".join(pylint_version.splitlines()[:2]),
        "reps": reps,
        "quick": args.quick,
        "envs": [],
        "ide": [],
        "notes": notes,
    }
    goals = []
    for env, pkgs in lint_envs:
        with_check = command_available(env.python, "check")
        with_fix = with_check and command_available(env.python, "fix")
        with_plan = with_check and command_available(env.python, "plan")
        warm_up(env)
        print(f"== {env.name}: {env.note}; hubcompat check {'available' if with_check else 'absent'}, "
              f"hubcompat fix {'available' if with_fix else 'absent'}", flush=True)
        results = bench_corpus(env, pkgs, reps, with_check, with_fix, with_plan)
        summary = summarize(results, pkgs, with_check)
        report["envs"].append({"env": env.name, "note": env.note, "check": with_check, "fix": with_fix,
                               "summary": summary})
        t = summary["total"]
        goals.append((f"b/a CPU, `{env.name}`", "<= 1.05", _fmt_ratio(t["b_cpu"] / t["a_cpu"]), t["b_cpu"] / t["a_cpu"] <= 1.05))
        peak = summary["peak_kb"]
        goals.append((f"peak memory b vs a, `{env.name}`", "within 10%", f"{peak['b'] / 1024:.0f} MB vs {peak['a'] / 1024:.0f} MB "
                      f"({(peak['b'] / peak['a'] - 1) * 100:+.1f}%)", peak["b"] <= peak["a"] * 1.10))
        if with_check:
            same = not summary["mismatches"]
            b_files = sum(r.get("b_files", 0) for r in summary["rows"])
            c_files = sum(r.get("c_files") or 0 for r in summary["rows"])
            goals.append((f"c vs b, `{env.name}`", ">= 5x faster; on the files b lints, c's findings equal b's, and c lints more",
                          f"{t['b_cpu'] / t['c_cpu']:.2f}x faster (CPU), findings on b's files "
                          f"{'identical' if same else 'DIFFER'}; files linted: b {b_files}, c {c_files}",
                          t["b_cpu"] / t["c_cpu"] >= 5 and same))
        if with_fix:
            goals.append(fix_goal(env.name, summary))
        if with_plan:
            goals.append(plan_goal(env.name, summary))
        typical = ide_modules(pkgs)
        # Counting takes minutes per module with TensorFlow installed: only where pylint alone is quick.
        counted = env.name == envs.plain().name and shutil.which("valgrind") is not None
        dearest = (corpus.BY_NAME[IDE_HUB_MODULE[0]], IDE_HUB_MODULE[1])
        rows = bench_single_files(env, max(reps, IDE_REPS), [*typical, dearest], instructions=counted)
        typical_rows, dearest_rows = rows[: len(typical)], rows[len(typical) :]
        report["ide"].append((env.name, typical_rows, dearest_rows))
        if typical_rows:
            t = _ide_total(typical_rows)
            ratios = [r["b_cpu"] / r["a_cpu"] for r in typical_rows]
            result = (f"{t['b_cpu']:.2f} s vs {t['a_cpu']:.2f} s CPU for {len(typical_rows)} modules "
                      f"({t['b_cpu'] / t['a_cpu']:.3f}); per module {min(ratios):.3f} to {max(ratios):.3f}")
            ratio = t["b_cpu"] / t["a_cpu"]
            if counted:
                ratio = t["b_instr"] / t["a_instr"]
                result += f"; instructions {ratio:.3f}"
            target = "<= 1.05 (same goal), over the typical modules; on instructions where counted"
            goals.append((f"single-file b/a (IDE), `{env.name}`", target, result, ratio <= 1.05))
    report["detection"] = bench_detection(envs.plain(), 21)
    goals.append(("target detection per project root", "<= 20 ms", f"{report['detection']['median'] * 1000:.1f} ms "
                  f"(first call {report['detection']['first'] * 1000:.1f} ms)", report["detection"]["median"] <= 0.020))
    report["goals"] = goals
    text = render(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=lambda o: sorted(o) if isinstance(o, frozenset) else str(o)))
    if args.write:
        DOC.write_text(text)
        print(f"wrote {DOC}")
    return 0


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return "unknown RAM"


if __name__ == "__main__":
    raise SystemExit(main())
