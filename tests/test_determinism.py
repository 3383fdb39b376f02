"""The same input builds the same site, byte for byte.

Only MkDocs' own sitemap may differ, and only in its build date (`<lastmod>`; the .gz also
stores a timestamp in its header). Everything we render has no clock in it.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATED = {"sitemap.xml", "sitemap.xml.gz"}


def build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def undated_sitemap(name: str, data: bytes) -> bytes:
    text = gzip.decompress(data) if name.endswith(".gz") else data
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", text)


@pytest.mark.slow
def test_two_builds_are_identical(tmp_path: Path) -> None:
    build(first := tmp_path / "first")
    build(second := tmp_path / "second")
    a, b = tree(first), tree(second)
    only_first, only_second = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    assert not only_first and not only_second, f"files in one build only: first {only_first}, second {only_second}"
    differ = sorted(name for name in a if a[name] != b[name])
    assert set(differ) <= DATED, f"{len(differ)} file(s) differ between two builds of the same input: {differ}"
    for name in differ:
        assert undated_sitemap(name, a[name]) == undated_sitemap(name, b[name]), (
            f"{name} differs beyond its <lastmod> dates"
        )
    assert len(a) > 100, f"suspiciously small site: {len(a)} files"
