"""SARIF ``fixes``: each fixable finding carries its rewrite, which reviewdog posts as a suggestion.

The logs here are applied by the small applier below, written from the SARIF
specification rather than from the project's own edit code: a region's columns
count what the log's ``columnKind`` says (UTF-16 code units when it says nothing),
a missing ``endColumn`` is the end of the line.  reviewdog ignores ``columnKind``
and cuts its lines at UTF-8 byte offsets, so every fix must come out the same when
the columns are read that way too.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from pylint_hubcompat.cli import check
from pylint_hubcompat.files.text_edits import Edit
from pylint_hubcompat.fixes.fixable import Fix
from pylint_hubcompat.plugin.checker import HubCompatChecker
from pylint_hubcompat.files.source_lines import SourceFiles
from pylint_hubcompat.reporters.sarif import sarif_fix
from pylint_hubcompat.rulebook.loading import builtin_rules
from tests.cli.conftest import HUB_MODULE
from tests.notebooks.conftest import code, write_notebook
from tests.trees import write_tree

RULES = {rule.symbol: rule for rule in builtin_rules()}
SESSION_OPTION = RULES["hub-session-option-experimental"]
TEXT_OPS = RULES["hub-text-ops-missing"]
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sarif-schema-2.1.0.json"
LOG = "hubcompat.sarif"
#: What one column counts, per way of counting: SARIF's two, and reviewdog's.
UNITS = {
    "unicodeCodePoints": lambda char: 1,
    "utf16CodeUnits": lambda char: 2 if ord(char) > 0xFFFF else 1,
    "utf8Bytes": lambda char: len(char.encode("utf-8")),
}
SESSION_TARGET = "--tf-version=2.15.1"
SESSION_LINE = "config.experimental.share_cluster_devices_in_session = True"


def sarif_log(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict:
    """``hubcompat check . --output-format=hubcompat-sarif:FILE`` run in the project, and the log it wrote."""
    monkeypatch.chdir(project)
    check.run([".", f"--output-format=hubcompat-sarif:{LOG}", *args])
    return json.loads((project / LOG).read_text(encoding="utf-8"))


def results(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


def the_fix(log: dict) -> dict:
    [result] = [r for r in results(log) if "fixes" in r]
    [fix] = result["fixes"]
    return fix


def offset(text: str, line: int, column: int | None, unit) -> int:
    """Where SARIF's 1-based ``line`` and ``column`` are in ``text``; no column: the end of the line."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    begin = starts[line - 1]
    ending = re.compile(r"\r\n|\r|\n").search(text, begin)
    body_end = ending.start() if ending else len(text)
    if column is None:
        return body_end
    counted, position = 0, begin
    while counted < column - 1:
        assert position < body_end, "the column is past the end of its line"
        counted += unit(text[position])
        position += 1
    assert counted == column - 1, "the column falls inside a character"
    return position


def apply_replacements(text: str, replacements: list[dict], unit) -> str:
    spans = []
    for replacement in replacements:
        region = replacement["deletedRegion"]
        start = offset(text, region["startLine"], region.get("startColumn", 1), unit)
        end = offset(text, region.get("endLine", region["startLine"]), region.get("endColumn"), unit)
        spans.append((start, end, replacement["insertedContent"]["text"]))
    for start, end, inserted in sorted(spans, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


def fixed(project: Path, fix: dict, unit) -> dict[str, str]:
    """Each file the fix changes (by its URI), with the change made."""
    texts = {}
    for change in fix["artifactChanges"]:
        uri = change["artifactLocation"]["uri"]
        text = (project / uri).read_text(encoding="utf-8")
        texts[uri] = apply_replacements(text, change["replacements"], unit)
    return texts


def declared_unit(log: dict):
    return UNITS[log["runs"][0].get("columnKind", "utf16CodeUnits")]


@pytest.fixture
def session_project(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "cluster", {"train.py": SESSION_OPTION.bad})


# -- the log ------------------------------------------------------------------


def test_a_log_with_fixes_is_valid_sarif(session_project, monkeypatch):
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"SARIF schema missing at {SCHEMA}: CI must provide ../shared/data")
        pytest.skip(f"SARIF 2.1.0 schema not found at {SCHEMA} (outside CI only)")
    jsonschema = pytest.importorskip("jsonschema")
    write_tree(session_project, {"mixed.py": "import os\nimport sys\n" + SESSION_OPTION.bad})
    log = sarif_log(session_project, monkeypatch, SESSION_TARGET, "--enable=unused-import")
    assert sum("fixes" in r for r in results(log)) == 2
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft7Validator)


