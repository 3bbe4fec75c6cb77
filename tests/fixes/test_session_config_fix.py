"""hub-ps-session-config's fix: share_cluster_devices_in_session = True on the RunConfig's ConfigProto.

Each case is a parameter-server Estimator with a hub model, linted as a user lints it;
the fix is applied, and the result must lint clean of the rule with no fix left to make.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pylint_hubcompat.files import text_edits
from pylint_hubcompat.fixes.fixable import Fixable
from pylint_hubcompat.rulebook.loading import builtin_rules
from tests.lint import lint_with_fixes
from tests.trees import write_tree

SYMBOL = "hub-ps-session-config"
RULE = next(rule for rule in builtin_rules() if rule.symbol == SYMBOL)
TOP_LEVEL = "2.15.1"
EXPERIMENTAL = "1.15.5"
#: The tensorflow_hub each TensorFlow is linted with (else the one the target resolves to).
HUB = {TOP_LEVEL: "0.15.0", EXPERIMENTAL: "0.12.0"}

TRAINER = """
import json
import os

{imports}

os.environ["TF_CONFIG"] = json.dumps({{
    "cluster": {{"chief": ["localhost:2222"], "ps": ["localhost:2223"]}},
    "task": {{"type": "chief", "index": 0}},
}})


def model_fn(features, labels, mode):
    embed = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2", trainable=True)
    logits = tf.keras.layers.Dense(1)(embed(features["text"]))
    loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(labels, logits, from_logits=True))
    optimizer = tf.compat.v1.train.AdamOptimizer()
    step = tf.compat.v1.train.get_global_step()
    train_op = optimizer.minimize(loss, global_step=step, var_list=embed.trainable_variables)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

"""
IMPORTS = "import tensorflow as tf\nimport tensorflow_hub as hub"


def _trainer(tail: str, imports: str = IMPORTS) -> str:
    return TRAINER.format(imports=imports).removeprefix("\n") + textwrap.dedent(tail).removeprefix("\n")


def _lint(project: Path, code: str, tf: str) -> tuple[list[str], list[Fixable]]:
    """The rule's messages for ``code`` linted in ``project``, and the fixes pylint recorded for them."""
    write_tree(project, {"pyproject.toml": '[project]\nname = "trainer"\nversion = "1.0"\n', "trainer.py": code})
    versions = [f"--tf-version={tf}"] + ([f"--hub-version={HUB[tf]}"] if tf in HUB else [])
    found, fixes = lint_with_fixes([project / "trainer.py"], *versions)
    return [m.symbol for m in found if m.symbol == SYMBOL], [f for f in fixes if f.symbol == SYMBOL]


def _fixed(tmp_path: Path, code: str, tf: str = TOP_LEVEL) -> str:
    """``code`` with every fix of the rule made; the result is clean and has nothing left to fix."""
    messages, fixes = _lint(tmp_path / "before", code, tf)
    assert messages and len(fixes) == len(messages), (messages, fixes)
    assert all(f.fix.safe for f in fixes)
    result = text_edits.apply(code, [edit for f in fixes for edit in f.fix.edits])
    assert _lint(tmp_path / "after", result, tf) == ([], [])
    return result


def _no_fix(tmp_path: Path, code: str, tf: str = TOP_LEVEL) -> None:
    messages, fixes = _lint(tmp_path, code, tf)
    assert messages == [SYMBOL]
    assert fixes == []


