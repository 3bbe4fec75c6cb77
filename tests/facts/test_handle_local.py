"""Model directories of the project, and the user's model-formats option."""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat import classify_handle
from pylint_hubcompat.facts.handles import TF1_HUB, TF2_SAVEDMODEL


def model_dir(parent: Path, name: str, *files: str) -> Path:
    directory = parent / name
    directory.mkdir(parents=True)
    for file in files:
        (directory / file).touch()
    return directory


@pytest.fixture(autouse=True)
def no_hub_cache(monkeypatch):
    monkeypatch.delenv("TFHUB_CACHE_DIR", raising=False)


def test_a_tf1_hub_module_directory(tmp_path):
    model_dir(tmp_path, "models/elmo", "tfhub_module.pb", "saved_model.pb")
    info = classify_handle("models/elmo", root=tmp_path)
    assert (info.format, info.how) == (TF1_HUB, "local directory with tfhub_module.pb")
    assert info.describe() == "models/elmo is in TF1 Hub format (local directory with tfhub_module.pb)"


def test_a_tf2_savedmodel_directory(tmp_path):
    model_dir(tmp_path, "models/use", "saved_model.pb")
    info = classify_handle("models/use", root=tmp_path)
    assert (info.format, info.how) == (TF2_SAVEDMODEL, "local directory with saved_model.pb and no tfhub_module.pb")


def test_spellings_of_a_local_directory(tmp_path):
    model_dir(tmp_path, "models/elmo", "tfhub_module.pb")
    for handle in ("./models/elmo", "models/elmo/", str(tmp_path / "models/elmo"), (tmp_path / "models/elmo").as_uri()):
        assert classify_handle(handle, root=tmp_path).format == TF1_HUB, handle


def test_a_local_copy_shadows_the_catalog_spelling_it_looks_like(tmp_path):
    # hub.load("google/elmo/3") loads this directory, not tfhub.dev.
    model_dir(tmp_path, "google/elmo/3", "saved_model.pb")
    assert classify_handle("google/elmo/3", root=tmp_path).format == TF2_SAVEDMODEL
    assert classify_handle("google/elmo/3", root=tmp_path / "elsewhere").format == TF1_HUB


@pytest.mark.parametrize(
    "files",
    [pytest.param((), id="empty directory"), pytest.param(("variables",), id="no marker file")],
)
def test_a_directory_without_model_files_is_unknown(tmp_path, files):
    model_dir(tmp_path, "models/x", *files)
    assert classify_handle("models/x", root=tmp_path).format is None


def test_a_file_is_not_a_model_directory(tmp_path):
    (tmp_path / "saved_model.pb").touch()
    assert classify_handle("saved_model.pb", root=tmp_path).format is None


def test_directories_outside_the_root_are_never_looked_at(tmp_path):
    model_dir(tmp_path, "outside", "tfhub_module.pb")
    root = tmp_path / "project"
    root.mkdir()
    assert classify_handle("../outside", root=root).format is None
    assert classify_handle(str(tmp_path / "outside"), root=root).format is None


def test_a_symlink_out_of_the_root_is_not_followed(tmp_path):
    model_dir(tmp_path, "outside", "tfhub_module.pb")
    root = tmp_path / "project"
    root.mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    assert classify_handle("link", root=root).format is None


def test_directories_under_TFHUB_CACHE_DIR(tmp_path, monkeypatch):
    cache = tmp_path / "hub-cache"
    model_dir(cache, "0123abcd", "tfhub_module.pb")
    monkeypatch.setenv("TFHUB_CACHE_DIR", str(cache))
    assert classify_handle(str(cache / "0123abcd")).format == TF1_HUB
    assert classify_handle(str(cache / "0123abcd"), root=tmp_path / "project").format == TF1_HUB


def test_the_file_system_is_asked_again_each_time(tmp_path):
    directory = model_dir(tmp_path, "models/x")
    assert classify_handle("models/x", root=tmp_path).format is None
    (directory / "saved_model.pb").touch()
    assert classify_handle("models/x", root=tmp_path).format == TF2_SAVEDMODEL


# -- the model-formats option ----------------------------------------------


def test_the_mapping_overrides_the_catalog():
    info = classify_handle("https://tfhub.dev/google/elmo/3", mapping={"https://tfhub.dev/google/": TF2_SAVEDMODEL})
    assert (info.format, info.how, info.successor) == (
        TF2_SAVEDMODEL,
        "model-formats option `https://tfhub.dev/google/`",
        None,
    )


def test_the_mapping_overrides_a_local_directory(tmp_path):
    model_dir(tmp_path, "models/elmo", "tfhub_module.pb")
    assert classify_handle("models/elmo", mapping={"models/": TF2_SAVEDMODEL}, root=tmp_path).format == TF2_SAVEDMODEL


def test_the_mapping_overrides_a_kaggle_url():
    url = "https://www.kaggle.com/models/google/elmo/frameworks/TensorFlow1/variations/elmo/versions/3"
    assert classify_handle(url, mapping={"https://www.kaggle.com/models/google/": TF2_SAVEDMODEL}).format == TF2_SAVEDMODEL


def test_the_longest_prefix_wins():
    mapping = {"gs://models/": TF2_SAVEDMODEL, "gs://models/legacy/": TF1_HUB}
    assert classify_handle("gs://models/legacy/elmo", mapping=mapping).format == TF1_HUB
    assert classify_handle("gs://models/current/use", mapping=mapping).format == TF2_SAVEDMODEL


def test_a_mapping_prefix_matches_any_spelling_of_a_tfhub_handle():
    mapping = {"https://tfhub.dev/google/elmo/": TF2_SAVEDMODEL}
    for handle in ("http://www.tfhub.dev/google/elmo/3", "google/elmo/3", "gs://tfhub-modules/google/elmo/3"):
        assert classify_handle(handle, mapping=mapping).format == TF2_SAVEDMODEL, handle


def test_a_mapping_to_something_that_is_not_a_format_is_ignored():
    assert classify_handle("gs://models/x", mapping={"gs://": "tf3"}).format is None
