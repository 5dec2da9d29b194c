#!/usr/bin/env bash
# Set everything up, then run the whole test suite, the linters and the
# publishing gate on the repository's own catalogs. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PRESSLATE_REQUIRE_SHARED="${PRESSLATE_REQUIRE_SHARED:-1}"
export PRESSLATE_REQUIRE_TOOLS="${PRESSLATE_REQUIRE_TOOLS:-1}"
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest "$@"
# The publishing gate on the repository's own catalogs (the bundled example articles).
if compgen -G "catalogs/*.article.json" >/dev/null; then
  echo "== presslate check (catalogs/)"; .venv/bin/presslate check
  echo "== presslate publish --dry-run (catalogs/)"; .venv/bin/presslate publish --dry-run
else
  echo "== gate: no article in catalogs/ yet, nothing to check"
fi
