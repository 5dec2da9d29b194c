#!/usr/bin/env bash
# Write constraints.txt from a virtualenv whose versions passed the tests (default .venv;
# after `PRESSLATE_LATEST=1 bash scripts/test.sh` passes, run it with PRESSLATE_LATEST=1
# to adopt the newest versions). torch stays at the CPU build's plain version.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
{
  sed -n '1,3p' constraints.txt
  echo "pip==$("$VENV/bin/python" -m pip --version | cut -d' ' -f2)"
  "$VENV/bin/python" -m pip freeze --exclude-editable | sed -e 's/^torch==\([0-9.]*\)+cpu$/torch==\1/' \
    | LC_ALL=C sort -f
} > constraints.txt.new
mv constraints.txt.new constraints.txt
git diff --stat -- constraints.txt 2>/dev/null || true
