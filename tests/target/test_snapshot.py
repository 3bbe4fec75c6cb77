"""The shipped dependency snapshot (data/dependencies.json) and the pure parts of the command that writes it.

Nothing here touches the network: the snapshot is read as shipped, and the builder's
functions are fed literal file names, pages and requirement strings.
"""

from __future__ import annotations

import datetime
import functools
import json
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from pylint_hubcompat.files.locations import data_file
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.target import snapshot as shipped
from pylint_hubcompat.target import snapshot_build as build

RECORD_KEYS = {"requires_python", "pythons", "platforms", "requires"}


@functools.cache
def snapshot() -> dict[str, object]:
    data: dict[str, object] = json.loads(data_file("dependencies.json").read_text("utf-8"))
    return data


def packages() -> dict[str, dict[str, dict[str, object]]]:
    found = snapshot()["packages"]
    assert isinstance(found, dict)
    return found


def record(name: str, version: str) -> dict[str, object]:
    return packages()[name][version]


def requires(name: str, version: str) -> list[Requirement]:
    texts = record(name, version)["requires"]
    assert isinstance(texts, list), f"{name} {version}: metadata not read"
    return [Requirement(t) for t in texts]


def on(name: str, requirements: list[Requirement]) -> list[Requirement]:
    return [r for r in requirements if canonicalize_name(r.name) == name]


def all_records() -> list[tuple[str, str, dict[str, object]]]:
    return [(name, version, rec) for name, releases in packages().items() for version, rec in releases.items()]


# -- the file's shape -------------------------------------------------------------------------------


def test_the_snapshot_is_dated_and_names_its_command() -> None:
    generated = datetime.date.fromisoformat(str(snapshot()["generated"]))
    assert datetime.date(2026, 1, 1) <= generated <= datetime.date.today() + datetime.timedelta(days=1)
    assert snapshot()["command"] == ".venv/bin/python -m pylint_hubcompat.target.snapshot_build"


def test_the_top_level_lists_pythons_by_version_and_the_five_platforms() -> None:
    pythons = snapshot()["pythons"]
    assert isinstance(pythons, list)
    assert pythons == sorted(pythons, key=Version)
    assert {"2.7", "3.7", "3.11", "3.14"} <= set(pythons)
    assert snapshot()["platforms"] == ["linux-x86_64", "linux-aarch64", "macos-x86_64", "macos-arm64", "windows-x86_64"]


def test_it_has_every_distribution_of_the_set_and_no_other() -> None:
    assert set(packages()) == set(build.DISTRIBUTIONS)


def test_every_top_level_python_is_some_releases() -> None:
    mentioned = {p for _, _, rec in all_records() for p in rec["pythons"]}  # type: ignore[attr-defined]
    assert mentioned == set(snapshot()["pythons"])  # type: ignore[arg-type]


def test_releases_are_final_and_in_version_order() -> None:
    for name, releases in packages().items():
        versions = [Version(v) for v in releases]
        assert versions == sorted(versions), name
        assert [str(v) for v in versions] == list(releases), f"{name}: keys are normalised versions"
        assert not [v for v in versions if v.is_prerelease or v.is_devrelease], name


