"""Text edits keep everything they do not replace: line endings, the last line, other lines."""

from __future__ import annotations

import pytest

from pylint_hubcompat.files.text_edits import Edit, Overlap, apply, char_column, compatible, split_lines


def test_a_replacement_changes_only_its_span() -> None:
    text = "config.experimental.share = True  # keep me\n"
    assert apply(text, [Edit((1, 6), (1, 19), "")]) == "config.share = True  # keep me\n"


def test_new_lines_take_the_files_line_ending() -> None:
    text = "import tensorflow_hub as hub\r\nhub.load(h)\r\n"
    edit = Edit((1, 28), (1, 28), "\nimport tensorflow_text")
    assert apply(text, [edit]) == "import tensorflow_hub as hub\r\nimport tensorflow_text\r\nhub.load(h)\r\n"


def test_an_insertion_after_a_last_line_without_newline() -> None:
    assert apply("a = 1", [Edit((2, 0), (2, 0), "b = 2\n")]) == "a = 1b = 2\n"
    assert apply("a = 1", [Edit((1, 5), (1, 5), "\nb = 2")]) == "a = 1\nb = 2"


def test_identical_edits_from_several_findings_are_made_once() -> None:
    edit = Edit((1, 0), (1, 0), "import os\n")
    assert apply("import tensorflow\n", [edit, edit]) == "import os\nimport tensorflow\n"


def test_edits_that_touch_the_same_text_are_refused() -> None:
    with pytest.raises(Overlap):
        apply("abcdef\n", [Edit((1, 0), (1, 3), "x"), Edit((1, 2), (1, 4), "y")])
    with pytest.raises(Overlap):
        apply("abc\n", [Edit((1, 1), (1, 1), "x"), Edit((1, 1), (1, 1), "y")])
    assert not compatible([Edit((1, 0), (1, 3), "x")], [Edit((1, 2), (1, 4), "y")])
    assert compatible([Edit((1, 0), (1, 3), "x")], [Edit((1, 3), (1, 4), "y")])


def test_edits_of_several_lines_apply_together_against_the_original() -> None:
    text = "a.x.b = c.x.d\n"
    assert apply(text, [Edit((1, 1), (1, 3), ""), Edit((1, 9), (1, 11), "")]) == "a.b = c.d\n"


def test_lines_break_where_python_breaks_them() -> None:
    assert split_lines("a\x0cb\r\nc\rd\ne") == ["a\x0cb\r\n", "c\r", "d\n", "e"]


def test_astroid_byte_columns_become_characters() -> None:
    line = 'x = "café"; y.experimental'
    assert char_column(line, len(line.encode()) - len("experimental")) == len(line) - len("experimental")
