"""Files pylint cannot read well: pylint's own message or nothing from us, never a crash.

Unparseable modules (two dopamine-rl 4.1.2 modules do not parse on Python 3.11),
non-UTF-8 text, a huge generated module, expressions nested deeper than astroid
can build, and nesting our walk must survive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.helpers import PYLINT_OWN, assert_no_crash, lint

HUB = 'import tensorflow as tf\nimport tensorflow_hub as hub\n'
MODULE = 'm = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")\n'


def project(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "setup.py").write_text("from setuptools import setup\nsetup(install_requires=['tensorflow==2.15.1', 'tensorflow-hub==0.15.0'])\n")
    path = tmp_path / name
    path.write_bytes(data)
    return path


def symbols(messages) -> set[str]:
    return {m[0] for m in messages}


@pytest.mark.parametrize(
    "source",
    [
        HUB + 'print "python 2"\n' + MODULE,                      # a Python 2 statement
        HUB + "exec 'code'\n",
        HUB + "def f(:\n    pass\n",
        HUB + "x = 1\n  y = 2\n",                                  # bad indentation
        HUB + "async = 1\n",                                       # a keyword since 3.7 (dopamine's case)
        HUB + "x = ur'py2 literal'\n",
        HUB + "m = hub.Module('" + "\n",                           # unterminated string
        HUB + "\x00" + MODULE,                                     # a NUL byte
    ],
)
def test_an_unparseable_module_is_a_syntax_error_only(tmp_path, source):
    messages = lint([project(tmp_path, "broken.py", source.encode())])
    assert_no_crash(messages)
    assert symbols(messages) <= {"syntax-error", "astroid-error", "parse-error"}, messages
    assert symbols(messages)


@pytest.mark.parametrize(
    "data",
    [
        HUB.encode() + "x = 'caf\u00e9'\n".encode("latin-1") + MODULE.encode(),   # latin-1 without a coding line
        b"# -*- coding: klingon -*-\n" + HUB.encode() + MODULE.encode(),           # an unknown codec
        (HUB + MODULE).encode("utf-16"),                                             # UTF-16 with its BOM
        b"\xff\xfe\xfd" + HUB.encode(),
    ],
)
def test_text_that_is_not_utf8_is_pylints_business(tmp_path, data):
    messages = lint([project(tmp_path, "encoded.py", data)])
    assert_no_crash(messages)
    assert symbols(messages) <= PYLINT_OWN | {"hub-module-eager", "hub-api-removed"}, messages


def test_a_declared_latin1_module_is_linted_normally(tmp_path):
    data = b"# -*- coding: latin-1 -*-\n" + HUB.encode() + "x = 'caf\u00e9'\n".encode("latin-1") + MODULE.encode()
    messages = lint([project(tmp_path, "latin.py", data)])
    assert symbols(messages) == {"hub-module-eager"}, messages


def test_a_huge_generated_module_is_linted_quickly(tmp_path):
    body = "".join(f"w{i} = tf.constant({i}, name='w{i}')\n" for i in range(2500))
    body += "TABLE = [" + ", ".join(f"'https://tfhub.dev/x/{i}'" for i in range(5000)) + "]\n"
    path = project(tmp_path, "generated_pb2.py", (HUB + body + MODULE).encode())
    messages = lint([path])
    assert_no_crash(messages)
    assert symbols(messages) == {"hub-module-eager"}


@pytest.mark.parametrize("depth", [300, 5000])
@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "x = " + " + ".join(["tf.constant(1)"] * n) + "\n",
        lambda n: "x = hub" + ".a" * n + "\n",
        lambda n: "x = " + "[" * min(n, 190) + "hub.Module(h)" + "]" * min(n, 190) + "\n",
        lambda n: "".join("    " * i + f"if c{i}:\n" for i in range(min(n, 95))) + "    " * min(n, 95) + "m = hub.Module(h)\n",
    ],
)
def test_deep_nesting_is_our_finding_or_pylints_own_error(tmp_path, depth, shape):
    path = project(tmp_path, "deep.py", (HUB + "h = 'https://tfhub.dev/google/nnlm-en-dim128/1'\n" + shape(depth) + MODULE).encode())
    messages = lint([path])
    assert_no_crash(messages)
    assert symbols(messages) <= PYLINT_OWN | {"hub-module-eager"}, messages
