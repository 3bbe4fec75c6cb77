"""Fixers that constrain a distribution in the project's own dependency file.

``pin-setuptools`` (hub-setuptools-pkg-resources): setuptools 82 removed
``pkg_resources``, which tensorflow_hub 0.13-0.16.1 import; a declared setuptools
gets ``<82``, and a project that declares none gets ``setuptools<82`` beside its
tensorflow-hub.  ``fit-hub-and-tensorflow`` (hub-version-conflict): a pinned
tensorflow_hub that cannot be imported on the TensorFlow pip picks gets that
TensorFlow's declaration narrowed, ``<2.16`` (or ``>=1.15``).

Each fix is checked against the resolver before it is offered: the project, so
edited, must still be installable together, and what it then admits (what pip then
picks, for hub-version-conflict) must be out of the rule's reach.  Where the
versions come from a lock file, an option, a notebook or the environment, the
project's files are not what decides them, and no fix is offered.
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.fixes.context import FixContext, Proposal
from pylint_hubcompat.fixes.dependencies import files
from pylint_hubcompat.fixes.dependencies.specifier_edits import Narrowing
from pylint_hubcompat.target.environment import UNKNOWN
from pylint_hubcompat.target.model import Constraint, Source, Target, resolve

#: The newest setuptools line that still has ``pkg_resources`` is 81.
SETUPTOOLS = Narrowing("setuptools", "<82", replace_conflicting=True)
#: TensorFlow 2.16 dropped tf.estimator, which tensorflow_hub 0.15 and older import.
_ESTIMATOR_GONE = Version("2.16")
#: tensorflow_hub 0.10 and newer need TensorFlow 1.15.
_HUB_NEEDS = Version("1.15")


def pin_setuptools(context: FixContext) -> Proposal | None:
    """``setuptools<82`` in the declaration of setuptools, or beside tensorflow-hub where the project has none."""
    target = context.target
    declared = files.declarations(target, "setuptools")
    if declared is None:
        return None
    if declared:
        narrowed = files.narrow(target, SETUPTOOLS)
        if narrowed is None:
            return None
        edits, specifier, sources = narrowed
    else:
        hub = files.declarations(target, "tensorflow-hub")
        edits = files.add_beside(target, "tensorflow-hub", "setuptools" + SETUPTOOLS.bound) or ()
        specifier, sources = SpecifierSet(SETUPTOOLS.bound), hub or ()
    if not edits:
        return None
    fitted = refit(target, "setuptools", specifier, sources)
    if fitted is None or not _all_within(fitted, "setuptools", SETUPTOOLS.bound):
        return None
    return Proposal(edits)


def fit_hub_and_tensorflow(context: FixContext) -> Proposal | None:
    """The declaration of tensorflow narrowed to the releases the project's tensorflow-hub imports on."""
    target = context.target
    picked = context.affected.get("tensorflow", ())
    if picked and all(release >= _ESTIMATOR_GONE for release in picked):
        bound = f"<{_ESTIMATOR_GONE}"
    elif picked and all(release < _HUB_NEEDS for release in picked):
        bound = f">={_HUB_NEEDS}"
    else:
        return None
    if not files.declarations(target, "tensorflow-hub"):
        return None  # the pin is an option's, a lock's or the environment's: the project's files do not say it
    narrowed = files.narrow(target, Narrowing("tensorflow", bound))
    if narrowed is None or not narrowed.edits:
        return None
    fitted = refit(target, "tensorflow", narrowed.specifier, narrowed.sources)
    if fitted is None or not _all_within(fitted.as_installed, "tensorflow", bound):
        return None
    return Proposal(narrowed.edits)


def refit(target: Target, distribution: str, specifier: SpecifierSet, sources: tuple[Source, ...]) -> Target | None:
    """The target once the project declares ``distribution`` as ``specifier``; None if it cannot be installed then.

    A declaration that admits no known release, one the resolver cannot fit beside
    the rest, or one that brings a configuration problem the project did not have
    is no fix.
    """
    constraint = Constraint.build(distribution, specifier, sources)
    if not constraint.releases:
        return None
    declared = {c.distribution: c for c in target.inputs.declared} | {distribution: constraint}
    unversioned = tuple((name, where) for name, where in target.inputs.unversioned if name != distribution)
    inputs = target.inputs._replace(declared=tuple(declared.values()), unversioned=unversioned)
    fitted = resolve(target.root, inputs, target.legacy_keras_source)
    if fitted[distribution].origin == UNKNOWN or not fitted[distribution].releases:
        return None
    if set(fitted.problems) - set(target.problems):
        return None
    return fitted


def _all_within(target: Target, distribution: str, bound: str) -> bool:
    releases = target[distribution].releases
    return bool(releases) and all(SpecifierSet(bound).contains(v, prereleases=True) for v in releases)
