"""The workspace's promises, checked after every step of generated sequences of operations.

A hypothesis state machine drives a real workspace through what happens to one in a
newsroom, in any order: the source is corrected and pulled again, machine translation
(real Apertium) fills and refreshes catalogs, translators edit and approve entries with the
tools they use (polib, ``msgcat -w N`` / ``--no-wrap``, reordered flags), catalogs travel
through XLIFF and back, entries get deleted, and writes fail half-way. After each step:

- no person's text is lost or changed: every draft or approval a person made is still in
  the catalog (as the entry's translation, a fuzzy entry's translation after its source
  changed, or an obsolete ``#~`` entry), and an approved entry whose source did not change
  is still approved with the same text;
- every catalog parses and passes ``msgfmt --check``;
- what ``publish`` would write holds only text reviewed by a person for the current source,
  the current source text used as written, or source text marked as a fallback (its own
  ``lang`` and a notice); the gate passes only when every segment is reviewed or as written.

The number of examples and steps is small so CI stays fast; set
``PRESSLATE_STATEFUL_EXAMPLES`` (for example 200) for a longer run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from presslate.cli.main import cli

from .conftest import require_tool

SLUG = "harbour"
LOCALES = ("fr", "es", "en")
HEADLINES = ("Harbour workers strike for the third time",
             "Harbour workers strike for the fourth time")
STANDFIRSTS = ("Dockers in Port Alder stopped work on Monday over pay.",
               "Dockers in Port Alder stopped work on Tuesday over pay and hours.")
PARAGRAPHS = (
    "The strike began at 6am and 1,200 workers joined it.",
    "Union leaders said talks with the port authority would resume on Thursday.",
    "Three ships waited outside the harbour for two days.",
    "The port handles 40,000 containers a month, according to its annual report.",
    "Local shops said the strike had cost them 15 percent of their sales.",
    "The mayor called on both sides to return to the table.",
)
CAPTION_FR = ("Des dockers rassemblés devant le port, lundi matin.",
              "Des dockers rassemblés devant le port, mardi matin.")


@dataclass
class Source:
    headline: int = 0
    standfirst: int = 0
    caption: int = 0
    body: list[str] = field(default_factory=lambda: list(PARAGRAPHS[:3]))

    def document(self) -> dict[str, Any]:
        return {
            "headline": HEADLINES[self.headline],
            "standfirst": STANDFIRSTS[self.standfirst],
            "lang": "en",
            "images": [{"caption": CAPTION_FR[self.caption], "lang": "fr",
                        "src": "https://port.example/dockers.jpg"}],
            "body": list(self.body),
        }

    def segments(self) -> list[tuple[str, str, str]]:
        """(kind, text, lang) of every segment, in article order."""
        return [("headline", HEADLINES[self.headline], "en"),
                ("standfirst", STANDFIRSTS[self.standfirst], "en"),
                ("caption", CAPTION_FR[self.caption], "fr"),
                *(("body", text, "en") for text in self.body)]


@dataclass(frozen=True)
class PersonText:
    locale: str
    msgctxt: str
    msgid: str
    text: str
    approved: bool


def _examples() -> int:
    return int(os.environ.get("PRESSLATE_STATEFUL_EXAMPLES", "10"))


class FailingReplace(Exception):
    pass


class WorkspaceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(self._tmp()) / "ws"
        self.root.mkdir(parents=True)
        (self.root / "presslate.toml").write_text(
            'source_language = "en"\ntarget_languages = ["fr", "es", "en"]\n', encoding="utf-8")
        self.source = Source()
        self.people: dict[tuple[str, str, str], PersonText] = {}
        self.pulled = False
        self.edits = 0
        self.runner = CliRunner()

    @staticmethod
    def _tmp() -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="presslate-stateful-")

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------------

    def cli(self, *args: str) -> Result:
        return self.runner.invoke(cli, ["-C", str(self.root), *args], catch_exceptions=False)

    def ok(self, *args: str) -> Result:
        result = self.cli(*args)
        assert result.exit_code in (0, 3), (args, result.output)
        return result

    def catalog_path(self, locale: str) -> Path:
        return self.root / "catalogs" / locale / "LC_MESSAGES" / f"{SLUG}.po"

    def catalogs(self) -> list[str]:
        return [loc for loc in LOCALES if self.catalog_path(loc).is_file()]

    def write_source(self) -> Path:
        path = self.root.parent / "article.json"
        path.write_text(json.dumps(self.source.document(), ensure_ascii=False), encoding="utf-8")
        return path

    def pull(self) -> None:
        self.ok("pull", str(self.write_source()), "--slug", SLUG)
        self.pulled = True

    def remember(self, locale: str, entry: Any, *, approved: bool, before: str = "",
                 previous: str | None = None) -> None:
        key = (locale, entry.msgctxt or "", entry.msgid)
        self.people[key] = PersonText(locale, entry.msgctxt or "", entry.msgid, entry.msgstr, approved)
        # A person who changes the text they wrote for an earlier source of this entry (its
        # previous msgid) replaced their own text: that is theirs to do.
        earlier = self.people.get((locale, entry.msgctxt or "", previous or ""))
        if previous and entry.msgstr != before and earlier is not None and earlier.text == before:
            del self.people[(locale, entry.msgctxt or "", previous)]

    # -- the source and the tool ---------------------------------------------------------

    @initialize()
    def pull_and_translate(self) -> None:
        self.pull()
        self.ok("translate", "--engine", "apertium")

    @precondition(lambda self: self.pulled)
    @rule(change=st.sampled_from(["headline", "standfirst", "caption", "number", "add", "remove"]),
          index=st.integers(min_value=0, max_value=10))
    def correct_the_source(self, change: str, index: int) -> None:
        src = self.source
        if change == "headline":
            src.headline = 1 - src.headline
        elif change == "standfirst":
            src.standfirst = 1 - src.standfirst
        elif change == "caption":
            src.caption = 1 - src.caption
        elif change == "number":
            i = index % len(src.body)
            src.body[i] = src.body[i].replace("1,200", "1,300", 1) if "1,200" in src.body[i] else (
                src.body[i].replace("two days", "three days") if "two days" in src.body[i]
                else src.body[i].rstrip(".") + ", officials said.")
        elif change == "add":
            unused = [p for p in PARAGRAPHS if p not in src.body]
            if unused:
                src.body.insert(index % (len(src.body) + 1), unused[index % len(unused)])
        elif len(src.body) > 1:
            del src.body[index % len(src.body)]
        self.pull()

    @precondition(lambda self: self.pulled)
    @rule(refresh=st.booleans())
    def translate(self, refresh: bool) -> None:
        self.ok("translate", "--engine", "apertium", *(["--refresh-machine"] if refresh else []))

    # -- people and their tools ------------------------------------------------------------

    @precondition(lambda self: self.pulled)
    @rule(locale=st.sampled_from(LOCALES), pick=st.integers(min_value=0, max_value=50),
          action=st.sampled_from(["approve", "draft", "translate"]),
          tool=st.sampled_from(["polib", "polib-narrow", "msgcat-w", "msgcat-no-wrap", "flags"]),
          width=st.integers(min_value=20, max_value=120))
    def person_edits(self, locale: str, pick: int, action: str, tool: str, width: int) -> None:
        path = self.catalog_path(locale)
        if not path.is_file():
            return
        po = polib.pofile(str(path), wrapwidth=78)
        entries = [e for e in po if not e.obsolete]
        if action == "translate":
            entries = [e for e in entries if not e.msgstr]
        elif action == "approve":
            entries = [e for e in entries if e.msgstr and e.fuzzy]
        else:
            entries = [e for e in entries if e.msgstr]
        if not entries:
            return
        entry = entries[pick % len(entries)]
        before, previous = entry.msgstr, entry.previous_msgid
        self.edits += 1
        if action == "draft":
            entry.msgstr = f"{entry.msgstr} (révision {self.edits})"
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        elif action == "translate":
            entry.msgstr = f"Traduction {self.edits} : {entry.msgid}"
        if action in ("approve", "translate"):
            # What Poedit does on approval: the flag and the previous source go.
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
        if tool == "flags" and "fuzzy" in entry.flags:
            entry.flags = ["no-wrap", *[f for f in entry.flags if f != "fuzzy"], "fuzzy"]
        po.wrapwidth = 32 if tool == "polib-narrow" else 78
        po.save(str(path))
        if tool.startswith("msgcat"):
            wrap = ["--no-wrap"] if tool == "msgcat-no-wrap" else ["-w", str(width)]
            subprocess.run(["msgcat", *wrap, "-o", str(path), str(path)], check=True)
        self.remember(locale, entry, approved=action in ("approve", "translate"), before=before,
                      previous=previous)

    @precondition(lambda self: self.pulled)
    @rule(locale=st.sampled_from(LOCALES), pick=st.integers(min_value=0, max_value=50),
          edit=st.booleans())
    def person_uses_a_text_editor(self, locale: str, pick: int, edit: bool) -> None:
        """Approve an entry by deleting its ``fuzzy`` flag in the file's text (and maybe
        change the text's last line too), as someone in a plain text editor does."""
        path = self.catalog_path(locale)
        if not path.is_file():
            return
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        fuzzy = [i for i, b in enumerate(blocks)
                 if not b.lstrip().startswith("#~") and any(
                     ln.startswith("#,") and "fuzzy" in ln for ln in b.splitlines())
                 and 'msgstr ""' not in b.splitlines()[-1:]]
        if not fuzzy:
            return
        index = fuzzy[pick % len(fuzzy)]
        original = blocks[index]
        lines = []
        for line in blocks[index].splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    lines.append("#, " + ", ".join(flags))
                continue
            lines.append(line)
        if edit:
            self.edits += 1
            lines[-1] = lines[-1][:-1] + f' (édité {self.edits})"'
        blocks[index] = "\n".join(lines)
        path.write_text("\n\n".join(blocks), encoding="utf-8")
        [entry] = [e for e in polib.pofile(blocks[index] + "\n") if e.msgid]
        [old] = [e for e in polib.pofile(original + "\n") if e.msgid]
        self.remember(locale, entry, approved=True, before=old.msgstr, previous=old.previous_msgid)

    @precondition(lambda self: self.pulled)
    @rule(locale=st.sampled_from(LOCALES), pick=st.integers(min_value=0, max_value=50))
    def person_deletes_an_entry(self, locale: str, pick: int) -> None:
        path = self.catalog_path(locale)
        if not path.is_file():
            return
        po = polib.pofile(str(path))
        active = [e for e in po if not e.obsolete]
        if not active:
            return
        entry = active[pick % len(active)]
        po.remove(entry)
        po.save(str(path))
        # The person threw their own text away: that is theirs to do.
        self.people.pop((locale, entry.msgctxt or "", entry.msgid), None)

    @precondition(lambda self: self.pulled)
    @rule(locale=st.sampled_from(LOCALES))
    def xliff_round_trip(self, locale: str) -> None:
        path = self.catalog_path(locale)
        if not path.is_file():
            return
        before = path.read_bytes()
        xlf = self.root.parent / f"{locale}.xlf"
        self.ok("xliff", "export", SLUG, "--lang", locale, "-o", str(xlf))
        self.ok("xliff", "import", SLUG, str(xlf), "--lang", locale)
        assert path.read_bytes() == before, "an XLIFF round trip with no edits changed the catalog"

    @precondition(lambda self: self.pulled)
    @rule(command=st.sampled_from(["pull", "translate", "publish"]),
          fail_at=st.integers(min_value=1, max_value=6))
    def a_write_fails(self, command: str, fail_at: int) -> None:
        """The k-th rename of a command fails (disk full, a kill): the next command recovers."""
        real = os.replace
        calls = {"n": 0}

        def failing(src: Any, dst: Any) -> None:
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise OSError(28, "No space left on device")
            real(src, dst)

        if command == "pull" and len(self.source.body) < len(PARAGRAPHS):
            self.source.body.append(next(p for p in PARAGRAPHS if p not in self.source.body))
        args = {"pull": ("pull", str(self.write_source()), "--slug", SLUG),
                "translate": ("translate", "--engine", "apertium"),
                "publish": ("publish",)}[command]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(os, "replace", failing)
            result = self.cli(*args)
        assert result.exit_code in (0, 1, 2, 3), result.output
        if command == "pull":
            self.pull()  # the editor runs it again

    # -- the promises ----------------------------------------------------------------------

    @invariant()
    def every_catalog_parses_and_passes_msgfmt(self) -> None:
        for locale in self.catalogs():
            path = self.catalog_path(locale)
            polib.pofile(str(path))
            done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr

    @invariant()
    def no_persons_text_is_lost(self) -> None:
        for person in self.people.values():
            path = self.catalog_path(person.locale)
            assert path.is_file(), f"{person.locale} catalog with a person's text is gone"
            po = polib.pofile(str(path))
            holding = [e for e in po if e.msgstr == person.text]
            assert holding, f"a person's text is lost from {person.locale}: {person.text!r}"
            same = [e for e in po if not e.obsolete and (e.msgctxt or "") == person.msgctxt
                    and e.msgid == person.msgid]
            for entry in same:
                assert entry.msgstr == person.text, (
                    f"a person's text was replaced in {person.locale}: "
                    f"{person.text!r} -> {entry.msgstr!r}")
                if person.approved:
                    assert not entry.fuzzy, f"a person's approval was taken back: {person.text!r}"

    @invariant()
    def publish_shows_only_reviewed_current_or_marked_text(self) -> None:
        if not self.pulled:
            return
        out = self.root.parent / "out"
        shutil.rmtree(out, ignore_errors=True)
        segments = self.source.segments()
        for locale in self.catalogs():
            result = self.cli("export", SLUG, "--lang", locale, "--format", "json", "--out", str(out))
            assert result.exit_code == 0, result.output
            doc = json.loads((out / locale / f"{SLUG}.json").read_text(encoding="utf-8"))
            shown = doc["segments"]
            assert [s["kind"] for s in shown] == [k for k, _, _ in segments]
            fallbacks = 0
            for seg, (kind, text, lang) in zip(shown, segments, strict=True):
                status = seg["status"]
                if status == "reviewed":
                    person = self.people.get((locale, kind, text))
                    assert person is not None and person.approved and seg["text"] == person.text, (
                        f"{locale} shows {seg['text']!r} as reviewed for {text!r}")
                elif status == "as-written":
                    assert lang == locale and seg["text"] == text, (
                        f"{locale} shows {seg['text']!r} as written for {text!r}")
                else:
                    assert status == "source-fallback", status
                    assert seg["text"] == text and seg["lang"] == lang != locale
                    fallbacks += 1
            untranslated = [n for n in doc.get("notices", []) if n["kind"] == "untranslated"]
            if fallbacks:
                assert doc["counts"]["source-fallback"] == fallbacks, doc["counts"]
                assert [n["count"] for n in untranslated] == [fallbacks], (
                    f"{locale}: {fallbacks} segments shown in another language without a notice")
            else:
                assert not untranslated, untranslated

    @invariant()
    def the_gate_passes_only_a_complete_edition(self) -> None:
        if not self.pulled:
            return
        result = self.cli("publish", "--dry-run", "--json")
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        for decision in report["decisions"]:
            if not decision["publish"]:
                continue
            locale = decision["locale"]
            for kind, text, lang in self.source.segments():
                person = self.people.get((locale, kind, text))
                assert lang == locale or (person is not None and person.approved), (
                    f"the gate passes {locale} with {kind} {text!r} not reviewed")


@pytest.mark.apertium
@pytest.mark.msgfmt
def test_the_workspace_keeps_its_promises() -> None:
    require_tool("apertium")
    require_tool("msgfmt")
    require_tool("msgcat")
    WorkspaceMachine.TestCase.settings = settings(
        max_examples=_examples(), stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    WorkspaceMachine.TestCase().runTest()
