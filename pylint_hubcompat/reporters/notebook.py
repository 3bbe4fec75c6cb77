"""Report a finding in a notebook where the user can find it: the cell, and the line in it.

pylint lints a notebook as one module (:mod:`pylint_hubcompat.notebooks.reader`); its
messages carry module lines.  :class:`NotebookReporter` wraps the reporters the user
chose (``--output-format``) and rewrites each notebook message for each of them:

* **text-like** reporters (``text``, ``colorized``, ``parseable``, ``msvs``): the cell is
  part of the location, ``tutorial.ipynb:cell 7:3:4: E7101: ...`` (cell 7, line 3,
  column 4);
* **file-oriented** reporters (``json2``, ``json``, ``github``, ``hubcompat-sarif`` and
  any other): the path stays the notebook file, line and column point into the
  ``.ipynb`` file itself (what GitHub annotations and code scanning show), and the
  message ends with ``(cell 7, line 3)``.

``hubcompat check`` also marks, for text-like reporters, each finding ``hubcompat fix``
can fix without ``--unsafe-fixes``: its message starts with ``[*]``, as ruff's do
(:attr:`NotebookReporter.marks`), and ends with its rule's documentation URL
(:attr:`NotebookReporter.links`), as SARIF's ``helpUri`` does.

Messages of ``.py`` files pass through unchanged otherwise.  The reporter is a
:class:`~pylint.reporters.MultiReporter`, so everything pylint does with reporters
(several output files, ``-j N``, scores) keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from copy import copy
from typing import TYPE_CHECKING, Any

from pylint.reporters import BaseReporter, MultiReporter
from pylint.reporters.text import TextReporter

from pylint_hubcompat.notebooks.reader import Module, Notebook

if TYPE_CHECKING:
    from pylint.message import Message

#: Text reporters that are really file-oriented annotations.
_FILE_ORIENTED_TEXT = frozenset({"github"})


def _keep_files_open() -> None:
    """The wrapped MultiReporter's files now belong to the NotebookReporter."""


class NotebookReporter(MultiReporter):
    """The user's reporters, with notebook messages moved to their cells."""

    name = "_hubcompat_notebooks"

    def __init__(
        self, sub_reporters: list[BaseReporter], close_output_files: Any, converted: dict[str, tuple[Notebook, Module]]
    ):
        super().__init__(sub_reporters, close_output_files)
        self.converted = converted
        #: Whether a message (in its module's coordinates) has a safe fix: it gets ``[*]`` in text output.
        self.marks: Callable[[Message], bool] | None = None
        #: Whether a message is reported at all (``check --baseline`` holds recorded ones back); it sees each once.
        self.screen: Callable[[Message], bool] | None = None
        #: Symbol -> the rule's documentation, which text output ends the message with (``hubcompat check``).
        self.links: dict[str, str] = {}

    @classmethod
    def wrap(
        cls, reporter: BaseReporter | MultiReporter, converted: dict[str, tuple[Notebook, Module]]
    ) -> NotebookReporter:
        if isinstance(reporter, NotebookReporter):
            reporter.converted = converted
            return reporter
        if isinstance(reporter, MultiReporter):
            subs, close = list(reporter._sub_reporters), reporter.close_output_files  # pylint: disable=protected-access
            reporter.close_output_files = _keep_files_open  # it is dropped: must not close them
            return cls(subs, close, converted)
        return cls([reporter], _keep_files_open, converted)

    def handle_message(self, msg: Message) -> None:
        if self.screen is not None and not self.screen(msg):
            return
        converted = self.converted.get(os.path.abspath(msg.abspath)) if msg.abspath else None
        marked = self.marks is not None and self.marks(msg)
        for reporter in self._sub_reporters:
            message = copy(msg)
            text_style = is_text_style(reporter)
            if converted is not None:
                relocate(message, *converted, text_style=text_style)
            if marked and text_style:
                message.msg = f"[*] {message.msg}"
            if text_style and msg.symbol in self.links:
                message.msg = f"{message.msg} {self.links[msg.symbol]}"
            reporter.handle_message(message)


def is_text_style(reporter: BaseReporter) -> bool:
    return isinstance(reporter, TextReporter) and getattr(reporter, "name", "") not in _FILE_ORIENTED_TEXT


def relocate(msg: Message, notebook: Notebook, module: Module, text_style: bool) -> Message:
    """Move ``msg`` (in place) from its module line to its cell; see the module docstring."""
    where = module.locate(msg.line)
    if where is None:
        return msg
    cell, line = where
    # A cell IPython dedents (or strips of its prompts) is linted without its indent: put it back.
    msg.column = module.column(msg.line, msg.column) or 0
    msg.end_column = module.column(msg.end_line, msg.end_column)
    end = module.locate(msg.end_line) if msg.end_line is not None else None
    end_line = end[1] if end is not None and end[0] == cell else None
    if text_style:
        msg.path = f"{msg.path}:cell {cell}"
        msg.line, msg.end_line = line, end_line
        if end_line is None:
            msg.end_column = None
        return msg
    msg.msg = f"{msg.msg} (cell {cell}, line {line})"
    start = notebook.file_position(cell, line, msg.column or 0)
    stop = (
        notebook.file_position(cell, end_line, msg.end_column)
        if end_line is not None and msg.end_column is not None
        else None
    )
    if start is None:  # positions unknown (an unusual writer): the cell is in the message
        msg.line, msg.column, msg.end_line, msg.end_column = 1, 0, None, None
        return msg
    msg.line, msg.column = start
    msg.end_line, msg.end_column = stop if stop is not None else (None, None)
    return msg
