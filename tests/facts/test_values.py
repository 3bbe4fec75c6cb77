"""Where handles live in real code, and which of them are statically known.

Each test is a small module; ``__(...)`` marks the expression a hub call would
receive (astroid's ``extract_node`` convention).
"""

from __future__ import annotations

import textwrap

import pytest

from pylint_hubcompat.facts import values
from tests.marked import in_both_trees


def string_of(code: str) -> str | None:
    return in_both_trees_alike(values.resolve_string, code)


def bool_of(code: str) -> bool | None:
    return in_both_trees_alike(values.resolve_bool, code)


def in_both_trees_alike(resolve, code: str):
    pylints, checks = in_both_trees(code)
    assert resolve(checks) == resolve(pylints)
    return resolve(pylints)


ELMO = "https://tfhub.dev/google/elmo/3"


# -- known values ---------------------------------------------------------


def test_a_literal():
    assert string_of(f'hub.Module(__("{ELMO}"))') == ELMO


def test_a_module_constant():
    assert string_of(f"""
        HUB_URL = "{ELMO}"
        hub.Module(__(HUB_URL))
    """) == ELMO


def test_an_annotated_module_constant():
    assert string_of(f"""
        HUB_URL: str = "{ELMO}"
        hub.Module(__(HUB_URL))
    """) == ELMO


def test_a_module_constant_used_inside_a_function():
    assert string_of(f"""
        HUB_URL = "{ELMO}"
        def build():
            return hub.Module(__(HUB_URL))
    """) == ELMO


def test_a_local_variable_assigned_once():
    assert string_of(f"""
        def build():
            url = "{ELMO}"
            return hub.Module(__(url))
    """) == ELMO


def test_a_constant_default_argument():
    assert string_of(f"""
        def build(url="{ELMO}"):
            return hub.Module(__(url))
    """) == ELMO


def test_a_keyword_only_default_argument_naming_a_module_constant():
    assert string_of(f"""
        ELMO = "{ELMO}"
        def build(*, url=ELMO):
            return hub.Module(__(url))
    """) == ELMO


def test_a_chain_of_constants():
    assert string_of(f"""
        DEFAULT = "{ELMO}"
        HUB_URL = DEFAULT
        hub.Module(__(HUB_URL))
    """) == ELMO


def test_a_dict_constant_indexed_by_a_literal_key():
    assert string_of(f"""
        MODELS = {{"elmo": "{ELMO}", "use": "https://tfhub.dev/google/universal-sentence-encoder/4"}}
        hub.Module(__(MODELS["elmo"]))
    """) == ELMO


def test_a_dict_constant_indexed_by_a_constant_key():
    assert string_of(f"""
        KEY = "elmo"
        MODELS = {{"elmo": "{ELMO}"}}
        hub.Module(__(MODELS[KEY]))
    """) == ELMO


def test_dict_get_with_a_literal_key():
    assert string_of(f"""
        MODELS = {{"elmo": "{ELMO}"}}
        hub.Module(__(MODELS.get("elmo")))
    """) == ELMO


def test_dict_get_falls_back_to_its_default_for_a_missing_key():
    assert string_of(f"""
        MODELS = {{"use": "x"}}
        hub.Module(__(MODELS.get("elmo", "{ELMO}")))
    """) == ELMO


def test_a_tuple_constant_indexed_by_a_literal():
    assert string_of(f"""
        HANDLES = ("{ELMO}", "https://tfhub.dev/google/nnlm-en-dim128/2")
        hub.Module(__(HANDLES[0]))
    """) == ELMO


def test_an_f_string_of_constants():
    assert string_of("""
        BASE = "https://tfhub.dev/google"
        VERSION = 3
        hub.Module(__(f"{BASE}/elmo/{VERSION}"))
    """) == ELMO


def test_a_concatenation():
    assert string_of("""
        BASE = "https://tfhub.dev/google/"
        hub.Module(__(BASE + "elmo" + "/3"))
    """) == ELMO


def test_str_format_with_positional_and_named_fields():
    assert string_of("""
        TEMPLATE = "https://tfhub.dev/{}/{name}/{}"
        hub.Module(__(TEMPLATE.format("google", 3, name="elmo")))
    """) == ELMO


def test_percent_formatting():
    assert string_of("""
        hub.Module(__("https://tfhub.dev/%s/elmo/%d" % ("google", 3)))
    """) == ELMO


def test_str_join():
    assert string_of("""
        PARTS = ("https://tfhub.dev", "google", "elmo", "3")
        hub.Module(__("/".join(PARTS)))
    """) == ELMO


def test_os_path_join_of_known_parts():
    assert string_of("""
        import os
        MODEL_DIR = "models"
        hub.load(__(os.path.join(MODEL_DIR, "elmo")))
    """) == "models/elmo"


def test_join_imported_from_os_path():
    assert string_of("""
        from os.path import join
        hub.load(__(join("models", "elmo")))
    """) == "models/elmo"


def test_str_of_a_constant():
    assert string_of(f"""
        URL = "{ELMO}"
        hub.load(__(str(URL)))
    """) == ELMO


