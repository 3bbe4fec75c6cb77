"""The survey: one parse and one reading of each module, the engine once per line."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

from packaging.version import Version

from pylint_hubcompat.cli import check, fix, plan
from pylint_hubcompat.facts import collect
from pylint_hubcompat.plan.lines import parse_to
from pylint_hubcompat.plan.survey import NOW, Survey
from pylint_hubcompat.rulebook.engine import Engine

UPGRADE = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "tf212_upgrade"


def test_a_module_is_parsed_and_read_once_and_judged_on_every_line(tmp_path, monkeypatch) -> None:
    project = Path(shutil.copytree(UPGRADE, tmp_path / "classifier"))
    monkeypatch.chdir(project)
    parsed: Counter[str] = Counter()
    read: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    get_ast, facts, evaluate = check.PrefilteringLinter.get_ast, collect.collect, Engine.evaluate

    def counting_get_ast(linter, filepath, *args, **kwargs):
        parsed[os.path.abspath(filepath)] += 1
        return get_ast(linter, filepath, *args, **kwargs)

    def counting_collect(module, *args):
        read[module.file] += 1
        return facts(module, *args)

    def counting_evaluate(engine, sites, target):
        sites = list(sites)
        if sites:
            judged[sites[0].node.root().file] += 1
        return evaluate(engine, sites, target)

    monkeypatch.setattr(check.PrefilteringLinter, "get_ast", counting_get_ast)
    monkeypatch.setattr(collect, "collect", counting_collect)
    monkeypatch.setattr(Engine, "evaluate", counting_evaluate)
    survey = Survey(parse_to("2.21"), from_current=False)
    fix.Session(["."], survey=survey)

    (subject,) = survey.subjects.values()
    columns = [s.column for s in subject.scenarios]
    # now, ten lines, and 2.21 with tensorflow-hub moved too (tensorflow-text must move: it cannot stay)
    assert columns == [NOW, *(f"2.{minor}" for minor in range(12, 22)), "2.21"]
    assert subject.scenarios[-1].moves == (("tensorflow-hub", Version("0.16.1")),)
    modules = {str(project / "src/classifier" / name) for name in ("model.py", "text.py", "estimator.py")}
    assert set(read) == modules
    assert all(parsed[m] == 1 for m in modules)
    assert all(count == 1 for count in read.values())
    # The checker's own verdict, then one per scenario.
    assert all(judged[m] == 1 + len(columns) for m in modules if judged[m])


def test_the_second_lint_parses_only_what_the_chosen_scenario_found_something_in(tmp_path, monkeypatch, capsys) -> None:
    project = Path(shutil.copytree(UPGRADE, tmp_path / "classifier"))
    (project / "src/classifier/features.py").write_text(
        'import tensorflow_hub as hub\n\nLAYER = hub.load("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5")\n'
    )
    monkeypatch.chdir(project)
    parsed: Counter[str] = Counter()
    get_ast = check.PrefilteringLinter.get_ast

    def counting_get_ast(linter, filepath, *args, **kwargs):
        parsed[os.path.relpath(filepath)] += 1
        return get_ast(linter, filepath, *args, **kwargs)

    monkeypatch.setattr(check.PrefilteringLinter, "get_ast", counting_get_ast)
    assert plan.run([".", "--format=json"]) == 1
    assert '"hubcompat-plan": 1' in capsys.readouterr().out
    # features.py has nothing once tensorflow-hub moves; text.py is linted once more after its safe fix.
    assert parsed == {
        "src/classifier/features.py": 1,
        "src/classifier/model.py": 2,
        "src/classifier/estimator.py": 2,
        "src/classifier/text.py": 3,
    }


def test_where_the_moves_make_another_target_every_module_is_linted_again_and_the_plan_is_the_same(
    tmp_path, monkeypatch, capsys
) -> None:
    project = Path(shutil.copytree(UPGRADE, tmp_path / "classifier"))
    monkeypatch.chdir(project)
    assert plan.run([".", "--format=json"]) == 1
    narrowed = capsys.readouterr().out
    relinted: list[bool] = []
    judged_as_planned = Survey.planned_as_judged

    def not_as_judged(survey, chosen):
        relinted.append(judged_as_planned(survey, chosen))
        return False

    monkeypatch.setattr(Survey, "planned_as_judged", not_as_judged)
    assert plan.run([".", "--format=json"]) == 1
    assert relinted == [True]
    assert capsys.readouterr().out == narrowed


def test_a_tensorflow_nothing_declares_is_planned_as_the_line_judged_it(tmp_path, monkeypatch) -> None:
    """Assumed, TensorFlow 2.21 is the newest with Keras 3.15.1; the line pins it, and Keras is a range."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "requirements.txt").write_text("tensorflow-hub\n")
    (project / "model.py").write_text(
        'import tensorflow_hub as hub\n\nLAYER = hub.load("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5")\n'
    )
    monkeypatch.chdir(project)
    verdicts: list[bool] = []
    judged_as_planned = Survey.planned_as_judged
    monkeypatch.setattr(Survey, "planned_as_judged", lambda s, c: verdicts.append(judged_as_planned(s, c)) or True)
    assert plan.run([".", "--format=json"]) == 0
    assert verdicts == [True]
