"""The checks on real Apertium output: raw marks are caught, a clean pipeline run passes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke, require_tool
from tests.qa.catalogs import E, write_article

pytestmark = pytest.mark.apertium


def apertium(mode: str, text: str) -> str:
    exe = require_tool("apertium")
    done = subprocess.run([exe, mode], input=text, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


def test_raw_apertium_marks_are_engine_artefacts(run: Invoke, workspace: Path) -> None:
    source = "The zorblax was delivered to Moscow on Monday by 1,500 soldiers."
    raw = apertium("eng-spa", source)
    assert "*zorblax" in raw  # what Apertium really writes for an unknown word
    write_article(workspace, "story", {"es": [E(source, raw, state="machine")]})
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    assert {f["check"] for f in findings if f["severity"] == "error"} == {"artefacts", "numbers"}
    assert "*zorblax" in next(f["message"] for f in findings if f["check"] == "artefacts")
    # Apertium copies 1,500 as written; a reader in Spain reads it as one and a half.
    assert "1,500 (reads as 1.5 in es)" in next(f["message"] for f in findings if f["check"] == "numbers")


def test_shared_article_through_apertium_passes_the_checks(
    run: Invoke, workspace: Path, shared_article: Path
) -> None:
    require_tool("apertium")
    assert run("pull", str(shared_article), "--slug", "np").exit_code == 0
    assert run("translate", "np", "--to", "es", "--engine", "apertium").exit_code == 0
    result = run("check", "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 0, data["findings"]
    [catalog] = data["catalogs"]
    machine = catalog["states"]["machine"]
    assert machine >= 10
    assert sum(f["check"] == "fuzzy" for f in data["findings"]) == machine
    # The gate holds the machine translation back by default, and publishes it with a notice when allowed.
    assert run("publish", "--dry-run").exit_code == 1
    (workspace / "presslate.toml").write_text("[publish]\nallow_machine = true\n", encoding="utf-8")
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert "np [es]: published (machine notice)" in result.output
    page = (workspace / "public" / "es" / "np.html").read_text(encoding="utf-8")
    assert "Partes de este artículo se han traducido automáticamente" in page