def test_every_rule_says_whether_it_has_a_fix(session_project, monkeypatch):
    log = sarif_log(session_project, monkeypatch, SESSION_TARGET)
    fixability = {r["name"]: r["properties"].get("fix") for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert fixability["hub-session-option-experimental"] == "safe"
    assert fixability["hub-legacy-finetune"] == "unsafe"
    assert fixability["hub-module-eager"] == fixability["tf-estimator-removed"] == "none"
    assert all(fixability[rule.symbol] in ("safe", "unsafe", "none") for rule in RULES.values())


# -- fixes that turn the bad example into the good one -------------------------


def test_the_session_option_fix_makes_the_good_example(session_project, monkeypatch):
    log = sarif_log(session_project, monkeypatch, SESSION_TARGET)
    fix = the_fix(log)
    assert fix["description"] == {"text": SESSION_OPTION.autofix.title}
    assert fix["properties"] == {"safety": "safe"}
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "train.py", "uriBaseId": "%SRCROOT%"}
    # `config.experimental` (columns 0-19 as an editor counts them from 0) becomes `config`.
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 20},
            "insertedContent": {"text": "config"},
        }
    ]
    assert fixed(session_project, fix, declared_unit(log)) == {"train.py": SESSION_OPTION.good}


def test_the_text_ops_fix_inserts_the_import_after_tensorflow_hub(tmp_path, monkeypatch):
    project = write_tree(tmp_path / "bert", {"classify.py": TEXT_OPS.bad})
    log = sarif_log(project, monkeypatch, "--tf-version=2.21.0", "--hub-version=0.16.1")
    fix = the_fix(log)
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    region = replacement["deletedRegion"]
    # An insertion: the region is empty, at the end of `import tensorflow_hub as hub`.
    assert (region["startLine"], region["startColumn"]) == (region["endLine"], region["endColumn"]) == (2, 29)
    assert replacement["insertedContent"]["text"] == "\nimport tensorflow_text  # registers the ops"
    assert fixed(project, fix, declared_unit(log)) == {"classify.py": TEXT_OPS.good}


def test_an_unsafe_fix_says_why_in_its_description(tmp_path, monkeypatch):
    project = write_tree(
        tmp_path / "finetune",
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "model.py": (
                "import tensorflow_hub as hub\n\n"
                'layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2", '
                "trainable=True)\n"
            ),
        },
    )
    fix = the_fix(sarif_log(project, monkeypatch))
    why = RULES["hub-legacy-finetune"].autofix.why
    assert fix["description"]["text"].endswith(f" (unsafe: {why})")
    assert fix["properties"] == {"safety": "unsafe"}


# -- columns ---------------------------------------------------------------------


@pytest.mark.parametrize("before", ['label = "🤗 demo"; ', 'label = "Größe"; '], ids=["emoji", "umlaut"])
def test_non_ascii_text_before_the_edit_on_its_line(tmp_path, monkeypatch, before):
    """Code points, UTF-16 units and UTF-8 bytes disagree after it: the suggestion takes the whole line."""
    bad = SESSION_OPTION.bad.replace(SESSION_LINE, before + SESSION_LINE)
    project = write_tree(tmp_path / "cluster", {"train.py": bad})
    log = sarif_log(project, monkeypatch, SESSION_TARGET)
    fix = the_fix(log)
    [replacement] = fix["artifactChanges"][0]["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 4, "startColumn": 1, "endLine": 4},
        "insertedContent": {"text": before + "config.share_cluster_devices_in_session = True"},
    }
    expected = SESSION_OPTION.good.replace("config.share", before + "config.share")
    for unit in UNITS.values():
        assert fixed(project, fix, unit) == {"train.py": expected}


