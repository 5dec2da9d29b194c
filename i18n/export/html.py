"""HTML export and the shared jinja2 environment (autoescaped: translations are untrusted text).

A user template (``--template FILE``) is a jinja2 template rendered with the
same context as the built-in one (``doc``: a
:class:`~presslate.i18n.export.localize.LocalizedArticle`); it can extend the
built-in template as ``presslate/article.html`` and replace its blocks.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import ExportError
from .localize import LocalizedArticle


@functools.lru_cache(maxsize=16)
def environment(user_dir: Path | None = None) -> Any:
    """A jinja2 environment: HTML autoescape, strict undefined, built-ins under ``presslate/``.

    One per folder for the whole process, so each template is compiled once (jinja2 reloads
    one whose file changed), not once per exported article; and the compiled code is kept
    between processes in jinja2's own per-user cache (a private folder in the temporary
    directory, keyed by the template's name and a checksum of its text, so it is never
    stale): a cold ``review`` or ``export`` does not compile the built-in template again."""
    import jinja2

    builtin = jinja2.PackageLoader("presslate.i18n", "templates")
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"presslate": builtin})]
    if user_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(user_dir)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> Any:
    import jinja2

    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable private folder: compile each time
        return None


def render_template(name: str, context: dict[str, Any], *, template: Path | None = None) -> str:
    """Render the built-in ``name``, or the user's ``template`` file, with ``context``."""
    import jinja2

    try:
        if template is None:
            return str(environment().get_template(f"presslate/{name}").render(**context))
        if not template.is_file():
            raise ExportError("no such template file", path=template)
        env = environment(template.resolve().parent)
        return str(env.get_template(template.name).render(**context))
    except jinja2.TemplateSyntaxError as exc:
        raise ExportError(f"template error: {exc.message}", path=exc.filename or template,
                          line=exc.lineno, hint="fix the template (jinja2 syntax)") from exc
    except jinja2.TemplateError as exc:
        raise ExportError(f"template error: {exc}", path=template,
                          hint="the template uses a name the export does not provide; "
                               "see i18n/templates/article.html in presslate") from exc
    except UnicodeDecodeError as exc:
        raise ExportError("the template is not UTF-8 text", path=template) from exc


def render_html(doc: LocalizedArticle, *, template: Path | None = None) -> str:
    """A complete HTML5 document for ``doc``."""
    return render_template("article.html", {"doc": doc}, template=template)
