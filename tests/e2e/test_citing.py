"""'Cite this section' credits the site for its pages and points to the survey separately."""

from __future__ import annotations

import bibtexparser
import pytest
from playwright.sync_api import expect

from survey_site.siteconfig import load_site_config

from .test_journeys import PAPER_KEY, ROOT, TOPIC_ID, topic_titles

pytestmark = pytest.mark.e2e


def test_section_citation_names_the_site_the_survey_and_the_day_read(open_page, viewport: str) -> None:
    page = open_page(f"topics/{TOPIC_ID}/")
    box = page.locator(".sv-cite").first
    bibtex = box.locator("code.sv-cite-bibtex")
    expect(bibtex).to_contain_text("urldate")
    today = page.evaluate(
        "() => { const d = new Date(); const p = n => String(n).padStart(2, '0');"
        " return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"
    )
    site_name = load_site_config(ROOT).name

    library = bibtexparser.parse_string(bibtex.inner_text())
    assert len(library.entries) == 1 and not library.failed_blocks, bibtex.inner_text()
    fields = {f.key: str(f.value) for f in library.entries[0].fields}
    assert fields["author"] == f"{{{site_name}}}", fields  # a corporate author, not the survey's authors
    assert topic_titles()[TOPIC_ID] in fields["title"]
    assert "arXiv:2309.15025" in fields["howpublished"], fields
    assert fields["urldate"] == today and fields["url"].endswith(f"/topics/{TOPIC_ID}/"), fields

    plain = box.locator("code.sv-cite-plain").first.inner_text()
    assert plain.startswith(site_name) and plain.rstrip().endswith(f"Accessed {today}."), plain

    survey = bibtexparser.parse_string(box.locator("code.sv-survey-bibtex").inner_text())
    assert [e.key for e in survey.entries] == ["shen2023alignment"]
    assert survey.entries[0].fields_dict["author"].value.startswith("Shen, Tianhao")

    # What the copy button puts on the clipboard is the text with the day in it.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    block = box.locator("pre:has(> code.sv-cite-bibtex)")
    if viewport == "desktop":
        block.hover()
    block.locator('button.md-clipboard, button.md-code__button[data-md-type="copy"]').click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert f"urldate = {{{today}}}" in copied, copied


# For each citation box: how far its text runs past the box, and whether any word sits under the copy button.
CITE_BOX_LAYOUT = """() => Array.from(document.querySelectorAll('.sv-cite pre')).map(pre => {
  const code = pre.querySelector('code');
  const button = pre.querySelector('button');
  const covered = [];
  if (button && button.offsetParent) {
    const b = button.getBoundingClientRect();
    const text = code.firstChild;
    for (const word of text.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      for (const r of range.getClientRects()) {
        if (r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) covered.push(word[0]);
      }
    }
  }
  return {box: code.className, overflow: code.scrollWidth - code.clientWidth, covered: covered};
})"""


@pytest.mark.parametrize("path", ["papers/{paper}/", "topics/{topic}/"], ids=["paper", "topic"])
def test_cite_boxes_wrap_and_the_copy_button_covers_no_word(open_page, viewport: str, path: str) -> None:
    page = open_page(path.format(paper=PAPER_KEY, topic=TOPIC_ID))
    page.locator("#cite").scroll_into_view_if_needed()
    if viewport == "desktop":
        page.locator(".sv-cite pre").first.hover()  # where Material shows the button
    boxes = page.evaluate(CITE_BOX_LAYOUT)
    assert len(boxes) >= 3, boxes
    for box in boxes:
        assert box["overflow"] <= 1, f"{box['box']} scrolls sideways by {box['overflow']} px"
        assert not box["covered"], f"the copy button covers {box['covered'][:3]} in {box['box']}"
