"""A team's rules (``rules-path``) proven by their own examples when they are loaded.

The test suite proves every shipped rule by linting its examples
(``tests/rulebook/test_rule_examples.py``): the bad one must raise exactly that rule's
message, once, and the good one nothing.  A team's rule never goes through that
suite, and a rule whose example does not do what it says would report wrongly or
never: so the same is asked of it at load time, and a rule that fails is a
``RuleError`` like any other mistake in its file.

Cheaply, because pylint pays for it at start-up: no pylint run, nested or not.
Each example is built by astroid without its inference (:mod:`pylint_hubcompat.facts.trees`)
and put through the plugin's own analysis -- the checker's gate, ``facts.collect``
and ``Engine.evaluate`` -- with the shipped rules and this one, as the test suite
lints a shipped rule among the others, under the example's target (the newest known
releases, with ``example.target`` / ``example.good_target`` applied as the
``tf-version`` / ``hub-version`` options are).  The team's other rules are not
asked: they may overlap on purpose (a rule against any ``import tensorflow_hub``
would leave every other hub rule without a proof).  The example stands alone: no
project root, so no project files, no project scan and no ``model-formats``.

Imported only when ``rules-path`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from astroid import MANAGER, nodes
from astroid.exceptions import AstroidSyntaxError

from pylint_hubcompat.facts import collect as facts
from pylint_hubcompat.facts import trees
from pylint_hubcompat.rulebook import triggers
from pylint_hubcompat.rulebook.engine import Engine
from pylint_hubcompat.rulebook.loading import Rule, RuleError
from pylint_hubcompat.target import releases
from pylint_hubcompat.target.distributions import DISTRIBUTIONS
from pylint_hubcompat.target.model import FILE, OPTION, Constraint, Source, Target, complete

#: The name the examples are built under: not a module name, so no import can mean it.
_MODULE = "hubcompat-rule-example"


class _Proof:  # pylint: disable=too-few-public-methods  # one question, asked per example
    """The rules an example is linted with, as the checker would have them: the gate, the engine, the context."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.engine = Engine(rules)
        self.gate = triggers.Triggers.of_rules(rules)
        self.context = facts.Context()

    def raised(self, rule: Rule, key: str, code: str, target: Target) -> list[tuple[str, int]]:
        """(symbol, line) of every message the checker would report for ``code`` under ``target``."""
        data = code.encode("utf-8", "replace")
        if not triggers.mentions_tensorflow(data) or not self.gate.could_select(data):
            return []  # the checker leaves such a module before any analysis
        module = _build(rule, key, code)
        try:
            sites = facts.collect(module, self.engine.wanted, self.context)
            findings = self.engine.evaluate(sites, target)
        except RecursionError:
            raise RuleError(rule.path, repr(rule.symbol), key, "nested too deeply to be analysed") from None
        except Exception as exc:  # pylint: disable=broad-except  # a bug of ours: cannot be proven
            problem = f"could not be analysed ({type(exc).__name__}); please report this with the rule"
            raise RuleError(rule.path, repr(rule.symbol), key, problem) from None
        return sorted((finding.rule.symbol, finding.node.fromlineno or 0) for finding in findings)


def prove(rules: Sequence[Rule], shipped: Sequence[Rule]) -> None:
    """Raise ``RuleError`` for the first of ``rules`` whose examples do not prove it.

    Each rule is linted among the ``shipped`` ones (a shipped rule in place of
    itself): its bad example must raise its message once and nothing of theirs,
    its good one nothing at all, as in the test suite.
    """
    for rule in rules:
        proof = _Proof([*(r for r in shipped if r.symbol != rule.symbol), rule])
        where = (rule.path, repr(rule.symbol))
        target = _target(rule, rule.example_target, "example.target")
        raised = proof.raised(rule, "example.bad", rule.bad, target)
        if not raised:
            code = rule.bad.encode("utf-8", "replace")
            why = (
                ": the checker looks only at modules that mention tensorflow or tf_keras"
                if not triggers.mentions_tensorflow(code)
                else f" with {_describe(target)}" + ("" if rule.example_target else " (example.target sets others)")
            )
            raise RuleError(*where, "example.bad", f"raises nothing{why}; it must raise {rule.symbol} once")
        if [symbol for symbol, _ in raised] != [rule.symbol]:
            problem = f"raises {_listed(raised)}; expected {rule.symbol} once and nothing else"
            raise RuleError(*where, "example.bad", problem)
        good_target = _target(rule, rule.good_target, "example.good_target")
        raised = proof.raised(rule, "example.good", rule.good, good_target)
        if raised:
            raise RuleError(*where, "example.good", f"raises {_listed(raised)}; it must raise nothing")


def _build(rule: Rule, key: str, code: str) -> nodes.Module:
    try:
        module = trees.build(_MODULE, _MODULE, code)
    except AstroidSyntaxError as exc:
        error = exc.error
        line = getattr(error, "lineno", None)
        reason = getattr(error, "msg", None) or type(error).__name__
        shown = reason if len(reason) <= 80 else reason[:80] + "..."
        where = f" (line {line})" if line else ""
        raise RuleError(rule.path, repr(rule.symbol), key, f"not valid Python{where}: {shown}") from None
    except RecursionError:
        raise RuleError(rule.path, repr(rule.symbol), key, "nested too deeply to be analysed") from None
    finally:
        MANAGER.astroid_cache.pop(_MODULE, None)  # nothing of pylint's run should find it
    # The example has no file: what it imports is never looked for in a project (values._project_module).
    module.file = None
    return module


def _target(rule: Rule, versions: tuple[tuple[str, str], ...], key: str) -> Target:
    """The newest known releases, with the example's own versions applied like the version options (or locked)."""
    if rule.example_locked:
        return _locked(rule, versions, key)
    target = complete(None, {})
    for distribution, specifier in versions:
        where = (rule.path, repr(rule.symbol), f"{key}.{distribution}")
        try:
            target = target.override(distribution, specifier, Source(OPTION, text=key))
        except ValueError:
            raise RuleError(*where, "invalid version specifier") from None
        if not target[distribution].releases:
            raise RuleError(*where, "admits no known release")
    return target


def _locked(rule: Rule, versions: tuple[tuple[str, str], ...], key: str) -> Target:
    """The example's versions as a lock file holds them: installed as they are, fitting or not."""
    found = {}
    for distribution, specifier in versions:
        try:
            constraint = Constraint.build(distribution, specifier, (Source(FILE, file=key, line=1),))
        except ValueError:
            raise RuleError(
                rule.path, repr(rule.symbol), f"{key}.{distribution}", "invalid version specifier"
            ) from None
        if len(constraint.releases) != 1:
            problem = "must admit exactly one known release (example.locked)"
            raise RuleError(rule.path, repr(rule.symbol), f"{key}.{distribution}", problem)
        found[distribution] = constraint._replace(locked=True)
    return complete(None, found)


def _describe(target: Target) -> str:
    return ", ".join(f"{d} {releases.compact(d, target[d].releases)}" for d in DISTRIBUTIONS)


def _listed(raised: list[tuple[str, int]]) -> str:
    return ", ".join(f"{symbol} (line {line})" for symbol, line in raised)
