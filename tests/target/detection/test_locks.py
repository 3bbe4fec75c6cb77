"""Lock files say what is installed, so they win over every declared range."""

from __future__ import annotations

import json

import pytest

from pylint_hubcompat.target import detection
from pylint_hubcompat.target.detection import locks
from tests.target.detection.conftest import detect, problems, summary

UV_LOCK = """
version = 1
requires-python = ">=3.10"

[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "tensorflow" },
]

[package.metadata]
requires-dist = [{ name = "tensorflow", specifier = ">=2.10" }]

[[package]]
name = "tensorflow"
version = "2.15.1"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files.example.invalid/tensorflow-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:00" },
]

[[package]]
name = "tensorflow-estimator"
version = "2.15.0"
source = { registry = "https://pypi.org/simple" }
"""


def test_uv_lock_wins_over_declared_ranges(project):
    root = project({"pyproject.toml": '[project]\nname = "demo"\ndependencies = ["tensorflow>=2.10"]\n', "uv.lock": UV_LOCK})
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.15.1", "uv.lock:16", "2.15.1", "2.15.1")
    assert problems(target) == []


def test_a_distribution_missing_from_the_lock_falls_back_to_declarations(project):
    root = project({"requirements.txt": "tensorflow-hub>=0.13\n", "uv.lock": UV_LOCK})
    target = detect(root)
    assert target["tensorflow"].source == "uv.lock:16"
    assert summary(target["tensorflow-hub"])[:2] == (">=0.13", "requirements.txt:1")


def test_uv_resolution_forks_admit_every_locked_version(project):
    lock = """
        version = 1

        [[package]]
        name = "tensorflow"
        version = "2.15.1"
        resolution-markers = ["python_full_version < '3.12'"]

        [[package]]
        name = "tensorflow"
        version = "2.16.2"
        resolution-markers = ["python_full_version >= '3.12'"]
    """
    target = detect(project({"uv.lock": lock}))
    assert summary(target["tensorflow"]) == ("==2.15.1 || ==2.16.2", "uv.lock:4, uv.lock:9", "2.15.1", "2.16.2")
    assert [str(v) for v in target["tensorflow"].releases] == ["2.15.1", "2.16.2"]


def test_poetry_lock_and_pdm_lock(project):
    poetry_lock = """
        [[package]]
        name = "tensorflow-hub"
        version = "0.14.0"
        description = "TensorFlow Hub is a library to foster the publication, discovery, and consumption of reusable parts of machine learning models."
        optional = false
        python-versions = "*"
        files = [
            {file = "tensorflow_hub-0.14.0-py2.py3-none-any.whl", hash = "sha256:00"},
        ]

        [metadata]
        lock-version = "2.0"
        content-hash = "abc"
    """
    root = project({"pyproject.toml": '[tool.poetry.dependencies]\ntensorflow-hub = "^0.12"\n', "poetry.lock": poetry_lock})
    assert summary(detect(root)["tensorflow-hub"])[:2] == ("==0.14.0", "poetry.lock:2")

    pdm_lock = '[metadata]\nname = "not-a-package"\n\n[[package]]\nname = "tf-keras"\nversion = "2.15.0"\n'
    root = project({"pdm.lock": pdm_lock}, root=root / "pdm")
    assert summary(detect(root)["tf-keras"])[:2] == ("==2.15.0", "pdm.lock:5")


def test_pipfile_lock_and_pylock(project):
    pipfile_lock = {
        "_meta": {"hash": {"sha256": "00"}},
        "default": {"tensorflow": {"hashes": ["sha256:00"], "version": "==2.13.1"}},
        "develop": {},
    }
    root = project({"Pipfile.lock": json.dumps(pipfile_lock, indent=4)})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.13.1", "Pipfile.lock:8")

    pylock = 'lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "keras"\nversion = "3.3.3"\n\n[[packages.wheels]]\nname = "keras-3.3.3-py3-none-any.whl"\n'
    root = project({"pylock.toml": pylock}, root=root / "pylock")
    assert summary(detect(root)["keras"])[:2] == ("==3.3.3", "pylock.toml:5")


