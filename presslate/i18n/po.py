"""Reading and writing PO/POT text, streams in and strings out.

``parse_po`` turns text into a :class:`polib.POFile`, reporting syntax errors
with the file and line; ``format_po`` writes one as text in a stable form.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import CatalogError

WRAP_WIDTH = 79


def parse_po(text: str, *, path: str = "<catalog>") -> Any:
    """Parse PO/POT text with polib; a syntax error names the file and line."""
    import polib

    try:
        return polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
        raise CatalogError(
            f"malformed catalog: {message}", path=path, line=line,
            hint="fix the file by hand (msgfmt --check FILE shows the problem); it was left untouched",
        ) from exc


def format_po(catalog: Any) -> str:
    """The catalog as PO text, wrapped at 79 columns like GNU msgcat."""
    catalog.wrapwidth = WRAP_WIDTH
    text = str(catalog.__unicode__())
    return text if text.endswith("\n") else text + "\n"