def test_a_class_constant():
    assert string_of(f"""
        class Config:
            HUB_URL = "{ELMO}"
        hub.Module(__(Config.HUB_URL))
    """) == ELMO


def test_a_class_constant_of_an_object_subclass():
    assert string_of(f"""
        class Config(object):
            HUB_URL = "{ELMO}"
        hub.Module(__(Config.HUB_URL))
    """) == ELMO


@pytest.mark.parametrize(
    "imports, flags_object, definer",
    [
        ("from absl import flags", "flags.FLAGS", "flags.DEFINE_string"),
        ("import absl.flags", "absl.flags.FLAGS", "absl.flags.DEFINE_string"),
        ("import tensorflow as tf", "tf.app.flags.FLAGS", "tf.app.flags.DEFINE_string"),
        ("import tensorflow as tf", "tf.compat.v1.flags.FLAGS", "tf.compat.v1.flags.DEFINE_string"),
        ("from absl import flags\nfrom absl.flags import DEFINE_string", "flags.FLAGS", "DEFINE_string"),
    ],
)
def test_an_absl_flag_default_read_through_FLAGS(imports, flags_object, definer):
    assert string_of(f"""
        {textwrap.indent(imports, " " * 8).strip()}
        {definer}("hub_module_url", "{ELMO}", "TF Hub module to use.")
        FLAGS = {flags_object}
        def main(_):
            return hub.Module(__(FLAGS.hub_module_url))
    """) == ELMO


def test_an_absl_flag_default_given_by_keyword_and_defined_in_a_function():
    assert string_of(f"""
        from absl import flags
        def define_flags():
            flags.DEFINE_string(name="hub_module_url", default="{ELMO}", help="TF Hub module.")
        hub.Module(__(flags.FLAGS.hub_module_url))
    """) == ELMO


def test_FLAGS_imported_from_absl():
    assert string_of(f"""
        from absl import flags
        from absl.flags import FLAGS
        flags.DEFINE_string("hub_module_url", "{ELMO}", "TF Hub module.")
        hub.Module(__(FLAGS.hub_module_url))
    """) == ELMO


def test_a_boolean_flag_default():
    assert bool_of("""
        from absl import flags
        flags.DEFINE_bool("fine_tune", True, "Train the hub module too.")
        FLAGS = flags.FLAGS
        hub.KerasLayer(URL, trainable=__(FLAGS.fine_tune))
    """) is True


@pytest.mark.parametrize(
    "code, expected",
    [
        ("hub.KerasLayer(URL, trainable=__(True))", True),
        ("TRAIN = False\nhub.KerasLayer(URL, trainable=__(TRAIN))", False),
        ("TRAIN = False\nhub.KerasLayer(URL, trainable=__(not TRAIN))", True),
        ("def f(trainable=True):\n    hub.KerasLayer(URL, trainable=__(trainable))", True),
    ],
)
def test_booleans(code, expected):
    assert bool_of(code) is expected


