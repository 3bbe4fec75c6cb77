"""Names are read as the code spells them, whatever astroid happened to build first."""

from __future__ import annotations

import pytest

from pylint_hubcompat.facts import qualified
from tests.marked import in_both_trees


@pytest.mark.parametrize("code", [
    pytest.param(
        "import tensorflow_hub as hub\nclass Encoder:\n    def reset(self):\n        Encoder.hub = None\n"
        "    layer = __(hub.KerasLayer)\n",
        id="an attribute set on the class is not a binding of its body",
    ),
    pytest.param(
        "import tensorflow_hub as hub\nclass Encoder:\n    def build(self):\n        return __(hub.KerasLayer)\n"
        "Encoder.hub = None\n",
        id="nor of its methods",
    ),
])
def test_the_import_is_found(code):
    for tree in in_both_trees(code):
        assert qualified.qualified_name(tree) == "tensorflow_hub.KerasLayer"


def test_a_name_bound_in_the_class_body_is_not_the_import():
    code = "import tensorflow_hub as hub\nclass Encoder:\n    hub = None\n    layer = __(hub.KerasLayer)\n"
    for tree in in_both_trees(code):
        assert qualified.qualified_name(tree) is None
