"""Quality checks on translations: small check functions, a runner, report renderers."""

from __future__ import annotations

from .checks import CHECK_NAMES, CHECKS, COMPLETENESS_CHECKS
from .model import ERROR, WARNING, Check, EntryContext, EntryRef, Finding
from .runner import CheckOptions, CheckReport, check_workspace

__all__ = [
    "CHECKS",
    "CHECK_NAMES",
    "COMPLETENESS_CHECKS",
    "ERROR",
    "WARNING",
    "Check",
    "CheckOptions",
    "CheckReport",
    "EntryContext",
    "EntryRef",
    "Finding",
    "check_workspace",
]
