"""Rules x sites x target -> findings.  Nothing here knows a particular rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat.facts import modes
from pylint_hubcompat.facts.collect import Site
from pylint_hubcompat.facts.handles import HOW_TF2_PREVIEW
from pylint_hubcompat.facts.vocabulary import SELECTORS
from pylint_hubcompat.rulebook.loading import Alternative, Condition, Rule
from pylint_hubcompat.target import installs
from pylint_hubcompat.target.model import Target

Affected = dict[str, tuple[Version, ...]]


class Finding(NamedTuple):
    rule: Rule
    node: nodes.NodeNG
    text: str
    #: Where the rule matched, and the admitted releases it is about: what a fix is made from.
    site: Site | None = None
    affected: Affected | None = None
    #: Decided by exactly known facts only (:func:`exact`): pylint's confidence HIGH, else INFERENCE.
    exact: bool = False


class Engine:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        names: dict[str, set[str]] = defaultdict(set)
        for rule in self.rules:
            for alternative in rule.alternatives:
                names[alternative.selector].update(alternative.names)
        #: The names each selector must look for, handed to the fact collector.
        self.wanted = {selector: frozenset(names[selector]) for selector in SELECTORS}

    def possible(self, target: Target) -> list[Alternative]:
        """The alternatives whose versions ``target`` can satisfy: no other can give a finding there."""
        return [
            a
            for rule in self.rules
            for a in rule.alternatives
            if _admitted(a.condition, _judged(rule, target)) is not None
        ]

    def evaluate(self, sites: Iterable[Site], target: Target) -> list[Finding]:
        findings = []
        reported: set[str] = set()
        for site in sites:
            if site.guarded:
                continue
            for rule in self.rules:
                if rule.once_per_module and rule.symbol in reported:
                    continue
                for alternative in rule.alternatives:
                    if alternative.selector != site.selector or not _selects(alternative, site):
                        continue
                    judged = _judged(rule, target)
                    affected = _affected(alternative.condition, site, judged)
                    if affected is not None:
                        node = site.node_for(key for key, _ in alternative.condition.facts)
                        text = _message(rule, site, judged, affected, alternative.condition)
                        certain = exact(alternative.condition, site, judged, affected)
                        findings.append(Finding(rule, node, text, site, affected, certain))
                        reported.add(rule.symbol)
                        break
        return sorted(findings, key=lambda f: (f.node.fromlineno or 0, f.node.col_offset or 0))


def _judged(rule: Rule, target: Target) -> Target:
    return target.as_installed if rule.as_installed else target


def _selects(alternative: Alternative, site: Site) -> bool:
    if alternative.selector == "use":
        return any(site.name == n or site.name.startswith(n + ".") for n in alternative.names)
    return site.name in alternative.names


def _affected(condition: Condition, site: Site, target: Target) -> Affected | None:
    """The admitted releases for which ``condition`` holds at ``site``, or None if none do."""
    for key, allowed in condition.facts:
        if site.fact(key) not in allowed:
            return None
    affected = _admitted(condition, target)
    if affected is None:
        return None
    if condition.runtimes is not None:
        releases = affected.get("tensorflow", target["tensorflow"].releases)
        matching = tuple(v for v in releases if _mode(v, site) in condition.runtimes)
        if not matching:
            return None
        affected["tensorflow"] = matching
    return affected


def _admitted(condition: Condition, target: Target) -> Affected | None:
    """The releases the condition's versions admit in ``target`` (None: the condition cannot hold there)."""
    for key, allowed in condition.target_facts:
        if target.fact(key) not in allowed:
            return None
    for distribution, specifier in condition.every:
        admitted = target[distribution].releases
        if not admitted or len(target[distribution].matching(specifier)) != len(admitted):
            return None
    affected: Affected = {}
    for distribution, specifier in condition.versions:
        matching = target[distribution].matching(specifier)
        if not matching:
            return None
        affected[distribution] = matching
    return affected


def exact(condition: Condition, site: Site, target: Target, affected: Affected) -> bool:
    """Whether what decided the finding is known exactly, not inferred from a range or a default.

    The versions that decided it are those of the distributions its condition names
    (``affected``, and those every admitted release must satisfy): each must be one
    release the project pins, locks or is given by an option (``Constraint.exact``),
    not a range of several, the newest of a range, or the newest assumed when the
    project declares none.  A condition on the model's format needs the format known
    from the handle itself (the catalog, a Kaggle URL, the model's directory, the
    ``model-formats`` option), not guessed from ``tf2-preview`` in its name or unknown.
    """
    decided = {*affected, *(distribution for distribution, _ in condition.every)}
    if not all(target[distribution].exact for distribution in decided):
        return False
    if any(key == "format" for key, _ in condition.facts):
        handle = site.handle
        return handle is not None and handle.known and handle.how != HOW_TF2_PREVIEW
    return True


def _mode(release: Version, site: Site) -> str:
    return modes.TF1 if release.major < 2 else site.mode


def _message(rule: Rule, site: Site, target: Target, affected: Affected, condition: Condition) -> str:
    handle = site.handle
    fields = {
        "call": site.text,
        "handle": handle.handle if handle else "the model",
        "model": handle.describe() if handle and handle.known else "the model",
        "successor": f" ({handle.successor})" if handle and handle.successor else "",
        "tf": target["tensorflow"].describe(affected.get("tensorflow")),
        "hub": target["tensorflow-hub"].describe(affected.get("tensorflow-hub")),
        "keras": target["keras"].describe(affected.get("keras")),
        "setuptools": target["setuptools"].describe(affected.get("setuptools")),
        "clash": installs.describe(target, condition.target_facts),
        "detail": site.detail,
    }
    # A placeholder with nothing to say ({detail} at most sites) leaves no double space behind.
    text = rule.message.format(**fields).replace("  ", " ").strip()
    for note in rule.notes:
        if _affected(note.condition, site, target) is not None:
            text += " " + note.text
    return text
