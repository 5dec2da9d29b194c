"""Which route a language pair takes: ``[translate.routes]`` first, else a direct pair (engines
in ``translate.engines`` order), else the pivots in the order ``translate.pivots`` lists them;
``presslate engines`` says which and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from presslate.i18n.engines.base import Advance, Engine, Hop, Route, Translation, find_route
from presslate.i18n.engines.report import list_routes
from presslate.i18n.engines.routes import Preference, choose_route
from presslate.i18n.translate import TranslateOptions, translate_articles
from presslate.i18n.workspace import Workspace

from .conftest import Invoke, require_tool
from .support.articles import add_article


class FakeEngine:
    """An engine with the given pairs that "translates" by naming the route it was asked for."""

    def __init__(self, name: str, pairs: Sequence[str]) -> None:
        self.name = name
        self.pairs = [Hop(pair.split("-")[0], pair.split("-")[1], f"{name}-{pair}") for pair in pairs]

    def hops(self) -> list[Hop]:
        return list(self.pairs)

    def translate(self, route: Route, texts: Sequence[str],
                  advance: Advance | None = None) -> list[Translation]:
        return [Translation(f"[{'→'.join(route.path)}] {t}", route.describe()) for t in texts]


ARGOS = FakeEngine("argos", ["en-ca", "ca-fr", "en-de", "de-fr"])
APERTIUM = FakeEngine("apertium", ["en-fr", "en-es", "es-fr", "en-ca", "ca-fr"])


def chosen(source: str, target: str, pivots: Sequence[str] = ("en", "es"),
           preference: Preference | None = None,
           engines: Sequence[FakeEngine] = (ARGOS, APERTIUM)) -> tuple[str, str, str] | None:
    choice = choose_route(list(engines), source, target, list(pivots), preference)
    if choice is None:
        return None
    return choice.engine.name, "→".join(choice.route.path), choice.reason


def test_find_route_tries_pivots_in_the_lists_order_not_alphabetically() -> None:
    hops = APERTIUM.hops()
    assert find_route("apertium", hops, "en", "de", ["es", "ca"]) is None
    both = [*hops, Hop("ca", "de", "ca-de"), Hop("es", "de", "es-de")]
    assert find_route("apertium", both, "en", "de", ["es", "ca"]).path == ("en", "es", "de")  # type: ignore[union-attr]
    assert find_route("apertium", both, "en", "de", ["ca", "es"]).path == ("en", "ca", "de")  # type: ignore[union-attr]


def test_a_direct_pair_of_any_engine_comes_before_a_pivot_route() -> None:
    """Argos comes first in translate.engines but has en→fr only through ca: Apertium's direct
    en→fr wins; where Argos has the pair itself, Argos wins."""
    assert chosen("en", "fr", pivots=["ca"]) == ("apertium", "en→fr", "direct pair")
    assert chosen("en", "ca") == ("argos", "en→ca", "direct pair")


def test_pivots_are_tried_in_the_lists_order() -> None:
    no_direct = [ARGOS, FakeEngine("apertium", ["en-es", "es-fr", "en-ca", "ca-fr"])]
    first = chosen("en", "fr", pivots=["es", "ca"], engines=no_direct)
    assert first is not None and first[:2] == ("apertium", "en→es→fr")
    assert "via es, the first pivot of translate.pivots (es, ca)" in first[2]
    second = chosen("en", "fr", pivots=["ca", "es"], engines=no_direct)
    assert second is not None and second[:2] == ("argos", "en→ca→fr")  # argos before apertium


def test_a_configured_preference_wins_and_says_so() -> None:
    assert chosen("en", "fr", preference=Preference(("ca",))) == (
        "argos", "en→ca→fr", "via ca, the first step of translate.routes (ca) with a route")
    assert chosen("en", "fr", preference=Preference(("ca",), ("apertium",))) == (
        "apertium", "en→ca→fr", "via ca, the first step of translate.routes (apertium, ca) with a route")
    assert chosen("en", "fr", preference=Preference(("de", "ca"))) == (
        "argos", "en→de→fr", "via de, the first step of translate.routes (de, ca) with a route")
    # The step taken is named: here the direct pair is missing, the second step is taken.
    assert chosen("en", "de", preference=Preference(("direct", "ca")), engines=[APERTIUM]) is None
    assert chosen("en", "fr", preference=Preference(("direct", "ca")), engines=[ARGOS]) == (
        "argos", "en→ca→fr", "via ca, the first step of translate.routes (direct, ca) with a route")
    assert chosen("en", "fr", preference=Preference((), ("argos",)), pivots=["ca"]) == (
        "argos", "en→ca→fr", "via ca, the first pivot of translate.pivots (ca) with a route "
        "(translate.routes: argos)")
    # a preference that no engine here can follow: no route, rather than another one
    assert chosen("en", "de", preference=Preference(("direct",), ("apertium",))) is None
    assert chosen("en", "fr", preference=Preference(("it",))) is None


@pytest.mark.parametrize(("routes", "message", "hint"), [
    ('"en-xx" = "direct"', "bad value for translate.routes.en-xx: unknown language code 'xx'", None),
    ('"english-fr" = "direct"', "bad value for translate.routes.english-fr: unknown language code",
     None),
    ('enfr = "direct"', "bad value for translate.routes.enfr: a pair is written SOURCE-TARGET",
     'e.g. "en-fr"'),
    ('"en-fr" = ["fr"]', "bad value for translate.routes.en-fr: pivot 'fr' is a language of the pair",
     None),
    ('"en-fr" = "deepl"', "bad value for translate.routes.en-fr: 'deepl' is not direct, an engine "
     "(argos, apertium) or a language code", '"en-fr" = ["ca", "es"]'),
    ('"en-fr" = []', "bad value for translate.routes.en-fr: empty", None),
    ('"en-fr" = 3', "bad value for translate.routes.en-fr: expected a string or a list of strings",
     None),
    ('"en-fr" = ["ca", "ca"]', "bad value for translate.routes.en-fr: a step is given twice", None),
    ('"fr-fr" = "direct"', "bad value for translate.routes.fr-fr: source and target are the same",
     None),
], ids=["language", "long-name", "no-dash", "own-language", "engine", "empty", "number", "twice",
        "same"])
def test_route_config_errors_name_the_pair(run: Invoke, workspace: Path, routes: str, message: str,
                                           hint: str | None) -> None:
    config = workspace / "presslate.toml"
    config.write_text(f"[translate.routes]\n{routes}\n", encoding="utf-8")
    result = run("engines")
    assert result.exit_code == 2, result.output
    assert f"presslate: error: {config}: {message}" in result.output
    if hint:
        assert hint in result.output


def test_route_config_forms(workspace: Path) -> None:
    (workspace / "presslate.toml").write_text(
        '[translate]\npivots = ["es", "ca"]\n[translate.routes]\n"en-fr" = ["ca"]\n'
        '"fr-en" = "direct"\n"pt_BR-fr" = ["apertium", "direct"]\n', encoding="utf-8")
    cfg = Workspace.open(workspace).config.translate
    assert cfg.routes == {"en-fr": ("ca",), "fr-en": ("direct",), "pt_BR-fr": ("apertium", "direct")}


def test_engines_lists_each_pairs_route_and_why(workspace: Path) -> None:
    (workspace / "presslate.toml").write_text(
        '[translate]\npivots = ["es", "ca"]\n[translate.routes]\n"ca-es" = ["fr"]\n"en-de" = "apertium"\n',
        encoding="utf-8")
    infos = list_routes(Workspace.open(workspace), {"argos": ARGOS, "apertium": APERTIUM})
    table = {(i.source, i.target): (i.route, i.reason) for i in infos}
    assert table[("en", "fr")] == ("apertium en→fr", "direct pair")
    assert table[("en", "ca")] == ("argos en→ca", "direct pair")
    assert ("es", "ca") not in table  # no way at all, and no preference: not listed
    assert table[("ca", "es")] == ("", "none by translate.routes: fr")  # no ca→fr→es here
    assert table[("en", "de")] == ("", "none by translate.routes: apertium")  # argos has it
    only: dict[str, Engine] = {"argos": FakeEngine("argos", []),
                               "apertium": FakeEngine("apertium", ["de-es", "es-fr"])}
    assert [(i.source, i.target, i.route, i.reason) for i in list_routes(Workspace.open(workspace), only)
            if i.route] == [
        ("de", "es", "apertium de→es", "direct pair"),
        ("de", "fr", "apertium de→es→fr",
         "via es, the first pivot of translate.pivots (es, ca) with a route"),
        ("es", "fr", "apertium es→fr", "direct pair"),
    ]


def test_the_default_routes_are_the_measured_ones_and_engines_says_so(workspace: Path) -> None:
    """Without [translate.routes], en→fr goes through Catalan and fr→en through Spanish (the
    best scores of benchmarks/route_eval.py), a direct pair first; ``engines`` says it is the
    default; a workspace naming its own route for the pair gets that one, not called default."""
    engines: dict[str, Engine] = {
        "argos": FakeEngine("argos", []),
        "apertium": FakeEngine("apertium", ["en-es", "es-en", "es-fr", "fr-es", "en-ca", "ca-en",
                                            "ca-fr", "fr-ca"])}
    table = {(i.source, i.target): (i.route, i.reason)
             for i in list_routes(Workspace.open(workspace), engines)}
    default = "; presslate's default route, the best measured (benchmarks/route_eval.py)"
    assert table[("en", "fr")] == (
        "apertium en→ca→fr", "via ca, the first step of translate.routes (direct, ca, es) with a route"
        + default)
    assert table[("fr", "en")] == (
        "apertium fr→es→en", "via es, the first step of translate.routes (direct, es, ca) with a route"
        + default)
    # Without the Catalan pairs, en→fr falls back to Spanish.
    no_catalan: dict[str, Engine] = {"argos": FakeEngine("argos", []),
                                     "apertium": FakeEngine("apertium", ["en-es", "es-fr"])}
    assert [(i.route, i.reason.split(";")[0]) for i in list_routes(Workspace.open(workspace), no_catalan)
            if (i.source, i.target) == ("en", "fr")] == [
        ("apertium en→es→fr", "via es, the first step of translate.routes (direct, ca, es) with a route")]
    # A direct pair comes first (an Argos package for en→fr).
    argos: dict[str, Engine] = {"argos": FakeEngine("argos", ["en-fr"]), "apertium": engines["apertium"]}
    assert {(i.source, i.target): i.route for i in list_routes(Workspace.open(workspace), argos)}[
        ("en", "fr")] == "argos en→fr"
    (workspace / "presslate.toml").write_text('[translate.routes]\n"en-fr" = ["es"]\n', encoding="utf-8")
    table = {(i.source, i.target): (i.route, i.reason)
             for i in list_routes(Workspace.open(workspace), engines)}
    assert table[("en", "fr")] == ("apertium en→es→fr",
                                   "via es, the first step of translate.routes (es) with a route")
    assert ("fr", "en") in table and "default" not in table[("fr", "en")][1]


@pytest.mark.apertium
def test_engines_command_shows_the_routes(run: Invoke, workspace: Path) -> None:
    """With Debian's Apertium pairs (apertium-fr-es, -eng-spa, -eng-cat, -fra-cat)."""
    require_tool("apertium")
    (workspace / "presslate.toml").write_text('[translate]\npivots = ["en", "es"]\n', encoding="utf-8")
    result = run("engines")
    assert result.exit_code == 0, result.output
    lines = result.output.split("routes translate takes:\n", 1)[1].splitlines()
    default = "; presslate's default route, the best measured (benchmarks/route_eval.py)"
    assert "  en→es: apertium en→es — direct pair" in lines
    assert ("  en→fr: apertium en→ca→fr — via ca, the first step of translate.routes (direct, ca, es) "
            "with a route" + default) in lines
    assert ("  fr→en: apertium fr→es→en — via es, the first step of translate.routes (direct, es, ca) "
            "with a route" + default) in lines
    (workspace / "presslate.toml").write_text('[translate.routes]\n"fr-en" = ["it"]\n', encoding="utf-8")
    result = run("engines")
    assert "  fr→en: none — none by translate.routes: it" in result.output.splitlines()


