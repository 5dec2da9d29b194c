"""An image's alt text whose language is not clear takes its caption's language."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke

BODY = ("Le festival s'est achevé dimanche soir sur un bilan inédit, avec des milliers de "
        "visiteurs venus de toute la région pour voir les lanternes sur le lac.")
TITLE = "The Nightjar Quartet, from Bristol, closed the festival on Sunday night with a long encore."


def show(run: Invoke, tmp_path: Path, markdown: str) -> dict[str, dict[str, str]]:
    source = tmp_path / "story.md"
    source.write_text(markdown, encoding="utf-8")
    assert run("pull", str(source), "--slug", "story").exit_code == 0
    record = json.loads(run("show", "story", "--json").output)
    return {s["kind"] + ":" + s["text"][:12]: s for s in record["segments"]}


def test_a_short_alt_takes_its_captions_language(run: Invoke, tmp_path: Path) -> None:
    shown = show(run, tmp_path, f"""# Le festival des lanternes se termine

{BODY}

![The Nightjar Quartet on stage](https://x.example/q.jpg "{TITLE}")
""")
    assert shown["caption:The Nightjar"]["lang"] == "en"
    assert shown["alt:The Nightjar"]["lang"] == "en"


def test_an_alt_clearly_in_its_own_language_keeps_it(run: Invoke, tmp_path: Path) -> None:
    shown = show(run, tmp_path, f"""# Le festival des lanternes se termine

{BODY}

![Des lanternes flottantes sur le lac de Brévannes](https://x.example/l.jpg "{TITLE}")
""")
    assert shown["caption:The Nightjar"]["lang"] == "en"
    assert shown["alt:Des lanterne"]["lang"] == "fr"
