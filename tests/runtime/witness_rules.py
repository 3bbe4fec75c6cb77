"""The rules that carry a runtime proof, read straight from ``rules/*.toml``.

Why read the TOML here instead of asking ``pylint_hubcompat.rulebook.loading``: the
runtime proof must stand on its own.  If the engine's loader had a bug that
dropped a rule or a key, a proof built on top of it would silently prove less.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import tomllib
from envs import ENV_NAMES, REPO_ROOT

#: HUBCOMPAT_RUNTIME_RULES tries a draft rules folder without touching rules/.
RULES_DIR = Path(os.environ.get("HUBCOMPAT_RUNTIME_RULES") or REPO_ROOT / "rules")
#: What a ``[rule.runtime]`` table may say (the rule loader only checks that it is a table of strings).
KEYS = ("env", "good_env", "also_envs", "raises", "match", "skip", "check_bad", "check_good",
        "check_fixed", "local_bad", "local_good")
#: The runtime keys that hold code (the others are names and message fragments).
CODE_KEYS = ("check_bad", "check_good", "check_fixed", "local_bad", "local_good")
#: How a check says what it showed: ``print("effect:", "hub weights changed ...")``.  The
#: report quotes these lines, so a good example's row says what the fix achieved.
EFFECT_PREFIX = "effect:"


@dataclass(frozen=True)
class Witness:
    """One rule's runtime claim: how its bad example fails and its good one works."""

    symbol: str
    category: str
    path: str
    bad: str
    good: str
    env: str | None = None
    #: The bad example as ``hubcompat fix`` leaves it (``example.fixed``): it must run as a good one.
    fixed: str | None = None
    #: Where the good example runs, when the fix is a different environment (the same
    #: code on compatible versions, as for a version conflict); default: ``env``.
    good_env: str | None = None
    #: More environments where the bad and the good runs are repeated, for a failure
    #: and a fix that do not depend on ``env``'s versions.  The linter verdict stays
    #: ``env``'s: the rule itself may be about those versions only.
    also_envs: tuple[str, ...] = ()
    raises: str | None = None
    match: str | None = None
    skip: str | None = None
    check_bad: str | None = None
    check_good: str | None = None
    #: The check of the fixed example, where the fix takes another road to the good one's
    #: effect (default: ``check_good``).
    check_fixed: str | None = None
    #: What runs instead of the bad / good example when the examples need what one
    #: machine does not have (a cluster of machines): a faithful equivalent of each on
    #: this machine.  The linter verdict is still about the examples.
    local_bad: str | None = None
    local_good: str | None = None
    #: Keys of the table that mean nothing here (a typo would silently prove less).
    unknown: tuple[str, ...] = ()

    @property
    def envs(self) -> tuple[str, ...]:
        """Where the bad example runs: ``env``, then ``also_envs``."""
        return (self.env, *self.also_envs) if self.env else self.also_envs

    @property
    def bad_source(self) -> str:
        """The code the bad runs start from: the bad example or its local equivalent."""
        return self.local_bad or self.bad

    @property
    def good_source(self) -> str:
        """The code the good runs start from: the good example or its local equivalent."""
        return self.local_good or self.good

    def problem(self) -> str | None:
        """Why this runtime table cannot be checked as written, or None."""
        if self.unknown:
            return f"unknown runtime key {self.unknown[0]!r} (known: {', '.join(KEYS)})"
        if self.skip:
            return None
        for key, env in (("env", self.env), ("good_env", self.good_env or self.env),
                         *(("also_envs", env) for env in self.also_envs)):
            if env not in ENV_NAMES:
                return f"runtime.{key} must be one of {list(ENV_NAMES)}, got {env!r}"
        if len(set(self.envs)) < len(self.envs):
            return "runtime.also_envs repeats an environment"
        if self.also_envs and self.good_env:
            return "runtime.also_envs with runtime.good_env (where would the good runs go?)"
        if bool(self.local_bad) != bool(self.local_good):
            return "runtime.local_bad and runtime.local_good go together"
        if not (self.raises or self.check_bad):
            return "runtime needs `raises` (with `match`) or `check_bad`, or a `skip` reason"
        if self.match and not self.raises:
            return "runtime.match without runtime.raises"
        return None


def load_witnesses(rules_dir: Path = RULES_DIR) -> list[Witness]:
    """Every ``[[rule]]`` with a ``[rule.runtime]`` table, in file and rule order."""
    witnesses = []
    for path in sorted(rules_dir.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for rule in data.get("rule", []):
            runtime = rule.get("runtime")
            if runtime is None:
                continue
            example = rule.get("example", {})
            witnesses.append(
                Witness(
                    symbol=rule["symbol"],
                    category=rule.get("category", ""),
                    path=str(path),
                    bad=example.get("bad", ""),
                    good=example.get("good", ""),
                    fixed=example.get("fixed"),
                    env=runtime.get("env"),
                    good_env=runtime.get("good_env"),
                    also_envs=tuple(runtime.get("also_envs", "").replace(",", " ").split()),
                    raises=runtime.get("raises"),
                    match=runtime.get("match"),
                    skip=runtime.get("skip"),
                    check_bad=runtime.get("check_bad"),
                    check_good=runtime.get("check_good"),
                    check_fixed=runtime.get("check_fixed"),
                    local_bad=runtime.get("local_bad"),
                    local_good=runtime.get("local_good"),
                    unknown=tuple(sorted(set(runtime) - set(KEYS))),
                )
            )
    return witnesses


@dataclass(frozen=True)
class Snippet:
    """One piece of code a rule file holds: an example or a runtime snippet."""

    path: str
    symbol: str
    key: str  # "example.bad", "runtime.check_good", ...
    source: str


def rule_snippets(rules_dir: Path = RULES_DIR) -> list[Snippet]:
    """The examples and runtime snippets of *every* rule (with a runtime table or not).

    Why all of them: each may be run one day (a rule gains a runtime table), and
    every handle literal in them must be one the handle table knows.
    """
    snippets = []
    for path in sorted(rules_dir.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for rule in data.get("rule", []):
            symbol = rule.get("symbol", "?")
            for key, value in rule.get("example", {}).items():
                if isinstance(value, str):
                    snippets.append(Snippet(str(path), symbol, f"example.{key}", value))
            for key in CODE_KEYS:
                value = rule.get("runtime", {}).get(key)
                if isinstance(value, str):
                    snippets.append(Snippet(str(path), symbol, f"runtime.{key}", value))
    return snippets


def effects(stdout: str) -> list[str]:
    """The effect statements a check printed (``effect: ...`` lines, prefix removed)."""
    return [line.strip()[len(EFFECT_PREFIX):].strip() for line in stdout.splitlines()
            if line.strip().startswith(EFFECT_PREFIX)]


def good_env(witness: Witness) -> str | None:
    """The environment the good example runs in (the first, with ``also_envs``)."""
    return witness.good_env or witness.env


def good_envs(witness: Witness) -> tuple[str | None, ...]:
    """Every environment the good example runs in."""
    return (good_env(witness), *witness.also_envs)


def with_check(example: str, check: str | None) -> str:
    """The example followed by a check that observes its (silent) behaviour."""
    if not check:
        return example
    return example.rstrip("\n") + "\n\n# --- runtime check ---\n" + check.strip("\n") + "\n"
