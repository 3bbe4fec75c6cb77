"""Which paths a repository's ``.gitignore`` files exclude, read as git reads them.

The patterns are matched by :mod:`pathspec` (its ``GitIgnoreSpec`` follows git's
rules, negations included); what is ours is only which files apply where: every
``.gitignore`` from the repository's root (the nearest directory holding ``.git``)
down to the directory at hand, plus ``.git/info/exclude``, the deepest file
deciding, as in git.  A ``.gitignore`` below the directories walked counts even
without a ``.git`` beside it, so an unpacked archive of a repository is read as its
authors' checkout is.  Nothing runs git.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pathspec import GitIgnoreSpec

from pylint_hubcompat.files import reading

#: Far beyond any real ignore file; a bigger one (or a FIFO under that name) is not read.
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class _Layer:
    #: The directory the patterns are relative to.
    base: str
    spec: GitIgnoreSpec
    #: The file the patterns come from, as shown to the user.
    source: str


class GitIgnore:
    """The ignore files that apply inside one directory, outermost first."""

    def __init__(self, layers: tuple[_Layer, ...] = ()) -> None:
        self._layers = layers

    @classmethod
    def above(cls, directory: str) -> GitIgnore:
        """The ignore files of the repository holding ``directory``, from its root down to its parent."""
        here = os.path.abspath(directory)
        chain = [here]
        while not os.path.exists(os.path.join(chain[-1], ".git")):
            parent = os.path.dirname(chain[-1])
            if parent == chain[-1]:
                return cls()  # in no repository: only the ignore files met below count
            chain.append(parent)
        root = chain[-1]
        rules = cls()._with(root, os.path.join(root, ".git", "info", "exclude"))
        for folder in reversed(chain[1:]):
            rules = rules.entering(folder)
        return rules

    def entering(self, directory: str) -> GitIgnore:
        """These rules, plus those of ``directory``'s own ``.gitignore`` if it has one."""
        return self._with(directory, os.path.join(directory, ".gitignore"))

    def excluded_by(self, path: str, is_directory: bool) -> str | None:
        """The ignore file whose pattern excludes ``path``; None if it is not excluded."""
        verdict: str | None = None
        absolute = os.path.abspath(path)
        for layer in self._layers:
            relative = os.path.relpath(absolute, layer.base)
            if relative.startswith(os.pardir):
                continue
            result = layer.spec.check_file(relative.replace(os.sep, "/") + ("/" if is_directory else ""))
            if result.include is not None:
                verdict = layer.source if result.include else None
        return verdict

    def _with(self, base: str, ignore_file: str) -> GitIgnore:
        if not os.path.isfile(ignore_file):
            return self
        try:
            text = reading.read_text(ignore_file, _MAX_BYTES)
        except reading.UnreadableFile:
            return self
        spec = GitIgnoreSpec.from_lines(text.splitlines())
        return GitIgnore((*self._layers, _Layer(os.path.abspath(base), spec, os.path.normpath(ignore_file))))
