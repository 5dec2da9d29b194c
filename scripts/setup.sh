#!/usr/bin/env bash
# Set up presslate on a Debian/Ubuntu machine: Debian packages (Apertium, gettext,
# Chromium), a virtualenv in .venv, torch's CPU build, then presslate with its
# machine-translation, Ray and development extras, at the tested versions of constraints.txt.
# PRESSLATE_LATEST=1 installs the newest releases pyproject.toml allows into .venv-latest
# instead (to test against them). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

APT_PACKAGES=(apertium apertium-fr-es apertium-eng-spa apertium-eng-cat apertium-fra-cat gettext chromium)
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
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
LOG="$VENV/setup.log"
: > "$LOG"
if [ "${PRESSLATE_LATEST:-0}" = 1 ]; then
  PINS=(--upgrade --upgrade-strategy eager)
else
  PINS=(-c constraints.txt)
fi
pip_install() {
  # pip's output goes to $VENV/setup.log, shown only when it fails.
  if ! "$VENV/bin/python" -m pip --disable-pip-version-check install "$@" >>"$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "setup: pip install $* failed (log above, also in $LOG)" >&2
    exit 1
  fi
}
pip_install "${PINS[@]}" pip
# argostranslate -> stanza -> torch: take the CPU build first, so pip does not pull a
# multi-GB CUDA build. Elsewhere set PRESSLATE_TORCH_INDEX=https://download.pytorch.org/whl/cpu
if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  if [ -n "${PRESSLATE_TORCH_INDEX:-}" ]; then
    pip_install torch==2.13.0 --index-url "$PRESSLATE_TORCH_INDEX"
  else
    pip_install torch==2.13.0
  fi
fi
pip_install "${PINS[@]}" -e ".[mt,ray,dev]" --config-settings editable_mode=compat
"$VENV/bin/presslate" --version
