"""The one exception tree of presslate.

Every error a user can cause derives from :class:`PresslateError` and carries
what the user needs to fix it. The CLI turns them into a message and an exit
code (see ``presslate.cli.main``); the library never exits.
"""

from __future__ import annotations

from pathlib import Path

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_PARTIAL = 3


class PresslateError(Exception):
    """Base of every error presslate raises on purpose.

    ``path`` and ``line`` locate the problem; ``hint`` says what to do.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ConfigError(PresslateError):
    """The workspace configuration is invalid (unknown key, bad value)."""


class SourceError(PresslateError):
    """An article source cannot be read: missing, binary, not decodable, no article in it."""


class SchemaError(SourceError):
    """A JSON source does not match the documented CMS-export schema."""


class LanguageError(PresslateError):
    """A language or locale code is unknown."""


class WorkspaceError(PresslateError):
    """The workspace is missing something (unknown slug, no catalog) or is locked."""


class LockError(WorkspaceError):
    """The workspace's lock cannot be opened (a folder this process cannot write)."""


class CatalogError(PresslateError):
    """A PO/POT file is malformed; the file is left untouched."""


class EngineError(PresslateError):
    """A translation engine failed or is missing for a language pair."""

    def __init__(
        self,
        message: str,
        *,
        pair: tuple[str, str] | None = None,
        path: str | Path | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, hint=hint)
        self.pair = pair


class ExportError(PresslateError):
    """An article cannot be exported (policy refuses, output not writable)."""


class ExportRefusedError(ExportError):
    """The ``refuse`` fallback policy: segments lack a reviewed translation (a failed check)."""

    exit_code = EXIT_CHECK_FAILED


class ApprovalRefusedError(PresslateError):
    """Entries to approve carry error-level QA findings (approve them with ``--force``)."""

    exit_code = EXIT_CHECK_FAILED
