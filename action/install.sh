#!/usr/bin/env bash
# The install step of action.yml: the checker in a virtual environment of its own, made with the
# Python that setup-python installed without putting it on the PATH (update-environment: false),
# so the caller's python, pip and PATH are the same after the action as before it.
#
# Environment: PYTHON (setup-python's python-path output), HUBCOMPAT_VENV (where the
# environment goes), REQUIREMENT (the version input: pip requirements, split as a shell line;
# empty: ACTION_PATH, this action's own revision), HUBCOMPAT_PIP_CACHE (pip's cache folder,
# which the cache step restores; empty: pip's default).
set -euo pipefail
# shellcheck source=action/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

python=${PYTHON:?PYTHON is not set: the Python that setup-python installed}
venv=${HUBCOMPAT_VENV:?HUBCOMPAT_VENV is not set: where the environment goes}
if [ -n "${HUBCOMPAT_PIP_CACHE:-}" ]; then
  export PIP_CACHE_DIR=$HUBCOMPAT_PIP_CACHE
fi

if ! split_input "$python" args REQUIREMENT; then
  annotate error "the version input cannot be split: see the message above"
  exit 1
fi
requirements=(${SPLIT[@]+"${SPLIT[@]}"})
if [ "${#requirements[@]}" -eq 0 ]; then
  requirements=("${ACTION_PATH:?ACTION_PATH is not set: the folder of this action}")
fi

"$python" -m venv "$venv"
if ! venv_python=$(venv_exe "$venv" python); then
  annotate error "python -m venv made no python in $venv (bin/ or Scripts/)"
  exit 1
fi
"$venv_python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
if ! hubcompat=$(venv_exe "$venv" hubcompat); then
  annotate error "installing ${requirements[*]} gave no hubcompat program in $venv"
  exit 1
fi
"$hubcompat" --version
