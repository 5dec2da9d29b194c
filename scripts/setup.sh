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
LOG=.venv/setup.log
: > "$LOG"
pip_install() {
  # pip's output goes to .venv/setup.log, shown only when it fails.
  if ! .venv/bin/python -m pip --disable-pip-version-check install "$@" >>"$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "setup: pip install $* failed (log above, also in $LOG)" >&2
    exit 1
  fi
}
pip_install --upgrade pip
# argostranslate -> stanza -> torch: take the CPU build first, so pip does not pull a
# multi-GB CUDA build. Elsewhere set PRESSLATE_TORCH_INDEX=https://download.pytorch.org/whl/cpu
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  if [ -n "${PRESSLATE_TORCH_INDEX:-}" ]; then
    pip_install torch==2.13.0 --index-url "$PRESSLATE_TORCH_INDEX"
  else
    pip_install torch==2.13.0
  fi
fi
pip_install -e ".[mt,dev]" --config-settings editable_mode=compat
.venv/bin/presslate --version
