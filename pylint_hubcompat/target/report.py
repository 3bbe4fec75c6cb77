"""What ``hubcompat detect`` shows: the target, where each part came from, and what was skipped.

A user who disagrees with a finding first wants to know which TensorFlow the
plugin assumed and why; this is that answer, for people (text) and for tools
(one JSON object).
"""

from __future__ import annotations

import json

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.environment import DECLARED
from pylint_hubcompat.target.model import Constraint, Target, links_text

#: The first TensorFlow whose ``tf.keras`` is Keras 3 by default.
KERAS3_TENSORFLOW = Version("2.16")


def keras3_releases(target: Target) -> tuple[Version, ...]:
    """The admitted TensorFlow releases whose ``tf.keras`` is Keras 3 for this project."""
    if target.legacy_keras_source:
        return ()
    return tuple(v for v in target["tensorflow"].releases if v >= KERAS3_TENSORFLOW)


def render_json(target: Target) -> str:
    """One JSON object: ``root``, one object per distribution, the Keras facts and the problems."""
    payload: dict[str, object] = {"root": str(target.root) if target.root else None}
    for constraint in target:
        payload[constraint.distribution] = {
            "specifier": constraint.specifier,
            "source": constraint.source,
            "sources": [source._asdict() for source in constraint.sources],
            "min": str(constraint.releases[0]) if constraint.releases else None,
            "max": str(constraint.releases[-1]) if constraint.releases else None,
            "count": len(constraint.releases),
            "releases": [str(v) for v in constraint.releases],
            "newer_than_known": constraint.newer_than_known,
            "origin": constraint.origin,
            "chain": [link._asdict() for link in constraint.chain],
            "picked": str(constraint.picked) if constraint.picked else None,
            "described": constraint.describe(),
        }
    payload["legacy_keras"] = str(target.legacy_keras_source) if target.legacy_keras_source else None
    payload["keras3"] = bool(keras3_releases(target))
    payload["problems"] = [{"path": p.path, "line": p.line, "message": p.message} for p in target.problems]
    return json.dumps(payload, indent=2)


def render_text(target: Target) -> str:
    """A few aligned lines a person reads in a terminal."""
    lines = [f"project root: {target.root or '(none found: no project configuration above this path)'}"]
    width = max(len(c.distribution) for c in target)
    for constraint in target:
        lines.append(f"  {constraint.distribution:<{width}}  {_describe(constraint)}")
    lines.append(f"  tf.keras: {_keras(target)}")
    if target.problems:
        lines.append("problems (these sources were skipped):")
        lines += [f"  {p.path}:{p.line}: {p.message}" for p in target.problems]
    return "\n".join(lines)


def _describe(constraint: Constraint) -> str:
    if constraint.origin != DECLARED:
        return constraint.describe()
    specifier = f"`{constraint.specifier}`" if constraint.specifier else "any version"
    text = f"{specifier} admits {_admitted(constraint)}  from {constraint.source}"
    if constraint.chain:
        text += f"; as far as {links_text(constraint.chain)}"
    if constraint.picked is not None and len(constraint.releases) > 1:
        text += f"; pip installs {constraint.picked}"
    return text


def _admitted(constraint: Constraint) -> str:
    shown = constraint.releases
    if not shown:
        return "no known release"
    if constraint.newer_than_known and not _admits(constraint, shown[-1]):
        # ``>2.21.0``, a nightly, an unreleased pin: the newest known release only stands in.
        return f"only releases newer than the known ones (judged as {shown[-1]})"
    span = str(shown[0]) if len(shown) == 1 else f"{shown[0]}-{shown[-1]}"
    newer = " and newer" if constraint.newer_than_known else ""
    count = f"{len(shown)} known release{'s' if len(shown) != 1 else ''}"
    gaps = releases.compact(constraint.distribution, shown)
    detail = f"; exactly {gaps}" if "," in gaps else ""
    return f"{span}{newer} ({count}{detail})"


def _admits(constraint: Constraint, version: Version) -> bool:
    try:
        return SpecifierSet(constraint.specifier).contains(version, prereleases=True)
    except InvalidSpecifier:  # alternatives joined by ``||``
        return True


def _keras(target: Target) -> str:
    tensorflow = target["tensorflow"]
    if target.legacy_keras_source:
        return f"Keras 2 from tf-keras: TF_USE_LEGACY_KERAS is set at {target.legacy_keras_source}"
    keras3 = keras3_releases(target)
    if not keras3:
        return f"Keras 2 (no admitted TensorFlow is {KERAS3_TENSORFLOW} or newer)"
    older = [v for v in tensorflow.releases if v < KERAS3_TENSORFLOW]
    with_keras3 = releases.compact("tensorflow", keras3)
    if older:
        return (
            f"Keras 3 with TensorFlow {with_keras3}, Keras 2 with {releases.compact('tensorflow', older)} "
            "(TF_USE_LEGACY_KERAS is not set)"
        )
    return f"Keras 3 (TensorFlow {with_keras3} admitted and TF_USE_LEGACY_KERAS is not set)"