def test_non_ascii_text_after_the_edit_keeps_exact_columns(tmp_path, monkeypatch):
    line = SESSION_LINE + "  # 🤗 one session for the cluster"
    project = write_tree(tmp_path / "cluster", {"train.py": SESSION_OPTION.bad.replace(SESSION_LINE, line)})
    fix = the_fix(sarif_log(project, monkeypatch, SESSION_TARGET))
    [replacement] = fix["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 20}
    expected = SESSION_OPTION.good.replace(
        "config.share_cluster_devices_in_session = True",
        "config.share_cluster_devices_in_session = True  # 🤗 one session for the cluster",
    )
    for unit in UNITS.values():
        assert fixed(project, fix, unit) == {"train.py": expected}


# -- where there is no fix ---------------------------------------------------------


def test_a_finding_without_a_fix_has_no_fixes_key(tmp_path, monkeypatch):
    project = write_tree(
        tmp_path / "proj",
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "train.py": HUB_MODULE,
            "cluster.py": "import os\n" + SESSION_OPTION.bad,
        },
    )
    log = sarif_log(project, monkeypatch, "--enable=unused-import")
    by_rule = {r["properties"]["symbol"]: r for r in results(log)}
    assert set(by_rule) == {"hub-module-eager", "unused-import", "hub-session-option-experimental"}
    assert "fixes" not in by_rule["hub-module-eager"]  # its rule has no fix
    assert "fixes" not in by_rule["unused-import"]  # not ours
    assert "fixes" in by_rule["hub-session-option-experimental"]


def test_a_notebook_finding_has_no_fix(tmp_path, monkeypatch):
    project = tmp_path / "notebooks"
    write_notebook(
        project / "cluster.ipynb", code("import tensorflow as tf"), code(SESSION_OPTION.bad.split("\n", 2)[2])
    )
    log = sarif_log(project, monkeypatch, SESSION_TARGET)
    [result] = results(log)
    assert result["properties"]["symbol"] == "hub-session-option-experimental"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cluster.ipynb"
    assert "fixes" not in result


def test_a_buffer_from_stdin_gets_no_fix(session_project, monkeypatch):
    """The file on disk is not what was linted: its positions would edit the wrong text."""
    (session_project / "train.py").write_text(
        SESSION_OPTION.bad.replace(SESSION_LINE, 'label = "🤗"; ' + SESSION_LINE), encoding="utf-8"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(SESSION_OPTION.bad.encode("utf-8"))))
    monkeypatch.chdir(session_project)
    check.run(["--from-stdin", "train.py", SESSION_TARGET, f"--output-format=hubcompat-sarif:{LOG}"])
    [result] = results(json.loads((session_project / LOG).read_text(encoding="utf-8")))
    assert result["properties"]["symbol"] == "hub-session-option-experimental"
    assert "fixes" not in result


# -- parallel jobs ---------------------------------------------------------------


def test_parallel_jobs_keep_the_fixes(tmp_path, monkeypatch):
    project = write_tree(
        tmp_path / "jobs",
        {
            "one.py": SESSION_OPTION.bad,
            "two.py": "import os\n" + SESSION_OPTION.bad,
            "bert.py": TEXT_OPS.bad,
        },
    )
    merged = []
    reduce = HubCompatChecker.reduce_map_data

    def spy(checker, linter, data):
        merged.extend(fixable.path for fixes in data for fixable in fixes)
        reduce(checker, linter, data)

    monkeypatch.setattr(HubCompatChecker, "reduce_map_data", spy)
    log = sarif_log(project, monkeypatch, "--tf-version=2.21.0", "--hub-version=0.16.1", "-j", "2")
    assert sorted(Path(p).name for p in merged) == ["bert.py", "one.py", "two.py"]  # from the workers
    fixes = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["fixes"][0]
        for r in results(log)
        if "fixes" in r
    }
    assert set(fixes) == {"one.py", "two.py", "bert.py"}
    unit = declared_unit(log)
    assert fixed(project, fixes["one.py"], unit) == {"one.py": SESSION_OPTION.good}
    assert fixed(project, fixes["two.py"], unit) == {"two.py": "import os\n" + SESSION_OPTION.good}
    assert fixed(project, fixes["bert.py"], unit) == {"bert.py": TEXT_OPS.good}


# -- sarif_fix: fixes of several edits, of several files -----------------------------


SCRIPT = """\
import tensorflow as tf
import tensorflow_hub as hub

embed = hub.load("https://tfhub.dev/google/universal-sentence-encoder/4")
vectors = embed(["TensorFlow Hub"])
"""


def synthetic_fix(*edits: Edit, safety: str = "safe") -> Fix:
    return Fix("hub-test-rule", safety, "Rewrite the loading code", edits)


