"""The export formats' names and file extensions, apart from :mod:`presslate.i18n.export` so
that a command that only names them (``publish --format``, beside ``check`` in one module) does
not import the exporters."""

from __future__ import annotations

FORMATS = ("html", "md", "json", "txt", "ninjs", "wordpress", "ans")
EXTENSIONS = {"html": "html", "md": "md", "json": "json", "txt": "txt", "ninjs": "ninjs.json",
              "wordpress": "wp.json", "ans": "ans.json"}
