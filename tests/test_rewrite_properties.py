"""Property tests: the tools that rewrite data files (`survey fmt`, `survey add`) never change meaning.

Random corpora and taxonomies are written, rewritten, and read back: every entry, field,
node and list survives, and a file the tools cannot read whole is never touched.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from survey_site.bibliography import BibEntry, BibField, parse_bib
from survey_site.fmt import dump_node, format_bib_entries, format_bib_text, format_yaml_text
from survey_site.yamldata import Map, Scalar, Seq, load_yaml

# Field values as BibTeX holds them: balanced braces, no newlines; some LaTeX and Unicode.
_PIECES = st.sampled_from([*"abcdefghij ABC-:,.'\"é–", "{X}", "{\\'e}", "\\&"])
_TEXT = st.lists(_PIECES, min_size=1, max_size=30).map("".join)
_VALUE = _TEXT.map(lambda t: " ".join(t.split()) or "x").filter(
    lambda t: t.count("{") == t.count("}") and not t.endswith("\\")
)
_NAMES = st.sampled_from(
    ["title", "author", "year", "journal", "booktitle", "note", "url", "tldr", "added", "origin", "pages"]
)


@st.composite
def entries(draw: st.DrawFn) -> list[BibEntry]:
    keys = draw(
        st.lists(
            st.from_regex(r"[a-z]{2,8}20[0-2][0-9][a-z]{2,8}", fullmatch=True), min_size=1, max_size=6, unique=True
        )
    )
    out = []
    for key in keys:
        names = draw(st.lists(_NAMES, min_size=1, max_size=6, unique=True))
        fields = tuple(BibField(name, draw(_VALUE), 0) for name in names)
        out.append(BibEntry(key, draw(st.sampled_from(["misc", "article", "inproceedings"])), fields, "t.bib", 0))
    return out


def meaning_of_bib(text: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    parsed, problems = parse_bib(text.encode("utf-8"), "t.bib")
    assert not [p for p in problems if p.is_error], [p.human() for p in problems]
    return sorted(
        (e.key, e.entry_type, tuple(sorted((f.name, " ".join(f.value.split())) for f in e.fields))) for e in parsed
    )


@given(entries())
def test_fmt_keeps_every_entry_and_field(corpus: list[BibEntry]) -> None:
    text = format_bib_entries(corpus)
    expected = sorted((e.key, e.entry_type, tuple(sorted((f.name, f.value) for f in e.fields))) for e in corpus)
    assert meaning_of_bib(text) == expected
    assert format_bib_text(text.encode("utf-8"), "t.bib") == text  # canonical: a second run changes nothing


@given(entries(), st.sampled_from(["@comment{keep me}\n", "@string{x = {y}}\n", "stray text } here\n"]))
def test_fmt_never_rewrites_a_file_with_a_block_it_does_not_keep(corpus: list[BibEntry], block: str) -> None:
    text = block + format_bib_entries(corpus)
    assert format_bib_text(text.encode("utf-8"), "t.bib") is None


_ID = st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True)


@st.composite
def nodes(draw: st.DrawFn, depth: int = 0) -> Map:
    entries_: list[tuple[Scalar, object]] = [
        (Scalar("id", 0, 0), Scalar(draw(_ID), 0, 0)),
        (Scalar("title", 0, 0), Scalar(draw(_VALUE), 0, 0)),
        (Scalar("summary", 0, 0), Scalar(draw(_VALUE), 0, 0)),
    ]
    papers = draw(st.lists(_ID, max_size=4))
    if papers:
        entries_.append((Scalar("papers", 0, 0), Seq(tuple(Scalar(p, 0, 0) for p in papers), 0, 0)))
    if depth < 2:
        children = draw(st.lists(nodes(depth + 1), max_size=2))
        if children:
            entries_.append((Scalar("children", 0, 0), Seq(tuple(children), 0, 0)))
    return Map(tuple(entries_), 0, 0)  # type: ignore[arg-type]


def plain(value: object) -> object:
    """A YAML value without positions, for comparing what two files say."""
    if isinstance(value, Scalar):
        return " ".join(value.value.split())
    if isinstance(value, Seq):
        return [plain(v) for v in value.items]
    if isinstance(value, Map):
        return {k.value: plain(v) for k, v in value.entries}
    return value


@given(nodes())
def test_taxonomy_rewrite_keeps_every_node_paper_and_value(node: Map) -> None:
    text = "\n".join(dump_node(node)) + "\n"
    value, problems = load_yaml(text.encode("utf-8"), "t.yaml")
    assert not [p for p in problems if p.is_error], [p.human() for p in problems]
    assert plain(value) == plain(node)
    assert format_yaml_text(text.encode("utf-8"), "t.yaml") == text


def test_add_keeps_a_file_it_cannot_read_whole(tmp_path: Path) -> None:
    """The property's edge in the real tool: see tests/test_add.py for the full `survey add` refusal."""
    text = "@comment{Curators' note}\n\n@misc{doe2020x,\n  title = {X},\n}\n"
    assert format_bib_text(text.encode("utf-8"), "t.bib") is None