def test_the_bad_example_fixed_is_the_good_example(tmp_path: Path) -> None:
    target = dict(RULE.example_target)
    assert target["tensorflow"] == "==" + TOP_LEVEL
    assert _fixed(tmp_path, RULE.bad) == RULE.good


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            def main(model_dir):
                run_config = tf.estimator.RunConfig(model_dir, keep_checkpoint_max=3)
                return tf.estimator.Estimator(model_fn, config=run_config)
            """,
            """
            def main(model_dir):
                session_config = tf.compat.v1.ConfigProto()
                session_config.share_cluster_devices_in_session = True
                run_config = tf.estimator.RunConfig(model_dir, keep_checkpoint_max=3, session_config=session_config)
                return tf.estimator.Estimator(model_fn, config=run_config)
            """,
            id="arguments-in-a-function",
        ),
        pytest.param(
            """
            run_config = tf.estimator.RunConfig(
                model_dir="gs://trainer/model",
                save_checkpoints_steps=500,  # a few minutes of training
            )
            """,
            """
            session_config = tf.compat.v1.ConfigProto()
            session_config.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(
                model_dir="gs://trainer/model",
                save_checkpoints_steps=500,  # a few minutes of training
                session_config=session_config,
            )
            """,
            id="one-argument-a-line-trailing-comma",
        ),
        pytest.param(
            """
            run_config = tf.estimator.RunConfig(
                model_dir="gs://trainer/model",
                save_checkpoints_steps=500  # a few minutes of training
            )
            """,
            """
            session_config = tf.compat.v1.ConfigProto()
            session_config.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(
                model_dir="gs://trainer/model",
                save_checkpoints_steps=500,  # a few minutes of training
                session_config=session_config
            )
            """,
            id="one-argument-a-line-no-trailing-comma",
        ),
        pytest.param(
            """
            run_config = tf.estimator.RunConfig(model_dir="gs://trainer/model",
                                                save_checkpoints_steps=500)
            """,
            """
            session_config = tf.compat.v1.ConfigProto()
            session_config.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(model_dir="gs://trainer/model",
                                                save_checkpoints_steps=500, session_config=session_config)
            """,
            id="aligned-arguments",
        ),
        pytest.param(
            """
            config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
            run_config = tf.estimator.RunConfig(model_dir="/tmp/model", session_config=config)
            """,
            """
            config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
            config.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(model_dir="/tmp/model", session_config=config)
            """,
            id="a-config-variable",
        ),
        pytest.param(
            """
            def main():
                config = tf.compat.v1.ConfigProto(
                    allow_soft_placement=True,
                    gpu_options=tf.compat.v1.GPUOptions(allow_growth=True),
                )  # as on the workers
                estimator = tf.estimator.Estimator(model_fn, config=tf.estimator.RunConfig(session_config=config))
                estimator.train(lambda: None, max_steps=1000)
            """,
            """
            def main():
                config = tf.compat.v1.ConfigProto(
                    allow_soft_placement=True,
                    gpu_options=tf.compat.v1.GPUOptions(allow_growth=True),
                )  # as on the workers
                config.share_cluster_devices_in_session = True
                estimator = tf.estimator.Estimator(model_fn, config=tf.estimator.RunConfig(session_config=config))
                estimator.train(lambda: None, max_steps=1000)
            """,
            id="a-config-variable-over-several-lines",
        ),
        pytest.param(
            """
            run_config = tf.estimator.RunConfig(
                session_config=tf.compat.v1.ConfigProto(
                    log_device_placement=True,
                ),
            )
            """,
            """
            run_config = tf.estimator.RunConfig(
                session_config=tf.compat.v1.ConfigProto(
                    log_device_placement=True,
                    share_cluster_devices_in_session=True,
                ),
            )
            """,
            id="an-inline-config-one-argument-a-line",
        ),
        pytest.param(
            """
            def main(model_dir, session_config="grpc"):
                run_config = tf.compat.v1.estimator.RunConfig(model_dir)
                return tf.estimator.Estimator(model_fn, config=run_config)
            """,
            """
            def main(model_dir, session_config="grpc"):
                session_config_2 = tf.compat.v1.ConfigProto()
                session_config_2.share_cluster_devices_in_session = True
                run_config = tf.compat.v1.estimator.RunConfig(model_dir, session_config=session_config_2)
                return tf.estimator.Estimator(model_fn, config=run_config)
            """,
            id="session_config-taken",
        ),
    ],
)
def test_top_level_field(tmp_path: Path, before: str, after: str) -> None:
    assert _fixed(tmp_path, _trainer(before)) == _trainer(after)


def test_tensorflow_imported_as_compat_v1_has_its_config_proto_at_the_top(tmp_path: Path) -> None:
    imports = "import tensorflow.compat.v1 as tf\nimport tensorflow_hub as hub"
    before = _trainer("run_config = tf.estimator.RunConfig()\n", imports)
    after = _trainer(
        """
        session_config = tf.ConfigProto()
        session_config.share_cluster_devices_in_session = True
        run_config = tf.estimator.RunConfig(session_config=session_config)
        """,
        imports,
    )
    assert _fixed(tmp_path, before) == after


def test_an_inline_config_gets_the_option_as_a_keyword(tmp_path: Path) -> None:
    imports = "import tensorflow.compat.v1 as tf\nimport tensorflow_hub as hub"
    before = _trainer("run_config = tf.estimator.RunConfig(session_config=tf.ConfigProto())\n", imports)
    after = _trainer(
        "run_config = tf.estimator.RunConfig(session_config=tf.ConfigProto(share_cluster_devices_in_session=True))\n",
        imports,
    )
    assert _fixed(tmp_path, before) == after


def test_an_imported_run_config_takes_the_config_proto_of_the_tensorflow_import(tmp_path: Path) -> None:
    imports = "import tensorflow as tf\nimport tensorflow_hub as hub\nfrom tensorflow.estimator import RunConfig"
    before = _trainer("estimator = tf.estimator.Estimator(model_fn, config=RunConfig())\n", imports)
    after = _trainer(
        """
        session_config = tf.compat.v1.ConfigProto()
        session_config.share_cluster_devices_in_session = True
        estimator = tf.estimator.Estimator(model_fn, config=RunConfig(session_config=session_config))
        """,
        imports,
    )
    assert _fixed(tmp_path, before) == after


def test_a_crlf_file_stays_crlf(tmp_path: Path) -> None:
    before = _trainer(
        """
        run_config = tf.estimator.RunConfig(
            model_dir="gs://trainer/model",
        )
        """
    )
    after = _trainer(
        """
        session_config = tf.compat.v1.ConfigProto()
        session_config.share_cluster_devices_in_session = True
        run_config = tf.estimator.RunConfig(
            model_dir="gs://trainer/model",
            session_config=session_config,
        )
        """
    )
    assert _fixed(tmp_path, before.replace("\n", "\r\n")) == after.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "run_config = tf.estimator.RunConfig()\n",
            """
            session_config = tf.compat.v1.ConfigProto()
            session_config.experimental.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(session_config=session_config)
            """,
            id="new-config",
        ),
        pytest.param(
            """
            config = tf.compat.v1.ConfigProto()
            run_config = tf.estimator.RunConfig(session_config=config)
            """,
            """
            config = tf.compat.v1.ConfigProto()
            config.experimental.share_cluster_devices_in_session = True
            run_config = tf.estimator.RunConfig(session_config=config)
            """,
            id="a-config-variable",
        ),
    ],
)
def test_tensorflow_1_14_to_2_1_sets_the_experimental_field(tmp_path: Path, before: str, after: str) -> None:
    assert _fixed(tmp_path, _trainer(before), EXPERIMENTAL) == _trainer(after)


@pytest.mark.parametrize(
    ("tail", "tf"),
    [
        pytest.param(
            "run_config = tf.estimator.RunConfig()\n", ">=2.1,<2.3", id="top-level-on-some-experimental-on-others"
        ),
        pytest.param("run_config = tf.estimator.RunConfig()\n", "1.13.1", id="before-1.14-no-field"),
        pytest.param(
            "run_config = tf.estimator.RunConfig(session_config=tf.compat.v1.ConfigProto())\n",
            EXPERIMENTAL,
            id="inline-config-experimental-needs-a-statement",
        ),
        pytest.param(
            "run_config = tf.estimator.RunConfig(session_config=make_session_config())\n",
            TOP_LEVEL,
            id="config-from-a-function",
        ),
        pytest.param(
            "run_config = tf.estimator.RunConfig(session_config=settings.session_config)\n",
            TOP_LEVEL,
            id="config-an-attribute",
        ),
        pytest.param(
            """
            config = tf.compat.v1.ConfigProto()
            if os.environ.get("GPU"):
                config = tf.compat.v1.ConfigProto(gpu_options=tf.compat.v1.GPUOptions(allow_growth=True))
            run_config = tf.estimator.RunConfig(session_config=config)
            """,
            TOP_LEVEL,
            id="config-reassigned",
        ),
        pytest.param(
            """
            config = tf.compat.v1.ConfigProto()
            config.CopyFrom(tf.compat.v1.ConfigProto(allow_soft_placement=True))
            run_config = tf.estimator.RunConfig(session_config=config)
            """,
            TOP_LEVEL,
            id="config-copied-over",
        ),
        pytest.param(
            """
            config = tf.compat.v1.ConfigProto(); run_config = tf.estimator.RunConfig(session_config=config)
            """,
            TOP_LEVEL,
            id="config-on-a-line-with-another-statement",
        ),
        pytest.param(
            "run_config = tf.estimator.RunConfig(session_config=None)\n",
            TOP_LEVEL,
            id="config-none",
        ),
        pytest.param(
            "run_config = tf.estimator.RunConfig(**json.loads(os.environ['RUN_CONFIG']))\n",
            TOP_LEVEL,
            id="keywords-unpacked",
        ),
        pytest.param(
            "run_config = tf.estimator.RunConfig('/tmp/model', None, 100, None, 600, None)\n",
            TOP_LEVEL,
            id="session_config-by-position",
        ),
        pytest.param(
            "configs = [tf.estimator.RunConfig(model_dir=d) for d in ('/tmp/a', '/tmp/b')]\n",
            TOP_LEVEL,
            id="in-a-comprehension",
        ),
        pytest.param(
            "if os.environ.get('TF_CONFIG'): run_config = tf.estimator.RunConfig()\n",
            TOP_LEVEL,
            id="one-line-if",
        ),
        pytest.param(
            """
            if not os.environ.get("TF_CONFIG"):
                run_config = None
            elif tf.estimator.RunConfig().is_chief:
                run_config = None
            """,
            TOP_LEVEL,
            id="in-an-elif",
        ),
    ],
)
def test_no_fix(tmp_path: Path, tail: str, tf: str) -> None:
    _no_fix(tmp_path, _trainer(tail), tf)


def test_no_fix_without_a_tensorflow_import(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import json
        import os

        import tensorflow_hub as hub
        from tensorflow import keras
        from tensorflow.estimator import EstimatorSpec, RunConfig

        os.environ["TF_CONFIG"] = json.dumps({"cluster": {"ps": ["localhost:2223"]}, "task": {"type": "ps"}})


        def model_fn(features, labels, mode):
            logits = keras.layers.Dense(1)(hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")(features))
            return EstimatorSpec(mode, predictions=logits)


        run_config = RunConfig()
        """
    ).removeprefix("\n")
    _no_fix(tmp_path, code)
