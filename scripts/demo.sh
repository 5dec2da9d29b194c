#!/usr/bin/env bash
# The main job on a bundled example article: set up, pull, translate, export.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
P=.venv/bin/presslate
WS="${1:-out/demo}"
mkdir -p "$WS"
$P -C "$WS" pull examples/scrape-harbour-strike.txt --slug harbour-strike
$P -C "$WS" show harbour-strike
# Export the French edition and its review page (machine text, if any, is shown with a notice;
# entries without any translation fall back to the English source, marked lang="en"). Without a
# French catalog (no translate step ran), the original English edition is exported instead.
if [ -f "$WS/catalogs/fr/LC_MESSAGES/harbour-strike.po" ]; then EDITION=fr; else EDITION=en; fi
$P -C "$WS" export harbour-strike --lang "$EDITION" --fallback machine
$P -C "$WS" review harbour-strike --lang "$EDITION"
echo "demo: open $WS/public/$EDITION/harbour-strike.html and $WS/review/harbour-strike.$EDITION.html"