def test_lock_files_that_disagree_are_both_ignored(project):
    root = project(
        {
            "uv.lock": '[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n',
            "poetry.lock": '[[package]]\nname = "tensorflow"\nversion = "2.16.1"\n',
            "requirements.txt": "tensorflow>=2.15\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.15", "requirements.txt:1")
    assert problems(target) == [
        "poetry.lock:2: lock files disagree on tensorflow: 2.15.1 (uv.lock:2) and 2.16.1 (poetry.lock:2); "
        "the lock files are ignored for tensorflow"
    ]


def test_a_broken_lock_entry_is_reported_and_skipped(project):
    lock = '[[package]]\nname = "tensorflow"\n<<<<<<< HEAD\nversion = "2.15.1"\n=======\nversion = "2.16.1"\n>>>>>>> theirs\n'
    root = project({"uv.lock": lock, "requirements.txt": "tensorflow>=2.15\n"})
    target = detect(root)
    assert target["tensorflow"].source == "requirements.txt:1"
    [problem] = target.problems
    assert (problem.path, problem.line) == ("uv.lock", 2)
    assert "not valid TOML" in problem.message


def test_local_version_labels_are_the_same_release(project):
    root = project({"uv.lock": '[[package]]\nname = "tensorflow-cpu"\nversion = "2.15.1+cpu"\n'})
    assert summary(detect(root)["tensorflow"])[0] == "==2.15.1"


def _big_uv_lock(packages: int) -> str:
    """A uv.lock shaped like a real one: sdist, eight wheels and dependencies per package."""
    names = [f"package-{i:04d}" for i in range(packages)]
    names[packages // 2], names[packages // 3] = "tensorflow", "tensorflow-hub"
    out = ["version = 1", 'requires-python = ">=3.10"', ""]
    for i, name in enumerate(names):
        version = {"tensorflow": "2.15.1", "tensorflow-hub": "0.16.1"}.get(name, f"1.{i % 50}.0")
        out += ["[[package]]", f'name = "{name}"', f'version = "{version}"', 'source = { registry = "https://pypi.org/simple" }']
        out += ["dependencies = [", f'    {{ name = "{names[(i + 1) % packages]}" }},', "]"]
        out.append(f'sdist = {{ url = "https://files.example.invalid/{name}-{version}.tar.gz", hash = "sha256:{i:064x}", size = 1 }}')
        out.append("wheels = [")
        for tag in range(8):
            wheel = f"{name.replace('-', '_')}-{version}-cp3{tag}-cp3{tag}-manylinux_2_17_x86_64.whl"
            out.append(f'    {{ url = "https://files.example.invalid/{wheel}", hash = "sha256:{i + tag:064x}", size = 1 }},')
        out += ["]", "", "[package.optional-dependencies]", f'extra = [{{ name = "{names[(i + 3) % packages]}" }}]', ""]
    return "\n".join(out)


def test_of_a_3000_package_uv_lock_only_our_entries_are_parsed(tmp_path, monkeypatch):
    lock = _big_uv_lock(3000)
    (tmp_path / "uv.lock").write_text(lock)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "big"\ndependencies = ["tensorflow>=2.10"]\n')
    parsed: list[str] = []
    real_loads = locks.tomllib.loads
    monkeypatch.setattr(locks.tomllib, "loads", lambda text: parsed.append(text) or real_loads(text))
    target = detect(tmp_path)
    assert target["tensorflow"].specifier == "==2.15.1"
    assert target["tensorflow-hub"].specifier == "==0.16.1"
    lock_entries = [text for text in parsed if text.startswith("[[package]]")]
    assert len(lock_entries) == 2  # tensorflow and tensorflow-hub, each up to its version line
    assert sum(map(len, lock_entries)) < 200  # of a lock of megabytes


# -- lock files as tools and people leave them ------------------------------------------------------


def test_a_lock_file_starting_with_a_blank_line_gives_the_right_line(tmp_path):
    (tmp_path / "uv.lock").write_text('\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n', encoding="utf-8")
    assert summary(detect(tmp_path)["tensorflow"])[:2] == ("==2.15.1", "uv.lock:3")


def test_a_lock_file_without_a_final_newline_is_read(project):
    lock = '[[package]]\nname = "numpy"\nversion = "1.26.4"\n\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"'
    root = project({"uv.lock": lock})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.15.1", "uv.lock:6")


def test_packages_that_only_look_like_ours_do_not_hide_the_ones_after_them(project):
    lock = """
        [[package]]
        name = "tensorflow-estimator"
        version = "2.15.0"

        [tool.our-locker]
        name = "keras"

        [[package]]
        name = "tensorflow"
        version = "2.15.1"
    """
    root = project({"uv.lock": lock})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "uv.lock:9")
    assert target["keras"].origin == "implied"  # by tensorflow 2.15.1, not by the locker's table


def test_an_entry_without_version_is_skipped_even_before_a_broken_entry(project):
    lock = """
        [[package]]
        name = "tensorflow"
        source = { editable = "." }

        [[package]]
        name = "numpy"
        <<<<<<< HEAD
        version = "1.26.4"

        [[package]]
        name = "scipy"
        version = "1.13.0"
    """
    root = project({"uv.lock": lock, "requirements.txt": "tensorflow>=2.12\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "requirements.txt:1")
    assert problems(target) == []


def test_a_broken_tail_of_an_entry_does_not_lose_its_version(project):
    lock = (
        '[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n'
        'wheels = [\n    { url = "https://files.example.invalid/t.whl",\n'
    )
    target = detect(project({"uv.lock": lock}))
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "uv.lock:2")
    assert problems(target) == []


def test_a_version_line_inside_a_multi_line_string_does_not_fool_the_scan(project):
    lock = (
        '[[package]]\nname = "tensorflow"\n'
        'description = """An open source ML framework.\nversion = "x\n"""\nversion = "2.14.1"\n'
    )
    target = detect(project({"poetry.lock": lock}))
    assert summary(target["tensorflow"])[:2] == ("==2.14.1", "poetry.lock:2")
    assert problems(target) == []


def test_a_name_that_is_not_utf8_is_skipped_and_the_rest_read(tmp_path):
    lock = (
        b'[[package]]\nname = "tensorflow\xff"\nversion = "1.0"\n\n'
        b'[[package]]\nname = "tensorflow-hub"\nversion = "0.15.0"\n'
    )
    (tmp_path / "uv.lock").write_bytes(lock)
    target = detect(tmp_path)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "uv.lock:6")
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_a_locked_version_that_is_no_version_is_reported(project):
    target = detect(project({"uv.lock": '[[package]]\nname = "tensorflow"\nversion = "latest"\n'}))
    assert target["tensorflow"].source == "default"
    assert problems(target) == ["uv.lock:2: locked version 'latest' of tensorflow is not a version, skipped"]


def test_lock_files_bigger_than_a_configuration_file_are_read(tmp_path):
    padding = "x" * (5 * 1024 * 1024)
    lock = f'# {padding}\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n'
    (tmp_path / "uv.lock").write_text(lock, encoding="utf-8")
    pipfile_lock = {"_meta": {"padding": padding}, "default": {"tensorflow-hub": {"version": "==0.15.0"}}}
    (tmp_path / "Pipfile.lock").write_text(json.dumps(pipfile_lock), encoding="utf-8")
    target = detect(tmp_path)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "uv.lock:3")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "Pipfile.lock:1")


