"""Rules x sites x target -> findings.  Nothing here knows a particular rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat import runtime
from pylint_hubcompat.facts import SELECTORS, Site
from pylint_hubcompat.rulebook import Condition, Rule
from pylint_hubcompat.target import Target


@dataclass(frozen=True)
class Finding:
    rule: Rule
    node: nodes.NodeNG
    text: str


class Engine:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        names: dict[str, set[str]] = defaultdict(set)
        for rule in self.rules:
            names[rule.selector].update(rule.names)
        #: The names each selector must look for, handed to the fact collector.
        self.wanted = {selector: frozenset(names[selector]) for selector in SELECTORS}

    def evaluate(self, sites: Iterable[Site], target: Target) -> list[Finding]:
        findings = []
        for site in sites:
            if site.guarded:
                continue
            for rule in self.rules:
                if rule.selector == site.selector and _selects(rule, site):
                    affected = _affected(rule.condition, site, target)
                    if affected is not None:
                        findings.append(Finding(rule, site.node, _message(rule, site, target, affected)))
        return findings


def _selects(rule: Rule, site: Site) -> bool:
    if rule.selector == "use":
        return any(site.name == n or site.name.startswith(n + ".") for n in rule.names)
    return site.name in rule.names


Affected = dict[str, tuple[Version, ...]]


def _affected(condition: Condition, site: Site, target: Target) -> Affected | None:
    """The admitted releases for which ``condition`` holds at ``site``, or None if none do."""
    for key, allowed in condition.facts:
        if site.facts.get(key) not in allowed:
            return None
    affected: Affected = {}
    for distribution, specifier in condition.versions:
        matching = target[distribution].matching(specifier)
        if not matching:
            return None
        affected[distribution] = matching
    if condition.runtimes is not None:
        releases = affected.get("tensorflow", target["tensorflow"].releases)
        matching = tuple(v for v in releases if _mode(v, site) in condition.runtimes)
        if not matching:
            return None
        affected["tensorflow"] = matching
    return affected


def _mode(release: Version, site: Site) -> str:
    return runtime.TF1 if release.major < 2 else site.mode


def _message(rule: Rule, site: Site, target: Target, affected: Affected) -> str:
    handle = site.handle
    fields = {
        "call": site.text,
        "handle": handle.handle if handle else "the model",
        "model": handle.describe() if handle and handle.known else "the model",
        "successor": f" ({handle.successor})" if handle and handle.successor else "",
        "tf": target["tensorflow"].describe(affected.get("tensorflow")),
        "hub": target["tensorflow-hub"].describe(affected.get("tensorflow-hub")),
        "keras": target["keras"].describe(affected.get("keras")),
        "detail": site.detail,
    }
    text = rule.message.format(**fields)
    for note in rule.notes:
        if _affected(note.condition, site, target) is not None:
            text += " " + note.text
    return text
