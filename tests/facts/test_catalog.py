"""The shipped catalog is the tfhub.dev table, compacted, and nothing else."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pylint_hubcompat.facts import catalog
from pylint_hubcompat.files.locations import data_file

#: The table the catalog is made from, in ``../shared`` beside the checkout.
SOURCE = Path(__file__).resolve().parents[3] / "shared" / "data" / "tfhub_model_formats.tsv"


def test_it_holds_every_handle_of_the_table():
    formats = Counter(entry.format for entry in catalog.entries())
    assert sum(formats.values()) == 1619
    assert formats[catalog.HUB] == 728


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source table is not checked out here")
def test_the_shipped_file_is_exactly_the_compacted_source_table():
    shipped = data_file(catalog.DATA_FILE).read_text(encoding="utf-8")
    assert shipped == catalog.compact(catalog.read_source(SOURCE))


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source table is not checked out here")
def test_every_row_of_the_source_table_is_found_with_its_format_and_fine_tunability():
    for handle, fmt, tunable in catalog.read_source(SOURCE):
        entry = catalog.lookup(handle)
        assert entry is not None, handle
        assert (entry.format, entry.fine_tunable) == (fmt, tunable == "true"), handle


def test_lookup_ignores_case_and_zero_width_characters():
    assert catalog.lookup("Google/ELMo/3").handle == "google/elmo/3"
    assert catalog.lookup("nvidia/&zwnj;unet/&zwnj;industrial/&zwnj;class_1/1").handle == "nvidia/unet/industrial/class_1/1"


def test_successors_are_derived_from_the_table():
    text = "m/a\t1=hub* 2=saved_model 3=saved_model_2* 4=saved_model_2 5=hub\n"
    parsed = catalog.parse(text)
    assert [parsed[f"m/a/{v}"].successor for v in range(1, 6)] == ["m/a/4", "m/a/4", None, None, None]


def test_a_broken_line_is_skipped_not_fatal():
    assert set(catalog.parse("# comment\n\nm/a\t1=hub 2=nonsense x\nm/b\n")) == {"m/a/1"}


def test_compact_refuses_rows_it_cannot_represent():
    with pytest.raises(ValueError):
        catalog.compact([("google/elmo", "hub", "true")])