# -- unknown values -------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("hub.Module(__(url))", id="undefined name"),
        pytest.param("import sys\nhub.Module(__(sys.argv[1]))", id="command line"),
        pytest.param("import os\nhub.Module(__(os.environ['HUB_URL']))", id="environment"),
        pytest.param(
            "import os\nhub.Module(__(os.environ.get('HUB_URL', 'https://tfhub.dev/google/elmo/3')))",
            id="environment with a default",
        ),
        pytest.param("def f():\n    url = input()\n    hub.Module(__(url))", id="built at run time"),
        pytest.param(
            f"URL = '{ELMO}'\nif USE_V2:\n    URL = 'https://tfhub.dev/google/elmo/2'\nhub.Module(__(URL))",
            id="reassigned in a branch",
        ),
        pytest.param(f"URL = '{ELMO}'\nURL += '?tf-hub-format=compressed'\nhub.Module(__(URL))", id="augmented"),
        pytest.param(
            f"URL = '{ELMO}'\ndef configure():\n    global URL\n    URL = 'x'\nhub.Module(__(URL))",
            id="global modified in a function",
        ),
        pytest.param(
            f"def build(url='{ELMO}'):\n    if not url:\n        url = 'x'\n    return hub.Module(__(url))",
            id="parameter reassigned",
        ),
        pytest.param("def build(url):\n    return hub.Module(__(url))", id="parameter without default"),
        pytest.param(
            f"def build():\n    url = '{ELMO}'\n    def inner():\n        nonlocal url\n        url = 'x'\n    return hub.Module(__(url))",
            id="rebound through nonlocal",
        ),
        pytest.param(f"for url in ['{ELMO}']:\n    hub.Module(__(url))", id="loop variable"),
        pytest.param(
            "from absl import flags\nFLAGS = flags.FLAGS\nhub.Module(__(FLAGS.hub_module_url))",
            id="flag not defined in the module",
        ),
        pytest.param(
            f"from absl import flags\nflags.DEFINE_string('u', '{ELMO}', '')\nflags.DEFINE_string('u', 'x', '')\n"
            "hub.Module(__(flags.FLAGS.u))",
            id="flag defined twice",
        ),
        pytest.param(
            f"from absl import flags\nflags.DEFINE_string('u', '{ELMO}', '')\nFLAGS = flags.FLAGS\nFLAGS.u = 'x'\n"
            "hub.Module(__(FLAGS.u))",
            id="flag assigned",
        ),
        pytest.param(
            f"flags.DEFINE_string('u', '{ELMO}', '')\nhub.Module(__(flags.FLAGS.u))",
            id="flags not imported from absl",
        ),
        pytest.param(f"MODELS = {{'elmo': '{ELMO}'}}\ndef f(name):\n    hub.Module(__(MODELS[name]))", id="dict key not literal"),
        pytest.param(f"MODELS = {{'elmo': '{ELMO}'}}\nhub.Module(__(MODELS['bert']))", id="dict key missing"),
        pytest.param(f"MODELS = {{'elmo': '{ELMO}'}}\nhub.Module(__(MODELS.get('bert')))", id="dict get of a missing key"),
        pytest.param(f"def f(name):\n    hub.Module(__({{'elmo': '{ELMO}'}}.get(name)))", id="dict get of an unknown key"),
        pytest.param(
            f"MODELS = {{'elmo': '{ELMO}'}}\nMODELS['elmo'] = 'x'\nhub.Module(__(MODELS['elmo']))", id="dict mutated"
        ),
        pytest.param(
            f"MODELS = {{'elmo': '{ELMO}'}}\nMODELS.update(OTHER)\nhub.Module(__(MODELS['elmo']))", id="dict updated"
        ),
        pytest.param(
            f"MODELS = {{KEY: 'x', 'elmo': '{ELMO}'}}\nhub.Module(__(MODELS['elmo']))", id="dict with an unknown key"
        ),
        pytest.param(f"MODELS = {{**BASE, 'elmo': '{ELMO}'}}\nhub.Module(__(MODELS['elmo']))", id="dict unpacking"),
        pytest.param("hub.Module(__(f'https://tfhub.dev/google/elmo/{version}'))", id="f-string of an unknown"),
        pytest.param("hub.Module(__(f'{3:>99999999}'))", id="f-string with a format spec"),
        pytest.param("hub.Module(__('{:>99999999}'.format(3)))", id="format with a width"),
        pytest.param("hub.Module(__('{0.__class__}'.format('x')))", id="format with an attribute"),
        pytest.param("hub.Module(__('%99999999s' % 'x'))", id="percent with a width"),
        pytest.param("hub.Module(__('x' * 3))", id="repetition"),
        pytest.param("hub.Module(__(URL if V2 else OTHER))", id="conditional"),
        pytest.param(
            f"class Config:\n    URL = '{ELMO}'\n    def __init__(self):\n        self.URL = 'x'\nhub.Module(__(Config.URL))",
            id="class attribute also set on instances",
        ),
        pytest.param(
            f"import enum\nclass Models(enum.Enum):\n    ELMO = '{ELMO}'\nhub.Module(__(Models.ELMO))",
            id="enum member, not its value",
        ),
        pytest.param(
            f"import attr\n@attr.define\nclass Config:\n    url: str = '{ELMO}'\nhub.Module(__(Config.url))",
            id="attribute of a decorated class",
        ),
        pytest.param(
            f"class Config(Base):\n    URL = '{ELMO}'\nhub.Module(__(Config.URL))",
            id="attribute of a class with a base",
        ),
        pytest.param(
            f"def str(x):\n    return 'other'\nhub.Module(__(str('{ELMO}')))",
            id="str shadowed",
        ),
        pytest.param("try:\n    from config import URL\nexcept ImportError:\n    URL = 'x'\nhub.Module(__(URL))", id="two bindings"),
        pytest.param("from config import URL\nhub.Module(__(URL))", id="import of a module that is not there"),
        pytest.param("import tensorflow_hub as hub\nhub.Module(__(hub.DEFAULT_URL))", id="attribute of a third-party module"),
    ],
)
def test_unknown(code):
    assert string_of(code) is None


def test_no_node():
    assert values.resolve_string(None) is None and values.resolve_bool(None) is None


def test_a_string_is_not_a_bool_and_a_bool_is_not_a_string():
    assert bool_of("hub.KerasLayer(URL, trainable=__('yes'))") is None
    assert string_of("hub.Module(__(True))") is None


def test_resolution_is_bounded():
    chain = "\n".join(f"A{i} = A{i - 1}" for i in range(1, 200))
    assert string_of(f"A0 = '{ELMO}'\n{chain}\nhub.Module(__(A199))") is None
    assert string_of(f"A0 = '{ELMO}'\nA1 = A0\nA2 = A1\nhub.Module(__(A2))") == ELMO


def test_self_reference_does_not_loop():
    assert string_of("A = B\nB = A\nhub.Module(__(A))") is None
    assert string_of("D = {'k': D['k']}\nhub.Module(__(D['k']))") is None
