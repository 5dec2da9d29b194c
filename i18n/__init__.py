"""The presslate library: one module or subpackage per stage of an article's flow.

readers -> langid -> template/catalogs -> engines -> qa -> export. Nothing here
prints or exits; errors are raised as :class:`presslate.i18n.errors.PresslateError`.
"""

from __future__ import annotations
