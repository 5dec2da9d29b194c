"""Argos Translate packages (``.argosmodel``): list, install, download, remove.

Installed packages are found with ``argostranslate.package`` in
``ARGOS_PACKAGES_DIR`` (Argos's own default otherwise). Installing checks the
archive first (a zip holding one folder with ``metadata.json``, a CTranslate2
``model/`` and ``sentencepiece.model``) and moves the unpacked folder into
place in one rename, so a bad archive never leaves half a package behind.
Downloading reads the Argos package index (``ARGOS_PACKAGE_INDEX``).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import EngineError
from .locales import language_part, parse_locale

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
REQUIRED_FILES = ("metadata.json", "model/model.bin", "model/config.json", "sentencepiece.model")
DOWNLOAD_TIMEOUT = 60.0
MAX_INDEX_BYTES = 10 * 1024 * 1024
MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class ArgosPackage:
    """An installed Argos package; ``problem`` says why it cannot be used ("" when it can)."""

    name: str
    source: str
    target: str
    version: str
    path: Path
    problem: str = ""


def packages_dir() -> Path:
    """Where Argos packages are installed: ``ARGOS_PACKAGES_DIR`` or Argos's default."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    data = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data / "argos-translate" / "packages"


def index_url() -> str:
    """The Argos package index: ``ARGOS_PACKAGE_INDEX`` (a folder URL or a .json URL)."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX)
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


def missing_files(folder: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]


def installed_packages(folder: Path | None = None) -> list[ArgosPackage]:
    """Every package folder in ``folder`` (default :func:`packages_dir`), broken ones included."""
    from argostranslate import package as argos_package

    root = folder or packages_dir()
    if not root.is_dir():
        return []
    found = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            pkg = argos_package.Package(sub)
        except (OSError, ValueError) as exc:
            found.append(ArgosPackage(sub.name, "", "", "", sub, problem=f"unreadable metadata: {exc}"))
            continue
        missing = missing_files(sub)
        problem = f"missing {', '.join(missing)}" if missing else ""
        if not problem and not (pkg.from_code and pkg.to_code):
            problem = "metadata.json names no from_code/to_code"
        found.append(ArgosPackage(
            sub.name, language_part(pkg.from_code or ""), language_part(pkg.to_code or ""),
            str(pkg.package_version or ""), sub, problem,
        ))
    return found


def _read_archive(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an .argosmodel archive; returns its top folder and metadata."""
    hint = "get a fresh copy of the package (presslate models download FROM TO)"
    if not path.is_file():
        raise EngineError("no such package file", path=path)
    if not zipfile.is_zipfile(path):
        raise EngineError("not an Argos package: the file is not a zip archive", path=path, hint=hint)
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n and not n.endswith("/")]
            bad = zf.testzip()
            if bad is not None:
                raise EngineError(f"corrupt Argos package: {bad} fails its checksum", path=path, hint=hint)
            tops = {PurePosixPath(n).parts[0] for n in names}
            if len(tops) != 1 or any(n.startswith("/") or ".." in PurePosixPath(n).parts for n in names):
                raise EngineError("not an Argos package: expected one folder at the top of the archive",
                                  path=path, hint=hint)
            top = tops.pop()
            present = {str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in names}
            missing = [f for f in REQUIRED_FILES if f not in present]
            if missing:
                raise EngineError(f"incomplete Argos package: missing {', '.join(missing)}",
                                  path=path, hint=hint)
            meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise EngineError(f"corrupt Argos package: {exc}", path=path, hint=hint) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(f"the package's metadata.json is not valid JSON: {exc}", path=path,
                          hint=hint) from exc
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise EngineError("the package's metadata.json names no from_code and to_code", path=path,
                          hint=hint)
    return top, meta


