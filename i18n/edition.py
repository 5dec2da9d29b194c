"""A locale catalog measured against its article's template: what one edition holds.

The template (``<slug>.pot``, written together with the article's record) is
the truth of which segments an edition must contain. Status, check, the
publishing gate, compile, export, XLIFF and translate all see a catalog
*aligned* with it:

- the template's entries in its order, with the catalog's translations, by GNU
  msgmerge's rules (:func:`presslate.i18n.merge.merge_catalogs`): an entry the
  catalog lacks (deleted, or the file emptied) is untranslated; a translated
  entry the template no longer has is obsolete (``#~``), kept but no part of
  the edition; flags a translator set on an entry (``presslate-no-numbers``)
  stay with it;
- presslate's notes for the translator (glossary terms, close translation-memory
  matches: :mod:`presslate.i18n.notes`) stay on an entry whose source is unchanged;
- text used as written follows its source: an entry used as written whose
  segment is in the catalog's language holds the segment's current text (not
  fuzzy); one whose segment is no longer in the catalog's language is
  untranslated again (its text was a copy of the source, nobody's
  translation); an untranslated or machine-filled entry whose segment is in
  the catalog's language is used as written. A person's text (a reviewed
  translation, a draft, an entry used as written that someone edited) is
  never replaced;
- an approval survives a source that changes and changes back: a reviewed
  entry made fuzzy by a change of its source keeps a fingerprint of what was
  approved (``# presslate-approved: ...``); when the source is that text again
  and the translation is still the one approved, the entry is reviewed again.

``translate``, ``pull`` and ``segment`` save aligned catalogs; the other
commands only read them. A catalog whose template is missing, or does not hold
the segments of the article's record, is an error: nothing is measured against
a template that cannot be trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .article import Article
from .catalog import (
    MACHINE,
    REVIEWED,
    UNTRANSLATED,
    approval_holds,
    clear_as_written,
    drop_approval_note,
    entry_state,
    has_approval_note,
    header_for,
    load_po,
    locale_header,
    marked_as_written,
    new_catalog,
    note_approval,
    set_source_as_written,
    translation_text,
)
from .errors import CatalogError, WorkspaceError
from .locales import language_part, parse_locale
from .merge import MergeStats, has_translation, key_of, merge_catalogs
from .notes import keep_notes
from .template import entry_key, segment_language
from .workspace import Workspace

Key = tuple[str | None, str]


@dataclass(frozen=True)
class Alignment:
    """What aligning a catalog with its template changed (entries of the result)."""

    merge: MergeStats = field(default_factory=MergeStats)  # fuzzy/new: as left after following
    missing: int = 0  # template entries the catalog lacked (added untranslated, or as written)
    followed: int = 0  # used as written, given the segment's new text
    unwritten: int = 0  # no longer in the catalog's language: untranslated again
    as_written: int = 0  # now in the catalog's language: used as written
    restored: int = 0  # source back to the text a person approved, translation unchanged

    def __add__(self, other: Alignment) -> Alignment:
        return Alignment(self.merge + other.merge, self.missing + other.missing,
                         self.followed + other.followed, self.unwritten + other.unwritten,
                         self.as_written + other.as_written, self.restored + other.restored)


@dataclass(frozen=True)
class Edition:
    """One article's catalog in one locale, aligned with the template."""

    slug: str
    locale: str
    path: Path
    catalog: Any  # polib.POFile
    alignment: Alignment
    missing: frozenset[Key] = frozenset()  # template entries not in the catalog file
    created: bool = False  # no catalog file yet: made from the template
    # Aligning changed the catalog read from the file (``track``; else always True).
    changed: bool = True
    # ``track``: the file's reviewed entries (source, translation), in order, when aligning
    # changed them (else None: the catalog holds the same).
    reviewed_on_disk: tuple[tuple[str, str], ...] | None = None


