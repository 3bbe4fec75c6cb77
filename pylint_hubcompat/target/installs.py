"""What is really installed beside TensorFlow, where the resolver cannot promise it fits.

pip builds environments it warns about: ``pip install -U tensorflow`` (or ``!pip
install -U tensorflow`` in a notebook) moves TensorFlow on and leaves
tensorflow-text, tf-keras or keras behind, with a warning nobody reads.  A lock
file records such an environment, and so does the environment pylint runs in:
the resolver keeps both as they are (:func:`.model._solve`), and this module
says which of those companions then cannot be imported, and whether the
setuptools that ``import tensorflow_hub`` meets is the project's doing at all.
These are the facts of a target that rules may name (``vocabulary.TARGET_FACTS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from packaging.version import Version

from pylint_hubcompat.target import snapshot
from pylint_hubcompat.target.environment import ABSENT, ASSUMED, IMPLIED, UNKNOWN

if TYPE_CHECKING:
    from pylint_hubcompat.target.model import Constraint, Target

#: Target fact -> the companion whose release must fit the TensorFlow beside it.
COMPANIONS = {"text_clash": "tensorflow-text", "tf_keras_clash": "tf-keras", "keras_clash": "keras"}
#: The first Python whose venvs ship no setuptools (ensurepip stopped bundling it).
_BARE_VENVS = Version("3.12")
#: ``Source.kind`` of a version read from the environment pylint runs in.
_INSTALLED = "installed"


class Clash(NamedTuple):
    """Two present releases, one of which requires what the other is not."""

    requiring: Constraint
    required: Constraint
    requirement: str

    def describe(self) -> str:
        """``tensorflow-text 2.15.0 (uv.lock:12) requires tensorflow<2.16,>=2.15.0, beside tensorflow 2.21.0 (...)``."""
        return f"{_present_text(self.requiring)} requires {self.requirement}, beside {_present_text(self.required)}"


def facts(target: Target) -> Mapping[str, Any]:
    """Every target fact of ``target``."""
    found: dict[str, Any] = {key: clash(target, companion) is not None for key, companion in COMPANIONS.items()}
    found["tf_keras_missing"] = _tf_keras_missing(target)
    found["fresh_setuptools"] = _fresh_setuptools(target)
    return found


def describe(target: Target, conditions: Iterable[tuple[str, tuple[Any, ...]]]) -> str:
    """What makes the target facts of a rule's ``conditions`` hold, for its message; "" when they say nothing."""
    parts = []
    for key, allowed in conditions:
        found = clash(target, COMPANIONS[key]) if key in COMPANIONS and allowed == (True,) else None
        if found is not None:
            parts.append(found.describe())
        elif key == "tf_keras_missing" and allowed == (True,):
            hub, tensorflow = target["tensorflow-hub"], target["tensorflow"]
            parts.append(f"{_present_text(hub)} is beside {_present_text(tensorflow)} with no tf-keras")
    return "; ".join(parts)


def clash(target: Target, companion: str) -> Clash | None:
    """How the present ``companion`` and the present TensorFlow exclude each other, if they do.

    Only releases that are there count, each one exactly: a lock file's pin or what
    the environment has installed.  Ranges the project declares are the resolver's
    to fit, and it reports a configuration error where they cannot be.
    """
    tensorflow, other = target["tensorflow"], target[companion]
    if not (_present(tensorflow) and _present(other)):
        return None
    provider = target.inputs.provider if snapshot.has_package(target.inputs.provider) else "tensorflow"
    sides = ((other, companion, tensorflow, "tensorflow"), (tensorflow, provider, other, companion))
    for requiring, package, required, distribution in sides:
        release, needed = requiring.releases[0], required.releases[0]
        for name, mask in snapshot.edges(package, release):
            if name == distribution and not mask & snapshot.universe(distribution).mask_of((needed,)):
                texts = dict(snapshot.requirement_texts(package, release))
                return Clash(requiring, required, texts.get(distribution, distribution))
    return None


def _present(constraint: Constraint) -> bool:
    """One exact release that is there: locked, or installed where pylint runs."""
    return len(constraint.releases) == 1 and (
        constraint.locked or all(source.kind == _INSTALLED for source in constraint.sources)
    )


def _present_text(constraint: Constraint) -> str:
    return f"{constraint.distribution} {constraint.releases[0]} ({constraint.source})"


def _tf_keras_missing(target: Target) -> bool:
    """A present tensorflow-hub and TensorFlow, and no tf-keras: a complete lock or environment lacks it."""
    tf_keras = target["tf-keras"]
    return _present(target["tensorflow-hub"]) and _present(target["tensorflow"]) and tf_keras.origin == ABSENT


def _fresh_setuptools(target: Target) -> bool:
    """Whether the setuptools ``import tensorflow_hub`` meets is the one the target says.

    tensorflow requires ``setuptools`` without a version, which any setuptools
    satisfies: in a Python 3.11 (or older) venv, the one ensurepip bundled stays.
    What the project declares, locks or has installed is its own; an assumed one
    is what pip brings only where the venv has none, on Python 3.12 and newer.
    """
    setuptools = target["setuptools"]
    if setuptools.origin == UNKNOWN or not setuptools.releases:
        return False
    if setuptools.origin not in (ASSUMED, IMPLIED):
        return True
    pythons = target["python"].releases
    return bool(pythons) and all(python >= _BARE_VENVS for python in pythons)
