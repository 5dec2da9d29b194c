"""Each check: what it catches, and what it must not flag."""

from __future__ import annotations

from dataclasses import replace

import pytest

from presslate.i18n.catalog import CHANGED, MACHINE, REVIEWED, SOURCE, UNTRANSLATED
from presslate.i18n.glossary import Term
from presslate.i18n.qa import checks as c
from presslate.i18n.qa.model import CheckFn, EntryContext

GLOSSARY = (
    Term("S-300", "", "", ""),
    Term("cabinet", "en", "fr", "conseil des ministres"),
    Term("Knesset", "en", "", ""),
)


def ctx(
    source: str,
    translation: str,
    src: str = "en",
    tgt: str = "fr",
    state: str = REVIEWED,
    ratio: float = 1.15,
    locale: str = "",
) -> EntryContext:
    return EntryContext(
        source=source,
        translation=translation,
        source_lang=src,
        target_lang=tgt,
        state=state,
        glossary=GLOSSARY,
        expected_ratio=ratio,
        provenance="apertium en-fr" if state == MACHINE else "",
        target_locale=locale,
    )


def unknown(context: EntryContext, *words: str) -> EntryContext:
    """``context`` whose ``# presslate-unknown:`` comment lists ``words``."""
    return replace(context, unknown=words)


def messages(fn: CheckFn, context: EntryContext) -> list[str]:
    return list(fn(context))


