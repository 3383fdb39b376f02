# MkDocs loads hook files by path, so this shim re-exports the package's hook.
from survey_site.mkdocs_hook import on_config, on_page_markdown, on_post_build, on_post_page, on_post_template  # noqa: F401