def test_edits_of_one_file_are_one_replacement_with_the_text_between(tmp_path, monkeypatch):
    """A reviewer must not be able to commit one of two edits that only work together."""
    monkeypatch.chdir(tmp_path)
    script = write_tree(tmp_path, {"embed.py": SCRIPT}) / "embed.py"
    fix = synthetic_fix(
        Edit((2, 0), (2, 0), "import tensorflow_text  # registers the ops\n"), Edit((4, 0), (4, 5), "model")
    )
    sarif = sarif_fix(fix, str(script), "", SourceFiles())
    [change] = sarif["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 4, "endColumn": 6},
            "insertedContent": {
                "text": "import tensorflow_text  # registers the ops\nimport tensorflow_hub as hub\n\nmodel"
            },
        }
    ]
    assert apply_replacements(SCRIPT, change["replacements"], UNITS["unicodeCodePoints"]) == SCRIPT.replace(
        "import tensorflow_hub", "import tensorflow_text  # registers the ops\nimport tensorflow_hub"
    ).replace("embed = ", "model = ")


def test_an_edit_of_another_file_is_its_own_change(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"embed.py": SCRIPT, "pyproject.toml": '[project]\ndependencies = ["tensorflow-hub"]\n'})
    pyproject = str(tmp_path / "pyproject.toml")
    fix = synthetic_fix(
        Edit((2, 32), (2, 32), ', "tensorflow-text"', pyproject),
        Edit((2, 28), (2, 28), "\nimport tensorflow_text  # registers the ops"),
        safety="unsafe",
    )
    sarif = sarif_fix(fix, str(tmp_path / "embed.py"), "", SourceFiles())
    assert sarif["description"] == {"text": "Rewrite the loading code (unsafe)"}
    own, other = sarif["artifactChanges"]
    assert own["artifactLocation"] == {"uri": "embed.py", "uriBaseId": "%SRCROOT%"}
    assert other["artifactLocation"] == {"uri": "pyproject.toml", "uriBaseId": "%SRCROOT%"}
    assert fixed(tmp_path, sarif, UNITS["utf8Bytes"])["pyproject.toml"] == (
        '[project]\ndependencies = ["tensorflow-hub", "tensorflow-text"]\n'
    )


def test_a_crlf_file_gets_newlines_written_as_edits_write_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "embed.py"
    script.write_bytes(SCRIPT.replace("\n", "\r\n").encode("utf-8"))
    fix = synthetic_fix(Edit((1, 0), (1, 0), "import os\n"), Edit((2, 7), (2, 21), "tensorflow_hub"))
    [replacement] = sarif_fix(fix, str(script), "", SourceFiles())["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "import os\nimport tensorflow as tf\nimport tensorflow_hub"
    assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 22}


def test_no_fix_where_a_file_cannot_be_read_or_edits_overlap(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = str(write_tree(tmp_path, {"embed.py": SCRIPT}) / "embed.py")
    missing = str(tmp_path / "requirements.txt")
    files = SourceFiles()
    assert sarif_fix(synthetic_fix(Edit((1, 0), (1, 0), "tensorflow-text\n", missing)), script, "", files) is None
    assert sarif_fix(synthetic_fix(), script, "", files) is None  # no change: SARIF needs one at least
    overlapping = synthetic_fix(Edit((4, 0), (4, 5), "model"), Edit((4, 2), (4, 8), "x ="))
    assert sarif_fix(overlapping, script, "", files) is None
    (tmp_path / "latin.py").write_bytes(b"# \xe9t\xe9\nimport tensorflow as tf\n")  # not UTF-8, no coding line
    assert sarif_fix(synthetic_fix(Edit((2, 0), (2, 6), "from")), str(tmp_path / "latin.py"), "", files) is None



def test_result_regions_count_code_points_as_the_log_declares(tmp_path, monkeypatch):
    """pylint's columns count UTF-8 bytes; the log's columnKind says code points, so they are converted."""
    line = 'x = "éé"; config.experimental.share_cluster_devices_in_session = True'
    project = write_tree(tmp_path / "p", {"train.py": SESSION_OPTION.bad.replace(
        "config.experimental.share_cluster_devices_in_session = True", line)})
    [result] = results(sarif_log(project, monkeypatch, SESSION_TARGET))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (line.index("config") + 1, line.index(" = True") + 1)
