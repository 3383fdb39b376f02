"""The theme's floor: what MkDocs + Material cost for a site of the same shape, with none of ours.

    python -m benchmarks.floor --project DIR --out FLOOR

`DIR` is a project whose docs/ the generator has filled (the synthetic site after a build).
FLOOR gets the same mkdocs.yml without our hook and without our theme overrides, the nav
resolved as the hook resolves it (the taxonomy in place of "Topics"), the same non-page files
(assets, downloads, feeds, redirects), and for every Markdown page, whatever the generator emits
(papers, topics, authors, index pages) and the hand-written ones, a plain Markdown page of the
same size in bytes: a title and paragraphs of words, no HTML. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

NAV_FILE = ".site-nav.json"
WORDS = (
    "alignment",
    "reward",
    "model",
    "preference",
    "feedback",
    "policy",
    "human",
    "oversight",
    "honesty",
    "harmless",
    "helpful",
    "evaluation",
    "benchmark",
    "language",
    "agent",
    "value",
    "learning",
    "safety",
    "robustness",
    "interpretability",
    "scalable",
    "debate",
    "instruction",
    "tuning",
    "red",
    "teaming",
    "jailbreak",
    "fairness",
    "bias",
    "toxicity",
    "calibration",
    "uncertainty",
    "deception",
    "specification",
)


def plain_page(title: str, size: int) -> str:
    """A heading and paragraphs of words, `size` bytes in all (ASCII, so characters are bytes)."""
    text = f"# {title}\n\n"
    paragraph: list[str] = []
    index = 0
    while len(text) < size:
        paragraph.append(WORDS[index % len(WORDS)])
        index += 7  # a prime stride: varied text, still deterministic
        if len(paragraph) == 60:
            text += " ".join(paragraph) + ".\n\n"
            paragraph = []
        elif len(text) + len(" ".join(paragraph)) >= size:
            break
    text += " ".join(paragraph)
    return text[:size].rstrip() + "\n"


def floor_config(project: Path) -> dict[str, object]:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)  # our data folders; nothing to watch here
    config["theme"].pop("custom_dir", None)
    generated = json.loads((project / "docs" / NAV_FILE).read_text(encoding="utf-8"))
    topics = generated["nav"][0]
    config["nav"] = [topics if isinstance(item, dict) and list(item) == ["Topics"] else item for item in config["nav"]]
    return config


def make_floor(project: Path, out: Path) -> dict[str, int]:
    """Write the floor site into `out` (replaced); the counts of pages and bytes it holds."""
    shutil.rmtree(out, ignore_errors=True)
    docs = project / "docs"
    pages = page_bytes = 0
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if not path.is_file() or rel.parts[0] == "overrides" or rel.name.startswith("."):
            continue
        target = out / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            size = path.stat().st_size
            target.write_text(plain_page(f"Page {pages}", size), encoding="utf-8")
            pages += 1
            page_bytes += size
        else:
            shutil.copyfile(path, target)
    config = floor_config(project)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {"pages": pages, "page_bytes": page_bytes}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(make_floor(args.project, args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
