"""Every distinct work of the survey's reading list is in the corpus.

tests/data/reading_list_works.tsv (committed, facts only) maps each reading-list item
to the entry holding its work. Where ../shared is present, the test also reads the
parsed reading list itself and checks the committed table against it.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from survey_site.pipeline import Project, load
from survey_site.text import normalized_title

from .helpers import ROOT

TABLE = Path(__file__).parent / "data" / "reading_list_works.tsv"
READING_LIST = ROOT.parent / "shared" / "sources" / "llm-alignment-survey" / "reading-list.json"


def rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def corrected_titles() -> set[int]:
    text = (ROOT / "CORRECTIONS.md").read_text(encoding="utf-8")
    return {int(m.group(1)) for m in re.finditer(r"^\| (\d+) [^|]*\| `[a-z0-9]+` \| title \|", text, re.M)}


def test_every_item_is_held_by_an_entry_with_its_arxiv_id_or_title() -> None:
    entries = {e.key: e for e in load(Project(ROOT)).entries}
    table = rows()
    # The table is the whole reading list, item by item, with no gap or repeat.
    assert sorted(int(r["item"]) for r in table) == list(range(len(table)))
    # Its works are exactly the corpus's survey-v1 entries: one contributed paper more changes neither side.
    survey_keys = {e.key for e in entries.values() if (e.get("origin") or "").strip() == "survey-v1"}
    assert {r["citation_key"] for r in table} == survey_keys
    documented = corrected_titles()
    for row in table:
        entry = entries.get(row["citation_key"])
        assert entry is not None, f"item {row['item']}: {row['citation_key']} is not in bib/"
        same_id = row["arxiv"] and re.sub(r"v\d+$", "", entry.get("eprint") or "") == row["arxiv"]
        same_title = normalized_title(entry.get("title") or "") == row["title_key"]
        assert same_id or same_title or int(row["item"]) in documented, (
            f"item {row['item']} does not match {row['citation_key']} and no title correction explains it"
        )


def test_table_matches_the_reading_list() -> None:
    if not READING_LIST.exists():
        pytest.skip(
            "../shared/sources/llm-alignment-survey/reading-list.json is not here (a public clone has no ../shared)"
        )
    items = json.loads(READING_LIST.read_text(encoding="utf-8"))
    table = rows()
    assert len(items) == len(table)
    for i, (item, row) in enumerate(zip(items, table, strict=True)):
        assert int(row["item"]) == i
        assert row["arxiv"] == (item.get("arxiv") or "")
        assert row["title_key"] == normalized_title(item["title"])
