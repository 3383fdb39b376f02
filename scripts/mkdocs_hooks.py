# MkDocs loads hook files by path, so this shim re-exports the package's hook.
from survey_site.mkdocs_hook import (  # noqa: F401
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_serve,
    on_startup,
)
