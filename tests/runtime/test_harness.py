"""The harness itself: handle substitution and the three outcomes of a run.

The substitution tests need no TensorFlow and run in every plain ``pytest``.
"""

from __future__ import annotations

import os

import pytest

from harness import OK, RAISED, TIMEOUT, starts_servers
from substitute import LOOPBACK_PORT, substitute_addresses, substitute_handles
from witness_rules import Witness, load_witnesses

MODELS = {"tf1-hub": "/models/tf1", "tf2-savedmodel": "/models/tf2"}
KAGGLE_TF1 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"
KAGGLE_TF2 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/100-224-feature-vector/4"


def test_handles_are_replaced_by_the_model_of_their_format() -> None:
    source = f'old = hub.Module("{KAGGLE_TF1}")\nnew = hub.KerasLayer("{KAGGLE_TF2}", trainable=True)\n'
    out, subs = substitute_handles(source, MODELS)
    assert out == "old = hub.Module('/models/tf1')\nnew = hub.KerasLayer('/models/tf2', trainable=True)\n"
    assert [(s.format, s.path) for s in subs] == [("tf1-hub", "/models/tf1"), ("tf2-savedmodel", "/models/tf2")]


def test_tf2_preview_handles_count_as_tf2_savedmodels() -> None:
    out, _ = substitute_handles('h = "https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4"', MODELS)
    assert out == "h = '/models/tf2'"


def test_everything_but_handle_literals_stays_byte_for_byte() -> None:
    source = (
        "# é: a handle in a comment stays: " + KAGGLE_TF1 + "\n"
        f'x = "é"; URL = (\n    "{KAGGLE_TF1}"\n)  # trailing\n'
        'other = "default"\n'
        f'text = f"{{x}}{KAGGLE_TF2}"\n'
    )
    out, subs = substitute_handles(source, MODELS)
    assert out == source.replace(f'"{KAGGLE_TF1}"', "'/models/tf1'")
    assert len(subs) == 1  # the f-string piece is left alone


def test_unknown_handles_and_plain_strings_are_left_alone() -> None:
    source = 'a = "https://example.com/my/model/1"\nb = "serving_default"\n'
    assert substitute_handles(source, MODELS) == (source, [])


def test_loopback_addresses_get_free_ports_the_same_literal_the_same_port() -> None:
    source = (
        'spec = {"ps": ["localhost:2222"], "worker": ["127.0.0.1:2223"]}\n'
        'again = "localhost:2222"\nother = "example.com:2222"\ntext = "localhost:2222 and more"\n'
    )
    out, subs = substitute_addresses(source)
    ports = {s.handle: s.path for s in subs}
    assert set(ports) == {"localhost:2222", "127.0.0.1:2223"}
    assert {s.format for s in subs} == {LOOPBACK_PORT}
    assert len(set(ports.values())) == 2 and all(p.startswith("127.0.0.1:") for p in ports.values())
    assert out == (
        f'spec = {{"ps": [{ports["localhost:2222"]!r}], "worker": [{ports["127.0.0.1:2223"]!r}]}}\n'
        f'again = {ports["localhost:2222"]!r}\nother = "example.com:2222"\ntext = "localhost:2222 and more"\n'
    )


def test_a_snippet_that_starts_a_server_is_recognised() -> None:
    assert starts_servers("import tensorflow as tf\nps = tf.distribute.Server(cluster, 'ps', 0)\n")
    assert starts_servers("from tensorflow.compat.v1.train import Server\nServer(cluster)\n")
    assert not starts_servers("import tensorflow as tf\nconfig = tf.compat.v1.ConfigProto()\n")


def test_a_server_snippet_is_not_run_where_it_cannot_be_kept_on_loopback(monkeypatch) -> None:
    import harness

    monkeypatch.setattr(harness, "private_network_prefix", lambda: "no network namespace here")
    result = harness.run_snippet("import tensorflow as tf\ntf.distribute.Server(cluster)\n", "legacy")
    assert (result.status, result.message) == (harness.UNAVAILABLE, "no network namespace here")
    assert result.summary() == "not run: no network namespace here"


