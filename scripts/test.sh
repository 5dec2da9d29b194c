#!/usr/bin/env bash
# Set everything up, then run the whole test suite, the linters and the
# publishing gate on the repository's own catalogs. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
bash scripts/setup.sh
export PRESSLATE_REQUIRE_SHARED="${PRESSLATE_REQUIRE_SHARED:-1}"
export PRESSLATE_REQUIRE_TOOLS="${PRESSLATE_REQUIRE_TOOLS:-1}"
echo "== ruff"; "$VENV"/bin/ruff check .
echo "== mypy"; "$VENV"/bin/mypy
# The repository's own workspace: catalogs/ must be in sync with examples/ (pulling them
# again changes nothing), then the QA check and the publishing gate must pass on it.
echo "== catalogs/ in sync with examples/"
bash scripts/pull-examples.sh
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git diff --exit-code --stat -- catalogs/ || {
    echo "catalogs/ changed when the examples were pulled again: run scripts/pull-examples.sh and commit" >&2
    exit 1
  }
fi
echo "== presslate check (catalogs/)"; "$VENV"/bin/presslate check
echo "== presslate publish --dry-run (catalogs/)"; "$VENV"/bin/presslate publish --dry-run
# The README's main job, in a throwaway workspace: it must keep working.
echo "== scripts/demo.sh (README quick start)"
rm -rf out/ci-demo
bash scripts/demo.sh out/ci-demo >/dev/null
test -s out/ci-demo/public/fr/harbour-strike.html && test -s out/ci-demo/review/harbour-strike.fr.html
echo "demo: exported article and review page written"
# Last, so that its summary closes the run.
echo "== pytest"; "$VENV"/bin/python -m pytest "$@"
