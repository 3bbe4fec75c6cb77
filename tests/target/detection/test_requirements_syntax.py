"""requirements files line by line, as pip reads them: continuations and comments, option spellings,
``name @ url`` and local archives, and the problems reported for lines that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement

from pylint_hubcompat.files.redact import redact
from tests.target.detection.conftest import detect, problems, summary

# -- continuations and comments ---------------------------------------------------------------


def test_a_comment_ending_in_a_backslash_does_not_swallow_the_next_line(project):
    root = project({"requirements.txt": "# pinned for the GPU image \\\ntensorflow==2.15.1\n"})
    assert summary(detect(root)["tensorflow"]) == ("==2.15.1", "requirements.txt:2", "2.15.1", "2.15.1")


def test_an_indented_comment_ending_in_a_backslash_does_not_either(project):
    root = project({"requirements.txt": "numpy==1.26.4\n    # see the wiki \\\ntensorflow-hub==0.15.0\n"})
    assert summary(detect(root)["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:3")


def test_a_comment_line_inside_a_continuation_ends_it(project):
    # pip puts a space before the comment, so it is dropped even with no space before the backslash.
    root = project({"requirements.txt": "tensorflow==2.15.1\\\n# the CPU build is the same\ntensorflow-hub==0.15.0\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:3")
    assert problems(target) == []


def test_a_continuation_on_the_last_line_still_counts(project):
    root = project({"requirements.txt": "numpy==1.26.4\ntensorflow\\\n==2.14.1 \\"})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.14.1", "requirements.txt:2")


def test_a_long_url_continued_on_the_next_line_is_joined_without_a_space(project):
    url = "https://files.example.invalid/tensorflow_cpu-2.15.1-\\\ncp311-cp311-manylinux_2_17_x86_64.whl\n"
    assert summary(detect(project({"requirements.txt": url}))["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")


def test_a_tab_is_no_option_separator_for_pip_so_the_line_is_reported(project):
    root = project({"requirements.txt": "tensorflow==2.15.1\t--hash=sha256:abcd\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    reported = [p.split(", skipped")[0] for p in problems(target)]
    assert reported == ["requirements.txt:1: cannot parse requirement tensorflow"]


def test_a_continued_requirement_is_reported_at_its_first_line(project):
    root = project({"requirements.txt": "numpy\ntensorflow\\\n==2.13.1\\\n  ; python_version >= '3'\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.13.1", "requirements.txt:2")


# -- option spellings ---------------------------------------------------------------------------


def test_the_long_include_spellings_with_an_equals_sign(project):
    root = project(
        {
            "requirements.txt": "--requirement=base.txt\n--constraint=pins.txt\n",
            "base.txt": "tensorflow>=2.12\n",
            "pins.txt": "tensorflow<2.14\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("<2.14,>=2.12", "base.txt:1, pins.txt:1", "2.12.0", "2.13.1")
    assert problems(target) == []


def test_the_short_constraint_spelling_without_a_space(project):
    root = project({"requirements.txt": "tensorflow>=2.12\n-cpins.txt\n", "pins.txt": "tensorflow<2.13\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("<2.13,>=2.12", "requirements.txt:1, pins.txt:1")


def test_per_requirement_options_in_short_and_long_spelling_are_not_part_of_the_requirement(project):
    root = project(
        {
            "requirements.txt": (
                "tensorflow==2.15.1 -C editable_mode=compat\n"
                "tensorflow-hub==0.15.0 --config-settings=build=release --hash=sha256:abcd\n"
            )
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:2")
    assert problems(target) == []


def test_an_option_pip_does_not_know_is_no_include(project):
    root = project(
        {"requirements.txt": "--requirement-file=base.txt\n--constraints pins.txt\n", "base.txt": "tensorflow\n"}
    )
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_include_paths_may_be_quoted_and_hold_a_hash(project):
    root = project(
        {
            "requirements.txt": '-r "shared reqs/base.txt"\n-c pins#gpu.txt\n',
            "shared reqs/base.txt": "tensorflow>=2.12\n",
            "pins#gpu.txt": "tensorflow<2.13\n",
        }
    )
    assert summary(detect(root)["tensorflow"])[:2] == ("<2.13,>=2.12", "shared reqs/base.txt:1, pins#gpu.txt:1")


def test_an_include_that_names_no_file_is_reported(project):
    root = project({"requirements.txt": "tensorflow==2.15.1\n-r\n--constraint=\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[0] == "==2.15.1"
    assert problems(target) == [
        "requirements.txt:2: -r names no file, skipped",
        "requirements.txt:3: --constraint= names no file, skipped",
    ]


def test_an_option_line_shlex_cannot_split_is_reported(project):
    root = project({"requirements.txt": 'tensorflow==2.15.1\n-r "base.txt\n'})
    target = detect(root)
    assert summary(target["tensorflow"])[0] == "==2.15.1"
    assert problems(target) == ["requirements.txt:2: cannot parse option line, skipped: No closing quotation"]


def test_a_missing_constraint_file_is_named_as_a_constraint(project):
    root = project({"requirements.txt": "-c pins/missing.txt\n"})
    assert problems(detect(root)) == [
        "requirements.txt:1: included constraint file pins/missing.txt does not exist, skipped"
    ]


def test_an_include_outside_the_project_is_not_read(project, tmp_path):
    (tmp_path / "shared.txt").write_text("tensorflow==1.15.5\n", encoding="utf-8")
    root = project({"requirements.txt": "-r ../shared.txt\ntensorflow==2.15.1\n"}, root=tmp_path / "service")
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:2")
    assert problems(target) == [
        "requirements.txt:1: included requirement file ../shared.txt is not read: it is outside the project"
    ]


def test_a_chain_of_includes_deeper_than_fifty_files_is_cut_and_reported(project):
    chain = {f"l{i}.txt": f"-r l{i + 1}.txt\n" for i in range(1, 50)}
    root = project({"requirements.txt": "tensorflow>=2.12\n-r l1.txt\n", **chain, "l50.txt": "tensorflow==1.15.5\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "requirements.txt:1")
    assert problems(target) == ["l49.txt:1: included file l50.txt is not read: more than 50 files deep"]


@pytest.mark.parametrize(
    "start",
    [
        {
            "pyproject.toml": '[project]\nname = "demo"\ndynamic = ["dependencies"]\n\n'
            '[tool.setuptools.dynamic]\ndependencies = {file = ["l1.txt"]}\n'
        },
        {"environment.yml": "dependencies:\n  - pip:\n      - -r l1.txt\n"},
    ],
)
def test_a_chain_of_includes_from_another_format_is_cut_at_fifty_files_too(project, start):
    """pyproject.toml or environment.yml counts as the first file of the chain, as requirements.txt does."""
    chain = {f"l{i}.txt": f"-r l{i + 1}.txt\n" for i in range(1, 49)}
    root = project({**start, **chain, "l49.txt": "-r l50.txt\n", "l50.txt": "tensorflow==1.15.5\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == ["l49.txt:1: included file l50.txt is not read: more than 50 files deep"]


def test_includes_of_included_files_are_followed_from_every_format(project):
    root = project(
        {
            "pyproject.toml": '[project]\nname = "demo"\ndynamic = ["dependencies"]\n\n'
            '[tool.setuptools.dynamic]\ndependencies = {file = ["requirements.in"]}\n',
            "requirements.in": "-r base.in\n",
            "base.in": "tensorflow-hub==0.15.0\n",
            "environment.yml": "dependencies:\n  - pip:\n      - -r pip.txt\n",
            "pip.txt": "-r pip-base.txt\n",
            "pip-base.txt": "tf-keras==2.15.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "base.in:1")
    assert summary(target["tf-keras"])[:2] == ("==2.15.0", "pip-base.txt:1")
    assert problems(target) == []


# -- URLs, paths and archives -------------------------------------------------------------------


def test_a_wheel_url_with_credentials_is_a_url(project):
    url = "https://__token__@files.example.invalid/tensorflow-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl"
    target = detect(project({"requirements.txt": url + "\n"}))
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert problems(target) == []


def test_name_at_url_with_a_marker_is_a_requirement_not_a_path(project):
    root = project(
        {
            "requirements.txt": (
                "tensorflow-hub @ https://files.example.invalid/tensorflow_hub-0.15.0-py2.py3-none-any.whl"
                ' ; sys_platform == "linux"\n'
            )
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"]) == ("==0.15.0", "requirements.txt:1", "0.15.0", "0.15.0")
    assert problems(target) == []


def test_local_archives_name_their_version(project):
    root = project(
        {
            "requirements.txt": (
                "tensorflow_hub-0.15.0.tar.gz\n"
                "tf_keras-2.15.0.zip\n"
                "tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl\n"
            )
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:1")
    assert summary(target["tf-keras"])[:2] == ("==2.15.0", "requirements.txt:2")
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:3")


def test_directories_in_every_spelling_are_skipped_without_a_problem(project):
    root = project(
        {
            "requirements.txt": (
                "/opt/src/tensorflow\n"
                "~/src/tf-keras\n"
                "file:../tensorflow-hub\n"
                "./vendor/keras\n"
                "tensorflow==2.15.1\n"
            )
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:5")
    assert [target[d].source for d in ("tensorflow-hub", "tf-keras")] == ["default"] * 2
    assert target["keras"].origin == "implied"  # by tensorflow 2.15.1, not by ./vendor/keras
    assert problems(target) == []


# -- which files are requirements files -----------------------------------------------------------


def test_the_requirements_folder_adds_to_the_requirements_files_at_the_root(project):
    root = project({"requirements.txt": "tensorflow>=2.12\n", "requirements/dev.txt": "tensorflow<2.14\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("<2.14,>=2.12", "requirements.txt:1, requirements/dev.txt:1")


def test_a_requirements_folder_that_cannot_be_listed_is_reported(project, monkeypatch):
    root = project({"requirements.txt": "tensorflow==2.15.1\n", "requirements/dev.txt": "tensorflow<2.14\n"})
    listing = Path.iterdir

    def iterdir(path: Path):
        if path.name == "requirements":
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert problems(target) == ["requirements:1: cannot list: Permission denied"]


def test_only_txt_files_of_the_requirements_folder_are_read(project):
    root = project(
        {
            "requirements/base.txt": "tensorflow>=2.12\n",
            "requirements/README.md": "tensorflow==1.15.5 is what we used to run\n",
            "setup.py": "",
        }
    )
    assert summary(detect(root)["tensorflow"])[:2] == (">=2.12", "requirements/base.txt:1")


def test_a_txt_file_not_named_requirements_is_read_only_when_included(project):
    root = project({"pins.txt": "tensorflow==1.15.5\n", "requirements.txt": "tensorflow>=2.12\n"})
    assert summary(detect(root)["tensorflow"])[:2] == (">=2.12", "requirements.txt:1")


def test_a_line_that_does_not_parse_is_reported_with_the_first_line_of_the_reason(project):
    text = "tensorflow>=2.12,,"
    with pytest.raises(InvalidRequirement) as raised:
        Requirement(text)
    reason = str(raised.value).strip().splitlines()[0]
    assert problems(detect(project({"requirements.txt": text + "\n"}))) == [
        redact(f"requirements.txt:1: cannot parse requirement tensorflow, skipped: {reason}")
    ]


@pytest.mark.parametrize(
    ("line", "distribution", "version"),
    [
        ("https://example.com/tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl ; sys_platform == 'linux'",
         "tensorflow", "==2.15.1"),
        ("./wheels/tensorflow_hub-0.15.0-py3-none-any.whl; python_version >= '3.9'", "tensorflow-hub", "==0.15.0"),
    ],
)
def test_a_wheel_followed_by_a_marker_pins_its_version(project, line, distribution, version):
    target = detect(project({"requirements.txt": line + "\n"}))
    assert summary(target[distribution])[:2] == (version, "requirements.txt:1")
    assert problems(target) == []


def test_a_wheel_whose_marker_never_holds_is_left_out(project):
    line = "https://example.com/tensorflow_cpu-2.15.1-cp311-cp311-win_amd64.whl ; sys_platform == 'never'\n"
    assert detect(project({"requirements.txt": line}))["tensorflow"].source == "default"


def test_a_bare_wheel_file_name_with_a_marker_right_after_it_pins_its_version(project):
    target = detect(project({"requirements.txt": "tensorflow_hub-0.15.0-py3-none-any.whl;python_version>='3.9'\n"}))
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:1")
    assert problems(target) == []


def test_a_semicolon_inside_a_url_is_part_of_it_only_a_spaced_one_starts_a_marker(project):
    url = "https://example.com/dl;session=7/tensorflow_hub-0.15.0-py3-none-any.whl"
    target = detect(project({"requirements.txt": f"{url} ; python_version >= '3.8'\n"}))
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:1")


def test_wheels_for_two_platforms_are_alternatives_not_a_conflict(project):
    linux = "https://example.com/tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl ; sys_platform == 'linux'"
    windows = "https://example.com/tensorflow_cpu-2.14.1-cp311-cp311-win_amd64.whl ; sys_platform == 'win32'"
    target = detect(project({"requirements.txt": f"{linux}\n{windows}\n"}))
    assert [str(v) for v in target["tensorflow"].releases] == ["2.14.1", "2.15.1"]
    assert problems(target) == []
