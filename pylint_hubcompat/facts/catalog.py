"""The tfhub.dev catalog: which format each published model version is in.

The version number of a handle says nothing about its format
(``google/nnlm-en-dim128/1`` is TF1 Hub format, ``/2`` is a TF2 SavedModel), so
the only offline way to know is a table read from the model pages.  It ships
as ``data/tfhub_catalog.txt`` and is parsed once, on the first lookup, so
projects that never name a tfhub.dev model pay nothing.

The data file has one line per model path (a handle without its version)::

    google/nnlm-en-dim128<TAB>1=hub* 2=saved_model_2*

Each entry is ``<version>=<format>`` in the catalog's own words (``hub`` = TF1
Hub format, ``saved_model`` = TF1 SavedModel, ``saved_model_2`` = TF2
SavedModel); a trailing ``*`` says the publisher marked it fine-tunable.
``python -m pylint_hubcompat.facts.catalog SOURCE.tsv`` rebuilds the file from the
``handle<TAB>format<TAB>fine_tunable`` table it was made from.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from pylint_hubcompat.files.locations import data_file

#: The catalog's format words.
HUB = "hub"
SAVED_MODEL = "saved_model"
SAVED_MODEL_2 = "saved_model_2"
CATALOG_FORMATS = (HUB, SAVED_MODEL, SAVED_MODEL_2)

DATA_FILE = "tfhub_catalog.txt"

#: The tfhub.dev pages put ``&zwnj;`` between path segments so long handles can
#: wrap; copied text keeps them as invisible characters.  They are never part of
#: a real handle.
_INVISIBLE = re.compile("&zwnj;|[\u200b\u200c\u200d\u2060\ufeff]")
_ENTRY = re.compile(r"(?P<version>\d+)=(?P<format>[a-z_2]+)(?P<tunable>\*?)")


class CatalogEntry(NamedTuple):
    """One published model version."""

    #: The handle as tfhub.dev spells it, e.g. ``google/nnlm-en-dim128/1``.
    handle: str
    #: ``hub``, ``saved_model`` or ``saved_model_2``.
    format: str
    fine_tunable: bool
    #: The newest ``saved_model_2`` version of the same model path, when this
    #: entry is not one itself (``google/nnlm-en-dim128/2`` for ``.../1``).
    successor: str | None = None


def clean_handle(text: str) -> str:
    """``text`` without the invisible characters that copying from tfhub.dev adds."""
    return _INVISIBLE.sub("", text)


def lookup(handle: str) -> CatalogEntry | None:
    """The catalog entry of ``owner/model[/sub...]/version``, or ``None``.

    Matching ignores case and invisible characters: tfhub.dev treated handles
    case-insensitively, and users copy them from rendered pages.
    """
    return _catalog().get(_key(handle))


def entries() -> Iterable[CatalogEntry]:
    """Every catalog entry (for tests and tooling)."""
    return _catalog().values()


def _key(handle: str) -> str:
    return clean_handle(handle).strip("/").lower()


@functools.cache
def _catalog() -> Mapping[str, CatalogEntry]:
    try:
        text = data_file(DATA_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        # A broken installation must not break linting: every tfhub.dev handle
        # is then simply unknown, and no format-dependent rule fires.
        return {}
    return parse(text)


def parse(text: str) -> dict[str, CatalogEntry]:
    """Entries keyed by lower-cased handle, each with its successor filled in."""
    catalog: dict[str, CatalogEntry] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, _, versions = line.partition("\t")
        found = [m for m in map(_ENTRY.fullmatch, versions.split()) if m and m["format"] in CATALOG_FORMATS]
        tf2 = [int(m["version"]) for m in found if m["format"] == SAVED_MODEL_2]
        for m in found:
            version = int(m["version"])
            newer_tf2 = [v for v in tf2 if v > version]
            successor = f"{path}/{max(newer_tf2)}" if m["format"] != SAVED_MODEL_2 and newer_tf2 else None
            handle = f"{path}/{version}"
            catalog[handle.lower()] = CatalogEntry(handle, m["format"], bool(m["tunable"]), successor)
    return catalog


def compact(rows: Iterable[tuple[str, str, str]]) -> str:
    """The data file for ``(handle, format, fine_tunable)`` rows of the source table."""
    models: dict[str, list[tuple[int, str]]] = {}
    for handle, fmt, tunable in rows:
        path, _, version = clean_handle(handle).strip().rpartition("/")
        if fmt not in CATALOG_FORMATS or not path or not version.isdigit():
            raise ValueError(f"not a catalog row: {handle!r} {fmt!r}")
        star = "*" if tunable.strip().lower() == "true" else ""
        models.setdefault(path, []).append((int(version), f"{version}={fmt}{star}"))
    header = [
        "# tfhub.dev model formats (model pages, 2024-03 state); see pylint_hubcompat/facts/catalog.py.",
        "# <model path> TAB <version>=<hub|saved_model|saved_model_2>[* = fine-tunable] ...",
    ]
    lines = [f"{path}\t{' '.join(entry for _, entry in sorted(found))}" for path, found in sorted(models.items())]
    return "\n".join(header + lines) + "\n"


def read_source(path: Path) -> list[tuple[str, str, str]]:
    """The rows of the ``handle<TAB>format<TAB>fine_tunable`` source table."""
    import csv  # pylint: disable=import-outside-toplevel  # a maintainer's command, not linting

    with path.open(encoding="utf-8", newline="") as stream:
        return [(row["handle"], row["format"], row["fine_tunable"]) for row in csv.DictReader(stream, delimiter="\t")]


def _rebuild(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pylint_hubcompat.facts.catalog SOURCE.tsv", file=sys.stderr)
        return 2
    target = data_file(DATA_FILE)
    target.write_text(compact(read_source(Path(argv[0]))), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    raise SystemExit(_rebuild(sys.argv[1:]))
