#!/usr/bin/env bash
# Pull the bundled example articles into the repository's own workspace (catalogs/),
# with stable slugs. CI runs this and fails when catalogs/ is not in sync with examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
P="${PRESSLATE:-$VENV/bin/presslate}"
$P pull examples/scrape-harbour-strike.txt --slug harbour-strike
$P pull examples/html-wildfire.html --slug wildfire-carrow-ridge
$P pull examples/cms-export-elections.json --slug municipales-saint-aubin
$P pull examples/markdown-festival.md --slug festival-lanternes
