"""Escaping for every place contributed text lands. Data never becomes markup."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import markdown

from ..urlpolicy import browser_form, is_safe_absolute, is_safe_link

# Python-Markdown's own backslash-escapable characters, plus `|` (tables). We enable
# no extension that gives meaning to others, so these are all that need escaping.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def h(text: str) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape(text, quote=True)


def md_inline(text: str) -> str:
    """Text for a Markdown heading or inline position: no emphasis, links, attr lists or HTML."""
    text = " ".join(text.split())  # a newline must not start a new block
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


# Characters YAML may not carry raw (outside its "printable" set); JSON leaves some of them be.
_YAML_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML once unprintables are escaped)."""
    quoted = json.dumps(" ".join(text.split()), ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) links survive; the validator refuses the rest, this is the second lock."""
    return url if url and is_safe_absolute(url) else None


class _Sanitize(markdown.treeprocessors.Treeprocessor):
    """Drop images, and any link that is not http(s) or a relative path."""

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    _remove_keeping_tail(parent, child)
                elif child.tag == "a":
                    href = browser_form(child.get("href", ""))  # what a browser would follow
                    title = child.get("title")
                    child.attrib.clear()
                    if is_safe_link(href):
                        child.set("href", href)
                    if title:
                        child.set("title", title)


def _remove_keeping_tail(parent: ET.Element, child: ET.Element) -> None:
    tail = child.tail or ""
    index = list(parent).index(child)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(child)


class _SanitizeExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_Sanitize(md), "survey-sanitize", 0)
        # No raw HTML from data: the preprocessor that would pass it through is removed.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def summary_html(text: str) -> str:
    """A node summary (Markdown subset) as HTML, with no HTML or unsafe links from the data."""
    converter = markdown.Markdown(extensions=[_SanitizeExtension()], output_format="html")
    return converter.convert(text.replace("&", "&amp;").replace("<", "&lt;"))
