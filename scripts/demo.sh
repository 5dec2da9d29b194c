#!/usr/bin/env bash
# The main job on a bundled example article, in a fresh workspace (default out/demo):
# set up, pull the article, machine-translate it into French and Spanish with Apertium,
# check the translations, then export the French edition and its review page.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
bash scripts/setup.sh
P="$VENV"/bin/presslate
WS="${1:-out/demo}"
mkdir -p "$WS"
# The workspace's configuration: target languages and the example glossary (names that
# must pass through machine translation untouched).
cat > "$WS/presslate.toml" <<TOML
target_languages = ["fr", "es"]
glossary = "$PWD/glossary.tsv"
TOML
echo "== pull"
$P -C "$WS" pull examples/scrape-harbour-strike.txt --slug harbour-strike
$P -C "$WS" show harbour-strike --included
echo "== translate"
$P -C "$WS" translate harbour-strike
$P -C "$WS" status
echo "== check (machine translations await review: findings are expected)"
$P -C "$WS" check harbour-strike --lang fr || true
echo "== export"
# Nothing is reviewed yet: show the machine translation, with the visible notice.
$P -C "$WS" export harbour-strike --lang fr --fallback machine
$P -C "$WS" export harbour-strike --lang fr --fallback machine --format md
$P -C "$WS" review harbour-strike --lang fr
echo "demo: open $WS/public/fr/harbour-strike.html and $WS/review/harbour-strike.fr.html"
