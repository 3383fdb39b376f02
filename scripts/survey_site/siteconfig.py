"""Read the site's identity (name, URL, repository) from mkdocs.yml, its one home."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import SiteConfig


def site_from_mkdocs(config: Any) -> SiteConfig:
    """From a loaded MkDocs config (the hook's) or anything with the same keys."""
    url = config["site_url"] or ""
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(name=config["site_name"], url=url, repo_url=config.get("repo_url"), edit_uri=config.get("edit_uri"))


def load_site_config(root: Path) -> SiteConfig:
    """For the standalone CLI: let MkDocs itself parse mkdocs.yml (it has tags we must not guess at)."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"))
    return site_from_mkdocs(config)
