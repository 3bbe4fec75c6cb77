"""``hubcompat handle``: the format, how it is known, and the exit code."""

from __future__ import annotations

import json

from pylint_hubcompat.cli.main import main


def test_a_known_handle(capsys):
    assert main(["handle", "https://tfhub.dev/google/nnlm-en-dim128/1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://tfhub.dev/google/nnlm-en-dim128/1 is in TF1 Hub format (tfhub.dev catalog)",
        "TF2 SavedModel of the same model: https://tfhub.dev/google/nnlm-en-dim128/2",
    ]


def test_an_unknown_handle_exits_1(capsys):
    assert main(["handle", "https://example.com/model"]) == 1
    assert capsys.readouterr().out == "https://example.com/model has an unknown format\n"


def test_json(capsys):
    assert main(["handle", "--json", "https://tfhub.dev/google/universal-sentence-encoder/2"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "handle": "https://tfhub.dev/google/universal-sentence-encoder/2",
        "format": "tf1-hub",
        "how": "tfhub.dev catalog",
        "successor": "https://tfhub.dev/google/universal-sentence-encoder/4",
    }


def test_a_directory_relative_to_the_working_directory(tmp_path, monkeypatch, capsys):
    (tmp_path / "models" / "use").mkdir(parents=True)
    (tmp_path / "models" / "use" / "saved_model.pb").touch()
    monkeypatch.chdir(tmp_path / "models")
    assert main(["handle", "use"]) == 0
    assert capsys.readouterr().out == "use is in TF2 SavedModel format (local directory with saved_model.pb and no tfhub_module.pb)\n"
