"""hub-module-signature-call's fix: a frozen hub.Module's signature call -> hub.load(...).signatures[...].

Each case is TF1 Hub tutorial code linted for TensorFlow 2.15 with tensorflow_hub 0.15;
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

SYMBOL = "hub-module-signature-call"
RULE = next(rule for rule in builtin_rules() if rule.symbol == SYMBOL)
IMAGES = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
SENTENCES = "https://tfhub.dev/google/universal-sentence-encoder/2"
OPTIONS = (
    "--load-plugins=pylint_hubcompat",
    "--disable=all",
    "--enable=hubcompat",
    "--tf-version=2.15.1",
    "--hub-version=0.15.0",
)
HEADER = """
import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()
images = tf.placeholder(tf.float32, [None, 224, 224, 3])
sentences = tf.placeholder(tf.string, [None])
"""


def _code(body: str, header: str = HEADER) -> str:
    text = textwrap.dedent(header).removeprefix("\n") + textwrap.dedent(body).removeprefix("\n")
    return text.replace("IMAGES", IMAGES).replace("SENTENCES", SENTENCES)


def _lint(project: Path, code: str) -> tuple[list[str], list[Fixable]]:
    """The rule's messages for ``code`` linted in ``project``, and the fixes pylint recorded for them."""
    write_tree(project, {"pyproject.toml": '[project]\nname = "tutorial"\nversion = "1.0"\n', "tutorial.py": code})
    found, fixes = lint_with_fixes([project / "tutorial.py"], *OPTIONS)
    return [m.symbol for m in found if m.symbol == SYMBOL], [f for f in fixes if f.symbol == SYMBOL]


def _fixed(tmp_path: Path, code: str) -> str:
    """``code`` with every fix of the rule made; the result is clean and has nothing left to fix."""
    messages, fixes = _lint(tmp_path / "before", code)
    assert messages and len(fixes) == len(messages), (messages, fixes)
    assert not any(f.fix.safe for f in fixes)
    result = text_edits.apply(code, [edit for f in fixes for edit in f.fix.edits])
    assert _lint(tmp_path / "after", result) == ([], [])
    return result


def test_an_image_feature_vector_and_a_text_embedding(tmp_path: Path) -> None:
    before = _code(
        """
        image_module = hub.Module("IMAGES")
        features = image_module(dict(images=images), signature="image_feature_vector", as_dict=True)["default"]

        embed = hub.Module("SENTENCES")
        embeddings = embed({"text": sentences}, signature="default", as_dict=True)["default"]
        """
    )
    after = _code(
        """
        image_module = hub.load("IMAGES")
        features = image_module.signatures["image_feature_vector"](images=images)["default"]

        embed = hub.load("SENTENCES")
        embeddings = embed.signatures["default"](text=sentences)["default"]
        """
    )
    assert _fixed(tmp_path, before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            """
            outputs = hub.Module("IMAGES", tags={"train"})(dict(images=images), signature="default", as_dict=True)
            """,
            """
            outputs = hub.load("IMAGES", tags={"train"}).signatures["default"](images=images)
            """,
            id="built-and-called-at-once",
        ),
        pytest.param(
            """
            spec = "IMAGES"
            module = hub.Module(spec=spec, trainable=False, tags=set())
            outputs = module(inputs={"images": images}, signature="image_feature_vector", as_dict=True)
            """,
            """
            spec = "IMAGES"
            module = hub.load(handle=spec, tags=set())
            outputs = module.signatures["image_feature_vector"](images=images)
            """,
            id="spec-trainable-and-inputs-keywords",
        ),
        pytest.param(
            """
            embed = hub.Module(
                "SENTENCES",
                trainable=False,
            )
            embeddings = embed(
                {"text": sentences},  # a batch of sentences
                signature="default",
                as_dict=True,
            )["default"]
            """,
            """
            embed = hub.load(
                "SENTENCES",
            )
            embeddings = embed.signatures["default"](
                text=sentences,  # a batch of sentences
            )["default"]
            """,
            id="one-argument-a-line-with-comments",
        ),
        pytest.param(
            """
            SIGNATURE = "image_feature_vector"


            def image_features(batches):
                module = hub.Module("IMAGES")
                return [module(dict(images=batch), signature=SIGNATURE, as_dict=True)["default"] for batch in batches]
            """,
            """
            SIGNATURE = "image_feature_vector"


            def image_features(batches):
                module = hub.load("IMAGES")
                return [module.signatures[SIGNATURE](images=batch)["default"] for batch in batches]
            """,
            id="in-a-function-signature-a-constant",
        ),
        pytest.param(
            """
            embed = hub.Module("SENTENCES")
            questions = embed(dict(text=sentences), signature="default", as_dict=True)
            answers = embed(dict(text=tf.strings.lower(sentences)), signature="default", as_dict=True)
            """,
            """
            embed = hub.load("SENTENCES")
            questions = embed.signatures["default"](text=sentences)
            answers = embed.signatures["default"](text=tf.strings.lower(sentences))
            """,
            id="every-call-of-the-module",
        ),
    ],
)
def test_fixed(tmp_path: Path, before: str, after: str) -> None:
    assert _fixed(tmp_path, _code(before)) == _code(after)


