# Sourced by the other scripts: which virtualenv to use.
# .venv holds the tested versions (constraints.txt); PRESSLATE_LATEST=1 uses .venv-latest,
# where setup installs the newest releases pyproject.toml allows instead.
if [ "${PRESSLATE_LATEST:-0}" = 1 ]; then
  VENV="${PRESSLATE_VENV:-.venv-latest}"
else
  VENV="${PRESSLATE_VENV:-.venv}"
fi
