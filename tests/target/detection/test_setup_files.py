"""setup.cfg through configparser, setup.py as a syntax tree (never run)."""

from __future__ import annotations

import re
import textwrap

import pytest

from pylint_hubcompat.target.detection import setup_files
from pylint_hubcompat.target.detection.declared import PYTHON
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from tests.target.detection.conftest import detect, problems, summary


def test_setup_cfg_install_requires_and_extras(project):
    root = project(
        {
            "setup.cfg": """
                [metadata]
                name = demo

                [options]
                install_requires =
                    numpy
                    tensorflow>=2.8,<2.12
                    tensorflow-hub; python_version >= "3.7"

                [options.extras_require]
                keras = tf-keras>=2.15
                legacy = tensorflow>=2.9
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("<2.12,>=2.8,>=2.9", "setup.cfg:7, setup.cfg:12", "2.9.0", "2.11.1")
    assert summary(target["tf-keras"])[:2] == (">=2.15", "setup.cfg:11")
    assert problems(target) == []


def test_setup_cfg_file_directive_reads_the_named_file(project):
    root = project(
        {
            "setup.cfg": "[options]\ninstall_requires = file: deps/runtime.txt\n",
            "deps/runtime.txt": "tensorflow==2.11.1\n",
        }
    )
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.11.1", "deps/runtime.txt:1")


def test_setup_py_literal_lists_and_module_constants(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup

                REQUIRED = [
                    "numpy",
                    "tensorflow>=2.4,<2.9",
                ]
                HUB = ["tensorflow-hub>=0.12"]

                setup(
                    name="demo",
                    install_requires=REQUIRED + HUB,
                    extras_require={"keras": ["keras<3"], "gpu:sys_platform == 'win32'": ["tensorflow-gpu<2.11"]},
                )
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("<2.11,<2.9,>=2.4", "setup.py:5, setup.py:12", "2.4.0", "2.8.4")
    assert summary(target["tensorflow-hub"])[:2] == (">=0.12", "setup.py:7")
    assert summary(target["keras"])[:2] == ("<3", "setup.py:12")


def test_setup_py_with_a_config_dict(project):
    root = project(
        {
            "setup.py": """
                import setuptools
                CONFIG = dict(name="x", install_requires=["tensorflow==2.12.0"])
                setuptools.setup(**CONFIG)
            """
        }
    )
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.12.0", "setup.py:2")


def test_setup_py_is_never_executed(project, tmp_path):
    witness = tmp_path / "executed"
    root = project(
        {
            "setup.py": f"""
                import pathlib, sys
                pathlib.Path({str(witness)!r}).write_text("ran")
                sys.exit(3)
                from setuptools import setup
                setup(install_requires=["tensorflow==2.13.0"])
            """
        }
    )
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.13.0", "setup.py:5")
    assert not witness.exists()


def test_computed_requirements_are_left_out_not_guessed(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup
                REQUIRED = ["numpy"]
                REQUIRED = ["tensorflow==1.15.0"] if OLD else ["tensorflow==2.15.1"]
                setup(install_requires=REQUIRED + read("requirements.in"))
            """
        }
    )
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_a_setup_py_that_does_not_parse_is_reported(project):
    root = project({"setup.py": "from setuptools import setup\nsetup(install_requires=['tensorflow'\n"})
    [problem] = detect(root).problems
    assert problem.path == "setup.py"
    assert problem.message.startswith("cannot parse setup.py, skipped")


def test_a_broken_setup_cfg_is_reported(project):
    root = project({"setup.cfg": "install_requires = tensorflow\n[options\n"})
    [problem] = detect(root).problems
    assert (problem.path, problem.line) == ("setup.cfg", 1)
    assert problem.message.startswith("not a valid INI file, skipped")


