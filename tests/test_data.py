"""A reader can trace every dataset to its producer and every source to a complete bibliography entry.

(That every table is valid is `make validate`'s job, which `make check` runs first.)
"""

import re

from pybtex.database import parse_file

from scripts.cli.datadoc import README, render
from scripts.config import BIBLIOGRAPHY
from scripts.data import read_descriptor

DESCRIPTOR = read_descriptor()


def test_every_resource_carries_its_origin_and_documented_fields():
    for res in DESCRIPTOR["resources"]:
        origin = res["x-origin"]
        for key in ("producer", "citation", "accessed", "license"):
            assert origin.get(key), f"{res['name']}: origin lacks {key}"
        assert res["schema"]["primaryKey"], res["name"]
        for field in res["schema"]["fields"]:
            assert field.get("description"), f"{res['name']}.{field['name']} has no description"


def test_bibliography_entries_are_complete():
    entries = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex").entries
    assert entries
    for key, entry in entries.items():
        fields = {k.lower() for k in entry.fields}
        assert "title" in fields, key
        assert {"year", "date"} & fields, key
        assert "url" in fields or "note" in fields, f"{key}: give the address, or a note saying why there is none"


def test_data_readme_is_generated_from_the_package():
    assert README.read_text(encoding="utf-8") == render(), "data/README.md is stale: run `make data-readme`"


def test_bibliography_speaks_to_readers():
    """Entries are shown to readers: no other entry's key, and no words about where the book was built."""
    entries = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex").entries
    keys = set(entries)
    found = [
        (key, field)
        for key, entry in entries.items()
        for field, value in entry.fields.items()
        if any(other != key and other in value for other in keys)
        or re.search(r"this machine|could not be opened from", value, flags=re.I)
    ]
    assert found == []


def test_a_percent_sign_in_a_bibliography_text_is_escaped_and_addresses_are_not():
    """A bare % starts a TeX comment: pybtex would cut the rest of a note; an escaped one breaks an address."""
    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    fields = re.findall(r"^  (\w+) = \{(.*)\},?$", text, flags=re.M)
    assert [(name, value) for name, value in fields if name != "url" and re.search(r"(?<!\\)%", value)] == []
    assert [value for name, value in fields if name == "url" and "\\%" in value] == []