def test_lock_files_disagreeing_name_the_versions_and_the_line_of_the_second(project):
    uv_lock = """
        [[package]]
        name = "tensorflow"
        version = "2.14.0"
        resolution-markers = ["python_full_version < '3.12'"]

        [[package]]
        name = "tensorflow"
        version = "2.14.1"
        resolution-markers = ["python_full_version >= '3.12'"]
    """
    pylock = (
        'lock-version = "1.0"\n\n[[packages]]\nname = "tensorflow"\nversion = "2.16.1"\n\n'
        '[[packages]]\nname = "tensorflow"\nversion = "2.16.2"\n'
    )
    root = project({"uv.lock": uv_lock, "pylock.gpu:cuda.toml": pylock})
    assert problems(detect(root)) == [
        (
            "pylock.gpu:cuda.toml:4: lock files disagree on tensorflow: 2.14.0-2.14.1 (uv.lock:2, uv.lock:7) and "
            "2.16.1-2.16.2 (pylock.gpu:cuda.toml:4, pylock.gpu:cuda.toml:8); the lock files are ignored for tensorflow"
        )
    ]


# -- Pipfile.lock ----------------------------------------------------------------------------------


def test_pipfile_lock_default_and_develop_pins_each_with_their_line(project):
    text = """
        {
            "_meta": {"hash": {"sha256": "00"}},
            "default": {
                "numpy": {"version": "==latest"},
                "tensorflow-hub": "==0.15.0",
                "tf-keras": {"git": "https://github.com/keras-team/tf-keras.git"},
                "tensorflow": {"version": "==2.15.1"}
            },
            "develop": {
                "tensorflow": {"version": "==2.15.1"},
                "keras": {"version": "==3.3.3"}
            }
        }
    """
    target = detect(project({"Pipfile.lock": text}))
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "Pipfile.lock:7, Pipfile.lock:10")
    assert summary(target["keras"])[:2] == ("==3.3.3", "Pipfile.lock:11")
    assert [target[d].source for d in ("tensorflow-hub", "tf-keras")] == ["default", "default"]
    assert problems(target) == []