# (check, context, a word the message must contain)
CATCHES = [
    pytest.param(
        c.check_numbers, ctx("1,500 soldiers", "1,500 soldados", tgt="es"), "reads as 1.5 in es",
        id="numbers-copied-misread",
    ),
    pytest.param(
        c.check_numbers,
        ctx("62 000 visiteurs", "62 000 visitors", src="fr", tgt="en"),
        "62 000 (reads as 62 and 000 in en)",
        id="numbers-spaced-group-copied",
    ),
    pytest.param(
        c.check_numbers, ctx("It weighs 1.5 tonnes.", "Es wiegt 1.500 Tonnen.", tgt="de"), "1.5",
        id="numbers-decimal-as-german-thousands",
    ),
    pytest.param(
        c.check_untranslated, ctx("Hello.", "", state=UNTRANSLATED), "not translated", id="untranslated"
    ),
    pytest.param(c.check_fuzzy, ctx("Hello.", "Bonjour.", state=MACHINE), "apertium", id="fuzzy-machine"),
    pytest.param(
        c.check_fuzzy, ctx("Hello.", "Bonjour.", state=CHANGED), "a person's draft awaiting approval",
        id="fuzzy-draft",
    ),
    pytest.param(
        c.check_fuzzy,
        replace(ctx("Closed four times this year.", "Fermé trois fois cette année.", state=CHANGED),
                previous_source="Closed three times this year."),
        "source changed since this was translated (“three” → “four”)", id="fuzzy-changed",
    ),
    pytest.param(
        c.check_fuzzy,
        replace(ctx("Closed four times this year.", "Closed three times this year.", state=CHANGED),
                previous_source="Closed three times this year."),
        "the translation is its old text", id="fuzzy-changed-old-source-text",
    ),
    pytest.param(
        c.check_numbers,
        ctx("15 soldiers died.", "Quinze soldats sont morts."),
        "15",
        id="numbers-digits-as-words",
    ),
    pytest.param(
        c.check_numbers,
        ctx("Fifteen soldiers died.", "15 soldats sont morts."),
        "not in the source",
        id="numbers-words-as-digits",
    ),
    pytest.param(
        c.check_numbers,
        ctx("In 2018 it cost 3.5 million.", "En 2017, cela a coûté 3,5 millions."),
        "2018",
        id="numbers-year-changed",
    ),
    pytest.param(
        c.check_numbers,
        ctx("It cost 3.5 million.", "Cela a coûté 3 500 millions."),
        "3.5",
        id="numbers-decimal-read-as-thousands",
    ),
    pytest.param(
        c.check_numbers,
        ctx("On 17/09/2018 at 14:30.", "Le 17/09/2018 à 15h30."),
        "14",
        id="numbers-time-changed",
    ),
    pytest.param(
        c.check_numbers,
        ctx("jusqu'à 18 heures", "until 5pm", src="fr", tgt="en"),
        "18",
        id="numbers-12h-clock-wrong-hour",
    ),
    pytest.param(
        c.check_glossary,
        ctx("The cabinet met.", "Le cabinet s'est réuni."),
        "conseil des ministres",
        id="glossary",
    ),
    pytest.param(
        c.check_do_not_translate, ctx("The S-300 arrived.", "Le S 300 est arrivé."), "S-300", id="dnt-changed"
    ),
    pytest.param(
        c.check_do_not_translate, ctx("The Knesset voted.", "La knesset a voté."), "Knesset", id="dnt-case"
    ),
    pytest.param(
        c.check_named_entities,
        ctx("He met Vladimir Putin in Sochi.", "Il a rencontré le président à Moscou."),
        "Vladimir",
        id="names-dropped",
    ),
    pytest.param(
        c.check_target_language,
        ctx(
            "The minister said the talks had been productive.",
            "The minister said the talks had been productive.",
        ),
        "source language",
        id="language-echo",
    ),
    pytest.param(
        c.check_target_language,
        ctx(
            "The minister said the talks had been productive.",
            "El ministro dijo que las conversaciones habían sido productivas.",
        ),
        "reads as es",
        id="language-wrong",
    ),
    pytest.param(
        c.check_unchanged,
        ctx("The talks were productive.", "The talks were productive."),
        "unchanged",
        id="unchanged",
    ),
    pytest.param(
        c.check_punctuation,
        ctx("Will they meet?", "Vont-ils se rencontrer."),
        "'?'",
        id="punctuation-question",
    ),
    pytest.param(
        c.check_punctuation,
        ctx("They met.", "Ils se sont rencontrés"),
        "no punctuation",
        id="punctuation-dropped",
    ),
    pytest.param(
        c.check_brackets, ctx("The army (IDF) said.", "L'armée (Tsahal a dit."), "()", id="brackets-paren"
    ),
    pytest.param(
        c.check_brackets, ctx("“Soon,” he said.", "« Bientôt, a-t-il dit."), "« »", id="brackets-guillemet"
    ),
    pytest.param(
        c.check_brackets,
        ctx("“Soon,” he said.", "Bientôt, a-t-il dit."),
        "no quotation marks",
        id="brackets-quotes-dropped",
    ),
    pytest.param(
        c.check_urls,
        ctx("See https://example.org/a?b=1.", "Voir https://example.org/a."),
        "https://example.org/a?b=1",
        id="urls-url",
    ),
    pytest.param(
        c.check_urls,
        ctx("Write to desk@example.org.", "Écrivez à la rédaction."),
        "desk@example.org",
        id="urls-email",
    ),
    pytest.param(
        c.check_urls, ctx("Follow @i24NEWS_EN.", "Suivez i24NEWS_EN."), "@i24NEWS_EN", id="urls-handle"
    ),
    pytest.param(
        c.check_markup, ctx("Read <b>this</b> now.", "Lisez ceci maintenant."), "<b>", id="markup-tag"
    ),
    pytest.param(
        c.check_markup,
        ctx("%(count)d people.", "%(nombre)d personnes."),
        "%(count)d",
        id="markup-placeholder-renamed",
    ),
    pytest.param(c.check_markup, ctx("Hello {name}.", "Bonjour."), "{name}", id="markup-brace"),
    pytest.param(
        c.check_length_ratio,
        ctx(
            "The minister said the talks had been productive and would continue next week.",
            "Le ministre a dit.",
        ),
        "shorter",
        id="length-short",
    ),
    pytest.param(
        c.check_length_ratio,
        ctx(
            "The minister said the talks had been productive.",
            "Le ministre a déclaré que les pourparlers avaient été productifs, productifs, "
            "productifs, productifs, productifs, productifs, productifs, productifs.",
        ),
        "longer",
        id="length-long",
    ),
    pytest.param(
        c.check_artefacts,
        ctx("The plane was downed.", "L'avion a été *downed."),
        "*downed",
        id="artefacts-unknown",
    ),
    pytest.param(
        c.check_artefacts, ctx("They were coming.", "Ils #venir."), "#venir", id="artefacts-generation"
    ),
    pytest.param(
        c.check_artefacts, ctx("They were coming.", "Ils @venaient."), "@venaient", id="artefacts-transfer"
    ),
    pytest.param(c.check_artefacts, ctx("The plane.", "L' ⁇  avion."), "⁇", id="artefacts-unk"),
    pytest.param(
        c.check_artefacts,
        ctx("By Imogen Feltham · 14 July 2026", "Par Imogen Feltham *· 14 juillet 2026"),
        "*·",
        id="artefacts-unknown-symbol",
    ),
    pytest.param(
        c.check_repeated,
        ctx("He went to the city.", "Il est allé dans la la ville."),
        "'la'",
        id="repeated-word",
    ),
    pytest.param(
        c.check_repeated,
        ctx("He spoke.", "Il a parlé avec le président avec le président avec le président."),
        "avec le président",
        id="repeated-phrase",
    ),
    pytest.param(c.check_whitespace, ctx("Hello.", " Bonjour."), "leading", id="whitespace-leading"),
    pytest.param(c.check_whitespace, ctx("Hello.", "Bonjour. "), "trailing", id="whitespace-trailing"),
    pytest.param(
        c.check_whitespace, ctx("Hello there.", "Bonjour  à tous."), "doubled", id="whitespace-doubled"
    ),
    pytest.param(
        c.check_whitespace,
        ctx("“We were told,” he said.", "“ Nous avons été informés,” a-t-il dit."),
        "“ Nous",
        id="whitespace-inside-opening-quote",
    ),
    pytest.param(
        c.check_whitespace,
        ctx("“We were told,” he said.", "“Nos lo dijeron, ” dijo.", tgt="es"),
        "dijeron, ”",
        id="whitespace-inside-closing-quote",
    ),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("The downing of the jet was a snag.", "Le downing du jet était un snag."),
                         "downing", "snag"),
                 "'downing' is still in the translation", id="unknown-words-kept"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("Downing the jet was a mistake.", "Abattre le jet, le downing, fut une erreur."),
                         "Downing"),
                 "'Downing' is still", id="unknown-word-sentence-initial-common"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("It was a SNAG, a snag.", "C'était un SNAG."), "snag"),
                 "'snag'", id="unknown-word-any-case")
]


