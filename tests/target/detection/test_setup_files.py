"""setup.cfg through configparser, setup.py as a syntax tree (never run)."""

from __future__ import annotations

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
