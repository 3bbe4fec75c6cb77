"""Small projects written into tmp, as users have them: TF files beside plain ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.trees import write_tree

#: Fails under TF2 eager execution (hub-module-eager) when tensorflow_hub < 0.16.
HUB_MODULE = '''\
import tensorflow as tf
import tensorflow_hub as hub

module = hub.Module("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2")
features = module(tf.zeros([1, 224, 224, 3]))
'''
#: Fine-tunes a TF1 Hub format model (hub-legacy-finetune).
LEGACY_FINETUNE = '''\
import tensorflow as tf
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2", trainable=True)
'''
PLAIN = "import os\n\nprint(os.getcwd())\n"


@pytest.fixture
def mixed_project(tmp_path: Path) -> Path:
    """A project pinning TF 2.15 / hub 0.15: TF files in a package, a script folder and the top, plain files around."""
    return write_tree(
        tmp_path / "project",
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "train.py": HUB_MODULE,
            "util.py": PLAIN,
            "pkg/__init__.py": "",
            "pkg/model.py": LEGACY_FINETUNE,
            "pkg/plain.py": PLAIN,
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep.py": HUB_MODULE,
            "scripts/export.py": HUB_MODULE + LEGACY_FINETUNE.split("\n", 2)[2],
            "scripts/notes.py": "# nothing to see\n",
        },
    )
