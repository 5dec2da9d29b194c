"""Facts presslate reads from CLDR through Babel, kept between runs in the user's cache folder.

Babel keeps each locale's CLDR data in one pickle holding everything about it (calendars,
currencies, the names of every language...). Reading it costs 5-15 ms per locale, and the
first one imports Babel's date machinery: for a ``check`` of a few catalogs that is a fifth of
the run. The checks need a handful of small facts from it (number symbols, month and day
names, a locale code's canonical form), the same for as long as the same Babel is installed.

:func:`kept_fact` keeps such a function's answers in ``$XDG_CACHE_HOME/presslate/
cldr-facts.json`` (``~/.cache`` when unset), as compiled Python modules are kept: they are
valid for the installed Babel (its files' sizes and modification times) and for the
function's own code and module file (a changed function, or a changed table it reads,
starts afresh), and the file only saves time: a missing, damaged or unwritable one changes no
answer.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .files import installed_files, replace_unsynced, user_cache_dir

FILE_NAME = "cldr-facts.json"
_FORMAT = 1
LIMIT = 2_000  # answers kept per function (a locale code is one of about a thousand)

T = TypeVar("T")


class _Store:
    """The facts file, read once per process when first asked."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.version = ""
        self.facts: dict[str, dict[str, list[Any]]] | None = None
        self.changed = False
        self._registered = False

    def load(self) -> dict[str, dict[str, list[Any]]]:
        if self.facts is None:
            folder = user_cache_dir()
            self.path = folder / FILE_NAME if folder is not None else None
            babel = installed_files(("babel",), extra=("global.dat", "locale-data"))
            self.version = f"{_FORMAT}; babel {babel}"
            self.facts = {}
            if self.path is not None:
                with contextlib.suppress(OSError, ValueError):
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(data, dict) and data.get("version") == self.version \
                            and isinstance(data.get("facts"), dict):
                        self.facts = {k: v for k, v in data["facts"].items() if isinstance(v, dict)}
        return self.facts

    def save(self) -> None:
        """Write the file (a temporary file renamed over it: a reader sees a whole file). No
        fsync: a file lost in a crash is only computed again."""
        if self.path is None or self.facts is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_unsynced(self.path, json.dumps({"version": self.version, "facts": self.facts},
                                                   ensure_ascii=False, separators=(",", ":")))

    def add(self, name: str, arg: str, value: Any) -> None:
        """Keep an answer; the file is written once, when the process ends (a run that asks
        for many facts writes it once, not once per fact)."""
        if self.facts is None:
            return
        answers = self.facts.setdefault(name, {})
        if len(answers) >= LIMIT:
            return
        answers[arg] = [_plain(value)]
        self.changed = True
        if not self._registered:
            self._registered = True
            atexit.register(self.flush)

    def flush(self) -> None:
        if self.changed:
            self.changed = False
            self.save()

    def reset(self) -> None:
        """Forget what was read (tests: another cache folder, another Babel)."""
        self.flush()
        self.path, self.version, self.facts = None, "", None


store = _Store()
_kept: list[Any] = []  # every function kept, for :func:`forget`


def forget() -> None:
    """Forget, in this process, every fact read or computed (after writing the new ones): the
    next question reads the cache folder again (tests: another folder, another Babel)."""
    store.reset()
    for kept in _kept:
        kept.cache_clear()


def _code_digest(code: types.CodeType, h: Any) -> None:
    h.update(code.co_code)
    h.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_digest(const, h)
        else:
            h.update(repr(const).encode())


def _plain(value: Any) -> Any:
    """A fact as JSON: sets sorted into lists, tuples as lists."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def kept_fact(decode: Callable[[Any], T]) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Keep the answers of a function of one text argument (a locale code) that reads only
    CLDR data through Babel, in this process and in the user's cache folder. ``decode`` turns
    the JSON form of an answer back into the function's type (``tuple``, ``frozenset``...)."""

    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        h = hashlib.blake2b(digest_size=8)
        _code_digest(function.__code__, h)
        with contextlib.suppress(OSError):  # its module's file: the tables it reads change with it
            st = os.stat(function.__code__.co_filename)
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
        name = f"{function.__module__}.{function.__qualname__}:{h.hexdigest()}"

        @functools.cache
        def kept(arg: str) -> T:
            facts = store.load()
            found = facts.get(name, {}).get(arg)
            if isinstance(found, list) and len(found) == 1:
                with contextlib.suppress(TypeError, ValueError):
                    return decode(found[0])
            value = function(arg)
            store.add(name, arg, value)
            return value

        functools.update_wrapper(kept, function)  # its name and text; __wrapped__: the function
        _kept.append(kept)
        return kept

    return wrap


def optional_text(value: Any) -> str | None:
    """Decode a fact that is a text or nothing."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(value)


def text_pair(value: Any) -> tuple[str, str]:
    """Decode a fact that is a pair of texts."""
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise TypeError(value)
    return value[0], value[1]


def text_set(value: Any) -> frozenset[str]:
    """Decode a fact that is a set of texts."""
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise TypeError(value)
    return frozenset(value)