def test_translate_takes_the_configured_route(workspace: Path) -> None:
    (workspace / "presslate.toml").write_text('[translate.routes]\n"en-fr" = ["ca"]\n', encoding="utf-8")
    add_article(workspace, "story", [("headline", "Rain tomorrow", "en")])
    engines: dict[str, Engine] = {"argos": FakeEngine("argos", []), "apertium": APERTIUM}
    summary = translate_articles(Workspace.open(workspace),
                                 TranslateOptions(targets=("fr",), engine="auto"), engines=engines)
    assert summary.routes == ("apertium en→ca→fr (apertium-en-ca, apertium-ca-fr)",)
    po = (workspace / "catalogs" / "fr" / "LC_MESSAGES" / "story.po").read_text(encoding="utf-8")
    assert 'msgstr "[en→ca→fr] Rain tomorrow"' in po


def test_a_route_no_engine_here_follows_is_skipped_and_says_why(workspace: Path) -> None:
    """en→fr is configured through it: no engine has en→it, so nothing is sent another way."""
    (workspace / "presslate.toml").write_text('[translate.routes]\n"en-fr" = ["it"]\n', encoding="utf-8")
    add_article(workspace, "story", [("headline", "Rain tomorrow", "en")])
    engines: dict[str, Engine] = {"argos": FakeEngine("argos", []), "apertium": APERTIUM}
    summary = translate_articles(Workspace.open(workspace),
                                 TranslateOptions(targets=("fr",), engine="auto"), engines=engines)
    assert summary.total_filled == 0 and summary.partial
    assert summary.skipped[0].reason == ("no engine translates en→fr here by its route in "
                                         "translate.routes (it)")
