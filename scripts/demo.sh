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
