"""The trees ``hubcompat check`` lints: astroid's, without the inference it runs while building.

astroid finishes every module it builds by inferring: the object of each
``obj.attr = value`` (to file the attribute under the class or module it
infers), and the predicates of its brain transforms (is this class an enum, a
dataclass, an attrs class?).  That inference follows the module's names into
the modules they come from -- the project's other modules and, when it is
installed, TensorFlow -- and it is most of what parsing a TensorFlow module
costs.  The hubcompat checker never infers.  It reads import statements,
attribute chains and the bindings the code spells, and the skipped step adds
none of those:

* ``obj.attr = value`` filed among a class's or module's bindings:
  :func:`pylint_hubcompat.facts.qualified.bindings` leaves such entries out;
* transforms of classes with decorators, metaclasses or bases (enums, attrs,
  dataclasses, named tuples): the values of such classes' attributes are never
  read (``values._plain_class``);
* inference tips: only inference reads them.

So while hubcompat's messages are the only ones enabled, ``hubcompat check``
builds the modules it lints this way: the same findings as pylint's own trees
give, for a fraction of the work.  Modules built on demand (a project
constant's module, the source of an ``import *``) are astroid's usual ones.
"""

from __future__ import annotations

from astroid import MANAGER, nodes
from astroid.builder import AstroidBuilder


class _SpelledBuilder(AstroidBuilder):
    """astroid's builder, less the inference after the tree is built."""

    def __init__(self) -> None:
        super().__init__(MANAGER, apply_transforms=False)

    def delayed_assattr(self, node: nodes.AssignAttr) -> None:
        """Not filed: see the module's docstring."""


def build(path: str, modname: str, data: str | None = None) -> nodes.Module:
    """The module of file ``path`` (or of ``data``, its source, for a notebook); astroid's errors propagate."""
    builder = _SpelledBuilder()
    if data is not None:
        return builder.string_build(data, modname, path)
    return builder.file_build(path, modname)