@pytest.mark.runtime
def test_a_private_network_has_only_loopback_and_ends_with_the_snippet() -> None:
    """What keeps a local cluster's servers (which listen on the wildcard address) on 127.0.0.1."""
    from harness import UNAVAILABLE, private_network_prefix, run_snippet

    if isinstance(private_network_prefix(), str):
        pytest.skip(private_network_prefix())
    source = (
        "import os, socket, time\n"
        "server = socket.create_server(('', 0))  # every address there is, as gRPC's servers do\n"
        "client = socket.create_connection(('127.0.0.1', server.getsockname()[1]))\n"
        "print(os.getpid(), [name for _, name in socket.if_nameindex()], flush=True)\n"
        "time.sleep(120)\n"
    )
    result = run_snippet(source, "legacy", private_network=True, timeout=5)
    assert result.status not in (UNAVAILABLE, RAISED), result.describe()
    pid, interfaces = result.stdout.split(maxsplit=1)
    assert interfaces.strip() == "['lo']", result.describe()
    assert result.status == TIMEOUT
    with pytest.raises(ProcessLookupError):  # killed at the timeout: nothing is left behind
        os.kill(int(pid), 0)


@pytest.mark.runtime
@pytest.mark.parametrize(
    ("source", "status", "exc_type", "message"),
    [
        ("print('hello')", OK, None, ""),
        ("raise KeyError('missing')", RAISED, "KeyError", "'missing'"),
        ("import sys; sys.exit(0)", OK, None, ""),
        ("import sys; sys.exit(3)", RAISED, "SystemExit", "3"),
    ],
    ids=["ok", "raised", "exit-zero", "exit-nonzero"],
)
def test_outcome_of_a_snippet(source, status, exc_type, message) -> None:
    from harness import run_snippet

    result = run_snippet(source, "legacy")
    assert (result.status, result.exc_type, result.message) == (status, exc_type, message), result.describe()


@pytest.mark.runtime
def test_a_hanging_snippet_times_out() -> None:
    from harness import run_snippet

    result = run_snippet("import time\ntime.sleep(60)", "legacy", timeout=2)
    assert result.status == TIMEOUT


@pytest.mark.parametrize("witness", load_witnesses(), ids=lambda w: w.symbol)
def test_every_runtime_table_can_be_checked_as_written(witness: Witness) -> None:
    assert witness.problem() is None, f"{witness.path}: rule {witness.symbol}: {witness.problem()}"


def test_a_runtime_table_with_an_unknown_key_or_environment_is_refused(tmp_path) -> None:
    (tmp_path / "team.toml").write_text(
        '[[rule]]\nsymbol = "a"\nruntime = { env = "legacy", raises = "ValueError", rasies = "x" }\n'
        '[[rule]]\nsymbol = "b"\nruntime = { env = "legacy-1.15", raises = "ValueError" }\n'
    )
    first, second = load_witnesses(tmp_path)
    assert first.problem() == (
        "unknown runtime key 'rasies' (known: env, good_env, also_envs, raises, match, skip, "
        "check_bad, check_good, check_fixed, local_bad, local_good)"
    )
    assert second.problem().startswith("runtime.env must be one of")


def test_more_environments_and_local_equivalents_are_checked(tmp_path) -> None:
    (tmp_path / "team.toml").write_text(
        '[[rule]]\nsymbol = "a"\nruntime = { env = "legacy", also_envs = "current, conflict", raises = "E" }\n'
        '[[rule]]\nsymbol = "b"\nruntime = { env = "legacy", also_envs = "legacy", raises = "E" }\n'
        '[[rule]]\nsymbol = "c"\nruntime = { env = "legacy", also_envs = "curent", raises = "E" }\n'
        '[[rule]]\nsymbol = "d"\n'
        'runtime = { env = "conflict", good_env = "legacy", also_envs = "current", raises = "E" }\n'
        '[[rule]]\nsymbol = "e"\nruntime = { env = "legacy", raises = "E", local_bad = "x = 1" }\n'
        '[[rule]]\nsymbol = "f"\nexample = { bad = "b", good = "g" }\n'
        'runtime = { env = "legacy", raises = "E", local_bad = "lb", local_good = "lg" }\n'
    )
    a, b, c, d, e, f = load_witnesses(tmp_path)
    assert (a.problem(), a.envs) == (None, ("legacy", "current", "conflict"))
    assert b.problem() == "runtime.also_envs repeats an environment"
    assert c.problem().startswith("runtime.also_envs must be one of")
    assert d.problem().startswith("runtime.also_envs with runtime.good_env")
    assert e.problem() == "runtime.local_bad and runtime.local_good go together"
    assert (f.problem(), f.bad_source, f.good_source, f.bad, f.good) == (None, "lb", "lg", "b", "g")
