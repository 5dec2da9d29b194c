"""Per-segment language identification, and the editor's override."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.langid import (
    candidate_languages,
    detect_article_language,
    detect_language,
    detect_segment,
)

from .conftest import Invoke

CANDIDATES = candidate_languages(["en", "fr"])


@pytest.mark.shared
def test_the_shared_french_caption(shared_article: Path) -> None:
    lines = [line for line in shared_article.read_text(encoding="utf-8").splitlines() if line]
    caption = lines[2]
    assert caption.startswith("Le président russe")
    lang, confidence = detect_language(caption, CANDIDATES)
    assert lang == "fr" and confidence > 0.9
    found = detect_segment(caption, article_lang="en", candidates=CANDIDATES, min_confidence=0.5)
    assert (found.lang, found.source) == ("fr", "detected")


@pytest.mark.parametrize(("text", "lang"), [
    ("Dockers at Port Alder strike over night-shift cuts, halting container traffic", "en"),
    ("Municipales : la liste écologiste en tête au premier tour", "fr"),
    ("Huelga en el puerto de Valencia por los turnos de noche", "es"),
    ("Streik im Hafen legt den Containerverkehr lahm", "de"),
    ("قال رئيس الوزراء إنه اتفق مع الرئيس الروسي على الاجتماع قريبا", "ar"),
    ("ראש הממשלה אמר כי הוא והנשיא הרוסי הסכימו להיפגש בקרוב", "he"),
    ("Президент России заявил, что встреча состоится в ближайшее время", "ru"),
    ("Путин и Нетаньяху", "ru"),
    ("שלום", "he"),
    ("مرحبا", "ar"),
], ids=["en-headline", "fr-headline", "es-headline", "de-headline", "arabic", "hebrew", "russian",
        "short-cyrillic", "short-hebrew", "short-arabic"])
def test_headlines_and_scripts(text: str, lang: str) -> None:
    found = detect_segment(text, article_lang="en", candidates=CANDIDATES, min_confidence=0.5)
    assert found.lang == lang
    assert found.source == "detected"


@pytest.mark.parametrize("text", ["Mr. Li", "AFP", "12 July 2026", "Photo: X. Y."],
                         ids=["name", "agency", "date", "credit"])
def test_too_short_to_tell_falls_back_to_the_article_language(text: str) -> None:
    assert detect_language(text, CANDIDATES) == ("", 0.0)
    found = detect_segment(text, article_lang="fr", candidates=CANDIDATES, min_confidence=0.5)
    assert (found.lang, found.confidence, found.source) == ("fr", 0.0, "fallback")


def test_below_the_threshold_falls_back() -> None:
    text = "Ambulance service"
    lang, confidence = detect_language(text, CANDIDATES, ("en", "fr"))
    assert lang == "en" and 0.3 < confidence < 0.9
    strict = detect_segment(text, article_lang="fr", candidates=CANDIDATES, min_confidence=0.95)
    assert (strict.lang, strict.source) == ("fr", "fallback")
    loose = detect_segment(text, article_lang="fr", candidates=CANDIDATES, min_confidence=0.3)
    assert (loose.lang, loose.source) == ("en", "detected")


def test_candidates_include_the_workspace_languages() -> None:
    assert "sv" not in CANDIDATES
    with_sv = candidate_languages(["sv_SE", "fr"])
    assert "sv" in with_sv and "fr" in with_sv
    text = "Strejken i hamnen stoppade all containertrafik under måndagen"
    assert detect_language(text, with_sv)[0] == "sv"


def test_article_language_from_the_body() -> None:
    body = ["Les dockers ont cessé le travail lundi matin.", "Le syndicat réclame une négociation."]
    assert detect_article_language(body, CANDIDATES) == "fr"
    assert detect_article_language(["AFP"], CANDIDATES) == ""


def test_threshold_from_the_config(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    (workspace / "presslate.toml").write_text("[detect]\nmin_confidence = 0.95\n", encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text("# Fire crews hold the line\n\nFirefighters worked through the night to stop "
                      "the flames reaching the town, officials said on Tuesday morning.\n",
                      encoding="utf-8")
    assert run("pull", str(source), "--slug", "fire", "--lang", "fr").exit_code == 0
    data = json.loads(run("show", "fire", "--json").output)
    headline, body = data["segments"]
    assert (headline["lang"], headline["lang_source"]) == ("fr", "fallback")
    assert (body["lang"], body["lang_source"]) == ("en", "detected")


def test_editor_override_and_back_to_auto(run: Invoke, tmp_path: Path, workspace: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# Le pont ferme\n\nLe conseil municipal a voté mardi la fermeture du vieux "
                      "pont aux camions, après la découverte de fissures.\n", encoding="utf-8")
    assert run("pull", str(source), "--slug", "pont").exit_code == 0
    body = json.loads(run("show", "pont", "--json").output)["segments"][1]
    assert body["lang"] == "fr"

    result = run("segment", "pont", body["id"], "--lang", "pt-BR")
    assert result.exit_code == 0, result.output
    assert result.output == f"{body['id']}: body, pt, included\n"
    seg = json.loads(run("show", "pont", "--json").output)["segments"][1]
    assert (seg["lang"], seg["lang_source"], seg["confidence"]) == ("pt", "editor", 1.0)
    assert "lang: pt (editor" in (workspace / "catalogs" / "pont.pot").read_text(encoding="utf-8")

    # The override survives a new pull of the same article.
    assert run("pull", str(source), "--slug", "pont").exit_code == 0
    assert json.loads(run("show", "pont", "--json").output)["segments"][1]["lang"] == "pt"

    assert run("segment", "pont", body["id"], "--lang", "auto").exit_code == 0
    seg = json.loads(run("show", "pont", "--json").output)["segments"][1]
    assert (seg["lang"], seg["lang_source"]) == ("fr", "detected")
    assert json.loads(run("show", "pont", "--json").output)["overrides"] == {}


def test_editor_override_with_an_unknown_code(run: Invoke, tmp_path: Path, workspace: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# Le pont ferme\n\nLe conseil a voté mardi.\n", encoding="utf-8")
    assert run("pull", str(source), "--slug", "pont").exit_code == 0
    record = (workspace / "catalogs" / "pont.article.json").read_bytes()
    seg_id = json.loads(record)["segments"][1]["id"]
    result = run("segment", "pont", seg_id, "--lang", "french")
    assert result.exit_code == 2
    assert "unknown language code 'french'" in result.output
    assert "did you mean fr (French)?" in result.output
    assert (workspace / "catalogs" / "pont.article.json").read_bytes() == record


def test_auto_uses_the_workspace_languages(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    (workspace / "presslate.toml").write_text('[detect]\nlanguages = ["sv"]\n', encoding="utf-8")
    source = tmp_path / "a.md"
    source.write_text("# Harbour strike ends\n\nThe dockers went back to work on Friday morning "
                      "after the union accepted the offer.\n\n> Strejken i hamnen stoppade all "
                      "containertrafik under måndagen.\n", encoding="utf-8")
    assert run("pull", str(source), "--slug", "s").exit_code == 0
    quote = json.loads(run("show", "s", "--json").output)["segments"][2]
    assert quote["lang"] == "sv"
    assert run("segment", "s", quote["id"], "--lang", "en").exit_code == 0
    assert run("segment", "s", quote["id"], "--lang", "auto").exit_code == 0
    again = json.loads(run("show", "s", "--json").output)["segments"][2]
    assert (again["lang"], again["lang_source"]) == ("sv", "detected")


@pytest.mark.shared
def test_short_captions_in_the_workspace_languages_as_accurate_as_full_lingua(
        langid_dev: Path) -> None:
    """Captions and headlines (20 and 40 characters) of a workspace working in English,
    French and Spanish: the two-stage detector is right at least as often as lingua's
    high-accuracy mode over every candidate (what detection was before)."""
    import csv

    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    workspace = ("en", "fr", "es")
    texts: list[tuple[str, str]] = []
    with langid_dev.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    langs = sorted({r["lang"] for r in rows})
    for row in rows:
        if row["lang"] in workspace and int(row["line"]) % 4 == 0:
            texts += [(row["lang"], row["text"][:n].strip()) for n in (20, 40)]
    candidates = candidate_languages(langs)
    full = LanguageDetectorBuilder.from_languages(*(
        Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in candidates)).build()
    def as_before(text: str) -> str:  # the same rule for texts too short to tell
        if detect_language(text, candidates) == ("", 0.0):
            return ""
        found = full.detect_language_of(text)
        return str(found.iso_code_639_1.name.lower()) if found else ""

    before = sum(as_before(text) == lang for lang, text in texts)
    now = sum(detect_language(text, candidates, workspace)[0] == lang for lang, text in texts)
    assert len(texts) > 600
    assert now >= before, f"{now} of {len(texts)} right, {before} before"


# --- results kept in the workspace ----------------------------------------------------------

CACHE = Path(".presslate-cache") / "langid.json"


def _pull_mixed(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# Le port rouvre\n\nLes dockers ont repris le travail vendredi matin après "
                      "l'accord.\n\n> The union said the offer was the best in a decade.\n\n"
                      "Evacuation centres open\n", encoding="utf-8")
    assert run("pull", str(source), "--slug", "port").exit_code == 0


def _segments(run: Invoke) -> list[tuple[str, str, float]]:
    data = json.loads(run("show", "port", "--json").output)
    return [(s["lang"], s["lang_source"], s["confidence"]) for s in data["segments"]]


def test_a_second_pull_reuses_the_kept_results(run: Invoke, workspace: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The same texts get the same languages and confidences without running the detector."""
    from presslate.i18n import langid

    _pull_mixed(run, tmp_path)
    first = _segments(run)
    assert (workspace / CACHE).is_file()
    assert (workspace / ".presslate-cache" / ".gitignore").read_text(encoding="utf-8") \
        .splitlines()[-1] == "*"

    def no_detector(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detector ran for a text already seen")

    monkeypatch.setattr(langid, "_detector", no_detector)
    _pull_mixed(run, tmp_path)
    assert _segments(run) == first


def test_kept_results_of_another_version_or_damaged_are_ignored(
        run: Invoke, workspace: Path, tmp_path: Path) -> None:
    _pull_mixed(run, tmp_path)
    expected = _segments(run)
    data = json.loads((workspace / CACHE).read_text(encoding="utf-8"))
    wrong = {key: ["de", 0.99] for key in data["results"]}
    (workspace / CACHE).write_text(json.dumps({"version": "older", "results": wrong}),
                                   encoding="utf-8")
    _pull_mixed(run, tmp_path)
    assert _segments(run) == expected
    assert json.loads((workspace / CACHE).read_text(encoding="utf-8"))["version"] == data["version"]
    for damaged in ("{not json", json.dumps({"version": data["version"], "results": []}),
                    json.dumps({"version": data["version"],
                                "results": dict.fromkeys(data["results"], "fr")})):
        (workspace / CACHE).write_text(damaged, encoding="utf-8")
        _pull_mixed(run, tmp_path)
        assert _segments(run) == expected


def test_an_unwritable_cache_changes_nothing(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    (workspace / ".presslate-cache").write_text("a file where the folder would be\n",
                                                encoding="utf-8")
    _pull_mixed(run, tmp_path)
    assert [lang for lang, _, _ in _segments(run)][:2] == ["fr", "fr"]


def test_the_cache_stays_out_of_git(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        pytest.skip("git not installed")
    subprocess.run([git, "init", "-q", str(workspace)], check=True)
    _pull_mixed(run, tmp_path)
    listed = subprocess.run([git, "-C", str(workspace), "status", "--porcelain",
                             "--untracked-files=all"], check=True, capture_output=True,
                            text=True).stdout
    assert "presslate-cache" not in listed and "catalogs/" in listed



def test_the_cache_files_are_readable_by_the_workspaces_other_users(
        run: Invoke, workspace: Path, tmp_path: Path) -> None:
    """The cache folder's files get the mode of the workspace's other files (0644), not the
    0600 of a temporary file: a colleague sharing the folder reads them, and git reads the
    ``.gitignore``."""
    import stat

    _pull_mixed(run, tmp_path)
    cache = workspace / ".presslate-cache"
    for name in (".gitignore", "langid.json"):
        assert stat.S_IMODE((cache / name).stat().st_mode) == 0o644, name
    assert not list(cache.glob("*.tmp"))

def test_check_reads_kept_results_and_finds_the_same(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A second check of unchanged catalogs runs no detector and reports the same findings."""
    from benchmarks.pofilter_compare import build
    from presslate.i18n import langid
    from presslate.i18n.qa.runner import CheckOptions, check_workspace

    root = tmp_path / "ws"
    root.mkdir()
    ws = build(root)
    first = check_workspace(ws, CheckOptions())
    assert any(f.check == "target_language" for f in first.findings)

    def no_detector(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detector ran for a text already seen")

    monkeypatch.setattr(langid, "_detector", no_detector)
    assert check_workspace(ws, CheckOptions()).findings == first.findings


# -- the detector's parts --------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from presslate.i18n.langid import calibrated, sure_from  # noqa: E402


@given(st.integers(min_value=0, max_value=5000), st.floats(0, 1), st.floats(0, 1))
def test_calibration_is_monotonic_with_its_knee_at_one_half(length: int, a: float, b: float) -> None:
    assert calibrated(sure_from(length), length) == pytest.approx(0.5, abs=1e-6)
    low, high = sorted((a, b))
    assert 0.0 <= calibrated(low, length) <= calibrated(high, length) <= 1.0
    assert calibrated(1.0, length) == 1.0 and calibrated(0.0, length) == 0.0


def test_short_texts_need_more_than_long_ones() -> None:
    assert sure_from(20) > sure_from(40) > sure_from(80) == sure_from(500)


@pytest.mark.parametrize(("text", "lang"), [
    ("北京市政府周二宣布了新的交通规定", "zh"),  # Han only: Chinese, though fastText leans Japanese on some
    ("東京都は火曜日に新しい交通規則を発表した", "ja"),  # kana: Japanese
])
def test_han_without_kana_is_chinese(text: str, lang: str) -> None:
    assert detect_language(text, CANDIDATES)[0] == lang


def test_a_norwegian_workspace_gets_its_own_code() -> None:
    candidates = candidate_languages(["en", "nb"])
    text = "Regjeringen la fram statsbudsjettet for neste år på onsdag formiddag."
    assert detect_language(text, candidates, ("nb",))[0] == "nb"


@pytest.mark.parametrize(("text", "article"), [
    ("مرحبا", "en"), ("שלום", "fr"), ("Путин", "es"), ("東京", "en"),
])
def test_a_text_in_another_script_never_falls_back_to_the_article(text: str, article: str) -> None:
    found = detect_segment(text, article_lang=article, candidates=CANDIDATES, min_confidence=0.99)
    assert found.lang != article and found.source == "detected"


def test_a_latin_text_still_falls_back_when_unsure() -> None:
    found = detect_segment("Ambulance service", article_lang="fr", candidates=CANDIDATES,
                           min_confidence=0.99)
    assert (found.lang, found.source) == ("fr", "fallback")



@pytest.mark.parametrize("text", ["a" * 200, "xy " * 30, "x\x85y" * 20, "ha ha ha ha ha ha ha ha"])
def test_a_run_of_the_same_few_letters_tells_no_language(text: str) -> None:
    assert detect_language(text, CANDIDATES) == ("", 0.0)
    found = detect_segment(text, article_lang="fr", candidates=CANDIDATES, min_confidence=0.5)
    assert (found.lang, found.source) == ("fr", "fallback")


def test_the_detectable_languages_are_the_models_labels() -> None:
    from presslate.i18n.langid import _MODEL_LANGUAGES, _PRESSLATE_CODES, _model

    labels, _ = _model().predict("x", k=-1, threshold=-1.0)
    assert {_PRESSLATE_CODES.get(label[9:], label[9:]) for label in labels} == _MODEL_LANGUAGES


# -- lingua's high-accuracy models, for short texts in a language outside the workspace ------

WORKSPACE = ("en", "fr", "es")


@pytest.fixture
def models_asked(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[str, ...]]]:
    """The languages each of lingua's detectors is asked about: ``trigram`` (its
    low-accuracy mode) and ``accurate`` (its high-accuracy models, 1- to 5-grams)."""
    from presslate.i18n import langid

    asked: dict[str, list[tuple[str, ...]]] = {"trigram": [], "accurate": []}

    def recorder(kind: str, real: Callable[[tuple[str, ...]], Any]) -> Callable[..., Any]:
        def recorded(codes: tuple[str, ...]) -> Any:
            asked[kind].append(codes)
            return real(codes)
        return recorded

    monkeypatch.setattr(langid, "_detector", recorder("trigram", langid._detector))
    monkeypatch.setattr(langid, "_accurate_detector",
                        recorder("accurate", langid._accurate_detector))
    return asked


@pytest.mark.parametrize(("text", "lang", "extra"), [
    ("Nieuwe brug geopend", "nl", ()),
    ("Feest op de kade", "nl", ()),
    ("Zon boven de duinen", "nl", ()),
    ("Festa major del poble", "ca", ("ca",)),
    ("Veïns del barri celebren la festa", "ca", ("ca",)),
    ("Manifestants davant l'ajuntament", "ca", ("ca",)),
])
def test_a_short_text_in_another_language_is_found_by_the_accurate_models(
        text: str, lang: str, extra: tuple[str, ...],
        models_asked: dict[str, list[tuple[str, ...]]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A short caption whose language is a candidate but not the workspace's (Dutch is a
    common news language; Catalan a candidate as a QA check's other workspace language is):
    lingua's trigram models leave it unsure, so it took the article's language; judged again
    by the high-accuracy models of its two likeliest languages, it is found."""
    from presslate.i18n import langid

    candidates = candidate_languages([*WORKSPACE, *extra])
    found = detect_segment(text, article_lang="en", candidates=candidates, min_confidence=0.5,
                           preferred=WORKSPACE)
    assert (found.lang, found.source) == (lang, "detected")
    assert [len(codes) for codes in models_asked["accurate"]] == [2]
    assert lang in models_asked["accurate"][0]
    monkeypatch.setattr(langid, "ACCURATE_BELOW", 0)  # the trigram models alone
    monkeypatch.setattr(langid, "ACCURATE_UNSURE_BELOW", 0)
    alone = detect_segment(text, article_lang="en", candidates=candidates, min_confidence=0.5,
                           preferred=WORKSPACE)
    assert (alone.lang, alone.source) == ("en", "fallback")


@pytest.mark.shared
@pytest.mark.parametrize(("lang", "line", "length"), [("nl", "564", 0), ("pt", "346", 0),
                                                      ("ro", "746", 80), ("ca", "649", 80)])
def test_a_longer_text_in_another_language_left_unsure_is_judged_again(
        lang: str, line: str, length: int, langid_dev: Path,
        models_asked: dict[str, list[tuple[str, ...]]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence (or its first 80 characters) of 60 to 99 characters in a language outside
    the workspace, which fastText splits between that language and its neighbours (Frisian,
    Galician): the trigram models leave it below the threshold, so it took the article's
    language; below ACCURATE_UNSURE_BELOW the high-accuracy models judge it again."""
    import csv

    from presslate.i18n import langid

    with langid_dev.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    text = next(r["text"] for r in rows if (r["lang"], r["line"]) == (lang, line))
    text = text[:length].strip() if length else text
    assert langid.ACCURATE_BELOW <= len(text) < langid.ACCURATE_UNSURE_BELOW
    candidates = candidate_languages(sorted({r["lang"] for r in rows}))
    found = detect_segment(text, article_lang="en", candidates=candidates, min_confidence=0.5,
                           preferred=WORKSPACE)
    assert (found.lang, found.source) == (lang, "detected")
    assert len(models_asked["accurate"]) == 1
    monkeypatch.setattr(langid, "ACCURATE_UNSURE_BELOW", 0)
    before = detect_segment(text, article_lang="en", candidates=candidates, min_confidence=0.5,
                            preferred=WORKSPACE)
    assert (before.lang, before.source) == ("en", "fallback")


@pytest.mark.parametrize("text", [
    "Evacuation centres open", "Flames on a hillside at night", "Ambulance service",
    "Pompiers en renfort", "Colas en el puerto", "Vecinos en la plaza", "Concierto en el parque",
])
def test_short_texts_in_the_workspace_languages_load_no_accurate_model(
        text: str, models_asked: dict[str, list[tuple[str, ...]]]) -> None:
    """Short unsure texts (lingua's trigram models judge them) in the workspace's languages
    never ask the costlier models: most of a pull's texts cost what they cost before."""
    candidates = candidate_languages(WORKSPACE)
    detect_segment(text, article_lang="en", candidates=candidates, min_confidence=0.5,
                   preferred=WORKSPACE)
    assert models_asked["trigram"], "fastText was sure: the text does not test the rule"
    assert models_asked["accurate"] == []


def test_without_a_workspace_no_accurate_model_is_loaded(
        models_asked: dict[str, list[tuple[str, ...]]]) -> None:
    """Every language is outside an empty workspace: the article's language, detected from a
    short body with no preference, does not load the costlier models (it never did)."""
    candidates = candidate_languages(WORKSPACE)
    assert detect_article_language(["Nieuwe brug geopend"], candidates) in ("", "nl")
    assert detect_language("Evacuation centres open", candidates)[0] == "en"
    assert models_asked["trigram"] and models_asked["accurate"] == []


def test_pulling_the_bundled_examples_loads_no_accurate_model(
        run: Invoke, workspace: Path, models_asked: dict[str, list[tuple[str, ...]]]) -> None:
    """What ``scripts/pull-examples.sh`` does, in a workspace of the repository's languages:
    lingua's high-accuracy models (about 0.3 s to load per language) are never loaded, so
    the examples' cold pulls cost what they did."""
    import tomllib

    from .conftest import EXAMPLES, REPO

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["presslate"]
    (workspace / "presslate.toml").write_text(
        f"source_language = {json.dumps(config['source_language'])}\n"
        f"target_languages = {json.dumps(config['target_languages'])}\n", encoding="utf-8")
    script = (REPO / "scripts" / "pull-examples.sh").read_text(encoding="utf-8")
    pulls = [line.split()[2:] for line in script.splitlines() if line.startswith("$P pull ")]
    assert len(pulls) == 4
    for source, _, slug in pulls:
        result = run("pull", str(REPO / source), "--slug", slug)
        assert result.exit_code == 0, result.output
    assert (EXAMPLES / "html-wildfire.html").is_file()
    assert models_asked["trigram"], "no short unsure text: the examples do not test the rule"
    assert models_asked["accurate"] == []


def test_the_kept_results_depend_on_the_accurate_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each constant of the high-accuracy stage is part of the kept results' version: a
    change of any discards the results detected before it."""
    from presslate.i18n import langid

    before = langid._cache_version()
    for name, value in (("ACCURATE_BELOW", 30), ("ACCURATE_SHORTLIST", 3),
                        ("ACCURATE_WEIGHT", 2.0), ("ACCURATE_AGREE", 0.7),
                        ("ACCURATE_SURE", 0.6)):
        with monkeypatch.context() as patch:
            patch.setattr(langid, name, value)
            assert langid._cache_version() != before, name


@pytest.mark.parametrize(("text", "judged"), [
    # fastText gives it 0.80 (Spanish and Galician share the rest): the trigram models judge it
    ("A equipe venceu por dois a um e garantiu a vaga na final, que será disputada no próximo "
     "domingo no estádio municipal da cidade.", True),
    # fastText is sure (0.97): its answer stands, no model is loaded for it
    ("A ponte sobre o rio será fechada durante a noite para reparos, e os carros deverão usar "
     "a estrada secundária até a próxima semana.", False),
])
def test_a_long_text_fasttext_is_unsure_of_is_judged_as_a_short_one(
        text: str, judged: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from presslate.i18n import langid

    assert len(text) >= 120
    asked: list[tuple[str, ...]] = []
    real = langid._detector

    def counting(codes: tuple[str, ...]) -> Any:
        asked.append(codes)
        return real(codes)

    monkeypatch.setattr(langid, "_detector", counting)
    candidates = candidate_languages(["en", "fr", "es"])
    found = langid.detect_segment(text, article_lang="en", candidates=candidates,
                                  min_confidence=0.5, preferred=("en", "fr", "es"))
    assert (found.lang, bool(asked)) == ("pt", judged)