def align_catalog(catalog: Any, template: Any, locale: str, *,
                  slug: str = "") -> tuple[Any, Alignment, frozenset[Key]]:
    """``catalog`` measured against ``template`` (see the module's documentation).

    Returns the aligned catalog (a new object), what changed, and the keys of
    the template's entries the catalog lacked.
    """
    old = {key_of(e): e for e in catalog if not e.obsolete and e.msgid}
    known = set(old) | {key_of(e) for e in catalog if e.obsolete}
    merged, stats = merge_catalogs(catalog, template)
    if not catalog.metadata:  # an empty file, or one without a header entry
        merged.header = locale_header(template.header, locale)
        merged.metadata = header_for(locale, slug or template.metadata.get("Project-Id-Version", ""),
                                     now=template.metadata.get("POT-Creation-Date"))
    source_lang = template.metadata.get("X-Presslate-Source-Language")
    if source_lang:
        merged.metadata["X-Presslate-Source-Language"] = source_lang
    target = language_part(locale)
    default = language_part(source_lang or "")
    missing: set[Key] = set()
    followed = unwritten = as_written = restored = 0
    for entry in merged:
        if entry.obsolete or not entry.msgid:
            continue
        key = key_of(entry)
        before = old.get(key)
        if before is None:
            missing.add(key)
        else:  # the same entry: its line in the file, and the flags a translator set
            entry.linenum = before.linenum
            entry.flags.extend(f for f in before.flags if f not in entry.flags)
            keep_notes(before, entry)  # presslate's notes for the translator, same source
        same = language_part(segment_language(entry, default)) == target
        if marked_as_written(entry) and entry.msgstr in ("", entry.msgid, entry.previous_msgid):
            if not same:
                clear_as_written(entry)
                unwritten += 1
            elif entry.msgstr != entry.msgid or entry.previous_msgid is not None:
                # An older copy of the source (a fuzzy flag a person set on the current text
                # stays theirs).
                set_source_as_written(entry)
                followed += 1
        elif same and entry_state(entry) in (UNTRANSLATED, MACHINE):
            set_source_as_written(entry)
            as_written += 1
        elif "fuzzy" not in entry.flags:
            if has_approval_note(entry):  # approved again since the source changed
                drop_approval_note(entry)
        elif approval_holds(entry):
            restore_approval(entry)
            restored += 1
        else:
            note_approval_of_prior(entry, old)
    unmatched = [e for e in merged if not e.obsolete and e.msgid and key_of(e) not in known]
    stats = replace(stats, fuzzy=sum("fuzzy" in e.flags for e in unmatched),
                    new=sum(not e.msgstr for e in unmatched))
    alignment = Alignment(stats, len(missing), followed, unwritten, as_written, restored)
    return merged, alignment, frozenset(missing)


def restore_approval(entry: Any) -> None:
    """The source is back to the text a person approved this very translation for."""
    entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    drop_approval_note(entry)


def note_approval_of_prior(entry: Any, old: dict[Key, Any]) -> None:
    """A fuzzy entry whose translation a person approved for its previous source (the reviewed
    entry the merge matched, same translation) keeps a fingerprint of that approval."""
    if entry.previous_msgid is None:
        return
    prior = old.get((entry.previous_msgctxt, entry.previous_msgid))
    if (prior is not None and "fuzzy" not in prior.flags and has_translation(prior)
            and translation_text(prior) == translation_text(entry)
            and not (prior.msgstr == prior.msgid and marked_as_written(prior))):
        note_approval(entry, prior.msgctxt, prior.msgid)


def article_template(ws: Workspace, slug: str, *, record: Article | None = None) -> Any:
    """The template of ``slug``, checked against the article's record.

    A missing template, or one that does not hold the record's segments
    (emptied, cut short, edited by hand), raises: an edition is never measured
    against it. ``record``: the article's record when the caller has read it already.
    """
    return template_and_record(ws, slug, record=record)[0]


