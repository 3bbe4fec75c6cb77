"""The mode of a function from its callers: in its module, and in the project's other modules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from astroid import nodes

from pylint_hubcompat.facts import callers, modes, qualified, trees
from tests.trees import write_tree


def analysis(path: Path, project: callers.Project | None = None, code: str | None = None) -> modes.ModeAnalysis:
    module = trees.build(str(path), path.stem, code)
    calls = [(call, qualified.qualified_name(call.func)) for call in module.nodes_of_class(nodes.Call)]
    return modes.ModeAnalysis(module, calls, "auto", lambda: False, project)


def mode_in(code: str, function: str, project: callers.Project | None = None, path: Path = Path("m.py")) -> str:
    """The mode at the ``hub.Module(...)`` call of ``function`` (there must be one)."""
    result = analysis(path, project, textwrap.dedent(code))
    (site,) = [
        call
        for call in result.module.nodes_of_class(nodes.Call)
        if call.func.as_string() == "hub.Module" and call.scope().name == function
    ]
    return result.mode_at(site)


ESTIMATOR_MODULE = """
import tensorflow as tf
import tensorflow_hub as hub
from absl import app


def in_graph(x):
    return hub.Module("h")(x)


def unrelated(x):
    return hub.Module("h")(x)


def given_away(x):
    return hub.Module("h")(x)


def through_a_lambda(x):
    return hub.Module("h")(x)


def model_fn(features, labels, mode):
    return in_graph(features)


def main(argv):
    del argv
    config = tf.estimator.RunConfig()
    estimator = tf.estimator.Estimator(model_fn=model_fn, config=config)
    estimator.train(input_fn=given_away)
    estimator.evaluate(input_fn=lambda: through_a_lambda(1))
    return unrelated(1)


if __name__ == "__main__":
    app.run(main)
"""


@pytest.mark.parametrize(
    ("function", "mode"),
    [
        ("in_graph", modes.GRAPH),
        # The RunConfig is the Estimator's business, not this eager function's.
        ("unrelated", modes.TF2),
        ("given_away", modes.UNKNOWN),
        ("through_a_lambda", modes.UNKNOWN),
    ],
)
def test_a_module_driving_an_estimator(function: str, mode: str) -> None:
    assert mode_in(ESTIMATOR_MODULE, function, project=None) == mode


def test_a_function_called_from_graph_code_is_not_judged_eager() -> None:
    code = """
    import tensorflow as tf
    import tensorflow_hub as hub

    def features(x):
        return hub.Module("h")(x)

    def main():
        images = tf.compat.v1.placeholder(tf.float32, [None, 3])
        return features(images)

    main()
    """
    assert mode_in(code, "features") == modes.UNKNOWN


@pytest.mark.parametrize(
    "extra",
    [
        "handler = globals()['helper']",
        "handler = getattr(__import__(__name__), 'hel' + 'per')",
        "@tf.function\ndef traced():\n    return helper(1)",
    ],
)
def test_what_cannot_be_followed_is_unknown_in_an_estimator_module(extra: str) -> None:
    code = (
        "import tensorflow as tf\nimport tensorflow_hub as hub\n\n"
        "def helper(x):\n    return hub.Module('h')(x)\n\n"
        "config = tf.estimator.RunConfig()\n" + extra + "\n"
    )
    assert mode_in(code, "helper") == modes.UNKNOWN


ESTIMATOR_HELPER = """
import tensorflow as tf
import tensorflow_hub as hub


def helper(x):
    return hub.Module("h")(x)


config = tf.estimator.RunConfig()
"""


def test_uncalled_in_an_estimator_module_is_unknown_until_a_caller_is_seen(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"helpers.py": ESTIMATOR_HELPER, "notes.py": "# helpers.helper\n"})
    path = root / "helpers.py"
    assert mode_in(ESTIMATOR_HELPER, "helper") == modes.UNKNOWN
    assert mode_in(ESTIMATOR_HELPER, "helper", callers.Project(str(root)), path) == modes.UNKNOWN
    write_tree(root, {"main.py": "from helpers import helper\n\nhelper(1)\n"})
    assert mode_in(ESTIMATOR_HELPER, "helper", callers.Project(str(root)), path) == modes.TF2


def test_without_graph_markers_an_uncalled_function_is_eager_as_before() -> None:
    code = "import tensorflow_hub as hub\n\ndef helper(x):\n    return hub.Module('h')(x)\n"
    assert mode_in(code, "helper") == modes.TF2


def test_callers_in_other_modules(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "helpers.py": EMBED,
            "model.py": MODEL_FN,
            "compat.py": "import tensorflow as tf\nfrom helpers import embed\n\ntf.compat.v1.disable_v2_behavior()\n"
            "embed(1)\n",
            "graph.py": "import tensorflow as tf\nfrom helpers import embed\n\nwith tf.Graph().as_default():\n"
            "    embed(1)\n",
        },
    )
    project = callers.Project(str(root))
    helpers = root / "helpers.py"
    assert mode_in(helpers.read_text(), "embed", project, helpers) == modes.GRAPH
    write_tree(root, {"eager.py": "from helpers import embed\n\nembed(1)\n"})
    assert mode_in(helpers.read_text(), "embed", callers.Project(str(root)), helpers) == modes.TF2


EMBED = """
import tensorflow_hub as hub


def embed(x):
    return hub.Module("h")(x)
"""
MODEL_FN = """
from helpers import embed


def model_fn(features, labels, mode):
    return embed(features)
"""


def chain(length: int) -> dict[str, str]:
    """``step0.f0`` (the hub.Module) called by ``step1.f1``, ..., the last called by a model_fn."""
    files = {"step0.py": "import tensorflow_hub as hub\n\n\ndef f0(x):\n    return hub.Module('h')(x)\n"}
    for i in range(1, length):
        files[f"step{i}.py"] = f"from step{i - 1} import f{i - 1}\n\n\ndef f{i}(x):\n    return f{i - 1}(x)\n"
    last = length - 1
    files["model.py"] = (
        f"from step{last} import f{last}\n\n\ndef model_fn(features, labels, mode):\n    return f{last}(features)\n"
    )
    return files


def test_transitive_callers_are_followed_to_a_bounded_depth(tmp_path: Path) -> None:
    near = write_tree(tmp_path / "near", chain(modes.MAX_DEPTH - 1))
    far = write_tree(tmp_path / "far", chain(modes.MAX_DEPTH + 2))
    for root, expected in ((near, modes.GRAPH), (far, modes.UNKNOWN)):
        path = root / "step0.py"
        assert mode_in(path.read_text(), "f0", callers.Project(str(root)), path) == expected


def test_callers_calling_each_other_end_in_unknown(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "a.py": "import tensorflow_hub as hub\nfrom b import g\n\n\n"
            "def f(x):\n    g(x)\n    return hub.Module('h')(x)\n",
            "b.py": "from a import f\n\n\ndef g(x):\n    return f(x)\n",
        },
    )
    path = root / "a.py"
    assert mode_in(path.read_text(), "f", callers.Project(str(root)), path) == modes.UNKNOWN