@pytest.mark.parametrize(("name", "version", "rec"), all_records(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_release_is_well_formed(name: str, version: str, rec: dict[str, object]) -> None:
    assert RECORD_KEYS <= set(rec) <= RECORD_KEYS | {"note"}
    if rec["requires_python"] is not None:
        SpecifierSet(str(rec["requires_python"]))
    pythons = rec["pythons"]
    assert isinstance(pythons, list)
    assert set(pythons) <= set(snapshot()["pythons"])  # type: ignore[arg-type]
    assert pythons == sorted(pythons, key=Version)
    platforms = rec["platforms"]
    assert isinstance(platforms, list)
    assert platforms == ["any"] or (platforms == sorted(platforms) and set(platforms) <= set(build.PLATFORMS))
    if rec["requires"] is None:
        assert "metadata not read" in str(rec["note"])
        return
    assert isinstance(rec["requires"], list)
    for text in rec["requires"]:
        requirement = Requirement(text)
        assert canonicalize_name(requirement.name) in build.DISTRIBUTIONS
        assert requirement.marker is None or "extra" not in str(requirement.marker)


def test_it_covers_every_release_that_releases_toml_lists() -> None:
    listed = tomllib.loads(data_file("releases.toml").read_text("utf-8"))
    for name in set(listed) & set(packages()):
        missing = {Version(v) for v in listed[name]} - {Version(v) for v in packages()[name]}
        assert not missing, f"{name}: {sorted(missing)}"
    assert {"tensorflow", "tensorflow-hub", "tf-keras", "keras", "tensorflow-text", "setuptools"} <= set(listed)


def test_most_metadata_was_read() -> None:
    unread = [(n, v) for n, v, rec in all_records() if rec["requires"] is None]
    assert len(unread) < len(all_records()) / 20


# -- facts of FACTS.md, as the snapshot has them ----------------------------------------------------


def test_hub_0_16_1_requires_tf_keras_and_0_16_0_does_not() -> None:
    assert [str(r) for r in on("tf-keras", requires("tensorflow-hub", "0.16.1"))] == ["tf-keras>=2.14.1"]
    assert on("tf-keras", requires("tensorflow-hub", "0.16.0")) == []


def test_no_hub_release_requires_tensorflow_or_declares_requires_python() -> None:
    for version, rec in packages()["tensorflow-hub"].items():
        assert on("tensorflow", requires("tensorflow-hub", version)) == []
        assert rec["requires_python"] is None


def test_tensorflow_2_15_1_requires_keras_2_15() -> None:
    rec = record("tensorflow", "2.15.1")
    assert "keras<2.16,>=2.15.0" in rec["requires"]  # type: ignore[operator]
    assert rec["requires_python"] == ">=3.9"


@pytest.mark.parametrize(("text", "tf"), [("2.13", "<2.14,>=2.13.0"), ("2.15", "<2.16,>=2.15.0")])
def test_tensorflow_text_x_y_requires_tensorflow_x_y(text: str, tf: str) -> None:
    versions = [v for v in packages()["tensorflow-text"] if v.startswith(f"{text}.")]
    assert versions
    for version in versions:
        specifiers = {r.specifier for r in on("tensorflow", requires("tensorflow-text", version))}
        assert specifiers == {SpecifierSet(tf)}, version


def test_tf_keras_2_15_1_requires_tensorflow_2_15() -> None:
    assert [r.specifier for r in on("tensorflow", requires("tf-keras", "2.15.1"))] == [SpecifierSet(">=2.15,<2.16")]


def test_tensorflow_1_15_5_has_no_wheel_for_python_3_8_or_later() -> None:
    pythons = [Version(p) for p in record("tensorflow", "1.15.5")["pythons"]]  # type: ignore[attr-defined]
    assert pythons and max(pythons) < Version("3.8")


def test_tensorflow_2_16_0_was_never_released() -> None:
    assert "2.16.0" not in packages()["tensorflow"]
    assert "2.16.1" in packages()["tensorflow"]


# -- the builder's pure functions, on literal inputs --------------------------------------------------

KNOWN = build.BASE_PYTHONS


def wheel_tags(filename: str) -> frozenset[build.tags.Tag]:
    return parse_wheel_filename(filename)[3]


@pytest.mark.parametrize(
    ("filename", "requires_python", "pythons"),
    [
        ("tensorflow-1.15.5-cp37-cp37m-manylinux2010_x86_64.whl", None, ["3.7"]),
        ("tensorflow-1.15.5-cp27-cp27mu-manylinux2010_x86_64.whl", None, ["2.7"]),
        ("tensorflow-2.15.1-cp311-cp311-win_amd64.whl", ">=3.9", ["3.11"]),
        ("tf_keras-2.15.1-py3-none-any.whl", ">=3.9", ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]),
        ("tensorflow_hub-0.16.1-py2.py3-none-any.whl", ">=3.12", ["3.12", "3.13", "3.14"]),
        ("tensorflow_hub-0.1.0-py2-none-any.whl", None, ["2.7"]),
        ("demo-1.0-cp312-abi3-manylinux_2_17_x86_64.whl", None, ["3.12", "3.13", "3.14"]),
        ("demo-1.0-py36-none-any.whl", "<3.9", ["3.6", "3.7", "3.8"]),
        ("demo-1.0-cp38-cp38-win_amd64.whl", ">=3.9", []),
    ],
)
def test_a_wheels_tags_say_which_pythons_install_it(filename: str, requires_python: str | None, pythons: list) -> None:
    found = build.wheel_pythons(wheel_tags(filename), requires_python, KNOWN)
    assert sorted(found, key=Version) == pythons


@pytest.mark.parametrize(
    ("filename", "platforms"),
    [
        ("tensorflow-2.15.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", {"linux-x86_64"}),
        ("tensorflow-2.15.1-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl", {"linux-aarch64"}),
        ("tensorflow-2.15.1-cp311-cp311-macosx_12_0_arm64.whl", {"macos-arm64"}),
        ("tensorflow-2.15.1-cp311-cp311-macosx_10_15_x86_64.whl", {"macos-x86_64"}),
        ("tensorflow-1.0.0-cp27-cp27m-macosx_10_11_intel.whl", {"macos-x86_64"}),
        ("demo-1.0-cp312-cp312-macosx_10_13_universal2.whl", {"macos-x86_64", "macos-arm64"}),
        ("tensorflow-2.15.1-cp311-cp311-win_amd64.whl", {"windows-x86_64"}),
        ("demo-1.0-cp312-cp312-win32.whl", set()),
        ("demo-1.0-cp312-cp312-manylinux_2_17_i686.whl", set()),
        ("tf_keras-2.15.1-py3-none-any.whl", {"any"}),
    ],
)
def test_a_wheels_tags_say_which_platforms_install_it(filename: str, platforms: set[str]) -> None:
    assert build.coarse_platforms(wheel_tags(filename)) == platforms


def index_page(*files: tuple[str, object], versions: tuple[str, ...] = ()) -> dict[str, object]:
    return {
        "files": [{"filename": f, "yanked": yanked, "requires-python": ">=3.9"} for f, yanked in files],
        "versions": list(versions),
    }


def test_the_index_gives_final_releases_with_their_files_not_yanked() -> None:
    page = index_page(
        ("tf_keras-2.20.0-py3-none-any.whl", "broken"),
        ("tf_keras-2.20.0.tar.gz", True),
        ("tf_keras-2.20.1-py3-none-any.whl", False),
        ("tf_keras-2.20.1.tar.gz", False),
        ("tf_keras-2.21.0rc0-py3-none-any.whl", False),
        ("tf_keras-2.19.0-py3-none-any.whl", False),
        ("tf_keras-2.19.0-py2.7.egg", False),
        ("other_project-9.0-py3-none-any.whl", False),
        versions=("2.19.0", "2.20.0", "2.20.1", "2.21.0rc0"),
    )
    report = build.index_releases("tf-keras", page)
    assert [str(r.version) for r in report.releases] == ["2.19.0", "2.20.1"]
    assert (len(report.releases[1].wheels), report.releases[1].sdists) == (1, [">=3.9"])
    assert report.skipped_files == 1  # the egg
    assert report.skipped_versions == ["2.20.0"]  # every file yanked


def test_an_sdist_only_release_is_for_every_python_it_admits_on_any_platform() -> None:
    release = build.IndexRelease(Version("0.2.0"), sdists=[">=3.12"])
    assert build.release_pythons(release, KNOWN) == ["3.12", "3.13", "3.14"]
    assert build.release_platforms(release) == ["any"]


def test_a_release_is_for_the_union_of_its_wheels() -> None:
    wheels = [
        build.Wheel(f, wheel_tags(f), ">=3.9")
        for f in (
            "tensorflow-2.15.1-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "tensorflow-2.15.1-cp311-cp311-win_amd64.whl",
            "tensorflow-2.15.1-cp310-cp310-macosx_12_0_arm64.whl",
        )
    ]
    release = build.IndexRelease(Version("2.15.1"), wheels=wheels)
    assert build.release_pythons(release, KNOWN) == ["3.9", "3.10", "3.11"]
    assert build.release_platforms(release) == ["linux-x86_64", "macos-arm64", "windows-x86_64"]


def test_requirements_keep_the_sets_distributions_with_their_markers_but_not_extras() -> None:
    requires_dist = [
        "absl-py (>=1.0.0)",
        "setuptools",
        "keras (<2.16,>=2.15.0)",
        'tensorflow-intel (==2.15.1) ; platform_system == "Windows"',
        "nvidia-cudnn-cu12 (==8.9.4.25) ; extra == 'and-cuda'",
        "tensorflow[and-cuda] ; extra == 'gpu'",
        "Tensorflow_Text>=2.15; python_version >= '3.9' and (extra == 'nlp' or os_name == 'nt')",
        "keras (>=2.0",
    ]
    kept, invalid = build.set_requirements(requires_dist)
    assert kept == ["keras<2.16,>=2.15.0", "setuptools", 'tensorflow-intel==2.15.1; platform_system == "Windows"']
    assert invalid == ["keras (>=2.0"]


def test_pip_is_told_the_python_abi_and_platform_of_a_wheel_the_running_python_cannot_install() -> None:
    filename = "tensorflow-1.15.5-cp37-cp37m-manylinux2010_x86_64.whl"
    options = build.target_options(build.Wheel(filename, wheel_tags(filename), None), KNOWN, running="3.11")
    assert options == [
        "--ignore-requires-python",
        "--python-version",
        "3.7",
        "--only-binary=:all:",
        "--abi",
        "cp37m",
        "--platform",
        "manylinux2010_x86_64",
    ]


def test_a_pure_wheel_is_read_with_the_running_python_when_it_installs_there() -> None:
    filename = "tf_keras-2.15.1-py3-none-any.whl"
    options = build.target_options(build.Wheel(filename, wheel_tags(filename), ">=3.9"), KNOWN, running="3.11")
    assert options == ["--ignore-requires-python", "--python-version", "3.11", "--only-binary=:all:"]


def test_the_wheel_read_is_pure_python_first_then_linux_x86_64_with_the_newest_python() -> None:
    names = [
        "tensorflow-2.15.1-cp311-cp311-win_amd64.whl",
        "tensorflow-2.15.1-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "tensorflow-2.15.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    ]
    release = build.IndexRelease(Version("2.15.1"), wheels=[build.Wheel(f, wheel_tags(f), ">=3.9") for f in names])
    chosen = build.representative_wheel(release, KNOWN)
    assert chosen is not None and chosen.filename == names[2]


def test_pip_runs_without_this_machines_configuration_but_with_its_network_settings() -> None:
    env = build.pip_environment(
        {"PATH": "/usr/bin", "PIP_FIND_LINKS": "/opt/wheels", "PIP_CERT": "/etc/ca.crt", "PIP_PRE": "1"}
    )
    assert env["PIP_CONFIG_FILE"] == build.os.devnull
    assert (env["PIP_FIND_LINKS"], env["PIP_CONSTRAINT"], env["PIP_CERT"], env["PATH"]) == (
        "",
        "",
        "/etc/ca.crt",
        "/usr/bin",
    )
    assert "PIP_PRE" not in env


def test_a_release_pip_cannot_read_keeps_what_the_index_says_and_says_so() -> None:
    wheel = "tf_keras-2.15.1-py3-none-any.whl"
    work = {
        "tf-keras": [
            build.IndexRelease(Version("2.15.1"), wheels=[build.Wheel(wheel, wheel_tags(wheel), ">=3.9")]),
            build.IndexRelease(Version("2.15.0"), sdists=[">=3.13"]),
        ]
    }

    def reader(name: str, release: build.IndexRelease) -> build.Metadata:
        if release.sdists:
            raise build.MetadataError("setup.py egg_info failed")
        return build.Metadata(">=3.9", ("tensorflow (<2.16,>=2.15)", "portpicker"), wheel)

    log = build.BuildLog()
    found = build.read_releases(work, KNOWN, reader, jobs=2, log=log)
    assert list(found["tf-keras"]) == ["2.15.0", "2.15.1"]
    assert found["tf-keras"]["2.15.1"]["requires"] == ["tensorflow<2.16,>=2.15"]
    assert found["tf-keras"]["2.15.0"] == {
        "requires_python": ">=3.13",
        "pythons": ["3.13", "3.14"],
        "platforms": ["any"],
        "requires": None,
        "note": "metadata not read, requires unknown: setup.py egg_info failed",
    }
    assert log.read == {"wheel": 1} and len(log.unread) == 1


def test_the_file_has_one_release_a_line_and_is_json(tmp_path: Path) -> None:
    packages_ = {
        "tf-keras": {"2.15.1": {"pythons": ["3.9"], "platforms": ["any"], "requires": [], "requires_python": None}}
    }
    text = build.render_snapshot("2026-12-01", ["3.9"], packages_)
    assert json.loads(text)["packages"] == packages_
    assert (
        '      "2.15.1": {"platforms":["any"],"pythons":["3.9"],"requires":[],"requires_python":null}'
        in text.splitlines()
    )
    releases = build.render_releases("2026-12-01", {"keras": ["3.0.0", "2.15.0"], "tensorflow": ["2.15.1"]})
    assert tomllib.loads(releases) == {"tensorflow": ["2.15.1"], "keras": ["2.15.0", "3.0.0"]}
    assert releases.startswith("# Releases published on PyPI as of 2026-12-01")


def test_release_lists_become_the_published_releases_and_say_what_changed() -> None:
    listed = {"tensorflow": ["0.12.1", "2.20.0", "2.99.0"], "keras": ["3.0.0"]}
    published = {"tensorflow": ["0.12.0", "0.12.1", "2.20.0", "2.21.0"], "setuptools": ["82.0.0", "81.0.0"]}
    lists, messages = build.release_lists(listed, published)
    assert lists == {
        "tensorflow": ["0.12.0", "0.12.1", "2.20.0", "2.21.0"],
        "keras": ["3.0.0"],
        "setuptools": ["81.0.0", "82.0.0"],
    }
    assert messages == [
        "tensorflow: no longer on PyPI, dropped from releases.toml: 2.99.0",
        "tensorflow: newly listed in releases.toml: 0.12.0, 2.21.0",
    ]


def test_a_failed_build_is_told_by_pips_error_line_not_its_hint() -> None:
    stderr = (
        "  error: subprocess-exited-with-error\n"
        "ERROR: Failed to build 'tensorflow-gpu' when getting requirements to build wheel\n"
        "hint: See above for details.\n"
    )
    assert (
        build._last_error(stderr) == "ERROR: Failed to build 'tensorflow-gpu' when getting requirements to build wheel"
    )


# -- the compiled masks a lint reads ----------------------------------------------------------------


def test_the_shipped_masks_are_compiled_from_the_shipped_snapshot() -> None:
    """If this fails, run `.venv/bin/python -m pylint_hubcompat.target.snapshot_build --masks`."""
    assert data_file(shipped.MASKS_FILE).read_text("utf-8") == shipped.render_masks()


def test_masks_that_do_not_match_the_release_lists_are_computed_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = json.loads(data_file(shipped.MASKS_FILE).read_text("utf-8"))
    stale["edges"]["tensorflow-text"]["2.13.0"]["tensorflow"] = "0"  # would admit no TensorFlow at all
    stale["universes"]["tensorflow"] = stale["universes"]["tensorflow"][:-1]  # releases.toml moved on
    (tmp_path / shipped.MASKS_FILE).write_text(json.dumps(stale), "utf-8")
    real_data_file = shipped.data_file
    monkeypatch.setattr(
        shipped, "data_file", lambda name: tmp_path / name if name == shipped.MASKS_FILE else real_data_file(name)
    )
    shipped._compiled.cache_clear()  # pylint: disable=protected-access
    try:
        edges = dict(shipped.edges("tensorflow-text", Version("2.13.0")))
        assert shipped.universe("tensorflow").values(edges["tensorflow"]) == (Version("2.13.0"), Version("2.13.1"))
    finally:
        shipped._compiled.cache_clear()  # pylint: disable=protected-access
