"""presslate's command line: thin click commands over ``presslate.i18n``."""

from __future__ import annotations