def test_several_inputs_keep_their_expressions(tmp_path: Path) -> None:
    header = """
        import tensorflow.compat.v1 as tf
        import tensorflow_hub as hub

        tf.disable_v2_behavior()
        input_ids = tf.placeholder(tf.int32, [None, 128])
        input_mask = tf.placeholder(tf.int32, [None, 128])
        """
    before = _code(
        """
        bert = hub.Module("https://tfhub.dev/google/bert_uncased_L-12_H-768_A-12/1")
        outputs = bert(
            dict(input_ids=input_ids, input_mask=input_mask, segment_ids=tf.zeros_like(input_ids)),
            signature="tokens",
            as_dict=True,
        )
        """,
        header,
    )
    after = _code(
        """
        bert = hub.load("https://tfhub.dev/google/bert_uncased_L-12_H-768_A-12/1")
        outputs = bert.signatures["tokens"](
            input_ids=input_ids, input_mask=input_mask, segment_ids=tf.zeros_like(input_ids),
        )
        """,
        header,
    )
    assert _fixed(tmp_path, before) == after


def test_a_crlf_file_stays_crlf(tmp_path: Path) -> None:
    before = _code(
        """
        embeddings = hub.Module("SENTENCES")(
            {"text": sentences},
            signature="default",
            as_dict=True,
        )
        """
    )
    after = _code(
        """
        embeddings = hub.load("SENTENCES").signatures["default"](
            text=sentences,
        )
        """
    )
    assert _fixed(tmp_path, before.replace("\n", "\r\n")) == after.replace("\n", "\r\n")


def test_module_imported_by_name_is_loaded_through_the_hub_import(tmp_path: Path) -> None:
    header = HEADER.replace(
        "import tensorflow_hub as hub", "import tensorflow_hub as hub\nfrom tensorflow_hub import Module"
    )
    before = _code('outputs = Module("IMAGES")(dict(images=images), signature="default", as_dict=True)\n', header)
    after = _code('outputs = hub.load("IMAGES").signatures["default"](images=images)\n', header)
    assert _fixed(tmp_path, before) == after


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            'outputs = hub.Module("IMAGES")(images, signature="default", as_dict=True)\n',
            id="one-tensor-the-input-name-unknown",
        ),
        pytest.param(
            """
            inputs = dict(images=images)
            outputs = hub.Module("IMAGES")(inputs, signature="default", as_dict=True)
            """,
            id="inputs-a-variable",
        ),
        pytest.param(
            'outputs = hub.Module("IMAGES")(dict(**{"images": images}), signature="default", as_dict=True)\n',
            id="inputs-unpacked",
        ),
        pytest.param(
            'outputs = hub.Module("IMAGES")({"image-batch": images}, signature="default", as_dict=True)\n',
            id="input-name-not-a-keyword",
        ),
        pytest.param(
            'features = hub.Module("IMAGES")(dict(images=images), signature="image_feature_vector")\n',
            id="one-output-not-a-dict",
        ),
        pytest.param(
            'features = hub.Module("IMAGES")(dict(images=images), signature=None, as_dict=True)\n',
            id="default-signature-as-none",
        ),
        pytest.param(
            'outputs = hub.Module("IMAGES", name="m")(dict(images=images), signature="default", as_dict=True)\n',
            id="a-module-name",
        ),
        pytest.param(
            """
            module = hub.Module("IMAGES")
            features = module(dict(images=images), signature="image_feature_vector", as_dict=True)
            logits = module(images)
            """,
            id="also-called-without-signature",
        ),
        pytest.param(
            """
            module = hub.Module("IMAGES")
            features = module(dict(images=images), signature="image_feature_vector", as_dict=True)
            saver = tf.train.Saver(module.variables)
            """,
            id="its-variables-used",
        ),
        pytest.param(
            """
            module = hub.Module("IMAGES")
            features = module(dict(images=images), signature="image_feature_vector", as_dict=True)
            tf.add_to_collection("hub_modules", module)
            """,
            id="passed-elsewhere",
        ),
        pytest.param(
            """
            module = hub.Module("IMAGES")
            features = module(dict(images=images), signature="image_feature_vector", as_dict=True)
            module = None
            """,
            id="rebound",
        ),
        pytest.param(
            """
            class Features:
                def __init__(self):
                    self.module = hub.Module("IMAGES")

                def __call__(self, images):
                    return self.module(dict(images=images), signature="image_feature_vector", as_dict=True)
            """,
            id="an-attribute",
        ),
        pytest.param(
            """
            embeddings = hub.Module("SENTENCES")(
                {"text": sentences},
                signature="default",  # the sentence embedding
                as_dict=True,
            )
            """,
            id="a-comment-the-fix-would-drop",
        ),
    ],
)
def test_no_fix(tmp_path: Path, body: str) -> None:
    assert _lint(tmp_path, _code(body)) == ([SYMBOL], [])


def test_no_fix_for_one_positional_tensor_whose_input_name_is_unknown(tmp_path: Path) -> None:
    one_tensor = RULE.bad.replace("(dict(images=images),", "(images,")
    assert one_tensor != RULE.bad
    assert _lint(tmp_path, one_tensor) == ([SYMBOL], [])


def test_no_fix_without_a_tensorflow_hub_module_to_load_from(tmp_path: Path) -> None:
    header = HEADER.replace("import tensorflow_hub as hub", "from tensorflow_hub import Module")
    code = _code('outputs = Module("IMAGES")(dict(images=images), signature="default", as_dict=True)\n', header)
    assert _lint(tmp_path, code) == ([SYMBOL], [])
