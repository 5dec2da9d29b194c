#!/usr/bin/env bash
# Set up presslate on a Debian/Ubuntu machine: Debian packages (Apertium, gettext,
# Chromium), a virtualenv in .venv, torch's CPU build, then presslate with its
# machine-translation and development extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(apertium apertium-fr-es apertium-eng-spa gettext chromium)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
PIP=(.venv/bin/python -m pip -q --disable-pip-version-check)
"${PIP[@]}" install --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
# argostranslate -> stanza -> torch: take the CPU build first, so pip does not pull a
# multi-GB CUDA build. Elsewhere set PRESSLATE_TORCH_INDEX=https://download.pytorch.org/whl/cpu
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  if [ -n "${PRESSLATE_TORCH_INDEX:-}" ]; then
    "${PIP[@]}" install torch==2.13.0 --index-url "$PRESSLATE_TORCH_INDEX" 2>&1 | grep -v "^WARNING: Location" || true
  else
    "${PIP[@]}" install torch==2.13.0 2>&1 | grep -v "^WARNING: Location" || true
  fi
fi
"${PIP[@]}" install -e ".[mt,dev]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/presslate --version
