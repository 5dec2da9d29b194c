"""A small article and its fr/he/ar catalogs, written into a workspace by the tests.

The article is built directly (fixed languages and ids) so golden files do
not depend on language detection; one test pulls a text file end to end.
"""

from __future__ import annotations

from pathlib import Path

from presslate.i18n.article import Article, Metadata, RawSegment, Segment, assign_ids
from presslate.i18n.catalog import save_po, set_machine, set_source_as_written
from presslate.i18n.edition import open_edition
from presslate.i18n.pull import save_article_and_template
from presslate.i18n.workspace import Workspace

SLUG = "harbour-strike"

SEGMENTS = [
    # kind, text, lang, attrs
    ("headline", "Dockworkers strike closes the harbour", "en", {}),
    ("standfirst", "Ships wait at anchor as talks over pay stall.", "en", {}),
    ("caption", "Les dockers en grève devant le port, lundi.", "fr", {"src": "images/harbour.jpg"}),
    ("body", "The harbour was closed on Monday after dockworkers walked out over pay, "
             "union leaders said.", "en", {}),
    ("body", "Talks between the union and the port authority are due to resume on Wednesday.",
     "en", {}),
]
HEADLINE, STANDFIRST, CAPTION, BODY1, BODY2 = (text for _, text, _, _ in SEGMENTS)

# locale -> msgid -> (state, msgstr); state: reviewed | machine | source | changed | untranslated
TRANSLATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        HEADLINE: ("reviewed", "La grève des dockers ferme le port"),
        STANDFIRST: ("reviewed",
                     "Les navires attendent au mouillage, les négociations salariales piétinent."),
        CAPTION: ("source", ""),
        BODY1: ("reviewed", "Le port a été fermé lundi après que les dockers ont cessé le travail "
                            "pour les salaires, selon les dirigeants syndicaux."),
        BODY2: ("machine", "Les négociations entre le syndicat et l’autorité portuaire doivent "
                           "reprendre mercredi."),
    },
    "he": {
        HEADLINE: ("reviewed", "שביתת הסוורים סוגרת את הנמל"),
        STANDFIRST: ("reviewed", "ספינות ממתינות בעוגן בזמן שהמשא ומתן על השכר נתקע."),
        CAPTION: ("machine", "סוורים שובתים מול הנמל, ביום שני."),
        BODY1: ("reviewed", "הנמל נסגר ביום שני לאחר שהסוורים פתחו בשביתה בשל השכר, כך מסרו ראשי האיגוד."),
        BODY2: ("untranslated", ""),
    },
    "ar": {
        HEADLINE: ("reviewed", "إضراب عمال الموانئ يغلق الميناء"),
        STANDFIRST: ("untranslated", ""),
        CAPTION: ("reviewed", "عمال الموانئ المضربون أمام الميناء يوم الاثنين."),
        BODY1: ("reviewed", "أُغلق الميناء يوم الاثنين بعد أن أضرب عمال الموانئ احتجاجًا على الأجور، "
                            "بحسب قادة النقابة."),
        BODY2: ("changed", "من المقرر أن تُستأنف المحادثات بين النقابة وسلطة الميناء يوم الأربعاء."),
    },
}

MT_NOTES = {
    "fr": "argos en→fr translate-en_fr-1.9",
    "he": "argos fr→en→he translate-fr_en-1.9 + translate-en_he-1.9",
}


def build_article(meta: Metadata | None = None,
                  segments: list[tuple[str, str, str, dict[str, str]]] | None = None) -> Article:
    rows = segments if segments is not None else SEGMENTS
    raw = [RawSegment(kind, text, attrs=attrs) for kind, text, _, attrs in rows]
    segs = tuple(
        Segment(id=seg_id, kind=r.kind, text=r.text, lang=lang, confidence=1.0,
                lang_source="declared", attrs=dict(r.attrs))
        for (seg_id, r), (_, _, lang, _) in zip(assign_ids(raw), rows, strict=True)
    )
    meta = meta or Metadata(
        slug=SLUG, title=HEADLINE, site="Example Daily", url="https://example.org/news/harbour-strike",
        author="Maria Lopez", published="2024-03-05T09:30:00+01:00", lang="en",
        source="harbour-strike.txt", format="text",
    )
    return Article(meta=meta, segments=segs)


def write_workspace(root: Path, article: Article | None = None,
                    translations: dict[str, dict[str, tuple[str, str]]] | None = None) -> Workspace:
    """Write the article's record, template and catalogs into the workspace at ``root``."""
    ws = Workspace.open(root)
    article = article or build_article()
    save_article_and_template(ws, article)
    for locale, entries in (TRANSLATIONS if translations is None else translations).items():
        write_catalog(ws, article.slug, locale, entries)
    return ws


def write_catalog(ws: Workspace, slug: str, locale: str, entries: dict[str, tuple[str, str]]) -> None:
    po = open_edition(ws, slug, locale, create=True).catalog
    po.metadata["POT-Creation-Date"] = po.metadata["PO-Revision-Date"] = "2024-03-05 10:00+0000"
    for entry in po:
        state, text = entries.get(entry.msgid, ("untranslated", ""))
        if state == "reviewed":
            entry.msgstr = text
        elif state == "machine":
            set_machine(entry, text, MT_NOTES.get(locale, "argos"))
        elif state == "source":
            set_source_as_written(entry)
        elif state == "changed":
            entry.msgstr = text
            entry.flags.append("fuzzy")
            entry.previous_msgid = entry.msgid.replace("Wednesday", "Tuesday")
    save_po(ws.catalog_path(slug, locale), po)
