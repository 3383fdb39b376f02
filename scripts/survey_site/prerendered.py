"""Hand MkDocs our pages' raw HTML blocks as finished HTML, not as Markdown to re-parse.

A generated page is Markdown headings around raw HTML blocks (render/templates/). Python-Markdown
leaves such a block as it is, but finds its end by parsing it tag by tag, and MkDocs parses the
whole source once more for anchor ids: at 5,000 papers that was the largest part of a site build.
The generated files stay plain Markdown (any Markdown renderer reads them; nothing here is needed
for a correct page); the MkDocs hook uses this module to make the same page cheaper:

- `stash` (on_page_markdown): each complete top-level block becomes a one-word paragraph;
- `restore` (on_page_content): each such paragraph becomes its block again, byte for byte what
  Markdown would have written. Blocks that search skips (`data-search-exclude`) are left hollow
  for the search plugin, which would otherwise parse their every tag only to drop them;
- `fill` (on_page_context, after search): the hollow blocks get their insides back.

Pure functions; the tests compare `stash` + Markdown + `restore` + `fill` with plain Markdown.
"""

from __future__ import annotations

import dataclasses
import re

# The block-level tags our templates open a raw block with (all in Python-Markdown's list).
BLOCK_TAGS = frozenset({"div", "nav", "p", "table", "ul", "ol", "details", "pre", "figure", "section", "dl", "form"})
MARKER = "svprerenderedblock"  # never in a generated page: a page that has it is left to Markdown
_TOKEN_PARAGRAPH = re.compile(rf"<p>{MARKER}(\d+)</p>")
_HOLLOW = re.compile(rf"<!--{MARKER}(\d+)-->")
_OPENING = re.compile(r"<([a-z]+)[\s>]")
_HEADING = re.compile(r"<h[1-6][\s>]", re.I)
# What MkDocs collects as anchors from raw HTML: any element's id, an <a>'s name.
_ANCHOR = re.compile(r"<[a-zA-Z][^>]*?\sid=\"([^\"]*)\"|<a\s[^>]*?\bname=\"([^\"]*)\"")
_FENCE = re.compile(r"^(```|~~~)")


@dataclasses.dataclass(frozen=True)
class Stashed:
    """A page's Markdown with its raw blocks taken out, and the blocks."""

    markdown: str
    blocks: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Restored:
    """The page's HTML with hollow search-excluded blocks, and what `fill` puts back into them."""

    html: str
    insides: tuple[str, ...]


def stash(markdown: str) -> Stashed:
    """Replace each raw HTML block that Markdown would pass through unchanged by a token paragraph.

    A block qualifies when it is a run of lines between blank lines, outside any code fence, that
    opens at column 0 with a block-level tag and closes with that tag, with as many openings of
    that tag as closings. Anything else (and any tab, carriage return or control character, which
    Markdown would rewrite) is left for Markdown, and so is everything after HTML that does not
    qualify.
    """
    if MARKER in markdown:
        return Stashed(markdown, ())
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    group: list[str] = []
    fenced = False

    # After HTML we do not take, Markdown may still be inside a raw block of its own: leave the rest to it.
    gave_up = False

    def flush() -> None:
        nonlocal gave_up
        block = "\n".join(group)
        if group and not fenced and not gave_up and _passes_through(block):
            out.append(f"{MARKER}{len(blocks)}")
            blocks.append(block)
        else:
            gave_up = gave_up or block.startswith("<")
            out.extend(group)
        group.clear()

    for line in lines:
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            out.append(line)
        elif line.strip():
            group.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return Stashed("\n".join(out), tuple(blocks))


def _passes_through(block: str) -> bool:
    opening = _OPENING.match(block)
    if not opening or opening[1] not in BLOCK_TAGS:
        return False
    tag = opening[1]
    if not block.endswith(f"</{tag}>") or any(c in block for c in "\t\r\x00\x02\x03"):
        return False
    return len(re.findall(rf"<{tag}[\s>]", block)) == block.count(f"</{tag}>")


def restore(html: str, blocks: tuple[str, ...]) -> Restored:
    """Put the blocks back; a search-excluded block without headings stays hollow (see `fill`).

    Raises ValueError if Markdown did not keep every token as its own paragraph.
    """
    insides: list[str] = []
    seen = 0

    def block(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        text = blocks[int(match[1])]
        # Markdown keeps the line break that ended a block, except at the very end of the page.
        end = "" if match.end() == len(html) else "\n"
        return _hollowed(text, insides) + end

    result = _TOKEN_PARAGRAPH.sub(block, html)
    if seen != len(blocks):
        raise ValueError(f"Markdown kept {seen} of {len(blocks)} pre-rendered blocks")
    return Restored(result, tuple(insides))


# A start tag, its attributes written out (names, then values in quotes or bare).
_START_TAG = re.compile(r"""<([a-z]+)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTRIBUTE_NAME = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def _hollowed(block: str, insides: list[str]) -> str:
    """The block with the insides of its search-excluded elements taken out (into `insides`).

    Only elements with no heading inside: search starts a section at every heading, excluded or not.
    """
    out: list[str] = []
    done = 0
    for opening in _START_TAG.finditer(block):
        if opening.start() < done or "data-search-exclude" not in _ATTRIBUTE_NAME.findall(opening[2]):
            continue  # not excluded, or inside an element already taken out
        tag, start = opening[1], opening.end()
        close = _matching_close(block, tag, start)
        if close is None or _HEADING.search(block, start, close):
            continue
        out.append(block[done:start])
        out.append(f"<!--{MARKER}{len(insides)}-->")
        insides.append(block[start:close])
        done = close
    out.append(block[done:])
    return "".join(out)


def _matching_close(block: str, tag: str, start: int) -> int | None:
    """Where the element opened just before `start` closes (the index of its `</tag>`)."""
    depth = 1
    for match in re.finditer(rf"<(/?){tag}[\s>]", block[start:]):
        depth += -1 if match[1] else 1
        if depth == 0:
            return start + match.start()
    return None


def fill(html: str, insides: tuple[str, ...]) -> str:
    """The hollow blocks with their insides back."""
    return _HOLLOW.sub(lambda m: insides[int(m[1])], html) if insides else html


def anchor_ids(blocks: tuple[str, ...]) -> set[str]:
    """The anchors MkDocs would have found in these blocks (it validates links to them)."""
    found: set[str] = set()
    for block in blocks:
        for element_id, name in _ANCHOR.findall(block):
            found.add(element_id or name)
    return found
