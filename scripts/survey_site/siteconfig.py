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
    extra = config.get("extra") or {}
    # Off unless a maintainer writes exactly `true`: readers see only curated works by default.
    return SiteConfig(name=config["site_name"], url=url, show_suggestions=extra.get("show_suggestions") is True)


class SiteConfigError(Exception):
    """mkdocs.yml is missing or MkDocs refuses it."""


def load_site_config(root: Path) -> SiteConfig:
    """For the standalone CLI: let MkDocs itself parse mkdocs.yml (it has tags we must not guess at)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not (root / "mkdocs.yml").is_file() or (root / "mkdocs.yml").is_symlink():
        raise SiteConfigError(f"no mkdocs.yml in {root}: run the command from the project folder, or give --root")
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"))
    except ConfigurationError as exc:
        raise SiteConfigError(f"mkdocs.yml: {exc}") from None
    return site_from_mkdocs(config)
