#!/usr/bin/env bash
# The cache-key step of action.yml: where pip's cache goes and its key, for actions/cache.
# The folder is the action's own (under RUNNER_TEMP), not pip's default, so that it never mixes
# with a cache of the caller's. The key changes with the runner's system and architecture, the
# Python, and what is installed: the version input, or (when it is empty) the action's
# pyproject.toml; an older cache of the same system and Python is restored as a start.
#
# Environment: CACHE (the cache input), PYTHON (setup-python's python-path output),
# REQUIREMENT, ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT.
# Outputs: enabled (true/false), dir, key, restore-key (the last three only when enabled).
set -euo pipefail
# shellcheck source=action/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

enabled=$(boolean cache "${CACHE:-true}")
output enabled "$enabled"
if [ "$enabled" != true ]; then
  exit 0
fi

python_version=unknown
hash=none
while IFS='=' read -r name value; do
  value=${value%$'\r'} # Python's text mode on Windows ends lines with CR LF
  case $name in
    python) python_version=$value ;;
    hash) hash=$value ;;
  esac
done < <(REQUIREMENT=${REQUIREMENT:-} ACTION_PATH=${ACTION_PATH:-} \
  "${PYTHON:?PYTHON is not set: the Python that setup-python installed}" "$ACTION_DIR/inputs.py" cache-key)

prefix="hubcompat-pip-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-py$python_version-"
output dir "${RUNNER_TEMP:?RUNNER_TEMP is not set}/hubcompat-pip-cache"
output key "$prefix$hash"
output restore-key "$prefix"
