"""requirements files: includes, comments, continuations, markers, hashes, URLs."""

from __future__ import annotations

from packaging.requirements import Requirement

from pylint_hubcompat.target.distributions import ALIASES, alias_for, names_ignored_distribution
from tests.target.detection.conftest import detect, problems, summary


def test_a_pin_in_requirements_txt_is_the_target(project):
    root = project({"requirements.txt": "numpy\ntensorflow==2.15.1\n"})
    assert summary(detect(root)["tensorflow"]) == ("==2.15.1", "requirements.txt:2", "2.15.1", "2.15.1")


def test_includes_are_followed_relative_to_the_including_file(project):
    root = project(
        {
            "requirements.txt": "-r requirements/base.txt\n--constraint=constraints/pins.txt\n",
            "requirements/base.txt": "tensorflow>=2.10\n-r ../requirements.txt  # a cycle, tolerated\n",
            "constraints/pins.txt": "tensorflow<2.13\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == (
        "<2.13,>=2.10",
        "requirements/base.txt:1, constraints/pins.txt:1",
        "2.10.0",
        "2.12.1",
    )
    assert problems(target) == []


def test_every_spelling_of_an_include_is_understood(project):
    root = project(
        {
            "requirements.txt": "-ra.txt\n--requirement b.txt\n-c c.txt\n",
            "a.txt": "tensorflow>=2.4\n",
            "b.txt": "tensorflow-hub==0.12.0\n",
            "c.txt": "tensorflow<2.6\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[0] == "<2.6,>=2.4"
    assert summary(target["tensorflow-hub"])[1] == "b.txt:1"


def test_comments_continuations_hashes_and_options(project):
    root = project(
        {
            "requirements.txt": """
                --index-url https://example.invalid/simple  # not a requirement
                # tensorflow==1.15.0 is commented out
                numpy==1.26.4 \\
                    --hash=sha256:aaaa
                tensorflow==2.14.1 \\
                    --hash=sha256:bbbb \\
                    --hash=sha256:cccc
                tf-keras==2.15.0  # pinned with TF
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.14.1", "requirements.txt:5", "2.14.1", "2.14.1")
    assert summary(target["tf-keras"])[1] == "requirements.txt:8"
    assert problems(target) == []


def test_editable_vcs_and_directory_lines_are_skipped_with_care(project):
    root = project(
        {
            "requirements.txt": """
                -e git+https://github.com/tensorflow/hub#egg=tensorflow-hub
                git+https://github.com/keras-team/keras.git#egg=keras
                ./vendor/tf-keras
                tensorflow @ git+https://github.com/tensorflow/tensorflow
            """
        }
    )
    target = detect(root)
    assert all(c.source == "default" for c in target if c.distribution != "python")
    assert problems(target) == []


def test_a_wheel_url_names_its_version(project):
    root = project(
        {
            "requirements.txt": (
                "https://files.example.invalid/tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.whl\n"
                "tensorflow-hub @ https://files.example.invalid/tensorflow_hub-0.15.0-py2.py3-none-any.whl\n"
            )
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:2")


def test_platform_markers_are_alternatives_not_conflicts(project):
    root = project(
        {
            "requirements.txt": """
                tensorflow==2.15.1; sys_platform != "darwin"
                tensorflow-macos==2.15.0; sys_platform == "darwin"
            """
        }
    )
    target = detect(root)
    assert target["tensorflow"].releases[0].base_version == "2.15.0"
    assert [str(v) for v in target["tensorflow"].releases] == ["2.15.0", "2.15.1"]
    assert target["tensorflow"].source == "requirements.txt:1, requirements.txt:2"
    assert problems(target) == []


def test_a_marker_that_holds_nowhere_today_is_ignored(project):
    root = project({"requirements.txt": 'tensorflow<2; python_version < "3"\ntensorflow>=2.12\n'})
    assert summary(detect(root)["tensorflow"]) == (">=2.12", "requirements.txt:2", "2.12.0", "2.21.0")


def test_files_in_the_requirements_folder_are_read(project):
    root = project({"requirements/prod.txt": "tensorflow~=2.13.0\n", "setup.py": ""})
    assert summary(detect(root)["tensorflow"]) == ("~=2.13.0", "requirements/prod.txt:1", "2.13.0", "2.13.1")


def test_every_requirements_star_txt_counts(project):
    root = project({"requirements-gpu.txt": "tensorflow[and-cuda]>=2.14\n", "requirements_dev.txt": "tensorflow<2.16\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("<2.16,>=2.14", "requirements-gpu.txt:1, requirements_dev.txt:1")


def test_nightly_builds_are_newer_than_every_known_release(project):
    root = project({"requirements.txt": "tf-nightly\n"})
    tensorflow = detect(root)["tensorflow"]
    assert tensorflow.newer_than_known
    assert tensorflow.source == "requirements.txt:1"
    assert str(tensorflow.releases[-1]) == "2.21.0"


def test_names_are_normalized(project):
    root = project({"requirements.txt": "TensorFlow_Hub==0.16.1\nTensorflow.CPU==2.16.1\n"})
    target = detect(root)
    assert summary(target["tensorflow-hub"])[0] == "==0.16.1"
    assert summary(target["tensorflow"])[0] == "==2.16.1"


def test_a_bad_line_is_skipped_and_reported_the_rest_is_kept(project):
    root = project({"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==${HUB_VERSION}\nkeras>=\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[0] == "==2.15.1"
    assert target["tensorflow-hub"].source == "default"
    assert [(p.path, p.line) for p in target.problems] == [("requirements.txt", 2), ("requirements.txt", 3)]
    assert "cannot parse requirement" in target.problems[0].message


def test_a_missing_include_is_reported_at_the_include_line(project):
    root = project({"requirements.txt": "tensorflow==2.15.1\n-r missing.txt\n-r https://example.invalid/r.txt\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[0] == "==2.15.1"
    assert problems(target) == [
        "requirements.txt:2: included requirement file missing.txt does not exist, skipped",
        "requirements.txt:3: remote requirement file https://example.invalid/r.txt is not fetched, skipped",
    ]


def test_odd_spellings_extras_and_markers_of_our_names_are_still_read(project):
    root = project(
        {
            "requirements.txt": """
                numpy>=1.26
                TensorFlow_Hub[extra] >= 0.12 ; python_version >= "3"
                TF.Keras~=2.15.0
                Tensorflow__CPU (==2.15.1)
                scipy; sys_platform == "linux"
                keras<3; sys_platform == "win32"
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == (">=0.12", "requirements.txt:2")
    assert summary(target["tf-keras"])[:2] == ("~=2.15.0", "requirements.txt:3")
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:4")
    assert summary(target["keras"])[:2] == ("<3", "requirements.txt:6")
    assert problems(target) == []


def test_our_names_are_found_at_the_end_of_a_long_include_chain(project):
    chain = {f"requirements/level-{i}.txt": f"-r level-{i + 1}.txt\n" + "".join(f"dep-{i}-{j}>={j}\n" for j in range(20)) for i in range(5)}
    chain["requirements/level-5.txt"] = "dep-5>=1\ntensorflow==2.14.1  # the one that matters\n"
    root = project({"requirements.txt": "-r requirements/level-0.txt\n", **chain})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.14.1", "requirements/level-5.txt:2")


def test_broken_lines_that_may_name_our_distributions_are_reported(project):
    root = project(
        {
            "requirements.txt": """
                TensorFlow_Hub >= =0.12
                tensorflow[and-cuda>=2.14
                keras-nightly>=2 <3
                ==2.15.1
                numpy>=1.26 tensorflow==2.15.1
                numpy>=1.26,,
            """
        }
    )
    target = detect(root)
    assert [(p.path, p.line) for p in target.problems] == [("requirements.txt", n) for n in (1, 2, 3, 4, 5)]
    assert all("cannot parse requirement" in p.message for p in target.problems)
    assert all(c.source == "default" for c in target if c.distribution != "python")


def test_the_name_check_never_drops_a_requirement_packaging_reads_as_ours():
    """For strings that name one of ours, the cheap check must leave the parse to packaging."""
    candidates = [
        *(f"{name}{rest}" for name in ALIASES for rest in ("", ">=1", "[x]", " ; os_name == 'nt'", " @ https://x/y.whl")),
        "TensorFlow_Hub==0.16.1", "Tensorflow.CPU==2.16.1", "TF__NIGHTLY", "Keras (>=2)", "tf-keras;python_version>'3'",
        "INTEL-TENSORFLOW", "tensorflow-cpu-aws>=2",
    ]
    for text in candidates:
        assert alias_for(Requirement(text).name) is not None, text
        assert not names_ignored_distribution(text), text
    for text in ("numpy", "tensorflow-datasets>=4", "tf_slim", "keras-cv", "tensorflowjs", "tf", "numpy; os_name == 'nt'"):
        assert names_ignored_distribution(text), text
    for text in ("", "==2.15", "${TF}", "[extra]", ".tensorflow", "numpy TF_Keras", "scipy; sys_platform == 'linux'"):
        assert not names_ignored_distribution(text), text
    for name in ALIASES:  # run into another requirement, in any spelling
        assert not names_ignored_distribution(f"numpy==1.26 {name.upper().replace('-', '_')}"), name


def test_a_broken_line_names_our_distribution_and_nothing_else(project):
    root = project(
        {
            "requirements.txt": (
                "tensorflow-==2.15.1\n"
                "TensorFlowX ${TF_VERSION}\n"
                "internal-lib==${TOKEN} tensorflow\n"
            )
        }
    )
    assert [p.split(", skipped")[0] for p in problems(detect(root))] == [
        "requirements.txt:1: cannot parse requirement tensorflow",
        "requirements.txt:2: cannot parse requirement line",
        "requirements.txt:3: cannot parse requirement line",
    ]


def test_a_broken_line_of_a_distribution_that_only_starts_like_ours_is_not_reported(project):
    root = project({"requirements.txt": "TensorflowX==${VERSION}\ntensorflow==2.15.1\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:2")
    assert problems(target) == []