@pytest.mark.parametrize(("fn", "context", "needle"), CATCHES)
def test_check_catches(fn: CheckFn, context: EntryContext, needle: str) -> None:
    found = messages(fn, context)
    assert found, f"{fn.__name__} found nothing"
    assert any(needle in m for m in found), found


CLEAN = [
    pytest.param(
        c.check_numbers, ctx("1,500 soldiers", "1,500 soldados", tgt="es", locale="es_MX"),
        id="numbers-es-mx-comma-group",
    ),
    pytest.param(c.check_untranslated, ctx("Hello.", "Bonjour."), id="untranslated-done"),
    pytest.param(c.check_fuzzy, ctx("Hello.", "Bonjour."), id="fuzzy-reviewed"),
    pytest.param(c.check_numbers, ctx("1,000 people", "1 000 personnes"), id="numbers-fr-space"),
    pytest.param(
        c.check_numbers,
        ctx("jusqu'au mardi 17 mars à 18 heures", "until 6pm on Tuesday 17 March", src="fr", tgt="en"),
        id="numbers-24h-as-12h-clock",
    ),
    pytest.param(
        c.check_numbers, ctx("at 6.30 p.m.", "à 18 h 30", src="en", tgt="fr"), id="numbers-12h-as-24h",
    ),
    pytest.param(
        c.check_numbers, ctx("It began at 2am.", "Il a commencé à 02:00.", src="en", tgt="fr"),
        id="numbers-12h-as-whole-hour",
    ),
    pytest.param(c.check_numbers, ctx("1,000 people", "1\u202f000 personnes"), id="numbers-fr-nnbsp"),
    pytest.param(c.check_numbers, ctx("1,000 people", "1\u00a0000 personnes"), id="numbers-nbsp"),
    pytest.param(
        c.check_numbers, ctx("1,000,000 people", "1.000.000 Menschen", tgt="de"), id="numbers-de-dots"
    ),
    pytest.param(c.check_numbers, ctx("3.5%", "3,5 %"), id="numbers-decimal-comma"),
    pytest.param(c.check_numbers, ctx("1,500 francs", "1'500 Franken", tgt="de"), id="numbers-swiss"),
    pytest.param(
        c.check_numbers, ctx("On 09/17/2018.", "Le 17 septembre 2018."), id="numbers-date-month-word"
    ),
    pytest.param(c.check_numbers, ctx("On September 17, 2018.", "Le 17/09/2018."), id="numbers-date-numeric"),
    pytest.param(c.check_numbers, ctx("At 14:30.", "À 14h30."), id="numbers-time"),
    pytest.param(c.check_numbers, ctx("In 2018, 15 people.", "En 2018, 15 personnes."), id="numbers-list"),
    pytest.param(c.check_numbers, ctx("The S-300 and Il-20.", "Le S-300 et l'Il-20."), id="numbers-models"),
    pytest.param(
        c.check_glossary, ctx("The cabinet met.", "Le Conseil des ministres s'est réuni."), id="glossary-case"
    ),
    pytest.param(
        c.check_glossary,
        ctx("The cabinet met.", "El gabinete se reunió.", tgt="es"),
        id="glossary-other-pair",
    ),
    pytest.param(
        c.check_glossary, ctx("The cabinetmaker came.", "L'ébéniste est venu."), id="glossary-inside-word"
    ),
    pytest.param(c.check_do_not_translate, ctx("The S-300 arrived.", "Le S-300 est arrivé."), id="dnt-kept"),
    pytest.param(c.check_do_not_translate, ctx("Sochi.", "Sotchi."), id="dnt-absent"),
    pytest.param(
        c.check_named_entities,
        ctx(
            "Israeli Prime Minister Benjamin Netanyahu said Sunday that he and Russian "
            "President Vladimir Putin agreed to meet in Syria.",
            "Le Premier ministre israélien Benyamin Netanyahou a déclaré dimanche que lui et le "
            "président russe Vladimir Poutine avaient convenu de se rencontrer en Syrie.",
        ),
        id="names-transliterated",
    ),
    pytest.param(
        c.check_named_entities, ctx("Putin spoke.", "Путин выступил.", tgt="ru"), id="names-cyrillic"
    ),
    pytest.param(
        c.check_target_language,
        ctx(
            "The minister said the talks had been productive.",
            "Le ministre a déclaré que les pourparlers avaient été productifs.",
        ),
        id="language-ok",
    ),
    pytest.param(c.check_target_language, ctx("Vladimir Putin", "Vladimir Putin"), id="language-short"),
    pytest.param(
        c.check_target_language,
        ctx(
            "Le président russe Vladimir Poutine parle.",
            "Le président russe Vladimir Poutine parle.",
            src="fr",
            tgt="fr",
            state=SOURCE,
        ),
        id="language-source-as-written",
    ),
    pytest.param(c.check_unchanged, ctx("Vladimir Putin", "Vladimir Putin"), id="unchanged-names"),
    pytest.param(c.check_unchanged, ctx("S-300 2018", "S-300 2018"), id="unchanged-numbers"),
    pytest.param(
        c.check_unchanged,
        ctx("Le président russe.", "Le président russe.", src="fr", tgt="fr", state=SOURCE),
        id="unchanged-source-state",
    ),
    pytest.param(
        c.check_unchanged,
        ctx("Le président russe.", "Le président russe.", src="fr", tgt="fr"),
        id="unchanged-same-language",
    ),
    pytest.param(
        c.check_punctuation, ctx("Will they meet?", "Vont-ils se rencontrer ?"), id="punct-fr-space"
    ),
    pytest.param(
        c.check_punctuation, ctx("“Soon,” he said.", "« Bientôt », a-t-il dit."), id="punct-closing"
    ),
    pytest.param(c.check_punctuation, ctx("Will they meet?", "هل سيلتقيان؟", tgt="ar"), id="punct-arabic"),
    pytest.param(c.check_punctuation, ctx("They met.", "他们见面了。", tgt="zh"), id="punct-cjk"),
    pytest.param(c.check_punctuation, ctx("Wait...", "Attendez…"), id="punct-ellipsis"),
    pytest.param(c.check_brackets, ctx("“Soon,” he said.", "« Bientôt », a-t-il dit."), id="brackets-fr"),
    pytest.param(c.check_brackets, ctx("“Soon,” he said.", "„Bald“, sagte er.", tgt="de"), id="brackets-de"),
    pytest.param(c.check_brackets, ctx("1) first 2) second", "1) premier 2) second"), id="brackets-list"),
    pytest.param(
        c.check_urls, ctx("See https://example.org/a.", "Voir https://example.org/a."), id="urls-kept"
    ),
    pytest.param(
        c.check_urls, ctx("Email desk@example.org", "Courriel : desk@example.org"), id="urls-email-kept"
    ),
    pytest.param(c.check_markup, ctx("15% of people", "15 % des gens"), id="markup-percent"),
    pytest.param(c.check_markup, ctx("Read <b>this</b>.", "Lisez <b>ceci</b>."), id="markup-kept"),
    pytest.param(
        c.check_markup, ctx("Read <a href='x'>this</a>.", "<a href='x'>Lisez</a> ceci."), id="markup-moved"
    ),
    pytest.param(c.check_length_ratio, ctx("Yes.", "Oui, bien sûr, tout à fait."), id="length-short-source"),
    pytest.param(
        c.check_length_ratio,
        ctx("The minister said the talks had been productive.", "他说会谈很有成效。", tgt="zh", ratio=0.35),
        id="length-cjk",
    ),
    pytest.param(
        c.check_artefacts,
        ctx("Follow @presslate and #news.", "Suivez @presslate et #news."),
        id="artefacts-handles",
    ),
    pytest.param(c.check_artefacts, ctx("Write to a@b.org.", "Écrivez à a@b.org."), id="artefacts-email"),
    pytest.param(c.check_artefacts, ctx("A *note.", "Une *note."), id="artefacts-in-source"),
    pytest.param(c.check_artefacts, ctx("5 * 3 = 15", "5 * 3 = 15"), id="artefacts-spaced-star"),
    pytest.param(c.check_repeated, ctx("We met.", "Nous nous sommes rencontrés."), id="repeated-fr-pronoun"),
    pytest.param(c.check_repeated, ctx("Bye bye.", "Bye bye."), id="repeated-in-source"),
    pytest.param(c.check_repeated, ctx("In 2018 2019.", "En 2018 2019."), id="repeated-numbers"),
    pytest.param(c.check_whitespace, ctx("Hello.", "Bonjour\u00a0!"), id="whitespace-nbsp"),
    pytest.param(c.check_whitespace, ctx("“Hello,” he said.", "« Bonjour », dit-il."),
                 id="whitespace-french-guillemets"),
    pytest.param(c.check_whitespace, ctx("“Hello,” he said.", "„Hallo“ sagte er.", tgt="de"),
                 id="whitespace-german-quotes"),
    pytest.param(c.check_whitespace, ctx("“Hello,” he said.", "”Hej”, sa han.", tgt="sv"),
                 id="whitespace-swedish-quotes"),
    pytest.param(c.check_whitespace, ctx(" Hello. ", " Bonjour. "), id="whitespace-as-source"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("The downing of the jet was a snag.", "La destruction du jet fut un problème."),
                         "downing", "snag"), id="unknown-words-translated"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("Fighting near Bakhmut went on.", "Les combats près de Bakhmut ont continué."),
                         "Bakhmut"), id="unknown-name-kept"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("Bakhmut fell.", "Bakhmut est tombée."), "Bakhmut"),
                 id="unknown-name-sentence-initial"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("The OSCE said so.", "L'OSCE l'a dit."), "OSCE"), id="unknown-acronym-kept"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("A snagging issue.", "Un problème de snag."), "snag"),
                 id="unknown-word-not-in-the-source"),
    pytest.param(c.check_unknown_words,
                 unknown(ctx("The snag remains.", "Le snagging reste."), "snag"),
                 id="unknown-word-part-of-another")
]