def install_package(path: Path, folder: Path | None = None) -> ArgosPackage:
    """Install an ``.argosmodel`` file; replaces an installed package of the same name."""
    top, meta = _read_archive(path)
    root = folder or packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    dest = root / top
    with tempfile.TemporaryDirectory(prefix=".install-", dir=root) as tmp:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(tmp)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise EngineError(f"corrupt Argos package: {exc}", path=path) from exc
        old = None
        if dest.exists():
            old = root / f".old-{top}"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(dest, old)
        os.replace(Path(tmp) / top, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return ArgosPackage(top, language_part(str(meta["from_code"])), language_part(str(meta["to_code"])),
                        str(meta.get("package_version", "")), dest)


def remove_package(name: str, folder: Path | None = None) -> ArgosPackage:
    """Remove an installed package by folder name, or by pair (``en_fr`` / ``en-fr``)."""
    packages = installed_packages(folder)
    pair = name.replace("-", "_").split("_")
    matches = [p for p in packages if p.name == name] or [
        p for p in packages if len(pair) == 2 and (p.source, p.target) == (pair[0], pair[1])
    ]
    if not matches:
        known = ", ".join(p.name for p in packages) or "none installed"
        raise EngineError(f"no installed Argos package {name!r}", hint=f"installed: {known}")
    for pkg in matches:
        shutil.rmtree(pkg.path)
    return matches[0]


def _fetch(url: str, max_bytes: int) -> bytes:
    """GET ``url`` over http(s) (see :func:`presslate.i18n.readers.fetch.http_get`)."""
    from .readers.fetch import http_get

    return http_get(url, timeout=DOWNLOAD_TIMEOUT, max_bytes=max_bytes,
                    user_agent="presslate").data


def download_package(source: str, target: str, folder: Path | None = None) -> ArgosPackage:
    """Download the newest ``source``→``target`` package from the Argos index and install it."""
    from .errors import SourceError
    from .readers.fetch import check_url

    for code in (source, target):
        parse_locale(code)
    src, tgt = language_part(source), language_part(target)
    url = index_url()
    try:
        check_url(url)
    except SourceError as exc:
        raise EngineError(
            f"ARGOS_PACKAGE_INDEX={os.environ.get('ARGOS_PACKAGE_INDEX', '')!r} is not a usable "
            f"URL ({url}): {exc.message}", pair=(src, tgt),
            hint="set ARGOS_PACKAGE_INDEX to an http(s) folder URL holding index.json, or to the "
                 "index's .json URL; or unset it to use the default index") from exc
    offline_hint = ("check the network (or set ARGOS_PACKAGE_INDEX to a reachable index); "
                    "or copy the .argosmodel here and run presslate models install FILE")
    try:
        index = json.loads(_fetch(url, MAX_INDEX_BYTES).decode("utf-8"))
    except SourceError as exc:
        raise EngineError(f"cannot reach the Argos package index {url}: {exc.message}",
                          pair=(src, tgt), hint=offline_hint) from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise EngineError(f"the Argos package index {url} is not valid JSON", pair=(src, tgt)) from exc
    if not isinstance(index, list):
        raise EngineError(f"the Argos package index {url} is not a list of packages", pair=(src, tgt))
    candidates = [m for m in index if isinstance(m, dict) and m.get("type", "translate") == "translate"
                  and language_part(str(m.get("from_code", ""))) == src
                  and language_part(str(m.get("to_code", ""))) == tgt]
    if not candidates:
        pairs = sorted({f"{m.get('from_code')}→{m.get('to_code')}" for m in index if isinstance(m, dict)})
        raise EngineError(f"the Argos index has no {src}→{tgt} package", pair=(src, tgt),
                          hint=f"pairs in the index: {', '.join(pairs[:30]) or 'none'}; "
                               "try a pivot (presslate engines shows the routes)")
    best = max(candidates, key=lambda m: _version_key(str(m.get("package_version", "0"))))
    links = [str(link) for link in best.get("links", []) if str(link).startswith(("http://", "https://"))]
    errors = []
    for link in links:
        try:
            data = _fetch(link, MAX_PACKAGE_BYTES)
        except SourceError as exc:
            errors.append(f"{link}: {exc.message}")
            continue
        with tempfile.TemporaryDirectory(prefix="presslate-download-") as tmp:
            file = Path(tmp) / f"{src}_{tgt}.argosmodel"
            file.write_bytes(data)
            return install_package(file, folder)
    raise EngineError(f"cannot download the {src}→{tgt} package: {'; '.join(errors) or 'no http(s) link'}",
                      pair=(src, tgt), hint=offline_hint)


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)