def test_our_lines_are_found_among_many_others(project):
    others = [f"dep-{i}>=1.{i}" for i in range(200)]
    root = project(
        {
            "setup.cfg": "[options]\ninstall_requires =\n"
            + "".join(f"    {line}\n" for line in others)
            + "    TensorFlow_Hub [extra] >=0.12 ; python_version >= '3'\n    numpy>=1.26 tensorflow<2.16\n",
            "pyproject.toml": '[project]\nname = "x"\ndependencies = [\n'
            + "".join(f'  "{line}",\n' for line in others)
            + '  "Tensorflow.CPU>=2.12",\n  "numpy>=1,,",\n]\n',
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == (">=0.12", "setup.cfg:203")
    assert summary(target["tensorflow"])[:2] == (">=2.12", "pyproject.toml:204")
    assert [(p.path, p.line) for p in target.problems] == [("setup.cfg", 204)]


# -- setup.cfg: more of setuptools' syntax ---------------------------------------------------------


def test_setup_cfg_one_line_lists_and_extras_naming_files(project):
    root = project(
        {
            "setup.cfg": """
                [options.extras_require]
                gpu = tensorflow>=2.12

                [options]
                install_requires = tensorflow>=2.12; tf-keras==2.15.0; # tensorflow-hub comes from models.txt
                setup_requires = file: build.txt

                [options.extras_require]
                models = file: models.txt
            """,
            "models.txt": "tensorflow-hub==0.15.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "setup.cfg:5, setup.cfg:2")
    assert summary(target["tf-keras"])[:2] == ("==2.15.0", "setup.cfg:5")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "models.txt:1")
    assert problems(target) == []


def test_setup_cfg_file_lists_name_several_files(project):
    root = project(
        {
            "setup.cfg": (
                "[options]\n# the pins live in missing.txt and base.txt\n"
                "install_requires = file: base.txt, missing.txt\n"
            ),
            "base.txt": "tensorflow==2.15.1\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "base.txt:1")
    assert problems(target) == ["setup.cfg:3: included requirement file missing.txt does not exist, skipped"]


def test_setup_cfg_blank_lines_in_a_list_are_no_requirement(project):
    root = project({"setup.cfg": "[options]\ninstall_requires =\n    numpy\n\n    tensorflow>=2.12\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "setup.cfg:5")
    assert problems(target) == []


# -- setup.py: what is evaluated on the tree ----------------------------------------------------------


def setup_py(project, body: str):
    """Detect a project whose setup.py is ``body`` after the usual imports (``SUFFIX`` is unknown)."""
    header = "import os\nfrom setuptools import setup\n\nSUFFIX = os.environ['TF_SUFFIX']\n"
    return detect(project({"setup.py": header + textwrap.dedent(body)}))


@pytest.mark.parametrize(
    "body",
    [
        'TF: str = "tensorflow==2.15.1"\nsetup(install_requires=[TF])\n',
        'BASE = ["tensorflow==2.15.1"]\nsetup(install_requires=[*BASE, "numpy"])\n',
        'V = "2.15.1"\nsetup(install_requires=[f"tensorflow=={V!s}"])\n',
        'setup(install_requires=["tensorflow=={!s}".format("2.15.1")])\n',
        'T = "tensorflow=={}"\nsetup(install_requires=[T.format("2.15.1")])\n',
        'BASE = {"install_requires": ["tensorflow==2.15.1"]}\nCONFIG = BASE\nsetup(**CONFIG)\n',
        'BASE = {"install_requires": ["tensorflow==2.15.1"]}\nsetup(**{**BASE, "name": "demo"})\n',
        'GPU = ["tensorflow==2.15.1"]\nsetup(extras_require={"gpu": GPU})\n',
        'setup(install_requires=["tensorflow==2.15.1"])\nsetup(extras_require={"x": ["numpy"]})\n',
        'a, b = 1, 2\nobj.attr = 3\nLATER: str\nsetup(install_requires=["tensorflow==2.15.1", 3])\n',
    ],
)
def test_setup_py_shapes_that_name_tensorflow_2_15_1(project, body):
    target = setup_py(project, body)
    assert summary(target["tensorflow"])[0] == "==2.15.1"
    assert problems(target) == []


@pytest.mark.parametrize(
    "body",
    [
        'setup(install_requires=["tensorflow==2.15" + SUFFIX])\n',
        'setup(install_requires=["tensorflow" + "==2.15" + SUFFIX])\n',
        'PREFIX = "tensorflow"\nsetup(install_requires=[PREFIX + "==2.15" + SUFFIX])\n',
        'setup(install_requires=[f"tensorflow=={SUFFIX}"])\n',
        'V = "2.15"\nsetup(install_requires=[f"tensorflow=={V}" + SUFFIX])\n',
        'setup(install_requires=["tensorflow=={}".format("2.15") + SUFFIX])\n',
        'setup(install_requires=[SUFFIX + "tensorflow==2.15.1"])\n',
        'setup(install_requires=["%s==%s" % ("tensorflow", SUFFIX)])\n',
        'setup(install_requires=[SUFFIX.format("2.15.1")])\n',
        'TF = 2.10\nsetup(install_requires=["tensorflow>=%s" % TF])\n',
        'setup(install_requires=["tensorflow==%10s" % "2.15.1"])\n',
        'setup(install_requires=["tensorflow=={:>10}".format("2.15.1")])\n',
        'setup(install_requires=[f"tensorflow=={2.15!r}"])\n',
        'setup(extras_require=make_extras(gpu=["tensorflow==1.15.5"]))\n',
        "setup(extras_require=EXTRAS)\n",
        'setup(extras_require={GPU: ["tensorflow==1.15.5"], 3: ["tensorflow==1.15.5"]})\n',
    ],
)
def test_setup_py_values_that_cannot_be_known_are_left_out(project, body):
    """Unknown names, floats (``2.10`` is ``2.1``), widths and attribute calls: nothing is guessed."""
    target = setup_py(project, body)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_setup_py_extras_with_markers_are_branches(project):
    target = setup_py(
        project,
        """
        setup(
            install_requires=["tensorflow>=2.12"],
            extras_require={
                "legacy:python_version < '3'": ["tensorflow==1.15.5"],
                "linux:sys_platform == 'linux'": ["keras==2.15.0"],
                "mac:sys_platform == 'darwin'": ["keras==3.3.3; python_version >= '3.9'"],
            },
        )
        """,
    )
    assert summary(target["tensorflow"])[:2] == (">=2.12", "setup.py:7")
    assert target["keras"].specifier == (
        "==2.15.0; sys_platform == 'linux' || ==3.3.3; sys_platform == 'darwin' and python_version >= \"3.9\""
    )


def test_a_requirement_string_of_more_than_ten_thousand_characters_is_not_built(project, tmp_path):
    spec = "tensorflow==2.15.1"
    fits = spec + " " * (setup_files._MAX_STRING - len(spec))
    assert summary(setup_py(project, f'setup(install_requires=["{fits}" + ""])\n')["tensorflow"])[0] == "==2.15.1"
    too_long = f'from setuptools import setup\nsetup(install_requires=["{fits}" + " "])\n'
    root = project({"setup.py": too_long}, tmp_path / "big")
    assert detect(root)["tensorflow"].source == "default"


def chain(name: str, steps: int, first: str) -> str:
    """``name0 = first``, then ``name1 = name0`` ... ``name{steps} = name{steps - 1}``."""
    return "".join([f"{name}0 = {first}\n", *(f"{name}{i} = {name}{i - 1}\n" for i in range(1, steps + 1))])


#: How many assignments away a value may be for each way of using it: _MAX_DEPTH counts every step of
#: an expression (a name, an operator, a call, a list), so the reach depends on the steps around the name.
REACH = {
    "list": (lambda k: chain("R", k, '["tensorflow==2.15.1"]') + f"setup(install_requires=R{k})\n", 2),
    "concatenated": (lambda k: chain("V", k, '"2.15.1"') + f'setup(install_requires=["tensorflow==" + V{k}])\n', 2),
    "prefix": (lambda k: chain("N", k, '"tensorflow"') + f'setup(install_requires=[N{k} + "==2.15.1"])\n', 2),
    "percent": (lambda k: chain("V", k, '"2.15.1"') + f'setup(install_requires=["tensorflow==%s" % V{k}])\n', 2),
    "f-string": (lambda k: chain("V", k, '"2.15.1"') + f'setup(install_requires=[f"tensorflow=={{V{k}}}"])\n', 2),
    "format": (lambda k: chain("V", k, '"2.15.1"') + f'setup(install_requires=["tensorflow=={{}}".format(V{k})])\n', 2),
    "format keyword": (
        lambda k: chain("V", k, '"2.15.1"') + f'setup(install_requires=["tensorflow=={{v}}".format(v=V{k})])\n',
        2,
    ),
    "format template": (
        lambda k: chain("T", k, '"tensorflow=={}"') + f'setup(install_requires=[T{k}.format("2.15.1")])\n',
        2,
    ),
    "config dict": (lambda k: chain("C", k, '{"install_requires": ["tensorflow==2.15.1"]}') + f"setup(**C{k})\n", 1),
    "dict unpacked": (
        lambda k: f'B = {{"install_requires": ["tensorflow==2.15.1"]}}\nC = {"{**" * k}B{"}" * k}\nsetup(**C)\n',
        2,
    ),
    "starred": (lambda k: chain("R", k, '["tensorflow==2.15.1"]') + f"setup(install_requires=[*R{k}])\n", 4),
    "nested lists": (lambda k: "setup(install_requires=" + "[" * k + '"tensorflow==2.15.1"' + "]" * k + ")\n", 0),
    "lists added": (
        lambda k: 'setup(install_requires=["tensorflow==2.15.1"]' + "".join(f' + ["p{i}"]' for i in range(k)) + ")\n",
        1,
    ),
    "lists added on the right": (
        lambda k: (
            "setup(install_requires="
            + "".join(f'["p{i}"] + (' for i in range(k))
            + '["tensorflow==2.15.1"]'
            + ")" * k
            + ")\n"
        ),
        1,
    ),
}


@pytest.mark.parametrize("way", sorted(REACH))
def test_setup_py_names_are_followed_as_far_as_the_limit_and_no_further(project, tmp_path, way):
    build, steps = REACH[way]
    reach = setup_files._MAX_DEPTH - steps
    near = project({"setup.py": "from setuptools import setup\n" + build(reach)}, tmp_path / "near")
    far = project({"setup.py": "from setuptools import setup\n" + build(reach + 1)}, tmp_path / "far")
    assert summary(detect(near)["tensorflow"])[0] == "==2.15.1"
    assert detect(far)["tensorflow"].source == "default"


@pytest.mark.parametrize(
    ("first", "use", "steps"),
    [('"tensorflow==2.15"', "P{k} + SUFFIX", 1), ('"tensorflow"', '(P{k} + "==2.15") + SUFFIX', 2)],
)
def test_a_string_joined_to_something_unknown_is_left_out_however_far_its_name_is(project, first, use, steps):
    k = setup_files._MAX_DEPTH - steps
    body = chain("P", k, first) + f"setup(install_requires=[{use.format(k=k)}])\n"
    assert setup_py(project, body)["tensorflow"].source == "default"


def test_setup_py_extras_and_install_requires_in_any_order(project):
    target = setup_py(
        project,
        'setup(extras_require={"hub": ["tensorflow-hub==0.15.0"]}, install_requires=["tensorflow==2.15.1"])\n',
    )
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "setup.py:5")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "setup.py:5")


def test_a_setup_py_that_is_no_file_or_too_deep_to_parse_is_reported(project, tmp_path):
    (tmp_path / "setup.py").mkdir()
    assert problems(detect(tmp_path)) == ["setup.py:1: skipped: not a regular file"]
    root = project({"setup.py": "x = a" + ".b" * 100_000 + "\n"}, tmp_path / "deep")
    [problem] = problems(detect(root))
    reasons = r"(RecursionError|MemoryError|.*too many.*)"
    assert re.fullmatch(rf"setup\.py:1: cannot parse setup\.py, skipped: {reasons}", problem)


def test_a_setup_py_with_a_null_byte_is_reported_at_line_one(project):
    [problem] = problems(detect(project({"setup.py": "from setuptools import setup\n\0\n"})))
    assert problem.startswith("setup.py:1: cannot parse setup.py, skipped: ")


# -- the project's Python ---------------------------------------------------------------------------


def pythons(root, reader) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """``(specifier, where, branch)`` of the Python records ``reader`` gives, and the problems met."""
    files = ProjectFiles(root)
    found = [(str(d.specifier), f"{d.path}:{d.line}", d.branch) for d in reader(files) if d.distribution == PYTHON]
    return found, [f"{p.path}:{p.line}: {p.message}" for p in files.problems]


def test_setup_cfg_python_requires(project):
    root = project(
        {
            "setup.cfg": """
                [metadata]
                name = demo
                classifiers =
                    Programming Language :: Python :: 3.7

                [options]
                python_requires = >=3.9
                install_requires = tensorflow>=2.12
            """
        }
    )
    assert pythons(root, setup_files.read_setup_cfg) == ([(">=3.9", "setup.cfg:7", None)], [])


def test_setup_cfg_classifiers_when_there_is_no_python_requires(project):
    root = project(
        {
            "setup.cfg": """
                [metadata]
                name = demo
                classifiers =
                    License :: OSI Approved :: MIT License
                    Programming Language :: Python :: 3
                    Programming Language :: Python :: 3.10
                    Programming Language :: Python :: 3.11
            """
        }
    )
    assert pythons(root, setup_files.read_setup_cfg) == (
        [("==3.10.*", "setup.cfg:6", "classifier 3.10"), ("==3.11.*", "setup.cfg:7", "classifier 3.11")],
        [],
    )


def test_a_bad_setup_cfg_python_requires_is_reported_without_its_value(project):
    root = project({"setup.cfg": "[options]\npython_requires = 3.8 and up\n"})
    assert pythons(root, setup_files.read_setup_cfg) == (
        [],
        ["setup.cfg:2: [options] python_requires is not a version specifier, skipped"],
    )


def test_setup_py_python_requires_through_constants(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup

                MINIMUM = "3.9"

                setup(
                    name="demo",
                    python_requires=">=" + MINIMUM,
                    classifiers=["Programming Language :: Python :: 3.7"],
                )
            """
        }
    )
    assert pythons(root, setup_files.read_setup_py) == ([(">=3.9", "setup.py:7", None)], [])


def test_setup_py_classifiers_when_python_requires_is_not_given(project):
    root = project(
        {
            "setup.py": """
                from setuptools import setup

                CLASSIFIERS = [
                    "Programming Language :: Python :: 3.8",
                    "Programming Language :: Python :: 3.9",
                ]
                setup(name="demo", classifiers=CLASSIFIERS + ["Programming Language :: Python :: 3 :: Only"])
            """
        }
    )
    assert pythons(root, setup_files.read_setup_py) == (
        [("==3.8.*", "setup.py:4", "classifier 3.8"), ("==3.9.*", "setup.py:5", "classifier 3.9")],
        [],
    )


def test_setup_py_python_requires_that_is_computed_says_nothing_and_hides_the_classifiers(project):
    body = """
        import os
        from setuptools import setup

        setup(python_requires=os.environ["PYTHON_REQUIRES"], classifiers=["Programming Language :: Python :: 3.7"])
    """
    assert pythons(project({"setup.py": body}), setup_files.read_setup_py) == ([], [])
