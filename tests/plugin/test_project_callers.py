"""A helper runs in the mode of its callers, which live in the project's other modules.

``tests/fixtures/projects/estimator_helpers``: ``trainer/features.py`` holds three
``hub.Module`` helpers; an Estimator ``model_fn`` calls two of them (one through
``trainer/layers.py``), a script without ``__init__.py`` calls the third eagerly,
and ``other/`` has a ``features.py`` of its own, with a function of the same name,
called eagerly by its neighbour.
"""

from __future__ import annotations

import os
from pathlib import Path

from pylint_hubcompat.facts import callers
from tests.lint import lint_file
from tests.trees import write_tree

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "estimator_helpers"
HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
REQUIREMENTS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"
EMBED = f"""
import tensorflow_hub as hub


def embed(x):
    return hub.Module("{HANDLE}")(x)
"""
MODEL_FN = """
from helpers import embed


def model_fn(features, labels, mode):
    return embed(features)
"""


def findings(path: Path, *options: str) -> list[tuple[str, int]]:
    return [(symbol, line) for symbol, line, _ in lint_file(path, *options)]


def test_only_the_helper_called_eagerly_is_reported() -> None:
    # text_features (line 10) and deep_features (line 15) run inside the model_fn's graph.
    assert findings(PROJECT / "trainer" / "features.py") == [("hub-module-eager", 20)]


def test_without_the_project_scan_each_module_is_judged_alone() -> None:
    assert findings(PROJECT / "trainer" / "features.py", "--project-scan=n") == [
        ("hub-module-eager", 10),
        ("hub-module-eager", 15),
        ("hub-module-eager", 20),
    ]


def test_any_eager_caller_is_enough(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "helpers.py": EMBED,
            "model.py": MODEL_FN,
            "main.py": "import helpers\n\nhelpers.embed(1)\n",
        },
    )
    assert findings(root / "helpers.py") == [("hub-module-eager", 5)]
    (root / "main.py").unlink()
    assert findings(root / "helpers.py") == []


def test_a_caller_that_cannot_be_followed_leaves_the_mode_unknown(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "helpers.py": EMBED,
            "model.py": MODEL_FN,
            "pipeline.py": "import tensorflow as tf\nfrom helpers import embed\n\n"
            "dataset = tf.data.Dataset.range(3).map(lambda x: embed(x))\n",
        },
    )
    assert findings(root / "helpers.py") == []


def test_a_module_without_a_hub_module_site_reads_no_other_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "layers.py": EMBED.replace(
                f'hub.Module("{HANDLE}")', 'hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")'
            ),
            "model.py": MODEL_FN.replace("helpers", "layers"),
        },
    )
    assert findings(root / "layers.py") == []
    project = callers.project(os.path.abspath(root))
    assert project.parses == 0
    assert project.memo == {}


def test_each_file_is_parsed_once_and_only_if_it_can_call(tmp_path: Path) -> None:
    files = {f"unrelated_{i}.py": "import tensorflow as tf\n\nx = tf.constant(1)\n" for i in range(20)}
    files.update(
        {
            "requirements.txt": REQUIREMENTS,
            "helpers.py": "import tensorflow_hub as hub\n"
            + "".join(f'\n\ndef embed_{i}(x):\n    return hub.Module("{HANDLE}")(x)\n' for i in range(3)),
            # Spells the helper's module in a comment only: its imports do not, so it is never parsed.
            "mentions.py": "# helpers embed_0 embed_1 embed_2\n",
            "model.py": (
                "from helpers import embed_0, embed_1, embed_2\n\n\n"
                "def model_fn(features, labels, mode):\n"
                "    return embed_0(features) + embed_1(features) + embed_2(features)\n"
            ),
        }
    )
    root = write_tree(tmp_path, files)
    assert findings(root / "helpers.py") == []
    assert callers.project(os.path.abspath(root)).parses == 1