def template_and_record(ws: Workspace, slug: str, *,
                        record: Article | None = None) -> tuple[Any, Article | None]:
    """:func:`article_template`, and the article's record it was checked against (``None``
    when the workspace has no record for ``slug``), read once for callers that need both."""
    path = ws.template_path(slug)
    hint = (f"pull the article again (presslate pull SOURCE --slug {slug}), "
            f"or restore {path.name} from version control")
    if not path.is_file():
        raise WorkspaceError(f"no template for {slug!r}: the catalogs cannot be measured",
                             path=path, hint=hint)
    template = load_po(path)
    if record is None and ws.has_article(slug):
        record = ws.load_article(slug)
    if record is not None:
        expected: set[Key] = {entry_key(seg) for seg in record.included}
        found = {key_of(e) for e in template if not e.obsolete and e.msgid}
        if expected != found:
            lacking, extra = len(expected - found), len(found - expected)
            detail = ", ".join(part for part in (
                f"{lacking} of the article's {len(expected)} segments missing" if lacking else "",
                f"{extra} entries not in the article" if extra else "") if part)
            raise CatalogError(f"the template does not match the article's record ({detail})",
                               path=path, hint=hint)
    return template, record


def open_edition(ws: Workspace, slug: str, locale: str, *, create: bool = False,
                 template: Any = None, record: Article | None = None,
                 track: bool = False) -> Edition:
    """The catalog of ``slug`` in ``locale`` aligned with the template.

    A missing catalog raises, unless ``create``: then it is made from the
    template (not saved). ``template``, ``record``: the article's, when the caller
    has read them already. ``track``: tell whether aligning changed anything
    (:attr:`Edition.changed`), so an unchanged catalog need not be formatted again.
    """
    locale = parse_locale(locale)
    path = ws.catalog_path(slug, locale)
    template = template if template is not None else article_template(ws, slug, record=record)
    if not path.is_file():
        if not create:
            raise WorkspaceError(f"no {locale} catalog for {slug!r}", path=path,
                                 hint=f"run presslate translate {slug} --to {locale}")
        fresh = new_catalog(template, locale, slug)
        catalog, alignment, _ = align_catalog(fresh, template, locale, slug=slug)
        return Edition(slug, locale, path, catalog, alignment, created=True)
    original = load_po(path)
    catalog, alignment, missing = align_catalog(original, template, locale, slug=slug)
    if not track:
        return Edition(slug, locale, path, catalog, alignment, missing)
    if catalog_state(catalog) == catalog_state(original):
        return Edition(slug, locale, path, catalog, alignment, missing, changed=False)
    before = reviewed_entries(original)
    return Edition(slug, locale, path, catalog, alignment, missing,
                   reviewed_on_disk=before if before != reviewed_entries(catalog) else None)


# Attributes of a polib catalog that never reach its text (the declared charset names the
# charset in an error message only).
_UNWRITTEN = frozenset({"fpath", "wrapwidth", "check_for_duplicates", "_presslate_charset"})


def catalog_state(catalog: Any) -> list[Any]:
    """Everything of ``catalog`` that its text is made from, comparable with ``==``: two equal
    states format to the same bytes (attributes compared whole, so any difference counts)."""
    head = sorted((name, list(value.items()) if isinstance(value, dict) else value)
                  for name, value in vars(catalog).items() if name not in _UNWRITTEN)
    return [head, *(vars(entry) for entry in catalog)]


def reviewed_entries(catalog: Any) -> tuple[tuple[str, str], ...]:
    """The (source, translation) of every live reviewed entry, in order (a translation memory's
    content)."""
    return tuple((e.msgid, e.msgstr) for e in catalog
                 if not e.obsolete and entry_state(e) == REVIEWED)


def load_locale_catalogs(ws: Workspace, slug: str) -> dict[str, Any]:
    """Every locale catalog of ``slug`` by locale, read (and checked) before anything is written."""
    return {locale: load_po(ws.catalog_path(slug, locale)) for locale in ws.locales(slug)}


def same_bytes(path: Path, data: bytes) -> bool:
    """The file already holds ``data`` (so saving it again would change nothing)."""
    try:
        return path.read_bytes() == data
    except OSError:
        return False