@pytest.mark.parametrize(("fn", "context"), CLEAN)
def test_check_does_not_flag(fn: CheckFn, context: EntryContext) -> None:
    assert messages(fn, context) == []


def test_every_check_is_registered_with_a_doc_and_a_flag() -> None:
    names = [check.name for check in c.CHECKS]
    assert len(names) == len(set(names))
    for check in c.CHECKS:
        assert check.doc
        assert check.flag == "presslate-no-" + check.name.replace("_", "-")
        assert check.severity in ("error", "warning")


@pytest.mark.parametrize(
    ("source", "target", "samples", "expected"),
    [
        pytest.param("en", "fr", [], 1.15, id="factor-en-fr"),
        pytest.param("fr", "en", [], 1 / 1.15, id="factor-fr-en"),
        pytest.param("en", "xx", [], 1.0, id="unknown-language"),
        pytest.param("en", "fr", [1.0] * 7, 1.15, id="too-few-samples"),
        pytest.param("en", "fr", [1.3] * 5 + [0.1, 5.0, 1.4], 1.3, id="median-of-samples"),
    ],
)
def test_expected_ratio(source: str, target: str, samples: list[float], expected: float) -> None:
    from presslate.i18n.qa.runner import expected_ratio

    assert expected_ratio(source, target, samples) == pytest.approx(expected)


def test_the_language_check_covers_the_languages_the_detector_tells_apart() -> None:
    echo = "The minister said the talks had been productive on Tuesday."
    # Filipino (fastText's "tl", presslate's "fil"): checked, an English echo is found
    assert any("source language" in m for m in c.check_target_language(ctx(echo, echo, tgt="fil")))
    # Akan: a language the detector does not know is never reported as "another language"
    assert list(c.check_target_language(ctx(echo, echo, tgt="ak"))) == []



def test_a_cantonese_catalog_is_not_reported_as_chinese() -> None:
    # the detector tells text in Han characters without kana as Chinese: a Cantonese
    # translation would always "read as zh"; the check leaves such a catalog alone
    source = "The government announced new traffic rules for the city centre on Tuesday."
    cantonese = "政府星期二宣布咗市中心嘅新交通規則，下個月開始實施，市民要留意。"
    assert list(c.check_target_language(ctx(source, cantonese, tgt="yue"))) == []
    assert any("reads as zh" in m for m in c.check_target_language(ctx(source, cantonese, tgt="ja")))