def test_pipfile_lock_sections_that_are_no_table_are_skipped(project):
    text = '{"default": null, "develop": {"tensorflow": {"version": "==2.15.1"}}}'
    target = detect(project({"Pipfile.lock": text}))
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "Pipfile.lock:1")
    assert detect(project({"Pipfile.lock": "[]"}, root=target.root / "list")).problems == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{\n  "default": {\n    "tensorflow": \n}\n', "Pipfile.lock:4: not valid JSON, skipped: Expecting value"),
        ("[" * 100_000, "Pipfile.lock:1: not valid JSON, skipped: nested too deeply"),
        (
            '{"default": {"tensorflow": {"version": "==latest"}}}',
            "Pipfile.lock:1: locked version 'latest' of tensorflow is not a version, skipped",
        ),
    ],
)
def test_a_pipfile_lock_that_cannot_be_used_says_where_and_why(project, text, problem):
    target = detect(project({"Pipfile.lock": text}))
    assert problems(target) == [problem]
    assert target["tensorflow"].source == "default"


def test_a_locked_version_that_was_never_released_is_reported_and_the_others_kept(project):
    lock = """
        [[package]]
        name = "tensorflow"
        version = "2.16.0"
        resolution-markers = ["python_full_version < '3.12'"]

        [[package]]
        name = "tensorflow"
        version = "2.16.1"
        resolution-markers = ["python_full_version >= '3.12'"]
    """
    target = detect(project({"uv.lock": lock}))
    assert summary(target["tensorflow"])[:2] == ("==2.16.1", "uv.lock:7")
    assert problems(target) == ["uv.lock:2: locked tensorflow `==2.16.0` is not a known release, skipped"]


def test_lock_files_that_agree_are_both_named(project):
    pin = '[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n'
    target = detect(project({"uv.lock": pin, "poetry.lock": pin}))
    assert summary(target["tensorflow"]) == ("==2.15.1", "uv.lock:2, poetry.lock:2", "2.15.1", "2.15.1")


def test_a_broken_entry_of_ours_does_not_hide_the_entries_after_it(project):
    lock = '''
        [[package]]
        name = "tensorflow"
        <<<<<<< HEAD
        version = "2.15.1"

        [[package]]
        name = "tensorflow-hub"
        version = "0.15.0"
    '''
    target = detect(project({"uv.lock": lock}))
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "uv.lock:7")
    assert [p.split(", skipped")[0] for p in problems(target)] == ["uv.lock:2: entry of tensorflow is not valid TOML"]
